/* gb-import-window.c — the import wizard: file, columns, check, import
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps, each a page of a stack:
 *
 *   loading   the file is read on a worker thread
 *   source    (a workbook with several sheets, or legacy text) which sheet,
 *             and the text before and after its conversion
 *   columns   what each column holds, guessed, changeable
 *   check     every row checked (worker thread, progress): how many are
 *             ready, the first rows as they will be stored, each problem
 *   running   the import itself, with progress and Cancel
 *   done      the summary, with Undo of the whole import
 *
 * The wizard has its own connection to the database; the import runs in
 * one transaction on it, so Cancel or a failure leaves the file as it was.
 * "imported" tells the main window to show the new records.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-import-file.h"
#include "gb-import-window.h"
#include "gb-text.h"

#define PREVIEW_ROWS 5
#define MAX_PROBLEMS_SHOWN 300

struct _GbImportWindow
{
  AdwWindow         parent_instance;

  char             *file_path;
  char             *number_format;
  GbImportKind      kind;
  GbDatabase       *db;
  GbImport         *import;
  GbImportFileInfo  info;
  int               encoding;      /* -1: found from the text */
  char             *sheet;
  GCancellable     *cancellable;
  gboolean          busy;
  gboolean          closed;       /* disposed: the widgets are gone */
  gboolean          close_when_done;
  guint             progress_done; /* written by the worker */
  guint             progress_total;
  guint             progress_source;
  gint64            import_id;
  guint             n_imported;

  AdwWindowTitle   *title;
  GtkWidget        *back_button;
  GtkWidget        *next_button;
  GtkStack         *stack;
  AdwToastOverlay  *toasts;

  GtkWidget        *loading_label;
  GtkProgressBar   *loading_bar;
  GtkWidget        *cancel_button;

  AdwPreferencesGroup *sheet_group;
  AdwComboRow      *sheet_row;
  AdwPreferencesGroup *sample_group;
  AdwActionRow     *before_row;
  AdwActionRow     *after_row;

  AdwPreferencesGroup *columns_group;
  GPtrArray        *column_rows;
  GtkLabel         *columns_error;
  gboolean          updating;

  GtkLabel         *summary;
  AdwPreferencesGroup *preview_group;
  AdwPreferencesGroup *problems_group;
  GPtrArray        *dynamic_rows;   /* (row, group) pairs removed on a new check */
  GtkWidget        *valid_only_row;
  GtkSwitch        *valid_only;
  GtkWidget        *keep_likely_row;
  GtkSwitch        *keep_likely;

  AdwStatusPage    *done_page;
  GtkWidget        *undo_button;
};

G_DEFINE_FINAL_TYPE (GbImportWindow, gb_import_window, ADW_TYPE_WINDOW)

enum { IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_step (GbImportWindow *self, const char *step);
static gboolean has_source (GbImportWindow *self);
static void start_load (GbImportWindow *self);
static void start_check (GbImportWindow *self);

static const char *
kind_title (GbImportKind kind)
{
  switch (kind)
    {
    case GB_IMPORT_MEMBERS:
      return _("Import Members");
    case GB_IMPORT_ARTISANS:
      return _("Import Artisans");
    default:
      return _("Import Events");
    }
}

/* Progress from a worker, shown every tenth of a second. */
static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  GbImportWindow *self = data;

  g_atomic_int_set (&self->progress_total, total);
  g_atomic_int_set (&self->progress_done, done);
}

static gboolean
progress_tick (gpointer data)
{
  GbImportWindow *self = data;
  guint total = g_atomic_int_get (&self->progress_total);
  guint done = g_atomic_int_get (&self->progress_done);

  if (total == 0)
    gtk_progress_bar_pulse (self->loading_bar);
  else
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u rows"), done, total);

      gtk_progress_bar_set_fraction (self->loading_bar, (double) done / total);
      gtk_progress_bar_set_text (self->loading_bar, text);
    }
  return G_SOURCE_CONTINUE;
}

/* The busy page: what is happening, progress, Cancel. */
static void
set_busy (GbImportWindow *self,
          const char     *what)
{
  self->busy = what != NULL;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (what == NULL)
    return;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->progress_done = self->progress_total = 0;
  gtk_label_set_text (GTK_LABEL (self->loading_label), what);
  gtk_progress_bar_set_fraction (self->loading_bar, 0);
  gtk_progress_bar_set_text (self->loading_bar, NULL);
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  self->progress_source = g_timeout_add (100, progress_tick, self);
  show_step (self, "loading");
}

static void
show_error (GbImportWindow *self,
            const char     *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* ------------------------------------------------------------------ */
/* Reading the file                                                     */

static char *
column_sample (GbImport *import,
               guint     column)
{
  GbTable *table = gb_import_get_table (import);
  g_autoptr(GString) s = g_string_new (NULL);
  guint shown = 0;

  for (guint row = 0; row < gb_table_get_n_rows (table) && row < 50 && shown < 3; row++)
    {
      const char *cell = gb_table_get_cell (table, row, column);
      g_autofree char *one = NULL;

      if (*cell == '\0')
        continue;
      one = g_utf8_substring (cell, 0, MIN (g_utf8_strlen (cell, -1), 40));
      g_string_append_printf (s, "%s%s", shown ? " · " : "", one);
      shown++;
    }
  return g_markup_escape_text (s->len ? s->str : _("(empty)"), -1);
}

static GtkStringList *
target_model (GbImportKind kind)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  const GbImportTarget *targets;
  guint n;

  gtk_string_list_append (list, _("Not imported"));
  targets = gb_import_get_targets (kind, &n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(targets[i].label));
  return list;
}

static void
sync_columns (GbImportWindow *self)
{
  const GbImportTarget *targets;
  guint n;

  targets = gb_import_get_targets (self->kind, &n);
  self->updating = TRUE;
  for (guint c = 0; c < self->column_rows->len; c++)
    {
      const char *mapped = gb_import_get_mapping (self->import, c);
      guint selected = 0;

      for (guint i = 0; mapped && i < n; i++)
        if (g_str_equal (targets[i].name, mapped))
          selected = i + 1;
      adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, c), selected);
    }
  self->updating = FALSE;
}

static void
column_changed_cb (AdwComboRow    *row,
                   GParamSpec     *pspec,
                   GbImportWindow *self)
{
  const GbImportTarget *targets;
  guint n, column, selected;

  if (self->updating)
    return;
  /* A row's column is its place among the rows, one a column in order. */
  if (!g_ptr_array_find (self->column_rows, row, &column))
    return;
  targets = gb_import_get_targets (self->kind, &n);
  selected = adw_combo_row_get_selected (row);
  gb_import_set_mapping (self->import, column, selected == 0 || selected > n ? NULL : targets[selected - 1].name);
  gtk_widget_set_visible (GTK_WIDGET (self->columns_error), FALSE);
  sync_columns (self);
}

static void
build_columns (GbImportWindow *self)
{
  g_autoptr(GtkStringList) model = target_model (self->kind);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  for (guint c = 0; c < gb_import_get_n_columns (self->import); c++)
    {
      GtkWidget *row = adw_combo_row_new ();
      const char *heading = gb_import_get_heading (self->import, c);
      g_autofree char *title = *heading ? g_markup_escape_text (heading, -1)
                                        : g_strdup_printf (_("Column %u"), c + 1);
      g_autofree char *sample = column_sample (self->import, c);
      g_autofree char *name = g_strdup_printf ("column-%u", c);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      gtk_widget_set_name (row, name);
      g_signal_connect (row, "notify::selected", G_CALLBACK (column_changed_cb), self);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
  sync_columns (self);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GbImportWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_auto(GbImportFileInfo) info = { 0 };
  g_autoptr(GbTable) table = gb_import_read_file_finish (result, &info, &error);
  gboolean show_source;

  if (self->closed)
    return;
  set_busy (self, NULL);
  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (table == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      adw_status_page_set_icon_name (self->done_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->done_page, _("The file cannot be read"));
      adw_status_page_set_description (self->done_page, error->message);
      gtk_widget_set_visible (self->undo_button, FALSE);
      show_step (self, "done");
      return;
    }

  gb_import_file_info_clear (&self->info);
  self->info = info;
  memset (&info, 0, sizeof info);
  g_clear_pointer (&self->import, gb_import_free);
  self->import = gb_import_new (self->db, self->kind, g_steal_pointer (&table));
  gb_import_set_file_name (self->import, self->file_path);
  if (self->number_format)
    gb_import_set_number_format (self->import, self->number_format);
  /* Another sheet or encoding: what staff said still holds. */
  gb_import_set_keep_likely (self->import, gtk_switch_get_active (self->keep_likely));
  gb_import_guess_mapping (self->import);
  build_columns (self);

  /* Sheets and text: shown when there is a choice to make or check. */
  {
    g_autoptr(GtkStringList) sheets = gtk_string_list_new ((const char * const *) self->info.sheets);
    guint n_sheets = self->info.sheets ? g_strv_length (self->info.sheets) : 0;

    self->updating = TRUE;
    adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (sheets));
    adw_combo_row_set_selected (self->sheet_row, self->info.sheet);
    self->updating = FALSE;
    gtk_widget_set_visible (GTK_WIDGET (self->sheet_group), n_sheets > 1);
    gtk_widget_set_visible (GTK_WIDGET (self->sample_group), self->info.before != NULL || self->encoding != -1);
    gtk_widget_set_visible (GTK_WIDGET (self->before_row), self->info.before != NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->after_row), self->info.before != NULL);
    if (self->info.before)
      {
        g_autofree char *before = g_markup_escape_text (self->info.before, -1);
        g_autofree char *after = g_markup_escape_text (self->info.after ? self->info.after : "", -1);
        g_autofree char *description =
          g_strdup_printf (_("The text was typed for the old %s fonts and has been converted to Unicode. "
                             "Check that the names below read right; if not, choose how the text was written."),
                           _(gb_legacy_encoding_label (self->info.encoding)));

        adw_action_row_set_subtitle (self->before_row, before);
        adw_action_row_set_subtitle (self->after_row, after);
        adw_preferences_group_set_description (self->sample_group, description);
      }
    show_source = has_source (self);
  }
  show_step (self, show_source ? "source" : "columns");
}

static void
start_load (GbImportWindow *self)
{
  set_busy (self, _("Reading the file…"));
  gb_import_read_file_async (self->file_path, self->sheet, self->encoding, self->cancellable, load_done,
                             g_object_ref (self));
}

static void
sheet_changed_cb (AdwComboRow    *row,
                  GParamSpec     *pspec,
                  GbImportWindow *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->updating || self->info.sheets == NULL || i >= g_strv_length (self->info.sheets) || i == self->info.sheet)
    return;
  g_free (self->sheet);
  self->sheet = g_strdup (self->info.sheets[i]);
  start_load (self);
}

static void
encoding_changed_cb (AdwComboRow    *row,
                     GParamSpec     *pspec,
                     GbImportWindow *self)
{
  static const int values[] = { -1, GB_LEGACY_UNICODE, GB_LEGACY_TCVN3, GB_LEGACY_VNI, GB_LEGACY_WINDOWS_1258 };
  guint i = adw_combo_row_get_selected (row);

  if (self->updating || i >= G_N_ELEMENTS (values) || values[i] == self->encoding)
    return;
  self->encoding = values[i];
  start_load (self);
}

/* ------------------------------------------------------------------ */
/* Checking every row                                                   */

static void
clear_dynamic_rows (GbImportWindow *self)
{
  for (guint i = 0; i + 1 < self->dynamic_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->dynamic_rows, i + 1),
                                  g_ptr_array_index (self->dynamic_rows, i));
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static void
add_dynamic_row (GbImportWindow      *self,
                 AdwPreferencesGroup *group,
                 const char          *title,
                 const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *s = subtitle ? g_markup_escape_text (subtitle, -1) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  if (s)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, row);
  g_ptr_array_add (self->dynamic_rows, group);
}

/* A record as a line: its set fields, label and value. */
static char *
record_line (GbRecord *record)
{
  const GbEntity *entity = gb_record_get_entity (record);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *f = &entity->fields[i];
      g_autofree char *shown = NULL;

      if ((f->flags & GB_FIELD_COMPUTED) || f->type == GB_FIELD_BLOB || g_str_has_suffix (f->name, "_id")
          || g_strcmp0 (f->name, entity->name_field) == 0 || !gb_record_field_is_set (record, f))
        continue;
      shown = gb_record_dup_field_display (record, f);
      if (shown && *shown)
        g_string_append_printf (s, "%s%s: %s", s->len ? " · " : "", _(f->label), shown);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
update_import_button (GbImportWindow *self)
{
  guint valid = gb_import_get_n_valid (self->import);
  guint rows = gb_import_get_n_rows (self->import) - gb_import_get_n_blank (self->import);
  gboolean leave_out = gtk_switch_get_active (self->valid_only);
  g_autofree char *label = NULL;

  if (valid == rows || leave_out)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Row", "_Import %u Rows", valid), valid);
  else
    label = g_strdup (_("_Import"));
  gtk_button_set_label (GTK_BUTTON (self->next_button), label);
  gtk_widget_set_sensitive (self->next_button, valid > 0 && (valid == rows || leave_out));
}

static void
valid_only_cb (GtkSwitch      *sw,
               GParamSpec     *pspec,
               GbImportWindow *self)
{
  if (gb_import_get_n_rows (self->import) > 0)
    update_import_button (self);
}

/* Staff know the two are different people: the rows are checked again. */
static void
keep_likely_cb (GtkSwitch      *sw,
                GParamSpec     *pspec,
                GbImportWindow *self)
{
  if (gtk_switch_get_active (sw) == gb_import_get_keep_likely (self->import))
    return;
  gb_import_set_keep_likely (self->import, gtk_switch_get_active (sw));
  start_check (self);
}

static void
fill_check_page (GbImportWindow *self)
{
  GPtrArray *problems = gb_import_get_problems (self->import);
  guint rows = gb_import_get_n_rows (self->import) - gb_import_get_n_blank (self->import);
  guint valid = gb_import_get_n_valid (self->import);
  g_autofree char *summary = NULL;
  g_autoptr(GHashTable) bad = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) crafts = gb_import_get_new_crafts (self->import);
  gboolean likely = gb_import_get_keep_likely (self->import);
  guint shown = 0;

  clear_dynamic_rows (self);
  for (guint i = 0; i < problems->len; i++)
    {
      g_hash_table_add (bad, GUINT_TO_POINTER (((GbImportProblem *) problems->pdata[i])->row));
      likely |= ((GbImportProblem *) problems->pdata[i])->likely;
    }

  if (rows == 0)
    summary = g_strdup (_("The file has headings but no rows to import."));
  else if (valid == rows)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The row is ready to import.",
                                            "All %u rows are ready to import.", rows), rows);
  else
    {
      g_autofree char *ready = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row is ready", "%u rows are ready",
                                                             valid), valid);
      g_autofree char *wrong = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u has a problem", "%u have problems",
                                                             rows - valid), rows - valid);

      summary = g_strdup_printf (_("%s; %s. Correct the file and check again, or leave those rows out."), ready, wrong);
    }
  if (crafts && crafts[0])
    {
      g_autofree char *list = g_strjoinv (", ", crafts);
      g_autofree char *with = g_strdup_printf (_("%s New crafts will be added: %s."), summary, list);

      g_free (summary);
      summary = g_steal_pointer (&with);
    }
  gtk_label_set_text (self->summary, summary);

  /* The first rows as they will be stored. */
  for (guint row = 0; row < rows && shown < PREVIEW_ROWS; row++)
    {
      g_autoptr(GbRecord) record = NULL;
      g_autofree char *line = NULL;
      guint number = gb_table_get_number (gb_import_get_table (self->import), row);
      g_autofree char *title = NULL;

      if (g_hash_table_contains (bad, GUINT_TO_POINTER (number)))
        continue;
      record = gb_import_build_row (self->import, row, NULL);
      line = record_line (record);
      title = g_strdup_printf (_("Row %u: %s"), number, gb_record_get_name (record));
      add_dynamic_row (self, self->preview_group, title, line);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), shown > 0);

  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    {
      GbImportProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *title = p->column ? g_strdup_printf (_("Row %u, “%s”"), p->row, p->column)
                                         : g_strdup_printf (_("Row %u"), p->row);

      add_dynamic_row (self, self->problems_group, title, p->message);
    }
  if (problems->len > MAX_PROBLEMS_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (_("And %u more problems"), problems->len - MAX_PROBLEMS_SHOWN);

      add_dynamic_row (self, self->problems_group, more, _("Run “guildbook-cli import --dry-run” to list them all."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems->len > 0);
  /* The rows, not only their switches. */
  gtk_widget_set_visible (self->valid_only_row, problems->len > 0 && valid > 0);
  gtk_widget_set_visible (self->keep_likely_row, likely);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GbImportWindow) self = data;
  g_autoptr(GError) error = NULL;
  gboolean checked = gb_import_check_finish (result, &error);

  if (self->closed)
    return;
  set_busy (self, NULL);
  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!checked)
    {
      show_step (self, "columns");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  fill_check_page (self);
  show_step (self, "check");
}

static void
start_check (GbImportWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!gb_import_mapping_is_usable (self->import, &error))
    {
      gtk_label_set_text (self->columns_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->columns_error), TRUE);
      return;
    }
  set_busy (self, _("Checking every row…"));
  gb_import_check_async (self->import, progress_cb, self, self->cancellable, check_done, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Importing                                                            */

static char *
imported_text (GbImportKind kind,
               guint        n)
{
  switch (kind)
    {
    case GB_IMPORT_MEMBERS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member imported", "%u members imported", n), n);
    case GB_IMPORT_ARTISANS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u artisan imported", "%u artisans imported", n), n);
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event imported", "%u events imported", n), n);
    }
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GbImportWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) remember_error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  gboolean imported = gb_import_run_finish (result, &self->import_id, &self->n_imported, &error);

  /* Destroyed under it (the application quitting): an import that was
   * written stands, with its backup and its Undo in the list's menu. */
  if (self->closed)
    return;
  set_busy (self, NULL);
  if (!imported)
    {
      if (self->close_when_done)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      /* The file may have been checked again meanwhile: show what holds now. */
      fill_check_page (self);
      show_step (self, "check");
      show_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        ? _("The import was cancelled; nothing was changed.") : error->message);
      /* Stopped while it checked the rows again (the file had changed):
       * what it had found was only a part, so the rows are checked anew. */
      if (gb_import_get_n_valid (self->import) == 0 && gb_import_get_problems (self->import)->len == 0)
        start_check (self);
      return;
    }
  /* The next file with these headings is mapped the same way. */
  if (!gb_import_remember_mapping (self->import, &remember_error))
    g_warning ("The column mapping was not kept: %s", remember_error->message);
  g_signal_emit (self, signals[IMPORTED], 0, self->import_id);
  /* Closed too late to stop it: the import stands, so show it, with its Undo. */
  if (self->close_when_done)
    {
      self->close_when_done = FALSE;
      gtk_window_present (GTK_WINDOW (self));
    }
  title = imported_text (self->kind, self->n_imported);
  name = g_filename_display_basename (self->file_path);
  description = g_strdup_printf (_("From %s, in one step: “Undo Import” removes all of them again."), name);
  adw_status_page_set_icon_name (self->done_page, "emblem-ok-symbolic");
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, description);
  gtk_widget_set_visible (self->undo_button, TRUE);
  show_step (self, "done");
}

static void
start_run (GbImportWindow *self)
{
  set_busy (self, _("Importing…"));
  gb_import_run_async (self->import, gtk_switch_get_active (self->valid_only), progress_cb, self,
                       self->cancellable, run_done, g_object_ref (self));
}

static void
undo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GbImportWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint removed = 0;
  gboolean undone = gb_import_undo_finish (result, &removed, &error);

  if (self->closed)
    return;
  set_busy (self, NULL);
  if (undone)
    g_signal_emit (self, signals[IMPORTED], 0, (gint64) 0);
  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  show_step (self, "done");
  if (!undone)
    {
      show_error (self, error->message);
      return;
    }
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import undone: %u record removed",
                                        "Import undone: %u records removed", removed), removed);
  adw_status_page_set_icon_name (self->done_page, "edit-undo-symbolic");
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, _("The database is as it was before the import."));
  gtk_widget_set_visible (self->undo_button, FALSE);
}

/* On a connection of its own, as the list's Undo Import: taking back
 * 100,000 records does not freeze the window. Once begun it runs to its
 * end (one transaction), so the busy page offers no Cancel. */
static void
undo_clicked_cb (GtkButton      *button,
                 GbImportWindow *self)
{
  set_busy (self, _("Undoing the import…"));
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  gb_import_undo_async (gb_database_get_path (self->db), self->import_id, NULL, undo_done,
                        g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Steps                                                                */

/* The first step shows a choice of sheet, or text to check; it stays once
 * staff have chosen how the text was written, so that they can undo it. */
static gboolean
has_source (GbImportWindow *self)
{
  return (self->info.sheets && g_strv_length (self->info.sheets) > 1) || self->info.before || self->encoding != -1;
}

static void
show_step (GbImportWindow *self,
           const char     *step)
{
  gboolean done = g_str_equal (step, "done");
  const char *subtitle = g_str_equal (step, "source") ? _("The file")
                         : g_str_equal (step, "columns") ? _("What each column holds")
                         : g_str_equal (step, "check") ? _("Check the rows")
                         : done ? NULL : gtk_label_get_text (GTK_LABEL (self->loading_label));

  gtk_stack_set_visible_child_name (self->stack, step);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_widget_set_visible (self->back_button, g_str_equal (step, "columns") || g_str_equal (step, "check"));
  /* The first step's way back is out of the wizard. */
  gtk_button_set_label (GTK_BUTTON (self->back_button),
                        g_str_equal (step, "columns") && !has_source (self) ? _("_Cancel") : _("_Back"));
  gtk_widget_set_visible (self->next_button, !g_str_equal (step, "loading"));
  gtk_widget_set_sensitive (self->next_button, TRUE);
  if (g_str_equal (step, "check"))
    update_import_button (self);
  else
    gtk_button_set_label (GTK_BUTTON (self->next_button), done ? _("_Close") : _("_Next"));
  if (g_str_equal (step, "columns") && self->column_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->column_rows, 0));
}

static void
next_clicked_cb (GtkButton      *button,
                 GbImportWindow *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (step, "source"))
    show_step (self, "columns");
  else if (g_str_equal (step, "columns"))
    start_check (self);
  else if (g_str_equal (step, "check"))
    start_run (self);
  else if (g_str_equal (step, "done"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_clicked_cb (GtkButton      *button,
                 GbImportWindow *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (step, "check"))
    show_step (self, "columns");
  else if (g_str_equal (step, "columns") && has_source (self))
    show_step (self, "source");
  else if (g_str_equal (step, "columns"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (GtkButton      *button,
                   GbImportWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  gtk_label_set_text (GTK_LABEL (self->loading_label), _("Cancelling…"));
}

static gboolean
gb_import_window_close_request (GtkWindow *window)
{
  GbImportWindow *self = GB_IMPORT_WINDOW (window);

  /* A worker still holds the import: stop it, and close when it has. */
  if (self->busy)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (gb_import_window_parent_class)->close_request (window);
}

static void
gb_import_window_dispose (GObject *object)
{
  GbImportWindow *self = GB_IMPORT_WINDOW (object);

  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_IMPORT_WINDOW);
  G_OBJECT_CLASS (gb_import_window_parent_class)->dispose (object);
}

static void
gb_import_window_finalize (GObject *object)
{
  GbImportWindow *self = GB_IMPORT_WINDOW (object);

  /* Here, not in dispose: a worker reading, checking or writing holds a
   * reference to the window until it answers, and uses the import until then. */
  g_clear_pointer (&self->import, gb_import_free);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  gb_import_file_info_clear (&self->info);
  g_free (self->file_path);
  g_free (self->number_format);
  g_free (self->sheet);
  g_ptr_array_unref (self->column_rows);
  g_ptr_array_unref (self->dynamic_rows);
  G_OBJECT_CLASS (gb_import_window_parent_class)->finalize (object);
}

static void
gb_import_window_class_init (GbImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_import_window_dispose;
  object_class->finalize = gb_import_window_finalize;
  window_class->close_request = gb_import_window_close_request;

  /* An import was made (its id), or undone (0). */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* The steps and their fixed parts; the rows that depend on the file are built here. */
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/guildbook/Guildbook/"
                                                             "gb-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, title);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, sheet_group);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, sample_group);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, before_row);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, after_row);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, columns_group);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, columns_error);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, preview_group);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, valid_only_row);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, valid_only);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, keep_likely_row);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, keep_likely);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, done_page);
  gtk_widget_class_bind_template_child (widget_class, GbImportWindow, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sheet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, encoding_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, valid_only_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_likely_cb);
  gtk_widget_class_bind_template_callback (widget_class, undo_clicked_cb);
}

static void
gb_import_window_init (GbImportWindow *self)
{
  self->encoding = -1;
  self->column_rows = g_ptr_array_new ();
  self->dynamic_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Opens @file_path for import into the database at @database_path and
 * starts reading it. */
GbImportWindow *
gb_import_window_new (GtkWindow    *parent,
                      const char   *database_path,
                      GbImportKind  kind,
                      const char   *file_path,
                      const char   *number_format)
{
  GbImportWindow *self = g_object_new (GB_TYPE_IMPORT_WINDOW, "modal", TRUE, "transient-for", parent, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (file_path);

  self->file_path = g_strdup (file_path);
  self->number_format = g_strdup (number_format);
  self->kind = kind;
  gtk_window_set_title (GTK_WINDOW (self), kind_title (kind));
  adw_window_title_set_title (self->title, kind_title (kind));
  adw_window_title_set_subtitle (self->title, name);

  self->db = gb_database_open (database_path, GB_DATABASE_OPEN_EXISTING, &error);
  if (self->db == NULL)
    {
      adw_status_page_set_icon_name (self->done_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->done_page, _("The database cannot be opened"));
      adw_status_page_set_description (self->done_page, error->message);
      gtk_widget_set_visible (self->undo_button, FALSE);
      show_step (self, "done");
      return self;
    }
  start_load (self);
  return self;
}
