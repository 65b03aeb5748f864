/* gb-contest.c — a contest's entries, judges, criteria, scores and ranking
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries, judges and criteria are plain records (gb-registry.h) kept by
 * GbStore; this file holds what is particular to scoring. An entry's score
 * is, for each judge who scored it, the sum over criteria of score × weight
 * divided by the sum of the weights; then the mean over those judges. So a
 * judge who has not scored yet does not pull an entry down.
 */
#define G_LOG_DOMAIN "gb-contest"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-contest.h"
#include "gb-error.h"

void
gb_ranked_entry_free (GbRankedEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->entrant);
  g_free (entry->product);
  g_free (entry->awards);
  g_free (entry);
}

GPtrArray *
gb_contest_ranking (GbDatabase  *database,
                    gint64       event_id,
                    GError     **error)
{
  GbStmt *stmt;
  GPtrArray *ranking;
  double last = -1;
  guint position = 0;
  int rc;

  g_return_val_if_fail (GB_IS_DATABASE (database), NULL);

  stmt = gb_database_prepare (database,
    "WITH per_judge AS ("
    "  SELECT s.entry_id, s.judge_id, sum(s.score * c.weight) / sum(c.weight) AS total, count(*) AS n"
    "  FROM contest_scores s JOIN contest_criteria c ON c.id = s.criterion_id"
    "  JOIN contest_entries e ON e.id = s.entry_id WHERE e.event_id = ?1"
    "  GROUP BY s.entry_id, s.judge_id)"
    " SELECT e.id, e.entrant_name, e.product, avg(p.total), coalesce(sum(p.n), 0),"
    "  (SELECT group_concat(a.name, ', ') FROM contest_awards a WHERE a.entry_id = e.id)"
    " FROM contest_entries e LEFT JOIN per_judge p ON p.entry_id = e.id"
    " WHERE e.event_id = ?1 GROUP BY e.id"
    " ORDER BY avg(p.total) IS NULL, avg(p.total) DESC, e.entrant_name COLLATE vi", error);
  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int64 (stmt, 1, event_id);

  ranking = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_ranked_entry_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbRankedEntry *e = g_new0 (GbRankedEntry, 1);

      e->entry_id = gb_stmt_column_int64 (stmt, 0);
      e->entrant = g_strdup (gb_stmt_column_text (stmt, 1));
      e->product = g_strdup (gb_stmt_column_text (stmt, 2));
      e->score = gb_stmt_column_double (stmt, 3);
      e->n_scores = gb_stmt_column_int (stmt, 4);
      e->awards = g_strdup (gb_stmt_column_text (stmt, 5));
      position++;
      /* Competition ranking: equal scores share a rank (1, 2, 2, 4). */
      if (e->n_scores > 0)
        {
          gboolean tie = ranking->len > 0 && ABS (e->score - last) < 1e-9;
          e->rank = tie ? ((GbRankedEntry *) g_ptr_array_index (ranking, ranking->len - 1))->rank
                        : position;
          last = e->score;
        }
      g_ptr_array_add (ranking, e);
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      g_ptr_array_unref (ranking);
      return NULL;
    }
  return ranking;
}

/* Sets (or replaces) one judge's score of one entry on one criterion,
 * 0 to 10. The three must belong to the same contest. */
gboolean
gb_contest_set_score (GbDatabase  *database,
                      gint64       entry_id,
                      gint64       judge_id,
                      gint64       criterion_id,
                      double       score,
                      GError     **error)
{
  GbStmt *stmt;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);

  if (!(score >= 0 && score <= 10))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("A score is between 0 and 10."));
      return FALSE;
    }

  {
    double before = 0;
    gboolean had = gb_contest_get_score (database, entry_id, judge_id, criterion_id, &before);
    char old_text[G_ASCII_DTOSTR_BUF_SIZE], new_text[G_ASCII_DTOSTR_BUF_SIZE];

    if (!gb_database_begin (database, error))
      return FALSE;

    stmt = gb_database_prepare (database,
      "INSERT INTO contest_scores (entry_id, judge_id, criterion_id, score)"
      " SELECT ?1, ?2, ?3, ?4 WHERE"
      "  (SELECT event_id FROM contest_entries WHERE id = ?1) ="
      "  (SELECT event_id FROM contest_judges WHERE id = ?2) AND"
      "  (SELECT event_id FROM contest_entries WHERE id = ?1) ="
      "  (SELECT event_id FROM contest_criteria WHERE id = ?3)"
      " ON CONFLICT (entry_id, judge_id, criterion_id) DO UPDATE SET score = excluded.score,"
      "  updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')", error);
    if (stmt == NULL)
      goto fail;
    gb_stmt_bind_int64 (stmt, 1, entry_id);
    gb_stmt_bind_int64 (stmt, 2, judge_id);
    gb_stmt_bind_int64 (stmt, 3, criterion_id);
    gb_stmt_bind_double (stmt, 4, score);
    if (!gb_database_step_done (database, stmt, error))
      goto fail;
    if (gb_database_changes (database) != 1)
      {
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                     _("The entry, the judge and the criterion belong to different contests."));
        goto fail;
      }

    /* Scores decide awards: every change is in the audit log, in the same
     * transaction, with the value before and after. */
    stmt = gb_database_prepare (database,
      "INSERT INTO audit_log (os_user, table_name, record_id, action, field, old_value, new_value)"
      " SELECT ?1, 'contest_scores', id, ?2, 'score', ?3, ?4 FROM contest_scores"
      " WHERE entry_id = ?5 AND judge_id = ?6 AND criterion_id = ?7", error);
    if (stmt == NULL)
      goto fail;
    g_ascii_formatd (old_text, sizeof old_text, "%.2f", before);
    g_ascii_formatd (new_text, sizeof new_text, "%.2f", score);
    gb_stmt_bind_text (stmt, 1, gb_database_get_user_name (database));
    gb_stmt_bind_text_static (stmt, 2, had ? "update" : "insert");
    if (had)
      gb_stmt_bind_text (stmt, 3, old_text);
    gb_stmt_bind_text (stmt, 4, new_text);
    gb_stmt_bind_int64 (stmt, 5, entry_id);
    gb_stmt_bind_int64 (stmt, 6, judge_id);
    gb_stmt_bind_int64 (stmt, 7, criterion_id);
    if (!gb_database_step_done (database, stmt, error))
      goto fail;
    return gb_database_commit (database, error);
  }

fail:
  gb_database_rollback (database);
  return FALSE;
}

gboolean
gb_contest_get_score (GbDatabase *database,
                      gint64      entry_id,
                      gint64      judge_id,
                      gint64      criterion_id,
                      double     *score)
{
  GbStmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);

  stmt = gb_database_prepare (database,
    "SELECT score FROM contest_scores WHERE entry_id = ? AND judge_id = ? AND criterion_id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, entry_id);
  gb_stmt_bind_int64 (stmt, 2, judge_id);
  gb_stmt_bind_int64 (stmt, 3, criterion_id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    {
      *score = gb_stmt_column_double (stmt, 0);
      found = TRUE;
    }
  gb_stmt_reset (stmt);
  return found;
}
