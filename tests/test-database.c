/* test-database.c — opening, creating, migrating and refusing files
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "gb-database.h"
#include "gb-error.h"
#include "gb-migrations.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = gb_test_make_dir ();
  f->path = g_build_filename (f->dir, "sub", "guildbook.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static int
pragma_int (GbDatabase *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gb_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
pragma_text (GbDatabase *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gb_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
test_create (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  struct stat st;

  db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpint (gb_database_get_schema_version (db), ==, gb_database_get_latest_version ());
  g_assert_cmpint (pragma_int (db, "PRAGMA application_id"), ==, (int) GB_APPLICATION_ID);
  g_assert_cmpint (pragma_int (db, "PRAGMA foreign_keys"), ==, 1);
  mode = pragma_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (pragma_int (db, "PRAGMA page_size"), ==, 16384);

  /* Owner only: the register holds personal data. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  {
    g_autofree char *report = NULL;
    g_assert_true (gb_database_check (db, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (report, ==, "ok\n");
  }
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GbDatabase *db;

  db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (gb_database_exec (db, "UPDATE association SET name = 'Hiệp hội thử'", &error));
  g_object_unref (db);

  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_schema_version (db), ==, gb_database_get_latest_version ());
  {
    g_autofree char *name = pragma_text (db, "SELECT name FROM association");
    g_assert_cmpstr (name, ==, "Hiệp hội thử");
  }
  g_object_unref (db);
}

static void
test_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);

  g_assert_null (db);
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* Opens @path expecting @code, and proves nothing was written. */
static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *before = gb_test_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  db = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, GB_ERROR, code);
  g_assert_nonnull (strstr (error->message, "guildbook.db"));

  after = gb_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
make_parent (Fixture *f)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_mkdir_with_parents (dir, 0700);
}

static void
test_zero_bytes (Fixture *f, gconstpointer data)
{
  make_parent (f);
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  assert_refused (f->path, GB_ERROR_EMPTY_FILE);
}

static void
test_text_file (Fixture *f, gconstpointer data)
{
  const char *text = "Họ và tên,Năm sinh\nNguyễn Văn An,1960\n";

  make_parent (f);
  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  assert_refused (f->path, GB_ERROR_NOT_DATABASE);
}

/* A valid Guildbook file, closed (so its WAL is merged), with some rows. */
static void
make_valid (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GbDatabase *db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);

  g_assert_no_error (error);
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO crafts (name) VALUES ('Nghề số %d với tên khá dài để chiếm nhiều trang')", i);
      gb_database_exec (db, sql, &error);
      g_assert_no_error (error);
    }
  g_object_unref (db);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize len;

  make_valid (f);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  g_assert_true (g_file_set_contents (f->path, contents, len / 2, NULL));
  assert_refused (f->path, GB_ERROR_CORRUPT);

  /* Cut inside the 100-byte header as well. */
  g_assert_true (g_file_set_contents (f->path, contents, 60, NULL));
  assert_refused (f->path, GB_ERROR_CORRUPT);
}

static void
test_damaged_header (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize len;

  make_valid (f);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  contents[16] = 0x03;   /* page size 0x03xx: not a power of two */
  contents[17] = 0x01;
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  assert_refused (f->path, GB_ERROR_CORRUPT);
}

static void
raw_sqlite (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_newer_schema (Fixture *f, gconstpointer data)
{
  g_autofree char *sql = NULL;

  make_valid (f);
  sql = g_strdup_printf ("PRAGMA user_version = %d", gb_database_get_latest_version () + 1);
  raw_sqlite (f->path, sql);
  assert_refused (f->path, GB_ERROR_TOO_NEW);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* The window's way of opening: on a worker thread, the connection handed
 * back ready to use on this one; a file refused is refused the same way. */
static void
test_open_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL, refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *sql = NULL;

  make_valid (f);
  gb_database_open_async (f->path, GB_DATABASE_OPEN_EXISTING, NULL, opened_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  db = gb_database_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (gb_database_get_schema_version (db), ==, gb_database_get_latest_version ());
  g_assert_true (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Gốm')", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  sql = g_strdup_printf ("PRAGMA user_version = %d", gb_database_get_latest_version () + 1);
  raw_sqlite (f->path, sql);
  gb_database_open_async (f->path, GB_DATABASE_OPEN_EXISTING, NULL, opened_cb, &refused);
  while (refused == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (gb_database_open_finish (refused, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_TOO_NEW);
}

static void
test_other_program (Fixture *f, gconstpointer data)
{
  make_parent (f);
  raw_sqlite (f->path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
  assert_refused (f->path, GB_ERROR_NOT_GUILDBOOK);

  /* Another program's application_id is refused even with our tables' names. */
  g_unlink (f->path);
  raw_sqlite (f->path, "PRAGMA application_id = 1234; CREATE TABLE members (id INTEGER);");
  assert_refused (f->path, GB_ERROR_NOT_GUILDBOOK);
}

static void
test_transactions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);

  g_assert_no_error (error);

  g_assert_true (gb_database_begin (db, &error));
  g_assert_true (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Gốm')", &error));
  g_assert_true (gb_database_begin (db, &error));     /* nested: a savepoint */
  g_assert_true (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Thêu ren')", &error));
  gb_database_rollback (db);                          /* undoes Thêu ren only */
  g_assert_true (gb_database_commit (db, &error));
  g_assert_cmpint (pragma_int (db, "SELECT count(*) FROM crafts"), ==, 1);

  g_assert_true (gb_database_begin (db, &error));
  g_assert_true (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Đúc đồng')", &error));
  gb_database_rollback (db);
  g_assert_cmpint (pragma_int (db, "SELECT count(*) FROM crafts"), ==, 1);

  /* A failing statement reports a constraint error, with the reason. */
  g_assert_false (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Gốm')", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_CONSTRAINT);
}

static void
test_audit_is_append_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);

  g_assert_true (gb_database_exec (db, "INSERT INTO audit_log (os_user, table_name, record_id, action) "
                                       "VALUES ('u', 'members', 1, 'insert')", &error));
  g_assert_false (gb_database_exec (db, "UPDATE audit_log SET os_user = 'x'", &error));
  g_assert_nonnull (strstr (error->message, "audit log"));
  g_clear_error (&error);
  g_assert_false (gb_database_exec (db, "DELETE FROM audit_log", &error));
  g_clear_error (&error);
  g_assert_cmpint (pragma_int (db, "SELECT count(*) FROM audit_log WHERE os_user = 'u'"), ==, 1);
}

/* Network file systems are refused by their statfs(2) type. */
/* The value of @key in @conninfo as libpq reads it, or NULL. */
static char *
conninfo_value (const char *conninfo,
                const char *key)
{
  char *errmsg = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &errmsg);
  char *value = NULL;

  g_assert_null (errmsg);
  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword; o++)
    if (g_str_equal (o->keyword, key) && o->val != NULL)
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

/* The Preferences' shared database: a host with a space or a quote and a
 * name with a backslash stay one value each; the password is in the
 * string only when asked for, and never in the one kept or shown. */
static void
test_pg_conninfo (void)
{
  g_autofree char *plain = gb_database_pg_conninfo ("db.office", "guildbook", "lan", NULL);
  g_autofree char *odd = gb_database_pg_conninfo ("/run/my sockets/it's", "guild\\book", "o'neil", "");
  g_autofree char *secret = gb_database_pg_conninfo ("db", "guildbook", "lan", "p4ss w'rd");
  g_autofree char *host = NULL, *dbname = NULL, *user = NULL, *password = NULL;

  g_assert_cmpstr (plain, ==, "dbname='guildbook' host='db.office' user='lan'");
  g_assert_true (gb_database_name_is_pg (plain));
  g_assert_cmpstr (odd, ==, "dbname='guild\\\\book' host='/run/my sockets/it\\'s' user='o\\'neil'");
  g_assert_true (gb_database_name_is_pg (odd));
  host = conninfo_value (odd, "host");
  dbname = conninfo_value (odd, "dbname");
  user = conninfo_value (odd, "user");
  password = conninfo_value (odd, "password");
  g_assert_cmpstr (host, ==, "/run/my sockets/it's");
  g_assert_cmpstr (dbname, ==, "guild\\book");
  g_assert_cmpstr (user, ==, "o'neil");
  g_assert_null (password);

  g_clear_pointer (&password, g_free);
  password = conninfo_value (secret, "password");
  g_assert_cmpstr (password, ==, "p4ss w'rd");
  g_assert_null (strstr (plain, "password"));
}

static void
test_network_fs (void)
{
  g_assert_true (gb_database_is_network_fs (0x6969));        /* NFS */
  g_assert_true (gb_database_is_network_fs (0xFF534D42));    /* CIFS */
  g_assert_true (gb_database_is_network_fs (0xFE534D42));    /* SMB2 */
  g_assert_false (gb_database_is_network_fs (0xEF53));       /* ext4 */
  g_assert_false (gb_database_is_network_fs (0x01021994));   /* tmpfs */
  g_assert_false (gb_database_is_network_fs (0x58465342));   /* XFS */
}

/* Another connection's commit is seen by the window's (for the refresh on focus). */
static void
test_data_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "v.db", NULL);
  g_autoptr(GbDatabase) window = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbDatabase) cli = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  gint64 before;

  g_assert_no_error (error);
  before = gb_database_get_data_version (window);
  g_assert_cmpint (gb_database_get_data_version (window), ==, before);
  g_assert_true (gb_database_exec (cli, "INSERT INTO crafts (name) VALUES ('Gốm')", &error));
  g_assert_cmpint (gb_database_get_data_version (window), !=, before);
  g_clear_object (&window);
  g_clear_object (&cli);
  gb_test_remove_dir (dir);
}

static void
assert_check_fails (GbDatabase *db, const char *sql)
{
  char *message = NULL;

  g_assert_cmpint (sqlite3_exec (gb_database_get_handle (db), sql, NULL, NULL, &message), ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_nonnull (strstr (message, "CHECK constraint failed"));
  sqlite3_free (message);
}

/* Schema 11: a CHECK's list of words is compared word by word, for the
 * same values as before; sqlite built a table of the list for each row. */
static void
test_lists_spelled_out (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;
  guint tables = 0;
  static const struct { const char *in, *out; } cases[] = {
    { "CHECK (status IN ('active','suspended','resigned','deceased'))",
      "CHECK ((status = 'active' OR status = 'suspended' OR status = 'resigned' OR status = 'deceased'))" },
    { "CHECK (kind IN ('people','meritorious',\n    'city_assoc'))",
      "CHECK ((kind = 'people' OR kind = 'meritorious' OR kind = 'city_assoc'))" },
    { "CHECK (a IS NULL OR a IN ('x', 'y', 'z')), b CHECK (b IN ('p','q'))",
      "CHECK (a IS NULL OR (a = 'x' OR a = 'y' OR a = 'z')), b CHECK (b IN ('p','q'))" },
    { "CHECK (length(c) IN (10, 13) AND d IN (0, 1, 2))", "CHECK (length(c) IN (10, 13) AND d IN (0, 1, 2))" },
    { "CHECK (kind IN ('phường','xã','đặc khu'))", "CHECK ((kind = 'phường' OR kind = 'xã' OR kind = 'đặc khu'))" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gb_migrations_spell_out_lists (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  g_assert_no_error (error);
  handle = gb_database_get_handle (db);
  /* No table is left with a list to spell out. */
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *spelled = gb_migrations_spell_out_lists (sql);

      g_assert_cmpstr (spelled, ==, sql);
      tables++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables, >, 20);
  {
    g_autofree char *members = pragma_text (db, "SELECT sql FROM sqlite_schema WHERE name = 'members'");
    g_assert_nonnull (strstr (members, "status = 'deceased'"));
  }

  /* Inserting a member, its status line or an import's record builds no
   * table along the way. */
  {
    static const char *const inserts[] = {
      "INSERT INTO members (kind, member_no, name, status, org_type) VALUES ('collective', 'HV-1', 'A', 'active', 'village')",
      "INSERT INTO member_status_history (member_id, status, since) VALUES (1, 'active', '2026-01-01')",
      "INSERT INTO import_records (import_id, table_name, record_id) VALUES (1, 'members', 1)",
      "INSERT INTO events (kind, title) VALUES ('contest', 'Hội thi')",
    };

    for (guint i = 0; i < G_N_ELEMENTS (inserts); i++)
      {
        g_autofree char *explain = g_strconcat ("EXPLAIN ", inserts[i], NULL);
        gboolean ephemeral = FALSE;

        g_assert_cmpint (sqlite3_prepare_v2 (handle, explain, -1, &stmt, NULL), ==, SQLITE_OK);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ephemeral |= g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "OpenEphemeral");
        sqlite3_finalize (stmt);
        g_assert_false (ephemeral);
      }
  }

  /* The same values are refused as before, and NULL passes as before. */
  g_assert_true (gb_database_exec (db, "INSERT INTO members (kind, member_no, name, status, org_type)"
                                       " VALUES ('collective', 'HV-1', 'Hợp tác xã', 'active', NULL)", &error));
  g_assert_true (gb_database_exec (db, "INSERT INTO members (kind, member_no, name, status, org_type)"
                                       " VALUES ('collective', 'HV-2', 'Làng gốm', 'resigned', 'village')", &error));
  g_assert_no_error (error);
  assert_check_fails (db, "INSERT INTO members (kind, member_no, name, status) VALUES ('individual', 'HV-3', 'B', 'gone')");
  assert_check_fails (db, "INSERT INTO members (kind, member_no, name, status) VALUES ('individual', 'HV-3', 'B', 'Active')");
  assert_check_fails (db, "INSERT INTO members (kind, member_no, name, org_type) VALUES ('collective', 'HV-3', 'B', 'club')");
  assert_check_fails (db, "UPDATE members SET status = 'away' WHERE member_no = 'HV-1'");
  assert_check_fails (db, "INSERT INTO member_status_history (member_id, status, since) VALUES (1, 'paused', '2026-01-01')");
  assert_check_fails (db, "INSERT INTO communes (code, kind, name, province) VALUES ('99999', 'huyện', 'X', 'Y')");
  g_assert_cmpint (pragma_int (db, "SELECT count(*) FROM members"), ==, 2);
}

/* ---- Trust (issue 18, items 5-7) ---- */

static gint64
count_rows (GbDatabase *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gb_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
copy_bytes (const char *from,
            const char *to,
            gsize       limit)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, MIN (len, limit), NULL));
}

/* Item 5: caught halfway through a checkpoint, the file's header already
 * counts the pages the checkpoint is about to append. It is healthy (its
 * WAL holds every page), and was called "damaged: the file is shorter
 * than its contents". */
static void
test_checkpoint_in_progress (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *old_wal = g_build_filename (f->dir, "old-wal", NULL);
  g_autofree char *new_main = g_build_filename (f->dir, "new-main", NULL);
  g_autofree char *target = g_build_filename (f->dir, "guildbook.db", NULL);
  g_autofree char *target_wal = g_strconcat (target, "-wal", NULL);
  GbDatabase *db;
  GStatBuf before, after;
  gint64 crafts;

  db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (gb_database_exec (db, "PRAGMA wal_autocheckpoint = 0", &error));
  g_assert_true (gb_database_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_cmpint (g_stat (f->path, &before), ==, 0);
  /* Rows that grow the file by many pages, all in the WAL for now. */
  g_assert_true (gb_database_begin (db, &error));
  for (int i = 0; i < 4000; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO crafts (name) VALUES ('Nghề thủ công số %d, "
                                              "một cái tên rất dài để chiếm thêm nhiều trang của tệp')", i);
      g_assert_true (gb_database_exec (db, sql, &error));
    }
  g_assert_true (gb_database_commit (db, &error));
  crafts = count_rows (db, "SELECT count(*) FROM crafts");
  copy_bytes (wal, old_wal, G_MAXSIZE);
  /* The checkpoint copies the pages into the file, page 1 first. */
  g_assert_true (gb_database_exec (db, "PRAGMA wal_checkpoint(PASSIVE)", &error));
  g_assert_cmpint (g_stat (f->path, &after), ==, 0);
  g_assert_cmpint (after.st_size, >, before.st_size + 4 * 16384);
  copy_bytes (f->path, new_main, G_MAXSIZE);
  g_object_unref (db);

  /* The file as the checkpoint leaves it after its first pages: the new
   * header, the old length; and the WAL it is copying from. */
  copy_bytes (new_main, target, (gsize) before.st_size);
  copy_bytes (old_wal, target_wal, G_MAXSIZE);

  db = gb_database_open (target, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM crafts"), ==, crafts);
  {
    g_autofree char *report = NULL;

    g_assert_true (gb_database_check (db, &report, &error));
    g_assert_no_error (error);
  }
  g_object_unref (db);
}

typedef struct
{
  sqlite3 *holder;
  GMutex   lock;
  GCond    cond;
  gboolean waiting;     /* the opener has started */
} LockHolder;

static gpointer
release_later (gpointer data)
{
  LockHolder *h = data;

  g_mutex_lock (&h->lock);
  while (!h->waiting)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
  /* Long enough for an opener that does not wait to have given up. */
  g_usleep (300 * 1000);
  sqlite3_close (h->holder);
  return NULL;
}

/* Item 5: a file another connection holds an exclusive lock on for a
 * moment (the last connection of guildbook-cli merging its WAL as it
 * closes) is waited for, not called "locked by another program" at once. */
static void
test_waits_for_lock (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;
  LockHolder h = { NULL };
  GThread *thread;

  make_valid (f);
  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);
  g_assert_cmpint (sqlite3_open (f->path, &h.holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h.holder, "PRAGMA locking_mode = EXCLUSIVE; SELECT count(*) FROM crafts;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  thread = g_thread_new ("lock-holder", release_later, &h);

  g_mutex_lock (&h.lock);
  h.waiting = TRUE;
  g_cond_signal (&h.cond);
  g_mutex_unlock (&h.lock);
  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM crafts"), ==, 200);
  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);
}

/* Item 5: the open-error dialog offers a backup for damage only, never
 * for a lock, a read-only file or a newer Guildbook's file. */
static void
test_restore_only_for_damage (void)
{
  static const struct { int code; gboolean damage; } cases[] = {
    { GB_ERROR_CORRUPT, TRUE }, { GB_ERROR_EMPTY_FILE, TRUE }, { GB_ERROR_NOT_DATABASE, TRUE },
    { GB_ERROR_BUSY, FALSE }, { GB_ERROR_READ_ONLY, FALSE }, { GB_ERROR_TOO_NEW, FALSE },
    { GB_ERROR_NETWORK_FS, FALSE }, { GB_ERROR_NOT_GUILDBOOK, FALSE }, { GB_ERROR_FAILED, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (GB_ERROR, cases[i].code, "x");

      g_assert_cmpint (gb_database_error_is_damage (error), ==, cases[i].damage);
    }
  g_assert_false (gb_database_error_is_damage (NULL));
}

/* Item 7: a file its owner made read-only is opened read-only (also for
 * root), read, never written, and leaves no -wal or -shm beside it. */
static void
test_read_only_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbDatabase *db, *reader;

  make_valid (f);
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);
  before = gb_test_checksum (f->path);
  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_access (db), ==, GB_DATABASE_READ_ONLY_FILE);
  reader = gb_database_open_reader (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM crafts"), ==, 200);
  g_assert_cmpint (count_rows (reader, "SELECT count(*) FROM crafts"), ==, 200);
  g_assert_false (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Nghề chỉ đọc')", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_object_unref (reader);
  g_object_unref (db);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  after = gb_test_checksum (f->path);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (g_chmod (f->path, 0600), ==, 0);
  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_access (db), ==, GB_DATABASE_WRITABLE);
  g_assert_true (gb_database_exec (db, "INSERT INTO crafts (name) VALUES ('Nghề ghi lại được')", &error));
  g_object_unref (db);
}

/* Item 6: a damaged page is found by gb_database_verify; the file is then
 * read-only for this connection and every later one of the process, and
 * nothing is written to it. */
static void
test_damaged_read_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree guint8 *noise = NULL;
  GbDatabase *db, *again;
  gint64 page_size, root;
  int fd;

  make_valid (f);
  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (gb_database_verify (db, &error));
  page_size = count_rows (db, "PRAGMA page_size");
  root = count_rows (db, "SELECT rootpage FROM sqlite_schema WHERE name = 'crafts'");
  g_object_unref (db);

  noise = g_malloc (page_size);
  for (gint64 i = 0; i < page_size; i++)
    noise[i] = (guint8) g_test_rand_int_range (0, 256);
  fd = g_open (f->path, O_WRONLY, 0);
  g_assert_cmpint (pwrite (fd, noise, page_size, (root - 1) * page_size), ==, page_size);
  close (fd);
  before = gb_test_checksum (f->path);

  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_false (gb_database_verify (db, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_CORRUPT);
  g_assert_true (gb_database_error_is_damage (error));
  g_clear_error (&error);
  g_assert_cmpint (gb_database_get_access (db), ==, GB_DATABASE_DAMAGED);
  g_assert_false (gb_database_begin (db, &error)
                  && gb_database_exec (db, "INSERT INTO association (name) VALUES ('x')", &error));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  again = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_access (again), ==, GB_DATABASE_DAMAGED);
  g_assert_false (gb_database_exec (again, "DELETE FROM association", &error));
  g_clear_error (&error);
  g_object_unref (again);
  g_object_unref (db);
  after = gb_test_checksum (f->path);
  g_assert_cmpstr (before, ==, after);

  /* A new file in its place (the damaged one moved aside, a backup put
   * there) is not the damaged one. */
  {
    g_autofree char *good = g_build_filename (f->dir, "good.db", NULL);
    g_autofree char *aside = g_strconcat (f->path, ".damaged", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    {
      g_autoptr(GbDatabase) fresh = gb_database_open (good, GB_DATABASE_CREATE, &error);

      g_assert_no_error (error);
    }
    g_assert_true (g_file_get_contents (good, &contents, &length, &error));
    g_assert_cmpint (g_rename (f->path, aside), ==, 0);
    g_assert_true (g_file_set_contents (f->path, contents, length, &error));
    again = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gb_database_get_access (again), ==, GB_DATABASE_WRITABLE);
    g_object_unref (again);
  }
}

/* A file found damaged stays damaged for this process though another
 * connection, opened before, writes to it meanwhile. */
static void
test_damaged_stays_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) writer = NULL;
  g_autoptr(GbDatabase) found = NULL;
  g_autoptr(GbDatabase) again = NULL;

  make_valid (f);
  writer = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  found = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  gb_database_set_damaged (found);
  g_usleep (20000);   /* a change time the write below moves on */
  g_assert_true (gb_database_exec (writer, "INSERT INTO crafts (name) VALUES ('Nghề ghi sau'); "
                                           "PRAGMA wal_checkpoint(TRUNCATE);", &error));
  again = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_access (again), ==, GB_DATABASE_DAMAGED);
}

/* A file already at the newest schema opens beside a long write
 * elsewhere (an import's transaction): reading needs no write lock. */
static void
test_open_beside_writer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) writer = gb_database_open (f->path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbDatabase) reader = NULL;

  g_assert_no_error (error);
  g_assert_true (gb_database_begin (writer, &error));
  g_assert_true (gb_database_exec (writer, "INSERT INTO crafts (name) VALUES ('Nghề đang nhập')", &error));
  reader = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma_int (reader, "SELECT count(*) FROM crafts WHERE name = 'Nghề đang nhập'"), ==, 0);
  g_assert_true (gb_database_commit (writer, &error));
}

/* Processes starting on the same new file at once (a window and the CLI
 * on a first run): each opens it at the newest schema; none finds the
 * other's half-made file "empty" or takes a schema step twice. */
static void
test_first_open_together (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("GUILDBOOK_CLI");

  g_assert_nonnull (cli);
  for (int round = 0; round < 8; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/together-%d.db", f->dir, round);
      GSubprocess *procs[4];

      for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
        {
          g_autoptr(GError) error = NULL;

          procs[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                       &error, cli, "--db", path, "init", NULL);
          g_assert_no_error (error);
        }
      for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *err = NULL;

          g_assert_true (g_subprocess_communicate_utf8 (procs[i], NULL, NULL, NULL, &err, &error));
          g_assert_no_error (error);
          if (g_subprocess_get_exit_status (procs[i]) != 0)
            g_error ("round %d, process %u: %s", round, i, err);
          g_object_unref (procs[i]);
        }
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GbDatabase) db = gb_database_open (path, 0, &error);

        g_assert_no_error (error);
        g_assert_cmpint (pragma_int (db, "PRAGMA user_version"), ==, (int) gb_n_migrations);
      }
    }
}

/* The window's check once a file is open: quick_check on a worker thread
 * with a connection of its own, answered on the caller's context; damage
 * said as gb_database_verify() says it, the caller's connection left for
 * it to mark; a cancelled check reports nothing. */
static void
test_verify_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree guint8 *noise = NULL;
  GbTestAsync async;
  GbDatabase *db;
  gint64 page_size, root;
  int fd;

  /* The damage it finds is remembered for the rest of the process by the
   * file's device and inode, which another test's new file may get: in a
   * process of its own. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  make_valid (f);
  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  gb_test_async_begin (&async);
  gb_database_verify_async (db, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_true (gb_database_verify_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  page_size = count_rows (db, "PRAGMA page_size");
  root = count_rows (db, "SELECT rootpage FROM sqlite_schema WHERE name = 'crafts'");
  g_object_unref (db);

  noise = g_malloc (page_size);
  for (gint64 i = 0; i < page_size; i++)
    noise[i] = (guint8) g_test_rand_int_range (0, 256);
  fd = g_open (f->path, O_WRONLY, 0);
  g_assert_cmpint (pwrite (fd, noise, page_size, (root - 1) * page_size), ==, page_size);
  close (fd);

  db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancelled);
  gb_database_verify_async (db, cancelled, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_false (gb_database_verify_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  gb_database_verify_async (db, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_false (gb_database_verify_finish (result, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_CORRUPT);
  g_assert_true (gb_database_error_is_damage (error));
  g_assert_cmpint (gb_database_get_access (db), ==, GB_DATABASE_WRITABLE);
  gb_test_async_end (&async);
  g_object_unref (db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/database/create", test_create);
  ADD ("/database/trust/first-open-together", test_first_open_together);
  ADD ("/database/trust/open-beside-writer", test_open_beside_writer);
  ADD ("/database/trust/damaged-stays-damaged", test_damaged_stays_damaged);
  ADD ("/database/reopen", test_reopen);
  ADD ("/database/missing", test_missing);
  ADD ("/database/refuse/zero-bytes", test_zero_bytes);
  ADD ("/database/refuse/text-file", test_text_file);
  ADD ("/database/refuse/truncated", test_truncated);
  ADD ("/database/refuse/damaged-header", test_damaged_header);
  ADD ("/database/refuse/newer-schema", test_newer_schema);
  ADD ("/database/refuse/other-program", test_other_program);
  ADD ("/database/transactions", test_transactions);
  ADD ("/database/open-async", test_open_async);
  ADD ("/database/audit-append-only", test_audit_is_append_only);
  ADD ("/database/lists-spelled-out", test_lists_spelled_out);

  ADD ("/database/trust/checkpoint-in-progress", test_checkpoint_in_progress);
  ADD ("/database/trust/waits-for-lock", test_waits_for_lock);
  ADD ("/database/trust/read-only-file", test_read_only_file);
  ADD ("/database/trust/damaged-read-only", test_damaged_read_only);
  ADD ("/database/trust/verify-async", test_verify_async);
#undef ADD

  g_test_add_func ("/database/network-fs", test_network_fs);
  g_test_add_func ("/database/pg-conninfo", test_pg_conninfo);
  g_test_add_func ("/database/data-version", test_data_version);
  g_test_add_func ("/database/trust/restore-only-for-damage", test_restore_only_for_damage);
  return g_test_run ();
}
