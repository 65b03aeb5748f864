/* gb-document-text.c — the texts a paper prints
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A text of the template becomes the paper's: each {key} filled in from
 * the paper, the association or the date, a clause left out when its
 * fact is missing, then fitted to its box by one rule for every variable
 * text.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-document-private.h"
#include "gb-error.h"

/* Every placeholder a template may use. */
static const char *const known_keys[] = {
  "name", "honorific", "birth_year", "craft", "village", "title_name", "decision_no",
  "decision_date", "decision_date_long", "issuer", "number", "reissue", "product", "category",
  "award", "contest", "contest_place", "contest_date_long", "member_no", "member_kind",
  "representative", "address", "joined_date_long", "valid_until", "association",
  "association_short", "association_address", "chairman", "signing_title", "signing_authority",
  "place", "date_line", "date_long", "year", NULL,
};

static PangoFontDescription *
element_font (GbDocument      *self,
              const GbElement *e,
              double           size_pt)
{
  return gb_font_set_describe (self->fonts, e->bold, e->italic, size_pt);
}

const char *
gb_document_lookup (GbDocument *self,
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
        value = gb_document_lookup (self, paper, key);
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
gboolean
gb_document_is_draft (GbDocument *self,
                      GbPaper    *paper)
{
  const char *number = paper ? gb_paper_get (paper, "number") : NULL;

  return !g_str_equal (self->template_->paper, "card") && (number == NULL || *number == '\0');
}

PangoLayout *
gb_document_make_layout (GbDocument      *self,
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
gboolean
gb_document_is_fitted (const GbElement *e)
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
PangoLayout *
gb_document_fit_layout (GbDocument      *self,
                        const GbElement *e,
                        const char      *text,
                        gboolean        *shortened)
{
  PangoLayout *layout = gb_document_make_layout (self, e, text, e->size);
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

gboolean
gb_document_check_text (GbDocument      *self,
                        const GbElement *e,
                        const char      *text,
                        GError         **error)
{
  if (e->markup)
    return gb_font_set_check_markup (self->fonts, e->bold, e->italic, text, error);
  return gb_font_set_check (self->fonts, e->bold, e->italic, text, error);
}

char *
gb_document_element_text (GbDocument      *self,
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
gboolean
gb_document_same_on_every_paper (GbDocument *self,
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
