/* gb-import.c — rows of a spreadsheet into members, artisans or events
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row becomes a record through the same setters, normalization and
 * validation as a form, so an imported record is one staff could have
 * typed. What a record alone cannot know is checked against caches
 * loaded here once: likely duplicates (in the database and earlier in the
 * file), crafts by name, participants by name or member number.
 *
 * The importer is written in one file per stage, sharing
 * gb-import-private.h: this one holds the object and those caches;
 * gb-import-mapping.c the headings and what each column means;
 * gb-import-values.c the cells made into values; gb-import-check.c the
 * check on threads and the duplicates; gb-import-write.c the write, in
 * one transaction, every valid row or nothing; gb-import-undo.c Undo.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-artisan.h"
#include "gb-backup.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-import-private.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-text.h"

/* ------------------------------------------------------------------ */
/* The importer                                                       */

void
gb_import_problem_free (GbImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
gb_import_extra_clear (Extra *e)
{
  g_free (e->craft);
  g_free (e->craft_key);
  g_free (e->title_kind);
  g_free (e->decision_no);
  g_free (e->decision_date);
  g_free (e->issuer);
  g_clear_pointer (&e->members, g_array_unref);
  g_clear_pointer (&e->artisans, g_array_unref);
  g_free (e->dup_key);
  g_free (e->plain_key);
  g_free (e->tax_key);
  g_free (e->number_key);
  memset (e, 0, sizeof *e);
}

void
gb_import_clear_ready (GbImport *self)
{
  guint n = gb_table_get_n_rows (self->table);

  for (guint row = 0; self->ready && row < n; row++)
    {
      g_clear_pointer (&self->ready[row].values, gb_store_values_free);
      gb_import_extra_clear (&self->ready[row].extra);
    }
  g_clear_pointer (&self->ready, g_free);
}

/* Takes @table; its headings are its first row, or the first of its first
 * ten rows that names two columns (title lines above are left out), with
 * a second row of headings under merged cells joined to the first; a row
 * of the columns' numbers under them is left out too. */
GbImport *
gb_import_new (GbDatabase   *database,
               GbImportKind  kind,
               GbTable      *table)
{
  GbImport *self = g_new0 (GbImport, 1);

  self->database = g_object_ref (database);
  self->kind = kind;
  self->type = kind == GB_IMPORT_MEMBERS ? GB_TYPE_MEMBER
               : kind == GB_IMPORT_ARTISANS ? GB_TYPE_ARTISAN : GB_TYPE_EVENT;
  self->table = table;
  gb_import_read_headings (self);
  self->number_format = g_strdup ("HV-####");
  self->file_name = g_strdup ("");
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_import_problem_free);
  self->store = gb_store_new (database, self->type);
  return self;
}

static void
clear_caches (GbImport *self)
{
  g_clear_pointer (&self->crafts, g_hash_table_unref);
  g_clear_pointer (&self->dup_keys, g_hash_table_unref);
  g_clear_pointer (&self->plain_all, g_hash_table_unref);
  g_clear_pointer (&self->plain_unmarked, g_hash_table_unref);
  g_clear_pointer (&self->tax_keys, g_hash_table_unref);
  g_clear_pointer (&self->numbers, g_hash_table_unref);
  g_clear_pointer (&self->member_names, g_hash_table_unref);
  g_clear_pointer (&self->artisan_names, g_hash_table_unref);
  g_clear_pointer (&self->file_keys, g_hash_table_unref);
  g_clear_pointer (&self->new_crafts, g_hash_table_unref);
  self->loaded = FALSE;
}

void
gb_import_free (GbImport *self)
{
  if (self == NULL)
    return;
  gb_import_clear_ready (self);
  clear_caches (self);
  g_object_unref (self->store);
  g_object_unref (self->database);
  gb_table_free (self->table);
  g_strfreev (self->headings);
  for (guint c = 0; c < self->n_columns; c++)
    g_free (self->lower[c]);
  g_free (self->lower);
  for (guint c = 0; c < self->n_columns; c++)
    g_free (self->mapping[c]);
  g_free (self->mapping);
  g_free (self->setters);
  g_free (self->file_name);
  g_free (self->number_format);
  g_ptr_array_unref (self->problems);
  g_free (self);
}

GbImportKind
gb_import_get_kind (GbImport *self)
{
  return self->kind;
}

/* The rows, without the headings. */
GbTable *
gb_import_get_table (GbImport *self)
{
  return self->table;
}

/* The name the import is remembered by (the file's base name). */
void
gb_import_set_file_name (GbImport   *self,
                         const char *file_name)
{
  g_free (self->file_name);
  self->file_name = g_path_get_basename (file_name ? file_name : "");
}

/* How new members without a number are numbered ("HV-####"). */
void
gb_import_set_number_format (GbImport   *self,
                             const char *format)
{
  /* Each '#' a digit: without one every member would get the same number
   * (Preferences and guildbook-cli refuse such a format). */
  g_return_if_fail (format != NULL && strchr (format, '#') != NULL);
  g_free (self->number_format);
  self->number_format = g_strdup (format);
}

/* Whether rows that are only alike to a stored record or an earlier row
 * (the same name and year of birth; for events the same title and date)
 * are imported too, as a form keeps both when staff save again. The same
 * tax code, identity number or member number stays a problem. */
void
gb_import_set_keep_likely (GbImport *self,
                           gboolean  keep)
{
  if (self->keep_likely != !!keep)
    self->checked = FALSE;
  self->keep_likely = !!keep;
}

gboolean
gb_import_get_keep_likely (GbImport *self)
{
  return self->keep_likely;
}

/* How many threads the check may build rows on; 0, the default, is one
 * per processor, and one thread for a small file. For tests. */
void
gb_import_set_max_threads (GbImport *self,
                           guint     n)
{
  self->max_threads = n;
}

guint
gb_import_get_n_rows (GbImport *self)
{
  return gb_table_get_n_rows (self->table);
}

/* ------------------------------------------------------------------ */
/* What the database already holds                                      */

/* How a name, craft or title is matched: as written, in NFC, spaces
 * folded, capitals ignored — but with its marks, so that "Da" (leather) is
 * not "Đá" (stone) and "Lê Thị Hà" not "Lê Thị Hạ". */
char *
gb_import_name_key_of_normal (const char *normal)
{
  g_autofree char *lower = NULL;
  GString *out = g_string_sized_new (strlen (normal) + 8);

  /* Latin letters (Vietnamese ones included) folded one by one, as
   * casefolding folds them, without its tables; the few that casefolding
   * turns into two letters or another (ß, ŉ, ǰ, ẖ…ẞ, İ, ſ) and anything else
   * the long way. */
  for (const char *p = normal; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        g_string_append_c (out, g_ascii_tolower ((char) c));
      else if ((c >= 0xC0 && c < 0x250 && c != 0xDF && c != 0x130 && c != 0x149 && c != 0x17F && c != 0x1F0)
               || (c >= 0x1E00 && c < 0x1F00 && (c < 0x1E96 || c > 0x1E9E)))
        g_string_append_unichar (out, g_unichar_tolower (c));
      else
        {
          g_string_free (out, TRUE);
          lower = g_utf8_casefold (normal, -1);
          return gb_text_is_plain_nfc (lower) ? g_steal_pointer (&lower)
                                              : g_utf8_normalize (lower, -1, G_NORMALIZE_NFC);
        }
    }
  return g_string_free (out, FALSE);
}

/* @text in NFC with its spaces folded (gb_text_normalize_name()), then
 * lower-cased: names compared with their marks. */
char *
gb_import_name_key (const char *text)
{
  g_autofree char *normal = gb_text_normalize_name (text ? text : "");

  if (normal == NULL)   /* not UTF-8 (a database edited by other means) */
    return g_strdup ("");
  return gb_import_name_key_of_normal (normal);
}

static void
add_name (GHashTable *names,
          char       *folded,   /* (transfer full): a name_key() */
          gint64      id)
{
  gpointer old;

  if (*folded == '\0')
    {
      g_free (folded);
      return;
    }
  /* Two records of one name: a participant written so is ambiguous. */
  if (g_hash_table_lookup_extended (names, folded, NULL, &old))
    {
      g_hash_table_insert (names, folded, GINT_TO_POINTER (-1));
      return;
    }
  g_hash_table_insert (names, folded, GSIZE_TO_POINTER ((gsize) id));
}

/* A person by the name_key() of the name and the year of birth. */
char *
gb_import_person_key (const char *folded,
                      gint64      year)
{
  char digits[24], *p = digits + sizeof digits;
  guint64 v = year < 0 ? -(guint64) year : (guint64) year;

  if (year == 0 || *folded == '\0')
    return NULL;
  /* "name|year", without printf: asked for every row. */
  *--p = '\0';
  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  if (year < 0)
    *--p = '-';
  *--p = '|';
  return g_strconcat (folded, p, NULL);
}

gboolean
gb_import_is_unmarked (const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* "PHAM VAN CUONG" typed without marks is likely "Phạm Văn Cường"; two
 * names that both have marks are compared with them. */
char *
gb_import_plain_key (const char *name,
                     gint64      year,
                     gboolean    organization)
{
  g_autofree char *folded = gb_text_fold (name);

  if (*folded == '\0' || (!organization && year == 0))
    return NULL;
  return organization ? g_strconcat ("org|", folded, NULL) : gb_import_person_key (folded, year);
}

static void
add_plain (GbImport   *self,
           const char *name,
           gint64      year,
           gboolean    organization,
           gint64      id)
{
  char *key = gb_import_plain_key (name, year, organization);

  if (key == NULL)
    return;
  if (gb_import_is_unmarked (name))
    g_hash_table_insert (self->plain_unmarked, g_strdup (key), GSIZE_TO_POINTER ((gsize) id));
  g_hash_table_insert (self->plain_all, key, GSIZE_TO_POINTER ((gsize) id));
}

/* A collective member is one organization by its name alone. */
char *
gb_import_collective_key (const char *folded)
{
  return *folded ? g_strconcat ("org|", folded, NULL) : NULL;
}

gboolean
gb_import_load (GbImport  *self,
                GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->loaded)
    return TRUE;
  clear_caches (self);
  self->crafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dup_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->plain_all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->plain_unmarked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tax_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->member_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->artisan_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->file_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->new_crafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if ((stmt = gb_database_prepare (self->database,
                                   "SELECT id, name FROM crafts", error)) == NULL)
    return FALSE;
  /* Deleted crafts too: a craft's name is unique even in the bin, and one
   * the file names again is restored by the import. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (self->crafts, gb_import_name_key ((const char *) sqlite3_column_text (stmt, 1)),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  /* Members' numbers for every kind (a member's own, an artisan's link, a
   * participant); their names for events' participants; their keys for a
   * members' file. Artisans only for an artisans' file or events. */
  if ((stmt = gb_database_prepare (self->database,
                                   "SELECT id, name, birth_year, tax_code, member_no, kind, id_number FROM members"
                                   " WHERE deleted_at IS NULL", error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *tax = (const char *) sqlite3_column_text (stmt, 3);
      const char *number = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *folded = self->kind != GB_IMPORT_ARTISANS ? gb_import_name_key (name) : NULL;

      if (self->kind == GB_IMPORT_EVENTS)
        add_name (self->member_names, g_strdup (folded), id);
      if (number)
        g_hash_table_insert (self->numbers, gb_text_fold (number), GSIZE_TO_POINTER ((gsize) id));
      if (self->kind == GB_IMPORT_MEMBERS)
        {
          const char *kind = (const char *) sqlite3_column_text (stmt, 5);
          const char *id_number = (const char *) sqlite3_column_text (stmt, 6);
          char *key = g_strcmp0 (kind, "collective") == 0 ? gb_import_collective_key (folded)
                                                          : gb_import_person_key (folded, sqlite3_column_int64 (stmt, 2));

          if (key)
            g_hash_table_insert (self->dup_keys, key, GSIZE_TO_POINTER ((gsize) id));
          add_plain (self, name, sqlite3_column_int64 (stmt, 2), g_strcmp0 (kind, "collective") == 0, id);
          if (tax)
            g_hash_table_insert (self->tax_keys, g_strdup (tax), GSIZE_TO_POINTER ((gsize) id));
          if (id_number)
            g_hash_table_insert (self->tax_keys, g_strconcat ("id:", id_number, NULL), GSIZE_TO_POINTER ((gsize) id));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  if (self->kind != GB_IMPORT_MEMBERS)
    {
      if ((stmt = gb_database_prepare (self->database,
                                       "SELECT id, name, birth_year FROM artisans WHERE deleted_at IS NULL",
                                       error)) == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          g_autofree char *folded = gb_import_name_key (name);

          if (self->kind == GB_IMPORT_EVENTS)
            add_name (self->artisan_names, g_strdup (folded), id);
          else
            {
              char *key = gb_import_person_key (folded, sqlite3_column_int64 (stmt, 2));

              if (key)
                g_hash_table_insert (self->dup_keys, key, GSIZE_TO_POINTER ((gsize) id));
              add_plain (self, name, sqlite3_column_int64 (stmt, 2), FALSE, id);
            }
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        goto failed;
    }

  if (self->kind == GB_IMPORT_EVENTS)
    {
      if ((stmt = gb_database_prepare (self->database,
                                       "SELECT id, title, start_date FROM events WHERE deleted_at IS NULL",
                                       error)) == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *title = gb_import_name_key ((const char *) sqlite3_column_text (stmt, 1));

          g_hash_table_insert (self->dup_keys,
                               g_strdup_printf ("%s|%s", title, (const char *) sqlite3_column_text (stmt, 2)),
                               GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        goto failed;
    }
  self->loaded = TRUE;
  return TRUE;

failed:
  gb_database_set_error (self->database, rc, error);
  return FALSE;
}

/* The count @sql gives for @import_id (its ?1), or -1. */
gint64
gb_import_count (GbDatabase  *database,
                 const char  *sql,
                 gint64       import_id,
                 GError     **error)
{
  sqlite3_stmt *stmt = gb_database_prepare (database, sql, error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, import_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    gb_database_set_error (database, sqlite3_errcode (gb_database_get_handle (database)), error);
  sqlite3_reset (stmt);
  return n;
}

/* Milliseconds since *@since, which becomes now: the phases' times for
 * G_MESSAGES_DEBUG=gb-import (benchmarks/README.md). */
long
gb_import_lap (gint64 *since)
{
  gint64 now = g_get_monotonic_time ();
  long ms = (long) ((now - *since) / 1000);
  *since = now;
  return ms;
}

static gboolean
remember_record (GbImport    *self,
                 gint64       import_id,
                 const char  *table,
                 gint64       id,
                 GError     **error)
{
  sqlite3_stmt *stmt = gb_database_prepare (self->database,
                                            "INSERT INTO import_records (import_id, table_name, record_id)"
                                            " VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import_id);
  sqlite3_bind_text (stmt, 2, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);
  return gb_database_step_done (self->database, stmt, error);
}

static gboolean
insert_child (GbImport   *self,
              GbStore    *store,
              GbRecord   *child,
              gint64      import_id,
              GError    **error)
{
  if (!gb_store_insert_batched (store, child, error))
    return FALSE;
  return remember_record (self, import_id, gb_store_get_entity (store)->table,
                          gb_record_get_id (child), error);
}

/* Above this many rows, and when they are at least half as many as the
 * table holds, the table's secondary indexes and its insert trigger stand
 * aside while the rows go in (gb_database_set_aside()), and are rebuilt
 * after: one sort per index instead of a search per row (half the time
 * at 50,000 into an empty table; but 10,000 into 100,000 insert in a
 * third of the rebuild's time). */
#define BULK_ROWS 5000

/* Records inserted by one call, children after. */
#define BATCH 256

/* Writes the rows in one transaction: every row when none has a problem,
 * or with @valid_only the rows without one; otherwise nothing. Cancelling
 * leaves the database as it was. */
gboolean
gb_import_run (GbImport          *self,
               gboolean           valid_only,
               GbImportProgress   progress,
               gpointer           user_data,
               GCancellable      *cancellable,
               gint64            *import_id,
               guint             *n_imported,
               GError           **error)
{
  guint n = gb_table_get_n_rows (self->table);
  GbStore *store = self->store;
  g_autoptr(GbStore) crafts = NULL;
  g_autoptr(GbStore) titles = NULL;
  g_autoptr(GbStore) participants = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  sqlite3_stmt *stmt;
  guint64 next_number = 0;
  gint64 id, highest = 0, t = 0;
  guint done = 0;
  g_autoptr(GbSetAside) aside = NULL;
  Checker checker = { NULL };
  gboolean streaming, checking = FALSE, writing = TRUE, refused = FALSE;
  g_autofree char *backup = NULL;
  /* craft_key (a key of self->new_crafts) -> id of the craft made */
  g_autoptr(GHashTable) made_crafts = g_hash_table_new (g_str_hash, g_str_equal);

  /* A copy of the file as it was, among the backups, before it changes. */
  if ((backup = gb_backup_make (self->database, NULL, "before-import", error)) == NULL)
    {
      g_prefix_error (error, _("No backup could be made before the import, so nothing was imported: "));
      return FALSE;
    }
  /* From here the file is ours until the commit: the check and the member
   * numbers hold for what is written. */
  if (!gb_database_begin (self->database, error))
    return FALSE;
  /* Checked now unless nothing changed since the last check: the rows are
   * built on other threads while this one writes those already looked
   * at. A problem stops the writing unless only the good rows go in; the
   * check goes on, to name every problem. */
  streaming = !self->checked || self->checked_version != gb_database_get_data_version (self->database);
  if (streaming)
    {
      if (!gb_import_checker_start (self, &checker, gb_import_check_threads (self, n), FALSE, cancellable, error))
        goto fail;
      checking = TRUE;
    }
  if (!streaming && self->problems->len > 0 && !valid_only)
    goto problems;
  /* Members without a number are numbered after the highest in use, in
   * the database or the file. */
  if (self->kind == GB_IMPORT_MEMBERS)
    {
      guint number_column = G_MAXUINT;

      {
        g_autoptr(GbStore) members = gb_store_new (self->database, GB_TYPE_MEMBER);

        next_number = gb_member_highest_number (members, self->number_format);
      }
      for (guint c = 0; c < self->n_columns; c++)
        if (g_strcmp0 (self->mapping[c], "member_no") == 0)
          number_column = c;
      for (guint row = 0; number_column != G_MAXUINT && row < n; row++)
        {
          g_autofree char *number = g_strstrip (g_strdup (gb_table_get_cell (self->table, row, number_column)));

          next_number = MAX (next_number, gb_member_number_serial (self->number_format, number));
        }
      next_number++;
    }

  stmt = gb_database_prepare (self->database,
                              "INSERT INTO imports (kind, file_name, os_user) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, gb_import_kind_name (self->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, g_get_user_name (), -1, SQLITE_TRANSIENT);
  if (!gb_database_step_done (self->database, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (gb_database_get_handle (self->database));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

    g_strlcpy (self->now, text, sizeof self->now);
  }

  crafts = gb_store_new (self->database, GB_TYPE_CRAFT);

  /* The rows written below are those above the highest id now: the write
   * lock is held until the commit. They are remembered in one statement. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", gb_import_kind_name (self->kind));

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      goto fail;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        gb_database_set_error (self->database, sqlite3_errcode (gb_database_get_handle (self->database)), error);
        sqlite3_reset (stmt);
        goto fail;
      }
    highest = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }
  /* The highest id stands for how many the table holds; the rows of the
   * file for those to come, when they are being checked. */
  {
    guint64 rows = streaming ? n : self->n_valid;

    if (rows >= BULK_ROWS && (gint64) rows * 2 >= highest
        && (aside = gb_database_set_aside (self->database, gb_import_kind_name (self->kind), error)) == NULL)
      goto fail;
  }
  titles = gb_store_new (self->database, GB_TYPE_TITLE);
  participants = gb_store_new (self->database, GB_TYPE_PARTICIPANT);
  batch = g_ptr_array_sized_new (BATCH);
  t = g_get_monotonic_time ();
  for (guint row = 0; row <= n; row++)
    {
      Ready *ready = row < n ? &self->ready[row] : NULL;
      gint64 last_id;

      if (row % GB_IMPORT_STEP == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (progress)
            progress (row, n, user_data);
        }
      if (streaming && row < n && row % GB_IMPORT_CHUNK_ROWS == 0)
        {
          gb_import_checker_pass (&checker, row / GB_IMPORT_CHUNK_ROWS);
          writing = valid_only || self->problems->len == 0;
          /* Refused: what waits to be written will not be. */
          if (!writing)
            g_ptr_array_set_size (batch, 0);
        }
      if (ready && ready->values && writing)
        {
          /* Validated by the check, with the database as it is now. A
           * craft the database does not have yet is added with the first
           * row that names it; remembered apart from self->crafts, which
           * the check's threads may be reading. */
          if (ready->craft_key && !g_hash_table_contains (made_crafts, ready->craft_key))
            {
              g_autoptr(GbRecord) craft = g_object_new (GB_TYPE_CRAFT, NULL);

              gb_record_set_text (craft, "name", g_hash_table_lookup (self->new_crafts, ready->craft_key));
              if (!insert_child (self, crafts, craft, id, error))
                goto fail;
              g_hash_table_insert (made_crafts, (gpointer) ready->craft_key,
                                   GSIZE_TO_POINTER ((gsize) gb_record_get_id (craft)));
            }
          if (ready->craft_key)
            gb_store_values_set_int (store, &ready->values, "craft_id",
                                     gb_import_lookup_id (made_crafts, ready->craft_key));
          if (ready->needs_number)
            {
              g_autofree char *number = gb_member_format_number (self->number_format, next_number++);

              gb_store_values_set_text (store, &ready->values, "member_no", number);
            }
          g_ptr_array_add (batch, ready);
        }
      if (batch->len == 0 || (batch->len < BATCH && row < n))
        continue;

      /* A batch in one statement, then its records' titles and participants. */
      {
        GbStoreValues *values[BATCH];
        guint failed = 0;

        for (guint i = 0; i < batch->len; i++)
          values[i] = ((Ready *) batch->pdata[i])->values;
        if (!gb_store_insert_values (store, values, batch->len, &last_id, &failed, error))
          {
            g_prefix_error (error, _("Row %u: "),
                            gb_table_get_number (self->table, (guint) ((Ready *) batch->pdata[failed] - self->ready)));
            goto fail;
          }
      }
      if (last_id - batch->len < highest)   /* cannot be while the write lock is held */
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Row %u: the database gave a used number."),
                       gb_table_get_number (self->table, (guint) ((Ready *) batch->pdata[0] - self->ready)));
          goto fail;
        }
      for (guint b = 0; b < batch->len; b++)
        {
          Extra *extra = &((Ready *) batch->pdata[b])->extra;
          gint64 record_id = last_id - (batch->len - 1 - b);

          /* Written: their memory serves the rows still to be built. */
          g_clear_pointer (&((Ready *) batch->pdata[b])->values, gb_store_values_free);

          if (extra->title_kind)
            {
              g_autoptr(GbRecord) title = g_object_new (GB_TYPE_TITLE, NULL);

              gb_record_set_int (title, "artisan_id", record_id);
              gb_record_set_text (title, "kind", extra->title_kind);
              gb_record_set_text (title, "decision_no", extra->decision_no);
              gb_record_set_text (title, "decision_date", extra->decision_date);
              gb_record_set_text (title, "issuer", extra->issuer);
              if (!insert_child (self, titles, title, id, error))
                goto fail;
            }
          for (guint k = 0; k < 2; k++)
            {
              GArray *ids = k == 0 ? extra->members : extra->artisans;

              for (guint i = 0; ids && i < ids->len; i++)
                {
                  g_autoptr(GbRecord) p = g_object_new (GB_TYPE_PARTICIPANT, NULL);

                  gb_record_set_int (p, "event_id", record_id);
                  gb_record_set_int (p, k == 0 ? "member_id" : "artisan_id", g_array_index (ids, gint64, i));
                  gb_record_set_text (p, "role", "attendee");
                  if (!insert_child (self, participants, p, id, error))
                    goto fail;
                }
            }
        }
      done += batch->len;
      g_ptr_array_set_size (batch, 0);
    }

  g_debug ("write: %u rows %s in %ld ms", done, streaming ? "checked and inserted" : "inserted", gb_import_lap (&t));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  if (checking)
    {
      gb_import_checker_finish (&checker);
      checking = FALSE;
      if (self->problems->len > 0 && !valid_only)
        goto problems;
    }
  if (done == 0)
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_REFUSED, _("No row can be imported; nothing was imported."));
      refused = TRUE;
      goto fail;
    }
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO import_records (import_id, table_name, record_id)"
                                            " SELECT ?, '%s', id FROM %s WHERE id > ? ORDER BY id",
                                            gb_import_kind_name (self->kind), gb_import_kind_name (self->kind));

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, highest);
    if (!gb_database_step_done (self->database, stmt, error))
      goto fail;
  }
  g_debug ("write: the import's records in %ld ms", gb_import_lap (&t));
  if (aside && !gb_database_put_back (self->database, aside, highest, self->now, error))
    goto fail;
  g_debug ("write: status history and indexes in %ld ms", gb_import_lap (&t));
  /* A craft the file names that was in the bin comes back. */
  if (self->kind != GB_IMPORT_EVENTS
      && gb_import_count (self->database, "SELECT count(*) FROM crafts WHERE deleted_at IS NOT NULL", id, NULL) > 0)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE crafts SET deleted_at = NULL, updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now')"
        " WHERE deleted_at IS NOT NULL AND id IN (SELECT t.craft_id FROM %s t JOIN import_records r"
        "   ON r.table_name = '%s' AND r.record_id = t.id WHERE r.import_id = ?)",
        gb_import_kind_name (self->kind), gb_import_kind_name (self->kind));

      if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!gb_database_step_done (self->database, stmt, error))
        goto fail;
    }
  g_debug ("write: crafts back from the bin in %ld ms", gb_import_lap (&t));
  /* The audit trail: each craft, title and participant the import made,
   * then one entry for the import itself (its file). Its records are in
   * import_records, which each record's history reads (gb_store_history),
   * so that 100,000 imported members are one line of the log, not
   * 100,000. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO audit_log (at, os_user, table_name, record_id, action, new_value)"
                                            " SELECT ?3, ?2, r.table_name, r.record_id, 'insert',"
                                            "   (SELECT name FROM crafts WHERE r.table_name = 'crafts' AND id = r.record_id)"
                                            " FROM import_records r WHERE r.import_id = ?1 AND r.table_name <> '%s'",
                                            gb_import_kind_name (self->kind));

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, self->now, -1, SQLITE_STATIC);
    if (!gb_database_step_done (self->database, stmt, error))
      goto fail;
    stmt = gb_database_prepare (self->database,
                                "INSERT INTO audit_log (at, os_user, table_name, record_id, action, new_value)"
                                " VALUES (?3, ?2, 'imports', ?1, 'insert', ?4)", error);
    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, self->now, -1, SQLITE_STATIC);
    if (*self->file_name != '\0')
      sqlite3_bind_text (stmt, 4, g_path_get_basename (self->file_name), -1, g_free);
    if (!gb_database_step_done (self->database, stmt, error))
      goto fail;
  }
  stmt = gb_database_prepare (self->database, "UPDATE imports SET n_records = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, done);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!gb_database_step_done (self->database, stmt, error))
    goto fail;
  g_debug ("write: audit in %ld ms", gb_import_lap (&t));
  if (!gb_database_commit (self->database, error))
    {
      self->loaded = FALSE;
      gb_import_clear_ready (self);
      self->checked = FALSE;
      return FALSE;
    }
  g_debug ("write: committed in %ld ms", gb_import_lap (&t));
  /* Its backup is kept; older ones go by the rule (refused, it would
   * have left the backups as they were). */
  gb_backup_prune (gb_database_get_path (self->database), NULL);
  self->loaded = FALSE;
  gb_import_clear_ready (self);
  self->checked = FALSE;
  if (progress)
    progress (n, n, user_data);
  if (import_id)
    *import_id = id;
  if (n_imported)
    *n_imported = done;
  return TRUE;

problems:
  g_set_error (error, GB_ERROR, GB_ERROR_REFUSED,
               g_dngettext (GETTEXT_PACKAGE, "%u row has a problem; nothing was imported.",
                            "%u rows have problems; nothing was imported.", self->problems->len),
               self->problems->len);
  refused = TRUE;
fail:
  if (checking)
    {
      /* The threads stop; what they built is dropped. */
      g_atomic_int_set (&checker.stop, TRUE);
      gb_import_checker_finish (&checker);
    }
  /* Stopped part of the way: the counts and problems are those of the
   * rows looked at so far, which say nothing of the file. */
  if (streaming && !refused)
    gb_import_check_cancelled (self);
  gb_database_rollback (self->database);
  /* Refused for its rows, as it would have been before any was written:
   * the file is as it was, and so is the list of backups. */
  if (refused)
    g_unlink (backup);
  /* The values may name crafts and numbers of the rolled-back write. */
  self->loaded = FALSE;
  gb_import_clear_ready (self);
  self->checked = FALSE;
  return FALSE;
}
