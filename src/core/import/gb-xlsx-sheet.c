/* gb-xlsx-sheet.c — one sheet of a workbook, read into a GbTable
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the row being read is held: each <row> becomes a table row when
 * it ends, its cells placed by their reference, and the caps of one
 * import (gb-table.h) are checked there, so that a sheet past them stops
 * where it passes them instead of after it was read whole.
 */
#define G_LOG_DOMAIN "gb-xlsx"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-xlsx-private.h"

typedef enum
{
  CELL_NUMBER,
  CELL_SHARED,
  CELL_INLINE,
  CELL_FORMULA_STRING,
  CELL_BOOLEAN,
  CELL_ERROR,
  CELL_DATE,
} CellType;

typedef struct
{
  GbXlsxReader *reader;
  GbTable      *table;
  GPtrArray    *cells;        /* of the row being read: NULL or non-empty text */
  guint64       n_cells;      /* kept so far */
  guint         n_rows;       /* <row> elements so far */
  guint         n_elements;   /* <c> elements so far */

  gboolean      in_data;
  gboolean      in_row;
  guint         row;          /* its number, 1-based */
  gboolean      row_known;    /* from r, of the row or of a cell */
  guint         last_row;
  guint         next_column;

  gboolean      in_cell;
  CellType      type;
  guint64       style;
  guint         column;
  gboolean      bad_column;
  gboolean      bad_row;
  gboolean      in_is;
  guint         rph;
  gboolean      has_is;
  GString      *v;
  GString      *is;
  GString      *target;       /* v, is or NULL */
  gboolean      v_full;
  gboolean      is_full;
  guint64       n_text;       /* bytes of all cells kept so far */
  gboolean      too_long;     /* a cell over MAX_TEXT */
} SheetReader;

static void
row_attribute (const char *name,
               const char *value,
               gboolean    namespaced,
               gpointer    data)
{
  SheetReader *sr = data;
  guint64 r;

  if (namespaced || !NAME_IS (name, "r"))
    return;
  if (!gb_xlsx_parse_uint (value, G_MAXUINT32, &r))
    return;                                  /* not a number: as if missing */
  if (r == 0)
    return;
  if (r > MAX_ROWS)
    sr->bad_row = TRUE;
  else
    {
      sr->row = (guint) r;
      sr->row_known = TRUE;
    }
}

static void
cell_attribute (const char *name,
                const char *value,
                gboolean    namespaced,
                gpointer    data)
{
  SheetReader *sr = data;

  if (namespaced)
    return;
  if (NAME_IS (name, "r"))
    {
      guint column, row;
      gboolean has_row;

      if (gb_xlsx_parse_reference (value, &column, &row, &has_row))
        {
          sr->column = column;
          sr->bad_column = column >= MAX_COLUMNS;
          if (has_row && !sr->row_known)
            {
              if (row > MAX_ROWS)
                sr->bad_row = TRUE;
              else
                {
                  sr->row = row;
                  sr->row_known = TRUE;
                }
            }
        }
    }
  else if (NAME_IS (name, "t"))
    {
      if (NAME_IS (value, "s"))
        sr->type = CELL_SHARED;
      else if (NAME_IS (value, "inlineStr"))
        sr->type = CELL_INLINE;
      else if (NAME_IS (value, "str"))
        sr->type = CELL_FORMULA_STRING;
      else if (NAME_IS (value, "b"))
        sr->type = CELL_BOOLEAN;
      else if (NAME_IS (value, "e"))
        sr->type = CELL_ERROR;
      else if (NAME_IS (value, "d"))
        sr->type = CELL_DATE;
      else
        sr->type = CELL_NUMBER;
    }
  else if (NAME_IS (name, "s"))
    {
      if (!gb_xlsx_parse_uint (value, G_MAXUINT32, &sr->style))
        sr->style = 0;
    }
}

static gboolean
start_row (SheetReader *sr,
           gboolean     empty,
           xmlTextReaderPtr xml,
           GError     **error)
{
  sr->in_row = TRUE;
  sr->row_known = FALSE;
  sr->bad_row = FALSE;
  sr->next_column = 0;
  g_ptr_array_set_size (sr->cells, 0);
  gb_xlsx_foreach_attribute (xml, row_attribute, sr);
  if (sr->bad_row)
    {
      gb_xlsx_set_damaged (error, _("a row lies beyond row %u"), MAX_ROWS);
      return FALSE;
    }
  if (empty)
    sr->in_row = FALSE;
  return TRUE;
}

static gboolean
end_row (SheetReader  *sr,
         GCancellable *cancellable,
         GError      **error)
{
  guint n = sr->cells->len;

  if (!sr->row_known)
    {
      if (sr->last_row >= MAX_ROWS)
        {
          gb_xlsx_set_damaged (error, _("a row lies beyond row %u"), MAX_ROWS);
          return FALSE;
        }
      sr->row = sr->last_row + 1;
    }
  sr->in_row = FALSE;
  sr->last_row = sr->row;
  while (n > 0 && sr->cells->pdata[n - 1] == NULL)
    n--;
  if (sr->too_long)
    {
      gb_xlsx_set_cell_too_long (error, sr->row);
      return FALSE;
    }
  if (sr->n_text > GB_TABLE_MAX_TEXT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The file holds more than %u MB of text, the most one import reads."),
                   GB_TABLE_MAX_TEXT >> 20);
      return FALSE;
    }
  if (n > GB_TABLE_MAX_COLUMNS)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Row %u holds more than %u columns, the most one import reads."),
                   sr->row, GB_TABLE_MAX_COLUMNS);
      return FALSE;
    }
  if (n > 0)
    {
      if (sr->n_cells + n > MAX_CELLS)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("The file holds more than %u cells, the most one import reads."), MAX_CELLS);
          return FALSE;
        }
      sr->n_cells += n;
      gb_table_append_row (sr->table, sr->row, (const char * const *) sr->cells->pdata, n);
    }
  g_ptr_array_set_size (sr->cells, 0);
  if (++sr->n_rows % CHECK_ROWS == 0
      && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

static gboolean
start_cell (SheetReader     *sr,
            xmlTextReaderPtr xml,
            GCancellable    *cancellable,
            GError         **error)
{
  /* rows of a sheet are at most 16,384 cells wide, but a damaged one
   * may repeat a cell without end */
  if (++sr->n_elements % (64 * CHECK_ROWS) == 0
      && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  sr->in_cell = TRUE;
  sr->type = CELL_NUMBER;
  sr->style = 0;
  sr->column = sr->next_column;
  sr->bad_column = sr->column >= MAX_COLUMNS;
  sr->in_is = FALSE;
  sr->has_is = FALSE;
  sr->rph = 0;
  sr->target = NULL;
  sr->v_full = sr->is_full = FALSE;
  g_string_truncate (sr->v, 0);
  g_string_truncate (sr->is, 0);
  gb_xlsx_foreach_attribute (xml, cell_attribute, sr);
  if (sr->bad_column)
    {
      gb_xlsx_set_damaged (error, _("a cell lies beyond column XFD"));
      return FALSE;
    }
  if (sr->bad_row)
    {
      gb_xlsx_set_damaged (error, _("a row lies beyond row %u"), MAX_ROWS);
      return FALSE;
    }
  return TRUE;
}

static char *
cell_value (SheetReader *sr)
{
  GbXlsxReader *self = sr->reader;

  switch (sr->type)
    {
    case CELL_SHARED:
      {
        guint64 index;

        if (gb_xlsx_parse_uint (sr->v->str, G_MAXUINT32, &index) && index < self->strings->len)
          {
            const char *text = self->strings->pdata[index];

            return text[0] != '\0' ? g_strdup (text) : NULL;
          }
        return NULL;
      }
    case CELL_INLINE:
      if (sr->has_is)
        return gb_xlsx_clean_text (sr->is->str, sr->is->len);
      return gb_xlsx_clean_text (sr->v->str, sr->v->len);
    case CELL_FORMULA_STRING:
      return gb_xlsx_clean_text (sr->v->str, sr->v->len);
    case CELL_BOOLEAN:
      {
        g_autofree char *value = g_strstrip (g_strdup (sr->v->str));

        if (NAME_IS (value, "1") || g_ascii_strcasecmp (value, "true") == 0)
          return g_strdup ("TRUE");
        if (NAME_IS (value, "0") || g_ascii_strcasecmp (value, "false") == 0)
          return g_strdup ("FALSE");
        return gb_xlsx_clean_text (value, strlen (value));
      }
    case CELL_ERROR:
      return NULL;
    case CELL_DATE:
      {
        g_autofree char *value = g_strstrip (g_strdup (sr->v->str));

        return value[0] != '\0' ? gb_xlsx_iso_to_date (value) : NULL;
      }
    case CELL_NUMBER:
    default:
      {
        gboolean is_date = sr->style < self->date_styles->len
                           && self->date_styles->data[sr->style] != 0;

        return gb_xlsx_format_number (sr->v->str, is_date, self->date1904);
      }
    }
}

static void
end_cell (SheetReader *sr)
{
  char *value;

  /* Past a cap the row is refused when it ends: nothing more is kept. */
  sr->too_long |= sr->in_row && (sr->v_full || sr->is_full);
  value = sr->in_row && !sr->too_long && sr->n_text <= GB_TABLE_MAX_TEXT ? cell_value (sr) : NULL;
  if (value != NULL)
    sr->n_text += strlen (value);

  sr->in_cell = FALSE;
  sr->in_is = FALSE;
  sr->target = NULL;
  sr->next_column = sr->column + 1;
  if (!sr->in_row)
    return;
  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  if (sr->column < sr->cells->len)
    {
      g_free (sr->cells->pdata[sr->column]);
      sr->cells->pdata[sr->column] = value;
    }
  else if (value != NULL)
    {
      g_ptr_array_set_size (sr->cells, sr->column + 1);
      sr->cells->pdata[sr->column] = value;
    }
}

/* Reads one sheet into a table: one row per <row> that holds a value,
 * numbered as in the sheet, its cells placed by their reference. */
GbTable *
gb_xlsx_reader_read_sheet (GbXlsxReader  *self,
                           guint          index,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GbTable) table = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GString) v = NULL;
  g_autoptr(GString) is = NULL;
  SheetReader sr = { NULL, };
  const GbXlsxSheet *sheet;
  GbXlsxPart part;
  int ret = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sheets->len, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  sheet = &g_array_index (self->sheets, GbXlsxSheet, index);
  if (sheet->path == NULL || gb_xlsx_locate (self, sheet->path) < 0)
    {
      gb_xlsx_set_damaged (error, _("the sheet “%s” is missing"), sheet->name);
      return NULL;
    }
  if (!gb_xlsx_reader_ensure_loaded (self, cancellable, error))
    return NULL;

  table = gb_table_new ();
  cells = g_ptr_array_new_with_free_func (g_free);
  v = g_string_new (NULL);
  is = g_string_new (NULL);
  sr.reader = self;
  sr.table = table;
  sr.cells = cells;
  sr.v = v;
  sr.is = is;

  if (!gb_xlsx_part_open (self, sheet->path, MAX_PART_SIZE, &part, error))
    return NULL;
  while (ok && (ret = gb_xlsx_part_next (&part)) == 1)
    {
      int type = xmlTextReaderNodeType (part.xml);
      const char *name;

      if (gb_xlsx_is_text_node (type))
        {
          if (sr.target == sr.v)
            gb_xlsx_append_capped (sr.v, &sr.v_full,
                                   (const char *) xmlTextReaderConstValue (part.xml));
          else if (sr.target == sr.is)
            gb_xlsx_append_capped (sr.is, &sr.is_full,
                                   (const char *) xmlTextReaderConstValue (part.xml));
          continue;
        }
      name = gb_xlsx_node_name (part.xml);
      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (part.xml) == 1;

          if (!sr.in_data)
            {
              if (!NAME_IS (name, "sheetData"))
                continue;
              if (empty)
                break;                        /* <sheetData/>: nothing to read */
              sr.in_data = TRUE;
              continue;
            }
          if (NAME_IS (name, "row"))
            {
              if (sr.in_cell)
                end_cell (&sr);
              if (sr.in_row)
                ok = end_row (&sr, cancellable, error);
              ok = ok && start_row (&sr, empty, part.xml, error);
              if (ok && empty)
                ok = end_row (&sr, cancellable, error);
            }
          else if (NAME_IS (name, "c") && sr.in_row)
            {
              if (sr.in_cell)
                end_cell (&sr);
              ok = start_cell (&sr, part.xml, cancellable, error);
              if (ok && empty)
                end_cell (&sr);
            }
          else if (!sr.in_cell)
            continue;
          else if (NAME_IS (name, "v"))
            {
              g_string_truncate (sr.v, 0);
              sr.v_full = FALSE;
              sr.target = empty ? NULL : sr.v;
            }
          else if (NAME_IS (name, "is"))
            {
              sr.in_is = !empty;
              sr.has_is = TRUE;
              sr.rph = 0;
            }
          else if (NAME_IS (name, "rPh") && sr.in_is && !empty)
            sr.rph++;
          else if (NAME_IS (name, "t") && sr.in_is && sr.rph == 0)
            sr.target = empty ? NULL : sr.is;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT && sr.in_data)
        {
          if (NAME_IS (name, "v") || NAME_IS (name, "t"))
            sr.target = NULL;
          else if (NAME_IS (name, "rPh"))
            sr.rph = sr.rph > 0 ? sr.rph - 1 : 0;
          else if (NAME_IS (name, "is"))
            sr.in_is = FALSE;
          else if (NAME_IS (name, "c"))
            {
              if (sr.in_cell)
                end_cell (&sr);
            }
          else if (NAME_IS (name, "row"))
            {
              if (sr.in_cell)
                end_cell (&sr);
              if (sr.in_row)
                ok = end_row (&sr, cancellable, error);
            }
          else if (NAME_IS (name, "sheetData"))
            break;                            /* the rest is layout */
        }
    }
  if (!ok)
    {
      gb_xlsx_part_close (&part);
      return NULL;
    }
  ok = gb_xlsx_part_check (&part, ret, error);
  gb_xlsx_part_close (&part);
  if (!ok)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&table);
}
