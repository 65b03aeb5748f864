/* gb-report-frame.c — the frame every report shares
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Decree 30 heading and title, the addressee, the closing with its
 * recipients and signature; tables that go both into the flow and into
 * the spreadsheet; numbered sections and staff's own words.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <string.h>

#include "gb-decree30.h"
#include "gb-report-private.h"
#include "gb-text.h"

Table
gb_report_add_table (Builder      *b,
                     const char   *sheet_name,
                     const Column *columns,
                     guint         n,
                     double        size)
{
  Table t;

  t.table = gb_flow_add_table (b->report->flow, n, size);
  t.sheet = g_new0 (GbSheet, 1);
  t.sheet->name = g_strdup (sheet_name);
  t.sheet->n_columns = n;
  t.sheet->titles = g_new0 (char *, n + 1);
  t.sheet->numeric = g_new0 (gboolean, n);
  t.sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n; i++)
    {
      gb_flow_table_set_column (t.table, i, columns[i].title, columns[i].weight, columns[i].align);
      gb_flow_table_set_numeric (t.table, i, columns[i].numeric);
      t.sheet->titles[i] = g_strdup (columns[i].title);
      t.sheet->numeric[i] = columns[i].numeric;
    }
  g_ptr_array_add (b->report->sheets, t.sheet);
  return t;
}

void
gb_report_add_row (Table              *t,
                   const char *const  *cells)
{
  gb_flow_table_add_row (t->table, cells);
  g_ptr_array_add (t->sheet->rows, g_strdupv ((char **) cells));
}

void
gb_report_set_footer (Table             *t,
                      const char *const *cells)
{
  gb_flow_table_set_footer (t->table, cells);
  t->sheet->footer = g_strdupv ((char **) cells);
}

char *
gb_report_money (gint64 amount)
{
  return gb_text_format_thousands (amount);
}

char *
gb_report_day (const char *iso)
{
  return iso && *iso ? gb_text_format_date (iso) : g_strdup ("");
}

const char *const gb_report_to_city[] = {
  "Sở Công Thương thành phố Hải Phòng", "Khối thi đua các Hội đặc thù", "Lưu: VT", NULL,
};
const char *const gb_report_to_file[] = { "Ban Chấp hành Hiệp hội", "Lưu: VT", NULL };

/* A report to the city is addressed to the first of its recipients
 * ("Kính gửi: …"), who is then "Như trên" in the list of recipients. */
void
gb_report_begin (Builder           *b,
                 gboolean           landscape,
                 const char        *code,
                 const char        *kind_words,
                 const char        *subject,
                 const char *const *usual)
{
  const char *const *recipients = b->o->recipients ? (const char *const *) b->o->recipients : usual;
  GbDecree30Heading h = { 0 };
  g_autofree char *number = NULL;
  GbPageStyle style;

  gb_decree30_page_style (&style, landscape);
  b->report->flow = gb_flow_new (&style);
  gb_flow_set_font (b->report->flow, b->o->font);
  /* A name with a letter the font lacks prints as □ with a warning: the
   * report (and its spreadsheet, which has no font) is still made. */
  gb_flow_set_mark_missing (b->report->flow, TRUE);
  gb_flow_set_title (b->report->flow, subject);
  if (b->o->number > 0)
    number = gb_decree30_number (b->o->number, code, b->assoc ? b->assoc->symbol : NULL);
  h.issuer = b->assoc ? b->assoc->name : "";
  h.number = number;
  h.place = b->assoc ? b->assoc->place : NULL;
  h.date = b->date;
  gb_decree30_add_heading (b->report->flow, &h);
  gb_decree30_add_title (b->report->flow, kind_words, subject);
  {
    GbReportPaper *paper = &b->report->paper;

    paper->landscape = landscape;
    paper->issuer = g_utf8_strup (h.issuer, -1);
    paper->number = g_strdup_printf ("Số: %s", number ? number : "……/……");
    paper->date_line = gb_decree30_date_line (h.place, b->date);
    paper->kind = g_utf8_strup (kind_words, -1);
    paper->subject = g_strdup (subject);
  }

  b->recipients = g_ptr_array_new ();
  for (guint i = 0; recipients && recipients[i]; i++)
    {
      const char *r = recipients[i];

      if (i == 0 && usual == gb_report_to_city && !g_str_has_prefix (r, "Như trên")
          && !g_str_has_prefix (r, "Lưu"))
        {
          g_autofree char *addressee = g_strconcat (r, ".", NULL);

          gb_decree30_add_addressee (b->report->flow, addressee);
          b->report->paper.addressee = g_strconcat ("Kính gửi: ", addressee, NULL);
          g_ptr_array_add (b->recipients, (gpointer) "Như trên");
        }
      else
        g_ptr_array_add (b->recipients, (gpointer) r);
    }
  g_ptr_array_add (b->recipients, NULL);
}

void
gb_report_end (Builder *b)
{
  GbDecree30Closing c = { 0 };

  c.recipients = (const char *const *) b->recipients->pdata;
  c.authority = b->assoc ? b->assoc->signing_authority : NULL;
  c.title = b->assoc ? b->assoc->signing_title : NULL;
  c.signer = b->assoc ? b->assoc->chairman : NULL;
  gb_decree30_add_closing (b->report->flow, &c);
  {
    GbReportPaper *paper = &b->report->paper;
    guint n = b->recipients->len - 1;

    paper->recipients = g_new0 (char *, n + 1);
    for (guint i = 0; i < n; i++)
      paper->recipients[i] = g_strdup_printf ("- %s%s", (char *) b->recipients->pdata[i], i + 1 == n ? "." : ";");
    paper->authority = g_utf8_strup (c.authority ? c.authority : "TM. BAN CHẤP HÀNH", -1);
    paper->title = g_utf8_strup (c.title ? c.title : "CHỦ TỊCH", -1);
    paper->signer = g_strdup (c.signer ? c.signer : "");
  }
}

void
gb_report_para (Builder    *b,
                const char *format,
                ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  gb_decree30_add_paragraph (b->report->flow, text);
}

/* **bold** and *italic* (or _italic_) of staff's text as Pango markup,
 * everything else escaped. A mark with no partner is kept as written. */
static char *
inline_markup (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *close;
      gboolean strong = p[0] == '*' && p[1] == '*';
      gboolean emphasis = !strong && (p[0] == '*' || p[0] == '_');
      gsize mark = strong ? 2 : 1;

      if ((strong || emphasis) && p[mark] != ' ' && p[mark] != '\0'
          && (close = strstr (p + mark, strong ? "**" : (p[0] == '*' ? "*" : "_"))) != NULL
          && close > p + mark && close[-1] != ' ')
        {
          g_autofree char *inner = g_markup_escape_text (p + mark, close - p - mark);

          g_string_append_printf (out, strong ? "<b>%s</b>" : "<i>%s</i>", inner);
          p = close + mark;
          continue;
        }
      {
        const char *next = g_utf8_next_char (p);
        g_autofree char *escaped = g_markup_escape_text (p, next - p);

        g_string_append (out, escaped);
        p = next;
      }
    }
  return g_string_free (out, FALSE);
}

static void
flush_paragraph (Builder *b,
                 GString *paragraph)
{
  g_autofree char *markup = NULL;

  if (paragraph->len == 0)
    return;
  markup = inline_markup (paragraph->str);
  gb_decree30_add_paragraph (b->report->flow, markup);
  g_string_truncate (paragraph, 0);
}

static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X" };

/* A section "V. ĐÁNH GIÁ CHUNG", numbered on from the sections before it. */
void
gb_report_section (Builder    *b,
                   const char *title)
{
  g_autofree char *numbered = g_strdup_printf ("%s. %s", roman[MIN (b->sections, G_N_ELEMENTS (roman) - 1)],
                                               title);

  b->sections++;
  gb_decree30_add_section (b->report->flow, numbered);
}

/* Staff's own words in Markdown-light: a blank line ends a paragraph and
 * the lines of one are joined; "## …" is a sub-heading, numbered 1, 2…;
 * "- …" (or "* …", "+ …") and "1. …" are items, each a paragraph of its
 * own, with the dash of Vietnamese documents; **bold**, *italic*. */
void
gb_report_narrative (Builder    *b,
                     const char *title,
                     const char *text)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(GString) paragraph = g_string_new (NULL);
  guint headings = 0;

  /* A section staff left empty is not printed. */
  if (*trimmed == '\0')
    return;
  gb_report_section (b, title);
  lines = g_strsplit (trimmed, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *digits = line;

      while (g_ascii_isdigit (*digits))
        digits++;
      if (*line == '\0')
        flush_paragraph (b, paragraph);
      else if (*line == '#')
        {
          g_autofree char *heading = NULL;
          g_autofree char *markup = NULL;

          flush_paragraph (b, paragraph);
          while (*line == '#')
            line++;
          heading = g_strdup_printf ("%u. %s", ++headings, g_strstrip (line));
          markup = g_markup_escape_text (heading, -1);
          gb_decree30_add_subsection (b->report->flow, markup);
        }
      else if ((strchr ("-*+", line[0]) && line[1] == ' ')
               || (digits > line && (*digits == '.' || *digits == ')') && digits[1] == ' '))
        {
          flush_paragraph (b, paragraph);
          if (digits == line)
            {
              line += 2;
              g_string_append (paragraph, "- ");
            }
          g_string_append (paragraph, g_strchug (line));
          flush_paragraph (b, paragraph);
        }
      else
        {
          if (paragraph->len > 0)
            g_string_append_c (paragraph, ' ');
          g_string_append (paragraph, line);
        }
    }
  flush_paragraph (b, paragraph);
}
