/* gb-preferences-shared.c — the Shared Database group of the preferences window
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Host, database and user go to GSettings, the password to the keyring
 * (gb-keyring.c), and Connect opens the database as `guildbook --db`
 * does. The password is never saved anywhere else, logged or shown: the
 * connection string that carries it lives in memory only.
 */
#define G_LOG_DOMAIN "gb-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-keyring.h"
#include "gb-preferences-window-private.h"

/* The application of the window these preferences belong to. */
static GbApplication *
application_of (GbPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent ? gtk_window_get_application (parent) : NULL;

  return GB_IS_APPLICATION (app) ? GB_APPLICATION (app) : NULL;
}

static void
show_status (GbPreferencesWindow *self,
             const char          *text,
             gboolean             error)
{
  g_autofree char *shown = NULL;

  if (self->shared_status == NULL)
    return;
  /* The keyring's word stays above what the connection says. */
  shown = self->shared_note ? g_strdup_printf ("%s\n%s", self->shared_note, text) : g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->shared_status), shown);
  gtk_widget_set_visible (self->shared_status, *shown != '\0');
  if (error)
    gtk_widget_add_css_class (self->shared_status, "error");
  else
    gtk_widget_remove_css_class (self->shared_status, "error");
}

static char *
row_text (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GbPreferencesWindow) self = data;
  g_autoptr(GError) error = NULL;
  GbApplication *app = GB_APPLICATION (source);

  if (!gb_application_open_finish (app, result, &error))
    {
      g_autofree char *text = NULL;

      /* Another open replaced this one: it says its own. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Not connected: %s"), error->message);
      show_status (self, text, TRUE);
    }
  else
    {
      g_autofree char *name = gb_database_dup_display_name (gb_application_get_database (app));
      g_autofree char *text = g_strdup_printf (_("Connected: the window works in %s."), name);

      show_status (self, text, FALSE);
    }
  if (self->shared_connect != NULL)
    gtk_widget_set_sensitive (self->shared_connect, TRUE);
}

/* The keyring had its say (on a worker thread): the connection now. */
static void
conninfo_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GbPreferencesWindow) self = data;
  GbApplication *app = application_of (self);
  g_autofree char *note = NULL;
  char *conninfo = gb_keyring_conninfo_finish (result, &note);

  /* Closed meanwhile: no connection for a window that is gone. */
  if (app != NULL && self->shared_status != NULL)
    {
      g_free (self->shared_note);
      self->shared_note = g_steal_pointer (&note);
      show_status (self, _("Connecting…"), FALSE);
      gb_application_open_async (app, conninfo, opened_cb, g_object_ref (self));
    }
  memset (conninfo, 0, strlen (conninfo));
  g_free (conninfo);
}

void
gb_preferences_window_shared_connect_cb (GbPreferencesWindow *self)
{
  GbApplication *app = application_of (self);
  g_autofree char *host = row_text (self->shared_host);
  g_autofree char *dbname = row_text (self->shared_dbname);
  g_autofree char *user = row_text (self->shared_user);
  GtkEditable *password = GTK_EDITABLE (self->shared_password);

  g_return_if_fail (GB_IS_APPLICATION (app));

  g_clear_pointer (&self->shared_note, g_free);
  if (*dbname == '\0')
    {
      gtk_widget_add_css_class (self->shared_dbname, "error");
      show_status (self, _("Write the name of the database."), TRUE);
      return;
    }
  gtk_widget_remove_css_class (self->shared_dbname, "error");
  g_settings_set_string (self->settings, "shared-host", host);
  g_settings_set_string (self->settings, "shared-dbname", dbname);
  g_settings_set_string (self->settings, "shared-user", user);

  show_status (self, _("Connecting…"), FALSE);
  gtk_widget_set_sensitive (self->shared_connect, FALSE);
  /* A password typed goes to the keyring; none typed, the one kept there
   * (libpq may also find one in ~/.pgpass). */
  gb_keyring_conninfo_async (host, dbname, user, gtk_editable_get_text (password),
                             conninfo_cb, g_object_ref (self));
}

/* Back to the file in the data folder, now and at the next start. */
void
gb_preferences_window_shared_use_file_cb (GbPreferencesWindow *self)
{
  GbApplication *app = application_of (self);
  g_autofree char *path = gb_database_default_path ();

  g_return_if_fail (GB_IS_APPLICATION (app));

  g_settings_reset (self->settings, "shared-host");
  g_settings_reset (self->settings, "shared-dbname");
  g_settings_reset (self->settings, "shared-user");
  g_clear_pointer (&self->shared_note, g_free);
  show_status (self, _("The window works in the file in the data folder again."), FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-file", g_variant_new_string (path));
}

/* The window's focus on Connect, once it is shown, and the page scrolled
 * to the group the user was in and what it says now. */
static gboolean
focus_connect (gpointer data)
{
  GbPreferencesWindow *self = data;

  GtkWidget *scrolled;

  if (self->shared_connect == NULL || !gtk_widget_get_mapped (self->shared_connect))
    return G_SOURCE_REMOVE;
  gtk_widget_grab_focus (self->shared_connect);
  /* The group is the page's last: its end shows the status under it too. */
  if ((scrolled = gtk_widget_get_ancestor (self->shared_connect, GTK_TYPE_SCROLLED_WINDOW)) != NULL)
    {
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v));
    }
  return G_SOURCE_REMOVE;
}

/* The window is for the database it was opened on: its profile, papers,
 * backups and log. When the application opens another one (Connect, Use
 * a File Instead, or any other way), a window for that one takes this
 * one's place and says where the window works now: nothing typed here
 * afterwards would go to the database left behind. */
static void
database_switched_cb (GbApplication       *app,
                      GParamSpec          *pspec,
                      GbPreferencesWindow *self)
{
  GbDatabase *db = gb_application_get_database (app);
  g_autofree char *default_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GbPreferencesWindow *fresh;

  if (db == NULL || db == self->database)
    return;
  /* Closed meanwhile (a connection under way keeps it alive): none comes
   * back unasked. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      gb_preferences_window_unfollow (self);
      return;
    }
  fresh = gb_preferences_window_new (gtk_window_get_transient_for (GTK_WINDOW (self)), db);
  fresh->shared_note = g_steal_pointer (&self->shared_note);
  name = gb_database_dup_display_name (db);
  default_path = gb_database_default_path ();
  if (gb_database_is_shared (db))
    text = g_strdup_printf (_("Connected: the window works in %s."), name);
  else if (g_strcmp0 (gb_database_get_path (db), default_path) == 0)
    text = g_strdup (_("The window works in the file in the data folder again."));
  else
    text = g_strdup_printf (_("The window works in the file “%s” now."), name);
  show_status (fresh, text, FALSE);
  gtk_window_present (GTK_WINDOW (fresh));
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, focus_connect, g_object_ref (fresh), g_object_unref);
  gb_preferences_window_unfollow (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
gb_preferences_window_follow_database (GbPreferencesWindow *self)
{
  GbApplication *app = application_of (self);

  if (app == NULL)
    return;
  g_set_weak_pointer (&self->followed, app);
  self->follow_id = g_signal_connect (app, "notify::database", G_CALLBACK (database_switched_cb), self);
}

/* Closed: a window kept alive by a connection under way (its callbacks
 * hold it) follows no database, and none brings it back. */
void
gb_preferences_window_unfollow (GbPreferencesWindow *self)
{
  if (self->followed != NULL && self->follow_id != 0)
    g_signal_handler_disconnect (self->followed, self->follow_id);
  self->follow_id = 0;
  g_clear_weak_pointer (&self->followed);
}

void
gb_preferences_window_fill_shared (GbPreferencesWindow *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "shared-host");
  g_autofree char *dbname = g_settings_get_string (self->settings, "shared-dbname");
  g_autofree char *user = g_settings_get_string (self->settings, "shared-user");

  /* The password is never shown: the row stays empty, the keyring keeps it. */
  gtk_editable_set_text (GTK_EDITABLE (self->shared_host), host);
  gtk_editable_set_text (GTK_EDITABLE (self->shared_dbname), dbname);
  gtk_editable_set_text (GTK_EDITABLE (self->shared_user), user);
  gtk_widget_set_visible (self->shared_status, FALSE);
}
