/* test-reports.c — reports read back with poppler, figures checked in SQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "gb-database.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-member.h"
#include "gb-report.h"
#include "gb-store.h"
#include "gb-test-db.h"
#include "gb-test-util.h"
#include "gb-text.h"

#define PT_PER_MM (72.0 / 25.4)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct
{
  char       *dir;
  GbDatabase *db;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gb_test_make_dir ();
  f->db = gb_test_db_open (f->dir, "guildbook.db");
  g_assert_true (gb_demo_fill (f->db, &error));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  gb_test_db_drop_all ();
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static GbReport *
build (Fixture         *f,
       GbReportOptions *o)
{
  g_autoptr(GError) error = NULL;
  GbReport *report = gb_report_build (f->db, o, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static PopplerDocument *
pdf_of (GbReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = gb_flow_to_pdf (report->flow, NULL, NULL, NULL, &error);
  PopplerDocument *doc;

  g_assert_no_error (error);
  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  return doc;
}

static char *
page_text (PopplerDocument *doc, int i)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
  return poppler_page_get_text (page);
}


static char *
all_text (PopplerDocument *doc)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autofree char *t = page_text (doc, i);
      g_string_append (text, t);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  char  *text;
  double x1, y1, x2, y2;
  gboolean ends_line, starts_line;
} Run;

/* The figures of a page (runs of digits, dots and commas) with their boxes. */
static GArray *
figure_runs (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  GArray *runs = g_array_new (FALSE, TRUE, sizeof (Run));
  GString *run = NULL;
  gboolean line_start = TRUE, run_starts_line = FALSE, has_digit = FALSE;
  Run r = { 0 };
  guint n = 0, i = 0;
  const char *p = text;

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
  for (; i < n && *p; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean part = g_unichar_isdigit (c) || c == '.' || c == ',';

      /* A gap of more than a letter's width ends a figure (poppler glues cells). */
      if (part && run != NULL && rects[i].x1 - r.x2 > 2.5)
        part = FALSE, i--, p = g_utf8_prev_char (p) ;
      if (part)
        {
          if (run == NULL)
            {
              run = g_string_new (NULL);
              run_starts_line = line_start;
              has_digit = FALSE;
              r.x1 = rects[i].x1, r.y1 = rects[i].y1, r.x2 = rects[i].x2, r.y2 = rects[i].y2;
            }
          g_string_append_unichar (run, c);
          has_digit |= g_unichar_isdigit (c);
          r.x1 = MIN (r.x1, rects[i].x1), r.y1 = MIN (r.y1, rects[i].y1);
          r.x2 = MAX (r.x2, rects[i].x2), r.y2 = MAX (r.y2, rects[i].y2);
        }
      else if (run != NULL)
        {
          r.text = g_string_free (run, FALSE);
          r.starts_line = run_starts_line;
          r.ends_line = c == '\n';
          if (has_digit)
            g_array_append_val (runs, r);
          else
            g_free (r.text);
          run = NULL;
        }
      line_start = c == '\n';
    }
  if (run != NULL)
    {
      r.text = g_string_free (run, FALSE);
      r.starts_line = run_starts_line;
      r.ends_line = TRUE;
      g_array_append_val (runs, r);
    }
  return runs;
}

/* No figure is split across lines: no figure that ends a line has the
 * rest of it starting the next line in the same column, just below (the
 * lines of a cell touch; rows are two cell paddings apart). */
static void
assert_figures_whole (PopplerDocument *doc)
{
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      GArray *runs = figure_runs (page);

      for (guint k = 0; k + 1 < runs->len; k++)
        {
          Run *a = &g_array_index (runs, Run, k), *b = &g_array_index (runs, Run, k + 1);
          double h = a->y2 - a->y1;

          if (a->ends_line && b->starts_line && b->y1 > a->y1 + h / 2 && b->y1 - a->y2 < h * 0.25
              && b->x1 < a->x2 + 1 && b->x2 > a->x1 - 1)
            g_error ("page %d: a figure split across lines: “%s” (%.1f, %.1f–%.1f, %.1f) / “%s” (%.1f, %.1f–%.1f, %.1f)",
                     i + 1, a->text, a->x1, a->y1, a->x2, a->y2, b->text, b->x1, b->y1, b->x2, b->y2);
        }
      for (guint k = 0; k < runs->len; k++)
        g_free (g_array_index (runs, Run, k).text);
      g_array_unref (runs);
    }
}

/* The words of the signature block, the page number: what a page must
 * hold more than. */
static void
assert_no_lone_signature (PopplerDocument *doc,
                          const char      *signer)
{
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autofree char *text = page_text (doc, i);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      guint other = 0;
      gboolean in_recipients = FALSE;

      for (guint l = 0; lines[l]; l++)
        {
          const char *line = g_strstrip (lines[l]);

          if (*line == '\0' || g_str_equal (line, number))
            continue;
          if (g_str_has_prefix (line, "Nơi nhận:"))
            {
              in_recipients = TRUE;
              continue;
            }
          if ((in_recipients && g_str_has_prefix (line, "- ")) || g_str_equal (line, "TM. BAN CHẤP HÀNH")
              || g_str_equal (line, "CHỦ TỊCH") || g_str_equal (line, signer))
            continue;
          other++;
        }
      if (other == 0)
        g_error ("page %d holds only the signature block:\n%s", i + 1, text);
    }
}

static gint64
sql_count (Fixture *f, const char *sql)
{
  gint64 n = gb_test_sql_int (f->db, sql);

  g_assert_cmpint (n, >=, 0);
  return n;
}

/* Every letter inside the margins of Decree 30 (left 30, right 15, bottom
 * 20, top 20 mm), but the page number, which is in the top margin from
 * page 2 on and only there. */
static void
assert_layout (PopplerDocument *doc)
{
  int pages = poppler_document_get_n_pages (doc);

  for (int i = 0; i < pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      GString *top = g_string_new (NULL);
      PopplerRectangle *rects = NULL;
      guint n = 0;
      double w, h;
      const char *p = text;

      poppler_page_get_size (page, &w, &h);
      g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
      for (guint r = 0; r < n && *p; r++, p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isspace (c) || rects[r].x2 - rects[r].x1 < 0.01)
            continue;
          g_assert_cmpfloat (rects[r].x1, >=, 30 * PT_PER_MM - 0.5);
          g_assert_cmpfloat (rects[r].x2, <=, w - 15 * PT_PER_MM + 0.5);
          g_assert_cmpfloat (rects[r].y2, <=, h - 20 * PT_PER_MM + 0.5);
          if (rects[r].y2 < 20 * PT_PER_MM)
            g_string_append_unichar (top, c);
        }
      g_assert_cmpstr (top->str, ==, i == 0 ? "" : number);
      g_string_free (top, TRUE);
      g_free (rects);
    }
}

static void
test_heading_and_margins (Fixture *f, gconstpointer data)
{
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  static const char *const recipients[] = { "Sở Công Thương", "Lưu: VT", NULL };

  gb_report_options_init (&o, "activity");
  g_free (o.from), o.from = g_strdup ("2021-01-01");
  g_free (o.to), o.to = g_strdup ("2021-09-30");
  o.number = 15;
  o.date = g_strdup ("2021-10-15");
  o.recipients = g_strdupv ((char **) recipients);
  o.assessment = g_strdup ("Hiệp hội hoàn thành tốt nhiệm vụ.\n\nCòn khó khăn về kinh phí.");
  report = build (f, &o);
  gb_report_options_clear (&o);
  doc = pdf_of (report);
  first = page_text (doc, 0);
  g_assert_nonnull (strstr (first, "HIỆP HỘI LÀNG NGHỀ"));
  g_assert_nonnull (strstr (first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (first, "Độc lập - Tự do - Hạnh phúc"));
  g_assert_nonnull (strstr (first, "Số: 15/BC-HHLN"));
  g_assert_nonnull (strstr (first, "Hải Phòng, ngày 15 tháng 10 năm 2021"));
  g_assert_nonnull (strstr (first, "BÁO CÁO"));
  g_assert_nonnull (strstr (first, "Kết quả hoạt động từ ngày 01/01/2021 đến ngày 30/09/2021"));
  last = page_text (doc, poppler_document_get_n_pages (doc) - 1);
  g_assert_nonnull (strstr (last, "Nơi nhận:"));
  /* The first recipient is addressed, then sent "as above". */
  g_assert_nonnull (strstr (first, "Kính gửi: Sở Công Thương."));
  g_assert_nonnull (strstr (last, "- Như trên;"));
  g_assert_nonnull (strstr (last, "- Lưu: VT."));
  g_assert_nonnull (strstr (last, "TM. BAN CHẤP HÀNH"));
  g_assert_nonnull (strstr (last, "CHỦ TỊCH"));
  g_assert_nonnull (strstr (last, "Nguyễn An Hưng"));
  {
    g_autofree char *all = g_strconcat (first, last, NULL);
    g_assert_nonnull (strstr (all, "Còn khó khăn về kinh phí."));   /* the staff's words */
  }
  assert_layout (doc);
}

/* The figures are those counted directly in SQL on the same database. */
static void
test_activity_figures (Fixture *f, gconstpointer data)
{
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *sentence = NULL;
  g_autofree char *events = NULL;
  g_autofree char *money = NULL;
  gint64 start, end, joined, left, events_n, contests, awards, donations, donated;

  gb_report_options_init (&o, "activity");
  g_free (o.from), o.from = g_strdup ("2021-01-01");
  g_free (o.to), o.to = g_strdup ("2021-09-30");
  report = build (f, &o);
  gb_report_options_clear (&o);
  doc = pdf_of (report);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autofree char *t = page_text (doc, i);
      g_string_append (text, t);
    }
  g_strdelimit (text->str, "\n", ' ');

#define ON(d) "(SELECT count(*) FROM members m WHERE m.deleted_at IS NULL AND m.joined_date <= '" d "'" \
  " AND coalesce((SELECT status FROM member_status_history h WHERE h.member_id = m.id AND h.since <= '" d "'" \
  " ORDER BY h.since DESC, h.id DESC LIMIT 1), 'active') IN ('active','suspended'))"
  start = sql_count (f, "SELECT " ON ("2020-12-31"));
  end = sql_count (f, "SELECT " ON ("2021-09-30"));
#undef ON
  joined = sql_count (f, "SELECT count(*) FROM members WHERE deleted_at IS NULL AND joined_date BETWEEN '2021-01-01' AND '2021-09-30'");
  left = sql_count (f, "SELECT count(DISTINCT member_id) FROM member_status_history WHERE status IN ('resigned','deceased') AND since BETWEEN '2021-01-01' AND '2021-09-30'");
  events_n = sql_count (f, "SELECT count(*) FROM events WHERE deleted_at IS NULL AND start_date BETWEEN '2021-01-01' AND '2021-09-30'");
  contests = sql_count (f, "SELECT count(*) FROM events WHERE deleted_at IS NULL AND kind = 'contest' AND start_date BETWEEN '2021-01-01' AND '2021-09-30'");
  awards = sql_count (f, "SELECT count(*) FROM contest_awards a JOIN events e ON e.id = a.event_id WHERE e.start_date BETWEEN '2021-01-01' AND '2021-09-30'");
  donations = sql_count (f, "SELECT count(*) FROM donations d JOIN events e ON e.id = d.event_id WHERE coalesce(d.donated_on, e.start_date) BETWEEN '2021-01-01' AND '2021-09-30'");
  donated = sql_count (f, "SELECT coalesce(sum(d.amount), 0) FROM donations d JOIN events e ON e.id = d.event_id WHERE coalesce(d.donated_on, e.start_date) BETWEEN '2021-01-01' AND '2021-09-30'");
  g_assert_cmpint (end, >, 0);
  g_assert_cmpint (joined, >, 0);
  g_assert_cmpint (donated, >, 0);

  sentence = g_strdup_printf ("Đầu kỳ báo cáo, Hiệp hội có %" G_GINT64_FORMAT " hội viên. Trong kỳ, "
                              "Hiệp hội kết nạp %" G_GINT64_FORMAT " hội viên mới; %" G_GINT64_FORMAT
                              " hội viên ra khỏi hội. Đến cuối kỳ, Hiệp hội có %" G_GINT64_FORMAT " hội viên.",
                              start, joined, left, end);
  g_assert_nonnull (strstr (text->str, sentence));
  events = g_strdup_printf ("%" G_GINT64_FORMAT " hoạt động, trong đó có %" G_GINT64_FORMAT " cuộc thi với %"
                            G_GINT64_FORMAT " giải thưởng", events_n, contests, awards);
  g_assert_nonnull (strstr (text->str, events));
  money = gb_text_format_thousands (donated);
  {
    g_autofree char *d = g_strdup_printf ("%" G_GINT64_FORMAT " lượt ủng hộ với tổng số tiền %s đồng",
                                          donations, money);
    g_assert_nonnull (strstr (text->str, d));
  }
}

/* A 10,000-row roster: the header on every page, each row whole on one page,
 * in the Vietnamese order. */
static void
test_big_roster (Fixture *f, gconstpointer data)
{
  static const char *const given[] = { "An", "Ánh", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Yến" };
  g_autoptr(GbStore) store = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GError) error = NULL;
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 total = 0;
  int pages;

  g_assert_true (gb_database_begin (f->db, &error));
  for (guint i = 0; i < 10000 - 160; i++)
    {
      g_autofree char *name = g_strdup_printf ("Nguyễn%u Văn %s", i, given[i % G_N_ELEMENTS (given)]);
      g_autoptr(GbMember) m = gb_member_new ("individual", name);

      m->member_no = g_strdup_printf ("T-%05u", i);
      m->joined_date = g_strdup ("2020-05-01");
      g_assert_true (gb_store_insert (store, GB_RECORD (m), &error));
    }
  g_assert_true (gb_database_commit (f->db, &error));
  total = sql_count (f, "SELECT count(*) FROM members WHERE deleted_at IS NULL");
  g_assert_cmpint (total, ==, 10000);

  gb_report_options_init (&o, "roster");
  report = build (f, &o);
  gb_report_options_clear (&o);
  g_assert_cmpuint (((GbSheet *) report->sheets->pdata[0])->rows->len, ==, 10000);
  doc = pdf_of (report);
  pages = poppler_document_get_n_pages (doc);
  g_assert_cmpint (pages, >, 100);
  for (int i = 0; i < pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);

      /* The header on every page of the table (the signature may end alone). */
      if (strstr (text, "T-0") != NULL || strstr (text, "HV-") != NULL)
        g_assert_nonnull (strstr (text, "Tên hội viên"));
      /* A row's number and its member number sit on one line of text
       * (poppler may glue the header's last word before them). */
      {
        g_autoptr(GRegex) row = g_regex_new ("(?:^|[^0-9])([0-9]+) (?:T|HV)-[0-9]+", G_REGEX_MULTILINE, 0, NULL);
        g_autoptr(GMatchInfo) match = NULL;

        g_regex_match (row, text, 0, &match);
        while (g_match_info_matches (match))
          {
            char *stt = g_match_info_fetch (match, 1);

            g_assert_false (g_hash_table_contains (seen, stt));
            g_hash_table_add (seen, stt);
            g_match_info_next (match, NULL);
          }
      }
    }
  /* Every row once, none split from its number. */
  for (guint k = 1; k <= 10000 && g_hash_table_size (seen) != 10000; k++)
    {
      g_autofree char *key = g_strdup_printf ("%u", k);
      if (!g_hash_table_contains (seen, key))
        g_test_message ("missing %s", key);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10000);
  {
    g_autofree char *first = page_text (doc, 0);
    g_autofree char *last = page_text (doc, pages - 2);

    /* By given name first: every "… An" before any "… Ánh", "Yến" last. */
    g_assert_nonnull (strstr (first, "Văn An"));
    g_assert_null (strstr (first, "Văn Ánh"));
    g_assert_nonnull (strstr (last, "Yến"));
  }
  assert_layout (doc);
}

static char *
run_python (const char *script,
            const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { "python3", script, path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xlsx-rows.py: %s", err);
  return g_steal_pointer (&out);
}

/* The XLSX reopens with the same rows: header, rows, totals. */
static void
test_xlsx (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "hoi-phi.xlsx", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "xlsx-rows.py", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  GbSheet *sheet;
  GStatBuf st;
  guint top = 0;

  gb_report_options_init (&o, "dues");
  o.year = 2021;
  report = build (f, &o);
  gb_report_options_clear (&o);
  g_assert_true (gb_report_write_xlsx (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  sheet = report->sheets->pdata[0];
  out = run_python (script, path);
  lines = g_strsplit (out, "\n", -1);
  /* The paper's heading, the header row, the rows, the footer, the closing. */
  {
    g_autofree char *header = g_strjoinv ("\t", sheet->titles);

    while (lines[top] && g_strcmp0 (lines[top], header) != 0)
      top++;
    g_assert_nonnull (lines[top]);
    g_assert_cmpuint (top, >, 4);
    g_assert_cmpuint (g_strv_length (lines), >, top + sheet->rows->len + 1 + 3);
  }
  for (guint r = 0; r < sheet->rows->len; r++)
    {
      char **cells = sheet->rows->pdata[r];
      g_auto(GStrv) got = g_strsplit (lines[top + r + 1], "\t", -1);
      int d, m, y;

      for (guint c = 0; c < sheet->n_columns && cells[c][0]; c++)
        {
          if (sheet->numeric[c])
            {
              /* Numbers as numbers: 500.000 đồng is 500000. */
              g_autofree char *plain = g_strdup (cells[c]);
              GString *digits = g_string_new (NULL);

              for (const char *p = plain; *p; p++)
                if (*p != '.')
                  g_string_append_c (digits, *p);
              g_assert_cmpstr (got[c], ==, digits->str);
              g_string_free (digits, TRUE);
            }
          else if (sscanf (cells[c], "%2d/%2d/%4d", &d, &m, &y) == 3)
            {
              /* Dates as dates: days since 30/12/1899. */
              g_autoptr(GDateTime) day = g_date_time_new_utc (y, m, d, 0, 0, 0);
              g_autoptr(GDateTime) epoch = g_date_time_new_utc (1899, 12, 30, 0, 0, 0);
              g_autofree char *serial = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                         g_date_time_difference (day, epoch) / G_TIME_SPAN_DAY);

              g_assert_cmpstr (got[c], ==, serial);
            }
          else
            g_assert_cmpstr (got[c], ==, cells[c]);
        }
    }
  /* A report with no table says so. */
  {
    GbReportOptions s;
    g_autoptr(GbReport) none = NULL;

    gb_report_options_init (&s, "roster");
    g_strfreev (s.filters);
    s.filters = g_strsplit ("kind=collective", ",", -1);
    none = build (f, &s);
    gb_report_options_clear (&s);
    g_assert_cmpuint (((GbSheet *) none->sheets->pdata[0])->rows->len, ==,
                      (guint) sql_count (f, "SELECT count(*) FROM members WHERE kind = 'collective' AND deleted_at IS NULL"));
  }
}

static void
test_other_reports (Fixture *f, gconstpointer data)
{
  static const char *const kinds[] = { "artisans", "dues", "contest", "statistics", NULL };

  for (guint k = 0; kinds[k]; k++)
    {
      GbReportOptions o;
      g_autoptr(GbReport) report = NULL;
      g_autoptr(PopplerDocument) doc = NULL;
      g_autofree char *text = NULL;

      gb_report_options_init (&o, kinds[k]);
      o.year = 2021;
      o.contest_id = sql_count (f, "SELECT id FROM events WHERE kind = 'contest' ORDER BY id LIMIT 1");
      report = build (f, &o);
      gb_report_options_clear (&o);
      doc = pdf_of (report);
      text = page_text (doc, 0);
      g_assert_nonnull (strstr (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
      assert_layout (doc);
      if (g_str_equal (kinds[k], "contest"))
        g_assert_nonnull (strstr (text, "Bàn tay vàng"));
      if (g_str_equal (kinds[k], "statistics"))
        g_assert_nonnull (strstr (text, "Hội viên theo nghề"));
      if (g_str_equal (kinds[k], "dues"))
        {
          /* Every payment for the year, whatever the member's status since. */
          gint64 paid = sql_count (f, "SELECT coalesce(sum(d.amount), 0) FROM dues d JOIN members m ON m.id = d.member_id"
                                      " WHERE d.year = 2021 AND d.paid_date IS NOT NULL AND m.deleted_at IS NULL");
          g_autofree char *money = gb_text_format_thousands (paid);
          g_autofree char *words = g_strdup_printf ("tổng số tiền %s đồng", money);

          g_strdelimit (text, "\n", ' ');
          g_assert_nonnull (strstr (text, words));
        }
    }
  /* Options round-trip for drafts; bad ones are refused. */
  {
    GbReportOptions o, back;
    g_autoptr(GVariant) saved = NULL;
    g_autoptr(GError) error = NULL;

    gb_report_options_init (&o, "activity");
    o.number = 9;
    o.direction = g_strdup ("Mở rộng thị trường.");
    saved = gb_report_options_save (&o);
    gb_report_options_init (&back, "roster");
    g_assert_true (gb_report_options_load (&back, saved));
    g_assert_cmpstr (back.kind, ==, "activity");
    g_assert_cmpuint (back.number, ==, 9);
    g_assert_cmpstr (back.direction, ==, "Mở rộng thị trường.");
    gb_report_options_clear (&back);
    g_free (o.from), o.from = g_strdup ("2021-12-01");
    g_free (o.to), o.to = g_strdup ("2021-01-01");
    g_assert_null (gb_report_build (f->db, &o, NULL, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
    gb_report_options_clear (&o);
  }
}


/* The artisans holding a title of @kind on @day, counted in SQL. */
static gint64
titles_on (Fixture *f, const char *kind, const char *day)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(DISTINCT t.artisan_id) FROM titles t JOIN artisans a ON a.id = t.artisan_id"
                                          " WHERE a.deleted_at IS NULL AND t.kind = '%s' AND t.decision_date <= '%s'"
                                          " AND (t.revoked_date IS NULL OR t.revoked_date > '%s')", kind, day, day);
  return sql_count (f, sql);
}

/* The figure printed after @label wherever it stands in @text; all equal. */
static gint64
figure_after (const char *text, const char *label)
{
  g_autofree char *pattern = g_strdup_printf ("%s\\s*([0-9.]+)", label);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gint64 value = -1;

  g_regex_match (regex, text, 0, &match);
  g_assert_true (g_match_info_matches (match));
  while (g_match_info_matches (match))
    {
      g_autofree char *n = g_match_info_fetch (match, 1);
      gint64 v = g_ascii_strtoll (n, NULL, 10);

      if (value >= 0)
        g_assert_cmpint (v, ==, value);
      value = v;
      g_match_info_next (match, NULL);
    }
  return value;
}

/* A year's statistics count what was true at the year's end: 2021 does
 * not count the titles decided in 2023. */
static void
test_statistics_by_year (Fixture *f, gconstpointer data)
{
  static const int years[] = { 2021, 2023 };
  gint64 city[2];

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      GbReportOptions o;
      g_autoptr(GbReport) report = NULL;
      g_autoptr(PopplerDocument) doc = NULL;
      g_autofree char *text = NULL;
      g_autofree char *day = g_strdup_printf ("%d-12-31", years[y]);
      g_autofree char *members_sql = g_strdup_printf (
        "SELECT count(*) FROM members m WHERE m.deleted_at IS NULL AND m.joined_date <= '%s'"
        " AND coalesce((SELECT status FROM member_status_history h WHERE h.member_id = m.id AND h.since <= '%s'"
        " ORDER BY h.since DESC, h.id DESC LIMIT 1), 'active') IN ('active','suspended')", day, day);
      GbSheet *sheet;
      gint64 by_craft = 0;

      gb_report_options_init (&o, "statistics");
      o.year = years[y];
      report = build (f, &o);
      gb_report_options_clear (&o);
      doc = pdf_of (report);
      text = all_text (doc);
      city[y] = figure_after (text, "Nghệ nhân Làng nghề Hải Phòng");
      g_assert_cmpint (city[y], ==, titles_on (f, "city_assoc", day));
      if (years[y] == 2023)
        g_assert_cmpint (figure_after (text, "Nghệ nhân ưu tú"), ==, titles_on (f, "meritorious", day));
      else   /* decided in 2022 */
        g_assert_null (strstr (text, "Nghệ nhân ưu tú"));
      /* Members by craft add up to the members on the year's last day. */
      sheet = report->sheets->pdata[0];
      for (guint r = 0; r < sheet->rows->len; r++)
        {
          char **cells = sheet->rows->pdata[r];

          if (g_str_equal (cells[0], "Hội viên theo nghề"))
            by_craft = 0;
          if (g_str_equal (cells[0], "Hội viên theo xã, phường"))
            break;
          by_craft += g_ascii_strtoll (cells[2], NULL, 10);
        }
      g_assert_cmpint (by_craft, ==, sql_count (f, members_sql));
    }
  /* The demo's numbers: 30 city titles were decided on 16/10/2023. */
  g_assert_cmpint (city[0], ==, 90);
  g_assert_cmpint (city[1], ==, 120);
}

/* Members with no dues row for the year owe that year's fee for their
 * kind; the total owed is the sum. */
static void
test_dues_owed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  GVariantBuilder fees;

  /* One collective and one individual member have not paid for 2021. */
  gb_test_sql_exec (f->db,
                    "DELETE FROM dues WHERE year = 2021 AND member_id IN ("
                    " (SELECT id FROM members WHERE kind = 'collective' AND status = 'active' ORDER BY id LIMIT 1),"
                    " (SELECT id FROM members WHERE kind = 'individual' AND status = 'active'"
                    "  AND joined_date < '2021-01-01' ORDER BY id LIMIT 1))");
  g_variant_builder_init (&fees, G_VARIANT_TYPE ("a(ixx)"));
  g_variant_builder_add (&fees, "(ixx)", 2015, (gint64) 1000000, (gint64) 300000);
  g_variant_builder_add (&fees, "(ixx)", 2020, (gint64) 2000000, (gint64) 500000);
  g_variant_builder_add (&fees, "(ixx)", 2024, (gint64) 3000000, (gint64) 800000);

  gb_report_options_init (&o, "dues");
  o.year = 2021;
  o.fees = g_variant_ref_sink (g_variant_builder_end (&fees));
  report = build (f, &o);
  gb_report_options_clear (&o);
  doc = pdf_of (report);
  text = all_text (doc);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "2 hội viên chưa nộp, số tiền còn phải thu là 2.500.000 đồng"));
  assert_figures_whole (doc);

  /* Without a fee for the year, the paper is not made. */
  gb_report_options_init (&o, "dues");
  o.year = 2021;
  g_assert_null (gb_report_build (f->db, &o, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  gb_report_options_clear (&o);
}

/* The dues total and every other figure stay whole on their line. */
static void
test_figures_whole (Fixture *f, gconstpointer data)
{
  static const char *const kinds[] = { "dues", "roster", "artisans", "statistics", "activity", NULL };

  for (guint k = 0; kinds[k]; k++)
    {
      GbReportOptions o;
      g_autoptr(GbReport) report = NULL;
      g_autoptr(PopplerDocument) doc = NULL;

      gb_report_options_init (&o, kinds[k]);
      o.year = 2021;
      g_free (o.from), o.from = g_strdup ("2021-01-01");
      g_free (o.to), o.to = g_strdup ("2021-12-31");
      report = build (f, &o);
      gb_report_options_clear (&o);
      doc = pdf_of (report);
      g_test_message ("%s", kinds[k]);
      assert_figures_whole (doc);
    }
}

/* The issuer breaks between the kind of body and its place, as a person
 * would write it: "HIỆP HỘI LÀNG NGHỀ" / "HẢI PHÒNG". */
static void
test_issuer_heading (Fixture *f, gconstpointer data)
{
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *line = NULL;
  double line_y = -100;
  guint n = 0, i = 0;
  const char *p;

  gb_report_options_init (&o, "dues");
  o.year = 2026;
  report = build (f, &o);
  gb_report_options_clear (&o);
  doc = pdf_of (report);
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
  /* The left column of the heading, above the number, line by line. */
  for (p = text; i < n && *p; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (rects[i].x2 > 95 * PT_PER_MM || rects[i].y1 > 40 * PT_PER_MM || c == '\n')
        continue;
      if (fabs (rects[i].y1 - line_y) > 3)
        {
          if (line)
            g_ptr_array_add (lines, g_strstrip (g_string_free (line, FALSE)));
          line = g_string_new (NULL);
          line_y = rects[i].y1;
        }
      g_string_append_unichar (line, c);
    }
  if (line)
    g_ptr_array_add (lines, g_strstrip (g_string_free (line, FALSE)));
  g_assert_cmpuint (lines->len, >=, 2);
  g_assert_cmpstr (lines->pdata[0], ==, "HIỆP HỘI LÀNG NGHỀ");
  g_assert_cmpstr (lines->pdata[1], ==, "HẢI PHÒNG");
}

/* However long the report, the signature block never stands alone on a
 * page; a report to the city is addressed ("Kính gửi") and sent "as above". */
static void
test_signature_not_alone (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint k = 0; k < 24; k++)
    {
      GbReportOptions o;
      g_autoptr(GbReport) report = NULL;
      g_autoptr(PopplerDocument) doc = NULL;
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;

      g_string_append (words, "Hiệp hội đã phối hợp với các làng nghề tổ chức nhiều hoạt động thiết thực, "
                              "góp phần giữ gìn và phát triển nghề truyền thống của thành phố.\n\n");
      gb_report_options_init (&o, "activity");
      g_free (o.from), o.from = g_strdup ("2021-01-01");
      g_free (o.to), o.to = g_strdup ("2021-09-30");
      o.assessment = g_strdup (words->str);
      report = build (f, &o);
      gb_report_options_clear (&o);
      doc = pdf_of (report);
      assert_no_lone_signature (doc, "Nguyễn An Hưng");
      if (k == 0)
        {
          first = page_text (doc, 0);
          last = page_text (doc, poppler_document_get_n_pages (doc) - 1);
          g_strdelimit (first, "\n", ' ');
          g_assert_nonnull (strstr (first, "Kính gửi: Sở Công Thương thành phố Hải Phòng"));
          g_assert_nonnull (strstr (last, "- Như trên;"));
        }
    }
}


static guint
row_of (GbSheet *sheet, guint column, const char *prefix)
{
  for (guint r = 0; r < sheet->rows->len; r++)
    if (g_str_has_prefix (((char **) sheet->rows->pdata[r])[column], prefix))
      return r;
  g_error ("no row “%s…”", prefix);
  return 0;
}

/* Companies and co-operatives sort by their name after the legal form
 * ("Công ty TNHH An Phát" under A), the form still shown. */
static void
test_roster_legal_form (Fixture *f, gconstpointer data)
{
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  GbSheet *sheet;

  gb_report_options_init (&o, "roster");
  report = build (f, &o);
  gb_report_options_clear (&o);
  sheet = report->sheets->pdata[0];
  g_assert_cmpuint (row_of (sheet, 2, "Công ty TNHH An Phát"), <, row_of (sheet, 2, "Hồ Quang Bình"));
  g_assert_cmpuint (row_of (sheet, 2, "Hợp tác xã Dệt chiếu cói"), <, row_of (sheet, 2, "Công ty TNHH Hải Âu"));
  g_assert_cmpuint (row_of (sheet, 2, "Công ty TNHH Hải Âu"), <, row_of (sheet, 2, "Hợp tác xã Thêu ren"));
  doc = pdf_of (report);
  text = all_text (doc);
  g_assert_nonnull (strstr (text, "Công ty TNHH An"));   /* the form shown */
}


/* The activity report from the command line with staff's own sections in
 * Markdown-light: paragraphs, "## " sub-headings numbered 1, 2…, "- "
 * items, **bold**; the sections numbered on from the figures' IV. */
static void
test_activity_narrative (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("GUILDBOOK_CLI");
  g_autofree char *db = g_strdup (gb_database_get_path (f->db));
  g_autofree char *a = g_build_filename (f->dir, "danh-gia.md", NULL);
  g_autofree char *d = g_build_filename (f->dir, "phuong-huong.md", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "bao-cao.pdf", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  int status;

  g_assert_nonnull (cli);
  g_assert_true (g_file_set_contents (a,
    "## Kết quả nổi bật\n\nHiệp hội đã **hoàn thành** các chỉ tiêu\ncủa năm.\n\n"
    "- Tổ chức cuộc thi Bàn tay vàng;\n- Kết nạp hội viên mới.\n\n## Hạn chế\n\nKinh phí còn hạn hẹp.\n", -1, &error));
  g_assert_true (g_file_set_contents (d, "Mở rộng thị trường cho sản phẩm làng nghề.\n", -1, &error));
  {
    const char *argv[] = { cli, "--db", db, "report", "activity", "--from", "2021-01-01", "--to", "2021-09-30",
                           "--assessment", a, "--proposals", d, "-o", pdf, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("%s", err);
  }
  uri = g_filename_to_uri (pdf, NULL, NULL);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  text = all_text (doc);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "V. ĐÁNH GIÁ CHUNG"));
  g_assert_nonnull (strstr (text, "1. Kết quả nổi bật"));
  g_assert_nonnull (strstr (text, "Hiệp hội đã hoàn thành các chỉ tiêu của năm."));
  g_assert_nonnull (strstr (text, "- Tổ chức cuộc thi Bàn tay vàng;"));
  g_assert_nonnull (strstr (text, "2. Hạn chế"));
  /* No direction: the proposals are VI, not VII. */
  g_assert_nonnull (strstr (text, "VI. KIẾN NGHỊ, ĐỀ XUẤT"));
  g_assert_nonnull (strstr (text, "Mở rộng thị trường cho sản phẩm làng nghề."));
  g_assert_null (strstr (text, "**"));
  g_assert_null (strstr (text, "##"));
  assert_layout (doc);
}


/* Run the CLI; its standard error in @err. */
static gboolean
run_cli (const char *const *argv,
         char              **err)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

/* `report activity --year 2021` reports 2021, not this year; an option a
 * report does not read is refused rather than quietly dropped. */
static void
test_cli_period (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("GUILDBOOK_CLI");
  g_autofree char *db = g_strdup (gb_database_get_path (f->db));
  g_autofree char *pdf = g_build_filename (f->dir, "hoat-dong.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (cli);
  {
    const char *argv[] = { cli, "--db", db, "report", "activity", "--year", "2021", "-o", pdf, NULL };
    g_autofree char *err = NULL;

    if (!run_cli (argv, &err))
      g_error ("report activity --year 2021: %s", err);
  }
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  text = all_text (doc);
  g_assert_nonnull (strstr (text, "Kết quả hoạt động từ ngày 01/01/2021 đến ngày 31/12/2021"));

  {
    const char *refused[][12] = {
      { cli, "--db", db, "report", "roster", "--year", "2021", "-o", pdf, NULL },
      { cli, "--db", db, "report", "dues", "--from", "2021-01-01", "-o", pdf, NULL },
      { cli, "--db", db, "report", "activity", "--year", "2021", "--to", "2021-06-30", "-o", pdf, NULL },
      { cli, "--db", db, "report", "statistics", "--year", "21", "-o", pdf, NULL },
      { cli, "--db", db, "report", "artisans", "--filter", "kind=collective", "-o", pdf, NULL },
      { cli, "--db", db, "report", "dues", "--contest", "1", "-o", pdf, NULL },
      { cli, "--db", db, "report", "roster", "--assessment", pdf, "-o", pdf, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autofree char *err = NULL;

        g_assert_false (run_cli (refused[i], &err));
        g_assert_nonnull (strstr (err, "--"));
      }
  }
}

static char *
zip_text (const char *path, const char *name)
{
  int code = 0;
  zip_t *zip = zip_open (path, ZIP_RDONLY, &code);
  zip_stat_t st;
  zip_file_t *file;
  char *text;

  g_assert_nonnull (zip);
  g_assert_cmpint (zip_stat (zip, name, 0, &st), ==, 0);
  text = g_malloc0 (st.size + 1);
  file = zip_fopen (zip, name, 0);
  g_assert_nonnull (file);
  g_assert_cmpint (zip_fread (file, text, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (file);
  zip_close (zip);
  return text;
}

/* The number format of cell style @s in styles.xml: its formatCode. */
static char *
format_of_style (const char *styles, guint s)
{
  const char *xfs = strstr (styles, "<cellXfs");
  const char *xf = xfs;
  g_autofree char *id = NULL;
  g_autofree char *needle = NULL;
  const char *fmt;
  int num = 0;

  g_assert_nonnull (xfs);
  for (guint i = 0; i <= s; i++)
    {
      xf = strstr (xf + 1, "<xf ");
      g_assert_nonnull (xf);
    }
  g_assert_true (sscanf (strstr (xf, "numFmtId=\"") + 10, "%d", &num) == 1);
  if (num == 0)
    return g_strdup ("General");
  needle = g_strdup_printf ("<numFmt numFmtId=\"%d\" formatCode=\"", num);
  fmt = strstr (styles, needle);
  if (fmt == NULL)
    return g_strdup_printf ("builtin %d", num);
  fmt += strlen (needle);
  return g_strndup (fmt, strchr (fmt, '"') - fmt);
}

/* The style and value of the cell @ref ("D12") in a sheet's XML; FALSE
 * when it is a string or absent. */
static gboolean
number_cell (const char *sheet, const char *ref, guint *style, double *value)
{
  g_autofree char *needle = g_strdup_printf ("<c r=\"%s\"", ref);
  const char *c = strstr (sheet, needle), *end, *v;

  if (c == NULL)
    return FALSE;
  end = strstr (c, "</c>");
  if (end == NULL || g_strstr_len (c, end - c, "t=\"s\"") != NULL)
    return FALSE;
  *style = 0;
  if (g_strstr_len (c, end - c, " s=\""))
    *style = (guint) g_ascii_strtoull (g_strstr_len (c, end - c, " s=\"") + 4, NULL, 10);
  v = g_strstr_len (c, end - c, "<v>");
  if (v == NULL)
    return FALSE;
  *value = g_ascii_strtod (v + 3, NULL);
  return TRUE;
}

/* The XLSX carries the paper's heading and closing, figures as numbers
 * with a thousands format, dates as dates, the header row repeated on
 * every printed page, A4 fitted to the width. */
static void
test_xlsx_layout (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "hoi-phi.xlsx", NULL);
  g_autofree char *sheet = NULL, *shared = NULL, *styles = NULL, *book = NULL;
  g_autofree char *first_ref = NULL;
  GbReportOptions o;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(GRegex) header_row = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  guint style, header = 0;
  double value;

  gb_report_options_init (&o, "dues");
  o.year = 2021;
  o.number = 5;
  o.date = g_strdup ("2021-12-31");
  report = build (f, &o);
  gb_report_options_clear (&o);
  g_assert_true (gb_report_write_xlsx (report, path, &error));
  g_assert_no_error (error);
  sheet = zip_text (path, "xl/worksheets/sheet1.xml");
  shared = zip_text (path, "xl/sharedStrings.xml");
  styles = zip_text (path, "xl/styles.xml");
  book = zip_text (path, "xl/workbook.xml");

  /* The heading and the closing of the paper. */
  for (const char *const *w = (const char *const[]) { "HIỆP HỘI LÀNG NGHỀ HẢI PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                     "Độc lập - Tự do - Hạnh phúc", "Số: 05/BC-HHLN",
                                                     "Hải Phòng, ngày 31 tháng 12 năm 2021", "BÁO CÁO",
                                                     "Tình hình thu hội phí năm 2021", "Nơi nhận:",
                                                     "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn An Hưng", NULL }; *w; w++)
    if (strstr (shared, *w) == NULL)
      g_error ("the sheet lacks “%s”", *w);

  /* The header row ("STT") is below the heading, and printed on every page. */
  header_row = g_regex_new ("<c r=\"A([0-9]+)\" [^>]*t=\"s\"><v>([0-9]+)</v>", 0, 0, NULL);
  {
    /* "STT" is which shared string? */
    const char *stt = strstr (shared, "<t>STT</t>");
    guint index = 0;

    g_assert_nonnull (stt);
    for (const char *p = strstr (shared, "<si>"); p && p < stt; p = strstr (p + 1, "<si>"))
      index++;
    index--;
    g_regex_match (header_row, sheet, 0, &match);
    while (g_match_info_matches (match))
      {
        g_autofree char *row = g_match_info_fetch (match, 1);
        g_autofree char *si = g_match_info_fetch (match, 2);

        if ((guint) atoi (si) == index)
          header = (guint) atoi (row);
        g_match_info_next (match, NULL);
      }
  }
  g_assert_cmpuint (header, >, 4);
  {
    g_autofree char *titles = g_strdup_printf ("!$%u:$%u</definedName>", header, header);
    g_assert_nonnull (strstr (book, "_xlnm.Print_Titles"));
    g_assert_nonnull (strstr (book, titles));
  }
  /* A4 (9), portrait, fitted to one page wide. */
  g_assert_nonnull (strstr (sheet, "paperSize=\"9\""));
  g_assert_nonnull (strstr (sheet, "fitToPage=\"1\""));
  g_assert_nonnull (strstr (sheet, "fitToHeight=\"0\""));
  g_assert_null (strstr (sheet, "orientation=\"landscape\""));

  /* The first row: amount (D) a number with a thousands format, the day
   * paid (E) a date serial with dd/mm/yyyy. */
  first_ref = g_strdup_printf ("D%u", header + 1);
  g_assert_true (number_cell (sheet, first_ref, &style, &value));
  g_assert_cmpfloat (value, >=, 100000);
  {
    g_autofree char *fmt = format_of_style (styles, style);
    g_assert_cmpstr (fmt, ==, "#,##0");
  }
  g_free (first_ref);
  first_ref = g_strdup_printf ("E%u", header + 1);
  g_assert_true (number_cell (sheet, first_ref, &style, &value));
  g_assert_cmpfloat (value, >, 44197);   /* 2021-01-01 */
  g_assert_cmpfloat (value, <, 44562);   /* 2022-01-01 */
  {
    g_autofree char *fmt = format_of_style (styles, style);
    g_assert_cmpstr (fmt, ==, "dd/mm/yyyy");
  }
}

/* A name with a letter the paper's font lacks (U+FF1D, a fullwidth "="):
 * the XLSX holds it exactly; the PDF prints a visible □ in its place and
 * the command warns, naming the text and the letter. */
static void
test_letter_not_in_font (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("GUILDBOOK_CLI");
  const char *name = "Công ty \uFF1D Thử";
  g_autofree char *db = g_strdup (gb_database_get_path (f->db));
  g_autofree char *xlsx = g_build_filename (f->dir, "x.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "x.pdf", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "xlsx-rows.py", NULL);
  g_autofree char *err = NULL, *rows = NULL, *uri = NULL, *text = NULL;
  g_autoptr(GbStore) members = gb_store_new (f->db, GB_TYPE_MEMBER);
  g_autoptr(GbMember) m = gb_member_new ("collective", name);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = NULL;

  g_assert_nonnull (cli);
  g_assert_true (gb_store_insert (members, GB_RECORD (m), &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { cli, "--db", db, "report", "roster", "-o", xlsx, NULL };

    if (!run_cli (argv, &err))
      g_error ("report roster -o x.xlsx: %s", err);
  }
  rows = run_python (script, xlsx);
  g_assert_nonnull (strstr (rows, name));

  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { cli, "--db", db, "report", "roster", "-o", pdf, NULL };

    if (!run_cli (argv, &err))
      g_error ("report roster -o x.pdf: %s", err);
  }
  /* The warning names the text and the letter. */
  g_assert_nonnull (strstr (err, name));
  g_assert_nonnull (strstr (err, "U+FF1D"));
  uri = g_filename_to_uri (pdf, NULL, NULL);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  text = all_text (doc);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "Công ty \u25A1 Thử"));
  g_assert_null (strstr (text, "\uFF1D"));
}

typedef struct
{
  GbTestAsync *async;
  guint        calls;
  int          n_pages;
} FirstPagesSeen;

static void
first_pages_ready (GBytes *pdf, gpointer data)
{
  FirstPagesSeen *seen = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  /* Where the caller waits, and before the whole report. */
  g_assert_true (gb_test_async_here (seen->async));
  g_assert_null (seen->async->result);
  g_assert_no_error (error);
  seen->calls++;
  seen->n_pages = poppler_document_get_n_pages (doc);
}

/* The reports page's way: built on a worker thread with a connection of
 * its own, the first pages of a long report first, then the whole, each
 * on the caller's context; the same words as built here; a cancel stops
 * it before any page is shown. */
static void
test_build_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GbReport) here = NULL;
  g_autoptr(GbReport) there = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(PopplerDocument) here_doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *here_text = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  GbTestAsync async;
  FirstPagesSeen seen = { &async };
  GbReportOptions o;

  gb_report_options_init (&o, "roster");
  o.number = 7;
  here = build (f, &o);
  here_doc = pdf_of (here);
  g_assert_cmpint (poppler_document_get_n_pages (here_doc), >, 2);

  gb_test_async_begin (&async);
  gb_report_build_async (gb_database_get_path (f->db), &o, 2, first_pages_ready, &seen, NULL,
                         gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  there = gb_report_build_finish (result, &pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (there);
  g_assert_nonnull (pdf);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpint (seen.n_pages, ==, 2);
  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, gb_flow_get_n_pages (there->flow));
  text = all_text (doc);
  here_text = all_text (here_doc);
  g_assert_cmpstr (text, ==, here_text);
  g_assert_cmpuint (there->sheets->len, ==, here->sheets->len);
  g_clear_object (&result);

  /* Cancelled before the caller's context runs again: no pages at all. */
  seen.calls = 0;
  gb_report_build_async (gb_database_get_path (f->db), &o, 2, first_pages_ready, &seen, cancellable,
                         gb_test_async_done, &async);
  g_cancellable_cancel (cancellable);
  result = gb_test_async_wait (&async);
  g_assert_null (gb_report_build_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (seen.calls, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A database that is not there: said so, not built. */
  gb_report_build_async (missing, &o, 2, first_pages_ready, &seen, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_null (gb_report_build_finish (result, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  gb_test_async_end (&async);
  gb_report_options_clear (&o);
}

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ADD ("/reports/heading-and-margins", test_heading_and_margins);
  ADD ("/reports/activity-figures", test_activity_figures);
  ADD ("/reports/big-roster", test_big_roster);
  ADD ("/reports/xlsx", test_xlsx);
  ADD ("/reports/other-reports", test_other_reports);
  ADD ("/reports/statistics-by-year", test_statistics_by_year);
  ADD ("/reports/dues-owed", test_dues_owed);
  ADD ("/reports/figures-whole", test_figures_whole);
  ADD ("/reports/issuer-heading", test_issuer_heading);
  ADD ("/reports/signature-not-alone", test_signature_not_alone);
  ADD ("/reports/roster-legal-form", test_roster_legal_form);
  ADD ("/reports/activity-narrative", test_activity_narrative);
  ADD ("/reports/cli-period", test_cli_period);
  ADD ("/reports/xlsx-layout", test_xlsx_layout);
  ADD ("/reports/letter-not-in-font", test_letter_not_in_font);
  ADD ("/reports/build-async", test_build_async);
  return g_test_run ();
}
