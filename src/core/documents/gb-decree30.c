/* gb-decree30.c — Decree 30/2020/NĐ-CP, Appendix I, in figures
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gb-decree30.h"
#include "gb-paper.h"
#include "gb-text.h"

/* Margins (mm): top 20–25, bottom 20–25, left 30–35, right 15–20. */
#define MARGIN_TOP     20.0
#define MARGIN_BOTTOM  20.0
#define MARGIN_LEFT    30.0
#define MARGIN_RIGHT   15.0
/* Sizes (pt). */
#define SIZE_BODY          14.0   /* 13–14, upright, justified */
#define SIZE_PAGE_NUMBER   14.0   /* 13–14, centred in the top margin, not on page 1 */
#define SIZE_NATION        13.0   /* "CỘNG HÒA …" 12–13, capitals, bold */
#define SIZE_MOTTO         14.0   /* "Độc lập - Tự do - Hạnh phúc" 13–14, bold, ruled */
#define SIZE_ISSUER        13.0   /* the issuing body 12–13, capitals, bold, rule 1/3–1/2 */
#define SIZE_ISSUER_LEAST  12.0
#define SIZE_NUMBER        13.0   /* "Số: 05/BC-HHLN" 13 */
#define SIZE_DATE          14.0   /* place and date 13–14, italic */
#define SIZE_KIND          14.0   /* "BÁO CÁO" 13–14, capitals, bold */
#define SIZE_SUBJECT       14.0   /* the subject 13–14, bold, ruled 1/3–1/2 */
#define SIZE_RECIPIENTS_HEAD 12.0 /* "Nơi nhận:" 12, bold italic */
#define SIZE_RECIPIENTS    11.0   /* the list 11 */
#define SIZE_SIGNING       14.0   /* authority and title 13–14, capitals, bold */
#define SIGNATURE_ROOM     35.0   /* mm for the signature and the seal, title to name */
#define INDENT_FIRST       10.0   /* mm: first-line indent 1–1.27 cm */
#define SPACE_PARAGRAPH     6.0   /* pt at least between paragraphs */
#define ISSUER_RULE         (1.0 / 3)
#define SUBJECT_RULE        0.4   /* of the subject's width: 1/3–1/2 */
#define LEFT_SHARE          0.42  /* the issuer's column of the heading */
#define GUTTER              6.0   /* mm kept clear between the issuer and the motto */

#define LINE(size) ((size) * GB_MM_PER_PT * 1.18)

static const char nation[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char motto[] = "Độc lập - Tự do - Hạnh phúc";

void
gb_decree30_page_style (GbPageStyle *style,
                        gboolean     landscape)
{
  style->width = landscape ? 297 : 210;
  style->height = landscape ? 210 : 297;
  style->top = MARGIN_TOP;
  style->bottom = MARGIN_BOTTOM;
  style->left = MARGIN_LEFT;
  style->right = MARGIN_RIGHT;
  style->page_number_size = SIZE_PAGE_NUMBER;
}

double
gb_decree30_body_size (void)
{
  return SIZE_BODY;
}

/* "Hải Phòng, ngày 05 tháng 02 năm 2025". */
char *
gb_decree30_date_line (const char *place,
                       const char *iso_date)
{
  g_autofree char *date = gb_paper_long_date (iso_date);

  return g_strdup_printf ("%s, %s", place && *place ? place : "Hải Phòng", date);
}

/* "05/BC-HHLN": numbers under 10 take a leading zero; no spaces. */
char *
gb_decree30_number (guint       number,
                    const char *code,
                    const char *symbol)
{
  return g_strdup_printf ("%02u/%s%s%s", number, code, symbol && *symbol ? "-" : "",
                          symbol ? symbol : "");
}

static PangoLayout *
layout_for (GbFontSet  *fonts,
            const char *text,
            double      width,
            double      size,
            gboolean    bold,
            gboolean    italic)
{
  PangoLayout *layout = pango_layout_new (gb_font_set_get_context (fonts));
  g_autoptr(PangoFontDescription) desc = gb_font_set_describe (fonts, bold, italic, size);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws centred text; returns its height, and in *@text_width the width
 * of its widest line (for the rules under it). */
static double
centred (cairo_t    *cr,
         GbFontSet  *fonts,
         const char *text,
         double      x,
         double      y,
         double      width,
         double      size,
         gboolean    bold,
         gboolean    italic,
         double     *text_width)
{
  g_autoptr(PangoLayout) layout = layout_for (fonts, text, width, size, bold, italic);
  PangoRectangle logical;
  int w, h;

  pango_layout_get_extents (layout, NULL, &logical);
  pango_layout_get_size (layout, &w, &h);
  if (cr != NULL)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  if (text_width)
    *text_width = (double) logical.width / PANGO_SCALE;
  return (double) h / PANGO_SCALE;
}

/* How far below its top @text's ink reaches: the descenders and the dots
 * below ("p", "ạ") may pass the line's logical bottom, and a rule drawn
 * there would cut them. */
static double
ink_bottom (GbFontSet  *fonts,
            const char *text,
            double      width,
            double      size)
{
  g_autoptr(PangoLayout) layout = layout_for (fonts, text, width, size, TRUE, FALSE);
  PangoRectangle ink, logical;

  pango_layout_get_extents (layout, &ink, &logical);
  return (double) MAX (ink.y + ink.height, logical.y + logical.height) / PANGO_SCALE;
}

static void
rule (cairo_t *cr,
      double   centre,
      double   y,
      double   width)
{
  cairo_set_line_width (cr, 0.3);
  cairo_move_to (cr, centre - width / 2, y);
  cairo_line_to (cr, centre + width / 2, y);
  cairo_stroke (cr);
}

typedef struct
{
  char *issuer;
  char *place;      /* in capitals, as it ends the issuer's name */
  char *number;
  char *date_line;
} Heading;

static void
heading_free (gpointer data)
{
  Heading *h = data;

  g_free (h->issuer);
  g_free (h->place);
  g_free (h->number);
  g_free (h->date_line);
  g_free (h);
}

static double
line_width (GbFontSet  *fonts,
            const char *text,
            double      size)
{
  g_autoptr(PangoLayout) layout = layout_for (fonts, text, -1, size, TRUE, FALSE);
  int w;

  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &w, NULL);
  return (double) w / PANGO_SCALE;
}

/* The issuer as a person sets it: on one line if it fits, else broken
 * before its place
 * ("HIỆP HỘI LÀNG NGHỀ" / "HẢI PHÒNG"), else where the two lines come out
 * most even; never inside a word or a name of a place. */
static char *
issuer_lines (GbFontSet  *fonts,
              const char *issuer,
              const char *place,
              double      width,
              double     *size)
{
  g_auto(GStrv) words = g_strsplit (issuer, " ", -1);
  guint n = g_strv_length (words), best = 0;
  double best_width = G_MAXDOUBLE;

  *size = SIZE_ISSUER;
  if (line_width (fonts, issuer, *size) <= width)
    return g_strdup (issuer);
  /* Two lines of the larger size, else of the smaller (12–13 pt). */
  if (line_width (fonts, issuer, *size) > 2 * width)
    *size = SIZE_ISSUER_LEAST;
  if (place && *place && g_str_has_suffix (issuer, place) && strlen (issuer) > strlen (place)
      && issuer[strlen (issuer) - strlen (place) - 1] == ' ')
    {
      g_autofree char *head = g_strndup (issuer, strlen (issuer) - strlen (place) - 1);
      g_autofree char *tail = g_strdup (place);
      static const char *const kinds[] = { " THÀNH PHỐ", " TỈNH", NULL };

      /* "… THÀNH PHỐ HẢI PHÒNG": the kind of place goes with its name. */
      for (guint i = 0; kinds[i]; i++)
        if (g_str_has_suffix (head, kinds[i]) && strlen (head) > strlen (kinds[i]))
          {
            char *longer = g_strconcat (kinds[i] + 1, " ", tail, NULL);

            if (line_width (fonts, longer, *size) <= width)
              {
                head[strlen (head) - strlen (kinds[i])] = '\0';
                g_free (tail), tail = longer;
              }
            else
              g_free (longer);
          }
      if (line_width (fonts, head, *size) <= width && line_width (fonts, tail, *size) <= width)
        return g_strdup_printf ("%s\n%s", head, tail);
      /* A long name: its head on two even lines, the place on the third
       * ("HIỆP HỘI LÀNG NGHỀ VÀ" / "PHÁT TRIỂN NÔNG THÔN" / "THÀNH PHỐ HẢI PHÒNG"). */
      if (line_width (fonts, tail, *size) <= width)
        {
          g_auto(GStrv) parts = g_strsplit (head, " ", -1);
          guint m = g_strv_length (parts), split = 0;
          double narrowest = G_MAXDOUBLE;

          for (guint k = 1; k < m; k++)
            {
              char *saved = parts[k];
              g_autofree char *second = g_strjoinv (" ", parts + k);
              g_autofree char *first = NULL;
              double w;

              parts[k] = NULL;
              first = g_strjoinv (" ", parts);
              parts[k] = saved;
              w = MAX (line_width (fonts, first, *size), line_width (fonts, second, *size));
              if (w <= width && w < narrowest)
                narrowest = w, split = k;
            }
          if (split > 0)
            {
              char *saved = parts[split];
              g_autofree char *second = g_strjoinv (" ", parts + split);
              g_autofree char *first = NULL;

              parts[split] = NULL;
              first = g_strjoinv (" ", parts);
              parts[split] = saved;
              return g_strdup_printf ("%s\n%s\n%s", first, second, tail);
            }
        }
    }
  for (guint k = 1; k < n; k++)
    {
      char *saved = words[k];
      g_autofree char *second = g_strjoinv (" ", words + k);
      g_autofree char *first = NULL;
      double w;

      words[k] = NULL;
      first = g_strjoinv (" ", words);
      words[k] = saved;
      w = MAX (line_width (fonts, first, *size), line_width (fonts, second, *size));
      if (w < best_width)
        best_width = w, best = k;
    }
  if (best == 0)
    return g_strdup (issuer);
  {
    char *saved = words[best];
    g_autofree char *second = g_strjoinv (" ", words + best);
    g_autofree char *first = NULL;

    words[best] = NULL;
    first = g_strjoinv (" ", words);
    words[best] = saved;
    return g_strdup_printf ("%s\n%s", first, second);
  }
}

/* Draws the heading on @cr (or only measures it, with @cr NULL); returns
 * its height. */
static double
heading_at (cairo_t   *cr,
            GbFontSet *fonts,
            Heading   *h,
            double     x,
            double     y,
            double     width)
{
  double left_w = width * LEFT_SHARE, right_x = x + left_w, right_w = width - left_w;
  double left_h, motto_w, issuer_w, ly, ry, size, number_h;
  g_autofree char *issuer = issuer_lines (fonts, h->issuer, h->place, left_w - GUTTER, &size);

  /* Left: the issuing body, its short rule, then the number. */
  left_h = centred (cr, fonts, issuer, x, y, left_w, size, TRUE, FALSE, &issuer_w);
  ly = y + left_h + 0.8;
  if (cr != NULL)
    rule (cr, x + left_w / 2, ly, MIN (issuer_w, left_w) * ISSUER_RULE);

  /* Right: the national title, the motto ruled as long as itself, under
   * the ink of its descenders. */
  ry = y + centred (cr, fonts, nation, right_x, y, right_w, SIZE_NATION, TRUE, FALSE, NULL);
  centred (cr, fonts, motto, right_x, ry, right_w, SIZE_MOTTO, TRUE, FALSE, &motto_w);
  ry += ink_bottom (fonts, motto, right_w, SIZE_MOTTO) + 0.6;
  if (cr != NULL)
    rule (cr, right_x + right_w / 2, ry, motto_w);

  /* The number and the date line share a line under both. */
  ly = MAX (ly, ry) + 4;
  number_h = centred (cr, fonts, h->number, x, ly, left_w, SIZE_NUMBER, FALSE, FALSE, NULL);
  number_h = MAX (number_h, centred (cr, fonts, h->date_line, right_x, ly, right_w, SIZE_DATE, FALSE,
                                     TRUE, NULL));
  return ly + number_h - y + 6;
}

static void
draw_heading (cairo_t   *cr,
              GbFontSet *fonts,
              double     x,
              double     y,
              double     width,
              gpointer   data)
{
  heading_at (cr, fonts, data, x, y, width);
}

static double
measure_heading (GbFontSet *fonts,
                 double     width,
                 gpointer   data)
{
  return heading_at (NULL, fonts, data, 0, 0, width);
}

void
gb_decree30_add_heading (GbFlow                  *flow,
                         const GbDecree30Heading *heading)
{
  Heading *h = g_new0 (Heading, 1);
  g_autofree char *texts = NULL;
  g_autofree char *issuer = g_utf8_strup (heading->issuer ? heading->issuer : "", -1);
  double height;

  h->issuer = g_utf8_normalize (issuer, -1, G_NORMALIZE_NFC);
  {
    g_autofree char *place = g_utf8_strup (heading->place && *heading->place ? heading->place : "Hải Phòng", -1);

    h->place = g_utf8_normalize (place, -1, G_NORMALIZE_NFC);
  }
  h->number = g_strdup_printf ("Số: %s", heading->number && *heading->number ? heading->number
                                                                              : "……/……");
  h->date_line = heading->date ? gb_decree30_date_line (heading->place, heading->date)
                               : g_strdup_printf ("%s, ngày …… tháng …… năm ……",
                                                  heading->place ? heading->place : "Hải Phòng");
  texts = g_strjoin ("", h->issuer, nation, motto, h->number, h->date_line, NULL);
  /* Two lines of issuer at most, the rule, the number line. */
  height = 2 * LINE (SIZE_ISSUER) + 4 + LINE (SIZE_NUMBER) + 6;
  gb_flow_add_block (flow, height, texts, draw_heading, h, heading_free);
  gb_flow_set_measure (flow, measure_heading);
}

static void
draw_subject_rule (cairo_t   *cr,
                   GbFontSet *fonts,
                   double     x,
                   double     y,
                   double     width,
                   gpointer   data)
{
  g_autoptr(PangoLayout) layout = layout_for (fonts, data, width, SIZE_SUBJECT, TRUE, FALSE);
  PangoRectangle logical;

  /* As wide as a share of the subject's widest line. */
  pango_layout_get_extents (layout, NULL, &logical);
  rule (cr, x + width / 2, y + 1.4, (double) logical.width / PANGO_SCALE * SUBJECT_RULE);
}

/* "BÁO CÁO" and the subject, centred, with a short rule. */
void
gb_decree30_add_title (GbFlow     *flow,
                       const char *kind,
                       const char *subject)
{
  g_autofree char *upper = g_utf8_strup (kind, -1);

  gb_flow_add_text (flow, upper, SIZE_KIND, GB_ALIGN_CENTER, 0, 6, 0,
                    GB_FLOW_BOLD | GB_FLOW_KEEP_WITH_NEXT);
  gb_flow_add_text (flow, subject, SIZE_SUBJECT, GB_ALIGN_CENTER, 0, 0, 0,
                    GB_FLOW_BOLD | GB_FLOW_KEEP_WITH_NEXT);
  gb_flow_add_block (flow, 6, "", draw_subject_rule, g_strdup (subject), g_free);
}

/* "Kính gửi: …" under the subject, for a report to a higher body. */
void
gb_decree30_add_addressee (GbFlow     *flow,
                           const char *addressee)
{
  g_autofree char *text = g_strdup_printf ("Kính gửi: %s", addressee);

  gb_flow_add_text (flow, text, SIZE_BODY, GB_ALIGN_CENTER, 0, 0, SPACE_PARAGRAPH, 0);
}

void
gb_decree30_add_paragraph (GbFlow     *flow,
                           const char *text)
{
  gb_flow_add_text (flow, text, SIZE_BODY, GB_ALIGN_JUSTIFY, INDENT_FIRST, 0, SPACE_PARAGRAPH,
                    GB_FLOW_MARKUP);
}

void
gb_decree30_add_section (GbFlow     *flow,
                         const char *title)
{
  gb_flow_add_text (flow, title, SIZE_BODY, GB_ALIGN_LEFT, INDENT_FIRST, SPACE_PARAGRAPH, 3,
                    GB_FLOW_BOLD | GB_FLOW_KEEP_WITH_NEXT);
}

/* "1. …" under a section: bold, in the body's size, justified like it;
 * @markup is Pango markup. */
void
gb_decree30_add_subsection (GbFlow     *flow,
                            const char *markup)
{
  gb_flow_add_text (flow, markup, SIZE_BODY, GB_ALIGN_JUSTIFY, INDENT_FIRST, 3, 3,
                    GB_FLOW_BOLD | GB_FLOW_KEEP_WITH_NEXT | GB_FLOW_MARKUP);
}

typedef struct
{
  GPtrArray *recipients;
  char      *authority;
  char      *title;
  char      *signer;
} Closing;

static void
closing_free (gpointer data)
{
  Closing *c = data;

  g_ptr_array_unref (c->recipients);
  g_free (c->authority);
  g_free (c->title);
  g_free (c->signer);
  g_free (c);
}

static void
draw_closing (cairo_t   *cr,
              GbFontSet *fonts,
              double     x,
              double     y,
              double     width,
              gpointer   data)
{
  Closing *c = data;
  double left_w = width * 0.45, right_x = x + left_w, right_w = width - left_w, ry = y + 4;

  /* Bottom left: "Nơi nhận:" and one "- …;" a line, ending with the file copy. */
  gb_flow_draw_text (cr, fonts, "Nơi nhận:", x, y + 4, left_w, SIZE_RECIPIENTS_HEAD, GB_ALIGN_LEFT,
                     GB_FLOW_BOLD | GB_FLOW_ITALIC);
  for (guint i = 0; i < c->recipients->len; i++)
    gb_flow_draw_text (cr, fonts, c->recipients->pdata[i], x, y + 4 + LINE (SIZE_RECIPIENTS_HEAD) + i * LINE (SIZE_RECIPIENTS),
                       left_w, SIZE_RECIPIENTS, GB_ALIGN_LEFT, 0);

  /* Bottom right: authority, title, room to sign and seal, the name. */
  ry += centred (cr, fonts, c->authority, right_x, ry, right_w, SIZE_SIGNING, TRUE, FALSE, NULL);
  ry += centred (cr, fonts, c->title, right_x, ry, right_w, SIZE_SIGNING, TRUE, FALSE, NULL);
  centred (cr, fonts, c->signer, right_x, ry + SIGNATURE_ROOM, right_w, SIZE_SIGNING, TRUE, FALSE, NULL);
}

void
gb_decree30_add_closing (GbFlow                  *flow,
                         const GbDecree30Closing *closing)
{
  Closing *c = g_new0 (Closing, 1);
  GString *texts = g_string_new ("Nơi nhận:");
  guint n = 0;
  double left, right;

  c->recipients = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; closing->recipients && closing->recipients[i]; i++, n++)
    {
      gboolean last = closing->recipients[i + 1] == NULL;
      char *line = g_strdup_printf ("- %s%s", closing->recipients[i], last ? "." : ";");

      g_ptr_array_add (c->recipients, line);
      g_string_append (texts, line);
    }
  c->authority = g_utf8_strup (closing->authority ? closing->authority : "TM. BAN CHẤP HÀNH", -1);
  c->title = g_utf8_strup (closing->title ? closing->title : "CHỦ TỊCH", -1);
  c->signer = g_strdup (closing->signer ? closing->signer : "");
  g_string_append (texts, c->authority);
  g_string_append (texts, c->title);
  g_string_append (texts, c->signer);

  left = 4 + LINE (SIZE_RECIPIENTS_HEAD) + n * LINE (SIZE_RECIPIENTS);
  right = 4 + 2 * LINE (SIZE_SIGNING) + SIGNATURE_ROOM + LINE (SIZE_SIGNING);
  gb_flow_add_block (flow, MAX (left, right) + 2, texts->str, draw_closing, c, closing_free);
  gb_flow_keep_with_previous (flow);
  g_string_free (texts, TRUE);
}
