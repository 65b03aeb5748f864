/* test-record-list.c — the list model: queries off the main thread, swaps
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-artisan.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-record-list.h"
#include "gb-registry.h"
#include "gb-member.h"
#include "gb-test-db.h"
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

/* A demo database in a folder of its own, and its artisans' store. */
typedef struct
{
  char       *dir;
  GbDatabase *db;
  GbStore    *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gb_test_make_dir ();
  f->db = gb_test_db_open (f->dir, "guildbook.db");
  g_assert_true (gb_demo_fill (f->db, &error));
  f->store = gb_store_new (f->db, GB_TYPE_ARTISAN);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->db);
  gb_test_db_drop_all ();
  gb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
test_record_list (Fixture *f, gconstpointer data)
{
  GbStore *store = f->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbRecordList) list = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  guint changes = 0;
  guint nguyen = 0;

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
}

static void
count_rows (GbRecordList *list, guint position, guint n, guint *rows)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (n, <=, g_list_model_get_n_items (G_LIST_MODEL (list)));
  *rows += n;
}

/* In place, a new query keeps the rows both answers have: only the
 * difference is an items-changed, at the end, and "rows-replaced" names
 * the rows that hold other records. Queries asked for while one runs make
 * one more query, with the latest. */
static void
test_record_list_in_place (Fixture *f, gconstpointer data)
{
  GbStore *store = f->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbRecordList) list = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  guint changes = 0, replaced = 0, nguyen = 0;

  list = gb_record_list_new (store);
  gb_record_list_set_rows_in_place (list, TRUE);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  g_signal_connect (list, "rows-replaced", G_CALLBACK (count_rows), &replaced);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (replaced, ==, 0);

  gb_query_set_search (query, "nguyen");
  gb_record_list_set_query (list, query);
  wait_loaded (list);
  nguyen = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (nguyen, >, 0);
  g_assert_cmpuint (nguyen, <, 120);
  g_assert_cmpuint (changes, ==, 2);          /* the tail went, in one change */
  g_assert_cmpuint (replaced, ==, nguyen);    /* the rows kept hold the Nguyễns */
  for (guint i = 0; i < nguyen; i++)
    {
      g_autoptr(GbRecord) r = gb_record_list_get_record (list, i);
      g_assert_nonnull (strstr (gb_record_get_name (r), "Nguyễn"));
    }
  g_assert_null (gb_record_list_get_record (list, nguyen));

  /* Three queries at once: the last one's answer, and no more than one
   * query after the one running. */
  changes = replaced = 0;
  gb_query_set_search (query, "zzzz");
  gb_record_list_set_query (list, query);
  gb_query_set_search (query, "tran");
  gb_record_list_set_query (list, query);
  gb_query_set_search (query, NULL);
  gb_record_list_set_query (list, query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);
  g_assert_cmpuint (changes, ==, 1);          /* straight to all 120: "zzzz" was never shown */
  g_assert_cmpuint (replaced, ==, nguyen);

  /* The total follows a deletion, though searches do not count again. */
  g_assert_cmpint (gb_record_list_get_total (list), ==, 120);
  g_assert_true (gb_store_delete (store, gb_record_list_get_id (list, 0), &error));
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (gb_record_list_get_total (list) != 119 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpint (gb_record_list_get_total (list), ==, 119);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 119);

  g_clear_object (&list);
}

/* The list searches the rows of its sort and filters in memory; it must
 * find exactly what the store's SQL finds, in the same order. */
static void
test_record_list_search_like_store (Fixture *f, gconstpointer data)
{
  GbDatabase *db = f->db;
  GbStore *store = f->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbRecordList) list = NULL;
  static const char *searches[] = {
    "", "n", "nguyen", "NGUYỄN", "van nguyen", "nguyen van", "đ", "d", "dang thi",
    "gom", "chu dau", "guyen", "  thi   ", "zzzz", NULL
  };
  static const struct { const char *sort; gboolean desc; const char *filter, *value; } bases[] = {
    { NULL, FALSE, NULL, NULL },
    { "birth_year", TRUE, NULL, NULL },
    { "village", FALSE, NULL, NULL },
    { "village", TRUE, NULL, NULL },
    { "craft_name", FALSE, NULL, NULL },
    { "craft_name", TRUE, "revoked", "0" },
    { "commune", TRUE, "village", "Bảo Hà" },
    { NULL, FALSE, "revoked", "0" },
  };

  list = gb_record_list_new (store);
  wait_loaded (list);

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (guint i = 0; searches[i]; i++)
      {
        g_autoptr(GbQuery) query = gb_query_new ();
        g_autoptr(GArray) expected = NULL;

        gb_query_set_search (query, searches[i]);
        if (bases[b].sort)
          gb_query_set_sort (query, bases[b].sort, bases[b].desc);
        if (bases[b].filter)
          gb_query_add_filter (query, bases[b].filter, bases[b].value);
        expected = gb_store_query_ids (store, query, &error);
        g_assert_no_error (error);
        gb_record_list_set_query (list, query);
        wait_loaded (list);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
        for (guint r = 0; r < expected->len; r++)
          g_assert_cmpint (gb_record_list_get_id (list, r), ==, g_array_index (expected, gint64, r));
      }

  /* A row written through another store on the same connection (another
   * craft of a member) is seen by the next query with the same filter. */
  {
    g_autoptr(GbStore) members = gb_store_new (db, GB_TYPE_MEMBER);
    g_autoptr(GbStore) other = gb_store_new (db, GB_TYPE_MEMBER_CRAFT);
    g_autoptr(GbRecordList) by_craft = gb_record_list_new (members);
    g_autoptr(GbQuery) query = gb_query_new ();
    g_autoptr(GbRecord) mc = g_object_new (GB_TYPE_MEMBER_CRAFT, NULL);
    g_autoptr(GArray) all = gb_store_query_ids (members, NULL, &error);
    g_autoptr(GbRecord) member = gb_store_get (members, g_array_index (all, gint64, 0), &error);
    g_autoptr(GbStore) crafts = gb_store_new (db, GB_TYPE_CRAFT);
    g_autoptr(GArray) craft_ids = gb_store_query_ids (crafts, NULL, &error);
    gint64 craft = 0;
    g_autofree char *value = NULL;

    for (guint i = 0; i < craft_ids->len && craft == 0; i++)
      if (g_array_index (craft_ids, gint64, i) != gb_record_get_int (member, "craft_id"))
        craft = g_array_index (craft_ids, gint64, i);
    value = g_strdup_printf ("%" G_GINT64_FORMAT, craft);
    gb_query_add_filter (query, "craft", value);
    gb_record_list_set_query (by_craft, query);
    wait_loaded (by_craft);
    g_assert_cmpint (gb_record_list_find (by_craft, gb_record_get_id (member)), ==, -1);

    gb_record_set_int (mc, "member_id", gb_record_get_id (member));
    gb_record_set_int (mc, "craft_id", craft);
    g_assert_true (gb_store_insert (other, mc, &error));
    gb_record_list_set_query (by_craft, query);
    wait_loaded (by_craft);
    g_assert_cmpint (gb_record_list_find (by_craft, gb_record_get_id (member)), >=, 0);
  }

  /* A record changed through the store is found by its new name. */
  {
    g_autoptr(GbQuery) query = gb_query_new ();
    g_autoptr(GArray) all = gb_store_query_ids (store, NULL, &error);
    g_autoptr(GbRecord) r = gb_store_get (store, g_array_index (all, gint64, 0), &error);

    g_assert_nonnull (r);
    gb_record_set_text (r, "name", "Xuyến Thị Zơ");
    g_assert_true (gb_store_update (store, r, &error));
    gb_query_set_search (query, "xuyen zo");
    gb_record_list_set_query (list, query);
    wait_loaded (list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    g_assert_cmpint (gb_record_list_get_id (list, 0), ==, gb_record_get_id (r));
  }

  g_clear_object (&list);
}

/* A view asks for the rows it binds in no particular order, far past the
 * ones read with the ids: each answer is the record of its position, and
 * the store's reads of some ids (any number, a missing one last) give those
 * records in that order. */
static void
test_record_list_rows_any_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbRecordList) list = NULL;
  static const guint asked[] = { 337, 269, 264, 401, 333, 0, 719, 330, 64, 63, 500, 499, 1, 718, 320, 319 };
  guint n;

  g_assert_true (gb_database_begin (f->db, &error));
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *name = g_strdup_printf ("Thợ Số %03u", i);
      g_autoptr(GbArtisan) a = gb_artisan_new (name);

      g_assert_true (gb_store_insert_batched (f->store, GB_RECORD (a), &error));
      g_assert_no_error (error);
    }
  g_assert_true (gb_database_commit (f->db, &error));

  list = gb_record_list_new (f->store);
  wait_loaded (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 720);
  for (guint k = 0; k < G_N_ELEMENTS (asked); k++)
    {
      g_autoptr(GbRecord) r = g_list_model_get_item (G_LIST_MODEL (list), asked[k]);

      g_assert_cmpint (gb_record_get_id (r), ==, gb_record_list_get_id (list, asked[k]));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbRecord) r = g_list_model_get_item (G_LIST_MODEL (list), n - 1 - i);

      g_assert_cmpint (gb_record_get_id (r), ==, gb_record_list_get_id (list, n - 1 - i));
    }

  for (guint len = 1; len <= 20; len++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) got = NULL;
      gint64 missing = 999999;

      for (guint i = 0; i < len; i++)
        {
          gint64 id = gb_record_list_get_id (list, (i * 37) % n);

          g_array_append_val (ids, id);
        }
      got = gb_store_get_many (f->store, (const gint64 *) ids->data, len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->len, ==, len);
      for (guint i = 0; i < len; i++)
        g_assert_cmpint (gb_record_get_id (g_ptr_array_index (got, i)), ==, g_array_index (ids, gint64, i));
      g_clear_pointer (&got, g_ptr_array_unref);
      g_array_append_val (ids, missing);
      got = gb_store_get_many (f->store, (const gint64 *) ids->data, len + 1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->len, ==, len);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/record-list/query-and-swap", Fixture, NULL, fixture_set_up, test_record_list, fixture_tear_down);
  g_test_add ("/record-list/in-place", Fixture, NULL, fixture_set_up, test_record_list_in_place, fixture_tear_down);
  g_test_add ("/record-list/rows-any-order", Fixture, NULL, fixture_set_up, test_record_list_rows_any_order, fixture_tear_down);
  g_test_add ("/record-list/search-like-store", Fixture, NULL, fixture_set_up, test_record_list_search_like_store, fixture_tear_down);
  return g_test_run ();
}
