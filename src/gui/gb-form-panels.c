/* gb-form-panels.c — what a record form shows below its fields
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records that belong to the one shown (titles, dues, status list,
 * donations, who took part), the same person's other record, a contest's
 * panel and the audit history. Each is rebuilt whenever the form shows a
 * record, since each depends on what the record is.
 */
#define G_LOG_DOMAIN "gb-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-artisan.h"
#include "gb-audit.h"
#include "gb-child-panel.h"
#include "gb-choices.h"
#include "gb-contest-panel.h"
#include "gb-member.h"
#include "gb-participants-panel.h"
#include "gb-record-form-private.h"
#include "gb-registry.h"
#include "gb-text.h"

/* "Created", "Changed", … for an audit entry's action; also the log's. */
const char *
gb_history_action_label (const char *action)
{
  if (g_strcmp0 (action, "insert") == 0)
    return _("Created");
  if (g_strcmp0 (action, "delete") == 0)
    return _("Moved to the bin");
  if (g_strcmp0 (action, "restore") == 0)
    return _("Restored from the bin");
  if (g_strcmp0 (action, "import") == 0)
    return _("Imported");
  return _("Changed");
}

/* The audit trail, newest first: when, who, which field, old → new. */
void
gb_record_form_show_history (GbRecordForm *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  const GbEntity *entity = gb_store_get_entity (self->store);
  GtkWidget *expander;
  g_autofree char *subtitle = NULL;

  if (self->history_group != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->history_group);
  self->history_group = NULL;
  if (gb_record_get_id (self->record) == 0)
    return;

  entries = gb_store_history (self->store, gb_record_get_id (self->record), NULL);
  if (entries == NULL)
    return;

  self->history_group = adw_preferences_group_new ();
  gtk_widget_set_name (self->history_group, "history");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->history_group), _("History"));
  expander = adw_expander_row_new ();
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", entries->len),
                              entries->len);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Changes to this record"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  for (guint i = 0; i < entries->len; i++)
    {
      GbHistoryEntry *entry = g_ptr_array_index (entries, i);
      const GbField *field = gb_entity_find_field (entity, entry->field);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (entry->at, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m/%Y %H:%M") : g_strdup (entry->at);
      g_autofree char *title = g_strdup_printf ("%s · %s", when, entry->os_user);
      g_autofree char *what = NULL;

      if (field != NULL)
        {
          /* As the form names them: labels, names and dates, not codes and ids. */
          GbDatabase *db = gb_store_get_database (self->store);
          g_autofree char *before = gb_audit_dup_value (db, entity->table, field->name, entry->old_value);
          g_autofree char *after = gb_audit_dup_value (db, entity->table, field->name, entry->new_value);

          what = g_strdup_printf ("%s: %s → %s", _(field->label), before, after);
        }
      else if (g_strcmp0 (entry->action, "import") == 0 && entry->new_value != NULL)
        what = g_strdup_printf (_("Imported from “%s”"), entry->new_value);
      else
        what = g_strdup (gb_history_action_label (entry->action));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->history_group), expander);
  gtk_box_append (GTK_BOX (self->groups_box), self->history_group);
}

static char *
money (gint64 amount)
{
  g_autofree char *digits = gb_text_format_thousands (amount);
  /* Translators: an amount of money, "1.234.567 đồng" */
  return g_strdup_printf (_("%s đồng"), digits);
}

static char *
title_summary (GbDatabase *database,
              GbRecord   *record,
              char      **subtitle)
{
  GbTitle *t = GB_TITLE (record);
  g_autofree char *date = gb_text_format_date (t->decision_date);
  g_autofree char *revoked = gb_text_format_date (t->revoked_date);
  GString *sub = g_string_new (NULL);

  if (t->decision_no != NULL)
    g_string_append_printf (sub, _("Decision %s of %s"), t->decision_no, date);
  if (t->certificate_no != NULL)
    g_string_append_printf (sub, "%s%s %s", sub->len ? " · " : "", _("Certificate"), t->certificate_no);
  if (t->revoked_date != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Revoked on %s: %s"), revoked, t->revoked_reason);
      g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", why);
    }
  *subtitle = g_string_free (sub, FALSE);
  return g_strdup (gb_choice_label (gb_title_kinds, t->kind));
}

static char *
dues_summary (GbDatabase *database,
             GbRecord   *record,
             char      **subtitle)
{
  GbDues *d = GB_DUES (record);
  g_autofree char *amount = money (d->amount);

  if (d->paid_date != NULL)
    {
      g_autofree char *date = gb_text_format_date (d->paid_date);
      *subtitle = d->receipt_no ? g_strdup_printf (_("Paid on %s, receipt %s"), date, d->receipt_no)
                                : g_strdup_printf (_("Paid on %s"), date);
    }
  else
    *subtitle = g_strdup (_("Not paid"));
  return g_strdup_printf ("%" G_GINT64_FORMAT ": %s", d->year, amount);
}

static char *
dues_total (GPtrArray *records)
{
  gint64 paid = 0, unpaid = 0;
  g_autofree char *paid_text = NULL;
  g_autofree char *unpaid_text = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      GbDues *d = g_ptr_array_index (records, i);
      if (d->paid_date != NULL)
        paid += d->amount;
      else
        unpaid += d->amount;
    }
  paid_text = money (paid);
  unpaid_text = money (unpaid);
  return g_strdup_printf (_("Paid %s; owed %s."), paid_text, unpaid_text);
}

static char *
donation_summary (GbDatabase *database,
                 GbRecord   *record,
                 char      **subtitle)
{
  GbDonation *d = GB_DONATION (record);
  g_autofree char *amount = money (d->amount);

  *subtitle = gb_text_format_date (d->donated_on);
  return g_strdup_printf ("%s — %s", d->donor_name, amount);
}

static char *
donation_total (GPtrArray *records)
{
  gint64 total = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < records->len; i++)
    total += GB_DONATION (g_ptr_array_index (records, i))->amount;
  text = money (total);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Collected %s from %u donation.",
                                       "Collected %s from %u donations.", records->len),
                          text, records->len);
}

static char *
status_change_summary (GbDatabase *database,
                      GbRecord   *record,
                      char      **subtitle)
{
  GbStatusChange *c = GB_STATUS_CHANGE (record);
  g_autofree char *since = gb_text_format_date (c->since);
  const char *label = c->status;

  for (guint i = 0; gb_member_statuses[i].code; i++)
    if (g_strcmp0 (gb_member_statuses[i].code, c->status) == 0)
      label = _(gb_member_statuses[i].label);
  *subtitle = g_strdup (c->note);
  /* TRANSLATORS: a line of a member's status list: "since 01/03/2024: Active" */
  return g_strdup_printf (_("Since %s: %s"), since ? since : "", label);
}

/* The dated status list, oldest first. */
static int
status_change_order (gconstpointer a,
                     gconstpointer b)
{
  GbStatusChange *x = *(GbStatusChange **) a;
  GbStatusChange *y = *(GbStatusChange **) b;
  int c = g_strcmp0 (x->since, y->since);

  if (c != 0)
    return c;
  return gb_record_get_id (GB_RECORD (x)) < gb_record_get_id (GB_RECORD (y)) ? -1 : 1;
}

static char *
member_craft_summary (GbDatabase *database,
                     GbRecord   *record,
                     char      **subtitle)
{
  GbMemberCraft *mc = GB_MEMBER_CRAFT (record);
  g_autoptr(GbStore) crafts = gb_store_new (database, GB_TYPE_CRAFT);
  g_autoptr(GbRecord) craft = gb_store_get (crafts, mc->craft_id, NULL);

  *subtitle = NULL;
  return g_strdup (craft ? gb_record_get_name (craft) : "—");
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Add in a record's panel before the record was ever saved (an artisan's
 * first title as the artisan is typed in): save it as Save does, its
 * errors shown the same way, then add to the panel shown for it saved. */
static void
add_before_save_cb (GbChildPanel *panel,
                    gpointer      data)
{
  GbRecordForm *self = data;
  g_autofree char *name = g_strdup (gtk_widget_get_name (GTK_WIDGET (panel)));
  GtkWidget *saved;

  if (!gb_record_form_save (self))
    return;
  saved = find_named (self->groups_box, name);
  if (saved != NULL && GB_IS_CHILD_PANEL (saved))
    gb_child_panel_add (GB_CHILD_PANEL (saved));
}

/* The records that belong to this one: an artisan's titles, a member's
 * dated status list, other crafts and dues, a drive's donations. A new
 * record shows them empty, and their Add saves it first. */
void
gb_record_form_show_children (GbRecordForm *self)
{
  const char *table = gb_store_get_entity (self->store)->table;
  GbDatabase *db = gb_store_get_database (self->store);
  gint64 id = gb_record_get_id (self->record);

  if (self->child_panel != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->child_panel);
  self->child_panel = NULL;
  if (self->member_panels != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->member_panels);
  self->member_panels = NULL;
  if (self->people_panel != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->people_panel);
  self->people_panel = NULL;

  if (g_str_equal (table, "members"))
    {
      GbChildPanel *status = gb_child_panel_new (db, GB_TYPE_STATUS_CHANGE, "member_id", id,
                                                 _("Status History"), status_change_summary, NULL);
      GbChildPanel *crafts = gb_child_panel_new (db, GB_TYPE_MEMBER_CRAFT, "member_id", id,
                                                 _("Other Crafts"), member_craft_summary, NULL);

      gb_child_panel_set_order (status, status_change_order);
      gb_child_panel_set_save_parent (status, add_before_save_cb, self);
      gb_child_panel_set_save_parent (crafts, add_before_save_cb, self);
      gtk_widget_set_name (GTK_WIDGET (status), "status-history");
      gtk_widget_set_name (GTK_WIDGET (crafts), "other-crafts");
      self->member_panels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
      gtk_box_append (GTK_BOX (self->member_panels), GTK_WIDGET (status));
      gtk_box_append (GTK_BOX (self->member_panels), GTK_WIDGET (crafts));
      gtk_box_append (GTK_BOX (self->groups_box), self->member_panels);
    }

  if (g_str_equal (table, "artisans"))
    self->child_panel = GTK_WIDGET (gb_child_panel_new (db, GB_TYPE_TITLE, "artisan_id", id,
                                                        _("Titles and Recognitions"),
                                                        title_summary, NULL));
  else if (g_str_equal (table, "members"))
    self->child_panel = GTK_WIDGET (gb_child_panel_new (db, GB_TYPE_DUES, "member_id", id,
                                                        _("Yearly Dues"), dues_summary, dues_total));
  else if (g_str_equal (table, "events")
           && g_strcmp0 (gb_record_get_text (self->record, "kind"), "fundraising") == 0)
    self->child_panel = GTK_WIDGET (gb_child_panel_new (db, GB_TYPE_DONATION, "event_id", id,
                                                        _("Donations"), donation_summary,
                                                        donation_total));
  if (self->child_panel != NULL)
    {
      gtk_widget_set_name (self->child_panel, "children");
      gb_child_panel_set_save_parent (GB_CHILD_PANEL (self->child_panel), add_before_save_cb, self);
      gtk_box_append (GTK_BOX (self->groups_box), self->child_panel);
    }

  /* Who took part: only once there is a record to take part in. */
  if (id == 0)
    return;
  if (g_str_equal (table, "events"))
    {
      /* A contest's entrants are the first section of its contest panel. */
      if (g_strcmp0 (gb_record_get_text (self->record, "kind"), "contest") == 0)
        return;
      self->people_panel = GTK_WIDGET (gb_participants_panel_new (db, id, "attendee"));
      gtk_widget_set_name (self->people_panel, "participants");
    }
  else
    self->people_panel = gb_attended_events_new (db, g_str_equal (table, "members") ? "member_id"
                                                                                  : "artisan_id", id);
  gtk_box_append (GTK_BOX (self->groups_box), self->people_panel);
}

/* The same person as artisan and as member: each form names the other. */
void
gb_record_form_show_link (GbRecordForm *self)
{
  const char *table = gb_store_get_entity (self->store)->table;
  GbDatabase *db = gb_store_get_database (self->store);
  g_autoptr(GPtrArray) others = NULL;
  GtkWidget *row;

  if (self->link_group != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->link_group);
  self->link_group = NULL;
  if (gb_record_get_id (self->record) == 0)
    return;

  if (g_str_equal (table, "artisans") && gb_record_get_int (self->record, "member_id") != 0)
    {
      g_autoptr(GbStore) members = gb_store_new (db, GB_TYPE_MEMBER);
      GbRecord *member = gb_store_get (members, gb_record_get_int (self->record, "member_id"), NULL);

      others = g_ptr_array_new_with_free_func (g_object_unref);
      if (member != NULL)
        g_ptr_array_add (others, member);
    }
  else if (g_str_equal (table, "members"))
    {
      g_autoptr(GbStore) artisans = gb_store_new (db, GB_TYPE_ARTISAN);
      others = gb_store_list_by (artisans, "member_id", gb_record_get_id (self->record), NULL);
    }
  if (others == NULL || others->len == 0)
    return;

  self->link_group = adw_preferences_group_new ();
  gtk_widget_set_name (self->link_group, "link");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->link_group),
                                   g_str_equal (table, "artisans") ? _("Also a Member")
                                                                   : _("Also a Recognized Artisan"));
  for (guint i = 0; i < others->len; i++)
    {
      GbRecord *other = g_ptr_array_index (others, i);
      g_autofree char *subtitle = NULL;

      if (GB_IS_MEMBER (other))
        subtitle = g_strdup (gb_record_get_text (other, "member_no"));
      else
        subtitle = g_strdup (gb_choice_label (gb_title_kinds, gb_record_get_text (other, "highest_title")));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gb_record_get_name (other));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->link_group), row);
    }
  gtk_box_append (GTK_BOX (self->groups_box), self->link_group);
}

/* A saved contest gets its entries, judges, scores and ranking below. */
void
gb_record_form_show_contest (GbRecordForm *self)
{
  if (self->contest_panel != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->contest_panel);
  self->contest_panel = NULL;

  if (gb_record_get_id (self->record) == 0
      || !g_str_equal (gb_store_get_entity (self->store)->table, "events")
      || g_strcmp0 (gb_record_get_text (self->record, "kind"), "contest") != 0)
    return;

  self->contest_panel = GTK_WIDGET (gb_contest_panel_new (gb_store_get_database (self->store),
                                                          gb_record_get_id (self->record)));
  gtk_widget_set_name (self->contest_panel, "contest");
  gtk_box_append (GTK_BOX (self->groups_box), self->contest_panel);
}
