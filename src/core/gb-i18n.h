/* gb-i18n.h — locale and catalog set-up shared by the program and the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gb_i18n_init (void);

G_END_DECLS
