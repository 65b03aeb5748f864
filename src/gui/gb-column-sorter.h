/* gb-column-sorter.h — marks a column as sortable by a store field
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GB_TYPE_COLUMN_SORTER (gb_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (GbColumnSorter, gb_column_sorter, GB, COLUMN_SORTER, GtkSorter)

GbColumnSorter *gb_column_sorter_new         (const char *field);
const char     *gb_column_sorter_get_field   (GbColumnSorter *self);
gboolean        gb_column_view_get_sort      (GtkColumnView  *view,
                                              const char    **field,
                                              gboolean       *descending);

G_END_DECLS
