/* test-import.c — rows into records: mapping, values, problems, the
 * transaction, undo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "gb-backup.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-dump.h"
#include "gb-error.h"
#include "gb-import.h"
#include "gb-import-file.h"
#include <xlsxwriter.h>
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-test-db.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef struct
{
  char       *dir;
  GbDatabase *db;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = gb_test_make_dir ();
  f->db = gb_test_db_open (f->dir, "guildbook.db");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  gb_test_db_drop_all ();
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count_sql (Fixture *f, const char *sql)
{
  return gb_test_sql_int (f->db, sql);
}

static char *
text_sql (Fixture *f, const char *sql)
{
  return gb_test_sql_text (f->db, sql);
}

/* The names of the tables, indexes and triggers, in order, a trigger
 * turned off marked so: an import sets some aside for its rows and must
 * put them all back. */
static char *
schema_names (Fixture *f)
{
  return text_sql (f, gb_test_db_is_pg ()
                      ? "SELECT string_agg (name, ',' ORDER BY name) FROM ("
                        " SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
                        " UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                        " UNION ALL SELECT tgname || CASE WHEN tgenabled = 'D' THEN ' (off)' ELSE '' END"
                        "  FROM pg_trigger WHERE NOT tgisinternal) s"
                      : "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY name)");
}

/* The database is sound: sqlite's own check on a file, Guildbook's on
 * either engine. */
static void
assert_sound (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (!gb_test_db_is_pg ())
    {
      g_autofree char *check = text_sql (f, "PRAGMA integrity_check");

      g_assert_cmpstr (check, ==, "ok");
    }
  g_assert_true (gb_database_check (f->db, NULL, &error));
  g_assert_no_error (error);
}

/* The live members counted through the list's index (on a file, where an
 * import may have set it aside; PostgreSQL keeps its indexes). */
static gint64
count_browse (Fixture *f)
{
  return count_sql (f, gb_test_db_is_pg ()
                       ? "SELECT count(*) FROM members WHERE deleted_at IS NULL"
                       : "SELECT count(*) FROM members INDEXED BY members_browse WHERE deleted_at IS NULL");
}

/* Rows separated by newlines, cells by "|"; row numbers from 1. */
static GbTable *
make_table (const char *text)
{
  GbTable *table = gb_table_new ();
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cells = NULL;

      if (*lines[i] == '\0')
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      gb_table_append_row (table, i + 1, (const char * const *) cells, g_strv_length (cells));
    }
  return table;
}

static GbImport *
make_import (Fixture *f, GbImportKind kind, const char *text)
{
  GbImport *import = gb_import_new (f->db, kind, make_table (text));

  gb_import_set_file_name (import, "/home/someone/hoi-vien.csv");
  gb_import_guess_mapping (import);
  return import;
}

static void
test_guess (Fixture *f, gconstpointer data)
{
  g_autoptr(GbImport) vi = make_import (f, GB_IMPORT_MEMBERS,
    "STT|Họ và tên|Năm sinh|Địa chỉ|Số điện thoại|Mã số thuế|Giới tính|Cột lạ\n");
  g_autoptr(GbImport) en = make_import (f, GB_IMPORT_ARTISANS,
    "No.|Full name|Year of birth|Craft|Village|Phone|Title|Decision number\n");
  g_autoptr(GbImport) ev = make_import (f, GB_IMPORT_EVENTS,
    "Tên sự kiện|Loại|Ngày bắt đầu|Địa điểm|Người tham gia\n");
  const char *expected_vi[] = { NULL, "name", "birth_year", "address", "phone", "tax_code", "gender", NULL };
  const char *expected_en[] = { NULL, "name", "birth_year", "craft", "village", "phone", "title", "decision_no" };
  const char *expected_ev[] = { "title", "kind", "start_date", "place", "participants" };

  g_assert_cmpuint (gb_import_get_n_columns (vi), ==, 8);
  for (guint c = 0; c < 8; c++)
    g_assert_cmpstr (gb_import_get_mapping (vi, c), ==, expected_vi[c]);
  for (guint c = 0; c < 8; c++)
    g_assert_cmpstr (gb_import_get_mapping (en, c), ==, expected_en[c]);
  for (guint c = 0; c < 5; c++)
    g_assert_cmpstr (gb_import_get_mapping (ev, c), ==, expected_ev[c]);
  g_assert_cmpuint (gb_import_get_n_rows (vi), ==, 0);

  /* Title lines above the headings are left out; the row numbers stay
   * those of the file. */
  {
    g_autoptr(GbImport) titled = make_import (f, GB_IMPORT_MEMBERS,
      "HIỆP HỘI LÀNG NGHỀ|||\n"
      "DANH SÁCH HỘI VIÊN NĂM 2026|||\n"
      "STT|Họ và tên|Năm sinh|Điện thoại\n"
      "1|Vũ Thị Thoa|1975|0912345678\n");

    g_assert_cmpstr (gb_import_get_heading (titled, 1), ==, "Họ và tên");
    g_assert_cmpstr (gb_import_get_mapping (titled, 1), ==, "name");
    g_assert_cmpuint (gb_import_get_n_rows (titled), ==, 1);
    g_assert_cmpuint (gb_table_get_number (gb_import_get_table (titled), 0), ==, 4);
  }

  /* One target takes one column. */
  gb_import_set_mapping (vi, 7, "name");
  g_assert_cmpstr (gb_import_get_mapping (vi, 7), ==, "name");
  g_assert_null (gb_import_get_mapping (vi, 1));
}

static void
test_remembered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbImport) first = make_import (f, GB_IMPORT_MEMBERS, "Họ và tên|Cột A|Năm sinh\n");
  g_autoptr(GbImport) second = NULL;

  g_assert_null (gb_import_get_mapping (first, 1));
  gb_import_set_mapping (first, 1, "notes");
  gb_import_set_mapping (first, 2, NULL);
  g_assert_true (gb_import_remember_mapping (first, &error));
  g_assert_no_error (error);

  second = make_import (f, GB_IMPORT_MEMBERS, "HỌ VÀ TÊN|cột a|Năm sinh\n");
  g_assert_cmpstr (gb_import_get_mapping (second, 0), ==, "name");
  g_assert_cmpstr (gb_import_get_mapping (second, 1), ==, "notes");
  /* Left out last time, left out again. */
  g_assert_null (gb_import_get_mapping (second, 2));
}

static void
test_mapping_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS, "Tên|Cột X|Cột Y\n");
  g_autofree char *path = g_build_filename (f->dir, "map.ini", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.ini", NULL);

  g_assert_true (g_file_set_contents (path, "[Columns]\n# comment\nCột X = phone\nCột Y =\n", -1, NULL));
  g_assert_true (gb_import_load_mapping (import, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gb_import_get_mapping (import, 1), ==, "phone");
  g_assert_null (gb_import_get_mapping (import, 2));

  g_assert_true (g_file_set_contents (bad, "Cột X = shoe_size\n", -1, NULL));
  g_assert_false (gb_import_load_mapping (import, bad, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (bad, "Cột Z = phone\n", -1, NULL));
  g_assert_false (gb_import_load_mapping (import, bad, &error));
  g_assert_nonnull (strstr (error->message, "Cột Z"));
}

static void
test_values (Fixture *f, gconstpointer data)
{
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS,
    "Họ và tên|Giới tính|Ngày sinh|Địa chỉ|Điện thoại|Ngày vào hội|Tình trạng\n"
    "  Nguyễn   Thị Hương |Nữ|05/03/1970|Thôn Đông, xã Bát Tràng, Hà Nội|912345678|2020-01-15|Đang hoạt động\n"
    "Trần Văn Bình|nam|1965|Số 5 phố Hàng Bạc, phường Hoàn Kiếm, quận Hoàn Kiếm, Hà Nội|0987 654 321|43831|Tạm ngừng\n");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_import_problem_free);
  g_autoptr(GbRecord) a = gb_import_build_row (import, 0, problems);
  g_autoptr(GbRecord) b = gb_import_build_row (import, 1, problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (gb_record_get_text (a, "name"), ==, "Nguyễn Thị Hương");
  g_assert_cmpstr (gb_record_get_text (a, "kind"), ==, "individual");
  g_assert_cmpstr (gb_record_get_text (a, "gender"), ==, "female");
  g_assert_cmpstr (gb_record_get_text (a, "birth_date"), ==, "1970-03-05");
  g_assert_cmpint (gb_record_get_int (a, "birth_year"), ==, 1970);
  g_assert_cmpstr (gb_record_get_text (a, "street"), ==, "Thôn Đông");
  g_assert_cmpstr (gb_record_get_text (a, "commune"), ==, "xã Bát Tràng");
  g_assert_cmpstr (gb_record_get_text (a, "province"), ==, "Hà Nội");
  g_assert_null (gb_record_get_text (a, "former_address"));
  /* The 0 a spreadsheet dropped from a phone number comes back. */
  g_assert_cmpstr (gb_record_get_text (a, "phone"), ==, "0912345678");
  g_assert_cmpstr (gb_record_get_text (a, "joined_date"), ==, "2020-01-15");
  g_assert_cmpstr (gb_record_get_text (a, "status"), ==, "active");

  g_assert_cmpstr (gb_record_get_text (b, "gender"), ==, "male");
  g_assert_null (gb_record_get_text (b, "birth_date"));
  g_assert_cmpint (gb_record_get_int (b, "birth_year"), ==, 1965);
  /* An address with a district: the commune found by its word, the whole
   * text kept as the former address. */
  g_assert_cmpstr (gb_record_get_text (b, "street"), ==, "Số 5 phố Hàng Bạc");
  g_assert_cmpstr (gb_record_get_text (b, "commune"), ==, "phường Hoàn Kiếm");
  g_assert_cmpstr (gb_record_get_text (b, "province"), ==, "Hà Nội");
  g_assert_nonnull (strstr (gb_record_get_text (b, "former_address"), "quận Hoàn Kiếm"));
  /* An Excel day number: 43831 is 1 January 2020. */
  g_assert_cmpstr (gb_record_get_text (b, "joined_date"), ==, "2020-01-01");
  g_assert_cmpstr (gb_record_get_text (b, "status"), ==, "suspended");
}

static void
test_collective (Fixture *f, gconstpointer data)
{
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS,
    "Tên đơn vị|Mã số thuế|Loại hình|Người đại diện\n"
    "Công ty TNHH Gốm Minh Long|0101234567|Công ty|Lê Văn Minh\n");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_import_problem_free);
  g_autoptr(GbRecord) r = gb_import_build_row (import, 0, problems);

  if (problems->len)
    g_test_message ("%s", ((GbImportProblem *) problems->pdata[0])->message);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (gb_record_get_text (r, "kind"), ==, "collective");
  g_assert_cmpstr (gb_record_get_text (r, "org_type"), ==, "enterprise");
  g_assert_cmpstr (gb_record_get_text (r, "tax_code"), ==, "0101234567");
}

static GbImportProblem *
problem_of_row (GbImport *import, guint row)
{
  GPtrArray *problems = gb_import_get_problems (import);

  for (guint i = 0; i < problems->len; i++)
    {
      GbImportProblem *p = g_ptr_array_index (problems, i);

      if (p->row == row)
        return p;
    }
  return NULL;
}

static void
test_problems (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GbMember) stored = gb_member_new ("individual", "Phạm Văn Cường");
  g_autoptr(GbImport) import = NULL;
  GbImportProblem *p;
  gint64 import_id = 0;
  guint n = 0;

  gb_record_set_int (GB_RECORD (stored), "birth_year", 1960);
  g_assert_true (gb_store_insert (members, GB_RECORD (stored), &error));
  g_assert_no_error (error);

  import = make_import (f, GB_IMPORT_MEMBERS,
    "Họ và tên|Năm sinh|Ngày vào hội|Điện thoại|Mã số thuế\n"     /* line 1 */
    "Đỗ Thị Lan|1980|01/02/2015||\n"                              /* 2: fine */
    "|1975||0912345678|\n"                                        /* 3: no name */
    "Vũ Văn Hải|1971|31/02/2019||\n"                              /* 4: impossible date */
    "Bùi Thị Mai|1985||12ab|\n"                                   /* 5: bad phone */
    "PHAM VAN CUONG|1960|||\n"                                    /* 6: in the database */
    "Đỗ Thị Lan|1980|||\n"                                        /* 7: same as row 2 */
    "Ngô Văn Tâm|1990|||123\n"                                    /* 8: bad tax code */
    "Hoàng Văn Sơn|1950|||\n");                                   /* 9: fine */
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_import_get_n_rows (import), ==, 8);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 2);
  g_assert_cmpuint (gb_import_get_problems (import)->len, ==, 6);
  g_assert_null (problem_of_row (import, 2));
  g_assert_null (problem_of_row (import, 9));

  p = problem_of_row (import, 3);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->column, ==, "Họ và tên");
  p = problem_of_row (import, 4);
  g_assert_cmpstr (p->column, ==, "Ngày vào hội");
  g_assert_nonnull (strstr (p->message, "31/02/2019"));
  p = problem_of_row (import, 5);
  g_assert_cmpstr (p->column, ==, "Điện thoại");
  p = problem_of_row (import, 6);
  g_assert_cmpint (p->other_id, ==, gb_record_get_id (GB_RECORD (stored)));
  p = problem_of_row (import, 7);
  g_assert_cmpuint (p->other_row, ==, 2);
  g_assert_nonnull (strstr (p->message, "2"));
  p = problem_of_row (import, 8);
  g_assert_cmpstr (p->column, ==, "Mã số thuế");

  /* Everything or nothing: with problems, nothing is written. */
  g_assert_false (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM imports"), ==, 0);

  /* Or the valid rows only. */
  g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 3);
  g_assert_cmpint (count_sql (f, "SELECT n_records FROM imports"), ==, 2);
  g_assert_cmpint (gb_import_last (f->db), ==, import_id);
}

static void
test_numbers_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS,
    "Số thẻ|Họ và tên|Nghề\n"
    "HV-0010|Lý Văn Phúc|Gốm sứ\n"
    "|Mạc Thị Thu|Gốm sứ\n"
    "|Đinh Văn Quý|Dệt lụa\n");
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GbRecord) edited = NULL;
  g_autofree char *number = NULL;
  gint64 import_id = 0, crafts_before;
  guint n = 0, removed = 0;

  crafts_before = count_sql (f, "SELECT count(*) FROM crafts");
  gb_import_set_number_format (import, "HV-####");
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  /* The file as it was is kept among the backups; a shared database is
   * kept by its server's backups and by Undo, and no file is made. */
  {
    g_autoptr(GPtrArray) backups = gb_backup_list (gb_database_get_path (f->db));
    guint before_import = 0;

    for (guint i = 0; i < backups->len; i++)
      before_import += g_strcmp0 (((GbBackup *) backups->pdata[i])->reason, "before-import") == 0;
    if (gb_test_db_is_pg ())
      g_assert_cmpuint (backups->len, ==, 0);
    else
      g_assert_cmpuint (before_import, >=, 1);
  }
  number = text_sql (f, "SELECT group_concat(member_no, ',') FROM (SELECT member_no FROM members ORDER BY member_no) s");
  g_assert_cmpstr (number, ==, "HV-0010,HV-0011,HV-0012");
  /* "Dệt lụa" was new, unless the database already knew it. */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts"), >=, crafts_before);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE craft_id IS NULL"), ==, 0);

  /* Undo takes back exactly what the import made. */
  g_assert_true (gb_import_undo (f->db, import_id, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts"), ==, crafts_before);
  g_assert_cmpint (gb_import_last (f->db), ==, 0);
  g_assert_false (gb_import_undo (f->db, import_id, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_clear_error (&error);

  /* Once staff have changed an imported record, undo would lose work. */
  {
    g_autoptr(GbImport) again = make_import (f, GB_IMPORT_MEMBERS, "Họ và tên\nLý Văn Phúc\nMạc Thị Thu\n");

    g_assert_true (gb_import_run (again, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
    g_assert_no_error (error);
  }
  edited = gb_store_get (members, count_sql (f, "SELECT min(id) FROM members"), &error);
  g_assert_no_error (error);
  gb_record_set_text (edited, "notes", "Đã gọi điện");
  g_assert_true (gb_store_update (members, edited, &error));
  g_assert_false (gb_import_undo (f->db, import_id, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 2);
  g_clear_error (&error);

  /* An imported craft that staff gave a member as another craft, or an
   * imported member given another craft: undo would break or lose it. */
  {
    g_autoptr(GbImport) third = make_import (f, GB_IMPORT_MEMBERS, "Họ và tên|Nghề\nPhan Văn Đạt|Đan lưới\n");
    g_autoptr(GbStore) other = gb_store_new (f->db, GB_TYPE_MEMBER_CRAFT);
    g_autoptr(GbRecord) mc = g_object_new (GB_TYPE_MEMBER_CRAFT, NULL);
    gint64 craft = 0;

    g_assert_true (gb_import_run (third, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
    g_assert_no_error (error);
    craft = count_sql (f, "SELECT id FROM crafts WHERE name = 'Đan lưới'");
    g_assert_cmpint (craft, >, 0);

    /* The imported member given another craft since: refused. */
    gb_record_set_int (mc, "member_id", count_sql (f, "SELECT max(id) FROM members"));
    gb_record_set_int (mc, "craft_id", count_sql (f, "SELECT min(id) FROM crafts"));
    g_assert_true (gb_store_insert (other, mc, &error));
    g_assert_false (gb_import_undo (f->db, import_id, NULL, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (gb_store_delete (other, gb_record_get_id (mc), &error));

    /* The imported craft given to another member: the member goes, the
     * craft stays (no constraint error). */
    gb_record_set_id (mc, 0);
    gb_record_set_int (mc, "member_id", count_sql (f, "SELECT min(id) FROM members"));
    gb_record_set_int (mc, "craft_id", craft);
    g_assert_true (gb_store_insert (other, mc, &error));
    g_assert_true (gb_import_undo (f->db, import_id, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE name = 'Phan Văn Đạt'"), ==, 0);
    g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts WHERE name = 'Đan lưới'"), ==, 1);
  }
}

static void
test_artisans (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbImport) members = make_import (f, GB_IMPORT_MEMBERS, "Số hội viên|Họ và tên\nHV-0001|Nguyễn Văn Khải\n");
  g_autoptr(GbImport) import = NULL;
  gint64 import_id;
  guint n;

  g_assert_true (gb_import_run (members, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  import = make_import (f, GB_IMPORT_ARTISANS,
    "Họ và tên|Ngày sinh|Nghề|Danh hiệu|Số quyết định|Ngày quyết định|Mã hội viên|Thâm niên\n"
    "Nguyễn Văn Khải|12/08/1950|Chạm bạc|Nghệ nhân Ưu tú|123/QĐ-CTN|15/11/2019|HV-0001|50 năm\n"
    "Lê Thị Hoa|1962|Chạm bạc|||||30\n"
    "Trịnh Văn Lộc|1958||Danh hiệu lạ|||HV-9999|\n");
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 2);
  g_assert_nonnull (problem_of_row (import, 4));
  g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (count_sql (f, "SELECT birth_year FROM artisans WHERE name = 'Nguyễn Văn Khải'"), ==, 1950);
  g_assert_cmpint (count_sql (f, "SELECT years_in_craft FROM artisans WHERE name = 'Nguyễn Văn Khải'"), ==, 50);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM artisans a JOIN members m ON m.id = a.member_id"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM titles WHERE kind = 'meritorious' AND decision_no = '123/QĐ-CTN'"
                                 " AND decision_date = '2019-11-15'"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(DISTINCT craft_id) FROM artisans"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts WHERE name = 'Chạm bạc'"), ==, 1);
}

static void
test_events (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbImport) members = make_import (f, GB_IMPORT_MEMBERS,
    "Số hội viên|Họ và tên\nHV-0001|Nguyễn Văn An\nHV-0002|Nguyễn Văn An\nHV-0003|Trần Thị Bích\n");
  g_autoptr(GbImport) import = NULL;
  GbImportProblem *p;
  gint64 import_id;
  guint n;

  g_assert_true (gb_import_run (members, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  import = make_import (f, GB_IMPORT_EVENTS,
    "Tên sự kiện|Loại|Ngày|Người tham gia\n"
    "Hội nghị tổng kết 2025|Hội nghị|10/01/2026|HV-0001; trần thị bích\n"
    "Hội thi gốm|Hội thi|2026-03-02|12\n"
    "Tham quan Bát Tràng|Tham quan|05.04.2026|Nguyễn Văn An\n"
    "Hội nghị tổng kết 2025|Hội nghị|10/01/2026|\n");
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  for (guint i = 0; i < gb_import_get_problems (import)->len; i++)
    g_test_message ("%u: %s", ((GbImportProblem *) gb_import_get_problems (import)->pdata[i])->row,
                    ((GbImportProblem *) gb_import_get_problems (import)->pdata[i])->message);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 2);
  p = problem_of_row (import, 4);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "Nguyễn Văn An"));
  g_assert_cmpstr (p->column, ==, "Người tham gia");
  p = problem_of_row (import, 5);
  g_assert_cmpuint (p->other_row, ==, 2);
  g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM participants"), ==, 2);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM events WHERE kind = 'contest' AND start_date = '2026-03-02'"), ==, 1);
  g_assert_true (gb_import_undo (f->db, import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM participants"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 3);
}

static void
cancel_at_half (guint done, guint total, gpointer data)
{
  if (done >= total / 2 && done < total)
    g_cancellable_cancel (data);
}

static void
cancel_once_started (guint done, guint total, gpointer data)
{
  if (done > 0 && done < total)
    g_cancellable_cancel (data);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Họ và tên|Năm sinh\n");
  g_autoptr(GbImport) import = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 import_id = 0;
  guint n = 0;

  g_autofree char *schema = schema_names (f);
  g_autofree char *schema_now = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "Người Số %u|%u\n", i, 1940 + i % 60);
  import = make_import (f, GB_IMPORT_MEMBERS, text->str);
  schema_now = schema_names (f);
  g_assert_cmpstr (schema_now, ==, schema);
  g_clear_pointer (&schema_now, g_free);
  g_assert_false (gb_import_run (import, FALSE, cancel_at_half, cancellable, cancellable, &import_id, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The indexes and the trigger set aside for the rows are back. */
  schema_now = schema_names (f);
  g_assert_cmpstr (schema_now, ==, schema);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM imports"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log"), ==, 0);

  /* Cancelled while the rows are built on four threads: nothing found,
   * nothing kept, and the next check finds everything. */
  g_clear_error (&error);
  g_cancellable_reset (cancellable);
  gb_import_set_max_threads (import, 4);
  g_assert_false (gb_import_check (import, cancel_once_started, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 0);
  g_assert_cmpuint (gb_import_get_problems (import)->len, ==, 0);
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 5000);
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5000);
}

static GbDatabase *
new_database (Fixture *f, const char *name)
{
  return gb_test_db_open (f->dir, name);
}

static void
assert_same_folders (const char *a, const char *b)
{
  g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
  const char *name;
  guint files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      g_autofree char *ca = NULL, *cb = NULL;
      gsize la, lb;

      g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
      g_assert_true (g_file_get_contents (pb, &cb, &lb, NULL));
      if (la != lb || memcmp (ca, cb, la) != 0)
        g_error ("%s differs after the round trip", name);
      files++;
    }
  g_assert_cmpuint (files, >, 20);
}

/* Everything out, into a new database, out again: the same files. */
static void
test_dump_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) copy = NULL;
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GbMember) tricky = gb_member_new ("individual", "Ông \"Đồ\" Nghệ, \\N");
  g_autofree char *a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b", NULL);
  g_autofree char *csv = NULL;
  struct stat st;
  guint rows_a = 0, rows_b = 0, rows_read = 0;

  g_assert_true (gb_demo_fill (f->db, &error));
  g_assert_no_error (error);
  /* Quotes, a comma, a backslash, "\N" as text, a line break, and an
   * empty text beside NULLs. */
  gb_record_set_text (GB_RECORD (tricky), "notes", "\\N\ndòng hai\r\n\"ba\"");
  g_assert_true (gb_store_insert (members, GB_RECORD (tricky), &error));
  g_assert_no_error (error);
  gb_test_sql_exec (f->db, gb_test_db_is_pg ()
                           ? "UPDATE association SET logo = '\\x89504e470d0a1a0a0001ff' WHERE id = 1"
                           : "UPDATE association SET logo = x'89504e470d0a1a0a0001ff' WHERE id = 1");
  /* Two remembered headings whose order differs between bytes and a
   * Vietnamese collation: a folder's rows are in the bytes' order. */
  gb_test_sql_exec (f->db, "INSERT INTO import_mappings (kind, heading, target) VALUES"
                           " ('members', 'Đơn vị', 'notes'), ('members', 'Email', 'email')");

  g_assert_true (gb_dump_write (f->db, a, NULL, &rows_a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows_a, >, 500);
  g_assert_cmpint (g_stat (a, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  {
    g_autofree char *p = g_build_filename (a, "members.csv", NULL);

    g_assert_cmpint (g_stat (p, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_true (g_file_get_contents (p, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "\"\\\\N\ndòng hai\r\n\"\"ba\"\"\""));
  }
  /* Not into a folder that holds files. */
  g_assert_false (gb_dump_write (f->db, a, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  /* Not into a database that holds records. */
  g_assert_false (gb_dump_read (f->db, a, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_EMPTY);
  g_clear_error (&error);

  copy = new_database (f, "copy.db");
  g_assert_true (gb_dump_read (copy, a, NULL, &rows_read, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows_read, ==, rows_a);
  g_assert_true (gb_dump_write (copy, b, NULL, &rows_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows_b, ==, rows_a);
  assert_same_folders (a, b);
  {
    g_autoptr(GbStore) copied = gb_store_new (copy, GB_TYPE_MEMBER);
    g_autoptr(GbRecord) back = gb_store_get (copied, gb_record_get_id (GB_RECORD (tricky)), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (gb_record_get_name (back), ==, "Ông \"Đồ\" Nghệ, \\N");
    g_assert_cmpstr (gb_record_get_text (back, "notes"), ==, "\\N\ndòng hai\r\n\"ba\"");
    g_assert_null (gb_record_get_text (back, "email"));
  }
  g_assert_true (gb_database_check (copy, NULL, &error));
  g_assert_no_error (error);

  /* The engines read each other's folders and write the same files: on
   * the PostgreSQL run, the server's folder into a file, out again, and
   * that into another server database, out again. */
  if (gb_test_db_is_pg ())
    {
      g_autofree char *file_path = g_build_filename (f->dir, "file.db", NULL);
      g_autofree char *c = g_build_filename (f->dir, "c", NULL);
      g_autofree char *d = g_build_filename (f->dir, "d", NULL);
      g_autoptr(GbDatabase) file = gb_database_open (file_path, GB_DATABASE_CREATE, &error);
      g_autoptr(GbDatabase) server = NULL;

      g_assert_no_error (error);
      g_assert_true (gb_dump_read (file, a, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (gb_dump_write (file, c, NULL, NULL, &error));
      g_assert_no_error (error);
      assert_same_folders (a, c);
      /* A server database sorting texts the Vietnamese way. */
      {
        g_autofree char *base = gb_test_pg_base ();
        g_autofree char *conninfo = g_strdup_printf ("%s dbname=dump_vi", base);

        g_free (gb_test_pg_query ("guildbook", NULL,
                                  "CREATE DATABASE dump_vi TEMPLATE template0 ENCODING 'UTF8'"
                                  " LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'vi'", NULL));
        server = gb_database_open (conninfo, GB_DATABASE_CREATE, &error);
        g_assert_no_error (error);
      }
      g_assert_true (gb_dump_read (server, c, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (gb_dump_write (server, d, NULL, NULL, &error));
      g_assert_no_error (error);
      assert_same_folders (a, d);
      /* The next member gets the next id, not one the folder brought. */
      {
        g_autoptr(GbStore) server_members = gb_store_new (server, GB_TYPE_MEMBER);
        g_autoptr(GbMember) next = gb_member_new ("individual", "Hội Viên Mới");

        g_assert_true (gb_store_insert (server_members, GB_RECORD (next), &error));
        g_assert_no_error (error);
        g_assert_cmpint (gb_record_get_id (GB_RECORD (next)), ==,
                         gb_test_sql_int (server, "SELECT max(id) FROM members"));
        g_assert_cmpint (gb_record_get_id (GB_RECORD (next)), >, gb_record_get_id (GB_RECORD (tricky)));
      }
    }
}

/* A damaged folder changes nothing. */
static void
test_dump_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) copy = NULL;
  g_autofree char *a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *members = g_build_filename (a, "members.csv", NULL);
  g_autofree char *text = NULL;
  char *cut;

  g_assert_true (gb_demo_fill (f->db, &error));
  g_assert_true (gb_dump_write (f->db, a, NULL, NULL, &error));
  g_assert_no_error (error);
  copy = new_database (f, "copy.db");

  /* A row lost from the members: the manifest's count says so. */
  g_assert_true (g_file_get_contents (members, &text, NULL, NULL));
  cut = strstr (text, "\r\n");
  cut = strstr (cut + 2, "\r\n");
  g_assert_true (g_file_set_contents (members, text, cut - text + 2, NULL));
  g_assert_false (gb_dump_read (copy, a, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "members.csv"));
  g_clear_error (&error);
  /* The seeded association row is still there: the transaction rolled back. */
  g_assert_cmpint (gb_test_sql_int (copy, "SELECT count(*) FROM association"), ==, 1);

  /* Not a dump at all. */
  g_assert_false (gb_dump_read (copy, f->dir, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_clear_error (&error);

  /* Dues of a member no file holds: said in the same words on both
   * engines (PostgreSQL finds it as its keys are checked), nothing read. */
  {
    g_autofree char *b = g_build_filename (f->dir, "b", NULL);
    g_autofree char *dues = g_build_filename (b, "dues.csv", NULL);
    g_autofree char *csv = NULL;
    char *row;

    g_assert_true (gb_dump_write (f->db, b, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (dues, &csv, NULL, NULL));
    row = strstr (csv, "\r\n\"1\",\"1\",");
    g_assert_nonnull (row);
    {
      g_autofree char *head = g_strndup (csv, row - csv);
      g_autofree char *edited = g_strconcat (head, "\r\n\"1\",\"999999\",", row + strlen ("\r\n\"1\",\"1\","), NULL);

      g_assert_true (g_file_set_contents (dues, edited, -1, NULL));
    }
    g_assert_false (gb_dump_read (copy, b, NULL, NULL, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "not there"));
    g_assert_cmpint (gb_test_sql_int (copy, "SELECT count(*) FROM members"), ==, 0);
  }
}

/* A workbook typed in the .VnTime font: the sheet chosen by name, the
 * text converted, a row shown before and after. */
static void
test_read_workbook (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "nghe-nhan.xlsx", NULL);
  const char *names[] = { "Nguyễn Văn Khải", "Đặng Thị Ước" };
  lxw_workbook *book = workbook_new (path);
  lxw_worksheet *first = workbook_add_worksheet (book, "Ghi chú");
  lxw_worksheet *sheet = workbook_add_worksheet (book, "Nghệ nhân");
  g_auto(GbImportFileInfo) info = { 0 };
  g_autoptr(GbTable) table = NULL;

  worksheet_write_string (first, 0, 0, "Không có gì", NULL);
  worksheet_write_string (sheet, 0, 0, "Hä vµ tªn", NULL);      /* "Họ và tên" in TCVN3, as Excel keeps it */
  worksheet_write_string (sheet, 0, 1, "N¨m sinh", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize len;
      g_autofree char *bytes = g_convert (names[i], -1, "TCVN5712-1", "UTF-8", NULL, &len, NULL);
      g_autofree char *shown = g_convert (bytes, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);

      worksheet_write_string (sheet, i + 1, 0, shown, NULL);
      worksheet_write_number (sheet, i + 1, 1, 1950 + i, NULL);
    }
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);

  table = gb_import_read_file (path, "nghệ nhân", -1, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (info.is_xlsx);
  g_assert_cmpuint (g_strv_length (info.sheets), ==, 2);
  g_assert_cmpuint (info.sheet, ==, 1);
  g_assert_cmpint (info.encoding, ==, GB_LEGACY_TCVN3);
  g_assert_cmpstr (gb_table_get_cell (table, 0, 0), ==, "Họ và tên");
  g_assert_cmpstr (gb_table_get_cell (table, 1, 0), ==, "Nguyễn Văn Khải");
  g_assert_cmpstr (gb_table_get_cell (table, 2, 0), ==, "Đặng Thị Ước");
  g_assert_cmpstr (gb_table_get_cell (table, 2, 1), ==, "1951");
  g_assert_cmpstr (info.after, ==, "Nguyễn Văn Khải | 1950");
  g_assert_nonnull (info.before);
  g_assert_true (g_str_has_prefix (info.before, "Nguy"));
  g_clear_pointer (&table, gb_table_free);
  gb_import_file_info_clear (&info);

  /* Read as it is, when staff say the text is Unicode. */
  table = gb_import_read_file (path, "Nghệ nhân", GB_LEGACY_UNICODE, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gb_table_get_cell (table, 0, 0), ==, "Hä vµ tªn");
  g_assert_null (info.before);
  g_clear_pointer (&table, gb_table_free);
  gb_import_file_info_clear (&info);

  g_assert_null (gb_import_read_file (path, "Hội viên", -1, &info, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nghệ nhân"));
}

/* An import made before imports had their own line in the log: its
 * records each have an "insert" line, and changes are counted from it. */
static void
test_undo_older (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GbRecord) changed = g_object_new (GB_TYPE_MEMBER, NULL);
  g_autoptr(GbRecord) untouched = g_object_new (GB_TYPE_MEMBER, NULL);
  g_autofree char *sql = NULL;
  guint removed = 0;

  for (guint i = 0; i < 2; i++)
    {
      GbRecord *r = i == 0 ? changed : untouched;

      gb_record_set_text (r, "kind", "individual");
      gb_record_set_text (r, "member_no", i == 0 ? "C-1" : "C-2");
      gb_record_set_text (r, "name", i == 0 ? "Vũ Văn Cũ" : "Vũ Thị Cũ");
      gb_record_set_text (r, "status", "active");
      g_assert_true (gb_store_insert (members, r, &error));
      g_assert_no_error (error);
      sql = g_strdup_printf ("INSERT INTO imports (id, kind, file_name, n_records) VALUES (%u, 'members', 'cu.csv', 1);"
                             " INSERT INTO import_records VALUES (%u, 'members', %" G_GINT64_FORMAT ");",
                             50 + i, 50 + i, gb_record_get_id (r));
      g_assert_true (gb_database_exec (f->db, sql, &error));
      g_clear_pointer (&sql, g_free);
    }
  gb_record_set_text (changed, "notes", "Đã sửa");
  g_assert_true (gb_store_update (members, changed, &error));
  g_assert_false (gb_import_undo (f->db, 50, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gb_import_undo (f->db, 51, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 1);
}

/* What a review found: ids reused after an undo, marks that make another
 * craft or person, zeros a spreadsheet dropped, blank rows of a form
 * printed ahead, a craft in the bin. */
static void
test_office_files (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) crafts = gb_store_new (f->db, GB_TYPE_CRAFT);
  g_autoptr(GbRecord) stone = g_object_new (GB_TYPE_CRAFT, NULL);
  g_autoptr(GbRecord) binned = g_object_new (GB_TYPE_CRAFT, NULL);
  gint64 import_id;
  guint n;

  gb_record_set_text (stone, "name", "Đá");
  g_assert_true (gb_store_insert (crafts, stone, &error));
  gb_record_set_text (binned, "name", "Mây tre");
  g_assert_true (gb_store_insert (crafts, binned, &error));
  g_assert_true (gb_store_delete (crafts, gb_record_get_id (binned), &error));
  g_assert_no_error (error);

  /* Imported, undone, imported again: the ids come back, the undo works. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS,
        "STT|Họ và tên|Năm sinh|Số CCCD|Nghề\n"
        "1|Lê Thị Hà|1960|31234567890|Da\n"           /* leather, not stone; a CCCD that lost its 0 */
        "2|Lê Thị Hạ|1960||Mây tre\n"                  /* another woman; a craft from the bin */
        "3|||\n"                                        /* a row printed ahead, left blank */
        "4|LE THI HA|1960||\n");                        /* typed without marks: row 2's Hà */
      g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (gb_import_get_n_blank (import), ==, 1);
      g_assert_cmpuint (gb_import_get_n_valid (import), ==, 2);
      g_assert_cmpuint (problem_of_row (import, 5)->other_row, ==, 2);
      g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE id_number = '031234567890'"), ==, 1);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts WHERE name = 'Da'"), ==, 1);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members m JOIN crafts c ON c.id = m.craft_id"
                                     " WHERE c.name = 'Mây tre' AND c.deleted_at IS NULL"), ==, 1);
      /* The ids come back in the second round: the history tells only
       * the import that made the record, not the one undone. */
      {
        g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
        g_autoptr(GPtrArray) history = gb_store_history (members, count_sql (f, "SELECT min(id) FROM members"), &error);

        g_assert_no_error (error);
        g_assert_cmpuint (history->len, ==, 1);
        g_assert_cmpstr (((GbHistoryEntry *) history->pdata[0])->action, ==, "import");
      }
      g_assert_true (gb_import_undo (f->db, import_id, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
      /* The undo is one line of the log too. */
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log WHERE table_name = 'imports' AND action = 'update'"
                                     " AND field = 'undone_at' AND new_value IS NOT NULL"), ==, round + 1);
    }
}

/* A large file goes in with the indexes and the insert trigger set aside:
 * afterwards they are all there again, the status history has its rows,
 * and the file is intact. */
static void
test_large (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Số hội viên|Họ và tên|Ngày vào hội\n");
  g_autoptr(GbImport) import = NULL;
  g_autofree char *schema_before = NULL, *schema_after = NULL;
  gint64 import_id;
  guint n;

  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "L-%05u|Người Thứ %u|0%u/03/2021\n", i, i, 1 + i % 9);
  schema_before = schema_names (f);
  import = make_import (f, GB_IMPORT_MEMBERS, text->str);
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 12000);
  schema_after = schema_names (f);
  g_assert_cmpstr (schema_after, ==, schema_before);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM member_status_history h JOIN members m ON m.id = h.member_id"
                                 " WHERE h.since = m.joined_date AND h.status = 'active'"), ==, 12000);
  assert_sound (f);
  /* The indexes answer again: a member found by its sort key's index. */
  g_assert_cmpint (count_browse (f), ==, 12000);
  /* The trigger is back: a member added by hand gets its history row. */
  g_assert_true (gb_database_exec (f->db, "INSERT INTO members (kind, member_no, name, status) VALUES"
                                          " ('individual', 'X-1', 'Tay Nhập', 'active')", &error));
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM member_status_history"), ==, 12001);

  /* Fewer rows than half the table holds: they go in with the indexes and
   * the trigger in place, and end the same way. */
  g_string_assign (text, "Số hội viên|Họ và tên|Ngày vào hội\n");
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "M-%05u|Người Mới %u|1%u/04/2022\n", i, i, i % 9);
  g_clear_pointer (&import, gb_import_free);
  import = make_import (f, GB_IMPORT_MEMBERS, text->str);
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5000);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM member_status_history h JOIN members m ON m.id = h.member_id"
                                 " WHERE m.member_no LIKE 'M-%' AND h.since = m.joined_date"), ==, 5000);
  assert_sound (f);
  g_assert_cmpint (count_browse (f), ==, 17001);
  /* One line of the log for the import; its records are its own. */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log WHERE table_name = 'members'"
                                 " AND record_id IN (SELECT id FROM members WHERE member_no LIKE 'M-%')"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log a JOIN imports i ON a.table_name = 'imports'"
                                 " AND a.record_id = i.id AND a.action = 'insert' AND a.new_value = 'hoi-vien.csv'"
                                 " AND i.n_records = 5000"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM import_records r JOIN members m ON r.table_name = 'members'"
                                 " AND r.record_id = m.id WHERE m.member_no LIKE 'M-%'"), ==, 5000);
}

/* Past a few thousand rows the check builds them on several threads; what
 * it finds must be what one thread would: problems in row order, a
 * duplicate of a row in another thread's part named, blank rows left out.
 * Then the rows go in batches, numbered in the file's order. */
static void
parts (Fixture *f, gboolean while_writing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("STT|Họ và tên|Năm sinh|Ngày vào hội|Nghề\n");
  g_autoptr(GbImport) import = NULL;
  g_autofree char *first = NULL, *last = NULL;
  g_auto(GStrv) crafts = NULL;
  GPtrArray *problems;
  gint64 import_id;
  guint n;

  /* Lines 2 to 9001: row i on line i + 2. Four threads, 2,250 rows each,
   * whatever the machine: something to find in every part. */
  for (guint i = 0; i < 9000; i++)
    {
      if (i == 100)         /* line 102: two bad cells */
        g_string_append (text, "101|Người Hai Lỗi|19x5|31/02/2020|Gốm\n");
      else if (i == 3000 || i == 8500)   /* lines 3002, 8502: no such date */
        g_string_append_printf (text, "%u|Người Ngày Sai|1960|30/02/2020|Gốm\n", i + 1);
      else if (i == 5000)   /* line 5002: the same person as line 12, in the first part */
        g_string_append (text, "5001|Người Thứ Mười|1960|01/01/2020|Gốm\n");
      else if (i == 7000)   /* line 7002: the same as line 4602, in the third part */
        g_string_append (text, "7001|Người Thứ 4600|1950|01/01/2020|Gốm\n");
      else if (i == 2000 || i == 8000)
        g_string_append_printf (text, "%u||||\n", i + 1);   /* a blank line of a printed form */
      else
        {
          g_autofree char *who = i == 10 ? g_strdup ("Mười") : g_strdup_printf ("%u", i);

          g_string_append_printf (text, "%u|Người Thứ %s|%u|0%u/03/2021|%s\n", i + 1, who,
                                  1950 + i % 50, 1 + i % 9, i % 3 ? "Gốm" : "Mây tre đan");
        }
    }
  import = make_import (f, GB_IMPORT_MEMBERS, text->str);
  gb_import_set_max_threads (import, 4);
  if (while_writing)
    {
      /* Not checked first: the rows are checked while the good ones are
       * written. One row with a problem and nothing stays, not even the
       * backup made for it, but every problem is named. */
      gint64 crafts_before = count_sql (f, "SELECT count(*) FROM crafts");
      g_autoptr(GPtrArray) backups = gb_backup_list (gb_database_get_path (f->db));
      g_autoptr(GPtrArray) backups_after = NULL;

      g_assert_false (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
      g_assert_error (error, GB_ERROR, GB_ERROR_REFUSED);
      g_clear_error (&error);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM imports"), ==, 0);
      g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts"), ==, crafts_before);
      backups_after = gb_backup_list (gb_database_get_path (f->db));
      g_assert_cmpuint (backups_after->len, ==, backups->len);
    }
  else
    {
      g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (gb_import_get_n_blank (import), ==, 2);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 8993);
  problems = gb_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 6);
  {
    const guint rows[] = { 102, 102, 3002, 5002, 7002, 8502 };
    const guint others[] = { 0, 0, 0, 12, 4602, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_assert_cmpuint (((GbImportProblem *) problems->pdata[i])->row, ==, rows[i]);
        g_assert_cmpuint (((GbImportProblem *) problems->pdata[i])->other_row, ==, others[i]);
      }
    g_assert_cmpstr (((GbImportProblem *) problems->pdata[0])->column, ==, "Năm sinh");
    g_assert_cmpstr (((GbImportProblem *) problems->pdata[1])->column, ==, "Ngày vào hội");
  }
  crafts = gb_import_get_new_crafts (import);
  g_assert_cmpuint (g_strv_length (crafts), ==, 2);

  /* When not checked first, checked again while written (the refused
   * run left nothing checked): the same problems after. */
  g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 8993);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 8993);
  g_assert_cmpuint (gb_import_get_problems (import)->len, ==, 6);
  g_assert_cmpuint (((GbImportProblem *) gb_import_get_problems (import)->pdata[4])->other_row, ==, 4602);
  /* Each record is its line's: numbered in the file's order, its craft,
   * its date, its history and its audit entry. */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 8993);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members a JOIN members b ON b.id = a.id + 1"
                                 " WHERE b.member_no <= a.member_no"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members m JOIN crafts c ON c.id = m.craft_id"
                                 " WHERE m.name LIKE 'Người Thứ %' AND m.name <> 'Người Thứ Mười'"
                                 " AND c.name = CASE WHEN CAST(substr(m.name, 11) AS INTEGER) % 3 <> 0"
                                 "   THEN 'Gốm' ELSE 'Mây tre đan' END"
                                 " AND m.birth_year = 1950 + CAST(substr(m.name, 11) AS INTEGER) % 50"
                                 " AND m.joined_date = '2021-03-0' || (1 + CAST(substr(m.name, 11) AS INTEGER) % 9)"),
                   ==, 8992);
  first = text_sql (f, "SELECT name || ' ' || member_no FROM members ORDER BY id LIMIT 1");
  last = text_sql (f, "SELECT name || ' ' || member_no FROM members ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (first, ==, "Người Thứ 0 HV-0001");
  g_assert_cmpstr (last, ==, "Người Thứ 8999 HV-8993");
  /* The number given by the import is searchable like a typed one. */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"
                                 " WHERE instr(search_key, ' ' || lower(replace(member_no, '-', ' ')) || ' ') = 1"), ==, 8993);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM member_status_history h JOIN members m ON m.id = h.member_id"
                                 " AND h.since = m.joined_date"), ==, 8993);
  /* The log: each new craft, and one line for the import, which each
   * record's history shows. */
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log WHERE table_name = 'members'"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log WHERE table_name = 'imports'"
                                 " AND new_value = 'hoi-vien.csv'"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM audit_log WHERE table_name = 'crafts'"), ==, 2);
  {
    g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
    g_autoptr(GPtrArray) history = gb_store_history (members, count_sql (f, "SELECT max(id) FROM members"), &error);
    GbHistoryEntry *entry;

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 1);
    entry = history->pdata[0];
    g_assert_cmpstr (entry->action, ==, "import");
    g_assert_cmpstr (entry->new_value, ==, "hoi-vien.csv");
    g_assert_cmpstr (entry->os_user, ==, gb_test_db_is_pg () ? "guildbook" : g_get_user_name ());
    g_assert_nonnull (entry->at);
  }
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM import_records WHERE table_name = 'members'"), ==, 8993);
}

static void
test_parts (Fixture *f, gconstpointer data)
{
  parts (f, FALSE);
}

static void
test_parts_while_writing (Fixture *f, gconstpointer data)
{
  parts (f, TRUE);
}

/* Not checked first, refused by a row far into the file: what was written
 * before it, a new craft among it, goes again; the indexes set aside for
 * the rows are back; no backup is left. A file of headings only is
 * refused too. */
static void
test_refused_while_writing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Họ và tên|Năm sinh|Nghề\n");
  g_autoptr(GbImport) import = NULL;
  g_autoptr(GbImport) empty = NULL;
  g_autoptr(GPtrArray) backups = gb_backup_list (gb_database_get_path (f->db));
  g_autoptr(GPtrArray) backups_after = NULL;
  g_autofree char *schema_before = schema_names (f);
  g_autofree char *schema_after = NULL;
  gint64 crafts_before = count_sql (f, "SELECT count(*) FROM crafts");
  gint64 import_id = 0;
  guint n = 0;

  for (guint i = 0; i < 6000; i++)
    g_string_append_printf (text, "Người Thứ %u|%s|%s\n", i, i == 5000 ? "19x0" : "1960",
                            i == 10 ? "Nghề Mới Tinh" : "");
  import = make_import (f, GB_IMPORT_MEMBERS, text->str);
  gb_import_set_max_threads (import, 2);
  g_assert_false (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpuint (gb_import_get_problems (import)->len, ==, 1);
  g_assert_cmpuint (((GbImportProblem *) gb_import_get_problems (import)->pdata[0])->row, ==, 5002);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 5999);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM crafts"), ==, crafts_before);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM imports"), ==, 0);
  schema_after = schema_names (f);
  g_assert_cmpstr (schema_after, ==, schema_before);
  backups_after = gb_backup_list (gb_database_get_path (f->db));
  g_assert_cmpuint (backups_after->len, ==, backups->len);

  empty = make_import (f, GB_IMPORT_MEMBERS, "Họ và tên|Năm sinh\n");
  g_assert_false (gb_import_run (empty, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_REFUSED);
  g_clear_pointer (&backups_after, g_ptr_array_unref);
  backups_after = gb_backup_list (gb_database_get_path (f->db));
  g_assert_cmpuint (backups_after->len, ==, backups->len);
}

/* Artisans and events go in batches too, checked on several threads, and
 * each title and participant must reach its record. */
static void
test_titles_in_batches (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Họ và tên|Năm sinh|Danh hiệu|Số quyết định|Ngày quyết định\n");
  g_autoptr(GbImport) import = NULL;
  gint64 import_id;
  guint n;

  for (guint i = 0; i < 700; i++)
    {
      if (i % 7 == 3)
        g_string_append_printf (text, "Nghệ Nhân %u|%u|||\n", i, 1940 + i % 40);
      else
        g_string_append_printf (text, "Nghệ Nhân %u|%u|Nghệ nhân Ưu tú|%u/QĐ-CTN|15/11/2019\n", i, 1940 + i % 40, i);
    }
  import = make_import (f, GB_IMPORT_ARTISANS, text->str);
  gb_import_set_max_threads (import, 3);
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 700);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM titles"), ==, 600);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM titles t JOIN artisans a ON a.id = t.artisan_id"
                                 " WHERE t.decision_no = substr(a.name, 11) || '/QĐ-CTN'"), ==, 600);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM import_records WHERE table_name = 'titles'"), ==, 600);
  g_assert_true (gb_import_undo (f->db, import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM titles"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM artisans"), ==, 0);

  /* And each event its participants. */
  g_string_assign (text, "Số hội viên|Họ và tên\n");
  for (guint i = 0; i < 601; i++)
    g_string_append_printf (text, "HV-%04u|Hội Viên Số %u\n", i, i);
  g_clear_pointer (&import, gb_import_free);
  import = make_import (f, GB_IMPORT_MEMBERS, text->str);
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_string_assign (text, "Tên sự kiện|Ngày|Người tham gia\n");
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (text, "Buổi họp %u|%02u/01/2026|HV-%04u; HV-%04u\n", i, 1 + i % 28, i, i + 1);
  g_clear_pointer (&import, gb_import_free);
  import = make_import (f, GB_IMPORT_EVENTS, text->str);
  gb_import_set_max_threads (import, 3);
  g_assert_true (gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 600);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM participants"), ==, 1200);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM participants p JOIN events e ON e.id = p.event_id"
                                 " JOIN members m ON m.id = p.member_id"
                                 " WHERE CAST(substr(m.member_no, 4) AS INTEGER) - CAST(substr(e.title, 10) AS INTEGER)"
                                 "   IN (0, 1)"), ==, 1200);
}

/* A list printed for the authorities: a title, headings over two rows
 * (merged cells: "Năm sinh" over "Nam" and "Nữ", "Địa chỉ" over "Thôn"
 * and "Xã"), then the columns' numbers, then the people. */
static void
test_two_row_headings (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS,
    "DANH SÁCH HỘI VIÊN NĂM 2026||||||\n"
    "STT|Họ và tên|Năm sinh||Địa chỉ||Nghề\n"
    "||Nam|Nữ|Thôn|Xã|\n"
    "(1)|(2)|(3)|(4)|(5)|(6)|(7)\n"
    "1|Nguyễn Văn An|1960||Thôn Đông|xã Vĩnh Bảo|Gốm\n"          /* line 5 */
    "2|Trần Thị Bình||12/05/1965|Xóm 3|xã Tiên Lãng|Gốm\n"        /* line 6 */
    "3|Lê Văn Cường|1970|1971|||Gốm\n");                           /* line 7: both */
  const char *headings[] = { "STT", "Họ và tên", "Năm sinh / Nam", "Năm sinh / Nữ", "Địa chỉ / Thôn",
                             "Địa chỉ / Xã", "Nghề" };
  const char *targets[] = { NULL, "name", "birth_man", "birth_woman", "street", "commune", "craft" };
  GbImportProblem *p;
  gint64 import_id;
  guint n;

  g_assert_cmpuint (gb_import_get_n_columns (import), ==, 7);
  for (guint c = 0; c < 7; c++)
    {
      g_assert_cmpstr (gb_import_get_heading (import, c), ==, headings[c]);
      g_assert_cmpstr (gb_import_get_mapping (import, c), ==, targets[c]);
    }
  /* The numbers' row is not a person. */
  g_assert_cmpuint (gb_import_get_n_rows (import), ==, 3);
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 2);
  p = problem_of_row (import, 7);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->column, ==, "Năm sinh / Nữ");
  g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE name = 'Nguyễn Văn An' AND gender = 'male'"
                                 " AND birth_year = 1960 AND street = 'Thôn Đông' AND commune = 'xã Vĩnh Bảo'"), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE name = 'Trần Thị Bình' AND gender = 'female'"
                                 " AND birth_date = '1965-05-12' AND street = 'Xóm 3' AND commune = 'xã Tiên Lãng'"), ==, 1);

  /* A gender column after the two says otherwise: the row's problem. */
  g_clear_pointer (&import, gb_import_free);
  import = make_import (f, GB_IMPORT_MEMBERS,
    "Họ và tên|Năm sinh||Giới tính\n"
    "|Nam|Nữ|\n"
    "Đỗ Văn Tư|1958||Nữ\n"        /* line 3 */
    "Đỗ Thị Năm||1959|Nữ\n");     /* line 4: agrees */
  g_assert_cmpstr (gb_import_get_mapping (import, 3), ==, "gender");
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 1);
  p = problem_of_row (import, 3);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->column, ==, "Năm sinh / Nam");
}

/* A row of a list is not taken for headings or numbers: one starting with
 * its number, a single row of numbers too short to be the columns'. */
static void
test_not_headings (Fixture *f, gconstpointer data)
{
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_MEMBERS,
    "STT|Họ và tên|Giới tính|Xã\n"
    "1|Nguyễn Văn An|Nam|xã Vĩnh Bảo\n"
    "2|Trần Thị Bình|Nữ|xã Tiên Lãng\n");
  g_autoptr(GbImport) numbers = make_import (f, GB_IMPORT_MEMBERS,
    "Họ và tên|Năm sinh\n"
    "1|2\n");
  /* An unnamed column: a person's row whose other cells read like
   * headings ("Nam", "Thôn") is still a person. */
  g_autoptr(GbImport) unnamed = make_import (f, GB_IMPORT_MEMBERS,
    "Họ và tên|Năm sinh||Xã\n"
    "Phạm Văn Hùng|Nam|Thôn|Xã\n"
    "Vũ Thị Lan|1970||xã Kiến Thụy\n");

  g_assert_cmpuint (gb_import_get_n_rows (unnamed), ==, 2);
  g_assert_cmpstr (gb_import_get_heading (unnamed, 2), ==, "");
  g_assert_cmpuint (gb_import_get_n_rows (import), ==, 2);
  g_assert_cmpstr (gb_import_get_heading (import, 2), ==, "Giới tính");
  g_assert_cmpstr (gb_import_get_mapping (import, 2), ==, "gender");
  g_assert_cmpuint (gb_import_get_n_rows (numbers), ==, 1);
}

/* Staff may keep rows that are only alike to a record (same name and
 * year), as a form keeps both; the same tax code is never two members. */
static void
test_keep_likely (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GbMember) person = gb_member_new ("individual", "Phạm Văn Cường");
  g_autoptr(GbMember) company = gb_member_new ("collective", "Công ty Gốm Cũ");
  g_autoptr(GbImport) import = NULL;
  GPtrArray *problems;
  gint64 import_id;
  guint n;

  gb_record_set_int (GB_RECORD (person), "birth_year", 1960);
  g_assert_true (gb_store_insert (members, GB_RECORD (person), &error));
  gb_record_set_text (GB_RECORD (company), "tax_code", "0101234567");
  g_assert_true (gb_store_insert (members, GB_RECORD (company), &error));
  g_assert_no_error (error);

  import = make_import (f, GB_IMPORT_MEMBERS,
    "Họ và tên|Năm sinh|Mã số thuế\n"
    "Phạm Văn Cường|1960|\n"                 /* 2: like the stored one */
    "Phạm Văn Cường|1960|\n"                 /* 3: like row 2 */
    "Công ty Gốm Sứ Mới||0101234567\n");     /* 4: the stored company's tax code */
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  problems = gb_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_true (((GbImportProblem *) problems->pdata[0])->likely);
  g_assert_cmpint (((GbImportProblem *) problems->pdata[0])->other_id, ==, gb_record_get_id (GB_RECORD (person)));
  g_assert_false (((GbImportProblem *) problems->pdata[2])->likely);
  g_assert_cmpuint (((GbImportProblem *) problems->pdata[2])->row, ==, 4);
  /* Row 3 is like the stored one too. */
  g_assert_true (((GbImportProblem *) problems->pdata[1])->likely);

  gb_import_set_keep_likely (import, TRUE);
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((GbImportProblem *) problems->pdata[0])->row, ==, 4);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 2);
  g_assert_true (gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE name = 'Phạm Văn Cường' AND birth_year = 1960"),
                   ==, 3);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members WHERE tax_code = '0101234567'"), ==, 1);

  /* An organization is one by its name alone: not only alike. */
  g_clear_pointer (&import, gb_import_free);
  import = make_import (f, GB_IMPORT_MEMBERS, "Tên đơn vị|Loại\nCông ty Gốm Cũ|Tập thể\n");
  gb_import_set_keep_likely (import, TRUE);
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  problems = gb_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_false (((GbImportProblem *) problems->pdata[0])->likely);
  g_assert_cmpint (((GbImportProblem *) problems->pdata[0])->other_id, ==, gb_record_get_id (GB_RECORD (company)));
}

/* ---- Hostile files (issue 20) ---- */

/* @bytes written as a file and read as an import of @kind, checked. */
static GbImport *
import_bytes (Fixture      *f,
              GbImportKind  kind,
              const char   *bytes,
              gssize        len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "tep.csv", NULL);
  GbImport *import;
  GbTable *table;

  g_assert_true (g_file_set_contents (path, bytes, len, NULL));
  table = gb_import_read_file (path, NULL, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  import = gb_import_new (f->db, kind, table);
  gb_import_guess_mapping (import);
  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return import;
}

/* The problems as "row|column|message" lines. */
static char *
problems_text (GbImport *import)
{
  GPtrArray *problems = gb_import_get_problems (import);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      GbImportProblem *p = problems->pdata[i];

      g_string_append_printf (s, "%u|%s|%s\n", p->row, p->column ? p->column : "", p->message);
    }
  return g_string_free (s, FALSE);
}

/* Item 3: a quote left open swallows the rows after it: a problem on its
 * row, which stops the import. */
static void
test_unbalanced_quote (Fixture *f, gconstpointer data)
{
  g_autoptr(GbImport) to_end = import_bytes (f, GB_IMPORT_ARTISANS,
                                             "Họ và tên,Năm sinh\n\"Trần Hỏng,1970\n"
                                             "Lê Văn An,1960\nPhạm Thị Bình,1965\n", -1);
  g_autoptr(GbImport) closed = import_bytes (f, GB_IMPORT_ARTISANS,
                                             "Họ và tên,Năm sinh,Làng nghề\n"
                                             "\"Trần Hỏng,1970,Bát Tràng\n"
                                             "Lê Văn An,1960,Bát Tràng\n"
                                             "Phạm Thị Bình\",1965,Đông Hồ\n"
                                             "Vũ Văn Cường,1966,Đông Hồ\n", -1);
  g_autoptr(GbImport) address = import_bytes (f, GB_IMPORT_ARTISANS,
                                              "Họ và tên,Năm sinh,Địa chỉ\n"
                                              "Trần Văn Hòa,1970,\"Thôn 2,\nxã An Lư, Hải Phòng\"\n", -1);
  g_autofree char *text = problems_text (to_end);
  g_autofree char *text2 = problems_text (closed);

  g_assert_cmpuint (gb_import_get_n_valid (to_end), ==, 0);
  g_assert_true (g_str_has_prefix (text, "2||"));
  g_assert_nonnull (strstr (text, "quote"));
  g_assert_nonnull (strstr (text, "end of the file"));

  g_assert_cmpuint (gb_import_get_n_valid (closed), ==, 1);   /* Vũ Văn Cường */
  g_assert_true (g_str_has_prefix (text2, "2||"));
  g_assert_nonnull (strstr (text2, "line 3"));

  /* A quoted address over two lines is no problem. */
  g_assert_cmpuint (gb_import_get_problems (address)->len, ==, 0);
  g_assert_cmpuint (gb_import_get_n_valid (address), ==, 1);
}

/* Item 4: headings of one row of 100,000 columns (as a table made in
 * code may hold; the readers refuse more than 500) are mapped in linear
 * time: in a child that the kernel stops after 20 s of CPU, where the
 * mapping once took minutes. */
static void
test_wide_mapping (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      const guint n = 100000;
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GbImport) import = NULL;
      GbTable *table = gb_table_new ();
      struct rlimit limit = { 20, 20 };

      for (guint i = 0; i < n - 3; i++)
        g_ptr_array_add (cells, g_strdup_printf ("Cột %u", i));
      g_ptr_array_add (cells, g_strdup ("Họ và tên"));
      g_ptr_array_add (cells, g_strdup ("Năm sinh"));
      g_ptr_array_add (cells, g_strdup ("Họ và tên"));
      gb_table_append_row (table, 1, (const char * const *) cells->pdata, cells->len);
      gb_table_append_row (table, 2, (const char * const *) cells->pdata, 1);
      g_assert_cmpint (setrlimit (RLIMIT_CPU, &limit), ==, 0);
      import = gb_import_new (f->db, GB_IMPORT_ARTISANS, table);
      g_assert_cmpuint (gb_import_get_n_columns (import), ==, n);
      gb_import_guess_mapping (import);
      g_assert_cmpstr (gb_import_get_mapping (import, n - 3), ==, "name");
      g_assert_cmpstr (gb_import_get_mapping (import, n - 2), ==, "birth_year");
      g_assert_null (gb_import_get_mapping (import, n - 1));   /* taken by the first */
      g_assert_null (gb_import_get_mapping (import, 0));
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Item 5: a problem shows at most about 80 characters of a cell (and of
 * a heading), cut with "…", whatever the cell holds. */
static void
assert_short_problems (GbImport *import,
                       guint     at_least)
{
  GPtrArray *problems = gb_import_get_problems (import);

  g_assert_cmpuint (problems->len, >=, at_least);
  for (guint i = 0; i < problems->len; i++)
    {
      GbImportProblem *p = problems->pdata[i];

      g_test_message ("row %u, %.100s: %.300s", p->row, p->column ? p->column : "", p->message);
      g_assert_cmpuint (strlen (p->message), <, 1500);
      g_assert_true (p->column == NULL || g_utf8_strlen (p->column, -1) <= 81);
    }
}

static void
test_shown_values (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_strnfill (100 * 1024, 'X');
  g_autofree char *heading = g_strconcat ("Họ và tên ", big, NULL);
  g_autofree char *artisans = g_strdup_printf (
    "%s|Giới tính|Năm sinh|Danh hiệu|Ngày quyết định|Mã hội viên|Số năm trong nghề|Số học trò\n"
    "Nguyễn Văn An|%s|%s|%s|%s|%s|%s|%s\n"
    "|Nam|1960||||\n", heading, big, big, big, big, big, big, big);
  g_autofree char *members = g_strdup_printf ("Họ và tên|Loại|Ngày vào hội|Tình trạng\n"
                                              "Nguyễn Văn An|%s|%s|%s\n", big, big, big);
  g_autofree char *events = g_strdup_printf ("Tên sự kiện|Ngày bắt đầu|Người tham gia\n"
                                             "Hội thảo|%s|%s, Lê Văn Bình\n", big, big);
  g_autoptr(GbImport) a = make_import (f, GB_IMPORT_ARTISANS, artisans);
  g_autoptr(GbImport) m = make_import (f, GB_IMPORT_MEMBERS, members);
  g_autoptr(GbImport) e = make_import (f, GB_IMPORT_EVENTS, events);
  g_autoptr(GError) error = NULL;
  GbImportProblem *p;

  g_assert_cmpstr (gb_import_get_mapping (a, 0), ==, "name");
  g_assert_true (gb_import_check (a, NULL, NULL, NULL, &error));
  g_assert_true (gb_import_check (m, NULL, NULL, NULL, &error));
  g_assert_true (gb_import_check (e, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_short_problems (a, 8);
  assert_short_problems (m, 3);
  assert_short_problems (e, 2);
  p = problem_of_row (a, 2);
  g_assert_nonnull (strstr (p->message, "XXXX…"));
  p = problem_of_row (a, 3);
  g_assert_true (g_str_has_suffix (p->column, "XXX…"));
}

/* Item 6: numbers beyond what a field holds, a negative count of years,
 * and a 0 or -0 that would be stored as "not known" are each a problem
 * that says which. */
static void
test_number_range (Fixture *f, gconstpointer data)
{
  g_autoptr(GbImport) import = make_import (f, GB_IMPORT_ARTISANS,
    "Họ và tên|Năm sinh|Số năm trong nghề|Số học trò\n"
    "Nguyễn Văn An|1960|20|99999999999999999999\n"     /* 2 */
    "Lê Văn Bình|1960|-3|5\n"                          /* 3 */
    "Trần Văn Cường|-0|10|5\n"                         /* 4 */
    "Phạm Thị Dung|1970|0|5\n"                         /* 5 */
    "Vũ Văn Em|1970|10|0\n"                            /* 6: fine */
    "Đỗ Văn Giang|1970|10|1.000.000.000\n");           /* 7 */
  g_autoptr(GError) error = NULL;
  GbImportProblem *p;

  g_assert_true (gb_import_check (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 1);
  p = problem_of_row (import, 2);
  g_assert_cmpstr (p->column, ==, "Số học trò");
  g_assert_nonnull (strstr (p->message, "too large"));
  p = problem_of_row (import, 3);
  g_assert_cmpstr (p->column, ==, "Số năm trong nghề");
  g_assert_nonnull (strstr (p->message, "negative"));
  g_assert_null (strstr (p->message, "years of life"));
  p = problem_of_row (import, 4);
  g_assert_cmpstr (p->column, ==, "Năm sinh");
  g_assert_nonnull (strstr (p->message, "not known"));
  p = problem_of_row (import, 5);
  g_assert_cmpstr (p->column, ==, "Số năm trong nghề");
  g_assert_nonnull (strstr (p->message, "not known"));
  g_assert_null (problem_of_row (import, 6));
  p = problem_of_row (import, 7);
  g_assert_nonnull (strstr (p->message, "too large"));
}

/* Item 6: a NUL byte in a row of a CSV file is its row's problem. */
static void
test_nul_row (Fixture *f, gconstpointer data)
{
  static const char csv[] = "Họ và tên,Năm sinh\nNguyễn Văn\0 An,1960\nLê Thị Bình,1965\n";
  g_autoptr(GbImport) import = import_bytes (f, GB_IMPORT_ARTISANS, csv, sizeof csv - 1);
  GbImportProblem *p = problem_of_row (import, 2);

  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "NUL"));
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 1);
}

typedef struct
{
  GThread *caller;
  gint     calls;
  gint     on_caller;
} ImportProgressSeen;

/* From the worker, as the synchronous calls report it: figures only. */
static void
import_progress (guint done, guint total, gpointer data)
{
  ImportProgressSeen *seen = data;

  g_atomic_int_inc (&seen->calls);
  if (g_thread_self () == seen->caller)
    g_atomic_int_inc (&seen->on_caller);
}

/* The import window's way: the file read, the rows checked and written,
 * and the import taken back, each on a worker thread, each answered on
 * the caller's context; cancelled before it starts, each does nothing. */
static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Họ và tên,Năm sinh\n");
  g_autofree char *csv = g_build_filename (f->dir, "hoi-vien.csv", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GbImport) import = NULL;
  g_auto(GbImportFileInfo) info = { 0 };
  GbTable *table;
  GbTestAsync async;
  ImportProgressSeen seen = { g_thread_self () };
  gint64 import_id = 0;
  guint n = 0;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "Người Số %u,%u\n", i, 1940 + i % 60);
  g_assert_true (g_file_set_contents (csv, text->str, -1, &error));
  g_cancellable_cancel (cancelled);
  gb_test_async_begin (&async);

  gb_import_read_file_async (csv, NULL, -1, cancelled, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_null (gb_import_read_file_finish (result, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  gb_import_read_file_async (csv, NULL, -1, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  table = gb_import_read_file_finish (result, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  g_assert_false (info.is_xlsx);
  g_assert_cmpint (info.delimiter, ==, ',');
  g_assert_cmpuint (gb_table_get_n_rows (table), ==, 301);
  g_assert_cmpstr (gb_table_get_cell (table, 1, 0), ==, "Người Số 0");
  g_clear_object (&result);
  import = gb_import_new (f->db, GB_IMPORT_MEMBERS, table);
  gb_import_guess_mapping (import);

  gb_import_check_async (import, import_progress, &seen, cancelled, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_false (gb_import_check_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  gb_import_check_async (import, import_progress, &seen, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_true (gb_import_check_finish (result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_import_get_n_valid (import), ==, 300);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
  g_clear_object (&result);

  gb_import_run_async (import, FALSE, import_progress, &seen, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_true (gb_import_run_finish (result, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 300);
  g_assert_cmpint (import_id, >, 0);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 300);
  g_assert_cmpint (g_atomic_int_get (&seen.calls), >, 0);
  g_assert_cmpint (g_atomic_int_get (&seen.on_caller), ==, 0);
  g_clear_object (&result);

  /* Taken back on a connection of its own. */
  gb_import_undo_async (gb_database_get_path (f->db), import_id, cancelled, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_false (gb_import_undo_finish (result, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 300);
  g_clear_error (&error);
  g_clear_object (&result);

  gb_import_undo_async (gb_database_get_path (f->db), import_id, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_true (gb_import_undo_finish (result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 300);
  g_assert_cmpint (count_sql (f, "SELECT count(*) FROM members"), ==, 0);
  g_clear_object (&result);

  /* Twice: refused, as the synchronous undo refuses it. */
  gb_import_undo_async (gb_database_get_path (f->db), import_id, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_false (gb_import_undo_finish (result, NULL, &error));
  g_assert_nonnull (error);
  gb_test_async_end (&async);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/import/guess", test_guess);
  ADD ("/import/remembered", test_remembered);
  ADD ("/import/mapping-file", test_mapping_file);
  ADD ("/import/values", test_values);
  ADD ("/import/collective", test_collective);
  ADD ("/import/problems", test_problems);
  ADD ("/import/keep-likely", test_keep_likely);
  ADD ("/import/numbers-and-undo", test_numbers_and_undo);
  ADD ("/import/undo-older", test_undo_older);
  ADD ("/import/artisans", test_artisans);
  ADD ("/import/events", test_events);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/read-workbook", test_read_workbook);
  ADD ("/import/office-files", test_office_files);
  ADD ("/import/large", test_large);
  ADD ("/import/parts", test_parts);
  ADD ("/import/parts-while-writing", test_parts_while_writing);
  ADD ("/import/refused-while-writing", test_refused_while_writing);
  ADD ("/import/two-row-headings", test_two_row_headings);
  ADD ("/import/not-headings", test_not_headings);
  ADD ("/import/titles-in-batches", test_titles_in_batches);
  ADD ("/dump/round-trip", test_dump_round_trip);
  ADD ("/dump/damaged", test_dump_damaged);
  ADD ("/import/unbalanced-quote", test_unbalanced_quote);
  ADD ("/import/wide-mapping", test_wide_mapping);
  ADD ("/import/shown-values", test_shown_values);
  ADD ("/import/number-range", test_number_range);
  ADD ("/import/nul-row", test_nul_row);
  ADD ("/import/async", test_async);
  return g_test_run ();
}
