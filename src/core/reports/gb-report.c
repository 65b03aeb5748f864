/* gb-report.c — building the reports
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kinds of report and their options, kept with a draft; building
 * one hands the kind's builder (gb-report-kinds.c) the association and
 * the date, then lays the flow out.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-report-private.h"
#include "gb-store.h"
#include "gb-text.h"

const char *const gb_report_kinds[] = {
  "roster", "artisans", "activity", "dues", "contest", "statistics", NULL,
};

const char *
gb_report_kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "roster") == 0)
    return "Danh sách hội viên";
  if (g_strcmp0 (kind, "artisans") == 0)
    return "Danh sách nghệ nhân";
  if (g_strcmp0 (kind, "activity") == 0)
    return "Báo cáo kết quả hoạt động";
  if (g_strcmp0 (kind, "dues") == 0)
    return "Báo cáo thu hội phí";
  if (g_strcmp0 (kind, "contest") == 0)
    return "Báo cáo kết quả cuộc thi";
  if (g_strcmp0 (kind, "statistics") == 0)
    return "Báo cáo thống kê";
  return kind;
}

/* Options ---------------------------------------------------------------- */

void
gb_report_options_init (GbReportOptions *o,
                        const char      *kind)
{
  int year = gb_text_current_year ();

  memset (o, 0, sizeof *o);
  o->kind = g_strdup (kind);
  o->year = year;
  o->from = g_strdup_printf ("%d-01-01", year);
  o->to = g_strdup (gb_text_today ());
}

void
gb_report_options_clear (GbReportOptions *o)
{
  g_free (o->kind);
  g_free (o->from);
  g_free (o->to);
  g_free (o->date);
  g_strfreev (o->recipients);
  g_strfreev (o->filters);
  g_free (o->font);
  g_free (o->assessment);
  g_free (o->direction);
  g_free (o->proposals);
  g_clear_pointer (&o->fees, g_variant_unref);
  memset (o, 0, sizeof *o);
}

/* @to as @from, whatever it held before; what gb_report_options_save()
 * leaves out (the font, the fees) included. */
void
gb_report_options_copy (GbReportOptions       *to,
                        const GbReportOptions *from)
{
  if (to == from)
    return;
  gb_report_options_clear (to);
  *to = *from;
  to->kind = g_strdup (from->kind);
  to->from = g_strdup (from->from);
  to->to = g_strdup (from->to);
  to->date = g_strdup (from->date);
  to->recipients = g_strdupv (from->recipients);
  to->filters = g_strdupv (from->filters);
  to->font = g_strdup (from->font);
  to->assessment = g_strdup (from->assessment);
  to->direction = g_strdup (from->direction);
  to->proposals = g_strdup (from->proposals);
  to->fees = from->fees != NULL ? g_variant_ref (from->fees) : NULL;
}

static void
put_string (GVariantBuilder *b,
            const char      *key,
            const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_string (value));
}

static void
put_strv (GVariantBuilder *b,
          const char      *key,
          char           **value)
{
  if (value != NULL)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_strv ((const char *const *) value, -1));
}

/* A draft's options as a GVariant a{sv}, for the database. */
GVariant *
gb_report_options_save (const GbReportOptions *o)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  put_string (&b, "kind", o->kind);
  put_string (&b, "from", o->from);
  put_string (&b, "to", o->to);
  g_variant_builder_add (&b, "{sv}", "year", g_variant_new_int32 (o->year));
  g_variant_builder_add (&b, "{sv}", "contest", g_variant_new_int64 (o->contest_id));
  g_variant_builder_add (&b, "{sv}", "number", g_variant_new_uint32 (o->number));
  put_string (&b, "date", o->date);
  put_strv (&b, "recipients", o->recipients);
  put_strv (&b, "filters", o->filters);
  put_string (&b, "assessment", o->assessment);
  put_string (&b, "direction", o->direction);
  put_string (&b, "proposals", o->proposals);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

gboolean
gb_report_options_load (GbReportOptions *o,
                        GVariant        *saved)
{
  const char *kind = NULL;
  GVariantDict dict;

  if (saved == NULL || !g_variant_is_of_type (saved, G_VARIANT_TYPE_VARDICT))
    return FALSE;
  g_variant_dict_init (&dict, saved);
  if (!g_variant_dict_lookup (&dict, "kind", "&s", &kind)
      || !g_strv_contains (gb_report_kinds, kind))
    {
      g_variant_dict_clear (&dict);
      return FALSE;
    }
  gb_report_options_clear (o);
  gb_report_options_init (o, kind);
  g_variant_dict_lookup (&dict, "year", "i", &o->year);
  g_variant_dict_lookup (&dict, "contest", "x", &o->contest_id);
  g_variant_dict_lookup (&dict, "number", "u", &o->number);
#define STR(k, field) { const char *v; if (g_variant_dict_lookup (&dict, k, "&s", &v)) { g_free (o->field); o->field = g_strdup (v); } }
  STR ("from", from);
  STR ("to", to);
  STR ("date", date);
  STR ("assessment", assessment);
  STR ("direction", direction);
  STR ("proposals", proposals);
#undef STR
  g_variant_dict_lookup (&dict, "recipients", "^as", &o->recipients);
  g_variant_dict_lookup (&dict, "filters", "^as", &o->filters);
  g_variant_dict_clear (&dict);
  return TRUE;
}

static void
sheet_free (GbSheet *s)
{
  g_free (s->name);
  g_strfreev (s->titles);
  g_free (s->numeric);
  g_ptr_array_unref (s->rows);
  g_strfreev (s->footer);
  g_free (s);
}

void
gb_report_free (GbReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->flow, gb_flow_free);
  g_free (report->paper.issuer);
  g_free (report->paper.number);
  g_free (report->paper.date_line);
  g_free (report->paper.kind);
  g_free (report->paper.subject);
  g_free (report->paper.addressee);
  g_strfreev (report->paper.recipients);
  g_free (report->paper.authority);
  g_free (report->paper.title);
  g_free (report->paper.signer);
  g_ptr_array_unref (report->sheets);
  g_free (report->file_stem);
  g_free (report);
}

GbReport *
gb_report_build (GbDatabase            *database,
                 const GbReportOptions *options,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr(GbStore) profile = gb_store_new (database, GB_TYPE_ASSOCIATION);
  g_autoptr(GbReport) report = g_new0 (GbReport, 1);
  Builder b = { database, options, report, NULL, NULL, NULL, NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (options != NULL && options->kind != NULL, NULL);

  report->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  b.assoc_record = gb_store_get (profile, 1, NULL);
  b.assoc = b.assoc_record ? GB_ASSOCIATION (b.assoc_record) : NULL;
  b.date = g_strdup (options->date && gb_text_is_valid_iso_date (options->date) ? options->date
                                                                                : gb_text_today ());

  if (g_str_equal (options->kind, "roster"))
    ok = gb_report_build_roster (&b, error);
  else if (g_str_equal (options->kind, "artisans"))
    ok = gb_report_build_artisans (&b, error);
  else if (g_str_equal (options->kind, "activity"))
    ok = gb_report_build_activity (&b, error);
  else if (g_str_equal (options->kind, "dues"))
    ok = gb_report_build_dues (&b, error);
  else if (g_str_equal (options->kind, "contest"))
    ok = gb_report_build_contest (&b, error);
  else if (g_str_equal (options->kind, "statistics"))
    ok = gb_report_build_statistics (&b, error);
  else
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("There is no report “%s”."), options->kind);
      ok = FALSE;
    }
  g_clear_object (&b.assoc_record);
  g_free (b.date);
  g_clear_pointer (&b.recipients, g_ptr_array_unref);
  if (!ok)
    return NULL;
  if (!gb_flow_layout (report->flow, cancellable, error))
    return NULL;
  return g_steal_pointer (&report);
}
