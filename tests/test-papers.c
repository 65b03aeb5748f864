/* test-papers.c — the paper check: every kind of paper, drawn from a stress
 * database and read back with poppler
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each paper is drawn from the longest real Vietnamese names, crafts,
 * villages and products we know, with optional facts missing, amounts of
 * nought and of hundreds of billions, and with one row and with 10,000.
 * Then, from the PDF alone: no two letters print over each other, nothing
 * lies outside the margins, no figure is split across lines, no page holds
 * only a signature block, the signer has room to sign, no English word and
 * no skeleton of a missing fact ("của .", double spaces) is printed.
 *
 * GB_PAPERS_KEEP=DIR keeps every PDF drawn, to look at.
 */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "gb-artisan.h"
#include "gb-database.h"
#include "gb-document.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-register-book.h"
#include "gb-register.h"
#include "gb-registry.h"
#include "gb-report.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-text.h"

#define PT_PER_MM (72.0 / 25.4)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* The longest real values we could find or make from real parts. */
static const char *const long_names[] = {
  "Tôn Nữ Hoàng Phương Thảo Nguyễn Thị Minh Khai Đặng Quỳnh Anh",
  "Công Tằng Tôn Nữ Thị Phương Khuê",
  "Nguyễn Phước Vĩnh Hoàng Thượng Chí",
  "Hoàng Thị Ngọc Quỳnh Hương",
};
static const char *const long_companies[] = {
  "Hợp tác xã Sản xuất, Kinh doanh và Dịch vụ Thủ công Mỹ nghệ Xuất khẩu Làng nghề Truyền thống Bảo Hà",
  "Công ty Trách nhiệm Hữu hạn Một thành viên Điêu khắc Gỗ và Sơn mài Mỹ nghệ Đồng Minh",
};
static const char *const long_crafts[] = {
  "Tạc tượng, sơn mài, khảm trai và chạm khắc gỗ mỹ nghệ xuất khẩu",
  "Dệt chiếu cói, đan mây tre, guột và sản xuất hàng thủ công mỹ nghệ",
};
static const char *const long_villages[] = {
  "Làng nghề tạc tượng, sơn mài và múa rối nước truyền thống Bảo Hà, xã Vĩnh Bảo",
  "Làng nghề truyền thống dệt chiếu cói Lật Dương, xã Tiên Lãng",
};
static const char *const long_products[] = {
  "Bộ tượng Thập bát La Hán sơn son thếp vàng khảm xà cừ trên gỗ mít nguyên khối cao một mét hai",
  "Bình hoa men rạn đắp nổi tích Bát tiên quá hải",
};
#define LONG_CONTEST "Cuộc thi Sản phẩm làng nghề tiêu biểu và Bàn tay vàng thành phố Hải Phòng mở rộng năm 2021"
#define LONG_PLACE "Trung tâm Hội chợ Triển lãm và Xúc tiến Thương mại thành phố Hải Phòng, số 1 đường Lê Hồng Phong"
#define LONG_AWARD "Giải Đặc biệt “Bàn tay vàng” sản phẩm làng nghề tiêu biểu"
#define LONG_ISSUER "Ủy ban nhân dân thành phố Hải Phòng và Hiệp hội Làng nghề Hải Phòng"
#define BIG_AMOUNT G_GINT64_CONSTANT (987654321987)
#define BIG_AMOUNT_TEXT "987.654.321.987"

typedef struct
{
  char       *dir;
  GbDatabase *db;
  gint64      contest_id;
  GArray     *artisan_ids;
  GArray     *member_ids;
} Stress;

static Stress one, many;

/* English words the code could leak onto a Vietnamese paper: codes,
 * placeholders, untranslated labels. */
static const char *const english[] = {
  "artisan", "artisans", "award", "awards", "membership", "member", "members", "card",
  "report", "page", "of", "the", "and", "null", "todo", "roster", "activity", "dues",
  "contest", "statistics", "individual", "collective", "active", "male", "female", "none",
  "true", "false", "unknown", "city", "assoc", "golden", "hand", "people", "meritorious",
  "total", "date", "name", "number", NULL,
};

/* Building the stress databases ------------------------------------------ */

static gint64
insert (GbDatabase *db,
        GType       type,
        gpointer    record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_new (db, type);
  gint64 id;

  g_assert_true (gb_store_insert (store, GB_RECORD (record), &error));
  g_assert_no_error (error);
  id = gb_record_get_id (GB_RECORD (record));
  g_object_unref (record);
  return id;
}

static gint64
add_craft (GbDatabase *db,
           const char *name)
{
  GbCraft *c = g_object_new (GB_TYPE_CRAFT, NULL);

  c->name = g_strdup (name);
  return insert (db, GB_TYPE_CRAFT, c);
}

static void
set_profile (GbDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_new (db, GB_TYPE_ASSOCIATION);
  g_autoptr(GbRecord) record = gb_store_get (store, 1, &error);
  GbAssociation *a;

  g_assert_no_error (error);
  a = GB_ASSOCIATION (record);
  g_free (a->name), a->name = g_strdup ("Hiệp hội Làng nghề và Phát triển Nông thôn thành phố Hải Phòng");
  g_free (a->symbol), a->symbol = g_strdup ("HHLNPTNT");
  g_free (a->place), a->place = g_strdup ("Hải Phòng");
  g_free (a->chairman), a->chairman = g_strdup ("Phạm Nguyễn Hoàng Thiên Phước Lộc");
  g_free (a->signing_authority), a->signing_authority = g_strdup ("KT. CHỦ TỊCH");
  g_free (a->signing_title), a->signing_title = g_strdup ("PHÓ CHỦ TỊCH THƯỜNG TRỰC");
  g_assert_true (gb_store_update (store, record, &error));
  g_assert_no_error (error);
}

/* @n members, artisans and dues rows; the odd ones lack their optional
 * facts; amounts run from nought to hundreds of billions. */
static void
fill (Stress *s,
      guint   n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 crafts[G_N_ELEMENTS (long_crafts)];
  gint64 entry_id;

  s->dir = gb_test_make_dir ();
  path = g_build_filename (s->dir, "stress.db", NULL);
  s->db = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  s->artisan_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  s->member_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  set_profile (s->db);
  for (guint i = 0; i < G_N_ELEMENTS (long_crafts); i++)
    crafts[i] = add_craft (s->db, long_crafts[i]);

  g_assert_true (gb_database_begin (s->db, &error));
  for (guint i = 0; i < n; i++)
    {
      gboolean sparse = i % 2 == 1;
      gboolean company = i % 3 == 0;
      GbMember *m = gb_member_new (company ? "collective" : "individual",
                                   company ? long_companies[i % G_N_ELEMENTS (long_companies)]
                                           : long_names[i % G_N_ELEMENTS (long_names)]);
      GbArtisan *a = gb_artisan_new (long_names[i % G_N_ELEMENTS (long_names)]);
      GbTitle *t = g_object_new (GB_TYPE_TITLE, NULL);
      GbDues *d = g_object_new (GB_TYPE_DUES, NULL);
      gint64 id;

      m->member_no = g_strdup_printf ("HV-%05u", i + 1);
      m->joined_date = g_strdup ("2015-02-05");
      if (!sparse)
        {
          m->craft_id = crafts[i % G_N_ELEMENTS (crafts)];
          m->street = g_strdup ("Thôn Đông, số 1234 đường Nguyễn Bỉnh Khiêm");
          m->commune = g_strdup (long_villages[0] + strlen ("Làng nghề tạc tượng, sơn mài và múa rối nước truyền thống Bảo Hà, "));
          m->province = g_strdup ("thành phố Hải Phòng");
          m->representative = company ? g_strdup (long_names[0]) : NULL;
          m->gender = company ? NULL : g_strdup (i % 4 == 0 ? "female" : "male");
        }
      id = insert (s->db, GB_TYPE_MEMBER, m);
      g_array_append_val (s->member_ids, id);

      d->member_id = id;
      d->year = 2021;
      d->amount = i % 4 == 0 ? 0 : BIG_AMOUNT;
      if (!sparse)
        {
          d->paid_date = g_strdup ("2021-03-05");
          d->receipt_no = g_strdup_printf ("PT2021-%05u", i + 1);
        }
      insert (s->db, GB_TYPE_DUES, d);

      a->craft_id = crafts[i % G_N_ELEMENTS (crafts)];
      if (!sparse)
        {
          a->birth_year = 1938;
          a->gender = g_strdup (i % 4 == 0 ? "female" : "male");
          a->village = g_strdup (long_villages[i % G_N_ELEMENTS (long_villages)]);
          a->signature_products = g_strdup (long_products[0]);
          a->years_in_craft = 65;
          a->students_trained = 1500;
        }
      id = insert (s->db, GB_TYPE_ARTISAN, a);
      g_array_append_val (s->artisan_ids, id);
      t->artisan_id = id;
      t->kind = g_strdup ("city_assoc");
      /* A paper is not issued without its decision; the issuer may be missing. */
      t->decision_no = g_strdup_printf ("%u/QĐ-HHLNPTNT", 100 + i);
      t->decision_date = g_strdup ("2021-10-15");
      if (!sparse)
        t->issuer = g_strdup (LONG_ISSUER);
      insert (s->db, GB_TYPE_TITLE, t);
    }
  g_assert_true (gb_database_commit (s->db, &error));
  g_assert_no_error (error);

  /* A contest: one entry with every fact, one without its category. */
  {
    GbEvent *e = gb_event_new ("contest", LONG_CONTEST, "2021-09-20");

    e->end_date = g_strdup ("2021-10-15");
    e->place = g_strdup (LONG_PLACE);
    s->contest_id = insert (s->db, GB_TYPE_EVENT, e);
  }
  for (guint i = 0; i < MIN (n, 2); i++)
    {
      GbContestEntry *entry = g_object_new (GB_TYPE_CONTEST_ENTRY, NULL);
      GbContestAward *award = g_object_new (GB_TYPE_CONTEST_AWARD, NULL);

      entry->event_id = s->contest_id;
      entry->artisan_id = g_array_index (s->artisan_ids, gint64, i);
      entry->entrant_name = g_strdup (long_names[0]);
      entry->product = g_strdup (long_products[i % G_N_ELEMENTS (long_products)]);
      entry->category = i == 0 ? g_strdup (long_crafts[0]) : NULL;
      entry_id = insert (s->db, GB_TYPE_CONTEST_ENTRY, entry);
      award->event_id = s->contest_id;
      award->entry_id = entry_id;
      award->name = g_strdup (LONG_AWARD);
      award->rank = i + 1;
      insert (s->db, GB_TYPE_CONTEST_AWARD, award);
    }
}

static void
stress_clear (Stress *s)
{
  g_clear_object (&s->db);
  g_clear_pointer (&s->artisan_ids, g_array_unref);
  g_clear_pointer (&s->member_ids, g_array_unref);
  if (s->dir)
    gb_test_remove_dir (s->dir);
  g_clear_pointer (&s->dir, g_free);
}

/* Reading papers back ---------------------------------------------------- */

typedef struct
{
  gunichar c;
  double   x1, y1, x2, y2;   /* mm */
} Glyph;

typedef struct
{
  const char *what;
  double      left, top, right, bottom;   /* mm from the sheet's edges */
  gboolean    page_numbers;               /* digits in the top margin from page 2 */
  gboolean    closing;                    /* a Decree 30 signature block ends it */
  const char *signing_title;              /* room to sign under it… */
  const char *signer;                     /* …before this name */
  GPtrArray  *cards;                      /* of double[4] in mm: text stays in them */
} Rules;

static void
keep (const char *what,
      GBytes     *pdf)
{
  const char *dir = g_getenv ("GB_PAPERS_KEEP");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  name = g_strdup_printf ("%s.pdf", what);
  g_strdelimit (name, " ,", '-');
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
}

static GArray *
page_glyphs (PopplerPage *page,
             char       **text_out)
{
  g_autofree char *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  guint n = 0;
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (Glyph));
  const char *p = text;

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
  for (guint i = 0; i < n && *p; i++, p = g_utf8_next_char (p))
    {
      Glyph g = { g_utf8_get_char (p), rects[i].x1 / PT_PER_MM, rects[i].y1 / PT_PER_MM,
                  rects[i].x2 / PT_PER_MM, rects[i].y2 / PT_PER_MM };

      g_array_append_val (glyphs, g);
    }
  g_free (rects);
  *text_out = g_steal_pointer (&text);
  return glyphs;
}

static gboolean
is_ink (const Glyph *g)
{
  return !g_unichar_isspace (g->c) && g->x2 - g->x1 > 0.01;
}

#define PROBLEM(...) G_STMT_START { if (problems->len < 4000) g_string_append_printf (problems, __VA_ARGS__); } G_STMT_END

/* Two letters print over each other when their boxes share more than a
 * third of the smaller: letters side by side touch, kerned pairs share a
 * sliver, lines at single spacing share their leading. */
static void
check_overlaps (GArray  *glyphs,
                int      page,
                GString *problems)
{
  const double cell = 5;   /* mm */
  g_autoptr(GHashTable) grid = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                      (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) pairs = g_hash_table_new (NULL, NULL);
  guint reported = 0;

  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);
      double area = (g->x2 - g->x1) * (g->y2 - g->y1);

      if (!is_ink (g))
        continue;
      for (int cx = (int) (g->x1 / cell); cx <= (int) (g->x2 / cell); cx++)
        for (int cy = (int) (g->y1 / cell); cy <= (int) (g->y2 / cell); cy++)
          {
            gpointer key = GINT_TO_POINTER (cx * 1000 + cy + 1);
            GArray *list = g_hash_table_lookup (grid, key);

            if (list == NULL)
              {
                list = g_array_new (FALSE, FALSE, sizeof (guint));
                g_hash_table_insert (grid, key, list);
              }
            for (guint k = 0; k < list->len; k++)
              {
                guint j = g_array_index (list, guint, k);
                Glyph *h = &g_array_index (glyphs, Glyph, j);
                double w = MIN (g->x2, h->x2) - MAX (g->x1, h->x1);
                double ht = MIN (g->y2, h->y2) - MAX (g->y1, h->y1);
                double other = (h->x2 - h->x1) * (h->y2 - h->y1);

                if (w > 0 && ht > 0 && w * ht > MIN (area, other) / 3
                    && g_hash_table_add (pairs, GUINT_TO_POINTER (i * 100003u + j)) && reported++ < 3)
                  PROBLEM ("page %d: “%s” prints over “%s” at (%.1f, %.1f) mm\n", page + 1,
                           g_ucs4_to_utf8 (&g->c, 1, NULL, NULL, NULL),
                           g_ucs4_to_utf8 (&h->c, 1, NULL, NULL, NULL), g->x1, g->y1);
              }
            g_array_append_val (list, i);
          }
    }
}

static void
check_margins (GArray      *glyphs,
               int          page,
               double       width,
               double       height,
               const Rules *r,
               GString     *problems)
{
  const double slack = 0.3;   /* mm */
  guint reported = 0;

  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);
      gboolean inside;

      if (!is_ink (g))
        continue;
      if (r->page_numbers && page > 0 && g->y2 < r->top && g_unichar_isdigit (g->c))
        continue;
      if (r->cards != NULL)
        {
          inside = FALSE;
          for (guint k = 0; k < r->cards->len; k++)
            {
              double *c = r->cards->pdata[k];

              inside |= g->x1 >= c[0] + r->left - slack && g->x2 <= c[2] - r->right + slack
                        && g->y1 >= c[1] + r->top - slack && g->y2 <= c[3] - r->bottom + slack;
            }
        }
      else
        inside = g->x1 >= r->left - slack && g->x2 <= width - r->right + slack
                 && g->y1 >= r->top - slack && g->y2 <= height - r->bottom + slack;
      if (!inside && reported++ < 3)
        PROBLEM ("page %d: “%s” outside the margins at (%.1f, %.1f)–(%.1f, %.1f) mm\n", page + 1,
                 g_ucs4_to_utf8 (&g->c, 1, NULL, NULL, NULL), g->x1, g->y1, g->x2, g->y2);
    }
}

static gboolean
starts_with_group (const char *line)
{
  /* Three digits and no fourth: the next group of a figure. */
  return g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2])
         && !g_ascii_isdigit (line[3]);
}

static void
check_words (const char  *text,
             int          page,
             GString     *problems)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  static const char *const skeletons[] = { "của .", "của,", " .", " ,", "  ", "()", ", .", ",,", NULL };

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      gsize len = strlen (line);

      /* Figures: "1.234." / "567", "001/" / "GCN-HHLN". */
      if (lines[i + 1] != NULL && len >= 2 && g_ascii_isdigit (line[len - 2]))
        {
          if ((line[len - 1] == '.' || line[len - 1] == ',') && starts_with_group (lines[i + 1]))
            PROBLEM ("page %d: a figure split across lines: “%s” / “%s”\n", page + 1, line, lines[i + 1]);
          if ((line[len - 1] == '/' || line[len - 1] == '-') && g_ascii_isalnum (lines[i + 1][0]))
            PROBLEM ("page %d: a figure split across lines: “%s” / “%s”\n", page + 1, line, lines[i + 1]);
        }
      for (guint k = 0; skeletons[k]; k++)
        if (strstr (line, skeletons[k]) != NULL)
          PROBLEM ("page %d: “%s” in “%s”\n", page + 1, skeletons[k], line);
      if (g_str_has_suffix (line, " của") || g_str_has_suffix (line, " tại"))
        if (lines[i + 1] != NULL && lines[i + 1][0] == '.')
          PROBLEM ("page %d: a dangling “%s”\n", page + 1, line);
      if (strstr (line, "(null)") != NULL || strstr (line, "{") != NULL)
        PROBLEM ("page %d: a placeholder or (null) in “%s”\n", page + 1, line);
    }

  /* English words. */
  for (const char *p = text; *p;)
    {
      const char *start = p;
      g_autofree char *word = NULL;
      g_autofree char *lower = NULL;

      while (*p && !g_unichar_isalpha (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p && (g_unichar_isalpha (g_utf8_get_char (p)) || *p == '_'))
        p = g_utf8_next_char (p);
      if (p == start)
        continue;
      word = g_strndup (start, p - start);
      lower = g_utf8_strdown (word, -1);
      if (g_strv_contains (english, lower) || strchr (lower, '_') != NULL)
        PROBLEM ("page %d: an English word “%s”\n", page + 1, word);
    }
}

/* The top of the first line holding @needle, or -1. */
static double
line_top (GArray     *glyphs,
          const char *text,
          const char *needle,
          double     *bottom)
{
  const char *hit = strstr (text, needle);
  glong start, n;
  double top = G_MAXDOUBLE, low = -1;

  if (hit == NULL)
    return -1;
  start = g_utf8_pointer_to_offset (text, hit);
  n = g_utf8_strlen (needle, -1);
  for (glong i = start; i < start + n && i < (glong) glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (!is_ink (g))
        continue;
      top = MIN (top, g->y1);
      low = MAX (low, g->y2);
    }
  if (bottom)
    *bottom = low;
  return top == G_MAXDOUBLE ? -1 : top;
}

static void
check_closing (GArray      *glyphs,
               const char  *text,
               int          page,
               int          n_pages,
               const Rules *r,
               GString     *problems)
{
  double sign_top = line_top (glyphs, text, "Nơi nhận:", NULL);
  guint above = 0;

  if (!r->closing)
    return;
  if (sign_top < 0)
    {
      if (page == n_pages - 1)
        PROBLEM ("page %d: the last page has no signature block\n", page + 1);
      return;
    }
  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (is_ink (g) && g->y2 < sign_top - 0.5 && g->y1 > r->top)
        above++;
    }
  if (above == 0)
    PROBLEM ("page %d holds only the signature block\n", page + 1);
}

static void
check_signature_room (GArray      *glyphs,
                      const char  *text,
                      int          page,
                      const Rules *r,
                      GString     *problems)
{
  double title_bottom = -1, signer_top;

  if (r->signing_title == NULL || strstr (text, r->signer) == NULL)
    return;
  line_top (glyphs, text, r->signing_title, &title_bottom);
  signer_top = line_top (glyphs, text, r->signer, NULL);
  if (title_bottom < 0)
    PROBLEM ("page %d: no signing title “%s”\n", page + 1, r->signing_title);
  else if (signer_top - title_bottom < 35 - 0.1)
    PROBLEM ("page %d: %.1f mm to sign between the title and the name, not 35\n", page + 1,
             signer_top - title_bottom);
}

static guint32 pixel (cairo_surface_t *s, int x, int y);

#define MOTTO "Độc lập - Tự do - Hạnh phúc"

/* The rule under the motto is clear of the ink above it: the rows just
 * over the rule hold no ink of "p" or "ạ". */
static void
check_motto_rule (PopplerPage *page,
                  GArray      *glyphs,
                  const char  *text,
                  GString     *problems)
{
  const double ppm = 20;
  const char *hit = strstr (text, MOTTO);
  double x1 = G_MAXDOUBLE, x2 = 0, y1 = G_MAXDOUBLE, y2 = 0;
  cairo_surface_t *strip;
  cairo_t *cr;
  int w, h, rule = -1;
  glong start;

  if (hit == NULL)
    return;
  start = g_utf8_pointer_to_offset (text, hit);
  for (glong i = start; i < start + g_utf8_strlen (MOTTO, -1); i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (!is_ink (g))
        continue;
      x1 = MIN (x1, g->x1), x2 = MAX (x2, g->x2), y1 = MIN (y1, g->y1), y2 = MAX (y2, g->y2);
    }
  w = (int) ((x2 - x1) * ppm), h = (int) ((y2 - y1 + 4) * ppm);
  strip = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (strip);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, ppm / PT_PER_MM, ppm / PT_PER_MM);
  cairo_translate (cr, -x1 * PT_PER_MM, -y1 * PT_PER_MM);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (strip);
  /* The rule: the first row below the letters' middle dark across 90 %. */
  for (int y = h / 4; y < h && rule < 0; y++)
    {
      int dark = 0;

      for (int x = 0; x < w; x++)
        dark += (pixel (strip, x, y) & 0xff) < 224;   /* its anti-aliased edge too */
      if (dark > w * 9 / 10)
        rule = y;
    }
  if (rule < 0)
    PROBLEM ("no rule under the motto\n");
  else
    for (int y = MAX (0, rule - 3); y < rule; y++)
      for (int x = 0; x < w; x++)
        if ((pixel (strip, x, y) & 0xff) < 160)
          {
            PROBLEM ("the rule under the motto touches its letters (%.1f mm from its left)\n", x / ppm);
            x = w, y = rule;
          }
  cairo_surface_destroy (strip);
}

/* Every check on every page of @pdf; @figures must each print whole on
 * some page. */
static void
check_pdf (GBytes            *pdf,
           const Rules       *r,
           const char *const *figures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  int n;

  g_assert_no_error (error);
  keep (r->what, pdf);
  n = poppler_document_get_n_pages (doc);
  g_assert_cmpint (n, >, 0);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = NULL;
      g_autoptr(GArray) glyphs = page_glyphs (page, &text);
      double w, h;

      poppler_page_get_size (page, &w, &h);
      check_overlaps (glyphs, i, problems);
      check_margins (glyphs, i, w / PT_PER_MM, h / PT_PER_MM, r, problems);
      check_words (text, i, problems);
      check_closing (glyphs, text, i, n, r, problems);
      check_signature_room (glyphs, text, i, r, problems);
      if (i == 0)
        check_motto_rule (page, glyphs, text, problems);
      if (figures != NULL)
        g_string_append (all, text);
    }
  for (guint i = 0; figures && figures[i]; i++)
    if (strstr (all->str, figures[i]) == NULL)
      PROBLEM ("“%s” is not printed whole\n", figures[i]);
  /* Every paper's problems, not only the first paper's. */
  if (problems->len > 0)
    {
      g_test_message ("%s:\n%s", r->what, problems->str);
      g_test_fail ();
    }
}

/* Whether @pdf says @phrase, wherever its lines break. */
static void
assert_says (GBytes     *pdf,
             const char *phrase)
{
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, NULL);
  g_autoptr(GString) flat = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);

      for (const char *p = text; *p; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_unichar (flat, g_utf8_get_char (p));
    }
  for (const char *p = phrase; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (want, g_utf8_get_char (p));
  if (strstr (flat->str, want->str) == NULL)
    g_test_message ("not said: %s", phrase);
  g_assert_nonnull (strstr (flat->str, want->str));
}

/* Certificates: inside the inner frame, 12.5 mm in. */
static const Rules certificate_rules = { NULL, 12.5, 12.5, 12.5, 12.5, FALSE, FALSE };

/* Decree 30 reports: margins of 30, 20, 15, 20 mm. */
static const Rules report_rules = { NULL, 30, 20, 15, 20, TRUE, TRUE };

/* The papers ------------------------------------------------------------- */

static GBytes *
draw_certificates (Stress     *s,
                   const char *template_id,
                   GPtrArray  *papers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (s->db, template_id, &error);
  GBytes *pdf;

  g_assert_no_error (error);
  for (guint i = 0; i < papers->len; i++)
    gb_document_add_paper (doc, g_steal_pointer (&papers->pdata[i]));
  pdf = gb_register_issue (s->db, doc, "2021-12-15", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return pdf;
}

static void
test_certificates (gconstpointer data)
{
  Stress *s = &one;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) artisans = g_ptr_array_new ();
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(GPtrArray) awards = NULL;
  g_autoptr(GBytes) pdf = NULL;
  Rules r = certificate_rules;
  const char *const artisan_figures[] = { "001/GCN-HHLNPTNT", "100/QĐ-HHLNPTNT", "1938", NULL };

  r.signing_title = "PHÓ CHỦ TỊCH THƯỜNG TRỰC";
  r.signer = "Phạm Nguyễn Hoàng Thiên Phước Lộc";

  /* One with every fact, one with none of the optional ones. */
  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_add (artisans, gb_paper_new_for_artisan (s->db, g_array_index (s->artisan_ids, gint64, i),
                                                           0, &error));
      g_assert_no_error (error);
      g_ptr_array_add (members, gb_paper_new_for_member (s->db, g_array_index (s->member_ids, gint64, i),
                                                         "membership", &error));
      g_assert_no_error (error);
    }

  pdf = draw_certificates (s, "artisan", artisans);
  r.what = "artisan certificate";
  check_pdf (pdf, &r, artisan_figures);
  g_clear_pointer (&pdf, g_bytes_unref);

  awards = gb_papers_for_contest (s->db, s->contest_id, &error);
  g_assert_no_error (error);
  pdf = draw_certificates (s, "award", awards);
  r.what = "award certificate";
  check_pdf (pdf, &r, NULL);
  /* The contest's dates, as the contest report gives them. */
  assert_says (pdf, "từ ngày 20 tháng 9 đến ngày 15 tháng 10 năm 2021");
  g_clear_pointer (&pdf, g_bytes_unref);

  pdf = draw_certificates (s, "membership", members);
  r.what = "membership certificate";
  check_pdf (pdf, &r, NULL);
}

static void
test_register_book (gconstpointer data)
{
  Stress *s = &one;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbFlow) book = NULL;
  g_autoptr(GBytes) pdf = NULL;
  Rules r = report_rules;

  /* test_certificates issued the papers of every kind. */
  book = gb_register_book_new (s->db, 2021, NULL, &error);
  g_assert_no_error (error);
  pdf = gb_flow_to_pdf (book, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  r.what = "register book";
  r.signing_title = "PHÓ CHỦ TỊCH THƯỜNG TRỰC";
  r.signer = "Phạm Nguyễn Hoàng Thiên Phước Lộc";
  check_pdf (pdf, &r, (const char *const[]) { "001/GCN-HHLNPTNT", "002/GCNGT-HHLNPTNT", NULL });
}

static void
report (Stress            *s,
        const char        *kind,
        const char        *what,
        const char *const *figures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbReport) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  GbReportOptions o;
  Rules r = report_rules;

  gb_report_options_init (&o, kind);
  g_free (o.from), o.from = g_strdup ("2021-01-01");
  g_free (o.to), o.to = g_strdup ("2021-12-31");
  o.year = 2021;
  o.contest_id = s->contest_id;
  o.number = 5;
  o.date = g_strdup ("2021-12-31");
  if (g_str_equal (kind, "activity"))
    {
      o.assessment = g_strdup ("Hiệp hội hoàn thành tốt nhiệm vụ năm 2021 với 1.234.567.890 đồng "
                               "vận động ủng hộ của hội viên.");
      o.direction = g_strdup ("Tiếp tục tổ chức " LONG_CONTEST ".");
    }
  report = gb_report_build (s->db, &o, NULL, &error);
  g_assert_no_error (error);
  pdf = gb_flow_to_pdf (report->flow, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  r.what = what;
  r.signing_title = "PHÓ CHỦ TỊCH THƯỜNG TRỰC";
  r.signer = "Phạm Nguyễn Hoàng Thiên Phước Lộc";
  check_pdf (pdf, &r, figures);
  if (g_str_equal (kind, "contest"))
    assert_says (pdf, "từ ngày 20 tháng 9 đến ngày 15 tháng 10 năm 2021");
  gb_report_options_clear (&o);
}

static void
test_reports_one (gconstpointer data)
{
  for (guint i = 0; gb_report_kinds[i]; i++)
    {
      g_autofree char *what = g_strdup_printf ("%s report, one row", gb_report_kinds[i]);

      report (&one, gb_report_kinds[i], what, NULL);
    }
}

static void
test_reports_many (gconstpointer data)
{
  report (&many, "roster", "roster report, 10000 rows", (const char *const[]) { "HV-10000", NULL });
  report (&many, "artisans", "artisans report, 10000 rows", NULL);
  report (&many, "dues", "dues report, 10000 rows", (const char *const[]) { BIG_AMOUNT_TEXT, NULL });
  report (&many, "statistics", "statistics report, 10000 rows", NULL);
  report (&many, "activity", "activity report, 10000 rows", NULL);
  report (&many, "contest", "contest report, 10000 rows", NULL);
}

/* Cards ------------------------------------------------------------------ */

/* The sheet at @ppm pixels a millimetre, on white. */
static cairo_surface_t *
render (PopplerPage *page,
        double       ppm)
{
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;

  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w / PT_PER_MM * ppm),
                                        (int) (h / PT_PER_MM * ppm));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, ppm / PT_PER_MM, ppm / PT_PER_MM);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  return ((guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)))[x]
         & 0xffffff;
}

static gboolean
near_color (guint32 p,
            guint32 c)
{
  return ABS ((int) (p >> 16) - (int) (c >> 16)) < 24
         && ABS ((int) ((p >> 8) & 0xff) - (int) ((c >> 8) & 0xff)) < 24
         && ABS ((int) (p & 0xff) - (int) (c & 0xff)) < 24;
}

/* The cards of a sheet, found by their coloured bands: the top band's
 * left and right ends and top, the bottom band's bottom. */
static GPtrArray *
find_cards (cairo_surface_t *s,
            double           ppm)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  GPtrArray *cards = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint8 *seen = g_new0 (guint8, (gsize) w * h);

  /* Each top band is a run of the border colour wider than 60 mm; its
   * card ends with the bottom band under it. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int x2 = x, y2, yb;
        double *c;

        if (seen[y * w + x] || !near_color (pixel (s, x, y), 0x9c1c1c))
          continue;
        while (x2 + 1 < w && near_color (pixel (s, x2 + 1, y), 0x9c1c1c))
          x2++;
        if ((x2 - x) / ppm < 60)
          {
            x = x2;
            continue;
          }
        /* Mark the band (and what it holds) as seen. */
        for (y2 = y; y2 < h && y2 < y + (int) (12 * ppm); y2++)
          memset (seen + y2 * w + x, 1, x2 - x + 1);
        /* The bottom band: the accent colour, down the middle of the card. */
        yb = -1;
        for (y2 = y + (int) (40 * ppm); y2 < MIN (h, y + (int) (60 * ppm)); y2++)
          if (near_color (pixel (s, (x + x2) / 2, y2), 0xb8860b))
            yb = y2;
        c = g_new (double, 4);
        c[0] = x / ppm;
        c[1] = y / ppm;
        c[2] = (x2 + 1) / ppm;
        c[3] = (yb + 1) / ppm;
        g_ptr_array_add (cards, c);
        x = x2;
      }
  return cards;
}

/* Whether any pixel in the rectangle (mm) has ink. */
static gboolean
has_ink (cairo_surface_t *s,
         double           ppm,
         double           x1,
         double           y1,
         double           x2,
         double           y2)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);

  for (int y = MAX (0, (int) (y1 * ppm)); y < MIN (h, (int) (y2 * ppm)); y++)
    for (int x = MAX (0, (int) (x1 * ppm)); x < MIN (w, (int) (x2 * ppm)); x++)
      if (pixel (s, x, y) != 0xffffff)
        return TRUE;
  return FALSE;
}

static void
check_qpdf (GBytes     *pdf,
            const char *what)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (qpdf == NULL)
    {
      g_test_message ("qpdf is not installed (build-aux/dev installs it): %s not checked", what);
      return;
    }
  dir = gb_test_make_dir ();
  path = g_build_filename (dir, "check.pdf", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { qpdf, "--check", path, NULL }, NULL, 0, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (strstr (out, "WARNING") != NULL || strstr (err, "WARNING") != NULL || status != 0)
    {
      g_autofree char *head = g_strndup (err, 400);

      g_test_message ("qpdf --check on %s: %s", what, head);
    }
  g_assert_null (strstr (err, "WARNING"));
  g_assert_null (strstr (out, "WARNING"));
  g_assert_cmpint (status, ==, 0);
  gb_test_remove_dir (dir);
}

static void
test_cards (gconstpointer data)
{
  Stress *s = &one;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (s->db, "card", &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  Rules r = { "member cards", 1.5, 1.5, 1.5, 1.5, FALSE, FALSE };
  const double ppm = 4;
  /* Thirteen: a full sheet, then three cards and seven empty slots. */
  const guint n = 13;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      GbPaper *p = gb_paper_new_for_member (s->db, g_array_index (s->member_ids, gint64, i % 2),
                                            "card", &error);

      g_assert_no_error (error);
      gb_document_add_paper (doc, p);
    }
  gb_document_set_date (doc, "2021-12-15");
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pd), ==, 2);

  check_qpdf (pdf, "member cards");

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pd, i);
      cairo_surface_t *image = render (page, ppm);
      g_autoptr(GPtrArray) cards = find_cards (image, ppm);
      GList *mapping = poppler_page_get_image_mapping (page);
      guint qrs = 0;

      g_assert_cmpuint (cards->len, ==, i == 0 ? 10 : 3);

      /* A gutter of 3 mm or more between any two cards. */
      for (guint a = 0; a < cards->len; a++)
        for (guint b = a + 1; b < cards->len; b++)
          {
            double *p = cards->pdata[a], *q = cards->pdata[b];
            double gx = MAX (q[0] - p[2], p[0] - q[2]), gy = MAX (q[1] - p[3], p[1] - q[3]);

            if (gx < 3 && gy < 3)
              g_test_message ("cards %u and %u: gutter %.2f × %.2f mm", a, b, gx, gy);
            g_assert_true (gx >= 2.95 || gy >= 2.95);
          }

      /* The QR code 3 mm or more from its card's trim. */
      for (GList *l = mapping; l; l = l->next)
        {
          PopplerImageMapping *m = l->data;
          double x1 = m->area.x1 / PT_PER_MM, y1 = m->area.y1 / PT_PER_MM;
          double x2 = m->area.x2 / PT_PER_MM, y2 = m->area.y2 / PT_PER_MM;

          if (fabs ((x2 - x1) - (y2 - y1)) > 0.6 || x2 - x1 < 15)
            continue;   /* the logo, or a photo */
          qrs++;
          for (guint k = 0; k < cards->len; k++)
            {
              double *c = cards->pdata[k];

              if (x1 >= c[0] - 1 && x2 <= c[2] + 1 && y1 >= c[1] - 1 && y2 <= c[3] + 1)
                {
                  g_assert_cmpfloat (x1 - c[0], >=, 3 - 0.25);   /* a pixel at 4 a millimetre */
                  g_assert_cmpfloat (y1 - c[1], >=, 3 - 0.25);   /* a pixel at 4 a millimetre */
                  g_assert_cmpfloat (c[2] - x2, >=, 3 - 0.25);   /* a pixel at 4 a millimetre */
                  g_assert_cmpfloat (c[3] - y2, >=, 3 - 0.25);   /* a pixel at 4 a millimetre */
                }
            }
        }
      poppler_page_free_image_mapping (mapping);
      g_assert_cmpuint (qrs, ==, cards->len);

      /* No cut marks by an empty slot: the slots after the third card of
       * the second sheet, and the margins beside and under them, are blank. */
      if (i == 1)
        {
          double *last = cards->pdata[2], *first = cards->pdata[0];
          double card_h = first[3] - first[1];

          /* The rest of the row of the third card, to the right edge. */
          g_assert_false (has_ink (image, ppm, last[2] + 0.5, last[1] - 1, 210, last[3] + 1));
          /* Every row under it, edge to edge. */
          g_assert_false (has_ink (image, ppm, 0, last[3] + 0.5 + card_h * 0 + 0.6, 210, 297));
        }

      r.cards = cards;
      cairo_surface_destroy (image);
    }

  {
    /* Text inside the cards, clear of the trim. */
    g_autoptr(PopplerPage) page = poppler_document_get_page (pd, 0);
    cairo_surface_t *image = render (page, ppm);
    g_autoptr(GPtrArray) cards = find_cards (image, ppm);
    g_autoptr(GBytes) first = NULL;

    r.cards = cards;
    check_pdf (pdf, &r, NULL);
    cairo_surface_destroy (image);
  }
}

/* The valid-until date comes from the rule in Preferences, not from the
 * end of the year the card is printed in. */
static void
test_card_validity (gconstpointer data)
{
  Stress *s = &one;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (s->db, "card", &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");

  g_assert_no_error (error);
  g_settings_set_uint (settings, "card-valid-months", 12);
  gb_document_add_paper (doc, gb_paper_new_for_member (s->db, g_array_index (s->member_ids, gint64, 0),
                                                       "card", &error));
  g_assert_no_error (error);
  /* Printed in December: valid for the twelve months after, to the end
   * of the month. */
  gb_document_set_date (doc, "2021-12-15");
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = poppler_document_new_from_bytes (pdf, NULL, &error);
  page = poppler_document_get_page (pd, 0);
  text = poppler_page_get_text (page);
  g_assert_null (strstr (text, "31/12/2021"));
  g_assert_nonnull (strstr (text, "31/12/2022"));
  g_settings_reset (settings, "card-valid-months");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  fill (&one, 2);
  fill (&many, 10000);

  g_test_add_data_func ("/papers/certificates", NULL, test_certificates);
  g_test_add_data_func ("/papers/register-book", NULL, test_register_book);
  g_test_add_data_func ("/papers/reports-one", NULL, test_reports_one);
  g_test_add_data_func ("/papers/reports-many", NULL, test_reports_many);
  g_test_add_data_func ("/papers/cards", NULL, test_cards);
  g_test_add_data_func ("/papers/card-validity", NULL, test_card_validity);
  status = g_test_run ();
  stress_clear (&one);
  stress_clear (&many);
  return status;
}
