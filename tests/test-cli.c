/* test-cli.c — runs the built guildbook-cli on temporary databases
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "gb-database.h"
#include "gb-sql.h"
#include "gb-test-db.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *db;   /* a file in dir, or a new database of the test cluster (gb-test-db.h) */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = gb_test_make_dir ();
  f->db = gb_test_db_location (f->dir, "guildbook.db");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gb_test_db_drop_all ();
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

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The database at @location (a file or a connection string), opened as
 * the program opens it, to read back what a command left there through
 * the same statement layer on either engine. */
static GbDatabase *
open_db (const char *location)
{
  g_autoptr(GError) error = NULL;
  GbDatabase *db = gb_database_open (location, GB_DATABASE_OPEN_EXISTING, &error);

  g_assert_no_error (error);
  return db;
}

/* @sql, which must succeed, on the database at @location. */
static void
exec_sql (const char *location,
          const char *sql)
{
  g_autoptr(GbDatabase) db = open_db (location);

  gb_test_sql_exec (db, sql);
}

static gint64
sql_int (const char *location,
         const char *sql)
{
  g_autoptr(GbDatabase) db = open_db (location);

  return gb_test_sql_int (db, sql);
}

static char *
sql_text (const char *location,
          const char *sql)
{
  g_autoptr(GbDatabase) db = open_db (location);

  return gb_test_sql_text (db, sql);
}

static void
test_demo_stats (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *stats;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "stats", "--json"), &out, NULL), ==, 0);

  node = parse_json (out);
  stats = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (stats, "collective_members"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (stats, "individual_members"), ==, 96);
  g_assert_cmpint (json_object_get_int_member (stats, "artisans"), ==, 120);

  /* A second demo into the same file is refused and changes nothing. */
  {
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "empty"));
  }
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "check"), NULL, NULL), ==, 0);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autofree char *all_out = NULL;
  g_autofree char *found_out = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_int64_hash, g_int64_equal);
  JsonArray *rows;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "artisans", "--json"), &all_out, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "artisans", "--search", "nguyen", "--json"),
                            &found_out, NULL), ==, 0);

  all = parse_json (all_out);
  rows = json_node_get_array (all);
  g_assert_cmpuint (json_array_get_length (rows), ==, 120);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (strstr (json_object_get_string_member (row, "name"), "Nguyễn") != NULL)
        {
          gint64 *id = g_new (gint64, 1);
          *id = json_object_get_int_member (row, "id");
          g_hash_table_add (expected, id);
        }
    }
  g_assert_cmpuint (g_hash_table_size (expected), >, 0);

  found = parse_json (found_out);
  rows = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (rows), ==, g_hash_table_size (expected));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (rows, i), "id");
      g_assert_true (g_hash_table_contains (expected, &id));
    }

  /* The human table lists the same people. */
  {
    g_autofree char *table = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "artisans", "-s", "NGUYỄN"), &table, NULL), ==, 0);
    lines = g_strsplit (g_strstrip (table), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, g_hash_table_size (expected) + 1);
  }
  g_hash_table_foreach (expected, (GHFunc) g_free, NULL);
}

static void
test_sort (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *rows;
  gint64 last = 0;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "artisans", "--sort", "birth_year", "--json"),
                            &out, NULL), ==, 0);
  node = parse_json (out);
  rows = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      gint64 year = json_object_get_int_member (json_array_get_object_element (rows, i), "birth_year");
      g_assert_cmpint (year, >=, last);
      last = year;
    }

  /* Members filtered by kind. */
  {
    g_autofree char *members = NULL;
    g_autoptr(JsonNode) m = NULL;

    g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "members", "--filter", "kind=collective", "--json"),
                              &members, NULL), ==, 0);
    m = parse_json (members);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (m)), ==, 64);
  }
}

static void
test_usage_errors (Fixture *f, gconstpointer data)
{
  const char *const *bad[] = {
    CLI ("--db", f->db),                                   /* no command */
    CLI ("--db", f->db, "frobnicate"),                     /* unknown command */
    CLI ("--db", f->db, "list"),                           /* list what? */
    CLI ("--db", f->db, "list", "villages"),
    CLI ("--db", f->db, "list", "members", "--sort", "password"),
    CLI ("--db", f->db, "list", "members", "--filter", "kind"),
    CLI ("--db", f->db, "stats", "--no-such-option"),
    CLI ("--db", f->db, "init", "extra"),
    CLI ("--no-such-global"),
    CLI ("--db", f->db, "certificate", "-o", "x.pdf"),                    /* whose? */
    CLI ("--db", f->db, "certificate", "--all", "--member", "1", "-o", "x.pdf"),
    CLI ("--db", f->db, "certificate", "--artisan", "1"),                 /* no -o */
    CLI ("--db", f->db, "certificate", "--all", "--date", "15/10/2021", "-o", "x.pdf"),
    CLI ("--db", f->db, "cards", "--all"),
  };

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "init"), NULL, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      int status = run_cli (bad[i], NULL, &err);

      if (status != 2)
        g_error ("case %u: exit %d, expected 2 (%s)", i, status, err);
      g_assert_true (g_str_has_prefix (err, "guildbook-cli: "));
    }

  /* --help succeeds, per command too. */
  {
    g_autofree char *out = NULL;
    g_assert_cmpint (run_cli (CLI ("list", "--help"), &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "--search"));
  }
}

static void
test_data_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!gb_test_db_is_pg ())
    {
      /* A missing file is not created by a read-only command. */
      g_assert_cmpint (run_cli (CLI ("--db", f->db, "stats"), NULL, &err), ==, 1);
      g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
    }
  else
    {
      /* A server's database is made by its administrator: one that does
       * not exist is not made, and the reason is one line (libpq: the
       * later dbname wins). An empty one is set up on first use, as the
       * README says, whatever the command. */
      g_autofree char *missing = g_strconcat (f->db, " dbname=no_such_database", NULL);
      g_autofree char *out = NULL;

      g_assert_cmpint (run_cli (CLI ("--db", missing, "stats"), NULL, &err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "guildbook-cli: "));
      g_assert_null (strchr (g_strstrip (err), '\n'));
      g_assert_cmpint (run_cli (CLI ("--db", f->db, "stats", "--json"), &out, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "\"members\": 0"));
    }
  g_clear_pointer (&err, g_free);

  /* A file that is not ours: exit 1, one line, file unchanged. */
  g_assert_true (g_file_set_contents (text, "Họ và tên;Năm sinh\n", -1, NULL));
  before = gb_test_checksum (text);
  g_assert_cmpint (run_cli (CLI ("--db", text, "list", "members"), NULL, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "guildbook-cli: "));
  g_assert_null (strchr (g_strstrip (err), '\n'));
  after = gb_test_checksum (text);
  g_assert_cmpstr (before, ==, after);
}

/* Papers from the command line: a draft, an issue, the register as JSON. */
static void
test_certificates (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "gcn.pdf", NULL);
  g_autofree char *cards = g_build_filename (f->dir, "the.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonArray *entries;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "-o", pdf), &out, NULL), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "register", "--json"), &out, NULL), ==, 0);
  json = json_from_string (out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 0);   /* a draft */
  g_clear_pointer (&json, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "--artisan", "2",
                                 "--issue", "--date", "2021-10-15", "-o", pdf), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "001/GCN-HHLN"));
  g_assert_nonnull (strstr (out, "002/GCN-HHLN"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "register", "--year", "2021", "--json"), &out, NULL), ==, 0);
  json = json_from_string (out, NULL);
  entries = json_node_get_array (json);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "number"),
                   ==, "002/GCN-HHLN");
  g_assert_cmpuint (strlen (json_object_get_string_member (json_array_get_object_element (entries, 0),
                                                           "sha256")), ==, 64);
  g_clear_pointer (&out, g_free);
  /* Its book: one page, said as one. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "register", "-o", pdf), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "(1 page) "));

  /* Cards for every active member; a member number that does not exist is a data error. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "cards", "--all", "-o", cards), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "cards", "--member", "999999", "-o", cards), NULL, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "guildbook-cli: "));
}

/* backup -o FILE, then restore it over a changed database. */
static void
test_backup_restore (Fixture *f, gconstpointer data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "backup", "-o", copy), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, copy));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "check"), NULL, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", copy, "stats", "--json"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"members\": 160"));
  g_clear_pointer (&out, g_free);
  /* A new, empty database takes the backup's content. */
  {
    g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);

    g_assert_cmpint (run_cli (CLI ("--db", empty, "init"), NULL, NULL), ==, 0);
    g_assert_cmpint (run_cli (CLI ("--db", empty, "restore", copy), NULL, NULL), ==, 0);
    g_assert_cmpint (run_cli (CLI ("--db", empty, "stats", "--json"), &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"members\": 160"));
  }
  /* Not a backup: refused in one line, exit 1. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "restore", f->dir), NULL, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "guildbook-cli: "));
}

/* Export: CSV with a BOM and CRLF, quoted where needed; XLSX that reopens
 * with the same rows; the search of the list applies. */
static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "hoi-vien.csv", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "nghe-nhan.xlsx", NULL);
  g_autofree char *text = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "xlsx-rows.py", NULL);
  g_auto(GStrv) lines = NULL;
  gsize length;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "members", "-o", csv), NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, &length, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (text, length, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 160 + 1);   /* header, rows, "" after the last CRLF */
  g_assert_nonnull (strstr (text, "Đinh Công An"));   /* NFC, as stored */
  g_assert_nonnull (strstr (text, ",\"Thôn "));   /* an address with a comma is quoted */

  /* XLSX of a search: the rows the list shows. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "artisans", "--search", "nguyen", "-o", xlsx), NULL, NULL), ==, 0);
  {
    const char *argv[] = { "python3", script, xlsx, NULL };
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &rows, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    g_auto(GStrv) got = g_strsplit (rows, "\n", -1);
    g_autofree char *list = NULL;
    g_auto(GStrv) listed = NULL;
    guint n = 0;

    g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "artisans", "--search", "nguyen"), &list, NULL), ==, 0);
    listed = g_strsplit (list, "\n", -1);
    for (guint i = 1; listed[i]; i++)
      n += *listed[i] != '\0';
    g_assert_cmpuint (g_strv_length (got) - 2, ==, n);   /* header and the final "" */
    g_assert_true (g_str_has_prefix (got[1], "Nguyễn"));
  }
  /* A wrong format is a usage error. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "members", "--format", "ods", "-o", csv), NULL, NULL), ==, 2);
}

static void
test_vietnamese (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "stats"), &out, NULL), ==, 0);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
  g_assert_nonnull (strstr (out, "Hội viên tập thể"));
  g_assert_nonnull (strstr (out, "Nghệ nhân"));
}


static gboolean
same_file (const char *a, const char *b)
{
  g_autofree char *ca = NULL, *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  return la == lb && memcmp (ca, cb, la) == 0;
}

/* import: problems per row, exit 1 when nothing is imported, --dry-run,
 * --valid-only, undo; a TCVN3 file converted; the round trips of a list
 * (CSV and XLSX) and of the whole database. */
static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "hoi-vien.csv", NULL);
  g_autofree char *tcvn = g_build_filename (f->dir, "nghe-nhan.csv", NULL);
  g_autofree char *other = gb_test_db_location (f->dir, "other.db");
  g_autofree char *third = gb_test_db_location (f->dir, "third.db");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "init"), NULL, NULL), ==, 0);
  g_assert_true (g_file_set_contents (csv,
    "STT;Họ và tên;Năm sinh;Điện thoại\n1;Nguyễn Văn An;1960;0912345678\n2;Trần Thị Bé;1970;12ab\n", -1, NULL));

  /* A bad row: nothing imported, the row named, exit 1. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv), &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Row 3, “Điện thoại”"));
  g_assert_nonnull (strstr (out, "2 rows: 1 can be imported, 1 has a problem."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv, "--dry-run", "--valid-only"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Nothing was written"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "members"), &out, NULL), ==, 0);
  g_assert_null (strstr (out, "Nguyễn Văn An"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv, "--valid-only"), &out, NULL), ==, 0);
  /* The refused import above wrote in a transaction it rolled back: a
   * file gives its number again, a PostgreSQL sequence never goes back. */
  g_assert_nonnull (strstr (out, gb_test_db_is_pg () ? "1 record imported (import 2;"
                                                     : "1 record imported (import 1;"));
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (sql_int (f->db, "SELECT id FROM imports"), ==, gb_test_db_is_pg () ? 2 : 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "members"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Nguyễn Văn An"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "undo"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 record removed"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "undo"), NULL, &err), ==, 1);
  g_clear_pointer (&err, g_free);

  /* Two people of the same name and year: a problem, unless staff say
   * they are two. */
  g_assert_true (g_file_set_contents (csv, "Họ và tên;Năm sinh\nLê Văn Hải;1965\nLê Văn Hải;1965\n", -1, NULL));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv), &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Row 3, “Họ và tên”: The same as row 2 of the file."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv, "--keep-likely-duplicates"), &out, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "2 records imported"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "undo"), &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  /* Text typed for .VnTime (TCVN3), as Excel saved it: read right. */
  {
    const char *text = "Họ và tên,Năm sinh\nNguyễn Văn Khải,1950\nTrần Thị Hương,1962\nĐặng Văn Ước,1958\n";
    gsize len;
    g_autofree char *bytes = g_convert (text, -1, "TCVN5712-1", "UTF-8", NULL, &len, NULL);

    g_assert_nonnull (bytes);
    g_assert_true (g_file_set_contents (tcvn, bytes, len, NULL));
  }
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "artisans", tcvn), &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "TCVN3"));
  g_assert_nonnull (strstr (out, "after:  Nguyễn Văn Khải | 1950"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "list", "artisans"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Nguyễn Văn Khải"));
  g_assert_nonnull (strstr (out, "Đặng Văn Ước"));
  g_clear_pointer (&out, g_free);

  /* A list out and in again: the same file. */
  {
    const char *kinds[] = { "members", "artisans" };
    g_autofree char *demo = gb_test_db_location (f->dir, "demo.db");

    g_assert_cmpint (run_cli (CLI ("--db", demo, "demo"), NULL, NULL), ==, 0);
    g_assert_cmpint (run_cli (CLI ("--db", other, "init"), NULL, NULL), ==, 0);
    g_assert_cmpint (run_cli (CLI ("--db", third, "init"), NULL, NULL), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_autofree char *a = g_strdup_printf ("%s/%s-a.csv", f->dir, kinds[i]);
        g_autofree char *b = g_strdup_printf ("%s/%s-b.csv", f->dir, kinds[i]);
        g_autofree char *x = g_strdup_printf ("%s/%s.xlsx", f->dir, kinds[i]);
        g_autofree char *c = g_strdup_printf ("%s/%s-c.csv", f->dir, kinds[i]);

        g_assert_cmpint (run_cli (CLI ("--db", demo, "export", kinds[i], "-o", a), NULL, NULL), ==, 0);
        g_assert_cmpint (run_cli (CLI ("--db", other, "import", kinds[i], a), NULL, NULL), ==, 0);
        g_assert_cmpint (run_cli (CLI ("--db", other, "export", kinds[i], "-o", b), NULL, NULL), ==, 0);
        g_assert_true (same_file (a, b));
        g_assert_cmpint (run_cli (CLI ("--db", demo, "export", kinds[i], "-o", x), NULL, NULL), ==, 0);
        g_assert_cmpint (run_cli (CLI ("--db", third, "import", kinds[i], x), NULL, NULL), ==, 0);
        g_assert_cmpint (run_cli (CLI ("--db", third, "export", kinds[i], "-o", c), NULL, NULL), ==, 0);
        g_assert_true (same_file (a, c));
      }

    /* The whole database. */
    {
      g_autofree char *dir_a = g_build_filename (f->dir, "all-a", NULL);
      g_autofree char *dir_b = g_build_filename (f->dir, "all-b", NULL);
      g_autofree char *fresh = gb_test_db_location (f->dir, "fresh.db");
      g_autofree char *ma = g_build_filename (dir_a, "members.csv", NULL);
      g_autofree char *mb = g_build_filename (dir_b, "members.csv", NULL);

      g_assert_cmpint (run_cli (CLI ("--db", demo, "export", "all", "-o", dir_a), NULL, NULL), ==, 0);
      g_assert_cmpint (run_cli (CLI ("--db", other, "import", "all", dir_a), NULL, &err), ==, 1);
      g_assert_nonnull (strstr (err, "already holds"));
      g_assert_cmpint (run_cli (CLI ("--db", fresh, "import", "all", dir_a), NULL, NULL), ==, 0);
      g_assert_cmpint (run_cli (CLI ("--db", fresh, "export", "all", "-o", dir_b), NULL, NULL), ==, 0);
      g_assert_true (same_file (ma, mb));
    }
  }
}

/* ---- Where files are written (issue 18, items 9 and 10) ---- */

/* The tables of a Guildbook database, as "export all" writes them. */
static const char *const dump_tables[] = {
  "artisans", "association", "audit_log", "certificates", "communes", "contest_awards",
  "contest_criteria", "contest_entries", "contest_judges", "contest_scores", "crafts",
  "donations", "dues", "events", "import_mappings", "import_records", "imports",
  "member_crafts", "member_status_history", "members", "participants", "reports", "titles",
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* What list_dir gives for the fixture's folder holding @names (sorted,
 * joined by spaces): with the database's file, on a file; a shared
 * database is no file there. */
static char *
beside_db (const char *names)
{
  g_auto(GStrv) split = g_strsplit (names, " ", -1);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; split[i]; i++)
    if (*split[i] != '\0')
      g_ptr_array_add (all, split[i]);
  if (!gb_test_db_is_pg ())
    g_ptr_array_add (all, (gpointer) "guildbook.db");
  g_ptr_array_sort (all, compare_names);
  g_ptr_array_add (all, NULL);
  return g_strjoinv (" ", (char **) all->pdata);
}

/* A table named "../escaped" (a restored foreign file can carry one)
 * neither leads "export all" out of its folder nor stops "import all":
 * both work on Guildbook's own tables, by name. */
static void
test_export_all_fixed_tables (Fixture *f, gconstpointer data)
{
  g_autofree char *fresh = gb_test_db_location (f->dir, "fresh.db");
  g_autofree char *other = gb_test_db_location (f->dir, "other.db");
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autofree char *folder = g_build_filename (sub, "all", NULL);
  g_autofree char *listed = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *schema = NULL;
  g_autofree char *joined = NULL;

  /* The list is the schema's: a new table must be added to it. meta is
   * what a database knows of itself (its keys' recipe): each database
   * makes its own, it is not carried from one to another. */
  g_assert_cmpint (run_cli (CLI ("--db", fresh, "init"), NULL, NULL), ==, 0);
  schema = sql_text (fresh, gb_test_db_is_pg ()
                            ? "SELECT string_agg (tablename, ' ' ORDER BY tablename COLLATE \"C\") FROM pg_tables"
                              " WHERE schemaname = 'public' AND tablename <> 'meta'"
                            : "SELECT group_concat (name, ' ') FROM (SELECT name FROM sqlite_schema"
                              " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'meta'"
                              " ORDER BY name)");
  for (guint i = 0; i < G_N_ELEMENTS (dump_tables); i++)
    g_ptr_array_add (expected, g_strdup (dump_tables[i]));
  g_ptr_array_add (expected, NULL);
  joined = g_strjoinv (" ", (char **) expected->pdata);
  g_assert_cmpstr (schema, ==, joined);

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  exec_sql (f->db, "CREATE TABLE \"../escaped\" (x text); INSERT INTO \"../escaped\" VALUES ('out');");
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "all", "-o", folder), NULL, &err), ==, 0);

  /* Nothing beside the folder; in it, exactly the tables and the manifest. */
  listed = list_dir (sub);
  g_assert_cmpstr (listed, ==, "all");
  outside = g_build_filename (f->dir, "escaped.csv", NULL);
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_clear_pointer (&listed, g_free);
  listed = list_dir (folder);
  {
    g_autoptr(GString) want = g_string_new (NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *sorted = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (dump_tables); i++)
      g_ptr_array_add (names, g_strdup_printf ("%s.csv", dump_tables[i]));
    g_ptr_array_add (names, g_strdup ("manifest.json"));
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    sorted = g_strjoinv (" ", (char **) names->pdata);
    g_assert_cmpstr (listed, ==, sorted);
  }

  /* A database that carries the foreign table takes the folder all the same. */
  g_assert_cmpint (run_cli (CLI ("--db", other, "init"), NULL, NULL), ==, 0);
  exec_sql (other, "CREATE TABLE \"../escaped\" (x text);");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", other, "import", "all", folder), NULL, &err), ==, 0);
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (CLI ("--db", other, "stats", "--json"), &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"members\": 160"));
  }
}

/* Runs guildbook-cli in @cwd; stdout as bytes (a PDF is not UTF-8). */
static int
run_cli_bytes (const char         *cwd,
               const char *const  *argv,
               GBytes            **out,
               char              **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) stdout_buf = NULL;
  g_autoptr(GBytes) stderr_buf = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("GUILDBOOK_CLI"));
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &stdout_buf, &stderr_buf, &error);
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&stdout_buf);
  if (err)
    *err = g_strndup (g_bytes_get_data (stderr_buf, NULL), g_bytes_get_size (stderr_buf));
  return g_subprocess_get_exit_status (proc);
}

/* Reads a FIFO while the program writes it. The FIFO is opened before
 * the program runs, without waiting for a writer, so that the reader
 * holds it even if the program replaced the name. */
typedef struct
{
  int         fd;
  GByteArray *data;
  GMutex      lock;
  GCond       cond;
  gboolean    done;
} FifoReader;

static gpointer
fifo_read (gpointer user_data)
{
  FifoReader *r = user_data;

  for (;;)
    {
      struct pollfd p = { r->fd, POLLIN, 0 };
      guint8 buf[16384];
      gssize n;
      gboolean done;

      g_mutex_lock (&r->lock);
      done = r->done;
      g_mutex_unlock (&r->lock);
      poll (&p, 1, 100);
      n = read (r->fd, buf, sizeof buf);
      if (n > 0)
        {
          g_byte_array_append (r->data, buf, n);
          continue;
        }
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        break;
      if (n == 0 && done)
        break;   /* the program is gone: no writer is left, all is read */
      if (n == 0)
        {
          /* No writer yet, or one that has closed: wait for the program's end. */
          gint64 until = g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND;

          g_mutex_lock (&r->lock);
          while (!r->done && g_cond_wait_until (&r->cond, &r->lock, until))
            ;
          g_mutex_unlock (&r->lock);
        }
    }
  return NULL;
}

/* Runs guildbook-cli with @argv, which writes to the FIFO @fifo; returns
 * the exit status and what came through the FIFO. */
static int
run_cli_into_fifo (const char         *fifo,
                   const char *const  *argv,
                   GBytes            **data,
                   char              **err)
{
  FifoReader r = { 0 };
  GThread *thread;
  int status;

  r.fd = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (r.fd, >=, 0);
  r.data = g_byte_array_new ();
  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);
  thread = g_thread_new ("fifo", fifo_read, &r);
  status = run_cli (argv, NULL, err);
  g_mutex_lock (&r.lock);
  r.done = TRUE;
  g_cond_signal (&r.cond);
  g_mutex_unlock (&r.lock);
  g_thread_join (thread);
  close (r.fd);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);
  *data = g_byte_array_free_to_bytes (r.data);
  return status;
}

static gboolean
is_kind (const char *path,
         mode_t      kind)
{
  struct stat st;

  return lstat (path, &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

static gboolean
bytes_start_with (GBytes     *bytes,
                  const char *prefix,
                  gsize       len)
{
  return g_bytes_get_size (bytes) >= len && memcmp (g_bytes_get_data (bytes, NULL), prefix, len) == 0;
}

/* -o onto a FIFO: the data goes through it, and it stays a FIFO. */
static void
test_output_fifo (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.pdf", NULL);
  g_autofree char *expected = beside_db ("pipe.pdf");
  struct
  {
    const char *const *argv;
    const char        *magic;
    gsize              magic_len;
  } cases[] = {
    { CLI ("--db", f->db, "export", "members", "-o", fifo), "\xEF\xBB\xBF", 3 },
    { CLI ("--db", f->db, "export", "artisans", "--format", "xlsx", "-o", fifo), "PK\x03\x04", 4 },
    { CLI ("--db", f->db, "certificate", "--artisan", "1", "-o", fifo), "%PDF-", 5 },
    { CLI ("--db", f->db, "report", "statistics", "--year", "2021", "-o", fifo), "%PDF-", 5 },
    { CLI ("--db", f->db, "backup", "-o", fifo), "SQLite format 3", 16 },
  };

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) got = NULL;
      g_autofree char *err = NULL;
      g_autofree char *listed = NULL;

      g_test_message ("%s %s", cases[i].argv[2], cases[i].argv[3]);
      g_assert_cmpint (run_cli_into_fifo (fifo, cases[i].argv, &got, &err), ==, 0);
      g_assert_true (is_kind (fifo, S_IFIFO));
      g_assert_true (bytes_start_with (got, cases[i].magic, cases[i].magic_len));
      /* No part file left beside it. */
      listed = list_dir (f->dir);
      g_assert_cmpstr (listed, ==, expected);
    }
}

/* -o onto a folder: refused before anything is done, naming the folder;
 * the folder is as it was, and an issue takes no number. */
static void
test_output_folder (Fixture *f, gconstpointer data)
{
  /* Named as a PDF, so that "report" takes the name and finds a folder. */
  g_autofree char *folder = g_build_filename (f->dir, "papers.pdf", NULL);
  const char *const *commands[] = {
    CLI ("--db", f->db, "export", "members", "-o", folder),
    CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue", "--date", "2021-10-15", "-o", folder),
    CLI ("--db", f->db, "report", "roster", "-o", folder),
    CLI ("--db", f->db, "backup", "-o", folder),
  };
  g_autofree char *beside = beside_db ("papers.pdf");

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *listed = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” is a folder", folder);

      g_test_message ("%s", commands[i][2]);
      g_assert_cmpint (run_cli (commands[i], NULL, &err), ==, 1);
      g_assert_nonnull (strstr (err, expected));
      g_assert_true (is_kind (folder, S_IFDIR));
      listed = list_dir (folder);
      g_assert_cmpstr (listed, ==, "");
      g_clear_pointer (&listed, g_free);
      listed = list_dir (f->dir);
      g_assert_cmpstr (listed, ==, beside);
    }
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (CLI ("--db", f->db, "register", "--json"), &out, NULL), ==, 0);
    g_assert_cmpstr (out, ==, "[]\n");
  }
}

/* -o - writes to standard output; the summary goes to standard error. */
static void
test_output_stdout (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *expected = beside_db ("");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);

  g_assert_cmpint (run_cli_bytes (f->dir, CLI ("--db", f->db, "export", "members", "-o", "-"), &out, &err), ==, 0);
  g_assert_true (bytes_start_with (out, "\xEF\xBB\xBF", 3));
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 160 + 1);
  g_assert_nonnull (strstr (err, "160 records written"));
  g_clear_pointer (&out, g_bytes_unref);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli_bytes (f->dir, CLI ("--db", f->db, "certificate", "--artisan", "1", "-o", "-"),
                                  &out, &err), ==, 0);
  g_assert_true (bytes_start_with (out, "%PDF-", 5));
  {
    gsize size = g_bytes_get_size (out);
    g_autofree char *tail = g_strndup ((const char *) g_bytes_get_data (out, NULL) + size - 16, 16);

    g_assert_cmpuint (size, >, 16);
    g_assert_nonnull (strstr (tail, "%%EOF"));   /* the whole PDF */
  }
  g_clear_pointer (&out, g_bytes_unref);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli_bytes (f->dir, CLI ("--db", f->db, "backup", "-o", "-"), &out, &err), ==, 0);
  g_assert_true (bytes_start_with (out, "SQLite format 3", 16));
  g_clear_pointer (&out, g_bytes_unref);
  g_clear_pointer (&err, g_free);

  /* Nothing named "-" was made. */
  listed = list_dir (f->dir);
  g_assert_cmpstr (listed, ==, expected);
}

/* -o onto a symbolic link: the file it points to is replaced, the link
 * stays a link; a link that points nowhere is refused and left alone. */
static void
test_output_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *target = g_build_filename (f->dir, "real.csv", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.csv", NULL);
  g_autofree char *dangling = g_build_filename (f->dir, "dangling.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "nowhere.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *points = NULL;
  g_autofree char *err = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.csv", link), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "members", "-o", link), NULL, NULL), ==, 0);
  g_assert_true (is_kind (link, S_IFLNK));
  points = g_file_read_link (link, NULL);
  g_assert_cmpstr (points, ==, "real.csv");
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));

  g_assert_cmpint (symlink ("nowhere.pdf", dangling), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "-o", dangling), NULL, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, dangling));
  g_assert_true (is_kind (dangling, S_IFLNK));
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  listed = list_dir (f->dir);
  expected = beside_db ("dangling.pdf link.csv real.csv");
  g_assert_cmpstr (listed, ==, expected);
}

/* ---- Hostile files (issue 20) ---- */

/* The text of one column of the members table, in id order, each value
 * followed by "\n". */
static char *
member_column (const char *location,
               const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM members ORDER BY id", column);
  g_autoptr(GbDatabase) db = open_db (location);
  g_autoptr(GError) error = NULL;
  GString *all = g_string_new (NULL);
  GbStmt *stmt = gb_database_prepare (db, sql, &error);
  GbSqlCode rc;

  g_assert_no_error (error);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      const char *v = gb_stmt_column_text (stmt, 0);

      g_string_append_printf (all, "%s\n", v ? v : "(null)");
    }
  g_assert_cmpint (rc, ==, GB_SQL_DONE);
  gb_stmt_reset (stmt);
  return g_string_free (all, FALSE);
}

/* Whether a CSV file holds a field, quoted or not, that Excel would run
 * as a formula: its text begins (after spaces, tabs and CRs) with = + -
 * or @, and is not a plain number. */
static gboolean
has_live_formula (const char *text)
{
  const char *p = text;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (*p)
    {
      gboolean quoted = *p == '"';
      const char *q = quoted ? p + 1 : p;

      while (*q == ' ' || *q == '\t' || *q == '\r')
        q++;
      if (*q != '\0' && strchr ("=+-@", *q) != NULL)
        {
          const char *d = q + 1;

          while (g_ascii_isdigit (*d) || *d == '.')
            d++;
          if (!(*q != '=' && *q != '@' && d > q + 1
                && (*d == ',' || *d == '"' || *d == '\r' || *d == '\n' || *d == '\0')))
            return TRUE;
        }
      if (quoted)
        {
          for (q = p + 1; *q; q++)
            if (*q == '"' && q[1] == '"')
              q++;
            else if (*q == '"')
              break;
          p = *q ? q + 1 : q;
        }
      else
        p += strcspn (p, ",\r\n");
      while (*p == ',' || *p == '\r' || *p == '\n')
        p++;
    }
  return FALSE;
}

/* Item 1: a name or a note that Excel would read as a formula is written
 * neutralized, with an apostrophe, in every CSV (a list, "export all");
 * "import all" gives back the exact text; a list read back keeps what
 * the file shows. */
static void
test_export_formulas (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "in.csv", NULL);
  g_autofree char *out_csv = g_build_filename (f->dir, "hoi-vien.csv", NULL);
  g_autofree char *dir_a = g_build_filename (f->dir, "all-a", NULL);
  g_autofree char *dir_b = g_build_filename (f->dir, "all-b", NULL);
  g_autofree char *fresh = gb_test_db_location (f->dir, "fresh.db");
  g_autofree char *list_db = gb_test_db_location (f->dir, "list.db");
  g_autofree char *members_a = g_build_filename (dir_a, "members.csv", NULL);
  g_autofree char *members_b = g_build_filename (dir_b, "members.csv", NULL);
  g_autofree char *text = NULL, *names = NULL, *notes = NULL, *back = NULL, *back_notes = NULL;
  g_autofree char *listed = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "init"), NULL, NULL), ==, 0);
  g_assert_true (g_file_set_contents (csv, "Họ và tên;Năm sinh\nNguyễn Văn An;1960\nTrần Thị Bé;1970\n"
                                      "Lê Văn Chí;1971\nPhạm Văn Dũng;1972\nĐỗ Thị Em;1973\nVũ Văn Phúc;1974\n"
                                      "Hồ Văn Giang;1975\n", -1, NULL));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "members", csv), NULL, NULL), ==, 0);
  exec_sql (f->db,
            "UPDATE members SET name = '=HYPERLINK(\"http://x\",\"y\")', notes = '+cmd|'' /C calc''!A0' WHERE id = 1;"
            "UPDATE members SET name = '-2+3', notes = '@SUM(1+1)' WHERE id = 2;"
            "UPDATE members SET notes = '  =1+1' WHERE id = 3;"
            /* A tab and a carriage return, as they are, in the literal. */
            "UPDATE members SET notes = '\t=1+1' WHERE id = 4;"
            "UPDATE members SET notes = '\r=1+1' WHERE id = 5;"
            "UPDATE members SET notes = '''=1+1' WHERE id = 6;"
            "UPDATE members SET notes = '''''@x' WHERE id = 7;");
  names = member_column (f->db, "name");
  notes = member_column (f->db, "notes");

  /* A list for Excel. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "members", "-o", out_csv), NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (out_csv, &text, NULL, NULL));
  g_assert_false (has_live_formula (text));
  g_assert_nonnull (strstr (text, "'=HYPERLINK("));
  g_assert_nonnull (strstr (text, "'+cmd|"));
  g_assert_nonnull (strstr (text, "'  =1+1"));
  /* Read back as a list, a cell keeps what the file shows. */
  g_assert_cmpint (run_cli (CLI ("--db", list_db, "init"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", list_db, "import", "members", out_csv), NULL, NULL), ==, 0);
  listed = member_column (list_db, "name");
  g_assert_nonnull (strstr (listed, "'=HYPERLINK("));

  /* Everything: no file with a live formula, and read back exactly. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "export", "all", "-o", dir_a), NULL, NULL), ==, 0);
  {
    g_autoptr(GDir) dir = g_dir_open (dir_a, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir_a, name, NULL);
        g_autofree char *contents = NULL;

        if (!g_str_has_suffix (name, ".csv"))
          continue;
        g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
        if (has_live_formula (contents))
          g_error ("%s holds a live formula", name);
      }
  }
  g_assert_cmpint (run_cli (CLI ("--db", fresh, "import", "all", dir_a), NULL, NULL), ==, 0);
  back = member_column (fresh, "name");
  back_notes = member_column (fresh, "notes");
  g_assert_cmpstr (back, ==, names);
  g_assert_cmpstr (back_notes, ==, notes);
  g_assert_cmpint (run_cli (CLI ("--db", fresh, "export", "all", "-o", dir_b), NULL, NULL), ==, 0);
  g_assert_true (same_file (members_a, members_b));
}

/* ---- Restore, demo and backups beside other writers (issue 18, items 3, 4 and 8) ---- */

/* Starts guildbook-cli with its data folder (backups) at @xdg; what it
 * prints goes to @name.out and @name.err in @dir. */
static GSubprocess *
trust_spawn (const char        *dir,
             const char        *xdg,
             const char        *name,
             const char *const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = g_strdup_printf ("%s/%s.out", dir, name);
  g_autofree char *err = g_strdup_printf ("%s/%s.err", dir, name);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (args, (gpointer) g_getenv ("GUILDBOOK_CLI"));
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg, TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  g_subprocess_launcher_set_stderr_file_path (launcher, err);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

/* Waits for it; returns its exit status (-1 when killed) and what it told on stderr. */
static int
trust_wait (GSubprocess *proc,
            const char  *dir,
            const char  *name,
            char       **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.err", dir, name);
  int status;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  if (err)
    g_assert_true (g_file_get_contents (path, err, NULL, NULL));
  g_object_unref (proc);
  return status;
}

static int
trust_run (const char        *dir,
           const char        *xdg,
           const char *const *argv,
           char             **err)
{
  return trust_wait (trust_spawn (dir, xdg, "run", argv), dir, "run", err);
}

/* How many names in @dir contain @part. */
static guint
trust_count (const char *dir,
             const char *part)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)) != NULL)
    n += strstr (name, part) != NULL;
  return n;
}

/* The path of the one backup in @dir whose name holds @part, or NULL. */
static char *
trust_find (const char *dir,
            const char *part)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    if (strstr (name, part) && g_str_has_suffix (name, ".db"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static gint64
trust_artisans (const char *location)
{
  return sql_int (location, "SELECT count(*) FROM artisans");
}

static const char *const trust_family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô" };
static const char *const trust_middle[] = { "Văn", "Thị", "Đức", "Minh", "Ngọc", "Quang", "Thu", "Hữu", "Xuân", "Thanh" };
static const char *const trust_given[] = { "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan",
                                           "Long", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh" };

/* Two demos at once on one empty file: one fills it, the other is told
 * the file is not empty (the decision is made inside the write transaction). */
static void
test_demo_race (Fixture *f, gconstpointer data)
{
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);

  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *name = g_strdup_printf ("demo-%u.db", round);
      g_autofree char *db = gb_test_db_location (f->dir, name);
      g_autofree char *err_a = NULL, *err_b = NULL, *out = NULL;
      g_autoptr(JsonNode) node = NULL;
      GSubprocess *a, *b;
      JsonObject *stats;
      int status_a, status_b;

      g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", db, "init"), NULL), ==, 0);
      a = trust_spawn (f->dir, xdg, "demo-a", CLI ("--db", db, "demo"));
      b = trust_spawn (f->dir, xdg, "demo-b", CLI ("--db", db, "demo"));
      status_a = trust_wait (a, f->dir, "demo-a", &err_a);
      status_b = trust_wait (b, f->dir, "demo-b", &err_b);
      g_test_message ("round %u: %d %d", round, status_a, status_b);
      g_assert_true ((status_a == 0 && status_b == 1) || (status_a == 1 && status_b == 0));
      g_assert_nonnull (strstr (status_a ? err_a : err_b, "only fill an empty database"));

      g_assert_cmpint (run_cli (CLI ("--db", db, "stats", "--json"), &out, NULL), ==, 0);
      node = parse_json (out);
      stats = json_node_get_object (node);
      g_assert_cmpint (json_object_get_int_member (stats, "collective_members"), ==, 64);
      g_assert_cmpint (json_object_get_int_member (stats, "individual_members"), ==, 96);
      g_assert_cmpint (json_object_get_int_member (stats, "artisans"), ==, 120);
    }
}

/* A restore while an import of 20,000 artisans runs in another process:
 * afterwards the rows are in the database, or in the backup made before
 * the restore; never in neither. The restore starts at once, or once the
 * import has made its own backup (it then writes). */
static void
test_restore_during_import (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "20k.csv", NULL);
  g_autofree char *old = g_build_filename (f->dir, "old.db", NULL);
  GString *text = g_string_new ("Họ và tên;Năm sinh\n");

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "%s %s %s;%u\n", trust_family[i % 10], trust_middle[i / 10 % 10],
                            trust_given[i / 100 % 20], 1930 + i / 2000);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  g_string_free (text, TRUE);

  for (guint round = 0; round < 6; round++)
    {
      g_autofree char *name = g_strdup_printf ("race-%u.db", round);
      g_autofree char *db = g_build_filename (f->dir, name, NULL);
      g_autofree char *xdg_name = g_strdup_printf ("xdg-%u", round);
      g_autofree char *xdg = g_build_filename (f->dir, xdg_name, NULL);
      g_autofree char *backups = g_build_filename (xdg, "guildbook", "backups", NULL);
      g_autofree char *err_import = NULL, *err_restore = NULL, *before = NULL;
      GSubprocess *import, *restore;
      int status_import, status_restore;
      gint64 in_db, in_before = -1;

      g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", db, "init"), NULL), ==, 0);
      if (round == 0)
        g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", db, "backup", "-o", old), NULL), ==, 0);
      import = trust_spawn (f->dir, xdg, "import", CLI ("--db", db, "import", "artisans", csv));
      if (round % 2 == 1)
        {
          gint64 until = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

          /* Its backup made, the import writes next. */
          while (trust_count (backups, "before-import") == 0 && g_get_monotonic_time () < until)
            g_usleep (2000);
        }
      restore = trust_spawn (f->dir, xdg, "restore", CLI ("--db", db, "restore", old));
      status_import = trust_wait (import, f->dir, "import", &err_import);
      status_restore = trust_wait (restore, f->dir, "restore", &err_restore);

      in_db = trust_artisans (db);
      before = trust_find (backups, "before-restore");
      if (before)
        in_before = trust_artisans (before);
      g_test_message ("round %u: import %d, restore %d (%s); %" G_GINT64_FORMAT " in the database, %"
                      G_GINT64_FORMAT " in the backup before the restore", round, status_import,
                      status_restore, g_strchomp (err_restore), in_db, in_before);
      g_assert_cmpint (status_import, ==, 0);
      g_assert_true (status_restore == 0 || status_restore == 1);
      /* Refused only while the import writes, and said so. */
      if (status_restore == 1)
        g_assert_nonnull (strstr (err_restore, "another program"));
      g_assert_true (in_db == 20000 || in_before == 20000);
      g_assert_cmpint (run_cli (CLI ("--db", db, "check"), NULL, NULL), ==, 0);
    }
}

/* 30 imports from a script leave the rule's count of backups made before
 * an import (the last 3), and the backups made by hand stay. */
static void
test_prune_after_imports (Fixture *f, gconstpointer data)
{
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);
  g_autofree char *backups = g_build_filename (xdg, "guildbook", "backups", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "one.csv", NULL);

  g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", f->db, "init"), NULL), ==, 0);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", f->db, "backup"), NULL), ==, 0);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *text = g_strdup_printf ("Họ và tên;Năm sinh\n%s %s %s;1960\n", trust_family[i % 10],
                                               trust_middle[i / 10], trust_given[i % 20]);
      g_autofree char *err = NULL;

      g_assert_true (g_file_set_contents (csv, text, -1, NULL));
      g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", f->db, "import", "members", csv), &err), ==, 0);
    }
  g_test_message ("%u made before an import, %u by hand", trust_count (backups, "before-import"),
                  trust_count (backups, "manual"));
  g_assert_cmpuint (trust_count (backups, "before-import"), ==, 3);
  g_assert_cmpuint (trust_count (backups, "manual"), ==, 2);
  g_assert_cmpuint (trust_count (backups, ".db"), ==, 5);
}

/* ---- Papers an office can sign and send (issue 19) ---- */

/* Every row of the register, quoted, as one SHA-256: a failed issue must
 * leave it byte for byte as it was. */
static char *
register_checksum (const char *location)
{
  const char *const columns[] = { "id", "kind", "year", "serial", "number", "holder_name", "issued_on",
                                  "sha256", "reissue_of", "voided_on" };
  g_autoptr(GString) sql = g_string_new ("SELECT ''");
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GbDatabase) db = open_db (location);
  g_autoptr(GError) error = NULL;
  GbStmt *stmt;
  GbSqlCode rc;

  /* Each value after "=", NULL as "~": on either engine, as quote() was. */
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (sql, " || coalesce ('=' || CAST(%s AS TEXT), '~')", columns[i]);
  g_string_append (sql, " FROM certificates ORDER BY id");
  stmt = gb_database_prepare (db, sql->str, &error);
  g_assert_no_error (error);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_checksum_update (sum, (const guchar *) gb_stmt_column_text (stmt, 0), -1);
  g_assert_cmpint (rc, ==, GB_SQL_DONE);
  gb_stmt_reset (stmt);
  return g_strdup (g_checksum_get_string (sum));
}

static char *
register_json (const char *db)
{
  char *out = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", db, "register", "--json"), &out, NULL), ==, 0);
  return out;
}

/* Item 1: a write that fails takes no number; the next real paper is 001
 * and no duplicate of a phantom. */
static void
test_issue_failed_write (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "gcn.pdf", NULL);
  g_autofree char *json_before = NULL, *sum_before = NULL, *out = NULL, *err = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *entry;
  const char *const bad[] = { "/nonexistent/x.pdf", "/dev/full" };

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  json_before = register_json (f->db);
  sum_before = register_checksum (f->db);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json_after = NULL, *sum_after = NULL;

      g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "53", "--issue",
                                     "--date", "2026-03-10", "-o", bad[i]), NULL, NULL), ==, 1);
      json_after = register_json (f->db);
      sum_after = register_checksum (f->db);
      g_assert_cmpstr (json_after, ==, json_before);
      g_assert_cmpstr (sum_after, ==, sum_before);
    }
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "53", "--issue",
                                 "--date", "2026-03-10", "-o", pdf), &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "001/GCN-HHLN"));
  g_clear_pointer (&out, g_free);
  out = register_json (f->db);
  json = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 1);
  entry = json_array_get_object_element (json_node_get_array (json), 0);
  g_assert_cmpint (json_object_get_int_member (entry, "reissue_of"), ==, 0);
  /* The file written is the paper whose hash the register keeps. */
  {
    g_autofree char *bytes = NULL;
    gsize len;
    g_autofree char *sha = NULL;

    g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
    sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
    g_assert_cmpstr (json_object_get_string_member (entry, "sha256"), ==, sha);
  }
}

/* Item 8: number 002 of a year is never dated before 001. */
static void
test_issue_back_dating (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "gcn.pdf", NULL);
  g_autofree char *before = NULL, *after = NULL, *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue",
                                 "--date", "2026-03-10", "-o", pdf), NULL, NULL), ==, 0);
  before = register_checksum (f->db);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "2", "--issue",
                                 "--date", "2026-03-01", "-o", pdf), NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "10/03/2026"));
  after = register_checksum (f->db);
  g_assert_cmpstr (after, ==, before);
  /* The same day, a later day, and another year's first number are fine. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "2", "--issue",
                                 "--date", "2026-03-10", "-o", pdf), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "002/GCN-HHLN"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "3", "--issue",
                                 "--date", "2025-12-30", "-o", pdf), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "001/GCN-HHLN"));
}

/* Item 5: `verify` looks a scanned payload up in the register. */
static void
test_verify (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "gcn.pdf", NULL);
  g_autofree char *out = NULL, *payload = NULL, *forged = NULL, *other_year = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *e;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue",
                                 "--date", "2026-03-10", "-o", pdf), NULL, NULL), ==, 0);
  out = register_json (f->db);
  json = parse_json (out);
  e = json_array_get_object_element (json_node_get_array (json), 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (e, "check")), ==, 8);
  payload = g_strdup_printf ("GB1|GCN-HHLN|2026-001|2026-03-10|%s|%s",
                             json_object_get_string_member (e, "check"),
                             json_object_get_string_member (e, "holder"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "verify", payload), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "001/GCN-HHLN"));
  g_assert_nonnull (strstr (out, json_object_get_string_member (e, "holder")));
  g_clear_pointer (&out, g_free);

  /* Another check value, or the same number in another year: unknown. */
  forged = g_strdup_printf ("GB1|GCN-HHLN|2026-001|2026-03-10|00000000|%s",
                            json_object_get_string_member (e, "holder"));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "verify", forged), &out, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  other_year = g_strdup_printf ("GB1|GCN-HHLN|2025-001|2025-03-10|%s|%s",
                                json_object_get_string_member (e, "check"),
                                json_object_get_string_member (e, "holder"));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "verify", other_year), &out, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "verify", "Số: 001/GCN-HHLN"), &out, NULL), ==, 1);
  g_clear_pointer (&out, g_free);

  /* Voided: revoked, with the reason. */
  exec_sql (f->db, "UPDATE certificates SET voided_on = '2026-04-01', void_reason = 'Cấp nhầm người'");
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "verify", payload), &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Cấp nhầm người"));
}

static void
import_artisans (Fixture *f, const char *rows)
{
  g_autofree char *csv = g_build_filename (f->dir, "nghe-nhan.csv", NULL);
  g_autofree char *text = g_strconcat ("Họ và tên;Năm sinh;Danh hiệu;Số quyết định;Ngày quyết định;"
                                       "Cơ quan ban hành\n", rows, NULL);

  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "import", "artisans", csv), NULL, NULL), ==, 0);
}

/* Items 3 and 7: a paper that lacks a fact is not issued, and the
 * association gives no paper for a state title. */
static void
test_issue_missing_facts (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "gcn.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL, *sum = NULL, *after = NULL, *issuer = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "init"), NULL, NULL), ==, 0);
  import_artisans (f, "Lê Văn Khoa;1960;Nghệ nhân Làng nghề Hải Phòng;14/QĐ-HHLN;;\n"
                      "Trần Thị Mai;1958;Nghệ nhân Ưu tú;1234/QĐ-CTN;15/11/2019;Chủ tịch nước\n"
                      "Phạm Văn Tùng;1962;Nghệ nhân Làng nghề Hải Phòng;27/QĐ-HHLN;15/10/2021;"
                      "Hiệp hội Làng nghề Hải Phòng\n");
  /* The issuing body is read. */
  issuer = sql_text (f->db, "SELECT issuer FROM titles WHERE decision_no = '27/QĐ-HHLN'");
  g_assert_cmpstr (issuer, ==, "Hiệp hội Làng nghề Hải Phòng");

  sum = register_checksum (f->db);
  /* No signer in Preferences (a new database names the association), no decision date. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue",
                                 "--date", "2026-03-10", "-o", pdf), &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "decision date"));
  g_assert_nonnull (strstr (err, "signer"));
  g_assert_null (strstr (err, "decision number"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A state title: no association certificate, and the reason. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "2",
                                 "-o", pdf), &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "state title"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  after = register_checksum (f->db);
  g_assert_cmpstr (after, ==, sum);
}

/* What a killed restore or backup leaves (the working copy with its
 * journal, half-written backups) goes at the next open; what a running
 * one holds, or another database's, stays. */
static void
test_leftovers (Fixture *f, gconstpointer data)
{
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);
  g_autofree char *backups = g_build_filename (xdg, "guildbook", "backups", NULL);
  const char *const gone[] = {
    "guildbook.db.restoring-1804289383", "guildbook.db.restoring-1804289383-wal",
    "guildbook.db.restoring-1804289383-shm", "guildbook.db.restoring-1a2b3c4d.db-journal",
    "backups/guildbook-20250101-090000-before-import.db.part",
    "backups/guildbook-20250101-090001.db.part", "backups/guildbook-20250101-090001.db.part-journal",
    "backups/guildbook.db.restoring-1a2b3c4d-20250101-090002-before-migration.db",
  };
  const char *const kept[] = {
    "guildbook.db.restoring-5e6f7a8b.db", "guildbook.db.restoring-5e6f7a8b.db-wal",
    "backups/guildbook-20250101-090003-before-restore.db.part",
    "other.db.restoring-1", "backups/other-20250101-090000.db.part", "notes.part",
  };
  int held[2];

  g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", f->db, "init"), NULL), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (backups, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_autofree char *path = g_str_has_prefix (gone[i], "backups/")
        ? g_build_filename (xdg, "guildbook", gone[i], NULL) : g_build_filename (f->dir, gone[i], NULL);
      g_assert_true (g_file_set_contents (path, "SQLite format 3", -1, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_str_has_prefix (kept[i], "backups/")
        ? g_build_filename (xdg, "guildbook", kept[i], NULL) : g_build_filename (f->dir, kept[i], NULL);
      g_assert_true (g_file_set_contents (path, "SQLite format 3", -1, NULL));
    }
  /* A restore and a backup still running hold a lock on their file. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = i == 0 ? g_build_filename (f->dir, kept[0], NULL)
                                     : g_build_filename (xdg, "guildbook", kept[2], NULL);
      struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };

      held[i] = g_open (path, O_RDWR, 0);
      g_assert_cmpint (held[i], >=, 0);
      g_assert_cmpint (fcntl (held[i], F_SETLK, &lock), ==, 0);
    }

  g_assert_cmpint (trust_run (f->dir, xdg, CLI ("--db", f->db, "stats"), NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_autofree char *path = g_str_has_prefix (gone[i], "backups/")
        ? g_build_filename (xdg, "guildbook", gone[i], NULL) : g_build_filename (f->dir, gone[i], NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("left: %s", gone[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_str_has_prefix (kept[i], "backups/")
        ? g_build_filename (xdg, "guildbook", kept[i], NULL) : g_build_filename (f->dir, kept[i], NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("removed: %s", kept[i]);
    }
  close (held[0]);
  close (held[1]);
}

/* ---- Writing onto the database itself (issue 18) ---- */

/* Runs export, certificate and backup with -o @target; each is refused
 * with a message that names @target and says @what. */
static void
refused_onto (Fixture    *f,
              const char *target,
              const char *what)
{
  const char *const *commands[] = {
    CLI ("--db", f->db, "export", "members", "-o", target),
    CLI ("--db", f->db, "certificate", "--artisan", "1", "-o", target),
    CLI ("--db", f->db, "backup", "-o", target),
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” %s", target, what);

      g_test_message ("%s -o %s", commands[i][2], target);
      g_assert_cmpint (run_cli (commands[i], NULL, &err), ==, 1);
      g_assert_nonnull (strstr (err, expected));
    }
}

/* -o naming the database being read, a hard link to it, or one of the
 * files sqlite keeps beside it: refused, and the file is as it was.
 * Renaming a CSV over the database, or over the WAL another process
 * holds, would lose the association's records. */
static void
test_output_onto_database (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  g_autofree char *journal = g_strconcat (f->db, "-journal", NULL);
  g_autofree char *hard = g_build_filename (f->dir, "same.pdf", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal_before = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *notes = NULL;
  const char *sidecars[] = { wal, shm, journal };
  sqlite3 *holder = NULL;
  struct stat st_db, st_shm, st;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (link (f->db, hard), ==, 0);
  before = gb_test_checksum (f->db);
  refused_onto (f, f->db, "is the database");
  refused_onto (f, hard, "is the database");
  after = gb_test_checksum (f->db);
  g_assert_cmpstr (after, ==, before);

  /* Another process's change still in the WAL: it holds the file open, so
   * the WAL and the shared memory stay while the commands run. Only the
   * WAL is read here (no lock lives on it), never the database or the
   * shared memory (DESIGN.md, "Data"). */
  g_assert_cmpint (sqlite3_open (f->db, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "PRAGMA journal_mode = WAL;"
                                 "UPDATE members SET notes = 'held' WHERE id = 1;", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (g_stat (f->db, &st_db), ==, 0);
  g_assert_cmpint (g_stat (shm, &st_shm), ==, 0);
  wal_before = gb_test_checksum (wal);
  g_assert_cmpstr (wal_before, !=, "<missing>");
  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *wal_now = NULL;

      refused_onto (f, sidecars[i], "is a file sqlite keeps beside the database");
      g_assert_cmpint (g_stat (f->db, &st), ==, 0);
      g_assert_cmpuint (st.st_ino, ==, st_db.st_ino);
      g_assert_cmpint (g_stat (shm, &st), ==, 0);
      g_assert_cmpuint (st.st_ino, ==, st_shm.st_ino);
      wal_now = gb_test_checksum (wal);
      g_assert_cmpstr (wal_now, ==, wal_before);
      g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
    }
  sqlite3_close (holder);

  listed = list_dir (f->dir);
  g_assert_cmpstr (listed, ==, "guildbook.db same.pdf");
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "check"), NULL, NULL), ==, 0);
  notes = member_column (f->db, "notes");
  g_assert_true (g_str_has_prefix (notes, "held\n"));
}

/* ---- Restoring over a damaged file (issue 18) ---- */

/* restore onto a file with a damaged page: the copy made of the current
 * content first cannot pass a check, and it is not meant to; it is kept
 * beside the file, named as damaged, and the restore goes on. */
static void
test_restore_damaged (Fixture *f, gconstpointer data)
{
  g_autofree char *good = g_build_filename (f->dir, "good.db", NULL);
  g_autofree char *damaged_sum = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 page_size = 0, page_count = 0;
  guint n_kept = 0;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "backup", "-o", good), NULL, NULL), ==, 0);

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT page_size, page_count FROM pragma_page_size, pragma_page_count",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int64 (stmt, 0);
  page_count = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (page_count, >=, 45);

  /* Page 45 overwritten, as a bad sector or a stray write would. */
  {
    g_autofree char *garbage = g_malloc (page_size);
    int fd = g_open (f->db, O_WRONLY, 0);

    memset (garbage, 0xA5, page_size);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pwrite (fd, garbage, page_size, 44 * page_size), ==, page_size);
    g_assert_cmpint (close (fd), ==, 0);
  }
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "check"), NULL, NULL), ==, 1);
  damaged_sum = gb_test_checksum (f->db);

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "restore", good), &out, &err), ==, 0);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "check"), NULL, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "stats", "--json"), &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"members\": 160"));

  /* The damaged content is kept beside, once, as it was. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "guildbook.db.damaged-"))
      {
        g_free (kept);
        kept = g_build_filename (f->dir, name, NULL);
        n_kept++;
      }
  g_assert_cmpuint (n_kept, ==, 1);
  {
    g_autofree char *kept_sum = gb_test_checksum (kept);

    g_assert_cmpstr (kept_sum, ==, damaged_sum);
  }
  g_assert_cmpint (run_cli (CLI ("--db", kept, "check"), NULL, NULL), ==, 1);
}

/* ---- A text cut short on the paper (issue 19) ---- */

/* A craft far too long for its box is cut short with "…": --issue says
 * so and issues nothing, unless --allow-shortened; a draft only warns. */
static void
test_issue_shortened (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "gcn.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL, *before = NULL, *after = NULL, *sql = NULL;
  g_autoptr(GString) craft = g_string_new ("Nghề ");
  g_autoptr(JsonNode) json = NULL;

  g_assert_cmpint (run_cli (CLI ("--db", f->db, "demo"), NULL, NULL), ==, 0);
  while (g_utf8_strlen (craft->str, -1) < 400)
    g_string_append (craft, "chạm khắc gỗ mỹ nghệ sơn mài khảm trai truyền thống ");
  /* The text has no quote to double. */
  g_assert_null (strchr (craft->str, '\''));
  sql = g_strdup_printf ("UPDATE crafts SET name = '%s' WHERE id = "
                         "(SELECT craft_id FROM artisans WHERE id = 1)", craft->str);
  exec_sql (f->db, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM crafts c JOIN artisans a ON a.craft_id = c.id"
                         " WHERE a.id = 1 AND c.name = '%s'", craft->str);
  g_assert_cmpint (sql_int (f->db, sql), ==, 1);
  before = register_checksum (f->db);

  /* A draft: the warning, and the paper. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1",
                                 "--date", "2026-03-10", "-o", pdf), &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "cut short"));
  g_assert_nonnull (strstr (err, "chạm khắc gỗ"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --issue: refused, naming the text and the way out; nothing entered. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue",
                                 "--date", "2026-03-10", "-o", pdf), &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "cut short"));
  g_assert_nonnull (strstr (err, "chạm khắc gỗ"));
  g_assert_nonnull (strstr (err, "--allow-shortened"));
  after = register_checksum (f->db);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = register_json (f->db);
  json = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 0);
  g_clear_pointer (&json, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* --allow-shortened: issued, still with the warning. */
  g_assert_cmpint (run_cli (CLI ("--db", f->db, "certificate", "--artisan", "1", "--issue",
                                 "--allow-shortened", "--date", "2026-03-10", "-o", pdf),
                            &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "001/GCN-HHLN"));
  g_assert_nonnull (strstr (err, "cut short"));
  g_clear_pointer (&out, g_free);
  out = register_json (f->db);
  json = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("GUILDBOOK_CLI"));

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/demo-stats", test_demo_stats);
  ADD ("/cli/search", test_search);
  ADD ("/cli/sort-and-filter", test_sort);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/data-errors", test_data_errors);
  ADD ("/cli/vietnamese", test_vietnamese);
  ADD ("/cli/certificates", test_certificates);
  ADD ("/cli/export", test_export);
  ADD ("/cli/import", test_import);
  ADD ("/cli/export-all-fixed-tables", test_export_all_fixed_tables);
  ADD ("/cli/output-fifo", test_output_fifo);
  ADD ("/cli/output-folder", test_output_folder);
  ADD ("/cli/output-stdout", test_output_stdout);
  ADD ("/cli/output-symlink", test_output_symlink);
  ADD ("/cli/export-formulas", test_export_formulas);
  ADD ("/cli/demo-race", test_demo_race);
  ADD ("/cli/issue-failed-write", test_issue_failed_write);
  ADD ("/cli/issue-back-dating", test_issue_back_dating);
  ADD ("/cli/verify", test_verify);
  ADD ("/cli/issue-missing-facts", test_issue_missing_facts);
  ADD ("/cli/issue-shortened", test_issue_shortened);
  /* About the database's file: a shared database has none, and its
   * backups are copy and backup to a file, tested in test-copy.c. */
  if (!gb_test_db_is_pg ())
    {
      /* backup of the file and restore of a backup over it */
      ADD ("/cli/backup-restore", test_backup_restore);
      /* restore of the file beside an import, and the backup made before it */
      ADD ("/cli/restore-during-import", test_restore_during_import);
      /* the backups of the file made before each import, pruned */
      ADD ("/cli/prune-after-imports", test_prune_after_imports);
      /* what a killed restore or backup left beside the file */
      ADD ("/cli/leftovers", test_leftovers);
      /* -o naming the database's file, a link to it, or its -wal, -shm or -journal */
      ADD ("/cli/output-onto-database", test_output_onto_database);
      /* restore over a file with a damaged page */
      ADD ("/cli/restore-damaged", test_restore_damaged);
    }
#undef ADD

  return g_test_run ();
}
