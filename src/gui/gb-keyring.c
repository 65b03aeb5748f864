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

/* The connection string of the shared database named in @settings, with
 * its password from the keyring when one is kept, or NULL when the
 * settings name none. For gb_database_open only: never to be saved or
 * shown. */
char *
gb_keyring_shared_conninfo (GSettings *settings)
{
  g_autofree char *host = g_settings_get_string (settings, "shared-host");
  g_autofree char *dbname = g_settings_get_string (settings, "shared-dbname");
  g_autofree char *user = g_settings_get_string (settings, "shared-user");
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  char *conninfo;

  if (*dbname == '\0')
    return NULL;
  password = gb_keyring_lookup_password (host, dbname, user, &error);
  /* No keyring: libpq may still find it in ~/.pgpass, or need none. */
  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);
  conninfo = gb_database_pg_conninfo (host, dbname, user, password);
  if (password != NULL)
    memset (password, 0, strlen (password));
  return conninfo;
}
