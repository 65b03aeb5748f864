/* gb-pdf-window.h — a finished PDF, shown, saved and printed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-flow.h"

G_BEGIN_DECLS

#define GB_TYPE_PDF_WINDOW (gb_pdf_window_get_type ())
G_DECLARE_FINAL_TYPE (GbPdfWindow, gb_pdf_window, GB, PDF_WINDOW, AdwWindow)

/* Takes @flow (laid out; it prints the pages) and shows @pdf, its PDF. */
GbPdfWindow *gb_pdf_window_new     (GtkWindow  *parent,
                                    const char *title,
                                    const char *file_name,
                                    GbFlow     *flow,
                                    GBytes     *pdf);
GBytes      *gb_pdf_window_get_pdf (GbPdfWindow *self);

GtkPrintOperation *gb_print_operation_new (double      width_pt,
                                           double      height_pt,
                                           guint       n_pages,
                                           const char *job_name);

/* @done is told what to say, and the file written (NULL on failure). */
void         gb_pdf_save_dialog    (GtkWindow  *parent,
                                    GBytes     *pdf,
                                    const char *file_name,
                                    void      (*done) (GtkWindow  *parent,
                                                       const char *message,
                                                       GFile      *file));
AdwToast    *gb_pdf_saved_toast    (const char *message,
                                    GFile      *file);

G_END_DECLS
