/* gb-crash-helper.c — work that test-crash kills with SIGKILL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gb-crash-helper edits DB   commit edits one by one, printing each number
 *                              once its transaction is committed
 *   gb-crash-helper bulk DB    import 10,000 members through the importer (one
 *                              transaction), then print "committed"
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gb-database.h"
#include "gb-import.h"
#include "gb-member.h"
#include "gb-store.h"

static void
die (GError *error)
{
  fprintf (stderr, "gb-crash-helper: %s\n", error->message);
  exit (1);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbStore) members = NULL;

  if (argc != 3)
    return 2;
  if ((db = gb_database_open (argv[2], GB_DATABASE_CREATE, &error)) == NULL)
    die (g_steal_pointer (&error));
  members = gb_store_new (db, GB_TYPE_MEMBER);

  if (g_str_equal (argv[1], "edits"))
    {
      for (guint i = 1;; i++)
        {
          g_autofree char *name = g_strdup_printf ("Nguyễn Văn Sửa %u", i);
          g_autoptr(GbMember) m = gb_member_new ("individual", name);

          m->member_no = g_strdup_printf ("K-%u-%u", (guint) getpid (), i);
          /* One edit is an insert and a change to the one before, saved together. */
          if (!gb_database_begin (db, &error) || !gb_store_insert (members, GB_RECORD (m), &error))
            die (g_steal_pointer (&error));
          if (i > 1)
            {
              g_autofree char *sql = g_strdup_printf ("UPDATE members SET notes = 'sửa %u' WHERE member_no = 'K-%u-%u'",
                                                      i, (guint) getpid (), i - 1);
              if (!gb_database_exec (db, sql, &error))
                die (g_steal_pointer (&error));
            }
          if (!gb_database_commit (db, &error))
            die (g_steal_pointer (&error));
          printf ("%u\n", i);
          fflush (stdout);
        }
    }
  if (g_str_equal (argv[1], "bulk"))
    {
      GbTable *table = gb_table_new ();
      g_autoptr(GbImport) import = NULL;
      const char *headings[] = { "Số hội viên", "Họ và tên", "Ngày vào hội" };
      gint64 import_id;
      guint n;

      gb_table_append_row (table, 1, headings, G_N_ELEMENTS (headings));
      for (guint i = 0; i < 10000; i++)
        {
          g_autofree char *number = g_strdup_printf ("B-%u-%u", (guint) getpid (), i);
          g_autofree char *name = g_strdup_printf ("Trần Thị Nhập %u", i);
          const char *cells[] = { number, name, "15/03/2020" };

          gb_table_append_row (table, i + 2, cells, G_N_ELEMENTS (cells));
        }
      import = gb_import_new (db, GB_IMPORT_MEMBERS, table);
      gb_import_guess_mapping (import);
      if (!gb_import_run (import, FALSE, NULL, NULL, NULL, &import_id, &n, &error))
        die (g_steal_pointer (&error));
      printf ("committed\n");
      fflush (stdout);
      return 0;
    }
  return 2;
}
