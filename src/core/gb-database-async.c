/* gb-database-async.c — opening and checking a database for a caller that must not wait
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening checks the file and, for a file an older Guildbook wrote, backs
 * it up, brings its schema up to date and makes its keys again: seconds on
 * a large file. The window opens it on a worker thread and is handed the
 * connection when it is ready; sqlite lets a connection move between
 * threads as long as one thread uses it at a time. The check for damage
 * the window runs once the file is open reads every page: on a worker
 * thread too.
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include "gb-database.h"

typedef struct
{
  char            *path;
  GbDatabaseFlags  flags;
} OpenWork;

static void
open_work_free (OpenWork *work)
{
  g_free (work->path);
  g_free (work);
}

static void
open_run (GTask        *task,
          gpointer      source,
          gpointer      data,
          GCancellable *cancellable)
{
  OpenWork *work = data;
  GError *error = NULL;
  GbDatabase *database = gb_database_open (work->path, work->flags, &error);

  if (database == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, database, g_object_unref);
}

/* gb_database_open() on a worker thread. */
void
gb_database_open_async (const char          *path,
                        GbDatabaseFlags      flags,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenWork *work;

  g_return_if_fail (path != NULL);

  work = g_new0 (OpenWork, 1);
  work->path = g_strdup (path);
  work->flags = flags;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_database_open_async);
  g_task_set_task_data (task, work, (GDestroyNotify) open_work_free);
  g_task_run_in_thread (task, open_run);
}

/* The database opened, or NULL with @error as gb_database_open() sets it. */
GbDatabase *
gb_database_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_database_open_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
verify_run (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  GbDatabase *reader = data;
  GError *error = NULL;

  if (gb_database_verify (reader, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* gb_database_verify() of @self's file on a worker thread: PRAGMA
 * quick_check reads every page, a second or more on a large file. It runs
 * on a read-only connection of the thread's own, so @self stays free and
 * unmarked; the caller marks it (gb_database_set_damaged()) when the
 * error is damage (gb_database_error_is_damage()). */
void
gb_database_verify_async (GbDatabase          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  GbDatabase *reader;

  g_return_if_fail (GB_IS_DATABASE (self));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_database_verify_async);
  if ((reader = gb_database_open_reader (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Each page is read once: a cache would keep 64 MiB of a large file in
   * memory for the rest of the session (166 MB resident instead of 231 MB
   * with 100,000 records shown). */
  if (!gb_database_is_shared (reader))
    gb_database_exec (reader, "PRAGMA cache_size = -1024", NULL);
  g_task_set_task_data (task, reader, g_object_unref);
  g_task_run_in_thread (task, verify_run);
}

/* TRUE when the file passed its check, FALSE with @error as
 * gb_database_verify() sets it. */
gboolean
gb_database_verify_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_database_verify_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
