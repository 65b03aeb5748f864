/* gb-record-list.c — a GListModel of one query's records, built on demand
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only the ordered ids of the current query. The query runs
 * on a worker thread over its own read-only connection, and the new ids
 * replace the old with one items-changed, so a keystroke in a search never
 * waits for sqlite on the main thread. Row objects are read by id when a
 * widget asks for them, which is only for the rows on screen.
 */
#define G_LOG_DOMAIN "gb-record-list"

#include "config.h"

#include <string.h>

#include "gb-record-list.h"
#include "gb-text.h"
#include "gb-error.h"

#define CACHE_MAX 1024
/* Records read at a time when a view asks for one not read yet. */
#define PREFETCH 64
/* Records read with the ids, on the worker: every row a list view binds
 * at the top (GTK keeps some 200 to 270 row widgets, not only the ones on
 * screen, and binds them all again when the rows are replaced). */
#define FIRST_ROWS 320

/* Rows read once on the worker: their ids in order, their search keys,
 * what they answer and the records' state they were read at. */
typedef struct
{
  GArray       *ids;
  GPtrArray    *keys;         /* char *, in chunk (or borrowed: chunk NULL) */
  GStringChunk *chunk;
  char         *signature;    /* sort, filters, bin */
  guint         generation;   /* the data_generation they were read at */
} Rows;

static void
rows_clear (Rows *rows)
{
  g_clear_pointer (&rows->ids, g_array_unref);
  g_clear_pointer (&rows->keys, g_ptr_array_unref);
  g_clear_pointer (&rows->chunk, g_string_chunk_free);
  g_clear_pointer (&rows->signature, g_free);
}

/* Whether @rows answer @signature at @generation. */
static gboolean
rows_fresh (const Rows *rows,
            const char *signature,
            guint       generation)
{
  return rows->ids != NULL && rows->generation == generation
         && g_strcmp0 (signature, rows->signature) == 0;
}

/* Reads the rows @query gives, with their keys; @signature is taken. */
static gboolean
rows_read (Rows           *rows,
           GbStore        *store,
           const GbQuery  *query,
           char           *signature,
           guint           generation,
           GError        **error)
{
  rows_clear (rows);
  rows->chunk = g_string_chunk_new (64 * 1024);
  rows->keys = g_ptr_array_new ();
  rows->ids = gb_store_query_ids_keys (store, query, rows->chunk, rows->keys, error);
  if (rows->ids == NULL)
    {
      g_free (signature);
      rows_clear (rows);
      return FALSE;
    }
  rows->signature = signature;
  rows->generation = generation;
  return TRUE;
}

struct _GbRecordList
{
  GObject      parent_instance;

  GbStore     *store;
  GbQuery     *query;
  GArray      *ids;
  gint64       total;
  guint        generation;
  gboolean     loading;
  GHashTable  *cache;            /* id -> GbRecord */
  guint        reload_source;
  gboolean     in_place;         /* rows kept, "rows-replaced" for their new records */
  gboolean     running;          /* a query is on the worker thread */
  gboolean     pending;          /* another is to run when it ends */
  guint        total_generation; /* the data_generation total was counted at */
  GbDeletedMode total_mode;      /* … live or in the bin */

  guint        data_generation;  /* bumped when the records change */
  gint64       seen_changes;    /* the main connection's changes at the last query */

  /* Used only on the worker thread, one task at a time. */
  GMutex       reader_lock;
  GbDatabase  *reader;
  GbStore     *reader_store;
  /* The rows of the query without its search words, with their search
   * keys: a keystroke searches them in memory, not the table again. */
  Rows          base;
  /* For a column the store sorts with SQL's own sort (craft, village…):
   * the rows in name order with their keys, and each row's rank by the
   * column; a stable sort by rank gives the column's order. The base then
   * borrows the name rows' keys (its chunk is NULL). */
  Rows          name;
  GArray       *ranks;
  char         *ranks_field;
};

static void list_model_iface_init (GListModelInterface *iface);
static void start_query (GbRecordList *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (GbRecordList, gb_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ROWS_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GbRecordList *list;   /* not a reference: the callback holds one */
  GbQuery *query;
  guint    generation;
  gboolean count;       /* the total too (it changes only with the records) */
  guint    data_generation;
} Job;

static GArray *search_in_memory (GbRecordList *self,
                                 Job          *job,
                                 GError      **error);

typedef struct
{
  GArray    *ids;
  gint64     total;
  GPtrArray *records;   /* the first rows' records, or NULL */
} JobResult;

static void
job_free (Job *job)
{
  gb_query_free (job->query);
  g_free (job);
}

static void
job_result_free (JobResult *result)
{
  g_clear_pointer (&result->ids, g_array_unref);
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_free (result);
}

static GType
list_get_item_type (GListModel *model)
{
  return gb_store_get_record_type (GB_RECORD_LIST (model)->store);
}

static guint
list_get_n_items (GListModel *model)
{
  return GB_RECORD_LIST (model)->ids->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  GbRecordList *self = GB_RECORD_LIST (model);
  g_autoptr(GError) error = NULL;
  GbRecord *record;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  record = g_hash_table_lookup (self->cache, &id);
  if (record != NULL)
    return g_object_ref (record);

  /* A view asks for the rows it paints one by one, and then for those
   * next to them: they are read a block at a time, one statement instead
   * of one each (on a shared database, a trip to the server each). */
  {
    guint start = position, n;
    g_autoptr(GPtrArray) block = NULL;

    /* Scrolling up (the row below is read already): the block ends here. */
    if (position + 1 < self->ids->len
        && g_hash_table_contains (self->cache, &g_array_index (self->ids, gint64, position + 1)))
      start = position >= PREFETCH - 1 ? position - (PREFETCH - 1) : 0;
    n = MIN (self->ids->len - start, PREFETCH);
    if (g_hash_table_size (self->cache) + n > CACHE_MAX)
      g_hash_table_remove_all (self->cache);
    /* Only the ones not read yet: views ask in no particular order. */
    {
      g_autoptr(GArray) wanted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

      for (guint i = start; i < start + n; i++)
        if (!g_hash_table_contains (self->cache, &g_array_index (self->ids, gint64, i)))
          g_array_append_val (wanted, g_array_index (self->ids, gint64, i));
      block = gb_store_get_many (self->store, (const gint64 *) wanted->data, wanted->len, &error);
    }
    for (guint i = 0; block != NULL && i < block->len; i++)
      {
        GbRecord *read = g_ptr_array_index (block, i);
        gint64 read_id = gb_record_get_id (read);

        g_hash_table_insert (self->cache, g_memdup2 (&read_id, sizeof read_id), g_object_ref (read));
      }
  }
  record = g_hash_table_lookup (self->cache, &id);
  if (record == NULL)
    {
      /* Deleted since the query ran: an empty row until the reload lands. */
      g_debug ("row %u vanished: %s", position, error ? error->message : "not found");
      return gb_record_new (gb_store_get_record_type (self->store));
    }
  return g_object_ref (record);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
query_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GbRecordList *self = job->list;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbQuery) all = gb_query_new ();
  JobResult *result;

  g_mutex_lock (&self->reader_lock);
  if (self->reader == NULL)
    {
      self->reader = gb_database_open_reader (gb_store_get_database (self->store), &error);
      if (self->reader != NULL)
        self->reader_store = gb_store_new (self->reader, gb_store_get_record_type (self->store));
    }
  if (self->reader == NULL)
    {
      g_mutex_unlock (&self->reader_lock);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* One read transaction: the rows, their keys, their ranks and the
   * total all come from the same state of the file. */
  gb_database_exec (self->reader, "BEGIN", NULL);
  result = g_new0 (JobResult, 1);
  if (gb_store_get_entity (self->reader_store)->has_keys
      && gb_query_get_limit (job->query) < 0 && gb_query_get_offset (job->query) == 0)
    result->ids = search_in_memory (self, job, &error);
  else
    result->ids = gb_store_query_ids (self->reader_store, job->query, &error);
  gb_query_set_deleted (all, gb_query_get_deleted (job->query));
  if (result->ids != NULL && job->count)
    result->total = gb_store_count (self->reader_store, all, &error);
  /* The rows a view shows first (a new search starts at the top) are read
   * here rather than one by one on the main thread as it paints them. */
  if (result->ids != NULL && result->total >= 0)
    {
      guint n = MIN (result->ids->len, FIRST_ROWS);

      /* In one statement: on a shared database each is a trip to the server. */
      result->records = gb_store_get_many (self->reader_store, (const gint64 *) result->ids->data, n, NULL);
      if (result->records == NULL)
        result->records = g_ptr_array_new_with_free_func (g_object_unref);
    }
  gb_database_exec (self->reader, "COMMIT", NULL);
  g_mutex_unlock (&self->reader_lock);

  if (result->ids == NULL || result->total < 0)
    {
      job_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) job_result_free);
}

/* What rows a query without its search words gives, as a string. */
static char *
base_signature (const GbQuery *query)
{
  GString *sig = g_string_new (NULL);

  g_string_append_printf (sig, "%s|%d|%d", gb_query_get_sort_field (query) ? gb_query_get_sort_field (query) : "",
                          gb_query_get_descending (query), gb_query_get_deleted (query));
  for (guint i = 0; i < gb_query_get_n_filters (query); i++)
    {
      const char *name, *value;

      gb_query_get_filter (query, i, &name, &value);
      g_string_append_printf (sig, "|%s=%s", name, value ? value : "");
    }
  return g_string_free (sig, FALSE);
}

static void
clear_name_rows (GbRecordList *self)
{
  /* A base sorted by rank borrows the name rows' keys. */
  if (self->base.ids != NULL && self->base.chunk == NULL)
    rows_clear (&self->base);
  rows_clear (&self->name);
  g_clear_pointer (&self->ranks, g_array_unref);
  g_clear_pointer (&self->ranks_field, g_free);
}

/* The base rows for a sort by @field (see above): from the rows in name
 * order and their ranks, both read again only when the filters, the
 * records or the column change. Worker thread. */
static gboolean
sort_by_rank (GbRecordList  *self,
              Job           *job,
              const GbQuery *base,
              const char    *signature,
              GError       **error)
{
  const char *field = gb_query_get_sort_field (base);
  gboolean descending = gb_query_get_descending (base);
  g_autoptr(GbQuery) by_name = gb_query_copy (base);
  g_autofree char *name_signature = NULL;
  g_autofree guint *count = NULL;
  guint n_ranks = 0, n;
  gboolean retried = FALSE;

  gb_query_set_sort (by_name, NULL, FALSE);
again:
  g_free (name_signature);
  name_signature = base_signature (by_name);
  /* The rows shown until now are often those in name order: kept. */
  if (!rows_fresh (&self->name, name_signature, job->data_generation)
      && self->base.chunk != NULL && rows_fresh (&self->base, name_signature, job->data_generation))
    {
      clear_name_rows (self);
      self->name = self->base;
      memset (&self->base, 0, sizeof self->base);
    }
  else if (!rows_fresh (&self->name, name_signature, job->data_generation))
    {
      clear_name_rows (self);
      if (!rows_read (&self->name, self->reader_store, by_name, g_steal_pointer (&name_signature),
                      job->data_generation, error))
        return FALSE;
    }
  if (self->ranks == NULL || g_strcmp0 (self->ranks_field, field) != 0)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) ranks = g_array_new (FALSE, FALSE, sizeof (guint));

      if (!gb_store_query_ranks (self->reader_store, by_name, field, ids, ranks, error))
        return FALSE;
      /* Both read in name order: the same rows, or the records changed
       * between the two reads (the next reload sorts them again). */
      if (ids->len != self->name.ids->len
          || memcmp (ids->data, self->name.ids->data, ids->len * sizeof (gint64)) != 0)
        {
          /* The name rows were read before another program wrote: read
           * them again, in this job's snapshot, once. */
          if (!retried)
            {
              clear_name_rows (self);
              retried = TRUE;
              goto again;
            }
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, "the records changed while they were sorted");
          return FALSE;
        }
      g_clear_pointer (&self->ranks, g_array_unref);
      g_free (self->ranks_field);
      self->ranks = g_steal_pointer (&ranks);
      self->ranks_field = g_strdup (field);
    }

  /* A counting sort, stable: rows of one value keep the name order. Rows
   * without a value come last either way, as in the store. */
  n = self->name.ids->len;
  for (guint i = 0; i < n; i++)
    {
      guint r = g_array_index (self->ranks, guint, i);

      if (r != G_MAXUINT && r + 1 > n_ranks)
        n_ranks = r + 1;
    }
  count = g_new0 (guint, n_ranks + 2);
  for (guint i = 0; i < n; i++)
    {
      guint r = g_array_index (self->ranks, guint, i);
      guint slot = r == G_MAXUINT ? n_ranks : (descending ? n_ranks - 1 - r : r);

      count[slot + 1]++;
    }
  for (guint k = 1; k <= n_ranks + 1; k++)
    count[k] += count[k - 1];

  rows_clear (&self->base);
  self->base.ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_set_size (self->base.ids, n);
  self->base.keys = g_ptr_array_sized_new (n);
  g_ptr_array_set_size (self->base.keys, n);
  for (guint i = 0; i < n; i++)
    {
      guint r = g_array_index (self->ranks, guint, i);
      guint slot = r == G_MAXUINT ? n_ranks : (descending ? n_ranks - 1 - r : r);
      guint at = count[slot]++;

      g_array_index (self->base.ids, gint64, at) = g_array_index (self->name.ids, gint64, i);
      self->base.keys->pdata[at] = self->name.keys->pdata[i];   /* in name.chunk */
    }
  self->base.signature = g_strdup (signature);
  self->base.generation = job->data_generation;
  return TRUE;
}

/* The ids for @job: its search words looked for in the base rows' keys
 * (each word must start a word of the record, as in the store's SQL:
 * " word" inside the space-prefixed folded key), the base read again
 * first if its sort, filters or records changed. Worker thread. */
static GArray *
search_in_memory (GbRecordList *self,
                  Job          *job,
                  GError      **error)
{
  g_autoptr(GbQuery) base = gb_query_copy (job->query);
  g_autofree char *signature = NULL;
  g_auto(GStrv) words = gb_text_fold_words (gb_query_get_search (job->query));
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  GArray *ids;

  gb_query_set_search (base, NULL);
  signature = base_signature (base);
  if (self->name.generation != job->data_generation)
    clear_name_rows (self);
  if (!rows_fresh (&self->base, signature, job->data_generation))
    {
      if (gb_store_sorts_by_rank (self->reader_store, gb_query_get_sort_field (base)))
        {
          if (!sort_by_rank (self, job, base, signature, error))
            return NULL;
        }
      else if (!rows_read (&self->base, self->reader_store, base, g_steal_pointer (&signature),
                           job->data_generation, error))
        return NULL;
    }

  if (words[0] == NULL)
    return g_array_copy (self->base.ids);   /* the list changes its own */

  for (guint w = 0; words[w]; w++)
    g_ptr_array_add (needles, g_strconcat (" ", words[w], NULL));
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->base.ids->len; i++)
    {
      const char *key = g_ptr_array_index (self->base.keys, i);
      guint w = 0;

      while (w < needles->len && strstr (key, g_ptr_array_index (needles, w)) != NULL)
        w++;
      if (w == needles->len)
        g_array_append_val (ids, g_array_index (self->base.ids, gint64, i));
    }
  return ids;
}

static void
set_loading (GbRecordList *self,
             gboolean      loading)
{
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

/* Replaces the ids with @ids (taking it) as two changes, a removal then
 * an addition, each leaving the model consistent when signalled. GTK
 * 4.8's list widgets fetch every added item when one change both removes
 * and adds (100,000 records built per keystroke), none for a pure removal
 * or addition.
 *
 * In place (gb_record_list_set_rows_in_place()), the rows both lists have
 * stay: only the difference in length is signalled, at the end, and
 * "rows-replaced" tells the view that the rows before it now hold other
 * records. GTK then keeps the row widgets on screen instead of destroying
 * and building them again, which was most of a keystroke's time. */
static void
swap_ids (GbRecordList *self,
          GArray       *ids)
{
  guint before = self->ids->len;
  guint after = ids->len;

  if (self->in_place)
    {
      g_array_unref (self->ids);
      self->ids = ids;
      if (before > after)
        g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);
      else if (after > before)
        g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
      if (MIN (before, after) > 0)
        g_signal_emit (self, signals[ROWS_REPLACED], 0, 0, MIN (before, after));
      return;
    }

  if (before > 0)
    {
      g_array_set_size (self->ids, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
    }
  g_array_unref (self->ids);
  self->ids = ids;
  if (after > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, after);
}

static void
query_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  /* The reference taken for the task, released here on the main thread
   * (the worker may drop the task's last reference after this ran). */
  g_autoptr(GbRecordList) self = user_data;
  Job *job = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  JobResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  self->running = FALSE;
  /* Keys typed while it ran asked for a newer query: its answer is the one
   * to show, and it runs now, once, with the latest text. */
  if (job->generation != self->generation)
    {
      g_clear_pointer (&result, job_result_free);
      if (self->pending)
        {
          self->pending = FALSE;
          start_query (self);
        }
      return;
    }
  set_loading (self, FALSE);
  if (result == NULL)
    {
      g_warning ("Cannot list %s: %s", gb_store_get_entity (self->store)->table, error->message);
      return;
    }

  g_hash_table_remove_all (self->cache);
  for (guint i = 0; result->records != NULL && i < result->records->len; i++)
    {
      GbRecord *record = g_ptr_array_index (result->records, i);
      gint64 id = gb_record_get_id (record);

      g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (record));
    }
  if (job->count)
    {
      self->total_generation = job->data_generation;
      self->total_mode = gb_query_get_deleted (job->query);
      if (self->total != result->total)
        {
          self->total = result->total;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
        }
    }
  swap_ids (self, g_steal_pointer (&result->ids));
  job_result_free (result);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
start_query (GbRecordList *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  /* One query at a time: the one running is outdated, the next waits for
   * it (a fast typist's letters make one query, not six in parallel). */
  if (self->running)
    {
      self->generation++;
      self->pending = TRUE;
      set_loading (self, TRUE);
      return;
    }
  /* Rows written through another store on this connection (another
   * craft of a member, a participant) change what a filter or a sort
   * finds too: the rows kept on the worker are read again. */
  {
    gint64 changes = gb_database_total_changes (gb_store_get_database (self->store));

    if (changes != self->seen_changes)
      {
        self->seen_changes = changes;
        self->data_generation++;
      }
  }
  job = g_new0 (Job, 1);
  job->query = gb_query_copy (self->query);
  job->generation = ++self->generation;
  job->count = self->total_generation != self->data_generation
               || self->total_mode != gb_query_get_deleted (self->query);
  job->data_generation = self->data_generation;
  self->running = TRUE;

  job->list = self;
  task = g_task_new (NULL, NULL, query_done, g_object_ref (self));
  g_task_set_source_tag (task, gb_record_list_reload);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, query_thread);
}

/* Reads the rows and the total again (another connection may have
 * written). */
void
gb_record_list_reload (GbRecordList *self)
{
  g_return_if_fail (GB_IS_RECORD_LIST (self));

  self->data_generation++;
  start_query (self);
}

static gboolean
reload_idle (gpointer data)
{
  GbRecordList *self = data;

  self->reload_source = 0;
  start_query (self);   /* the connection's changes tell it the records changed */
  return G_SOURCE_REMOVE;
}

/* Saves and deletes come in bursts (an import, a multi-row delete): one
 * reload after them is enough. */
static void
store_changed_cb (GbStore      *store,
                  gint64        id,
                  GbRecordList *self)
{
  g_hash_table_remove (self->cache, &id);
  if (self->reload_source == 0)
    self->reload_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle, self, NULL);
}

void
gb_record_list_set_query (GbRecordList  *self,
                          const GbQuery *query)
{
  g_return_if_fail (GB_IS_RECORD_LIST (self));
  g_return_if_fail (query != NULL);

  gb_query_free (self->query);
  self->query = gb_query_copy (query);
  start_query (self);
}

const GbQuery *
gb_record_list_get_query (GbRecordList *self)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), NULL);
  return self->query;
}

GbStore *
gb_record_list_get_store (GbRecordList *self)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), NULL);
  return self->store;
}

gboolean
gb_record_list_is_loading (GbRecordList *self)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), FALSE);
  return self->loading;
}

gint64
gb_record_list_get_total (GbRecordList *self)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), 0);
  return self->total;
}

gint64
gb_record_list_get_id (GbRecordList *self,
                       guint         position)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), 0);
  return position < self->ids->len ? g_array_index (self->ids, gint64, position) : 0;
}

/* The record at @position (a new reference), or NULL past the end. */
GbRecord *
gb_record_list_get_record (GbRecordList *self,
                           guint         position)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), NULL);
  return list_get_item (G_LIST_MODEL (self), position);
}

/* Keeps the rows both the old and the new ids have on a reload, and says
 * so with "rows-replaced", instead of removing and adding them all. For
 * a view that rebinds its rows itself (the list pages). */
void
gb_record_list_set_rows_in_place (GbRecordList *self,
                                  gboolean      in_place)
{
  g_return_if_fail (GB_IS_RECORD_LIST (self));
  self->in_place = in_place;
}

int
gb_record_list_find (GbRecordList *self,
                     gint64        id)
{
  g_return_val_if_fail (GB_IS_RECORD_LIST (self), -1);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return (int) i;
  return -1;
}

static void
gb_record_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GbRecordList *self = GB_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_record_list_dispose (GObject *object)
{
  GbRecordList *self = GB_RECORD_LIST (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);

  G_OBJECT_CLASS (gb_record_list_parent_class)->dispose (object);
}

static void
gb_record_list_finalize (GObject *object)
{
  GbRecordList *self = GB_RECORD_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->query, gb_query_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->reader_store);
  g_clear_object (&self->reader);
  clear_name_rows (self);
  rows_clear (&self->base);
  g_mutex_clear (&self->reader_lock);

  G_OBJECT_CLASS (gb_record_list_parent_class)->finalize (object);
}

static void
gb_record_list_class_init (GbRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gb_record_list_get_property;
  object_class->dispose = gb_record_list_dispose;
  object_class->finalize = gb_record_list_finalize;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GbRecordList::rows-replaced:
   * @position: the first row
   * @n: how many rows
   *
   * In place only: the rows from @position on now hold other records
   * (a new search or sort). Their count did not change.
   */
  signals[ROWS_REPLACED] =
    g_signal_new ("rows-replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
gb_record_list_init (GbRecordList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->query = gb_query_new ();
  self->total_generation = G_MAXUINT;   /* not counted yet */
  g_mutex_init (&self->reader_lock);
}

/* Starts empty and loads @query (NULL: all live records, by name). */
GbRecordList *
gb_record_list_new_for_query (GbStore       *store,
                              const GbQuery *query)
{
  GbRecordList *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (store);
  if (query != NULL)
    {
      gb_query_free (self->query);
      self->query = gb_query_copy (query);
    }
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  gb_record_list_reload (self);
  return self;
}

GbRecordList *
gb_record_list_new (GbStore *store)
{
  return gb_record_list_new_for_query (store, NULL);
}
