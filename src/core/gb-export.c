/* gb-export.c — writing a list to CSV or XLSX
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are read in pages of the query and written as they come, so 100,000
 * records never sit in memory at once; the file is put in place by
 * GbOutput: beside its name and renamed, whole or not at all, readable by
 * its owner only, or through to a pipe or standard output.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gb-error.h"
#include "gb-export.h"
#include "gb-output.h"
#include "gb-text.h"

#define PAGE 2000

typedef struct
{
  GbExportFormat  format;
  FILE           *csv;
  lxw_workbook   *book;
  lxw_worksheet  *sheet;
  lxw_format     *date_format;
  lxw_format     *bold;
  guint           row;
} Writer;

/* Every column but pictures and the numbers that link records (their
 * names are columns of their own: the craft, the highest title). */
static gboolean
exported (const GbField *field)
{
  return field->type != GB_FIELD_BLOB && !g_str_has_suffix (field->name, "_id");
}

/* Whether Excel (or LibreOffice) would run @text, read from a CSV file, as
 * a formula: it begins with = + - or @, also after spaces, tabs and CRs
 * (OWASP's "CSV injection"). A plain number ("-5", "+84", "1.5e-07") is
 * read as a number, not run. */
gboolean
gb_export_csv_is_formula (const char *text)
{
  const char *p = text;
  const char *digits;

  g_return_val_if_fail (text != NULL, FALSE);

  while (*p == ' ' || *p == '\t' || *p == '\r')
    p++;
  if (*p != '=' && *p != '+' && *p != '-' && *p != '@')
    return FALSE;
  if (*p == '=' || *p == '@')
    return TRUE;
  digits = p + 1;
  if (!g_ascii_isdigit (*digits) && *digits != '.')
    return TRUE;
  for (const char *q = digits; *q; q++)
    if (!g_ascii_isdigit (*q) && strchr (".eE+-", *q) == NULL)
      return TRUE;
  {
    char *end = NULL;

    g_ascii_strtod (p, &end);
    return end == NULL || *end != '\0';
  }
}

static void
csv_cell (FILE       *out,
          const char *text,
          gboolean    first)
{
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL || (text[0] == ' ')
                   || (*text && text[strlen (text) - 1] == ' ');
  /* Excel would run it: an apostrophe before it makes it text. */
  const char *guard = gb_export_csv_is_formula (text) ? "'" : "";

  if (!first)
    fputc (',', out);
  if (!quote)
    {
      fputs (guard, out);
      fputs (text, out);
      return;
    }
  fputc ('"', out);
  fputs (guard, out);
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        fputc ('"', out);
      fputc (*p, out);
    }
  fputc ('"', out);
}

static void
write_header (Writer         *w,
              const GbEntity *entity)
{
  guint col = 0;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *f = &entity->fields[i];

      if (!exported (f))
        continue;
      if (w->format == GB_EXPORT_CSV)
        csv_cell (w->csv, _(f->label), col == 0);
      else
        worksheet_write_string (w->sheet, 0, (lxw_col_t) col, _(f->label), w->bold);
      col++;
    }
  if (w->format == GB_EXPORT_CSV)
    fputs ("\r\n", w->csv);
  w->row = 1;
}

static void
write_record (Writer   *w,
              GbRecord *record)
{
  const GbEntity *entity = gb_record_get_entity (record);
  guint col = 0;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *f = &entity->fields[i];
      g_autofree char *raw = NULL;
      g_autofree char *shown = NULL;

      if (!exported (f))
        continue;
      raw = gb_record_dup_field_string (record, f);
      if (raw != NULL && f->type == GB_FIELD_INT && (f->flags & GB_FIELD_ZERO_NULL) && g_str_equal (raw, "0"))
        g_clear_pointer (&raw, g_free);
      /* Choices by their words; dates as dates (ISO in CSV, a date cell in XLSX). */
      shown = raw == NULL ? g_strdup ("")
              : f->choices ? g_strdup (gb_choice_label (f->choices, raw)) : g_strdup (raw);
      if (w->format == GB_EXPORT_CSV)
        csv_cell (w->csv, shown, col == 0);
      else if (raw == NULL)
        ;
      else if (f->type == GB_FIELD_DATE && gb_text_is_valid_iso_date (raw))
        {
          lxw_datetime dt = { 0 };
          GDate date;

          if (gb_date_from_iso (raw, &date))
            dt = (lxw_datetime) { .year = g_date_get_year (&date), .month = g_date_get_month (&date),
                                  .day = g_date_get_day (&date) };
          worksheet_write_datetime (w->sheet, w->row, (lxw_col_t) col, &dt, w->date_format);
        }
      else if ((f->type == GB_FIELD_INT || f->type == GB_FIELD_REAL) && !f->choices)
        worksheet_write_number (w->sheet, w->row, (lxw_col_t) col, g_ascii_strtod (raw, NULL), NULL);
      else if (f->type == GB_FIELD_BOOL)
        worksheet_write_boolean (w->sheet, w->row, (lxw_col_t) col, g_str_equal (raw, "1"), NULL);
      else
        worksheet_write_string (w->sheet, w->row, (lxw_col_t) col, shown, NULL);
      col++;
    }
  if (w->format == GB_EXPORT_CSV)
    fputs ("\r\n", w->csv);
  w->row++;
}

/* Writes the records of @query (or only those of @ids, in that order) to
 * @path. @n_rows gets how many were written. */
gboolean
gb_export (GbStore        *store,
           const GbQuery  *query,
           const GArray   *ids,
           GbExportFormat  format,
           const char     *path,
           GCancellable   *cancellable,
           guint          *n_rows,
           GError        **error)
{
  g_autoptr(GbOutput) output = NULL;
  const char *tmp;
  const GbEntity *entity = gb_store_get_entity (store);
  Writer w = { format };
  gboolean ok = TRUE;
  int saved = 0;

  if ((output = gb_output_open (path, error)) == NULL)
    return FALSE;
  tmp = gb_output_get_path (output);
  if (format == GB_EXPORT_CSV)
    {
      if ((w.csv = g_fopen (tmp, "wb")) == NULL)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write “%s”: %s"),
                       gb_output_display_name (path), g_strerror (saved));
          return FALSE;
        }
      fputs ("\xEF\xBB\xBF", w.csv);   /* the BOM Excel needs to read UTF-8 */
    }
  else
    {
      lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL };

      if ((w.book = workbook_new_opt (tmp, &options)) == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot write “%s”."),
                       gb_output_display_name (path));
          return FALSE;
        }
      w.sheet = workbook_add_worksheet (w.book, NULL);
      w.date_format = workbook_add_format (w.book);
      format_set_num_format (w.date_format, "dd/mm/yyyy");
      w.bold = workbook_add_format (w.book);
      format_set_bold (w.bold);
    }
  write_header (&w, entity);

  if (ids != NULL)
    {
      for (guint i = 0; ok && i < ids->len; i++)
        {
          g_autoptr(GbRecord) record = gb_store_get (store, g_array_index (ids, gint64, i), error);

          if (record == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
          else
            write_record (&w, record);
        }
    }
  else
    {
      g_autoptr(GbQuery) page = gb_query_copy (query);

      for (gint64 offset = 0; ok; offset += PAGE)
        {
          g_autoptr(GPtrArray) records = NULL;

          gb_query_set_range (page, offset, PAGE);
          records = gb_store_query (store, page, error);
          if (records == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          for (guint i = 0; i < records->len; i++)
            write_record (&w, records->pdata[i]);
          if (records->len < PAGE)
            break;
        }
    }

  if (format == GB_EXPORT_CSV)
    {
      if (fclose (w.csv) != 0 && ok)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write “%s”: %s"),
                       gb_output_display_name (path), g_strerror (saved));
          ok = FALSE;
        }
    }
  else
    {
      lxw_error rc = workbook_close (w.book);

      if (rc != LXW_NO_ERROR && ok)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Cannot write “%s”: %s"),
                       gb_output_display_name (path), lxw_strerror (rc));
          ok = FALSE;
        }
    }
  /* Without the commit, the output is discarded. */
  if (ok && !gb_output_commit (output, error))
    ok = FALSE;
  if (ok && n_rows)
    *n_rows = w.row - 1;
  return ok;
}

/* An export for a caller that must not wait (the window) ---------------- */

typedef struct
{
  char           *database_path;
  GType           type;
  GbQuery        *query;
  GArray         *ids;
  GbExportFormat  format;
  char           *path;
  guint           rows;
} ExportWork;

static void
export_work_free (ExportWork *work)
{
  g_free (work->database_path);
  g_clear_pointer (&work->query, gb_query_free);
  g_clear_pointer (&work->ids, g_array_unref);
  g_free (work->path);
  g_free (work);
}

static void
export_run (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  ExportWork *work = data;
  GError *error = NULL;
  /* A connection of this thread's own: the caller's stays free. */
  g_autoptr(GbDatabase) db = gb_database_open (work->database_path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) store = db != NULL ? gb_store_new (db, work->type) : NULL;

  if (store == NULL
      || !gb_export (store, work->query, work->ids, work->format, work->path, cancellable, &work->rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* gb_export() of the records of @record_type in the database at
 * @database_path, on a worker thread: @ids (or, when NULL, the rows of
 * @query in its order) to @path. */
void
gb_export_async (const char          *database_path,
                 GType                record_type,
                 const GbQuery       *query,
                 const GArray        *ids,
                 GbExportFormat       format,
                 const char          *path,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportWork *work;

  g_return_if_fail (database_path != NULL && path != NULL);

  work = g_new0 (ExportWork, 1);
  work->database_path = g_strdup (database_path);
  work->type = record_type;
  work->query = query != NULL ? gb_query_copy (query) : NULL;
  if (ids != NULL)
    {
      work->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
      g_array_append_vals (work->ids, ids->data, ids->len);
    }
  work->format = format;
  work->path = g_strdup (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_export_async);
  g_task_set_task_data (task, work, (GDestroyNotify) export_work_free);
  g_task_run_in_thread (task, export_run);
}

/* TRUE with the number of rows written in @n_rows and the file in @path
 * (owned by @result), or FALSE with @error. */
gboolean
gb_export_finish (GAsyncResult  *result,
                  guint         *n_rows,
                  const char   **path,
                  GError       **error)
{
  ExportWork *work;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_export_async, FALSE);

  work = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = work->rows;
  if (path != NULL)
    *path = work->path;
  return TRUE;
}
