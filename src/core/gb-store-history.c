/* gb-store-history.c — a record's history and the audit log, read back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store writes the audit log with every change (gb-store.c); these
 * read it for the History of a record and the log view, apart from the
 * writing so that neither has to be read to follow the other.
 */
#define G_LOG_DOMAIN "gb-store"

#include "config.h"

#include "gb-store-private.h"

void
gb_history_entry_free (GbHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->os_user);
  g_free (entry->table_name);
  g_free (entry->action);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

/* The record's audit trail, newest first. */
/* at, os_user, action, field, old_value, new_value: the first six columns. */
static GbHistoryEntry *
history_entry (GbStmt *stmt)
{
  GbHistoryEntry *e = g_new0 (GbHistoryEntry, 1);

  e->at = g_strdup (gb_stmt_column_text (stmt, 0));
  e->os_user = g_strdup (gb_stmt_column_text (stmt, 1));
  e->action = g_strdup (gb_stmt_column_text (stmt, 2));
  e->field = g_strdup (gb_stmt_column_text (stmt, 3));
  e->old_value = g_strdup (gb_stmt_column_text (stmt, 4));
  e->new_value = g_strdup (gb_stmt_column_text (stmt, 5));
  return e;
}

GPtrArray *
gb_store_history (GbStore  *self,
                  gint64    id,
                  GError  **error)
{
  GbStmt *stmt;
  GPtrArray *entries;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  /* A record an import made has no line of its own: the import's line
   * stands for its records (import_records), unless it was undone. */
  stmt = gb_database_prepare (self->database,
                              "SELECT at, os_user, action, field, old_value, new_value, id FROM audit_log"
                              " WHERE table_name = ?1 AND record_id = ?2"
                              " UNION ALL"
                              " SELECT a.at, a.os_user, 'import', NULL, NULL, a.new_value, a.id"
                              " FROM imports i"
                              " JOIN import_records r ON r.import_id = i.id AND r.table_name = ?1 AND r.record_id = ?2"
                              " JOIN audit_log a ON a.table_name = 'imports' AND a.record_id = i.id AND a.action = 'insert'"
                              " WHERE i.undone_at IS NULL AND ?1 IN ('members','artisans','events')"
                              " ORDER BY 7 DESC", error);
  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_text_static (stmt, 1, self->entity->table);
  gb_stmt_bind_int64 (stmt, 2, id);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_history_entry_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_ptr_array_add (entries, history_entry (stmt));
  if (!gb_store_rows_done (self, stmt, rc, error))
    {
      g_ptr_array_unref (entries);
      return NULL;
    }
  return entries;
}

/* The newest @limit entries of the whole audit log, for the log view. */
GPtrArray *
gb_audit_log (GbDatabase  *database,
              guint        limit,
              GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT at, os_user, action, field, old_value, new_value, table_name, record_id FROM audit_log"
    " ORDER BY id DESC LIMIT ?", error);
  GPtrArray *entries;
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int (stmt, 1, (int) limit);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_history_entry_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbHistoryEntry *e = history_entry (stmt);

      e->table_name = g_strdup (gb_stmt_column_text (stmt, 6));
      e->record_id = gb_stmt_column_int64 (stmt, 7);
      g_ptr_array_add (entries, e);
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      g_ptr_array_unref (entries);
      return NULL;
    }
  return entries;
}
