/* gb-form-rows.c — the rows of a record form, one per field
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field's type picks its row: a combo for choices and crafts, a switch,
 * an entry with a calendar (and the lunar date for events), a photo with
 * Choose and Remove, or the commune entry with the register's picker.
 * Every row tells the form when staff change it.
 */
#define G_LOG_DOMAIN "gb-record-form"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gb-lunar.h"
#include "gb-record-form-private.h"
#include "gb-registry.h"
#include "gb-text.h"
#include "gb-widget-util.h"

void
gb_field_row_free (FieldRow *fr)
{
  g_clear_pointer (&fr->ids, g_array_unref);
  g_clear_pointer (&fr->bytes, g_bytes_unref);
  g_free (fr);
}

static gboolean
is_optional (const GbField *field)
{
  return !(field->flags & GB_FIELD_REQUIRED);
}

/* A choice starts as "—" when it may stay empty, and when staff must make
 * it (a title's kind): a new title is not given the first, highest kind,
 * which staff would then save without having chosen it. */
gboolean
gb_field_has_none_entry (const GbField *field)
{
  return is_optional (field) || (field->flags & GB_FIELD_CHOOSE);
}

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          GtkWidget   *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%d/%m/%Y");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* Festivals follow the lunar calendar: show the date both ways. */
static void
update_lunar_cb (GtkEditable *row,
                 GtkLabel    *label)
{
  g_autofree char *iso = gb_text_parse_date (gtk_editable_get_text (row), NULL);
  g_autofree char *lunar = iso ? gb_lunar_format (iso) : NULL;
  g_autofree char *text = lunar ? g_strdup_printf (_("Lunar %s"), lunar) : NULL;

  gtk_label_set_text (label, text ? text : "");
}

static GtkWidget *
date_row (const GbField *field,
          gboolean       lunar)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gb_widget_set_tip (button, _("Pick a date"));
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), row);
  if (lunar)
    {
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *name = g_strconcat ("lunar-", field->name, NULL);

      gtk_widget_set_name (label, name);
      gtk_widget_add_css_class (label, "dim-label");
      g_signal_connect (row, "changed", G_CALLBACK (update_lunar_cb), label);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
    }
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  return row;
}

/* Shows @bytes (a JPEG or PNG) scaled in the row, or a placeholder. */
void
gb_field_row_show_photo (FieldRow *fr,
                         GBytes   *bytes)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (bytes != fr->bytes)
    {
      g_clear_pointer (&fr->bytes, g_bytes_unref);
      fr->bytes = bytes ? g_bytes_ref (bytes) : NULL;
    }
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, NULL);
  gtk_picture_set_paintable (GTK_PICTURE (fr->picture), GDK_PAINTABLE (texture));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row),
                               bytes == NULL ? _("No photo")
                               : texture == NULL ? _("The picture cannot be read")
                               : "");
}

/* For the form and for tests: put a chosen picture in @field's row. */
void
gb_record_form_set_photo (GbRecordForm *self,
                          const char   *field,
                          GBytes       *bytes)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);

      if (g_str_equal (fr->field->name, field) && fr->picture != NULL)
        {
          gb_field_row_show_photo (fr, bytes);
          gb_record_form_set_dirty (self, TRUE);
        }
    }
}

static void
photo_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 GbRecordForm    *self)
{
  const char *field = g_object_get_data (G_OBJECT (chooser), "field");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);

      if (bytes != NULL)
        gb_record_form_set_photo (self, field, bytes);
      else
        {
          gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
          gtk_widget_set_visible (self->error_label, TRUE);
        }
    }
  g_object_unref (chooser);
}

static void
choose_photo_cb (GtkButton    *button,
                 GbRecordForm *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Photo"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("JPEG and PNG pictures"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "field", g_object_get_data (G_OBJECT (button), "field"));
  g_signal_connect (chooser, "response", G_CALLBACK (photo_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_photo_cb (GtkButton    *button,
                 GbRecordForm *self)
{
  gb_record_form_set_photo (self, g_object_get_data (G_OBJECT (button), "field"), NULL);
}

static GtkWidget *
photo_row (FieldRow     *fr,
           GbRecordForm *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  fr->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (fr->picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (fr->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (fr->picture, 72, 96);
  gtk_frame_set_child (GTK_FRAME (frame), fr->picture);
  gtk_widget_set_margin_top (frame, 6);
  gtk_widget_set_margin_bottom (frame, 6);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), frame);

  for (GtkWidget **b = (GtkWidget *[]) { choose, remove, NULL }; *b; b++)
    {
      gtk_widget_set_valign (*b, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (*b), "field", (gpointer) fr->field->name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), *b);
    }
  gtk_widget_add_css_class (remove, "flat");
  gb_widget_set_tip (remove, _("Remove the photo"));
  g_signal_connect (choose, "clicked", G_CALLBACK (choose_photo_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_photo_cb), self);
  return row;
}

/* The register's units, as addresses write them: "xã Vĩnh Bảo". */
static GPtrArray *
register_communes (GbRecordForm *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GbStmt *stmt = gb_database_prepare (gb_store_get_database (self->store),
                                      "SELECT kind || ' ' || name FROM communes"
                                      " ORDER BY name COLLATE vi, kind", NULL);

  while (stmt != NULL && gb_stmt_step (stmt) == GB_SQL_ROW)
    g_ptr_array_add (names, g_strdup (gb_stmt_column_text (stmt, 0)));
  if (stmt != NULL)
    gb_stmt_reset (stmt);
  return names;
}

static gboolean
commune_filter_cb (GtkListBoxRow *row,
                   gpointer       data)
{
  GtkEditable *search = data;
  g_auto(GStrv) words = gb_text_fold_words (gtk_editable_get_text (search));
  const char *key = g_object_get_data (G_OBJECT (row), "key");

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *needle = g_strconcat (" ", words[i], NULL);

      if (strstr (key, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
commune_search_changed_cb (GtkSearchEntry *search,
                           GtkListBox     *list)
{
  gtk_list_box_invalidate_filter (list);
}

static void
commune_chosen_cb (GtkListBox    *list,
                   GtkListBoxRow *row,
                   GtkWidget     *entry_row)
{
  gtk_editable_set_text (GTK_EDITABLE (entry_row), g_object_get_data (G_OBJECT (row), "name"));
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER)));
  gtk_widget_grab_focus (entry_row);
}

/* The commune row keeps what staff type (an address in another province,
 * an old one), with a button that picks a unit from the register,
 * searched as the lists are: without marks, words in any order. */
static void
add_commune_picker (GbRecordForm *self,
                    GtkWidget    *entry_row)
{
  g_autoptr(GPtrArray) names = register_communes (self);
  GtkWidget *button, *popover, *box, *search, *scrolled, *list;

  if (names->len == 0)
    return;
  button = gtk_menu_button_new ();
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  search = gtk_search_entry_new ();
  scrolled = gtk_scrolled_window_new ();
  list = gtk_list_box_new ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *row = gtk_list_box_row_new ();
      g_autofree char *folded = gb_text_fold (name);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);
      g_object_set_data_full (G_OBJECT (row), "key", g_strconcat (" ", folded, NULL), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), commune_filter_cb, search, NULL);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_set_name (list, "commune-list");
  gtk_widget_set_name (search, "commune-search");
  g_signal_connect (search, "search-changed", G_CALLBACK (commune_search_changed_cb), list);
  g_signal_connect (list, "row-activated", G_CALLBACK (commune_chosen_cb), entry_row);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-list-symbolic");
  gb_widget_set_tip (button, _("Choose from the register of communes and wards"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "commune-picker");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry_row), button);
}

FieldRow *
gb_record_form_make_row (GbRecordForm  *self,
                         const GbField *field)
{
  FieldRow *fr = g_new0 (FieldRow, 1);
  g_autofree char *name = g_strconcat ("field-", field->name, NULL);

  fr->field = field;
  if (field->choices != NULL)
    {
      GtkStringList *labels = gtk_string_list_new (NULL);

      gboolean long_labels = FALSE;

      if (gb_field_has_none_entry (field))
        gtk_string_list_append (labels, "—");
      for (guint i = 0; field->choices[i].code; i++)
        {
          gtk_string_list_append (labels, _(field->choices[i].label));
          long_labels |= g_utf8_strlen (_(field->choices[i].label), -1) > 20;
        }
      fr->row = adw_combo_row_new ();
      /* Long choices ("Nghệ nhân Làng nghề Hải Phòng") are shown whole
       * under the row's title rather than cut beside it. */
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (fr->row), long_labels);
      adw_combo_row_set_model (ADW_COMBO_ROW (fr->row), G_LIST_MODEL (labels));
      g_object_unref (labels);
      g_signal_connect_swapped (fr->row, "notify::selected", G_CALLBACK (gb_record_form_changed), self);
    }
  else if (g_str_equal (field->name, "craft_id"))
    {
      GtkStringList *labels = gtk_string_list_new (NULL);
      g_autoptr(GPtrArray) crafts = gb_store_query (self->crafts, NULL, NULL);
      gint64 none = 0;

      fr->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gtk_string_list_append (labels, "—");
      g_array_append_val (fr->ids, none);
      for (guint i = 0; crafts && i < crafts->len; i++)
        {
          GbRecord *craft = g_ptr_array_index (crafts, i);
          gint64 id = gb_record_get_id (craft);

          gtk_string_list_append (labels, gb_record_get_name (craft));
          g_array_append_val (fr->ids, id);
        }
      fr->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (fr->row), G_LIST_MODEL (labels));
      g_object_unref (labels);
      g_signal_connect_swapped (fr->row, "notify::selected", G_CALLBACK (gb_record_form_changed), self);
    }
  else if (field->type == GB_FIELD_BLOB)
    fr->row = photo_row (fr, self);
  else if (field->type == GB_FIELD_BOOL)
    {
      GtkWidget *toggle = gtk_switch_new ();

      fr->row = adw_action_row_new ();
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fr->row), toggle);
      g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (gb_record_form_changed), self);
    }
  else
    {
      fr->row = field->type == GB_FIELD_DATE
                ? date_row (field, g_str_equal (gb_store_get_entity (self->store)->table, "events"))
                : adw_entry_row_new ();
      if (g_str_equal (field->name, "commune"))
        add_commune_picker (self, fr->row);
      g_signal_connect_swapped (fr->row, "changed", G_CALLBACK (gb_record_form_changed), self);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), _(field->label));
  gtk_widget_set_name (fr->row, name);
  return fr;
}
