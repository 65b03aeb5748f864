/* gb-list-row.h — the row at one position of a list, whose record changes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gb-record.h"

G_BEGIN_DECLS

#define GB_TYPE_LIST_ROW (gb_list_row_get_type ())
G_DECLARE_FINAL_TYPE (GbListRow, gb_list_row, GB, LIST_ROW, GObject)

GbListRow *gb_list_row_new        (GbRecord  *record);
GbRecord  *gb_list_row_get_record (GbListRow *self);
void       gb_list_row_set_record (GbListRow *self,
                                   GbRecord  *record);

G_END_DECLS
