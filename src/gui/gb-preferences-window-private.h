/* gb-preferences-window-private.h — what the pieces of the preferences window share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbPreferencesWindow is one object written in three files: the window, the
 * profile, the Papers page and the audit log (gb-preferences-window.c); the
 * dues schedule on the Papers page (gb-preferences-dues.c); the Backups
 * page (gb-preferences-backups.c); and the Shared Database group
 * (gb-preferences-shared.c). Only those files include this header.
 */
#pragma once

#include <adwaita.h>

#include "gb-application.h"

#include "gb-preferences-window.h"
#include "gb-store.h"

G_BEGIN_DECLS

struct _GbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *profile_group;
  AdwPreferencesGroup  *signing_group;
  GtkWidget            *papers_page;
  GtkWidget            *card_valid_months;
  GtkWidget            *number_format_row;
  GtkWidget            *recipients_view;
  GtkWidget            *backups_page;
  GtkWidget            *rotation_group;
  GtkWidget            *backup_daily;
  GtkWidget            *backup_weekly;
  GtkWidget            *backup_monthly;
  GtkWidget            *log_page;
  GtkWidget            *log_group;

  GbStore              *store;
  GbRecord             *profile;
  GSettings            *settings;
  GStrv                 fonts;
  GtkWidget            *font_row;
  GtkWidget            *logo_row;
  GtkWidget            *logo_picture;
  GtkWidget            *logo_remove;
  GbDatabase           *database;
  GtkWidget            *backups_group;
  GListStore           *backups;     /* GbBoxedItem of GbBackup, as listed */
  GtkWidget            *backup_list; /* their rows */
  GtkWidget            *backup_now;
  GCancellable         *cancellable;  /* backups' work on worker threads, for a window closed meanwhile */
  GListStore           *fees;        /* GbBoxedItem of Fee, by year */
  GtkWidget            *fees_group;
  GListModel           *fee_rows;    /* the fees, then the item of the row adding a year */
  GtkWidget            *fee_list;    /* their rows */
  GtkWidget            *fee_year;    /* the year to add */
  GtkWidget            *shared_host;
  GtkWidget            *shared_dbname;
  GtkWidget            *shared_user;
  GtkWidget            *shared_password;
  GtkWidget            *shared_connect;
  GtkWidget            *shared_status;  /* under the group: the keyring's word, then the connection's */
  char                 *shared_note;    /* what the keyring said at the last Connect */
  GbApplication        *followed;       /* whose database this window is for (weak) */
  gulong                follow_id;      /* its notify::database handler */
};

/* gb-preferences-dues.c */
void gb_preferences_window_fill_fees         (GbPreferencesWindow *self);

/* gb-preferences-shared.c */
void gb_preferences_window_fill_shared        (GbPreferencesWindow *self);
void gb_preferences_window_follow_database    (GbPreferencesWindow *self);
void gb_preferences_window_unfollow           (GbPreferencesWindow *self);
void gb_preferences_window_shared_connect_cb  (GbPreferencesWindow *self);
void gb_preferences_window_shared_use_file_cb (GbPreferencesWindow *self);

/* gb-preferences-backups.c */
void gb_preferences_window_fill_backups_page (GbPreferencesWindow *self);
void gb_preferences_window_backup_now_cb     (GbPreferencesWindow *self);

G_END_DECLS
