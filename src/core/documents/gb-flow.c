/* gb-flow.c — flowing paragraphs, tables and drawn blocks onto pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow is built block by block; gb_flow_layout() (gb-flow-layout.c)
 * puts the blocks on pages, and the pages are drawn here, to any cairo_t
 * or to PDF.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include "gb-flow-private.h"

static void
block_free (gpointer data)
{
  Block *b = data;

  g_free (b->text);
  g_clear_object (&b->layout);
  g_clear_pointer (&b->lines, g_array_unref);
  g_clear_pointer (&b->table, gb_flow_table_free);
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

  b->table = gb_flow_table_new (n_columns, size_pt);
  return b->table;
}

/* The width between the margins, mm. */
double
gb_flow_content_width (GbFlow *self)
{
  return self->style.width - self->style.left - self->style.right;
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
                         gb_flow_content_width (self), size, GB_ALIGN_CENTER, 0);
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
          gb_flow_draw_table (self, cr, p);
          break;
        case BLOCK_DRAW:
          cairo_save (cr);
          p->block->draw (cr, self->fonts, self->style.left, p->y, gb_flow_content_width (self),
                          p->block->data);
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

static void
to_pdf_run (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *pdf = gb_flow_to_pdf (data, cancellable, NULL, NULL, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

/* gb_flow_to_pdf() on a worker thread (the register book of a few
 * thousand entries). @self is the caller's: it must stay, unchanged,
 * until @callback has run. */
void
gb_flow_to_pdf_async (GbFlow              *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_flow_to_pdf_async);
  g_task_set_task_data (task, self, NULL);
  g_task_run_in_thread (task, to_pdf_run);
}

GBytes *
gb_flow_to_pdf_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_flow_to_pdf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
