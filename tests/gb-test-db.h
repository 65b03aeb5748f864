/* gb-test-db.h — a test case's database, on either engine
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store, import, register, report and CLI tests run twice: on a file, and
 * with GB_TEST_ENGINE=postgresql on a database of a throwaway PostgreSQL
 * cluster (gb-test-pg.h). Their cases ask here where a database goes and
 * read it back through the store's own statement layer, so the same
 * assertion holds on both.
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

/* TRUE in the runs on PostgreSQL. */
gboolean  gb_test_db_is_pg    (void);
/* Where a new database goes: the file @name in @dir, or a new, empty
 * database of the test cluster (its libpq connection string). */
char     *gb_test_db_location (const char *dir,
                               const char *name);
/* At the end of a case (its databases closed): the databases of the
 * cluster made for it are dropped, so that a run does not fill the
 * temporary folder. Nothing on a file. */
void      gb_test_db_drop_all (void);
/* gb_database_open (gb_test_db_location (@dir, @name), CREATE): a failure
 * fails the test. */
GbDatabase *gb_test_db_open   (const char *dir,
                               const char *name);

/* The first column of the first row of @sql (-1 without a row; a refused
 * statement fails the test). */
gint64    gb_test_sql_int     (GbDatabase *db,
                               const char *sql);
/* The same as text (NULL without a row or for NULL). */
char     *gb_test_sql_text    (GbDatabase *db,
                               const char *sql);
/* @sql, which must succeed. */
void      gb_test_sql_exec    (GbDatabase *db,
                               const char *sql);

G_END_DECLS
