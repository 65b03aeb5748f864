/* gb-participants-panel.c — who took part in an event, and in what role
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Staff find a member or an artisan by typing a few letters (the same
 * folded search as the lists: no marks needed), add them with one click,
 * then set the role and tick attendance. Changes are saved at once.
 */
#define G_LOG_DOMAIN "gb-participants-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-participants-panel.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-text.h"
#include "gb-widget-util.h"

#define MATCHES_PER_KIND 5

struct _GbParticipantsPanel
{
  GtkBox       parent_instance;

  gint64       event_id;
  const char  *default_role;
  GbStore     *participants;
  GbStore     *members;
  GbStore     *artisans;

  GtkWidget   *group;          /* the participants */
  GtkWidget   *list;           /* its rows, one per item of records */
  GtkWidget   *search_group;   /* the search row and its matches */
  GtkWidget   *search_row;
  GPtrArray   *match_rows;   /* search results */
  GListStore  *records;      /* GbParticipant, as listed */
  GbDatabase  *database;
  guint        search_source;  /* a pause in typing before the search runs */
  GCancellable *search_cancellable;  /* the search on its worker thread */
  GPtrArray   *members_found;  /* a search's members, while its artisans are read */
};

G_DEFINE_FINAL_TYPE (GbParticipantsPanel, gb_participants_panel, GTK_TYPE_BOX)

static void refresh (GbParticipantsPanel *self);

static void
toast (GtkWidget  *widget,
       const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static char *
person_name (GbParticipantsPanel *self,
             GbParticipant       *p)
{
  g_autoptr(GbRecord) person = p->member_id ? gb_store_get (self->members, p->member_id, NULL)
                                            : gb_store_get (self->artisans, p->artisan_id, NULL);

  return g_strdup (person ? gb_record_get_name (person) : "?");
}

static void
save_participant (GbParticipantsPanel *self,
                  GbParticipant       *p)
{
  g_autoptr(GError) error = NULL;

  if (!gb_store_update (self->participants, GB_RECORD (p), &error))
    toast (GTK_WIDGET (self), error->message);
}

/* The participant of the row that holds @widget: the list's own item,
 * held while the handler uses it. */
static GbParticipant *
row_participant (GbParticipantsPanel *self,
                 GtkWidget           *widget)
{
  return gb_list_box_get_item (GTK_LIST_BOX (self->list), G_LIST_MODEL (self->records), widget);
}

static void
attended_toggled_cb (GtkCheckButton      *check,
                     GbParticipantsPanel *self)
{
  g_autoptr(GbParticipant) p = row_participant (self, GTK_WIDGET (check));

  if (p == NULL)
    return;
  p->attended = gtk_check_button_get_active (check);
  save_participant (self, p);
}

static void
role_changed_cb (GtkDropDown         *dropdown,
                 GParamSpec          *pspec,
                 GbParticipantsPanel *self)
{
  g_autoptr(GbParticipant) p = row_participant (self, GTK_WIDGET (dropdown));

  if (p == NULL)
    return;
  g_free (p->role);
  p->role = g_strdup (gb_participant_roles[gtk_drop_down_get_selected (dropdown)].code);
  save_participant (self, p);
}

static void
remove_clicked_cb (GtkButton           *button,
                   GbParticipantsPanel *self)
{
  g_autoptr(GbParticipant) p = row_participant (self, GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;

  if (p == NULL)
    return;
  /* Taking someone off the list is undone by adding them again. */
  if (!gb_store_delete (self->participants, gb_record_get_id (GB_RECORD (p)), &error))
    toast (GTK_WIDGET (self), error->message);
  refresh (self);
}

static void
add_person (GbParticipantsPanel *self,
            const char          *field,
            gint64               id)
{
  GbParticipant *p = g_object_new (GB_TYPE_PARTICIPANT, NULL);
  g_autoptr(GError) error = NULL;

  p->event_id = self->event_id;
  if (g_str_equal (field, "member_id"))
    p->member_id = id;
  else
    p->artisan_id = id;
  p->role = g_strdup (self->default_role);
  p->attended = TRUE;
  if (!gb_store_insert (self->participants, GB_RECORD (p), &error))
    toast (GTK_WIDGET (self),
           g_error_matches (error, GB_ERROR, GB_ERROR_CONSTRAINT)
           ? _("Already on the list.") : error->message);
  g_object_unref (p);
  gtk_editable_set_text (GTK_EDITABLE (self->search_row), "");
  refresh (self);
}

/* @person: the match's member or artisan, held by the button's handler. */
static void
match_clicked_cb (GtkButton *button,
                  GbRecord  *person)
{
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (button), GB_TYPE_PARTICIPANTS_PANEL);

  if (self != NULL)
    add_person (GB_PARTICIPANTS_PANEL (self), GB_IS_MEMBER (person) ? "member_id" : "artisan_id",
                gb_record_get_id (person));
}

static void
clear_matches (GbParticipantsPanel *self)
{
  for (guint i = 0; i < self->match_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->search_group),
                                  g_ptr_array_index (self->match_rows, i));
  g_ptr_array_set_size (self->match_rows, 0);
}

static void
add_matches (GbParticipantsPanel *self,
             GPtrArray           *found,
             const char          *kind_label)
{
  for (guint i = 0; found && i < found->len; i++)
    {
      GbRecord *r = g_ptr_array_index (found, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      g_autofree char *name = g_strdup_printf ("match-%u", self->match_rows->len);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gb_record_get_name (r));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind_label);
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gb_widget_set_tip (add, _("Add to the participants"));
      g_signal_connect_data (add, "clicked", G_CALLBACK (match_clicked_cb), g_object_ref (r),
                             (GClosureNotify) g_object_unref, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), add);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->search_group), row);
      g_ptr_array_add (self->match_rows, row);
    }
}

/* The first few members and artisans whose words start with what was
 * typed: read by core on a worker thread, on a connection of its own, so
 * that a search over 100,000 records never holds up the typing. Members
 * first, then artisans; both shown together. */
static void
search_kind (GbParticipantsPanel *self,
             GType                type,
             const char          *text,
             GAsyncReadyCallback  done)
{
  g_autoptr(GbStore) store = gb_store_new (self->database, type);
  g_autoptr(GbQuery) query = gb_query_new ();

  gb_query_set_search (query, text);
  gb_query_set_range (query, 0, MATCHES_PER_KIND);
  gb_store_query_async (store, query, self->search_cancellable, done, self);
}

static void
artisans_found (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GPtrArray) artisans = gb_store_query_finish (result, NULL);
  GbParticipantsPanel *self;

  /* Cancelled: typed on since, or the panel is gone. */
  if (artisans == NULL)
    return;
  self = data;
  clear_matches (self);
  add_matches (self, self->members_found, _("Member"));
  add_matches (self, artisans, _("Artisan"));
  g_clear_pointer (&self->members_found, g_ptr_array_unref);
}

static void
members_found (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GPtrArray *members = gb_store_query_finish (result, NULL);
  GbParticipantsPanel *self;

  if (members == NULL)
    return;
  self = data;
  g_clear_pointer (&self->members_found, g_ptr_array_unref);
  self->members_found = members;
  search_kind (self, GB_TYPE_ARTISAN, gtk_editable_get_text (GTK_EDITABLE (self->search_row)), artisans_found);
}

static gboolean
search_now (gpointer data)
{
  GbParticipantsPanel *self = data;

  self->search_source = 0;
  self->search_cancellable = g_cancellable_new ();
  search_kind (self, GB_TYPE_MEMBER, gtk_editable_get_text (GTK_EDITABLE (self->search_row)), members_found);
  return G_SOURCE_REMOVE;
}

static void
stop_search (GbParticipantsPanel *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
}

/* One search per pause in typing (150 ms, as GtkSearchEntry waits), not
 * one per letter. */
static void
search_changed_cb (GtkEditable         *row,
                   GbParticipantsPanel *self)
{
  const char *text = gtk_editable_get_text (row);

  stop_search (self);
  if (g_utf8_strlen (text, -1) < 2)
    {
      clear_matches (self);
      return;
    }
  self->search_source = g_timeout_add (150, search_now, self);
}

static GtkWidget *
participant_row (gpointer item,
                 gpointer data)
{
  GbParticipantsPanel *self = data;
  GbParticipant *p = item;
  g_autofree char *name = person_name (self, p);
  g_autofree char *row_name = NULL;
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *role, *remove;
  guint selected = 0, position = 0;

  g_list_store_find (self->records, p, &position);
  row_name = g_strdup_printf ("participant-%u", position);
  for (guint r = 0; gb_participant_roles[r].code; r++)
    {
      gtk_string_list_append (roles, _(gb_participant_roles[r].label));
      if (g_strcmp0 (gb_participant_roles[r].code, p->role) == 0)
        selected = r;
    }
  role = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (roles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (role), selected);
  gtk_widget_set_valign (role, GTK_ALIGN_CENTER);
  g_signal_connect (role, "notify::selected", G_CALLBACK (role_changed_cb), self);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), p->attended);
  gtk_widget_set_tooltip_text (check, _("Attended"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect (check, "toggled", G_CALLBACK (attended_toggled_cb), self);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gb_widget_set_tip (remove, _("Take off the list"));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  gtk_widget_set_name (row, row_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->member_id ? _("Member") : _("Artisan"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), role);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
refresh (GbParticipantsPanel *self)
{
  g_autoptr(GPtrArray) found = gb_store_list_by (self->participants, "event_id", self->event_id,
                                                 NULL);
  g_autofree char *description = NULL;
  guint attended = 0, n;

  /* One change: the list builds its rows again from the new items. */
  g_list_store_splice (self->records, 0, g_list_model_get_n_items (G_LIST_MODEL (self->records)),
                       found ? found->pdata : NULL, found ? found->len : 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->records));
  for (guint i = 0; found && i < found->len; i++)
    attended += GB_PARTICIPANT (g_ptr_array_index (found, i))->attended;

  description = g_strdup_printf (_("%u on the list, %u attended. Tick who came; type a few letters "
                                   "below to add someone."),
                                 n, attended);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group), description);
}

guint
gb_participants_panel_get_n_rows (GbParticipantsPanel *self)
{
  g_return_val_if_fail (GB_IS_PARTICIPANTS_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->records));
}

static void
gb_participants_panel_dispose (GObject *object)
{
  GbParticipantsPanel *self = GB_PARTICIPANTS_PANEL (object);

  stop_search (self);
  g_clear_pointer (&self->members_found, g_ptr_array_unref);
  g_clear_object (&self->database);
  g_clear_pointer (&self->match_rows, g_ptr_array_unref);
  g_clear_object (&self->records);
  g_clear_object (&self->participants);
  g_clear_object (&self->members);
  g_clear_object (&self->artisans);

  G_OBJECT_CLASS (gb_participants_panel_parent_class)->dispose (object);
}

static void
gb_participants_panel_class_init (GbParticipantsPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_participants_panel_dispose;
}

static void
gb_participants_panel_init (GbParticipantsPanel *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->records = g_list_store_new (GB_TYPE_PARTICIPANT);
  self->match_rows = g_ptr_array_new ();
}

GbParticipantsPanel *
gb_participants_panel_new (GbDatabase *database,
                           gint64      event_id,
                           const char *default_role)
{
  GbParticipantsPanel *self = g_object_new (GB_TYPE_PARTICIPANTS_PANEL, NULL);

  self->event_id = event_id;
  self->default_role = default_role;
  self->database = g_object_ref (database);
  self->participants = gb_store_new (database, GB_TYPE_PARTICIPANT);
  self->members = gb_store_new (database, GB_TYPE_MEMBER);
  self->artisans = gb_store_new (database, GB_TYPE_ARTISAN);

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Participants"));
  self->list = gb_group_bind_model (self->group, G_LIST_MODEL (self->records), participant_row,
                                    self);
  gtk_box_append (GTK_BOX (self), self->group);

  self->search_group = adw_preferences_group_new ();
  self->search_row = adw_entry_row_new ();
  gtk_widget_set_name (self->search_row, "participant-search");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->search_row),
                                 _("Add a member or artisan: type a name"));
  g_signal_connect (self->search_row, "changed", G_CALLBACK (search_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->search_group), self->search_row);
  gtk_widget_set_margin_top (self->search_group, 12);
  gtk_box_append (GTK_BOX (self), self->search_group);

  refresh (self);
  return self;
}

/* The events a member or an artisan took part in, newest first. */
GtkWidget *
gb_attended_events_new (GbDatabase *database,
                        const char *person_field,
                        gint64      person_id)
{
  g_autoptr(GbStore) participants = gb_store_new (database, GB_TYPE_PARTICIPANT);
  g_autoptr(GbStore) events = gb_store_new (database, GB_TYPE_EVENT);
  g_autoptr(GPtrArray) rows = gb_store_list_by (participants, person_field, person_id, NULL);
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Events Attended"));
  gtk_widget_set_name (group, "attended");
  if (rows == NULL || rows->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("None recorded. Add people to an event from the event's form."));
  for (guint i = rows ? rows->len : 0; i > 0; i--)
    {
      GbParticipant *p = g_ptr_array_index (rows, i - 1);
      g_autoptr(GbRecord) event = gb_store_get (events, p->event_id, NULL);
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (event == NULL || gb_record_get_deleted_at (event) != NULL)
        continue;
      date = gb_text_format_date (gb_record_get_text (event, "start_date"));
      subtitle = g_strdup_printf ("%s · %s%s", date, gb_choice_label (gb_participant_roles, p->role),
                                  p->attended ? "" : _(" · did not attend"));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gb_record_get_name (event));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}
