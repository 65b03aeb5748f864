/* gb-import-file.h — a CSV or XLSX file as the importer's table
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-legacy.h"
#include "gb-table.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean          is_xlsx;
  char            **sheets;       /* XLSX: the sheets' names */
  guint             sheet;        /* XLSX: the sheet read */
  GbLegacyEncoding  encoding;     /* how the text was written */
  char             *before;       /* legacy text: a row as the file has it … */
  char             *after;        /* … and as it was read */
  char              delimiter;    /* CSV */
} GbImportFileInfo;

GbTable *gb_import_read_file          (const char        *path,
                                       const char        *sheet,
                                       int                encoding,
                                       GbImportFileInfo  *info,
                                       GCancellable      *cancellable,
                                       GError           **error);
void     gb_import_file_info_clear    (GbImportFileInfo  *info);

void     gb_import_read_file_async    (const char          *path,
                                       const char          *sheet,
                                       int                  encoding,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GbTable *gb_import_read_file_finish   (GAsyncResult        *result,
                                       GbImportFileInfo    *info,
                                       GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GbImportFileInfo, gb_import_file_info_clear)

G_END_DECLS
