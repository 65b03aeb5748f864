/* gb-widget-util.c — small things every page does to its widgets
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gb-widget-util.h"

/* For a control that shows only an icon: @text is its tooltip and the name
 * a screen reader says (GTK 4.8 would say the widget's type, "GtkImage"). */
void
gb_widget_set_tip (GtkWidget  *widget,
                   const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_set_tooltip_text (widget, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* "Save Changes?" about the record titled @record_title, with Cancel,
 * Discard and Save (the default): asked when a changed form would be
 * left, by the list and by the window closing alike. The caller names
 * it, connects "response" and presents it. */
GtkWidget *
gb_save_changes_dialog_new (GtkWindow  *parent,
                            const char *record_title)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Save Changes?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("“%s” has changes that are not saved."),
                                  record_title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* As AdwPreferencesGroup's own list: Up on the first row and Down on the
 * last go on to the widget before or after it. */
static gboolean
group_list_keynav_failed_cb (GtkWidget        *list,
                             GtkDirectionType  direction)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (list));

  if (root == NULL || (direction != GTK_DIR_UP && direction != GTK_DIR_DOWN))
    return FALSE;
  return gtk_widget_child_focus (root, direction == GTK_DIR_UP ? GTK_DIR_TAB_BACKWARD
                                                               : GTK_DIR_TAB_FORWARD);
}

static void
group_list_items_changed_cb (GtkWidget  *list,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *model)
{
  gtk_widget_set_visible (list, g_list_model_get_n_items (model) > 0);
}

/* The rows of the AdwPreferencesGroup @group built by @create_row from the
 * items of @model, and kept with it. libadwaita 1.2 cannot bind a model
 * to the group's own list, so this list stands in for it and looks and
 * behaves as it does: boxed, nothing selected, hidden while empty, named
 * after the group's title, leaving it with the arrow keys. Returns the
 * GtkListBox. */
GtkWidget *
gb_group_bind_model (GtkWidget                  *group,
                     GListModel                 *model,
                     GtkListBoxCreateWidgetFunc  create_row,
                     gpointer                    data)
{
  GtkWidget *list = gtk_list_box_new ();
  const char *title;

  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (title != NULL && *title != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
  g_signal_connect (list, "keynav-failed", G_CALLBACK (group_list_keynav_failed_cb), NULL);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (group_list_items_changed_cb), list,
                           G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), model, create_row, data, NULL);
  gtk_widget_set_visible (list, g_list_model_get_n_items (model) > 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return list;
}

/* The item of @model that the row of @box holding @widget shows (a new
 * reference), or NULL when @widget is in no row of @box (any more). A
 * row's button reaches its item this way: the model holds the item, the
 * position says which, and nothing borrowed is kept on the button. */
gpointer
gb_list_box_get_item (GtkListBox *box,
                      GListModel *model,
                      GtkWidget  *widget)
{
  GtkWidget *row = widget;
  int position;

  g_return_val_if_fail (GTK_IS_LIST_BOX (box), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  while (row != NULL && gtk_widget_get_parent (row) != GTK_WIDGET (box))
    row = gtk_widget_get_parent (row);
  if (row == NULL || !GTK_IS_LIST_BOX_ROW (row))
    return NULL;
  position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  return position < 0 ? NULL : g_list_model_get_item (model, position);
}
