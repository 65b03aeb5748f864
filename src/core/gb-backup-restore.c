/* gb-backup-restore.c — a backup copied back over the database, under its
 * write lock, and a damaged file replaced by its newest good backup
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
#include "gb-error.h"
#include "gb-keys.h"
#include "gb-output.h"

/* Restore ------------------------------------------------------------------ */

/* The working copy of a restore, its journal, and any backup made of it
 * when it was brought to the current schema. */
static void
discard_copy (const char *copy)
{
  g_autoptr(GPtrArray) made = gb_backup_list_files (copy, FALSE);
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

  if ((fd = gb_backup_claim_new (copy)) < 0 || !copy_main_file_raw (live, fd))
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
  g_autofree char *register_id = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) keys_error = NULL;
  int version = 0, size = 0, rc;
  int fd CLAIM_RELEASE = -1;
  gboolean ok = FALSE;

  /* Other seats work in it: its content is not replaced under them. */
  if (gb_database_is_shared (database))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED,
                   _("A shared database is not restored over: copy the backup into a new, empty shared "
                     "database instead (guildbook-cli copy --from BACKUP --to DATABASE)."));
      return FALSE;
    }

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (damaged_kept_as != NULL)
    *damaged_kept_as = NULL;
  live = gb_database_get_handle (database);
  /* The file stays the same register whatever backup goes into it: its
   * backups, before and after, stay listed as its own. */
  register_id = gb_backup_register_id_in (live);
  if ((chosen = open_chosen (backup_path, &version, &size, error)) == NULL)
    return FALSE;
  source = chosen;

  /* A backup of an older schema is brought to this one, and one of another
   * page size to this file's (sqlite copies into a WAL file only from the
   * same), in a working copy: the backup itself stays as it was. */
  if (version < gb_database_get_latest_version () || size != page_size (live))
    {
      copy = g_strdup_printf ("%s.restoring-%08x.db", gb_database_get_path (database), g_random_int ());
      if ((fd = gb_backup_claim_new (copy)) < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
        }
      if (fd < 0 || !gb_backup_copy_database (chosen, copy, error)
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
      gb_database_set_error (database, gb_sql_code_from_sqlite (sqlite3_extended_errcode (live)), error);
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
      gb_database_set_error (database, gb_sql_code_from_sqlite (rc), error);
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
      gb_database_set_error (database, gb_sql_code_from_sqlite (rc), error);
      goto out;
    }
  rc = sqlite3_backup_finish (backup);
  backup = NULL;
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (database, gb_sql_code_from_sqlite (rc), error);
      goto out;
    }
  ok = TRUE;
  if (register_id != NULL)
    {
      GbStmt *stmt = gb_database_prepare (database,
                                          "INSERT INTO meta (key, value) VALUES ('register_id', ?)"
                                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                          NULL);

      if (stmt != NULL)
        {
          gb_stmt_bind_text (stmt, 1, register_id);
          if (gb_stmt_step (stmt) != GB_SQL_DONE)
            g_warning ("The restored file did not keep its register id: %s", gb_stmt_error_message (stmt));
          gb_stmt_reset (stmt);
        }
    }
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

  if (!gb_backup_quick_check (backup_path, error))
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
