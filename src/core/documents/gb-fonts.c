/* gb-fonts.c — resolving and checking the font of printed papers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <cairo-pdf.h>

#include "gb-error.h"
#include "gb-fonts.h"

/* Serif faces that write Vietnamese, best first (Liberation Serif has the
 * metrics of Times New Roman). */
static const char *const preferred_fonts[] = {
  "Times New Roman", "Liberation Serif", "Noto Serif", "DejaVu Serif", NULL,
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

/* Fonts ------------------------------------------------------------------ */

static gboolean
family_installed (PangoFontMap *map,
                  const char   *family)
{
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean found = FALSE;

  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = g_ascii_strcasecmp (pango_font_family_get_name (families[i]), family) == 0;
  g_free (families);
  return found;
}

char *
gb_document_default_font (void)
{
  g_autoptr(PangoFontMap) map = pango_cairo_font_map_new ();

  for (guint i = 0; preferred_fonts[i]; i++)
    if (family_installed (map, preferred_fonts[i]))
      return g_strdup (preferred_fonts[i]);
  return g_strdup ("Serif");
}

/* The first character of @text that @font cannot draw, or 0. */
static gunichar
first_missing (PangoFont  *font,
               const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x200B)
        continue;
      if (!pango_font_has_char (font, c))
        return c;
    }
  return 0;
}

static gboolean
check_coverage (PangoFont  *font,
                const char *family,
                const char *text,
                GError    **error)
{
  gunichar c = first_missing (font, text);
  char utf8[8] = { 0 };

  if (c == 0)
    return TRUE;
  g_unichar_to_utf8 (c, utf8);
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
               /* Translators: font, character, its code, the text it is in. */
               _("The font “%s” has no letter “%s” (U+%04X) needed for “%s”. Choose another font "
                 "in Preferences, or correct the text."),
               family, utf8, c, text);
  return FALSE;
}

/* The installed families that write every Vietnamese letter, sorted. */
GStrv
gb_document_list_fonts (void)
{
  static const char sample[] = "ĂÂĐÊÔƠƯăâđêôơư ẮẰẲẴẶẤẦẨẪẬẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữự "
                               "ÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ";
  g_autoptr(PangoFontMap) map = pango_cairo_font_map_new ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (map));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  PangoFontFamily **families = NULL;
  int n = 0;

  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n; i++)
    {
      const char *name = pango_font_family_get_name (families[i]);
      g_autoptr(PangoFontDescription) desc = pango_font_description_new ();
      g_autoptr(PangoFont) font = NULL;
      g_autoptr(PangoFontDescription) got = NULL;

      if (pango_font_family_is_monospace (families[i]))
        continue;
      pango_font_description_set_family (desc, name);
      font = pango_font_map_load_font (map, PANGO_CONTEXT (context), desc);
      if (font == NULL)
        continue;
      /* fontconfig may answer with another family; only the family itself counts. */
      got = pango_font_describe (font);
      if (g_ascii_strcasecmp (pango_font_description_get_family (got), name) == 0
          && first_missing (font, sample) == 0)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_free (families);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* Public for the Preferences: can @family write @text? */
gboolean
gb_font_covers (const char  *family,
                const char  *text,
                GError     **error)
{
  g_autoptr(PangoFontMap) map = pango_cairo_font_map_new ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (map));
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (family);
  g_autoptr(PangoFont) font = NULL;

  if (!family_installed (map, family))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The font “%s” is not installed."), family);
      return FALSE;
    }
  pango_font_description_set_family (desc, family);
  font = pango_font_map_load_font (map, PANGO_CONTEXT (context), desc);
  return font != NULL && check_coverage (font, family, text, error);
}

struct _GbFontSet
{
  PangoFontMap *map;
  PangoContext *context;
  char         *family;
  PangoFont    *faces[4];   /* loaded for checks: regular, bold, italic, bold italic */
  GHashTable   *checked;    /* characters already found in all four */
};

void
gb_font_set_free (GbFontSet *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->faces); i++)
    g_clear_object (&self->faces[i]);
  g_clear_object (&self->context);
  g_clear_object (&self->map);
  g_hash_table_unref (self->checked);
  g_free (self->family);
  g_free (self);
}

/* @family NULL or empty: the default. A family that is not installed is
 * an error, not a silent substitute. */
GbFontSet *
gb_font_set_new (const char  *family,
                 GError     **error)
{
  g_autoptr(GbFontSet) self = g_new0 (GbFontSet, 1);
  cairo_font_options_t *options;

  self->checked = g_hash_table_new (NULL, NULL);
  self->map = pango_cairo_font_map_new ();
  if (family != NULL && *family && !family_installed (self->map, family))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                   _("The font “%s” is not installed. Choose another font in Preferences."), family);
      return NULL;
    }
  self->family = family && *family ? g_strdup (family) : gb_document_default_font ();
  self->context = pango_font_map_create_context (self->map);
  /* Unhinted metrics: the same line breaks on paper, in the PDF and on screen. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  pango_context_set_language (self->context, pango_language_from_string ("vi"));
  return g_steal_pointer (&self);
}

const char *
gb_font_set_get_family (GbFontSet *self)
{
  return self->family;
}

PangoContext *
gb_font_set_get_context (GbFontSet *self)
{
  return self->context;
}

/* Layouts are measured in millimetres: the size is absolute, in mm. */
PangoFontDescription *
gb_font_set_describe (GbFontSet *self,
                      gboolean   bold,
                      gboolean   italic,
                      double     size_pt)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, self->family);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (desc, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_font_description_set_absolute_size (desc, size_pt * GB_MM_PER_PT * PANGO_SCALE);
  return desc;
}

static PangoFont *
face (GbFontSet  *self,
      gboolean    bold,
      gboolean    italic,
      GError    **error)
{
  int style = (bold ? 1 : 0) | (italic ? 2 : 0);

  if (self->faces[style] == NULL)
    {
      g_autoptr(PangoFontDescription) desc = gb_font_set_describe (self, bold, italic, 12);

      self->faces[style] = pango_font_map_load_font (self->map, self->context, desc);
      if (self->faces[style] == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The font “%s” is not installed."),
                     self->family);
    }
  return self->faces[style];
}

gboolean
gb_font_set_check (GbFontSet   *self,
                   gboolean     bold,
                   gboolean     italic,
                   const char  *text,
                   GError     **error)
{
  int style = (bold ? 1 : 0) | (italic ? 2 : 0);

  if (face (self, bold, italic, error) == NULL)
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* ASCII is in every font worth the name; the rest is looked up once. */
      if (c < 0x80 && c != 0)
        continue;
      if (GPOINTER_TO_UINT (g_hash_table_lookup (self->checked, GUINT_TO_POINTER (c))) & (1u << style))
        continue;
      if (!check_coverage (self->faces[style], self->family, text, error))
        return FALSE;
      /* The whole text passed: remember its letters. */
      for (const char *q = text; *q; q = g_utf8_next_char (q))
        {
          gunichar d = g_utf8_get_char (q);
          guint bits = GPOINTER_TO_UINT (g_hash_table_lookup (self->checked, GUINT_TO_POINTER (d)));

          g_hash_table_insert (self->checked, GUINT_TO_POINTER (d), GUINT_TO_POINTER (bits | (1u << style)));
        }
      break;
    }
  return TRUE;
}

gboolean
gb_font_set_check_markup (GbFontSet   *self,
                          gboolean     bold,
                          gboolean     italic,
                          const char  *markup,
                          GError     **error)
{
  g_autofree char *plain = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, error))
    return FALSE;
  /* Bold runs inside plain text: check both faces. */
  return gb_font_set_check (self, bold, italic, plain, error)
         && (!strstr (markup, "<b>") || gb_font_set_check (self, TRUE, italic, plain, error));
}

/* @text with every letter the face cannot draw replaced by a visible
 * mark, U+25A1 □ (or "?" in a font without it); NULL when the face draws
 * them all. Each letter replaced is appended to @missing, once. The text
 * may be Pango markup: its tags and entities are ASCII, never replaced. */
char *
gb_font_set_mark_missing (GbFontSet  *self,
                          gboolean    bold,
                          gboolean    italic,
                          const char *text,
                          GString    *missing,
                          GError    **error)
{
  PangoFont *font = face (self, bold, italic, error);
  g_autoptr(GString) out = NULL;
  gunichar mark;

  if (font == NULL)
    return NULL;
  if (first_missing (font, text) == 0)
    return NULL;
  mark = pango_font_has_char (font, 0x25A1) ? 0x25A1 : '?';
  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char utf8[8] = { 0 };

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x200B || pango_font_has_char (font, c))
        {
          g_string_append_unichar (out, c);
          continue;
        }
      g_string_append_unichar (out, mark);
      g_unichar_to_utf8 (c, utf8);
      if (strstr (missing->str, utf8) == NULL)
        g_string_append (missing, utf8);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
gb_pdf_surface_new (GByteArray *sink,
                    double      width_pt,
                    double      height_pt,
                    const char *title,
                    const char *author)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, sink, width_pt, height_pt);

  if (title && *title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (author && *author)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Guildbook " PACKAGE_VERSION);
  return surface;
}

/* Finishes and frees @surface; the PDF is what @sink received. */
GBytes *
gb_pdf_surface_finish (cairo_surface_t  *surface,
                       GByteArray       *sink,
                       GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot make the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_bytes_new (sink->data, sink->len);
}
