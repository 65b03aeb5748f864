/* gb-reports-page.c — reports: kinds and drafts, options, live preview
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change of an option has core rebuild the report on a worker thread
 * with a connection of its own (gb_report_build_async): the first pages
 * arrive as soon as they are drawn (a long roster shows its first page in
 * about a tenth of a second), the whole document a moment later. The
 * window never waits. A submitted report shows the PDF stored when it was
 * sent, not a new drawing. The form of options each kind asks for is
 * built and read in gb-reports-page-options.c.
 */
#define G_LOG_DOMAIN "gb-reports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-boxed-item.h"
#include "gb-pdf-view.h"
#include "gb-pdf-window.h"
#include "gb-report-store.h"
#include "gb-reports-page-private.h"
#include "gb-text.h"

#define FIRST_PAGES 2

G_DEFINE_FINAL_TYPE (GbReportsPage, gb_reports_page, ADW_TYPE_BIN)

static const char *const kind_icons[] = {
  "system-users-symbolic", "starred-symbolic", "x-office-document-symbolic",
  "x-office-spreadsheet-symbolic", "emblem-ok-symbolic", "view-paged-symbolic",
};

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "roster") == 0)
    return _("Member Roster");
  if (g_strcmp0 (kind, "artisans") == 0)
    return _("Artisan Register");
  if (g_strcmp0 (kind, "activity") == 0)
    return _("Activity Report");
  if (g_strcmp0 (kind, "dues") == 0)
    return _("Dues Collection");
  if (g_strcmp0 (kind, "contest") == 0)
    return _("Contest Results");
  return _("Statistics");
}

/* The preview, built by core on a worker thread ----------------------------- */

/* The first pages of a long report, while the rest is drawn; core calls it
 * here, and only for the drawing under way. */
static void
first_pages_cb (GBytes   *pdf,
                gpointer  user_data)
{
  GbReportsPage *self = user_data;

  /* Unless the whole is already shown. */
  if (!self->complete)
    {
      gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), pdf);
      gtk_label_set_text (GTK_LABEL (self->status), _("Drawing the other pages…"));
    }
}

static void update_actions (GbReportsPage *self);

static void
show_problem (GbReportsPage *self,
              const char    *message)
{
  gtk_label_set_text (GTK_LABEL (self->banner), message ? message : "");
  gtk_widget_set_visible (self->banner, message != NULL);
}

static void
build_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GbReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GbReport) report = gb_report_build_finish (result, &pdf, &error);

  /* A newer drawing is under way, or the page has moved on: a drawing
   * is only ever replaced or stopped by cancelling it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (report == NULL)
    {
      show_problem (self, error->message);
      gtk_label_set_text (GTK_LABEL (self->status), "");
      update_actions (self);
      return;
    }
  show_problem (self, NULL);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->report = g_steal_pointer (&report);
  self->pdf = g_steal_pointer (&pdf);
  self->complete = TRUE;
  gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), self->pdf);
  {
    guint pages = gb_flow_get_n_pages (self->report->flow);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", pages),
                                             pages);
    gtk_label_set_text (GTK_LABEL (self->status), text);
  }
  update_actions (self);
}

static void
start_refresh (GbReportsPage *self)
{
  GbReportOptions options;

  if (self->database == NULL || self->kind == NULL || self->submitted)
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->complete = FALSE;

  gb_reports_page_read_options (self, &options);
  gtk_label_set_text (GTK_LABEL (self->status), _("Drawing…"));
  update_actions (self);
  /* The first pages go to @self, which the callback's reference keeps. */
  gb_report_build_async (gb_database_get_path (self->database), &options, FIRST_PAGES,
                         first_pages_cb, self, self->cancellable, build_done, g_object_ref (self));
  gb_report_options_clear (&options);
}

static gboolean
refresh_timeout (gpointer data)
{
  GbReportsPage *self = data;

  self->refresh_id = 0;
  start_refresh (self);
  return G_SOURCE_REMOVE;
}

void
gb_reports_page_option_changed (GbReportsPage *self)
{
  if (self->filling || self->submitted)
    return;
  /* What is shown is no longer what the options say: not to be submitted. */
  self->complete = FALSE;
  update_actions (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  /* Settle typing first; a click redraws almost at once. */
  self->refresh_id = g_timeout_add (150, refresh_timeout, self);
}

/* The list of kinds and saved reports ------------------------------------- */

/* One row of the list: a kind to make, or a saved report (@id > 0). */
typedef struct
{
  char       *title;
  char       *subtitle;
  const char *icon;
  char       *kind;
  gint64      id;
} SidebarItem;

static void
sidebar_item_free (SidebarItem *item)
{
  g_free (item->title);
  g_free (item->subtitle);
  g_free (item->kind);
  g_free (item);
}

static gpointer
sidebar_item_new (const char *title,
                  char       *subtitle,
                  const char *icon,
                  const char *kind,
                  gint64      id)
{
  SidebarItem *item = g_new0 (SidebarItem, 1);

  item->title = g_strdup (title);
  item->subtitle = subtitle;
  item->icon = icon;
  item->kind = g_strdup (kind);
  item->id = id;
  return gb_boxed_item_new (item, (GDestroyNotify) sidebar_item_free);
}

static GtkWidget *
sidebar_row (gpointer object,
             gpointer data)
{
  const SidebarItem *item = gb_boxed_item_get (object);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title);
  if (item->subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (item->icon));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (item->kind != NULL && item->id == 0)
    {
      g_autofree char *name = g_strconcat ("report-", item->kind, NULL);

      gtk_widget_set_name (row, name);
    }
  return row;
}

static void
fill_sidebar (GbReportsPage *self)
{
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; gb_report_kinds[i]; i++)
    g_ptr_array_add (items, sidebar_item_new (kind_label (gb_report_kinds[i]), NULL, kind_icons[i],
                                              gb_report_kinds[i], 0));
  if (self->database != NULL && (saved = gb_report_store_list (self->database, NULL)) != NULL)
    for (guint i = 0; i < saved->len; i++)
      {
        GbReportEntry *e = saved->pdata[i];
        g_autofree char *when = NULL;
        char *subtitle;

        if (e->submitted_at)
          {
            g_autofree char *day = g_strndup (e->submitted_at, 10);
            when = gb_text_format_date (day);
            subtitle = g_strdup_printf (_("Submitted %s · number %u"), when, e->number);
          }
        else
          {
            g_autofree char *day = g_strndup (e->updated_at, 10);
            when = gb_text_format_date (day);
            subtitle = g_strdup_printf (_("Draft, saved %s"), when);
          }
        g_ptr_array_add (items, sidebar_item_new (e->title, subtitle,
                                                  e->submitted_at ? "mail-send-symbolic" : "document-edit-symbolic",
                                                  e->kind, e->id));
      }
  g_list_store_splice (self->sidebar_items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sidebar_items)),
                       items->pdata, items->len);
}

static void
update_actions (GbReportsPage *self)
{
  gboolean ready = self->pdf != NULL && (self->complete || self->submitted);
  gboolean may_draft = self->database != NULL && gb_database_may (self->database, GB_DATABASE_TASK_EDIT);
  gboolean may_submit = self->database != NULL && gb_database_may (self->database, GB_DATABASE_TASK_SUBMIT);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", ready && self->report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-xlsx",
                                 ready && self->report != NULL && self->report->sheets->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.save-draft",
                                 self->kind != NULL && !self->submitted && may_draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.submit", ready && !self->submitted && may_submit);
}

void
gb_reports_page_show_kind (GbReportsPage *self,
                           const char    *kind)
{
  GbReportOptions o;

  g_return_if_fail (g_strv_contains (gb_report_kinds, kind));

  g_free (self->kind);
  self->kind = g_strdup (kind);
  self->draft_id = 0;
  self->submitted = FALSE;
  gb_report_options_init (&o, kind);
  gb_reports_page_build_options (self, &o);
  gb_report_options_clear (&o);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  start_refresh (self);
}

void
gb_reports_page_show_saved (GbReportsPage *self,
                            gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) saved = gb_report_store_options (self->database, id, &error);
  g_autoptr(GPtrArray) list = gb_report_store_list (self->database, NULL);
  GbReportOptions o = { 0 };

  if (saved == NULL || !gb_report_options_load (&o, saved))
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                   adw_toast_new (error ? error->message : _("This draft cannot be read.")));
      return;
    }
  g_free (self->kind);
  self->kind = g_strdup (o.kind);
  self->draft_id = id;
  self->submitted = FALSE;
  for (guint i = 0; list && i < list->len; i++)
    if (((GbReportEntry *) list->pdata[i])->id == id)
      self->submitted = ((GbReportEntry *) list->pdata[i])->submitted_at != NULL;
  gb_reports_page_build_options (self, &o);
  gb_report_options_clear (&o);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  if (self->submitted)
    {
      /* Exactly as sent. */
      if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->pdf = gb_report_store_pdf (self->database, id, NULL);
      gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), self->pdf);
      gtk_label_set_text (GTK_LABEL (self->status), _("The PDF as it was submitted"));
      show_problem (self, NULL);
      update_actions (self);
    }
  else
    start_refresh (self);
}

static void
row_activated_cb (GtkListBox    *box,
                  GtkListBoxRow *row,
                  GbReportsPage *self)
{
  g_autoptr(GbBoxedItem) object = g_list_model_get_item (G_LIST_MODEL (self->sidebar_items),
                                                         gtk_list_box_row_get_index (row));
  const SidebarItem *item;

  if (object == NULL)
    return;
  item = gb_boxed_item_get (object);
  if (item->id > 0)
    gb_reports_page_show_saved (self, item->id);
  else
    gb_reports_page_show_kind (self, item->kind);
}

/* Actions ------------------------------------------------------------------ */

static void
toast (GtkWindow  *parent,
       const char *message,
       GFile      *file)
{
  GtkWidget *root = GTK_WIDGET (parent);
  GtkWidget *page = root ? g_object_get_data (G_OBJECT (root), "gb-reports-page") : NULL;

  if (GB_IS_REPORTS_PAGE (page))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (GB_REPORTS_PAGE (page)->toasts),
                                 gb_pdf_saved_toast (message, file));
}

static char *
file_name (GbReportsPage *self,
           const char    *suffix)
{
  const char *stem = self->report && self->report->file_stem ? self->report->file_stem : self->kind;

  return g_strdup_printf ("%s-%s.%s", stem, gb_text_today (), suffix);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autofree char *file = file_name (self, "pdf");

  if (self->pdf == NULL)
    return;
  g_object_set_data (G_OBJECT (window), "gb-reports-page", self);
  gb_pdf_save_dialog (window, self->pdf, file, toast);
}

static void
xlsx_response (GtkNativeDialog *dialog,
               int              response,
               GbReportsPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->report != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (path != NULL && gb_report_write_xlsx (self->report, path, &error))
        {
          g_autofree char *base = g_path_get_basename (path);
          message = g_strdup_printf (_("Saved as %s"), base);
        }
      else
        message = g_strdup (error ? error->message : _("Choose a folder on this computer."));
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (message));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_xlsx_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file = file_name (self, "xlsx");

  dialog = gtk_file_chooser_native_new (_("Export XLSX"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Spreadsheets (XLSX)"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (xlsx_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              GbReportsPage     *self)
{
  gb_flow_render_page (self->report->flow, gtk_print_context_get_cairo_context (context), page);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  const GbPageStyle *style;
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;

  if (self->report == NULL)
    return;
  style = gb_flow_get_style (self->report->flow);
  op = gb_print_operation_new (style->width * GB_PT_PER_MM, style->height * GB_PT_PER_MM,
                               gb_flow_get_n_pages (self->report->flow), self->report->file_stem);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
}

static char *
draft_title (GbReportsPage   *self,
             GbReportOptions *o)
{
  if (g_str_equal (o->kind, "activity"))
    {
      g_autofree char *a = gb_text_format_date (o->from);
      g_autofree char *z = gb_text_format_date (o->to);
      return g_strdup_printf ("%s %s–%s", gb_report_kind_title (o->kind), a, z);
    }
  if (g_str_equal (o->kind, "dues") || g_str_equal (o->kind, "statistics"))
    return g_strdup_printf ("%s %d", gb_report_kind_title (o->kind), o->year);
  return g_strdup (gb_report_kind_title (o->kind));
}

static gboolean
save_draft (GbReportsPage  *self,
            GError        **error)
{
  GbReportOptions o;
  g_autoptr(GVariant) saved = NULL;
  g_autofree char *title = NULL;
  gint64 id;

  gb_reports_page_read_options (self, &o);
  saved = gb_report_options_save (&o);
  title = draft_title (self, &o);
  id = gb_report_store_save (self->database, self->draft_id, o.kind, title, saved, error);
  gb_report_options_clear (&o);
  if (id == 0)
    return FALSE;
  self->draft_id = id;
  return TRUE;
}

static void
save_draft_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!save_draft (self, &error))
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
      return;
    }
  fill_sidebar (self);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (_("Draft saved")));
}

/* Keeps the PDF shown, with its number and date, as the report sent. */
gboolean
gb_reports_page_submit (GbReportsPage  *self,
                        GError        **error)
{
  g_autofree char *date = NULL;
  guint number;

  g_return_val_if_fail (GB_IS_REPORTS_PAGE (self), FALSE);

  if (self->pdf == NULL || !self->complete || self->submitted || gb_reports_page_get_busy (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("Wait for the whole report to be drawn."));
      return FALSE;
    }
  /* Asked before the draft is saved, which the submission would follow. */
  if (!gb_database_check_task (self->database, GB_DATABASE_TASK_SUBMIT, error))
    return FALSE;
  number = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->number));
  date = gb_reports_page_date_of (self->date);
  if (!save_draft (self, error)
      || !gb_report_store_submit (self->database, self->draft_id, number, date ? date : gb_text_today (),
                                  self->pdf, error))
    return FALSE;
  self->submitted = TRUE;
  gtk_widget_set_sensitive (self->options_box, FALSE);
  gtk_label_set_text (GTK_LABEL (self->status), _("The PDF as it was submitted"));
  fill_sidebar (self);
  update_actions (self);
  return TRUE;
}

static void
submit_response (AdwMessageDialog *dialog,
                 const char       *response,
                 GbReportsPage    *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "submit"))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                 adw_toast_new (gb_reports_page_submit (self, &error)
                                                ? _("Kept as submitted") : error->message));
}

static void
submit_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  guint number = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->number));
  GtkWidget *dialog;

  if (number == 0)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                   adw_toast_new (_("Fill in the report's number before submitting it.")));
      gtk_widget_grab_focus (self->number);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Mark as Submitted?"),
    _("The PDF as it is now is kept with its number and date, and can be opened again exactly as "
      "sent. It can no longer be changed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "submit", _("_Mark as Submitted"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (submit_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Life -------------------------------------------------------------------- */

static void
gb_reports_page_dispose (GObject *object)
{
  GbReportsPage *self = GB_REPORTS_PAGE (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->sidebar_items);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->contest_ids, g_array_unref);
  g_clear_pointer (&self->craft_ids, g_array_unref);
  g_clear_pointer (&self->communes, g_strfreev);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->kind, g_free);

  /* No gtk_widget_dispose_template(): the template's root is the AdwBin's
   * child, which AdwBin unparents itself (see gb-list-page.c). */
  G_OBJECT_CLASS (gb_reports_page_parent_class)->dispose (object);
}

static void
gb_reports_page_class_init (GbReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_reports_page_dispose;
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "reports.export-xlsx", NULL, export_xlsx_action);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "reports.save-draft", NULL, save_draft_action);
  gtk_widget_class_install_action (widget_class, "reports.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "reports.save-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "reports.export-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print", NULL);

  /* The frame: the list, the toolbar, the preview. The options of each kind are built here. */
  g_type_ensure (GB_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guildbook/Guildbook/gb-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, view);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, status);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, banner);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, role_note);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
gb_reports_page_init (GbReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sidebar_items = g_list_store_new (GB_TYPE_BOXED_ITEM);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->sidebar), G_LIST_MODEL (self->sidebar_items), sidebar_row,
                           NULL, NULL);
  gb_pdf_view_set_fit_width (GB_PDF_VIEW (self->view), TRUE);
  self->settings = g_settings_new (APP_ID);
  update_actions (self);
}

GbReportsPage *
gb_reports_page_new (void)
{
  return g_object_new (GB_TYPE_REPORTS_PAGE, NULL);
}

void
gb_reports_page_set_database (GbReportsPage *self,
                              GbDatabase    *database)
{
  g_return_if_fail (GB_IS_REPORTS_PAGE (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->database, database);
  g_clear_pointer (&self->kind, g_free);
  gb_reports_page_clear_options (self);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), NULL);
  fill_sidebar (self);
  update_actions (self);
  {
    g_autofree char *refusal = database ? gb_database_dup_refusal (database, GB_DATABASE_TASK_SUBMIT) : NULL;

    gtk_label_set_text (GTK_LABEL (self->role_note), refusal ? refusal : "");
    gtk_widget_set_visible (self->role_note, refusal != NULL);
  }
}

GBytes *
gb_reports_page_get_pdf (GbReportsPage *self)
{
  return self->complete || self->submitted ? self->pdf : NULL;
}

gboolean
gb_reports_page_get_busy (GbReportsPage *self)
{
  return self->cancellable != NULL || self->refresh_id != 0
         || gb_pdf_view_get_busy (GB_PDF_VIEW (self->view));
}

gint64
gb_reports_page_get_draft_id (GbReportsPage *self)
{
  return self->draft_id;
}
