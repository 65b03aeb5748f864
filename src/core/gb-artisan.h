/* gb-artisan.h — a recognized artisan
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-record.h"

G_BEGIN_DECLS

#define GB_TYPE_ARTISAN (gb_artisan_get_type ())
G_DECLARE_FINAL_TYPE (GbArtisan, gb_artisan, GB, ARTISAN, GbRecord)

struct _GbArtisan
{
  GbRecord parent_instance;

  char   *name;
  char   *gender;
  gint64  birth_year;
  gint64  craft_id;
  char   *village;
  char   *province;
  char   *commune;
  char   *street;
  char   *former_address;
  gint64  years_in_craft;
  char   *signature_products;
  gint64  students_trained;
  GBytes *photo;
  gint64  member_id;
  char   *phone;
  char   *notes;
  char   *craft_name;       /* computed */
  char   *highest_title;    /* computed: code of the highest valid title */
  char   *decision_no;      /* computed: that title's decision */
};

extern const GbEntity gb_artisan_entity;

GbArtisan *gb_artisan_new (const char *name);

G_END_DECLS
