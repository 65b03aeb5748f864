/* test-trust.c — guildbook-cli beside the window, on damaged and read-only files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Some tests need a second process that opens the file the way the window
 * does: this program runs itself as that process ("--hold FILE").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gb-database.h"
#include "gb-member.h"
#include "gb-store.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = gb_test_make_dir ();
  f->db = g_build_filename (f->dir, "guildbook.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_chmod (f->dir, 0700);
  g_chmod (f->db, 0600);
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* Runs guildbook-cli with @argv (NULL-terminated), returns the exit status;
 * its output in *@out and its standard error in *@err when asked. */
static int
run_cli (const char *const *argv,
         char              **out,
         char              **err)
{
  g_autofree char *errors = NULL;
  g_autofree char *output = NULL;
  int status;

  output = gb_test_cli (NULL, &status, &errors, argv);
  if (out)
    *out = g_steal_pointer (&output);
  if (err)
    *err = g_steal_pointer (&errors);
  return status;
}

#define CLI(...) ((const char *const[]) { __VA_ARGS__, NULL })

/* Runs the CLI and fails the test, with what it said, unless it exits 0. */
static void
assert_cli_ok (const char *const *argv)
{
  g_autofree char *err = NULL;
  int status = run_cli (argv, NULL, &err);

  if (status != 0)
    g_error ("guildbook-cli %s %s exited %d: %s", argv[2], argv[3] ? argv[3] : "", status, err);
}

static gboolean
exists (const char *path,
        const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);

  return g_file_test (name, G_FILE_TEST_EXISTS);
}

static gint64
count (const char *db_path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* ---- The window's side: --hold FILE ---- */

/* The descriptor this process holds on @path, from /proc/self/fd. */
static int
find_fd (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && (g_str_equal (target, path) || (g_str_has_prefix (target, path)
                                                            && g_str_equal (target + strlen (path), " (deleted)"))))
        return atoi (name);
    }
  return -1;
}

/* The WAL and shared-memory files this process has open are still the
 * ones at their names: nobody unlinked them under it. */
static gboolean
journal_intact (const char  *db_path,
                const char  *suffix,
                ino_t        ino)
{
  g_autofree char *path = g_strconcat (db_path, suffix, NULL);
  int fd = find_fd (path);
  struct stat held, named;

  if (fd < 0 || fstat (fd, &held) != 0 || held.st_nlink != 1 || held.st_ino != ino)
    return FALSE;
  return g_stat (path, &named) == 0 && named.st_ino == held.st_ino;
}

static ino_t
journal_inode (const char *db_path,
               const char *suffix)
{
  g_autofree char *path = g_strconcat (db_path, suffix, NULL);
  int fd = find_fd (path);
  struct stat st;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  return st.st_ino;
}

static gint64
read_count (GbDatabase *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (gb_database_get_handle (db), "SELECT count(*) FROM members", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Opens @path as the window does — its connection, the list model's
 * reader, and a worker's connection for each job (daily backup, report,
 * preview) — and writes a member for each "write N" line on stdin. */
static int
hold (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbDatabase) reader = NULL;
  g_autoptr(GbStore) members = NULL;
  char line[64];
  ino_t wal, shm;

  if (db == NULL || (reader = gb_database_open_reader (db, &error)) == NULL)
    {
      printf ("error %s\n", error->message);
      return 1;
    }
  members = gb_store_new (db, GB_TYPE_MEMBER);
  if (read_count (db) < 0 || read_count (reader) < 0)
    return 1;
  wal = journal_inode (path, "-wal");
  shm = journal_inode (path, "-shm");
  printf ("ready\n");
  fflush (stdout);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      guint n;

      if (sscanf (line, "write %u", &n) == 1)
        {
          g_autofree char *name = g_strdup_printf ("Nguyễn Văn Cửa Sổ %u", n);
          g_autoptr(GbMember) m = gb_member_new ("individual", name);
          g_autoptr(GbDatabase) job = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);

          if (job == NULL || read_count (job) < 0)
            {
              printf ("error %s\n", error ? error->message : "the job could not read");
              return 1;
            }
          g_clear_object (&job);
          m->member_no = g_strdup_printf ("W-%u", n);
          if (!gb_database_begin (db, &error) || !gb_store_insert (members, GB_RECORD (m), &error)
              || !gb_database_commit (db, &error))
            {
              printf ("error %s\n", error->message);
              return 1;
            }
          if (read_count (reader) < 0)
            {
              printf ("error the reader could not read\n");
              return 1;
            }
          if (!journal_intact (path, "-wal", wal) || !journal_intact (path, "-shm", shm))
            printf ("unlinked %u\n", n);
          else
            printf ("ok %u\n", n);
          fflush (stdout);
        }
      else if (g_str_has_prefix (line, "quit"))
        break;
    }
  g_clear_object (&members);
  g_clear_object (&reader);
  g_clear_object (&db);
  printf ("closed\n");
  fflush (stdout);
  return 0;
}

typedef struct
{
  GSubprocess      *proc;
  GDataInputStream *out;
  GOutputStream    *in;
} Holder;

static char *
holder_read_line (Holder *h)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (h->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
holder_say (Holder     *h,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (h->in, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_flush (h->in, NULL, NULL);
}

static Holder *
holder_start (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-trust", NULL);
  Holder *h = g_new0 (Holder, 1);
  g_autofree char *line = NULL;

  h->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              self, "--hold", path, NULL);
  g_assert_no_error (error);
  h->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (h->proc));
  h->in = g_subprocess_get_stdin_pipe (h->proc);
  line = holder_read_line (h);
  g_assert_cmpstr (line, ==, "ready");
  return h;
}

static void
holder_finish (Holder *h)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  holder_say (h, "quit\n");
  line = holder_read_line (h);
  g_assert_cmpstr (line, ==, "closed");
  g_assert_true (g_subprocess_wait_check (h->proc, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (h->out);
  g_object_unref (h->proc);
  g_free (h);
}

/* Item 2: guildbook-cli beside the window leaves the window's WAL and
 * shared memory alone (it unlinked them when the window's process had
 * dropped its locks by closing a descriptor of its own on the file), and
 * every write of the window is in the file after it closes. */
static void
test_cli_beside_window (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "members.csv", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  const guint rounds = 50;
  Holder *h;

  assert_cli_ok (CLI ("--db", f->db, "demo"));
  h = holder_start (f->db);

  for (guint i = 1; i <= rounds; i++)
    {
      g_autofree char *rows = g_strdup_printf ("Số hội viên;Họ và tên;Năm sinh\nI-%u;Trần Thị Dòng Lệnh %u;%u\n",
                                               i, i, 1950 + i);
      g_autofree char *say = g_strdup_printf ("write %u\n", i);
      g_autofree char *expect = g_strdup_printf ("ok %u", i);
      g_autofree char *line = NULL;

      g_assert_true (g_file_set_contents (csv, rows, -1, NULL));
      assert_cli_ok (CLI ("--db", f->db, "list", "members"));
      assert_cli_ok (CLI ("--db", f->db, "stats", "--json"));
      assert_cli_ok (CLI ("--db", f->db, "backup", "-o", copy));
      g_unlink (copy);
      assert_cli_ok (CLI ("--db", f->db, "import", "members", csv));

      holder_say (h, say);
      line = holder_read_line (h);
      g_assert_cmpstr (line, ==, expect);
    }
  holder_finish (h);
  /* The last to close, the window merged its WAL into the file. */
  g_assert_false (exists (f->db, "-wal"));

  /* Nothing the window wrote was lost when it closed. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM members WHERE member_no LIKE 'W-%'"), ==, rounds);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM members WHERE member_no LIKE 'I-%'"), ==, rounds);
}

/* The CLI's own run, for the helper below. */
static int
run_cli_quietly (const char *const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int status = -1;

  g_ptr_array_add (args, (gpointer) g_getenv ("GUILDBOOK_CLI"));
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return -1;
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* --imports FILE N: N imports of 300 members each, one after the other. */
static int
imports (const char *path,
         guint       n)
{
  g_autofree char *csv = g_strconcat (path, ".import.csv", NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) rows = g_string_new ("Số hội viên;Họ và tên;Năm sinh\n");

      for (guint r = 0; r < 300; r++)
        g_string_append_printf (rows, "L-%u-%u;Lê Thị Vòng Lặp %u %u;%u\n", i, r, i, r, 1940 + r % 60);
      if (!g_file_set_contents (csv, rows->str, -1, NULL)
          || run_cli_quietly (CLI ("--db", path, "import", "members", csv)) != 0)
        return 1;
    }
  return 0;
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Item 5: while imports run one after another, stats and check always
 * answer: a lock is waited for, and a file a checkpoint is growing is not
 * "damaged: the file is shorter than its contents". */
static void
test_busy_is_not_damage (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-trust", NULL);
  g_autoptr(GSubprocess) importer = NULL;
  gboolean done = FALSE;
  guint runs = 0;

  assert_cli_ok (CLI ("--db", f->db, "init"));
  importer = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self, "--imports", f->db, "25", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (importer, NULL, exited_cb, &done);

  while (!done)
    {
      g_autofree char *err = NULL;

      if (run_cli (CLI ("--db", f->db, runs % 2 ? "check" : "stats"), NULL, &err) != 0)
        g_error ("%s, run %u beside the imports: %s", runs % 2 ? "check" : "stats", runs, err);
      runs++;
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (g_subprocess_get_successful (importer));
  g_test_message ("%u runs of stats and check beside 25 imports", runs);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM members"), ==, 25 * 300);
}

/* Overwrites page @page (1-based) of @path with random bytes. */
static void
damage_page (const char *path,
             guint       page)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (page);
  gint64 page_size = count (path, "PRAGMA page_size");
  g_autofree guint8 *bytes = g_malloc (page_size);
  int fd;

  g_assert_cmpint (page_size, >=, 512);
  g_assert_cmpint (count (path, "PRAGMA page_count"), >=, page);
  for (gint64 i = 0; i < page_size; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, page_size, (off_t) (page - 1) * page_size), ==, page_size);
  g_assert_cmpint (close (fd), ==, 0);
}

static char *
quick_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* Item 6: a file with a page of noise is refused by every command that
 * writes, before it writes, and is left as it was; it can still be read. */
static void
test_damaged_page (Fixture *f, gconstpointer data)
{
  g_autofree char *out_dir = gb_test_make_dir ();
  g_autofree char *pdf = g_build_filename (out_dir, "gcn.pdf", NULL);
  g_autofree char *csv = g_build_filename (out_dir, "members.csv", NULL);
  g_autofree char *list = g_build_filename (out_dir, "list.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *check = NULL;

  assert_cli_ok (CLI ("--db", f->db, "demo"));
  damage_page (f->db, 45);
  check = quick_check (f->db);
  g_assert_cmpstr (check, !=, "ok");
  before = gb_test_checksum (f->db);
  g_assert_true (g_file_set_contents (csv, "Số hội viên;Họ và tên\nD-1;Đỗ Văn Hỏng\n", -1, NULL));

  {
    const char *const *writes[] = {
      CLI ("--db", f->db, "init"),
      CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue", "--date", "2021-10-15", "-o", pdf),
      CLI ("--db", f->db, "import", "members", csv),
    };

    for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
      {
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;

        g_assert_cmpint (run_cli (writes[i], &out, &err), ==, 1);
        g_assert_nonnull (strstr (err, "damaged"));
        g_assert_null (strchr (g_strstrip (err), '\n'));
        g_assert_null (strstr (out, "Database ready"));
      }
  }
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* Read: what is intact is listed and exported; check names the damage. */
  assert_cli_ok (CLI ("--db", f->db, "list", "members"));
  assert_cli_ok (CLI ("--db", f->db, "export", "members", "-o", list));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "check"), NULL, NULL), ==, 1);

  after = gb_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
  gb_test_remove_dir (out_dir);
}

/* Item 7: a file its owner made read-only (chmod 400) can be checked,
 * listed, exported and backed up, leaves no -wal or -shm beside it, is
 * never written, and is writable again after chmod 600. Decided by the
 * owner's write bit, so that it holds for root too. */
static void
test_read_only_file (Fixture *f, gconstpointer data)
{
  g_autofree char *out_dir = gb_test_make_dir ();
  g_autofree char *csv = g_build_filename (out_dir, "members.csv", NULL);
  g_autofree char *list = g_build_filename (out_dir, "list.csv", NULL);
  g_autofree char *copy = g_build_filename (out_dir, "copy.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  assert_cli_ok (CLI ("--db", f->db, "demo"));
  g_assert_true (g_file_set_contents (csv, "Số hội viên;Họ và tên\nR-1;Đinh Thị Chỉ Đọc\n", -1, NULL));
  g_assert_cmpint (g_chmod (f->db, 0400), ==, 0);
  before = gb_test_checksum (f->db);

  assert_cli_ok (CLI ("--db", f->db, "check"));
  assert_cli_ok (CLI ("--db", f->db, "list", "members"));
  assert_cli_ok (CLI ("--db", f->db, "export", "members", "-o", list));
  assert_cli_ok (CLI ("--db", f->db, "backup", "-o", copy));
  g_assert_false (exists (f->db, "-wal"));
  g_assert_false (exists (f->db, "-shm"));

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "read-only"));
  g_assert_null (strstr (err, "damaged"));
  g_assert_false (exists (f->db, "-wal"));
  g_assert_false (exists (f->db, "-shm"));
  after = gb_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (g_chmod (f->db, 0600), ==, 0);
  assert_cli_ok (CLI ("--db", f->db, "import", "members", csv));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM members WHERE member_no = 'R-1'"), ==, 1);
  gb_test_remove_dir (out_dir);
}

/* Item 7: in a folder the user may not write, sqlite cannot make its
 * -wal and -shm: the file is read, and a write is refused with its own
 * reason (the folder), not called damaged. */
static void
test_read_only_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *out_dir = gb_test_make_dir ();
  g_autofree char *csv = g_build_filename (out_dir, "members.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  assert_cli_ok (CLI ("--db", f->db, "demo"));
  g_assert_true (g_file_set_contents (csv, "Số hội viên;Họ và tên\nF-1;Phan Văn Thư Mục\n", -1, NULL));
  g_assert_cmpint (g_chmod (f->dir, 0500), ==, 0);
  before = gb_test_checksum (f->db);

  assert_cli_ok (CLI ("--db", f->db, "check"));
  assert_cli_ok (CLI ("--db", f->db, "list", "members"));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "folder"));
  g_assert_null (strstr (err, "damaged"));
  g_assert_false (exists (f->db, "-wal"));
  g_assert_false (exists (f->db, "-shm"));
  after = gb_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
  assert_cli_ok (CLI ("--db", f->db, "import", "members", csv));
  gb_test_remove_dir (out_dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  if (argc == 3 && g_str_equal (argv[1], "--hold"))
    return hold (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--imports"))
    return imports (argv[2], (guint) atoi (argv[3]));

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("GUILDBOOK_CLI"));
  /* The backups the imports make stay apart from other tests' (they run at once). */
  data_home = gb_test_make_dir ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/trust/cli-beside-window", test_cli_beside_window);
  ADD ("/trust/busy-is-not-damage", test_busy_is_not_damage);
  ADD ("/trust/damaged-page", test_damaged_page);
  ADD ("/trust/read-only-file", test_read_only_file);
  ADD ("/trust/read-only-folder", test_read_only_folder);
#undef ADD

  status = g_test_run ();
  gb_test_remove_dir (data_home);
  return status;
}
