/* gb-database.c — the Guildbook sqlite file: open, validate, migrate
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file that is not ours, damaged or from a newer Guildbook is refused
 * before sqlite opens it for writing: setting WAL mode or running a
 * migration would already change it, and the file may be the only copy of
 * years of an association's records.
 */
#define G_LOG_DOMAIN "gb-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unicode/ucol.h>

#include "gb-database.h"
#include "gb-error.h"
#include "gb-sqlite-memory.h"
#include "gb-backup.h"
#include "gb-migrations.h"

#define BUSY_TIMEOUT_MS 5000
#define HEADER_SIZE 100

struct _GbDatabase
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *handle;
  GHashTable *statements;   /* SQL text -> prepared sqlite3_stmt */
  UCollator  *collator;     /* for COLLATE vi; used on this connection's thread only */
  guint       depth;        /* transaction nesting */
};

G_DEFINE_FINAL_TYPE (GbDatabase, gb_database, G_TYPE_OBJECT)

static void
gb_database_finalize (GObject *object)
{
  GbDatabase *self = GB_DATABASE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    {
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->collator, ucol_close);
  g_free (self->path);

  G_OBJECT_CLASS (gb_database_parent_class)->finalize (object);
}

static void
gb_database_class_init (GbDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_database_finalize;
}

static void
gb_database_init (GbDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
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

void
gb_database_set_error (GbDatabase  *self,
                       int          rc,
                       GError     **error)
{
  const char *detail = self && self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);
  int primary = rc & 0xff;

  switch (primary)
    {
    case SQLITE_CONSTRAINT:
      g_set_error (error, GB_ERROR, GB_ERROR_CONSTRAINT,
                   _("The database refused the change: %s"), detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                   _("The database is busy in another program; try again in a moment."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, GB_ERROR, GB_ERROR_READ_ONLY,
                   _("The database file cannot be written: %s"), detail);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("The database file is damaged: %s"), detail);
      break;
    default:
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Database error: %s"), detail);
      break;
    }
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Reads the 100-byte sqlite header without sqlite, and refuses what is not
 * an intact Guildbook file. Fields: https://sqlite.org/fileformat.html */
static gboolean
check_header (const char  *path,
              gboolean    *out_fresh,
              GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  guint8 header[HEADER_SIZE];
  struct stat st;
  guint32 page_size, page_count, change_counter, valid_for, app_id, user_version;
  ssize_t n;
  int fd;

  *out_fresh = FALSE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, GB_ERROR, saved == ENOENT ? GB_ERROR_NOT_FOUND : GB_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_DATABASE,
                   _("“%s” is not a regular file."), display);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      close (fd);
      g_set_error (error, GB_ERROR, GB_ERROR_EMPTY_FILE,
                   _("“%s” is empty (zero bytes): it holds no Guildbook data."), display);
      return FALSE;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  if (n < 16 || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_DATABASE,
                   _("“%s” is not a Guildbook database (it is not an SQLite file)."), display);
      return FALSE;
    }
  if (n < HEADER_SIZE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: the file is cut short."), display);
      return FALSE;
    }

  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: its header is not valid."), display);
      return FALSE;
    }

  change_counter = read_be32 (header + 24);
  page_count = read_be32 (header + 28);
  valid_for = read_be32 (header + 92);
  user_version = read_be32 (header + 60);
  app_id = read_be32 (header + 68);

  /* The in-header size is only meaningful when it was written by a
   * version of sqlite that keeps it (valid-for equals the change counter). */
  if (valid_for == change_counter && page_count > 0
      && (guint64) page_count * page_size > (guint64) st.st_size)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: the file is shorter than its contents (%lld of %lld bytes)."),
                   display, (long long) st.st_size, (long long) page_count * page_size);
      return FALSE;
    }

  if (app_id == 0 && user_version == 0 && page_count <= 1)
    {
      /* A valid but empty sqlite file: ours to set up. */
      *out_fresh = TRUE;
      return TRUE;
    }
  if (app_id != GB_APPLICATION_ID)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                   _("“%s” is an SQLite database of another program, not of Guildbook."), display);
      return FALSE;
    }
  if (user_version > gb_n_migrations)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Guildbook (schema %u; this version knows %u). "
                     "Update Guildbook to open it."),
                   display, user_version, gb_n_migrations);
      return FALSE;
    }

  return TRUE;
}

/* A read-only look through sqlite itself: it sees what the header cannot,
 * such as a WAL that is not checkpointed yet or a damaged schema page. */
static gboolean
check_through_sqlite (const char  *path,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc, app_id = 0, version = 0, n_objects = 0;

  gb_sqlite_memory_install ();
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
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
  sqlite3_close_v2 (db);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                   _("“%s” is locked by another program."), display);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CORRUPT,
                   _("“%s” is damaged: %s"), display, sqlite3_errstr (rc));
      return FALSE;
    }
  if ((guint32) app_id != GB_APPLICATION_ID && !(app_id == 0 && version == 0 && n_objects == 0))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                   _("“%s” is an SQLite database of another program, not of Guildbook."), display);
      return FALSE;
    }
  if (version > (int) gb_n_migrations)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Guildbook (schema %d; this version knows %u). "
                     "Update Guildbook to open it."),
                   display, version, gb_n_migrations);
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

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (self, rc, error);
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

  for (guint v = (guint) version; v < gb_n_migrations; v++)
    {
      g_autofree char *pragmas = NULL;

      if (!gb_database_begin (self, error))
        return FALSE;

      pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u;",
                                 (int) GB_APPLICATION_ID, v + 1);
      if (!gb_database_exec (self, gb_migrations[v], error)
          || (v + 1 == 8 && !gb_migrations_fill_communes (self->handle)
              && (gb_database_set_error (self, sqlite3_errcode (self->handle), error), TRUE))
          || (v + 1 == 11 && !gb_migrations_spell_out_checks (self->handle)
              && (gb_database_set_error (self, sqlite3_errcode (self->handle), error), TRUE))
          || !gb_database_exec (self, pragmas, error))
        {
          g_prefix_error (error, _("Cannot update the database to schema %u: "), v + 1);
          gb_database_rollback (self);
          return FALSE;
        }

      if (!gb_database_commit (self, error))
        return FALSE;
      g_debug ("migrated to schema %u", v + 1);
    }
  return TRUE;
}

static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot create the folder “%s”: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  /* Created by us with 0600 before sqlite sees it: sqlite gives its WAL and
   * shared-memory files the same mode as the database. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot create “%s”: %s"),
                   display, g_strerror (saved));
      return FALSE;
    }
  fchmod (fd, 0600);
  close (fd);
  return TRUE;
}

/* Changes whenever another connection commits to the file (PRAGMA data_version). */
gint64
gb_database_get_data_version (GbDatabase *self)
{
  return query_int (self, "PRAGMA data_version");
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

static gboolean
check_local (const char  *path,
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

GbDatabase *
gb_database_open (const char       *path,
                  GbDatabaseFlags   flags,
                  GError          **error)
{
  g_autoptr(GbDatabase) self = NULL;
  g_autofree char *display = NULL;
  gboolean fresh = FALSE;
  UErrorCode status = U_ZERO_ERROR;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);

  if (!check_local (path, error))
    return NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!(flags & GB_DATABASE_CREATE))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                       _("The database “%s” does not exist."), display);
          return NULL;
        }
      if (!create_file (path, error))
        return NULL;
      fresh = TRUE;
    }
  else
    {
      if (!check_header (path, &fresh, error))
        return NULL;
      if (!fresh && !check_through_sqlite (path, error))
        return NULL;
      if (g_access (path, W_OK) != 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_READ_ONLY,
                       _("“%s” cannot be written (it is read-only for you)."), display);
          return NULL;
        }
    }

  self = g_object_new (GB_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  gb_sqlite_memory_install ();
  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, TRUE);
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  /* A new file gets 16 KiB pages: a quarter of the pages to write, log and
   * copy back for the same rows (an import of 100,000 members commits in
   * 0.27 s instead of 0.38 s). A file's page size is fixed once it has
   * tables, so older files keep theirs. */
  if (fresh && !gb_database_exec (self, "PRAGMA page_size = 16384;", error))
    return NULL;
  /* synchronous=FULL: a saved edit survives a power cut too, and an office
   * saves a few records a minute, not thousands a second. */
  if (!gb_database_exec (self,
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA foreign_keys = ON;"
                         "PRAGMA trusted_schema = OFF;"
                         "PRAGMA cache_size = -65536;"   /* 64 MiB: an import fits in memory */
                         "PRAGMA temp_store = MEMORY;", error))
    return NULL;

  self->collator = ucol_open ("vi", &status);
  if (U_SUCCESS (status))
    sqlite3_create_collation (self->handle, "vi", SQLITE_UTF8, self->collator, collate_vi);

  if (!migrate (self, error))
    return NULL;

  if (query_int (self, "PRAGMA application_id") != (int) GB_APPLICATION_ID)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_GUILDBOOK,
                   _("“%s” is not a Guildbook database."), display);
      return NULL;
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

  reader = g_object_new (GB_TYPE_DATABASE, NULL);
  reader->path = g_strdup (self->path);
  gb_sqlite_memory_install ();
  rc = sqlite3_open_v2 (self->path, &reader->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (reader, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (reader->handle, TRUE);
  sqlite3_busy_timeout (reader->handle, BUSY_TIMEOUT_MS);
  /* The browse indexes of 100,000 records are larger than sqlite's default
   * 2 MiB cache: without this each keystroke reads them again. */
  sqlite3_exec (reader->handle, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  reader->collator = ucol_open ("vi", &status);
  if (U_SUCCESS (status))
    sqlite3_create_collation (reader->handle, "vi", SQLITE_UTF8, reader->collator, collate_vi);
  return g_steal_pointer (&reader);
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
  return query_int (self, "PRAGMA user_version");
}

/* Statements are prepared once per connection and kept; the caller binds,
 * steps and leaves it reset (gb_database_step_done, or sqlite3_reset). */
sqlite3_stmt *
gb_database_prepare (GbDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gb_database_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a statement that returns no rows and resets it. */
gboolean
gb_database_step_done (GbDatabase    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      gb_database_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
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

  sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE")
                         : g_strdup_printf ("SAVEPOINT gb_%u", self->depth);
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

  sql = self->depth == 1 ? g_strdup ("COMMIT")
                         : g_strdup_printf ("RELEASE gb_%u", self->depth - 1);
  if (!gb_database_exec (self, sql, error))
    {
      gb_database_rollback (self);
      return FALSE;
    }
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
  sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
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
      gb_database_set_error (self, rc, error);
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
