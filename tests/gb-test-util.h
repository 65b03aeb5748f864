/* gb-test-util.h — temporary folders, file fingerprints and async calls for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *gb_test_make_dir   (void);
void  gb_test_remove_dir (const char *dir);
char *gb_test_checksum   (const char *path);

/* guildbook-cli (GUILDBOOK_CLI) [--db @db] @argv…: its output, its exit
 * status in *@status, its standard error in *@err when asked (else shown
 * when it failed). */
char *gb_test_cli        (const char         *db,
                          int                *status,
                          char              **err,
                          const char *const  *argv);
/* The output of a command that must succeed. */
char *gb_test_cli_ok     (const char         *db,
                          const char *const  *argv);

#define GB_ARGS(...) ((const char *const[]) { __VA_ARGS__, NULL })

/* A caller of _async calls with a main context of its own (pushed as the
 * thread-default one), to prove that results come back there, on the
 * caller's thread, and nowhere else. */
typedef struct
{
  GMainContext *context;
  GThread      *caller;
  GAsyncResult *result;
  gboolean      elsewhere;   /* a callback ran on another thread or context */
} GbTestAsync;

void          gb_test_async_begin (GbTestAsync  *async);
void          gb_test_async_done  (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      async);
gboolean      gb_test_async_here  (GbTestAsync  *async);
GAsyncResult *gb_test_async_wait  (GbTestAsync  *async);
void          gb_test_async_end   (GbTestAsync  *async);

G_END_DECLS
