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
  GbStmt *stmt = gb_database_prepare (self->database,
                                      "INSERT INTO import_records (import_id, table_name, record_id)"
                                      " VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, import_id);
  gb_stmt_bind_text_static (stmt, 2, table);
  gb_stmt_bind_int64 (stmt, 3, id);
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

/* One import's write, from the start of its transaction to its end. */
typedef struct
{
  GbImport         *self;
  gboolean          valid_only;
  GbImportProgress  progress;
  gpointer          user_data;
  GCancellable     *cancellable;
  guint             n;              /* the file's rows */
  gint64            id;             /* the import's, in imports */
  gint64            highest;        /* the table's highest id before the import */
  guint64           next_number;    /* for the next member without one */
  guint             done;           /* records written */
  gboolean          streaming;      /* the rows are checked while written */
  gboolean          checking;       /* the check's threads are running */
  gboolean          writing;        /* no problem has stopped the writing */
  gboolean          refused;        /* for its rows, not for a failure */
  Checker           checker;
  GbSetAside       *aside;          /* the indexes and trigger set aside, or NULL */
  GbStore          *crafts;
  GbStore          *titles;
  GbStore          *participants;
  GPtrArray        *batch;          /* Ready rows waiting to be inserted */
  GHashTable       *made_crafts;    /* craft_key (a key of new_crafts) -> id of the craft made */
  gint64            t;              /* the phases' times */
} Writer;

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->aside, gb_set_aside_free);
  g_clear_object (&w->crafts);
  g_clear_object (&w->titles);
  g_clear_object (&w->participants);
  g_clear_pointer (&w->batch, g_ptr_array_unref);
  g_clear_pointer (&w->made_crafts, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

/* Refused for its rows: nothing is written when one has a problem, unless
 * only the valid rows were asked for. */
static gboolean
refuse_for_problems (Writer  *w,
                     GError **error)
{
  GbImport *self = w->self;

  g_set_error (error, GB_ERROR, GB_ERROR_REFUSED,
               g_dngettext (GETTEXT_PACKAGE, "%u row has a problem; nothing was imported.",
                            "%u rows have problems; nothing was imported.", self->problems->len),
               self->problems->len);
  w->refused = TRUE;
  return FALSE;
}

/* Checked now unless nothing changed since the last check: the rows are
 * built on other threads while this one writes those already looked at.
 * A problem stops the writing unless only the good rows go in; the check
 * goes on, to name every problem. */
static gboolean
start_check (Writer  *w,
             GError **error)
{
  GbImport *self = w->self;

  w->streaming = !self->checked || self->checked_version != gb_database_get_data_version (self->database);
  if (w->streaming)
    {
      if (!gb_import_checker_start (self, &w->checker, gb_import_check_threads (self, w->n), FALSE,
                                    w->cancellable, error))
        return FALSE;
      w->checking = TRUE;
    }
  else if (self->problems->len > 0 && !w->valid_only)
    return refuse_for_problems (w, error);
  return TRUE;
}

/* Members without a number are numbered after the highest in use, in the
 * database or the file. */
static gboolean
find_next_number (Writer  *w,
                  GError **error)
{
  GbImport *self = w->self;
  g_autoptr(GbStore) members = NULL;
  guint number_column = G_MAXUINT;

  if (self->kind != GB_IMPORT_MEMBERS)
    return TRUE;
  members = gb_store_new (self->database, GB_TYPE_MEMBER);
  w->next_number = gb_member_highest_number (members, self->number_format);
  for (guint c = 0; c < self->n_columns; c++)
    if (g_strcmp0 (self->mapping[c], "member_no") == 0)
      number_column = c;
  for (guint row = 0; number_column != G_MAXUINT && row < w->n; row++)
    {
      g_autofree char *number = g_strstrip (g_strdup (gb_table_get_cell (self->table, row, number_column)));

      w->next_number = MAX (w->next_number, gb_member_number_serial (self->number_format, number));
    }
  w->next_number++;
  return TRUE;
}

/* The import's own record, which Undo and the audit log name, and its
 * time, which every row's stamps share. */
static gboolean
record_import (Writer  *w,
               GError **error)
{
  GbImport *self = w->self;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  GbStmt *stmt = gb_database_prepare (self->database,
                                      "INSERT INTO imports (kind, file_name, os_user) VALUES (?, ?, ?) RETURNING id",
                                      error);
  GbSqlCode rc;

  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_text_static (stmt, 1, gb_import_kind_name (self->kind));
  gb_stmt_bind_text (stmt, 2, self->file_name);
  gb_stmt_bind_text (stmt, 3, gb_database_get_user_name (self->database));
  if ((rc = gb_stmt_step (stmt)) != GB_SQL_ROW)
    {
      gb_database_set_error (self->database, rc, error);
      gb_stmt_reset (stmt);
      return FALSE;
    }
  w->id = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  now = g_date_time_new_now_utc ();
  text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_strlcpy (self->now, text, sizeof self->now);
  return TRUE;
}

/* The rows written below are those above the highest id now: the write
 * lock is held until the commit. They are remembered in one statement. */
static gboolean
find_highest (Writer  *w,
              GError **error)
{
  GbImport *self = w->self;
  const char *table = gb_import_kind_name (self->kind);
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", table);

  w->highest = gb_database_query_int64 (self->database, sql, error);
  return w->highest >= 0;
}

/* The highest id stands for how many the table holds; the rows of the
 * file for those to come, when they are being checked. */
static gboolean
set_aside_for_many (Writer  *w,
                    GError **error)
{
  GbImport *self = w->self;
  guint64 rows = w->streaming ? w->n : self->n_valid;

  if (rows < BULK_ROWS || (gint64) rows * 2 < w->highest)
    return TRUE;
  w->aside = gb_database_set_aside (self->database, gb_import_kind_name (self->kind), error);
  return w->aside != NULL;
}

/* A row ready to be inserted, with what the check could not give it: a
 * craft the database does not have yet (added with the first row that
 * names it, and remembered apart from self->crafts, which the check's
 * threads may be reading), and a member's new number. */
static gboolean
queue_row (Writer  *w,
           Ready   *ready,
           GError **error)
{
  GbImport *self = w->self;

  if (ready->craft_key && !g_hash_table_contains (w->made_crafts, ready->craft_key))
    {
      g_autoptr(GbRecord) craft = g_object_new (GB_TYPE_CRAFT, NULL);

      gb_record_set_text (craft, "name", g_hash_table_lookup (self->new_crafts, ready->craft_key));
      if (!insert_child (self, w->crafts, craft, w->id, error))
        return FALSE;
      g_hash_table_insert (w->made_crafts, (gpointer) ready->craft_key,
                           GSIZE_TO_POINTER ((gsize) gb_record_get_id (craft)));
    }
  if (ready->craft_key)
    gb_store_values_set_int (self->store, &ready->values, "craft_id",
                             gb_import_lookup_id (w->made_crafts, ready->craft_key));
  if (ready->needs_number)
    {
      g_autofree char *number = gb_member_format_number (self->number_format, w->next_number++);

      gb_store_values_set_text (self->store, &ready->values, "member_no", number);
    }
  g_ptr_array_add (w->batch, ready);
  return TRUE;
}

/* An artisan's title and an event's participants, after their record. */
static gboolean
write_children (Writer  *w,
                Extra   *extra,
                gint64   record_id,
                GError **error)
{
  GbImport *self = w->self;

  if (extra->title_kind)
    {
      g_autoptr(GbRecord) title = g_object_new (GB_TYPE_TITLE, NULL);

      gb_record_set_int (title, "artisan_id", record_id);
      gb_record_set_text (title, "kind", extra->title_kind);
      gb_record_set_text (title, "decision_no", extra->decision_no);
      gb_record_set_text (title, "decision_date", extra->decision_date);
      gb_record_set_text (title, "issuer", extra->issuer);
      if (!insert_child (self, w->titles, title, w->id, error))
        return FALSE;
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
          if (!insert_child (self, w->participants, p, w->id, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The rows of the batch in one statement, then their records' titles and
 * participants. */
static gboolean
write_batch (Writer  *w,
             GError **error)
{
  GbImport *self = w->self;
  GPtrArray *batch = w->batch;
  GbStoreValues *values[BATCH];
  guint failed = 0;
  gint64 last_id;

  for (guint i = 0; i < batch->len; i++)
    values[i] = ((Ready *) batch->pdata[i])->values;
  if (!gb_store_insert_values (self->store, values, batch->len, &last_id, &failed, error))
    {
      g_prefix_error (error, _("Row %u: "),
                      gb_table_get_number (self->table, (guint) ((Ready *) batch->pdata[failed] - self->ready)));
      return FALSE;
    }
  if (last_id - batch->len < w->highest)   /* cannot be while the write lock is held */
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Row %u: the database gave a used number."),
                   gb_table_get_number (self->table, (guint) ((Ready *) batch->pdata[0] - self->ready)));
      return FALSE;
    }
  for (guint b = 0; b < batch->len; b++)
    {
      Ready *ready = batch->pdata[b];

      /* Written: their memory serves the rows still to be built. */
      g_clear_pointer (&ready->values, gb_store_values_free);
      if (!write_children (w, &ready->extra, last_id - (batch->len - 1 - b), error))
        return FALSE;
    }
  w->done += batch->len;
  g_ptr_array_set_size (batch, 0);
  return TRUE;
}

/* Every valid row, a batch at a time; while the rows are checked, each
 * chunk once the check's pass is through it. */
static gboolean
write_rows (Writer  *w,
            GError **error)
{
  GbImport *self = w->self;

  w->crafts = gb_store_new (self->database, GB_TYPE_CRAFT);
  w->titles = gb_store_new (self->database, GB_TYPE_TITLE);
  w->participants = gb_store_new (self->database, GB_TYPE_PARTICIPANT);
  w->batch = g_ptr_array_sized_new (BATCH);
  w->t = g_get_monotonic_time ();
  for (guint row = 0; row <= w->n; row++)
    {
      Ready *ready = row < w->n ? &self->ready[row] : NULL;

      if (row % GB_IMPORT_STEP == 0)
        {
          if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
            return FALSE;
          if (w->progress)
            w->progress (row, w->n, w->user_data);
        }
      if (w->streaming && row < w->n && row % GB_IMPORT_CHUNK_ROWS == 0)
        {
          gb_import_checker_pass (&w->checker, row / GB_IMPORT_CHUNK_ROWS);
          w->writing = w->valid_only || self->problems->len == 0;
          /* Refused: what waits to be written will not be. */
          if (!w->writing)
            g_ptr_array_set_size (w->batch, 0);
        }
      /* Validated by the check, with the database as it is now. */
      if (ready && ready->values && w->writing && !queue_row (w, ready, error))
        return FALSE;
      if (w->batch->len == 0 || (w->batch->len < BATCH && row < w->n))
        continue;
      if (!write_batch (w, error))
        return FALSE;
    }
  g_debug ("write: %u rows %s in %ld ms", w->done, w->streaming ? "checked and inserted" : "inserted",
           gb_import_lap (&w->t));
  return TRUE;
}

/* The check's last word: its threads are done, and a problem refuses the
 * import unless only the valid rows were asked for. */
static gboolean
finish_check (Writer  *w,
              GError **error)
{
  GbImport *self = w->self;

  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;
  if (w->checking)
    {
      gb_import_checker_finish (&w->checker);
      w->checking = FALSE;
      if (self->problems->len > 0 && !w->valid_only)
        return refuse_for_problems (w, error);
    }
  if (w->done == 0)
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_REFUSED, _("No row can be imported; nothing was imported."));
      w->refused = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* The records the import made, for Undo: those above the highest id. */
static gboolean
remember_records (Writer  *w,
                  GError **error)
{
  GbImport *self = w->self;
  const char *table = gb_import_kind_name (self->kind);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO import_records (import_id, table_name, record_id)"
                                          " SELECT ?, '%s', id FROM %s WHERE id > ? ORDER BY id",
                                          table, table);
  GbStmt *stmt = gb_database_prepare (self->database, sql, error);

  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, w->id);
  gb_stmt_bind_int64 (stmt, 2, w->highest);
  if (!gb_database_step_done (self->database, stmt, error))
    return FALSE;
  g_debug ("write: the import's records in %ld ms", gb_import_lap (&w->t));
  return TRUE;
}

static gboolean
put_back (Writer  *w,
          GError **error)
{
  GbImport *self = w->self;

  if (w->aside && !gb_database_put_back (self->database, w->aside, w->highest, self->now, error))
    return FALSE;
  g_debug ("write: status history and indexes in %ld ms", gb_import_lap (&w->t));
  return TRUE;
}

/* A craft the file names that was in the bin comes back. */
static gboolean
restore_crafts (Writer  *w,
                GError **error)
{
  GbImport *self = w->self;
  const char *table = gb_import_kind_name (self->kind);

  if (self->kind != GB_IMPORT_EVENTS
      && gb_import_count (self->database, "SELECT count(*) FROM crafts WHERE deleted_at IS NOT NULL",
                          w->id, NULL) > 0)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE crafts SET deleted_at = NULL, updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now')"
        " WHERE deleted_at IS NOT NULL AND id IN (SELECT t.craft_id FROM %s t JOIN import_records r"
        "   ON r.table_name = '%s' AND r.record_id = t.id WHERE r.import_id = ?)",
        table, table);
      GbStmt *stmt = gb_database_prepare (self->database, sql, error);

      if (stmt == NULL)
        return FALSE;
      gb_stmt_bind_int64 (stmt, 1, w->id);
      if (!gb_database_step_done (self->database, stmt, error))
        return FALSE;
    }
  g_debug ("write: crafts back from the bin in %ld ms", gb_import_lap (&w->t));
  return TRUE;
}

/* The audit trail: each craft, title and participant the import made,
 * then one entry for the import itself (its file). Its records are in
 * import_records, which each record's history reads (gb_store_history),
 * so that 100,000 imported members are one line of the log, not
 * 100,000. Then the import's count of what it made. */
static gboolean
write_audit (Writer  *w,
             GError **error)
{
  GbImport *self = w->self;
  g_autofree char *basename = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO audit_log (at, os_user, table_name, record_id, action, new_value)"
    " SELECT ?3, ?2, r.table_name, r.record_id, 'insert',"
    "   (SELECT name FROM crafts WHERE r.table_name = 'crafts' AND id = r.record_id)"
    " FROM import_records r WHERE r.import_id = ?1 AND r.table_name <> '%s'",
    gb_import_kind_name (self->kind));
  GbStmt *stmt;

  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, w->id);
  gb_stmt_bind_text (stmt, 2, gb_database_get_user_name (self->database));
  gb_stmt_bind_text_static (stmt, 3, self->now);
  if (!gb_database_step_done (self->database, stmt, error))
    return FALSE;
  stmt = gb_database_prepare (self->database,
                              "INSERT INTO audit_log (at, os_user, table_name, record_id, action, new_value)"
                              " VALUES (?3, ?2, 'imports', ?1, 'insert', ?4)", error);
  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, w->id);
  gb_stmt_bind_text (stmt, 2, gb_database_get_user_name (self->database));
  gb_stmt_bind_text_static (stmt, 3, self->now);
  if (*self->file_name != '\0')
    gb_stmt_bind_text (stmt, 4, basename = g_path_get_basename (self->file_name));
  if (!gb_database_step_done (self->database, stmt, error))
    return FALSE;
  stmt = gb_database_prepare (self->database, "UPDATE imports SET n_records = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, w->done);
  gb_stmt_bind_int64 (stmt, 2, w->id);
  if (!gb_database_step_done (self->database, stmt, error))
    return FALSE;
  g_debug ("write: audit in %ld ms", gb_import_lap (&w->t));
  return TRUE;
}

/* The write's steps, in order, inside its transaction; the first to fail
 * ends it. */
static gboolean (*const steps[]) (Writer *, GError **) = {
  start_check,
  find_next_number,
  record_import,
  find_highest,
  set_aside_for_many,
  write_rows,
  finish_check,
  remember_records,
  put_back,
  restore_crafts,
  write_audit,
};

/* Given up: the check's threads stop and what they built is dropped, and
 * the file is as it was. */
static void
abandon (Writer     *w,
         const char *backup)
{
  GbImport *self = w->self;

  if (w->checking)
    {
      g_atomic_int_set (&w->checker.stop, TRUE);
      gb_import_checker_finish (&w->checker);
      w->checking = FALSE;
    }
  /* Stopped part of the way: the counts and problems are those of the
   * rows looked at so far, which say nothing of the file. */
  if (w->streaming && !w->refused)
    gb_import_check_cancelled (self);
  gb_database_rollback (self->database);
  /* Refused for its rows, as it would have been before any was written:
   * the file is as it was, and so is the list of backups. */
  if (w->refused && backup != NULL)
    g_unlink (backup);
}

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
  g_auto(Writer) w = {
    .self = self,
    .valid_only = valid_only,
    .progress = progress,
    .user_data = user_data,
    .cancellable = cancellable,
    .n = gb_table_get_n_rows (self->table),
    .writing = TRUE,
    .made_crafts = g_hash_table_new (g_str_hash, g_str_equal),
  };
  g_autofree char *backup = NULL;
  gboolean ok = TRUE;

  /* A copy of the file as it was, among the backups, before it changes;
   * a shared database is kept by its server's backups and by Undo. */
  if (!gb_database_is_shared (self->database)
      && (backup = gb_backup_make (self->database, NULL, "before-import", error)) == NULL)
    {
      g_prefix_error (error, _("No backup could be made before the import, so nothing was imported: "));
      return FALSE;
    }
  /* From here the file is ours until the commit: the check and the member
   * numbers hold for what is written. */
  if (!gb_database_begin (self->database, error))
    return FALSE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (steps); i++)
    ok = steps[i] (&w, error);
  if (!ok)
    abandon (&w, backup);
  else if ((ok = gb_database_commit (self->database, error)))
    {
      g_debug ("write: committed in %ld ms", gb_import_lap (&w.t));
      /* Its backup is kept; older ones go by the rule (refused, it would
       * have left the backups as they were). */
      if (backup != NULL)
        gb_backup_prune (gb_database_get_path (self->database), NULL);
    }
  /* Written or not, the values may name crafts and numbers of a write
   * that is over: the next check starts afresh. */
  self->loaded = FALSE;
  gb_import_clear_ready (self);
  self->checked = FALSE;
  if (!ok)
    return FALSE;
  if (progress)
    progress (w.n, w.n, user_data);
  if (import_id)
    *import_id = w.id;
  if (n_imported)
    *n_imported = w.done;
  return TRUE;
}
