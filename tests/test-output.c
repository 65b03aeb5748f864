/* test-output.c — GbOutput, below what the CLI tests can reach
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gb-output.h"
#include "gb-test-util.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A regular file is replaced whole, 0600; until the commit it is as it was,
 * and an output dropped without a commit leaves nothing behind. */
static void
test_replace (void)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *listed = NULL;
  g_autoptr(GError) error = NULL;
  GbOutput *output;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  output = gb_output_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_output_write (output, "new", 3, &error));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  g_clear_pointer (&text, g_free);
  gb_output_free (output);   /* dropped */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  g_clear_pointer (&text, g_free);
  listed = list_dir (dir);
  g_assert_cmpstr (listed, ==, "list.csv");

  output = gb_output_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_output_write (output, "new", 3, &error));
  g_assert_true (gb_output_commit (output, &error));
  g_assert_no_error (error);
  gb_output_free (output);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "new");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&listed, g_free);
  listed = list_dir (dir);
  g_assert_cmpstr (listed, ==, "list.csv");
  gb_test_remove_dir (dir);
}

/* A name that becomes a FIFO while the file is written is not renamed
 * over at the commit. */
static void
test_changed_meanwhile (void)
{
  g_autofree char *dir = gb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbOutput) output = gb_output_open (path, &error);
  struct stat st;

  g_assert_no_error (error);
  g_assert_true (gb_output_write (output, "%PDF-", 5, &error));
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_false (gb_output_commit (output, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_clear_pointer (&output, gb_output_free);
  listed = list_dir (dir);
  g_assert_cmpstr (listed, ==, "out.pdf");
  gb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/output/replace", test_replace);
  g_test_add_func ("/output/changed-meanwhile", test_changed_meanwhile);
  return g_test_run ();
}
