/* gb-choices.c — the fixed lists: kinds, statuses, titles, roles
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Codes are stored; labels are shown, translated. The same codes appear in
 * the CHECK constraints of gb-migrations.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-choices.h"

const GbChoice gb_member_kinds[] = {
  { "collective", N_("Collective") },
  { "individual", N_("Individual") },
  { NULL, NULL }
};

const GbChoice gb_org_types[] = {
  { "enterprise", N_("Enterprise") },
  { "cooperative", N_("Cooperative") },
  { "household", N_("Household business") },
  { "village", N_("Craft village") },
  { NULL, NULL }
};

const GbChoice gb_member_statuses[] = {
  { "active", N_("Active") },
  { "suspended", N_("Suspended") },
  { "resigned", N_("Resigned") },
  { "deceased", N_("Deceased") },
  { NULL, NULL }
};

const GbChoice gb_genders[] = {
  { "male", N_("Male") },
  { "female", N_("Female") },
  { NULL, NULL }
};

/* State titles first (Decree 43/2024/NĐ-CP), then the associations'. */
const GbChoice gb_title_kinds[] = {
  { "people", N_("People's Artisan") },
  { "meritorious", N_("Meritorious Artisan") },
  { "national_assoc", N_("Vietnam Craft Village Artisan"), N_("Craft Village Artisan (VN)") },
  { "city_assoc", N_("Hai Phong Craft Village Artisan"), N_("Craft Village Artisan (HP)") },
  { "provincial_legacy", N_("Provincial artisan (former title)"), N_("Provincial artisan (former)") },
  { "skilled_worker", N_("Skilled Craftsman") },
  { "golden_hand", N_("Golden Hand award") },
  { "other", N_("Other recognition") },
  { NULL, NULL }
};

const GbChoice gb_event_kinds[] = {
  { "conference", N_("Conference") },
  { "contest", N_("Contest") },
  { "visit", N_("Workshop visit") },
  { "training", N_("Training") },
  { "cooperation", N_("Cooperation programme") },
  { "fundraising", N_("Fundraising drive") },
  { "fair", N_("Fair or exhibition") },
  { "other", N_("Other") },
  { NULL, NULL }
};

const GbChoice gb_participant_roles[] = {
  { "organizer", N_("Organizer") },
  { "guest", N_("Guest") },
  { "speaker", N_("Speaker") },
  { "attendee", N_("Attendee") },
  { "entrant", N_("Entrant") },
  { "judge", N_("Judge") },
  { "donor", N_("Donor") },
  { NULL, NULL }
};

int
gb_title_kind_rank (const char *code)
{
  for (int i = 0; code && gb_title_kinds[i].code; i++)
    if (strcmp (gb_title_kinds[i].code, code) == 0)
      return i;
  return G_MAXINT;
}
