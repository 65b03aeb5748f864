/* gb-document-private.h — what the pieces of a document share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbDocument is one object written in four files: the object, preparing
 * and writing the PDF (gb-document.c); the texts a paper prints, filled
 * in and fitted to their boxes (gb-document-text.c); the QR code and its
 * payload (gb-document-qr.c); and drawing a sheet (gb-document-draw.c).
 * Only those files include this header.
 */
#pragma once

#include <pango/pangocairo.h>

#include "gb-document.h"

G_BEGIN_DECLS

#define PT_PER_MM GB_PT_PER_MM

struct _GbDocument
{
  gatomicrefcount  ref_count;
  GbTemplate      *template_;
  GHashTable      *values;        /* the association's and the date's */
  char            *assoc_symbol;
  GBytes          *logo_bytes;
  GPtrArray       *papers;
  char            *font;          /* as asked; NULL = default */
  gboolean         show_photo;
  gboolean         show_qr;
  guint            card_months;   /* a card is valid this long from its date */

  gboolean         prepared;
  GbFontSet       *fonts;
  cairo_surface_t *logo;
  cairo_surface_t *border;        /* recorded once, painted on every sheet */
  GHashTable      *static_layouts; /* GbElement -> PangoLayout of texts without placeholders */
  GHashTable      *recent_layouts; /* "element\x1ftext" -> PangoLayout: villages, crafts, … repeat */
  GbPaper         *photo_paper;   /* whose photo is decoded in photo */
  gpointer         qr_ahead;      /* QrAhead while a PDF is written */
  cairo_surface_t *photo;
};

/* gb-document-text.c */
const char      *gb_document_lookup              (GbDocument      *self,
                                                  GbPaper         *paper,
                                                  const char      *key);
gboolean         gb_document_is_draft            (GbDocument      *self,
                                                  GbPaper         *paper);
PangoLayout     *gb_document_make_layout         (GbDocument      *self,
                                                  const GbElement *e,
                                                  const char      *text,
                                                  double           size_pt);
gboolean         gb_document_is_fitted           (const GbElement *e);
PangoLayout     *gb_document_fit_layout          (GbDocument      *self,
                                                  const GbElement *e,
                                                  const char      *text,
                                                  gboolean        *shortened);
gboolean         gb_document_check_text          (GbDocument      *self,
                                                  const GbElement *e,
                                                  const char      *text,
                                                  GError         **error);
char            *gb_document_element_text        (GbDocument      *self,
                                                  GbPaper         *paper,
                                                  const GbElement *e,
                                                  gboolean        *skip,
                                                  GError         **error);
gboolean         gb_document_same_on_every_paper (GbDocument      *self,
                                                  const char      *text);

/* gb-document-qr.c */
cairo_surface_t *gb_document_qr_for_paper        (GbDocument      *self,
                                                  GbPaper         *paper,
                                                  const GbElement *e,
                                                  guint            i);
void             gb_document_draw_qr             (cairo_t         *cr,
                                                  cairo_surface_t *image,
                                                  const GbElement *e);
GThread         *gb_document_qr_ahead_start      (GbDocument      *self);
void             gb_document_qr_ahead_stop       (GbDocument      *self,
                                                  GThread         *thread);

/* gb-document-draw.c */
cairo_surface_t *gb_document_image_from_bytes    (GBytes          *bytes);
void             gb_document_draw_classic_border (cairo_t         *cr,
                                                  const GbTemplate *t);
void             gb_document_draw_band           (cairo_t         *cr,
                                                  const GbTemplate *t);

G_END_DECLS
