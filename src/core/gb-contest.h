/* gb-contest.h — a contest's entries, judges, criteria, scores and ranking
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  entry_id;
  char   *entrant;
  char   *product;
  double  score;        /* mean over judges of the weighted sum of criteria */
  guint   n_scores;     /* how many scores were given */
  guint   rank;         /* 1 = best; equal scores share a rank */
  char   *awards;       /* "Bàn tay vàng", comma-separated, or NULL */
} GbRankedEntry;

void       gb_ranked_entry_free   (GbRankedEntry *entry);
GPtrArray *gb_contest_ranking     (GbDatabase    *database,
                                   gint64         event_id,
                                   GError       **error);
gboolean   gb_contest_set_score   (GbDatabase    *database,
                                   gint64         entry_id,
                                   gint64         judge_id,
                                   gint64         criterion_id,
                                   double         score,
                                   GError       **error);
gboolean   gb_contest_get_score   (GbDatabase    *database,
                                   gint64         entry_id,
                                   gint64         judge_id,
                                   gint64         criterion_id,
                                   double        *score);

G_END_DECLS
