/* gb-chart.c — bar and column charts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain charts for a printed report: one colour, the value written at
 * every bar, no legend to decode, readable in black and white.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include "gb-chart.h"
#include "gb-text.h"

#define BAR_ROW     6.5    /* mm a bar */
#define LABEL_SHARE 0.36
#define TITLE_SIZE  13.0
#define LABEL_SIZE  11.0
#define COLUMNS_HEIGHT 60.0

typedef struct
{
  GbChartKind kind;
  char       *title;
  GPtrArray  *labels;
  GArray     *values;
} Chart;

static void
chart_free (gpointer data)
{
  Chart *c = data;

  g_free (c->title);
  g_ptr_array_unref (c->labels);
  g_array_unref (c->values);
  g_free (c);
}

static gint64
max_value (Chart *c)
{
  gint64 max = 1;

  for (guint i = 0; i < c->values->len; i++)
    max = MAX (max, g_array_index (c->values, gint64, i));
  return max;
}

static void
draw_bars (cairo_t   *cr,
           GbFontSet *fonts,
           Chart     *c,
           double     x,
           double     y,
           double     width)
{
  double label_w = width * LABEL_SHARE, bar_x = x + label_w + 2, bar_w = width - label_w - 16;
  gint64 max = max_value (c);

  for (guint i = 0; i < c->labels->len; i++)
    {
      gint64 v = g_array_index (c->values, gint64, i);
      double top = y + i * BAR_ROW, len = bar_w * v / max;
      g_autofree char *value = gb_text_format_thousands (v);

      gb_flow_draw_text (cr, fonts, c->labels->pdata[i], x, top + 0.8, label_w, LABEL_SIZE,
                         GB_ALIGN_RIGHT, 0);
      cairo_set_source_rgb (cr, 0.61, 0.11, 0.11);
      cairo_rectangle (cr, bar_x, top + 1, MAX (len, 0.3), BAR_ROW - 2);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      gb_flow_draw_text (cr, fonts, value, bar_x + len + 1.5, top + 0.8, 20, LABEL_SIZE,
                         GB_ALIGN_LEFT, 0);
    }
}

static void
draw_columns (cairo_t   *cr,
              GbFontSet *fonts,
              Chart     *c,
              double     x,
              double     y,
              double     width)
{
  guint n = MAX (c->labels->len, 1);
  double slot = width / n, base = y + COLUMNS_HEIGHT, top_room = 6;
  gint64 max = max_value (c);

  cairo_set_line_width (cr, 0.2);
  cairo_move_to (cr, x, base);
  cairo_line_to (cr, x + width, base);
  cairo_stroke (cr);
  for (guint i = 0; i < c->labels->len; i++)
    {
      gint64 v = g_array_index (c->values, gint64, i);
      double h = (COLUMNS_HEIGHT - top_room) * v / max, cx = x + i * slot;
      g_autofree char *value = gb_text_format_thousands (v);

      cairo_set_source_rgb (cr, 0.61, 0.11, 0.11);
      cairo_rectangle (cr, cx + slot * 0.2, base - h, slot * 0.6, h);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      gb_flow_draw_text (cr, fonts, value, cx, base - h - 4.5, slot, 9, GB_ALIGN_CENTER, 0);
      gb_flow_draw_text (cr, fonts, c->labels->pdata[i], cx, base + 1, slot, 9, GB_ALIGN_CENTER, 0);
    }
}

static void
draw_chart (cairo_t   *cr,
            GbFontSet *fonts,
            double     x,
            double     y,
            double     width,
            gpointer   data)
{
  Chart *c = data;

  cairo_set_source_rgb (cr, 0, 0, 0);
  gb_flow_draw_text (cr, fonts, c->title, x, y, width, TITLE_SIZE, GB_ALIGN_CENTER, GB_FLOW_BOLD);
  y += TITLE_SIZE * GB_MM_PER_PT * 1.4 + 2;
  if (c->kind == GB_CHART_BARS)
    draw_bars (cr, fonts, c, x, y, width);
  else
    draw_columns (cr, fonts, c, x, y, width);
}

void
gb_flow_add_chart (GbFlow            *flow,
                   GbChartKind        kind,
                   const char        *title,
                   const char *const *labels,
                   const gint64      *values,
                   guint              n)
{
  Chart *c = g_new0 (Chart, 1);
  GString *texts = g_string_new (title);
  double height;

  c->kind = kind;
  c->title = g_strdup (title);
  c->labels = g_ptr_array_new_with_free_func (g_free);
  c->values = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (c->labels, g_utf8_normalize (labels[i] ? labels[i] : "", -1, G_NORMALIZE_NFC));
      g_array_append_val (c->values, values[i]);
      g_string_append (texts, labels[i] ? labels[i] : "");
    }
  height = TITLE_SIZE * GB_MM_PER_PT * 1.4 + 2
           + (kind == GB_CHART_BARS ? MAX (n, 1) * BAR_ROW : COLUMNS_HEIGHT + 6) + 6;
  g_string_append (texts, "0123456789.");
  gb_flow_add_block (flow, height, texts->str, draw_chart, c, chart_free);
  g_string_free (texts, TRUE);
}
