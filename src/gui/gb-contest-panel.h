/* gb-contest-panel.h — entries, judges, criteria, scores and ranking
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_CONTEST_PANEL (gb_contest_panel_get_type ())
G_DECLARE_FINAL_TYPE (GbContestPanel, gb_contest_panel, GB, CONTEST_PANEL, GtkBox)

GbContestPanel *gb_contest_panel_new      (GbDatabase     *database,
                                           gint64          event_id);
gboolean        gb_contest_panel_add_entry     (GbContestPanel *self,
                                                const char     *entrant,
                                                const char     *product,
                                                GError        **error);
gboolean        gb_contest_panel_add_judge     (GbContestPanel *self,
                                                const char     *name,
                                                GError        **error);
gboolean        gb_contest_panel_add_criterion (GbContestPanel *self,
                                                const char     *name,
                                                double          weight,
                                                GError        **error);

G_END_DECLS
