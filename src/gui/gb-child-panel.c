/* gb-child-panel.c — the records that belong to one record (titles, dues …)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group of rows, one per child record, with Add in the header. A row
 * opens the child in a small window holding the same GbRecordForm as the
 * main lists, so validation and saving work the same everywhere.
 */
#define G_LOG_DOMAIN "gb-child-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-child-panel.h"
#include "gb-store.h"
#include "gb-widget-util.h"

struct _GbChildPanel
{
  AdwBin          parent_instance;

  GtkWidget      *group;
  GtkWidget      *list;      /* its rows, one per item of records */
  GListStore     *records;   /* GbRecord, as listed */
  GbStore        *store;
  const char     *parent_field;
  gint64          parent_id;
  GbChildSummary  summary;
  GbChildTotal    total;
  GCompareFunc    order;     /* of the records, or NULL: as added */
  GbChildSaveParent save_parent;  /* a parent not saved yet (id 0): Add saves it */
  gpointer        save_data;
};

G_DEFINE_FINAL_TYPE (GbChildPanel, gb_child_panel, ADW_TYPE_BIN)

static void
toast (GbChildPanel *self,
       const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GbChildPanel     *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  /* Child rows are removed for good; their values stay in the audit log. */
  if (!gb_store_delete (self->store, id, &error))
    toast (self, error->message);
  gb_child_panel_refresh (self);
}

static void
delete_clicked_cb (GtkButton    *button,
                   GbChildPanel *self)
{
  /* The list's own item: it is read again after every change. */
  g_autoptr(GbRecord) record = gb_list_box_get_item (GTK_LIST_BOX (self->list),
                                                     G_LIST_MODEL (self->records),
                                                     GTK_WIDGET (button));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (record == NULL)
    return;
  title = self->summary (gb_store_get_database (self->store), record, &subtitle);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Remove This Row?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be removed. Its values stay in the record's history."),
                                  title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "remove-child-dialog");
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (gb_record_get_id (record)));
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_activated_cb (AdwActionRow *row,
                  GbChildPanel *self)
{
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (position >= 0)
    gb_child_panel_edit (self, position);
}

static GtkWidget *
child_row (gpointer item,
           gpointer data)
{
  GbChildPanel *self = data;
  GbRecord *record = item;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = self->summary (gb_store_get_database (self->store), record, &subtitle);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *name = NULL;
  guint position = 0;

  g_list_store_find (self->records, record, &position);
  name = g_strdup_printf ("child-%u", position);
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gb_widget_set_tip (remove, _("Remove"));
  g_signal_connect (remove, "clicked", G_CALLBACK (delete_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

void
gb_child_panel_refresh (GbChildPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (GB_IS_CHILD_PANEL (self));

  if (self->parent_id == 0)
    {
      /* A record not saved yet has none: Add saves it first. */
      g_list_store_remove_all (self->records);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                             _("None yet. Add saves this record first, then adds one."));
      return;
    }
  found = gb_store_list_by (self->store, self->parent_field, self->parent_id, &error);
  if (found == NULL)
    {
      g_warning ("Cannot list %s: %s", gb_store_get_entity (self->store)->table, error->message);
      g_list_store_remove_all (self->records);
      return;
    }
  if (self->order != NULL)
    g_ptr_array_sort (found, self->order);

  /* One change: the list builds its rows again from the new items. */
  g_list_store_splice (self->records, 0, g_list_model_get_n_items (G_LIST_MODEL (self->records)),
                       found->pdata, found->len);

  if (self->total != NULL)
    description = self->total (found);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         found->len ? description
                                                    : _("None yet: use Add to record one."));
}

static void
child_saved_cb (GbRecordForm *form,
                gint64        id,
                GbChildPanel *self)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (form))));
  gb_child_panel_refresh (self);
}

static void
child_closed_cb (GbRecordForm *form,
                 GbChildPanel *self)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (form))));
}

/* A small modal window holding a form for one child record. */
static GbRecordForm *
open_editor (GbChildPanel *self)
{
  GtkWidget *window = adw_window_new ();
  GbRecordForm *form = gb_record_form_new (self->store);
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gb_record_form_set_parent (form, self->parent_field, self->parent_id);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (form));
  adw_window_set_content (ADW_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 560);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_widget_set_name (window, "child-editor");
  g_signal_connect (form, "saved", G_CALLBACK (child_saved_cb), self);
  g_signal_connect (form, "closed", G_CALLBACK (child_closed_cb), self);
  gtk_window_present (GTK_WINDOW (window));
  return form;
}

static void
add_clicked_cb (GbChildPanel *self)
{
  /* Saving the parent makes its form anew, this panel gone with it. */
  g_autoptr(GbChildPanel) hold = g_object_ref (self);

  if (self->parent_id == 0 && self->save_parent != NULL)
    self->save_parent (self, self->save_data);
  else if (self->parent_id != 0)
    gb_child_panel_add (self);
}

/* While the parent is not saved (id 0), Add calls @save to save it; the
 * caller then adds the child where the saved record is shown. */
void
gb_child_panel_set_save_parent (GbChildPanel      *self,
                                GbChildSaveParent  save,
                                gpointer           data)
{
  g_return_if_fail (GB_IS_CHILD_PANEL (self));
  self->save_parent = save;
  self->save_data = data;
}

GbRecordForm *
gb_child_panel_add (GbChildPanel *self)
{
  GbRecordForm *form;

  g_return_val_if_fail (GB_IS_CHILD_PANEL (self), NULL);

  form = open_editor (self);
  gb_record_form_open_new (form);
  return form;
}

GbRecordForm *
gb_child_panel_edit (GbChildPanel *self,
                     guint         position)
{
  GbRecordForm *form;
  g_autoptr(GbRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GB_IS_CHILD_PANEL (self), NULL);
  record = g_list_model_get_item (G_LIST_MODEL (self->records), position);
  g_return_val_if_fail (record != NULL, NULL);

  form = open_editor (self);
  if (!gb_record_form_open (form, gb_record_get_id (record), &error))
    toast (self, error->message);
  return form;
}

guint
gb_child_panel_get_n_rows (GbChildPanel *self)
{
  g_return_val_if_fail (GB_IS_CHILD_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->records));
}

static void
gb_child_panel_dispose (GObject *object)
{
  GbChildPanel *self = GB_CHILD_PANEL (object);

  g_clear_object (&self->records);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gb_child_panel_parent_class)->dispose (object);
}

static void
gb_child_panel_class_init (GbChildPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_child_panel_dispose;
}

static void
gb_child_panel_init (GbChildPanel *self)
{
  self->records = g_list_store_new (GB_TYPE_RECORD);
}

GbChildPanel *
gb_child_panel_new (GbDatabase     *database,
                    GType           child_type,
                    const char     *parent_field,
                    gint64          parent_id,
                    const char     *title,
                    GbChildSummary  summary,
                    GbChildTotal    total)
{
  GbChildPanel *self = g_object_new (GB_TYPE_CHILD_PANEL, NULL);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add…"));

  self->store = gb_store_new (database, child_type);
  self->parent_field = parent_field;
  self->parent_id = parent_id;
  self->summary = summary;
  self->total = total;

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), title);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_name (add, "child-add");
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->group), add);
  self->list = gb_group_bind_model (self->group, G_LIST_MODEL (self->records), child_row, self);
  adw_bin_set_child (ADW_BIN (self), self->group);
  gb_child_panel_refresh (self);
  return self;
}

/* Lists the records in the order @order gives (a GCompareFunc on
 * GbRecord **), and again now. */
void
gb_child_panel_set_order (GbChildPanel *self,
                          GCompareFunc  order)
{
  g_return_if_fail (GB_IS_CHILD_PANEL (self));
  self->order = order;
  gb_child_panel_refresh (self);
}
