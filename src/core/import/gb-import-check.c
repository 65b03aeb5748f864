/* gb-import-check.c — every row built and checked, on several threads
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are built on threads, a chunk at a time; duplicates depend on the
 * rows before, so they are looked for in one pass in row order, chunk
 * after chunk, against caches loaded once (gb_import_load()): a likely
 * duplicate of a stored record or of an earlier row is a problem that
 * names it. The write (gb-import-write.c) drives the same machinery when
 * it checks while it writes.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-import-private.h"
#include "gb-text.h"

/* The problem just added is only a likeness (people, events): staff may
 * keep both. */
static void
mark_likely (GPtrArray *problems,
             Extra     *extra)
{
  if (problems && problems->len > 0 && !extra->organization)
    ((GbImportProblem *) problems->pdata[problems->len - 1])->likely = TRUE;
}

/* A craft the database does not have, named by a row: the import makes
 * it, with its name as first written. Returns its key in new_crafts. */
static const char *
note_new_craft (GbImport *self,
                Extra    *extra)
{
  gpointer key;

  if (!g_hash_table_lookup_extended (self->new_crafts, extra->craft_key, &key, NULL))
    {
      key = g_strdup (extra->craft_key);
      g_hash_table_insert (self->new_crafts, key, gb_text_normalize (extra->craft));
    }
  return key;
}

/* A likely duplicate of a stored record or of an earlier row: a problem
 * naming it. @remember adds the row's keys for the rows after it. */
static gboolean
check_duplicates (GbImport  *self,
                  guint      row,
                  Extra     *extra,
                  GPtrArray *problems,
                  gboolean   remember)
{
  guint number = gb_table_get_number (self->table, row);
  struct { const char *key; GHashTable *stored; const char *prefix; const char *field; } keys[] = {
    { extra->dup_key, self->dup_keys, "k:", self->kind == GB_IMPORT_EVENTS ? "title" : "name" },
    { extra->tax_key, self->tax_keys, "t:",
      extra->tax_key && g_str_has_prefix (extra->tax_key, "id:") ? "id_number" : "tax_code" },
    { extra->number_key, self->numbers, "n:", "member_no" },
  };

  /* Only alike: people by name and year, events by title and date; an
   * organization is one by its name alone. */
  gboolean keep = self->keep_likely && !extra->organization;

  /* Without marks: a name typed without them matches any, one with them
   * only a name typed without them. */
  if (extra->plain_key && !keep)
    {
      GHashTable *stored = extra->unmarked ? self->plain_all : self->plain_unmarked;
      g_autofree char *file_key = g_strconcat (extra->unmarked ? "pa:" : "pu:", extra->plain_key, NULL);
      gint64 id;
      guint other;

      if ((id = gb_import_lookup_id (stored, extra->plain_key)) > 0)
        {
          gb_import_add_problem (problems, number, gb_import_column_of (self, "name"),
                                 extra->organization ? _("Likely already recorded: an organization of the same name.")
                                 : _("Likely already recorded: same name and year of birth."), id, 0);
          mark_likely (problems, extra);
          return FALSE;
        }
      if ((other = GPOINTER_TO_UINT (g_hash_table_lookup (self->file_keys, file_key))) != 0)
        {
          g_autofree char *message = g_strdup_printf (_("The same as row %u of the file."), other);

          gb_import_add_problem (problems, number, gb_import_column_of (self, "name"), message, 0, other);
          mark_likely (problems, extra);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *file_key = NULL;
      gint64 id;
      guint other;

      if (keys[i].key == NULL || (i == 0 && keep))
        continue;
      if (i == 2)
        {
          if ((id = gb_import_lookup_id (keys[i].stored, keys[i].key)) > 0)
            {
              gb_import_add_problem (problems, number, gb_import_column_of (self, "member_no"),
                                     _("This member number is already used by another member."), id, 0);
              return FALSE;
            }
        }
      else if ((id = gb_import_lookup_id (keys[i].stored, keys[i].key)) > 0)
        {
          gb_import_add_problem (problems, number, gb_import_column_of (self, keys[i].field),
                                 i == 1 ? _("Another member already has this tax code or identity number.")
                                 : self->kind == GB_IMPORT_EVENTS ? _("This event is already recorded (same title and date).")
                                 : extra->organization ? _("Likely already recorded: an organization of the same name.")
                                 : _("Likely already recorded: same name and year of birth."),
                                 id, 0);
          if (i == 0)
            mark_likely (problems, extra);
          return FALSE;
        }
      file_key = g_strconcat (keys[i].prefix, keys[i].key, NULL);
      if ((other = GPOINTER_TO_UINT (g_hash_table_lookup (self->file_keys, file_key))) != 0)
        {
          g_autofree char *message = g_strdup_printf (_("The same as row %u of the file."), other);

          gb_import_add_problem (problems, number, gb_import_column_of (self, keys[i].field), message, 0, other);
          if (i == 0)
            mark_likely (problems, extra);
          return FALSE;
        }
    }
  for (guint i = 0; remember && i < G_N_ELEMENTS (keys); i++)
    if (keys[i].key)
      g_hash_table_insert (self->file_keys, g_strconcat (keys[i].prefix, keys[i].key, NULL),
                           GUINT_TO_POINTER (number));
  if (remember && extra->plain_key)
    {
      /* Later rows look up "pa:" when unmarked (any earlier row), "pu:"
       * when marked (earlier rows typed without marks). */
      const char *prefixes[] = { "pa:", extra->unmarked ? "pu:" : NULL };

      for (guint i = 0; i < G_N_ELEMENTS (prefixes) && prefixes[i]; i++)
        {
          char *key = g_strconcat (prefixes[i], extra->plain_key, NULL);

          /* The first such row is the one named. */
          if (!g_hash_table_contains (self->file_keys, key))
            g_hash_table_insert (self->file_keys, key, GUINT_TO_POINTER (number));
          else
            g_free (key);
        }
    }
  return TRUE;
}

/* Row @row as it will be stored, for a preview; its problems (including a
 * likely duplicate of a stored record) are added to @problems. */
GbRecord *
gb_import_build_row (GbImport  *self,
                     guint      row,
                     GPtrArray *problems)
{
  g_autoptr(GError) error = NULL;
  GbRecord *record;
  Extra extra;
  guint before = problems ? problems->len : 0;

  g_return_val_if_fail (row < gb_table_get_n_rows (self->table), NULL);
  if (!gb_import_load (self, &error))
    g_warning ("Cannot read what the database holds: %s", error->message);
  record = gb_import_build (self, row, problems, &extra, TRUE);
  if (self->loaded && extra.craft)
    note_new_craft (self, &extra);
  if (self->loaded && (problems == NULL || problems->len == before))
    check_duplicates (self, row, &extra, problems, FALSE);
  gb_import_extra_clear (&extra);
  return record;
}

/* A row of a form printed ahead, with only its number ("STT") filled, or
 * an empty line between blocks: nothing to import, and no problem. */
static gboolean
row_is_blank (GbImport *self,
              guint     row)
{
  for (guint c = 0; c < self->n_columns; c++)
    if (self->mapping[c] != NULL)
      for (const char *p = gb_table_get_cell (self->table, row, c); *p; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
  return TRUE;
}

/* How many rows the last check found blank and leaves out. */
guint
gb_import_get_n_blank (GbImport *self)
{
  return self->n_blank;
}

/* How often the check's first thread says how far it is. */
#define PROGRESS_STEP 250

/* Builds the chunks in turn until none is left; the first of the threads
 * (the caller's, when it checks too) says how far they are. */
static void
build_chunks (Checker          *checker,
              gboolean          first,      /* the first chunk, then the others in turn */
              GbImportProgress  progress,
              gpointer          user_data)
{
  GbImport *self = checker->self;
  guint n = gb_table_get_n_rows (self->table);
  guint i;

  while (!g_atomic_int_get (&checker->stop)
         && (i = first ? 0 : (guint) g_atomic_int_add (&checker->next, 1)) < checker->n_chunks)
    {
      Chunk *chunk = &checker->chunks[i];

      for (guint row = chunk->start;
           row < chunk->end && !g_cancellable_is_cancelled (checker->cancellable) && !g_atomic_int_get (&checker->stop);
           row++)
        {
          Ready *ready = &self->ready[row];
          g_autoptr(GbRecord) record = NULL;
          guint before = chunk->problems->len;

          if ((row - chunk->start) % PROGRESS_STEP == PROGRESS_STEP - 1)
            {
              guint built = (guint) g_atomic_int_add (&checker->rows_built, PROGRESS_STEP) + PROGRESS_STEP;

              if (progress)
                progress (built, n, user_data);
            }
          if (row_is_blank (self, row))
            {
              ready->blank = TRUE;
              continue;
            }
          record = gb_import_build (self, row, chunk->problems, &ready->extra, TRUE);
          ready->n_problems = chunk->problems->len - before;
          if (ready->n_problems > 0)
            continue;
          ready->values = gb_store_values_new (self->store, record);
          ready->needs_number = self->kind == GB_IMPORT_MEMBERS && gb_record_get_text (record, "member_no") == NULL;
        }
      g_atomic_int_add (&checker->rows_built, (gint) ((chunk->end - chunk->start) % PROGRESS_STEP));
      g_mutex_lock (&checker->lock);
      chunk->built = TRUE;
      g_cond_broadcast (&checker->built);
      g_mutex_unlock (&checker->lock);
      first = FALSE;
    }
}

static gpointer
build_chunks_thread (gpointer data)
{
  build_chunks (data, FALSE, NULL, NULL);
  return NULL;
}

/* The state of a new check, and @n_threads threads building chunks. */
gboolean
gb_import_checker_start (GbImport      *self,
                         Checker       *checker,
                         guint          n_threads,
                         gboolean       first_is_taken,   /* by the caller's thread */
                         GCancellable  *cancellable,
                         GError       **error)
{
  guint n = gb_table_get_n_rows (self->table);

  memset (checker, 0, sizeof *checker);
  gb_import_clear_ready (self);
  self->loaded = FALSE;
  self->checked = FALSE;
  g_ptr_array_set_size (self->problems, 0);
  self->n_valid = 0;
  self->n_blank = 0;
  if (!gb_import_mapping_is_usable (self, error) || !gb_import_load (self, error))
    return FALSE;

  self->ready = g_new0 (Ready, MAX (n, 1));
  checker->self = self;
  checker->cancellable = cancellable;
  checker->n_chunks = (n + GB_IMPORT_CHUNK_ROWS - 1) / GB_IMPORT_CHUNK_ROWS;
  checker->chunks = g_new0 (Chunk, checker->n_chunks);
  for (guint i = 0; i < checker->n_chunks; i++)
    checker->chunks[i] = (Chunk) { i * GB_IMPORT_CHUNK_ROWS, MIN (n, (i + 1) * GB_IMPORT_CHUNK_ROWS),
                                   g_ptr_array_new (), FALSE };
  checker->next = first_is_taken ? 1 : 0;
  g_mutex_init (&checker->lock);
  g_cond_init (&checker->built);
  checker->n_threads = MIN (n_threads, GB_IMPORT_MAX_THREADS);
  for (guint t = 0; t < checker->n_threads; t++)
    checker->threads[t] = g_thread_new ("gb-import-check", build_chunks_thread, checker);
  return TRUE;
}

/* Waits for the threads; drops what no pass took. */
void
gb_import_checker_finish (Checker *checker)
{
  for (guint t = 0; t < checker->n_threads; t++)
    g_thread_join (checker->threads[t]);
  for (guint i = 0; i < checker->n_chunks; i++)
    if (checker->chunks[i].problems)
      {
        g_ptr_array_foreach (checker->chunks[i].problems, (GFunc) gb_import_problem_free, NULL);
        g_ptr_array_unref (checker->chunks[i].problems);
      }
  g_free (checker->chunks);
  g_mutex_clear (&checker->lock);
  g_cond_clear (&checker->built);
}

/* Once chunk @i is built: in row order, each row's own problems, or a
 * likely duplicate of a stored record or an earlier row; new crafts noted. */
void
gb_import_checker_pass (Checker *checker,
                        guint    i)
{
  GbImport *self = checker->self;
  Chunk *chunk = &checker->chunks[i];
  guint next = 0;

  g_mutex_lock (&checker->lock);
  while (!chunk->built)
    g_cond_wait (&checker->built, &checker->lock);
  g_mutex_unlock (&checker->lock);

  for (guint row = chunk->start; row < chunk->end; row++)
    {
      Ready *ready = &self->ready[row];
      Extra *extra = &ready->extra;

      if (ready->blank)
        {
          self->n_blank++;
          continue;
        }
      if (extra->craft)
        {
          ready->craft_key = note_new_craft (self, extra);
          g_clear_pointer (&extra->craft, g_free);
          g_clear_pointer (&extra->craft_key, g_free);
        }
      for (guint k = 0; k < ready->n_problems; k++)
        g_ptr_array_add (self->problems, chunk->problems->pdata[next++]);
      if (ready->values && check_duplicates (self, row, extra, self->problems, TRUE))
        self->n_valid++;
      else
        g_clear_pointer (&ready->values, gb_store_values_free);
      g_clear_pointer (&extra->dup_key, g_free);
      g_clear_pointer (&extra->plain_key, g_free);
      g_clear_pointer (&extra->tax_key, g_free);
      g_clear_pointer (&extra->number_key, g_free);
    }
  /* Those of rows not reached when cancelled. */
  for (; next < chunk->problems->len; next++)
    gb_import_problem_free (chunk->problems->pdata[next]);
  g_clear_pointer (&chunk->problems, g_ptr_array_unref);
}

guint
gb_import_check_threads (GbImport *self,
                         guint     n_rows)
{
  if (self->max_threads > 0)
    return MIN (self->max_threads, GB_IMPORT_MAX_THREADS);
  return n_rows < 4 * GB_IMPORT_STEP ? 1 : CLAMP (g_get_num_processors (), 1, GB_IMPORT_MAX_THREADS);
}

void
gb_import_check_cancelled (GbImport *self)
{
  gb_import_clear_ready (self);
  g_ptr_array_set_size (self->problems, 0);
  self->n_valid = self->n_blank = 0;
}

/* Builds every row and names each problem; afterwards get_problems()
 * lists them and get_n_valid() counts the rows that can be imported. The
 * rows' values are kept for gb_import_run(). */
gboolean
gb_import_check (GbImport          *self,
                 GbImportProgress   progress,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  guint n = gb_table_get_n_rows (self->table);
  guint n_threads = gb_import_check_threads (self, n);
  Checker checker;
  gint64 t = g_get_monotonic_time ();

  /* This thread builds too, the first chunk first (it tells the progress
   * from its rows): one thread fewer to start. */
  if (!gb_import_checker_start (self, &checker, n_threads - 1, TRUE, cancellable, error))
    return FALSE;
  build_chunks (&checker, checker.n_chunks > 0, progress, user_data);
  for (guint t2 = 0; t2 < checker.n_threads; t2++)
    g_thread_join (checker.threads[t2]);
  checker.n_threads = 0;
  g_debug ("check: %u rows built on %u threads in %ld ms", n, n_threads, gb_import_lap (&t));
  if (!g_cancellable_is_cancelled (cancellable))
    for (guint i = 0; i < checker.n_chunks; i++)
      gb_import_checker_pass (&checker, i);
  gb_import_checker_finish (&checker);
  g_debug ("check: duplicates looked for in %ld ms", gb_import_lap (&t));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      gb_import_check_cancelled (self);
      return FALSE;
    }
  if (progress)
    progress (n, n, user_data);
  self->checked = TRUE;
  self->checked_version = gb_database_get_data_version (self->database);
  return TRUE;
}

/* The problems found by the last check, by row. (transfer none) */
GPtrArray *
gb_import_get_problems (GbImport *self)
{
  return self->problems;
}

guint
gb_import_get_n_valid (GbImport *self)
{
  return self->n_valid;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return gb_text_collate (*(const char **) a, *(const char **) b);
}

/* The crafts the file names that the database does not have yet; the
 * import adds them. */
GStrv
gb_import_get_new_crafts (GbImport *self)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (self->new_crafts)
    {
      g_hash_table_iter_init (&iter, self->new_crafts);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (list, g_strdup (value));
    }
  g_ptr_array_sort (list, compare_strings);
  g_ptr_array_add (list, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}
