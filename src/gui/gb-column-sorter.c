/* gb-column-sorter.c — marks a column as sortable by a store field
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists are sorted by the store in SQL, never by GTK. A column still needs
 * a sorter for its header to be clickable, and GTK 4.8 has no public way to
 * ask the column view which column is primary (that came in 4.10). So the
 * column sorters compare nothing, except during a probe: the view's sorter
 * asks its columns in order, the first one asked is the primary, and the
 * sign of the answer tells the direction.
 */
#include "gb-column-sorter.h"

struct _GbColumnSorter
{
  GtkSorter  parent_instance;
  char      *field;
};

G_DEFINE_FINAL_TYPE (GbColumnSorter, gb_column_sorter, GTK_TYPE_SORTER)

static GbColumnSorter *probe_hit;
static gboolean probing;

static GtkOrdering
gb_column_sorter_compare (GtkSorter *sorter,
                          gpointer   a,
                          gpointer   b)
{
  if (probing && probe_hit == NULL)
    {
      probe_hit = GB_COLUMN_SORTER (sorter);
      return GTK_ORDERING_SMALLER;
    }
  return GTK_ORDERING_EQUAL;
}

static GtkSorterOrder
gb_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
gb_column_sorter_finalize (GObject *object)
{
  g_free (GB_COLUMN_SORTER (object)->field);
  G_OBJECT_CLASS (gb_column_sorter_parent_class)->finalize (object);
}

static void
gb_column_sorter_class_init (GbColumnSorterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_column_sorter_finalize;
  GTK_SORTER_CLASS (klass)->compare = gb_column_sorter_compare;
  GTK_SORTER_CLASS (klass)->get_order = gb_column_sorter_get_order;
}

static void
gb_column_sorter_init (GbColumnSorter *self)
{
}

GbColumnSorter *
gb_column_sorter_new (const char *field)
{
  GbColumnSorter *self = g_object_new (GB_TYPE_COLUMN_SORTER, NULL);

  self->field = g_strdup (field);
  return self;
}

const char *
gb_column_sorter_get_field (GbColumnSorter *self)
{
  g_return_val_if_fail (GB_IS_COLUMN_SORTER (self), NULL);
  return self->field;
}

/* The field and direction the user chose by clicking a header; FALSE when
 * no column sorts. */
gboolean
gb_column_view_get_sort (GtkColumnView  *view,
                         const char    **field,
                         gboolean       *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  if (sorter == NULL)
    return FALSE;

  probing = TRUE;
  probe_hit = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  probing = FALSE;

  if (probe_hit == NULL || order == GTK_ORDERING_EQUAL)
    return FALSE;
  *field = probe_hit->field;
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}
