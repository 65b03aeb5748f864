/* gb-test-pg.h — a throwaway PostgreSQL cluster for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts a PostgreSQL cluster of the process's own, in a temporary folder
 * and reachable only through a unix socket there, creates the database
 * "guildbook" in it and returns a libpq connection string for it (role
 * guildbook, trust). The first call starts it; later calls return the same
 * string. The cluster is stopped and its folder removed when the process
 * ends, however it ends (exit, failed assertion, kill -9).
 *
 * Missing server programs are an error, never a reason to skip: the tests
 * of the PostgreSQL engine are as much part of the suite as the others. */
char *gb_test_pg_start (GError **error);

/* The cluster's connection string; a failed start fails the test. */
char *gb_test_pg_base (void);
/* @sql on database @dbname as @user (NULL: the superuser): the first value
 * of its first row, or NULL. A refusal fails the test, unless @sqlstate
 * is given: then it gets the server's SQLSTATE (and NULL the value). */
char *gb_test_pg_query (const char  *dbname,
                        const char  *user,
                        const char  *sql,
                        char       **sqlstate);
/* A new, empty database named @prefix_N, owned by @owner (NULL: the
 * superuser); its connection string, and its name in *@dbname. */
char *gb_test_pg_new_database (const char  *prefix,
                               const char  *owner,
                               char       **dbname);

G_END_DECLS
