/* gb-legacy.h — text in the legacy Vietnamese encodings: TCVN3 (ABC), VNI, Windows-1258
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Old spreadsheets hold Vietnamese typed for legacy fonts. Read as raw
 * bytes it is not UTF-8; read through Excel it is valid UTF-8 that only
 * looks wrong ("NguyÔn" for TCVN3, "Nguyeãn" for VNI). These functions
 * tell the schemes apart and turn either form into Unicode NFC.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_LEGACY_UNICODE,
  GB_LEGACY_TCVN3,
  GB_LEGACY_VNI,
  GB_LEGACY_WINDOWS_1258,
} GbLegacyEncoding;

GbLegacyEncoding  gb_legacy_detect_text     (const char       *utf8_text,
                                             gssize            len);
char             *gb_legacy_convert_text    (const char       *utf8_text,
                                             gssize            len,
                                             GbLegacyEncoding  from);
GbLegacyEncoding  gb_legacy_detect_bytes    (const guint8     *data,
                                             gsize             len);
char             *gb_legacy_decode_bytes    (const guint8     *data,
                                             gsize             len,
                                             GbLegacyEncoding  enc,
                                             GError          **error);
const char       *gb_legacy_encoding_label  (GbLegacyEncoding  enc);
char             *gb_legacy_nfc             (const char       *utf8_text,
                                             gsize             len);

G_END_DECLS
