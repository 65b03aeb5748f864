/* gb-xlsx-text.c — a cell's text, numbers and dates, as Excel shows them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a cell holds is not what staff see: Excel escapes some characters
 * as "_xHHHH_", stores numbers as doubles and dates as serial numbers
 * whose look comes from the cell's number format. These turn each into
 * the text an import compares and stores, and need nothing of the reader.
 */
#define G_LOG_DOMAIN "gb-xlsx"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "gb-legacy.h"
#include "gb-xlsx-private.h"

/* Text */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code of an "_xHHHH_" escape at @p, or -1. */
static int
escape_at (const char *p,
           const char *end)
{
  int code = 0;

  if (end - p < 7 || p[0] != '_' || p[1] != 'x' || p[6] != '_')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int v = hex_value (p[i]);

      if (v < 0)
        return -1;
      code = code * 16 + v;
    }
  return code;
}

/* Excel writes characters XML cannot hold (and a literal "_x" that would
 * read as one) as "_xHHHH_"; "_x005F_" is the underscore itself. */
static void
decode_escapes (GString    *out,
                const char *text,
                gsize       len)
{
  const char *p = text, *end = text + len;

  while (p < end)
    {
      const char *u = memchr (p, '_', end - p);
      int code;

      if (u == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, u - p);
      p = u;
      code = escape_at (p, end);
      if (code < 0)
        {
          g_string_append_c (out, '_');
          p++;
          continue;
        }
      p += 7;
      if (code >= 0xD800 && code < 0xDC00)
        {
          int low = escape_at (p, end);

          if (low >= 0xDC00 && low < 0xE000)
            {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
              p += 7;
            }
        }
      if (code != 0 && g_unichar_validate ((gunichar) code))
        g_string_append_unichar (out, (gunichar) code);
    }
}

/* Escapes decoded, valid UTF-8, NFC; NULL for an empty text. */
char *
gb_xlsx_clean_text (const char *text,
                    gsize       len)
{
  g_autoptr(GString) decoded = NULL;
  g_autofree char *valid = NULL;
  gboolean ascii = TRUE;

  if (len == 0)
    return NULL;
  if (memchr (text, '_', len) != NULL)
    {
      decoded = g_string_sized_new (len);
      decode_escapes (decoded, text, len);
      text = decoded->str;
      len = decoded->len;
      if (len == 0)
        return NULL;
    }
  if (!g_utf8_validate_len (text, len, NULL))
    {
      valid = g_utf8_make_valid (text, (gssize) len);
      text = valid;
      len = strlen (valid);
    }
  for (gsize i = 0; i < len && ascii; i++)
    ascii = (guchar) text[i] < 0x80;
  if (ascii)
    return g_strndup (text, len);
  return gb_legacy_nfc (text, len);
}

/* Appends at most up to MAX_TEXT bytes, cut at a character boundary. */
void
gb_xlsx_append_capped (GString    *s,
                       gboolean   *full,
                       const char *text)
{
  gsize len;

  if (*full || text == NULL)
    return;
  len = strlen (text);
  if (s->len + len > MAX_TEXT)
    {
      len = MAX_TEXT - s->len;
      while (len > 0 && ((guchar) text[len] & 0xC0) == 0x80)
        len--;
      *full = TRUE;
    }
  g_string_append_len (s, text, len);
}

void
gb_xlsx_replace_str (char      **field,
                     const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Numbers and dates */

gboolean
gb_xlsx_parse_uint (const char *text,
                    guint64     max,
                    guint64    *value)
{
  guint64 v = 0;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_isdigit (*text))
    return FALSE;
  for (; g_ascii_isdigit (*text); text++)
    {
      v = v * 10 + (guint64) (*text - '0');
      if (v > max)
        return FALSE;
    }
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '\0')
    return FALSE;
  *value = v;
  return TRUE;
}

static char *
format_dmy (guint day,
            guint month,
            guint year)
{
  return g_strdup_printf ("%02u/%02u/%04u", day, month, year);
}

/* An Excel serial as "dd/mm/yyyy", or NULL outside the dates Excel shows.
 * In the 1900 system Excel counts the 29 February 1900 that never was
 * (serial 60), as Lotus 1-2-3 did; a time of day is let go. */
static char *
serial_to_date (double   serial,
                gboolean date1904)
{
  double whole = floor (serial + 0.5 / 86400000.0);   /* to the millisecond */
  gint64 n;
  GDate date;

  if (!(whole >= 0 && whole <= 2958465))
    return NULL;
  n = (gint64) whole;
  g_date_clear (&date, 1);
  if (date1904)
    {
      if (n > 2957003)
        return NULL;
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1904);
    }
  else
    {
      if (n < 1)
        return NULL;
      if (n == 60)
        return g_strdup ("29/02/1900");
      g_date_set_dmy (&date, 30, G_DATE_DECEMBER, 1899);
      if (n < 60)
        n++;
    }
  g_date_add_days (&date, (guint) n);
  return format_dmy (g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date));
}

/* A strict-OOXML date cell (t="d"): "2024-03-15" or "2024-03-15T08:00:00". */
char *
gb_xlsx_iso_to_date (const char *text)
{
  static const char pattern[] = "dddd-dd-dd";
  guint y, m, d;

  for (guint i = 0; i < sizeof pattern - 1; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return gb_xlsx_clean_text (text, strlen (text));
  y = (guint) atoi (text);
  m = (guint) atoi (text + 5);
  d = (guint) atoi (text + 8);
  if ((text[10] == '\0' || text[10] == 'T' || text[10] == ' ')
      && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return format_dmy (d, m, y);
  return gb_xlsx_clean_text (text, strlen (text));
}

/* A number as text, without float noise: whole numbers in full (a phone
 * number such as 84912345678 too, up to 2^53), others with Excel's 15
 * significant digits ("0.3", not "0.30000000000000004"); a date style
 * gives "dd/mm/yyyy". */
char *
gb_xlsx_format_number (const char *text,
                       gboolean    is_date,
                       gboolean    date1904)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *trimmed = NULL;
  char *end = NULL;
  gsize digits = 0;
  double v;

  /* the common case: a whole number as Excel writes it */
  while (g_ascii_isdigit (text[digits]))
    digits++;
  if (!is_date && text[digits] == '\0' && digits > 0 && digits <= 15
      && (text[0] != '0' || digits == 1))
    return g_strndup (text, digits);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    return NULL;
  v = g_ascii_strtod (trimmed, &end);
  if (end == trimmed || *end != '\0' || !isfinite (v))
    return gb_xlsx_clean_text (trimmed, strlen (trimmed));
  if (is_date)
    {
      char *date = serial_to_date (v, date1904);

      if (date != NULL)
        return date;
    }
  if (v == 0)
    return g_strdup ("0");
  if (v == floor (v) && fabs (v) <= 9007199254740992.0)   /* 2^53: whole numbers stay exact */
    return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.0f", v));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", v));
}

/* Built-in formats that show a date: 14–17 and 22 (m/d/yyyy, d-mmm-yy,
 * d-mmm, mmm-yy, m/d/yyyy h:mm). 18–21 and 45–47 show a time alone. */
gboolean
gb_xlsx_builtin_is_date (guint64 id)
{
  return (id >= 14 && id <= 17) || id == 22;
}

/* Whether a format code shows a date: it holds d or y, or m without h or
 * s (m next to h or s is minutes), outside quotes, escapes and [..]. */
gboolean
gb_xlsx_format_is_date (const char *code)
{
  gboolean date = FALSE, month = FALSE, time = FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            return date || (month && !time);
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] != '\0')
            p++;
          break;
        case '[':
          {
            const char *close = strchr (p, ']');
            gboolean elapsed = close != NULL && close > p + 1;

            if (close == NULL)
              return date || (month && !time);
            for (const char *q = p + 1; q < close && elapsed; q++)
              elapsed = strchr ("hHmMsS", *q) != NULL;
            time |= elapsed;     /* [h], [mm], [ss]: elapsed time */
            p = close;
          }
          break;
        case 'a':
        case 'A':
          if (g_ascii_strncasecmp (p, "AM/PM", 5) == 0)
            {
              time = TRUE;
              p += 4;
            }
          else if (g_ascii_strncasecmp (p, "A/P", 3) == 0)
            {
              time = TRUE;
              p += 2;
            }
          break;
        case 'd': case 'D': case 'y': case 'Y':
          date = TRUE;
          break;
        case 'm': case 'M':
          month = TRUE;
          break;
        case 'h': case 'H': case 's': case 'S':
          time = TRUE;
          break;
        default:
          break;
        }
    }
  return date || (month && !time);
}

/* Cell references: "C5" is column 2 (0-based), row 5. */
gboolean
gb_xlsx_parse_reference (const char *ref,
                         guint      *column,
                         guint      *row,
                         gboolean   *has_row)
{
  guint64 c = 0, r = 0;
  const char *p = ref;

  for (; g_ascii_isalpha (*p); p++)
    {
      c = c * 26 + (guint64) (g_ascii_toupper (*p) - 'A' + 1);
      if (c > MAX_COLUMNS + 1)
        c = MAX_COLUMNS + 1;
    }
  if (p == ref)
    return FALSE;
  *column = (guint) (c - 1);
  *has_row = FALSE;
  if (g_ascii_isdigit (*p) && gb_xlsx_parse_uint (p, MAX_ROWS + 1, &r) && r >= 1)
    {
      *row = (guint) r;
      *has_row = TRUE;
    }
  return TRUE;
}
