/* gb-report-async.c — a report built for a caller that must not wait
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reports page rebuilds the report at every change of an option: the
 * figures are read, the flow laid out and the PDF written on a worker
 * thread with a connection of its own to the database's path. A long
 * report's first pages are handed over as soon as they are drawn (a long
 * roster shows its first page in about a tenth of a second), the whole
 * document a moment later, both on the caller's main context.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include "gb-report.h"

typedef struct
{
  char              *database_path;
  GbReportOptions    options;
  guint              first_pages;
  GbReportPagesFunc  pages_ready;
  gpointer           pages_data;
  GbReport          *report;   /* built on the worker, handed over by _finish */
  GBytes            *pdf;
} BuildWork;

static void
build_work_free (BuildWork *work)
{
  g_free (work->database_path);
  gb_report_options_clear (&work->options);
  g_clear_pointer (&work->report, gb_report_free);
  g_clear_pointer (&work->pdf, g_bytes_unref);
  g_free (work);
}

typedef struct
{
  GTask  *task;
  GBytes *pdf;
} FirstPages;

/* On the caller's context: only while the caller still waits for this
 * report, so that it never sees pages of one it cancelled or has. */
static gboolean
show_first_pages (gpointer data)
{
  FirstPages *f = data;
  BuildWork *work = g_task_get_task_data (f->task);

  if (!g_task_get_completed (f->task) && !g_cancellable_is_cancelled (g_task_get_cancellable (f->task)))
    work->pages_ready (f->pdf, work->pages_data);
  g_bytes_unref (f->pdf);
  g_object_unref (f->task);
  g_free (f);
  return G_SOURCE_REMOVE;
}

static void
build_run (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  BuildWork *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (work->database_path, GB_DATABASE_OPEN_EXISTING, &error);

  if (db == NULL
      || (work->report = gb_report_build (db, &work->options, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (work->pages_ready != NULL && work->first_pages > 0
      && gb_flow_get_n_pages (work->report->flow) > work->first_pages)
    {
      GBytes *first = gb_flow_to_pdf_range (work->report->flow, 0, work->first_pages, cancellable,
                                            NULL, NULL, NULL);

      if (first != NULL)
        {
          FirstPages *f = g_new0 (FirstPages, 1);
          g_autoptr(GSource) idle = g_idle_source_new ();

          f->task = g_object_ref (task);
          f->pdf = first;
          /* Always a source on the caller's context (g_main_context_invoke()
           * would run it here, on the worker, whenever that context is
           * free), at the priority GTask posts the answer at: it comes first. */
          g_source_set_priority (idle, G_PRIORITY_DEFAULT);
          g_source_set_callback (idle, show_first_pages, f, NULL);
          g_source_attach (idle, g_task_get_context (task));
        }
    }
  work->pdf = gb_flow_to_pdf (work->report->flow, cancellable, NULL, NULL, &error);
  if (work->pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* gb_report_build() of the database at @database_path and its PDF, on a
 * worker thread. When the report runs to more than @first_pages pages,
 * @pages_ready is handed a PDF of the first @first_pages on the caller's
 * thread-default main context as soon as they are drawn, before @callback,
 * and never once @cancellable is cancelled or @callback has run. */
void
gb_report_build_async (const char            *database_path,
                       const GbReportOptions *options,
                       guint                  first_pages,
                       GbReportPagesFunc      pages_ready,
                       gpointer               pages_data,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildWork *work;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (options != NULL && options->kind != NULL);

  work = g_new0 (BuildWork, 1);
  work->database_path = g_strdup (database_path);
  gb_report_options_copy (&work->options, options);
  work->first_pages = first_pages;
  work->pages_ready = pages_ready;
  work->pages_data = pages_data;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_report_build_async);
  g_task_set_name (task, "gb-report-build");
  g_task_set_task_data (task, work, (GDestroyNotify) build_work_free);
  g_task_run_in_thread (task, build_run);
}

/* The report built, with its whole PDF in @pdf; NULL with @error set
 * when it could not be built or when cancelled. */
GbReport *
gb_report_build_finish (GAsyncResult  *result,
                        GBytes       **pdf,
                        GError       **error)
{
  BuildWork *work;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_report_build_async, NULL);

  work = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  if (pdf != NULL)
    *pdf = g_steal_pointer (&work->pdf);
  return g_steal_pointer (&work->report);
}
