/* test-cli-pg.c — guildbook-cli on a shared PostgreSQL database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same commands on a file and on a throwaway PostgreSQL cluster give
 * the same rows in the same order, and the data is in PostgreSQL's tables.
 */
#include <string.h>
#include <gio/gio.h>

#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef struct
{
  char *dir;
  char *file;      /* an sqlite file beside, for comparison */
  char *uri;       /* a database of its own in the cluster */
  char *name;      /* its name */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = gb_test_make_dir ();
  f->file = g_build_filename (f->dir, "guildbook.db", NULL);
  f->uri = gb_test_pg_new_database ("cli", NULL, &f->name);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->uri);
  g_free (f->name);
}

static char *
dbname_of (Fixture *f)
{
  return g_strdup (f->name);
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

  g_free (gb_test_cli_ok (f->file, GB_ARGS ("demo")));
  g_free (gb_test_cli_ok (f->uri, GB_ARGS ("demo")));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *on_file = gb_test_cli_ok (f->file, commands[i]);
      g_autofree char *on_pg = gb_test_cli_ok (f->uri, commands[i]);

      g_assert_cmpuint (strlen (on_file), >, 40);
      g_assert_cmpstr (on_pg, ==, on_file);
    }
  /* In PostgreSQL's own tables. */
  members = gb_test_pg_query (name, NULL, "SELECT count(*) FROM members WHERE deleted_at IS NULL", NULL);
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

  g_free (gb_test_cli_ok (f->file, GB_ARGS ("demo")));
  g_free (gb_test_cli_ok (f->file, GB_ARGS ("export", "artisans", "-o", csv)));
  g_free (gb_test_cli_ok (second, GB_ARGS ("init")));
  g_free (gb_test_cli_ok (f->uri, GB_ARGS ("init")));
  g_free (gb_test_cli_ok (second, GB_ARGS ("import", "artisans", csv)));
  out = gb_test_cli_ok (f->uri, GB_ARGS ("import", "artisans", csv));
  g_assert_nonnull (strstr (out, "120 records imported"));
  count = gb_test_pg_query (name, NULL, "SELECT count(*) FROM artisans", NULL);
  g_assert_cmpstr (count, ==, "120");
  on_file = gb_test_cli_ok (second, GB_ARGS ("list", "artisans"));
  on_pg = gb_test_cli_ok (f->uri, GB_ARGS ("list", "artisans"));
  g_assert_cmpstr (on_pg, ==, on_file);

  g_clear_pointer (&out, g_free);
  out = gb_test_cli_ok (f->uri, GB_ARGS ("import", "undo", "1"));
  g_clear_pointer (&count, g_free);
  count = gb_test_pg_query (name, NULL, "SELECT count(*) FROM artisans WHERE deleted_at IS NULL", NULL);
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  count = gb_test_pg_query (name, NULL, "SELECT undone_at IS NOT NULL FROM imports WHERE id = 1", NULL);
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

  g_free (gb_test_cli_ok (f->uri, GB_ARGS ("demo")));
  out = gb_test_cli_ok (f->uri, GB_ARGS ("certificate", "--all", "--issue", "-o", pdf));
  g_assert_nonnull (strstr (out, "Issued 001/GCN-HHLN to 119/GCN-HHLN"));
  serials = gb_test_pg_query (name, NULL, "SELECT count(*) || ' ' || min(serial) || ' ' || max(serial) FROM certificates", NULL);
  g_assert_cmpstr (serials, ==, "119 1 119");
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  book = gb_test_cli_ok (f->uri, GB_ARGS ("register"));
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

  g_free (gb_test_cli_ok (f->uri, GB_ARGS ("demo")));
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
  serials = gb_test_pg_query (name, NULL, "SELECT count(*) || ' ' || min(serial) || ' ' || max(serial) FROM certificates"
                            " WHERE kind = 'artisan'", NULL);
  g_assert_cmpstr (serials, ==, "238 1 238");
  distinct = gb_test_pg_query (name, NULL, "SELECT count(DISTINCT number) FROM certificates WHERE kind = 'artisan'", NULL);
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

  g_free (gb_test_pg_query (name, NULL, "CREATE TABLE invoices (id int)", NULL));
  g_free (gb_test_cli (f->uri, &status, &err, GB_ARGS ("stats")));
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "not of Guildbook"));
  g_free (gb_test_pg_query (name, NULL, "DROP TABLE invoices", NULL));

  g_free (gb_test_cli_ok (f->uri, GB_ARGS ("init")));
  g_free (gb_test_pg_query (name, NULL, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", NULL));
  g_clear_pointer (&err, g_free);
  g_free (gb_test_cli (f->uri, &status, &err, GB_ARGS ("stats")));
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "newer Guildbook (schema 99"));
  g_free (gb_test_pg_query (name, NULL, "UPDATE meta SET value = '15' WHERE key = 'schema_version'", NULL));

  /* A backup is a file of the register (test-copy.c); a restore over
   * the shared database is refused, and the database left as it was. */
  g_free (gb_test_cli_ok (f->uri, GB_ARGS ("backup", "-o", backup)));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_free (gb_test_cli_ok (f->file, GB_ARGS ("demo")));
  g_clear_pointer (&err, g_free);
  g_free (gb_test_cli (f->uri, &status, &err, GB_ARGS ("restore", f->file)));
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "not restored over"));
  {
    g_autofree char *members = gb_test_pg_query (name, NULL, "SELECT count(*) FROM members", NULL);

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
