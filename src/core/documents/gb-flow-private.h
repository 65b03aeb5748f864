/* gb-flow-private.h — what the pieces of a flow share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbFlow is one object written in three files: building the flow and
 * drawing its pages (gb-flow.c), laying the blocks out onto pages
 * (gb-flow-layout.c), and tables, measured and drawn (gb-flow-table.c).
 * Only those files include this header.
 */
#pragma once

#include <pango/pangocairo.h>

#include "gb-flow.h"

G_BEGIN_DECLS

#define CELL_PAD_X 1.5     /* mm inside a table cell */
#define CELL_PAD_Y 1.0
#define RULE_WIDTH 0.2
#define SLACK      1.0     /* mm kept for what estimated widths leave out */

typedef enum { BLOCK_TEXT, BLOCK_TABLE, BLOCK_DRAW, BLOCK_SPACE, BLOCK_BREAK } BlockKind;

typedef struct
{
  double top;        /* within the layout */
  double height;
  double baseline;
  double x;
} Line;

typedef struct
{
  double       width;     /* on one line, mm (estimated) */
  double       figure;    /* its widest word holding a digit, mm: a figure never breaks */
  double       wrapped;   /* height when wrapped in its column; 0 until needed */
  guint        count;     /* cells holding this text */
  PangoLayout *layout;    /* shaped once for texts that repeat (a craft, a date) */
} Extent;

struct _GbFlowTable
{
  guint      n_columns;
  double     size;
  char     **titles;
  double    *weights;
  GbAlign   *aligns;
  gboolean  *numeric;     /* sized to the widest figure, never wrapped */
  GPtrArray *rows;        /* of GStrv */
  char     **footer;
  /* layout */
  double    *widths;      /* mm */
  double     header_height;
  double    *heights;     /* per row; the footer last */
  GHashTable *extents;    /* "column\x1fbold\x1ftext" -> Extent */
  GHashTable *advances;   /* letter (| bold) -> mm */
};

typedef struct
{
  BlockKind      kind;
  /* text */
  char          *text;
  double         size;
  GbAlign        align;
  double         indent;
  double         before, after;   /* mm */
  GbFlowFlags    flags;
  PangoLayout   *layout;
  GArray        *lines;           /* of Line */
  /* table */
  GbFlowTable   *table;
  /* draw */
  double         height;
  char          *texts;
  GbFlowDrawFunc draw;
  GbFlowMeasureFunc measure;      /* NULL: height is fixed */
  gpointer       data;
  GDestroyNotify destroy;
  gboolean       keep_with_previous;
} Block;

typedef struct
{
  Block  *block;
  double  y;          /* top on the page, mm */
  guint   first;      /* lines or rows */
  guint   last;       /* exclusive */
  gboolean header;    /* a table fragment starting with its header row */
  gboolean footer;    /* a table fragment ending with its footer */
} Placement;

struct _GbFlow
{
  GbPageStyle  style;
  char        *font;
  char        *title;
  GPtrArray   *blocks;
  GbFontSet   *fonts;
  GPtrArray   *pages;        /* of GArray of Placement */
  gboolean     laid_out;
  gboolean     mark_missing; /* a letter the font lacks: □ and a warning, not an error */
  GPtrArray   *warnings;     /* of char *, what was marked */
};

/* gb-flow.c */
double       gb_flow_content_width (GbFlow       *self);

/* gb-flow-layout.c */
PangoLayout *gb_flow_text_layout   (GbFontSet    *fonts,
                                    const char   *text,
                                    double        width,
                                    double        size_pt,
                                    GbAlign       align,
                                    GbFlowFlags   flags);

/* gb-flow-table.c */
GbFlowTable *gb_flow_table_new     (guint         n_columns,
                                    double        size_pt);
void         gb_flow_table_free    (GbFlowTable  *t);
gboolean     gb_flow_measure_table (GbFlow       *self,
                                    GbFlowTable  *t,
                                    GCancellable *cancellable,
                                    GError      **error);
void         gb_flow_draw_table    (GbFlow       *self,
                                    cairo_t      *cr,
                                    Placement    *p);

G_END_DECLS
