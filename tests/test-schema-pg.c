/* test-schema-pg.c — the PostgreSQL schema, against a real server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gb_migrations_pg_schema runs through libpq into a schema of its own per
 * case, on a throwaway cluster (gb-test-pg.c). One case holds it against
 * the sqlite schema that gb-migrations.c makes (tables, columns, types,
 * defaults, keys, indexes, triggers); the others insert, update and
 * delete real rows and look at what is kept and what is refused, and
 * with which SQLSTATE and words.
 */
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "gb-database.h"
#include "gb-database-private.h"
#include "gb-error.h"
#include "gb-migrations.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

#define BYTEA_OID 17

typedef struct
{
  PGconn *conn;
  char   *schema;
} Fixture;

/* ---- libpq ---------------------------------------------------------- */

static void
quiet (void *data, const char *message)
{
}

/* @sql, which must succeed; its result. */
static PGresult *
run (Fixture *f, const char *sql)
{
  PGresult *res = PQexec (f->conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s\n-> %s", sql, PQresultErrorMessage (res));
  return res;
}

static void
exec (Fixture *f, const char *sql)
{
  PQclear (run (f, sql));
}

/* The first column of the first row of @sql, which must have one; NULL
 * for SQL NULL. */
static char *
value (Fixture *f, const char *sql)
{
  PGresult *res = run (f, sql);
  char *v;

  if (PQntuples (res) != 1)
    g_error ("%s: %d rows, not one", sql, PQntuples (res));
  v = PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return v;
}

static gint64
int_value (Fixture *f, const char *sql)
{
  g_autofree char *v = value (f, sql);

  g_assert_nonnull (v);
  return g_ascii_strtoll (v, NULL, 10);
}

static void
assert_value (Fixture    *f,
              const char *sql,
              const char *expected)
{
  g_autofree char *v = value (f, sql);

  if (g_strcmp0 (v, expected) != 0)
    g_error ("%s\n-> %s, not %s", sql, v ? v : "NULL", expected ? expected : "NULL");
}

/* The SQLSTATE of @sql, which must fail; @message and @constraint, when
 * given, are what the error must say. */
static char *
refused (Fixture    *f,
         const char *sql,
         const char *message,
         const char *constraint)
{
  PGresult *res = PQexec (f->conn, sql);
  const char *field;
  char *sqlstate;

  if (PQresultStatus (res) != PGRES_FATAL_ERROR)
    g_error ("%s: not refused", sql);
  sqlstate = g_strdup (PQresultErrorField (res, PG_DIAG_SQLSTATE));
  if (message != NULL)
    g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY), ==, message);
  if (constraint != NULL)
    {
      field = PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME);
      if (g_strcmp0 (field, constraint) != 0)
        g_error ("%s: refused by %s, not %s (%s)", sql, field, constraint,
                 PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
    }
  PQclear (res);
  return sqlstate;
}

/* @sql must break a rule: SQLSTATE class 23, and the rule is @constraint. */
static void
assert_broken (Fixture    *f,
               const char *sql,
               const char *constraint)
{
  g_autofree char *state = refused (f, sql, NULL, constraint);

  g_assert_true (g_str_has_prefix (state, "23"));
}

/* @sql must meet a guard: SQLSTATE 23000 and its words. */
static void
assert_guarded (Fixture    *f,
                const char *sql,
                const char *message)
{
  g_autofree char *state = refused (f, sql, message, NULL);

  g_assert_cmpstr (state, ==, "23000");
}

/* ---- fixture --------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = gb_test_pg_start (&error);
  g_autofree char *create = NULL;

  /* A failure, not a skip: the PostgreSQL schema is tested or it is not done. */
  g_assert_no_error (error);
  f->conn = PQconnectdb (conninfo);
  if (PQstatus (f->conn) != CONNECTION_OK)
    g_error ("%s: %s", conninfo, PQerrorMessage (f->conn));
  PQsetNoticeProcessor (f->conn, quiet, NULL);
  /* A schema of each case's own: nothing carries over, and the script
   * shows that it makes everything in the schema it is given. */
  f->schema = g_strdup_printf ("case_%u_%u", (guint) getpid (), ++n);
  create = g_strdup_printf ("CREATE SCHEMA %s; SET search_path TO %s", f->schema, f->schema);
  exec (f, create);
  exec (f, gb_migrations_pg_schema);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *drop = g_strdup_printf ("SET search_path TO public; DROP SCHEMA %s CASCADE", f->schema);

  exec (f, drop);
  PQfinish (f->conn);
  g_free (f->schema);
}

/* ---- the script ------------------------------------------------------ */

/* One PQexec, in one transaction; the rows sqlite's steps write. */
static void
test_seed (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *version = value (f, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_autofree char *expected = g_strdup_printf ("%u", gb_n_migrations);
  g_autofree char *register_id = value (f, "SELECT value FROM meta WHERE key = 'register_id'");
  g_autofree char *name = value (f, "SELECT name FROM association WHERE id = 1");
  g_autofree char *other_schema = NULL;
  g_autofree char *other_id = NULL;

  /* A step added to sqlite's list and not to this script shows here. */
  g_assert_cmpstr (version, ==, expected);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{32}$", register_id, 0, 0));
  g_assert_cmpstr (name, ==, "Hi\xe1\xbb\x87p h\xe1\xbb\x99i L\xc3\xa0ng ngh\xe1\xbb\x81");
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM association"), ==, 1);
  /* Written by the application (gb_migrations_fill_communes() in sqlite). */
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM communes"), ==, 0);

  /* Each register draws an id of its own. This one is set up as
   * gb-database-pg.c does it, with the collation made first. */
  other_schema = g_strdup_printf ("%s_b", f->schema);
  {
    g_autofree char *create = g_strdup_printf ("CREATE SCHEMA %s; SET search_path TO %s;"
                                               " CREATE COLLATION vi (provider = icu, locale = 'vi')",
                                               other_schema, other_schema);
    g_autofree char *drop = g_strdup_printf ("SET search_path TO %s; DROP SCHEMA %s CASCADE", f->schema, other_schema);

    exec (f, create);
    exec (f, gb_migrations_pg_schema);
    other_id = value (f, "SELECT value FROM meta WHERE key = 'register_id'");
    exec (f, drop);
  }
  g_assert_cmpstr (other_id, !=, register_id);

  /* The script is one transaction: a failure leaves nothing behind. */
  {
    g_autofree char *create = g_strdup_printf ("CREATE SCHEMA %s; SET search_path TO %s", other_schema, other_schema);
    g_autofree char *broken = g_strconcat (gb_migrations_pg_schema, "SELECT 1/0;", NULL);
    g_autofree char *back = g_strdup_printf ("SET search_path TO %s", f->schema);
    g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                                              " ON n.oid = c.relnamespace WHERE n.nspname = '%s'", other_schema);
    g_autofree char *drop = g_strdup_printf ("DROP SCHEMA %s CASCADE", other_schema);
    g_autofree char *state = NULL;

    exec (f, create);
    state = refused (f, broken, NULL, NULL);
    g_assert_cmpstr (state, ==, "22012");
    /* Rolled back whole, the tables it had made before the error too. */
    exec (f, back);
    g_assert_cmpint (int_value (f, count), ==, 0);
    exec (f, drop);
  }
}

/* gb_is_date() says what sqlite's date(x, '+0 days') IS x says, asked
 * of sqlite itself, and never raises. */
static void
test_is_date (Fixture       *f,
              gconstpointer  data)
{
  static const struct { const char *text; gboolean date; } cases[] = {
    { "2021-02-28", TRUE }, { "2024-02-29", TRUE }, { "2000-02-29", TRUE }, { "0000-02-29", TRUE },
    { "9999-12-31", TRUE }, { "2021-04-30", TRUE }, { "2021-12-31", TRUE },
    { "2021-02-30", FALSE }, { "2023-02-29", FALSE }, { "1900-02-29", FALSE }, { "2021-04-31", FALSE },
    { "2021-13-01", FALSE }, { "2021-00-10", FALSE }, { "2021-01-00", FALSE }, { "2021-01-32", FALSE },
    { "2021-2-3", FALSE }, { "abc", FALSE }, { "", FALSE }, { " 2021-01-01", FALSE },
    { "2021-01-01 ", FALSE }, { "2021-01-01\n", FALSE }, { "2021-01-01T00:00", FALSE },
    { "+2021-01-01", FALSE }, { "2021/01/01", FALSE }, { "20210101", FALSE }, { "99999-01-01", FALSE },
    { "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x91-01-01", FALSE },   /* full-width digits */
  };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT date(?1, '+0 days') IS ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *params[] = { cases[i].text };
      PGresult *res = PQexecParams (f->conn, "SELECT gb_is_date ($1)", 1, NULL, params, NULL, NULL, 0);

      sqlite3_bind_text (stmt, 1, cases[i].text, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != cases[i].date)
        g_error ("sqlite: date('%s', '+0 days') IS '%s' is %d", cases[i].text, cases[i].text,
                 sqlite3_column_int (stmt, 0));
      sqlite3_reset (stmt);
      if (PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("gb_is_date ('%s'): %s", cases[i].text, PQresultErrorMessage (res));
      if (!g_str_equal (PQgetvalue (res, 0, 0), cases[i].date ? "t" : "f"))
        g_error ("gb_is_date ('%s') is %s", cases[i].text, PQgetvalue (res, 0, 0));
      PQclear (res);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  assert_value (f, "SELECT gb_is_date (NULL)::text", "false");
  /* IMMUTABLE, as the function of a CHECK should be. */
  assert_value (f, "SELECT provolatile::text FROM pg_proc WHERE proname = 'gb_is_date'"
                   " AND pronamespace = current_schema ()::regnamespace", "i");
}

/* ---- the same schema as sqlite's ------------------------------------ */

static char *
pg_type_of (const char *sqlite_type)
{
  if (g_str_equal (sqlite_type, "INTEGER"))
    return g_strdup ("bigint");
  if (g_str_equal (sqlite_type, "REAL"))
    return g_strdup ("double precision");
  if (g_str_equal (sqlite_type, "BLOB"))
    return g_strdup ("bytea");
  if (g_str_equal (sqlite_type, "TEXT"))
    return g_strdup ("text");
  g_error ("sqlite type %s has no PostgreSQL twin here", sqlite_type);
}

/* sqlite's column default as PostgreSQL says the same one. */
static char *
pg_default_of (const char *sqlite_default,
               const char *pg_type)
{
  if (sqlite_default == NULL)
    return NULL;
  if (g_str_equal (sqlite_default, "strftime('%Y-%m-%dT%H:%M:%SZ','now')"))
    return g_strdup ("to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'::text)");
  if (g_str_equal (sqlite_default, "x''"))
    return g_strdup ("'\\x'::bytea");
  if (sqlite_default[0] == '\'')
    return g_strdup_printf ("%s::%s", sqlite_default, pg_type);
  return g_strdup (sqlite_default);
}

/* Rows of @sql on sqlite, each as its columns joined by '|'. */
static GPtrArray *
sqlite_rows (sqlite3 *db, const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *v = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (row, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  sqlite3_finalize (stmt);
  return rows;
}

static GPtrArray *
pg_rows (Fixture *f, const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  PGresult *res = run (f, sql);

  for (int r = 0; r < PQntuples (res); r++)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < PQnfields (res); i++)
        g_string_append_printf (row, "%s%s", i ? "|" : "",
                                PQgetisnull (res, r, i) ? "NULL" : PQgetvalue (res, r, i));
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  PQclear (res);
  return rows;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @rows sorted and one a line, for comparing as sets. */
static char *
as_set (GPtrArray *rows)
{
  GString *s = g_string_new (NULL);

  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) rows->pdata[i]);
  g_ptr_array_unref (rows);
  return g_string_free (s, FALSE);
}

static char *
as_list (GPtrArray *rows)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) rows->pdata[i]);
  g_ptr_array_unref (rows);
  return g_string_free (s, FALSE);
}

/* What sqlite's steps make (a new file through gb_database_open()) and
 * what the script makes, side by side: a step added to one and not the
 * other, or a slip in the translation, shows here. CHECKs are text
 * sqlite does not take apart; the other cases try them with rows. */
static void
test_like_sqlite (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "schema.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) database = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autoptr(GPtrArray) tables = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = gb_database_get_handle (database);

  tables = sqlite_rows (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                            " AND name NOT LIKE 'sqlite_%' ORDER BY name");
  {
    g_autofree char *ours = as_set (g_ptr_array_ref (tables));
    g_autofree char *theirs = as_set (pg_rows (f, "SELECT tablename FROM pg_tables"
                                                  " WHERE schemaname = current_schema ()"));
    g_assert_cmpstr (theirs, ==, ours);
  }

  for (guint t = 0; t < tables->len; t++)
    {
      const char *table = tables->pdata[t];
      g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *sql = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      g_autofree char *pk = NULL;
      sqlite3_stmt *stmt = NULL;

      /* Columns in the same order (SELECT * and INSERT without names
       * read the same on both), their types, NOT NULL and defaults; an
       * INTEGER PRIMARY KEY is an identity that still takes given ids. */
      sql = g_strdup_printf ("SELECT name, type, \"notnull\", dflt_value, pk,"
                             " (SELECT count(*) FROM pragma_table_info('%s') WHERE pk > 0)"
                             " FROM pragma_table_info('%s') ORDER BY cid", table, table);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);
          g_autofree char *type = pg_type_of ((const char *) sqlite3_column_text (stmt, 1));
          g_autofree char *dflt = pg_default_of ((const char *) sqlite3_column_text (stmt, 3), type);
          gboolean pk_col = sqlite3_column_int (stmt, 4) > 0;
          gboolean alias = pk_col && sqlite3_column_int (stmt, 5) == 1 && g_str_equal (type, "bigint");

          g_ptr_array_add (expected, g_strdup_printf ("%s|%s|%s|%s|%s", name, type,
                                                      sqlite3_column_int (stmt, 2) || pk_col ? "NO" : "YES",
                                                      dflt ? dflt : "NULL",
                                                      alias ? "YES|BY DEFAULT" : "NO|NULL"));
        }
      sqlite3_finalize (stmt);
      ours = as_list (g_steal_pointer (&expected));
      g_free (sql);
      sql = g_strdup_printf ("SELECT column_name, data_type, is_nullable, column_default, is_identity,"
                             " identity_generation FROM information_schema.columns"
                             " WHERE table_schema = current_schema () AND table_name = '%s'"
                             " ORDER BY ordinal_position", table);
      theirs = as_list (pg_rows (f, sql));
      g_assert_cmpstr (theirs, ==, ours);

      /* The primary key. */
      g_free (sql);
      sql = g_strdup_printf ("SELECT group_concat(name, ',') FROM"
                             " (SELECT name FROM pragma_table_info('%s') WHERE pk > 0 ORDER BY pk)", table);
      {
        g_autoptr(GPtrArray) rows = sqlite_rows (db, sql);
        g_autofree char *pg_sql = g_strdup_printf (
          "SELECT string_agg(a.attname, ',' ORDER BY k.pos) FROM pg_constraint c,"
          " unnest(c.conkey) WITH ORDINALITY AS k(attnum, pos), pg_attribute a"
          " WHERE c.conrelid = '%s'::regclass AND c.contype = 'p'"
          " AND a.attrelid = c.conrelid AND a.attnum = k.attnum", table);

        pk = value (f, pg_sql);
        g_assert_cmpstr (pk, ==, rows->pdata[0]);
      }

      /* UNIQUE constraints. */
      g_free (ours);
      g_free (theirs);
      g_free (sql);
      sql = g_strdup_printf ("SELECT (SELECT group_concat(name, ',') FROM"
                             " (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))"
                             " FROM pragma_index_list('%s') l WHERE l.origin = 'u'", table);
      ours = as_set (sqlite_rows (db, sql));
      g_free (sql);
      sql = g_strdup_printf ("SELECT (SELECT string_agg(a.attname, ',' ORDER BY k.pos)"
                             " FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, pos), pg_attribute a"
                             " WHERE a.attrelid = c.conrelid AND a.attnum = k.attnum)"
                             " FROM pg_constraint c WHERE c.conrelid = '%s'::regclass AND c.contype = 'u'",
                             table);
      theirs = as_set (pg_rows (f, sql));
      g_assert_cmpstr (theirs, ==, ours);

      /* Foreign keys, with their actions. */
      g_free (ours);
      g_free (theirs);
      g_free (sql);
      sql = g_strdup_printf ("SELECT \"from\", \"table\", coalesce(\"to\", 'id'), on_update, on_delete"
                             " FROM pragma_foreign_key_list('%s')", table);
      ours = as_set (sqlite_rows (db, sql));
      g_free (sql);
      sql = g_strdup_printf ("SELECT a.attname, c.confrelid::regclass::text, b.attname,"
                             " %s, %s FROM pg_constraint c"
                             " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                             " JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]"
                             " WHERE c.conrelid = '%s'::regclass AND c.contype = 'f'",
#define ACTION(col) "CASE " col " WHEN 'a' THEN 'NO ACTION' WHEN 'c' THEN 'CASCADE'" \
                    " WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' ELSE 'SET DEFAULT' END"
                             ACTION ("c.confupdtype"), ACTION ("c.confdeltype"), table);
#undef ACTION
      theirs = as_set (pg_rows (f, sql));
      g_assert_cmpstr (theirs, ==, ours);
    }
  /* Each foreign key is of one column, as the query above reads them;
   * each is checked at once but may be deferred for a load. */
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                                 " AND connamespace = current_schema ()::regnamespace"
                                 " AND (array_length(conkey, 1) <> 1 OR NOT condeferrable OR condeferred)"), ==, 0);

  /* Indexes by name, on the same table, unique or not, partial or not,
   * over the same columns in the same directions (an expression as ?). */
  {
    g_autoptr(GPtrArray) names = sqlite_rows (db, "SELECT name FROM sqlite_schema WHERE type = 'index'"
                                                  " AND sql IS NOT NULL ORDER BY name");
    g_autofree char *ours = NULL;
    g_autofree char *theirs = NULL;
    GPtrArray *expected = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < names->len; i++)
      {
        const char *name = names->pdata[i];
        g_autofree char *sql = g_strdup_printf (
          "SELECT l.name, m.name, l.\"unique\", l.partial,"
          " (SELECT group_concat(coalesce(x.name, '?') || CASE x.\"desc\" WHEN 1 THEN ' DESC' ELSE '' END, ',')"
          "  FROM (SELECT * FROM pragma_index_xinfo(l.name) WHERE key = 1 ORDER BY seqno) x)"
          " FROM sqlite_schema m, pragma_index_list(m.name) l"
          " WHERE m.type = 'table' AND l.name = '%s'", name);
        g_autoptr(GPtrArray) rows = sqlite_rows (db, sql);

        g_assert_cmpuint (rows->len, ==, 1);
        g_ptr_array_add (expected, g_strdup (rows->pdata[0]));
      }
    ours = as_set (expected);
    theirs = as_set (pg_rows (f,
      "SELECT c.relname, t.relname, i.indisunique::int, (i.indpred IS NOT NULL)::int,"
      " (SELECT string_agg(coalesce(a.attname, '?')"
      "   || CASE WHEN (i.indoption::int2[])[k.pos - 1] & 1 = 1 THEN ' DESC' ELSE '' END, ',' ORDER BY k.pos)"
      "  FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos)"
      "  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)"
      " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
      " WHERE c.relnamespace = current_schema ()::regnamespace"
      " AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)"));
    g_assert_cmpstr (theirs, ==, ours);
  }

  /* sqlite's triggers by name, on the same table; TRUNCATE's are
   * PostgreSQL's own. */
  {
    g_autofree char *ours = as_set (sqlite_rows (db, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger'"));
    g_autofree char *theirs = as_set (pg_rows (f, "SELECT t.tgname, c.relname FROM pg_trigger t"
                                                  " JOIN pg_class c ON c.oid = t.tgrelid"
                                                  " WHERE NOT t.tgisinternal AND t.tgname NOT LIKE '%truncate'"
                                                  " AND c.relnamespace = current_schema ()::regnamespace"));
    g_assert_cmpstr (theirs, ==, ours);
  }

  g_clear_object (&database);
  gb_test_remove_dir (dir);
}

/* ---- rows ------------------------------------------------------------ */

/* Today in UTC, as the register writes dates. */
static char *
utc_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* A session time zone whose date is not UTC's now, so that a stamp taken
 * in local time would show. */
static void
set_far_time_zone (Fixture *f)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* POSIX signs: Etc/GMT+12 is UTC-12, yesterday until noon UTC;
   * Etc/GMT-14 is tomorrow from 10:00 UTC. */
  exec (f, g_date_time_get_hour (now) < 11 ? "SET TimeZone = 'Etc/GMT+12'" : "SET TimeZone = 'Etc/GMT-14'");
  {
    g_autofree char *local = value (f, "SELECT current_date::text");
    g_autofree char *today = utc_today ();

    g_assert_cmpstr (local, !=, today);
  }
}

#define MEMBER "INSERT INTO members (kind, member_no, name, joined_date) VALUES ('individual', "

/* A member gets an id, time stamps in UTC, and the first row of its
 * status list; a change of status adds one, anything else does not. */
static void
test_member (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *since = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 id, other;

  set_far_time_zone (f);
  id = int_value (f, MEMBER "'M-1', 'Nguyễn Văn An', '2020-05-01') RETURNING id");
  g_assert_cmpint (id, >, 0);
  sql = g_strdup_printf ("SELECT status || ' ' || since FROM member_status_history WHERE member_id = %"
                         G_GINT64_FORMAT, id);
  assert_value (f, sql, "active 2020-05-01");

  /* The stamps: sqlite's text, in UTC, now. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT created_at FROM members WHERE id = %" G_GINT64_FORMAT, id);
  stamp = value (f, sql);
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", stamp, 0, 0));
  created = g_date_time_new_from_iso8601 (stamp, NULL);
  now = g_date_time_new_now_utc ();
  g_assert_nonnull (created);
  g_assert_cmpint (ABS (g_date_time_difference (now, created)), <, 120 * G_TIME_SPAN_SECOND);

  /* No joining date: the list starts today, UTC. */
  before = utc_today ();
  other = int_value (f, MEMBER "'M-2', 'Trần Thị Bình', NULL) RETURNING id");
  after = utc_today ();
  g_assert_cmpint (other, >, id);
  g_free (sql);
  sql = g_strdup_printf ("SELECT since FROM member_status_history WHERE member_id = %" G_GINT64_FORMAT, other);
  since = value (f, sql);
  g_assert_true (g_str_equal (since, before) || g_str_equal (since, after));

  /* A new status adds a row dated today; the same status, or another
   * column, adds none. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE members SET status = 'resigned' WHERE id = %" G_GINT64_FORMAT, id);
  exec (f, sql);
  /* The first is resigned already: a row for the second only. */
  exec (f, "UPDATE members SET status = 'resigned'");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE members SET status = status, name = 'Nguyễn Văn Ân' WHERE id = %"
                         G_GINT64_FORMAT, id);
  exec (f, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT string_agg(status || ' ' || since, ',' ORDER BY id) FROM member_status_history"
                         " WHERE member_id = %" G_GINT64_FORMAT, id);
  {
    g_autofree char *list = value (f, sql);
    g_autofree char *today = utc_today ();
    g_autofree char *expected = g_strdup_printf ("active 2020-05-01,resigned %s", today);

    g_assert_cmpstr (list, ==, expected);
  }
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM member_status_history"), ==, 4);

  /* The list goes with the member. */
  exec (f, "DELETE FROM members");
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM member_status_history"), ==, 0);
}

/* Bad values are refused as broken rules (class 23), each by its own
 * rule, and the same row with a good value is taken. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  static const char *const bad_dates[] = { "2021-02-30", "2021-2-3", "abc", "2021-02-28 " };

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *sql = g_strdup_printf (MEMBER "'D-%u', 'An', '%s')", i, bad_dates[i]);

      assert_broken (f, sql, "members_joined_date_check");
    }
  exec (f, MEMBER "'D-ok', 'An', '2021-02-28')");
  assert_broken (f, "INSERT INTO events (kind, title, start_date) VALUES ('fair', 'Hội chợ', '2021-02-30')",
                 "events_start_date_check");
  exec (f, "INSERT INTO events (kind, title, start_date) VALUES ('fair', 'Hội chợ', '2021-02-28')");
  /* Dates compare as text, bytewise. */
  assert_broken (f, "INSERT INTO events (kind, title, start_date, end_date)"
                    " VALUES ('fair', 'Hội chợ', '2021-03-02', '2021-03-01')", "events_check");

  /* A tax code is 10 or 13 digits and nothing else. */
  assert_broken (f, "INSERT INTO members (kind, member_no, name, tax_code)"
                    " VALUES ('collective', 'T-1', 'HTX Gốm', '01234567AB')", "members_tax_code_check");
  assert_broken (f, "INSERT INTO members (kind, member_no, name, tax_code)"
                    " VALUES ('collective', 'T-2', 'HTX Gốm', '0123456789 ')", "members_tax_code_check");
  assert_broken (f, "INSERT INTO members (kind, member_no, name, tax_code)"
                    " VALUES ('collective', 'T-3', 'HTX Gốm', '012345678')", "members_tax_code_check");
  exec (f, "INSERT INTO members (kind, member_no, name, tax_code) VALUES ('collective', 'T-4', 'HTX Gốm', '0123456789')");
  exec (f, "INSERT INTO members (kind, member_no, name, tax_code) VALUES ('collective', 'T-5', 'HTX Gốm', '0123456789012')");

  /* The year of birth agrees with the date; a date that is not one is
   * refused as a broken rule, never as text that is not a number. */
  assert_broken (f, "INSERT INTO members (kind, member_no, name, birth_date, birth_year)"
                    " VALUES ('individual', 'B-1', 'An', '1990-01-02', 1991)", "members_check2");
  assert_broken (f, "INSERT INTO members (kind, member_no, name, birth_date, birth_year)"
                    " VALUES ('individual', 'B-2', 'An', 'x990-01-02', 1990)", NULL);
  exec (f, "INSERT INTO members (kind, member_no, name, birth_date, birth_year)"
           " VALUES ('individual', 'B-3', 'An', '1990-01-02', 1990)");

  /* The symbol: capitals, digits, Đ and the dash. */
  assert_broken (f, "UPDATE association SET symbol = 'hhln'", "association_symbol_check");
  exec (f, "UPDATE association SET symbol = 'HHLN-ĐN2'");

  /* A member number is unique among the records not deleted. */
  assert_broken (f, MEMBER "'D-ok', 'Bình', NULL)", "members_member_no");
  exec (f, "UPDATE members SET deleted_at = '2024-01-01T00:00:00Z' WHERE member_no = 'D-ok'");
  exec (f, MEMBER "'D-ok', 'Bình', NULL)");
}

/* Ids given explicitly are stored as given (a dump read back), but an
 * identity does not move past them: the next row without an id takes
 * the identity's next value, and collides once it reaches a given one.
 * gb_sync_identities() moves every identity past its table's highest
 * id, and never back. sqlite takes max(id) + 1 by itself. */
static void
test_identity (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *state = NULL;

  g_assert_cmpint (int_value (f, "INSERT INTO crafts (id, name) VALUES (100, 'Gốm') RETURNING id"), ==, 100);
  g_assert_cmpint (int_value (f, "INSERT INTO crafts (id, name) VALUES (2, 'Mây tre') RETURNING id"), ==, 2);
  /* Not 101: the identity has not moved. */
  g_assert_cmpint (int_value (f, "INSERT INTO crafts (name) VALUES ('Sơn mài') RETURNING id"), ==, 1);
  /* Its next value is the 2 given above. */
  state = refused (f, "INSERT INTO crafts (name) VALUES ('Dệt')", NULL, "crafts_pkey");
  g_assert_cmpstr (state, ==, "23505");
  /* An explicit NULL is not "make one up", as it is in sqlite. */
  g_free (state);
  state = refused (f, "INSERT INTO crafts (id, name) VALUES (NULL, 'Dệt')", NULL, NULL);
  g_assert_cmpstr (state, ==, "23502");

  exec (f, "SELECT gb_sync_identities ()");
  g_assert_cmpint (int_value (f, "INSERT INTO crafts (name) VALUES ('Dệt') RETURNING id"), ==, 101);
  /* Never back, even below rows since removed. */
  exec (f, "DELETE FROM crafts WHERE id > 2");
  exec (f, "SELECT gb_sync_identities ()");
  g_assert_cmpint (int_value (f, "INSERT INTO crafts (name) VALUES ('Chạm bạc') RETURNING id"), ==, 102);
  /* Every table's identity, not only the one asked about; an empty
   * table keeps its start. */
  exec (f, "INSERT INTO events (id, kind, title, start_date) VALUES (7, 'fair', 'Hội chợ', '2024-01-01')");
  exec (f, "SELECT gb_sync_identities ()");
  g_assert_cmpint (int_value (f, "INSERT INTO events (kind, title, start_date)"
                                 " VALUES ('fair', 'Hội chợ 2', '2024-01-01') RETURNING id"), ==, 8);
  g_assert_cmpint (int_value (f, "INSERT INTO imports (kind, file_name) VALUES ('members', 'a.csv') RETURNING id"), ==, 1);
  /* The member's status row made by the trigger takes the identity too. */
  exec (f, "INSERT INTO members (id, kind, member_no, name) VALUES (50, 'individual', 'M-50', 'An')");
  g_assert_cmpint (int_value (f, "SELECT member_id FROM member_status_history"), ==, 50);
}

/* A dump goes back in as gb-dump.c puts it in sqlite (triggers aside,
 * foreign keys deferred, the rows with their ids) said in PostgreSQL:
 * ALTER TABLE … DISABLE TRIGGER USER and SET CONSTRAINTS ALL DEFERRED;
 * then SET CONSTRAINTS ALL IMMEDIATE, which checks the keys, ENABLE
 * TRIGGER USER and gb_sync_identities() before the commit. */
static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  static const char *const tables[] = { "audit_log", "certificates", "members" };
  g_autofree char *state = NULL;

  /* Outside a load a key is checked at once, as in sqlite. */
  state = refused (f, "INSERT INTO certificates (id, kind, year, serial, number, holder_name, issued_on, reissue_of)"
                      " VALUES (2, 'membership', 2024, 2, '02/2024', 'An', '2024-03-02', 1)",
                   NULL, "certificates_reissue_of_fkey");
  g_assert_cmpstr (state, ==, "23503");

  /* What the load replaces, guarded rows too. */
  exec (f, "INSERT INTO audit_log (os_user, table_name, record_id, action) VALUES ('hoa', 'members', 1, 'insert')");
  exec (f, "INSERT INTO certificates (id, kind, year, serial, number, holder_name, issued_on)"
           " VALUES (5, 'membership', 2023, 1, '01/2023', 'Lê Chi', '2023-01-02')");

  exec (f, "BEGIN");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s DISABLE TRIGGER USER", tables[i]);

      exec (f, sql);
    }
  exec (f, "SET CONSTRAINTS ALL DEFERRED");
  exec (f, "DELETE FROM audit_log");
  exec (f, "DELETE FROM certificates");
  /* A reissue before the paper it replaces; a member without the status
   * row its trigger would write, which the dump brings itself. */
  exec (f, "INSERT INTO certificates (id, kind, year, serial, number, holder_name, issued_on, reissue_of)"
           " VALUES (2, 'membership', 2024, 2, '02/2024', 'An', '2024-03-02', 1)");
  exec (f, "INSERT INTO certificates (id, kind, year, serial, number, holder_name, issued_on)"
           " VALUES (1, 'membership', 2024, 1, '01/2024', 'An', '2024-03-01')");
  exec (f, "INSERT INTO members (id, kind, member_no, name) VALUES (40, 'individual', 'M-40', 'An')");
  exec (f, "INSERT INTO member_status_history (id, member_id, status, since) VALUES (9, 40, 'active', '2019-01-01')");
  /* The keys now (a table with checks pending cannot be altered), where
   * sqlite's load asks pragma_foreign_key_check. */
  exec (f, "SET CONSTRAINTS ALL IMMEDIATE");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s ENABLE TRIGGER USER", tables[i]);

      exec (f, sql);
    }
  exec (f, "SELECT gb_sync_identities ()");
  exec (f, "COMMIT");

  g_assert_cmpint (int_value (f, "SELECT count(*) FROM audit_log"), ==, 0);
  assert_value (f, "SELECT string_agg(id || '>' || coalesce(reissue_of, 0), ' ' ORDER BY id) FROM certificates",
                "1>0 2>1");
  assert_value (f, "SELECT string_agg(id || ' ' || since, ',') FROM member_status_history", "9 2019-01-01");
  /* The guards are back, and new rows take ids above the load's. */
  assert_guarded (f, "DELETE FROM certificates", "certificates are voided, never deleted");
  g_assert_cmpint (int_value (f, "INSERT INTO certificates (kind, year, serial, number, holder_name, issued_on)"
                                 " VALUES ('membership', 2024, 3, '03/2024', 'Bình', '2024-03-03') RETURNING id"), ==, 3);
  g_assert_cmpint (int_value (f, "INSERT INTO members (kind, member_no, name) VALUES ('individual', 'M-41', 'Bình')"
                                 " RETURNING id"), ==, 41);
  assert_value (f, "SELECT max(id) || ' ' || count(*) FROM member_status_history", "10 2");

  /* A load whose rows point at nothing fails at the commit, whole. */
  exec (f, "BEGIN");
  exec (f, "SET CONSTRAINTS ALL DEFERRED");
  exec (f, "INSERT INTO dues (member_id, year, amount) VALUES (999, 2024, 100)");
  g_free (state);
  state = refused (f, "COMMIT", NULL, "dues_member_id_fkey");
  g_assert_cmpstr (state, ==, "23503");
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM dues"), ==, 0);
}

static void
test_audit_log (Fixture       *f,
                gconstpointer  data)
{
  static const char message[] = "the audit log cannot be changed";

  exec (f, "INSERT INTO audit_log (os_user, table_name, record_id, action, field, new_value)"
           " VALUES ('hoa', 'members', 1, 'update', 'name', 'An')");
  assert_guarded (f, "UPDATE audit_log SET new_value = 'Bình'", message);
  assert_guarded (f, "DELETE FROM audit_log", message);
  assert_guarded (f, "TRUNCATE audit_log", message);
  assert_value (f, "SELECT new_value FROM audit_log", "An");
  /* Writing the log goes on. */
  exec (f, "INSERT INTO audit_log (os_user, table_name, record_id, action) VALUES ('hoa', 'members', 1, 'delete')");
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM audit_log"), ==, 2);
}

static void
test_certificates (Fixture       *f,
                   gconstpointer  data)
{
  exec (f, "INSERT INTO certificates (kind, year, serial, number, holder_name, issued_on, check_code)"
           " VALUES ('membership', 2024, 1, '01/2024', 'Nguyễn Văn An', '2024-03-01', 'k3y')");
  assert_guarded (f, "DELETE FROM certificates", "certificates are voided, never deleted");
  assert_guarded (f, "TRUNCATE certificates", "certificates are voided, never deleted");
  assert_guarded (f, "UPDATE certificates SET holder_name = 'Trần Bình'", "an issued certificate cannot be changed");
  /* Named in SET is enough, as in sqlite's UPDATE OF. */
  assert_guarded (f, "UPDATE certificates SET check_code = check_code", "an issued certificate cannot be changed");
  /* Voiding, with a reason, is the one change. */
  assert_broken (f, "UPDATE certificates SET voided_on = '2024-04-01'", "certificates_check");
  exec (f, "UPDATE certificates SET voided_on = '2024-04-01', void_reason = 'Cấp lại'");
  assert_value (f, "SELECT holder_name || ' ' || voided_on FROM certificates", "Nguyễn Văn An 2024-04-01");
  /* Numbers are unique per kind and year. */
  assert_broken (f, "INSERT INTO certificates (kind, year, serial, number, holder_name, issued_on)"
                    " VALUES ('membership', 2024, 1, '01/2024', 'Lê Chi', '2024-03-02')",
                 "certificates_kind_year_serial_key");
}

static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  exec (f, "INSERT INTO reports (id, kind, title, options) VALUES (1, 'roster', 'Danh sách', '{}'),"
           " (2, 'dues', 'Hội phí', '{}')");
  /* A draft changes and goes freely. */
  exec (f, "UPDATE reports SET title = 'Danh sách hội viên' WHERE id = 1");
  exec (f, "DELETE FROM reports WHERE id = 2");
  /* Submitted only with its PDF and number. */
  assert_broken (f, "UPDATE reports SET submitted_at = '2024-05-01T08:00:00Z' WHERE id = 1", "reports_check");
  exec (f, "UPDATE reports SET submitted_at = '2024-05-01T08:00:00Z', pdf = '\\x25504446'::bytea, number = 7"
           " WHERE id = 1");
  assert_guarded (f, "UPDATE reports SET title = 'Khác' WHERE id = 1", "a submitted report cannot be changed");
  assert_guarded (f, "UPDATE reports SET submitted_at = NULL WHERE id = 1", "a submitted report cannot be changed");
  assert_guarded (f, "DELETE FROM reports WHERE id = 1", "a submitted report is kept");
  assert_guarded (f, "TRUNCATE reports", "a submitted report is kept");
  assert_value (f, "SELECT title || ' ' || number || ' ' || encode(pdf, 'hex') FROM reports", "Danh sách hội viên 7 25504446");
}

static void
test_contest_awards (Fixture       *f,
                     gconstpointer  data)
{
  static const char message[] = "award and entry belong to different events";

  exec (f, "INSERT INTO events (id, kind, title, start_date) VALUES (1, 'contest', 'Thi gốm', '2024-01-01'),"
           " (2, 'contest', 'Thi mây', '2024-02-01')");
  exec (f, "INSERT INTO contest_entries (id, event_id, entrant_name, product) VALUES (10, 1, 'An', 'Bình gốm')");
  assert_guarded (f, "INSERT INTO contest_awards (event_id, entry_id, name) VALUES (2, 10, 'Giải nhất')", message);
  /* An entry that does not exist has no event: the same words. */
  assert_guarded (f, "INSERT INTO contest_awards (event_id, entry_id, name) VALUES (1, 11, 'Giải nhất')", message);
  exec (f, "INSERT INTO contest_awards (event_id, entry_id, name) VALUES (1, 10, 'Giải nhất')");
  /* An event removed takes its entries and awards. */
  exec (f, "DELETE FROM events WHERE id = 1");
  g_assert_cmpint (int_value (f, "SELECT count(*) FROM contest_awards"), ==, 0);
}

/* Sort keys are bytes and sort as bytes (memcmp, unsigned), as sqlite's
 * BLOBs do; the default is the empty key, which comes first. */
static void
test_sort_key (Fixture       *f,
               gconstpointer  data)
{
  static const struct { const char *name; const char *bytes; int length; } keys[] = {
    { "c", "\x80", 1 },
    { "e", "\x7f", 1 },
    { "a", "\x01\xff", 2 },
    { "f", "\x02", 1 },
    { "b", "\x00", 1 },
    { "d", "\x01\xff\x00", 3 },
  };

  exec (f, "INSERT INTO crafts (name) VALUES ('none')");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *values[] = { keys[i].name, keys[i].bytes };
      const int lengths[] = { 0, keys[i].length };
      const int formats[] = { 0, 1 };
      const Oid types[] = { 0, BYTEA_OID };
      PGresult *res = PQexecParams (f->conn, "INSERT INTO crafts (name, sort_key) VALUES ($1, $2)",
                                    2, types, values, lengths, formats, 0);

      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        g_error ("sort key of %s: %s", keys[i].name, PQresultErrorMessage (res));
      PQclear (res);
    }
  assert_value (f, "SELECT pg_typeof (sort_key)::text || octet_length (sort_key)"
                             " FROM crafts WHERE name = 'none'", "bytea0");
  assert_value (f, "SELECT string_agg(name, ' ' ORDER BY sort_key, id) FROM crafts", "none b a d f e c");
}

/* ORDER BY … COLLATE vi sorts as the application's sqlite collation
 * (ICU, "vi") does: the same SQL, the same order. */
static void
test_collate_vi (Fixture       *f,
                 gconstpointer  data)
{
  static const char words[] =
    "('Đặng'), ('Dương'), ('an'), ('Ánh'), ('Anh'), ('ăn'), ('âm'), ('Bình'), ('bình'), ('Ơn'),"
    " ('Ông'), ('Ô'), ('Zô'), ('Ư'), ('u'), ('Ửu'), ('Nguyễn'), ('Nguyên'), ('nguyen'), ('Đ'), ('Da'), ('Dz')";
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "vi.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) database = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT string_agg(w, ' ' ORDER BY w COLLATE vi) FROM (VALUES %s) v(w)", words);
  g_autofree char *sqlite_sql = g_strdup_printf ("SELECT group_concat(w, ' ') FROM"
                                                 " (SELECT column1 AS w FROM (VALUES %s) ORDER BY w COLLATE vi)", words);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *bytewise = g_strdup_printf ("SELECT string_agg(w, ' ' ORDER BY w COLLATE \"C\") FROM (VALUES %s) v(w)",
                                               words);
  g_autofree char *ours = NULL;
  g_autofree char *by_bytes = NULL;

  g_assert_no_error (error);
  rows = sqlite_rows (gb_database_get_handle (database), sqlite_sql);
  ours = value (f, sql);
  by_bytes = value (f, bytewise);
  g_assert_cmpstr (ours, ==, rows->pdata[0]);
  /* Not bytewise, which would put Đ after Z. */
  g_assert_cmpstr (ours, !=, by_bytes);
  g_clear_object (&database);
  gb_test_remove_dir (dir);
}

/* One list of steps for both engines: a step before the PostgreSQL base
 * is a file's only, every step from the base on has both texts, and a new
 * shared database is at the list's end. */
static void
test_one_list (void)
{
  g_autofree char *dbname = NULL;
  g_autofree char *conninfo = gb_test_pg_new_database ("list", NULL, &dbname);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;

  g_assert_cmpuint (gb_n_migrations, >=, GB_MIGRATIONS_PG_BASE);
  for (guint v = 0; v < gb_n_migrations; v++)
    {
      g_assert_nonnull (gb_migrations[v].sqlite);
      if (v < GB_MIGRATIONS_PG_BASE)
        g_assert_null (gb_migrations[v].pg);
      else if (gb_migrations[v].pg == NULL)
        g_error ("step %u (schema %u to %u) has no PostgreSQL text", v, v, v + 1);
    }
  db = gb_database_open (conninfo, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_pg_schema_version (db), ==, gb_n_migrations);
  g_assert_cmpint (gb_database_get_schema_version (db), ==, gb_n_migrations);
}

/* A later step reaches a shared database as it reaches a file: its owner
 * opens it and each step runs once, in order; a seat of another login is
 * told to ask the owner, and nothing changes meanwhile. */
static void
test_upgrade (void)
{
  g_autofree char *dbname = NULL;
  g_autofree char *conninfo = gb_test_pg_new_database ("upgrade", NULL, &dbname);
  g_autofree char *seat_conninfo = NULL;
  g_autofree char *grant = NULL;
  g_autofree GbMigration *steps = g_new0 (GbMigration, gb_n_migrations + 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) owner = NULL;
  g_autoptr(GbDatabase) seat = NULL;
  guint n = gb_n_migrations + 2;

  memcpy (steps, gb_migrations, gb_n_migrations * sizeof *steps);
  steps[gb_n_migrations] = (GbMigration) { "CREATE TABLE probe (x INTEGER);", "CREATE TABLE probe (x bigint);" };
  steps[gb_n_migrations + 1] = (GbMigration) { "ALTER TABLE probe ADD COLUMN y TEXT;",
                                               "ALTER TABLE probe ADD COLUMN y text;" };
  owner = gb_database_open (conninfo, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);

  g_free (gb_test_pg_query (dbname, NULL, "CREATE ROLE upgrade_seat LOGIN", NULL));
  grant = g_strdup ("GRANT SELECT ON ALL TABLES IN SCHEMA public TO upgrade_seat");
  g_free (gb_test_pg_query (dbname, NULL, grant, NULL));
  seat_conninfo = g_strdup_printf ("%s user=upgrade_seat", conninfo);
  seat = gb_database_open (seat_conninfo, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_false (gb_database_pg_upgrade (seat, dbname, steps, n, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "owner"));
  g_clear_error (&error);
  g_assert_cmpint (gb_database_pg_schema_version (owner), ==, gb_n_migrations);

  g_assert_true (gb_database_pg_upgrade (owner, dbname, steps, n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gb_database_pg_schema_version (owner), ==, n);
  g_assert_true (gb_database_exec (owner, "INSERT INTO probe (x, y) VALUES (1, 'một')", &error));
  g_assert_no_error (error);
  /* Again: nothing left to do. */
  g_assert_true (gb_database_pg_upgrade (owner, dbname, steps, n, &error));
  g_assert_cmpint (gb_database_pg_schema_version (owner), ==, n);
  g_clear_object (&seat);
  g_clear_object (&owner);
  g_free (gb_test_pg_query (dbname, NULL, "DROP OWNED BY upgrade_seat", NULL));
  g_free (gb_test_pg_query ("postgres", NULL, "DROP ROLE upgrade_seat", NULL));
}

int
main (int argc, char **argv)
{
  static const struct { const char *path; void (*func) (Fixture *, gconstpointer); } cases[] = {
    { "/schema-pg/seed", test_seed },
    { "/schema-pg/is-date", test_is_date },
    { "/schema-pg/like-sqlite", test_like_sqlite },
    { "/schema-pg/member", test_member },
    { "/schema-pg/refused", test_refused },
    { "/schema-pg/identity", test_identity },
    { "/schema-pg/load", test_load },
    { "/schema-pg/audit-log", test_audit_log },
    { "/schema-pg/certificates", test_certificates },
    { "/schema-pg/reports", test_reports },
    { "/schema-pg/contest-awards", test_contest_awards },
    { "/schema-pg/sort-key", test_sort_key },
    { "/schema-pg/collate-vi", test_collate_vi },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, NULL, fixture_set_up, cases[i].func, fixture_tear_down);
  g_test_add_func ("/schema-pg/one-list", test_one_list);
  g_test_add_func ("/schema-pg/upgrade", test_upgrade);
  return g_test_run ();
}
