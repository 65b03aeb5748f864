/* gb-document-draw.c — drawing a sheet of papers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The images, the borders, each text in its box and the draft mark;
 * a sheet of one paper or of several with cut marks between them.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>

#include "gb-document-private.h"

/* Images ----------------------------------------------------------------- */

/* The loader for PNG, JPEG or SVG by their first bytes: gdk-pixbuf's own
 * guess needs the shared MIME database, which a sandbox may not have. */
static GdkPixbufLoader *
loader_for (GBytes *bytes)
{
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  const char *type = NULL;

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "png";
  else if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    type = "jpeg";
  else if (size >= 5 && (g_strstr_len ((const char *) data, MIN (size, 512), "<svg") != NULL))
    type = "svg";
  if (type != NULL)
    {
      GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type (type, NULL);

      if (loader != NULL)
        return loader;
    }
  return gdk_pixbuf_loader_new ();
}

cairo_surface_t *
gb_document_image_from_bytes (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = loader_for (bytes);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GdkPixbufFormat *format;
  const char *orientation;
  gboolean rotated_by_exif;
  cairo_surface_t *surface;
  int w, h, n, src_stride, dst_stride;
  const guchar *src;
  guchar *dst;
  gboolean alpha;

  g_autoptr(GError) error = NULL;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error) || !gdk_pixbuf_loader_close (loader, &error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      /* Left out of the paper; the reason, with no personal data, in the log. */
      g_debug ("An image cannot be read and is left out: %s", error->message);
      return NULL;
    }
  if (gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    return NULL;
  pixbuf = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  orientation = gdk_pixbuf_get_option (pixbuf, "orientation");
  rotated_by_exif = orientation != NULL && !g_str_equal (orientation, "1");
  {
    GdkPixbuf *rotated = gdk_pixbuf_apply_embedded_orientation (pixbuf);

    g_object_unref (pixbuf);
    pixbuf = rotated;
  }

  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  src = gdk_pixbuf_read_pixels (pixbuf);
  src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    {
      const guchar *s = src + y * src_stride;
      guint32 *d = (guint32 *) (dst + y * dst_stride);

      for (int x = 0; x < w; x++, s += n)
        {
          guint a = alpha ? s[3] : 255;

          d[x] = (a << 24) | ((s[0] * a / 255) << 16) | ((s[1] * a / 255) << 8) | (s[2] * a / 255);
        }
    }
  cairo_surface_mark_dirty (surface);

  /* A JPEG goes into the PDF as it is, not re-encoded; unless its EXIF
   * turns it, which only the decoded pixels show. */
  format = gdk_pixbuf_loader_get_format (loader);
  if (!rotated_by_exif && format != NULL && g_strcmp0 (gdk_pixbuf_format_get_name (format), "jpeg") == 0)
    cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), (cairo_destroy_func_t) g_bytes_unref,
                                 g_bytes_ref (bytes));
  return surface;
}

static void
draw_image (cairo_t         *cr,
            cairo_surface_t *image,
            const GbElement *e)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  double scale = MIN (e->width / w, e->height / h);

  cairo_save (cr);
  cairo_translate (cr, e->x + (e->width - w * scale) / 2, e->y + (e->height - h * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  /* Painted, not filled: the PDF holds it as an image, as viewers expect. */
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Borders ---------------------------------------------------------------- */

static void
set_color (cairo_t *cr,
           guint32  color)
{
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                        (color & 0xff) / 255.0);
}

static void
lotus (cairo_t *cr,
       double   cx,
       double   cy,
       double   r)
{
  /* Four petals round a centre, a motif of carved wood and lacquer. */
  for (int i = 0; i < 4; i++)
    {
      double a = i * G_PI / 2 + G_PI / 4;

      cairo_save (cr);
      cairo_translate (cr, cx, cy);
      cairo_rotate (cr, a);
      cairo_move_to (cr, 0, 0);
      cairo_curve_to (cr, r * 0.55, -r * 0.45, r * 0.9, -r * 0.2, r, 0);
      cairo_curve_to (cr, r * 0.9, r * 0.2, r * 0.55, r * 0.45, 0, 0);
      cairo_restore (cr);
    }
  cairo_fill (cr);
  cairo_arc (cr, cx, cy, r * 0.22, 0, 2 * G_PI);
  cairo_fill (cr);
}

void
gb_document_draw_classic_border (cairo_t          *cr,
                                 const GbTemplate *t)
{
  double w = t->item_width, h = t->item_height;
  double outer = 7, inner = 12.5;

  cairo_save (cr);
  set_color (cr, t->border_color);
  cairo_set_line_width (cr, 1.6);
  cairo_rectangle (cr, outer, outer, w - 2 * outer, h - 2 * outer);
  cairo_stroke (cr);

  set_color (cr, t->accent_color);
  cairo_set_line_width (cr, 0.35);
  cairo_rectangle (cr, outer + 1.6, outer + 1.6, w - 2 * (outer + 1.6), h - 2 * (outer + 1.6));
  cairo_stroke (cr);
  cairo_set_line_width (cr, 0.5);
  cairo_rectangle (cr, inner, inner, w - 2 * inner, h - 2 * inner);
  cairo_stroke (cr);

  /* A chain of small diamonds between the frames. */
  {
    double mid = (outer + 1.6 + inner) / 2, d = 1.1, step = 6;
    int nx = (int) ((w - 2 * inner - 12) / step), ny = (int) ((h - 2 * inner - 12) / step);
    double x0 = (w - (nx - 1) * step) / 2, y0 = (h - (ny - 1) * step) / 2;

    for (int i = 0; i < nx; i++)
      for (int side = 0; side < 2; side++)
        {
          double cx = x0 + i * step, cy = side ? h - mid : mid;

          cairo_move_to (cr, cx - d, cy);
          cairo_line_to (cr, cx, cy - d);
          cairo_line_to (cr, cx + d, cy);
          cairo_line_to (cr, cx, cy + d);
          cairo_close_path (cr);
        }
    for (int i = 0; i < ny; i++)
      for (int side = 0; side < 2; side++)
        {
          double cx = side ? w - mid : mid, cy = y0 + i * step;

          cairo_move_to (cr, cx - d, cy);
          cairo_line_to (cr, cx, cy - d);
          cairo_line_to (cr, cx + d, cy);
          cairo_line_to (cr, cx, cy + d);
          cairo_close_path (cr);
        }
    cairo_fill (cr);
  }

  set_color (cr, t->border_color);
  lotus (cr, inner, inner, 6);
  lotus (cr, w - inner, inner, 6);
  lotus (cr, inner, h - inner, 6);
  lotus (cr, w - inner, h - inner, 6);
  cairo_restore (cr);
}

void
gb_document_draw_band (cairo_t          *cr,
                       const GbTemplate *t)
{
  cairo_save (cr);
  set_color (cr, t->border_color);
  cairo_rectangle (cr, 0, 0, t->item_width, 11);
  cairo_fill (cr);
  set_color (cr, t->accent_color);
  cairo_rectangle (cr, 0, 11, t->item_width, 0.8);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, t->item_height - 2.2, t->item_width, 2.2);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Drawing ---------------------------------------------------------------- */

static void
draw_text (GbDocument      *self,
           cairo_t         *cr,
           GbPaper         *paper,
           const GbElement *e)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle ink, logical;
  double top;
  gboolean skip = FALSE;

  layout = g_hash_table_lookup (self->static_layouts, e);
  if (layout != NULL)
    g_object_ref (layout);
  else if (gb_document_same_on_every_paper (self, e->text))
    return;   /* left out: empty and optional */
  else
    {
      g_autofree char *text = gb_document_element_text (self, paper, e, &skip, NULL);

      g_autofree char *key = NULL;

      if (text == NULL || skip || *text == '\0')
        return;
      key = g_strdup_printf ("%s\x1f%s", e->id, text);
      layout = g_hash_table_lookup (self->recent_layouts, key);
      if (layout != NULL)
        g_object_ref (layout);
      else
        {
          layout = gb_document_is_fitted (e) ? gb_document_fit_layout (self, e, text, NULL)
                                             : gb_document_make_layout (self, e, text, e->size);
          /* Bounded: names never repeat, and must not fill the memory. */
          if (g_hash_table_size (self->recent_layouts) > 256)
            g_hash_table_remove_all (self->recent_layouts);
          g_hash_table_insert (self->recent_layouts, g_steal_pointer (&key), g_object_ref (layout));
        }
    }

  pango_layout_get_extents (layout, &ink, &logical);
  top = e->y;
  if (e->valign == 0)
    top += (e->height - (double) logical.height / PANGO_SCALE) / 2;
  else if (e->valign > 0)
    top += e->height - (double) logical.height / PANGO_SCALE;

  set_color (cr, e->color);
  cairo_move_to (cr, e->x, top);
  pango_cairo_show_layout (cr, layout);

  if (e->rule > 0)
    {
      /* Under the ink of the descenders and the dots below (“p”, “ạ”),
       * which may reach past the line's logical bottom. */
      double text_w = 0, y = top + (double) MAX (logical.y + logical.height, ink.y + ink.height)
                                   / PANGO_SCALE + 0.6;
      double rule_w, x0;
      PangoLayoutIter *iter = pango_layout_get_iter (layout);
      PangoRectangle line;

      /* As wide as the last line's text times Rule, centred under it. */
      do
        pango_layout_iter_get_line_extents (iter, NULL, &line);
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      text_w = (double) line.width / PANGO_SCALE;
      rule_w = text_w * e->rule;
      x0 = e->x + (double) line.x / PANGO_SCALE + (text_w - rule_w) / 2;
      cairo_set_line_width (cr, 0.3);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 + rule_w, y);
      cairo_stroke (cr);
    }
}

/* "BẢN NHÁP" across the paper, so that no draft passes for the real
 * paper; drawn last, over everything, in a light red that leaves the
 * text readable. */
static void
draw_draft_mark (GbDocument *self,
                 cairo_t    *cr)
{
  GbTemplate *t = self->template_;
  g_autoptr(PangoLayout) layout = pango_layout_new (gb_font_set_get_context (self->fonts));
  g_autoptr(PangoFontDescription) font = NULL;
  double diagonal = sqrt (t->item_width * t->item_width + t->item_height * t->item_height);
  PangoRectangle logical;
  double scale;

  font = gb_font_set_describe (self->fonts, TRUE, FALSE, 100);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "BẢN NHÁP", -1);
  pango_layout_get_extents (layout, NULL, &logical);
  /* Half the diagonal long. */
  scale = diagonal * 0.55 / ((double) logical.width / PANGO_SCALE);

  cairo_save (cr);
  cairo_translate (cr, t->item_width / 2, t->item_height / 2);
  cairo_rotate (cr, -atan2 (t->item_height, t->item_width));
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.28);
  cairo_move_to (cr, -(double) logical.width / PANGO_SCALE / 2,
                 -(double) logical.height / PANGO_SCALE / 2);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

enum { PART_BODY = 1 << 0, PART_QR = 1 << 1 };

static void
draw_paper (GbDocument *self,
            cairo_t    *cr,
            GbPaper    *paper,
            guint       index,
            guint       parts)
{
  GbTemplate *t = self->template_;

  if ((parts & PART_BODY) && self->border != NULL)
    {
      cairo_set_source_surface (cr, self->border, 0, 0);
      cairo_paint (cr);
    }

  for (guint i = 0; i < t->elements->len; i++)
    {
      GbElement *e = g_ptr_array_index (t->elements, i);

      if (!(parts & (e->kind == GB_ELEMENT_QR ? PART_QR : PART_BODY)))
        continue;
      switch (e->kind)
        {
        case GB_ELEMENT_TEXT:
          draw_text (self, cr, paper, e);
          break;
        case GB_ELEMENT_IMAGE:
          if (g_str_equal (e->source, "logo") && self->logo != NULL)
            draw_image (cr, self->logo, e);
          else if (g_str_equal (e->source, "photo") && self->show_photo && paper && paper->photo)
            {
              if (self->photo_paper != paper)
                {
                  g_clear_pointer (&self->photo, cairo_surface_destroy);
                  self->photo = gb_document_image_from_bytes (paper->photo);
                  self->photo_paper = paper;
                }
              if (self->photo != NULL)
                draw_image (cr, self->photo, e);
            }
          break;
        case GB_ELEMENT_QR:
          if (self->show_qr && paper != NULL && !gb_document_is_draft (self, paper))
            {
              cairo_surface_t *image = gb_document_qr_for_paper (self, paper, e, index);

              if (image != NULL)
                gb_document_draw_qr (cr, image, e);
              cairo_surface_destroy (image);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if ((parts & PART_BODY) && paper != NULL && gb_document_is_draft (self, paper))
    draw_draft_mark (self, cr);
}

/* The top left corner of slot @i of a sheet, in mm. */
static void
slot_origin (const GbTemplate *t,
             guint             i,
             double           *x,
             double           *y)
{
  double x0 = (t->page_width - t->columns * t->item_width - (t->columns - 1) * t->gutter) / 2;
  double y0 = (t->page_height - t->rows * t->item_height - (t->rows - 1) * t->gutter) / 2;

  *x = x0 + (i % t->columns) * (t->item_width + t->gutter);
  *y = y0 + (i / t->columns) * (t->item_height + t->gutter);
}

/* Marks in the sheet's margins along the edges of the @n papers on it,
 * and none by an empty slot: outside the top row over each column that
 * holds a paper, outside the bottom row under each full column, left of
 * every row that holds one, right of every full row. */
static void
draw_cut_marks (cairo_t          *cr,
                const GbTemplate *t,
                guint             n)
{
  const double gap = 2, length = 6;
  double x, y, top, left, bottom = 0, right = 0;
  guint last_row = (n - 1) / t->columns;

  slot_origin (t, 0, &left, &top);
  slot_origin (t, t->columns * t->rows - 1, &right, &bottom);
  right += t->item_width;
  bottom += t->item_height;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.15);
  for (guint c = 0; c < t->columns && c < n; c++)
    for (guint edge = 0; edge < 2; edge++)
      {
        slot_origin (t, c, &x, &y);
        x += edge * t->item_width;
        cairo_move_to (cr, x, top - gap);
        cairo_line_to (cr, x, MAX (top - gap - length, 1));
        if (last_row == t->rows - 1 && c + last_row * t->columns < n)
          {
            cairo_move_to (cr, x, bottom + gap);
            cairo_line_to (cr, x, MIN (bottom + gap + length, t->page_height - 1));
          }
      }
  for (guint r = 0; r <= last_row; r++)
    for (guint edge = 0; edge < 2; edge++)
      {
        slot_origin (t, r * t->columns, &x, &y);
        y += edge * t->item_height;
        cairo_move_to (cr, left - gap, y);
        cairo_line_to (cr, MAX (left - gap - length, 1), y);
        if ((r + 1) * t->columns <= n)
          {
            cairo_move_to (cr, right + gap, y);
            cairo_line_to (cr, MIN (right + gap + length, t->page_width - 1), y);
          }
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Draws sheet @page on @cr, whose user space is in points with the origin
 * at the sheet's top left. gb_document_prepare() must have succeeded. */
void
gb_document_render_page (GbDocument *self,
                         cairo_t    *cr,
                         guint       page)
{
  GbTemplate *t = self->template_;
  guint per = gb_template_per_sheet (t);

  g_return_if_fail (self->prepared);
  g_return_if_fail (page < MAX (gb_document_get_n_pages (self), 1));

  cairo_save (cr);
  cairo_scale (cr, PT_PER_MM, PT_PER_MM);
  if (per == 1)
    draw_paper (self, cr, page < self->papers->len ? g_ptr_array_index (self->papers, page) : NULL,
                page, PART_BODY | PART_QR);
  else
    {
      guint n = MIN (per, self->papers->len - page * per);

      for (guint i = 0; i < n; i++)
        {
          GbPaper *paper = g_ptr_array_index (self->papers, page * per + i);
          double x, y;

          slot_origin (t, i, &x, &y);
          cairo_save (cr);
          cairo_translate (cr, x, y);
          cairo_rectangle (cr, 0, 0, t->item_width, t->item_height);
          cairo_clip (cr);
          /* Each card in a group of its own: cairo 1.16 names the logo and
           * the band in the page's resources once for every paint of them,
           * and a PDF with the same key ten times in a dictionary is not
           * valid (qpdf --check). The QR code, new on every card, stays
           * on the page, where a reader of the PDF finds it as an image. */
          cairo_push_group (cr);
          draw_paper (self, cr, paper, page * per + i, PART_BODY);
          cairo_pop_group_to_source (cr);
          cairo_paint (cr);
          draw_paper (self, cr, paper, page * per + i, PART_QR);
          cairo_restore (cr);
        }
      draw_cut_marks (cr, t, n);
    }
  cairo_restore (cr);
}
