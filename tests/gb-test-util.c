/* gb-test-util.c — temporary folders, file fingerprints and async calls for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gb-test-util.h"

char *
gb_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("guildbook-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
gb_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        gb_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* SHA-256 of the file's bytes: proves a refused file was not changed. */
char *
gb_test_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("<missing>");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

void
gb_test_async_begin (GbTestAsync *async)
{
  async->context = g_main_context_new ();
  async->caller = g_thread_self ();
  async->result = NULL;
  async->elsewhere = FALSE;
  g_main_context_push_thread_default (async->context);
}

/* Whether the code running now runs where the caller waits: its thread,
 * inside its context. */
gboolean
gb_test_async_here (GbTestAsync *async)
{
  return g_thread_self () == async->caller && g_main_context_is_owner (async->context)
         && g_main_context_get_thread_default () == async->context;
}

/* The GAsyncReadyCallback to give the call, with @async as its data. */
void
gb_test_async_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  GbTestAsync *async = data;

  if (!gb_test_async_here (async))
    async->elsewhere = TRUE;
  g_assert_null (async->result);
  async->result = g_object_ref (result);
}

static gboolean
time_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs only the caller's context until the result comes (a minute at
 * most), and hands it over. */
GAsyncResult *
gb_test_async_wait (GbTestAsync *async)
{
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (60);
  gboolean late = FALSE;

  g_source_set_callback (timeout, time_up, &late, NULL);
  g_source_attach (timeout, async->context);
  while (async->result == NULL && !late)
    g_main_context_iteration (async->context, TRUE);
  g_source_destroy (timeout);
  g_assert_nonnull (async->result);
  g_assert_false (async->elsewhere);
  return g_steal_pointer (&async->result);
}

/* Lets what the call left queued run, then gives the context back. */
void
gb_test_async_end (GbTestAsync *async)
{
  while (g_main_context_iteration (async->context, FALSE))
    ;
  g_assert_false (async->elsewhere);
  g_clear_object (&async->result);
  g_main_context_pop_thread_default (async->context);
  g_clear_pointer (&async->context, g_main_context_unref);
}

char *
gb_test_cli (const char         *db,
             int                *status,
             char              **err,
             const char *const  *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *errors = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("GUILDBOOK_CLI"));
  if (db != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, (gpointer) db);
    }
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char *const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &errors, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  if (err != NULL)
    *err = errors;
  else
    {
      if (*status != 0)
        g_printerr ("%s", errors);
      g_free (errors);
    }
  return out;
}

char *
gb_test_cli_ok (const char         *db,
                const char *const  *argv)
{
  int status;
  char *out = gb_test_cli (db, &status, NULL, argv);

  g_assert_cmpint (status, ==, 0);
  return out;
}
