/* gb-preferences-window.c — the association profile and other settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "gb-application.h"
#include "gb-audit.h"
#include "gb-backup.h"
#include "gb-boxed-item.h"
#include "gb-document.h"
#include "gb-preferences-window.h"
#include "gb-record-form.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-text.h"
#include "gb-widget-util.h"

struct _GbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *profile_group;
  AdwPreferencesGroup  *signing_group;
  GtkWidget            *papers_page;
  GtkWidget            *card_valid_months;
  GtkWidget            *number_format_row;
  GtkWidget            *recipients_view;
  GtkWidget            *backups_page;
  GtkWidget            *rotation_group;
  GtkWidget            *backup_daily;
  GtkWidget            *backup_weekly;
  GtkWidget            *backup_monthly;
  GtkWidget            *log_page;
  GtkWidget            *log_group;

  GbStore              *store;
  GbRecord             *profile;
  GSettings            *settings;
  GStrv                 fonts;
  GtkWidget            *font_row;
  GtkWidget            *logo_row;
  GtkWidget            *logo_picture;
  GtkWidget            *logo_remove;
  GbDatabase           *database;
  GtkWidget            *backups_group;
  GListStore           *backups;     /* GbBoxedItem of GbBackup, as listed */
  GtkWidget            *backup_list; /* their rows */
  GtkWidget            *backup_now;
  GCancellable         *cancellable;  /* backups' work on worker threads, for a window closed meanwhile */
  GListStore           *fees;        /* GbBoxedItem of Fee, by year */
  GtkWidget            *fees_group;
  GListModel           *fee_rows;    /* the fees, then the item of the row adding a year */
  GtkWidget            *fee_list;    /* their rows */
  GtkWidget            *fee_year;    /* the year to add */
};

/* One line of the dues schedule; -1 for a fee not typed yet. */
typedef struct
{
  int    year;
  gint64 collective;
  gint64 individual;
} Fee;

#define MAX_FEE G_GINT64_CONSTANT (1000000000000)

#define MAX_LOGO_BYTES (5 * 1024 * 1024)

G_DEFINE_FINAL_TYPE (GbPreferencesWindow, gb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const profile_fields[] = {
  "name", "short_name", "symbol", "address", "place", "phone", "email", "website", NULL
};
static const char *const signing_fields[] = {
  "signing_authority", "signing_title", "chairman", NULL
};

static void
entry_apply_cb (AdwEntryRow         *row,
                GbPreferencesWindow *self)
{
  const char *field = gtk_widget_get_name (GTK_WIDGET (row));
  g_autofree char *before = g_strdup (gb_record_get_text (self->profile, field));
  g_autoptr(GError) error = NULL;

  gb_record_set_text (self->profile, field, gtk_editable_get_text (GTK_EDITABLE (row)));
  if (!gb_store_update (self->store, self->profile, &error))
    {
      /* Keep what was typed on screen so it can be corrected; not in the record. */
      gb_record_set_text (self->profile, field, before);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), gb_record_get_text (self->profile, field) ?: "");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

static void
add_rows (GbPreferencesWindow *self,
          AdwPreferencesGroup *group,
          const char *const   *fields)
{
  const GbEntity *entity = gb_record_get_entity (self->profile);

  for (guint i = 0; fields[i]; i++)
    {
      const GbField *field = gb_entity_find_field (entity, fields[i]);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), gb_record_get_text (self->profile, field->name) ?: "");
      gtk_widget_set_name (row, field->name);
      g_signal_connect (row, "apply", G_CALLBACK (entry_apply_cb), self);
      adw_preferences_group_add (group, row);
    }
}

/* Papers ---------------------------------------------------------------- */

static void
font_selected_cb (GbPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->font_row));

  g_settings_set_string (self->settings, "document-font",
                         i == 0 || self->fonts == NULL ? "" : self->fonts[i - 1]);
}

static void
fill_font_row (GbPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "document-font");
  g_autofree char *fallback = gb_document_default_font ();
  g_autofree char *automatic = g_strdup_printf (_("Automatic (%s)"), fallback);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  /* Only families that write every Vietnamese letter are offered. */
  self->fonts = gb_document_list_fonts ();
  gtk_string_list_append (names, automatic);
  for (guint i = 0; self->fonts[i]; i++)
    {
      gtk_string_list_append (names, self->fonts[i]);
      if (g_str_equal (self->fonts[i], current))
        selected = i + 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->font_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->font_row), selected);
  /* Only now: choosing the font shown is not a change. */
  g_signal_connect_swapped (self->font_row, "notify::selected", G_CALLBACK (font_selected_cb), self);
}

static void
show_logo (GbPreferencesWindow *self)
{
  GBytes *logo = GB_ASSOCIATION (self->profile)->logo;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkTexture) texture = NULL;

  if (logo != NULL && gdk_pixbuf_loader_write_bytes (loader, logo, NULL)
      && gdk_pixbuf_loader_close (loader, NULL) && gdk_pixbuf_loader_get_pixbuf (loader))
    texture = gdk_texture_new_for_pixbuf (gdk_pixbuf_loader_get_pixbuf (loader));
  gtk_picture_set_paintable (GTK_PICTURE (self->logo_picture), GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->logo_picture, texture != NULL);
  gtk_widget_set_visible (self->logo_remove, texture != NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->logo_row),
                               texture ? _("Printed at the top of certificates and cards")
                                       : _("None: PNG, JPEG or SVG, up to 5 MB"));
}

static void
set_logo (GbPreferencesWindow *self,
          GBytes              *bytes)
{
  g_autoptr(GError) error = NULL;
  GbAssociation *a = GB_ASSOCIATION (self->profile);
  GBytes *before = a->logo ? g_bytes_ref (a->logo) : NULL;

  g_clear_pointer (&a->logo, g_bytes_unref);
  a->logo = bytes ? g_bytes_ref (bytes) : NULL;
  if (!gb_store_update (self->store, self->profile, &error))
    {
      g_clear_pointer (&a->logo, g_bytes_unref);
      a->logo = before;
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  g_clear_pointer (&before, g_bytes_unref);
  show_logo (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

static void
logo_chosen_cb (GtkNativeDialog     *dialog,
                int                  response,
                GbPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes != NULL && g_bytes_get_size (bytes) > MAX_LOGO_BYTES)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The image is larger than 5 MB."));
  else if (bytes != NULL && (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error)
                             || !gdk_pixbuf_loader_close (loader, &error)))
    g_prefix_error (&error, _("Not an image Guildbook can read: "));
  if (error != NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  set_logo (self, bytes);
}

static void
choose_logo_cb (GbPreferencesWindow *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose the Logo"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images (PNG, JPEG, SVG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (logo_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_logo_cb (GbPreferencesWindow *self)
{
  set_logo (self, NULL);
}

static void
recipients_changed_cb (GtkTextBuffer       *buffer,
                       GbPreferencesWindow *self)
{
  GtkTextIter a, b;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  text = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]))
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_add (kept, NULL);
  g_settings_set_strv (self->settings, "report-recipients", (const char *const *) kept->pdata);
}

static void
number_format_apply_cb (AdwEntryRow         *row,
                        GbPreferencesWindow *self)
{
  const char *format = gtk_editable_get_text (GTK_EDITABLE (row));

  /* A format needs a place for the digits. */
  if (strchr (format, '#') == NULL || strlen (format) > 24)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
        adw_toast_new (_("Write the digits as #, for example HV-####.")));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "member-number-format", format);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

/* Membership dues ------------------------------------------------------- */

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
static void
fill_fees (GbPreferencesWindow *self)
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


/* The Papers page: the font, the cards, the logo, the member-number
 * format, the dues and the usual recipients of reports. */
static void
fill_papers_page (GbPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "member-number-format");
  g_auto(GStrv) recipients = g_settings_get_strv (self->settings, "report-recipients");
  g_autofree char *joined = g_strjoinv ("\n", recipients);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->recipients_view));

  fill_font_row (self);
  g_settings_bind (self->settings, "card-valid-months", self->card_valid_months, "value",
                   G_SETTINGS_BIND_DEFAULT);
  show_logo (self);
  gtk_editable_set_text (GTK_EDITABLE (self->number_format_row), current);
  fill_fees (self);
  gtk_text_buffer_set_text (buffer, joined, -1);
  g_signal_connect (buffer, "changed", G_CALLBACK (recipients_changed_cb), self);
}

/* The audit log ----------------------------------------------------------- */

/* Read-only: the log is the program's memory of who changed what; the
 * database refuses any change to it. */
static void
fill_log_page (GbPreferencesWindow *self)
{
  g_autoptr(GPtrArray) entries = gb_audit_log (self->database, 300, NULL);

  for (guint i = 0; entries && i < entries->len; i++)
    {
      GbHistoryEntry *e = entries->pdata[i];
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (e->at, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m/%Y %H:%M") : g_strdup (e->at);
      g_autofree char *record = gb_audit_dup_record (self->database, e);
      g_autofree char *change = gb_audit_dup_change (self->database, e);
      g_autofree char *title = g_strdup_printf ("%s · %s · %s", when, gb_history_action_label (e->action), record);
      g_autofree char *subtitle = change ? g_strdup_printf ("%s · %s", change, e->os_user)
                                         : g_strdup (e->os_user);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->log_group), row);
    }
}

/* Backups ----------------------------------------------------------------- */

static void fill_backups (GbPreferencesWindow *self);

typedef struct
{
  GbPreferencesWindow *self;
  char                *path;
} RestoreData;

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GbPreferencesWindow *self = data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();
  gboolean restored = gb_backup_restore_finish (result, &error);

  /* The window was closed meanwhile: the restore is done all the same. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (GB_IS_APPLICATION (app))
        g_object_notify (G_OBJECT (app), "database");
      return;
    }
  gtk_widget_set_sensitive (self->backups_group, TRUE);
  if (!restored)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  /* Every page reads the restored content afresh. */
  if (GB_IS_APPLICATION (app))
    g_object_notify (G_OBJECT (app), "database");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
    adw_toast_new (_("Restored; what was there before is kept as a backup")));
  fill_backups (self);
}

static void
restore_response (AdwMessageDialog *dialog,
                  const char       *response,
                  RestoreData      *data)
{
  GbPreferencesWindow *self = data->self;

  if (g_str_equal (response, "restore"))
    {
      /* One restore at a time; the copy runs on a worker thread. */
      gtk_widget_set_sensitive (self->backups_group, FALSE);
      gb_backup_restore_async (gb_database_get_path (self->database), data->path, self->cancellable,
                               restore_done, self);
    }
  g_object_unref (data->self);
  g_free (data->path);
  g_free (data);
}

static char *
backup_when (const GbBackup *b)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (b->time);

  return g_date_time_format (t, "%d/%m/%Y %H:%M");
}

static void
restore_clicked_cb (GtkButton           *button,
                    GbPreferencesWindow *self)
{
  /* The backup of the button's own row, held while the dialog is made. */
  g_autoptr(GbBoxedItem) item = gb_list_box_get_item (GTK_LIST_BOX (self->backup_list),
                                                      G_LIST_MODEL (self->backups),
                                                      GTK_WIDGET (button));
  const GbBackup *b = item ? gb_boxed_item_get (item) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *what = NULL;
  RestoreData *data;
  GtkWidget *dialog;

  if (b == NULL)
    return;
  when = backup_when (b);
  /* The file's name carries the kind's code: the dialog names the backup in words. */
  what = g_strdup_printf ("%s (%s)", when, gb_backup_reason_label (b->reason));
  data = g_new0 (RestoreData, 1);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
    /* Translators: the backup's date and kind, "06/12/2026 15:30 (Before an import)". */
    _("The database is replaced by the backup of %s. What it holds now is backed up first and can "
      "be restored in turn."), what);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data->self = g_object_ref (self);
  data->path = g_strdup (b->path);
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
backup_row (gpointer item,
            gpointer data)
{
  GbPreferencesWindow *self = data;
  const GbBackup *b = gb_boxed_item_get (item);
  g_autofree char *when = backup_when (b);
  g_autofree char *size = g_format_size (b->size);
  g_autofree char *m = g_strdup_printf ("%" G_GINT64_FORMAT, b->members);
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, b->artisans);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore…"));

  /* Translators: size, members, artisans, then " · reason" or nothing. */
  subtitle = g_strdup_printf (_("%s · %s members · %s artisans%s%s"), size, m, a,
                              " · ", gb_backup_reason_label (b->reason));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  g_signal_connect (restore, "clicked", G_CALLBACK (restore_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  gtk_widget_set_name (row, "backup-row");
  return row;
}

/* The backups as listed on a worker thread (each file is opened to count
 * what it holds). */
static void
backups_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GbPreferencesWindow *self = data;
  g_autoptr(GPtrArray) list = gb_backup_list_finish (result, NULL);
  g_autoptr(GPtrArray) items = NULL;

  /* NULL: the window was closed meanwhile. */
  if (list == NULL)
    return;
  /* The items take the backups over; one change builds the rows again. */
  items = g_ptr_array_new_full (list->len, g_object_unref);
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (items, gb_boxed_item_new (list->pdata[i], (GDestroyNotify) gb_backup_free));
  g_list_store_splice (self->backups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->backups)),
                       items->pdata, items->len);
}

static void
fill_backups (GbPreferencesWindow *self)
{
  if (self->database != NULL)
    gb_backup_list_async (gb_database_get_path (self->database), self->cancellable, backups_listed, self);
}

static void
backup_now_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GbPreferencesWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gb_backup_make_finish (result, &error);

  /* The window was closed meanwhile; the backup is made all the same. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->backup_now, TRUE);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (path ? _("Backup made") : error->message));
  fill_backups (self);
}

/* The copy runs on a worker thread: a large file does not freeze the
 * window (about 1.3 s at 100,000 records). */
static void
backup_now_cb (GbPreferencesWindow *self)
{
  if (self->database == NULL)
    return;
  gtk_widget_set_sensitive (self->backup_now, FALSE);
  gb_backup_make_async (gb_database_get_path (self->database), "manual", self->cancellable, backup_now_done,
                        self);
}

static void
fill_backups_page (GbPreferencesWindow *self)
{
  g_autofree char *dir = gb_backup_dir ();
  g_autofree char *description = g_strdup_printf (_("Made each day Guildbook is opened, before an import, "
                                                    "an update of the database or a restore, in %s. Of "
                                                    "these the last 3 of each kind stay, and the newest of "
                                                    "the days, weeks and months below. Backups you make "
                                                    "yourself are never removed."),
                                                  dir);

  self->backups = g_list_store_new (GB_TYPE_BOXED_ITEM);
  self->backup_list = gb_group_bind_model (self->backups_group, G_LIST_MODEL (self->backups),
                                           backup_row, self);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->rotation_group), description);
  g_settings_bind (self->settings, "backup-daily", self->backup_daily, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-weekly", self->backup_weekly, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-monthly", self->backup_monthly, "value",
                   G_SETTINGS_BIND_DEFAULT);
  fill_backups (self);
}

static void
gb_preferences_window_dispose (GObject *object)
{
  GbPreferencesWindow *self = GB_PREFERENCES_WINDOW (object);

  /* Work still on a worker thread finishes, and says nothing to us. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->fonts, g_strfreev);
  g_clear_object (&self->backups);
  g_clear_object (&self->fee_rows);
  g_clear_object (&self->fees);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (gb_preferences_window_parent_class)->dispose (object);
}

static void
gb_preferences_window_class_init (GbPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guildbook/Guildbook/gb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, profile_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, signing_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, papers_page);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, card_valid_months);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, logo_row);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, logo_remove);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, number_format_row);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, fees_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, recipients_view);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backups_page);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, rotation_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_daily);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_weekly);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_monthly);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, backup_now);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, log_page);
  gtk_widget_class_bind_template_child (widget_class, GbPreferencesWindow, log_group);
  gtk_widget_class_bind_template_callback (widget_class, remove_logo_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_logo_cb);
  gtk_widget_class_bind_template_callback (widget_class, number_format_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, backup_now_cb);
}

static void
gb_preferences_window_init (GbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
}

GbPreferencesWindow *
gb_preferences_window_new (GtkWindow  *parent,
                           GbDatabase *database)
{
  GbPreferencesWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GB_IS_DATABASE (database), NULL);

  self = g_object_new (GB_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = gb_store_new (database, GB_TYPE_ASSOCIATION);
  self->profile = gb_store_get (self->store, 1, &error);
  if (self->profile == NULL)
    {
      g_warning ("Cannot read the association profile: %s", error->message);
      /* The profile alone, empty, as before any page was read. */
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self),
                                     ADW_PREFERENCES_PAGE (self->papers_page));
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self),
                                     ADW_PREFERENCES_PAGE (self->backups_page));
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self),
                                     ADW_PREFERENCES_PAGE (self->log_page));
      return self;
    }
  add_rows (self, self->profile_group, profile_fields);
  add_rows (self, self->signing_group, signing_fields);
  fill_papers_page (self);
  self->database = g_object_ref (database);
  fill_backups_page (self);
  fill_log_page (self);
  return self;
}
