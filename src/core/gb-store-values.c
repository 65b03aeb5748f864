/* gb-store-values.c — a record's values computed ahead, for an import
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import checks its rows on worker threads, where there is no
 * connection: each row becomes a packed block of the values an INSERT
 * binds, search and sort keys included, and the writing thread binds
 * those blocks many rows to a statement. gb_store_insert() binds a
 * record through the same block, so both paths store the same values.
 */
#define G_LOG_DOMAIN "gb-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-text.h"
#include "gb-store-private.h"

/* A record's stored values and its keys, packed one after another: a
 * byte for the parameter, a byte for the type, then 8 bytes of number or
 * a 4-byte length and the bytes. A value set again later is bound again,
 * and the last one wins. One GValue a parameter reads more plainly but
 * made the 100,000-row import a quarter slower and 30 MB larger: an
 * allocation for each text against one a row (benchmarks/README.md). */
struct _GbStoreValues
{
  guint32 len;
  guint8  data[];
};

enum { VALUE_INT = 'i', VALUE_REAL = 'r', VALUE_TEXT = 't', VALUE_BLOB = 'b', VALUE_NULL = 'n' };

/* The bytes after an entry's parameter and type. */
static gsize
payload_size (const guint8 *p,
              guint8        type)
{
  guint32 size;

  switch (type)
    {
    case VALUE_NULL:
      return 0;
    case VALUE_TEXT:
    case VALUE_BLOB:
      memcpy (&size, p, sizeof size);
      return sizeof size + size;
    default:
      return sizeof (gint64);
    }
}

/* Writes an entry's parameter, type and length at @p; returns their size. */
static gsize
pack_head (guint8 *p,
           guint8  param,
           guint8  type,
           gsize   size)
{
  p[0] = param;
  p[1] = type;
  if (type == VALUE_TEXT || type == VALUE_BLOB)
    {
      guint32 n = size;

      memcpy (p + 2, &n, sizeof n);
      return 2 + sizeof n;
    }
  return 2;
}

/* Writes one entry at @p; returns the bytes written. */
static gsize
pack_at (guint8      *p,
         guint8       param,
         guint8       type,
         const void  *data,
         gsize        size)
{
  gsize head = pack_head (p, param, type, size);

  if (size > 0)
    memcpy (p + head, data, size);
  return head + size;
}

/* The bytes of a stored field's entry, and where its value is. */
static gsize
field_entry (GbRecord       *record,
             const GbField  *field,
             guint8         *type,
             gconstpointer  *data,
             gsize          *size,
             gint64         *scratch)
{
  gpointer ptr = GB_FIELD_PTR (record, field);

  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      *type = VALUE_TEXT, *data = *(char **) ptr, *size = strlen (*(char **) ptr);
      break;
    case GB_FIELD_INT:
      *type = VALUE_INT, *data = ptr, *size = sizeof (gint64);
      break;
    case GB_FIELD_REAL:
      *type = VALUE_REAL, *data = ptr, *size = sizeof (double);
      break;
    case GB_FIELD_BOOL:
      *scratch = *(gboolean *) ptr ? 1 : 0;
      *type = VALUE_INT, *data = scratch, *size = sizeof (gint64);
      break;
    case GB_FIELD_BLOB:
      *type = VALUE_BLOB, *data = g_bytes_get_data (*(GBytes **) ptr, size);
      break;
    default:
      return 0;
    }
  return 2 + (*type == VALUE_TEXT || *type == VALUE_BLOB ? sizeof (guint32) : 0) + *size;
}

/* The values gb_store_insert() would bind for @record, keys included,
 * without a connection: they can be made on any thread. Measured first,
 * then written into one block: an import makes one for each row. */
GbStoreValues *
gb_store_values_new (GbStore  *self,
                     GbRecord *record)
{
  g_autofree char *search = NULL;
  g_autoptr(GBytes) sort = NULL;
  gconstpointer sort_data = "";
  gsize total = 0, sort_size = 0;
  GbStoreValues *values;
  guint8 *p, param = 1;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (record, self->record_type), NULL);

  for (guint i = 0; i < self->entity->n_fields; i++)
    {
      const GbField *field = &self->entity->fields[i];
      gconstpointer data;
      gsize size;
      gint64 scratch;
      guint8 type;

      if (gb_store_field_is_stored (field) && gb_record_field_is_set (record, field))
        total += field_entry (record, field, &type, &data, &size, &scratch);
    }
  if (self->entity->has_keys)
    {
      search = gb_record_dup_search_key (record);
      sort = gb_record_dup_sort_key (record);
      if (sort != NULL && (sort_data = g_bytes_get_data (sort, &sort_size)) == NULL)
        sort_data = "";
      total += 2 * (2 + sizeof (guint32)) + strlen (search) + sort_size;
    }

  values = g_malloc (sizeof *values + total);
  p = values->data;
  for (guint i = 0; i < self->entity->n_fields; i++)
    {
      const GbField *field = &self->entity->fields[i];
      gconstpointer data;
      gsize size;
      gint64 scratch;
      guint8 type;

      if (!gb_store_field_is_stored (field))
        continue;
      if (gb_record_field_is_set (record, field) && field_entry (record, field, &type, &data, &size, &scratch) > 0)
        p += pack_at (p, param, type, data, size);
      param++;
    }
  if (self->entity->has_keys)
    {
      p += pack_at (p, param++, VALUE_TEXT, search, strlen (search));
      p += pack_at (p, param++, VALUE_BLOB, sort_data, sort_size);
    }
  values->len = p - values->data;
  g_assert (values->len == total);
  return values;
}

void
gb_store_values_free (GbStoreValues *values)
{
  g_free (values);
}

/* The parameter of a stored field, from 1; 0 when it is not stored. */
static guint8
param_of (GbStore    *self,
          const char *name)
{
  guint8 param = 1;

  for (guint i = 0; i < self->entity->n_fields; i++)
    if (gb_store_field_is_stored (&self->entity->fields[i]))
      {
        if (strcmp (self->entity->fields[i].name, name) == 0)
          return param;
        param++;
      }
  return 0;
}

/* The last entry for @param, or NULL. */
static const guint8 *
find_entry (const GbStoreValues *values,
            guint8               param)
{
  const guint8 *p = values->data, *end = values->data + values->len, *found = NULL;

  for (; p < end; p += 2 + payload_size (p + 2, p[1]))
    if (p[0] == param)
      found = p;
  return found;
}

/* An entry's value as gb_record_dup_field_string() has it; NULL for none. */
static char *
entry_string (const guint8 *entry)
{
  guint32 size;
  gint64 v;

  if (entry == NULL)
    return NULL;
  switch (entry[1])
    {
    case VALUE_TEXT:
      memcpy (&size, entry + 2, sizeof size);
      return g_strndup ((const char *) entry + 2 + sizeof size, size);
    case VALUE_INT:
      memcpy (&v, entry + 2, sizeof v);
      return g_strdup_printf ("%" G_GINT64_FORMAT, v);
    default:
      return NULL;
    }
}

/* The search key once @param is set to the entry @entry, as
 * gb_record_dup_search_key() makes it from all the search fields. */
static char *
search_key_with (GbStore             *self,
                 const GbStoreValues *values,
                 guint8               param,
                 const guint8        *entry,
                 guint8              *key_param)
{
  GString *joined = g_string_new (NULL);
  guint8 at = 1, first_search = 0;
  const guint8 *before, *old;
  char *key;

  for (guint i = 0; i < self->entity->n_fields; i++)
    if (gb_store_field_is_stored (&self->entity->fields[i]))
      {
        if ((self->entity->fields[i].flags & GB_FIELD_SEARCH) && first_search == 0)
          first_search = at;
        at++;
      }
  *key_param = at;

  /* The first search field, which had no value: its words go before the
   * key's (a member's number, given after the check). Folding keeps one
   * space between the words of the values it joins. */
  before = find_entry (values, param);
  old = find_entry (values, at);
  if (param == first_search && (before == NULL || before[1] == VALUE_NULL)
      && entry[1] == VALUE_TEXT && old != NULL)
    {
      guint32 old_size;
      g_autofree char *text = entry_string (entry);
      g_autofree char *folded = gb_text_fold (text);

      memcpy (&old_size, old + 2, sizeof old_size);
      g_string_append_c (joined, ' ');
      g_string_append (joined, folded);
      /* The old key is " " and its folded words, or "" with none. */
      if (old_size > 1)
        {
          if (*folded != '\0')
            g_string_append_c (joined, ' ');
          g_string_append_len (joined, (const char *) old + 2 + sizeof old_size + 1, old_size - 1);
        }
      return g_string_free (joined, FALSE);
    }

  at = 1;
  for (guint i = 0; i < self->entity->n_fields; i++)
    if (gb_store_field_is_stored (&self->entity->fields[i]))
      {
        if (self->entity->fields[i].flags & GB_FIELD_SEARCH)
          {
            g_autofree char *value = entry_string (at == param ? entry : find_entry (values, at));

            if (value != NULL)
              {
                g_string_append (joined, value);
                g_string_append_c (joined, ' ');
              }
          }
        at++;
      }
  key = gb_record_search_key_of (joined->str);
  g_string_free (joined, TRUE);
  return key;
}

static void
values_append (GbStore        *self,
               GbStoreValues **values,
               const char     *field,
               guint8          type,
               const void     *data,
               gsize           size)
{
  const GbField *f = gb_entity_find_field (self->entity, field);
  guint8 param = param_of (self, field);
  guint8 entry[2 + sizeof (guint32) + sizeof (gint64)];
  g_autofree char *key = NULL;
  guint8 key_param = 0;
  gsize head, key_len = 0;
  GbStoreValues *out;
  guint8 *p;

  g_return_if_fail (param > 0);
  head = pack_head (entry, param, type, size);

  /* The search key follows the field, as gb_record_dup_search_key(). */
  if (self->entity->has_keys && (f->flags & GB_FIELD_SEARCH))
    {
      g_autofree guint8 *whole = g_malloc (head + size);

      memcpy (whole, entry, head);
      if (size > 0)
        memcpy (whole + head, data, size);
      key = search_key_with (self, *values, param, whole, &key_param);
      key_len = strlen (key);
    }

  /* One block: the values as they were, the field, and the key. */
  out = g_malloc (sizeof *out + (*values)->len + head + size + (key ? 2 + sizeof (guint32) + key_len : 0));
  memcpy (out->data, (*values)->data, (*values)->len);
  p = out->data + (*values)->len;
  p += pack_at (p, param, type, data, size);
  if (key)
    p += pack_at (p, key_param, VALUE_TEXT, key, key_len);
  out->len = p - out->data;
  g_free (*values);
  *values = out;
}

/* Sets @field in @values, as gb_record_set_int() would have: 0 is none
 * for an id or a year. The search key follows; the sort key does not (it
 * comes from the name, which is set before the values are made). */
void
gb_store_values_set_int (GbStore        *self,
                         GbStoreValues **values,
                         const char     *field,
                         gint64          value)
{
  const GbField *f = gb_entity_find_field (self->entity, field);

  g_return_if_fail (f != NULL && f->type == GB_FIELD_INT);
  if (value == 0 && (f->flags & GB_FIELD_ZERO_NULL))
    values_append (self, values, field, VALUE_NULL, NULL, 0);
  else
    values_append (self, values, field, VALUE_INT, &value, sizeof value);
}

/* As gb_record_set_text() would have, for text already tidied: "" is none. */
void
gb_store_values_set_text (GbStore        *self,
                          GbStoreValues **values,
                          const char     *field,
                          const char     *value)
{
  if (value == NULL || *value == '\0')
    values_append (self, values, field, VALUE_NULL, NULL, 0);
  else
    values_append (self, values, field, VALUE_TEXT, value, strlen (value));
}

void
gb_store_bind_values (GbStmt            *stmt,
             guint                    first,
             const GbStoreValues     *values,
             gboolean                 copy)
{
  const guint8 *p, *end;

  for (p = values->data, end = values->data + values->len; p < end; p += 2 + payload_size (p + 2, p[1]))
    {
      int param = first + p[0];
      const guint8 *body = p + 2;
      guint32 size;
      gint64 n;
      double x;

      switch (p[1])
        {
        case VALUE_NULL:
          gb_stmt_bind_null (stmt, param);
          break;
        case VALUE_INT:
          memcpy (&n, body, sizeof n);
          gb_stmt_bind_int64 (stmt, param, n);
          break;
        case VALUE_REAL:
          memcpy (&x, body, sizeof x);
          gb_stmt_bind_double (stmt, param, x);
          break;
        default:
          memcpy (&size, body, sizeof size);
          if (p[1] == VALUE_TEXT)
            gb_stmt_bind_text_len (stmt, param, (const char *) body + sizeof size, size, copy);
          else
            gb_stmt_bind_blob (stmt, param, body + sizeof size, size, copy);
        }
    }
}

/* A broken UNIQUE rule, said as gb_store_insert() says it. */
static void
explain_unique_values (GbStore             *self,
                       const GbStoreValues *values,
                       GError             **error)
{
  const GbField *field = gb_store_unique_field (self, error);
  g_autofree char *value = NULL;
  g_autofree char *reason = NULL;

  if (field == NULL)
    return;
  value = entry_string (find_entry (values, param_of (self, field->name)));
  reason = g_strdup_printf (_("“%s” is already used by another record."), value ? value : "");
  g_clear_error (error);
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID, "%s: %s", g_dgettext (GETTEXT_PACKAGE, field->label), reason);
}

/* Inserts @n records from values made by gb_store_values_new(), inside the
 * caller's transaction like gb_store_insert_batched(): the values were
 * checked when the records they came from were validated. The records'
 * ids follow one another, the last in @last_id: sqlite gives each new row
 * the highest id plus one. When one breaks a rule, nothing of its
 * statement stays and @failed tells which. */
gboolean
gb_store_insert_values (GbStore              *self,
                        GbStoreValues *const *values,
                        guint                 n,
                        gint64               *last_id,
                        guint                *failed,
                        GError              **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gboolean one_by_one = FALSE;
  gboolean shared, ok;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  shared = gb_database_is_shared (self->database);

  for (guint i = 0; i < n;)
    {
      guint rows = n - i >= GB_STORE_VALUES_BATCH && !one_by_one ? GB_STORE_VALUES_BATCH : 1;
      GbStmt *stmt = gb_database_prepare (self->database,
                                          rows > 1 ? self->sql_insert_many : self->sql_insert, error);

      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < rows; r++)
        gb_store_bind_values (stmt, r * self->n_params, values[i + r], FALSE);
      if (rows > 1)
        gb_stmt_bind_text_static (stmt, GB_STORE_VALUES_BATCH * self->n_params + 1, stamp);
      /* A refused statement ends a PostgreSQL transaction unless a
       * savepoint stands before it; sqlite only undoes the statement. */
      if (shared && !gb_database_begin (self->database, error))
        return FALSE;
      ok = gb_database_step_done (self->database, stmt, error);
      if (shared && ok)
        ok = gb_database_commit (self->database, error);
      else if (shared)
        gb_database_rollback (self->database);
      if (!ok)
        {
          /* Which row: the same rows again, one to a statement. */
          if (rows > 1)
            {
              g_clear_error (error);
              one_by_one = TRUE;
              continue;
            }
          explain_unique_values (self, values[i], error);
          if (failed)
            *failed = i;
          return FALSE;
        }
      i += rows;
    }
  /* The caller's write transaction holds the table: the highest id is
   * the last of these, on either engine. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", self->entity->table);

    *last_id = gb_database_query_int64 (self->database, sql, error);
  }
  return *last_id >= 0;
}
