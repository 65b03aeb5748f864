/* gb-report-store.c — report drafts and submitted reports in the database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-report-store.h"

void
gb_report_entry_free (GbReportEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->kind);
  g_free (e->title);
  g_free (e->doc_date);
  g_free (e->submitted_at);
  g_free (e->updated_at);
  g_free (e);
}

static char *
text_at (GbStmt       *stmt,
         int           i)
{
  const char *t = gb_stmt_column_text (stmt, i);

  return t ? g_strdup ((const char *) t) : NULL;
}

/* Drafts first, newest first; then what was submitted, newest first. */
GPtrArray *
gb_report_store_list (GbDatabase  *database,
                      GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT id, kind, title, coalesce(number, 0), doc_date, submitted_at, updated_at FROM reports"
    " ORDER BY submitted_at IS NOT NULL, coalesce(submitted_at, updated_at) DESC, id DESC", error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_report_entry_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbReportEntry *e = g_new0 (GbReportEntry, 1);

      e->id = gb_stmt_column_int64 (stmt, 0);
      e->kind = text_at (stmt, 1);
      e->title = text_at (stmt, 2);
      e->number = (guint) gb_stmt_column_int (stmt, 3);
      e->doc_date = text_at (stmt, 4);
      e->submitted_at = text_at (stmt, 5);
      e->updated_at = text_at (stmt, 6);
      g_ptr_array_add (list, e);
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Inserts (@id 0) or updates a draft; returns its id, or 0. */
gint64
gb_report_store_save (GbDatabase  *database,
                      gint64       id,
                      const char  *kind,
                      const char  *title,
                      GVariant    *options,
                      GError     **error)
{
  g_autofree char *text = g_variant_print (options, TRUE);
  GbStmt *stmt;
  GbSqlCode rc;

  stmt = gb_database_prepare (database, id > 0
    ? "UPDATE reports SET kind = ?1, title = ?2, options = ?3,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?4"
    : "INSERT INTO reports (kind, title, options) VALUES (?1, ?2, ?3) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  gb_stmt_bind_text (stmt, 1, kind);
  gb_stmt_bind_text (stmt, 2, title);
  gb_stmt_bind_text (stmt, 3, text);
  if (id > 0)
    gb_stmt_bind_int64 (stmt, 4, id);
  rc = gb_stmt_step (stmt);
  if (rc != GB_SQL_DONE && rc != GB_SQL_ROW)
    {
      gb_database_set_error (database, rc, error);
      gb_stmt_reset (stmt);
      return 0;
    }
  if (id == 0)
    id = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  return id;
}

GVariant *
gb_report_store_options (GbDatabase  *database,
                         gint64       id,
                         GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database, "SELECT options FROM reports WHERE id = ?", error);
  g_autofree char *text = NULL;

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int64 (stmt, 1, id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    text = text_at (stmt, 0);
  gb_stmt_reset (stmt);
  if (text == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The report was not found."));
      return NULL;
    }
  return g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, error);
}

/* Keeps @pdf as the report sent, with its number and date, for good. */
gboolean
gb_report_store_submit (GbDatabase  *database,
                        gint64       id,
                        guint        number,
                        const char  *doc_date,
                        GBytes      *pdf,
                        GError     **error)
{
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  GbStmt *stmt;

  if (!gb_database_check_task (database, GB_DATABASE_TASK_SUBMIT, error))
    return FALSE;
  if (number == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("A report is submitted with its number: fill in the number first."));
      return FALSE;
    }
  stmt = gb_database_prepare (database,
    "UPDATE reports SET number = ?1, doc_date = ?2, pdf = ?3, sha256 = ?4,"
    " submitted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
    " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?5 AND submitted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int (stmt, 1, (int) number);
  gb_stmt_bind_text (stmt, 2, doc_date);
  gb_stmt_bind_blob (stmt, 3, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), TRUE);
  gb_stmt_bind_text (stmt, 4, sha);
  gb_stmt_bind_int64 (stmt, 5, id);
  if (!gb_database_step_done (database, stmt, error))
    return FALSE;
  if (gb_database_changes (database) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("This report was already submitted."));
      return FALSE;
    }
  return TRUE;
}

GBytes *
gb_report_store_pdf (GbDatabase  *database,
                     gint64       id,
                     GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database, "SELECT pdf FROM reports WHERE id = ?", error);
  GBytes *pdf = NULL;

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int64 (stmt, 1, id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW && gb_stmt_column_type (stmt, 0) == GB_SQL_BLOB)
    pdf = g_bytes_new (gb_stmt_column_blob (stmt, 0), gb_stmt_column_bytes (stmt, 0));
  gb_stmt_reset (stmt);
  if (pdf == NULL)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("This report has not been submitted."));
  return pdf;
}

gboolean
gb_report_store_delete (GbDatabase  *database,
                        gint64       id,
                        GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database, "DELETE FROM reports WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, id);
  return gb_database_step_done (database, stmt, error);
}
