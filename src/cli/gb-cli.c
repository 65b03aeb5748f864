/* gb-cli.c — guildbook-cli: the same core as the window, for scripts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status: 0 success; 1 a data or file error, told in one line on
 * stderr; 2 a usage error.
 */
#define G_LOG_DOMAIN "gb-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gb-artisan.h"
#include "gb-backup.h"
#include "gb-choices.h"
#include "gb-database.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-i18n.h"
#include "gb-member.h"
#include "gb-output.h"
#include "gb-stats.h"
#include "gb-store.h"
#include "gb-text.h"
#include "gb-cli.h"

typedef struct
{
  const char *name;
  const char *args;          /* shown after the name in --help */
  const char *summary;       /* N_() */
  int       (*run)          (const char *db_path, int argc, char **argv);
  gboolean    writes;        /* checked (PRAGMA quick_check) before it may write */
} Command;

static const char *program = "guildbook-cli";

/* Set from the command: the file must be writable and pass its check. */
static gboolean command_writes;

int
fail (GError *error)
{
  fprintf (stderr, "%s: %s\n", program, error->message);
  g_error_free (error);
  return EXIT_DATA;
}

int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "%s: %s\n\n%s", program, message, help);
  return EXIT_USAGE;
}

GOptionContext *
command_context (const char         *name,
                 const char         *args,
                 const char         *summary,
                 const GOptionEntry *entries)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", name, args ? args : "");
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* Parses a command's own options; returns FALSE with the exit code set. */
gboolean
parse_command (GOptionContext  *context,
               int             *argc,
               char          ***argv,
               int              max_args,
               int             *exit_code)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = usage_error (context, error->message);
      return FALSE;
    }
  if (*argc - 1 > max_args)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”."), (*argv)[max_args + 1]);
      *exit_code = usage_error (context, message);
      return FALSE;
    }
  return TRUE;
}

/* A command that writes refuses a read-only file, and a damaged one before
 * a byte is written to it (the README's promise). Reading commands open
 * either, so that its records can still be listed, exported and backed up. */
GbDatabase *
open_database (const char  *path,
               gboolean     create,
               GError     **error)
{
  g_autoptr(GbDatabase) db = gb_database_open (path, create ? GB_DATABASE_CREATE : GB_DATABASE_OPEN_EXISTING,
                                               error);

  if (db == NULL || !command_writes)
    return g_steal_pointer (&db);
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

/* A file's path, or a shared database's name and host: never a password
 * a connection string may hold. */
char *
shown_name (GbDatabase *db)
{
  return gb_database_is_shared (db) ? gb_database_dup_display_name (db) : g_strdup (gb_database_get_path (db));
}

static int
cmd_init (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("init", NULL, N_("Create an empty Guildbook database, or bring an existing one "
                                      "to the current schema."), NULL);
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *shown = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if ((db = open_database (db_path, TRUE, &error)) == NULL)
    return fail (error);
  printf (_("Database ready: %s (schema %d)\n"), shown = shown_name (db),
          gb_database_get_schema_version (db));
  return EXIT_OK;
}

static int
cmd_demo (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("demo", NULL, N_("Fill an empty database with the demo association: 64 "
                                      "collective and 96 individual members, 120 artisans and the "
                                      "2021 events."), NULL);
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *shown = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if ((db = open_database (db_path, TRUE, &error)) == NULL)
    return fail (error);
  if (!gb_demo_fill (db, &error))
    return fail (error);
  printf (_("Demo data added to %s.\n"), shown = shown_name (db));
  return EXIT_OK;
}

static int
cmd_stats (const char *db_path, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("stats", NULL, N_("Show how many members, artisans and events the database "
                                       "holds."), entries);
  g_autoptr(GbDatabase) db = NULL;
  GError *error = NULL;
  GbStats stats;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if ((db = open_database (db_path, FALSE, &error)) == NULL || !gb_stats_collect (db, &stats, &error))
    return fail (error);

  if (json)
    {
      g_autofree char *text = gb_stats_to_json (&stats);
      fputs (text, stdout);
      return EXIT_OK;
    }

  printf ("%-36s %6" G_GINT64_FORMAT "\n", _("Collective members"), stats.collective_members);
  printf ("%-36s %6" G_GINT64_FORMAT "\n", _("Individual members"), stats.individual_members);
  printf ("%-36s %6" G_GINT64_FORMAT "\n", _("Artisans"), stats.artisans);
  for (guint i = 0; gb_title_kinds[i].code && i < G_N_ELEMENTS (stats.artisans_by_title); i++)
    if (stats.artisans_by_title[i] > 0)
      printf ("  %-34s %6" G_GINT64_FORMAT "\n", _(gb_title_kinds[i].label),
              stats.artisans_by_title[i]);
  printf ("%-36s %6" G_GINT64_FORMAT "\n", _("Events"), stats.events);
  {
    g_autofree char *label = g_strdup_printf (_("Events in %d"), stats.year);
    printf ("%-36s %6" G_GINT64_FORMAT "\n", label, stats.events_this_year);
  }
  return EXIT_OK;
}

/* The columns `list` prints for people; --json prints every field. */
static const char *const member_columns[] = { "member_no", "name", "kind", "craft_name", "commune", "status", "joined_date", NULL };
static const char *const artisan_columns[] = { "name", "birth_year", "craft_name", "village", "highest_title", "decision_no", NULL };
static const char *const event_columns[] = { "start_date", "kind", "title", "place", "participant_count", NULL };

static void
print_padded (const char *text,
              guint       width,
              gboolean    last)
{
  glong len = g_utf8_strlen (text, -1);

  fputs (text, stdout);
  if (!last)
    for (glong i = len; i < (glong) width + 2; i++)
      fputc (' ', stdout);
}

static void
print_table (const GbEntity     *entity,
             GPtrArray          *records,
             const char *const  *columns)
{
  guint n = g_strv_length ((char **) columns);
  g_autofree guint *widths = g_new0 (guint, n);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < n; c++)
    widths[c] = g_utf8_strlen (_(gb_entity_find_field (entity, columns[c])->label), -1);

  for (guint r = 0; r < records->len; r++)
    for (guint c = 0; c < n; c++)
      {
        char *cell = gb_record_dup_field_display (g_ptr_array_index (records, r),
                                    gb_entity_find_field (entity, columns[c]));
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cell, -1));
        g_ptr_array_add (cells, cell);
      }

  for (guint c = 0; c < n; c++)
    print_padded (_(gb_entity_find_field (entity, columns[c])->label), widths[c], c == n - 1);
  fputc ('\n', stdout);
  for (guint r = 0; r < records->len; r++)
    {
      for (guint c = 0; c < n; c++)
        print_padded (g_ptr_array_index (cells, r * n + c), widths[c], c == n - 1);
      fputc ('\n', stdout);
    }
}

static void
print_json (const GbEntity *entity,
            GPtrArray      *records)
{
  fputs ("[\n", stdout);
  for (guint r = 0; r < records->len; r++)
    {
      GbRecord *record = g_ptr_array_index (records, r);

      printf ("  {\"id\": %" G_GINT64_FORMAT, gb_record_get_id (record));
      for (guint i = 0; i < entity->n_fields; i++)
        {
          const GbField *field = &entity->fields[i];
          g_autofree char *value = NULL;
          g_autofree char *quoted = NULL;

          if (field->type == GB_FIELD_BLOB)
            continue;
          value = gb_record_dup_field_string (record, field);
          if (value == NULL)
            {
              printf (", \"%s\": null", field->name);
              continue;
            }
          if (field->type == GB_FIELD_INT || field->type == GB_FIELD_REAL)
            printf (", \"%s\": %s", field->name, value);
          else if (field->type == GB_FIELD_BOOL)
            printf (", \"%s\": %s", field->name, g_str_equal (value, "1") ? "true" : "false");
          else
            {
              quoted = gb_text_json_escape (value);
              printf (", \"%s\": %s", field->name, quoted);
            }
        }
      printf ("}%s\n", r + 1 < records->len ? "," : "");
    }
  fputs ("]\n", stdout);
}

static int
cmd_list (const char *db_path, int argc, char **argv)
{
  g_autofree char *search = NULL;
  g_autofree char *sort = NULL;
  g_auto(GStrv) filters = NULL;
  gboolean json = FALSE, descending = FALSE, deleted = FALSE;
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only records matching TEXT (marks and case ignored)"), N_("TEXT") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("Sort by FIELD (default: name)"), N_("FIELD") },
    { "desc", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Sort in descending order"), NULL },
    { "filter", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &filters, N_("Only records where NAME is VALUE, e.g. kind=collective"), N_("NAME=VALUE") },
    { "deleted", 0, 0, G_OPTION_ARG_NONE, &deleted, N_("List the deleted records (the bin)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON with every field"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("list", "members|artisans|events",
                     N_("List members, artisans or events, sorted the Vietnamese way."), entries);
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbQuery) query = gb_query_new ();
  g_autoptr(GPtrArray) records = NULL;
  const char *const *columns;
  GType type;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 1, &code))
    return code;
  if (argc < 2)
    return usage_error (context, _("Say what to list: members, artisans or events."));

  if (g_str_equal (argv[1], "members"))
    type = GB_TYPE_MEMBER, columns = member_columns;
  else if (g_str_equal (argv[1], "artisans"))
    type = GB_TYPE_ARTISAN, columns = artisan_columns;
  else if (g_str_equal (argv[1], "events"))
    type = GB_TYPE_EVENT, columns = event_columns;
  else
    {
      g_autofree char *message = g_strdup_printf (_("Cannot list “%s”: say members, artisans or events."),
                                                  argv[1]);
      return usage_error (context, message);
    }

  gb_query_set_search (query, search);
  gb_query_set_sort (query, sort, descending);
  gb_query_set_deleted (query, deleted ? GB_DELETED_ONLY : GB_DELETED_HIDE);
  for (guint i = 0; filters && filters[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (filters[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("A filter is NAME=VALUE, not “%s”."), filters[i]);
          return usage_error (context, message);
        }
      gb_query_add_filter (query, pair[0], pair[1]);
    }

  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  store = gb_store_new (db, type);
  if ((records = gb_store_query (store, query, &error)) == NULL)
    {
      /* An unknown sort field or filter is the caller's mistake. */
      if (g_error_matches (error, GB_ERROR, GB_ERROR_INVALID))
        {
          code = usage_error (context, error->message);
          g_error_free (error);
          return code;
        }
      return fail (error);
    }

  if (json)
    print_json (gb_store_get_entity (store), records);
  else
    print_table (gb_store_get_entity (store), records, columns);
  return EXIT_OK;
}

static int
cmd_check (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("check", NULL, N_("Check the database file's integrity and foreign keys."), NULL);
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *report = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  if (!gb_database_check (db, &report, &error))
    {
      if (report != NULL)
        fputs (report, stderr);
      return fail (error);
    }
  printf (_("%s: the database is intact.\n"), shown = shown_name (db));
  return EXIT_OK;
}

/* restore writes too, but it is what a damaged file needs: it is not checked. */
static const Command commands[] = {
  { "init", NULL, N_("Create or upgrade a database"), cmd_init, TRUE },
  { "demo", NULL, N_("Fill an empty database with the demo association"), cmd_demo, TRUE },
  { "stats", "[--json]", N_("Count members, artisans and events"), cmd_stats },
  { "list", "members|artisans|events [--search TEXT] [--sort FIELD] [--json]", N_("List records"), cmd_list },
  { "certificate", "(--all|--artisan ID…|--contest ID|--member ID…) [--issue] -o FILE.pdf",
    N_("Draw or issue certificates"), gb_cli_certificate, TRUE },
  { "cards", "(--all|--member ID…) -o FILE.pdf", N_("Draw member cards, ten to a sheet"),
    gb_cli_cards },
  { "register", "[--year N] [--kind KIND] [--json | -o BOOK.pdf]", N_("List the register of issued certificates"),
    gb_cli_register },
  { "verify", "TEXT", N_("Look a scanned QR code up in the register"), gb_cli_verify },
  { "report", "KIND [--from DATE --to DATE] [--year N] [--contest ID] [--number N] -o FILE.pdf|.xlsx",
    N_("Make a report for submission"), gb_cli_report },
  { "export", "members|artisans|events [--format csv|xlsx] [--search TEXT] [--filter NAME=VALUE] -o FILE | all -o FOLDER",
    N_("Write a list to CSV or XLSX, or the whole database to a folder"), gb_cli_export },
  { "import", "members|artisans|events FILE [--sheet NAME] [--map FILE] [--dry-run] [--valid-only] | undo [ID] | all FOLDER",
    N_("Read a CSV or XLSX file into the database, or a whole exported folder"), gb_cli_import, TRUE },
  { "copy", "[--from FILE|URI] --to FILE|URI", N_("Copy the whole register into a new or empty database"),
    gb_cli_copy },
  { "backup", "[-o FILE]", N_("Back up the database"), gb_cli_backup },
  { "restore", "FILE", N_("Restore the database from a backup"), gb_cli_restore },
  { "check", NULL, N_("Check the database's integrity"), cmd_check },
  { "roles", "setup | grant LOGIN viewer|clerk|secretary | revoke LOGIN | list",
    N_("Who may do what on a shared database"), gb_cli_roles },
};

static char *
main_description (void)
{
  GString *out = g_string_new (_("Commands:"));

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_printf (out, "\n%s", _("Run “guildbook-cli COMMAND --help” for a command's options."));
  return g_string_free (out, FALSE);
}

int
main (int argc, char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The database file, or a shared PostgreSQL database (postgresql://…) (default: a file in your data folder)"),
      N_("FILE|URI") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  gb_i18n_init ();

  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Work with a Guildbook database from the command line."));
  description = main_description ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (version)
    {
      printf ("guildbook-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  if (argc < 2)
    return usage_error (context, _("No command given."));

  if (db_path == NULL)
    db_path = gb_database_default_path ();
  /* What a killed run (a restore, a backup) left of its work on this file
   * goes before it is opened again, and the backups are pruned. */
  gb_backup_tidy (db_path);
  /* No -o may name the database, or the log sqlite keeps beside it. */
  gb_output_protect (db_path);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        command_writes = commands[i].writes;
        return commands[i].run (db_path, argc - 1, argv + 1);
      }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
    return usage_error (context, message);
  }
}
