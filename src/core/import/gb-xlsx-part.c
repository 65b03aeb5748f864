/* gb-xlsx-part.c — one XML part of an .xlsx zip, streamed to libxml2
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A part is inflated, converted to UTF-8 and filtered a bounded chunk at
 * a time, its uncompressed size counted while inflating whatever the zip
 * directory claims, so that a sheet is never held whole and a zip bomb
 * stops at its cap. The parser neither loads a DTD, nor substitutes
 * entities, nor touches the network: a part that declares a document
 * type is refused.
 */
#define G_LOG_DOMAIN "gb-xlsx"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>

#include "gb-error.h"
#include "gb-xlsx-private.h"

/* What the XML parser is given of a part. libxml2's reader keeps every
 * comment and processing instruction it reads as a node, and converts a
 * part declared in another encoding (Windows-1258) slowly and in growing
 * buffers; none of them matters to a sheet. So a part is given to it as
 * UTF-8, converted by iconv a bounded chunk at a time, without its XML
 * declaration, comments and processing instructions (text and attribute
 * values cannot hold a bare "<", so only markup starts with one). */
enum { FILTER_TEXT, FILTER_COMMENT, FILTER_PI, FILTER_CDATA };

#define RAW_CHUNK (64 * 1024)

/* The encoding a part declares (or its BOM says), when not UTF-8. */
static char *
declared_encoding (const guint8 *data,
                   gsize         len)
{
  g_autofree char *head = NULL;
  const char *end, *enc;
  char quote;

  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    return g_strdup ("UTF-16LE");
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    return g_strdup ("UTF-16BE");
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    return NULL;
  head = g_strndup ((const char *) data, MIN (len, 256));
  if (!g_str_has_prefix (head, "<?xml") || (end = strstr (head, "?>")) == NULL)
    return NULL;
  if ((enc = strstr (head, "encoding")) == NULL || enc > end)
    return NULL;
  enc += strlen ("encoding");
  while (*enc == ' ' || *enc == '=')
    enc++;
  quote = *enc++;
  if ((quote != '"' && quote != '\'') || strchr (enc, quote) == NULL)
    return NULL;
  head[strchr (enc, quote) - head] = '\0';
  if (g_ascii_strcasecmp (enc, "UTF-8") == 0 || g_ascii_strcasecmp (enc, "UTF8") == 0)
    return NULL;
  return g_strdup (enc);
}

/* Moves what the parser should see of part->text to part->out; keeps in
 * part->text what cannot be told yet (a "<" near the end). */
static void
filter_text (GbXlsxPart *part,
             gboolean    last)
{
  const char *p = part->text->str, *end = p + part->text->len;

  while (p < end)
    {
      const char *stop;

      switch (part->state)
        {
        case FILTER_TEXT:
          stop = memchr (p, '<', end - p);
          if (stop == NULL)
            {
              g_string_append_len (part->out, p, end - p);
              p = end;
              break;
            }
          g_string_append_len (part->out, p, stop - p);
          p = stop;
          if (end - p < 9 && !last)
            goto keep;                /* "<![CDATA[" may be cut */
          if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
            {
              part->state = FILTER_COMMENT;
              p += 4;
            }
          else if (end - p >= 2 && p[1] == '?')
            {
              part->state = FILTER_PI;
              p += 2;
            }
          else if (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
            {
              g_string_append_len (part->out, p, 9);
              part->state = FILTER_CDATA;
              p += 9;
            }
          else
            {
              g_string_append_c (part->out, '<');
              p++;
            }
          break;
        case FILTER_COMMENT:
        case FILTER_PI:
        case FILTER_CDATA:
          {
            const char *close = part->state == FILTER_COMMENT ? "-->" : part->state == FILTER_PI ? "?>" : "]]>";
            gsize n = strlen (close);
            const char *found = g_strstr_len (p, end - p, close);

            if (found == NULL)
              {
                /* the close may be cut: keep its first bytes */
                const char *cut = end - p > (gssize) n - 1 && !last ? end - (n - 1) : end;

                if (part->state == FILTER_CDATA)
                  g_string_append_len (part->out, p, cut - p);
                p = cut;
                if (p < end)
                  goto keep;
                break;
              }
            if (part->state == FILTER_CDATA)
              g_string_append_len (part->out, p, found + n - p);
            p = found + n;
            part->state = FILTER_TEXT;
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
keep:
  g_string_erase (part->text, 0, p - part->text->str);
}

/* Reads, converts and filters the next chunk; FALSE on an error. */
static gboolean
part_fill (GbXlsxPart *part)
{
  guint8 buffer[RAW_CHUNK];
  zip_int64_t n = 0;

  if (!part->eof)
    {
      n = zip_fread (part->file, buffer, sizeof buffer);
      if (n < 0)
        {
          part->zip_error = g_strdup (zip_error_strerror (zip_file_get_error (part->file)));
          return FALSE;
        }
      part->n_read += (guint64) n;
      if (part->n_read > part->limit)
        {
          part->too_big = TRUE;
          return FALSE;
        }
      part->eof = n == 0;
      g_byte_array_append (part->raw, buffer, (guint) n);
    }
  if (!part->started && (part->raw->len >= 256 || part->eof))
    {
      g_autofree char *encoding = declared_encoding (part->raw->data, part->raw->len);

      part->started = TRUE;
      if (encoding != NULL)
        {
          part->conv = g_iconv_open ("UTF-8", encoding);
          if (part->conv == (GIConv) -1)
            {
              part->xml_error = g_strdup_printf (_("an encoding that cannot be read, %s"), encoding);
              return FALSE;
            }
          /* the BOM is not text */
          if (g_str_has_prefix (encoding, "UTF-16"))
            g_byte_array_remove_range (part->raw, 0, 2);
        }
    }
  if (!part->started)
    return TRUE;
  if (part->conv == (GIConv) -1)
    {
      g_string_append_len (part->text, (const char *) part->raw->data, part->raw->len);
      g_byte_array_set_size (part->raw, 0);
    }
  else
    {
      char *in = (char *) part->raw->data;
      gsize in_left = part->raw->len;

      while (in_left > 0)
        {
          char converted[4 * RAW_CHUNK];
          char *out = converted;
          gsize out_left = sizeof converted;
          gsize r = g_iconv (part->conv, &in, &in_left, &out, &out_left);

          g_string_append_len (part->text, converted, out - converted);
          if (r == (gsize) -1 && errno == E2BIG)
            continue;
          if (r == (gsize) -1 && (errno != EINVAL || part->eof))
            {
              part->xml_error = g_strdup (_("text that is not in its encoding"));
              return FALSE;
            }
          break;                      /* done, or a character cut at the end */
        }
      if (part->eof)
        {
          char converted[64];
          char *out = converted;
          gsize out_left = sizeof converted;

          g_iconv (part->conv, NULL, NULL, &out, &out_left);   /* a combining mark held back */
          g_string_append_len (part->text, converted, out - converted);
        }
      g_byte_array_remove_range (part->raw, 0, (guint) (in - (char *) part->raw->data));
    }
  filter_text (part, part->eof);
  return TRUE;
}

static int
part_read (void   *data,
           char   *buffer,
           int     len)
{
  GbXlsxPart *part = data;
  gsize n;

  if (part->too_big || part->zip_error != NULL || len <= 0)
    return -1;
  while (part->out_pos == part->out->len && !(part->eof && part->text->len == 0))
    {
      g_string_truncate (part->out, 0);
      part->out_pos = 0;
      if (!part_fill (part))
        return -1;
      if (part->eof && part->out->len == 0)
        {
          /* what could not be told at the end is given as it is */
          g_string_append_len (part->out, part->text->str, part->text->len);
          g_string_truncate (part->text, 0);
        }
    }
  n = MIN ((gsize) len, part->out->len - part->out_pos);
  memcpy (buffer, part->out->str + part->out_pos, n);
  part->out_pos += n;
  return (int) n;
}

static void
#if LIBXML_VERSION >= 21200
part_error (void *data, const xmlError *error)
#else
part_error (void *data, xmlErrorPtr error)
#endif
{
  GbXlsxPart *part = data;

  if (part->xml_error == NULL && error != NULL && error->level >= XML_ERR_ERROR)
    {
      g_autofree char *message = g_strdup (error->message ? error->message : "");

      part->xml_error = g_strdup_printf ("line %d: %s", error->line, g_strstrip (message));
    }
}

zip_int64_t
gb_xlsx_locate (GbXlsxReader *self,
                const char   *path)
{
  zip_int64_t index;

  if (path == NULL)
    return -1;
  index = zip_name_locate (self->zip, path, ZIP_FL_NOCASE);
  if (index < 0 && strchr (path, '%') != NULL)
    {
      g_autofree char *unescaped = g_uri_unescape_string (path, NULL);

      if (unescaped != NULL)
        index = zip_name_locate (self->zip, unescaped, ZIP_FL_NOCASE);
    }
  return index;
}

void
gb_xlsx_part_close (GbXlsxPart *part)
{
  g_clear_pointer (&part->xml, xmlFreeTextReader);
  g_clear_pointer (&part->file, zip_fclose);
  g_clear_pointer (&part->zip_error, g_free);
  g_clear_pointer (&part->xml_error, g_free);
  if (part->conv != (GIConv) -1)
    g_iconv_close (part->conv);
  part->conv = (GIConv) -1;
  g_clear_pointer (&part->raw, g_byte_array_unref);
  if (part->text != NULL)
    g_string_free (part->text, TRUE);
  if (part->out != NULL)
    g_string_free (part->out, TRUE);
  part->text = part->out = NULL;
}

gboolean
gb_xlsx_part_open (GbXlsxReader *self,
                   const char   *path,
                   guint64       limit,
                   GbXlsxPart   *part,
                   GError      **error)
{
  zip_int64_t index = gb_xlsx_locate (self, path);
  zip_stat_t st;

  memset (part, 0, sizeof *part);
  part->name = path;
  part->limit = limit;
  part->conv = (GIConv) -1;
  part->raw = g_byte_array_new ();
  part->text = g_string_new (NULL);
  part->out = g_string_new (NULL);
  if (index < 0)
    {
      gb_xlsx_set_damaged (error, _("the part %s is missing"), path);
      return FALSE;
    }
  zip_stat_init (&st);
  if (zip_stat_index (self->zip, (zip_uint64_t) index, 0, &st) == 0
      && (st.valid & ZIP_STAT_SIZE) != 0 && st.size > limit)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The workbook is too large to read: its part %s holds more than %u MB."),
                   path, (guint) (limit >> 20));
      return FALSE;
    }
  part->file = zip_fopen_index (self->zip, (zip_uint64_t) index, 0);
  if (part->file == NULL)
    {
      gb_xlsx_set_damaged (error, "%s: %s", path, zip_error_strerror (zip_get_error (self->zip)));
      return FALSE;
    }
  part->xml = xmlReaderForIO (part_read, NULL, part, path, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                              | XML_PARSE_NOCDATA);
  if (part->xml == NULL)
    {
      gb_xlsx_set_damaged (error, _("%s cannot be read"), path);
      gb_xlsx_part_close (part);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (part->xml, part_error, part);
  return TRUE;
}

/* The next node: 1, 0 at the end, -1 on an error. */
int
gb_xlsx_part_next (GbXlsxPart *part)
{
  int ret = xmlTextReaderRead (part->xml);

  if (ret == 1 && xmlTextReaderNodeType (part->xml) == XML_READER_TYPE_DOCUMENT_TYPE)
    {
      if (part->xml_error == NULL)
        part->xml_error = g_strdup (_("a document type declaration"));
      return -1;
    }
  return ret;
}

gboolean
gb_xlsx_part_check (GbXlsxPart  *part,
                    int          ret,
                    GError     **error)
{
  if (part->too_big)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The workbook is too large to read: its part %s holds more than %u MB."),
                   part->name, (guint) (part->limit >> 20));
      return FALSE;
    }
  if (part->zip_error != NULL)
    {
      gb_xlsx_set_damaged (error, "%s: %s", part->name, part->zip_error);
      return FALSE;
    }
  if (ret < 0)
    {
      gb_xlsx_set_damaged (error, "%s: %s", part->name,
                           part->xml_error ? part->xml_error : _("not well-formed XML"));
      return FALSE;
    }
  return TRUE;
}

void
gb_xlsx_foreach_attribute (xmlTextReaderPtr     xml,
                           GbXlsxAttributeFunc  func,
                           gpointer             data)
{
  if (xmlTextReaderMoveToFirstAttribute (xml) != 1)
    return;
  do
    {
      const xmlChar *value;

      if (xmlTextReaderIsNamespaceDecl (xml) == 1)
        continue;
      value = xmlTextReaderConstValue (xml);
      func (gb_xlsx_node_name (xml), value ? (const char *) value : "",
            xmlTextReaderConstNamespaceUri (xml) != NULL, data);
    }
  while (xmlTextReaderMoveToNextAttribute (xml) == 1);
  xmlTextReaderMoveToElement (xml);
}
