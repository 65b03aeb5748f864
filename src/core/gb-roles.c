/* gb-roles.c — Guildbook's roles on a shared PostgreSQL database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a shared database the server, not the window, decides who may do
 * what: three group roles that cannot log in, each granted to the next,
 *
 *   guildbook_viewer     reads everything;
 *   guildbook_clerk      also keeps members, artisans, events and what
 *                        hangs on them, imports, and drafts reports;
 *   guildbook_secretary  also issues and voids certificates, submits
 *                        reports and changes the association's profile;
 *
 * and the staff's own logins made members of one of them. The database's
 * owner (who made the tables) keeps everything, and sets the roles up.
 *
 * The grants are by table and, where a table is shared between two roles,
 * by column: a clerk saves a report's draft but may not set the columns
 * that submit it, and may not write a certificate at all. Meta holds the
 * schema version and the register's id besides two rows every writer
 * keeps: the recipe of the search keys, which a clerk's seat makes again
 * when its ICU changes, and the count of commits each write transaction
 * adds to (GB_DATABASE_PG_COMMIT): a row policy lets a clerk write those
 * two rows only.
 *
 * Roles belong to the server, not to one database: the same three serve
 * every Guildbook database on it, each granted its own tables by its own
 * setup. Writers' turns (pg_advisory_xact_lock) need no grant.
 */
#define G_LOG_DOMAIN "gb-roles"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-roles.h"

static const char *const group_roles[] = {
  [GB_DATABASE_ROLE_VIEWER] = "guildbook_viewer",
  [GB_DATABASE_ROLE_CLERK] = "guildbook_clerk",
  [GB_DATABASE_ROLE_SECRETARY] = "guildbook_secretary",
};

/* Run again, it revokes and grants the same: a later Guildbook's setup
 * takes away what an earlier one gave and this one does not. One
 * transaction: no seat sees the grants half made. */
static const char setup_sql[] =
  "DO $$\n"
  "DECLARE\n"
  "  r text;\n"
  "BEGIN\n"
  "  FOREACH r IN ARRAY ARRAY['guildbook_viewer', 'guildbook_clerk', 'guildbook_secretary'] LOOP\n"
  "    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN\n"
  "      EXECUTE format ('CREATE ROLE %I NOLOGIN', r);\n"
  "    END IF;\n"
  "  END LOOP;\n"
  "  IF NOT pg_has_role ('guildbook_clerk', 'guildbook_viewer', 'MEMBER') THEN\n"
  "    GRANT guildbook_viewer TO guildbook_clerk;\n"
  "  END IF;\n"
  "  IF NOT pg_has_role ('guildbook_secretary', 'guildbook_clerk', 'MEMBER') THEN\n"
  "    GRANT guildbook_clerk TO guildbook_secretary;\n"
  "  END IF;\n"
  "  EXECUTE format ('REVOKE ALL ON ALL TABLES IN SCHEMA %I"
  " FROM guildbook_viewer, guildbook_clerk, guildbook_secretary', current_schema ());\n"
  "  EXECUTE format ('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I"
  " FROM guildbook_viewer, guildbook_clerk, guildbook_secretary', current_schema ());\n"
  "  EXECUTE format ('GRANT USAGE ON SCHEMA %I TO guildbook_viewer', current_schema ());\n"
  "  EXECUTE format ('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO guildbook_viewer', current_schema ());\n"
  /* New rows take their ids from the tables' identity sequences. */
  "  EXECUTE format ('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO guildbook_clerk', current_schema ());\n"
  "END\n"
  "$$;\n"
  "GRANT INSERT, UPDATE, DELETE ON members, artisans, events, crafts, titles, dues, donations,\n"
  "  participants, contest_entries, contest_judges, contest_criteria, contest_scores, contest_awards,\n"
  "  member_crafts, member_status_history, imports, import_records, import_mappings\n"
  "  TO guildbook_clerk;\n"
  /* The log is added to, never changed (its triggers refuse that too). */
  "GRANT INSERT ON audit_log TO guildbook_clerk;\n"
  /* A draft: its kind, title and options. Deleting a submitted report is
   * refused by its trigger. */
  "GRANT INSERT (kind, title, options), UPDATE (kind, title, options, updated_at), DELETE\n"
  "  ON reports TO guildbook_clerk;\n"
  "GRANT INSERT, UPDATE ON meta TO guildbook_clerk;\n"
  "ALTER TABLE meta ENABLE ROW LEVEL SECURITY;\n"
  "DROP POLICY IF EXISTS gb_meta_read ON meta;\n"
  "CREATE POLICY gb_meta_read ON meta FOR SELECT USING (true);\n"
  "DROP POLICY IF EXISTS gb_meta_keys_insert ON meta;\n"
  "CREATE POLICY gb_meta_keys_insert ON meta FOR INSERT TO guildbook_clerk\n"
  "  WITH CHECK (key IN ('keys', 'commits'));\n"
  "DROP POLICY IF EXISTS gb_meta_keys_update ON meta;\n"
  "CREATE POLICY gb_meta_keys_update ON meta FOR UPDATE TO guildbook_clerk\n"
  "  USING (key IN ('keys', 'commits')) WITH CHECK (key IN ('keys', 'commits'));\n"
  /* Entering a paper in the register, and voiding it (its other columns
   * are fixed by its trigger once issued). */
  "GRANT INSERT, UPDATE (voided_on, void_reason) ON certificates TO guildbook_secretary;\n"
  /* Submitting: the number, the date and the PDF as it left. */
  "GRANT UPDATE (number, doc_date, pdf, sha256, submitted_at) ON reports TO guildbook_secretary;\n"
  /* The letterhead and the signer the papers print. */
  "GRANT UPDATE ON association TO guildbook_secretary;\n";

/* One text value of one row of @sql (its parameters @a and @b), or NULL;
 * FALSE on a failure, said in @error. */
static gboolean
query_text (GbDatabase  *database,
            const char  *sql,
            const char  *a,
            const char  *b,
            char       **out,
            GError     **error)
{
  g_autoptr(GbStmt) stmt = gb_database_prepare_once (database, sql, error);
  GbSqlCode rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  if (a != NULL)
    gb_stmt_bind_text (stmt, 1, a);
  if (b != NULL)
    gb_stmt_bind_text (stmt, 2, b);
  rc = gb_stmt_step (stmt);
  if (rc == GB_SQL_ROW)
    *out = gb_stmt_dup_text (stmt, 0);
  else if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_shared (GbDatabase  *database,
              GError     **error)
{
  if (gb_database_is_shared (database))
    return TRUE;
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
               _("A database file has no roles: whoever may write the file may do everything in it. "
                 "Roles are for a shared database (--db postgresql://…)."));
  return FALSE;
}

static gboolean
check_owner (GbDatabase  *database,
             GError     **error)
{
  if (gb_database_get_role (database) == GB_DATABASE_ROLE_OWNER)
    return TRUE;
  g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
               _("Only the owner of the shared database may set up its roles and give them to "
                 "logins; your role is %s."), gb_database_role_label (gb_database_get_role (database)));
  return FALSE;
}

/* Creates the group roles where missing and grants them this database's
 * tables; run by the database's owner. */
gboolean
gb_roles_setup (GbDatabase  *database,
                GError     **error)
{
  g_autofree char *can_create = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);

  if (!check_shared (database, error) || !check_owner (database, error))
    return FALSE;
  /* CREATE ROLE needs a right a database's owner often lacks: said in
   * words, before the server says "permission denied". */
  if (!query_text (database,
                   "SELECT (r.rolsuper OR r.rolcreaterole"
                   " OR (SELECT count (*) FROM pg_catalog.pg_roles WHERE rolname IN"
                   " ('guildbook_viewer', 'guildbook_clerk', 'guildbook_secretary')) = 3)::text"
                   " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user",
                   NULL, NULL, &can_create, error))
    return FALSE;
  if (g_strcmp0 (can_create, "true") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_PERMITTED,
                   _("Setting up the roles creates them on the server, and your login may not "
                     "create roles: ask the server's administrator to allow it (CREATEROLE), "
                     "then run this again."));
      return FALSE;
    }
  if (!gb_database_begin (database, error))
    return FALSE;
  if (!gb_database_exec (database, setup_sql, error))
    {
      gb_database_rollback (database);
      g_prefix_error (error, _("The roles were not set up: "));
      return FALSE;
    }
  return gb_database_commit (database, error);
}

/* Makes @login a @role of this database, and nothing else of Guildbook's:
 * a secretary made a viewer is a viewer. GB_DATABASE_ROLE_NONE takes
 * every Guildbook role from it. The login must exist: its password is
 * the server administrator's to set, never Guildbook's. */
gboolean
gb_roles_grant (GbDatabase      *database,
                const char      *login,
                GbDatabaseRole   role,
                GError         **error)
{
  g_autofree char *ready = NULL;
  g_autofree char *exists = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *grant = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (role < GB_DATABASE_ROLE_OWNER, FALSE);

  if (!check_shared (database, error) || !check_owner (database, error))
    return FALSE;
  /* Set up on this database: the roles may be on the server for another. */
  if (!query_text (database,
                   "SELECT (to_regrole ('guildbook_secretary') IS NOT NULL"
                   " AND has_table_privilege ('guildbook_viewer', to_regclass ('members'), 'SELECT'))::text",
                   NULL, NULL, &ready, error))
    return FALSE;
  if (g_strcmp0 (ready, "true") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("The roles are not set up on this database yet: run “guildbook-cli roles setup” "
                     "first."));
      return FALSE;
    }
  if (!query_text (database,
                   "SELECT CASE WHEN rolname IN ('guildbook_viewer', 'guildbook_clerk', 'guildbook_secretary')"
                   " THEN 'group' ELSE 'login' END FROM pg_catalog.pg_roles WHERE rolname = ?1",
                   login, NULL, &exists, error))
    return FALSE;
  if (exists == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                   _("There is no login “%s” on the server. Guildbook does not make logins, whose "
                     "passwords are the server's: create it first (sudo -u postgres createuser "
                     "--pwprompt %s), then give it a role."), login, login);
      return FALSE;
    }
  if (g_str_equal (exists, "group"))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("“%s” is one of Guildbook's roles, not a login."), login);
      return FALSE;
    }

  /* Granted directly, not through another of ours (a clerk is a viewer
   * through guildbook_clerk, which is taken away below). GRANT and
   * REVOKE take no parameters: the server quotes the names
   * (format's %I) of a login found above and of our own roles. */
  if (!query_text (database,
                   "SELECT string_agg (format ('REVOKE %I FROM %I', g.rolname, u.rolname), '; ')"
                   " FROM pg_catalog.pg_auth_members m"
                   " JOIN pg_catalog.pg_roles g ON g.oid = m.roleid"
                   " JOIN pg_catalog.pg_roles u ON u.oid = m.member"
                   " WHERE u.rolname = ?1 AND g.rolname IS DISTINCT FROM ?2::name"
                   " AND g.rolname IN ('guildbook_viewer', 'guildbook_clerk', 'guildbook_secretary')",
                   login, role > GB_DATABASE_ROLE_NONE ? group_roles[role] : NULL, &revoke, error))
    return FALSE;
  if (role > GB_DATABASE_ROLE_NONE
      && !query_text (database,
                      "SELECT format ('GRANT %I TO %I', g.rolname, ?1::text) FROM pg_catalog.pg_roles g"
                      " WHERE g.rolname = ?2 AND NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m"
                      "   JOIN pg_catalog.pg_roles u ON u.oid = m.member"
                      "   WHERE m.roleid = g.oid AND u.rolname = ?1)",
                      login, group_roles[role], &grant, error))
    return FALSE;

  if (!gb_database_begin (database, error))
    return FALSE;
  if ((revoke != NULL && !gb_database_exec (database, revoke, error))
      || (grant != NULL && !gb_database_exec (database, grant, error)))
    {
      gb_database_rollback (database);
      return FALSE;
    }
  return gb_database_commit (database, error);
}

void
gb_role_entry_free (GbRoleEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->login);
  g_free (entry);
}

/* The database's owner, then every login given a Guildbook role (its
 * highest), by name. */
GPtrArray *
gb_roles_list (GbDatabase  *database,
               GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_role_entry_free);
  g_autoptr(GbStmt) stmt = NULL;
  GbSqlCode rc;

  g_return_val_if_fail (GB_IS_DATABASE (database), NULL);

  if (!check_shared (database, error))
    return NULL;
  stmt = gb_database_prepare_once (database,
    "SELECT pg_catalog.pg_get_userbyid (relowner), 4, 0 FROM pg_catalog.pg_class"
    " WHERE oid = to_regclass ('meta')"
    " UNION ALL"
    " SELECT u.rolname, max (CASE g.rolname WHEN 'guildbook_viewer' THEN 1"
    "   WHEN 'guildbook_clerk' THEN 2 ELSE 3 END), 1"
    " FROM pg_catalog.pg_auth_members m"
    " JOIN pg_catalog.pg_roles g ON g.oid = m.roleid"
    " JOIN pg_catalog.pg_roles u ON u.oid = m.member"
    " WHERE g.rolname IN ('guildbook_viewer', 'guildbook_clerk', 'guildbook_secretary')"
    " AND u.rolname NOT IN ('guildbook_viewer', 'guildbook_clerk', 'guildbook_secretary')"
    " GROUP BY u.rolname"
    " ORDER BY 3, 1", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbRoleEntry *entry = g_new0 (GbRoleEntry, 1);

      entry->login = gb_stmt_dup_text (stmt, 0);
      entry->role = (GbDatabaseRole) CLAMP (gb_stmt_column_int (stmt, 1), GB_DATABASE_ROLE_VIEWER,
                                            GB_DATABASE_ROLE_OWNER);
      g_ptr_array_add (list, entry);
    }
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
