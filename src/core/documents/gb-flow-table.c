/* gb-flow-table.c — tables in a flow
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table's columns are sized as a word processor would size them, its
 * rows measured once (texts that repeat are shaped once), and each
 * fragment of it drawn with its header row on every page.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <string.h>

#include "gb-flow-private.h"

static void
extent_free (gpointer data)
{
  Extent *e = data;

  g_clear_object (&e->layout);
  g_free (e);
}

GbFlowTable *
gb_flow_table_new (guint  n_columns,
                   double size_pt)
{
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
  return t;
}

void
gb_flow_table_free (GbFlowTable *t)
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

static PangoLayout *
cell_layout (GbFlow      *self,
             GbFlowTable *t,
             guint        column,
             const char  *text,
             gboolean     bold)
{
  return gb_flow_text_layout (self->fonts, text, t->widths[column] - 2 * CELL_PAD_X, t->size,
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
  return gb_flow_text_layout (self->fonts, t->footer[column], width - 2 * CELL_PAD_X, t->size,
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
          layout = gb_flow_text_layout (self->fonts, utf8, -1, t->size, GB_ALIGN_LEFT,
                                        bold ? GB_FLOW_BOLD : 0);
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
  g_autoptr(PangoLayout) layout = gb_flow_text_layout (self->fonts, "Ảg", -1, t->size,
                                                       GB_ALIGN_LEFT, bold ? GB_FLOW_BOLD : 0);
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
      g_autoptr(PangoLayout) layout = gb_flow_text_layout (self->fonts, parts[i], -1, t->size,
                                                           GB_ALIGN_LEFT, GB_FLOW_BOLD);
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
  double room = gb_flow_content_width (self), total = 0;
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
gboolean
gb_flow_measure_table (GbFlow       *self,
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

void
gb_flow_draw_table (GbFlow    *self,
                    cairo_t   *cr,
                    Placement *p)
{
  GbFlowTable *t = p->block->table;
  double x0 = self->style.left, y = p->y, width = gb_flow_content_width (self);
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
