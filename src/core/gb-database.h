/* gb-database.h — the Guildbook sqlite file: open, validate, migrate
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-sql.h"

G_BEGIN_DECLS

/* "GBK1": written into the sqlite header so other programs' files are told
 * apart from ours before anything is written. */
#define GB_APPLICATION_ID 0x47424B31

typedef enum
{
  GB_DATABASE_OPEN_EXISTING = 0,
  GB_DATABASE_CREATE        = 1 << 0,  /* create the file (0600) when it is missing */
  /* The file exists with zero bytes, made by the caller to be filled (a
   * backup's part file, held until it is renamed): set it up as a new
   * database. Without this flag such a file is refused as empty. */
  GB_DATABASE_FILL_EMPTY    = 1 << 1,
} GbDatabaseFlags;

/* What may be done with an open file. Anything but WRITABLE is opened
 * read-only (PRAGMA query_only), and every write is refused with an error
 * that says why (gb_database_dup_access_message). */
typedef enum
{
  GB_DATABASE_WRITABLE = 0,
  GB_DATABASE_READ_ONLY_FILE,     /* this user may not write the file */
  GB_DATABASE_READ_ONLY_FOLDER,   /* ... nor its folder, where sqlite keeps its -wal and -shm */
  GB_DATABASE_DAMAGED,            /* PRAGMA quick_check failed: read, never written */
} GbDatabaseAccess;

/* What this connection's login may do on a shared database, each role
 * able to do all that the ones before it may: the database enforces it
 * (gb-roles.c grants it), the window and the command line say so
 * beforehand. A file has no roles: whoever may write it is its owner. */
typedef enum
{
  GB_DATABASE_ROLE_NONE = 0,    /* may not even read: never an open database's */
  GB_DATABASE_ROLE_VIEWER,      /* reads, searches, exports and prints */
  GB_DATABASE_ROLE_CLERK,       /* also keeps members, artisans and events, imports, drafts reports */
  GB_DATABASE_ROLE_SECRETARY,   /* also issues and voids certificates, submits reports, restores */
  GB_DATABASE_ROLE_OWNER,       /* the database's owner: everything, and sets up the roles */
} GbDatabaseRole;

/* What a role may or may not do, as staff name it. */
typedef enum
{
  GB_DATABASE_TASK_EDIT,        /* add, change, delete and import records: a clerk */
  GB_DATABASE_TASK_ISSUE,       /* issue and void certificates: a secretary */
  GB_DATABASE_TASK_SUBMIT,      /* mark a report submitted: a secretary */
  GB_DATABASE_TASK_PROFILE,     /* change the association's profile, which the papers print */
  GB_DATABASE_TASK_RESTORE,     /* put a backup in place of the register */
} GbDatabaseTask;

#define GB_TYPE_DATABASE (gb_database_get_type ())
G_DECLARE_FINAL_TYPE (GbDatabase, gb_database, GB, DATABASE, GObject)

GbDatabase    *gb_database_open               (const char       *path,
                                               GbDatabaseFlags   flags,
                                               GError          **error);
GbDatabase    *gb_database_open_reader        (GbDatabase       *self,
                                               GError          **error);
void           gb_database_open_async         (const char          *path,
                                               GbDatabaseFlags      flags,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GbDatabase    *gb_database_open_finish        (GAsyncResult     *result,
                                               GError          **error);
gboolean       gb_database_in_transaction     (GbDatabase       *self);
const char    *gb_database_get_path           (GbDatabase       *self);
sqlite3       *gb_database_get_handle         (GbDatabase       *self);
int            gb_database_get_schema_version (GbDatabase       *self);
int            gb_database_get_latest_version (void);

GbStmt        *gb_database_prepare            (GbDatabase       *self,
                                               const char       *sql,
                                               GError          **error);
GbStmt        *gb_database_prepare_once       (GbDatabase       *self,
                                               const char       *sql,
                                               GError          **error);
gboolean       gb_database_exec               (GbDatabase       *self,
                                               const char       *sql,
                                               GError          **error);
gboolean       gb_database_step_done          (GbDatabase       *self,
                                               GbStmt           *stmt,
                                               GError          **error);
gint64         gb_database_changes            (GbDatabase       *self);
gint64         gb_database_query_int64        (GbDatabase       *self,
                                               const char       *sql,
                                               GError          **error);
gint64         gb_database_total_changes      (GbDatabase       *self);

gboolean       gb_database_begin              (GbDatabase       *self,
                                               GError          **error);
gboolean       gb_database_commit             (GbDatabase       *self,
                                               GError          **error);
void           gb_database_rollback           (GbDatabase       *self);

gboolean       gb_database_check              (GbDatabase       *self,
                                               char            **report,
                                               GError          **error);
gboolean       gb_database_verify             (GbDatabase       *self,
                                               GError          **error);
void           gb_database_verify_async       (GbDatabase          *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       gb_database_verify_finish      (GAsyncResult     *result,
                                               GError          **error);
GbDatabaseAccess gb_database_get_access       (GbDatabase       *self);
void           gb_database_set_damaged        (GbDatabase       *self);
char          *gb_database_dup_access_message (GbDatabase       *self);
gboolean       gb_database_error_is_damage    (const GError     *error);

void           gb_database_set_error          (GbDatabase       *self,
                                               GbSqlCode         code,
                                               GError          **error);
char          *gb_database_default_path       (void);
gboolean       gb_database_is_network_fs      (unsigned long     fs_type);
gboolean       gb_database_name_is_pg         (const char       *name);
char          *gb_database_pg_conninfo        (const char       *host,
                                               const char       *dbname,
                                               const char       *user,
                                               const char       *password);
gboolean       gb_database_is_shared          (GbDatabase       *self);
char          *gb_database_dup_display_name   (GbDatabase       *self);
const char    *gb_database_get_user_name      (GbDatabase       *self);
void           gb_database_watch              (GbDatabase       *self);
gint64         gb_database_get_data_version   (GbDatabase       *self);
GbDatabaseRole gb_database_get_role           (GbDatabase       *self);
const char    *gb_database_role_label         (GbDatabaseRole    role);
const char    *gb_database_role_keyword       (GbDatabaseRole    role);
gboolean       gb_database_role_from_keyword  (const char       *keyword,
                                               GbDatabaseRole   *role);
gboolean       gb_database_may                (GbDatabase       *self,
                                               GbDatabaseTask    task);
char          *gb_database_dup_refusal        (GbDatabase       *self,
                                               GbDatabaseTask    task);
gboolean       gb_database_check_task         (GbDatabase       *self,
                                               GbDatabaseTask    task,
                                               GError          **error);

typedef struct _GbSetAside GbSetAside;

GbSetAside    *gb_database_set_aside          (GbDatabase       *self,
                                               const char       *table,
                                               GError          **error);
gboolean       gb_database_put_back           (GbDatabase       *self,
                                               GbSetAside       *aside,
                                               gint64            highest,
                                               const char       *now,
                                               GError          **error);
void           gb_set_aside_free              (GbSetAside       *aside);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSetAside, gb_set_aside_free)

G_END_DECLS
