/* gb-database-private.h — what the files of GbDatabase share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbDatabase is an sqlite file (gb-database.c, gb-database-file.c) or a
 * PostgreSQL database (gb-database-pg.c); the rest of Guildbook sees one
 * interface, gb-database.h.
 */
#pragma once

#include <unicode/ucol.h>

#include "gb-database.h"
#include "gb-migrations.h"
#include "gb-sql-pg.h"

G_BEGIN_DECLS

struct _GbDatabase
{
  GObject           parent_instance;

  char             *path;
  char             *open_name;    /* what sqlite opened: @path, or a file: URI when read-only */
  int               open_flags;   /* SQLITE_OPEN_* it was opened with (a reader keeps _URI) */
  GbDatabaseAccess  access;
  GbDatabaseRole    role;         /* a file's is always OWNER */
  sqlite3          *handle;
  GHashTable       *statements;   /* SQL text -> prepared GbStmt */
  UCollator        *collator;     /* for COLLATE vi; used on this connection's thread only */
  guint             depth;        /* transaction nesting */

  /* A PostgreSQL database (gb-database-pg.c) instead of a file: */
  PGconn           *pg;
  gint64            changes;        /* rows the last statement changed */
  gint64            total_changes;  /* rows changed since the connection opened */
  gint64            own_commits;    /* counted in meta 'commits' by this connection */
  GSource          *watch;          /* on the connection's socket, or NULL */
};

void        gb_database_set_too_new_error (GError      **error,
                                           const char   *display,
                                           int           version);

/* gb-database-pg.c */
gboolean    gb_database_pg_open           (GbDatabase   *self,
                                           const char   *conninfo,
                                           GError      **error);
GbDatabase *gb_database_pg_open_reader    (GbDatabase   *self,
                                           GError      **error);
void        gb_database_pg_close          (GbDatabase   *self);
GbStmt     *gb_database_pg_prepare        (GbDatabase   *self,
                                           const char   *sql);
gboolean    gb_database_pg_exec           (GbDatabase   *self,
                                           const char   *sql,
                                           GError      **error);
const char *gb_database_pg_error_message  (GbDatabase   *self);
int         gb_database_pg_schema_version (GbDatabase   *self);
gboolean    gb_database_pg_upgrade     (GbDatabase         *self,
                                        const char         *display,
                                        const GbMigration  *steps,
                                        guint               n_steps,
                                        GError            **error);
char       *gb_database_pg_display_name   (const char   *conninfo);
char       *gb_database_pg_dbname         (const char   *conninfo);
GbDatabaseRole gb_database_pg_query_role  (GbDatabase   *self);
const char *gb_database_pg_user_name      (GbDatabase   *self);
gint64      gb_database_pg_data_version   (GbDatabase   *self);
GSource    *gb_database_pg_watch          (GbDatabase   *self,
                                           guint         changed_signal);

/* Where every commit to a shared database is announced. */
#define GB_DATABASE_PG_CHANNEL "guildbook_changes"
/* Every write transaction on a shared database ends so: counted in meta
 * (which a transaction waiting on the writers' lock reads afresh, when
 * a notification would only reach it after it ends), and announced. */
#define GB_DATABASE_PG_COMMIT \
  "INSERT INTO meta (key, value) VALUES ('commits', '1')" \
  " ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text;" \
  " NOTIFY " GB_DATABASE_PG_CHANNEL "; COMMIT"

G_END_DECLS
