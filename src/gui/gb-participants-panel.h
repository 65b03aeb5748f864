/* gb-participants-panel.h — who took part in an event, and in what role
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_PARTICIPANTS_PANEL (gb_participants_panel_get_type ())
G_DECLARE_FINAL_TYPE (GbParticipantsPanel, gb_participants_panel, GB, PARTICIPANTS_PANEL, GtkBox)

GbParticipantsPanel *gb_participants_panel_new          (GbDatabase          *database,
                                                         gint64               event_id,
                                                         const char          *default_role);
guint                gb_participants_panel_get_n_rows   (GbParticipantsPanel *self);
GtkWidget           *gb_attended_events_new             (GbDatabase          *database,
                                                         const char          *person_field,
                                                         gint64               person_id);

G_END_DECLS
