/* gb-record-form.h — the detail form of one record, built from its fields
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_RECORD_FORM (gb_record_form_get_type ())
G_DECLARE_FINAL_TYPE (GbRecordForm, gb_record_form, GB, RECORD_FORM, AdwBin)

GbRecordForm *gb_record_form_new        (GbStore       *store);
gboolean      gb_record_form_open       (GbRecordForm  *self,
                                         gint64         id,
                                         GError       **error);
void          gb_record_form_open_new   (GbRecordForm  *self);
void          gb_record_form_set_parent (GbRecordForm  *self,
                                         const char    *field,
                                         gint64         parent_id);
gint64        gb_record_form_get_id     (GbRecordForm  *self);
gboolean      gb_record_form_is_dirty   (GbRecordForm  *self);
gboolean      gb_record_form_save       (GbRecordForm  *self);
void          gb_record_form_discard    (GbRecordForm  *self);
void          gb_record_form_set_photo  (GbRecordForm  *self,
                                         const char    *field,
                                         GBytes        *bytes);
const char   *gb_record_form_get_title  (GbRecordForm  *self);

const char   *gb_history_action_label   (const char    *action);

G_END_DECLS
