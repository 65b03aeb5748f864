/* gb-document-async.c — papers drawn for a caller that must not wait
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview window asks for the papers of some records as a PDF, a
 * draft or issued: the records are read and the pages drawn on a worker
 * thread, with a connection of its own to the database's path, so the
 * window's connection stays free and is never used from two threads.
 * Progress comes back on the caller's main context, as the result does.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-document.h"
#include "gb-error.h"
#include "gb-register.h"
#include "gb-text.h"

/* How many reasons a left-out record gets named by; the rest are counted. */
#define SKIPPED_NAMED 3

/* The options, copied for the worker. */
typedef struct
{
  char           *database_path;
  char           *kind;
  char           *template_id;
  char           *font;
  GArray         *ids;
  gboolean        photo;
  gboolean        qr;
  char           *issue_path;
  GbProgressFunc  progress;
  gpointer        progress_data;
  GbRendered     *rendered;    /* built on the worker, handed over by _finish */
} RenderWork;

static void
render_work_free (RenderWork *work)
{
  g_free (work->database_path);
  g_free (work->kind);
  g_free (work->template_id);
  g_free (work->font);
  g_clear_pointer (&work->ids, g_array_unref);
  g_free (work->issue_path);
  g_clear_pointer (&work->rendered, gb_rendered_free);
  g_free (work);
}

void
gb_rendered_free (GbRendered *rendered)
{
  if (rendered == NULL)
    return;
  g_clear_pointer (&rendered->document, gb_document_unref);
  g_clear_pointer (&rendered->pdf, g_bytes_unref);
  g_free (rendered->skipped);
  g_free (rendered);
}

/* Progress ---------------------------------------------------------------- */

typedef struct
{
  GTask *task;
  guint  done, total;
} Progress;

/* On the caller's context: only while the caller still waits for this
 * drawing, so that it never hears of one it cancelled or was answered. */
static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  RenderWork *work = g_task_get_task_data (p->task);

  if (!g_task_get_completed (p->task) && !g_cancellable_is_cancelled (g_task_get_cancellable (p->task)))
    work->progress (p->done, p->total, work->progress_data);
  g_object_unref (p->task);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  GTask *task = user_data;
  RenderWork *work = g_task_get_task_data (task);
  Progress *p;

  /* A few updates a second are enough. */
  if (work->progress == NULL || (done != total && done % 10 != 0))
    return;
  p = g_new0 (Progress, 1);
  p->task = g_object_ref (task);
  p->done = done;
  p->total = total;
  /* Always a source on the caller's context (g_main_context_invoke()
   * would run it here, on the worker, whenever that context is free), at
   * the priority GTask posts the answer at, so that it comes first. */
  {
    g_autoptr(GSource) idle = g_idle_source_new ();

    g_source_set_priority (idle, G_PRIORITY_DEFAULT);
    g_source_set_callback (idle, show_progress, p, NULL);
    g_source_attach (idle, g_task_get_context (task));
  }
}

/* The worker -------------------------------------------------------------- */

/* The papers of the records asked for. A record that lacks a fact its
 * paper needs is left out and named in @rendered; the others are drawn. */
static gboolean
gather (RenderWork  *work,
        GbDatabase  *db,
        GError     **error)
{
  GbRendered *rendered = work->rendered;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GString) skipped = g_string_new (NULL);

  if (g_str_equal (work->kind, "award"))
    {
      if ((papers = gb_papers_for_contest (db, g_array_index (work->ids, gint64, 0), error)) == NULL)
        return FALSE;
    }
  else
    {
      papers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_paper_free);
      for (guint i = 0; i < work->ids->len; i++)
        {
          g_autoptr(GError) local = NULL;
          gint64 id = g_array_index (work->ids, gint64, i);
          GbPaper *p = g_str_equal (work->kind, "artisan")
                       ? gb_paper_new_for_artisan (db, id, 0, &local)
                       : gb_paper_new_for_member (db, id, work->kind, &local);

          if (p != NULL)
            g_ptr_array_add (papers, p);
          else if (rendered->n_skipped++ < SKIPPED_NAMED)
            g_string_append_printf (skipped, "%s%s", skipped->len ? "\n" : "", local->message);
        }
      if (papers->len == 0)
        {
          g_set_error_literal (error, GB_ERROR, GB_ERROR_INVALID,
                               skipped->len ? skipped->str : _("There is nothing to print."));
          return FALSE;
        }
    }
  if (rendered->n_skipped > 0)
    rendered->skipped = g_strdup (skipped->str);
  for (guint i = 0; i < papers->len; i++)
    gb_document_add_paper (rendered->document, g_steal_pointer (&papers->pdata[i]));
  g_ptr_array_set_free_func (papers, NULL);
  return TRUE;
}

static void
render_run (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  RenderWork *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (work->database_path, GB_DATABASE_OPEN_EXISTING, &error);
  GbRendered *rendered;

  work->rendered = rendered = g_new0 (GbRendered, 1);
  if (db == NULL
      || (rendered->document = gb_document_new_for_database (db, work->template_id, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gb_document_set_font (rendered->document, work->font);
  gb_document_set_show_photo (rendered->document, work->photo);
  gb_document_set_show_qr (rendered->document, work->qr);
  if (!gather (work, db, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (work->issue_path != NULL)
    rendered->pdf = gb_register_issue (db, rendered->document, gb_text_today (), work->issue_path,
                                       cancellable, progress_cb, task, &error);
  else
    rendered->pdf = gb_document_to_pdf (rendered->document, cancellable, progress_cb, task, &error);
  if (rendered->pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Draws the papers @options asks for from the database at @database_path
 * on a worker thread: as a draft, or, with an issue path, numbered from
 * the register and written there in one step (gb_register_issue()).
 *
 * @progress, when set, is called on the thread-default main context of
 * the caller with the pages drawn so far, a few times a second, and never
 * once @cancellable is cancelled or @callback has run. Papers issued stay
 * issued: a cancel that comes after the register was written does not
 * hide them, and their result is handed back all the same. */
void
gb_document_render_async (const char            *database_path,
                          const GbRenderOptions *options,
                          GbProgressFunc         progress,
                          gpointer               progress_data,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderWork *work;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (options != NULL && options->kind != NULL);
  g_return_if_fail (options->ids != NULL && options->n_ids > 0);

  work = g_new0 (RenderWork, 1);
  work->database_path = g_strdup (database_path);
  work->kind = g_strdup (options->kind);
  work->template_id = g_strdup (options->template_id);
  work->font = g_strdup (options->font);
  work->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), options->n_ids);
  g_array_append_vals (work->ids, options->ids, options->n_ids);
  work->photo = options->photo;
  work->qr = options->qr;
  work->issue_path = g_strdup (options->issue_path);
  work->progress = progress;
  work->progress_data = progress_data;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_document_render_async);
  g_task_set_name (task, "gb-document-render");
  g_task_set_task_data (task, work, (GDestroyNotify) render_work_free);
  /* Entries written to the register stand: a late cancel does not hide them. */
  if (options->issue_path != NULL)
    g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, render_run);
}

/* The papers drawn, their PDF and the records left out; NULL with @error
 * set when nothing could be drawn (the reason for each record when none
 * had what its paper needs) or when cancelled. */
GbRendered *
gb_document_render_finish (GAsyncResult  *result,
                           GError       **error)
{
  RenderWork *work;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_document_render_async, NULL);

  work = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_steal_pointer (&work->rendered);
}
