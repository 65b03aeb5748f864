/* gb-table.h — the rows of a spreadsheet or CSV file, as text
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a reader gives the importer: rows of UTF-8 cells, each row with
 * the number it has in the file (1-based, as Excel and a text editor
 * count: for CSV the record's first line, for XLSX the sheet row).
 * A row is one allocation, so 100,000 rows stay small. A reader may note what it found wrong with a row (a quote that
 * swallowed the rows after it, bytes it could not read): the importer
 * names it as the row's problem.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one import may hold, whatever the file: the readers refuse a file
 * beyond these with a message that names the cap. A sheet of members is
 * tens of columns; 100,000 rows of them are some 30 MB of text; Excel
 * holds at most 32,767 characters (128 KB of UTF-8) in a cell. */
#define GB_TABLE_MAX_COLUMNS    500u
#define GB_TABLE_MAX_CELLS      4000000u
#define GB_TABLE_MAX_CELL_TEXT  (128u * 1024)          /* bytes */
#define GB_TABLE_MAX_TEXT       (64u * 1024 * 1024)    /* bytes, of all cells */

typedef struct _GbTable GbTable;

GbTable    *gb_table_new            (void);
void        gb_table_free           (GbTable            *self);
void        gb_table_append_row     (GbTable            *self,
                                     guint               number,
                                     const char * const *cells,
                                     guint               n_cells);
void        gb_table_set_row        (GbTable            *self,
                                     guint               row,
                                     const char * const *cells,
                                     guint               n_cells);
guint       gb_table_get_n_rows     (GbTable            *self);
guint       gb_table_get_n_columns  (GbTable            *self);
guint       gb_table_get_n_cells    (GbTable            *self,
                                     guint               row);
guint       gb_table_get_number     (GbTable            *self,
                                     guint               row);
const char *gb_table_get_cell       (GbTable            *self,
                                     guint               row,
                                     guint               column);
void        gb_table_remove_first   (GbTable            *self);
void        gb_table_note_last_row  (GbTable            *self,
                                     const char         *note);
const char *gb_table_get_note       (GbTable            *self,
                                     guint               row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbTable, gb_table_free)

G_END_DECLS
