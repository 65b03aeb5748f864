/* gb-import-window.h — the import wizard: file, columns, check, import
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-import.h"

G_BEGIN_DECLS

#define GB_TYPE_IMPORT_WINDOW (gb_import_window_get_type ())
G_DECLARE_FINAL_TYPE (GbImportWindow, gb_import_window, GB, IMPORT_WINDOW, AdwWindow)

GbImportWindow *gb_import_window_new (GtkWindow    *parent,
                                      const char   *database_path,
                                      GbImportKind  kind,
                                      const char   *file_path,
                                      const char   *number_format);

G_END_DECLS
