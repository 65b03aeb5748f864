/* gb-document.c — certificates and cards: the document and its PDF
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document holds a template, the association's and the date's values
 * and the papers; preparing checks the font and loads the artwork once;
 * the PDF is written from gb_document_render_page() (gb-document-draw.c).
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "gb-document-private.h"
#include "gb-error.h"
#include "gb-text.h"
#include "gb-text.h"


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

/* Preparing -------------------------------------------------------------- */

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
      if (gb_document_same_on_every_paper (self, e->text))
        {
          g_autofree char *text = gb_document_element_text (self, NULL, e, &skip, error);

          if (text == NULL || (!skip && !gb_document_check_text (self, e, text, error)))
            return FALSE;
          if (!skip && *text)
            g_hash_table_insert (self->static_layouts, e,
                                 gb_document_is_fitted (e)
                                 ? gb_document_fit_layout (self, e, text, NULL)
                                 : gb_document_make_layout (self, e, text, e->size));
          continue;
        }
      for (guint p = 0; p < MAX (self->papers->len, 1); p++)
        {
          GbPaper *paper = p < self->papers->len ? g_ptr_array_index (self->papers, p) : NULL;
          g_autofree char *text = gb_document_element_text (self, paper, e, &skip, error);

          if (text == NULL || (!skip && !gb_document_check_text (self, e, text, error)))
            {
              if (paper != NULL)
                g_prefix_error (error, "%s: ", gb_paper_get_holder (paper));
              return FALSE;
            }
        }
    }

  if (self->logo_bytes != NULL)
    self->logo = gb_document_image_from_bytes (self->logo_bytes);

  if (!g_str_equal (t->border, "none"))
    {
      cairo_rectangle_t extents = { 0, 0, t->item_width, t->item_height };
      cairo_t *cr;

      self->border = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cr = cairo_create (self->border);
      if (g_str_equal (t->border, "classic"))
        gb_document_draw_classic_border (cr, t);
      else
        gb_document_draw_band (cr, t);
      cairo_destroy (cr);
    }

  self->prepared = TRUE;
  return TRUE;
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
  GThread *thread;
  guint n;

  if (!gb_document_prepare (self, error))
    return NULL;
  n = gb_document_get_n_pages (self);
  if (n == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("There is nothing to print."));
      return NULL;
    }

  thread = gb_document_qr_ahead_start (self);

  surface = paper_surface_new (self, bytes);

  for (guint page = 0; page < n; page++)
    {
      cairo_t *cr;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gb_document_qr_ahead_stop (self, thread);
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
  gb_document_qr_ahead_stop (self, thread);
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

          if (e->kind != GB_ELEMENT_TEXT || !gb_document_is_fitted (e)
              || (p > 0 && gb_document_same_on_every_paper (self, e->text)))
            continue;
          text = gb_document_element_text (self, paper, e, &skip, NULL);
          if (text == NULL || skip || *text == '\0')
            continue;
          layout = gb_document_fit_layout (self, e, text, &shortened);
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
