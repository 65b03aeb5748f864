/* gb-certificates-page.c — the register of issued certificates
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists what was issued, by year and kind; checks a scanned QR code
 * against the register; voids an entry with a reason; prints the register
 * book; and starts papers for everyone at once.
 */
#define G_LOG_DOMAIN "gb-certificates-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "gb-artisan.h"
#include "gb-boxed-item.h"
#include "gb-certificates-page.h"
#include "gb-member.h"
#include "gb-paper-preview.h"
#include "gb-pdf-window.h"
#include "gb-register-book.h"
#include "gb-register.h"
#include "gb-store.h"
#include "gb-text.h"
#include "gb-widget-util.h"

struct _GbCertificatesPage
{
  AdwBin         parent_instance;

  GbDatabase    *database;
  GtkWidget     *toasts;
  GtkWidget     *year_dropdown;
  GtkWidget     *kind_dropdown;
  GtkStringList *years;
  GtkWidget     *stack;
  GtkWidget     *list;
  GListStore    *entries;    /* GbBoxedItem of GbRegisterEntry, newest first, as listed */
  GtkWidget     *count_label;
  GtkWidget     *verify_entry;
  GtkWidget     *verify_result;
  GtkWidget     *role_note;  /* why the role may not void, when it may not */
};

G_DEFINE_FINAL_TYPE (GbCertificatesPage, gb_certificates_page, ADW_TYPE_BIN)

static const char *const kinds[] = { NULL, "artisan", "award", "membership" };

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "artisan") == 0)
    return _("Artisan certificate");
  if (g_strcmp0 (kind, "award") == 0)
    return _("Award certificate");
  return _("Membership certificate");
}

static int
selected_year (GbCertificatesPage *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->year_dropdown));
  const char *text;

  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return 0;
  text = gtk_string_list_get_string (self->years, i);
  return text ? atoi (text) : 0;
}

static const char *
selected_kind (GbCertificatesPage *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));

  return i < G_N_ELEMENTS (kinds) ? kinds[i] : NULL;
}

static void void_entry (GbCertificatesPage *self, gint64 id, const char *number);

static void
void_clicked_cb (GtkButton          *button,
                 GbCertificatesPage *self)
{
  /* The entry of the button's own row, held while the dialog is made. */
  g_autoptr(GbBoxedItem) item = gb_list_box_get_item (GTK_LIST_BOX (self->list),
                                                      G_LIST_MODEL (self->entries),
                                                      GTK_WIDGET (button));
  GbRegisterEntry *e;

  if (item == NULL)
    return;
  e = gb_boxed_item_get (item);
  void_entry (self, e->id, e->number);
}

/* The number of the entry @id among those listed, or NULL. */
static const char *
listed_number (GbCertificatesPage *self,
               gint64              id)
{
  GListModel *entries = G_LIST_MODEL (self->entries);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(GbBoxedItem) item = g_list_model_get_item (entries, i);
      GbRegisterEntry *e = gb_boxed_item_get (item);

      if (e->id == id)
        return e->number;   /* the store holds the item */
    }
  return NULL;
}

static GtkWidget *
entry_row (gpointer item,
           gpointer data)
{
  GbCertificatesPage *self = data;
  GbRegisterEntry *e = gb_boxed_item_get (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s — %s", e->number, e->holder_name);   /* rows show no markup */
  g_autofree char *date = gb_text_format_date (e->issued_on);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  g_string_append_printf (subtitle, "%s · %s", date, kind_label (e->kind));
  if (e->reissue_of > 0)
    {
      const char *replaced = listed_number (self, e->reissue_of);

      g_string_append (subtitle, " · ");
      if (replaced)
        g_string_append_printf (subtitle, _("duplicate of %s"), replaced);
      else
        g_string_append (subtitle, _("duplicate"));
    }
  if (e->voided_on)
    {
      g_autofree char *voided = gb_text_format_date (e->voided_on);

      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("void since %s: %s"), voided, e->void_reason);
      gtk_widget_add_css_class (row, "dim-label");
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  /* A role that may not void sees no Void button; the note above says why. */
  if (e->voided_on == NULL && gb_database_may (self->database, GB_DATABASE_TASK_ISSUE))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Void…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Mark this certificate void; its number stays taken"));
      g_signal_connect (button, "clicked", G_CALLBACK (void_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static void
fill_years (GbCertificatesPage *self)
{
  g_autoptr(GPtrArray) all = gb_register_list (self->database, 0, NULL, NULL);
  int current = gb_text_current_year ();
  int selected = selected_year (self);
  guint position = 0;
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));

  g_array_append_val (years, current);
  for (guint i = 0; all && i < all->len; i++)
    {
      int y = ((GbRegisterEntry *) all->pdata[i])->year;
      gboolean seen = FALSE;

      for (guint j = 0; j < years->len; j++)
        seen |= g_array_index (years, int, j) == y;
      if (!seen)
        g_array_append_val (years, y);
    }
  g_array_sort (years, compare_ints);
  gtk_string_list_splice (self->years, 1, g_list_model_get_n_items (G_LIST_MODEL (self->years)) - 1, NULL);
  for (guint j = years->len; j > 0; j--)
    {
      int y = g_array_index (years, int, j - 1);
      g_autofree char *text = g_strdup_printf ("%d", y);

      gtk_string_list_append (self->years, text);
      if (y == (selected ? selected : current))
        position = years->len - j + 1;
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->year_dropdown), position);
}

void
gb_certificates_page_reload (GbCertificatesPage *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_remove_all (self->entries);
  if (self->database == NULL)
    return;

  entries = gb_register_list (self->database, selected_year (self), selected_kind (self), &error);
  if (entries == NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
      return;
    }
  /* Newest first: the entry staff look for is usually the last issued.
   * The items take the entries over; one change builds the rows. */
  items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = entries->len; i > 0; i--)
    g_ptr_array_add (items, gb_boxed_item_new (g_ptr_array_steal_index (entries, i - 1),
                                               (GDestroyNotify) gb_register_entry_free));
  g_list_store_splice (self->entries, 0, 0, items->pdata, items->len);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), items->len ? "list" : "empty");
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate",
                                                          "%u certificates", items->len),
                                             items->len);
    gtk_label_set_text (GTK_LABEL (self->count_label), text);
  }
}

guint
gb_certificates_page_get_n_rows (GbCertificatesPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->entries));
}

/* Voiding ---------------------------------------------------------------- */

typedef struct
{
  GbCertificatesPage *self;
  gint64              id;
  GtkWidget          *entry;
} VoidData;

static void
void_response (AdwMessageDialog *dialog,
               const char       *response,
               VoidData         *data)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "void"))
    {
      if (!gb_register_void (data->self->database, data->id, gb_text_today (),
                             gtk_editable_get_text (GTK_EDITABLE (data->entry)), &error))
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (data->self->toasts),
                                     adw_toast_new (error->message));
      gb_certificates_page_reload (data->self);
    }
  g_object_unref (data->self);
  g_free (data);
}

static void
void_entry (GbCertificatesPage *self,
            gint64              id,
            const char         *number)
{
  g_autofree char *heading = g_strdup_printf (_("Void certificate %s?"), number);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
    heading, _("The entry stays in the register, marked void with today's date and the reason; "
               "its number is never given again."));
  VoidData *data = g_new0 (VoidData, 1);

  data->self = g_object_ref (self);
  data->id = id;
  data->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (data->entry), _("Reason, e.g. printed with a wrong date"));
  gtk_entry_set_activates_default (GTK_ENTRY (data->entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), data->entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "void", _("_Void"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (void_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The register book ------------------------------------------------------ */

/* The flow goes on to the PDF window, which prints from it. */
typedef struct
{
  GbCertificatesPage *page;
  GbFlow             *flow;
} Book;

static void
book_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Book *book = user_data;
  g_autoptr(GbCertificatesPage) self = book->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = gb_flow_to_pdf_finish (result, &error);
  GbFlow *flow = book->flow;
  g_autofree char *name = NULL;

  g_free (book);
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (pdf == NULL)
    {
      gb_flow_free (flow);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
      return;
    }
  name = g_strdup_printf ("so-dang-ky-%s.pdf", gb_text_today ());
  gtk_window_present (GTK_WINDOW (gb_pdf_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                     _("Certificate Register"), name, flow, pdf)));
}

static void
book_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GbCertificatesPage *self = GB_CERTIFICATES_PAGE (widget);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *font = g_settings_get_string (settings, "document-font");
  g_autoptr(GError) error = NULL;
  GbFlow *flow;
  Book *book;

  if (self->database == NULL)
    return;
  flow = gb_register_book_new (self->database, selected_year (self), selected_kind (self), &error);
  if (flow == NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
      return;
    }
  gb_flow_set_font (flow, font);
  book = g_new0 (Book, 1);
  book->page = g_object_ref (self);
  book->flow = flow;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  gb_flow_to_pdf_async (flow, NULL, book_done, book);
}

/* Papers for everyone ---------------------------------------------------- */

static void
preview_closed_cb (GbCertificatesPage *self)
{
  if (self->database == NULL)
    return;
  fill_years (self);
  gb_certificates_page_reload (self);
}

static void
everyone_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  GbCertificatesPage *self = GB_CERTIFICATES_PAGE (widget);
  const char *paper = g_variant_get_string (param, NULL);
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GbPaperPreview *preview;

  if (self->database == NULL)
    return;
  store = gb_store_new (self->database, g_str_equal (paper, "artisan") ? GB_TYPE_ARTISAN : GB_TYPE_MEMBER);
  if (!g_str_equal (paper, "artisan"))
    gb_query_add_filter (query, "status", "active");
  ids = gb_store_query_ids (store, query, &error);
  if (ids == NULL || ids->len == 0)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                   adw_toast_new (error ? error->message : _("There is nobody to print for.")));
      return;
    }
  preview = gb_paper_preview_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->database, paper,
                                  (const gint64 *) ids->data, ids->len);
  g_signal_connect_swapped (preview, "destroy", G_CALLBACK (preview_closed_cb), self);
  gtk_window_present (GTK_WINDOW (preview));
}

/* Checking a paper ------------------------------------------------------ */

static void
show_verdict (GbCertificatesPage *self,
              const char         *text,
              const char         *style)
{
  static const char *const styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->verify_result, styles[i]);
  if (style)
    gtk_widget_add_css_class (self->verify_result, style);
  gtk_label_set_text (GTK_LABEL (self->verify_result), text ? text : "");
  gtk_widget_set_visible (self->verify_result, text != NULL);
}

/* A scanner types the code and presses Enter: the answer is shown in
 * words, and the code stays selected so that the next scan replaces it. */
static void
verify_activate_cb (GtkEntry           *entry,
                    GbCertificatesPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GbVerifyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *answer = NULL;

  if (self->database == NULL || *text == '\0')
    {
      show_verdict (self, NULL, NULL);
      return;
    }
  result = gb_register_verify (self->database, text, &error);
  if (result == NULL)
    {
      show_verdict (self, error->message, "error");
      return;
    }
  date = result->date ? gb_text_format_date (result->date) : g_strdup ("");
  switch (result->status)
    {
    case GB_VERIFY_VALID:
      if (result->card)
        /* Translators: a member number, a name, a date. */
        answer = g_strdup_printf (_("Valid: member card %s of %s, valid until %s."),
                                  result->number, result->holder, date);
      else
        /* Translators: a register number, a name, a date. */
        answer = g_strdup_printf (_("Valid: %s, issued to %s on %s."), result->number, result->holder, date);
      show_verdict (self, answer, "success");
      break;
    case GB_VERIFY_REVOKED:
      if (result->card)
        /* Translators: a member number, a name, then why the card no longer counts. */
        answer = g_strdup_printf (_("Revoked: member card %s of %s: %s"), result->number, result->holder,
                                  result->reason ? result->reason : "");
      else if (result->reason && *result->reason)
        /* Translators: a register number, a name, a date, then why it was revoked. */
        answer = g_strdup_printf (_("Revoked: %s, issued to %s on %s. Reason: %s"), result->number,
                                  result->holder, date, result->reason);
      else
        /* Translators: a register number, a name, a date. */
        answer = g_strdup_printf (_("Revoked: %s, issued to %s on %s."), result->number,
                                  result->holder, date);
      show_verdict (self, answer, "error");
      break;
    case GB_VERIFY_UNKNOWN:
    default:
      show_verdict (self, _("Unknown: the register holds no paper with this code. Scan it again; "
                            "if the answer is the same, the paper was not issued from this register."),
                    "warning");
      break;
    }
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

/* An answer next to a code it was not given for would mislead. */
static void
verify_changed_cb (GbCertificatesPage *self)
{
  show_verdict (self, NULL, NULL);
}

static GtkWidget *
verify_box (GbCertificatesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("C_heck a scanned paper"));

  self->verify_entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->verify_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->verify_entry),
                                  _("Scan the paper's QR code, or paste what it holds, and press Enter"));
  gtk_entry_set_input_hints (GTK_ENTRY (self->verify_entry),
                             GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->verify_entry);
  /* The label names the field (labelled-by); a name set here as well
   * would be read out twice. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verify_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The text of a paper's QR code; Enter looks it up in the register"),
                                  -1);
  g_signal_connect (self->verify_entry, "activate", G_CALLBACK (verify_activate_cb), self);
  g_signal_connect_swapped (self->verify_entry, "changed", G_CALLBACK (verify_changed_cb), self);

  self->verify_result = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->verify_result), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->verify_result), 0);
  gtk_label_set_selectable (GTK_LABEL (self->verify_result), TRUE);
  gtk_widget_set_visible (self->verify_result, FALSE);
  gtk_widget_add_css_class (self->verify_result, "heading");

  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), self->verify_entry);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), self->verify_result);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

/* Building --------------------------------------------------------------- */

static void
filter_changed_cb (GbCertificatesPage *self)
{
  gb_certificates_page_reload (self);
}

static void
gb_certificates_page_dispose (GObject *object)
{
  GbCertificatesPage *self = GB_CERTIFICATES_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->years);
  g_clear_object (&self->entries);
  G_OBJECT_CLASS (gb_certificates_page_parent_class)->dispose (object);
}

static void
gb_certificates_page_class_init (GbCertificatesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_certificates_page_dispose;
  gtk_widget_class_install_action (widget_class, "register.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "register.everyone", "s", everyone_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "register.book", NULL);
}

static void
gb_certificates_page_init (GbCertificatesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spacer = gtk_label_new (NULL);
  GtkWidget *book = gtk_button_new_with_mnemonic (_("Register _Book…"));
  GtkWidget *everyone = gtk_menu_button_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *bar = gtk_action_bar_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);

  self->years = gtk_string_list_new ((const char *const[]) { _("All years"), NULL });
  self->year_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->years)), NULL);
  gtk_widget_set_name (self->year_dropdown, "register-year");
  gtk_widget_set_tooltip_text (self->year_dropdown, _("Year"));
  gtk_string_list_append (kind_names, _("All kinds"));
  gtk_string_list_append (kind_names, _("Artisan certificates"));
  gtk_string_list_append (kind_names, _("Award certificates"));
  gtk_string_list_append (kind_names, _("Membership certificates"));
  self->kind_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kind_names)), NULL);
  gtk_widget_set_name (self->kind_dropdown, "register-kind");
  g_signal_connect_swapped (self->year_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (book), "register.book");
  gtk_widget_set_tooltip_text (book, _("The register in the administrative layout, to print or save (Ctrl+P)"));
  g_menu_append (menu, _("Certificates for _All Artisans…"), "register.everyone::artisan");
  g_menu_append (menu, _("_Membership Certificates for All Members…"), "register.everyone::membership");
  g_menu_append (menu, _("Cards for All _Members…"), "register.everyone::card");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (everyone), G_MENU_MODEL (menu));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (everyone), _("Print for Everyone"));
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_widget_set_margin_start (toolbar, 6);
  gtk_widget_set_margin_end (toolbar, 6);
  gtk_widget_set_margin_top (toolbar, 6);
  gtk_widget_set_margin_bottom (toolbar, 6);
  gtk_box_append (GTK_BOX (toolbar), self->year_dropdown);
  gtk_box_append (GTK_BOX (toolbar), self->kind_dropdown);
  gtk_box_append (GTK_BOX (toolbar), spacer);
  gtk_box_append (GTK_BOX (toolbar), everyone);
  gtk_box_append (GTK_BOX (toolbar), book);
  gtk_box_append (GTK_BOX (box), toolbar);
  gtk_box_append (GTK_BOX (box), verify_box (self));

  self->role_note = gtk_label_new (NULL);
  gtk_widget_set_name (self->role_note, "role-note");
  gtk_label_set_wrap (GTK_LABEL (self->role_note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->role_note), 0);
  gtk_widget_add_css_class (self->role_note, "dim-label");
  gtk_widget_set_margin_start (self->role_note, 12);
  gtk_widget_set_margin_end (self->role_note, 12);
  gtk_widget_set_margin_top (self->role_note, 6);
  gtk_widget_set_visible (self->role_note, FALSE);
  gtk_box_append (GTK_BOX (box), self->role_note);

  self->entries = g_list_store_new (GB_TYPE_BOXED_ITEM);
  self->list = gtk_list_box_new ();
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), G_LIST_MODEL (self->entries), entry_row, self,
                           NULL);
  gtk_widget_set_name (self->list, "register-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_margin_top (self->list, 12);
  gtk_widget_set_margin_bottom (self->list, 12);
  gtk_widget_set_margin_start (self->list, 12);
  gtk_widget_set_margin_end (self->list, 12);
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "application-certificate-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Certificates Issued"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
    _("Open an artisan, a member or a contest and press Print (Ctrl+P), or use Print for "
      "Everyone above. Papers issued from the preview are entered here with their numbers."));

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  gtk_box_append (GTK_BOX (box), self->stack);

  self->count_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->count_label, "dim-label");
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), self->count_label);
  gtk_box_append (GTK_BOX (box), bar);

  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), box);
  adw_bin_set_child (ADW_BIN (self), self->toasts);
  g_signal_connect (self, "map", G_CALLBACK (preview_closed_cb), NULL);
}

GbCertificatesPage *
gb_certificates_page_new (void)
{
  return g_object_new (GB_TYPE_CERTIFICATES_PAGE, NULL);
}

void
gb_certificates_page_set_database (GbCertificatesPage *self,
                                   GbDatabase         *database)
{
  g_autofree char *refusal = NULL;

  g_return_if_fail (GB_IS_CERTIFICATES_PAGE (self));

  g_set_object (&self->database, database);
  refusal = database ? gb_database_dup_refusal (database, GB_DATABASE_TASK_ISSUE) : NULL;
  gtk_label_set_text (GTK_LABEL (self->role_note), refusal ? refusal : "");
  gtk_widget_set_visible (self->role_note, refusal != NULL);
  if (database != NULL)
    fill_years (self);
  gb_certificates_page_reload (self);
}
