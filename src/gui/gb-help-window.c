/* gb-help-window.c — the user guide, in Vietnamese or English (F1)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guide is help/<lang>/guide.md, a small Markdown (headings, paragraphs,
 * "- " lists, **bold**, `code`, ![caption](screenshot)) that reads well on
 * the project's pages too; it is compiled into the program with its
 * screenshots, so it opens without a browser or a network.
 */
#define G_LOG_DOMAIN "gb-help-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-help-window.h"

#define HELP "/io/github/guildbook/Guildbook/help/"

struct _GbHelpWindow
{
  AdwWindow  parent_instance;

  GtkWidget *box;
  GtkWidget *scrolled;
  char      *language;
  guint      n_images;
};

G_DEFINE_FINAL_TYPE (GbHelpWindow, gb_help_window, ADW_TYPE_WINDOW)

/* **bold** and `code` to Pango markup, everything else escaped. */
static char *
inline_markup (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean bold = FALSE, code = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '*' && p[1] == '*' && !code)
        {
          g_string_append (out, bold ? "</b>" : "<b>");
          bold = !bold;
          p++;
        }
      else if (*p == '`')
        {
          g_string_append (out, code ? "</tt>" : "<tt>");
          code = !code;
        }
      else if (*p == '<')
        g_string_append (out, "&lt;");
      else if (*p == '>')
        g_string_append (out, "&gt;");
      else if (*p == '&')
        g_string_append (out, "&amp;");
      else
        g_string_append_c (out, *p);
    }
  if (code)
    g_string_append (out, "</tt>");
  if (bold)
    g_string_append (out, "</b>");
  return g_string_free (out, FALSE);
}

static void
add_label (GbHelpWindow *self,
           const char   *text,
           const char   *css)
{
  g_autofree char *markup = inline_markup (text);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Paragraphs can be copied; headings would take the focus and show selected. */
  gtk_label_set_selectable (GTK_LABEL (label), css == NULL);
  if (css)
    gtk_widget_add_css_class (label, css);
  gtk_box_append (GTK_BOX (self->box), label);
}

static void
add_image (GbHelpWindow *self,
           const char   *caption,
           const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *resource = g_strconcat (HELP, base, NULL);
  GtkWidget *picture;

  if (!g_resources_get_info (resource, 0, NULL, NULL, NULL))
    return;
  picture = gtk_picture_new_for_resource (resource);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, -1, 320);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, caption, -1);
  gtk_widget_set_tooltip_text (picture, caption);
  gtk_widget_add_css_class (picture, "card");
  gtk_box_append (GTK_BOX (self->box), picture);
  self->n_images++;
}

static void
render (GbHelpWindow *self,
        const char   *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *para = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (*line == '\0' || g_str_has_prefix (line, "#") || g_str_has_prefix (line, "- ")
          || g_str_has_prefix (line, "!["))
        {
          if (para->len)
            add_label (self, para->str, NULL);
          g_string_truncate (para, 0);
        }
      if (g_str_has_prefix (line, "## "))
        add_label (self, line + 3, "title-3");
      else if (g_str_has_prefix (line, "# "))
        {
          add_label (self, line + 2, "title-1");
          gtk_window_set_title (GTK_WINDOW (self), line + 2);
        }
      else if (g_str_has_prefix (line, "- "))
        {
          g_autofree char *bullet = g_strconcat ("•  ", line + 2, NULL);
          add_label (self, bullet, NULL);
        }
      else if (g_str_has_prefix (line, "!["))
        {
          const char *close = strstr (line, "](");
          const char *end = close ? strchr (close, ')') : NULL;

          if (close && end)
            {
              g_autofree char *caption = g_strndup (line + 2, close - line - 2);
              g_autofree char *path = g_strndup (close + 2, end - close - 2);
              add_image (self, caption, path);
            }
        }
      else if (*line != '\0')
        {
          if (para->len)
            g_string_append_c (para, ' ');
          g_string_append (para, line);
        }
    }
  if (para->len)
    add_label (self, para->str, NULL);
  g_string_free (para, TRUE);
}

/* The guide in the language of the window: Vietnamese when it comes first. */
static const char *
choose_language (void)
{
  const char *const *names = g_get_language_names ();

  for (guint i = 0; names[i]; i++)
    {
      if (g_str_has_prefix (names[i], "vi"))
        return "vi";
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return "C";
    }
  return "C";
}

static void
gb_help_window_finalize (GObject *object)
{
  g_free (GB_HELP_WINDOW (object)->language);
  G_OBJECT_CLASS (gb_help_window_parent_class)->finalize (object);
}

static void
gb_help_window_class_init (GbHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gb_help_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gb_help_window_init (GbHelpWindow *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 24);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_focusable (scrolled, TRUE);
  self->scrolled = scrolled;
  gtk_box_append (GTK_BOX (outer), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (outer), scrolled);
  adw_window_set_content (ADW_WINDOW (self), outer);
  gtk_window_set_default_size (GTK_WINDOW (self), 820, 720);
  gtk_window_set_title (GTK_WINDOW (self), _("Guide"));
}

GbHelpWindow *
gb_help_window_new (GtkWindow *parent)
{
  GbHelpWindow *self = g_object_new (GB_TYPE_HELP_WINDOW, "transient-for", parent, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) text = NULL;

  self->language = g_strdup (choose_language ());
  path = g_strconcat (HELP, self->language, "/guide.md", NULL);
  text = g_resources_lookup_data (path, 0, NULL);
  if (text != NULL)
    render (self, g_bytes_get_data (text, NULL));
  /* The first selectable paragraph would take the focus and show itself
   * selected; the page itself takes it, and Page Down scrolls from there. */
  gtk_window_set_focus (GTK_WINDOW (self), self->scrolled);
  return self;
}

const char *
gb_help_window_get_language (GbHelpWindow *self)
{
  return self->language;
}

guint
gb_help_window_get_n_images (GbHelpWindow *self)
{
  return self->n_images;
}

/* The keyboard shortcuts window --------------------------------------------- */

static void
tidy_words (GtkWidget *widget)
{
  /* GTK 4.8 names its shortcuts window and some keys with words that its
   * Vietnamese catalogue leaves in English or as key symbols ("Shortcuts",
   * "Page_Down"): ours, in the words on the keys and in the program. */
  const struct { const char *gtk, *ours; } words[] = {
    { g_dgettext ("gtk40", "Shortcuts"), _("Keyboard Shortcuts") },
    { g_dgettext ("gtk40", "Search Results"), _("Search Results") },
    { g_dpgettext2 ("gtk40", "keyboard label", "Page_Down"), C_("keyboard label", "Page Down") },
    { g_dpgettext2 ("gtk40", "keyboard label", "Page_Up"), C_("keyboard label", "Page Up") },
  };

  if (GTK_IS_LABEL (widget))
    {
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), words[i].gtk) == 0)
          gtk_label_set_label (GTK_LABEL (widget), words[i].ours);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget))
    g_object_set (widget, "placeholder-text", _("Search Shortcuts"), NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    tidy_words (child);
}

/* Puts the program's words in @shortcuts (the window's help overlay). */
void
gb_help_tidy_shortcuts (GtkWindow *shortcuts)
{
  g_return_if_fail (shortcuts == NULL || GTK_IS_WINDOW (shortcuts));

  if (shortcuts == NULL)
    return;
  gtk_window_set_title (shortcuts, _("Keyboard Shortcuts"));
  tidy_words (GTK_WIDGET (shortcuts));
}
