/* gb-i18n.c — locale and catalog set-up shared by the program and the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "gb-i18n.h"

/* GUILDBOOK_LOCALEDIR lets the uninstalled build (meson devenv, tests) use
 * the catalogs it just compiled. */
void
gb_i18n_init (void)
{
  const char *dir = g_getenv ("GUILDBOOK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
