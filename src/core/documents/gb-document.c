/* gb-document.c — drawing certificates and cards
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "gb-document.h"
#include "gb-error.h"
#include "gb-text.h"

#define PT_PER_MM GB_PT_PER_MM

/* Every placeholder a template may use. */
static const char *const known_keys[] = {
  "name", "honorific", "birth_year", "craft", "village", "title_name", "decision_no",
  "decision_date", "decision_date_long", "issuer", "number", "reissue", "product", "category",
  "award", "contest", "contest_place", "contest_date_long", "member_no", "member_kind",
  "representative", "address", "joined_date_long", "valid_until", "association",
  "association_short", "association_address", "chairman", "signing_title", "signing_authority",
  "place", "date_line", "date_long", "year", NULL,
};

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

static void
clear_prepared (GbDocument *self)
{
  self->prepared = FALSE;
  g_clear_pointer (&self->fonts, gb_font_set_free);
  g_clear_pointer (&self->logo, cairo_surface_destroy);
  g_clear_pointer (&self->border, cairo_surface_destroy);
  g_clear_pointer (&self->photo, cairo_surface_destroy);
  self->photo_paper = NULL;
  g_hash_table_remove_all (self->static_layouts);
  g_hash_table_remove_all (self->recent_layouts);
}

static void
set_value (GbDocument *self,
           const char *key,
           const char *value)
{
  g_hash_table_replace (self->values, g_strdup (key), gb_text_normalize (value ? value : ""));
}

/* The last day of the month @months after @iso_date's, "31/12/2026":
 * a card printed on 15 December 2025 for 12 months. */
static char *
valid_until (const char *iso_date,
             guint       months)
{
  GDate date;

  if (!gb_date_from_iso (iso_date, &date))
    return g_strdup ("");
  g_date_set_day (&date, 1);
  g_date_add_months (&date, months);
  g_date_set_day (&date, g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date)));
  return gb_date_to_text (&date);
}

/* Preferences' "cards valid for N months" (12 without the schema). */
static guint
card_months_from_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE)
                                             : NULL;
  g_autoptr(GSettings) settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "card-valid-months"))
    return 12;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_uint (settings, "card-valid-months");
}

static void
set_date_values (GbDocument *self,
                 const char *iso_date)
{
  g_autofree char *valid = valid_until (iso_date, self->card_months);
  g_autofree char *date_long = gb_paper_long_date (iso_date);
  const char *place = g_hash_table_lookup (self->values, "place");
  g_autofree char *line = NULL;
  g_autofree char *year = g_strndup (iso_date, 4);

  line = g_strdup_printf ("%s, %s", place && *place ? place : "Hải Phòng", date_long);
  set_value (self, "date_iso", iso_date);
  set_value (self, "date_long", date_long);
  set_value (self, "date_line", line);
  set_value (self, "year", year);
  set_value (self, "valid_until", valid);
}

/* Takes @template_. */
GbDocument *
gb_document_new (GbTemplate    *template_,
                 GbAssociation *association)
{
  GbDocument *self = g_new0 (GbDocument, 1);

  g_return_val_if_fail (template_ != NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->template_ = template_;
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->papers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_paper_free);
  self->static_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->recent_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->show_photo = TRUE;
  self->show_qr = TRUE;
  self->card_months = card_months_from_settings ();

  if (association != NULL)
    {
      set_value (self, "association", association->name);
      set_value (self, "association_short", association->short_name);
      set_value (self, "association_address", association->address);
      set_value (self, "chairman", association->chairman);
      set_value (self, "signing_title", association->signing_title ? association->signing_title
                                                                   : "CHỦ TỊCH");
      set_value (self, "signing_authority", association->signing_authority
                                            ? association->signing_authority
                                            : "TM. BAN CHẤP HÀNH");
      set_value (self, "place", association->place);
      self->assoc_symbol = g_strdup (association->symbol);
      if (association->logo != NULL)
        self->logo_bytes = g_bytes_ref (association->logo);
    }
  set_date_values (self, gb_text_today ());
  return self;
}

GbDocument *
gb_document_ref (GbDocument *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gb_document_unref (GbDocument *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  clear_prepared (self);
  g_hash_table_unref (self->static_layouts);
  g_hash_table_unref (self->recent_layouts);
  gb_template_free (self->template_);
  g_hash_table_unref (self->values);
  g_free (self->assoc_symbol);
  g_clear_pointer (&self->logo_bytes, g_bytes_unref);
  g_ptr_array_unref (self->papers);
  g_free (self->font);
  g_free (self);
}

GbTemplate *
gb_document_get_template (GbDocument *self)
{
  return self->template_;
}

void
gb_document_set_font (GbDocument *self,
                      const char *family)
{
  g_free (self->font);
  self->font = family && *family ? g_strdup (family) : NULL;
  clear_prepared (self);
}

/* The family in use once prepared (the default resolved), else as asked. */
const char *
gb_document_get_font (GbDocument *self)
{
  return self->fonts ? gb_font_set_get_family (self->fonts) : self->font;
}

void
gb_document_set_show_photo (GbDocument *self,
                            gboolean    show)
{
  self->show_photo = show;
}

void
gb_document_set_show_qr (GbDocument *self,
                         gboolean    show)
{
  self->show_qr = show;
}

void
gb_document_set_date (GbDocument *self,
                      const char *iso_date)
{
  g_return_if_fail (gb_text_is_valid_iso_date (iso_date));
  set_date_values (self, iso_date);
  clear_prepared (self);   /* the date line is laid out once per document */
}

/* Cards printed on the document's date are valid for @months months, to
 * the end of the last month (Preferences' rule by default). */
void
gb_document_set_card_validity (GbDocument *self,
                               guint       months)
{
  g_autofree char *date = NULL;

  g_return_if_fail (months > 0);
  self->card_months = months;
  date = g_strdup (g_hash_table_lookup (self->values, "date_iso"));
  set_date_values (self, date);
  clear_prepared (self);
}

/* Takes @paper. */
void
gb_document_add_paper (GbDocument *self,
                       GbPaper    *paper)
{
  g_ptr_array_add (self->papers, paper);
}

GPtrArray *
gb_document_get_papers (GbDocument *self)
{
  return self->papers;
}

guint
gb_document_get_n_pages (GbDocument *self)
{
  guint per = gb_template_per_sheet (self->template_);

  return (self->papers->len + per - 1) / per;
}

void
gb_document_get_page_size (GbDocument *self,
                           double     *width_pt,
                           double     *height_pt)
{
  *width_pt = self->template_->page_width * PT_PER_MM;
  *height_pt = self->template_->page_height * PT_PER_MM;
}

static PangoFontDescription *
element_font (GbDocument      *self,
              const GbElement *e,
              double           size_pt)
{
  return gb_font_set_describe (self->fonts, e->bold, e->italic, size_pt);
}

/* Text ------------------------------------------------------------------- */

static const char *
lookup (GbDocument *self,
        GbPaper    *paper,
        const char *key)
{
  const char *v = paper ? gb_paper_get (paper, key) : NULL;

  if (v == NULL)
    v = g_hash_table_lookup (self->values, key);
  return v;
}

/* The number as printed: the register's, or dots on a draft. */
static char *
number_of (GbDocument *self,
           GbPaper    *paper)
{
  const char *number = paper ? gb_paper_get (paper, "number") : NULL;

  if (number && *number)
    return g_strdup (number);
  return g_strdup_printf ("……/%s%s%s", self->template_->symbol,
                          self->assoc_symbol ? "-" : "", self->assoc_symbol ? self->assoc_symbol : "");
}

/* Expands @text (up to @end) into @out; tells whether it held a
 * placeholder and whether one was empty. */
static gboolean
expand_into (GbDocument *self,
             GbPaper    *paper,
             const char *text,
             const char *end,
             gboolean    markup,
             GString    *out,
             gboolean   *any,
             gboolean   *filled,
             gboolean   *missing,
             GError    **error)
{
  const char *p = text;

  while (p < end)
    {
      const char *open = memchr (p, '{', end - p);
      const char *close = open ? memchr (open, '}', end - open) : NULL;
      g_autofree char *key = NULL;
      g_autofree char *number = NULL;
      const char *value;

      if (open == NULL || close == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, open - p);
      key = g_strndup (open + 1, close - open - 1);
      if (!g_strv_contains (known_keys, key))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s: the template asks for “{%s}”, which Guildbook does not know."),
                       self->template_->origin, key);
          return FALSE;
        }
      if (g_str_equal (key, "number"))
        value = number = number_of (self, paper);
      else
        value = lookup (self, paper, key);
      *any = TRUE;
      if (value && *value)
        {
          g_autofree char *escaped = markup ? g_markup_escape_text (value, -1) : NULL;

          *filled = TRUE;
          g_string_append (out, escaped ? escaped : value);
        }
      else
        *missing = TRUE;
      p = close + 1;
    }
  return TRUE;
}

/* @text with each {key} replaced; *@all_empty tells whether every
 * placeholder was empty (an optional box is then left out). A clause in
 * square brackets, "[ của {issuer}]", is left out, brackets and all,
 * when a placeholder in it is empty: a sentence never prints the
 * skeleton of a fact it lacks. */
static char *
expand (GbDocument *self,
        GbPaper    *paper,
        const char *text,
        gboolean    markup,
        gboolean   *all_empty,
        GError    **error)
{
  GString *out = g_string_new (NULL);
  gboolean any = FALSE, filled = FALSE, missing = FALSE;
  const char *p = text;

  while (*p)
    {
      const char *open = strchr (p, '[');
      const char *close = open ? strchr (open, ']') : NULL;
      const char *end = open && close ? open : p + strlen (p);

      if (!expand_into (self, paper, p, end, markup, out, &any, &filled, &missing, error))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (open == NULL || close == NULL)
        break;
      {
        g_autoptr(GString) clause = g_string_new (NULL);
        gboolean clause_missing = FALSE;

        if (!expand_into (self, paper, open + 1, close, markup, clause, &any, &filled,
                          &clause_missing, error))
          {
            g_string_free (out, TRUE);
            return NULL;
          }
        if (!clause_missing)
          g_string_append_len (out, clause->str, clause->len);
      }
      p = close + 1;
    }
  if (all_empty)
    *all_empty = any && !filled;
  return g_string_free (out, FALSE);
}

/* A value of the association's or the date's: "association", "chairman", … */
const char *
gb_document_get_value (GbDocument *self,
                       const char *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->values, key);
}

/* Whether @paper is a draft: a certificate without its register number.
 * Cards are never numbered by the register; they are not drafts. */
static gboolean
is_draft (GbDocument *self,
          GbPaper    *paper)
{
  const char *number = paper ? gb_paper_get (paper, "number") : NULL;

  return !g_str_equal (self->template_->paper, "card") && (number == NULL || *number == '\0');
}

static PangoLayout *
make_layout (GbDocument      *self,
             const GbElement *e,
             const char      *text,
             double           size_pt)
{
  PangoLayout *layout = pango_layout_new (gb_font_set_get_context (self->fonts));
  g_autoptr(PangoFontDescription) desc = element_font (self, e, size_pt);
  static const PangoAlignment aligns[] = {
    PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT, PANGO_ALIGN_LEFT,
  };

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_alignment (layout, aligns[e->align]);
  pango_layout_set_justify (layout, e->align == GB_ALIGN_JUSTIFY);
  pango_layout_set_width (layout, (int) (e->width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (e->markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

static gboolean
layout_fits (PangoLayout     *layout,
             const GbElement *e,
             guint            lines)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_layout_get_line_count (layout) <= (int) lines
         && logical.height <= e->height * PANGO_SCALE + PANGO_SCALE / 2;
}

/* Whether @e is fitted to its box: every text that holds a placeholder
 * (its length is not the template's to know), and any marked Fit. */
static gboolean
is_fitted (const GbElement *e)
{
  return e->fit || strchr (e->text, '{') != NULL;
}

static void
set_size (GbDocument      *self,
          PangoLayout     *layout,
          const GbElement *e,
          double           size)
{
  g_autoptr(PangoFontDescription) desc = element_font (self, e, size);

  pango_layout_set_font_description (layout, desc);
}

/* One rule for every variable text (templates/README.md): the largest
 * size down to MinSize that keeps it on one line; else the largest that
 * wraps it into Lines lines inside its box; else, at MinSize, it is cut
 * short with "…" and *@shortened says so, for a warning before the paper
 * is issued. It never leaves its box. */
static PangoLayout *
fit_layout (GbDocument      *self,
            const GbElement *e,
            const char      *text,
            gboolean        *shortened)
{
  PangoLayout *layout = make_layout (self, e, text, e->size);
  double size;
  int natural, room;

  if (shortened)
    *shortened = FALSE;
  if (layout_fits (layout, e, 1))
    return layout;

  /* Glyphs scale with the size: one measure gives a near guess. */
  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &natural, NULL);
  pango_layout_set_width (layout, (int) (e->width * PANGO_SCALE));
  size = MAX (e->min_size, MIN (e->size, floor (e->size * (e->width * PANGO_SCALE) / natural * 4) / 4));
  for (;; size -= 0.25)
    {
      set_size (self, layout, e, size);
      if (layout_fits (layout, e, 1))
        return layout;
      if (size <= e->min_size)
        break;
    }

  if (e->lines > 1)
    for (size = e->size;; size -= 0.25)
      {
        set_size (self, layout, e, MAX (size, e->min_size));
        if (layout_fits (layout, e, e->lines))
          return layout;
        if (size <= e->min_size)
          break;
      }

  /* At the smallest size, as many lines as the box holds, the last one
   * cut short. */
  set_size (self, layout, e, e->min_size);
  pango_layout_set_height (layout, -1);
  room = (int) e->lines;
  {
    PangoLayoutIter *iter = pango_layout_get_iter (layout);
    int y0, y1;

    pango_layout_iter_get_line_yrange (iter, &y0, &y1);
    pango_layout_iter_free (iter);
    if (y1 > y0)
      room = MIN (room, MAX (1, (int) ((e->height + 0.5) * PANGO_SCALE / (y1 - y0))));
  }
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -room);
  if (shortened)
    *shortened = TRUE;
  return layout;
}

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

static cairo_surface_t *
surface_from_bytes (GBytes *bytes)
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

/* QR --------------------------------------------------------------------- */

/* One field of a payload: no separator, no line break. */
static void
append_field (GString    *out,
              const char *text)
{
  g_string_append_c (out, '|');
  for (const char *p = text ? text : ""; *p; p++)
    g_string_append_c (out, *p == '|' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

/* The QR payload (README.md, "The QR code on a paper"):
 *   GB1|KIND|SERIAL|DATE|CHECK|NAME
 * KIND is the number's symbol with the association's ("GCN-HHLN"),
 * SERIAL the year and the serial ("2026-001") or a card's member number,
 * DATE the issue date (a card's last valid day), CHECK the register's
 * check value (empty on a card), NAME the holder's. */
char *
gb_document_payload (const char *symbol,
                     const char *serial,
                     const char *iso_date,
                     const char *check,
                     const char *name)
{
  GString *out = g_string_new ("GB1");

  append_field (out, symbol);
  append_field (out, serial);
  append_field (out, iso_date);
  append_field (out, check);
  append_field (out, name);
  return g_string_free (out, FALSE);
}

/* What @paper's QR code holds, or NULL for none: an issued paper's
 * payload (set by the register), a card's member number; a draft has no
 * code, as it has no number. */
static char *
qr_text (GbDocument *self,
         GbPaper    *paper)
{
  const char *payload = gb_paper_get (paper, "qr");
  g_autofree char *symbol = NULL;
  const char *member_no;
  const char *valid;
  GDate date;
  g_autofree char *valid_iso = NULL;

  if (payload && *payload)
    return g_strdup (payload);
  if (!g_str_equal (self->template_->paper, "card"))
    return NULL;
  member_no = gb_paper_get (paper, "member_no");
  if (member_no == NULL || *member_no == '\0')
    return NULL;
  valid = lookup (self, paper, "valid_until");
  if (valid != NULL && gb_date_from_text (valid, &date, NULL))
    valid_iso = gb_date_to_iso (&date);
  symbol = g_strdup_printf ("%s%s%s", self->template_->symbol, self->assoc_symbol ? "-" : "",
                            self->assoc_symbol ? self->assoc_symbol : "");
  return gb_document_payload (symbol, member_no, valid_iso, "", gb_paper_get_holder (paper));
}

/* Four modules of quiet zone each side, as ISO/IEC 18004 asks: a phone
 * finds the code beside a border or a text. */
#define QR_QUIET 4
/* The smallest module at print size: a phone reads 0.5 mm from a 150 dpi
 * scan (3 pixels a module). */
#define QR_MIN_MODULE_MM 0.5
/* Pixels a module in the image. The PDF asks for no smoothing, but poppler
 * (viewers, and the print filters of CUPS) smooths an image it scales up
 * less than four times: one pixel a module turned a card's code of
 * 0.65 mm modules into grey blur below 180 dpi. Eight pixels a module are
 * scaled down or little up at any resolution, blurred at the edges of a
 * module only; the image stays a few kilobytes once compressed. */
#define QR_PIXELS 8

/* The code as a tiny image, quiet zone included; the level of error
 * correction is M, or L when M would make the modules smaller than
 * QR_MIN_MODULE_MM in a code @size_mm wide. */
static cairo_surface_t *
qr_image (const char *text,
          double      size_mm)
{
  QRcode *code;
  cairo_surface_t *image;
  guchar *data;
  int w, side, stride;

  if (text == NULL)
    return NULL;
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  /* A module of 0.5 mm is 2.95 pixels at 150 dpi and reads badly once the
   * scan blurs it: level L is worth its smaller code below 0.6 mm. */
  if (code != NULL && size_mm / (code->width + 2 * QR_QUIET) < QR_MIN_MODULE_MM + 0.1)
    {
      QRcode *low = QRcode_encodeString (text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);

      if (low != NULL && low->width < code->width)
        {
          QRcode_free (code);
          code = low;
        }
      else if (low != NULL)
        QRcode_free (low);
    }
  if (code == NULL)
    return NULL;
  w = code->width;
  side = (w + 2 * QR_QUIET) * QR_PIXELS;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  cairo_surface_flush (image);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        int mx = x / QR_PIXELS - QR_QUIET, my = y / QR_PIXELS - QR_QUIET;
        gboolean dark = mx >= 0 && my >= 0 && mx < w && my < w && (code->data[my * w + mx] & 1);

        ((guint32 *) (data + y * stride))[x] = dark ? 0x000000 : 0xffffff;
      }
  cairo_surface_mark_dirty (image);
  QRcode_free (code);
  return image;
}

/* The code goes in as a small image (QR_PIXELS), scaled without
 * smoothing: a few kilobytes in the PDF instead of hundreds of
 * rectangles, and the same sharp edges on paper. */
static void
draw_qr (cairo_t         *cr,
         cairo_surface_t *image,
         const GbElement *e)
{
  int side = cairo_image_surface_get_width (image);
  double module = e->width / side;

  cairo_save (cr);
  cairo_translate (cr, e->x, e->y);
  cairo_scale (cr, module, module);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, side, side);
  cairo_clip (cr);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Choosing a QR code's mask is the dearest step of a certificate: a
 * second thread encodes the codes of a long batch ahead of the pages. */
typedef struct
{
  GbDocument       *doc;
  GPtrArray        *texts;     /* per paper; NULL for none */
  double            size_mm;
  cairo_surface_t **images;
  guint             ready;
  gboolean          stop;
  GMutex            mutex;
  GCond             cond;
} QrAhead;

static gpointer
qr_ahead_run (gpointer data)
{
  QrAhead *q = data;

  for (guint i = 0; i < q->texts->len; i++)
    {
      cairo_surface_t *image = qr_image (q->texts->pdata[i], q->size_mm);

      g_mutex_lock (&q->mutex);
      q->images[i] = image;
      q->ready = i + 1;
      g_cond_signal (&q->cond);
      if (q->stop)
        {
          g_mutex_unlock (&q->mutex);
          break;
        }
      g_mutex_unlock (&q->mutex);
    }
  return NULL;
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

static void
draw_classic_border (cairo_t          *cr,
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

static void
draw_band (cairo_t          *cr,
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

/* Preparing -------------------------------------------------------------- */

static gboolean
check_text (GbDocument      *self,
            const GbElement *e,
            const char      *text,
            GError         **error)
{
  if (e->markup)
    return gb_font_set_check_markup (self->fonts, e->bold, e->italic, text, error);
  return gb_font_set_check (self->fonts, e->bold, e->italic, text, error);
}

static char *
element_text (GbDocument      *self,
              GbPaper         *paper,
              const GbElement *e,
              gboolean        *skip,
              GError         **error)
{
  gboolean empty = FALSE;
  g_autofree char *text = expand (self, paper, e->text, e->markup, &empty, error);

  *skip = FALSE;
  if (text == NULL)
    return NULL;
  if (e->optional && empty)
    {
      *skip = TRUE;
      return g_strdup ("");
    }
  if (e->upper && !e->markup)
    return g_utf8_strup (text, -1);
  return g_steal_pointer (&text);
}

/* Whether @text uses only the association's and the date's values, so
 * that one layout serves every paper. */
static gboolean
same_on_every_paper (GbDocument *self,
                     const char *text)
{
  for (const char *p = strchr (text, '{'); p; p = strchr (p + 1, '{'))
    {
      const char *close = strchr (p, '}');
      g_autofree char *key = close ? g_strndup (p + 1, close - p - 1) : NULL;

      if (key == NULL || g_str_equal (key, "number") || g_str_equal (key, "reissue")
          || !g_hash_table_contains (self->values, key))
        return FALSE;
    }
  return TRUE;
}

/* Resolves the font, checks that it has every letter of every paper, and
 * loads the artwork. Nothing is drawn from a document that fails here. */
gboolean
gb_document_prepare (GbDocument  *self,
                     GError     **error)
{
  GbTemplate *t = self->template_;

  if (self->prepared)
    return TRUE;
  clear_prepared (self);

  if ((self->fonts = gb_font_set_new (self->font, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < t->elements->len; i++)
    {
      GbElement *e = g_ptr_array_index (t->elements, i);
      gboolean skip;

      if (e->kind != GB_ELEMENT_TEXT)
        continue;
      if (same_on_every_paper (self, e->text))
        {
          g_autofree char *text = element_text (self, NULL, e, &skip, error);

          if (text == NULL || (!skip && !check_text (self, e, text, error)))
            return FALSE;
          if (!skip && *text)
            g_hash_table_insert (self->static_layouts, e,
                                 is_fitted (e) ? fit_layout (self, e, text, NULL) : make_layout (self, e, text, e->size));
          continue;
        }
      for (guint p = 0; p < MAX (self->papers->len, 1); p++)
        {
          GbPaper *paper = p < self->papers->len ? g_ptr_array_index (self->papers, p) : NULL;
          g_autofree char *text = element_text (self, paper, e, &skip, error);

          if (text == NULL || (!skip && !check_text (self, e, text, error)))
            {
              if (paper != NULL)
                g_prefix_error (error, "%s: ", gb_paper_get_holder (paper));
              return FALSE;
            }
        }
    }

  if (self->logo_bytes != NULL)
    self->logo = surface_from_bytes (self->logo_bytes);

  if (!g_str_equal (t->border, "none"))
    {
      cairo_rectangle_t extents = { 0, 0, t->item_width, t->item_height };
      cairo_t *cr;

      self->border = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cr = cairo_create (self->border);
      if (g_str_equal (t->border, "classic"))
        draw_classic_border (cr, t);
      else
        draw_band (cr, t);
      cairo_destroy (cr);
    }

  self->prepared = TRUE;
  return TRUE;
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
  else if (same_on_every_paper (self, e->text))
    return;   /* left out: empty and optional */
  else
    {
      g_autofree char *text = element_text (self, paper, e, &skip, NULL);

      g_autofree char *key = NULL;

      if (text == NULL || skip || *text == '\0')
        return;
      key = g_strdup_printf ("%s\x1f%s", e->id, text);
      layout = g_hash_table_lookup (self->recent_layouts, key);
      if (layout != NULL)
        g_object_ref (layout);
      else
        {
          layout = is_fitted (e) ? fit_layout (self, e, text, NULL) : make_layout (self, e, text, e->size);
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

/* The code of @paper, from the thread ahead when there is one. */
static cairo_surface_t *
qr_for_paper (GbDocument      *self,
              GbPaper         *paper,
              const GbElement *e,
              guint            i)
{
  QrAhead *q = self->qr_ahead;
  g_autofree char *text = NULL;

  if (q != NULL)
    {
      if (i < q->texts->len && q->doc->papers->pdata[i] == paper)
        {
          cairo_surface_t *image;

          g_mutex_lock (&q->mutex);
          while (q->ready <= i)
            g_cond_wait (&q->cond, &q->mutex);
          image = g_steal_pointer (&q->images[i]);
          g_mutex_unlock (&q->mutex);
          return image;
        }
    }
  text = qr_text (self, paper);
  return qr_image (text, e->width);
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
                  self->photo = surface_from_bytes (paper->photo);
                  self->photo_paper = paper;
                }
              if (self->photo != NULL)
                draw_image (cr, self->photo, e);
            }
          break;
        case GB_ELEMENT_QR:
          if (self->show_qr && paper != NULL && !is_draft (self, paper))
            {
              cairo_surface_t *image = qr_for_paper (self, paper, e, index);

              if (image != NULL)
                draw_qr (cr, image, e);
              cairo_surface_destroy (image);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if ((parts & PART_BODY) && paper != NULL && is_draft (self, paper))
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

static const GbElement *
qr_element (GbDocument *self)
{
  for (guint i = 0; i < self->template_->elements->len; i++)
    if (((GbElement *) self->template_->elements->pdata[i])->kind == GB_ELEMENT_QR)
      return self->template_->elements->pdata[i];
  return NULL;
}

static void
qr_ahead_stop (GbDocument *self,
               GThread    *thread)
{
  QrAhead *q = self->qr_ahead;

  if (q == NULL)
    return;
  g_mutex_lock (&q->mutex);
  q->stop = TRUE;
  g_mutex_unlock (&q->mutex);
  g_thread_join (thread);
  for (guint i = 0; i < q->texts->len; i++)
    g_clear_pointer (&q->images[i], cairo_surface_destroy);
  g_free (q->images);
  g_ptr_array_unref (q->texts);
  g_mutex_clear (&q->mutex);
  g_cond_clear (&q->cond);
  g_free (q);
  self->qr_ahead = NULL;
}

/* A paper's PDF is dated with the paper, not with the second it was
 * drawn: the same paper gives the same bytes, and so the same hash. */
static cairo_surface_t *
paper_surface_new (GbDocument *self,
                   GByteArray *bytes)
{
  const char *date = g_hash_table_lookup (self->values, "date_iso");
  cairo_surface_t *surface;
  double w, h;

  gb_document_get_page_size (self, &w, &h);
  surface = gb_pdf_surface_new (bytes, w, h, self->template_->name,
                                g_hash_table_lookup (self->values, "association"));
  if (date != NULL && *date != '\0')
    {
      g_autofree char *stamp = g_strdup_printf ("%sT00:00:00", date);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
    }
  return surface;
}

/* The whole document as PDF bytes. Cancelling returns NULL with
 * G_IO_ERROR_CANCELLED; nothing is written anywhere. */
GBytes *
gb_document_to_pdf (GbDocument      *self,
                    GCancellable    *cancellable,
                    GbProgressFunc   progress,
                    gpointer         user_data,
                    GError         **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  GThread *thread = NULL;
  guint n;

  if (!gb_document_prepare (self, error))
    return NULL;
  n = gb_document_get_n_pages (self);
  if (n == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("There is nothing to print."));
      return NULL;
    }

  if (self->show_qr && self->papers->len > 8 && qr_element (self) != NULL)
    {
      QrAhead *q = g_new0 (QrAhead, 1);

      q->doc = self;
      q->size_mm = qr_element (self)->width;
      q->texts = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < self->papers->len; i++)
        g_ptr_array_add (q->texts, qr_text (self, self->papers->pdata[i]));
      q->images = g_new0 (cairo_surface_t *, self->papers->len);
      g_mutex_init (&q->mutex);
      g_cond_init (&q->cond);
      self->qr_ahead = q;
      thread = g_thread_new ("gb-qr", qr_ahead_run, q);
    }

  surface = paper_surface_new (self, bytes);

  for (guint page = 0; page < n; page++)
    {
      cairo_t *cr;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          qr_ahead_stop (self, thread);
          cairo_surface_destroy (surface);
          return NULL;
        }
      cr = cairo_create (surface);
      gb_document_render_page (self, cr, page);
      cairo_show_page (cr);
      cairo_destroy (cr);
      if (progress)
        progress (page + 1, n, user_data);
    }
  qr_ahead_stop (self, thread);
  return gb_pdf_surface_finish (surface, bytes, error);
}

/* Paper @index alone, as its own one-page PDF, for the register's hash of
 * that paper. Only for templates of one paper a sheet. */
GBytes *
gb_document_paper_pdf (GbDocument  *self,
                       guint        index,
                       GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (gb_template_per_sheet (self->template_) == 1, NULL);
  g_return_val_if_fail (index < self->papers->len, NULL);

  if (!gb_document_prepare (self, error))
    return NULL;
  surface = paper_surface_new (self, bytes);
  cr = cairo_create (surface);
  gb_document_render_page (self, cr, index);
  cairo_show_page (cr);
  cairo_destroy (cr);
  return gb_pdf_surface_finish (surface, bytes, error);
}

/* The texts that do not fit their boxes even at their smallest size and
 * wrapped, and so print cut short with "…": one message a text, for a
 * warning before the papers are issued. Empty when all fit. */
GPtrArray *
gb_document_check_fit (GbDocument  *self,
                       GError     **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  GbTemplate *t = self->template_;

  g_return_val_if_fail (self != NULL, NULL);

  if (!gb_document_prepare (self, error))
    return NULL;
  for (guint p = 0; p < MAX (self->papers->len, 1); p++)
    {
      GbPaper *paper = p < self->papers->len ? g_ptr_array_index (self->papers, p) : NULL;

      for (guint i = 0; i < t->elements->len; i++)
        {
          GbElement *e = g_ptr_array_index (t->elements, i);
          g_autofree char *text = NULL;
          g_autoptr(PangoLayout) layout = NULL;
          gboolean skip, shortened = FALSE;

          if (e->kind != GB_ELEMENT_TEXT || !is_fitted (e)
              || (p > 0 && same_on_every_paper (self, e->text)))
            continue;
          text = element_text (self, paper, e, &skip, NULL);
          if (text == NULL || skip || *text == '\0')
            continue;
          layout = fit_layout (self, e, text, &shortened);
          if (shortened)
            {
              g_autofree char *plain = NULL;

              if (!e->markup || !pango_parse_markup (text, -1, 0, NULL, &plain, NULL, NULL))
                plain = g_strdup (text);
              g_ptr_array_add (messages,
                               /* Translators: a paper's holder, then the text that is cut short. */
                               g_strdup_printf (_("%s: “%s” is too long for its place on the paper "
                                                  "and will be cut short."),
                                                paper ? gb_paper_get_holder (paper) : "", plain));
            }
        }
    }
  return g_steal_pointer (&messages);
}

/* What @paper's QR code holds (NULL: none). */
char *
gb_document_qr_text (GbDocument *self,
                     GbPaper    *paper)
{
  g_return_val_if_fail (self != NULL && paper != NULL, NULL);

  return is_draft (self, paper) ? NULL : qr_text (self, paper);
}
