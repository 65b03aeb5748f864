/* gb-error.h — Guildbook's error domain
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GB_ERROR (gb_error_quark ())

typedef enum
{
  GB_ERROR_FAILED,
  GB_ERROR_NOT_FOUND,          /* the file or record does not exist */
  GB_ERROR_EMPTY_FILE,         /* a zero-byte file where a database was expected */
  GB_ERROR_NOT_DATABASE,       /* not an SQLite file at all */
  GB_ERROR_NOT_GUILDBOOK,      /* an SQLite file of some other program */
  GB_ERROR_CORRUPT,            /* truncated or damaged */
  GB_ERROR_TOO_NEW,            /* written by a newer Guildbook */
  GB_ERROR_READ_ONLY,
  GB_ERROR_BUSY,               /* locked by another program for too long */
  GB_ERROR_INVALID,            /* a value that breaks a rule */
  GB_ERROR_CONSTRAINT,         /* the database refused a row */
  GB_ERROR_NOT_EMPTY,          /* an operation that needs an empty database */
  GB_ERROR_NETWORK_FS,         /* on NFS or SMB, where sqlite's locks cannot be trusted */
  GB_ERROR_REFUSED,            /* an import's rows have problems: nothing was imported */
  GB_ERROR_NOT_PERMITTED,      /* this login's role on a shared database may not do it */
  GB_ERROR_CHANGED_ELSEWHERE,  /* saved by another seat or program since it was read */
} GbError;

GQuark gb_error_quark (void);

G_END_DECLS
