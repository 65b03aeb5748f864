/* gb-overview-page.h — the association at a glance
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_OVERVIEW_PAGE (gb_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (GbOverviewPage, gb_overview_page, GB, OVERVIEW_PAGE, AdwBin)

GbOverviewPage *gb_overview_page_new          (void);
void            gb_overview_page_set_database (GbOverviewPage *self,
                                               GbDatabase     *database);
void            gb_overview_page_reload       (GbOverviewPage *self);

G_END_DECLS
