/* gb-content-types.h — GIO names our files without reading them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gb_content_types_init (void);

G_END_DECLS
