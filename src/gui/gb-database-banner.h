/* gb-database-banner.h — says, above the lists, why the open file cannot be changed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_DATABASE_BANNER (gb_database_banner_get_type ())
G_DECLARE_FINAL_TYPE (GbDatabaseBanner, gb_database_banner, GB, DATABASE_BANNER, GtkWidget)

GbDatabaseBanner *gb_database_banner_new          (void);
void              gb_database_banner_set_database (GbDatabaseBanner *self,
                                                   GbDatabase       *database);

G_END_DECLS
