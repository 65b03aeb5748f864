/* gb-pdf-render.c — what GbPdfView asks its worker for, and what it keeps
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the main thread: page sizes and the scale each zoom draws at, the
 * cache of pages drawn, which page and thumbnails to ask the worker for,
 * and the results as they come back.
 */
#define G_LOG_DOMAIN "gb-pdf-view"

#include "config.h"

#include <math.h>

#include "gb-pdf-view-private.h"

typedef struct
{
  guint       gen;
  guint       page;
  guint       scale_key;
  GdkTexture *texture;
} CacheEntry;

/* Sizes and scales, on the main thread */

gboolean
gb_pdf_view_page_size_pt (GbPdfView *self,
                          guint      page,
                          double    *width,
                          double    *height)
{
  if (self->sizes == NULL || page >= self->n_pages)
    return FALSE;
  *width = MAX (1.0, self->sizes[2 * page]);
  *height = MAX (1.0, self->sizes[2 * page + 1]);
  return TRUE;
}

double
gb_pdf_view_fit_zoom (GbPdfView *self,
                      int        width,
                      int        height)
{
  double width_pt, height_pt;

  if (!gb_pdf_view_page_size_pt (self, self->page, &width_pt, &height_pt))
    return 1.0;
  if (self->fit_to_width)
    return CLAMP ((width - 2 * PAGE_MARGIN) / (width_pt * PX_PER_PT), 0.02, ZOOM_MAX);
  return CLAMP (MIN ((width - 2 * PAGE_MARGIN) / (width_pt * PX_PER_PT),
                     (height - 2 * PAGE_MARGIN) / (height_pt * PX_PER_PT)),
                0.02, ZOOM_MAX);
}

double
gb_pdf_view_effective_zoom (GbPdfView *self)
{
  if (self->zoom > 0)
    return self->zoom;
  /* Not allocated yet (or never shown): render something, so that busy ends. */
  if (self->fit_width <= 0 || self->fit_height <= 0)
    return 1.0;
  return gb_pdf_view_fit_zoom (self, self->fit_width, self->fit_height);
}

guint
gb_pdf_view_scale_key_for (GbPdfView *self,
                           guint      page,
                           double     zoom)
{
  double width_pt, height_pt;
  double scale = zoom * PX_PER_PT * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (gb_pdf_view_page_size_pt (self, page, &width_pt, &height_pt)
      && width_pt * height_pt * scale * scale > MAX_RENDER_PIXELS)
    scale = sqrt (MAX_RENDER_PIXELS / (width_pt * height_pt));
  return MAX (1, (guint) lround (scale * 1000.0));
}

static void
thumb_size (GbPdfView *self,
            guint      page,
            int       *width,
            int       *height)
{
  double width_pt = 210, height_pt = 297;
  double scale;

  gb_pdf_view_page_size_pt (self, page, &width_pt, &height_pt);
  scale = MIN (THUMB_WIDTH / width_pt, THUMB_MAX_HEIGHT / height_pt);
  *width = MAX (1, (int) lround (width_pt * scale));
  *height = MAX (1, (int) lround (height_pt * scale));
}

void
gb_pdf_thumb_clear (gpointer data)
{
  Thumb *thumb = data;

  g_clear_object (&thumb->texture);
}

/* Main-page cache */

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry);
}

static GdkTexture *
cache_lookup (GbPdfView *self,
              guint      page,
              guint      scale_key)
{
  for (GList *l = self->main_cache.head; l != NULL; l = l->next)
    {
      CacheEntry *entry = l->data;

      if (entry->gen == self->gen && entry->page == page && entry->scale_key == scale_key)
        {
          /* Most recently used first. */
          g_queue_unlink (&self->main_cache, l);
          g_queue_push_head_link (&self->main_cache, l);
          return entry->texture;
        }
    }
  return NULL;
}

static void
cache_insert (GbPdfView  *self,
              guint       page,
              guint       scale_key,
              GdkTexture *texture)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);
  gsize bytes = 0;
  guint kept = 0;

  entry->gen = self->gen;
  entry->page = page;
  entry->scale_key = scale_key;
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->main_cache, entry);

  for (GList *l = self->main_cache.head; l != NULL;)
    {
      GList *next = l->next;
      CacheEntry *e = l->data;

      bytes += 4 * (gsize) gdk_texture_get_width (e->texture) * gdk_texture_get_height (e->texture);
      if (kept > 0 && (kept >= MAIN_CACHE_LENGTH || bytes > MAIN_CACHE_BYTES))
        {
          cache_entry_free (e);
          g_queue_delete_link (&self->main_cache, l);
        }
      else
        {
          kept++;
        }
      l = next;
    }
}

void
gb_pdf_view_cache_clear (GbPdfView *self)
{
  g_queue_clear_full (&self->main_cache, cache_entry_free);
}

void
gb_pdf_view_show_texture (GbPdfView  *self,
                          GdkTexture *texture)
{
  g_set_object (&self->page_texture, texture);
  self->shown_page = self->page;
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
}

/* State */

static gboolean
is_about_to_show (GbPdfView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && gtk_widget_get_visible (GTK_WIDGET (root))
         && gtk_widget_is_visible (GTK_WIDGET (self));
}

void
gb_pdf_view_update_page (GbPdfView *self)
{
  GdkTexture *texture;
  Thumb *thumb;
  Job *job;
  guint key;

  if (!self->doc_ready || self->page >= self->n_pages)
    return;

  /* A shown window allocates the view shortly: rendering before would be for nothing. */
  if (self->zoom <= 0 && self->fit_width <= 0 && is_about_to_show (self))
    {
      gb_pdf_view_set_busy (self, TRUE);
      return;
    }

  key = gb_pdf_view_scale_key_for (self, self->page, gb_pdf_view_effective_zoom (self));
  self->want_page = self->page;
  self->want_key = key;

  texture = cache_lookup (self, self->page, key);
  if (texture != NULL)
    {
      gb_pdf_view_show_texture (self, texture);
      gb_pdf_view_set_busy (self, FALSE);
      return;
    }

  /* Another page's pixels would mislead: its thumbnail, blurred, until the page comes. Another
   * zoom of this page, or this page of the document being replaced, is shown stretched
   * meanwhile rather than flashing blank. */
  if (self->shown_page != self->page)
    {
      thumb = &g_array_index (self->thumbs, Thumb, self->page);
      g_clear_object (&self->page_texture);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (thumb->texture));
    }

  gb_pdf_view_set_busy (self, TRUE);
  if (self->in_flight && self->in_flight_page == self->page && self->in_flight_key == key)
    return;

  job = gb_pdf_job_new (self, JOB_MAIN);
  job->page = self->page;
  job->scale_key = key;
  job->serial = ++self->main_serial;
  self->in_flight = TRUE;
  self->in_flight_page = job->page;
  self->in_flight_key = key;
  g_atomic_int_set (&self->worker->wanted_serial, (gint) job->serial);
  gb_pdf_job_push (self, job);
}

void
gb_pdf_view_update_thumb (GbPdfView  *self,
                          guint       page,
                          GtkPicture *picture)
{
  int width, height;

  thumb_size (self, page, &width, &height);
  gtk_widget_set_size_request (GTK_WIDGET (picture), width, height);
  if (page < self->thumbs->len)
    gtk_picture_set_paintable (picture,
                               GDK_PAINTABLE (g_array_index (self->thumbs, Thumb, page).texture));
  else
    gtk_picture_set_paintable (picture, NULL);
}

void
gb_pdf_view_request_thumb (GbPdfView *self,
                           guint      page)
{
  Thumb *thumb;
  Job *job;
  int width, height;
  double width_pt, height_pt;

  if (!self->doc_ready || !gb_pdf_view_page_size_pt (self, page, &width_pt, &height_pt))
    return;
  thumb = &g_array_index (self->thumbs, Thumb, page);
  if (thumb->pending || (thumb->texture != NULL && thumb->gen == self->gen))
    return;

  thumb_size (self, page, &width, &height);
  thumb->pending = TRUE;
  job = gb_pdf_job_new (self, JOB_THUMB);
  job->page = page;
  job->scale_key = MAX (1, (guint) lround (1000.0 * width / width_pt
                                           * gtk_widget_get_scale_factor (GTK_WIDGET (self))));
  gb_pdf_job_push (self, job);
}

/* GtkListView keeps up to 200 rows bound on GTK 4.8, far more than show: only those near the
 * visible ones are rendered. Where they are is estimated from the scroll position, as rows are
 * about alike; the adjustment's upper bound lags behind model changes, so it is not used. */
gboolean
gb_pdf_view_thumb_is_near (GbPdfView *self,
                           guint      page)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->thumbs_scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  double page_size = gtk_adjustment_get_page_size (adjustment);
  double first, last, span;
  int width, height;

  thumb_size (self, self->page, &width, &height);
  /* The caption and the row's padding. */
  height += 36;
  if (page_size <= 0)
    {
      first = last = self->page;
    }
  else
    {
      first = gtk_adjustment_get_value (adjustment) / height;
      last = (gtk_adjustment_get_value (adjustment) + page_size) / height;
    }
  span = MAX (8, last - first);
  return page + span >= first && page <= last + span;
}

void
gb_pdf_view_request_near_thumbs (GbPdfView *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->bound_thumbs == NULL)
    return;
  g_hash_table_iter_init (&iter, self->bound_thumbs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (gb_pdf_view_thumb_is_near (self, GPOINTER_TO_UINT (key)))
      gb_pdf_view_request_thumb (self, GPOINTER_TO_UINT (key));
}

static void
take_thumb (GbPdfView *self,
            Result    *result)
{
  GtkPicture *picture;
  Thumb *thumb;

  if (result->page >= self->thumbs->len)
    return;
  thumb = &g_array_index (self->thumbs, Thumb, result->page);
  thumb->pending = FALSE;
  if (result->texture == NULL)
    return;
  g_set_object (&thumb->texture, result->texture);
  thumb->gen = result->gen;
  picture = g_hash_table_lookup (self->bound_thumbs, GUINT_TO_POINTER (result->page));
  if (picture != NULL)
    gb_pdf_view_update_thumb (self, result->page, picture);
  if (result->page == self->page && self->page_texture == NULL)
    gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (thumb->texture));
}

static void
take_page (GbPdfView *self,
           Result    *result)
{
  if (result->serial == self->main_serial)
    self->in_flight = FALSE;
  if (result->texture != NULL)
    cache_insert (self, result->page, result->scale_key, result->texture);
  if (result->page == self->want_page && result->scale_key == self->want_key
      && result->page == self->page)
    {
      if (result->texture != NULL)
        gb_pdf_view_show_texture (self, result->texture);
      gb_pdf_view_set_busy (self, FALSE);
    }
}

void
gb_pdf_view_take_result (GbPdfView *self,
                         Result    *result)
{
  if (result->gen != self->gen)
    return;

  switch (result->kind)
    {
    case JOB_THUMB:
      take_thumb (self, result);
      break;

    case JOB_MAIN:
      take_page (self, result);
      break;

    case JOB_LOAD:
      gb_pdf_view_take_loaded (self, result);
      break;

    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }
}
