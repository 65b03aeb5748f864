/* gb-lunar.c — the Vietnamese lunar calendar (âm lịch), UTC+7
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Craft-village festivals follow the lunar calendar. The conversion is the
 * standard astronomical one (new moons and the sun's longitude from Jean
 * Meeus's "Astronomical Algorithms", as popularised for the Vietnamese
 * calendar by Hồ Ngọc Đức): month 11 holds the winter solstice, and in a
 * 13-month year the first month without a principal term is the leap one.
 * Vietnam's calendar uses UTC+7, which is why it differs from China's in
 * some years (Tết 1985).
 */
#include "config.h"
#include "gb-date.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "gb-lunar.h"

#define TIME_ZONE 7.0

static long
jd_from_date (int dd, int mm, int yy)
{
  int a = (14 - mm) / 12;
  int y = yy + 4800 - a;
  int m = mm + 12 * a - 3;
  long jd = dd + (153 * m + 2) / 5 + 365L * y + y / 4 - y / 100 + y / 400 - 32045;

  if (jd < 2299161)
    jd = dd + (153 * m + 2) / 5 + 365L * y + y / 4 - 32083;
  return jd;
}

/* Julian day (in UTC+7, at local midnight) of the k-th new moon after 1900. */
static long
new_moon_day (long k)
{
  double T = k / 1236.85;
  double T2 = T * T, T3 = T2 * T;
  double dr = G_PI / 180;
  double Jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  double M, Mpr, F, C1, deltat;

  Jd1 += 0.00033 * sin ((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  C1 = (0.1734 - 0.000393 * T) * sin (M * dr) + 0.0021 * sin (2 * dr * M);
  C1 = C1 - 0.4068 * sin (Mpr * dr) + 0.0161 * sin (dr * 2 * Mpr);
  C1 = C1 - 0.0004 * sin (dr * 3 * Mpr);
  C1 = C1 + 0.0104 * sin (dr * 2 * F) - 0.0051 * sin (dr * (M + Mpr));
  C1 = C1 - 0.0074 * sin (dr * (M - Mpr)) + 0.0004 * sin (dr * (2 * F + M));
  C1 = C1 - 0.0004 * sin (dr * (2 * F - M)) - 0.0006 * sin (dr * (2 * F + Mpr));
  C1 = C1 + 0.0010 * sin (dr * (2 * F - Mpr)) + 0.0005 * sin (dr * (2 * Mpr + M));
  if (T < -11)
    deltat = 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3;
  else
    deltat = -0.000278 + 0.000265 * T + 0.000262 * T2;
  return (long) floor (Jd1 + C1 - deltat + 0.5 + TIME_ZONE / 24);
}

/* Which of the 12 principal terms the sun is in at local midnight of jdn. */
static int
sun_longitude (long jdn)
{
  double T = (jdn - 2451545.5 - TIME_ZONE / 24) / 36525;
  double T2 = T * T;
  double dr = G_PI / 180;
  double M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  double L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  double DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * sin (dr * M);
  double L;

  DL += (0.019993 - 0.000101 * T) * sin (dr * 2 * M) + 0.000290 * sin (dr * 3 * M);
  L = (L0 + DL) * dr;
  L -= G_PI * 2 * floor (L / (G_PI * 2));
  return (int) floor (L / G_PI * 6);
}

static long
lunar_month_11 (int yy)
{
  long off = jd_from_date (31, 12, yy) - 2415021;
  long k = (long) floor (off / 29.530588853);
  long nm = new_moon_day (k);

  if (sun_longitude (nm) >= 9)
    nm = new_moon_day (k - 1);
  return nm;
}

static int
leap_month_offset (long a11)
{
  long k = (long) floor ((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  int last, i = 1, arc = sun_longitude (new_moon_day (k + i));

  do
    {
      last = arc;
      i++;
      arc = sun_longitude (new_moon_day (k + i));
    }
  while (arc != last && i < 14);
  return i - 1;
}

gboolean
gb_lunar_from_solar (int          dd,
                     int          mm,
                     int          yy,
                     GbLunarDate *out)
{
  long day_number, k, month_start, a11, b11;
  int diff, lunar_month, lunar_year;
  gboolean leap = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);
  if (yy < 1800 || yy > 2199 || !g_date_valid_dmy (dd, mm, yy))
    return FALSE;

  day_number = jd_from_date (dd, mm, yy);
  k = (long) floor ((day_number - 2415021.076998695) / 29.530588853);
  month_start = new_moon_day (k + 1);
  if (month_start > day_number)
    month_start = new_moon_day (k);

  a11 = lunar_month_11 (yy);
  b11 = a11;
  if (a11 >= month_start)
    {
      lunar_year = yy;
      a11 = lunar_month_11 (yy - 1);
    }
  else
    {
      lunar_year = yy + 1;
      b11 = lunar_month_11 (yy + 1);
    }

  out->day = (int) (day_number - month_start + 1);
  diff = (int) floor ((month_start - a11) / 29.0);
  lunar_month = diff + 11;
  if (b11 - a11 > 365)
    {
      int leap_diff = leap_month_offset (a11);
      if (diff >= leap_diff)
        {
          lunar_month = diff + 10;
          if (diff == leap_diff)
            leap = TRUE;
        }
    }
  if (lunar_month > 12)
    lunar_month -= 12;
  if (lunar_month >= 11 && diff < 4)
    lunar_year -= 1;

  out->month = lunar_month;
  out->year = lunar_year;
  out->leap = leap;
  return TRUE;
}

/* "2021-02-12" -> "01/01 Tân Sửu" ("nhuận" after a leap month). */
char *
gb_lunar_format (const char *iso_date)
{
  static const char *const stems[] = { "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý" };
  static const char *const branches[] = { "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi" };
  GbLunarDate lunar;
  GDate date;

  if (!gb_date_from_iso (iso_date, &date)
      || !gb_lunar_from_solar (g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date), &lunar))
    return NULL;

  return g_strdup_printf ("%02d/%02d%s %s %s", lunar.day, lunar.month,
                          lunar.leap ? _(" (leap)") : "",
                          stems[(lunar.year + 6) % 10], branches[(lunar.year + 8) % 12]);
}
