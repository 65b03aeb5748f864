/* gb-xlsx-reader.h — the sheets of an Excel workbook (.xlsx), as text
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens an .xlsx file (a zip of XML parts) and reads one sheet at a time
 * into a GbTable, streaming the XML so that a sheet of 100,000 rows stays
 * small in memory. Every cell becomes the text staff see in Excel, near
 * enough for an import: shared and inline strings in NFC, numbers without
 * float noise ("1985", "84912345678", "1.5"), dates as "dd/mm/yyyy",
 * booleans as "TRUE"/"FALSE", the cached result of a formula, errors as
 * empty cells. A reader is used from one thread at a time.
 */
#pragma once

#include <gio/gio.h>

#include "gb-table.h"

G_BEGIN_DECLS

typedef struct _GbXlsxReader GbXlsxReader;

gboolean      gb_xlsx_is_xlsx                (const guint8  *data,
                                              gsize          len);

GbXlsxReader *gb_xlsx_reader_open            (const char    *path,
                                              GError       **error);
GbXlsxReader *gb_xlsx_reader_open_bytes      (GBytes        *bytes,
                                              GError       **error);
void          gb_xlsx_reader_free            (GbXlsxReader  *self);

guint         gb_xlsx_reader_get_n_sheets    (GbXlsxReader  *self);
const char   *gb_xlsx_reader_get_sheet_name  (GbXlsxReader  *self,
                                              guint          index);
gboolean      gb_xlsx_reader_find_sheet      (GbXlsxReader  *self,
                                              const char    *name,
                                              guint         *index);
GbTable      *gb_xlsx_reader_read_sheet      (GbXlsxReader  *self,
                                              guint          index,
                                              GCancellable  *cancellable,
                                              GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbXlsxReader, gb_xlsx_reader_free)

G_END_DECLS
