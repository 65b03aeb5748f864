/* gb-keys.h — the stored search and sort keys, made again when their recipe changes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

char     *gb_keys_recipe  (void);
gboolean  gb_keys_refresh (GbDatabase  *database,
                           gboolean    *rebuilt,
                           GError     **error);

G_END_DECLS
