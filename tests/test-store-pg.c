/* test-store-pg.c — the store on a shared PostgreSQL database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What differs from a file and must not show: a number in use named at
 * its field, the seat's user in the audit log, a refused row in a batch
 * not ending the import, and other seats' saves heard of.
 */
#include <string.h>

#include "gb-database.h"
#include "gb-error.h"
#include "gb-import.h"
#include "gb-table.h"
#include "gb-member.h"
#include "gb-store.h"
#include "gb-test-db.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

typedef struct
{
  char       *conninfo;
  GbDatabase *db;
  GbStore    *members;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static int n;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = gb_test_pg_start (&error);
  g_autofree char *create = NULL;
  g_autoptr(GbDatabase) admin = NULL;

  g_assert_no_error (error);
  /* A database of its own for each case. */
  admin = gb_database_open (base, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  create = g_strdup_printf ("CREATE DATABASE store_%d", ++n);
  g_assert_true (gb_database_exec (admin, create, &error));
  g_assert_no_error (error);
  f->conninfo = g_strdup_printf ("%s dbname=store_%d", base, n);
  f->db = gb_database_open (f->conninfo, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (gb_database_is_shared (f->db));
  f->members = gb_store_new (f->db, GB_TYPE_MEMBER);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->members);
  g_clear_object (&f->db);
  g_free (f->conninfo);
}

static GbMember *
member (const char *name, const char *number)
{
  GbMember *m = gb_member_new ("individual", name);

  m->member_no = g_strdup (number);
  return m;
}

/* A member number in use is named at its field, as on a file, though
 * PostgreSQL words the refusal otherwise; the audit log names the seat's
 * database user. */
static void
test_unique_and_user (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbMember) first = member ("Nguyễn Thị Lan", "HV-0001");
  g_autoptr(GbMember) twin = member ("Trần Văn Bảy", "HV-0001");
  g_autofree char *who = NULL;
  g_autofree char *count = NULL;

  g_assert_true (gb_store_insert (f->members, GB_RECORD (first), &error));
  g_assert_no_error (error);
  g_assert_false (gb_store_insert (f->members, GB_RECORD (twin), &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "HV-0001"));
  g_assert_null (strstr (error->message, "duplicate key"));
  g_assert_cmpstr (gb_record_get_invalid_field (GB_RECORD (twin)), ==, "member_no");
  g_clear_error (&error);

  /* The connection is still good after the refusal. */
  count = gb_test_sql_text (f->db, "SELECT count(*) FROM members");
  g_assert_cmpstr (count, ==, "1");
  who = gb_test_sql_text (f->db, "SELECT os_user FROM audit_log WHERE table_name = 'members' AND action = 'insert'");
  g_assert_cmpstr (who, ==, "guildbook");
  g_assert_cmpstr (gb_database_get_user_name (f->db), ==, "guildbook");
}

/* A batch of an import with one refused row: the rows are tried one by
 * one and the refused one named, inside the same transaction, which a
 * refused statement would otherwise have ended on PostgreSQL. */
static void
test_batch_refused_row (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_store_values_free);
  g_autoptr(GbMember) taken = member ("Lê Văn Tám", "HV-0070");
  g_autofree char *count = NULL;
  gint64 last_id = 0;
  guint failed = G_MAXUINT;

  g_assert_true (gb_store_insert (f->members, GB_RECORD (taken), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("Hội viên %u", i);
      g_autofree char *number = g_strdup_printf ("HV-%04u", i);
      g_autoptr(GbMember) m = member (name, number);

      g_ptr_array_add (values, gb_store_values_new (f->members, GB_RECORD (m)));
    }
  g_assert_true (gb_database_begin (f->db, &error));
  g_assert_false (gb_store_insert_values (f->members, (GbStoreValues *const *) values->pdata, values->len,
                                          &last_id, &failed, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (failed, ==, 70);
  g_clear_error (&error);
  /* The transaction still answers: the rows before the refused one are in it. */
  count = gb_test_sql_text (f->db, "SELECT count(*) FROM members");
  g_assert_cmpstr (count, ==, "71");
  gb_database_rollback (f->db);
  g_clear_pointer (&count, g_free);
  count = gb_test_sql_text (f->db, "SELECT count(*) FROM members");
  g_assert_cmpstr (count, ==, "1");
}

static void
changed_cb (GbDatabase *db, gpointer user_data)
{
  (*(int *) user_data)++;
}

/* Another seat's save is heard of at once ("changed", and the data
 * version moves); the seat's own saves are not news. */
static void
test_other_seat_heard (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) other = gb_database_open (f->conninfo, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) other_members = NULL;
  g_autoptr(GbMember) mine = member ("Phạm Thị Hoa", "HV-0100");
  g_autoptr(GbMember) theirs = member ("Đặng Văn Nam", "HV-0101");
  gint64 version;
  int heard = 0;
  gint64 deadline;

  g_assert_no_error (error);
  other_members = gb_store_new (other, GB_TYPE_MEMBER);
  gb_database_watch (f->db);
  g_signal_connect (f->db, "changed", G_CALLBACK (changed_cb), &heard);
  version = gb_database_get_data_version (f->db);

  g_assert_true (gb_store_insert (f->members, GB_RECORD (mine), &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (heard, ==, 0);
  g_assert_cmpint (gb_database_get_data_version (f->db), ==, version);

  g_assert_true (gb_store_insert (other_members, GB_RECORD (theirs), &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (heard == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (heard, ==, 1);
  g_assert_cmpint (gb_database_get_data_version (f->db), >, version);
}

/* Two seats (or a seat and guildbook-cli) open the same member; the
 * second to save is told who saved meanwhile, and nothing is overwritten
 * until it chooses to keep its version. */
static void
saved_elsewhere (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) one = gb_database_open (name, GB_DATABASE_CREATE, &error);
  g_autoptr(GbDatabase) two = gb_database_open (name, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) mine = gb_store_new (one, GB_TYPE_MEMBER);
  g_autoptr(GbStore) theirs = gb_store_new (two, GB_TYPE_MEMBER);
  g_autoptr(GbMember) m = member ("Vũ Thị Thu", "HV-0200");
  g_autoptr(GbRecord) opened = NULL;
  g_autoptr(GbRecord) other = NULL;
  g_autoptr(GbRecord) stored = NULL;
  g_autoptr(GbRecord) now = NULL;

  g_assert_no_error (error);
  g_assert_true (gb_store_insert (mine, GB_RECORD (m), &error));
  g_assert_no_error (error);
  opened = gb_store_get (mine, gb_record_get_id (GB_RECORD (m)), &error);
  other = gb_store_get (theirs, gb_record_get_id (GB_RECORD (m)), &error);
  g_assert_no_error (error);

  /* A stamp is kept to the millisecond: their save is a moment later. */
  g_usleep (5000);
  gb_record_set_text (other, "phone", "0912000111");
  g_assert_true (gb_store_update (theirs, other, &error));
  g_assert_no_error (error);
  /* Saving twice from the same read is not a conflict with oneself. */
  gb_record_set_text (other, "email", "thu@example.vn");
  g_assert_true (gb_store_update (theirs, other, &error));
  g_assert_no_error (error);

  gb_record_set_text (opened, "phone", "0988000222");
  g_assert_false (gb_store_update (mine, opened, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_CHANGED_ELSEWHERE);
  g_assert_nonnull (strstr (error->message, gb_database_get_user_name (two)));
  g_clear_error (&error);
  stored = gb_store_get (mine, gb_record_get_id (opened), &error);
  g_assert_cmpstr (gb_record_get_text (stored, "phone"), ==, "0912000111");

  /* Keeping mine: take their stamp, save again. */
  gb_record_set_stamps (opened, gb_record_get_created_at (stored), gb_record_get_updated_at (stored),
                        gb_record_get_deleted_at (stored));
  g_assert_true (gb_store_update (mine, opened, &error));
  g_assert_no_error (error);
  now = gb_store_get (theirs, gb_record_get_id (opened), &error);
  g_assert_cmpstr (gb_record_get_text (now, "phone"), ==, "0988000222");
}

static void
test_saved_elsewhere (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "guildbook.db", NULL);

  saved_elsewhere (f->conninfo);
  saved_elsewhere (file);
  gb_test_remove_dir (dir);
}

static GbImport *
artisans_import_named (GbDatabase *db, const char *prefix)
{
  GbTable *table = gb_table_new ();
  const char *heading[] = { "Họ và tên", "Năm sinh", "Làng nghề" };
  GbImport *import;

  gb_table_append_row (table, 1, heading, 3);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", prefix, i);
      g_autofree char *year = g_strdup_printf ("%u", 1950 + i);
      const char *row[] = { name, year, "Bát Tràng" };

      gb_table_append_row (table, i + 2, row, 3);
    }
  import = gb_import_new (db, GB_IMPORT_ARTISANS, table);
  gb_import_set_file_name (import, "nghe-nhan.csv");
  gb_import_guess_mapping (import);
  return import;
}

static GbImport *
artisans_import (GbDatabase *db)
{
  return artisans_import_named (db, "Nghệ nhân");
}

/* Two seats check the same file, then write it one after the other: the
 * second sees the first's rows (its check is stale: it checks again under
 * the writers' lock) and refuses them as already recorded, so the rows
 * are in once. */
static void
test_two_seats_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) other = gb_database_open (f->conninfo, GB_DATABASE_OPEN_EXISTING, &error);
  GbImport *mine, *theirs;
  g_autofree char *count = NULL;
  gint64 import_id = 0;
  guint n = 0;

  g_assert_no_error (error);
  mine = artisans_import (f->db);
  theirs = artisans_import (other);
  g_assert_true (gb_import_check (mine, NULL, NULL, NULL, &error));
  g_assert_true (gb_import_check (theirs, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_import_get_n_valid (theirs), ==, 30);

  g_assert_true (gb_import_run (mine, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 30);
  g_assert_false (gb_import_run (theirs, FALSE, NULL, NULL, NULL, &import_id, &n, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  count = gb_test_sql_text (f->db, "SELECT count(*) FROM artisans");
  g_assert_cmpstr (count, ==, "30");
  gb_import_free (mine);
  gb_import_free (theirs);
}

/* Undo Last Import takes back the seat's own last import, not the one
 * another seat made since: each import names the login that made it. */
static void
test_undo_own_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *other_conninfo = NULL;
  g_autoptr(GbDatabase) other = NULL;
  GbImport *mine, *theirs;
  gint64 my_id = 0, their_id = 0;
  guint n = 0, removed = 0;

  /* Another login of the office, with the owner's rights. */
  dbname = gb_test_sql_text (f->db, "SELECT current_database ()");
  g_free (gb_test_pg_query (dbname, NULL, "DO $$ BEGIN CREATE ROLE lan LOGIN; "
                                          "EXCEPTION WHEN duplicate_object THEN NULL; END $$", NULL));
  g_free (gb_test_pg_query (dbname, NULL, "GRANT guildbook TO lan", NULL));
  other_conninfo = g_strdup_printf ("%s user=lan", f->conninfo);
  other = gb_database_open (other_conninfo, GB_DATABASE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gb_database_get_user_name (other), ==, "lan");

  mine = artisans_import_named (f->db, "Thợ Gốm");
  g_assert_true (gb_import_run (mine, FALSE, NULL, NULL, NULL, &my_id, &n, &error));
  g_assert_no_error (error);
  theirs = artisans_import_named (other, "Thợ Mây");
  g_assert_true (gb_import_run (theirs, FALSE, NULL, NULL, NULL, &their_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (their_id, >, my_id);

  g_assert_cmpint (gb_import_last (f->db), ==, my_id);
  g_assert_cmpint (gb_import_last (other), ==, their_id);
  g_assert_true (gb_import_undo (f->db, gb_import_last (f->db), &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 30);
  {
    g_autofree char *left = gb_test_sql_text (f->db, "SELECT count(*) FROM artisans WHERE name LIKE 'Thợ Mây%'");
    g_autofree char *gone = gb_test_sql_text (f->db, "SELECT count(*) FROM artisans WHERE name LIKE 'Thợ Gốm%'");
    g_autofree char *who = gb_test_sql_text (f->db, "SELECT os_user FROM audit_log WHERE table_name = 'imports'"
                                            " AND field = 'undone_at' ORDER BY id DESC LIMIT 1");

    g_assert_cmpstr (left, ==, "30");
    g_assert_cmpstr (gone, ==, "0");
    g_assert_cmpstr (who, ==, "guildbook");
  }
  /* Nothing of this seat's left to undo; the other seat's is still its own. */
  g_assert_cmpint (gb_import_last (f->db), ==, 0);
  g_assert_cmpint (gb_import_last (other), ==, their_id);
  gb_import_free (mine);
  gb_import_free (theirs);
  g_clear_object (&other);
  g_free (gb_test_pg_query (dbname, NULL, "REVOKE guildbook FROM lan", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store-pg/unique-and-user", test_unique_and_user);
  ADD ("/store-pg/batch-refused-row", test_batch_refused_row);
  ADD ("/store-pg/other-seat-heard", test_other_seat_heard);
  ADD ("/store-pg/two-seats-import", test_two_seats_import);
  ADD ("/store-pg/saved-elsewhere", test_saved_elsewhere);
  ADD ("/store-pg/undo-own-import", test_undo_own_import);
#undef ADD

  return g_test_run ();
}
