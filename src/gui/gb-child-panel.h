/* gb-child-panel.h — the records that belong to one record (titles, dues …)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"
#include "gb-record-form.h"

G_BEGIN_DECLS

#define GB_TYPE_CHILD_PANEL (gb_child_panel_get_type ())
G_DECLARE_FINAL_TYPE (GbChildPanel, gb_child_panel, GB, CHILD_PANEL, AdwBin)

typedef char *(*GbChildSummary) (GbDatabase *database,
                                 GbRecord   *record,
                                 char      **subtitle);
typedef char *(*GbChildTotal)   (GPtrArray *records);
typedef void  (*GbChildSaveParent) (GbChildPanel *panel,
                                    gpointer      data);

GbChildPanel *gb_child_panel_new        (GbDatabase     *database,
                                         GType           child_type,
                                         const char     *parent_field,
                                         gint64          parent_id,
                                         const char     *title,
                                         GbChildSummary  summary,
                                         GbChildTotal    total);
GbRecordForm *gb_child_panel_add        (GbChildPanel   *self);
GbRecordForm *gb_child_panel_edit       (GbChildPanel   *self,
                                         guint           position);
guint         gb_child_panel_get_n_rows (GbChildPanel   *self);
void          gb_child_panel_refresh    (GbChildPanel   *self);
void          gb_child_panel_set_order  (GbChildPanel   *self,
                                         GCompareFunc    order);
void          gb_child_panel_set_save_parent (GbChildPanel      *self,
                                              GbChildSaveParent  save,
                                              gpointer           data);

G_END_DECLS
