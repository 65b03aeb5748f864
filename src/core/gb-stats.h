/* gb-stats.h — the figures on the Overview page and `guildbook-cli stats`
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  collective_members;
  gint64  individual_members;
  gint64  artisans;
  gint64  artisans_by_title[8];   /* in the order of gb_title_kinds */
  gint64  events;
  gint64  events_this_year;
  int     year;
} GbStats;

gboolean gb_stats_collect (GbDatabase  *database,
                           GbStats     *stats,
                           GError     **error);
char    *gb_stats_to_json (const GbStats *stats);

G_END_DECLS
