/* gb-record-list.h — a GListModel of one query's records, built on demand
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_RECORD_LIST (gb_record_list_get_type ())
G_DECLARE_FINAL_TYPE (GbRecordList, gb_record_list, GB, RECORD_LIST, GObject)

GbRecordList  *gb_record_list_new          (GbStore       *store);
GbRecordList  *gb_record_list_new_for_query (GbStore      *store,
                                            const GbQuery *query);
GbStore       *gb_record_list_get_store    (GbRecordList  *self);
const GbQuery *gb_record_list_get_query    (GbRecordList  *self);
void           gb_record_list_set_query    (GbRecordList  *self,
                                            const GbQuery *query);
void           gb_record_list_reload       (GbRecordList  *self);
gboolean       gb_record_list_is_loading   (GbRecordList  *self);
gint64         gb_record_list_get_total    (GbRecordList  *self);
gint64         gb_record_list_get_id       (GbRecordList  *self,
                                            guint          position);
GbRecord      *gb_record_list_get_record   (GbRecordList  *self,
                                            guint          position);
void           gb_record_list_set_rows_in_place (GbRecordList *self,
                                            gboolean       in_place);
int            gb_record_list_find         (GbRecordList  *self,
                                            gint64         id);

G_END_DECLS
