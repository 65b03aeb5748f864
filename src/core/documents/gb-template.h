/* gb-template.h — a paper's layout, read from a template file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates are data (data/templates/README.md): a key file of text boxes,
 * images and a QR code placed in millimetres. Guildbook ships its own in a
 * resource; a file of the same name in the user's data folder
 * (~/.local/share/guildbook/templates/) replaces it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_ELEMENT_TEXT,
  GB_ELEMENT_IMAGE,
  GB_ELEMENT_QR,
} GbElementKind;

typedef enum
{
  GB_ALIGN_LEFT,
  GB_ALIGN_CENTER,
  GB_ALIGN_RIGHT,
  GB_ALIGN_JUSTIFY,
} GbAlign;

typedef struct
{
  GbElementKind kind;
  char    *id;          /* the group name after the kind */
  double   x, y, width, height;   /* mm */
  /* text */
  char    *text;        /* with {placeholders} */
  double   size, min_size;        /* pt */
  gboolean bold, italic, upper, markup, fit, optional;
  guint    lines;       /* most lines a fitted text may take */
  GbAlign  align;
  int      valign;      /* -1 top, 0 centre, 1 bottom */
  double   rule;        /* a rule under the text, as a fraction of its width */
  guint32  color;       /* 0xRRGGBB */
  /* image */
  char    *source;      /* logo | photo */
} GbElement;

typedef struct _GbTemplate GbTemplate;

struct _GbTemplate
{
  char      *id;        /* file name without ".template" */
  char      *name;
  char      *name_vi;   /* Name[vi], else Name: what a Vietnamese paper calls it */
  char      *paper;     /* artisan | award | membership | card */
  char      *symbol;    /* the register's code, "GCN" */
  double     page_width, page_height;   /* mm, of the sheet */
  double     item_width, item_height;   /* mm, of one paper on it */
  guint      columns, rows;             /* papers on a sheet */
  double     gutter;                    /* mm between two papers on a sheet */
  char      *border;    /* classic | band | none */
  guint32    border_color, accent_color;
  GPtrArray *elements;  /* of GbElement */
  char      *origin;    /* where it was read from, for messages */
};

#define GB_CARD_WIDTH_MM  85.60
#define GB_CARD_HEIGHT_MM 53.98
/* Between two cards: a guillotine that misses a cut by a millimetre
 * leaves neither card with a sliver of its neighbour's band. */
#define GB_CARD_GUTTER_MM 3.0

GbTemplate *gb_template_load      (const char  *id,
                                   GError     **error);
GbTemplate *gb_template_parse     (const char  *id,
                                   const char  *data,
                                   gsize        length,
                                   const char  *origin,
                                   GError     **error);
void        gb_template_free      (GbTemplate  *self);
GStrv       gb_template_list      (const char  *paper);
char       *gb_template_user_dir  (void);
guint       gb_template_per_sheet (const GbTemplate *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbTemplate, gb_template_free)

G_END_DECLS
