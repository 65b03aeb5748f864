/* gb-cli-export.c — guildbook-cli export
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "gb-artisan.h"
#include "gb-cli.h"
#include "gb-event.h"
#include "gb-export.h"
#include "gb-member.h"
#include "gb-output.h"

int
gb_cli_export (const char *db_path, int argc, char **argv)
{
  g_autofree char *format = NULL, *search = NULL, *sort = NULL, *output = NULL;
  g_auto(GStrv) filters = NULL;
  gboolean desc = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv or xlsx (default: from the file name)"), N_("FORMAT") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only the records this search finds"), N_("TEXT") },
    { "filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filters, N_("A filter of the list, e.g. kind=collective"), N_("NAME=VALUE") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("Sort by this field"), N_("FIELD") },
    { "desc", 0, 0, G_OPTION_ARG_NONE, &desc, N_("Sort the other way"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (- for standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("export", "members|artisans|events | all",
                     N_("Write a list, searched and filtered as in the window, to CSV (UTF-8, for Excel) "
                        "or XLSX; or, with “all -o FOLDER”, every table of the database to a folder of "
                        "CSV files that “import all” reads back."), entries);
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  GbExportFormat kind;
  GError *error = NULL;
  GType type;
  guint rows = 0;
  int code;

  if (!parse_command (context, &argc, &argv, 1, &code))
    return code;
  if (argc < 2)
    return usage_error (context, _("Say which list: members, artisans or events."));
  if (g_str_equal (argv[1], "all"))
    {
      if (output == NULL)
        return usage_error (context, _("Say which folder to write with -o FOLDER."));
      if (gb_output_is_stdout (output))
        return usage_error (context, _("The whole database is a folder of files; it cannot go to "
                                       "standard output."));
      return gb_cli_export_all (db_path, output);
    }
  if (g_str_equal (argv[1], "members"))
    type = GB_TYPE_MEMBER;
  else if (g_str_equal (argv[1], "artisans"))
    type = GB_TYPE_ARTISAN;
  else if (g_str_equal (argv[1], "events"))
    type = GB_TYPE_EVENT;
  else
    return usage_error (context, _("Say which list: members, artisans or events."));
  if (output == NULL)
    return usage_error (context, _("Say where to write it with -o FILE."));
  if (format == NULL)
    format = g_strdup (g_str_has_suffix (output, ".xlsx") ? "xlsx" : "csv");
  if (g_str_equal (format, "csv"))
    kind = GB_EXPORT_CSV;
  else if (g_str_equal (format, "xlsx"))
    kind = GB_EXPORT_XLSX;
  else
    return usage_error (context, _("The format is csv or xlsx."));

  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  store = gb_store_new (db, type);
  if (search)
    gb_query_set_search (query, search);
  for (guint i = 0; filters && filters[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (filters[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL)
        return usage_error (context, _("A filter is written NAME=VALUE."));
      gb_query_add_filter (query, pair[0], pair[1]);
    }
  if (sort)
    gb_query_set_sort (query, sort, desc);
  if (!gb_export (store, query, NULL, kind, output, NULL, &rows, &error))
    return fail (error);
  /* On standard output the data is there: the summary goes to standard error. */
  fprintf (gb_output_is_stdout (output) ? stderr : stdout,
           g_dngettext (GETTEXT_PACKAGE, "%u record written to %s\n", "%u records written to %s\n", rows),
           rows, gb_output_display_name (output));
  return EXIT_OK;
}
