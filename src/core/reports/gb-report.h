/* gb-report.h — reports for submission, from the data to a flow and sheets
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is built from its options: a GbFlow in the Decree 30 layout
 * (for the PDF, the print dialog and the preview) and the same tables as
 * sheets (for XLSX). The document is Vietnamese whatever the UI language.
 */
#pragma once

#include "gb-database.h"
#include "gb-flow.h"

G_BEGIN_DECLS

typedef struct
{
  char     *kind;         /* roster | artisans | activity | dues | contest | statistics */
  char     *from, *to;    /* activity: the period, ISO 8601 */
  int       year;         /* dues, statistics */
  gint64    contest_id;   /* contest */
  guint     number;       /* "Số: 15/BC-HHLN"; 0 leaves dots to fill in by hand */
  char     *date;         /* the date line; NULL: today */
  char    **recipients;   /* NULL: the kind's usual list */
  char    **filters;      /* roster: "name=value" as on the Members page */
  char     *font;
  char     *assessment;   /* activity: the narrative sections staff write */
  char     *direction;
  char     *proposals;
  GVariant *fees;         /* dues: a(ixx), the fees in force from a year on:
                           * (year, collective, individual) in đồng */
} GbReportOptions;

typedef struct
{
  char       *name;       /* the sheet's name */
  guint       n_columns;
  char      **titles;
  gboolean   *numeric;
  GPtrArray  *rows;       /* of GStrv */
  char      **footer;
} GbSheet;

/* The words of the paper around its tables, for the XLSX. */
typedef struct
{
  gboolean   landscape;
  char      *issuer;      /* in capitals */
  char      *number;      /* "Số: 05/BC-HHLN" */
  char      *date_line;   /* "Hải Phòng, ngày 31 tháng 12 năm 2021" */
  char      *kind;        /* "BÁO CÁO" */
  char      *subject;
  char      *addressee;   /* "Kính gửi: …"; NULL: none */
  char     **recipients;  /* "- Như trên;" … "- Lưu: VT." */
  char      *authority;   /* "TM. BAN CHẤP HÀNH" */
  char      *title;       /* "CHỦ TỊCH" */
  char      *signer;
} GbReportPaper;

typedef struct
{
  GbReportPaper paper;
  GbFlow    *flow;
  GPtrArray *sheets;      /* of GbSheet; empty for reports with no table */
  char      *file_stem;   /* "danh-sach-hoi-vien" */
} GbReport;

extern const char *const gb_report_kinds[];

void       gb_report_options_init   (GbReportOptions       *options,
                                     const char            *kind);
void       gb_report_options_clear  (GbReportOptions       *options);
void       gb_report_options_copy   (GbReportOptions       *to,
                                     const GbReportOptions *from);
GVariant  *gb_report_options_save   (const GbReportOptions *options);
gboolean   gb_report_options_load   (GbReportOptions       *options,
                                     GVariant              *saved);
const char *gb_report_kind_title    (const char            *kind);

GbReport  *gb_report_build          (GbDatabase            *database,
                                     const GbReportOptions *options,
                                     GCancellable          *cancellable,
                                     GError               **error);
void       gb_report_free           (GbReport              *report);

/* The first pages of a long report, drawn before the rest. */
typedef void (*GbReportPagesFunc)   (GBytes                *pdf,
                                     gpointer               user_data);

void       gb_report_build_async    (const char            *database_path,
                                     const GbReportOptions *options,
                                     guint                  first_pages,
                                     GbReportPagesFunc      pages_ready,
                                     gpointer               pages_data,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
GbReport  *gb_report_build_finish   (GAsyncResult          *result,
                                     GBytes               **pdf,
                                     GError               **error);
gboolean   gb_report_write_xlsx     (GbReport              *report,
                                     const char            *path,
                                     GError               **error);

gint64     gb_report_fee            (GVariant              *fees,
                                     int                    year,
                                     const char            *kind);
GVariant  *gb_report_fees_from_settings (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbReport, gb_report_free)

G_END_DECLS
