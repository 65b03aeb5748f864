/* gb-xlsx.c — a report's tables as an XLSX workbook (libxlsxwriter)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
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
  lxw_format *bold, *header;
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
  bold = workbook_add_format (book);
  format_set_bold (bold);
  header = workbook_add_format (book);
  format_set_bold (header);
  format_set_bg_color (header, 0xEBEBEB);
  format_set_border (header, LXW_BORDER_THIN);
  format_set_text_wrap (header);

  for (guint s = 0; s < report->sheets->len; s++)
    {
      GbSheet *sheet = report->sheets->pdata[s];
      g_autofree char *name = sheet_name (sheet->name, s);
      lxw_worksheet *ws = workbook_add_worksheet (book, name);
      guint r;

      for (guint c = 0; c < sheet->n_columns; c++)
        {
          worksheet_write_string (ws, 0, (lxw_col_t) c, sheet->titles[c], header);
          worksheet_set_column (ws, (lxw_col_t) c, (lxw_col_t) c, c == 0 ? 8 : 22, NULL);
        }
      worksheet_freeze_panes (ws, 1, 0);
      for (r = 0; r < sheet->rows->len + (sheet->footer ? 1 : 0); r++)
        {
          char **cells = r < sheet->rows->len ? sheet->rows->pdata[r] : sheet->footer;
          lxw_format *format = r < sheet->rows->len ? NULL : bold;

          for (guint c = 0; c < sheet->n_columns; c++)
            {
              double value;

              if (cells[c] == NULL || cells[c][0] == '\0')
                continue;
              if (sheet->numeric[c] && parse_number (cells[c], &value))
                worksheet_write_number (ws, r + 1, (lxw_col_t) c, value, format);
              else
                worksheet_write_string (ws, r + 1, (lxw_col_t) c, cells[c], format);
            }
        }
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
