/* gb-register.h — the register of issued certificates
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issuing takes the next serial of the paper's kind for the year inside
 * one write transaction, draws the papers with their numbers, writes the
 * PDF and records each entry with the SHA-256 of its own paper and the
 * check value its QR code carries. Serials are gapless and never reused;
 * a cancelled or failed issue, or one whose file cannot be written,
 * takes none.
 */
#pragma once

#include "gb-database.h"
#include "documents/gb-document.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *kind;
  int     year;
  gint64  serial;
  char   *number;
  char   *holder_name;
  gint64  artisan_id;
  gint64  member_id;
  gint64  title_id;
  gint64  award_id;
  char   *issued_on;
  char   *template_id;
  char   *sha256;
  gint64  reissue_of;
  char   *voided_on;
  char   *void_reason;
  char   *check_code;
} GbRegisterEntry;

typedef enum
{
  GB_VERIFY_UNKNOWN,
  GB_VERIFY_VALID,
  GB_VERIFY_REVOKED,
} GbVerifyStatus;

typedef struct
{
  GbVerifyStatus  status;
  gboolean        card;
  char           *number;   /* or a card's member number */
  char           *holder;
  char           *date;     /* ISO; a card's last valid day */
  char           *reason;   /* why it was revoked */
} GbVerifyResult;

void       gb_register_entry_free (GbRegisterEntry *entry);
GPtrArray *gb_register_list       (GbDatabase      *database,
                                   int              year,
                                   const char      *kind,
                                   GError         **error);
GBytes    *gb_register_issue      (GbDatabase      *database,
                                   GbDocument      *document,
                                   const char      *iso_date,
                                   const char      *path,
                                   GCancellable    *cancellable,
                                   GbProgressFunc   progress,
                                   gpointer         user_data,
                                   GError         **error);
gboolean   gb_register_void       (GbDatabase      *database,
                                   gint64           id,
                                   const char      *iso_date,
                                   const char      *reason,
                                   GError         **error);

GPtrArray *gb_register_missing_facts (GbDocument  *document);
GbVerifyResult *gb_register_verify (GbDatabase  *database,
                                    const char  *text,
                                    GError     **error);
void       gb_verify_result_free  (GbVerifyResult  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbRegisterEntry, gb_register_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbVerifyResult, gb_verify_result_free)

G_END_DECLS
