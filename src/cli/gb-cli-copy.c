/* gb-cli-copy.c — guildbook-cli copy: a register between a file and a server
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "gb-copy.h"
#include "gb-database.h"
#include "gb-error.h"
#include "gb-cli.h"

static void
progress_cb (const char *table,
             gint64      done,
             gint64      total,
             gpointer    data)
{
  gboolean *open_line = data;

  /* Only on a terminal, and only for a register big enough to wait for. */
  if (total < 20000 || !isatty (fileno (stderr)))
    return;
  fprintf (stderr, "\r%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, done, total);
  *open_line = TRUE;
}

/* The target: a shared database is set up when empty; a file is made
 * when missing, and must be one this user may write and intact. */
static GbDatabase *
open_target (const char  *name,
             GError     **error)
{
  g_autoptr(GbDatabase) db = NULL;

  if (gb_database_name_is_pg (name))
    return gb_database_open (name, GB_DATABASE_OPEN_EXISTING, error);
  if ((db = gb_database_open (name, GB_DATABASE_CREATE, error)) == NULL)
    return NULL;
  if (gb_database_get_access (db) != GB_DATABASE_WRITABLE)
    {
      g_autofree char *message = gb_database_dup_access_message (db);

      g_set_error_literal (error, GB_ERROR, GB_ERROR_READ_ONLY, message);
      return NULL;
    }
  if (!gb_database_verify (db, error))
    return NULL;
  return g_steal_pointer (&db);
}

int
gb_cli_copy (const char *db_path, int argc, char **argv)
{
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from_name,
      N_("The database to copy: a file or a connection string (default: --db)"), N_("FILE|URI") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to_name,
      N_("The database to copy into: a new or empty file, or an empty shared database"), N_("FILE|URI") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("copy", NULL, N_("Copy a whole register, every record with its number, into a new or "
                                      "empty database: a file into a shared PostgreSQL database, or back."),
                     entries);
  g_autoptr(GbDatabase) from = NULL;
  g_autoptr(GbDatabase) to = NULL;
  g_autofree gint64 *counts = g_new0 (gint64, gb_copy_n_tables);
  g_autofree char *from_shown = NULL;
  g_autofree char *to_shown = NULL;
  gboolean open_line = FALSE;
  GError *error = NULL;
  gboolean ok;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if (to_name == NULL || *to_name == '\0')
    return usage_error (context, _("Say where to copy the register to: --to FILE or --to URI."));
  if (from_name == NULL)
    from_name = g_strdup (db_path);

  if ((from = open_database (from_name, FALSE, &error)) == NULL
      || (to = open_target (to_name, &error)) == NULL)
    return fail (error);
  ok = gb_copy_database (from, to, progress_cb, &open_line, counts, &error);
  if (open_line)
    fputc ('\n', stderr);
  if (!ok)
    return fail (error);

  printf (_("Copied %s to %s:\n"), from_shown = shown_name (from), to_shown = shown_name (to));
  /* Padded by characters, not bytes: the labels are Vietnamese. */
  for (guint t = 0; t < gb_copy_n_tables; t++)
    {
      const char *label = _(gb_copy_tables[t].label);

      printf ("  %s%*s %6" G_GINT64_FORMAT "\n", label, (int) MAX (0, 34 - g_utf8_strlen (label, -1)), "",
              counts[t]);
    }
  return EXIT_OK;
}
