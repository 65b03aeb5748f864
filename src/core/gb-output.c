/* gb-output.c — the one way Guildbook writes a file the user named
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renaming a new file over the name is right for a file and wrong for
 * anything else: run as root, `export -o /dev/null` once replaced the
 * machine's /dev/null with a regular file. So the kind of the name is
 * looked at first, with lstat(), and only a regular file (or no file) is
 * replaced; a pipe or a device is opened without O_CREAT and written
 * through.
 *
 * `export -o guildbook.db` once renamed a CSV over the database being
 * exported, and exited 0; a name ending in -wal would have replaced the
 * log another process keeps its last changes in. So the databases the
 * process reads are never a target, by any of their names. All of this
 * looks at names with stat(), never open(): a descriptor on the database
 * closed outside sqlite drops the process's locks on it (DESIGN.md).
 */
#define G_LOG_DOMAIN "gb-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gb-output.h"

struct _GbOutput
{
  char     *name;        /* as the user gave it, for messages */
  char     *target;      /* the regular file renamed over; NULL when written through */
  char     *temp;        /* the file the writer fills */
  int       temp_fd;
  int       stream_fd;   /* a FIFO, a character device or standard output; else -1 */
  gboolean  is_stdout;
  gboolean  prepared;    /* gb_output_prepare() done: only the rename is left */
};

/* The databases this process reads, as absolute names. */
static GPtrArray *protected_databases;
G_LOCK_DEFINE_STATIC (protected_databases);

/* The files sqlite keeps beside a database. */
static const char *const sidecar_suffixes[] = { "-wal", "-shm", "-journal" };

/* Marks @database_path as never to be written over: see gb-output.h. */
void
gb_output_protect (const char *database_path)
{
  g_return_if_fail (database_path != NULL);

  G_LOCK (protected_databases);
  if (protected_databases == NULL)
    protected_databases = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (protected_databases, g_canonicalize_filename (database_path, NULL));
  G_UNLOCK (protected_databases);
}

/* @path with its links resolved, or its folder's when it does not exist:
 * sqlite names the files beside a database after its resolved name. */
static char *
resolve_name (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  char *real;
  char *result;

  if ((real = realpath (absolute, NULL)) != NULL)
    {
      result = g_strdup (real);
      free (real);
      return result;
    }
  folder = g_path_get_dirname (absolute);
  base = g_path_get_basename (absolute);
  if ((real = realpath (folder, NULL)) == NULL)
    return g_steal_pointer (&absolute);
  result = g_build_filename (real, base, NULL);
  free (real);
  return result;
}

/* Whether @path is, by stat(), the file @st describes. */
static gboolean
is_same_file (const struct stat *st,
              const char        *path)
{
  struct stat other;

  return g_stat (path, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

/* Whether @target names @database or a file sqlite keeps beside it. */
static gboolean
refuse_database (const char  *target,
                 const char  *database,
                 GError     **error)
{
  g_autofree char *target_name = resolve_name (target);
  g_autofree char *database_name = resolve_name (database);
  struct stat st;
  gboolean exists = g_stat (target, &st) == 0 && S_ISREG (st.st_mode);

  if (g_str_equal (target_name, database_name) || (exists && is_same_file (&st, database)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is the database itself; nothing was written to it."), target);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sidecar_suffixes); i++)
    {
      g_autofree char *given = g_strconcat (database, sidecar_suffixes[i], NULL);
      g_autofree char *resolved = g_strconcat (database_name, sidecar_suffixes[i], NULL);
      g_autofree char *given_name = resolve_name (given);

      if (g_str_equal (target_name, resolved) || g_str_equal (target_name, given_name)
          || (exists && (is_same_file (&st, resolved) || is_same_file (&st, given))))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is a file sqlite keeps beside the database “%s”; nothing was written to it."),
                       target, database);
          return TRUE;
        }
    }
  return FALSE;
}

/* FALSE, with a message naming @path, when @path is a database this
 * process reads or one of its files. */
static gboolean
check_not_database (const char  *path,
                    GError     **error)
{
  gboolean refused = FALSE;

  G_LOCK (protected_databases);
  for (guint i = 0; protected_databases != NULL && i < protected_databases->len && !refused; i++)
    refused = refuse_database (path, g_ptr_array_index (protected_databases, i), error);
  G_UNLOCK (protected_databases);
  return !refused;
}

gboolean
gb_output_is_stdout (const char *path)
{
  return path != NULL && g_str_equal (path, "-");
}

/* The name to show for @path: "-" is standard output. */
const char *
gb_output_display_name (const char *path)
{
  return gb_output_is_stdout (path) ? _("standard output") : path;
}

static void
set_errno_error (GError     **error,
                 int          saved,
                 const char  *name)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write “%s”: %s"),
               gb_output_display_name (name), g_strerror (saved));
}

/* FALSE, with a message naming @name, for any kind that is neither a
 * regular file nor one to write through. */
static gboolean
refuse_kind (mode_t       mode,
             const char  *name,
             GError     **error)
{
  if (S_ISDIR (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a folder; name a file to write."), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is not a file, a pipe or a character device; nothing was written to it."), name);
  return FALSE;
}

void
gb_output_free (GbOutput *self)
{
  if (self == NULL)
    return;
  if (self->temp_fd >= 0)
    close (self->temp_fd);
  if (self->temp != NULL)
    g_unlink (self->temp);
  if (self->stream_fd >= 0 && !self->is_stdout)
    close (self->stream_fd);
  g_free (self->name);
  g_free (self->target);
  g_free (self->temp);
  g_free (self);
}

/* A private file in the temporary folder, for what is written through:
 * a file beside /dev/null would be a file in /dev. */
static gboolean
open_private_temp (GbOutput  *self,
                   GError   **error)
{
  self->temp_fd = g_file_open_tmp ("guildbook-XXXXXX.part", &self->temp, error);
  return self->temp_fd >= 0;
}

/* Opens @path to be written: see gb-output.h. Refusals and errors come
 * here, before the caller does its work; a FIFO waits here for its
 * reader. */
GbOutput *
gb_output_open (const char  *path,
                GError     **error)
{
  g_autoptr(GbOutput) self = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  self = g_new0 (GbOutput, 1);
  self->name = g_strdup (path);
  self->temp_fd = -1;
  self->stream_fd = -1;

  if (gb_output_is_stdout (path))
    {
      self->is_stdout = TRUE;
      self->stream_fd = STDOUT_FILENO;
      return open_private_temp (self, error) ? g_steal_pointer (&self) : NULL;
    }

  if (!check_not_database (path, error))
    return NULL;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;

      if (saved != ENOENT)
        {
          set_errno_error (error, saved, path);
          return NULL;
        }
      self->target = g_strdup (path);
    }
  else if (S_ISREG (st.st_mode))
    self->target = g_strdup (path);
  else if (S_ISLNK (st.st_mode))
    {
      /* Replace what the link points to, never the link. A link to
       * nothing would make a file wherever it points: refused. */
      if (g_stat (path, &st) != 0)
        {
          int saved = errno;

          if (saved == ENOENT)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("“%s” is a link that points to nothing; name a file to write."), path);
          else
            set_errno_error (error, saved, path);
          return NULL;
        }
      if (S_ISREG (st.st_mode))
        {
          char *real = realpath (path, NULL);

          if (real == NULL)
            {
              set_errno_error (error, errno, path);
              return NULL;
            }
          self->target = g_strdup (real);
          free (real);
        }
    }

  if (self->target != NULL)
    {
      self->temp = g_strdup_printf ("%s.part-XXXXXX", self->target);
      self->temp_fd = g_mkstemp_full (self->temp, O_RDWR | O_CLOEXEC, 0600);
      if (self->temp_fd < 0)
        {
          set_errno_error (error, errno, path);
          g_clear_pointer (&self->temp, g_free);   /* not ours to remove */
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  if (!S_ISFIFO (st.st_mode) && !S_ISCHR (st.st_mode))
    {
      refuse_kind (st.st_mode, path, error);
      return NULL;
    }
  /* No O_CREAT, no O_TRUNC: if the name became a file meanwhile, it is
   * found below and left as it is. */
  self->stream_fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
  if (self->stream_fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }
  if (fstat (self->stream_fd, &st) != 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }
  if (!S_ISFIFO (st.st_mode) && !S_ISCHR (st.st_mode))
    {
      refuse_kind (st.st_mode, path, error);
      return NULL;
    }
  return open_private_temp (self, error) ? g_steal_pointer (&self) : NULL;
}

/* The file to fill, for a writer that takes a name (libxlsxwriter,
 * sqlite); it exists, empty, mode 0600. */
const char *
gb_output_get_path (GbOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->temp;
}

/* Writes all of @data to @fd, again after a signal; FALSE with errno set. */
gboolean
gb_output_write_all (int          fd,
                     const char  *data,
                     gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Appends @data to the file being filled. */
gboolean
gb_output_write (GbOutput    *self,
                 const void  *data,
                 gsize        len,
                 GError     **error)
{
  g_return_val_if_fail (self != NULL && self->temp_fd >= 0, FALSE);

  if (!gb_output_write_all (self->temp_fd, data, len))
    {
      set_errno_error (error, errno, self->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_through (GbOutput  *self,
              GError   **error)
{
  char buf[65536];
  gssize n;

  if (self->is_stdout)
    fflush (stdout);   /* what stdio holds goes first */
  if (lseek (self->temp_fd, 0, SEEK_SET) != 0)
    {
      set_errno_error (error, errno, self->name);
      return FALSE;
    }
  for (;;)
    {
      n = read (self->temp_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, self->name);
          return FALSE;
        }
      if (n == 0)
        break;
      if (!gb_output_write_all (self->stream_fd, buf, (gsize) n))
        {
          set_errno_error (error, errno, self->name);
          return FALSE;
        }
    }
  if (!self->is_stdout)
    {
      int fd = self->stream_fd;

      self->stream_fd = -1;
      if (close (fd) != 0 && errno != EINTR)
        {
          set_errno_error (error, errno, self->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Everything but the last step, for a caller that must record something
 * between the two (the register): a file is synced, closed and its name
 * checked, so that only the rename is left; a pipe, a device or standard
 * output, which cannot be taken back, is written through now. After a
 * failure the target is as it was (a pipe may have had part of it). */
gboolean
gb_output_prepare (GbOutput  *self,
                   GError   **error)
{
  struct stat st;
  int fd;

  g_return_val_if_fail (self != NULL && self->temp_fd >= 0 && !self->prepared, FALSE);

  if (self->target == NULL)
    {
      if (!copy_through (self, error))
        return FALSE;
      self->prepared = TRUE;
      return TRUE;
    }

  fd = self->temp_fd;
  self->temp_fd = -1;
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      set_errno_error (error, errno, self->name);
      return FALSE;
    }
  /* The name may have changed kind while the file was written. */
  if (g_lstat (self->target, &st) == 0 && !S_ISREG (st.st_mode))
    return refuse_kind (st.st_mode, self->name, error);
  self->prepared = TRUE;
  return TRUE;
}

/* Puts what was written in place: renamed over the file, or copied
 * through to the pipe, device or standard output. After a failure the
 * target is as it was (a pipe may have had part of it). */
gboolean
gb_output_commit (GbOutput  *self,
                  GError   **error)
{
  g_return_val_if_fail (self != NULL && (self->temp_fd >= 0 || self->prepared), FALSE);

  if (!self->prepared && !gb_output_prepare (self, error))
    return FALSE;
  if (self->target == NULL)
    return TRUE;
  if (g_rename (self->temp, self->target) != 0)
    {
      set_errno_error (error, errno, self->name);
      return FALSE;
    }
  g_clear_pointer (&self->temp, g_free);
  return TRUE;
}

/* @bytes to @path, as gb_output_open() says. */
gboolean
gb_output_write_bytes (const char  *path,
                       GBytes      *bytes,
                       GError     **error)
{
  g_autoptr(GbOutput) output = gb_output_open (path, error);

  return output != NULL
         && gb_output_write (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error)
         && gb_output_commit (output, error);
}
