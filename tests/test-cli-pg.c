/* test-cli-pg.c — guildbook-cli on a shared PostgreSQL database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same commands on a file and on a throwaway PostgreSQL cluster give
 * the same rows in the same order, and the data is in PostgreSQL's tables.
 */
#include <string.h>
#include <gio/gio.h>
#include <libpq-fe.h>

#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *file;      /* an sqlite file beside, for comparison */
  char *uri;       /* a database of its own in the cluster */
} Fixture;

static char *
cluster (void)
{
  g_autoptr(GError) error = NULL;
  char *conninfo = gb_test_pg_start (&error);

  g_assert_no_error (error);
  return conninfo;
}

/* Runs @sql on the cluster's database (or @dbname's) and returns the
 * first value of its first row, or NULL. */
static char *
pg_value (const char *dbname,
          const char *sql)
{
  g_autofree char *base = cluster ();
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s", base, dbname ? dbname : "guildbook");
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  char *value = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static int n;
  g_autofree char *base = cluster ();
  g_autofree char *name = g_strdup_printf ("cli_%d", ++n);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);

  f->dir = gb_test_make_dir ();
  f->file = g_build_filename (f->dir, "guildbook.db", NULL);
  g_free (pg_value ("guildbook", create));
  f->uri = g_strdup_printf ("%s dbname=%s", base, name);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->uri);
}

static char *
dbname_of (Fixture *f)
{
  return g_strdup (strstr (f->uri, "dbname=") + strlen ("dbname="));
}

/* guildbook-cli --db @db @argv…; its output, and its exit status in *@status. */
static char *
cli (const char        *db,
     int               *status,
     char             **err,
     const char *const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *errors = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("GUILDBOOK_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char *const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &errors, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  if (err)
    *err = errors;
  else
    {
      if (*status != 0)
        g_printerr ("%s", errors);
      g_free (errors);
    }
  return out;
}

#define ARGS(...) ((const char *const[]) { __VA_ARGS__, NULL })

/* Output of a command that must succeed. */
static char *
ok (const char *db, const char *const *argv)
{
  int status;
  char *out = cli (db, &status, NULL, argv);

  g_assert_cmpint (status, ==, 0);
  return out;
}

/* demo, stats and list give the same on a file and on PostgreSQL: the
 * same rows, in the Vietnamese order, and a search finds the same ones
 * (marks ignored, a craft's name found). */
static void
test_same_as_file (Fixture *f, gconstpointer data)
{
  const char *const commands[][9] = {
    { "stats", NULL },
    { "list", "members", NULL },
    { "list", "artisans", NULL },
    { "list", "events", NULL },
    { "list", "artisans", "--search", "nguyen", NULL },
    { "list", "artisans", "--search", "det chieu", NULL },
    { "list", "members", "--search", "thi", "--sort", "joined_date", NULL },
    { "list", "members", "--filter", "kind=collective", "--desc", NULL },
    { "list", "members", "--sort", "birth_year", NULL },
    { "list", "members", "--sort", "commune", "--desc", NULL },
    { "list", "members", "--filter", "craft=1", NULL },
    { "list", "members", "--filter", "dues_unpaid=2021", NULL },
    { "list", "artisans", "--sort", "village", NULL },
    { "list", "artisans", "--filter", "revoked=1", NULL },
    { "list", "artisans", "--filter", "revoked=0", "--sort", "birth_year", "--desc", NULL },
    { "list", "artisans", "--filter", "title=people", NULL },
    { "list", "events", "--filter", "year=2021", NULL },
    { "list", "events", "--sort", "start_date", "--desc", NULL },
    { "export", "members", "-o", "-", NULL },
    { "export", "artisans", "--search", "gom", "-o", "-", NULL },
  };
  g_autofree char *name = dbname_of (f);
  g_autofree char *members = NULL;

  g_free (ok (f->file, ARGS ("demo")));
  g_free (ok (f->uri, ARGS ("demo")));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *on_file = ok (f->file, commands[i]);
      g_autofree char *on_pg = ok (f->uri, commands[i]);

      g_assert_cmpuint (strlen (on_file), >, 40);
      g_assert_cmpstr (on_pg, ==, on_file);
    }
  /* In PostgreSQL's own tables. */
  members = pg_value (name, "SELECT count(*) FROM members WHERE deleted_at IS NULL");
  g_assert_cmpstr (members, ==, "160");
}

/* An import reads into PostgreSQL as into a file, and Undo takes it back. */
static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = g_build_filename (f->dir, "artisans.csv", NULL);
  g_autofree char *second = g_build_filename (f->dir, "second.db", NULL);
  g_autofree char *name = dbname_of (f);
  g_autofree char *out = NULL;
  g_autofree char *on_file = NULL;
  g_autofree char *on_pg = NULL;
  g_autofree char *count = NULL;

  g_free (ok (f->file, ARGS ("demo")));
  g_free (ok (f->file, ARGS ("export", "artisans", "-o", csv)));
  g_free (ok (second, ARGS ("init")));
  g_free (ok (f->uri, ARGS ("init")));
  g_free (ok (second, ARGS ("import", "artisans", csv)));
  out = ok (f->uri, ARGS ("import", "artisans", csv));
  g_assert_nonnull (strstr (out, "120 records imported"));
  count = pg_value (name, "SELECT count(*) FROM artisans");
  g_assert_cmpstr (count, ==, "120");
  on_file = ok (second, ARGS ("list", "artisans"));
  on_pg = ok (f->uri, ARGS ("list", "artisans"));
  g_assert_cmpstr (on_pg, ==, on_file);

  g_clear_pointer (&out, g_free);
  out = ok (f->uri, ARGS ("import", "undo", "1"));
  g_clear_pointer (&count, g_free);
  count = pg_value (name, "SELECT count(*) FROM artisans WHERE deleted_at IS NULL");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  count = pg_value (name, "SELECT undone_at IS NOT NULL FROM imports WHERE id = 1");
  g_assert_cmpstr (count, ==, "t");
}

/* Certificates issued on PostgreSQL are numbered from 1 without a gap and
 * read back from its register. */
static void
test_issue (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "papers.pdf", NULL);
  g_autofree char *name = dbname_of (f);
  g_autofree char *out = NULL;
  g_autofree char *serials = NULL;
  g_autofree char *book = NULL;

  g_free (ok (f->uri, ARGS ("demo")));
  out = ok (f->uri, ARGS ("certificate", "--all", "--issue", "-o", pdf));
  g_assert_nonnull (strstr (out, "Issued 001/GCN-HHLN to 119/GCN-HHLN"));
  serials = pg_value (name, "SELECT count(*) || ' ' || min(serial) || ' ' || max(serial) FROM certificates");
  g_assert_cmpstr (serials, ==, "119 1 119");
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  book = ok (f->uri, ARGS ("register"));
  g_assert_nonnull (strstr (book, "119/GCN-HHLN"));
}

/* Two seats issuing at the same moment: every number once, none missing. */
static void
test_issue_race (Fixture *f, gconstpointer data)
{
  g_autofree char *name = dbname_of (f);
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *serials = NULL;
  g_autofree char *distinct = NULL;

  g_free (ok (f->uri, ARGS ("demo")));
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *pdf = g_strdup_printf ("%s/race-%d.pdf", f->dir, i);
      g_autoptr(GError) error = NULL;
      GSubprocess *proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                            g_getenv ("GUILDBOOK_CLI"), "--db", f->uri, "certificate",
                                            "--all", "--issue", "-o", pdf, NULL);

      g_assert_no_error (error);
      g_ptr_array_add (procs, proc);
    }
  for (guint i = 0; i < procs->len; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_subprocess_wait_check (procs->pdata[i], NULL, &error));
      g_assert_no_error (error);
    }
  /* 119 papers each, the second seat's reissuing the first's. */
  serials = pg_value (name, "SELECT count(*) || ' ' || min(serial) || ' ' || max(serial) FROM certificates"
                            " WHERE kind = 'artisan'");
  g_assert_cmpstr (serials, ==, "238 1 238");
  distinct = pg_value (name, "SELECT count(DISTINCT number) FROM certificates WHERE kind = 'artisan'");
  g_assert_cmpstr (distinct, ==, "238");
}

/* What is not a Guildbook database, or is a newer one, is refused in the
 * words a file gets; a shared database is not restored over. */
static void
test_refuses (Fixture *f, gconstpointer data)
{
  g_autofree char *name = dbname_of (f);
  g_autofree char *err = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  int status;

  g_free (pg_value (name, "CREATE TABLE invoices (id int)"));
  g_free (cli (f->uri, &status, &err, ARGS ("stats")));
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "not of Guildbook"));
  g_free (pg_value (name, "DROP TABLE invoices"));

  g_free (ok (f->uri, ARGS ("init")));
  g_free (pg_value (name, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"));
  g_clear_pointer (&err, g_free);
  g_free (cli (f->uri, &status, &err, ARGS ("stats")));
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "newer Guildbook (schema 99"));
  g_free (pg_value (name, "UPDATE meta SET value = '15' WHERE key = 'schema_version'"));

  /* A backup is a file of the register (test-copy.c); a restore over
   * the shared database is refused, and the database left as it was. */
  g_free (ok (f->uri, ARGS ("backup", "-o", backup)));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_free (ok (f->file, ARGS ("demo")));
  g_clear_pointer (&err, g_free);
  g_free (cli (f->uri, &status, &err, ARGS ("restore", f->file)));
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "not restored over"));
  {
    g_autofree char *members = pg_value (name, "SELECT count(*) FROM members");

    g_assert_cmpstr (members, ==, "0");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli-pg/same-as-file", test_same_as_file);
  ADD ("/cli-pg/import", test_import);
  ADD ("/cli-pg/issue", test_issue);
  ADD ("/cli-pg/issue-race", test_issue_race);
  ADD ("/cli-pg/refuses", test_refuses);
#undef ADD

  return g_test_run ();
}
