/* gb-backup-async.c — backups for a caller that must not wait (the window)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backup copies the whole file, listing the backups opens each of them,
 * and a restore copies a backup in: on a large file each takes a second or
 * more. These run on a worker thread (GTask), each on a connection of the
 * thread's own to the database's path, so the caller's connection stays
 * free and is never used from two threads. The calls behind them are the
 * ones the command line makes synchronously.
 */
#define G_LOG_DOMAIN "gb-backup"

#include "config.h"

#include "gb-backup.h"

typedef struct
{
  char *database_path;
  char *other;          /* the reason of a backup, or the backup to restore */
} Work;

static void
work_free (Work *work)
{
  g_free (work->database_path);
  g_free (work->other);
  g_free (work);
}

/* Runs @run on a worker thread for the database at @database_path; @tag
 * is the _async function, checked again by its _finish. */
static void
start_work (const char          *database_path,
            const char          *other,
            gpointer             tag,
            GTaskThreadFunc      run,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Work *work = g_new0 (Work, 1);

  work->database_path = g_strdup (database_path);
  work->other = g_strdup (other);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, run);
}

/* Whether @result is the answer of the _async function @tag. */
static gboolean
answer_of (GAsyncResult *result,
           gpointer      tag)
{
  return g_task_is_valid (result, NULL) && g_task_get_source_tag (G_TASK (result)) == tag;
}

/* The thread's connection. Each page of a backup is read once: sqlite's
 * default cache would keep 64 MiB of a large file for nothing. */
static GbDatabase *
open_own (Work    *work,
          GError **error)
{
  GbDatabase *db = gb_database_open (work->database_path, GB_DATABASE_OPEN_EXISTING, error);

  if (db != NULL)
    gb_database_exec (db, "PRAGMA cache_size = -1024", NULL);
  return db;
}

static void
make_run (GTask        *task,
          gpointer      source,
          gpointer      data,
          GCancellable *cancellable)
{
  Work *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = open_own (work, &error);
  char *made = db != NULL ? gb_backup_make (db, NULL, work->other, &error) : NULL;

  if (made == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, made, g_free);
}

/* Makes a backup of the database at @database_path, as gb_backup_make()
 * does with its default destination, on a worker thread. */
void
gb_backup_make_async (const char          *database_path,
                      const char          *reason,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (database_path != NULL);
  start_work (database_path, reason, gb_backup_make_async, make_run, cancellable, callback, user_data);
}

/* The path of the backup made, or NULL with @error set. */
char *
gb_backup_make_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (answer_of (result, gb_backup_make_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
daily_run (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  Work *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = open_own (work, &error);
  GbRotation rotation;

  /* The rule the command line applies too. */
  gb_backup_rotation_load (&rotation);
  if (db == NULL || !gb_backup_daily (db, &rotation, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The day's backup (gb_backup_daily()), with the backups pruned by the
 * rule in the settings, on a worker thread. */
void
gb_backup_daily_async (const char          *database_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (database_path != NULL);
  start_work (database_path, NULL, gb_backup_daily_async, daily_run, cancellable, callback, user_data);
}

/* TRUE when today's backup is there (made now or earlier today); FALSE
 * with @error set when it could not be made. */
gboolean
gb_backup_daily_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (answer_of (result, gb_backup_daily_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_run (GTask        *task,
          gpointer      source,
          gpointer      data,
          GCancellable *cancellable)
{
  Work *work = data;

  g_task_return_pointer (task, gb_backup_list (work->database_path), (GDestroyNotify) g_ptr_array_unref);
}

/* The backups of the database at @database_path, newest first, each with
 * its counts read from it (gb_backup_list()), on a worker thread. */
void
gb_backup_list_async (const char          *database_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (database_path != NULL);
  start_work (database_path, NULL, gb_backup_list_async, list_run, cancellable, callback, user_data);
}

/* A GPtrArray of GbBackup, never NULL unless cancelled. */
GPtrArray *
gb_backup_list_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (answer_of (result, gb_backup_list_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
restore_run (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Work *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = open_own (work, &error);

  if (db == NULL || !gb_backup_restore (db, work->other, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Restores @backup_path over the database at @database_path as
 * gb_backup_restore() does (under the write lock, what is there backed up
 * first), on a worker thread. The caller's connections read the restored
 * content at their next statement. */
void
gb_backup_restore_async (const char          *database_path,
                         const char          *backup_path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (database_path != NULL && backup_path != NULL);
  start_work (database_path, backup_path, gb_backup_restore_async, restore_run, cancellable,
              callback, user_data);
}

gboolean
gb_backup_restore_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (answer_of (result, gb_backup_restore_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
