/* gb-flow-layout.c — laying a flow out onto pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The texts are measured into lines and the tables into rows, then the
 * blocks go onto pages: a paragraph breaks between lines, a table between
 * rows with its header again, a heading stays with what follows and a
 * signature never stands alone. A letter the font lacks is marked.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-flow-private.h"

/* A text shaped at @width mm (-1: on one line): paragraphs, table
 * cells and drawn texts alike. */
PangoLayout *
gb_flow_text_layout (GbFontSet   *fonts,
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
  g_autoptr(PangoLayout) layout = gb_flow_text_layout (fonts, text, width, size_pt, align, flags);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
measure_text (GbFlow *self,
              Block  *b)
{
  PangoLayoutIter *iter;

  g_clear_object (&b->layout);
  b->layout = gb_flow_text_layout (self->fonts, b->text, gb_flow_content_width (self), b->size,
                                   b->align, b->flags);
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
      else if (b->kind == BLOCK_TABLE
               && !gb_flow_measure_table (self, b->table, cancellable, error))
        return FALSE;
      else if (b->kind == BLOCK_DRAW)
        {
          if (!gb_font_set_check (self->fonts, FALSE, FALSE, b->texts, error)
              || !gb_font_set_check (self->fonts, TRUE, FALSE, b->texts, error))
            return FALSE;
          if (b->measure != NULL)
            b->height = b->measure (self->fonts, gb_flow_content_width (self), b->data);
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
