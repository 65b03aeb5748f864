/* test-xlsx-reader.c — reading the sheets of .xlsx workbooks
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workbooks are made here: with libxlsxwriter as Excel would write
 * them (shared strings; inline strings in its constant-memory mode), and
 * by hand with libzip for what libxlsxwriter never writes (rich text with
 * phonetic runs, the 1904 date system, cells without references, absolute
 * relationship targets, bad indices, "_x000D_" escapes, hostile XML).
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "gb-error.h"
#include "gb-xlsx-reader.h"

static char *tmpdir;

/* "Trần Thị Bích" and "Nghệ nhân" typed decomposed (base letter + marks) */
#define TRAN_NFC "Trần Thị Bích"
#define TRAN_NFD "Tra\xcc\x82\xcc\x80n Thi\xcc\xa3 Bi\xcc\x81" "ch"
#define NGHE_NHAN_NFD "Nghe\xcc\x82\xcc\xa3 nha\xcc\x82n"

static char *
fixture (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Asserts the row's number and cells; @... are its cells, then NULL. */
static void
assert_row (GbTable    *table,
            guint       row,
            guint       number,
            ...)
{
  va_list args;
  const char *cell;
  guint column = 0;

  g_assert_cmpuint (row, <, gb_table_get_n_rows (table));
  g_assert_cmpuint (gb_table_get_number (table, row), ==, number);
  va_start (args, number);
  while ((cell = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpstr (gb_table_get_cell (table, row, column), ==, cell);
      column++;
    }
  va_end (args);
  g_assert_cmpuint (gb_table_get_n_cells (table, row), ==, column);
}

static GbTable *
read_named (GbXlsxReader *reader,
            const char   *name)
{
  g_autoptr(GError) error = NULL;
  GbTable *table;
  guint index = G_MAXUINT;

  g_assert_true (gb_xlsx_reader_find_sheet (reader, name, &index));
  table = gb_xlsx_reader_read_sheet (reader, index, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

/* Workbooks made with libxlsxwriter */

static void
write_members (lxw_workbook  *workbook,
               lxw_worksheet *sheet)
{
  lxw_format *dmy = workbook_add_format (workbook);
  lxw_format *d_m = workbook_add_format (workbook);
  lxw_format *iso = workbook_add_format (workbook);
  lxw_format *stamp = workbook_add_format (workbook);
  lxw_format *clock = workbook_add_format (workbook);
  lxw_format *bold = workbook_add_format (workbook);
  lxw_datetime born = { 1985, 3, 15, 0, 0, 0 };
  lxw_datetime joined = { 2001, 12, 1, 0, 0, 0 };
  lxw_datetime leap = { 2024, 2, 29, 0, 0, 0 };
  lxw_datetime evening = { 2024, 1, 31, 23, 59, 59.9 };
  const char *headings[] = { "Họ và tên", "Ngày sinh", "Điện thoại", "Số", "Năm", "Hệ số",
                             "Tổng", "Đã đóng phí", "Ghi chú" };

  format_set_num_format (dmy, "dd/mm/yyyy");
  format_set_num_format (d_m, "d/m/yyyy");
  format_set_num_format (iso, "yyyy-mm-dd");
  format_set_num_format (stamp, "dd/mm/yyyy hh:mm:ss");
  format_set_num_format (clock, "hh:mm");
  format_set_bold (bold);

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    worksheet_write_string (sheet, 0, (lxw_col_t) i, headings[i], bold);

  /* row 2 */
  worksheet_write_string (sheet, 1, 0, "Nguyễn Văn An", NULL);
  worksheet_write_datetime (sheet, 1, 1, &born, dmy);
  worksheet_write_string (sheet, 1, 2, "0912345678", NULL);
  worksheet_write_number (sheet, 1, 3, 912345678, NULL);
  worksheet_write_number (sheet, 1, 4, 1985, NULL);
  worksheet_write_number (sheet, 1, 5, 1.5, NULL);
  worksheet_write_formula_num (sheet, 1, 6, "=E2+F2", NULL, 1986.5);
  worksheet_write_boolean (sheet, 1, 7, 1, NULL);

  /* row 3: decomposed text comes back composed */
  worksheet_write_string (sheet, 2, 0, TRAN_NFD, NULL);
  worksheet_write_datetime (sheet, 2, 1, &joined, d_m);
  worksheet_write_number (sheet, 2, 3, 84912345678.0, NULL);
  worksheet_write_number (sheet, 2, 4, 0.1 + 0.2, NULL);
  worksheet_write_number (sheet, 2, 5, -42, NULL);
  worksheet_write_formula_str (sheet, 2, 6, "=A3&\"!\"", NULL, TRAN_NFC "!");
  worksheet_write_boolean (sheet, 2, 7, 0, NULL);
  worksheet_write_string (sheet, 2, 8, "Gốm sứ, Thủy Nguyên", NULL);

  /* rows 4 and 5 left out; row 6 with blank (formatted) cells between */
  worksheet_write_string (sheet, 5, 0, "Lê Văn Cường", NULL);
  worksheet_write_blank (sheet, 5, 1, bold);
  worksheet_write_blank (sheet, 5, 2, bold);
  worksheet_write_datetime (sheet, 5, 3, &leap, iso);
  worksheet_write_datetime (sheet, 5, 4, &evening, stamp);
  worksheet_write_number (sheet, 5, 5, 0.5, clock);
  worksheet_write_number (sheet, 5, 6, 1e20, NULL);
  worksheet_write_blank (sheet, 5, 9, bold);

  /* row 7 holds only blank cells: dropped */
  worksheet_write_blank (sheet, 6, 0, bold);
  worksheet_write_blank (sheet, 6, 3, bold);

  /* row 8: a long cell, then one far to the right */
  {
    GString *s = g_string_new (NULL);

    for (guint i = 0; i < 10000; i++)
      g_string_append (s, i % 2 ? "ệ" : "a");
    g_assert_cmpint (worksheet_write_string (sheet, 7, 0, s->str, NULL), ==, LXW_NO_ERROR);
    g_string_free (s, TRUE);
  }
  worksheet_write_string (sheet, 7, 26, "AA", NULL);
}

static void
write_artisans (lxw_worksheet *sheet)
{
  worksheet_write_string (sheet, 0, 0, "Nghệ nhân", NULL);
  worksheet_write_string (sheet, 0, 1, "Nghề", NULL);
  worksheet_write_string (sheet, 1, 0, "Vũ Đình Hòa", NULL);
  worksheet_write_string (sheet, 1, 1, "Gốm đắp nổi", NULL);
  worksheet_write_string (sheet, 2, 0, TRAN_NFD, NULL);
  worksheet_write_string (sheet, 2, 1, "Chạm khắc gỗ", NULL);
}

static void
make_workbook (const char *name,
               gboolean    constant_memory)
{
  g_autofree char *path = fixture (name);
  lxw_workbook_options options = { .constant_memory = constant_memory, .tmpdir = tmpdir };
  lxw_workbook *workbook = workbook_new_opt (path, &options);

  g_assert_nonnull (workbook);
  write_members (workbook, workbook_add_worksheet (workbook, "Hội viên"));
  write_artisans (workbook_add_worksheet (workbook, "Nghệ nhân"));
  workbook_add_worksheet (workbook, "Trống");
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
}

static void
check_members (GbTable *table)
{
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 5);
  assert_row (table, 0, 1, "Họ và tên", "Ngày sinh", "Điện thoại", "Số", "Năm", "Hệ số",
              "Tổng", "Đã đóng phí", "Ghi chú", NULL);
  assert_row (table, 1, 2, "Nguyễn Văn An", "15/03/1985", "0912345678", "912345678", "1985",
              "1.5", "1986.5", "TRUE", NULL);
  assert_row (table, 2, 3, TRAN_NFC, "01/12/2001", "", "84912345678", "0.3", "-42",
              TRAN_NFC "!", "FALSE", "Gốm sứ, Thủy Nguyên", NULL);
  /* a time alone is a number; a date with a time is the date */
  assert_row (table, 3, 6, "Lê Văn Cường", "", "", "29/02/2024", "31/01/2024", "0.5", "1e+20", NULL);
  g_assert_cmpuint (gb_table_get_number (table, 4), ==, 8);
  g_assert_cmpuint (gb_table_get_n_cells (table, 4), ==, 27);
  g_assert_cmpuint (g_utf8_strlen (gb_table_get_cell (table, 4, 0), -1), ==, 10000);
  g_assert_true (g_str_has_suffix (gb_table_get_cell (table, 4, 0), "aệaệ"));
  g_assert_cmpstr (gb_table_get_cell (table, 4, 25), ==, "");
  g_assert_cmpstr (gb_table_get_cell (table, 4, 26), ==, "AA");
  g_assert_cmpuint (gb_table_get_n_columns (table), ==, 27);
}

static void
check_workbook (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open (path, &error);
  g_autoptr(GbTable) members = NULL;
  g_autoptr(GbTable) artisans = NULL;
  g_autoptr(GbTable) empty = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpuint (gb_xlsx_reader_get_n_sheets (reader), ==, 3);
  g_assert_cmpstr (gb_xlsx_reader_get_sheet_name (reader, 0), ==, "Hội viên");
  g_assert_cmpstr (gb_xlsx_reader_get_sheet_name (reader, 1), ==, "Nghệ nhân");
  g_assert_cmpstr (gb_xlsx_reader_get_sheet_name (reader, 2), ==, "Trống");

  members = read_named (reader, "Hội viên");
  check_members (members);

  artisans = read_named (reader, "Nghệ nhân");
  g_assert_cmpuint (gb_table_get_n_rows (artisans), ==, 3);
  assert_row (artisans, 0, 1, "Nghệ nhân", "Nghề", NULL);
  assert_row (artisans, 1, 2, "Vũ Đình Hòa", "Gốm đắp nổi", NULL);
  assert_row (artisans, 2, 3, TRAN_NFC, "Chạm khắc gỗ", NULL);

  empty = read_named (reader, "TRỐNG");
  g_assert_cmpuint (gb_table_get_n_rows (empty), ==, 0);
  g_assert_cmpuint (gb_table_get_n_columns (empty), ==, 0);
}

static void
test_shared_strings (void)
{
  make_workbook ("shared.xlsx", FALSE);
  check_workbook ("shared.xlsx");
}

static void
test_inline_strings (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  make_workbook ("inline.xlsx", TRUE);
  check_workbook ("inline.xlsx");

  /* the same workbook read from memory */
  path = fixture ("inline.xlsx");
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (gb_xlsx_is_xlsx ((const guint8 *) contents, len));
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
    g_autoptr(GError) error = NULL;
    g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open_bytes (bytes, &error);
    g_autoptr(GbTable) members = NULL;

    g_assert_no_error (error);
    members = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
    g_assert_no_error (error);
    check_members (members);
  }
}

static void
test_find_sheet (void)
{
  g_autofree char *path = fixture ("shared.xlsx");
  g_autoptr(GbXlsxReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint index = G_MAXUINT;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    make_workbook ("shared.xlsx", FALSE);
  reader = gb_xlsx_reader_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (gb_xlsx_reader_find_sheet (reader, "hội VIÊN", &index));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (gb_xlsx_reader_find_sheet (reader, NGHE_NHAN_NFD, &index));
  g_assert_cmpuint (index, ==, 1);
  g_assert_true (gb_xlsx_reader_find_sheet (reader, "NGHỆ NHÂN", NULL));
  g_assert_false (gb_xlsx_reader_find_sheet (reader, "Hoi vien", &index));
  g_assert_false (gb_xlsx_reader_find_sheet (reader, "Sự kiện", &index));
  g_assert_false (gb_xlsx_reader_find_sheet (reader, "\xff", &index));
}

/* A members sheet of a heading and @n rows of six cells, as Excel writes
 * it: /xlsx/large reads it whole, /xlsx/cancel stops a read of it. */
static void
make_large (const char *path,
            guint       n)
{
  lxw_workbook_options options = { .constant_memory = FALSE, .tmpdir = tmpdir };
  lxw_workbook *workbook = workbook_new_opt (path, &options);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "Hội viên");
  lxw_format *dmy = workbook_add_format (workbook);
  char name[64], phone[16];

  format_set_num_format (dmy, "dd/mm/yyyy");
  worksheet_write_string (sheet, 0, 0, "Họ và tên", NULL);
  worksheet_write_string (sheet, 0, 1, "Số thẻ", NULL);
  worksheet_write_string (sheet, 0, 2, "Điện thoại", NULL);
  worksheet_write_string (sheet, 0, 3, "Ngày vào hội", NULL);
  worksheet_write_string (sheet, 0, 4, "Địa chỉ", NULL);
  worksheet_write_string (sheet, 0, 5, "Phí", NULL);
  for (guint i = 1; i <= n; i++)
    {
      g_snprintf (name, sizeof name, "Nguyễn Văn Hội viên %u", i);
      g_snprintf (phone, sizeof phone, "09%08u", i);
      worksheet_write_string (sheet, i, 0, name, NULL);
      worksheet_write_number (sheet, i, 1, i, NULL);
      worksheet_write_string (sheet, i, 2, phone, NULL);
      worksheet_write_number (sheet, i, 3, 45000 + i % 1000, dmy);
      worksheet_write_string (sheet, i, 4, i % 2 ? "Thủy Nguyên, Hải Phòng" : "Kiến An, Hải Phòng", NULL);
      worksheet_write_number (sheet, i, 5, 150000.5, NULL);
    }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
}

static void
test_large (void)
{
  g_autofree char *path = fixture ("large.xlsx");
  g_autoptr(GbXlsxReader) reader = NULL;
  g_autoptr(GbTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  const guint n = 100000;

  make_large (path, n);
  timer = g_timer_new ();
  reader = gb_xlsx_reader_open (path, &error);
  g_assert_no_error (error);
  table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("read %u rows of 6 cells in %.3f s", gb_table_get_n_rows (table),
                  g_timer_elapsed (timer, NULL));

  g_assert_cmpuint (gb_table_get_n_rows (table), ==, n + 1);
  g_assert_cmpuint (gb_table_get_n_columns (table), ==, 6);
  /* serial 45000 is 15/03/2023; 45000 + 100000 % 1000 = 45000 */
  assert_row (table, n, n + 1, "Nguyễn Văn Hội viên 100000", "100000", "0900100000",
              "15/03/2023", "Kiến An, Hải Phòng", "150000.5", NULL);
  assert_row (table, 1, 2, "Nguyễn Văn Hội viên 1", "1", "0900000001", "16/03/2023",
              "Thủy Nguyên, Hải Phòng", "150000.5", NULL);
}

typedef struct
{
  GbXlsxReader *reader;
  GCancellable *cancellable;
  GError       *error;
  GbTable      *table;
  gint          started;
} ReadJob;

static gpointer
read_in_thread (gpointer data)
{
  ReadJob *job = data;

  g_atomic_int_set (&job->started, TRUE);
  job->table = gb_xlsx_reader_read_sheet (job->reader, 0, job->cancellable, &job->error);
  return NULL;
}

static void
test_cancel (void)
{
  g_autofree char *path = fixture ("cancel.xlsx");
  g_autoptr(GbXlsxReader) reader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GbTable *table;
  gboolean cancelled = FALSE;
  const guint n = 100000;

  /* Its own workbook, so that the case means the same run alone (-p) as
   * after /xlsx/large: big enough that a read lasts far longer than it
   * takes to cancel it. */
  make_large (path, n);
  reader = gb_xlsx_reader_open (path, &error);
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  table = gb_xlsx_reader_read_sheet (reader, 0, cancellable, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while reading, on a fresh reader (shared strings unread):
   * the cancel comes as soon as the thread has begun. A read that still
   * ends first proves nothing either way, so it is tried again; it must
   * be stopped at least once, and every stopped read says "cancelled". */
  for (guint attempt = 0; attempt < 5 && !cancelled; attempt++)
    {
      ReadJob job = { NULL, };
      GThread *thread;

      g_clear_pointer (&reader, gb_xlsx_reader_free);
      reader = gb_xlsx_reader_open (path, &error);
      g_assert_no_error (error);
      g_cancellable_reset (cancellable);
      job.reader = reader;
      job.cancellable = cancellable;
      thread = g_thread_new ("read", read_in_thread, &job);
      while (!g_atomic_int_get (&job.started))
        g_thread_yield ();
      g_cancellable_cancel (cancellable);
      g_thread_join (thread);
      if (job.table == NULL)
        {
          g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled = TRUE;
        }
      else
        g_test_message ("attempt %u: the read finished before the cancel", attempt + 1);
      g_clear_error (&job.error);
      g_clear_pointer (&job.table, gb_table_free);
    }
  g_assert_true (cancelled);

  /* the reader still reads once not cancelled */
  table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, n + 1);
  gb_table_free (table);
}

/* Files that are not workbooks */

static void
assert_not_workbook (const char *path,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open (path, &error);

  g_assert_null (reader);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  g_test_message ("%s: %s", path, error->message);
}

/* A zip made with libzip; @... are name, contents pairs, then NULL. */
static char *
make_zip (const char *name,
          gboolean    store,
          ...)
{
  char *path = fixture (name);
  zip_t *zip;
  va_list args;
  const char *entry;
  int code = 0;

  g_unlink (path);
  zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  g_assert_nonnull (zip);
  va_start (args, store);
  while ((entry = va_arg (args, const char *)) != NULL)
    {
      const char *contents = va_arg (args, const char *);
      zip_source_t *source = zip_source_buffer (zip, contents, strlen (contents), 0);
      zip_int64_t index;

      g_assert_nonnull (source);
      index = zip_file_add (zip, entry, source, ZIP_FL_ENC_UTF_8);
      g_assert_cmpint (index, >=, 0);
      if (store)
        zip_set_file_compression (zip, (zip_uint64_t) index, ZIP_CM_STORE, 0);
    }
  va_end (args);
  g_assert_cmpint (zip_close (zip), ==, 0);
  return path;
}

static void
test_not_workbook (void)
{
  g_autofree char *csv = fixture ("members.csv");
  g_autofree char *missing = fixture ("missing.xlsx");
  g_autofree char *empty = fixture ("empty.xlsx");
  g_autofree char *xls = fixture ("old.xls");
  g_autofree char *zip = NULL;
  g_autofree char *docx = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *shared = fixture ("shared.xlsx");
  static const guint8 cfb[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 };
  const char *not_xlsx = "This file is not an Excel workbook (.xlsx).";

  g_assert_true (g_file_set_contents (csv, "Họ tên,Ngày sinh\nNguyễn Văn An,15/03/1985\n", -1, NULL));
  assert_not_workbook (csv, not_xlsx);
  g_assert_false (gb_xlsx_is_xlsx ((const guint8 *) "Họ tên", 6));
  g_assert_false (gb_xlsx_is_xlsx ((const guint8 *) "PK", 2));
  g_assert_true (gb_xlsx_is_xlsx ((const guint8 *) "PK\3\4", 4));

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_not_workbook (empty, NULL);
  g_assert_true (g_file_set_contents (xls, (const char *) cfb, sizeof cfb, NULL));
  assert_not_workbook (xls, NULL);

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (gb_xlsx_reader_open (missing, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (gb_xlsx_reader_open (tmpdir, &error));
    g_assert_nonnull (error);
    g_test_message ("a folder: %s", error->message);
  }

  zip = make_zip ("notes.xlsx", FALSE, "notes.txt", "Họp ban chấp hành ngày 12/5", NULL);
  assert_not_workbook (zip, not_xlsx);

  /* a Word document: a package whose main part is no workbook */
  docx = make_zip ("letter.docx", FALSE,
                   "_rels/.rels",
                   "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                   "</Relationships>",
                   "word/document.xml",
                   "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>",
                   NULL);
  assert_not_workbook (docx, not_xlsx);

  /* the first half of a real workbook: the zip directory is lost */
  {
    g_autofree char *contents = NULL;
    gsize len;

    if (!g_file_test (shared, G_FILE_TEST_EXISTS))
      make_workbook ("shared.xlsx", FALSE);
    g_assert_true (g_file_get_contents (shared, &contents, &len, NULL));
    truncated = fixture ("truncated.xlsx");
    g_assert_true (g_file_set_contents (truncated, contents, (gssize) len / 2, NULL));
    assert_not_workbook (truncated, NULL);
  }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("PK\3\4 and nothing more", 22);
    g_autoptr(GError) error = NULL;

    g_assert_null (gb_xlsx_reader_open_bytes (bytes, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
    g_test_message ("garbage after PK: %s", error->message);
  }
}

/* ---- Hostile workbooks (issue 20) ----
 *
 * Made here, part by part, with a libzip source that writes a part as a
 * head, a piece repeated, and a tail: a part of a gigabyte is a small
 * file and never sits in memory. GB_KEEP_HOSTILE=FOLDER keeps them (for
 * the figures in benchmarks/README.md). */

typedef struct
{
  const char *pieces[3];     /* head, repeated piece, tail */
  guint64     repeat;
  guint       index;         /* of the piece being written */
  guint64     done;          /* repeats written */
  gsize       offset;        /* in the piece being written */
} Stream;

static zip_int64_t
stream_callback (void             *data,
                 void             *out,
                 zip_uint64_t      len,
                 zip_source_cmd_t  cmd)
{
  Stream *s = data;

  switch (cmd)
    {
    case ZIP_SOURCE_OPEN:
      s->index = 0;
      s->done = 0;
      s->offset = 0;
      return 0;
    case ZIP_SOURCE_READ:
      {
        zip_uint64_t n = 0;

        while (n < len && s->index < 3)
          {
            const char *piece = s->pieces[s->index];
            gsize size = strlen (piece), k;

            if ((s->index == 1 && s->done == s->repeat) || size == 0)
              {
                s->index++;
                s->offset = 0;
                continue;
              }
            k = MIN (size - s->offset, len - n);
            memcpy ((char *) out + n, piece + s->offset, k);
            n += k;
            s->offset += k;
            if (s->offset == size)
              {
                s->offset = 0;
                if (s->index == 1 && ++s->done < s->repeat)
                  continue;
                s->index++;
              }
          }
        return (zip_int64_t) n;
      }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT:
      {
        zip_stat_t *st = out;

        zip_stat_init (st);
        return sizeof *st;
      }
    case ZIP_SOURCE_ERROR:
      return 2 * sizeof (int);
    case ZIP_SOURCE_FREE:
      g_free (s);
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap (ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                             ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
    }
}

/* A workbook of one sheet: @sheet_* and @strings_* give the sheet part
 * and the shared strings (head, piece, repeat, tail; no strings when the
 * head is NULL). The path is kept in GB_KEEP_HOSTILE when set. */
static char *
make_hostile (const char *name,
              const char *sheet_head,
              const char *sheet_piece,
              guint64     sheet_repeat,
              const char *sheet_tail,
              const char *strings_head,
              const char *strings_piece,
              guint64     strings_repeat,
              const char *strings_tail)
{
  const char *keep = g_getenv ("GB_KEEP_HOSTILE");
  char *path = keep ? g_build_filename (keep, name, NULL) : fixture (name);
  static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
  static const char root[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
  struct { const char *name; Stream stream; } parts[] = {
    { "_rels/.rels", { { root, "", "" }, 0 } },
    { "xl/workbook.xml", { { workbook, "", "" }, 0 } },
    { "xl/_rels/workbook.xml.rels", { { rels, "", "" }, 0 } },
    { "xl/worksheets/sheet1.xml", { { sheet_head, sheet_piece, sheet_tail }, sheet_repeat } },
    { "xl/sharedStrings.xml", { { strings_head, strings_piece, strings_tail }, strings_repeat } },
  };
  zip_t *zip;
  int code = 0;

  g_unlink (path);
  zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  g_assert_nonnull (zip);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      zip_source_t *source;

      if (parts[i].stream.pieces[0] == NULL)
        continue;
      source = zip_source_function (zip, stream_callback, g_memdup2 (&parts[i].stream, sizeof (Stream)));
      g_assert_nonnull (source);
      g_assert_cmpint (zip_file_add (zip, parts[i].name, source, ZIP_FL_ENC_UTF_8), >=, 0);
    }
  g_assert_cmpint (zip_close (zip), ==, 0);
  return path;
}

#define SHEET_HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"
#define STRINGS_HEAD(encoding) \
  "<?xml version=\"1.0\" encoding=\"" encoding "\"?>" \
  "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>"
#define STRINGS_TAIL "</t></si></sst>"

/* Reads the first sheet of @path, in a child whose address space is
 * capped at 1 GB (under AddressSanitizer, which reserves terabytes, not):
 * the message of the error, or NULL when it was read. */
static char *
read_hostile (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open (path, &error);
  g_autoptr(GbTable) table = NULL;

  if (reader == NULL)
    return g_strdup (error->message);
  table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
  return table ? NULL : g_strdup (error->message);
}

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif

static void
limit_memory (void)
{
#ifndef UNDER_ASAN
  struct rlimit limit = { (rlim_t) 1 << 30, (rlim_t) 1 << 30 };

  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
#endif
}

/* Item 2: 4,000 cells that all point at one shared string of 1 MB; then
 * at one of 100 KB: a cap on one cell's text and on all of it, named. */
static void
test_shared_reuse (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *cell = g_strnfill (1024 * 1024, 'A');
      g_autofree char *medium = g_strnfill (100 * 1024, 'B');
      g_autofree char *big = NULL, *many = NULL, *message = NULL;
      const char *row = "<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c>"
                        "<c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c>"
                        "<c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c>"
                        "<c t=\"s\"><v>0</v></c></row>";

      big = make_hostile ("shared-1mb.xlsx", SHEET_HEAD, row, 400, SHEET_TAIL,
                          STRINGS_HEAD ("UTF-8"), cell, 1, STRINGS_TAIL);
      many = make_hostile ("shared-100kb.xlsx", SHEET_HEAD, row, 400, SHEET_TAIL,
                           STRINGS_HEAD ("UTF-8"), medium, 1, STRINGS_TAIL);
      limit_memory ();
      message = read_hostile (big);
      g_assert_nonnull (message);
      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, "128 KB"));
      g_clear_pointer (&message, g_free);
      message = read_hostile (many);
      g_assert_nonnull (message);
      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, "64 MB"));
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Item 2: a sheet of 300 MB of comments and processing instructions
 * between its rows reads as its two rows, in bounded memory. */
static void
test_comments (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *c = g_strnfill (900, 'c');
      g_autofree char *p = g_strnfill (90, 'p');
      g_autofree char *comment = g_strdup_printf ("<!--%s--><?gb %s?>", c, p);
      g_autofree char *path = make_hostile ("comments.xlsx",
                                            SHEET_HEAD "<row r=\"1\"><c t=\"inlineStr\"><is><t>Họ và tên</t>"
                                            "</is></c></row><!-- one -->",
                                            comment, 300000,
                                            "<row r=\"2\"><c t=\"inlineStr\"><is><t>Nguyễn Văn An</t></is>"
                                            "</c></row>" SHEET_TAIL, NULL, NULL, 0, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GbXlsxReader) reader = NULL;
      g_autoptr(GbTable) table = NULL;
      struct rusage usage;

      limit_memory ();
      reader = gb_xlsx_reader_open (path, &error);
      g_assert_no_error (error);
      table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gb_table_get_n_rows (table), ==, 2);
      assert_row (table, 1, 2, "Nguyễn Văn An", NULL);
      g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
#ifndef UNDER_ASAN
      g_assert_cmpint (usage.ru_maxrss, <, 512 * 1024);
#endif
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Item 2: shared strings written in Windows-1258 (a combining tone after
 * a vowel): a string of 1 MB is refused, many short ones of 1 MB in all
 * are read as Unicode, both in bounded memory. */
static void
test_windows_1258 (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *one = make_hostile ("cp1258-one.xlsx",
                                           SHEET_HEAD "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>", "", 0,
                                           SHEET_TAIL, STRINGS_HEAD ("windows-1258"),
                                           "Nguy\xea\xden V\xe3n Th\xe0nh ", 60000, STRINGS_TAIL);
      g_autofree char *many = make_hostile ("cp1258-many.xlsx",
                                            SHEET_HEAD "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>59999</v>"
                                            "</c></row>", "", 0, SHEET_TAIL,
                                            STRINGS_HEAD ("windows-1258") "Nguy\xea\xden V\xe3n",
                                            "</t></si><si><t>Nguy\xea\xden V\xe3n Th\xe0nh", 60000,
                                            STRINGS_TAIL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GbXlsxReader) reader = NULL;
      g_autoptr(GbTable) table = NULL;
      g_autofree char *message = NULL;
      struct rusage usage;

      limit_memory ();
      message = read_hostile (one);
      g_assert_nonnull (message);
      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, "128 KB"));

      reader = gb_xlsx_reader_open (many, &error);
      g_assert_no_error (error);
      table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
      g_assert_no_error (error);
      assert_row (table, 0, 1, "Nguyễn Văn", "Nguyễn Văn Thành", NULL);
      g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
#ifndef UNDER_ASAN
      g_assert_cmpint (usage.ru_maxrss, <, 512 * 1024);
#endif
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Hand-made workbooks */

#define CONTENT_TYPES \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
#define ROOT_RELS(target) \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"" target "\"/>" \
  "</Relationships>"
#define REL(id, type, target) \
  "<Relationship Id=\"" id "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" type "\" Target=\"" target "\"/>"
#define RELS(body) \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" body "</Relationships>"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char hand_workbook[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
  "<workbookPr date1904=\"1\"/>"
  "<sheets>"
  "<sheet name=\"Sự kiện\" sheetId=\"1\" r:id=\"rId1\"/>"
  "<sheet name=\"" NGHE_NHAN_NFD "\" sheetId=\"2\" r:id=\"rId2\"/>"
  "<sheet name=\"Mất\" sheetId=\"3\" r:id=\"rId9\"/>"
  "<sheet name=\"Hỏng\" sheetId=\"4\" r:id=\"rId4\"/>"
  "<sheet name=\"DTD\" sheetId=\"5\" r:id=\"rId5\"/>"
  "<sheet name=\"Xa\" sheetId=\"6\" r:id=\"rId6\"/>"
  "</sheets></workbook>";

static const char hand_rels[] = RELS (
  REL ("rId1", "worksheet", "/xl/worksheets/sheet1.xml")
  REL ("rId2", "worksheet", "worksheets/../worksheets/sheet2.xml")
  REL ("rId4", "worksheet", "worksheets/broken.xml")
  REL ("rId5", "worksheet", "worksheets/dtd.xml")
  REL ("rId6", "worksheet", "worksheets/far.xml")
  REL ("rId7", "sharedStrings", "/xl/strings.xml")
  REL ("rId8", "styles", "styles.xml")
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.org/\" TargetMode=\"External\"/>");

/* 0: rich text with a phonetic run; 1: "_x000D_" escapes; 2: NFD;
 * 3: an escaped underscore; 4: empty; the count claims 1000 */
static const char hand_strings[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<sst xmlns=\"" NS_MAIN "\" count=\"1000\" uniqueCount=\"1000\">"
  "<si><r><rPr><b/></rPr><t>Làng gốm </t></r><r><t xml:space=\"preserve\">Chu Đậu</t></r>"
  "<rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh><phoneticPr fontId=\"1\"/></si>"
  "<si><t>Dòng một_x000D_\nDòng hai_x0009_tab</t></si>"
  "<si><t>" TRAN_NFD "</t></si>"
  "<si><t>A_x005F_x000D_B &amp; &lt;C&gt;</t></si>"
  "<si/>"
  "</sst>";

static const char hand_styles[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<styleSheet xmlns=\"" NS_MAIN "\">"
  "<numFmts count=\"5\">"
  "<numFmt numFmtId=\"164\" formatCode=\"[$-42A]dd/mm/yyyy;@\"/>"
  "<numFmt numFmtId=\"165\" formatCode=\"[Red]#,##0.00&quot;đ&quot;\"/>"
  "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm:ss\"/>"
  "<numFmt numFmtId=\"167\" formatCode=\"mmm\\-yy\"/>"
  "<numFmt numFmtId=\"168\" formatCode=\"h:mm AM/PM\"/>"
  "</numFmts>"
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
  "<cellXfs count=\"7\">"
  "<xf numFmtId=\"0\"/>"                           /* 0 General */
  "<xf numFmtId=\"164\" applyNumberFormat=\"1\"/>"  /* 1 date */
  "<xf numFmtId=\"165\"/>"                          /* 2 money */
  "<xf numFmtId=\"166\"/>"                          /* 3 elapsed time */
  "<xf numFmtId=\"14\"><alignment horizontal=\"left\"/></xf>" /* 4 built-in date */
  "<xf numFmtId=\"167\"/>"                          /* 5 month-year */
  "<xf numFmtId=\"168\"/>"                          /* 6 time */
  "</cellXfs>"
  "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"169\" formatCode=\"dd/mm/yyyy\"/></dxf></dxfs>"
  "</styleSheet>";

static const char hand_sheet1[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<x:worksheet xmlns:x=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
  "<x:dimension ref=\"A1:E9\"/><x:sheetViews><x:sheetView workbookViewId=\"0\"/></x:sheetViews>"
  "<x:sheetData>"
  /* row 1 without r, cells without r */
  "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c><x:c t=\"s\"><x:v>2</x:v></x:c>"
  "<x:c t=\"s\"><x:v>3</x:v></x:c><x:c t=\"s\"><x:v>4</x:v></x:c><x:c t=\"s\"><x:v>999</x:v></x:c>"
  "<x:c t=\"s\"><x:v>-1</x:v></x:c><x:c t=\"s\"><x:v>x</x:v></x:c></x:row>"
  /* row 2 without r: dates in the 1904 system */
  "<x:row><x:c s=\"1\"><x:v>0</x:v></x:c><x:c s=\"4\"><x:v>43904</x:v></x:c>"
  "<x:c s=\"4\"><x:v>43904.75</x:v></x:c><x:c s=\"5\"><x:v>43904</x:v></x:c>"
  "<x:c s=\"2\"><x:v>43904</x:v></x:c><x:c s=\"3\"><x:v>1.5</x:v></x:c><x:c s=\"6\"><x:v>0.75</x:v></x:c>"
  "<x:c s=\"77\"><x:v>12</x:v></x:c><x:c s=\"1\"><x:v>-5</x:v></x:c></x:row>"
  /* row 5: other cell types, out of order */
  "<x:row r=\"5\" spans=\"1:9\">"
  "<x:c r=\"B5\" t=\"e\"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>"
  "<x:c r=\"C5\" t=\"str\"><x:f>A1&amp;\"\"</x:f><x:v>Phố _x0041_</x:v></x:c>"
  "<x:c r=\"D5\" t=\"d\"><x:v>2025-07-01T00:00:00</x:v></x:c>"
  "<x:c r=\"E5\" t=\"inlineStr\"><x:is><x:r><x:t>Bàn tay </x:t></x:r><x:r><x:t>vàng</x:t></x:r>"
  "<x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c>"
  "<x:c r=\"A5\" t=\"b\"><x:v>1</x:v></x:c>"
  "<x:c r=\"F5\"><x:v> 0912345678 </x:v></x:c>"
  "<x:c r=\"G5\"><x:v>1.2345678901234567E+17</x:v></x:c>"
  "<x:c r=\"H5\"><x:v>abc</x:v></x:c>"
  "<x:c r=\"I5\"><x:v><![CDATA[7]]></x:v></x:c>"
  "<x:c r=\"J5\"><x:v>1234567890123460</x:v></x:c>"
  "</x:row>"
  /* a row of nothing, then one whose cells carry the row number */
  "<x:row r=\"6\"><x:c r=\"A6\" t=\"e\"><x:v>#N/A</x:v></x:c><x:c r=\"B6\"/></x:row>"
  "<x:row><x:c r=\"B9\"><x:v>9</x:v></x:c></x:row>"
  "<x:row/>"
  "</x:sheetData>"
  "<x:sheetData><x:row r=\"20\"><x:c r=\"A20\"><x:v>20</x:v></x:c></x:row></x:sheetData>"
  "<x:pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
  "</x:worksheet>";

static const char hand_sheet2[] =
  "<worksheet xmlns=\"" NS_MAIN "\"><sheetData/></worksheet>";

static const char hand_broken[] =
  "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row>";

static const char hand_dtd[] =
  "<?xml version=\"1.0\"?>"
  "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
  "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>";

static const char hand_far[] =
  "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c r=\"XFE1\"><v>2</v></c></row></sheetData></worksheet>";

static void
test_hand_made (void)
{
  g_autofree char *path = make_zip ("hand.xlsx", TRUE,
                                    "[Content_Types].xml", CONTENT_TYPES,
                                    "_rels/.rels", ROOT_RELS ("xl/workbook.xml"),
                                    "xl/workbook.xml", hand_workbook,
                                    "xl/_rels/workbook.xml.rels", hand_rels,
                                    "xl/strings.xml", hand_strings,
                                    "xl/styles.xml", hand_styles,
                                    "xl/worksheets/sheet1.xml", hand_sheet1,
                                    "xl/worksheets/sheet2.xml", hand_sheet2,
                                    "xl/worksheets/broken.xml", hand_broken,
                                    "xl/worksheets/dtd.xml", hand_dtd,
                                    "xl/worksheets/far.xml", hand_far,
                                    NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open (path, &error);
  g_autoptr(GbTable) table = NULL;
  guint index;

  g_assert_no_error (error);
  g_assert_cmpuint (gb_xlsx_reader_get_n_sheets (reader), ==, 6);
  g_assert_cmpstr (gb_xlsx_reader_get_sheet_name (reader, 1), ==, "Nghệ nhân");

  table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 4);
  assert_row (table, 0, 1, "Làng gốm Chu Đậu", "Dòng một\r\nDòng hai\ttab", TRAN_NFC,
              "A_x000D_B & <C>", NULL);
  /* 1904: serial 0 is 1 January 1904, 43904 is 15 March 2024 */
  assert_row (table, 1, 2, "01/01/1904", "15/03/2024", "15/03/2024", "15/03/2024",
              "43904", "1.5", "0.75", "12", "-5", NULL);
  assert_row (table, 2, 5, "TRUE", "", "Phố A", "01/07/2025", "Bàn tay vàng", "912345678",
              "1.23456789012346e+17", "abc", "7", "1234567890123460", NULL);
  assert_row (table, 3, 9, "", "9", NULL);
  g_clear_pointer (&table, gb_table_free);

  table = gb_xlsx_reader_read_sheet (reader, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 0);
  g_clear_pointer (&table, gb_table_free);

  g_assert_true (gb_xlsx_reader_find_sheet (reader, "Mất", &index));
  table = gb_xlsx_reader_read_sheet (reader, index, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_test_message ("missing sheet: %s", error->message);
  g_clear_error (&error);

  for (guint i = 3; i < 6; i++)
    {
      table = gb_xlsx_reader_read_sheet (reader, i, NULL, &error);
      g_assert_null (table);
      g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "The workbook is damaged: "));
      g_test_message ("%s: %s", gb_xlsx_reader_get_sheet_name (reader, i), error->message);
      g_clear_error (&error);
    }
}

/* Sheet 1 in the 1900 system, the workbook found through _rels/.rels at
 * another place, relative targets climbing out of its folder. */
static void
test_hand_made_1900 (void)
{
  g_autofree char *path = make_zip ("elsewhere.xlsx", FALSE,
                                    "_rels/.rels", ROOT_RELS ("/book/main.xml"),
                                    "book/main.xml",
                                    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><workbookPr date1904=\"false\"/>"
                                    "<sheets><sheet name=\"Lịch\" sheetId=\"1\" r:id=\"a\"/></sheets></workbook>",
                                    "book/_rels/main.xml.rels",
                                    RELS (REL ("a", "worksheet", "../sheets/one%20sheet.xml")
                                          REL ("b", "styles", "./st.xml")),
                                    "book/st.xml",
                                    "<styleSheet xmlns=\"" NS_MAIN "\"><cellXfs><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"20\"/></cellXfs></styleSheet>",
                                    "sheets/one sheet.xml",
                                    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
                                    "<row r=\"1\"><c s=\"0\"><v>1</v></c><c s=\"0\"><v>59</v></c><c s=\"0\"><v>60</v></c>"
                                    "<c s=\"0\"><v>61</v></c><c s=\"0\"><v>0</v></c><c s=\"1\"><v>2958465.99</v></c>"
                                    "<c s=\"0\"><v>2958466</v></c><c s=\"2\"><v>0.5</v></c><c s=\"0\"><v>45838.9999999999</v></c></row>"
                                    "<row r=\"1048576\"><c r=\"SF1048576\" t=\"inlineStr\"><is><t>cuối</t></is></c></row>"
                                    "</sheetData></worksheet>",
                                    NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbXlsxReader) reader = gb_xlsx_reader_open (path, &error);
  g_autoptr(GbTable) table = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (gb_xlsx_reader_get_sheet_name (reader, 0), ==, "Lịch");
  table = gb_xlsx_reader_read_sheet (reader, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 2);
  assert_row (table, 0, 1, "01/01/1900", "28/02/1900", "29/02/1900", "01/03/1900", "0",
              "31/12/9999", "2958466", "0.5", "01/07/2025", NULL);
  g_assert_cmpuint (gb_table_get_number (table, 1), ==, 1048576);
  /* the last row Excel has, at the widest an import reads (column SF) */
  g_assert_cmpuint (gb_table_get_n_cells (table, 1), ==, 500);
  g_assert_cmpstr (gb_table_get_cell (table, 1, 499), ==, "cuối");
}

static void
test_no_sheets (void)
{
  g_autofree char *path = make_zip ("nosheets.xlsx", FALSE,
                                    "xl/workbook.xml",
                                    "<workbook xmlns=\"" NS_MAIN "\"><sheets/></workbook>",
                                    NULL);
  g_autofree char *bad = make_zip ("badbook.xlsx", FALSE,
                                   "xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"",
                                   NULL);
  g_autoptr(GError) error = NULL;

  assert_not_workbook (path, "The workbook has no sheets.");
  g_assert_null (gb_xlsx_reader_open (bad, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The workbook is damaged: xl/workbook.xml"));
  g_test_message ("%s", error->message);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gb-xlsx-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/xlsx/shared-strings", test_shared_strings);
  g_test_add_func ("/xlsx/inline-strings", test_inline_strings);
  g_test_add_func ("/xlsx/find-sheet", test_find_sheet);
  g_test_add_func ("/xlsx/large", test_large);
  g_test_add_func ("/xlsx/cancel", test_cancel);
  g_test_add_func ("/xlsx/not-workbook", test_not_workbook);
  g_test_add_func ("/xlsx/no-sheets", test_no_sheets);
  g_test_add_func ("/xlsx/hand-made", test_hand_made);
  g_test_add_func ("/xlsx/hand-made-1900", test_hand_made_1900);
  g_test_add_func ("/xlsx/shared-reuse", test_shared_reuse);
  g_test_add_func ("/xlsx/comments", test_comments);
  g_test_add_func ("/xlsx/windows-1258", test_windows_1258);

  ret = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
