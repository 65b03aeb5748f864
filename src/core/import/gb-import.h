/* gb-import.h — rows of a spreadsheet into members, artisans or events
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer takes a GbTable whose first row holds the headings, maps
 * each column to what it means (guessed from Vietnamese and English
 * headings, or as staff last mapped the same heading), builds every row
 * into a record exactly as it will be stored, names each row's problem,
 * and writes every valid row or nothing in one transaction. An import is
 * remembered with the records it made, so that it can be undone whole.
 */
#pragma once

#include "gb-database.h"
#include "gb-record.h"
#include "gb-table.h"

G_BEGIN_DECLS

typedef enum
{
  GB_IMPORT_MEMBERS,
  GB_IMPORT_ARTISANS,
  GB_IMPORT_EVENTS,
} GbImportKind;

typedef struct
{
  const char *name;     /* a field of the record, or one the importer reads */
  const char *label;    /* N_() */
} GbImportTarget;

typedef struct
{
  guint  row;           /* the row's number in the file */
  char  *column;        /* the heading of the column at fault, or NULL */
  char  *message;       /* why the row cannot be imported, translated */
  gint64 other_id;      /* a likely duplicate already stored, or 0 */
  guint  other_row;     /* a likely duplicate earlier in the file, or 0 */
  gboolean likely;      /* only alike (name and year, title and date): staff may keep both */
} GbImportProblem;

typedef void (*GbImportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

typedef struct _GbImport GbImport;

const char           *gb_import_kind_name      (GbImportKind      kind);
gboolean              gb_import_kind_from_name (const char       *name,
                                                GbImportKind     *kind);
const GbImportTarget *gb_import_get_targets    (GbImportKind      kind,
                                                guint            *n_targets);
const char           *gb_import_target_label   (GbImportKind      kind,
                                                const char       *target);

GbImport   *gb_import_new              (GbDatabase       *database,
                                        GbImportKind      kind,
                                        GbTable          *table);
void        gb_import_free             (GbImport         *self);
GbImportKind gb_import_get_kind        (GbImport         *self);
GbTable    *gb_import_get_table        (GbImport         *self);
void        gb_import_set_file_name    (GbImport         *self,
                                        const char       *file_name);
void        gb_import_set_number_format (GbImport        *self,
                                        const char       *format);
void        gb_import_set_keep_likely   (GbImport        *self,
                                        gboolean          keep);
gboolean    gb_import_get_keep_likely   (GbImport        *self);
void        gb_import_set_max_threads   (GbImport        *self,
                                        guint             n);

guint       gb_import_get_n_columns    (GbImport         *self);
const char *gb_import_get_heading      (GbImport         *self,
                                        guint             column);
void        gb_import_guess_mapping    (GbImport         *self);
const char *gb_import_get_mapping      (GbImport         *self,
                                        guint             column);
void        gb_import_set_mapping      (GbImport         *self,
                                        guint             column,
                                        const char       *target);
gboolean    gb_import_load_mapping     (GbImport         *self,
                                        const char       *path,
                                        GError          **error);
gboolean    gb_import_remember_mapping (GbImport         *self,
                                        GError          **error);
gboolean    gb_import_mapping_is_usable (GbImport        *self,
                                        GError          **error);

guint       gb_import_get_n_rows       (GbImport         *self);
GbRecord   *gb_import_build_row        (GbImport         *self,
                                        guint             row,
                                        GPtrArray        *problems);
gboolean    gb_import_check            (GbImport         *self,
                                        GbImportProgress  progress,
                                        gpointer          user_data,
                                        GCancellable     *cancellable,
                                        GError          **error);
GPtrArray  *gb_import_get_problems     (GbImport         *self);
guint       gb_import_get_n_valid      (GbImport         *self);
guint       gb_import_get_n_blank      (GbImport         *self);
GStrv       gb_import_get_new_crafts   (GbImport         *self);
gboolean    gb_import_run              (GbImport         *self,
                                        gboolean          valid_only,
                                        GbImportProgress  progress,
                                        gpointer          user_data,
                                        GCancellable     *cancellable,
                                        gint64           *import_id,
                                        guint            *n_imported,
                                        GError          **error);

void        gb_import_check_async      (GbImport            *self,
                                        GbImportProgress     progress,
                                        gpointer             progress_data,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    gb_import_check_finish     (GAsyncResult        *result,
                                        GError             **error);
void        gb_import_run_async        (GbImport            *self,
                                        gboolean             valid_only,
                                        GbImportProgress     progress,
                                        gpointer             progress_data,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    gb_import_run_finish       (GAsyncResult        *result,
                                        gint64              *import_id,
                                        guint               *n_imported,
                                        GError             **error);

gint64      gb_import_last             (GbDatabase       *database);
gboolean    gb_import_describe         (GbDatabase       *database,
                                        gint64            import_id,
                                        GbImportKind     *kind,
                                        char            **file_name,
                                        guint            *n_records,
                                        char            **created_at);
gboolean    gb_import_undo             (GbDatabase       *database,
                                        gint64            import_id,
                                        guint            *n_removed,
                                        GError          **error);

void        gb_import_undo_async       (const char          *database_path,
                                        gint64               import_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    gb_import_undo_finish      (GAsyncResult        *result,
                                        guint               *n_removed,
                                        GError             **error);

void        gb_import_problem_free     (GbImportProblem  *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbImport, gb_import_free)

G_END_DECLS
