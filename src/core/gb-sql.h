/* gb-sql.h — one statement interface over the database engines
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every query the store, the register, the import and the reports run goes
 * through a GbStmt: prepared from SQL with numbered parameters (?1, ?2 …,
 * or a bare ? counted from the left), bound, stepped row by row and read
 * column by column. The engine behind it is sqlite today (gb-sql-sqlite.c)
 * and PostgreSQL for a shared register (gb-sql-pg.c): each implements a
 * GbStmtClass, and nothing outside those files and GbDatabase calls the
 * engine's own library.
 *
 * Codes are the engine's results said once, in our words: callers test
 * GB_SQL_ROW and GB_SQL_DONE and hand anything else to
 * gb_database_set_error(), which tells staff what happened.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_SQL_OK = 0,
  GB_SQL_ROW,          /* a row is ready to be read */
  GB_SQL_DONE,         /* the statement ran to its end */
  GB_SQL_ERROR,        /* anything not named below */
  GB_SQL_BUSY,         /* another connection holds the lock: wait, never "damaged" */
  GB_SQL_CONSTRAINT,   /* a unique, foreign key, check or not-null rule refused it */
  GB_SQL_READONLY,     /* the connection or its file may not be written */
  GB_SQL_CORRUPT,      /* the file is damaged or not a database */
  GB_SQL_CANTOPEN,     /* the database could not be reached */
  GB_SQL_FULL,         /* the disk is full */
  GB_SQL_NOMEM,
  GB_SQL_PERM,         /* the engine refused this user the action */
  GB_SQL_INTERRUPT,
  GB_SQL_MISUSE,       /* a bug of ours: wrong order of calls, bad SQL */
} GbSqlCode;

typedef enum
{
  GB_SQL_NULL = 0,
  GB_SQL_INTEGER,
  GB_SQL_FLOAT,
  GB_SQL_TEXT,
  GB_SQL_BLOB,
} GbSqlType;

typedef struct _GbStmt      GbStmt;
typedef struct _GbStmtClass GbStmtClass;

/* What an engine implements. Parameters and columns count as in SQL:
 * parameters from 1, columns from 0. A text or blob bound with @copy FALSE
 * must stay valid until the statement is reset or bound again. */
struct _GbStmtClass
{
  const char *engine;

  void        (*bind_null)    (GbStmt *stmt, int i);
  void        (*bind_int64)   (GbStmt *stmt, int i, gint64 value);
  void        (*bind_double)  (GbStmt *stmt, int i, double value);
  void        (*bind_text)    (GbStmt *stmt, int i, const char *text, gssize len, gboolean copy);
  void        (*bind_blob)    (GbStmt *stmt, int i, const void *data, gsize len, gboolean copy);
  int         (*param_count)  (GbStmt *stmt);

  GbSqlCode   (*step)         (GbStmt *stmt);
  void        (*reset)        (GbStmt *stmt);
  void        (*clear)        (GbStmt *stmt);

  int         (*column_count) (GbStmt *stmt);
  const char *(*column_name)  (GbStmt *stmt, int i);
  GbSqlType   (*column_type)  (GbStmt *stmt, int i);
  gint64      (*column_int64) (GbStmt *stmt, int i);
  double      (*column_double)(GbStmt *stmt, int i);
  const char *(*column_text)  (GbStmt *stmt, int i);
  const void *(*column_blob)  (GbStmt *stmt, int i);
  gsize       (*column_bytes) (GbStmt *stmt, int i);

  const char *(*error_message)(GbStmt *stmt);
  void        (*finalize)     (GbStmt *stmt);
};

struct _GbStmt
{
  const GbStmtClass *klass;
};

static inline void gb_stmt_bind_null (GbStmt *s, int i) { s->klass->bind_null (s, i); }
static inline void gb_stmt_bind_int64 (GbStmt *s, int i, gint64 v) { s->klass->bind_int64 (s, i, v); }
static inline void gb_stmt_bind_int (GbStmt *s, int i, int v) { s->klass->bind_int64 (s, i, v); }
static inline void gb_stmt_bind_double (GbStmt *s, int i, double v) { s->klass->bind_double (s, i, v); }
/* A copy of @text (NULL binds NULL). */
static inline void gb_stmt_bind_text (GbStmt *s, int i, const char *t) { s->klass->bind_text (s, i, t, -1, TRUE); }
/* @text itself: it must outlive the statement's next reset. */
static inline void gb_stmt_bind_text_static (GbStmt *s, int i, const char *t) { s->klass->bind_text (s, i, t, -1, FALSE); }
static inline void gb_stmt_bind_text_len (GbStmt *s, int i, const char *t, gssize len, gboolean copy)
{ s->klass->bind_text (s, i, t, len, copy); }
static inline void gb_stmt_bind_blob (GbStmt *s, int i, const void *d, gsize len, gboolean copy)
{ s->klass->bind_blob (s, i, d, len, copy); }
static inline int gb_stmt_param_count (GbStmt *s) { return s->klass->param_count (s); }

static inline GbSqlCode gb_stmt_step (GbStmt *s) { return s->klass->step (s); }
/* Ready to step again from the start; bindings are kept. */
static inline void gb_stmt_reset (GbStmt *s) { s->klass->reset (s); }
static inline void gb_stmt_clear_bindings (GbStmt *s) { s->klass->clear (s); }

static inline int gb_stmt_column_count (GbStmt *s) { return s->klass->column_count (s); }
static inline const char *gb_stmt_column_name (GbStmt *s, int i) { return s->klass->column_name (s, i); }
static inline GbSqlType gb_stmt_column_type (GbStmt *s, int i) { return s->klass->column_type (s, i); }
static inline gint64 gb_stmt_column_int64 (GbStmt *s, int i) { return s->klass->column_int64 (s, i); }
static inline int gb_stmt_column_int (GbStmt *s, int i) { return (int) s->klass->column_int64 (s, i); }
static inline double gb_stmt_column_double (GbStmt *s, int i) { return s->klass->column_double (s, i); }
/* Valid until the next step, reset or finalize; NULL for SQL NULL. */
static inline const char *gb_stmt_column_text (GbStmt *s, int i) { return s->klass->column_text (s, i); }
static inline const void *gb_stmt_column_blob (GbStmt *s, int i) { return s->klass->column_blob (s, i); }
static inline gsize gb_stmt_column_bytes (GbStmt *s, int i) { return s->klass->column_bytes (s, i); }
static inline gboolean gb_stmt_column_is_null (GbStmt *s, int i) { return s->klass->column_type (s, i) == GB_SQL_NULL; }
static inline char *gb_stmt_dup_text (GbStmt *s, int i) { return g_strdup (s->klass->column_text (s, i)); }

/* The engine's own words for the last failure, for a log or a detail line. */
static inline const char *gb_stmt_error_message (GbStmt *s) { return s->klass->error_message (s); }
/* Only for statements from gb_database_prepare_once(); the cached ones
 * belong to their database. */
static inline void gb_stmt_finalize (GbStmt *s) { if (s != NULL) s->klass->finalize (s); }

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbStmt, gb_stmt_finalize)

/* The sqlite engine; GbDatabase uses these, nothing else should. */
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

GbSqlCode  gb_sql_code_from_sqlite (int            rc);
GbStmt    *gb_stmt_new_sqlite      (sqlite3_stmt  *stmt);
sqlite3_stmt *gb_stmt_get_sqlite   (GbStmt        *stmt);

G_END_DECLS
