/* gb-reports-page.h — reports: kinds and drafts, options, live preview
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_REPORTS_PAGE (gb_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (GbReportsPage, gb_reports_page, GB, REPORTS_PAGE, AdwBin)

GbReportsPage *gb_reports_page_new          (void);
void           gb_reports_page_set_database (GbReportsPage *self,
                                             GbDatabase    *database);
/* For tests and the keyboard: show a report kind ("roster", …) or a saved one. */
void           gb_reports_page_show_kind    (GbReportsPage *self,
                                             const char    *kind);
void           gb_reports_page_show_saved   (GbReportsPage *self,
                                             gint64         id);
GBytes        *gb_reports_page_get_pdf      (GbReportsPage *self);
gboolean       gb_reports_page_get_busy     (GbReportsPage *self);
gint64         gb_reports_page_get_draft_id (GbReportsPage *self);
gboolean       gb_reports_page_submit       (GbReportsPage *self,
                                             GError       **error);

G_END_DECLS
