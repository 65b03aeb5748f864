/* gb-copy.c — a whole register from one database into another, file or server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moving in and out of a shared database: a file's register into an empty
 * PostgreSQL database, a server's into a file (which is also how a shared
 * database is backed up), or file to file. Everything travels: every row
 * of every table with its id, the blobs (photos, the logo, the PDFs of
 * submitted reports), and the meta rows, the register's own id among them,
 * so that the copy is the same register wherever it lives and its backups
 * are known as its own. The target keeps what is its own: its schema
 * version, and the recipe of its search and sort keys (the keys are made
 * again when the source's were made with another recipe).
 *
 * The target must hold no records, decided inside its write transaction,
 * and takes the rows in that one transaction: all of it or nothing. The
 * source is read in one snapshot, so that its tables agree with each other
 * while other seats go on writing. While the rows go in, the target's
 * foreign keys wait for the end and its triggers stand aside: a member's
 * insert would add a second first row to its status list, which the copy
 * brings itself, and the guards would refuse clearing the certificates and
 * the audit log. On sqlite they are dropped and made again in the
 * transaction, as gb-dump.c's load does; on PostgreSQL they are disabled
 * (DISABLE TRIGGER USER, the recipe of test-schema-pg.c's load) and every
 * identity is moved past the ids copied (gb_sync_identities()). Before the
 * commit every table's rows are counted on both sides, and the register of
 * certificates and the submitted reports are compared value by value.
 *
 * Rows go in BATCH_ROWS to an INSERT: against a server, one round trip per
 * row made a copy of 100,000 members and 100,000 artisans four times
 * slower (89 s against 22 s; 20 rows a batch were as fast as 200).
 */
#define G_LOG_DOMAIN "gb-copy"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-copy.h"
#include "gb-error.h"
#include "gb-keys.h"

#define BATCH_ROWS 200u
/* sqlite's bound on the parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER),
 * which the PostgreSQL engine keeps too. */
#define MAX_PARAMS 32766

/* Every table of the schema but meta, parents before the rows that point
 * at them. A migration that adds a table adds it here: test-copy.c holds
 * this list against a new database of each engine. */
const GbCopyTable gb_copy_tables[] = {
  { "association", N_("Association") },
  { "crafts", N_("Crafts") },
  { "communes", N_("Communes") },
  { "members", N_("Members") },
  { "member_crafts", N_("Members' crafts") },
  { "member_status_history", N_("Members' status changes") },
  { "dues", N_("Dues paid") },
  { "artisans", N_("Artisans") },
  { "titles", N_("Artisans' titles") },
  { "events", N_("Events") },
  { "participants", N_("Participants") },
  { "contest_entries", N_("Contest entries") },
  { "contest_judges", N_("Contest judges") },
  { "contest_criteria", N_("Contest criteria") },
  { "contest_scores", N_("Contest scores") },
  { "contest_awards", N_("Contest awards") },
  { "donations", N_("Donations") },
  { "certificates", N_("Certificates in the register") },
  { "reports", N_("Reports") },
  { "imports", N_("Imports") },
  { "import_records", N_("Records of imports") },
  { "import_mappings", N_("Remembered column mappings") },
  { "audit_log", N_("Audit log entries") },
};
const guint gb_copy_n_tables = G_N_ELEMENTS (gb_copy_tables);

/* The tables keyed otherwise than by an id: small, read in one query. */
static const char *const without_id[] = { "communes", "import_records", "import_mappings" };

/* The meta rows each database keeps its own of: where the schema version
 * is kept and the count of commits that tells other seats of a change
 * (PostgreSQL's; sqlite keeps both in its file header), and the recipe of
 * the keys, which are the target's to make. */
#define META_KEPT "('schema_version', 'commits', 'keys')"

/* Any of these makes a database one that a copy may not replace. */
const char gb_copy_held_sql[] =
  "SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM artisans)"
  " + (SELECT count(*) FROM events) + (SELECT count(*) FROM certificates)"
  " + (SELECT count(*) FROM reports) + (SELECT count(*) FROM imports)";

/* What is compared value by value after the copy: the register (numbers,
 * holders, the papers' SHA-256) and the reports as submitted. */
static const struct
{
  const char *sql;
  const char *what;   /* N_() */
} compared[] = {
  { "SELECT id, kind, year, serial, number, holder_name, artisan_id, member_id, title_id, award_id,"
    " issued_on, template, sha256, reissue_of, os_user, voided_on, void_reason, check_code"
    " FROM certificates ORDER BY id", N_("the register of certificates") },
  { "SELECT id, kind, title, number, doc_date, submitted_at, pdf, sha256 FROM reports ORDER BY id",
    N_("the reports") },
};

typedef struct
{
  GbSqlType  type;
  gint64     integer;
  double     real;
  char      *data;     /* a text, with a NUL after it, or a blob */
  gsize      size;
} Value;

typedef struct
{
  GbDatabase     *from;
  GbDatabase     *to;
  GbCopyProgress  progress;
  gpointer        user_data;
  gint64          done;
  gint64          total;
  GPtrArray      *triggers;   /* sqlite: the target's CREATE TRIGGER statements, set aside */
} Copy;

static void
value_clear (Value *v)
{
  g_clear_pointer (&v->data, g_free);
  v->type = GB_SQL_NULL;
}

static void
value_read (Value  *v,
            GbStmt *stmt,
            int     i)
{
  const void *data = NULL;

  value_clear (v);
  v->type = gb_stmt_column_type (stmt, i);
  switch (v->type)
    {
    case GB_SQL_INTEGER:
      v->integer = gb_stmt_column_int64 (stmt, i);
      break;
    case GB_SQL_FLOAT:
      v->real = gb_stmt_column_double (stmt, i);
      break;
    case GB_SQL_TEXT:
    case GB_SQL_BLOB:
      /* The length after the pointer: sqlite converts on the first call. */
      data = v->type == GB_SQL_TEXT ? (const void *) gb_stmt_column_text (stmt, i) : gb_stmt_column_blob (stmt, i);
      v->size = gb_stmt_column_bytes (stmt, i);
      v->data = g_malloc (v->size + 1);
      if (v->size > 0)
        memcpy (v->data, data, v->size);
      v->data[v->size] = '\0';
      break;
    case GB_SQL_NULL:
    default:
      v->type = GB_SQL_NULL;
      break;
    }
}

/* @v outlives the statement's next step: bound without a copy. */
static void
value_bind (const Value *v,
            GbStmt      *stmt,
            int          i)
{
  switch (v->type)
    {
    case GB_SQL_INTEGER:
      gb_stmt_bind_int64 (stmt, i, v->integer);
      break;
    case GB_SQL_FLOAT:
      gb_stmt_bind_double (stmt, i, v->real);
      break;
    case GB_SQL_TEXT:
      gb_stmt_bind_text_len (stmt, i, v->data, (gssize) v->size, FALSE);
      break;
    case GB_SQL_BLOB:
      gb_stmt_bind_blob (stmt, i, v->data, v->size, FALSE);
      break;
    case GB_SQL_NULL:
    default:
      gb_stmt_bind_null (stmt, i);
      break;
    }
}

/* The same values give the same digest on either engine: a number is
 * hashed as its text, a text or blob with its length. */
static void
value_digest (const Value *v,
              GChecksum   *sum)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint8 tag = (guint8) v->type;
  guint64 size = v->size;

  g_checksum_update (sum, &tag, 1);
  switch (v->type)
    {
    case GB_SQL_INTEGER:
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v->integer);
      g_checksum_update (sum, (const guchar *) buf, strlen (buf) + 1);
      break;
    case GB_SQL_FLOAT:
      g_ascii_formatd (buf, sizeof buf, "%.17g", v->real);
      g_checksum_update (sum, (const guchar *) buf, strlen (buf) + 1);
      break;
    case GB_SQL_TEXT:
    case GB_SQL_BLOB:
      g_checksum_update (sum, (const guchar *) &size, sizeof size);
      g_checksum_update (sum, (const guchar *) v->data, v->size);
      break;
    case GB_SQL_NULL:
    default:
      break;
    }
}

static gint64
query_count (GbDatabase  *database,
             const char  *sql,
             GError     **error)
{
  g_autoptr(GbStmt) stmt = gb_database_prepare_once (database, sql, error);
  GbSqlCode rc;

  if (stmt == NULL)
    return -1;
  if ((rc = gb_stmt_step (stmt)) != GB_SQL_ROW)
    {
      gb_database_set_error (database, rc, error);
      return -1;
    }
  return gb_stmt_column_int64 (stmt, 0);
}

static gint64
count_table (GbDatabase  *database,
             const char  *table,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);

  return query_count (database, sql, error);
}

static char *
meta_value (GbDatabase *database,
            const char *key)
{
  g_autoptr(GbStmt) stmt = gb_database_prepare_once (database, "SELECT value FROM meta WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_text_static (stmt, 1, key);
  return gb_stmt_step (stmt) == GB_SQL_ROW ? gb_stmt_dup_text (stmt, 0) : NULL;
}

/* The SHA-256 of every value @sql returns, in order; NULL on an error. */
static char *
fingerprint (GbDatabase  *database,
             const char  *sql,
             GError     **error)
{
  g_autoptr(GbStmt) stmt = gb_database_prepare_once (database, sql, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  Value v = { 0 };
  GbSqlCode rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    for (int i = 0; i < gb_stmt_column_count (stmt); i++)
      {
        value_read (&v, stmt, i);
        value_digest (&v, sum);
      }
  value_clear (&v);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return NULL;
    }
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
has_id (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (without_id); i++)
    if (g_str_equal (table, without_id[i]))
      return FALSE;
  return TRUE;
}

/* INSERT INTO table (columns) VALUES (?1, …), (…) for @rows rows. */
static char *
insert_sql (const char *table,
            GPtrArray  *names,
            guint       rows)
{
  GString *sql = g_string_new (NULL);
  guint n = names->len;

  g_string_append_printf (sql, "INSERT INTO \"%s\" (", table);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", (const char *) names->pdata[i]);
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < rows; r++)
    {
      g_string_append (sql, r ? ", (" : "(");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, "%s?%u", i ? ", " : "", r * n + i + 1);
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

/* Writes @rows rows of @values into the target; @full is the statement
 * for a whole batch, made at its first use. The values are cleared. */
static gboolean
insert_rows (Copy        *c,
             const char  *table,
             GPtrArray   *names,
             Value       *values,
             guint        rows,
             guint        batch,
             GbStmt     **full,
             GError     **error)
{
  g_autoptr(GbStmt) once = NULL;
  GbStmt *stmt;
  guint n = names->len;
  gboolean ok;

  if (rows == batch && *full != NULL)
    stmt = *full;
  else
    {
      g_autofree char *sql = insert_sql (table, names, rows);

      if ((stmt = gb_database_prepare_once (c->to, sql, error)) == NULL)
        return FALSE;
      if (rows == batch)
        *full = stmt;
      else
        once = stmt;
    }
  for (guint i = 0; i < rows * n; i++)
    value_bind (&values[i], stmt, (int) i + 1);
  ok = gb_database_step_done (c->to, stmt, error);
  for (guint i = 0; i < rows * n; i++)
    value_clear (&values[i]);
  if (!ok)
    return FALSE;

  c->done += rows;
  if (c->progress != NULL)
    c->progress (table, c->done, c->total, c->user_data);
  return TRUE;
}

/* Every row of @table, with its id, read in id order BATCH_ROWS at a time
 * so that a table of photos is never held whole. */
static gboolean
copy_table (Copy        *c,
            const char  *table,
            GError     **error)
{
  gboolean by_id = has_id (table);
  g_autofree char *select = by_id ? g_strdup_printf ("SELECT * FROM \"%s\" WHERE id > ?1 ORDER BY id LIMIT %u",
                                                     table, BATCH_ROWS)
                                  : g_strdup_printf ("SELECT * FROM \"%s\"", table);
  g_autoptr(GbStmt) read = gb_database_prepare_once (c->from, select, error);
  g_autoptr(GbStmt) full = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree Value *values = NULL;
  gint64 last_id = G_MININT64;
  guint batch = 0, rows = 0;
  int id_column = -1;
  gboolean ok = FALSE;

  if (read == NULL)
    return FALSE;
  for (;;)
    {
      guint read_now = 0;
      GbSqlCode rc;

      if (by_id)
        gb_stmt_bind_int64 (read, 1, last_id);
      while ((rc = gb_stmt_step (read)) == GB_SQL_ROW)
        {
          guint n;

          if (values == NULL)
            {
              for (int i = 0; i < gb_stmt_column_count (read); i++)
                {
                  g_ptr_array_add (names, g_strdup (gb_stmt_column_name (read, i)));
                  if (g_str_equal (names->pdata[i], "id"))
                    id_column = i;
                }
              batch = MAX (1, MIN (BATCH_ROWS, MAX_PARAMS / MAX (names->len, 1)));
              values = g_new0 (Value, (gsize) batch * names->len);
            }
          n = names->len;
          for (guint i = 0; i < n; i++)
            value_read (&values[rows * n + i], read, (int) i);
          if (by_id && id_column >= 0)
            last_id = gb_stmt_column_int64 (read, id_column);
          rows++;
          read_now++;
          if (rows == batch && !insert_rows (c, table, names, values, rows, batch, &full, error))
            goto out;
          if (rows == batch)
            rows = 0;
        }
      gb_stmt_reset (read);
      if (rc != GB_SQL_DONE)
        {
          gb_database_set_error (c->from, rc, error);
          goto out;
        }
      if (!by_id || id_column < 0 || read_now < BATCH_ROWS)
        break;
    }
  if (rows > 0 && !insert_rows (c, table, names, values, rows, batch, &full, error))
    goto out;
  ok = TRUE;

out:
  if (values != NULL)
    for (guint i = 0; i < batch * names->len; i++)
      value_clear (&values[i]);
  if (!ok)
    g_prefix_error (error, _("Copying the table “%s”: "), table);
  return ok;
}

/* The meta rows, but those the target keeps its own of. */
static gboolean
copy_meta (Copy    *c,
           GError **error)
{
  g_autoptr(GbStmt) read = gb_database_prepare_once (c->from,
                                                     "SELECT key, value FROM meta WHERE key NOT IN " META_KEPT,
                                                     error);
  g_autoptr(GbStmt) write = NULL;
  GbSqlCode rc;

  if (read == NULL || !gb_database_exec (c->to, "DELETE FROM meta WHERE key NOT IN " META_KEPT, error))
    return FALSE;
  if ((write = gb_database_prepare_once (c->to, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error)) == NULL)
    return FALSE;
  while ((rc = gb_stmt_step (read)) == GB_SQL_ROW)
    {
      gb_stmt_bind_text (write, 1, gb_stmt_column_text (read, 0));
      gb_stmt_bind_text (write, 2, gb_stmt_column_text (read, 1));
      if (!gb_database_step_done (c->to, write, error))
        return FALSE;
    }
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (c->from, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* The triggers of @to stand aside and its foreign keys wait for the end
 * of its write transaction (for the copy and gb-dump.c's load). On sqlite
 * the triggers are dropped, their CREATE statements kept in @saved. */
gboolean
gb_copy_set_triggers_aside (GbDatabase  *to,
                            GPtrArray   *saved,
                            GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GbStmt) stmt = NULL;
  GbSqlCode rc;

  if (gb_database_is_shared (to))
    {
      if (!gb_database_exec (to, "SET CONSTRAINTS ALL DEFERRED", error))
        return FALSE;
      for (guint t = 0; t < gb_copy_n_tables; t++)
        {
          g_autofree char *sql = g_strdup_printf ("ALTER TABLE \"%s\" DISABLE TRIGGER USER",
                                                  gb_copy_tables[t].table);

          if (!gb_database_exec (to, sql, error))
            return FALSE;
        }
      return TRUE;
    }

  stmt = gb_database_prepare_once (to, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      g_ptr_array_add (names, gb_stmt_dup_text (stmt, 0));
      g_ptr_array_add (saved, gb_stmt_dup_text (stmt, 1));
    }
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (to, rc, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, gb_stmt_finalize);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *) names->pdata[i]);

      if (!gb_database_exec (to, sql, error))
        return FALSE;
    }
  return gb_database_exec (to, "PRAGMA defer_foreign_keys = ON", error);
}

/* The keys are checked now, the triggers are back, and on PostgreSQL the
 * next ids follow the rows put in with theirs. Returns -1 on an error
 * (on PostgreSQL, a key that points nowhere is one), else the number of
 * rows that point at rows not there (sqlite), and then the triggers are
 * put back only when it is 0. */
gint64
gb_copy_put_triggers_back (GbDatabase  *to,
                           GPtrArray   *saved,
                           GError     **error)
{
  gint64 broken;

  if (gb_database_is_shared (to))
    {
      /* A table with checks pending cannot be altered: the keys first. */
      if (!gb_database_exec (to, "SET CONSTRAINTS ALL IMMEDIATE", error))
        return -1;
      for (guint t = 0; t < gb_copy_n_tables; t++)
        {
          g_autofree char *sql = g_strdup_printf ("ALTER TABLE \"%s\" ENABLE TRIGGER USER",
                                                  gb_copy_tables[t].table);

          if (!gb_database_exec (to, sql, error))
            return -1;
        }
      return gb_database_exec (to, "SELECT gb_sync_identities ()", error) ? 0 : -1;
    }

  broken = query_count (to, "SELECT count(*) FROM pragma_foreign_key_check", error);
  if (broken != 0)
    return broken;
  for (guint i = 0; i < saved->len; i++)
    if (!gb_database_exec (to, saved->pdata[i], error))
      return -1;
  return 0;
}

static gboolean
put_triggers_back (Copy    *c,
                   GError **error)
{
  gint64 broken = gb_copy_put_triggers_back (c->to, c->triggers, error);

  if (broken > 0)
    g_set_error (error, GB_ERROR, GB_ERROR_CONSTRAINT,
                 g_dngettext (GETTEXT_PACKAGE, "The copy holds %lld row that points at a row that is not there.",
                              "The copy holds %lld rows that point at rows that are not there.",
                              (gulong) broken), (long long) broken);
  return broken == 0;
}

static void
set_count_error (GError     **error,
                 const char  *table,
                 gint64       copied,
                 gint64       original)
{
  g_set_error (error, GB_ERROR, GB_ERROR_FAILED,
               g_dngettext (GETTEXT_PACKAGE, "The copy holds %lld row of the table “%s”, the original %lld.",
                            "The copy holds %lld rows of the table “%s”, the original %lld.", (gulong) copied),
               (long long) copied, table, (long long) original);
}

/* Counts and the register on both sides, inside both transactions. */
static gboolean
check_copy (Copy          *c,
            const gint64  *source_counts,
            gint64        *counts,
            GError       **error)
{
  static const char meta_sql[] = "SELECT count(*) FROM meta WHERE key NOT IN " META_KEPT;
  gint64 meta_from, meta_to;

  for (guint t = 0; t < gb_copy_n_tables; t++)
    {
      gint64 n = count_table (c->to, gb_copy_tables[t].table, error);

      if (n < 0)
        return FALSE;
      if (n != source_counts[t])
        {
          set_count_error (error, gb_copy_tables[t].table, n, source_counts[t]);
          return FALSE;
        }
      if (counts != NULL)
        counts[t] = n;
    }
  if ((meta_from = query_count (c->from, meta_sql, error)) < 0
      || (meta_to = query_count (c->to, meta_sql, error)) < 0)
    return FALSE;
  if (meta_from != meta_to)
    {
      set_count_error (error, "meta", meta_to, meta_from);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (compared); i++)
    {
      g_autofree char *original = fingerprint (c->from, compared[i].sql, error);
      g_autofree char *copy = original ? fingerprint (c->to, compared[i].sql, error) : NULL;

      if (copy == NULL)
        return FALSE;
      if (!g_str_equal (original, copy))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("The copy of %s is not the same as the original."),
                       _(compared[i].what));
          return FALSE;
        }
    }
  return TRUE;
}

/* Everything the copy does inside the two transactions. */
static gboolean
copy_inside (Copy     *c,
             gint64   *counts,
             GError  **error)
{
  g_autofree gint64 *source_counts = g_new0 (gint64, gb_copy_n_tables);
  g_autofree char *from_id = NULL;
  g_autofree char *to_id = NULL;
  g_autofree char *source_recipe = NULL;
  g_autofree char *recipe = gb_keys_recipe ();
  gint64 held;

  /* Only the owner of a shared database may set its triggers aside and
   * replace its log; a clerk's copy would fail halfway with the server's
   * words. */
  if (gb_database_is_shared (c->to) && gb_database_get_role (c->to) < GB_DATABASE_ROLE_OWNER)
    {
      g_autofree char *display = gb_database_dup_display_name (c->to);

      g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
                   _("Only the owner of the shared database “%s” may copy a register into it."), display);
      return FALSE;
    }

  /* Decided under the target's write lock: a seat that starts filling it
   * meanwhile waits, and finds it full after. */
  if ((held = query_count (c->to, gb_copy_held_sql, error)) < 0)
    return FALSE;
  if (held > 0)
    {
      g_autofree char *display = gb_database_dup_display_name (c->to);

      g_set_error (error, GB_ERROR, GB_ERROR_NOT_EMPTY,
                   _("“%s” already holds records (members, artisans, events, certificates, reports or "
                     "imports): a register is copied into a new or empty database only."), display);
      return FALSE;
    }

  from_id = meta_value (c->from, "register_id");
  to_id = meta_value (c->to, "register_id");
  if (from_id != NULL && g_strcmp0 (from_id, to_id) == 0)
    {
      g_autofree char *display = gb_database_dup_display_name (c->to);

      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("“%s” is the register being copied (the same register id): copy it into another "
                     "database."), display);
      return FALSE;
    }

  for (guint t = 0; t < gb_copy_n_tables; t++)
    {
      if ((source_counts[t] = count_table (c->from, gb_copy_tables[t].table, error)) < 0)
        return FALSE;
      c->total += source_counts[t];
    }
  source_recipe = meta_value (c->from, "keys");

  if (!gb_copy_set_triggers_aside (c->to, c->triggers, error))
    return FALSE;
  /* A new database holds rows of its own (the association, the communes,
   * perhaps crafts and the audit of their making): the copy's replace them. */
  for (guint t = gb_copy_n_tables; t-- > 0;)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\"", gb_copy_tables[t].table);

      if (!gb_database_exec (c->to, sql, error))
        return FALSE;
    }
  for (guint t = 0; t < gb_copy_n_tables; t++)
    if (!copy_table (c, gb_copy_tables[t].table, error))
      return FALSE;
  if (!copy_meta (c, error))
    return FALSE;
  /* Keys made with another recipe (an older Guildbook, another ICU) are
   * made again, as on opening such a database. */
  if (g_strcmp0 (source_recipe, recipe) != 0
      && (!gb_database_exec (c->to, "DELETE FROM meta WHERE key = 'keys'", error)
          || !gb_keys_refresh (c->to, NULL, error)))
    return FALSE;
  if (!put_triggers_back (c, error))
    return FALSE;
  return check_copy (c, source_counts, counts, error);
}

/* Copies the register of @from into @to, which holds no members,
 * artisans, events, certificates, reports or imports: every table, each
 * row with its id, the register's id in meta. One transaction on @to, one
 * snapshot of @from. @progress, when given, is called after each batch of
 * rows; @counts, when given, gets the rows of each of gb_copy_tables. */
gboolean
gb_copy_database (GbDatabase      *from,
                  GbDatabase      *to,
                  GbCopyProgress   progress,
                  gpointer         user_data,
                  gint64          *counts,
                  GError         **error)
{
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  Copy c = { from, to, progress, user_data, 0, 0, triggers };
  int from_version, to_version;
  gboolean ok;

  g_return_val_if_fail (GB_IS_DATABASE (from), FALSE);
  g_return_val_if_fail (GB_IS_DATABASE (to), FALSE);
  g_return_val_if_fail (from != to, FALSE);
  g_return_val_if_fail (!gb_database_in_transaction (from), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  from_version = gb_database_get_schema_version (from);
  to_version = gb_database_get_schema_version (to);
  if (from_version != to_version)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The databases have different schemas (%d and %d); open both with this Guildbook first."),
                   from_version, to_version);
      return FALSE;
    }

  if (!gb_database_begin (to, error))
    return FALSE;
  /* One snapshot of the source, whatever other seats write meanwhile. */
  if (!gb_database_exec (from, gb_database_is_shared (from) ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                                            : "BEGIN", error))
    {
      gb_database_rollback (to);
      return FALSE;
    }
  ok = copy_inside (&c, counts, error);
  gb_database_exec (from, "COMMIT", NULL);
  if (!ok)
    {
      gb_database_rollback (to);
      return FALSE;
    }
  return gb_database_commit (to, error);
}
