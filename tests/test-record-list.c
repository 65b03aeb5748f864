/* test-record-list.c — the list model: queries off the main thread, swaps
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-artisan.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-record-list.h"
#include "gb-test-util.h"

static void
wait_loaded (GbRecordList *list)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gb_record_list_is_loading (list) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gb_record_list_is_loading (list));
}

static void
count_changes (GListModel *model, guint position, guint removed, guint added, guint *n)
{
  (*n)++;
}

static void
test_record_list (void)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "guildbook.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_CREATE, &error);
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbRecordList) list = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  guint changes = 0;
  guint nguyen = 0;

  g_assert_true (gb_demo_fill (db, &error));
  store = gb_store_new (db, GB_TYPE_ARTISAN);
  list = gb_record_list_new (store);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  wait_loaded (list);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == GB_TYPE_ARTISAN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);
  g_assert_cmpint (gb_record_list_get_total (list), ==, 120);
  g_assert_cmpuint (changes, ==, 1);   /* one insertion of 120, not 120 insertions */

  for (guint i = 0; i < 120; i++)
    {
      g_autoptr(GbArtisan) a = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_cmpint (gb_record_get_id (GB_RECORD (a)), ==, gb_record_list_get_id (list, i));
      if (strstr (a->name, "Nguyễn"))
        nguyen++;
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 120));

  gb_query_set_search (query, "nguyen");
  gb_record_list_set_query (list, query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, nguyen);
  g_assert_cmpint (gb_record_list_get_total (list), ==, 120);
  g_assert_cmpuint (changes, ==, 3);   /* a swap is a removal, then an addition */

  /* A newer query wins over one still running. */
  gb_query_set_search (query, "zzzz");
  gb_record_list_set_query (list, query);
  gb_query_set_search (query, NULL);
  gb_query_set_sort (query, "birth_year", TRUE);
  gb_record_list_set_query (list, query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);
  {
    g_autoptr(GbArtisan) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(GbArtisan) last = g_list_model_get_item (G_LIST_MODEL (list), 119);
    g_assert_cmpint (first->birth_year, >=, last->birth_year);
  }

  /* A deletion through the store reloads the list by itself. */
  {
    gint64 id = gb_record_list_get_id (list, 0);
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_assert_true (gb_store_delete (store, id, &error));
    while (g_list_model_get_n_items (G_LIST_MODEL (list)) != 119 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 119);
    g_assert_cmpint (gb_record_list_find (list, id), ==, -1);
  }

  g_clear_object (&list);
  g_clear_object (&store);
  g_clear_object (&db);
  gb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/record-list/query-and-swap", test_record_list);
  return g_test_run ();
}
