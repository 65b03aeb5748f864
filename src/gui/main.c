/* main.c — guildbook
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-application.h"
#include "gb-content-types.h"
#include "gb-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GbApplication) app = NULL;

  /* First: the file choosers must never open the database (see the file). */
  gb_content_types_init ();
  gb_i18n_init ();
  gb_application_ensure_resources ();

  app = gb_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
