/* gb-reports-page.c — reports: kinds and drafts, options, live preview
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change of an option has core rebuild the report on a worker thread
 * with a connection of its own (gb_report_build_async): the first pages
 * arrive as soon as they are drawn (a long roster shows its first page in
 * about a tenth of a second), the whole document a moment later. The
 * window never waits. A submitted
 * report shows the PDF stored when it was sent, not a new drawing.
 */
#define G_LOG_DOMAIN "gb-reports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-event.h"
#include "gb-member.h"
#include "gb-registry.h"
#include "gb-pdf-view.h"
#include "gb-pdf-window.h"
#include "gb-report-store.h"
#include "gb-report.h"
#include "gb-reports-page.h"
#include "gb-store.h"
#include "gb-text.h"

#define FIRST_PAGES 2

struct _GbReportsPage
{
  AdwBin           parent_instance;

  GbDatabase      *database;
  GSettings       *settings;
  GtkWidget       *toasts;
  GtkWidget       *sidebar;
  GtkWidget       *options_box;
  GtkWidget       *view;
  GtkWidget       *status;
  GtkWidget       *banner;

  /* the options shown */
  char            *kind;
  gint64           draft_id;
  gboolean         submitted;
  gboolean         filling;
  GtkWidget       *number;
  GtkWidget       *date;
  GtkWidget       *recipients;
  GtkWidget       *from, *to;
  GtkWidget       *year;
  GtkWidget       *contest;
  GArray          *contest_ids;
  GtkWidget       *member_kind, *member_status, *unpaid;
  GtkWidget       *craft, *commune;
  GArray          *craft_ids;
  GStrv            communes;
  GtkWidget       *assessment, *direction, *proposals;

  /* the preview */
  GCancellable    *cancellable;
  guint            refresh_id;
  GbReport        *report;     /* of the whole PDF shown, for printing and XLSX */
  GBytes          *pdf;
  gboolean         complete;   /* the PDF shown is the whole document */
};

G_DEFINE_FINAL_TYPE (GbReportsPage, gb_reports_page, ADW_TYPE_BIN)

static const char *const kind_icons[] = {
  "system-users-symbolic", "starred-symbolic", "x-office-document-symbolic",
  "x-office-spreadsheet-symbolic", "emblem-ok-symbolic", "view-paged-symbolic",
};

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "roster") == 0)
    return _("Member Roster");
  if (g_strcmp0 (kind, "artisans") == 0)
    return _("Artisan Register");
  if (g_strcmp0 (kind, "activity") == 0)
    return _("Activity Report");
  if (g_strcmp0 (kind, "dues") == 0)
    return _("Dues Collection");
  if (g_strcmp0 (kind, "contest") == 0)
    return _("Contest Results");
  return _("Statistics");
}

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
static char *
date_of (GtkWidget *row)
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

static void
read_options (GbReportsPage   *self,
              GbReportOptions *o)
{
  g_autofree char *recipients = text_of (self->recipients);
  g_autofree char *font = g_settings_get_string (self->settings, "document-font");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (recipients, "\n", -1);

  gb_report_options_init (o, self->kind);
  o->number = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->number));
  o->date = date_of (self->date);
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
      char *from = date_of (self->from), *to = date_of (self->to);

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

/* The preview, built by core on a worker thread ----------------------------- */

/* The first pages of a long report, while the rest is drawn; core calls it
 * here, and only for the drawing under way. */
static void
first_pages_cb (GBytes   *pdf,
                gpointer  user_data)
{
  GbReportsPage *self = user_data;

  /* Unless the whole is already shown. */
  if (!self->complete)
    {
      gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), pdf);
      gtk_label_set_text (GTK_LABEL (self->status), _("Drawing the other pages…"));
    }
}

static void update_actions (GbReportsPage *self);

static void
show_problem (GbReportsPage *self,
              const char    *message)
{
  gtk_label_set_text (GTK_LABEL (self->banner), message ? message : "");
  gtk_widget_set_visible (self->banner, message != NULL);
}

static void
build_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GbReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GbReport) report = gb_report_build_finish (result, &pdf, &error);

  /* A newer drawing is under way, or the page has moved on: a drawing
   * is only ever replaced or stopped by cancelling it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (report == NULL)
    {
      show_problem (self, error->message);
      gtk_label_set_text (GTK_LABEL (self->status), "");
      update_actions (self);
      return;
    }
  show_problem (self, NULL);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->report = g_steal_pointer (&report);
  self->pdf = g_steal_pointer (&pdf);
  self->complete = TRUE;
  gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), self->pdf);
  {
    guint pages = gb_flow_get_n_pages (self->report->flow);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", pages),
                                             pages);
    gtk_label_set_text (GTK_LABEL (self->status), text);
  }
  update_actions (self);
}

static void
start_refresh (GbReportsPage *self)
{
  GbReportOptions options;

  if (self->database == NULL || self->kind == NULL || self->submitted)
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->complete = FALSE;

  read_options (self, &options);
  gtk_label_set_text (GTK_LABEL (self->status), _("Drawing…"));
  update_actions (self);
  /* The first pages go to @self, which the callback's reference keeps. */
  gb_report_build_async (gb_database_get_path (self->database), &options, FIRST_PAGES, first_pages_cb, self,
                         self->cancellable, build_done, g_object_ref (self));
  gb_report_options_clear (&options);
}

static gboolean
refresh_timeout (gpointer data)
{
  GbReportsPage *self = data;

  self->refresh_id = 0;
  start_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
option_changed (GbReportsPage *self)
{
  if (self->filling || self->submitted)
    return;
  /* What is shown is no longer what the options say: not to be submitted. */
  self->complete = FALSE;
  update_actions (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  /* Settle typing first; a click redraws almost at once. */
  self->refresh_id = g_timeout_add (150, refresh_timeout, self);
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
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (option_changed), self);
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
  g_signal_connect_swapped (row, "changed", G_CALLBACK (option_changed), self);
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
                            G_CALLBACK (option_changed), self);
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
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (option_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), row);
  return row;
}

static void
clear_options (GbReportsPage *self)
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

static void
build_options (GbReportsPage         *self,
               const GbReportOptions *o)
{
  GtkWidget *g;

  self->filling = TRUE;
  clear_options (self);

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
      g_signal_connect_swapped (self->unpaid, "notify::active", G_CALLBACK (option_changed), self);
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

/* The list of kinds and saved reports ------------------------------------- */

static GtkWidget *
sidebar_row (const char *title,
             const char *subtitle,
             const char *icon,
             const char *kind,
             gint64      id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "kind", g_strdup (kind), g_free);
  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER ((gsize) id));
  if (kind)
    {
      g_autofree char *name = g_strconcat ("report-", kind, NULL);
      if (id == 0)
        gtk_widget_set_name (row, name);
    }
  return row;
}

static void
fill_sidebar (GbReportsPage *self)
{
  g_autoptr(GPtrArray) saved = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->sidebar)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->sidebar), child);
  for (guint i = 0; gb_report_kinds[i]; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->sidebar),
                         sidebar_row (kind_label (gb_report_kinds[i]), NULL, kind_icons[i],
                                      gb_report_kinds[i], 0));
  if (self->database == NULL || (saved = gb_report_store_list (self->database, NULL)) == NULL)
    return;
  for (guint i = 0; i < saved->len; i++)
    {
      GbReportEntry *e = saved->pdata[i];
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;

      if (e->submitted_at)
        {
          g_autofree char *day = g_strndup (e->submitted_at, 10);
          when = gb_text_format_date (day);
          subtitle = g_strdup_printf (_("Submitted %s · number %u"), when, e->number);
        }
      else
        {
          g_autofree char *day = g_strndup (e->updated_at, 10);
          when = gb_text_format_date (day);
          subtitle = g_strdup_printf (_("Draft, saved %s"), when);
        }
      gtk_list_box_append (GTK_LIST_BOX (self->sidebar),
                           sidebar_row (e->title, subtitle,
                                        e->submitted_at ? "mail-send-symbolic" : "document-edit-symbolic",
                                        e->kind, e->id));
    }
}

static void
update_actions (GbReportsPage *self)
{
  gboolean ready = self->pdf != NULL && (self->complete || self->submitted);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", ready && self->report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-xlsx",
                                 ready && self->report != NULL && self->report->sheets->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.save-draft",
                                 self->kind != NULL && !self->submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.submit", ready && !self->submitted);
}

void
gb_reports_page_show_kind (GbReportsPage *self,
                           const char    *kind)
{
  GbReportOptions o;

  g_return_if_fail (g_strv_contains (gb_report_kinds, kind));

  g_free (self->kind);
  self->kind = g_strdup (kind);
  self->draft_id = 0;
  self->submitted = FALSE;
  gb_report_options_init (&o, kind);
  build_options (self, &o);
  gb_report_options_clear (&o);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  start_refresh (self);
}

void
gb_reports_page_show_saved (GbReportsPage *self,
                            gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) saved = gb_report_store_options (self->database, id, &error);
  g_autoptr(GPtrArray) list = gb_report_store_list (self->database, NULL);
  GbReportOptions o = { 0 };

  if (saved == NULL || !gb_report_options_load (&o, saved))
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                   adw_toast_new (error ? error->message : _("This draft cannot be read.")));
      return;
    }
  g_free (self->kind);
  self->kind = g_strdup (o.kind);
  self->draft_id = id;
  self->submitted = FALSE;
  for (guint i = 0; list && i < list->len; i++)
    if (((GbReportEntry *) list->pdata[i])->id == id)
      self->submitted = ((GbReportEntry *) list->pdata[i])->submitted_at != NULL;
  build_options (self, &o);
  gb_report_options_clear (&o);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  if (self->submitted)
    {
      /* Exactly as sent. */
      if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->pdf = gb_report_store_pdf (self->database, id, NULL);
      gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), self->pdf);
      gtk_label_set_text (GTK_LABEL (self->status), _("The PDF as it was submitted"));
      show_problem (self, NULL);
      update_actions (self);
    }
  else
    start_refresh (self);
}

static void
row_activated_cb (GtkListBox    *box,
                  GtkListBoxRow *row,
                  GbReportsPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));

  if (id > 0)
    gb_reports_page_show_saved (self, id);
  else
    gb_reports_page_show_kind (self, g_object_get_data (G_OBJECT (row), "kind"));
}

/* Actions ------------------------------------------------------------------ */

static void
toast (GtkWindow  *parent,
       const char *message,
       GFile      *file)
{
  GtkWidget *root = GTK_WIDGET (parent);
  GtkWidget *page = root ? g_object_get_data (G_OBJECT (root), "gb-reports-page") : NULL;

  if (GB_IS_REPORTS_PAGE (page))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (GB_REPORTS_PAGE (page)->toasts),
                                 gb_pdf_saved_toast (message, file));
}

static char *
file_name (GbReportsPage *self,
           const char    *suffix)
{
  const char *stem = self->report && self->report->file_stem ? self->report->file_stem : self->kind;

  return g_strdup_printf ("%s-%s.%s", stem, gb_text_today (), suffix);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autofree char *file = file_name (self, "pdf");

  if (self->pdf == NULL)
    return;
  g_object_set_data (G_OBJECT (window), "gb-reports-page", self);
  gb_pdf_save_dialog (window, self->pdf, file, toast);
}

static void
xlsx_response (GtkNativeDialog *dialog,
               int              response,
               GbReportsPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->report != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (path != NULL && gb_report_write_xlsx (self->report, path, &error))
        {
          g_autofree char *base = g_path_get_basename (path);
          message = g_strdup_printf (_("Saved as %s"), base);
        }
      else
        message = g_strdup (error ? error->message : _("Choose a folder on this computer."));
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (message));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_xlsx_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file = file_name (self, "xlsx");

  dialog = gtk_file_chooser_native_new (_("Export XLSX"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Spreadsheets (XLSX)"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (xlsx_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              GbReportsPage     *self)
{
  gb_flow_render_page (self->report->flow, gtk_print_context_get_cairo_context (context), page);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  const GbPageStyle *style;
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;

  if (self->report == NULL)
    return;
  style = gb_flow_get_style (self->report->flow);
  op = gb_print_operation_new (style->width * GB_PT_PER_MM, style->height * GB_PT_PER_MM,
                               gb_flow_get_n_pages (self->report->flow), self->report->file_stem);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
}

static char *
draft_title (GbReportsPage   *self,
             GbReportOptions *o)
{
  if (g_str_equal (o->kind, "activity"))
    {
      g_autofree char *a = gb_text_format_date (o->from);
      g_autofree char *z = gb_text_format_date (o->to);
      return g_strdup_printf ("%s %s–%s", gb_report_kind_title (o->kind), a, z);
    }
  if (g_str_equal (o->kind, "dues") || g_str_equal (o->kind, "statistics"))
    return g_strdup_printf ("%s %d", gb_report_kind_title (o->kind), o->year);
  return g_strdup (gb_report_kind_title (o->kind));
}

static gboolean
save_draft (GbReportsPage  *self,
            GError        **error)
{
  GbReportOptions o;
  g_autoptr(GVariant) saved = NULL;
  g_autofree char *title = NULL;
  gint64 id;

  read_options (self, &o);
  saved = gb_report_options_save (&o);
  title = draft_title (self, &o);
  id = gb_report_store_save (self->database, self->draft_id, o.kind, title, saved, error);
  gb_report_options_clear (&o);
  if (id == 0)
    return FALSE;
  self->draft_id = id;
  return TRUE;
}

static void
save_draft_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!save_draft (self, &error))
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (error->message));
      return;
    }
  fill_sidebar (self);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (_("Draft saved")));
}

/* Keeps the PDF shown, with its number and date, as the report sent. */
gboolean
gb_reports_page_submit (GbReportsPage  *self,
                        GError        **error)
{
  g_autofree char *date = NULL;
  guint number;

  g_return_val_if_fail (GB_IS_REPORTS_PAGE (self), FALSE);

  if (self->pdf == NULL || !self->complete || self->submitted || gb_reports_page_get_busy (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("Wait for the whole report to be drawn."));
      return FALSE;
    }
  number = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->number));
  date = date_of (self->date);
  if (!save_draft (self, error)
      || !gb_report_store_submit (self->database, self->draft_id, number, date ? date : gb_text_today (),
                                  self->pdf, error))
    return FALSE;
  self->submitted = TRUE;
  gtk_widget_set_sensitive (self->options_box, FALSE);
  gtk_label_set_text (GTK_LABEL (self->status), _("The PDF as it was submitted"));
  fill_sidebar (self);
  update_actions (self);
  return TRUE;
}

static void
submit_response (AdwMessageDialog *dialog,
                 const char       *response,
                 GbReportsPage    *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "submit"))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                 adw_toast_new (gb_reports_page_submit (self, &error)
                                                ? _("Kept as submitted") : error->message));
}

static void
submit_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GbReportsPage *self = GB_REPORTS_PAGE (widget);
  guint number = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->number));
  GtkWidget *dialog;

  if (number == 0)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts),
                                   adw_toast_new (_("Fill in the report's number before submitting it.")));
      gtk_widget_grab_focus (self->number);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Mark as Submitted?"),
    _("The PDF as it is now is kept with its number and date, and can be opened again exactly as "
      "sent. It can no longer be changed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "submit", _("_Mark as Submitted"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (submit_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Life -------------------------------------------------------------------- */

static void
gb_reports_page_dispose (GObject *object)
{
  GbReportsPage *self = GB_REPORTS_PAGE (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->contest_ids, g_array_unref);
  g_clear_pointer (&self->craft_ids, g_array_unref);
  g_clear_pointer (&self->communes, g_strfreev);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->kind, g_free);

  /* No gtk_widget_dispose_template(): the template's root is the AdwBin's
   * child, which AdwBin unparents itself (see gb-list-page.c). */
  G_OBJECT_CLASS (gb_reports_page_parent_class)->dispose (object);
}

static void
gb_reports_page_class_init (GbReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_reports_page_dispose;
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "reports.export-xlsx", NULL, export_xlsx_action);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "reports.save-draft", NULL, save_draft_action);
  gtk_widget_class_install_action (widget_class, "reports.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "reports.save-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "reports.export-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print", NULL);

  /* The frame: the list, the toolbar, the preview. The options of each kind are built here. */
  g_type_ensure (GB_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guildbook/Guildbook/gb-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, view);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, status);
  gtk_widget_class_bind_template_child (widget_class, GbReportsPage, banner);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
gb_reports_page_init (GbReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gb_pdf_view_set_fit_width (GB_PDF_VIEW (self->view), TRUE);
  self->settings = g_settings_new (APP_ID);
  update_actions (self);
}

GbReportsPage *
gb_reports_page_new (void)
{
  return g_object_new (GB_TYPE_REPORTS_PAGE, NULL);
}

void
gb_reports_page_set_database (GbReportsPage *self,
                              GbDatabase    *database)
{
  g_return_if_fail (GB_IS_REPORTS_PAGE (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->database, database);
  g_clear_pointer (&self->kind, g_free);
  clear_options (self);
  g_clear_pointer (&self->report, gb_report_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  gb_pdf_view_set_pdf (GB_PDF_VIEW (self->view), NULL);
  fill_sidebar (self);
  update_actions (self);
}

GBytes *
gb_reports_page_get_pdf (GbReportsPage *self)
{
  return self->complete || self->submitted ? self->pdf : NULL;
}

gboolean
gb_reports_page_get_busy (GbReportsPage *self)
{
  return self->cancellable != NULL || self->refresh_id != 0
         || gb_pdf_view_get_busy (GB_PDF_VIEW (self->view));
}

gint64
gb_reports_page_get_draft_id (GbReportsPage *self)
{
  return self->draft_id;
}
