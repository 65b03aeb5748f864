/* gb-reports-page-options.c — the options of a report, as a form
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each kind of report asks for its own options: the document's number
 * and date and its recipients for all, then which members, the period,
 * the year or the contest, and for an activity report the sections staff
 * write. The form is built from a report's options and read back into
 * them; every change in it asks the page to draw again.
 */
#define G_LOG_DOMAIN "gb-reports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-event.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-reports-page-private.h"
#include "gb-store.h"
#include "gb-text.h"

/* Reading the options ----------------------------------------------------- */

static char *
text_of (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static void
set_text_of (GtkWidget  *view,
             const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text ? text : "", -1);
}

/* dd/mm/yyyy as typed to ISO; NULL (and the row marked) when it is not a date. */
char *
gb_reports_page_date_of (GtkWidget *row)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (row));
  char *iso;

  if (*typed == '\0')
    {
      gtk_widget_remove_css_class (row, "error");
      return NULL;
    }
  iso = gb_text_parse_date (typed, NULL);
  if (iso == NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  return iso;
}

void
gb_reports_page_read_options (GbReportsPage   *self,
              GbReportOptions *o)
{
  g_autofree char *recipients = text_of (self->recipients);
  g_autofree char *font = g_settings_get_string (self->settings, "document-font");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (recipients, "\n", -1);

  gb_report_options_init (o, self->kind);
  o->number = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->number));
  o->date = gb_reports_page_date_of (self->date);
  o->font = *font ? g_steal_pointer (&font) : NULL;
  for (guint i = 0; split[i]; i++)
    {
      g_strstrip (split[i]);
      /* "- Như trên;" as typed in Word: the dash and the semicolon are the layout's. */
      while (split[i][0] == '-' || split[i][0] == ' ')
        memmove (split[i], split[i] + 1, strlen (split[i]));
      if (g_str_has_suffix (split[i], ";") || g_str_has_suffix (split[i], "."))
        split[i][strlen (split[i]) - 1] = '\0';
      if (*split[i])
        g_ptr_array_add (lines, g_strdup (split[i]));
    }
  if (lines->len > 0)
    {
      g_ptr_array_add (lines, NULL);
      o->recipients = (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
    }
  else if (!g_str_equal (o->kind, "roster") && !g_str_equal (o->kind, "dues"))
    {
      /* The association's usual list (Preferences); lists and dues stay in the office. */
      g_auto(GStrv) usual = g_settings_get_strv (self->settings, "report-recipients");

      if (usual[0] != NULL)
        o->recipients = g_steal_pointer (&usual);
    }
  if (self->from)
    {
      char *from = gb_reports_page_date_of (self->from), *to = gb_reports_page_date_of (self->to);

      if (from)
        g_free (o->from), o->from = from;
      if (to)
        g_free (o->to), o->to = to;
    }
  if (self->year)
    o->year = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->year));
  o->fees = g_settings_get_value (self->settings, "dues-fees");
  if (self->contest && self->contest_ids && self->contest_ids->len > 0)
    {
      guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->contest));

      if (i < self->contest_ids->len)
        o->contest_id = g_array_index (self->contest_ids, gint64, i);
    }
  if (self->member_kind)
    {
      static const char *const kinds[] = { NULL, "collective", "individual" };
      static const char *const statuses[] = { NULL, "active", "suspended", "resigned", "deceased" };
      g_autoptr(GPtrArray) filters = g_ptr_array_new ();
      guint k = adw_combo_row_get_selected (ADW_COMBO_ROW (self->member_kind));
      guint s = adw_combo_row_get_selected (ADW_COMBO_ROW (self->member_status));

      if (k > 0 && k < G_N_ELEMENTS (kinds))
        g_ptr_array_add (filters, g_strdup_printf ("kind=%s", kinds[k]));
      if (s > 0 && s < G_N_ELEMENTS (statuses))
        g_ptr_array_add (filters, g_strdup_printf ("status=%s", statuses[s]));
      {
        guint c = adw_combo_row_get_selected (ADW_COMBO_ROW (self->craft));
        guint w = adw_combo_row_get_selected (ADW_COMBO_ROW (self->commune));

        if (c > 0 && self->craft_ids && c <= self->craft_ids->len)
          g_ptr_array_add (filters, g_strdup_printf ("craft=%" G_GINT64_FORMAT,
                                                     g_array_index (self->craft_ids, gint64, c - 1)));
        if (w > 0 && self->communes && w <= g_strv_length (self->communes))
          g_ptr_array_add (filters, g_strdup_printf ("commune=%s", self->communes[w - 1]));
      }
      if (gtk_switch_get_active (GTK_SWITCH (self->unpaid)))
        g_ptr_array_add (filters, g_strdup_printf ("dues_unpaid=%d", gb_text_current_year ()));
      g_ptr_array_add (filters, NULL);
      o->filters = (char **) g_ptr_array_free (g_steal_pointer (&filters), FALSE);
    }
  if (self->assessment)
    {
      o->assessment = text_of (self->assessment);
      o->direction = text_of (self->direction);
      o->proposals = text_of (self->proposals);
    }
}

/* Building the options ---------------------------------------------------- */

static GtkWidget *
group (GbReportsPage *self,
       const char    *title)
{
  GtkWidget *g = adw_preferences_group_new ();

  if (title)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  gtk_box_append (GTK_BOX (self->options_box), g);
  return g;
}

static GtkWidget *
spin_row (GbReportsPage *self,
          GtkWidget     *g,
          const char    *title,
          const char    *subtitle,
          const char    *name,
          int            lo,
          int            hi,
          int            value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lo, hi, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (spin, name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  g_signal_connect_swapped (spin, "value-changed",
                            G_CALLBACK (gb_reports_page_option_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), row);
  return spin;
}

static GtkWidget *
date_row (GbReportsPage *self,
          GtkWidget     *g,
          const char    *title,
          const char    *name,
          const char    *iso)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *shown = iso ? gb_text_format_date (iso) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  gtk_editable_set_text (GTK_EDITABLE (row), shown ? shown : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (gb_reports_page_option_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), row);
  return row;
}

static GtkWidget *
text_area (GbReportsPage *self,
           const char    *title,
           const char    *hint,
           const char    *name)
{
  GtkWidget *g = group (self, title);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  if (hint)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (g), hint);
  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 90);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), frame);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (gb_reports_page_option_changed), self);
  return view;
}

static GtkWidget *
combo_row (GbReportsPage     *self,
           GtkWidget         *g,
           const char        *title,
           const char        *name,
           const char *const *items)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_signal_connect_swapped (row, "notify::selected",
                            G_CALLBACK (gb_reports_page_option_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), row);
  return row;
}

void
gb_reports_page_clear_options (GbReportsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->options_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->options_box), child);
  self->number = self->date = self->recipients = NULL;
  self->from = self->to = self->year = self->contest = NULL;
  self->member_kind = self->member_status = self->unpaid = NULL;
  self->craft = self->commune = NULL;
  g_clear_pointer (&self->craft_ids, g_array_unref);
  g_clear_pointer (&self->communes, g_strfreev);
  self->assessment = self->direction = self->proposals = NULL;
  g_clear_pointer (&self->contest_ids, g_array_unref);
}

void
gb_reports_page_build_options (GbReportsPage         *self,
               const GbReportOptions *o)
{
  GtkWidget *g;

  self->filling = TRUE;
  gb_reports_page_clear_options (self);

  g = group (self, _("Document"));
  self->number = spin_row (self, g, _("Number"), _("0 leaves dots to fill in by hand"), "report-number",
                           0, 9999, (int) o->number);
  self->date = date_row (self, g, _("Date (dd/mm/yyyy, empty: today)"), "report-date", o->date);

  if (g_str_equal (o->kind, "roster"))
    {
      const char *kinds[] = { _("All members"), _("Collective"), _("Individual"), NULL };
      const char *statuses[] = { _("Any status"), _("Active"), _("Suspended"), _("Resigned"), _("Deceased"), NULL };
      GtkWidget *row = adw_action_row_new ();

      g = group (self, _("Which Members"));
      self->member_kind = combo_row (self, g, _("Kind"), "report-member-kind", kinds);
      self->member_status = combo_row (self, g, _("Status"), "report-member-status", statuses);
      {
        /* The crafts and the communes as on the Members page. */
        g_autoptr(GbStore) crafts = gb_store_new (self->database, GB_TYPE_CRAFT);
        g_autoptr(GbStore) members = gb_store_new (self->database, GB_TYPE_MEMBER);
        g_autoptr(GPtrArray) all = gb_store_query (crafts, NULL, NULL);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_free);

        self->craft_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_ptr_array_add (names, g_strdup (_("All crafts")));
        for (guint i = 0; all && i < all->len; i++)
          {
            gint64 id = gb_record_get_id (all->pdata[i]);

            g_array_append_val (self->craft_ids, id);
            g_ptr_array_add (names, g_strdup (GB_CRAFT (all->pdata[i])->name));
          }
        g_ptr_array_add (names, NULL);
        self->craft = combo_row (self, g, _("Craft"), "report-craft", (const char *const *) names->pdata);
        self->communes = gb_store_distinct (members, "commune", 0, NULL);
        g_ptr_array_add (places, g_strdup (_("All communes and wards")));
        for (guint i = 0; self->communes && self->communes[i]; i++)
          g_ptr_array_add (places, g_strdup (self->communes[i]));
        g_ptr_array_add (places, NULL);
        self->commune = combo_row (self, g, _("Commune or ward"), "report-commune",
                                   (const char *const *) places->pdata);
      }
      self->unpaid = gtk_switch_new ();
      gtk_widget_set_valign (self->unpaid, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Dues unpaid this year"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->unpaid);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->unpaid);
      g_signal_connect_swapped (self->unpaid, "notify::active",
                                G_CALLBACK (gb_reports_page_option_changed), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), row);
      for (guint i = 0; o->filters && o->filters[i]; i++)
        {
          if (g_str_equal (o->filters[i], "kind=collective"))
            adw_combo_row_set_selected (ADW_COMBO_ROW (self->member_kind), 1);
          else if (g_str_equal (o->filters[i], "kind=individual"))
            adw_combo_row_set_selected (ADW_COMBO_ROW (self->member_kind), 2);
          else if (g_str_has_prefix (o->filters[i], "status="))
            {
              static const char *const st[] = { "", "active", "suspended", "resigned", "deceased" };

              for (guint k = 1; k < G_N_ELEMENTS (st); k++)
                if (g_str_equal (o->filters[i] + 7, st[k]))
                  adw_combo_row_set_selected (ADW_COMBO_ROW (self->member_status), k);
            }
          else if (g_str_has_prefix (o->filters[i], "craft="))
            {
              gint64 id = g_ascii_strtoll (o->filters[i] + 6, NULL, 10);

              for (guint k = 0; self->craft_ids && k < self->craft_ids->len; k++)
                if (g_array_index (self->craft_ids, gint64, k) == id)
                  adw_combo_row_set_selected (ADW_COMBO_ROW (self->craft), k + 1);
            }
          else if (g_str_has_prefix (o->filters[i], "commune="))
            {
              for (guint k = 0; self->communes && self->communes[k]; k++)
                if (g_str_equal (self->communes[k], o->filters[i] + 8))
                  adw_combo_row_set_selected (ADW_COMBO_ROW (self->commune), k + 1);
            }
          else if (g_str_has_prefix (o->filters[i], "dues_unpaid="))
            gtk_switch_set_active (GTK_SWITCH (self->unpaid), TRUE);
        }
    }
  else if (g_str_equal (o->kind, "activity"))
    {
      g = group (self, _("Period"));
      self->from = date_row (self, g, _("From (dd/mm/yyyy)"), "report-from", o->from);
      self->to = date_row (self, g, _("To (dd/mm/yyyy)"), "report-to", o->to);
    }
  else if (g_str_equal (o->kind, "dues") || g_str_equal (o->kind, "statistics"))
    {
      g = group (self, NULL);
      self->year = spin_row (self, g, _("Year"), NULL, "report-year", 1990, 2100, o->year);
    }
  else if (g_str_equal (o->kind, "contest"))
    {
      g_autoptr(GbStore) events = gb_store_new (self->database, GB_TYPE_EVENT);
      g_autoptr(GbQuery) query = gb_query_new ();
      g_autoptr(GPtrArray) contests = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      guint selected = 0;

      gb_query_add_filter (query, "kind", "contest");
      gb_query_set_sort (query, "start_date", TRUE);
      contests = gb_store_query (events, query, NULL);
      self->contest_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; contests && i < contests->len; i++)
        {
          GbEvent *ev = contests->pdata[i];
          gint64 id = gb_record_get_id (GB_RECORD (ev));
          g_autofree char *when = gb_text_format_date (ev->start_date);

          g_ptr_array_add (names, g_strdup_printf ("%s (%s)", ev->title, when));
          g_array_append_val (self->contest_ids, id);
          if (id == o->contest_id)
            selected = i;
        }
      g_ptr_array_add (names, NULL);
      g = group (self, NULL);
      self->contest = combo_row (self, g, _("Contest"), "report-contest", (const char *const *) names->pdata);
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->contest), selected);
    }

  self->recipients = text_area (self, _("Recipients"), _("One a line; empty: the usual list"),
                                "report-recipients");
  if (o->recipients)
    {
      g_autofree char *joined = g_strjoinv ("\n", o->recipients);
      set_text_of (self->recipients, joined);
    }
  if (g_str_equal (o->kind, "activity"))
    {
      self->assessment = text_area (self, _("General Assessment"), _("Your words; a blank line starts a paragraph"),
                                    "report-assessment");
      self->direction = text_area (self, _("Direction and Tasks"), NULL, "report-direction");
      self->proposals = text_area (self, _("Proposals"), NULL, "report-proposals");
      set_text_of (self->assessment, o->assessment);
      set_text_of (self->direction, o->direction);
      set_text_of (self->proposals, o->proposals);
    }
  gtk_widget_set_sensitive (self->options_box, !self->submitted);
  self->filling = FALSE;
}
