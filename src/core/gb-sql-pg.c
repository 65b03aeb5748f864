/* gb-sql-pg.c — GbStmt over libpq, for a register shared by several seats
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQL of the code base is written for sqlite: its ?N and bare ?
 * parameters become PostgreSQL's $N once, when the statement is made.
 * Bindings wait in the statement; the first step after a reset sends the
 * statement and its values in one PQexecParams and keeps the whole
 * result, and each step after it moves to the next row. Values come back
 * as text and are read the way sqlite reads its own (column_int64 of
 * "1.5" is 1, of a bool is 0 or 1); bytea is unescaped on demand.
 *
 * Parameters go as text with the type the value has (int8, float8) so
 * that the server need not guess; text goes as "unknown", which takes the
 * type of the column or expression it meets, as sqlite's untyped values
 * do; blobs go as binary bytea, so no byte is escaped on the way.
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libpq-fe.h>

#include "gb-error.h"
#include "gb-sql-pg.h"

/* Type OIDs, fixed since PostgreSQL 7 (catalog/pg_type_d.h is in the
 * server's development files, not libpq's). */
#define BOOL_OID     16
#define BYTEA_OID    17
#define INT8_OID     20
#define INT2_OID     21
#define INT4_OID     23
#define TEXT_OID     25
#define OID_OID      26
#define FLOAT4_OID   700
#define FLOAT8_OID   701
#define NUMERIC_OID  1700

/* sqlite's own bound, SQLITE_MAX_VARIABLE_NUMBER: the same SQL is refused
 * by both engines or by neither. */
#define MAX_PARAM 32766

typedef enum
{
  PARAM_NULL = 0,
  PARAM_INT64,
  PARAM_DOUBLE,
  PARAM_TEXT,
  PARAM_BLOB,
} ParamKind;

typedef struct
{
  ParamKind   kind;
  const char *value;      /* into num, owned, or the caller's memory */
  int         length;     /* of a blob */
  char       *owned;
  char        num[G_ASCII_DTOSTR_BUF_SIZE];
} Param;

typedef enum
{
  STATE_READY,            /* the next step runs the statement */
  STATE_ROWS,             /* result holds rows; row is the current one */
  STATE_DONE,
  STATE_FAILED,
} State;

typedef struct
{
  GbStmt     parent;
  PGconn    *conn;
  char      *sql;
  int        n_params;
  Param     *params;      /* params[i - 1] is $i */
  guint8    *used;        /* used[i - 1]: $i appears in the SQL */

  State      state;
  PGresult  *result;
  PGresult  *description; /* the columns, asked before the first step */
  int        row;
  int        n_rows;

  /* Unescaped bytea of the current row, by column, with a NUL after it
   * so that column_text can hand it out as sqlite does. */
  guint8   **blobs;
  gsize     *blob_sizes;
  int        n_blobs;

  char      *error;

  GHashTable *prepared;   /* parameter types ("20,0,17") -> server-side statement name */

  gint64    *changes;     /* where rows written are counted, or NULL */
  gint64    *total_changes;
} GbStmtPg;

#define SELF(s) ((GbStmtPg *) (s))

/* As sqlite's changes(): rows an INSERT, UPDATE or DELETE wrote, not
 * rows a SELECT read. */
static void
count_changes (GbStmtPg *self,
               PGresult *result)
{
  const char *command = PQcmdStatus (result);
  gint64 n;

  if (!g_str_has_prefix (command, "INSERT ") && !g_str_has_prefix (command, "UPDATE ")
      && !g_str_has_prefix (command, "DELETE ") && !g_str_has_prefix (command, "MERGE "))
    return;
  n = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  *self->changes = n;
  *self->total_changes += n;
}

/* ---- parameters: ?N and ? to $N ------------------------------------- */

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$' || (guchar) c >= 0x80;
}

/* The end of a '…' literal or "…" identifier starting at @p (doubled
 * quotes inside); backslashes escape too in PostgreSQL's E'…'. */
static const char *
skip_quoted (const char *p, gboolean backslashes)
{
  char quote = *p++;

  while (*p != '\0')
    {
      if (backslashes && *p == '\\' && p[1] != '\0')
        p += 2;
      else if (*p == quote && p[1] == quote)
        p += 2;
      else if (*p == quote)
        return p + 1;
      else
        p++;
    }
  return p;
}

/* $tag$…$tag$ (PostgreSQL only, as in a function's body): the end of it,
 * or NULL when @p does not start one. */
static const char *
skip_dollar_quoted (const char *p)
{
  const char *tag_end = p + 1;
  const char *close;
  g_autofree char *tag = NULL;

  if (g_ascii_isdigit (*tag_end))
    return NULL;
  while (is_word_char (*tag_end) && *tag_end != '$')
    tag_end++;
  if (*tag_end != '$')
    return NULL;
  tag = g_strndup (p, tag_end - p + 1);
  close = strstr (tag_end + 1, tag);
  return close != NULL ? close + strlen (tag) : tag_end + strlen (tag_end);
}

static char *
translate (const char  *sql,
           int         *n_params,
           GByteArray **used_out,
           GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (sql) + 16);
  g_autoptr(GByteArray) used = g_byte_array_new ();
  const char *p = sql;
  int highest = 0;

  while (*p != '\0')
    {
      const char *end = NULL;

      if (*p == '\'' || *p == '"')
        {
          gboolean e_string = *p == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e')
                              && (p - 1 == sql || !is_word_char (p[-2]));

          end = skip_quoted (p, e_string);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          end = strchr (p, '\n');
          end = end != NULL ? end + 1 : p + strlen (p);
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          end = strstr (p + 2, "*/");
          end = end != NULL ? end + 2 : p + strlen (p);
        }
      else if (*p == '$' && (p == sql || !is_word_char (p[-1])))
        end = skip_dollar_quoted (p);

      if (end != NULL)
        {
          g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }

      if (*p == '?')
        {
          gint64 n;

          p++;
          if (g_ascii_isdigit (*p))
            {
              for (n = 0; g_ascii_isdigit (*p); p++)
                if (n <= MAX_PARAM)
                  n = n * 10 + (*p - '0');
              if (n < 1 || n > MAX_PARAM)
                {
                  g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                               "SQL parameter numbers run from ?1 to ?%d: %s", MAX_PARAM, sql);
                  return NULL;
                }
            }
          else if (highest < MAX_PARAM)
            n = highest + 1;
          else
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                           "More than %d SQL parameters: %s", MAX_PARAM, sql);
              return NULL;
            }

          highest = MAX (highest, (int) n);
          if (used->len < (guint) n)
            {
              guint old_len = used->len;

              g_byte_array_set_size (used, n);
              memset (used->data + old_len, 0, n - old_len);   /* not zeroed by GLib */
            }
          used->data[n - 1] = 1;
          /* In PostgreSQL $ may continue a word: "x$1" is one name. */
          if (out->len > 0 && is_word_char (out->str[out->len - 1]))
            g_string_append_c (out, ' ');
          g_string_append_printf (out, "$%d", (int) n);
          continue;
        }

      g_string_append_c (out, *p++);
    }

  *n_params = highest;
  if (used_out != NULL)
    *used_out = g_steal_pointer (&used);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
gb_sql_pg_translate (const char  *sql,
                     int         *n_params,
                     GError     **error)
{
  int n = 0;
  char *out;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = translate (sql, &n, NULL, error);
  if (n_params != NULL)
    *n_params = n;
  return out;
}

/* ---- codes ---------------------------------------------------------- */

GbSqlCode
gb_sql_code_from_pg (const char *sqlstate,
                     PGconn     *conn)
{
  static const struct { const char *state; GbSqlCode code; } codes[] = {
    { "40001", GB_SQL_BUSY },        /* serialization_failure */
    { "40P01", GB_SQL_BUSY },        /* deadlock_detected */
    { "55P03", GB_SQL_BUSY },        /* lock_not_available */
    { "42501", GB_SQL_PERM },        /* insufficient_privilege */
    { "25006", GB_SQL_READONLY },    /* read_only_sql_transaction */
    { "53100", GB_SQL_FULL },        /* disk_full */
    { "53200", GB_SQL_NOMEM },       /* out_of_memory */
    { "57014", GB_SQL_INTERRUPT },   /* query_canceled */
    { "42601", GB_SQL_MISUSE },      /* syntax_error */
    { "42P01", GB_SQL_MISUSE },      /* undefined_table */
    { "42703", GB_SQL_MISUSE },      /* undefined_column */
    { "42883", GB_SQL_MISUSE },      /* undefined_function */
  };

  if (sqlstate != NULL && strlen (sqlstate) == 5)
    {
      if (g_str_has_prefix (sqlstate, "23"))   /* integrity_constraint_violation */
        return GB_SQL_CONSTRAINT;
      if (g_str_has_prefix (sqlstate, "08"))   /* connection_exception */
        return GB_SQL_CANTOPEN;
      for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
        if (strcmp (sqlstate, codes[i].state) == 0)
          return codes[i].code;
    }
  /* The server went away (a restart, a cut cable): not an error of the SQL. */
  if (conn != NULL && PQstatus (conn) == CONNECTION_BAD)
    return GB_SQL_CANTOPEN;
  return GB_SQL_ERROR;
}

/* ---- binding -------------------------------------------------------- */

static Param *
param_at (GbStmt *s, int i)
{
  GbStmtPg *self = SELF (s);
  Param *param;

  /* Out of range is ignored, as sqlite's SQLITE_RANGE is by callers. */
  if (i < 1 || i > self->n_params)
    return NULL;
  param = &self->params[i - 1];
  g_clear_pointer (&param->owned, g_free);
  param->kind = PARAM_NULL;
  param->value = NULL;
  param->length = 0;
  return param;
}

static void
pg_bind_null (GbStmt *s, int i)
{
  param_at (s, i);
}

static void
pg_bind_int64 (GbStmt *s, int i, gint64 value)
{
  Param *param = param_at (s, i);

  if (param == NULL)
    return;
  g_snprintf (param->num, sizeof param->num, "%" G_GINT64_FORMAT, value);
  param->kind = PARAM_INT64;
  param->value = param->num;
}

static void
pg_bind_double (GbStmt *s, int i, double value)
{
  Param *param = param_at (s, i);

  if (param == NULL)
    return;
  if (isnan (value))
    g_strlcpy (param->num, "NaN", sizeof param->num);
  else if (isinf (value))
    g_strlcpy (param->num, value > 0 ? "Infinity" : "-Infinity", sizeof param->num);
  else
    g_ascii_dtostr (param->num, sizeof param->num, value);   /* round-trips, in any locale */
  param->kind = PARAM_DOUBLE;
  param->value = param->num;
}

static void
pg_bind_text (GbStmt *s, int i, const char *text, gssize len, gboolean copy)
{
  Param *param = param_at (s, i);

  if (param == NULL || text == NULL)
    return;
  param->kind = PARAM_TEXT;
  if (len < 0 && !copy)
    param->value = text;
  else if (len < 0)
    param->value = param->owned = g_strdup (text);
  else
    {
      /* libpq sends a text value up to its NUL, and text[len] may not be
       * one: a length always costs a copy. */
      param->owned = g_malloc (len + 1);
      memcpy (param->owned, text, len);
      param->owned[len] = '\0';
      param->value = param->owned;
    }
}

static void
pg_bind_blob (GbStmt *s, int i, const void *data, gsize len, gboolean copy)
{
  Param *param = param_at (s, i);

  if (param == NULL)
    return;
  g_return_if_fail (len <= G_MAXINT);

  param->kind = PARAM_BLOB;
  param->length = (int) len;
  if (copy && len > 0)
    param->value = param->owned = g_memdup2 (data, len);
  else
    param->value = data;
  /* A NULL value pointer would send SQL NULL: an empty blob is still one. */
  if (param->value == NULL)
    param->value = "";
}

static int
pg_param_count (GbStmt *s)
{
  return SELF (s)->n_params;
}

static void
pg_clear (GbStmt *s)
{
  for (int i = 1; i <= SELF (s)->n_params; i++)
    param_at (s, i);
}

/* ---- running -------------------------------------------------------- */

static void
forget_blobs (GbStmtPg *self)
{
  for (int i = 0; i < self->n_blobs; i++)
    g_clear_pointer (&self->blobs[i], g_free);
}

static void
forget_result (GbStmtPg *self)
{
  forget_blobs (self);
  g_clear_pointer (&self->blobs, g_free);
  g_clear_pointer (&self->blob_sizes, g_free);
  self->n_blobs = 0;
  g_clear_pointer (&self->result, PQclear);
  self->row = -1;
  self->n_rows = 0;
  self->state = STATE_READY;
}

static GbSqlCode
fail (GbStmtPg   *self,
      GbSqlCode   code,
      const char *message)
{
  g_free (self->error);
  self->error = g_strchomp (g_strdup (message != NULL && *message != '\0' ? message
                                                                           : "unknown error"));
  self->state = STATE_FAILED;
  return code;
}

/* COPY would leave the connection waiting for data that never comes. */
static void
end_copy (GbStmtPg *self, ExecStatusType status)
{
  PGresult *rest;

  if (status == PGRES_COPY_IN)
    PQputCopyEnd (self->conn, "COPY is not supported through GbStmt");
  else
    {
      char *buffer = NULL;

      while (PQgetCopyData (self->conn, &buffer, FALSE) > 0)
        PQfreemem (buffer);
    }
  while ((rest = PQgetResult (self->conn)) != NULL)
    PQclear (rest);
}

static Oid
param_type (GbStmtPg *self, int i)
{
  switch (self->params[i].kind)
    {
    case PARAM_INT64:  return INT8_OID;
    case PARAM_DOUBLE: return FLOAT8_OID;
    case PARAM_BLOB:   return BYTEA_OID;
    case PARAM_NULL:
    case PARAM_TEXT:
    default:
      /* A number the SQL skips ("?1, ?3") has nothing to take its type
       * from, and the server refuses to guess. */
      return self->used[i] ? 0 : TEXT_OID;
    }
}

/* The server-side statement for these parameter types, prepared now if it
 * is new; NULL when it cannot be (the statement then runs unprepared and
 * says what is wrong). */
static const char *
prepared_name (GbStmtPg  *self,
               const Oid *types,
               int        n)
{
  static gint counter;
  GString *key = g_string_new (NULL);
  const char *name;
  PGresult *result;
  char *made;

  for (int i = 0; i < n; i++)
    g_string_append_printf (key, "%u,", types[i]);
  if (self->prepared == NULL)
    self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((name = g_hash_table_lookup (self->prepared, key->str)) != NULL)
    {
      g_string_free (key, TRUE);
      return name;
    }
  made = g_strdup_printf ("gb_%u", (guint) g_atomic_int_add (&counter, 1));
  result = PQprepare (self->conn, made, self->sql, n, n > 0 ? types : NULL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      PQclear (result);
      g_free (made);
      g_string_free (key, TRUE);
      return NULL;
    }
  PQclear (result);
  g_hash_table_insert (self->prepared, g_string_free (key, FALSE), made);
  return made;
}

static GbSqlCode
execute (GbStmtPg *self)
{
  int n = self->n_params;
  g_autofree Oid *types = g_new0 (Oid, MAX (n, 1));
  g_autofree const char **values = g_new0 (const char *, MAX (n, 1));
  g_autofree int *lengths = g_new0 (int, MAX (n, 1));
  g_autofree int *formats = g_new0 (int, MAX (n, 1));
  PGresult *result;
  ExecStatusType status;

  for (int i = 0; i < n; i++)
    {
      types[i] = param_type (self, i);
      values[i] = self->params[i].value;
      if (self->params[i].kind == PARAM_BLOB)
        {
          lengths[i] = self->params[i].length;
          formats[i] = 1;
        }
    }

  /* Prepared on the server once for each set of parameter types the
   * statement is run with, so that it is parsed and planned once, not at
   * every step: a list reads 64 records a keystroke. */
  {
    const char *name = prepared_name (self, types, n);

    result = name != NULL
      ? PQexecPrepared (self->conn, name, n, n > 0 ? values : NULL, n > 0 ? lengths : NULL,
                        n > 0 ? formats : NULL, 0)
      : PQexecParams (self->conn, self->sql, n, n > 0 ? types : NULL,
                      n > 0 ? values : NULL, n > 0 ? lengths : NULL,
                      n > 0 ? formats : NULL, 0);
  }
  if (result == NULL)
    return fail (self, PQstatus (self->conn) == CONNECTION_BAD ? GB_SQL_CANTOPEN : GB_SQL_NOMEM,
                 PQerrorMessage (self->conn));

  status = PQresultStatus (result);
  if ((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) && self->changes != NULL)
    count_changes (self, result);
  switch (status)
    {
    case PGRES_TUPLES_OK:
    case PGRES_SINGLE_TUPLE:
      self->result = result;
      self->row = -1;
      self->n_rows = PQntuples (result);
      self->n_blobs = PQnfields (result);
      self->blobs = g_new0 (guint8 *, MAX (self->n_blobs, 1));
      self->blob_sizes = g_new0 (gsize, MAX (self->n_blobs, 1));
      self->state = STATE_ROWS;
      g_clear_pointer (&self->error, g_free);
      return GB_SQL_ROW;

    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
      PQclear (result);
      self->state = STATE_DONE;
      g_clear_pointer (&self->error, g_free);
      return GB_SQL_DONE;

    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      PQclear (result);
      end_copy (self, status);
      return fail (self, GB_SQL_MISUSE, "COPY is not supported through GbStmt");

    case PGRES_BAD_RESPONSE:
    case PGRES_NONFATAL_ERROR:
    case PGRES_FATAL_ERROR:
    default:
      {
        GbSqlCode code = gb_sql_code_from_pg (PQresultErrorField (result, PG_DIAG_SQLSTATE),
                                              self->conn);
        const char *message = PQresultErrorMessage (result);

        fail (self, code, *message != '\0' ? message : PQerrorMessage (self->conn));
        PQclear (result);
        return code;
      }
    }
}

static GbSqlCode
pg_step (GbStmt *s)
{
  GbStmtPg *self = SELF (s);

  /* After its end or an error a statement starts over, as sqlite's
   * sqlite3_step() resets by itself since 3.6.23.1. */
  if (self->state == STATE_DONE || self->state == STATE_FAILED)
    forget_result (self);

  if (self->state == STATE_READY)
    {
      GbSqlCode code = execute (self);

      if (code != GB_SQL_ROW)
        return code;
    }

  forget_blobs (self);
  if (++self->row < self->n_rows)
    return GB_SQL_ROW;
  self->row = self->n_rows;
  self->state = STATE_DONE;   /* the result stays for column_count and column_name */
  return GB_SQL_DONE;
}

static void
pg_reset (GbStmt *s)
{
  forget_result (SELF (s));
}

/* ---- columns -------------------------------------------------------- */

static void
exec_quietly (PGconn *conn, const char *sql)
{
  PQclear (PQexec (conn, sql));
}

/* sqlite knows a statement's columns once it is prepared, and callers
 * (a dump's header line) ask before the first step: the server is asked
 * to describe the statement without running it. Inside a transaction a
 * savepoint keeps a refusal from aborting it. */
static PGresult *
describe (GbStmtPg *self)
{
  PGTransactionStatusType transaction = PQtransactionStatus (self->conn);
  g_autofree Oid *types = g_new0 (Oid, MAX (self->n_params, 1));
  PGresult *prepared;
  gboolean ok;

  if (self->description != NULL)
    return self->description;
  if (transaction != PQTRANS_IDLE && transaction != PQTRANS_INTRANS)
    return NULL;

  for (int i = 0; i < self->n_params; i++)
    types[i] = param_type (self, i);
  if (transaction == PQTRANS_INTRANS)
    exec_quietly (self->conn, "SAVEPOINT gb_stmt_describe");
  prepared = PQprepare (self->conn, "", self->sql, self->n_params, types);
  ok = PQresultStatus (prepared) == PGRES_COMMAND_OK;
  PQclear (prepared);
  if (ok)
    {
      self->description = PQdescribePrepared (self->conn, "");
      if (PQresultStatus (self->description) != PGRES_COMMAND_OK)
        g_clear_pointer (&self->description, PQclear);
    }
  if (transaction == PQTRANS_INTRANS)
    exec_quietly (self->conn, ok ? "RELEASE SAVEPOINT gb_stmt_describe"
                                 : "ROLLBACK TO SAVEPOINT gb_stmt_describe; "
                                   "RELEASE SAVEPOINT gb_stmt_describe");
  return self->description;
}

/* What the columns are read from: the rows, or before the first step the
 * statement's description. */
static PGresult *
columns_of (GbStmtPg *self)
{
  if (self->result != NULL)
    return self->result;
  if (self->state == STATE_READY)
    return describe (self);
  return NULL;
}

/* The current row's value, NULL for SQL NULL or when no row is current. */
static const char *
value_at (GbStmtPg *self, int i)
{
  if (self->result == NULL || self->row < 0 || self->row >= self->n_rows
      || i < 0 || i >= self->n_blobs || PQgetisnull (self->result, self->row, i))
    return NULL;
  return PQgetvalue (self->result, self->row, i);
}

static int
pg_column_count (GbStmt *s)
{
  PGresult *columns = columns_of (SELF (s));

  return columns != NULL ? PQnfields (columns) : 0;
}

static const char *
pg_column_name (GbStmt *s, int i)
{
  PGresult *columns = columns_of (SELF (s));

  if (columns == NULL || i < 0 || i >= PQnfields (columns))
    return NULL;
  return PQfname (columns, i);
}

static GbSqlType
pg_column_type (GbStmt *s, int i)
{
  GbStmtPg *self = SELF (s);

  if (value_at (self, i) == NULL)
    return GB_SQL_NULL;
  switch (PQftype (self->result, i))
    {
    case INT2_OID:
    case INT4_OID:
    case INT8_OID:
    case OID_OID:
    case BOOL_OID:
      return GB_SQL_INTEGER;
    case FLOAT4_OID:
    case FLOAT8_OID:
    case NUMERIC_OID:
      return GB_SQL_FLOAT;
    case BYTEA_OID:
      return GB_SQL_BLOB;
    default:
      return GB_SQL_TEXT;
    }
}

static gboolean
is_bool (GbStmtPg *self, int i)
{
  return PQftype (self->result, i) == BOOL_OID;
}

static gint64
pg_column_int64 (GbStmt *s, int i)
{
  GbStmtPg *self = SELF (s);
  const char *value = value_at (self, i);
  char *end = NULL;
  gint64 n;
  double d;

  if (value == NULL)
    return 0;
  if (is_bool (self, i))
    return value[0] == 't';

  n = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end != '.' && *end != 'e' && *end != 'E')
    return n;
  /* A float or numeric, or text that starts as one: truncated, as sqlite
   * does, and held within gint64. */
  d = g_ascii_strtod (value, NULL);
  if (isnan (d))
    return 0;
  if (d >= 9223372036854775807.0)
    return G_MAXINT64;
  if (d <= -9223372036854775808.0)
    return G_MININT64;
  return (gint64) d;
}

static double
pg_column_double (GbStmt *s, int i)
{
  GbStmtPg *self = SELF (s);
  const char *value = value_at (self, i);

  if (value == NULL)
    return 0.0;
  if (is_bool (self, i))
    return value[0] == 't' ? 1.0 : 0.0;
  return g_ascii_strtod (value, NULL);
}

/* bytea arrives escaped (\x…); unescaped once per column and row. */
static const guint8 *
blob_at (GbStmtPg *self, int i, gsize *size)
{
  const char *value = value_at (self, i);

  *size = 0;
  if (value == NULL)
    return NULL;
  if (is_bool (self, i))
    {
      /* sqlite has no booleans: a comparison is 1 or 0, as text too. */
      *size = 1;
      return (const guint8 *) (value[0] == 't' ? "1" : "0");
    }
  if (PQftype (self->result, i) != BYTEA_OID)
    {
      *size = (gsize) PQgetlength (self->result, self->row, i);
      return (const guint8 *) value;
    }
  if (self->blobs[i] == NULL)
    {
      size_t len = 0;
      unsigned char *bytes = PQunescapeBytea ((const unsigned char *) value, &len);

      if (bytes == NULL)
        return NULL;
      self->blobs[i] = g_malloc (len + 1);
      memcpy (self->blobs[i], bytes, len);
      self->blobs[i][len] = '\0';
      self->blob_sizes[i] = len;
      PQfreemem (bytes);
    }
  *size = self->blob_sizes[i];
  return self->blobs[i];
}

static const char *
pg_column_text (GbStmt *s, int i)
{
  gsize size;

  /* A blob read as text is its bytes, as in sqlite, not the \x form. */
  return (const char *) blob_at (SELF (s), i, &size);
}

static const void *
pg_column_blob (GbStmt *s, int i)
{
  gsize size;

  return blob_at (SELF (s), i, &size);
}

static gsize
pg_column_bytes (GbStmt *s, int i)
{
  gsize size;

  blob_at (SELF (s), i, &size);
  return size;
}

static const char *
pg_error_message (GbStmt *s)
{
  GbStmtPg *self = SELF (s);

  if (self->error != NULL)
    return self->error;
  /* As sqlite3_errmsg() says it when all went well. */
  return "not an error";
}

static void
pg_finalize (GbStmt *s)
{
  GbStmtPg *self = SELF (s);

  forget_result (self);
  g_clear_pointer (&self->description, PQclear);
  /* The server keeps a prepared statement until the session ends: a
   * statement run once is let go of with it. */
  if (self->prepared != NULL && PQstatus (self->conn) == CONNECTION_OK)
    {
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, self->prepared);
      while (g_hash_table_iter_next (&iter, NULL, &name))
        {
          g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", (const char *) name);

          PQclear (PQexec (self->conn, sql));
        }
    }
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  pg_clear (s);
  g_free (self->params);
  g_free (self->used);
  g_free (self->sql);
  g_free (self->error);
  g_free (self);
}

static const GbStmtClass pg_class = {
  .engine = "postgresql",
  .bind_null = pg_bind_null,
  .bind_int64 = pg_bind_int64,
  .bind_double = pg_bind_double,
  .bind_text = pg_bind_text,
  .bind_blob = pg_bind_blob,
  .param_count = pg_param_count,
  .step = pg_step,
  .reset = pg_reset,
  .clear = pg_clear,
  .column_count = pg_column_count,
  .column_name = pg_column_name,
  .column_type = pg_column_type,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .column_bytes = pg_column_bytes,
  .error_message = pg_error_message,
  .finalize = pg_finalize,
};

GbStmt *
gb_stmt_new_pg (PGconn      *conn,
                const char  *sql,
                GError     **error)
{
  g_autoptr(GByteArray) used = NULL;
  GbStmtPg *self;
  char *translated;
  int n = 0;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((translated = translate (sql, &n, &used, error)) == NULL)
    return NULL;

  self = g_new0 (GbStmtPg, 1);
  self->parent.klass = &pg_class;
  self->conn = conn;
  self->sql = translated;
  self->n_params = n;
  self->params = g_new0 (Param, MAX (n, 1));
  self->used = g_byte_array_free (g_steal_pointer (&used), FALSE);
  self->row = -1;
  self->state = STATE_READY;
  return &self->parent;
}

/* Rows @stmt writes are counted in *@changes (the last statement's) and
 * added to *@total_changes, as sqlite counts them per connection. */
void
gb_stmt_pg_count_changes (GbStmt *stmt,
                          gint64 *changes,
                          gint64 *total_changes)
{
  SELF (stmt)->changes = changes;
  SELF (stmt)->total_changes = total_changes;
}

PGconn *
gb_stmt_get_pg (GbStmt *stmt)
{
  g_return_val_if_fail (stmt != NULL && stmt->klass == &pg_class, NULL);
  return SELF (stmt)->conn;
}
