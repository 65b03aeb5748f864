/* gb-stats.c — the figures on the Overview page and `guildbook-cli stats`
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-stats"

#include "config.h"

#include <string.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-stats.h"
#include "gb-store.h"
#include "gb-text.h"

static gint64
count_where (GbStore     *store,
             const char  *filter,
             const char  *value,
             GError     **error)
{
  g_autoptr(GbQuery) query = gb_query_new ();

  if (filter != NULL)
    gb_query_add_filter (query, filter, value);
  return gb_store_count (store, query, error);
}

gboolean
gb_stats_collect (GbDatabase  *database,
                  GbStats     *stats,
                  GError     **error)
{
  g_autoptr(GbStore) members = gb_store_new (database, GB_TYPE_MEMBER);
  g_autoptr(GbStore) artisans = gb_store_new (database, GB_TYPE_ARTISAN);
  g_autoptr(GbStore) events = gb_store_new (database, GB_TYPE_EVENT);
  g_autofree char *year = NULL;

  memset (stats, 0, sizeof *stats);
  stats->year = gb_text_current_year ();
  year = g_strdup_printf ("%d", stats->year);

  if ((stats->collective_members = count_where (members, "kind", "collective", error)) < 0
      || (stats->individual_members = count_where (members, "kind", "individual", error)) < 0
      || (stats->artisans = count_where (artisans, NULL, NULL, error)) < 0
      || (stats->events = count_where (events, NULL, NULL, error)) < 0
      || (stats->events_this_year = count_where (events, "year", year, error)) < 0)
    return FALSE;

  for (guint i = 0; gb_title_kinds[i].code && i < G_N_ELEMENTS (stats->artisans_by_title); i++)
    if ((stats->artisans_by_title[i] = count_where (artisans, "title", gb_title_kinds[i].code,
                                                    error)) < 0)
      return FALSE;

  return TRUE;
}

char *
gb_stats_to_json (const GbStats *stats)
{
  GString *out = g_string_new ("{\n");

  g_string_append_printf (out, "  \"collective_members\": %" G_GINT64_FORMAT ",\n",
                          stats->collective_members);
  g_string_append_printf (out, "  \"individual_members\": %" G_GINT64_FORMAT ",\n",
                          stats->individual_members);
  g_string_append_printf (out, "  \"members\": %" G_GINT64_FORMAT ",\n",
                          stats->collective_members + stats->individual_members);
  g_string_append_printf (out, "  \"artisans\": %" G_GINT64_FORMAT ",\n", stats->artisans);
  g_string_append (out, "  \"artisans_by_title\": {");
  for (guint i = 0; gb_title_kinds[i].code && i < G_N_ELEMENTS (stats->artisans_by_title); i++)
    g_string_append_printf (out, "%s\"%s\": %" G_GINT64_FORMAT, i ? ", " : "",
                            gb_title_kinds[i].code, stats->artisans_by_title[i]);
  g_string_append (out, "},\n");
  g_string_append_printf (out, "  \"events\": %" G_GINT64_FORMAT ",\n", stats->events);
  g_string_append_printf (out, "  \"year\": %d,\n", stats->year);
  g_string_append_printf (out, "  \"events_this_year\": %" G_GINT64_FORMAT "\n",
                          stats->events_this_year);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}
