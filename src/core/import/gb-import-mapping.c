/* gb-import-mapping.c — the headings of a file, and what each column means
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Staff's spreadsheets have title lines above the headings, headings over
 * two rows under merged cells, and a row of column numbers below. The
 * headings are found among them, then each column is mapped to a target:
 * as staff last mapped the same heading, else from its Vietnamese or
 * English words. Mappings are remembered by a digest of the heading only.
 */
#define G_LOG_DOMAIN "gb-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-import-private.h"
#include "gb-text.h"

/* ------------------------------------------------------------------ */
/* What a column can mean, and the headings that say so                */

typedef struct
{
  const char *name;
  const char *label;
  const char *aliases;   /* "|"-separated, compared folded */
} Target;

/* Columns that only number the rows ("STT") are not data. */
static const char ignored_headings[] = "STT|TT|Số TT|Số thứ tự|No|No.|#";

/* Lists printed for the authorities write the year of birth in one of two
 * columns under "Năm sinh": "Nam" (men) or "Nữ" (women). The headings of
 * two rows are read joined ("Năm sinh / Nam"). */
#define BIRTH_MAN "Năm sinh Nam|Ngày sinh Nam|Ngày tháng năm sinh Nam|Năm sinh Nam giới"
#define BIRTH_WOMAN "Năm sinh Nữ|Ngày sinh Nữ|Ngày tháng năm sinh Nữ|Năm sinh Nữ giới"

static const Target member_targets[] = {
  { "name", N_("Name"), "Họ và tên|Họ tên|Tên|Tên hội viên|Tên đơn vị|Tên tổ chức|Tên cơ sở|Tên doanh nghiệp|Full name|Name" },
  { "name_family", N_("Family and middle name"), "Họ|Họ đệm|Họ và tên đệm|Họ và chữ đệm|Family name|Surname" },
  { "kind", N_("Kind"), "Loại|Loại hội viên|Hội viên|Kind|Member type|Type" },
  { "member_no", N_("Member number"), "Số hội viên|Mã hội viên|Mã HV|Số thẻ|Số thẻ hội viên|Member number|Member no" },
  { "org_type", N_("Organization type"), "Loại hình|Loại hình tổ chức|Loại hình doanh nghiệp|Organization type" },
  { "representative", N_("Representative"), "Người đại diện|Đại diện|Người đại diện pháp luật|Representative"
                                            "|Người đại diện Họ và tên|Người đại diện Họ tên|Đại diện Họ và tên" },
  { "rep_position", N_("Position"), "Chức vụ|Chức danh|Position|Người đại diện Chức vụ|Đại diện Chức vụ" },
  { "tax_code", N_("Tax code"), "Mã số thuế|MST|Mã số doanh nghiệp|Tax code" },
  { "gender", N_("Gender"), "Giới tính|Nam/Nữ|Gender|Sex" },
  { "birth_date", N_("Date of birth"), "Ngày sinh|Ngày tháng năm sinh|Date of birth|Birth date" },
  { "birth_year", N_("Year of birth"), "Năm sinh|Year of birth|Birth year" },
  { "birth_man", N_("Year of birth (men's column)"), BIRTH_MAN },
  { "birth_woman", N_("Year of birth (women's column)"), BIRTH_WOMAN },
  { "id_number", N_("Identity number"), "Số CCCD|CCCD|Căn cước|Căn cước công dân|Số định danh|Số định danh cá nhân|CMND|Số CMND|Identity number|ID number" },
  { "province", N_("Province or city"), "Tỉnh|Thành phố|Tỉnh/Thành phố|Tỉnh thành|Province|City|Province or city" },
  { "commune", N_("Commune or ward"), "Xã|Phường|Xã/Phường|Phường/Xã|Xã, phường|Commune|Ward|Commune or ward" },
  { "street", N_("Street or hamlet"), "Thôn|Thôn/Xóm|Thôn xóm|Số nhà|Đường|Street|Street or hamlet" },
  { "address", N_("Address (street, commune, province)"), "Địa chỉ|Địa chỉ liên hệ|Nơi ở|Trụ sở|Address" },
  { "former_address", N_("Former address"), "Địa chỉ cũ|Former address" },
  { "phone", N_("Phone"), "Số điện thoại|Điện thoại|ĐT|SĐT|Di động|Phone|Telephone|Mobile" },
  { "email", N_("Email"), "Email|E-mail|Thư điện tử" },
  { "joined_date", N_("Joined"), "Ngày vào hội|Ngày gia nhập|Ngày kết nạp|Ngày tham gia|Joined|Date joined" },
  { "status", N_("Status"), "Tình trạng|Trạng thái|Status" },
  { "craft", N_("Craft"), "Nghề|Ngành nghề|Nghề nghiệp|Lĩnh vực|Craft|Trade" },
  { "notes", N_("Notes"), "Ghi chú|Notes|Note|Remarks" },
};

static const Target artisan_targets[] = {
  { "name", N_("Name"), "Họ và tên|Họ tên|Tên|Tên nghệ nhân|Full name|Name" },
  { "name_family", N_("Family and middle name"), "Họ|Họ đệm|Họ và tên đệm|Họ và chữ đệm|Family name|Surname" },
  { "gender", N_("Gender"), "Giới tính|Nam/Nữ|Gender|Sex" },
  { "birth_year", N_("Year of birth"), "Năm sinh|Ngày sinh|Ngày tháng năm sinh|Year of birth|Birth year|Date of birth" },
  { "birth_man", N_("Year of birth (men's column)"), BIRTH_MAN },
  { "birth_woman", N_("Year of birth (women's column)"), BIRTH_WOMAN },
  { "craft", N_("Craft"), "Nghề|Ngành nghề|Lĩnh vực|Craft|Trade" },
  { "village", N_("Village"), "Làng nghề|Làng|Village|Craft village" },
  { "province", N_("Province or city"), "Tỉnh|Thành phố|Tỉnh/Thành phố|Province|City|Province or city" },
  { "commune", N_("Commune or ward"), "Xã|Phường|Xã/Phường|Phường/Xã|Commune|Ward|Commune or ward" },
  { "street", N_("Street or hamlet"), "Thôn|Thôn/Xóm|Số nhà|Đường|Street|Street or hamlet" },
  { "address", N_("Address (street, commune, province)"), "Địa chỉ|Nơi ở|Address" },
  { "former_address", N_("Former address"), "Địa chỉ cũ|Former address" },
  { "years_in_craft", N_("Years in the craft"), "Số năm trong nghề|Số năm làm nghề|Thâm niên|Thâm niên nghề|Years in the craft" },
  { "signature_products", N_("Signature products"), "Sản phẩm tiêu biểu|Sản phẩm|Signature products|Products" },
  { "students_trained", N_("Students trained"), "Số học trò|Số người được truyền nghề|Truyền nghề|Số người học nghề|Students trained" },
  { "phone", N_("Phone"), "Số điện thoại|Điện thoại|ĐT|SĐT|Di động|Phone|Telephone|Mobile" },
  { "notes", N_("Notes"), "Ghi chú|Notes|Note|Remarks" },
  { "title", N_("Artisan title"), "Danh hiệu|Danh hiệu cao nhất|Highest title|Title" },
  { "decision_no", N_("Decision number"), "Số quyết định|Quyết định số|Quyết định|Số QĐ|Decision number" },
  { "decision_date", N_("Decision date"), "Ngày quyết định|Ngày QĐ|Ngày ký quyết định|Decision date" },
  { "issuer", N_("Issuing body"), "Cơ quan ban hành|Cơ quan quyết định|Cơ quan công nhận|Nơi cấp|Đơn vị cấp|Issuing body|Issuer" },
  { "member_no", N_("Member number"), "Số hội viên|Mã hội viên|Mã HV|Member number" },
};

static const Target event_targets[] = {
  { "title", N_("Title"), "Tên sự kiện|Tên hoạt động|Tên|Tiêu đề|Nội dung|Title|Event" },
  { "kind", N_("Kind"), "Loại|Loại sự kiện|Loại hoạt động|Hình thức|Kind|Type" },
  { "start_date", N_("Start date"), "Ngày|Ngày bắt đầu|Từ ngày|Thời gian|Ngày tổ chức|Date|Start date" },
  { "end_date", N_("End date"), "Ngày kết thúc|Đến ngày|End date" },
  { "place", N_("Place"), "Địa điểm|Nơi tổ chức|Place|Venue" },
  { "partners", N_("Partners"), "Đơn vị phối hợp|Đối tác|Phối hợp|Partners" },
  { "description", N_("Description"), "Mô tả|Ghi chú|Description|Notes" },
  { "participants", N_("Participants (names or member numbers)"), "Người tham gia|Thành phần tham dự|Thành phần|Đại biểu|Participants" },
};

static const struct
{
  GbImportKind    kind;
  const char     *name;
  const Target   *targets;
  guint           n_targets;
} kinds[] = {
  { GB_IMPORT_MEMBERS, "members", member_targets, G_N_ELEMENTS (member_targets) },
  { GB_IMPORT_ARTISANS, "artisans", artisan_targets, G_N_ELEMENTS (artisan_targets) },
  { GB_IMPORT_EVENTS, "events", event_targets, G_N_ELEMENTS (event_targets) },
};

G_STATIC_ASSERT (sizeof (GbImportTarget) == 2 * sizeof (const char *));

const char *
gb_import_kind_name (GbImportKind kind)
{
  return kinds[kind].name;
}

gboolean
gb_import_kind_from_name (const char   *name,
                          GbImportKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (name, kinds[i].name) == 0)
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* The targets of @kind, in the order a mapping lists them. */
const GbImportTarget *
gb_import_get_targets (GbImportKind  kind,
                       guint        *n_targets)
{
  static GbImportTarget *tables[G_N_ELEMENTS (kinds)];

  if (g_once_init_enter (&tables[kind]))
    {
      GbImportTarget *t = g_new0 (GbImportTarget, kinds[kind].n_targets);

      for (guint i = 0; i < kinds[kind].n_targets; i++)
        {
          t[i].name = kinds[kind].targets[i].name;
          t[i].label = kinds[kind].targets[i].label;
        }
      g_once_init_leave (&tables[kind], t);
    }
  *n_targets = kinds[kind].n_targets;
  return tables[kind];
}

static const Target *
find_target (GbImportKind  kind,
             const char   *name)
{
  for (guint i = 0; name && i < kinds[kind].n_targets; i++)
    if (g_str_equal (kinds[kind].targets[i].name, name))
      return &kinds[kind].targets[i];
  return NULL;
}

const char *
gb_import_target_label (GbImportKind  kind,
                        const char   *target)
{
  const Target *t = find_target (kind, target);

  return t ? _(t->label) : NULL;
}

/* The words that name the columns of a kind, folded once for all the
 * headings of a file (a row may hold hundreds of them). */
typedef struct
{
  char *english;       /* the label */
  char *translated;    /* the label in the language of the program */
  GStrv aliases;       /* "" where an alias folds to nothing */
} FoldedTarget;

typedef struct
{
  guint         n_targets;
  FoldedTarget *targets;   /* in the order of kinds[].targets */
  GStrv         ignored;   /* ignored_headings */
  GStrv         sexes;     /* "Nam", "Nữ" */
} Words;

static GStrv
fold_list (const char *list)
{
  GStrv words = g_strsplit (list, "|", -1);

  for (guint i = 0; words[i]; i++)
    {
      char *folded = gb_text_fold (words[i]);

      g_free (words[i]);
      words[i] = folded;
    }
  return words;
}

static Words *
words_new (GbImportKind kind)
{
  Words *w = g_new0 (Words, 1);

  w->n_targets = kinds[kind].n_targets;
  w->targets = g_new0 (FoldedTarget, w->n_targets);
  for (guint t = 0; t < w->n_targets; t++)
    {
      w->targets[t].english = gb_text_fold (kinds[kind].targets[t].label);
      w->targets[t].translated = gb_text_fold (_(kinds[kind].targets[t].label));
      w->targets[t].aliases = fold_list (kinds[kind].targets[t].aliases);
    }
  w->ignored = fold_list (ignored_headings);
  w->sexes = fold_list ("Nam|Nữ");
  return w;
}

static void
words_free (Words *w)
{
  for (guint t = 0; t < w->n_targets; t++)
    {
      g_free (w->targets[t].english);
      g_free (w->targets[t].translated);
      g_strfreev (w->targets[t].aliases);
    }
  g_free (w->targets);
  g_strfreev (w->ignored);
  g_strfreev (w->sexes);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Words, words_free)

static gboolean
folded_in (const char *folded,
           GStrv       list)
{
  for (guint i = 0; list[i]; i++)
    if (*list[i] && g_str_equal (list[i], folded))
      return TRUE;
  return FALSE;
}

/* 2: the heading is one of the target's words; 1: it begins with one
 * ("Họ và tên hội viên"); 0: neither. */
static int
heading_score (const FoldedTarget *t,
               const char         *folded)
{
  if (folded_in (folded, t->aliases) || g_str_equal (folded, t->english)
      || g_str_equal (folded, t->translated))
    return 2;
  for (guint i = 0; t->aliases[i]; i++)
    {
      const char *a = t->aliases[i];
      gsize len = strlen (a);

      /* Whole words only, and not a one-word alias as common as "Tên". */
      if (len > 3 && strchr (a, ' ') && g_str_has_prefix (folded, a) && folded[len] == ' ')
        return 1;
    }
  return 0;
}

/* How many cells of @row name a column. */
static guint
heading_matches (Words   *words,
                 GbTable *table,
                 guint    row)
{
  guint matches = 0;

  for (guint c = 0; c < gb_table_get_n_cells (table, row); c++)
    {
      g_autofree char *folded = gb_text_fold (gb_table_get_cell (table, row, c));

      if (*folded == '\0')
        continue;
      for (guint t = 0; t < words->n_targets; t++)
        if (heading_score (&words->targets[t], folded) > 0)
          {
            matches++;
            break;
          }
    }
  return matches;
}

/* The row of the headings among the first ten: the first that names two
 * columns or more; the first row when none does. */
static guint
heading_row (Words   *words,
             GbTable *table)
{
  guint n = MIN (gb_table_get_n_rows (table), 10);

  for (guint row = 0; row < n; row++)
    if (heading_matches (words, table, row) >= 2)
      return row;
  return 0;
}

/* A second row of headings under merged cells ("Địa chỉ" over "Thôn" and
 * "Xã", "Năm sinh" over "Nam" and "Nữ"): every cell it fills is a column's
 * heading word for word or "Nam" or "Nữ", two at least, one of them under
 * an empty heading (the rest of a merged cell), and none under the name
 * (a row with a name is a person, whatever the rest says). */
static gboolean
is_subheading_row (GbImportKind  kind,
                   Words        *words,
                   GbTable      *table,
                   guint         row)
{
  guint filled = 0;
  gboolean under_empty = FALSE;

  for (guint c = 0; c < gb_table_get_n_cells (table, row); c++)
    {
      g_autofree char *folded = gb_text_fold (gb_table_get_cell (table, row, c));
      g_autofree char *above = gb_text_fold (gb_table_get_cell (table, row - 1, c));
      gboolean names = folded_in (folded, words->sexes);

      if (*folded == '\0')
        continue;
      for (guint t = 0; t < kinds[kind].n_targets && !names; t++)
        names = heading_score (&words->targets[t], folded) == 2;
      for (guint t = 0; t < kinds[kind].n_targets && names; t++)
        if (heading_score (&words->targets[t], above) > 0
            && (g_str_equal (kinds[kind].targets[t].name, "name") || g_str_equal (kinds[kind].targets[t].name, "title")
                || g_str_equal (kinds[kind].targets[t].name, "name_family")))
          names = FALSE;
      if (!names)
        return FALSE;
      filled++;
      under_empty |= *above == '\0';
    }
  return filled >= 2 && under_empty;
}

/* The columns' numbers that forms print under the headings: 1, 2, 3 … or
 * (1), (2), (3) …, in order from 1, three at least. */
static gboolean
is_numbers_row (GbTable *table,
                guint    row)
{
  gint64 last = 0;

  for (guint c = 0; c < gb_table_get_n_cells (table, row); c++)
    {
      g_autofree char *cell = g_strstrip (g_strdup (gb_table_get_cell (table, row, c)));
      char *digits = cell;
      gsize len = strlen (cell);
      gint64 n;

      if (len == 0)
        continue;
      if (len > 2 && cell[0] == '(' && cell[len - 1] == ')')
        {
          cell[len - 1] = '\0';
          digits = cell + 1;
        }
      if (!g_ascii_string_to_signed (digits, 10, 1, 999, &n, NULL) || n != last + 1)
        return FALSE;
      last = n;
    }
  return last >= 3;
}

/* The headings of the table's columns (gb_import_new()), taken out of
 * its rows with the title lines above them and the numbers below. */
void
gb_import_read_headings (GbImport *self)
{
  g_autoptr(Words) words = words_new (self->kind);
  g_autofree char *group = g_strdup ("");
  GbTable *table = self->table;
  gboolean sub;
  guint n;

  /* Title lines above the headings ("DANH SÁCH HỘI VIÊN …", the date)
   * are not data: the headings are the first row that names columns. */
  for (guint skip = heading_row (words, table); skip > 0; skip--)
    gb_table_remove_first (table);
  n = self->n_columns = gb_table_get_n_columns (table);
  self->headings = g_new0 (char *, n + 1);
  self->lower = g_new0 (char *, n + 1);
  self->mapping = g_new0 (char *, n + 1);
  self->setters = g_new0 (GbImportSetter, n + 1);
  sub = gb_table_get_n_rows (table) > 1 && is_subheading_row (self->kind, words, table, 1);
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *top = g_strstrip (g_strdup (gb_table_get_n_rows (table) > 0
                                                   ? gb_table_get_cell (table, 0, c) : ""));
      g_autofree char *below = g_strstrip (g_strdup (sub ? gb_table_get_cell (table, 1, c) : ""));

      /* An empty heading with one below it is the rest of a merged cell. */
      if (*top != '\0' || *below == '\0')
        {
          g_free (group);
          group = g_strdup (top);
        }
      self->headings[c] = *below == '\0' ? g_strdup (top)
                          : *group != '\0' ? g_strdup_printf ("%s / %s", group, below)
                          : g_strdup (below);
      if (*below != '\0' && *group != '\0')
        self->lower[c] = g_steal_pointer (&below);
    }
  for (guint r = sub ? 2 : 1; r > 0 && gb_table_get_n_rows (table) > 0; r--)
    gb_table_remove_first (table);
  if (gb_table_get_n_rows (table) > 0 && is_numbers_row (table, 0))
    gb_table_remove_first (table);
}

guint
gb_import_get_n_columns (GbImport *self)
{
  return self->n_columns;
}

const char *
gb_import_get_heading (GbImport *self,
                       guint     column)
{
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->headings[column];
}

const char *
gb_import_get_mapping (GbImport *self,
                       guint     column)
{
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->mapping[column];
}

/* Takes @target (NULL: the column is not imported) for @column, with
 * what sets its cells. */
static void
map_column (GbImport *self,
            guint     column,
            char     *target)
{
  g_free (self->mapping[column]);
  self->mapping[column] = target;
  self->setters[column] = target ? gb_import_find_setter (self->kind, target) : NULL;
}

/* Maps @column to @target (NULL: the column is not imported). A target
 * takes one column: another column mapped to it is let go. */
void
gb_import_set_mapping (GbImport   *self,
                       guint       column,
                       const char *target)
{
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (target == NULL || find_target (self->kind, target) != NULL);

  self->checked = FALSE;
  for (guint c = 0; target && c < self->n_columns; c++)
    if (c != column && g_strcmp0 (self->mapping[c], target) == 0)
      map_column (self, c, NULL);
  map_column (self, column, g_strdup (target));
}

/* Headings are remembered by a digest only: a file without a heading row
 * would otherwise leave its first row (names, numbers) in the database. */
static char *
heading_digest (const char *folded)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);
}

static char *
remembered (GbImport   *self,
            const char *folded,
            gboolean   *found)
{
  g_autofree char *digest = heading_digest (folded);
  GbStmt *stmt = gb_database_prepare (self->database,
                                      "SELECT target FROM import_mappings WHERE kind = ? AND heading = ?", NULL);
  char *target = NULL;

  *found = FALSE;
  if (stmt == NULL)
    return NULL;
  gb_stmt_bind_text_static (stmt, 1, kinds[self->kind].name);
  gb_stmt_bind_text (stmt, 2, digest);
  if (gb_stmt_step (stmt) == GB_SQL_ROW)
    {
      *found = TRUE;
      target = g_strdup (gb_stmt_column_text (stmt, 0));
    }
  gb_stmt_reset (stmt);
  return target;
}

/* Maps each column: as staff last mapped the same heading, else from the
 * heading's words; a target already taken by an earlier column is not
 * given twice. Each heading is folded once and each target marked when
 * taken, so that a row of many columns is mapped in linear time. */
void
gb_import_guess_mapping (GbImport *self)
{
  g_autoptr(Words) words = words_new (self->kind);
  guint n_targets = kinds[self->kind].n_targets;
  g_autofree gboolean *decided = g_new0 (gboolean, self->n_columns + 1);
  g_autofree gboolean *taken = g_new0 (gboolean, n_targets);
  g_autofree char **folded = g_new0 (char *, self->n_columns + 1);
  g_autofree char **lower = g_new0 (char *, self->n_columns + 1);

  self->checked = FALSE;
  for (guint c = 0; c < self->n_columns; c++)
    {
      map_column (self, c, NULL);
      folded[c] = gb_text_fold (self->headings[c]);
      /* Under a heading over two rows, its words and the lower row's
       * ("Năm sinh / Nam"), then the lower row's alone ("Thôn"): "Địa
       * chỉ / Thôn" is not the whole address. */
      lower[c] = self->lower[c] ? gb_text_fold (self->lower[c]) : NULL;
      decided[c] = *folded[c] == '\0' || folded_in (folded[c], words->ignored);
    }

  for (int pass = 0; pass < 3; pass++)
    for (guint c = 0; c < self->n_columns; c++)
      {
        const Target *best = NULL;
        gboolean found;

        if (decided[c])
          continue;
        if (pass == 0)
          {
            g_autofree char *target = remembered (self, folded[c], &found);
            const Target *t = target ? find_target (self->kind, target) : NULL;

            if (found && (target == NULL || (t != NULL && !taken[t - kinds[self->kind].targets])))
              {
                if (t != NULL)
                  taken[t - kinds[self->kind].targets] = TRUE;
                map_column (self, c, g_steal_pointer (&target));
                decided[c] = TRUE;
              }
            continue;
          }
        for (guint way = 0; way < 2 && best == NULL; way++)
          for (guint t = 0; t < n_targets && best == NULL; t++)
            {
              const char *w = way == 0 ? folded[c] : lower[c];

              if (w == NULL || taken[t])
                continue;
              /* Word for word, the two rows' words and then the lower's; the
               * first words, the lower's alone ("Địa chỉ / Số nhà"). */
              if ((pass == 1 && heading_score (&words->targets[t], w) == 2)
                  || (pass == 2 && (lower[c] == NULL || way == 1) && heading_score (&words->targets[t], w) == 1))
                best = &kinds[self->kind].targets[t];
            }
        if (best)
          {
            map_column (self, c, g_strdup (best->name));
            taken[best - kinds[self->kind].targets] = TRUE;
            decided[c] = TRUE;
          }
      }
  for (guint c = 0; c < self->n_columns; c++)
    {
      g_free (folded[c]);
      g_free (lower[c]);
    }
}

/* Keeps the mapping for the next file with these headings. */
gboolean
gb_import_remember_mapping (GbImport  *self,
                            GError   **error)
{
  if (!gb_database_begin (self->database, error))
    return FALSE;
  for (guint c = 0; c < self->n_columns; c++)
    {
      g_autofree char *folded = gb_text_fold (self->headings[c]);
      g_autofree char *digest = NULL;
      GbStmt *stmt;

      if (*folded == '\0')
        continue;
      digest = heading_digest (folded);
      stmt = gb_database_prepare (self->database,
                                  "INSERT INTO import_mappings (kind, heading, target) VALUES (?, ?, ?)"
                                  " ON CONFLICT (kind, heading) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at",
                                  error);
      if (stmt == NULL)
        goto fail;
      gb_stmt_bind_text_static (stmt, 1, kinds[self->kind].name);
      gb_stmt_bind_text (stmt, 2, digest);
      gb_stmt_bind_text (stmt, 3, self->mapping[c]);
      if (!gb_database_step_done (self->database, stmt, error))
        goto fail;
    }
  return gb_database_commit (self->database, error);

fail:
  gb_database_rollback (self->database);
  return FALSE;
}

/* A mapping file: lines “Heading = target” (a key file's [Columns] group,
 * or bare lines); an empty target leaves the column out. */
gboolean
gb_import_load_mapping (GbImport    *self,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not UTF-8 text."), path);
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq = strrchr (line, '=');
      g_autofree char *raw = NULL;
      g_autofree char *heading = NULL;
      g_autofree char *target = NULL;
      gboolean matched = FALSE;

      if (*line == '\0' || *line == '#' || *line == '[')
        continue;
      if (eq == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s, line %u: write “Heading = field”."), path, i + 1);
          return FALSE;
        }
      raw = g_strstrip (g_strndup (line, eq - line));
      heading = gb_text_fold (raw);
      target = g_strstrip (g_strdup (eq + 1));
      if (*target == '\0')
        g_clear_pointer (&target, g_free);
      else if (find_target (self->kind, target) == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s, line %u: “%s” is not a field of %s."), path, i + 1, target, kinds[self->kind].name);
          return FALSE;
        }
      for (guint c = 0; c < self->n_columns; c++)
        {
          g_autofree char *folded = gb_text_fold (self->headings[c]);

          if (g_str_equal (folded, heading))
            {
              gb_import_set_mapping (self, c, target);
              matched = TRUE;
            }
        }
      if (!matched)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID,
                       _("%s, line %u: the file has no column “%s”."), path, i + 1, raw);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_mapped (GbImport   *self,
           const char *target)
{
  for (guint c = 0; c < self->n_columns; c++)
    if (g_strcmp0 (self->mapping[c], target) == 0)
      return TRUE;
  return FALSE;
}

/* FALSE, saying why, when no row could be imported with this mapping. */
gboolean
gb_import_mapping_is_usable (GbImport  *self,
                             GError   **error)
{
  const char *needed = self->kind == GB_IMPORT_EVENTS ? "title" : "name";

  if (!is_mapped (self, needed))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("No column is mapped to “%s”."),
                   gb_import_target_label (self->kind, needed));
      return FALSE;
    }
  if (self->kind == GB_IMPORT_EVENTS && !is_mapped (self, "start_date"))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("No column is mapped to “%s”."),
                   gb_import_target_label (self->kind, "start_date"));
      return FALSE;
    }
  return TRUE;
}
