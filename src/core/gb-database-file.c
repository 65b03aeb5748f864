/* gb-database-file.c — the database file before sqlite opens it: where
 * it may live, who may write it, how a new one is made, which are damaged
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here opens a descriptor on an existing database file: closing
 * one would drop the POSIX locks sqlite holds on it for this process (see
 * gb-database.c).
 */
#define _GNU_SOURCE   /* renameat2 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gb-database.h"
#include "gb-database-file.h"
#include "gb-error.h"

/* Files found damaged in this process, by file_key(). */
static GMutex      damaged_lock;
static GHashTable *damaged_files;

/* A file for as long as it exists: its inode and its birth time. The
 * inode alone is not enough, a new file takes the number of a deleted one
 * (a damaged file removed and a new register made in its place would be
 * "damaged" too); the change time would be too much, as any write to the
 * file by another connection would end the mark. Where the file system
 * keeps no birth time, the inode alone. */
static char *
file_key (const char        *path,
          const struct stat *st)
{
  struct statx stx;

  if (statx (AT_FDCWD, path, 0, STATX_BTIME, &stx) == 0 && (stx.stx_mask & STATX_BTIME) != 0
      && makedev (stx.stx_dev_major, stx.stx_dev_minor) == st->st_dev && stx.stx_ino == st->st_ino)
    return g_strdup_printf ("%" PRIuMAX ":%" PRIuMAX ":%" PRIdMAX ".%09" PRIu32, (uintmax_t) st->st_dev,
                            (uintmax_t) st->st_ino, (intmax_t) stx.stx_btime.tv_sec, stx.stx_btime.tv_nsec);
  return g_strdup_printf ("%" PRIuMAX ":%" PRIuMAX, (uintmax_t) st->st_dev, (uintmax_t) st->st_ino);
}

static gboolean
known_damaged (const char        *path,
               const struct stat *st)
{
  g_autofree char *key = file_key (path, st);
  gboolean found;

  g_mutex_lock (&damaged_lock);
  found = damaged_files != NULL && g_hash_table_contains (damaged_files, key);
  g_mutex_unlock (&damaged_lock);
  return found;
}

/* Remembers the file at @path as damaged for the life of the process:
 * every later open of it in this process is read-only. */
void
gb_database_file_mark_damaged (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return;
  g_mutex_lock (&damaged_lock);
  if (damaged_files == NULL)
    damaged_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (damaged_files, file_key (path, &st));
  g_mutex_unlock (&damaged_lock);
}

/* Whether this user may write @path. root may write anything, so the
 * owner's own write bit is asked first: a file its owner made read-only
 * (chmod 400) is read-only for Guildbook too. */
static gboolean
may_write (const char        *path,
           const struct stat *st)
{
  if (st->st_uid == geteuid () && (st->st_mode & S_IWUSR) == 0)
    return FALSE;
  return faccessat (AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
}

/* sqlite writes its -wal and -shm beside the file: a folder this user may
 * not write makes the file read-only as well. */
GbDatabaseAccess
gb_database_file_access (const char        *path,
                         const struct stat *st)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat dir_st;

  if (known_damaged (path, st))
    return GB_DATABASE_DAMAGED;
  if (!may_write (path, st))
    return GB_DATABASE_READ_ONLY_FILE;
  if (g_stat (dir, &dir_st) == 0 && !may_write (dir, &dir_st))
    return GB_DATABASE_READ_ONLY_FOLDER;
  return GB_DATABASE_WRITABLE;
}

/* How sqlite opens a file this user may not write. Without a WAL beside it
 * the file alone holds every record, and "immutable" keeps sqlite from
 * making a -wal and -shm that it could not remove again (and that would
 * keep the file read-only after a chmod). With a WAL, its records are read
 * through it. */
char *
gb_database_file_read_only_uri (const char *path)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;
  gboolean alone = g_stat (wal, &st) != 0 || st.st_size == 0;

  return g_strdup_printf ("file:%s?mode=ro%s", escaped, alone ? "&immutable=1" : "");
}

/* Earlier versions opened a read-only file read-write and left its -wal
 * and -shm behind with the file's mode 0400: once the file is writable
 * again, so are they, or every write would fail. */
void
gb_database_file_repair_journals (const char        *path,
                                  const struct stat *st)
{
  static const char *const suffixes[] = { "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      struct stat journal;

      if (g_stat (name, &journal) == 0 && S_ISREG (journal.st_mode) && journal.st_uid == geteuid ()
          && (journal.st_mode & S_IWUSR) == 0)
        g_chmod (name, st->st_mode & 0666);
    }
}

/* Makes a new database file at @path, whole or not at all: it is made
 * under a temporary name, given its header by sqlite, and linked to
 * @path only then. Two processes starting on the same new file (a window
 * and the CLI on a first run) see either no file or a valid one, never
 * the zero-byte file the other has just created. FALSE with *@lost set
 * when another process made @path first: open that one. */
gboolean
gb_database_file_create (const char  *path,
                         gboolean    *lost,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *temp = g_strconcat (path, ".new-XXXXXX", NULL);
  g_autofree char *display = g_filename_display_name (path);
  sqlite3 *db = NULL;
  int fd, rc, saved;

  *lost = FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot create the folder “%s”: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  /* Created by us with 0600 before sqlite sees it: sqlite gives its WAL and
   * shared-memory files the same mode as the database. */
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot create “%s”: %s"),
                   display, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (temp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA page_size = 16384; PRAGMA application_id = %d;",
                                              (int) GB_APPLICATION_ID);

      rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot create “%s”: %s"),
                   display, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      g_unlink (temp);
      return FALSE;
    }
  sqlite3_close (db);

  /* A hard link puts it in place only if the name is free; FAT and exFAT
   * (a USB stick) have no hard links, but rename without replacing. */
  if (link (temp, path) == 0)
    g_unlink (temp);
  else if ((errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS)
           && renameat2 (AT_FDCWD, temp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
    ;
  else
    {
      saved = errno;
      g_unlink (temp);
      if (saved == EEXIST)
        {
          *lost = TRUE;
          return FALSE;
        }
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot create “%s”: %s"),
                   display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* NFS, SMB/CIFS and the like: sqlite's documentation advises against them,
 * as their file locks are not dependable, and two offices would corrupt
 * the file. The magic numbers are those of statfs(2). */
gboolean
gb_database_is_network_fs (unsigned long fs_type)
{
  static const unsigned long network[] = {
    0x6969,      /* NFS */
    0x517B,      /* SMB */
    0xFF534D42,  /* CIFS */
    0xFE534D42,  /* SMB2 */
    0x65735546,  /* FUSE (sshfs and the like) */
    0x564C,      /* NCP */
    0x73757245,  /* Coda */
    0x6B414653,  /* AFS */
  };

  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    if (fs_type == network[i])
      return TRUE;
  return FALSE;
}

gboolean
gb_database_file_check_local (const char  *path,
                              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statfs st;

  if (statfs (dir, &st) == 0 && gb_database_is_network_fs ((unsigned long) st.f_type))
    {
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK_FS,
                   _("%s is on a network file system. SQLite cannot lock files there reliably, so "
                     "two computers could damage the register. Keep the database on this computer "
                     "(copy it to a local folder) and open it there."), display);
      return FALSE;
    }
  return TRUE;
}
