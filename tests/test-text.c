/* test-text.c — NFC, search folding, Vietnamese sorting, formats
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "gb-lunar.h"
#include "gb-text.h"

static void
test_normalize (void)
{
  /* "Nguyễn" typed decomposed: e + circumflex + tilde as combining marks */
  const char *decomposed = "Nguye\xcc\x82\xcc\x83n";
  /* Unikey "Unicode tổ hợp": precomposed ê + combining tilde */
  const char *mixed = "Nguy\xc3\xaa\xcc\x83n";
  g_autofree char *a = gb_text_normalize (decomposed);
  g_autofree char *b = gb_text_normalize (mixed);
  g_autofree char *name = gb_text_normalize_name ("  Nguyễn   Văn \t An  ");

  g_assert_cmpstr (a, ==, "Nguyễn");
  g_assert_cmpstr (b, ==, "Nguyễn");
  g_assert_cmpuint (strlen (a), ==, strlen ("Nguyễn"));
  g_assert_cmpstr (name, ==, "Nguyễn Văn An");
  g_assert_null (gb_text_normalize ("\xff\xfe bad"));
  g_assert_null (gb_text_normalize (NULL));

  /* The quick path: text that is NFC for certain is not normalized again;
   * anything with a combining mark, or a character NFC changes, is. */
  g_assert_true (gb_text_is_plain_nfc ("Đặng Thị Ước – “Làng gốm” 2.500₫"));
  g_assert_true (gb_text_is_plain_nfc ("Café Müller"));
  g_assert_false (gb_text_is_plain_nfc (decomposed));
  g_assert_false (gb_text_is_plain_nfc (mixed));
  g_assert_false (gb_text_is_plain_nfc ("\xe2\x84\xa6"));     /* U+2126 OHM SIGN: NFC is U+03A9 */
  g_assert_false (gb_text_is_plain_nfc ("\xe2\x80\x80"));     /* U+2000: NFC is U+2002 */
  {
    g_autofree char *ohm = gb_text_normalize ("\xe2\x84\xa6");

    g_assert_cmpstr (ohm, ==, "\xce\xa9");
  }
}

static void
test_fold (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Nguyễn Văn An", "nguyen van an" },
    { "NGUYỄN VĂN AN", "nguyen van an" },
    { "nguyen van an", "nguyen van an" },
    { "Nguye\xcc\x82\xcc\x83n", "nguyen" },        /* decomposed */
    { "Đặng Thị Đào", "dang thi dao" },             /* Đ/đ have no decomposition */
    { "Dưỡng Động", "duong dong" },
    { "  Mây–tre, đan!  ", "may tre dan" },
    { "HTX Gốm sứ Chu Đậu 2", "htx gom su chu dau 2" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = gb_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  {
    g_autofree char *bad = gb_text_fold ("\xc3\x28");
    g_assert_cmpstr (bad, ==, "");
  }
}

static void
test_fold_matches (void)
{
  g_autofree char *key = gb_text_fold ("Nguyễn Văn An Mỹ Đồng");

  g_assert_true (gb_text_fold_matches (key, "nguyen van an"));
  g_assert_true (gb_text_fold_matches (key, "NGUYỄN"));
  g_assert_true (gb_text_fold_matches (key, "an nguyen"));     /* any order */
  g_assert_true (gb_text_fold_matches (key, "ngu"));           /* start of a word */
  g_assert_true (gb_text_fold_matches (key, "my dong"));       /* đ matches d */
  g_assert_false (gb_text_fold_matches (key, "guyen"));        /* not the middle of a word */
  g_assert_false (gb_text_fold_matches (key, "nguyen binh"));
  g_assert_true (gb_text_fold_matches (key, ""));
}

static int
compare_keys (const char *a,
              const char *b,
              gboolean    person)
{
  g_autoptr(GBytes) ka = person ? gb_text_person_sort_key (a) : gb_text_sort_key (a);
  g_autoptr(GBytes) kb = person ? gb_text_person_sort_key (b) : gb_text_sort_key (b);

  /* sqlite compares BLOBs with memcmp, then by length: do the same. */
  return g_bytes_compare (ka, kb);
}

static void
assert_sorted (const char *const *names,
               gboolean           person)
{
  for (guint i = 0; names[i + 1]; i++)
    if (compare_keys (names[i], names[i + 1], person) >= 0)
      g_error ("“%s” should sort before “%s”", names[i], names[i + 1]);
}

static void
test_collation (void)
{
  /* From VIETNAMESE.md: letters first, tones break ties. */
  const char *const words[] = {
    "Anh", "Ảnh", "Ánh", "Ăn", "Âu", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Dung", "Đức", NULL
  };
  const char *const letters[] = { "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "o", "ô", "ơ", "u", "ư", "y", NULL };

  assert_sorted (words, FALSE);
  assert_sorted (letters, FALSE);
  g_assert_cmpint (gb_text_collate ("Đức", "Dung"), >, 0);
  g_assert_cmpint (gb_text_collate ("ă", "â"), <, 0);
}

static void
test_person_sort (void)
{
  /* Given name first, then middle, then family; one-word names too. */
  const char *const ordered[] = {
    "Trần Văn An",        /* An < Anh */
    "Nguyễn Thị Anh",     /* Anh: middle Thị before Văn */
    "Lê Văn Anh",
    "Phạm Văn Anh",       /* same given and middle: family Lê < Phạm */
    "Lê Văn Ánh",         /* every Anh before any Ánh */
    "Bình",               /* one word: the given name */
    "Đỗ Đức Dũng",        /* Dũng: u before đ of Đạt */
    "Đinh Văn Đạt",       /* D before Đ */
    NULL
  };

  assert_sorted (ordered, TRUE);

  /* Decomposed input sorts as its composed form. */
  g_assert_cmpint (compare_keys ("Nguye\xcc\x82\xcc\x83n Văn An", "Nguyễn Văn An", TRUE), ==, 0);
  /* An organization is sorted as written, not by its last word. */
  g_assert_cmpint (compare_keys ("Công ty TNHH Gốm Chu Đậu", "Hợp tác xã Mây tre An", FALSE), <, 0);
  g_assert_cmpint (compare_keys ("", "A", TRUE), <, 0);

  /* The key is the given name's, the middle's, the family's, one after
   * the other; a long name too (past the converter's stack buffer). */
  {
    g_autofree char *long_middle = g_strjoinv (" ", (char *[]) { "Thị", "Minh", "Khai", "Phương", "Thảo", "Ngọc",
                                                               "Diệp", "Tường", "Vân", "Hồng", "Nhung", "Quỳnh",
                                                               "Như", "Ý", "Bảo", "Châu", "Thiên", "Kim", "Ngân",
                                                               "Mỹ", "Lệ", "Hằng", "Thanh", "Tâm", "Hoài", "Thu",
                                                               "Xuân", "Hạ", "Đông", NULL });
    g_autofree char *long_name = g_strdup_printf ("Tôn Nữ %s Hương", long_middle);
    g_autofree char *long_rest = g_strdup_printf ("Nữ %s", long_middle);
    const struct { const char *name, *given, *middle, *family; } parts[] = {
      { "Nguyễn Văn An", "An", "Văn", "Nguyễn" },
      { "Lê Thị Minh Khai", "Khai", "Thị Minh", "Lê" },
      { "Mạc Cửu", "Cửu", "", "Mạc" },
      { long_name, "Hương", long_rest, "Tôn" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        g_autoptr(GBytes) whole = gb_text_person_sort_key (parts[i].name);
        g_autoptr(GBytes) given = gb_text_sort_key (parts[i].given);
        g_autoptr(GBytes) middle = gb_text_sort_key (parts[i].middle);
        g_autoptr(GBytes) family = gb_text_sort_key (parts[i].family);
        g_autoptr(GByteArray) joined = g_byte_array_new ();
        gsize len;
        gconstpointer data;

        data = g_bytes_get_data (given, &len), g_byte_array_append (joined, data, len);
        data = g_bytes_get_data (middle, &len), g_byte_array_append (joined, data, len);
        data = g_bytes_get_data (family, &len), g_byte_array_append (joined, data, len);
        data = g_bytes_get_data (whole, &len);
        g_assert_cmpmem (data, len, joined->data, joined->len);
      }
    /* Two long names that differ only past the converter's stack buffer
     * have different keys, in order. */
    {
      g_autofree char *a = g_strdup_printf ("%s An", long_name);
      g_autofree char *b = g_strdup_printf ("%s Anh", long_name);
      g_autofree char *c = g_strdup_printf ("Tôn Nữ %s Hương Lan", long_middle);
      g_autofree char *d = g_strdup_printf ("Tôn Nữ %s Hương Mai", long_middle);

      g_assert_cmpuint (g_utf8_strlen (c, -1), >, 128);
      g_assert_cmpint (compare_keys (a, b, TRUE), <, 0);
      g_assert_cmpint (compare_keys (c, d, FALSE), <, 0);
      g_assert_cmpint (compare_keys (d, c, FALSE), >, 0);
    }
    /* One word: its own key. */
    {
      g_autoptr(GBytes) one = gb_text_person_sort_key ("Bình");
      g_autoptr(GBytes) word = gb_text_sort_key ("Bình");

      g_assert_true (g_bytes_equal (one, word));
    }
  }
}

static void
test_dates (void)
{
  const struct { const char *in, *out; } good[] = {
    { "15/10/2021", "2021-10-15" },
    { "5/2/2025", "2025-02-05" },
    { "05-02-2025", "2025-02-05" },
    { "29.02.2024", "2024-02-29" },
    { "2021-10-15", "2021-10-15" },
    { " 01/01/2000 ", "2000-01-01" },
  };
  /* One reading for every date: groups of one to four digits. A sign or
   * a longer group ("00015", "+5"), which sscanf() used to let through,
   * is said to be no date. */
  const char *const bad[] = { "00015/10/2021", "+5/2/2025", "", "31/02/2021", "29/02/2023", "15/13/2021", "abc", "15/10", "15/10/21x", "15/10-2021",
                              "15/10/", "/10/2021", "15//2021", "15/10/20210", "1–2–2021", "15/-10/2021",
                              "15/10/2021/1", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = gb_text_parse_date (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, good[i].out);
    }
  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = gb_text_parse_date (bad[i], &error);

      g_assert_null (iso);
      g_assert_nonnull (error);
    }

  {
    g_autofree char *shown = gb_text_format_date ("2025-02-05");
    g_assert_cmpstr (shown, ==, "05/02/2025");
  }
  g_assert_false (gb_text_is_valid_iso_date ("2021-02-30"));
  g_assert_true (gb_text_is_valid_iso_date ("2024-02-29"));
}

static void
test_formats (void)
{
  const struct { gint64 n; const char *s; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1.000" }, { 1234567, "1.234.567" },
    { 308250705, "308.250.705" }, { -45000, "-45.000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = gb_text_format_thousands (cases[i].n);
      g_assert_cmpstr (s, ==, cases[i].s);
    }

  {
    g_autofree char *j = gb_text_json_escape ("a\"b\\c\nđ\x01");
    g_assert_cmpstr (j, ==, "\"a\\\"b\\\\c\\nđ\\u0001\"");
  }
}

static void
test_contacts (void)
{
  g_autofree char *digits = gb_text_digits_only ("0201 234 567-001");

  g_assert_cmpstr (digits, ==, "0201234567001");
  g_assert_null (gb_text_digits_only ("02O1234567"));
  g_assert_true (gb_text_is_valid_phone ("0912 345 678"));
  g_assert_true (gb_text_is_valid_phone ("+84 912 345 678"));
  g_assert_true (gb_text_is_valid_phone ("(0225) 3 123 456"));
  g_assert_false (gb_text_is_valid_phone ("12345"));
  g_assert_false (gb_text_is_valid_phone ("0912-abc-678"));
  g_assert_true (gb_text_is_valid_email ("vanphong@langnghe.vn"));
  g_assert_false (gb_text_is_valid_email ("vanphong@langnghe"));
  g_assert_false (gb_text_is_valid_email ("@langnghe.vn"));
  g_assert_false (gb_text_is_valid_email ("a b@c.vn"));
}

static void
test_lunar (void)
{
  const struct { const char *solar, *lunar; } cases[] = {
    { "2021-02-12", "01/01 Tân Sửu" },       /* Tết 2021 */
    { "2021-09-21", "15/08 Tân Sửu" },       /* Mid-autumn 2021 */
    { "2024-02-10", "01/01 Giáp Thìn" },
    { "2025-01-29", "01/01 Ất Tỵ" },
    { "2026-02-17", "01/01 Bính Ngọ" },
    { "1985-01-21", "01/01 Ất Sửu" },        /* Vietnam's Tết; China's was 20 February */
    { "2021-02-11", "30/12 Canh Tý" },       /* New Year's Eve */
  };
  GbLunarDate leap;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lunar = gb_lunar_format (cases[i].solar);
      g_assert_cmpstr (lunar, ==, cases[i].lunar);
    }

  /* 2023 had a leap second month: 22 March 2023 is 1/2 nhuận. */
  g_assert_true (gb_lunar_from_solar (22, 3, 2023, &leap));
  g_assert_cmpint (leap.day, ==, 1);
  g_assert_cmpint (leap.month, ==, 2);
  g_assert_true (leap.leap);
  g_assert_true (gb_lunar_from_solar (20, 2, 2023, &leap));
  g_assert_false (leap.leap);

  g_assert_null (gb_lunar_format ("2021-02-30"));
  g_assert_null (gb_lunar_format (NULL));
}

/* The fold as its comment defines it, written the slow way. */
static char *
reference_fold (const char *text)
{
  g_autofree char *nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);
  gboolean pending = FALSE;

  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType t = g_unichar_type (c);

      if (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (c == 0x0110 || c == 0x0111)
        c = 'd';
      if (!g_unichar_isalnum (c))
        {
          pending = out->len > 0;
          continue;
        }
      if (pending)
        g_string_append_c (out, ' ');
      pending = FALSE;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

/* The fast fold (no normalization for Vietnamese and plain text) gives
 * what the definition gives, for every letter it knows and around them. */
static void
test_fold_fast (void)
{
  static const char *const texts[] = {
    "  Nguyễn  Thị Đào ", "NGUYỄN VĂN AN", "Nguye\xcc\x82\xcc\x83n", "đặng-thị.hà", "Ưng Ơn Ước",
    "Café Müller; naïve", "Æsir ß ø", "×÷ 12 ²", "Hải Phòng 2025", "\xcc\x81" "a", "日本 Nguyễn", "",
  };

  for (gunichar c = 0x20; c < 0x2000; c++)
    {
      char buf[16] = "x";
      g_autofree char *fast = NULL;
      g_autofree char *slow = NULL;

      if (!g_unichar_validate (c))
        continue;
      buf[1 + g_unichar_to_utf8 (c, buf + 1)] = 0;
      strcat (buf, "y z");
      fast = gb_text_fold (buf);
      slow = reference_fold (buf);
      if (g_strcmp0 (fast, slow) != 0)
        g_error ("U+%04X: “%s” folds to “%s”, not “%s”", c, buf, fast, slow);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *fast = gb_text_fold (texts[i]);
      g_autofree char *slow = reference_fold (texts[i]);

      g_assert_cmpstr (fast, ==, slow);
    }
}

/* File names from Vietnamese text: ASCII, lower-case, words joined by
 * hyphens, nothing a file system or a mail program could trip on. */
static void
test_slug (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Giấy chứng nhận Vũ Thanh Hải 2026", "giay-chung-nhan-vu-thanh-hai-2026" },
    { "ĐỖ ĐỨC ĐẠT", "do-duc-dat" },
    { "  Nguyễn   Thị  Ánh  ", "nguyen-thi-anh" },
    { "Sổ đăng ký / 2026: quý III (bản nháp)", "so-dang-ky-2026-quy-iii-ban-nhap" },
    { "Cuộc thi \"Bàn tay vàng\" — lần 3", "cuoc-thi-ban-tay-vang-lan-3" },
    { "Nguye\xcc\x82\xcc\x83n", "nguyen" },          /* decomposed marks */
    { "../../etc/passwd", "etc-passwd" },
    { "陶瓷 Gốm", "gom" },                          /* no ASCII form: left out */
    { "---", "" },
    { "", "" },
  };
  g_autofree char *huge = NULL;
  g_autofree char *slug = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = gb_text_slug (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
  g_assert_cmpstr (gb_text_slug (NULL), ==, NULL);
  {
    g_autofree char *bad = gb_text_slug ("\xff\xfe");

    g_assert_cmpstr (bad, ==, "");
  }

  /* A long name is cut at a word, well under any file system's limit. */
  huge = g_strnfill (5000, 'a');
  huge[100] = ' ';
  slug = gb_text_slug (huge);
  g_assert_cmpuint (strlen (slug), <=, 80);
  g_assert_false (g_str_has_suffix (slug, "-"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/normalize", test_normalize);
  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/fold-matches", test_fold_matches);
  g_test_add_func ("/text/fold-fast", test_fold_fast);
  g_test_add_func ("/text/collation", test_collation);
  g_test_add_func ("/text/person-sort", test_person_sort);
  g_test_add_func ("/text/dates", test_dates);
  g_test_add_func ("/text/formats", test_formats);
  g_test_add_func ("/text/contacts", test_contacts);
  g_test_add_func ("/text/lunar", test_lunar);
  g_test_add_func ("/text/slug", test_slug);

  return g_test_run ();
}
