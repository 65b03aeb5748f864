/* test-legacy.c — TCVN3, VNI and Windows-1258: tables, conversion, detection
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "gb-error.h"
#include "gb-legacy.h"

/* The twelve vowels, with the VNI spelling of each tone (none, grave,
 * acute, hook, tilde, dot below), written out by hand from the VNI
 * keyboard table rather than from the converter's mark table. */
static const struct
{
  const char *vowel;
  const char *vni[6];
} vni_table[] = {
  { "a", { "a",  "aø", "aù", "aû", "aõ", "aï" } },
  { "ă", { "aê", "aè", "aé", "aú", "aü", "aë" } },
  { "â", { "aâ", "aà", "aá", "aå", "aã", "aä" } },
  { "e", { "e",  "eø", "eù", "eû", "eõ", "eï" } },
  { "ê", { "eâ", "eà", "eá", "eå", "eã", "eä" } },
  { "i", { "i",  "ì",  "í",  "æ",  "ó",  "ò"  } },
  { "o", { "o",  "oø", "où", "oû", "oõ", "oï" } },
  { "ô", { "oâ", "oà", "oá", "oå", "oã", "oä" } },
  { "ơ", { "ô",  "ôø", "ôù", "ôû", "ôõ", "ôï" } },
  { "u", { "u",  "uø", "uù", "uû", "uõ", "uï" } },
  { "ư", { "ö",  "öø", "öù", "öû", "öõ", "öï" } },
  { "y", { "y",  "yø", "yù", "yû", "yõ", "î"  } },
};

static const gunichar tones[6] = { 0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323 };

/* Every letter of the Vietnamese alphabet that is not ASCII: 134. */
static GPtrArray *
vietnamese_letters (GPtrArray **vni_out)
{
  GPtrArray *letters = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *vni = g_ptr_array_new_with_free_func (g_free);

  for (guint upper = 0; upper < 2; upper++)
    {
      for (guint v = 0; v < G_N_ELEMENTS (vni_table); v++)
        for (guint t = 0; t < 6; t++)
          {
            GString *s = g_string_new (vni_table[v].vowel);
            char *nfc;

            if (tones[t])
              g_string_append_unichar (s, tones[t]);
            nfc = g_utf8_normalize (s->str, -1, G_NORMALIZE_NFC);
            g_string_free (s, TRUE);
            if (nfc[1] == '\0')       /* plain a e i o u y */
              {
                g_free (nfc);
                continue;
              }
            g_ptr_array_add (letters, upper ? g_utf8_strup (nfc, -1) : g_strdup (nfc));
            g_ptr_array_add (vni, upper ? g_utf8_strup (vni_table[v].vni[t], -1)
                                        : g_strdup (vni_table[v].vni[t]));
            g_free (nfc);
          }
      g_ptr_array_add (letters, g_strdup (upper ? "Đ" : "đ"));
      g_ptr_array_add (vni, g_strdup (upper ? "Ñ" : "ñ"));
    }
  *vni_out = vni;
  return letters;
}

/* UTF-8 whose characters are all Latin-1, back to those bytes. */
static GBytes *
latin1_bytes (const char *text)
{
  gsize len;
  char *bytes = g_convert (text, -1, "ISO-8859-1", "UTF-8", NULL, &len, NULL);

  g_assert_nonnull (bytes);
  return g_bytes_new_take (bytes, len);
}

static void
test_vni_letters (void)
{
  g_autoptr(GPtrArray) vni = NULL;
  g_autoptr(GPtrArray) letters = vietnamese_letters (&vni);
  g_autoptr(GString) all_letters = g_string_new (NULL);
  g_autoptr(GString) all_vni = g_string_new (NULL);

  g_assert_cmpuint (letters->len, ==, 134);
  for (guint i = 0; i < letters->len; i++)
    {
      const char *letter = letters->pdata[i];
      const char *v = vni->pdata[i];
      g_autofree char *text = gb_legacy_convert_text (v, -1, GB_LEGACY_VNI);
      g_autoptr(GBytes) bytes = latin1_bytes (v);
      g_autofree char *decoded = NULL;
      gsize n;
      const guint8 *data = g_bytes_get_data (bytes, &n);

      decoded = gb_legacy_decode_bytes (data, n, GB_LEGACY_VNI, NULL);
      if (g_strcmp0 (text, letter) != 0 || g_strcmp0 (decoded, letter) != 0)
        g_error ("VNI “%s”: expected %s, got %s and %s", v, letter, text, decoded);
      /* in a word, followed by a consonant and by a space */
      g_string_append_printf (all_letters, "t%sng %s ", letter, letter);
      g_string_append_printf (all_vni, "t%sng %s ", v, v);
    }
  {
    g_autofree char *text = gb_legacy_convert_text (all_vni->str, -1, GB_LEGACY_VNI);

    g_assert_cmpstr (text, ==, all_letters->str);
  }
}

static void
test_vni_text (void)
{
  const struct { const char *vni, *unicode; } cases[] = {
    { "Nguyeãn Thò Höông", "Nguyễn Thị Hương" },
    { "Laøng goám Baùt Traøng", "Làng gốm Bát Tràng" },
    { "Ñaëng Vaên Öôùc", "Đặng Văn Ước" },
    { "ÑAËNG VAÊN ÖÔÙC", "ĐẶNG VĂN ƯỚC" },
    { "Vieät Nam", "Việt Nam" },
    { "Hieäp hoäi Laøng ngheà Haûi Phoøng", "Hiệp hội Làng nghề Hải Phòng" },
    { "Ngheä nhaân, thôï kheùo; Baøn tay vaøng!", "Nghệ nhân, thợ khéo; Bàn tay vàng!" },
    { "Tröôøng Ñaïi hoïc", "Trường Đại học" },
    { "Quyønh Nhö, Huyønh Ngoïc Yeán, Kyø Duyeân", "Quỳnh Như, Huỳnh Ngọc Yến, Kỳ Duyên" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gb_legacy_convert_text (cases[i].vni, -1, GB_LEGACY_VNI);

      g_assert_cmpstr (text, ==, cases[i].unicode);
    }
}

/* The whole TCVN3 table against glibc's TCVN5712-1, byte by byte. */
static void
test_tcvn3_table (void)
{
  g_autoptr(GPtrArray) vni = NULL;
  g_autoptr(GPtrArray) letters = vietnamese_letters (&vni);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *probe = g_convert ("a", 1, "UTF-8", "TCVN5712-1", NULL, NULL, NULL);

  if (probe == NULL)
    {
      g_test_skip ("iconv has no TCVN5712-1");
      return;
    }
  g_free (probe);
  for (guint b = 1; b < 256; b++)
    {
      guint8 byte = b;
      g_autofree char *ours = gb_legacy_decode_bytes (&byte, 1, GB_LEGACY_TCVN3, NULL);
      g_autofree char *raw = g_convert ((const char *) &byte, 1, "UTF-8", "TCVN5712-1",
                                        NULL, NULL, NULL);
      g_autofree char *theirs = g_utf8_normalize (raw, -1, G_NORMALIZE_NFC);

      g_assert_nonnull (theirs);
      if (g_strcmp0 (ours, theirs) != 0)
        g_error ("TCVN3 byte %02x: ours %s, iconv %s", b, ours, theirs);
      g_hash_table_add (seen, g_steal_pointer (&ours));
    }
  /* VN1 has every letter as one byte */
  for (guint i = 0; i < letters->len; i++)
    if (!g_hash_table_contains (seen, letters->pdata[i]))
      g_error ("TCVN3 lacks %s", (char *) letters->pdata[i]);
}

static void
test_cp1258_table (void)
{
  for (guint b = 1; b < 256; b++)
    {
      guint8 byte = b;
      g_autofree char *ours = gb_legacy_decode_bytes (&byte, 1, GB_LEGACY_WINDOWS_1258, NULL);
      g_autofree char *raw = g_convert ((const char *) &byte, 1, "UTF-8", "WINDOWS-1258",
                                        NULL, NULL, NULL);
      g_autofree char *theirs = NULL;

      if (raw == NULL)
        {
          /* a hole in the code page keeps its C1 control */
          char c1[8] = { 0 };

          g_assert_cmpuint (b, >=, 0x80);
          g_assert_cmpuint (b, <, 0xa0);
          g_unichar_to_utf8 (b, c1);
          g_assert_cmpstr (ours, ==, c1);
          continue;
        }
      theirs = g_utf8_normalize (raw, -1, G_NORMALIZE_NFC);
      if (g_strcmp0 (ours, theirs) != 0)
        g_error ("Windows-1258 byte %02x: ours %s, iconv %s", b, ours, theirs);
    }
}

static void
test_tcvn3_text (void)
{
  const struct { const char *tcvn3, *unicode; } cases[] = {
    { "NguyÔn ThÞ H\u00ad¬ng", "Nguyễn Thị Hương" },
    { "Lµng gèm B¸t Trµng", "Làng gốm Bát Tràng" },
    { "§Æng V¨n ¦íc", "Đặng Văn Ước" },
    { "ViÖt Nam", "Việt Nam" },
    /* capitals typed with an ABC capitals font */
    { "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HÒA Xã HỘI CHỦ NGHĨA VIỆT NAM" },
    /* Windows-1252 characters Excel made of 0x80–0x9F, and raw C1 controls */
    { "\u20ac\xc2\x81\u201a\u2013", "ÀẢÃỌ" },
    { "\xc2\x90\xc2\x91\xc2\x9d", "ÍỊÙ" },
    /* characters TCVN3 has no byte for stay */
    { "Hà Nội ở đâu? ⟨ễ⟩", "HỔ Nội ở đõu? ⟨ễ⟩" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gb_legacy_convert_text (cases[i].tcvn3, -1, GB_LEGACY_TCVN3);

      g_assert_cmpstr (text, ==, cases[i].unicode);
    }
}

/* Samples as bytes in each encoding (made with iconv -t WINDOWS-1258 and
 * TCVN5712-1; VNI bytes are its Latin-1 letters). */
static const struct
{
  const char *unicode;
  const char *cp1258;
  const char *tcvn3;
  const char *vni;
} byte_samples[] = {
  { "Nguyễn Thị Hương",
    "Nguy\xea\xden Thi\xf2 H\xfd\xf5ng",
    "Nguy\xd4n Th\xde H\xad\xacng",
    "Nguye\xe3n Th\xf2 H\xf6\xf4ng" },
  { "Làng gốm Bát Tràng",
    "L\xe0ng g\xf4\xecm B\xe1t Tr\xe0ng",
    "L\xb5ng g\xe8m B\xb8t Tr\xb5ng",
    "La\xf8ng go\xe1m Ba\xf9t Tra\xf8ng" },
  { "Đặng Văn Ước",
    "\xd0\xe3\xf2ng V\xe3n \xdd\xf5\xec" "c",
    "\xa7\xc6ng V\xa8n \xa6\xed" "c",
    "\xd1" "a\xebng Va\xean \xd6\xf4\xf9" "c" },
};

static void
test_decode_bytes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (byte_samples); i++)
    {
      const char *enc_bytes[] = { byte_samples[i].cp1258, byte_samples[i].tcvn3,
                                  byte_samples[i].vni };
      const GbLegacyEncoding encs[] = { GB_LEGACY_WINDOWS_1258, GB_LEGACY_TCVN3,
                                        GB_LEGACY_VNI };

      for (guint e = 0; e < G_N_ELEMENTS (encs); e++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *text = gb_legacy_decode_bytes ((const guint8 *) enc_bytes[e],
                                                          strlen (enc_bytes[e]), encs[e],
                                                          &error);

          g_assert_no_error (error);
          g_assert_cmpstr (text, ==, byte_samples[i].unicode);
        }
    }
}

static void
test_decode_unicode (void)
{
  g_autoptr(GError) error = NULL;
  const char nfd[] = "Nguye\xcc\x82\xcc\x83n\0!";
  g_autofree char *text = gb_legacy_decode_bytes ((const guint8 *) nfd, sizeof nfd - 1,
                                                  GB_LEGACY_UNICODE, &error);
  g_autofree char *bad = NULL;
  g_autofree char *empty = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Nguyễn!");   /* NFC, NUL dropped */
  bad = gb_legacy_decode_bytes ((const guint8 *) "ab\xff", 3, GB_LEGACY_UNICODE, &error);
  g_assert_null (bad);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_clear_error (&error);
  g_free (gb_legacy_decode_bytes ((const guint8 *) "x", 1, 42, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_FAILED);
  g_clear_error (&error);
  empty = gb_legacy_decode_bytes (NULL, 0, GB_LEGACY_TCVN3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "");
}

static void
test_detect_text (void)
{
  const struct { const char *text; GbLegacyEncoding enc; } cases[] = {
    { "", GB_LEGACY_UNICODE },
    { "Nguyen Van An, Ha Noi", GB_LEGACY_UNICODE },
    { "Nguyễn Thị Hương;Làng gốm Bát Tràng;Đặng Văn Ước", GB_LEGACY_UNICODE },
    { "Tôi là Tú, bà Hà ở Cà Mau, cô Lý ở Bà Rịa", GB_LEGACY_UNICODE },
    { "Café Müller;naïve", GB_LEGACY_UNICODE },
    { "Café Müller, naïve façade, crème brûlée à la française", GB_LEGACY_UNICODE },
    { "Grüße aus München; Straße 5; Bär, Öl, Ähre", GB_LEGACY_UNICODE },
    { "São Paulo, Ñandú, José Martí, Ærø, Zürich", GB_LEGACY_UNICODE },
    { "Hôtel de Ville; élève; où; déjà vu; Noël; Tōkyō", GB_LEGACY_UNICODE },
    { "NguyÔn ThÞ H\u00ad¬ng;Lµng gèm B¸t Trµng;§Æng V¨n ¦íc", GB_LEGACY_TCVN3 },
    { "Hé tªn,§Þa chØ\nTrÇn V¨n Minh,Thñy Nguyªn, H¶i Phßng", GB_LEGACY_TCVN3 },
    { "Nguyeãn Thò Höông;Laøng goám Baùt Traøng;Ñaëng Vaên Öôùc", GB_LEGACY_VNI },
    { "Hoï teân,Ñòa chæ\nTraàn Vaên Minh,Thuûy Nguyeân, Haûi Phoøng", GB_LEGACY_VNI },
    /* one or two words are not enough evidence */
    { "NguyÔn", GB_LEGACY_UNICODE },
    { "Nguyeãn Vaên", GB_LEGACY_UNICODE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GbLegacyEncoding enc = gb_legacy_detect_text (cases[i].text, -1);

      if (enc != cases[i].enc)
        g_error ("“%s”: detected %d, expected %d", cases[i].text, enc, cases[i].enc);
    }
  /* the length is honoured */
  g_assert_cmpint (gb_legacy_detect_text ("abc NguyÔn ThÞ H\u00ad¬ng", 3), ==, GB_LEGACY_UNICODE);
}

static void
test_detect_bytes (void)
{
  g_autoptr(GString) cp1258 = g_string_new (NULL);
  g_autoptr(GString) tcvn3 = g_string_new (NULL);
  g_autoptr(GString) vni = g_string_new (NULL);
  const char *western = "Caf\xe9 M\xfcller;na\xefve;Gr\xfc\xdf" "e aus M\xfcnchen";

  for (guint i = 0; i < G_N_ELEMENTS (byte_samples); i++)
    {
      g_string_append_printf (cp1258, "%s\r\n", byte_samples[i].cp1258);
      g_string_append_printf (tcvn3, "%s\r\n", byte_samples[i].tcvn3);
      g_string_append_printf (vni, "%s\r\n", byte_samples[i].vni);
    }
  g_assert_cmpint (gb_legacy_detect_bytes ((guint8 *) cp1258->str, cp1258->len), ==,
                   GB_LEGACY_WINDOWS_1258);
  g_assert_cmpint (gb_legacy_detect_bytes ((guint8 *) tcvn3->str, tcvn3->len), ==,
                   GB_LEGACY_TCVN3);
  g_assert_cmpint (gb_legacy_detect_bytes ((guint8 *) vni->str, vni->len), ==,
                   GB_LEGACY_VNI);
  g_assert_cmpint (gb_legacy_detect_bytes ((guint8 *) western, strlen (western)), ==,
                   GB_LEGACY_WINDOWS_1258);
  g_assert_cmpint (gb_legacy_detect_bytes (NULL, 0), ==, GB_LEGACY_WINDOWS_1258);
}

/* Broken input still gives valid UTF-8. */
static void
test_robust (void)
{
  const char broken[] = "Nguy\xd4n\xff\xc3 \0Th\xc3\xbe\xe2\x82";
  const GbLegacyEncoding encs[] = { GB_LEGACY_UNICODE, GB_LEGACY_TCVN3, GB_LEGACY_VNI,
                                    GB_LEGACY_WINDOWS_1258 };

  for (guint e = 0; e < G_N_ELEMENTS (encs); e++)
    {
      g_autofree char *text = gb_legacy_convert_text (broken, sizeof broken - 1, encs[e]);
      g_autofree char *decoded = gb_legacy_decode_bytes ((const guint8 *) broken,
                                                         sizeof broken - 1, encs[e], NULL);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_nonnull (strstr (text, "Th"));    /* nothing lost after the NUL */
      if (decoded != NULL)
        g_assert_true (g_utf8_validate (decoded, -1, NULL));
      else
        g_assert_cmpint (encs[e], ==, GB_LEGACY_UNICODE);
    }
  (void) gb_legacy_detect_text (broken, sizeof broken - 1);
  (void) gb_legacy_detect_bytes ((const guint8 *) broken, sizeof broken - 1);
}

/* Long text is normalized in pieces: the seams must not show. */
static void
test_long (void)
{
  g_autoptr(GString) cp1258 = g_string_new (NULL);
  g_autoptr(GString) unicode = g_string_new (NULL);
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(GString) composed = g_string_new (NULL);
  g_autofree char *decoded = NULL;
  g_autofree char *normalized = NULL;

  for (guint i = 0; i < 3000; i++)
    {
      guint k = i % G_N_ELEMENTS (byte_samples);

      g_string_append_printf (cp1258, "%s;", byte_samples[k].cp1258);
      g_string_append_printf (unicode, "%s;", byte_samples[k].unicode);
      /* no ASCII at all: ê + combining tilde, and Đ */
      g_string_append (marks, "\xc3\xaa\xcc\x83\xc4\x90");
      g_string_append (composed, "ễĐ");
    }
  decoded = gb_legacy_decode_bytes ((const guint8 *) cp1258->str, cp1258->len,
                                    GB_LEGACY_WINDOWS_1258, NULL);
  g_assert_cmpstr (decoded, ==, unicode->str);
  normalized = gb_legacy_convert_text (marks->str, marks->len, GB_LEGACY_UNICODE);
  g_assert_cmpstr (normalized, ==, composed->str);
}

static void
test_labels (void)
{
  g_assert_cmpstr (gb_legacy_encoding_label (GB_LEGACY_UNICODE), ==, "Unicode");
  g_assert_cmpstr (gb_legacy_encoding_label (GB_LEGACY_TCVN3), ==, "TCVN3 (ABC)");
  g_assert_cmpstr (gb_legacy_encoding_label (GB_LEGACY_VNI), ==, "VNI");
  g_assert_cmpstr (gb_legacy_encoding_label (GB_LEGACY_WINDOWS_1258), ==, "Windows-1258");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/legacy/vni/letters", test_vni_letters);
  g_test_add_func ("/legacy/vni/text", test_vni_text);
  g_test_add_func ("/legacy/tcvn3/table", test_tcvn3_table);
  g_test_add_func ("/legacy/tcvn3/text", test_tcvn3_text);
  g_test_add_func ("/legacy/cp1258/table", test_cp1258_table);
  g_test_add_func ("/legacy/decode-bytes", test_decode_bytes);
  g_test_add_func ("/legacy/decode-unicode", test_decode_unicode);
  g_test_add_func ("/legacy/detect-text", test_detect_text);
  g_test_add_func ("/legacy/detect-bytes", test_detect_bytes);
  g_test_add_func ("/legacy/robust", test_robust);
  g_test_add_func ("/legacy/long", test_long);
  g_test_add_func ("/legacy/labels", test_labels);
  return g_test_run ();
}
