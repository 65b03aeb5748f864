/* gb-template.c — reading paper templates
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pango.h>
#include <string.h>

#include "gb-core-resources.h"
#include "gb-error.h"
#include "gb-template.h"

#define RESOURCE_DIR "/io/github/guildbook/Guildbook/templates/"
#define SUFFIX ".template"

static void
element_free (gpointer data)
{
  GbElement *e = data;

  g_free (e->id);
  g_free (e->text);
  g_free (e->source);
  g_free (e);
}

void
gb_template_free (GbTemplate *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->name_vi);
  g_free (self->paper);
  g_free (self->symbol);
  g_free (self->border);
  g_free (self->origin);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_free (self);
}

char *
gb_template_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "guildbook", "templates", NULL);
}

guint
gb_template_per_sheet (const GbTemplate *self)
{
  return self->columns * self->rows;
}

static gboolean
parse_color (const char *text,
             guint32    *color)
{
  guint64 v;
  char *end = NULL;

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;
  v = g_ascii_strtoull (text + 1, &end, 16);
  if (end == NULL || *end != '\0')
    return FALSE;
  *color = (guint32) v;
  return TRUE;
}

typedef struct
{
  GKeyFile   *file;
  const char *group;
  const char *origin;
  GError    **error;
  gboolean    failed;
} Reader;

static void
reader_fail (Reader     *r,
             const char *key,
             const char *why)
{
  if (r->failed)
    return;
  r->failed = TRUE;
  /* Translators: a template file is wrong: file, [group], key, reason. */
  g_set_error (r->error, GB_ERROR, GB_ERROR_INVALID, _("%s: [%s] %s: %s"),
               r->origin, r->group, key, why);
}

static double
read_number (Reader     *r,
             const char *key,
             double      fallback,
             double      lo,
             double      hi)
{
  g_autofree char *text = g_key_file_get_value (r->file, r->group, key, NULL);
  char *end = NULL;
  double v;

  if (text == NULL)
    {
      if (isnan (fallback))
        reader_fail (r, key, _("missing"));
      return isnan (fallback) ? 0 : fallback;
    }
  v = g_ascii_strtod (g_strstrip (text), &end);
  if (end == text || *end != '\0' || v < lo || v > hi)
    {
      reader_fail (r, key, _("not a number in range"));
      return 0;
    }
  return v;
}

static gboolean
read_bool (Reader     *r,
           const char *key)
{
  g_autofree char *text = g_key_file_get_value (r->file, r->group, key, NULL);

  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  if (g_ascii_strcasecmp (text, "true") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (text, "false") != 0)
    reader_fail (r, key, _("must be true or false"));
  return FALSE;
}

static char *
read_string (Reader     *r,
             const char *key,
             const char *fallback)
{
  char *text = g_key_file_get_string (r->file, r->group, key, NULL);

  if (text == NULL && fallback == NULL)
    reader_fail (r, key, _("missing"));
  if (text == NULL)
    return g_strdup (fallback);
  if (!g_utf8_validate (text, -1, NULL))
    {
      reader_fail (r, key, _("not UTF-8 text"));
      g_free (text);
      return g_strdup ("");
    }
  return text;
}

static guint32
read_color (Reader     *r,
            const char *key,
            guint32     fallback)
{
  g_autofree char *text = g_key_file_get_string (r->file, r->group, key, NULL);
  guint32 color = fallback;

  if (text != NULL && !parse_color (g_strstrip (text), &color))
    reader_fail (r, key, _("a colour is written #rrggbb"));
  return color;
}

static void
read_box (Reader    *r,
          GbElement *e,
          double     page_w,
          double     page_h)
{
  e->x = read_number (r, "X", NAN, 0, page_w);
  e->y = read_number (r, "Y", NAN, 0, page_h);
  if (e->kind == GB_ELEMENT_QR)
    {
      e->width = e->height = read_number (r, "Size", NAN, 5, MIN (page_w, page_h));
    }
  else
    {
      e->width = read_number (r, "Width", NAN, 1, page_w);
      e->height = read_number (r, "Height", NAN, 1, page_h);
    }
  if (!r->failed && (e->x + e->width > page_w + 0.01 || e->y + e->height > page_h + 0.01))
    reader_fail (r, "X", _("the box leaves the paper"));
}

static GbElement *
read_text (Reader *r)
{
  GbElement *e = g_new0 (GbElement, 1);
  g_autofree char *align = read_string (r, "Align", "left");
  g_autofree char *valign = read_string (r, "VAlign", "top");

  e->kind = GB_ELEMENT_TEXT;
  e->text = read_string (r, "Text", NULL);
  e->size = read_number (r, "Size", 12, 4, 96);
  e->min_size = read_number (r, "MinSize", e->size, 4, e->size);
  e->bold = read_bool (r, "Bold");
  e->italic = read_bool (r, "Italic");
  e->upper = read_bool (r, "Upper");
  e->markup = read_bool (r, "Markup");
  e->fit = read_bool (r, "Fit");
  e->optional = read_bool (r, "Optional");
  e->lines = (guint) read_number (r, "Lines", 1, 1, 20);
  e->rule = read_number (r, "Rule", 0, 0, 1);
  e->color = read_color (r, "Color", 0x000000);

  if (g_str_equal (align, "left"))
    e->align = GB_ALIGN_LEFT;
  else if (g_str_equal (align, "center"))
    e->align = GB_ALIGN_CENTER;
  else if (g_str_equal (align, "right"))
    e->align = GB_ALIGN_RIGHT;
  else if (g_str_equal (align, "justify"))
    e->align = GB_ALIGN_JUSTIFY;
  else
    reader_fail (r, "Align", _("left, center, right or justify"));

  if (g_str_equal (valign, "top"))
    e->valign = -1;
  else if (g_str_equal (valign, "center"))
    e->valign = 0;
  else if (g_str_equal (valign, "bottom"))
    e->valign = 1;
  else
    reader_fail (r, "VAlign", _("top, center or bottom"));

  if (e->markup && !r->failed
      && !pango_parse_markup (e->text, -1, 0, NULL, NULL, NULL, NULL))
    reader_fail (r, "Text", _("the markup is not well formed"));
  return e;
}

GbTemplate *
gb_template_parse (const char  *id,
                   const char  *data,
                   gsize        length,
                   const char  *origin,
                   GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GbTemplate) self = g_new0 (GbTemplate, 1);
  g_auto(GStrv) groups = NULL;
  g_autofree char *size = NULL;
  g_autofree char *orientation = NULL;
  Reader r = { file, "Template", origin, error, FALSE };

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", origin);
      return NULL;
    }

  self->id = g_strdup (id);
  self->origin = g_strdup (origin);
  self->elements = g_ptr_array_new_with_free_func (element_free);
  self->name = g_key_file_get_locale_string (file, "Template", "Name", NULL, NULL);
  if (self->name == NULL)
    self->name = g_strdup (id);
  self->name_vi = g_key_file_get_locale_string (file, "Template", "Name", "vi", NULL);
  if (self->name_vi == NULL)
    self->name_vi = g_strdup (self->name);
  self->paper = read_string (&r, "Paper", NULL);
  self->symbol = read_string (&r, "Symbol", "GCN");
  self->border = read_string (&r, "Border", "none");
  self->border_color = read_color (&r, "BorderColor", 0x9c1c1c);
  self->accent_color = read_color (&r, "AccentColor", 0xb8860b);
  size = read_string (&r, "Size", "A4");
  orientation = read_string (&r, "Orientation", "portrait");
  if (r.failed)
    return NULL;

  if (!g_strv_contains ((const char *const[]) { "artisan", "award", "membership", "card", NULL },
                        self->paper))
    reader_fail (&r, "Paper", _("artisan, award, membership or card"));
  if (!g_strv_contains ((const char *const[]) { "classic", "band", "none", NULL }, self->border))
    reader_fail (&r, "Border", _("classic, band or none"));

  if (g_str_equal (size, "A4"))
    {
      gboolean landscape = g_str_equal (orientation, "landscape");

      if (!landscape && !g_str_equal (orientation, "portrait"))
        reader_fail (&r, "Orientation", _("portrait or landscape"));
      self->page_width = self->item_width = landscape ? 297 : 210;
      self->page_height = self->item_height = landscape ? 210 : 297;
      self->columns = self->rows = 1;
    }
  else if (g_str_equal (size, "card"))
    {
      /* ID-1 cards, two across and five down an A4 sheet, apart. */
      self->page_width = 210;
      self->page_height = 297;
      self->item_width = GB_CARD_WIDTH_MM;
      self->item_height = GB_CARD_HEIGHT_MM;
      self->columns = 2;
      self->rows = 5;
      self->gutter = GB_CARD_GUTTER_MM;
    }
  else
    reader_fail (&r, "Size", _("A4 or card"));

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] && !r.failed; i++)
    {
      GbElement *e = NULL;
      const char *space = strchr (groups[i], ' ');
      g_autofree char *kind = space ? g_strndup (groups[i], space - groups[i]) : g_strdup (groups[i]);

      if (g_str_equal (groups[i], "Template"))
        continue;
      r.group = groups[i];
      if (g_str_equal (kind, "Text"))
        e = read_text (&r);
      else if (g_str_equal (kind, "Image"))
        {
          e = g_new0 (GbElement, 1);
          e->kind = GB_ELEMENT_IMAGE;
          e->source = read_string (&r, "Source", NULL);
          e->optional = read_bool (&r, "Optional");
          if (e->source && !g_str_equal (e->source, "logo") && !g_str_equal (e->source, "photo"))
            reader_fail (&r, "Source", _("logo or photo"));
        }
      else if (g_str_equal (kind, "QR"))
        {
          e = g_new0 (GbElement, 1);
          e->kind = GB_ELEMENT_QR;
        }
      else
        {
          reader_fail (&r, "", _("a group is [Text …], [Image …] or [QR …]"));
          break;
        }
      e->id = g_strdup (space ? space + 1 : "");
      read_box (&r, e, self->item_width, self->item_height);
      g_ptr_array_add (self->elements, e);
    }

  if (r.failed)
    return NULL;
  return g_steal_pointer (&self);
}

static GBytes *
lookup_builtin (const char *id)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, id, SUFFIX, NULL);

  return g_resource_lookup_data (gb_core_get_resource (), path, 0, NULL);
}

GbTemplate *
gb_template_load (const char  *id,
                  GError     **error)
{
  g_autofree char *dir = gb_template_user_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) builtin = NULL;
  gsize length;

  g_return_val_if_fail (id != NULL, NULL);

  if (strchr (id, '/') != NULL || id[0] == '.' || id[0] == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No template is called “%s”."), id);
      return NULL;
    }

  file = g_strconcat (id, SUFFIX, NULL);
  path = g_build_filename (dir, file, NULL);
  if (g_file_get_contents (path, &contents, &length, NULL))
    return gb_template_parse (id, contents, length, path, error);

  builtin = lookup_builtin (id);
  if (builtin != NULL)
    {
      g_autofree char *origin = g_strconcat ("resource://" RESOURCE_DIR, file, NULL);

      return gb_template_parse (id, g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin),
                                origin, error);
    }

  g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No template is called “%s”."), id);
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
add_ids (GPtrArray  *ids,
         char      **names,
         const char *paper)
{
  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GbTemplate) t = NULL;

      if (!g_str_has_suffix (names[i], SUFFIX))
        continue;
      id = g_strndup (names[i], strlen (names[i]) - strlen (SUFFIX));
      if (g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        continue;
      t = gb_template_load (id, NULL);
      if (t != NULL && (paper == NULL || g_str_equal (t->paper, paper)))
        g_ptr_array_add (ids, g_steal_pointer (&id));
    }
}

/* The ids of the templates for one kind of paper (or all), built-in first. */
GStrv
gb_template_list (const char *paper)
{
  GPtrArray *ids = g_ptr_array_new ();
  g_auto(GStrv) builtin = g_resource_enumerate_children (gb_core_get_resource (), RESOURCE_DIR,
                                                          0, NULL);
  g_autofree char *dir = gb_template_user_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) user = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  add_ids (ids, builtin, paper);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (user, g_strdup (name));
  g_ptr_array_sort (user, compare_names);
  g_ptr_array_add (user, NULL);
  add_ids (ids, (char **) user->pdata, paper);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (ids, FALSE);
}
