/* gb-document.h — certificates and cards drawn on any cairo_t
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing function serves the PDF export, the print dialog and the
 * preview (which shows the PDF bytes themselves). Drawing is in points;
 * templates place things in millimetres.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gb-fonts.h"
#include "gb-paper.h"
#include "gb-registry.h"
#include "gb-template.h"

G_BEGIN_DECLS

typedef struct _GbDocument GbDocument;

GbDocument *gb_document_new            (GbTemplate     *template_,
                                        GbAssociation  *association);
GbDocument *gb_document_ref            (GbDocument     *self);
void        gb_document_unref          (GbDocument     *self);
GbTemplate *gb_document_get_template   (GbDocument     *self);
void        gb_document_set_font       (GbDocument     *self,
                                        const char     *family);
const char *gb_document_get_font       (GbDocument     *self);
void        gb_document_set_show_photo (GbDocument     *self,
                                        gboolean        show);
void        gb_document_set_show_qr    (GbDocument     *self,
                                        gboolean        show);
void        gb_document_set_date       (GbDocument     *self,
                                        const char     *iso_date);
void        gb_document_set_card_validity (GbDocument *self,
                                           guint       months);
void        gb_document_add_paper      (GbDocument     *self,
                                        GbPaper        *paper);
GPtrArray  *gb_document_get_papers     (GbDocument     *self);
guint       gb_document_get_n_pages    (GbDocument     *self);
void        gb_document_get_page_size  (GbDocument     *self,
                                        double         *width_pt,
                                        double         *height_pt);

gboolean    gb_document_prepare        (GbDocument     *self,
                                        GError        **error);
void        gb_document_render_page    (GbDocument     *self,
                                        cairo_t        *cr,
                                        guint           page);
GBytes     *gb_document_to_pdf         (GbDocument     *self,
                                        GCancellable   *cancellable,
                                        GbProgressFunc  progress,
                                        gpointer        user_data,
                                        GError        **error);

GPtrArray  *gb_document_check_fit      (GbDocument     *self,
                                        GError        **error);
GBytes     *gb_document_paper_pdf      (GbDocument     *self,
                                        guint           index,
                                        GError        **error);
const char *gb_document_get_value      (GbDocument     *self,
                                        const char     *key);
char       *gb_document_qr_text        (GbDocument     *self,
                                        GbPaper        *paper);
char       *gb_document_payload        (const char     *symbol,
                                        const char     *serial,
                                        const char     *iso_date,
                                        const char     *check,
                                        const char     *name);

GbDocument *gb_document_new_for_database (GbDatabase  *database,
                                          const char  *template_id,
                                          GError     **error);

/* What gb_document_render_async() draws, and for whom. */
typedef struct
{
  const char   *kind;         /* artisan | award | membership | card */
  const char   *template_id;
  const char   *font;         /* NULL: the template's */
  const gint64 *ids;          /* the artisans or members; an award's contest */
  guint         n_ids;
  gboolean      photo;
  gboolean      qr;
  const char   *issue_path;   /* NULL: a draft; else issued into this file */
} GbRenderOptions;

typedef struct
{
  GbDocument *document;       /* the papers drawn, for printing */
  GBytes     *pdf;
  guint       n_skipped;      /* records left out for a fact their paper lacks */
  char       *skipped;        /* the first reasons, one a line; NULL: none */
} GbRendered;

void        gb_document_render_async   (const char            *database_path,
                                        const GbRenderOptions *options,
                                        GbProgressFunc         progress,
                                        gpointer               progress_data,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
GbRendered *gb_document_render_finish  (GAsyncResult          *result,
                                        GError               **error);
void        gb_rendered_free           (GbRendered            *rendered);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbDocument, gb_document_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbRendered, gb_rendered_free)

G_END_DECLS
