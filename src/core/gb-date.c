/* gb-date.c — dates as stored (yyyy-mm-dd), as typed and as shown (dd/mm/yyyy)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every date the program reads goes through read_groups(): the database's
 * ISO dates, what staff type in a form or a spreadsheet (dd/mm/yyyy, also
 * with '-' or '.', d/m/yyyy, yyyy-mm-dd) and the dates on papers. GDate
 * says whether the day exists.
 */
#define G_LOG_DOMAIN "gb-date"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-text.h"

/* Three groups of one to four digits with one separator between them, and
 * nothing else: "15/10/2021", "2021-10-15", "5.3.2021". */
static gboolean
read_groups (const char *s,
             guint       groups[3],
             char       *separator)
{
  char seps[2] = { 0, 0 };

  for (guint g = 0; g < 3; g++)
    {
      guint value = 0, digits = 0;

      for (; g_ascii_isdigit (*s) && digits < 5; s++, digits++)
        value = value * 10 + (guint) (*s - '0');
      if (digits == 0 || digits > 4)
        return FALSE;
      groups[g] = value;
      if (g < 2)
        {
          if (*s == '\0' || g_ascii_isdigit (*s))
            return FALSE;
          seps[g] = *s++;
        }
    }
  *separator = seps[0];
  return *s == '\0' && seps[0] == seps[1];
}

static gboolean
set_dmy (GDate *date,
         guint  d,
         guint  m,
         guint  y)
{
  if (y < 1000 || y > 9999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* A date as the database stores it: exactly yyyy-mm-dd, a day that exists. */
gboolean
gb_date_from_iso (const char *iso_date,
                  GDate      *date)
{
  guint g[3];
  char sep;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  return iso_date != NULL && strlen (iso_date) == 10 && iso_date[4] == '-'
         && read_groups (iso_date, g, &sep) && sep == '-' && set_dmy (date, g[2], g[1], g[0]);
}

/* A date as staff write it: day first (dd/mm/yyyy, with '/', '-' or '.'),
 * or yyyy-mm-dd; FALSE with the reason in @error. */
gboolean
gb_date_from_text (const char  *text,
                   GDate       *date,
                   GError     **error)
{
  g_autofree char *s = gb_text_normalize (text);
  guint g[3];
  char sep;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (s == NULL || *s == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("The date is empty."));
      return FALSE;
    }
  if (!read_groups (s, g, &sep) || (sep != '/' && sep != '-' && sep != '.'))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not a date; type it as dd/mm/yyyy."), s);
      return FALSE;
    }
  if (!(g[0] > 31 && sep == '-' ? set_dmy (date, g[2], g[1], g[0]) : set_dmy (date, g[0], g[1], g[2])))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID, _("“%s” is not a date that exists."), s);
      return FALSE;
    }
  return TRUE;
}

/* "2021-10-15" */
char *
gb_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* "15/10/2021", as the program shows a date. */
char *
gb_date_to_text (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

/* The same, for callers that hold the text. */

gboolean
gb_text_is_valid_iso_date (const char *iso_date)
{
  GDate date;

  return gb_date_from_iso (iso_date, &date);
}

/* "2021-10-15" -> "15/10/2021"; "" for what is not a stored date. */
char *
gb_text_format_date (const char *iso_date)
{
  GDate date;

  return gb_date_from_iso (iso_date, &date) ? gb_date_to_text (&date) : g_strdup ("");
}

/* What staff typed, as stored (yyyy-mm-dd), or NULL with a reason. */
char *
gb_text_parse_date (const char  *text,
                    GError     **error)
{
  GDate date;

  return gb_date_from_text (text, &date, error) ? gb_date_to_iso (&date) : NULL;
}
