/* gb-backup.c — online backups, their pruning, and what a killed run
 * leaves behind (a restore is in gb-backup-restore.c)
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
#include "gb-backup-private.h"
#include "gb-copy.h"
#include "gb-database-file.h"
#include "gb-database-private.h"
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

/* "guildbook" for …/guildbook.db: the backups of one file share it. A
 * shared database's are named for the database ("guildbook" for
 * postgresql://…/guildbook), in characters any file system takes. */
static char *
stem_of (const char *database_path)
{
  g_autofree char *base = NULL;
  char *dot;

  if (gb_database_name_is_pg (database_path))
    {
      char *name = gb_database_pg_dbname (database_path);

      if (name == NULL || *name == '\0' || *name == '.')
        {
          g_free (name);
          return g_strdup ("shared");
        }
      return g_strcanon (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", '_');
    }
  base = g_path_get_basename (database_path);
  dot = strrchr (base, '.');

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
int
gb_backup_claim_new (const char *path)
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

void
gb_backup_release_at_exit (int *fd)
{
  release (*fd);
}

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
gboolean
gb_backup_copy_database (sqlite3     *from,
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

gboolean
gb_backup_quick_check (const char  *path,
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

/* A shared database's backup is a Guildbook file like any other, made
 * through a copy of the register (gb-copy.c) into @path, the empty part
 * file: it opens, restores and copies back as a file's backup does. */
static gboolean
copy_shared (GbDatabase  *database,
             const char  *path,
             GError     **error)
{
  g_autoptr(GbDatabase) copy = gb_database_open (path, GB_DATABASE_FILL_EMPTY, error);

  if (copy == NULL || !gb_copy_database (database, copy, NULL, NULL, NULL, error))
    return FALSE;
  /* A backup is one file: no journal beside it to be lost or left behind. */
  return gb_database_exec (copy, "PRAGMA journal_mode = DELETE", error);
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
          fd = gb_backup_claim_new (tmp);
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
  if (!(gb_database_is_shared (database) ? copy_shared (database, tmp, error)
                                          : gb_backup_copy_database (gb_database_get_handle (database), tmp, error))
      || !gb_backup_quick_check (tmp, error))
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

/* The register a file holds (schema 15 on): a random id given when the
 * file was made, kept by its backups and copies. NULL when the file
 * cannot be read or is older. */
char *
gb_backup_register_id_in (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'register_id'", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return id;
}

static char *
register_id_of (const char *path)
{
  g_autofree char *uri = gb_database_file_read_only_uri (path);
  sqlite3 *db = NULL;
  char *id = NULL;

  /* Another connection of sqlite's own (this process's locks on a live
   * file are safe: see gb-database.c), opened as a read-only file is, so
   * that it leaves no -wal or -shm beside a file that has none. */
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK)
    id = gb_backup_register_id_in (db);
  sqlite3_close (db);
  return id;
}

/* The backups in the folder named for @database_path's file name and made
 * of the same register: another association's "guildbook.db" elsewhere
 * shares the name, not the backups (nor the rule that removes them, nor
 * "restore the latest"). A backup older than register ids, or of a file
 * whose id cannot be read, goes by the name alone. */
GPtrArray *
gb_backup_list_files (const char *database_path,
                      gboolean    count)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autofree char *stem = stem_of (database_path);
  g_autofree char *register_id = register_id_of (database_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_backup_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *reason = NULL;
      g_autofree char *path = NULL;
      g_autofree char *id = NULL;
      gint64 t = time_from_name (stem, name, &reason);
      gint64 members = -1, artisans = -1;
      GbBackup *b;
      GStatBuf st;
      sqlite3 *db = NULL;

      if (t < 0)
        continue;
      path = g_build_filename (dir, name, NULL);
      if ((count || register_id != NULL) && sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
        {
          id = gb_backup_register_id_in (db);
          if (count)
            {
              members = count_in (db, "SELECT count(*) FROM members WHERE deleted_at IS NULL");
              artisans = count_in (db, "SELECT count(*) FROM artisans WHERE deleted_at IS NULL");
            }
        }
      sqlite3_close (db);
      if (register_id != NULL && id != NULL && !g_str_equal (register_id, id))
        continue;   /* another register of the same file name */

      b = g_new0 (GbBackup, 1);
      b->path = g_steal_pointer (&path);
      b->time = t;
      b->reason = g_steal_pointer (&reason);
      b->size = g_stat (b->path, &st) == 0 ? (gint64) st.st_size : 0;
      b->members = members;
      b->artisans = artisans;
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

  return gb_backup_list_files (database_path, TRUE);
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

  /* A shared database's backups are all made by hand, which the rule
   * keeps; judged by the name alone, a file's of the same name would be
   * pruned in its place. */
  if (gb_database_name_is_pg (database_path))
    return 0;
  if (rotation == NULL)
    {
      gb_backup_rotation_load (&loaded);
      rotation = &loaded;
    }
  list = gb_backup_list_files (database_path, FALSE);
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
  /* The server's own backups keep a shared database. */
  if (gb_database_is_shared (database))
    return TRUE;
  list = gb_backup_list_files (gb_database_get_path (database), FALSE);
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
