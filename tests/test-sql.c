/* test-sql.c — the same GbStmt cases on sqlite and on PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case runs twice, as /sql/sqlite/… over a temporary file and as
 * /sql/pg/… over a throwaway PostgreSQL cluster (gb-test-pg.c): what the
 * store layer may count on is what both engines do. The SQL is written
 * for sqlite, as the code base's is; only the schema differs.
 */
#include <float.h>
#include <string.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "gb-sql.h"
#include "gb-sql-pg.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef enum
{
  ENGINE_SQLITE,
  ENGINE_PG,
} Engine;

static const char * const engine_names[] = { "sqlite", "pg" };

/* One connection, of either engine. */
typedef struct
{
  Engine   engine;
  sqlite3 *db;
  PGconn  *conn;
} Db;

typedef struct
{
  Db        db;
  char     *dir;
  char     *path;       /* the sqlite file */
  char     *conninfo;
  gboolean  unavailable;
} Fixture;

typedef void (*CaseFunc) (Fixture *f);

typedef struct
{
  Engine   engine;
  CaseFunc func;
} Case;

static const char sqlite_schema[] =
  "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n BIGINT, x DOUBLE PRECISION, b BLOB)";
static const char pg_schema[] =
  "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n BIGINT, x DOUBLE PRECISION, b BYTEA)";

static const char tuyet[] = "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b \xc3\x81nh Tuy\xe1\xba\xbft";
static const char dang[] = "\xc4\x90\xe1\xba\xb7ng";

/* ---- connections and statements ------------------------------------ */

static void
quiet (void *data, const char *message)
{
}

static gboolean
db_open (Db *d, Engine engine, const char *where, char **message)
{
  d->engine = engine;
  if (engine == ENGINE_SQLITE)
    {
      if (sqlite3_open (where, &d->db) != SQLITE_OK)
        {
          *message = g_strdup (sqlite3_errmsg (d->db));
          return FALSE;
        }
      return TRUE;
    }
  d->conn = PQconnectdb (where);
  if (PQstatus (d->conn) != CONNECTION_OK)
    {
      *message = g_strdup (PQerrorMessage (d->conn));
      return FALSE;
    }
  /* "table t does not exist, skipping" and the like are not test output. */
  PQsetNoticeProcessor (d->conn, quiet, NULL);
  return TRUE;
}

static void
db_close (Db *d)
{
  g_clear_pointer (&d->db, sqlite3_close);
  g_clear_pointer (&d->conn, PQfinish);
}

/* A statement; or NULL, with the code and message, when sqlite refuses
 * the SQL at prepare: PostgreSQL refuses the same at the first step. */
static GbStmt *
prepare (Db *d, const char *sql, GbSqlCode *code, char **message)
{
  if (d->engine == ENGINE_SQLITE)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (d->db, sql, -1, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          *code = gb_sql_code_from_sqlite (rc);
          *message = g_strdup (sqlite3_errmsg (d->db));
          return NULL;
        }
      return gb_stmt_new_sqlite (stmt);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      GbStmt *stmt = gb_stmt_new_pg (d->conn, sql, &error);

      g_assert_no_error (error);
      return stmt;
    }
}

static GbStmt *
stmt_new (Db *d, const char *sql)
{
  g_autofree char *message = NULL;
  GbSqlCode code = GB_SQL_OK;
  GbStmt *stmt = prepare (d, sql, &code, &message);

  if (stmt == NULL)
    g_error ("%s: %s", sql, message);
  return stmt;
}

/* Asserts @code, showing the engine's message when it is not. */
#define assert_step(stmt, expected) G_STMT_START {                               \
    GbSqlCode code_ = gb_stmt_step (stmt);                                      \
    if (code_ != (expected))                                                    \
      g_error ("step gave %d, not %d: %s", code_, (expected),                  \
               gb_stmt_error_message (stmt));                                   \
  } G_STMT_END

static void
exec (Db *d, const char *sql)
{
  g_autoptr(GbStmt) stmt = stmt_new (d, sql);

  assert_step (stmt, GB_SQL_DONE);
}

static gint64
query_int (Db *d, const char *sql)
{
  g_autoptr(GbStmt) stmt = stmt_new (d, sql);
  gint64 value;

  assert_step (stmt, GB_SQL_ROW);
  value = gb_stmt_column_int64 (stmt, 0);
  assert_step (stmt, GB_SQL_DONE);
  return value;
}

static const char *
per_engine (Fixture *f, const char *sqlite_sql, const char *pg_sql)
{
  return f->db.engine == ENGINE_SQLITE ? sqlite_sql : pg_sql;
}

static void
insert_row (Db *d, gint64 id, const char *name)
{
  g_autoptr(GbStmt) stmt = stmt_new (d, "INSERT INTO t (id, name) VALUES (?1, ?2)");

  gb_stmt_bind_int64 (stmt, 1, id);
  gb_stmt_bind_text (stmt, 2, name);
  assert_step (stmt, GB_SQL_DONE);
}

/* ---- fixture --------------------------------------------------------- */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  const Case *c = data;
  g_autofree char *message = NULL;

  if (c->engine == ENGINE_SQLITE)
    {
      f->dir = gb_test_make_dir ();
      f->path = g_build_filename (f->dir, "sql.db", NULL);
      if (!db_open (&f->db, ENGINE_SQLITE, f->path, &message))
        g_error ("%s: %s", f->path, message);
      exec (&f->db, sqlite_schema);
      return;
    }

  {
    g_autoptr(GError) error = NULL;

    f->conninfo = gb_test_pg_start (&error);
    if (f->conninfo == NULL)
      {
        /* A failure, not a skip: the PostgreSQL engine is tested or it is not done. */
        g_test_fail_printf ("No PostgreSQL test cluster: %s", error->message);
        f->unavailable = TRUE;
        return;
      }
  }
  if (!db_open (&f->db, ENGINE_PG, f->conninfo, &message))
    g_error ("%s: %s", f->conninfo, message);
  exec (&f->db, "DROP TABLE IF EXISTS t");
  exec (&f->db, pg_schema);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  db_close (&f->db);
  if (f->dir != NULL)
    gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->conninfo);
}

static void
run_case (Fixture *f, gconstpointer data)
{
  const Case *c = data;

  if (!f->unavailable)
    c->func (f);
}

/* ---- parameters ------------------------------------------------------ */

/* ?N may repeat and come in any order; the count is the highest N. */
static void
test_params_numbered (Fixture *f)
{
  g_autoptr(GbStmt) stmt = stmt_new (&f->db, "SELECT ?2, ?1, ?2");

  g_assert_cmpint (gb_stmt_param_count (stmt), ==, 2);
  gb_stmt_bind_text (stmt, 1, "một");
  gb_stmt_bind_text (stmt, 2, "hai");
  assert_step (stmt, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_count (stmt), ==, 3);
  g_assert_cmpstr (gb_stmt_column_text (stmt, 0), ==, "hai");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 1), ==, "một");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 2), ==, "hai");
  assert_step (stmt, GB_SQL_DONE);
}

/* A bare ? takes the highest number so far + 1, as sqlite counts; numbers
 * the SQL skips (?2 … ?4 here) are still parameters. */
static void
test_params_bare (Fixture *f)
{
  g_autoptr(GbStmt) plain = stmt_new (&f->db, "SELECT ?, ?, ?");
  g_autoptr(GbStmt) mixed = stmt_new (&f->db, "SELECT ?, ?5, ?, ?1");

  g_assert_cmpint (gb_stmt_param_count (plain), ==, 3);
  for (int i = 1; i <= 3; i++)
    gb_stmt_bind_int64 (plain, i, i * 10);
  assert_step (plain, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (plain, 0), ==, 10);
  g_assert_cmpint (gb_stmt_column_int64 (plain, 1), ==, 20);
  g_assert_cmpint (gb_stmt_column_int64 (plain, 2), ==, 30);

  g_assert_cmpint (gb_stmt_param_count (mixed), ==, 6);
  gb_stmt_bind_int64 (mixed, 1, 1);
  gb_stmt_bind_int64 (mixed, 5, 5);
  gb_stmt_bind_int64 (mixed, 6, 6);
  assert_step (mixed, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (mixed, 0), ==, 1);
  g_assert_cmpint (gb_stmt_column_int64 (mixed, 1), ==, 5);
  g_assert_cmpint (gb_stmt_column_int64 (mixed, 2), ==, 6);
  g_assert_cmpint (gb_stmt_column_int64 (mixed, 3), ==, 1);
}

/* A ? inside a literal, a quoted name or a comment is not a parameter. */
static void
test_params_quoted (Fixture *f)
{
  g_autoptr(GbStmt) stmt = stmt_new (&f->db,
    "SELECT ? AS \"which?\", '?' AS q, 'it''s ?' AS r, ? /* not ? */ AS s -- nor ?\n"
    "  , ?1 AS t");

  g_assert_cmpint (gb_stmt_param_count (stmt), ==, 2);
  gb_stmt_bind_text (stmt, 1, "a");
  gb_stmt_bind_text (stmt, 2, "b");
  assert_step (stmt, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_count (stmt), ==, 5);
  g_assert_cmpstr (gb_stmt_column_name (stmt, 0), ==, "which?");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 0), ==, "a");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 1), ==, "?");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 2), ==, "it's ?");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 3), ==, "b");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 4), ==, "a");
}

/* ---- values ---------------------------------------------------------- */

static void
test_int64_extremes (Fixture *f)
{
  const gint64 values[] = { G_MININT64, G_MAXINT64, 0, -1 };
  g_autoptr(GbStmt) insert = stmt_new (&f->db, "INSERT INTO t (id, n) VALUES (?1, ?2)");
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT n, ?1 FROM t WHERE id = ?2");
  g_autoptr(GbStmt) count = stmt_new (&f->db, "SELECT count(*) FROM t WHERE n = ?1");

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      gb_stmt_reset (insert);
      gb_stmt_bind_int64 (insert, 1, i);
      gb_stmt_bind_int64 (insert, 2, values[i]);
      assert_step (insert, GB_SQL_DONE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);

      gb_stmt_reset (select);
      gb_stmt_bind_int64 (select, 1, values[i]);
      gb_stmt_bind_int64 (select, 2, i);
      assert_step (select, GB_SQL_ROW);
      g_assert_cmpint (gb_stmt_column_type (select, 0), ==, GB_SQL_INTEGER);
      g_assert_cmpint (gb_stmt_column_int64 (select, 0), ==, values[i]);
      g_assert_cmpstr (gb_stmt_column_text (select, 0), ==, text);
      g_assert_cmpint (gb_stmt_column_type (select, 1), ==, GB_SQL_INTEGER);
      g_assert_cmpint (gb_stmt_column_int64 (select, 1), ==, values[i]);

      /* Compared by the engine: stored exactly, not through a double. */
      gb_stmt_reset (count);
      gb_stmt_bind_int64 (count, 1, values[i]);
      assert_step (count, GB_SQL_ROW);
      g_assert_cmpint (gb_stmt_column_int64 (count, 0), ==, 1);
    }
}

static void
test_double (Fixture *f)
{
  const double values[] = { G_PI, -1e-300, DBL_MAX, 0.1, -0.5, DBL_MIN };
  g_autoptr(GbStmt) insert = stmt_new (&f->db, "INSERT INTO t (id, x) VALUES (?1, ?2)");
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT x, -x, ?2 FROM t WHERE id = ?1");

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      gb_stmt_reset (insert);
      gb_stmt_bind_int64 (insert, 1, i);
      gb_stmt_bind_double (insert, 2, values[i]);
      assert_step (insert, GB_SQL_DONE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      gb_stmt_reset (select);
      gb_stmt_bind_int64 (select, 1, i);
      gb_stmt_bind_double (select, 2, values[i]);
      assert_step (select, GB_SQL_ROW);
      g_assert_cmpint (gb_stmt_column_type (select, 0), ==, GB_SQL_FLOAT);
      g_assert_cmpfloat (gb_stmt_column_double (select, 0), ==, values[i]);
      /* Worked on by the engine (x * 2 of DBL_MAX is an error in PostgreSQL). */
      g_assert_cmpfloat (gb_stmt_column_double (select, 1), ==, -values[i]);
      g_assert_cmpint (gb_stmt_column_type (select, 2), ==, GB_SQL_FLOAT);
      g_assert_cmpfloat (gb_stmt_column_double (select, 2), ==, values[i]);
      assert_step (select, GB_SQL_DONE);
    }

  /* Read as an integer, a real is truncated. */
  gb_stmt_reset (select);
  gb_stmt_bind_int64 (select, 1, 0);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (select, 0), ==, 3);
}

static void
test_null (Fixture *f)
{
  g_autoptr(GbStmt) insert = stmt_new (&f->db, "INSERT INTO t (id, name, n, x, b) VALUES (?1, ?2, ?3, ?4, ?5)");
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT name, n, x, b FROM t WHERE id = ?1");

  gb_stmt_bind_int64 (insert, 1, 1);
  gb_stmt_bind_null (insert, 2);
  gb_stmt_bind_null (insert, 3);
  gb_stmt_bind_null (insert, 4);
  gb_stmt_bind_null (insert, 5);
  assert_step (insert, GB_SQL_DONE);

  /* A NULL text binds NULL; cleared bindings are NULL. */
  gb_stmt_reset (insert);
  gb_stmt_bind_text (insert, 2, "tạm");
  gb_stmt_bind_int64 (insert, 3, 7);
  gb_stmt_clear_bindings (insert);
  gb_stmt_bind_int64 (insert, 1, 2);
  gb_stmt_bind_text (insert, 2, NULL);
  assert_step (insert, GB_SQL_DONE);

  for (int id = 1; id <= 2; id++)
    {
      gb_stmt_reset (select);
      gb_stmt_bind_int64 (select, 1, id);
      assert_step (select, GB_SQL_ROW);
      for (int i = 0; i < 4; i++)
        {
          g_assert_cmpint (gb_stmt_column_type (select, i), ==, GB_SQL_NULL);
          g_assert_true (gb_stmt_column_is_null (select, i));
          g_assert_null (gb_stmt_column_text (select, i));
          g_assert_null (gb_stmt_column_blob (select, i));
          g_assert_cmpuint (gb_stmt_column_bytes (select, i), ==, 0);
          g_assert_cmpint (gb_stmt_column_int64 (select, i), ==, 0);
          g_assert_cmpfloat (gb_stmt_column_double (select, i), ==, 0.0);
        }
    }
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t WHERE name IS NULL AND n IS NULL"), ==, 2);
}

/* NFC Vietnamese goes in and comes back byte for byte, and the engine
 * sees characters, not bytes. */
static void
test_vietnamese (Fixture *f)
{
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT id, name, length(name) FROM t WHERE name = ?1");
  g_autoptr(GbStmt) partial = stmt_new (&f->db, "SELECT ?1, length(?1)");
  g_autofree char *nfc = g_utf8_normalize (tuyet, -1, G_NORMALIZE_NFC);

  g_assert_cmpstr (nfc, ==, tuyet);
  insert_row (&f->db, 1, tuyet);
  insert_row (&f->db, 2, dang);

  gb_stmt_bind_text (select, 1, tuyet);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (select, 0), ==, 1);
  g_assert_cmpstr (gb_stmt_column_text (select, 1), ==, tuyet);
  g_assert_cmpuint (gb_stmt_column_bytes (select, 1), ==, strlen (tuyet));
  g_assert_cmpint (gb_stmt_column_int64 (select, 2), ==, 20);
  assert_step (select, GB_SQL_DONE);

  gb_stmt_reset (select);
  gb_stmt_bind_text (select, 1, dang);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (select, 0), ==, 2);
  g_assert_cmpstr (gb_stmt_column_text (select, 1), ==, dang);
  g_assert_cmpint (gb_stmt_column_int64 (select, 2), ==, 4);

  /* A length in bytes binds that much of the text: "Đặng" of "Đặng Văn". */
  gb_stmt_bind_text_len (partial, 1, "Đặng Văn", strlen (dang), FALSE);
  assert_step (partial, GB_SQL_ROW);
  g_assert_cmpstr (gb_stmt_column_text (partial, 0), ==, dang);
  g_assert_cmpint (gb_stmt_column_int64 (partial, 1), ==, 4);
}

/* Static text is read where it is, when the statement runs; a copy is
 * taken when it is bound. */
static void
test_text_static (Fixture *f)
{
  g_autoptr(GbStmt) stmt = stmt_new (&f->db, "SELECT ?1, ?2");
  char kept[32] = "trước";
  char copied[32] = "bản gốc";

  gb_stmt_bind_text_static (stmt, 1, kept);
  gb_stmt_bind_text (stmt, 2, copied);
  g_strlcpy (kept, "sau", sizeof kept);
  g_strlcpy (copied, "đã đổi", sizeof copied);
  assert_step (stmt, GB_SQL_ROW);
  g_assert_cmpstr (gb_stmt_column_text (stmt, 0), ==, "sau");
  g_assert_cmpstr (gb_stmt_column_text (stmt, 1), ==, "bản gốc");
}

static void
test_blob (Fixture *f)
{
  static const guint8 bytes[] = { 0x00, 0x01, 0x00, 0xff, '\\', 'x', 0x00 };
  g_autoptr(GbStmt) insert = stmt_new (&f->db, "INSERT INTO t (id, b) VALUES (?1, ?2)");
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT b, length(b), b = ?2 FROM t WHERE id = ?1");
  guint8 *copy = g_memdup2 (bytes, sizeof bytes);

  gb_stmt_bind_int64 (insert, 1, 1);
  gb_stmt_bind_blob (insert, 2, copy, sizeof bytes, TRUE);
  memset (copy, 0x55, sizeof bytes);   /* the statement has its own copy */
  assert_step (insert, GB_SQL_DONE);
  g_free (copy);

  gb_stmt_reset (insert);
  gb_stmt_bind_int64 (insert, 1, 2);
  gb_stmt_bind_blob (insert, 2, NULL, 0, FALSE);
  assert_step (insert, GB_SQL_DONE);

  gb_stmt_bind_int64 (select, 1, 1);
  gb_stmt_bind_blob (select, 2, bytes, sizeof bytes, FALSE);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_type (select, 0), ==, GB_SQL_BLOB);
  g_assert_cmpuint (gb_stmt_column_bytes (select, 0), ==, sizeof bytes);
  g_assert_cmpmem (gb_stmt_column_blob (select, 0), gb_stmt_column_bytes (select, 0),
                   bytes, sizeof bytes);
  /* Twice: PostgreSQL's unescaped bytes are kept for the row. */
  g_assert_true (gb_stmt_column_blob (select, 0) == gb_stmt_column_blob (select, 0));
  g_assert_cmpint (gb_stmt_column_int64 (select, 1), ==, sizeof bytes);
  /* PostgreSQL's boolean reads as sqlite's 0 or 1. */
  g_assert_cmpint (gb_stmt_column_type (select, 2), ==, GB_SQL_INTEGER);
  g_assert_cmpint (gb_stmt_column_int64 (select, 2), ==, 1);

  /* Empty is a blob, not NULL. */
  gb_stmt_reset (select);
  gb_stmt_bind_int64 (select, 1, 2);
  gb_stmt_bind_blob (select, 2, "", 0, TRUE);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_type (select, 0), ==, GB_SQL_BLOB);
  g_assert_false (gb_stmt_column_is_null (select, 0));
  g_assert_cmpuint (gb_stmt_column_bytes (select, 0), ==, 0);
  g_assert_cmpint (gb_stmt_column_int64 (select, 1), ==, 0);
  g_assert_cmpint (gb_stmt_column_int64 (select, 2), ==, 1);

  /* Each row its own bytes. */
  {
    g_autoptr(GbStmt) all = stmt_new (&f->db, "SELECT b FROM t ORDER BY id");

    assert_step (all, GB_SQL_ROW);
    g_assert_cmpmem (gb_stmt_column_blob (all, 0), gb_stmt_column_bytes (all, 0), bytes, sizeof bytes);
    assert_step (all, GB_SQL_ROW);
    g_assert_cmpuint (gb_stmt_column_bytes (all, 0), ==, 0);
    assert_step (all, GB_SQL_DONE);
  }
}

/* ---- running and reading ---------------------------------------------- */

static GPtrArray *
collect (GbStmt *stmt)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  GbSqlCode code;

  while ((code = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", gb_stmt_column_int64 (stmt, 0),
                                            gb_stmt_column_text (stmt, 1)));
  g_assert_cmpint (code, ==, GB_SQL_DONE);
  return rows;
}

static void
test_step_reset (Fixture *f)
{
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT id, name FROM t WHERE id >= ?1 ORDER BY id");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) after_done = NULL;

  insert_row (&f->db, 1, "Một");
  insert_row (&f->db, 2, "Hai");
  insert_row (&f->db, 3, "Ba");

  gb_stmt_bind_int64 (select, 1, 2);
  first = collect (select);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpstr (first->pdata[0], ==, "2:Hai");
  g_assert_cmpstr (first->pdata[1], ==, "3:Ba");

  /* Bindings outlive a reset. */
  gb_stmt_reset (select);
  again = collect (select);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_cmpstr (again->pdata[0], ==, first->pdata[0]);
  g_assert_cmpstr (again->pdata[1], ==, first->pdata[1]);

  /* A reset halfway drops the rest. */
  gb_stmt_reset (select);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (select, 0), ==, 2);
  gb_stmt_reset (select);
  gb_stmt_bind_int64 (select, 1, 3);
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_int64 (select, 0), ==, 3);
  assert_step (select, GB_SQL_DONE);

  /* Stepped past its end, a statement starts over (sqlite since 3.6.23.1). */
  after_done = collect (select);
  g_assert_cmpuint (after_done->len, ==, 1);
  g_assert_cmpstr (after_done->pdata[0], ==, "3:Ba");
}

/* As sqlite, before the first step: a dump writes its header from them. */
static void
test_columns_before_step (Fixture *f)
{
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT id, name AS \"tên\" FROM t WHERE id > ?1 ORDER BY id");

  insert_row (&f->db, 1, "Một");
  gb_stmt_bind_int64 (select, 1, 0);
  g_assert_cmpint (gb_stmt_column_count (select), ==, 2);
  g_assert_cmpstr (gb_stmt_column_name (select, 0), ==, "id");
  g_assert_cmpstr (gb_stmt_column_name (select, 1), ==, "tên");
  assert_step (select, GB_SQL_ROW);
  g_assert_cmpstr (gb_stmt_column_text (select, 1), ==, "Một");
  assert_step (select, GB_SQL_DONE);

  /* Inside a transaction, and with SQL the engine refuses, which must not
   * end the transaction: the row written before it stays. */
  exec (&f->db, "BEGIN");
  insert_row (&f->db, 2, "Hai");
  {
    g_autofree char *message = NULL;
    GbSqlCode code = GB_SQL_OK;
    g_autoptr(GbStmt) bad = prepare (&f->db, "SELECT id FROM no_such_table", &code, &message);

    if (bad != NULL)
      g_assert_cmpint (gb_stmt_column_count (bad), ==, 0);
  }
  gb_stmt_reset (select);
  g_assert_cmpint (gb_stmt_column_count (select), ==, 2);
  exec (&f->db, "COMMIT");
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 2);
}

static void
test_columns (Fixture *f)
{
  static const char * const names[] = { "id", "name", "n", "x", "b", "missing", "doubled", "four" };
  static const GbSqlType types[] = { GB_SQL_INTEGER, GB_SQL_TEXT, GB_SQL_INTEGER, GB_SQL_FLOAT,
                                     GB_SQL_BLOB, GB_SQL_NULL, GB_SQL_INTEGER, GB_SQL_INTEGER };
  g_autoptr(GbStmt) insert = stmt_new (&f->db, "INSERT INTO t (id, name, n, x, b) VALUES (?, ?, ?, ?, ?)");
  g_autoptr(GbStmt) select = stmt_new (&f->db, "SELECT id, name, n, x, b, NULL AS missing, id * 2 AS doubled, "
                                          "id = 4 AS four FROM t");
  g_autoptr(GbStmt) returning = stmt_new (&f->db, "INSERT INTO t (id, name) VALUES (?1, ?2) RETURNING id * 10 AS tenfold");

  gb_stmt_bind_int64 (insert, 1, 4);
  gb_stmt_bind_text (insert, 2, "Bốn");
  gb_stmt_bind_int64 (insert, 3, 44);
  gb_stmt_bind_double (insert, 4, 4.25);
  gb_stmt_bind_blob (insert, 5, "\x04", 1, FALSE);
  assert_step (insert, GB_SQL_DONE);
  g_assert_cmpint (gb_stmt_column_count (insert), ==, 0);

  assert_step (select, GB_SQL_ROW);
  g_assert_cmpint (gb_stmt_column_count (select), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (gb_stmt_column_name (select, i), ==, names[i]);
      g_assert_cmpint (gb_stmt_column_type (select, i), ==, types[i]);
      g_assert_cmpint (gb_stmt_column_is_null (select, i), ==, types[i] == GB_SQL_NULL);
    }
  g_assert_cmpint (gb_stmt_column_int (select, 0), ==, 4);
  g_assert_cmpstr (gb_stmt_column_text (select, 1), ==, "Bốn");
  g_assert_cmpint (gb_stmt_column_int64 (select, 2), ==, 44);
  g_assert_cmpfloat (gb_stmt_column_double (select, 3), ==, 4.25);
  g_assert_cmpint (gb_stmt_column_int64 (select, 6), ==, 8);
  /* Numbers read as text are their decimal form. */
  g_assert_cmpstr (gb_stmt_column_text (select, 2), ==, "44");
  g_assert_cmpstr (gb_stmt_column_text (select, 3), ==, "4.25");
  /* A comparison is 1 or 0, even where the engine has booleans. */
  g_assert_cmpint (gb_stmt_column_int64 (select, 7), ==, 1);
  g_assert_cmpstr (gb_stmt_column_text (select, 7), ==, "1");
  assert_step (select, GB_SQL_DONE);

  /* A write that returns rows steps through them like a query. */
  gb_stmt_bind_int64 (returning, 1, 5);
  gb_stmt_bind_text (returning, 2, "Năm");
  assert_step (returning, GB_SQL_ROW);
  g_assert_cmpstr (gb_stmt_column_name (returning, 0), ==, "tenfold");
  g_assert_cmpint (gb_stmt_column_int64 (returning, 0), ==, 50);
  assert_step (returning, GB_SQL_DONE);
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 2);
}

/* ---- failures ---------------------------------------------------------- */

static void
test_unique (Fixture *f)
{
  g_autoptr(GbStmt) insert = stmt_new (&f->db, "INSERT INTO t (id, name) VALUES (?1, ?2)");
  g_autofree char *message = NULL;
  GbSqlCode code;

  insert_row (&f->db, 1, tuyet);
  gb_stmt_bind_int64 (insert, 1, 2);
  gb_stmt_bind_text (insert, 2, tuyet);
  code = gb_stmt_step (insert);
  g_assert_cmpint (code, ==, GB_SQL_CONSTRAINT);
  message = g_ascii_strdown (gb_stmt_error_message (insert), -1);
  g_assert_nonnull (strstr (message, "unique"));
  /* No newline left at the end of the engine's words. */
  g_assert_false (g_str_has_suffix (gb_stmt_error_message (insert), "\n"));

  /* The statement is still good for another row. */
  gb_stmt_reset (insert);
  gb_stmt_bind_text (insert, 2, dang);
  assert_step (insert, GB_SQL_DONE);
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 2);
}

static void
test_bad_table (Fixture *f)
{
  g_autofree char *message = NULL;
  GbSqlCode code = GB_SQL_OK;
  g_autoptr(GbStmt) stmt = prepare (&f->db, "SELECT id FROM no_such_table WHERE id = ?1", &code, &message);

  if (stmt != NULL)
    {
      gb_stmt_bind_int64 (stmt, 1, 1);
      code = gb_stmt_step (stmt);
      message = g_strdup (gb_stmt_error_message (stmt));
    }
  g_assert_cmpint (code, !=, GB_SQL_OK);
  g_assert_cmpint (code, !=, GB_SQL_ROW);
  g_assert_cmpint (code, !=, GB_SQL_DONE);
  g_assert_nonnull (strstr (message, "no_such_table"));
  if (f->db.engine == ENGINE_PG)
    g_assert_cmpint (code, ==, GB_SQL_MISUSE);   /* 42P01, a bug of ours */

  /* The connection is still good afterwards. */
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 0);
}

static void
test_rollback (Fixture *f)
{
  exec (&f->db, "BEGIN");
  insert_row (&f->db, 1, "Một");
  insert_row (&f->db, 2, "Hai");
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 2);
  exec (&f->db, "ROLLBACK");
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 0);

  exec (&f->db, "BEGIN");
  insert_row (&f->db, 3, "Ba");
  exec (&f->db, "COMMIT");
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 1);
}

/* Another connection's write lock is GB_SQL_BUSY on both engines, never an
 * error of the data: staff are told to wait. */
static void
test_busy (Fixture *f)
{
  g_autofree char *message = NULL;
  Db other = { 0 };
  g_autoptr(GbStmt) insert = NULL;

  if (!db_open (&other, f->db.engine, per_engine (f, f->path, f->conninfo), &message))
    g_error ("%s", message);
  exec (&f->db, per_engine (f, "BEGIN IMMEDIATE", "BEGIN"));
  if (f->db.engine == ENGINE_PG)
    {
      exec (&f->db, "LOCK TABLE t IN EXCLUSIVE MODE");
      exec (&other, "SET lock_timeout = 20");
    }
  insert = stmt_new (&other, "INSERT INTO t (id, name) VALUES (?1, ?2)");
  gb_stmt_bind_int64 (insert, 1, 1);
  gb_stmt_bind_text (insert, 2, "Chờ");
  g_assert_cmpint (gb_stmt_step (insert), ==, GB_SQL_BUSY);

  exec (&f->db, "COMMIT");
  gb_stmt_reset (insert);
  assert_step (insert, GB_SQL_DONE);
  g_clear_pointer (&insert, gb_stmt_finalize);
  db_close (&other);
  g_assert_cmpint (query_int (&f->db, "SELECT count(*) FROM t"), ==, 1);
}

/* ---- the PostgreSQL engine's own parts, without a server ---------------- */

static void
test_pg_translate (void)
{
  static const struct { const char *sql; const char *pg; int n; } cases[] = {
    { "SELECT 1", "SELECT 1", 0 },
    { "SELECT ?2, ?1, ?2", "SELECT $2, $1, $2", 2 },
    { "SELECT ?, ?, ?", "SELECT $1, $2, $3", 3 },
    { "SELECT ?3, ?", "SELECT $3, $4", 4 },
    { "SELECT ?, ?1", "SELECT $1, $1", 1 },
    { "SELECT '?', \"?\", ? -- ?\n, ?", "SELECT '?', \"?\", $1 -- ?\n, $2", 2 },
    { "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1 },
    { "SELECT /* ? */ ?", "SELECT /* ? */ $1", 1 },
    { "SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1 },
    { "SELECT $$ ? $$, $q$ ? $q$, ?", "SELECT $$ ? $$, $q$ ? $q$, $1", 1 },
    { "WHERE a=?1 AND b IN (?2,?3)", "WHERE a=$1 AND b IN ($2,$3)", 3 },
    { "SELECT x?1", "SELECT x $1", 1 },
    { "SELECT '?", "SELECT '?", 0 },
    { "SELECT ?32766", "SELECT $32766", 32766 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int n = -1;
      g_autofree char *pg = gb_sql_pg_translate (cases[i].sql, &n, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pg, ==, cases[i].pg);
      g_assert_cmpint (n, ==, cases[i].n);
    }

  for (guint i = 0; i < 3; i++)
    {
      static const char * const bad[] = { "SELECT ?0", "SELECT ?32767", "SELECT ?99999999999999999999" };
      g_autoptr(GError) error = NULL;
      g_autofree char *pg = gb_sql_pg_translate (bad[i], NULL, &error);

      g_assert_null (pg);
      g_assert_nonnull (error);
    }
}

static void
test_pg_codes (void)
{
  static const struct { const char *state; GbSqlCode code; } cases[] = {
    { "23505", GB_SQL_CONSTRAINT }, { "23503", GB_SQL_CONSTRAINT }, { "23502", GB_SQL_CONSTRAINT },
    { "40001", GB_SQL_BUSY }, { "40P01", GB_SQL_BUSY }, { "55P03", GB_SQL_BUSY },
    { "42501", GB_SQL_PERM }, { "25006", GB_SQL_READONLY }, { "53100", GB_SQL_FULL },
    { "53200", GB_SQL_NOMEM }, { "57014", GB_SQL_INTERRUPT }, { "08006", GB_SQL_CANTOPEN },
    { "08001", GB_SQL_CANTOPEN }, { "42601", GB_SQL_MISUSE }, { "42P01", GB_SQL_MISUSE },
    { "42703", GB_SQL_MISUSE }, { "42883", GB_SQL_MISUSE }, { "22012", GB_SQL_ERROR },
    { "XX000", GB_SQL_ERROR }, { NULL, GB_SQL_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (gb_sql_code_from_pg (cases[i].state, NULL), ==, cases[i].code);
}

int
main (int argc, char **argv)
{
  static const struct { const char *name; CaseFunc func; } cases[] = {
    { "params-numbered", test_params_numbered },
    { "params-bare", test_params_bare },
    { "params-quoted", test_params_quoted },
    { "int64-extremes", test_int64_extremes },
    { "double", test_double },
    { "null", test_null },
    { "vietnamese", test_vietnamese },
    { "text-static", test_text_static },
    { "blob", test_blob },
    { "step-reset", test_step_reset },
    { "columns", test_columns },
    { "columns-before-step", test_columns_before_step },
    { "unique", test_unique },
    { "bad-table", test_bad_table },
    { "rollback", test_rollback },
    { "busy", test_busy },
  };

  Case registered[2][G_N_ELEMENTS (cases)];

  g_test_init (&argc, &argv, NULL);

  for (Engine e = ENGINE_SQLITE; e <= ENGINE_PG; e++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = g_strdup_printf ("/sql/%s/%s", engine_names[e], cases[i].name);
        Case *c = &registered[e][i];

        c->engine = e;
        c->func = cases[i].func;
        g_test_add (path, Fixture, c, fixture_setup, run_case, fixture_teardown);
      }
  g_test_add_func ("/sql/pg/translate", test_pg_translate);
  g_test_add_func ("/sql/pg/codes", test_pg_codes);

  return g_test_run ();
}
