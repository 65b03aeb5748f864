/* gb-migrations.h — the schema, one step per user_version
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* gb_migrations[i] takes a database from user_version i to i + 1. */
extern const char *const gb_migrations[];
extern const guint gb_n_migrations;

/* The same schema (gb_n_migrations, 15) for a new PostgreSQL database, as
 * one script (gb-migrations-pg.c); meta's 'schema_version' says which. */
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
