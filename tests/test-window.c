/* test-window.c — the real window under Xvfb, driven through its widgets
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs in a subprocess: one GtkApplication per process.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <adwaita.h>
#include <xlsxwriter.h>

#include "gb-application.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-event.h"
#include "gb-artisan.h"
#include "gb-backup.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-text.h"
#include "gb-child-panel.h"
#include "gb-choices.h"
#include "gb-content-types.h"
#include "gb-contest.h"
#include "gb-i18n.h"
#include "gb-member.h"
#include "gb-participants-panel.h"
#include <poppler.h>

#include "gb-help-window.h"
#include "gb-import-window.h"
#include "gb-list-page.h"
#include "gb-preferences-window.h"
#include "gb-certificates-page.h"
#include "gb-paper.h"
#include "gb-paper-preview.h"
#include "gb-pdf-window.h"
#include "gb-pdf-view.h"
#include "gb-register.h"
#include "gb-report.h"
#include "gb-report-store.h"
#include "gb-reports-page.h"
#include "gb-record-list.h"
#include "gb-id-selection.h"
#include "gb-output.h"
#include "gb-roles.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"
#include "gb-window.h"
#include "gb-keyring.h"
#include <libpq-fe.h>

static char *tmp_dir;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      if (cond (data))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return cond (data);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_action_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_ACTION_ROW (widget);
}

static gboolean
is_expander_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_EXPANDER_ROW (widget);
}

static gboolean
is_pdf_view (GtkWidget *widget, gconstpointer data)
{
  return GB_IS_PDF_VIEW (widget);
}

static gboolean
is_picture (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_PICTURE (widget);
}

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
is_add_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "list-add-symbolic") == 0;
}

static guint
count_backup_rows (GtkWidget *group)
{
  guint n = 0;

  for (GtkWidget *w = find_named (group, "backup-row"); w; w = gtk_widget_get_next_sibling (w))
    n += g_strcmp0 (gtk_widget_get_name (w), "backup-row") == 0;
  return n;
}

static gboolean
has_backup_rows (gpointer group)
{
  return count_backup_rows (group) > 0;
}

static gboolean
has_match (gpointer panel)
{
  return find_named (panel, "match-0") != NULL;
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
is_label_with_text (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static GtkWindow *
find_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
window_ready (gpointer app)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
database_open (gpointer app)
{
  return gb_application_get_database (app) != NULL;
}

static gboolean
overview_filled (gpointer window)
{
  GtkWidget *page = find_named (window, "overview");
  return page != NULL && gtk_widget_get_mapped (page) && find_named (page, "count-artisans") != NULL;
}

/* The Overview counts when it is on screen; the window's first allocation
 * may fold the leaflet for a moment, so wait for it rather than assume. */
static void
wait_overview (GtkWidget *window)
{
  if (!wait_for (overview_filled, window))
    g_error ("the Overview never showed its figures");
}

static gboolean
dialog_shown (gpointer name)
{
  return find_toplevel (name) != NULL;
}

static gboolean
dialog_gone (gpointer name)
{
  return find_toplevel (name) == NULL;
}

static gboolean
no_windows (gpointer app)
{
  return gtk_application_get_windows (app) == NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *name;
  const char *text;
} NamedWait;

static gboolean
named_exists (gpointer data)
{
  NamedWait *w = data;
  return find_named (w->root, w->name) != NULL;
}

static gboolean
named_mapped (gpointer data)
{
  NamedWait *w = data;
  GtkWidget *widget = find_named (w->root, w->name);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

/* Until the widget named @name under @root is on screen: what staff see
 * once a page, a step or a row has come. */
static void
wait_mapped (GtkWidget  *root,
             const char *name)
{
  if (!wait_for (named_mapped, &(NamedWait) { root, name, NULL }))
    g_error ("“%s” never showed", name);
}

/* The window shows page @name: switched to, and on screen. */
static gboolean
page_shown (gpointer data)
{
  NamedWait *w = data;

  return g_strcmp0 (gb_window_get_visible_page (GB_WINDOW (w->root)), w->name) == 0
         && named_mapped (w);
}

static void
wait_page (GtkWidget  *window,
           const char *name)
{
  if (!wait_for (page_shown, &(NamedWait) { window, name, NULL }))
    g_error ("the page “%s” never showed (“%s” shown)", name,
             gb_window_get_visible_page (GB_WINDOW (window)));
}

static gboolean
named_label_says (gpointer data)
{
  NamedWait *w = data;
  GtkWidget *label = find_named (w->root, w->name);

  return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), w->text) == 0;
}

static const char *label_text (GtkWidget *root, const char *name);

/* Labels that count or sum follow the records a moment later: wait for
 * the text, and fail with what the label says instead. */
static void
expect_label (GtkWidget  *root,
              const char *name,
              const char *text)
{
  wait_for (named_label_says, &(NamedWait) { root, name, text });
  g_assert_cmpstr (label_text (root, name), ==, text);
}

typedef struct
{
  GbRecordForm *form;
  gint64        id;
} FormWait;

static gboolean
form_shows (gpointer data)
{
  FormWait *w = data;

  return gtk_widget_get_mapped (GTK_WIDGET (w->form)) && gb_record_form_get_id (w->form) == w->id;
}

/* Until the form beside the list is on screen with record @id (0: a new
 * one), as it is after a double-click, Enter or New. */
static GtkWidget *
wait_form (GtkWidget *page,
           gint64     id)
{
  GbRecordForm *form = gb_list_page_get_form (GB_LIST_PAGE (page));

  if (!wait_for (form_shows, &(FormWait) { form, id }))
    g_error ("the form never showed record %" G_GINT64_FORMAT " (it shows %" G_GINT64_FORMAT ")",
             id, gb_record_form_get_id (form));
  return GTK_WIDGET (form);
}

static gboolean
painted (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *flag)
{
  *flag = TRUE;
}

/* Until @widget's window has laid out and painted a frame begun after
 * now: what a measurement or a screenshot of the screen needs. */
static void
wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean flag = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &flag);
  gtk_widget_queue_draw (widget);
  if (!wait_for (painted, &flag))
    g_error ("the window never painted");
  g_signal_handler_disconnect (clock, id);
}

static gboolean
is_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *w = data;
  GtkWidget *label = find_widget (w->root, is_label_containing, w->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

static char *
make_demo_db (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "demo.db", NULL);
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (gb_demo_fill (db, &error));
  return path;
}

static GbApplication *
start_app (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  GbApplication *app = gb_application_new (G_APPLICATION_NON_UNIQUE);

  gb_application_set_database_path (app, db_path);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (wait_for (window_ready, app));
  return app;
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = find_named (root, name);

  if (label == NULL)
    g_error ("no widget named “%s”", name);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
stop_app (GbApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    gtk_window_destroy (window);
  /* What the window left queued (finished tasks, idle handlers) runs
   * while the application is still there. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
}

static void
do_overview_and_pages (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window;
  const char *pages[] = { "members", "artisans", "events", "certificates", "reports", "overview" };

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (GB_IS_WINDOW (window));
  wait_overview (window);
  g_assert_cmpstr (gb_window_get_visible_page (GB_WINDOW (window)), ==, "overview");
  g_assert_cmpstr (label_text (window, "association-name"), ==, "Hiệp hội Làng nghề Hải Phòng");
  g_assert_cmpstr (label_text (window, "count-collective"), ==, "64");
  g_assert_cmpstr (label_text (window, "count-individual"), ==, "96");
  g_assert_cmpstr (label_text (window, "count-artisans"), ==, "120");
  g_assert_cmpstr (label_text (window, "count-events-year"), ==, "2");
  g_assert_cmpstr (label_text (window, "meritorious"), ==, "5");

  /* Each page through its action (the Alt+N shortcuts use it). */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page;

      g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", pages[i]));
      wait_page (window, pages[i]);
      g_assert_cmpstr (gb_window_get_visible_page (GB_WINDOW (window)), ==, pages[i]);
      page = find_named (window, pages[i]);
      g_assert_nonnull (page);
      g_assert_true (gtk_widget_get_mapped (page));
      if (ADW_IS_STATUS_PAGE (page))
        g_assert_cmpuint (strlen (adw_status_page_get_description (ADW_STATUS_PAGE (page))), >, 20);
    }

  /* And through the sidebar, as a click would. */
  {
    GtkWidget *row = find_named (window, "sidebar-events");
    GtkWidget *list;

    g_assert_true (GTK_IS_LIST_BOX_ROW (row));
    list = gtk_widget_get_parent (row);
    g_signal_emit_by_name (list, "row-activated", row);
    wait_page (window, "events");
    g_assert_cmpstr (gb_window_get_visible_page (GB_WINDOW (window)), ==, "events");
  }

  /* Closing remembers the page and the size. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");

    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 650);
    gtk_window_close (GTK_WINDOW (window));
    g_assert_true (wait_for (no_windows, app));
    g_assert_cmpstr (g_settings_get_string (settings, "last-page"), ==, "events");
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  }
  g_object_unref (app);
}

static void
do_first_run_demo (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "data", "guildbook", "guildbook.db", NULL);
  GbApplication *app = start_app (path);
  GtkWindow *dialog;
  GtkWidget *window;
  struct stat st;

  g_assert_true (wait_for (dialog_shown, (gpointer) "first-run-dialog"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  dialog = find_toplevel ("first-run-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "demo");
  g_assert_true (wait_for (database_open, app));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_overview (window);
  /* The empty file is opened first, then filled: wait for the second count. */
  expect_label (window, "count-artisans", "120");
  stop_app (app);
}

/* Nothing the window writes (an export, a paper, a PDF) replaces the file
 * it has open, or the files sqlite keeps beside it. */
static void
do_protects_database (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  GbApplication *app = start_app (path);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4\n", 9);
  g_autoptr(GError) error = NULL;

  g_assert_true (wait_for (database_open, app));
  before = gb_test_checksum (path);
  g_assert_false (gb_output_write_bytes (path, bytes, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (gb_output_write_bytes (wal, bytes, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (gb_test_checksum (path), ==, before);
  stop_app (app);
}

static void
do_refuses_bad_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "guildbook.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbApplication *app;
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, "Họ và tên,Năm sinh\n", -1, NULL));
  before = gb_test_checksum (path);
  app = start_app (path);
  g_assert_true (wait_for (dialog_shown, (gpointer) "open-error-dialog"));
  dialog = find_toplevel ("open-error-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "guildbook.db"));
  g_assert_null (gb_application_get_database (app));
  after = gb_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  stop_app (app);
}

static void
do_vietnamese (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *row;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_mapped (window, "sidebar-members");

  /* The sidebar row and the Overview caption are in Vietnamese. */
  row = find_named (window, "sidebar-members");
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  {
    GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
    GtkWidget *label = gtk_widget_get_last_child (box);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Hội viên");
  }
  wait_overview (window);
  {
    GtkWidget *figure = find_named (window, "count-collective");
    GtkWidget *caption = gtk_widget_get_next_sibling (figure);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (caption)), ==, "Hội viên tập thể");
  }
  stop_app (app);
}

typedef struct
{
  GbRecordList *list;
  guint         n;
} CountWait;

static gboolean
list_has (gpointer data)
{
  CountWait *w = data;
  return !gb_record_list_is_loading (w->list)
         && g_list_model_get_n_items (G_LIST_MODEL (w->list)) == w->n;
}

static gboolean
page_filled (gpointer page)
{
  return !gb_list_page_is_filling (GB_LIST_PAGE (page));
}

static void
expect_rows (GbRecordList *list,
             guint         n)
{
  CountWait w = { list, n };

  if (!wait_for (list_has, &w))
    g_error ("the list has %u rows, expected %u", g_list_model_get_n_items (G_LIST_MODEL (list)), n);
}

typedef struct
{
  GbRecordList *list;
  const char   *search;
  const char   *sort;
  gboolean      descending;
  guint         n_filters;
} QueryWait;

static gboolean
list_searched (gpointer data)
{
  QueryWait *w = data;

  return g_strcmp0 (gb_query_get_search (gb_record_list_get_query (w->list)), w->search) == 0;
}

/* Types @text in the page's search field and waits until the list has
 * taken it up (the entry waits for a pause in the typing first). */
static void
search_for (GtkWidget    *entry,
            GbRecordList *list,
            const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (!wait_for (list_searched, &(QueryWait) { list, text, NULL, FALSE, 0 }))
    g_error ("the list never searched for “%s”", text);
}

static gboolean
list_sorted (gpointer data)
{
  QueryWait *w = data;
  const GbQuery *query = gb_record_list_get_query (w->list);

  return g_strcmp0 (gb_query_get_sort_field (query), w->sort) == 0
         && gb_query_get_descending (query) == w->descending;
}

static gboolean
list_filtered (gpointer data)
{
  QueryWait *w = data;

  return gb_query_get_n_filters (gb_record_list_get_query (w->list)) == w->n_filters
         && !gb_record_list_is_loading (w->list);
}

static gboolean
stack_shows (gpointer data)
{
  NamedWait *w = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (w->root)), w->name) == 0;
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("no column “%s”", title);
  return NULL;
}

static void
collect_main_cells (GtkWidget *widget,
                    GPtrArray *texts)
{
  /* The main column's cells ask for 32 characters (gb-list-page.c). */
  if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_nat_chars (GTK_INSCRIPTION (widget)) == 32
      && gtk_widget_get_mapped (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)))
    g_ptr_array_add (texts, g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (widget))));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_main_cells (c, texts);
}

/* The names on screen are those of the records at the top of the list:
 * rows kept in place on a new search or sort show their new records. */
static void
expect_cells_show_list (GtkColumnView *view,
                        GbRecordList  *list)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (list)), 200);
  g_autoptr(GbRecord) first = NULL;

  /* The rows are bound to their records when the view is laid out. */
  wait_painted (GTK_WIDGET (view));
  collect_main_cells (GTK_WIDGET (view), texts);
  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbRecord) r = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_hash_table_add (names, g_strdup (gb_record_get_name (r)));
    }
  for (guint i = 0; i < texts->len; i++)
    if (!g_hash_table_contains (names, g_ptr_array_index (texts, i)))
      g_error ("a row shows “%s”, which is not in the list", (char *) g_ptr_array_index (texts, i));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (g_ptr_array_find_with_equal_func (texts, gb_record_get_name (first), g_str_equal, NULL));
}

static void
do_artisans_list (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *entry;
  GtkColumnView *view;
  GtkSelectionModel *selection;
  GbRecordList *list;
  guint nguyen = 0;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "artisans"));
  page = find_named (window, "artisans");
  g_assert_true (GB_IS_LIST_PAGE (page));
  list = gb_list_page_get_list (GB_LIST_PAGE (page));
  view = gb_list_page_get_column_view (GB_LIST_PAGE (page));
  selection = gtk_column_view_get_model (view);
  expect_rows (list, 120);
  expect_label (page, "count-label", "120 of 120 shown");

  for (guint i = 0; i < 120; i++)
    {
      g_autoptr(GbArtisan) a = g_list_model_get_item (G_LIST_MODEL (list), i);
      if (strstr (a->name, "Nguyễn") != NULL)
        nguyen++;
    }
  g_assert_cmpuint (nguyen, >, 0);

  /* Typed without marks, with marks, in capitals: the same people. */
  entry = find_named (page, "search");
  search_for (entry, list, "nguyen");
  expect_rows (list, nguyen);
  /* The same count as before: only the list's own search tells that
   * these rows are those of the new words. */
  search_for (entry, list, "NGUYỄN");
  expect_rows (list, nguyen);
  for (guint i = 0; i < nguyen; i++)
    {
      g_autoptr(GbArtisan) a = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_nonnull (strstr (a->name, "Nguyễn"));
    }
  expect_cells_show_list (view, list);
  {
    g_autofree char *expected = g_strdup_printf ("%u of 120 shown", nguyen);
    expect_label (page, "count-label", expected);
  }

  /* Enter in the search field opens the first record found. */
  g_signal_emit_by_name (entry, "activate");
  wait_form (page, gb_record_list_get_id (list, 0));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gb_list_page_get_form (GB_LIST_PAGE (page)))));
  g_assert_cmpint (gb_record_form_get_id (gb_list_page_get_form (GB_LIST_PAGE (page))), ==,
                   gb_record_list_get_id (list, 0));

  /* Nothing found: the page says so and what to try. */
  search_for (entry, list, "zzzz");
  expect_rows (list, 0);
  {
    GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_STACK);

    wait_for (stack_shows, &(NamedWait) { stack, "no-results", NULL });
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "no-results");
  }
  search_for (entry, list, "");
  expect_rows (list, 120);
  expect_cells_show_list (view, list);

  /* Clicking "Year of birth" sorts by it in the store; again reverses. */
  gtk_column_view_sort_by_column (view, column_titled (view, "Year of birth"), GTK_SORT_ASCENDING);
  g_assert_true (wait_for (list_sorted, &(QueryWait) { list, NULL, "birth_year", FALSE, 0 }));
  expect_rows (list, 120);
  {
    g_autoptr(GbArtisan) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(GbArtisan) second = g_list_model_get_item (G_LIST_MODEL (list), 1);
    g_autoptr(GbArtisan) last = g_list_model_get_item (G_LIST_MODEL (list), 119);
    g_assert_cmpint (first->birth_year, <=, second->birth_year);
    g_assert_cmpint (first->birth_year, <, last->birth_year);
  }
  gtk_column_view_sort_by_column (view, column_titled (view, "Year of birth"), GTK_SORT_DESCENDING);
  g_assert_true (wait_for (list_sorted, &(QueryWait) { list, NULL, "birth_year", TRUE, 0 }));
  expect_rows (list, 120);
  {
    g_autoptr(GbArtisan) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(GbArtisan) last = g_list_model_get_item (G_LIST_MODEL (list), 119);
    g_assert_cmpint (first->birth_year, >, last->birth_year);
  }
  expect_cells_show_list (view, list);

  /* Delete two rows, then undo. */
  gtk_selection_model_select_range (selection, 0, 2, TRUE);
  g_assert_true (wait_for (label_shown, &(LabelWait) { page, "2 selected" }));
  g_assert_true (gtk_widget_activate_action (page, "list.delete-selected", NULL));
  expect_rows (list, 118);
  g_assert_true (gtk_widget_activate_action (page, "list.undo", NULL));
  expect_rows (list, 120);

  /* Delete one, find it in the bin, restore it from there. */
  gtk_selection_model_select_item (selection, 5, TRUE);
  g_assert_true (gtk_widget_activate_action (page, "list.delete-selected", NULL));
  expect_rows (list, 119);
  {
    GtkWidget *bin = NULL;

    for (GtkWidget *w = find_named (page, "search"); w != NULL; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_TOGGLE_BUTTON (w))
        bin = w;
    g_assert_nonnull (bin);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bin), TRUE);
    expect_rows (list, 1);
    gtk_selection_model_select_all (selection);
    g_assert_true (gtk_widget_activate_action (page, "list.delete-selected", NULL));
    expect_rows (list, 0);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bin), FALSE);
    expect_rows (list, 120);
  }
  stop_app (app);
}

static void save_shot (GtkWidget *widget, const char *name);

static void
do_form_edit (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form, *phone, *birth, *error_label;
  GbRecordList *list;
  gint64 id;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "members"));
  page = find_named (window, "members");
  list = gb_list_page_get_list (GB_LIST_PAGE (page));
  expect_rows (list, 160);

  /* Open the first individual member, as a double-click would. */
  {
    guint position = 0;
    for (;; position++)
      {
        g_autoptr(GbRecord) r = g_list_model_get_item (G_LIST_MODEL (list), position);
        if (g_strcmp0 (gb_record_get_text (r, "kind"), "individual") == 0)
          break;
      }
    id = gb_record_list_get_id (list, position);
    g_signal_emit_by_name (gb_list_page_get_column_view (GB_LIST_PAGE (page)), "activate", position);
  }
  form = wait_form (page, id);
  g_assert_true (gtk_widget_get_mapped (form));
  g_assert_cmpint (gb_record_form_get_id (GB_RECORD_FORM (form)), ==, id);

  /* Change the phone and save with the form's Ctrl+S action. */
  phone = find_named (form, "field-phone");
  gtk_editable_set_text (GTK_EDITABLE (phone), "0912 000 999");
  g_assert_true (gb_record_form_is_dirty (GB_RECORD_FORM (form)));
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_false (gb_record_form_is_dirty (GB_RECORD_FORM (form)));

  /* Another program saves the member while the form is open: saving asks,
   * naming what differs, and overwrites only when staff keep theirs. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbDatabase) other_db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    g_autoptr(GbStore) other = gb_store_new (other_db, GB_TYPE_MEMBER);
    g_autoptr(GbRecord) theirs = NULL;
    g_autoptr(GbRecord) stored = NULL;
    GtkWidget *dialog;

    g_assert_no_error (error);
    g_usleep (5000);
    theirs = gb_store_get (other, id, &error);
    gb_record_set_text (theirs, "email", "nguoi.khac@example.vn");
    g_assert_true (gb_store_update (other, theirs, &error));
    g_assert_no_error (error);

    gtk_editable_set_text (GTK_EDITABLE (phone), "0912 000 111");
    g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
    g_assert_true (wait_for (dialog_shown, (gpointer) "changed-elsewhere-dialog"));
    dialog = GTK_WIDGET (find_toplevel ("changed-elsewhere-dialog"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "nguoi.khac@example.vn"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "0912 000 111"));
    save_shot (dialog, "changed-elsewhere.png");
    /* Nothing was written yet. */
    stored = gb_store_get (other, id, &error);
    g_assert_cmpstr (gb_record_get_text (stored, "phone"), !=, "0912 000 111");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
    /* As a click does: the answer, then the dialog closes. */
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (form, "field-email"))), ==,
                     "nguoi.khac@example.vn");
    g_assert_false (gb_record_form_is_dirty (GB_RECORD_FORM (form)));

    /* Again, and this time staff keep what they typed. */
    g_usleep (5000);
    g_clear_object (&theirs);
    theirs = gb_store_get (other, id, &error);
    gb_record_set_text (theirs, "email", "lan.nua@example.vn");
    g_assert_true (gb_store_update (other, theirs, &error));
    gtk_editable_set_text (GTK_EDITABLE (phone), "0912 000 222");
    g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
    g_assert_true (wait_for (dialog_shown, (gpointer) "changed-elsewhere-dialog"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_toplevel ("changed-elsewhere-dialog")), "mine");
    g_clear_object (&stored);
    stored = gb_store_get (other, id, &error);
    g_assert_cmpstr (gb_record_get_text (stored, "phone"), ==, "0912 000 222");
    g_assert_false (gb_record_form_is_dirty (GB_RECORD_FORM (form)));
  }

  /* An individual's form hides what only collectives have. */
  g_assert_false (gtk_widget_get_visible (find_named (form, "field-tax_code")));
  g_assert_true (gtk_widget_get_visible (find_named (form, "field-id_number")));

  /* The form lists the events the member took part in, and the dues. */
  g_assert_nonnull (find_named (form, "attended"));
  g_assert_true (GB_IS_CHILD_PANEL (find_named (form, "children")));
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (find_named (form, "children"))), ==, 2);

  /* The History section shows the change just saved, in the form's words:
   * a choice by its label, not its code. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "field-gender")), 2);   /* female */
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "field-gender")), 1);   /* male */
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  {
    GtkWidget *history = find_named (form, "history");
    g_assert_nonnull (history);
    g_assert_true (gtk_widget_get_visible (history));
    g_assert_nonnull (find_widget (history, is_row_titled, "Gender: Female → Male"));
  }

  /* An impossible date is refused at its row; nothing is written. */
  birth = find_named (form, "field-birth_date");
  gtk_editable_set_text (GTK_EDITABLE (birth), "31/02/1970");
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_true (gtk_widget_has_css_class (birth, "error"));
  error_label = find_named (form, "form-error");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "31/02/1970"));
  g_assert_true (gb_record_form_is_dirty (GB_RECORD_FORM (form)));

  /* A date in the future is refused by the store's rule, at the same row. */
  gtk_editable_set_text (GTK_EDITABLE (birth), "01/01/2999");
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_true (gtk_widget_has_css_class (birth, "error"));

  /* Closing the window with unsaved changes asks, and cancelling keeps
   * the window and the typed text. The window acts on the answer in the
   * dialog's "response" handler: the next line sees what it did. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (dialog_shown, (gpointer) "close-unsaved-dialog"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_toplevel ("close-unsaved-dialog")), "cancel");
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (birth)), ==, "01/01/2999");

  /* Leaving asks; discarding keeps the stored record as it was. */
  g_assert_true (gtk_widget_activate_action (form, "form.close", NULL));
  g_assert_true (wait_for (dialog_shown, (gpointer) "unsaved-dialog"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_toplevel ("unsaved-dialog")), "discard");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (form)));

  /* A new member with the same name and year is named as a likely
   * duplicate before anything is saved; saving again keeps both. */
  {
    g_autoptr(GbRecord) existing = g_list_model_get_item (G_LIST_MODEL (list), gb_record_list_find (list, id));
    g_autofree char *year = g_strdup_printf ("%" G_GINT64_FORMAT, gb_record_get_int (existing, "birth_year"));
    g_autofree char *upper = g_utf8_strup (gb_record_get_name (existing), -1);

    g_assert_true (gtk_widget_activate_action (page, "list.new", NULL));
    wait_form (page, 0);
    adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "field-kind")), 1);   /* individual */
    gtk_editable_set_text (GTK_EDITABLE (find_named (form, "field-name")), upper);
    gtk_editable_set_text (GTK_EDITABLE (find_named (form, "field-birth_year")), year);
    g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
    if (gtk_widget_get_visible (find_named (form, "form-error")))
      g_error ("refused: %s", gtk_label_get_text (GTK_LABEL (find_named (form, "form-error"))));
    g_assert_true (gtk_widget_get_visible (find_named (form, "duplicate-warning")));
    g_assert_cmpint (gb_record_form_get_id (GB_RECORD_FORM (form)), ==, 0);
    g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
    g_assert_cmpint (gb_record_form_get_id (GB_RECORD_FORM (form)), >, 0);
    expect_rows (list, 161);
  }

  stop_app (app);

  /* Reopen the file: the phone last kept is there, the bad dates are not. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    g_autoptr(GbStore) store = gb_store_new (db, GB_TYPE_MEMBER);
    g_autoptr(GbRecord) m = gb_store_get (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (gb_record_get_text (m, "phone"), ==, "0912 000 222");
    g_assert_cmpstr (gb_record_get_text (m, "birth_date"), !=, "2999-01-01");
  }
}

static void
do_form_new (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form;
  GbRecordList *list;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "events"));
  page = find_named (window, "events");
  list = gb_list_page_get_list (GB_LIST_PAGE (page));
  expect_rows (list, 8);

  g_assert_true (gtk_widget_activate_action (page, "list.new", NULL));
  form = wait_form (page, 0);
  g_assert_true (gtk_widget_get_mapped (form));

  /* An untouched new form is no change to save or to ask about. */
  g_assert_false (gb_record_form_is_dirty (GB_RECORD_FORM (form)));
  g_assert_cmpstr (gb_record_form_get_title (GB_RECORD_FORM (form)), ==, "New Event");

  /* Saving without a title is refused at the title row. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (form, "field-start_date")), "15/10/2021");
  /* The lunar date is shown beside it. */
  g_assert_cmpstr (label_text (form, "lunar-start_date"), ==, "Lunar 10/09 Tân Sửu");
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_true (gtk_widget_has_css_class (find_named (form, "field-title"), "error"));

  /* The row stops saying so as soon as it is being fixed. */
  gtk_widget_grab_focus (find_named (form, "field-title"));
  gtk_editable_set_text (GTK_EDITABLE (find_named (form, "field-title")), "Hội thảo Gốm Chu Đậu");
  g_assert_false (gtk_widget_has_css_class (find_named (form, "field-title"), "error"));
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_cmpint (gb_record_form_get_id (GB_RECORD_FORM (form)), >, 0);
  expect_rows (list, 9);

  /* Add a participant found by typing without marks. */
  {
    GtkWidget *people = find_named (form, "participants");
    GtkWidget *add, *match;
    g_autofree char *name = NULL;

    g_assert_true (GB_IS_PARTICIPANTS_PANEL (people));
    g_assert_cmpuint (gb_participants_panel_get_n_rows (GB_PARTICIPANTS_PANEL (people)), ==, 0);
    gtk_editable_set_text (GTK_EDITABLE (find_named (people, "participant-search")), "nguyen");
    /* Searched once typing pauses, on a worker thread. */
    g_assert_null (find_named (people, "match-0"));
    g_assert_true (wait_for (has_match, people));
    /* The second match: the one its button is on is added, no other. */
    match = find_named (people, "match-1");
    g_assert_nonnull (match);
    name = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (match)));
    add = find_widget (match, is_add_button, NULL);
    g_assert_nonnull (add);
    g_signal_emit_by_name (add, "clicked");
    g_assert_cmpuint (gb_participants_panel_get_n_rows (GB_PARTICIPANTS_PANEL (people)), ==, 1);
    match = find_named (people, "participant-0");
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (match)), ==, name);
    g_assert_null (find_named (people, "match-0"));   /* the search is cleared */
  }

  search_for (find_named (page, "search"), list, "chu dau");
  expect_rows (list, 1);
  search_for (find_named (page, "search"), list, "");
  expect_rows (list, 9);

  /* The year filter lists the years the events hold, newest first. */
  {
    GtkDropDown *years = GTK_DROP_DOWN (find_named (page, "year"));
    GListModel *labels;
    guint found = 0;

    /* The menu is read on a worker thread, and again a moment after the
     * edits: the page counts both as filling. */
    g_assert_true (wait_for (page_filled, page));
    labels = gtk_drop_down_get_model (years);

    for (guint i = 1; i < g_list_model_get_n_items (labels); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "2021"))
        found = i;
    g_assert_cmpuint (found, >, 0);
    gtk_drop_down_set_selected (years, found);
    expect_rows (list, 7);   /* the demo's six and the one added above */
  }
  stop_app (app);
}

static void
set_score (GtkWidget *form, guint judge, guint entry, double value)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "score-judge")), judge);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "score-entry")), entry);
  /* The panel stores the score and ranks again in value-changed: the
   * next call already reads them. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (form, "score-0")), value);
}

static const char *
row_title (GtkWidget *root, const char *name)
{
  GtkWidget *row = find_named (root, name);

  if (row == NULL)
    g_error ("no row “%s”", name);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
do_contest (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "events"));
  page = find_named (window, "events");
  expect_rows (gb_list_page_get_list (GB_LIST_PAGE (page)), 8);
  g_assert_true (gtk_widget_activate_action (page, "list.new", NULL));
  form = wait_form (page, 0);

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "field-kind")), 1);   /* contest */
  gtk_editable_set_text (GTK_EDITABLE (find_named (form, "field-title")), "Hội thi Bàn tay vàng 2026");
  gtk_editable_set_text (GTK_EDITABLE (find_named (form, "field-start_date")), "10/10/2026");
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_nonnull (find_named (form, "contest"));

  /* Two entries, two judges, one criterion, through the panel's rows. */
  for (guint i = 0; i < 2; i++)
    {
      const char *entrants[] = { "Vũ Văn Gốm", "Lê Thị Thêu" };
      const char *products[] = { "Bình gốm men rạn", "Tranh thêu phong cảnh" };
      GtkWidget *add = find_widget (find_named (form, "new-product"), is_add_button, NULL);

      g_assert_nonnull (add);
      gtk_editable_set_text (GTK_EDITABLE (find_named (form, "new-entrant")), entrants[i]);
      gtk_editable_set_text (GTK_EDITABLE (find_named (form, "new-product")), products[i]);
      g_signal_emit_by_name (add, "clicked");
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *judges[] = { "Phạm Văn Tuấn", "Đỗ Thị Hạnh" };
      gtk_editable_set_text (GTK_EDITABLE (find_named (form, "new-judge")), judges[i]);
      g_signal_emit_by_name (find_named (form, "new-judge"), "apply");
    }
  gtk_editable_set_text (GTK_EDITABLE (find_named (form, "new-criterion")), "Tính thẩm mỹ");
  g_signal_emit_by_name (find_named (form, "new-criterion"), "apply");
  /* A criterion gives the scores their first field. */
  g_assert_true (wait_for (named_exists, &(NamedWait) { form, "score-0", NULL }));

  /* Judge 1: 8 and 6; judge 2: 7 and 10. Means: 7.5 and 8.0. */
  set_score (form, 0, 0, 8);
  set_score (form, 0, 1, 6);
  set_score (form, 1, 0, 7);
  set_score (form, 1, 1, 10);

  g_assert_cmpstr (row_title (form, "rank-0"), ==, "1. Lê Thị Thêu");
  g_assert_cmpstr (row_title (form, "rank-1"), ==, "2. Vũ Văn Gốm");
  g_assert_nonnull (find_widget (find_named (form, "rank-0"), is_label_with_text, "8.00"));

  /* The contest is in four sections chosen with a row of buttons; the
   * entrants are the first, and the form does not list them twice. */
  {
    GtkWidget *sections = find_named (form, "contest-sections");
    GtkWidget *switcher = find_named (form, "contest-switcher");
    const char *names[] = { "entries", "judges", "scores", "ranking" };
    GtkWidget *outside = find_named (form, "participants");
    guint i = 0;
    int min;

    g_assert_nonnull (sections);
    for (GtkWidget *sec = gtk_widget_get_first_child (sections); sec; sec = gtk_widget_get_next_sibling (sec), i++)
      {
        g_assert_cmpstr (gtk_widget_get_name (sec), ==, names[i]);
        g_assert_true (gtk_widget_get_visible (sec) == (i == 0));
      }
    g_assert_cmpuint (i, ==, 4);
    g_assert_nonnull (find_named (gtk_widget_get_first_child (sections), "contest-participants"));
    g_assert_null (outside);
    /* Each section's name whole on its button, wrapped, not "Người d…":
     * measured once the buttons are laid out. */
    wait_painted (switcher);
    for (GtkWidget *b = gtk_widget_get_first_child (switcher); b; b = gtk_widget_get_next_sibling (b))
      {
        GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (b)));

        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >, 0);
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
      }
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_last_child (switcher)), TRUE);
    g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (sections)));
    g_assert_true (gtk_widget_get_visible (gtk_widget_get_last_child (sections)));
    /* The form stays narrow enough to sit beside the list. */
    gtk_widget_measure (find_named (form, "contest"), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_assert_cmpint (min, <, 360);
  }

  /* Give the winner the Golden Hand with the labelled toggle; the toggle
   * and the ranking say so. */
  {
    GtkWidget *award = find_named (form, "award-0");

    g_assert_true (GTK_IS_CHECK_BUTTON (award));
    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (award)), ==, "Give an _Award");
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (award)));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (form, "award-name"))), ==, "Bàn tay vàng");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (award), TRUE);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (form, "rank-0"))), ==,
                     "Tranh thêu phong cảnh · Bàn tay vàng");
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (form, "award-0"))));

    /* Unticked, the award is taken back and the line cleared. */
    gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (form, "award-0")), FALSE);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (form, "rank-0"))), ==,
                     "Tranh thêu phong cảnh");
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (form, "award-0"))));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (form, "award-0")), TRUE);
  }

  /* Going back to judge 1 and entry 1 shows the score given. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "score-judge")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "score-entry")), 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_named (form, "score-0"))), ==, 6);

  /* The second row's toggle gives the award to the second entry, and
   * takes it back from it alone. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (form, "award-1")), TRUE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (form, "rank-1"))), ==,
                   "Bình gốm men rạn · Bàn tay vàng");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (form, "award-1")), FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (form, "rank-1"))), ==,
                   "Bình gốm men rạn");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (form, "rank-0"))), ==,
                   "Tranh thêu phong cảnh · Bàn tay vàng");

  /* A second criterion: its field scores it, not the first. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (form, "new-criterion")), "Kỹ thuật");
  g_signal_emit_by_name (find_named (form, "new-criterion"), "apply");
  g_assert_true (wait_for (named_exists, &(NamedWait) { form, "score-1", NULL }));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "score-judge")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "score-entry")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (form, "score-1")), 9);
  {
    GbDatabase *db = gb_application_get_database (app);
    gint64 event_id = gb_record_form_get_id (GB_RECORD_FORM (form));
    g_autoptr(GbStore) entries = gb_store_new (db, GB_TYPE_CONTEST_ENTRY);
    g_autoptr(GbStore) judges = gb_store_new (db, GB_TYPE_CONTEST_JUDGE);
    g_autoptr(GbStore) criteria = gb_store_new (db, GB_TYPE_CONTEST_CRITERION);
    g_autoptr(GPtrArray) e = gb_store_list_by (entries, "event_id", event_id, NULL);
    g_autoptr(GPtrArray) j = gb_store_list_by (judges, "event_id", event_id, NULL);
    g_autoptr(GPtrArray) c = gb_store_list_by (criteria, "event_id", event_id, NULL);
    gint64 entry = gb_record_get_id (e->pdata[0]);
    gint64 judge = gb_record_get_id (j->pdata[0]);
    double score = 0;

    g_assert_cmpuint (c->len, ==, 2);
    g_assert_true (gb_contest_get_score (db, entry, judge, gb_record_get_id (c->pdata[1]), &score));
    g_assert_cmpfloat (score, ==, 9);
    g_assert_true (gb_contest_get_score (db, entry, judge, gb_record_get_id (c->pdata[0]), &score));
    g_assert_cmpfloat (score, ==, 8);
  }
  stop_app (app);
}

/* Shows the page of @kind, waits for its @n rows and opens the first one
 * in the form beside the list. */
static GtkWidget *
open_first_record (GbApplication  *app,
                   const char     *kind,
                   guint           n,
                   GtkWidget     **window,
                   GtkWidget     **page,
                   GbRecordList  **list)
{
  g_assert_true (wait_for (database_open, app));
  *window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (*window, "win.show-page", "s", kind));
  *page = find_named (*window, kind);
  *list = gb_list_page_get_list (GB_LIST_PAGE (*page));
  expect_rows (*list, n);
  g_signal_emit_by_name (gb_list_page_get_column_view (GB_LIST_PAGE (*page)), "activate", 0);
  return wait_form (*page, gb_record_list_get_id (*list, 0));
}

static void
do_children (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form, *panel, *child;
  GbRecordList *list;
  guint before;

  form = open_first_record (app, "artisans", 120, &window, &page, &list);
  panel = find_named (form, "children");
  g_assert_true (GB_IS_CHILD_PANEL (panel));
  before = gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel));

  /* An artisan who is also a member: the form names the member record. */
  {
    g_autoptr(GbStore) artisans = gb_store_new (gb_application_get_database (app), GB_TYPE_ARTISAN);
    g_autoptr(GbStore) members = gb_store_new (gb_application_get_database (app), GB_TYPE_MEMBER);
    g_autoptr(GPtrArray) all = gb_store_query (artisans, NULL, NULL);
    g_autoptr(GbRecord) member = NULL;
    GbArtisan *linked = NULL;
    GbRecordForm *f = gb_list_page_get_form (GB_LIST_PAGE (page));

    for (guint i = 0; i < all->len && linked == NULL; i++)
      if (GB_ARTISAN (g_ptr_array_index (all, i))->member_id != 0)
        linked = g_ptr_array_index (all, i);
    g_assert_nonnull (linked);
    member = gb_store_get (members, linked->member_id, NULL);
    g_assert_true (gb_record_form_open (f, gb_record_get_id (GB_RECORD (linked)), NULL));
    g_assert_nonnull (find_widget (find_named (GTK_WIDGET (f), "link"), is_row_titled,
                                   gb_record_get_name (member)));
    g_assert_true (gb_record_form_open (f, gb_record_list_get_id (list, 0), NULL));
    panel = find_named (form, "children");
  }
  g_assert_cmpuint (before, >=, 1);   /* every demo artisan holds the city title */

  /* A photo: a real PNG is kept and shown; the record stores its bytes. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 30, 40);
    GByteArray *png = g_byte_array_new ();
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GbRecord) again = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = NULL;
    GBytes *stored = NULL;

    cairo_surface_write_to_png_stream (surface, append_png, png);
    cairo_surface_destroy (surface);
    bytes = g_byte_array_free_to_bytes (png);
    gb_record_form_set_photo (GB_RECORD_FORM (form), "photo", bytes);
    g_assert_true (gb_record_form_is_dirty (GB_RECORD_FORM (form)));
    g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
    g_assert_false (gb_record_form_is_dirty (GB_RECORD_FORM (form)));
    {
      GtkWidget *picture = find_widget (find_named (form, "field-photo"), is_picture, NULL);
      g_assert_nonnull (gtk_picture_get_paintable (GTK_PICTURE (picture)));
    }
    store = gb_store_new (gb_application_get_database (app), GB_TYPE_ARTISAN);
    again = gb_store_get (store, gb_record_form_get_id (GB_RECORD_FORM (form)), &error);
    g_object_get (again, "photo", &stored, NULL);
    g_assert_true (g_bytes_equal (stored, bytes));
    g_bytes_unref (stored);
  }

  /* Add a title in its small window; a revocation without a reason is refused. */
  panel = find_named (form, "children");   /* saving rebuilt the form's panels */
  child = GTK_WIDGET (gb_child_panel_add (GB_CHILD_PANEL (panel)));
  /* A new title's kind is left for staff to choose, not the highest one. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (child, "field-kind"))), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (child, "field-kind")), 6);   /* skilled_worker, after "—" */
  gtk_editable_set_text (GTK_EDITABLE (find_named (child, "field-decision_no")), "07/QĐ-UBND");
  gtk_editable_set_text (GTK_EDITABLE (find_named (child, "field-decision_date")), "05/02/2025");
  gtk_editable_set_text (GTK_EDITABLE (find_named (child, "field-revoked_date")), "01/03/2025");
  g_assert_true (gtk_widget_activate_action (child, "form.save", NULL));
  g_assert_true (gtk_widget_get_visible (find_named (child, "form-error")));
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, before);
  gtk_editable_set_text (GTK_EDITABLE (find_named (child, "field-revoked_date")), "");
  g_assert_true (gtk_widget_activate_action (child, "form.save", NULL));
  /* Saved, the small window closes and the panel is built again. */
  g_assert_true (wait_for (dialog_gone, (gpointer) "child-editor"));
  panel = find_named (form, "children");
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, before + 1);
  g_assert_nonnull (find_widget (panel, is_row_titled, "Skilled Craftsman"));
  stop_app (app);
}

static gboolean
is_check_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static gboolean
is_drop_down (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_DROP_DOWN (widget);
}

/* An icon button, found by the tip it shows and the name it is read by. */
static gboolean
is_button_tipped (GtkWidget *widget, gconstpointer tip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tip) == 0;
}

static GtkWidget *
participant_row (GtkWidget *panel,
                 guint      i)
{
  g_autofree char *name = g_strdup_printf ("participant-%u", i);
  GtkWidget *row = find_named (panel, name);

  if (row == NULL)
    g_error ("no participant row %u", i);
  return row;
}

static GPtrArray *
event_participants (GbDatabase *db,
                    gint64      event_id)
{
  g_autoptr(GbStore) store = gb_store_new (db, GB_TYPE_PARTICIPANT);

  return gb_store_list_by (store, "event_id", event_id, NULL);
}

/* Each row acts on its own participant: the second one's attendance
 * ticked, the third one's role chosen, the second one taken off the
 * list; the others stay as they were. */
static void
do_participant_rows (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form, *panel, *row;
  GbRecordList *list;
  GbDatabase *db;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *third_name = NULL;
  gint64 event_id = 0;
  GbParticipant *second, *third;
  guint role = 0;

  form = open_first_record (app, "events", 8, &window, &page, &list);
  db = gb_application_get_database (app);
  /* An event that is no contest (a contest lists its entrants), with
   * three people or more. */
  {
    g_autoptr(GbStore) events = gb_store_new (db, GB_TYPE_EVENT);
    g_autoptr(GPtrArray) all = gb_store_query (events, NULL, NULL);

    for (guint i = 0; i < all->len && event_id == 0; i++)
      {
        g_autoptr(GPtrArray) people = event_participants (db, gb_record_get_id (all->pdata[i]));

        if (people->len >= 3 && g_strcmp0 (GB_EVENT (all->pdata[i])->kind, "contest") != 0)
          event_id = gb_record_get_id (all->pdata[i]);
      }
  }
  g_assert_cmpint (event_id, >, 0);
  g_assert_true (gb_record_form_open (GB_RECORD_FORM (form), event_id, NULL));
  panel = find_named (form, "participants");
  g_assert_true (GB_IS_PARTICIPANTS_PANEL (panel));
  before = event_participants (db, event_id);
  g_assert_cmpuint (gb_participants_panel_get_n_rows (GB_PARTICIPANTS_PANEL (panel)), ==,
                    before->len);
  second = before->pdata[1];
  third = before->pdata[2];
  row = participant_row (panel, 2);
  third_name = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  /* The second one's tick. */
  row = participant_row (panel, 1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (row, is_check_button, NULL)),
                               !second->attended);
  after = event_participants (db, event_id);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpint (!GB_PARTICIPANT (after->pdata[i])->attended, ==,
                     (i == 1) != !GB_PARTICIPANT (before->pdata[i])->attended);

  /* The third one's role: the one after it in the menu. */
  while (g_strcmp0 (gb_participant_roles[role].code, third->role) != 0)
    role++;
  role = gb_participant_roles[role + 1].code ? role + 1 : 0;
  row = participant_row (panel, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (row, is_drop_down, NULL)), role);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = event_participants (db, event_id);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (GB_PARTICIPANT (after->pdata[i])->role, ==,
                     i == 2 ? gb_participant_roles[role].code
                            : GB_PARTICIPANT (before->pdata[i])->role);

  /* The second one off the list: the third moves up into its row. */
  row = participant_row (panel, 1);
  g_signal_emit_by_name (find_widget (row, is_button_tipped, "Take off the list"), "clicked");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = event_participants (db, event_id);
  g_assert_cmpuint (after->len, ==, before->len - 1);
  for (guint i = 0, j = 0; i < before->len; i++)
    if (i != 1)
      g_assert_cmpint (gb_record_get_id (after->pdata[j++]), ==,
                       gb_record_get_id (before->pdata[i]));
  g_assert_cmpuint (gb_participants_panel_get_n_rows (GB_PARTICIPANTS_PANEL (panel)), ==,
                    before->len - 1);
  row = participant_row (panel, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, third_name);
  stop_app (app);
}


static gboolean
is_visible_row (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_child_visible (widget);
}

static void
count_visible_rows (GtkWidget *widget, guint *n)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_child_visible (widget))
    (*n)++;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    count_visible_rows (c, n);
}

static gboolean
one_row_shown (gpointer list)
{
  guint shown = 0;

  count_visible_rows (list, &shown);
  return shown == 1;
}

static const char *
child_row_title (GtkWidget *panel, guint i)
{
  g_autofree char *name = g_strdup_printf ("child-%u", i);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_named (panel, name)));
}

static gboolean
is_record_form (GtkWidget *widget, gconstpointer data)
{
  return GB_IS_RECORD_FORM (widget);
}

static GPtrArray *
member_dues (GbDatabase *db,
             gint64      member_id)
{
  g_autoptr(GbStore) store = gb_store_new (db, GB_TYPE_DUES);

  return gb_store_list_by (store, "member_id", member_id, NULL);
}

/* A member's dues rows each act on their own year: the second row opens
 * the second year, and its Remove takes the second year away. */
static void
do_child_rows (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form, *panel, *row, *editor;
  GbRecordList *list;
  GbDatabase *db;
  GtkWindow *dialog;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *first_title = NULL;
  gint64 member_id;

  form = open_first_record (app, "members", 160, &window, &page, &list);
  db = gb_application_get_database (app);
  member_id = gb_record_form_get_id (GB_RECORD_FORM (form));
  before = member_dues (db, member_id);
  g_assert_cmpuint (before->len, >=, 2);
  panel = find_named (form, "children");
  g_assert_true (GB_IS_CHILD_PANEL (panel));
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, before->len);
  first_title = g_strdup (child_row_title (panel, 0));

  /* The second row, activated as a click or Enter does. */
  row = find_named (panel, "child-1");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_true (wait_for (dialog_shown, (gpointer) "child-editor"));
  editor = find_widget (GTK_WIDGET (find_toplevel ("child-editor")), is_record_form, NULL);
  g_assert_cmpint (gb_record_form_get_id (GB_RECORD_FORM (editor)), ==,
                   gb_record_get_id (before->pdata[1]));
  gtk_window_destroy (find_toplevel ("child-editor"));
  g_assert_true (wait_for (dialog_gone, (gpointer) "child-editor"));

  /* Its Remove asks about the second year, and removes it. */
  g_signal_emit_by_name (find_widget (row, is_button_tipped, "Remove"), "clicked");
  g_assert_true (wait_for (dialog_shown, (gpointer) "remove-child-dialog"));
  dialog = find_toplevel ("remove-child-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            child_row_title (panel, 1)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_destroy (dialog);
  after = member_dues (db, member_id);
  g_assert_cmpuint (after->len, ==, before->len - 1);
  for (guint i = 0, j = 0; i < before->len; i++)
    if (i != 1)
      g_assert_cmpint (gb_record_get_id (after->pdata[j++]), ==,
                       gb_record_get_id (before->pdata[i]));
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, before->len - 1);
  g_assert_cmpstr (child_row_title (panel, 0), ==, first_title);
  stop_app (app);
}

/* A member's dated status list, other crafts, and a commune from the
 * register, through the member form. */
static void
do_member_desk (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form, *panel, *child, *picker, *popover, *row;
  GbRecordList *list;
  g_autoptr(GbStore) members = NULL;
  g_autoptr(GbRecord) stored = NULL;
  g_autofree char *craft_name = NULL;
  gint64 id;
  guint n, shown = 0;

  form = open_first_record (app, "members", 160, &window, &page, &list);
  id = gb_record_form_get_id (GB_RECORD_FORM (form));
  members = gb_store_new (gb_application_get_database (app), GB_TYPE_MEMBER);

  /* The status list: one dated line from joining; resigning adds a line
   * dated today, whose date staff can correct. */
  panel = find_named (form, "status-history");
  g_assert_true (GB_IS_CHILD_PANEL (panel));
  n = gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_str_has_prefix (child_row_title (panel, 0), "Since "));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (form, "field-status")), 2);   /* resigned */
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  /* Saving builds the form's panels again: find the new one. */
  g_assert_true (wait_for (named_mapped, &(NamedWait) { form, "status-history", NULL }));
  panel = find_named (form, "status-history");
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, 2);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
    g_autofree char *expected = g_strdup_printf ("Since %s: Resigned", today);

    g_assert_cmpstr (child_row_title (panel, 1), ==, expected);
  }
  child = GTK_WIDGET (gb_child_panel_edit (GB_CHILD_PANEL (panel), 1));
  gtk_editable_set_text (GTK_EDITABLE (find_named (child, "field-since")), "31/02/2026");
  g_assert_true (gtk_widget_activate_action (child, "form.save", NULL));
  g_assert_true (gtk_widget_get_visible (find_named (child, "form-error")));   /* no such day */
  gtk_editable_set_text (GTK_EDITABLE (find_named (child, "field-since")), "01/10/2026");
  g_assert_true (gtk_widget_activate_action (child, "form.save", NULL));
  g_assert_true (wait_for (dialog_gone, (gpointer) "child-editor"));
  panel = find_named (form, "status-history");
  g_assert_cmpstr (child_row_title (panel, 1), ==, "Since 01/10/2026: Resigned");

  /* Another craft: the Craft filter finds the member by it too. */
  panel = find_named (form, "other-crafts");
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, 0);
  child = GTK_WIDGET (gb_child_panel_add (GB_CHILD_PANEL (panel)));
  {
    GtkWidget *combo = find_named (child, "field-craft_id");
    GbMember *m;

    stored = gb_store_get (members, id, NULL);
    m = GB_MEMBER (stored);
    /* A craft that is not the member's main one. */
    for (guint i = 1; i < g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (combo))); i++)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        if (g_strcmp0 (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo))),
                       m->craft_name) != 0)
          break;
      }
    craft_name = g_strdup (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo))));
  }
  g_assert_true (gtk_widget_activate_action (child, "form.save", NULL));
  g_assert_true (wait_for (dialog_gone, (gpointer) "child-editor"));
  panel = find_named (form, "other-crafts");
  g_assert_cmpuint (gb_child_panel_get_n_rows (GB_CHILD_PANEL (panel)), ==, 1);
  g_assert_cmpstr (child_row_title (panel, 0), ==, craft_name);
  if (g_getenv ("GB_TEST_SHOTS"))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (panel, GTK_TYPE_SCROLLED_WINDOW)));

      /* The end is known once the new rows are laid out. */
      wait_painted (window);
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      save_shot (window, "member-panels.png");
    }
  {
    GtkDropDown *crafts = GTK_DROP_DOWN (find_named (page, "craft"));
    GListModel *labels = gtk_drop_down_get_model (crafts);
    guint found = 0;

    for (guint i = 1; i < g_list_model_get_n_items (labels); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), craft_name))
        found = i;
    g_assert_cmpuint (found, >, 0);
    gtk_drop_down_set_selected (crafts, found);
    g_assert_true (wait_for (list_filtered, &(QueryWait) { list, NULL, NULL, FALSE, 1 }));
    g_assert_false (gb_record_list_is_loading (list));
    g_assert_cmpint (gb_record_list_find (list, id), >=, 0);
    gtk_drop_down_set_selected (crafts, 0);
    expect_rows (list, 160);
  }

  /* The commune from the register, found without marks. */
  picker = find_named (form, "commune-picker");
  g_assert_true (GTK_IS_MENU_BUTTON (picker));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (picker)));
  count_visible_rows (find_named (popover, "commune-list"), &shown);
  g_assert_cmpuint (shown, ==, 114);
  if (g_getenv ("GB_TEST_SHOTS"))
    {
      /* Only to be looked at: a popover under Xvfb finds no monitor. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      gtk_menu_button_popup (GTK_MENU_BUTTON (picker));
    }
  gtk_editable_set_text (GTK_EDITABLE (find_named (popover, "commune-search")), "vinh bao");
  /* After the search entry's own delay, however busy the machine. */
  g_assert_true (wait_for (one_row_shown, find_named (popover, "commune-list")));
  save_shot (window, "commune-picker.png");
  shown = 0;
  count_visible_rows (find_named (popover, "commune-list"), &shown);
  g_assert_cmpuint (shown, ==, 1);
  row = find_widget (find_named (popover, "commune-list"), is_visible_row, NULL);
  g_signal_emit_by_name (find_named (popover, "commune-list"), "row-activated", row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (form, "field-commune"))), ==, "xã Vĩnh Bảo");
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_clear_object (&stored);
  stored = gb_store_get (members, id, NULL);
  g_assert_cmpstr (GB_MEMBER (stored)->commune, ==, "xã Vĩnh Bảo");
  stop_app (app);
}

static GbPaperPreview *
find_preview (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GB_IS_PAPER_PREVIEW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GB_PAPER_PREVIEW (window);
    }
  return NULL;
}

static gboolean
preview_drawn (gpointer preview)
{
  GtkWidget *view = find_widget (preview, is_pdf_view, NULL);

  return !gb_paper_preview_get_busy (preview) && gb_paper_preview_get_pdf (preview) != NULL
         && gb_pdf_view_get_page_texture (GB_PDF_VIEW (view)) != NULL;
}

static char *
pdf_text (GBytes *pdf,
          int    *n_pages)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  *n_pages = poppler_document_get_n_pages (doc);
  for (int i = 0; i < *n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      g_autofree char *t = poppler_page_get_text (page);

      g_string_append (text, t);
      g_object_unref (page);
    }
  g_object_unref (doc);
  return g_string_free (text, FALSE);
}

/* A register row's Void button: the one button with words in a row, in
 * any language (callers check what it says). */
static gboolean
is_void_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL
         && gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW) != NULL;
}

static gboolean
pdf_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GB_IS_PDF_WINDOW (w))
        return TRUE;
    }
  return FALSE;
}

static gboolean
file_written (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
register_filled (gpointer db)
{
  g_autoptr(GPtrArray) list = gb_register_list (db, 0, NULL, NULL);
  return list != NULL && list->len > 0;
}

/* From an artisan's form: preview (nothing registered), change an option,
 * issue (numbered and registered); from a selection of three: three pages. */
static void
do_certificates (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GbDatabase *db;
  GtkWidget *window, *page, *form;
  GbPaperPreview *preview;
  GbRecordList *list;
  g_autoptr(GBytes) draft = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *issued_path = NULL;
  int n_pages;

  g_assert_true (wait_for (database_open, app));
  db = gb_application_get_database (app);
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "artisans"));
  page = find_named (window, "artisans");
  list = gb_list_page_get_list (GB_LIST_PAGE (page));
  expect_rows (list, 120);
  g_signal_emit_by_name (gb_list_page_get_column_view (GB_LIST_PAGE (page)), "activate", 0);
  form = wait_form (page, gb_record_list_get_id (list, 0));
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (find_named (form, "field-name"))));
  g_assert_true (gtk_widget_get_visible (find_named (form, "print")));

  /* Ctrl+P's action: the artisan certificate. */
  g_assert_true (gtk_widget_activate_action (form, "form.print", "s", ""));
  preview = find_preview ();
  g_assert_nonnull (preview);
  g_assert_true (wait_for (preview_drawn, preview));
  draft = g_bytes_ref (gb_paper_preview_get_pdf (preview));
  text = pdf_text (draft, &n_pages);
  g_assert_cmpint (n_pages, ==, 1);
  g_assert_nonnull (strstr (text, name));
  g_assert_nonnull (strstr (text, "……/GCN-HHLN"));
  g_assert_false (register_filled (db));   /* a preview changes nothing */

  /* A draft carries no QR code: turning it off leaves the draft as it
   * was, still unnumbered. */
  {
    GtkWidget *qr = find_widget (GTK_WIDGET (preview), is_row_titled, "QR code");
    GtkSwitch *sw = GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (qr)));

    /* Busy from the switch on: the new drawing waits for the options to
     * settle, and the preview counts that wait as busy. */
    gtk_switch_set_active (sw, FALSE);
    g_assert_true (gb_paper_preview_get_busy (preview));
    g_assert_true (wait_for (preview_drawn, preview));
    g_assert_true (g_bytes_equal (draft, gb_paper_preview_get_pdf (preview)));
    g_assert_false (register_filled (db));
  }

  /* Issue: the next number, in the register with the SHA-256 of the
   * paper, written to the file chosen beforehand. */
  issued_path = g_build_filename (tmp_dir, "gcn-issued.pdf", NULL);
  gb_paper_preview_issue (preview, issued_path);
  g_assert_true (wait_for (register_filled, db));
  g_assert_true (wait_for (preview_drawn, preview));
  entries = gb_register_list (db, 0, NULL, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((GbRegisterEntry *) entries->pdata[0])->number, ==, "001/GCN-HHLN");
  g_assert_cmpstr (((GbRegisterEntry *) entries->pdata[0])->holder_name, ==, name);
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256,
                                                         gb_paper_preview_get_pdf (preview));
    g_autofree char *issued = pdf_text (gb_paper_preview_get_pdf (preview), &n_pages);

    g_assert_cmpstr (((GbRegisterEntry *) entries->pdata[0])->sha256, ==, sha);
    g_assert_nonnull (strstr (issued, "Số: 001/GCN-HHLN"));
  }
  {
    g_autofree char *bytes = NULL;
    gsize len;

    /* The paper is in the file, whole, before the window says so. */
    g_assert_true (g_file_get_contents (issued_path, &bytes, &len, NULL));
    g_assert_cmpmem (bytes, len, g_bytes_get_data (gb_paper_preview_get_pdf (preview), NULL),
                     g_bytes_get_size (gb_paper_preview_get_pdf (preview)));
  }
  gtk_window_destroy (GTK_WINDOW (preview));

  /* The Certificates page lists it; voiding asks for a reason and keeps the entry. */
  {
    GtkWidget *certs;
    GtkWidget *button;
    AdwMessageDialog *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();
    g_autoptr(GPtrArray) after = NULL;

    g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "certificates"));
    wait_page (window, "certificates");
    certs = find_named (window, "certificates");
    g_assert_true (GB_IS_CERTIFICATES_PAGE (certs));
    g_assert_cmpuint (gb_certificates_page_get_n_rows (GB_CERTIFICATES_PAGE (certs)), ==, 1);
    button = find_widget (find_named (certs, "register-list"), is_void_button, NULL);
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (wait_for (message_dialog_shown, NULL));
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = ADW_MESSAGE_DIALOG (w);
      }
    g_assert_nonnull (dialog);
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                           "In sai ngày");
    adw_message_dialog_response (dialog, "void");
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_false (message_dialog_shown (NULL));
    after = gb_register_list (db, 0, NULL, NULL);
    g_assert_cmpuint (after->len, ==, 1);
    g_assert_cmpstr (((GbRegisterEntry *) after->pdata[0])->void_reason, ==, "In sai ngày");
    g_assert_null (find_widget (find_named (certs, "register-list"), is_void_button, NULL));

    /* The register book opens as a PDF. */
    g_assert_true (gtk_widget_activate_action (certs, "register.book", NULL));
    g_assert_true (wait_for (pdf_window_shown, NULL));
    {
      GListModel *tops = gtk_window_get_toplevels ();
      GtkWindow *book = NULL;
      g_autofree char *book_text = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (tops, i);

          if (GB_IS_PDF_WINDOW (w))
            book = w;
        }
      book_text = pdf_text (gb_pdf_window_get_pdf (GB_PDF_WINDOW (book)), &n_pages);
      g_assert_nonnull (strstr (book_text, "SỔ ĐĂNG KÝ CẤP GIẤY CHỨNG NHẬN"));
      g_assert_nonnull (strstr (book_text, "001/GCN-HHLN"));
      /* A narrow column wraps the note: compare with the line breaks as spaces. */
      g_strdelimit (book_text, "\n", ' ');
      g_assert_nonnull (strstr (book_text, "In sai ngày"));
      gtk_window_destroy (book);
    }
    g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "artisans"));
    wait_page (window, "artisans");
  }

  /* Three selected rows: three certificates in one preview; and Export
   * writes those three rows. */
  gtk_selection_model_select_range (GTK_SELECTION_MODEL (
    gtk_column_view_get_model (gb_list_page_get_column_view (GB_LIST_PAGE (page)))), 0, 3, TRUE);
  g_assert_true (wait_for (label_shown, &(LabelWait) { page, "3 selected" }));
  g_assert_true (gtk_widget_get_visible (find_named (page, "print-selected")));
  g_assert_true (gtk_widget_activate_action (page, "list.print-selected", "s", "artisan"));
  preview = find_preview ();
  g_assert_nonnull (preview);
  g_assert_true (wait_for (preview_drawn, preview));
  g_clear_pointer (&text, g_free);
  text = pdf_text (gb_paper_preview_get_pdf (preview), &n_pages);
  g_assert_cmpint (n_pages, ==, 3);
  gtk_window_destroy (GTK_WINDOW (preview));
  {
    g_autofree char *csv = g_build_filename (tmp_dir, "selected.csv", NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (gtk_widget_get_visible (find_named (page, "export")));
    gb_list_page_export (GB_LIST_PAGE (page), csv, GB_EXPORT_CSV);
    g_assert_true (wait_for (file_written, csv));
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
  }
  stop_app (app);
}

static gboolean
report_drawn (gpointer page)
{
  return !gb_reports_page_get_busy (page) && gb_reports_page_get_pdf (page) != NULL;
}

/* Reports: a live preview that follows the options, a draft kept with the
 * staff's words, and a submitted report reopened exactly as sent. */
static void
do_reports (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int n_pages;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "reports"));
  page = find_named (window, "reports");
  g_assert_true (GB_IS_REPORTS_PAGE (page));

  /* Choosing a report from the list draws it. */
  g_signal_emit_by_name (find_named (page, "report-list"), "row-activated", find_named (page, "report-activity"));
  g_assert_true (wait_for (report_drawn, page));
  first = g_bytes_ref (gb_reports_page_get_pdf (GB_REPORTS_PAGE (page)));
  text = pdf_text (first, &n_pages);
  g_assert_nonnull (strstr (text, "BÁO CÁO"));
  g_assert_nonnull (strstr (text, "Số: ……/……"));

  /* The number, the period and the staff's words change the preview. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (page, "report-number")), 15);
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "report-from")), "01/01/2021");
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "report-to")), "30/09/2021");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_named (page, "report-assessment"))),
                            "Hiệp hội hoàn thành kế hoạch năm.", -1);
  /* Busy from the change on: the new drawing waits for the typing to
   * settle, and the page counts that wait as busy. */
  g_assert_true (gb_reports_page_get_busy (GB_REPORTS_PAGE (page)));
  g_assert_true (wait_for (report_drawn, page));
  g_clear_pointer (&text, g_free);
  text = pdf_text (gb_reports_page_get_pdf (GB_REPORTS_PAGE (page)), &n_pages);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "Số: 15/BC-HHLN"));
  g_assert_nonnull (strstr (text, "từ ngày 01/01/2021 đến ngày 30/09/2021"));
  g_assert_nonnull (strstr (text, "Hiệp hội hoàn thành kế hoạch năm."));
  /* A date that does not exist is marked, not drawn. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "report-date")), "31/02/2021");
  g_assert_true (wait_for (report_drawn, page));
  g_assert_true (gtk_widget_has_css_class (find_named (page, "report-date"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "report-date")), "15/10/2021");
  g_assert_true (gb_reports_page_get_busy (GB_REPORTS_PAGE (page)));
  g_assert_true (wait_for (report_drawn, page));

  /* Saved as a draft, then submitted: the PDF is kept exactly. */
  g_assert_true (gtk_widget_activate_action (page, "reports.save-draft", NULL));
  g_assert_cmpint (gb_reports_page_get_draft_id (GB_REPORTS_PAGE (page)), >, 0);
  g_assert_true (gb_reports_page_submit (GB_REPORTS_PAGE (page), &error));
  g_assert_no_error (error);
  sent = gb_report_store_pdf (gb_application_get_database (app),
                              gb_reports_page_get_draft_id (GB_REPORTS_PAGE (page)), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sent, gb_reports_page_get_pdf (GB_REPORTS_PAGE (page))));
  {
    g_autofree char *sent_text = pdf_text (sent, &n_pages);
    g_assert_nonnull (strstr (sent_text, "ngày 15 tháng 10 năm 2021"));
  }

  /* Reopened from another report: the stored PDF, not a new drawing. */
  {
    gint64 id = gb_reports_page_get_draft_id (GB_REPORTS_PAGE (page));

    g_autofree char *roster = NULL;

    gb_reports_page_show_kind (GB_REPORTS_PAGE (page), "roster");
    g_assert_true (wait_for (report_drawn, page));
    /* The Members page's filters: collective members only. */
    adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (page, "report-member-kind")), 1);
    g_assert_true (gb_reports_page_get_busy (GB_REPORTS_PAGE (page)));
    g_assert_true (wait_for (report_drawn, page));
    roster = pdf_text (gb_reports_page_get_pdf (GB_REPORTS_PAGE (page)), &n_pages);
    g_assert_nonnull (strstr (roster, "Tập thể"));
    g_assert_null (strstr (roster, "Cá nhân"));
    gb_reports_page_show_saved (GB_REPORTS_PAGE (page), id);
  }
  g_assert_true (g_bytes_equal (sent, gb_reports_page_get_pdf (GB_REPORTS_PAGE (page))));
  g_assert_false (gtk_widget_is_sensitive (find_named (page, "report-number")));
  /* A submitted report cannot be changed, even from outside the window. */
  g_assert_false (gb_database_exec (gb_application_get_database (app),
                                    "UPDATE reports SET number = 99", &error));
  g_clear_error (&error);
  stop_app (app);
}

/* F1 opens the guide with its screenshots; a new member gets the next number
 * in the association's format; Preferences hold the format and the usual
 * recipients of reports. */
static void
do_desktop (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *form;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GbHelpWindow *help = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GB_IS_HELP_WINDOW (w))
        help = GB_HELP_WINDOW (w);
    }
  g_assert_nonnull (help);
  g_assert_cmpstr (gb_help_window_get_language (help), ==, "C");
  g_assert_cmpuint (gb_help_window_get_n_images (help), ==, 7);   /* every screenshot of the guide */
  g_assert_nonnull (find_widget (GTK_WIDGET (help), is_label_with_text, "Certificates and cards"));
  gtk_window_destroy (GTK_WINDOW (help));

  /* The demo's members are HV-0001 … HV-0160. */
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "members"));
  page = find_named (window, "members");
  g_assert_true (gtk_widget_activate_action (page, "list.new", NULL));
  form = wait_form (page, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (form, "field-member_no"))), ==, "HV-0161");
  g_settings_set_string (settings, "member-number-format", "HT-###/2026");
  gb_record_form_discard (GB_RECORD_FORM (form));
  g_assert_true (gtk_widget_activate_action (page, "list.new", NULL));
  wait_form (page, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (form, "field-member_no"))), ==, "HT-001/2026");
  gb_record_form_discard (GB_RECORD_FORM (form));

  /* Preferences: the Papers page has the font, the logo, the format and the recipients. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  {
    GtkWindow *prefs = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (GB_IS_PREFERENCES_WINDOW (w))
          prefs = w;
      }
    g_assert_nonnull (prefs);
    g_assert_nonnull (find_named (GTK_WIDGET (prefs), "document-font"));
    g_assert_nonnull (find_named (GTK_WIDGET (prefs), "logo"));
    g_assert_nonnull (find_named (GTK_WIDGET (prefs), "member-number-format"));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_named (GTK_WIDGET (prefs), "report-recipients"))),
                              "UBND thành phố\nLưu: VT", -1);
    {
      g_auto(GStrv) saved = g_settings_get_strv (settings, "report-recipients");
      g_assert_cmpuint (g_strv_length (saved), ==, 2);
      g_assert_cmpstr (saved[0], ==, "UBND thành phố");
    }
    /* The log lists the demo's changes (the association profile among them). */
    g_assert_nonnull (find_widget (find_named (GTK_WIDGET (prefs), "audit-log"), is_action_row, NULL));
    /* Backups: a new one is listed at once. */
    {
      GtkWidget *group = find_named (GTK_WIDGET (prefs), "backups");
      guint before = 0, after = 0;

      GtkWidget *now = find_named (GTK_WIDGET (prefs), "backup-now");

      /* Listed on a worker thread: the day's backup at least. */
      g_assert_true (wait_for (has_backup_rows, group));
      before = count_backup_rows (group);
      g_signal_emit_by_name (now, "clicked");
      /* Made on a worker thread too; the button waits for it. */
      g_assert_false (gtk_widget_get_sensitive (now));
      g_assert_true (wait_for (is_sensitive, now));
      g_assert_true (wait_for (has_backup_rows, group));
      after = count_backup_rows (group);
      g_assert_cmpuint (after, >=, 1);
      g_assert_cmpuint (after, >=, before);
    }
    gtk_window_destroy (prefs);
  }
  stop_app (app);
}

static gboolean
import_step_is (gpointer step)
{
  GtkWindow *w = find_toplevel ("import-window");
  GtkWidget *stack = w ? find_named (GTK_WIDGET (w), "steps") : NULL;

  return stack && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), step) == 0;
}

static gint64
members_in (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(GbStore) store = gb_store_new (db, GB_TYPE_MEMBER);

  g_assert_no_error (error);
  return gb_store_count (store, NULL, &error);
}

typedef struct
{
  const char *path;
  gint64      n;
} MembersWait;

static gboolean
members_are (gpointer data)
{
  MembersWait *w = data;
  return members_in (w->path) == w->n;
}

static gboolean
stack_moving (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (stack_moving (child))
      return TRUE;
  return FALSE;
}

static gboolean
no_stack_moving (gpointer widget)
{
  return !stack_moving (widget);
}

/* With GB_TEST_SHOTS=DIR, the screen as it is now, for a person to look
 * at (ImageMagick's import, under Xvfb). */
static void
save_shot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("GB_TEST_SHOTS");
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;

  if (dir == NULL)
    return;
  /* A page changing (the import's steps cross-fade) is shown once it has. */
  g_assert_true (wait_for (no_stack_moving, widget));
  wait_painted (widget);
  path = g_build_filename (dir, name, NULL);
  cmd = g_strdup_printf ("import -window root '%s'", path);
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
    g_test_message ("no screenshot: %s", cmd);
}

/* The check page lists no problem titled @data (once checked again). */
static gboolean
row_gone (gpointer data)
{
  GtkWindow *import = find_toplevel ("import-window");
  GtkWidget *problems = import ? find_named (GTK_WIDGET (import), "problems") : NULL;

  return import_step_is ((gpointer) "check") && problems
         && find_widget (problems, is_row_titled, data) == NULL;
}

/* A members spreadsheet through the wizard: columns guessed, a bad row
 * named, the good ones imported, the list updated, the import undone. */
static void
do_import (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *csv = g_build_filename (tmp_dir, "hội viên mới.csv", NULL);
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *import, *next, *column, *problems;
  gint64 before;

  g_assert_true (g_file_set_contents (csv,
    "\xEF\xBB\xBFSTT;Họ và tên;Năm sinh;Địa chỉ;Số điện thoại;Cột phụ\r\n"
    "1;Nguyễn Thị Thanh Xuân;1978;Thôn Chợ, xã Mỹ Đồng, Hải Phòng;0912 345 678;\r\n"
    "2;Lương Văn Tùng;1969;Xóm 3, xã Kê Sơn, Hải Phòng;;đã đóng hội phí\r\n"
    "3;;1980;;12ab;\r\n"
    "4;Nguyễn Thị Thanh Xuân;1978;;;một người khác cùng tên, cùng năm sinh\r\n", -1, NULL));
  before = members_in (path);
  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "members"));
  page = find_named (window, "members");
  gb_list_page_import (GB_LIST_PAGE (page), csv);

  g_assert_true (wait_for (import_step_is, (gpointer) "columns"));
  import = GTK_WIDGET (find_toplevel ("import-window"));
  wait_mapped (import, "column-5");
  save_shot (import, "import-columns.png");
  /* Guessed from the headings: STT left out, the name, the address. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (import, "column-0"))), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (import, "column-1"))), ==, 1);
  column = find_named (import, "column-5");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (column)), ==, 0);
  /* Staff map the unknown column to the notes. */
  {
    guint n;
    const GbImportTarget *targets = gb_import_get_targets (GB_IMPORT_MEMBERS, &n);

    for (guint i = 0; i < n; i++)
      if (g_str_equal (targets[i].name, "notes"))
        adw_combo_row_set_selected (ADW_COMBO_ROW (column), i + 1);
  }

  next = find_named (import, "next");
  g_signal_emit_by_name (next, "clicked");
  g_assert_true (wait_for (import_step_is, (gpointer) "check"));
  wait_mapped (import, "problems");
  save_shot (import, "import-check.png");
  problems = find_named (import, "problems");
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_nonnull (find_widget (problems, is_row_titled, "Row 4, “Họ và tên”"));
  /* Row 5 only looks like row 2: staff say they are two people, and the
   * rows are checked again. */
  g_assert_nonnull (find_widget (problems, is_row_titled, "Row 5, “Họ và tên”"));
  g_assert_true (gtk_widget_is_visible (find_named (import, "keep-likely")));
  gtk_switch_set_active (GTK_SWITCH (find_named (import, "keep-likely")), TRUE);
  g_assert_true (wait_for (row_gone, (gpointer) "Row 5, “Họ và tên”"));
  problems = find_named (import, "problems");
  g_assert_nonnull (find_widget (problems, is_row_titled, "Row 4, “Họ và tên”"));
  /* One bad row: nothing until staff choose to leave it out. */
  g_assert_false (gtk_widget_get_sensitive (next));
  gtk_switch_set_active (GTK_SWITCH (find_named (import, "valid-only")), TRUE);
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Import 3 Rows");

  g_signal_emit_by_name (next, "clicked");
  g_assert_true (wait_for (import_step_is, (gpointer) "done"));
  wait_mapped (import, "done");
  save_shot (import, "import-done.png");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (find_named (import, "done"))), ==, "3 members imported");
  g_assert_cmpint (members_in (path), ==, before + 3);
  {
    GbRecordList *list = gb_list_page_get_list (GB_LIST_PAGE (page));

    expect_rows (list, (guint) before + 3);
  }

  g_signal_emit_by_name (find_named (import, "undo"), "clicked");
  /* On a worker: the window shows it is busy, with no Cancel to offer. */
  g_assert_true (import_step_is ((gpointer) "loading"));
  g_assert_false (gtk_widget_get_sensitive (find_named (import, "cancel")));
  g_assert_true (wait_for (import_step_is, (gpointer) "done"));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (find_named (import, "done"))), ==,
                   "Import undone: 3 records removed");
  g_assert_cmpint (members_in (path), ==, before);
  expect_rows (gb_list_page_get_list (GB_LIST_PAGE (page)), (guint) before);
  gtk_window_close (GTK_WINDOW (import));
  wait_for (dialog_gone, (gpointer) "import-window");
  g_assert_null (find_toplevel ("import-window"));

  /* Imported elsewhere (guildbook-cli), undone from the list's menu. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    GbTable *table = gb_table_new ();
    const char *head[] = { "Họ và tên" }, *one[] = { "Phan Văn Một" }, *two[] = { "Phan Thị Hai" };
    g_autoptr(GbImport) other = NULL;
    GtkWindow *dialog;
    gint64 id;
    guint n;

    gb_table_append_row (table, 1, head, 1);
    gb_table_append_row (table, 2, one, 1);
    gb_table_append_row (table, 3, two, 1);
    other = gb_import_new (db, GB_IMPORT_MEMBERS, table);
    gb_import_set_file_name (other, "/tmp/hai-nguoi.csv");
    gb_import_guess_mapping (other);
    g_assert_true (gb_import_run (other, FALSE, NULL, NULL, NULL, &id, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpint (members_in (path), ==, before + 2);

    /* An imported member's history names the file it came from. */
    {
      GbRecordList *list = gb_list_page_get_list (GB_LIST_PAGE (page));
      GtkWidget *form, *history;
      GbStmt *stmt = gb_database_prepare (db, "SELECT max(id) FROM members", &error);
      gint64 newest;
      guint position = 0;

      g_assert_no_error (error);
      g_assert_cmpint (gb_stmt_step (stmt), ==, GB_SQL_ROW);
      newest = gb_stmt_column_int64 (stmt, 0);
      gb_stmt_reset (stmt);
      /* As when staff come back to the window. */
      gb_window_reload (GB_WINDOW (window));
      expect_rows (list, (guint) before + 2);
      while (gb_record_list_get_id (list, position) != newest)
        position++;
      g_signal_emit_by_name (gb_list_page_get_column_view (GB_LIST_PAGE (page)), "activate", position);
      form = wait_form (page, newest);
      history = find_named (form, "history");
      g_assert_nonnull (history);
      g_assert_nonnull (find_widget (history, is_row_titled, (gpointer) "Imported from “hai-nguoi.csv”"));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_widget (history, is_expander_row, NULL)), TRUE);
      {
        GtkWidget *scrolled = gtk_widget_get_ancestor (history, GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

        /* The end is known once the expanded rows are laid out. */
        wait_painted (window);
        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      }
      save_shot (window, "imported-history.png");
    }

    g_assert_true (gtk_widget_activate_action (page, "list.undo-import", NULL));
    g_assert_true (wait_for (dialog_shown, (gpointer) "undo-import-dialog"));
    dialog = find_toplevel ("undo-import-dialog");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "hai-nguoi.csv"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "undo");
    /* On a worker thread: wait for it. */
    g_assert_true (wait_for (members_are, &(MembersWait) { path, before }));
    g_assert_cmpint (members_in (path), ==, before);
    expect_rows (gb_list_page_get_list (GB_LIST_PAGE (page)), (guint) before);
  }
  stop_app (app);
}

/* A workbook of two sheets typed for .VnTime: the wizard asks for the
 * sheet, shows a row before and after its conversion, and reads the text
 * as it is when staff say so. */
static void
do_import_legacy (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *xlsx = g_build_filename (tmp_dir, "nghe-nhan-cu.xlsx", NULL);
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *import;
  lxw_workbook *book = workbook_new (xlsx);
  lxw_worksheet *notes = workbook_add_worksheet (book, "Ghi chú");
  lxw_worksheet *sheet = workbook_add_worksheet (book, "Danh sách");
  const char *rows[][3] = {
    { "STT", "Họ và tên", "Năm sinh" },
    { "1", "Nguyễn Văn Khải", "1950" },
    { "2", "Đặng Thị Ước", "1962" },
  };

  worksheet_write_string (notes, 0, 0, "Danh sách nghệ nhân", NULL);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    for (guint c = 0; c < 3; c++)
      {
        gsize len;
        g_autofree char *bytes = g_convert (rows[r][c], -1, "TCVN5712-1", "UTF-8", NULL, &len, NULL);
        g_autofree char *shown = g_convert (bytes, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);

        worksheet_write_string (sheet, r, c, shown, NULL);
      }
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "artisans"));
  page = find_named (window, "artisans");
  gb_list_page_import (GB_LIST_PAGE (page), xlsx);
  /* The first sheet has no legacy text, and two sheets to choose from. */
  g_assert_true (wait_for (import_step_is, (gpointer) "source"));
  import = GTK_WIDGET (find_toplevel ("import-window"));
  g_assert_true (gtk_widget_get_visible (find_named (import, "sheet")));
  /* Another sheet is read again on a worker, behind the "loading" step. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (import, "sheet")), 1);
  g_assert_false (import_step_is ((gpointer) "source"));
  g_assert_true (wait_for (import_step_is, (gpointer) "source"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (import, "after"))), ==,
                   "1 | Nguyễn Văn Khải | 1950");
  g_assert_true (gtk_widget_get_mapped (find_named (import, "before")));
  save_shot (import, "import-legacy.png");

  g_signal_emit_by_name (find_named (import, "next"), "clicked");
  g_assert_true (import_step_is ((gpointer) "columns"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (import, "column-1"))), ==, 1);
  g_signal_emit_by_name (find_named (import, "next"), "clicked");
  g_assert_true (wait_for (import_step_is, (gpointer) "check"));
  g_signal_emit_by_name (find_named (import, "next"), "clicked");
  g_assert_true (wait_for (import_step_is, (gpointer) "done"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    g_autoptr(GbStore) store = gb_store_new (db, GB_TYPE_ARTISAN);
    g_autoptr(GbQuery) query = gb_query_new ();

    gb_query_set_search (query, "Đặng Thị Ước");
    g_assert_cmpint (gb_store_count (store, query, &error), ==, 1);
  }
  gtk_window_close (GTK_WINDOW (import));
  stop_app (app);
}

/* ---- A file that cannot be changed (issue 18, items 6 and 7) ---- */

static gboolean
is_info_bar (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_INFO_BAR (widget);
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0;
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} BannerWait;

/* The banner on screen, saying @text. */
static GtkWidget *
shown_banner (GtkWidget  *window,
              const char *text)
{
  GtkWidget *bar = find_widget (window, is_info_bar, NULL);

  if (bar == NULL || !gtk_widget_get_mapped (bar) || find_widget (bar, is_label_containing, text) == NULL)
    return NULL;
  return bar;
}

static gboolean
banner_says (gpointer data)
{
  BannerWait *w = data;
  return shown_banner (w->window, w->text) != NULL;
}

/* Pages that read the damaged page warn that they could not, and the daily
 * backup that its copy failed its check: expected here. */
static gboolean
damage_is_not_fatal (const char     *domain,
                     GLogLevelFlags  level,
                     const char     *message,
                     gpointer        data)
{
  return strstr (message, "damaged") == NULL && strstr (message, "malformed") == NULL
         && strstr (message, "did not pass its check") == NULL;
}

/* Item 6: a file with a page of noise opens (what is intact is shown); the
 * check made after opening finds the damage, the window says so and offers
 * the latest backup, and nothing is written to the file. */
static void
do_damaged_banner (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  BannerWait w = { NULL, "damaged" };
  GbApplication *app;
  GtkWidget *bar, *restore;

  {
    g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    sqlite3_stmt *stmt = NULL;
    gint64 page_size = 0;
    g_autofree guint8 *noise = NULL;
    int fd;

    g_assert_no_error (error);
    sqlite3_prepare_v2 (gb_database_get_handle (db), "PRAGMA page_size", -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      page_size = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    g_clear_object (&db);   /* the WAL is merged into the file */
    noise = g_malloc (page_size);
    for (gint64 i = 0; i < page_size; i++)
      noise[i] = (guint8) g_test_rand_int_range (0, 256);
    fd = g_open (path, O_WRONLY, 0);
    g_assert_cmpint (pwrite (fd, noise, page_size, 44 * page_size), ==, page_size);
    close (fd);
  }
  before = gb_test_checksum (path);

  g_test_log_set_fatal_handler (damage_is_not_fatal, NULL);
  app = start_app (path);
  g_assert_true (wait_for (database_open, app));
  w.window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (!wait_for (banner_says, &w))
    g_error ("no banner says the file is damaged");
  bar = shown_banner (w.window, "damaged");
  restore = find_widget (bar, is_button_labelled, "_Restore the Latest Backup");
  g_assert_nonnull (restore);
  g_assert_true (gtk_widget_get_visible (restore));

  /* Every write is refused. */
  g_assert_false (gb_database_exec (gb_application_get_database (app),
                                    "INSERT INTO crafts (name) VALUES ('Nghề viết vào tệp hỏng')", &error));
  g_assert_nonnull (error);
  stop_app (app);
  after = gb_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

/* Item 7: a file its owner made read-only opens read-only (not the
 * open-error dialog, and never a restore), says so, and leaves no -wal or
 * -shm beside it. */
static void
do_read_only_banner (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  BannerWait w = { NULL, "read-only" };
  GbApplication *app;
  GtkWidget *bar, *restore;

  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  app = start_app (path);
  g_assert_true (wait_for (database_open, app));
  w.window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (!wait_for (banner_says, &w))
    g_error ("no banner says the file is read-only");
  bar = shown_banner (w.window, "read-only");
  restore = find_widget (bar, is_button_labelled, "_Restore the Latest Backup");
  g_assert_true (restore == NULL || !gtk_widget_get_visible (restore));
  g_assert_null (find_toplevel ("open-error-dialog"));
  g_assert_false (gb_database_exec (gb_application_get_database (app),
                                    "INSERT INTO crafts (name) VALUES ('Nghề chỉ đọc')", &error));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  stop_app (app);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_chmod (path, 0600);
}

/* ---- A file chooser on the database's folder (issue 18) ---- */

/* The descriptor of @path's -wal that this process's connection holds, or -1. */
static int
wal_fd_of (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (g_strcmp0 (target, wal) == 0)
        return atoi (name);
    }
  return -1;
}

static gboolean
wal_held (gpointer path)
{
  return wal_fd_of (path) >= 0;
}

static gboolean
is_tree_view (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_TREE_VIEW (widget);
}

typedef struct
{
  GtkWidget *chooser;
  int        n;
} ListingWait;

/* The chooser's list holds @n files: their details, the content type
 * among them, have been read. */
static gboolean
chooser_listed (gpointer data)
{
  ListingWait *w = data;
  GtkWidget *view = find_widget (w->chooser, is_tree_view, NULL);
  GtkTreeModel *model = view ? gtk_tree_view_get_model (GTK_TREE_VIEW (view)) : NULL;

  return model != NULL && gtk_tree_model_iter_n_children (model, NULL) >= w->n;
}

/* The window's own file choosers (Open, export, import, photo, logo, PDF)
 * list the database's folder in the window's process. GIO used to read
 * the first bytes of every file whose name it could not place, the
 * database and its -shm among them: closing that descriptor dropped the
 * window's locks, and a guildbook-cli closing beside it then deleted the
 * WAL the window still wrote to. */
static void
do_chooser_keeps_locks (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GbApplication *app = start_app (path);
  GtkWidget *window, *chooser;
  ListingWait listing;
  struct stat held, named;
  int status = -1;
  int fd;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (wait_for (wal_held, path));
  fd = wal_fd_of (path);

  chooser = gtk_file_chooser_dialog_new ("Open", GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         "_Cancel", GTK_RESPONSE_CANCEL, "_Open", GTK_RESPONSE_ACCEPT,
                                         NULL);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (chooser));
  listing.chooser = chooser;
  listing.n = 3;   /* demo.db, demo.db-shm, demo.db-wal */
  g_assert_true (wait_for (chooser_listed, &listing));
  gtk_window_destroy (GTK_WINDOW (chooser));

  /* A reader beside the window closes: it must find the window's locks. */
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) g_getenv ("GUILDBOOK_CLI"), "--db", path,
                                                  "list", "members", NULL },
                               NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_cmpint (fstat (fd, &held), ==, 0);
  g_assert_cmpuint (held.st_nlink, ==, 1);
  g_assert_cmpint (g_stat (wal, &named), ==, 0);
  g_assert_cmpuint (named.st_ino, ==, held.st_ino);

  /* GIO is sure of these names without reading the files. */
  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "x.db", "x.db-wal", "x.db-shm", "x.db-journal" };
      gboolean uncertain = TRUE;
      g_autofree char *type = g_content_type_guess (names[i], NULL, 0, &uncertain);

      g_assert_false (uncertain);
    }
  stop_app (app);
}

/* The screen shot once @widget's window has painted what it shows now. */
static void
save_painted_shot (GtkWidget  *widget,
                   const char *name)
{
  if (g_getenv ("GB_TEST_SHOTS") == NULL || gtk_widget_get_frame_clock (widget) == NULL)
    return;
  save_shot (widget, name);
}

/* A label's text, found by a word it holds, under @root. */
static const char *
label_containing (GtkWidget  *root,
                  const char *text)
{
  GtkWidget *label = find_widget (root, is_label_containing, text);

  return label ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* The field found as staff find it, by the label beside it. */
static GtkWidget *
field_labelled (GtkWidget  *root,
                const char *text)
{
  GtkWidget *label = find_widget (root, is_label_with_text, text);

  return label ? gtk_label_get_mnemonic_widget (GTK_LABEL (label)) : NULL;
}

static void
scan (GtkWidget  *entry,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

/* A scanned QR code, typed into the Certificates page by a scanner that
 * ends with Enter: valid with number, holder and date; revoked with the
 * reason; unknown; and the next scan replaces the last. */
static void
do_certificate_verify (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *forged = NULL;
  GbRegisterEntry *e;
  GtkWidget *window, *certs, *entry;
  GbDatabase *db;
  const char *said;
  int start, end;

  g_assert_true (wait_for (database_open, app));
  db = gb_application_get_database (app);
  doc = gb_document_new_for_database (db, "artisan", &error);
  g_assert_no_error (error);
  gb_document_add_paper (doc, gb_paper_new_for_artisan (db, 1, 0, &error));
  g_assert_no_error (error);
  pdf = gb_register_issue (db, doc, "2025-03-10", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  entries = gb_register_list (db, 0, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  e = entries->pdata[0];
  payload = g_strdup_printf ("GB1|GCN-HHLN|2025-001|2025-03-10|%s|%s", e->check_code, e->holder_name);
  forged = g_strdup_printf ("GB1|GCN-HHLN|2025-001|2025-03-10|00000000|%s", e->holder_name);

  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "certificates"));
  certs = find_named (window, "certificates");
  entry = field_labelled (certs, "Check a scanned paper");
  g_assert_nonnull (entry);
  g_assert_true (GTK_IS_EDITABLE (entry));

  /* Valid: the number, the holder and the date, in words. */
  scan (entry, payload);
  g_assert_true (wait_for (label_shown, &(LabelWait) { certs, "Valid" }));
  said = label_containing (certs, "Valid");
  g_assert_nonnull (strstr (said, "001/GCN-HHLN"));
  g_assert_nonnull (strstr (said, e->holder_name));
  g_assert_nonnull (strstr (said, "10/03/2025"));
  /* The next scan types over this one. */
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, g_utf8_strlen (payload, -1));
  save_painted_shot (window, "verify-valid.png");

  /* Typing again takes the old answer away, not to be read as the new one's. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "GB1|");
  g_assert_null (label_containing (certs, "Valid"));

  /* Revoked: with the reason. */
  g_assert_true (gb_register_void (db, e->id, "2025-04-01", "Cấp nhầm người", &error));
  scan (entry, payload);
  g_assert_true (wait_for (label_shown, &(LabelWait) { certs, "Revoked" }));
  said = label_containing (certs, "Revoked");
  g_assert_nonnull (strstr (said, "001/GCN-HHLN"));
  g_assert_nonnull (strstr (said, "Cấp nhầm người"));
  save_painted_shot (window, "verify-revoked.png");

  /* Unknown: a made-up check value, or text that is no code at all. */
  scan (entry, forged);
  g_assert_true (wait_for (label_shown, &(LabelWait) { certs, "Unknown" }));
  g_assert_null (label_containing (certs, "Revoked"));
  scan (entry, "Số: 001/GCN-HHLN");
  g_assert_true (wait_for (label_shown, &(LabelWait) { certs, "Unknown" }));
  save_painted_shot (window, "verify-unknown.png");

  /* Nothing typed: no answer. */
  scan (entry, "   ");
  g_assert_null (label_containing (certs, "Unknown"));
  stop_app (app);
}

static gboolean
window_ready_widget (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Scrolled to the end of what is laid out, once the expanded rows are. */
static gboolean
scrolled_to_end (gpointer adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_adjustment_set_value (adjustment, end);
  return end > 0 && gtk_adjustment_get_value (adjustment) == end
         && gtk_adjustment_get_upper (adjustment) > 900;
}

/* The Preferences window shown, if one is. */
static GtkWidget *
shown_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GB_IS_PREFERENCES_WINDOW (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static GtkWidget *
open_preferences (GbApplication *app)
{
  GtkWidget *prefs;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  if ((prefs = shown_preferences ()) == NULL)
    g_error ("Preferences did not open");
  return prefs;
}

static gboolean
preferences_replaced (gpointer old)
{
  return *(GtkWidget **) old == NULL && shown_preferences () != NULL;
}

/* Another database opened while Preferences showed: the window for the
 * old one is gone (nothing typed would reach the old one), and one for
 * the new one shows. *@old is the old window, watched (weak) since
 * before the other database was asked for. */
static GtkWidget *
wait_preferences_replaced (GtkWidget **old)
{
  if (!wait_for (preferences_replaced, old))
    g_error ("Preferences still show the database left behind");
  return shown_preferences ();
}

static gboolean
is_spin_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

/* The fee row of @kind_title in the year titled @year_title. */
static GtkWidget *
fee_row (GtkWidget  *prefs,
         const char *year_title,
         const char *kind_title)
{
  GtkWidget *year = find_widget (prefs, is_row_titled, year_title);

  if (year == NULL)
    g_error ("no row “%s” in Preferences", year_title);
  return find_widget (year, is_row_titled, kind_title);
}

static void
type_fee (GtkWidget  *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static gboolean
fees_are (gpointer expected)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");
  g_autoptr(GVariant) fees = g_settings_get_value (settings, "dues-fees");
  g_autofree char *text = g_variant_print (fees, FALSE);

  return g_str_equal (text, expected);
}

static void
add_fee_year (GtkWidget *prefs,
              int        year)
{
  GtkWidget *row = find_widget (prefs, is_row_titled, "Add a year");

  g_assert_nonnull (row);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_widget (row, is_spin_button, NULL)), year);
  g_signal_emit_by_name (find_widget (row, is_button_labelled, "_Add"), "clicked");
}

/* Preferences edit the dues schedule the reports read: the fees shown
 * with thousands separators, a fee changed, a year added from the fees in
 * force, bad amounts refused; written as a(ixx), read back by the reports
 * and by Preferences opened again. */
static void
do_dues_fees (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");
  GtkWidget *prefs, *row;

  g_assert_true (wait_for (database_open, app));
  g_settings_set_value (settings, "dues-fees",
                        g_variant_new_parsed ("[(2020, int64 2000000, int64 500000),"
                                              " (2024, int64 3000000, int64 800000)]"));
  prefs = open_preferences (app);
  g_assert_true (wait_for (window_ready_widget, prefs));
  row = fee_row (prefs, "From 2024", "Collective member, in đồng");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "3.000.000");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fee_row (prefs, "From 2020", "Individual member, in đồng"))),
                   ==, "500.000");

  /* A fee changed: written, and shown again in the house format. */
  row = fee_row (prefs, "From 2024", "Individual member, in đồng");
  type_fee (row, "900000");
  g_assert_true (fees_are ("[(2020, 2000000, 500000), (2024, 3000000, 900000)]"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "900.000");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* Not an amount in đồng: refused, nothing written. */
  type_fee (row, "9,5");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  type_fee (row, "năm trăm");
  type_fee (row, "-100.000");
  type_fee (row, "");
  g_assert_true (fees_are ("[(2020, 2000000, 500000), (2024, 3000000, 900000)]"));
  type_fee (row, "950.000 đ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (fees_are ("[(2020, 2000000, 500000), (2024, 3000000, 950000)]"));

  /* A year added starts from the fees in force, then one is changed. */
  add_fee_year (prefs, 2026);
  g_assert_true (fees_are ("[(2020, 2000000, 500000), (2024, 3000000, 950000), (2026, 3000000, 950000)]"));
  type_fee (fee_row (prefs, "From 2026", "Collective member, in đồng"), "3 500 000");
  g_assert_true (fees_are ("[(2020, 2000000, 500000), (2024, 3000000, 950000), (2026, 3500000, 950000)]"));
  {
    GtkWidget *shown = fee_row (prefs, "From 2026", "Collective member, in đồng");

    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
      ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (shown, ADW_TYPE_PREFERENCES_PAGE)));
    g_assert_true (wait_for (window_ready_widget, shown));
    g_assert_true (wait_for (scrolled_to_end, gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (shown, GTK_TYPE_SCROLLED_WINDOW)))));
    save_painted_shot (prefs, "dues-fees.png");
  }

  /* What the reports read. */
  {
    g_autoptr(GVariant) fees = g_settings_get_value (settings, "dues-fees");

    g_assert_cmpint (gb_report_fee (fees, 2019, "collective"), ==, -1);
    g_assert_cmpint (gb_report_fee (fees, 2025, "individual"), ==, 950000);
    g_assert_cmpint (gb_report_fee (fees, 2027, "collective"), ==, 3500000);
  }

  /* A year removed: the fees before it are in force again. */
  {
    GtkWidget *remove = find_widget (prefs, is_row_titled, "Remove the fees from 2020");

    g_assert_nonnull (remove);
    g_signal_emit_by_name (find_widget (remove, is_button_labelled, "_Remove"), "clicked");
    g_assert_true (fees_are ("[(2024, 3000000, 950000), (2026, 3500000, 950000)]"));
    g_assert_null (find_widget (prefs, is_row_titled, "From 2020"));
  }

  /* Opened again: what was written. */
  gtk_window_destroy (GTK_WINDOW (prefs));
  prefs = open_preferences (app);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fee_row (prefs, "From 2026", "Collective member, in đồng"))),
                   ==, "3.500.000");
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* An empty schedule: a first year is written once both fees are typed. */
  g_settings_reset (settings, "dues-fees");
  prefs = open_preferences (app);
  add_fee_year (prefs, 2025);
  g_assert_true (fees_are ("[]"));
  type_fee (fee_row (prefs, "From 2025", "Collective member, in đồng"), "1.200.000");
  g_assert_true (fees_are ("[]"));
  type_fee (fee_row (prefs, "From 2025", "Individual member, in đồng"), "0");
  g_assert_true (fees_are ("[(2025, 1200000, 0)]"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  stop_app (app);
}

/* The Shared Database group of Preferences. */

static const char *
T (const char *msgid)
{
  return g_dgettext ("guildbook", msgid);
}

static gboolean
database_shared (gpointer app)
{
  GbDatabase *db = gb_application_get_database (app);

  return db != NULL && gb_database_is_shared (db);
}

static gboolean
database_not_shared (gpointer app)
{
  GbDatabase *db = gb_application_get_database (app);

  return (db != NULL && !gb_database_is_shared (db)) || find_toplevel ("first-run-dialog") != NULL;
}

static gboolean
label_shown_containing (gpointer data)
{
  GtkWidget **pair = data;   /* root, text */
  GtkWidget *label = find_widget (pair[0], is_label_containing, pair[1]);

  return label != NULL && gtk_widget_get_visible (label);
}

static void
type_row (GtkWidget  *prefs,
          const char *title,
          const char *text)
{
  GtkWidget *row = find_widget (prefs, is_row_titled, T (title));

  if (row == NULL)
    g_error ("no row “%s” in Preferences", T (title));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Whether @text is anywhere in the files under @dir. */
static gboolean
files_hold (const char *dir,
            const char *text)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (files_hold (path, text))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL))
        for (gsize i = 0; i + strlen (text) <= length; i++)
          if (memcmp (contents + i, text, strlen (text)) == 0)
            return TRUE;
    }
  return FALSE;
}

/* Host, database and user typed in Preferences open the shared database
 * in the window and are kept in GSettings; the password typed is in no
 * setting, no file and nothing shown; with no Secret Service (CI), the
 * group says the password serves this session only. The next start
 * without --db opens it again; Use a File Instead forgets it. */
/* The host, database and user of a libpq connection string, as staff
 * would type them into Preferences. */
static void
conninfo_parts (const char  *conninfo,
                char       **host,
                char       **dbname,
                char       **user)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);

  for (PQconninfoOption *o = options; o && o->keyword; o++)
    {
      if (g_str_equal (o->keyword, "host"))
        *host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "dbname"))
        *dbname = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "user"))
        *user = g_strdup (o->val);
    }
  PQconninfoFree (options);
}

static void
do_shared_database (void)
{
  static const char password[] = "Zq7-not-kept-anywhere";
  g_autofree char *path = make_demo_db ();
  g_autofree char *file_name = NULL;
  GtkWidget *old;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = gb_test_pg_start (&error);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");
  g_autofree char *default_path = gb_database_default_path ();
  g_autofree char *host = NULL, *dbname = NULL, *user = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  GbApplication *app;
  GtkWidget *prefs, *window;

  g_assert_no_error (error);
  /* Use a File Instead and the daily backup stay in the test's folder. */
  g_assert_true (g_str_has_prefix (default_path, tmp_dir));
  conninfo_parts (conninfo, &host, &dbname, &user);
  g_assert_nonnull (host);
  g_assert_nonnull (dbname);

  app = start_app (path);
  g_assert_true (wait_for (database_open, app));
  g_assert_false (gb_database_is_shared (gb_application_get_database (app)));
  {
    g_autoptr(GbStore) file = gb_store_new (gb_application_get_database (app), GB_TYPE_ASSOCIATION);
    g_autoptr(GbRecord) profile = gb_store_get (file, 1, &error);

    g_assert_no_error (error);
    file_name = g_strdup (gb_record_get_text (profile, "name"));
    g_assert_nonnull (file_name);
  }
  prefs = open_preferences (app);
  g_assert_true (wait_for (window_ready_widget, prefs));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (prefs, is_row_titled, T ("Name")))),
                   ==, file_name);

  /* The database named, no password: asked for. */
  type_row (prefs, "Host", host);
  type_row (prefs, "Database", "");
  g_signal_emit_by_name (find_widget (prefs, is_button_labelled, T ("_Connect")), "clicked");
  g_assert_true (label_shown_containing ((GtkWidget *[]) { prefs, (gpointer) T ("Write the name of the database.") }));

  /* A database the server lacks: said under the group, the file still open. */
  type_row (prefs, "Database", "no_such_database");
  type_row (prefs, "User", user);
  g_signal_emit_by_name (find_widget (prefs, is_button_labelled, T ("_Connect")), "clicked");
  {
    g_autofree char *refused = g_strdup (T ("Not connected: %s"));

    *strstr (refused, "%s") = '\0';
    g_assert_true (wait_for (label_shown_containing, (GtkWidget *[]) { prefs, (gpointer) refused }));
    g_assert_true (gtk_widget_has_css_class (find_widget (prefs, is_label_containing, refused), "error"));
    g_assert_null (find_toplevel ("open-error-dialog"));
    g_assert_false (gb_database_is_shared (gb_application_get_database (app)));
  }

  type_row (prefs, "Database", dbname);
  type_row (prefs, "Password", password);
  old = prefs;
  g_object_add_weak_pointer (G_OBJECT (old), (gpointer *) &old);
  g_signal_emit_by_name (find_widget (prefs, is_button_labelled, T ("_Connect")), "clicked");
  g_assert_true (wait_for (database_shared, app));
  /* The association's profile shown is the shared database's now, not
   * the file's: a change typed here goes where the window works. */
  prefs = wait_preferences_replaced (&old);
  {
    g_autoptr(GbStore) shared = gb_store_new (gb_application_get_database (app), GB_TYPE_ASSOCIATION);
    g_autoptr(GbRecord) profile = gb_store_get (shared, 1, &error);
    const char *shown = gtk_editable_get_text (GTK_EDITABLE (find_widget (prefs, is_row_titled, T ("Name"))));

    g_assert_no_error (error);
    g_assert_cmpstr (shown, ==, gb_record_get_text (profile, "name") ? gb_record_get_text (profile, "name") : "");
    g_assert_cmpstr (shown, !=, file_name);
  }
  {
    /* "Connected: …" in whichever language: its text before the %s. */
    g_autofree char *connected = g_strdup (T ("Connected: the window works in %s."));

    *strstr (connected, "%s") = '\0';
    g_assert_true (wait_for (label_shown_containing, (GtkWidget *[]) { prefs, (gpointer) connected }));
  }
  {
    g_autoptr(GError) keyring = NULL;
    g_autofree char *kept = gb_keyring_lookup_password (host, dbname, user, &keyring);

    if (kept == NULL)
      {
        /* No Secret Service: said so, and the connection made all the same. */
        g_autofree char *said = g_strdup (T ("The password could not be kept in the keyring: %s; "
                                             "it is used for this session only."));
        GtkWidget *status;

        *strstr (said, "%s") = '\0';
        status = find_widget (prefs, is_label_containing, said);

        g_assert_nonnull (status);
        g_assert_true (gtk_widget_get_visible (status));
        /* The English words, when the language is English. */
        if (g_str_has_prefix (said, "The password"))
          g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "it is used for this session only."));
      }
    else
      {
        /* A keyring runs here: it holds the password. */
        g_assert_cmpstr (kept, ==, password);
      }
  }
  if (g_getenv ("GB_TEST_SHOTS") != NULL)
    {
      GtkWidget *connect = find_widget (prefs, is_button_labelled, T ("_Connect"));

      g_assert_true (wait_for (scrolled_to_end, gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (connect, GTK_TYPE_SCROLLED_WINDOW)))));
      save_shot (prefs, T ("Shared Database")[0] == 'S' ? "shared-database.png" : "shared-database-vi.png");
    }

  /* Kept: host, database and user; the password in no setting. */
  {
    g_autofree char *kept_host = g_settings_get_string (settings, "shared-host");
    g_autofree char *kept_dbname = g_settings_get_string (settings, "shared-dbname");
    g_autofree char *kept_user = g_settings_get_string (settings, "shared-user");

    g_assert_cmpstr (kept_host, ==, host);
    g_assert_cmpstr (kept_dbname, ==, dbname);
    g_assert_cmpstr (kept_user, ==, user);
  }
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, password));
    }
  /* Nor in any file of the test's folder (the daily backup of the shared
   * database included), nor shown. */
  g_assert_false (files_hold (tmp_dir, password));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_null (find_widget (window, is_label_containing, password));
  g_assert_null (find_widget (prefs, is_label_containing, password));
  {
    g_autofree char *shown = gb_database_dup_display_name (gb_application_get_database (app));

    g_assert_null (strstr (shown, password));
    g_assert_nonnull (strstr (shown, dbname));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
  stop_app (app);
}

/* A start without --db after Preferences named a shared database (here
 * the settings a session left): the window opens it, the password row is
 * empty, and Use a File Instead goes back to a file for good. In a
 * process of its own, as a next start is. */
static void
do_shared_database_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = gb_test_pg_start (&error);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.guildbook.Guildbook");
  g_autofree char *host = NULL, *dbname = NULL, *user = NULL;
  g_autofree char *default_path = gb_database_default_path ();
  GbApplication *app;
  GtkWidget *prefs, *old;

  g_assert_no_error (error);
  /* The file of the data folder is there to go back to. */
  {
    g_autofree char *folder = g_path_get_dirname (default_path);
    g_autoptr(GbDatabase) file = NULL;

    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
    file = gb_database_open (default_path, GB_DATABASE_CREATE, &error);
    g_assert_no_error (error);
  }
  conninfo_parts (conninfo, &host, &dbname, &user);
  g_settings_set_string (settings, "shared-host", host);
  g_settings_set_string (settings, "shared-dbname", dbname);
  g_settings_set_string (settings, "shared-user", user);

  app = gb_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (wait_for (window_ready, app));
  g_assert_true (wait_for (database_shared, app));

  /* Preferences show what is kept, never the password; a file again. */
  prefs = open_preferences (app);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (prefs, is_row_titled, T ("Database")))),
                   ==, dbname);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (prefs, is_row_titled, T ("Password")))),
                   ==, "");
  old = prefs;
  g_object_add_weak_pointer (G_OBJECT (old), (gpointer *) &old);
  g_signal_emit_by_name (find_widget (prefs, is_button_labelled, T ("Use a _File Instead")), "clicked");
  g_assert_true (wait_for (database_not_shared, app));
  prefs = wait_preferences_replaced (&old);
  g_assert_true (wait_for (label_shown_containing, (GtkWidget *[]) {
    prefs, (gpointer) T ("The window works in the file in the data folder again.") }));
  {
    g_autofree char *kept_dbname = g_settings_get_string (settings, "shared-dbname");

    g_assert_cmpstr (kept_dbname, ==, "");
  }

  /* Connect, then Preferences closed before the connection is made: the
   * window goes over to the shared database, and no Preferences come
   * back by themselves. */
  type_row (prefs, "Host", host);
  type_row (prefs, "Database", dbname);
  type_row (prefs, "User", user);
  g_signal_emit_by_name (find_widget (prefs, is_button_labelled, T ("_Connect")), "clicked");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_true (wait_for (database_shared, app));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (shown_preferences ());
  stop_app (app);
}

/* Another seat (guildbook-cli here, another process and connection)
 * imports an artisan into the shared database the window shows: the list
 * shows it without a click, and the record selected before is still the
 * one selected, now a row further down, and the one the form shows. */
static void
do_other_seat (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *conninfo = gb_test_pg_new_database ("seat", NULL, &dbname);
  g_autofree char *csv = g_build_filename (tmp_dir, "tho-moi.csv", NULL);
  g_autofree char *out = NULL;
  GbApplication *app;
  GtkWidget *window, *page;
  GtkSelectionModel *selection;
  GbRecordList *list;
  gint64 chosen;

  {
    g_autoptr(GbDatabase) db = gb_database_open (conninfo, GB_DATABASE_CREATE, &error);

    g_assert_no_error (error);
    g_assert_true (gb_demo_fill (db, &error));
    g_assert_no_error (error);
  }
  app = start_app (conninfo);
  g_assert_true (wait_for (database_shared, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "artisans"));
  page = find_named (window, "artisans");
  list = gb_list_page_get_list (GB_LIST_PAGE (page));
  selection = gtk_column_view_get_model (gb_list_page_get_column_view (GB_LIST_PAGE (page)));
  expect_rows (list, 120);
  chosen = gb_record_list_get_id (list, 10);
  g_signal_emit_by_name (gb_list_page_get_column_view (GB_LIST_PAGE (page)), "activate", 10);
  wait_form (page, chosen);
  gtk_selection_model_select_item (selection, 10, TRUE);

  /* A given name "A" sorts before every demo artisan's: the rows move down. */
  g_assert_true (g_file_set_contents (csv, "Họ và tên,Năm sinh\nBùi Thị A,1950\n", -1, &error));
  out = gb_test_cli_ok (conninfo, GB_ARGS ("import", "artisans", csv));
  expect_rows (list, 121);
  {
    g_autoptr(GbArtisan) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(GArray) ids = gb_id_selection_get_ids (GB_ID_SELECTION (selection));

    g_assert_cmpstr (first->name, ==, "Bùi Thị A");
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, chosen);
    g_assert_cmpint (gb_record_list_get_id (list, 11), ==, chosen);
    g_assert_true (gtk_selection_model_is_selected (selection, 11));
    g_assert_false (gtk_selection_model_is_selected (selection, 10));
    g_assert_cmpint (gb_record_form_get_id (gb_list_page_get_form (GB_LIST_PAGE (page))), ==, chosen);
  }
  expect_label (page, "count-label", "121 of 121 shown");
  stop_app (app);
}

typedef struct
{
  GbApplication *app;
  const char    *path;
} OpenWait;

static gboolean
database_is (gpointer data)
{
  OpenWait *w = data;
  GbDatabase *db = gb_application_get_database (w->app);

  return db != NULL && g_strcmp0 (gb_database_get_path (db), w->path) == 0;
}

/* Another file asked for while one is open (a second `guildbook --db`,
 * like the menu's Open): opened on a worker thread while the window goes
 * on with the first; a file refused says so and leaves the one open. */
static void
do_open_another (void)
{
  g_autofree char *first = make_demo_db ();
  g_autofree char *second = g_build_filename (tmp_dir, "second.db", NULL);
  g_autofree char *bad = g_build_filename (tmp_dir, "bad.db", NULL);
  g_autoptr(GError) error = NULL;
  GbApplication *app = start_app (first);
  GtkWindow *dialog;

  g_assert_true (wait_for (database_is, &(OpenWait) { app, first }));
  {
    g_autoptr(GbDatabase) made = gb_database_open (second, GB_DATABASE_CREATE, &error);

    g_assert_no_error (error);
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-file", g_variant_new_string (second));
  /* Asked for, not open yet: the window is still on the first. */
  g_assert_true (database_is (&(OpenWait) { app, first }));
  g_assert_true (wait_for (database_is, &(OpenWait) { app, second }));

  g_assert_true (g_file_set_contents (bad, "Họ và tên,Năm sinh\n", -1, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-file", g_variant_new_string (bad));
  g_assert_true (wait_for (dialog_shown, (gpointer) "open-error-dialog"));
  dialog = find_toplevel ("open-error-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "bad.db"));
  g_assert_true (database_is (&(OpenWait) { app, second }));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_assert_true (database_is (&(OpenWait) { app, second }));
  stop_app (app);
}

static void
run_in_subprocess (const char *path)
{
  g_test_trap_subprocess (path, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void test_overview_and_pages (void) { run_in_subprocess ("/window/overview-and-pages/subprocess"); }
static void test_first_run_demo (void) { run_in_subprocess ("/window/first-run-demo/subprocess"); }
static void test_refuses_bad_file (void) { run_in_subprocess ("/window/refuses-bad-file/subprocess"); }
static void test_protects_database (void) { run_in_subprocess ("/window/protects-database/subprocess"); }
static void test_vietnamese (void) { run_in_subprocess ("/window/vietnamese/subprocess"); }
static void test_artisans_list (void) { run_in_subprocess ("/window/artisans-list/subprocess"); }
static void test_form_edit (void) { run_in_subprocess ("/window/form-edit/subprocess"); }
static void test_form_new (void) { run_in_subprocess ("/window/form-new/subprocess"); }
static void test_contest (void) { run_in_subprocess ("/window/contest/subprocess"); }
static void test_children (void) { run_in_subprocess ("/window/children/subprocess"); }
static void test_member_desk (void) { run_in_subprocess ("/window/member-desk/subprocess"); }
static void test_participant_rows (void) { run_in_subprocess ("/window/participant-rows/subprocess"); }
static void test_child_rows (void) { run_in_subprocess ("/window/child-rows/subprocess"); }
static void test_certificates (void) { run_in_subprocess ("/window/certificates/subprocess"); }
static void test_reports (void) { run_in_subprocess ("/window/reports/subprocess"); }
static void test_desktop (void) { run_in_subprocess ("/window/desktop/subprocess"); }
static void test_import (void) { run_in_subprocess ("/window/import/subprocess"); }
static void test_import_legacy (void) { run_in_subprocess ("/window/import-legacy/subprocess"); }
static void test_damaged_banner (void) { run_in_subprocess ("/window/damaged-banner/subprocess"); }
static void test_read_only_banner (void) { run_in_subprocess ("/window/read-only-banner/subprocess"); }
static gboolean
register_has_three (gpointer certs)
{
  return gb_certificates_page_get_n_rows (certs) == 3;
}

/* Three certificates issued; the Void button of the middle row voids the
 * middle one, named in the dialog, and no other. */
static void
do_register_rows (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *number = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *window, *certs, *list, *row;
  AdwMessageDialog *dialog = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GbDatabase *db;

  g_assert_true (wait_for (database_open, app));
  db = gb_application_get_database (app);
  doc = gb_document_new_for_database (db, "artisan", &error);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= 3; id++)
    {
      gb_document_add_paper (doc, gb_paper_new_for_artisan (db, id, 0, &error));
      g_assert_no_error (error);
    }
  /* Today: the page lists this year's. */
  pdf = gb_register_issue (db, doc, gb_text_today (), NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "certificates"));
  certs = find_named (window, "certificates");
  g_assert_true (wait_for (register_has_three, certs));

  /* The middle row: its number is the title's first words. */
  list = find_named (certs, "register-list");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  number = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  *strstr (number, " — ") = '\0';
  g_signal_emit_by_name (find_widget (row, is_void_button, NULL), "clicked");
  g_assert_true (wait_for (message_dialog_shown, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w))
        dialog = ADW_MESSAGE_DIALOG (w);
    }
  g_assert_nonnull (dialog);
  heading = g_strdup_printf ("Void certificate %s?", number);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "In nhầm tên");
  adw_message_dialog_response (dialog, "void");
  gtk_window_destroy (GTK_WINDOW (dialog));

  entries = gb_register_list (db, 0, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 3);
  for (guint i = 0; i < entries->len; i++)
    {
      GbRegisterEntry *e = entries->pdata[i];

      g_assert_cmpstr (e->void_reason, ==, g_str_equal (e->number, number) ? "In nhầm tên" : NULL);
    }
  /* Read again: the middle row says so and offers Void no more. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_assert_null (find_widget (row, is_void_button, NULL));
  for (int i = 0; i < 3; i += 2)
    {
      row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i));
      g_assert_nonnull (find_widget (row, is_void_button, NULL));
    }
  save_painted_shot (window, "register-rows.png");
  stop_app (app);
}

/* A demo register shared through a throwaway PostgreSQL cluster, owned by
 * a login that sets up the roles, with three artisan certificates issued;
 * returns the connection string of @user, given @role. */
static char *
make_shared_db (const char     *user,
                GbDatabaseRole  role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = gb_test_pg_start (&error);
  g_autofree char *admin = NULL;
  g_autofree char *create = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PGconn *conn;

  g_assert_no_error (error);
  admin = g_strdup_printf ("%s dbname=guildbook", base);
  conn = PQconnectdb (admin);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  create = g_strdup_printf ("CREATE ROLE office LOGIN CREATEROLE; CREATE ROLE %s LOGIN", user);
  PQclear (PQexec (conn, create));
  PQclear (PQexec (conn, "CREATE DATABASE shared OWNER office"));
  PQfinish (conn);

  owner = g_strdup_printf ("%s dbname=shared user=office", base);
  db = gb_database_open (owner, GB_DATABASE_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_fill (db, &error));
  doc = gb_document_new_for_database (db, "artisan", &error);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= 3; id++)
    {
      gb_document_add_paper (doc, gb_paper_new_for_artisan (db, id, 0, &error));
      g_assert_no_error (error);
    }
  pdf = gb_register_issue (db, doc, gb_text_today (), NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gb_roles_setup (db, &error));
  g_assert_true (gb_roles_grant (db, user, role, &error));
  g_assert_no_error (error);
  return g_strdup_printf ("%s dbname=shared user=%s", base, user);
}

static gboolean
is_issue_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), "issue") == 0;
}

/* A clerk on a shared database sees the register without Void buttons,
 * and a line that says why; a paper's preview draws the draft but its
 * Issue stays insensitive, with the same line; the report's Mark as
 * Submitted says its own. */
static void
do_register_rows_clerk (void)
{
  g_autofree char *conninfo = make_shared_db ("lan", GB_DATABASE_ROLE_CLERK);
  GbApplication *app = start_app (conninfo);
  const char *why = "Your role, clerk, may not issue or void certificates.";
  GtkWidget *window, *certs, *list, *note, *reports;
  GbPaperPreview *preview;

  g_assert_true (wait_for (database_open, app));
  g_assert_cmpint (gb_database_get_role (gb_application_get_database (app)), ==, GB_DATABASE_ROLE_CLERK);
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "certificates"));
  certs = find_named (window, "certificates");
  g_assert_true (wait_for (register_has_three, certs));
  list = find_named (certs, "register-list");
  for (int i = 0; i < 3; i++)
    g_assert_null (find_widget (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)),
                                is_void_button, NULL));
  note = find_named (certs, "role-note");
  g_assert_true (gtk_widget_get_mapped (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, why);
  wait_painted (window);
  save_painted_shot (window, "register-rows-clerk.png");

  /* Papers for everyone: drawn as a draft, never issued. */
  g_assert_true (gtk_widget_activate_action (certs, "register.everyone", "s", "artisan"));
  g_assert_true (wait_for ((Condition) find_preview, NULL));
  preview = find_preview ();
  g_assert_true (wait_for (preview_drawn, preview));
  g_assert_false (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (preview), is_issue_button, NULL)));
  note = find_named (GTK_WIDGET (preview), "role-note");
  g_assert_true (gtk_widget_get_mapped (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, why);
  save_painted_shot (GTK_WIDGET (preview), "preview-clerk.png");
  gtk_window_destroy (GTK_WINDOW (preview));

  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "reports"));
  reports = find_named (window, "reports");
  g_assert_cmpstr (label_text (reports, "role-note"), ==, "Your role, clerk, may not mark reports as submitted.");
  g_assert_true (gtk_widget_get_visible (find_named (reports, "role-note")));
  stop_app (app);
}

static gboolean
is_new_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "list.new") == 0;
}

/* A viewer reads: the banner says the role may not change records, New
 * is insensitive, and a record opens with no Save and no field to type in. */
static void
do_viewer_reads (void)
{
  g_autofree char *conninfo = make_shared_db ("minh", GB_DATABASE_ROLE_VIEWER);
  GbApplication *app = start_app (conninfo);
  GtkWidget *window, *page, *form;
  GbRecordList *list;
  gint64 id;

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "members"));
  page = find_named (window, "members");
  list = gb_list_page_get_list (GB_LIST_PAGE (page));
  expect_rows (list, 160);
  g_assert_true (wait_for (label_shown, &(LabelWait) { window, "Your role, viewer, may not add, change, "
                                                               "delete or import records." }));
  g_assert_false (gtk_widget_is_sensitive (find_widget (page, is_new_button, NULL)));

  id = gb_record_list_get_id (list, 0);
  g_signal_emit_by_name (gb_list_page_get_column_view (GB_LIST_PAGE (page)), "activate", 0);
  form = wait_form (page, id);
  g_assert_false (gtk_widget_is_sensitive (find_named (form, "field-name")));
  g_assert_false (gtk_widget_get_visible (find_widget (form, is_button_labelled, "_Save")));
  save_painted_shot (window, "viewer-reads.png");
  stop_app (app);
}

static void test_register_rows_clerk (void) { run_in_subprocess ("/window/register-rows-clerk/subprocess"); }
static void test_viewer_reads (void) { run_in_subprocess ("/window/viewer-reads/subprocess"); }

static void test_certificate_verify (void) { run_in_subprocess ("/window/certificate-verify/subprocess"); }
static void test_register_rows (void) { run_in_subprocess ("/window/register-rows/subprocess"); }
static void test_dues_fees (void) { run_in_subprocess ("/window/dues-fees/subprocess"); }
static void test_chooser_keeps_locks (void) { run_in_subprocess ("/window/chooser-keeps-locks/subprocess"); }

/* Issue 21: the desk a newcomer understands --------------------------------- */

/* Mapped and given its size: every label in it has been measured. */
static gboolean
laid_out (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0
         && gtk_widget_get_height (window) > 0;
}

static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_string_append_printf (out, "%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)))
    g_string_append_printf (out, "%s\n", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_texts (c, out);
}

static GtkWindow *
find_toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
is_button_with_label (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* A title and a participant changed by hand, so that the newest entries of
 * the log hold a choice code, a date and an id. */
static void
change_title_and_participant (GbDatabase *db)
{
  g_autoptr(GbStore) titles = gb_store_new (db, GB_TYPE_TITLE);
  g_autoptr(GbStore) participants = gb_store_new (db, GB_TYPE_PARTICIPANT);
  g_autoptr(GbRecord) title = gb_store_get (titles, 1, NULL);
  g_autoptr(GbRecord) participant = gb_store_get (participants, 1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (title);
  gb_record_set_text (title, "kind", "meritorious");
  gb_record_set_text (title, "decision_date", "2024-03-15");
  g_assert_true (gb_store_update (titles, title, &error));
  g_assert_nonnull (participant);
  gb_record_set_text (participant, "role", "donor");
  g_assert_true (gb_store_update (participants, participant, &error));
  g_assert_no_error (error);
}

/* The log, the backups and the shortcuts window in words a clerk uses:
 * no column names, codes, ids or key symbols, and no GTK warning. */
static void
do_vi_words (void)
{
  g_autofree char *path = make_demo_db ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GbApplication *app;
  GtkWidget *window, *prefs, *group;
  GtkWindow *overlay;
  AdwMessageDialog *dialog;
  const char *const raw[] = { "∅", "#", "_id", "city_assoc", "meritorious", "donor", "entrant",
                              "Tên sự kiện" };

  {
    g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    g_autofree char *made = NULL;

    g_assert_no_error (error);
    change_title_and_participant (db);
    made = gb_backup_make (db, NULL, "before-import", &error);
    g_assert_no_error (error);
  }
  app = start_app (path);
  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = GTK_WIDGET (find_toplevel_of_type (GB_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  collect_texts (find_named (prefs, "audit-log"), log);
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    if (strstr (log->str, raw[i]) != NULL)
      g_error ("the log shows “%s”:\n%s", raw[i], log->str);
  /* The changes, named as the forms name them. */
  g_assert_nonnull (strstr (log->str, "Danh hiệu "));
  g_assert_nonnull (strstr (log->str, "Nghệ nhân ưu tú"));
  g_assert_nonnull (strstr (log->str, "15/03/2024"));
  g_assert_nonnull (strstr (log->str, "Người ủng hộ"));

  /* The backup made before an import is named so in the restore dialog. */
  group = find_named (prefs, "backups");
  g_assert_nonnull (group);
  g_assert_true (wait_for (has_backup_rows, group));
  {
    GtkWidget *row = find_named (group, "backup-row");
    GtkWidget *restore;

    g_assert_nonnull (row);
    restore = find_widget (row, is_button_with_label, "_Khôi phục…");
    g_assert_nonnull (restore);
    g_signal_emit_by_name (restore, "clicked");
    dialog = ADW_MESSAGE_DIALOG (find_toplevel_of_type (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_nonnull (dialog);
    g_assert_null (strstr (adw_message_dialog_get_body (dialog), "before-import"));
    g_assert_null (strstr (adw_message_dialog_get_body (dialog), ".db"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Trước khi nhập"));
    adw_message_dialog_response (dialog, "cancel");
  }
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* The shortcuts window: its title and keys in our words, shown without
   * a warning (the test's warnings are fatal). */
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  gtk_window_present (overlay);
  g_assert_true (wait_for (laid_out, overlay));
  {
    g_autoptr(GString) keys = g_string_new ("\n");

    collect_texts (GTK_WIDGET (overlay), keys);
    g_assert_null (strstr (keys->str, "\nShortcuts\n"));
    g_assert_null (strstr (keys->str, "Page_Down"));
    g_assert_null (strstr (keys->str, "Page_Up"));
    g_assert_nonnull (strstr (keys->str, "\nPhím tắt\n"));
    g_assert_cmpstr (gtk_window_get_title (overlay), ==, "Phím tắt");
  }
  gtk_window_close (overlay);
  stop_app (app);
}

static gboolean
has_three_backup_rows (gpointer group)
{
  return count_backup_rows (group) >= 3;
}

/* Each backup row's Restore asks about its own backup: the dialog names
 * the row's date and kind (a manual one, one before an import and the
 * day's, so that no two rows say the same). */
static void
do_backup_rows (void)
{
  g_autofree char *path = make_demo_db ();
  g_autoptr(GError) error = NULL;
  GbApplication *app;
  GtkWidget *prefs, *group;
  guint n = 0;

  {
    g_autoptr(GbDatabase) db = gb_database_open (path, GB_DATABASE_OPEN_EXISTING, &error);
    g_autofree char *daily = NULL;
    g_autofree char *manual = NULL;
    g_autofree char *import = NULL;

    g_assert_no_error (error);
    /* The day's is made here: the window makes none on a day that has a
     * backup already, and lists only this register's. */
    daily = gb_backup_make (db, NULL, NULL, &error);
    g_assert_no_error (error);
    manual = gb_backup_make (db, NULL, "manual", &error);
    g_assert_no_error (error);
    import = gb_backup_make (db, NULL, "before-import", &error);
    g_assert_no_error (error);
  }
  app = start_app (path);
  g_assert_true (wait_for (database_open, app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = GTK_WIDGET (find_toplevel_of_type (GB_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  group = find_named (prefs, "backups");
  g_assert_true (wait_for (has_three_backup_rows, group));
  if (g_getenv ("GB_TEST_SHOTS") != NULL)
    {
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
        ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (group, ADW_TYPE_PREFERENCES_PAGE)));
      g_assert_true (wait_for (window_ready_widget, group));
      save_painted_shot (prefs, "backup-rows.png");
    }

  for (GtkWidget *row = find_named (group, "backup-row"); row; row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      const char *kind = g_strrstr (subtitle, " · ") + strlen (" · ");
      g_autofree char *what = g_strdup_printf ("%s (%s)",
                                               adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                               kind);
      AdwMessageDialog *dialog;

      g_signal_emit_by_name (find_widget (row, is_button_with_label, "_Restore…"), "clicked");
      dialog = ADW_MESSAGE_DIALOG (find_toplevel_of_type (ADW_TYPE_MESSAGE_DIALOG));
      g_assert_nonnull (dialog);
      if (strstr (adw_message_dialog_get_body (dialog), what) == NULL)
        g_error ("row %u restores “%s”", n, adw_message_dialog_get_body (dialog));
      adw_message_dialog_response (dialog, "cancel");
      gtk_window_destroy (GTK_WINDOW (dialog));
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
  gtk_window_destroy (GTK_WINDOW (prefs));
  stop_app (app);
}

static void test_vi_words (void) { run_in_subprocess ("/window/vi-words/subprocess"); }
static void test_backup_rows (void) { run_in_subprocess ("/window/backup-rows/subprocess"); }

static gboolean
register_listed (gpointer certs)
{
  return gb_certificates_page_get_n_rows (certs) == 1;
}

static gboolean
toast_open_shown (gpointer preview)
{
  return find_widget (preview, is_button_with_label, "_Mở") != NULL;
}

/* An issued paper: a file name from its words, a toast that opens it, no
 * draft note left, and Thu hồi (not Hủy, Cancel's word) for voiding. */
static void
do_vi_papers (void)
{
  g_autofree char *path = make_demo_db ();
  g_autofree char *issued = g_build_filename (tmp_dir, "issued-vi.pdf", NULL);
  g_autofree char *year = g_strndup (gb_text_today (), 4);
  g_autofree char *expected = g_strdup_printf ("giay-chung-nhan-vu-thanh-hai-%s.pdf", year);
  g_autofree char *suggested = NULL;
  g_autoptr(GError) error = NULL;
  const char *hint_text = g_dgettext ("guildbook", "A draft changes nothing. Issue numbers the papers "
                                      "from the register; the font is set in Preferences.");
  GbApplication *app;
  GbDatabase *db;
  GtkWidget *window, *hint, *certs, *button;
  GbPaperPreview *preview;
  gint64 artisan_id;

  app = start_app (path);
  g_assert_true (wait_for (database_open, app));
  db = gb_application_get_database (app);
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  {
    g_autoptr(GbStore) titles = gb_store_new (db, GB_TYPE_TITLE);
    g_autoptr(GbStore) artisans = gb_store_new (db, GB_TYPE_ARTISAN);
    g_autoptr(GbRecord) title = gb_store_get (titles, 1, NULL);
    g_autoptr(GbRecord) artisan = NULL;

    artisan_id = gb_record_get_int (title, "artisan_id");
    artisan = gb_store_get (artisans, artisan_id, NULL);
    gb_record_set_text (artisan, "name", "Vũ Thanh Hải");
    g_assert_true (gb_store_update (artisans, artisan, &error));
  }

  preview = gb_paper_preview_new (GTK_WINDOW (window), db, "artisan", &artisan_id, 1);
  gtk_window_present (GTK_WINDOW (preview));
  g_assert_true (wait_for (preview_drawn, preview));
  suggested = gb_paper_preview_dup_file_name (preview);
  g_assert_cmpstr (suggested, ==, expected);
  hint = find_widget (GTK_WIDGET (preview), is_label_with_text, hint_text);
  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_get_visible (hint));

  gb_paper_preview_issue (preview, issued);
  g_assert_true (wait_for (register_filled, db));
  g_assert_true (wait_for (preview_drawn, preview));
  g_assert_true (wait_for (toast_open_shown, preview));
  g_assert_false (gtk_widget_get_visible (hint));
  gtk_window_destroy (GTK_WINDOW (preview));

  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "certificates"));
  certs = find_named (window, "certificates");
  g_assert_true (wait_for (register_listed, certs));
  button = find_widget (find_named (certs, "register-list"), is_void_button, NULL);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Thu hồi…");
  stop_app (app);
}

static void test_vi_papers (void) { run_in_subprocess ("/window/vi-papers/subprocess"); }

static gboolean
toplevel_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window);
}

static gboolean
any_label_selected (GtkWidget *widget)
{
  int start, end;

  if (GTK_IS_LABEL (widget) && gtk_label_get_selection_bounds (GTK_LABEL (widget), &start, &end))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (any_label_selected (c))
      return TRUE;
  return FALSE;
}

/* The guide opens with nothing selected; its text can still be selected. */
static void
do_help_focus (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWindow *help;
  GtkWidget *focus;

  g_assert_true (wait_for (database_open, app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  help = find_toplevel_of_type (GB_TYPE_HELP_WINDOW);
  g_assert_nonnull (help);
  g_assert_true (wait_for (toplevel_mapped, help));
  focus = gtk_window_get_focus (help);
  g_assert_false (focus != NULL && GTK_IS_LABEL (focus));
  g_assert_false (any_label_selected (GTK_WIDGET (help)));
  g_assert_nonnull (find_widget (GTK_WIDGET (help), is_label_with_text, "Certificates and cards"));
  gtk_window_destroy (help);
  stop_app (app);
}

static void test_help_focus (void) { run_in_subprocess ("/window/help-focus/subprocess"); }

/* Each figure of the Overview opens its list, filtered to what it counts. */
static void
do_overview_cards (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *page, *row;
  const struct { const char *card, *page; guint rows; } cards[] = {
    { "count-collective", "members", 64 },
    { "count-individual", "members", 96 },
    { "count-events-year", "events", 2 },
    { "count-artisans", "artisans", 120 },
  };

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      GtkWidget *child;

      g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "overview"));
      wait_overview (window);
      child = gtk_widget_get_ancestor (find_named (window, cards[i].card), GTK_TYPE_FLOW_BOX_CHILD);
      g_assert_nonnull (child);
      g_assert_true (gtk_widget_activate (child));
      g_assert_cmpstr (gb_window_get_visible_page (GB_WINDOW (window)), ==, cards[i].page);
      page = find_named (window, cards[i].page);
      expect_rows (gb_list_page_get_list (GB_LIST_PAGE (page)), cards[i].rows);
    }

  /* A title's row: the artisans who hold it. */
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "overview"));
  wait_overview (window);
  row = gtk_widget_get_ancestor (find_named (window, "meritorious"), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (gb_window_get_visible_page (GB_WINDOW (window)), ==, "artisans");
  page = find_named (window, "artisans");
  expect_rows (gb_list_page_get_list (GB_LIST_PAGE (page)), 5);

  /* Every title's row lists as many artisans as it says, those of its
   * own title. */
  for (guint i = 0; gb_title_kinds[i].code; i++)
    {
      GtkWidget *count;

      g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "overview"));
      wait_overview (window);
      if ((count = find_named (find_named (window, "overview"), gb_title_kinds[i].code)) == NULL)
        continue;
      row = gtk_widget_get_ancestor (count, ADW_TYPE_ACTION_ROW);
      g_signal_emit_by_name (row, "activate");
      g_assert_cmpstr (gb_window_get_visible_page (GB_WINDOW (window)), ==, "artisans");
      expect_rows (gb_list_page_get_list (GB_LIST_PAGE (page)),
                   g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (count)), NULL, 10));
    }
  stop_app (app);
}

static void test_overview_cards (void) { run_in_subprocess ("/window/overview-cards/subprocess"); }

typedef struct
{
  GtkWidget *page;
  double     share;   /* of the window's width */
} PaperWait;

static gboolean
is_page_picture (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_PICTURE (widget) && gtk_widget_has_css_class (widget, "pdf-page");
}

/* The report is drawn and its page takes at least @share of the window's width. */
static gboolean
paper_at_least (gpointer data)
{
  PaperWait *w = data;
  GtkWidget *view = find_widget (w->page, is_pdf_view, NULL);
  GtkWidget *paper = view ? find_widget (view, is_page_picture, NULL) : NULL;

  return report_drawn (w->page) && paper != NULL && gtk_widget_get_mapped (paper)
         && gtk_widget_get_width (paper) >= w->share * gtk_widget_get_width (GTK_WIDGET (gtk_widget_get_root (w->page)));
}

/* The report's page gets the room: fitted to its width beside the options
 * (it was drawn a quarter of the window wide), and wider still with the
 * options folded away. */
static void
do_reports_room (void)
{
  g_autofree char *path = make_demo_db ();
  GbApplication *app = start_app (path);
  GtkWidget *window, *toggle, *options;
  PaperWait w = { NULL, 0.4 };

  g_assert_true (wait_for (database_open, app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-page", "s", "reports"));
  w.page = find_named (window, "reports");
  g_signal_emit_by_name (find_named (w.page, "report-list"), "row-activated",
                         find_named (w.page, "report-activity"));
  if (!wait_for (paper_at_least, &w))
    g_error ("the report's page is %d px wide in a window of %d",
             gtk_widget_get_width (find_widget (find_widget (w.page, is_pdf_view, NULL), is_page_picture, NULL)),
             gtk_widget_get_width (window));

  toggle = find_named (w.page, "report-options-toggle");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (toggle));
  options = gtk_widget_get_ancestor (find_named (w.page, "report-list"), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_get_visible (options));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (gtk_widget_get_visible (options));
  w.share = 0.65;
  g_assert_true (wait_for (paper_at_least, &w));
  stop_app (app);
}

static void test_reports_room (void) { run_in_subprocess ("/window/reports-room/subprocess"); }
static void test_shared_database (void) { run_in_subprocess ("/window/shared-database/subprocess"); }
static void test_vi_shared_database (void) { run_in_subprocess ("/window/vi-shared-database/subprocess"); }
static void test_shared_database_start (void) { run_in_subprocess ("/window/shared-database-start/subprocess"); }
static void test_other_seat (void) { run_in_subprocess ("/window/other-seat/subprocess"); }
static void test_open_another (void) { run_in_subprocess ("/window/open-another/subprocess"); }

int
main (int argc, char **argv)
{
  int status;
  gboolean own_data_dir = FALSE;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* The Vietnamese case sets the language before anything is translated. */
  tmp_dir = gb_test_make_dir ();
  /* The shared database's cases open the default file: the test's own,
   * named before GLib reads (and keeps) the data folder. */
  for (int i = 1; i < argc; i++)
    own_data_dir |= strstr (argv[i], "shared-database/subprocess") != NULL
                    || strstr (argv[i], "shared-database-start/subprocess") != NULL;
  if (own_data_dir)
    {
      g_autofree char *data = g_build_filename (tmp_dir, "data", NULL);

      g_setenv ("XDG_DATA_HOME", data, TRUE);
    }
  for (int i = 1; i < argc; i++)
    if (strstr (argv[i], "/window/vietnamese/subprocess") != NULL
        || strstr (argv[i], "/window/vi-") != NULL)
      {
        g_setenv ("LANGUAGE", "vi", TRUE);
        g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      }
  gb_content_types_init ();   /* as main.c does, before anything asks GIO for a type */
  gb_i18n_init ();
  gb_application_ensure_resources ();
  g_test_init (&argc, &argv, NULL);


  g_test_add_func ("/window/overview-and-pages", test_overview_and_pages);
  g_test_add_func ("/window/overview-and-pages/subprocess", do_overview_and_pages);
  g_test_add_func ("/window/first-run-demo", test_first_run_demo);
  g_test_add_func ("/window/first-run-demo/subprocess", do_first_run_demo);
  g_test_add_func ("/window/protects-database", test_protects_database);
  g_test_add_func ("/window/protects-database/subprocess", do_protects_database);
  g_test_add_func ("/window/refuses-bad-file", test_refuses_bad_file);
  g_test_add_func ("/window/refuses-bad-file/subprocess", do_refuses_bad_file);
  g_test_add_func ("/window/vietnamese", test_vietnamese);
  g_test_add_func ("/window/vietnamese/subprocess", do_vietnamese);

  g_test_add_func ("/window/artisans-list", test_artisans_list);
  g_test_add_func ("/window/artisans-list/subprocess", do_artisans_list);

  g_test_add_func ("/window/form-edit", test_form_edit);
  g_test_add_func ("/window/form-edit/subprocess", do_form_edit);
  g_test_add_func ("/window/form-new", test_form_new);
  g_test_add_func ("/window/form-new/subprocess", do_form_new);
  g_test_add_func ("/window/participant-rows", test_participant_rows);
  g_test_add_func ("/window/participant-rows/subprocess", do_participant_rows);

  g_test_add_func ("/window/contest", test_contest);
  g_test_add_func ("/window/contest/subprocess", do_contest);

  g_test_add_func ("/window/children", test_children);
  g_test_add_func ("/window/member-desk", test_member_desk);
  g_test_add_func ("/window/children/subprocess", do_children);
  g_test_add_func ("/window/member-desk/subprocess", do_member_desk);
  g_test_add_func ("/window/child-rows", test_child_rows);
  g_test_add_func ("/window/child-rows/subprocess", do_child_rows);

  g_test_add_func ("/window/certificates", test_certificates);
  g_test_add_func ("/window/certificates/subprocess", do_certificates);
  g_test_add_func ("/window/reports", test_reports);
  g_test_add_func ("/window/reports/subprocess", do_reports);
  g_test_add_func ("/window/desktop", test_desktop);
  g_test_add_func ("/window/desktop/subprocess", do_desktop);
  g_test_add_func ("/window/import", test_import);
  g_test_add_func ("/window/import/subprocess", do_import);
  g_test_add_func ("/window/import-legacy", test_import_legacy);
  g_test_add_func ("/window/import-legacy/subprocess", do_import_legacy);
  g_test_add_func ("/window/damaged-banner", test_damaged_banner);
  g_test_add_func ("/window/damaged-banner/subprocess", do_damaged_banner);
  g_test_add_func ("/window/read-only-banner", test_read_only_banner);
  g_test_add_func ("/window/read-only-banner/subprocess", do_read_only_banner);
  g_test_add_func ("/window/certificate-verify", test_certificate_verify);
  g_test_add_func ("/window/certificate-verify/subprocess", do_certificate_verify);
  g_test_add_func ("/window/register-rows", test_register_rows);
  g_test_add_func ("/window/register-rows/subprocess", do_register_rows);
  g_test_add_func ("/window/register-rows-clerk", test_register_rows_clerk);
  g_test_add_func ("/window/register-rows-clerk/subprocess", do_register_rows_clerk);
  g_test_add_func ("/window/viewer-reads", test_viewer_reads);
  g_test_add_func ("/window/viewer-reads/subprocess", do_viewer_reads);
  g_test_add_func ("/window/dues-fees", test_dues_fees);
  g_test_add_func ("/window/dues-fees/subprocess", do_dues_fees);
  g_test_add_func ("/window/chooser-keeps-locks", test_chooser_keeps_locks);
  g_test_add_func ("/window/chooser-keeps-locks/subprocess", do_chooser_keeps_locks);
  g_test_add_func ("/window/vi-words", test_vi_words);
  g_test_add_func ("/window/vi-words/subprocess", do_vi_words);
  g_test_add_func ("/window/backup-rows", test_backup_rows);
  g_test_add_func ("/window/backup-rows/subprocess", do_backup_rows);
  g_test_add_func ("/window/vi-papers", test_vi_papers);
  g_test_add_func ("/window/vi-papers/subprocess", do_vi_papers);
  g_test_add_func ("/window/help-focus", test_help_focus);
  g_test_add_func ("/window/help-focus/subprocess", do_help_focus);
  g_test_add_func ("/window/overview-cards", test_overview_cards);
  g_test_add_func ("/window/overview-cards/subprocess", do_overview_cards);
  g_test_add_func ("/window/reports-room", test_reports_room);
  g_test_add_func ("/window/reports-room/subprocess", do_reports_room);
  g_test_add_func ("/window/shared-database", test_shared_database);
  g_test_add_func ("/window/shared-database/subprocess", do_shared_database);
  g_test_add_func ("/window/vi-shared-database", test_vi_shared_database);
  g_test_add_func ("/window/vi-shared-database/subprocess", do_shared_database);
  g_test_add_func ("/window/shared-database-start", test_shared_database_start);
  g_test_add_func ("/window/other-seat", test_other_seat);
  g_test_add_func ("/window/other-seat/subprocess", do_other_seat);
  g_test_add_func ("/window/shared-database-start/subprocess", do_shared_database_start);
  g_test_add_func ("/window/open-another", test_open_another);
  g_test_add_func ("/window/open-another/subprocess", do_open_another);

  status = g_test_run ();
  gb_test_remove_dir (tmp_dir);
  return status;
}
