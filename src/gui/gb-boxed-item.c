/* gb-boxed-item.c — one plain C value as the item of a list model
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListStore holds GObjects; what core lists (a register entry, a
 * backup) are structs. The item owns its value, so a row's handler that
 * holds the item (g_list_model_get_item) holds the value too, however
 * the list is read again meanwhile.
 */
#define G_LOG_DOMAIN "gb-boxed-item"

#include "gb-boxed-item.h"

struct _GbBoxedItem
{
  GObject         parent_instance;

  gpointer        value;
  GDestroyNotify  free_value;
};

G_DEFINE_FINAL_TYPE (GbBoxedItem, gb_boxed_item, G_TYPE_OBJECT)

static void
gb_boxed_item_finalize (GObject *object)
{
  GbBoxedItem *self = GB_BOXED_ITEM (object);

  if (self->free_value != NULL && self->value != NULL)
    self->free_value (self->value);

  G_OBJECT_CLASS (gb_boxed_item_parent_class)->finalize (object);
}

static void
gb_boxed_item_class_init (GbBoxedItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_boxed_item_finalize;
}

static void
gb_boxed_item_init (GbBoxedItem *self)
{
}

/* Takes @value, freed with @free_value (or not, when NULL) when the item
 * goes. */
GbBoxedItem *
gb_boxed_item_new (gpointer       value,
                   GDestroyNotify free_value)
{
  GbBoxedItem *self = g_object_new (GB_TYPE_BOXED_ITEM, NULL);

  self->value = value;
  self->free_value = free_value;
  return self;
}

/* The value, as long as the caller holds the item. */
gpointer
gb_boxed_item_get (GbBoxedItem *self)
{
  g_return_val_if_fail (GB_IS_BOXED_ITEM (self), NULL);
  return self->value;
}
