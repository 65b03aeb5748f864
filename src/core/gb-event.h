/* gb-event.h — an event: contest, conference, visit, drive …
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-record.h"

G_BEGIN_DECLS

#define GB_TYPE_EVENT (gb_event_get_type ())
G_DECLARE_FINAL_TYPE (GbEvent, gb_event, GB, EVENT, GbRecord)

struct _GbEvent
{
  GbRecord parent_instance;

  char   *kind;
  char   *title;
  char   *start_date;
  char   *end_date;
  char   *place;
  char   *partners;
  char   *description;
  gint64  participant_count;   /* computed */
};

extern const GbEntity gb_event_entity;

GbEvent *gb_event_new (const char *kind,
                       const char *title,
                       const char *start_date);

G_END_DECLS
