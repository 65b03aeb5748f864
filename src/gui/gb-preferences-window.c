/* gb-preferences-window.c — the association profile and other settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "gb-audit.h"
#include "gb-document.h"
#include "gb-preferences-window-private.h"
#include "gb-record-form.h"
#include "gb-registry.h"
#include "gb-store.h"

#define MAX_LOGO_BYTES (5 * 1024 * 1024)

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
      gtk_widget_set_sensitive (row, gb_database_may (gb_store_get_database (self->store),
                                                      GB_DATABASE_TASK_PROFILE));
      adw_preferences_group_add (group, row);
    }
}

/* Papers ---------------------------------------------------------------- */

static void
font_selected_cb (GbPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->font_row));

  g_settings_set_string (self->settings, "document-font",
                         i == 0 || self->fonts == NULL ? "" : self->fonts[i - 1]);
}

static void
fill_font_row (GbPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "document-font");
  g_autofree char *fallback = gb_document_default_font ();
  g_autofree char *automatic = g_strdup_printf (_("Automatic (%s)"), fallback);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  /* Only families that write every Vietnamese letter are offered. */
  self->fonts = gb_document_list_fonts ();
  gtk_string_list_append (names, automatic);
  for (guint i = 0; self->fonts[i]; i++)
    {
      gtk_string_list_append (names, self->fonts[i]);
      if (g_str_equal (self->fonts[i], current))
        selected = i + 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->font_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->font_row), selected);
  /* Only now: choosing the font shown is not a change. */
  g_signal_connect_swapped (self->font_row, "notify::selected", G_CALLBACK (font_selected_cb), self);
}

static void
show_logo (GbPreferencesWindow *self)
{
  GBytes *logo = GB_ASSOCIATION (self->profile)->logo;
  /* None made without a logo: a loader never closed is a warning. */
  g_autoptr(GdkPixbufLoader) loader = logo ? gdk_pixbuf_loader_new () : NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (logo != NULL && gdk_pixbuf_loader_write_bytes (loader, logo, NULL)
      && gdk_pixbuf_loader_close (loader, NULL) && gdk_pixbuf_loader_get_pixbuf (loader))
    texture = gdk_texture_new_for_pixbuf (gdk_pixbuf_loader_get_pixbuf (loader));
  gtk_picture_set_paintable (GTK_PICTURE (self->logo_picture), GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->logo_picture, texture != NULL);
  gtk_widget_set_visible (self->logo_remove, texture != NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->logo_row),
                               texture ? _("Printed at the top of certificates and cards")
                                       : _("None: PNG, JPEG or SVG, up to 5 MB"));
}

static void
set_logo (GbPreferencesWindow *self,
          GBytes              *bytes)
{
  g_autoptr(GError) error = NULL;
  GbAssociation *a = GB_ASSOCIATION (self->profile);
  GBytes *before = a->logo ? g_bytes_ref (a->logo) : NULL;

  g_clear_pointer (&a->logo, g_bytes_unref);
  a->logo = bytes ? g_bytes_ref (bytes) : NULL;
  if (!gb_store_update (self->store, self->profile, &error))
    {
      g_clear_pointer (&a->logo, g_bytes_unref);
      a->logo = before;
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  g_clear_pointer (&before, g_bytes_unref);
  show_logo (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

static void
logo_chosen_cb (GtkNativeDialog     *dialog,
                int                  response,
                GbPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes != NULL && g_bytes_get_size (bytes) > MAX_LOGO_BYTES)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The image is larger than 5 MB."));
  else if (bytes != NULL && (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error)
                             || !gdk_pixbuf_loader_close (loader, &error)))
    g_prefix_error (&error, _("Not an image Guildbook can read: "));
  if (error != NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  set_logo (self, bytes);
}

static void
choose_logo_cb (GbPreferencesWindow *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose the Logo"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images (PNG, JPEG, SVG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (logo_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_logo_cb (GbPreferencesWindow *self)
{
  set_logo (self, NULL);
}

static void
recipients_changed_cb (GtkTextBuffer       *buffer,
                       GbPreferencesWindow *self)
{
  GtkTextIter a, b;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  text = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]))
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_add (kept, NULL);
  g_settings_set_strv (self->settings, "report-recipients", (const char *const *) kept->pdata);
}

static void
number_format_apply_cb (AdwEntryRow         *row,
                        GbPreferencesWindow *self)
{
  const char *format = gtk_editable_get_text (GTK_EDITABLE (row));

  /* A format needs a place for the digits. */
  if (strchr (format, '#') == NULL || strlen (format) > 24)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
        adw_toast_new (_("Write the digits as #, for example HV-####.")));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "member-number-format", format);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

/* The Papers page: the font, the cards, the logo, the member-number
 * format, the dues and the usual recipients of reports. */
static void
fill_papers_page (GbPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "member-number-format");
  g_auto(GStrv) recipients = g_settings_get_strv (self->settings, "report-recipients");
  g_autofree char *joined = g_strjoinv ("\n", recipients);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->recipients_view));

  fill_font_row (self);
  g_settings_bind (self->settings, "card-valid-months", self->card_valid_months, "value",
                   G_SETTINGS_BIND_DEFAULT);
  show_logo (self);
  gtk_editable_set_text (GTK_EDITABLE (self->number_format_row), current);
  gb_preferences_window_fill_fees (self);
  gtk_text_buffer_set_text (buffer, joined, -1);
  g_signal_connect (buffer, "changed", G_CALLBACK (recipients_changed_cb), self);
}

/* The audit log ----------------------------------------------------------- */

/* Read-only: the log is the program's memory of who changed what; the
 * database refuses any change to it. */
static void
fill_log_page (GbPreferencesWindow *self)
{
  g_autoptr(GPtrArray) entries = gb_audit_log (self->database, 300, NULL);

  for (guint i = 0; entries && i < entries->len; i++)
    {
      GbHistoryEntry *e = entries->pdata[i];
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (e->at, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m/%Y %H:%M") : g_strdup (e->at);
      g_autofree char *record = gb_audit_dup_record (self->database, e);
      g_autofree char *change = gb_audit_dup_change (self->database, e);
      g_autofree char *title = g_strdup_printf ("%s · %s · %s", when, gb_history_action_label (e->action), record);
      g_autofree char *subtitle = change ? g_strdup_printf ("%s · %s", change, e->os_user)
                                         : g_strdup (e->os_user);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->log_group), row);
    }
}

static void
gb_preferences_window_dispose (GObject *object)
{
  GbPreferencesWindow *self = GB_PREFERENCES_WINDOW (object);

  /* Work still on a worker thread finishes, and says nothing to us. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gb_preferences_window_unfollow (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->fonts, g_strfreev);
  g_clear_object (&self->backups);
  g_clear_object (&self->fee_rows);
  g_clear_object (&self->fees);
  g_clear_object (&self->database);
  g_clear_pointer (&self->shared_note, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, papers_page);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, card_valid_months);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, logo_row);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, logo_remove);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, number_format_row);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, fees_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, recipients_view);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backups_page);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, rotation_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_daily);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_weekly);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_monthly);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_now);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, log_page);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, log_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, shared_host);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, shared_dbname);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, shared_user);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, shared_password);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, shared_connect);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, shared_status);
  gtk_widget_class_bind_template_callback (widget_class, remove_logo_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_logo_cb);
  gtk_widget_class_bind_template_callback (widget_class, number_format_apply_cb);
  /* The handler's name in the template; the function is the Backups page's. */
  gtk_widget_class_bind_template_callback_full (widget_class, "backup_now_cb",
                                                G_CALLBACK (gb_preferences_window_backup_now_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "shared_connect_cb",
                                                G_CALLBACK (gb_preferences_window_shared_connect_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "shared_use_file_cb",
                                                G_CALLBACK (gb_preferences_window_shared_use_file_cb));
}

static void
gb_preferences_window_init (GbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  /* Whatever the database open: the group is how another one is chosen. */
  gb_preferences_window_fill_shared (self);
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
  self->database = g_object_ref (database);
  gb_preferences_window_follow_database (self);
  self->profile = gb_store_get (self->store, 1, &error);
  if (self->profile == NULL)
    {
      g_warning ("Cannot read the association profile: %s", error->message);
      /* The profile alone, empty, as before any page was read. */
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self),
                                     ADW_PREFERENCES_PAGE (self->papers_page));
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self),
                                     ADW_PREFERENCES_PAGE (self->backups_page));
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self),
                                     ADW_PREFERENCES_PAGE (self->log_page));
      return self;
    }
  add_rows (self, self->profile_group, profile_fields);
  add_rows (self, self->signing_group, signing_fields);
  fill_papers_page (self);
  /* The profile is printed on every paper: a role that may not change it
   * reads it, and the group says why its rows take no change. */
  {
    g_autofree char *refusal = gb_database_dup_refusal (database, GB_DATABASE_TASK_PROFILE);

    if (refusal != NULL)
      {
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->profile_group), refusal);
        gtk_widget_set_sensitive (self->logo_row, FALSE);
      }
  }
  gb_preferences_window_fill_backups_page (self);
  fill_log_page (self);
  return self;
}
