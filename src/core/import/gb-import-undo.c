/* gb-import-undo.c — an import taken back whole
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each import is remembered with every record it made (imports,
 * import_records), so that Undo removes exactly them, in one transaction,
 * and only while nothing staff did since hangs on them.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-import-private.h"

/* The last import not undone (on a shared database, the login's own), or 0. */
gint64
gb_import_last (GbDatabase *database)
{
  /* On a shared database, the login's own (each seat logs in as its
   * user): another user's import since is theirs to take back, and this
   * one may not even know of it. A file is one seat's. */
  gboolean shared = gb_database_is_shared (database);
  GbStmt *stmt = gb_database_prepare (database, shared
                                      ? "SELECT max(id) FROM imports WHERE undone_at IS NULL AND os_user = ?"
                                      : "SELECT max(id) FROM imports WHERE undone_at IS NULL", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  if (shared)
    gb_stmt_bind_text (stmt, 1, gb_database_get_user_name (database));
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    id = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  return id;
}

/* What import @import_id was: its kind, file, how many records it made
 * and when (ISO, UTC). FALSE when there is no such import. */
gboolean
gb_import_describe (GbDatabase    *database,
                    gint64         import_id,
                    GbImportKind  *kind,
                    char         **file_name,
                    guint         *n_records,
                    char         **created_at)
{
  GbStmt *stmt = gb_database_prepare (database,
                                      "SELECT kind, file_name, n_records, created_at FROM imports WHERE id = ?",
                                      NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, import_id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW
      && gb_import_kind_from_name (gb_stmt_column_text (stmt, 0), kind))
    {
      *file_name = g_strdup (gb_stmt_column_text (stmt, 1));
      *n_records = (guint) gb_stmt_column_int64 (stmt, 2);
      *created_at = g_strdup (gb_stmt_column_text (stmt, 3));
      found = TRUE;
    }
  gb_stmt_reset (stmt);
  return found;
}

/* Removes what import @import_id made, in one transaction. Refused when
 * staff have since changed those records or written anything that hangs
 * on them (dues, papers, entries in a contest …): undoing would take that
 * work away too. */
gboolean
gb_import_undo (GbDatabase  *database,
                gint64       import_id,
                guint       *n_removed,
                GError     **error)
{
  static const char *const deletes[] = {
    "DELETE FROM participants WHERE id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'participants')",
    "DELETE FROM titles WHERE id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'titles')",
    "DELETE FROM events WHERE id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'events')",
    "DELETE FROM artisans WHERE id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'artisans')",
    "DELETE FROM members WHERE id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members')",
    "DELETE FROM crafts WHERE id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'crafts')"
    " AND id NOT IN (SELECT craft_id FROM members WHERE craft_id IS NOT NULL)"
    " AND id NOT IN (SELECT craft_id FROM artisans WHERE craft_id IS NOT NULL)"
    " AND id NOT IN (SELECT craft_id FROM member_crafts)",
  };
  /* Changes since the import: after its own entry in the log (or, for an
   * import made before it had one, after its record's "insert"). An id
   * may have been used by an earlier record, deleted for good, whose
   * history stays. */
  static const char changed_sql[] =
    "SELECT count(*) FROM import_records r JOIN audit_log a"
    "  ON a.table_name = r.table_name AND a.record_id = r.record_id AND a.action <> 'insert'"
    " WHERE r.import_id = ?1"
    "   AND a.id > coalesce((SELECT s.id FROM audit_log s WHERE s.table_name = 'imports' AND s.record_id = ?1"
    "                        AND s.action = 'insert'),"
    "                       (SELECT max(x.id) FROM audit_log x WHERE x.table_name = r.table_name"
    "                        AND x.record_id = r.record_id AND x.action = 'insert'))";
  static const char hanging_sql[] =
    "SELECT (SELECT count(*) FROM dues WHERE member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members'))"
    " + (SELECT count(*) FROM certificates WHERE artisan_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'artisans')"
    "      OR member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members'))"
    " + (SELECT count(*) FROM contest_entries WHERE event_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'events')"
    "      OR artisan_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'artisans')"
    "      OR member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members'))"
    " + (SELECT count(*) FROM donations WHERE event_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'events')"
    "      OR member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members'))"
    " + (SELECT count(*) FROM participants p WHERE (p.event_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'events')"
    "      OR p.member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members')"
    "      OR p.artisan_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'artisans'))"
    "      AND p.id NOT IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'participants'))"
    " + (SELECT count(*) FROM artisans WHERE member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members')"
    "      AND id NOT IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'artisans'))"
    " + (SELECT count(*) FROM titles WHERE artisan_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'artisans')"
    "      AND id NOT IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'titles'))"
    " + (SELECT count(*) FROM contest_judges WHERE event_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'events'))"
    " + (SELECT count(*) FROM contest_criteria WHERE event_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'events'))"
    " + (SELECT count(*) FROM certificates WHERE title_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'titles'))"
    /* Crafts or status lines staff added to the imported members since. */
    " + (SELECT count(*) FROM member_crafts WHERE member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members'))"
    " + (SELECT count(*) FROM member_status_history WHERE member_id IN (SELECT record_id FROM import_records WHERE import_id = ?1 AND table_name = 'members'))"
    " - (SELECT count(*) FROM import_records WHERE import_id = ?1 AND table_name = 'members'"
    "      AND record_id IN (SELECT member_id FROM member_status_history))";
  GbStmt *stmt;
  gint64 n, changed, hanging;
  guint removed = 0;
  int state = -1;

  if (!gb_database_begin (database, error))
    return FALSE;
  stmt = gb_database_prepare (database, "SELECT undone_at IS NOT NULL FROM imports WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  gb_stmt_bind_int64 (stmt, 1, import_id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    state = gb_stmt_column_int (stmt, 0);
  gb_stmt_reset (stmt);
  if (state != 0)
    {
      g_set_error (error, GB_ERROR, state < 0 ? GB_ERROR_NOT_FOUND : GB_ERROR_INVALID,
                   state < 0 ? _("There is no import %lld.") : _("Import %lld was already undone."),
                   (long long) import_id);
      goto fail;
    }
  if ((changed = gb_import_count (database, changed_sql, import_id, error)) < 0
      || (hanging = gb_import_count (database, hanging_sql, import_id, error)) < 0)
    goto fail;
  if (changed > 0 || hanging > 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Import %lld cannot be undone: its records were changed or added to since "
                     "(%lld changes). Delete the records you no longer want instead."),
                   (long long) import_id, (long long) (changed + hanging));
      goto fail;
    }
  if ((n = gb_import_count (database, "SELECT count(*) FROM import_records WHERE import_id = ?1"
                            " AND table_name IN ('members','artisans','events')", import_id, error)) < 0)
    goto fail;
  removed = (guint) n;


  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      if ((stmt = gb_database_prepare (database, deletes[i], error)) == NULL)
        goto fail;
      gb_stmt_bind_int64 (stmt, 1, import_id);
      if (!gb_database_step_done (database, stmt, error))
        goto fail;
    }
  stmt = gb_database_prepare (database, "UPDATE imports SET undone_at = " "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                                        ", updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  gb_stmt_bind_int64 (stmt, 1, import_id);
  if (!gb_database_step_done (database, stmt, error))
    goto fail;
  /* One line of the log for the whole undo, as for the import: its
   * records are those of import_records. */
  stmt = gb_database_prepare (database,
                              "INSERT INTO audit_log (os_user, table_name, record_id, action, field, new_value)"
                              " SELECT ?2, 'imports', id, 'update', 'undone_at', undone_at FROM imports WHERE id = ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  gb_stmt_bind_int64 (stmt, 1, import_id);
  gb_stmt_bind_text (stmt, 2, gb_database_get_user_name (database));
  if (!gb_database_step_done (database, stmt, error))
    goto fail;
  if (!gb_database_commit (database, error))
    return FALSE;
  if (n_removed)
    *n_removed = removed;
  return TRUE;

fail:
  gb_database_rollback (database);
  return FALSE;
}
