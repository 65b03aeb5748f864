/* gb-application.c — the Guildbook application: one database at a time
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-backup.h"
#include "gb-error.h"
#include "gb-help-window.h"
#include "gb-keyring.h"
#include "gb-demo.h"
#include "gb-output.h"
#include "gb-preferences-window.h"
#include "gb-resources.h"
#include "gb-window.h"

struct _GbApplication
{
  AdwApplication  parent_instance;

  char           *db_path;     /* from --db, else the shared database of Preferences or the
                                * default in the data folder; a shared one's may carry its
                                * password: never saved, logged or shown */
  gboolean        db_given;    /* by --db or a second `guildbook --db` */
  GbDatabase     *database;
  GCancellable   *opening;     /* the open under way, which a newer one replaces */
};

G_DEFINE_FINAL_TYPE (GbApplication, gb_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_open_error (GbApplication *self, GError *error);
static void start_integrity_check (GbApplication *self, GbDatabase *database);

void
gb_application_ensure_resources (void)
{
  g_resources_register (gb_get_resource ());
}

GbApplication *
gb_application_new (GApplicationFlags extra_flags)
{
  return g_object_new (GB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS | extra_flags,
                       "resource-base-path", "/io/github/guildbook/Guildbook",
                       NULL);
}

GbDatabase *
gb_application_get_database (GbApplication *self)
{
  g_return_val_if_fail (GB_IS_APPLICATION (self), NULL);
  return self->database;
}

/* The file to open at activation (what --db sets). */
void
gb_application_set_database_path (GbApplication *self,
                                  const char    *path)
{
  g_return_if_fail (GB_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  g_free (self->db_path);
  self->db_path = g_strdup (path);
  self->db_given = TRUE;
}

static void
set_database (GbApplication *self,
              GbDatabase    *database)
{
  if (g_set_object (&self->database, database))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

static void
daily_backup_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!gb_backup_daily_finish (result, &error))
    g_warning ("The daily backup was not made: %s", error->message);
}

/* The window works on @database from now on. */
static void
use_database (GbApplication *self,
              GbDatabase    *database)
{
  set_database (self, database);
  /* No export, paper or backup of the window is written over the file it
   * has open, nor over the files sqlite keeps beside it. */
  gb_output_protect (gb_database_get_path (database));
  /* At most once a day, on a worker thread: the window stays free. */
  gb_backup_daily_async (gb_database_get_path (database), NULL, daily_backup_done, NULL);
  start_integrity_check (self, database);
}

/* PRAGMA quick_check reads every page: on a large file that is a second or
 * more, so core runs it on a worker thread, once the window has shown the
 * list. A damaged file is then read-only and the window says so. */
typedef struct
{
  GbApplication *app;
  GbDatabase    *database;   /* the window's connection */
} IntegrityCheck;

static void
integrity_check_free (IntegrityCheck *check)
{
  g_clear_object (&check->app);
  g_clear_object (&check->database);
  g_free (check);
}

static void
integrity_check_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GbDatabase) database = data;
  g_autoptr(GError) error = NULL;

  /* Damage only: a lock held elsewhere or a read error says nothing of the file. */
  if (!gb_database_verify_finish (result, &error) && gb_database_error_is_damage (error))
    {
      g_message ("The database failed its check (PRAGMA quick_check): it is open read-only");
      gb_database_set_damaged (database);
    }
}

static gboolean
integrity_check_start_cb (gpointer data)
{
  IntegrityCheck *check = data;

  /* Another file may be open by now. */
  if (check->app->database == check->database)
    gb_database_verify_async (check->database, NULL, integrity_check_done, g_object_ref (check->database));
  integrity_check_free (check);
  return G_SOURCE_REMOVE;
}

static void
start_integrity_check (GbApplication *self,
                       GbDatabase    *database)
{
  IntegrityCheck *check = g_new0 (IntegrityCheck, 1);

  check->app = g_object_ref (self);
  check->database = g_object_ref (database);
  /* After the first frames: the list comes first. */
  g_idle_add_full (G_PRIORITY_LOW, integrity_check_start_cb, check, NULL);
}

static GtkWindow *
main_window (GbApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

/* Opening a file --------------------------------------------------------- */

/* What an open under way does once the file is open. */
typedef struct
{
  GbApplication *app;
  char          *path;
  gboolean       demo;       /* fill the new file with the demo association */
  gboolean       remember;   /* the file becomes the one offered next time */
  GTask         *task;       /* who asked (gb_application_open_async), told instead of a dialog */
} Opening;

static void
opening_free (Opening *opening)
{
  g_object_unref (opening->app);
  g_clear_object (&opening->task);
  g_free (opening->path);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Opening) opening = data;
  GbApplication *self = opening->app;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) database = gb_database_open_finish (result, &error);

  g_application_release (G_APPLICATION (self));
  /* Another file was asked for meanwhile: its open answers. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (opening->task != NULL)
        g_task_return_error (opening->task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&self->opening);
  if (database == NULL)
    {
      if (opening->task != NULL)
        g_task_return_error (opening->task, g_steal_pointer (&error));
      else
        show_open_error (self, error);
      return;
    }
  use_database (self, database);
  if (opening->task != NULL)
    g_task_return_boolean (opening->task, TRUE);
  if (opening->remember)
    {
      g_free (self->db_path);
      self->db_path = g_steal_pointer (&opening->path);
    }
  if (!opening->demo)
    return;
  if (!gb_demo_fill (self->database, &error))
    show_open_error (self, error);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

/* Opens @path (creating it with @create) on a worker thread: a file an
 * older Guildbook wrote is backed up, updated and its keys made again as
 * it opens, seconds at 100,000 records, and the window stays usable
 * meanwhile, on the file it had open. The window works on the new file
 * once it is open; a file refused is said so (show_open_error). */
static void
open_database_full (GbApplication *self,
                    const char    *path,
                    gboolean       create,
                    gboolean       demo,
                    gboolean       remember,
                    GTask         *task)
{
  Opening *opening = g_new0 (Opening, 1);

  opening->app = g_object_ref (self);
  opening->path = g_strdup (path);
  opening->demo = demo;
  opening->remember = remember;
  opening->task = task ? g_object_ref (task) : NULL;
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  self->opening = g_cancellable_new ();
  /* What a killed run (a restore, a backup) left of its work on this file
   * goes before it is opened again, and the backups are pruned. */
  gb_backup_tidy (path);
  g_application_hold (G_APPLICATION (self));
  gb_database_open_async (path, create ? GB_DATABASE_CREATE : GB_DATABASE_OPEN_EXISTING, self->opening,
                          open_done, opening);
}

static void
open_database (GbApplication *self,
               const char    *path,
               gboolean       create,
               gboolean       demo,
               gboolean       remember)
{
  open_database_full (self, path, create, demo, remember, NULL);
}

/* Opens @path (a file or a connection string) as a second `guildbook
 * --db` does, and tells @callback rather than showing a dialog: for
 * Preferences, which say why under what was typed. */
void
gb_application_open_async (GbApplication       *self,
                           const char          *path,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GB_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, gb_application_open_async);
  self->db_given = TRUE;
  open_database_full (self, path, FALSE, FALSE, TRUE, task);
}

gboolean
gb_application_open_finish (GbApplication  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
first_run_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       GbApplication    *self)
{
  open_database (self, self->db_path, TRUE, g_str_equal (response, "demo"), FALSE);
}

static void
show_first_run (GbApplication *self)
{
  g_autofree char *display = g_filename_display_name (self->db_path);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (main_window (self), _("Welcome to Guildbook"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("There is no database yet at %s.\n\n"
                                    "Start with the demo association to look around, or start "
                                    "empty to enter your own members and artisans."),
                                  display);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "empty", _("Start _Empty"),
                                    "demo", _("Start with _Demo Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "demo",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "demo");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "empty");
  gtk_widget_set_name (dialog, "first-run-dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (first_run_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The newest backup that passes its check takes the damaged file's place;
 * the damaged file is kept aside. */
static void
restore_latest_backup (GbApplication *self)
{
  g_autoptr(GPtrArray) backups = gb_backup_list (self->db_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  if (backups->len == 0)
    {
      g_autofree char *display = g_filename_display_basename (self->db_path);

      g_set_error (&error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no backup of “%s” to restore."), display);
    }
  for (guint i = 0; i < backups->len; i++)
    {
      g_clear_error (&error);
      if (gb_backup_replace_file (((GbBackup *) backups->pdata[i])->path, self->db_path, &kept, &error))
        break;
    }
  if (error != NULL)
    show_open_error (self, error);
  else
    open_database (self, self->db_path, FALSE, FALSE, FALSE);
}

static void
restore_confirm_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             GbApplication    *self)
{
  if (g_str_equal (response, "restore"))
    restore_latest_backup (self);
}

/* From the banner over a damaged file. */
static void
restore_latest_backup_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  GbApplication *self = user_data;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (main_window (self), _("Restore the Latest Backup?"),
                                   _("The damaged file is kept beside it under another name. "
                                     "Changes made after the backup are not in it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (restore_confirm_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_error_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        GbApplication    *self)
{
  if (g_str_equal (response, "restore"))
    {
      restore_latest_backup (self);
      return;
    }
  if (g_str_equal (response, "open"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "open-database", NULL);
  else if (self->database == NULL)
    g_application_quit (G_APPLICATION (self));
}

/* The file is never touched when it is refused: say why and let staff
 * choose another file or quit. */
static void
show_open_error (GbApplication *self,
                 GError        *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (main_window (self), _("Cannot Open the Database"),
                                   error ? error->message : NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "quit", self->database ? _("_Close") : _("_Quit"),
                                    "open", _("_Open Another…"),
                                    NULL);
  /* A damaged file and a backup of it: offer the backup (the file is kept
   * aside). Only for damage: restoring moves a healthy file aside too, and a
   * lock or a read-only file is no reason to. */
  if (self->database == NULL && self->db_path != NULL && gb_database_error_is_damage (error))
    {
      g_autoptr(GPtrArray) backups = gb_backup_list (self->db_path);

      if (backups->len > 0)
        adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "restore",
                                         _("_Restore the Latest Backup"));
    }
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  gtk_widget_set_name (dialog, "open-error-dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (open_error_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_given_database (GbApplication *self)
{
  if (!gb_database_name_is_pg (self->db_path) && !g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    {
      show_first_run (self);
      return;
    }
  /* The window is shown meanwhile. */
  open_database (self, self->db_path, FALSE, FALSE, FALSE);
}

static void
shared_conninfo_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GbApplication) self = data;
  char *conninfo = gb_keyring_conninfo_finish (result, NULL);

  /* Another database asked for meanwhile (open, or being opened) is the
   * one to show; and a window closed meanwhile shows none. */
  if (self->database != NULL || self->opening != NULL || main_window (self) == NULL)
    {
      memset (conninfo, 0, strlen (conninfo));
      g_free (conninfo);
      return;
    }
  g_free (self->db_path);
  self->db_path = conninfo;
  open_given_database (self);
}

static void
open_initial_database (GbApplication *self)
{
  /* No --db: the shared database of Preferences, when one is named, its
   * password looked up in the keyring on a worker thread. */
  if (!self->db_given)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *host = g_settings_get_string (settings, "shared-host");
      g_autofree char *dbname = g_settings_get_string (settings, "shared-dbname");
      g_autofree char *user = g_settings_get_string (settings, "shared-user");

      self->db_given = TRUE;
      if (*dbname != '\0')
        {
          gb_keyring_conninfo_async (host, dbname, user, NULL, shared_conninfo_cb, g_object_ref (self));
          return;
        }
    }
  open_given_database (self);
}

static void
gb_application_activate (GApplication *app)
{
  GbApplication *self = GB_APPLICATION (app);
  GtkWindow *window = main_window (self);

  if (window == NULL)
    {
      window = GTK_WINDOW (gb_window_new (self));
      gb_help_tidy_shortcuts (GTK_WINDOW (gtk_application_window_get_help_overlay (
        GTK_APPLICATION_WINDOW (window))));
      gtk_window_present (window);
      if (self->database == NULL)
        open_initial_database (self);
      return;
    }
  gtk_window_present (window);
}

static int
gb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GbApplication *self = GB_APPLICATION (app);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("guildbook %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "db", "^ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      /* A shared database's connection string is kept as it is. */
      g_autofree char *absolute = gb_database_name_is_pg (path) ? g_strdup (path) : g_file_get_path (file);

      gb_application_set_database_path (self, absolute);
      /* One Guildbook per user: a running one opens the file instead. */
      if (!(g_application_get_flags (app) & G_APPLICATION_NON_UNIQUE)
          && g_application_register (app, NULL, NULL) && g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "open-file", g_variant_new_string (absolute));
          return 0;
        }
    }
  return -1;
}

static void
open_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          GbApplication   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        open_database (self, path, FALSE, FALSE, TRUE);
      else
        show_open_error (self, NULL);
    }
  else if (self->database == NULL)
    {
      /* Nothing open and nothing chosen: offer the choice again. */
      open_initial_database (self);
    }
  g_object_unref (chooser);
}

static void
open_database_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GbApplication *self = user_data;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) any = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Database"), main_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Guildbook databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_filter_set_name (any, _("All files"));
  gtk_file_filter_add_pattern (any, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), any);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GbApplication *self = user_data;
  GbPreferencesWindow *prefs;

  if (self->database == NULL)
    return;
  prefs = gb_preferences_window_new (main_window (self), self->database);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GbApplication *self = user_data;
  static const char *developers[] = { "The Guildbook team", NULL };

  adw_show_about_window (main_window (self),
                         "application-name", "Guildbook",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The register of a craft-village association: members, "
                                       "artisans, events, certificates and reports."),
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Guildbook team",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (gb_help_window_new (main_window (user_data))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = main_window (user_data);

  /* Closing the window saves its size and page; then the application ends. */
  if (window != NULL)
    gtk_window_close (window);
  else
    g_application_quit (G_APPLICATION (user_data));
}

/* A second `guildbook --db FILE` asks the running one to open FILE. */
static void
open_file_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GbApplication *self = user_data;
  const char *path = g_variant_get_string (parameter, NULL);

  gb_application_set_database_path (self, path);
  if (main_window (self) == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      return;
    }
  gtk_window_present (main_window (self));
  if (!gb_database_name_is_pg (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    show_first_run (self);
  else
    open_database (self, path, FALSE, FALSE, FALSE);
}

/* From an empty list page: the demo association, into the empty register
 * (gb_demo_fill() refuses a register that holds anything). */
static void
load_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GbApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->database == NULL)
    return;
  if (!gb_demo_fill (self->database, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (main_window (self), _("The Demo Was Not Loaded"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  /* Every page reads the register again. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

static const GActionEntry app_actions[] = {
  { "open-file", open_file_action, "s" },
  { "load-demo", load_demo_action },
  { "restore-latest-backup", restore_latest_backup_action },
  { "open-database", open_database_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "help", help_action },
  { "quit", quit_action },
};

static void
gb_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (gb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.open-database",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help",
                                         (const char *[]) { "F1", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  /* From anywhere in the window, the sidebar and a search field included. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-record",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import",
                                         (const char *[]) { "<Control>i", NULL });
  for (guint i = 0; gb_window_page_name (i) != NULL; i++)
    {
      g_autofree char *action = g_strdup_printf ("win.show-page::%s", gb_window_page_name (i));
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);

      gtk_application_set_accels_for_action (GTK_APPLICATION (app), action,
                                             (const char *[]) { accel, NULL });
    }
}

static void
gb_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GbApplication *self = GB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_application_finalize (GObject *object)
{
  GbApplication *self = GB_APPLICATION (object);

  g_clear_object (&self->opening);
  g_clear_object (&self->database);
  g_free (self->db_path);

  G_OBJECT_CLASS (gb_application_parent_class)->finalize (object);
}

static void
gb_application_class_init (GbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gb_application_finalize;
  object_class->get_property = gb_application_get_property;
  app_class->activate = gb_application_activate;
  app_class->startup = gb_application_startup;
  app_class->handle_local_options = gb_application_handle_local_options;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, GB_TYPE_DATABASE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gb_application_init (GbApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the database FILE"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  self->db_path = gb_database_default_path ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Keep the register of a craft-village association."));
}
