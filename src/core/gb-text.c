/* gb-text.c — Vietnamese text: NFC, search folding, sorting, formats
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Folding is ours rather than sqlite's or GTK's: FTS5's remove_diacritics
 * leaves đ alone and GtkStringFilter does not ignore marks, while staff type
 * "duong" for "Dưỡng" and expect to find it.
 */
#define G_LOG_DOMAIN "gb-text"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "gb-error.h"
#include "gb-text.h"

/* NFC, trimmed. Invalid UTF-8 gives NULL: callers reject it instead of
 * storing bytes that no font or search can use. */
char *
gb_text_normalize (const char *text)
{
  char *nfc;

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  nfc = gb_text_is_plain_nfc (text) ? g_strdup (text) : g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  return g_strstrip (nfc);
}

/* TRUE when valid UTF-8 @text is NFC for certain without normalizing it:
 * no combining mark and no character that NFC changes — ASCII, Latin-1 and
 * Latin Extended-A/B, the precomposed Vietnamese letters (U+1E00–U+1EFF),
 * dashes, quotes and currency signs. Anything else: FALSE, normalize. */
gboolean
gb_text_is_plain_nfc (const char *text)
{
  for (const char *p = text; *p; )
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          p++;
          continue;
        }
      c = g_utf8_get_char (p);
      if (!(c < 0x300 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2010 && c <= 0x205F)
            || (c >= 0x20A0 && c <= 0x20CF)))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

/* NFC with runs of white space folded to one space, for names. */
char *
gb_text_normalize_name (const char *text)
{
  g_autofree char *nfc = gb_text_normalize (text);
  GString *out;
  gboolean pending_space = FALSE;

  if (nfc == NULL)
    return NULL;

  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The letters of Latin-1, Latin Extended-A/B and Vietnamese's block
 * (U+1E00–U+1EFF) folded to a lower-case ASCII letter, as the full fold
 * below would, or 0 where it would give something else. */
static guint8 fold_table[0x250];
static guint8 fold_table_ext[0x100];

static gsize
fold_tables_init (void)
{
  for (gunichar c = 0xC0; c < 0x250 + 0x100; c++)
    {
      gunichar u = c < 0x250 ? c : 0x1E00 + (c - 0x250);
      gunichar d[8];
      gsize n = g_unichar_fully_decompose (u, FALSE, d, G_N_ELEMENTS (d));
      guint8 folded = 0;

      if (u == 0x0110 || u == 0x0111)
        folded = 'd';
      else if (n > 1 && d[0] < 0x80 && g_ascii_isalpha (d[0]))
        {
          folded = g_ascii_tolower (d[0]);
          for (gsize i = 1; i < n; i++)
            if (g_unichar_type (d[i]) != G_UNICODE_NON_SPACING_MARK)
              folded = 0;
        }
      if (c < 0x250)
        fold_table[c] = folded;
      else
        fold_table_ext[c - 0x250] = folded;
    }
  return 1;
}

/* gb_text_fold() without normalizing, for text made only of ASCII,
 * letters the tables know and combining marks; FALSE for anything else. */
static gboolean
fold_fast (const char *text,
           GString    *out)
{
  static gsize ready = 0;
  gboolean pending_space = FALSE;

  if (g_once_init_enter (&ready))
    g_once_init_leave (&ready, fold_tables_init ());

  for (const char *p = text; *p; )
    {
      guchar b = (guchar) *p;
      char letter;

      if (b < 0x80)
        {
          p++;
          if (!g_ascii_isalnum (b))
            {
              pending_space = out->len > 0;
              continue;
            }
          letter = g_ascii_tolower (b);
        }
      else
        {
          gunichar c = g_utf8_get_char (p);

          p = g_utf8_next_char (p);
          if (c >= 0x300 && c < 0x370)        /* combining marks: dropped */
            continue;
          if (c >= 0xC0 && c < 0x250)
            letter = (char) fold_table[c];
          else if (c >= 0x1E00 && c < 0x1F00)
            letter = (char) fold_table_ext[c - 0x1E00];
          else
            letter = 0;
          if (letter == 0)
            return FALSE;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, letter);
    }
  return TRUE;
}

/* Marks removed, đ/Đ to d, lower case, every run of non-alphanumerics to a
 * single space: "  Nguyễn  Thị Đào " -> "nguyen thi dao". */
char *
gb_text_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Vietnamese and plain text, the usual case, without a normalization. */
  out = g_string_sized_new (strlen (text));
  if (fold_fast (text, out))
    return g_string_free (out, FALSE);
  g_string_free (out, TRUE);

  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (nfd));

  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (g_unichar_type (c))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
          continue;
        default:
          break;
        }

      if (c == 0x0110 || c == 0x0111)  /* Đ đ: no decomposition to strip */
        c = 'd';

      if (!g_unichar_isalnum (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

char **
gb_text_fold_words (const char *query)
{
  g_autofree char *folded = gb_text_fold (query);

  if (*folded == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (folded, " ", -1);
}

/* Every word of @query starts some word of @folded_haystack, in any order. */
gboolean
gb_text_fold_matches (const char *folded_haystack,
                      const char *query)
{
  g_auto(GStrv) words = gb_text_fold_words (query);

  for (guint i = 0; words[i]; i++)
    {
      const char *p = folded_haystack;
      gsize len = strlen (words[i]);
      gboolean found = FALSE;

      while ((p = strstr (p, words[i])) != NULL)
        {
          if (p == folded_haystack || p[-1] == ' ')
            {
              found = TRUE;
              break;
            }
          p += len;
        }
      if (!found)
        return FALSE;
    }

  return TRUE;
}

/* ICU collators are not safe to share between threads, and keys are made
 * on worker threads too (lists, the import's check): one per thread. */
static GPrivate vi_collator = G_PRIVATE_INIT ((GDestroyNotify) ucol_close);

static UCollator *
get_collator (void)
{
  UCollator *collator = g_private_get (&vi_collator);

  if (collator == NULL)
    {
      UErrorCode status = U_ZERO_ERROR;

      collator = ucol_open ("vi", &status);
      if (U_FAILURE (status))
        g_error ("ICU has no Vietnamese collator: %s", u_errorName (status));
      g_private_set (&vi_collator, collator);
    }
  return collator;
}

/* Appends the ICU key of the @len bytes at @text (-1: up to the NUL). */
static void
append_sort_key (GByteArray *key,
                 const char *text,
                 gssize      len)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar stack16[128];
  g_autofree UChar *heap16 = NULL;
  UChar *utf16 = stack16;
  int32_t len16 = 0;
  uint8_t stack_buf[256];
  int32_t needed;

  /* Names fit on the stack; a longer text is measured first. */
  u_strFromUTF8 (stack16, G_N_ELEMENTS (stack16), &len16, text, (int32_t) len, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING)
    {
      status = U_ZERO_ERROR;
      utf16 = heap16 = g_new (UChar, len16 + 1);
      u_strFromUTF8 (utf16, len16 + 1, NULL, text, (int32_t) len, &status);
    }
  if (U_FAILURE (status))
    return;

  needed = ucol_getSortKey (get_collator (), utf16, len16, stack_buf, sizeof stack_buf);
  if (needed <= (int32_t) sizeof stack_buf)
    {
      g_byte_array_append (key, stack_buf, needed);
    }
  else
    {
      g_autofree uint8_t *heap_buf = g_malloc (needed);

      ucol_getSortKey (get_collator (), utf16, len16, heap_buf, needed);
      g_byte_array_append (key, heap_buf, needed);
    }
}

/* A binary key that sorts with memcmp() the way ICU's "vi" collator does:
 * sqlite compares BLOBs with memcmp, so ORDER BY on it needs no callback. */
GBytes *
gb_text_sort_key (const char *text)
{
  g_autofree char *nfc = gb_text_normalize_name (text ? text : "");
  GByteArray *key = g_byte_array_new ();

  append_sort_key (key, nfc ? nfc : "", -1);

  return g_byte_array_free_to_bytes (key);
}

/* Vietnamese lists sort people by given name (the last word), then the
 * middle names, then the family name. Each part's ICU key ends with a zero
 * byte, so concatenated keys compare part by part: "An" sorts before "Anh",
 * and every "Anh" before any "Ánh", whatever their family names. The words
 * are those between single spaces; the middle is all between the first
 * and the last space. */
GBytes *
gb_text_person_sort_key (const char *full_name)
{
  g_autofree char *nfc = gb_text_normalize_name (full_name ? full_name : "");
  const char *name = nfc ? nfc : "";
  const char *first = strchr (name, ' ');
  const char *last = strrchr (name, ' ');
  GByteArray *key = g_byte_array_sized_new (64);

  if (first == NULL)
    {
      append_sort_key (key, name, -1);
    }
  else
    {
      append_sort_key (key, last + 1, -1);
      append_sort_key (key, first + 1, first == last ? 0 : last - (first + 1));
      append_sort_key (key, name, first - name);
    }

  return g_byte_array_free_to_bytes (key);
}

int
gb_text_collate (const char *a,
                 const char *b)
{
  UErrorCode status = U_ZERO_ERROR;
  UCollationResult r;

  r = ucol_strcollUTF8 (get_collator (), a ? a : "", -1, b ? b : "", -1, &status);

  return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* Vietnamese grouping: 1234567 -> "1.234.567" */
char *
gb_text_format_thousands (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             value < 0 ? (guint64) -value : (guint64) value);
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
gb_text_json_escape (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text ? text : ""; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* "0101 234 567-001" -> "0101234567001"; NULL if anything but digits and
 * the usual separators (space . - /) is present. */
char *
gb_text_digits_only (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (out, *p);
      else if (*p != ' ' && *p != '.' && *p != '-' && *p != '/')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

/* Vietnamese numbers: 10 digits (0xx…), or +84 and 9–10 digits; landlines
 * with area codes are 10–11 digits. Separators and one leading + allowed. */
gboolean
gb_text_is_valid_phone (const char *text)
{
  guint digits = 0;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == text)
        continue;
      else if (!strchr (" .-()", *p))
        return FALSE;
    }
  return digits >= 9 && digits <= 13;
}

gboolean
gb_text_is_valid_email (const char *text)
{
  const char *at, *dot;

  if (text == NULL || strchr (text, ' ') != NULL)
    return FALSE;
  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  dot = strrchr (at, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

/* Today as yyyy-mm-dd, local time. Asking the time zone costs system
 * calls, and validation asks for every row of an import: the answer is
 * kept for a minute, by each thread for itself (an import checks rows on
 * several). */
typedef struct
{
  gint64 minute;
  char   text[16];
} Today;

static GPrivate today_private = G_PRIVATE_INIT (g_free);

const char *
gb_text_today (void)
{
  Today *today = g_private_get (&today_private);
  gint64 minute = g_get_real_time () / (60 * G_USEC_PER_SEC);

  if (today == NULL)
    {
      today = g_new0 (Today, 1);
      today->minute = -1;
      g_private_set (&today_private, today);
    }
  if (minute != today->minute)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *text = g_date_time_format (now, "%Y-%m-%d");

      g_strlcpy (today->text, text, sizeof today->text);
      today->minute = minute;
    }
  return today->text;
}

int
gb_text_current_year (void)
{
  return atoi (gb_text_today ());
}

/* A file name's words from @text: "Giấy chứng nhận Vũ Thanh Hải" becomes
 * "giay-chung-nhan-vu-thanh-hai". Folded as search folds (marks stripped,
 * đ -> d, lower case), ASCII letters and digits only, joined by hyphens, at
 * most 80 bytes cut at a word; "" when nothing is left. */
char *
gb_text_slug (const char *text)
{
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  folded = gb_text_fold (text);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  if (out->len > 80)
    {
      const char *cut = g_strrstr_len (out->str, 81, "-");

      g_string_truncate (out, cut != NULL ? (gsize) (cut - out->str) : 80);
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}
