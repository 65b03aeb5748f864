/* gb-test-util.h — temporary folders and file fingerprints for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *gb_test_make_dir   (void);
void  gb_test_remove_dir (const char *dir);
char *gb_test_checksum   (const char *path);

G_END_DECLS
