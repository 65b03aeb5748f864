/* test-csv-reader.c — CSV files in every encoding and shape staff send us
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gb-csv-reader.h"
#include "gb-error.h"

static char *dump (GbTable *table);

/* @text read from memory, and from a file, which is read another way
 * (its block may become the text): both must give the same. */
static GbTable *
read_text (const char *text,
           int         force,
           GbCsvInfo  *info)
{
  g_autoptr(GError) error = NULL;
  GbTable *table = gb_csv_read_bytes ((const guint8 *) text, strlen (text), force, info,
                                      NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  {
    g_autofree char *dir = g_dir_make_tmp ("gb-csv-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "tep.csv", NULL);
    g_autoptr(GbTable) from_file = NULL;
    g_autofree char *want = dump (table);
    g_autofree char *got = NULL;
    GbCsvInfo file_info;

    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    from_file = gb_csv_read_file (path, force, &file_info, NULL, &error);
    g_assert_no_error (error);
    got = dump (from_file);
    g_assert_cmpstr (got, ==, want);
    if (info)
      {
        g_assert_cmpint (file_info.encoding, ==, info->encoding);
        g_assert_cmpint (file_info.had_bom, ==, info->had_bom);
        g_assert_cmpint (file_info.utf16, ==, info->utf16);
        g_assert_cmpint (file_info.delimiter, ==, info->delimiter);
      }
    g_unlink (path);
    g_rmdir (dir);
  }
  return table;
}

/* Rows as "number:cell|cell" lines, to compare in one assertion. */
static char *
dump (GbTable *table)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < gb_table_get_n_rows (table); r++)
    {
      g_string_append_printf (s, "%u:", gb_table_get_number (table, r));
      for (guint c = 0; c < gb_table_get_n_cells (table, r); c++)
        g_string_append_printf (s, "%s%s", c ? "|" : "", gb_table_get_cell (table, r, c));
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
check (const char *text,
       const char *expected,
       char        delimiter)
{
  GbCsvInfo info;
  g_autoptr(GbTable) table = read_text (text, -1, &info);
  g_autofree char *got = dump (table);

  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpint (info.delimiter, ==, delimiter);
}

static const char *names_dump =
  "1:Họ tên|Làng nghề|Ghi chú\n"
  "2:Nguyễn Thị Hương|Làng gốm Bát Tràng\n"
  "3:Đặng Văn Ước|Làng mây tre Chàng Sơn|Nghệ nhân\n";

static void
test_utf8 (void)
{
  const char *csv = "Họ tên,Làng nghề,Ghi chú\n"
                    "Nguyễn Thị Hương,Làng gốm Bát Tràng,\n"
                    "Đặng Văn Ước,Làng mây tre Chàng Sơn,Nghệ nhân\n";
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", csv, NULL);
  g_autofree char *semicolon = g_strdelimit (g_strdup (csv), ",", ';');
  GbCsvInfo info;
  g_autoptr(GbTable) table = read_text (bom, -1, &info);
  g_autofree char *got = dump (table);

  check (csv, names_dump, ',');
  check (semicolon, names_dump, ';');
  g_assert_cmpstr (got, ==, names_dump);
  g_assert_true (info.had_bom);
  g_assert_false (info.utf16);
  g_assert_cmpint (info.encoding, ==, GB_LEGACY_UNICODE);
}

static GBytes *
utf16_file (const char *text,
            gboolean    big_endian)
{
  gsize len;
  g_autofree char *body = g_convert (text, -1, big_endian ? "UTF-16BE" : "UTF-16LE", "UTF-8",
                                     NULL, &len, NULL);
  GByteArray *bytes = g_byte_array_new ();

  g_assert_nonnull (body);
  g_byte_array_append (bytes, (const guint8 *) (big_endian ? "\xfe\xff" : "\xff\xfe"), 2);
  g_byte_array_append (bytes, (const guint8 *) body, len);
  return g_byte_array_free_to_bytes (bytes);
}

static void
test_utf16 (void)
{
  const char *tsv = "Họ tên\tLàng nghề\tGhi chú\r\n"
                    "Nguyễn Thị Hương\tLàng gốm Bát Tràng\t\r\n"
                    "Đặng Văn Ước\tLàng mây tre Chàng Sơn\tNghệ nhân\r\n";

  for (guint be = 0; be < 2; be++)
    {
      g_autoptr(GBytes) bytes = utf16_file (tsv, be);
      g_autoptr(GError) error = NULL;
      GbCsvInfo info;
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autoptr(GbTable) table = gb_csv_read_bytes (data, len, -1, &info, NULL, &error);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      got = dump (table);
      g_assert_cmpstr (got, ==, names_dump);
      g_assert_true (info.had_bom);
      g_assert_true (info.utf16);
      g_assert_cmpint (info.delimiter, ==, '\t');
      g_assert_cmpint (info.encoding, ==, GB_LEGACY_UNICODE);
    }

  /* without a BOM, found by its zero bytes */
  {
    g_autoptr(GBytes) bytes = utf16_file (tsv, FALSE);
    g_autoptr(GError) error = NULL;
    GbCsvInfo info;
    gsize len;
    const guint8 *data = g_bytes_get_data (bytes, &len);
    g_autoptr(GbTable) table = gb_csv_read_bytes (data + 2, len - 2, -1, &info, NULL, &error);
    g_autofree char *got = NULL;

    g_assert_no_error (error);
    got = dump (table);
    g_assert_cmpstr (got, ==, names_dump);
    g_assert_false (info.had_bom);
    g_assert_true (info.utf16);
  }

  /* an odd last byte and a lone surrogate still give valid text */
  {
    const guint8 broken[] = { 0xff, 0xfe, 'a', 0, '\t', 0, 0x00, 0xd8, 'b', 0, '\n', 0, 'c' };
    g_autoptr(GError) error = NULL;
    g_autoptr(GbTable) table = gb_csv_read_bytes (broken, sizeof broken, -1, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (gb_table_get_cell (table, 0, 1), ==, "\xef\xbf\xbd" "b");
  }
}

/* The same rows as bytes in each legacy encoding. */
static void
test_legacy_bytes (void)
{
  const struct { const char *bytes; GbLegacyEncoding enc; } cases[] = {
    { "STT;H\xe4 t\xaan;L\xb5ng ngh\xd2\r\n"
      "1;Nguy\xd4n Th\xde H\xad\xacng;L\xb5ng g\xe8m B\xb8t Tr\xb5ng\r\n"
      "2;\xa7\xc6ng V\xa8n \xa6\xed" "c;L\xb5ng m\xa9y tre Ch\xb5ng S\xac" "n\r\n",
      GB_LEGACY_TCVN3 },
    { "STT;Ho\xef te\xe2n;La\xf8ng nghe\xe0\r\n"
      "1;Nguye\xe3n Th\xf2 H\xf6\xf4ng;La\xf8ng go\xe1m Ba\xf9t Tra\xf8ng\r\n"
      "2;\xd1" "a\xebng Va\xean \xd6\xf4\xf9" "c;La\xf8ng ma\xe2y tre Cha\xf8ng S\xf4n\r\n",
      GB_LEGACY_VNI },
    { "STT;Ho\xf2 t\xean;L\xe0ng ngh\xea\xcc\r\n"
      "1;Nguy\xea\xden Thi\xf2 H\xfd\xf5ng;L\xe0ng g\xf4\xecm B\xe1t Tr\xe0ng\r\n"
      "2;\xd0\xe3\xf2ng V\xe3n \xdd\xf5\xec" "c;L\xe0ng m\xe2y tre Ch\xe0ng S\xf5n\r\n",
      GB_LEGACY_WINDOWS_1258 },
  };
  const char *expected = "1:STT|Họ tên|Làng nghề\n"
                         "2:1|Nguyễn Thị Hương|Làng gốm Bát Tràng\n"
                         "3:2|Đặng Văn Ước|Làng mây tre Chàng Sơn\n";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GbCsvInfo info;
      g_autoptr(GbTable) table = read_text (cases[i].bytes, -1, &info);
      g_autoptr(GbTable) forced = read_text (cases[i].bytes, cases[i].enc, NULL);
      g_autofree char *got = dump (table);
      g_autofree char *got_forced = dump (forced);

      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (got_forced, ==, expected);
      g_assert_cmpint (info.encoding, ==, cases[i].enc);
      g_assert_cmpint (info.delimiter, ==, ';');
      g_assert_false (info.had_bom);
    }

  /* "as they are": TCVN3 bytes read as Windows-1258, nothing converted */
  {
    GbCsvInfo info;
    g_autoptr(GbTable) kept = read_text (cases[0].bytes, GB_LEGACY_UNICODE, &info);

    g_assert_cmpint (info.encoding, ==, GB_LEGACY_WINDOWS_1258);
    g_assert_cmpstr (gb_table_get_cell (kept, 1, 1), ==, "Nguy\u00d4n Th\u0303 H\u00ad\u00acng");
  }
}

/* TCVN3 and VNI as Excel shows them: valid UTF-8 of Latin-1 letters. */
static void
test_legacy_text (void)
{
  const char *tcvn3 = "STT,Hä tªn,Lµng nghÒ\n"
                      "1,NguyÔn ThÞ H\u00ad¬ng,Lµng gèm B¸t Trµng\n"
                      "2,§Æng V¨n ¦íc,Lµng m©y tre Chµng S¬n\n";
  const char *vni = "STT,Hoï teân,Laøng ngheà\n"
                    "1,Nguyeãn Thò Höông,Laøng goám Baùt Traøng\n"
                    "2,Ñaëng Vaên Öôùc,Laøng maây tre Chaøng Sôn\n";
  const char *expected = "1:STT|Họ tên|Làng nghề\n"
                         "2:1|Nguyễn Thị Hương|Làng gốm Bát Tràng\n"
                         "3:2|Đặng Văn Ước|Làng mây tre Chàng Sơn\n";
  const char *texts[] = { tcvn3, vni };
  const GbLegacyEncoding encs[] = { GB_LEGACY_TCVN3, GB_LEGACY_VNI };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GbCsvInfo info;
      g_autoptr(GbTable) table = read_text (texts[i], -1, &info);
      g_autoptr(GbTable) kept = read_text (texts[i], GB_LEGACY_UNICODE, &info);
      g_autoptr(GbTable) forced = NULL;
      g_autofree char *got = dump (table);
      g_autofree char *got_forced = NULL;
      g_autoptr(GBytes) utf16 = utf16_file (texts[i], FALSE);
      gsize len;
      const guint8 *data = g_bytes_get_data (utf16, &len);
      g_autoptr(GbTable) from_utf16 = gb_csv_read_bytes (data, len, -1, &info, NULL, NULL);
      g_autofree char *got_utf16 = dump (from_utf16);

      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (gb_table_get_cell (kept, 1, 1), ==,
                       i == 0 ? "NguyÔn ThÞ H\u00ad¬ng" : "Nguyeãn Thò Höông");
      g_assert_cmpstr (got_utf16, ==, expected);
      g_assert_cmpint (info.encoding, ==, encs[i]);
      forced = read_text (texts[i], encs[i], &info);
      got_forced = dump (forced);
      g_assert_cmpstr (got_forced, ==, expected);
      g_assert_cmpint (info.encoding, ==, encs[i]);
    }
  {
    GbCsvInfo info;
    g_autoptr(GbTable) table = read_text (tcvn3, -1, &info);

    g_assert_cmpuint (gb_table_get_n_rows (table), ==, 3);
    g_assert_cmpint (info.encoding, ==, GB_LEGACY_TCVN3);
    g_assert_false (info.had_bom);
  }
}

static void
test_not_legacy (void)
{
  GbCsvInfo info;
  g_autoptr(GbTable) table = read_text ("Café Müller;naïve\n", -1, &info);

  g_assert_cmpint (info.encoding, ==, GB_LEGACY_UNICODE);
  g_assert_cmpint (info.delimiter, ==, ';');
  g_assert_cmpstr (gb_table_get_cell (table, 0, 0), ==, "Café Müller");
  g_assert_cmpstr (gb_table_get_cell (table, 0, 1), ==, "naïve");
  /* the same words in Windows-1252 bytes read as Windows-1258, unchanged */
  {
    g_autoptr(GbTable) bytes = read_text ("Caf\xe9 M\xfcller;na\xefve\n", -1, &info);

    g_assert_cmpint (info.encoding, ==, GB_LEGACY_WINDOWS_1258);
    g_assert_cmpstr (gb_table_get_cell (bytes, 0, 0), ==, "Café Müller");
    g_assert_cmpstr (gb_table_get_cell (bytes, 0, 1), ==, "naïve");
  }
}

static void
test_delimiters (void)
{
  check ("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n", ',');
  check ("a;b;c\n1;2;3\n", "1:a|b|c\n2:1|2|3\n", ';');
  check ("a\tb\tc\n1\t2\t3\n", "1:a|b|c\n2:1|2|3\n", '\t');
  /* decimal commas and addresses in a semicolon file */
  check ("Tên;Điểm;Địa chỉ\nAn;8,5;Thôn 2, xã An Lư\nBình;7,25;Số 5\n",
         "1:Tên|Điểm|Địa chỉ\n2:An|8,5|Thôn 2, xã An Lư\n3:Bình|7,25|Số 5\n", ';');
  /* delimiters inside quotes do not count */
  check ("\"a;b\",c\n\"d;e\",f\n", "1:a;b|c\n2:d;e|f\n", ',');
  /* empty fields in a tab-separated file are kept */
  check ("a\t\tc\n\t\t3\n", "1:a||c\n2:||3\n", '\t');
  /* one column */
  check ("Tên\nAn\nBình\n", "1:Tên\n2:An\n3:Bình\n", ',');
}

static void
test_line_ends (void)
{
  check ("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n", ',');
  check ("a,b\rc,d\r", "1:a|b\n2:c|d\n", ',');
  check ("a,b\nc,d", "1:a|b\n2:c|d\n", ',');
  /* empty lines are skipped, but counted */
  check ("\r\n\r\na,b\r\n\r\n  \r\nc,d\n\n\ne,f\n", "3:a|b\n6:c|d\n9:e|f\n", ',');
  check ("a,b\r\rc,d\n\re,f", "1:a|b\n3:c|d\n5:e|f\n", ',');
}

static void
test_quotes (void)
{
  /* a quoted field over three lines: the next record starts on line 5 */
  check ("id,note\r\n1,\"line one\r\nline two\nline three\"\r\n2,after\r\n",
         "1:id|note\n2:1|line one\r\nline two\nline three\n5:2|after\n", ',');
  check ("a,\"say \"\"hi\"\"\",\"\"\"\"\n", "1:a|say \"hi\"|\"\n", ',');
  /* spaces trimmed outside quotes, kept inside */
  check ("  a  ,\"  b  \",c \n", "1:a|  b  |c\n", ',');
  /* a quote in the middle of a field is a character */
  check ("5\" screen,x\n", "1:5\" screen|x\n", ',');
  /* an unclosed quote runs to the end */
  check ("a,\"open\nstill,open\n", "1:a|open\nstill,open\n\n", ',');
}

static void
test_ragged (void)
{
  check ("a,b,c\n1\n1,2,3,4,5\n,,\n1,,\n",
         "1:a|b|c\n2:1\n3:1|2|3|4|5\n5:1\n", ',');
  {
    g_autoptr(GbTable) table = read_text ("a,b,c\n1\n1,2,3,4,5\n", -1, NULL);

    g_assert_cmpuint (gb_table_get_n_columns (table), ==, 5);
    g_assert_cmpstr (gb_table_get_cell (table, 1, 3), ==, "");
  }
}

static void
test_nul (void)
{
  const char data[] = "a\0b,c\0\nd,\0e\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = gb_csv_read_bytes ((const guint8 *) data, sizeof data - 1, -1,
                                                NULL, NULL, &error);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  got = dump (table);
  g_assert_cmpstr (got, ==, "1:ab|c\n2:d|e\n");
}

static void
test_damaged_utf8 (void)
{
  GbCsvInfo info;
  /* a UTF-8 file cut in the middle of its last character */
  g_autoptr(GbTable) table = read_text ("Họ tên,Làng nghề\nNguyễn Thị Hương,Bát Tr\xc3", -1, &info);

  g_assert_cmpint (info.encoding, ==, GB_LEGACY_UNICODE);
  g_assert_cmpstr (gb_table_get_cell (table, 1, 0), ==, "Nguyễn Thị Hương");
  g_assert_cmpstr (gb_table_get_cell (table, 1, 1), ==, "Bát Tr\xef\xbf\xbd");
}

static void
test_empty (void)
{
  const char *empties[] = { "", "\xef\xbb\xbf", "\xff\xfe", "\xfe\xff", "   \r\n\t\n", "\n\n\n",
                            ",,,\n ,,\n", "\xff\xfe \0\n\0" };
  const gsize lengths[] = { 0, 3, 2, 2, 7, 3, 8, 6 };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GbTable) table = gb_csv_read_bytes ((const guint8 *) empties[i], lengths[i], -1,
                                                    NULL, NULL, &error);

      g_assert_null (table);
      g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "The file is empty.");
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbTable) table = gb_csv_read_bytes (NULL, 0, -1, NULL, NULL, &error);

    g_assert_null (table);
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  }
}

static void
test_header_only (void)
{
  check ("Họ tên;Ngày sinh;Làng nghề", "1:Họ tên|Ngày sinh|Làng nghề\n", ';');
  check ("\xef\xbb\xbfHọ tên,Ngày sinh\r\n", "1:Họ tên|Ngày sinh\n", ',');
}

static void
test_large (void)
{
  GString *csv = g_string_new ("STT,Họ tên,Làng nghề,Địa chỉ,Ghi chú\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = NULL;
  guint rows = 0;
  GbCsvInfo info;
  char last[64];

  while (csv->len < 10 * 1024 * 1024)
    {
      rows++;
      g_string_append_printf (csv, "%u,Nguyễn Văn %u,Làng gốm Bát Tràng,"
                              "\"Thôn %u, xã An Lư, Hải Phòng\",\"Nghệ nhân \"\"Bàn tay vàng\"\"\"\r\n",
                              rows, rows, rows % 97);
    }
  g_snprintf (last, sizeof last, "Nguyễn Văn %u", rows);
  table = gb_csv_read_bytes ((const guint8 *) csv->str, csv->len, -1, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, rows + 1);
  g_assert_cmpuint (gb_table_get_number (table, rows), ==, rows + 1);
  g_assert_cmpstr (gb_table_get_cell (table, rows, 1), ==, last);
  g_assert_cmpstr (gb_table_get_cell (table, rows, 4), ==, "Nghệ nhân \"Bàn tay vàng\"");
  g_assert_cmpint (info.delimiter, ==, ',');
  g_string_free (csv, TRUE);
}

/* Legacy text through the whole file, converted to the last row. */
static void
test_large_legacy (void)
{
  GString *csv = g_string_new ("STT,Hä tªn,Lµng nghÒ\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = NULL;
  g_autofree char *last = NULL;
  guint rows = 0;
  GbCsvInfo info;

  while (csv->len < 3 * 1024 * 1024)
    {
      rows++;
      g_string_append_printf (csv, "%u,NguyÔn ThÞ H\u00ad¬ng %u,\"Lµng gèm B¸t Trµng, Gia L©m\"\n",
                              rows, rows);
    }
  last = g_strdup_printf ("Nguyễn Thị Hương %u", rows);
  table = gb_csv_read_bytes ((const guint8 *) csv->str, csv->len, -1, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.encoding, ==, GB_LEGACY_TCVN3);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, rows + 1);
  g_assert_cmpstr (gb_table_get_cell (table, 0, 2), ==, "Làng nghề");
  g_assert_cmpstr (gb_table_get_cell (table, rows, 1), ==, last);
  g_assert_cmpstr (gb_table_get_cell (table, rows, 2), ==, "Làng gốm Bát Tràng, Gia Lâm");
  g_string_free (csv, TRUE);
}

static void
test_long_cell (void)
{
  GString *cell = g_string_new (NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GbTable) table = NULL;

  while (g_utf8_strlen (cell->str, -1) < 10000)
    g_string_append (cell, "Gốm Bát Tràng, \"men lam\"\n");
  g_string_truncate (cell, g_utf8_offset_to_pointer (cell->str, 10000) - cell->str);
  {
    g_autofree char *quoted = NULL;
    g_auto(GStrv) parts = g_strsplit (cell->str, "\"", -1);

    quoted = g_strjoinv ("\"\"", parts);
    csv = g_strdup_printf ("a,b\n1,\"%s\"\n2,%s\n", quoted, "x");
  }
  table = read_text (csv, -1, NULL);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 3);
  g_assert_cmpstr (gb_table_get_cell (table, 1, 1), ==, cell->str);
  g_assert_cmpuint (g_utf8_strlen (gb_table_get_cell (table, 1, 1), -1), ==, 10000);
  /* the cell holds 400 line ends: line 2 to 402 */
  g_assert_cmpuint (gb_table_get_number (table, 2), ==, 403);
  g_string_free (cell, TRUE);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = NULL;

  g_cancellable_cancel (cancellable);
  table = gb_csv_read_bytes ((const guint8 *) "a,b\n", 4, -1, NULL, cancellable, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  GCancellable *cancellable;
  GMutex        lock;
  GCond         cond;
  gboolean      started;
} CancelData;

static gpointer
cancel_soon (gpointer data)
{
  CancelData *d = data;

  g_mutex_lock (&d->lock);
  while (!d->started)
    g_cond_wait (&d->cond, &d->lock);
  g_mutex_unlock (&d->lock);
  g_cancellable_cancel (d->cancellable);
  return NULL;
}

/* Cancelled while parsing: it stops with CANCELLED, or has finished. */
static void
test_cancel_while_reading (void)
{
  GString *csv = g_string_new (NULL);
  CancelData d = { g_cancellable_new (), { 0 }, { 0 }, FALSE };
  g_autoptr(GError) error = NULL;
  GbTable *table;
  GThread *thread;

  for (guint i = 0; i < 400000; i++)
    g_string_append_printf (csv, "%u,Nguyễn Văn %u\n", i, i);
  g_mutex_init (&d.lock);
  g_cond_init (&d.cond);
  thread = g_thread_new ("cancel", cancel_soon, &d);
  g_mutex_lock (&d.lock);
  d.started = TRUE;
  g_cond_signal (&d.cond);
  g_mutex_unlock (&d.lock);
  table = gb_csv_read_bytes ((const guint8 *) csv->str, csv->len, -1, NULL, d.cancellable, &error);
  g_thread_join (thread);
  if (table == NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  else
    g_assert_cmpuint (gb_table_get_n_rows (table), ==, 400000);
  gb_table_free (table);
  g_object_unref (d.cancellable);
  g_mutex_clear (&d.lock);
  g_cond_clear (&d.cond);
  g_string_free (csv, TRUE);
}

static void
test_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gb-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hoi-vien.csv", NULL);
  g_autofree char *empty = g_build_filename (dir, "trong.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "khong-co.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = NULL;
  GbCsvInfo info;

  g_assert_true (g_file_set_contents (path, "\xef\xbb\xbfHọ tên;Làng\r\nNguyễn Thị Hương;Bát Tràng\r\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  table = gb_csv_read_file (path, -1, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (gb_table_get_cell (table, 0, 0), ==, "Họ tên");
  g_assert_cmpstr (gb_table_get_cell (table, 1, 1), ==, "Bát Tràng");
  g_assert_true (info.had_bom);
  g_assert_cmpint (info.delimiter, ==, ';');
  g_clear_pointer (&table, gb_table_free);

  /* A file read in one block that becomes the text, BOM or none. */
  for (guint bom = 0; bom < 2; bom++)
    {
      g_autoptr(GString) csv = g_string_new (bom ? "\xef\xbb\xbf" : "");

      g_string_append (csv, "STT,Họ và tên\n");
      /* 2.5 MB */
      for (guint i = 1; i <= 70000; i++)
        g_string_append_printf (csv, "%u,Đặng Thị Ngọc %u\n", i, i);
      g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
      table = gb_csv_read_file (path, -1, &info, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (csv->len, >, 2 * 1024 * 1024);
      g_assert_cmpuint (gb_table_get_n_rows (table), ==, 70001);
      g_assert_cmpstr (gb_table_get_cell (table, 0, 1), ==, "Họ và tên");
      g_assert_cmpstr (gb_table_get_cell (table, 70000, 1), ==, "Đặng Thị Ngọc 70000");
      g_assert_cmpuint (gb_table_get_number (table, 70000), ==, 70001);
      g_assert_cmpint (info.had_bom, ==, bom);
      g_clear_pointer (&table, gb_table_free);
    }

  g_assert_null (gb_csv_read_file (empty, -1, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "trong.csv"));
  g_assert_null (strstr (error->message, dir));
  g_clear_error (&error);

  g_assert_null (gb_csv_read_file (missing, -1, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "khong-co.csv"));
  g_assert_null (strstr (error->message, dir));
  g_clear_error (&error);

  g_assert_null (gb_csv_read_file (dir, -1, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_clear_error (&error);

  g_unlink (path);
  g_unlink (empty);
  g_rmdir (dir);
}

/* ---- Hostile files (issue 20) ---- */

/* @csv read from memory must be refused with a message holding @want. */
static void
assert_refused (GString    *csv,
                const char *want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = gb_csv_read_bytes ((const guint8 *) csv->str, csv->len, -1,
                                                NULL, NULL, &error);

  g_assert_null (table);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, want));
}

/* Item 2: the caps of one import (gb-table.h) hold for CSV as for XLSX:
 * columns, one cell's text, all the text and the cells, each named. */
static void
test_caps (void)
{
  g_autofree char *cell = g_strnfill (GB_TABLE_MAX_CELL_TEXT + 1, 'A');
  g_autofree char *medium = g_strnfill (100 * 1024, 'B');
  g_autofree char *want = NULL;
  GString *csv = g_string_new ("Họ và tên");
  g_autoptr(GbTable) table = NULL;

  /* one row of 100,000 columns */
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (csv, ",c%u", i);
  g_string_append (csv, "\nNguyễn Văn An\n");
  want = g_strdup_printf ("Row 1 holds more than %u columns", GB_TABLE_MAX_COLUMNS);
  assert_refused (csv, want);

  /* the widest row that is read */
  g_string_assign (csv, "a");
  for (guint i = 1; i < GB_TABLE_MAX_COLUMNS; i++)
    g_string_append (csv, ",b");
  g_string_append (csv, "\n1\n");
  table = read_text (csv->str, -1, NULL);
  g_assert_cmpuint (gb_table_get_n_columns (table), ==, GB_TABLE_MAX_COLUMNS);

  /* a cell of more than 128 KB, quoted, on the third line */
  g_string_printf (csv, "a,b\n1,2\n3,\"%s\"\n", cell);
  assert_refused (csv, "Row 3 holds a cell of more than 128 KB");

  /* 70 MB of text in cells of 100 KB */
  g_string_assign (csv, "a,b\n");
  while (csv->len < 70u * 1024 * 1024)
    g_string_append_printf (csv, "%s,%s\n", medium, medium);
  assert_refused (csv, "more than 64 MB of text");

  /* 4,010,000 cells of a digit each */
  g_string_truncate (csv, 0);
  for (guint r = 0; r < 10000; r++)
    {
      for (guint c = 0; c < 400; c++)
        g_string_append (csv, "1,");
      g_string_append (csv, "1\n");
    }
  assert_refused (csv, "more than 4000000 cells");
  g_string_free (csv, TRUE);
}

/* Item 2: a file of more than 128 MB is refused before it is read, in
 * a child that holds less than 64 MB (the file is sparse: it takes no
 * room on the disk). */
static void
test_too_large_file (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("gb-csv-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "lon.csv", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GbTable) table = NULL;
      struct rusage before, usage;
      FILE *f = fopen (path, "w");

      g_assert_nonnull (f);
      fputs ("Họ và tên\nNguyễn Văn An\n", f);
      g_assert_cmpint (ftruncate (fileno (f), (off_t) 1 << 30), ==, 0);
      fclose (f);
      /* Growth, not the level: a sanitizer's shadow memory is counted too. */
      g_assert_cmpint (getrusage (RUSAGE_SELF, &before), ==, 0);
      table = gb_csv_read_file (path, -1, NULL, NULL, &error);
      g_unlink (path);
      g_rmdir (dir);
      g_assert_null (table);
      g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "lon.csv: The file is larger than 128 MB"));
      g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
      g_assert_cmpint (usage.ru_maxrss - before.ru_maxrss, <, 64 * 1024);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Item 6: a NUL byte is left out of the text, and its row says so. */
static void
test_nul_noted (void)
{
  const char data[] = "Họ và tên,Năm sinh\nNguyễn Văn\0 An,1960\nLê Thị Bình,1965\n\"Trần\nV\0ăn\",19\0""70\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = gb_csv_read_bytes ((const guint8 *) data, sizeof data - 1, -1,
                                                NULL, NULL, &error);
  const char *note;

  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 4);
  g_assert_cmpstr (gb_table_get_cell (table, 1, 0), ==, "Nguyễn Văn An");
  note = gb_table_get_note (table, 1);
  g_assert_nonnull (note);
  g_test_message ("%s", note);
  g_assert_nonnull (strstr (note, "Line 2"));
  g_assert_nonnull (strstr (note, "NUL"));
  g_assert_null (gb_table_get_note (table, 0));
  g_assert_null (gb_table_get_note (table, 2));
  /* a quoted cell over two lines: the NUL on its second line */
  g_assert_cmpstr (gb_table_get_cell (table, 3, 1), ==, "1970");
  g_assert_nonnull (gb_table_get_note (table, 3));
  g_assert_nonnull (strstr (gb_table_get_note (table, 3), "Line 5"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/utf8", test_utf8);
  g_test_add_func ("/csv/utf16", test_utf16);
  g_test_add_func ("/csv/legacy-bytes", test_legacy_bytes);
  g_test_add_func ("/csv/legacy-text", test_legacy_text);
  g_test_add_func ("/csv/not-legacy", test_not_legacy);
  g_test_add_func ("/csv/delimiters", test_delimiters);
  g_test_add_func ("/csv/line-ends", test_line_ends);
  g_test_add_func ("/csv/quotes", test_quotes);
  g_test_add_func ("/csv/ragged", test_ragged);
  g_test_add_func ("/csv/nul", test_nul);
  g_test_add_func ("/csv/damaged-utf8", test_damaged_utf8);
  g_test_add_func ("/csv/empty", test_empty);
  g_test_add_func ("/csv/header-only", test_header_only);
  g_test_add_func ("/csv/large", test_large);
  g_test_add_func ("/csv/large-legacy", test_large_legacy);
  g_test_add_func ("/csv/long-cell", test_long_cell);
  g_test_add_func ("/csv/cancel", test_cancel);
  g_test_add_func ("/csv/cancel-while-reading", test_cancel_while_reading);
  g_test_add_func ("/csv/file", test_file);
  g_test_add_func ("/csv/caps", test_caps);
  g_test_add_func ("/csv/too-large-file", test_too_large_file);
  g_test_add_func ("/csv/nul-noted", test_nul_noted);
  return g_test_run ();
}
