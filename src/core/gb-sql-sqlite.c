/* gb-sql-sqlite.c — GbStmt over an sqlite3_stmt
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin layer: each call is the sqlite call of the same name. The codes
 * are sqlite's primary result codes said as GbSqlCode.
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include <sqlite3.h>

#include "gb-sql.h"

typedef struct
{
  GbStmt        parent;
  sqlite3_stmt *stmt;
} GbStmtSqlite;

#define STMT(s) (((GbStmtSqlite *) (s))->stmt)

GbSqlCode
gb_sql_code_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_OK:         return GB_SQL_OK;
    case SQLITE_ROW:        return GB_SQL_ROW;
    case SQLITE_DONE:       return GB_SQL_DONE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:     return GB_SQL_BUSY;
    case SQLITE_CONSTRAINT: return GB_SQL_CONSTRAINT;
    case SQLITE_READONLY:   return GB_SQL_READONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:     return GB_SQL_CORRUPT;
    case SQLITE_CANTOPEN:   return GB_SQL_CANTOPEN;
    case SQLITE_FULL:       return GB_SQL_FULL;
    case SQLITE_NOMEM:      return GB_SQL_NOMEM;
    case SQLITE_PERM:
    case SQLITE_AUTH:       return GB_SQL_PERM;
    case SQLITE_INTERRUPT:  return GB_SQL_INTERRUPT;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:      return GB_SQL_MISUSE;
    default:                return GB_SQL_ERROR;
    }
}

static void
sqlite_bind_null (GbStmt *s, int i)
{
  sqlite3_bind_null (STMT (s), i);
}

static void
sqlite_bind_int64 (GbStmt *s, int i, gint64 value)
{
  sqlite3_bind_int64 (STMT (s), i, value);
}

static void
sqlite_bind_double (GbStmt *s, int i, double value)
{
  sqlite3_bind_double (STMT (s), i, value);
}

static void
sqlite_bind_text (GbStmt *s, int i, const char *text, gssize len, gboolean copy)
{
  sqlite3_bind_text (STMT (s), i, text, (int) len, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static void
sqlite_bind_blob (GbStmt *s, int i, const void *data, gsize len, gboolean copy)
{
  /* A zero-length blob is still a blob, not NULL. */
  sqlite3_bind_blob64 (STMT (s), i, data != NULL ? data : "", len,
                       copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static int
sqlite_param_count (GbStmt *s)
{
  return sqlite3_bind_parameter_count (STMT (s));
}

static GbSqlCode
sqlite_step (GbStmt *s)
{
  return gb_sql_code_from_sqlite (sqlite3_step (STMT (s)));
}

static void
sqlite_reset (GbStmt *s)
{
  sqlite3_reset (STMT (s));
}

static void
sqlite_clear (GbStmt *s)
{
  sqlite3_clear_bindings (STMT (s));
}

static int
sqlite_column_count (GbStmt *s)
{
  return sqlite3_column_count (STMT (s));
}

static const char *
sqlite_column_name (GbStmt *s, int i)
{
  return sqlite3_column_name (STMT (s), i);
}

static GbSqlType
sqlite_column_type (GbStmt *s, int i)
{
  switch (sqlite3_column_type (STMT (s), i))
    {
    case SQLITE_INTEGER: return GB_SQL_INTEGER;
    case SQLITE_FLOAT:   return GB_SQL_FLOAT;
    case SQLITE_TEXT:    return GB_SQL_TEXT;
    case SQLITE_BLOB:    return GB_SQL_BLOB;
    case SQLITE_NULL:
    default:             return GB_SQL_NULL;
    }
}

static gint64
sqlite_column_int64 (GbStmt *s, int i)
{
  return sqlite3_column_int64 (STMT (s), i);
}

static double
sqlite_column_double (GbStmt *s, int i)
{
  return sqlite3_column_double (STMT (s), i);
}

static const char *
sqlite_column_text (GbStmt *s, int i)
{
  return (const char *) sqlite3_column_text (STMT (s), i);
}

static const void *
sqlite_column_blob (GbStmt *s, int i)
{
  return sqlite3_column_blob (STMT (s), i);
}

static gsize
sqlite_column_bytes (GbStmt *s, int i)
{
  return (gsize) sqlite3_column_bytes (STMT (s), i);
}

static const char *
sqlite_error_message (GbStmt *s)
{
  return sqlite3_errmsg (sqlite3_db_handle (STMT (s)));
}

static void
sqlite_finalize (GbStmt *s)
{
  sqlite3_finalize (STMT (s));
  g_free (s);
}

static const GbStmtClass sqlite_class = {
  .engine = "sqlite",
  .bind_null = sqlite_bind_null,
  .bind_int64 = sqlite_bind_int64,
  .bind_double = sqlite_bind_double,
  .bind_text = sqlite_bind_text,
  .bind_blob = sqlite_bind_blob,
  .param_count = sqlite_param_count,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .clear = sqlite_clear,
  .column_count = sqlite_column_count,
  .column_name = sqlite_column_name,
  .column_type = sqlite_column_type,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_text = sqlite_column_text,
  .column_blob = sqlite_column_blob,
  .column_bytes = sqlite_column_bytes,
  .error_message = sqlite_error_message,
  .finalize = sqlite_finalize,
};

/* Takes @stmt; gb_stmt_finalize() finalizes it. */
GbStmt *
gb_stmt_new_sqlite (sqlite3_stmt *stmt)
{
  GbStmtSqlite *self;

  g_return_val_if_fail (stmt != NULL, NULL);

  self = g_new0 (GbStmtSqlite, 1);
  self->parent.klass = &sqlite_class;
  self->stmt = stmt;
  return &self->parent;
}

sqlite3_stmt *
gb_stmt_get_sqlite (GbStmt *stmt)
{
  g_return_val_if_fail (stmt != NULL && stmt->klass == &sqlite_class, NULL);
  return STMT (stmt);
}
