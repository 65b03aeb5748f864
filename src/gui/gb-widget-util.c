/* gb-widget-util.c — small things every page does to its widgets
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
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
