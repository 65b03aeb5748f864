/* fuzz-xlsx.c — libFuzzer target: reading mutated .xlsx workbooks
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever bytes a file holds, opening it must end in a reader or in a
 * clear error, and reading each sheet in a table or in a clear error,
 * never in a crash. Build: see fuzz-database.c.
 *
 * An input that starts with "PK" is the workbook itself, so the zip layer
 * is fuzzed too. Mutations of a zip rarely reach the XML inside (sizes and
 * checksums break first), so any other input is a list of XML parts
 * separated by the byte 0x01 (workbook, its relationships, shared strings,
 * styles, sheet 1, sheet 2), zipped here without compression; a part the
 * input leaves out is a plain valid one.
 */
#include <glib.h>
#include <stdint.h>
#include <string.h>
#include <zip.h>

#include "gb-xlsx-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL(id, type, target) \
  "<Relationship Id=\"" id "\" Type=\"" NS_R "/" type "\" Target=\"" target "\"/>"

static const struct
{
  const char *name;
  const char *fallback;
} parts[] = {
  { "xl/workbook.xml",
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
    "<sheet name=\"Hội viên\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Nghệ nhân\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>" },
  { "xl/_rels/workbook.xml.rels",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    REL ("rId1", "worksheet", "worksheets/sheet1.xml")
    REL ("rId2", "worksheet", "/xl/worksheets/sheet2.xml")
    REL ("rId3", "sharedStrings", "sharedStrings.xml")
    REL ("rId4", "styles", "styles.xml")
    "</Relationships>" },
  { "xl/sharedStrings.xml",
    "<sst xmlns=\"" NS_MAIN "\"><si><t>Họ và tên</t></si><si><r><t>Ngày </t></r><r><t>sinh</t></r></si></sst>" },
  { "xl/styles.xml",
    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>" },
  { "xl/worksheets/sheet1.xml",
    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>An</t></is></c>"
    "<c r=\"B2\" s=\"1\"><v>31121</v></c></row></sheetData></worksheet>" },
  { "xl/worksheets/sheet2.xml",
    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row><c><v>1.5</v></c><c t=\"b\"><v>1</v></c></row></sheetData></worksheet>" },
};

/* The parts zipped without compression, or NULL. */
static GBytes *
zip_parts (const uint8_t *data,
           size_t         size)
{
  zip_error_t zerror;
  zip_source_t *out;
  zip_t *zip;
  const uint8_t *p = data, *end = data + size;
  zip_stat_t st;
  guint8 *buffer;

  zip_error_init (&zerror);
  out = zip_source_buffer_create (NULL, 0, 0, &zerror);
  zip = out ? zip_open_from_source (out, ZIP_TRUNCATE, &zerror) : NULL;
  if (zip == NULL)
    {
      if (out != NULL)
        zip_source_free (out);
      zip_error_fini (&zerror);
      return NULL;
    }
  zip_source_keep (out);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const void *part;
      size_t len;
      zip_source_t *source;
      zip_int64_t index;

      if (p <= end)
        {
          const uint8_t *sep = memchr (p, 0x01, (size_t) (end - p));

          part = p;
          len = (size_t) ((sep ? sep : end) - p);
          p = sep ? sep + 1 : end + 1;
        }
      else
        {
          part = parts[i].fallback;
          len = strlen (parts[i].fallback);
        }
      source = zip_source_buffer (zip, part, len, 0);
      if (source == NULL)
        continue;
      index = zip_file_add (zip, parts[i].name, source, ZIP_FL_OVERWRITE);
      if (index < 0)
        zip_source_free (source);
      else
        zip_set_file_compression (zip, (zip_uint64_t) index, ZIP_CM_STORE, 0);
    }
  if (zip_close (zip) < 0)
    {
      zip_discard (zip);
      zip_source_free (out);
      zip_error_fini (&zerror);
      return NULL;
    }
  zip_error_fini (&zerror);

  zip_stat_init (&st);
  if (zip_source_stat (out, &st) < 0 || (st.valid & ZIP_STAT_SIZE) == 0 || zip_source_open (out) < 0)
    {
      zip_source_free (out);
      return NULL;
    }
  buffer = g_malloc (st.size + 1);
  if (zip_source_read (out, buffer, st.size) != (zip_int64_t) st.size)
    g_clear_pointer (&buffer, g_free);
  zip_source_close (out);
  zip_source_free (out);
  return buffer ? g_bytes_new_take (buffer, st.size) : NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbXlsxReader) reader = NULL;

  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    bytes = g_bytes_new_static (data, size);
  else
    bytes = zip_parts (data, size);
  if (bytes == NULL)
    return 0;

  reader = gb_xlsx_reader_open_bytes (bytes, &error);
  if (reader == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return 0;
    }
  g_assert (gb_xlsx_reader_get_n_sheets (reader) > 0);
  for (guint i = 0; i < gb_xlsx_reader_get_n_sheets (reader); i++)
    {
      g_autoptr(GbTable) table = NULL;
      g_autoptr(GError) sheet_error = NULL;
      const char *name = gb_xlsx_reader_get_sheet_name (reader, i);
      guint found = G_MAXUINT;

      g_assert (name != NULL && g_utf8_validate (name, -1, NULL));
      g_assert (gb_xlsx_reader_find_sheet (reader, name, &found) && found <= i);
      table = gb_xlsx_reader_read_sheet (reader, i, NULL, &sheet_error);
      if (table == NULL)
        {
          g_assert (sheet_error != NULL && sheet_error->message != NULL);
          continue;
        }
      for (guint row = 0; row < gb_table_get_n_rows (table); row++)
        {
          guint number = gb_table_get_number (table, row);

          g_assert (number >= 1 && number <= 1048576);
          g_assert (gb_table_get_n_cells (table, row) <= 16384);
          for (guint column = 0; column < gb_table_get_n_cells (table, row); column++)
            {
              const char *cell = gb_table_get_cell (table, row, column);
              g_autofree char *nfc = NULL;

              g_assert (g_utf8_validate (cell, -1, NULL));
              nfc = g_utf8_normalize (cell, -1, G_NORMALIZE_NFC);
              g_assert (nfc != NULL && strcmp (nfc, cell) == 0);
            }
        }
    }
  return 0;
}
