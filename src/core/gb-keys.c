/* gb-keys.c — the stored search and sort keys, made again when their recipe changes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each record keeps a folded search key and an ICU sort key, made in C when
 * it is saved. Both depend on things outside the file: which fields are
 * searched (this program) and the "vi" collation (the ICU library, whose
 * next Debian version orders some keys differently). The file remembers the
 * recipe its keys were made with, in the meta table; when it differs from
 * this program's, every key is made again, in one write transaction.
 */
#define G_LOG_DOMAIN "gb-keys"

#include "config.h"

#include <unicode/ucol.h>

#include "gb-artisan.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-keys.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-store.h"

/* Raise when what goes into a key changes (2: a member's commune is
 * searched; 3: an artisan's phone). */
#define KEYS_FORMAT 3

/* "2 icu 72.1.0.3": the key format and the collator's version. */
char *
gb_keys_recipe (void)
{
  UErrorCode status = U_ZERO_ERROR;
  UCollator *collator = ucol_open ("vi", &status);
  UVersionInfo version = { 0 };

  if (U_SUCCESS (status))
    ucol_getVersion (collator, version);
  ucol_close (collator);
  return g_strdup_printf ("%d icu %u.%u.%u.%u", KEYS_FORMAT, version[0], version[1], version[2], version[3]);
}

static char *
stored_recipe (GbDatabase *database)
{
  GbStmt *stmt = gb_database_prepare_once (database, "SELECT value FROM meta WHERE key = 'keys'", NULL);
  char *recipe = NULL;

  if (stmt != NULL && gb_stmt_step (stmt) == GB_SQL_ROW)
    recipe = g_strdup (gb_stmt_column_text (stmt, 0));
  gb_stmt_finalize (stmt);
  return recipe;
}

/* Every record of @type, in the bin or not, gets its keys made again. */
static gboolean
rebuild (GbDatabase  *database,
         GType        type,
         GError     **error)
{
  g_autoptr(GbStore) store = gb_store_new (database, type);
  const GbEntity *entity = gb_store_get_entity (store);
  g_autofree char *select = g_strdup_printf ("SELECT id FROM %s", entity->table);
  g_autofree char *update = g_strdup_printf ("UPDATE %s SET search_key = ?, sort_key = ? WHERE id = ?",
                                             entity->table);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GbStmt *stmt;
  int rc;

  if ((stmt = gb_database_prepare (database, select, error)) == NULL)
    return FALSE;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      gint64 id = gb_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (database, rc, error);
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GbRecord) record = gb_store_get (store, id, error);
      g_autofree char *search = NULL;
      g_autoptr(GBytes) sort = NULL;
      gsize size = 0;
      gconstpointer data;

      if (record == NULL)
        return FALSE;
      search = gb_record_dup_search_key (record);
      sort = gb_record_dup_sort_key (record);
      data = sort ? g_bytes_get_data (sort, &size) : NULL;
      if ((stmt = gb_database_prepare (database, update, error)) == NULL)
        return FALSE;
      gb_stmt_bind_text_static (stmt, 1, search);
      gb_stmt_bind_blob (stmt, 2, data, size, FALSE);
      gb_stmt_bind_int64 (stmt, 3, id);
      if (!gb_database_step_done (database, stmt, error))
        return FALSE;
    }
  g_debug ("keys of %u %s made again", ids->len, entity->table);
  return TRUE;
}

/* Makes every key again when the file's recipe is not this program's.
 * Decided inside the write transaction: two programs opening the file at
 * once rebuild it once. */
gboolean
gb_keys_refresh (GbDatabase  *database,
                 gboolean    *rebuilt,
                 GError     **error)
{
  GType types[] = { GB_TYPE_MEMBER, GB_TYPE_ARTISAN, GB_TYPE_EVENT, GB_TYPE_CRAFT };
  g_autofree char *recipe = gb_keys_recipe ();
  g_autofree char *stored = stored_recipe (database);
  GbStmt *stmt;

  g_return_val_if_fail (GB_IS_DATABASE (database), FALSE);

  if (rebuilt != NULL)
    *rebuilt = FALSE;
  if (g_strcmp0 (stored, recipe) == 0)
    return TRUE;
  if (!gb_database_begin (database, error))
    return FALSE;
  g_free (stored);
  stored = stored_recipe (database);
  if (g_strcmp0 (stored, recipe) != 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        if (!rebuild (database, types[i], error))
          goto fail;
      if ((stmt = gb_database_prepare (database, "INSERT INTO meta (key, value) VALUES ('keys', ?)"
                                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                       error)) == NULL)
        goto fail;
      gb_stmt_bind_text_static (stmt, 1, recipe);
      if (!gb_database_step_done (database, stmt, error))
        goto fail;
      if (rebuilt != NULL)
        *rebuilt = TRUE;
    }
  return gb_database_commit (database, error);

fail:
  gb_database_rollback (database);
  return FALSE;
}
