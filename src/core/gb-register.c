/* gb-register.c — issuing numbered papers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "gb-error.h"
#include "gb-register.h"
#include "gb-text.h"

void
gb_register_entry_free (GbRegisterEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->kind);
  g_free (entry->number);
  g_free (entry->holder_name);
  g_free (entry->issued_on);
  g_free (entry->template_id);
  g_free (entry->sha256);
  g_free (entry->voided_on);
  g_free (entry->void_reason);
  g_free (entry);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* Entries of @year (0: all) and @kind (NULL: all), in issue order. */
GPtrArray *
gb_register_list (GbDatabase  *database,
                  int          year,
                  const char  *kind,
                  GError     **error)
{
  sqlite3_stmt *stmt = gb_database_prepare (database,
    "SELECT id, kind, year, serial, number, holder_name, coalesce(artisan_id, 0),"
    " coalesce(member_id, 0), coalesce(title_id, 0), coalesce(award_id, 0), issued_on, template,"
    " sha256, coalesce(reissue_of, 0), voided_on, void_reason FROM certificates"
    " WHERE (?1 = 0 OR year = ?1) AND (?2 IS NULL OR kind = ?2) ORDER BY year, kind, serial",
    error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_register_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbRegisterEntry *e = g_new0 (GbRegisterEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->kind = column_text (stmt, 1);
      e->year = sqlite3_column_int (stmt, 2);
      e->serial = sqlite3_column_int64 (stmt, 3);
      e->number = column_text (stmt, 4);
      e->holder_name = column_text (stmt, 5);
      e->artisan_id = sqlite3_column_int64 (stmt, 6);
      e->member_id = sqlite3_column_int64 (stmt, 7);
      e->title_id = sqlite3_column_int64 (stmt, 8);
      e->award_id = sqlite3_column_int64 (stmt, 9);
      e->issued_on = column_text (stmt, 10);
      e->template_id = column_text (stmt, 11);
      e->sha256 = column_text (stmt, 12);
      e->reissue_of = sqlite3_column_int64 (stmt, 13);
      e->voided_on = column_text (stmt, 14);
      e->void_reason = column_text (stmt, 15);
      g_ptr_array_add (list, e);
    }
  if (rc != SQLITE_DONE)
    {
      gb_database_set_error (database, rc, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

static gboolean
title_revoked (GbDatabase *database,
               gint64      title_id,
               GError    **error)
{
  sqlite3_stmt *stmt = gb_database_prepare (database,
    "SELECT 1 FROM titles WHERE id = ? AND coalesce(revoked_date, '') <> ''", error);
  gboolean revoked;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, title_id);
  revoked = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (revoked)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                 _("The title has been revoked; no certificate can be issued for it."));
  return revoked;
}

/* The live entry this paper would replace, or 0. */
static gint64
earlier_entry (GbDatabase *database,
               const char *kind,
               GbPaper    *paper)
{
  sqlite3_stmt *stmt = gb_database_prepare (database,
    "SELECT id FROM certificates WHERE kind = ?1 AND voided_on IS NULL AND"
    " ((?2 > 0 AND title_id = ?2) OR (?3 > 0 AND award_id = ?3)"
    "  OR (?1 = 'membership' AND member_id = ?4)) ORDER BY id DESC LIMIT 1", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, paper->title_id);
  sqlite3_bind_int64 (stmt, 3, paper->award_id);
  sqlite3_bind_int64 (stmt, 4, paper->member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static void
bind_id (sqlite3_stmt *stmt,
         int           i,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, i, id);
  else
    sqlite3_bind_null (stmt, i);
}

static void
forget_numbers (GbDocument *document)
{
  GPtrArray *papers = gb_document_get_papers (document);

  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);

      g_hash_table_remove (paper->values, "number");
      g_hash_table_remove (paper->values, "reissue");
    }
}

static gint64
last_serial (GbDatabase  *database,
             const char  *kind,
             int          year,
             GError     **error)
{
  sqlite3_stmt *stmt = gb_database_prepare (database,
    "SELECT coalesce(max(serial), 0) FROM certificates WHERE kind = ? AND year = ?", error);
  gint64 last = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return last;
}

/* Numbers the papers from @last + 1 and draws them; nothing is written. */
static GBytes *
number_and_draw (GbDatabase   *database,
                 GbDocument   *document,
                 const char   *date,
                 gint64        last,
                 GArray       *reissues,
                 GCancellable *cancellable,
                 GbProgressFunc progress,
                 gpointer      user_data,
                 GError      **error)
{
  GbTemplate *t = gb_document_get_template (document);
  GPtrArray *papers = gb_document_get_papers (document);
  g_autofree char *assoc_symbol = NULL;
  sqlite3_stmt *stmt = gb_database_prepare (database, "SELECT symbol FROM association WHERE id = 1", error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    assoc_symbol = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  g_array_set_size (reissues, 0);
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *number = NULL;
      gint64 earlier;

      if (paper->title_id > 0 && title_revoked (database, paper->title_id, error))
        {
          g_prefix_error (error, "%s: ", gb_paper_get_holder (paper));
          return NULL;
        }
      number = g_strdup_printf ("%03" G_GINT64_FORMAT "/%s%s%s", last + 1 + i, t->symbol,
                                assoc_symbol && *assoc_symbol ? "-" : "",
                                assoc_symbol ? assoc_symbol : "");
      gb_paper_set (paper, "number", number);
      earlier = earlier_entry (database, t->paper, paper);
      g_array_append_val (reissues, earlier);
      gb_paper_set (paper, "reissue", earlier > 0 ? "Cấp lại" : NULL);
    }
  gb_document_set_date (document, date);
  return gb_document_to_pdf (document, cancellable, progress, user_data, error);
}

/* Numbers every paper of @document, draws it, and records it. The drawing
 * (a long batch takes seconds) happens outside the write lock; then, in one
 * BEGIN IMMEDIATE transaction, the serials are checked to be still free
 * (another program may have issued meanwhile: then it is drawn again) and
 * the entries written. Two programs issuing at once thus get consecutive
 * serials, and the window's own saves never wait for a drawing. Once the
 * entries are written, cancelling no longer applies. Returns the PDF. */
GBytes *
gb_register_issue (GbDatabase      *database,
                   GbDocument      *document,
                   const char      *iso_date,
                   GCancellable    *cancellable,
                   GbProgressFunc   progress,
                   gpointer         user_data,
                   GError         **error)
{
  GbTemplate *t = gb_document_get_template (document);
  GPtrArray *papers = gb_document_get_papers (document);
  g_autoptr(GArray) reissues = g_array_sized_new (FALSE, TRUE, sizeof (gint64), papers->len);
  g_autofree char *date = g_strdup (iso_date);   /* not a buffer that may change meanwhile */
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *sha = NULL;
  sqlite3_stmt *stmt;
  gint64 last = 0;
  int year;

  g_return_val_if_fail (gb_text_is_valid_iso_date (iso_date), NULL);

  if (g_str_equal (t->paper, "card"))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Member cards are printed, not issued: they carry the member number."));
      return NULL;
    }
  if (papers->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("There is nothing to issue."));
      return NULL;
    }
  year = (int) g_ascii_strtoll (date, NULL, 10);

  for (guint attempt = 0;; attempt++)
    {
      gint64 now;

      if ((last = last_serial (database, t->paper, year, error)) < 0)
        goto fail;
      g_clear_pointer (&pdf, g_bytes_unref);
      if ((pdf = number_and_draw (database, document, date, last, reissues, cancellable, progress,
                                  user_data, error)) == NULL)
        goto fail;
      if (!gb_database_begin (database, error))
        goto fail;
      if ((now = last_serial (database, t->paper, year, error)) < 0)
        {
          gb_database_rollback (database);
          goto fail;
        }
      if (now == last)
        break;   /* still free, and now held by the write lock */
      gb_database_rollback (database);
      if (attempt >= 4)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                       _("Another program keeps issuing certificates; try again in a moment."));
          goto fail;
        }
    }
  /* The revocations may have changed while drawing: checked again under the lock. */
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);

      if (paper->title_id > 0 && title_revoked (database, paper->title_id, error))
        {
          g_prefix_error (error, "%s: ", gb_paper_get_holder (paper));
          gb_database_rollback (database);
          goto fail;
        }
    }
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);

  stmt = gb_database_prepare (database,
    "INSERT INTO certificates (kind, year, serial, number, holder_name, artisan_id, member_id,"
    " title_id, award_id, issued_on, template, sha256, reissue_of, os_user)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto rollback;
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);

      sqlite3_bind_text (stmt, 1, t->paper, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, year);
      sqlite3_bind_int64 (stmt, 3, last + 1 + i);
      sqlite3_bind_text (stmt, 4, gb_paper_get (paper, "number"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, gb_paper_get_holder (paper), -1, SQLITE_TRANSIENT);
      bind_id (stmt, 6, paper->artisan_id);
      bind_id (stmt, 7, paper->member_id);
      bind_id (stmt, 8, paper->title_id);
      bind_id (stmt, 9, paper->award_id);
      sqlite3_bind_text (stmt, 10, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 11, t->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 12, sha, -1, SQLITE_TRANSIENT);
      bind_id (stmt, 13, g_array_index (reissues, gint64, i));
      sqlite3_bind_text (stmt, 14, g_get_user_name (), -1, SQLITE_TRANSIENT);
      if (!gb_database_step_done (database, stmt, error))
        goto rollback;
    }
  if (!gb_database_commit (database, error))
    goto rollback;
  return g_steal_pointer (&pdf);

rollback:
  gb_database_rollback (database);
fail:
  forget_numbers (document);
  return NULL;
}

gboolean
gb_register_void (GbDatabase  *database,
                  gint64       id,
                  const char  *iso_date,
                  const char  *reason,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *clean = gb_text_normalize (reason);

  if (clean == NULL || *g_strstrip (clean) == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("Say why the certificate is void."));
      return FALSE;
    }
  stmt = gb_database_prepare (database,
    "UPDATE certificates SET voided_on = ?, void_reason = ? WHERE id = ? AND voided_on IS NULL",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, iso_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!gb_database_step_done (database, stmt, error))
    return FALSE;
  if (sqlite3_changes (gb_database_get_handle (database)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                   _("No live certificate has that entry number."));
      return FALSE;
    }
  return TRUE;
}
