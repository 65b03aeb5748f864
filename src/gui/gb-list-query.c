/* gb-list-query.c — what a list page shows and how it asks the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table of page kinds (columns, filters, empty-page texts), the query
 * built from the search, the filters and the sort, and the filter menus,
 * some of which list what the records hold and are read off the main
 * thread.
 */
#define G_LOG_DOMAIN "gb-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-column-sorter.h"
#include "gb-event.h"
#include "gb-list-page-private.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-text.h"
#include "gb-widget-util.h"

static const GbChoice revoked_choices[] = {
  { "0", N_("No revoked title") },
  { "1", N_("A title revoked") },
  { NULL, NULL }
};

static const PageSpec specs[] = {
  {
    "members", gb_member_get_type,
    { "member_no", "name", "kind", "craft_name", "commune", "status", "joined_date", NULL },
    "name",
    { { "kind", N_("All kinds"), VALUES_CHOICES, gb_member_kinds },
      { "status", N_("Any status"), VALUES_CHOICES, gb_member_statuses },
      { "craft", N_("All crafts"), VALUES_CRAFTS },
      { "commune", N_("All communes and wards"), VALUES_DISTINCT, NULL, "commune" },
      { "dues_unpaid", N_("Dues: any"), VALUES_THIS_YEAR, NULL, NULL, 0, N_("Dues unpaid this year") } },
    N_("Search members by name, number, craft, commune, phone…"),
    "system-users-symbolic", N_("No Members Yet"),
    N_("Add the association’s first member, or bring the members in from a spreadsheet."),
    N_("_Add a Member"),
  },
  {
    "artisans", gb_artisan_get_type,
    { "name", "birth_year", "craft_name", "village", "highest_title", "decision_no", NULL },
    "name",
    { { "title", N_("Any title"), VALUES_CHOICES, gb_title_kinds },
      { "craft", N_("All crafts"), VALUES_CRAFTS },
      { "village", N_("All villages"), VALUES_DISTINCT, NULL, "village" },
      { "revoked", N_("Valid or revoked"), VALUES_CHOICES, revoked_choices } },
    N_("Search artisans by name, craft, village, phone…"),
    "starred-symbolic", N_("No Artisans Yet"),
    N_("Add the first recognized artisan, or bring the artisans in from a spreadsheet."),
    N_("_Add an Artisan"),
  },
  {
    "events", gb_event_get_type,
    { "start_date", "kind", "title", "place", "participant_count", NULL },
    "title",
    { { "kind", N_("All kinds"), VALUES_CHOICES, gb_event_kinds },
      { "year", N_("All years"), VALUES_DISTINCT, NULL, "start_date", 4 } },
    N_("Search events by title, place or partner…"),
    "x-office-calendar-symbolic", N_("No Events Yet"),
    N_("Contests, conferences, visits and drives appear here once they are recorded."),
    N_("_Add an Event"),
    "start_date",
  },
};

const PageSpec *
gb_list_page_spec_for (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_str_equal (specs[i].kind, kind))
      return &specs[i];
  return NULL;
}

/* The search, the filters, the sort and the bin, as the store takes them. */
GbQuery *
gb_list_page_build_query (GbListPage *self)
{
  GbQuery *query = gb_query_new ();
  const char *field = NULL;
  gboolean descending = FALSE;

  gb_query_set_search (query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);
      const FilterSpec *filter = &self->spec->filters[i];
      guint selected = gtk_drop_down_get_selected (dropdown);

      GStrv values = g_object_get_data (G_OBJECT (dropdown), "values");

      if (selected > 0 && selected != GTK_INVALID_LIST_POSITION
          && values != NULL && selected <= g_strv_length (values))
        gb_query_add_filter (query, filter->name, values[selected - 1]);
    }
  if (gb_column_view_get_sort (self->column_view, &field, &descending))
    gb_query_set_sort (query, field, descending);
  gb_query_set_deleted (query, gtk_toggle_button_get_active (self->bin_button)
                               ? GB_DELETED_ONLY : GB_DELETED_HIDE);
  return query;
}

static void
filter_changed_cb (GtkDropDown *dropdown,
                   GParamSpec  *pspec,
                   GbListPage  *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      guint selected = gtk_drop_down_get_selected (g_ptr_array_index (self->filter_dropdowns, i));

      any |= selected > 0 && selected != GTK_INVALID_LIST_POSITION;
    }
  gtk_widget_set_visible (self->clear_filters, any);
  gb_list_page_requery (self);
}

static void
clear_filters_cb (GbListPage *self)
{
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    gtk_drop_down_set_selected (g_ptr_array_index (self->filter_dropdowns, i), 0);
}

/* Puts @labels/@values in a filter's menu, keeping the value chosen
 * before if it is still there. */
static void
set_filter_menu (GbListPage    *self,
                 GtkDropDown   *dropdown,
                 GtkStringList *labels,
                 GStrv          values)
{
  const char * const *old = g_object_get_data (G_OBJECT (dropdown), "values");
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *chosen = (old != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0
                        && selected <= g_strv_length ((char **) old)) ? old[selected - 1] : NULL;
  guint keep = 0;

  for (guint i = 0; chosen != NULL && values[i]; i++)
    if (g_str_equal (values[i], chosen))
      keep = i + 1;

  g_signal_handlers_block_by_func (dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (dropdown, keep);
  g_object_set_data_full (G_OBJECT (dropdown), "values", values, (GDestroyNotify) g_strfreev);
  g_signal_handlers_unblock_by_func (dropdown, filter_changed_cb, self);
  /* The value chosen is gone (its last record changed): show them all. */
  if (chosen != NULL && keep == 0)
    filter_changed_cb (dropdown, NULL, self);
}

/* Which menu a reading of values fills, and whether it is still wanted. */
typedef struct
{
  GbListPage       *self;
  GtkDropDown      *dropdown;
  const FilterSpec *filter;
  GbStore          *store;       /* the page's store when the reading started */
  guint             generation;  /* of the dropdown's fills: the latest wins */
} Fill;

static void
fill_free (Fill *fill)
{
  g_object_unref (fill->self);
  g_object_unref (fill->dropdown);
  g_object_unref (fill->store);
  g_free (fill);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fill, fill_free)

static void
distinct_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Fill) fill = user_data;
  GbListPage *self = fill->self;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = gb_store_distinct_finish (result, &error);
  g_autoptr(GtkStringList) labels = NULL;
  guint latest = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fill->dropdown), "fill-generation"));

  self->n_filling--;
  /* Another database was opened meanwhile, or a newer fill of this menu
   * started: their own readings fill it. */
  if (fill->store != self->store || fill->generation != latest)
    return;
  if (found == NULL)
    {
      g_warning ("Cannot list the values of %s: %s", fill->filter->field, error->message);
      return;
    }
  labels = gtk_string_list_new (NULL);
  gtk_string_list_append (labels, _(fill->filter->all_label));
  gtk_string_list_splice (labels, 1, 0, (const char * const *) found);
  set_filter_menu (self, fill->dropdown, labels, g_steal_pointer (&found));
}

/* Fills a filter's menu: "all" first, then one entry per value. Menus
 * whose values come from the records are refilled for each database, and
 * when the records change. */
static void
fill_filter (GbListPage       *self,
             GtkDropDown      *dropdown,
             const FilterSpec *filter)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

  gtk_string_list_append (labels, _(filter->all_label));
  switch (filter->from)
    {
    case VALUES_CHOICES:
      for (guint c = 0; filter->choices[c].code; c++)
        {
          gtk_string_list_append (labels, _(filter->choices[c].label));
          g_strv_builder_add (values, filter->choices[c].code);
        }
      break;
    case VALUES_CRAFTS:
      if (self->store != NULL)
        {
          g_autoptr(GbStore) crafts = gb_store_new (gb_store_get_database (self->store), GB_TYPE_CRAFT);
          g_autoptr(GPtrArray) all = gb_store_query (crafts, NULL, NULL);

          for (guint i = 0; all && i < all->len; i++)
            {
              g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     gb_record_get_id (g_ptr_array_index (all, i)));
              gtk_string_list_append (labels, gb_record_get_name (g_ptr_array_index (all, i)));
              g_strv_builder_add (values, id);
            }
        }
      break;
    case VALUES_DISTINCT:
      if (self->store != NULL)
        {
          Fill *fill = g_new0 (Fill, 1);

          fill->self = g_object_ref (self);
          fill->dropdown = g_object_ref (dropdown);
          fill->filter = filter;
          fill->store = g_object_ref (self->store);
          fill->generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "fill-generation")) + 1;
          g_object_set_data (G_OBJECT (dropdown), "fill-generation", GUINT_TO_POINTER (fill->generation));
          self->n_filling++;
          /* At 100,000 records the scan takes a second: core reads on a worker. */
          gb_store_distinct_async (self->store, filter->field, filter->prefix, NULL,
                                   distinct_done, fill);
          /* Until the values come, the menu keeps what it offered. */
          if (g_object_get_data (G_OBJECT (dropdown), "values") != NULL)
            return;
        }
      break;
    case VALUES_THIS_YEAR:
    default:
      {
        g_autofree char *year = g_strdup_printf ("%d", gb_text_current_year ());
        gtk_string_list_append (labels, _(filter->one_label));
        g_strv_builder_add (values, year);
      }
      break;
    }

  set_filter_menu (self, dropdown, labels, g_strv_builder_end (values));
}

/* The menus that list what the records hold (communes, villages, years,
 * crafts) follow the records: refilled a moment after they change. */
static gboolean
refill_filters_cb (gpointer data)
{
  GbListPage *self = data;

  self->refill_source = 0;
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      const FilterSpec *filter = &self->spec->filters[i];

      if (filter->from == VALUES_DISTINCT || filter->from == VALUES_CRAFTS)
        fill_filter (self, g_ptr_array_index (self->filter_dropdowns, i), filter);
    }
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (GbStore    *store,
                  gint64      id,
                  GbListPage *self)
{
  if (self->refill_source == 0)
    self->refill_source = g_timeout_add (500, refill_filters_cb, self);
}

void
gb_list_page_refill_filters (GbListPage *self)
{
  g_clear_handle_id (&self->refill_source, g_source_remove);
  refill_filters_cb (self);
}

/* The menus for a newly set store (and the watch that refills them). */
void
gb_list_page_reset_filters (GbListPage *self)
{
  g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);

      /* Another file's values are not offered while this one's are read;
       * those read from the records wait until the page is first shown. */
      g_object_set_data (G_OBJECT (dropdown), "values", NULL);
      if (self->spec->filters[i].from == VALUES_DISTINCT)
        {
          g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

          gtk_string_list_append (labels, _(self->spec->filters[i].all_label));
          set_filter_menu (self, dropdown, labels, g_new0 (char *, 1));
        }
      else
        fill_filter (self, dropdown, &self->spec->filters[i]);
    }
}

/* The menus that list what the records hold, read once the page is shown. */
void
gb_list_page_fill_distinct_filters (GbListPage *self)
{
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    if (self->spec->filters[i].from == VALUES_DISTINCT)
      fill_filter (self, g_ptr_array_index (self->filter_dropdowns, i), &self->spec->filters[i]);
}

/* Whether a filter menu is still waiting for the values it lists: being
 * read, or about to be read again after the records changed. */
gboolean
gb_list_page_is_filling (GbListPage *self)
{
  g_return_val_if_fail (GB_IS_LIST_PAGE (self), FALSE);
  return self->n_filling > 0 || self->refill_source != 0;
}

void
gb_list_page_add_filters (GbListPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->spec->filters) && self->spec->filters[i].name; i++)
    {
      const FilterSpec *filter = &self->spec->filters[i];
      GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);

      gtk_widget_set_name (dropdown, filter->name);
      gb_widget_set_tip (dropdown, _(filter->all_label));
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
      fill_filter (self, GTK_DROP_DOWN (dropdown), filter);
      gtk_flow_box_append (self->filter_box, dropdown);
      g_ptr_array_add (self->filter_dropdowns, dropdown);
    }
  self->clear_filters = gtk_button_new_with_mnemonic (_("_Clear Filters"));
  gtk_widget_add_css_class (self->clear_filters, "flat");
  gtk_widget_set_visible (self->clear_filters, FALSE);
  g_signal_connect_swapped (self->clear_filters, "clicked", G_CALLBACK (clear_filters_cb), self);
  gtk_flow_box_append (self->filter_box, self->clear_filters);
}

/* Showing one filter from elsewhere (the Overview's figures) ----------- */

static gboolean
select_filter_value (GtkDropDown *dropdown,
                     const char  *value)
{
  const char *const *values = g_object_get_data (G_OBJECT (dropdown), "values");

  for (guint i = 0; values != NULL && values[i]; i++)
    if (g_str_equal (values[i], value))
      {
        gtk_drop_down_set_selected (dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

static gboolean
apply_pending_filter (gpointer data)
{
  GtkDropDown *dropdown = data;
  const char *value = g_object_get_data (G_OBJECT (dropdown), "pending-filter");

  if (value != NULL && select_filter_value (dropdown, value))
    g_object_set_data (G_OBJECT (dropdown), "pending-filter", NULL);
  return G_SOURCE_REMOVE;
}

/* A menu filled from the records (years, villages) gets its values on a
 * worker; the model is set first and the values just after, so the value
 * asked for is chosen once the filling is over. */
static void
filter_menu_filled_cb (GtkDropDown *dropdown,
                       GParamSpec  *pspec,
                       gpointer     data)
{
  if (g_object_get_data (G_OBJECT (dropdown), "pending-filter") != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, apply_pending_filter, g_object_ref (dropdown), g_object_unref);
}

/* Shows the records whose filter @name has @value, and only them: the
 * search, the bin and the other filters are cleared. @name NULL shows all. */
void
gb_list_page_set_filter (GbListPage *self,
                         const char *name,
                         const char *value)
{
  g_return_if_fail (GB_IS_LIST_PAGE (self));
  g_return_if_fail (name == NULL || value != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->bin_button, FALSE);
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);

      g_object_set_data (G_OBJECT (dropdown), "pending-filter", NULL);
      if (name == NULL || !g_str_equal (self->spec->filters[i].name, name))
        gtk_drop_down_set_selected (dropdown, 0);
      else if (!select_filter_value (dropdown, value))
        {
          g_object_set_data_full (G_OBJECT (dropdown), "pending-filter", g_strdup (value), g_free);
          if (g_object_get_data (G_OBJECT (dropdown), "pending-filter-hooked") == NULL)
            {
              g_signal_connect (dropdown, "notify::model", G_CALLBACK (filter_menu_filled_cb), NULL);
              g_object_set_data (G_OBJECT (dropdown), "pending-filter-hooked", GINT_TO_POINTER (1));
            }
        }
    }
}
