/* gb-overview-page.c — the association at a glance
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-choices.h"
#include "gb-list-page.h"
#include "gb-overview-page.h"
#include "gb-registry.h"
#include "gb-stats.h"
#include "gb-store.h"
#include "gb-text.h"
#include "gb-widget-util.h"
#include "gb-window.h"

struct _GbOverviewPage
{
  AdwBin          parent_instance;

  GtkLabel       *association_label;
  GtkFlowBox     *cards;
  AdwPreferencesGroup *titles_group;
  GtkStringList  *titles;        /* the codes of the titles held, in gb_title_kinds' order */
  GtkWidget      *titles_list;   /* their rows */

  GbDatabase     *database;
  GbStats         stats;         /* as last counted */
};

/* The figures, in their order on the page, and the list each opens,
 * filtered as it was counted. */
typedef struct
{
  const char *name;
  const char *page;
  const char *filter;
  const char *value;     /* NULL with a filter: the year counted */
} Card;

static const Card cards[] = {
  { "count-collective", "members", "kind", "collective" },
  { "count-individual", "members", "kind", "individual" },
  { "count-artisans", "artisans", NULL, NULL },
  { "count-events-year", "events", "year", NULL },
};

G_DEFINE_FINAL_TYPE (GbOverviewPage, gb_overview_page, ADW_TYPE_BIN)

static GtkWidget *
find_list_page (GtkWidget  *root,
                const char *name)
{
  if (GB_IS_LIST_PAGE (root) && g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_page (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A figure opens the list it counts, filtered as it was counted (the same
 * store filter, so the list shows as many rows as the card says). */
static void
open_list (GbOverviewPage *self,
           const char     *page,
           const char     *filter,
           const char     *value)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GB_TYPE_WINDOW);
  GtkWidget *list;

  if (window == NULL)
    return;
  gb_window_show_page (GB_WINDOW (window), page);
  if ((list = find_list_page (window, page)) != NULL)
    gb_list_page_set_filter (GB_LIST_PAGE (list), filter, value);
}

static void
card_activated_cb (GtkFlowBox      *box,
                   GtkFlowBoxChild *child,
                   GbOverviewPage  *self)
{
  int i = gtk_flow_box_child_get_index (child);
  g_autofree char *year = g_strdup_printf ("%d", self->stats.year);

  if (i < 0 || i >= (int) G_N_ELEMENTS (cards))
    return;
  open_list (self, cards[i].page, cards[i].filter,
             cards[i].filter && !cards[i].value ? year : cards[i].value);
}

static void
title_activated_cb (AdwActionRow   *row,
                    GbOverviewPage *self)
{
  int i = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  const char *code = i < 0 ? NULL : gtk_string_list_get_string (self->titles, i);

  if (code != NULL)
    open_list (self, "artisans", "title", code);
}

/* The row of the title whose code is @item: how many artisans hold it. */
static GtkWidget *
title_row (gpointer item,
           gpointer data)
{
  GbOverviewPage *self = data;
  const char *code = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = NULL;
  GtkWidget *label;
  guint i = 0;

  while (gb_title_kinds[i].code && !g_str_equal (gb_title_kinds[i].code, code))
    i++;
  count = gb_text_format_thousands (self->stats.artisans_by_title[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(gb_title_kinds[i].label));
  label = gtk_label_new (count);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_name (label, code);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (title_activated_cb), self);
  return row;
}

static void
add_card (GbOverviewPage *self,
          const Card     *card,
          gint64          value,
          const char     *caption)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *text = gb_text_format_thousands (value);
  GtkWidget *figure = gtk_label_new (text);
  GtkWidget *label = gtk_label_new (caption);
  g_autofree char *spoken = g_strdup_printf ("%s %s", text, caption);

  gtk_widget_set_tooltip_text (child, _("Show them in their list"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_widget_set_cursor_from_name (child, "pointer");
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "activatable");
  gtk_widget_add_css_class (box, "gb-card");
  gtk_widget_add_css_class (figure, "gb-figure");
  gtk_widget_add_css_class (label, "gb-caption");
  gtk_widget_set_name (figure, card->name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), figure);
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_flow_box_append (self->cards, child);
}

static void
clear (GbOverviewPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_flow_box_remove (self->cards, child);
  gtk_string_list_splice (self->titles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->titles)),
                          NULL);
}

void
gb_overview_page_reload (GbOverviewPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) profile = NULL;
  g_autoptr(GbRecord) association = NULL;
  g_autofree char *events_caption = NULL;
  g_autoptr(GStrvBuilder) held = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  GbStats stats;

  g_return_if_fail (GB_IS_OVERVIEW_PAGE (self));

  clear (self);
  if (self->database == NULL)
    {
      gtk_label_set_text (self->association_label, _("No database is open"));
      gtk_widget_set_visible (GTK_WIDGET (self->titles_group), FALSE);
      return;
    }

  profile = gb_store_new (self->database, GB_TYPE_ASSOCIATION);
  association = gb_store_get (profile, 1, NULL);
  gtk_label_set_text (self->association_label,
                      association ? gb_record_get_name (association) : "Guildbook");

  if (!gb_stats_collect (self->database, &stats, &error))
    {
      g_warning ("Cannot count records: %s", error->message);
      return;
    }

  self->stats = stats;
  events_caption = g_strdup_printf (_("Events in %d"), stats.year);
  add_card (self, &cards[0], stats.collective_members, _("Collective members"));
  add_card (self, &cards[1], stats.individual_members, _("Individual members"));
  add_card (self, &cards[2], stats.artisans, _("Artisans"));
  add_card (self, &cards[3], stats.events_this_year, events_caption);

  for (guint i = 0; gb_title_kinds[i].code && i < G_N_ELEMENTS (stats.artisans_by_title); i++)
    if (stats.artisans_by_title[i] > 0)
      g_strv_builder_add (held, gb_title_kinds[i].code);
  codes = g_strv_builder_end (held);
  gtk_string_list_splice (self->titles, 0, 0, (const char *const *) codes);
  gtk_widget_set_visible (GTK_WIDGET (self->titles_group), codes[0] != NULL);
}

void
gb_overview_page_set_database (GbOverviewPage *self,
                               GbDatabase     *database)
{
  g_return_if_fail (GB_IS_OVERVIEW_PAGE (self));

  g_set_object (&self->database, database);
  /* Counting 100,000 records takes a third of a second: only when shown
   * (mapping counts again). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gb_overview_page_reload (self);
}

static void
gb_overview_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gb_overview_page_parent_class)->map (widget);
  /* Figures change on other pages and from guildbook-cli: count again when shown. */
  gb_overview_page_reload (GB_OVERVIEW_PAGE (widget));
}

static void
gb_overview_page_dispose (GObject *object)
{
  GbOverviewPage *self = GB_OVERVIEW_PAGE (object);

  g_clear_object (&self->database);
  g_clear_object (&self->titles);

  /* No gtk_widget_dispose_template(): the template's root is the AdwBin's
   * child, which AdwBin unparents itself; disposing it here first leaves
   * AdwBin a dangling child (a critical on 4.8). */
  G_OBJECT_CLASS (gb_overview_page_parent_class)->dispose (object);
}

static void
gb_overview_page_class_init (GbOverviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_overview_page_dispose;
  widget_class->map = gb_overview_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guildbook/Guildbook/gb-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbOverviewPage, association_label);
  gtk_widget_class_bind_template_child (widget_class, GbOverviewPage, cards);
  gtk_widget_class_bind_template_child (widget_class, GbOverviewPage, titles_group);
}

static void
gb_overview_page_init (GbOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->titles = gtk_string_list_new (NULL);
  self->titles_list = gb_group_bind_model (GTK_WIDGET (self->titles_group),
                                           G_LIST_MODEL (self->titles), title_row, self);
  g_signal_connect (self->cards, "child-activated", G_CALLBACK (card_activated_cb), self);
  gb_overview_page_reload (self);
}

GbOverviewPage *
gb_overview_page_new (void)
{
  return g_object_new (GB_TYPE_OVERVIEW_PAGE, NULL);
}
