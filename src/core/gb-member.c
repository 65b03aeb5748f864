/* gb-member.c — a member of the association: collective or individual
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-member"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-choices.h"
#include "gb-error.h"
#include "gb-member.h"
#include "gb-text.h"

#define F(member) GB_FIELD_OF (GbMember, member)

static const GbField fields[] = {
  { "kind", GB_FIELD_TEXT, GB_FIELD_REQUIRED | GB_FIELD_SORTABLE, F (kind), N_("Kind"), NULL, gb_member_kinds },
  { "member_no", GB_FIELD_TEXT, GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (member_no), N_("Member number") },
  { "name", GB_FIELD_NAME, GB_FIELD_REQUIRED | GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (name), N_("Name") },
  { "org_type", GB_FIELD_TEXT, 0, F (org_type), N_("Organization type"), NULL, gb_org_types },
  { "representative", GB_FIELD_NAME, GB_FIELD_SEARCH, F (representative), N_("Representative") },
  { "rep_position", GB_FIELD_TEXT, 0, F (rep_position), N_("Position") },
  { "tax_code", GB_FIELD_TEXT, GB_FIELD_SEARCH, F (tax_code), N_("Tax code") },
  { "gender", GB_FIELD_TEXT, 0, F (gender), N_("Gender"), NULL, gb_genders },
  { "birth_date", GB_FIELD_DATE, GB_FIELD_PAST, F (birth_date), N_("Date of birth") },
  { "birth_year", GB_FIELD_INT, GB_FIELD_ZERO_NULL | GB_FIELD_SORTABLE, F (birth_year), N_("Year of birth") },
  { "id_number", GB_FIELD_TEXT, 0, F (id_number), N_("Identity number") },
  { "province", GB_FIELD_TEXT, 0, F (province), N_("Province or city") },
  { "commune", GB_FIELD_TEXT, GB_FIELD_SEARCH | GB_FIELD_SORTABLE, F (commune), N_("Commune or ward") },
  { "street", GB_FIELD_TEXT, 0, F (street), N_("Street or hamlet") },
  { "former_address", GB_FIELD_TEXT, 0, F (former_address), N_("Former address") },
  { "phone", GB_FIELD_TEXT, GB_FIELD_SEARCH, F (phone), N_("Phone") },
  { "email", GB_FIELD_TEXT, 0, F (email), N_("Email") },
  { "joined_date", GB_FIELD_DATE, GB_FIELD_PAST | GB_FIELD_SORTABLE, F (joined_date), N_("Joined") },
  { "status", GB_FIELD_TEXT, GB_FIELD_REQUIRED | GB_FIELD_SORTABLE, F (status), N_("Status"), NULL, gb_member_statuses },
  { "craft_id", GB_FIELD_INT, GB_FIELD_ZERO_NULL, F (craft_id), N_("Craft") },
  { "notes", GB_FIELD_TEXT, 0, F (notes), N_("Notes") },
  { "photo", GB_FIELD_BLOB, GB_FIELD_IMAGE, F (photo), N_("Photo") },
  { "craft_name", GB_FIELD_TEXT, GB_FIELD_COMPUTED | GB_FIELD_SORTABLE, F (craft_name), N_("Craft"),
    "(SELECT c.name FROM crafts c WHERE c.id = t.craft_id)", NULL,
    "(SELECT c.sort_key FROM crafts c WHERE c.id = t.craft_id)" },
};

static const GbFilter filters[] = {
  { "kind", "t.kind = ?" },
  { "status", "t.status = ?" },
  /* The main craft or any other the member practises. */
  { "craft", "? IN (SELECT t.craft_id UNION ALL SELECT mc.craft_id FROM member_crafts mc"
             " WHERE mc.member_id = t.id)" },
  { "commune", "t.commune = ?" },
  /* Members who resigned or died owe no dues. */
  { "dues_unpaid",
    "t.status IN ('active', 'suspended') AND NOT EXISTS (SELECT 1 FROM dues d"
    " WHERE d.member_id = t.id AND d.year = ? AND d.paid_date IS NOT NULL)" },
};

static GBytes *
member_sort_key (GbRecord *record)
{
  GbMember *self = GB_MEMBER (record);

  /* Organizations sort by their name as written; people the Vietnamese way. */
  if (g_strcmp0 (self->kind, "individual") == 0)
    return gb_text_person_sort_key (self->name);
  return gb_text_sort_key (self->name);
}

static gboolean
member_validate (GbRecord  *record,
                 GError   **error)
{
  GbMember *self = GB_MEMBER (record);
  gboolean individual = g_strcmp0 (self->kind, "individual") == 0;
  int year = gb_text_current_year ();

  if (self->status == NULL)
    self->status = g_strdup ("active");

  if (self->tax_code != NULL)
    {
      g_autofree char *digits = gb_text_digits_only (self->tax_code);

      if (digits == NULL || (strlen (digits) != 10 && strlen (digits) != 13))
        return gb_record_invalid (record, "tax_code", error, _("a tax code has 10 or 13 digits."));
      g_free (self->tax_code);
      self->tax_code = g_steal_pointer (&digits);
    }

  if (self->id_number != NULL)
    {
      g_autofree char *digits = gb_text_digits_only (self->id_number);

      if (digits == NULL || strlen (digits) != 12)
        return gb_record_invalid (record, "id_number", error, _("a citizen identity number has 12 digits."));
      g_free (self->id_number);
      self->id_number = g_steal_pointer (&digits);
    }

  if (self->phone != NULL && !gb_text_is_valid_phone (self->phone))
    return gb_record_invalid (record, "phone", error, _("not a phone number (9 to 13 digits)."));
  if (self->email != NULL && !gb_text_is_valid_email (self->email))
    return gb_record_invalid (record, "email", error, _("not an e-mail address."));

  if (self->birth_date != NULL)
    self->birth_year = g_ascii_strtoll (self->birth_date, NULL, 10);
  if (self->birth_year != 0 && (self->birth_year < 1900 || self->birth_year > year - 14))
    return gb_record_invalid (record, "birth_year", error, _("not a plausible year of birth for a member."));

  if (individual)
    {
      if (self->org_type != NULL || self->representative != NULL || self->tax_code != NULL)
        return gb_record_invalid (record, "kind", error,
                     _("an individual member has no organization type, representative or tax code."));
    }
  else
    {
      if (self->gender != NULL || self->birth_date != NULL || self->birth_year != 0
          || self->id_number != NULL || self->photo != NULL)
        return gb_record_invalid (record, "kind", error,
                     _("a collective member has no gender, birth date or identity number."));
    }

  if (self->birth_date != NULL && self->joined_date != NULL
      && g_strcmp0 (self->joined_date, self->birth_date) < 0)
    return gb_record_invalid (record, "joined_date", error, _("the member cannot join before being born."));

  return TRUE;
}

const GbEntity gb_member_entity = {
  .table = "members",
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
  .serial_field = "member_no",
  .serial_prefix = "HV-",
  .sort_key = member_sort_key,
  .validate = member_validate,
};

GB_DEFINE_RECORD_TYPE (GbMember, gb_member, gb_member_entity)

GbMember *
gb_member_new (const char *kind,
               const char *name)
{
  GbMember *self = g_object_new (GB_TYPE_MEMBER, NULL);

  self->kind = g_strdup (kind);
  self->name = g_strdup (name);
  self->status = g_strdup ("active");
  return self;
}

/* Splits @format at its run of '#': "HV-####" -> "HV-", 4, "". FALSE
 * when it has no '#'. */
static gboolean
split_format (const char  *format,
              char       **prefix,
              guint       *width,
              const char **suffix)
{
  const char *hash = format ? strchr (format, '#') : NULL;

  if (hash == NULL)
    return FALSE;
  *prefix = g_strndup (format, hash - format);
  for (*suffix = hash, *width = 0; **suffix == '#'; (*suffix)++)
    (*width)++;
  return TRUE;
}

/* The serial of @number in @format ("HV-0160" in "HV-####" is 160); 0 when
 * the number has another shape. */
guint64
gb_member_number_serial (const char *format,
                         const char *number)
{
  g_autofree char *prefix = NULL;
  g_autofree char *digits = NULL;
  const char *suffix;
  guint width;
  gsize len;
  guint64 n;

  if (number == NULL || !split_format (format, &prefix, &width, &suffix))
    return 0;
  len = strlen (number);
  if (!g_str_has_prefix (number, prefix) || !g_str_has_suffix (number, suffix)
      || len <= strlen (prefix) + strlen (suffix))
    return 0;
  digits = g_strndup (number + strlen (prefix), len - strlen (prefix) - strlen (suffix));
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &n, NULL))
    return 0;
  return n;
}

/* @serial written in @format: 161 in "HV-####" is "HV-0161". */
char *
gb_member_format_number (const char *format,
                         guint64     serial)
{
  g_autofree char *prefix = NULL;
  const char *suffix;
  guint width;

  if (!split_format (format, &prefix, &width, &suffix))
    return g_strdup (format ? format : "");
  return g_strdup_printf ("%s%0*" G_GUINT64_FORMAT "%s", prefix, (int) width, serial, suffix);
}

/* The highest serial in use in @format (0 when none). */
guint64
gb_member_highest_number (GbStore    *store,
                          const char *format)
{
  g_auto(GStrv) used = gb_store_distinct (store, "member_no", 0, NULL);
  guint64 highest = 0;

  for (guint i = 0; used && used[i]; i++)
    highest = MAX (highest, gb_member_number_serial (format, used[i]));
  return highest;
}

/* The next member number in @format, where each '#' is a digit: with
 * "HV-####" and HV-0160 the highest in use, "HV-0161". Numbers in another
 * shape are left alone. */
char *
gb_member_next_number (GbStore    *store,
                       const char *format)
{
  if (format == NULL || strchr (format, '#') == NULL)
    return g_strdup (format ? format : "");
  return gb_member_format_number (format, gb_member_highest_number (store, format) + 1);
}
