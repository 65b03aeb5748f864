/* gb-reports-page-private.h — what the pieces of the reports page share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbReportsPage is one object written in two files: the page itself, its
 * list of reports, preview and actions (gb-reports-page.c), and the form
 * of options each kind of report asks for (gb-reports-page-options.c).
 * Only those files include this header.
 */
#pragma once

#include "gb-report.h"
#include "gb-reports-page.h"

G_BEGIN_DECLS

struct _GbReportsPage
{
  AdwBin           parent_instance;

  GbDatabase      *database;
  GSettings       *settings;
  GtkWidget       *toasts;
  GtkWidget       *sidebar;
  GListStore      *sidebar_items;   /* of GbBoxedItem: the kinds, then saved reports */
  GtkWidget       *options_box;
  GtkWidget       *view;
  GtkWidget       *status;
  GtkWidget       *banner;
  GtkWidget       *role_note;  /* why the role may not submit, when it may not */

  /* the options shown */
  char            *kind;
  gint64           draft_id;
  gboolean         submitted;
  gboolean         filling;
  GtkWidget       *number;
  GtkWidget       *date;
  GtkWidget       *recipients;
  GtkWidget       *from, *to;
  GtkWidget       *year;
  GtkWidget       *contest;
  GArray          *contest_ids;
  GtkWidget       *member_kind, *member_status, *unpaid;
  GtkWidget       *craft, *commune;
  GArray          *craft_ids;
  GStrv            communes;
  GtkWidget       *assessment, *direction, *proposals;

  /* the preview */
  GCancellable    *cancellable;
  guint            refresh_id;
  GbReport        *report;     /* of the whole PDF shown, for printing and XLSX */
  GBytes          *pdf;
  gboolean         complete;   /* the PDF shown is the whole document */
};


/* gb-reports-page.c */
void  gb_reports_page_option_changed (GbReportsPage         *self);

/* gb-reports-page-options.c */
void  gb_reports_page_build_options  (GbReportsPage         *self,
                                      const GbReportOptions *options);
void  gb_reports_page_clear_options  (GbReportsPage         *self);
void  gb_reports_page_read_options   (GbReportsPage         *self,
                                      GbReportOptions       *options);
char *gb_reports_page_date_of        (GtkWidget             *row);

G_END_DECLS
