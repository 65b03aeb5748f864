/* gb-import-file.c — a CSV or XLSX file as the importer's table
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is told by its bytes, not its name. Text typed years ago for
 * the .VnTime (TCVN3) or VNI-Times fonts is found and converted, in CSV
 * by the reader and in a workbook here, cell by cell; a row is kept as it
 * was and as it became, so that staff can see the conversion is right
 * (and read the file again with @encoding GB_LEGACY_UNICODE if not).
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"
#include "gb-import-file.h"
#include "gb-xlsx-reader.h"

void
gb_import_file_info_clear (GbImportFileInfo *info)
{
  g_strfreev (info->sheets);
  g_free (info->before);
  g_free (info->after);
  memset (info, 0, sizeof *info);
}

static char *
row_text (GbTable *table,
          guint    row)
{
  GString *s = g_string_new (NULL);

  for (guint c = 0; c < gb_table_get_n_cells (table, row); c++)
    {
      const char *cell = gb_table_get_cell (table, row, c);

      if (*cell)
        g_string_append_printf (s, "%s%s", s->len ? " | " : "", cell);
    }
  return g_string_free (s, FALSE);
}

/* The first row with letters beyond ASCII: the one that shows the
 * conversion best (0 when none has). */
static guint
sample_row (GbTable *table)
{
  guint n = gb_table_get_n_rows (table);

  /* A row of data rather than the headings, when there is one. */
  for (guint row = n > 1 ? 1 : 0; row < n && row < 1000; row++)
    for (guint c = 0; c < gb_table_get_n_cells (table, row); c++)
      for (const char *p = gb_table_get_cell (table, row, c); *p; p++)
        if ((guchar) *p >= 0x80)
          return row;
  return 0;
}

/* Text of a workbook's cells, all of them, up to 64 KB. */
static GbLegacyEncoding
detect_table (GbTable *table)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = gb_table_get_n_rows (table);

  for (guint row = 0; row < n && text->len < 65536; row++)
    for (guint c = 0; c < gb_table_get_n_cells (table, row); c++)
      {
        const char *cell = gb_table_get_cell (table, row, c);

        if (*cell)
          {
            g_string_append (text, cell);
            g_string_append_c (text, '\n');
          }
      }
  return gb_legacy_detect_text (text->str, text->len);
}

static void
convert_table (GbTable          *table,
               GbLegacyEncoding  from)
{
  guint n = gb_table_get_n_rows (table);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint row = 0; row < n; row++)
    {
      guint k = gb_table_get_n_cells (table, row);

      g_ptr_array_set_size (cells, 0);
      for (guint c = 0; c < k; c++)
        g_ptr_array_add (cells, gb_legacy_convert_text (gb_table_get_cell (table, row, c), -1, from));
      gb_table_set_row (table, row, (const char * const *) cells->pdata, k);
    }
}

static GbTable *
read_xlsx (const char        *path,
           const char        *sheet,
           int                encoding,
           GbImportFileInfo  *info,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open (path, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GbTable *table;
  GbLegacyEncoding legacy;
  guint index = 0;

  if (reader == NULL)
    return NULL;
  for (guint i = 0; i < gb_xlsx_reader_get_n_sheets (reader); i++)
    g_ptr_array_add (names, g_strdup (gb_xlsx_reader_get_sheet_name (reader, i)));
  g_ptr_array_add (names, NULL);
  info->sheets = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  if (sheet != NULL && !gb_xlsx_reader_find_sheet (reader, sheet, &index))
    {
      g_autofree char *list = g_strjoinv (", ", info->sheets);

      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The workbook has no sheet “%s”; its sheets are: %s."),
                   sheet, list);
      return NULL;
    }
  info->sheet = index;
  if ((table = gb_xlsx_reader_read_sheet (reader, index, cancellable, error)) == NULL)
    return NULL;

  legacy = encoding >= 0 ? (GbLegacyEncoding) encoding : detect_table (table);
  if (legacy == GB_LEGACY_TCVN3 || legacy == GB_LEGACY_VNI)
    {
      guint row = sample_row (table);

      info->before = row < gb_table_get_n_rows (table) ? row_text (table, row) : g_strdup ("");
      convert_table (table, legacy);
      info->after = row < gb_table_get_n_rows (table) ? row_text (table, row) : g_strdup ("");
      info->encoding = legacy;
    }
  return table;
}

static GbTable *
read_csv (const char        *path,
          int                encoding,
          GbImportFileInfo  *info,
          GCancellable      *cancellable,
          GError           **error)
{
  GbCsvInfo csv = { 0 };
  GbTable *table = gb_csv_read_file (path, encoding, &csv, cancellable, error);

  if (table == NULL)
    return NULL;
  info->encoding = csv.encoding;
  info->delimiter = csv.delimiter;
  if (csv.encoding == GB_LEGACY_TCVN3 || csv.encoding == GB_LEGACY_VNI)
    {
      /* The same row, read as the bytes say. */
      g_autoptr(GbTable) raw = gb_csv_read_file (path, GB_LEGACY_UNICODE, NULL, cancellable, NULL);
      guint row = sample_row (table);

      if (raw != NULL && row < gb_table_get_n_rows (raw))
        info->before = row_text (raw, row);
      if (row < gb_table_get_n_rows (table))
        info->after = row_text (table, row);
    }
  return table;
}

/* Reads @path (CSV or XLSX, told by its bytes). @sheet names a workbook's
 * sheet (NULL: the first); @encoding is -1 to find how the text was
 * written, or a GbLegacyEncoding to read it so. @info tells what was found. */
GbTable *
gb_import_read_file (const char        *path,
                     const char        *sheet,
                     int                encoding,
                     GbImportFileInfo  *info,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 head[4] = { 0 };
  gsize got = 0;
  GbImportFileInfo local = { 0 };

  if (info == NULL)
    info = &local;
  memset (info, 0, sizeof *info);
  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &got, cancellable, error))
    return NULL;
  g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);

  info->is_xlsx = gb_xlsx_is_xlsx (head, got);
  {
    GbTable *table = info->is_xlsx ? read_xlsx (path, sheet, encoding, info, cancellable, error)
                                   : read_csv (path, encoding, info, cancellable, error);

    if (info == &local)
      gb_import_file_info_clear (&local);
    return table;
  }
}
