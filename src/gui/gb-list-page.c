/* gb-list-page.c — a searchable, sortable list of one kind of record
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page type serves Members, Artisans and Events: each is a table of
 * columns and filters below. Search, filters and sorting are all turned into
 * one GbQuery and answered by the store off the main thread.
 */
#define G_LOG_DOMAIN "gb-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-column-sorter.h"
#include "gb-event.h"
#include "gb-id-selection.h"
#include "gb-list-row.h"
#include "gb-import-window.h"
#include "gb-export.h"
#include "gb-list-page.h"
#include "gb-paper-preview.h"
#include "gb-member.h"
#include "gb-record-form.h"
#include "gb-registry.h"
#include "gb-text.h"
#include "gb-window.h"
#include "gb-widget-util.h"

typedef enum
{
  VALUES_CHOICES,                /* a fixed list: codes are the values */
  VALUES_CRAFTS,                 /* the crafts in the store, by id */
  VALUES_DISTINCT,               /* what the records hold in `field` */
  VALUES_THIS_YEAR,              /* one entry whose value is the current year */
} ValuesFrom;

typedef struct
{
  const char     *name;          /* the store filter */
  const char     *all_label;     /* N_(): the "no filter" entry */
  ValuesFrom      from;
  const GbChoice *choices;
  const char     *field;         /* VALUES_DISTINCT */
  guint           prefix;        /* VALUES_DISTINCT: 4 keeps a date's year */
  const char     *one_label;     /* N_(): VALUES_THIS_YEAR */
} FilterSpec;

static const GbChoice revoked_choices[] = {
  { "0", N_("No revoked title") },
  { "1", N_("A title revoked") },
  { NULL, NULL }
};

typedef struct
{
  const char        *kind;
  GType            (*get_type) (void);
  const char *const  columns[8];
  const char        *expand_column;
  FilterSpec         filters[5];
  const char        *search_hint;       /* N_() */
  const char        *empty_icon;
  const char        *empty_title;       /* N_() */
  const char        *empty_description; /* N_() */
  const char        *new_label;         /* N_(): the empty page's first button */
  const char        *default_sort;      /* a column sorted newest first, or NULL: by name */
} PageSpec;

static const PageSpec specs[] = {
  {
    "members", gb_member_get_type,
    { "member_no", "name", "kind", "craft_name", "commune", "status", "joined_date", NULL },
    "name",
    { { "kind", N_("All kinds"), VALUES_CHOICES, gb_member_kinds },
      { "status", N_("Any status"), VALUES_CHOICES, gb_member_statuses },
      { "craft", N_("All crafts"), VALUES_CRAFTS },
      { "commune", N_("All communes and wards"), VALUES_DISTINCT, NULL, "commune" },
      { "dues_unpaid", N_("Dues: any"), VALUES_THIS_YEAR, NULL, NULL, 0, N_("Dues unpaid this year") } },
    N_("Search members by name, number, craft, commune, phone…"),
    "system-users-symbolic", N_("No Members Yet"),
    N_("Add the association’s first member, or bring the members in from a spreadsheet."),
    N_("_Add a Member"),
  },
  {
    "artisans", gb_artisan_get_type,
    { "name", "birth_year", "craft_name", "village", "highest_title", "decision_no", NULL },
    "name",
    { { "title", N_("Any title"), VALUES_CHOICES, gb_title_kinds },
      { "craft", N_("All crafts"), VALUES_CRAFTS },
      { "village", N_("All villages"), VALUES_DISTINCT, NULL, "village" },
      { "revoked", N_("Valid or revoked"), VALUES_CHOICES, revoked_choices } },
    N_("Search artisans by name, craft, village, phone…"),
    "starred-symbolic", N_("No Artisans Yet"),
    N_("Add the first recognized artisan, or bring the artisans in from a spreadsheet."),
    N_("_Add an Artisan"),
  },
  {
    "events", gb_event_get_type,
    { "start_date", "kind", "title", "place", "participant_count", NULL },
    "title",
    { { "kind", N_("All kinds"), VALUES_CHOICES, gb_event_kinds },
      { "year", N_("All years"), VALUES_DISTINCT, NULL, "start_date", 4 } },
    N_("Search events by title, place or partner…"),
    "x-office-calendar-symbolic", N_("No Events Yet"),
    N_("Contests, conferences, visits and drives appear here once they are recorded."),
    N_("_Add an Event"),
    "start_date",
  },
};

struct _GbListPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkWidget          *form_pane;
  GtkWidget          *form_separator;
  GbRecordForm       *form;
  gint64              pending_id;     /* what to open once a changed form is settled */
  GtkSearchEntry     *search_entry;
  GtkFlowBox         *filter_box;
  GtkToggleButton    *bin_button;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_actions;
  GtkWidget          *clear_filters;  /* shown while any filter is set */
  GtkButton          *empty_new_button;
  GtkWidget          *empty_demo_button;
  gint64              reveal_id;      /* a record just saved, to select once listed */
  GtkLabel           *count_label;
  GtkLabel           *selection_label;
  GtkMenuButton      *print_button;
  GtkButton          *delete_button;
  GtkWidget          *bin_bar;

  const PageSpec     *spec;
  GPtrArray          *filter_dropdowns;
  GbStore            *store;
  GbRecordList       *list;
  GbIdSelection      *selection;
  GArray             *last_deleted;   /* for Undo (Ctrl+Z) */
  guint               n_filling;      /* filter menus being filled */
  guint               refill_source;  /* filter menus refilled after edits */
  GPtrArray          *columns;        /* Column, one per column */
  char               *match_search;   /* the search match_words were folded from */
  char              **match_words;
};

G_DEFINE_FINAL_TYPE (GbListPage, gb_list_page, ADW_TYPE_BIN)

static void ensure_loaded (GbListPage *self);

static const GbEntity *
entity (GbListPage *self)
{
  g_autoptr(GbRecordClass) klass = g_type_class_ref (self->spec->get_type ());
  return klass->entity;
}

static GbQuery *
build_query (GbListPage *self)
{
  GbQuery *query = gb_query_new ();
  const char *field = NULL;
  gboolean descending = FALSE;

  gb_query_set_search (query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);
      const FilterSpec *filter = &self->spec->filters[i];
      guint selected = gtk_drop_down_get_selected (dropdown);

      GStrv values = g_object_get_data (G_OBJECT (dropdown), "values");

      if (selected > 0 && selected != GTK_INVALID_LIST_POSITION
          && values != NULL && selected <= g_strv_length (values))
        gb_query_add_filter (query, filter->name, values[selected - 1]);
    }
  if (gb_column_view_get_sort (self->column_view, &field, &descending))
    gb_query_set_sort (query, field, descending);
  gb_query_set_deleted (query, gtk_toggle_button_get_active (self->bin_button)
                               ? GB_DELETED_ONLY : GB_DELETED_HIDE);
  return query;
}

static void
requery (GbListPage *self)
{
  g_autoptr(GbQuery) query = NULL;

  if (self->list == NULL)
    return;
  query = build_query (self);
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

  gtk_widget_set_visible (self->empty_actions, !bin);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete-selected", n > 0);
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
  requery (self);
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
  requery (self);
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

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has changes that are not saved."),
                                  gb_record_form_get_title (self->form));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
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
  requery (self);
}

static void
filter_changed_cb (GtkDropDown *dropdown,
                   GParamSpec  *pspec,
                   GbListPage  *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      guint selected = gtk_drop_down_get_selected (g_ptr_array_index (self->filter_dropdowns, i));

      any |= selected > 0 && selected != GTK_INVALID_LIST_POSITION;
    }
  gtk_widget_set_visible (self->clear_filters, any);
  requery (self);
}

static void
clear_filters_cb (GbListPage *self)
{
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    gtk_drop_down_set_selected (g_ptr_array_index (self->filter_dropdowns, i), 0);
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

/* Export ------------------------------------------------------------------ */

typedef struct
{
  char           *db_path;
  GType           type;
  GbQuery        *query;
  GArray         *ids;       /* the selection, or NULL for the whole list */
  GbExportFormat  format;
  char           *path;
  guint           rows;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  gb_query_free (job->query);
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job->path);
  g_free (job);
}

static void
export_run (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;
  /* A connection of this thread's own: the window stays free meanwhile. */
  g_autoptr(GbDatabase) db = gb_database_open (job->db_path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) store = db ? gb_store_new (db, job->type) : NULL;

  if (store == NULL
      || !gb_export (store, job->query, job->ids, job->format, job->path, cancellable, &job->rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GbListPage) self = user_data;
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (job->path);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record saved in %s",
                                              "%u records saved in %s", job->rows), job->rows, name);
    }
  else
    message = g_strdup (error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static ExportJob *
export_job_new (GbListPage     *self,
                GbExportFormat  format)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->db_path = g_strdup (gb_database_get_path (gb_store_get_database (self->store)));
  job->type = gb_store_get_record_type (self->store);
  job->query = build_query (self);
  job->format = format;
  if (self->selection && gb_id_selection_get_n_selected (self->selection) > 0)
    job->ids = selected_ids (self);
  return job;
}

static void
start_export (GbListPage *self,
              ExportJob  *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, export_done, g_object_ref (self));

  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_run);
}

/* The selected records, or the list as shown, to @path (on a worker thread;
 * a toast says when it is done). */
void
gb_list_page_export (GbListPage     *self,
                     const char     *path,
                     GbExportFormat  format)
{
  ExportJob *job;

  g_return_if_fail (GB_IS_LIST_PAGE (self));
  if (self->store == NULL)
    return;
  job = export_job_new (self, format);
  job->path = g_strdup (path);
  start_export (self, job);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 ExportJob       *job)
{
  GbListPage *self = g_object_get_data (G_OBJECT (dialog), "page");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      job->path = g_file_get_path (file);
      if (job->path != NULL)
        {
          start_export (self, job);
          job = NULL;
        }
    }
  if (job != NULL)
    export_job_free (job);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GbListPage *self = GB_LIST_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  ExportJob *job;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;
  job = export_job_new (self, g_str_equal (format, "xlsx") ? GB_EXPORT_XLSX : GB_EXPORT_CSV);

  dialog = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, job->format == GB_EXPORT_XLSX ? _("Spreadsheets (XLSX)") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, format);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  name = g_strdup_printf ("%s-%s.%s", gb_store_get_entity (self->store)->table, gb_text_today (), format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "page", self);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), job);
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

typedef struct
{
  char   *db_path;
  gint64  import_id;
  guint   removed;
} UndoJob;

static void
undo_job_free (UndoJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
undo_import_run (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  UndoJob *job = data;
  GError *error = NULL;
  /* Its own connection: a large import comes out without freezing the window. */
  g_autoptr(GbDatabase) db = gb_database_open (job->db_path, GB_DATABASE_OPEN_EXISTING, &error);

  if (db == NULL || !gb_import_undo (db, job->import_id, &job->removed, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
undo_import_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GbListPage) self = user_data;
  UndoJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import undone: %u record removed",
                                            "Import undone: %u records removed", job->removed), job->removed);
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
  g_autoptr(GTask) task = NULL;
  UndoJob *job;

  if (!g_str_equal (response, "undo") || self->store == NULL)
    return;
  job = g_new0 (UndoJob, 1);
  job->db_path = g_strdup (gb_database_get_path (gb_store_get_database (self->store)));
  job->import_id = id;
  task = g_task_new (NULL, NULL, undo_import_done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) undo_job_free);
  g_task_run_in_thread (task, undo_import_run);
}

/* Asks, then takes back the last import: the file, when, how many. */
static void
undo_import_action (GtkWidget  *widget,
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

static void
import_action (GtkWidget  *widget,
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

typedef struct
{
  GbListPage    *page;
  const GbField *field;
} Column;

static GQuark column_quark;
static GQuark tooltip_quark;   /* a cell's full text, when it shows a short form */

/* How many characters a column's cells ask for: a column of choices, dates
 * or numbers shows its longest value whole; the name column takes the
 * room that is left and is the only one that gives way first. */
static int
column_chars (const GbField *field,
              gboolean       main_column,
              int           *min_chars)
{
  int chars = 14;

  if (main_column)
    {
      *min_chars = 20;
      return 32;
    }
  if (field->choices != NULL)
    {
      chars = 4;
      for (guint i = 0; field->choices[i].code; i++)
        chars = MAX (chars, (int) g_utf8_strlen (gb_choice_short_label (field->choices,
                                                                        field->choices[i].code), -1));
    }
  else if (field->type == GB_FIELD_DATE)
    chars = 10;
  else if (field->type == GB_FIELD_INT)
    chars = 6;
  *min_chars = field->choices != NULL || field->type == GB_FIELD_DATE || field->type == GB_FIELD_INT
               ? chars : 6;
  return chars;
}

static gboolean cell_query_tooltip_cb (GtkWidget  *cell,
                                       int         x,
                                       int         y,
                                       gboolean    keyboard,
                                       GtkTooltip *tooltip);

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               Column                   *column)
{
  GtkWidget *cell = gtk_inscription_new (NULL);
  gboolean main_column = g_strcmp0 (column->field->name, column->page->spec->expand_column) == 0;
  int min_chars;
  int nat_chars = column_chars (column->field, main_column, &min_chars);

  /* Single-line, ellipsized: cheap to bind at any scroll speed. */
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  /* Its height, not the row's: a taller row (a caption) wraps no cell. */
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  if (column->field->choices != NULL)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  if (main_column)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *caption = gtk_inscription_new (NULL);

      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (caption), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (caption), min_chars);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (caption), nat_chars);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_set_visible (caption, FALSE);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), cell);
      gtk_box_append (GTK_BOX (box), caption);
      cell = box;
    }
  gtk_list_item_set_child (item, cell);
  g_object_set_qdata (G_OBJECT (item), column_quark, column);
}

/* Whether @field's value has a word starting with @needle (" word",
 * folded), as the search finds it. */
static gboolean
field_has (GbRecord      *record,
           const GbField *field,
           const char    *needle)
{
  g_autofree char *text = gb_record_dup_field_display (record, field);
  g_autofree char *key = text != NULL ? gb_record_search_key_of (text) : NULL;

  return key != NULL && strstr (key, needle) != NULL;
}

static gboolean
is_column (GbListPage    *self,
           const GbField *field)
{
  for (guint i = 0; i < self->columns->len; i++)
    if (((Column *) g_ptr_array_index (self->columns, i))->field == field)
      return TRUE;
  return FALSE;
}

/* While a search is on: what a row matched that its columns do not show
 * ("Người đại diện: Trần Văn Bình"), so staff see why it is listed; NULL
 * when every word is in a column. Only rows on screen ask. */
static char *
hidden_match (GbListPage *self,
              GbRecord   *record)
{
  const char *search = self->list != NULL ? gb_query_get_search (gb_record_list_get_query (self->list)) : NULL;
  const GbEntity *e = gb_record_get_entity (record);

  if (g_strcmp0 (search, self->match_search) != 0)
    {
      g_free (self->match_search);
      g_strfreev (self->match_words);
      self->match_search = g_strdup (search);
      self->match_words = search != NULL ? gb_text_fold_words (search) : NULL;
    }
  for (guint w = 0; self->match_words != NULL && self->match_words[w] != NULL; w++)
    {
      g_autofree char *needle = g_strconcat (" ", self->match_words[w], NULL);
      gboolean shown = FALSE;

      for (guint c = 0; !shown && c < self->columns->len; c++)
        shown = field_has (record, ((Column *) g_ptr_array_index (self->columns, c))->field, needle);
      if (shown)
        continue;
      for (guint i = 0; i < e->n_fields; i++)
        {
          const GbField *field = &e->fields[i];
          g_autofree char *value = NULL;

          if (!(field->flags & GB_FIELD_SEARCH) || is_column (self, field) || !field_has (record, field, needle))
            continue;
          value = gb_record_dup_field_display (record, field);
          /* TRANSLATORS: why a row is in a search's results: a field not
           * shown in the list, and its value. */
          return g_strdup_printf (_("%s: %s"), _(field->label), value);
        }
    }
  return NULL;
}

static void
show_record (GtkListItem   *item,
             Column        *column,
             GbRecord      *record)
{
  const GbField *field = column->field;
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *cell = GTK_IS_INSCRIPTION (child) ? child : gtk_widget_get_first_child (child);
  GtkWidget *caption = cell != child ? gtk_widget_get_last_child (child) : NULL;
  g_autofree char *text = record ? gb_record_dup_field_display (record, field) : NULL;
  g_autofree char *why = NULL;
  const char *shown = text;

  /* A long choice ("Nghệ nhân Làng nghề Hải Phòng") in its short form,
   * whole, with the full text in the tooltip. */
  if (record != NULL && field->choices != NULL)
    {
      g_autofree char *code = gb_record_dup_field_string (record, field);

      shown = gb_choice_short_label (field->choices, code);
    }
  /* The name column's caption, under the name: what a search found that
   * no column shows. */
  if (caption != NULL && record != NULL)
    why = hidden_match (column->page, record);
  if (caption != NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (caption), why);
      gtk_widget_set_visible (caption, why != NULL);
    }
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), shown);
  /* Kept for query-tooltip: gtk_widget_set_tooltip_text() asks the X server
   * where the pointer is, a round trip per cell on every keystroke. */
  if (field->choices != NULL)
    g_object_set_qdata_full (G_OBJECT (cell), tooltip_quark,
                             g_strcmp0 (shown, text) != 0 ? g_steal_pointer (&text) : NULL, g_free);
}

static gboolean
cell_query_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  const char *text = g_object_get_qdata (G_OBJECT (cell), tooltip_quark);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A new search or sort replaced the record of a row on screen. */
static void
row_record_cb (GbListRow   *row,
               GParamSpec  *pspec,
               GtkListItem *item)
{
  Column *column = g_object_get_qdata (G_OBJECT (item), column_quark);

  show_record (item, column, gb_list_row_get_record (row));
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              Column                   *column)
{
  GbListRow *row = gtk_list_item_get_item (item);

  show_record (item, column, gb_list_row_get_record (row));
  g_signal_connect_object (row, "notify::record", G_CALLBACK (row_record_cb), item, 0);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                Column                   *column)
{
  GbListRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_record_cb, item);
}

static void
add_columns (GbListPage *self)
{
  const GbEntity *e = entity (self);

  for (guint i = 0; self->spec->columns[i]; i++)
    {
      const GbField *field = gb_entity_find_field (e, self->spec->columns[i]);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      Column *data = g_new0 (Column, 1);

      data->page = self;
      data->field = field;
      g_ptr_array_add (self->columns, data);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), data);
      column = gtk_column_view_column_new (_(field->label), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, g_strcmp0 (field->name, self->spec->expand_column) == 0);
      if (field->flags & GB_FIELD_SORTABLE)
        {
          g_autoptr(GbColumnSorter) sorter = gb_column_sorter_new (field->name);
          gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
        }
      gtk_column_view_append_column (self->column_view, column);
      if (g_strcmp0 (field->name, self->spec->default_sort) == 0)
        gtk_column_view_sort_by_column (self->column_view, column, GTK_SORT_DESCENDING);
      g_object_unref (column);
    }
}

/* Puts @labels/@values in a filter's menu, keeping the value chosen
 * before if it is still there. */
static void
set_filter_menu (GbListPage    *self,
                 GtkDropDown   *dropdown,
                 GtkStringList *labels,
                 GStrv          values)
{
  const char * const *old = g_object_get_data (G_OBJECT (dropdown), "values");
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *chosen = (old != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0
                        && selected <= g_strv_length ((char **) old)) ? old[selected - 1] : NULL;
  guint keep = 0;

  for (guint i = 0; chosen != NULL && values[i]; i++)
    if (g_str_equal (values[i], chosen))
      keep = i + 1;

  g_signal_handlers_block_by_func (dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (dropdown, keep);
  g_object_set_data_full (G_OBJECT (dropdown), "values", values, (GDestroyNotify) g_strfreev);
  g_signal_handlers_unblock_by_func (dropdown, filter_changed_cb, self);
  /* The value chosen is gone (its last record changed): show them all. */
  if (chosen != NULL && keep == 0)
    filter_changed_cb (dropdown, NULL, self);
}

/* The references are released by distinct_done() on the main thread;
 * the worker may free the task (and this) after it ran. */
typedef struct
{
  GtkDropDown      *dropdown;
  const FilterSpec *filter;
  GbStore          *store;       /* the page's store when the job started */
  GbDatabase       *database;
  GType             type;
  guint             generation;  /* of the dropdown's fills: the latest wins */
} DistinctJob;

static void
distinct_job_free (DistinctJob *job)
{
  g_clear_object (&job->dropdown);
  g_clear_object (&job->store);
  g_clear_object (&job->database);
  g_free (job);
}

/* The values the records hold, read on a worker thread with its own
 * connection: at 100,000 records the scan takes a second. */
static void
distinct_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DistinctJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) reader = gb_database_open_reader (job->database, &error);
  g_autoptr(GbStore) store = NULL;
  GStrv found;

  if (reader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  store = gb_store_new (reader, job->type);
  found = gb_store_distinct (store, job->filter->field, job->filter->prefix, &error);
  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_strfreev);
}

static void
distinct_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GbListPage) self = user_data;
  DistinctJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GtkDropDown) dropdown = g_steal_pointer (&job->dropdown);
  g_autoptr(GbStore) store = g_steal_pointer (&job->store);
  g_autoptr(GbDatabase) database = g_steal_pointer (&job->database);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GtkStringList) labels = NULL;

  self->n_filling--;
  /* Another database was opened meanwhile, or a newer fill of this menu
   * started: their own jobs fill it. */
  if (store != self->store
      || job->generation != GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "fill-generation")))
    return;
  if (found == NULL)
    {
      g_warning ("Cannot list the values of %s: %s", job->filter->field, error->message);
      return;
    }
  labels = gtk_string_list_new (NULL);
  gtk_string_list_append (labels, _(job->filter->all_label));
  gtk_string_list_splice (labels, 1, 0, (const char * const *) found);
  set_filter_menu (self, dropdown, labels, g_steal_pointer (&found));
}

/* Fills a filter's menu: "all" first, then one entry per value. Menus
 * whose values come from the records are refilled for each database, and
 * when the records change. */
static void
fill_filter (GbListPage       *self,
             GtkDropDown      *dropdown,
             const FilterSpec *filter)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

  gtk_string_list_append (labels, _(filter->all_label));
  switch (filter->from)
    {
    case VALUES_CHOICES:
      for (guint c = 0; filter->choices[c].code; c++)
        {
          gtk_string_list_append (labels, _(filter->choices[c].label));
          g_strv_builder_add (values, filter->choices[c].code);
        }
      break;
    case VALUES_CRAFTS:
      if (self->store != NULL)
        {
          g_autoptr(GbStore) crafts = gb_store_new (gb_store_get_database (self->store), GB_TYPE_CRAFT);
          g_autoptr(GPtrArray) all = gb_store_query (crafts, NULL, NULL);

          for (guint i = 0; all && i < all->len; i++)
            {
              g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     gb_record_get_id (g_ptr_array_index (all, i)));
              gtk_string_list_append (labels, gb_record_get_name (g_ptr_array_index (all, i)));
              g_strv_builder_add (values, id);
            }
        }
      break;
    case VALUES_DISTINCT:
      if (self->store != NULL)
        {
          g_autoptr(GTask) task = g_task_new (NULL, NULL, distinct_done, g_object_ref (self));
          DistinctJob *job = g_new0 (DistinctJob, 1);

          job->dropdown = g_object_ref (dropdown);
          job->filter = filter;
          job->store = g_object_ref (self->store);
          job->database = g_object_ref (gb_store_get_database (self->store));
          job->type = gb_store_get_record_type (self->store);
          job->generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "fill-generation")) + 1;
          g_object_set_data (G_OBJECT (dropdown), "fill-generation", GUINT_TO_POINTER (job->generation));
          g_task_set_task_data (task, job, (GDestroyNotify) distinct_job_free);
          self->n_filling++;
          g_task_run_in_thread (task, distinct_thread);
          /* Until the values come, the menu keeps what it offered. */
          if (g_object_get_data (G_OBJECT (dropdown), "values") != NULL)
            return;
        }
      break;
    case VALUES_THIS_YEAR:
    default:
      {
        g_autofree char *year = g_strdup_printf ("%d", gb_text_current_year ());
        gtk_string_list_append (labels, _(filter->one_label));
        g_strv_builder_add (values, year);
      }
      break;
    }

  set_filter_menu (self, dropdown, labels, g_strv_builder_end (values));
}

/* The menus that list what the records hold (communes, villages, years,
 * crafts) follow the records: refilled a moment after they change. */
static gboolean
refill_filters_cb (gpointer data)
{
  GbListPage *self = data;

  self->refill_source = 0;
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      const FilterSpec *filter = &self->spec->filters[i];

      if (filter->from == VALUES_DISTINCT || filter->from == VALUES_CRAFTS)
        fill_filter (self, g_ptr_array_index (self->filter_dropdowns, i), filter);
    }
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (GbStore    *store,
                  gint64      id,
                  GbListPage *self)
{
  if (self->refill_source == 0)
    self->refill_source = g_timeout_add (500, refill_filters_cb, self);
}

/* Shows what another connection wrote: the rows and the filter menus. */
void
gb_list_page_reload (GbListPage *self)
{
  g_return_if_fail (GB_IS_LIST_PAGE (self));

  if (self->list == NULL)
    return;
  gb_record_list_reload (self->list);
  g_clear_handle_id (&self->refill_source, g_source_remove);
  refill_filters_cb (self);
}

/* Whether a filter menu is still waiting for the values it lists. */
gboolean
gb_list_page_is_filling (GbListPage *self)
{
  g_return_val_if_fail (GB_IS_LIST_PAGE (self), FALSE);
  return self->n_filling > 0;
}

static void
add_filters (GbListPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->spec->filters) && self->spec->filters[i].name; i++)
    {
      const FilterSpec *filter = &self->spec->filters[i];
      GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);

      gtk_widget_set_name (dropdown, filter->name);
      gb_widget_set_tip (dropdown, _(filter->all_label));
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
      fill_filter (self, GTK_DROP_DOWN (dropdown), filter);
      gtk_flow_box_append (self->filter_box, dropdown);
      g_ptr_array_add (self->filter_dropdowns, dropdown);
    }
  self->clear_filters = gtk_button_new_with_mnemonic (_("_Clear Filters"));
  gtk_widget_add_css_class (self->clear_filters, "flat");
  gtk_widget_set_visible (self->clear_filters, FALSE);
  g_signal_connect_swapped (self->clear_filters, "clicked", G_CALLBACK (clear_filters_cb), self);
  gtk_flow_box_append (self->filter_box, self->clear_filters);
}

static void
list_changed_cb (GbRecordList *list,
                 GParamSpec   *pspec,
                 GbListPage   *self)
{
  update_state (self);
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

  if (database == NULL)
    return;

  self->store = gb_store_new (database, self->spec->get_type ());
  g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);

      /* Another file's values are not offered while this one's are read;
       * those read from the records wait until the page is first shown. */
      g_object_set_data (G_OBJECT (dropdown), "values", NULL);
      if (self->spec->filters[i].from == VALUES_DISTINCT)
        {
          g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

          gtk_string_list_append (labels, _(self->spec->filters[i].all_label));
          set_filter_menu (self, dropdown, labels, g_new0 (char *, 1));
        }
      else
        fill_filter (self, dropdown, &self->spec->filters[i]);
    }
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
    g_autoptr(GbQuery) query = build_query (self);
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
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    if (self->spec->filters[i].from == VALUES_DISTINCT)
      fill_filter (self, g_ptr_array_index (self->filter_dropdowns, i), &self->spec->filters[i]);
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
  column_quark = g_quark_from_static_string ("gb-list-page-column");
  tooltip_quark = g_quark_from_static_string ("gb-list-page-tooltip");

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
  gtk_widget_class_install_action (widget_class, "list.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "list.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "list.undo-import", NULL, undo_import_action);
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
}

GbListPage *
gb_list_page_new (const char *kind)
{
  GbListPage *self = g_object_new (GB_TYPE_LIST_PAGE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_str_equal (specs[i].kind, kind))
      self->spec = &specs[i];
  g_return_val_if_fail (self->spec != NULL, self);

  g_object_set (self->search_entry, "placeholder-text", _(self->spec->search_hint), NULL);
  add_columns (self);
  add_filters (self);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (sorter_changed_cb), self);
  update_selection (self);
  return self;
}

/* Showing one filter from elsewhere (the Overview's figures) ----------- */

static gboolean
select_filter_value (GtkDropDown *dropdown,
                     const char  *value)
{
  const char *const *values = g_object_get_data (G_OBJECT (dropdown), "values");

  for (guint i = 0; values != NULL && values[i]; i++)
    if (g_str_equal (values[i], value))
      {
        gtk_drop_down_set_selected (dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

static gboolean
apply_pending_filter (gpointer data)
{
  GtkDropDown *dropdown = data;
  const char *value = g_object_get_data (G_OBJECT (dropdown), "pending-filter");

  if (value != NULL && select_filter_value (dropdown, value))
    g_object_set_data (G_OBJECT (dropdown), "pending-filter", NULL);
  return G_SOURCE_REMOVE;
}

/* A menu filled from the records (years, villages) gets its values on a
 * worker; the model is set first and the values just after, so the value
 * asked for is chosen once the filling is over. */
static void
filter_menu_filled_cb (GtkDropDown *dropdown,
                       GParamSpec  *pspec,
                       gpointer     data)
{
  if (g_object_get_data (G_OBJECT (dropdown), "pending-filter") != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, apply_pending_filter, g_object_ref (dropdown), g_object_unref);
}

/* Shows the records whose filter @name has @value, and only them: the
 * search, the bin and the other filters are cleared. @name NULL shows all. */
void
gb_list_page_set_filter (GbListPage *self,
                         const char *name,
                         const char *value)
{
  g_return_if_fail (GB_IS_LIST_PAGE (self));
  g_return_if_fail (name == NULL || value != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->bin_button, FALSE);
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);

      g_object_set_data (G_OBJECT (dropdown), "pending-filter", NULL);
      if (name == NULL || !g_str_equal (self->spec->filters[i].name, name))
        gtk_drop_down_set_selected (dropdown, 0);
      else if (!select_filter_value (dropdown, value))
        {
          g_object_set_data_full (G_OBJECT (dropdown), "pending-filter", g_strdup (value), g_free);
          if (g_object_get_data (G_OBJECT (dropdown), "pending-filter-hooked") == NULL)
            {
              g_signal_connect (dropdown, "notify::model", G_CALLBACK (filter_menu_filled_cb), NULL);
              g_object_set_data (G_OBJECT (dropdown), "pending-filter-hooked", GINT_TO_POINTER (1));
            }
        }
    }
}
