/* gb-import-async.c — an import for a caller that must not wait
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a workbook, checking 100,000 rows, writing them and taking an
 * import back each take seconds: the import window runs them on a worker
 * thread (GTask) and hears back on its own main context. The calls behind
 * them are the ones the command line makes synchronously.
 *
 * A GbImport is not shared between threads: while its check or its run
 * is under way, the caller leaves it alone and frees it only once told
 * the result. The progress of a check or a run is reported from the
 * worker thread, as by the synchronous calls: a caller keeps it to
 * storing the figures, and reads them on its own thread.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <string.h>

#include "gb-import-file.h"
#include "gb-import.h"

/* Whether @result is the answer of the _async function @tag. */
static gboolean
answer_of (GAsyncResult *result,
           gpointer      tag)
{
  return g_task_is_valid (result, NULL) && g_task_get_source_tag (G_TASK (result)) == tag;
}

static GTask *
new_task (gpointer             tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  return task;
}

/* Reading the file -------------------------------------------------------- */

typedef struct
{
  char             *path;
  char             *sheet;
  int               encoding;
  GbImportFileInfo  info;
  GbTable          *table;
} ReadWork;

static void
read_work_free (ReadWork *work)
{
  g_free (work->path);
  g_free (work->sheet);
  gb_import_file_info_clear (&work->info);
  g_clear_pointer (&work->table, gb_table_free);
  g_free (work);
}

static void
read_run (GTask        *task,
          gpointer      source,
          gpointer      data,
          GCancellable *cancellable)
{
  ReadWork *work = data;
  GError *error = NULL;

  work->table = gb_import_read_file (work->path, work->sheet, work->encoding, &work->info, cancellable,
                                     &error);
  if (work->table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* gb_import_read_file() on a worker thread. */
void
gb_import_read_file_async (const char          *path,
                           const char          *sheet,
                           int                  encoding,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadWork *work;

  g_return_if_fail (path != NULL);

  work = g_new0 (ReadWork, 1);
  work->path = g_strdup (path);
  work->sheet = g_strdup (sheet);
  work->encoding = encoding;
  task = new_task (gb_import_read_file_async, cancellable, callback, user_data);
  g_task_set_task_data (task, work, (GDestroyNotify) read_work_free);
  g_task_run_in_thread (task, read_run);
}

/* The table read, with what was found of the file in @info (cleared
 * first; clear it after); NULL with @error set. */
GbTable *
gb_import_read_file_finish (GAsyncResult      *result,
                            GbImportFileInfo  *info,
                            GError           **error)
{
  ReadWork *work;

  g_return_val_if_fail (answer_of (result, gb_import_read_file_async), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  work = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  gb_import_file_info_clear (info);
  *info = work->info;
  memset (&work->info, 0, sizeof work->info);
  return g_steal_pointer (&work->table);
}

/* Checking and importing -------------------------------------------------- */

typedef struct
{
  GbImport         *import;      /* the caller's, lent */
  gboolean          valid_only;
  GbImportProgress  progress;
  gpointer          progress_data;
  gint64            import_id;
  guint             n_imported;
} ImportWork;

static void
check_run (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  ImportWork *work = data;
  GError *error = NULL;

  if (gb_import_check (work->import, work->progress, work->progress_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_run (GTask        *task,
         gpointer      source,
         gpointer      data,
         GCancellable *cancellable)
{
  ImportWork *work = data;
  GError *error = NULL;

  if (gb_import_run (work->import, work->valid_only, work->progress, work->progress_data, cancellable,
                     &work->import_id, &work->n_imported, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The task of a check or a run of @self, to be run in a thread. */
static GTask *
import_task (GbImport            *self,
             gboolean             valid_only,
             GbImportProgress     progress,
             gpointer             progress_data,
             gpointer             tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = new_task (tag, cancellable, callback, user_data);
  ImportWork *work = g_new0 (ImportWork, 1);

  work->import = self;
  work->valid_only = valid_only;
  work->progress = progress;
  work->progress_data = progress_data;
  g_task_set_task_data (task, work, g_free);
  return task;
}

/* gb_import_check() on a worker thread; @progress is called from there. */
void
gb_import_check_async (GbImport            *self,
                       GbImportProgress     progress,
                       gpointer             progress_data,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);

  task = import_task (self, FALSE, progress, progress_data, gb_import_check_async, cancellable,
                      callback, user_data);
  g_task_run_in_thread (task, check_run);
}

/* TRUE once every row was checked (gb_import_get_problems() and
 * gb_import_get_n_valid() tell how they stand), FALSE with @error. */
gboolean
gb_import_check_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (answer_of (result, gb_import_check_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* gb_import_run() on a worker thread; @progress is called from there. */
void
gb_import_run_async (GbImport            *self,
                     gboolean             valid_only,
                     GbImportProgress     progress,
                     gpointer             progress_data,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);

  task = import_task (self, valid_only, progress, progress_data, gb_import_run_async, cancellable,
                      callback, user_data);
  /* An import that was written stands, and is said to: a cancel that
   * comes after the commit does not hide it (gb_import_run() reports a
   * cancel it noticed in time itself). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_run);
}

/* TRUE with the import made in @import_id and the records written in
 * @n_imported, even when cancelled too late to stop it; FALSE with
 * @error, and nothing written. */
gboolean
gb_import_run_finish (GAsyncResult  *result,
                      gint64        *import_id,
                      guint         *n_imported,
                      GError       **error)
{
  ImportWork *work;

  g_return_val_if_fail (answer_of (result, gb_import_run_async), FALSE);

  work = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (import_id != NULL)
    *import_id = work->import_id;
  if (n_imported != NULL)
    *n_imported = work->n_imported;
  return TRUE;
}

/* Taking an import back --------------------------------------------------- */

typedef struct
{
  char   *database_path;
  gint64  import_id;
  guint   n_removed;
} UndoWork;

static void
undo_work_free (UndoWork *work)
{
  g_free (work->database_path);
  g_free (work);
}

static void
undo_run (GTask        *task,
          gpointer      source,
          gpointer      data,
          GCancellable *cancellable)
{
  UndoWork *work = data;
  GError *error = NULL;
  g_autoptr(GbDatabase) db = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* A connection of the thread's own: the caller's stays free. */
  db = gb_database_open (work->database_path, GB_DATABASE_OPEN_EXISTING, &error);
  if (db == NULL || !gb_import_undo (db, work->import_id, &work->n_removed, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* gb_import_undo() of import @import_id in the database at
 * @database_path, on a worker thread. */
void
gb_import_undo_async (const char          *database_path,
                      gint64               import_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UndoWork *work;

  g_return_if_fail (database_path != NULL);

  work = g_new0 (UndoWork, 1);
  work->database_path = g_strdup (database_path);
  work->import_id = import_id;
  task = new_task (gb_import_undo_async, cancellable, callback, user_data);
  /* Once it has started, the undo runs to its end and says so. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, work, (GDestroyNotify) undo_work_free);
  g_task_run_in_thread (task, undo_run);
}

/* TRUE with the records removed in @n_removed, or FALSE with @error.
 * Cancelled before it started, nothing was undone; a cancel that comes
 * once the undo is under way does not stop it. */
gboolean
gb_import_undo_finish (GAsyncResult  *result,
                       guint         *n_removed,
                       GError       **error)
{
  UndoWork *work;

  g_return_val_if_fail (answer_of (result, gb_import_undo_async), FALSE);

  work = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_removed != NULL)
    *n_removed = work->n_removed;
  return TRUE;
}
