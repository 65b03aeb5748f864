/* gb-migrations.c — the schema, one step per user_version
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never edit a step that has shipped: add a new one. Each runs in one
 * transaction together with its `PRAGMA user_version`.
 * The rules staff must not break live here as CHECK and FOREIGN KEY
 * constraints, so that neither a bug nor an import can store a bad row.
 */
#include "gb-migrations.h"
#include "gb-communes.h"

#define NOW "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
/* date(x) alone passes 2021-02-30 through; adding zero days normalizes it. */
#define ISO_DATE(col) "(" col " IS NULL OR date(" col ", '+0 days') IS " col ")"
#define DIGITS(col) "(" col " NOT GLOB '*[^0-9]*')"
#define STAMPS \
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n" \
  "  updated_at TEXT NOT NULL DEFAULT " NOW ",\n"
/* Where a new member's status list begins. The insert trigger and a bulk
 * load that stands in for it (gb_database_set_aside()) both say it from
 * here, so that the two cannot drift apart. */
#define STATUS_SINCE(row) "COALESCE(" row "joined_date, date('now'))"
#define STATUS_INSERT_TRIGGER "members_status_insert"
/* A member's dated status list follows the status (schema 1, again in 8). */
#define STATUS_TRIGGERS \
  "CREATE TRIGGER " STATUS_INSERT_TRIGGER " AFTER INSERT ON members BEGIN\n" \
  "  INSERT INTO member_status_history (member_id, status, since)\n" \
  "    VALUES (NEW.id, NEW.status, " STATUS_SINCE ("NEW.") ");\n" \
  "END;\n" \
  "CREATE TRIGGER members_status_update AFTER UPDATE OF status ON members\n" \
  "  WHEN OLD.status IS NOT NEW.status BEGIN\n" \
  "  INSERT INTO member_status_history (member_id, status, since)\n" \
  "    VALUES (NEW.id, NEW.status, date('now'));\n" \
  "END;\n"
#define KEYS \
  "  search_key TEXT NOT NULL DEFAULT '',\n" \
  "  sort_key BLOB NOT NULL DEFAULT x'',\n"

static const char migration_1[] =
  "CREATE TABLE association (\n"
  "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  "  short_name TEXT,\n"
  "  symbol TEXT CHECK (symbol IS NULL OR (length(symbol) BETWEEN 1 AND 16"
  "                     AND symbol NOT GLOB '*[^A-Z0-9Đ-]*')),\n"
  "  address TEXT, phone TEXT, email TEXT, website TEXT,\n"
  "  chairman TEXT, signing_title TEXT, signing_authority TEXT,\n"
  "  logo BLOB,\n"
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  updated_at TEXT NOT NULL DEFAULT " NOW "\n"
  ");\n"
  "INSERT INTO association (id, name, symbol, signing_authority, signing_title)\n"
  "  VALUES (1, 'Hiệp hội Làng nghề', 'HHLN', 'TM. BAN CHẤP HÀNH', 'CHỦ TỊCH');\n"

  "CREATE TABLE crafts (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),\n"
  "  description TEXT,\n"
  KEYS STAMPS
  "  deleted_at TEXT\n"
  ");\n"

  "CREATE TABLE members (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('collective','individual')),\n"
  "  member_no TEXT NOT NULL CHECK (length(trim(member_no)) BETWEEN 1 AND 32),\n"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  "  org_type TEXT CHECK (org_type IN ('enterprise','cooperative','household','village')),\n"
  "  representative TEXT, rep_position TEXT,\n"
  "  tax_code TEXT CHECK (tax_code IS NULL OR (length(tax_code) IN (10, 13) AND " DIGITS ("tax_code") ")),\n"
  "  gender TEXT CHECK (gender IN ('male','female')),\n"
  "  birth_date TEXT CHECK " ISO_DATE ("birth_date") ",\n"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),\n"
  "  id_number TEXT CHECK (id_number IS NULL OR (length(id_number) = 12 AND " DIGITS ("id_number") ")),\n"
  "  province TEXT, commune TEXT, street TEXT, former_address TEXT,\n"
  "  phone TEXT, email TEXT CHECK (email IS NULL OR email LIKE '%_@_%._%'),\n"
  "  joined_date TEXT CHECK " ISO_DATE ("joined_date") ",\n"
  "  status TEXT NOT NULL DEFAULT 'active'\n"
  "    CHECK (status IN ('active','suspended','resigned','deceased')),\n"
  "  craft_id INTEGER REFERENCES crafts (id) ON DELETE SET NULL,\n"
  "  notes TEXT,\n"
  KEYS STAMPS
  "  deleted_at TEXT,\n"
  "  CHECK (kind = 'collective' OR (org_type IS NULL AND representative IS NULL)),\n"
  "  CHECK (kind = 'individual' OR (gender IS NULL AND birth_date IS NULL AND id_number IS NULL)),\n"
  "  CHECK (birth_date IS NULL OR birth_year IS NULL\n"
  "         OR CAST(substr(birth_date, 1, 4) AS INTEGER) = birth_year)\n"
  ");\n"
  "CREATE UNIQUE INDEX members_member_no ON members (member_no) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX members_sort ON members (sort_key);\n"
  "CREATE INDEX members_craft ON members (craft_id);\n"

  "CREATE TABLE member_status_history (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,\n"
  "  status TEXT NOT NULL CHECK (status IN ('active','suspended','resigned','deceased')),\n"
  "  since TEXT NOT NULL CHECK (date(since, '+0 days') IS since),\n"
  "  note TEXT\n"
  ");\n"
  "CREATE INDEX member_status_history_member ON member_status_history (member_id);\n"
  STATUS_TRIGGERS

  "CREATE TABLE dues (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,\n"
  "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),\n"
  "  amount INTEGER NOT NULL CHECK (amount >= 0),\n"
  "  paid_date TEXT CHECK " ISO_DATE ("paid_date") ",\n"
  "  receipt_no TEXT,\n"
  STAMPS
  "  UNIQUE (member_id, year)\n"
  ");\n"

  "CREATE TABLE artisans (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  "  gender TEXT CHECK (gender IN ('male','female')),\n"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),\n"
  "  craft_id INTEGER REFERENCES crafts (id) ON DELETE SET NULL,\n"
  "  village TEXT, province TEXT, commune TEXT, street TEXT, former_address TEXT,\n"
  "  years_in_craft INTEGER CHECK (years_in_craft IS NULL OR years_in_craft BETWEEN 0 AND 100),\n"
  "  signature_products TEXT,\n"
  "  students_trained INTEGER CHECK (students_trained IS NULL OR students_trained >= 0),\n"
  "  photo BLOB,\n"
  "  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,\n"
  "  phone TEXT, notes TEXT,\n"
  KEYS STAMPS
  "  deleted_at TEXT\n"
  ");\n"
  "CREATE INDEX artisans_sort ON artisans (sort_key);\n"
  "CREATE INDEX artisans_craft ON artisans (craft_id);\n"
  "CREATE INDEX artisans_member ON artisans (member_id);\n"

  "CREATE TABLE titles (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  artisan_id INTEGER NOT NULL REFERENCES artisans (id) ON DELETE CASCADE,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('people','meritorious','national_assoc','city_assoc',\n"
  "                                      'provincial_legacy','skilled_worker','golden_hand','other')),\n"
  "  name TEXT,\n"
  "  decision_no TEXT, decision_date TEXT CHECK " ISO_DATE ("decision_date") ",\n"
  "  issuer TEXT, certificate_no TEXT,\n"
  "  revoked_date TEXT CHECK " ISO_DATE ("revoked_date") ",\n"
  "  revoked_reason TEXT,\n"
  STAMPS
  "  CHECK (revoked_date IS NULL OR coalesce(length(trim(revoked_reason)), 0) > 0),\n"
  "  CHECK (revoked_date IS NULL OR decision_date IS NULL OR revoked_date >= decision_date)\n"
  ");\n"
  "CREATE INDEX titles_artisan ON titles (artisan_id);\n"

  "CREATE TABLE events (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('conference','contest','visit','training',\n"
  "                                      'cooperation','fundraising','fair','other')),\n"
  "  title TEXT NOT NULL CHECK (length(trim(title)) > 0),\n"
  "  start_date TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),\n"
  "  end_date TEXT CHECK (end_date IS NULL OR (date(end_date, '+0 days') IS end_date AND end_date >= start_date)),\n"
  "  place TEXT, partners TEXT, description TEXT,\n"
  KEYS STAMPS
  "  deleted_at TEXT\n"
  ");\n"
  "CREATE INDEX events_start ON events (start_date);\n"
  "CREATE INDEX events_sort ON events (sort_key);\n"

  "CREATE TABLE participants (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,\n"
  "  member_id INTEGER REFERENCES members (id) ON DELETE CASCADE,\n"
  "  artisan_id INTEGER REFERENCES artisans (id) ON DELETE CASCADE,\n"
  "  role TEXT NOT NULL DEFAULT 'attendee'\n"
  "    CHECK (role IN ('organizer','guest','speaker','attendee','entrant','judge','donor')),\n"
  "  attended INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),\n"
  STAMPS
  "  CHECK ((member_id IS NULL) <> (artisan_id IS NULL))\n"
  ");\n"
  "CREATE UNIQUE INDEX participants_member ON participants (event_id, member_id)\n"
  "  WHERE member_id IS NOT NULL;\n"
  "CREATE UNIQUE INDEX participants_artisan ON participants (event_id, artisan_id)\n"
  "  WHERE artisan_id IS NOT NULL;\n"

  "CREATE TABLE contest_entries (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,\n"
  "  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,\n"
  "  artisan_id INTEGER REFERENCES artisans (id) ON DELETE SET NULL,\n"
  "  entrant_name TEXT NOT NULL CHECK (length(trim(entrant_name)) > 0),\n"
  "  product TEXT NOT NULL CHECK (length(trim(product)) > 0),\n"
  "  category TEXT,\n"
  STAMPS
  "  UNIQUE (event_id, entrant_name, product)\n"
  ");\n"
  "CREATE TABLE contest_judges (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  STAMPS
  "  UNIQUE (event_id, name)\n"
  ");\n"
  "CREATE TABLE contest_criteria (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  "  weight REAL NOT NULL DEFAULT 1 CHECK (weight > 0),\n"
  STAMPS
  "  UNIQUE (event_id, name)\n"
  ");\n"
  "CREATE TABLE contest_scores (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  entry_id INTEGER NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,\n"
  "  judge_id INTEGER NOT NULL REFERENCES contest_judges (id) ON DELETE CASCADE,\n"
  "  criterion_id INTEGER NOT NULL REFERENCES contest_criteria (id) ON DELETE CASCADE,\n"
  "  score REAL NOT NULL CHECK (score BETWEEN 0 AND 10),\n"
  STAMPS
  "  UNIQUE (entry_id, judge_id, criterion_id)\n"
  ");\n"
  "CREATE TABLE contest_awards (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,\n"
  "  entry_id INTEGER NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),\n"
  "  rank INTEGER CHECK (rank IS NULL OR rank > 0),\n"
  STAMPS
  "  UNIQUE (entry_id, name)\n"
  ");\n"
  /* An award belongs to an entry of the same contest. */
  "CREATE TRIGGER contest_awards_same_event BEFORE INSERT ON contest_awards\n"
  "  WHEN (SELECT event_id FROM contest_entries WHERE id = NEW.entry_id) IS NOT NEW.event_id BEGIN\n"
  "  SELECT RAISE(ABORT, 'award and entry belong to different events');\n"
  "END;\n"

  "CREATE TABLE donations (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,\n"
  "  member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,\n"
  "  donor_name TEXT NOT NULL CHECK (length(trim(donor_name)) > 0),\n"
  "  amount INTEGER NOT NULL CHECK (amount > 0),\n"
  "  donated_on TEXT CHECK " ISO_DATE ("donated_on") ",\n"
  "  note TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  updated_at TEXT NOT NULL DEFAULT " NOW "\n"
  ");\n"
  "CREATE INDEX donations_event ON donations (event_id);\n"

  /* The certificate register: numbers once issued are never reused or
   * removed, only voided with a reason. */
  "CREATE TABLE certificates (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('artisan','award','membership')),\n"
  "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),\n"
  "  serial INTEGER NOT NULL CHECK (serial > 0),\n"
  "  number TEXT NOT NULL UNIQUE,\n"
  "  holder_name TEXT NOT NULL,\n"
  "  artisan_id INTEGER REFERENCES artisans (id),\n"
  "  member_id INTEGER REFERENCES members (id),\n"
  "  title_id INTEGER REFERENCES titles (id),\n"
  "  award_id INTEGER REFERENCES contest_awards (id),\n"
  "  issued_on TEXT NOT NULL CHECK (date(issued_on, '+0 days') IS issued_on),\n"
  "  voided_on TEXT CHECK " ISO_DATE ("voided_on") ",\n"
  "  void_reason TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  UNIQUE (kind, year, serial),\n"
  "  CHECK (voided_on IS NULL OR coalesce(length(trim(void_reason)), 0) > 0)\n"
  ");\n"
  "CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates BEGIN\n"
  "  SELECT RAISE(ABORT, 'certificates are voided, never deleted');\n"
  "END;\n"

  "CREATE TABLE audit_log (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  os_user TEXT NOT NULL,\n"
  "  table_name TEXT NOT NULL,\n"
  "  record_id INTEGER NOT NULL,\n"
  "  action TEXT NOT NULL CHECK (action IN ('insert','update','delete','restore','purge')),\n"
  "  field TEXT, old_value TEXT, new_value TEXT\n"
  ");\n"
  "CREATE INDEX audit_log_record ON audit_log (table_name, record_id);\n"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN\n"
  "  SELECT RAISE(ABORT, 'the audit log cannot be changed');\n"
  "END;\n"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN\n"
  "  SELECT RAISE(ABORT, 'the audit log cannot be changed');\n"
  "END;\n";

/* Lists browse live records in name order and search their folded keys:
 * an index that holds both answers a keystroke without touching the rows
 * (ten times faster at 100,000 artisans; see benchmarks/README.md). */
/* Search keys also start with a space, so "starts a word" is instr(key,
 * ' word') with no concatenation per row. */
static const char migration_2[] =
  "UPDATE members SET search_key = ' ' || search_key WHERE search_key NOT LIKE ' %';\n"
  "UPDATE artisans SET search_key = ' ' || search_key WHERE search_key NOT LIKE ' %';\n"
  "UPDATE events SET search_key = ' ' || search_key WHERE search_key NOT LIKE ' %';\n"
  "UPDATE crafts SET search_key = ' ' || search_key WHERE search_key NOT LIKE ' %';\n"
  "CREATE INDEX members_browse ON members (sort_key, id, search_key) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX artisans_browse ON artisans (sort_key, id, search_key) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX events_browse ON events (sort_key, id, search_key) WHERE deleted_at IS NULL;\n";

/* Individual members have a photo too (for cards). */
static const char migration_3[] =
  "ALTER TABLE members ADD COLUMN photo BLOB;\n";

/* Sorting by a column other than the name: one index per direction, in
 * the store's ORDER BY (empty last, then the column, then the name), so
 * 100,000 rows come back in order without a sort (188 -> 38 ms). Text
 * columns sort with the "vi" collation, which an index would force on
 * every program that writes the file; they are left out. */
#define SORT_INDEXES(table, col) \
  "CREATE INDEX " table "_by_" col " ON " table \
  " (" col " IS NULL, " col ", sort_key, id, search_key) WHERE deleted_at IS NULL;\n" \
  "CREATE INDEX " table "_by_" col "_desc ON " table \
  " (" col " IS NULL, " col " DESC, sort_key, id, search_key) WHERE deleted_at IS NULL;\n"

static const char migration_4[] =
  SORT_INDEXES ("artisans", "birth_year")
  SORT_INDEXES ("members", "birth_year")
  SORT_INDEXES ("members", "joined_date")
  SORT_INDEXES ("events", "start_date");

/* The register of issued papers gains what makes a paper accountable: the
 * template it was drawn with, the SHA-256 of the PDF, the entry a
 * duplicate replaces, and who issued it. Numbers restart every year, so
 * the printed number is unique only with its year: (kind, year, serial).
 * The profile gains the place written on the date line. */
static const char migration_5[] =
  "ALTER TABLE association ADD COLUMN place TEXT;\n"
  "CREATE TABLE certificates_v5 (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('artisan','award','membership')),\n"
  "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),\n"
  "  serial INTEGER NOT NULL CHECK (serial > 0),\n"
  "  number TEXT NOT NULL,\n"
  "  holder_name TEXT NOT NULL,\n"
  "  artisan_id INTEGER REFERENCES artisans (id),\n"
  "  member_id INTEGER REFERENCES members (id),\n"
  "  title_id INTEGER REFERENCES titles (id),\n"
  "  award_id INTEGER REFERENCES contest_awards (id),\n"
  "  issued_on TEXT NOT NULL CHECK (date(issued_on, '+0 days') IS issued_on),\n"
  "  template TEXT NOT NULL DEFAULT '',\n"
  "  sha256 TEXT NOT NULL DEFAULT '',\n"
  "  reissue_of INTEGER REFERENCES certificates_v5 (id),\n"
  "  os_user TEXT NOT NULL DEFAULT '',\n"
  "  voided_on TEXT CHECK " ISO_DATE ("voided_on") ",\n"
  "  void_reason TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  UNIQUE (kind, year, serial),\n"
  "  CHECK (voided_on IS NULL OR coalesce(length(trim(void_reason)), 0) > 0)\n"
  ");\n"
  "INSERT INTO certificates_v5 (id, kind, year, serial, number, holder_name, artisan_id,\n"
  "  member_id, title_id, award_id, issued_on, voided_on, void_reason, created_at)\n"
  "  SELECT id, kind, year, serial, number, holder_name, artisan_id, member_id, title_id,\n"
  "  award_id, issued_on, voided_on, void_reason, created_at FROM certificates;\n"
  "DROP TABLE certificates;\n"
  "ALTER TABLE certificates_v5 RENAME TO certificates;\n"
  "CREATE INDEX certificates_year ON certificates (year, kind, serial);\n"
  "CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates BEGIN\n"
  "  SELECT RAISE(ABORT, 'certificates are voided, never deleted');\n"
  "END;\n"
  /* Once issued, only the voiding may change. */
  "CREATE TRIGGER certificates_no_change BEFORE UPDATE OF kind, year, serial, number,\n"
  "  holder_name, artisan_id, member_id, title_id, award_id, issued_on, template, sha256,\n"
  "  reissue_of ON certificates BEGIN\n"
  "  SELECT RAISE(ABORT, 'an issued certificate cannot be changed');\n"
  "END;\n";

/* Reports: drafts keep their options and the words staff wrote; a
 * submitted report keeps its number, its date and the PDF exactly as it
 * left, and can no longer change. */
static const char migration_6[] =
  "CREATE TABLE reports (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('roster','artisans','activity','dues','contest','statistics')),\n"
  "  title TEXT NOT NULL,\n"
  "  options TEXT NOT NULL,\n"
  "  number INTEGER CHECK (number IS NULL OR number > 0),\n"
  "  doc_date TEXT CHECK " ISO_DATE ("doc_date") ",\n"
  "  submitted_at TEXT,\n"
  "  pdf BLOB,\n"
  "  sha256 TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  updated_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  CHECK (submitted_at IS NULL OR (pdf IS NOT NULL AND number IS NOT NULL))\n"
  ");\n"
  "CREATE TRIGGER reports_submitted_fixed BEFORE UPDATE ON reports\n"
  "  WHEN OLD.submitted_at IS NOT NULL BEGIN\n"
  "  SELECT RAISE(ABORT, 'a submitted report cannot be changed');\n"
  "END;\n"
  "CREATE TRIGGER reports_submitted_kept BEFORE DELETE ON reports\n"
  "  WHEN OLD.submitted_at IS NOT NULL BEGIN\n"
  "  SELECT RAISE(ABORT, 'a submitted report is kept');\n"
  "END;\n";

/* Imports: each one remembered with the records it made, so that it can
 * be undone as a whole; and the columns staff mapped, so that the next
 * file with the same headings needs no mapping. */
/* Imports, remembered so that one can be undone whole; column mappings by
 * a digest of the heading. */
static const char migration_7[] =
  "CREATE TABLE imports (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('members','artisans','events')),\n"
  "  file_name TEXT NOT NULL,\n"
  "  n_records INTEGER NOT NULL DEFAULT 0,\n"
  "  os_user TEXT,\n"
  "  undone_at TEXT,\n"
  STAMPS
  "  CHECK (n_records >= 0)\n"
  ");\n"
  "CREATE TABLE import_records (\n"
  "  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  table_name TEXT NOT NULL CHECK (table_name IN ('members','artisans','events','crafts','titles','participants')),\n"
  "  record_id INTEGER NOT NULL,\n"
  "  PRIMARY KEY (import_id, table_name, record_id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE import_mappings (\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('members','artisans','events')),\n"
  "  heading TEXT NOT NULL,\n"
  "  target TEXT,\n"
  "  updated_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  PRIMARY KEY (kind, heading)\n"
  ") WITHOUT ROWID;\n"
  /* Removing many members or artisans at once (an import undone) checks
   * the rows that point at each: by index, not by reading them all. */
  "CREATE INDEX participants_by_member ON participants (member_id);\n"
  "CREATE INDEX participants_by_artisan ON participants (artisan_id);\n"
  "CREATE INDEX contest_entries_by_member ON contest_entries (member_id);\n"
  "CREATE INDEX contest_entries_by_artisan ON contest_entries (artisan_id);\n"
  "CREATE INDEX donations_by_member ON donations (member_id);\n"
  "CREATE INDEX certificates_by_artisan ON certificates (artisan_id);\n"
  "CREATE INDEX certificates_by_member ON certificates (member_id);\n"
  "CREATE INDEX certificates_by_title ON certificates (title_id);\n";

/* Schema 8: the register of communes (rows written by
 * gb_migrations_fill_communes() in the same transaction), several crafts
 * per member, a member's dated status list as records of their own, and
 * the indexes the filter menus read their values from. */
static const char migration_8[] =
  "CREATE TABLE communes (\n"
  "  code TEXT PRIMARY KEY CHECK (length(code) = 5),\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('phường','xã','đặc khu')),\n"
  "  name TEXT NOT NULL CHECK (length(name) > 0),\n"
  "  province TEXT NOT NULL,\n"
  "  UNIQUE (province, kind, name)\n"
  ");\n"
  "CREATE TABLE member_crafts (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,\n"
  "  craft_id INTEGER NOT NULL REFERENCES crafts (id),\n"
  STAMPS
  "  UNIQUE (member_id, craft_id)\n"
  ");\n"
  "CREATE INDEX member_crafts_by_craft ON member_crafts (craft_id);\n"
  "CREATE TABLE member_status_history_v8 (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,\n"
  "  status TEXT NOT NULL CHECK (status IN ('active','suspended','resigned','deceased')),\n"
  "  since TEXT NOT NULL CHECK (date(since, '+0 days') IS since),\n"
  "  note TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
  "  updated_at TEXT NOT NULL DEFAULT " NOW "\n"
  ");\n"
  "INSERT INTO member_status_history_v8 (id, member_id, status, since, note)\n"
  "  SELECT id, member_id, status, since, note FROM member_status_history;\n"
  "DROP TRIGGER " STATUS_INSERT_TRIGGER ";\n"
  "DROP TRIGGER members_status_update;\n"
  "DROP TABLE member_status_history;\n"
  "ALTER TABLE member_status_history_v8 RENAME TO member_status_history;\n"
  "CREATE INDEX member_status_history_member ON member_status_history (member_id, since);\n"
  STATUS_TRIGGERS
  "CREATE INDEX members_commune ON members (commune) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX artisans_village ON artisans (village) WHERE deleted_at IS NULL;\n";

/* The rows of the communes register, after migration 8's tables. */
gboolean
gb_migrations_fill_communes (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (db, "INSERT INTO communes (code, kind, name, province) VALUES (?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  for (guint i = 0; ok && i < gb_n_hai_phong_communes; i++)
    {
      sqlite3_bind_text (stmt, 1, gb_hai_phong_communes[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, gb_hai_phong_communes[i].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, gb_hai_phong_communes[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, GB_HAI_PHONG, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Schema 9: the lists sort by year of birth or joining date in memory
 * (gb-record-list.c), so the six covering indexes kept for those sorts
 * go; each held every row's search key, written again on every save and
 * rebuilt after every large import. */
static const char migration_9[] =
  "DROP INDEX members_by_birth_year;\n"
  "DROP INDEX members_by_birth_year_desc;\n"
  "DROP INDEX members_by_joined_date;\n"
  "DROP INDEX members_by_joined_date_desc;\n"
  "DROP INDEX artisans_by_birth_year;\n"
  "DROP INDEX artisans_by_birth_year_desc;\n";

/* Schema 10: the lists read live records through the *_browse indexes
 * (sort key, id, search key, of the rows not deleted); the full sort-key
 * indexes served only the bin. Each held every row, was written on every
 * save and was the costliest index to rebuild after a large import. The
 * bin gets an index of its own rows. members_craft served no query either
 * (the members' craft filter also looks in member_crafts, row by row):
 * only a craft removed for good, when an import is undone, looked its
 * members up by it, and now reads them. */
static const char migration_10[] =
  "DROP INDEX members_sort;\n"
  "DROP INDEX members_craft;\n"
  "DROP INDEX artisans_sort;\n"
  "DROP INDEX events_sort;\n"
  "CREATE INDEX members_bin ON members (sort_key, id) WHERE deleted_at IS NOT NULL;\n"
  "CREATE INDEX artisans_bin ON artisans (sort_key, id) WHERE deleted_at IS NOT NULL;\n"
  "CREATE INDEX events_bin ON events (sort_key, id) WHERE deleted_at IS NOT NULL;\n";

/* Schema 11: sqlite evaluates `x IN ('a', 'b', 'c')` in a CHECK by
 * building a temporary table of the list for every row it checks (lists
 * of two or fewer are compared in place). At 100,000 imported members,
 * status and org_type alone were a third of the insert's time, and the
 * status history and the import's records paid the same. Each such list
 * becomes `(x = 'a' OR x = 'b' OR x = 'c')`, which holds for exactly the
 * same values, NULL included; gb_migrations_spell_out_lists() rewrites
 * the tables' definitions in place, as sqlite's documentation allows for
 * a change that leaves every stored row as it is. */
static const char migration_11[] = "";

static gboolean
spell_out (const GMatchInfo *match,
           GString          *out,
           gpointer          user_data)
{
  g_autofree char *column = g_match_info_fetch (match, 1);
  g_autofree char *list = g_match_info_fetch (match, 2);
  g_autofree char *whole = g_match_info_fetch (match, 0);
  g_autoptr(GRegex) item = g_regex_new ("'[^']*'", 0, 0, NULL);
  g_autoptr(GMatchInfo) items = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (g_regex_match (item, list, 0, &items); g_match_info_matches (items); g_match_info_next (items, NULL))
    g_ptr_array_add (values, g_match_info_fetch (items, 0));
  if (values->len <= 2)
    {
      g_string_append (out, whole);
      return FALSE;
    }
  g_string_append_c (out, '(');
  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (out, "%s%s = %s", i > 0 ? " OR " : "", column, (const char *) values->pdata[i]);
  g_string_append_c (out, ')');
  return FALSE;
}

/* Each `column IN ('…', '…', '…')` of more than two words in @sql, spelled
 * out; a new string. */
char *
gb_migrations_spell_out_lists (const char *sql)
{
  g_autoptr(GRegex) in = g_regex_new ("\\b([a-z_]+) IN \\(\\s*('[^']*'(?:\\s*,\\s*'[^']*')*)\\s*\\)", 0, 0, NULL);

  return g_regex_replace_eval (in, sql, -1, 0, 0, spell_out, NULL, NULL);
}

/* Schema 11's rewrite of every table's definition, within its
 * transaction; the connection then reads the schema again. */
gboolean
gb_migrations_spell_out_checks (sqlite3 *db)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) spelled = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *bump = NULL;
  int defensive = 0, rc, version = -1;
  gboolean ok = TRUE;

  /* The definitions first, then the changes. */
  if (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);
      char *out = gb_migrations_spell_out_lists (sql);

      if (out == NULL || g_str_equal (out, sql))
        {
          g_free (out);
          continue;
        }
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (spelled, out);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  if (names->len == 0)
    return TRUE;

  /* A build of sqlite that defends its schema by default lets this
   * connection write it for the while. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
  ok = sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL) == SQLITE_OK
       && sqlite3_prepare_v2 (db, "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
                              -1, &stmt, NULL) == SQLITE_OK;
  for (guint i = 0; ok && i < names->len; i++)
    {
      sqlite3_bind_text (stmt, 1, names->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, spelled->pdata[i], -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE && sqlite3_changes (db) == 1;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  /* Every connection reads the changed schema before its next statement. */
  if (ok && sqlite3_prepare_v2 (db, "PRAGMA schema_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (ok && version >= 0)
    {
      bump = g_strdup_printf ("PRAGMA schema_version = %d", version + 1);
      ok = sqlite3_exec (db, bump, NULL, NULL, NULL) == SQLITE_OK;
    }
  else
    ok = FALSE;
  /* On failure the error that stopped it stays the connection's, for the
   * caller to show; the migration is rolled back and the connection
   * closed, writable schema and all. */
  if (!ok)
    return FALSE;
  ok = sqlite3_exec (db, "PRAGMA writable_schema = OFF", NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, defensive, NULL);
  /* A definition sqlite cannot read would show here, before the commit. */
  return sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK;
}

/* A paper's QR code carries a check value that the register keeps, so a
 * scanned code is matched to one entry, not only to a number that
 * restarts every year. Drawn at random when the paper is issued; entries
 * issued before have none. It joins what may not change once issued. */
static const char migration_12[] =
  "ALTER TABLE certificates ADD COLUMN check_code TEXT NOT NULL DEFAULT '';\n"
  "DROP TRIGGER certificates_no_change;\n"
  "CREATE TRIGGER certificates_no_change BEFORE UPDATE OF kind, year, serial, number,\n"
  "  holder_name, artisan_id, member_id, title_id, award_id, issued_on, template, sha256,\n"
  "  reissue_of, check_code ON certificates BEGIN\n"
  "  SELECT RAISE(ABORT, 'an issued certificate cannot be changed');\n"
  "END;\n";

/* What the file needs to remember about itself beyond its schema: the
 * recipe of its stored keys (gb-keys.c). */
static const char migration_13[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n";

/* A search looks in the record's craft too (GB_SEARCH_WITH_CRAFT): the
 * browse indexes hold craft_id, so a list of 100,000 with their keys is
 * still read from the index alone (0.05 s; 0.7 s through the rows). */
static const char migration_14[] =
  "DROP INDEX members_browse;\n"
  "DROP INDEX artisans_browse;\n"
  "CREATE INDEX members_browse ON members (sort_key, id, search_key, craft_id) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX artisans_browse ON artisans (sort_key, id, search_key, craft_id) WHERE deleted_at IS NULL;\n";

/* The register's own id, random, kept by its backups and copies: the
 * backups of two registers that share a file name ("guildbook.db" in two
 * folders) are told apart by it. */
static const char migration_15[] =
  "INSERT OR IGNORE INTO meta (key, value) VALUES ('register_id', lower(hex(randomblob(16))));\n";

/* The insert triggers a bulk load may set aside, each with the statement
 * that does its work afterwards, at once, for the rows written meanwhile
 * (those with an id above ?1, stamped ?2: the load's time). */
static const GbDeferredTrigger deferred_triggers[] = {
  { "members", STATUS_INSERT_TRIGGER,
    "INSERT INTO member_status_history (member_id, status, since, created_at, updated_at)"
    " SELECT id, status, " STATUS_SINCE ("") ", ?2, ?2 FROM members WHERE id > ?1 ORDER BY id" },
};

/* The insert trigger of @table that a bulk load may set aside, or NULL. */
const GbDeferredTrigger *
gb_migrations_find_deferred_trigger (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (deferred_triggers); i++)
    if (g_strcmp0 (deferred_triggers[i].table, table) == 0)
      return &deferred_triggers[i];
  return NULL;
}

const GbMigration gb_migrations[] = {
  { migration_1, NULL },
  { migration_2, NULL },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, NULL },
  { migration_6, NULL },
  { migration_7, NULL },
  { migration_8, NULL },
  { migration_9, NULL },
  { migration_10, NULL },
  { migration_11, NULL },
  { migration_12, NULL },
  { migration_13, NULL },
  { migration_14, NULL },
  { migration_15, NULL },
  /* From here on, each step as { sqlite, pg }. */
};

const guint gb_n_migrations = G_N_ELEMENTS (gb_migrations);
