/* gb-cli.h — what the commands of guildbook-cli share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gb-database.h"

G_BEGIN_DECLS

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

int             fail            (GError             *error);
int             usage_error     (GOptionContext     *context,
                                 const char         *message);
GOptionContext *command_context (const char         *name,
                                 const char         *args,
                                 const char         *summary,
                                 const GOptionEntry *entries);
gboolean        parse_command   (GOptionContext     *context,
                                 int                *argc,
                                 char             ***argv,
                                 int                 max_args,
                                 int                *exit_code);
GbDatabase     *open_database   (const char         *path,
                                 gboolean            create,
                                 GError            **error);
char           *shown_name      (GbDatabase         *db);

int gb_cli_certificate (const char *db_path, int argc, char **argv);
int gb_cli_verify (const char *db_path, int argc, char **argv);
int gb_cli_cards       (const char *db_path, int argc, char **argv);
int gb_cli_register    (const char *db_path, int argc, char **argv);
int gb_cli_report      (const char *db_path, int argc, char **argv);
int gb_cli_backup      (const char *db_path, int argc, char **argv);
int gb_cli_export      (const char *db_path, int argc, char **argv);
int gb_cli_restore     (const char *db_path, int argc, char **argv);
int gb_cli_copy        (const char *db_path, int argc, char **argv);
int gb_cli_import      (const char *db_path, int argc, char **argv);
int gb_cli_export_all  (const char *db_path, const char *folder);
int gb_cli_roles       (const char *db_path, int argc, char **argv);

G_END_DECLS
