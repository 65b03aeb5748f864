/* gb-xlsx-private.h — what the files of the .xlsx reader share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader is kept in files along its seams: the public calls, the
 * package and the workbook (gb-xlsx-reader.c); a zip part streamed to
 * libxml2 (gb-xlsx-part.c); a cell's text, numbers and dates
 * (gb-xlsx-text.c); the shared strings and styles every sheet uses
 * (gb-xlsx-shared.c); a sheet's rows and cells (gb-xlsx-sheet.c). This
 * header is for those files only; gb-xlsx-reader.h is the interface.
 */
#pragma once

#include <string.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "gb-xlsx-reader.h"

G_BEGIN_DECLS

/* A workbook is untrusted input: these are its caps, in one place, so
 * that what the reader accepts can be read at a glance. */
#define MAX_PART_SIZE (G_GUINT64_CONSTANT (1) << 30)   /* a sheet, the shared strings */
#define MAX_META_SIZE (G_GUINT64_CONSTANT (64) << 20)  /* workbook, relationships, styles */
#define MAX_TEXT      GB_TABLE_MAX_CELL_TEXT          /* bytes of one cell's text */
#define MAX_STRINGS   (1u << 24)
#define MAX_STYLES    (1u << 20)
#define MAX_COLUMNS   16384u
#define MAX_ROWS      1048576u
#define MAX_CELLS     GB_TABLE_MAX_CELLS              /* cells kept of one sheet */
#define CHECK_ROWS    1024u

typedef struct
{
  char *name;
  char *path;        /* in the zip; NULL when the workbook does not say */
} GbXlsxSheet;

struct _GbXlsxReader
{
  GBytes       *bytes;          /* under the zip, when opened from memory */
  zip_t        *zip;
  GArray       *sheets;         /* of GbXlsxSheet */
  char         *strings_path;   /* NULL when the workbook has none */
  char         *styles_path;
  gboolean      date1904;

  gboolean      loaded;         /* the shared strings and the styles */
  GStringChunk *chunk;
  GPtrArray    *strings;        /* into chunk */
  GByteArray   *date_styles;    /* per cellXfs index: 1 when it shows a date */
};

/* Errors (gb-xlsx-reader.c) */

void     gb_xlsx_set_damaged        (GError          **error,
                                     const char       *format,
                                     ...) G_GNUC_PRINTF (2, 3);
void     gb_xlsx_set_cell_too_long  (GError          **error,
                                     guint             row);

/* Text, numbers and dates (gb-xlsx-text.c) */

char    *gb_xlsx_clean_text         (const char       *text,
                                     gsize             len);
void     gb_xlsx_append_capped      (GString          *s,
                                     gboolean         *full,
                                     const char       *text);
void     gb_xlsx_replace_str        (char            **field,
                                     const char       *value);
gboolean gb_xlsx_parse_uint         (const char       *text,
                                     guint64           max,
                                     guint64          *value);
char    *gb_xlsx_iso_to_date        (const char       *text);
char    *gb_xlsx_format_number      (const char       *text,
                                     gboolean          is_date,
                                     gboolean          date1904);
gboolean gb_xlsx_builtin_is_date    (guint64           id);
gboolean gb_xlsx_format_is_date     (const char       *code);
gboolean gb_xlsx_parse_reference    (const char       *ref,
                                     guint            *column,
                                     guint            *row,
                                     gboolean         *has_row);

/* Parts (gb-xlsx-part.c): one XML part of the zip, read a buffer at a
 * time. Opened on the caller's stack; closed whether or not it failed. */

typedef struct
{
  const char      *name;
  zip_file_t      *file;
  xmlTextReaderPtr xml;
  guint64          limit;
  guint64          n_read;
  gboolean         too_big;
  char            *zip_error;
  char            *xml_error;

  gboolean         started;      /* the encoding was looked for */
  gboolean         eof;          /* of the zip entry */
  GIConv           conv;         /* from the declared encoding, or (GIConv) -1 */
  GByteArray      *raw;          /* read, not yet converted */
  GString         *text;         /* UTF-8, not yet filtered */
  GString         *out;          /* filtered, not yet given */
  gsize            out_pos;
  int              state;
} GbXlsxPart;

zip_int64_t gb_xlsx_locate          (GbXlsxReader     *self,
                                     const char       *path);
gboolean gb_xlsx_part_open          (GbXlsxReader     *self,
                                     const char       *path,
                                     guint64           limit,
                                     GbXlsxPart       *part,
                                     GError          **error);
int      gb_xlsx_part_next          (GbXlsxPart       *part);
gboolean gb_xlsx_part_check         (GbXlsxPart       *part,
                                     int               ret,
                                     GError          **error);
void     gb_xlsx_part_close         (GbXlsxPart       *part);

#define NAME_IS(name, s) (strcmp ((name), (s)) == 0)

/* Called for every element of a sheet: kept here, where it can be inlined. */
static inline const char *
gb_xlsx_node_name (xmlTextReaderPtr xml)
{
  const xmlChar *name = xmlTextReaderConstLocalName (xml);

  return name ? (const char *) name : "";
}

static inline gboolean
gb_xlsx_is_text_node (int type)
{
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
         || type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Calls @func for each attribute of the current element (namespace
 * declarations left out). The value lasts until the next attribute. */
typedef void (*GbXlsxAttributeFunc) (const char *name,
                                     const char *value,
                                     gboolean    namespaced,
                                     gpointer    data);

void     gb_xlsx_foreach_attribute  (xmlTextReaderPtr     xml,
                                     GbXlsxAttributeFunc  func,
                                     gpointer             data);

/* Shared strings and styles (gb-xlsx-shared.c), read once before the
 * first sheet. */

gboolean gb_xlsx_reader_ensure_loaded (GbXlsxReader   *self,
                                       GCancellable   *cancellable,
                                       GError        **error);

G_END_DECLS
