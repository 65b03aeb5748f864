/* gb-test-util.c — temporary folders and file fingerprints for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gb-test-util.h"

char *
gb_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("guildbook-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
gb_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        gb_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* SHA-256 of the file's bytes: proves a refused file was not changed. */
char *
gb_test_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("<missing>");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}
