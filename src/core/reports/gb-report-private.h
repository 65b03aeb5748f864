/* gb-report-private.h — what the pieces of the reports share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is built in three files: the options and the entry point
 * (gb-report.c), the frame every report shares, its Decree 30 heading
 * and closing, tables that are also sheets, sections and staff's own
 * words (gb-report-frame.c), and each kind's builder (gb-report-kinds.c).
 * Only those files include this header.
 */
#pragma once

#include "gb-registry.h"
#include "gb-report.h"

G_BEGIN_DECLS

typedef struct
{
  GbDatabase            *db;
  const GbReportOptions *o;
  GbReport              *report;
  GbAssociation         *assoc;
  GbRecord              *assoc_record;
  char                  *date;
  GPtrArray             *recipients;   /* the closing's list, as gb_report_begin() made it */
  guint                  sections;     /* numbered so far: I, II… */
} Builder;

typedef struct
{
  const char *title;
  double      weight;
  GbAlign     align;
  gboolean    numeric;
} Column;

/* A table both in the flow and as a sheet; rows are added with
 * gb_report_add_row(). */
typedef struct
{
  GbFlowTable *table;
  GbSheet     *sheet;
} Table;

/* The usual recipients: a report to the city, a report for the file. */
extern const char *const gb_report_to_city[];
extern const char *const gb_report_to_file[];

/* gb-report-frame.c */
Table     gb_report_add_table  (Builder           *b,
                                const char        *sheet_name,
                                const Column      *columns,
                                guint              n,
                                double             size);
void      gb_report_add_row    (Table             *t,
                                const char *const *cells);
void      gb_report_set_footer (Table             *t,
                                const char *const *cells);
char     *gb_report_money      (gint64             amount);
char     *gb_report_day        (const char        *iso);
void      gb_report_begin      (Builder           *b,
                                gboolean           landscape,
                                const char        *code,
                                const char        *kind_words,
                                const char        *subject,
                                const char *const *usual);
void      gb_report_end        (Builder           *b);
void      gb_report_para       (Builder           *b,
                                const char        *format,
                                ...) G_GNUC_PRINTF (2, 3);
void      gb_report_section    (Builder           *b,
                                const char        *title);
void      gb_report_narrative  (Builder           *b,
                                const char        *title,
                                const char        *text);

/* gb-report-kinds.c */
gboolean  gb_report_build_roster     (Builder  *b,
                                      GError  **error);
gboolean  gb_report_build_artisans   (Builder  *b,
                                      GError  **error);
gboolean  gb_report_build_activity   (Builder  *b,
                                      GError  **error);
gboolean  gb_report_build_dues       (Builder  *b,
                                      GError  **error);
gboolean  gb_report_build_contest    (Builder  *b,
                                      GError  **error);
gboolean  gb_report_build_statistics (Builder  *b,
                                      GError  **error);

G_END_DECLS
