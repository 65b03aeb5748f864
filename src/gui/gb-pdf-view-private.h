/* gb-pdf-view-private.h — what the pieces of GbPdfView share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbPdfView is one widget written in three files: the widget, its layout,
 * input and API (gb-pdf-view.c); the main thread's side of rendering, with
 * the page cache (gb-pdf-render.c); and the worker thread that alone reads
 * the document (gb-pdf-worker.c). Only those files include this header.
 */
#pragma once

#include <adwaita.h>

#include "gb-pdf-view.h"

G_BEGIN_DECLS

#define PX_PER_PT         (96.0 / 72.0)
#define ZOOM_MIN          0.1
#define ZOOM_MAX          8.0
#define PAGE_MARGIN       24
#define THUMB_WIDTH       120
#define THUMB_MAX_HEIGHT  160
#define MAIN_CACHE_LENGTH 8
#define MAIN_CACHE_BYTES  (256 * 1024 * 1024)
/* 4096² pixels is 64 MiB a texture: past that a deep zoom is drawn a little soft rather than
 * exhausting memory (cairo surfaces also stop at 32767 pixels a side). */
#define MAX_RENDER_PIXELS (4096.0 * 4096.0)
#define FIT_DEBOUNCE_MS   150

/* The worker: it alone touches the PopplerDocument, which is not thread-safe. */

typedef enum
{
  /* Also the order the worker takes jobs in. */
  JOB_QUIT,
  JOB_LOAD,
  JOB_MAIN,
  JOB_THUMB,
} JobKind;

typedef struct
{
  JobKind  kind;
  guint64  seq;
  guint    gen;
  guint    page;
  guint    scale_key;           /* device pixels per point × 1000 */
  guint    serial;
  GBytes  *bytes;
} Job;

typedef struct
{
  GAsyncQueue  *queue;
  GMainContext *context;
  GThread      *thread;
  GbPdfView    *view;           /* main thread only; NULL once disposed */
  guint64       next_seq;       /* main thread only */
  gint          latest_gen;     /* atomic */
  gint          wanted_serial;  /* atomic */
} Worker;

typedef struct
{
  Worker     *worker;
  JobKind     kind;
  guint       gen;
  guint       page;
  guint       scale_key;
  guint       serial;
  GdkTexture *texture;
  guint       n_pages;
  double     *sizes;            /* width, height in points, page after page */
  char       *error;
} Result;

typedef struct
{
  GdkTexture *texture;          /* possibly of an earlier document, as a placeholder */
  guint       gen;
  gboolean    pending;
} Thumb;

struct _GbPdfView
{
  GtkWidget           parent_instance;

  GtkWidget          *thumbs_scroller;
  GtkWidget          *separator;
  GtkListView        *thumbs_view;
  GtkSingleSelection *selection;
  GtkStringList      *thumbs_model;
  GtkLabel           *page_label;
  GtkToggleButton    *fit_button;
  GtkStack           *stack;
  GtkLabel           *status_label;
  GtkWidget          *page_scroller;
  GtkWidget          *canvas;
  GtkPicture         *picture;

  Worker             *worker;
  guint               gen;
  gboolean            loading;
  gboolean            doc_ready;
  guint               n_pages;
  double             *sizes;
  guint               page;
  double              zoom;
  gboolean            busy;

  guint               main_serial;
  gboolean            in_flight;
  guint               in_flight_page;
  guint               in_flight_key;
  guint               want_page;
  guint               want_key;
  GdkTexture         *page_texture;
  guint               shown_page;
  GQueue              main_cache;
  GArray             *thumbs;
  GHashTable         *bound_thumbs;   /* page → GtkPicture */

  int                 fit_width;
  int                 fit_height;
  gboolean            fit_to_width;   /* fit the page's width, scroll down it */
  guint               relayout_id;
  gboolean            fit_now;
  guint               fit_timeout_id;
  gboolean            syncing_selection;
};

/* gb-pdf-view.c */
void        gb_pdf_view_set_busy            (GbPdfView  *self,
                                             gboolean    busy);
void        gb_pdf_view_take_loaded         (GbPdfView  *self,
                                             Result     *result);

/* gb-pdf-render.c */
gboolean    gb_pdf_view_page_size_pt        (GbPdfView  *self,
                                             guint       page,
                                             double     *width,
                                             double     *height);
double      gb_pdf_view_fit_zoom            (GbPdfView  *self,
                                             int         width,
                                             int         height);
double      gb_pdf_view_effective_zoom      (GbPdfView  *self);
guint       gb_pdf_view_scale_key_for       (GbPdfView  *self,
                                             guint       page,
                                             double      zoom);
void        gb_pdf_thumb_clear              (gpointer    data);
void        gb_pdf_view_cache_clear         (GbPdfView  *self);
void        gb_pdf_view_show_texture        (GbPdfView  *self,
                                             GdkTexture *texture);
void        gb_pdf_view_update_page         (GbPdfView  *self);
void        gb_pdf_view_update_thumb        (GbPdfView  *self,
                                             guint       page,
                                             GtkPicture *picture);
void        gb_pdf_view_request_thumb       (GbPdfView  *self,
                                             guint       page);
gboolean    gb_pdf_view_thumb_is_near       (GbPdfView  *self,
                                             guint       page);
void        gb_pdf_view_request_near_thumbs (GbPdfView  *self);
void        gb_pdf_view_take_result         (GbPdfView  *self,
                                             Result     *result);

/* gb-pdf-worker.c */
Job        *gb_pdf_job_new                  (GbPdfView  *self,
                                             JobKind     kind);
void        gb_pdf_job_push                 (GbPdfView  *self,
                                             Job        *job);
void        gb_pdf_job_free                 (Job        *job);
void        gb_pdf_worker_clear             (gpointer    data);
gpointer    gb_pdf_worker_main              (gpointer    data);

G_END_DECLS
