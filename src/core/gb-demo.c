/* gb-demo.c — a deterministic demo of the Hải Phòng association
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The association, its chairman, its crafts, villages and 2021 events are
 * those of the source article (see shared/DESIGN.md); every other person is
 * invented. The same database comes out on every machine: a fixed-seed
 * generator of our own, not GRand, so no GLib change can reshuffle it.
 * Communes after the 2025 reform are illustrative; the former address keeps
 * the village's old commune and district.
 */
#define G_LOG_DOMAIN "gb-demo"

#include "config.h"

#include <cairo.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-artisan.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-text.h"

typedef struct
{
  const char *village;
  const char *craft;
  const char *former;     /* xã, huyện before 1 July 2025 */
  const char *commune;    /* after the reform (illustrative) */
} Village;

static const Village villages[] = {
  { "Mỹ Đồng", "Đúc đồng", "xã Mỹ Đồng, huyện Thủy Nguyên, thành phố Hải Phòng", "phường Thủy Nguyên" },
  { "Lật Dương", "Dệt chiếu cói", "xã Lật Dương, huyện Tiên Lãng, thành phố Hải Phòng", "xã Tiên Lãng" },
  { "Bảo Hà", "Tạc tượng, sơn mài", "xã Đồng Minh, huyện Vĩnh Bảo, thành phố Hải Phòng", "xã Vĩnh Bảo" },
  { "Bảo Hà", "Múa rối nước", "xã Đồng Minh, huyện Vĩnh Bảo, thành phố Hải Phòng", "xã Vĩnh Bảo" },
  { "Kê Sơn", "Mộc mỹ nghệ", "xã Hiệp Hòa, huyện Vĩnh Bảo, thành phố Hải Phòng", "xã Vĩnh Bảo" },
  { "Chính Mỹ", "Mây tre đan", "xã Chính Mỹ, huyện Thủy Nguyên, thành phố Hải Phòng", "phường Thủy Nguyên" },
  { "Đại Đồng", "Dệt thảm", "xã Đại Đồng, huyện Kiến Thụy, thành phố Hải Phòng", "xã Kiến Thụy" },
  { "Cộng Hiền", "Thêu ren", "xã Cộng Hiền, huyện Vĩnh Bảo, thành phố Hải Phòng", "xã Vĩnh Bảo" },
  { "Dưỡng Động", "Gốm", "xã Tam Hưng, huyện Thủy Nguyên, thành phố Hải Phòng", "phường Thủy Nguyên" },
  { "Mông Thượng", "Hoa, cây cảnh", "xã Quang Hưng, huyện An Lão, thành phố Hải Phòng", "xã An Lão" },
  { "Vạn Vân", "Nước mắm", "xã Văn Phong, huyện Cát Hải, thành phố Hải Phòng", "đặc khu Cát Hải" },
  { "Chu Đậu", "Gốm sứ", "xã Thái Tân, huyện Nam Sách, tỉnh Hải Dương", "xã Nam Sách" },
  { "Xuân Nẻo", "Thêu ren", "xã Hưng Đạo, huyện Tứ Kỳ, tỉnh Hải Dương", "xã Tứ Kỳ" },
  { "Cúc Bồ", "Mộc dân dụng", "xã Kiến Quốc, huyện Ninh Giang, tỉnh Hải Dương", "xã Ninh Giang" },
  { "Đông Giao", "Chạm khắc gỗ", "xã Lương Điền, huyện Cẩm Giàng, tỉnh Hải Dương", "xã Cẩm Giàng" },
};

static const char *const families[] = {
  "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
  "Ngô", "Dương", "Lý", "Đào", "Đinh", "Mạc", "Phan", "Cao", "Lương", "Tô",
};
static const char *const male_middles[] = { "Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Xuân", "Thành" };
static const char *const female_middles[] = { "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng" };
static const char *const male_givens[] = {
  "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long",
  "Minh", "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Toàn", "Tuấn", "Việt", "Thịnh",
};
static const char *const female_givens[] = {
  "Anh", "Ánh", "Chi", "Dung", "Đào", "Hà", "Hạnh", "Hoa", "Hương", "Lan",
  "Liên", "Mai", "Ngân", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Yến", "Ảnh",
};
static const char *const brands[] = {
  "Phúc Lộc", "Thành Đạt", "Hưng Thịnh", "An Phát", "Minh Long", "Tân Tiến",
  "Đông Á", "Hải Âu", "Sao Đỏ", "Bạch Đằng", "Hồng Bàng", "Cát Bà",
};

typedef struct
{
  guint64 state;
} Rng;

/* splitmix64: small, fast, and the same everywhere. */
static guint32
rng_next (Rng *rng)
{
  guint64 z = (rng->state += 0x9E3779B97F4A7C15ULL);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return (guint32) ((z ^ (z >> 31)) >> 32);
}

static guint
rng_below (Rng   *rng,
           guint  n)
{
  return rng_next (rng) % n;
}

#define PICK(rng, array) (array)[rng_below ((rng), G_N_ELEMENTS (array))]

static char *
person_name (Rng      *rng,
             gboolean  female)
{
  return g_strdup_printf ("%s %s %s", PICK (rng, families),
                          female ? PICK (rng, female_middles) : PICK (rng, male_middles),
                          female ? PICK (rng, female_givens) : PICK (rng, male_givens));
}

static char *
phone_number (Rng *rng)
{
  static const char *const prefixes[] = { "090", "091", "093", "097", "098", "086", "0225" };
  const char *prefix = PICK (rng, prefixes);

  return g_strdup_printf ("%s%0*u", prefix, 10 - (int) strlen (prefix),
                          rng_next (rng) % (strlen (prefix) == 3 ? 10000000u : 1000000u));
}

typedef struct
{
  GbDatabase *db;
  Rng         rng;
  GbStore    *members;
  GbStore    *artisans;
  GbStore    *events;
  GbStore    *crafts;
  GbStore    *titles;
  GbStore    *participants;
  GbStore    *entries;
  GbStore    *judges;
  GbStore    *criteria;
  GbStore    *scores;
  GbStore    *awards;
  GbStore    *donations;
  GbStore    *dues;
  GbStore    *association;
  gint64      craft_ids[G_N_ELEMENTS (villages)];
  gint64      member_ids[GB_DEMO_COLLECTIVE_MEMBERS + GB_DEMO_INDIVIDUAL_MEMBERS];
  gint64      artisan_ids[GB_DEMO_ARTISANS];
  char       *artisan_names[GB_DEMO_ARTISANS];
  guint       artisan_village[GB_DEMO_ARTISANS];
} Demo;

static gboolean
add (GbStore    *store,
     gpointer    record,
     gint64     *out_id,
     GError    **error)
{
  gboolean ok = gb_store_insert (store, GB_RECORD (record), error);

  if (ok && out_id != NULL)
    *out_id = gb_record_get_id (GB_RECORD (record));
  g_object_unref (record);
  return ok;
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A made-up emblem for the demo association: a lotus in a ring. */
static GBytes *
demo_logo (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 240);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_translate (cr, 120, 120);
  cairo_set_source_rgb (cr, 0.61, 0.11, 0.11);
  cairo_arc (cr, 0, 0, 112, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.98, 0.86, 0.45);
  cairo_set_line_width (cr, 6);
  cairo_arc (cr, 0, 0, 96, 0, 2 * G_PI);
  cairo_stroke (cr);
  for (int i = -2; i <= 2; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, 40);
      cairo_rotate (cr, i * 0.42);
      cairo_move_to (cr, 0, 0);
      cairo_curve_to (cr, -30, -40, -18, -95, 0, -112);
      cairo_curve_to (cr, 18, -95, 30, -40, 0, 0);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  cairo_rectangle (cr, -60, 52, 120, 8);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static gboolean
fill_profile (Demo    *demo,
              GError **error)
{
  g_autoptr(GbRecord) record = gb_store_get (demo->association, 1, error);
  GbAssociation *a;

  if (record == NULL)
    return FALSE;
  a = GB_ASSOCIATION (record);
  g_free (a->name), a->name = g_strdup ("Hiệp hội Làng nghề Hải Phòng");
  g_free (a->short_name), a->short_name = g_strdup ("HHLN Hải Phòng");
  g_free (a->symbol), a->symbol = g_strdup ("HHLN");
  g_free (a->address), a->address = g_strdup ("Số 12 phố Điện Biên Phủ, phường Hồng Bàng, "
                                              "thành phố Hải Phòng");
  g_free (a->place), a->place = g_strdup ("Hải Phòng");
  g_clear_pointer (&a->logo, g_bytes_unref);
  a->logo = demo_logo ();
  g_free (a->phone), a->phone = g_strdup ("0225 3 123 456");
  g_free (a->email), a->email = g_strdup ("vanphong@langnghehaiphong.example");
  g_free (a->chairman), a->chairman = g_strdup ("Nguyễn An Hưng");
  g_free (a->signing_authority), a->signing_authority = g_strdup ("TM. BAN CHẤP HÀNH");
  g_free (a->signing_title), a->signing_title = g_strdup ("CHỦ TỊCH");
  return gb_store_update (demo->association, record, error);
}

static gboolean
fill_crafts (Demo    *demo,
             GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (villages); i++)
    {
      GbCraft *craft;
      gint64 existing = gb_store_find_id (demo->crafts, "name", villages[i].craft);

      if (existing != 0)
        {
          demo->craft_ids[i] = existing;
          continue;
        }
      craft = g_object_new (GB_TYPE_CRAFT, NULL);
      craft->name = g_strdup (villages[i].craft);
      if (!add (demo->crafts, craft, &demo->craft_ids[i], error))
        return FALSE;
    }
  return TRUE;
}

static void
set_address (Rng            *rng,
             const Village  *v,
             char          **province,
             char          **commune,
             char          **street,
             char          **former)
{
  *province = g_strdup ("Thành phố Hải Phòng");
  *commune = g_strdup (v->commune);
  *street = g_strdup_printf ("Thôn %s %u", v->village, 1 + rng_below (rng, 5));
  *former = g_strdup_printf ("Thôn %s, %s", v->village, v->former);
}

static gboolean
fill_members (Demo    *demo,
              GError **error)
{
  static const char *const org_types[] = { "enterprise", "cooperative", "village", "household" };
  guint n = 0;

  for (guint i = 0; i < GB_DEMO_COLLECTIVE_MEMBERS; i++, n++)
    {
      const Village *v = &villages[i % G_N_ELEMENTS (villages)];
      const char *type = org_types[i % G_N_ELEMENTS (org_types)];
      g_autofree char *rep = person_name (&demo->rng, rng_below (&demo->rng, 3) == 0);
      GbMember *m;

      m = gb_member_new ("collective", NULL);
      if (g_str_equal (type, "enterprise"))
        m->name = g_strdup_printf ("Công ty TNHH %s %s", brands[(i / 4) % G_N_ELEMENTS (brands)],
                                   v->village);
      else if (g_str_equal (type, "cooperative"))
        m->name = g_strdup_printf ("Hợp tác xã %s %s %u", v->craft, v->village, 1 + i / 15);
      else if (g_str_equal (type, "village"))
        m->name = g_strdup_printf ("Làng nghề %s %s%s", v->craft, v->village,
                                   i >= 30 ? " (mở rộng)" : "");
      else
        m->name = g_strdup_printf ("Hộ kinh doanh %s", rep);

      m->org_type = g_strdup (type);
      m->representative = g_strdup (rep);
      m->rep_position = g_strdup (g_str_equal (type, "enterprise") ? "Giám đốc"
                                  : g_str_equal (type, "cooperative") ? "Chủ nhiệm"
                                  : g_str_equal (type, "village") ? "Trưởng làng nghề"
                                  : "Chủ hộ");
      if (!g_str_equal (type, "village"))
        m->tax_code = g_strdup_printf ("02%08u", 100000 + i * 7919);
      m->craft_id = demo->craft_ids[i % G_N_ELEMENTS (villages)];
      set_address (&demo->rng, v, &m->province, &m->commune, &m->street, &m->former_address);
      m->phone = phone_number (&demo->rng);
      m->joined_date = g_strdup_printf ("%04u-%02u-%02u", 2008 + rng_below (&demo->rng, 14),
                                        1 + rng_below (&demo->rng, 12),
                                        1 + rng_below (&demo->rng, 28));
      if (i % 29 == 28)
        {
          g_free (m->status);
          m->status = g_strdup ("suspended");
        }
      if (!add (demo->members, m, &demo->member_ids[n], error))
        return FALSE;
    }

  for (guint i = 0; i < GB_DEMO_INDIVIDUAL_MEMBERS; i++, n++)
    {
      const Village *v = &villages[i % G_N_ELEMENTS (villages)];
      /* The first forty are artisans too: same name, same person. */
      gboolean female = i < 40 ? i % 4 == 1 : rng_below (&demo->rng, 5) < 2;
      GbMember *m = gb_member_new ("individual", NULL);
      guint year = 1950 + rng_below (&demo->rng, 46);

      /* The first artisans are also individual members, under the same name. */
      m->name = i < 40 ? g_strdup (demo->artisan_names[i]) : person_name (&demo->rng, female);
      m->gender = g_strdup (female ? "female" : "male");
      if (i % 3 == 0)
        m->birth_date = g_strdup_printf ("%04u-%02u-%02u", year, 1 + rng_below (&demo->rng, 12),
                                         1 + rng_below (&demo->rng, 28));
      else
        m->birth_year = year;
      m->id_number = g_strdup_printf ("031%03u%06u", year % 1000, 100000 + i * 37);
      m->craft_id = demo->craft_ids[i % G_N_ELEMENTS (villages)];
      set_address (&demo->rng, v, &m->province, &m->commune, &m->street, &m->former_address);
      m->phone = phone_number (&demo->rng);
      if (i % 4 == 0)
        m->email = g_strdup_printf ("hoivien%02u@example.vn", i + 1);
      m->joined_date = g_strdup_printf ("%04u-%02u-%02u", 2010 + rng_below (&demo->rng, 12),
                                        1 + rng_below (&demo->rng, 12),
                                        1 + rng_below (&demo->rng, 28));
      if (i % 31 == 30)
        {
          g_free (m->status);
          m->status = g_strdup ("resigned");
        }
      if (!add (demo->members, m, &demo->member_ids[n], error))
        return FALSE;
    }

  /* Dues: every member's 2021, most of this year's. */
  for (guint i = 0; i < n; i++)
    {
      int years[] = { 2021, gb_text_current_year () };

      for (guint y = 0; y < G_N_ELEMENTS (years); y++)
        {
          GbDues *d = g_object_new (GB_TYPE_DUES, NULL);

          d->member_id = demo->member_ids[i];
          d->year = years[y];
          d->amount = i < GB_DEMO_COLLECTIVE_MEMBERS ? 2000000 : 500000;
          if (y == 0 || i % 5 != 0)
            {
              d->paid_date = g_strdup_printf ("%04d-03-%02u", years[y], 1 + i % 28);
              d->receipt_no = g_strdup_printf ("PT%04d-%03u", years[y], i + 1);
            }
          if (!add (demo->dues, d, NULL, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_title (Demo        *demo,
           gint64       artisan_id,
           const char  *kind,
           const char  *decision_no,
           const char  *decision_date,
           const char  *issuer,
           const char  *certificate_no,
           GError     **error)
{
  GbTitle *t = g_object_new (GB_TYPE_TITLE, NULL);

  t->artisan_id = artisan_id;
  t->kind = g_strdup (kind);
  t->decision_no = g_strdup (decision_no);
  t->decision_date = g_strdup (decision_date);
  t->issuer = g_strdup (issuer);
  t->certificate_no = g_strdup (certificate_no);
  return add (demo->titles, t, NULL, error);
}

static gboolean
fill_artisans (Demo    *demo,
               GError **error)
{
  static const char *const rounds[][2] = {
    { "2017", "2017-10-12" }, { "2019", "2019-10-15" }, { "2021", "2021-10-15" }, { "2023", "2023-10-16" },
  };
  guint serial[G_N_ELEMENTS (rounds)] = { 0 };

  for (guint i = 0; i < GB_DEMO_ARTISANS; i++)
    {
      guint vi = (i * 7) % G_N_ELEMENTS (villages);
      const Village *v = &villages[vi];
      GbArtisan *a = gb_artisan_new (demo->artisan_names[i]);
      guint round = i % G_N_ELEMENTS (rounds);
      g_autofree char *decision = NULL;
      g_autofree char *cert = NULL;

      demo->artisan_village[i] = vi;
      a->gender = g_strdup (i % 4 == 1 ? "female" : "male");
      a->birth_year = 1940 + rng_below (&demo->rng, 45);
      a->craft_id = demo->craft_ids[vi];
      a->village = g_strdup (v->village);
      set_address (&demo->rng, v, &a->province, &a->commune, &a->street, &a->former_address);
      a->years_in_craft = 15 + rng_below (&demo->rng, 25);
      a->students_trained = 10 * rng_below (&demo->rng, 30);
      a->phone = phone_number (&demo->rng);
      if (i == 3)
        a->signature_products = g_strdup ("Gốm đắp nổi, bình hoa men rạn");
      if (!add (demo->artisans, a, &demo->artisan_ids[i], error))
        return FALSE;

      /* Every demo artisan holds the city title from one of four rounds. */
      serial[round]++;
      decision = g_strdup_printf ("%02u/QĐ-HHLN", 10 + round);
      cert = g_strdup_printf ("%03u/GCN-HHLN", serial[round]);
      if (!add_title (demo, demo->artisan_ids[i], "city_assoc", decision, rounds[round][1],
                      "Hiệp hội Làng nghề Hải Phòng", cert, error))
        return FALSE;

      if (i % 8 == 0
          && !add_title (demo, demo->artisan_ids[i], "national_assoc", "156/QĐ-HHLNVN",
                         "2022-11-20", "Hiệp hội Làng nghề Việt Nam", NULL, error))
        return FALSE;
      if (i % 24 == 0
          && !add_title (demo, demo->artisan_ids[i], "meritorious", "1587/QĐ-CTN",
                         "2022-12-28", "Chủ tịch nước", NULL, error))
        return FALSE;
      if (vi >= 11 && i % 2 == 0
          && !add_title (demo, demo->artisan_ids[i], "provincial_legacy", "2150/QĐ-UBND",
                         "2018-08-06", "UBND tỉnh Hải Dương", NULL, error))
        return FALSE;
    }

  /* One recognition revoked, as the register must show. */
  {
    g_autoptr(GPtrArray) titles = gb_store_list_by (demo->titles, "artisan_id",
                                                    demo->artisan_ids[GB_DEMO_ARTISANS - 1], error);
    GbTitle *t;

    if (titles == NULL || titles->len == 0)
      return FALSE;
    t = g_ptr_array_index (titles, 0);
    t->revoked_date = g_strdup ("2024-05-20");
    t->revoked_reason = g_strdup ("Không còn hành nghề tại địa phương");
    if (!gb_store_update (demo->titles, GB_RECORD (t), error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
add_event (Demo        *demo,
           const char  *kind,
           const char  *title,
           const char  *start,
           const char  *end,
           const char  *place,
           const char  *partners,
           const char  *description,
           gint64      *out_id,
           GError     **error)
{
  GbEvent *e = gb_event_new (kind, title, start);

  e->end_date = g_strdup (end);
  e->place = g_strdup (place);
  e->partners = g_strdup (partners);
  e->description = g_strdup (description);
  return add (demo->events, e, out_id, error);
}

static gboolean
add_participant (Demo        *demo,
                 gint64       event_id,
                 gint64       member_id,
                 gint64       artisan_id,
                 const char  *role,
                 GError     **error)
{
  GbParticipant *p = g_object_new (GB_TYPE_PARTICIPANT, NULL);

  p->event_id = event_id;
  p->member_id = member_id;
  p->artisan_id = artisan_id;
  p->role = g_strdup (role);
  p->attended = TRUE;
  return add (demo->participants, p, NULL, error);
}

static gboolean
fill_contest (Demo    *demo,
              gint64   event_id,
              GError **error)
{
  static const char *const judges[] = { "Phạm Văn Tuấn", "Đỗ Thị Hạnh", "Vũ Quang Minh" };
  static const struct { const char *name; double weight; } criteria[] = {
    { "Tính thẩm mỹ", 0.4 }, { "Kỹ thuật chế tác", 0.4 }, { "Tính ứng dụng", 0.2 },
  };
  gint64 judge_ids[G_N_ELEMENTS (judges)], criterion_ids[G_N_ELEMENTS (criteria)];
  gint64 entry_ids[12];
  double totals[12] = { 0 };
  guint order[12];

  for (guint j = 0; j < G_N_ELEMENTS (judges); j++)
    {
      GbContestJudge *judge = g_object_new (GB_TYPE_CONTEST_JUDGE, NULL);

      judge->event_id = event_id;
      judge->name = g_strdup (judges[j]);
      if (!add (demo->judges, judge, &judge_ids[j], error))
        return FALSE;
    }
  for (guint c = 0; c < G_N_ELEMENTS (criteria); c++)
    {
      GbContestCriterion *criterion = g_object_new (GB_TYPE_CONTEST_CRITERION, NULL);

      criterion->event_id = event_id;
      criterion->name = g_strdup (criteria[c].name);
      criterion->weight = criteria[c].weight;
      if (!add (demo->criteria, criterion, &criterion_ids[c], error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entry_ids); i++)
    {
      guint ai = i * 9 % GB_DEMO_ARTISANS;
      GbContestEntry *entry = g_object_new (GB_TYPE_CONTEST_ENTRY, NULL);

      entry->event_id = event_id;
      entry->artisan_id = demo->artisan_ids[ai];
      entry->entrant_name = g_strdup (demo->artisan_names[ai]);
      entry->product = g_strdup_printf ("Sản phẩm %s tiêu biểu số %u",
                                        villages[demo->artisan_village[ai]].craft, i + 1);
      entry->category = g_strdup (villages[demo->artisan_village[ai]].craft);
      if (!add (demo->entries, entry, &entry_ids[i], error)
          || !add_participant (demo, event_id, 0, demo->artisan_ids[ai], "entrant", error))
        return FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (judges); j++)
        for (guint c = 0; c < G_N_ELEMENTS (criteria); c++)
          {
            GbContestScore *score = g_object_new (GB_TYPE_CONTEST_SCORE, NULL);

            score->entry_id = entry_ids[i];
            score->judge_id = judge_ids[j];
            score->criterion_id = criterion_ids[c];
            score->score = 5.0 + rng_below (&demo->rng, 51) / 10.0;
            totals[i] += score->score * criteria[c].weight;
            if (!add (demo->scores, score, NULL, error))
              return FALSE;
          }
      order[i] = i;
    }

  /* "Bàn tay vàng" to the five highest weighted totals. */
  for (guint a = 0; a < G_N_ELEMENTS (order); a++)
    for (guint b = a + 1; b < G_N_ELEMENTS (order); b++)
      if (totals[order[b]] > totals[order[a]])
        {
          guint tmp = order[a];
          order[a] = order[b];
          order[b] = tmp;
        }
  for (guint r = 0; r < 5; r++)
    {
      GbContestAward *award = g_object_new (GB_TYPE_CONTEST_AWARD, NULL);

      award->event_id = event_id;
      award->entry_id = entry_ids[order[r]];
      award->name = g_strdup ("Bàn tay vàng");
      award->rank = r + 1;
      if (!add (demo->awards, award, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fill_events (Demo    *demo,
             GError **error)
{
  gint64 contest, centre, couplets, visit, vaccine, conference, id;
  guint n_members = G_N_ELEMENTS (demo->member_ids);

  if (!add_event (demo, "contest", "Cuộc thi Sản phẩm làng nghề tiêu biểu năm 2021",
                  "2021-09-20", "2021-10-15", "Trung tâm Hội chợ Triển lãm Hải Phòng", NULL,
                  "Cuộc thi thường niên; giải thưởng “Bàn tay vàng” cho các nghệ nhân có sản "
                  "phẩm xuất sắc.", &contest, error)
      || !fill_contest (demo, contest, error))
    return FALSE;

  if (!add_event (demo, "conference", "Lễ ra mắt Trung tâm Đối ngoại", "2021-03-26", NULL,
                  "Trụ sở Hiệp hội", NULL,
                  "Ra mắt Trung tâm Đối ngoại cùng Ban Phát triển dự án và Ban Biên tập website.",
                  &centre, error))
    return FALSE;

  if (!add_event (demo, "cooperation", "Cuộc thi câu đối và thư pháp", "2021-01-28", "2021-02-05",
                  "Nhà văn hóa thành phố", "Câu lạc bộ Bạch Đằng",
                  "Phối hợp với Câu lạc bộ Bạch Đằng tổ chức thi câu đối, thư pháp đón xuân.",
                  &couplets, error))
    return FALSE;

  {
    g_autofree char *title = g_strdup_printf ("Thăm xưởng gốm đắp nổi của nghệ nhân %s",
                                              demo->artisan_names[3]);
    if (!add_event (demo, "visit", title, "2021-05-12", NULL, "Làng gốm Dưỡng Động", NULL,
                    "Đoàn Ban Chấp hành thăm và trao đổi kinh nghiệm tại xưởng gốm đắp nổi.",
                    &visit, error)
        || !add_participant (demo, visit, 0, demo->artisan_ids[3], "organizer", error))
      return FALSE;
  }

  if (!add_event (demo, "fundraising", "Ủng hộ Quỹ vắc-xin phòng COVID-19", "2021-06-01",
                  "2021-06-30", "Trụ sở Hiệp hội", NULL,
                  "Hội viên và nghệ nhân chung tay ủng hộ Quỹ vắc-xin phòng COVID-19 của thành phố.",
                  &vaccine, error))
    return FALSE;
  for (guint i = 0; i < 40; i++)
    {
      GbDonation *d = g_object_new (GB_TYPE_DONATION, NULL);
      g_autoptr(GbRecord) member = gb_store_get (demo->members, demo->member_ids[i * 4], error);

      if (member == NULL)
        return FALSE;
      d->event_id = vaccine;
      d->member_id = demo->member_ids[i * 4];
      d->donor_name = g_strdup (gb_record_get_name (member));
      d->amount = (i < 16 ? 5000000 : 1000000) + 500000 * rng_below (&demo->rng, 5);
      d->donated_on = g_strdup_printf ("2021-06-%02u", 1 + i % 28);
      if (!add (demo->donations, d, NULL, error)
          || !add_participant (demo, vaccine, demo->member_ids[i * 4], 0, "donor", error))
        return FALSE;
    }

  if (!add_event (demo, "conference", "Hội nghị Ban Chấp hành Hiệp hội mở rộng năm 2021",
                  "2021-12-22", NULL, "Trụ sở Hiệp hội", NULL,
                  "Tổng kết hoạt động năm 2021 và phương hướng, kế hoạch năm 2022.",
                  &conference, error))
    return FALSE;
  for (guint i = 0; i < n_members; i += 3)
    if (!add_participant (demo, conference, demo->member_ids[i], 0,
                          i == 0 ? "organizer" : "attendee", error))
      return FALSE;
  for (guint i = 0; i < 20; i++)
    if (!add_participant (demo, centre, demo->member_ids[i * 7 % n_members], 0,
                          "guest", error)
        || !add_participant (demo, couplets, 0, demo->artisan_ids[i * 5], "entrant", error))
      return FALSE;

  /* Work of the current year, so the Overview is not all history. */
  {
    int year = gb_text_current_year ();
    g_autofree char *conf_title = g_strdup_printf ("Hội nghị tổng kết năm %d", year - 1);
    g_autofree char *conf_date = g_strdup_printf ("%d-01-15", year);
    g_autofree char *fair_title = g_strdup_printf ("Hội chợ làng nghề Hải Phòng %d", year);
    g_autofree char *fair_start = g_strdup_printf ("%d-04-10", year);
    g_autofree char *fair_end = g_strdup_printf ("%d-04-14", year);

    if (!add_event (demo, "conference", conf_title, conf_date, NULL, "Trụ sở Hiệp hội", NULL,
                    NULL, &id, error)
        || !add_event (demo, "fair", fair_title, fair_start, fair_end,
                       "Trung tâm Hội chợ Triển lãm Hải Phòng", NULL, NULL, &id, error))
      return FALSE;
  }
  return TRUE;
}

/* Fills an empty database in one transaction: all of the demo or none. */
gboolean
gb_demo_fill (GbDatabase  *database,
              GError     **error)
{
  Demo demo = { .db = database, .rng = { 20211015 } };
  gboolean ok = FALSE;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);

  demo.members = gb_store_new (database, GB_TYPE_MEMBER);
  demo.artisans = gb_store_new (database, GB_TYPE_ARTISAN);
  demo.events = gb_store_new (database, GB_TYPE_EVENT);

  demo.crafts = gb_store_new (database, GB_TYPE_CRAFT);
  demo.titles = gb_store_new (database, GB_TYPE_TITLE);
  demo.participants = gb_store_new (database, GB_TYPE_PARTICIPANT);
  demo.entries = gb_store_new (database, GB_TYPE_CONTEST_ENTRY);
  demo.judges = gb_store_new (database, GB_TYPE_CONTEST_JUDGE);
  demo.criteria = gb_store_new (database, GB_TYPE_CONTEST_CRITERION);
  demo.scores = gb_store_new (database, GB_TYPE_CONTEST_SCORE);
  demo.awards = gb_store_new (database, GB_TYPE_CONTEST_AWARD);
  demo.donations = gb_store_new (database, GB_TYPE_DONATION);
  demo.dues = gb_store_new (database, GB_TYPE_DUES);
  demo.association = gb_store_new (database, GB_TYPE_ASSOCIATION);

  for (guint i = 0; i < GB_DEMO_ARTISANS; i++)
    demo.artisan_names[i] = person_name (&demo.rng, i % 4 == 1);

  if (!gb_database_begin (database, error))
    goto out;
  /* Empty is decided inside the write transaction: of two runs at once,
   * the second finds what the first wrote. */
  {
    g_autoptr(GbQuery) all = gb_query_new ();
    gint64 n[3];

    gb_query_set_deleted (all, GB_DELETED_ALL);
    if ((n[0] = gb_store_count (demo.members, all, error)) < 0
        || (n[1] = gb_store_count (demo.artisans, all, error)) < 0
        || (n[2] = gb_store_count (demo.events, all, error)) < 0)
      {
        gb_database_rollback (database);
        goto out;
      }
    if (n[0] + n[1] + n[2] != 0)
      {
        gb_database_rollback (database);
        g_set_error (error, GB_ERROR, GB_ERROR_NOT_EMPTY,
                     _("The demo can only fill an empty database; this one already has records."));
        goto out;
      }
  }

  if (fill_profile (&demo, error)
      && fill_crafts (&demo, error)
      && fill_artisans (&demo, error)
      && fill_members (&demo, error)
      && fill_events (&demo, error))
    {
      /* Individual members who are artisans point to each other. */
      for (guint i = 0; i < 40 && ok == FALSE; i++)
        {
          g_autoptr(GbRecord) a = gb_store_get (demo.artisans, demo.artisan_ids[i], error);

          if (a == NULL)
            break;
          GB_ARTISAN (a)->member_id = demo.member_ids[GB_DEMO_COLLECTIVE_MEMBERS + i];
          if (!gb_store_update (demo.artisans, a, error))
            break;
          if (i == 39)
            ok = TRUE;
        }
    }

  if (ok)
    ok = gb_database_commit (database, error);
  else
    gb_database_rollback (database);

out:
  for (guint i = 0; i < GB_DEMO_ARTISANS; i++)
    g_free (demo.artisan_names[i]);
  g_clear_object (&demo.members);
  g_clear_object (&demo.artisans);
  g_clear_object (&demo.events);
  g_clear_object (&demo.crafts);
  g_clear_object (&demo.titles);
  g_clear_object (&demo.participants);
  g_clear_object (&demo.entries);
  g_clear_object (&demo.judges);
  g_clear_object (&demo.criteria);
  g_clear_object (&demo.scores);
  g_clear_object (&demo.awards);
  g_clear_object (&demo.donations);
  g_clear_object (&demo.dues);
  g_clear_object (&demo.association);
  return ok;
}
