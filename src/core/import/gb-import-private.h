/* gb-import-private.h — what the pieces of the importer share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer is one object (GbImport) written in several files, one
 * per stage: the headings and their mapping, the cells made into values,
 * the check on threads, the write, and undo. This is their common state,
 * not an interface: nothing outside src/core/import includes it.
 */
#pragma once

#include "gb-import.h"
#include "gb-store.h"

G_BEGIN_DECLS

/* Rows between two looks at the progress and the cancellable. */
#define GB_IMPORT_STEP 1000

typedef struct
{
  char   *craft;           /* a craft not yet in the database */
  char   *craft_key;       /* its name_key() */
  char   *title_kind;
  char   *decision_no;
  char   *decision_date;
  char   *issuer;
  GArray *members;         /* participants: member ids */
  GArray *artisans;        /* participants: artisan ids */
  char   *dup_key;         /* name (with its marks) and year, title and date */
  char   *plain_key;       /* the same without marks */
  gboolean unmarked;       /* the name was typed without marks at all */
  gboolean organization;   /* a collective member: one by its name alone */
  char   *tax_key;
  char   *number_key;
} Extra;

/* A row being built, and what sets one of its cells (one per target). */
typedef struct _GbImportRow GbImportRow;
typedef void (*GbImportSetter) (GbImportRow *row,
                                guint        column,
                                const char  *value);

/* A row as the last check left it. */
typedef struct
{
  GbStoreValues *values;       /* what is inserted; NULL: blank or with a problem */
  Extra          extra;
  const char    *craft_key;    /* a craft to create, as a key of new_crafts */
  guint          n_problems;   /* found while the row was built */
  gboolean       blank;
  gboolean       needs_number; /* a member without a number */
} Ready;

struct _GbImport
{
  GbDatabase   *database;
  GbImportKind  kind;
  GType         type;
  GbTable      *table;
  char        **headings;
  char        **lower;          /* of a heading over two rows, the second row's */
  guint         n_columns;
  char        **mapping;        /* per column: a target name or NULL */
  GbImportSetter *setters;      /* per column: what sets its cells, for its target */
  char         *file_name;
  char         *number_format;

  /* Loaded once from the database. */
  gboolean      loaded;
  GHashTable   *crafts;         /* folded name -> id */
  GHashTable   *dup_keys;       /* key -> id of a stored record */
  GHashTable   *plain_all;      /* key without marks -> id, every stored record */
  GHashTable   *plain_unmarked; /* the same, records whose name has no marks */
  GHashTable   *tax_keys;
  GHashTable   *numbers;        /* member numbers in use -> id */
  GHashTable   *member_names;   /* folded name -> id, or -1 when several */
  GHashTable   *artisan_names;

  GbStore      *store;          /* of the kind: makes the rows' values */

  /* Filled while rows are checked. */
  Ready        *ready;          /* per row, until the import */
  GHashTable   *file_keys;      /* key -> row number */
  GHashTable   *new_crafts;     /* folded -> name as first written */
  GPtrArray    *problems;
  guint         n_valid;
  guint         n_blank;        /* rows with nothing in a mapped column */
  char          now[24];        /* the import's time, as the schema writes it */
  guint         max_threads;    /* for the check; 0: one per processor */
  gboolean      keep_likely;    /* rows only alike to another are imported too */
  gboolean      checked;        /* the problems are those of this mapping… */
  gint64        checked_version; /* … and of the database as it was then */
};

/* Rows are built on several threads, a chunk of rows at a time, taken in
 * turn; then one pass in row order, chunk after chunk, finds duplicates,
 * which depend on the rows before. An import that was not checked first
 * writes each chunk as soon as that pass is through it, while the threads
 * build the chunks after (gb_import_run()). */
#define GB_IMPORT_MAX_THREADS 4
#define GB_IMPORT_CHUNK_ROWS 2048

typedef struct
{
  guint      start, end;
  GPtrArray *problems;     /* the chunk's own, in row order */
  gboolean   built;
} Chunk;

typedef struct
{
  GbImport         *self;
  Chunk            *chunks;
  guint             n_chunks;
  gint              next;         /* the next chunk to build */
  gint              stop;         /* the import gave up: build no more */
  gint              rows_built;
  GMutex            lock;
  GCond             built;
  GCancellable     *cancellable;
  GThread          *threads[GB_IMPORT_MAX_THREADS];
  guint             n_threads;
} Checker;

/* gb-import-mapping.c: the headings and what each column means */
void      gb_import_read_headings      (GbImport     *self);

/* gb-import.c: the importer and what the database already holds */
void      gb_import_extra_clear        (Extra        *extra);
void      gb_import_clear_ready        (GbImport     *self);
gboolean  gb_import_load               (GbImport     *self,
                                        GError      **error);
long      gb_import_lap                (gint64       *since);
char     *gb_import_name_key           (const char   *text);
char     *gb_import_name_key_of_normal (const char   *normal);
char     *gb_import_person_key         (const char   *folded,
                                        gint64        year);
char     *gb_import_plain_key          (const char   *name,
                                        gint64        year,
                                        gboolean      organization);
gboolean  gb_import_is_unmarked        (const char   *text);
char     *gb_import_collective_key     (const char   *folded);
gint64    gb_import_count              (GbDatabase   *database,
                                        const char   *sql,
                                        gint64        import_id,
                                        GError      **error);

/* An id kept in a hash table's value, or 0. */
static inline gint64
gb_import_lookup_id (GHashTable *table,
                     const char *key)
{
  return (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (table, key));
}

/* gb-import-values.c: cells into values */
GbImportSetter gb_import_find_setter (GbImportKind  kind,
                                      const char   *target);
GbRecord   *gb_import_build            (GbImport     *self,
                                        guint         row,
                                        GPtrArray    *problems,
                                        Extra        *extra,
                                        gboolean      validate);
void        gb_import_add_problem      (GPtrArray    *problems,
                                        guint         row,
                                        const char   *column,
                                        const char   *message,
                                        gint64        other_id,
                                        guint         other_row);
const char *gb_import_column_of        (GbImport     *self,
                                        const char   *field);

/* gb-import-check.c: the check on threads, and duplicates */
gboolean  gb_import_checker_start      (GbImport      *self,
                                        Checker       *checker,
                                        guint          n_threads,
                                        gboolean       first_is_taken,
                                        GCancellable  *cancellable,
                                        GError       **error);
void      gb_import_checker_pass       (Checker       *checker,
                                        guint          i);
void      gb_import_checker_finish     (Checker       *checker);
guint     gb_import_check_threads      (GbImport      *self,
                                        guint          n_rows);
void      gb_import_check_cancelled    (GbImport      *self);

G_END_DECLS
