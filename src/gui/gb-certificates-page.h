/* gb-certificates-page.h — the register of issued certificates
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_TYPE_CERTIFICATES_PAGE (gb_certificates_page_get_type ())
G_DECLARE_FINAL_TYPE (GbCertificatesPage, gb_certificates_page, GB, CERTIFICATES_PAGE, AdwBin)

GbCertificatesPage *gb_certificates_page_new          (void);
void                gb_certificates_page_set_database (GbCertificatesPage *self,
                                                       GbDatabase         *database);
void                gb_certificates_page_reload       (GbCertificatesPage *self);
guint               gb_certificates_page_get_n_rows   (GbCertificatesPage *self);

G_END_DECLS
