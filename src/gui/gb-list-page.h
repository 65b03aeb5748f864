/* gb-list-page.h — a searchable, sortable list of one kind of record
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-export.h"

#include "gb-database.h"
#include "gb-record-form.h"
#include "gb-record-list.h"

G_BEGIN_DECLS

#define GB_TYPE_LIST_PAGE (gb_list_page_get_type ())
G_DECLARE_FINAL_TYPE (GbListPage, gb_list_page, GB, LIST_PAGE, AdwBin)

GbListPage   *gb_list_page_new           (const char  *kind);
void          gb_list_page_set_database  (GbListPage  *self,
                                          GbDatabase  *database);
GbRecordList *gb_list_page_get_list      (GbListPage  *self);
void          gb_list_page_reload        (GbListPage  *self);
gboolean      gb_list_page_is_filling    (GbListPage  *self);
GtkColumnView *gb_list_page_get_column_view (GbListPage *self);
void          gb_list_page_focus_search  (GbListPage  *self);
GbRecordForm *gb_list_page_get_form      (GbListPage  *self);
gboolean      gb_list_page_has_unsaved   (GbListPage  *self);

void          gb_list_page_import        (GbListPage     *self,
                                          const char     *path);
void          gb_list_page_export        (GbListPage     *self,
                                          const char     *path,
                                          GbExportFormat  format);
void          gb_list_page_set_filter    (GbListPage     *self,
                                          const char     *name,
                                          const char     *value);

G_END_DECLS
