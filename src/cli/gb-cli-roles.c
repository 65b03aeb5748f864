/* gb-cli-roles.c — guildbook-cli roles: who may do what on a shared database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-roles.h"
#include "gb-cli.h"

static int
roles_list (GbDatabase *db)
{
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  guint width = 0;

  if ((list = gb_roles_list (db, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < list->len; i++)
    width = MAX (width, (guint) g_utf8_strlen (((GbRoleEntry *) list->pdata[i])->login, -1));
  for (guint i = 0; i < list->len; i++)
    {
      GbRoleEntry *e = list->pdata[i];

      fputs (e->login, stdout);
      for (guint pad = g_utf8_strlen (e->login, -1); pad < width + 2; pad++)
        fputc (' ', stdout);
      /* The word to type beside the one staff read, where they differ. */
      if (g_str_equal (gb_database_role_label (e->role), gb_database_role_keyword (e->role)))
        printf ("%s\n", gb_database_role_label (e->role));
      else
        printf ("%s (%s)\n", gb_database_role_label (e->role), gb_database_role_keyword (e->role));
    }
  if (list->len <= 1)
    printf (_("No login has a role yet: give one with “guildbook-cli roles grant LOGIN "
              "viewer|clerk|secretary”.\n"));
  return EXIT_OK;
}

int
gb_cli_roles (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("roles", "setup | grant LOGIN viewer|clerk|secretary | revoke LOGIN | list",
                     N_("Who may do what on a shared database. “roles setup” (by the database's "
                        "owner) makes the roles: a viewer reads; a clerk also keeps members, "
                        "artisans and events and imports; a secretary also issues and voids "
                        "certificates, submits reports and changes the association's profile. "
                        "“roles grant” gives a login one of them (and takes the others away), "
                        "“roles revoke” takes them all, “roles list” shows who has which."), NULL);
  g_autoptr(GbDatabase) db = NULL;
  GbDatabaseRole role = GB_DATABASE_ROLE_NONE;
  GError *error = NULL;
  const char *what;
  int code;

  if (!parse_command (context, &argc, &argv, 3, &code))
    return code;
  if (argc < 2)
    return usage_error (context, _("Say what to do: setup, grant, revoke or list."));
  what = argv[1];
  if ((g_str_equal (what, "setup") || g_str_equal (what, "list")) && argc != 2)
    return usage_error (context, _("Too many arguments."));
  if (g_str_equal (what, "grant")
      && (argc != 4 || !gb_database_role_from_keyword (argv[3], &role) || role == GB_DATABASE_ROLE_OWNER))
    return usage_error (context, _("Say whom and which role: roles grant LOGIN viewer|clerk|secretary."));
  if (g_str_equal (what, "revoke") && argc != 3)
    return usage_error (context, _("Say whose roles to take: roles revoke LOGIN."));
  if (!g_str_equal (what, "setup") && !g_str_equal (what, "grant") && !g_str_equal (what, "revoke")
      && !g_str_equal (what, "list"))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown roles command “%s”: say setup, grant, "
                                                    "revoke or list."), what);
      return usage_error (context, message);
    }

  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  if (g_str_equal (what, "list"))
    return roles_list (db);
  if (g_str_equal (what, "setup"))
    {
      if (!gb_roles_setup (db, &error))
        return fail (error);
      printf (_("The roles are set up: viewer, clerk and secretary. Give them to logins with "
                "“guildbook-cli roles grant LOGIN ROLE”.\n"));
      return EXIT_OK;
    }
  if (!gb_roles_grant (db, argv[2], role, &error))
    return fail (error);
  if (role == GB_DATABASE_ROLE_NONE)
    printf (_("%s has no role any more.\n"), argv[2]);
  else
    /* Translators: a login, then a role such as “clerk”. */
    printf (_("%s is now a %s.\n"), argv[2], gb_database_role_label (role));
  return EXIT_OK;
}
