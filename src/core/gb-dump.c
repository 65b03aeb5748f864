/* gb-dump.c — the whole database as a folder of CSV files, and back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file per table, `<table>.csv`, UTF-8 with a header of the column
 * names, and `manifest.json` saying which schema wrote them and how many
 * rows each file holds. Nothing is lost on the way:
 *
 *   - NULL is a bare \N; every value is quoted, so "" is an empty text;
 *   - a backslash in a text is doubled, so the text "\N" is "\\N";
 *   - a blob is \x followed by base64; an integer as written by sqlite;
 *     a real with 17 significant digits.
 *
 * Reading it back needs an empty database of the same schema: the rows go
 * in with their ids, in one transaction, with the triggers set aside (so
 * that no history row or audit rule is added twice) and the foreign keys
 * checked at the commit. A file and a shared database write the same
 * files, rows in the same order, and either reads what the other wrote.
 */
#define G_LOG_DOMAIN "gb-dump"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "gb-copy.h"
#include "gb-dump.h"
#include "gb-error.h"
#include "gb-export.h"

#define FORMAT_NAME "guildbook-dump"
#define FORMAT_VERSION 1

/* Guildbook's own tables, as the current schema has them: the only
 * tables written and the only files read. Never names read from the
 * database: a restored file of another program may hold a table called
 * "../escaped", and its name would become a path outside the folder. A
 * migration that adds a table adds it here (the CLI test compares this
 * list with a new database). */
static const char *const dump_tables[] = {
  "artisans", "association", "audit_log", "certificates", "communes", "contest_awards",
  "contest_criteria", "contest_entries", "contest_judges", "contest_scores", "crafts",
  "donations", "dues", "events", "import_mappings", "import_records", "imports",
  "member_crafts", "member_status_history", "members", "participants", "reports", "titles",
};

/* Whether a text is written with an apostrophe before it: Excel would
 * run it as a formula (gb_export_csv_is_formula()), or it begins with
 * apostrophes before such a text, so that reading strips exactly one
 * apostrophe from what was written, and only from that. */
static gboolean
needs_guard (const char *text)
{
  while (*text == '\'')
    text++;
  return gb_export_csv_is_formula (text);
}

static void
put_quoted (GString    *out,
            const char *text,
            gsize       len)
{
  g_string_append_c (out, '"');
  if (needs_guard (text))
    g_string_append_c (out, '\'');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      else if (text[i] == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
put_value (GString      *out,
           GbStmt       *stmt,
           int           i)
{
  switch (gb_stmt_column_type (stmt, i))
    {
    case GB_SQL_NULL:
      g_string_append (out, "\\N");
      break;
    case GB_SQL_INTEGER:
      g_string_append_printf (out, "\"%lld\"", (long long) gb_stmt_column_int64 (stmt, i));
      break;
    case GB_SQL_FLOAT:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_formatd (buf, sizeof buf, "%.17g", gb_stmt_column_double (stmt, i));
        g_string_append_printf (out, "\"%s\"", buf);
      }
      break;
    case GB_SQL_BLOB:
      {
        g_autofree char *b64 = g_base64_encode (gb_stmt_column_blob (stmt, i), gb_stmt_column_bytes (stmt, i));

        g_string_append_printf (out, "\"\\x%s\"", b64);
      }
      break;
    default:
      put_quoted (out, gb_stmt_column_text (stmt, i), gb_stmt_column_bytes (stmt, i));
      break;
    }
}

/* The columns of @table in their order, as the engine has them; NULL on
 * an error. */
static GPtrArray *
table_columns (GbDatabase  *database,
               const char  *table,
               GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  GbStmt *stmt;
  GbSqlCode rc;

  stmt = gb_database_prepare (database, gb_database_is_shared (database)
                                        ? "SELECT column_name FROM information_schema.columns"
                                          " WHERE table_schema = current_schema () AND table_name = ?"
                                          " ORDER BY ordinal_position"
                                        : "SELECT name FROM pragma_table_info(?) ORDER BY cid", error);
  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_text (stmt, 1, table);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_ptr_array_add (columns, gb_stmt_dup_text (stmt, 0));
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&columns);
}

/* The rows of @table in an order both engines give: by id, or by all the
 * columns of a table keyed otherwise, texts byte by byte as sqlite
 * compares them (not by the server's collation). */
static char *
select_in_order (GbDatabase  *database,
                 const char  *table,
                 GError     **error)
{
  g_autoptr(GPtrArray) columns = table_columns (database, table, error);
  g_autoptr(GString) order = g_string_new (NULL);

  if (columns == NULL)
    return NULL;
  if (g_ptr_array_find_with_equal_func (columns, "id", g_str_equal, NULL))
    g_string_assign (order, "id");
  else if (gb_database_is_shared (database))
    {
      GbStmt *stmt = gb_database_prepare (database,
        "SELECT string_agg (quote_ident (column_name)"
        "  || CASE WHEN data_type = 'text' THEN ' COLLATE \"C\"' ELSE '' END, ', ' ORDER BY ordinal_position)"
        " FROM information_schema.columns WHERE table_schema = current_schema () AND table_name = ?", error);

      if (stmt == NULL)
        return NULL;
      gb_stmt_bind_text (stmt, 1, table);
      if (gb_stmt_step (stmt) == GB_SQL_ROW)
        g_string_assign (order, gb_stmt_column_text (stmt, 0));
      gb_stmt_reset (stmt);
    }
  else
    for (guint i = 1; i <= columns->len; i++)
      g_string_append_printf (order, "%s%u", i > 1 ? ", " : "", i);
  return g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", table, order->str);
}

/* Writes @data to @path, whole or not at all, readable by its owner only. */
static gboolean
write_private (const char  *path,
               const char  *data,
               gsize        len,
               GError     **error)
{
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Writes every table of @database into @folder, which is created (for
 * its owner only) and must not hold files already. One read transaction:
 * the files agree with each other. */
gboolean
gb_dump_write (GbDatabase    *database,
               const char    *folder,
               GCancellable  *cancellable,
               guint         *n_rows,
               GError       **error)
{
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *manifest_path = NULL;
  guint total = 0;
  gboolean ok = FALSE;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot create the folder “%s”: %s"),
                   folder, g_strerror (saved));
      return FALSE;
    }
  if ((dir = g_dir_open (folder, 0, error)) == NULL)
    return FALSE;
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_EMPTY,
                   _("The folder “%s” is not empty; choose an empty or a new folder."), folder);
      return FALSE;
    }

  /* One snapshot, whatever other seats of a shared database write. */
  if (!gb_database_exec (database, gb_database_is_shared (database)
                                   ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", error))
    return FALSE;
  g_string_append_printf (manifest, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"schema\": %d,\n  \"tables\": {",
                          FORMAT_NAME, FORMAT_VERSION, gb_database_get_schema_version (database));
  for (guint t = 0; t < G_N_ELEMENTS (dump_tables); t++)
    {
      const char *table = dump_tables[t];
      g_autofree char *sql = NULL;
      g_autofree char *file = g_strdup_printf ("%s.csv", table);
      g_autofree char *path = g_build_filename (folder, file, NULL);
      g_autoptr(GString) out = g_string_new (NULL);
      GbStmt *stmt;
      guint rows = 0;
      int rc, n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if ((sql = select_in_order (database, table, error)) == NULL)
        goto out;
      if ((stmt = gb_database_prepare (database, sql, error)) == NULL)
        goto out;
      n = gb_stmt_column_count (stmt);
      for (int i = 0; i < n; i++)
        g_string_append_printf (out, "%s%s", i ? "," : "", gb_stmt_column_name (stmt, i));
      g_string_append (out, "\r\n");
      while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
        {
          for (int i = 0; i < n; i++)
            {
              if (i)
                g_string_append_c (out, ',');
              put_value (out, stmt, i);
            }
          g_string_append (out, "\r\n");
          rows++;
        }
      gb_stmt_reset (stmt);
      if (rc != GB_SQL_DONE)
        {
          gb_database_set_error (database, rc, error);
          goto out;
        }
      if (!write_private (path, out->str, out->len, error))
        goto out;
      g_string_append_printf (manifest, "%s\n    \"%s\": %u", t ? "," : "", table, rows);
      total += rows;
    }
  g_string_append (manifest, "\n  }\n}\n");
  manifest_path = g_build_filename (folder, "manifest.json", NULL);
  if (!write_private (manifest_path, manifest->str, manifest->len, error))
    goto out;
  if (n_rows)
    *n_rows = total;
  ok = TRUE;

out:
  gb_database_exec (database, "COMMIT", NULL);
  return ok;
}

/* ------------------------------------------------------------------ */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
} Reader;

/* The next field of the line: a bare \N (NULL: *value = NULL) or a quoted
 * value. *last tells whether the line ended after it. */
static gboolean
read_field (Reader   *r,
            GString  *value,
            gboolean *is_null,
            gboolean *last,
            GError  **error)
{
  g_string_truncate (value, 0);
  *is_null = FALSE;
  if (r->p + 1 < r->end && r->p[0] == '\\' && r->p[1] == 'N')
    {
      *is_null = TRUE;
      r->p += 2;
    }
  else if (r->p < r->end && *r->p == '"')
    {
      r->p++;
      for (;;)
        {
          if (r->p >= r->end)
            goto bad;
          if (*r->p == '"')
            {
              if (r->p + 1 < r->end && r->p[1] == '"')
                {
                  g_string_append_c (value, '"');
                  r->p += 2;
                  continue;
                }
              r->p++;
              break;
            }
          if (*r->p == '\n')
            r->line++;
          g_string_append_c (value, *r->p++);
        }
    }
  else
    {
      /* The header: bare names. */
      while (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n')
        g_string_append_c (value, *r->p++);
    }
  if (r->p < r->end && *r->p == ',')
    {
      r->p++;
      *last = FALSE;
      return TRUE;
    }
  if (r->p + 1 < r->end && r->p[0] == '\r' && r->p[1] == '\n')
    r->p += 2;
  else if (r->p < r->end && *r->p == '\n')
    r->p++;
  else if (r->p < r->end)
    goto bad;
  r->line++;
  *last = TRUE;
  return TRUE;

bad:
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("line %u is not as Guildbook writes it"), r->line);
  return FALSE;
}

static void
bind_value (GbStmt       *stmt,
            int           index,
            GString      *value,
            gboolean      is_null)
{
  if (is_null)
    {
      gb_stmt_bind_null (stmt, index);
      return;
    }
  if (value->len >= 2 && value->str[0] == '\\' && value->str[1] == 'x')
    {
      gsize len;
      guchar *data = g_base64_decode (value->str + 2, &len);

      gb_stmt_bind_blob (stmt, index, data, len, TRUE);
      g_free (data);
      return;
    }
  /* Undouble the backslashes. */
  {
    char *w = value->str;

    for (const char *p = value->str; *p; p++)
      {
        if (*p == '\\' && p[1] == '\\')
          p++;
        *w++ = *p;
      }
    *w = '\0';
    /* The apostrophe put_quoted() wrote before a formula. */
    if (value->str[0] == '\'' && needs_guard (value->str + 1))
      {
        gb_stmt_bind_text_len (stmt, index, value->str + 1, w - value->str - 1, TRUE);
        return;
      }
    gb_stmt_bind_text_len (stmt, index, value->str, w - value->str, TRUE);
  }
}

static gboolean
load_table (GbDatabase  *database,
            const char  *table,
            const char  *path,
            guint        expected,
            guint       *n_rows,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = g_path_get_basename (path);
  GbStmt *stmt;
  gsize len;
  Reader r;
  gboolean is_null, last = FALSE;
  guint rows = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  if (!g_utf8_validate (contents, len, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("%s is not UTF-8 text."), name);
      return FALSE;
    }
  r.p = contents;
  r.end = contents + len;
  r.line = 1;
  while (!last)
    {
      if (!read_field (&r, value, &is_null, &last, error))
        goto bad;
      g_ptr_array_add (columns, g_strdup (value->str));
    }
  /* Only the table's own columns, by name: a header is not SQL. */
  {
    g_autoptr(GPtrArray) known = table_columns (database, table, error);

    if (known == NULL)
      return FALSE;
    for (guint i = 0; i < columns->len; i++)
      if (!g_ptr_array_find_with_equal_func (known, columns->pdata[i], g_str_equal, NULL))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("the table has no column “%s”"),
                       (char *) columns->pdata[i]);
          goto bad;
        }
  }
  g_string_append_printf (sql, "INSERT INTO \"%s\" (", table);
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", (char *) columns->pdata[i]);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < columns->len; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");
  if ((stmt = gb_database_prepare (database, sql->str, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }

  while (r.p < r.end)
    {
      guint column = 0;

      last = FALSE;
      while (!last)
        {
          if (!read_field (&r, value, &is_null, &last, error))
            goto bad;
          if (column >= columns->len)
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("line %u has more values than columns"), r.line - 1);
              goto bad;
            }
          bind_value (stmt, ++column, value, is_null);
        }
      if (column != columns->len)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("line %u has fewer values than columns"), r.line - 1);
          goto bad;
        }
      if (!gb_database_step_done (database, stmt, error))
        goto bad;
      rows++;
    }
  if (rows != expected)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("it holds %u rows where the manifest says %u"),
                   rows, expected);
      goto bad;
    }
  *n_rows += rows;
  return TRUE;

bad:
  g_prefix_error (error, "%s: ", name);
  return FALSE;
}

static gint64
count_rows (GbDatabase  *database,
            const char  *sql,
            GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database, sql, error);
  GbSqlCode rc;
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    n = gb_stmt_column_int64 (stmt, 0);
  else
    gb_database_set_error (database, rc, error);
  gb_stmt_reset (stmt);
  return n;
}

/* Reads a folder written by gb_dump_write() into @database, which must
 * hold no members, artisans or events: all of it or nothing. */
gboolean
gb_dump_read (GbDatabase    *database,
              const char    *folder,
              GCancellable  *cancellable,
              guint         *n_rows,
              GError       **error)
{
  g_autofree char *manifest_path = g_build_filename (folder, "manifest.json", NULL);
  g_autofree char *manifest = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) entry = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) local = NULL;
  gint64 broken;
  int schema = -1;
  guint total = 0;

  if (!g_file_get_contents (manifest_path, &manifest, NULL, NULL)
      || strstr (manifest, "\"format\": \"" FORMAT_NAME "\"") == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("“%s” is not a folder written by “Export everything”: it has no Guildbook manifest."), folder);
      return FALSE;
    }
  {
    const char *s = strstr (manifest, "\"schema\":");

    if (s)
      schema = atoi (s + strlen ("\"schema\":"));
  }
  if (schema != gb_database_get_schema_version (database))
    {
      g_set_error (error, GB_ERROR, schema > gb_database_get_schema_version (database) ? GB_ERROR_TOO_NEW : GB_ERROR_INVALID,
                   _("The folder was written by a database of schema %d; this database has schema %d."),
                   schema, gb_database_get_schema_version (database));
      return FALSE;
    }
  entry = g_regex_new ("\"([a-z_0-9]+)\": ([0-9]+)", 0, 0, NULL);
  {
    const char *t = strstr (manifest, "\"tables\"");

    g_regex_match (entry, t ? t : "", 0, &match);
    while (g_match_info_matches (match))
      {
        g_autofree char *table = g_match_info_fetch (match, 1);
        g_autofree char *n = g_match_info_fetch (match, 2);

        g_hash_table_insert (counts, g_steal_pointer (&table), GUINT_TO_POINTER ((guint) atoi (n) + 1));
        g_match_info_next (match, NULL);
      }
  }

  /* Only the owner of a shared database may set its triggers aside. */
  if (gb_database_is_shared (database) && gb_database_get_role (database) < GB_DATABASE_ROLE_OWNER)
    {
      g_autofree char *display = gb_database_dup_display_name (database);

      g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
                   _("Only the owner of the shared database “%s” may import a whole folder into it."), display);
      return FALSE;
    }
  /* Empty, decided under the writers' lock: another seat that starts
   * filling a shared database meanwhile waits, and its rows are not
   * cleared away with the new database's own. */
  if (!gb_database_begin (database, error))
    return FALSE;
  {
    gint64 held = count_rows (database, gb_copy_held_sql, error);

    if (held < 0)
      goto fail;
    if (held > 0)
      {
        g_set_error (error, GB_ERROR, GB_ERROR_NOT_EMPTY,
                     _("The database already holds records (members, artisans, events, certificates, reports "
                       "or imports); read the folder into a new database."));
        goto fail;
      }
  }
  for (guint t = 0; t < G_N_ELEMENTS (dump_tables); t++)
    if (!g_hash_table_contains (counts, dump_tables[t]))
      {
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The folder has no file for the table “%s”."),
                     dump_tables[t]);
        goto fail;
      }
  if (g_hash_table_size (counts) != G_N_ELEMENTS (dump_tables))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The folder has tables this database does not know."));
      goto fail;
    }

  /* The triggers stand aside while the rows go in as they were. */
  if (!gb_copy_set_triggers_aside (database, triggers, error))
    goto fail;
  for (guint t = 0; t < G_N_ELEMENTS (dump_tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\"", dump_tables[t]);

      if (!gb_database_exec (database, sql, error))
        goto fail;
    }
  for (guint t = 0; t < G_N_ELEMENTS (dump_tables); t++)
    {
      const char *table = dump_tables[t];
      g_autofree char *file = g_strdup_printf ("%s.csv", table);
      g_autofree char *path = g_build_filename (folder, file, NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (!load_table (database, table, path,
                       GPOINTER_TO_UINT (g_hash_table_lookup (counts, table)) - 1, &total, error))
        goto fail;
    }
  broken = gb_copy_put_triggers_back (database, triggers, &local);
  /* PostgreSQL says so as its keys are checked, in its own words. */
  if (broken > 0 || g_error_matches (local, GB_ERROR, GB_ERROR_CONSTRAINT))
    {
      g_clear_error (&local);
      g_set_error (error, GB_ERROR, GB_ERROR_CONSTRAINT,
                   _("The files point at rows that are not there (a file was edited or lost)."));
      goto fail;
    }
  if (broken < 0)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  if (!gb_database_commit (database, error))
    return FALSE;
  if (n_rows)
    *n_rows = total;
  return TRUE;

fail:
  gb_database_rollback (database);
  return FALSE;
}
