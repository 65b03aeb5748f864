/* gb-migrations.h — the schema, one step per user_version
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* One list of steps for both engines: gb_migrations[i] takes a database
 * from schema i to i + 1, a file (user_version) with .sqlite and a shared
 * PostgreSQL database (meta's 'schema_version') with .pg. PostgreSQL
 * registers begin at GB_MIGRATIONS_PG_BASE, set up in one script
 * (gb_migrations_pg_schema, gb-migrations-pg.c): the steps before it have
 * no .pg, and every step from it on has both (test-schema-pg.c holds the
 * list to that). */
typedef struct
{
  const char *sqlite;
  const char *pg;
} GbMigration;

extern const GbMigration gb_migrations[];
extern const guint gb_n_migrations;

#define GB_MIGRATIONS_PG_BASE 15

extern const char gb_migrations_pg_schema[];

typedef struct
{
  const char *table;
  const char *trigger;    /* its name in sqlite_schema */
  const char *catch_up;   /* ?1: the highest id before the load; ?2: the time */
} GbDeferredTrigger;

const GbDeferredTrigger *gb_migrations_find_deferred_trigger (const char *table);

gboolean gb_migrations_fill_communes (sqlite3 *db);
char    *gb_migrations_spell_out_lists (const char *sql);
gboolean gb_migrations_spell_out_checks (sqlite3 *db);

G_END_DECLS
