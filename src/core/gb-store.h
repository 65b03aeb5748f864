/* gb-store.h — create, read, update, delete and query one kind of record
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All of Guildbook's record SQL is here, generated from each entity's list
 * of fields and bound with parameters; a PostgreSQL backend is another
 * implementation of these same calls.
 */
#pragma once

#include "gb-database.h"
#include "gb-query.h"
#include "gb-record.h"

G_BEGIN_DECLS

#define GB_TYPE_STORE (gb_store_get_type ())
G_DECLARE_FINAL_TYPE (GbStore, gb_store, GB, STORE, GObject)

GbStore        *gb_store_new             (GbDatabase     *database,
                                          GType           record_type);
GbDatabase     *gb_store_get_database    (GbStore        *self);
GType           gb_store_get_record_type (GbStore        *self);
const GbEntity *gb_store_get_entity      (GbStore        *self);

void            gb_store_last_change     (GbStore        *self,
                                          gint64          id,
                                          char          **who,
                                          char          **when);
GPtrArray      *gb_store_get_many        (GbStore        *self,
                                          const gint64   *ids,
                                          guint           n,
                                          GError        **error);
gboolean        gb_store_insert          (GbStore        *self,
                                          GbRecord       *record,
                                          GError        **error);
gboolean        gb_store_insert_batched  (GbStore        *self,
                                          GbRecord       *record,
                                          GError        **error);
typedef struct _GbStoreValues GbStoreValues;
GbStoreValues  *gb_store_values_new      (GbStore        *self,
                                          GbRecord       *record);
void            gb_store_values_free     (GbStoreValues  *values);
void            gb_store_values_set_int  (GbStore        *self,
                                          GbStoreValues **values,
                                          const char     *field,
                                          gint64          value);
void            gb_store_values_set_text (GbStore        *self,
                                          GbStoreValues **values,
                                          const char     *field,
                                          const char     *value);
gboolean        gb_store_insert_values   (GbStore        *self,
                                          GbStoreValues *const *values,
                                          guint           n,
                                          gint64         *last_id,
                                          guint          *failed,
                                          GError        **error);
gboolean        gb_store_update          (GbStore        *self,
                                          GbRecord       *record,
                                          GError        **error);
GbRecord       *gb_store_get             (GbStore        *self,
                                          gint64          id,
                                          GError        **error);
gboolean        gb_store_delete          (GbStore        *self,
                                          gint64          id,
                                          GError        **error);
gboolean        gb_store_restore         (GbStore        *self,
                                          gint64          id,
                                          GError        **error);
gint64          gb_store_empty_bin       (GbStore        *self,
                                          guint          *kept,
                                          GError        **error);

gint64          gb_store_count           (GbStore        *self,
                                          const GbQuery  *query,
                                          GError        **error);
GArray         *gb_store_query_ids       (GbStore        *self,
                                          const GbQuery  *query,
                                          GError        **error);
GArray         *gb_store_query_ids_keys  (GbStore        *self,
                                          const GbQuery  *query,
                                          GStringChunk   *chunk,
                                          GPtrArray      *keys,
                                          GError        **error);
gboolean        gb_store_sorts_by_rank   (GbStore        *self,
                                          const char     *field);
gboolean        gb_store_query_ranks     (GbStore        *self,
                                          const GbQuery  *query,
                                          const char     *field,
                                          GArray         *ids,
                                          GArray         *ranks,
                                          GError        **error);
GPtrArray      *gb_store_query           (GbStore        *self,
                                          const GbQuery  *query,
                                          GError        **error);
void            gb_store_query_async     (GbStore             *self,
                                          const GbQuery       *query,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray      *gb_store_query_finish    (GAsyncResult   *result,
                                          GError        **error);
GPtrArray      *gb_store_list_by         (GbStore        *self,
                                          const char     *field,
                                          gint64          value,
                                          GError        **error);
GStrv           gb_store_distinct        (GbStore        *self,
                                          const char     *field,
                                          guint           prefix,
                                          GError        **error);
void            gb_store_distinct_async  (GbStore             *self,
                                          const char          *field,
                                          guint                prefix,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GStrv           gb_store_distinct_finish (GAsyncResult   *result,
                                          GError        **error);
gint64          gb_store_find_id         (GbStore        *self,
                                          const char     *field,
                                          const char     *value);

typedef struct
{
  char *at;          /* ISO 8601, UTC */
  char *os_user;
  char *action;      /* insert, update, delete, restore, purge */
  char *field;
  char *old_value;
  char *new_value;
  char *table_name;  /* gb_audit_log only */
  gint64 record_id;  /* gb_audit_log only */
} GbHistoryEntry;

void            gb_history_entry_free    (GbHistoryEntry *entry);
GPtrArray      *gb_store_history         (GbStore        *self,
                                          gint64          id,
                                          GError        **error);
GPtrArray      *gb_audit_log             (GbDatabase     *database,
                                          guint           limit,
                                          GError        **error);
GArray         *gb_store_find_duplicates (GbStore        *self,
                                          GbRecord       *record,
                                          GError        **error);

G_END_DECLS
