/* gb-backup.c — online backups, their pruning, restore, and what a killed
 * run leaves behind
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* F_OFD_SETLK */
#define G_LOG_DOMAIN "gb-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gb-backup.h"
#include "gb-error.h"
#include "gb-keys.h"
#include "gb-output.h"

void
gb_backup_free (GbBackup *b)
{
  if (b == NULL)
    return;
  g_free (b->path);
  g_free (b->reason);
  g_free (b);
}

char *
gb_backup_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "guildbook", "backups", NULL);
}

/* "guildbook" for …/guildbook.db: the backups of one file share it. */
static char *
stem_of (const char *database_path)
{
  g_autofree char *base = g_path_get_basename (database_path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* Files being written ----------------------------------------------------
 *
 * A file that a run is writing (a backup's ".part", the working copy of a
 * restore) carries an open-file-description lock on its first byte until
 * it is done; one that nobody locks is what a killed run left, and the
 * next open removes it. An OFD lock belongs to the open file, not to the
 * process: sqlite's POSIX locks (at 1 GiB, never byte 0) are not touched,
 * and a close() elsewhere does not let go of it. The descriptor is closed
 * only after sqlite has closed the file, so that close drops none of
 * sqlite's locks either. Files are known by device and inode, so that this
 * process never opens (and closes) one it is writing to look at it. */

G_LOCK_DEFINE_STATIC (claimed);
static GHashTable *claimed;   /* "dev:ino" of the files this process writes */

static char *
file_key (const struct stat *st)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64) st->st_dev, (guint64) st->st_ino);
}

/* Creates @path (0600, it must not exist) and holds it; returns the
 * descriptor, or -1 with errno. */
static int
claim_new (const char *path)
{
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  struct stat st;
  int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  /* Without OFD locks (a kernel before 3.15) no one can look either, and
   * nothing is taken for a leftover. */
  fcntl (fd, F_OFD_SETLK, &lock);
  if (fstat (fd, &st) == 0)
    {
      G_LOCK (claimed);
      if (claimed == NULL)
        claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (claimed, file_key (&st));
      G_UNLOCK (claimed);
    }
  return fd;
}

static void
release (int fd)
{
  struct stat st;

  if (fd < 0)
    return;
  if (fstat (fd, &st) == 0)
    {
      g_autofree char *key = file_key (&st);

      G_LOCK (claimed);
      g_hash_table_remove (claimed, key);
      G_UNLOCK (claimed);
    }
  close (fd);
}

static void
release_at_exit (int *fd)
{
  release (*fd);
}
#define CLAIM_RELEASE __attribute__ ((cleanup (release_at_exit)))

/* Whether a run (this one, or another by its lock) still writes @path.
 * A file that cannot be looked at counts as written: it is left alone. */
static gboolean
held (const char *path)
{
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  struct stat st;
  gboolean ours;
  int fd;

  if (g_lstat (path, &st) != 0)
    return errno != ENOENT;
  if (!S_ISREG (st.st_mode))
    return TRUE;
  {
    g_autofree char *key = file_key (&st);

    G_LOCK (claimed);
    ours = claimed != NULL && g_hash_table_contains (claimed, key);
    G_UNLOCK (claimed);
  }
  if (ours)
    return TRUE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
  if (fd < 0)
    return errno != ENOENT;
  if (fcntl (fd, F_OFD_GETLK, &lock) != 0)
    lock.l_type = F_WRLCK;
  close (fd);
  return lock.l_type != F_UNLCK;
}

/* Copies the live database into @path with the online backup API. */
static gboolean
copy_database (sqlite3     *from,
               const char  *path,
               GError     **error)
{
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (to, "main", from, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (to);
      else
        {
          /* Small steps, so that a writer elsewhere is kept waiting little. */
          do
            {
              rc = sqlite3_backup_step (backup, 256);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (20);
            }
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          rc = sqlite3_backup_finish (backup) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  /* A backup is one file: no journal beside it to be lost or left behind. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot write the backup: %s"),
                 to ? sqlite3_errmsg (to) : sqlite3_errstr (rc));
  sqlite3_close (to);
  return rc == SQLITE_OK;
}

static gboolean
quick_check (const char  *path,
             GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (!ok)
    g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT, _("The backup did not pass its check."));
  return ok;
}

/* Makes a backup of @database at @destination (put in place by GbOutput:
 * a file is replaced, a pipe or "-" written through), or in the backups
 * folder when NULL; written beside and renamed, mode 0600, checked.
 * Returns its path. */
char *
gb_backup_make (GbDatabase  *database,
                const char  *destination,
                const char  *reason,
                GError     **error)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GbOutput) output = NULL;
  int fd CLAIM_RELEASE = -1;   /* the part file, held until it is renamed */

  if (destination != NULL)
    {
      /* Its file is made 0600 before sqlite writes a byte of it. */
      if ((output = gb_output_open (destination, error)) == NULL)
        return NULL;
      path = g_strdup (destination);
      tmp = g_strdup (gb_output_get_path (output));
    }
  else
    {
      g_autofree char *stem = stem_of (gb_database_get_path (database));

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot create %s: %s"), dir,
                       g_strerror (saved));
          return NULL;
        }
      g_chmod (dir, 0700);
      /* Two backups in the same second (two imports from the command
       * line, even at once) must not be one file: the later is named a
       * second on. The part file is made with O_EXCL: the name is ours. */
      errno = EEXIST;   /* if every name of the next minute is taken */
      for (guint k = 0; fd < 0 && k < 60; k++)
        {
          g_autoptr(GDateTime) t = g_date_time_add_seconds (now, k);
          g_autofree char *stamp = g_date_time_format (t, "%Y%m%d-%H%M%S");
          g_autofree char *name = g_strdup_printf ("%s-%s%s%s.db", stem, stamp, reason && *reason ? "-" : "",
                                                   reason ? reason : "");

          g_free (path);
          path = g_build_filename (dir, name, NULL);
          g_free (tmp);
          tmp = g_strdup_printf ("%s.part", path);
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            continue;
          fd = claim_new (tmp);
          if (fd < 0 && errno != EEXIST)
            break;
        }
    }
  if (output == NULL && fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write the backup: %s"),
                   g_strerror (saved));
      return NULL;
    }
  if (!copy_database (gb_database_get_handle (database), tmp, error) || !quick_check (tmp, error))
    {
      if (output == NULL)
        g_unlink (tmp);
      return NULL;
    }
  if (output != NULL)
    return gb_output_commit (output, error) ? g_steal_pointer (&path) : NULL;
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write the backup: %s"),
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* A backup made by hand: the rule never removes it. */
#define MANUAL "manual"

static gint64
time_from_name (const char *stem,
                const char *name,
                char      **reason)
{
  int y, mo, d, h, mi, s;
  int used = 0;
  g_autoptr(GDateTime) t = NULL;
  const char *rest;

  if (!g_str_has_prefix (name, stem) || name[strlen (stem)] != '-' || !g_str_has_suffix (name, ".db"))
    return -1;
  rest = name + strlen (stem) + 1;
  if (sscanf (rest, "%4d%2d%2d-%2d%2d%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6 || used != 15)
    return -1;
  t = g_date_time_new_local (y, mo, d, h, mi, s);
  if (t == NULL)
    return -1;
  if (reason)
    {
      const char *r = rest + 15;
      *reason = r[0] == '-' ? g_strndup (r + 1, strlen (r + 1) - 3) : g_strdup ("");
    }
  return g_date_time_to_unix (t);
}

static gint64
count_in (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const GbBackup *x = *(GbBackup *const *) a, *y = *(GbBackup *const *) b;

  return x->time < y->time ? 1 : x->time > y->time ? -1 : 0;
}

static GPtrArray *
list_backups (const char *database_path,
              gboolean    count)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autofree char *stem = stem_of (database_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_backup_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *reason = NULL;
      gint64 t = time_from_name (stem, name, &reason);
      GbBackup *b;
      GStatBuf st;
      sqlite3 *db = NULL;

      if (t < 0)
        continue;
      b = g_new0 (GbBackup, 1);
      b->path = g_build_filename (dir, name, NULL);
      b->time = t;
      b->reason = g_steal_pointer (&reason);
      b->size = g_stat (b->path, &st) == 0 ? (gint64) st.st_size : 0;
      b->members = b->artisans = -1;
      if (count)
        {
          if (sqlite3_open_v2 (b->path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
            {
              b->members = count_in (db, "SELECT count(*) FROM members WHERE deleted_at IS NULL");
              b->artisans = count_in (db, "SELECT count(*) FROM artisans WHERE deleted_at IS NULL");
            }
          sqlite3_close (db);
        }
      g_ptr_array_add (list, b);
    }
  g_ptr_array_sort (list, newest_first);
  return list;
}

/* The backups of the file at @database_path, newest first. */
GPtrArray *
gb_backup_list (const char *database_path)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return list_backups (database_path, TRUE);
}

/* The rule's numbers: the window's preferences where they are installed,
 * so that the command line keeps what the window keeps. */
void
gb_backup_rotation_load (GbRotation *rotation)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  g_return_if_fail (rotation != NULL);

  /* Three of each kind: the last imports can each be taken back whole,
   * even on a day of many. */
  *rotation = (GbRotation) { .daily = 7, .weekly = 4, .monthly = 12, .latest = 3 };
  if (schema != NULL && g_settings_schema_has_key (schema, "backup-daily")
      && g_settings_schema_has_key (schema, "backup-weekly") && g_settings_schema_has_key (schema, "backup-monthly"))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      rotation->daily = g_settings_get_uint (settings, "backup-daily");
      rotation->weekly = g_settings_get_uint (settings, "backup-weekly");
      rotation->monthly = g_settings_get_uint (settings, "backup-monthly");
    }
}

/* Applies the rule (gb-backup.h) to the backups of @database_path: keeps
 * the newest @rotation->latest of each kind and the newest of each of the
 * last @daily days, @weekly weeks and @monthly months that have one; never
 * removes one made by hand. With no @rotation, the settings' (as
 * gb_backup_rotation_load). Returns how many were removed. */
guint
gb_backup_prune (const char       *database_path,
                 const GbRotation *rotation)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) weeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GbRotation loaded;
  guint removed = 0;

  g_return_val_if_fail (database_path != NULL, 0);

  if (rotation == NULL)
    {
      gb_backup_rotation_load (&loaded);
      rotation = &loaded;
    }
  list = list_backups (database_path, FALSE);
  for (guint i = 0; i < list->len; i++)   /* newest first */
    {
      GbBackup *b = list->pdata[i];
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (b->time);
      g_autofree char *day = g_date_time_format (t, "%Y-%m-%d");
      g_autofree char *week = g_date_time_format (t, "%G-W%V");
      g_autofree char *month = g_date_time_format (t, "%Y-%m");
      guint of_kind = GPOINTER_TO_UINT (g_hash_table_lookup (kinds, b->reason));
      gboolean keep = FALSE;

      if (g_str_equal (b->reason, MANUAL))
        continue;
      g_hash_table_insert (kinds, b->reason, GUINT_TO_POINTER (of_kind + 1));
      if (of_kind < rotation->latest)
        keep = TRUE;
      if (!g_hash_table_contains (days, day) && g_hash_table_size (days) < rotation->daily)
        keep = TRUE, g_hash_table_add (days, g_strdup (day));
      if (!g_hash_table_contains (weeks, week) && g_hash_table_size (weeks) < rotation->weekly)
        keep = TRUE, g_hash_table_add (weeks, g_strdup (week));
      if (!g_hash_table_contains (months, month) && g_hash_table_size (months) < rotation->monthly)
        keep = TRUE, g_hash_table_add (months, g_strdup (month));
      if (!keep && g_unlink (b->path) == 0)
        removed++;
    }
  if (removed > 0)
    g_debug ("%u old backups removed", removed);
  return removed;
}

/* A backup if none was made today, then the rule: also on a day that had
 * its backup already (an import's, or the window opened twice). */
gboolean
gb_backup_daily (GbDatabase        *database,
                 const GbRotation  *rotation,
                 gboolean          *made,
                 GError           **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  gboolean done_today = FALSE;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (rotation != NULL, FALSE);

  if (made)
    *made = FALSE;
  list = list_backups (gb_database_get_path (database), FALSE);
  if (list->len > 0)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (((GbBackup *) list->pdata[0])->time);
      g_autofree char *day = g_date_time_format (t, "%Y-%m-%d");

      done_today = g_str_equal (day, today);
    }
  if (!done_today)
    {
      g_autofree char *path = gb_backup_make (database, NULL, NULL, error);

      if (path == NULL)
        return FALSE;
      if (made)
        *made = TRUE;
    }
  gb_backup_prune (gb_database_get_path (database), rotation);
  return TRUE;
}

/* How a backup's kind is shown. */
const char *
gb_backup_reason_label (const char *reason)
{
  if (reason == NULL || *reason == '\0')
    return _("Daily");
  if (g_str_equal (reason, MANUAL))
    return _("Made by hand");
  if (g_str_equal (reason, "before-import"))
    return _("Before an import");
  if (g_str_equal (reason, "before-restore"))
    return _("Before a restore");
  if (g_str_equal (reason, "before-migration"))
    return _("Before an update of the database");
  return _("Automatic");
}

/* Leftovers ---------------------------------------------------------------- */

/* The file that @name belongs to: "x" for "x-wal", "x-shm" and "x-journal". */
static char *
main_file_of (const char *name)
{
  static const char *const journals[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (journals); i++)
    if (g_str_has_suffix (name, journals[i]))
      return g_strndup (name, strlen (name) - strlen (journals[i]));
  return g_strdup (name);
}

static gboolean
remove_file (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && g_unlink (path) == 0;
}

/* Removes what a killed run left of its work on @database_path: beside it,
 * the working copy of a restore ("<file>.restoring-…") with its journal;
 * in the backups folder, a half-written backup ("<stem>-<time>….db.part")
 * and the backups made of a working copy. Only files named so for this
 * database, and only those no running program holds (gb-backup.c: "Files
 * being written"). Returns how many were removed. */
guint
gb_backup_clean_leftovers (const char *database_path)
{
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *copies = NULL;
  g_autofree char *backups = gb_backup_dir ();
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (database_path != NULL, 0);

  folder = g_path_get_dirname (database_path);
  base = g_path_get_basename (database_path);
  stem = stem_of (database_path);
  copies = g_strconcat (base, ".restoring-", NULL);

  d = g_dir_open (folder, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *main = main_file_of (name);
      g_autofree char *main_path = g_build_filename (folder, main, NULL);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_str_has_prefix (name, copies) && !held (main_path) && remove_file (path))
        removed++;
    }
  g_clear_pointer (&d, g_dir_close);

  d = g_dir_open (backups, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *main = main_file_of (name);
      g_autofree char *path = g_build_filename (backups, name, NULL);
      g_autofree char *held_path = NULL;

      if (g_str_has_suffix (main, ".db.part"))
        {
          g_autofree char *backup = g_strndup (main, strlen (main) - strlen (".part"));

          if (time_from_name (stem, backup, NULL) >= 0)
            held_path = g_build_filename (backups, main, NULL);
        }
      /* A copy's backups go with the copy: "<file>.restoring-ID-<time>….db". */
      if (held_path == NULL && g_str_has_prefix (name, copies))
        {
          const char *id = name + strlen (copies);
          g_autofree char *copy = g_strdup_printf ("%s%.*s.db", copies, (int) strcspn (id, "-."), id);

          held_path = g_build_filename (folder, copy, NULL);
        }
      if (held_path != NULL && !held (held_path) && remove_file (path))
        removed++;
    }
  if (removed > 0)
    g_debug ("%u files left by an interrupted run removed", removed);
  return removed;
}

/* At open, in the window and the command line alike: what killed runs
 * left goes, and the rule is applied (a backup made before an update of
 * the schema, at the last open, is pruned now). */
void
gb_backup_tidy (const char *database_path)
{
  g_return_if_fail (database_path != NULL);

  gb_backup_clean_leftovers (database_path);
  gb_backup_prune (database_path, NULL);
}

/* Restore ------------------------------------------------------------------ */

/* The working copy of a restore, its journal, and any backup made of it
 * when it was brought to the current schema. */
static void
discard_copy (const char *copy)
{
  g_autoptr(GPtrArray) made = list_backups (copy, FALSE);
  static const char *const journals[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < made->len; i++)
    g_unlink (((GbBackup *) made->pdata[i])->path);
  for (guint i = 0; i < G_N_ELEMENTS (journals); i++)
    {
      g_autofree char *path = g_strconcat (copy, journals[i], NULL);

      g_unlink (path);
    }
  g_unlink (copy);
}

static int
page_size (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int size = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return size;
}

/* Opens the backup chosen for a restore, read-only, once it is known for
 * a Guildbook file this version can read, intact. */
static sqlite3 *
open_chosen (const char  *path,
             int         *version,
             int         *size,
             GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;
  guint32 app_id = 0;
  int rc;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, GB_ERROR, saved == ENOENT ? GB_ERROR_NOT_FOUND : GB_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  rc = S_ISREG (st.st_mode) ? sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) : SQLITE_NOTADB;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT (SELECT application_id FROM pragma_application_id),"
                                 " (SELECT user_version FROM pragma_user_version),"
                                 " (SELECT page_size FROM pragma_page_size)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      app_id = (guint32) sqlite3_column_int (stmt, 0);
      *version = sqlite3_column_int (stmt, 1);
      *size = sqlite3_column_int (stmt, 2);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                 _("The database is busy in another program; try again in a moment."));
  else if ((rc & 0xff) == SQLITE_CORRUPT)
    g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT, _("The backup did not pass its check."));
  else if (rc != SQLITE_OK || app_id != GB_APPLICATION_ID)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK, _("“%s” is not a Guildbook backup."), display);
  else if (*version > gb_database_get_latest_version ())
    g_set_error (error, GB_ERROR, GB_ERROR_TOO_NEW,
                 _("“%s” was made by a newer Guildbook; update Guildbook to restore it."), display);
  else
    {
      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
      if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW
          && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
        {
          sqlite3_finalize (stmt);
          return db;
        }
      sqlite3_finalize (stmt);
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT, _("The backup did not pass its check."));
    }
  sqlite3_close (db);
  return NULL;
}

static gboolean
passes_quick_check (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK
                && sqlite3_step (stmt) == SQLITE_ROW
                && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;

  sqlite3_finalize (stmt);
  return ok;
}

/* The bytes of @db's main file into @fd, read through sqlite's own
 * descriptor: one of ours, closed, would drop the process's locks on it. */
static gboolean
copy_main_file_raw (sqlite3  *db,
                    int       fd)
{
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;
  g_autofree char *buf = g_malloc (65536);

  if (sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
      || file == NULL || file->pMethods == NULL || file->pMethods->xFileSize (file, &size) != SQLITE_OK)
    {
      errno = EIO;
      return FALSE;
    }
  for (sqlite3_int64 offset = 0; offset < size; offset += 65536)
    {
      int n = (int) MIN (size - offset, 65536);
      int rc = file->pMethods->xRead (file, buf, n, offset);

      /* A short read leaves zeros: the copy is of what could be read. */
      if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        {
          errno = EIO;
          return FALSE;
        }
      if (!gb_output_write_all (fd, buf, n))
        return FALSE;
    }
  return fsync (fd) == 0;
}

/* The file at @from (the WAL: sqlite locks nothing on it, so a descriptor
 * of ours on it is harmless) copied to a new file @to, 0600. */
static gboolean
copy_plain_file (const char *from,
                 const char *to)
{
  char buf[65536];
  gssize n = 0;
  int in = g_open (from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  int out = in < 0 ? -1 : g_open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  gboolean ok = out >= 0;

  while (ok && ((n = read (in, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)))
    ok = n < 0 || gb_output_write_all (out, buf, (gsize) n);
  ok = ok && n == 0 && fsync (out) == 0;
  if (out >= 0 && close (out) != 0)
    ok = FALSE;
  if (in >= 0)
    close (in);
  if (!ok && out >= 0)
    g_unlink (to);
  return ok;
}

/* The live file failed its check: that is why it is being restored, and a
 * copy of it would fail the check of a backup, which stopped the restore.
 * Its bytes (and its WAL's) are kept beside it, as they are, named
 * "<name>.damaged-<time>" (as gb_backup_replace_file() does): for whoever
 * wants to look for what the backup lacks, never listed as a backup. Run
 * under the write lock, so the WAL does not change meanwhile. Returns the
 * name, or NULL with @error set. */
static char *
keep_damaged (sqlite3     *live,
              const char  *database_path,
              GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *copy = g_strdup_printf ("%s.restoring-%08x.db", database_path, g_random_int ());
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *wal = g_strconcat (database_path, "-wal", NULL);
  g_autofree char *aside = NULL;
  GStatBuf st;
  int fd CLAIM_RELEASE = -1;   /* held until renamed: not a leftover */
  int saved;

  if ((fd = claim_new (copy)) < 0 || !copy_main_file_raw (live, fd))
    goto failed;
  if (g_lstat (wal, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0 && !copy_plain_file (wal, copy_wal))
    goto failed;
  /* Named a second on if a copy of this second is there: never over one. */
  for (guint k = 0; k < 60; k++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_seconds (now, k);
      g_autofree char *stamp = g_date_time_format (t, "%Y%m%d-%H%M%S");

      g_free (aside);
      aside = g_strdup_printf ("%s.damaged-%s", database_path, stamp);
      if (link (copy, aside) == 0)
        break;
      if (errno != EEXIST)
        goto failed;
      g_clear_pointer (&aside, g_free);
    }
  if (aside == NULL)
    goto failed;
  g_unlink (copy);
  if (g_file_test (copy_wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *aside_wal = g_strconcat (aside, "-wal", NULL);

      if (g_rename (copy_wal, aside_wal) != 0)
        g_unlink (copy_wal);
    }
  return g_steal_pointer (&aside);

failed:
  saved = errno;
  g_unlink (copy_wal);
  if (fd >= 0)
    g_unlink (copy);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Cannot keep a copy of the damaged file: %s"), g_strerror (saved));
  return NULL;
}

/* Replaces the content of @database by the backup at @backup_path, after a
 * backup of the current content, all under the write lock: a writer at
 * work (an import in another program) finishes first, and what it wrote
 * is in that backup; one that comes later waits, and writes into the
 * restored content. Through sqlite, so other connections see either the
 * old content or the restored one, never a mix. */
gboolean
gb_backup_restore (GbDatabase  *database,
                   const char  *backup_path,
                   GError     **error)
{
  return gb_backup_restore_full (database, backup_path, NULL, error);
}

/* gb_backup_restore(); when the current content fails its check, it is
 * kept as it is beside the file instead of as a backup, and
 * @damaged_kept_as is set to where (else to NULL). */
gboolean
gb_backup_restore_full (GbDatabase  *database,
                        const char  *backup_path,
                        char       **damaged_kept_as,
                        GError     **error)
{
  sqlite3 *live;
  sqlite3 *chosen = NULL;
  sqlite3 *source;
  sqlite3_backup *backup = NULL;
  g_autoptr(GbDatabase) working = NULL;
  g_autoptr(GbDatabase) reader = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) keys_error = NULL;
  int version = 0, size = 0, rc;
  int fd CLAIM_RELEASE = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (damaged_kept_as != NULL)
    *damaged_kept_as = NULL;
  live = gb_database_get_handle (database);
  if ((chosen = open_chosen (backup_path, &version, &size, error)) == NULL)
    return FALSE;
  source = chosen;

  /* A backup of an older schema is brought to this one, and one of another
   * page size to this file's (sqlite copies into a WAL file only from the
   * same), in a working copy: the backup itself stays as it was. */
  if (version < gb_database_get_latest_version () || size != page_size (live))
    {
      copy = g_strdup_printf ("%s.restoring-%08x.db", gb_database_get_path (database), g_random_int ());
      if ((fd = claim_new (copy)) < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
        }
      if (fd < 0 || !copy_database (chosen, copy, error)
          || (working = gb_database_open (copy, GB_DATABASE_OPEN_EXISTING, error)) == NULL)
        {
          g_prefix_error (error, _("This backup cannot be restored: "));
          goto out;
        }
      if (page_size (gb_database_get_handle (working)) != page_size (live))
        {
          g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = DELETE; PRAGMA page_size = %d; VACUUM;",
                                                  page_size (live));

          if (!gb_database_exec (working, sql, error))
            goto out;
        }
      source = gb_database_get_handle (working);
    }

  backup = sqlite3_backup_init (live, "main", source, "main");
  if (backup == NULL)
    {
      gb_database_set_error (database, sqlite3_extended_errcode (live), error);
      goto out;
    }
  /* A step of no pages takes the write lock, waiting the busy timeout for
   * a writer at work. From here until the copy is committed no one else
   * commits: the backup below holds the last write, and nothing comes
   * between it and the restore. */
  rc = sqlite3_backup_step (backup, 0);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                   _("Nothing was restored: another program is writing to the database. "
                     "Try again when it has finished."));
      goto out;
    }
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (database, rc, error);
      goto out;
    }
  /* Read through a connection of its own: this one is the copy's
   * destination, and sqlite reads no source that is in a write. */
  if ((reader = gb_database_open_reader (database, error)) == NULL)
    goto out;
  before = gb_backup_make (reader, NULL, "before-restore", &local_error);
  /* A copy that fails its check, of a file that fails it too: the file is
   * damaged, and the restore is what it needs. */
  if (before == NULL && g_error_matches (local_error, GB_ERROR, GB_ERROR_CORRUPT)
      && !passes_quick_check (gb_database_get_handle (reader)))
    {
      g_clear_error (&local_error);
      kept = keep_damaged (live, gb_database_get_path (database), &local_error);
    }
  if (before == NULL && kept == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }
  g_clear_object (&reader);
  rc = sqlite3_backup_step (backup, -1);
  if (rc != SQLITE_DONE)
    {
      gb_database_set_error (database, rc, error);
      goto out;
    }
  rc = sqlite3_backup_finish (backup);
  backup = NULL;
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (database, rc, error);
      goto out;
    }
  ok = TRUE;
  /* A backup made with another recipe of keys (another ICU) searches and
   * sorts with this one's from now on. */
  if (!gb_keys_refresh (database, NULL, &keys_error))
    g_warning ("The restored file's keys were not made again: %s", keys_error->message);

out:
  /* Unfinished, the copy is rolled back and the lock let go. */
  if (backup != NULL)
    sqlite3_backup_finish (backup);
  g_clear_object (&reader);
  g_clear_object (&working);
  sqlite3_close (chosen);
  if (copy != NULL)
    discard_copy (copy);
  if (ok)
    gb_backup_prune (gb_database_get_path (database), NULL);
  if (ok && damaged_kept_as != NULL)
    *damaged_kept_as = g_steal_pointer (&kept);
  return ok;
}

/* For a file that cannot be opened at all: the damaged file is kept beside
 * as "<name>.damaged-<time>", and the backup copied in its place (0600). */
gboolean
gb_backup_replace_file (const char  *backup_path,
                        const char  *database_path,
                        char       **kept_as,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", database_path, stamp);
  gsize length = 0;

  if (!quick_check (backup_path, error))
    return FALSE;
  if (!g_file_get_contents (backup_path, &contents, &length, error))
    return FALSE;
  if (g_file_test (database_path, G_FILE_TEST_EXISTS) && g_rename (database_path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot move the damaged file aside: %s"),
                   g_strerror (saved));
      return FALSE;
    }
  /* Its journal belonged to the damaged file. */
  {
    g_autofree char *wal = g_strconcat (database_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (database_path, "-shm", NULL);
    g_autofree char *wal_aside = g_strconcat (aside, "-wal", NULL);

    if (g_file_test (wal, G_FILE_TEST_EXISTS))
      g_rename (wal, wal_aside);
    g_unlink (shm);
  }
  if (!g_file_set_contents_full (database_path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  if (kept_as)
    *kept_as = g_file_test (aside, G_FILE_TEST_EXISTS) ? g_steal_pointer (&aside) : NULL;
  return TRUE;
}
