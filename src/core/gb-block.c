/* gb-block.c — large blocks of memory, in huge pages where the system gives them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Memory touched for the first time costs a page fault for each 4 KiB
 * page, and on a virtual machine a fault is dear: reading a 100,000-row
 * CSV file touched some 7,000 pages. A block of two megabytes or more is
 * mapped on a 2 MiB boundary and asks for transparent huge pages
 * (MADV_HUGEPAGE), which Linux gives when they are set to "madvise" (as
 * here) or "always": one fault for each 2 MiB. Elsewhere, or when the
 * mapping fails, the block comes from malloc.
 */
#include "config.h"

#include <string.h>

#include "gb-block.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((gsize) 2 * 1024 * 1024)

/* Fills @block with @size bytes, zeroed. */
void
gb_block_alloc (GbBlock *block,
                gsize    size)
{
  memset (block, 0, sizeof *block);
  block->size = size;
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
  if (size >= HUGE_PAGE && size <= G_MAXSIZE - 2 * HUGE_PAGE)
    {
      gsize length = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
      guint8 *map = mmap (NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (map != MAP_FAILED)
        {
          guint8 *start = (guint8 *) (((guintptr) map + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));

          /* Only the aligned part stays mapped. */
          if (start > map)
            munmap (map, start - map);
          if (start + length < map + length + HUGE_PAGE)
            munmap (start + length, (map + length + HUGE_PAGE) - (start + length));
          madvise (start, length, MADV_HUGEPAGE);
          block->data = start;
          block->length = length;
          return;
        }
    }
#endif
  block->data = g_malloc0 (MAX (size, 1));
}

void
gb_block_clear (GbBlock *block)
{
  if (block->data == NULL)
    return;
#ifdef G_OS_UNIX
  if (block->length > 0)
    munmap (block->data, block->length);
  else
#endif
    g_free (block->data);
  memset (block, 0, sizeof *block);
}
