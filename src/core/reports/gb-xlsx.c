/* gb-xlsx.c — a report's tables as an XLSX workbook (libxlsxwriter)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"
#include "gb-date.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gb-error.h"
#include "gb-output.h"
#include "gb-report.h"

/* "1.200.000" and "8,75" as the numbers they are; NULL if not a number. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (*p == '.')
        continue;                        /* thousands */
      g_string_append_c (plain, *p == ',' ? '.' : *p);
    }
  *value = g_ascii_strtod (plain->str, &end);
  return end != NULL && *end == '\0' && end != plain->str;
}

/* "18/03/2021" as the day it is; FALSE if not a date. */
static gboolean
parse_date (const char   *text,
            lxw_datetime *when)
{
  GDate date;

  /* Only what the program wrote as a date: dd/mm/yyyy, whole. */
  if (text == NULL || strlen (text) != 10 || text[2] != '/' || text[5] != '/'
      || !gb_date_from_text (text, &date, NULL))
    return FALSE;
  *when = (lxw_datetime) { .year = g_date_get_year (&date), .month = g_date_get_month (&date),
                           .day = g_date_get_day (&date) };
  return TRUE;
}

typedef struct
{
  lxw_format *plain, *bold, *bold_italic, *italic, *kind, *subject;
  lxw_format *header, *number, *decimal, *date, *total, *total_decimal, *text, *total_text, *small;
} Formats;

static lxw_format *
format_new (lxw_workbook *book,
            gboolean      bold,
            gboolean      italic,
            double        size,
            uint8_t       align)
{
  lxw_format *f = workbook_add_format (book);

  format_set_font_name (f, "Times New Roman");
  format_set_font_size (f, size);
  if (bold)
    format_set_bold (f);
  if (italic)
    format_set_italic (f);
  if (align)
    format_set_align (f, align);
  format_set_align (f, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

static lxw_format *
cell_format (lxw_workbook *book,
             gboolean      bold,
             const char   *num_format)
{
  lxw_format *f = format_new (book, bold, FALSE, 12, 0);

  format_set_border (f, LXW_BORDER_THIN);
  format_set_text_wrap (f);
  if (num_format)
    format_set_num_format (f, num_format);
  return f;
}

static void
make_formats (lxw_workbook *book,
              Formats      *f)
{
  f->plain = format_new (book, FALSE, FALSE, 13, LXW_ALIGN_CENTER);
  f->bold = format_new (book, TRUE, FALSE, 13, LXW_ALIGN_CENTER);
  f->italic = format_new (book, FALSE, TRUE, 14, LXW_ALIGN_CENTER);
  f->bold_italic = format_new (book, TRUE, TRUE, 12, LXW_ALIGN_LEFT);
  f->small = format_new (book, FALSE, FALSE, 11, LXW_ALIGN_LEFT);
  f->kind = format_new (book, TRUE, FALSE, 14, LXW_ALIGN_CENTER);
  f->subject = format_new (book, TRUE, FALSE, 14, LXW_ALIGN_CENTER);
  format_set_text_wrap (f->subject);
  f->header = cell_format (book, TRUE, NULL);
  format_set_bg_color (f->header, 0xEBEBEB);
  format_set_align (f->header, LXW_ALIGN_CENTER);
  f->text = cell_format (book, FALSE, NULL);
  f->number = cell_format (book, FALSE, "#,##0");
  f->decimal = cell_format (book, FALSE, "#,##0.00");
  f->date = cell_format (book, FALSE, "dd/mm/yyyy");
  format_set_align (f->date, LXW_ALIGN_LEFT);
  f->total_text = cell_format (book, TRUE, NULL);
  f->total = cell_format (book, TRUE, "#,##0");
  f->total_decimal = cell_format (book, TRUE, "#,##0.00");
}

/* One line of the heading or the closing across columns @first to @last. */
static void
put_line (lxw_worksheet *ws,
          lxw_row_t      row,
          lxw_col_t      first,
          lxw_col_t      last,
          const char    *text,
          lxw_format    *format)
{
  if (text == NULL || *text == '\0')
    return;
  if (last > first)
    worksheet_merge_range (ws, row, first, row, last, text, format);
  else
    worksheet_write_string (ws, row, first, text, format);
}

/* The Decree 30 heading as on the paper: issuer and number on the left,
 * the national title, motto and date line on the right, then the kind,
 * the subject and whom it is addressed to. Returns the next free row. */
static lxw_row_t
write_heading (lxw_worksheet       *ws,
               const GbReportPaper *paper,
               guint                n_columns,
               const Formats       *f)
{
  lxw_col_t last = (lxw_col_t) (n_columns - 1);
  lxw_col_t split = (lxw_col_t) MAX (1, (guint) (n_columns * 0.42 + 0.5));
  lxw_row_t row = 0;

  if (n_columns < 2)
    split = 0;
  put_line (ws, 0, 0, split ? split - 1 : 0, paper->issuer, f->bold);
  put_line (ws, split ? 0 : 1, split, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f->bold);
  put_line (ws, split ? 1 : 2, split, last, "Độc lập - Tự do - Hạnh phúc", f->bold);
  row = split ? 3 : 4;
  put_line (ws, row, 0, split ? split - 1 : 0, paper->number, f->plain);
  put_line (ws, split ? row : row + 1, split, last, paper->date_line, f->italic);
  row += split ? 2 : 3;
  put_line (ws, row++, 0, last, paper->kind, f->kind);
  put_line (ws, row, 0, last, paper->subject, f->subject);
  worksheet_set_row (ws, row++, 36, NULL);
  if (paper->addressee)
    put_line (ws, row++, 0, last, paper->addressee, f->plain);
  return row + 1;
}

/* "Nơi nhận:" and its list on the left, the signature on the right. */
static void
write_closing (lxw_worksheet       *ws,
               lxw_row_t            row,
               const GbReportPaper *paper,
               guint                n_columns,
               const Formats       *f)
{
  lxw_col_t last = (lxw_col_t) (n_columns - 1);
  lxw_col_t split = (lxw_col_t) MAX (1, (guint) (n_columns * 0.45 + 0.5));
  guint n = paper->recipients ? g_strv_length (paper->recipients) : 0;

  if (n_columns < 2)
    split = 0;
  row++;
  put_line (ws, row, 0, split ? split - 1 : 0, "Nơi nhận:", f->bold_italic);
  for (guint i = 0; i < n; i++)
    put_line (ws, row + 1 + i, 0, split ? split - 1 : 0, paper->recipients[i], f->small);
  if (!split)
    row += n + 2;
  put_line (ws, row, split, last, paper->authority, f->bold);
  put_line (ws, row + 1, split, last, paper->title, f->bold);
  /* Room to sign and seal. */
  put_line (ws, row + MAX (6, n + 2), split, last, paper->signer, f->bold);
}

static char *
sheet_name (const char *name,
            guint       index)
{
  /* At most 31 characters, none of []:*?/\ and unique: numbered. */
  g_autofree char *clean = g_strdup (name);
  g_autofree char *cut = NULL;

  g_strdelimit (clean, "[]:*?/\\", '-');
  cut = g_utf8_substring (clean, 0, MIN (g_utf8_strlen (clean, -1), 26));
  return g_strdup_printf ("%u. %s", index + 1, cut);
}

/* Put in place by GbOutput: a file is written beside @path and renamed
 * over it, whole or absent, readable by its owner alone; a pipe or
 * standard output is written through. */
gboolean
gb_report_write_xlsx (GbReport    *report,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GbOutput) output = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
  lxw_workbook *book;
  Formats f;
  lxw_error rc;

  if (report->sheets->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("This report has no table to export."));
      return FALSE;
    }
  if ((output = gb_output_open (path, error)) == NULL)
    return FALSE;
  book = workbook_new_opt (gb_output_get_path (output), &options);
  if (book == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot write “%s”."), gb_output_display_name (path));
      return FALSE;
    }
  make_formats (book, &f);

  for (guint s = 0; s < report->sheets->len; s++)
    {
      GbSheet *sheet = report->sheets->pdata[s];
      g_autofree char *name = sheet_name (sheet->name, s);
      lxw_worksheet *ws = workbook_add_worksheet (book, name);
      lxw_row_t top = 0;
      guint r;

      /* As the paper: the heading on the first sheet, the closing on the
       * last; A4 in the report's orientation, Decree 30 margins, one page
       * wide, the header row on every printed page. */
      if (s == 0)
        top = write_heading (ws, &report->paper, sheet->n_columns, &f);
      worksheet_set_paper (ws, 9);
      if (report->paper.landscape)
        worksheet_set_landscape (ws);
      else
        worksheet_set_portrait (ws);
      worksheet_set_margins (ws, 30 / 25.4, 15 / 25.4, 20 / 25.4, 20 / 25.4);
      worksheet_fit_to_pages (ws, 1, 0);
      worksheet_repeat_rows (ws, top, top);

      for (guint c = 0; c < sheet->n_columns; c++)
        {
          /* As wide as the longest value, within reason: wide texts wrap. */
          glong widest = 6;

          for (guint k = 0; k < sheet->rows->len; k++)
            widest = MAX (widest, g_utf8_strlen (((char **) sheet->rows->pdata[k])[c], -1));
          worksheet_write_string (ws, top, (lxw_col_t) c, sheet->titles[c], f.header);
          worksheet_set_column (ws, (lxw_col_t) c, (lxw_col_t) c, MIN (widest, 40) + 2, NULL);
        }
      for (r = 0; r < sheet->rows->len + (sheet->footer ? 1 : 0); r++)
        {
          char **cells = r < sheet->rows->len ? sheet->rows->pdata[r] : sheet->footer;
          gboolean total = r >= sheet->rows->len;
          lxw_row_t row = top + 1 + r;

          for (guint c = 0; c < sheet->n_columns; c++)
            {
              lxw_datetime when;
              double value;

              if (cells[c] == NULL || cells[c][0] == '\0')
                worksheet_write_blank (ws, row, (lxw_col_t) c, total ? f.total_text : f.text);
              else if (sheet->numeric[c] && parse_number (cells[c], &value))
                worksheet_write_number (ws, row, (lxw_col_t) c, value,
                                        value == (gint64) value ? (total ? f.total : f.number)
                                                                : (total ? f.total_decimal : f.decimal));
              else if (!total && parse_date (cells[c], &when))
                worksheet_write_datetime (ws, row, (lxw_col_t) c, &when, f.date);
              else
                worksheet_write_string (ws, row, (lxw_col_t) c, cells[c], total ? f.total_text : f.text);
            }
        }
      if (s + 1 == report->sheets->len)
        write_closing (ws, top + 1 + r, &report->paper, sheet->n_columns, &f);
    }
  rc = workbook_close (book);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot write “%s”: %s"),
                   gb_output_display_name (path), lxw_strerror (rc));
      return FALSE;
    }
  return gb_output_commit (output, error);
}
