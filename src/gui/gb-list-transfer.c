/* gb-list-transfer.c — a list page's records out to a spreadsheet and in
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export, import and taking an import back. Each runs on a worker thread
 * with a connection of its own, so that 100,000 rows keep the window
 * responsive; a toast says how it went.
 */
#define G_LOG_DOMAIN "gb-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-export.h"
#include "gb-import-window.h"
#include "gb-list-page-private.h"
#include "gb-text.h"
#include "gb-window.h"

/* Export ------------------------------------------------------------------ */

/* What core's export wrote, said in a toast. */
static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GbListPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *path = NULL;
  guint rows = 0;

  if (gb_export_finish (result, &rows, &path, &error))
    {
      g_autofree char *name = g_path_get_basename (path);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record saved in %s",
                                              "%u records saved in %s", rows), rows, name);
    }
  else
    message = g_strdup (error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
gb_list_page_export (GbListPage     *self,
                     const char     *path,
                     GbExportFormat  format)
{
  g_autoptr(GbQuery) query = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (GB_IS_LIST_PAGE (self));
  if (self->store == NULL)
    return;
  query = gb_list_page_build_query (self);
  if (self->selection && gb_id_selection_get_n_selected (self->selection) > 0)
    ids = gb_id_selection_get_ids (self->selection);
  gb_export_async (gb_database_get_path (gb_store_get_database (self->store)),
                   gb_store_get_record_type (self->store), query, ids, format, path, NULL,
                   export_done, g_object_ref (self));
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 GbListPage      *self)
{
  GbExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gb_list_page_export (self, path, format);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

void
gb_list_page_export_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GbExportFormat kind = g_str_equal (format, "xlsx") ? GB_EXPORT_XLSX : GB_EXPORT_CSV;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, kind == GB_EXPORT_XLSX ? _("Spreadsheets (XLSX)") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, format);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  name = g_strdup_printf ("%s-%s.%s", gb_store_get_entity (self->store)->table, gb_text_today (), format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "format", GINT_TO_POINTER (kind));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Import ------------------------------------------------------------------ */

static void
imported_cb (GbImportWindow *window,
             gint64          import_id,
             GbListPage     *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GB_IS_WINDOW (root))
    gb_window_reload (GB_WINDOW (root));
}

static void
import_response (GtkNativeDialog *dialog,
                 int              response,
                 GbListPage      *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gb_list_page_import (self, path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

/* Opens the import wizard on @path for this page's records. */
void
gb_list_page_import (GbListPage *self,
                     const char *path)
{
  const char *table;
  GbImportKind kind;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *format = NULL;
  GbImportWindow *window;

  g_return_if_fail (GB_IS_LIST_PAGE (self));
  if (self->store == NULL)
    return;
  table = gb_store_get_entity (self->store)->table;
  if (!gb_import_kind_from_name (table, &kind))
    return;
  settings = g_settings_new (APP_ID);
  format = g_settings_get_string (settings, "member-number-format");
  window = gb_import_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                 gb_database_get_path (gb_store_get_database (self->store)), kind, path, format);
  g_signal_connect_object (window, "imported", G_CALLBACK (imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
undo_import_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GbListPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint removed = 0;

  if (gb_import_undo_finish (result, &removed, &error))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import undone: %u record removed",
                                            "Import undone: %u records removed", removed), removed);
  else
    message = g_strdup (error->message);
  if (GB_IS_WINDOW (root))
    gb_window_reload (GB_WINDOW (root));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
undo_import_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GbListPage       *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "import-id"));

  if (!g_str_equal (response, "undo") || self->store == NULL)
    return;
  /* On a connection of its own: a large import comes out without
   * freezing the window. */
  gb_import_undo_async (gb_database_get_path (gb_store_get_database (self->store)), id, NULL,
                        undo_import_done, g_object_ref (self));
}

/* Asks, then takes back the last import: the file, when, how many. */
void
gb_list_page_undo_import_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  GbDatabase *db;
  GbImportKind kind;
  g_autofree char *file_name = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *when = NULL;
  GtkWidget *dialog;
  guint n = 0;
  gint64 id;

  if (self->store == NULL)
    return;
  db = gb_store_get_database (self->store);
  id = gb_import_last (db);
  if (id <= 0 || !gb_import_describe (db, id, &kind, &file_name, &n, &created_at))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("There is no import to undo.")));
      return;
    }
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (created_at, NULL);
    g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

    when = local ? g_date_time_format (local, "%d/%m/%Y %H:%M") : g_strdup (created_at);
  }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Undo the Last Import?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u record imported from %s on %s will be removed.",
                                               "%u records imported from %s on %s will be removed.", n),
                                  n, file_name, when);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "undo", _("_Undo Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "undo-import-dialog");
  g_object_set_data (G_OBJECT (dialog), "import-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_import_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
gb_list_page_import_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) sheets = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->store == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Import from a Spreadsheet"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (sheets, _("Spreadsheets (CSV, XLSX)"));
  gtk_file_filter_add_suffix (sheets, "csv");
  gtk_file_filter_add_suffix (sheets, "xlsx");
  gtk_file_filter_add_suffix (sheets, "txt");
  gtk_file_filter_add_mime_type (sheets, "text/csv");
  gtk_file_filter_add_mime_type (sheets, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), sheets);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
