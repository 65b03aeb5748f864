/* gb-record.c — a row of a Guildbook table, described by its entity
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-record.h"
#include "gb-text.h"

typedef struct
{
  gint64  id;
  char   *created_at;
  char   *updated_at;
  char   *deleted_at;
  const char *invalid_field;   /* set by the last failed validation */
} GbRecordPrivate;

#define MAX_NAME_CHARS 200
#define MAX_TEXT_CHARS 20000
#define MAX_IMAGE_BYTES (5 * 1024 * 1024)

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GbRecord, gb_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DELETED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

const GbEntity *
gb_record_get_entity (GbRecord *self)
{
  g_return_val_if_fail (GB_IS_RECORD (self), NULL);
  return GB_RECORD_GET_CLASS (self)->entity;
}

const GbField *
gb_entity_find_field (const GbEntity *entity,
                      const char     *name)
{
  g_return_val_if_fail (entity != NULL, NULL);

  if (name == NULL)
    return NULL;
  /* The first letter before the rest: most fields differ there, and this
   * is asked for every cell an import sets. */
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].name[0] == name[0] && strcmp (entity->fields[i].name, name) == 0)
      return &entity->fields[i];
  return NULL;
}

const char *
gb_choice_label (const GbChoice *choices,
                 const char     *code)
{
  if (choices == NULL || code == NULL)
    return code;
  for (guint i = 0; choices[i].code; i++)
    if (strcmp (choices[i].code, code) == 0)
      return g_dgettext (GETTEXT_PACKAGE, choices[i].label);
  return code;
}

/* The label of @code for a narrow column: its short form where it has one
 * ("NN Làng nghề HP"); the full label belongs in the tooltip. */
const char *
gb_choice_short_label (const GbChoice *choices,
                       const char     *code)
{
  if (choices == NULL || code == NULL)
    return code;
  for (guint i = 0; choices[i].code; i++)
    if (strcmp (choices[i].code, code) == 0)
      return g_dgettext (GETTEXT_PACKAGE, choices[i].short_label ? choices[i].short_label : choices[i].label);
  return code;
}

/* A field's label in the user's language, for a message. */
static const char *
field_label (const GbField *field)
{
  return g_dgettext (GETTEXT_PACKAGE, field->label);
}

static gboolean
is_choice (const GbChoice *choices,
           const char     *code)
{
  for (guint i = 0; choices[i].code; i++)
    if (strcmp (choices[i].code, code) == 0)
      return TRUE;
  return FALSE;
}

static void
field_clear (GbRecord      *self,
             const GbField *field)
{
  gpointer ptr = GB_FIELD_PTR (self, field);

  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      g_clear_pointer ((char **) ptr, g_free);
      break;
    case GB_FIELD_BLOB:
      g_clear_pointer ((GBytes **) ptr, g_bytes_unref);
      break;
    case GB_FIELD_INT:
    case GB_FIELD_REAL:
    case GB_FIELD_BOOL:
    default:
      break;
    }
}

static void
gb_record_finalize (GObject *object)
{
  GbRecord *self = GB_RECORD (object);
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  const GbEntity *entity = gb_record_get_entity (self);

  for (guint i = 0; entity && i < entity->n_fields; i++)
    field_clear (self, &entity->fields[i]);
  g_free (priv->created_at);
  g_free (priv->updated_at);
  g_free (priv->deleted_at);

  G_OBJECT_CLASS (gb_record_parent_class)->finalize (object);
}

static void
gb_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GbRecord *self = GB_RECORD (object);
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  const GbField *field;
  gpointer ptr;

  if (pspec->owner_type == GB_TYPE_RECORD)
    {
      switch (prop_id)
        {
        case PROP_ID:
          g_value_set_int64 (value, priv->id);
          break;
        case PROP_DELETED_AT:
          g_value_set_string (value, priv->deleted_at);
          break;
        default:
          G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
        }
      return;
    }

  /* Subclass properties are numbered after the entity's fields. */
  field = &gb_record_get_entity (self)->fields[prop_id - 1];
  ptr = GB_FIELD_PTR (self, field);
  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      g_value_set_string (value, *(char **) ptr);
      break;
    case GB_FIELD_INT:
      g_value_set_int64 (value, *(gint64 *) ptr);
      break;
    case GB_FIELD_REAL:
      g_value_set_double (value, *(double *) ptr);
      break;
    case GB_FIELD_BOOL:
      g_value_set_boolean (value, *(gboolean *) ptr);
      break;
    case GB_FIELD_BLOB:
      g_value_set_boxed (value, *(GBytes **) ptr);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_record_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GbRecord *self = GB_RECORD (object);
  const GbField *field;
  gpointer ptr;

  if (pspec->owner_type == GB_TYPE_RECORD)
    {
      if (prop_id == PROP_ID)
        gb_record_set_id (self, g_value_get_int64 (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  field = &gb_record_get_entity (self)->fields[prop_id - 1];
  ptr = GB_FIELD_PTR (self, field);
  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      g_free (*(char **) ptr);
      *(char **) ptr = g_value_dup_string (value);
      break;
    case GB_FIELD_INT:
      *(gint64 *) ptr = g_value_get_int64 (value);
      break;
    case GB_FIELD_REAL:
      *(double *) ptr = g_value_get_double (value);
      break;
    case GB_FIELD_BOOL:
      *(gboolean *) ptr = g_value_get_boolean (value);
      break;
    case GB_FIELD_BLOB:
      g_clear_pointer ((GBytes **) ptr, g_bytes_unref);
      *(GBytes **) ptr = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_record_class_init (GbRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gb_record_finalize;
  object_class->get_property = gb_record_get_property;
  object_class->set_property = gb_record_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELETED_AT] =
    g_param_spec_string ("deleted-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gb_record_init (GbRecord *self)
{
}

/* Installs one property per field, so widgets can bind to any column. */
void
gb_record_class_set_entity (GbRecordClass  *klass,
                            const GbEntity *entity)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  klass->entity = entity;
  /* GObject does not let a subclass inherit these for its own properties. */
  object_class->get_property = gb_record_get_property;
  object_class->set_property = gb_record_set_property;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      /* Column names have underscores: not canonical, so the name is copied. */
      GParamFlags flags = G_PARAM_STATIC_NICK | G_PARAM_STATIC_BLURB | G_PARAM_READABLE;
      GParamSpec *pspec;

      if (!(field->flags & GB_FIELD_COMPUTED))
        flags |= G_PARAM_WRITABLE;

      switch (field->type)
        {
        case GB_FIELD_INT:
          pspec = g_param_spec_int64 (field->name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
          break;
        case GB_FIELD_REAL:
          pspec = g_param_spec_double (field->name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
          break;
        case GB_FIELD_BOOL:
          pspec = g_param_spec_boolean (field->name, NULL, NULL, FALSE, flags);
          break;
        case GB_FIELD_BLOB:
          pspec = g_param_spec_boxed (field->name, NULL, NULL, G_TYPE_BYTES, flags);
          break;
        case GB_FIELD_TEXT:
        case GB_FIELD_NAME:
        case GB_FIELD_DATE:
        default:
          pspec = g_param_spec_string (field->name, NULL, NULL, NULL, flags);
          break;
        }
      g_object_class_install_property (object_class, i + 1, pspec);
    }
}

GbRecord *
gb_record_new (GType type)
{
  g_return_val_if_fail (g_type_is_a (type, GB_TYPE_RECORD), NULL);
  return g_object_new (type, NULL);
}

gint64
gb_record_get_id (GbRecord *self)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);

  g_return_val_if_fail (GB_IS_RECORD (self), 0);
  return priv->id;
}

void
gb_record_set_id (GbRecord *self,
                  gint64    id)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);

  g_return_if_fail (GB_IS_RECORD (self));
  if (priv->id != id)
    {
      priv->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

const char *
gb_record_get_created_at (GbRecord *self)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  return priv->created_at;
}

const char *
gb_record_get_updated_at (GbRecord *self)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  return priv->updated_at;
}

const char *
gb_record_get_deleted_at (GbRecord *self)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  return priv->deleted_at;
}

void
gb_record_set_stamps (GbRecord   *self,
                      const char *created_at,
                      const char *updated_at,
                      const char *deleted_at)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);

  set_str (&priv->created_at, created_at);
  set_str (&priv->updated_at, updated_at);
  if (set_str (&priv->deleted_at, deleted_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}

static const GbField *
field_of_type (GbRecord   *self,
               const char *name,
               gboolean    text)
{
  const GbField *field = gb_entity_find_field (gb_record_get_entity (self), name);

  if (field == NULL)
    {
      g_critical ("%s has no field “%s”", G_OBJECT_TYPE_NAME (self), name);
      return NULL;
    }
  if (text != (field->type == GB_FIELD_TEXT || field->type == GB_FIELD_NAME
               || field->type == GB_FIELD_DATE))
    {
      g_critical ("%s.%s is not a %s field", G_OBJECT_TYPE_NAME (self), name,
                  text ? "text" : "number");
      return NULL;
    }
  return field;
}

const char *
gb_record_get_name (GbRecord *self)
{
  const char *field = gb_record_get_entity (self)->name_field;

  return field != NULL ? gb_record_get_text (self, field) : NULL;
}

const char *
gb_record_get_text (GbRecord   *self,
                    const char *name)
{
  const GbField *field;

  g_return_val_if_fail (GB_IS_RECORD (self), NULL);
  if ((field = field_of_type (self, name, TRUE)) == NULL)
    return NULL;
  return *(char **) GB_FIELD_PTR (self, field);
}

void
gb_record_set_text (GbRecord   *self,
                    const char *name,
                    const char *value)
{
  const GbField *field;

  g_return_if_fail (GB_IS_RECORD (self));
  if ((field = field_of_type (self, name, TRUE)) == NULL)
    return;
  set_str ((char **) GB_FIELD_PTR (self, field), value);
}

gint64
gb_record_get_int (GbRecord   *self,
                   const char *name)
{
  const GbField *field;

  g_return_val_if_fail (GB_IS_RECORD (self), 0);
  if ((field = field_of_type (self, name, FALSE)) == NULL || field->type != GB_FIELD_INT)
    return 0;
  return *(gint64 *) GB_FIELD_PTR (self, field);
}

void
gb_record_set_int (GbRecord   *self,
                   const char *name,
                   gint64      value)
{
  const GbField *field;

  g_return_if_fail (GB_IS_RECORD (self));
  if ((field = field_of_type (self, name, FALSE)) == NULL || field->type != GB_FIELD_INT)
    return;
  *(gint64 *) GB_FIELD_PTR (self, field) = value;
}

gboolean
gb_record_field_is_set (GbRecord      *self,
                        const GbField *field)
{
  gpointer ptr = GB_FIELD_PTR (self, field);

  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      return *(char **) ptr != NULL && **(char **) ptr != '\0';
    case GB_FIELD_INT:
      return !(field->flags & GB_FIELD_ZERO_NULL) || *(gint64 *) ptr != 0;
    case GB_FIELD_BLOB:
      return *(GBytes **) ptr != NULL;
    case GB_FIELD_REAL:
    case GB_FIELD_BOOL:
    default:
      return TRUE;
    }
}

/* The value as text: for the audit log, JSON and CSV. NULL when unset. */
char *
gb_record_dup_field_string (GbRecord      *self,
                            const GbField *field)
{
  gpointer ptr = GB_FIELD_PTR (self, field);

  if (!gb_record_field_is_set (self, field))
    return NULL;

  switch (field->type)
    {
    case GB_FIELD_TEXT:
    case GB_FIELD_NAME:
    case GB_FIELD_DATE:
      return g_strdup (*(char **) ptr);
    case GB_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) ptr);
    case GB_FIELD_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", *(double *) ptr));
      }
    case GB_FIELD_BOOL:
      return g_strdup (*(gboolean *) ptr ? "1" : "0");
    case GB_FIELD_BLOB:
      {
        GBytes *bytes = *(GBytes **) ptr;
        g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, bytes);
        return g_strdup_printf ("<%zu bytes, sha1 %s>", g_bytes_get_size (bytes), sum);
      }
    default:
      return NULL;
    }
}

/* The value as staff read it: dates dd/mm/yyyy, choices by their label,
 * "" when unset. */
char *
gb_record_dup_field_display (GbRecord      *self,
                             const GbField *field)
{
  g_autofree char *raw = gb_record_dup_field_string (self, field);

  if (raw == NULL || field->type == GB_FIELD_BLOB)
    return g_strdup ("");
  if (field->choices != NULL)
    return g_strdup (gb_choice_label (field->choices, raw));
  if (field->type == GB_FIELD_DATE)
    return gb_text_format_date (raw);
  return g_steal_pointer (&raw);
}

/* NFC every text; "" becomes unset. Text that is not UTF-8 is refused. */
gboolean
gb_record_normalize (GbRecord  *self,
                     GError   **error)
{
  const GbEntity *entity = gb_record_get_entity (self);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      char **ptr = GB_FIELD_PTR (self, field);
      char *normal;

      if (field->flags & GB_FIELD_COMPUTED)
        continue;
      if (field->type != GB_FIELD_TEXT && field->type != GB_FIELD_NAME
          && field->type != GB_FIELD_DATE)
        continue;
      if (*ptr == NULL)
        continue;

      normal = field->type == GB_FIELD_NAME ? gb_text_normalize_name (*ptr)
                                            : gb_text_normalize (*ptr);
      if (normal == NULL)
        {
          GbRecordPrivate *priv = gb_record_get_instance_private (self);

          priv->invalid_field = field->name;
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s: the text is not valid Unicode (UTF-8)."),
                       g_dgettext (GETTEXT_PACKAGE, field->label));
          return FALSE;
        }
      g_free (*ptr);
      *ptr = *normal ? normal : (g_free (normal), NULL);
    }
  return TRUE;
}

/* Rules that hold for every entity: required fields, choices, real dates
 * not in the future where that matters; then the entity's own rules. */
/* The field the last failed validation was about, for a form to mark it. */
const char *
gb_record_get_invalid_field (GbRecord *self)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);

  g_return_val_if_fail (GB_IS_RECORD (self), NULL);
  return priv->invalid_field;
}

/* Fails validation on @field: "Label: reason". Returns FALSE. */
gboolean
gb_record_invalid (GbRecord    *self,
                   const char  *field,
                   GError     **error,
                   const char  *reason)
{
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  const GbField *f = gb_entity_find_field (gb_record_get_entity (self), field);

  g_return_val_if_fail (f != NULL, FALSE);
  priv->invalid_field = f->name;
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID, "%s: %s",
               g_dgettext (GETTEXT_PACKAGE, f->label), reason);
  return FALSE;
}

gboolean
gb_record_validate (GbRecord  *self,
                    GError   **error)
{
  const GbEntity *entity = gb_record_get_entity (self);
  GbRecordPrivate *priv = gb_record_get_instance_private (self);
  const char *today = gb_text_today ();

  priv->invalid_field = NULL;
  if (!gb_record_normalize (self, error))
    return FALSE;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      /* Labels are translated only for a message (field_label()). */
      const char *text;

      if (field->flags & GB_FIELD_COMPUTED)
        continue;
      /* Named in advance: every failure below is about this field. */
      priv->invalid_field = field->name;

      if ((field->flags & GB_FIELD_REQUIRED) && !gb_record_field_is_set (self, field))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("%s is required."), field_label (field));
          return FALSE;
        }
      if ((field->flags & GB_FIELD_IMAGE) && gb_record_field_is_set (self, field))
        {
          GBytes *bytes = *(GBytes **) GB_FIELD_PTR (self, field);
          gsize size;
          const guint8 *data = g_bytes_get_data (bytes, &size);
          gboolean jpeg = size > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
          gboolean png = size > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;

          if (!jpeg && !png)
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                           _("%s: choose a JPEG or PNG picture."), field_label (field));
              return FALSE;
            }
          if (size > MAX_IMAGE_BYTES)
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                           _("%s: the picture is larger than 5 MB; choose a smaller one."), field_label (field));
              return FALSE;
            }
        }

      if (field->type != GB_FIELD_TEXT && field->type != GB_FIELD_DATE
          && field->type != GB_FIELD_NAME)
        continue;
      text = *(char **) GB_FIELD_PTR (self, field);
      if (text == NULL)
        continue;

      /* A pasted spreadsheet column is not a name: refuse it with a reason
       * rather than store something no paper can print. */
      if (g_utf8_strlen (text, -1) > (field->type == GB_FIELD_NAME ? MAX_NAME_CHARS : MAX_TEXT_CHARS))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s is too long (at most %d characters)."), field_label (field),
                       field->type == GB_FIELD_NAME ? MAX_NAME_CHARS : MAX_TEXT_CHARS);
          return FALSE;
        }

      if (field->choices != NULL && !is_choice (field->choices, text))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s: “%s” is not one of the allowed values."), field_label (field), text);
          return FALSE;
        }
      if (field->type == GB_FIELD_DATE)
        {
          if (!gb_text_is_valid_iso_date (text))
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                           _("%s: “%s” is not a date that exists."), field_label (field), text);
              return FALSE;
            }
          if ((field->flags & GB_FIELD_PAST) && strcmp (text, today) > 0)
            {
              g_autofree char *shown = gb_text_format_date (text);

              g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                           _("%s: %s is in the future."), field_label (field), shown);
              return FALSE;
            }
        }
    }

  priv->invalid_field = NULL;
  if (entity->validate != NULL)
    return entity->validate (self, error);
  return TRUE;
}

char *
gb_record_dup_search_key (GbRecord *self)
{
  const GbEntity *entity = gb_record_get_entity (self);
  GString *all = g_string_new (NULL);
  g_autofree char *joined = NULL;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const GbField *field = &entity->fields[i];
      g_autofree char *value = NULL;

      if (!(field->flags & GB_FIELD_SEARCH) || (field->flags & GB_FIELD_COMPUTED)
          || !gb_record_field_is_set (self, field))
        continue;
      /* Text as it is, without a copy; other values as text. */
      if (field->type == GB_FIELD_TEXT || field->type == GB_FIELD_NAME || field->type == GB_FIELD_DATE)
        g_string_append (all, *(char **) GB_FIELD_PTR (self, field));
      else if ((value = gb_record_dup_field_string (self, field)) != NULL)
        g_string_append (all, value);
      else
        continue;
      g_string_append_c (all, ' ');
    }
  joined = g_string_free (all, FALSE);
  return gb_record_search_key_of (joined);
}

/* The search key of @joined: the values of a record's search fields, in
 * the entity's order, each followed by a space. */
char *
gb_record_search_key_of (const char *joined)
{
  g_autofree char *folded = gb_text_fold (joined);

  /* The leading space lets a search match word starts with one instr(). */
  return g_strconcat (" ", folded, NULL);
}

GBytes *
gb_record_dup_sort_key (GbRecord *self)
{
  const GbEntity *entity = gb_record_get_entity (self);

  if (entity->sort_key != NULL)
    return entity->sort_key (self);
  return gb_text_sort_key (gb_record_get_name (self));
}
