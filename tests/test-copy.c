/* test-copy.c — guildbook-cli copy between a file and PostgreSQL, and the
 * backup of a shared database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A register moved from a file into a throwaway PostgreSQL cluster and
 * back into a file is the register it was: every table's rows, value for
 * value and type for type (blobs too), its certificates and submitted
 * report, its register id. On PostgreSQL it goes on as a register: new
 * records take new ids and the next certificate the next number. A
 * target that holds records is refused and left as it was; a shared
 * database's backup is a Guildbook file with the same data.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gb-copy.h"
#include "gb-database.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *file;      /* the register as a file: the demo, papers issued, a report submitted */
} Fixture;

static void
sqlite_exec (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static char *
sqlite_value (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Every row of @table, each value with its type, blobs in hex, in the
 * order of all the columns. */
static char *
sqlite_rows (const char *path,
             const char *table)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s')", table);
  g_autofree char *columns = sqlite_value (path, count_sql);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  for (int i = 1; i <= atoi (columns); i++)
    g_string_append_printf (order, "%s%d", i > 1 ? ", " : "", i);
  sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", table, order->str);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          int type = sqlite3_column_type (stmt, i);

          g_string_append_printf (out, "%d:", type);
          if (type == SQLITE_BLOB)
            {
              const guint8 *bytes = sqlite3_column_blob (stmt, i);

              for (int b = 0; b < sqlite3_column_bytes (stmt, i); b++)
                g_string_append_printf (out, "%02x", bytes[b]);
            }
          else if (type != SQLITE_NULL)
            g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
sqlite_count (const char *path,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  g_autofree char *n = sqlite_value (path, sql);

  return g_ascii_strtoll (n, NULL, 10);
}

static gint64
pg_count (const char *dbname,
          const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  g_autofree char *n = gb_test_pg_query (dbname, NULL, sql, NULL);

  return g_ascii_strtoll (n, NULL, 10);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = gb_test_make_dir ();
  f->file = g_build_filename (f->dir, "guildbook.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->file);
}

/* The demo with its certificates issued, a report submitted with its PDF,
 * a photo, an empty blob, a text that quotes and escapes, an artisan in
 * the bin. */
static void
make_register (Fixture *f)
{
  g_autofree char *papers = g_build_filename (f->dir, "papers.pdf", NULL);
  g_autofree char *roster = g_build_filename (f->dir, "roster.pdf", NULL);
  g_autofree char *pdf = NULL;
  g_autofree char *sha = NULL;
  gsize size = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_free (gb_test_cli_ok (f->file, GB_ARGS ("demo")));
  g_free (gb_test_cli_ok (f->file, GB_ARGS ("certificate", "--all", "--issue", "-o", papers)));
  g_free (gb_test_cli_ok (f->file, GB_ARGS ("report", "roster", "-o", roster)));
  g_assert_true (g_file_get_contents (roster, &pdf, &size, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pdf, size);

  g_assert_cmpint (sqlite3_open (f->file, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO reports (kind, title, options, number, doc_date,"
                                           " submitted_at, pdf, sha256) VALUES ('roster', 'Danh sách hội viên',"
                                           " '{}', 7, '2026-01-02', '2026-01-02T08:00:00Z', ?1, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, pdf, (int) size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  sqlite_exec (f->file, "UPDATE members SET photo = randomblob(5000) WHERE id = 3;"
                        " UPDATE artisans SET photo = X'' WHERE id = 4;"
                        " UPDATE members SET notes = 'a\\b ''q'' \"d\"' || char(10) || 'x' WHERE id = 5;"
                        " UPDATE artisans SET deleted_at = '2026-01-03T09:00:00Z' WHERE id = 7;");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The tables the copy carries are the schema's, on both engines. */
static void
test_tables (Fixture *f, gconstpointer data)
{
  g_autofree char *dbname = NULL;
  g_autofree char *uri = gb_test_pg_new_database ("copy", NULL, &dbname);
  g_autoptr(GString) ours = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *on_sqlite = NULL;
  g_autofree char *on_pg = NULL;

  for (guint t = 0; t < gb_copy_n_tables; t++)
    g_ptr_array_add (names, (gpointer) gb_copy_tables[t].table);
  g_ptr_array_add (names, (gpointer) "meta");
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (ours, "%s%s", i ? " " : "", (char *) names->pdata[i]);

  g_free (gb_test_cli_ok (f->file, GB_ARGS ("init")));
  g_free (gb_test_cli_ok (uri, GB_ARGS ("init")));
  on_sqlite = sqlite_value (f->file, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema"
                                     " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name)");
  on_pg = gb_test_pg_query (dbname, NULL, "SELECT string_agg(table_name, ' ' ORDER BY table_name COLLATE \"C\")"
                            " FROM information_schema.tables WHERE table_schema = current_schema ()"
                            " AND table_type = 'BASE TABLE'", NULL);
  g_assert_cmpstr (on_sqlite, ==, ours->str);
  g_assert_cmpstr (on_pg, ==, ours->str);
}

/* What the lists, the exports and the register say on @a and on @b. */
static void
assert_same_register (const char *a,
                      const char *b)
{
  const char *const commands[][6] = {
    { "export", "members", "-o", "-", NULL },
    { "export", "artisans", "-o", "-", NULL },
    { "export", "events", "-o", "-", NULL },
    { "list", "members", "--json", NULL },
    { "list", "artisans", "--deleted", "--json", NULL },
    { "register", "--json", NULL },
    { "stats", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *on_a = gb_test_cli_ok (a, commands[i]);
      g_autofree char *on_b = gb_test_cli_ok (b, commands[i]);

      g_assert_cmpuint (strlen (on_a), >, 40);
      g_assert_cmpstr (on_b, ==, on_a);
    }
}

/* file -> PostgreSQL -> file: the same register, row for row. */
static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *dbname = NULL;
  g_autofree char *uri = gb_test_pg_new_database ("copy", NULL, &dbname);
  g_autofree char *back = g_build_filename (f->dir, "back.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *register_id = NULL;
  g_autofree char *pg_register_id = NULL;
  g_autofree char *back_register_id = NULL;
  g_autofree char *pdf_sha = NULL;
  g_autofree char *history = NULL;

  make_register (f);
  out = gb_test_cli_ok (NULL, GB_ARGS ("copy", "--from", f->file, "--to", uri));
  /* What was copied, a line a kind. */
  g_assert_true (g_regex_match_simple ("^  Members +160$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  Certificates in the register +119$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  Reports +1$", out, G_REGEX_MULTILINE, 0));
  g_clear_pointer (&out, g_free);
  /* The file target is made. */
  out = gb_test_cli_ok (NULL, GB_ARGS ("copy", "--from", uri, "--to", back));
  g_assert_true (g_file_test (back, G_FILE_TEST_IS_REGULAR));

  assert_same_register (f->file, uri);
  assert_same_register (f->file, back);

  /* Every table, counted on the three; on the two files, value for value. */
  for (guint t = 0; t < gb_copy_n_tables; t++)
    {
      const char *table = gb_copy_tables[t].table;
      g_autofree char *original = sqlite_rows (f->file, table);
      g_autofree char *copied = sqlite_rows (back, table);
      gint64 n = sqlite_count (f->file, table);

      if (g_str_equal (table, "members") || g_str_equal (table, "certificates") || g_str_equal (table, "reports")
          || g_str_equal (table, "audit_log") || g_str_equal (table, "member_status_history"))
        g_assert_cmpint (n, >, 0);
      g_assert_cmpint (pg_count (dbname, table), ==, n);
      g_assert_cmpint (sqlite_count (back, table), ==, n);
      g_assert_cmpstr (copied, ==, original);
    }
  /* No second first row in a member's status list. */
  history = gb_test_pg_query (dbname, NULL, "SELECT count(*) FROM member_status_history", NULL);
  g_assert_cmpstr (history, ==, "160");

  /* The register is the same register wherever it lives. */
  register_id = sqlite_value (f->file, "SELECT value FROM meta WHERE key = 'register_id'");
  pg_register_id = gb_test_pg_query (dbname, NULL, "SELECT value FROM meta WHERE key = 'register_id'", NULL);
  back_register_id = sqlite_value (back, "SELECT value FROM meta WHERE key = 'register_id'");
  g_assert_nonnull (register_id);
  g_assert_cmpstr (pg_register_id, ==, register_id);
  g_assert_cmpstr (back_register_id, ==, register_id);

  /* The blobs came through: the report's PDF as submitted, the photo. */
  pdf_sha = gb_test_pg_query (dbname, NULL, "SELECT encode(sha256(pdf), 'hex') = sha256 FROM reports", NULL);
  g_assert_cmpstr (pdf_sha, ==, "t");
  {
    g_autofree char *photo = gb_test_pg_query (dbname, NULL, "SELECT octet_length(photo) FROM members WHERE id = 3", NULL);
    g_autofree char *empty = gb_test_pg_query (dbname, NULL, "SELECT octet_length(photo) FROM artisans WHERE id = 4", NULL);

    g_assert_cmpstr (photo, ==, "5000");
    g_assert_cmpstr (empty, ==, "0");
  }

  /* The guards are back on both targets. */
  {
    g_autofree char *triggers = sqlite_value (f->file, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'");
    g_autofree char *back_triggers = sqlite_value (back, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'");
    g_autofree char *disabled = gb_test_pg_query (dbname, NULL, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
                                                  " AND tgenabled = 'D'", NULL);
    sqlite3 *db = NULL;

    g_assert_cmpstr (back_triggers, ==, triggers);
    g_assert_cmpstr (disabled, ==, "0");
    g_assert_cmpint (sqlite3_open (back, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM certificates WHERE id = 1", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
    sqlite3_close (db);
  }
}

/* On PostgreSQL the copied register goes on: new records take ids after
 * the copied ones (each identity moved past them), and the next paper
 * the next number of the register. */
static void
test_goes_on (Fixture *f, gconstpointer data)
{
  g_autofree char *dbname = NULL;
  g_autofree char *uri = gb_test_pg_new_database ("copy", NULL, &dbname);
  g_autofree char *csv = g_build_filename (f->dir, "nghe-nhan.csv", NULL);
  g_autofree char *members_csv = g_build_filename (f->dir, "hoi-vien.csv", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "new.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *audit = NULL;

  make_register (f);
  g_free (gb_test_cli_ok (NULL, GB_ARGS ("copy", "--from", f->file, "--to", uri)));
  audit = sqlite_value (f->file, "SELECT max(id) FROM audit_log");

  g_assert_true (g_file_set_contents (csv, "Họ và tên;Năm sinh\nVũ Văn Mới;1961\nĐỗ Thị Mới;1970\n", -1, NULL));
  out = gb_test_cli_ok (uri, GB_ARGS ("import", "artisans", csv));
  g_assert_nonnull (strstr (out, "2 records imported"));
  ids = gb_test_pg_query (dbname, NULL, "SELECT string_agg(id::text, ' ' ORDER BY id) FROM artisans WHERE id > 120", NULL);
  g_assert_cmpstr (ids, ==, "121 122");
  /* A member's first status row, made by its trigger, takes the next id too. */
  g_assert_true (g_file_set_contents (members_csv, "Họ và tên;Năm sinh\nPhạm Thị Mới;1975\n", -1, NULL));
  g_clear_pointer (&out, g_free);
  out = gb_test_cli_ok (uri, GB_ARGS ("import", "members", members_csv));
  g_assert_nonnull (strstr (out, "1 record imported"));
  g_clear_pointer (&ids, g_free);
  ids = gb_test_pg_query (dbname, NULL, "SELECT (SELECT max(id) FROM members) || ' ' || (SELECT max(id) FROM member_status_history)"
                          " || ' ' || (SELECT count(*) FROM member_status_history)", NULL);
  g_assert_cmpstr (ids, ==, "161 161 161");
  /* The audit of the imports follows the copied log. */
  g_clear_pointer (&ids, g_free);
  ids = gb_test_pg_query (dbname, NULL, "SELECT max(id) FROM audit_log WHERE table_name = 'imports'", NULL);
  g_assert_nonnull (ids);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), >, g_ascii_strtoll (audit, NULL, 10));

  /* The artisans' register ended at 119 in the file. */
  g_clear_pointer (&out, g_free);
  out = gb_test_cli_ok (uri, GB_ARGS ("certificate", "--artisan", "5", "--issue", "-o", pdf));
  g_assert_nonnull (strstr (out, "Issued number 120/GCN-HHLN"));
  g_clear_pointer (&ids, g_free);
  ids = gb_test_pg_query (dbname, NULL, "SELECT max(id) || ' ' || count(*) FROM certificates", NULL);
  g_assert_cmpstr (ids, ==, "120 120");
}

/* A target with records is refused and left as it was, and so is a
 * shared database whose login is not its owner. */
static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *dbname = NULL;
  g_autofree char *uri = gb_test_pg_new_database ("copy", NULL, &dbname);
  g_autofree char *full = g_build_filename (f->dir, "full.db", NULL);
  g_autofree char *full_sum = NULL;
  g_autofree char *full_after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *state_sql = "SELECT (SELECT value FROM meta WHERE key = 'register_id')"
                          " || ' ' || (SELECT count(*) FROM members) || ' ' || (SELECT count(*) FROM audit_log)"
                          " || ' ' || (SELECT count(*) FROM member_status_history)"
                          " || ' ' || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D')";
  int status;

  make_register (f);
  /* One artisan is enough to make a database not empty. */
  g_free (gb_test_cli_ok (uri, GB_ARGS ("init")));
  {
    g_autofree char *csv = g_build_filename (f->dir, "a.csv", NULL);

    g_assert_true (g_file_set_contents (csv, "Họ và tên;Năm sinh\nVũ Văn Mới;1961\n", -1, NULL));
    g_free (gb_test_cli_ok (uri, GB_ARGS ("import", "artisans", csv)));
  }
  before = gb_test_pg_query (dbname, NULL, state_sql, NULL);
  out = gb_test_cli (NULL, &status, &err, GB_ARGS ("copy", "--from", f->file, "--to", uri));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already holds records"));
  g_assert_cmpstr (out, ==, "");
  after = gb_test_pg_query (dbname, NULL, state_sql, NULL);
  g_assert_cmpstr (after, ==, before);

  /* A file with the demo is refused the same way, and not written. */
  g_free (gb_test_cli_ok (full, GB_ARGS ("demo")));
  full_sum = gb_test_checksum (full);
  g_clear_pointer (&err, g_free);
  g_free (gb_test_cli (NULL, &status, &err, GB_ARGS ("copy", "--from", f->file, "--to", full)));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already holds records"));
  full_after = gb_test_checksum (full);
  g_assert_cmpstr (full_after, ==, full_sum);

  /* Into a shared database only its owner copies: a secretary issues
   * papers, and does not replace the register. */
  {
    g_autofree char *other = NULL;
    g_autofree char *owner_uri = gb_test_pg_new_database ("copy", NULL, &other);
    g_autofree char *secretary = g_strdup_printf ("%s user=copy_secretary", owner_uri);
    g_autofree char *members = NULL;

    g_free (gb_test_pg_query ("guildbook", NULL, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname ="
                                   " 'copy_secretary') THEN CREATE ROLE copy_secretary LOGIN; END IF; END $$", NULL));
    g_free (gb_test_cli_ok (owner_uri, GB_ARGS ("init")));
    g_free (gb_test_cli_ok (owner_uri, GB_ARGS ("roles", "setup")));
    g_free (gb_test_cli_ok (owner_uri, GB_ARGS ("roles", "grant", "copy_secretary", "secretary")));
    g_clear_pointer (&err, g_free);
    g_free (gb_test_cli (NULL, &status, &err, GB_ARGS ("copy", "--from", f->file, "--to", secretary)));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "Only the owner"));
    members = gb_test_pg_query (other, NULL, "SELECT count(*) FROM members", NULL);
    g_assert_cmpstr (members, ==, "0");
  }

  /* Into itself: refused before anything is written. */
  g_clear_pointer (&err, g_free);
  g_free (gb_test_cli (NULL, &status, &err, GB_ARGS ("copy", "--from", uri, "--to", uri)));
  g_assert_cmpint (status, ==, 1);

  /* Without --to: a usage error. */
  g_clear_pointer (&err, g_free);
  g_free (gb_test_cli (f->file, &status, &err, GB_ARGS ("copy")));
  g_assert_cmpint (status, ==, 2);
}

/* backup of a shared database: a Guildbook file with the same register,
 * mode 0600, one file (no journal beside it), -o or the backups folder,
 * by any role that may read it. A restore over it stays refused. */
static void
test_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *dbname = NULL;
  g_autofree char *uri = gb_test_pg_new_database ("copy", NULL, &dbname);
  g_autofree char *backup = g_build_filename (f->dir, "sao-luu.db", NULL);
  g_autofree char *wal = g_strconcat (backup, "-wal", NULL);
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);
  g_autofree char *folder = g_build_filename (xdg, "guildbook", "backups", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *mode = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *in_folder = NULL;
  g_autofree char *saved_xdg = g_strdup (g_getenv ("XDG_DATA_HOME"));
  const char *name;
  GStatBuf st;
  int status;

  make_register (f);
  g_free (gb_test_cli_ok (NULL, GB_ARGS ("copy", "--from", f->file, "--to", uri)));
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);

  out = gb_test_cli_ok (uri, GB_ARGS ("backup", "-o", backup));
  g_assert_nonnull (strstr (out, "Backup written to"));
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  mode = sqlite_value (backup, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  assert_same_register (uri, backup);
  {
    g_autofree char *check = gb_test_cli_ok (backup, GB_ARGS ("check"));
    g_autofree char *id = sqlite_value (backup, "SELECT value FROM meta WHERE key = 'register_id'");
    g_autofree char *pg_id = gb_test_pg_query (dbname, NULL, "SELECT value FROM meta WHERE key = 'register_id'", NULL);

    g_assert_nonnull (strstr (check, "intact"));
    g_assert_cmpstr (id, ==, pg_id);
  }

  /* A viewer reads everything, and so backs it up too. */
  {
    g_autofree char *viewer = g_strdup_printf ("%s user=copy_viewer", uri);
    g_autofree char *by_viewer = g_build_filename (f->dir, "viewer.db", NULL);

    g_free (gb_test_pg_query ("guildbook", NULL, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname ="
                                   " 'copy_viewer') THEN CREATE ROLE copy_viewer LOGIN; END IF; END $$", NULL));
    g_free (gb_test_cli_ok (uri, GB_ARGS ("roles", "setup")));
    g_free (gb_test_cli_ok (uri, GB_ARGS ("roles", "grant", "copy_viewer", "viewer")));
    g_free (gb_test_cli_ok (viewer, GB_ARGS ("backup", "-o", by_viewer)));
    assert_same_register (uri, by_viewer);
  }

  /* Without -o: into the backups folder, named for the database. */
  g_clear_pointer (&out, g_free);
  out = gb_test_cli_ok (uri, GB_ARGS ("backup"));
  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_null (in_folder);
      in_folder = g_build_filename (folder, name, NULL);
    }
  g_assert_nonnull (in_folder);
  {
    g_autofree char *base = g_path_get_basename (in_folder);
    g_autofree char *prefix = g_strdup_printf ("%s-", dbname);

    g_assert_true (g_str_has_prefix (base, prefix));
    g_assert_true (g_str_has_suffix (base, "-manual.db"));
  }
  g_assert_nonnull (strstr (out, in_folder));
  assert_same_register (uri, in_folder);

  /* A restore over a shared database is a copy into an empty one. */
  g_free (gb_test_cli (uri, &status, &err, GB_ARGS ("restore", backup)));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "guildbook-cli copy"));
  g_setenv ("XDG_DATA_HOME", saved_xdg, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/copy/tables", test_tables);
  ADD ("/copy/round-trip", test_round_trip);
  ADD ("/copy/goes-on", test_goes_on);
  ADD ("/copy/refused", test_refused);
  ADD ("/copy/backup", test_backup);
#undef ADD

  return g_test_run ();
}
