/* gb-paper.h — what one certificate or card says, gathered from the records
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A paper is a set of named values ({name}, {craft}, …) that a template
 * places, plus the holder's photo and the links the register keeps.
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

typedef struct
{
  char       *kind;        /* artisan | award | membership | card */
  GHashTable *values;      /* placeholder -> NFC text */
  GBytes     *photo;
  gint64      artisan_id;
  gint64      member_id;
  gint64      title_id;
  gint64      award_id;
} GbPaper;

GbPaper    *gb_paper_new             (const char  *kind);
void        gb_paper_free            (GbPaper     *self);
void        gb_paper_set             (GbPaper     *self,
                                      const char  *key,
                                      const char  *value);
const char *gb_paper_get             (GbPaper     *self,
                                      const char  *key);
const char *gb_paper_get_holder      (GbPaper     *self);

GbPaper    *gb_paper_new_for_artisan (GbDatabase  *database,
                                      gint64       artisan_id,
                                      gint64       title_id,
                                      GError     **error);
GbPaper    *gb_paper_new_for_award   (GbDatabase  *database,
                                      gint64       award_id,
                                      GError     **error);
GPtrArray  *gb_papers_for_contest    (GbDatabase  *database,
                                      gint64       event_id,
                                      GError     **error);
GbPaper    *gb_paper_new_for_member  (GbDatabase  *database,
                                      gint64       member_id,
                                      const char  *kind,
                                      GError     **error);
GPtrArray  *gb_papers_for_all_artisans (GbDatabase *database,
                                        GError    **error);

char       *gb_paper_long_date       (const char  *iso_date);
char       *gb_paper_date_range      (const char  *start,
                                      const char  *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbPaper, gb_paper_free)

G_END_DECLS
