/* gb-record-form.c — the detail form of one record, built from its fields
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows come from the entity's field table, grouped as below; what a row
 * holds is parsed and checked when staff save, and the store's validation
 * decides the rest. A refused save changes nothing and marks the row.
 */
#define G_LOG_DOMAIN "gb-record-form"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gb-child-panel.h"
#include "gb-contest-panel.h"
#include "gb-choices.h"
#include "gb-lunar.h"
#include "gb-participants-panel.h"
#include "gb-artisan.h"
#include "gb-audit.h"
#include "gb-member.h"
#include "gb-paper-preview.h"
#include "gb-record-form.h"
#include "gb-registry.h"
#include "gb-text.h"
#include "gb-widget-util.h"

typedef struct
{
  const char *title;             /* N_() */
  const char *fields[12];
} Group;

typedef struct
{
  const char *table;
  Group       groups[5];
} Layout;

static const Layout layouts[] = {
  { "members", {
      { N_("Membership"), { "kind", "member_no", "status", "joined_date", "craft_id", NULL } },
      { N_("Name and Identity"), { "name", "photo", "org_type", "representative", "rep_position",
                                   "tax_code", "gender", "birth_date", "birth_year", "id_number",
                                   NULL } },
      { N_("Address"), { "province", "commune", "street", "former_address", NULL } },
      { N_("Contact"), { "phone", "email", "notes", NULL } },
  } },
  { "artisans", {
      { N_("Artisan"), { "name", "photo", "gender", "birth_year", "phone", NULL } },
      { N_("Craft"), { "craft_id", "village", "years_in_craft", "signature_products",
                       "students_trained", NULL } },
      { N_("Address"), { "province", "commune", "street", "former_address", NULL } },
      { N_("Notes"), { "notes", NULL } },
  } },
  { "events", {
      { N_("Event"), { "kind", "title", "start_date", "end_date", NULL } },
      { N_("Details"), { "place", "partners", "description", NULL } },
  } },
  { "titles", {
      { N_("Title or Award"), { "kind", "name", "decision_no", "decision_date", "issuer",
                                "certificate_no", NULL } },
      { N_("Revocation"), { "revoked_date", "revoked_reason", NULL } },
  } },
  { "dues", {
      { N_("Dues"), { "year", "amount", "paid_date", "receipt_no", NULL } },
  } },
  { "donations", {
      { N_("Donation"), { "donor_name", "amount", "donated_on", "note", NULL } },
  } },
  { "member_status_history", {
      { N_("Status"), { "status", "since", "note", NULL } },
  } },
  { "member_crafts", {
      { N_("Craft"), { "craft_id", NULL } },
  } },
};

/* Rows that apply to one kind of member only. */
static const struct { const char *field; const char *kind; } kind_only[] = {
  { "org_type", "collective" }, { "representative", "collective" },
  { "rep_position", "collective" }, { "tax_code", "collective" },
  { "gender", "individual" }, { "birth_date", "individual" }, { "photo", "individual" },
  { "birth_year", "individual" }, { "id_number", "individual" },
};

typedef struct
{
  const GbField *field;
  GtkWidget     *row;
  GArray        *ids;    /* craft_id: the id behind each combo position */
  GBytes        *bytes;  /* a photo row's picture, as chosen */
  GtkWidget     *picture;
} FieldRow;

struct _GbRecordForm
{
  AdwBin        parent_instance;

  GtkWidget    *title_label;
  GtkWidget    *scrolled;
  GtkWidget    *error_label;
  GtkWidget    *save_button;
  GtkWidget    *groups_box;
  GtkWidget    *history_group;
  GtkWidget    *print_button;
  GtkWidget    *contest_panel;
  GtkWidget    *child_panel;
  GtkWidget    *member_panels;  /* a member's status list and other crafts */
  GtkWidget    *people_panel;   /* an event's participants, or a person's events */
  GtkWidget    *link_group;     /* an artisan's member record, or a member's artisan */
  GtkWidget    *duplicate_box;
  GtkWidget    *duplicate_label;
  gint64        duplicate_id;
  gboolean      duplicate_accepted;

  GbStore      *store;
  GbStore      *crafts;
  GbRecord     *record;     /* as loaded; never changed until saved */
  const char   *parent_field;  /* set on new records: e.g. artisan_id */
  gint64        parent_id;
  char         *title;
  GPtrArray    *rows;       /* FieldRow */
  gboolean      dirty;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (GbRecordForm, gb_record_form, ADW_TYPE_BIN)

enum {
  SAVED,
  CLOSED,
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_row_free (FieldRow *fr)
{
  g_clear_pointer (&fr->ids, g_array_unref);
  g_clear_pointer (&fr->bytes, g_bytes_unref);
  g_free (fr);
}

static void
set_dirty (GbRecordForm *self,
           gboolean      dirty)
{
  self->dirty = dirty;
  gtk_widget_set_sensitive (self->save_button, dirty);
}

static FieldRow *
find_row (GbRecordForm *self,
          const char   *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);
      if (g_str_equal (fr->field->name, name))
        return fr;
    }
  return NULL;
}

/* A member's form shows what applies to its kind: a cooperative has a
 * representative and a tax code, a person a birth date and an identity. */
static void
update_kind_rows (GbRecordForm *self)
{
  FieldRow *kind = find_row (self, "kind");
  const char *code;

  if (kind == NULL || !g_str_equal (gb_store_get_entity (self->store)->table, "members"))
    return;
  code = kind->field->choices[adw_combo_row_get_selected (ADW_COMBO_ROW (kind->row))].code;
  for (guint i = 0; i < G_N_ELEMENTS (kind_only); i++)
    {
      FieldRow *fr = find_row (self, kind_only[i].field);
      if (fr != NULL)
        gtk_widget_set_visible (fr->row, g_strcmp0 (code, kind_only[i].kind) == 0);
    }
}

/* A row marked wrong stops saying so once staff change it (the row being
 * edited holds the focus), and the message goes with the last mark. */
static void
clear_fixed_error (GbRecordForm *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);

      if (!gtk_widget_has_css_class (fr->row, "error"))
        continue;
      if (focus != NULL && (focus == fr->row || gtk_widget_is_ancestor (focus, fr->row)))
        gtk_widget_remove_css_class (fr->row, "error");
      else
        any = TRUE;
    }
  if (!any)
    gtk_widget_set_visible (self->error_label, FALSE);
}

static void
changed_cb (GbRecordForm *self)
{
  update_kind_rows (self);
  if (!self->loading)
    {
      set_dirty (self, TRUE);
      clear_fixed_error (self);
    }
}

static gboolean
is_optional (const GbField *field)
{
  return !(field->flags & GB_FIELD_REQUIRED);
}

/* A choice starts as "—" when it may stay empty, and when staff must make
 * it (a title's kind): a new title is not given the first, highest kind,
 * which staff would then save without having chosen it. */
static gboolean
has_none_entry (const GbField *field)
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
static void
show_photo (FieldRow *fr,
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
          show_photo (fr, bytes);
          set_dirty (self, TRUE);
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
  sqlite3_stmt *stmt = gb_database_prepare (gb_store_get_database (self->store),
                                            "SELECT kind || ' ' || name FROM communes"
                                            " ORDER BY name COLLATE vi, kind", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (stmt != NULL)
    sqlite3_reset (stmt);
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

static FieldRow *
make_row (GbRecordForm  *self,
          const GbField *field)
{
  FieldRow *fr = g_new0 (FieldRow, 1);
  g_autofree char *name = g_strconcat ("field-", field->name, NULL);

  fr->field = field;
  if (field->choices != NULL)
    {
      GtkStringList *labels = gtk_string_list_new (NULL);

      gboolean long_labels = FALSE;

      if (has_none_entry (field))
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
      g_signal_connect_swapped (fr->row, "notify::selected", G_CALLBACK (changed_cb), self);
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
      g_signal_connect_swapped (fr->row, "notify::selected", G_CALLBACK (changed_cb), self);
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
      g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (changed_cb), self);
    }
  else
    {
      fr->row = field->type == GB_FIELD_DATE
                ? date_row (field, g_str_equal (gb_store_get_entity (self->store)->table, "events"))
                : adw_entry_row_new ();
      if (g_str_equal (field->name, "commune"))
        add_commune_picker (self, fr->row);
      g_signal_connect_swapped (fr->row, "changed", G_CALLBACK (changed_cb), self);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), _(field->label));
  gtk_widget_set_name (fr->row, name);
  return fr;
}

static const Layout *
layout_for (const GbEntity *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (g_str_equal (layouts[i].table, entity->table))
      return &layouts[i];
  return NULL;
}

static void
build_rows (GbRecordForm *self)
{
  const GbEntity *entity = gb_store_get_entity (self->store);
  const Layout *layout = layout_for (entity);

  g_return_if_fail (layout != NULL);

  for (guint g = 0; g < G_N_ELEMENTS (layout->groups) && layout->groups[g].title; g++)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->groups[g].title));
      for (guint i = 0; layout->groups[g].fields[i]; i++)
        {
          const GbField *field = gb_entity_find_field (entity, layout->groups[g].fields[i]);
          FieldRow *fr;

          g_return_if_fail (field != NULL);
          fr = make_row (self, field);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), fr->row);
          g_ptr_array_add (self->rows, fr);
        }
      gtk_box_append (GTK_BOX (self->groups_box), group);
    }
}

static guint
choice_position (const GbField *field,
                 const char    *code)
{
  guint offset = has_none_entry (field) ? 1 : 0;

  for (guint i = 0; code && field->choices[i].code; i++)
    if (g_str_equal (field->choices[i].code, code))
      return i + offset;
  return 0;
}

/* "Created", "Changed", … for an audit entry's action; also the log's. */
const char *
gb_history_action_label (const char *action)
{
  if (g_strcmp0 (action, "insert") == 0)
    return _("Created");
  if (g_strcmp0 (action, "delete") == 0)
    return _("Moved to the bin");
  if (g_strcmp0 (action, "restore") == 0)
    return _("Restored from the bin");
  if (g_strcmp0 (action, "import") == 0)
    return _("Imported");
  return _("Changed");
}

/* The audit trail, newest first: when, who, which field, old → new. */
static void
show_history (GbRecordForm *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  const GbEntity *entity = gb_store_get_entity (self->store);
  GtkWidget *expander;
  g_autofree char *subtitle = NULL;

  if (self->history_group != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->history_group);
  self->history_group = NULL;
  if (gb_record_get_id (self->record) == 0)
    return;

  entries = gb_store_history (self->store, gb_record_get_id (self->record), NULL);
  if (entries == NULL)
    return;

  self->history_group = adw_preferences_group_new ();
  gtk_widget_set_name (self->history_group, "history");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->history_group), _("History"));
  expander = adw_expander_row_new ();
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", entries->len),
                              entries->len);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Changes to this record"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  for (guint i = 0; i < entries->len; i++)
    {
      GbHistoryEntry *entry = g_ptr_array_index (entries, i);
      const GbField *field = gb_entity_find_field (entity, entry->field);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (entry->at, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m/%Y %H:%M") : g_strdup (entry->at);
      g_autofree char *title = g_strdup_printf ("%s · %s", when, entry->os_user);
      g_autofree char *what = NULL;

      if (field != NULL)
        {
          /* As the form names them: labels, names and dates, not codes and ids. */
          GbDatabase *db = gb_store_get_database (self->store);
          g_autofree char *before = gb_audit_dup_value (db, entity->table, field->name, entry->old_value);
          g_autofree char *after = gb_audit_dup_value (db, entity->table, field->name, entry->new_value);

          what = g_strdup_printf ("%s: %s → %s", _(field->label), before, after);
        }
      else if (g_strcmp0 (entry->action, "import") == 0 && entry->new_value != NULL)
        what = g_strdup_printf (_("Imported from “%s”"), entry->new_value);
      else
        what = g_strdup (gb_history_action_label (entry->action));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->history_group), expander);
  gtk_box_append (GTK_BOX (self->groups_box), self->history_group);
}

static char *
money (gint64 amount)
{
  g_autofree char *digits = gb_text_format_thousands (amount);
  /* Translators: an amount of money, "1.234.567 đồng" */
  return g_strdup_printf (_("%s đồng"), digits);
}

static char *
title_summary (GbDatabase *database,
              GbRecord   *record,
              char      **subtitle)
{
  GbTitle *t = GB_TITLE (record);
  g_autofree char *date = gb_text_format_date (t->decision_date);
  g_autofree char *revoked = gb_text_format_date (t->revoked_date);
  GString *sub = g_string_new (NULL);

  if (t->decision_no != NULL)
    g_string_append_printf (sub, _("Decision %s of %s"), t->decision_no, date);
  if (t->certificate_no != NULL)
    g_string_append_printf (sub, "%s%s %s", sub->len ? " · " : "", _("Certificate"), t->certificate_no);
  if (t->revoked_date != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Revoked on %s: %s"), revoked, t->revoked_reason);
      g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", why);
    }
  *subtitle = g_string_free (sub, FALSE);
  return g_strdup (gb_choice_label (gb_title_kinds, t->kind));
}

static char *
dues_summary (GbDatabase *database,
             GbRecord   *record,
             char      **subtitle)
{
  GbDues *d = GB_DUES (record);
  g_autofree char *amount = money (d->amount);

  if (d->paid_date != NULL)
    {
      g_autofree char *date = gb_text_format_date (d->paid_date);
      *subtitle = d->receipt_no ? g_strdup_printf (_("Paid on %s, receipt %s"), date, d->receipt_no)
                                : g_strdup_printf (_("Paid on %s"), date);
    }
  else
    *subtitle = g_strdup (_("Not paid"));
  return g_strdup_printf ("%" G_GINT64_FORMAT ": %s", d->year, amount);
}

static char *
dues_total (GPtrArray *records)
{
  gint64 paid = 0, unpaid = 0;
  g_autofree char *paid_text = NULL;
  g_autofree char *unpaid_text = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      GbDues *d = g_ptr_array_index (records, i);
      if (d->paid_date != NULL)
        paid += d->amount;
      else
        unpaid += d->amount;
    }
  paid_text = money (paid);
  unpaid_text = money (unpaid);
  return g_strdup_printf (_("Paid %s; owed %s."), paid_text, unpaid_text);
}

static char *
donation_summary (GbDatabase *database,
                 GbRecord   *record,
                 char      **subtitle)
{
  GbDonation *d = GB_DONATION (record);
  g_autofree char *amount = money (d->amount);

  *subtitle = gb_text_format_date (d->donated_on);
  return g_strdup_printf ("%s — %s", d->donor_name, amount);
}

static char *
donation_total (GPtrArray *records)
{
  gint64 total = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < records->len; i++)
    total += GB_DONATION (g_ptr_array_index (records, i))->amount;
  text = money (total);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Collected %s from %u donation.",
                                       "Collected %s from %u donations.", records->len),
                          text, records->len);
}

static char *
status_change_summary (GbDatabase *database,
                      GbRecord   *record,
                      char      **subtitle)
{
  GbStatusChange *c = GB_STATUS_CHANGE (record);
  g_autofree char *since = gb_text_format_date (c->since);
  const char *label = c->status;

  for (guint i = 0; gb_member_statuses[i].code; i++)
    if (g_strcmp0 (gb_member_statuses[i].code, c->status) == 0)
      label = _(gb_member_statuses[i].label);
  *subtitle = g_strdup (c->note);
  /* TRANSLATORS: a line of a member's status list: "since 01/03/2024: Active" */
  return g_strdup_printf (_("Since %s: %s"), since ? since : "", label);
}

/* The dated status list, oldest first. */
static int
status_change_order (gconstpointer a,
                     gconstpointer b)
{
  GbStatusChange *x = *(GbStatusChange **) a;
  GbStatusChange *y = *(GbStatusChange **) b;
  int c = g_strcmp0 (x->since, y->since);

  if (c != 0)
    return c;
  return gb_record_get_id (GB_RECORD (x)) < gb_record_get_id (GB_RECORD (y)) ? -1 : 1;
}

static char *
member_craft_summary (GbDatabase *database,
                     GbRecord   *record,
                     char      **subtitle)
{
  GbMemberCraft *mc = GB_MEMBER_CRAFT (record);
  g_autoptr(GbStore) crafts = gb_store_new (database, GB_TYPE_CRAFT);
  g_autoptr(GbRecord) craft = gb_store_get (crafts, mc->craft_id, NULL);

  *subtitle = NULL;
  return g_strdup (craft ? gb_record_get_name (craft) : "—");
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Add in a record's panel before the record was ever saved (an artisan's
 * first title as the artisan is typed in): save it as Save does, its
 * errors shown the same way, then add to the panel shown for it saved. */
static void
add_before_save_cb (GbChildPanel *panel,
                    gpointer      data)
{
  GbRecordForm *self = data;
  g_autofree char *name = g_strdup (gtk_widget_get_name (GTK_WIDGET (panel)));
  GtkWidget *saved;

  if (!gb_record_form_save (self))
    return;
  saved = find_named (self->groups_box, name);
  if (saved != NULL && GB_IS_CHILD_PANEL (saved))
    gb_child_panel_add (GB_CHILD_PANEL (saved));
}

/* The records that belong to this one: an artisan's titles, a member's
 * dated status list, other crafts and dues, a drive's donations. A new
 * record shows them empty, and their Add saves it first. */
static void
show_children (GbRecordForm *self)
{
  const char *table = gb_store_get_entity (self->store)->table;
  GbDatabase *db = gb_store_get_database (self->store);
  gint64 id = gb_record_get_id (self->record);

  if (self->child_panel != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->child_panel);
  self->child_panel = NULL;
  if (self->member_panels != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->member_panels);
  self->member_panels = NULL;
  if (self->people_panel != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->people_panel);
  self->people_panel = NULL;

  if (g_str_equal (table, "members"))
    {
      GbChildPanel *status = gb_child_panel_new (db, GB_TYPE_STATUS_CHANGE, "member_id", id,
                                                 _("Status History"), status_change_summary, NULL);
      GbChildPanel *crafts = gb_child_panel_new (db, GB_TYPE_MEMBER_CRAFT, "member_id", id,
                                                 _("Other Crafts"), member_craft_summary, NULL);

      gb_child_panel_set_order (status, status_change_order);
      gb_child_panel_set_save_parent (status, add_before_save_cb, self);
      gb_child_panel_set_save_parent (crafts, add_before_save_cb, self);
      gtk_widget_set_name (GTK_WIDGET (status), "status-history");
      gtk_widget_set_name (GTK_WIDGET (crafts), "other-crafts");
      self->member_panels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
      gtk_box_append (GTK_BOX (self->member_panels), GTK_WIDGET (status));
      gtk_box_append (GTK_BOX (self->member_panels), GTK_WIDGET (crafts));
      gtk_box_append (GTK_BOX (self->groups_box), self->member_panels);
    }

  if (g_str_equal (table, "artisans"))
    self->child_panel = GTK_WIDGET (gb_child_panel_new (db, GB_TYPE_TITLE, "artisan_id", id,
                                                        _("Titles and Recognitions"),
                                                        title_summary, NULL));
  else if (g_str_equal (table, "members"))
    self->child_panel = GTK_WIDGET (gb_child_panel_new (db, GB_TYPE_DUES, "member_id", id,
                                                        _("Yearly Dues"), dues_summary, dues_total));
  else if (g_str_equal (table, "events")
           && g_strcmp0 (gb_record_get_text (self->record, "kind"), "fundraising") == 0)
    self->child_panel = GTK_WIDGET (gb_child_panel_new (db, GB_TYPE_DONATION, "event_id", id,
                                                        _("Donations"), donation_summary,
                                                        donation_total));
  if (self->child_panel != NULL)
    {
      gtk_widget_set_name (self->child_panel, "children");
      gb_child_panel_set_save_parent (GB_CHILD_PANEL (self->child_panel), add_before_save_cb, self);
      gtk_box_append (GTK_BOX (self->groups_box), self->child_panel);
    }

  /* Who took part: only once there is a record to take part in. */
  if (id == 0)
    return;
  if (g_str_equal (table, "events"))
    {
      /* A contest's entrants are the first section of its contest panel. */
      if (g_strcmp0 (gb_record_get_text (self->record, "kind"), "contest") == 0)
        return;
      self->people_panel = GTK_WIDGET (gb_participants_panel_new (db, id, "attendee"));
      gtk_widget_set_name (self->people_panel, "participants");
    }
  else
    self->people_panel = gb_attended_events_new (db, g_str_equal (table, "members") ? "member_id"
                                                                                  : "artisan_id", id);
  gtk_box_append (GTK_BOX (self->groups_box), self->people_panel);
}

/* The same person as artisan and as member: each form names the other. */
static void
show_link (GbRecordForm *self)
{
  const char *table = gb_store_get_entity (self->store)->table;
  GbDatabase *db = gb_store_get_database (self->store);
  g_autoptr(GPtrArray) others = NULL;
  GtkWidget *row;

  if (self->link_group != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->link_group);
  self->link_group = NULL;
  if (gb_record_get_id (self->record) == 0)
    return;

  if (g_str_equal (table, "artisans") && gb_record_get_int (self->record, "member_id") != 0)
    {
      g_autoptr(GbStore) members = gb_store_new (db, GB_TYPE_MEMBER);
      GbRecord *member = gb_store_get (members, gb_record_get_int (self->record, "member_id"), NULL);

      others = g_ptr_array_new_with_free_func (g_object_unref);
      if (member != NULL)
        g_ptr_array_add (others, member);
    }
  else if (g_str_equal (table, "members"))
    {
      g_autoptr(GbStore) artisans = gb_store_new (db, GB_TYPE_ARTISAN);
      others = gb_store_list_by (artisans, "member_id", gb_record_get_id (self->record), NULL);
    }
  if (others == NULL || others->len == 0)
    return;

  self->link_group = adw_preferences_group_new ();
  gtk_widget_set_name (self->link_group, "link");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->link_group),
                                   g_str_equal (table, "artisans") ? _("Also a Member")
                                                                   : _("Also a Recognized Artisan"));
  for (guint i = 0; i < others->len; i++)
    {
      GbRecord *other = g_ptr_array_index (others, i);
      g_autofree char *subtitle = NULL;

      if (GB_IS_MEMBER (other))
        subtitle = g_strdup (gb_record_get_text (other, "member_no"));
      else
        subtitle = g_strdup (gb_choice_label (gb_title_kinds, gb_record_get_text (other, "highest_title")));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gb_record_get_name (other));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->link_group), row);
    }
  gtk_box_append (GTK_BOX (self->groups_box), self->link_group);
}

/* A saved contest gets its entries, judges, scores and ranking below. */
static void
show_contest (GbRecordForm *self)
{
  if (self->contest_panel != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), self->contest_panel);
  self->contest_panel = NULL;

  if (gb_record_get_id (self->record) == 0
      || !g_str_equal (gb_store_get_entity (self->store)->table, "events")
      || g_strcmp0 (gb_record_get_text (self->record, "kind"), "contest") != 0)
    return;

  self->contest_panel = GTK_WIDGET (gb_contest_panel_new (gb_store_get_database (self->store),
                                                          gb_record_get_id (self->record)));
  gtk_widget_set_name (self->contest_panel, "contest");
  gtk_box_append (GTK_BOX (self->groups_box), self->contest_panel);
}

/* Which papers this record can print; the first is Ctrl+P's. */
static const char *const *
papers_for (GbRecordForm *self)
{
  const char *table = gb_store_get_entity (self->store)->table;

  if (self->record == NULL || gb_record_get_id (self->record) == 0)
    return NULL;
  return gb_paper_preview_papers_for (table, g_str_equal (table, "events")
                                             && g_strcmp0 (gb_record_get_text (self->record, "kind"),
                                                           "contest") == 0);
}

static void
update_print_menu (GbRecordForm *self)
{
  const char *const *papers = papers_for (self);
  g_autoptr(GMenuModel) menu = gb_paper_preview_menu (papers, "form.print", FALSE);

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->print_button), menu);
  gtk_widget_set_visible (self->print_button, papers != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.print", papers != NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GbRecordForm *self = GB_RECORD_FORM (widget);
  const char *const *papers = papers_for (self);
  const char *paper = param ? g_variant_get_string (param, NULL) : "";
  gint64 id;

  if (papers == NULL)
    return;
  if (*paper == '\0')
    paper = papers[0];   /* Ctrl+P */
  /* The paper shows what is saved: save first. */
  if (self->dirty && !gb_record_form_save (self))
    return;
  id = gb_record_get_id (self->record);
  gtk_window_present (GTK_WINDOW (gb_paper_preview_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                        gb_store_get_database (self->store),
                                                        paper, &id, 1)));
}

static void
show_record (GbRecordForm *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);
      const GbField *field = fr->field;
      g_autofree char *raw = gb_record_dup_field_string (self->record, field);

      gtk_widget_remove_css_class (fr->row, "error");
      if (field->choices != NULL)
        adw_combo_row_set_selected (ADW_COMBO_ROW (fr->row), choice_position (field, raw));
      else if (fr->ids != NULL)
        {
          gint64 id = gb_record_get_int (self->record, field->name);
          guint position = 0;

          for (guint p = 0; p < fr->ids->len; p++)
            if (g_array_index (fr->ids, gint64, p) == id)
              position = p;
          adw_combo_row_set_selected (ADW_COMBO_ROW (fr->row), position);
        }
      else if (field->type == GB_FIELD_BLOB)
        {
          GBytes *bytes = NULL;

          g_object_get (self->record, field->name, &bytes, NULL);
          show_photo (fr, bytes);
          g_clear_pointer (&bytes, g_bytes_unref);
        }
      else if (field->type == GB_FIELD_BOOL)
        {
          GtkWidget *toggle = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (fr->row));
          gtk_switch_set_active (GTK_SWITCH (toggle), raw && g_str_equal (raw, "1"));
        }
      else
        {
          g_autofree char *shown = gb_record_dup_field_display (self->record, field);
          gtk_editable_set_text (GTK_EDITABLE (fr->row), shown);
        }
    }
  self->loading = FALSE;

  gtk_label_set_text (GTK_LABEL (self->title_label), gb_record_form_get_title (self));
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_set_visible (self->duplicate_box, FALSE);
  self->duplicate_accepted = FALSE;
  show_link (self);
  show_children (self);
  show_contest (self);
  show_history (self);
  update_print_menu (self);
  /* A new form is not a change until something is typed: closing it
   * untouched asks nothing. */
  set_dirty (self, FALSE);
  /* Each record opens at its top, not where the last one was left. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), 0);
}

/* Names a likely duplicate once; saving again means staff checked it. */
static gboolean
warn_duplicate (GbRecordForm *self,
                GbRecord     *edited)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GbRecord) other = NULL;
  g_autofree char *text = NULL;

  if (self->duplicate_accepted)
    return FALSE;
  ids = gb_store_find_duplicates (self->store, edited, NULL);
  if (ids == NULL || ids->len == 0)
    return FALSE;
  self->duplicate_id = g_array_index (ids, gint64, 0);
  other = gb_store_get (self->store, self->duplicate_id, NULL);
  if (other == NULL)
    return FALSE;

  text = g_strdup_printf (_("This looks like “%s”, already in the register (same name and year "
                            "of birth, or same tax code). Open it, or save again to keep both."),
                          gb_record_get_name (other));
  gtk_label_set_text (GTK_LABEL (self->duplicate_label), text);
  gtk_widget_set_visible (self->duplicate_box, TRUE);
  self->duplicate_accepted = TRUE;
  return TRUE;
}

static void
open_duplicate_cb (GbRecordForm *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, self->duplicate_id);
}

/* A copy of the loaded record: a refused save must leave it untouched. */
static GbRecord *
copy_record (GbRecord *record)
{
  const GbEntity *entity = gb_record_get_entity (record);
  GbRecord *copy = gb_record_new (G_OBJECT_TYPE (record));

  gb_record_set_id (copy, gb_record_get_id (record));
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      GValue value = G_VALUE_INIT;

      if (field->flags & GB_FIELD_COMPUTED)
        continue;
      g_object_get_property (G_OBJECT (record), field->name, &value);
      g_object_set_property (G_OBJECT (copy), field->name, &value);
      g_value_unset (&value);
    }
  return copy;
}

static void
mark_invalid (GbRecordForm *self,
              const char   *field_name,
              const char   *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, TRUE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (fr->field->name, field_name) == 0)
        {
          gtk_widget_add_css_class (fr->row, "error");
          gtk_widget_grab_focus (fr->row);
        }
    }
}

/* Reads the rows into @record; a value that cannot be parsed is refused
 * here with its row named. */
static gboolean
read_rows (GbRecordForm *self,
           GbRecord     *record)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);
      const GbField *field = fr->field;
      GValue value = G_VALUE_INIT;

      gtk_widget_remove_css_class (fr->row, "error");

      /* A row hidden because it does not apply is stored empty. */
      if (!gtk_widget_get_visible (fr->row))
        {
          if (field->type == GB_FIELD_INT)
            gb_record_set_int (record, field->name, 0);
          else if (field->type == GB_FIELD_BLOB)
            g_object_set (record, field->name, NULL, NULL);
          else
            gb_record_set_text (record, field->name, NULL);
          continue;
        }

      if (field->choices != NULL)
        {
          guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (fr->row));
          guint offset = has_none_entry (field) ? 1 : 0;

          gb_record_set_text (record, field->name,
                              position >= offset ? field->choices[position - offset].code : NULL);
          continue;
        }
      if (fr->ids != NULL)
        {
          guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (fr->row));

          gb_record_set_int (record, field->name,
                             position < fr->ids->len ? g_array_index (fr->ids, gint64, position) : 0);
          continue;
        }
      if (field->type == GB_FIELD_BLOB)
        {
          g_value_init (&value, G_TYPE_BYTES);
          g_value_set_boxed (&value, fr->bytes);
          g_object_set_property (G_OBJECT (record), field->name, &value);
          g_value_unset (&value);
          continue;
        }
      if (field->type == GB_FIELD_BOOL)
        {
          GtkWidget *toggle = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (fr->row));

          g_value_init (&value, G_TYPE_BOOLEAN);
          g_value_set_boolean (&value, gtk_switch_get_active (GTK_SWITCH (toggle)));
          g_object_set_property (G_OBJECT (record), field->name, &value);
          g_value_unset (&value);
          continue;
        }

      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (fr->row))));

        if (field->type == GB_FIELD_DATE)
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *iso = NULL;

            if (*text != '\0' && (iso = gb_text_parse_date (text, &error)) == NULL)
              {
                g_autofree char *message = g_strdup_printf ("%s: %s", _(field->label), error->message);
                mark_invalid (self, field->name, message);
                return FALSE;
              }
            gb_record_set_text (record, field->name, iso);
          }
        else if (field->type == GB_FIELD_INT)
          {
            char *end = NULL;
            gint64 n = *text ? g_ascii_strtoll (text, &end, 10) : 0;

            if (*text && (end == NULL || *end != '\0'))
              {
                g_autofree char *message = g_strdup_printf (_("%s: “%s” is not a whole number."),
                                                            _(field->label), text);
                mark_invalid (self, field->name, message);
                return FALSE;
              }
            gb_record_set_int (record, field->name, n);
          }
        else if (field->type == GB_FIELD_REAL)
          {
            g_value_init (&value, G_TYPE_DOUBLE);
            g_value_set_double (&value, g_ascii_strtod (text, NULL));
            g_object_set_property (G_OBJECT (record), field->name, &value);
            g_value_unset (&value);
          }
        else
          gb_record_set_text (record, field->name, *text ? text : NULL);
      }
    }
  return TRUE;
}

gboolean
gb_record_form_save (GbRecordForm *self)
{
  g_autoptr(GbRecord) edited = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (GB_IS_RECORD_FORM (self), FALSE);

  if (self->record == NULL)
    return FALSE;

  edited = copy_record (self->record);
  if (!read_rows (self, edited))
    return FALSE;
  if (warn_duplicate (self, edited))
    return FALSE;

  ok = gb_record_get_id (edited) == 0 ? gb_store_insert (self->store, edited, &error)
                                      : gb_store_update (self->store, edited, &error);
  if (!ok)
    {
      mark_invalid (self, gb_record_get_invalid_field (edited), error->message);
      return FALSE;
    }

  /* Show what was stored (normalized), not what was typed. */
  g_clear_object (&self->record);
  self->record = gb_store_get (self->store, gb_record_get_id (edited), NULL);
  if (self->record == NULL)
    self->record = g_steal_pointer (&edited);
  show_record (self);
  g_signal_emit (self, signals[SAVED], 0, gb_record_get_id (self->record));
  return TRUE;
}

gboolean
gb_record_form_open (GbRecordForm  *self,
                     gint64         id,
                     GError       **error)
{
  GbRecord *record;

  g_return_val_if_fail (GB_IS_RECORD_FORM (self), FALSE);

  if ((record = gb_store_get (self->store, id, error)) == NULL)
    return FALSE;
  g_clear_object (&self->record);
  self->record = record;
  show_record (self);
  return TRUE;
}

/* A new record of the store's kind, with the defaults staff expect. */
void
gb_record_form_open_new (GbRecordForm *self)
{
  const GbEntity *entity;

  g_return_if_fail (GB_IS_RECORD_FORM (self));

  g_clear_object (&self->record);
  self->record = gb_record_new (gb_store_get_record_type (self->store));
  entity = gb_record_get_entity (self->record);
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].choices != NULL && (entity->fields[i].flags & GB_FIELD_REQUIRED)
        && !has_none_entry (&entity->fields[i]))
      gb_record_set_text (self->record, entity->fields[i].name, entity->fields[i].choices[0].code);
  if (gb_entity_find_field (entity, "status") != NULL)
    gb_record_set_text (self->record, "status", "active");
  if (self->parent_field != NULL)
    gb_record_set_int (self->record, self->parent_field, self->parent_id);
  if (g_str_equal (entity->table, "members"))
    {
      /* The next number in the association's format (Preferences). */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *format = g_settings_get_string (settings, "member-number-format");
      g_autofree char *next = gb_member_next_number (self->store, format);

      if (*next)
        gb_record_set_text (self->record, "member_no", next);
    }
  show_record (self);
}

/* Forgets what was typed: the rows show the stored record again. */
void
gb_record_form_discard (GbRecordForm *self)
{
  g_return_if_fail (GB_IS_RECORD_FORM (self));

  if (self->record != NULL)
    show_record (self);
  set_dirty (self, FALSE);
}

/* New records of this form belong to @parent_id through @field. */
void
gb_record_form_set_parent (GbRecordForm *self,
                           const char   *field,
                           gint64        parent_id)
{
  g_return_if_fail (GB_IS_RECORD_FORM (self));

  self->parent_field = field;
  self->parent_id = parent_id;
}

gint64
gb_record_form_get_id (GbRecordForm *self)
{
  g_return_val_if_fail (GB_IS_RECORD_FORM (self), 0);
  return self->record ? gb_record_get_id (self->record) : 0;
}

gboolean
gb_record_form_is_dirty (GbRecordForm *self)
{
  g_return_val_if_fail (GB_IS_RECORD_FORM (self), FALSE);
  return self->record != NULL && self->dirty;
}

const char *
gb_record_form_get_title (GbRecordForm *self)
{
  const GbEntity *entity;
  const GbField *field;

  g_return_val_if_fail (GB_IS_RECORD_FORM (self), NULL);

  if (self->record == NULL)
    return "";
  entity = gb_record_get_entity (self->record);
  field = gb_entity_find_field (entity, entity->name_field);
  if (gb_record_get_id (self->record) == 0 || field == NULL)
    {
      if (g_str_equal (entity->table, "members"))
        return _("New Member");
      if (g_str_equal (entity->table, "artisans"))
        return _("New Artisan");
      if (g_str_equal (entity->table, "events"))
        return _("New Event");
      if (g_str_equal (entity->table, "titles"))
        return _("New Title");
      if (g_str_equal (entity->table, "dues"))
        return _("New Dues Payment");
      if (g_str_equal (entity->table, "donations"))
        return _("New Donation");
      return _("New Record");
    }
  /* A title's "name" is its kind: show the label, not the code. */
  g_free (self->title);
  self->title = gb_record_dup_field_display (self->record, field);
  return self->title;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gb_record_form_save (GB_RECORD_FORM (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
gb_record_form_dispose (GObject *object)
{
  GbRecordForm *self = GB_RECORD_FORM (object);

  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_object (&self->crafts);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (gb_record_form_parent_class)->dispose (object);
}

static void
gb_record_form_class_init (GbRecordFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_record_form_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "form.print", "s", print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "form.print", "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  /* As the × does; a changed record asks first. Where the form has the
   * whole window (a narrow one), Escape is the way back to the list. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "form.close", NULL);
}

static void
gb_record_form_init (GbRecordForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkWidget *scrolled = self->scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) field_row_free);

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  self->title_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title_label, "title-3");
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "form.save");
  gtk_widget_set_tooltip_text (self->save_button, _("Save (Ctrl+S)"));
  gtk_widget_add_css_class (close, "flat");
  gb_widget_set_tip (close, _("Close"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "form.close");
  self->print_button = gtk_menu_button_new ();
  gtk_widget_set_name (self->print_button, "print");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->print_button), "printer-symbolic");
  gb_widget_set_tip (self->print_button, _("Print (Ctrl+P)"));
  gtk_widget_add_css_class (self->print_button, "flat");
  gtk_widget_set_visible (self->print_button, FALSE);
  gtk_box_append (GTK_BOX (bar), self->title_label);
  gtk_box_append (GTK_BOX (bar), self->print_button);
  gtk_box_append (GTK_BOX (bar), self->save_button);
  gtk_box_append (GTK_BOX (bar), close);

  self->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->error_label, "form-error");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  {
    GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open It"));

    self->duplicate_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_name (self->duplicate_box, "duplicate-warning");
    gtk_widget_add_css_class (self->duplicate_box, "card");
    gtk_widget_add_css_class (self->duplicate_box, "gb-warning");
    self->duplicate_label = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->duplicate_label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->duplicate_label), 0);
    gtk_widget_set_hexpand (self->duplicate_label, TRUE);
    gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
    g_signal_connect_swapped (open, "clicked", G_CALLBACK (open_duplicate_cb), self);
    gtk_box_append (GTK_BOX (self->duplicate_box), self->duplicate_label);
    gtk_box_append (GTK_BOX (self->duplicate_box), open);
    gtk_widget_set_visible (self->duplicate_box, FALSE);
  }

  self->groups_box = content;
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_box_append (GTK_BOX (content), self->error_label);
  gtk_box_append (GTK_BOX (content), self->duplicate_box);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_bin_set_child (ADW_BIN (self), box);
}

GbRecordForm *
gb_record_form_new (GbStore *store)
{
  GbRecordForm *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_RECORD_FORM, NULL);
  self->store = g_object_ref (store);
  self->crafts = gb_store_new (gb_store_get_database (store), GB_TYPE_CRAFT);
  build_rows (self);
  return self;
}
