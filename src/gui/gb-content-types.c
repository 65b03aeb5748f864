/* gb-content-types.c — GIO names our files without reading them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's file choosers (Open, export, import, photo, logo, PDF) run
 * in the window's process on GTK 4.8 and ask GIO for the content type of
 * every file in the folder. For a name that no glob places, GIO opens the
 * file and reads its first bytes. In the database's folder those are the
 * database and its -shm, and closing that descriptor drops all of the
 * process's POSIX locks on the file: a guildbook-cli closing beside the
 * window then checkpoints and deletes the WAL the window still writes to
 * (sqlite's "How To Corrupt", section 2.2; DESIGN.md, "Data").
 *
 * data/mime/packages/guildbook.xml gives those names a type, and it is
 * added here to the MIME folders GIO reads, in this process only: a
 * system-wide *.db glob would change how every program on the desktop sees
 * other programs' files. GTK 4.8's chooser asks for standard::content-type
 * and standard::icon itself; no attribute or filter of ours avoids it.
 */
#define G_LOG_DOMAIN "gb-content-types"

#include "config.h"

#include <gio/gio.h>

#include "gb-content-types.h"

/* GUILDBOOK_MIMEDIR lets the uninstalled build (meson devenv, tests) use
 * the MIME data it just compiled. Call before anything asks GIO for a
 * content type: GIO reads its folders once. */
void
gb_content_types_init (void)
{
  const char *dir = g_getenv ("GUILDBOOK_MIMEDIR");
  const char *const *system = g_get_system_data_dirs ();
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (dirs, dir && *dir ? g_strdup (dir) : g_build_filename (PKGDATADIR, "mime", NULL));
  /* Then GIO's own list, as it would read it. */
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "mime", NULL));
  for (guint i = 0; system[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system[i], "mime", NULL));
  g_ptr_array_add (dirs, NULL);
  g_content_type_set_mime_dirs ((const char *const *) dirs->pdata);
}
