/* gb-id-selection.c — a multiple selection over a GbRecordList, by id
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkMultiSelection on GTK 4.8 asks the model for every added item on each
 * items-changed, to carry its selection over; with 100,000 rows that built
 * 100,000 records per keystroke (0.35–0.8 s, see benchmarks/README.md).
 * This model remembers the selected record ids instead: asking whether a
 * row is selected is a hash lookup, no record is built, and a selection
 * survives a new search or sort.
 *
 * It is also the model the view reads, and its items are GbListRow: the
 * row at a position, whose record changes when a search or sort replaces
 * the rows in place. A record there would be the one of the old search,
 * and GTK binds a row again on every click (selection-changed): the row
 * would show, and the form would open, another person.
 */
#include "gb-id-selection.h"
#include "gb-list-row.h"

struct _GbIdSelection
{
  GObject       parent_instance;

  GbRecordList *list;
  GHashTable   *selected;   /* gint64 id set */
  GHashTable   *rows;       /* position -> GbListRow that someone holds */
};

static void list_model_iface_init (GListModelInterface *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GbIdSelection, gb_id_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GB_TYPE_LIST_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (GB_ID_SELECTION (model)->list));
}

static void row_finalized (gpointer  data,
                           GObject  *where_the_object_was);

/* The row at each position is one object while anyone holds it, so that
 * the rows GTK holds are the rows the model has. */
static gpointer
get_item (GListModel *model,
          guint       position)
{
  GbIdSelection *self = GB_ID_SELECTION (model);
  g_autoptr(GbRecord) record = NULL;
  GbListRow *row;

  if (position >= get_n_items (model))
    return NULL;
  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);
  record = gb_record_list_get_record (self->list, position);
  row = gb_list_row_new (record);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
  g_object_weak_ref (G_OBJECT (row), row_finalized, self);
  return row;
}

static void
row_finalized (gpointer  data,
               GObject  *where_the_object_was)
{
  GbIdSelection *self = data;
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (row == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
forget_row (gpointer key,
            gpointer row,
            gpointer self)
{
  g_object_weak_unref (row, row_finalized, self);
}

/* Moves the rows held after a change of the list's length, and forgets
 * those removed: a position past them gets a row of its own. */
static void
move_rows (GbIdSelection *self,
           guint          position,
           guint          removed,
           guint          added)
{
  g_autoptr(GHashTable) moved = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      guint at = GPOINTER_TO_UINT (key);

      if (at < position)
        continue;
      g_hash_table_iter_steal (&iter);
      if (at < position + removed)
        g_object_weak_unref (row, row_finalized, self);
      else
        g_hash_table_insert (moved, GUINT_TO_POINTER (at - removed + added), row);
    }
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &key, &row))
    g_hash_table_insert (self->rows, key, row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
is_position_selected (GbIdSelection *self,
                      guint          position)
{
  gint64 id = gb_record_list_get_id (self->list, position);

  return id != 0 && g_hash_table_contains (self->selected, &id);
}

static gboolean
is_selected (GtkSelectionModel *model,
             guint              position)
{
  return is_position_selected (GB_ID_SELECTION (model), position);
}

static GtkBitset *
get_selection_in_range (GtkSelectionModel *model,
                        guint              position,
                        guint              n_items)
{
  GbIdSelection *self = GB_ID_SELECTION (model);
  GtkBitset *bitset = gtk_bitset_new_empty ();

  if (g_hash_table_size (self->selected) == 0)
    return bitset;
  for (guint i = position; i < position + n_items; i++)
    if (is_position_selected (self, i))
      gtk_bitset_add (bitset, i);
  return bitset;
}

static void
add_position (GbIdSelection *self,
              guint          position)
{
  gint64 id = gb_record_list_get_id (self->list, position);

  if (id != 0)
    g_hash_table_add (self->selected, g_memdup2 (&id, sizeof id));
}

static gboolean
set_selection (GtkSelectionModel *model,
               GtkBitset         *selected,
               GtkBitset         *mask)
{
  GbIdSelection *self = GB_ID_SELECTION (model);
  guint n = get_n_items (G_LIST_MODEL (self));
  g_autoptr(GtkBitset) changed = gtk_bitset_new_empty ();
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, mask, &position); ok && position < n;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gboolean want = gtk_bitset_contains (selected, position);
      gint64 id = gb_record_list_get_id (self->list, position);

      if (want == is_position_selected (self, position))
        continue;
      if (want)
        add_position (self, position);
      else
        g_hash_table_remove (self->selected, &id);
      gtk_bitset_add (changed, position);
    }

  if (!gtk_bitset_is_empty (changed))
    {
      guint first = gtk_bitset_get_minimum (changed);
      guint last = gtk_bitset_get_maximum (changed);
      gtk_selection_model_selection_changed (model, first, last - first + 1);
    }
  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->get_selection_in_range = get_selection_in_range;
  iface->set_selection = set_selection;
}

/* Ids that are selected but no longer in the list (a new search) stay
 * selected: they come back selected when the search is cleared. Actions
 * act on what is shown, through gb_id_selection_get_ids(). */
static void
items_changed_cb (GListModel    *list,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GbIdSelection *self)
{
  move_rows (self, position, removed, added);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* The rows now hold other records: their selected state changes with them. */
static void
rows_replaced_cb (GbRecordList  *list,
                  guint          position,
                  guint          n,
                  GbIdSelection *self)
{
  GHashTableIter iter;
  gpointer key, row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      guint at = GPOINTER_TO_UINT (key);

      if (at >= position && at < position + n)
        {
          g_autoptr(GbRecord) record = gb_record_list_get_record (self->list, at);

          gb_list_row_set_record (row, record);
        }
    }
  if (g_hash_table_size (self->selected) > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, n);
}

/* Forgets every selected id, shown or not. */
void
gb_id_selection_clear (GbIdSelection *self)
{
  guint n = get_n_items (G_LIST_MODEL (self));

  if (g_hash_table_size (self->selected) == 0)
    return;
  g_hash_table_remove_all (self->selected);
  if (n > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, n);
}

guint
gb_id_selection_get_n_selected (GbIdSelection *self)
{
  g_autoptr(GArray) ids = gb_id_selection_get_ids (self);
  return ids->len;
}

/* The selected ids among the rows shown, in list order. */
GArray *
gb_id_selection_get_ids (GbIdSelection *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = get_n_items (G_LIST_MODEL (self));

  if (g_hash_table_size (self->selected) == 0)
    return ids;
  for (guint i = 0; i < n; i++)
    if (is_position_selected (self, i))
      {
        gint64 id = gb_record_list_get_id (self->list, i);
        g_array_append_val (ids, id);
      }
  return ids;
}

static void
gb_id_selection_dispose (GObject *object)
{
  GbIdSelection *self = GB_ID_SELECTION (object);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  if (self->rows != NULL)
    g_hash_table_foreach (self->rows, forget_row, self);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (gb_id_selection_parent_class)->dispose (object);
}

static void
gb_id_selection_class_init (GbIdSelectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_id_selection_dispose;
}

static void
gb_id_selection_init (GbIdSelection *self)
{
  self->selected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->rows = g_hash_table_new (NULL, NULL);
}

GbIdSelection *
gb_id_selection_new (GbRecordList *list)
{
  GbIdSelection *self = g_object_new (GB_TYPE_ID_SELECTION, NULL);

  self->list = g_object_ref (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect (list, "rows-replaced", G_CALLBACK (rows_replaced_cb), self);
  return self;
}
