/* gb-csv-reader.c — CSV and tab-separated text files into a GbTable
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole file is first made UTF-8: a BOM decides UTF-8 or UTF-16;
 * bytes that are not UTF-8 are a legacy encoding, detected or forced;
 * UTF-8 that reads as TCVN3 or VNI mojibake (what Excel keeps of text
 * typed for .VnTime or VNI-Times fonts) is converted, unless the caller
 * forces GB_LEGACY_UNICODE to keep it as it is.
 *
 * libcsv then parses the text, fed one line at a time so that each row
 * knows the line it starts on, as a text editor counts lines (CR, LF and
 * CRLF each end one). Empty lines are skipped; unquoted fields lose the
 * spaces around them, quoted ones stay exact. A NUL byte, which no text
 * holds, is left out, and its row notes the line it was on.
 *
 * A file is refused as soon as it goes beyond the caps of one import
 * (gb-table.h), as the XLSX reader does; a file of more than MAX_FILE
 * bytes is refused before it is decoded.
 */
#define G_LOG_DOMAIN "gb-csv-reader"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gb-csv-reader.h"
#include "gb-error.h"

#define SAMPLE_SIZE     (64 * 1024)
#define SAMPLE_RECORDS  20
#define CHECK_EVERY     4096
/* Twice the text one import holds: room for quotes, delimiters and
 * spaces, and the whole file, its text and its table stay under 512 MB. */
#define MAX_FILE        ((gsize) 2 * GB_TABLE_MAX_TEXT)

/* A line of the file that held a NUL byte; @line counts as parse() does. */
static void
note_nul_line (GArray *lines,
               guint   line)
{
  if (lines->len == 0 || g_array_index (lines, guint, lines->len - 1) != line)
    g_array_append_val (lines, line);
}

/* Decoding ------------------------------------------------------------ */

static char *
decode_utf16 (const guint8 *data,
              gsize         len,
              gboolean      big_endian,
              GArray       *nul_lines)
{
  GString *out = g_string_sized_new (len + len / 2 + 1);
  gunichar previous = 0;
  guint line = 1;

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      gunichar u = big_endian ? ((guint) data[i] << 8 | data[i + 1])
                              : ((guint) data[i + 1] << 8 | data[i]);

      if (u >= 0xd800 && u < 0xdc00 && i + 3 < len)
        {
          gunichar low = big_endian ? ((guint) data[i + 2] << 8 | data[i + 3])
                                    : ((guint) data[i + 3] << 8 | data[i + 2]);

          if (low >= 0xdc00 && low < 0xe000)
            {
              u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              i += 2;
            }
        }
      if (u >= 0xd800 && u < 0xe000)
        u = 0xfffd;   /* a lone surrogate */
      if (u == 0)
        {
          note_nul_line (nul_lines, line);
          continue;
        }
      if (u == '\r' || (u == '\n' && previous != '\r'))
        line++;
      previous = u;
      g_string_append_unichar (out, u);
    }
  return g_string_free (out, FALSE);
}

/* UTF-16 without a BOM: one byte of each pair is mostly zero (asked only
 * of bytes that are not UTF-8 once NULs are dropped, which ASCII in
 * UTF-16 would be). Returns 1 for little-endian, 2 for big-endian. */
static int
sniff_utf16 (const guint8 *data,
             gsize         len)
{
  gsize n = MIN (len, 1024) & ~(gsize) 1;
  gsize zero_even = 0, zero_odd = 0;

  if (n < 8)
    return 0;
  for (gsize i = 0; i < n; i += 2)
    {
      zero_even += data[i] == 0;
      zero_odd += data[i + 1] == 0;
    }
  if (zero_odd * 2 >= n / 2 && zero_even * 20 < n / 2)
    return 1;
  if (zero_even * 2 >= n / 2 && zero_odd * 20 < n / 2)
    return 2;
  return 0;
}

/* Bytes that are not all UTF-8 may still be UTF-8 with a few damaged
 * characters (a file cut short, a line pasted from elsewhere): legacy
 * single-byte text almost never forms a valid multibyte sequence. */
static gboolean
mostly_utf8 (const guint8 *data,
             gsize         len)
{
  const guint8 *p = data, *end = data + len;
  gsize good = 0, bad = 0;

  while (p < end)
    {
      gunichar c;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      c = g_utf8_get_char_validated ((const char *) p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          bad++;
          p++;
        }
      else
        {
          good++;
          p = (const guint8 *) g_utf8_next_char (p);
        }
    }
  return good > 0 && good >= 4 * bad;
}

static gsize
sample_length (const char *text,
               gsize       len)
{
  gsize n = MIN (len, SAMPLE_SIZE);

  while (n > 0 && n < len && ((guint8) text[n] & 0xc0) == 0x80)
    n--;
  return n;
}

/* Makes @data UTF-8 text without NUL characters, converting legacy
 * encodings as asked or detected. */
static char *
decode (guint8        *buffer,   /* (nullable): the buffer @data is in, which may hold the text */
        gboolean      *in_buffer, /* (out): the text is in @buffer */
        GArray        *nul_lines, /* (out): the lines that held a NUL byte, in order */
        const guint8  *data,
        gsize          len,
        int            force,
        GbCsvInfo     *info,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autofree guint8 *no_nul = NULL;
  g_autofree char *text = NULL;
  char *in_place = NULL;   /* the text, in @buffer */
  gboolean unicode = TRUE, validated = FALSE;
  int utf16 = 0;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      info->had_bom = TRUE;
      data += 3, len -= 3;
    }
  else if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    {
      info->had_bom = TRUE;
      utf16 = data[0] == 0xff ? 1 : 2;
      data += 2, len -= 2;
    }

  if (utf16 == 0)
    {
      const guint8 *raw = data;
      gsize raw_len = len;

      if (len > 0 && memchr (data, 0, len) != NULL)
        {
          guint8 previous = 0;
          guint line = 1;
          gsize n = 0;

          no_nul = g_malloc (len);
          for (gsize i = 0; i < len; i++)
            {
              guint8 c = data[i];

              if (c == 0)
                {
                  note_nul_line (nul_lines, line);
                  continue;
                }
              if (c == '\r' || (c == '\n' && previous != '\r'))
                line++;
              previous = c;
              no_nul[n++] = c;
            }
          data = no_nul, len = n;
        }
      if (len == 0)
        text = g_strdup ("");
      else if (g_utf8_validate ((const char *) data, (gssize) len, NULL))
        {
          /* The buffer read from the file is the text, without a copy. */
          if (buffer != NULL && no_nul == NULL)
            {
              memmove (buffer, data, len);
              buffer[len] = '\0';
              in_place = (char *) buffer;
            }
          else
            text = g_strndup ((const char *) data, len);
          validated = TRUE;
        }
      else if (!info->had_bom && (utf16 = sniff_utf16 (raw, raw_len)) != 0)
        data = raw, len = raw_len;
      else if (info->had_bom || mostly_utf8 (data, len))
        text = g_utf8_make_valid ((const char *) data, (gssize) len);
      else
        {
          /* Bytes read "as they are" are read as Windows reads them in
           * Vietnamese, in its code page 1258. */
          GbLegacyEncoding enc = force == GB_LEGACY_UNICODE ? GB_LEGACY_WINDOWS_1258
                                 : force >= 0 ? (GbLegacyEncoding) force
                                 : gb_legacy_detect_bytes (data, MIN (len, SAMPLE_SIZE));

          text = gb_legacy_decode_bytes (data, len, enc, error);
          if (text == NULL)
            return NULL;
          info->encoding = enc;
          unicode = FALSE;
        }
    }
  if (utf16 != 0)
    {
      info->utf16 = TRUE;
      g_array_set_size (nul_lines, 0);   /* the bytes were UTF-16 after all */
      text = decode_utf16 (data, len, utf16 == 2, nul_lines);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Unicode that holds TCVN3 or VNI as Excel shows it */
  if (unicode)
    {
      const char *unconverted = in_place ? in_place : text;
      GbLegacyEncoding enc = force >= 0 ? (GbLegacyEncoding) force
                                        : gb_legacy_detect_text (unconverted,
                                                                 sample_length (unconverted, strlen (unconverted)));

      if (enc != GB_LEGACY_UNICODE)
        {
          char *converted = gb_legacy_convert_text (unconverted, -1, enc);

          g_free (text);
          text = converted;
          in_place = NULL;
          validated = FALSE;
        }
      info->encoding = enc;
    }
  if (in_place != NULL)
    {
      *in_buffer = TRUE;
      return in_place;
    }

  /* Text converted from another encoding is made valid here; text read
   * as it was was found valid above. */
  if (!validated && !g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  return g_steal_pointer (&text);
}

/* Delimiter ----------------------------------------------------------- */

/* The number of delimiters outside quotes in each of the first records
 * that are not empty, quoting as libcsv does (a quote opens a field only
 * at its start). */
static guint
count_delimiters (const char *p,
                  char        delim,
                  guint      *counts,
                  guint       max)
{
  gboolean quoted = FALSE, field_start = TRUE, content = FALSE;
  guint n = 0, count = 0;

  for (; *p && n < max; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"')
            {
              if (p[1] == '"')
                p++;
              else
                quoted = FALSE;
            }
        }
      else if (c == '\r' || c == '\n')
        {
          if (content)
            counts[n++] = count;
          count = 0;
          field_start = TRUE;
          content = FALSE;
        }
      else if (c == delim)
        {
          count++;
          field_start = content = TRUE;
        }
      else if (c == ' ' || c == '\t')
        ;
      else
        {
          quoted = c == '"' && field_start;
          field_start = FALSE;
          content = TRUE;
        }
    }
  if (content && n < max)
    counts[n++] = count;
  return n;
}

/* The delimiter that splits most records into the same number of fields,
 * more than one; on a tie tab, then semicolon (whose fields often hold
 * commas: "1,5", "Thôn 2, xã An Lư"), then comma. */
static char
detect_delimiter (const char *text,
                  gboolean    utf16)
{
  static const char candidates[] = { '\t', ';', ',' };
  char best = utf16 ? '\t' : ',';
  double best_share = 0;
  guint best_fields = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint counts[SAMPLE_RECORDS];
      guint n = count_delimiters (text, candidates[i], counts, SAMPLE_RECORDS);
      guint mode = 0, mode_n = 0;
      double share;

      for (guint a = 0; a < n; a++)
        {
          guint same = 0;

          for (guint b = 0; b < n; b++)
            same += counts[b] == counts[a];
          if (counts[a] > 0 && (same > mode_n || (same == mode_n && counts[a] > mode)))
            {
              mode = counts[a];
              mode_n = same;
            }
        }
      if (mode == 0)
        continue;
      share = (double) mode_n / n;
      /* Excel's "Unicode text" is tab-separated */
      if (utf16 && candidates[i] == '\t' && share >= 0.5)
        return '\t';
      if (share > best_share + 1e-9 || (share > best_share - 1e-9 && mode > best_fields))
        {
          best = candidates[i];
          best_share = share;
          best_fields = mode;
        }
    }
  return best;
}

/* Parsing ------------------------------------------------------------- */

typedef enum
{
  WITHIN_CAPS,
  TOO_LONG,      /* a cell of more than GB_TABLE_MAX_CELL_TEXT */
  TOO_WIDE,      /* a row of more than GB_TABLE_MAX_COLUMNS */
  TOO_MUCH,      /* more than GB_TABLE_MAX_TEXT in all */
  TOO_MANY,      /* more than GB_TABLE_MAX_CELLS */
} Cap;

typedef struct
{
  GbTable   *table;
  GPtrArray *cells;      /* of the row being read */
  guint      row_line;   /* where it began */
  guint      line;       /* being fed */
  gboolean   row_open;   /* a line was fed since the last row ended */
  char      *note;       /* what is wrong with the row being read */
  GArray    *nul_lines;  /* that held a NUL byte, in order */
  guint      next_nul;   /* the first of them not yet past */
  gsize      n_text;     /* bytes in the cells kept */
  gsize      n_cells;    /* cells kept */
  Cap        beyond;     /* the first cap gone beyond */
  guint      beyond_row; /* in the row that begins on this line */
} Reader;

static void
go_beyond (Reader *r,
           Cap     cap)
{
  if (r->beyond == WITHIN_CAPS)
    {
      r->beyond = cap;
      r->beyond_row = r->row_line;
    }
}

static void
on_field (void   *s,
          size_t  len,
          void   *data)
{
  Reader *r = data;

  if (r->beyond != WITHIN_CAPS)
    return;
  if (len > GB_TABLE_MAX_CELL_TEXT)
    return go_beyond (r, TOO_LONG);
  /* Empty cells after the last column kept are dropped with the row's
   * other trailing ones; a cell with text there makes the row too wide. */
  if (r->cells->len >= GB_TABLE_MAX_COLUMNS)
    {
      if (len > 0)
        go_beyond (r, TOO_WIDE);
      return;
    }
  r->n_text += len;
  if (r->n_text > GB_TABLE_MAX_TEXT)
    return go_beyond (r, TOO_MUCH);
  /* the text holds no NUL, so the cell is exactly these bytes */
  g_ptr_array_add (r->cells, g_strndup (s, len));
}

static void
on_row (int   c G_GNUC_UNUSED,
        void *data)
{
  Reader *r = data;
  gboolean empty = TRUE;

  r->row_open = FALSE;
  for (guint i = 0; i < r->cells->len && empty; i++)
    empty = ((char *) r->cells->pdata[i])[0] == '\0';
  if (r->beyond == WITHIN_CAPS && !empty && (r->n_cells += r->cells->len) > GB_TABLE_MAX_CELLS)
    go_beyond (r, TOO_MANY);
  while (r->next_nul < r->nul_lines->len
         && g_array_index (r->nul_lines, guint, r->next_nul) < r->row_line)
    r->next_nul++;
  /* an empty line, or one of delimiters only, as Excel pads blank rows */
  if (!empty && r->beyond == WITHIN_CAPS)
    {
      gb_table_append_row (r->table, r->row_line,
                           (const char * const *) r->cells->pdata, r->cells->len);
      if (r->note == NULL && r->next_nul < r->nul_lines->len
          && g_array_index (r->nul_lines, guint, r->next_nul) <= r->line)
        r->note = g_strdup_printf (_("Line %u holds a NUL character (a zero byte), which was left "
                                     "out: the file may be damaged."),
                                   g_array_index (r->nul_lines, guint, r->next_nul));
      if (r->note != NULL)
        gb_table_note_last_row (r->table, r->note);
    }
  g_clear_pointer (&r->note, g_free);
  g_ptr_array_set_size (r->cells, 0);
}

/* libcsv's state (csv.h): a field begun, inside its quotes. */
#define IN_QUOTES(parser) ((parser)->pstate == 2 && (parser)->quoted)

/* The delimiters of @line (of @len bytes) that lie inside the quoted
 * field it continues: before the quote that closes it. */
static guint
quoted_delimiters (const char *line,
                   gsize       len,
                   char        delimiter)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (line[i] == '"')
        {
          if (i + 1 < len && line[i + 1] == '"')
            i++;
          else
            break;
        }
      else if (line[i] == delimiter)
        n++;
    }
  return n;
}

static int
is_space (unsigned char c)
{
  return c == ' ';
}

/* The error for the cap that @r went beyond. */
static void
set_beyond (Reader  *r,
            GError **error)
{
  switch (r->beyond)
    {
    case TOO_LONG:
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Row %u holds a cell of more than %u KB of text, the most one cell may hold."),
                   r->beyond_row, GB_TABLE_MAX_CELL_TEXT / 1024);
      break;
    case TOO_WIDE:
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Row %u holds more than %u columns, the most one import reads."),
                   r->beyond_row, GB_TABLE_MAX_COLUMNS);
      break;
    case TOO_MUCH:
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The file holds more than %u MB of text, the most one import reads."),
                   GB_TABLE_MAX_TEXT >> 20);
      break;
    case TOO_MANY:
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The file holds more than %u cells, the most one import reads."),
                   GB_TABLE_MAX_CELLS);
      break;
    case WITHIN_CAPS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse (const char    *text,
       char           delimiter,
       GArray        *nul_lines,
       GbTable       *table,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  Reader reader = { table, cells, 0, 0, FALSE, NULL, nul_lines, 0, 0, 0, WITHIN_CAPS, 0 };
  struct csv_parser parser;
  const char *p = text;
  gboolean ok = TRUE;
  guint line = 0;
  guint swallowed = 0;   /* the first line of a quoted field that looks like a whole row */

  if (csv_init (&parser, CSV_REPALL_NL) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("The CSV reader could not start."));
      return FALSE;
    }
  csv_set_delim (&parser, (unsigned char) delimiter);
  /* a tab that separates fields is not a space to trim; otherwise
   * libcsv's own test, spaces and tabs, costs no call per character */
  if (delimiter == '\t')
    csv_set_space_func (&parser, is_space);
  /* libcsv grows its field buffer by a fixed step: a step in proportion
   * to the text keeps a long cell from costing many reallocations */
  csv_set_blk_size (&parser, CLAMP (strlen (text) / 8, 4096, 1024 * 1024));

  while (*p)
    {
      const char *nl = p + strcspn (p, "\r\n");
      gsize n;

      if (*nl == '\r' && nl[1] == '\n')
        nl += 2;
      else if (*nl != '\0')
        nl++;
      n = nl - p;
      line++;
      if (!reader.row_open)
        {
          reader.row_line = line;
          swallowed = 0;
        }
      /* A quoted field that goes on over this line: when the line holds
       * as many delimiters as the widest row (of three columns or more),
       * it looks like a whole row, and a closing quote was likely lost. */
      else if (IN_QUOTES (&parser) && swallowed == 0 && gb_table_get_n_columns (table) >= 3
               && quoted_delimiters (p, n, delimiter) + 1 >= gb_table_get_n_columns (table))
        {
          swallowed = line;
          g_free (reader.note);
          reader.note = g_strdup_printf (_("A quoted cell that begins on line %u runs over line %u, "
                                           "which looks like a whole row: a closing quote (\") is "
                                           "likely missing."), reader.row_line, line);
        }
      reader.row_open = TRUE;
      reader.line = line;
      if (csv_parse (&parser, p, n, on_field, on_row, &reader) != n)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot read line %u: %s"),
                       line, csv_strerror (csv_error (&parser)));
          ok = FALSE;
          break;
        }
      if (reader.beyond != WITHIN_CAPS)
        {
          set_beyond (&reader, error);
          ok = FALSE;
          break;
        }
      p = nl;
      if (line % CHECK_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
    }
  /* A quote that never closes has swallowed the rest of the file. */
  if (ok && IN_QUOTES (&parser))
    {
      g_free (reader.note);
      reader.note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "A quoted cell runs from line %u to the end of the file "
                                                  "(%u line): a closing quote (\") is missing.",
                                                  "A quoted cell runs from line %u to the end of the file "
                                                  "(%u lines): a closing quote (\") is missing.",
                                                  line - reader.row_line + 1),
                                     reader.row_line, line - reader.row_line + 1);
    }
  if (ok)
    csv_fini (&parser, on_field, on_row, &reader);
  if (ok && reader.beyond != WITHIN_CAPS)
    {
      set_beyond (&reader, error);
      ok = FALSE;
    }
  g_clear_pointer (&reader.note, g_free);
  csv_free (&parser);
  return ok;
}

static gboolean
only_spaces (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xfeff)
        return FALSE;
    }
  return TRUE;
}

static GbTable *read_bytes (guint8        *buffer,
                            const guint8  *data,
                            gsize          len,
                            int            force_encoding,
                            GbCsvInfo     *info,
                            GCancellable  *cancellable,
                            GError       **error);

/**
 * gb_csv_read_bytes:
 * @force_encoding: -1 to detect, or a #GbLegacyEncoding: for a file in
 *   Unicode, the legacy text it holds (GB_LEGACY_UNICODE keeps the text
 *   as it is); for bytes that are not UTF-8, their encoding
 *   (GB_LEGACY_UNICODE reads them as Windows-1258, converting nothing)
 * @info: (out) (optional): what was found
 *
 * Returns: (transfer full): the rows, numbered by the line they start on
 */
GbTable *
gb_csv_read_bytes (const guint8  *data,
                   gsize          len,
                   int            force_encoding,
                   GbCsvInfo     *info,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return read_bytes (NULL, data, len, force_encoding, info, cancellable, error);
}

/* As gb_csv_read_bytes(); @buffer, when given, is the buffer @data is in,
 * with a byte to spare after @len, which may hold the text. */
static GbTable *
read_bytes (guint8        *buffer,
            const guint8  *data,
            gsize          len,
            int            force_encoding,
            GbCsvInfo     *info,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GbTable) table = NULL;
  g_autoptr(GArray) nul_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *own = NULL;
  gboolean in_buffer = FALSE;
  const char *text;
  GbCsvInfo local;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (force_encoding >= -1 && force_encoding <= GB_LEGACY_WINDOWS_1258, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (info == NULL)
    info = &local;
  *info = (GbCsvInfo) { GB_LEGACY_UNICODE, FALSE, FALSE, ',' };
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (len > MAX_FILE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The file is larger than %u MB, the most one import reads."),
                   (guint) (MAX_FILE >> 20));
      return NULL;
    }

  text = decode (buffer, &in_buffer, nul_lines, data, len, force_encoding, info, cancellable, error);
  if (text == NULL)
    return NULL;
  if (!in_buffer)
    own = (char *) text;
  if (only_spaces (text))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The file is empty."));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  info->delimiter = detect_delimiter (text, info->utf16);
  table = gb_table_new ();
  if (!parse (text, info->delimiter, nul_lines, table, cancellable, error))
    return NULL;
  if (gb_table_get_n_rows (table) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The file is empty."));
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* The file's @out_len bytes, with a byte to spare after them. */
static guint8 *
read_all (const char  *path,
          gsize       *out_len,
          GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  const gsize limit = MAX_FILE + 1;
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize len = 0, size;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, GB_ERROR, saved == ENOENT ? GB_ERROR_NOT_FOUND : GB_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not a regular file."), display);
      return NULL;
    }
  /* A file beyond the cap is refused by read_bytes() from its first
   * MAX_FILE + 1 bytes; one known to be larger is not read at all. */
  if (st.st_size > (off_t) MAX_FILE)
    {
      close (fd);
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The file is larger than %u MB, the most one import reads."),
                   (guint) (MAX_FILE >> 20));
      g_prefix_error (error, "%s: ", display);
      return NULL;
    }
  /* Read into a buffer the size of the file (which may still grow) with
   * a byte to spare, and one more so that the end of the file is read
   * without growing the buffer. */
  size = MIN ((gsize) st.st_size + 2, limit + 1);
  data = g_malloc (size);
  for (;;)
    {
      ssize_t n;

      if (len + 1 == size)
        {
          if (len >= limit)
            break;   /* refused by read_bytes(), which names the cap */
          size = MIN (MAX (size * 2, 64 * 1024), limit + 1);
          data = g_realloc (data, size);
        }
      n = read (fd, data + len, size - 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot read “%s”: %s"),
                       display, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
    }
  close (fd);
  data[len] = '\0';
  *out_len = len;
  return g_steal_pointer (&data);
}

GbTable *
gb_csv_read_file (const char    *path,
                  int            force_encoding,
                  GbCsvInfo     *info,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree guint8 *data = NULL;
  GError *local = NULL;
  GbTable *table;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = read_all (path, &len, error);
  if (data == NULL)
    return NULL;
  table = read_bytes (data, data, len, force_encoding, info, cancellable, &local);
  if (table == NULL)
    {
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *display = g_filename_display_basename (path);

          g_prefix_error (&local, "%s: ", display);
        }
      g_propagate_error (error, local);
    }
  return table;
}
