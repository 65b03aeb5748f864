/* gb-date.h — dates as stored (yyyy-mm-dd), as typed and as shown (dd/mm/yyyy)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gb_date_from_iso  (const char  *iso_date,
                            GDate       *date);
gboolean gb_date_from_text (const char  *text,
                            GDate       *date,
                            GError     **error);
char    *gb_date_to_iso    (const GDate *date);
char    *gb_date_to_text   (const GDate *date);

G_END_DECLS
