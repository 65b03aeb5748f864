/* gb-import-values.c — a row's cells into the record it will be stored as
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cell is read as staff write it (Vietnamese words for choices, dates
 * as dd/mm/yyyy or Excel's numbers, numbers with dots between thousands,
 * an address in one cell) and set through the same setters as a form.
 * Each target that is more than a field of the record has its own setter
 * in a table; a problem names the row, the column and the cell.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gb-artisan.h"
#include "gb-choices.h"
#include "gb-error.h"
#include "gb-event.h"
#include "gb-import-private.h"
#include "gb-member.h"
#include "gb-text.h"

/* Choices as staff write them in Vietnamese, beyond the labels. */
typedef struct
{
  const GbChoice *choices;
  const char     *code;
  const char     *aliases;
} ChoiceAlias;

static const ChoiceAlias choice_aliases[] = {
  { gb_member_kinds, "collective", "Tập thể|Tổ chức|Đơn vị|Doanh nghiệp|Hợp tác xã|HTX|Pháp nhân" },
  { gb_member_kinds, "individual", "Cá nhân|Hội viên cá nhân" },
  { gb_org_types, "enterprise", "Doanh nghiệp|Công ty|Công ty TNHH|Công ty cổ phần" },
  { gb_org_types, "cooperative", "Hợp tác xã|HTX" },
  { gb_org_types, "household", "Hộ kinh doanh|Hộ gia đình|Cơ sở|Cơ sở sản xuất" },
  { gb_org_types, "village", "Làng nghề" },
  { gb_member_statuses, "active", "Đang hoạt động|Hoạt động|Đang sinh hoạt|Còn sinh hoạt|Còn hoạt động" },
  { gb_member_statuses, "suspended", "Tạm ngừng|Tạm dừng|Tạm ngưng|Tạm ngừng sinh hoạt" },
  { gb_member_statuses, "resigned", "Đã rút|Rút|Thôi|Xin ra|Ra khỏi hội|Thôi sinh hoạt" },
  { gb_member_statuses, "deceased", "Đã mất|Mất|Qua đời|Từ trần" },
  { gb_genders, "male", "Nam|Ông|M" },
  { gb_genders, "female", "Nữ|Bà|F" },
  { gb_event_kinds, "conference", "Hội nghị|Hội thảo|Đại hội" },
  { gb_event_kinds, "contest", "Hội thi|Cuộc thi|Thi" },
  { gb_event_kinds, "visit", "Tham quan|Khảo sát|Thăm" },
  { gb_event_kinds, "training", "Tập huấn|Đào tạo|Lớp học|Lớp tập huấn" },
  { gb_event_kinds, "cooperation", "Hợp tác|Chương trình hợp tác" },
  { gb_event_kinds, "fundraising", "Quyên góp|Vận động|Từ thiện|Ủng hộ" },
  { gb_event_kinds, "fair", "Hội chợ|Triển lãm" },
  { gb_event_kinds, "other", "Khác" },
  { gb_title_kinds, "people", "Nghệ nhân Nhân dân|NNND" },
  { gb_title_kinds, "meritorious", "Nghệ nhân Ưu tú|NNƯT" },
  { gb_title_kinds, "national_assoc", "Nghệ nhân Làng nghề Việt Nam|Nghệ nhân Việt Nam" },
  { gb_title_kinds, "city_assoc", "Nghệ nhân Làng nghề Hải Phòng|Nghệ nhân Hải Phòng|Nghệ nhân thành phố" },
  { gb_title_kinds, "provincial_legacy", "Nghệ nhân tỉnh|Nghệ nhân Hải Dương" },
  { gb_title_kinds, "skilled_worker", "Thợ giỏi|Thợ giỏi làng nghề" },
  { gb_title_kinds, "golden_hand", "Bàn tay vàng" },
  { gb_title_kinds, "other", "Khác" },
};

static const GbChoice *const all_choices[] = {
  gb_member_kinds, gb_org_types, gb_member_statuses, gb_genders, gb_event_kinds, gb_title_kinds,
};

/* Every way of writing every choice, folded, once, in one table per list
 * (the lists by their address): a row is read by one lookup per cell
 * instead of folding every label again. */
static GHashTable *
choice_words (void)
{
  static GHashTable *lists;

  if (g_once_init_enter (&lists))
    {
      GHashTable *t = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify) g_hash_table_unref);

      for (guint k = 0; k < G_N_ELEMENTS (all_choices); k++)
        {
          GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          g_hash_table_insert (t, (gpointer) all_choices[k], words);
          for (const GbChoice *c = all_choices[k]; c->code; c++)
            {
              const char *forms[] = { c->code, c->label, _(c->label) };

              for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
                {
                  char *folded = gb_text_fold (forms[f]);

                  if (*folded)
                    g_hash_table_replace (words, folded, (gpointer) c->code);
                  else
                    g_free (folded);
                }
            }
        }
      for (guint i = 0; i < G_N_ELEMENTS (choice_aliases); i++)
        {
          GHashTable *words = g_hash_table_lookup (t, choice_aliases[i].choices);
          g_auto(GStrv) list = g_strsplit (choice_aliases[i].aliases, "|", -1);

          g_assert (words != NULL);   /* every aliased list is in all_choices */
          for (guint j = 0; list[j]; j++)
            {
              char *folded = gb_text_fold (list[j]);

              /* A label wins over an alias of another choice. */
              if (*folded && !g_hash_table_contains (words, folded))
                g_hash_table_insert (words, folded, (gpointer) choice_aliases[i].code);
              else
                g_free (folded);
            }
        }
      g_once_init_leave (&lists, t);
    }
  return lists;
}

/* The code of @choices that @value names: its code, its English or
 * translated label, or a word staff use for it; NULL when none. */
static const char *
resolve_choice (const GbChoice *choices,
                const char     *value)
{
  g_autofree char *folded = gb_text_fold (value);
  GHashTable *words = g_hash_table_lookup (choice_words (), choices);

  return words != NULL ? g_hash_table_lookup (words, folded) : NULL;
}

static char *
choice_list (const GbChoice *choices)
{
  GString *s = g_string_new (NULL);

  for (const GbChoice *c = choices; c->code; c++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", _(c->label));
  return g_string_free (s, FALSE);
}

/* A 4-digit year alone, or 0. */
static gint64
year_only (const char *text)
{
  if (strlen (text) == 4 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1])
      && g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]))
    return g_ascii_strtoll (text, NULL, 10);
  return 0;
}

/* A date as staff write it (dd/mm/yyyy, yyyy-mm-dd, dd.mm.yyyy, with or
 * without a time after it) or as Excel numbers it (days since 1899-12-30). */
static char *
parse_date (const char  *text,
            GError     **error)
{
  g_autofree char *s = g_strdup (text);
  char *end;
  guint64 serial;

  g_strstrip (s);
  /* "1985-04-30 00:00:00", "1985-04-30T00:00" */
  if ((end = strpbrk (s, " T")) != NULL && end - s >= 8)
    *end = '\0';
  serial = g_ascii_strtoull (s, &end, 10);
  if (*s && *end == '\0' && serial >= 367 && serial <= 2958465 && strlen (s) >= 5)
    {
      g_autoptr(GDate) d = g_date_new_dmy (30, 12, 1899);

      g_date_add_days (d, (guint) serial);
      return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d),
                              g_date_get_day (d));
    }
  return gb_text_parse_date (s, error);
}

#define MAX_WHOLE_DIGITS 9u
#define MAX_WHOLE        G_GINT64_CONSTANT (999999999)

/* A whole number, perhaps followed by a word ("30 năm"), or with a zero
 * fraction as spreadsheets write it ("1965.0"). */
static gboolean
parse_int (const char *text,
           gint64     *value)
{
  const char *p = text;
  char *end;
  gint64 v;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isdigit (*p) && *p != '-')
    return FALSE;
  v = g_ascii_strtoll (p, &end, 10);
  if (end == p)
    return FALSE;
  /* Vietnamese groups thousands with dots: "2.500" is two thousand five
   * hundred, not two. */
  while (*end == '.' && g_ascii_isdigit (end[1]) && g_ascii_isdigit (end[2]) && g_ascii_isdigit (end[3])
         && !g_ascii_isdigit (end[4]) && v < G_MAXINT64 / 1000)
    {
      v = v * 1000 + (end[1] - '0') * 100 + (end[2] - '0') * 10 + (end[3] - '0');
      end += 4;
    }
  if (*end == '.' || *end == ',')
    {
      const char *q = end + 1;

      while (*q == '0')
        q++;
      if (q == end + 1 || (*q != '\0' && !g_ascii_isspace (*q)))
        return FALSE;
      end = (char *) q;
    }
  for (const char *q = end; *q; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if (g_unichar_isdigit (c) || !(g_unichar_isalpha (c) || g_unichar_isspace (c)))
        return FALSE;
    }
  *value = v;
  return TRUE;
}

/* "Thôn Đông, xã Bát Tràng, Hà Nội": street, commune, province. An address
 * written before 2025 with a district keeps its whole text as the former
 * address, so nothing of it is lost. */
static void
split_address (const char  *text,
               char       **street,
               char       **commune,
               char       **province,
               char       **former)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = 0, c;

  *street = *commune = *province = *former = NULL;
  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i])
        parts[n++] = parts[i];
      else
        g_free (parts[i]);
    }
  parts[n] = NULL;
  if (n == 0)
    return;
  if (n == 1)
    {
      *street = g_strdup (parts[0]);
      return;
    }
  *province = g_strdup (parts[n - 1]);
  c = n - 2;
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *f = gb_text_fold (parts[i]);

      if (g_str_has_prefix (f, "xa ") || g_str_has_prefix (f, "phuong ")
          || g_str_has_prefix (f, "thi tran ") || g_str_has_prefix (f, "dac khu "))
        c = i;
    }
  *commune = g_strdup (parts[c]);
  if (c > 0)
    {
      char *saved = parts[c];

      parts[c] = NULL;
      *street = g_strjoinv (", ", parts);
      parts[c] = saved;
    }
  if (c + 2 < n)
    *former = g_strdup (text);
}

/* A problem shows at most this many characters of a cell or a heading:
 * a cell may hold 32,767 of them, which neither a terminal nor the
 * import window should print whole. */
#define SHOWN_CHARS 80

/* Appends @len bytes of @text to @out, cut to SHOWN_CHARS characters
 * with "…" as the last when longer. */
static void
append_shown (GString    *out,
              const char *text,
              gsize       len)
{
  const char *p = text, *end = text + len;
  guint n = 0;

  while (p < end && n < SHOWN_CHARS - 1)
    p = g_utf8_next_char (p), n++;
  if (p < end && g_utf8_next_char (p) < end)
    {
      g_string_append_len (out, text, p - text);
      g_string_append (out, "…");
    }
  else
    g_string_append_len (out, text, len);
}

/* @message with each quoted value (“…”) cut as append_shown() does:
 * messages quote the cell they are about, from here, from the record's
 * validation and from the date parser alike. */
static char *
shown_message (const char *message)
{
  GString *out = g_string_sized_new (strlen (message));
  const char *p = message, *open, *close;

  while ((open = strstr (p, "“")) != NULL && (close = strstr (open + strlen ("“"), "”")) != NULL)
    {
      open += strlen ("“");
      g_string_append_len (out, p, open - p);
      append_shown (out, open, close - open);
      p = close;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

void
gb_import_add_problem (GPtrArray  *problems,
                       guint       row,
                       const char *column,
                       const char *message,
                       gint64      other_id,
                       guint       other_row)
{
  GbImportProblem *p;

  if (problems == NULL)
    return;
  p = g_new0 (GbImportProblem, 1);
  p->row = row;
  if (column != NULL)
    {
      GString *cut = g_string_new (NULL);

      append_shown (cut, column, strlen (column));
      p->column = g_string_free (cut, FALSE);
    }
  p->message = shown_message (message);
  p->other_id = other_id;
  p->other_row = other_row;
  g_ptr_array_add (problems, p);
}

/* The heading of the column that feeds @field, for a problem with it. */
const char *
gb_import_column_of (GbImport   *self,
                     const char *field)
{
  static const char *const via[][2] = {
    { "province", "address" }, { "commune", "address" }, { "street", "address" },
    { "former_address", "address" }, { "name", "name_family" }, { "birth_year", "birth_date" },
    { "craft_id", "craft" }, { "member_id", "member_no" },
    { "birth_date", "birth_man" }, { "birth_date", "birth_woman" }, { "birth_year", "birth_man" },
    { "birth_year", "birth_woman" }, { "gender", "birth_man" }, { "gender", "birth_woman" },
  };
  const char *heading = NULL;

  for (guint c = 0; field && c < self->n_columns; c++)
    if (g_strcmp0 (self->mapping[c], field) == 0)
      return self->headings[c];
  for (guint i = 0; field && heading == NULL && i < G_N_ELEMENTS (via); i++)
    if (g_str_equal (via[i][0], field))
      heading = gb_import_column_of (self, via[i][1]);
  return heading;
}

/* A participant, by member number or by name: a member first, then an
 * artisan. */
static gboolean
add_participant (GbImport   *self,
                 Extra      *extra,
                 const char *who,
                 GString    *unknown)
{
  g_autofree char *folded = gb_text_fold (who);
  g_autofree char *key = gb_import_name_key (who);
  gint64 id;

  if ((id = gb_import_lookup_id (self->numbers, folded)) > 0
      || (id = gb_import_lookup_id (self->member_names, key)) > 0)
    {
      for (guint i = 0; i < extra->members->len; i++)
        if (g_array_index (extra->members, gint64, i) == id)
          return TRUE;
      g_array_append_val (extra->members, id);
      return TRUE;
    }
  if (id == 0 && (id = gb_import_lookup_id (self->artisan_names, key)) > 0)
    {
      for (guint i = 0; i < extra->artisans->len; i++)
        if (g_array_index (extra->artisans, gint64, i) == id)
          return TRUE;
      g_array_append_val (extra->artisans, id);
      return TRUE;
    }
  g_string_append_printf (unknown, "%s“%s”%s", unknown->len ? ", " : "", who,
                          id < 0 ? _(" (several people have this name: write the member number)") : "");
  return FALSE;
}

static gboolean
set_field (GbImport   *self,
           GbRecord   *record,
           const char *target,
           const char *value,
           GError    **error)
{
  const GbField *field = gb_entity_find_field (gb_record_get_entity (record), target);
  g_autoptr(GError) local = NULL;
  gint64 n;

  g_assert (field != NULL);
  if (field->choices)
    {
      const char *code = resolve_choice (field->choices, value);

      if (code == NULL)
        {
          g_autofree char *list = choice_list (field->choices);

          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not one of: %s."), value, list);
          return FALSE;
        }
      gb_record_set_text (record, target, code);
      return TRUE;
    }
  switch (field->type)
    {
    case GB_FIELD_DATE:
      {
        g_autofree char *iso = NULL;

        /* A year alone where a birth date is asked: the year of birth. */
        if ((n = year_only (value)) != 0 && g_str_equal (target, "birth_date"))
          {
            gb_record_set_int (record, "birth_year", n);
            return TRUE;
          }
        if ((iso = parse_date (value, &local)) == NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
        gb_record_set_text (record, target, iso);
        return TRUE;
      }
    case GB_FIELD_INT:
      if (g_str_equal (target, "birth_year") && !parse_int (value, &n) && strpbrk (value, "/-."))
        {
          g_autofree char *iso = parse_date (value, &local);

          if (iso == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          gb_record_set_int (record, target, g_ascii_strtoll (iso, NULL, 10));
          return TRUE;
        }
      if (!parse_int (value, &n))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not a whole number."), value);
          return FALSE;
        }
      /* A count or a year of ten digits is a mistake (and one of twenty
       * would be cut to the largest number a record holds). */
      if (n > MAX_WHOLE || n < -MAX_WHOLE)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("“%s” is too large a number: at most %u digits."), value, MAX_WHOLE_DIGITS);
          return FALSE;
        }
      /* Where 0 means "not known" (a year of birth, years in the craft),
       * a 0 in the file would be stored as an empty field. */
      if (n == 0 && (field->flags & GB_FIELD_ZERO_NULL))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("“%s” would be stored as not known: leave the cell empty, or write the number."),
                       value);
          return FALSE;
        }
      gb_record_set_int (record, target, n);
      return TRUE;
    default:
      break;
    }
  /* Identity numbers and tax codes that a spreadsheet kept as numbers lost
   * their leading 0 (most begin with one). */
  if (strspn (value, "0123456789") == strlen (value)
      && ((g_str_equal (target, "id_number") && strlen (value) == 11)
          || (g_str_equal (target, "tax_code") && (strlen (value) == 9 || strlen (value) == 12))))
    {
      g_autofree char *with_zero = g_strconcat ("0", value, NULL);

      gb_record_set_text (record, target, with_zero);
      return TRUE;
    }
  /* A phone number that a spreadsheet kept as a number lost its 0. */
  if (g_str_equal (target, "phone") && strlen (value) == 9 && strspn (value, "0123456789") == 9
      && value[0] != '0')
    {
      g_autofree char *with_zero = g_strconcat ("0", value, NULL);

      gb_record_set_text (record, target, with_zero);
      return TRUE;
    }
  gb_record_set_text (record, target, value);
  return TRUE;
}

/* A row being built: what its cells' setters share. */
struct _GbImportRow
{
  GbImport   *self;
  guint       row;
  guint       number;           /* the row's number in the file */
  GbRecord   *record;
  Extra      *extra;
  GPtrArray  *problems;
  const char *family;
  const char *address;
  const char *birth_gender;     /* from the men's or the women's column */
  const char *birth_column;
  gboolean    failed;
};

/* A problem with the cell of @column. */
static void
cell_problem (GbImportRow *r,
              guint        column,
              const char  *message)
{
  gb_import_add_problem (r->problems, r->number, r->self->headings[column], message, 0, 0);
  r->failed = TRUE;
}

/* A field of the record: most targets. */
static void
set_cell (GbImportRow *r,
          guint        column,
          const char  *value)
{
  g_autoptr(GError) error = NULL;

  if (!set_field (r->self, r->record, r->self->mapping[column], value, &error))
    cell_problem (r, column, error->message);
}

/* The family name and the address are read whole once every column is
 * in: a column of its own (the given name, the commune) goes with them. */
static void
set_family (GbImportRow *r,
            guint        column,
            const char  *value)
{
  r->family = gb_table_get_cell (r->self->table, r->row, column);
}

static void
set_address (GbImportRow *r,
             guint        column,
             const char  *value)
{
  r->address = gb_table_get_cell (r->self->table, r->row, column);
}

static void
set_craft (GbImportRow *r,
           guint        column,
           const char  *value)
{
  g_autofree char *folded = gb_import_name_key (value);
  gint64 id = gb_import_lookup_id (r->self->crafts, folded);

  if (id > 0)
    gb_record_set_int (r->record, "craft_id", id);
  else
    {
      r->extra->craft = g_strdup (value);
      r->extra->craft_key = g_steal_pointer (&folded);
    }
}

/* An artisan's title is a record of its own, written after the artisan. */
static void
set_title_kind (GbImportRow *r,
                guint        column,
                const char  *value)
{
  const char *code = resolve_choice (gb_title_kinds, value);

  if (code == NULL)
    {
      g_autofree char *list = choice_list (gb_title_kinds);
      g_autofree char *message = g_strdup_printf (_("“%s” is not one of: %s."), value, list);

      cell_problem (r, column, message);
    }
  else
    r->extra->title_kind = g_strdup (code);
}

static void
set_birth (GbImportRow *r,
           guint        column,
           const char  *value,
           const char  *gender)
{
  g_autoptr(GError) error = NULL;
  GbImport *self = r->self;

  /* The gender is set after every column: a gender column may come
   * before or after. */
  if (r->birth_gender != NULL)
    cell_problem (r, column,
                  _("A year of birth in both the men's and the women's column, or a gender that says otherwise."));
  else if (!set_field (self, r->record, self->kind == GB_IMPORT_MEMBERS ? "birth_date" : "birth_year",
                       value, &error))
    cell_problem (r, column, error->message);
  r->birth_gender = gender;
  r->birth_column = self->headings[column];
}

static void
set_birth_man (GbImportRow *r,
               guint        column,
               const char  *value)
{
  set_birth (r, column, value, "male");
}

static void
set_birth_woman (GbImportRow *r,
                 guint        column,
                 const char  *value)
{
  set_birth (r, column, value, "female");
}

static void
set_decision_no (GbImportRow *r,
                 guint        column,
                 const char  *value)
{
  r->extra->decision_no = gb_text_normalize (value);
}

static void
set_issuer (GbImportRow *r,
            guint        column,
            const char  *value)
{
  r->extra->issuer = gb_text_normalize (value);
}

static void
set_decision_date (GbImportRow *r,
                   guint        column,
                   const char  *value)
{
  g_autoptr(GError) error = NULL;

  if ((r->extra->decision_date = parse_date (value, &error)) == NULL)
    cell_problem (r, column, error->message);
}

/* An artisan's member number links to the member; it is not the artisan's. */
static void
set_member_link (GbImportRow *r,
                 guint        column,
                 const char  *value)
{
  g_autofree char *folded = gb_text_fold (value);
  gint64 id = gb_import_lookup_id (r->self->numbers, folded);

  if (id > 0)
    gb_record_set_int (r->record, "member_id", id);
  else
    {
      g_autofree char *message = g_strdup_printf (_("No member has the number “%s”."), value);

      cell_problem (r, column, message);
    }
}

static void
set_participants (GbImportRow *r,
                  guint        column,
                  const char  *value)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) unknown = NULL;
  gint64 count;

  /* A number alone is a count, as a list exports it: no names. */
  if (parse_int (value, &count) && strspn (value, "0123456789") == strlen (value))
    return;
  names = g_regex_split_simple ("[;,\\n]", value, 0, 0);
  unknown = g_string_new (NULL);
  r->extra->members = g_array_new (FALSE, FALSE, sizeof (gint64));
  r->extra->artisans = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; names[i]; i++)
    {
      g_strstrip (names[i]);
      if (*names[i])
        add_participant (r->self, r->extra, names[i], unknown);
    }
  if (unknown->len)
    {
      g_autofree char *message = g_strdup_printf (_("Not found among members and artisans: %s."),
                                                  unknown->str);

      cell_problem (r, column, message);
    }
}

/* The targets that are not simply a field of the record, by name (sorted,
 * for bsearch()); every other target is set_cell(). */
typedef struct
{
  const char     *target;
  int             kind;     /* the only kind it serves, or -1 for all */
  GbImportSetter  set;
} Setter;

static const Setter setters[] = {
  { "address", -1, set_address },
  { "birth_man", -1, set_birth_man },
  { "birth_woman", -1, set_birth_woman },
  { "craft", -1, set_craft },
  { "decision_date", -1, set_decision_date },
  { "decision_no", -1, set_decision_no },
  { "issuer", -1, set_issuer },
  { "member_no", GB_IMPORT_ARTISANS, set_member_link },
  { "name_family", -1, set_family },
  { "participants", -1, set_participants },
  { "title", GB_IMPORT_ARTISANS, set_title_kind },
};

static int
compare_setter (const void *key,
                const void *setter)
{
  return strcmp (key, ((const Setter *) setter)->target);
}

/* What sets a cell of @target into a row of @kind: looked up once for a
 * column when it is mapped, not for each of its cells. */
GbImportSetter
gb_import_find_setter (GbImportKind  kind,
                       const char   *target)
{
  const Setter *s = bsearch (target, setters, G_N_ELEMENTS (setters), sizeof *setters, compare_setter);

  return s && (s->kind < 0 || s->kind == (int) kind) ? s->set : set_cell;
}

/* Row @row as the record it will be stored as; every problem found in
 * its cells is added to @problems. Duplicates are not looked for here. */
GbRecord *
gb_import_build (GbImport  *self,
                 guint      row,
                 GPtrArray *problems,
                 Extra     *extra,
                 gboolean   validate)
{
  GbImportRow r = {
    .self = self,
    .row = row,
    .number = gb_table_get_number (self->table, row),
    .record = g_object_new (self->type, NULL),
    .extra = extra,
    .problems = problems,
  };
  GbRecord *record = r.record;
  guint number = r.number;
  guint before = problems ? problems->len : 0;
  g_autoptr(GError) error = NULL;

  memset (extra, 0, sizeof *extra);
  /* What the reader found wrong with the row (a quote that swallowed
   * the rows after it). */
  if (gb_table_get_note (self->table, row) != NULL)
    {
      gb_import_add_problem (problems, number, NULL, gb_table_get_note (self->table, row), 0, 0);
      r.failed = TRUE;
    }
  for (guint c = 0; c < self->n_columns; c++)
    {
      g_autofree char *value = NULL;

      if (self->mapping[c] == NULL)
        continue;
      value = g_strstrip (g_strdup (gb_table_get_cell (self->table, row, c)));
      if (*value != '\0')
        self->setters[c] (&r, c, value);
    }

  if (r.birth_gender != NULL)
    {
      const char *given = gb_record_get_text (record, "gender");

      if (given != NULL && !g_str_equal (given, r.birth_gender))
        {
          gb_import_add_problem (problems, number, r.birth_column,
                                 _("A year of birth in both the men's and the women's column, or a gender that says otherwise."),
                                 0, 0);
          r.failed = TRUE;
        }
      else
        gb_record_set_text (record, "gender", r.birth_gender);
    }
  if (r.family)
    {
      const char *given = gb_record_get_text (record, "name");
      g_autofree char *full = g_strjoin (" ", r.family, given ? given : "", NULL);

      gb_record_set_text (record, "name", full);
    }
  if (r.address)
    {
      char *parts[4];
      const char *fields[] = { "street", "commune", "province", "former_address" };

      split_address (r.address, &parts[0], &parts[1], &parts[2], &parts[3]);
      for (guint i = 0; i < 4; i++)
        {
          /* A column of its own wins over the address's part. */
          if (parts[i] && gb_record_get_text (record, fields[i]) == NULL)
            gb_record_set_text (record, fields[i], parts[i]);
          g_free (parts[i]);
        }
    }
  if (self->kind == GB_IMPORT_MEMBERS && gb_record_get_text (record, "kind") == NULL)
    {
      gboolean collective = gb_record_get_text (record, "tax_code") || gb_record_get_text (record, "org_type")
                            || gb_record_get_text (record, "representative");

      gb_record_set_text (record, "kind", collective ? "collective" : "individual");
    }
  if (self->kind == GB_IMPORT_MEMBERS && gb_record_get_text (record, "status") == NULL)
    gb_record_set_text (record, "status", "active");
  if (self->kind == GB_IMPORT_EVENTS && gb_record_get_text (record, "kind") == NULL)
    gb_record_set_text (record, "kind", "other");
  if (self->kind == GB_IMPORT_ARTISANS && (extra->decision_no || extra->decision_date) && !extra->title_kind)
    {
      const char *field = extra->decision_no ? "decision_no" : "decision_date";

      gb_import_add_problem (problems, number, gb_import_column_of (self, field),
                             _("A decision without a title: say which title it gave."), 0, 0);
      r.failed = TRUE;
    }

  /* The rules of a form. Only the first broken rule is named; a row with
   * a bad cell already said why, unless the name itself is missing. */
  if (validate && !gb_record_validate (record, &error))
    {
      const char *field = gb_record_get_invalid_field (record);

      if (!r.failed || gb_record_get_name (record) == NULL)
        gb_import_add_problem (problems, number, gb_import_column_of (self, field), error->message, 0, 0);
      r.failed = TRUE;
    }

  if (!r.failed)
    {
      if (self->kind == GB_IMPORT_EVENTS)
        {
          g_autofree char *title = gb_import_name_key (gb_record_get_text (record, "title"));

          extra->dup_key = g_strdup_printf ("%s|%s", title, gb_record_get_text (record, "start_date"));
        }
      else
        {
          gboolean organization = self->kind == GB_IMPORT_MEMBERS
                                  && g_strcmp0 (gb_record_get_text (record, "kind"), "collective") == 0;
          const char *name = gb_record_get_name (record);
          gint64 year = gb_record_get_int (record, "birth_year");

          /* Validated, the name is normalized already. */
          g_autofree char *key = validate ? gb_import_name_key_of_normal (name ? name : "")
                                          : gb_import_name_key (name);

          extra->organization = organization;
          extra->dup_key = organization ? gb_import_collective_key (key) : gb_import_person_key (key, year);
          extra->plain_key = gb_import_plain_key (name, year, organization);
          extra->unmarked = gb_import_is_unmarked (name);
        }
      if (self->kind == GB_IMPORT_MEMBERS)
        {
          const char *tax = gb_record_get_text (record, "tax_code");
          const char *id_number = gb_record_get_text (record, "id_number");
          const char *no = gb_record_get_text (record, "member_no");

          extra->tax_key = tax ? g_strdup (tax) : id_number ? g_strconcat ("id:", id_number, NULL) : NULL;
          extra->number_key = no ? gb_text_fold (no) : NULL;
        }
    }
  if (r.failed && problems && problems->len == before)
    gb_import_add_problem (problems, number, NULL, _("The row cannot be imported."), 0, 0);
  return record;
}
