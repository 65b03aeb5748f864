/* gb-list-columns.c — the columns of a list page and their cells
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column per field of the page's table. Cells are single-line
 * inscriptions, bound cheaply as rows scroll by; the name column carries a
 * caption that says what a search found in a field no column shows.
 */
#define G_LOG_DOMAIN "gb-list-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gb-choices.h"
#include "gb-column-sorter.h"
#include "gb-list-page-private.h"
#include "gb-list-row.h"
#include "gb-text.h"

static const GbEntity *
entity (GbListPage *self)
{
  g_autoptr(GbRecordClass) klass = g_type_class_ref (self->spec->get_type ());
  return klass->entity;
}

typedef struct
{
  GbListPage    *page;
  const GbField *field;
} Column;

static GQuark column_quark;
static GQuark tooltip_quark;   /* a cell's full text, when it shows a short form */

/* How many characters a column's cells ask for: a column of choices, dates
 * or numbers shows its longest value whole; the name column takes the
 * room that is left and is the only one that gives way first. */
static int
column_chars (const GbField *field,
              gboolean       main_column,
              int           *min_chars)
{
  int chars = 14;

  if (main_column)
    {
      *min_chars = 20;
      return 32;
    }
  if (field->choices != NULL)
    {
      chars = 4;
      for (guint i = 0; field->choices[i].code; i++)
        chars = MAX (chars, (int) g_utf8_strlen (gb_choice_short_label (field->choices,
                                                                        field->choices[i].code), -1));
    }
  else if (field->type == GB_FIELD_DATE)
    chars = 10;
  else if (field->type == GB_FIELD_INT)
    chars = 6;
  *min_chars = field->choices != NULL || field->type == GB_FIELD_DATE || field->type == GB_FIELD_INT
               ? chars : 6;
  return chars;
}

static gboolean cell_query_tooltip_cb (GtkWidget  *cell,
                                       int         x,
                                       int         y,
                                       gboolean    keyboard,
                                       GtkTooltip *tooltip);

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               Column                   *column)
{
  GtkWidget *cell = gtk_inscription_new (NULL);
  gboolean main_column = g_strcmp0 (column->field->name, column->page->spec->expand_column) == 0;
  int min_chars;
  int nat_chars = column_chars (column->field, main_column, &min_chars);

  /* Single-line, ellipsized: cheap to bind at any scroll speed. */
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  /* Its height, not the row's: a taller row (a caption) wraps no cell. */
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  if (column->field->choices != NULL)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  if (main_column)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *caption = gtk_inscription_new (NULL);

      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (caption), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (caption), min_chars);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (caption), nat_chars);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_set_visible (caption, FALSE);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), cell);
      gtk_box_append (GTK_BOX (box), caption);
      cell = box;
    }
  gtk_list_item_set_child (item, cell);
  g_object_set_qdata (G_OBJECT (item), column_quark, column);
}

static gboolean
is_column (GbListPage    *self,
           const GbField *field)
{
  for (guint i = 0; i < self->columns->len; i++)
    if (((Column *) g_ptr_array_index (self->columns, i))->field == field)
      return TRUE;
  return FALSE;
}

/* While a search is on: what a row matched that its columns do not show
 * ("Người đại diện: Trần Văn Bình"), so staff see why it is listed; NULL
 * when every word is in a column. Only rows on screen ask. */
static char *
hidden_match (GbListPage *self,
              GbRecord   *record)
{
  const char *search = self->list != NULL ? gb_query_get_search (gb_record_list_get_query (self->list)) : NULL;
  const GbEntity *e = gb_record_get_entity (record);
  g_autofree char *shown = NULL;

  if (g_strcmp0 (search, self->match_search) != 0)
    {
      g_free (self->match_search);
      g_strfreev (self->match_words);
      self->match_search = g_strdup (search);
      self->match_words = search != NULL ? gb_text_fold_words (search) : NULL;
    }
  if (self->match_words == NULL || self->match_words[0] == NULL)
    return NULL;

  /* What the row's columns show, folded once for all the words. */
  {
    GString *text = g_string_new (NULL);

    for (guint c = 0; c < self->columns->len; c++)
      {
        g_autofree char *value = gb_record_dup_field_display (record, ((Column *) self->columns->pdata[c])->field);

        g_string_append_printf (text, "%s ", value ? value : "");
      }
    shown = gb_record_search_key_of (text->str);
    g_string_free (text, TRUE);
  }
  for (guint w = 0; self->match_words[w] != NULL; w++)
    {
      g_autofree char *needle = g_strconcat (" ", self->match_words[w], NULL);

      if (strstr (shown, needle) != NULL)
        continue;
      for (guint i = 0; i < e->n_fields; i++)
        {
          const GbField *field = &e->fields[i];
          g_autofree char *value = NULL;
          g_autofree char *key = NULL;

          if (!(field->flags & GB_FIELD_SEARCH) || is_column (self, field)
              || (value = gb_record_dup_field_display (record, field)) == NULL)
            continue;
          key = gb_record_search_key_of (value);
          if (strstr (key, needle) != NULL)
            /* TRANSLATORS: why a row is in a search's results: a field not
             * shown in the list, and its value. */
            return g_strdup_printf (_("%s: %s"), _(field->label), value);
        }
    }
  return NULL;
}

static void
show_record (GtkListItem   *item,
             Column        *column,
             GbRecord      *record)
{
  const GbField *field = column->field;
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *cell = GTK_IS_INSCRIPTION (child) ? child : gtk_widget_get_first_child (child);
  GtkWidget *caption = cell != child ? gtk_widget_get_last_child (child) : NULL;
  g_autofree char *text = record ? gb_record_dup_field_display (record, field) : NULL;
  g_autofree char *why = NULL;
  const char *shown = text;

  /* A long choice ("Nghệ nhân Làng nghề Hải Phòng") in its short form,
   * whole, with the full text in the tooltip. */
  if (record != NULL && field->choices != NULL)
    {
      g_autofree char *code = gb_record_dup_field_string (record, field);

      shown = gb_choice_short_label (field->choices, code);
    }
  /* The name column's caption, under the name: what a search found that
   * no column shows. */
  if (caption != NULL && record != NULL)
    why = hidden_match (column->page, record);
  if (caption != NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (caption), why);
      gtk_widget_set_visible (caption, why != NULL);
    }
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), shown);
  /* Kept for query-tooltip: gtk_widget_set_tooltip_text() asks the X server
   * where the pointer is, a round trip per cell on every keystroke. */
  if (field->choices != NULL)
    g_object_set_qdata_full (G_OBJECT (cell), tooltip_quark,
                             g_strcmp0 (shown, text) != 0 ? g_steal_pointer (&text) : NULL, g_free);
}

static gboolean
cell_query_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  const char *text = g_object_get_qdata (G_OBJECT (cell), tooltip_quark);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A new search or sort replaced the record of a row on screen. */
static void
row_record_cb (GbListRow   *row,
               GParamSpec  *pspec,
               GtkListItem *item)
{
  Column *column = g_object_get_qdata (G_OBJECT (item), column_quark);

  show_record (item, column, gb_list_row_get_record (row));
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              Column                   *column)
{
  GbListRow *row = gtk_list_item_get_item (item);

  show_record (item, column, gb_list_row_get_record (row));
  g_signal_connect_object (row, "notify::record", G_CALLBACK (row_record_cb), item, 0);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                Column                   *column)
{
  GbListRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_record_cb, item);
}

void
gb_list_page_add_columns (GbListPage *self)
{
  const GbEntity *e = entity (self);

  /* Set before the first cell is made: cells come only with columns. */
  if (column_quark == 0)
    {
      column_quark = g_quark_from_static_string ("gb-list-page-column");
      tooltip_quark = g_quark_from_static_string ("gb-list-page-tooltip");
    }

  for (guint i = 0; self->spec->columns[i]; i++)
    {
      const GbField *field = gb_entity_find_field (e, self->spec->columns[i]);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      Column *data = g_new0 (Column, 1);

      data->page = self;
      data->field = field;
      g_ptr_array_add (self->columns, data);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), data);
      column = gtk_column_view_column_new (_(field->label), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, g_strcmp0 (field->name, self->spec->expand_column) == 0);
      if (field->flags & GB_FIELD_SORTABLE)
        {
          g_autoptr(GbColumnSorter) sorter = gb_column_sorter_new (field->name);
          gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
        }
      gtk_column_view_append_column (self->column_view, column);
      if (g_strcmp0 (field->name, self->spec->default_sort) == 0)
        gtk_column_view_sort_by_column (self->column_view, column, GTK_SORT_DESCENDING);
      g_object_unref (column);
    }
}
