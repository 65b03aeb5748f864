/* gb-paper-preview.h — preview, export, print and issue certificates and cards
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_PAPER_PREVIEW (gb_paper_preview_get_type ())
G_DECLARE_FINAL_TYPE (GbPaperPreview, gb_paper_preview, GB, PAPER_PREVIEW, AdwWindow)

/* @paper: artisan | award | membership | card. @ids: artisan ids, member
 * ids, or for awards the contest's event id. */
GbPaperPreview *gb_paper_preview_new      (GtkWindow     *parent,
                                           GbDatabase    *database,
                                           const char    *paper,
                                           const gint64  *ids,
                                           guint          n_ids);
GBytes         *gb_paper_preview_get_pdf  (GbPaperPreview *self);
gboolean        gb_paper_preview_get_busy (GbPaperPreview *self);
void            gb_paper_preview_issue    (GbPaperPreview *self,
                                           const char     *path);
char           *gb_paper_preview_dup_file_name (GbPaperPreview *self);

const char *const *gb_paper_preview_papers_for (const char *table,
                                                gboolean    contest);
GMenuModel     *gb_paper_preview_menu     (const char *const *papers,
                                           const char        *action,
                                           gboolean           many);

G_END_DECLS
