/* gb-block.h — large blocks of memory, in huge pages where the system gives them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8  *data;
  gsize    size;     /* as asked */
  gsize    length;   /* as mapped, 0 when it came from malloc */
} GbBlock;

void gb_block_alloc (GbBlock *block,
                     gsize    size);
void gb_block_clear (GbBlock *block);

G_END_DECLS
