/* test-crash.c — SIGKILL at random moments loses nothing committed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 100 runs of a stream of edits and 100 runs of a 10,000-row import (the
 * importer, one transaction), each killed at a random moment: the file
 * always passes PRAGMA integrity_check, every edit reported as committed is
 * there, and the import is all there, remembered for its undo, or not at
 * all.
 */
#include <gio/gio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "gb-test-util.h"

#define RUNS 100

static char *helper;
static guint checked_edits;

static gint64
count (const char *path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
assert_intact (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Opening with sqlite recovers the journal, as the program would. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Starts the helper, kills it after @delay_ms, returns what it printed. */
static char *
run_and_kill (const char *mode,
              const char *path,
              guint       delay_ms,
              int        *pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                  &error, helper, mode, path, NULL);
  GInputStream *out;
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  g_assert_no_error (error);
  *pid = atoi (g_subprocess_get_identifier (proc));
  g_usleep (delay_ms * 1000);
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, NULL);
  /* Killed, or done: never failed on its own (and if it did, say why). */
  if (!g_subprocess_get_if_signaled (proc)
      && !(g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0))
    {
      GInputStream *err = g_subprocess_get_stderr_pipe (proc);

      while ((n = g_input_stream_read (err, buffer, sizeof buffer - 1, NULL, NULL)) > 0)
        {
          buffer[n] = '\0';
          g_printerr ("%s", buffer);
        }
    }
  g_assert_true (g_subprocess_get_if_signaled (proc)
                 || (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0));
  out = g_subprocess_get_stdout_pipe (proc);
  while ((n = g_input_stream_read (out, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (text, buffer, n);
  return g_string_free (text, FALSE);
}

static void
test_edits (void)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "edits.db", NULL);
  GRand *rand = g_rand_new_with_seed (20261129);

  for (guint run = 0; run < RUNS; run++)
    {
      int pid = 0;
      g_autofree char *out = run_and_kill ("edits", path, g_rand_int_range (rand, 40, 260), &pid);
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
      guint last = 0;

      for (guint i = 0; lines[i]; i++)
        if (*lines[i])
          last = (guint) g_ascii_strtoull (lines[i], NULL, 10);
      assert_intact (path);
      /* Every edit reported committed is there, with its change to the one before
       * (one more may have been committed just before the kill, not yet printed). */
      {
        g_autofree char *prefix = g_strdup_printf ("K-%d-", pid);
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM members WHERE member_no GLOB '%s*'"
                                                " AND CAST(substr(member_no, %u) AS INTEGER) <= %u",
                                                prefix, (guint) strlen (prefix) + 1, last);
        g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM members WHERE member_no GLOB 'K-%d-*'", pid);

        g_assert_cmpint (count (path, sql), ==, last);
        g_assert_cmpint (count (path, all), <=, last + 1);
        checked_edits += last;
      }
      if (last > 1)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM members WHERE member_no = 'K-%d-%u'"
                                                  " AND notes = 'sửa %u'", pid, last - 1, last);
          g_assert_cmpint (count (path, sql), ==, 1);
        }
    }
  g_test_message ("edits: %u runs, %u committed edits checked, 0 lost", RUNS, checked_edits);
  g_rand_free (rand);
  gb_test_remove_dir (dir);
}

static void
test_bulk (void)
{
  g_autofree char *dir = gb_test_make_dir ();
  GRand *rand = g_rand_new_with_seed (11292026);
  guint whole = 0, none = 0;

  /* The importer backs the file up first: into the test's own folder. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);

  for (guint run = 0; run < RUNS; run++)
    {
      /* A file of its own each time: the check stays quick. */
      g_autofree char *name = g_strdup_printf ("bulk-%u.db", run);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int pid = 0;
      g_autofree char *out = run_and_kill ("bulk", path, g_rand_int_range (rand, 30, 900), &pid);
      gint64 rows;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          none++;   /* killed before it created the file */
          continue;
        }
      assert_intact (path);
      rows = count (path, "SELECT count(*) FROM sqlite_master WHERE name = 'members'") == 1
             ? count (path, "SELECT count(*) FROM members") : 0;
      /* All of the import or none of it; all of it when it said so. */
      g_assert_true (rows == 0 || rows == 10000);
      if (rows == 10000)
        {
          g_assert_cmpint (count (path, "SELECT count(*) FROM imports WHERE n_records = 10000"), ==, 1);
          g_assert_cmpint (count (path, "SELECT count(*) FROM import_records WHERE table_name = 'members'"), ==, 10000);
          g_assert_cmpint (count (path, "SELECT count(*) FROM audit_log WHERE table_name = 'imports'"), ==, 1);
        }
      if (strstr (out, "committed"))
        g_assert_cmpint (rows, ==, 10000);
      if (rows == 10000)
        whole++;
      else
        none++;
    }
  g_test_message ("import: %u runs, %u killed before their commit, %u after, 0 half-written", RUNS, none, whole);
  g_rand_free (rand);
  gb_test_remove_dir (dir);
}

/* Runs a command line to its end; it must succeed. */
static void
run_ok (const char *command)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", command, err);
}

/* A restore killed at any moment: the database is as it was or restored,
 * never between, and the next open of it leaves nothing of the run behind
 * (its working copy with the copy's journal, a half-written backup). */
static void
test_restore (void)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *backups = g_build_filename (dir, "guildbook", "backups", NULL);
  g_autofree char *old = g_build_filename (dir, "old.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "20k.csv", NULL);
  const char *cli = g_getenv ("GUILDBOOK_CLI");
  GRand *rand = g_rand_new_with_seed (18032026);
  GString *text = g_string_new ("Họ và tên;Năm sinh\n");
  guint restored = 0, not_restored = 0;

  g_assert_nonnull (cli);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  /* The backup: 20,000 artisans in pages of 4 KiB, which a restore into a
   * file of 16 KiB pages rewrites in a working copy first. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "Thợ Số %u;%u\n", i % 2000, 1930 + i / 2000);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  g_string_free (text, TRUE);
  {
    g_autofree char *source = g_build_filename (dir, "source.db", NULL);
    g_autofree char *init = g_strdup_printf ("'%s' --db '%s' init", cli, source);
    g_autofree char *import = g_strdup_printf ("'%s' --db '%s' import artisans '%s'", cli, source, csv);
    g_autofree char *backup = g_strdup_printf ("'%s' --db '%s' backup -o '%s'", cli, source, old);
    sqlite3 *db = NULL;

    run_ok (init);
    run_ok (import);
    run_ok (backup);
    g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA page_size = 4096; VACUUM;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  for (guint run = 0; run < 20; run++)
    {
      g_autofree char *name = g_strdup_printf ("restore-%u.db", run);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *init = g_strdup_printf ("'%s' --db '%s' init", cli, path);
      g_autofree char *check = g_strdup_printf ("'%s' --db '%s' check", cli, path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDir) d = NULL;
      const char *entry;
      gint64 artisans;

      run_ok (init);
      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                               cli, "--db", path, "restore", old, NULL);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 5, 700) * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (proc)
                     || (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0));

      /* The next open. */
      run_ok (check);
      assert_intact (path);
      artisans = count (path, "SELECT count(*) FROM artisans");
      g_assert_true (artisans == 0 || artisans == 20000);
      if (artisans == 20000)
        restored++;
      else
        not_restored++;
      d = g_dir_open (dir, 0, NULL);
      while ((entry = g_dir_read_name (d)) != NULL)
        if (strstr (entry, ".restoring-"))
          g_error ("run %u left %s", run, entry);
      g_clear_pointer (&d, g_dir_close);
      d = g_dir_open (backups, 0, NULL);
      while (d && (entry = g_dir_read_name (d)) != NULL)
        if (strstr (entry, ".part") || strstr (entry, ".restoring-"))
          g_error ("run %u left %s", run, entry);
    }
  g_test_message ("restore: 20 runs, %u killed before the copy was committed, %u after, 0 left anything",
                  not_restored, restored);
  g_rand_free (rand);
  gb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  helper = g_test_build_filename (G_TEST_BUILT, "gb-crash-helper", NULL);
  g_test_add_func ("/crash/edits", test_edits);
  g_test_add_func ("/crash/bulk", test_bulk);
  g_test_add_func ("/crash/restore", test_restore);
  return g_test_run ();
}
