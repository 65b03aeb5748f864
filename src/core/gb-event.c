/* gb-event.c — an event: contest, conference, visit, drive …
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-event"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-choices.h"
#include "gb-error.h"
#include "gb-event.h"

#define F(member) GB_FIELD_OF (GbEvent, member)

static const GbField fields[] = {
  { "kind", GB_FIELD_TEXT, GB_FIELD_REQUIRED | GB_FIELD_SORTABLE, F (kind), N_("Kind"), NULL, gb_event_kinds },
  { "title", GB_FIELD_TEXT, GB_FIELD_REQUIRED | GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (title), N_("Title") },
  { "start_date", GB_FIELD_DATE, GB_FIELD_REQUIRED | GB_FIELD_SORTABLE, F (start_date), N_("Start date") },
  { "end_date", GB_FIELD_DATE, 0, F (end_date), N_("End date") },
  { "place", GB_FIELD_TEXT, GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (place), N_("Place") },
  { "partners", GB_FIELD_TEXT, GB_FIELD_SEARCH, F (partners), N_("Partners") },
  { "description", GB_FIELD_TEXT, 0, F (description), N_("Description") },
  { "participant_count", GB_FIELD_INT, GB_FIELD_COMPUTED | GB_FIELD_SORTABLE, F (participant_count),
    N_("Participants"), "(SELECT count(*) FROM participants p WHERE p.event_id = t.id)" },
};

static const GbFilter filters[] = {
  { "kind", "t.kind = ?" },
  { "year", "CAST(strftime('%Y', t.start_date) AS INTEGER) = ?" },
};

static gboolean
event_validate (GbRecord  *record,
                GError   **error)
{
  GbEvent *self = GB_EVENT (record);

  if (self->end_date != NULL && g_strcmp0 (self->end_date, self->start_date) < 0)
    {
      return gb_record_invalid (record, "end_date", error,
                                _("the event cannot end before it starts."));
    }
  return TRUE;
}

const GbEntity gb_event_entity = {
  .table = "events",
  .name_field = "title",
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .filters = filters,
  .n_filters = G_N_ELEMENTS (filters),
  .soft_delete = TRUE,
  .has_keys = TRUE,
  .validate = event_validate,
};

GB_DEFINE_RECORD_TYPE (GbEvent, gb_event, gb_event_entity)

GbEvent *
gb_event_new (const char *kind,
              const char *title,
              const char *start_date)
{
  GbEvent *self = g_object_new (GB_TYPE_EVENT, NULL);

  self->kind = g_strdup (kind);
  self->title = g_strdup (title);
  self->start_date = g_strdup (start_date);
  return self;
}
