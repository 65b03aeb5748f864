/* gb-pdf-window.c — a finished PDF, shown, saved and printed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-pdf-window"

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>

#include "gb-output.h"
#include "gb-pdf-view.h"
#include "gb-pdf-window.h"
#include "gb-widget-util.h"

struct _GbPdfWindow
{
  AdwWindow  parent_instance;

  GtkWidget *toasts;
  GtkWidget *view;
  GbFlow    *flow;
  GBytes    *pdf;
  char      *file_name;
};

G_DEFINE_FINAL_TYPE (GbPdfWindow, gb_pdf_window, ADW_TYPE_WINDOW)

typedef struct
{
  GtkWindow *parent;
  GBytes    *pdf;
  void     (*done) (GtkWindow *parent, const char *message, GFile *file);
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->parent);
  g_bytes_unref (save->pdf);
  g_free (save);
}

static void
save_response (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  Save *save = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;
      gboolean saved;

      /* Whole or not at all, the owner's alone, and never over the open
       * database or the files beside it (gb_output_protect()). */
      saved = path != NULL && gb_output_write_bytes (path, save->pdf, &error);
      if (!saved)
        message = g_strdup_printf (_("Cannot save the PDF: %s"),
                                   error ? error->message : g_strerror (ENOENT));
      else
        {
          g_autofree char *name = g_file_get_basename (file);

          message = g_strdup_printf (_("Saved as %s"), name);
        }
      if (save->done)
        save->done (save->parent, message, saved ? file : NULL);
    }
  save_free (save);
  g_object_unref (dialog);
}

/* Asks where, then writes @pdf there atomically, mode 0600. */
void
gb_pdf_save_dialog (GtkWindow  *parent,
                    GBytes     *pdf,
                    const char *file_name,
                    void      (*done) (GtkWindow *parent, const char *message, GFile *file))
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  Save *save = g_new0 (Save, 1);

  save->parent = parent ? g_object_ref (parent) : NULL;
  save->pdf = g_bytes_ref (pdf);
  save->done = done;
  dialog = gtk_file_chooser_native_new (_("Export PDF"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response), save);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_clicked (AdwToast *toast,
              GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  /* The desktop's PDF reader, as a double click in the file manager would. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

/* "Saved as …" with an Open button: a saved paper is usually looked at or
 * sent next, and the file chooser has already closed. */
AdwToast *
gb_pdf_saved_toast (const char *message,
                    GFile      *file)
{
  AdwToast *toast = adw_toast_new (message);

  if (file != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_timeout (toast, 10);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_clicked),
                             g_object_ref (file), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
    }
  return toast;
}

static void
toast_done (GtkWindow  *parent,
            const char *message,
            GFile      *file)
{
  if (GB_IS_PDF_WINDOW (parent))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (GB_PDF_WINDOW (parent)->toasts),
                                 gb_pdf_saved_toast (message, file));
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GbPdfWindow *self = GB_PDF_WINDOW (widget);

  gb_pdf_save_dialog (GTK_WINDOW (self), self->pdf, self->file_name, toast_done);
}

/* A print operation for A4 sheets drawn by our own code in points from the
 * sheet's corner, in the orientation of the pages. */
GtkPrintOperation *
gb_print_operation_new (double      width_pt,
                        double      height_pt,
                        guint       n_pages,
                        const char *job_name)
{
  GtkPrintOperation *op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, width_pt > height_pt ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                              : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_n_pages (op, (int) n_pages);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (op, FALSE);
  if (job_name)
    gtk_print_operation_set_job_name (op, job_name);
  return op;
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              GbPdfWindow       *self)
{
  /* The drawing that made the PDF, in points from the sheet's corner. */
  gb_flow_render_page (self->flow, gtk_print_context_get_cairo_context (context), page);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbPdfWindow *self = GB_PDF_WINDOW (widget);
  const GbPageStyle *style = gb_flow_get_style (self->flow);
  g_autoptr(GtkPrintOperation) op = gb_print_operation_new (style->width * GB_PT_PER_MM,
                                                            style->height * GB_PT_PER_MM,
                                                            gb_flow_get_n_pages (self->flow), self->file_name);
  g_autoptr(GError) error = NULL;

  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
}

static void
gb_pdf_window_finalize (GObject *object)
{
  GbPdfWindow *self = GB_PDF_WINDOW (object);

  g_clear_pointer (&self->flow, gb_flow_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->file_name);
  G_OBJECT_CLASS (gb_pdf_window_parent_class)->finalize (object);
}

static void
gb_pdf_window_class_init (GbPdfWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gb_pdf_window_finalize;
  gtk_widget_class_install_action (widget_class, "pdf.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "pdf.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "pdf.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "pdf.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gb_pdf_window_init (GbPdfWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export PDF…"));
  GtkWidget *print = gtk_button_new_from_icon_name ("printer-symbolic");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "pdf.export");
  gtk_widget_set_tooltip_text (export, _("Save the PDF (Ctrl+S)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "pdf.print");
  gb_widget_set_tip (print, _("Print (Ctrl+P)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), export);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  gtk_box_append (GTK_BOX (box), header);
  self->view = gb_pdf_view_new ();
  gtk_widget_set_vexpand (self->view, TRUE);
  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), self->view);
  gtk_box_append (GTK_BOX (box), self->toasts);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 760);
}

GbPdfWindow *
gb_pdf_window_new (GtkWindow  *parent,
                   const char *title,
                   const char *file_name,
                   GbFlow     *flow,
                   GBytes     *pdf)
{
  GbPdfWindow *self = g_object_new (GB_TYPE_PDF_WINDOW, "modal", TRUE, "transient-for", parent,
                                    "title", title, NULL);

  self->flow = flow;
  self->pdf = g_bytes_ref (pdf);
  self->file_name = g_strdup (file_name);
  gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), pdf);
  return self;
}

GBytes *
gb_pdf_window_get_pdf (GbPdfWindow *self)
{
  return self->pdf;
}
