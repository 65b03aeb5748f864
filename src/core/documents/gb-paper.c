/* gb-paper.c — gathering what a certificate or card says
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-member.h"
#include "gb-document.h"
#include "gb-paper.h"
#include "gb-registry.h"
#include "gb-store.h"
#include "gb-text.h"

GbPaper *
gb_paper_new (const char *kind)
{
  GbPaper *self = g_new0 (GbPaper, 1);

  self->kind = g_strdup (kind);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
gb_paper_free (GbPaper *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_hash_table_unref (self->values);
  g_clear_pointer (&self->photo, g_bytes_unref);
  g_free (self);
}

void
gb_paper_set (GbPaper    *self,
              const char *key,
              const char *value)
{
  g_hash_table_replace (self->values, g_strdup (key), gb_text_normalize (value ? value : ""));
}

const char *
gb_paper_get (GbPaper    *self,
              const char *key)
{
  return g_hash_table_lookup (self->values, key);
}

const char *
gb_paper_get_holder (GbPaper *self)
{
  const char *name = gb_paper_get (self, "name");

  return name ? name : "";
}

static void
set_int (GbPaper    *self,
         const char *key,
         gint64      value)
{
  g_autofree char *text = value > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : NULL;

  gb_paper_set (self, key, text);
}

/* Decree 30's way: "ngày 05 tháng 02 năm 2025", a leading zero for days
 * under 10 and for months 1 and 2 only. The paper is Vietnamese whatever
 * the language of the window. */
char *
gb_paper_long_date (const char *iso_date)
{
  GDate date;
  guint y, m, d;

  if (!gb_date_from_iso (iso_date, &date))
    return g_strdup ("");
  y = g_date_get_year (&date), m = g_date_get_month (&date), d = g_date_get_day (&date);
  return g_strdup_printf ("ngày %02u tháng %s%u năm %u", d, m < 3 ? "0" : "", m, y);
}

/* When an event took place, as the papers about it say it: "ngày 20
 * tháng 9 năm 2021" for one day, "từ ngày 20 tháng 09 đến ngày 15 tháng 10
 * năm 2021" for several, with the year (and the month) said once when
 * they share it. The award certificate and the contest report both say it
 * so. */
char *
gb_paper_date_range (const char *start,
                     const char *end)
{
  GDate from, to;
  guint y1, m1, d1, y2, m2, d2;

  if (end == NULL || *end == '\0' || g_strcmp0 (start, end) == 0
      || !gb_date_from_iso (start, &from) || !gb_date_from_iso (end, &to))
    return gb_paper_long_date (start && *start ? start : end);
  y1 = g_date_get_year (&from), m1 = g_date_get_month (&from), d1 = g_date_get_day (&from);
  y2 = g_date_get_year (&to), m2 = g_date_get_month (&to), d2 = g_date_get_day (&to);
  if (y1 == y2 && m1 == m2)
    return g_strdup_printf ("từ ngày %02u đến ngày %02u tháng %s%u năm %u", d1, d2, m1 < 3 ? "0" : "",
                            m1, y1);
  if (y1 == y2)
    return g_strdup_printf ("từ ngày %02u tháng %s%u đến ngày %02u tháng %s%u năm %u", d1,
                            m1 < 3 ? "0" : "", m1, d2, m2 < 3 ? "0" : "", m2, y1);
  {
    g_autofree char *a = gb_paper_long_date (start);
    g_autofree char *z = gb_paper_long_date (end);

    return g_strdup_printf ("từ %s đến %s", a, z);
  }
}

/* The titles as printed on a Vietnamese paper, whatever the UI language. */
static const char *
official_title (const char *kind)
{
  static const struct { const char *kind, *text; } names[] = {
    { "people", "Nghệ nhân nhân dân" },
    { "meritorious", "Nghệ nhân ưu tú" },
    { "national_assoc", "Nghệ nhân Làng nghề Việt Nam" },
    { "city_assoc", "Nghệ nhân Làng nghề Hải Phòng" },
    { "provincial_legacy", "Nghệ nhân cấp tỉnh" },
    { "skilled_worker", "Thợ giỏi" },
    { "golden_hand", "Bàn tay vàng" },
    { "other", "Nghệ nhân" },
  };

  for (guint i = 0; kind && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].kind, kind))
      return names[i].text;
  return "Nghệ nhân";
}

static const char *
honorific (const char *gender)
{
  if (g_strcmp0 (gender, "male") == 0)
    return "Ông";
  if (g_strcmp0 (gender, "female") == 0)
    return "Bà";
  return "Ông/Bà";
}

static char *
address_of (const char *street,
            const char *commune,
            const char *province)
{
  const char *parts[4];
  guint n = 0;

  if (street && *street)
    parts[n++] = street;
  if (commune && *commune)
    parts[n++] = commune;
  if (province && *province)
    parts[n++] = province;
  parts[n] = NULL;
  return g_strjoinv (", ", (char **) parts);
}

/* The titles the association confers itself, and so certifies. The
 * President confers Nghệ nhân Nhân dân and Nghệ nhân Ưu tú (Decree
 * 43/2024/NĐ-CP), the national association its own title, a former
 * province its own: their papers are theirs to give. */
static gboolean
conferred_by_association (const char *kind)
{
  static const char *const own[] = { "city_assoc", "skilled_worker", "golden_hand", "other", NULL };

  return kind != NULL && g_strv_contains (own, kind);
}

static gboolean
is_state_title (const char *kind)
{
  return g_strcmp0 (kind, "people") == 0 || g_strcmp0 (kind, "meritorious") == 0;
}

static GbTitle *
choose_title (GPtrArray *titles,
              gint64     title_id,
              GError   **error)
{
  GbTitle *best = NULL;
  gboolean any_revoked = FALSE, any_state = FALSE, any_other = FALSE;

  for (guint i = 0; i < titles->len; i++)
    {
      GbTitle *t = g_ptr_array_index (titles, i);
      gboolean revoked = t->revoked_date != NULL && *t->revoked_date;

      if (title_id > 0 && gb_record_get_id (GB_RECORD (t)) != title_id)
        continue;
      if (revoked)
        {
          any_revoked = TRUE;
          continue;
        }
      if (!conferred_by_association (t->kind))
        {
          any_state |= is_state_title (t->kind);
          any_other |= !is_state_title (t->kind);
          continue;
        }
      /* The association's own title first, then the highest, then the newest. */
      if (best == NULL
          || (g_strcmp0 (t->kind, "city_assoc") == 0) > (g_strcmp0 (best->kind, "city_assoc") == 0)
          || ((g_strcmp0 (t->kind, "city_assoc") == 0) == (g_strcmp0 (best->kind, "city_assoc") == 0)
              && (gb_title_kind_rank (t->kind) < gb_title_kind_rank (best->kind)
                  || (gb_title_kind_rank (t->kind) == gb_title_kind_rank (best->kind)
                      && g_strcmp0 (t->decision_date, best->decision_date) > 0))))
        best = t;
    }

  if (best == NULL && any_state)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                 _("Nghệ nhân Nhân dân and Nghệ nhân Ưu tú are state titles, conferred by the "
                   "President: the association issues no certificate for them, only for its own "
                   "titles."));
  else if (best == NULL && any_other)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                 _("This title was conferred by another body, which gives its own certificate: "
                   "the association certifies only the titles it confers."));
  else if (best == NULL && any_revoked)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                 _("The title has been revoked; no certificate can be issued for it."));
  else if (best == NULL && title_id > 0)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The title was not found."));
  else if (best == NULL)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                 _("This artisan holds no title yet: add the title and its decision first."));
  return best;
}

static char *
craft_name (GbDatabase *database,
            gint64      craft_id)
{
  g_autoptr(GbStore) crafts = gb_store_new (database, GB_TYPE_CRAFT);
  g_autoptr(GbRecord) craft = craft_id > 0 ? gb_store_get (crafts, craft_id, NULL) : NULL;

  return g_strdup (craft ? GB_CRAFT (craft)->name : "");
}

GbPaper *
gb_paper_new_for_artisan (GbDatabase  *database,
                          gint64       artisan_id,
                          gint64       title_id,
                          GError     **error)
{
  g_autoptr(GbStore) artisans = gb_store_new (database, GB_TYPE_ARTISAN);
  g_autoptr(GbStore) title_store = gb_store_new (database, GB_TYPE_TITLE);
  g_autoptr(GbRecord) record = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GbPaper) self = NULL;
  g_autofree char *craft = NULL;
  g_autofree char *decision_long = NULL;
  g_autofree char *decision_short = NULL;
  GbArtisan *a;
  GbTitle *t;

  if ((record = gb_store_get (artisans, artisan_id, error)) == NULL)
    return NULL;
  a = GB_ARTISAN (record);
  if (gb_record_get_deleted_at (record) != NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is in the bin."), a->name);
      return NULL;
    }
  if ((titles = gb_store_list_by (title_store, "artisan_id", artisan_id, error)) == NULL)
    return NULL;
  if ((t = choose_title (titles, title_id, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", a->name);
      return NULL;
    }

  self = gb_paper_new ("artisan");
  self->artisan_id = artisan_id;
  self->member_id = a->member_id;
  self->title_id = gb_record_get_id (GB_RECORD (t));
  craft = craft_name (database, a->craft_id);
  decision_long = gb_paper_long_date (t->decision_date);
  decision_short = gb_text_format_date (t->decision_date);
  gb_paper_set (self, "name", a->name);
  gb_paper_set (self, "honorific", honorific (a->gender));
  set_int (self, "birth_year", a->birth_year);
  gb_paper_set (self, "craft", craft);
  gb_paper_set (self, "village", a->village);
  gb_paper_set (self, "title_name", t->name && *t->name ? t->name : official_title (t->kind));
  gb_paper_set (self, "decision_no", t->decision_no);
  gb_paper_set (self, "decision_date", decision_short);
  gb_paper_set (self, "decision_date_long", decision_long);
  gb_paper_set (self, "issuer", t->issuer);
  if (a->photo != NULL)
    self->photo = g_bytes_ref (a->photo);
  return g_steal_pointer (&self);
}

GbPaper *
gb_paper_new_for_award (GbDatabase  *database,
                        gint64       award_id,
                        GError     **error)
{
  g_autoptr(GbStore) awards = gb_store_new (database, GB_TYPE_CONTEST_AWARD);
  g_autoptr(GbStore) entries = gb_store_new (database, GB_TYPE_CONTEST_ENTRY);
  g_autoptr(GbStore) events = gb_store_new (database, GB_TYPE_EVENT);
  g_autoptr(GbRecord) award = NULL;
  g_autoptr(GbRecord) entry = NULL;
  g_autoptr(GbRecord) event = NULL;
  g_autoptr(GbPaper) self = NULL;
  g_autofree char *date_long = NULL;
  GbContestEntry *e;
  GbEvent *ev;

  if ((award = gb_store_get (awards, award_id, error)) == NULL
      || (entry = gb_store_get (entries, GB_CONTEST_AWARD (award)->entry_id, error)) == NULL
      || (event = gb_store_get (events, GB_CONTEST_AWARD (award)->event_id, error)) == NULL)
    return NULL;
  e = GB_CONTEST_ENTRY (entry);
  ev = GB_EVENT (event);

  self = gb_paper_new ("award");
  self->award_id = award_id;
  self->artisan_id = e->artisan_id;
  self->member_id = e->member_id;
  date_long = gb_paper_date_range (ev->start_date, ev->end_date);
  gb_paper_set (self, "name", e->entrant_name);
  gb_paper_set (self, "product", e->product);
  gb_paper_set (self, "category", e->category);
  gb_paper_set (self, "award", GB_CONTEST_AWARD (award)->name);
  gb_paper_set (self, "contest", ev->title);
  gb_paper_set (self, "contest_place", ev->place);
  gb_paper_set (self, "contest_date_long", date_long);

  if (e->artisan_id > 0)
    {
      g_autoptr(GbStore) artisans = gb_store_new (database, GB_TYPE_ARTISAN);
      g_autoptr(GbRecord) a = gb_store_get (artisans, e->artisan_id, NULL);

      if (a != NULL && GB_ARTISAN (a)->photo != NULL)
        self->photo = g_bytes_ref (GB_ARTISAN (a)->photo);
    }
  return g_steal_pointer (&self);
}

/* Every award of a contest, in rank order. */
GPtrArray *
gb_papers_for_contest (GbDatabase  *database,
                       gint64       event_id,
                       GError     **error)
{
  g_autoptr(GbStore) awards = gb_store_new (database, GB_TYPE_CONTEST_AWARD);
  g_autoptr(GPtrArray) list = gb_store_list_by (awards, "event_id", event_id, error);
  g_autoptr(GPtrArray) papers = NULL;

  if (list == NULL)
    return NULL;
  papers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_paper_free);
  for (guint i = 0; i < list->len; i++)
    {
      GbPaper *p = gb_paper_new_for_award (database, gb_record_get_id (list->pdata[i]), error);

      if (p == NULL)
        return NULL;
      g_ptr_array_add (papers, p);
    }
  if (papers->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                   _("This contest has given no awards yet."));
      return NULL;
    }
  return g_steal_pointer (&papers);
}

GbPaper *
gb_paper_new_for_member (GbDatabase  *database,
                         gint64       member_id,
                         const char  *kind,
                         GError     **error)
{
  g_autoptr(GbStore) members = gb_store_new (database, GB_TYPE_MEMBER);
  g_autoptr(GbRecord) record = NULL;
  g_autoptr(GbPaper) self = NULL;
  g_autofree char *craft = NULL;
  g_autofree char *address = NULL;
  g_autofree char *joined = NULL;
  GbMember *m;

  g_return_val_if_fail (g_strcmp0 (kind, "membership") == 0 || g_strcmp0 (kind, "card") == 0, NULL);

  if ((record = gb_store_get (members, member_id, error)) == NULL)
    return NULL;
  m = GB_MEMBER (record);
  if (gb_record_get_deleted_at (record) != NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is in the bin."), m->name);
      return NULL;
    }
  if (g_strcmp0 (m->status, "active") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                   _("%s is not an active member; papers are only issued to active members."),
                   m->name);
      return NULL;
    }

  self = gb_paper_new (kind);
  self->member_id = member_id;
  craft = craft_name (database, m->craft_id);
  address = address_of (m->street, m->commune, m->province);
  joined = gb_paper_long_date (m->joined_date);
  gb_paper_set (self, "name", m->name);
  gb_paper_set (self, "honorific", g_strcmp0 (m->kind, "individual") == 0 ? honorific (m->gender) : "");
  gb_paper_set (self, "member_no", m->member_no);
  gb_paper_set (self, "member_kind", g_strcmp0 (m->kind, "collective") == 0
                                     ? "Hội viên tập thể" : "Hội viên cá nhân");
  gb_paper_set (self, "representative", m->representative);
  gb_paper_set (self, "craft", craft);
  gb_paper_set (self, "address", address);
  gb_paper_set (self, "joined_date_long", joined);
  if (m->photo != NULL)
    self->photo = g_bytes_ref (m->photo);
  return g_steal_pointer (&self);
}

/* One certificate for every artisan who holds a valid title, in the
 * Vietnamese order of their names. Those without one are passed over. */
GPtrArray *
gb_papers_for_all_artisans (GbDatabase  *database,
                            GError     **error)
{
  g_autoptr(GbStore) artisans = gb_store_new (database, GB_TYPE_ARTISAN);
  g_autoptr(GbQuery) query = gb_query_new ();
  g_autoptr(GArray) ids = gb_store_query_ids (artisans, query, error);
  g_autoptr(GPtrArray) papers = NULL;

  if (ids == NULL)
    return NULL;
  papers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_paper_free);
  for (guint i = 0; i < ids->len; i++)
    {
      GbPaper *p = gb_paper_new_for_artisan (database, g_array_index (ids, gint64, i), 0, NULL);

      if (p != NULL)
        g_ptr_array_add (papers, p);
    }
  if (papers->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No artisan holds a valid title."));
      return NULL;
    }
  return g_steal_pointer (&papers);
}

/* A document of the template @template_id, signed by the association. */
GbDocument *
gb_document_new_for_database (GbDatabase  *database,
                              const char  *template_id,
                              GError     **error)
{
  g_autoptr(GbStore) profile = gb_store_new (database, GB_TYPE_ASSOCIATION);
  g_autoptr(GbRecord) association = gb_store_get (profile, 1, NULL);
  GbTemplate *template_ = gb_template_load (template_id, error);

  if (template_ == NULL)
    return NULL;
  return gb_document_new (template_, association ? GB_ASSOCIATION (association) : NULL);
}
