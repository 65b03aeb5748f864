/* gb-table.c — the rows of a spreadsheet or CSV file, as text
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-table.h"

typedef struct
{
  guint32 number;
  guint32 n_cells;
  guint32 offsets[];   /* n_cells offsets into the text that follows them */
} Row;

struct _GbTable
{
  GPtrArray *rows;
  guint      n_columns;
  guint      first;    /* rows before it were removed (the header) */
  GHashTable *notes;   /* index in rows -> what the reader found wrong, or NULL */
};

GbTable *
gb_table_new (void)
{
  GbTable *self = g_new0 (GbTable, 1);

  self->rows = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
gb_table_free (GbTable *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_clear_pointer (&self->notes, g_hash_table_unref);
  g_free (self);
}

static Row *
row_new (guint               number,
         const char * const *cells,
         guint               n_cells)
{
  gsize text = 0;
  Row *row;
  char *p;

  for (guint i = 0; i < n_cells; i++)
    text += strlen (cells[i] ? cells[i] : "") + 1;
  row = g_malloc (sizeof (Row) + n_cells * sizeof (guint32) + text);
  row->number = number;
  row->n_cells = n_cells;
  p = (char *) &row->offsets[n_cells];
  for (guint i = 0; i < n_cells; i++)
    {
      const char *c = cells[i] ? cells[i] : "";
      gsize len = strlen (c);

      row->offsets[i] = (guint32) (p - (char *) &row->offsets[n_cells]);
      memcpy (p, c, len + 1);
      p += len + 1;
    }
  return row;
}

/* Appends a row; trailing empty cells are dropped, so a ragged file and
 * one padded with empty columns read alike. */
void
gb_table_append_row (GbTable            *self,
                     guint               number,
                     const char * const *cells,
                     guint               n_cells)
{
  while (n_cells > 0 && (cells[n_cells - 1] == NULL || cells[n_cells - 1][0] == '\0'))
    n_cells--;
  g_ptr_array_add (self->rows, row_new (number, cells, n_cells));
  self->n_columns = MAX (self->n_columns, n_cells);
}

/* Replaces the cells of @row (after a conversion), keeping its number. */
void
gb_table_set_row (GbTable            *self,
                  guint               row,
                  const char * const *cells,
                  guint               n_cells)
{
  Row *old;

  g_return_if_fail (row < gb_table_get_n_rows (self));
  old = self->rows->pdata[self->first + row];
  while (n_cells > 0 && (cells[n_cells - 1] == NULL || cells[n_cells - 1][0] == '\0'))
    n_cells--;
  self->rows->pdata[self->first + row] = row_new (old->number, cells, n_cells);
  self->n_columns = MAX (self->n_columns, n_cells);
  g_free (old);
}

guint
gb_table_get_n_rows (GbTable *self)
{
  return self->rows->len - self->first;
}

/* The widest row's width. */
guint
gb_table_get_n_columns (GbTable *self)
{
  return self->n_columns;
}

guint
gb_table_get_n_cells (GbTable *self,
                      guint    row)
{
  g_return_val_if_fail (row < gb_table_get_n_rows (self), 0);
  return ((Row *) self->rows->pdata[self->first + row])->n_cells;
}

guint
gb_table_get_number (GbTable *self,
                     guint    row)
{
  g_return_val_if_fail (row < gb_table_get_n_rows (self), 0);
  return ((Row *) self->rows->pdata[self->first + row])->number;
}

/* The text of a cell; "" beyond the row's end. */
const char *
gb_table_get_cell (GbTable *self,
                   guint    row,
                   guint    column)
{
  Row *r;

  g_return_val_if_fail (row < gb_table_get_n_rows (self), "");
  r = self->rows->pdata[self->first + row];
  if (column >= r->n_cells)
    return "";
  return (const char *) &r->offsets[r->n_cells] + r->offsets[column];
}

/* Drops the first row (once it has been read as the header). */
void
gb_table_remove_first (GbTable *self)
{
  g_return_if_fail (gb_table_get_n_rows (self) > 0);
  g_clear_pointer (&self->rows->pdata[self->first], g_free);
  self->first++;
}

/* Notes what the reader found wrong with the row appended last. */
void
gb_table_note_last_row (GbTable    *self,
                        const char *note)
{
  g_return_if_fail (self->rows->len > self->first);
  g_return_if_fail (note != NULL);
  if (self->notes == NULL)
    self->notes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_hash_table_replace (self->notes, GUINT_TO_POINTER (self->rows->len - 1), g_strdup (note));
}

/* What the reader found wrong with @row, or NULL. */
const char *
gb_table_get_note (GbTable *self,
                   guint    row)
{
  g_return_val_if_fail (row < gb_table_get_n_rows (self), NULL);
  if (self->notes == NULL)
    return NULL;
  return g_hash_table_lookup (self->notes, GUINT_TO_POINTER (self->first + row));
}
