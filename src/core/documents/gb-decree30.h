/* gb-decree30.h — the layout of Vietnamese administrative documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure of Decree 30/2020/NĐ-CP, Appendix I, that Guildbook uses
 * lives in gb-decree30.c and nowhere else: a later decree changes that one
 * file. See shared/VIETNAMESE.md for the figures and their sources.
 */
#pragma once

#include "gb-flow.h"

G_BEGIN_DECLS

typedef struct
{
  const char *issuer;          /* "HIỆP HỘI LÀNG NGHỀ HẢI PHÒNG" (put in capitals here) */
  const char *number;          /* "15/BC-HHLN"; NULL or "" leaves dots to fill in */
  const char *place;           /* "Hải Phòng" */
  const char *date;            /* ISO 8601 */
} GbDecree30Heading;

typedef struct
{
  const char *const *recipients;   /* without "- " and ";": "Như trên", "Lưu: VT" */
  const char        *authority;    /* "TM. BAN CHẤP HÀNH" */
  const char        *title;        /* "CHỦ TỊCH" */
  const char        *signer;       /* the name */
} GbDecree30Closing;

void    gb_decree30_page_style  (GbPageStyle             *style,
                                 gboolean                 landscape);
double  gb_decree30_body_size   (void);
void    gb_decree30_add_heading (GbFlow                  *flow,
                                 const GbDecree30Heading *heading);
void    gb_decree30_add_title   (GbFlow                  *flow,
                                 const char              *kind,
                                 const char              *subject);
void    gb_decree30_add_addressee (GbFlow                *flow,
                                   const char            *addressee);
void    gb_decree30_add_paragraph (GbFlow                *flow,
                                   const char            *text);
void    gb_decree30_add_section (GbFlow                  *flow,
                                 const char              *title);
void    gb_decree30_add_subsection (GbFlow               *flow,
                                    const char           *markup);
void    gb_decree30_add_closing (GbFlow                  *flow,
                                 const GbDecree30Closing *closing);
char   *gb_decree30_date_line   (const char              *place,
                                 const char              *iso_date);
char   *gb_decree30_number      (guint                    number,
                                 const char              *code,
                                 const char              *symbol);

G_END_DECLS
