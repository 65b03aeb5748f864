/* gb-csv-reader.h — CSV and tab-separated text files into a GbTable
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads what Excel and LibreOffice save as CSV or "Unicode text": UTF-8
 * with or without a BOM, UTF-16 with a BOM, or a legacy Vietnamese
 * encoding; comma, semicolon or tab as the delimiter, found by looking.
 */
#pragma once

#include <gio/gio.h>

#include "gb-legacy.h"
#include "gb-table.h"

G_BEGIN_DECLS

typedef struct
{
  GbLegacyEncoding encoding;   /* what the text was converted from */
  gboolean         had_bom;
  gboolean         utf16;
  char             delimiter;  /* ',', ';' or '\t' */
} GbCsvInfo;

/* @force_encoding: -1 to detect; GB_LEGACY_UNICODE to convert nothing
 * (bytes that are not UTF-8 are then read as Windows-1258); another
 * GbLegacyEncoding to convert from it. */
GbTable *gb_csv_read_bytes (const guint8  *data,
                            gsize          len,
                            int            force_encoding,
                            GbCsvInfo     *info,
                            GCancellable  *cancellable,
                            GError       **error);
GbTable *gb_csv_read_file  (const char    *path,
                            int            force_encoding,
                            GbCsvInfo     *info,
                            GCancellable  *cancellable,
                            GError       **error);

G_END_DECLS
