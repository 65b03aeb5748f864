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

#include <string.h>

#include "gb-artisan.h"
#include "gb-event.h"
#include "gb-import-private.h"
#include "gb-member.h"
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
  GbStmt *stmt;
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
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    g_hash_table_insert (self->crafts, gb_import_name_key (gb_stmt_column_text (stmt, 1)),
                         GSIZE_TO_POINTER ((gsize) gb_stmt_column_int64 (stmt, 0)));
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    goto failed;

  /* Members' numbers for every kind (a member's own, an artisan's link, a
   * participant); their names for events' participants; their keys for a
   * members' file. Artisans only for an artisans' file or events. */
  if ((stmt = gb_database_prepare (self->database,
                                   "SELECT id, name, birth_year, tax_code, member_no, kind, id_number FROM members"
                                   " WHERE deleted_at IS NULL", error)) == NULL)
    return FALSE;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      gint64 id = gb_stmt_column_int64 (stmt, 0);
      const char *name = gb_stmt_column_text (stmt, 1);
      const char *tax = gb_stmt_column_text (stmt, 3);
      const char *number = gb_stmt_column_text (stmt, 4);
      g_autofree char *folded = self->kind != GB_IMPORT_ARTISANS ? gb_import_name_key (name) : NULL;

      if (self->kind == GB_IMPORT_EVENTS)
        add_name (self->member_names, g_strdup (folded), id);
      if (number)
        g_hash_table_insert (self->numbers, gb_text_fold (number), GSIZE_TO_POINTER ((gsize) id));
      if (self->kind == GB_IMPORT_MEMBERS)
        {
          const char *kind = gb_stmt_column_text (stmt, 5);
          const char *id_number = gb_stmt_column_text (stmt, 6);
          char *key = g_strcmp0 (kind, "collective") == 0 ? gb_import_collective_key (folded)
                                                          : gb_import_person_key (folded, gb_stmt_column_int64 (stmt, 2));

          if (key)
            g_hash_table_insert (self->dup_keys, key, GSIZE_TO_POINTER ((gsize) id));
          add_plain (self, name, gb_stmt_column_int64 (stmt, 2), g_strcmp0 (kind, "collective") == 0, id);
          if (tax)
            g_hash_table_insert (self->tax_keys, g_strdup (tax), GSIZE_TO_POINTER ((gsize) id));
          if (id_number)
            g_hash_table_insert (self->tax_keys, g_strconcat ("id:", id_number, NULL), GSIZE_TO_POINTER ((gsize) id));
        }
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    goto failed;

  if (self->kind != GB_IMPORT_MEMBERS)
    {
      if ((stmt = gb_database_prepare (self->database,
                                       "SELECT id, name, birth_year FROM artisans WHERE deleted_at IS NULL",
                                       error)) == NULL)
        return FALSE;
      while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
        {
          gint64 id = gb_stmt_column_int64 (stmt, 0);
          const char *name = gb_stmt_column_text (stmt, 1);
          g_autofree char *folded = gb_import_name_key (name);

          if (self->kind == GB_IMPORT_EVENTS)
            add_name (self->artisan_names, g_strdup (folded), id);
          else
            {
              char *key = gb_import_person_key (folded, gb_stmt_column_int64 (stmt, 2));

              if (key)
                g_hash_table_insert (self->dup_keys, key, GSIZE_TO_POINTER ((gsize) id));
              add_plain (self, name, gb_stmt_column_int64 (stmt, 2), FALSE, id);
            }
        }
      gb_stmt_reset (stmt);
      if (rc != GB_SQL_DONE)
        goto failed;
    }

  if (self->kind == GB_IMPORT_EVENTS)
    {
      if ((stmt = gb_database_prepare (self->database,
                                       "SELECT id, title, start_date FROM events WHERE deleted_at IS NULL",
                                       error)) == NULL)
        return FALSE;
      while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
        {
          g_autofree char *title = gb_import_name_key (gb_stmt_column_text (stmt, 1));

          g_hash_table_insert (self->dup_keys,
                               g_strdup_printf ("%s|%s", title, gb_stmt_column_text (stmt, 2)),
                               GSIZE_TO_POINTER ((gsize) gb_stmt_column_int64 (stmt, 0)));
        }
      gb_stmt_reset (stmt);
      if (rc != GB_SQL_DONE)
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
  GbStmt *stmt = gb_database_prepare (database, sql, error);
  GbSqlCode rc;
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  gb_stmt_bind_int64 (stmt, 1, import_id);
  if ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    n = gb_stmt_column_int64 (stmt, 0);
  else
    gb_database_set_error (database, rc, error);
  gb_stmt_reset (stmt);
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
