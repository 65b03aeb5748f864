/* gb-register-book.c — "Sổ đăng ký cấp giấy chứng nhận"
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A4 landscape in the administrative layout: every entry of the year with
 * its number, holder, date, template, what it replaced or why it is void,
 * and the start of the SHA-256 of the PDF that was issued.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include "gb-decree30.h"
#include "gb-register-book.h"
#include "gb-register.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-template.h"
#include "gb-text.h"

static const char *
kind_name (const char *kind)
{
  if (g_strcmp0 (kind, "artisan") == 0)
    return "Nghệ nhân";
  if (g_strcmp0 (kind, "award") == 0)
    return "Đạt giải";
  if (g_strcmp0 (kind, "membership") == 0)
    return "Hội viên";
  return kind;
}

/* The template's name as a Vietnamese paper gives it ("Giấy chứng nhận
 * Nghệ nhân"), not its file name; a template since removed by the kind's
 * own paper. */
static const char *
template_title (GHashTable *titles,
                const char *template_id,
                const char *kind)
{
  const char *title = g_hash_table_lookup (titles, template_id ? template_id : "");

  if (title == NULL)
    {
      g_autoptr(GbTemplate) t = template_id ? gb_template_load (template_id, NULL) : NULL;
      char *name;

      if (t != NULL)
        name = g_strdup (t->name_vi);
      else
        name = g_strdup_printf ("Giấy chứng nhận %s", kind_name (kind));
      g_hash_table_insert (titles, g_strdup (template_id ? template_id : ""), name);
      title = name;
    }
  return title;
}

/* @year 0: every year; @kind NULL: every kind. */
GbFlow *
gb_register_book_new (GbDatabase  *database,
                      int          year,
                      const char  *kind,
                      GError     **error)
{
  g_autoptr(GPtrArray) entries = gb_register_list (database, year, kind, error);
  g_autoptr(GbStore) profile = gb_store_new (database, GB_TYPE_ASSOCIATION);
  g_autoptr(GbRecord) record = gb_store_get (profile, 1, NULL);
  GbAssociation *a = record ? GB_ASSOCIATION (record) : NULL;
  g_autofree char *subject = NULL;
  GbDecree30Heading heading = { 0 };
  GbDecree30Closing closing = { 0 };
  static const char *const recipients[] = { "Lưu: VT", NULL };
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GbPageStyle style;
  GbFlowTable *table;
  GbFlow *flow;

  if (entries == NULL)
    return NULL;

  gb_decree30_page_style (&style, TRUE);
  flow = gb_flow_new (&style);
  gb_flow_set_title (flow, "Sổ đăng ký cấp giấy chứng nhận");
  heading.issuer = a && a->name ? a->name : "";
  heading.place = a ? a->place : NULL;
  heading.date = gb_text_today ();
  heading.number = NULL;
  gb_decree30_add_heading (flow, &heading);

  subject = year > 0 ? g_strdup_printf ("Năm %d%s%s", year, kind ? " — " : "", kind ? kind_name (kind) : "")
                     : g_strdup_printf ("Tất cả các năm%s%s", kind ? " — " : "", kind ? kind_name (kind) : "");
  gb_decree30_add_title (flow, "SỔ ĐĂNG KÝ CẤP GIẤY CHỨNG NHẬN", subject);

  table = gb_flow_add_table (flow, 8, 11);
  gb_flow_table_set_column (table, 0, "STT", 0.5, GB_ALIGN_RIGHT);
  gb_flow_table_set_column (table, 1, "Số", 1.6, GB_ALIGN_LEFT);
  gb_flow_table_set_column (table, 2, "Loại", 1.0, GB_ALIGN_LEFT);
  gb_flow_table_set_column (table, 3, "Người được cấp", 2.4, GB_ALIGN_LEFT);
  gb_flow_table_set_column (table, 4, "Ngày cấp", 1.1, GB_ALIGN_LEFT);
  gb_flow_table_set_column (table, 5, "Mẫu", 1.4, GB_ALIGN_LEFT);
  gb_flow_table_set_column (table, 6, "Ghi chú", 2.2, GB_ALIGN_LEFT);
  gb_flow_table_set_column (table, 7, "SHA-256", 1.3, GB_ALIGN_LEFT);
  for (guint i = 0; i < entries->len; i++)
    {
      GbRegisterEntry *e = entries->pdata[i];
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *date = gb_text_format_date (e->issued_on);
      g_autofree char *sha = g_strndup (e->sha256 ? e->sha256 : "", 12);
      g_autoptr(GString) note = g_string_new (NULL);
      const char *cells[8];

      if (e->reissue_of > 0)
        for (guint j = 0; j < entries->len; j++)
          if (((GbRegisterEntry *) entries->pdata[j])->id == e->reissue_of)
            g_string_append_printf (note, "Cấp lại, thay số %s", ((GbRegisterEntry *) entries->pdata[j])->number);
      if (e->reissue_of > 0 && note->len == 0)
        g_string_append (note, "Cấp lại");
      if (e->voided_on)
        {
          g_autofree char *voided = gb_text_format_date (e->voided_on);

          g_string_append_printf (note, "%sThu hồi ngày %s: %s", note->len ? "; " : "", voided,
                                  e->void_reason ? e->void_reason : "");
        }
      cells[0] = n;
      cells[1] = e->number;
      cells[2] = kind_name (e->kind);
      cells[3] = e->holder_name;
      cells[4] = date;
      cells[5] = template_title (titles, e->template_id, e->kind);
      cells[6] = note->str;
      cells[7] = sha;
      gb_flow_table_add_row (table, cells);
    }
  {
    g_autofree char *total = g_strdup_printf ("Tổng cộng: %u giấy chứng nhận", entries->len);
    const char *footer[8] = { "", "", "", total, "", "", "", "" };

    gb_flow_table_set_footer (table, footer);
  }

  closing.recipients = recipients;
  closing.authority = a ? a->signing_authority : NULL;
  closing.title = a ? a->signing_title : NULL;
  closing.signer = a ? a->chairman : NULL;
  gb_decree30_add_closing (flow, &closing);
  return flow;
}
