/* gb-widget-util.h — small things every page does to its widgets
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       gb_widget_set_tip          (GtkWidget  *widget,
                                       const char *text);
GtkWidget *gb_save_changes_dialog_new (GtkWindow  *parent,
                                       const char *record_title);
GtkWidget *gb_group_bind_model        (GtkWidget                  *group,
                                       GListModel                 *model,
                                       GtkListBoxCreateWidgetFunc  create_row,
                                       gpointer                    data);
gpointer   gb_list_box_get_item       (GtkListBox                 *box,
                                       GListModel                 *model,
                                       GtkWidget                  *widget);

G_END_DECLS
