/* gb-text.h — Vietnamese text: NFC, search folding, sorting, formats
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gb-date.h"

G_BEGIN_DECLS

char    *gb_text_normalize        (const char  *text);
char    *gb_text_normalize_name   (const char  *text);
gboolean gb_text_is_plain_nfc     (const char  *text);
char    *gb_text_fold             (const char  *text);
GBytes  *gb_text_sort_key         (const char  *text);
GBytes  *gb_text_person_sort_key  (const char  *full_name);
int      gb_text_collate          (const char  *a,
                                   const char  *b);
gboolean gb_text_fold_matches     (const char  *folded_haystack,
                                   const char  *query);
char   **gb_text_fold_words       (const char  *query);
char    *gb_text_format_date      (const char  *iso_date);
char    *gb_text_parse_date       (const char  *text,
                                   GError     **error);
gboolean gb_text_is_valid_iso_date (const char *iso_date);
char    *gb_text_format_thousands (gint64       value);
char    *gb_text_json_escape      (const char  *text);
char    *gb_text_slug             (const char  *text);

G_END_DECLS

G_BEGIN_DECLS

char    *gb_text_digits_only      (const char  *text);
gboolean gb_text_is_valid_phone   (const char  *text);
gboolean gb_text_is_valid_email   (const char  *text);
int      gb_text_current_year     (void);
const char *gb_text_today         (void);

G_END_DECLS
