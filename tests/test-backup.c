/* test-backup.c — online backups, their rotation, restore, and the backup
 * made before a migration
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-backup.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-member.h"
#include "gb-store.h"
#include "gb-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  GbDatabase *db;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gb_test_make_dir ();
  f->path = g_build_filename (f->dir, "hoi.db", NULL);
  f->db = gb_database_open (f->path, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_fill (f->db, &error));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
members_in (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM members WHERE deleted_at IS NULL", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_make (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gb_backup_make (f->db, NULL, "manual", &error);
  g_autofree char *dir = gb_backup_dir ();
  g_autoptr(GPtrArray) list = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (members_in (path), ==, 160);

  list = gb_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GbBackup *) list->pdata[0])->reason, ==, "manual");
  g_assert_cmpint (((GbBackup *) list->pdata[0])->members, ==, 160);
  g_assert_cmpint (((GbBackup *) list->pdata[0])->artisans, ==, 120);

  /* Once a day: a second call the same day makes none. */
  {
    GbRotation r = { 7, 4, 12 };
    gboolean made = TRUE;

    g_assert_true (gb_backup_daily (f->db, &r, &made, &error));
    g_assert_false (made);
  }
  /* Backups made in the same second (two imports from the command line)
   * are each their own file. */
  {
    g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < 4; i++)
      {
        char *again = gb_backup_make (f->db, NULL, "before-import", &error);

        g_assert_no_error (error);
        g_assert_true (g_hash_table_add (names, again));
      }
    g_assert_cmpuint (g_hash_table_size (names), ==, 4);
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = gb_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 5);
  /* An unwritable place is an error, and nothing half-written stays. */
  g_assert_null (gb_backup_make (f->db, "/proc/no-such/x.db", NULL, &error));
  g_assert_nonnull (error);
}

/* Forty days of backups: the newest of each of the last 7 days, 4 weeks and
 * 12 months stay. */
static void
test_rotate (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) list = NULL;
  GbRotation r = { 7, 4, 12 };
  guint removed;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (int d = 0; d < 400; d += 1)
    for (int h = 9; h <= 17; h += 8)
      {
        g_autoptr(GDateTime) t = g_date_time_add_days (now, -d);
        g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (t), g_date_time_get_month (t),
                                                         g_date_time_get_day_of_month (t), h, 0, 0);
        g_autofree char *stamp = g_date_time_format (at, "%Y%m%d-%H%M%S");
        g_autofree char *name = g_strdup_printf ("hoi-%s.db", stamp);
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_assert_true (g_file_set_contents (path, "x", 1, NULL));
      }
  /* Another database's backups are not touched. */
  {
    g_autofree char *other = g_build_filename (dir, "khac-20200101-090000.db", NULL);
    g_assert_true (g_file_set_contents (other, "x", 1, NULL));
  }
  removed = gb_backup_prune (f->path, &r);
  list = gb_backup_list (f->path);
  g_assert_cmpuint (removed + list->len, ==, 800);
  /* 7 days, then up to 4 weeks and 12 months, some shared: at most 23, at least 12. */
  g_assert_cmpuint (list->len, <=, 7 + 4 + 12);
  g_assert_cmpuint (list->len, >=, 12);
  /* The newest of today is kept, its earlier sibling is not. */
  {
    GbBackup *newest = list->pdata[0];
    g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (newest->time);
    g_assert_cmpint (g_date_time_get_hour (t), ==, 17);
    g_assert_cmpint (g_date_time_get_day_of_year (t), ==, g_date_time_get_day_of_year (now));
  }
  {
    g_autofree char *other = g_build_filename (dir, "khac-20200101-090000.db", NULL);
    g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  }
}

/* The rule over kinds: the newest 3 of each automatic kind stay besides
 * the newest of each day, week and month; a backup made by hand always does. */
static void
test_prune_kinds (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) list = NULL;
  GbRotation r;
  guint imports = 0, manual = 0, restores = 0;

  gb_backup_rotation_load (&r);
  g_assert_cmpuint (r.latest, ==, 3);
  g_assert_cmpuint (r.daily, ==, 7);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* Twenty imports and two restores in one evening, a backup by hand a year ago. */
  for (int i = 0; i < 23; i++)
    {
      g_autoptr(GDateTime) evening = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                            g_date_time_get_day_of_month (now), 23, 0, 0);
      g_autoptr(GDateTime) t = g_date_time_add_minutes (evening, -10 * i);
      g_autofree char *stamp = g_date_time_format (t, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf ("hoi-%s-%s.db", stamp,
                                               i == 22 ? "manual" : i % 10 == 5 ? "before-restore" : "before-import");
      g_autofree char *path = NULL;

      if (i == 22)
        {
          g_autoptr(GDateTime) old = g_date_time_add_years (now, -1);
          g_free (stamp);
          stamp = g_date_time_format (old, "%Y%m%d-%H%M%S");
          g_free (name);
          name = g_strdup_printf ("hoi-%s-manual.db", stamp);
        }
      path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  gb_backup_prune (f->path, &r);
  list = gb_backup_list (f->path);
  for (guint i = 0; i < list->len; i++)
    {
      const char *reason = ((GbBackup *) list->pdata[i])->reason;

      imports += g_str_equal (reason, "before-import");
      restores += g_str_equal (reason, "before-restore");
      manual += g_str_equal (reason, "manual");
    }
  /* The evening's newest is an import's, among its kind's three. */
  g_assert_cmpuint (imports, ==, 3);
  g_assert_cmpuint (restores, ==, 2);
  g_assert_cmpuint (manual, ==, 1);
  g_assert_cmpstr (((GbBackup *) list->pdata[0])->reason, ==, "before-import");
}

static int count_sql (GbDatabase *db, const char *sql);

static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = gb_backup_make (f->db, NULL, NULL, &error);
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  g_assert_true (gb_store_delete (members, 1, &error));
  g_assert_true (gb_database_exec (f->db, "UPDATE members SET deleted_at = '2026-01-01' WHERE id < 50", &error));
  g_assert_cmpint (members_in (f->path), <, 160);

  g_assert_true (gb_backup_restore (f->db, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (members_in (f->path), ==, 160);
  /* What was there before is itself kept. */
  list = gb_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 2);
  {
    /* Both may carry the same second: find it by its reason. */
    GbBackup *before = NULL;

    for (guint i = 0; i < list->len; i++)
      if (g_str_equal (((GbBackup *) list->pdata[i])->reason, "before-restore"))
        before = list->pdata[i];
    g_assert_nonnull (before);
    g_assert_cmpint (before->members, <, 160);
  }

  /* A backup of 4 KiB pages (made before new files had 16 KiB ones) goes
   * into this file of 16 KiB pages, which stays so. */
  {
    sqlite3 *old = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (backup, &old), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (old, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (old, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4096);
    sqlite3_finalize (stmt);
    sqlite3_close (old);
    g_assert_true (gb_database_exec (f->db, "UPDATE members SET deleted_at = '2026-01-01' WHERE id < 50", &error));
    g_assert_cmpint (members_in (f->path), <, 160);
    g_assert_true (gb_backup_restore (f->db, backup, &error));
    g_assert_no_error (error);
    g_assert_cmpint (members_in (f->path), ==, 160);
    g_assert_cmpint (count_sql (f->db, "PRAGMA page_size"), ==, 16384);
  }

  /* A file that is not a Guildbook database is refused; nothing changes. */
  {
    g_autofree char *bad = g_build_filename (f->dir, "bad.db", NULL);

    g_assert_true (g_file_set_contents (bad, "Họ và tên;Năm sinh\n", -1, NULL));
    g_assert_false (gb_backup_restore (f->db, bad, &error));
    g_assert_nonnull (error);
    g_assert_cmpint (members_in (f->path), ==, 160);
  }
}

static int
count_sql (GbDatabase *db, const char *sql)
{
  GbStmt *stmt = gb_database_prepare (db, sql, NULL);
  int n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (gb_stmt_step (stmt), ==, GB_SQL_ROW);
  n = gb_stmt_column_int (stmt, 0);
  gb_stmt_reset (stmt);
  return n;
}

/* Opening a file of an older schema makes a backup before updating it. */
static void
test_before_migration (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int latest = gb_database_get_latest_version ();

  /* Make the file look as schema 9 left it: the members' status check as
   * schema 10 wrote it, the indexes schema 10 replaced, and the issued
   * papers without the check value of schema 12. */
  {
    g_autofree char *sql = g_strdup_printf (
      "PRAGMA writable_schema = ON;"
      " UPDATE sqlite_schema SET sql = replace(sql, '(status = ''active'' OR status = ''suspended''"
      " OR status = ''resigned'' OR status = ''deceased'')', 'status IN (''active'',''suspended'',''resigned'',''deceased'')')"
      " WHERE name = 'members';"
      " PRAGMA schema_version = %d; PRAGMA writable_schema = OFF;",
      count_sql (f->db, "PRAGMA schema_version") + 1);
    g_assert_true (gb_database_exec (f->db, sql, &error));
  }
  g_assert_cmpint (count_sql (f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'members'"
                                          " AND sql LIKE '%status IN (''active'',''suspended'',''resigned'',''deceased'')%'"), ==, 1);
  g_assert_true (gb_database_exec (f->db,
                                   "DROP INDEX members_bin; DROP INDEX artisans_bin; DROP INDEX events_bin;"
                                   " CREATE INDEX members_sort ON members (sort_key);"
                                   " CREATE INDEX members_craft ON members (craft_id);"
                                   " CREATE INDEX artisans_sort ON artisans (sort_key);"
                                   " CREATE INDEX events_sort ON events (sort_key);",
                                   &error));
  g_assert_true (gb_database_exec (f->db,
                                   "DROP TRIGGER certificates_no_change;"
                                   " ALTER TABLE certificates DROP COLUMN check_code;"
                                   " CREATE TRIGGER certificates_no_change BEFORE UPDATE OF kind, year, serial,"
                                   " number, holder_name, artisan_id, member_id, title_id, award_id, issued_on,"
                                   " template, sha256, reissue_of ON certificates BEGIN"
                                   " SELECT RAISE(ABORT, 'an issued certificate cannot be changed'); END;"
                                   " DROP TABLE meta;"
                                   " PRAGMA user_version = 9;",
                                   &error));
  g_assert_no_error (error);
  g_clear_object (&f->db);
  f->db = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_schema_version (f->db), ==, latest);
  list = gb_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GbBackup *) list->pdata[0])->reason, ==, "before-migration");
  g_assert_cmpint (((GbBackup *) list->pdata[0])->members, ==, 160);

  /* Schema 11 spelled the status list out, which still refuses a status
   * of no list. */
  g_assert_cmpint (count_sql (f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'members'"
                                          " AND sql LIKE '%status IN (%'"), ==, 0);
  g_assert_cmpint (count_sql (f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'members'"
                                          " AND sql LIKE '%status = ''deceased''%'"), ==, 1);
  g_assert_false (gb_database_exec (f->db, "UPDATE members SET status = 'gone' WHERE id = 1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (gb_database_exec (f->db, "UPDATE members SET status = 'resigned' WHERE id = 1", &error));
  g_assert_no_error (error);

  /* Schema 10 put the bin's indexes in place of the full sort-key ones;
   * schema 9 had left the year and date indexes; schema 8 had brought the
   * register of communes and kept the members' dated status lists. */
  g_assert_cmpint (count_sql (f->db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_by_birth_year%'"
                                          " OR name LIKE '%_by_joined_date%' OR name LIKE '%_sort'"
                                          " OR name = 'members_craft'"), ==, 0);
  g_assert_cmpint (count_sql (f->db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_bin'"
                                          " AND sql LIKE '%(sort_key, id) WHERE deleted_at IS NOT NULL'"), ==, 3);
  {
    GbStmt *stmt = gb_database_prepare (f->db,
      "SELECT (SELECT count(*) FROM communes), (SELECT count(*) FROM communes WHERE kind = 'phường'),"
      " (SELECT count(*) FROM communes WHERE kind = 'xã'), (SELECT count(*) FROM communes WHERE kind = 'đặc khu'),"
      " (SELECT count(DISTINCT member_id) FROM member_status_history)", &error);

    g_assert_no_error (error);
    g_assert_cmpint (gb_stmt_step (stmt), ==, GB_SQL_ROW);
    g_assert_cmpint (gb_stmt_column_int (stmt, 0), ==, 114);
    g_assert_cmpint (gb_stmt_column_int (stmt, 1), ==, 45);
    g_assert_cmpint (gb_stmt_column_int (stmt, 2), ==, 67);
    g_assert_cmpint (gb_stmt_column_int (stmt, 3), ==, 2);
    g_assert_cmpint (gb_stmt_column_int (stmt, 4), ==, 160);
    gb_stmt_reset (stmt);
  }
}

/* A file damaged beyond opening: the latest backup takes its place, and the
 * damaged file is kept aside, not lost. */
static void
test_replace_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = gb_backup_make (f->db, NULL, NULL, &error);
  g_autofree char *kept = NULL;
  g_autoptr(GbDatabase) reopened = NULL;

  g_assert_no_error (error);
  g_clear_object (&f->db);
  {
    static const char damaged[] = "SQLite format 3\0 but the rest is gone";
    g_assert_true (g_file_set_contents (f->path, damaged, sizeof damaged - 1, &error));
  }
  reopened = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_null (reopened);
  g_clear_error (&error);

  g_assert_true (gb_backup_replace_file (backup, f->path, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  reopened = gb_database_open (f->path, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (members_in (f->path), ==, 160);
  g_unlink (kept);

  /* A backup that is itself damaged is refused, and the file is left alone. */
  g_assert_true (g_file_set_contents (backup, "not a database", -1, NULL));
  g_assert_false (gb_backup_replace_file (backup, f->path, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (members_in (f->path), ==, 160);
}

/* The daily backup finds the day has one already (an import made it before
 * the window opened): the old backups are still pruned that day. */
static void
test_daily_prunes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_backup_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) list = NULL;
  GbRotation r = { 7, 4, 12 };
  gboolean made = TRUE;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (int d = 0; d < 40; d++)
    for (int h = 9; h <= 17; h += 8)
      {
        g_autoptr(GDateTime) t = g_date_time_add_days (now, -d);
        g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (t), g_date_time_get_month (t),
                                                         g_date_time_get_day_of_month (t), h, 0, 0);
        g_autofree char *stamp = g_date_time_format (at, "%Y%m%d-%H%M%S");
        g_autofree char *name = g_strdup_printf ("hoi-%s%s.db", stamp, d == 0 ? "-before-import" : "");
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_assert_true (g_file_set_contents (path, "x", 1, NULL));
      }
  g_assert_true (gb_backup_daily (f->db, &r, &made, &error));
  g_assert_no_error (error);
  g_assert_false (made);
  list = gb_backup_list (f->path);
  g_assert_cmpuint (list->len, <=, 7 + 4 + 12);
}

/* An import in another connection holds the write lock when a restore
 * starts: the restore waits for it, and what the import wrote is either
 * in the database or in the backup made before the restore; never lost. */
typedef struct
{
  const char *path;
  GMutex      lock;
  GCond       cond;
  gboolean    holding;       /* the writer has its rows, not yet committed */
  gboolean    restore_waits; /* the restore met the writer's lock */
} Race;

static int
restore_busy_cb (void *data,
                 int   n)
{
  Race *race = data;

  g_mutex_lock (&race->lock);
  race->restore_waits = TRUE;
  g_cond_broadcast (&race->cond);
  g_mutex_unlock (&race->lock);
  g_usleep (10 * 1000);
  return n < 1000;   /* ten seconds at most */
}

static gpointer
writer_thread (gpointer data)
{
  Race *race = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (race->path, GB_DATABASE_OPEN_EXISTING, &error);
  gint64 until = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_assert_no_error (error);
  g_assert_true (gb_database_begin (db, &error));
  g_assert_true (gb_database_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                                       " INSERT INTO artisans (name, birth_year) SELECT 'Thợ số ' || i, 1960 FROM n",
                                   &error));
  g_mutex_lock (&race->lock);
  race->holding = TRUE;
  g_cond_broadcast (&race->cond);
  while (!race->restore_waits)
    if (!g_cond_wait_until (&race->cond, &race->lock, until))
      break;
  g_mutex_unlock (&race->lock);
  g_assert_true (gb_database_commit (db, &error));
  g_assert_no_error (error);
  return NULL;
}

static gint64
artisans_in (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM artisans", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_restore_waits_for_writer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = g_build_filename (f->dir, "old.db", NULL);
  g_autofree char *made = gb_backup_make (f->db, old, "manual", &error);
  g_autoptr(GPtrArray) list = NULL;
  Race race = { .path = f->path };
  GThread *writer;
  const char *before = NULL;

  g_assert_no_error (error);
  g_mutex_init (&race.lock);
  g_cond_init (&race.cond);
  writer = g_thread_new ("writer", writer_thread, &race);
  g_mutex_lock (&race.lock);
  while (!race.holding)
    g_cond_wait (&race.cond, &race.lock);
  g_mutex_unlock (&race.lock);

  sqlite3_busy_handler (gb_database_get_handle (f->db), restore_busy_cb, &race);
  g_assert_true (gb_backup_restore (f->db, old, &error));
  g_assert_no_error (error);
  sqlite3_busy_timeout (gb_database_get_handle (f->db), 5000);
  g_thread_join (writer);

  list = gb_backup_list (f->path);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((GbBackup *) list->pdata[i])->reason, "before-restore"))
      before = ((GbBackup *) list->pdata[i])->path;
  g_assert_nonnull (before);
  g_test_message ("database: %" G_GINT64_FORMAT " artisans, before-restore backup: %" G_GINT64_FORMAT,
                  artisans_in (f->path), artisans_in (before));
  g_assert_true (artisans_in (f->path) == 20120 || artisans_in (before) == 20120);
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.cond);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Runs the main context until an async call below hands back its result. */
static GAsyncResult *
wait_result (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);
  return *result;
}

/* The window's way: make, list and restore on a worker thread, each on a
 * connection of its own, the caller's main loop free meanwhile; the
 * results are those of the synchronous calls. */
static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) made_result = NULL, list_result = NULL, restore_result = NULL;
  g_autoptr(GAsyncResult) daily_result = NULL, cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *made = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 members = members_in (f->path);
  gboolean found = FALSE;

  gb_backup_make_async (f->path, "manual", NULL, async_done, &made_result);
  made = gb_backup_make_finish (wait_result (&made_result), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (made, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (members_in (made), ==, members);

  gb_backup_daily_async (f->path, NULL, async_done, &daily_result);
  g_assert_true (gb_backup_daily_finish (wait_result (&daily_result), &error));
  g_assert_no_error (error);

  gb_backup_list_async (f->path, NULL, async_done, &list_result);
  list = gb_backup_list_finish (wait_result (&list_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);   /* by hand, which is the day's too */
  for (guint i = 0; i < list->len; i++)
    {
      GbBackup *b = list->pdata[i];

      if (g_str_equal (b->path, made))
        {
          found = TRUE;
          g_assert_cmpstr (b->reason, ==, "manual");
          g_assert_cmpint (b->members, ==, members);
        }
    }
  g_assert_true (found);

  /* Restored over every member moved to the bin meanwhile: they are back. */
  g_assert_true (gb_database_exec (f->db, "UPDATE members SET deleted_at = '2026-01-01T00:00:00Z'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (members_in (f->path), ==, 0);
  gb_backup_restore_async (f->path, made, NULL, async_done, &restore_result);
  g_assert_true (gb_backup_restore_finish (wait_result (&restore_result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (members_in (f->path), ==, members);

  /* A caller gone meanwhile (cancelled) is told so, not handed a result. */
  gb_backup_list_async (f->path, cancellable, async_done, &cancelled_result);
  g_cancellable_cancel (cancellable);
  g_assert_null (gb_backup_list_finish (wait_result (&cancelled_result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Another association's "hoi.db" in another folder has the same name:
 * each register lists, prunes and restores only its own backups. */
static void
test_same_name_elsewhere (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dir = g_build_filename (f->dir, "lien-hiep", NULL);
  g_autofree char *other_path = g_build_filename (other_dir, "hoi.db", NULL);
  g_autoptr(GbDatabase) other = NULL;
  g_autofree char *mine = NULL, *theirs = NULL;
  g_autoptr(GPtrArray) my_list = NULL;
  g_autoptr(GPtrArray) their_list = NULL;
  GbRotation keep_one = { 0, 0, 0, 1 };

  g_assert_cmpint (g_mkdir_with_parents (other_dir, 0700), ==, 0);
  other = gb_database_open (other_path, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  theirs = gb_backup_make (other, NULL, "manual", &error);
  g_assert_no_error (error);
  mine = gb_backup_make (f->db, NULL, "import", &error);
  g_assert_no_error (error);

  my_list = gb_backup_list (f->path);
  g_assert_cmpuint (my_list->len, ==, 1);
  g_assert_cmpstr (((GbBackup *) my_list->pdata[0])->path, ==, mine);
  g_assert_cmpint (((GbBackup *) my_list->pdata[0])->members, ==, 160);
  their_list = gb_backup_list (other_path);
  g_assert_cmpuint (their_list->len, ==, 1);
  g_assert_cmpstr (((GbBackup *) their_list->pdata[0])->path, ==, theirs);

  /* The rule run for one register leaves the other's backup alone. */
  gb_backup_prune (other_path, &keep_one);
  g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (theirs, G_FILE_TEST_EXISTS));
}

/* A backup from before register ids (schema 14) restored: the file stays
 * the same register, so the backup made just before the restore, and
 * every earlier one, are still listed as its own. */
static void
test_restore_keeps_register (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = gb_backup_make (f->db, NULL, "manual", &error);
  g_autoptr(GPtrArray) list = NULL;
  sqlite3 *db = NULL;
  gboolean before_restore = FALSE;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM meta WHERE key = 'register_id'; PRAGMA user_version = 14;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (gb_backup_restore (f->db, old, &error));
  g_assert_no_error (error);
  list = gb_backup_list (f->path);
  for (guint i = 0; i < list->len; i++)
    before_restore |= g_str_equal (((GbBackup *) list->pdata[i])->reason, "before-restore");
  g_assert_true (before_restore);
}

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ADD ("/backup/make", test_make);
  ADD ("/backup/same-name-elsewhere", test_same_name_elsewhere);
  ADD ("/backup/restore-keeps-register", test_restore_keeps_register);
  ADD ("/backup/rotate", test_rotate);
  ADD ("/backup/prune-kinds", test_prune_kinds);
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/before-migration", test_before_migration);
  ADD ("/backup/replace-damaged", test_replace_damaged);
  ADD ("/backup/daily-prunes", test_daily_prunes);
  ADD ("/backup/restore-waits-for-writer", test_restore_waits_for_writer);
  ADD ("/backup/async", test_async);
  return g_test_run ();
}
