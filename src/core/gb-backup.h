/* gb-backup.h — copies of the database, made safely while it is in use
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backups are made with sqlite's online backup API (consistent even while
 * another program writes), or of a shared PostgreSQL database by copying
 * its register into a new file (gb-copy.c, one snapshot of the server),
 * checked with PRAGMA quick_check, kept in
 * $XDG_DATA_HOME/guildbook/backups (folder 0700, files 0600) as
 * "<database>-YYYYMMDD-HHMMSS[-reason].db".
 *
 * One rule keeps them, applied by the window and the command line alike
 * at every open, after the daily backup, after a restore and after an
 * import (once committed: a refused import leaves the backups as they
 * were). Of the automatic backups of one database (made each day at
 * opening, before an import, a restore or an update of the schema), the
 * newest 3 of each kind stay, and the newest of each of the last 7 days,
 * 4 weeks and 12 months that have one (the window's preferences set those
 * three numbers); the rest are removed. A backup made by hand (Back Up
 * Now, `guildbook-cli backup`, or anything written with `backup -o`) is
 * never removed.
 *
 * A restore over a file that fails its check keeps that file's bytes
 * beside it as "<name>.damaged-<time>" (and its WAL as "…-wal") instead of
 * a backup made before the restore, which could not pass its own check.
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  char   *path;
  gint64  time;        /* unix time, from the name */
  char   *reason;      /* "" (daily), "before-import", "before-migration", "before-restore", "manual" */
  gint64  size;
  gint64  members;     /* -1 when it cannot be read */
  gint64  artisans;
} GbBackup;

typedef struct
{
  guint daily;
  guint weekly;
  guint monthly;
  guint latest;        /* the newest of each kind */
} GbRotation;

void       gb_backup_free       (GbBackup          *backup);
char      *gb_backup_dir        (void);
char      *gb_backup_make       (GbDatabase        *database,
                                 const char        *destination,
                                 const char        *reason,
                                 GError           **error);
gboolean   gb_backup_daily      (GbDatabase        *database,
                                 const GbRotation  *rotation,
                                 gboolean          *made,
                                 GError           **error);
void       gb_backup_rotation_load (GbRotation     *rotation);
guint      gb_backup_prune      (const char        *database_path,
                                 const GbRotation  *rotation);
guint      gb_backup_clean_leftovers (const char   *database_path);
void       gb_backup_tidy       (const char        *database_path);
const char *gb_backup_reason_label (const char     *reason);
GPtrArray *gb_backup_list       (const char        *database_path);
gboolean   gb_backup_restore    (GbDatabase        *database,
                                 const char        *backup_path,
                                 GError           **error);
gboolean   gb_backup_restore_full (GbDatabase      *database,
                                   const char      *backup_path,
                                   char           **damaged_kept_as,
                                   GError         **error);

gboolean   gb_backup_replace_file (const char      *backup_path,
                                   const char      *database_path,
                                   char           **kept_as,
                                   GError         **error);

/* The same, on a worker thread with a connection of its own (gb-backup-async.c). */
void       gb_backup_make_async    (const char          *database_path,
                                    const char          *reason,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char      *gb_backup_make_finish   (GAsyncResult        *result,
                                    GError             **error);
void       gb_backup_daily_async   (const char          *database_path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   gb_backup_daily_finish  (GAsyncResult        *result,
                                    GError             **error);
void       gb_backup_list_async    (const char          *database_path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GPtrArray *gb_backup_list_finish   (GAsyncResult        *result,
                                    GError             **error);
void       gb_backup_restore_async (const char          *database_path,
                                    const char          *backup_path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   gb_backup_restore_finish (GAsyncResult       *result,
                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbBackup, gb_backup_free)

G_END_DECLS
