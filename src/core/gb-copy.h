/* gb-copy.h — a whole register from one database into another, file or server
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

/* A table the copy carries, in the order it copies them (a row's parents
 * first), with what its rows are for a summary line. */
typedef struct
{
  const char *table;
  const char *label;     /* N_(): translate with _() */
} GbCopyTable;

extern const GbCopyTable gb_copy_tables[];
extern const guint gb_copy_n_tables;

/* Called after each batch of rows: @done of @total rows, the last ones of
 * @table. */
typedef void (*GbCopyProgress) (const char *table,
                                gint64      done,
                                gint64      total,
                                gpointer    user_data);

gboolean gb_copy_database (GbDatabase      *from,
                           GbDatabase      *to,
                           GbCopyProgress   progress,
                           gpointer         user_data,
                           gint64          *counts,
                           GError         **error);

/* The count of what makes a database a register already (members,
 * artisans, events, certificates, reports, imports): 0 to load one into
 * it, asked inside its write transaction. */
extern const char gb_copy_held_sql[];

/* For a load of rows with their ids into @to, inside its write
 * transaction: the triggers stand aside and the foreign keys wait
 * (@saved keeps what puts them back), then come back. */
gboolean gb_copy_set_triggers_aside (GbDatabase  *to,
                                     GPtrArray   *saved,
                                     GError     **error);
gint64   gb_copy_put_triggers_back  (GbDatabase  *to,
                                     GPtrArray   *saved,
                                     GError     **error);

G_END_DECLS
