/* gb-audit.h — the audit log in the words of the people who read it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The log keeps table and column names, choice codes, ISO dates and row
 * ids; these turn them into the labels the forms use and the names of the
 * records an id points to.
 */
#pragma once

#include "gb-database.h"
#include "gb-store.h"

G_BEGIN_DECLS

const char *gb_audit_kind_label   (const char           *table);
char       *gb_audit_dup_record   (GbDatabase           *database,
                                   const GbHistoryEntry *entry);
char       *gb_audit_dup_change   (GbDatabase           *database,
                                   const GbHistoryEntry *entry);
char       *gb_audit_dup_value    (GbDatabase           *database,
                                   const char           *table,
                                   const char           *field,
                                   const char           *value);

G_END_DECLS
