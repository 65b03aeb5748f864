/* gb-report-store.h — report drafts and the reports as submitted
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *kind;
  char   *title;
  guint   number;
  char   *doc_date;
  char   *submitted_at;   /* NULL for a draft */
  char   *updated_at;
} GbReportEntry;

void       gb_report_entry_free     (GbReportEntry *entry);
GPtrArray *gb_report_store_list     (GbDatabase    *database,
                                     GError       **error);
gint64     gb_report_store_save     (GbDatabase    *database,
                                     gint64         id,
                                     const char    *kind,
                                     const char    *title,
                                     GVariant      *options,
                                     GError       **error);
GVariant  *gb_report_store_options  (GbDatabase    *database,
                                     gint64         id,
                                     GError       **error);
gboolean   gb_report_store_submit   (GbDatabase    *database,
                                     gint64         id,
                                     guint          number,
                                     const char    *doc_date,
                                     GBytes        *pdf,
                                     GError       **error);
GBytes    *gb_report_store_pdf      (GbDatabase    *database,
                                     gint64         id,
                                     GError       **error);
gboolean   gb_report_store_delete   (GbDatabase    *database,
                                     gint64         id,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbReportEntry, gb_report_entry_free)

G_END_DECLS
