/* gb-sql-pg.h — the PostgreSQL engine of GbStmt
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gb-sql.h"

G_BEGIN_DECLS

/* libpq's own handle; including libpq-fe.h is left to the files that call it. */
typedef struct pg_conn PGconn;

/* A statement over @conn (which must outlive it), from SQL written for
 * sqlite: ?N and bare ? parameters. It runs at its first step, so an error
 * in the SQL shows there, as GB_SQL_MISUSE or another code, not here; the
 * only error here is a parameter number sqlite would refuse as well. */
GbStmt    *gb_stmt_new_pg           (PGconn      *conn,
                                     const char  *sql,
                                     GError     **error);

/* @sql with its parameters said PostgreSQL's way ($N). @n_params gets the
 * highest N; NULL and @error for ?0 or a number past sqlite's ?32766. */
char      *gb_sql_pg_translate      (const char  *sql,
                                     int         *n_params,
                                     GError     **error);

/* A SQLSTATE (five characters, NULL when libpq failed before the server
 * answered) as GbSqlCode; @conn tells a lost connection from the rest. */
GbSqlCode  gb_sql_code_from_pg      (const char  *sqlstate,
                                     PGconn      *conn);

PGconn    *gb_stmt_get_pg           (GbStmt      *stmt);
void       gb_stmt_pg_count_changes (GbStmt      *stmt,
                                     gint64      *changes,
                                     gint64      *total_changes);

G_END_DECLS
