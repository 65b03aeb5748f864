/* gb-export.h — a list, as it is filtered and sorted, to CSV or XLSX
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef enum
{
  GB_EXPORT_CSV,    /* UTF-8 with a BOM (Excel reads Vietnamese right), CRLF, RFC 4180 */
  GB_EXPORT_XLSX,   /* typed cells: dates as dates, numbers as numbers */
} GbExportFormat;

gboolean gb_export (GbStore        *store,
                    const GbQuery  *query,
                    const GArray   *ids,
                    GbExportFormat  format,
                    const char     *path,
                    GCancellable   *cancellable,
                    guint          *n_rows,
                    GError        **error);

void     gb_export_async  (const char          *database_path,
                          GType                record_type,
                          const GbQuery       *query,
                          const GArray        *ids,
                          GbExportFormat       format,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data);
gboolean gb_export_finish (GAsyncResult        *result,
                           guint               *n_rows,
                           const char         **path,
                           GError             **error);

gboolean gb_export_csv_is_formula (const char     *text);

G_END_DECLS
