/* gb-flow.h — text and tables flowed across pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports and the register book are a flow of blocks: paragraphs (which
 * may break between lines), tables (whose header row repeats on every page
 * and whose rows never split), and drawn blocks of a fixed height (the
 * Decree 30 heading, a signature, a chart), which move whole to the next
 * page when they do not fit. Lengths are in millimetres, sizes in points.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gb-fonts.h"
#include "gb-template.h"

G_BEGIN_DECLS

typedef struct
{
  double   width, height;               /* the sheet */
  double   top, bottom, left, right;    /* margins */
  double   page_number_size;            /* pt; 0: no page numbers */
} GbPageStyle;

typedef enum
{
  GB_FLOW_BOLD           = 1 << 0,
  GB_FLOW_ITALIC         = 1 << 1,
  GB_FLOW_KEEP_WITH_NEXT = 1 << 2,   /* never last on a page */
  GB_FLOW_MARKUP         = 1 << 3,   /* the text is Pango markup */
} GbFlowFlags;

typedef struct _GbFlow GbFlow;
typedef struct _GbFlowTable GbFlowTable;

/* Draws a block at (@x, @y) mm, @width mm wide, on @cr in millimetres. */
typedef void (*GbFlowDrawFunc) (cairo_t   *cr,
                                GbFontSet *fonts,
                                double     x,
                                double     y,
                                double     width,
                                gpointer   data);

/* The height in mm a drawn block needs at @width mm, measured with @fonts
 * when the flow is laid out. */
typedef double (*GbFlowMeasureFunc) (GbFontSet *fonts,
                                     double     width,
                                     gpointer   data);

GbFlow      *gb_flow_new            (const GbPageStyle *style);
void         gb_flow_free           (GbFlow            *self);
void         gb_flow_set_font       (GbFlow            *self,
                                     const char        *family);
void         gb_flow_set_title      (GbFlow            *self,
                                     const char        *title);
void         gb_flow_set_mark_missing (GbFlow          *self,
                                       gboolean         mark);
const char *const *gb_flow_get_warnings (GbFlow        *self);
void         gb_flow_add_text       (GbFlow            *self,
                                     const char        *text,
                                     double             size_pt,
                                     GbAlign            align,
                                     double             first_indent,
                                     double             space_before_pt,
                                     double             space_after_pt,
                                     GbFlowFlags        flags);
void         gb_flow_add_block      (GbFlow            *self,
                                     double             height,
                                     const char        *texts,
                                     GbFlowDrawFunc     draw,
                                     gpointer           data,
                                     GDestroyNotify     destroy);
void         gb_flow_set_measure    (GbFlow            *self,
                                     GbFlowMeasureFunc  measure);
void         gb_flow_keep_with_previous (GbFlow        *self);
void         gb_flow_add_space      (GbFlow            *self,
                                     double             height);
void         gb_flow_add_page_break (GbFlow            *self);
GbFlowTable *gb_flow_add_table      (GbFlow            *self,
                                     guint              n_columns,
                                     double             size_pt);
void         gb_flow_table_set_column (GbFlowTable     *table,
                                       guint            column,
                                       const char      *title,
                                       double           weight,
                                       GbAlign          align);
void         gb_flow_table_set_numeric (GbFlowTable    *table,
                                        guint           column,
                                        gboolean        numeric);
void         gb_flow_table_add_row  (GbFlowTable       *table,
                                     const char *const *cells);
void         gb_flow_table_set_footer (GbFlowTable     *table,
                                       const char *const *cells);
guint        gb_flow_table_get_n_rows (GbFlowTable     *table);

gboolean     gb_flow_layout         (GbFlow            *self,
                                     GCancellable      *cancellable,
                                     GError           **error);
guint        gb_flow_get_n_pages    (GbFlow            *self);
GbFontSet   *gb_flow_get_fonts      (GbFlow            *self);
const GbPageStyle *gb_flow_get_style (GbFlow           *self);
void         gb_flow_render_page    (GbFlow            *self,
                                     cairo_t           *cr,
                                     guint              page);
GBytes      *gb_flow_to_pdf         (GbFlow            *self,
                                     GCancellable      *cancellable,
                                     GbProgressFunc     progress,
                                     gpointer           user_data,
                                     GError           **error);
void         gb_flow_to_pdf_async   (GbFlow              *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GBytes      *gb_flow_to_pdf_finish  (GAsyncResult      *result,
                                     GError           **error);

GBytes      *gb_flow_to_pdf_range   (GbFlow            *self,
                                     guint              first,
                                     guint              n,
                                     GCancellable      *cancellable,
                                     GbProgressFunc     progress,
                                     gpointer           user_data,
                                     GError           **error);

void         gb_flow_draw_text      (cairo_t           *cr,
                                     GbFontSet         *fonts,
                                     const char        *text,
                                     double             x,
                                     double             y,
                                     double             width,
                                     double             size_pt,
                                     GbAlign            align,
                                     GbFlowFlags        flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbFlow, gb_flow_free)

G_END_DECLS
