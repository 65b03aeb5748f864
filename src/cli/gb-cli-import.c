/* gb-cli-import.c — guildbook-cli import, and the whole database out and in
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "gb-cli.h"
#include "gb-dump.h"
#include "gb-error.h"
#include "gb-import.h"
#include "gb-import-file.h"

static const struct
{
  const char       *name;
  GbLegacyEncoding  encoding;
} encodings[] = {
  { "unicode", GB_LEGACY_UNICODE },
  { "tcvn3", GB_LEGACY_TCVN3 },
  { "vni", GB_LEGACY_VNI },
  { "windows-1258", GB_LEGACY_WINDOWS_1258 },
};

static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  gboolean *shown = data;

  /* Only on a terminal, and only for files big enough to wait for. */
  if (total < 20000 || !isatty (fileno (stderr)))
    return;
  fprintf (stderr, "\r%u / %u", done, total);
  if (done == total)
    fputc ('\n', stderr);
  *shown = done == total ? 1 : 2;   /* 2: the line is still open */
}

static int
import_undo (const char *db_path,
             int         argc,
             char      **argv)
{
  g_autoptr(GbDatabase) db = NULL;
  GError *error = NULL;
  gint64 id;
  guint removed = 0;

  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  id = argc > 2 ? g_ascii_strtoll (argv[2], NULL, 10) : gb_import_last (db);
  if (id <= 0)
    {
      g_set_error (&error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no import to undo."));
      return fail (error);
    }
  if (!gb_import_undo (db, id, &removed, &error))
    return fail (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "Import %lld undone: %u record removed.\n",
                       "Import %lld undone: %u records removed.\n", removed),
          (long long) id, removed);
  return EXIT_OK;
}

static int
import_all (const char *db_path,
            const char *folder)
{
  g_autoptr(GbDatabase) db = NULL;
  GError *error = NULL;
  guint rows = 0;

  if ((db = open_database (db_path, TRUE, &error)) == NULL)
    return fail (error);
  if (!gb_dump_read (db, folder, NULL, &rows, &error))
    return fail (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u row read from %s\n", "%u rows read from %s\n", rows), rows, folder);
  return EXIT_OK;
}

int
gb_cli_import (const char *db_path, int argc, char **argv)
{
  g_autofree char *sheet = NULL, *map = NULL, *encoding_name = NULL, *number_format = NULL;
  gboolean dry_run = FALSE, valid_only = FALSE, keep_likely = FALSE, shown = FALSE;
  const GOptionEntry entries[] = {
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet, N_("The sheet of a workbook to read (default: the first)"), N_("NAME") },
    { "map", 0, 0, G_OPTION_ARG_FILENAME, &map, N_("Map columns as this file says (lines “Heading = field”)"), N_("FILE") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name,
      N_("How the text was written: unicode, tcvn3, vni or windows-1258 (default: found from the text)"), N_("NAME") },
    { "number-format", 0, 0, G_OPTION_ARG_STRING, &number_format,
      N_("How new members without a number are numbered (default: HV-####)"), N_("FORMAT") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Check every row and write nothing"), NULL },
    { "valid-only", 0, 0, G_OPTION_ARG_NONE, &valid_only, N_("Import the rows without problems and leave out the others"), NULL },
    { "keep-likely-duplicates", 0, 0, G_OPTION_ARG_NONE, &keep_likely,
      N_("Import rows that only look like a stored record or an earlier row (same name and year of birth, "
         "or same event title and date); the same tax code, identity or member number still stops a row"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("import", "members|artisans|events FILE | undo [ID] | all FOLDER",
                     N_("Read members, artisans or events from a CSV or XLSX file. Every row is checked first; "
                        "without --valid-only, one row with a problem means nothing is imported. "
                        "“import undo” takes back the last import (or import ID); "
                        "“import all” reads a folder written by “export all” into a new database."),
                     entries);
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbImport) import = NULL;
  g_auto(GbImportFileInfo) info = { 0 };
  GbImportKind kind;
  GbTable *table;
  GPtrArray *problems;
  GError *error = NULL;
  int encoding = -1, code;
  gint64 import_id = 0;
  guint imported = 0, rows;

  if (!parse_command (context, &argc, &argv, 2, &code))
    return code;
  if (argc >= 2 && g_str_equal (argv[1], "undo"))
    return import_undo (db_path, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "all"))
    {
      if (argc < 3)
        return usage_error (context, _("Say which folder to read."));
      return import_all (db_path, argv[2]);
    }
  if (argc < 2 || !gb_import_kind_from_name (argv[1], &kind))
    return usage_error (context, _("Say what the file holds: members, artisans or events."));
  if (argc < 3)
    return usage_error (context, _("Say which file to read."));
  if (number_format && strchr (number_format, '#') == NULL)
    return usage_error (context, _("Write the digits of the number format as #, for example HV-####."));
  if (encoding_name)
    {
      for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
        if (g_ascii_strcasecmp (encoding_name, encodings[i].name) == 0)
          encoding = encodings[i].encoding;
      if (encoding < 0)
        return usage_error (context, _("The encoding is unicode, tcvn3, vni or windows-1258."));
    }

  if ((table = gb_import_read_file (argv[2], sheet, encoding, &info, NULL, &error)) == NULL)
    return fail (error);
  if (info.before && info.after)
    printf (_("The text was written in %s and is converted:\n  before: %s\n  after:  %s\n"),
            _(gb_legacy_encoding_label (info.encoding)), info.before, info.after);
  /* An existing database only: a mistyped --db must not take the rows. */
  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    {
      gb_table_free (table);
      return fail (error);
    }
  import = gb_import_new (db, kind, table);
  gb_import_set_file_name (import, argv[2]);
  if (number_format)
    gb_import_set_number_format (import, number_format);
  gb_import_set_keep_likely (import, keep_likely);
  gb_import_guess_mapping (import);
  if (map && !gb_import_load_mapping (import, map, &error))
    return fail (error);
  if (!gb_import_mapping_is_usable (import, &error))
    {
      /* Say what was understood, so that a --map file can be written. */
      for (guint c = 0; c < gb_import_get_n_columns (import); c++)
        fprintf (stderr, "  %s = %s\n", gb_import_get_heading (import, c),
                 gb_import_get_mapping (import, c) ? gb_import_get_mapping (import, c) : "");
      return fail (error);
    }
  /* A dry run only checks. Otherwise the import checks the rows while it
   * writes them (one row with a problem stops it unless --valid-only);
   * either way the problems and counts are said after. */
  if (dry_run)
    {
      if (!gb_import_check (import, progress_cb, &shown, NULL, &error))
        return fail (error);
    }
  else if (!gb_import_run (import, valid_only, progress_cb, &shown, NULL, &import_id, &imported, &error))
    {
      if (shown == 2)
        fputc ('\n', stderr);
      /* Refused for its rows: said below, with them. */
      if (!g_error_matches (error, GB_ERROR, GB_ERROR_REFUSED))
        return fail (error);
      g_clear_error (&error);
    }

  rows = gb_import_get_n_rows (import) - gb_import_get_n_blank (import);
  problems = gb_import_get_problems (import);
  for (guint i = 0; i < problems->len; i++)
    {
      GbImportProblem *p = g_ptr_array_index (problems, i);

      if (p->column)
        printf (_("Row %u, “%s”: %s\n"), p->row, p->column, p->message);
      else
        printf (_("Row %u: %s\n"), p->row, p->message);
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u row: ", "%u rows: ", rows), rows);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u can be imported, ", "%u can be imported, ", gb_import_get_n_valid (import)),
          gb_import_get_n_valid (import));
  printf (g_dngettext (GETTEXT_PACKAGE, "%u has a problem.\n", "%u have problems.\n", rows - gb_import_get_n_valid (import)),
          rows - gb_import_get_n_valid (import));

  if (gb_import_get_n_blank (import) > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u blank row left out.\n", "%u blank rows left out.\n",
                         gb_import_get_n_blank (import)), gb_import_get_n_blank (import));
  if (dry_run)
    {
      printf (_("Nothing was written (--dry-run).\n"));
      /* As the import would end: every row good, or the good ones with --valid-only. */
      return gb_import_get_n_valid (import) > 0 && (problems->len == 0 || valid_only) ? EXIT_OK : EXIT_DATA;
    }
  if (problems->len > 0 && !valid_only)
    {
      printf (_("Nothing was imported: correct the rows above, or add --valid-only to leave them out.\n"));
      return EXIT_DATA;
    }
  if (imported == 0)
    {
      printf (_("Nothing was imported.\n"));
      return EXIT_DATA;
    }
  /* The next file with these headings is mapped the same way. */
  if (!gb_import_remember_mapping (import, &error))
    {
      g_printerr ("%s\n", error->message);
      g_clear_error (&error);
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u record imported (import %lld; “guildbook-cli import undo %lld” takes it back).\n",
                       "%u records imported (import %lld; “guildbook-cli import undo %lld” takes it back).\n", imported),
          imported, (long long) import_id, (long long) import_id);
  return imported > 0 ? EXIT_OK : EXIT_DATA;
}

int
gb_cli_export_all (const char *db_path,
                   const char *folder)
{
  g_autoptr(GbDatabase) db = NULL;
  GError *error = NULL;
  guint rows = 0;

  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  if (!gb_dump_write (db, folder, NULL, &rows, &error))
    return fail (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u row written to %s\n", "%u rows written to %s\n", rows), rows, folder);
  return EXIT_OK;
}
