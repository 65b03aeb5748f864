/* gb-test-pg.h — a throwaway PostgreSQL cluster for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts a PostgreSQL cluster of the process's own, in a temporary folder
 * and reachable only through a unix socket there, creates the database
 * "guildbook" in it and returns a libpq connection string for it (role
 * guildbook, trust). The first call starts it; later calls return the same
 * string. The cluster is stopped and its folder removed when the process
 * ends, however it ends (exit, failed assertion, kill -9).
 *
 * Missing server programs are an error, never a reason to skip: the tests
 * of the PostgreSQL engine are as much part of the suite as the others. */
char *gb_test_pg_start (GError **error);

G_END_DECLS
