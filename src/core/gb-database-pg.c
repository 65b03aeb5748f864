/* gb-database-pg.c — a Guildbook register kept in PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where several seats share one register, GbDatabase is a libpq
 * connection instead of an sqlite file. Statements go through the same
 * GbStmt interface (gb-sql-pg.c); what differs is said here: how a
 * database is recognised and set up, how writers take turns, and what a
 * failure is called.
 *
 * Writers take turns as on sqlite: a write transaction first takes one
 * advisory lock, so "what is the next certificate number?" is answered by
 * one seat at a time and two seats never get the same number or leave a
 * gap. An office has a handful of seats saving a few records a minute;
 * one writer at a time costs them nothing they would notice.
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <libpq-fe.h>

#include "gb-communes.h"
#include "gb-database-private.h"
#include "gb-error.h"
#include "gb-keys.h"
#include "gb-migrations.h"

/* How long a write waits for another seat's before it is "busy", as the
 * sqlite busy timeout. */
#define LOCK_TIMEOUT "5s"

/* Whether @name is a libpq connection string rather than a file:
 * postgresql:// or postgres:// URIs, or key=value pairs ("host=… dbname=…"). */
gboolean
gb_database_name_is_pg (const char *name)
{
  const char *p = name;

  if (name == NULL)
    return FALSE;
  if (g_str_has_prefix (name, "postgresql://") || g_str_has_prefix (name, "postgres://"))
    return TRUE;
  /* A keyword, then '=': a file named so would have a folder or a dot. */
  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_islower (*p))
    return FALSE;
  while (g_ascii_islower (*p) || *p == '_')
    p++;
  while (g_ascii_isspace (*p))
    p++;
  return *p == '=' && !g_file_test (name, G_FILE_TEST_EXISTS);
}

/* A value in a key=value connection string: always quoted, \ and '
 * escaped, so that a host or a name with a space, a quote or an '=' stays
 * one value. */
static void
append_conninfo_value (GString    *s,
                       const char *key,
                       const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (s, "%s%s='", s->len > 0 ? " " : "", key);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '\'')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

/* The connection string of the Preferences' shared database. Empty fields
 * are left to libpq's defaults. @password, when given, is for the
 * connection in memory only: the string is never to be saved or shown. */
char *
gb_database_pg_conninfo (const char *host,
                         const char *dbname,
                         const char *user,
                         const char *password)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (dbname != NULL && *dbname != '\0', NULL);

  /* dbname first: gb_database_name_is_pg() knows the string by its first key. */
  append_conninfo_value (s, "dbname", dbname);
  append_conninfo_value (s, "host", host);
  append_conninfo_value (s, "user", user);
  append_conninfo_value (s, "password", password);
  return g_string_free (s, FALSE);
}

const char *
gb_database_pg_error_message (GbDatabase *self)
{
  static GPrivate last = G_PRIVATE_INIT (g_free);
  char *text = g_strchomp (g_strdup (PQerrorMessage (self->pg)));

  g_private_replace (&last, text);
  return text;
}

static void
set_pg_error (GbDatabase  *self,
              PGresult    *result,
              GError     **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  gb_database_set_error (self, gb_sql_code_from_pg (state, self->pg), error);
}

gboolean
gb_database_pg_exec (GbDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  PGresult *result = PQexec (self->pg, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    set_pg_error (self, result, error);
  PQclear (result);
  return ok;
}

GbStmt *
gb_database_pg_prepare (GbDatabase *self,
                        const char *sql)
{
  g_autoptr(GError) error = NULL;
  GbStmt *stmt = gb_stmt_new_pg (self->pg, sql, &error);

  if (stmt == NULL)
    {
      /* Only a parameter number sqlite refuses too: our bug, not the server's. */
      g_critical ("%s", error->message);
      return NULL;
    }
  gb_stmt_pg_count_changes (stmt, &self->changes, &self->total_changes);
  return stmt;
}

/* One text value of one row, or NULL. */
static char *
query_text (GbDatabase *self,
            const char *sql,
            GbSqlCode  *code)
{
  g_autoptr(GbStmt) stmt = gb_database_pg_prepare (self, sql);
  char *text = NULL;
  GbSqlCode rc = stmt ? gb_stmt_step (stmt) : GB_SQL_MISUSE;

  if (rc == GB_SQL_ROW)
    text = gb_stmt_dup_text (stmt, 0);
  if (code != NULL)
    *code = rc == GB_SQL_ROW ? GB_SQL_OK : rc;
  return text;
}

/* The schema version in meta, 0 for a database with nothing in it, -1 for
 * another program's tables. */
int
gb_database_pg_schema_version (GbDatabase *self)
{
  g_autofree char *tables = NULL;
  g_autofree char *version = NULL;

  tables = query_text (self,
                       "SELECT (to_regclass('meta') IS NOT NULL)::int || ':' || count(*) FROM pg_catalog.pg_class c"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                       " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')", NULL);
  if (tables == NULL)
    return -1;
  if (g_str_equal (tables, "0:0"))
    return 0;
  if (!g_str_has_prefix (tables, "1:"))
    return -1;
  version = query_text (self, "SELECT value FROM meta WHERE key = 'schema_version'", NULL);
  return version ? atoi (version) : -1;
}

/* What this login may do, from the server's own answer about the grants
 * (gb-roles.c makes them): the owner of the tables (or a superuser)
 * everything; one who may enter a certificate is a secretary, one who
 * may add a member a clerk, one who may read them a viewer. Asked of the
 * privileges, not of membership in Guildbook's group roles, so that what
 * the window offers is what the server will allow. NONE also where the
 * tables are missing. */
GbDatabaseRole
gb_database_pg_query_role (GbDatabase *self)
{
  g_autofree char *role = query_text (self,
    "SELECT CASE"
    " WHEN r.rolsuper OR pg_has_role (current_user, c.relowner, 'USAGE') THEN 4"
    " WHEN has_table_privilege (to_regclass ('certificates'), 'INSERT') THEN 3"
    " WHEN has_table_privilege (to_regclass ('members'), 'INSERT') THEN 2"
    " WHEN has_table_privilege (c.oid, 'SELECT') THEN 1"
    " ELSE 0 END"
    " FROM pg_catalog.pg_class c, pg_catalog.pg_roles r"
    " WHERE c.oid = to_regclass ('meta') AND r.rolname = current_user", NULL);

  return role ? (GbDatabaseRole) CLAMP (atoi (role), GB_DATABASE_ROLE_NONE, GB_DATABASE_ROLE_OWNER)
              : GB_DATABASE_ROLE_NONE;
}

/* The communes register, as migration 8 fills it on sqlite. */
static gboolean
fill_communes (GbDatabase  *self,
               GError     **error)
{
  GbStmt *stmt = gb_database_prepare (self, "INSERT INTO communes (code, kind, name, province) VALUES (?, ?, ?, ?)",
                                      error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < gb_n_hai_phong_communes; i++)
    {
      gb_stmt_bind_text_static (stmt, 1, gb_hai_phong_communes[i].code);
      gb_stmt_bind_text_static (stmt, 2, gb_hai_phong_communes[i].kind);
      gb_stmt_bind_text_static (stmt, 3, gb_hai_phong_communes[i].name);
      gb_stmt_bind_text_static (stmt, 4, GB_HAI_PHONG);
      if (!gb_database_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The few sqlite functions Guildbook's SQL uses, said in PostgreSQL, so
 * that one statement serves both engines. strftime() knows the formats
 * Guildbook writes (%Y %m %d %H %M %S %f and literal text) of 'now' or of
 * an ISO date or time. */
static const char compat_functions[] =
  "CREATE FUNCTION strftime(format text, at text) RETURNS text LANGUAGE plpgsql STABLE AS $f$\n"
  "DECLARE t timestamp; pattern text := ''; c text; i int := 1;\n"
  "BEGIN\n"
  "  IF at IS NULL THEN RETURN NULL; END IF;\n"
  "  IF at = 'now' THEN t := now() AT TIME ZONE 'UTC';\n"
  "  ELSE BEGIN t := replace(rtrim(at, 'Z'), 'T', ' ')::timestamp;\n"
  "       EXCEPTION WHEN others THEN RETURN NULL; END;\n"
  "  END IF;\n"
  "  WHILE i <= length(format) LOOP\n"
  "    c := substr(format, i, 1);\n"
  "    IF c = '%' AND i < length(format) THEN\n"
  "      i := i + 1; c := substr(format, i, 1);\n"
  "      pattern := pattern || CASE c WHEN 'Y' THEN 'YYYY' WHEN 'm' THEN 'MM' WHEN 'd' THEN 'DD'\n"
  "        WHEN 'H' THEN 'HH24' WHEN 'M' THEN 'MI' WHEN 'S' THEN 'SS' WHEN 'f' THEN 'SS.MS'\n"
  "        ELSE '\"' || c || '\"' END;\n"
  "    ELSE pattern := pattern || '\"' || c || '\"';\n"
  "    END IF;\n"
  "    i := i + 1;\n"
  "  END LOOP;\n"
  "  RETURN to_char(t, pattern);\n"
  "END $f$;\n"
  "CREATE FUNCTION substr(value text, start bigint) RETURNS text LANGUAGE sql IMMUTABLE\n"
  "  AS $f$ SELECT substr(value, start::int) $f$;\n"
  "CREATE FUNCTION substr(value text, start bigint, count bigint) RETURNS text LANGUAGE sql IMMUTABLE\n"
  "  AS $f$ SELECT substr(value, start::int, count::int) $f$;\n"
  "CREATE FUNCTION instr(haystack text, needle text) RETURNS integer LANGUAGE sql IMMUTABLE\n"
  "  AS $f$ SELECT strpos(haystack, needle) $f$;\n"
  "CREATE FUNCTION gb_concat_step(so_far text, value text, separator text) RETURNS text\n"
  "  LANGUAGE sql IMMUTABLE AS $f$ SELECT CASE WHEN value IS NULL THEN so_far WHEN so_far IS NULL THEN value\n"
  "  ELSE so_far || separator || value END $f$;\n"
  "CREATE AGGREGATE group_concat(text, text) (SFUNC = gb_concat_step, STYPE = text);\n";

/* Refuses what is not a Guildbook database of a schema this version
 * knows, and sets up an empty one. */
static gboolean
check_and_set_up (GbDatabase  *self,
                  const char  *display,
                  GError     **error)
{
  int version = gb_database_pg_schema_version (self);

  /* A login that may not read meta would take the register for another
   * program's: it is told it has no role instead. */
  if (version < 0)
    {
      g_autofree char *meta = query_text (self, "SELECT to_regclass ('meta')::text", NULL);

      if (meta != NULL && gb_database_pg_query_role (self) == GB_DATABASE_ROLE_NONE)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
                       _("Your login has no role on the shared database “%s”: ask its owner to give "
                         "you one."), display);
          return FALSE;
        }
    }
  if (version == 0)
    {
      if (!gb_database_begin (self, error))
        return FALSE;
      /* Read again under the lock: another seat may have set it up since. */
      version = gb_database_pg_schema_version (self);
      if (version == 0
          && (!gb_database_exec (self, compat_functions, error)
              || !gb_database_exec (self, gb_migrations_pg_schema, error) || !fill_communes (self, error)))
        {
          g_prefix_error (error, _("Cannot set up the database to schema %u: "), gb_n_migrations);
          gb_database_rollback (self);
          return FALSE;
        }
      if (!gb_database_commit (self, error))
        return FALSE;
      if (version == 0)
        version = gb_database_pg_schema_version (self);
    }
  if (version < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                   _("“%s” is a database of another program, not of Guildbook."), display);
      return FALSE;
    }
  if (version > (int) gb_n_migrations)
    {
      gb_database_set_too_new_error (error, display, version);
      return FALSE;
    }
  /* PostgreSQL registers start at the schema of the first Guildbook that
   * kept them: none is older. */
  if (version < GB_MIGRATIONS_PG_BASE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                   _("“%s” is a database of another program, not of Guildbook."), display);
      return FALSE;
    }
  return gb_database_pg_upgrade (self, display, gb_migrations, gb_n_migrations, error);
}

/* Takes a shared database of schema GB_MIGRATIONS_PG_BASE or later up to
 * @n_steps through the .pg of @steps (gb_migrations; a test gives its
 * own), each step in one transaction with its number in meta: a seat that
 * got there first leaves nothing to do. Only the owner of the tables may
 * change them; another login is told to ask the owner. */
gboolean
gb_database_pg_upgrade (GbDatabase         *self,
                        const char         *display,
                        const GbMigration  *steps,
                        guint               n_steps,
                        GError            **error)
{
  int version = gb_database_pg_schema_version (self);

  if (version >= (int) n_steps)
    return TRUE;
  if (gb_database_pg_query_role (self) < GB_DATABASE_ROLE_OWNER)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
                   _("The shared database “%s” has schema %d and this Guildbook needs %u: ask its owner "
                     "to open it once with this version of Guildbook to bring it up to date."),
                   display, version, n_steps);
      return FALSE;
    }
  while (version >= 0 && version < (int) n_steps)
    {
      g_autofree char *mark = NULL;

      g_assert (steps[version].pg != NULL);
      if (!gb_database_begin (self, error))
        return FALSE;
      /* Read again under the lock: another seat may have taken the step. */
      if (gb_database_pg_schema_version (self) == version)
        {
          mark = g_strdup_printf ("UPDATE meta SET value = '%d' WHERE key = 'schema_version'", version + 1);
          if (!gb_database_exec (self, steps[version].pg, error) || !gb_database_exec (self, mark, error))
            {
              g_prefix_error (error, _("Cannot bring the database up to schema %d: "), version + 1);
              gb_database_rollback (self);
              return FALSE;
            }
        }
      if (!gb_database_commit (self, error))
        return FALSE;
      version = gb_database_pg_schema_version (self);
    }
  if (version != (int) n_steps)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED,
                   _("The shared database “%s” could not be brought up to schema %u: its schema "
                     "could not be read."), display, n_steps);
      return FALSE;
    }
  return TRUE;
}

/* The server's notices ("… already exists, skipping") are for a log, not
 * for the terminal of guildbook-cli's user. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("server: %s", message);
}

static gboolean
connect (GbDatabase  *self,
         const char  *conninfo,
         const char  *display,
         GError     **error)
{
  self->pg = PQconnectdb (conninfo);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Cannot connect to the shared database “%s”: %s"),
                   display, gb_database_pg_error_message (self));
      return FALSE;
    }
  PQsetNoticeProcessor (self->pg, log_notice, NULL);
  if (PQsetClientEncoding (self->pg, "UTF8") != 0
      /* JIT compiling spends 175 ms on the list's first read of 100,000
       * keys, which then takes 200 ms; Guildbook's queries gain nothing. */
      || !gb_database_pg_exec (self, "SET lock_timeout = '" LOCK_TIMEOUT "'; SET jit = off; LISTEN "
                               GB_DATABASE_PG_CHANNEL, error))
    return FALSE;
  return TRUE;
}

/* What staff see for a connection string: the database and its host,
 * never a password. */
char *
gb_database_pg_display_name (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  const char *db = NULL, *host = NULL;
  char *name;

  for (PQconninfoOption *o = options; o && o->keyword; o++)
    {
      if (g_str_equal (o->keyword, "dbname") && o->val && *o->val)
        db = o->val;
      else if (g_str_equal (o->keyword, "host") && o->val && *o->val)
        host = o->val;
    }
  name = host ? g_strdup_printf ("%s (%s)", db ? db : "postgres", host) : g_strdup (db ? db : "postgres");
  PQconninfoFree (options);
  return name;
}

/* The database's name in a connection string, or NULL when it names
 * none (libpq then takes the user's name). */
char *
gb_database_pg_dbname (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  char *name = NULL;

  for (PQconninfoOption *o = options; o && o->keyword; o++)
    if (g_str_equal (o->keyword, "dbname") && o->val && *o->val)
      name = g_strdup (o->val);
  PQconninfoFree (options);
  return name;
}

gboolean
gb_database_pg_open (GbDatabase  *self,
                     const char  *conninfo,
                     GError     **error)
{
  g_autofree char *display = gb_database_pg_display_name (conninfo);

  self->path = g_strdup (conninfo);
  self->access = GB_DATABASE_WRITABLE;
  if (!connect (self, conninfo, display, error)
      || !check_and_set_up (self, display, error))
    return FALSE;
  self->role = gb_database_pg_query_role (self);
  /* Keys made with another recipe (another ICU) would search and sort
   * wrongly: they are made again first, by a role that may write the
   * records (and meta's "keys" row, gb-roles.c). A viewer's seat reads
   * them as they are until a clerk's opens the database. */
  if (self->role < GB_DATABASE_ROLE_CLERK)
    return TRUE;
  return gb_keys_refresh (self, NULL, error);
}

/* A second connection for one worker thread, reading only. */
GbDatabase *
gb_database_pg_open_reader (GbDatabase  *self,
                            GError     **error)
{
  g_autoptr(GbDatabase) reader = g_object_new (GB_TYPE_DATABASE, NULL);
  g_autofree char *display = gb_database_pg_display_name (self->path);

  reader->path = g_strdup (self->path);
  reader->access = self->access;
  if (!connect (reader, self->path, display, error)
      || !gb_database_pg_exec (reader, "SET default_transaction_read_only = on", error))
    return NULL;
  return g_steal_pointer (&reader);
}

const char *
gb_database_pg_user_name (GbDatabase *self)
{
  return PQuser (self->pg);
}

/* Whether other connections announced commits since the last call; the
 * connection's own are not news. */
static gboolean
take_notifications (GbDatabase *self)
{
  gboolean news = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (self->pg))
    return FALSE;
  while ((notify = PQnotifies (self->pg)) != NULL)
    {
      if (notify->be_pid != PQbackendPID (self->pg))
        news = TRUE;
      PQfreemem (notify);
    }
  return news;
}

/* As sqlite's PRAGMA data_version: moves when another connection commits,
 * not when this one does. Read from the commits counted in meta, so that
 * a transaction that waited for another seat's sees its commit. */
gint64
gb_database_pg_data_version (GbDatabase *self)
{
  g_autofree char *commits = NULL;

  take_notifications (self);
  commits = query_text (self, "SELECT value FROM meta WHERE key = 'commits'", NULL);
  return (commits ? g_ascii_strtoll (commits, NULL, 10) : 0) - self->own_commits;
}

typedef struct
{
  GbDatabase *database;   /* not a reference: the database owns the source */
  guint       signal;
} Watch;

static gboolean
socket_ready (int          fd,
              GIOCondition condition,
              gpointer     user_data)
{
  Watch *watch = user_data;

  if (take_notifications (watch->database))
    g_signal_emit (watch->database, watch->signal, 0);
  return G_SOURCE_CONTINUE;
}

/* A source on the connection's socket, attached to the thread-default
 * main context, that emits @changed_signal when another seat commits. */
GSource *
gb_database_pg_watch (GbDatabase *self,
                      guint       changed_signal)
{
  GSource *source = g_unix_fd_source_new (PQsocket (self->pg), G_IO_IN);
  Watch *watch = g_new0 (Watch, 1);

  watch->database = self;
  watch->signal = changed_signal;
  g_source_set_callback (source, G_SOURCE_FUNC (socket_ready), watch, g_free);
  g_source_set_static_name (source, "guildbook shared database");
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

void
gb_database_pg_close (GbDatabase *self)
{
  g_clear_pointer (&self->pg, PQfinish);
}
