/* gb-paper-preview.c — the papers as they will be printed, before they are
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview shows the PDF bytes themselves, rendered by poppler, so what
 * staff see is what is saved and printed. Core gathers and draws the papers
 * on a worker thread with a connection of its own
 * (gb_document_render_async); a change of option cancels the drawing under
 * way and starts again. Issuing asks first for the file, then happens on a
 * worker too: the numbers and the paper written there commit together or
 * not at all (gb_register_issue).
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-document.h"
#include "gb-paper-preview.h"
#include "gb-pdf-view.h"
#include "gb-pdf-window.h"
#include "gb-register.h"
#include "gb-text.h"
#include "gb-widget-util.h"

struct _GbPaperPreview
{
  AdwWindow        parent_instance;

  GbDatabase      *database;
  char            *paper;
  GArray          *ids;
  GSettings       *settings;

  GtkWidget       *title;
  GtkWidget       *view;
  GtkWidget       *toasts;
  GtkWidget       *progress;
  GtkWidget       *progress_box;
  GtkWidget       *progress_label;
  GtkWidget       *banner;
  GtkWidget       *banner_label;
  GtkWidget       *template_row;
  GtkWidget       *photo_row;
  GtkWidget       *photo_switch;
  GtkWidget       *qr_row;
  GtkWidget       *qr_switch;
  GtkWidget       *issue_button;
  GtkWidget       *draft_hint;
  GtkWidget       *role_note;   /* why the role may not issue, when it may not */
  GtkStringList   *template_names;
  GStrv            template_ids;

  GCancellable    *cancellable;
  guint            refresh_id;
  GbDocument      *document;    /* of the PDF shown */
  GBytes          *pdf;
  gboolean         issued;
  gboolean         closed;      /* disposed: its widgets are gone */
  gboolean         issuing;     /* an issue under way: no draft may replace it */
};

G_DEFINE_FINAL_TYPE (GbPaperPreview, gb_paper_preview, ADW_TYPE_WINDOW)

/* Drawing, in core on a worker thread ------------------------------------ */

/* A few times a second while the papers are drawn; core calls it on this
 * thread, and only for the drawing under way. */
static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  GbPaperPreview *self = user_data;
  g_autofree char *text = g_strdup_printf (_("Drawing page %u of %u…"), done, total);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), (double) done / MAX (total, 1));
  gtk_label_set_text (GTK_LABEL (self->progress_label), text);
}

/* Main thread ------------------------------------------------------------ */

static const char *
current_template (GbPaperPreview *self)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->template_row));

  if (self->template_ids == NULL || i >= g_strv_length (self->template_ids))
    return self->paper;
  return self->template_ids[i];
}

static void
set_busy (GbPaperPreview *self,
          gboolean        busy)
{
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  gtk_label_set_text (GTK_LABEL (self->progress_label), _("Drawing…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.export", !busy && self->pdf != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.print", !busy && self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.issue",
                                 !busy && self->pdf != NULL && !self->issued
                                 && !g_str_equal (self->paper, "card")
                                 && self->database != NULL
                                 && gb_database_may (self->database, GB_DATABASE_TASK_ISSUE));
  gtk_widget_set_sensitive (self->template_row, !busy && !self->issued);
  gtk_widget_set_sensitive (self->photo_row, !busy && !self->issued);
  gtk_widget_set_sensitive (self->qr_row, !busy && !self->issued);
}

static void
show_banner (GbPaperPreview *self,
             const char     *text)
{
  gtk_label_set_text (GTK_LABEL (self->banner_label), text ? text : "");
  gtk_widget_set_visible (self->banner, text != NULL && *text);
}

/* Which drawing a result answers: only the one asked for last is shown. */
typedef struct
{
  GbPaperPreview *self;
  GCancellable   *cancellable;
  char           *issue_path;   /* NULL: a draft */
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_object_unref (request->cancellable);
  g_free (request->issue_path);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  GbPaperPreview *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbRendered) rendered = gb_document_render_finish (result, &error);

  /* Closed meanwhile. An issue finished too late to be cancelled is
   * complete all the same: its numbers and its file were written together. */
  if (self->closed)
    return;
  if (request->issue_path != NULL)
    self->issuing = FALSE;
  if (rendered == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (request->cancellable == self->cancellable)
            {
              /* What is shown no longer matches the options: nothing to export or issue. */
              g_clear_object (&self->cancellable);
              g_clear_pointer (&self->pdf, g_bytes_unref);
              g_clear_pointer (&self->document, gb_document_unref);
              gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), NULL);
              show_banner (self, _("Drawing was cancelled. Change an option to draw again."));
              set_busy (self, FALSE);
            }
          return;
        }
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      if (request->issue_path != NULL)
        {
          adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                       adw_toast_new (error->message));
          set_busy (self, FALSE);
          return;
        }
      /* Nothing broken is shown: the reason instead. */
      g_clear_pointer (&self->pdf, g_bytes_unref);
      g_clear_pointer (&self->document, gb_document_unref);
      gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), NULL);
      show_banner (self, error->message);
      set_busy (self, FALSE);
      return;
    }

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->document, gb_document_unref);
  self->pdf = g_steal_pointer (&rendered->pdf);
  self->document = g_steal_pointer (&rendered->document);
  gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), self->pdf);

  if (rendered->n_skipped > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u record was left out:\n%s",
                                                            "%u records were left out:\n%s",
                                                            rendered->n_skipped),
                                               rendered->n_skipped, rendered->skipped);
      show_banner (self, text);
    }
  else
    show_banner (self, NULL);

  if (request->issue_path != NULL)
    {
      GPtrArray *papers = gb_document_get_papers (self->document);
      g_autofree char *text = NULL;

      self->issued = TRUE;
      text = papers->len == 1
             ? g_strdup_printf (_("Issued number %s"), gb_paper_get (papers->pdata[0], "number"))
             : g_strdup_printf (_("Issued numbers %s to %s"), gb_paper_get (papers->pdata[0], "number"),
                                gb_paper_get (papers->pdata[papers->len - 1], "number"));
      adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->title), text);
      {
        g_autofree char *base = g_path_get_basename (request->issue_path);
        g_autoptr(GFile) file = g_file_new_for_path (request->issue_path);
        /* Translators: "Issued number 001/GCN-HHLN", then the file. */
        g_autofree char *saved = g_strdup_printf (_("%s, saved as %s"), text, base);

        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), gb_pdf_saved_toast (saved, file));
      }
      /* Issued papers are no draft: the note about drafts would mislead. */
      gtk_widget_set_visible (self->draft_hint, FALSE);
      set_busy (self, FALSE);
      return;
    }
  set_busy (self, FALSE);
}

/* Draws the papers as the options say, as a draft or issued into @path;
 * whatever was being drawn is cancelled. */
static void
start_render (GbPaperPreview *self,
              const char     *path)
{
  g_autofree char *font = g_settings_get_string (self->settings, "document-font");
  GbRenderOptions options = {
    .kind = self->paper,
    .template_id = current_template (self),
    .font = *font ? font : NULL,
    .ids = (const gint64 *) self->ids->data,
    .n_ids = self->ids->len,
    .photo = gtk_switch_get_active (GTK_SWITCH (self->photo_switch)),
    .qr = gtk_switch_get_active (GTK_SWITCH (self->qr_switch)),
    .issue_path = path,
  };
  Request *request = g_new0 (Request, 1);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->cancellable);
  request->issue_path = g_strdup (path);
  self->issuing = path != NULL;
  set_busy (self, TRUE);
  /* The progress goes to @self, which @request keeps until the result. */
  gb_document_render_async (gb_database_get_path (self->database), &options, progress_cb, self,
                            self->cancellable, render_done, request);
}

static gboolean
refresh_timeout (gpointer data)
{
  GbPaperPreview *self = data;

  self->refresh_id = 0;
  start_render (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (GbPaperPreview *self)
{
  /* An option changed meanwhile (the photo and QR switches follow the
   * settings, which another window may change) waits for the issue: an
   * issue that has written its numbers is what the window shows. */
  if (self->issued || self->issuing)
    return;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  /* Options flip quickly; draw once they settle. */
  self->refresh_id = g_timeout_add (120, refresh_timeout, self);
}

static void
cancel_clicked (GbPaperPreview *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
}

/* Export ----------------------------------------------------------------- */

static void
saved_cb (GtkWindow  *parent,
          const char *message,
          GFile      *file)
{
  if (GB_IS_PAPER_PREVIEW (parent))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (GB_PAPER_PREVIEW (parent)->toasts),
                                 gb_pdf_saved_toast (message, file));
}

/* The file name offered: what the paper is, whom it is for and the year,
 * in the words of the paper ("giay-chung-nhan-vu-thanh-hai-2026.pdf"), so
 * that a folder of them reads like a list of names. */
char *
gb_paper_preview_dup_file_name (GbPaperPreview *self)
{
  GPtrArray *papers = self->document ? gb_document_get_papers (self->document) : NULL;
  const char *kind;
  g_autofree char *whom = NULL;
  g_autofree char *words = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *year = g_strndup (gb_text_today (), 4);

  g_return_val_if_fail (GB_IS_PAPER_PREVIEW (self), NULL);

  kind = g_str_equal (self->paper, "artisan") ? C_("file name", "certificate")
         : g_str_equal (self->paper, "award") ? C_("file name", "award certificate")
         : g_str_equal (self->paper, "membership") ? C_("file name", "membership certificate")
         : C_("file name", "member card");
  if (papers != NULL && papers->len == 1)
    whom = g_strdup (gb_paper_get (papers->pdata[0], "name"));
  else if (papers != NULL && papers->len > 1 && g_str_equal (self->paper, "award"))
    whom = g_strdup (gb_paper_get (papers->pdata[0], "contest"));
  else if (papers != NULL && papers->len > 1)
    /* Translators: part of a file name, "certificate-12-people-2026.pdf". */
    whom = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", papers->len),
                            papers->len);
  words = g_strjoin (" ", kind, whom ? whom : "", year, NULL);
  slug = gb_text_slug (words);
  return g_strconcat (slug, ".pdf", NULL);
}

static void
save_pdf (GbPaperPreview *self)
{
  g_autofree char *name = NULL;

  if (self->pdf == NULL)
    return;
  name = gb_paper_preview_dup_file_name (self);
  gb_pdf_save_dialog (GTK_WINDOW (self), self->pdf, name, saved_cb);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  save_pdf (GB_PAPER_PREVIEW (widget));
}

/* Print ------------------------------------------------------------------ */

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              GbPaperPreview    *self)
{
  /* The same drawing as the PDF, in points from the sheet's corner. */
  gb_document_render_page (self->document, gtk_print_context_get_cairo_context (context), page);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbPaperPreview *self = GB_PAPER_PREVIEW (widget);
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  double w, h;

  if (self->document == NULL || !gb_document_prepare (self->document, &error))
    return;
  gb_document_get_page_size (self->document, &w, &h);
  op = gb_print_operation_new (w, h, gb_document_get_n_pages (self->document),
                               gb_document_get_template (self->document)->name);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
}

/* Issue ------------------------------------------------------------------ */

static void
issue_file_response (GtkNativeDialog *dialog,
                     int              response,
                     GbPaperPreview  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gb_paper_preview_issue (self, path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
missing_response (AdwMessageDialog *dialog,
                  const char       *response,
                  GbPaperPreview   *self)
{
  if (g_str_equal (response, "preferences"))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
}

/* A paper that lacks a fact it needs is not issued: the list of what is
 * missing, and Preferences one click away (a title's facts are filled on
 * the artisan's page). */
static gboolean
refuse_missing (GbPaperPreview *self)
{
  g_autoptr(GPtrArray) missing = gb_register_missing_facts (self->document);
  g_autofree char *list = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (missing->len == 0)
    return FALSE;
  g_ptr_array_add (missing, NULL);
  list = g_strjoinv ("\n• ", (char **) missing->pdata);
  body = g_strdup_printf (_("Fill these in first; the association’s name and the signer are in "
                            "Preferences, a title’s decision on the artisan’s page:\n• %s"), list);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The papers lack facts they need"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"),
                                    "preferences", _("Open _Preferences"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
  g_signal_connect (dialog, "response", G_CALLBACK (missing_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* The file first: the numbers are taken only with the paper written. */
static void
choose_issue_file (GbPaperPreview *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Issue and Save As"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Issue"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = gb_paper_preview_dup_file_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (issue_file_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
shortened_response (AdwMessageDialog *dialog,
                    const char       *response,
                    GbPaperPreview   *self)
{
  if (g_str_equal (response, "issue") && self->document != NULL)
    choose_issue_file (self);
}

/* A text cut short with "…" is fine on a draft, but an issued paper is
 * kept for good: the texts are listed, and issuing takes a second yes. */
static gboolean
warn_shortened (GbPaperPreview *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shortened = gb_document_check_fit (self->document, &error);
  g_autofree char *list = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* The papers could not be laid out: issuing will say why. */
  if (shortened == NULL || shortened->len == 0)
    return FALSE;
  g_ptr_array_add (shortened, NULL);
  list = g_strjoinv ("\n• ", (char **) shortened->pdata);
  body = g_strdup_printf (_("Even at their smallest size these do not fit their place and print "
                            "ending in “…”. Shorten them first, or issue the papers as they are:\n• %s"),
                          list);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Some texts will be cut short"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "issue", _("Issue _Anyway"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (shortened_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
issue_response (AdwMessageDialog *dialog,
                const char       *response,
                GbPaperPreview   *self)
{
  if (!g_str_equal (response, "issue") || self->document == NULL || refuse_missing (self)
      || warn_shortened (self))
    return;
  choose_issue_file (self);
}

/* Issues into @path without asking (the confirmation is the action's). */
void
gb_paper_preview_issue (GbPaperPreview *self,
                        const char     *path)
{
  g_return_if_fail (GB_IS_PAPER_PREVIEW (self));
  g_return_if_fail (path != NULL);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  start_render (self, path);
}

static void
issue_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbPaperPreview *self = GB_PAPER_PREVIEW (widget);
  guint n = self->document ? gb_document_get_papers (self->document)->len : 0;
  g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Issue %u certificate?",
                                                           "Issue %u certificates?", n), n);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
    _("Each takes the next number of the register for this year, and the entry is kept for "
      "good: an issued number is never reused. Choose the file next: the numbers are taken only "
      "when the papers are written there."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "issue", _("_Issue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (issue_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Building --------------------------------------------------------------- */

static GtkWidget *
switch_row (const char  *title,
            gboolean     active,
            GtkWidget  **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  *out_switch = sw;
  return row;
}

static void
gb_paper_preview_dispose (GObject *object)
{
  GbPaperPreview *self = GB_PAPER_PREVIEW (object);

  self->closed = TRUE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  G_OBJECT_CLASS (gb_paper_preview_parent_class)->dispose (object);
}

static void
gb_paper_preview_finalize (GObject *object)
{
  GbPaperPreview *self = GB_PAPER_PREVIEW (object);

  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->template_ids, g_strfreev);
  g_clear_pointer (&self->document, gb_document_unref);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->paper);
  G_OBJECT_CLASS (gb_paper_preview_parent_class)->finalize (object);
}

static void
gb_paper_preview_class_init (GbPaperPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_paper_preview_dispose;
  object_class->finalize = gb_paper_preview_finalize;

  gtk_widget_class_install_action (widget_class, "preview.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "preview.issue", NULL, issue_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "preview.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "preview.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gb_paper_preview_init (GbPaperPreview *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export PDF…"));
  GtkWidget *print = gtk_button_new_from_icon_name ("printer-symbolic");
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *main_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  self->settings = g_settings_new (APP_ID);
  self->title = adw_window_title_new (_("Print Preview"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->title);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "preview.export");
  gtk_widget_set_tooltip_text (export, _("Save the PDF (Ctrl+S)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "preview.print");
  gb_widget_set_tip (print, _("Print (Ctrl+P)"));
  self->issue_button = gtk_button_new_with_mnemonic (_("_Issue…"));
  gtk_widget_set_name (self->issue_button, "issue");
  gtk_widget_add_css_class (self->issue_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->issue_button), "preview.issue");
  gtk_widget_set_tooltip_text (self->issue_button,
                               _("Number the papers and enter them in the register"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), export);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->issue_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  gtk_box_append (GTK_BOX (toolbar), header);

  /* Progress of a long batch, with a way out. */
  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_name (self->progress_box, "progress");
  gtk_widget_set_margin_start (self->progress_box, 12);
  gtk_widget_set_margin_end (self->progress_box, 12);
  gtk_widget_set_margin_top (self->progress_box, 6);
  gtk_widget_set_margin_bottom (self->progress_box, 6);
  self->progress_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->progress_label, "dim-label");
  gtk_widget_add_css_class (self->progress_label, "numeric");
  self->progress = gtk_progress_bar_new ();
  gtk_widget_set_hexpand (self->progress, TRUE);
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked), self);
  gtk_box_append (GTK_BOX (self->progress_box), self->progress_label);
  gtk_box_append (GTK_BOX (self->progress_box), self->progress);
  gtk_box_append (GTK_BOX (self->progress_box), cancel);
  gtk_box_append (GTK_BOX (main_box), self->progress_box);

  self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_name (self->banner, "banner");
  gtk_widget_add_css_class (self->banner, "card");
  gtk_widget_add_css_class (self->banner, "gb-warning");
  gtk_widget_set_margin_start (self->banner, 12);
  gtk_widget_set_margin_end (self->banner, 12);
  gtk_widget_set_margin_top (self->banner, 6);
  self->banner_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0);
  gtk_widget_set_margin_start (self->banner_label, 12);
  gtk_widget_set_margin_end (self->banner_label, 12);
  gtk_widget_set_margin_top (self->banner_label, 8);
  gtk_widget_set_margin_bottom (self->banner_label, 8);
  gtk_box_append (GTK_BOX (self->banner), self->banner_label);
  gtk_widget_set_visible (self->banner, FALSE);
  gtk_box_append (GTK_BOX (main_box), self->banner);

  self->view = gb_pdf_view_new ();
  gtk_widget_set_hexpand (self->view, TRUE);
  gtk_widget_set_vexpand (self->view, TRUE);
  gtk_box_append (GTK_BOX (main_box), self->view);

  /* Options beside the paper. */
  self->template_names = gtk_string_list_new (NULL);
  self->template_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->template_row), _("Template"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->template_row), G_LIST_MODEL (self->template_names));
  self->photo_row = switch_row (_("Photo"), g_settings_get_boolean (self->settings, "paper-photo"),
                                &self->photo_switch);
  self->qr_row = switch_row (_("QR code"), g_settings_get_boolean (self->settings, "paper-qr"), &self->qr_switch);
  g_settings_bind (self->settings, "paper-photo", self->photo_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "paper-qr", self->qr_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Options"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->template_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->photo_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->qr_row);
  gtk_box_append (GTK_BOX (side), group);
  {
    GtkWidget *hint = gtk_label_new (_("A draft changes nothing. Issue numbers the papers from the "
                                       "register; the font is set in Preferences."));

    self->draft_hint = hint;
    gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
    gtk_label_set_xalign (GTK_LABEL (hint), 0);
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_widget_add_css_class (hint, "caption");
    gtk_box_append (GTK_BOX (side), hint);
  }
  self->role_note = gtk_label_new (NULL);
  gtk_widget_set_name (self->role_note, "role-note");
  gtk_label_set_wrap (GTK_LABEL (self->role_note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->role_note), 0);
  gtk_widget_set_visible (self->role_note, FALSE);
  gtk_box_append (GTK_BOX (side), self->role_note);
  /* Its rows would share the width with the paper: the paper takes it. */
  gtk_widget_set_size_request (side, 300, -1);
  gtk_widget_set_hexpand (side, FALSE);
  gtk_widget_set_margin_start (side, 12);
  gtk_widget_set_margin_end (side, 12);
  gtk_widget_set_margin_top (side, 12);

  gtk_box_append (GTK_BOX (body), main_box);
  gtk_box_append (GTK_BOX (body), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (body), side);
  gtk_widget_set_vexpand (body, TRUE);
  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), body);
  gtk_box_append (GTK_BOX (toolbar), self->toasts);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 760);
}

static void
option_changed (GbPaperPreview *self)
{
  queue_refresh (self);
}

GbPaperPreview *
gb_paper_preview_new (GtkWindow    *parent,
                      GbDatabase   *database,
                      const char   *paper,
                      const gint64 *ids,
                      guint         n_ids)
{
  GbPaperPreview *self;
  const char *title;

  g_return_val_if_fail (GB_IS_DATABASE (database), NULL);
  g_return_val_if_fail (n_ids > 0, NULL);

  self = g_object_new (GB_TYPE_PAPER_PREVIEW, "modal", TRUE, "transient-for", parent, NULL);
  self->database = g_object_ref (database);
  self->paper = g_strdup (paper);
  self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (self->ids, ids, n_ids);

  self->template_ids = gb_template_list (paper);
  for (guint i = 0; self->template_ids[i]; i++)
    {
      g_autoptr(GbTemplate) t = gb_template_load (self->template_ids[i], NULL);

      gtk_string_list_append (self->template_names, t ? t->name : self->template_ids[i]);
    }
  for (guint i = 0; self->template_ids[i]; i++)
    if (g_str_equal (self->template_ids[i], paper))
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->template_row), i);

  title = g_str_equal (paper, "artisan") ? _("Artisan Certificates")
          : g_str_equal (paper, "award") ? _("Award Certificates")
          : g_str_equal (paper, "membership") ? _("Membership Certificates")
          : _("Member Cards");
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->title), title);
  gtk_widget_set_visible (self->issue_button, !g_str_equal (paper, "card"));
  /* Issue stays in its place, insensitive, and the line under the options
   * says why: staff look for the button where it always is. */
  if (!g_str_equal (paper, "card"))
    {
      g_autofree char *refusal = gb_database_dup_refusal (database, GB_DATABASE_TASK_ISSUE);

      gtk_label_set_text (GTK_LABEL (self->role_note), refusal ? refusal : "");
      gtk_widget_set_visible (self->role_note, refusal != NULL);
      if (refusal != NULL)
        gtk_widget_set_tooltip_text (self->issue_button, refusal);
    }

  g_signal_connect_swapped (self->template_row, "notify::selected", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->photo_switch, "notify::active",
                            G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->qr_switch, "notify::active",
                            G_CALLBACK (option_changed), self);
  start_render (self, NULL);
  return self;
}

GBytes *
gb_paper_preview_get_pdf (GbPaperPreview *self)
{
  return self->pdf;
}

gboolean
gb_paper_preview_get_busy (GbPaperPreview *self)
{
  return self->cancellable != NULL || self->refresh_id != 0
         || gb_pdf_view_get_busy (GB_PDF_VIEW (self->view));
}

/* The papers records of @table print (a contest its awards); the first is
 * the one Ctrl+P prints. NULL when there are none. */
const char *const *
gb_paper_preview_papers_for (const char *table,
                             gboolean    contest)
{
  static const char *const artisan[] = { "artisan", NULL };
  static const char *const member[] = { "membership", "card", NULL };
  static const char *const award[] = { "award", NULL };

  if (g_strcmp0 (table, "artisans") == 0)
    return artisan;
  if (g_strcmp0 (table, "members") == 0)
    return member;
  if (g_strcmp0 (table, "events") == 0 && contest)
    return award;
  return NULL;
}

/* A Print menu: one item per paper, activating @action with its name. */
GMenuModel *
gb_paper_preview_menu (const char *const *papers,
                       const char        *action,
                       gboolean           many)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; papers && papers[i]; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("%s::%s", action, papers[i]);
      const char *label;

      if (g_str_equal (papers[i], "artisan"))
        label = many ? _("Artisan _Certificates…") : _("Artisan _Certificate…");
      else if (g_str_equal (papers[i], "membership"))
        label = many ? _("Membership _Certificates…") : _("Membership _Certificate…");
      else if (g_str_equal (papers[i], "card"))
        label = many ? _("Member C_ards…") : _("Member C_ard…");
      else
        label = _("_Award Certificates…");
      g_menu_append (menu, label, detailed);
    }
  return G_MENU_MODEL (menu);
}
