/* gb-test-pg.c — a throwaway PostgreSQL cluster for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * initdb and pg_ctl from the Debian packages, the cluster in a temporary
 * folder with its socket beside it and no TCP port, so that parallel test
 * programs never meet. Durability is off: the data lives for one test run.
 *
 * A guard process, started before initdb, holds the read end of a pipe
 * whose write end only this process holds. When this process ends in any
 * way (exit, abort from a failed g_assert, SIGKILL from a timeout) the
 * pipe closes and the guard stops the server and removes the folder. The
 * guard is in a session of its own and ignores the usual signals, so a
 * test runner that kills the whole process group does not take it along.
 *
 * PostgreSQL refuses to run as root, and CI runs the tests as root: then
 * the server programs run as "nobody", the folder belongs to nobody, and
 * this process (root) still reaches the socket through it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "gb-test-pg.h"

#define PG_FALLBACK_BINDIR "/usr/lib/postgresql/15/bin"
#define PG_PORT            "5432"
#define PG_DATABASE        "guildbook"
#define PG_ROLE            "guildbook"

static struct
{
  char  *conninfo;
  char  *error;       /* a failed start is not tried again */
  GPid   guard;
  int    guard_fd;
  pid_t  owner;
} cluster = { .guard_fd = -1 };

/* Waits until the guard has stopped the server and removed the folder, so
 * that a test program that ended leaves nothing running behind it. */
static void
stop_at_exit (void)
{
  int status;

  if (cluster.owner != getpid () || cluster.guard_fd < 0)
    return;
  close (cluster.guard_fd);
  cluster.guard_fd = -1;
  while (waitpid (cluster.guard, &status, 0) < 0 && errno == EINTR)
    ;
}

static gboolean
is_program (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE);
}

static char *
find_bindir (GError **error)
{
  const char *argv[] = { "pg_config", "--bindir", NULL };
  g_autofree char *out = NULL;
  g_autofree char *from_config = NULL;
  int status = 0;

  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL)
      && g_spawn_check_wait_status (status, NULL))
    {
      from_config = g_strdup (g_strstrip (out));
      if (is_program (from_config, "initdb") && is_program (from_config, "pg_ctl"))
        return g_steal_pointer (&from_config);
    }
  if (is_program (PG_FALLBACK_BINDIR, "initdb") && is_program (PG_FALLBACK_BINDIR, "pg_ctl"))
    return g_strdup (PG_FALLBACK_BINDIR);

  if (from_config != NULL && strcmp (from_config, PG_FALLBACK_BINDIR) != 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "The PostgreSQL server programs (initdb, pg_ctl) are neither in %s "
                 "(pg_config --bindir) nor in %s: install postgresql-15 (build-aux/dev does)",
                 from_config, PG_FALLBACK_BINDIR);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "The PostgreSQL server programs (initdb, pg_ctl) are not in %s: "
                 "install postgresql-15 (build-aux/dev does)", PG_FALLBACK_BINDIR);
  return NULL;
}

/* As root, the folder's parents must let nobody through to it. */
static gboolean
reachable_by_others (const char *dir, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  while (strcmp (parent, "/") != 0 && strcmp (parent, ".") != 0)
    {
      struct stat st;
      char *up;

      if (g_stat (parent, &st) != 0 || (st.st_mode & S_IXOTH) == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "The PostgreSQL server runs as nobody when the tests run as root, "
                       "and nobody may not enter %s: set TMPDIR to a folder others may enter, "
                       "such as /tmp", parent);
          return FALSE;
        }
      up = g_path_get_dirname (parent);
      g_free (parent);
      parent = up;
    }
  return TRUE;
}

static void
guard_setup (gpointer data)
{
  setsid ();
}

static gboolean
start_guard (const char *dir, const char *pg_ctl, GPtrArray *as_user, GError **error)
{
  static const char script[] =
    "trap '' HUP INT TERM PIPE\n"
    "while read -r line; do :; done\n"     /* until the test process ends */
    "dir=$1; shift\n"
    "if [ -e \"$dir/data/postmaster.pid\" ]; then \"$@\" -D \"$dir/data\" -m immediate stop; fi\n"
    "rm -rf -- \"$dir\"\n";
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int fd = -1;

  g_ptr_array_add (argv, (char *) "/bin/sh");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) script);
  g_ptr_array_add (argv, (char *) "gb-test-pg-guard");
  g_ptr_array_add (argv, (char *) dir);
  for (guint i = 0; i < as_user->len; i++)
    g_ptr_array_add (argv, as_user->pdata[i]);
  g_ptr_array_add (argv, (char *) pg_ctl);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async_with_pipes ("/", (char **) argv->pdata, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                 | G_SPAWN_STDERR_TO_DEV_NULL,
                                 guard_setup, NULL, &cluster.guard, &fd, NULL, NULL, error))
    return FALSE;

  /* Only this process may hold the write end: a child keeping it would
   * keep the cluster alive after the test. */
  fcntl (fd, F_SETFD, FD_CLOEXEC);
  cluster.guard_fd = fd;
  cluster.owner = getpid ();
  atexit (stop_at_exit);
  return TRUE;
}

static char *
read_log (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return g_steal_pointer (&text);
}

/* Runs @argv (as @as_user first) in @dir; the error holds its output. */
static gboolean
run (GPtrArray *as_user, const char * const *argv, const char *dir, const char *log,
     GError **error)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) local = NULL;
  int status = 0;

  for (guint i = 0; i < as_user->len; i++)
    g_ptr_array_add (full, as_user->pdata[i]);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);

  if (!g_spawn_sync (dir, (char **) full->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, &local))
    {
      g_autofree char *log_text = log != NULL ? read_log (log) : g_strdup ("");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed (%s):\n%s%s%s", argv[0],
                   local->message, out, err, log_text);
      return FALSE;
    }
  return TRUE;
}

/* A value for a libpq connection string: quoted, \ and ' escaped. */
static void
append_conninfo_value (GString *s, const char *key, const char *value)
{
  g_string_append_printf (s, "%s%s='", s->len > 0 ? " " : "", key);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '\'')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

static char *
make_conninfo (const char *dir, const char *dbname)
{
  GString *s = g_string_new (NULL);

  append_conninfo_value (s, "host", dir);
  append_conninfo_value (s, "port", PG_PORT);
  append_conninfo_value (s, "dbname", dbname);
  append_conninfo_value (s, "user", PG_ROLE);
  append_conninfo_value (s, "client_encoding", "UTF8");
  return g_string_free (s, FALSE);
}

static gboolean
create_database (const char *dir, GError **error)
{
  g_autofree char *conninfo = make_conninfo (dir, "postgres");
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res = NULL;
  gboolean ok = FALSE;

  if (PQstatus (conn) != CONNECTION_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "Could not connect to the test cluster (%s): %s", conninfo, PQerrorMessage (conn));
  else if (PQresultStatus (res = PQexec (conn, "CREATE DATABASE " PG_DATABASE)) != PGRES_COMMAND_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "Could not create the test database: %s", PQresultErrorMessage (res));
  else
    ok = TRUE;
  PQclear (res);
  PQfinish (conn);
  return ok;
}

static char *
start (GError **error)
{
  g_autofree char *bindir = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *initdb = NULL;
  g_autofree char *pg_ctl = NULL;
  g_autofree char *options = NULL;
  g_autofree char *quoted_dir = NULL;
  g_autoptr(GPtrArray) as_user = g_ptr_array_new_with_free_func (g_free);
  struct sockaddr_un addr;

  if ((bindir = find_bindir (error)) == NULL)
    return NULL;
  initdb = g_build_filename (bindir, "initdb", NULL);
  pg_ctl = g_build_filename (bindir, "pg_ctl", NULL);

  if ((dir = g_dir_make_tmp ("guildbook-pg-XXXXXX", error)) == NULL)
    return NULL;
  data = g_build_filename (dir, "data", NULL);
  log = g_build_filename (dir, "server.log", NULL);

  if (strlen (dir) + strlen ("/.s.PGSQL." PG_PORT) >= sizeof addr.sun_path)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                   "The test cluster's socket path in %s would be too long for a unix socket: "
                   "set TMPDIR to a shorter folder", dir);
      g_rmdir (dir);
      return NULL;
    }

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");
      g_autofree char *setpriv = g_find_program_in_path ("setpriv");

      if (pw == NULL || setpriv == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "As root, the test cluster runs as user nobody through setpriv "
                       "(util-linux), and %s is missing", pw == NULL ? "nobody" : "setpriv");
          g_rmdir (dir);
          return NULL;
        }
      if (!reachable_by_others (dir, error))
        {
          g_rmdir (dir);
          return NULL;
        }
      if (chown (dir, pw->pw_uid, pw->pw_gid) != 0 || g_chmod (dir, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not give %s to nobody: %s", dir, g_strerror (saved));
          g_rmdir (dir);
          return NULL;
        }
      g_ptr_array_add (as_user, g_steal_pointer (&setpriv));
      g_ptr_array_add (as_user, g_strdup_printf ("--reuid=%u", (unsigned) pw->pw_uid));
      g_ptr_array_add (as_user, g_strdup_printf ("--regid=%u", (unsigned) pw->pw_gid));
      g_ptr_array_add (as_user, g_strdup ("--clear-groups"));
      g_ptr_array_add (as_user, g_strdup ("--"));
    }

  if (!start_guard (dir, pg_ctl, as_user, error))
    {
      g_rmdir (dir);
      return NULL;
    }

  {
    const char *argv[] = { initdb, "-D", data, "-A", "trust", "-U", PG_ROLE, "--encoding=UTF8",
                           "--locale=C.UTF-8", "--no-sync", NULL };

    if (!run (as_user, argv, dir, NULL, error))
      return NULL;
  }

  /* pg_ctl hands the options to /bin/sh: the folder is quoted for it. */
  quoted_dir = g_shell_quote (dir);
  options = g_strdup_printf ("-k %s -p " PG_PORT " -c listen_addresses='' -c fsync=off "
                             "-c full_page_writes=off -c synchronous_commit=off", quoted_dir);
  {
    const char *argv[] = { pg_ctl, "-D", data, "-l", log, "-w", "-t", "60", "-o", options,
                           "start", NULL };

    if (!run (as_user, argv, dir, log, error))
      return NULL;
  }

  if (!create_database (dir, error))
    return NULL;

  return make_conninfo (dir, PG_DATABASE);
}

char *
gb_test_pg_start (GError **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (cluster.conninfo == NULL && cluster.error == NULL)
    {
      cluster.conninfo = start (&local);
      if (cluster.conninfo == NULL)
        cluster.error = g_strdup (local->message);
    }
  if (cluster.error != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, cluster.error);
      return NULL;
    }
  return g_strdup (cluster.conninfo);
}

char *
gb_test_pg_base (void)
{
  g_autoptr(GError) error = NULL;
  char *conninfo = gb_test_pg_start (&error);

  g_assert_no_error (error);
  return conninfo;
}

char *
gb_test_pg_query (const char  *dbname,
                  const char  *user,
                  const char  *sql,
                  char       **sqlstate)
{
  g_autofree char *base = gb_test_pg_base ();
  /* Later keywords win in libpq. */
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s%s%s", base, dbname,
                                               user ? " user=" : "", user ? user : "");
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  ExecStatusType status;
  char *value = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      if (sqlstate == NULL)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      *sqlstate = g_strdup (PQresultErrorField (result, PG_DIAG_SQLSTATE));
    }
  else if (status == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

char *
gb_test_pg_new_database (const char  *prefix,
                         const char  *owner,
                         char       **dbname)
{
  static int n;
  g_autofree char *base = gb_test_pg_base ();
  g_autofree char *create = NULL;

  *dbname = g_strdup_printf ("%s_%d", prefix, ++n);
  create = owner ? g_strdup_printf ("CREATE DATABASE %s OWNER %s", *dbname, owner)
                 : g_strdup_printf ("CREATE DATABASE %s", *dbname);
  g_free (gb_test_pg_query ("guildbook", NULL, create, NULL));
  return g_strdup_printf ("%s dbname=%s", base, *dbname);
}
