/* gb-store.c — create, read, update and delete one kind of record
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQL text is assembled only from the entity's static field table;
 * every value staff type is bound as a parameter. Queries, the values an
 * import computes ahead and the audit log's reading are in the other
 * gb-store-*.c files (gb-store-private.h says which).
 */
#define G_LOG_DOMAIN "gb-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-store-private.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
/* A row's stamp when it changes: now, or a millisecond after the stamp it
 * had when that is later (two saves in one millisecond, a clock set
 * back). It is the row's version, which a form saved after another
 * seat's save is held to (update_work()), so it never stays the same. */
#define NEXT_STAMP_SQLITE \
  "max(" NOW ", coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '+0.001 seconds'), ''))"
/* greatest() passes over the NULL of a stamp that is not one. */
#define NEXT_STAMP_PG \
  "greatest(" NOW ", CASE WHEN updated_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' THEN" \
  " to_char(replace(updated_at, 'Z', '')::timestamp + interval '1 millisecond'," \
  " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') END)"

G_DEFINE_FINAL_TYPE (GbStore, gb_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gb_store_finalize (GObject *object)
{
  GbStore *self = GB_STORE (object);

  g_clear_object (&self->database);
  g_free (self->sql_insert);
  g_free (self->sql_insert_many);
  g_free (self->sql_update);
  g_free (self->sql_select);
  g_free (self->sql_serial);

  G_OBJECT_CLASS (gb_store_parent_class)->finalize (object);
}

static void
gb_store_class_init (GbStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_store_finalize;

  /**
   * GbStore::changed:
   * @id: the record that changed, or 0 for many
   *
   * After a committed insert, update, delete or restore.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
gb_store_init (GbStore *self)
{
}

static void
build_sql (GbStore *self)
{
  const GbEntity *e = self->entity;
  GString *insert_cols = g_string_new (NULL);
  GString *insert_vals = g_string_new (NULL);
  GString *update = g_string_new (NULL);
  GString *select = g_string_new ("SELECT t.id, t.created_at, t.updated_at, ");

  g_string_append (select, e->soft_delete ? "t.deleted_at" : "NULL");

  for (guint i = 0; i < e->n_fields; i++)
    {
      const GbField *f = &e->fields[i];

      if (f->flags & GB_FIELD_COMPUTED)
        {
          g_string_append_printf (select, ", %s", f->expr);
          continue;
        }
      g_string_append_printf (select, ", t.%s", f->name);
      g_string_append_printf (insert_cols, "%s%s", insert_cols->len ? ", " : "", f->name);
      g_string_append_printf (insert_vals, "%s?", insert_vals->len ? ", " : "");
      self->n_params++;
      g_string_append_printf (update, "%s%s = ?", update->len ? ", " : "", f->name);
    }

  if (e->has_keys)
    {
      g_string_append (insert_cols, ", search_key, sort_key");
      g_string_append (insert_vals, ", ?, ?");
      self->n_params += 2;
      g_string_append (update, ", search_key = ?, sort_key = ?");
    }

  /* RETURNING, not the connection's last id: on PostgreSQL a trigger's
   * insert (a member's status history) would be the last. */
  self->sql_insert = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s) RETURNING id",
                                      e->table, insert_cols->str, insert_vals->str);
  /* The parameters numbered, each row's from 1 + row × n_params, then
   * the time for every row's stamps: one strftime() instead of two a row. */
  {
    GString *many = g_string_new (NULL);
    guint stamp = GB_STORE_VALUES_BATCH * self->n_params + 1;

    g_string_append_printf (many, "INSERT INTO %s (%s, created_at, updated_at) VALUES ", e->table, insert_cols->str);
    for (guint r = 0; r < GB_STORE_VALUES_BATCH; r++)
      {
        g_string_append (many, r ? ", (" : "(");
        for (guint p = 1; p <= self->n_params; p++)
          g_string_append_printf (many, "?%u, ", r * self->n_params + p);
        g_string_append_printf (many, "?%u, ?%u)", stamp, stamp);
      }
    self->sql_insert_many = g_string_free (many, FALSE);
  }
  self->sql_update = g_strdup_printf ("UPDATE %s SET %s, updated_at = %s WHERE id = ?", e->table, update->str,
                                      gb_database_is_shared (self->database) ? NEXT_STAMP_PG : NEXT_STAMP_SQLITE);
  g_string_append_printf (select, " FROM %s t", e->table);
  self->sql_select = g_string_free (select, FALSE);

  if (e->serial_field != NULL)
    self->sql_serial =
      g_strdup_printf ("SELECT max(CAST(substr(%s, ?1 + 1) AS INTEGER)) FROM %s "
                       "WHERE substr(%s, 1, ?1) = ?2",
                       e->serial_field, e->table, e->serial_field);

  g_string_free (insert_cols, TRUE);
  g_string_free (insert_vals, TRUE);
  g_string_free (update, TRUE);
}

GbStore *
gb_store_new (GbDatabase *database,
              GType       record_type)
{
  g_autoptr(GbRecordClass) klass = NULL;
  GbStore *self;

  g_return_val_if_fail (GB_IS_DATABASE (database), NULL);
  g_return_val_if_fail (g_type_is_a (record_type, GB_TYPE_RECORD), NULL);

  klass = g_type_class_ref (record_type);
  self = g_object_new (GB_TYPE_STORE, NULL);
  self->database = g_object_ref (database);
  self->record_type = record_type;
  self->entity = klass->entity;
  build_sql (self);
  return self;
}

GbDatabase *
gb_store_get_database (GbStore *self)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  return self->database;
}

GType
gb_store_get_record_type (GbStore *self)
{
  g_return_val_if_fail (GB_IS_STORE (self), G_TYPE_INVALID);
  return self->record_type;
}

const GbEntity *
gb_store_get_entity (GbStore *self)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  return self->entity;
}

static void
read_field (GbStmt        *stmt,
            int            column,
            GbRecord      *record,
            const GbField *field)
{
  gpointer ptr = GB_FIELD_PTR (record, field);
  gboolean null = gb_stmt_column_type (stmt, column) == GB_SQL_NULL;

  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      g_free (*(char **) ptr);
      *(char **) ptr = null ? NULL : g_strdup (gb_stmt_column_text (stmt, column));
      break;
    case GB_FIELD_INT:
      *(gint64 *) ptr = gb_stmt_column_int64 (stmt, column);
      break;
    case GB_FIELD_REAL:
      *(double *) ptr = gb_stmt_column_double (stmt, column);
      break;
    case GB_FIELD_BOOL:
      *(gboolean *) ptr = gb_stmt_column_int (stmt, column) != 0;
      break;
    case GB_FIELD_BLOB:
      g_clear_pointer ((GBytes **) ptr, g_bytes_unref);
      if (!null)
        *(GBytes **) ptr = g_bytes_new (gb_stmt_column_blob (stmt, column),
                                        gb_stmt_column_bytes (stmt, column));
      break;
    default:
      break;
    }
}

GbRecord *
gb_store_record_from_row (GbStore      *self,
                          GbStmt       *stmt)
{
  GbRecord *record = gb_record_new (self->record_type);

  gb_record_set_id (record, gb_stmt_column_int64 (stmt, 0));
  gb_record_set_stamps (record,
                        gb_stmt_column_text (stmt, 1),
                        gb_stmt_column_text (stmt, 2),
                        gb_stmt_column_text (stmt, 3));
  for (guint i = 0; i < self->entity->n_fields; i++)
    read_field (stmt, 4 + i, record, &self->entity->fields[i]);
  return record;
}

/* After stepping @stmt to its end (or a failure, @rc): resets it, and
 * says whether every row was read. */
gboolean
gb_store_rows_done (GbStore       *self,
                    GbStmt        *stmt,
                    int            rc,
                    GError       **error)
{
  gb_stmt_reset (stmt);
  if (rc == GB_SQL_DONE)
    return TRUE;
  gb_database_set_error (self->database, rc, error);
  return FALSE;
}

static gboolean
audit (GbStore     *self,
       gint64       id,
       const char  *action,
       const char  *field,
       const char  *old_value,
       const char  *new_value,
       GError     **error)
{
  GbStmt *stmt;

  stmt = gb_database_prepare (self->database,
                              "INSERT INTO audit_log (os_user, table_name, record_id, action,"
                              " field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_text (stmt, 1, gb_database_get_user_name (self->database));
  gb_stmt_bind_text_static (stmt, 2, self->entity->table);
  gb_stmt_bind_int64 (stmt, 3, id);
  gb_stmt_bind_text_static (stmt, 4, action);
  gb_stmt_bind_text_static (stmt, 5, field);
  gb_stmt_bind_text (stmt, 6, old_value);
  gb_stmt_bind_text (stmt, 7, new_value);
  return gb_database_step_done (self->database, stmt, error);
}

/* Who last changed record @id and when (local time, "HH:MM dd/mm/yyyy"),
 * from the audit log; NULLs when it does not say. */
void
gb_store_last_change (GbStore  *self,
                      gint64    id,
                      char    **who,
                      char    **when)
{
  GbStmt *stmt = gb_database_prepare (self->database,
                                      "SELECT os_user, at FROM audit_log WHERE table_name = ? AND record_id = ?"
                                      " ORDER BY id DESC LIMIT 1", NULL);

  *who = *when = NULL;
  if (stmt == NULL)
    return;
  gb_stmt_bind_text_static (stmt, 1, self->entity->table);
  gb_stmt_bind_int64 (stmt, 2, id);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (gb_stmt_column_text (stmt, 1), NULL);
      g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;

      *who = gb_stmt_dup_text (stmt, 0);
      *when = local ? g_date_time_format (local, "%H:%M %d/%m/%Y") : gb_stmt_dup_text (stmt, 1);
    }
  gb_stmt_reset (stmt);
}

/* The field of a broken UNIQUE rule that @error reports, or NULL. */
const GbField *
gb_store_unique_field (GbStore  *self,
                       GError  **error)
{
  g_autofree char *prefix = g_strdup_printf ("UNIQUE constraint failed: %s.", self->entity->table);
  const char *at;

  if (error == NULL || *error == NULL)
    return NULL;
  if ((at = strstr ((*error)->message, prefix)) != NULL)
    return gb_entity_find_field (self->entity, at + strlen (prefix));
  /* PostgreSQL: "duplicate key value violates unique constraint …
   * DETAIL:  Key (member_no)=(HV-001) already exists." */
  if (strstr ((*error)->message, "violates unique constraint") != NULL
      && (at = strstr ((*error)->message, "Key (")) != NULL)
    {
      const char *end = strchr (at + strlen ("Key ("), ')');
      g_autofree char *name = end ? g_strndup (at + strlen ("Key ("), end - at - strlen ("Key (")) : NULL;

      return name ? gb_entity_find_field (self->entity, name) : NULL;
    }
  return NULL;
}

/* A UNIQUE index refused @record: name the field and the value, like any
 * other validation error, instead of sqlite's message. */
static void
explain_unique (GbStore   *self,
                GbRecord  *record,
                GError   **error)
{
  const GbField *field = gb_store_unique_field (self, error);
  g_autofree char *value = NULL;
  g_autofree char *reason = NULL;

  if (field == NULL)
    return;
  value = gb_record_dup_field_string (record, field);
  reason = g_strdup_printf (_("“%s” is already used by another record."), value ? value : "");
  g_clear_error (error);
  gb_record_invalid (record, field->name, error, reason);
}

static gboolean
fill_serial (GbStore   *self,
             GbRecord  *record,
             GError   **error)
{
  const GbField *field;
  GbStmt *stmt;
  gint64 next = 1;

  if (self->entity->serial_field == NULL)
    return TRUE;
  field = gb_entity_find_field (self->entity, self->entity->serial_field);
  if (gb_record_field_is_set (record, field))
    return TRUE;

  stmt = gb_database_prepare (self->database, self->sql_serial, error);
  if (stmt == NULL)
    return FALSE;
  gb_stmt_bind_int (stmt, 1, strlen (self->entity->serial_prefix));
  gb_stmt_bind_text_static (stmt, 2, self->entity->serial_prefix);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    next = gb_stmt_column_int64 (stmt, 0) + 1;
  gb_stmt_reset (stmt);

  {
    g_autofree char *value = g_strdup_printf ("%s%04" G_GINT64_FORMAT,
                                              self->entity->serial_prefix, next);
    gb_record_set_text (record, field->name, value);
  }
  return TRUE;
}

/* Binds the stored fields from 1, then the keys, as gb_store_values_new()
 * packs them (unset fields stay NULL: the statement's bindings were
 * cleared); returns the next index. */
static int
bind_record (GbStore      *self,
             GbStmt       *stmt,
             GbRecord     *record)
{
  GbStoreValues *values = gb_store_values_new (self, record);

  gb_store_bind_values (stmt, 0, values, TRUE);
  gb_store_values_free (values);
  return self->n_params + 1;
}

/* Every write of this file runs through here: BEGIN IMMEDIATE (or a
 * savepoint inside the caller's transaction), @work, then COMMIT, and a
 * ROLLBACK when @work fails. A commit that fails has rolled back itself
 * (gb_database_commit()), so each path leaves the connection as it found
 * it, and the rule that "is it empty?" or "what is the next number?" is
 * decided inside the write transaction holds for every write alike. */
typedef gboolean (*WorkFunc) (GbStore  *self,
                              gpointer  data,
                              GError  **error);

static gboolean
in_transaction (GbStore   *self,
                WorkFunc   work,
                gpointer   data,
                GError   **error)
{
  if (!gb_database_begin (self->database, error))
    return FALSE;
  if (!work (self, data, error))
    {
      gb_database_rollback (self->database);
      return FALSE;
    }
  return gb_database_commit (self->database, error);
}

/* The row itself, shared by an insert of its own and an importer's: the
 * serial number is taken here, where the caller's transaction holds the
 * table, so two seats never hand out the same one. */
static gboolean
insert_row (GbStore   *self,
            GbRecord  *record,
            gint64    *id,
            GError   **error)
{
  GbStmt *stmt;
  GbSqlCode rc;

  if (!fill_serial (self, record, error)
      || (stmt = gb_database_prepare (self->database, self->sql_insert, error)) == NULL)
    return FALSE;
  bind_record (self, stmt, record);
  if ((rc = gb_stmt_step (stmt)) != GB_SQL_ROW)
    {
      gb_database_set_error (self->database, rc, error);
      gb_stmt_reset (stmt);
      explain_unique (self, record, error);
      return FALSE;
    }
  *id = gb_stmt_column_int64 (stmt, 0);
  gb_stmt_reset (stmt);
  return TRUE;
}

typedef struct
{
  GbRecord *record;
  gint64    id;
} InsertWork;

static gboolean
insert_work (GbStore  *self,
             gpointer  data,
             GError  **error)
{
  InsertWork *work = data;

  return insert_row (self, work->record, &work->id, error)
         && audit (self, work->id, "insert", NULL, NULL, gb_record_get_name (work->record), error);
}

gboolean
gb_store_insert (GbStore   *self,
                 GbRecord  *record,
                 GError   **error)
{
  InsertWork work = { record, 0 };

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (record, self->record_type), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gb_record_validate (record, error)
      || !in_transaction (self, insert_work, &work, error))
    return FALSE;

  gb_record_set_id (record, work.id);
  g_signal_emit (self, signals[CHANGED], 0, work.id);
  return TRUE;
}

/* For an importer inside its own transaction: inserts @record like
 * gb_store_insert(), but without a savepoint of its own, without the audit
 * row (the caller writes those for the whole batch) and without "changed".
 * A failure leaves the caller's transaction to be rolled back. */
gboolean
gb_store_insert_batched (GbStore   *self,
                         GbRecord  *record,
                         GError   **error)
{
  gint64 id;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (record, self->record_type), FALSE);

  if (!gb_record_validate (record, error) || !insert_row (self, record, &id, error))
    return FALSE;
  gb_record_set_id (record, id);
  return TRUE;
}

static gboolean
update_work (GbStore  *self,
             gpointer  data,
             GError  **error)
{
  GbRecord *record = data;
  g_autoptr(GbRecord) old = NULL;
  gint64 id = gb_record_get_id (record);
  GbStmt *stmt;
  int index;

  if ((old = gb_store_get (self, id, error)) == NULL)
    return FALSE;

  /* Saved elsewhere (another seat, guildbook-cli) since @record was read:
   * nothing is overwritten unasked. A caller that means to keep its
   * version takes the stored one's stamp first. */
  if (gb_record_get_updated_at (record) != NULL
      && g_strcmp0 (gb_record_get_updated_at (record), gb_record_get_updated_at (old)) != 0)
    {
      g_autofree char *who = NULL;
      g_autofree char *when = NULL;

      gb_store_last_change (self, id, &who, &when);
      g_set_error (error, GB_ERROR, GB_ERROR_CHANGED_ELSEWHERE,
                   _("%s saved this record at %s, after you opened it."),
                   who ? who : _("Someone else"), when ? when : gb_record_get_updated_at (old));
      return FALSE;
    }

  /* One audit row per field that changed, with both values. */
  for (guint i = 0; i < self->entity->n_fields; i++)
    {
      const GbField *f = &self->entity->fields[i];
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (!gb_store_field_is_stored (f))
        continue;
      before = gb_record_dup_field_string (old, f);
      after = gb_record_dup_field_string (record, f);
      if (g_strcmp0 (before, after) != 0
          && !audit (self, id, "update", f->name, before, after, error))
        return FALSE;
    }

  if ((stmt = gb_database_prepare (self->database, self->sql_update, error)) == NULL)
    return FALSE;
  index = bind_record (self, stmt, record);
  gb_stmt_bind_int64 (stmt, index, id);
  if (!gb_database_step_done (self->database, stmt, error))
    {
      explain_unique (self, record, error);
      return FALSE;
    }
  /* @record is now the stored version: saving it again is no conflict. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT updated_at FROM %s WHERE id = ?", self->entity->table);

    if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
      return FALSE;
    gb_stmt_bind_int64 (stmt, 1, id);
    if (gb_stmt_step (stmt) == GB_SQL_ROW)
      gb_record_set_stamps (record, gb_record_get_created_at (record), gb_stmt_column_text (stmt, 0),
                            gb_record_get_deleted_at (record));
    gb_stmt_reset (stmt);
  }
  return TRUE;
}

gboolean
gb_store_update (GbStore   *self,
                 GbRecord  *record,
                 GError   **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (record, self->record_type), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gb_record_validate (record, error)
      || !in_transaction (self, update_work, record, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0, gb_record_get_id (record));
  return TRUE;
}

GbRecord *
gb_store_get (GbStore  *self,
              gint64    id,
              GError  **error)
{
  g_autofree char *sql = NULL;
  GbStmt *stmt;
  GbRecord *record = NULL;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  sql = g_strdup_printf ("%s WHERE t.id = ?", self->sql_select);
  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return NULL;
  gb_stmt_bind_int64 (stmt, 1, id);
  rc = gb_stmt_step (stmt);
  if (rc == GB_SQL_ROW)
    record = gb_store_record_from_row (self, stmt);
  else if (rc == GB_SQL_DONE)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                 _("There is no record %lld in %s."), (long long) id, self->entity->table);
  else
    gb_database_set_error (self->database, rc, error);
  gb_stmt_reset (stmt);
  return record;
}

/* The records of @ids, in that order, read in one statement: the first
 * missing one ends the list (the rows of a list that changed meanwhile). */
GPtrArray *
gb_store_get_many (GbStore       *self,
                   const gint64  *ids,
                   guint          n,
                   GError       **error)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) records = g_ptr_array_new_full (n, g_object_unref);
  GString *sql;
  GbStmt *stmt;
  guint slots;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (n == 0)
    return g_steal_pointer (&records);
  /* The list is as long as the next power of two (at least 8), the last
   * id repeated: a few statements to prepare and keep, not one per
   * length (on a shared database each is prepared on the server). */
  slots = 8;
  while (slots < n)
    slots *= 2;
  sql = g_string_new (self->sql_select);
  g_string_append (sql, " WHERE t.id IN (?");
  for (guint i = 1; i < slots; i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');
  stmt = gb_database_prepare (self->database, sql->str, error);
  g_string_free (sql, TRUE);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < slots; i++)
    gb_stmt_bind_int64 (stmt, (int) i + 1, ids[MIN (i, n - 1)]);
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      GbRecord *record = gb_store_record_from_row (self, stmt);
      gint64 id = gb_record_get_id (record);

      g_hash_table_replace (found, g_memdup2 (&id, sizeof id), record);
    }
  gb_stmt_reset (stmt);
  if (rc != GB_SQL_DONE)
    {
      gb_database_set_error (self->database, rc, error);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      GbRecord *record = g_hash_table_lookup (found, &ids[i]);

      if (record == NULL)
        break;
      g_ptr_array_add (records, g_object_ref (record));
    }
  return g_steal_pointer (&records);
}

/* A record removed for good keeps every old value in the audit log. */
static gboolean
audit_purge (GbStore   *self,
             GbRecord  *record,
             GError   **error)
{
  gint64 id = gb_record_get_id (record);

  for (guint i = 0; i < self->entity->n_fields; i++)
    {
      const GbField *f = &self->entity->fields[i];
      g_autofree char *before = NULL;

      if (!gb_store_field_is_stored (f)
          || (before = gb_record_dup_field_string (record, f)) == NULL)
        continue;
      if (!audit (self, id, "purge", f->name, before, NULL, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64   id;
  gboolean deleted;
} DeleteWork;

static gboolean
set_deleted_work (GbStore  *self,
                  gpointer  data,
                  GError  **error)
{
  DeleteWork *work = data;
  g_autofree char *sql = NULL;
  g_autoptr(GbRecord) record = NULL;
  GbStmt *stmt;

  if ((record = gb_store_get (self, work->id, error)) == NULL)
    return FALSE;

  if (self->entity->soft_delete)
    sql = g_strdup_printf ("UPDATE %s SET deleted_at = %s, updated_at = %s WHERE id = ?",
                           self->entity->table, work->deleted ? NOW : "NULL",
                           gb_database_is_shared (self->database) ? NEXT_STAMP_PG : NEXT_STAMP_SQLITE);
  else
    sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", self->entity->table);

  if ((stmt = gb_database_prepare (self->database, sql, error)) == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, work->id);
  if (!gb_database_step_done (self->database, stmt, error))
    return FALSE;

  if (self->entity->soft_delete)
    return audit (self, work->id, work->deleted ? "delete" : "restore", NULL, NULL,
                  gb_record_get_name (record), error);
  return audit_purge (self, record, error);
}

static gboolean
set_deleted (GbStore   *self,
             gint64     id,
             gboolean   deleted,
             GError   **error)
{
  DeleteWork work = { id, deleted };

  if (!in_transaction (self, set_deleted_work, &work, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0, id);
  return TRUE;
}

typedef struct
{
  const char *remove;     /* DELETE … WHERE id = ? */
  gint64      id;
  gint64      removed;
  guint      *kept;
} BinWork;

/* One record out of the bin for good, its values kept in the audit log. */
static gboolean
purge_work (GbStore  *self,
            gpointer  data,
            GError  **error)
{
  BinWork *work = data;
  g_autoptr(GbRecord) record = NULL;
  GbStmt *stmt;

  if ((record = gb_store_get (self, work->id, error)) == NULL
      || (stmt = gb_database_prepare (self->database, work->remove, error)) == NULL)
    return FALSE;
  gb_stmt_bind_int64 (stmt, 1, work->id);
  return gb_database_step_done (self->database, stmt, error)
         && audit_purge (self, record, error);
}

static gboolean
empty_bin_work (GbStore  *self,
                gpointer  data,
                GError  **error)
{
  BinWork *work = data;
  g_autofree char *select = NULL;
  g_autofree char *remove = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GbStmt *stmt;
  int rc;

  select = g_strdup_printf ("SELECT id FROM %s WHERE deleted_at IS NOT NULL", self->entity->table);
  if ((stmt = gb_database_prepare (self->database, select, error)) == NULL)
    return FALSE;
  while ((rc = gb_stmt_step (stmt)) == GB_SQL_ROW)
    {
      gint64 id = gb_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!gb_store_rows_done (self, stmt, rc, error))
    return FALSE;

  remove = g_strdup_printf ("DELETE FROM %s WHERE id = ?", self->entity->table);
  work->remove = remove;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) one_error = NULL;

      /* One savepoint each: a record the register holds on to is kept and
       * the others still go. The register refuses on the DELETE itself
       * (a savepoint's RELEASE checks nothing), as a broken constraint;
       * any other failure stops the whole. */
      work->id = g_array_index (ids, gint64, i);
      if (in_transaction (self, purge_work, work, &one_error))
        {
          work->removed++;
          continue;
        }
      if (!g_error_matches (one_error, GB_ERROR, GB_ERROR_CONSTRAINT))
        {
          g_propagate_error (error, g_steal_pointer (&one_error));
          return FALSE;
        }
      if (work->kept != NULL)
        (*work->kept)++;
    }
  return TRUE;
}

/* Removes every record in the bin for good, each with its values kept in
 * the audit log. A record the register of certificates still names (its
 * papers, its titles, its awards) cannot go: it stays in the bin and is
 * counted in @kept. Returns how many went, or -1. */
gint64
gb_store_empty_bin (GbStore  *self,
                    guint    *kept,
                    GError  **error)
{
  BinWork work = { NULL, 0, 0, kept };

  g_return_val_if_fail (GB_IS_STORE (self), -1);
  g_return_val_if_fail (self->entity->soft_delete, -1);

  if (kept != NULL)
    *kept = 0;
  if (!in_transaction (self, empty_bin_work, &work, error))
    return -1;
  if (work.removed > 0)
    g_signal_emit (self, signals[CHANGED], 0, (gint64) 0);
  return work.removed;
}

/* Soft-deletes (to the bin) where the entity allows undo; otherwise removes
 * the row with its values kept in the audit log. */
gboolean
gb_store_delete (GbStore  *self,
                 gint64    id,
                 GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  return set_deleted (self, id, TRUE, error);
}

gboolean
gb_store_restore (GbStore  *self,
                  gint64    id,
                  GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  if (!self->entity->soft_delete)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("These records cannot be restored."));
      return FALSE;
    }
  return set_deleted (self, id, FALSE, error);
}
