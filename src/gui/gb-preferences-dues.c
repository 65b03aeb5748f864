/* gb-preferences-dues.c — the dues schedule of the preferences window
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fees of each kind of member by year, one row a year on the Papers
 * page, then the row that adds a year; kept in the dues-fees setting.
 */
#define G_LOG_DOMAIN "gb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-boxed-item.h"
#include "gb-preferences-window-private.h"
#include "gb-text.h"
#include "gb-widget-util.h"

/* One line of the dues schedule; -1 for a fee not typed yet. */
typedef struct
{
  int    year;
  gint64 collective;
  gint64 individual;
} Fee;

#define MAX_FEE G_GINT64_CONSTANT (1000000000000)

/* An amount in đồng as staff type it: digits, grouped by threes with dots,
 * commas or spaces ("1.200.000", "1 200 000"), "đ", "đồng" or "VND" after
 * it or not. -1 for anything else: "9,5" is not an amount in đồng. */
static gint64
parse_dong (const char *text)
{
  g_autofree char *clean = gb_text_normalize (text ? text : "");
  g_autofree char *folded = g_utf8_casefold (g_strstrip (clean), -1);
  static const char *const units[] = { "đồng", "vnđ", "vnd", "đ" };
  g_autoptr(GString) digits = g_string_new (NULL);
  guint group = 0, groups = 0;
  guint64 value;
  char *end = folded + strlen (folded);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_has_suffix (folded, units[i]))
      {
        end -= strlen (units[i]);
        *end = '\0';
        break;
      }
  g_strchomp (folded);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          g_string_append_c (digits, (char) c);
          group++;
          continue;
        }
      if (c != '.' && c != ',' && !g_unichar_isspace (c))
        return -1;
      /* A separator closes a group: the first of one to three digits,
       * every later one of three. */
      if (group == 0 || group > 3 || (groups > 0 && group != 3))
        return -1;
      groups++;
      group = 0;
    }
  if (group == 0 || (groups > 0 && group != 3) || digits->len > 15
      || !g_ascii_string_to_unsigned (digits->str, 10, 0, MAX_FEE, &value, NULL))
    return -1;
  return (gint64) value;
}

static char *
format_dong (gint64 value)
{
  return value < 0 ? g_strdup ("") : gb_text_format_thousands (value);
}

static gint
compare_fees (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const Fee *fa = gb_boxed_item_get ((GbBoxedItem *) a);
  const Fee *fb = gb_boxed_item_get ((GbBoxedItem *) b);

  return fa->year - fb->year;
}

static void
read_fees (GbPreferencesWindow *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "dues-fees");
  GVariantIter iter;
  Fee fee;

  g_list_store_remove_all (self->fees);
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(ixx)", &fee.year, &fee.collective, &fee.individual))
    {
      g_autoptr(GbBoxedItem) item = gb_boxed_item_new (g_memdup2 (&fee, sizeof fee), g_free);

      g_list_store_insert_sorted (self->fees, item, compare_fees, NULL);
    }
}

/* The fee at @position of the schedule, as long as the schedule holds it. */
static Fee *
fee_at (GbPreferencesWindow *self,
        guint                position)
{
  g_autoptr(GbBoxedItem) item = g_list_model_get_item (G_LIST_MODEL (self->fees), position);

  return item ? gb_boxed_item_get (item) : NULL;
}

/* The schedule as the reports read it (gb_report_fee): a(ixx) of
 * (first year, collective, individual), by year. A year whose fees are
 * not both typed yet is not written: the fees before it stay in force. */
static void
write_fees (GbPreferencesWindow *self)
{
  GVariantBuilder builder;
  Fee *f;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ixx)"));
  for (guint i = 0; (f = fee_at (self, i)) != NULL; i++)
    if (f->collective >= 0 && f->individual >= 0)
      g_variant_builder_add (&builder, "(ixx)", f->year, f->collective, f->individual);
  g_settings_set_value (self->settings, "dues-fees", g_variant_builder_end (&builder));
}

static Fee *
find_fee (GbPreferencesWindow *self,
          int                  year)
{
  Fee *f;

  for (guint i = 0; (f = fee_at (self, i)) != NULL; i++)
    if (f->year == year)
      return f;
  return NULL;
}

static char *
fee_subtitle (const Fee *f)
{
  g_autofree char *collective = format_dong (f->collective);
  g_autofree char *individual = format_dong (f->individual);

  if (f->collective < 0 || f->individual < 0)
    return g_strdup (_("Not saved until both fees are typed"));
  /* Translators: the yearly fees of the two kinds of member, in đồng. */
  return g_strdup_printf (_("Collective %s đồng · individual %s đồng"), collective, individual);
}

/* The year's item of the row that holds @widget: the schedule's own,
 * held while the handler changes it. */
static GbBoxedItem *
row_fee (GbPreferencesWindow *self,
         GtkWidget           *widget)
{
  return gb_list_box_get_item (GTK_LIST_BOX (self->fee_list), self->fee_rows, widget);
}

static void
fee_apply (GbPreferencesWindow *self,
           AdwEntryRow         *row,
           gboolean             collective)
{
  g_autoptr(GbBoxedItem) item = row_fee (self, GTK_WIDGET (row));
  Fee *f = item ? gb_boxed_item_get (item) : NULL;
  gint64 value = parse_dong (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;

  if (f == NULL)
    return;
  if (value < 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
        adw_toast_new (_("Type the fee in whole đồng, for example 500.000.")));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (collective)
    f->collective = value;
  else
    f->individual = value;
  write_fees (self);
  text = format_dong (value);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  subtitle = fee_subtitle (f);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                            ADW_TYPE_EXPANDER_ROW)),
                                 subtitle);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

static void
collective_apply_cb (AdwEntryRow         *row,
                     GbPreferencesWindow *self)
{
  fee_apply (self, row, TRUE);
}

static void
individual_apply_cb (AdwEntryRow         *row,
                     GbPreferencesWindow *self)
{
  fee_apply (self, row, FALSE);
}

static GtkWidget *
fee_entry (GbPreferencesWindow *self,
           const Fee           *f,
           gboolean             collective)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *text = format_dong (collective ? f->collective : f->individual);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), collective ? _("Collective member, in đồng")
                                                                       : _("Individual member, in đồng"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect (row, "apply",
                    G_CALLBACK (collective ? collective_apply_cb : individual_apply_cb), self);
  return row;
}

/* As after each change to the schedule: only the row of @expanded open,
 * and the year to add the one after the last listed. */
static void
show_fees (GbPreferencesWindow *self,
           int                  expanded)
{
  int next = gb_text_current_year ();
  Fee *f;

  for (guint i = 0; (f = fee_at (self, i)) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->fee_list), i);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), f->year == expanded);
      if (f->year >= next)
        next = f->year + 1;
    }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->fee_year), MIN (next, 2100));
}

static void
fee_remove_cb (GtkButton           *button,
               GbPreferencesWindow *self)
{
  g_autoptr(GbBoxedItem) item = row_fee (self, GTK_WIDGET (button));
  guint position;

  if (item == NULL || !g_list_store_find (self->fees, item, &position))
    return;
  g_list_store_remove (self->fees, position);
  write_fees (self);
  show_fees (self, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Removed")));
}

static void
fee_add_cb (GtkButton           *button,
            GbPreferencesWindow *self)
{
  int year = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->fee_year));
  Fee fee = { year, -1, -1 };

  if (find_fee (self, year) == NULL)
    {
      g_autoptr(GbBoxedItem) item = NULL;
      Fee *f;

      /* Staff change what changed: the new year starts from the fees in
       * force for it. */
      for (guint i = 0; (f = fee_at (self, i)) != NULL; i++)
        if (f->year < year && f->collective >= 0 && f->individual >= 0)
          fee.collective = f->collective, fee.individual = f->individual;
      item = gb_boxed_item_new (g_memdup2 (&fee, sizeof fee), g_free);
      g_list_store_insert_sorted (self->fees, item, compare_fees, NULL);
      write_fees (self);
    }
  show_fees (self, year);
}

/* The last row, under the years: a year and Add. */
static GtkWidget *
add_year_row (GbPreferencesWindow *self)
{
  GtkWidget *add = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add"));

  self->fee_year = gtk_spin_button_new_with_range (1990, 2100, 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("Add a year"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (add), _("When the fees change, from the year they change"));
  gtk_widget_set_valign (self->fee_year, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fee_year), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Year the fees are in force from"), -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (fee_add_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (add), self->fee_year);
  adw_action_row_add_suffix (ADW_ACTION_ROW (add), button);
  return add;
}

static GtkWidget *
fee_row (gpointer item,
         gpointer data)
{
  GbPreferencesWindow *self = data;
  const Fee *f = gb_boxed_item_get (item);
  GtkWidget *row, *remove_row, *remove;
  g_autofree char *title = NULL;
  g_autofree char *remove_title = NULL;
  g_autofree char *subtitle = NULL;

  /* The list ends with the item that holds no fee: the row adding one. */
  if (f == NULL)
    return add_year_row (self);

  row = adw_expander_row_new ();
  remove_row = adw_action_row_new ();
  remove = gtk_button_new_with_mnemonic (_("_Remove"));
  /* Translators: the first year a fee is in force. */
  title = g_strdup_printf (_("From %d"), f->year);
  /* Translators: a year. */
  remove_title = g_strdup_printf (_("Remove the fees from %d"), f->year);
  subtitle = fee_subtitle (f);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), fee_entry (self, f, TRUE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), fee_entry (self, f, FALSE));
  /* Inside the row, not on it: one click beside the arrow should not
   * take a year's fees away. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), remove_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (remove_row),
                               _("The fees before it are then in force"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_signal_connect (remove, "clicked", G_CALLBACK (fee_remove_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), remove_row);
  return row;
}

/* The schedule's years, one row each, then the row that adds a year. */
void
gb_preferences_window_fill_fees (GbPreferencesWindow *self)
{
  g_autoptr(GListStore) add = g_list_store_new (GB_TYPE_BOXED_ITEM);
  g_autoptr(GbBoxedItem) nothing = gb_boxed_item_new (NULL, NULL);
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);

  self->fees = g_list_store_new (GB_TYPE_BOXED_ITEM);
  read_fees (self);
  g_list_store_append (add, nothing);
  g_list_store_append (parts, self->fees);
  g_list_store_append (parts, add);
  self->fee_rows = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));
  self->fee_list = gb_group_bind_model (self->fees_group, self->fee_rows, fee_row, self);
  show_fees (self, 0);
}
