/* gb-database-async.c — opening a database for a caller that must not wait
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening checks the file and, for a file an older Guildbook wrote, backs
 * it up, brings its schema up to date and makes its keys again: seconds on
 * a large file. The window opens it on a worker thread and is handed the
 * connection when it is ready; sqlite lets a connection move between
 * threads as long as one thread uses it at a time.
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
