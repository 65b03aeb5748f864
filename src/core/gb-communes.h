/* gb-communes.h — the register of commune-level units
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *code;   /* the General Statistics Office's five digits */
  const char *kind;   /* "phường", "xã" or "đặc khu" */
  const char *name;
} GbCommune;

extern const GbCommune gb_hai_phong_communes[];
extern const guint     gb_n_hai_phong_communes;

#define GB_HAI_PHONG "thành phố Hải Phòng"

G_END_DECLS
