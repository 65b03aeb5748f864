/* gb-pdf-view.h — the pages of a PDF, with thumbnails
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GB_TYPE_PDF_VIEW (gb_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (GbPdfView, gb_pdf_view, GB, PDF_VIEW, GtkWidget)

GtkWidget  *gb_pdf_view_new              (void);
/* Shows these PDF bytes (replacing any earlier document; keeps the current page number when it
 * still exists, else page 0). NULL clears. Takes its own ref. */
void        gb_pdf_view_set_pdf          (GbPdfView *self,
                                          GBytes    *pdf);
guint       gb_pdf_view_get_n_pages      (GbPdfView *self);
/* 0-based */
guint       gb_pdf_view_get_page         (GbPdfView *self);
void        gb_pdf_view_set_page         (GbPdfView *self,
                                          guint      page);
/* 1.0 = 100 % = 96 px per inch; 0 = fit */
double      gb_pdf_view_get_zoom         (GbPdfView *self);
void        gb_pdf_view_set_zoom         (GbPdfView *self,
                                          double     zoom);
void        gb_pdf_view_set_fit_width    (GbPdfView *self,
                                          gboolean   fit_width);
/* TRUE while a document is loading or the current page is not yet shown; for tests. */
gboolean    gb_pdf_view_get_busy         (GbPdfView *self);
/* The texture currently shown for the main page, or NULL; for tests. */
GdkTexture *gb_pdf_view_get_page_texture (GbPdfView *self);

G_END_DECLS
