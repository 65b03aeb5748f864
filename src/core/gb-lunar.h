/* gb-lunar.h — the Vietnamese lunar calendar (âm lịch), UTC+7
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int      day;
  int      month;
  int      year;
  gboolean leap;     /* a leap month (tháng nhuận) */
} GbLunarDate;

gboolean gb_lunar_from_solar (int           day,
                              int           month,
                              int           year,
                              GbLunarDate  *out);
char    *gb_lunar_format     (const char   *iso_date);

G_END_DECLS
