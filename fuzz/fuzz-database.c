/* fuzz-database.c — libFuzzer target: opening mutated database files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever bytes a file holds, opening it must end in a database or in a
 * clear error, never in a crash; an opened one must answer a check and a
 * query. Build: CC=clang meson setup build-fuzz -Dfuzzing=true
 * -Db_sanitize=address,undefined -Db_lundef=false -Dtests=false.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>

#include "gb-database.h"
#include "gb-member.h"
#include "gb-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("gb-fuzz-XXXXXX", NULL);
      /* Backups made before a migration stay in the fuzzer's own folder. */
      g_setenv ("XDG_DATA_HOME", dir, TRUE);
    }
  path = g_build_filename (dir, "fuzz.db", NULL);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    return 0;

  db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  if (db != NULL)
    {
      g_autofree char *report = NULL;
      g_autoptr(GbStore) members = gb_store_new (db, GB_TYPE_MEMBER);
      g_autoptr(GError) ignored = NULL;

      gb_database_check (db, &report, &ignored);
      g_clear_error (&ignored);
      (void) gb_store_count (members, NULL, &ignored);
    }
  else
    g_assert (error != NULL && error->message != NULL);
  g_clear_object (&db);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  return 0;
}
