/* gb-preferences-window.h — the association profile and other settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_PREFERENCES_WINDOW (gb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GbPreferencesWindow, gb_preferences_window, GB, PREFERENCES_WINDOW, AdwPreferencesWindow)

GbPreferencesWindow *gb_preferences_window_new (GtkWindow  *parent,
                                                GbDatabase *database);

G_END_DECLS
