/* gb-boxed-item.h — one plain C value as the item of a list model
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GB_TYPE_BOXED_ITEM (gb_boxed_item_get_type ())
G_DECLARE_FINAL_TYPE (GbBoxedItem, gb_boxed_item, GB, BOXED_ITEM, GObject)

GbBoxedItem *gb_boxed_item_new (gpointer        value,
                                GDestroyNotify  free_value);
gpointer     gb_boxed_item_get (GbBoxedItem    *self);

G_END_DECLS
