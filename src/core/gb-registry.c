/* gb-registry.c — the smaller records' field lists
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-choices.h"
#include "gb-registry.h"

static const GbField association_fields[] = {
  { "name", GB_FIELD_NAME, GB_FIELD_REQUIRED, GB_FIELD_OF (GbAssociation, name), N_("Name") },
  { "short_name", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, short_name), N_("Short name") },
  { "symbol", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, symbol), N_("Document symbol") },
  { "address", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, address), N_("Address") },
  { "phone", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, phone), N_("Phone") },
  { "email", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, email), N_("Email") },
  { "website", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, website), N_("Website") },
  { "chairman", GB_FIELD_NAME, 0, GB_FIELD_OF (GbAssociation, chairman), N_("Chairman") },
  { "signing_title", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, signing_title), N_("Signing title") },
  { "signing_authority", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, signing_authority), N_("Signing authority") },
  { "place", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbAssociation, place), N_("Place on the date line") },
  { "logo", GB_FIELD_BLOB, 0, GB_FIELD_OF (GbAssociation, logo), N_("Logo") },
};

const GbEntity gb_association_entity = {
  .table = "association",
  .name_field = "name",
  .fields = association_fields,
  .n_fields = G_N_ELEMENTS (association_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbAssociation, gb_association, gb_association_entity)

static const GbField craft_fields[] = {
  { "name", GB_FIELD_NAME, GB_FIELD_REQUIRED | GB_FIELD_SEARCH | GB_FIELD_SORTABLE, GB_FIELD_OF (GbCraft, name), N_("Craft") },
  { "description", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbCraft, description), N_("Description") },
};

const GbEntity gb_craft_entity = {
  .table = "crafts",
  .name_field = "name",
  .fields = craft_fields,
  .n_fields = G_N_ELEMENTS (craft_fields),
  .soft_delete = TRUE,
  .has_keys = TRUE,
};

GB_DEFINE_RECORD_TYPE (GbCraft, gb_craft, gb_craft_entity)

static const GbField title_fields[] = {
  { "artisan_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbTitle, artisan_id), N_("Artisan") },
  { "kind", GB_FIELD_TEXT, GB_FIELD_REQUIRED | GB_FIELD_CHOOSE, GB_FIELD_OF (GbTitle, kind), N_("Title or award"),
    NULL, gb_title_kinds },
  { "name", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbTitle, name), N_("Title as written") },
  { "decision_no", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbTitle, decision_no), N_("Decision number") },
  { "decision_date", GB_FIELD_DATE, GB_FIELD_PAST, GB_FIELD_OF (GbTitle, decision_date), N_("Decision date") },
  { "issuer", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbTitle, issuer), N_("Issued by") },
  { "certificate_no", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbTitle, certificate_no), N_("Certificate number") },
  { "revoked_date", GB_FIELD_DATE, GB_FIELD_PAST, GB_FIELD_OF (GbTitle, revoked_date), N_("Revoked on") },
  { "revoked_reason", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbTitle, revoked_reason), N_("Reason for revocation") },
};

const GbEntity gb_title_entity = {
  .table = "titles",
  .name_field = "kind",
  .fields = title_fields,
  .n_fields = G_N_ELEMENTS (title_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbTitle, gb_title, gb_title_entity)

static const GbField participant_fields[] = {
  { "event_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbParticipant, event_id), N_("Event") },
  { "member_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbParticipant, member_id), N_("Member") },
  { "artisan_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbParticipant, artisan_id), N_("Artisan") },
  { "role", GB_FIELD_TEXT, GB_FIELD_REQUIRED, GB_FIELD_OF (GbParticipant, role), N_("Role"), NULL, gb_participant_roles },
  { "attended", GB_FIELD_BOOL, 0, GB_FIELD_OF (GbParticipant, attended), N_("Attended") },
};

const GbEntity gb_participant_entity = {
  .table = "participants",
  .name_field = "role",
  .fields = participant_fields,
  .n_fields = G_N_ELEMENTS (participant_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbParticipant, gb_participant, gb_participant_entity)

static const GbField contest_entry_fields[] = {
  { "event_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestEntry, event_id), N_("Contest") },
  { "member_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestEntry, member_id), N_("Member") },
  { "artisan_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestEntry, artisan_id), N_("Artisan") },
  { "entrant_name", GB_FIELD_NAME, GB_FIELD_REQUIRED, GB_FIELD_OF (GbContestEntry, entrant_name), N_("Entrant") },
  { "product", GB_FIELD_TEXT, GB_FIELD_REQUIRED, GB_FIELD_OF (GbContestEntry, product), N_("Product") },
  { "category", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbContestEntry, category), N_("Category") },
};

const GbEntity gb_contest_entry_entity = {
  .table = "contest_entries",
  .name_field = "entrant_name",
  .fields = contest_entry_fields,
  .n_fields = G_N_ELEMENTS (contest_entry_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbContestEntry, gb_contest_entry, gb_contest_entry_entity)

static const GbField contest_judge_fields[] = {
  { "event_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestJudge, event_id), N_("Contest") },
  { "name", GB_FIELD_NAME, GB_FIELD_REQUIRED, GB_FIELD_OF (GbContestJudge, name), N_("Judge") },
};

const GbEntity gb_contest_judge_entity = {
  .table = "contest_judges",
  .name_field = "name",
  .fields = contest_judge_fields,
  .n_fields = G_N_ELEMENTS (contest_judge_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbContestJudge, gb_contest_judge, gb_contest_judge_entity)

static const GbField contest_criterion_fields[] = {
  { "event_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestCriterion, event_id), N_("Contest") },
  { "name", GB_FIELD_TEXT, GB_FIELD_REQUIRED, GB_FIELD_OF (GbContestCriterion, name), N_("Criterion") },
  { "weight", GB_FIELD_REAL, 0, GB_FIELD_OF (GbContestCriterion, weight), N_("Weight") },
};

const GbEntity gb_contest_criterion_entity = {
  .table = "contest_criteria",
  .name_field = "name",
  .fields = contest_criterion_fields,
  .n_fields = G_N_ELEMENTS (contest_criterion_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbContestCriterion, gb_contest_criterion, gb_contest_criterion_entity)

static const GbField contest_score_fields[] = {
  { "entry_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestScore, entry_id), N_("Entry") },
  { "judge_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestScore, judge_id), N_("Judge") },
  { "criterion_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestScore, criterion_id), N_("Criterion") },
  { "score", GB_FIELD_REAL, 0, GB_FIELD_OF (GbContestScore, score), N_("Score") },
};

const GbEntity gb_contest_score_entity = {
  .table = "contest_scores",
  .name_field = NULL,
  .fields = contest_score_fields,
  .n_fields = G_N_ELEMENTS (contest_score_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbContestScore, gb_contest_score, gb_contest_score_entity)

static const GbField contest_award_fields[] = {
  { "event_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestAward, event_id), N_("Contest") },
  { "entry_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestAward, entry_id), N_("Entry") },
  { "name", GB_FIELD_TEXT, GB_FIELD_REQUIRED, GB_FIELD_OF (GbContestAward, name), N_("Award") },
  { "rank", GB_FIELD_INT, GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbContestAward, rank), N_("Rank") },
};

const GbEntity gb_contest_award_entity = {
  .table = "contest_awards",
  .name_field = "name",
  .fields = contest_award_fields,
  .n_fields = G_N_ELEMENTS (contest_award_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbContestAward, gb_contest_award, gb_contest_award_entity)

static const GbField donation_fields[] = {
  { "event_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbDonation, event_id), N_("Drive") },
  { "member_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbDonation, member_id), N_("Member") },
  { "donor_name", GB_FIELD_NAME, GB_FIELD_REQUIRED, GB_FIELD_OF (GbDonation, donor_name), N_("Donor") },
  { "amount", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbDonation, amount), N_("Amount (đồng)") },
  { "donated_on", GB_FIELD_DATE, GB_FIELD_PAST, GB_FIELD_OF (GbDonation, donated_on), N_("Date") },
  { "note", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbDonation, note), N_("Note") },
};

const GbEntity gb_donation_entity = {
  .table = "donations",
  .name_field = "donor_name",
  .fields = donation_fields,
  .n_fields = G_N_ELEMENTS (donation_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbDonation, gb_donation, gb_donation_entity)

static const GbField dues_fields[] = {
  { "member_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbDues, member_id), N_("Member") },
  { "year", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbDues, year), N_("Year") },
  { "amount", GB_FIELD_INT, 0, GB_FIELD_OF (GbDues, amount), N_("Amount (đồng)") },
  { "paid_date", GB_FIELD_DATE, GB_FIELD_PAST, GB_FIELD_OF (GbDues, paid_date), N_("Paid on") },
  { "receipt_no", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbDues, receipt_no), N_("Receipt number") },
};

const GbEntity gb_dues_entity = {
  .table = "dues",
  .name_field = NULL,
  .fields = dues_fields,
  .n_fields = G_N_ELEMENTS (dues_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbDues, gb_dues, gb_dues_entity)

static const GbField status_change_fields[] = {
  { "member_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbStatusChange, member_id), N_("Member") },
  { "status", GB_FIELD_TEXT, GB_FIELD_REQUIRED, GB_FIELD_OF (GbStatusChange, status), N_("Status"), NULL, gb_member_statuses },
  { "since", GB_FIELD_DATE, GB_FIELD_REQUIRED | GB_FIELD_PAST, GB_FIELD_OF (GbStatusChange, since), N_("Since") },
  { "note", GB_FIELD_TEXT, 0, GB_FIELD_OF (GbStatusChange, note), N_("Note") },
};

/* One line of a member's dated status list; a change of the member's
 * status adds one (a trigger), dated today, which staff may correct. */
const GbEntity gb_status_change_entity = {
  .table = "member_status_history",
  .name_field = NULL,
  .fields = status_change_fields,
  .n_fields = G_N_ELEMENTS (status_change_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbStatusChange, gb_status_change, gb_status_change_entity)

static const GbField member_craft_fields[] = {
  { "member_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbMemberCraft, member_id), N_("Member") },
  { "craft_id", GB_FIELD_INT, GB_FIELD_REQUIRED | GB_FIELD_ZERO_NULL, GB_FIELD_OF (GbMemberCraft, craft_id), N_("Craft") },
};

/* A member's crafts besides the main one (members.craft_id). */
const GbEntity gb_member_craft_entity = {
  .table = "member_crafts",
  .name_field = NULL,
  .fields = member_craft_fields,
  .n_fields = G_N_ELEMENTS (member_craft_fields),
  .soft_delete = FALSE,
  .has_keys = FALSE,
};

GB_DEFINE_RECORD_TYPE (GbMemberCraft, gb_member_craft, gb_member_craft_entity)
