/* gb-roles.h — Guildbook's roles on a shared PostgreSQL database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  char           *login;
  GbDatabaseRole  role;
} GbRoleEntry;

gboolean   gb_roles_setup        (GbDatabase      *database,
                                  GError         **error);
gboolean   gb_roles_grant        (GbDatabase      *database,
                                  const char      *login,
                                  GbDatabaseRole   role,
                                  GError         **error);
GPtrArray *gb_roles_list         (GbDatabase      *database,
                                  GError         **error);
void       gb_role_entry_free    (GbRoleEntry     *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbRoleEntry, gb_role_entry_free)

G_END_DECLS
