/* gb-query.c — what a list asks of a store: search, filters, order, page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-query.h"

struct _GbQuery
{
  char          *search;
  GPtrArray     *filters;    /* name, value, name, value … */
  char          *sort_field;
  gboolean       descending;
  GbDeletedMode  deleted;
  gint64         offset;
  gint64         limit;      /* -1: no limit */
};

G_DEFINE_BOXED_TYPE (GbQuery, gb_query, gb_query_copy, gb_query_free)

GbQuery *
gb_query_new (void)
{
  GbQuery *self = g_new0 (GbQuery, 1);

  self->filters = g_ptr_array_new_with_free_func (g_free);
  self->limit = -1;
  return self;
}

GbQuery *
gb_query_copy (const GbQuery *self)
{
  GbQuery *copy = gb_query_new ();

  copy->search = g_strdup (self->search);
  for (guint i = 0; i < self->filters->len; i++)
    g_ptr_array_add (copy->filters, g_strdup (g_ptr_array_index (self->filters, i)));
  copy->sort_field = g_strdup (self->sort_field);
  copy->descending = self->descending;
  copy->deleted = self->deleted;
  copy->offset = self->offset;
  copy->limit = self->limit;
  return copy;
}

void
gb_query_free (GbQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->search);
  g_ptr_array_unref (self->filters);
  g_free (self->sort_field);
  g_free (self);
}

void
gb_query_set_search (GbQuery    *self,
                     const char *text)
{
  g_free (self->search);
  self->search = g_strdup (text);
}

const char *
gb_query_get_search (const GbQuery *self)
{
  return self->search;
}

void
gb_query_add_filter (GbQuery    *self,
                     const char *name,
                     const char *value)
{
  g_return_if_fail (name != NULL && value != NULL);
  g_ptr_array_add (self->filters, g_strdup (name));
  g_ptr_array_add (self->filters, g_strdup (value));
}

guint
gb_query_get_n_filters (const GbQuery *self)
{
  return self->filters->len / 2;
}

void
gb_query_get_filter (const GbQuery  *self,
                     guint           i,
                     const char    **name,
                     const char    **value)
{
  *name = g_ptr_array_index (self->filters, 2 * i);
  *value = g_ptr_array_index (self->filters, 2 * i + 1);
}

void
gb_query_set_sort (GbQuery    *self,
                   const char *field,
                   gboolean    descending)
{
  g_free (self->sort_field);
  self->sort_field = g_strdup (field);
  self->descending = descending;
}

const char *
gb_query_get_sort_field (const GbQuery *self)
{
  return self->sort_field;
}

gboolean
gb_query_get_descending (const GbQuery *self)
{
  return self->descending;
}

void
gb_query_set_deleted (GbQuery       *self,
                      GbDeletedMode  mode)
{
  self->deleted = mode;
}

GbDeletedMode
gb_query_get_deleted (const GbQuery *self)
{
  return self->deleted;
}

void
gb_query_set_range (GbQuery *self,
                    gint64   offset,
                    gint64   limit)
{
  self->offset = MAX (offset, 0);
  self->limit = limit;
}

gint64
gb_query_get_offset (const GbQuery *self)
{
  return self->offset;
}

gint64
gb_query_get_limit (const GbQuery *self)
{
  return self->limit;
}
