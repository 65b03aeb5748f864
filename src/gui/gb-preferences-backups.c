/* gb-preferences-backups.c — the Backups page of the preferences window
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How many backups of each period stay, the backups on disk with a Restore
 * button each, and Back Up Now; the copies run on worker threads.
 */
#define G_LOG_DOMAIN "gb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-backup.h"
#include "gb-boxed-item.h"
#include "gb-preferences-window-private.h"
#include "gb-widget-util.h"

static void fill_backups (GbPreferencesWindow *self);

typedef struct
{
  GbPreferencesWindow *self;
  char                *path;
} RestoreData;

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GbPreferencesWindow *self = data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();
  gboolean restored = gb_backup_restore_finish (result, &error);

  /* The window was closed meanwhile: the restore is done all the same. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (GB_IS_APPLICATION (app))
        g_object_notify (G_OBJECT (app), "database");
      return;
    }
  gtk_widget_set_sensitive (self->backups_group, TRUE);
  if (!restored)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  /* Every page reads the restored content afresh. */
  if (GB_IS_APPLICATION (app))
    g_object_notify (G_OBJECT (app), "database");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
    adw_toast_new (_("Restored; what was there before is kept as a backup")));
  fill_backups (self);
}

static void
restore_response (AdwMessageDialog *dialog,
                  const char       *response,
                  RestoreData      *data)
{
  GbPreferencesWindow *self = data->self;

  if (g_str_equal (response, "restore"))
    {
      /* One restore at a time; the copy runs on a worker thread. */
      gtk_widget_set_sensitive (self->backups_group, FALSE);
      gb_backup_restore_async (gb_database_get_path (self->database), data->path, self->cancellable,
                               restore_done, self);
    }
  g_object_unref (data->self);
  g_free (data->path);
  g_free (data);
}

static char *
backup_when (const GbBackup *b)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (b->time);

  return g_date_time_format (t, "%d/%m/%Y %H:%M");
}

static void
restore_clicked_cb (GtkButton           *button,
                    GbPreferencesWindow *self)
{
  /* The backup of the button's own row, held while the dialog is made. */
  g_autoptr(GbBoxedItem) item = gb_list_box_get_item (GTK_LIST_BOX (self->backup_list),
                                                      G_LIST_MODEL (self->backups),
                                                      GTK_WIDGET (button));
  const GbBackup *b = item ? gb_boxed_item_get (item) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *what = NULL;
  RestoreData *data;
  GtkWidget *dialog;

  if (b == NULL)
    return;
  when = backup_when (b);
  /* The file's name carries the kind's code: the dialog names the backup in words. */
  what = g_strdup_printf ("%s (%s)", when, gb_backup_reason_label (b->reason));
  data = g_new0 (RestoreData, 1);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
    /* Translators: the backup's date and kind, "06/12/2026 15:30 (Before an import)". */
    _("The database is replaced by the backup of %s. What it holds now is backed up first and can "
      "be restored in turn."), what);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data->self = g_object_ref (self);
  data->path = g_strdup (b->path);
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
backup_row (gpointer item,
            gpointer data)
{
  GbPreferencesWindow *self = data;
  const GbBackup *b = gb_boxed_item_get (item);
  g_autofree char *when = backup_when (b);
  g_autofree char *size = g_format_size (b->size);
  g_autofree char *m = g_strdup_printf ("%" G_GINT64_FORMAT, b->members);
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, b->artisans);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore…"));

  /* Translators: size, members, artisans, then " · reason" or nothing. */
  subtitle = g_strdup_printf (_("%s · %s members · %s artisans%s%s"), size, m, a,
                              " · ", gb_backup_reason_label (b->reason));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  g_signal_connect (restore, "clicked", G_CALLBACK (restore_clicked_cb), self);
  {
    g_autofree char *refusal = gb_database_dup_refusal (self->database, GB_DATABASE_TASK_RESTORE);

    if (refusal != NULL)
      {
        gtk_widget_set_sensitive (restore, FALSE);
        gtk_widget_set_tooltip_text (restore, refusal);
      }
  }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  gtk_widget_set_name (row, "backup-row");
  return row;
}

/* The backups as listed on a worker thread (each file is opened to count
 * what it holds). */
static void
backups_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GbPreferencesWindow *self = data;
  g_autoptr(GPtrArray) list = gb_backup_list_finish (result, NULL);
  g_autoptr(GPtrArray) items = NULL;

  /* NULL: the window was closed meanwhile. */
  if (list == NULL)
    return;
  /* The items take the backups over; one change builds the rows again. */
  items = g_ptr_array_new_full (list->len, g_object_unref);
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (items, gb_boxed_item_new (list->pdata[i], (GDestroyNotify) gb_backup_free));
  g_list_store_splice (self->backups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->backups)),
                       items->pdata, items->len);
}

static void
fill_backups (GbPreferencesWindow *self)
{
  if (self->database != NULL)
    gb_backup_list_async (gb_database_get_path (self->database), self->cancellable, backups_listed, self);
}

static void
backup_now_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GbPreferencesWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gb_backup_make_finish (result, &error);

  /* The window was closed meanwhile; the backup is made all the same. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->backup_now, TRUE);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (path ? _("Backup made") : error->message));
  fill_backups (self);
}

/* The copy runs on a worker thread: a large file does not freeze the
 * window (about 1.3 s at 100,000 records). */
void
gb_preferences_window_backup_now_cb (GbPreferencesWindow *self)
{
  if (self->database == NULL)
    return;
  gtk_widget_set_sensitive (self->backup_now, FALSE);
  gb_backup_make_async (gb_database_get_path (self->database), "manual", self->cancellable, backup_now_done,
                        self);
}

void
gb_preferences_window_fill_backups_page (GbPreferencesWindow *self)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autofree char *description = g_strdup_printf (_("Made each day Guildbook is opened, before an import, "
                                                    "an update of the database or a restore, in %s. Of "
                                                    "these the last 3 of each kind stay, and the newest of "
                                                    "the days, weeks and months below. Backups you make "
                                                    "yourself are never removed."),
                                                  dir);

  self->backups = g_list_store_new (GB_TYPE_BOXED_ITEM);
  self->backup_list = gb_group_bind_model (self->backups_group, G_LIST_MODEL (self->backups),
                                           backup_row, self);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->rotation_group), description);
  g_settings_bind (self->settings, "backup-daily", self->backup_daily, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-weekly", self->backup_weekly, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-monthly", self->backup_monthly, "value",
                   G_SETTINGS_BIND_DEFAULT);
  fill_backups (self);
}
