/* test-roles.c — roles on a shared database, enforced by the server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a throwaway cluster: the database's owner (a login that may create
 * roles, not a superuser) sets the roles up and gives them to staff's
 * logins; then each login, on its own connection, does what its role
 * allows and is refused the rest, by the server itself (its SQL run
 * straight, as psql would) and in words by guildbook-cli. A refused
 * change leaves the tables as they were.
 */
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gb-database.h"
#include "gb-error.h"
#include "gb-member.h"
#include "gb-roles.h"
#include "gb-store.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *name;      /* the database's, in the cluster */
} Fixture;

/* A connection string to @dbname as @user (later keywords win in libpq). */
static char *
as (const char *user,
    const char *dbname)
{
  g_autofree char *base = gb_test_pg_base ();

  return g_strdup_printf ("%s dbname=%s user=%s", base, dbname, user);
}

/* Runs @sql as @user on @dbname; returns the first value of the first
 * row, "" for none, or "ERROR sqlstate" when the server refused it. */
static char *
sql_as (const char *user,
        const char *dbname,
        const char *sql)
{
  g_autofree char *sqlstate = NULL;
  char *value = gb_test_pg_query (dbname, user, sql, &sqlstate);

  if (sqlstate != NULL)
    return g_strdup_printf ("ERROR %s", sqlstate);
  return value ? value : g_strdup ("");
}

/* As the cluster's superuser, on its own database. */
static void
admin (const char *sql)
{
  g_autofree char *value = sql_as ("guildbook", "guildbook", sql);

  if (g_str_has_prefix (value, "ERROR"))
    g_error ("%s: %s", sql, value);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static int n;
  g_autofree char *create = NULL;

  f->dir = gb_test_make_dir ();
  f->name = g_strdup_printf ("roles_%d", ++n);
  /* The logins, once for the cluster: an owner that may create roles, as
   * the README makes it, and staff with no rights of their own. */
  if (n == 1)
    admin ("CREATE ROLE office LOGIN CREATEROLE;"
           " CREATE ROLE lan LOGIN; CREATE ROLE minh LOGIN; CREATE ROLE hoa LOGIN; CREATE ROLE khach LOGIN");
  create = g_strdup_printf ("CREATE DATABASE %s OWNER office", f->name);
  admin (create);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->name);
}

/* guildbook-cli --db (@user on the fixture's database) @argv…: its
 * output; its exit status in *@status and its errors in *@err. */
static char *
cli (Fixture            *f,
     const char         *user,
     int                *status,
     char              **err,
     const char *const  *argv)
{
  g_autofree char *db = as (user, f->name);

  return gb_test_cli (db, status, err, argv);
}

/* Output of a command that must succeed. */
static char *
ok (Fixture *f, const char *user, const char *const *argv)
{
  int status;
  char *out = cli (f, user, &status, NULL, argv);

  g_assert_cmpint (status, ==, 0);
  return out;
}

/* The errors of a command that must fail with a data error (1). */
static char *
refused (Fixture *f, const char *user, const char *const *argv)
{
  int status;
  char *err = NULL;

  g_free (cli (f, user, &status, &err, argv));
  g_assert_cmpint (status, ==, 1);
  return err;
}

/* The owner's database with the demo association, roles set up, and
 * each login given its role. */
static void
set_up (Fixture *f)
{
  g_free (ok (f, "office", GB_ARGS ("demo")));
  g_free (ok (f, "office", GB_ARGS ("roles", "setup")));
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "minh", "viewer")));
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "lan", "clerk")));
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "hoa", "secretary")));
}

static GbDatabase *
open_as (Fixture *f, const char *user)
{
  g_autofree char *db = as (user, f->name);
  g_autoptr(GError) error = NULL;
  GbDatabase *database = gb_database_open (db, GB_DATABASE_OPEN_EXISTING, &error);

  g_assert_no_error (error);
  return database;
}

/* setup makes the three group roles, each in the next, and runs again
 * without harm; only the owner runs it, and never on a file. grant makes
 * a login one role and no other, and wants a login that exists. */
static void
test_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *file = g_build_filename (f->dir, "guildbook.db", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *value = NULL;
  int status;

  g_free (ok (f, "office", GB_ARGS ("init")));
  g_free (ok (f, "office", GB_ARGS ("roles", "setup")));
  g_free (ok (f, "office", GB_ARGS ("roles", "setup")));
  value = sql_as ("office", f->name,
                  "SELECT string_agg (rolname || ':' || rolcanlogin, ' ' ORDER BY rolname) FROM pg_roles"
                  " WHERE rolname LIKE 'guildbook\\_%'");
  g_assert_cmpstr (value, ==, "guildbook_clerk:false guildbook_secretary:false guildbook_viewer:false");
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name,
                  "SELECT pg_has_role ('guildbook_secretary', 'guildbook_clerk', 'MEMBER')"
                  " AND pg_has_role ('guildbook_clerk', 'guildbook_viewer', 'MEMBER')"
                  " AND NOT pg_has_role ('guildbook_viewer', 'guildbook_clerk', 'MEMBER')");
  g_assert_cmpstr (value, ==, "t");

  /* On a file: refused, in words. */
  {
    g_autoptr(GPtrArray) args = NULL;
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *stderr_text = NULL;

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             g_getenv ("GUILDBOOK_CLI"), "--db", file, "init", NULL);
    g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
    g_clear_object (&proc);
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             g_getenv ("GUILDBOOK_CLI"), "--db", file, "roles", "setup", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &stderr_text, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
    g_assert_nonnull (strstr (stderr_text, "A database file has no roles"));
  }

  /* A login that is not there is not made. */
  err = refused (f, "office", GB_ARGS ("roles", "grant", "nobody_here", "clerk"));
  g_assert_nonnull (strstr (err, "There is no login “nobody_here” on the server"));
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT count (*) FROM pg_roles WHERE rolname = 'nobody_here'");
  g_assert_cmpstr (value, ==, "0");
  g_clear_pointer (&err, g_free);
  err = NULL;
  g_free (cli (f, "office", &status, &err, GB_ARGS ("roles", "grant", "lan", "boss")));
  g_assert_cmpint (status, ==, 2);

  /* One role at a time: a clerk made a viewer is no clerk any more. */
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "lan", "clerk")));
  out = ok (f, "office", GB_ARGS ("roles", "list"));
  g_assert_nonnull (strstr (out, "office  owner\n"));
  g_assert_nonnull (strstr (out, "lan     clerk\n"));
  g_clear_pointer (&out, g_free);
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "lan", "viewer")));
  out = ok (f, "office", GB_ARGS ("roles", "list"));
  g_assert_nonnull (strstr (out, "lan     viewer\n"));
  g_assert_null (strstr (out, "clerk"));
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT pg_has_role ('lan', 'guildbook_clerk', 'MEMBER')");
  g_assert_cmpstr (value, ==, "f");
  g_clear_pointer (&out, g_free);
  g_free (ok (f, "office", GB_ARGS ("roles", "revoke", "lan")));
  out = ok (f, "office", GB_ARGS ("roles", "list"));
  g_assert_null (strstr (out, "lan"));

  /* Only the owner sets up and grants; the server would refuse the rest. */
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "lan", "secretary")));
  g_clear_pointer (&err, g_free);
  err = refused (f, "lan", GB_ARGS ("roles", "setup"));
  g_assert_nonnull (strstr (err, "Only the owner of the shared database"));
  g_clear_pointer (&err, g_free);
  err = refused (f, "lan", GB_ARGS ("roles", "grant", "minh", "secretary"));
  g_assert_nonnull (strstr (err, "Only the owner of the shared database"));
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT pg_has_role ('minh', 'guildbook_viewer', 'MEMBER')");
  g_assert_cmpstr (value, ==, "f");
}

/* Each connection knows its role from the server's grants; a file's is
 * the owner's. A login without a role is told so, not that the database
 * is another program's. */
static void
test_known_role (Fixture *f, gconstpointer data)
{
  static const struct { const char *user; GbDatabaseRole role; } cases[] = {
    { "office", GB_DATABASE_ROLE_OWNER }, { "hoa", GB_DATABASE_ROLE_SECRETARY },
    { "lan", GB_DATABASE_ROLE_CLERK }, { "minh", GB_DATABASE_ROLE_VIEWER },
    { "guildbook", GB_DATABASE_ROLE_OWNER },   /* a superuser */
  };
  g_autofree char *file = g_build_filename (f->dir, "guildbook.db", NULL);
  g_autoptr(GbDatabase) on_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *no_role = as ("khach", f->name);

  set_up (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GbDatabase) db = open_as (f, cases[i].user);

      g_assert_cmpint (gb_database_get_role (db), ==, cases[i].role);
      g_assert_true (gb_database_may (db, GB_DATABASE_TASK_EDIT) == (cases[i].role >= GB_DATABASE_ROLE_CLERK));
      g_assert_true (gb_database_may (db, GB_DATABASE_TASK_ISSUE)
                     == (cases[i].role >= GB_DATABASE_ROLE_SECRETARY));
    }
  {
    g_autoptr(GbDatabase) clerk = open_as (f, "lan");
    g_autofree char *why = gb_database_dup_refusal (clerk, GB_DATABASE_TASK_ISSUE);

    g_assert_cmpstr (why, ==, "Your role, clerk, may not issue or void certificates.");
    g_assert_null (gb_database_dup_refusal (clerk, GB_DATABASE_TASK_EDIT));
  }

  on_file = gb_database_open (file, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_get_role (on_file), ==, GB_DATABASE_ROLE_OWNER);

  g_assert_null (gb_database_open (no_role, GB_DATABASE_OPEN_EXISTING, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED);
  err = refused (f, "khach", GB_ARGS ("stats"));
  g_assert_nonnull (strstr (err, "Your login has no role on the shared database"));
}

/* A clerk may not issue: the server refuses the register's own SQL, and
 * guildbook-cli says so before drawing a paper; nothing is written, not
 * even the PDF. */
static void
test_clerk_may_not_issue (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "giay-chung-nhan.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *value = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *report = NULL;

  set_up (f);
  g_free (ok (f, "hoa", GB_ARGS ("certificate", "--member", "1", "--issue", "-o", pdf)));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  before = sql_as ("office", f->name, "SELECT count (*) || ' ' || max (serial) FROM certificates");
  g_assert_cmpstr (before, ==, "1 1");

  err = refused (f, "lan", GB_ARGS ("certificate", "--member", "1", "--issue", "-o", pdf));
  g_assert_nonnull (strstr (err, "Your role, clerk, may not issue or void certificates."));
  after = sql_as ("office", f->name, "SELECT count (*) || ' ' || max (serial) FROM certificates");
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* The server itself: a clerk's own SQL, as psql would send it. */
  value = sql_as ("lan", f->name,
                  "INSERT INTO certificates (kind, year, serial, number, holder_name, issued_on)"
                  " VALUES ('membership', 2026, 2, '002', 'Ai đó', '2026-03-10')");
  g_assert_cmpstr (value, ==, "ERROR 42501");
  g_clear_pointer (&value, g_free);
  value = sql_as ("lan", f->name, "UPDATE certificates SET voided_on = '2026-03-11', void_reason = 'sai'");
  g_assert_cmpstr (value, ==, "ERROR 42501");
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT count (*) FROM certificates WHERE voided_on IS NULL");
  g_assert_cmpstr (value, ==, "1");

  /* A clerk drafts a report but may not mark it submitted. */
  report = sql_as ("lan", f->name,
                   "INSERT INTO reports (kind, title, options) VALUES ('roster', 'Danh sách', '{}') RETURNING id");
  g_assert_false (g_str_has_prefix (report, "ERROR"));
  g_clear_pointer (&value, g_free);
  value = sql_as ("lan", f->name,
                  "UPDATE reports SET number = 1, pdf = '\\x25'::bytea, submitted_at = '2026-03-10T00:00:00Z'");
  g_assert_cmpstr (value, ==, "ERROR 42501");
  g_clear_pointer (&value, g_free);
  value = sql_as ("lan", f->name, "UPDATE reports SET title = 'Danh sách hội viên'");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT title || ' ' || (submitted_at IS NULL) FROM reports");
  g_assert_cmpstr (value, ==, "Danh sách hội viên true");

  /* Of meta, only the rows every writer keeps (the keys' recipe, the
   * commits): the schema version stays the owner's. */
  g_clear_pointer (&value, g_free);
  value = sql_as ("lan", f->name, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);
  value = sql_as ("lan", f->name, "INSERT INTO meta (key, value) VALUES ('schema_version2', '1')");
  g_assert_cmpstr (value, ==, "ERROR 42501");
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (value, ==, "15");

  /* A secretary may. */
  g_free (ok (f, "hoa", GB_ARGS ("certificate", "--member", "2", "--issue", "-o", pdf)));
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT count (*) FROM certificates");
  g_assert_cmpstr (value, ==, "2");
}

/* A clerk imports and edits: through guildbook-cli and through the store,
 * which logs the change; and a clerk's seat makes the search keys again
 * where a viewer's leaves them. */
static void
test_clerk_edits (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "nghe-nhan.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GbDatabase) clerk = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbRecord) member = NULL;
  g_autoptr(GError) error = NULL;

  set_up (f);
  g_assert_true (g_file_set_contents (csv, "STT;Họ và tên;Năm sinh\n1;Đỗ Khắc Thiệu Quang;1961\n", -1, NULL));
  out = ok (f, "lan", GB_ARGS ("import", "artisans", csv));
  g_assert_nonnull (strstr (out, "1 record imported"));
  value = sql_as ("office", f->name, "SELECT count (*) FROM artisans WHERE name = 'Đỗ Khắc Thiệu Quang'");
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&out, g_free);
  out = ok (f, "lan", GB_ARGS ("import", "undo"));
  g_assert_nonnull (strstr (out, "1 record removed"));

  clerk = open_as (f, "lan");
  store = gb_store_new (clerk, GB_TYPE_MEMBER);
  member = gb_store_get (store, 1, &error);
  g_assert_no_error (error);
  gb_record_set_text (member, "phone", "0987654321");
  g_assert_true (gb_store_update (store, member, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name,
                  "SELECT phone || ' ' || (SELECT count (*) FROM audit_log WHERE table_name = 'members'"
                  " AND record_id = 1 AND field = 'phone') FROM members WHERE id = 1");
  g_assert_cmpstr (value, ==, "0987654321 1");
  g_clear_object (&clerk);

  /* Keys of another recipe: a viewer opens (and leaves them), a clerk
   * makes them again. */
  g_free (sql_as ("office", f->name, "UPDATE meta SET value = 'old' WHERE key = 'keys'"));
  {
    g_autoptr(GbDatabase) viewer = open_as (f, "minh");

    g_clear_pointer (&value, g_free);
    value = sql_as ("office", f->name, "SELECT value FROM meta WHERE key = 'keys'");
    g_assert_cmpstr (value, ==, "old");
  }
  clerk = open_as (f, "lan");
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT value FROM meta WHERE key = 'keys'");
  g_assert_cmpstr (value, !=, "old");
  g_assert_true (g_str_has_prefix (value, "3 icu "));
}

/* A viewer reads, and is refused every change, in words. */
static void
test_viewer (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "nghe-nhan.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *value = NULL;
  g_autofree char *by_owner = NULL;
  g_autofree char *by_viewer = NULL;

  g_free (ok (f, "office", GB_ARGS ("init")));
  g_free (ok (f, "office", GB_ARGS ("roles", "setup")));
  g_free (ok (f, "office", GB_ARGS ("roles", "grant", "minh", "viewer")));

  err = refused (f, "minh", GB_ARGS ("demo"));
  g_assert_nonnull (strstr (err, "Your role, viewer, may not make this change"));
  value = sql_as ("office", f->name, "SELECT count (*) FROM members");
  g_assert_cmpstr (value, ==, "0");

  g_free (ok (f, "office", GB_ARGS ("demo")));
  by_owner = ok (f, "office", GB_ARGS ("stats"));
  by_viewer = ok (f, "minh", GB_ARGS ("stats"));
  g_assert_cmpstr (by_viewer, ==, by_owner);
  g_clear_pointer (&by_owner, g_free);
  g_clear_pointer (&by_viewer, g_free);
  by_owner = ok (f, "office", GB_ARGS ("list", "members"));
  by_viewer = ok (f, "minh", GB_ARGS ("list", "members"));
  g_assert_cmpstr (by_viewer, ==, by_owner);
  g_assert_cmpuint (strlen (by_viewer), >, 1000);

  g_assert_true (g_file_set_contents (csv, "STT;Họ và tên;Năm sinh\n1;Đỗ Khắc Thiệu Quang;1961\n", -1, NULL));
  g_clear_pointer (&err, g_free);
  err = refused (f, "minh", GB_ARGS ("import", "artisans", csv));
  g_assert_nonnull (strstr (err, "Your role, viewer, may not make this change"));
  g_clear_pointer (&value, g_free);
  value = sql_as ("office", f->name, "SELECT count (*) || ' ' || (SELECT count (*) FROM imports) FROM artisans");
  g_assert_cmpstr (value, ==, "120 0");
  g_clear_pointer (&value, g_free);
  value = sql_as ("minh", f->name, "UPDATE members SET phone = '1'");
  g_assert_cmpstr (value, ==, "ERROR 42501");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/roles/setup", test_setup);
  ADD ("/roles/known-role", test_known_role);
  ADD ("/roles/clerk-may-not-issue", test_clerk_may_not_issue);
  ADD ("/roles/clerk-edits", test_clerk_edits);
  ADD ("/roles/viewer", test_viewer);
#undef ADD

  return g_test_run ();
}
