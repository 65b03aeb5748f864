/* gb-help-window.h — the user guide, in Vietnamese or English (F1)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GB_TYPE_HELP_WINDOW (gb_help_window_get_type ())
G_DECLARE_FINAL_TYPE (GbHelpWindow, gb_help_window, GB, HELP_WINDOW, AdwWindow)

GbHelpWindow *gb_help_window_new          (GtkWindow *parent);
const char   *gb_help_window_get_language (GbHelpWindow *self);
guint         gb_help_window_get_n_images (GbHelpWindow *self);

void          gb_help_tidy_shortcuts      (GtkWindow    *shortcuts);

G_END_DECLS
