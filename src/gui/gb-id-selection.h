/* gb-id-selection.h — a multiple selection over a GbRecordList, by id
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-record-list.h"

G_BEGIN_DECLS

#define GB_TYPE_ID_SELECTION (gb_id_selection_get_type ())
G_DECLARE_FINAL_TYPE (GbIdSelection, gb_id_selection, GB, ID_SELECTION, GObject)

GbIdSelection *gb_id_selection_new          (GbRecordList  *list);
guint          gb_id_selection_get_n_selected (GbIdSelection *self);
GArray        *gb_id_selection_get_ids      (GbIdSelection *self);
void           gb_id_selection_clear        (GbIdSelection *self);

G_END_DECLS
