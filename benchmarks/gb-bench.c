/* gb-bench.c — scale generator and core timings (not run by the tests)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gb-bench generate N FILE   N members and N artisans, deterministic
 *   gb-bench search FILE       per-keystroke search, p50/p95, 1–6 letters
 *   gb-bench sort FILE         sort by name and by craft
 *   gb-bench certificates N    N artisan certificates into one PDF: time, size, peak RSS
 *   gb-bench roster N          an N-member roster: build, first page, whole PDF, XLSX
 *   gb-bench export FILE       every member of FILE to CSV and to XLSX
 *   gb-bench import N          an N-row members CSV into an empty database:
 *                              read, check, write; peak RSS. GB_BENCH_SQL=…
 *                              runs SQL on the new database first (to try a
 *                              schema change, e.g. an index dropped)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <cairo-pdf.h>
#include <poppler.h>
#include <glib/gstdio.h>

#include "gb-artisan.h"
#include "gb-demo.h"
#include "gb-document.h"
#include "gb-export.h"
#include "gb-csv-reader.h"
#include "gb-import.h"
#include "gb-report.h"
#include "gb-database.h"
#include "gb-member.h"
#include "gb-record-list.h"
#include "gb-registry.h"
#include "gb-store.h"

static const char *const families[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Mạc", "Phan", "Cao", "Lương", "Tô" };
static const char *const middles[] = { "Văn", "Thị", "Đức", "Ngọc", "Quang", "Thu", "Minh", "Hồng", "Hữu", "Kim", "Công", "Thanh" };
static const char *const givens[] = { "An", "Anh", "Ánh", "Bình", "Chi", "Cường", "Dung", "Dũng", "Đạt", "Đào", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Huy", "Khánh", "Lan", "Liên", "Long", "Mai", "Minh", "Nam", "Ngân", "Nhung", "Oanh", "Phúc", "Phương", "Quân", "Sơn", "Thảo", "Thắng", "Toàn", "Trang", "Tuấn", "Việt", "Yến" };
static const char *const crafts[] = { "Đúc đồng", "Dệt chiếu cói", "Tạc tượng", "Sơn mài", "Múa rối nước", "Mộc mỹ nghệ", "Mây tre đan", "Dệt thảm", "Thêu ren", "Gốm", "Hoa, cây cảnh", "Nước mắm", "Gốm sứ", "Chạm khắc gỗ" };
static const char *const villages[] = { "Mỹ Đồng", "Lật Dương", "Bảo Hà", "Kê Sơn", "Chính Mỹ", "Đại Đồng", "Cộng Hiền", "Dưỡng Động", "Mông Thượng", "Vạn Vân", "Chu Đậu", "Xuân Nẻo", "Cúc Bồ", "Đông Giao" };

static guint64 state = 42;

static guint
next (guint n)
{
  guint64 z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return (guint) (((z ^ (z >> 31)) >> 32) % n);
}

#define PICK(a) (a)[next (G_N_ELEMENTS (a))]

static void
die (GError *error)
{
  fprintf (stderr, "gb-bench: %s\n", error->message);
  exit (1);
}

static long
peak_rss_kb (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static int
generate (int n, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbStore) craft_store = NULL, members = NULL, artisans = NULL;
  gint64 craft_ids[G_N_ELEMENTS (crafts)];
  gint64 start = g_get_monotonic_time ();

  if (db == NULL)
    die (g_steal_pointer (&error));
  craft_store = gb_store_new (db, GB_TYPE_CRAFT);
  members = gb_store_new (db, GB_TYPE_MEMBER);
  artisans = gb_store_new (db, GB_TYPE_ARTISAN);

  if (!gb_database_begin (db, &error))
    die (g_steal_pointer (&error));
  for (guint i = 0; i < G_N_ELEMENTS (crafts); i++)
    {
      g_autoptr(GbCraft) c = g_object_new (GB_TYPE_CRAFT, NULL);
      c->name = g_strdup (crafts[i]);
      if (!gb_store_insert (craft_store, GB_RECORD (c), &error))
        die (g_steal_pointer (&error));
      craft_ids[i] = gb_record_get_id (GB_RECORD (c));
    }
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GbMember) m = gb_member_new (i % 3 ? "individual" : "collective", NULL);
      g_autoptr(GbArtisan) a = NULL;
      guint c = next (G_N_ELEMENTS (crafts));

      if (i % 3)
        m->name = g_strdup_printf ("%s %s %s", PICK (families), PICK (middles), PICK (givens));
      else
        m->name = g_strdup_printf ("Hợp tác xã %s %s %d", crafts[c], PICK (villages), i);
      m->member_no = g_strdup_printf ("HV-%06d", i + 1);
      m->craft_id = craft_ids[c];
      m->commune = g_strdup_printf ("xã %s", PICK (villages));
      m->joined_date = g_strdup_printf ("%04u-%02u-%02u", 2000 + next (25), 1 + next (12), 1 + next (28));
      if (!gb_store_insert (members, GB_RECORD (m), &error))
        die (g_steal_pointer (&error));

      a = gb_artisan_new (NULL);
      a->name = g_strdup_printf ("%s %s %s", PICK (families), PICK (middles), PICK (givens));
      a->birth_year = 1940 + next (50);
      c = next (G_N_ELEMENTS (crafts));
      a->craft_id = craft_ids[c];
      a->village = g_strdup (PICK (villages));
      if (!gb_store_insert (artisans, GB_RECORD (a), &error))
        die (g_steal_pointer (&error));
    }
  if (!gb_database_commit (db, &error))
    die (g_steal_pointer (&error));
  printf ("generated %d members and %d artisans in %.1f s\n", n, n,
          (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Times one query as the list model's worker runs it: ids in order. */
static double
time_query (GbStore *store, GbQuery *query, guint *n)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GArray) ids = gb_store_query_ids (store, query, &error);

  if (ids == NULL)
    die (g_steal_pointer (&error));
  *n = ids->len;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* From a new query to the list model holding its rows (the worker's
 * search in memory and the hop back to this thread), as a keystroke. */
static double
time_list (GbRecordList *list,
           GbQuery      *query)
{
  gint64 t0 = g_get_monotonic_time ();

  gb_record_list_set_query (list, query);
  while (gb_record_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static int
search (const char *path)
{
  /* What staff type, one letter at a time, without marks. */
  static const char *const words[] = { "nguyen", "tran van", "hoang", "dang thi", "duong", "pham" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbRecordList) list = NULL;

  if (db == NULL)
    die (g_steal_pointer (&error));
  store = gb_store_new (db, GB_TYPE_ARTISAN);
  list = gb_record_list_new (store);
  while (gb_record_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
  printf ("| letters | list p50 ms | list p95 ms | SQL p50 ms | SQL p95 ms | rows (first word) |\n"
          "|---|---|---|---|---|---|\n");
  for (int len = 1; len <= 6; len++)
    {
      double times[60], listed[60];
      guint k = 0, rows = 0;

      for (int rep = 0; rep < 10; rep++)
        for (guint w = 0; w < G_N_ELEMENTS (words); w++)
          {
            g_autoptr(GbQuery) q = gb_query_new ();
            g_autofree char *prefix = g_strndup (words[w], len);
            guint n;

            gb_query_set_search (q, prefix);
            listed[k] = time_list (list, q);
            times[k++] = time_query (store, q, &n);
            if (w == 0)
              rows = n;
          }
      qsort (times, k, sizeof (double), cmp_double);
      qsort (listed, k, sizeof (double), cmp_double);
      printf ("| %d | %.1f | %.1f | %.1f | %.1f | %u |\n", len, listed[k / 2], listed[(k * 95) / 100],
              times[k / 2], times[(k * 95) / 100], rows);
    }
  printf ("peak RSS %ld MB\n", peak_rss_kb () / 1024);
  return 0;
}

static int
sort (const char *path)
{
  static const char *const fields[] = { "name", "craft_name", "birth_year", "village" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) store = NULL;

  if (db == NULL)
    die (g_steal_pointer (&error));
  store = gb_store_new (db, GB_TYPE_ARTISAN);
  /* The list model as a header click: the first click on a column (its
   * values read), then clicks that only reverse it; and the store's SQL. */
  printf ("| sort by | list, first click ms | list, reversing ms | SQL median ms | rows |\n"
          "|---|---|---|---|---|\n");
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_autoptr(GbRecordList) list = gb_record_list_new (store);
      double times[5], again[4], first = 0;
      guint n = 0;

      while (gb_record_list_is_loading (list))
        g_main_context_iteration (NULL, TRUE);
      for (int rep = 0; rep < 5; rep++)
        {
          g_autoptr(GbQuery) q = gb_query_new ();
          double ms;

          gb_query_set_sort (q, fields[f], rep % 2);
          ms = time_list (list, q);
          if (rep == 0)
            first = ms;
          else
            again[rep - 1] = ms;
          times[rep] = time_query (store, q, &n);
        }
      qsort (times, 5, sizeof (double), cmp_double);
      qsort (again, 4, sizeof (double), cmp_double);
      printf ("| %s | %.1f | %.1f | %.1f | %u |\n", fields[f], first, again[2], times[2], n);
    }

  /* A filter chosen in a menu: the list reads the rows it leaves. */
  {
    static const char *const filters[][2] = { { "craft", "1" }, { "village", "Chu Đậu" }, { "revoked", "0" } };

    printf ("\n| filter | list ms (median of 5) | rows |\n|---|---|---|\n");
    for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
      {
        g_autoptr(GbRecordList) list = gb_record_list_new (store);
        double times[5];

        while (gb_record_list_is_loading (list))
          g_main_context_iteration (NULL, TRUE);
        for (int rep = 0; rep < 5; rep++)
          {
            g_autoptr(GbQuery) q = gb_query_new ();

            /* Alternating with no filter, as staff choose and clear one. */
            if (rep % 2 == 0)
              gb_query_add_filter (q, filters[f][0], filters[f][1]);
            times[rep] = time_list (list, q);
          }
        qsort (times, 5, sizeof (double), cmp_double);
        {
          g_autoptr(GbQuery) q = gb_query_new ();

          gb_query_add_filter (q, filters[f][0], filters[f][1]);
          time_list (list, q);
        }
        printf ("| %s = %s | %.1f | %u |\n", filters[f][0], filters[f][1], times[2],
                g_list_model_get_n_items (G_LIST_MODEL (list)));
      }
  }
  return 0;
}

/* Papers made up here rather than read from a database, so that only the
 * drawing and the PDF are timed; the association is the demo's. */
static int
certificates (int n, const char *template_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gb-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gint64 start;
  double ms;

  if (db == NULL || !gb_demo_fill (db, &error)
      || (doc = gb_document_new_for_database (db, template_id, &error)) == NULL)
    die (g_steal_pointer (&error));
  for (int i = 0; i < n; i++)
    {
      GbPaper *p = gb_paper_new (g_str_equal (template_id, "card") ? "card" : "artisan");
      g_autofree char *name = g_strdup_printf ("%s %s %s", PICK (families), PICK (middles), PICK (givens));
      g_autofree char *year = g_strdup_printf ("%d", 1940 + next (60));
      g_autofree char *number = g_strdup_printf ("%03d/GCN-HHLN", i + 1);
      g_autofree char *decision = g_strdup_printf ("%d/QĐ-HHLN", 1 + next (99));

      gb_paper_set (p, "name", name);
      gb_paper_set (p, "honorific", next (2) ? "Ông" : "Bà");
      gb_paper_set (p, "birth_year", year);
      gb_paper_set (p, "craft", PICK (crafts));
      gb_paper_set (p, "village", PICK (villages));
      gb_paper_set (p, "title_name", "Nghệ nhân Làng nghề Hải Phòng");
      gb_paper_set (p, "decision_no", decision);
      gb_paper_set (p, "decision_date_long", "ngày 15 tháng 10 năm 2021");
      gb_paper_set (p, "issuer", "Hiệp hội Làng nghề Hải Phòng");
      gb_paper_set (p, "number", number);
      gb_paper_set (p, "member_no", number);
      gb_paper_set (p, "member_kind", "Hội viên cá nhân");
      gb_paper_set (p, "valid_until", "31/12/2026");
      gb_document_add_paper (doc, p);
    }
  start = g_get_monotonic_time ();
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  if (pdf == NULL)
    die (g_steal_pointer (&error));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  printf ("| template | papers | pages | ms | PDF MB | peak RSS MB |\n|---|---|---|---|---|---|\n");
  printf ("| %s | %d | %u | %.0f | %.1f | %ld |\n", template_id, n, gb_document_get_n_pages (doc), ms,
          g_bytes_get_size (pdf) / 1048576.0, peak_rss_kb () / 1024);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}

/* What the preview shows first: the report built and laid out, and its
 * first page drawn. Then the whole PDF, and the XLSX. */
static int
roster (int n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gb-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "roster.db", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "roster.xlsx", NULL);
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbStore) members = NULL;
  double t_build[5], t_first[5], t_pdf[5], t_xlsx[5];
  guint pages = 0;
  gsize size = 0;

  if (db == NULL || !gb_demo_fill (db, &error) || !gb_database_begin (db, &error))
    die (g_steal_pointer (&error));
  members = gb_store_new (db, GB_TYPE_MEMBER);
  for (int i = 160; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s %s", PICK (families), PICK (middles), PICK (givens));
      g_autoptr(GbMember) m = gb_member_new ("individual", name);

      m->member_no = g_strdup_printf ("B-%06d", i);
      m->commune = g_strdup (PICK (villages));
      m->joined_date = g_strdup_printf ("%d-%02d-%02d", 2000 + next (26), 1 + next (12), 1 + next (28));
      if (!gb_store_insert (members, GB_RECORD (m), &error))
        die (g_steal_pointer (&error));
    }
  if (!gb_database_commit (db, &error))
    die (g_steal_pointer (&error));

  for (int rep = 0; rep < 5; rep++)
    {
      GbReportOptions o;
      g_autoptr(GbReport) report = NULL;
      g_autoptr(GBytes) pdf = NULL;
      gint64 t0 = g_get_monotonic_time ();

      gb_report_options_init (&o, "roster");
      report = gb_report_build (db, &o, NULL, &error);
      gb_report_options_clear (&o);
      if (report == NULL)
        die (g_steal_pointer (&error));
      t_build[rep] = (g_get_monotonic_time () - t0) / 1000.0;
      {
        /* As the Reports page does: the first pages as a PDF, the first
         * of them rendered by poppler as the preview shows it. */
        g_autoptr(GBytes) first = gb_flow_to_pdf_range (report->flow, 0, 2, NULL, NULL, NULL, &error);
        PopplerDocument *doc = first ? poppler_document_new_from_bytes (first, NULL, &error) : NULL;
        PopplerPage *page = doc ? poppler_document_get_page (doc, 0) : NULL;
        cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 794, 1123);
        cairo_t *cr = cairo_create (image);

        if (page == NULL)
          die (g_steal_pointer (&error));
        cairo_scale (cr, 96.0 / 72, 96.0 / 72);
        poppler_page_render (page, cr);
        cairo_destroy (cr);
        cairo_surface_destroy (image);
        g_object_unref (page);
        g_object_unref (doc);
      }
      t_first[rep] = (g_get_monotonic_time () - t0) / 1000.0;
      t0 = g_get_monotonic_time ();
      pdf = gb_flow_to_pdf (report->flow, NULL, NULL, NULL, &error);
      if (pdf == NULL)
        die (g_steal_pointer (&error));
      t_pdf[rep] = t_build[rep] + (g_get_monotonic_time () - t0) / 1000.0;
      pages = gb_flow_get_n_pages (report->flow);
      size = g_bytes_get_size (pdf);
      t0 = g_get_monotonic_time ();
      if (!gb_report_write_xlsx (report, xlsx, &error))
        die (g_steal_pointer (&error));
      t_xlsx[rep] = t_build[rep] + (g_get_monotonic_time () - t0) / 1000.0;
    }
  qsort (t_build, 5, sizeof (double), cmp_double);
  qsort (t_first, 5, sizeof (double), cmp_double);
  qsort (t_pdf, 5, sizeof (double), cmp_double);
  qsort (t_xlsx, 5, sizeof (double), cmp_double);
  printf ("| members | pages | build+layout ms | first page on screen ms | whole PDF ms | PDF MB | XLSX ms | peak RSS MB |\n");
  printf ("|---|---|---|---|---|---|---|---|\n");
  printf ("| %d | %u | %.0f | %.0f | %.0f | %.1f | %.0f | %ld |\n", n, pages, t_build[2], t_first[2],
          t_pdf[2], size / 1048576.0, t_xlsx[2], peak_rss_kb () / 1024);
  g_unlink (xlsx);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}

static int
export (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) members = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  g_autofree char *dir = g_dir_make_tmp ("gb-bench-XXXXXX", NULL);
  const char *suffix[] = { "csv", "xlsx" };

  if (db == NULL)
    die (g_steal_pointer (&error));
  members = gb_store_new (db, GB_TYPE_MEMBER);
  printf ("| format | rows | median ms of 3 | MB |\n|---|---|---|---|\n");
  for (int f = 0; f < 2; f++)
    {
      g_autofree char *file = g_strdup_printf ("%s/members.%s", dir, suffix[f]);
      double times[3];
      guint rows = 0;
      GStatBuf st;

      for (int rep = 0; rep < 3; rep++)
        {
          gint64 t0 = g_get_monotonic_time ();

          if (!gb_export (members, query, NULL, f == 0 ? GB_EXPORT_CSV : GB_EXPORT_XLSX, file, NULL, &rows, &error))
            die (g_steal_pointer (&error));
          times[rep] = (g_get_monotonic_time () - t0) / 1000.0;
        }
      qsort (times, 3, sizeof (double), cmp_double);
      g_stat (file, &st);
      printf ("| %s | %u | %.0f | %.1f |\n", suffix[f], rows, times[1], st.st_size / 1048576.0);
      g_unlink (file);
    }
  g_rmdir (dir);
  printf ("peak RSS %ld MB\n", peak_rss_kb () / 1024);
  return 0;
}

/* The rows as an office's spreadsheet has them: the headings staff type,
 * dates as dd/mm/yyyy, addresses in one cell. */
static char *
write_members_csv (const char *dir, int n)
{
  char *path = g_build_filename (dir, "hoi-vien.csv", NULL);
  FILE *out = fopen (path, "w");

  fputs ("\xEF\xBB\xBFSTT,Họ và tên,Giới tính,Năm sinh,Địa chỉ,Số điện thoại,Ngày vào hội,Nghề\r\n", out);
  for (int i = 0; i < n; i++)
    fprintf (out, "%d,%s %s %s,%s,%u,\"Thôn %u, xã %s, Hải Phòng\",09%08u,%02u/%02u/%04u,%s\r\n",
             i + 1, PICK (families), PICK (middles), PICK (givens), next (2) ? "Nam" : "Nữ",
             1940 + next (60), next (20) + 1, PICK (villages), next (100000000),
             1 + next (28), 1 + next (12), 2000 + next (25), PICK (crafts));
  fclose (out);
  return path;
}

static int
import_bench (int n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gb-bench-XXXXXX", NULL);
  g_autofree char *csv = write_members_csv (dir, n);
  g_autofree char *db_path = g_build_filename (dir, "guildbook.db", NULL);
  g_autoptr(GbDatabase) db = gb_database_open (db_path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbImport) import = NULL;
  GbTable *table;
  gint64 t0, t1, t2, t3, import_id;
  guint imported = 0;

  if (db == NULL)
    die (g_steal_pointer (&error));
  if (g_getenv ("GB_BENCH_SQL") && !gb_database_exec (db, g_getenv ("GB_BENCH_SQL"), &error))
    die (g_steal_pointer (&error));
  t0 = g_get_monotonic_time ();
  if ((table = gb_csv_read_file (csv, -1, NULL, NULL, &error)) == NULL)
    die (g_steal_pointer (&error));
  t1 = g_get_monotonic_time ();
  import = gb_import_new (db, GB_IMPORT_MEMBERS, table);
  gb_import_guess_mapping (import);
  /* As guildbook-cli does: the rows checked while they are written (with
   * GB_BENCH_CHECK_FIRST, checked first, as the window does before staff
   * press Import). Random names repeat with their year of birth now and
   * then: those rows are named as likely duplicates and left out, as
   * staff would choose. */
  if (g_getenv ("GB_BENCH_CHECK_FIRST") && !gb_import_check (import, NULL, NULL, NULL, &error))
    die (g_steal_pointer (&error));
  t2 = g_get_monotonic_time ();
  if (!gb_import_run (import, TRUE, NULL, NULL, NULL, &import_id, &imported, &error))
    die (g_steal_pointer (&error));
  t3 = g_get_monotonic_time ();
  printf ("| rows | imported | read CSV ms | check first ms | check and write ms | total s | peak RSS MB |\n"
          "|---|---|---|---|---|---|---|\n");
  printf ("| %d | %u | %.0f | %.0f | %.0f | %.2f | %ld |\n", n, imported, (t1 - t0) / 1e3, (t2 - t1) / 1e3,
          (t3 - t2) / 1e3, (t3 - t0) / 1e6, peak_rss_kb () / 1024);
  g_clear_pointer (&import, gb_import_free);
  g_clear_object (&db);
  if (g_getenv ("GB_BENCH_KEEP"))
    printf ("kept %s\n", dir);
  else
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      fprintf (stderr, "gb-bench: could not remove %s\n", dir);
  }
  return imported > 0 ? 0 : 1;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "export"))
    return export (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "import"))
    return import_bench (atoi (argv[2]));
  if (argc == 3 && g_str_equal (argv[1], "roster"))
    return roster (atoi (argv[2]));
  if ((argc == 3 || argc == 4) && g_str_equal (argv[1], "certificates"))
    return certificates (atoi (argv[2]), argc == 4 ? argv[3] : "artisan");
  if (argc == 4 && g_str_equal (argv[1], "generate"))
    return generate (atoi (argv[2]), argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "search"))
    return search (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "sort"))
    return sort (argv[2]);
  fprintf (stderr, "usage: gb-bench generate N FILE | search FILE | sort FILE | certificates N [TEMPLATE] | roster N | export FILE | import N\n");
  return 2;
}
