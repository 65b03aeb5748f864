/* gb-choices.h — the fixed lists: kinds, statuses, titles, roles
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-record.h"

G_BEGIN_DECLS

extern const GbChoice gb_member_kinds[];
extern const GbChoice gb_org_types[];
extern const GbChoice gb_member_statuses[];
extern const GbChoice gb_genders[];
extern const GbChoice gb_title_kinds[];   /* highest first */
extern const GbChoice gb_event_kinds[];
extern const GbChoice gb_participant_roles[];

int gb_title_kind_rank (const char *code);

G_END_DECLS
