/* gb-legacy.c — text in the legacy Vietnamese encodings: TCVN3 (ABC), VNI, Windows-1258
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TCVN3 and Windows-1258 are byte tables, each byte as glibc's iconv
 * reads it alone ("TCVN5712-1", "WINDOWS-1258"); the text is then
 * normalized to NFC. Text that Excel has already turned into characters
 * is first mapped back to its bytes through Windows-1252 (a raw C1
 * control stands for its own byte), then decoded.
 * VNI writes a base letter followed by Latin-1 letters that its fonts draw
 * as marks, so it is converted character by character: "Nguyeãn" is
 * "Nguyễn", "Ñaëng" is "Đặng".
 *
 * Detection converts the text each way and judges the results as
 * Vietnamese: a word holding a non-ASCII letter must be a syllable
 * (initial, vowel, final, at most one tone), and letters outside the
 * Vietnamese alphabet count against. A legacy reading must win clearly,
 * so "Café Müller" or "naïve" stay as they are.
 */
#define G_LOG_DOMAIN "gb-legacy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-legacy.h"

/* Windows-1252 for 0x80–0x9F; its five holes keep their C1 code. */
static const guint16 cp1252_c1[32] = {
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static gunichar tcvn3_table[256];
static gunichar cp1252_table[256];
static gunichar cp1258_table[256];

/* Each byte of @charset as iconv reads it alone: a byte the code page
 * leaves undefined (Windows-1258's holes) keeps its own code, a C1
 * control. Not whole texts: glibc composes a letter with the mark after
 * it even where Unicode orders the marks the other way (Ó and a tilde
 * make Ṍ, which is Õ and an acute). TCVN 5712:1993 is VN1; ABC fonts
 * (VN3) use its 0xA1–0xFE part. */
static void
fill_from_iconv (gunichar   *table,
                 const char *charset)
{
  for (guint b = 0; b < 256; b++)
    {
      char byte = (char) b;
      g_autoptr(GError) error = NULL;
      g_autofree char *c = g_convert (&byte, 1, "UTF-8", charset, NULL, NULL, &error);

      if (b == 0 && g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
        g_warning ("iconv has no %s: its bytes are read as Latin-1", charset);
      table[b] = c != NULL ? g_utf8_get_char (c) : b;
    }
}

static void
init_tables (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  for (guint b = 0; b < 256; b++)
    cp1252_table[b] = (b >= 0x80 && b < 0xa0) ? cp1252_c1[b - 0x80] : b;
  fill_from_iconv (tcvn3_table, "TCVN5712-1");
  fill_from_iconv (cp1258_table, "WINDOWS-1258");
  g_once_init_leave (&done, 1);
}

/* The byte a Windows-1252 reader turned into @c, or -1. */
static int
unichar_to_byte (gunichar c)
{
  if (c < 0x100)
    return (int) c;
  for (guint i = 0; i < G_N_ELEMENTS (cp1252_c1); i++)
    if (cp1252_c1[i] == c)
      return 0x80 + (int) i;
  return -1;
}

/* Characters from raw bytes through a table, or from UTF-8 that may be
 * broken (a bad byte reads as U+FFFD). */
typedef struct
{
  const guint8   *p;
  const guint8   *end;
  const gunichar *table;
} Source;

static gboolean
source_next (Source   *s,
             gunichar *c)
{
  if (s->p >= s->end)
    return FALSE;
  if (s->table != NULL)
    {
      *c = s->table[*s->p++];
      return TRUE;
    }
  if (*s->p < 0x80)
    {
      *c = *s->p++;
      return TRUE;
    }
  *c = g_utf8_get_char_validated ((const char *) s->p, s->end - s->p);
  if (*c == (gunichar) -1 || *c == (gunichar) -2)
    {
      *c = 0xfffd;
      s->p++;
    }
  else
    s->p = (const guint8 *) g_utf8_next_char (s->p);
  return TRUE;
}

/* NFC ------------------------------------------------------------------ */

static gboolean
starts_piece (gunichar c)
{
  return g_unichar_combining_class (c) == 0
         && !(c >= 0x0900 && c < 0x0e00)     /* Indic vowel signs compose after a starter */
         && !(c >= 0x1000 && c < 0x1200)     /* Myanmar, Hangul jamo */
         && !(c >= 0x1b00 && c < 0x1c00);
}

/* g_utf8_normalize() moves the rest of its buffer for each composition,
 * which is quadratic on long Vietnamese text. So NFC is applied in short
 * pieces, cut before an ASCII character (nothing composes with one that
 * precedes it), or failing that before a character that starts afresh. */
static char *
nfc (const char *text,
     gsize       len)
{
  const char *p = text, *end = text + len;
  GString *out;

  if (len <= 512)
    return g_utf8_normalize (text, (gssize) len, G_NORMALIZE_NFC);
  out = g_string_sized_new (len + 16);
  while (p < end)
    {
      const char *cut = p + MIN ((gsize) 512, (gsize) (end - p));
      const char *limit = cut + MIN ((gsize) 4096, (gsize) (end - cut));
      gboolean ascii = TRUE;
      char *piece;

      while (cut < limit && (guint8) *cut >= 0x80)
        cut++;
      if (cut < end && (guint8) *cut >= 0x80)
        {
          while (cut < end && ((guint8) *cut & 0xc0) == 0x80)
            cut++;
          while (cut < end && (guint8) *cut >= 0x80 && !starts_piece (g_utf8_get_char (cut)))
            cut = g_utf8_next_char (cut);
        }
      for (const char *q = p; q < cut && ascii; q++)
        ascii = (guint8) *q < 0x80;
      if (ascii)
        g_string_append_len (out, p, cut - p);
      else
        {
          piece = g_utf8_normalize (p, cut - p, G_NORMALIZE_NFC);
          if (piece != NULL)
            g_string_append (out, piece);
          else
            g_string_append_len (out, p, cut - p);
          g_free (piece);
        }
      p = cut;
    }
  return g_string_free (out, FALSE);
}

/* VNI ---------------------------------------------------------------- */

enum { MOD_NONE, MOD_CIRCUMFLEX, MOD_BREVE };
enum { TONE_NONE, TONE_GRAVE, TONE_ACUTE, TONE_HOOK, TONE_TILDE, TONE_DOT };

static const gunichar tone_marks[] = { 0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323 };

/* The marks VNI fonts draw over a vowel, by the lowercase Latin-1 letter
 * that carries them; capital vowels take the capital letter (0x20 less). */
static const guint8 vni_marks[][3] = {
  { 0xf8, MOD_NONE, TONE_GRAVE },       /* ø */
  { 0xf9, MOD_NONE, TONE_ACUTE },       /* ù */
  { 0xfb, MOD_NONE, TONE_HOOK },        /* û */
  { 0xf5, MOD_NONE, TONE_TILDE },       /* õ */
  { 0xef, MOD_NONE, TONE_DOT },         /* ï */
  { 0xe2, MOD_CIRCUMFLEX, TONE_NONE },  /* â */
  { 0xe0, MOD_CIRCUMFLEX, TONE_GRAVE }, /* à */
  { 0xe1, MOD_CIRCUMFLEX, TONE_ACUTE }, /* á */
  { 0xe5, MOD_CIRCUMFLEX, TONE_HOOK },  /* å */
  { 0xe3, MOD_CIRCUMFLEX, TONE_TILDE }, /* ã */
  { 0xe4, MOD_CIRCUMFLEX, TONE_DOT },   /* ä */
  { 0xea, MOD_BREVE, TONE_NONE },       /* ê */
  { 0xe8, MOD_BREVE, TONE_GRAVE },      /* è */
  { 0xe9, MOD_BREVE, TONE_ACUTE },      /* é */
  { 0xfa, MOD_BREVE, TONE_HOOK },       /* ú */
  { 0xfc, MOD_BREVE, TONE_TILDE },      /* ü */
  { 0xeb, MOD_BREVE, TONE_DOT },        /* ë */
};

/* Letters VNI writes as one Latin-1 letter: ơ ư đ and four of i/y. */
static const guint16 vni_letters[][2] = {
  { 0xf4, 0x01a1 }, { 0xd4, 0x01a0 },   /* ô ơ */
  { 0xf6, 0x01b0 }, { 0xd6, 0x01af },   /* ö ư */
  { 0xf1, 0x0111 }, { 0xd1, 0x0110 },   /* ñ đ */
  { 0xf2, 0x1ecb }, { 0xd2, 0x1eca },   /* ò ị */
  { 0xf3, 0x0129 }, { 0xd3, 0x0128 },   /* ó ĩ */
  { 0xe6, 0x1ec9 }, { 0xc6, 0x1ec8 },   /* æ ỉ */
  { 0xee, 0x1ef5 }, { 0xce, 0x1ef4 },   /* î ỵ */
};

static gboolean
vni_mark (gunichar  c,
          int      *mod,
          int      *tone)
{
  if (c < 0xc0 || c > 0xff)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (vni_marks); i++)
    if (vni_marks[i][0] == (c | 0x20))
      {
        *mod = vni_marks[i][1];
        *tone = vni_marks[i][2];
        return TRUE;
      }
  return FALSE;
}

/* The vowel a mark may follow ('h' for ơ and ư, written ô and ö), and in
 * @base the letter to write; 0 if @c takes no mark. */
static char
vni_vowel (gunichar  c,
           gunichar *base)
{
  gunichar l = (c >= 'A' && c <= 'Z') ? c + 0x20 : c;

  *base = c;
  switch (l)
    {
    case 'a': case 'e': case 'o': case 'u': case 'y':
      return (char) l;
    case 0xf4: case 0xd4:
      *base = c == 0xf4 ? 0x01a1 : 0x01a0;
      return 'h';
    case 0xf6: case 0xd6:
      *base = c == 0xf6 ? 0x01b0 : 0x01af;
      return 'h';
    default:
      return 0;
    }
}

static gunichar
vni_letter (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (vni_letters); i++)
    if (vni_letters[i][0] == c)
      return vni_letters[i][1];
  return 0;
}

/* Conversion ---------------------------------------------------------- */

/* Copies @src: through @retable for characters that have a Windows-1252
 * byte, or as VNI when @vni. NUL characters are dropped. Returns NFC. */
static char *
convert_source (Source         *src,
                const gunichar *retable,
                gboolean        vni,
                guint          *out_changes)
{
  GString *out = g_string_sized_new ((gsize) (src->end - src->p) + 16);
  guint changes = 0;
  gunichar c;
  char *result;

  while (source_next (src, &c))
    {
      if (c == 0)
        continue;
      if (retable != NULL)
        {
          int b = unichar_to_byte (c);

          if (b >= 0 && retable[b] != c)
            {
              c = retable[b];
              changes++;
            }
        }
      else if (vni && c >= 'A')
        {
          gunichar base, m, mapped;
          int mod, tone;
          char vowel = vni_vowel (c, &base);

          if (vowel != 0)
            {
              Source peek = *src;

              if (source_next (&peek, &m) && vni_mark (m, &mod, &tone)
                  && (mod == MOD_NONE
                      || (mod == MOD_CIRCUMFLEX && strchr ("aeo", vowel))
                      || (mod == MOD_BREVE && vowel == 'a')))
                {
                  g_string_append_unichar (out, base);
                  if (mod != MOD_NONE)
                    g_string_append_unichar (out, mod == MOD_CIRCUMFLEX ? 0x0302 : 0x0306);
                  if (tone != TONE_NONE)
                    g_string_append_unichar (out, tone_marks[tone]);
                  *src = peek;
                  changes++;
                  continue;
                }
            }
          if ((mapped = vni_letter (c)) != 0)
            {
              c = mapped;
              changes++;
            }
        }
      g_string_append_unichar (out, c);
    }
  if (out_changes != NULL)
    *out_changes = changes;
  result = nfc (out->str, out->len);
  g_string_free (out, TRUE);
  return result;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* ABC capitals with tones come from a capitals-only font through the
 * lowercase codes, so "HéI" means HỘI: a word of capitals (two or more
 * ASCII ones, no ASCII lowercase) is made all capitals. */
static char *
fix_capitals (char *text)
{
  GString *out = NULL;
  const char *p = text, *copied = text;

  while (*p)
    {
      const char *start = p;
      guint upper = 0, lower = 0, other_lower = 0;
      gunichar c = g_utf8_get_char (p);

      if (!is_word_char (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      while (*p && is_word_char (c = g_utf8_get_char (p)))
        {
          if (c < 0x80)
            {
              upper += g_ascii_isupper (c);
              lower += g_ascii_islower (c);
            }
          else
            other_lower += g_unichar_islower (c);
          p = g_utf8_next_char (p);
        }
      if (upper >= 2 && lower == 0 && other_lower > 0)
        {
          g_autofree char *upper_case = g_utf8_strup (start, p - start);
          g_autofree char *up = nfc (upper_case, strlen (upper_case));

          if (out == NULL)
            out = g_string_new (NULL);
          g_string_append_len (out, copied, start - copied);
          g_string_append (out, up);
          copied = p;
        }
    }
  if (out == NULL)
    return text;
  g_string_append (out, copied);
  g_free (text);
  return g_string_free (out, FALSE);
}

/* Valid UTF-8 in NFC, without NUL characters. */
static char *
clean_text (const char *text,
            gsize       len)
{
  Source src = { (const guint8 *) text, (const guint8 *) text + len, NULL };

  if (memchr (text, 0, len) == NULL && g_utf8_validate (text, (gssize) len, NULL))
    return nfc (text, len);
  return convert_source (&src, NULL, FALSE, NULL);
}

static char *
convert_text (const char       *text,
              gsize             len,
              GbLegacyEncoding  from,
              guint            *changes)
{
  g_autofree char *clean = NULL;
  Source src;

  if (changes != NULL)
    *changes = 0;
  if (len == 0)
    return g_strdup ("");
  init_tables ();
  clean = clean_text (text, len);
  src = (Source) { (const guint8 *) clean, (const guint8 *) clean + strlen (clean), NULL };
  switch (from)
    {
    case GB_LEGACY_TCVN3:
      return fix_capitals (convert_source (&src, tcvn3_table, FALSE, changes));
    case GB_LEGACY_VNI:
      return convert_source (&src, NULL, TRUE, changes);
    case GB_LEGACY_WINDOWS_1258:
      return convert_source (&src, cp1258_table, FALSE, changes);
    case GB_LEGACY_UNICODE:
    default:
      return g_steal_pointer (&clean);
    }
}

/* Judging Vietnamese -------------------------------------------------- */

typedef struct
{
  guint good;   /* words with a non-ASCII letter that are Vietnamese syllables */
  guint bad;    /* such words that are not */
  guint odd;    /* letters outside the Vietnamese alphabet, controls, U+FFFD */
  guint viet;   /* non-ASCII letters of the Vietnamese alphabet */
} Score;

static const char * const initials[] = {
  "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
  "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
};

/* Vowel groups; 'n' needs a final consonant, 'x' takes none. */
static const struct { const char *text; char final; } nuclei[] = {
  { "a", ' ' }, { "ă", 'n' }, { "â", 'n' }, { "e", ' ' }, { "ê", ' ' }, { "i", ' ' },
  { "o", ' ' }, { "ô", ' ' }, { "ơ", ' ' }, { "u", ' ' }, { "ư", ' ' }, { "y", ' ' },
  { "ai", 'x' }, { "ao", 'x' }, { "au", 'x' }, { "ay", 'x' }, { "âu", 'x' }, { "ây", 'x' },
  { "eo", 'x' }, { "êu", 'x' }, { "ia", 'x' }, { "iê", 'n' }, { "iu", 'x' }, { "oa", ' ' },
  { "oă", 'n' }, { "oe", ' ' }, { "oi", 'x' }, { "ôi", 'x' }, { "ơi", 'x' }, { "oo", 'n' },
  { "ua", 'x' }, { "uâ", 'n' }, { "uê", ' ' }, { "ui", 'x' }, { "uô", 'n' }, { "uơ", 'x' },
  { "uy", ' ' }, { "ưa", 'x' }, { "ưi", 'x' }, { "ươ", 'n' }, { "ưu", 'x' }, { "yê", 'n' },
  { "iêu", 'x' }, { "yêu", 'x' }, { "oai", 'x' }, { "oay", 'x' }, { "oao", 'x' },
  { "oeo", 'x' }, { "uây", 'x' }, { "uôi", 'x' }, { "ươi", 'x' }, { "ươu", 'x' },
  { "uya", 'x' }, { "uyê", 'n' }, { "uyu", 'x' },
};

static const char * const finals[] = { "c", "ch", "m", "n", "ng", "nh", "p", "t" };

/* @w: lowercase letters without the tone. */
static gboolean
is_syllable (const char *w,
             int         tone)
{
  for (guint i = 0; i < G_N_ELEMENTS (initials); i++)
    {
      gsize il = strlen (initials[i]);
      const char *r = w + il;

      if (strncmp (w, initials[i], il) != 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (nuclei); j++)
        {
          gsize nl = strlen (nuclei[j].text);
          const char *f = r + nl;

          if (strncmp (r, nuclei[j].text, nl) != 0)
            continue;
          if (*f == '\0')
            {
              if (nuclei[j].final != 'n')
                return TRUE;
              continue;
            }
          if (nuclei[j].final == 'x')
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (finals); k++)
            if (strcmp (f, finals[k]) == 0)
              {
                /* -c, -ch, -p, -t take only the acute or the dot below */
                if (strchr ("cpt", f[0]) && tone != TONE_ACUTE && tone != TONE_DOT)
                  break;
                return TRUE;
              }
        }
    }
  return FALSE;
}

/* Splits a lowercase letter of the Vietnamese alphabet into the letter
 * without its tone and the tone; FALSE for any other character. */
static gboolean
split_letter (gunichar  c,
              gunichar *letter,
              int      *tone)
{
  gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gunichar mod = 0;
  gsize n;

  *tone = TONE_NONE;
  *letter = c;
  if (c < 0x80)
    return g_ascii_isalpha (c);
  if (c == 0x0111)
    return TRUE;
  n = g_unichar_fully_decompose (c, FALSE, d, G_N_ELEMENTS (d));
  if (n < 2 || d[0] >= 0x80 || d[0] == 0 || strchr ("aeiouy", (int) d[0]) == NULL)
    return FALSE;
  for (gsize i = 1; i < n; i++)
    {
      int t = TONE_NONE;

      for (int k = TONE_GRAVE; k <= TONE_DOT; k++)
        if (tone_marks[k] == d[i])
          t = k;
      if (t != TONE_NONE)
        {
          if (*tone != TONE_NONE)
            return FALSE;
          *tone = t;
        }
      else if ((d[i] == 0x0302 || d[i] == 0x0306 || d[i] == 0x031b) && mod == 0)
        mod = d[i];
      else
        return FALSE;
    }
  if ((mod == 0x0302 && strchr ("aeo", (int) d[0]) == NULL)
      || (mod == 0x0306 && d[0] != 'a')
      || (mod == 0x031b && d[0] != 'o' && d[0] != 'u'))
    return FALSE;
  *letter = d[0];
  if (mod != 0 && !g_unichar_compose (d[0], mod, letter))
    return FALSE;
  return TRUE;
}

static void
score_text (const char *text,
            Score      *score)
{
  const char *p = text;
  char word[32];
  gsize wlen = 0;
  gboolean in_word = FALSE, non_ascii = FALSE, viet = TRUE;
  int tones = 0, tone = TONE_NONE;

  memset (score, 0, sizeof *score);
  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          gunichar letter;
          int t;

          in_word = TRUE;
          if (!split_letter (g_unichar_tolower (c), &letter, &t))
            {
              viet = FALSE;
              if (c >= 0x80)
                score->odd++;
            }
          else
            {
              if (c >= 0x80)
                score->viet++;
              if (t != TONE_NONE)
                {
                  tones++;
                  tone = t;
                }
              if (wlen + 6 < sizeof word)
                wlen += g_unichar_to_utf8 (letter, word + wlen);
              else
                viet = FALSE;
            }
          non_ascii |= c >= 0x80;
        }
      else
        {
          if (in_word && non_ascii)
            {
              word[wlen] = '\0';
              if (viet && tones <= 1 && is_syllable (word, tone))
                score->good++;
              else
                score->bad++;
            }
          in_word = non_ascii = FALSE;
          viet = TRUE;
          wlen = 0;
          tones = 0;
          tone = TONE_NONE;
          if (c == 0)
            break;
          if (c == 0xfffd || (g_unichar_iscntrl (c) && c != '\t' && c != '\n' && c != '\r'))
            score->odd++;
        }
      p = g_utf8_next_char (p);
    }
}

static gint64
net (const Score *s)
{
  return (gint64) s->good - 2 * ((gint64) s->bad + s->odd);
}

/* Whether a legacy reading @s is Vietnamese enough to stand. */
static gboolean
plausible (const Score *s,
           guint        min_good)
{
  return s->good >= min_good
         && (guint64) s->odd * 50 <= s->good
         && (guint64) s->bad * 5 <= s->good;
}

GbLegacyEncoding
gb_legacy_detect_text (const char *utf8_text,
                       gssize      len)
{
  static const GbLegacyEncoding candidates[] = { GB_LEGACY_TCVN3, GB_LEGACY_VNI };
  GbLegacyEncoding best = GB_LEGACY_UNICODE;
  g_autofree char *plain = NULL;
  Score unicode, best_score;
  gsize n, i;

  g_return_val_if_fail (utf8_text != NULL || len == 0, GB_LEGACY_UNICODE);

  n = len < 0 ? strlen (utf8_text) : (gsize) len;
  for (i = 0; i < n && (guint8) utf8_text[i] < 0x80; i++)
    ;
  if (i == n)
    return GB_LEGACY_UNICODE;  /* plain ASCII */

  plain = convert_text (utf8_text, n, GB_LEGACY_UNICODE, NULL);
  score_text (plain, &unicode);
  best_score = unicode;
  for (i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint changes;
      g_autofree char *converted = convert_text (utf8_text, n, candidates[i], &changes);
      Score s;

      if (changes < 3)
        continue;
      score_text (converted, &s);
      if (plausible (&s, 3)
          && s.viet > unicode.viet
          && net (&s) >= net (&unicode) + 3
          && net (&s) > net (&best_score))
        {
          best = candidates[i];
          best_score = s;
        }
    }
  return best;
}

char *
gb_legacy_convert_text (const char       *utf8_text,
                        gssize            len,
                        GbLegacyEncoding  from)
{
  g_return_val_if_fail (utf8_text != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");
  return convert_text (utf8_text, len < 0 ? strlen (utf8_text) : (gsize) len, from, NULL);
}

static char *
decode (const guint8     *data,
        gsize             len,
        GbLegacyEncoding  enc)
{
  Source src = { data, data + len, NULL };

  if (len == 0)
    return g_strdup ("");
  init_tables ();
  switch (enc)
    {
    case GB_LEGACY_TCVN3:
      src.table = tcvn3_table;
      return fix_capitals (convert_source (&src, NULL, FALSE, NULL));
    case GB_LEGACY_VNI:
      src.table = cp1252_table;
      return convert_source (&src, NULL, TRUE, NULL);
    case GB_LEGACY_WINDOWS_1258:
    default:
      src.table = cp1258_table;
      return convert_source (&src, NULL, FALSE, NULL);
    }
}

/* Raw bytes are in a legacy encoding anyway, so the evidence asked of
 * TCVN3 and VNI is only that they read better than Windows-1258. */
GbLegacyEncoding
gb_legacy_detect_bytes (const guint8 *data,
                        gsize         len)
{
  static const GbLegacyEncoding candidates[] = { GB_LEGACY_TCVN3, GB_LEGACY_VNI };
  GbLegacyEncoding best = GB_LEGACY_WINDOWS_1258;
  g_autofree char *cp1258 = NULL;
  Score base, best_score;

  g_return_val_if_fail (data != NULL || len == 0, GB_LEGACY_WINDOWS_1258);

  if (len == 0)
    return GB_LEGACY_WINDOWS_1258;
  cp1258 = decode (data, len, GB_LEGACY_WINDOWS_1258);
  score_text (cp1258, &base);
  best_score = base;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *text = decode (data, len, candidates[i]);
      Score s;

      score_text (text, &s);
      if (plausible (&s, 2)
          && s.good > base.good
          && net (&s) > net (&best_score))
        {
          best = candidates[i];
          best_score = s;
        }
    }
  return best;
}

char *
gb_legacy_decode_bytes (const guint8      *data,
                        gsize              len,
                        GbLegacyEncoding   enc,
                        GError           **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (enc)
    {
    case GB_LEGACY_UNICODE:
      {
        const guint8 *p = data, *end = data + len;

        /* NUL bytes are dropped, as in the other encodings */
        while (p < end)
          {
            const guint8 *nul = memchr (p, 0, end - p);

            if (!g_utf8_validate ((const char *) p, (nul ? nul : end) - p, NULL))
              {
                g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The text is not valid UTF-8."));
                return NULL;
              }
            p = nul ? nul + 1 : end;
          }
        return convert_text ((const char *) data, len, enc, NULL);
      }
    case GB_LEGACY_TCVN3:
    case GB_LEGACY_VNI:
    case GB_LEGACY_WINDOWS_1258:
      return decode (data, len, enc);
    default:
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Unknown text encoding %d."), (int) enc);
      return NULL;
    }
}

/* A label for menus and messages, to be translated by the caller with _(). */
const char *
gb_legacy_encoding_label (GbLegacyEncoding enc)
{
  switch (enc)
    {
    case GB_LEGACY_UNICODE:
      return N_("Unicode");
    case GB_LEGACY_TCVN3:
      return N_("TCVN3 (ABC)");
    case GB_LEGACY_VNI:
      return N_("VNI");
    case GB_LEGACY_WINDOWS_1258:
      return N_("Windows-1258");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* @utf8_text (valid UTF-8) in NFC, normalized in short pieces: in linear
 * time however long the text and however many marks it holds. */
char *
gb_legacy_nfc (const char *utf8_text,
               gsize       len)
{
  g_return_val_if_fail (utf8_text != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");
  return nfc (utf8_text, len);
}
