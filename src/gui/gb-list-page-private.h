/* gb-list-page-private.h — what the pieces of a list page share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbListPage is one object written in several files: the page itself
 * (gb-list-page.c), the page kinds, query and filter menus
 * (gb-list-query.c), the columns and their cells (gb-list-columns.c), and
 * export and import (gb-list-transfer.c).
 * Only those files include this header.
 */
#pragma once

#include "gb-choices.h"
#include "gb-id-selection.h"
#include "gb-list-page.h"

G_BEGIN_DECLS

typedef enum
{
  VALUES_CHOICES,                /* a fixed list: codes are the values */
  VALUES_CRAFTS,                 /* the crafts in the store, by id */
  VALUES_DISTINCT,               /* what the records hold in `field` */
  VALUES_THIS_YEAR,              /* one entry whose value is the current year */
} ValuesFrom;

typedef struct
{
  const char     *name;          /* the store filter */
  const char     *all_label;     /* N_(): the "no filter" entry */
  ValuesFrom      from;
  const GbChoice *choices;
  const char     *field;         /* VALUES_DISTINCT */
  guint           prefix;        /* VALUES_DISTINCT: 4 keeps a date's year */
  const char     *one_label;     /* N_(): VALUES_THIS_YEAR */
} FilterSpec;

typedef struct
{
  const char        *kind;
  GType            (*get_type) (void);
  const char *const  columns[8];
  const char        *expand_column;
  FilterSpec         filters[5];
  const char        *search_hint;       /* N_() */
  const char        *empty_icon;
  const char        *empty_title;       /* N_() */
  const char        *empty_description; /* N_() */
  const char        *new_label;         /* N_(): the empty page's first button */
  const char        *default_sort;      /* a column sorted newest first, or NULL: by name */
} PageSpec;

struct _GbListPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkWidget          *form_pane;
  GtkWidget          *form_separator;
  GbRecordForm       *form;
  gint64              pending_id;     /* what to open once a changed form is settled */
  GtkSearchEntry     *search_entry;
  GtkFlowBox         *filter_box;
  GtkToggleButton    *bin_button;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_actions;
  GtkWidget          *clear_filters;  /* shown while any filter is set */
  GtkButton          *empty_new_button;
  GtkWidget          *empty_demo_button;
  gint64              reveal_id;      /* a record just saved, to select once listed */
  GtkLabel           *count_label;
  GtkLabel           *selection_label;
  GtkMenuButton      *print_button;
  GtkButton          *delete_button;
  GtkWidget          *bin_bar;

  gboolean            may_edit;       /* the role may add, change, delete and import */
  const PageSpec     *spec;
  GPtrArray          *filter_dropdowns;
  GbStore            *store;
  GbRecordList       *list;
  GbIdSelection      *selection;
  GArray             *last_deleted;   /* for Undo (Ctrl+Z) */
  guint               n_filling;      /* filter menus being filled */
  guint               refill_source;  /* filter menus refilled after edits */
  GPtrArray          *columns;        /* Column, one per column */
  char               *match_search;   /* the search match_words were folded from */
  char              **match_words;
};

/* gb-list-page.c */
void gb_list_page_requery (GbListPage *self);

/* gb-list-query.c */
const PageSpec *gb_list_page_spec_for              (const char *kind);
GbQuery        *gb_list_page_build_query           (GbListPage *self);
void            gb_list_page_add_filters           (GbListPage *self);
void            gb_list_page_reset_filters         (GbListPage *self);
void            gb_list_page_fill_distinct_filters (GbListPage *self);
void            gb_list_page_refill_filters        (GbListPage *self);

/* gb-list-columns.c */
void gb_list_page_add_columns (GbListPage *self);

/* gb-list-transfer.c: the actions list.export, list.import, list.undo-import */
void gb_list_page_export_action      (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void gb_list_page_import_action      (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void gb_list_page_undo_import_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);

G_END_DECLS
