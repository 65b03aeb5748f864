/* gb-audit.c — the audit log in the words of the people who read it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-audit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-artisan.h"
#include "gb-audit.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-text.h"

typedef struct
{
  const char *table;
  const char *label;   /* N_(): the kind of record, as the log names it */
  const GbEntity *entity;
  GType     (*get_type) (void);
} Kind;

/* "Title" alone is an event's title in the catalogue; an artisan's title
 * is "Honorary title" here, so that the log never calls it an event's. */
static const Kind kinds[] = {
  { "members", N_("Member"), &gb_member_entity, gb_member_get_type },
  { "artisans", N_("Artisan"), &gb_artisan_entity, gb_artisan_get_type },
  { "events", N_("Event"), &gb_event_entity, gb_event_get_type },
  { "titles", N_("Honorary title"), &gb_title_entity, gb_title_get_type },
  { "crafts", N_("Craft"), &gb_craft_entity, gb_craft_get_type },
  { "association", N_("Association profile"), &gb_association_entity, gb_association_get_type },
  { "participants", N_("Participant"), &gb_participant_entity, gb_participant_get_type },
  { "dues", N_("Dues"), &gb_dues_entity, gb_dues_get_type },
  { "donations", N_("Donation"), &gb_donation_entity, gb_donation_get_type },
  { "contest_entries", N_("Contest entry"), &gb_contest_entry_entity, gb_contest_entry_get_type },
  { "contest_judges", N_("Judge"), &gb_contest_judge_entity, gb_contest_judge_get_type },
  { "contest_criteria", N_("Criterion"), &gb_contest_criterion_entity, gb_contest_criterion_get_type },
  { "contest_scores", N_("Score"), &gb_contest_score_entity, gb_contest_score_get_type },
  { "contest_awards", N_("Award"), &gb_contest_award_entity, gb_contest_award_get_type },
  { "member_status_history", N_("Member status"), &gb_status_change_entity, gb_status_change_get_type },
  { "member_crafts", N_("Member's craft"), &gb_member_craft_entity, gb_member_craft_get_type },
  { "imports", N_("Import"), NULL, NULL },
};

/* The table an id column points to; the first that a row holds names the
 * person (or entry) a nameless row is about. */
static const struct { const char *field, *table; } references[] = {
  { "member_id", "members" }, { "artisan_id", "artisans" }, { "entry_id", "contest_entries" },
  { "judge_id", "contest_judges" }, { "criterion_id", "contest_criteria" },
  { "craft_id", "crafts" }, { "event_id", "events" },
};

static const Kind *
find_kind (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].table, table) == 0)
      return &kinds[i];
  return NULL;
}

static const GbEntity *
kind_entity (const Kind *kind)
{
  return kind != NULL ? kind->entity : NULL;
}

/* "Member", "Honorary title" …; a table the program does not know is
 * called a record rather than shown by its name. */
const char *
gb_audit_kind_label (const char *table)
{
  const Kind *kind = find_kind (table);

  return kind != NULL ? _(kind->label) : _("Record");
}

/* The name a person knows a record by, NULL when it has none. A row named
 * by a code (a title's kind, a participant's role) or not at all (dues, a
 * score) is named by whom it is about: "Phan Thành Toàn (Outstanding
 * Artisan)". */
static char *
record_name (GbDatabase *database,
             const Kind *kind,
             gint64      id,
             guint       depth)
{
  const GbEntity *entity = kind_entity (kind);
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbRecord) record = NULL;
  const GbField *field;
  g_autofree char *name = NULL;

  if (database == NULL || entity == NULL || id <= 0 || depth > 2)
    return NULL;
  store = gb_store_new (database, kind->get_type ());
  record = gb_store_get (store, id, NULL);
  if (record == NULL)
    return NULL;
  field = entity->name_field ? gb_entity_find_field (entity, entity->name_field) : NULL;
  if (field != NULL)
    name = gb_record_dup_field_display (record, field);
  if (field != NULL && field->choices == NULL && name != NULL && *name != '\0')
    return g_steal_pointer (&name);

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      const GbField *ref = gb_entity_find_field (entity, references[i].field);
      gint64 ref_id = ref ? gb_record_get_int (record, ref->name) : 0;
      g_autofree char *whom = ref_id > 0
        ? record_name (database, find_kind (references[i].table), ref_id, depth + 1) : NULL;

      if (whom == NULL || *whom == '\0')
        continue;
      if (name == NULL || *name == '\0')
        return g_steal_pointer (&whom);
      /* Translators: whom a row is about, then its kind: "Phan Thành Toàn (Outstanding Artisan)". */
      return g_strdup_printf (C_("audit record", "%s (%s)"), whom, name);
    }
  return g_steal_pointer (&name);
}

/* "Artisan Phan Thành Toàn": the kind and the record's name, read from the
 * record (deleted ones too) or, for a row that is gone, from its creation. */
char *
gb_audit_dup_record (GbDatabase           *database,
                     const GbHistoryEntry *entry)
{
  const Kind *kind;
  g_autofree char *name = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  kind = find_kind (entry->table_name);
  name = record_name (database, kind, entry->record_id, 0);
  if ((name == NULL || *name == '\0') && entry->field == NULL && entry->new_value != NULL
      && g_strcmp0 (entry->action, "insert") == 0)
    {
      const GbEntity *entity = kind_entity (kind);

      g_free (name);
      name = entity && entity->name_field
        ? gb_audit_dup_value (database, entry->table_name, entity->name_field, entry->new_value)
        : NULL;
    }
  if (name == NULL || *name == '\0')
    return g_strdup (gb_audit_kind_label (entry->table_name));
  /* Translators: the kind of a record and its name, "Artisan Phan Thành Toàn". */
  return g_strdup_printf (C_("audit record", "%s %s"), gb_audit_kind_label (entry->table_name), name);
}

/* One value as the form shows it: a choice's label, a date, the name of the
 * record an id points to, "Yes"/"No", "—" for none. */
char *
gb_audit_dup_value (GbDatabase *database,
                    const char *table,
                    const char *field_name,
                    const char *value)
{
  const GbEntity *entity = kind_entity (find_kind (table));
  const GbField *field = entity && field_name ? gb_entity_find_field (entity, field_name) : NULL;

  if (value == NULL || *value == '\0')
    return g_strdup ("—");
  if (field == NULL)
    return g_strdup (value);
  if (field->type == GB_FIELD_BLOB)
    return g_strdup (field->flags & GB_FIELD_IMAGE || g_str_equal (field->name, "logo")
                     ? _("an image") : _("a file"));
  if (field->choices != NULL)
    return g_strdup (gb_choice_label (field->choices, value));
  if (field->type == GB_FIELD_DATE)
    return gb_text_format_date (value);
  if (field->type == GB_FIELD_BOOL)
    return g_strdup (g_strcmp0 (value, "0") == 0 ? _("No") : _("Yes"));
  if (field->type == GB_FIELD_INT)
    {
      gint64 n = g_ascii_strtoll (value, NULL, 10);

      for (guint i = 0; i < G_N_ELEMENTS (references); i++)
        if (g_str_equal (references[i].field, field->name))
          {
            const Kind *kind = find_kind (references[i].table);
            g_autofree char *name = n > 0 ? record_name (database, kind, n, 0) : NULL;

            if (n <= 0)
              return g_strdup ("—");
            if (name != NULL && *name != '\0')
              return g_steal_pointer (&name);
            /* Translators: a record that is no longer there, "a deleted member". */
            return g_strdup_printf (_("a deleted record (%s)"), _(kind->label));
          }
      if (field->flags & GB_FIELD_ZERO_NULL && n == 0)
        return g_strdup ("—");
      if (g_str_equal (field->name, "amount"))
        return gb_text_format_thousands (n);
    }
  return g_strdup (value);
}

/* "Member: — → Công ty TNHH Phúc Lộc" for a changed field, the file for an
 * import; NULL for an entry that changed no one field (created, deleted …). */
char *
gb_audit_dup_change (GbDatabase           *database,
                     const GbHistoryEntry *entry)
{
  const GbEntity *entity;
  const GbField *field;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->field == NULL && g_strcmp0 (entry->action, "import") == 0 && entry->new_value != NULL)
    return g_strdup_printf (_("Imported from “%s”"), entry->new_value);
  if (entry->field == NULL)
    return NULL;
  entity = kind_entity (find_kind (entry->table_name));
  field = entity ? gb_entity_find_field (entity, entry->field) : NULL;
  old_value = gb_audit_dup_value (database, entry->table_name, entry->field, entry->old_value);
  new_value = gb_audit_dup_value (database, entry->table_name, entry->field, entry->new_value);
  /* Translators: a field, its old value and its new one. */
  return g_strdup_printf (_("%s: %s → %s"), field ? _(field->label) : _("A value"), old_value, new_value);
}
