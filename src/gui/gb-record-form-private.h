/* gb-record-form-private.h — what the pieces of a record form share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbRecordForm is one object written in three files: the form itself,
 * loading and saving (gb-record-form.c), its field rows (gb-form-rows.c)
 * and the panels below them (gb-form-panels.c). Only those files include
 * this header.
 */
#pragma once

#include "gb-record-form.h"

G_BEGIN_DECLS

typedef struct
{
  const GbField *field;
  GtkWidget     *row;
  GArray        *ids;    /* craft_id: the id behind each combo position */
  GBytes        *bytes;  /* a photo row's picture, as chosen */
  GtkWidget     *picture;
} FieldRow;

struct _GbRecordForm
{
  AdwBin        parent_instance;

  GtkWidget    *title_label;
  GtkWidget    *scrolled;
  GtkWidget    *error_label;
  GtkWidget    *save_button;
  GtkWidget    *groups_box;
  GtkWidget    *history_group;
  GtkWidget    *print_button;
  GtkWidget    *contest_panel;
  GtkWidget    *child_panel;
  GtkWidget    *member_panels;  /* a member's status list and other crafts */
  GtkWidget    *people_panel;   /* an event's participants, or a person's events */
  GtkWidget    *link_group;     /* an artisan's member record, or a member's artisan */
  GtkWidget    *duplicate_box;
  GtkWidget    *duplicate_label;
  gint64        duplicate_id;
  gboolean      duplicate_accepted;

  GbStore      *store;
  GbStore      *crafts;
  GbRecord     *record;     /* as loaded; never changed until saved */
  const char   *parent_field;  /* set on new records: e.g. artisan_id */
  gint64        parent_id;
  char         *title;
  GPtrArray    *rows;       /* FieldRow */
  gboolean      dirty;
  gboolean      loading;
};

/* gb-record-form.c */
void      gb_record_form_set_dirty     (GbRecordForm  *self,
                                        gboolean       dirty);
void      gb_record_form_changed       (GbRecordForm  *self);

/* gb-form-rows.c */
FieldRow *gb_record_form_make_row      (GbRecordForm  *self,
                                        const GbField *field);
void      gb_field_row_free            (FieldRow      *fr);
void      gb_field_row_show_photo      (FieldRow      *fr,
                                        GBytes        *bytes);
gboolean  gb_field_has_none_entry      (const GbField *field);

/* gb-form-panels.c */
void      gb_record_form_show_history  (GbRecordForm  *self);
void      gb_record_form_show_children (GbRecordForm  *self);
void      gb_record_form_show_link     (GbRecordForm  *self);
void      gb_record_form_show_contest  (GbRecordForm  *self);

G_END_DECLS
