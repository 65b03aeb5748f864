/* gb-xlsx-shared.c — the shared strings and styles of a workbook
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read once, before the first sheet, and kept for every sheet after it:
 * a cell of type "s" is an index into the shared strings, and a number
 * cell's style index says whether it shows a date. Each is a part of its
 * own, with its own caps: a string longer than one cell may hold is
 * refused here, and its length counts again toward a sheet's text for
 * each cell that shows it (gb-xlsx-sheet.c).
 */
#define G_LOG_DOMAIN "gb-xlsx"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-xlsx-private.h"

static gboolean
load_strings (GbXlsxReader  *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GbXlsxPart part;
  int ret;
  gboolean ok, in_si = FALSE, in_t = FALSE, full = FALSE;
  guint rph = 0;

  if (self->strings_path == NULL)
    return TRUE;
  if (!gb_xlsx_part_open (self, self->strings_path, MAX_PART_SIZE, &part, error))
    return FALSE;
  while ((ret = gb_xlsx_part_next (&part)) == 1)
    {
      int type = xmlTextReaderNodeType (part.xml);
      const char *name;
      gboolean add = FALSE;

      if (gb_xlsx_is_text_node (type))
        {
          if (in_t)
            gb_xlsx_append_capped (text, &full, (const char *) xmlTextReaderConstValue (part.xml));
          continue;
        }
      name = gb_xlsx_node_name (part.xml);
      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (part.xml) == 1;

          if (NAME_IS (name, "si"))
            {
              g_string_truncate (text, 0);
              full = FALSE;
              in_t = FALSE;
              rph = 0;
              in_si = !empty;
              add = empty;
            }
          else if (NAME_IS (name, "rPh") && in_si && !empty)
            rph++;
          else if (NAME_IS (name, "t") && in_si && rph == 0)
            in_t = !empty;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (NAME_IS (name, "t"))
            in_t = FALSE;
          else if (NAME_IS (name, "rPh") && rph > 0)
            rph--;
          else if (NAME_IS (name, "si") && in_si)
            {
              in_si = FALSE;
              add = TRUE;
            }
        }
      if (add && full)
        {
          gb_xlsx_part_close (&part);
          gb_xlsx_set_cell_too_long (error, 0);
          return FALSE;
        }
      if (add)
        {
          g_autofree char *clean = gb_xlsx_clean_text (text->str, text->len);

          if (self->strings->len >= MAX_STRINGS)
            {
              gb_xlsx_part_close (&part);
              gb_xlsx_set_damaged (error, _("it holds more than %u different texts"), MAX_STRINGS);
              return FALSE;
            }
          g_ptr_array_add (self->strings, g_string_chunk_insert (self->chunk, clean ? clean : ""));
          if (self->strings->len % 65536 == 0
              && g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              gb_xlsx_part_close (&part);
              return FALSE;
            }
        }
    }
  ok = gb_xlsx_part_check (&part, ret, error);
  gb_xlsx_part_close (&part);
  return ok;
}

typedef struct
{
  guint64 id;
  char *code;
} NumFmtAttrs;

static void
num_fmt_attribute (const char *name,
                   const char *value,
                   gboolean    namespaced,
                   gpointer    data)
{
  NumFmtAttrs *attrs = data;

  if (namespaced)
    return;
  if (NAME_IS (name, "numFmtId"))
    {
      if (!gb_xlsx_parse_uint (value, G_MAXUINT32, &attrs->id))
        attrs->id = 0;
    }
  else if (NAME_IS (name, "formatCode"))
    gb_xlsx_replace_str (&attrs->code, value);
}

static gboolean
load_styles (GbXlsxReader *self,
             GError      **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) formats = g_array_new (FALSE, FALSE, sizeof (guint32));
  GbXlsxPart part;
  int ret, xfs_depth = -1;
  gboolean ok, in_num_fmts = FALSE;

  if (self->styles_path == NULL)
    return TRUE;
  if (!gb_xlsx_part_open (self, self->styles_path, MAX_META_SIZE, &part, error))
    return FALSE;
  while ((ret = gb_xlsx_part_next (&part)) == 1)
    {
      int type = xmlTextReaderNodeType (part.xml);
      const char *name = gb_xlsx_node_name (part.xml);

      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (NAME_IS (name, "numFmts"))
            in_num_fmts = FALSE;
          else if (NAME_IS (name, "cellXfs"))
            xfs_depth = -1;
          continue;
        }
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (NAME_IS (name, "numFmts"))
        in_num_fmts = xmlTextReaderIsEmptyElement (part.xml) != 1;
      else if (NAME_IS (name, "cellXfs"))
        xfs_depth = xmlTextReaderIsEmptyElement (part.xml) == 1 ? -1 : xmlTextReaderDepth (part.xml);
      else if (NAME_IS (name, "numFmt") && in_num_fmts)
        {
          NumFmtAttrs attrs = { 0, NULL };

          gb_xlsx_foreach_attribute (part.xml, num_fmt_attribute, &attrs);
          if (attrs.code != NULL)
            g_hash_table_insert (custom, GUINT_TO_POINTER ((guint) attrs.id + 1),
                                 GUINT_TO_POINTER (gb_xlsx_format_is_date (attrs.code) ? 2 : 1));
          g_free (attrs.code);
        }
      else if (NAME_IS (name, "xf") && xfs_depth >= 0
               && xmlTextReaderDepth (part.xml) == xfs_depth + 1
               && formats->len < MAX_STYLES)
        {
          NumFmtAttrs attrs = { 0, NULL };
          guint32 id;

          gb_xlsx_foreach_attribute (part.xml, num_fmt_attribute, &attrs);
          g_free (attrs.code);
          id = (guint32) attrs.id;
          g_array_append_val (formats, id);
        }
    }
  ok = gb_xlsx_part_check (&part, ret, error);
  gb_xlsx_part_close (&part);
  if (!ok)
    return FALSE;

  g_byte_array_set_size (self->date_styles, formats->len);
  for (guint i = 0; i < formats->len; i++)
    {
      guint32 id = g_array_index (formats, guint32, i);
      guint kind = GPOINTER_TO_UINT (g_hash_table_lookup (custom, GUINT_TO_POINTER (id + 1)));

      self->date_styles->data[i] = kind != 0 ? kind == 2 : gb_xlsx_builtin_is_date (id);
    }
  return TRUE;
}

gboolean
gb_xlsx_reader_ensure_loaded (GbXlsxReader  *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  if (self->loaded)
    return TRUE;
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->chunk, g_string_chunk_free);
  g_clear_pointer (&self->date_styles, g_byte_array_unref);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->strings = g_ptr_array_new ();
  self->date_styles = g_byte_array_new ();
  if (!load_styles (self, error) || !load_strings (self, cancellable, error))
    return FALSE;
  self->loaded = TRUE;
  return TRUE;
}
