/* gb-database.c — the Guildbook sqlite file: open, validate, migrate
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file that is not ours, damaged or from a newer Guildbook is refused
 * before anything is written to it: setting WAL mode or running a
 * migration would already change it, and the file may be the only copy of
 * years of an association's records.
 *
 * The file is only ever read through sqlite. Other processes (guildbook-cli
 * beside the window) share it, and closing any descriptor of this process
 * on it would drop every POSIX lock the process holds there: another
 * process would then take itself for the last user and delete the WAL
 * under our connections ("How To Corrupt An SQLite Database File", 2.2).
 * sqlite's own descriptors are safe: its unix VFS keeps them open while
 * any connection of the process holds a lock.
 *
 * A file this user may not write (or in a folder they may not write) is
 * opened read-only, leaving nothing beside it; a damaged one (PRAGMA
 * quick_check) is read but never written.
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unicode/ucol.h>

#include "gb-database.h"
#include "gb-database-private.h"
#include "gb-database-file.h"
#include "gb-keys.h"
#include "gb-error.h"
#include "gb-backup.h"
#include "gb-migrations.h"

#define BUSY_TIMEOUT_MS 5000
#define HEADER_SIZE 100


G_DEFINE_FINAL_TYPE (GbDatabase, gb_database, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Files found damaged in this process ("device:inode"): every later
 * connection to them, a worker's or the import window's, is read-only. */
static void
gb_database_finalize (GObject *object)
{
  GbDatabase *self = GB_DATABASE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  gb_database_pg_close (self);
  if (self->handle != NULL)
    {
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->collator, ucol_close);
  g_free (self->path);
  g_free (self->open_name);

  G_OBJECT_CLASS (gb_database_parent_class)->finalize (object);
}

static void
gb_database_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GbDatabase *self = GB_DATABASE (object);

  switch (prop_id)
    {
    case PROP_ACCESS:
      g_value_set_int (value, self->access);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_database_class_init (GbDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gb_database_finalize;
  object_class->get_property = gb_database_get_property;

  /* A GbDatabaseAccess; it changes once at most, when the file is found damaged. */
  properties[PROP_ACCESS] =
    g_param_spec_int ("access", NULL, NULL, GB_DATABASE_WRITABLE, GB_DATABASE_DAMAGED, GB_DATABASE_WRITABLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Another seat committed to the shared database (gb_database_watch()). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gb_database_init (GbDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) gb_stmt_finalize);
  self->role = GB_DATABASE_ROLE_OWNER;
}

int
gb_database_get_latest_version (void)
{
  return (int) gb_n_migrations;
}

char *
gb_database_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "guildbook", "guildbook.db", NULL);
}

/* What staff are told about a file that is open but not writable, or NULL. */
char *
gb_database_dup_access_message (GbDatabase *self)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);

  display = g_filename_display_basename (self->path);
  switch (self->access)
    {
    case GB_DATABASE_READ_ONLY_FILE:
      return g_strdup_printf (_("“%s” is read-only: its records can be read, exported and backed up, "
                                "but not changed. Make the file writable to change it."), display);
    case GB_DATABASE_READ_ONLY_FOLDER:
      return g_strdup_printf (_("The folder of “%s” is read-only: its records can be read, exported and "
                                "backed up, but not changed. Move the file to a folder you can write to."),
                              display);
    case GB_DATABASE_DAMAGED:
      return g_strdup_printf (_("“%s” is damaged: what can still be read is shown, but nothing is "
                                "written to it. Restore the latest backup."), display);
    case GB_DATABASE_WRITABLE:
    default:
      return NULL;
    }
}

static void
set_access_error (GbDatabase  *self,
                  GError     **error)
{
  g_autofree char *message = gb_database_dup_access_message (self);

  g_set_error_literal (error, GB_ERROR,
                       self->access == GB_DATABASE_DAMAGED ? GB_ERROR_CORRUPT : GB_ERROR_READ_ONLY,
                       message);
}

void
gb_database_set_error (GbDatabase  *self,
                       GbSqlCode    code,
                       GError     **error)
{
  const char *detail = self && self->pg ? gb_database_pg_error_message (self)
                     : self && self->handle ? sqlite3_errmsg (self->handle) : "";

  /* A write refused on a file opened read-only says why it is read-only. */
  if (self != NULL && self->access != GB_DATABASE_WRITABLE
      && (code == GB_SQL_READONLY || code == GB_SQL_PERM || code == GB_SQL_CANTOPEN))
    {
      set_access_error (self, error);
      return;
    }

  switch (code)
    {
    case GB_SQL_CONSTRAINT:
      g_set_error (error, GB_ERROR, GB_ERROR_CONSTRAINT,
                   _("The database refused the change: %s"), detail);
      break;
    case GB_SQL_BUSY:
      g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                   _("The database is busy in another program; try again in a moment."));
      break;
    case GB_SQL_PERM:
      /* On a shared database, the server's grants (gb-roles.c) said no:
       * said in the role's words, not the server's, which name tables. */
      if (self != NULL && self->pg != NULL && self->role != GB_DATABASE_ROLE_OWNER)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
                       /* Translators: the role is a word such as “clerk”. */
                       _("Your role, %s, may not make this change: the shared database refused it."),
                       gb_database_role_label (self->role));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case GB_SQL_READONLY:
      g_set_error (error, GB_ERROR, GB_ERROR_READ_ONLY,
                   _("The database file cannot be written: %s"), detail);
      break;
    case GB_SQL_CORRUPT:
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("The database file is damaged: %s"), detail);
      break;
    default:
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Database error: %s"), detail);
      break;
    }
}

/* A file or a shared database of a newer schema, in the same words. */
void
gb_database_set_too_new_error (GError     **error,
                               const char  *display,
                               int          version)
{
  g_set_error (error, GB_ERROR, GB_ERROR_TOO_NEW,
               _("“%s” was written by a newer Guildbook (schema %d; this version knows %u). "
                 "Update Guildbook to open it."),
               display, version, gb_n_migrations);
}

/* One whole number: the first column of @sql's first row, or -1 with
 * @error set. */
gint64
gb_database_query_int64 (GbDatabase  *self,
                         const char  *sql,
                         GError     **error)
{
  GbStmt *stmt = gb_database_prepare (self, sql, error);
  GbSqlCode rc;
  gint64 value = -1;

  if (stmt == NULL)
    return -1;
  if ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    value = gb_stmt_column_int64 (stmt, 0);
  else
    gb_database_set_error (self, rc, error);
  gb_stmt_reset (stmt);
  return value;
}

/* An sqlite call's result code said as gb_database_set_error() wants it. */
static void
set_sqlite_error (GbDatabase  *self,
                  int          rc,
                  GError     **error)
{
  gb_database_set_error (self, gb_sql_code_from_sqlite (rc), error);
}

/* Errors for which a backup is the answer: the file's content is gone or
 * broken. Never a lock, a read-only file or a newer Guildbook's file, as
 * restoring moves the file aside. */
gboolean
gb_database_error_is_damage (const GError *error)
{
  return error != NULL
         && (g_error_matches (error, GB_ERROR, GB_ERROR_CORRUPT)
             || g_error_matches (error, GB_ERROR, GB_ERROR_EMPTY_FILE)
             || g_error_matches (error, GB_ERROR, GB_ERROR_NOT_DATABASE));
}

static guint32
read_be16 (const guint8 *p)
{
  return ((guint32) p[0] << 8) | p[1];
}

/* The 100-byte header, read through sqlite's own descriptor (never one of
 * ours: see the top of this file). Fields: https://sqlite.org/fileformat.html
 * The page count in it is left to sqlite, which also knows the WAL: read
 * while a checkpoint grows the file, the header already counts pages that
 * are not written yet. */
static gboolean
check_header (GbDatabase  *self,
              GError     **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  sqlite3_file *file = NULL;
  guint8 header[HEADER_SIZE] = { 0 };
  sqlite3_int64 size = 0;
  guint32 page_size;

  if (sqlite3_file_control (self->handle, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
      || file == NULL || file->pMethods == NULL || file->pMethods->xFileSize (file, &size) != SQLITE_OK)
    return TRUE;   /* sqlite's own reading decides */
  if (size == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_EMPTY_FILE,
                   _("“%s” is empty (zero bytes): it holds no Guildbook data."), display);
      return FALSE;
    }
  /* A short read fills the rest with zeros. */
  file->pMethods->xRead (file, header, (int) MIN (size, HEADER_SIZE), 0);

  if (size < 16 || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_DATABASE,
                   _("“%s” is not a Guildbook database (it is not an SQLite file)."), display);
      return FALSE;
    }
  if (size < HEADER_SIZE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: the file is cut short."), display);
      return FALSE;
    }
  page_size = read_be16 (header + 16);
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: its header is not valid."), display);
      return FALSE;
    }
  return TRUE;
}

/* What the file is, read through the connection before anything is
 * written: ours, empty (ours to set up), another program's, or newer. A
 * lock held elsewhere is waited for (the busy timeout), never taken for
 * damage. */
static gboolean
check_contents (GbDatabase  *self,
                gboolean    *out_fresh,
                GError     **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  sqlite3_stmt *stmt = NULL;
  int rc, app_id = 0, version = 0, n_objects = 0;

  *out_fresh = FALSE;
  if (!check_header (self, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (self->handle,
                           "SELECT (SELECT application_id FROM pragma_application_id),"
                           " (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_schema)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      app_id = sqlite3_column_int (stmt, 0);
      version = sqlite3_column_int (stmt, 1);
      n_objects = sqlite3_column_int (stmt, 2);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  switch (rc & 0xff)
    {
    case SQLITE_OK:
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                   _("“%s” is locked by another program."), display);
      return FALSE;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: %s"), display, sqlite3_errstr (rc));
      return FALSE;
    default:
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  *out_fresh = app_id == 0 && version == 0 && n_objects == 0;
  if ((guint32) app_id != GB_APPLICATION_ID && !*out_fresh)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                   _("“%s” is an SQLite database of another program, not of Guildbook."), display);
      return FALSE;
    }
  if (version > (int) gb_n_migrations)
    {
      gb_database_set_too_new_error (error, display, version);
      return FALSE;
    }
  /* Setting up or updating a file writes it. */
  if (self->access != GB_DATABASE_WRITABLE && (*out_fresh || version < (int) gb_n_migrations))
    {
      g_autofree char *why = gb_database_dup_access_message (self);

      g_set_error (error, GB_ERROR, GB_ERROR_READ_ONLY,
                   _("“%s” was made by an older Guildbook and must be updated before it can be "
                     "shown, which writes it. %s"), display, why);
      return FALSE;
    }
  return TRUE;
}

static int
collate_vi (void       *data,
            int         len_a,
            const void *a,
            int         len_b,
            const void *b)
{
  UErrorCode status = U_ZERO_ERROR;

  return ucol_strcollUTF8 (data, a, len_a, b, len_b, &status);
}

gboolean
gb_database_exec (GbDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);

  if (self->pg != NULL)
    return gb_database_pg_exec (self, sql, error);
  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static int
query_int (GbDatabase *self,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
migrate (GbDatabase  *self,
         GError     **error)
{
  int version = query_int (self, "PRAGMA user_version");

  if (version < 0)
    {
      set_sqlite_error (self, sqlite3_errcode (self->handle), error);
      return FALSE;
    }
  /* Up to date: no write lock taken. Every open passes here (a report's,
   * a preview's, the CLI's), and a long import elsewhere holds the lock. */
  if ((guint) version >= gb_n_migrations)
    return TRUE;
  /* Years of records are not migrated without a copy of them first. */
  if (version > 0 && (guint) version < gb_n_migrations)
    {
      g_autofree char *copy = gb_backup_make (self, NULL, "before-migration", error);

      if (copy == NULL)
        {
          g_prefix_error (error, _("The database was not updated, as no backup could be made: "));
          return FALSE;
        }
    }

  for (gboolean whole = FALSE;;)
    {
      g_autofree char *pragmas = NULL;
      guint v;

      /* A new file's steps share one transaction: a program stopped
       * while setting it up leaves it empty, not half made (and asking
       * for a backup before the rest of the steps). */
      if (!whole && !gb_database_begin (self, error))
        return FALSE;
      /* Read again under the write lock: another process opening the same
       * new file may have taken the steps since (a window and the CLI
       * started together on a first run). */
      if ((version = query_int (self, "PRAGMA user_version")) < 0)
        {
          set_sqlite_error (self, sqlite3_errcode (self->handle), error);
          gb_database_rollback (self);
          return FALSE;
        }
      if ((guint) version >= gb_n_migrations)
        {
          if (whole)
            return gb_database_commit (self, error);
          gb_database_rollback (self);
          break;
        }
      v = (guint) version;
      if (v == 0)
        whole = TRUE;
      pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u;",
                                 (int) GB_APPLICATION_ID, v + 1);
      if (!gb_database_exec (self, gb_migrations[v].sqlite, error)
          || (v + 1 == 8 && !gb_migrations_fill_communes (self->handle)
              && (set_sqlite_error (self, sqlite3_errcode (self->handle), error), TRUE))
          || (v + 1 == 11 && !gb_migrations_spell_out_checks (self->handle)
              && (set_sqlite_error (self, sqlite3_errcode (self->handle), error), TRUE))
          || !gb_database_exec (self, pragmas, error))
        {
          g_prefix_error (error, _("Cannot update the database to schema %u: "), v + 1);
          gb_database_rollback (self);
          return FALSE;
        }

      if (!whole && !gb_database_commit (self, error))
        return FALSE;
      g_debug ("migrated to schema %u", v + 1);
    }
  return TRUE;
}

/* Changes whenever another connection commits to the file (PRAGMA data_version). */
gint64
gb_database_get_data_version (GbDatabase *self)
{
  /* A shared database counts the other seats' commits it heard of. */
  if (self->pg != NULL)
    return gb_database_pg_data_version (self);
  return query_int (self, "PRAGMA data_version");
}

GbDatabase *
gb_database_open (const char       *path,
                  GbDatabaseFlags   flags,
                  GError          **error)
{
  g_autoptr(GbDatabase) self = NULL;
  g_autofree char *display = NULL;
  gboolean fresh = FALSE, lost = FALSE;
  UErrorCode status = U_ZERO_ERROR;
  struct stat st;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (gb_database_name_is_pg (path))
    {
      self = g_object_new (GB_TYPE_DATABASE, NULL);
      if (!gb_database_pg_open (self, path, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  display = g_filename_display_basename (path);

  if (!gb_database_file_check_local (path, error))
    return NULL;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved != ENOENT)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED,
                       _("Cannot open “%s”: %s"), display, g_strerror (saved));
          return NULL;
        }
      if (!(flags & GB_DATABASE_CREATE))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                       _("The database “%s” does not exist."), display);
          return NULL;
        }
      /* A new file, so a new inode: no lock of this process is on it. */
      if (gb_database_file_create (path, &lost, error))
        fresh = TRUE;
      else if (!lost)
        return NULL;
      if (g_stat (path, &st) != 0)
        {
          int saved2 = errno;

          g_set_error (error, GB_ERROR, GB_ERROR_FAILED,
                       _("Cannot open “%s”: %s"), display, g_strerror (saved2));
          return NULL;
        }
    }
  else if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_DATABASE,
                   _("“%s” is not a regular file."), display);
      return NULL;
    }
  else if (st.st_size == 0 && (flags & GB_DATABASE_FILL_EMPTY))
    fresh = TRUE;
  else if (st.st_size == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_EMPTY_FILE,
                   _("“%s” is empty (zero bytes): it holds no Guildbook data."), display);
      return NULL;
    }

  self = g_object_new (GB_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->access = gb_database_file_access (path, &st);

  switch (self->access)
    {
    case GB_DATABASE_WRITABLE:
      gb_database_file_repair_journals (path, &st);
      self->open_name = g_strdup (path);
      self->open_flags = SQLITE_OPEN_READWRITE;
      break;
    case GB_DATABASE_DAMAGED:
      self->open_name = g_strdup (path);
      self->open_flags = SQLITE_OPEN_READONLY;
      break;
    case GB_DATABASE_READ_ONLY_FILE:
    case GB_DATABASE_READ_ONLY_FOLDER:
    default:
      self->open_name = gb_database_file_read_only_uri (path);
      self->open_flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      break;
    }

  rc = sqlite3_open_v2 (self->open_name, &self->handle, self->open_flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, TRUE);
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  /* Read before anything is written; a file we just made is ours. */
  if (!fresh && !check_contents (self, &fresh, error))
    return NULL;

  if (self->access != GB_DATABASE_WRITABLE)
    {
      /* Also a damaged file's WAL stays as it is when the connection closes. */
      sqlite3_exec (self->handle, "PRAGMA query_only = ON", NULL, NULL, NULL);
      sqlite3_db_config (self->handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    }
  else
    {
      /* A new file gets 16 KiB pages: a quarter of the pages to write, log and
       * copy back for the same rows (an import of 100,000 members commits in
       * 0.27 s instead of 0.38 s). A file's page size is fixed once it has
       * tables, so older files keep theirs. */
      if (fresh && !gb_database_exec (self, "PRAGMA page_size = 16384;", error))
        return NULL;
      if (!gb_database_exec (self, "PRAGMA journal_mode = WAL;", error))
        return NULL;
    }
  /* synchronous=FULL: a saved edit survives a power cut too, and an office
   * saves a few records a minute, not thousands a second. */
  if (!gb_database_exec (self,
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA foreign_keys = ON;"
                         "PRAGMA trusted_schema = OFF;"
                         "PRAGMA cache_size = -65536;"   /* 64 MiB: an import fits in memory */
                         "PRAGMA temp_store = MEMORY;", error))
    return NULL;

  self->collator = ucol_open ("vi", &status);
  if (U_SUCCESS (status))
    sqlite3_create_collation (self->handle, "vi", SQLITE_UTF8, self->collator, collate_vi);

  if (self->access == GB_DATABASE_WRITABLE && !migrate (self, error))
    return NULL;
  /* Keys made with another recipe (an older Guildbook, another ICU) would
   * search and sort wrongly: they are made again first. */
  if (self->access == GB_DATABASE_WRITABLE && !gb_keys_refresh (self, NULL, error))
    return NULL;

  {
    sqlite3_stmt *stmt = NULL;
    int app_id = -1;

    rc = sqlite3_prepare_v2 (self->handle, "PRAGMA application_id", -1, &stmt, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
      app_id = sqlite3_column_int (stmt, 0), rc = SQLITE_OK;
    sqlite3_finalize (stmt);
    if (rc != SQLITE_OK)
      {
        set_sqlite_error (self, rc, error);
        return NULL;
      }
    if (app_id != (int) GB_APPLICATION_ID)
      {
        g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                     _("“%s” is not a Guildbook database."), display);
        return NULL;
      }
  }

  return g_steal_pointer (&self);
}

/* A second, read-only connection to the same file, for one worker thread:
 * WAL lets it read while the main connection writes. The file was checked
 * when @self opened it, so this skips the checks and migrations. */
GbDatabase *
gb_database_open_reader (GbDatabase  *self,
                         GError     **error)
{
  g_autoptr(GbDatabase) reader = NULL;
  UErrorCode status = U_ZERO_ERROR;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);

  if (self->pg != NULL)
    return gb_database_pg_open_reader (self, error);
  reader = g_object_new (GB_TYPE_DATABASE, NULL);
  reader->path = g_strdup (self->path);
  reader->access = self->access;
  reader->role = self->role;
  /* The same name as @self: a read-only file's reader leaves nothing beside it either. */
  reader->open_name = g_strdup (self->open_name);
  reader->open_flags = (self->open_flags & SQLITE_OPEN_URI) | SQLITE_OPEN_READONLY;
  rc = sqlite3_open_v2 (reader->open_name, &reader->handle, reader->open_flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (reader, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (reader->handle, TRUE);
  sqlite3_busy_timeout (reader->handle, BUSY_TIMEOUT_MS);
  sqlite3_exec (reader->handle, "PRAGMA query_only = ON", NULL, NULL, NULL);
  /* The browse indexes of 100,000 records are larger than sqlite's default
   * 2 MiB cache: without this each keystroke reads them again. */
  sqlite3_exec (reader->handle, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  reader->collator = ucol_open ("vi", &status);
  if (U_SUCCESS (status))
    sqlite3_create_collation (reader->handle, "vi", SQLITE_UTF8, reader->collator, collate_vi);
  return g_steal_pointer (&reader);
}

GbDatabaseAccess
gb_database_get_access (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), GB_DATABASE_WRITABLE);
  return self->access;
}

/* From now on nothing is written through this connection, nor through any
 * this process opens on the file later. Call on the connection's thread. */
void
gb_database_set_damaged (GbDatabase *self)
{
  g_return_if_fail (GB_IS_DATABASE (self));

  if (self->access == GB_DATABASE_DAMAGED || self->pg != NULL)
    return;
  gb_database_file_mark_damaged (self->path);
  sqlite3_exec (self->handle, "PRAGMA query_only = ON", NULL, NULL, NULL);
  sqlite3_db_config (self->handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  self->access = GB_DATABASE_DAMAGED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS]);
}

/* PRAGMA quick_check: every page of every table and index is read and its
 * structure checked (not the rows against the indexes, which the full
 * check in gb_database_check does). A damaged file is set read-only and
 * the error says so; a lock or a read error is not damage. */
gboolean
gb_database_verify (GbDatabase  *self,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean intact = TRUE;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);

  /* The server keeps its own files whole (checksums, WAL replay). */
  if (self->pg != NULL)
    return TRUE;
  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA quick_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
        intact = FALSE;
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;

  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_CORRUPT && (rc & 0xff) != SQLITE_NOTADB)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  if (rc == SQLITE_OK && intact)
    return TRUE;

  gb_database_set_damaged (self);
  set_access_error (self, error);
  return FALSE;
}

const char *
gb_database_get_path (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);
  return self->path;
}

sqlite3 *
gb_database_get_handle (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);
  return self->handle;
}

int
gb_database_get_schema_version (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), -1);
  if (self->pg != NULL)
    return gb_database_pg_schema_version (self);
  return query_int (self, "PRAGMA user_version");
}

/* Statements are prepared once per connection and kept; the caller binds,
 * steps and leaves it reset (gb_database_step_done, or gb_stmt_reset). */
GbStmt *
gb_database_prepare (GbDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  GbStmt *cached;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);

  cached = g_hash_table_lookup (self->statements, sql);
  if (cached != NULL)
    {
      gb_stmt_reset (cached);
      gb_stmt_clear_bindings (cached);
      return cached;
    }

  if (self->pg != NULL)
    {
      if ((cached = gb_database_pg_prepare (self, sql)) == NULL)
        {
          gb_database_set_error (self, GB_SQL_MISUSE, error);
          return NULL;
        }
      g_hash_table_insert (self->statements, g_strdup (sql), cached);
      return cached;
    }
  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  cached = gb_stmt_new_sqlite (stmt);
  g_hash_table_insert (self->statements, g_strdup (sql), cached);
  return cached;
}

/* A statement run once or a few times, not kept: the caller finalizes it
 * (g_autoptr(GbStmt)). */
GbStmt *
gb_database_prepare_once (GbDatabase  *self,
                          const char  *sql,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);

  if (self->pg != NULL)
    {
      GbStmt *once = gb_database_pg_prepare (self, sql);

      if (once == NULL)
        gb_database_set_error (self, GB_SQL_MISUSE, error);
      return once;
    }
  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return gb_stmt_new_sqlite (stmt);
}

/* Steps a statement that returns no rows and resets it. */
gboolean
gb_database_step_done (GbDatabase  *self,
                       GbStmt      *stmt,
                       GError     **error)
{
  GbSqlCode rc = gb_stmt_step (stmt);

  if (rc != GB_SQL_DONE && rc != GB_SQL_ROW)
    {
      gb_database_set_error (self, rc, error);
      gb_stmt_reset (stmt);
      return FALSE;
    }
  gb_stmt_reset (stmt);
  return TRUE;
}

/* Rows the last INSERT, UPDATE or DELETE on this connection changed. */
gint64
gb_database_changes (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), 0);
  if (self->pg != NULL)
    return self->changes;
  return sqlite3_changes64 (self->handle);
}

/* Rows changed on this connection since it opened: a count that moves
 * whenever anything is written through it. */
/* What staff see for the database: a file's name, or a shared
 * database's name and host (never its password). */
char *
gb_database_dup_display_name (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);
  if (self->pg != NULL)
    return gb_database_pg_display_name (self->path);
  return g_filename_display_basename (self->path);
}

/* Who writes through this connection, for the audit log, the register and
 * the imports: on a shared database the seat's database user, so that
 * each seat's work is told apart; on a file the desktop's user. */
const char *
gb_database_get_user_name (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);
  if (self->pg != NULL)
    return gb_database_pg_user_name (self);
  return g_get_user_name ();
}

/* From now on "changed" is emitted on the calling thread's main context
 * whenever another seat commits to a shared database. A file has no one
 * to tell it: the window asks gb_database_get_data_version() instead. */
void
gb_database_watch (GbDatabase *self)
{
  g_return_if_fail (GB_IS_DATABASE (self));
  if (self->pg != NULL && self->watch == NULL)
    self->watch = gb_database_pg_watch (self, signals[CHANGED]);
}

/* Whether this is a shared PostgreSQL database rather than a file. */
gboolean
gb_database_is_shared (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);
  return self->pg != NULL;
}

/* Roles ------------------------------------------------------------------ */

/* The connection's role, found when it opened: a login granted another
 * since gets it on the next open. */
GbDatabaseRole
gb_database_get_role (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), GB_DATABASE_ROLE_NONE);
  return self->role;
}

static const struct
{
  GbDatabaseRole  role;
  const char     *keyword;   /* what staff type: guildbook-cli roles grant USER KEYWORD */
  const char     *label;     /* N_(), inside a sentence */
} role_names[] = {
  /* Translators: a role on a shared database, inside a sentence
   * ("Your role, viewer, may not …"): one who may only read. */
  { GB_DATABASE_ROLE_VIEWER, "viewer", N_("viewer") },
  /* Translators: a role on a shared database, inside a sentence: one who
   * keeps the records but does not sign for papers. */
  { GB_DATABASE_ROLE_CLERK, "clerk", N_("clerk") },
  /* Translators: a role on a shared database, inside a sentence: one who
   * also issues certificates and submits reports. */
  { GB_DATABASE_ROLE_SECRETARY, "secretary", N_("secretary") },
  /* Translators: a role on a shared database, inside a sentence: the
   * database's owner, who may do everything. */
  { GB_DATABASE_ROLE_OWNER, "owner", N_("owner") },
};

/* The role's name in staff's language, for a sentence. */
const char *
gb_database_role_label (GbDatabaseRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return _(role_names[i].label);
  /* Translators: a login on a shared database that has no Guildbook role. */
  return _("none");
}

/* The word typed for @role on the command line (never translated). */
const char *
gb_database_role_keyword (GbDatabaseRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].keyword;
  return "none";
}

gboolean
gb_database_role_from_keyword (const char     *keyword,
                               GbDatabaseRole *role)
{
  for (guint i = 0; keyword != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (role_names[i].keyword, keyword))
      {
        *role = role_names[i].role;
        return TRUE;
      }
  return FALSE;
}

static GbDatabaseRole
role_needed (GbDatabaseTask task)
{
  switch (task)
    {
    case GB_DATABASE_TASK_EDIT:
      return GB_DATABASE_ROLE_CLERK;
    case GB_DATABASE_TASK_ISSUE:
    case GB_DATABASE_TASK_SUBMIT:
    case GB_DATABASE_TASK_PROFILE:
    case GB_DATABASE_TASK_RESTORE:
    default:
      return GB_DATABASE_ROLE_SECRETARY;
    }
}

/* Whether the connection's role allows @task. A file's owner may do all,
 * though a read-only or damaged file still refuses every write. */
gboolean
gb_database_may (GbDatabase     *self,
                 GbDatabaseTask  task)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);
  return self->role >= role_needed (task);
}

/* Why the connection's role may not do @task, for a line under the
 * control that would do it; NULL when it may. */
char *
gb_database_dup_refusal (GbDatabase     *self,
                         GbDatabaseTask  task)
{
  const char *role;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);

  if (gb_database_may (self, task))
    return NULL;
  role = gb_database_role_label (self->role);
  switch (task)
    {
    case GB_DATABASE_TASK_EDIT:
      /* Translators: the role is a word such as “viewer”. */
      return g_strdup_printf (_("Your role, %s, may not add, change, delete or import records."), role);
    case GB_DATABASE_TASK_ISSUE:
      /* Translators: the role is a word such as “clerk”. */
      return g_strdup_printf (_("Your role, %s, may not issue or void certificates."), role);
    case GB_DATABASE_TASK_SUBMIT:
      /* Translators: the role is a word such as “clerk”. */
      return g_strdup_printf (_("Your role, %s, may not mark reports as submitted."), role);
    case GB_DATABASE_TASK_PROFILE:
      /* Translators: the role is a word such as “clerk”. */
      return g_strdup_printf (_("Your role, %s, may not change the association's profile."), role);
    case GB_DATABASE_TASK_RESTORE:
    default:
      /* Translators: the role is a word such as “clerk”. */
      return g_strdup_printf (_("Your role, %s, may not restore a backup."), role);
    }
}

/* Fails with GB_ERROR_NOT_PERMITTED, saying why, when the role may not do
 * @task: asked before slow work, which the database would refuse at its end. */
gboolean
gb_database_check_task (GbDatabase      *self,
                        GbDatabaseTask   task,
                        GError         **error)
{
  g_autofree char *refusal = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);

  if ((refusal = gb_database_dup_refusal (self, task)) == NULL)
    return TRUE;
  g_set_error_literal (error, GB_ERROR, GB_ERROR_NOT_PERMITTED, refusal);
  return FALSE;
}

gint64
gb_database_total_changes (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), 0);
  if (self->pg != NULL)
    return self->total_changes;
  return sqlite3_total_changes64 (self->handle);
}

/* Nested calls become savepoints; the outermost takes the write lock at
 * once (IMMEDIATE), so two writers wait on the busy timeout instead of
 * failing halfway with SQLITE_BUSY. */
gboolean
gb_database_begin (GbDatabase  *self,
                   GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);

  /* A write on a file opened read-only: say why before anything starts. */
  if (self->access != GB_DATABASE_WRITABLE)
    {
      set_access_error (self, error);
      return FALSE;
    }
  /* On PostgreSQL writers take turns on one advisory lock, as on a file. */
  if (self->depth > 0)
    sql = g_strdup_printf ("SAVEPOINT gb_%u", self->depth);
  else if (self->pg != NULL)
    sql = g_strdup_printf ("BEGIN; SELECT pg_advisory_xact_lock(%d)", (int) GB_APPLICATION_ID);
  else
    sql = g_strdup ("BEGIN IMMEDIATE");
  if (!gb_database_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
gb_database_commit (GbDatabase  *self,
                    GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  /* Other seats hear of the commit (LISTEN/NOTIFY delivers it with it). */
  if (self->depth > 1)
    sql = g_strdup_printf ("RELEASE gb_%u", self->depth - 1);
  else if (self->pg != NULL)
    sql = g_strdup (GB_DATABASE_PG_COMMIT);
  else
    sql = g_strdup ("COMMIT");
  if (!gb_database_exec (self, sql, error))
    {
      gb_database_rollback (self);
      return FALSE;
    }
  if (self->depth == 1 && self->pg != NULL)
    self->own_commits++;
  self->depth--;
  return TRUE;
}

void
gb_database_rollback (GbDatabase *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (GB_IS_DATABASE (self));
  g_return_if_fail (self->depth > 0);

  sql = self->depth == 1 ? g_strdup ("ROLLBACK")
                         : g_strdup_printf ("ROLLBACK TO gb_%u; RELEASE gb_%u",
                                            self->depth - 1, self->depth - 1);
  gb_database_exec (self, sql, NULL);
  self->depth--;
}

/* Full integrity and foreign-key check; @report gets sqlite's findings. */
gboolean
gb_database_check (GbDatabase  *self,
                   char       **report,
                   GError     **error)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);

  if (self->pg != NULL)
    {
      if (report != NULL)
        *report = g_strdup ("ok\n");
      g_string_free (out, TRUE);
      return TRUE;
    }
  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        ok = FALSE;
      g_string_append_printf (out, "%s\n", line);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (out, TRUE);
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  sqlite3_prepare_v2 (self->handle, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      ok = FALSE;
      g_string_append_printf (out, "foreign key: %s row %lld -> %s\n",
                              sqlite3_column_text (stmt, 0),
                              (long long) sqlite3_column_int64 (stmt, 1),
                              sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);

  if (report != NULL)
    *report = g_string_free (out, FALSE);
  else
    g_string_free (out, TRUE);

  if (!ok)
    g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT, _("The database failed its integrity check."));
  return ok;
}

/* Whether a transaction (gb_database_begin()) is open on this connection. */
gboolean
gb_database_in_transaction (GbDatabase *self)
{
  g_return_val_if_fail (GB_IS_DATABASE (self), FALSE);
  return self->depth > 0;
}
