/* gb-store-private.h — what the files of GbStore share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbStore is one object kept in four files, each about one kind of work:
 * writing records (gb-store.c), the values an import computes ahead
 * (gb-store-values.c), queries and lists (gb-store-query.c) and reading
 * the audit log (gb-store-history.c). This header is for those files
 * only: gb-store.h stays the whole interface, the one a PostgreSQL
 * backend would implement.
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

/* Rows in one INSERT of gb_store_insert_values(): a statement's start and
 * end cost more than binding a row, at 100,000 rows a third of the time. */
#define GB_STORE_VALUES_BATCH 64

struct _GbStore
{
  GObject          parent_instance;

  GbDatabase      *database;
  GType            record_type;
  const GbEntity  *entity;

  char            *sql_insert;
  char            *sql_insert_many;  /* GB_STORE_VALUES_BATCH rows at once */
  guint            n_params;         /* of one row */
  char            *sql_update;
  char            *sql_select;     /* up to FROM … t, no WHERE */
  char            *sql_serial;
};

/* Whether @field is a column of the table, not an expression over others. */
static inline gboolean
gb_store_field_is_stored (const GbField *field)
{
  return !(field->flags & GB_FIELD_COMPUTED);
}

GbRecord      *gb_store_record_from_row (GbStore                 *self,
                                         GbStmt                  *stmt);
gboolean       gb_store_rows_done       (GbStore                 *self,
                                         GbStmt                  *stmt,
                                         int                      rc,
                                         GError                 **error);
const GbField *gb_store_unique_field    (GbStore                 *self,
                                         GError                 **error);
void           gb_store_bind_values     (GbStmt                  *stmt,
                                         guint                    first,
                                         const GbStoreValues     *values,
                                         gboolean                 copy);

G_END_DECLS
