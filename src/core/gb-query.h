/* gb-query.h — what a list asks of a store: search, filters, order, page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  GB_DELETED_HIDE,   /* the live records (the default) */
  GB_DELETED_ONLY,   /* the bin */
  GB_DELETED_ALL,
} GbDeletedMode;

typedef struct _GbQuery GbQuery;

#define GB_TYPE_QUERY (gb_query_get_type ())

GType        gb_query_get_type       (void) G_GNUC_CONST;
GbQuery     *gb_query_new            (void);
GbQuery     *gb_query_copy           (const GbQuery *self);
void         gb_query_free           (GbQuery       *self);
void         gb_query_set_search     (GbQuery       *self,
                                      const char    *text);
const char  *gb_query_get_search     (const GbQuery *self);
void         gb_query_add_filter     (GbQuery       *self,
                                      const char    *name,
                                      const char    *value);
guint        gb_query_get_n_filters  (const GbQuery *self);
void         gb_query_get_filter     (const GbQuery *self,
                                      guint          i,
                                      const char   **name,
                                      const char   **value);
void         gb_query_set_sort       (GbQuery       *self,
                                      const char    *field,
                                      gboolean       descending);
const char  *gb_query_get_sort_field (const GbQuery *self);
gboolean     gb_query_get_descending (const GbQuery *self);
void         gb_query_set_deleted    (GbQuery       *self,
                                      GbDeletedMode  mode);
GbDeletedMode gb_query_get_deleted   (const GbQuery *self);
void         gb_query_set_range      (GbQuery       *self,
                                      gint64         offset,
                                      gint64         limit);
gint64       gb_query_get_offset     (const GbQuery *self);
gint64       gb_query_get_limit      (const GbQuery *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbQuery, gb_query_free)

G_END_DECLS
