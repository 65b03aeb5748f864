/* gb-report-kinds.c — the six reports
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One builder a kind: it reads what the report needs from the stores,
 * then fills the frame (gb-report-frame.c) with its paragraphs and
 * tables, in Vietnamese whatever the window's language.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gb-artisan.h"
#include "gb-chart.h"
#include "gb-contest.h"
#include "gb-decree30.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-paper.h"
#include "gb-report-data.h"
#include "gb-report-private.h"
#include "gb-store.h"
#include "gb-text.h"

/* Words of the paper, in Vietnamese whatever the window's language. */
static const struct { const char *code, *vi; } words[] = {
  { "collective", "Tập thể" }, { "individual", "Cá nhân" },
  { "active", "Đang sinh hoạt" }, { "suspended", "Tạm ngừng" },
  { "resigned", "Đã ra khỏi hội" }, { "deceased", "Đã mất" },
  { "people", "Nghệ nhân nhân dân" }, { "meritorious", "Nghệ nhân ưu tú" },
  { "national_assoc", "Nghệ nhân Làng nghề Việt Nam" },
  { "city_assoc", "Nghệ nhân Làng nghề Hải Phòng" },
  { "provincial_legacy", "Nghệ nhân cấp tỉnh (danh hiệu cũ)" },
  { "skilled_worker", "Thợ giỏi" }, { "golden_hand", "Bàn tay vàng" },
  { "conference", "Hội nghị, hội thảo" }, { "contest", "Cuộc thi" },
  { "visit", "Tham quan, khảo sát" }, { "training", "Đào tạo, tập huấn" },
  { "cooperation", "Chương trình phối hợp" }, { "fundraising", "Vận động ủng hộ" },
  { "fair", "Hội chợ, triển lãm" }, { "other", "Khác" },
};

static const char *
vi (const char *code)
{
  for (guint i = 0; code && i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i].code, code))
      return words[i].vi;
  return code ? code : "";
}

/* Legal forms written before a collective member's own name, longest
 * first (Enterprise Law 2020, Co-operative Law 2023, household business). */
static const char *const legal_forms[] = {
  "Công ty trách nhiệm hữu hạn một thành viên", "Công ty trách nhiệm hữu hạn", "Công ty TNHH MTV",
  "Công ty TNHH", "Công ty cổ phần", "Công ty CP", "Công ty hợp danh", "Công ty",
  "Doanh nghiệp tư nhân", "DNTN", "Liên hiệp hợp tác xã", "Hợp tác xã", "HTX", "Tổ hợp tác",
  "Hộ kinh doanh", NULL,
};

/* The name a collective member is sorted by: what follows its legal form. */
static const char *
after_legal_form (const char *name)
{
  glong length = g_utf8_strlen (name, -1);

  for (guint i = 0; legal_forms[i]; i++)
    {
      glong n = g_utf8_strlen (legal_forms[i], -1);
      const char *end = n < length ? g_utf8_offset_to_pointer (name, n) : NULL;
      g_autofree char *head = end ? g_utf8_casefold (name, end - name) : NULL;
      g_autofree char *form = g_utf8_casefold (legal_forms[i], -1);

      if (end && *end == ' ' && g_str_equal (head, form))
        {
          const char *rest = end;

          while (*rest == ' ')
            rest++;
          if (*rest)
            return rest;
        }
    }
  return name;
}

typedef struct
{
  GBytes   *key;
  GbMember *member;
  guint     index;
} Sorted;

static int
compare_sorted (gconstpointer a,
                gconstpointer b)
{
  const Sorted *x = a, *y = b;
  int c = g_bytes_compare (x->key, y->key);

  return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* People by given name; companies and co-operatives by their name after
 * the legal form ("Công ty TNHH An Phát" under A), not all under C. */
static void
sort_members (GPtrArray *members)
{
  g_autofree Sorted *sorted = g_new0 (Sorted, MAX (members->len, 1));

  for (guint i = 0; i < members->len; i++)
    {
      GbMember *m = members->pdata[i];

      sorted[i].member = m;
      sorted[i].index = i;
      sorted[i].key = g_strcmp0 (m->kind, "collective") == 0 ? gb_text_sort_key (after_legal_form (m->name))
                                                             : gb_text_person_sort_key (m->name);
    }
  qsort (sorted, members->len, sizeof (Sorted), compare_sorted);
  for (guint i = 0; i < members->len; i++)
    {
      members->pdata[i] = sorted[i].member;
      g_bytes_unref (sorted[i].key);
    }
}

gboolean
gb_report_build_roster (Builder  *b,
                        GError  **error)
{
  g_autoptr(GbStore) store = gb_store_new (b->db, GB_TYPE_MEMBER);
  g_autoptr(GbQuery) query = gb_query_new ();
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *date = gb_report_day (b->date);
  g_autofree char *total = NULL;
  static const Column columns[] = {
    { "STT", 0.55, GB_ALIGN_RIGHT, TRUE },
    { "Số hội viên", 1.0, GB_ALIGN_LEFT, FALSE },
    { "Tên hội viên", 2.6, GB_ALIGN_LEFT, FALSE },
    { "Loại", 0.9, GB_ALIGN_LEFT, FALSE },
    { "Nghề", 1.4, GB_ALIGN_LEFT, FALSE },
    { "Xã, phường", 1.5, GB_ALIGN_LEFT, FALSE },
    { "Ngày vào hội", 1.1, GB_ALIGN_LEFT, FALSE },
  };
  gint64 collective = 0, individual = 0;
  Table t;

  for (guint i = 0; b->o->filters && b->o->filters[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (b->o->filters[i], "=", 2);

      if (pair[0] && pair[1])
        gb_query_add_filter (query, pair[0], pair[1]);
    }
  gb_query_set_sort (query, "name", FALSE);
  if ((members = gb_store_query (store, query, error)) == NULL)
    return FALSE;
  sort_members (members);

  subject = g_strdup_printf ("Hội viên %s (đến ngày %s)", b->assoc ? b->assoc->name : "", date);
  gb_report_begin (b, FALSE, "DS", "DANH SÁCH", subject, gb_report_to_file);
  t = gb_report_add_table (b, "Hội viên", columns, G_N_ELEMENTS (columns), 12);
  for (guint i = 0; i < members->len; i++)
    {
      GbMember *m = members->pdata[i];
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *joined = gb_report_day (m->joined_date);
      const char *cells[] = { n, m->member_no, m->name, vi (m->kind), m->craft_name ? m->craft_name : "",
                              m->commune ? m->commune : "", joined, NULL };

      if (g_strcmp0 (m->kind, "collective") == 0)
        collective++;
      else
        individual++;
      gb_report_add_row (&t, cells);
    }
  total = g_strdup_printf ("Tổng cộng: %u hội viên (%" G_GINT64_FORMAT " tập thể, %" G_GINT64_FORMAT
                           " cá nhân)", members->len, collective, individual);
  {
    const char *footer[] = { "", "", total, "", "", "", "", NULL };
    gb_report_set_footer (&t, footer);
  }
  gb_report_end (b);
  b->report->file_stem = g_strdup ("danh-sach-hoi-vien");
  return TRUE;
}

gboolean
gb_report_build_artisans (Builder  *b,
                          GError  **error)
{
  g_autoptr(GbStore) store = gb_store_new (b->db, GB_TYPE_ARTISAN);
  g_autoptr(GbStore) title_store = gb_store_new (b->db, GB_TYPE_TITLE);
  g_autoptr(GbQuery) query = gb_query_new ();
  g_autoptr(GPtrArray) artisans = NULL;
  g_autoptr(GHashTable) by_artisan = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            (GDestroyNotify) g_ptr_array_unref);
  g_autofree char *subject = NULL;
  g_autofree char *total = NULL;
  static const Column columns[] = {
    { "STT", 0.5, GB_ALIGN_RIGHT, TRUE },
    { "Họ và tên", 2.0, GB_ALIGN_LEFT, FALSE },
    { "Năm sinh", 0.75, GB_ALIGN_LEFT, TRUE },
    { "Nghề", 1.3, GB_ALIGN_LEFT, FALSE },
    { "Làng nghề", 1.1, GB_ALIGN_LEFT, FALSE },
    { "Danh hiệu", 2.0, GB_ALIGN_LEFT, FALSE },
    { "Quyết định số", 1.2, GB_ALIGN_LEFT, FALSE },
    { "Ngày quyết định", 1.05, GB_ALIGN_LEFT, FALSE },
    { "Số giấy chứng nhận", 1.3, GB_ALIGN_LEFT, FALSE },
  };
  guint n = 0, n_titles = 0;
  Table t;

  gb_query_set_sort (query, "name", FALSE);
  if ((artisans = gb_store_query (store, query, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < artisans->len; i++)
    {
      gint64 *id = g_new (gint64, 1);
      GPtrArray *list;

      *id = gb_record_get_id (artisans->pdata[i]);
      if ((list = gb_store_list_by (title_store, "artisan_id", *id, error)) == NULL)
        {
          g_free (id);
          return FALSE;
        }
      g_hash_table_insert (by_artisan, id, list);
    }

  {
    g_autofree char *date = gb_report_day (b->date);
    subject = g_strdup_printf ("Nghệ nhân được công nhận danh hiệu (đến ngày %s)", date);
  }
  gb_report_begin (b, TRUE, "DS", "DANH SÁCH", subject, gb_report_to_city);
  t = gb_report_add_table (b, "Nghệ nhân", columns, G_N_ELEMENTS (columns), 11);
  for (guint i = 0; i < artisans->len; i++)
    {
      GbArtisan *a = artisans->pdata[i];
      gint64 id = gb_record_get_id (GB_RECORD (a));
      GPtrArray *list = g_hash_table_lookup (by_artisan, &id);
      g_autofree char *num = g_strdup_printf ("%u", ++n);
      g_autofree char *year = a->birth_year > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, a->birth_year)
                                                : g_strdup ("");

      for (guint k = 0; k < MAX (list->len, 1); k++)
        {
          GbTitle *ti = k < list->len ? list->pdata[k] : NULL;
          g_autofree char *decided = ti ? gb_report_day (ti->decision_date) : g_strdup ("");
          g_autofree char *cert = ti ? gb_report_certificate_for_title (b->db, gb_record_get_id (GB_RECORD (ti)))
                                     : NULL;
          g_autofree char *title = NULL;
          const char *cells[10];

          if (ti)
            {
              n_titles++;
              title = g_strdup_printf ("%s%s", ti->name && *ti->name ? ti->name : vi (ti->kind),
                                       ti->revoked_date && *ti->revoked_date ? " (đã thu hồi)" : "");
            }
          cells[0] = k == 0 ? num : "";
          cells[1] = k == 0 ? a->name : "";
          cells[2] = k == 0 ? year : "";
          cells[3] = k == 0 && a->craft_name ? a->craft_name : "";
          cells[4] = k == 0 && a->village ? a->village : "";
          cells[5] = title ? title : "";
          cells[6] = ti && ti->decision_no ? ti->decision_no : "";
          cells[7] = decided;
          cells[8] = cert ? cert : "";
          cells[9] = NULL;
          gb_report_add_row (&t, cells);
        }
    }
  total = g_strdup_printf ("Tổng cộng: %u nghệ nhân, %u danh hiệu", n, n_titles);
  {
    const char *footer[] = { "", total, "", "", "", "", "", "", "", NULL };
    gb_report_set_footer (&t, footer);
  }
  gb_report_end (b);
  b->report->file_stem = g_strdup ("danh-sach-nghe-nhan");
  return TRUE;
}

static char *
period_words (const char *from,
              const char *to)
{
  g_autofree char *a = gb_report_day (from);
  g_autofree char *z = gb_report_day (to);

  return g_strdup_printf ("từ ngày %s đến ngày %s", a, z);
}

gboolean
gb_report_build_activity (Builder  *b,
                          GError  **error)
{
  GbActivity a;
  g_autoptr(GPtrArray) kinds = NULL;
  g_autofree char *period = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *donated = NULL;
  static const Column member_columns[] = {
    { "Đầu kỳ", 1, GB_ALIGN_RIGHT, TRUE },
    { "Kết nạp mới", 1, GB_ALIGN_RIGHT, TRUE },
    { "Ra khỏi hội", 1, GB_ALIGN_RIGHT, TRUE },
    { "Cuối kỳ", 1, GB_ALIGN_RIGHT, TRUE },
  };
  static const Column event_columns[] = {
    { "STT", 0.5, GB_ALIGN_RIGHT, TRUE },
    { "Loại hoạt động", 3, GB_ALIGN_LEFT, FALSE },
    { "Số hoạt động", 1.2, GB_ALIGN_RIGHT, TRUE },
  };
  Table t;

  if (b->o->from == NULL || b->o->to == NULL || !gb_text_is_valid_iso_date (b->o->from)
      || !gb_text_is_valid_iso_date (b->o->to) || strcmp (b->o->from, b->o->to) > 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The period needs a first and a last day, the first not after the last."));
      return FALSE;
    }
  if (!gb_report_activity (b->db, b->o->from, b->o->to, &a, error)
      || (kinds = gb_report_tally (b->db, GB_TALLY_EVENTS_BY_KIND, b->o->from, b->o->to, error)) == NULL)
    return FALSE;

  period = period_words (b->o->from, b->o->to);
  subject = g_strdup_printf ("Kết quả hoạt động %s", period);
  gb_report_begin (b, FALSE, "BC", "BÁO CÁO", subject, gb_report_to_city);

  gb_report_section (b, "TÌNH HÌNH HỘI VIÊN");
  gb_report_para (b, "Đầu kỳ báo cáo, Hiệp hội có %" G_GINT64_FORMAT " hội viên. Trong kỳ, "
                  "Hiệp hội kết nạp %" G_GINT64_FORMAT " hội viên mới; %" G_GINT64_FORMAT
                  " hội viên ra khỏi hội. Đến cuối kỳ, Hiệp hội có %" G_GINT64_FORMAT " hội viên.",
                  a.members_start, a.joined, a.left, a.members_end);
  t = gb_report_add_table (b, "Hội viên", member_columns, G_N_ELEMENTS (member_columns), 13);
  {
    g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, a.members_start);
    g_autofree char *j = g_strdup_printf ("%" G_GINT64_FORMAT, a.joined);
    g_autofree char *l = g_strdup_printf ("%" G_GINT64_FORMAT, a.left);
    g_autofree char *e = g_strdup_printf ("%" G_GINT64_FORMAT, a.members_end);
    const char *cells[] = { s, j, l, e, NULL };
    gb_report_add_row (&t, cells);
  }

  gb_report_section (b, "CÔNG NHẬN NGHỆ NHÂN");
  gb_report_para (b, "Trong kỳ, %" G_GINT64_FORMAT " danh hiệu nghệ nhân, thợ giỏi được công nhận.",
                  a.artisans_recognized);

  gb_report_section (b, "CÁC HOẠT ĐỘNG");
  gb_report_para (b, "Hiệp hội tổ chức và tham gia %" G_GINT64_FORMAT " hoạt động, trong đó có %"
                  G_GINT64_FORMAT " cuộc thi với %" G_GINT64_FORMAT " giải thưởng được trao.",
                  a.events, a.contests, a.awards);
  t = gb_report_add_table (b, "Hoạt động", event_columns, G_N_ELEMENTS (event_columns), 13);
  for (guint i = 0; i < kinds->len; i++)
    {
      GbTally *k = kinds->pdata[i];
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *c = g_strdup_printf ("%" G_GINT64_FORMAT, k->count);
      const char *cells[] = { n, vi (k->code), c, NULL };
      gb_report_add_row (&t, cells);
    }
  {
    g_autofree char *c = g_strdup_printf ("%" G_GINT64_FORMAT, a.events);
    const char *footer[] = { "", "Tổng cộng", c, NULL };
    gb_report_set_footer (&t, footer);
  }

  gb_report_section (b, "VẬN ĐỘNG ỦNG HỘ");
  donated = gb_report_money (a.donations_total);
  gb_report_para (b, "Các đợt vận động nhận được %" G_GINT64_FORMAT " lượt ủng hộ với tổng số "
                  "tiền %s đồng.",
                  a.donations, donated);

  gb_report_narrative (b, "ĐÁNH GIÁ CHUNG", b->o->assessment);
  gb_report_narrative (b, "PHƯƠNG HƯỚNG, NHIỆM VỤ", b->o->direction);
  gb_report_narrative (b, "KIẾN NGHỊ, ĐỀ XUẤT", b->o->proposals);
  gb_report_end (b);
  b->report->file_stem = g_strdup ("bao-cao-hoat-dong");
  return TRUE;
}

/* The fee of a @kind of member for @year from a schedule a(ixx) of
 * (first year, collective, individual): the latest entry not after the
 * year. -1 when the schedule has none. */
gint64
gb_report_fee (GVariant   *fees,
               int         year,
               const char *kind)
{
  GVariantIter iter;
  gint32 from, best = G_MININT32;
  gint64 collective, individual, fee = -1;

  if (fees == NULL || !g_variant_is_of_type (fees, G_VARIANT_TYPE ("a(ixx)")))
    return -1;
  g_variant_iter_init (&iter, fees);
  while (g_variant_iter_next (&iter, "(ixx)", &from, &collective, &individual))
    if (from <= year && from > best)
      {
        best = from;
        fee = g_strcmp0 (kind, "collective") == 0 ? collective : individual;
      }
  return fee;
}

/* The schedule set in Preferences; NULL where the settings' schema is not
 * installed (a CLI run from a build folder). */
GVariant *
gb_report_fees_from_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "dues-fees"))
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_value (settings, "dues-fees");
}

gboolean
gb_report_build_dues (Builder  *b,
                      GError  **error)
{
  g_autoptr(GPtrArray) rows = gb_report_dues (b->db, b->o->year, error);
  g_autofree char *subject = NULL;
  g_autofree char *paid_sum = NULL;
  g_autofree char *owed_sum = NULL;
  static const Column columns[] = {
    { "STT", 0.55, GB_ALIGN_RIGHT, TRUE },
    { "Số hội viên", 1.0, GB_ALIGN_LEFT, FALSE },
    { "Tên hội viên", 2.6, GB_ALIGN_LEFT, FALSE },
    { "Số tiền (đồng)", 1.2, GB_ALIGN_RIGHT, TRUE },
    { "Ngày nộp", 1.05, GB_ALIGN_LEFT, FALSE },
    { "Biên lai", 0.9, GB_ALIGN_LEFT, FALSE },
    { "Tình trạng", 1.0, GB_ALIGN_LEFT, FALSE },
  };
  gint64 paid = 0, paid_total = 0, owed = 0, owed_total = 0;
  Table t;

  if (rows == NULL)
    return FALSE;
  /* A member with no dues recorded for the year owes the year's fee. */
  for (guint i = 0; i < rows->len; i++)
    {
      GbDuesRow *r = rows->pdata[i];

      if (r->amount < 0 && (r->amount = gb_report_fee (b->o->fees, b->o->year, r->kind)) < 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("No dues are set for %d: set the fee of each kind of member in Preferences."),
                       b->o->year);
          return FALSE;
        }
    }
  subject = g_strdup_printf ("Tình hình thu hội phí năm %d", b->o->year);
  gb_report_begin (b, FALSE, "BC", "BÁO CÁO", subject, gb_report_to_file);
  for (guint i = 0; i < rows->len; i++)
    {
      GbDuesRow *r = rows->pdata[i];

      if (r->paid_date)
        paid++, paid_total += r->amount;
      else
        owed++, owed_total += r->amount;
    }
  paid_sum = gb_report_money (paid_total);
  owed_sum = gb_report_money (owed_total);
  gb_report_para (b, "Năm %d, %" G_GINT64_FORMAT " hội viên đã nộp hội phí với tổng số tiền %s "
                  "đồng; %" G_GINT64_FORMAT " hội viên chưa nộp, số tiền còn phải thu là %s đồng.",
                  b->o->year, paid, paid_sum, owed, owed_sum);
  t = gb_report_add_table (b, "Hội phí", columns, G_N_ELEMENTS (columns), 12);
  for (guint i = 0; i < rows->len; i++)
    {
      GbDuesRow *r = rows->pdata[i];
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *amount = gb_report_money (r->amount);
      g_autofree char *date = gb_report_day (r->paid_date);
      const char *cells[] = { n, r->member_no, r->name, amount, date, r->receipt_no ? r->receipt_no : "",
                              r->paid_date ? "Đã nộp" : "Chưa nộp", NULL };
      gb_report_add_row (&t, cells);
    }
  {
    g_autofree char *all = gb_report_money (paid_total + owed_total);
    /* A figure stays on the line of the words it completes. */
    g_autofree char *summary = g_strdup_printf ("Đã thu\u00a0%s; còn phải thu\u00a0%s", paid_sum, owed_sum);
    const char *footer[] = { "", "", "Tổng cộng", all, summary, "", "", NULL };
    gb_report_set_footer (&t, footer);
  }
  gb_report_end (b);
  b->report->file_stem = g_strdup_printf ("hoi-phi-%d", b->o->year);
  return TRUE;
}

static char *
score_text (double score)
{
  g_autofree char *s = g_strdup_printf ("%.2f", score);

  return g_strdelimit (g_steal_pointer (&s), ".", ',');   /* "8,75" */
}

gboolean
gb_report_build_contest (Builder  *b,
                         GError  **error)
{
  g_autoptr(GbStore) events = gb_store_new (b->db, GB_TYPE_EVENT);
  g_autoptr(GbStore) judges = gb_store_new (b->db, GB_TYPE_CONTEST_JUDGE);
  g_autoptr(GbStore) criteria = gb_store_new (b->db, GB_TYPE_CONTEST_CRITERION);
  g_autoptr(GbRecord) record = NULL;
  g_autoptr(GPtrArray) ranking = NULL;
  g_autoptr(GPtrArray) judge_list = NULL;
  g_autoptr(GPtrArray) criterion_list = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) weights = g_string_new (NULL);
  g_autofree char *subject = NULL;
  g_autofree char *start = NULL;
  static const Column columns[] = {
    { "Hạng", 0.6, GB_ALIGN_RIGHT, TRUE },
    { "Người dự thi", 2.2, GB_ALIGN_LEFT, FALSE },
    { "Sản phẩm", 2.6, GB_ALIGN_LEFT, FALSE },
    { "Điểm", 0.8, GB_ALIGN_RIGHT, TRUE },
    { "Giải thưởng", 1.6, GB_ALIGN_LEFT, FALSE },
  };
  GbEvent *ev;
  Table t;

  if (b->o->contest_id <= 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("Choose the contest."));
      return FALSE;
    }
  if ((record = gb_store_get (events, b->o->contest_id, error)) == NULL)
    return FALSE;
  ev = GB_EVENT (record);
  if (g_strcmp0 (ev->kind, "contest") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not a contest."), ev->title);
      return FALSE;
    }
  if ((ranking = gb_contest_ranking (b->db, b->o->contest_id, error)) == NULL
      || (judge_list = gb_store_list_by (judges, "event_id", b->o->contest_id, error)) == NULL
      || (criterion_list = gb_store_list_by (criteria, "event_id", b->o->contest_id, error)) == NULL)
    return FALSE;

  subject = g_strdup_printf ("Kết quả %s", ev->title);
  gb_report_begin (b, FALSE, "BC", "BÁO CÁO", subject, gb_report_to_city);
  start = gb_paper_date_range (ev->start_date, ev->end_date);
  for (guint i = 0; i < judge_list->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", GB_CONTEST_JUDGE (judge_list->pdata[i])->name);
  for (guint i = 0; i < criterion_list->len; i++)
    {
      GbContestCriterion *c = criterion_list->pdata[i];
      g_autofree char *w = g_strdup_printf ("%g", c->weight);

      g_strdelimit (w, ".", ',');
      g_string_append_printf (weights, "%s%s (hệ số %s)", i ? ", " : "", c->name, w);
    }
  gb_report_para (b, "%s được tổ chức %s%s%s với %u sản phẩm dự thi.", ev->title, start,
                  ev->place && *ev->place ? " tại " : "", ev->place ? ev->place : "", ranking->len);
  if (judge_list->len)
    gb_report_para (b, "Ban giám khảo gồm %u thành viên: %s.", judge_list->len, names->str);
  if (criterion_list->len)
    gb_report_para (b, "Tiêu chí chấm điểm: %s. Điểm của mỗi sản phẩm là trung bình điểm của các "
                    "giám khảo.",
                    weights->str);
  t = gb_report_add_table (b, "Kết quả", columns, G_N_ELEMENTS (columns), 12);
  for (guint i = 0; i < ranking->len; i++)
    {
      GbRankedEntry *e = ranking->pdata[i];
      g_autofree char *rank = g_strdup_printf ("%u", e->rank);
      g_autofree char *score = e->n_scores ? score_text (e->score) : g_strdup ("");
      const char *cells[] = { rank, e->entrant, e->product, score, e->awards ? e->awards : "", NULL };
      gb_report_add_row (&t, cells);
    }
  gb_report_end (b);
  b->report->file_stem = g_strdup ("ket-qua-cuoc-thi");
  return TRUE;
}

static void
chart_from (Builder     *b,
            GbChartKind  kind,
            const char  *title,
            GPtrArray   *tallies,
            gboolean     translate,
            gboolean     cumulative,
            gint64       start,
            guint        most)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 running = start, rest = 0;

  for (guint i = 0; i < tallies->len; i++)
    {
      GbTally *t = tallies->pdata[i];
      gint64 v;

      if (i >= most)
        {
          rest += t->count;
          continue;
        }
      running += t->count;
      v = cumulative ? running : t->count;
      g_ptr_array_add (labels, (gpointer) (translate ? vi (t->code) : (t->code && *t->code ? t->code : "(chưa ghi)")));
      g_array_append_val (values, v);
    }
  if (rest > 0)
    {
      g_ptr_array_add (labels, (gpointer) "Khác");
      g_array_append_val (values, rest);
    }
  gb_flow_add_chart (b->report->flow, kind, title, (const char *const *) labels->pdata,
                     (const gint64 *) values->data, labels->len);
}

gboolean
gb_report_build_statistics (Builder  *b,
                            GError  **error)
{
  g_autoptr(GPtrArray) crafts = NULL;
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GPtrArray) years = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *until = g_strdup_printf ("%d-12-31", b->o->year);
  static const Column columns[] = {
    { "Chỉ tiêu", 3, GB_ALIGN_LEFT, FALSE },
    { "Nhóm", 2.4, GB_ALIGN_LEFT, FALSE },
    { "Số lượng", 1, GB_ALIGN_RIGHT, TRUE },
  };
  Table t;

  /* Every figure as it stood on the year's last day. */
  if ((crafts = gb_report_tally (b->db, GB_TALLY_MEMBERS_BY_CRAFT, NULL, until, error)) == NULL
      || (communes = gb_report_tally (b->db, GB_TALLY_MEMBERS_BY_COMMUNE, NULL, until, error)) == NULL
      || (years = gb_report_tally (b->db, GB_TALLY_MEMBERS_JOINED_BY_YEAR, NULL, until, error)) == NULL
      || (titles = gb_report_tally (b->db, GB_TALLY_ARTISANS_BY_TITLE, NULL, until, error)) == NULL)
    return FALSE;
  subject = g_strdup_printf ("Thống kê hội viên và nghệ nhân năm %d", b->o->year);
  gb_report_begin (b, FALSE, "BC", "BÁO CÁO", subject, gb_report_to_city);
  chart_from (b, GB_CHART_BARS, "Hội viên theo nghề", crafts, FALSE, FALSE, 0, 12);
  chart_from (b, GB_CHART_BARS, "Hội viên theo xã, phường", communes, FALSE, FALSE, 0, 12);
  {
    /* The last twelve years of growth, as members at each year's end. */
    guint skip = years->len > 12 ? years->len - 12 : 0;
    g_autoptr(GPtrArray) last = g_ptr_array_new ();
    gint64 before = 0;

    for (guint i = 0; i < years->len; i++)
      if (i < skip)
        before += ((GbTally *) years->pdata[i])->count;
      else
        g_ptr_array_add (last, years->pdata[i]);
    /* The years before the twelve shown count in the first column's total. */
    chart_from (b, GB_CHART_COLUMNS, "Số hội viên qua các năm (đã kết nạp, cộng dồn)", last, FALSE, TRUE,
                before, 12);
  }
  chart_from (b, GB_CHART_BARS, "Nghệ nhân theo danh hiệu", titles, TRUE, FALSE, 0, 12);

  t = gb_report_add_table (b, "Thống kê", columns, G_N_ELEMENTS (columns), 12);
  {
    struct { const char *what; GPtrArray *list; gboolean translate; } groups[] = {
      { "Hội viên theo nghề", crafts, FALSE },
      { "Hội viên theo xã, phường", communes, FALSE },
      { "Kết nạp theo năm", years, FALSE },
      { "Nghệ nhân theo danh hiệu", titles, TRUE },
    };

    for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
      for (guint i = 0; i < groups[g].list->len; i++)
        {
          GbTally *ta = groups[g].list->pdata[i];
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, ta->count);
          const char *cells[] = { i == 0 ? groups[g].what : "",
                                  groups[g].translate ? vi (ta->code) : (ta->code && *ta->code ? ta->code : "(chưa ghi)"),
                                  n, NULL };
          gb_report_add_row (&t, cells);
        }
  }
  gb_report_end (b);
  b->report->file_stem = g_strdup_printf ("thong-ke-%d", b->o->year);
  return TRUE;
}
