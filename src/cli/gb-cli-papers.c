/* gb-cli-papers.c — certificates, cards and the register from the command line
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "gb-backup.h"
#include "gb-cli.h"
#include "gb-document.h"
#include "gb-error.h"
#include "gb-member.h"
#include "gb-output.h"
#include "gb-register-book.h"
#include "gb-register.h"
#include "gb-report.h"
#include "gb-store.h"
#include "gb-text.h"

/* Papers are personal data: a file is the owner's alone, and appears
 * whole or not at all; a pipe, a device or "-" is written through
 * (GbOutput). */
static gboolean
write_pdf (const char *path,
           GBytes     *pdf,
           GError    **error)
{
  return gb_output_write_bytes (path, pdf, error);
}

/* Where the summary goes: not into the data on standard output. */
static FILE *
summary_stream (const char *output)
{
  return gb_output_is_stdout (output) ? stderr : stdout;
}

static gboolean
parse_ids (char   **texts,
           GArray  *ids,
           GError **error)
{
  for (guint i = 0; texts && texts[i]; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (texts[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not a record number."), texts[i]);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }
  return TRUE;
}

typedef struct
{
  gboolean all;
  char   **artisans;
  char   **members;
  int      contest;
  char    *template_id;
  char    *output;
  char    *font;
  char    *date;
  gboolean issue;
  gboolean allow_shortened;
  gboolean no_photo;
  gboolean no_qr;
} Options;

static void
options_clear (Options *o)
{
  g_strfreev (o->artisans);
  g_strfreev (o->members);
  g_free (o->template_id);
  g_free (o->output);
  g_free (o->font);
  g_free (o->date);
}

static gboolean
add_papers (GbDatabase *db,
            GbDocument *doc,
            Options    *o,
            const char *paper_kind,
            GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;

  if (o->contest > 0)
    papers = gb_papers_for_contest (db, o->contest, error);
  else if (o->all && g_str_equal (paper_kind, "artisan"))
    papers = gb_papers_for_all_artisans (db, error);
  else if (o->all)
    {
      g_autoptr(GbStore) members = gb_store_new (db, GB_TYPE_MEMBER);
      g_autoptr(GbQuery) query = gb_query_new ();
      g_autoptr(GArray) all = NULL;

      gb_query_add_filter (query, "status", "active");
      if ((all = gb_store_query_ids (members, query, error)) == NULL)
        return FALSE;
      g_array_append_vals (ids, all->data, all->len);
    }
  else if (!parse_ids (o->artisans ? o->artisans : o->members, ids, error))
    return FALSE;

  if (papers == NULL && o->contest == 0 && !(o->all && g_str_equal (paper_kind, "artisan")))
    {
      papers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_paper_free);
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          GbPaper *p = o->artisans ? gb_paper_new_for_artisan (db, id, 0, error)
                                   : gb_paper_new_for_member (db, id, paper_kind, error);

          if (p == NULL)
            return FALSE;
          g_ptr_array_add (papers, p);
        }
    }
  if (papers == NULL)
    return FALSE;
  for (guint i = 0; i < papers->len; i++)
    gb_document_add_paper (doc, g_steal_pointer (&papers->pdata[i]));
  g_ptr_array_set_free_func (papers, NULL);
  return TRUE;
}

static int
make_papers (const char     *db_path,
             GOptionContext *context,
             Options        *o,
             const char     *default_template)
{
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GbOutput) output = NULL;
  GError *error = NULL;
  const char *paper_kind;
  FILE *summary;
  guint sources = (o->all ? 1 : 0) + (o->artisans ? 1 : 0) + (o->members ? 1 : 0)
                  + (o->contest > 0 ? 1 : 0);
  GPtrArray *papers;
  g_autoptr(GPtrArray) shortened = NULL;

  if (sources != 1)
    return usage_error (context, _("Say whose papers to draw: one of --all, --artisan, --contest "
                                   "or --member."));
  if (o->output == NULL)
    return usage_error (context, _("Say where to write the PDF with -o FILE.pdf."));
  if (o->date != NULL && !gb_text_is_valid_iso_date (o->date))
    return usage_error (context, _("The date is written YYYY-MM-DD."));

  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);
  if ((doc = gb_document_new_for_database (db, o->template_id ? o->template_id : default_template,
                                           &error)) == NULL)
    return fail (error);

  paper_kind = gb_document_get_template (doc)->paper;
  if ((o->artisans && !g_str_equal (paper_kind, "artisan"))
      || (o->contest > 0 && !g_str_equal (paper_kind, "award"))
      || (o->members && !g_str_equal (paper_kind, "membership") && !g_str_equal (paper_kind, "card")))
    return usage_error (context, _("That template is for another kind of paper."));

  gb_document_set_font (doc, o->font);
  gb_document_set_show_photo (doc, !o->no_photo);
  gb_document_set_show_qr (doc, !o->no_qr);
  if (o->date != NULL)
    gb_document_set_date (doc, o->date);
  if (!add_papers (db, doc, o, paper_kind, &error))
    return fail (error);

  /* A text cut short is a warning on a draft; an issued paper cannot be
   * taken back, so issuing one needs to be asked for. */
  if ((shortened = gb_document_check_fit (doc, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < shortened->len; i++)
    fprintf (stderr, "guildbook-cli: %s\n", (const char *) shortened->pdata[i]);
  if (o->issue && shortened->len > 0 && !o->allow_shortened)
    {
      g_set_error (&error, GB_ERROR, GB_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Nothing was issued: %u text would be cut short. Shorten it, or "
                                "issue anyway with --allow-shortened.",
                                "Nothing was issued: %u texts would be cut short. Shorten them, or "
                                "issue anyway with --allow-shortened.", shortened->len),
                   shortened->len);
      return fail (error);
    }

  if (o->issue)
    {
      /* The paper and its numbers together, or neither (gb_register_issue). */
      pdf = gb_register_issue (db, doc, o->date ? o->date : gb_text_today (), o->output, NULL, NULL,
                               NULL, &error);
      if (pdf == NULL)
        return fail (error);
    }
  else
    {
      /* A folder or a link to nothing is refused before anything is drawn. */
      if ((output = gb_output_open (o->output, &error)) == NULL)
        return fail (error);
      pdf = gb_document_to_pdf (doc, NULL, NULL, NULL, &error);
      if (pdf == NULL
          || !gb_output_write (output, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error)
          || !gb_output_commit (output, &error))
        return fail (error);
    }

  papers = gb_document_get_papers (doc);
  summary = summary_stream (o->output);
  {
    guint pages = gb_document_get_n_pages (doc);
    g_autofree char *n_papers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u paper", "%u papers",
                                                              papers->len), papers->len);
    g_autofree char *n_pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages",
                                                             pages), pages);

    /* Translators: "3 papers", "1 page", the file. */
    fprintf (summary, _("%s on %s written to %s\n"), n_papers, n_pages,
             gb_output_display_name (o->output));
  }
  if (o->issue && papers->len == 1)
    fprintf (summary, _("Issued number %s\n"), gb_paper_get (papers->pdata[0], "number"));
  else if (o->issue)
    fprintf (summary, _("Issued %s to %s\n"), gb_paper_get (papers->pdata[0], "number"),
             gb_paper_get (papers->pdata[papers->len - 1], "number"));
  return EXIT_OK;
}

int
gb_cli_certificate (const char *db_path, int argc, char **argv)
{
  Options o = { 0 };
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &o.all, N_("Every artisan who holds a valid title"), NULL },
    { "artisan", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.artisans, N_("An artisan's record number (repeat for more)"), N_("ID") },
    { "contest", 0, 0, G_OPTION_ARG_INT, &o.contest, N_("Every award of this contest"), N_("ID") },
    { "member", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.members, N_("A member's record number (repeat for more)"), N_("ID") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &o.template_id, N_("The template (artisan, award, membership or your own)"), N_("NAME") },
    { "issue", 0, 0, G_OPTION_ARG_NONE, &o.issue, N_("Number the papers and enter them in the register"), NULL },
    { "allow-shortened", 0, 0, G_OPTION_ARG_NONE, &o.allow_shortened, N_("Issue even when a text is cut short to fit its place"), NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date, N_("The date on the papers (default: today)"), N_("YYYY-MM-DD") },
    { "font", 0, 0, G_OPTION_ARG_STRING, &o.font, N_("The font family"), N_("FAMILY") },
    { "no-photo", 0, 0, G_OPTION_ARG_NONE, &o.no_photo, N_("Leave the photo out"), NULL },
    { "no-qr", 0, 0, G_OPTION_ARG_NONE, &o.no_qr, N_("Leave the QR code out"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("The PDF file to write (- for standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("certificate", NULL, N_("Draw certificates into a PDF: a draft changes nothing; "
                                             "--issue numbers them and enters them in the register."),
                     entries);
  int code;

  if (parse_command (context, &argc, &argv, 0, &code))
    code = make_papers (db_path, context, &o, o.contest > 0 ? "award"
                                              : o.members ? "membership" : "artisan");
  options_clear (&o);
  return code;
}

int
gb_cli_cards (const char *db_path, int argc, char **argv)
{
  Options o = { 0 };
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &o.all, N_("Every active member"), NULL },
    { "member", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.members, N_("A member's record number (repeat for more)"), N_("ID") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &o.template_id, N_("The template (card or your own)"), N_("NAME") },
    { "font", 0, 0, G_OPTION_ARG_STRING, &o.font, N_("The font family"), N_("FAMILY") },
    { "no-photo", 0, 0, G_OPTION_ARG_NONE, &o.no_photo, N_("Leave the photo out"), NULL },
    { "no-qr", 0, 0, G_OPTION_ARG_NONE, &o.no_qr, N_("Leave the QR code out"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("The PDF file to write (- for standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("cards", NULL, N_("Draw member cards, ten to an A4 sheet with cut marks."),
                     entries);
  int code;

  if (parse_command (context, &argc, &argv, 0, &code))
    code = make_papers (db_path, context, &o, "card");
  options_clear (&o);
  return code;
}

int
gb_cli_register (const char *db_path, int argc, char **argv)
{
  int year = 0;
  g_autofree char *kind = NULL;
  g_autofree char *output = NULL;
  g_autofree char *font = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Only this year"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Print the register book to this PDF"), N_("FILE") },
    { "font", 0, 0, G_OPTION_ARG_STRING, &font, N_("The font family"), N_("FAMILY") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only artisan, award or membership"), N_("KIND") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("register", NULL, N_("List the certificates issued, in the order of their "
                                          "numbers."), entries);
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if ((db = open_database (db_path, FALSE, &error)) == NULL
      || (list = gb_register_list (db, year, kind, &error)) == NULL)
    return fail (error);

  if (output != NULL)
    {
      g_autoptr(GbFlow) book = gb_register_book_new (db, year, kind, &error);
      g_autoptr(GBytes) pdf = NULL;

      if (book != NULL)
        {
          gb_flow_set_font (book, font);
          pdf = gb_flow_to_pdf (book, NULL, NULL, NULL, &error);
        }
      if (pdf == NULL || !write_pdf (output, pdf, &error))
        return fail (error);
      fprintf (summary_stream (output),
               g_dngettext (GETTEXT_PACKAGE, "The register book (%u page) is in %s\n",
                            "The register book (%u pages) is in %s\n", gb_flow_get_n_pages (book)),
               gb_flow_get_n_pages (book), gb_output_display_name (output));
      return EXIT_OK;
    }

  if (json)
    {
      fputs ("[", stdout);
      for (guint i = 0; i < list->len; i++)
        {
          GbRegisterEntry *e = list->pdata[i];
          g_autofree char *holder = gb_text_json_escape (e->holder_name);
          g_autofree char *number = gb_text_json_escape (e->number);
          g_autofree char *tmpl = gb_text_json_escape (e->template_id);
          g_autofree char *reason = e->void_reason ? gb_text_json_escape (e->void_reason) : NULL;

          printf ("%s\n  {\"id\": %" G_GINT64_FORMAT ", \"kind\": \"%s\", \"year\": %d, "
                  "\"serial\": %" G_GINT64_FORMAT ", \"number\": %s, \"holder\": %s, "
                  "\"issued_on\": \"%s\", \"template\": %s, \"sha256\": \"%s\", \"check\": \"%s\", "
                  "\"reissue_of\": %" G_GINT64_FORMAT ", \"voided_on\": %s%s%s, \"void_reason\": %s}",
                  i ? "," : "", e->id, e->kind, e->year, e->serial, number, holder, e->issued_on,
                  tmpl, e->sha256, e->check_code ? e->check_code : "", e->reissue_of, e->voided_on ? "\"" : "",
                  e->voided_on ? e->voided_on : "null", e->voided_on ? "\"" : "",
                  reason ? reason : "null");
        }
      fputs (list->len ? "\n]\n" : "]\n", stdout);
      return EXIT_OK;
    }

  if (list->len == 0)
    {
      printf (_("No certificate has been issued yet.\n"));
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      GbRegisterEntry *e = list->pdata[i];
      g_autofree char *date = gb_text_format_date (e->issued_on);

      printf ("%-20s %-10s %-12s %s%s%s\n", e->number, date, e->kind, e->holder_name,
              e->reissue_of ? _(" (duplicate)") : "", e->voided_on ? _(" (void)") : "");
    }
  return EXIT_OK;
}

/* A scanned QR payload looked up in the register: exit 0 when valid, 1
 * when revoked or unknown. */
int
gb_cli_verify (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("verify", "TEXT", N_("Look a paper’s scanned QR code up in the register: valid, "
                                          "revoked (and why) or unknown."), NULL);
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbVerifyResult) result = NULL;
  g_autofree char *date = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 1, &code))
    return code;
  if (argc < 2)
    return usage_error (context, _("Give the text the QR code holds."));
  if ((db = open_database (db_path, FALSE, &error)) == NULL
      || (result = gb_register_verify (db, argv[1], &error)) == NULL)
    return fail (error);
  date = result->date ? gb_text_format_date (result->date) : NULL;
  switch (result->status)
    {
    case GB_VERIFY_VALID:
      if (result->card)
        /* Translators: a member number, a name, a date. */
        printf (_("Valid: member card %s of %s, valid until %s\n"), result->number, result->holder, date);
      else
        /* Translators: a register number, a name, a date. */
        printf (_("Valid: %s, issued to %s on %s\n"), result->number, result->holder, date);
      return EXIT_OK;
    case GB_VERIFY_REVOKED:
      /* Translators: a register number, a name, then why it was revoked. */
      printf (_("Revoked: %s, issued to %s: %s\n"), result->number, result->holder,
              result->reason ? result->reason : "");
      return 1;
    case GB_VERIFY_UNKNOWN:
    default:
      printf (_("Unknown: the register holds no paper with this code.\n"));
      return 1;
    }
}

/* A section of a report staff wrote in a text file: UTF-8, NFC. */
static char *
read_section (const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not UTF-8 text."),
                   gb_output_display_name (path));
      return NULL;
    }
  return g_utf8_normalize (contents, length, G_NORMALIZE_NFC);
}

int
gb_cli_report (const char *db_path, int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL, *output = NULL, *font = NULL, *date = NULL;
  g_autofree char *assessment = NULL, *direction = NULL, *proposals = NULL;
  g_auto(GStrv) filters = NULL;
  int year = 0, number = 0;
  gboolean activity;
  gint64 contest = 0;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period (activity)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period (activity)"), N_("YYYY-MM-DD") },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year (activity, dues, statistics)"), N_("N") },
    { "contest", 0, 0, G_OPTION_ARG_INT64, &contest, N_("The contest's record number"), N_("ID") },
    { "number", 0, 0, G_OPTION_ARG_INT, &number, N_("The document's number (Số: 15/BC-…)"), N_("N") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date on the document (default: today)"), N_("YYYY-MM-DD") },
    { "filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filters, N_("Roster: a filter of the Members page, e.g. kind=collective"), N_("NAME=VALUE") },
    { "assessment", 0, 0, G_OPTION_ARG_FILENAME, &assessment, N_("Activity: the general assessment, a text file (Markdown-light)"), N_("FILE") },
    { "direction", 0, 0, G_OPTION_ARG_FILENAME, &direction, N_("Activity: direction and tasks, a text file"), N_("FILE") },
    { "proposals", 0, 0, G_OPTION_ARG_FILENAME, &proposals, N_("Activity: proposals, a text file"), N_("FILE") },
    { "font", 0, 0, G_OPTION_ARG_STRING, &font, N_("The font family"), N_("FAMILY") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF or XLSX file to write (- for a PDF on standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("report", "roster|artisans|activity|dues|contest|statistics",
                     N_("Make a report in the layout of Decree 30/2020/NĐ-CP, as PDF or as XLSX."),
                     entries);
  g_autoptr(GbDatabase) db = NULL;
  g_autoptr(GbReport) report = NULL;
  GbReportOptions options;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 1, &code))
    return code;
  if (argc < 2 || !g_strv_contains (gb_report_kinds, argv[1]))
    return usage_error (context, _("Say which report: roster, artisans, activity, dues, contest or statistics."));
  if (output == NULL || !(gb_output_is_stdout (output) || g_str_has_suffix (output, ".pdf")
                          || g_str_has_suffix (output, ".xlsx")))
    return usage_error (context, _("Say where to write it with -o FILE.pdf or -o FILE.xlsx."));
  if ((from && !gb_text_is_valid_iso_date (from)) || (to && !gb_text_is_valid_iso_date (to))
      || (date && !gb_text_is_valid_iso_date (date)))
    return usage_error (context, _("The date is written YYYY-MM-DD."));
  if (number < 0 || number > 9999)
    return usage_error (context, _("The number is between 1 and 9999."));
  /* An option the report does not read is refused, not quietly dropped:
   * a report of the wrong period looks just like the right one. */
  activity = g_str_equal (argv[1], "activity");
  if ((from || to) && !activity)
    return usage_error (context, _("--from and --to are for the activity report; use --year for dues and statistics."));
  if (year != 0 && !(activity || g_str_equal (argv[1], "dues") || g_str_equal (argv[1], "statistics")))
    return usage_error (context, _("--year is for the activity, dues and statistics reports."));
  if (year != 0 && (year < 1900 || year > 9999))
    return usage_error (context, _("The year is written with four digits, e.g. 2025."));
  if (activity && year != 0 && (from || to))
    return usage_error (context, _("Give the activity report's period as --year or as --from and --to, not both."));
  if (filters != NULL && !g_str_equal (argv[1], "roster"))
    return usage_error (context, _("--filter is for the roster report."));
  if (contest != 0 && !g_str_equal (argv[1], "contest"))
    return usage_error (context, _("--contest is for the contest report."));
  if ((assessment || direction || proposals) && !activity)
    return usage_error (context, _("--assessment, --direction and --proposals are for the activity report."));
  if ((db = open_database (db_path, FALSE, &error)) == NULL)
    return fail (error);

  gb_report_options_init (&options, argv[1]);
  if (from)
    g_free (options.from), options.from = g_strdup (from);
  if (to)
    g_free (options.to), options.to = g_strdup (to);
  if (year > 0)
    options.year = year;
  if (activity && year > 0)
    {
      /* The whole year; this year up to today, as without --year. */
      g_free (options.from), options.from = g_strdup_printf ("%d-01-01", year);
      if (year != gb_text_current_year ())
        g_free (options.to), options.to = g_strdup_printf ("%d-12-31", year);
    }
  options.contest_id = contest;
  options.number = (guint) number;
  options.date = g_strdup (date);
  options.font = g_strdup (font);
  options.filters = g_steal_pointer (&filters);
  options.fees = gb_report_fees_from_settings ();
  if ((assessment && (options.assessment = read_section (assessment, &error)) == NULL)
      || (direction && (options.direction = read_section (direction, &error)) == NULL)
      || (proposals && (options.proposals = read_section (proposals, &error)) == NULL))
    {
      gb_report_options_clear (&options);
      return fail (error);
    }
  report = gb_report_build (db, &options, NULL, &error);
  gb_report_options_clear (&options);
  if (report == NULL)
    return fail (error);

  if (g_str_has_suffix (output, ".xlsx"))
    {
      if (!gb_report_write_xlsx (report, output, &error))
        return fail (error);
    }
  else
    {
      g_autoptr(GBytes) pdf = gb_flow_to_pdf (report->flow, NULL, NULL, NULL, &error);

      if (pdf == NULL || !write_pdf (output, pdf, &error))
        return fail (error);
      /* The spreadsheet holds every letter; the paper says which it could not print. */
      for (const char *const *w = gb_flow_get_warnings (report->flow); *w; w++)
        fprintf (stderr, "guildbook-cli: %s\n", *w);
    }
  {
    guint pages = gb_flow_get_n_pages (report->flow);
    g_autofree char *n_pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages",
                                                             pages), pages);

    /* Translators: the report's title, "3 pages", the file. */
    fprintf (summary_stream (output), _("%s (%s) written to %s\n"), gb_report_kind_title (argv[1]),
             n_pages, gb_output_display_name (output));
  }
  return EXIT_OK;
}

int
gb_cli_backup (const char *db_path, int argc, char **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write it (default: the backups folder; - for standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("backup", NULL, N_("Copy the database safely, even while the window uses it."), entries);
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 0, &code))
    return code;
  if ((db = open_database (db_path, FALSE, &error)) == NULL
      || (path = gb_backup_make (db, output, "manual", &error)) == NULL)
    return fail (error);
  fprintf (summary_stream (path), _("Backup written to %s\n"), gb_output_display_name (path));
  return EXIT_OK;
}

int
gb_cli_restore (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("restore", "FILE", N_("Replace the database by a backup; the current content is "
                                           "backed up first."), NULL);
  g_autoptr(GbDatabase) db = NULL;
  g_autofree char *kept = NULL;
  GError *error = NULL;
  int code;

  if (!parse_command (context, &argc, &argv, 1, &code))
    return code;
  if (argc < 2)
    return usage_error (context, _("Say which backup to restore."));
  if ((db = open_database (db_path, TRUE, &error)) == NULL
      || !gb_backup_restore_full (db, argv[1], &kept, &error))
    return fail (error);
  printf (_("Restored %s from %s\n"), gb_database_get_path (db), argv[1]);
  if (kept != NULL)
    printf (_("The file was damaged; what it held is kept as %s\n"), kept);
  return EXIT_OK;
}
