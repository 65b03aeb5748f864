/* gb-keyring.h — the shared database's password, in the keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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
char     *gb_keyring_shared_conninfo (GSettings   *settings);

G_END_DECLS
