/* gb-sqlite-memory.c — sqlite's database pages in huge pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sqlite's page cache takes one allocation of about 16.3 KiB for each
 * page of a file with 16 KiB pages (the files Guildbook makes). A large
 * import fills 40 MB of new pages in one transaction, and each 4 KiB of
 * it touched for the first time is a page fault, which is dear on a
 * virtual machine. Allocations of that size come from one region, cut
 * into equal slots, that asks for transparent huge pages (one fault for
 * 2 MiB); a slot freed is kept for the next page. Every other allocation,
 * and every page once the region is full, goes to sqlite's own
 * allocator. Installed through SQLITE_CONFIG_MALLOC before sqlite starts.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gb-sqlite-memory.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#define PAGE_ABOVE 16384                    /* a 16 KiB page and its header... */
#define SLOT       (16384 + 1024)           /* ...fit in a slot */
#define REGION     ((gsize) 256 * 1024 * 1024)
#define HUGE_PAGE  ((gsize) 2 * 1024 * 1024)

static sqlite3_mem_methods system_methods;
static guint8 *region, *region_end, *fresh;
static gpointer free_slots;                 /* each freed slot's first word points to the next */
static GMutex lock;

static inline gboolean
in_region (const void *p)
{
  return (const guint8 *) p >= region && (const guint8 *) p < region_end;
}

static inline gboolean
is_page (int n)
{
  return n > PAGE_ABOVE && n <= SLOT;
}

static void *
slot_take (void)
{
  void *p = NULL;

  g_mutex_lock (&lock);
  if (free_slots != NULL)
    {
      p = free_slots;
      free_slots = *(gpointer *) p;
    }
  else if (fresh + SLOT <= region_end)
    {
      p = fresh;
      fresh += SLOT;
    }
  g_mutex_unlock (&lock);
  return p;
}

static void
slot_give (void *p)
{
  g_mutex_lock (&lock);
  *(gpointer *) p = free_slots;
  free_slots = p;
  g_mutex_unlock (&lock);
}

static void *
mem_malloc (int n)
{
  void *p;

  if (is_page (n) && (p = slot_take ()) != NULL)
    return p;
  return system_methods.xMalloc (n);
}

static void
mem_free (void *p)
{
  if (in_region (p))
    slot_give (p);
  else
    system_methods.xFree (p);
}

static int
mem_size (void *p)
{
  return in_region (p) ? SLOT : system_methods.xSize (p);
}

static void *
mem_realloc (void *p,
             int   n)
{
  void *q;

  if (in_region (p))
    {
      if (is_page (n))
        return p;
      if ((q = system_methods.xMalloc (n)) != NULL)
        {
          memcpy (q, p, MIN (n, SLOT));
          slot_give (p);
        }
      return q;
    }
  if (is_page (n) && (q = slot_take ()) != NULL)
    {
      memcpy (q, p, MIN (system_methods.xSize (p), n));
      system_methods.xFree (p);
      return q;
    }
  return system_methods.xRealloc (p, n);
}

static int
mem_roundup (int n)
{
  return is_page (n) ? SLOT : system_methods.xRoundup (n);
}

static int
mem_init (void *data)
{
  return system_methods.xInit (system_methods.pAppData);
}

static void
mem_shutdown (void *data)
{
  system_methods.xShutdown (system_methods.pAppData);
}

static gpointer
install (gpointer data)
{
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS) && defined(MAP_NORESERVE)
  static const sqlite3_mem_methods ours = {
    mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup, mem_init, mem_shutdown, NULL
  };
  guint8 *map, *start;

  if (sqlite3_config (SQLITE_CONFIG_GETMALLOC, &system_methods) != SQLITE_OK)
    return NULL;
  /* Address space only: memory is taken as slots are first used. */
  map = mmap (NULL, REGION + HUGE_PAGE, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (map == MAP_FAILED)
    return NULL;
  start = (guint8 *) (((guintptr) map + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (start > map)
    munmap (map, start - map);
  munmap (start + REGION, (map + REGION + HUGE_PAGE) - (start + REGION));
  madvise (start, REGION, MADV_HUGEPAGE);
  region = fresh = start;
  region_end = start + REGION;
  /* Too late once sqlite has started (another part of the program, or a
   * test, opened a database first): sqlite's own allocator then stays. */
  if (sqlite3_config (SQLITE_CONFIG_MALLOC, &ours) != SQLITE_OK)
    {
      munmap (region, REGION);
      region = region_end = fresh = NULL;
    }
#endif
  return NULL;
}

/* Call before sqlite is used; again is harmless. */
void
gb_sqlite_memory_install (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install, NULL);
}

/* Whether @memory is one of the slots (for tests). */
gboolean
gb_sqlite_memory_owns (const void *memory)
{
  return region != NULL && in_region (memory);
}
