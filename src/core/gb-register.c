/* gb-register.c — issuing numbered papers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-output.h"
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
  g_free (entry->check_code);
  g_free (entry);
}

static char *
column_text (GbStmt       *stmt,
             int           i)
{
  const char *text = gb_stmt_column_text (stmt, i);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* Entries of @year (0: all) and @kind (NULL: all), in issue order. */
GPtrArray *
gb_register_list (GbDatabase  *database,
                  int          year,
                  const char  *kind,
                  GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT id, kind, year, serial, number, holder_name, coalesce(artisan_id, 0),"
    " coalesce(member_id, 0), coalesce(title_id, 0), coalesce(award_id, 0), issued_on, template,"
    " sha256, coalesce(reissue_of, 0), voided_on, void_reason, check_code FROM certificates"
    " WHERE (?1 = 0 OR year = ?1) AND (kind = ?2 OR ?2 IS NULL) ORDER BY year, kind, serial",
    error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int (stmt, 1, year);
  gb_stmt_bind_text (stmt, 2, kind);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_register_entry_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbRegisterEntry *e = g_new0 (GbRegisterEntry, 1);

      e->id = gb_stmt_column_int64 (stmt, 0);
      e->kind = column_text (stmt, 1);
      e->year = gb_stmt_column_int (stmt, 2);
      e->serial = gb_stmt_column_int64 (stmt, 3);
      e->number = column_text (stmt, 4);
      e->holder_name = column_text (stmt, 5);
      e->artisan_id = gb_stmt_column_int64 (stmt, 6);
      e->member_id = gb_stmt_column_int64 (stmt, 7);
      e->title_id = gb_stmt_column_int64 (stmt, 8);
      e->award_id = gb_stmt_column_int64 (stmt, 9);
      e->issued_on = column_text (stmt, 10);
      e->template_id = column_text (stmt, 11);
      e->sha256 = column_text (stmt, 12);
      e->reissue_of = gb_stmt_column_int64 (stmt, 13);
      e->voided_on = column_text (stmt, 14);
      e->void_reason = column_text (stmt, 15);
      e->check_code = column_text (stmt, 16);
      g_ptr_array_add (list, e);
    }
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      gb_stmt_reset (stmt);
      return NULL;
    }
  gb_stmt_reset (stmt);
  return g_steal_pointer (&list);
}

static gboolean
title_revoked (GbDatabase *database,
               gint64      title_id,
               GError    **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT 1 FROM titles WHERE id = ? AND coalesce(revoked_date, '') <> ''", error);
  gboolean revoked;

  if (stmt == NULL)
    return TRUE;
  gb_stmt_bind_int64 (stmt, 1, title_id);
  revoked = gb_stmt_step (stmt) == GB_SQL_ROW;
  gb_stmt_reset (stmt);
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
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT id FROM certificates WHERE kind = ?1 AND voided_on IS NULL AND"
    " ((?2 > 0 AND title_id = ?2) OR (?3 > 0 AND award_id = ?3)"
    "  OR (?1 = 'membership' AND member_id = ?4)) ORDER BY id DESC LIMIT 1", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  gb_stmt_bind_text_static (stmt, 1, kind);
  gb_stmt_bind_int64 (stmt, 2, paper->title_id);
  gb_stmt_bind_int64 (stmt, 3, paper->award_id);
  gb_stmt_bind_int64 (stmt, 4, paper->member_id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    id = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  return id;
}

static void
bind_id (GbStmt       *stmt,
         int           i,
         gint64        id)
{
  if (id > 0)
    gb_stmt_bind_int64 (stmt, i, id);
  else
    gb_stmt_bind_null (stmt, i);
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
      g_hash_table_remove (paper->values, "qr");
      g_hash_table_remove (paper->values, "check");
    }
}

static gint64
last_serial (GbDatabase  *database,
             const char  *kind,
             int          year,
             GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT coalesce(max(serial), 0) FROM certificates WHERE kind = ? AND year = ?", error);
  gint64 last = -1;

  if (stmt == NULL)
    return -1;
  gb_stmt_bind_text_static (stmt, 1, kind);
  gb_stmt_bind_int (stmt, 2, year);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    last = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  return last;
}

/* A number's date is never earlier than the previous number's of its
 * kind and year: the register reads in the order of its dates. */
static gboolean
date_in_order (GbDatabase  *database,
               const char  *kind,
               int          year,
               const char  *date,
               GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT number, issued_on FROM certificates WHERE kind = ? AND year = ?"
    " ORDER BY serial DESC LIMIT 1", error);
  gboolean ok = TRUE;

  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_text_static (stmt, 1, kind);
  gb_stmt_bind_int (stmt, 2, year);
  if (gb_stmt_step (stmt) == GB_SQL_ROW
      && g_strcmp0 (gb_stmt_column_text (stmt, 1), date) > 0)
    {
      g_autofree char *when = gb_text_format_date (gb_stmt_column_text (stmt, 1));

      /* Translators: "Number 002/GCN-HHLN is dated 10/03/2026; …". */
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Number %s is dated %s; the next number cannot be dated earlier."),
                   gb_stmt_column_text (stmt, 0), when);
      ok = FALSE;
    }
  gb_stmt_reset (stmt);
  return ok;
}

/* The facts a paper cannot be issued without, each a line naming what is
 * missing and where to fill it; empty when nothing is. */
GPtrArray *
gb_register_missing_facts (GbDocument *document)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *papers = gb_document_get_papers (document);
  const char *v;

  v = gb_document_get_value (document, "association");
  if (v == NULL || *v == '\0')
    g_ptr_array_add (missing, g_strdup (_("the association’s name (Preferences)")));
  v = gb_document_get_value (document, "chairman");
  if (v == NULL || *v == '\0')
    g_ptr_array_add (missing, g_strdup (_("the signer’s name (Preferences)")));
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);

      if (!g_str_equal (paper->kind, "artisan"))
        continue;
      v = gb_paper_get (paper, "decision_no");
      if (v == NULL || *v == '\0')
        /* Translators: an artisan's name, then what the title lacks. */
        g_ptr_array_add (missing, g_strdup_printf (_("%s: the title’s decision number"),
                                                   gb_paper_get_holder (paper)));
      v = gb_paper_get (paper, "decision_date");
      if (v == NULL || *v == '\0')
        g_ptr_array_add (missing, g_strdup_printf (_("%s: the title’s decision date"),
                                                   gb_paper_get_holder (paper)));
    }
  return missing;
}

/* Eight hex digits from the system's random source. */
static char *
new_check_code (void)
{
  return g_strdup_printf ("%08x", g_random_int ());
}

/* Numbers the papers from @last + 1 and draws them; nothing is written. */
static GBytes *
number_and_draw (GbDatabase   *database,
                 GbDocument   *document,
                 const char   *date,
                 int           year,
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
  GbStmt *stmt = gb_database_prepare (database, "SELECT symbol FROM association WHERE id = 1", error);

  if (stmt == NULL)
    return NULL;
  if (gb_stmt_step (stmt) == GB_SQL_ROW && gb_stmt_column_text (stmt, 0) != NULL)
    assoc_symbol = g_strdup (gb_stmt_column_text (stmt, 0));
  gb_stmt_reset (stmt);

  g_array_set_size (reissues, 0);
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *number = NULL;
      g_autofree char *symbol = g_strdup_printf ("%s%s%s", t->symbol,
                                                  assoc_symbol && *assoc_symbol ? "-" : "",
                                                  assoc_symbol ? assoc_symbol : "");
      g_autofree char *serial = g_strdup_printf ("%d-%03" G_GINT64_FORMAT, year, last + 1 + i);
      g_autofree char *check = new_check_code ();
      g_autofree char *payload = NULL;
      gint64 earlier;

      if (paper->title_id > 0 && title_revoked (database, paper->title_id, error))
        {
          g_prefix_error (error, "%s: ", gb_paper_get_holder (paper));
          return NULL;
        }

      number = g_strdup_printf ("%03" G_GINT64_FORMAT "/%s", last + 1 + i, symbol);
      payload = gb_document_payload (symbol, serial, date, check, gb_paper_get_holder (paper));
      gb_paper_set (paper, "number", number);
      gb_paper_set (paper, "check", check);
      gb_paper_set (paper, "qr", payload);
      earlier = earlier_entry (database, t->paper, paper);
      g_array_append_val (reissues, earlier);
      gb_paper_set (paper, "reissue", earlier > 0 ? "Cấp lại" : NULL);
    }
  gb_document_set_date (document, date);
  return gb_document_to_pdf (document, cancellable, progress, user_data, error);
}

/* Each paper's own SHA-256: of its own one-page PDF, so that one paper
 * is checked alone; a paper issued alone is the file written. */
static GPtrArray *
paper_hashes (GbDocument *document,
              GBytes     *pdf,
              GError    **error)
{
  GPtrArray *papers = gb_document_get_papers (document);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < papers->len; i++)
    {
      g_autoptr(GBytes) own = papers->len == 1 ? g_bytes_ref (pdf)
                                               : gb_document_paper_pdf (document, i, error);

      if (own == NULL)
        return NULL;
      g_ptr_array_add (hashes, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, own));
    }
  return g_steal_pointer (&hashes);
}

/* Whether what was decided before the lock still holds under it. */
static gboolean
still_holds (GbDatabase *database,
             GbDocument *document,
             const char *kind,
             GArray     *reissues)
{
  GPtrArray *papers = gb_document_get_papers (document);

  for (guint i = 0; i < papers->len; i++)
    if (earlier_entry (database, kind, g_ptr_array_index (papers, i))
        != g_array_index (reissues, gint64, i))
      return FALSE;
  return TRUE;
}

/* Numbers every paper of @document, draws it, writes it to @path and
 * records it, as one step: if anything fails, no number is used and
 * @path is as it was.
 *
 * The drawing (a long batch takes seconds) happens outside the write
 * lock, with the numbers that are free at the time. Then, in one BEGIN
 * IMMEDIATE transaction, the numbers, the date order, the revocations and
 * the duplicates are checked again (another program may have issued
 * meanwhile: then it is drawn again); the PDF goes into a new file beside
 * @path and is synced; the entries are written and committed; and only
 * then is the file renamed over @path. A pipe, a device or "-" (written
 * through, which cannot be taken back) gets the paper just before the
 * commit. The window's own saves never wait for a drawing. Once under the
 * lock, cancelling no longer applies.
 *
 * @path may be NULL, for a caller that keeps the returned PDF itself.
 * Returns the PDF. */
GBytes *
gb_register_issue (GbDatabase      *database,
                   GbDocument      *document,
                   const char      *iso_date,
                   const char      *path,
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
  g_autoptr(GPtrArray) hashes = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GbOutput) output = NULL;
  GbStmt *stmt;
  gint64 last = 0;
  int year;

  g_return_val_if_fail (gb_text_is_valid_iso_date (iso_date), NULL);

  if (g_str_equal (t->paper, "card"))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("Member cards are printed, not issued: they carry the member number."));
      return NULL;
    }
  /* Before a paper is drawn: the server would refuse the entries at the end. */
  if (!gb_database_check_task (database, GB_DATABASE_TASK_ISSUE, error))
    return NULL;
  if (papers->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("There is nothing to issue."));
      return NULL;
    }
  missing = gb_register_missing_facts (document);
  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      list = g_strjoinv ("\n- ", (char **) missing->pdata);
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The paper lacks facts it needs; nothing was issued:\n- %s"), list);
      return NULL;
    }
  year = (int) g_ascii_strtoll (date, NULL, 10);
  if (!date_in_order (database, t->paper, year, date, error))
    return NULL;
  /* A folder or a link to nothing is refused before anything is drawn. */
  if (path != NULL && (output = gb_output_open (path, error)) == NULL)
    return NULL;

  for (guint attempt = 0;; attempt++)
    {
      gint64 now;

      if ((last = last_serial (database, t->paper, year, error)) < 0)
        goto fail;
      g_clear_pointer (&pdf, g_bytes_unref);
      g_clear_pointer (&hashes, g_ptr_array_unref);
      if ((pdf = number_and_draw (database, document, date, year, last, reissues, cancellable,
                                  progress, user_data, error)) == NULL
          || (hashes = paper_hashes (document, pdf, error)) == NULL)
        goto fail;
      if (!gb_database_begin (database, error))
        goto fail;
      if ((now = last_serial (database, t->paper, year, error)) < 0)
        goto rollback;
      if (now == last && still_holds (database, document, t->paper, reissues))
        break;   /* still free, and now held by the write lock */
      gb_database_rollback (database);
      if (attempt >= 4)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_BUSY,
                       _("Another program keeps issuing certificates; try again in a moment."));
          goto fail;
        }
    }
  /* The dates and revocations may have changed while drawing: checked again under the lock. */
  if (!date_in_order (database, t->paper, year, date, error))
    goto rollback;
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);

      if (paper->title_id > 0 && title_revoked (database, paper->title_id, error))
        {
          g_prefix_error (error, "%s: ", gb_paper_get_holder (paper));
          goto rollback;
        }
    }

  /* The paper, whole and on the disk, before its numbers are committed. */
  if (output != NULL
      && (!gb_output_write (output, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), error)
          || !gb_output_prepare (output, error)))
    goto rollback;

  stmt = gb_database_prepare (database,
    "INSERT INTO certificates (kind, year, serial, number, holder_name, artisan_id, member_id,"
    " title_id, award_id, issued_on, template, sha256, reissue_of, os_user, check_code)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto rollback;
  for (guint i = 0; i < papers->len; i++)
    {
      GbPaper *paper = g_ptr_array_index (papers, i);

      gb_stmt_bind_text_static (stmt, 1, t->paper);
      gb_stmt_bind_int (stmt, 2, year);
      gb_stmt_bind_int64 (stmt, 3, last + 1 + i);
      gb_stmt_bind_text (stmt, 4, gb_paper_get (paper, "number"));
      gb_stmt_bind_text (stmt, 5, gb_paper_get_holder (paper));
      bind_id (stmt, 6, paper->artisan_id);
      bind_id (stmt, 7, paper->member_id);
      bind_id (stmt, 8, paper->title_id);
      bind_id (stmt, 9, paper->award_id);
      gb_stmt_bind_text (stmt, 10, date);
      gb_stmt_bind_text (stmt, 11, t->id);
      gb_stmt_bind_text (stmt, 12, hashes->pdata[i]);
      bind_id (stmt, 13, g_array_index (reissues, gint64, i));
      gb_stmt_bind_text (stmt, 14, gb_database_get_user_name (database));
      gb_stmt_bind_text (stmt, 15, gb_paper_get (paper, "check"));
      if (!gb_database_step_done (database, stmt, error))
        goto rollback;
    }
  /* A commit refused (a shared database's writer may lack a grant) has
   * rolled back already. */
  if (!gb_database_commit (database, error))
    goto fail;
  /* Only a rename is left, on a name checked a moment ago: the file
   * cannot fail for want of room any more. */
  if (output != NULL && !gb_output_commit (output, error))
    {
      g_prefix_error (error, _("The register holds the numbers, but the paper was not put in "
                               "place; save it again: "));
      return NULL;
    }
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
  GbStmt *stmt;
  g_autofree char *clean = gb_text_normalize (reason);

  if (!gb_database_check_task (database, GB_DATABASE_TASK_ISSUE, error))
    return FALSE;
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
  gb_stmt_bind_text_static (stmt, 1, iso_date);
  gb_stmt_bind_text_static (stmt, 2, clean);
  gb_stmt_bind_int64 (stmt, 3, id);
  if (!gb_database_step_done (database, stmt, error))
    return FALSE;
  if (gb_database_changes (database) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                   _("No live certificate has that entry number."));
      return FALSE;
    }
  return TRUE;
}

void
gb_verify_result_free (GbVerifyResult *result)
{
  if (result == NULL)
    return;
  g_free (result->number);
  g_free (result->holder);
  g_free (result->date);
  g_free (result->reason);
  g_free (result);
}

/* A card: the member of that number, by the same name. */
static GbVerifyResult *
verify_card (GbDatabase  *database,
             char       **f,
             GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT name, status, deleted_at FROM members WHERE member_no = ?", error);
  GbVerifyResult *result;
  int rc;

  if (stmt == NULL)
    return NULL;
  result = g_new0 (GbVerifyResult, 1);
  result->card = TRUE;
  gb_stmt_bind_text (stmt, 1, f[2]);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      g_autofree char *name = gb_text_normalize (gb_stmt_column_text (stmt, 0));

      if (g_strcmp0 (name, f[5]) != 0)
        continue;
      result->number = g_strdup (f[2]);
      result->holder = g_steal_pointer (&name);
      result->date = g_strdup (f[3]);
      if (gb_stmt_column_type (stmt, 2) == GB_SQL_NULL
          && g_strcmp0 (gb_stmt_column_text (stmt, 1), "active") == 0)
        result->status = GB_VERIFY_VALID;
      else
        {
          result->status = GB_VERIFY_REVOKED;
          result->reason = g_strdup (_("no longer an active member"));
        }
      break;
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_ROW && rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      gb_verify_result_free (result);
      return NULL;
    }
  return result;
}

/* Looks a scanned QR payload up: valid (a live entry whose number, year,
 * date, holder and check value all match), revoked (with the reason), or
 * unknown (anything else, including text that is no payload). NULL only
 * when the database cannot be read. */
GbVerifyResult *
gb_register_verify (GbDatabase  *database,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *clean = gb_text_normalize (text ? text : "");
  g_auto(GStrv) f = g_strsplit (g_strstrip (clean), "|", 6);
  g_autofree char *number = NULL;
  GbVerifyResult *result;
  GbStmt *stmt;
  guint64 year, serial;
  const char *dash;
  int rc;

  if (g_strv_length (f) != 6 || !g_str_equal (f[0], "GB1") || *f[1] == '\0' || *f[2] == '\0')
    return g_new0 (GbVerifyResult, 1);
  if (*f[4] == '\0')
    return verify_card (database, f, error);

  result = g_new0 (GbVerifyResult, 1);
  dash = strchr (f[2], '-');
  if (dash == NULL || dash - f[2] != 4
      || !g_ascii_string_to_unsigned (dash + 1, 10, 1, G_MAXINT64, &serial, NULL))
    return result;
  {
    g_autofree char *y = g_strndup (f[2], 4);

    if (!g_ascii_string_to_unsigned (y, 10, 1990, 2100, &year, NULL))
      return result;
  }
  number = g_strdup_printf ("%03" G_GUINT64_FORMAT "/%s", serial, f[1]);
  stmt = gb_database_prepare (database,
    "SELECT number, holder_name, issued_on, check_code, voided_on, void_reason FROM certificates"
    " WHERE year = ? AND serial = ? AND number = ?", error);
  if (stmt == NULL)
    {
      gb_verify_result_free (result);
      return NULL;
    }
  gb_stmt_bind_int (stmt, 1, (int) year);
  gb_stmt_bind_int64 (stmt, 2, (gint64) serial);
  gb_stmt_bind_text_static (stmt, 3, number);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      const char *check = gb_stmt_column_text (stmt, 3);

      if (check == NULL || *check == '\0' || g_ascii_strcasecmp (check, f[4]) != 0
          || g_strcmp0 (gb_stmt_column_text (stmt, 2), f[3]) != 0
          || g_strcmp0 (gb_stmt_column_text (stmt, 1), f[5]) != 0)
        continue;
      result->number = column_text (stmt, 0);
      result->holder = column_text (stmt, 1);
      result->date = column_text (stmt, 2);
      if (gb_stmt_column_type (stmt, 4) == GB_SQL_NULL)
        result->status = GB_VERIFY_VALID;
      else
        {
          result->status = GB_VERIFY_REVOKED;
          result->reason = column_text (stmt, 5);
        }
      break;
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_ROW && rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      gb_verify_result_free (result);
      return NULL;
    }
  return result;
}
