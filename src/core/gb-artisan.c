/* gb-artisan.c — a recognized artisan
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-artisan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-error.h"
#include "gb-text.h"

#define F(member) GB_FIELD_OF (GbArtisan, member)

/* The highest title still valid: state titles above the associations'. */
#define HIGHEST_TITLE_ROW \
  "FROM titles ti WHERE ti.artisan_id = t.id AND ti.revoked_date IS NULL " \
  "ORDER BY CASE ti.kind WHEN 'people' THEN 0 WHEN 'meritorious' THEN 1 " \
  "WHEN 'national_assoc' THEN 2 WHEN 'city_assoc' THEN 3 WHEN 'provincial_legacy' THEN 4 " \
  "WHEN 'skilled_worker' THEN 5 WHEN 'golden_hand' THEN 6 ELSE 7 END, ti.decision_date LIMIT 1"

static const GbField fields[] = {
  { "name", GB_FIELD_NAME, GB_FIELD_REQUIRED | GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (name), N_("Name") },
  { "gender", GB_FIELD_TEXT, 0, F (gender), N_("Gender"), NULL, gb_genders },
  { "birth_year", GB_FIELD_INT, GB_FIELD_ZERO_NULL | GB_FIELD_SORTABLE, F (birth_year), N_("Year of birth") },
  { "craft_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, F (craft_id), N_("Craft") },
  { "village", GB_FIELD_TEXT, GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (village), N_("Village") },
  { "province", GB_FIELD_TEXT, 0, F (province), N_("Province or city") },
  { "commune", GB_FIELD_TEXT, GB_FIELD_SORTABLE, F (commune), N_("Commune or ward") },
  { "street", GB_FIELD_TEXT, 0, F (street), N_("Street or hamlet") },
  { "former_address", GB_FIELD_TEXT, 0, F (former_address), N_("Former address") },
  { "years_in_craft", GB_FIELD_INT, GB_FIELD_ZERO_NULL, F (years_in_craft), N_("Years in the craft") },
  { "signature_products", GB_FIELD_TEXT, 0, F (signature_products), N_("Signature products") },
  { "students_trained", GB_FIELD_INT, 0, F (students_trained), N_("Students trained") },
  { "photo", GB_FIELD_BLOB, GB_FIELD_IMAGE, F (photo), N_("Photo") },
  { "member_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, F (member_id), N_("Member record") },
  { "phone", GB_FIELD_TEXT, GB_FIELD_SEARCH, F (phone), N_("Phone") },
  { "notes", GB_FIELD_TEXT, 0, F (notes), N_("Notes") },
  { "craft_name", GB_FIELD_TEXT, GB_FIELD_COMPUTED | GB_FIELD_SORTABLE, F (craft_name), N_("Craft"),
    "(SELECT c.name FROM crafts c WHERE c.id = t.craft_id)", NULL,
    "(SELECT c.sort_key FROM crafts c WHERE c.id = t.craft_id)" },
  { "highest_title", GB_FIELD_TEXT, GB_FIELD_COMPUTED, F (highest_title), N_("Highest title"),
    "(SELECT ti.kind " HIGHEST_TITLE_ROW ")", gb_title_kinds },
  { "decision_no", GB_FIELD_TEXT, GB_FIELD_COMPUTED, F (decision_no), N_("Decision number"),
    "(SELECT ti.decision_no " HIGHEST_TITLE_ROW ")" },
};

static const GbFilter filters[] = {
  { "title",
    "EXISTS (SELECT 1 FROM titles ti WHERE ti.artisan_id = t.id AND ti.kind = ?"
    " AND ti.revoked_date IS NULL)" },
  { "craft", "t.craft_id = ?" },
  { "village", "t.village = ?" },
  { "revoked",
    "(CASE WHEN EXISTS (SELECT 1 FROM titles ti WHERE ti.artisan_id = t.id"
    " AND ti.revoked_date IS NOT NULL) THEN 1 ELSE 0 END) = ?" },
};

static GBytes *
artisan_sort_key (GbRecord *record)
{
  return gb_text_person_sort_key (GB_ARTISAN (record)->name);
}

static gboolean
artisan_validate (GbRecord  *record,
                  GError   **error)
{
  GbArtisan *self = GB_ARTISAN (record);
  int year = gb_text_current_year ();

  if (self->birth_year != 0 && (self->birth_year < 1900 || self->birth_year > year - 10))
    {
      return gb_record_invalid (record, "birth_year", error,
                                 _("not a plausible year of birth for an artisan."));
    }
  if (self->years_in_craft < 0)
    {
      return gb_record_invalid (record, "years_in_craft", error,
                                 _("cannot be negative."));
    }
  if (self->years_in_craft > 100
      || (self->birth_year != 0 && self->years_in_craft > year - self->birth_year))
    {
      return gb_record_invalid (record, "years_in_craft", error,
                                 _("more years in the craft than years of life."));
    }
  if (self->students_trained < 0)
    {
      return gb_record_invalid (record, "students_trained", error,
                                 _("cannot be negative."));
    }
  if (self->phone != NULL && !gb_text_is_valid_phone (self->phone))
    {
      return gb_record_invalid (record, "phone", error,
                                 _("not a phone number (9 to 13 digits)."));
    }
  return TRUE;
}

const GbEntity gb_artisan_entity = {
  .table = "artisans",
  .name_field = "name",
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
  .filters = filters,
  .n_filters = G_N_ELEMENTS (filters),
  .soft_delete = TRUE,
  .has_keys = TRUE,
  .search_sql = GB_SEARCH_WITH_CRAFT,
  .keys_join = GB_KEYS_JOIN_CRAFT,
  .keys_sql = GB_KEYS_WITH_CRAFT,
  .sort_key = artisan_sort_key,
  .validate = artisan_validate,
};

GB_DEFINE_RECORD_TYPE (GbArtisan, gb_artisan, gb_artisan_entity)

GbArtisan *
gb_artisan_new (const char *name)
{
  GbArtisan *self = g_object_new (GB_TYPE_ARTISAN, NULL);

  self->name = g_strdup (name);
  return self;
}
