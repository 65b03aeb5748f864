/* gb-database-bulk.c — a table's indexes and insert trigger set aside
 * while many rows go in (an import), and made again after
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"


#include "gb-database.h"
#include "gb-migrations.h"

/* A bulk load of many rows into a table: its secondary indexes and its
 * insert trigger stand aside while the rows go in, and are rebuilt after,
 * one sort per index instead of a search per row. */
struct _GbSetAside
{
  char      *table;
  GPtrArray *sql;     /* CREATE statements to run again */
  gboolean   trigger; /* the insert trigger stood aside */
};

void
gb_set_aside_free (GbSetAside *aside)
{
  if (aside == NULL)
    return;
  g_clear_pointer (&aside->sql, g_ptr_array_unref);
  g_free (aside->table);
  g_free (aside);
}

/* Drops @table's secondary indexes and its insert trigger, inside the
 * caller's transaction; gb_database_put_back() makes them again. */
GbSetAside *
gb_database_set_aside (GbDatabase  *self,
                       const char  *table,
                       GError     **error)
{
  const GbDeferredTrigger *trigger = gb_migrations_find_deferred_trigger (table);
  g_autoptr(GbSetAside) aside = g_new0 (GbSetAside, 1);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  GbStmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);
  g_return_val_if_fail (gb_database_in_transaction (self), NULL);

  aside->table = g_strdup (table);
  aside->sql = g_ptr_array_new_with_free_func (g_free);
  /* PostgreSQL keeps its indexes and triggers through a load: nothing is
   * set aside there, and nothing is caught up after. */
  if (gb_database_is_shared (self))
    return g_steal_pointer (&aside);
  /* Unique indexes stay: they are rules, not only speed. So do the bin's:
   * no newly loaded row is in it. */
  stmt = gb_database_prepare (self,
                              "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ?1 AND sql IS NOT NULL"
                              " AND ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%'"
                              "       AND sql NOT LIKE '%WHERE deleted_at IS NOT NULL')"
                              "      OR (type = 'trigger' AND name = ?2))", error);
  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_text_static (stmt, 1, table);
  gb_stmt_bind_text_static (stmt, 2, trigger ? trigger->trigger : NULL);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      if (g_str_equal (gb_stmt_column_text (stmt, 0), "trigger"))
        aside->trigger = TRUE;
      g_ptr_array_add (aside->sql, g_strdup (gb_stmt_column_text (stmt, 2)));
      g_ptr_array_add (drops, g_strdup_printf ("DROP %s \"%s\"", gb_stmt_column_text (stmt, 0),
                                               gb_stmt_column_text (stmt, 1)));
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (self, rc, error);
      return NULL;
    }
  for (guint i = 0; i < drops->len; i++)
    if (!gb_database_exec (self, drops->pdata[i], error))
      return NULL;
  return g_steal_pointer (&aside);
}

/* What the insert trigger would have done for each row above @highest,
 * stamped @now, then the indexes and the trigger as they were. */
gboolean
gb_database_put_back (GbDatabase  *self,
                      GbSetAside  *aside,
                      gint64       highest,
                      const char  *now,
                      GError     **error)
{
  const GbDeferredTrigger *trigger = gb_migrations_find_deferred_trigger (aside->table);

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);

  if (trigger != NULL && aside->trigger)
    {
      GbStmt *stmt = gb_database_prepare (self, trigger->catch_up, error);

      if (stmt == NULL)
        return FALSE;
      gb_stmt_bind_int64 (stmt, 1, highest);
      gb_stmt_bind_text_static (stmt, 2, now);
      if (!gb_database_step_done (self, stmt, error))
        return FALSE;
    }
  for (guint i = 0; i < aside->sql->len; i++)
    if (!gb_database_exec (self, aside->sql->pdata[i], error))
      return FALSE;
  return TRUE;
}
