/* gb-backup-private.h — what the backup files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gb-backup.h"

G_BEGIN_DECLS

int        gb_backup_claim_new       (const char  *path);
void       gb_backup_release_at_exit (int         *fd);
/* A descriptor from gb_backup_claim_new(), let go of when it leaves scope. */
#define CLAIM_RELEASE __attribute__ ((cleanup (gb_backup_release_at_exit)))

gboolean   gb_backup_copy_database   (sqlite3     *from,
                                      const char  *to,
                                      GError     **error);
gboolean   gb_backup_quick_check     (const char  *path,
                                      GError     **error);
GPtrArray *gb_backup_list_files      (const char  *database_path,
                                      gboolean     with_counts);
char      *gb_backup_register_id_in  (sqlite3     *db);

G_END_DECLS
