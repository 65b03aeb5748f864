/* gb-keyring.c — the shared database's password, in the keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-keyring"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "gb-database.h"
#include "gb-keyring.h"

/* One password a server, database and login: another database on the
 * same server may have another login. */
static const SecretSchema *
shared_database_schema (void)
{
  static const SecretSchema schema = {
    "io.github.guildbook.Guildbook.SharedDatabase", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Never in a file nor in GSettings: only the Secret Service keeps it. An
 * error means no keyring runs (or it refused); the caller then uses the
 * password for the session only. */
gboolean
gb_keyring_store_password (const char  *host,
                           const char  *dbname,
                           const char  *user,
                           const char  *password,
                           GError     **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (dbname != NULL && password != NULL, FALSE);

  label = host && *host ? g_strdup_printf (_("Guildbook: database %s on %s"), dbname, host)
                        : g_strdup_printf (_("Guildbook: database %s"), dbname);
  return secret_password_store_sync (shared_database_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     password, NULL, error,
                                     "host", host ? host : "",
                                     "dbname", dbname,
                                     "user", user ? user : "",
                                     NULL);
}

/* The password kept for these, or NULL (none kept, or no keyring: @error
 * says which). */
char *
gb_keyring_lookup_password (const char  *host,
                            const char  *dbname,
                            const char  *user,
                            GError     **error)
{
  char *secret;
  char *password;

  g_return_val_if_fail (dbname != NULL, NULL);

  secret = secret_password_lookup_nonpageable_sync (shared_database_schema (), NULL, error,
                                                    "host", host ? host : "",
                                                    "dbname", dbname,
                                                    "user", user ? user : "",
                                                    NULL);
  if (secret == NULL)
    return NULL;
  /* libpq takes an ordinary string; the pageable copy lives as long as the
   * connection string that carries it. */
  password = g_strdup (secret);
  secret_password_free (secret);
  return password;
}

/* What a connection to the shared database needs, on a worker thread:
 * the keyring (D-Bus, perhaps a prompt to unlock it) never holds up the
 * window. */
typedef struct
{
  char *host;
  char *dbname;
  char *user;
  char *password;   /* typed, to keep; NULL: look the kept one up */
  char *note;       /* why a typed password could not be kept */
} Lookup;

static void
wipe (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

static void
lookup_free (Lookup *l)
{
  g_free (l->host);
  g_free (l->dbname);
  g_free (l->user);
  wipe (l->password);
  g_free (l->note);
  g_free (l);
}

static void
conninfo_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Lookup *l = data;
  g_autoptr(GError) error = NULL;
  char *password = NULL;
  char *conninfo;

  if (l->password != NULL)
    {
      if (!gb_keyring_store_password (l->host, l->dbname, l->user, l->password, &error))
        l->note = g_strdup_printf (_("The password could not be kept in the keyring: %s; "
                                     "it is used for this session only."), error->message);
      password = g_strdup (l->password);
    }
  else
    {
      password = gb_keyring_lookup_password (l->host, l->dbname, l->user, &error);
      /* No keyring: libpq may still find it in ~/.pgpass, or need none. */
      if (error != NULL)
        g_debug ("No password from the keyring: %s", error->message);
    }
  conninfo = gb_database_pg_conninfo (l->host, l->dbname, l->user, password);
  wipe (password);
  g_task_return_pointer (task, conninfo, (GDestroyNotify) wipe);
}

/* The connection string of the shared database @dbname on @host as @user,
 * for gb_database_open() only: never to be saved or shown. @password,
 * when typed, is kept in the keyring first (or, when no keyring runs,
 * used for this session: gb_keyring_conninfo_finish() says so in its
 * note); without it, the one kept is looked up. */
void
gb_keyring_conninfo_async (const char          *host,
                           const char          *dbname,
                           const char          *user,
                           const char          *password,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *l;

  g_return_if_fail (dbname != NULL);

  task = g_task_new (NULL, NULL, callback, user_data);
  l = g_new0 (Lookup, 1);
  l->host = g_strdup (host ? host : "");
  l->dbname = g_strdup (dbname);
  l->user = g_strdup (user ? user : "");
  l->password = password && *password ? g_strdup (password) : NULL;
  g_task_set_source_tag (task, gb_keyring_conninfo_async);
  g_task_set_task_data (task, l, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, conninfo_thread);
}

char *
gb_keyring_conninfo_finish (GAsyncResult  *result,
                            char         **note)
{
  Lookup *l = g_task_get_task_data (G_TASK (result));

  if (note != NULL)
    *note = g_steal_pointer (&l->note);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
