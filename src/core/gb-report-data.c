/* gb-report-data.c — counting for reports
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A member counts on a day when they had joined by then and their status
 * on that day (the latest entry of member_status_history up to it) was
 * active or suspended. Members with no joining date are not counted on
 * any day: the roster lists them, the figures cannot place them.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"
#include "gb-date.h"

#include <stdio.h>
#include <string.h>

#include "gb-report-data.h"

void
gb_tally_free (GbTally *tally)
{
  if (tally == NULL)
    return;
  g_free (tally->code);
  g_free (tally);
}

void
gb_dues_row_free (GbDuesRow *row)
{
  if (row == NULL)
    return;
  g_free (row->member_no);
  g_free (row->name);
  g_free (row->kind);
  g_free (row->paid_date);
  g_free (row->receipt_no);
  g_free (row);
}

static char *
text_at (GbStmt       *stmt,
         int           i)
{
  const char *t = gb_stmt_column_text (stmt, i);

  return t ? g_strdup ((const char *) t) : NULL;
}

static gboolean
finish (GbDatabase   *database,
        GbStmt       *stmt,
        int           rc,
        GError      **error)
{
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Member @m on the day bound as @day: joined by then, and active or
 * suspended by the latest status up to it. */
#define MEMBER_ON(day) \
  "m.deleted_at IS NULL AND m.joined_date <= " day \
  " AND coalesce((SELECT h.status FROM member_status_history h WHERE h.member_id = m.id" \
  "  AND h.since <= " day " ORDER BY h.since DESC, h.id DESC LIMIT 1), 'active')" \
  " IN ('active','suspended')"

/* Counts as of @to (NULL: now). A title counts from its decision until it
 * is revoked; a title or a member with no date cannot be placed in time
 * and is left out, as in every dated figure. */
static const char *const tally_sql[] = {
  [GB_TALLY_MEMBERS_BY_CRAFT] =
    "SELECT coalesce(c.name, ''), count(*), 0 FROM members m LEFT JOIN crafts c ON c.id = m.craft_id"
    " WHERE " MEMBER_ON ("?2")
    " GROUP BY 1 ORDER BY 2 DESC, 1",
  [GB_TALLY_MEMBERS_BY_COMMUNE] =
    "SELECT coalesce(m.commune, ''), count(*), 0 FROM members m"
    " WHERE " MEMBER_ON ("?2")
    " GROUP BY 1 ORDER BY 2 DESC, 1",
  [GB_TALLY_MEMBERS_JOINED_BY_YEAR] =
    "SELECT substr(m.joined_date, 1, 4), count(*), 0 FROM members m"
    " WHERE m.deleted_at IS NULL AND m.joined_date IS NOT NULL AND m.joined_date <= ?2"
    " GROUP BY 1 ORDER BY 1",
  [GB_TALLY_ARTISANS_BY_TITLE] =
    "SELECT t.kind, count(DISTINCT t.artisan_id), 0 FROM titles t"
    " JOIN artisans a ON a.id = t.artisan_id"
    " WHERE a.deleted_at IS NULL AND t.decision_date <= ?2"
    " AND (coalesce(t.revoked_date, '') = '' OR t.revoked_date > ?2)"
    " GROUP BY 1 ORDER BY 2 DESC, 1",
  [GB_TALLY_EVENTS_BY_KIND] =
    "SELECT e.kind, count(*), 0 FROM events e"
    " WHERE e.deleted_at IS NULL AND e.start_date BETWEEN ?1 AND ?2"
    " GROUP BY 1 ORDER BY 2 DESC, 1",
};

GPtrArray *
gb_report_tally (GbDatabase  *database,
                 GbTallyKind  kind,
                 const char  *from,
                 const char  *to,
                 GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database, tally_sql[kind], error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (gb_stmt_param_count (stmt) >= 1)
    gb_stmt_bind_text (stmt, 1, from ? from : "0000-01-01");
  if (gb_stmt_param_count (stmt) >= 2)
    gb_stmt_bind_text (stmt, 2, to ? to : "9999-12-31");
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tally_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbTally *t = g_new0 (GbTally, 1);

      t->code = text_at (stmt, 0);
      t->count = gb_stmt_column_int64 (stmt, 1);
      t->amount = gb_stmt_column_int64 (stmt, 2);
      g_ptr_array_add (list, t);
    }
  if (!finish (database, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

static gboolean
count_one (GbDatabase *database,
           const char *sql,
           const char *a,
           const char *b,
           gint64     *count,
           gint64     *sum,
           GError    **error)
{
  GbStmt *stmt = gb_database_prepare (database, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (a)
    gb_stmt_bind_text (stmt, 1, a);
  if (b)
    gb_stmt_bind_text (stmt, 2, b);
  rc = gb_stmt_step (stmt);
  if (rc == GB_SQL_ROW)
    {
      *count = gb_stmt_column_int64 (stmt, 0);
      if (sum)
        *sum = gb_stmt_column_int64 (stmt, 1);
      rc = gb_stmt_step (stmt);
    }
  return finish (database, stmt, rc, error);
}

gint64
gb_report_members_on (GbDatabase  *database,
                      const char  *date,
                      GError     **error)
{
  gint64 n = 0;

  if (!count_one (database,
                  "SELECT count(*) FROM members m WHERE " MEMBER_ON ("?1"),
                  date, NULL, &n, NULL, error))
    return -1;
  return n;
}

gboolean
gb_report_activity (GbDatabase  *database,
                    const char  *from,
                    const char  *to,
                    GbActivity  *a,
                    GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *before = NULL;
  GDate date;

  memset (a, 0, sizeof *a);
  if (!gb_date_from_iso (from, &date))
    return FALSE;
  start = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
  {
    g_autoptr(GDateTime) prev = g_date_time_add_days (start, -1);
    before = g_date_time_format (prev, "%Y-%m-%d");
  }

  if ((a->members_start = gb_report_members_on (database, before, error)) < 0
      || (a->members_end = gb_report_members_on (database, to, error)) < 0)
    return FALSE;

  return count_one (database, "SELECT count(*) FROM members WHERE deleted_at IS NULL"
                              " AND joined_date BETWEEN ?1 AND ?2", from, to, &a->joined, NULL, error)
      && count_one (database, "SELECT count(DISTINCT h.member_id) FROM member_status_history h"
                              " JOIN members m ON m.id = h.member_id WHERE m.deleted_at IS NULL"
                              " AND h.status IN ('resigned','deceased') AND h.since BETWEEN ?1 AND ?2",
                    from, to, &a->left, NULL, error)
      && count_one (database, "SELECT count(*) FROM titles t JOIN artisans a ON a.id = t.artisan_id"
                              " WHERE a.deleted_at IS NULL AND t.decision_date BETWEEN ?1 AND ?2",
                    from, to, &a->artisans_recognized, NULL, error)
      && count_one (database, "SELECT count(*) FROM events WHERE deleted_at IS NULL"
                              " AND start_date BETWEEN ?1 AND ?2", from, to, &a->events, NULL, error)
      && count_one (database, "SELECT count(*) FROM events WHERE deleted_at IS NULL AND kind = 'contest'"
                              " AND start_date BETWEEN ?1 AND ?2", from, to, &a->contests, NULL, error)
      && count_one (database, "SELECT count(*) FROM contest_awards aw JOIN events e ON e.id = aw.event_id"
                              " WHERE e.deleted_at IS NULL AND e.start_date BETWEEN ?1 AND ?2",
                    from, to, &a->awards, NULL, error)
      && count_one (database, "SELECT count(*), coalesce(sum(d.amount), 0) FROM donations d"
                              " JOIN events e ON e.id = d.event_id WHERE e.deleted_at IS NULL"
                              " AND coalesce(d.donated_on, e.start_date) BETWEEN ?1 AND ?2",
                    from, to, &a->donations, &a->donations_total, error);
}

/* The members of @year (members on its last day) with their dues for it
 * (amount -1 when no dues were recorded), and whoever else paid for it,
 * in the Vietnamese order of names. */
GPtrArray *
gb_report_dues (GbDatabase  *database,
                int          year,
                GError     **error)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT m.id, m.member_no, m.name, m.kind, coalesce(d.amount, -1), d.paid_date, d.receipt_no"
    " FROM members m LEFT JOIN dues d ON d.member_id = m.id AND d.year = ?1"
    " WHERE m.deleted_at IS NULL AND ((" MEMBER_ON ("?2") ") OR d.paid_date IS NOT NULL)"
    " ORDER BY m.sort_key, m.id", error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *last_day = g_strdup_printf ("%04d-12-31", year);
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int (stmt, 1, year);
  gb_stmt_bind_text (stmt, 2, last_day);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_dues_row_free);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbDuesRow *r = g_new0 (GbDuesRow, 1);

      r->member_id = gb_stmt_column_int64 (stmt, 0);
      r->member_no = text_at (stmt, 1);
      r->name = text_at (stmt, 2);
      r->kind = text_at (stmt, 3);
      r->amount = gb_stmt_column_int64 (stmt, 4);
      r->paid_date = text_at (stmt, 5);
      r->receipt_no = text_at (stmt, 6);
      g_ptr_array_add (list, r);
    }
  if (!finish (database, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* The number of the live certificate issued for a title, from the register,
 * or the number typed on the title; NULL when there is none. */
char *
gb_report_certificate_for_title (GbDatabase *database,
                                 gint64      title_id)
{
  GbStmt *stmt = gb_database_prepare (database,
    "SELECT coalesce((SELECT number FROM certificates WHERE title_id = ?1 AND voided_on IS NULL"
    " ORDER BY id DESC LIMIT 1), (SELECT certificate_no FROM titles WHERE id = ?1))", NULL);
  char *number = NULL;

  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_int64 (stmt, 1, title_id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    number = text_at (stmt, 0);
  gb_stmt_reset (stmt);
  return number;
}
