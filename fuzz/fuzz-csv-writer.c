/* fuzz-csv-writer.c — libFuzzer target: formulas neutralized in every CSV written
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An artisan whose name and notes are the input (split at the byte 0x01)
 * is exported to CSV as a list is, and the file read back: no cell may be
 * a formula Excel would run (= + - @, also after spaces, tabs or CR), and
 * a text that was one comes back as exactly one apostrophe before it.
 * Seeds are in tests/fuzz/corpus/csv-writer. Build: see fuzz-database.c.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "gb-artisan.h"
#include "gb-csv-reader.h"
#include "gb-database.h"
#include "gb-export.h"
#include "gb-query.h"
#include "gb-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;
static GbDatabase *db;
static GbStore *store;

static void
check_cell (const char *cell,
            const char *stored)
{
  g_assert (!gb_export_csv_is_formula (cell));
  if (stored != NULL && gb_export_csv_is_formula (stored))
    g_assert (cell[0] == '\'' && strcmp (cell + 1, stored) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbQuery) query = NULL;
  g_autoptr(GbArtisan) artisan = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GbTable) table = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  const char *name, *notes;
  char *sep;
  gint64 id;

  if (dir == NULL)
    {
      g_autofree char *db_path = NULL;

      dir = g_dir_make_tmp ("fuzz-csv-writer-XXXXXX", NULL);
      g_assert (dir != NULL);
      db_path = g_build_filename (dir, "guildbook.db", NULL);
      db = gb_database_open (db_path, GB_DATABASE_CREATE, NULL);
      g_assert (db != NULL);
      store = gb_store_new (db, GB_TYPE_ARTISAN);
    }
  if (memchr (data, 0, size) != NULL)
    return 0;
  text = g_utf8_make_valid ((const char *) data, (gssize) size);
  sep = strchr (text, '\x01');
  if (sep != NULL)
    *sep = '\0';
  name = text;
  notes = sep ? sep + 1 : NULL;

  artisan = gb_artisan_new (name);
  if (notes != NULL)
    gb_record_set_text (GB_RECORD (artisan), "notes", notes);
  if (!gb_store_insert (store, GB_RECORD (artisan), &error))
    return 0;   /* not a record a form would save */
  id = gb_record_get_id (GB_RECORD (artisan));
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  query = gb_query_new ();
  path = g_build_filename (dir, "list.csv", NULL);
  g_assert (gb_export (store, query, ids, GB_EXPORT_CSV, path, NULL, NULL, &error));

  /* As written: no conversion of what could read as a legacy encoding. */
  table = gb_csv_read_file (path, GB_LEGACY_UNICODE, NULL, NULL, &error);
  g_assert (table != NULL);
  g_assert (gb_table_get_n_rows (table) == 2);
  for (guint c = 0; c < gb_table_get_n_cells (table, 1); c++)
    {
      const char *heading = gb_table_get_cell (table, 0, c);
      const char *stored = NULL;

      if (c == 0)
        stored = gb_record_get_text (GB_RECORD (artisan), "name");
      else if (notes != NULL && strcmp (heading, "Notes") == 0)
        stored = gb_record_get_text (GB_RECORD (artisan), "notes");
      check_cell (gb_table_get_cell (table, 1, c), stored);
    }
  g_assert (gb_store_delete (store, id, NULL));
  return 0;
}
