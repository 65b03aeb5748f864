/* gb-store-query.c — counts, ids, lists and distinct values of one kind of record
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WHERE and ORDER BY are built here for every read that takes a GbQuery,
 * so that a count, the list model's ids and the records themselves agree
 * on which rows and in what order. Only the entity's static field and
 * filter tables go into the SQL text; typed words and filter values are
 * bound.
 */
#define G_LOG_DOMAIN "gb-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-text.h"
#include "gb-store-private.h"

static const GbFilter *
find_filter (const GbEntity *entity,
             const char     *name)
{
  for (guint i = 0; i < entity->n_filters; i++)
    if (strcmp (entity->filters[i].name, name) == 0)
      return &entity->filters[i];
  return NULL;
}

/* What a sort by @field orders by, and whether as text in the "vi"
 * collation (a stored binary key sorts with memcmp, not an ICU call per
 * pair). */
static char *
sort_expression (const GbField *field,
                 gboolean      *text)
{
  *text = field->type == GB_FIELD_TEXT || field->type == GB_FIELD_NAME;
  if (field->sort_expr != NULL)
    {
      *text = FALSE;
      return g_strdup (field->sort_expr);
    }
  if ((field->flags & GB_FIELD_COMPUTED) && field->expr != NULL)
    return g_strdup (field->expr);
  return g_strdup_printf ("t.%s", field->name);
}

/* WHERE and ORDER BY for @query, with the values to bind in @params. */
static char *
build_where (GbStore        *self,
             const GbQuery  *query,
             gboolean        with_order,
             GPtrArray      *params,
             GError        **error)
{
  const GbEntity *e = self->entity;
  GString *sql = g_string_new (" WHERE TRUE");
  g_auto(GStrv) words = NULL;
  const char *sort;

  if (e->soft_delete)
    {
      switch (query ? gb_query_get_deleted (query) : GB_DELETED_HIDE)
        {
        case GB_DELETED_ONLY:
          g_string_append (sql, " AND t.deleted_at IS NOT NULL");
          break;
        case GB_DELETED_ALL:
          break;
        case GB_DELETED_HIDE:
        default:
          g_string_append (sql, " AND t.deleted_at IS NULL");
          break;
        }
    }

  if (query == NULL)
    goto order;

  /* Each typed word must start some word of the record, in any order. */
  words = gb_text_fold_words (gb_query_get_search (query));
  if (words[0] != NULL && !e->has_keys)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("These records cannot be searched."));
      goto fail;
    }
  for (guint i = 0; words[i]; i++)
    {
      g_string_append_printf (sql, " AND instr(%s, ?) > 0", e->search_sql ? e->search_sql : "t.search_key");
      g_ptr_array_add (params, g_strconcat (" ", words[i], NULL));
    }

  for (guint i = 0; i < gb_query_get_n_filters (query); i++)
    {
      const char *name, *value;
      const GbFilter *filter;

      gb_query_get_filter (query, i, &name, &value);
      if ((filter = find_filter (e, name)) == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("There is no filter “%s”."), name);
          goto fail;
        }
      g_string_append_printf (sql, " AND (%s)", filter->sql);
      g_ptr_array_add (params, g_strdup (value));
    }

order:
  if (!with_order)
    return g_string_free (sql, FALSE);

  sort = query && gb_query_get_sort_field (query) ? gb_query_get_sort_field (query)
                                                  : e->name_field;
  {
    const GbField *field = gb_entity_find_field (e, sort);
    const char *dir = query && gb_query_get_descending (query) ? "DESC" : "ASC";

    if (field == NULL || !(field->flags & GB_FIELD_SORTABLE))
      {
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("Cannot sort by “%s”."), sort);
        goto fail;
      }

    if (e->has_keys && g_strcmp0 (sort, e->name_field) == 0)
      g_string_append_printf (sql, " ORDER BY t.sort_key %s", dir);
    else
      {
        gboolean text;
        g_autofree char *expr = sort_expression (field, &text);

        /* Empty values last in either direction, then the name. */
        g_string_append_printf (sql, " ORDER BY %s IS NULL, %s%s %s", expr, expr,
                                text ? " COLLATE vi" : "", dir);
        if (e->has_keys)
          g_string_append (sql, ", t.sort_key");
      }
    g_string_append (sql, ", t.id");
  }

  if (query && (gb_query_get_limit (query) >= 0 || gb_query_get_offset (query) > 0))
    {
      g_string_append (sql, " LIMIT ? OFFSET ?");
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, gb_query_get_limit (query)));
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, gb_query_get_offset (query)));
    }
  return g_string_free (sql, FALSE);

fail:
  g_string_free (sql, TRUE);
  return NULL;
}

/* Whole numbers are bound as integers so that `t.craft_id = ?` and
 * `EXISTS (…) = ?` compare as numbers. */
static void
bind_params (GbStmt       *stmt,
             GPtrArray    *params)
{
  for (guint i = 0; i < params->len; i++)
    {
      const char *value = g_ptr_array_index (params, i);
      char *end = NULL;
      gint64 n = g_ascii_strtoll (value, &end, 10);

      if (*value != '\0' && *value != ' ' && end != NULL && *end == '\0')
        gb_stmt_bind_int64 (stmt, i + 1, n);
      else
        gb_stmt_bind_text (stmt, i + 1, value);
    }
}

static GbStmt *
prepare_query (GbStore        *self,
               const char     *head,
               const GbQuery  *query,
               gboolean        with_order,
               GError        **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = build_where (self, query, with_order, params, error);
  g_autofree char *sql = NULL;
  GbStmt *stmt;

  if (where == NULL)
    return NULL;
  sql = g_strconcat (head, where, NULL);
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return NULL;
  bind_params (stmt, params);
  return stmt;
}

gint64
gb_store_count (GbStore        *self,
                const GbQuery  *query,
                GError        **error)
{
  g_autofree char *head = NULL;
  GbStmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), -1);

  head = g_strdup_printf ("SELECT count(*) FROM %s t", self->entity->table);
  if ((stmt = prepare_query (self, head, query, FALSE, error)) == NULL)
    return -1;
  if ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    count = gb_stmt_column_int64 (stmt, 0);
  else
    gb_database_set_error (self->database, rc, error);
  gb_stmt_reset (stmt);
  return count;
}

/* The ids of @query's rows in order; with @keys, each row's search key
 * too (strings in @chunk). */
static GArray *
query_ids (GbStore        *self,
           const GbQuery  *query,
           GStringChunk   *chunk,
           GPtrArray      *keys,
           GError        **error)
{
  g_autofree char *head = NULL;
  GbStmt *stmt;
  GArray *ids;
  int rc;

  if (keys != NULL && self->entity->keys_join != NULL)
    head = g_strdup_printf ("SELECT t.id, %s FROM %s t%s", self->entity->keys_sql, self->entity->table,
                            self->entity->keys_join);
  else
    head = g_strdup_printf ("SELECT t.id%s%s FROM %s t", keys ? ", " : "",
                            keys ? (self->entity->search_sql ? self->entity->search_sql : "t.search_key") : "",
                            self->entity->table);
  if ((stmt = prepare_query (self, head, query, TRUE, error)) == NULL)
    return NULL;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      gint64 id = gb_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if (keys != NULL)
        {
          const char *key = gb_stmt_column_text (stmt, 1);

          g_ptr_array_add (keys, g_string_chunk_insert (chunk, key ? key : ""));
        }
    }
  if (!gb_store_rows_done (self, stmt, rc, error))
    {
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

GArray *
gb_store_query_ids (GbStore        *self,
                    const GbQuery  *query,
                    GError        **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  return query_ids (self, query, NULL, NULL, error);
}

/* Like gb_store_query_ids(), with each row's search key added to @keys
 * (strings in @chunk), for searching the same rows again in memory. */
GArray *
gb_store_query_ids_keys (GbStore        *self,
                         const GbQuery  *query,
                         GStringChunk   *chunk,
                         GPtrArray      *keys,
                         GError        **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (self->entity->has_keys && chunk != NULL && keys != NULL, NULL);
  return query_ids (self, query, chunk, keys, error);
}

/* Whether @field sorts by a value other than the name (the craft, the
 * village, the year of birth…): gb_store_query_ranks() lets a caller that
 * holds the rows in name order sort them without SQL's sort. */
gboolean
gb_store_sorts_by_rank (GbStore    *self,
                        const char *field)
{
  const GbField *f;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  f = field ? gb_entity_find_field (self->entity, field) : NULL;
  return self->entity->has_keys && f != NULL && (f->flags & GB_FIELD_SORTABLE)
         && g_strcmp0 (field, self->entity->name_field) != 0
         && (f->type == GB_FIELD_TEXT || f->type == GB_FIELD_NAME
             || f->type == GB_FIELD_INT || f->type == GB_FIELD_DATE);
}

/* For @query's rows in name order (its sort and search set aside): their
 * ids in @ids, and in @ranks each row's place among the distinct values
 * of @field as the store's ORDER BY orders them, ascending (G_MAXUINT for
 * no value). Sorting the rows stably by rank gives the store's order. */
gboolean
gb_store_query_ranks (GbStore        *self,
                      const GbQuery  *query,
                      const char     *field,
                      GArray         *ids,
                      GArray         *ranks,
                      GError        **error)
{
  g_autoptr(GbQuery) plain = gb_query_copy (query);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) rank_of = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                          (GDestroyNotify) g_bytes_unref, NULL);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  const GbField *f;
  g_autofree char *expr = NULL;
  gboolean text;
  GbStmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (gb_store_sorts_by_rank (self, field), FALSE);

  f = gb_entity_find_field (self->entity, field);
  expr = sort_expression (f, &text);   /* as build_where() orders */

  gb_query_set_search (plain, NULL);
  gb_query_set_sort (plain, NULL, FALSE);
  if ((where = build_where (self, plain, FALSE, params, error)) == NULL)
    return FALSE;

  /* The values in the order the store sorts them. */
  /* PostgreSQL reads neither an output's name in WHERE nor one in an
   * ORDER BY expression (COLLATE): the values are a table of their own. */
  sql = g_strdup_printf ("SELECT v FROM (SELECT DISTINCT %s AS v FROM %s t%s AND %s IS NOT NULL) d"
                         " ORDER BY v%s",
                         expr, self->entity->table, where, expr, text ? " COLLATE vi" : "");
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return FALSE;
  bind_params (stmt, params);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_hash_table_insert (rank_of, g_bytes_new (gb_stmt_column_blob (stmt, 0), gb_stmt_column_bytes (stmt, 0)),
                         GUINT_TO_POINTER (n++));
  if (!gb_store_rows_done (self, stmt, rc, error))
    return FALSE;

  /* Each row's, in name order. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT t.id, %s FROM %s t%s ORDER BY t.sort_key, t.id",
                         expr, self->entity->table, where);
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return FALSE;
  bind_params (stmt, params);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      gint64 id = gb_stmt_column_int64 (stmt, 0);
      guint rank = G_MAXUINT;

      if (gb_stmt_column_type (stmt, 1) != GB_SQL_NULL)
        {
          g_autoptr(GBytes) value = g_bytes_new (gb_stmt_column_blob (stmt, 1), gb_stmt_column_bytes (stmt, 1));
          gpointer found;

          if (g_hash_table_lookup_extended (rank_of, value, NULL, &found))
            rank = GPOINTER_TO_UINT (found);
        }
      g_array_append_val (ids, id);
      g_array_append_val (ranks, rank);
    }
  return gb_store_rows_done (self, stmt, rc, error);
}

/* Steps @stmt to the end, one record per row, and leaves it reset. */
static GPtrArray *
collect_records (GbStore       *self,
                 GbStmt        *stmt,
                 GError       **error)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_ptr_array_add (records, gb_store_record_from_row (self, stmt));
  if (!gb_store_rows_done (self, stmt, rc, error))
    {
      g_ptr_array_unref (records);
      return NULL;
    }
  return records;
}

GPtrArray *
gb_store_query (GbStore        *self,
                const GbQuery  *query,
                GError        **error)
{
  GbStmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if ((stmt = prepare_query (self, self->sql_select, query, TRUE, error)) == NULL)
    return NULL;
  return collect_records (self, stmt, error);
}

/* The live rows whose integer @field equals @value, e.g. an artisan's titles. */
GPtrArray *
gb_store_list_by (GbStore     *self,
                  const char  *field,
                  gint64       value,
                  GError     **error)
{
  const GbField *f;
  g_autofree char *sql = NULL;
  GbStmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  f = gb_entity_find_field (self->entity, field);
  if (f == NULL || f->type != GB_FIELD_INT || !gb_store_field_is_stored (f))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("Cannot list by “%s”."), field);
      return NULL;
    }

  sql = g_strdup_printf ("%s WHERE t.%s = ?%s ORDER BY t.id", self->sql_select, f->name,
                         self->entity->soft_delete ? " AND t.deleted_at IS NULL" : "");
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return NULL;
  gb_stmt_bind_int64 (stmt, 1, value);
  return collect_records (self, stmt, error);
}

/* The different values of a stored text @field among live rows, in
 * Vietnamese order; with @prefix > 0 only their first @prefix characters
 * (4 of a date: its year, newest first). For filter menus. */
GStrv
gb_store_distinct (GbStore     *self,
                   const char  *field,
                   guint        prefix,
                   GError     **error)
{
  const GbField *f;
  g_autofree char *sql = NULL;
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  GbStmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  f = gb_entity_find_field (self->entity, field);
  if (f == NULL || !gb_store_field_is_stored (f) || f->type == GB_FIELD_BLOB)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("Cannot list the values of “%s”."), field);
      return NULL;
    }

  /* As above: no output's name in WHERE, nor in ORDER BY … COLLATE. */
  if (prefix > 0)
    sql = g_strdup_printf ("SELECT DISTINCT substr(t.%s, 1, %u) AS v FROM %s t WHERE t.%s IS NOT NULL%s "
                           "ORDER BY v DESC", f->name, prefix, self->entity->table, f->name,
                           self->entity->soft_delete ? " AND t.deleted_at IS NULL" : "");
  else
    sql = g_strdup_printf ("SELECT v FROM (SELECT DISTINCT t.%s AS v FROM %s t WHERE t.%s IS NOT NULL%s) d "
                           "ORDER BY v COLLATE vi", f->name, self->entity->table, f->name,
                           self->entity->soft_delete ? " AND t.deleted_at IS NULL" : "");
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return NULL;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_strv_builder_add (values, gb_stmt_column_text (stmt, 0));
  if (!gb_store_rows_done (self, stmt, rc, error))
    {
      return NULL;
    }
  return g_strv_builder_end (values);
}

/* Reading on a worker thread ------------------------------------------- */

/* What a worker reads: the caller's database (a reader of the worker's
 * own is opened from it) and the record type; then the field and prefix
 * of gb_store_distinct(), or the query of gb_store_query(). */
typedef struct
{
  GbDatabase *database;
  GType       type;
  char       *field;
  guint       prefix;
  GbQuery    *query;
} ReadWork;

static void
read_work_free (ReadWork *work)
{
  g_clear_object (&work->database);
  g_free (work->field);
  g_clear_pointer (&work->query, gb_query_free);
  g_free (work);
}

/* A store on a read-only connection of the worker's own, or NULL with the
 * task answered (cancelled, or the reader not opened). */
static GbStore *
worker_store (GTask    *task,
              ReadWork *work)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) reader = NULL;

  if (g_task_return_error_if_cancelled (task))
    return NULL;
  if ((reader = gb_database_open_reader (work->database, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  return gb_store_new (reader, work->type);
}

static void
start_read (GbStore             *self,
            ReadWork            *work,
            gpointer             tag,
            GTaskThreadFunc      run,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  work->database = g_object_ref (self->database);
  work->type = self->record_type;
  /* No source object: the caller's store is not held by the worker. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, work, (GDestroyNotify) read_work_free);
  g_task_run_in_thread (task, run);
}

static gpointer
finish_read (GAsyncResult  *result,
             gpointer       tag,
             GError       **error)
{
  ReadWork *work;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);

  /* The database goes here, on the caller's thread: the worker, which
   * may let go of the task last, never holds the last reference to it. */
  work = g_task_get_task_data (G_TASK (result));
  g_clear_object (&work->database);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
distinct_run (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  ReadWork *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = worker_store (task, work);
  GStrv found;

  if (store == NULL)
    return;
  found = gb_store_distinct (store, work->field, work->prefix, &error);
  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_strfreev);
}

/* gb_store_distinct() on a worker thread, with a read-only connection of
 * its own: at 100,000 records the scan takes a second. */
void
gb_store_distinct_async (GbStore             *self,
                         const char          *field,
                         guint                prefix,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  ReadWork *work;

  g_return_if_fail (GB_IS_STORE (self));
  g_return_if_fail (field != NULL);

  work = g_new0 (ReadWork, 1);
  work->field = g_strdup (field);
  work->prefix = prefix;
  start_read (self, work, gb_store_distinct_async, distinct_run, cancellable, callback, user_data);
}

/* The values, as gb_store_distinct() gives them, or NULL with @error. */
GStrv
gb_store_distinct_finish (GAsyncResult  *result,
                          GError       **error)
{
  return finish_read (result, gb_store_distinct_async, error);
}

static void
query_run (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  ReadWork *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = worker_store (task, work);
  GPtrArray *found;

  if (store == NULL)
    return;
  found = gb_store_query (store, work->query, &error);
  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
  else
    g_ptr_array_unref (found);
}

/* gb_store_query() on a worker thread, with a read-only connection of its
 * own (a search typed into a form over 100,000 records); @query is copied. */
void
gb_store_query_async (GbStore             *self,
                      const GbQuery       *query,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ReadWork *work;

  g_return_if_fail (GB_IS_STORE (self));
  g_return_if_fail (query != NULL);

  work = g_new0 (ReadWork, 1);
  work->query = gb_query_copy (query);
  start_read (self, work, gb_store_query_async, query_run, cancellable, callback, user_data);
}

/* The records, as gb_store_query() gives them, or NULL with @error (also
 * G_IO_ERROR_CANCELLED). */
GPtrArray *
gb_store_query_finish (GAsyncResult  *result,
                       GError       **error)
{
  return finish_read (result, gb_store_query_async, error);
}

/* The id of the live row whose text @field equals @value, or 0. */
gint64
gb_store_find_id (GbStore    *self,
                  const char *field,
                  const char *value)
{
  const GbField *f;
  g_autofree char *sql = NULL;
  g_autofree char *normal = gb_text_normalize (value);
  GbStmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (GB_IS_STORE (self), 0);

  f = gb_entity_find_field (self->entity, field);
  if (f == NULL || !gb_store_field_is_stored (f) || normal == NULL)
    return 0;

  sql = g_strdup_printf ("SELECT id FROM %s t WHERE t.%s = ?%s LIMIT 1", self->entity->table,
                         f->name, self->entity->soft_delete ? " AND t.deleted_at IS NULL" : "");
  if ((stmt = gb_database_prepare (self->database, sql, NULL)) == NULL)
    return 0;
  gb_stmt_bind_text (stmt, 1, normal);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    id = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  return id;
}

/* Live records that are likely the same as @record: the same folded name
 * and year of birth, or the same tax code. Ids, @record itself excluded. */
GArray *
gb_store_find_duplicates (GbStore   *self,
                          GbRecord  *record,
                          GError   **error)
{
  const GbEntity *e = self->entity;
  gboolean has_tax = gb_entity_find_field (e, "tax_code") != NULL;
  gint64 year;
  g_autofree char *name = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *sql = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GbStmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (e->name_field == NULL || gb_entity_find_field (e, "birth_year") == NULL)
    return ids;
  year = gb_record_get_int (record, "birth_year");
  name = gb_text_fold (gb_record_get_name (record));
  if (has_tax)
    tax = gb_text_digits_only (gb_record_get_text (record, "tax_code"));
  if (tax != NULL && *tax == '\0')
    g_clear_pointer (&tax, g_free);

  /* Candidates by year or tax code; the name is compared folded, in C, so
   * "Nguyễn Văn An" and "NGUYEN VAN AN" are one person. */
  sql = g_strdup_printf ("SELECT t.id, t.%s, %s FROM %s t WHERE t.id <> ?1 AND t.deleted_at IS NULL"
                         " AND ((?2 <> 0 AND t.birth_year = ?2)%s)",
                         e->name_field, has_tax ? "t.tax_code" : "NULL", e->table,
                         has_tax ? " OR t.tax_code = ?3" : "");
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    {
      g_array_unref (ids);
      return NULL;
    }
  gb_stmt_bind_int64 (stmt, 1, gb_record_get_id (record));
  gb_stmt_bind_int64 (stmt, 2, year);
  if (has_tax)
    gb_stmt_bind_text (stmt, 3, tax);

  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      g_autofree char *other = gb_text_fold (gb_stmt_column_text (stmt, 1));
      const char *other_tax = gb_stmt_column_text (stmt, 2);
      gint64 id = gb_stmt_column_int64 (stmt, 0);

      if ((tax != NULL && g_strcmp0 (tax, other_tax) == 0) || (year != 0 && g_str_equal (other, name)))
        g_array_append_val (ids, id);
    }
  if (!gb_store_rows_done (self, stmt, rc, error))
    {
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}
