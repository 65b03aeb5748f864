/* gb-import-write.c — the checked rows written in one transaction
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every valid row, or nothing: after a backup, on the importer's own
 * connection, with the records' titles and participants, the crafts the
 * file names, the import's record of what it made (for Undo) and one line
 * of the audit log. A large import sets the table's indexes aside while
 * its rows go in (gb_database_set_aside()).
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gb-backup.h"
#include "gb-error.h"
#include "gb-import-private.h"
#include "gb-member.h"
#include "gb-registry.h"

static gboolean
remember_record (GbImport    *self,
                 gint64       import_id,
                 const char  *table,
                 gint64       id,
                 GError     **error)
{
  sqlite3_stmt *stmt = gb_database_prepare (self->database,
                                            "INSERT INTO import_records (import_id, table_name, record_id)"
                                            " VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import_id);
  sqlite3_bind_text (stmt, 2, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);
  return gb_database_step_done (self->database, stmt, error);
}

static gboolean
insert_child (GbImport   *self,
              GbStore    *store,
              GbRecord   *child,
              gint64      import_id,
              GError    **error)
{
  if (!gb_store_insert_batched (store, child, error))
    return FALSE;
  return remember_record (self, import_id, gb_store_get_entity (store)->table,
                          gb_record_get_id (child), error);
}

/* Above this many rows, and when they are at least half as many as the
 * table holds, the table's secondary indexes and its insert trigger stand
 * aside while the rows go in (gb_database_set_aside()), and are rebuilt
 * after: one sort per index instead of a search per row (half the time
 * at 50,000 into an empty table; but 10,000 into 100,000 insert in a
 * third of the rebuild's time). */
#define BULK_ROWS 5000

/* Records inserted by one call, children after. */
#define BATCH 256

/* Writes the rows in one transaction: every row when none has a problem,
 * or with @valid_only the rows without one; otherwise nothing. Cancelling
 * leaves the database as it was. */
gboolean
gb_import_run (GbImport          *self,
               gboolean           valid_only,
               GbImportProgress   progress,
               gpointer           user_data,
               GCancellable      *cancellable,
               gint64            *import_id,
               guint             *n_imported,
               GError           **error)
{
  guint n = gb_table_get_n_rows (self->table);
  GbStore *store = self->store;
  g_autoptr(GbStore) crafts = NULL;
  g_autoptr(GbStore) titles = NULL;
  g_autoptr(GbStore) participants = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  sqlite3_stmt *stmt;
  guint64 next_number = 0;
  gint64 id, highest = 0, t = 0;
  guint done = 0;
  g_autoptr(GbSetAside) aside = NULL;
  Checker checker = { NULL };
  gboolean streaming, checking = FALSE, writing = TRUE, refused = FALSE;
  g_autofree char *backup = NULL;
  /* craft_key (a key of self->new_crafts) -> id of the craft made */
  g_autoptr(GHashTable) made_crafts = g_hash_table_new (g_str_hash, g_str_equal);

  /* A copy of the file as it was, among the backups, before it changes. */
  if ((backup = gb_backup_make (self->database, NULL, "before-import", error)) == NULL)
    {
      g_prefix_error (error, _("No backup could be made before the import, so nothing was imported: "));
      return FALSE;
    }
  /* From here the file is ours until the commit: the check and the member
   * numbers hold for what is written. */
  if (!gb_database_begin (self->database, error))
    return FALSE;
  /* Checked now unless nothing changed since the last check: the rows are
   * built on other threads while this one writes those already looked
   * at. A problem stops the writing unless only the good rows go in; the
   * check goes on, to name every problem. */
  streaming = !self->checked || self->checked_version != gb_database_get_data_version (self->database);
  if (streaming)
    {
      if (!gb_import_checker_start (self, &checker, gb_import_check_threads (self, n), FALSE, cancellable, error))
        goto fail;
      checking = TRUE;
    }
  if (!streaming && self->problems->len > 0 && !valid_only)
    goto problems;
  /* Members without a number are numbered after the highest in use, in
   * the database or the file. */
  if (self->kind == GB_IMPORT_MEMBERS)
    {
      guint number_column = G_MAXUINT;

      {
        g_autoptr(GbStore) members = gb_store_new (self->database, GB_TYPE_MEMBER);

        next_number = gb_member_highest_number (members, self->number_format);
      }
      for (guint c = 0; c < self->n_columns; c++)
        if (g_strcmp0 (self->mapping[c], "member_no") == 0)
          number_column = c;
      for (guint row = 0; number_column != G_MAXUINT && row < n; row++)
        {
          g_autofree char *number = g_strstrip (g_strdup (gb_table_get_cell (self->table, row, number_column)));

          next_number = MAX (next_number, gb_member_number_serial (self->number_format, number));
        }
      next_number++;
    }

  stmt = gb_database_prepare (self->database,
                              "INSERT INTO imports (kind, file_name, os_user) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, gb_import_kind_name (self->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, g_get_user_name (), -1, SQLITE_TRANSIENT);
  if (!gb_database_step_done (self->database, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (gb_database_get_handle (self->database));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

    g_strlcpy (self->now, text, sizeof self->now);
  }

  crafts = gb_store_new (self->database, GB_TYPE_CRAFT);

  /* The rows written below are those above the highest id now: the write
   * lock is held until the commit. They are remembered in one statement. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", gb_import_kind_name (self->kind));

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      goto fail;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        gb_database_set_error (self->database, sqlite3_errcode (gb_database_get_handle (self->database)), error);
        sqlite3_reset (stmt);
        goto fail;
      }
    highest = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }
  /* The highest id stands for how many the table holds; the rows of the
   * file for those to come, when they are being checked. */
  {
    guint64 rows = streaming ? n : self->n_valid;

    if (rows >= BULK_ROWS && (gint64) rows * 2 >= highest
        && (aside = gb_database_set_aside (self->database, gb_import_kind_name (self->kind), error)) == NULL)
      goto fail;
  }
  titles = gb_store_new (self->database, GB_TYPE_TITLE);
  participants = gb_store_new (self->database, GB_TYPE_PARTICIPANT);
  batch = g_ptr_array_sized_new (BATCH);
  t = g_get_monotonic_time ();
  for (guint row = 0; row <= n; row++)
    {
      Ready *ready = row < n ? &self->ready[row] : NULL;
      gint64 last_id;

      if (row % GB_IMPORT_STEP == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (progress)
            progress (row, n, user_data);
        }
      if (streaming && row < n && row % GB_IMPORT_CHUNK_ROWS == 0)
        {
          gb_import_checker_pass (&checker, row / GB_IMPORT_CHUNK_ROWS);
          writing = valid_only || self->problems->len == 0;
          /* Refused: what waits to be written will not be. */
          if (!writing)
            g_ptr_array_set_size (batch, 0);
        }
      if (ready && ready->values && writing)
        {
          /* Validated by the check, with the database as it is now. A
           * craft the database does not have yet is added with the first
           * row that names it; remembered apart from self->crafts, which
           * the check's threads may be reading. */
          if (ready->craft_key && !g_hash_table_contains (made_crafts, ready->craft_key))
            {
              g_autoptr(GbRecord) craft = g_object_new (GB_TYPE_CRAFT, NULL);

              gb_record_set_text (craft, "name", g_hash_table_lookup (self->new_crafts, ready->craft_key));
              if (!insert_child (self, crafts, craft, id, error))
                goto fail;
              g_hash_table_insert (made_crafts, (gpointer) ready->craft_key,
                                   GSIZE_TO_POINTER ((gsize) gb_record_get_id (craft)));
            }
          if (ready->craft_key)
            gb_store_values_set_int (store, &ready->values, "craft_id",
                                     gb_import_lookup_id (made_crafts, ready->craft_key));
          if (ready->needs_number)
            {
              g_autofree char *number = gb_member_format_number (self->number_format, next_number++);

              gb_store_values_set_text (store, &ready->values, "member_no", number);
            }
          g_ptr_array_add (batch, ready);
        }
      if (batch->len == 0 || (batch->len < BATCH && row < n))
        continue;

      /* A batch in one statement, then its records' titles and participants. */
      {
        GbStoreValues *values[BATCH];
        guint failed = 0;

        for (guint i = 0; i < batch->len; i++)
          values[i] = ((Ready *) batch->pdata[i])->values;
        if (!gb_store_insert_values (store, values, batch->len, &last_id, &failed, error))
          {
            g_prefix_error (error, _("Row %u: "),
                            gb_table_get_number (self->table, (guint) ((Ready *) batch->pdata[failed] - self->ready)));
            goto fail;
          }
      }
      if (last_id - batch->len < highest)   /* cannot be while the write lock is held */
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Row %u: the database gave a used number."),
                       gb_table_get_number (self->table, (guint) ((Ready *) batch->pdata[0] - self->ready)));
          goto fail;
        }
      for (guint b = 0; b < batch->len; b++)
        {
          Extra *extra = &((Ready *) batch->pdata[b])->extra;
          gint64 record_id = last_id - (batch->len - 1 - b);

          /* Written: their memory serves the rows still to be built. */
          g_clear_pointer (&((Ready *) batch->pdata[b])->values, gb_store_values_free);

          if (extra->title_kind)
            {
              g_autoptr(GbRecord) title = g_object_new (GB_TYPE_TITLE, NULL);

              gb_record_set_int (title, "artisan_id", record_id);
              gb_record_set_text (title, "kind", extra->title_kind);
              gb_record_set_text (title, "decision_no", extra->decision_no);
              gb_record_set_text (title, "decision_date", extra->decision_date);
              gb_record_set_text (title, "issuer", extra->issuer);
              if (!insert_child (self, titles, title, id, error))
                goto fail;
            }
          for (guint k = 0; k < 2; k++)
            {
              GArray *ids = k == 0 ? extra->members : extra->artisans;

              for (guint i = 0; ids && i < ids->len; i++)
                {
                  g_autoptr(GbRecord) p = g_object_new (GB_TYPE_PARTICIPANT, NULL);

                  gb_record_set_int (p, "event_id", record_id);
                  gb_record_set_int (p, k == 0 ? "member_id" : "artisan_id", g_array_index (ids, gint64, i));
                  gb_record_set_text (p, "role", "attendee");
                  if (!insert_child (self, participants, p, id, error))
                    goto fail;
                }
            }
        }
      done += batch->len;
      g_ptr_array_set_size (batch, 0);
    }

  g_debug ("write: %u rows %s in %ld ms", done, streaming ? "checked and inserted" : "inserted", gb_import_lap (&t));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  if (checking)
    {
      gb_import_checker_finish (&checker);
      checking = FALSE;
      if (self->problems->len > 0 && !valid_only)
        goto problems;
    }
  if (done == 0)
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_REFUSED, _("No row can be imported; nothing was imported."));
      refused = TRUE;
      goto fail;
    }
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO import_records (import_id, table_name, record_id)"
                                            " SELECT ?, '%s', id FROM %s WHERE id > ? ORDER BY id",
                                            gb_import_kind_name (self->kind), gb_import_kind_name (self->kind));

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, highest);
    if (!gb_database_step_done (self->database, stmt, error))
      goto fail;
  }
  g_debug ("write: the import's records in %ld ms", gb_import_lap (&t));
  if (aside && !gb_database_put_back (self->database, aside, highest, self->now, error))
    goto fail;
  g_debug ("write: status history and indexes in %ld ms", gb_import_lap (&t));
  /* A craft the file names that was in the bin comes back. */
  if (self->kind != GB_IMPORT_EVENTS
      && gb_import_count (self->database, "SELECT count(*) FROM crafts WHERE deleted_at IS NOT NULL", id, NULL) > 0)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE crafts SET deleted_at = NULL, updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now')"
        " WHERE deleted_at IS NOT NULL AND id IN (SELECT t.craft_id FROM %s t JOIN import_records r"
        "   ON r.table_name = '%s' AND r.record_id = t.id WHERE r.import_id = ?)",
        gb_import_kind_name (self->kind), gb_import_kind_name (self->kind));

      if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!gb_database_step_done (self->database, stmt, error))
        goto fail;
    }
  g_debug ("write: crafts back from the bin in %ld ms", gb_import_lap (&t));
  /* The audit trail: each craft, title and participant the import made,
   * then one entry for the import itself (its file). Its records are in
   * import_records, which each record's history reads (gb_store_history),
   * so that 100,000 imported members are one line of the log, not
   * 100,000. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO audit_log (at, os_user, table_name, record_id, action, new_value)"
                                            " SELECT ?3, ?2, r.table_name, r.record_id, 'insert',"
                                            "   (SELECT name FROM crafts WHERE r.table_name = 'crafts' AND id = r.record_id)"
                                            " FROM import_records r WHERE r.import_id = ?1 AND r.table_name <> '%s'",
                                            gb_import_kind_name (self->kind));

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, self->now, -1, SQLITE_STATIC);
    if (!gb_database_step_done (self->database, stmt, error))
      goto fail;
    stmt = gb_database_prepare (self->database,
                                "INSERT INTO audit_log (at, os_user, table_name, record_id, action, new_value)"
                                " VALUES (?3, ?2, 'imports', ?1, 'insert', ?4)", error);
    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, self->now, -1, SQLITE_STATIC);
    if (*self->file_name != '\0')
      sqlite3_bind_text (stmt, 4, g_path_get_basename (self->file_name), -1, g_free);
    if (!gb_database_step_done (self->database, stmt, error))
      goto fail;
  }
  stmt = gb_database_prepare (self->database, "UPDATE imports SET n_records = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, done);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!gb_database_step_done (self->database, stmt, error))
    goto fail;
  g_debug ("write: audit in %ld ms", gb_import_lap (&t));
  if (!gb_database_commit (self->database, error))
    {
      self->loaded = FALSE;
      gb_import_clear_ready (self);
      self->checked = FALSE;
      return FALSE;
    }
  g_debug ("write: committed in %ld ms", gb_import_lap (&t));
  /* Its backup is kept; older ones go by the rule (refused, it would
   * have left the backups as they were). */
  gb_backup_prune (gb_database_get_path (self->database), NULL);
  self->loaded = FALSE;
  gb_import_clear_ready (self);
  self->checked = FALSE;
  if (progress)
    progress (n, n, user_data);
  if (import_id)
    *import_id = id;
  if (n_imported)
    *n_imported = done;
  return TRUE;

problems:
  g_set_error (error, GB_ERROR, GB_ERROR_REFUSED,
               g_dngettext (GETTEXT_PACKAGE, "%u row has a problem; nothing was imported.",
                            "%u rows have problems; nothing was imported.", self->problems->len),
               self->problems->len);
  refused = TRUE;
fail:
  if (checking)
    {
      /* The threads stop; what they built is dropped. */
      g_atomic_int_set (&checker.stop, TRUE);
      gb_import_checker_finish (&checker);
    }
  /* Stopped part of the way: the counts and problems are those of the
   * rows looked at so far, which say nothing of the file. */
  if (streaming && !refused)
    gb_import_check_cancelled (self);
  gb_database_rollback (self->database);
  /* Refused for its rows, as it would have been before any was written:
   * the file is as it was, and so is the list of backups. */
  if (refused)
    g_unlink (backup);
  /* The values may name crafts and numbers of the rolled-back write. */
  self->loaded = FALSE;
  gb_import_clear_ready (self);
  self->checked = FALSE;
  return FALSE;
}
