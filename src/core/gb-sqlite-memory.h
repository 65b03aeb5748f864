/* gb-sqlite-memory.h — sqlite's database pages in huge pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     gb_sqlite_memory_install (void);
gboolean gb_sqlite_memory_owns    (const void *memory);

G_END_DECLS
