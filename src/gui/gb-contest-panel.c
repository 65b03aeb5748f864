/* gb-contest-panel.c — entries, judges, criteria, scores and ranking
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown under a contest's form. Scores are entered one judge and one entry
 * at a time, a spin button per criterion, and saved as they change; the
 * ranking below is recomputed from the store after each.
 */
#define G_LOG_DOMAIN "gb-contest-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-boxed-item.h"
#include "gb-contest-panel.h"
#include "gb-error.h"
#include "gb-participants-panel.h"
#include "gb-contest.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-widget-util.h"

struct _GbContestPanel
{
  GtkBox       parent_instance;

  GbDatabase  *database;
  gint64       event_id;
  GbStore     *entries;
  GbStore     *judges;
  GbStore     *criteria;

  GtkWidget   *entries_group;
  GtkWidget   *judges_group;
  GtkWidget   *criteria_group;
  GtkWidget   *scores_group;
  GtkWidget   *ranking_group;
  GtkWidget   *new_entrant;     /* what the next entry is made of */
  GtkWidget   *new_product;
  GtkWidget   *new_weight;      /* of the next criterion */
  GtkWidget   *award_name;      /* the award the toggles give */
  GtkWidget   *sections;        /* one page per step of a contest, one shown */
  GPtrArray   *dynamic_rows;    /* rows rebuilt on refresh: (group, row) pairs */
  GListStore  *ranking;         /* GbBoxedItem of GbRankedEntry, best first */
  GtkWidget   *ranking_list;    /* their rows */

  GtkWidget   *judge_combo;
  GtkWidget   *entry_combo;
  GArray      *judge_ids;
  GArray      *entry_ids;
  GPtrArray   *score_spins;     /* one per criterion */
  GArray      *criterion_ids;   /* of each spin button, in the same order */
  gboolean     filling;
};

G_DEFINE_FINAL_TYPE (GbContestPanel, gb_contest_panel, GTK_TYPE_BOX)

static void refresh (GbContestPanel *self);
static void refresh_ranking (GbContestPanel *self);

static void
toast (GbContestPanel *self,
       const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_warning ("%s", message);
}

static void
add_dynamic (GbContestPanel *self,
             GtkWidget      *group,
             GtkWidget      *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->dynamic_rows, group);
  g_ptr_array_add (self->dynamic_rows, row);
}

static gboolean
insert (GbContestPanel  *self,
        GbStore         *store,
        GObject         *record,
        GError         **error)
{
  gboolean ok = gb_store_insert (store, GB_RECORD (record), error);

  g_object_unref (record);
  if (ok)
    refresh (self);
  return ok;
}

gboolean
gb_contest_panel_add_entry (GbContestPanel  *self,
                            const char      *entrant,
                            const char      *product,
                            GError         **error)
{
  GbContestEntry *e = g_object_new (GB_TYPE_CONTEST_ENTRY, NULL);

  e->event_id = self->event_id;
  e->entrant_name = g_strdup (entrant);
  e->product = g_strdup (product);
  return insert (self, self->entries, G_OBJECT (e), error);
}

gboolean
gb_contest_panel_add_judge (GbContestPanel  *self,
                            const char      *name,
                            GError         **error)
{
  GbContestJudge *j = g_object_new (GB_TYPE_CONTEST_JUDGE, NULL);

  j->event_id = self->event_id;
  j->name = g_strdup (name);
  return insert (self, self->judges, G_OBJECT (j), error);
}

gboolean
gb_contest_panel_add_criterion (GbContestPanel  *self,
                                const char      *name,
                                double           weight,
                                GError         **error)
{
  GbContestCriterion *c = g_object_new (GB_TYPE_CONTEST_CRITERION, NULL);

  c->event_id = self->event_id;
  c->name = g_strdup (name);
  c->weight = weight;
  return insert (self, self->criteria, G_OBJECT (c), error);
}

static GtkWidget *
entry_row (const char *title,
           const char *name)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  return row;
}

static void
add_entry_clicked_cb (GbContestPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (!gb_contest_panel_add_entry (self, gtk_editable_get_text (GTK_EDITABLE (self->new_entrant)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->new_product)),
                                   &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_entrant), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_product), "");
}

static void
add_judge_apply_cb (AdwEntryRow    *row,
                    GbContestPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (gb_contest_panel_add_judge (self, gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    gtk_editable_set_text (GTK_EDITABLE (row), "");
  else
    toast (self, error->message);
}

static void
add_criterion_apply_cb (AdwEntryRow    *row,
                        GbContestPanel *self)
{
  double weight = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->new_weight));
  g_autoptr(GError) error = NULL;

  if (gb_contest_panel_add_criterion (self, gtk_editable_get_text (GTK_EDITABLE (row)), weight,
                                      &error))
    gtk_editable_set_text (GTK_EDITABLE (row), "");
  else
    toast (self, error->message);
}

static gint64
selected_id (GtkWidget *combo,
             GArray    *ids)
{
  guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (combo));

  return ids != NULL && position < ids->len ? g_array_index (ids, gint64, position) : 0;
}

/* The criterion that @spin scores. */
static gint64
spin_criterion (GbContestPanel *self,
                GtkWidget      *spin)
{
  guint i;

  if (!g_ptr_array_find (self->score_spins, spin, &i))
    return 0;
  return g_array_index (self->criterion_ids, gint64, i);
}

/* Shows the chosen judge's scores of the chosen entry. */
static void
load_scores (GbContestPanel *self)
{
  gint64 judge = selected_id (self->judge_combo, self->judge_ids);
  gint64 entry = selected_id (self->entry_combo, self->entry_ids);

  self->filling = TRUE;
  for (guint i = 0; i < self->score_spins->len; i++)
    {
      GtkWidget *spin = g_ptr_array_index (self->score_spins, i);
      gint64 criterion = g_array_index (self->criterion_ids, gint64, i);
      double score = 0;

      gtk_widget_set_sensitive (spin, judge != 0 && entry != 0);
      gb_contest_get_score (self->database, entry, judge, criterion, &score);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), score);
    }
  self->filling = FALSE;
}

static void
score_changed_cb (GtkSpinButton  *spin,
                  GbContestPanel *self)
{
  gint64 judge = selected_id (self->judge_combo, self->judge_ids);
  gint64 entry = selected_id (self->entry_combo, self->entry_ids);
  gint64 criterion = spin_criterion (self, GTK_WIDGET (spin));
  g_autoptr(GError) error = NULL;

  if (self->filling || judge == 0 || entry == 0 || criterion == 0)
    return;
  if (!gb_contest_set_score (self->database, entry, judge, criterion,
                             gtk_spin_button_get_value (spin), &error))
    {
      toast (self, error->message);
      return;
    }
  /* Only the ranking: the spin button is still in its own signal. */
  refresh_ranking (self);
}

static void
selection_changed_cb (GbContestPanel *self)
{
  if (!self->filling)
    load_scores (self);
}

static GtkStringList *
names_of (GPtrArray  *records,
          GArray    **ids)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; records && i < records->len; i++)
    {
      GbRecord *r = g_ptr_array_index (records, i);
      gint64 id = gb_record_get_id (r);

      gtk_string_list_append (names, gb_record_get_name (r));
      g_array_append_val (*ids, id);
    }
  return names;
}

/* Giving takes the award named above the ranking; taking back removes the
 * entry's awards, unless a certificate was issued for one. */
static void
award_toggled_cb (GtkCheckButton *check,
                  GbContestPanel *self)
{
  /* The entry of the toggle's own row, held while it is given or taken. */
  g_autoptr(GbBoxedItem) item = gb_list_box_get_item (GTK_LIST_BOX (self->ranking_list),
                                                      G_LIST_MODEL (self->ranking),
                                                      GTK_WIDGET (check));
  const GbRankedEntry *r = item ? gb_boxed_item_get (item) : NULL;
  g_autoptr(GbStore) awards = gb_store_new (self->database, GB_TYPE_CONTEST_AWARD);
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  if (r == NULL)
    return;
  entry_id = r->entry_id;
  if (gtk_check_button_get_active (check))
    {
      GbContestAward *award = g_object_new (GB_TYPE_CONTEST_AWARD, NULL);
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->award_name));

      award->event_id = self->event_id;
      award->entry_id = entry_id;
      award->name = g_strdup (*name ? name : "Bàn tay vàng");
      award->rank = r->rank;
      if (!gb_store_insert (awards, GB_RECORD (award), &error))
        toast (self, error->message);
      g_object_unref (award);
    }
  else
    {
      g_autoptr(GPtrArray) given = gb_store_list_by (awards, "entry_id", entry_id, NULL);

      for (guint i = 0; given && i < given->len && error == NULL; i++)
        if (!gb_store_delete (awards, gb_record_get_id (given->pdata[i]), &error))
          toast (self, g_error_matches (error, GB_ERROR, GB_ERROR_CONSTRAINT)
                       ? _("A certificate was issued for this award; void it in the register before removing the award.")
                       : error->message);
    }
  /* Rebuilt from the store: a refused change shows as it stands. */
  refresh_ranking (self);
}

/* "Give an award" as a check box in the entry's row: what was given reads
 * at a glance, and one click gives or takes back. */
static GtkWidget *
award_toggle (GbContestPanel      *self,
              const GbRankedEntry *r,
              guint                position)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("Give an _Award"));
  g_autofree char *name = g_strdup_printf ("award-%u", position);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), r->awards != NULL && *r->awards);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_name (check, name);
  gtk_widget_set_tooltip_text (check, _("Give this entry the award named above, or take it back"));
  g_signal_connect (check, "toggled", G_CALLBACK (award_toggled_cb), self);
  return check;
}

static GtkWidget *
ranking_row (gpointer item,
             gpointer data)
{
  GbContestPanel *self = data;
  const GbRankedEntry *r = gb_boxed_item_get (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = r->rank ? g_strdup_printf ("%u. %s", r->rank, r->entrant)
                                   : g_strdup_printf ("– %s", r->entrant);
  g_autofree char *subtitle = r->awards ? g_strdup_printf ("%s · %s", r->product, r->awards)
                                        : g_strdup (r->product);
  g_autofree char *score = r->n_scores ? g_strdup_printf ("%.2f", r->score)
                                       : g_strdup (_("not scored"));
  GtkWidget *label = gtk_label_new (score);
  g_autofree char *name = NULL;
  guint position = 0;

  g_list_store_find (self->ranking, item, &position);
  name = g_strdup_printf ("rank-%u", position);
  gtk_widget_set_name (row, name);
  gtk_widget_add_css_class (label, "numeric");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), award_toggle (self, r, position));
  return row;
}

static void
refresh_ranking (GbContestPanel *self)
{
  g_autoptr(GPtrArray) ranking = gb_contest_ranking (self->database, self->event_id, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  /* The items take the entries over; one change builds the rows again. */
  if (ranking != NULL)
    g_ptr_array_set_free_func (ranking, NULL);
  for (guint i = 0; ranking && i < ranking->len; i++)
    g_ptr_array_add (items, gb_boxed_item_new (ranking->pdata[i],
                                               (GDestroyNotify) gb_ranked_entry_free));
  g_list_store_splice (self->ranking, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ranking)),
                       items->pdata, items->len);
}

static void
refresh (GbContestPanel *self)
{
  g_autoptr(GPtrArray) entries = gb_store_list_by (self->entries, "event_id", self->event_id, NULL);
  g_autoptr(GPtrArray) judges = gb_store_list_by (self->judges, "event_id", self->event_id, NULL);
  g_autoptr(GPtrArray) criteria = gb_store_list_by (self->criteria, "event_id", self->event_id, NULL);
  g_autoptr(GtkStringList) judge_names = NULL;
  g_autoptr(GtkStringList) entry_names = NULL;
  guint judge_pos = self->judge_combo ? adw_combo_row_get_selected (ADW_COMBO_ROW (self->judge_combo)) : 0;
  guint entry_pos = self->entry_combo ? adw_combo_row_get_selected (ADW_COMBO_ROW (self->entry_combo)) : 0;

  for (guint i = 0; i + 1 < self->dynamic_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->dynamic_rows, i),
                                  g_ptr_array_index (self->dynamic_rows, i + 1));
  g_ptr_array_set_size (self->dynamic_rows, 0);
  g_ptr_array_set_size (self->score_spins, 0);
  g_array_set_size (self->criterion_ids, 0);
  g_clear_pointer (&self->judge_ids, g_array_unref);
  g_clear_pointer (&self->entry_ids, g_array_unref);

  for (guint i = 0; entries && i < entries->len; i++)
    {
      GbContestEntry *e = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->entrant_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), e->product);
      add_dynamic (self, self->entries_group, row);
    }
  for (guint i = 0; judges && i < judges->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     gb_record_get_name (g_ptr_array_index (judges, i)));
      add_dynamic (self, self->judges_group, row);
    }
  for (guint i = 0; criteria && i < criteria->len; i++)
    {
      GbContestCriterion *c = g_ptr_array_index (criteria, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *weight = g_strdup_printf (_("weight %.2g"), c->weight);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), weight);
      add_dynamic (self, self->criteria_group, row);
    }

  /* Scores: choose the judge and the entry, then a score per criterion. */
  self->filling = TRUE;
  judge_names = names_of (judges, &self->judge_ids);
  entry_names = names_of (entries, &self->entry_ids);
  self->judge_combo = adw_combo_row_new ();
  gtk_widget_set_name (self->judge_combo, "score-judge");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->judge_combo), _("Judge"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->judge_combo), G_LIST_MODEL (judge_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->judge_combo), MIN (judge_pos, self->judge_ids->len));
  self->entry_combo = adw_combo_row_new ();
  gtk_widget_set_name (self->entry_combo, "score-entry");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entry_combo), _("Entry"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->entry_combo), G_LIST_MODEL (entry_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->entry_combo), MIN (entry_pos, self->entry_ids->len));
  g_signal_connect_swapped (self->judge_combo, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->entry_combo, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  add_dynamic (self, self->scores_group, self->judge_combo);
  add_dynamic (self, self->scores_group, self->entry_combo);
  for (guint i = 0; criteria && i < criteria->len; i++)
    {
      GbRecord *c = g_ptr_array_index (criteria, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 10, 0.5);
      g_autofree char *name = g_strdup_printf ("score-%u", i);
      gint64 id = gb_record_get_id (c);

      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_name (spin, name);
      g_signal_connect (spin, "value-changed", G_CALLBACK (score_changed_cb), self);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gb_record_get_name (c));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      add_dynamic (self, self->scores_group, row);
      g_ptr_array_add (self->score_spins, spin);
      g_array_append_val (self->criterion_ids, id);
    }
  self->filling = FALSE;
  load_scores (self);

  refresh_ranking (self);
}

static GtkWidget *
group (GtkWidget  *page,
       const char *title,
       const char *description,
       const char *name)
{
  GtkWidget *g = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (g), description);
  gtk_widget_set_name (g, name);
  gtk_box_append (GTK_BOX (page), g);
  return g;
}

/* Only the section chosen is shown (and measured: a hidden one does not
 * widen the form, which a stack's pages would). */
static void
section_toggled_cb (GtkToggleButton *button,
                    GtkWidget       *page)
{
  gtk_widget_set_visible (page, gtk_toggle_button_get_active (button));
}

/* One step of a contest: a page of the sections, and its button in the
 * row above them. The buttons' labels wrap rather than widen the form:
 * beside the list the form is narrow, and a wider one would push the list
 * off the window; cut short, "Người d…" said nothing. */
static GtkWidget *
section (GbContestPanel *self,
         GtkWidget      *switcher,
         const char     *name,
         const char     *title)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *first = gtk_widget_get_first_child (switcher);

  gtk_widget_set_name (page, name);
  gtk_box_append (GTK_BOX (self->sections), page);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_tooltip_text (button, title);
  if (first != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (first));
  else
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_set_visible (page, first == NULL);
  g_signal_connect (button, "toggled", G_CALLBACK (section_toggled_cb), page);
  gtk_box_append (GTK_BOX (switcher), button);
  return page;
}

static void
gb_contest_panel_dispose (GObject *object)
{
  GbContestPanel *self = GB_CONTEST_PANEL (object);

  g_clear_object (&self->entries);
  g_clear_object (&self->judges);
  g_clear_object (&self->criteria);
  g_clear_object (&self->database);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_object (&self->ranking);
  g_clear_pointer (&self->score_spins, g_ptr_array_unref);
  g_clear_pointer (&self->criterion_ids, g_array_unref);
  g_clear_pointer (&self->judge_ids, g_array_unref);
  g_clear_pointer (&self->entry_ids, g_array_unref);

  G_OBJECT_CLASS (gb_contest_panel_parent_class)->dispose (object);
}

static void
gb_contest_panel_class_init (GbContestPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_contest_panel_dispose;
}

static void
gb_contest_panel_init (GbContestPanel *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 18);
  self->dynamic_rows = g_ptr_array_new ();
  self->ranking = g_list_store_new (GB_TYPE_BOXED_ITEM);
  self->score_spins = g_ptr_array_new ();
  self->criterion_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

GbContestPanel *
gb_contest_panel_new (GbDatabase *database,
                      gint64      event_id)
{
  GbContestPanel *self = g_object_new (GB_TYPE_CONTEST_PANEL, NULL);
  GtkWidget *row, *button, *weight, *switcher, *page;

  self->database = g_object_ref (database);
  self->event_id = event_id;
  self->entries = gb_store_new (database, GB_TYPE_CONTEST_ENTRY);
  self->judges = gb_store_new (database, GB_TYPE_CONTEST_JUDGE);
  self->criteria = gb_store_new (database, GB_TYPE_CONTEST_CRITERION);

  /* A contest is run in steps; each has its page, so that none of them
   * scrolls past the others. */
  self->sections = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_name (self->sections, "contest-sections");
  switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_name (switcher, "contest-switcher");
  gtk_box_set_homogeneous (GTK_BOX (switcher), TRUE);
  gtk_widget_add_css_class (switcher, "linked");
  gtk_box_append (GTK_BOX (self), switcher);
  gtk_box_append (GTK_BOX (self), self->sections);

  page = section (self, switcher, "entries", _("Entrants"));
  {
    GtkWidget *people = GTK_WIDGET (gb_participants_panel_new (database, event_id, "entrant"));

    gtk_widget_set_name (people, "contest-participants");
    gtk_box_append (GTK_BOX (page), people);
  }
  self->entries_group = group (page, _("Entries"), NULL, "contest-entries");
  self->new_entrant = entry_row (_("New entrant"), "new-entrant");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->entries_group), self->new_entrant);
  row = self->new_product = entry_row (_("Their product"), "new-product");
  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gb_widget_set_tip (button, _("Add the entry"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_entry_clicked_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->entries_group), row);

  page = section (self, switcher, "judges", _("Judges and Criteria"));
  self->judges_group = group (page, _("Judges"), NULL, "contest-judges");
  row = entry_row (_("New judge"), "new-judge");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect (row, "apply", G_CALLBACK (add_judge_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->judges_group), row);

  self->criteria_group = group (page, _("Criteria"),
                                _("Each judge scores each criterion from 0 to 10; the weights say how much each counts."),
                                "contest-criteria");
  row = entry_row (_("New criterion"), "new-criterion");
  weight = self->new_weight = gtk_spin_button_new_with_range (0.1, 10, 0.1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (weight), 1);
  gtk_widget_set_valign (weight, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (weight, _("Weight"));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), weight);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect (row, "apply", G_CALLBACK (add_criterion_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->criteria_group), row);

  page = section (self, switcher, "scores", _("Scores"));
  self->scores_group = group (page, _("Scores"), _("Saved as you change them."), "contest-scores");
  page = section (self, switcher, "ranking", _("Ranking and Awards"));
  {
    GtkWidget *awards = group (page, _("Award"), NULL, "contest-award");

    self->award_name = adw_entry_row_new ();
    gtk_widget_set_name (self->award_name, "award-name");
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->award_name), _("Award given"));
    gtk_editable_set_text (GTK_EDITABLE (self->award_name), "Bàn tay vàng");
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (awards), self->award_name);
  }
  self->ranking_group = group (page, _("Ranking"),
                               _("Mean over the judges of each judge's weighted score. Tick "
                                 "“Give an Award” to give an entry the award above."),
                               "contest-ranking");
  self->ranking_list = gb_group_bind_model (self->ranking_group, G_LIST_MODEL (self->ranking),
                                            ranking_row, self);
  refresh (self);
  return self;
}
