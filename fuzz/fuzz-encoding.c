/* fuzz-encoding.c — libFuzzer target: legacy Vietnamese encodings
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Detection and conversion take any bytes and always give valid UTF-8:
 * raw bytes through each decoder, and text that is already UTF-8 through
 * the TCVN3 and VNI converters. Seeds are in tests/fuzz/corpus/encoding.
 * Build: see fuzz-database.c.
 */
#include <glib.h>
#include <stdint.h>

#include "gb-error.h"
#include "gb-legacy.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const GbLegacyEncoding encodings[] = {
  GB_LEGACY_UNICODE, GB_LEGACY_TCVN3, GB_LEGACY_VNI, GB_LEGACY_WINDOWS_1258,
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GbLegacyEncoding detected = gb_legacy_detect_bytes (data, size);

  g_assert (detected == GB_LEGACY_TCVN3 || detected == GB_LEGACY_VNI
            || detected == GB_LEGACY_WINDOWS_1258);
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = gb_legacy_decode_bytes (data, size, encodings[i], &error);

      if (text == NULL)
        {
          /* only Unicode refuses bytes, and only bytes that are not UTF-8 */
          g_assert (encodings[i] == GB_LEGACY_UNICODE);
          g_assert (g_error_matches (error, GB_ERROR, GB_ERROR_INVALID));
          continue;
        }
      g_assert_no_error (error);
      g_assert (g_utf8_validate (text, -1, NULL));
      /* NFC: normalizing again changes nothing */
      if (size < 4096)
        {
          g_autofree char *again = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

          g_assert_cmpstr (again, ==, text);
        }
    }

  if (g_utf8_validate ((const char *) data, (gssize) size, NULL))
    {
      GbLegacyEncoding enc = gb_legacy_detect_text ((const char *) data, (gssize) size);

      g_assert (enc == GB_LEGACY_UNICODE || enc == GB_LEGACY_TCVN3 || enc == GB_LEGACY_VNI);
      for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
        {
          g_autofree char *text = gb_legacy_convert_text ((const char *) data, (gssize) size,
                                                          encodings[i]);

          g_assert (text != NULL && g_utf8_validate (text, -1, NULL));
        }
    }
  return 0;
}
