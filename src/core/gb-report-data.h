/* gb-report-data.h — the figures reports are made of, counted in SQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  char   *code;       /* a kind, a craft, a year… */
  gint64  count;
  gint64  amount;
} GbTally;

typedef enum
{
  GB_TALLY_MEMBERS_BY_CRAFT,
  GB_TALLY_MEMBERS_BY_COMMUNE,
  GB_TALLY_MEMBERS_JOINED_BY_YEAR,
  GB_TALLY_ARTISANS_BY_TITLE,
  GB_TALLY_EVENTS_BY_KIND,          /* within the period */
} GbTallyKind;

typedef struct
{
  gint64 members_start;     /* members on the day before the period */
  gint64 members_end;       /* members on its last day */
  gint64 joined;
  gint64 left;              /* resigned or deceased within it */
  gint64 artisans_recognized;
  gint64 events;
  gint64 contests;
  gint64 awards;
  gint64 donations;
  gint64 donations_total;   /* đồng */
} GbActivity;

typedef struct
{
  gint64  member_id;
  char   *member_no;
  char   *name;
  char   *kind;
  gint64  amount;           /* -1: no dues row for the year */
  char   *paid_date;
  char   *receipt_no;
} GbDuesRow;

void       gb_tally_free          (GbTally     *tally);
void       gb_dues_row_free       (GbDuesRow   *row);
GPtrArray *gb_report_tally        (GbDatabase  *database,
                                   GbTallyKind  kind,
                                   const char  *from,
                                   const char  *to,
                                   GError     **error);
gboolean   gb_report_activity     (GbDatabase  *database,
                                   const char  *from,
                                   const char  *to,
                                   GbActivity  *activity,
                                   GError     **error);
gint64     gb_report_members_on   (GbDatabase  *database,
                                   const char  *date,
                                   GError     **error);
GPtrArray *gb_report_dues         (GbDatabase  *database,
                                   int          year,
                                   GError     **error);
char      *gb_report_certificate_for_title (GbDatabase *database,
                                            gint64      title_id);

G_END_DECLS
