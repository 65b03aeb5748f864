/* gb-window.h — the main window: sidebar of pages beside their content
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-application.h"

G_BEGIN_DECLS

#define GB_TYPE_WINDOW (gb_window_get_type ())
G_DECLARE_FINAL_TYPE (GbWindow, gb_window, GB, WINDOW, AdwApplicationWindow)

GbWindow   *gb_window_new               (GbApplication *application);
void        gb_window_show_page         (GbWindow      *self,
                                         const char    *name);
const char *gb_window_get_visible_page  (GbWindow      *self);
void        gb_window_add_toast         (GbWindow      *self,
                                         const char    *title);
void        gb_window_reload            (GbWindow      *self);
const char *gb_window_page_name         (guint          position);

G_END_DECLS
