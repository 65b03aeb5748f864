/* fuzz-csv.c — libFuzzer target: reading mutated CSV files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever bytes a file holds, reading it must end in a table of valid
 * UTF-8 cells or in a clear error, never in a crash. Seeds are in
 * tests/fuzz/corpus/csv. Build: see fuzz-database.c.
 */
#include <glib.h>
#include <stdint.h>

#include "gb-csv-reader.h"
#include "gb-error.h"

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
