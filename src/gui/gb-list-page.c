/* gb-list-page.c — a searchable, sortable list of one kind of record
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page type serves Members, Artisans and Events: each is a table of
 * columns and filters below. Search, filters and sorting are all turned into
 * one GbQuery and answered by the store off the main thread.
 *
 * This file holds the page's state, selection, form and actions; the
 * page kinds, query and filter menus, the columns, and export and import
 * are beside it (see gb-list-page-private.h).
 */
#define G_LOG_DOMAIN "gb-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-artisan.h"
#include "gb-event.h"
#include "gb-id-selection.h"
#include "gb-list-page.h"
#include "gb-list-page-private.h"
#include "gb-paper-preview.h"
#include "gb-member.h"
#include "gb-record-form.h"
#include "gb-registry.h"
#include "gb-text.h"
#include "gb-window.h"
#include "gb-widget-util.h"

G_DEFINE_FINAL_TYPE (GbListPage, gb_list_page, ADW_TYPE_BIN)

static void ensure_loaded (GbListPage *self);

void
gb_list_page_requery (GbListPage *self)
{
  g_autoptr(GbQuery) query = NULL;

  if (self->list == NULL)
    return;
  query = gb_list_page_build_query (self);
  gb_record_list_set_query (self->list, query);
  /* The rows are kept in place: a new search or sort starts at the top. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), 0);
}

static gboolean
is_filtered (GbListPage *self)
{
  const GbQuery *query = gb_record_list_get_query (self->list);
  g_auto(GStrv) words = gb_text_fold_words (gb_query_get_search (query));

  return words[0] != NULL || gb_query_get_n_filters (query) > 0;
}

/* Whether no member, artisan or event is stored, live or in the bin. */
static gboolean
register_is_empty (GbListPage *self)
{
  GType types[] = { gb_member_get_type (), gb_artisan_get_type (), gb_event_get_type () };
  GbDatabase *db = gb_store_get_database (self->store);
  g_autoptr(GbQuery) all = gb_query_new ();

  gb_query_set_deleted (all, GB_DELETED_ALL);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GbStore) store = gb_store_new (db, types[i]);

      if (gb_store_count (store, all, NULL) != 0)
        return FALSE;
    }
  return TRUE;
}

/* A record just saved is selected and scrolled to once the list holds
 * it, as Contacts does, so that staff see where it went. The list's new
 * rows are in place when it notifies n-items. */
static void
reveal_saved (GbRecordList *list,
              GParamSpec   *pspec,
              GbListPage   *self)
{
  int position;

  if (self->reveal_id <= 0 || self->list == NULL || gb_record_list_is_loading (self->list))
    return;
  position = gb_record_list_find (self->list, self->reveal_id);
  self->reveal_id = 0;
  if (position < 0)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  /* GTK 4.8: the column view's own list view has the action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", (guint) position);
}

static void
update_state (GbListPage *self)
{
  guint n = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  gint64 total = self->list ? gb_record_list_get_total (self->list) : 0;
  g_autofree char *shown = gb_text_format_thousands (n);
  g_autofree char *all = gb_text_format_thousands (total);
  g_autofree char *count = NULL;
  gboolean bin = gtk_toggle_button_get_active (self->bin_button);

  if (self->list == NULL || (gb_record_list_is_loading (self->list) && n == 0))
    return;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (is_filtered (self))
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");

  /* Translators: "12 of 120 shown" */
  count = g_strdup_printf (_("%s of %s shown"), shown, all);
  gtk_label_set_text (self->count_label, count);

  gtk_widget_set_visible (self->empty_actions, !bin && self->may_edit);
  if (bin)
    {
      adw_status_page_set_icon_name (self->empty_page, "user-trash-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Bin Is Empty"));
      adw_status_page_set_description (self->empty_page,
                                       _("Deleted records are kept here and can be restored."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, self->spec->empty_icon);
      adw_status_page_set_title (self->empty_page, _(self->spec->empty_title));
      adw_status_page_set_description (self->empty_page, _(self->spec->empty_description));
      gtk_button_set_label (self->empty_new_button, _(self->spec->new_label));
      /* The demo fills only an empty register: offered while nothing at all is in it. */
      if (n == 0 && total == 0)
        gtk_widget_set_visible (self->empty_demo_button, register_is_empty (self));
    }
}

/* The papers a selection of this page prints; the first is Ctrl+P's. */
static const char *const *
page_papers (GbListPage *self)
{
  /* Contests print from their own form, where their awards are. */
  return self->store ? gb_paper_preview_papers_for (gb_store_get_entity (self->store)->table, FALSE)
                     : NULL;
}

static void
update_print_menu (GbListPage *self)
{
  const char *const *papers = page_papers (self);
  g_autoptr(GMenuModel) menu = gb_paper_preview_menu (papers, "list.print-selected", TRUE);

  gtk_menu_button_set_menu_model (self->print_button, menu);
  gtk_widget_set_visible (GTK_WIDGET (self->print_button), papers != NULL);
}

static void
update_selection (GbListPage *self)
{
  guint64 n = self->selection ? gb_id_selection_get_n_selected (self->selection) : 0;
  gboolean bin = gtk_toggle_button_get_active (self->bin_button);

  gtk_button_set_label (self->delete_button, bin ? _("_Restore") : _("_Delete"));
  gtk_button_set_use_underline (self->delete_button, TRUE);
  if (bin)
    gtk_widget_remove_css_class (GTK_WIDGET (self->delete_button), "destructive-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->delete_button), "destructive-action");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete-selected", n > 0 && self->may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.print-selected",
                                 n > 0 && !bin && page_papers (self) != NULL);

  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected",
                                                            "%u selected", (gulong) n), (guint) n);
      gtk_label_set_text (self->selection_label, text);
    }
  else
    gtk_label_set_text (self->selection_label, "");
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      GbListPage        *self)
{
  update_selection (self);
}

static void
search_changed_cb (GbListPage *self)
{
  /* The entry also says so when nothing changed (as the window opens):
   * at 100,000 records a second load of the same rows is a visible pause. */
  if (self->list != NULL
      && g_strcmp0 (gb_query_get_search (gb_record_list_get_query (self->list)),
                    gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) == 0)
    return;
  gb_list_page_requery (self);
}

static void
stop_search_cb (GbListPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
bin_toggled_cb (GbListPage *self)
{
  gtk_widget_set_visible (self->bin_bar, gtk_toggle_button_get_active (self->bin_button));
  gb_id_selection_clear (self->selection);
  gb_list_page_requery (self);
  update_selection (self);
}

static void
empty_bin_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       GbListPage       *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint kept = 0;
  gint64 removed;

  if (!g_str_equal (response, "empty") || self->store == NULL)
    return;
  removed = gb_store_empty_bin (self->store, &kept, &error);
  if (removed < 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u record for good",
                                          "Removed %u records for good", (gulong) removed), (guint) removed);
  if (kept > 0)
    {
      g_autofree char *stays = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u record stays in the bin: the register of certificates names it.",
                                                             "%u records stay in the bin: the register of certificates names them.",
                                                             kept), kept);
      g_autofree char *both = g_strconcat (message, ". ", stays, NULL);

      g_free (message);
      message = g_steal_pointer (&both);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  gb_id_selection_clear (self->selection);
}

/* Removing for good cannot be undone: staff are asked first, told how many. */
static void
empty_bin_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  g_autoptr(GbQuery) bin = gb_query_new ();
  GtkWidget *dialog;
  gint64 n;

  if (self->store == NULL)
    return;
  /* Counted now, not the list's total: that may still be the live
   * records' while the bin is being read. */
  gb_query_set_deleted (bin, GB_DELETED_ONLY);
  n = gb_store_count (self->store, bin, NULL);
  if (n <= 0)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Empty the Bin?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The %u record in the bin is removed for good; this cannot be "
                                               "undone. Its values stay in the activity log.",
                                               "The %u records in the bin are removed for good; this cannot be "
                                               "undone. Their values stay in the activity log.", (gulong) n),
                                  (guint) n);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "empty", _("_Empty Bin"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "empty", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (empty_bin_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_form (GbListPage *self,
           gboolean    visible)
{
  gtk_widget_set_visible (self->form_pane, visible);
  gtk_widget_set_visible (self->form_separator, visible);
  adw_leaflet_set_visible_child (self->leaflet,
                                 visible ? self->form_pane : self->list_pane);
}

#define PENDING_NONE  (-1)
#define PENDING_NEW   0
#define PENDING_CLOSE (-2)

static void
run_pending (GbListPage *self)
{
  gint64 target = self->pending_id;
  g_autoptr(GError) error = NULL;

  self->pending_id = PENDING_NONE;
  if (target == PENDING_CLOSE)
    show_form (self, FALSE);
  else if (target == PENDING_NEW)
    {
      gb_record_form_open_new (self->form);
      show_form (self, TRUE);
    }
  else if (target > 0)
    {
      if (gb_record_form_open (self->form, target, &error))
        show_form (self, TRUE);
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
}

static void
unsaved_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GbListPage       *self)
{
  if (g_str_equal (response, "save") && !gb_record_form_save (self->form))
    {
      /* Refused: stay on the form, whose row now says why. */
      self->pending_id = PENDING_NONE;
      return;
    }
  if (g_str_equal (response, "cancel"))
    {
      self->pending_id = PENDING_NONE;
      return;
    }
  if (g_str_equal (response, "discard"))
    gb_record_form_discard (self->form);
  run_pending (self);
}

/* Goes to @target (an id, PENDING_NEW or PENDING_CLOSE), asking first
 * when the open form has changes that are not saved. */
static void
navigate_form (GbListPage *self,
               gint64      target)
{
  GtkWidget *dialog;

  if (self->form == NULL)
    return;
  self->pending_id = target;
  if (!gb_record_form_is_dirty (self->form))
    {
      run_pending (self);
      return;
    }

  dialog = gb_save_changes_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       gb_record_form_get_title (self->form));
  gtk_widget_set_name (dialog, "unsaved-dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_activated_cb (GbListPage *self,
                  guint       position)
{
  gint64 id = gb_record_list_get_id (self->list, position);

  if (id > 0 && id != gb_record_form_get_id (self->form))
    navigate_form (self, id);
  else if (id > 0)
    show_form (self, TRUE);
}

/* Enter in the search field opens the first record found. */
static void
search_activate_cb (GbListPage *self)
{
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    row_activated_cb (self, 0);
}

static void
form_closed_cb (GbRecordForm *form,
                GbListPage   *self)
{
  navigate_form (self, PENDING_CLOSE);
}

static void
form_open_record_cb (GbRecordForm *form,
                     gint64        id,
                     GbListPage   *self)
{
  navigate_form (self, id);
}

static void
form_saved_cb (GbRecordForm *form,
               gint64        id,
               GbListPage   *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Saved")));
  self->reveal_id = id;   /* selected when the list has read it again */
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  navigate_form (GB_LIST_PAGE (widget), PENDING_NEW);
}

static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   GbListPage      *self)
{
  gb_list_page_requery (self);
}

static GArray *
selected_ids (GbListPage *self)
{
  return gb_id_selection_get_ids (self->selection);
}

/* Deletes (to the bin) or restores @ids as one transaction. */
static gboolean
apply_to_ids (GbListPage  *self,
              GArray      *ids,
              gboolean     restore,
              GError     **error)
{
  GbDatabase *db = gb_store_get_database (self->store);

  if (!gb_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean ok = restore ? gb_store_restore (self->store, id, error)
                            : gb_store_delete (self->store, id, error);
      if (!ok)
        {
          gb_database_rollback (db);
          return FALSE;
        }
    }
  return gb_database_commit (db, error);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  g_autoptr(GArray) ids = g_steal_pointer (&self->last_deleted);
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (widget, "list.undo", FALSE);
  if (ids == NULL || self->store == NULL)
    return;
  if (!apply_to_ids (self, ids, TRUE, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
print_selected_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  const char *const *papers = page_papers (self);
  const char *paper = parameter ? g_variant_get_string (parameter, NULL) : "";
  g_autoptr(GArray) ids = NULL;

  if (papers == NULL)
    return;
  ids = selected_ids (self);
  if (ids->len == 0)
    return;
  gtk_window_present (GTK_WINDOW (gb_paper_preview_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                        gb_store_get_database (self->store),
                                                        *paper ? paper : papers[0],
                                                        (const gint64 *) ids->data, ids->len)));
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(GError) error = NULL;
  gboolean restore = gtk_toggle_button_get_active (self->bin_button);
  g_autoptr(GbRecord) one = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (ids->len == 0)
    return;
  if (ids->len == 1)
    one = gb_store_get (self->store, g_array_index (ids, gint64, 0), NULL);
  if (!apply_to_ids (self, ids, restore, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  gb_id_selection_clear (self->selection);

  if (restore)
    {
      title = g_strdup_printf (_("Records restored: %u"), ids->len);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
      return;
    }

  /* The form of a record in the bin is not left open to be edited. */
  for (guint i = 0; self->form != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == gb_record_form_get_id (self->form))
      {
        gb_record_form_discard (self->form);
        show_form (self, FALSE);
        break;
      }

  /* One record is named, so that staff see which one went. */
  if (one != NULL && gb_record_get_name (one) != NULL)
    title = g_strdup_printf (_("Moved %s to the bin"), gb_record_get_name (one));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Moved %u record to the bin",
                                          "Moved %u records to the bin", ids->len), ids->len);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "list.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_clear_pointer (&self->last_deleted, g_array_unref);
  self->last_deleted = g_array_ref (ids);
  gtk_widget_action_set_enabled (widget, "list.undo", TRUE);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gb_list_page_focus_search (GB_LIST_PAGE (widget));
}

void
gb_list_page_focus_search (GbListPage *self)
{
  g_return_if_fail (GB_IS_LIST_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Shows what another connection wrote: the rows and the filter menus. */
void
gb_list_page_reload (GbListPage *self)
{
  g_return_if_fail (GB_IS_LIST_PAGE (self));

  if (self->list == NULL)
    return;
  gb_record_list_reload (self->list);
  gb_list_page_refill_filters (self);
}

static void
list_changed_cb (GbRecordList *list,
                 GParamSpec   *pspec,
                 GbListPage   *self)
{
  update_state (self);
}

/* What the role may not do is not offered: the banner above the page
 * says why (gb-database-banner.c). */
static void
apply_role (GbListPage *self)
{
  static const char *const writes[] = { "list.new", "list.empty-bin", "list.import", "list.undo-import" };

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writes[i], self->may_edit);
  update_selection (self);
}

void
gb_list_page_set_database (GbListPage *self,
                           GbDatabase *database)
{
  g_return_if_fail (GB_IS_LIST_PAGE (self));

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_handle_id (&self->refill_source, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_column_view_set_model (self->column_view, NULL);
  adw_bin_set_child (ADW_BIN (self->form_pane), NULL);
  self->form = NULL;
  gtk_widget_set_visible (self->form_pane, FALSE);
  gtk_widget_set_visible (self->form_separator, FALSE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_pointer (&self->last_deleted, g_array_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.undo", FALSE);

  self->may_edit = database == NULL || gb_database_may (database, GB_DATABASE_TASK_EDIT);
  apply_role (self);
  if (database == NULL)
    return;

  self->store = gb_store_new (database, self->spec->get_type ());
  gb_list_page_reset_filters (self);
  /* A page not on screen reads its rows when it is first shown (or asked
   * for them): the window opens on one page, not three lists of 100,000. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_loaded (self);
}

/* The list, its selection and the form, for the store set last. */
static void
ensure_loaded (GbListPage *self)
{
  if (self->store == NULL || self->list != NULL)
    return;
  {
    /* Created with the page's query: one first load, not two. */
    g_autoptr(GbQuery) query = gb_list_page_build_query (self);
    self->list = gb_record_list_new_for_query (self->store, query);
  }
  gb_record_list_set_rows_in_place (self->list, TRUE);
  self->form = gb_record_form_new (self->store);
  g_signal_connect (self->form, "closed", G_CALLBACK (form_closed_cb), self);
  g_signal_connect (self->form, "saved", G_CALLBACK (form_saved_cb), self);
  g_signal_connect (self->form, "open-record", G_CALLBACK (form_open_record_cb), self);
  adw_bin_set_child (ADW_BIN (self->form_pane), GTK_WIDGET (self->form));
  self->selection = gb_id_selection_new (self->list);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->list, "notify::n-items", G_CALLBACK (list_changed_cb), self);
  g_signal_connect (self->list, "notify::loading", G_CALLBACK (list_changed_cb), self);
  g_signal_connect (self->list, "notify::n-items", G_CALLBACK (reveal_saved), self);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  update_print_menu (self);
  update_selection (self);
  gb_list_page_fill_distinct_filters (self);
}

GbRecordList *
gb_list_page_get_list (GbListPage *self)
{
  g_return_val_if_fail (GB_IS_LIST_PAGE (self), NULL);
  ensure_loaded (self);
  return self->list;
}

GbRecordForm *
gb_list_page_get_form (GbListPage *self)
{
  g_return_val_if_fail (GB_IS_LIST_PAGE (self), NULL);
  ensure_loaded (self);
  return self->form;
}

/* Whether the form holds changes not saved (a page never shown has none). */
gboolean
gb_list_page_has_unsaved (GbListPage *self)
{
  g_return_val_if_fail (GB_IS_LIST_PAGE (self), FALSE);
  return self->form != NULL && gb_record_form_is_dirty (self->form);
}

static void
gb_list_page_map (GtkWidget *widget)
{
  ensure_loaded (GB_LIST_PAGE (widget));
  GTK_WIDGET_CLASS (gb_list_page_parent_class)->map (widget);
}

GtkColumnView *
gb_list_page_get_column_view (GbListPage *self)
{
  g_return_val_if_fail (GB_IS_LIST_PAGE (self), NULL);
  return self->column_view;
}

static void
gb_list_page_dispose (GObject *object)
{
  GbListPage *self = GB_LIST_PAGE (object);

  gb_list_page_set_database (self, NULL);
  g_clear_pointer (&self->filter_dropdowns, g_ptr_array_unref);

  /* No gtk_widget_dispose_template(): the template's root is the AdwBin's
   * child, which AdwBin unparents itself; disposing it here first leaves
   * AdwBin a dangling child (a critical on 4.8). */
  G_OBJECT_CLASS (gb_list_page_parent_class)->dispose (object);
}

/* The cells' column data and the set of cells on screen outlive the
 * column view, which is torn down in dispose. */
static void
gb_list_page_finalize (GObject *object)
{
  GbListPage *self = GB_LIST_PAGE (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->match_search, g_free);
  g_clear_pointer (&self->match_words, g_strfreev);

  G_OBJECT_CLASS (gb_list_page_parent_class)->finalize (object);
}

static void
gb_list_page_class_init (GbListPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_list_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = gb_list_page_finalize;
  widget_class->map = gb_list_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guildbook/Guildbook/gb-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbListPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, form_pane);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, form_separator);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, bin_button);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, empty_actions);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, empty_demo_button);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, GbListPage, bin_bar);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, bin_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "list.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "list.empty-bin", NULL, empty_bin_action);
  gtk_widget_class_install_action (widget_class, "list.print-selected", "s", print_selected_action);
  gtk_widget_class_install_action (widget_class, "list.export", "s", gb_list_page_export_action);
  gtk_widget_class_install_action (widget_class, "list.import", NULL, gb_list_page_import_action);
  gtk_widget_class_install_action (widget_class, "list.undo-import", NULL,
                                   gb_list_page_undo_import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "list.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "list.print-selected", "s", "");
  gtk_widget_class_install_action (widget_class, "list.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "list.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "list.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "list.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "list.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "list.focus-search", NULL);
}

static void
gb_list_page_init (GbListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter_dropdowns = g_ptr_array_new ();
  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->pending_id = PENDING_NONE;
  self->may_edit = TRUE;
}

GbListPage *
gb_list_page_new (const char *kind)
{
  GbListPage *self = g_object_new (GB_TYPE_LIST_PAGE, NULL);

  self->spec = gb_list_page_spec_for (kind);
  g_return_val_if_fail (self->spec != NULL, self);

  g_object_set (self->search_entry, "placeholder-text", _(self->spec->search_hint), NULL);
  gb_list_page_add_columns (self);
  gb_list_page_add_filters (self);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (sorter_changed_cb), self);
  update_selection (self);
  return self;
}
