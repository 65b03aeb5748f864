/* gb-registry.h — the smaller records: profile, crafts, titles, contest
 * rows, donations, dues. Each is only a struct and its list of fields; the
 * behaviour lives in GbRecord and GbStore.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-record.h"

G_BEGIN_DECLS

#define GB_TYPE_ASSOCIATION (gb_association_get_type ())
G_DECLARE_FINAL_TYPE (GbAssociation, gb_association, GB, ASSOCIATION, GbRecord)

struct _GbAssociation
{
  GbRecord parent_instance;

  char *name;
  char *short_name;
  char *symbol;
  char *address;
  char *phone;
  char *email;
  char *website;
  char *chairman;
  char *signing_title;
  char *signing_authority;
  char *place;
  GBytes *logo;
};

extern const GbEntity gb_association_entity;

#define GB_TYPE_CRAFT (gb_craft_get_type ())
G_DECLARE_FINAL_TYPE (GbCraft, gb_craft, GB, CRAFT, GbRecord)

struct _GbCraft
{
  GbRecord parent_instance;

  char *name;
  char *description;
};

extern const GbEntity gb_craft_entity;

#define GB_TYPE_TITLE (gb_title_get_type ())
G_DECLARE_FINAL_TYPE (GbTitle, gb_title, GB, TITLE, GbRecord)

struct _GbTitle
{
  GbRecord parent_instance;

  gint64 artisan_id;
  char *kind;
  char *name;
  char *decision_no;
  char *decision_date;
  char *issuer;
  char *certificate_no;
  char *revoked_date;
  char *revoked_reason;
};

extern const GbEntity gb_title_entity;

#define GB_TYPE_PARTICIPANT (gb_participant_get_type ())
G_DECLARE_FINAL_TYPE (GbParticipant, gb_participant, GB, PARTICIPANT, GbRecord)

struct _GbParticipant
{
  GbRecord parent_instance;

  gint64 event_id;
  gint64 member_id;
  gint64 artisan_id;
  char *role;
  gboolean attended;
};

extern const GbEntity gb_participant_entity;

#define GB_TYPE_CONTEST_ENTRY (gb_contest_entry_get_type ())
G_DECLARE_FINAL_TYPE (GbContestEntry, gb_contest_entry, GB, CONTEST_ENTRY, GbRecord)

struct _GbContestEntry
{
  GbRecord parent_instance;

  gint64 event_id;
  gint64 member_id;
  gint64 artisan_id;
  char *entrant_name;
  char *product;
  char *category;
};

extern const GbEntity gb_contest_entry_entity;

#define GB_TYPE_CONTEST_JUDGE (gb_contest_judge_get_type ())
G_DECLARE_FINAL_TYPE (GbContestJudge, gb_contest_judge, GB, CONTEST_JUDGE, GbRecord)

struct _GbContestJudge
{
  GbRecord parent_instance;

  gint64 event_id;
  char *name;
};

extern const GbEntity gb_contest_judge_entity;

#define GB_TYPE_CONTEST_CRITERION (gb_contest_criterion_get_type ())
G_DECLARE_FINAL_TYPE (GbContestCriterion, gb_contest_criterion, GB, CONTEST_CRITERION, GbRecord)

struct _GbContestCriterion
{
  GbRecord parent_instance;

  gint64 event_id;
  char *name;
  double weight;
};

extern const GbEntity gb_contest_criterion_entity;

#define GB_TYPE_CONTEST_SCORE (gb_contest_score_get_type ())
G_DECLARE_FINAL_TYPE (GbContestScore, gb_contest_score, GB, CONTEST_SCORE, GbRecord)

struct _GbContestScore
{
  GbRecord parent_instance;

  gint64 entry_id;
  gint64 judge_id;
  gint64 criterion_id;
  double score;
};

extern const GbEntity gb_contest_score_entity;

#define GB_TYPE_CONTEST_AWARD (gb_contest_award_get_type ())
G_DECLARE_FINAL_TYPE (GbContestAward, gb_contest_award, GB, CONTEST_AWARD, GbRecord)

struct _GbContestAward
{
  GbRecord parent_instance;

  gint64 event_id;
  gint64 entry_id;
  char *name;
  gint64 rank;
};

extern const GbEntity gb_contest_award_entity;

#define GB_TYPE_DONATION (gb_donation_get_type ())
G_DECLARE_FINAL_TYPE (GbDonation, gb_donation, GB, DONATION, GbRecord)

struct _GbDonation
{
  GbRecord parent_instance;

  gint64 event_id;
  gint64 member_id;
  char *donor_name;
  gint64 amount;
  char *donated_on;
  char *note;
};

extern const GbEntity gb_donation_entity;

#define GB_TYPE_DUES (gb_dues_get_type ())
G_DECLARE_FINAL_TYPE (GbDues, gb_dues, GB, DUES, GbRecord)

struct _GbDues
{
  GbRecord parent_instance;

  gint64 member_id;
  gint64 year;
  gint64 amount;
  char *paid_date;
  char *receipt_no;
};

extern const GbEntity gb_dues_entity;

#define GB_TYPE_STATUS_CHANGE (gb_status_change_get_type ())
G_DECLARE_FINAL_TYPE (GbStatusChange, gb_status_change, GB, STATUS_CHANGE, GbRecord)

struct _GbStatusChange
{
  GbRecord parent_instance;

  gint64 member_id;
  char *status;
  char *since;
  char *note;
};

extern const GbEntity gb_status_change_entity;

#define GB_TYPE_MEMBER_CRAFT (gb_member_craft_get_type ())
G_DECLARE_FINAL_TYPE (GbMemberCraft, gb_member_craft, GB, MEMBER_CRAFT, GbRecord)

struct _GbMemberCraft
{
  GbRecord parent_instance;

  gint64 member_id;
  gint64 craft_id;
};

extern const GbEntity gb_member_craft_entity;

G_END_DECLS
