/* gb-window.c — the main window: sidebar of pages beside their content
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-backup.h"
#include "gb-database-banner.h"
#include "gb-list-page.h"
#include "gb-overview-page.h"
#include "gb-certificates-page.h"
#include "gb-reports-page.h"
#include "gb-widget-util.h"
#include "gb-window.h"

struct _GbWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *content_pane;
  GtkListBox           *sidebar;
  AdwWindowTitle       *sidebar_title;
  AdwWindowTitle       *content_title;
  GtkStack             *stack;
  GListModel           *stack_pages;    /* GtkStackPage, the sidebar's rows */
  GbDatabaseBanner     *banner;         /* why the database cannot be changed, when it cannot */

  GbOverviewPage       *overview;
  GbCertificatesPage   *certificates;
  GbReportsPage        *reports;
  gint64                data_version;   /* of the file, when last shown */
  GbDatabase           *watched;        /* whose other seats' saves reload the window (weak) */
  GPtrArray            *list_pages;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (GbWindow, gb_window, ADW_TYPE_APPLICATION_WINDOW)

/* Characters of the database's name under the sidebar's title. */
#define SUBTITLE_CHARS 16

typedef struct
{
  const char *name;
  const char *icon;
  const char *title;        /* N_() */
} PageInfo;

/* The window's pages, in the sidebar's order (Alt+1 … Alt+6). */
static const PageInfo pages[] = {
  { "overview", "view-grid-symbolic", N_("Overview") },
  { "members", "system-users-symbolic", N_("Members") },
  { "artisans", "starred-symbolic", N_("Artisans") },
  { "events", "x-office-calendar-symbolic", N_("Events") },
  { "certificates", "application-certificate-symbolic", N_("Certificates") },
  { "reports", "x-office-document-symbolic", N_("Reports") },
};

/* The name of the page at @position in the sidebar, or NULL past the last. */
const char *
gb_window_page_name (guint position)
{
  return position < G_N_ELEMENTS (pages) ? pages[position].name : NULL;
}

static const PageInfo *
find_page (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].name, name) == 0)
      return &pages[i];
  return NULL;
}

/* A row of the sidebar, for one page of the stack. */
static GtkWidget *
sidebar_row (gpointer item,
             gpointer data)
{
  GtkStackPage *page = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (gtk_stack_page_get_title (page));
  g_autofree char *name = g_strconcat ("sidebar-", gtk_stack_page_get_name (page), NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page)));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  return row;
}

/* The name of the page whose row is at @position in the sidebar. */
static char *
sidebar_page_name (GbWindow *self,
                   int       position)
{
  g_autoptr(GObject) page = position < 0 ? NULL : g_list_model_get_item (self->stack_pages, position);

  return page ? g_strdup (gtk_stack_page_get_name (GTK_STACK_PAGE (page))) : NULL;
}

void
gb_window_show_page (GbWindow   *self,
                     const char *name)
{
  const PageInfo *info;

  g_return_if_fail (GB_IS_WINDOW (self));

  if ((info = find_page (name)) == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, name);
  for (guint i = 0; i < g_list_model_get_n_items (self->stack_pages); i++)
    {
      g_autofree char *page = sidebar_page_name (self, i);

      if (g_strcmp0 (page, name) == 0)
        gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, i));
    }
}

const char *
gb_window_get_visible_page (GbWindow *self)
{
  g_return_val_if_fail (GB_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
gb_window_add_toast (GbWindow   *self,
                     const char *title)
{
  g_return_if_fail (GB_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
sidebar_row_activated_cb (GtkListBox    *box,
                          GtkListBoxRow *row,
                          GbWindow      *self)
{
  g_autofree char *name = sidebar_page_name (self, gtk_list_box_row_get_index (row));

  gb_window_show_page (self, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (GtkButton *button,
                 GbWindow  *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
stack_visible_child_cb (GtkStack   *stack,
                        GParamSpec *pspec,
                        GbWindow   *self)
{
  const PageInfo *info = find_page (gtk_stack_get_visible_child_name (stack));

  if (info != NULL)
    adw_window_title_set_title (self->content_title, _(info->title));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);

  gb_window_show_page (self, g_variant_get_string (parameter, NULL));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The list page that Ctrl+N and Ctrl+I act on: the one shown, or Members
 * when another page is shown, so that both work from anywhere. */
static GtkWidget *
target_list_page (GbWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);

  if (GB_IS_LIST_PAGE (visible))
    return visible;
  gb_window_show_page (self, "members");
  return gtk_stack_get_visible_child (self->stack);
}

static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_widget_activate_action (target_list_page (GB_WINDOW (widget)), "list.new", NULL);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_activate_action (target_list_page (GB_WINDOW (widget)), "list.import", NULL);
}

/* Back Up Now, from the main menu: core copies the file on a worker
 * thread, so that a large file does not freeze the window. */
static void
backup_now_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GbWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = gb_backup_make_finish (result, &error);

  g_application_release (g_application_get_default ());
  /* The window may have been closed while the file was copied. */
  if (self->toast_overlay == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup-now", TRUE);
  gb_window_add_toast (self, made != NULL ? _("Backup made") : error->message);
}

static void
backup_now_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);
  GbDatabase *db = gb_application_get_database (GB_APPLICATION (g_application_get_default ()));

  if (db == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "win.backup-now", FALSE);
  /* Closing the last window does not end the program before the copy. */
  g_application_hold (g_application_get_default ());
  gb_backup_make_async (gb_database_get_path (db), "manual", NULL, backup_now_done, g_object_ref (self));
}

/* Another seat saved to the shared database: every seat's lists show it
 * at once, each keeping its selection. */
static void
shared_database_changed_cb (GbWindow *self)
{
  gb_window_reload (self);
}

static void
database_changed_cb (GbApplication *app,
                     GParamSpec    *pspec,
                     GbWindow      *self)
{
  GbDatabase *db = gb_application_get_database (app);
  g_autofree char *name = NULL;

  if (db != NULL)
    name = gb_database_dup_display_name (db);
  /* The sidebar is as wide as its title asks: a long file or database
   * name would fold the list away. The whole name is the tooltip. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title), name);
  if (name != NULL && g_utf8_strlen (name, -1) > SUBTITLE_CHARS)
    {
      g_autofree char *start = g_utf8_substring (name, 0, SUBTITLE_CHARS - 1);

      g_free (name);
      name = g_strconcat (start, "…", NULL);
    }
  adw_window_title_set_subtitle (self->sidebar_title, name);
  /* A viewer's shortcuts and main menu offer no new record and no import. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-record",
                                 db == NULL || gb_database_may (db, GB_DATABASE_TASK_EDIT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 db == NULL || gb_database_may (db, GB_DATABASE_TASK_EDIT));
  gb_database_banner_set_database (self->banner, db);
  gb_overview_page_set_database (self->overview, db);
  gb_certificates_page_set_database (self->certificates, db);
  gb_reports_page_set_database (self->reports, db);
  for (guint i = 0; i < self->list_pages->len; i++)
    gb_list_page_set_database (g_ptr_array_index (self->list_pages, i), db);
  self->data_version = db ? gb_database_get_data_version (db) : 0;
  if (db != self->watched)
    {
      if (self->watched != NULL)
        g_signal_handlers_disconnect_by_func (self->watched, shared_database_changed_cb, self);
      g_set_weak_pointer (&self->watched, db);
      if (db != NULL)
        {
          gb_database_watch (db);
          g_signal_connect_object (db, "changed", G_CALLBACK (shared_database_changed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }
}

/* Back to the window after guildbook-cli (or another program) changed the
 * file: the lists, the counts and the register show it. */
static void
active_changed_cb (GbWindow   *self,
                   GParamSpec *pspec)
{
  GbApplication *app = GB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GbDatabase *db = app ? gb_application_get_database (app) : NULL;
  gint64 version;

  if (db == NULL || !gtk_window_is_active (GTK_WINDOW (self)))
    return;
  version = gb_database_get_data_version (db);
  if (version == self->data_version)
    return;
  gb_window_reload (self);
}

/* Shows what another connection (guildbook-cli, an import) wrote: the
 * lists, the counts and the register. */
void
gb_window_reload (GbWindow *self)
{
  GbApplication *app = GB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GbDatabase *db = app ? gb_application_get_database (app) : NULL;

  if (db == NULL)
    return;
  self->data_version = gb_database_get_data_version (db);
  for (guint i = 0; i < self->list_pages->len; i++)
    {
      gb_list_page_reload (g_ptr_array_index (self->list_pages, i));
    }
  gb_overview_page_set_database (self->overview, db);
  gb_certificates_page_reload (self->certificates);
}

static GbListPage *
dirty_page (GbWindow *self)
{
  for (guint i = 0; i < self->list_pages->len; i++)
    {
      GbListPage *page = g_ptr_array_index (self->list_pages, i);

      if (gb_list_page_has_unsaved (page))
        return page;
    }
  return NULL;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   GbWindow         *self)
{
  GbListPage *page = dirty_page (self);

  if (page == NULL || g_str_equal (response, "cancel"))
    return;
  if (g_str_equal (response, "save") && !gb_record_form_save (gb_list_page_get_form (page)))
    {
      /* Refused: show the form, whose row says why. */
      gb_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (page)));
      return;
    }
  if (g_str_equal (response, "discard"))
    gb_record_form_discard (gb_list_page_get_form (page));
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
gb_window_close_request (GtkWindow *window)
{
  GbWindow *self = GB_WINDOW (window);
  GbListPage *page = dirty_page (self);
  int width, height;

  /* Closing must not lose a form's unsaved changes: ask first. */
  if (page != NULL)
    {
      GtkWidget *dialog = gb_save_changes_dialog_new (window, gb_record_form_get_title (gb_list_page_get_form (page)));

      gtk_widget_set_name (dialog, "close-unsaved-dialog");
      g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "last-page", gb_window_get_visible_page (self));

  return GTK_WINDOW_CLASS (gb_window_parent_class)->close_request (window);
}

static void
gb_window_dispose (GObject *object)
{
  GbWindow *self = GB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->stack_pages);
  g_clear_pointer (&self->list_pages, g_ptr_array_unref);
  g_clear_weak_pointer (&self->watched);

  G_OBJECT_CLASS (gb_window_parent_class)->dispose (object);
}

static void
gb_window_class_init (GbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = gb_window_close_request;

  g_type_ensure (GB_TYPE_OVERVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/guildbook/Guildbook/gb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.new-record", NULL, new_record_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.backup-now", NULL, backup_now_action);
}

static void
gb_window_init (GbWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->list_pages = g_ptr_array_new ();
  /* Under the content's header bar, above the page. */
  self->banner = gb_database_banner_new ();
  gtk_box_insert_child_after (GTK_BOX (self->content_pane), GTK_WIDGET (self->banner),
                              gtk_widget_get_first_child (self->content_pane));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *child;
      GtkStackPage *page;

      if (i == 0)
        child = GTK_WIDGET (self->overview = gb_overview_page_new ());
      else if (g_str_equal (pages[i].name, "certificates"))
        child = GTK_WIDGET (self->certificates = gb_certificates_page_new ());
      else if (g_str_equal (pages[i].name, "reports"))
        child = GTK_WIDGET (self->reports = gb_reports_page_new ());
      else
        {
          child = GTK_WIDGET (gb_list_page_new (pages[i].name));
          g_ptr_array_add (self->list_pages, child);
        }
      gtk_widget_set_name (child, pages[i].name);
      page = gtk_stack_add_named (self->stack, child, pages[i].name);
      gtk_stack_page_set_title (page, _(pages[i].title));
      gtk_stack_page_set_icon_name (page, pages[i].icon);
    }
  /* The sidebar lists the stack's pages, in their order. */
  self->stack_pages = G_LIST_MODEL (gtk_stack_get_pages (self->stack));
  gtk_list_box_bind_model (self->sidebar, self->stack_pages, sidebar_row, NULL, NULL);

  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  gb_window_show_page (self, find_page (last_page) ? last_page : "overview");
  stack_visible_child_cb (self->stack, NULL, self);
}

GbWindow *
gb_window_new (GbApplication *application)
{
  GbWindow *self = g_object_new (GB_TYPE_WINDOW, "application", application, NULL);

  /* "application" is not a construct property: follow it once it is set. */
  g_signal_connect_object (application, "notify::database", G_CALLBACK (database_changed_cb),
                           self, 0);
  database_changed_cb (application, NULL, self);
  return self;
}
