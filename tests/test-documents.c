/* test-documents.c — certificates, cards and the register, read back with poppler
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "gb-artisan.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-document.h"
#include "gb-error.h"
#include "gb-member.h"
#include "gb-register-book.h"
#include "gb-register.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-test-db.h"
#include "gb-test-util.h"
#include "gb-text.h"

#define PT_PER_MM (72.0 / 25.4)

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerFontInfo, poppler_font_info_free)

typedef struct
{
  char       *dir;
  char       *path;
  GbDatabase *db;
  GbStore    *artisans;
  GbStore    *titles;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gb_test_make_dir ();
  f->db = gb_test_db_open (f->dir, "guildbook.db");
  f->path = g_strdup (gb_database_get_path (f->db));
  g_assert_true (gb_demo_fill (f->db, &error));
  f->artisans = gb_store_new (f->db, GB_TYPE_ARTISAN);
  f->titles = gb_store_new (f->db, GB_TYPE_TITLE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->artisans);
  g_clear_object (&f->titles);
  g_clear_object (&f->db);
  gb_test_db_drop_all ();
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A new artisan holding a city title, for tests that need a known name. */
static gint64
add_artisan (Fixture    *f,
             const char *name,
             gint64     *title_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbArtisan) a = gb_artisan_new (name);
  g_autoptr(GbTitle) t = g_object_new (GB_TYPE_TITLE, NULL);

  a->birth_year = 1960;
  a->village = g_strdup ("Bảo Hà");
  gb_record_set_text (GB_RECORD (a), "gender", "female");
  g_assert_true (gb_store_insert (f->artisans, GB_RECORD (a), &error));
  g_assert_no_error (error);
  t->artisan_id = gb_record_get_id (GB_RECORD (a));
  t->kind = g_strdup ("city_assoc");
  t->decision_no = g_strdup ("27/QĐ-HHLN");
  t->decision_date = g_strdup ("2021-10-15");
  g_assert_true (gb_store_insert (f->titles, GB_RECORD (t), &error));
  g_assert_no_error (error);
  if (title_id)
    *title_id = gb_record_get_id (GB_RECORD (t));
  return gb_record_get_id (GB_RECORD (a));
}

static GbDocument *
artisan_document (Fixture *f,
                  gint64   artisan_id)
{
  g_autoptr(GError) error = NULL;
  GbDocument *doc = gb_document_new_for_database (f->db, "artisan", &error);
  GbPaper *paper;

  g_assert_no_error (error);
  paper = gb_paper_new_for_artisan (f->db, artisan_id, 0, &error);
  g_assert_no_error (error);
  gb_document_add_paper (doc, paper);
  return doc;
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static char *
page_text (PopplerDocument *doc,
           int              i)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);

  return poppler_page_get_text (page);
}

static char *
without_space (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static void
assert_fonts_embedded (PopplerDocument *doc)
{
  g_autoptr(PopplerFontInfo) info = poppler_font_info_new (doc);
  PopplerFontsIter *iter = NULL;
  guint n = 0;

  while (poppler_font_info_scan (info, 20, &iter))
    {
      if (iter == NULL)
        continue;
      do
        {
          g_assert_true (poppler_fonts_iter_is_embedded (iter));
          n++;
        }
      while (poppler_fonts_iter_next (iter));
      poppler_fonts_iter_free (iter);
      iter = NULL;
    }
  g_assert_cmpuint (n, >, 0);
}

static gint64
count_register (Fixture *f)
{
  g_autoptr(GPtrArray) list = gb_register_list (f->db, 0, NULL, NULL);

  g_assert_nonnull (list);
  return list->len;
}

static void
test_artisan_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_artisan (f, "Nguyễn Thị Huệ", NULL);
  g_autoptr(GbDocument) doc = artisan_document (f, id);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autofree char *text = NULL;
  double w, h;

  gb_document_set_date (doc, "2021-10-15");
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (pd), ==, 1);
  page = poppler_document_get_page (pd, 0);
  poppler_page_get_size (page, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 297 * PT_PER_MM, 0.5);   /* A4 landscape */
  g_assert_cmpfloat_with_epsilon (h, 210 * PT_PER_MM, 0.5);

  text = page_text (pd, 0);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  {
    g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
    g_assert_cmpstr (text, ==, nfc);
  }
  g_assert_nonnull (strstr (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (text, "Độc lập - Tự do - Hạnh phúc"));
  g_assert_nonnull (strstr (text, "HIỆP HỘI LÀNG NGHỀ HẢI PHÒNG"));
  g_assert_nonnull (strstr (text, "NGHỆ NHÂN LÀNG NGHỀ HẢI PHÒNG"));
  g_assert_nonnull (strstr (text, "Nguyễn Thị Huệ"));
  g_assert_nonnull (strstr (text, "Chứng nhận Bà"));
  g_assert_nonnull (strstr (text, "1960"));
  g_assert_nonnull (strstr (text, "Bảo Hà"));
  g_assert_nonnull (strstr (text, "27/QĐ-HHLN"));
  g_assert_nonnull (strstr (text, "ngày 15 tháng 10 năm 2021"));
  g_assert_nonnull (strstr (text, "Hải Phòng, ngày 15 tháng 10 năm 2021"));
  g_assert_nonnull (strstr (text, "TM. BAN CHẤP HÀNH"));
  g_assert_nonnull (strstr (text, "Nguyễn An Hưng"));
  /* A draft carries no number. */
  g_assert_nonnull (strstr (text, "Số: ……/GCN-HHLN"));
  assert_fonts_embedded (pd);

  /* Previewing and exporting a draft changed nothing. */
  g_assert_cmpint (count_register (f), ==, 0);
}

static void
test_long_name_fits (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  /* 60 characters. */
  const char *name = "Tôn Nữ Hoàng Phương Thảo Nguyễn Thị Minh Khai Đặng Quỳnh Anh";
  gint64 id = add_artisan (f, name, NULL);
  g_autoptr(GbDocument) doc = artisan_document (f, id);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *flat_name = NULL;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GbElement *box = NULL;
  GbTemplate *t = gb_document_get_template (doc);
  const char *start;
  glong first, n_chars;

  g_assert_cmpint (g_utf8_strlen (name, -1), ==, 60);
  for (guint i = 0; i < t->elements->len; i++)
    if (g_str_equal (((GbElement *) t->elements->pdata[i])->id, "name"))
      box = t->elements->pdata[i];
  g_assert_nonnull (box);

  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  page = poppler_document_get_page (pd, 0);
  text = poppler_page_get_text (page);
  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));

  /* Every letter is there (on one or two lines)… */
  flat = without_space (text);
  flat_name = without_space (name);
  g_assert_nonnull (strstr (flat, flat_name));

  /* …and each inside the name's box. */
  start = strstr (text, "Tôn Nữ");
  g_assert_nonnull (start);
  first = g_utf8_pointer_to_offset (text, start);
  n_chars = g_utf8_strlen (name, -1);
  g_assert_cmpuint (n_rects, >=, first + n_chars);
  for (glong i = first; i < first + n_chars + 1 && i < (glong) n_rects; i++)
    {
      PopplerRectangle *r = &rects[i];

      if (r->x2 - r->x1 < 0.01)   /* a line break has no box */
        continue;
      g_assert_cmpfloat (r->x1, >=, box->x * PT_PER_MM - 0.5);
      g_assert_cmpfloat (r->x2, <=, (box->x + box->width) * PT_PER_MM + 0.5);
      g_assert_cmpfloat (r->y1, >=, box->y * PT_PER_MM - 1);
      g_assert_cmpfloat (r->y2, <=, (box->y + box->height) * PT_PER_MM + 1);
    }
  g_free (rects);
}

static void
test_missing_glyph (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_artisan (f, "Lý Hán 漢", NULL);
  g_autoptr(GbDocument) doc = artisan_document (f, id);
  g_autoptr(GBytes) pdf = NULL;

  gb_document_set_font (doc, "Liberation Serif");
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "漢"));
  g_assert_nonnull (strstr (error->message, "Liberation Serif"));
  g_clear_error (&error);

  /* Issuing refuses too, and takes no number. */
  pdf = gb_register_issue (f->db, doc, "2021-10-15", NULL, NULL, NULL, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_cmpint (count_register (f), ==, 0);

  /* A font that is not installed is named. */
  g_clear_error (&error);
  g_assert_false (gb_font_covers ("No Such Font Family", "a", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static void
test_issue_and_reissue (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = add_artisan (f, "Vũ Thị Hồng", NULL);
  gint64 b = add_artisan (f, "Lê Văn Đức", NULL);
  g_autoptr(GbDocument) doc = artisan_document (f, a);
  g_autoptr(GbDocument) again = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) pdf2 = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *text = NULL;
  GbRegisterEntry *e;

  gb_document_add_paper (doc, gb_paper_new_for_artisan (f->db, b, 0, &error));
  g_assert_no_error (error);
  pdf = gb_register_issue (f->db, doc, "2021-10-15", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);

  list = gb_register_list (f->db, 2021, "artisan", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  e = list->pdata[0];
  g_assert_cmpint (e->serial, ==, 1);
  g_assert_cmpstr (e->number, ==, "001/GCN-HHLN");
  g_assert_cmpstr (e->holder_name, ==, "Vũ Thị Hồng");
  g_assert_cmpstr (e->template_id, ==, "artisan");
  g_assert_cmpstr (e->issued_on, ==, "2021-10-15");
  g_assert_cmpint (e->reissue_of, ==, 0);
  /* Each paper its own hash, of its own one-page PDF, not the batch's. */
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_assert_cmpstr (e->sha256, !=, sha);
  g_assert_cmpstr (((GbRegisterEntry *) list->pdata[1])->sha256, !=, sha);
  g_assert_cmpstr (e->sha256, !=, ((GbRegisterEntry *) list->pdata[1])->sha256);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) own = gb_document_paper_pdf (doc, i, &error);
      g_autofree char *own_sha = NULL;
      g_autoptr(PopplerDocument) own_pd = NULL;

      g_assert_no_error (error);
      own_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, own);
      g_assert_cmpstr (((GbRegisterEntry *) list->pdata[i])->sha256, ==, own_sha);
      own_pd = open_pdf (own);
      g_assert_cmpint (poppler_document_get_n_pages (own_pd), ==, 1);
    }
  g_assert_cmpstr (((GbRegisterEntry *) list->pdata[1])->number, ==, "002/GCN-HHLN");

  pd = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (pd), ==, 2);
  text = page_text (pd, 0);
  g_assert_nonnull (strstr (text, "Số: 001/GCN-HHLN"));
  g_assert_null (strstr (text, "CẤP LẠI"));
  g_clear_pointer (&text, g_free);
  text = page_text (pd, 1);
  g_assert_nonnull (strstr (text, "Số: 002/GCN-HHLN"));
  g_assert_nonnull (strstr (text, "Lê Văn Đức"));

  /* The same title again: a duplicate with its own number. */
  again = artisan_document (f, a);
  pdf2 = gb_register_issue (f->db, again, "2021-11-02", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = gb_register_list (f->db, 2021, "artisan", &error);
  g_assert_cmpuint (list->len, ==, 3);
  e = list->pdata[2];
  g_assert_cmpstr (e->number, ==, "003/GCN-HHLN");
  g_assert_cmpint (e->reissue_of, ==, ((GbRegisterEntry *) list->pdata[0])->id);
  g_clear_object (&pd);
  g_clear_pointer (&text, g_free);
  pd = open_pdf (pdf2);
  text = page_text (pd, 0);
  g_assert_nonnull (strstr (text, "CẤP LẠI"));

  /* A new year starts again at 001; entries are never deleted or changed. */
  {
    g_autoptr(GbDocument) next = artisan_document (f, b);
    g_autoptr(GBytes) pdf3 = gb_register_issue (f->db, next, "2022-01-05", NULL, NULL, NULL, NULL, &error);
    g_autoptr(GPtrArray) y2022 = NULL;

    g_assert_no_error (error);
    y2022 = gb_register_list (f->db, 2022, NULL, &error);
    g_assert_cmpuint (y2022->len, ==, 1);
    g_assert_cmpstr (((GbRegisterEntry *) y2022->pdata[0])->number, ==, "001/GCN-HHLN");
  }
  g_assert_false (gb_database_exec (f->db, "DELETE FROM certificates", &error));
  g_clear_error (&error);
  g_assert_false (gb_database_exec (f->db, "UPDATE certificates SET serial = 9", &error));
  g_clear_error (&error);
  g_assert_false (gb_register_void (f->db, e->id, "2021-12-01", " ", &error));
  g_clear_error (&error);
  g_assert_true (gb_register_void (f->db, e->id, "2021-12-01", "In sai ngày", &error));
  g_assert_no_error (error);
}

static void
test_revoked_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 title_id;
  gint64 id = add_artisan (f, "Trần Văn Bảy", &title_id);
  g_autoptr(GbDocument) doc = artisan_document (f, id);
  g_autoptr(GbRecord) title = gb_store_get (f->titles, title_id, &error);
  g_autoptr(GBytes) pdf = NULL;
  GbPaper *paper;

  /* Revoked after the preview was opened: the issue still refuses. */
  gb_record_set_text (title, "revoked_date", "2021-12-01");
  gb_record_set_text (title, "revoked_reason", "Vi phạm quy chế");
  g_assert_true (gb_store_update (f->titles, title, &error));
  pdf = gb_register_issue (f->db, doc, "2021-12-02", NULL, NULL, NULL, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_cmpint (count_register (f), ==, 0);
  g_clear_error (&error);

  paper = gb_paper_new_for_artisan (f->db, id, 0, &error);
  g_assert_null (paper);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
}

static void
cancel_now (guint done, guint total, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (f->db, "artisan", &error);
  g_autoptr(GPtrArray) papers = gb_papers_for_all_artisans (f->db, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) pdf = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, >, 5);
  for (guint i = 0; i < papers->len; i++)
    gb_document_add_paper (doc, g_steal_pointer (&papers->pdata[i]));
  pdf = gb_register_issue (f->db, doc, "2021-10-15", NULL, cancellable, cancel_now, cancellable, &error);
  g_assert_null (pdf);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing numbered, nothing kept. */
  g_assert_cmpint (count_register (f), ==, 0);
  g_assert_null (gb_paper_get (gb_document_get_papers (doc)->pdata[0], "number"));
}

static void
test_cards (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (f->db, "card", &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  double w, h;

  g_assert_no_error (error);
  for (gint64 id = 70; id < 82; id++)
    {
      GbPaper *p = gb_paper_new_for_member (f->db, id, "card", &error);

      g_assert_no_error (error);
      gb_document_add_paper (doc, p);
    }
  g_assert_cmpuint (gb_document_get_n_pages (doc), ==, 2);
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (pd), ==, 2);
  page = poppler_document_get_page (pd, 0);
  poppler_page_get_size (page, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 210 * PT_PER_MM, 0.5);
  g_assert_cmpfloat_with_epsilon (h, 297 * PT_PER_MM, 0.5);
  first = page_text (pd, 0);
  second = page_text (pd, 1);
  for (guint i = 0; i < 12; i++)
    {
      GbPaper *p = gb_document_get_papers (doc)->pdata[i];

      g_assert_nonnull (strstr (i < 10 ? first : second, gb_paper_get (p, "member_no")));
    }
  g_assert_nonnull (strstr (first, "THẺ HỘI VIÊN"));
  assert_fonts_embedded (pd);

  /* Cards are not numbered papers. */
  g_assert_null (gb_register_issue (f->db, doc, "2021-10-15", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
}

static void
test_award_and_membership (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) award = gb_document_new_for_database (f->db, "award", &error);
  g_autoptr(GbDocument) membership = gb_document_new_for_database (f->db, "membership", &error);
  g_autoptr(GPtrArray) papers = gb_papers_for_contest (f->db, 1, &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autofree char *text = NULL;
  GbPaper *first;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, >, 0);
  first = papers->pdata[0];
  for (guint i = 0; i < papers->len; i++)
    gb_document_add_paper (award, g_steal_pointer (&papers->pdata[i]));
  pdf = gb_register_issue (f->db, award, "2021-10-20", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  text = page_text (pd, 0);
  g_assert_nonnull (strstr (text, gb_paper_get (first, "product")));
  g_assert_nonnull (strstr (text, gb_paper_get (first, "name")));
  g_assert_nonnull (strstr (text, "001/GCNGT-HHLN"));
  g_clear_pointer (&text, g_free);
  g_clear_object (&pd);
  g_clear_pointer (&pdf, g_bytes_unref);

  gb_document_add_paper (membership, gb_paper_new_for_member (f->db, 1, "membership", &error));
  g_assert_no_error (error);
  pdf = gb_register_issue (f->db, membership, "2021-10-20", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  text = page_text (pd, 0);
  g_assert_nonnull (strstr (text, "001/GCNHV-HHLN"));
  g_assert_nonnull (strstr (text, "Hội viên tập thể"));
  /* Each kind has its own sequence. */
  g_assert_cmpint (count_register (f), ==, (gint64) gb_document_get_papers (award)->len + 1);
}

static void
test_decomposed_input (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (f->db, "artisan", &error);
  GbPaper *paper = gb_paper_new ("artisan");
  g_autofree char *decomposed = g_utf8_normalize ("Nguyễn Thị Ngọc Ánh", -1, G_NORMALIZE_NFD);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (decomposed, !=, "Nguyễn Thị Ngọc Ánh");
  gb_paper_set (paper, "name", decomposed);
  gb_paper_set (paper, "title_name", "Nghệ nhân Làng nghề Hải Phòng");
  gb_document_add_paper (doc, paper);
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  text = page_text (pd, 0);
  g_assert_nonnull (strstr (text, "Nguyễn Thị Ngọc Ánh"));
}

static void
test_templates (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_template_user_dir ();
  g_autofree char *path = g_build_filename (dir, "artisan.template", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.template", NULL);
  g_autoptr(GBytes) builtin = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GbTemplate) t = NULL;
  g_auto(GStrv) ids = NULL;

  /* The built-in ones. */
  ids = gb_template_list (NULL);
  g_assert_true (g_strv_contains ((const char *const *) ids, "artisan"));
  g_assert_true (g_strv_contains ((const char *const *) ids, "award"));
  g_assert_true (g_strv_contains ((const char *const *) ids, "membership"));
  g_assert_true (g_strv_contains ((const char *const *) ids, "card"));
  g_clear_pointer (&ids, g_strfreev);

  /* A user's copy with other wording replaces the built-in one. */
  t = gb_template_load ("artisan", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (t->origin, "resource://"));
  g_clear_pointer (&t, gb_template_free);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  builtin = g_resources_lookup_data ("/io/github/guildbook/Guildbook/templates/artisan.template", 0, NULL);
  if (builtin == NULL)
    {
      g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                    "artisan.template", NULL);
      g_assert_true (g_file_get_contents (src, &copy, NULL, NULL));
    }
  else
    copy = g_strndup (g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin));
  {
    g_autoptr(GString) s = g_string_new (copy);
    g_autoptr(GbDocument) doc = NULL;
    g_autoptr(GBytes) pdf = NULL;
    g_autoptr(PopplerDocument) pd = NULL;
    g_autofree char *text = NULL;

    g_string_replace (s, "Text=GIẤY CHỨNG NHẬN\n", "Text=CHỨNG NHẬN DANH HIỆU\n", 1);
    g_assert_true (g_file_set_contents (path, s->str, -1, &error));
    doc = artisan_document (f, add_artisan (f, "Phạm Thị Lan", NULL));
    g_assert_cmpstr (gb_document_get_template (doc)->origin, ==, path);
    pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    pd = open_pdf (pdf);
    text = page_text (pd, 0);
    g_assert_nonnull (strstr (text, "CHỨNG NHẬN DANH HIỆU"));
  }

  /* A broken one says where and what. */
  g_assert_true (g_file_set_contents (bad, "[Template]\nPaper=artisan\n[Text x]\nText=a\nX=10\nY=500\nWidth=10\nHeight=5\n", -1, &error));
  t = gb_template_load ("broken", &error);
  g_assert_null (t);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "broken.template"));
  g_assert_nonnull (strstr (error->message, "[Text x]"));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (bad, "[Template]\nPaper=artisan\n[Text x]\nText={nonsense}\nX=10\nY=50\nWidth=10\nHeight=5\n", -1, &error));
  {
    g_autoptr(GbDocument) doc = gb_document_new_for_database (f->db, "broken", &error);

    g_assert_no_error (error);
    gb_document_add_paper (doc, gb_paper_new ("artisan"));
    g_assert_false (gb_document_prepare (doc, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "{nonsense}"));
  }
  g_clear_error (&error);
  g_assert_null (gb_template_load ("../etc/passwd", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_unlink (path);
  g_unlink (bad);
}

/* Two programs issuing at the same moment get two consecutive numbers. */
static void
test_two_processes (Fixture *f, gconstpointer data)
{
  const char *cli = g_getenv ("GUILDBOOK_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GSubprocess *procs[2];
  gint64 ids[2] = { add_artisan (f, "Đỗ Văn Một", NULL), add_artisan (f, "Đỗ Văn Hai", NULL) };

  g_assert_nonnull (cli);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ids[i]);
      g_autofree char *out = g_strdup_printf ("%s/issued-%d.pdf", f->dir, i);

      procs[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "--db", f->path,
                                   "certificate", "--artisan", id, "--issue", "--date", "2021-10-15",
                                   "-o", out, NULL);
      g_assert_no_error (error);
    }
  for (int i = 0; i < 2; i++)
    {
      g_assert_true (g_subprocess_wait_check (procs[i], NULL, &error));
      g_assert_no_error (error);
      g_object_unref (procs[i]);
    }
  list = gb_register_list (f->db, 2021, "artisan", &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((GbRegisterEntry *) list->pdata[0])->serial, ==, 1);
  g_assert_cmpint (((GbRegisterEntry *) list->pdata[1])->serial, ==, 2);
  g_assert_cmpint (((GbRegisterEntry *) list->pdata[0])->artisan_id, !=,
                   ((GbRegisterEntry *) list->pdata[1])->artisan_id);
  /* The issued files are the owner's alone. */
  {
    g_autofree char *out = g_strdup_printf ("%s/issued-0.pdf", f->dir);
    GStatBuf st;

    g_assert_cmpint (g_stat (out, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

/* The register book: the header row on every page, every entry once,
 * page numbers in the top margin from page 2 on, nothing outside the margins. */
static void
test_register_book (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = gb_document_new_for_database (f->db, "artisan", &error);
  g_autoptr(GPtrArray) papers = gb_papers_for_all_artisans (f->db, &error);
  g_autoptr(GBytes) issued = NULL;
  g_autoptr(GbFlow) book = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  guint n = papers->len;
  int pages;

  for (guint i = 0; i < papers->len; i++)
    gb_document_add_paper (doc, g_steal_pointer (&papers->pdata[i]));
  issued = gb_register_issue (f->db, doc, "2021-10-15", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  book = gb_register_book_new (f->db, 2021, NULL, &error);
  g_assert_no_error (error);
  pdf = gb_flow_to_pdf (book, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  pages = poppler_document_get_n_pages (pd);
  g_assert_cmpint (pages, >, 2);
  for (guint k = 1; k <= n; k++)
    {
      g_autofree char *number = g_strdup_printf ("%03u/GCN-HHLN", k);
      guint seen = 0;

      for (int i = 0; i < pages; i++)
        {
          g_autofree char *text = page_text (pd, i);

          seen += strstr (text, number) != NULL;
        }
      g_assert_cmpuint (seen, ==, 1);
    }
  for (int i = 0; i < pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pd, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      GString *in_margin = g_string_new (NULL);
      const char *p = text;

      /* The header row on every page of the table (the signature may end alone). */
      if (strstr (text, "/GCN-HHLN") != NULL)
        g_assert_nonnull (strstr (text, "Người được cấp"));
      /* What stands wholly in the top margin: the page number, from page 2 on. */
      g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
      for (guint r = 0; r < n_rects && *p; r++, p = g_utf8_next_char (p))
        if (rects[r].y2 < 20 * PT_PER_MM && !g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_unichar (in_margin, g_utf8_get_char (p));
      g_assert_cmpstr (in_margin->str, ==, i == 0 ? "" : number);
      g_string_free (in_margin, TRUE);
      for (guint r = 0; r < n_rects; r++)
        {
          if (rects[r].x2 - rects[r].x1 < 0.01)
            continue;
          g_assert_cmpfloat (rects[r].x1, >=, 30 * PT_PER_MM - 0.5);
          g_assert_cmpfloat (rects[r].x2, <=, (297 - 15) * PT_PER_MM + 0.5);
          g_assert_cmpfloat (rects[r].y2, <=, (210 - 20) * PT_PER_MM + 0.5);
          if (i > 0)
            g_assert_cmpfloat (rects[r].y1, >=, 0);
        }
      g_free (rects);
    }

  /* The same book drawn on a worker thread (the Certificates page's
   * Print Register): the same pages and text, answered here. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) again = NULL;
    g_autoptr(PopplerDocument) pd2 = NULL;
    g_autoptr(GCancellable) cancelled = g_cancellable_new ();
    GbTestAsync async;

    gb_test_async_begin (&async);
    gb_flow_to_pdf_async (book, NULL, gb_test_async_done, &async);
    result = gb_test_async_wait (&async);
    again = gb_flow_to_pdf_finish (result, &error);
    g_assert_no_error (error);
    pd2 = open_pdf (again);
    g_assert_cmpint (poppler_document_get_n_pages (pd2), ==, pages);
    for (int i = 0; i < pages; i++)
      {
        g_autofree char *a = page_text (pd, i);
        g_autofree char *b = page_text (pd2, i);

        g_assert_cmpstr (a, ==, b);
      }
    g_clear_object (&result);
    g_cancellable_cancel (cancelled);
    gb_flow_to_pdf_async (book, cancelled, gb_test_async_done, &async);
    result = gb_test_async_wait (&async);
    g_assert_null (gb_flow_to_pdf_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    gb_test_async_end (&async);
  }
}

/* Whether the logo's box (22, 16, 24 × 24 mm in the artisan template)
 * has ink at its centre, rendered by poppler. */
static guint
count_images (GBytes *pdf)
{
  g_autoptr(PopplerDocument) pd = open_pdf (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (pd, 0);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 842, 595);
  cairo_t *cr = cairo_create (surface);
  guint32 pixel;
  int x = (int) (34 * PT_PER_MM), y = (int) (28 * PT_PER_MM);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixel = ((guint32 *) (cairo_image_surface_get_data (surface)
                        + y * cairo_image_surface_get_stride (surface)))[x] & 0xffffff;
  cairo_surface_destroy (surface);
  return pixel != 0xffffff ? 2 : 1;   /* logo and QR code, or the QR code alone */
}

/* The logo may be PNG (the demo's), SVG or JPEG; a broken one is left out. */
static void
test_logo (Fixture *f, gconstpointer data)
{
  static const char svg[] =
    "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
    "<circle cx='50' cy='50' r='45' fill='#9c1c1c'/></svg>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) profile = gb_store_new (f->db, GB_TYPE_ASSOCIATION);
  g_autoptr(GbRecord) a = gb_store_get (profile, 1, &error);
  gint64 id = add_artisan (f, "Hà Văn Tâm", NULL);
  guint with_png, with_svg, with_none;


  {
    g_autoptr(GbDocument) doc = artisan_document (f, id);
    g_autoptr(GBytes) pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    with_png = count_images (pdf);
  }
  g_clear_pointer (&GB_ASSOCIATION (a)->logo, g_bytes_unref);
  GB_ASSOCIATION (a)->logo = g_bytes_new_static (svg, sizeof svg - 1);
  g_assert_true (gb_store_update (profile, a, &error));
  {
    g_autoptr(GbDocument) doc = artisan_document (f, id);
    g_autoptr(GBytes) pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    with_svg = count_images (pdf);
  }
  g_clear_pointer (&GB_ASSOCIATION (a)->logo, g_bytes_unref);
  GB_ASSOCIATION (a)->logo = g_bytes_new_static ("not an image", 12);
  g_assert_true (gb_store_update (profile, a, &error));
  {
    g_autoptr(GbDocument) doc = artisan_document (f, id);
    g_autoptr(GBytes) pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    with_none = count_images (pdf);
  }
  /* The QR code is an image too: logo + QR, then QR alone. */
  g_assert_cmpuint (with_png, ==, 2);
  g_assert_cmpuint (with_svg, ==, 2);
  g_assert_cmpuint (with_none, ==, 1);
}

/* ---- Papers an office can sign and send (issue 19) ---- */

/* Page @i of @pdf drawn at @dpi on white, by poppler and cairo; as a
 * viewer or a print filter draws it when @viewer: poppler then smooths an
 * image that it scales up less than four times. */
static cairo_surface_t *
render_page (GBytes  *pdf,
             int      i,
             double   dpi,
             gboolean viewer)
{
  g_autoptr(PopplerDocument) pd = open_pdf (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (pd, i);
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;

  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * dpi / 72), (int) (h * dpi / 72));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72, dpi / 72);
  if (viewer)
    poppler_page_render (page, cr);
  else
    poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
render_png (GBytes *pdf,
            int     i,
            double  dpi)
{
  return render_page (pdf, i, dpi, FALSE);
}

/* Pixels of the draft mark's light red (a red ink at 28 % on white). */
static guint
mark_pixels (cairo_surface_t *surface)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint32 px = ((guint32 *) (data + y * stride))[x];
        int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        if (ABS (r - 240) < 14 && ABS (g - 190) < 14 && ABS (b - 190) < 14)
          n++;
      }
  return n;
}

/* Page @i of @pdf at @dpi, decoded by zbarimg: the texts of the QR codes
 * found, one a line (NULL: zbarimg is not installed; "" for none). */
static char *
scan_page (Fixture *f,
           GBytes  *pdf,
           int      i,
           double   dpi)
{
  g_autofree char *png = g_build_filename (f->dir, "scan.png", NULL);
  g_autofree char *zbar = g_find_program_in_path ("zbarimg");
  g_autofree char *out = NULL;
  cairo_surface_t *surface;
  int status;

  if (zbar == NULL)
    return NULL;
  surface = render_page (pdf, i, dpi, TRUE);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  {
    const char *argv[] = { zbar, "--raw", "-q", png, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, NULL));
  }
  return g_strdup (g_strstrip (out));
}

static char *
register_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gb_register_list (f->db, 0, NULL, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      GbRegisterEntry *e = list->pdata[i];

      g_string_append_printf (out, "%" G_GINT64_FORMAT "|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "\n",
                              e->id, e->number, e->holder_name, e->issued_on, e->sha256,
                              e->check_code, e->reissue_of);
    }
  return g_string_free (out, FALSE);
}

/* Item 1, through the core API: a paper that cannot be written takes no
 * number, and the file written is the paper the register's hash names. */
static void
test_failed_write_keeps_register (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = add_artisan (f, "Vũ Thị Hồng", NULL);
  g_autofree char *before = register_rows (f);
  g_autofree char *path = g_build_filename (f->dir, "gcn.pdf", NULL);
  const char *const bad[] = { "/dev/full", "/nonexistent/x.pdf" };
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *sha = NULL;
  gsize len;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GbDocument) doc = artisan_document (f, a);
      g_autofree char *after = NULL;

      g_assert_null (gb_register_issue (f->db, doc, "2021-10-15", bad[i], NULL, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      after = register_rows (f);
      g_assert_cmpstr (after, ==, before);
      g_assert_null (gb_paper_get (gb_document_get_papers (doc)->pdata[0], "number"));
    }

  {
    g_autoptr(GbDocument) doc = artisan_document (f, a);

    pdf = gb_register_issue (f->db, doc, "2021-10-15", path, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  list = gb_register_list (f->db, 2021, "artisan", &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GbRegisterEntry *) list->pdata[0])->number, ==, "001/GCN-HHLN");
  g_assert_cmpint (((GbRegisterEntry *) list->pdata[0])->reissue_of, ==, 0);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
  g_assert_cmpstr (((GbRegisterEntry *) list->pdata[0])->sha256, ==, sha);
}

/* Item 4: a draft says so across the paper and has no QR code; an issued
 * paper never says so. */
static void
test_draft_mark (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = add_artisan (f, "Vũ Thị Hồng", NULL);
  g_autoptr(GbDocument) draft = artisan_document (f, a);
  g_autoptr(GbDocument) issued = artisan_document (f, a);
  g_autoptr(GBytes) pdf = gb_document_to_pdf (draft, NULL, NULL, NULL, &error);
  g_autoptr(GBytes) real = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autofree char *text = NULL;
  g_autofree char *codes = NULL;

  g_assert_no_error (error);
  pd = open_pdf (pdf);
  {
    /* Drawn across the paper, so read as a picture: thousands of pixels
     * of its light red. */
    cairo_surface_t *png = render_png (pdf, 0, 50);

    g_assert_cmpuint (mark_pixels (png), >, 5000);
    cairo_surface_destroy (png);
  }
  codes = scan_page (f, pdf, 0, 150);
  if (codes != NULL)
    g_assert_cmpstr (codes, ==, "");
  g_clear_object (&pd);
  g_clear_pointer (&text, g_free);

  real = gb_register_issue (f->db, issued, "2021-10-15", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (real);
  text = page_text (pd, 0);
  g_assert_null (strstr (text, "NHÁP"));
  {
    cairo_surface_t *png = render_png (real, 0, 50);

    g_assert_cmpuint (mark_pixels (png), <, 1000);   /* edges of the red title */
    cairo_surface_destroy (png);
  }
}

/* Item 5: the code of an issued paper, scanned at 150 dpi, is found in
 * the register; voided, it says why; a card's code holds its member
 * number and names a member. */
static void
test_qr_verify (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = add_artisan (f, "Nguyễn Thị Phương Thảo", NULL);
  g_autoptr(GbDocument) doc = artisan_document (f, a);
  g_autoptr(GBytes) pdf = gb_register_issue (f->db, doc, "2021-10-15", NULL, NULL, NULL, NULL, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GbVerifyResult) result = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *expected = NULL;
  GbRegisterEntry *e;

  g_assert_no_error (error);
  list = gb_register_list (f->db, 2021, "artisan", &error);
  e = list->pdata[0];
  g_assert_cmpuint (strlen (e->check_code), ==, 8);
  expected = g_strdup_printf ("GB1|GCN-HHLN|2021-001|2021-10-15|%s|Nguyễn Thị Phương Thảo", e->check_code);
  payload = scan_page (f, pdf, 0, 150);
  if (payload == NULL)
    {
      g_test_skip ("zbarimg is not installed (zbar-tools)");
      return;
    }
  g_assert_cmpstr (payload, ==, expected);
  result = gb_register_verify (f->db, payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, GB_VERIFY_VALID);
  g_assert_cmpstr (result->number, ==, "001/GCN-HHLN");
  g_clear_pointer (&result, gb_verify_result_free);

  g_assert_true (gb_register_void (f->db, e->id, "2021-11-01", "Cấp nhầm người", &error));
  result = gb_register_verify (f->db, payload, &error);
  g_assert_cmpint (result->status, ==, GB_VERIFY_REVOKED);
  g_assert_cmpstr (result->reason, ==, "Cấp nhầm người");
  g_clear_pointer (&result, gb_verify_result_free);

  /* Made up, or from text that is no payload: unknown. */
  result = gb_register_verify (f->db, "GB1|GCN-HHLN|2021-001|2021-10-15|12345678|Nguyễn Thị Phương Thảo",
                               &error);
  g_assert_cmpint (result->status, ==, GB_VERIFY_UNKNOWN);
  g_clear_pointer (&result, gb_verify_result_free);
  result = gb_register_verify (f->db, "Số: 001/GCN-HHLN", &error);
  g_assert_cmpint (result->status, ==, GB_VERIFY_UNKNOWN);
  g_clear_pointer (&result, gb_verify_result_free);

  /* Cards: each code read from a 150 dpi scan, as the certificates' are,
   * the long names of companies (the largest codes) among them. */
  {
    g_autoptr(GbDocument) cards = gb_document_new_for_database (f->db, "card", &error);
    g_autoptr(GBytes) sheet = NULL;
    GbPaper *p = gb_paper_new_for_member (f->db, 70, "card", &error);
    guint found = 0;
    gboolean found_70 = FALSE;

    g_assert_no_error (error);
    gb_document_add_paper (cards, p);
    for (gint64 id = 1; id <= 19; id++)
      {
        gb_document_add_paper (cards, gb_paper_new_for_member (f->db, id, "card", &error));
        g_assert_no_error (error);
      }
    sheet = gb_document_to_pdf (cards, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gb_document_get_n_pages (cards), ==, 2);
    for (int page = 0; page < 2; page++)
      {
        g_autofree char *codes = scan_page (f, sheet, page, 150);
        g_auto(GStrv) lines = g_strsplit (codes, "\n", -1);

        for (guint i = 0; lines[i]; i++)
          {
            /* zbar guesses the charset of a name; the rest is ASCII. */
            g_assert_true (g_str_has_prefix (lines[i], "GB1|TH-HHLN|"));
            found++;
            if (strstr (lines[i], gb_paper_get (p, "member_no")) == NULL)
              continue;
            found_70 = TRUE;
            result = gb_register_verify (f->db, lines[i], &error);
            g_assert_cmpint (result->status, ==, GB_VERIFY_VALID);
            g_assert_true (result->card);
            g_clear_pointer (&result, gb_verify_result_free);
          }
      }
    g_assert_cmpuint (found, ==, 20);
    g_assert_true (found_70);
  }
}

/* Item 3: a sentence leaves out the clause whose facts are missing; the
 * paper is not issued without them. */
static void
test_missing_clause (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 title_id;
  gint64 a = add_artisan (f, "Vũ Thị Hồng", &title_id);
  g_autoptr(GbRecord) title = gb_store_get (f->titles, title_id, &error);
  g_autoptr(GbDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *before = register_rows (f);
  g_autofree char *after = NULL;

  gb_record_set_text (title, "decision_date", NULL);
  gb_record_set_text (title, "issuer", NULL);
  g_assert_true (gb_store_update (f->titles, title, &error));
  g_assert_no_error (error);
  doc = artisan_document (f, a);
  pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pd = open_pdf (pdf);
  text = page_text (pd, 0);
  flat = without_space (text);
  g_assert_nonnull (strstr (flat, "theoQuyếtđịnhsố27/QĐ-HHLN."));
  g_assert_null (strstr (flat, "của."));
  g_assert_null (strstr (text, "  "));

  g_assert_null (gb_register_issue (f->db, doc, "2021-10-15", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "decision date"));
  after = register_rows (f);
  g_assert_cmpstr (after, ==, before);
}

/* Item 7: no association certificate for a state title. */
static void
test_state_title (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 title_id;
  gint64 a = add_artisan (f, "Vũ Thị Hồng", &title_id);
  g_autoptr(GbRecord) title = gb_store_get (f->titles, title_id, &error);
  g_autoptr(GbPaper) paper = NULL;

  gb_record_set_text (title, "kind", "meritorious");
  g_assert_true (gb_store_update (f->titles, title, &error));
  g_assert_no_error (error);
  paper = gb_paper_new_for_artisan (f->db, a, 0, &error);
  g_assert_null (paper);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "state title"));
}

typedef struct
{
  GbTestAsync *async;
  guint        calls;
  guint        last_done, last_total;
} RenderProgress;

static void
render_progress (guint done, guint total, gpointer data)
{
  RenderProgress *p = data;

  /* Where the caller waits, as the result: a window may touch its widgets here. */
  g_assert_true (gb_test_async_here (p->async));
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, p->last_done);
  p->calls++;
  p->last_done = done;
  p->last_total = total;
}

/* The preview's way: papers read and drawn on a worker thread with a
 * connection of its own, progress and result back on the caller's
 * context; a record that lacks a fact is left out and named; a cancel
 * stops a draft and its progress at once; an issue numbers the papers. */
static void
test_render_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbArtisan) untitled = gb_artisan_new ("Trần Văn Khuyết");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GbRendered) rendered = NULL;
  g_autoptr(PopplerDocument) pd = NULL;
  g_autofree char *issued = g_build_filename (f->dir, "issued.pdf", NULL);
  GbTestAsync async;
  RenderProgress progress = { &async };
  gint64 ids[25];
  GbRenderOptions options = {
    .kind = "artisan", .template_id = "artisan", .ids = ids, .n_ids = G_N_ELEMENTS (ids), .qr = TRUE,
  };

  g_assert_true (gb_store_insert (f->artisans, GB_RECORD (untitled), &error));
  g_assert_no_error (error);
  ids[0] = gb_record_get_id (GB_RECORD (untitled));
  for (guint i = 1; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("Nguyễn Thị Huệ %u", i);

      ids[i] = add_artisan (f, name, NULL);
    }

  gb_test_async_begin (&async);
  gb_document_render_async (f->path, &options, render_progress, &progress, NULL, gb_test_async_done, &async);
  /* The caller busy elsewhere, its context free meanwhile: the progress
   * still waits for it, never runs on the worker. */
  g_usleep (G_USEC_PER_SEC);
  result = gb_test_async_wait (&async);
  rendered = gb_document_render_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rendered);
  pd = open_pdf (rendered->pdf);
  g_assert_cmpint (poppler_document_get_n_pages (pd), ==, G_N_ELEMENTS (ids) - 1);
  g_assert_cmpuint (gb_document_get_papers (rendered->document)->len, ==, G_N_ELEMENTS (ids) - 1);
  g_assert_cmpuint (rendered->n_skipped, ==, 1);
  g_assert_nonnull (strstr (rendered->skipped, "Trần Văn Khuyết"));
  g_assert_cmpuint (progress.calls, >, 0);
  g_assert_cmpuint (progress.last_done, ==, progress.last_total);
  g_assert_cmpint (count_register (f), ==, 0);
  g_clear_object (&result);
  g_clear_pointer (&rendered, gb_rendered_free);

  /* Nothing to print: the reason of the one record asked for. */
  options.n_ids = 1;
  gb_document_render_async (f->path, &options, NULL, NULL, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_null (gb_document_render_finish (result, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Trần Văn Khuyết"));
  g_clear_error (&error);
  g_clear_object (&result);
  options.n_ids = G_N_ELEMENTS (ids);

  /* Cancelled before the caller's context runs again: no page reported. */
  progress.calls = 0;
  gb_document_render_async (f->path, &options, render_progress, &progress, cancellable,
                            gb_test_async_done, &async);
  g_cancellable_cancel (cancellable);
  result = gb_test_async_wait (&async);
  g_assert_null (gb_document_render_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* An issue cancelled before it starts takes no number. */
  options.issue_path = issued;
  gb_document_render_async (f->path, &options, NULL, NULL, cancellable, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  g_assert_null (gb_document_render_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_register (f), ==, 0);
  g_assert_false (g_file_test (issued, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Issued: numbered, registered and written. */
  gb_document_render_async (f->path, &options, NULL, NULL, NULL, gb_test_async_done, &async);
  result = gb_test_async_wait (&async);
  rendered = gb_document_render_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_register (f), ==, G_N_ELEMENTS (ids) - 1);
  g_assert_nonnull (gb_paper_get (gb_document_get_papers (rendered->document)->pdata[0], "number"));
  g_assert_true (g_file_test (issued, G_FILE_TEST_IS_REGULAR));
  gb_test_async_end (&async);
}

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ADD ("/documents/artisan-certificate", test_artisan_certificate);
  ADD ("/documents/long-name-fits", test_long_name_fits);
  ADD ("/documents/missing-glyph", test_missing_glyph);
  ADD ("/documents/issue-and-reissue", test_issue_and_reissue);
  ADD ("/documents/revoked-refused", test_revoked_refused);
  ADD ("/documents/cancel", test_cancel);
  ADD ("/documents/cards", test_cards);
  ADD ("/documents/award-and-membership", test_award_and_membership);
  ADD ("/documents/decomposed-input", test_decomposed_input);
  ADD ("/documents/templates", test_templates);
  ADD ("/documents/two-processes", test_two_processes);
  ADD ("/documents/register-book", test_register_book);
  ADD ("/documents/logo", test_logo);
  ADD ("/documents/failed-write-keeps-register", test_failed_write_keeps_register);
  ADD ("/documents/draft-mark", test_draft_mark);
  ADD ("/documents/qr-verify", test_qr_verify);
  ADD ("/documents/missing-clause", test_missing_clause);
  ADD ("/documents/state-title", test_state_title);
  ADD ("/documents/render-async", test_render_async);
  return g_test_run ();
}
