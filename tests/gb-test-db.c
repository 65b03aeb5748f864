/* gb-test-db.c — a test case's database, on either engine
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-sql.h"
#include "gb-test-db.h"
#include "gb-test-pg.h"

gboolean
gb_test_db_is_pg (void)
{
  return g_strcmp0 (g_getenv ("GB_TEST_ENGINE"), "postgresql") == 0;
}

/* The databases made for the case running, dropped at its end. */
static GPtrArray *made;

char *
gb_test_db_location (const char *dir,
                     const char *name)
{
  char *dbname = NULL;
  char *conninfo;

  if (!gb_test_db_is_pg ())
    return g_build_filename (dir, name, NULL);
  conninfo = gb_test_pg_new_database ("case", NULL, &dbname);
  if (made == NULL)
    made = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (made, dbname);
  return conninfo;
}

void
gb_test_db_drop_all (void)
{
  for (guint i = 0; made != NULL && i < made->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)",
                                               (char *) made->pdata[i]);

      g_free (gb_test_pg_query ("guildbook", NULL, drop, NULL));
    }
  if (made != NULL)
    g_ptr_array_set_size (made, 0);
}

GbDatabase *
gb_test_db_open (const char *dir,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = gb_test_db_location (dir, name);
  GbDatabase *db = gb_database_open (location, GB_DATABASE_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (gb_database_is_shared (db) == gb_test_db_is_pg ());
  return db;
}

static GbStmt *
first_row (GbDatabase *db,
           const char *sql,
           gboolean   *row)
{
  g_autoptr(GError) error = NULL;
  GbStmt *stmt = gb_database_prepare (db, sql, &error);
  GbSqlCode rc;

  if (stmt == NULL)
    g_error ("%s: %s", sql, error->message);
  rc = gb_stmt_step (stmt);
  if (rc != GB_SQL_ROW && rc != GB_SQL_DONE)
    g_error ("%s: %s", sql, gb_stmt_error_message (stmt));
  *row = rc == GB_SQL_ROW;
  return stmt;
}

gint64
gb_test_sql_int (GbDatabase *db,
                 const char *sql)
{
  gboolean row;
  GbStmt *stmt = first_row (db, sql, &row);
  gint64 value = row ? gb_stmt_column_int64 (stmt, 0) : -1;

  gb_stmt_reset (stmt);
  return value;
}

char *
gb_test_sql_text (GbDatabase *db,
                  const char *sql)
{
  gboolean row;
  GbStmt *stmt = first_row (db, sql, &row);
  char *value = row ? gb_stmt_dup_text (stmt, 0) : NULL;

  gb_stmt_reset (stmt);
  return value;
}

void
gb_test_sql_exec (GbDatabase *db,
                  const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!gb_database_exec (db, sql, &error))
    g_error ("%s: %s", sql, error->message);
}
