/* gb-record-form.c — the detail form of one record, built from its fields
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows come from the entity's field table, grouped as below; what a row
 * holds is parsed and checked when staff save, and the store's validation
 * decides the rest. A refused save changes nothing and marks the row.
 *
 * The rows themselves are made in gb-form-rows.c, and the panels under
 * them (children, link, contest, history) in gb-form-panels.c.
 */
#define G_LOG_DOMAIN "gb-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-error.h"
#include "gb-member.h"
#include "gb-paper-preview.h"
#include "gb-record-form.h"
#include "gb-record-form-private.h"
#include "gb-registry.h"
#include "gb-text.h"
#include "gb-widget-util.h"

typedef struct
{
  const char *title;             /* N_() */
  const char *fields[12];
} Group;

typedef struct
{
  const char *table;
  Group       groups[5];
} Layout;

static const Layout layouts[] = {
  { "members", {
      { N_("Membership"), { "kind", "member_no", "status", "joined_date", "craft_id", NULL } },
      { N_("Name and Identity"), { "name", "photo", "org_type", "representative", "rep_position",
                                   "tax_code", "gender", "birth_date", "birth_year", "id_number",
                                   NULL } },
      { N_("Address"), { "province", "commune", "street", "former_address", NULL } },
      { N_("Contact"), { "phone", "email", "notes", NULL } },
  } },
  { "artisans", {
      { N_("Artisan"), { "name", "photo", "gender", "birth_year", "phone", NULL } },
      { N_("Craft"), { "craft_id", "village", "years_in_craft", "signature_products",
                       "students_trained", NULL } },
      { N_("Address"), { "province", "commune", "street", "former_address", NULL } },
      { N_("Notes"), { "notes", NULL } },
  } },
  { "events", {
      { N_("Event"), { "kind", "title", "start_date", "end_date", NULL } },
      { N_("Details"), { "place", "partners", "description", NULL } },
  } },
  { "titles", {
      { N_("Title or Award"), { "kind", "name", "decision_no", "decision_date", "issuer",
                                "certificate_no", NULL } },
      { N_("Revocation"), { "revoked_date", "revoked_reason", NULL } },
  } },
  { "dues", {
      { N_("Dues"), { "year", "amount", "paid_date", "receipt_no", NULL } },
  } },
  { "donations", {
      { N_("Donation"), { "donor_name", "amount", "donated_on", "note", NULL } },
  } },
  { "member_status_history", {
      { N_("Status"), { "status", "since", "note", NULL } },
  } },
  { "member_crafts", {
      { N_("Craft"), { "craft_id", NULL } },
  } },
};

/* Rows that apply to one kind of member only. */
static const struct { const char *field; const char *kind; } kind_only[] = {
  { "org_type", "collective" }, { "representative", "collective" },
  { "rep_position", "collective" }, { "tax_code", "collective" },
  { "gender", "individual" }, { "birth_date", "individual" }, { "photo", "individual" },
  { "birth_year", "individual" }, { "id_number", "individual" },
};

G_DEFINE_FINAL_TYPE (GbRecordForm, gb_record_form, ADW_TYPE_BIN)

enum {
  SAVED,
  CLOSED,
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
gb_record_form_set_dirty (GbRecordForm *self,
                          gboolean      dirty)
{
  self->dirty = dirty;
  gtk_widget_set_sensitive (self->save_button, dirty);
}

static FieldRow *
find_row (GbRecordForm *self,
          const char   *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);
      if (g_str_equal (fr->field->name, name))
        return fr;
    }
  return NULL;
}

/* A member's form shows what applies to its kind: a cooperative has a
 * representative and a tax code, a person a birth date and an identity. */
static void
update_kind_rows (GbRecordForm *self)
{
  FieldRow *kind = find_row (self, "kind");
  const char *code;

  if (kind == NULL || !g_str_equal (gb_store_get_entity (self->store)->table, "members"))
    return;
  code = kind->field->choices[adw_combo_row_get_selected (ADW_COMBO_ROW (kind->row))].code;
  for (guint i = 0; i < G_N_ELEMENTS (kind_only); i++)
    {
      FieldRow *fr = find_row (self, kind_only[i].field);
      if (fr != NULL)
        gtk_widget_set_visible (fr->row, g_strcmp0 (code, kind_only[i].kind) == 0);
    }
}

/* A row marked wrong stops saying so once staff change it (the row being
 * edited holds the focus), and the message goes with the last mark. */
static void
clear_fixed_error (GbRecordForm *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);

      if (!gtk_widget_has_css_class (fr->row, "error"))
        continue;
      if (focus != NULL && (focus == fr->row || gtk_widget_is_ancestor (focus, fr->row)))
        gtk_widget_remove_css_class (fr->row, "error");
      else
        any = TRUE;
    }
  if (!any)
    gtk_widget_set_visible (self->error_label, FALSE);
}

/* Every row calls this as staff edit it: the record is then changed, and
 * a row marked wrong that staff fixed stops saying so. */
void
gb_record_form_changed (GbRecordForm *self)
{
  update_kind_rows (self);
  if (!self->loading)
    {
      gb_record_form_set_dirty (self, TRUE);
      clear_fixed_error (self);
    }
}

static const Layout *
layout_for (const GbEntity *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (g_str_equal (layouts[i].table, entity->table))
      return &layouts[i];
  return NULL;
}

static void
build_rows (GbRecordForm *self)
{
  const GbEntity *entity = gb_store_get_entity (self->store);
  const Layout *layout = layout_for (entity);

  g_return_if_fail (layout != NULL);

  for (guint g = 0; g < G_N_ELEMENTS (layout->groups) && layout->groups[g].title; g++)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->groups[g].title));
      for (guint i = 0; layout->groups[g].fields[i]; i++)
        {
          const GbField *field = gb_entity_find_field (entity, layout->groups[g].fields[i]);
          FieldRow *fr;

          g_return_if_fail (field != NULL);
          fr = gb_record_form_make_row (self, field);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), fr->row);
          g_ptr_array_add (self->rows, fr);
        }
      gtk_box_append (GTK_BOX (self->groups_box), group);
    }
}

static guint
choice_position (const GbField *field,
                 const char    *code)
{
  guint offset = gb_field_has_none_entry (field) ? 1 : 0;

  for (guint i = 0; code && field->choices[i].code; i++)
    if (g_str_equal (field->choices[i].code, code))
      return i + offset;
  return 0;
}

/* Which papers this record can print; the first is Ctrl+P's. */
static const char *const *
papers_for (GbRecordForm *self)
{
  const char *table = gb_store_get_entity (self->store)->table;

  if (self->record == NULL || gb_record_get_id (self->record) == 0)
    return NULL;
  return gb_paper_preview_papers_for (table, g_str_equal (table, "events")
                                             && g_strcmp0 (gb_record_get_text (self->record, "kind"),
                                                           "contest") == 0);
}

static void
update_print_menu (GbRecordForm *self)
{
  const char *const *papers = papers_for (self);
  g_autoptr(GMenuModel) menu = gb_paper_preview_menu (papers, "form.print", FALSE);

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->print_button), menu);
  gtk_widget_set_visible (self->print_button, papers != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.print", papers != NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbRecordForm *self = GB_RECORD_FORM (widget);
  const char *const *papers = papers_for (self);
  const char *paper = param ? g_variant_get_string (param, NULL) : "";
  gint64 id;

  if (papers == NULL)
    return;
  if (*paper == '\0')
    paper = papers[0];   /* Ctrl+P */
  /* The paper shows what is saved: save first. */
  if (self->dirty && !gb_record_form_save (self))
    return;
  id = gb_record_get_id (self->record);
  gtk_window_present (GTK_WINDOW (gb_paper_preview_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                        gb_store_get_database (self->store),
                                                        paper, &id, 1)));
}

static void
show_record (GbRecordForm *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);
      const GbField *field = fr->field;
      g_autofree char *raw = gb_record_dup_field_string (self->record, field);

      gtk_widget_remove_css_class (fr->row, "error");
      if (field->choices != NULL)
        adw_combo_row_set_selected (ADW_COMBO_ROW (fr->row), choice_position (field, raw));
      else if (fr->ids != NULL)
        {
          gint64 id = gb_record_get_int (self->record, field->name);
          guint position = 0;

          for (guint p = 0; p < fr->ids->len; p++)
            if (g_array_index (fr->ids, gint64, p) == id)
              position = p;
          adw_combo_row_set_selected (ADW_COMBO_ROW (fr->row), position);
        }
      else if (field->type == GB_FIELD_BLOB)
        {
          GBytes *bytes = NULL;

          g_object_get (self->record, field->name, &bytes, NULL);
          gb_field_row_show_photo (fr, bytes);
          g_clear_pointer (&bytes, g_bytes_unref);
        }
      else if (field->type == GB_FIELD_BOOL)
        {
          GtkWidget *toggle = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (fr->row));
          gtk_switch_set_active (GTK_SWITCH (toggle), raw && g_str_equal (raw, "1"));
        }
      else
        {
          g_autofree char *shown = gb_record_dup_field_display (self->record, field);
          gtk_editable_set_text (GTK_EDITABLE (fr->row), shown);
        }
    }
  self->loading = FALSE;

  gtk_label_set_text (GTK_LABEL (self->title_label), gb_record_form_get_title (self));
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_set_visible (self->duplicate_box, FALSE);
  self->duplicate_accepted = FALSE;
  gb_record_form_show_link (self);
  gb_record_form_show_children (self);
  gb_record_form_show_contest (self);
  gb_record_form_show_history (self);
  update_print_menu (self);
  /* A new form is not a change until something is typed: closing it
   * untouched asks nothing. */
  gb_record_form_set_dirty (self, FALSE);
  /* Each record opens at its top, not where the last one was left. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), 0);
}

/* Names a likely duplicate once; saving again means staff checked it. */
static gboolean
warn_duplicate (GbRecordForm *self,
                GbRecord     *edited)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GbRecord) other = NULL;
  g_autofree char *text = NULL;

  if (self->duplicate_accepted)
    return FALSE;
  ids = gb_store_find_duplicates (self->store, edited, NULL);
  if (ids == NULL || ids->len == 0)
    return FALSE;
  self->duplicate_id = g_array_index (ids, gint64, 0);
  other = gb_store_get (self->store, self->duplicate_id, NULL);
  if (other == NULL)
    return FALSE;

  text = g_strdup_printf (_("This looks like “%s”, already in the register (same name and year "
                            "of birth, or same tax code). Open it, or save again to keep both."),
                          gb_record_get_name (other));
  gtk_label_set_text (GTK_LABEL (self->duplicate_label), text);
  gtk_widget_set_visible (self->duplicate_box, TRUE);
  self->duplicate_accepted = TRUE;
  return TRUE;
}

static void
open_duplicate_cb (GbRecordForm *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, self->duplicate_id);
}

/* A copy of the loaded record: a refused save must leave it untouched. */
static GbRecord *
copy_record (GbRecord *record)
{
  const GbEntity *entity = gb_record_get_entity (record);
  GbRecord *copy = gb_record_new (G_OBJECT_TYPE (record));

  gb_record_set_id (copy, gb_record_get_id (record));
  /* The version it was read at: a save after another seat's is noticed. */
  gb_record_set_stamps (copy, gb_record_get_created_at (record), gb_record_get_updated_at (record),
                        gb_record_get_deleted_at (record));
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      GValue value = G_VALUE_INIT;

      if (field->flags & GB_FIELD_COMPUTED)
        continue;
      g_object_get_property (G_OBJECT (record), field->name, &value);
      g_object_set_property (G_OBJECT (copy), field->name, &value);
      g_value_unset (&value);
    }
  return copy;
}

static void
mark_invalid (GbRecordForm *self,
              const char   *field_name,
              const char   *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, TRUE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (fr->field->name, field_name) == 0)
        {
          gtk_widget_add_css_class (fr->row, "error");
          gtk_widget_grab_focus (fr->row);
        }
    }
}

/* Reads the rows into @record; a value that cannot be parsed is refused
 * here with its row named. */
static gboolean
read_rows (GbRecordForm *self,
           GbRecord     *record)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);
      const GbField *field = fr->field;
      GValue value = G_VALUE_INIT;

      gtk_widget_remove_css_class (fr->row, "error");

      /* A row hidden because it does not apply is stored empty. */
      if (!gtk_widget_get_visible (fr->row))
        {
          if (field->type == GB_FIELD_INT)
            gb_record_set_int (record, field->name, 0);
          else if (field->type == GB_FIELD_BLOB)
            g_object_set (record, field->name, NULL, NULL);
          else
            gb_record_set_text (record, field->name, NULL);
          continue;
        }

      if (field->choices != NULL)
        {
          guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (fr->row));
          guint offset = gb_field_has_none_entry (field) ? 1 : 0;

          gb_record_set_text (record, field->name,
                              position >= offset ? field->choices[position - offset].code : NULL);
          continue;
        }
      if (fr->ids != NULL)
        {
          guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (fr->row));

          gb_record_set_int (record, field->name,
                             position < fr->ids->len ? g_array_index (fr->ids, gint64, position) : 0);
          continue;
        }
      if (field->type == GB_FIELD_BLOB)
        {
          g_value_init (&value, G_TYPE_BYTES);
          g_value_set_boxed (&value, fr->bytes);
          g_object_set_property (G_OBJECT (record), field->name, &value);
          g_value_unset (&value);
          continue;
        }
      if (field->type == GB_FIELD_BOOL)
        {
          GtkWidget *toggle = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (fr->row));

          g_value_init (&value, G_TYPE_BOOLEAN);
          g_value_set_boolean (&value, gtk_switch_get_active (GTK_SWITCH (toggle)));
          g_object_set_property (G_OBJECT (record), field->name, &value);
          g_value_unset (&value);
          continue;
        }

      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (fr->row))));

        if (field->type == GB_FIELD_DATE)
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *iso = NULL;

            if (*text != '\0' && (iso = gb_text_parse_date (text, &error)) == NULL)
              {
                g_autofree char *message = g_strdup_printf ("%s: %s", _(field->label), error->message);
                mark_invalid (self, field->name, message);
                return FALSE;
              }
            gb_record_set_text (record, field->name, iso);
          }
        else if (field->type == GB_FIELD_INT)
          {
            char *end = NULL;
            gint64 n = *text ? g_ascii_strtoll (text, &end, 10) : 0;

            if (*text && (end == NULL || *end != '\0'))
              {
                g_autofree char *message = g_strdup_printf (_("%s: “%s” is not a whole number."),
                                                            _(field->label), text);
                mark_invalid (self, field->name, message);
                return FALSE;
              }
            gb_record_set_int (record, field->name, n);
          }
        else if (field->type == GB_FIELD_REAL)
          {
            g_value_init (&value, G_TYPE_DOUBLE);
            g_value_set_double (&value, g_ascii_strtod (text, NULL));
            g_object_set_property (G_OBJECT (record), field->name, &value);
            g_value_unset (&value);
          }
        else
          gb_record_set_text (record, field->name, *text ? text : NULL);
      }
    }
  return TRUE;
}

/* After a save refused because another seat saved first: "mine" saves
 * these values over theirs, "theirs" shows the stored record, anything
 * else goes back to the form as it was typed. */
typedef struct
{
  GbRecordForm *form;
  GbRecord     *edited;   /* what was typed */
  GbRecord     *theirs;   /* what is stored */
} Conflict;

static void
conflict_free (gpointer  data,
               GClosure *closure)
{
  Conflict *conflict = data;

  g_object_unref (conflict->form);
  g_object_unref (conflict->edited);
  g_object_unref (conflict->theirs);
  g_free (conflict);
}

static void
changed_elsewhere_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Conflict         *conflict)
{
  GbRecordForm *self = conflict->form;
  GbRecord *edited = conflict->edited;
  GbRecord *theirs = conflict->theirs;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "theirs"))
    {
      g_clear_object (&self->record);
      self->record = g_object_ref (theirs);
      show_record (self);
      return;
    }
  if (!g_str_equal (response, "mine"))
    return;
  gb_record_set_stamps (edited, gb_record_get_created_at (theirs), gb_record_get_updated_at (theirs),
                        gb_record_get_deleted_at (theirs));
  if (!gb_store_update (self->store, edited, &error))
    {
      mark_invalid (self, gb_record_get_invalid_field (edited), error->message);
      return;
    }
  g_clear_object (&self->record);
  self->record = gb_store_get (self->store, gb_record_get_id (edited), NULL);
  if (self->record == NULL)
    self->record = g_object_ref (edited);
  show_record (self);
  g_signal_emit (self, signals[SAVED], 0, gb_record_get_id (self->record));
}

/* Says who saved the record meanwhile and what differs between what is
 * typed and what they saved, and lets staff choose: nothing is
 * overwritten unasked. */
static void
ask_changed_elsewhere (GbRecordForm *self,
                       GbRecord     *edited,
                       const char   *message)
{
  g_autoptr(GbRecord) theirs = gb_store_get (self->store, gb_record_get_id (edited), NULL);
  const GbEntity *entity = gb_record_get_entity (edited);
  GString *body = g_string_new (message);
  AdwMessageDialog *dialog;
  Conflict *conflict;
  guint n = 0;

  if (theirs == NULL)
    {
      g_string_free (body, TRUE);
      mark_invalid (self, NULL, message);
      return;
    }
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      g_autofree char *mine = NULL;
      g_autofree char *stored = NULL;

      if (field->flags & GB_FIELD_COMPUTED)
        continue;
      mine = gb_record_dup_field_display (edited, field);
      stored = gb_record_dup_field_display (theirs, field);
      if (g_strcmp0 (mine, stored) == 0)
        continue;
      g_string_append_printf (body, n++ ? "\n" : "\n\n");
      /* TRANSLATORS: a field that differs: its name, the value typed here, the value saved elsewhere */
      g_string_append_printf (body, _("%s: yours “%s”, saved “%s”"), g_dgettext (GETTEXT_PACKAGE, field->label),
                              mine && *mine ? mine : "—", stored && *stored ? stored : "—");
    }
  if (n == 0)
    g_string_append_printf (body, "\n\n%s", _("What they saved is what you typed."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                      _("Saved Elsewhere Meanwhile"), NULL));
  adw_message_dialog_set_body (dialog, body->str);
  g_string_free (body, TRUE);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "theirs", _("_Take Theirs"),
                                    "mine", _("_Keep Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "mine", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* Room for the three answers side by side, and for a line per field. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);
  gtk_widget_set_name (GTK_WIDGET (dialog), "changed-elsewhere-dialog");
  conflict = g_new0 (Conflict, 1);
  conflict->form = g_object_ref (self);
  conflict->edited = g_object_ref (edited);
  conflict->theirs = g_steal_pointer (&theirs);
  g_signal_connect_data (dialog, "response", G_CALLBACK (changed_elsewhere_cb), conflict, conflict_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
gb_record_form_save (GbRecordForm *self)
{
  g_autoptr(GbRecord) edited = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (GB_IS_RECORD_FORM (self), FALSE);

  if (self->record == NULL)
    return FALSE;

  edited = copy_record (self->record);
  if (!read_rows (self, edited))
    return FALSE;
  if (warn_duplicate (self, edited))
    return FALSE;

  ok = gb_record_get_id (edited) == 0 ? gb_store_insert (self->store, edited, &error)
                                      : gb_store_update (self->store, edited, &error);
  if (!ok && g_error_matches (error, GB_ERROR, GB_ERROR_CHANGED_ELSEWHERE))
    {
      ask_changed_elsewhere (self, edited, error->message);
      return FALSE;
    }
  if (!ok)
    {
      mark_invalid (self, gb_record_get_invalid_field (edited), error->message);
      return FALSE;
    }

  /* Show what was stored (normalized), not what was typed. */
  g_clear_object (&self->record);
  self->record = gb_store_get (self->store, gb_record_get_id (edited), NULL);
  if (self->record == NULL)
    self->record = g_steal_pointer (&edited);
  show_record (self);
  g_signal_emit (self, signals[SAVED], 0, gb_record_get_id (self->record));
  return TRUE;
}

gboolean
gb_record_form_open (GbRecordForm  *self,
                     gint64         id,
                     GError       **error)
{
  GbRecord *record;

  g_return_val_if_fail (GB_IS_RECORD_FORM (self), FALSE);

  if ((record = gb_store_get (self->store, id, error)) == NULL)
    return FALSE;
  g_clear_object (&self->record);
  self->record = record;
  show_record (self);
  return TRUE;
}

/* A new record of the store's kind, with the defaults staff expect. */
void
gb_record_form_open_new (GbRecordForm *self)
{
  const GbEntity *entity;

  g_return_if_fail (GB_IS_RECORD_FORM (self));

  g_clear_object (&self->record);
  self->record = gb_record_new (gb_store_get_record_type (self->store));
  entity = gb_record_get_entity (self->record);
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].choices != NULL && (entity->fields[i].flags & GB_FIELD_REQUIRED)
        && !gb_field_has_none_entry (&entity->fields[i]))
      gb_record_set_text (self->record, entity->fields[i].name, entity->fields[i].choices[0].code);
  if (gb_entity_find_field (entity, "status") != NULL)
    gb_record_set_text (self->record, "status", "active");
  if (self->parent_field != NULL)
    gb_record_set_int (self->record, self->parent_field, self->parent_id);
  if (g_str_equal (entity->table, "members"))
    {
      /* The next number in the association's format (Preferences). */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *format = g_settings_get_string (settings, "member-number-format");
      g_autofree char *next = gb_member_next_number (self->store, format);

      if (*next)
        gb_record_set_text (self->record, "member_no", next);
    }
  show_record (self);
}

/* Forgets what was typed: the rows show the stored record again. */
void
gb_record_form_discard (GbRecordForm *self)
{
  g_return_if_fail (GB_IS_RECORD_FORM (self));

  if (self->record != NULL)
    show_record (self);
  gb_record_form_set_dirty (self, FALSE);
}

/* New records of this form belong to @parent_id through @field. */
void
gb_record_form_set_parent (GbRecordForm *self,
                           const char   *field,
                           gint64        parent_id)
{
  g_return_if_fail (GB_IS_RECORD_FORM (self));

  self->parent_field = field;
  self->parent_id = parent_id;
}

gint64
gb_record_form_get_id (GbRecordForm *self)
{
  g_return_val_if_fail (GB_IS_RECORD_FORM (self), 0);
  return self->record ? gb_record_get_id (self->record) : 0;
}

gboolean
gb_record_form_is_dirty (GbRecordForm *self)
{
  g_return_val_if_fail (GB_IS_RECORD_FORM (self), FALSE);
  return self->record != NULL && self->dirty;
}

const char *
gb_record_form_get_title (GbRecordForm *self)
{
  const GbEntity *entity;
  const GbField *field;

  g_return_val_if_fail (GB_IS_RECORD_FORM (self), NULL);

  if (self->record == NULL)
    return "";
  entity = gb_record_get_entity (self->record);
  field = gb_entity_find_field (entity, entity->name_field);
  if (gb_record_get_id (self->record) == 0 || field == NULL)
    {
      if (g_str_equal (entity->table, "members"))
        return _("New Member");
      if (g_str_equal (entity->table, "artisans"))
        return _("New Artisan");
      if (g_str_equal (entity->table, "events"))
        return _("New Event");
      if (g_str_equal (entity->table, "titles"))
        return _("New Title");
      if (g_str_equal (entity->table, "dues"))
        return _("New Dues Payment");
      if (g_str_equal (entity->table, "donations"))
        return _("New Donation");
      return _("New Record");
    }
  /* A title's "name" is its kind: show the label, not the code. */
  g_free (self->title);
  self->title = gb_record_dup_field_display (self->record, field);
  return self->title;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gb_record_form_save (GB_RECORD_FORM (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
gb_record_form_dispose (GObject *object)
{
  GbRecordForm *self = GB_RECORD_FORM (object);

  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_object (&self->crafts);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (gb_record_form_parent_class)->dispose (object);
}

static void
gb_record_form_class_init (GbRecordFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_record_form_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "form.print", "s", print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "form.print", "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  /* As the × does; a changed record asks first. Where the form has the
   * whole window (a narrow one), Escape is the way back to the list. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "form.close", NULL);
}

static void
gb_record_form_init (GbRecordForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkWidget *scrolled = self->scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_field_row_free);

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  self->title_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title_label, "title-3");
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "form.save");
  gtk_widget_set_tooltip_text (self->save_button, _("Save (Ctrl+S)"));
  gtk_widget_add_css_class (close, "flat");
  gb_widget_set_tip (close, _("Close"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "form.close");
  self->print_button = gtk_menu_button_new ();
  gtk_widget_set_name (self->print_button, "print");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->print_button), "printer-symbolic");
  gb_widget_set_tip (self->print_button, _("Print (Ctrl+P)"));
  gtk_widget_add_css_class (self->print_button, "flat");
  gtk_widget_set_visible (self->print_button, FALSE);
  gtk_box_append (GTK_BOX (bar), self->title_label);
  gtk_box_append (GTK_BOX (bar), self->print_button);
  gtk_box_append (GTK_BOX (bar), self->save_button);
  gtk_box_append (GTK_BOX (bar), close);

  self->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->error_label, "form-error");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  {
    GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open It"));

    self->duplicate_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_name (self->duplicate_box, "duplicate-warning");
    gtk_widget_add_css_class (self->duplicate_box, "card");
    gtk_widget_add_css_class (self->duplicate_box, "gb-warning");
    self->duplicate_label = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->duplicate_label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->duplicate_label), 0);
    gtk_widget_set_hexpand (self->duplicate_label, TRUE);
    gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
    g_signal_connect_swapped (open, "clicked", G_CALLBACK (open_duplicate_cb), self);
    gtk_box_append (GTK_BOX (self->duplicate_box), self->duplicate_label);
    gtk_box_append (GTK_BOX (self->duplicate_box), open);
    gtk_widget_set_visible (self->duplicate_box, FALSE);
  }

  self->groups_box = content;
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_box_append (GTK_BOX (content), self->error_label);
  gtk_box_append (GTK_BOX (content), self->duplicate_box);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_bin_set_child (ADW_BIN (self), box);
}

GbRecordForm *
gb_record_form_new (GbStore *store)
{
  GbRecordForm *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_RECORD_FORM, NULL);
  self->store = g_object_ref (store);
  self->crafts = gb_store_new (gb_store_get_database (store), GB_TYPE_CRAFT);
  build_rows (self);
  /* A role that may only read sees the record, not a form to change it:
   * no field takes a change, and there is no Save. */
  if (!gb_database_may (gb_store_get_database (store), GB_DATABASE_TASK_EDIT))
    {
      for (guint i = 0; i < self->rows->len; i++)
        gtk_widget_set_sensitive (((FieldRow *) g_ptr_array_index (self->rows, i))->row, FALSE);
      gtk_widget_set_visible (self->save_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.save", FALSE);
    }
  return self;
}
