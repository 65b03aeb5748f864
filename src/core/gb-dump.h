/* gb-dump.h — the whole database as a folder of CSV files, and back
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

gboolean gb_dump_write (GbDatabase    *database,
                        const char    *folder,
                        GCancellable  *cancellable,
                        guint         *n_rows,
                        GError       **error);
gboolean gb_dump_read  (GbDatabase    *database,
                        const char    *folder,
                        GCancellable  *cancellable,
                        guint         *n_rows,
                        GError       **error);

G_END_DECLS
