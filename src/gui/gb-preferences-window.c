/* gb-preferences-window.c — the association profile and other settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-preferences-window.h"
#include "gb-registry.h"
#include "gb-store.h"

struct _GbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *profile_group;
  AdwPreferencesGroup  *signing_group;

  GbStore              *store;
  GbRecord             *profile;
};

G_DEFINE_FINAL_TYPE (GbPreferencesWindow, gb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const profile_fields[] = {
  "name", "short_name", "symbol", "address", "place", "phone", "email", "website", NULL
};
static const char *const signing_fields[] = {
  "signing_authority", "signing_title", "chairman", NULL
};

static void
entry_apply_cb (AdwEntryRow         *row,
                GbPreferencesWindow *self)
{
  const char *field = gtk_widget_get_name (GTK_WIDGET (row));
  g_autofree char *before = g_strdup (gb_record_get_text (self->profile, field));
  g_autoptr(GError) error = NULL;

  gb_record_set_text (self->profile, field, gtk_editable_get_text (GTK_EDITABLE (row)));
  if (!gb_store_update (self->store, self->profile, &error))
    {
      /* Keep what was typed on screen so it can be corrected; not in the record. */
      gb_record_set_text (self->profile, field, before);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), gb_record_get_text (self->profile, field) ?: "");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

static void
add_rows (GbPreferencesWindow *self,
          AdwPreferencesGroup *group,
          const char *const   *fields)
{
  const GbEntity *entity = gb_record_get_entity (self->profile);

  for (guint i = 0; fields[i]; i++)
    {
      const GbField *field = gb_entity_find_field (entity, fields[i]);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), gb_record_get_text (self->profile, field->name) ?: "");
      gtk_widget_set_name (row, field->name);
      g_signal_connect (row, "apply", G_CALLBACK (entry_apply_cb), self);
      adw_preferences_group_add (group, row);
    }
}

static void
gb_preferences_window_dispose (GObject *object)
{
  GbPreferencesWindow *self = GB_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (gb_preferences_window_parent_class)->dispose (object);
}

static void
gb_preferences_window_class_init (GbPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guildbook/Guildbook/gb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, profile_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, signing_group);
}

static void
gb_preferences_window_init (GbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GbPreferencesWindow *
gb_preferences_window_new (GtkWindow  *parent,
                           GbDatabase *database)
{
  GbPreferencesWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (database), NULL);

  self = g_object_new (GB_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = gb_store_new (database, GB_TYPE_ASSOCIATION);
  self->profile = gb_store_get (self->store, 1, &error);
  if (self->profile == NULL)
    {
      g_warning ("Cannot read the association profile: %s", error->message);
      return self;
    }
  add_rows (self, self->profile_group, profile_fields);
  add_rows (self, self->signing_group, signing_fields);
  return self;
}
