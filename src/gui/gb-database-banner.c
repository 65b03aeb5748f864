/* gb-database-banner.c — says, above the lists, why the open database cannot be changed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2 has no AdwBanner: a GtkInfoBar holds the message, and,
 * for a damaged file, the way out (app.restore-latest-backup). It follows
 * the database's "access", which turns to damaged when the check made
 * after opening finds damage. On a shared database it also says when the
 * login's role may only read.
 */
#define G_LOG_DOMAIN "gb-database-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "gb-database-banner.h"

struct _GbDatabaseBanner
{
  GtkWidget   parent_instance;

  GtkWidget  *info_bar;
  GtkWidget  *label;
  GtkWidget  *restore;
  GbDatabase *database;
};

G_DEFINE_FINAL_TYPE (GbDatabaseBanner, gb_database_banner, GTK_TYPE_WIDGET)

static void
update (GbDatabaseBanner *self)
{
  GbDatabaseAccess access = self->database ? gb_database_get_access (self->database) : GB_DATABASE_WRITABLE;
  g_autofree char *message = self->database ? gb_database_dup_access_message (self->database) : NULL;
  GtkMessageType type = access == GB_DATABASE_DAMAGED ? GTK_MESSAGE_ERROR : GTK_MESSAGE_WARNING;

  /* A viewer's role bars every change, on every page: said once, here.
   * A clerk's few limits are said beside the controls they disable. */
  if (message == NULL && self->database != NULL)
    {
      message = gb_database_dup_refusal (self->database, GB_DATABASE_TASK_EDIT);
      type = GTK_MESSAGE_INFO;
    }
  gtk_label_set_text (GTK_LABEL (self->label), message ? message : "");
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->info_bar), type);
  gtk_widget_set_visible (self->restore, access == GB_DATABASE_DAMAGED);
  gtk_widget_set_visible (GTK_WIDGET (self), message != NULL);
}

static void
access_changed_cb (GbDatabase       *database,
                   GParamSpec       *pspec,
                   GbDatabaseBanner *self)
{
  update (self);
}

void
gb_database_banner_set_database (GbDatabaseBanner *self,
                                 GbDatabase       *database)
{
  g_return_if_fail (GB_IS_DATABASE_BANNER (self));
  g_return_if_fail (database == NULL || GB_IS_DATABASE (database));

  if (self->database == database)
    return;
  if (self->database != NULL)
    g_signal_handlers_disconnect_by_func (self->database, access_changed_cb, self);
  g_set_object (&self->database, database);
  if (database != NULL)
    g_signal_connect (database, "notify::access", G_CALLBACK (access_changed_cb), self);
  update (self);
}

static void
gb_database_banner_dispose (GObject *object)
{
  GbDatabaseBanner *self = GB_DATABASE_BANNER (object);

  gb_database_banner_set_database (self, NULL);
  g_clear_pointer (&self->info_bar, gtk_widget_unparent);

  G_OBJECT_CLASS (gb_database_banner_parent_class)->dispose (object);
}

static void
gb_database_banner_class_init (GbDatabaseBannerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_database_banner_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
gb_database_banner_init (GbDatabaseBanner *self)
{
  self->info_bar = gtk_info_bar_new ();
  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_info_bar_add_child (GTK_INFO_BAR (self->info_bar), self->label);
  self->restore = gtk_button_new_with_mnemonic (_("_Restore the Latest Backup"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->restore), "app.restore-latest-backup");
  gtk_widget_set_valign (self->restore, GTK_ALIGN_CENTER);
  gtk_info_bar_add_action_widget (GTK_INFO_BAR (self->info_bar), self->restore, GTK_RESPONSE_ACCEPT);
  gtk_widget_set_parent (self->info_bar, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GbDatabaseBanner *
gb_database_banner_new (void)
{
  return g_object_new (GB_TYPE_DATABASE_BANNER, NULL);
}
