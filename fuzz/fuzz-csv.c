/* fuzz-csv.c — libFuzzer target: reading mutated CSV files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever bytes a file holds, reading it must end in a table of valid
 * UTF-8 cells or in a clear error, never in a crash; a table read is then
 * mapped and checked as an import of artisans, whose problems show cells
 * cut short. Seeds are in tests/fuzz/corpus/csv. Build: see
 * fuzz-database.c.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"
#include "gb-import.h"

static char *dir;
static GbDatabase *db;

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_table (GbTable *table)
{
  g_assert_cmpuint (gb_table_get_n_rows (table), >, 0);
  for (guint r = 0; r < gb_table_get_n_rows (table); r++)
    {
      g_assert_cmpuint (gb_table_get_number (table, r), >, 0);
      for (guint c = 0; c < gb_table_get_n_cells (table, r); c++)
        g_assert (g_utf8_validate (gb_table_get_cell (table, r, c), -1, NULL));
    }
}

/* The importer takes @table: mapping in linear time (libFuzzer's
 * timeout), problems of a sensible length. */
static void
check_import (GbTable *table)
{
  g_autoptr(GbImport) import = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  if (db == NULL)
    {
      g_autofree char *path = NULL;

      dir = g_dir_make_tmp ("fuzz-csv-XXXXXX", NULL);
      g_assert (dir != NULL);
      path = g_build_filename (dir, "guildbook.db", NULL);
      db = gb_database_open (path, GB_DATABASE_CREATE, NULL);
      g_assert (db != NULL);
    }
  import = gb_import_new (db, GB_IMPORT_ARTISANS, table);
  gb_import_set_max_threads (import, 1);
  gb_import_guess_mapping (import);
  if (!gb_import_check (import, NULL, NULL, NULL, &error))
    return;
  problems = gb_import_get_problems (import);
  for (guint i = 0; i < problems->len; i++)
    {
      GbImportProblem *p = problems->pdata[i];

      g_assert (p->column == NULL || g_utf8_strlen (p->column, -1) <= 80);
      g_assert (strlen (p->message) < 4096);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTable) table = NULL;
  GbCsvInfo info;

  table = gb_csv_read_bytes (data, size, -1, &info, NULL, &error);
  if (table != NULL)
    {
      check_table (table);
      g_assert (info.delimiter == ',' || info.delimiter == ';' || info.delimiter == '\t');
      check_import (g_steal_pointer (&table));
    }
  else
    g_assert (error != NULL && error->message != NULL);
  g_clear_pointer (&table, gb_table_free);
  g_clear_error (&error);

  /* and once with the encoding forced, as the import dialog may ask */
  if (size > 0)
    {
      int force = (int) (data[size - 1] % 5) - 1;

      table = gb_csv_read_bytes (data, size, force, NULL, NULL, &error);
      if (table != NULL)
        check_table (table);
      else
        g_assert (error != NULL && error->message != NULL);
    }
  return 0;
}
