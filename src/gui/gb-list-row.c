/* gb-list-row.c — the row at one position of a list, whose record changes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new search or sort keeps the row widgets on screen (see
 * gb_record_list_set_rows_in_place()): the positions stay, the records at
 * them change. The items GTK holds are therefore these rows, not the
 * records, and a row says so with notify::record when its record is
 * replaced. Whatever GTK binds, rebinds (a click, a selection change) or
 * asks for is the record the list holds at that position now.
 */
#define G_LOG_DOMAIN "gb-list-row"

#include "gb-list-row.h"

struct _GbListRow
{
  GObject   parent_instance;

  GbRecord *record;
};

G_DEFINE_FINAL_TYPE (GbListRow, gb_list_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gb_list_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GbListRow *self = GB_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_list_row_finalize (GObject *object)
{
  g_clear_object (&GB_LIST_ROW (object)->record);

  G_OBJECT_CLASS (gb_list_row_parent_class)->finalize (object);
}

static void
gb_list_row_class_init (GbListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gb_list_row_get_property;
  object_class->finalize = gb_list_row_finalize;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, GB_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gb_list_row_init (GbListRow *self)
{
}

GbListRow *
gb_list_row_new (GbRecord *record)
{
  GbListRow *self = g_object_new (GB_TYPE_LIST_ROW, NULL);

  self->record = record ? g_object_ref (record) : NULL;
  return self;
}

/* The record shown in this row now (borrowed). */
GbRecord *
gb_list_row_get_record (GbListRow *self)
{
  g_return_val_if_fail (GB_IS_LIST_ROW (self), NULL);
  return self->record;
}

void
gb_list_row_set_record (GbListRow *self,
                        GbRecord  *record)
{
  g_return_if_fail (GB_IS_LIST_ROW (self));

  if (g_set_object (&self->record, record))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}
