/* gb-record.h — a row of a Guildbook table, described by its entity
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each record type (member, artisan, event, title …) is a small subclass
 * whose instance struct holds its columns and whose GbEntity lists them.
 * The store, the audit log, the CLI and the forms all work from that one
 * list, so a new column is one line in one table.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  GB_FIELD_TEXT,     /* char *, stored NFC and trimmed; "" is stored as NULL */
  GB_FIELD_NAME,     /* char *, as TEXT with runs of spaces folded */
  GB_FIELD_DATE,     /* char *, ISO yyyy-mm-dd */
  GB_FIELD_INT,      /* gint64 */
  GB_FIELD_REAL,     /* double */
  GB_FIELD_BOOL,     /* gboolean */
  GB_FIELD_BLOB,     /* GBytes * */
} GbFieldType;

typedef enum
{
  GB_FIELD_REQUIRED  = 1 << 0,
  GB_FIELD_ZERO_NULL = 1 << 1,  /* an INT whose 0 means "none" (ids, years) */
  GB_FIELD_SEARCH    = 1 << 2,  /* folded into the record's search key */
  GB_FIELD_SORTABLE  = 1 << 3,
  GB_FIELD_COMPUTED  = 1 << 4,  /* read through `expr`, never written */
  GB_FIELD_PAST      = 1 << 5,  /* a DATE that cannot be in the future */
  GB_FIELD_IMAGE     = 1 << 6,  /* a BLOB that must be a JPEG or PNG image */
  GB_FIELD_CHOOSE    = 1 << 7,  /* a choice a new record leaves for staff to make */
} GbFieldFlags;

typedef struct
{
  const char *code;
  const char *label;   /* N_() */
  const char *short_label;   /* N_(): for a narrow column, or NULL: the label */
} GbChoice;

typedef struct
{
  const char     *name;     /* column and property name */
  GbFieldType     type;
  GbFieldFlags    flags;
  gsize           offset;   /* into the subclass instance */
  const char     *label;    /* N_() */
  const char     *expr;     /* COMPUTED: an SQL expression over the row `t` */
  const GbChoice *choices;  /* NULL-terminated; the value must be one code */
  const char     *sort_expr; /* SORTABLE: what to ORDER BY instead of the value */
} GbField;

typedef struct
{
  const char *name;
  const char *sql;          /* one condition over `t` with exactly one `?` */
} GbFilter;

typedef struct _GbRecord GbRecord;

typedef struct
{
  const char      *table;
  const char      *name_field;   /* what a person calls the record */
  const GbField   *fields;
  guint            n_fields;
  const GbFilter  *filters;
  guint            n_filters;
  gboolean         soft_delete;  /* has deleted_at: deletion can be undone */
  gboolean         has_keys;     /* has search_key and sort_key */
  const char      *search_sql;   /* what a search looks in, over `t`; NULL: t.search_key */
  const char      *keys_join;    /* reading every row's keys: a join after `t`, or NULL */
  const char      *keys_sql;     /* … and the keys over it */
  const char      *serial_field; /* filled with serial_prefix + next number when unset */
  const char      *serial_prefix;
  GBytes        *(*sort_key)  (GbRecord  *record);
  gboolean       (*validate)  (GbRecord  *record,
                               GError   **error);
} GbEntity;

/* A record's craft is searched by its name in the crafts table, not a
 * copy in the record's key: renaming a craft finds its records at once. The
 * browse index holds craft_id, so the lookup stays off the rows. */
#define GB_SEARCH_WITH_CRAFT \
  "(t.search_key || coalesce((SELECT c.search_key FROM crafts c WHERE c.id = t.craft_id), ''))"
/* The same for every row at once (a list's keys, read when it opens): a
 * join, which both engines run faster than a lookup a row (100,000
 * artisans: sqlite 0.14 -> 0.08 s, PostgreSQL 0.34 -> 0.23 s). */
#define GB_KEYS_JOIN_CRAFT " LEFT JOIN crafts kc ON kc.id = t.craft_id"
#define GB_KEYS_WITH_CRAFT "(t.search_key || coalesce(kc.search_key, ''))"

#define GB_TYPE_RECORD (gb_record_get_type ())
G_DECLARE_DERIVABLE_TYPE (GbRecord, gb_record, GB, RECORD, GObject)

struct _GbRecordClass
{
  GObjectClass    parent_class;
  const GbEntity *entity;
};

void            gb_record_class_set_entity  (GbRecordClass  *klass,
                                             const GbEntity *entity);
const GbEntity *gb_record_get_entity        (GbRecord       *self);
const GbField  *gb_entity_find_field        (const GbEntity *entity,
                                             const char     *name);
const char     *gb_choice_short_label       (const GbChoice *choices,
                                             const char     *code);
const char     *gb_choice_label             (const GbChoice *choices,
                                             const char     *code);

gint64          gb_record_get_id            (GbRecord       *self);
void            gb_record_set_id            (GbRecord       *self,
                                             gint64          id);
const char     *gb_record_get_created_at    (GbRecord       *self);
const char     *gb_record_get_updated_at    (GbRecord       *self);
const char     *gb_record_get_deleted_at    (GbRecord       *self);
void            gb_record_set_stamps        (GbRecord       *self,
                                             const char     *created_at,
                                             const char     *updated_at,
                                             const char     *deleted_at);
const char     *gb_record_get_name          (GbRecord       *self);

const char     *gb_record_get_text          (GbRecord       *self,
                                             const char     *field);
void            gb_record_set_text          (GbRecord       *self,
                                             const char     *field,
                                             const char     *value);
gint64          gb_record_get_int           (GbRecord       *self,
                                             const char     *field);
void            gb_record_set_int           (GbRecord       *self,
                                             const char     *field,
                                             gint64          value);
char           *gb_record_dup_field_string  (GbRecord       *self,
                                             const GbField  *field);
char           *gb_record_dup_field_display (GbRecord       *self,
                                             const GbField  *field);
gboolean        gb_record_field_is_set      (GbRecord       *self,
                                             const GbField  *field);
gboolean        gb_record_normalize         (GbRecord       *self,
                                             GError        **error);
gboolean        gb_record_validate          (GbRecord       *self,
                                             GError        **error);
const char     *gb_record_get_invalid_field (GbRecord       *self);
gboolean        gb_record_invalid           (GbRecord       *self,
                                             const char     *field,
                                             GError        **error,
                                             const char     *reason);
char           *gb_record_dup_search_key    (GbRecord       *self);
char           *gb_record_search_key_of     (const char     *joined);
GBytes         *gb_record_dup_sort_key      (GbRecord       *self);
GbRecord       *gb_record_new               (GType           type);

/* Field access by offset, for the store and for generic code. */
#define GB_FIELD_PTR(record, field) G_STRUCT_MEMBER_P ((record), (field)->offset)

G_END_DECLS

G_BEGIN_DECLS

/* Defines a final record type whose class uses @entity. */
#define GB_DEFINE_RECORD_TYPE(TypeName, type_name, entity)                   \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, GB_TYPE_RECORD)                  \
  static void type_name##_class_init (TypeName##Class *klass)                \
  {                                                                          \
    gb_record_class_set_entity (GB_RECORD_CLASS (klass), &(entity));         \
  }                                                                          \
  static void type_name##_init (TypeName *self) { }

#define GB_FIELD_OF(Type, member) G_STRUCT_OFFSET (Type, member)

G_END_DECLS
