/* gb-member.h — a member of the association: collective or individual
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-record.h"
#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_MEMBER (gb_member_get_type ())
G_DECLARE_FINAL_TYPE (GbMember, gb_member, GB, MEMBER, GbRecord)

struct _GbMember
{
  GbRecord parent_instance;

  char   *kind;            /* collective | individual */
  char   *member_no;
  char   *name;            /* organization or full name */
  char   *org_type;
  char   *representative;
  char   *rep_position;
  char   *tax_code;
  char   *gender;
  char   *birth_date;
  gint64  birth_year;
  char   *id_number;
  char   *province;
  char   *commune;
  char   *street;
  char   *former_address;
  char   *phone;
  char   *email;
  char   *joined_date;
  char   *status;
  gint64  craft_id;
  char   *notes;
  GBytes *photo;
  char   *craft_name;      /* computed */
};

extern const GbEntity gb_member_entity;

GbMember *gb_member_new (const char *kind,
                         const char *name);

char     *gb_member_next_number    (GbStore    *store,
                                   const char *format);
guint64   gb_member_highest_number (GbStore    *store,
                                   const char *format);
guint64   gb_member_number_serial  (const char *format,
                                   const char *number);
char     *gb_member_format_number  (const char *format,
                                   guint64     serial);

G_END_DECLS
