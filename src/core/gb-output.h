/* gb-output.h — the one way Guildbook writes a file the user named
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happens depends on what the name is when it is opened:
 *
 *   - nothing yet, or a regular file: the writer fills a new file beside
 *     it (mode 0600: it is personal data), which is synced and renamed
 *     over it at the commit, so the file is whole or as it was;
 *   - a symbolic link to a regular file: the file the link points to is
 *     replaced that way; the link stays a link;
 *   - a FIFO or a character device (a pipe, /dev/null, a terminal): the
 *     writer fills a private temporary file, which is copied straight
 *     into it at the commit; it is never created, replaced or renamed;
 *   - "-": standard output, written the same way;
 *   - a folder, a block device, a socket, a link that points nowhere:
 *     refused, with a message that names it, before anything is written;
 *   - a database this process reads (gb_output_protect()), another name
 *     for it (a link), or its -wal, -shm or -journal: refused the same
 *     way.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GbOutput GbOutput;

GbOutput   *gb_output_open         (const char  *path,
                                    GError     **error);
const char *gb_output_get_path     (GbOutput    *self);
gboolean    gb_output_write        (GbOutput    *self,
                                    const void  *data,
                                    gsize        len,
                                    GError     **error);
gboolean    gb_output_prepare      (GbOutput    *self,
                                    GError     **error);
gboolean    gb_output_commit       (GbOutput    *self,
                                    GError     **error);
void        gb_output_free         (GbOutput    *self);

gboolean    gb_output_write_bytes  (const char  *path,
                                    GBytes      *bytes,
                                    GError     **error);
gboolean    gb_output_is_stdout    (const char  *path);
const char *gb_output_display_name (const char  *path);
void        gb_output_protect      (const char  *database_path);
gboolean    gb_output_write_all    (int          fd,
                                    const char  *data,
                                    gsize        len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbOutput, gb_output_free)

G_END_DECLS
