/* gb-flow.c — flowing paragraphs, tables and drawn blocks onto pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-flow.h"

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

static void
extent_free (gpointer data)
{
  Extent *e = data;

  g_clear_object (&e->layout);
  g_free (e);
}

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

static void
table_free (GbFlowTable *t)
{
  g_strfreev (t->titles);
  g_free (t->weights);
  g_free (t->aligns);
  g_free (t->numeric);
  g_ptr_array_unref (t->rows);
  g_strfreev (t->footer);
  g_free (t->widths);
  g_free (t->heights);
  g_clear_pointer (&t->extents, g_hash_table_unref);
  g_clear_pointer (&t->advances, g_hash_table_unref);
  g_free (t);
}

static void
block_free (gpointer data)
{
  Block *b = data;

  g_free (b->text);
  g_clear_object (&b->layout);
  g_clear_pointer (&b->lines, g_array_unref);
  g_clear_pointer (&b->table, table_free);
  g_free (b->texts);
  if (b->destroy)
    b->destroy (b->data);
  g_free (b);
}

GbFlow *
gb_flow_new (const GbPageStyle *style)
{
  GbFlow *self = g_new0 (GbFlow, 1);

  self->style = *style;
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return self;
}

void
gb_flow_free (GbFlow *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->pages);
  g_clear_pointer (&self->fonts, gb_font_set_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self->font);
  g_free (self->title);
  g_free (self);
}

/* Reports print what the database holds, and a name may have a letter no
 * font of the paper has (a fullwidth "＝" pasted from elsewhere): with
 * @mark, the letter is printed as a visible □ and the flow says so in its
 * warnings, where a paper such as a certificate stops with an error. */
void
gb_flow_set_mark_missing (GbFlow   *self,
                          gboolean  mark)
{
  self->mark_missing = mark;
  self->laid_out = FALSE;
}

/* What the last layout marked, one sentence each; NULL-terminated. */
const char *const *
gb_flow_get_warnings (GbFlow *self)
{
  static const char *const none[] = { NULL };

  return self->warnings && self->warnings->len > 1 ? (const char *const *) self->warnings->pdata : none;
}

void
gb_flow_set_font (GbFlow     *self,
                  const char *family)
{
  g_free (self->font);
  self->font = family && *family ? g_strdup (family) : NULL;
  self->laid_out = FALSE;
}

void
gb_flow_set_title (GbFlow     *self,
                   const char *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
}

static Block *
add_block (GbFlow    *self,
           BlockKind  kind)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  g_ptr_array_add (self->blocks, b);
  self->laid_out = FALSE;
  return b;
}

void
gb_flow_add_text (GbFlow      *self,
                  const char  *text,
                  double       size_pt,
                  GbAlign      align,
                  double       first_indent,
                  double       space_before_pt,
                  double       space_after_pt,
                  GbFlowFlags  flags)
{
  Block *b = add_block (self, BLOCK_TEXT);

  b->text = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_NFC);
  b->size = size_pt;
  b->align = align;
  b->indent = first_indent;
  b->before = space_before_pt * GB_MM_PER_PT;
  b->after = space_after_pt * GB_MM_PER_PT;
  b->flags = flags;
}

/* @texts: every word the block will draw, for the font check. */
void
gb_flow_add_block (GbFlow         *self,
                   double          height,
                   const char     *texts,
                   GbFlowDrawFunc  draw,
                   gpointer        data,
                   GDestroyNotify  destroy)
{
  Block *b = add_block (self, BLOCK_DRAW);

  b->height = height;
  b->texts = g_strdup (texts ? texts : "");
  b->draw = draw;
  b->data = data;
  b->destroy = destroy;
}

/* The block added last measures its height once the fonts are known: a
 * long issuer's name takes three lines, a short one one. */
void
gb_flow_set_measure (GbFlow            *self,
                     GbFlowMeasureFunc  measure)
{
  Block *b;

  g_return_if_fail (self->blocks->len > 0);
  b = g_ptr_array_index (self->blocks, self->blocks->len - 1);
  g_return_if_fail (b->kind == BLOCK_DRAW);
  b->measure = measure;
  self->laid_out = FALSE;
}

/* The block added last never starts a page: what comes before it gives up
 * its last lines or rows to go over with it (a signature block never
 * stands alone on a page). */
void
gb_flow_keep_with_previous (GbFlow *self)
{
  g_return_if_fail (self->blocks->len > 0);
  ((Block *) g_ptr_array_index (self->blocks, self->blocks->len - 1))->keep_with_previous = TRUE;
}

void
gb_flow_add_space (GbFlow *self,
                   double  height)
{
  add_block (self, BLOCK_SPACE)->height = height;
}

void
gb_flow_add_page_break (GbFlow *self)
{
  add_block (self, BLOCK_BREAK);
}

GbFlowTable *
gb_flow_add_table (GbFlow *self,
                   guint   n_columns,
                   double  size_pt)
{
  Block *b = add_block (self, BLOCK_TABLE);
  GbFlowTable *t = g_new0 (GbFlowTable, 1);

  t->n_columns = n_columns;
  t->size = size_pt;
  t->titles = g_new0 (char *, n_columns + 1);
  t->weights = g_new0 (double, n_columns);
  t->aligns = g_new0 (GbAlign, n_columns);
  t->numeric = g_new0 (gboolean, n_columns);
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n_columns; i++)
    {
      t->titles[i] = g_strdup ("");
      t->weights[i] = 1;
    }
  b->table = t;
  return t;
}

void
gb_flow_table_set_column (GbFlowTable *t,
                          guint        column,
                          const char  *title,
                          double       weight,
                          GbAlign      align)
{
  g_return_if_fail (column < t->n_columns);
  g_free (t->titles[column]);
  t->titles[column] = g_utf8_normalize (title, -1, G_NORMALIZE_NFC);
  t->weights[column] = weight;
  t->aligns[column] = align;
}

/* A column of figures (amounts, counts, numbers) is as wide as its widest
 * figure, the totals' included, and never wraps: the text columns give
 * way instead. */
void
gb_flow_table_set_numeric (GbFlowTable *t,
                           guint        column,
                           gboolean     numeric)
{
  g_return_if_fail (column < t->n_columns);
  t->numeric[column] = numeric;
}

/* The columns the footer's cell @column covers: itself and the empty
 * cells after it (the totals line runs over its neighbours' empty cells). */
static guint
footer_span (GbFlowTable *t,
             guint        column)
{
  guint span = 1;

  while (column + span < t->n_columns && t->footer[column + span][0] == '\0')
    span++;
  return span;
}

static char **
copy_cells (GbFlowTable       *t,
            const char *const *cells)
{
  char **row = g_new0 (char *, t->n_columns + 1);

  for (guint i = 0; i < t->n_columns; i++)
    row[i] = g_utf8_normalize (cells[i] ? cells[i] : "", -1, G_NORMALIZE_NFC);
  return row;
}

void
gb_flow_table_add_row (GbFlowTable       *t,
                       const char *const *cells)
{
  g_ptr_array_add (t->rows, copy_cells (t, cells));
}

void
gb_flow_table_set_footer (GbFlowTable       *t,
                          const char *const *cells)
{
  g_strfreev (t->footer);
  t->footer = copy_cells (t, cells);
}

guint
gb_flow_table_get_n_rows (GbFlowTable *t)
{
  return t->rows->len;
}

/* Laying out ------------------------------------------------------------- */

static PangoLayout *
text_layout (GbFontSet   *fonts,
             const char  *text,
             double       width,
             double       size_pt,
             GbAlign      align,
             GbFlowFlags  flags)
{
  PangoLayout *layout = pango_layout_new (gb_font_set_get_context (fonts));
  g_autoptr(PangoFontDescription) desc = gb_font_set_describe (fonts, flags & GB_FLOW_BOLD,
                                                               flags & GB_FLOW_ITALIC, size_pt);
  static const PangoAlignment aligns[] = {
    PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT, PANGO_ALIGN_LEFT,
  };

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, aligns[align]);
  pango_layout_set_justify (layout, align == GB_ALIGN_JUSTIFY);
  if (flags & GB_FLOW_MARKUP)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

/* A single-block text, drawn in place (for drawn blocks: headings, signatures). */
void
gb_flow_draw_text (cairo_t     *cr,
                   GbFontSet   *fonts,
                   const char  *text,
                   double       x,
                   double       y,
                   double       width,
                   double       size_pt,
                   GbAlign      align,
                   GbFlowFlags  flags)
{
  g_autoptr(PangoLayout) layout = text_layout (fonts, text, width, size_pt, align, flags);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static double
content_width (GbFlow *self)
{
  return self->style.width - self->style.left - self->style.right;
}

static void
measure_text (GbFlow *self,
              Block  *b)
{
  PangoLayoutIter *iter;

  g_clear_object (&b->layout);
  b->layout = text_layout (self->fonts, b->text, content_width (self), b->size, b->align, b->flags);
  if (b->indent > 0)
    pango_layout_set_indent (b->layout, (int) (b->indent * PANGO_SCALE));
  g_clear_pointer (&b->lines, g_array_unref);
  b->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  iter = pango_layout_get_iter (b->layout);
  do
    {
      PangoRectangle logical;
      int y0, y1;
      Line line;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      line.top = (double) y0 / PANGO_SCALE;
      line.height = (double) (y1 - y0) / PANGO_SCALE;
      line.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      line.x = (double) logical.x / PANGO_SCALE;
      g_array_append_val (b->lines, line);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static PangoLayout *
cell_layout (GbFlow      *self,
             GbFlowTable *t,
             guint        column,
             const char  *text,
             gboolean     bold)
{
  return text_layout (self->fonts, text, t->widths[column] - 2 * CELL_PAD_X, t->size,
                      t->aligns[column], bold ? GB_FLOW_BOLD : 0);
}

/* The footer's cell @column, laid out across the columns it spans. */
static PangoLayout *
footer_layout (GbFlow      *self,
               GbFlowTable *t,
               guint        column)
{
  guint span = footer_span (t, column);
  double width = 0;

  for (guint k = 0; k < span; k++)
    width += t->widths[column + k];
  return text_layout (self->fonts, t->footer[column], width - 2 * CELL_PAD_X, t->size,
                      t->aligns[column], GB_FLOW_BOLD);
}

/* A text's width on one line, from the advances of its letters, each
 * measured once: shaping every cell of a 10,000-row table only to size
 * its columns took most of the time of a roster. Kerning is left out; the
 * callers keep a slack, and measure exactly what comes near the edge. */
static double
estimate_width (GbFlow      *self,
                GbFlowTable *t,
                gboolean     bold,
                const char  *text)
{
  double width = 0;

  if (t->advances == NULL)
    t->advances = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gpointer key = GUINT_TO_POINTER (c | (bold ? 0x80000000u : 0));
      double *advance = g_hash_table_lookup (t->advances, key);

      if (advance == NULL)
        {
          char utf8[8] = { 0 };
          g_autoptr(PangoLayout) layout = NULL;
          int w;

          g_unichar_to_utf8 (c, utf8);
          layout = text_layout (self->fonts, utf8, -1, t->size, GB_ALIGN_LEFT, bold ? GB_FLOW_BOLD : 0);
          pango_layout_set_width (layout, -1);
          pango_layout_get_size (layout, &w, NULL);
          advance = g_new (double, 1);
          *advance = (double) w / PANGO_SCALE;
          g_hash_table_insert (t->advances, key, advance);
        }
      width += *advance;
    }
  return width;
}

static double
line_height (GbFlow      *self,
             GbFlowTable *t,
             gboolean     bold)
{
  g_autoptr(PangoLayout) layout = text_layout (self->fonts, "Ảg", -1, t->size, GB_ALIGN_LEFT,
                                               bold ? GB_FLOW_BOLD : 0);
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static Extent *
measure_cell (GbFlow      *self,
              GbFlowTable *t,
              GHashTable  *known,
              guint        column,
              const char  *text,
              gboolean     bold,
              GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%u\x1f%d\x1f%s", column, bold, text);
  Extent *e = g_hash_table_lookup (known, key);

  if (e != NULL)
    return e;
  if (!gb_font_set_check (self->fonts, bold, FALSE, text, error))
    return NULL;
  e = g_new0 (Extent, 1);
  e->width = estimate_width (self, t, bold, text);
  if (strpbrk (text, "0123456789") != NULL)
    {
      g_auto(GStrv) words = g_strsplit (text, " ", -1);

      for (guint i = 0; words[i]; i++)
        if (strpbrk (words[i], "0123456789") != NULL)
          e->figure = MAX (e->figure, estimate_width (self, t, bold, words[i]));
    }
  g_hash_table_insert (known, g_steal_pointer (&key), e);
  return e;
}

/* The widest word of a header: headers wrap between words, never inside. */
static double
widest_word (GbFlow      *self,
             GbFlowTable *t,
             const char  *title)
{
  g_auto(GStrv) parts = g_strsplit (title, " ", -1);
  double widest = 0;

  for (guint i = 0; parts[i]; i++)
    {
      g_autoptr(PangoLayout) layout = text_layout (self->fonts, parts[i], -1, t->size, GB_ALIGN_LEFT,
                                                   GB_FLOW_BOLD);
      int w;

      pango_layout_set_width (layout, -1);
      pango_layout_get_size (layout, &w, NULL);
      widest = MAX (widest, (double) w / PANGO_SCALE);
    }
  return widest;
}

/* Column widths as a table in a word processor would find them: a column
 * whose widest cell fits its share of the page gets just that (numbers,
 * dates, codes stay on one line); the others share what is left by
 * their weights and wrap. */
static void
share_widths (GbFlow       *self,
              GbFlowTable  *t,
              double       *natural,
              const double *least)
{
  g_autofree gboolean *settled = g_new0 (gboolean, t->n_columns);
  double room = content_width (self), total = 0;
  gboolean changed = TRUE;

  for (guint i = 0; i < t->n_columns; i++)
    total += natural[i];
  if (total <= room)
    {
      double weights = 0;

      for (guint i = 0; i < t->n_columns; i++)
        weights += t->weights[i];
      for (guint i = 0; i < t->n_columns; i++)
        t->widths[i] = natural[i] + (room - total) * t->weights[i] / weights;
      return;
    }
  /* Columns of figures keep their width whatever it costs the others. */
  for (guint i = 0; i < t->n_columns; i++)
    if (t->numeric[i])
      {
        settled[i] = TRUE;
        t->widths[i] = natural[i];
        room -= natural[i];
      }
  /* Short columns (codes, dates, kinds) keep their width, if that leaves
   * the long ones enough room. */
  {
    double short_total = 0;

    for (guint i = 0; i < t->n_columns; i++)
      if (!settled[i] && natural[i] <= room * 0.18)
        short_total += natural[i];
    if (short_total <= room * 0.75)
      for (guint i = 0; i < t->n_columns; i++)
        if (!settled[i] && natural[i] <= room * 0.18)
          {
            settled[i] = TRUE;
            t->widths[i] = natural[i];
            room -= natural[i];
          }
  }
  /* Then any long column whose text fits its share. */
  while (changed)
    {
      double weights = 0;

      changed = FALSE;
      for (guint i = 0; i < t->n_columns; i++)
        if (!settled[i])
          weights += t->weights[i];
      for (guint i = 0; i < t->n_columns && weights > 0; i++)
        if (!settled[i] && natural[i] <= room * t->weights[i] / weights)
          {
            settled[i] = TRUE;
            t->widths[i] = natural[i];
            room -= natural[i];
            changed = TRUE;
            break;
          }
    }
  {
    double weights = 0;

    for (guint i = 0; i < t->n_columns; i++)
      if (!settled[i])
        weights += t->weights[i];
    for (guint i = 0; i < t->n_columns; i++)
      if (!settled[i])
        t->widths[i] = MAX (room, 0) * t->weights[i] / weights;
  }
  /* A wrapping column is never narrower than its widest figure: the
   * others give it what they have above their own least. */
  for (guint i = 0; i < t->n_columns; i++)
    if (!settled[i] && t->widths[i] < least[i])
      {
        double need = least[i] - t->widths[i], spare = 0;

        for (guint j = 0; j < t->n_columns; j++)
          if (j != i && !settled[j] && t->widths[j] > least[j])
            spare += t->widths[j] - least[j];
        need = MIN (need, spare);
        for (guint j = 0; j < t->n_columns && spare > 0; j++)
          if (j != i && !settled[j] && t->widths[j] > least[j])
            t->widths[j] -= need * (t->widths[j] - least[j]) / spare;
        t->widths[i] += need;
      }
}

/* Column widths, then row heights. Texts that repeat (a craft, a commune,
 * a status) are measured once. */
static gboolean
measure_table (GbFlow       *self,
               GbFlowTable  *t,
               GCancellable *cancellable,
               GError      **error)
{
  GHashTable *known;
  g_autofree double *natural = g_new0 (double, t->n_columns);
  g_autofree double *least = g_new0 (double, t->n_columns);
  guint n = t->rows->len + (t->footer ? 1 : 0);
  double line, line_bold;

  g_clear_pointer (&t->extents, g_hash_table_unref);
  known = t->extents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, extent_free);

  g_free (t->widths);
  t->widths = g_new0 (double, t->n_columns);
  for (guint i = 0; i < t->n_columns; i++)
    {
      if (!gb_font_set_check (self->fonts, TRUE, FALSE, t->titles[i], error))
        return FALSE;
      natural[i] = widest_word (self, t, t->titles[i]) + 2 * CELL_PAD_X + 0.5;
    }
  for (guint r = 0; r < n; r++)
    {
      char **cells = r < t->rows->len ? g_ptr_array_index (t->rows, r) : t->footer;
      gboolean bold = r >= t->rows->len;

      if (r % 512 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint i = 0; i < t->n_columns; i++)
        {
          Extent *e;

          /* The totals line may run over its neighbours' empty cells;
           * a total of figures is as wide as its column. */
          if (cells[i][0] == '\0' || (bold && !(t->numeric[i] && footer_span (t, i) == 1)))
            continue;
          if ((e = measure_cell (self, t, known, i, cells[i], bold, error)) == NULL)
            return FALSE;
          e->count++;
          natural[i] = MAX (natural[i], e->width + 2 * CELL_PAD_X + SLACK);
          least[i] = MAX (least[i], e->figure + 2 * CELL_PAD_X + SLACK);
        }
    }
  share_widths (self, t, natural, least);

  t->header_height = 0;
  for (guint i = 0; i < t->n_columns; i++)
    {
      g_autoptr(PangoLayout) layout = cell_layout (self, t, i, t->titles[i], TRUE);
      int h;

      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_get_size (layout, NULL, &h);
      t->header_height = MAX (t->header_height, (double) h / PANGO_SCALE + 2 * CELL_PAD_Y);
    }

  line = line_height (self, t, FALSE);
  line_bold = line_height (self, t, TRUE);
  g_free (t->heights);
  t->heights = g_new0 (double, n);
  for (guint r = 0; r < n; r++)
    {
      char **cells = r < t->rows->len ? g_ptr_array_index (t->rows, r) : t->footer;
      gboolean bold = r >= t->rows->len;
      double height = 0;

      for (guint i = 0; i < t->n_columns; i++)
        {
          Extent *e;

          if (cells[i][0] == '\0')
            continue;
          if (bold)
            {
              /* The footer's cells, each across its span. */
              g_autoptr(PangoLayout) layout = footer_layout (self, t, i);
              int h;

              pango_layout_get_size (layout, NULL, &h);
              height = MAX (height, (double) h / PANGO_SCALE);
              continue;
            }
          if ((e = measure_cell (self, t, known, i, cells[i], bold, error)) == NULL)
            return FALSE;
          if (e->width + SLACK <= t->widths[i] - 2 * CELL_PAD_X)
            height = MAX (height, bold ? line_bold : line);
          else
            {
              if (e->wrapped == 0)
                {
                  g_autoptr(PangoLayout) layout = cell_layout (self, t, i, cells[i], bold);
                  int h;

                  pango_layout_get_size (layout, NULL, &h);
                  e->wrapped = (double) h / PANGO_SCALE;
                }
              height = MAX (height, e->wrapped);
            }
        }
      if (height == 0)
        height = t->size * GB_MM_PER_PT * 1.15;
      t->heights[r] = height + 2 * CELL_PAD_Y;
    }
  return TRUE;
}

static double
page_bottom (GbFlow *self)
{
  return self->style.height - self->style.bottom;
}

typedef struct
{
  GbFlow *self;
  GArray *page;
  double  y;
} Cursor;

static void
new_page (Cursor *c)
{
  c->page = g_array_new (FALSE, TRUE, sizeof (Placement));
  g_ptr_array_add (c->self->pages, c->page);
  c->y = c->self->style.top;
}

static gboolean
at_top (Cursor *c)
{
  return c->page->len == 0;
}

static void
place (Cursor   *c,
       Block    *b,
       double    y,
       guint     first,
       guint     last,
       gboolean  header,
       gboolean  footer)
{
  Placement p = { b, y, first, last, header, footer };

  g_array_append_val (c->page, p);
}

/* The height of the first piece of @b that cannot be separated from it. */
static double
first_unit (Block *b)
{
  switch (b->kind)
    {
    case BLOCK_TEXT:
      return b->before + (b->lines->len ? g_array_index (b->lines, Line, 0).height : 0);
    case BLOCK_TABLE:
      return b->table->header_height + (b->table->rows->len ? b->table->heights[0] : 0);
    case BLOCK_DRAW:
      return b->height;
    case BLOCK_SPACE:
    case BLOCK_BREAK:
    default:
      return 0;
    }
}

static double
text_height (Block *b)
{
  Line *last;

  if (b->lines->len == 0)
    return 0;
  last = &g_array_index (b->lines, Line, b->lines->len - 1);
  return last->top + last->height;
}

static void
flow_text (Cursor *c,
           Block  *b,
           Block  *next,
           double  reserve)
{
  double bottom = page_bottom (c->self);
  guint first = 0;
  double start_top;
  gboolean fragment_at_top;

  if (!at_top (c))
    c->y += b->before;
  /* A heading stays with what follows it. */
  if ((b->flags & GB_FLOW_KEEP_WITH_NEXT) && next != NULL && !at_top (c)
      && c->y + text_height (b) + first_unit (next) > bottom)
    new_page (c);

  start_top = 0;
  fragment_at_top = at_top (c);
  for (guint i = 0; i < b->lines->len; i++)
    {
      Line *line = &g_array_index (b->lines, Line, i);

      if (c->y + (line->top + line->height - start_top) > bottom && !(at_top (c) && i == first))
        {
          if (i > first)
            place (c, b, c->y, first, i, FALSE, FALSE);
          new_page (c);
          first = i;
          start_top = line->top;
          fragment_at_top = TRUE;
        }
    }
  /* What must follow on this page does not fit: the last two lines go
   * over with it. */
  if (reserve > 0 && c->y + text_height (b) - start_top + b->after + reserve > bottom)
    {
      guint left = b->lines->len - first, move = MIN (left, 2);

      if (move == left && fragment_at_top)
        move = left - 1;
      if (move > 0)
        {
          guint split = b->lines->len - move;

          if (split > first)
            place (c, b, c->y, first, split, FALSE, FALSE);
          new_page (c);
          first = split;
          start_top = g_array_index (b->lines, Line, split).top;
        }
    }
  place (c, b, c->y, first, b->lines->len, FALSE, FALSE);
  c->y += text_height (b) - start_top + b->after;
}

static void
flow_table (Cursor *c,
            Block  *b,
            double  reserve)
{
  GbFlowTable *t = b->table;
  double bottom = page_bottom (c->self);
  guint n = t->rows->len + (t->footer ? 1 : 0);
  guint first = 0;
  gboolean fragment_at_top;
  double y;

  if (!at_top (c) && c->y + first_unit (b) > bottom)
    new_page (c);
  fragment_at_top = at_top (c);
  y = c->y;
  c->y += t->header_height;
  for (guint r = 0; r < n; r++)
    {
      if (c->y + t->heights[r] > bottom && r > first)
        {
          /* The totals never stand alone: the last row goes over with them. */
          if (t->footer && r == n - 1 && r - 1 > first)
            {
              r--;
              c->y -= t->heights[r];
            }
          place (c, b, y, first, r, TRUE, FALSE);
          new_page (c);
          first = r;
          y = c->y;
          c->y += t->header_height;   /* the header again */
          fragment_at_top = TRUE;
        }
      c->y += t->heights[r];
    }
  /* What must follow on this page does not fit: the last row (and the
   * totals) go over with it, under the header. */
  if (reserve > 0 && c->y + 2 + reserve > bottom)
    {
      guint left = n - first, move = MIN (left, t->footer ? 2u : 1u);

      if (move == left && fragment_at_top)
        move = left - 1;
      if (move > 0)
        {
          guint split = n - move;

          if (split > first)
            place (c, b, y, first, split, TRUE, FALSE);
          new_page (c);
          first = split;
          y = c->y;
          c->y += t->header_height;
          for (guint r = split; r < n; r++)
            c->y += t->heights[r];
        }
    }
  place (c, b, y, first, n, TRUE, t->footer != NULL);
  c->y += 2;
}

static void
warn_missing (GbFlow     *self,
              const char *text,
              gboolean    markup,
              const char *mark,
              GString    *missing)
{
  g_autofree char *plain = NULL;

  if (missing->len == 0)
    return;
  if (!markup || !pango_parse_markup (text, -1, 0, NULL, &plain, NULL, NULL))
    plain = g_strdup (text);
  for (const char *p = missing->str; *p; p = g_utf8_next_char (p))
    {
      g_autofree char *letter = g_strndup (p, g_utf8_next_char (p) - p);
      /* Translators: font, letter, its code, the text it is in, the mark printed instead. */
      g_autofree char *warning = g_strdup_printf (_("The font “%s” has no letter “%s” (U+%04X) needed for "
                                                    "“%s”: it is printed as “%s”."),
                                                  gb_font_set_get_family (self->fonts), letter,
                                                  g_utf8_get_char (p), plain, mark);
      gboolean known = FALSE;

      for (guint i = 0; i + 1 < self->warnings->len && !known; i++)
        known = g_str_equal (self->warnings->pdata[i], warning);
      if (!known)
        g_ptr_array_insert (self->warnings, (int) self->warnings->len - 1, g_steal_pointer (&warning));
    }
}

/* Replaces *@text by its marked copy when the face lacks some letter. */
static gboolean
mark_text (GbFlow     *self,
           gboolean    bold,
           gboolean    italic,
           gboolean    markup,
           char      **text,
           GError    **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *original = g_strdup (*text);
  GError *local = NULL;
  char *marked;

  if (*text == NULL)
    return TRUE;
  for (int pass = 0; pass < (markup && strstr (*text, "<b>") ? 2 : 1); pass++)
    {
      marked = gb_font_set_mark_missing (self->fonts, bold || pass == 1, italic, *text, missing, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (marked != NULL)
        {
          g_free (*text);
          *text = marked;
        }
    }
  /* The mark is □, or "?" in a font without it. */
  warn_missing (self, original, markup,
                g_utf8_strchr (*text, -1, 0x25A1) && !g_utf8_strchr (original, -1, 0x25A1) ? "\u25A1" : "?",
                missing);
  return TRUE;
}

/* Marks the letters the font lacks in the texts and tables; drawn blocks
 * are checked as before. */
static gboolean
mark_missing (GbFlow  *self,
              GError **error)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (self->blocks, i);
      GbFlowTable *t = b->table;

      if (b->kind == BLOCK_TEXT
          && !mark_text (self, b->flags & GB_FLOW_BOLD, b->flags & GB_FLOW_ITALIC, b->flags & GB_FLOW_MARKUP,
                         &b->text, error))
        return FALSE;
      if (b->kind != BLOCK_TABLE)
        continue;
      for (guint c = 0; c < t->n_columns; c++)
        if (!mark_text (self, TRUE, FALSE, FALSE, &t->titles[c], error)
            || (t->footer && !mark_text (self, TRUE, FALSE, FALSE, &t->footer[c], error)))
          return FALSE;
      for (guint r = 0; r < t->rows->len; r++)
        {
          char **cells = g_ptr_array_index (t->rows, r);

          for (guint c = 0; c < t->n_columns; c++)
            if (!mark_text (self, FALSE, FALSE, FALSE, &cells[c], error))
              return FALSE;
        }
    }
  return TRUE;
}

gboolean
gb_flow_layout (GbFlow        *self,
                GCancellable  *cancellable,
                GError       **error)
{
  Cursor c = { self, NULL, 0 };

  if (self->laid_out)
    return TRUE;
  g_clear_pointer (&self->fonts, gb_font_set_free);
  if ((self->fonts = gb_font_set_new (self->font, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  if (self->mark_missing && !mark_missing (self, error))
    return FALSE;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (self->blocks, i);

      if (b->kind == BLOCK_TEXT)
        {
          gboolean ok = (b->flags & GB_FLOW_MARKUP)
                        ? gb_font_set_check_markup (self->fonts, b->flags & GB_FLOW_BOLD,
                                                    b->flags & GB_FLOW_ITALIC, b->text, error)
                        : gb_font_set_check (self->fonts, b->flags & GB_FLOW_BOLD,
                                             b->flags & GB_FLOW_ITALIC, b->text, error);
          if (!ok)
            return FALSE;
          measure_text (self, b);
        }
      else if (b->kind == BLOCK_TABLE && !measure_table (self, b->table, cancellable, error))
        return FALSE;
      else if (b->kind == BLOCK_DRAW)
        {
          if (!gb_font_set_check (self->fonts, FALSE, FALSE, b->texts, error)
              || !gb_font_set_check (self->fonts, TRUE, FALSE, b->texts, error))
            return FALSE;
          if (b->measure != NULL)
            b->height = b->measure (self->fonts, content_width (self), b->data);
        }
    }

  g_ptr_array_set_size (self->pages, 0);
  new_page (&c);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (self->blocks, i);
      Block *next = i + 1 < self->blocks->len ? g_ptr_array_index (self->blocks, i + 1) : NULL;
      /* The height the next block needs beside this one's end. */
      double reserve = next && next->keep_with_previous && next->kind == BLOCK_DRAW ? next->height : 0;

      switch (b->kind)
        {
        case BLOCK_TEXT:
          flow_text (&c, b, next, reserve);
          break;
        case BLOCK_TABLE:
          flow_table (&c, b, reserve);
          break;
        case BLOCK_DRAW:
          if (!at_top (&c) && c.y + b->height + reserve > page_bottom (self))
            new_page (&c);
          place (&c, b, c.y, 0, 0, FALSE, FALSE);
          c.y += b->height;
          break;
        case BLOCK_SPACE:
          if (!at_top (&c))
            c.y = MIN (c.y + b->height, page_bottom (self));
          break;
        case BLOCK_BREAK:
          if (!at_top (&c))
            new_page (&c);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  self->laid_out = TRUE;
  return TRUE;
}

guint
gb_flow_get_n_pages (GbFlow *self)
{
  return self->pages->len;
}

GbFontSet *
gb_flow_get_fonts (GbFlow *self)
{
  return self->fonts;
}

const GbPageStyle *
gb_flow_get_style (GbFlow *self)
{
  return &self->style;
}

/* Drawing ---------------------------------------------------------------- */

static void
draw_lines (GbFlow    *self,
            cairo_t   *cr,
            Placement *p)
{
  Block *b = p->block;
  double origin = g_array_index (b->lines, Line, p->first).top;

  for (guint i = p->first; i < p->last; i++)
    {
      Line *line = &g_array_index (b->lines, Line, i);
      PangoLayoutLine *pl = pango_layout_get_line_readonly (b->layout, (int) i);

      cairo_move_to (cr, self->style.left + line->x, p->y + line->baseline - origin);
      pango_cairo_show_layout_line (cr, pl);
    }
}

static void
draw_cell (GbFlow      *self,
           cairo_t     *cr,
           GbFlowTable *t,
           guint        column,
           const char  *text,
           double       x,
           double       y,
           gboolean     bold,
           gboolean     centre)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (text[0] == '\0')
    return;
  if (!centre && !bold && t->extents != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%u\x1f%d\x1f%s", column, bold, text);
      Extent *e = g_hash_table_lookup (t->extents, key);

      if (e != NULL && e->count > 1)
        {
          if (e->layout == NULL)
            e->layout = cell_layout (self, t, column, text, bold);
          cairo_move_to (cr, x + CELL_PAD_X, y + CELL_PAD_Y);
          pango_cairo_show_layout (cr, e->layout);
          return;
        }
    }
  layout = cell_layout (self, t, column, text, bold);
  if (centre)
    {
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
    }
  cairo_move_to (cr, x + CELL_PAD_X, y + CELL_PAD_Y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_table (GbFlow    *self,
            cairo_t   *cr,
            Placement *p)
{
  GbFlowTable *t = p->block->table;
  double x0 = self->style.left, y = p->y, width = content_width (self);
  double top = p->y, footer_top = -1;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, RULE_WIDTH);

  /* The header, on every page of the table. */
  {
    double x = x0;

    cairo_save (cr);
    cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
    cairo_rectangle (cr, x0, y, width, t->header_height);
    cairo_fill (cr);
    cairo_restore (cr);
    for (guint i = 0; i < t->n_columns; i++)
      {
        draw_cell (self, cr, t, i, t->titles[i], x, y, TRUE, TRUE);
        x += t->widths[i];
      }
    y += t->header_height;
    cairo_move_to (cr, x0, y);
    cairo_line_to (cr, x0 + width, y);
  }

  for (guint r = p->first; r < p->last; r++)
    {
      char **cells = r < t->rows->len ? g_ptr_array_index (t->rows, r) : t->footer;
      gboolean bold = r >= t->rows->len;
      double x = x0;

      if (bold)
        footer_top = y;
      for (guint i = 0; i < t->n_columns; i++)
        {
          if (bold && cells[i][0] != '\0')
            {
              g_autoptr(PangoLayout) layout = footer_layout (self, t, i);

              cairo_move_to (cr, x + CELL_PAD_X, y + CELL_PAD_Y);
              pango_cairo_show_layout (cr, layout);
            }
          else if (!bold)
            draw_cell (self, cr, t, i, cells[i], x, y, bold, FALSE);
          x += t->widths[i];
        }
      y += t->heights[r];
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 + width, y);
    }

  /* The frame and the column rules. */
  {
    double x = x0;

    cairo_rectangle (cr, x0, top, width, y - top);
    for (guint i = 0; i + 1 < t->n_columns; i++)
      {
        /* Not through a footer's cell that spans the boundary. */
        gboolean spanned = footer_top >= 0 && t->footer[i + 1][0] == '\0';

        x += t->widths[i];
        cairo_move_to (cr, x, top);
        cairo_line_to (cr, x, spanned ? footer_top : y);
      }
  }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Draws page @page on @cr, whose user space is in points from the sheet's
 * top left. gb_flow_layout() must have succeeded. */
void
gb_flow_render_page (GbFlow  *self,
                     cairo_t *cr,
                     guint    page)
{
  GArray *placements;

  g_return_if_fail (self->laid_out && page < self->pages->len);
  placements = g_ptr_array_index (self->pages, page);

  cairo_save (cr);
  cairo_scale (cr, GB_PT_PER_MM, GB_PT_PER_MM);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Decree 30: Arabic numerals centred in the top margin, from page 2. */
  if (page > 0 && self->style.page_number_size > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", page + 1);
      double size = self->style.page_number_size;

      gb_flow_draw_text (cr, self->fonts, number, self->style.left,
                         (self->style.top - size * GB_MM_PER_PT * 1.2) / 2,
                         content_width (self), size, GB_ALIGN_CENTER, 0);
    }

  for (guint i = 0; i < placements->len; i++)
    {
      Placement *p = &g_array_index (placements, Placement, i);

      switch (p->block->kind)
        {
        case BLOCK_TEXT:
          draw_lines (self, cr, p);
          break;
        case BLOCK_TABLE:
          draw_table (self, cr, p);
          break;
        case BLOCK_DRAW:
          cairo_save (cr);
          p->block->draw (cr, self->fonts, self->style.left, p->y, content_width (self), p->block->data);
          cairo_restore (cr);
          break;
        case BLOCK_SPACE:
        case BLOCK_BREAK:
        default:
          break;
        }
    }
  cairo_restore (cr);
}

GBytes *
gb_flow_to_pdf (GbFlow          *self,
                GCancellable    *cancellable,
                GbProgressFunc   progress,
                gpointer         user_data,
                GError         **error)
{
  return gb_flow_to_pdf_range (self, 0, G_MAXUINT, cancellable, progress, user_data, error);
}

/* Pages @first to @first + @n - 1 only: a preview shows the first pages
 * of a long report at once, and the whole of it a moment later. */
GBytes *
gb_flow_to_pdf_range (GbFlow          *self,
                      guint            first,
                      guint            n,
                      GCancellable    *cancellable,
                      GbProgressFunc   progress,
                      gpointer         user_data,
                      GError         **error)
{
  guint last;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;

  if (!gb_flow_layout (self, cancellable, error))
    return NULL;
  surface = gb_pdf_surface_new (bytes, self->style.width * GB_PT_PER_MM,
                                self->style.height * GB_PT_PER_MM, self->title, NULL);
  last = first + MIN (n, self->pages->len - MIN (first, self->pages->len));
  for (guint page = first; page < last; page++)
    {
      cairo_t *cr;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_surface_destroy (surface);
          return NULL;
        }
      cr = cairo_create (surface);
      gb_flow_render_page (self, cr, page);
      cairo_show_page (cr);
      cairo_destroy (cr);
      if (progress)
        progress (page + 1 - first, last - first, user_data);
    }
  return gb_pdf_surface_finish (surface, bytes, error);
}
