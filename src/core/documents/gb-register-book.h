/* gb-register-book.h — the certificate register printed as a book
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"
#include "gb-flow.h"

G_BEGIN_DECLS

GbFlow *gb_register_book_new (GbDatabase  *database,
                              int          year,
                              const char  *kind,
                              GError     **error);

G_END_DECLS
