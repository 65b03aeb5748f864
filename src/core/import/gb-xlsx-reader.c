/* gb-xlsx-reader.c — the sheets of an Excel workbook (.xlsx), as text
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An .xlsx file is a zip of XML parts. The package relationships
 * (_rels/.rels) name the workbook part; its relationships name the sheets,
 * the shared strings and the styles. Every part is read with libxml2's
 * xmlTextReader straight out of the zip, a buffer at a time: a sheet is
 * never held whole, only the row being read.
 *
 * A workbook is untrusted input. Each part's uncompressed size is capped
 * (and counted while inflating, whatever the zip directory claims), one
 * cell holds at most MAX_TEXT bytes, a sheet at most MAX_CELLS cells,
 * GB_TABLE_MAX_COLUMNS columns and GB_TABLE_MAX_TEXT bytes of text in
 * all (a shared string counted for each cell that shows it): beyond
 * them the workbook is refused with the cap named,
 * Excel's own bounds (16,384 columns, 1,048,576 rows) hold, an index into
 * the shared strings or the styles that is out of range reads as nothing,
 * and the XML parser neither loads a DTD, nor substitutes entities, nor
 * touches the network: a part that declares a document type is refused.
 *
 * The caps are in gb-xlsx-private.h, which also says which file holds
 * which part of the work; this one opens the package and the workbook.
 */
#define G_LOG_DOMAIN "gb-xlsx"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <unistd.h>

#include "gb-error.h"
#include "gb-xlsx-private.h"

/* Errors */

static void
set_not_xlsx (GError **error)
{
  g_set_error_literal (error, GB_ERROR, GB_ERROR_INVALID,
                       _("This file is not an Excel workbook (.xlsx)."));
}

G_GNUC_PRINTF (2, 3)
void
gb_xlsx_set_damaged (GError    **error,
                     const char *format,
                     ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The workbook is damaged: %s."), detail);
}

/* The caps of one import (gb-table.h) */

void
gb_xlsx_set_cell_too_long (GError **error,
                           guint    row)
{
  if (row == 0)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                 _("The workbook holds a text of more than %u KB, the most one cell may hold."),
                 GB_TABLE_MAX_CELL_TEXT / 1024);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                 _("Row %u holds a cell of more than %u KB of text, the most one cell may hold."),
                 row, GB_TABLE_MAX_CELL_TEXT / 1024);
}

/* Relationships */

/* A relationship's target as a name in the zip: absolute ("/xl/…") from
 * the package root, relative from the folder of the part it belongs to. */
static char *
resolve_target (const char *base_dir,
                const char *target)
{
  g_autofree char *joined = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  char *p;

  if (target[0] == '/' || target[0] == '\\')
    joined = g_strdup (target + 1);
  else
    joined = g_strconcat (base_dir, target, NULL);
  for (p = joined; *p != '\0'; p++)
    if (*p == '\\')
      *p = '/';
  segments = g_strsplit (joined, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || NAME_IS (segments[i], "."))
        continue;
      if (NAME_IS (segments[i], ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("/", (char **) kept->pdata);
}

typedef struct
{
  char *id;
  char *type;
  char *target;
  gboolean external;
} Relationship;

static void
relationship_attribute (const char *name,
                        const char *value,
                        gboolean    namespaced,
                        gpointer    data)
{
  Relationship *rel = data;

  if (namespaced)
    return;
  if (NAME_IS (name, "Id"))
    gb_xlsx_replace_str (&rel->id, value);
  else if (NAME_IS (name, "Type"))
    gb_xlsx_replace_str (&rel->type, value);
  else if (NAME_IS (name, "Target"))
    gb_xlsx_replace_str (&rel->target, value);
  else if (NAME_IS (name, "TargetMode"))
    rel->external = g_ascii_strcasecmp (value, "External") == 0;
}

/* Reads the relationships of a part: @by_id maps each Id to a zip name,
 * @by_type the last word of each Type ("worksheet", "styles") to the first
 * target of that type. A missing relationships part is no error. */
static gboolean
read_relationships (GbXlsxReader *self,
                    const char   *rels_path,
                    const char   *base_dir,
                    GHashTable   *by_id,
                    GHashTable   *by_type,
                    GError      **error)
{
  GbXlsxPart part;
  int ret;
  gboolean ok;

  if (gb_xlsx_locate (self, rels_path) < 0)
    return TRUE;
  if (!gb_xlsx_part_open (self, rels_path, MAX_META_SIZE, &part, error))
    return FALSE;
  while ((ret = gb_xlsx_part_next (&part)) == 1)
    {
      Relationship rel = { NULL, };

      if (xmlTextReaderNodeType (part.xml) != XML_READER_TYPE_ELEMENT
          || !NAME_IS (gb_xlsx_node_name (part.xml), "Relationship"))
        continue;
      gb_xlsx_foreach_attribute (part.xml, relationship_attribute, &rel);
      if (rel.id != NULL && rel.target != NULL && !rel.external)
        {
          char *path = resolve_target (base_dir, rel.target);
          const char *word = rel.type ? strrchr (rel.type, '/') : NULL;

          word = word ? word + 1 : rel.type;
          if (word != NULL && by_type != NULL && !g_hash_table_contains (by_type, word))
            g_hash_table_insert (by_type, g_strdup (word), g_strdup (path));
          if (by_id != NULL && !g_hash_table_contains (by_id, rel.id))
            g_hash_table_insert (by_id, g_strdup (rel.id), path);
          else
            g_free (path);
        }
      g_free (rel.id);
      g_free (rel.type);
      g_free (rel.target);
    }
  ok = gb_xlsx_part_check (&part, ret, error);
  gb_xlsx_part_close (&part);
  return ok;
}

/* The workbook */

typedef struct
{
  char *name;
  char *id;
  gboolean date1904;
} WorkbookAttrs;

static void
workbook_attribute (const char *name,
                    const char *value,
                    gboolean    namespaced,
                    gpointer    data)
{
  WorkbookAttrs *attrs = data;

  if (NAME_IS (name, "name") && !namespaced)
    gb_xlsx_replace_str (&attrs->name, value);
  else if (NAME_IS (name, "id") && namespaced)
    gb_xlsx_replace_str (&attrs->id, value);
  else if (NAME_IS (name, "date1904"))
    attrs->date1904 = NAME_IS (value, "1") || g_ascii_strcasecmp (value, "true") == 0;
}

static void
sheet_clear (gpointer data)
{
  GbXlsxSheet *sheet = data;

  g_free (sheet->name);
  g_free (sheet->path);
}

static gboolean
read_workbook (GbXlsxReader *self,
               const char   *path,
               GHashTable   *by_id,
               GError      **error)
{
  GbXlsxPart part;
  int ret;
  gboolean ok, root = TRUE, in_sheets = FALSE;

  if (!gb_xlsx_part_open (self, path, MAX_META_SIZE, &part, error))
    return FALSE;
  while ((ret = gb_xlsx_part_next (&part)) == 1)
    {
      int type = xmlTextReaderNodeType (part.xml);
      const char *name = gb_xlsx_node_name (part.xml);
      WorkbookAttrs attrs = { NULL, };

      if (type == XML_READER_TYPE_END_ELEMENT && NAME_IS (name, "sheets"))
        in_sheets = FALSE;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (root)
        {
          root = FALSE;
          if (!NAME_IS (name, "workbook"))
            {
              gb_xlsx_part_close (&part);
              set_not_xlsx (error);
              return FALSE;
            }
        }
      else if (NAME_IS (name, "sheets"))
        in_sheets = !xmlTextReaderIsEmptyElement (part.xml);
      else if (NAME_IS (name, "workbookPr"))
        {
          gb_xlsx_foreach_attribute (part.xml, workbook_attribute, &attrs);
          self->date1904 = attrs.date1904;
        }
      else if (NAME_IS (name, "sheet") && in_sheets)
        {
          GbXlsxSheet sheet = { NULL, };

          gb_xlsx_foreach_attribute (part.xml, workbook_attribute, &attrs);
          sheet.name = gb_xlsx_clean_text (attrs.name ? attrs.name : "",
                                           attrs.name ? strlen (attrs.name) : 0);
          if (sheet.name == NULL)
            sheet.name = g_strdup ("");
          if (attrs.id != NULL)
            sheet.path = g_strdup (g_hash_table_lookup (by_id, attrs.id));
          g_array_append_val (self->sheets, sheet);
        }
      g_free (attrs.name);
      g_free (attrs.id);
    }
  ok = gb_xlsx_part_check (&part, ret, error);
  gb_xlsx_part_close (&part);
  if (ok && root)
    {
      set_not_xlsx (error);
      return FALSE;
    }
  return ok;
}

static GbXlsxReader *
reader_new (void)
{
  GbXlsxReader *self = g_new0 (GbXlsxReader, 1);

  self->sheets = g_array_new (FALSE, TRUE, sizeof (GbXlsxSheet));
  g_array_set_clear_func (self->sheets, sheet_clear);
  return self;
}

/* Finds the workbook and its sheets in the opened zip. */
static gboolean
reader_setup (GbXlsxReader *self,
              GError      **error)
{
  g_autoptr(GHashTable) root = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *workbook = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *rels = NULL;
  const char *found, *slash;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }

  if (!read_relationships (self, "_rels/.rels", "", NULL, root, error))
    return FALSE;
  found = g_hash_table_lookup (root, "officeDocument");
  workbook = g_strdup (found && gb_xlsx_locate (self, found) >= 0 ? found : "xl/workbook.xml");
  if (gb_xlsx_locate (self, workbook) < 0)
    {
      set_not_xlsx (error);
      return FALSE;
    }

  slash = strrchr (workbook, '/');
  dir = slash ? g_strndup (workbook, (gsize) (slash - workbook) + 1) : g_strdup ("");
  base = g_strdup (slash ? slash + 1 : workbook);
  rels = g_strconcat (dir, "_rels/", base, ".rels", NULL);
  if (!read_relationships (self, rels, dir, by_id, by_type, error))
    return FALSE;
  if (!read_workbook (self, workbook, by_id, error))
    return FALSE;
  if (self->sheets->len == 0)
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_INVALID, _("The workbook has no sheets."));
      return FALSE;
    }

  found = g_hash_table_lookup (by_type, "sharedStrings");
  if (found == NULL || gb_xlsx_locate (self, found) < 0)
    found = "xl/sharedStrings.xml";
  if (gb_xlsx_locate (self, found) >= 0)
    self->strings_path = g_strdup (found);
  found = g_hash_table_lookup (by_type, "styles");
  if (found == NULL || gb_xlsx_locate (self, found) < 0)
    found = "xl/styles.xml";
  if (gb_xlsx_locate (self, found) >= 0)
    self->styles_path = g_strdup (found);
  return TRUE;
}

gboolean
gb_xlsx_is_xlsx (const guint8 *data,
                 gsize         len)
{
  return data != NULL && len >= 4 && memcmp (data, "PK\3\4", 4) == 0;
}

static void
set_not_xlsx_for (const guint8 *data,
                  gsize         len,
                  GError      **error)
{
  static const guint8 cfb[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

  if (len == 0)
    g_set_error_literal (error, GB_ERROR, GB_ERROR_INVALID, _("The file is empty."));
  else if (len >= sizeof cfb && memcmp (data, cfb, sizeof cfb) == 0)
    g_set_error_literal (error, GB_ERROR, GB_ERROR_INVALID,
                         _("This file is not an Excel workbook (.xlsx): it is an older Excel "
                           "file (.xls) or a workbook locked with a password. Open it in Excel "
                           "or LibreOffice and save it as .xlsx without a password."));
  else
    set_not_xlsx (error);
}

static void
set_zip_error (int      code,
               GError **error)
{
  zip_error_t zerror;

  if (code == ZIP_ER_NOZIP)
    {
      /* it starts as a zip does: its end is lost */
      gb_xlsx_set_damaged (error, _("the end of the file is missing; it may have been copied or "
                                    "downloaded only in part"));
      return;
    }
  zip_error_init_with_code (&zerror, code);
  gb_xlsx_set_damaged (error, "%s", zip_error_strerror (&zerror));
  zip_error_fini (&zerror);
}

GbXlsxReader *
gb_xlsx_reader_open (const char *path,
                     GError    **error)
{
  g_autoptr(GbXlsxReader) self = NULL;
  guint8 head[8];
  gssize n;
  int fd, code = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, GB_ERROR, saved == ENOENT ? GB_ERROR_NOT_FOUND : GB_ERROR_FAILED,
                   _("Could not open “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  do
    n = read (fd, head, sizeof head);
  while (n < 0 && errno == EINTR);
  if (n < 0 || (gb_xlsx_is_xlsx (head, (gsize) n) && lseek (fd, 0, SEEK_SET) != 0))
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not read “%s”: %s"),
                   display, g_strerror (saved));
      close (fd);
      return NULL;
    }
  if (!gb_xlsx_is_xlsx (head, (gsize) n))
    {
      set_not_xlsx_for (head, (gsize) n, error);
      close (fd);
      return NULL;
    }

  self = reader_new ();
  self->zip = zip_fdopen (fd, ZIP_RDONLY, &code);
  if (self->zip == NULL)
    {
      close (fd);
      set_zip_error (code, error);
      return NULL;
    }
  if (!reader_setup (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

GbXlsxReader *
gb_xlsx_reader_open_bytes (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(GbXlsxReader) self = NULL;
  zip_source_t *source;
  zip_error_t zerror;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (!gb_xlsx_is_xlsx (data, len))
    {
      set_not_xlsx_for (data, len, error);
      return NULL;
    }

  self = reader_new ();
  self->bytes = g_bytes_ref (bytes);
  zip_error_init (&zerror);
  source = zip_source_buffer_create (data, len, 0, &zerror);
  if (source != NULL)
    {
      self->zip = zip_open_from_source (source, ZIP_RDONLY, &zerror);
      if (self->zip == NULL)
        zip_source_free (source);
    }
  if (self->zip == NULL)
    {
      set_zip_error (zip_error_code_zip (&zerror), error);
      zip_error_fini (&zerror);
      return NULL;
    }
  zip_error_fini (&zerror);
  if (!reader_setup (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
gb_xlsx_reader_free (GbXlsxReader *self)
{
  if (self == NULL)
    return;
  if (self->zip != NULL)
    zip_discard (self->zip);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_array_unref (self->sheets);
  g_free (self->strings_path);
  g_free (self->styles_path);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->chunk, g_string_chunk_free);
  g_clear_pointer (&self->date_styles, g_byte_array_unref);
  g_free (self);
}

guint
gb_xlsx_reader_get_n_sheets (GbXlsxReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sheets->len;
}

const char *
gb_xlsx_reader_get_sheet_name (GbXlsxReader *self,
                               guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sheets->len, NULL);
  return g_array_index (self->sheets, GbXlsxSheet, index).name;
}

static char *
fold_name (const char *name)
{
  g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_autofree char *folded = NULL;

  if (nfc == NULL)
    return NULL;
  folded = g_utf8_casefold (nfc, -1);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}

/* Finds a sheet by name, ignoring case (and how the text is composed). */
gboolean
gb_xlsx_reader_find_sheet (GbXlsxReader *self,
                           const char   *name,
                           guint        *index)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  wanted = fold_name (name);
  if (wanted == NULL)
    return FALSE;
  for (guint i = 0; i < self->sheets->len; i++)
    {
      g_autofree char *folded = fold_name (g_array_index (self->sheets, GbXlsxSheet, i).name);

      if (folded != NULL && NAME_IS (folded, wanted))
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}
