/* gb-pdf-worker.c — the thread that reads and draws a PDF for GbPdfView
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It alone touches the PopplerDocument, which is not thread-safe. The view
 * queues jobs (load, draw the page shown, draw a thumbnail) sorted by kind
 * and age; the worker skips those grown stale and posts each result back
 * to the view's main context.
 */
#define G_LOG_DOMAIN "gb-pdf-view"

#include "config.h"

#include <math.h>

#include <poppler.h>

#include "gb-pdf-view-private.h"

void
gb_pdf_job_free (Job *job)
{
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static gint
job_compare (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Job *ja = a;
  const Job *jb = b;

  if (ja->kind != jb->kind)
    return ja->kind < jb->kind ? -1 : 1;
  return ja->seq < jb->seq ? -1 : ja->seq > jb->seq;
}

void
gb_pdf_worker_clear (gpointer data)
{
  Worker *worker = data;

  g_async_queue_unref (worker->queue);
  g_main_context_unref (worker->context);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_object (&result->texture);
  g_free (result->sizes);
  g_free (result->error);
  g_atomic_rc_box_release_full (result->worker, gb_pdf_worker_clear);
  g_free (result);
}

static gboolean
result_dispatch (gpointer data)
{
  Result *result = data;

  if (result->worker->view != NULL)
    gb_pdf_view_take_result (result->worker->view, result);
  return G_SOURCE_REMOVE;
}

static void
worker_post (Worker *worker,
             Result *result)
{
  GSource *source = g_idle_source_new ();

  /* Not g_main_context_invoke(): from this thread it runs the function right here whenever the
   * main thread happens not to hold the default context. */
  result->worker = g_atomic_rc_box_acquire (worker);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, result_dispatch, result, result_free);
  g_source_set_static_name (source, "[gb-pdf-view] result");
  g_source_attach (source, worker->context);
  g_source_unref (source);
}

static PopplerDocument *
worker_load (Worker *worker,
             Job    *job)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (job->bytes, NULL, &error);
  Result *result = g_new0 (Result, 1);

  result->kind = JOB_LOAD;
  result->gen = job->gen;
  if (doc == NULL)
    {
      result->error = g_strdup (error->message);
    }
  else
    {
      result->n_pages = (guint) MAX (0, poppler_document_get_n_pages (doc));
      result->sizes = g_new0 (double, 2 * (gsize) result->n_pages);
      for (guint i = 0; i < result->n_pages; i++)
        {
          PopplerPage *page = poppler_document_get_page (doc, (int) i);

          result->sizes[2 * i] = result->sizes[2 * i + 1] = 1.0;
          if (page != NULL)
            {
              poppler_page_get_size (page, &result->sizes[2 * i], &result->sizes[2 * i + 1]);
              g_object_unref (page);
            }
        }
    }
  worker_post (worker, result);
  return doc;
}

static void
worker_render (Worker          *worker,
               PopplerDocument *doc,
               Job             *job)
{
  PopplerPage *page = poppler_document_get_page (doc, (int) job->page);
  double scale = job->scale_key / 1000.0;
  Result *result = g_new0 (Result, 1);

  result->kind = job->kind;
  result->gen = job->gen;
  result->page = job->page;
  result->scale_key = job->scale_key;
  result->serial = job->serial;

  if (page != NULL)
    {
      double width_pt, height_pt;
      int width, height;
      cairo_surface_t *surface;

      poppler_page_get_size (page, &width_pt, &height_pt);
      width = CLAMP ((int) ceil (width_pt * scale), 1, 32767);
      height = CLAMP ((int) ceil (height_pt * scale), 1, 32767);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        {
          cairo_t *cr = cairo_create (surface);
          int stride = cairo_image_surface_get_stride (surface);
          GBytes *bytes;

          /* Pages are paper: transparent areas show white, as in every viewer. */
          cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
          cairo_paint (cr);
          cairo_scale (cr, scale, scale);
          poppler_page_render (page, cr);
          cairo_destroy (cr);
          cairo_surface_flush (surface);

          /* The texture keeps the surface alive instead of copying its pixels. Cairo's ARGB32
           * is native-endian premultiplied, which is what GDK_MEMORY_DEFAULT names. */
          bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                              (gsize) stride * (gsize) height,
                                              (GDestroyNotify) cairo_surface_destroy,
                                              cairo_surface_reference (surface));
          result->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                                    (gsize) stride);
          g_bytes_unref (bytes);
        }
      cairo_surface_destroy (surface);
      g_object_unref (page);
    }
  /* Posted even on failure, so the view stops waiting. */
  worker_post (worker, result);
}

static gboolean
job_is_stale (Worker *worker,
              Job    *job)
{
  if ((gint) job->gen != g_atomic_int_get (&worker->latest_gen))
    return TRUE;
  /* Flipping through pages queues requests nobody wants by the time they come up. */
  return job->kind == JOB_MAIN && (gint) job->serial != g_atomic_int_get (&worker->wanted_serial);
}

gpointer
gb_pdf_worker_main (gpointer data)
{
  Worker *worker = data;
  PopplerDocument *doc = NULL;
  guint doc_gen = 0;
  gboolean running = TRUE;

  while (running)
    {
      Job *job = g_async_queue_pop (worker->queue);

      switch (job->kind)
        {
        case JOB_QUIT:
          running = FALSE;
          break;

        case JOB_LOAD:
          g_clear_object (&doc);
          doc_gen = job->gen;
          if (job->bytes != NULL && !job_is_stale (worker, job))
            doc = worker_load (worker, job);
          break;

        case JOB_MAIN:
        case JOB_THUMB:
          if (doc != NULL && job->gen == doc_gen && !job_is_stale (worker, job))
            worker_render (worker, doc, job);
          break;

        default:
          g_assert_not_reached ();
        }
      gb_pdf_job_free (job);
    }

  g_clear_object (&doc);
  g_atomic_rc_box_release_full (worker, gb_pdf_worker_clear);
  return NULL;
}

Job *
gb_pdf_job_new (GbPdfView *self,
                JobKind    kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->seq = self->worker->next_seq++;
  job->gen = self->gen;
  return job;
}

void
gb_pdf_job_push (GbPdfView *self,
                 Job       *job)
{
  g_async_queue_push_sorted (self->worker->queue, job, job_compare, NULL);
}
