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
