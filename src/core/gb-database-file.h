/* gb-database-file.h — the database file before sqlite opens it (private to core)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/stat.h>

#include "gb-database.h"

G_BEGIN_DECLS

gboolean          gb_database_file_check_local     (const char        *path,
                                                    GError           **error);
gboolean          gb_database_file_create          (const char        *path,
                                                    gboolean          *lost,
                                                    GError           **error);
GbDatabaseAccess  gb_database_file_access          (const char        *path,
                                                    const struct stat *st);
char             *gb_database_file_read_only_uri   (const char        *path);
void              gb_database_file_repair_journals (const char        *path,
                                                    const struct stat *st);
void              gb_database_file_mark_damaged    (const char        *path);

G_END_DECLS
