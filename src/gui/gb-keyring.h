/* gb-keyring.h — the shared database's password, in the keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  gb_keyring_store_password  (const char  *host,
                                      const char  *dbname,
                                      const char  *user,
                                      const char  *password,
                                      GError     **error);
char     *gb_keyring_lookup_password (const char  *host,
                                      const char  *dbname,
                                      const char  *user,
                                      GError     **error);
void      gb_keyring_conninfo_async  (const char          *host,
                                      const char          *dbname,
                                      const char          *user,
                                      const char          *password,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char     *gb_keyring_conninfo_finish (GAsyncResult        *result,
                                      char               **note);

G_END_DECLS
