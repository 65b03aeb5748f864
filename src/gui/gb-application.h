/* gb-application.h — the Guildbook application: one database at a time
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_APPLICATION (gb_application_get_type ())
G_DECLARE_FINAL_TYPE (GbApplication, gb_application, GB, APPLICATION, AdwApplication)

GbApplication *gb_application_new            (GApplicationFlags  extra_flags);
GbDatabase    *gb_application_get_database   (GbApplication     *self);
void           gb_application_set_database_path (GbApplication  *self,
                                                 const char     *path);
void           gb_application_ensure_resources (void);
void           gb_application_open_async     (GbApplication       *self,
                                              const char          *path,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       gb_application_open_finish    (GbApplication       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
