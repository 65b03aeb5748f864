/* gb-fonts.h — the font of printed papers, and its Vietnamese letters
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A font set resolves the family (Times New Roman where installed, else
 * its metric twin Liberation Serif, else Noto Serif), lays out text
 * unhinted so that PDF, print and screen break lines alike, and refuses a
 * text whose letters the family lacks before anything is drawn.
 */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define GB_PT_PER_MM (72.0 / 25.4)
#define GB_MM_PER_PT (25.4 / 72.0)

typedef struct _GbFontSet GbFontSet;

/* Called between pages by whatever writes a PDF, from its thread. */
typedef void (*GbProgressFunc) (guint    done,
                                guint    total,
                                gpointer user_data);

GbFontSet            *gb_font_set_new        (const char  *family,
                                              GError     **error);
void                  gb_font_set_free       (GbFontSet   *self);
const char           *gb_font_set_get_family (GbFontSet   *self);
PangoContext         *gb_font_set_get_context (GbFontSet  *self);
PangoFontDescription *gb_font_set_describe   (GbFontSet   *self,
                                              gboolean     bold,
                                              gboolean     italic,
                                              double       size_pt);
gboolean              gb_font_set_check      (GbFontSet   *self,
                                              gboolean     bold,
                                              gboolean     italic,
                                              const char  *text,
                                              GError     **error);
gboolean              gb_font_set_check_markup (GbFontSet  *self,
                                                gboolean    bold,
                                                gboolean    italic,
                                                const char *markup,
                                                GError    **error);
char                 *gb_font_set_mark_missing (GbFontSet  *self,
                                                gboolean    bold,
                                                gboolean    italic,
                                                const char *text,
                                                GString    *missing,
                                                GError    **error);

/* PDF bytes written in memory: one surface per document, pages added by
 * the caller, then finished into GBytes (or an error naming cairo's). */
cairo_surface_t      *gb_pdf_surface_new     (GByteArray  *sink,
                                              double       width_pt,
                                              double       height_pt,
                                              const char  *title,
                                              const char  *author);
GBytes               *gb_pdf_surface_finish  (cairo_surface_t *surface,
                                              GByteArray      *sink,
                                              GError         **error);

char                 *gb_document_default_font (void);
GStrv                 gb_document_list_fonts   (void);
gboolean              gb_font_covers           (const char  *family,
                                                const char  *text,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbFontSet, gb_font_set_free)

G_END_DECLS
