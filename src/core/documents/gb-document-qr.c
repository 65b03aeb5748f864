/* gb-document-qr.c — the QR code on a paper
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the code holds (README.md, "The QR code on a paper"), the code
 * as a small image, and a thread that encodes a long batch's codes ahead
 * of the pages.
 */
#define G_LOG_DOMAIN "Guildbook"

#include "config.h"

#include <qrencode.h>

#include "gb-document-private.h"
#include "gb-text.h"

/* One field of a payload: no separator, no line break. */
static void
append_field (GString    *out,
              const char *text)
{
  g_string_append_c (out, '|');
  for (const char *p = text ? text : ""; *p; p++)
    g_string_append_c (out, *p == '|' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

/* The QR payload (README.md, "The QR code on a paper"):
 *   GB1|KIND|SERIAL|DATE|CHECK|NAME
 * KIND is the number's symbol with the association's ("GCN-HHLN"),
 * SERIAL the year and the serial ("2026-001") or a card's member number,
 * DATE the issue date (a card's last valid day), CHECK the register's
 * check value (empty on a card), NAME the holder's. */
char *
gb_document_payload (const char *symbol,
                     const char *serial,
                     const char *iso_date,
                     const char *check,
                     const char *name)
{
  GString *out = g_string_new ("GB1");

  append_field (out, symbol);
  append_field (out, serial);
  append_field (out, iso_date);
  append_field (out, check);
  append_field (out, name);
  return g_string_free (out, FALSE);
}

/* What @paper's QR code holds, or NULL for none: an issued paper's
 * payload (set by the register), a card's member number; a draft has no
 * code, as it has no number. */
static char *
qr_text (GbDocument *self,
         GbPaper    *paper)
{
  const char *payload = gb_paper_get (paper, "qr");
  g_autofree char *symbol = NULL;
  const char *member_no;
  const char *valid;
  GDate date;
  g_autofree char *valid_iso = NULL;

  if (payload && *payload)
    return g_strdup (payload);
  if (!g_str_equal (self->template_->paper, "card"))
    return NULL;
  member_no = gb_paper_get (paper, "member_no");
  if (member_no == NULL || *member_no == '\0')
    return NULL;
  valid = gb_document_lookup (self, paper, "valid_until");
  if (valid != NULL && gb_date_from_text (valid, &date, NULL))
    valid_iso = gb_date_to_iso (&date);
  symbol = g_strdup_printf ("%s%s%s", self->template_->symbol, self->assoc_symbol ? "-" : "",
                            self->assoc_symbol ? self->assoc_symbol : "");
  return gb_document_payload (symbol, member_no, valid_iso, "", gb_paper_get_holder (paper));
}

/* Four modules of quiet zone each side, as ISO/IEC 18004 asks: a phone
 * finds the code beside a border or a text. */
#define QR_QUIET 4
/* The smallest module at print size: a phone reads 0.5 mm from a 150 dpi
 * scan (3 pixels a module). */
#define QR_MIN_MODULE_MM 0.5
/* Pixels a module in the image. The PDF asks for no smoothing, but poppler
 * (viewers, and the print filters of CUPS) smooths an image it scales up
 * less than four times: one pixel a module turned a card's code of
 * 0.65 mm modules into grey blur below 180 dpi. Eight pixels a module are
 * scaled down or little up at any resolution, blurred at the edges of a
 * module only; the image stays a few kilobytes once compressed. */
#define QR_PIXELS 8

/* The code as a tiny image, quiet zone included; the level of error
 * correction is M, or L when M would make the modules smaller than
 * QR_MIN_MODULE_MM in a code @size_mm wide. */
static cairo_surface_t *
qr_image (const char *text,
          double      size_mm)
{
  QRcode *code;
  cairo_surface_t *image;
  guchar *data;
  int w, side, stride;

  if (text == NULL)
    return NULL;
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  /* A module of 0.5 mm is 2.95 pixels at 150 dpi and reads badly once the
   * scan blurs it: level L is worth its smaller code below 0.6 mm. */
  if (code != NULL && size_mm / (code->width + 2 * QR_QUIET) < QR_MIN_MODULE_MM + 0.1)
    {
      QRcode *low = QRcode_encodeString (text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);

      if (low != NULL && low->width < code->width)
        {
          QRcode_free (code);
          code = low;
        }
      else if (low != NULL)
        QRcode_free (low);
    }
  if (code == NULL)
    return NULL;
  w = code->width;
  side = (w + 2 * QR_QUIET) * QR_PIXELS;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  cairo_surface_flush (image);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        int mx = x / QR_PIXELS - QR_QUIET, my = y / QR_PIXELS - QR_QUIET;
        gboolean dark = mx >= 0 && my >= 0 && mx < w && my < w && (code->data[my * w + mx] & 1);

        ((guint32 *) (data + y * stride))[x] = dark ? 0x000000 : 0xffffff;
      }
  cairo_surface_mark_dirty (image);
  QRcode_free (code);
  return image;
}

/* The code goes in as a small image (QR_PIXELS), scaled without
 * smoothing: a few kilobytes in the PDF instead of hundreds of
 * rectangles, and the same sharp edges on paper. */
void
gb_document_draw_qr (cairo_t         *cr,
                     cairo_surface_t *image,
                     const GbElement *e)
{
  int side = cairo_image_surface_get_width (image);
  double module = e->width / side;

  cairo_save (cr);
  cairo_translate (cr, e->x, e->y);
  cairo_scale (cr, module, module);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, side, side);
  cairo_clip (cr);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Choosing a QR code's mask is the dearest step of a certificate: a
 * second thread encodes the codes of a long batch ahead of the pages. */
typedef struct
{
  GbDocument       *doc;
  GPtrArray        *texts;     /* per paper; NULL for none */
  double            size_mm;
  cairo_surface_t **images;
  guint             ready;
  gboolean          stop;
  GMutex            mutex;
  GCond             cond;
} QrAhead;

static gpointer
qr_ahead_run (gpointer data)
{
  QrAhead *q = data;

  for (guint i = 0; i < q->texts->len; i++)
    {
      cairo_surface_t *image = qr_image (q->texts->pdata[i], q->size_mm);

      g_mutex_lock (&q->mutex);
      q->images[i] = image;
      q->ready = i + 1;
      g_cond_signal (&q->cond);
      if (q->stop)
        {
          g_mutex_unlock (&q->mutex);
          break;
        }
      g_mutex_unlock (&q->mutex);
    }
  return NULL;
}

/* The code of @paper, from the thread ahead when there is one. */
cairo_surface_t *
gb_document_qr_for_paper (GbDocument      *self,
                          GbPaper         *paper,
                          const GbElement *e,
                          guint            i)
{
  QrAhead *q = self->qr_ahead;
  g_autofree char *text = NULL;

  if (q != NULL)
    {
      if (i < q->texts->len && q->doc->papers->pdata[i] == paper)
        {
          cairo_surface_t *image;

          g_mutex_lock (&q->mutex);
          while (q->ready <= i)
            g_cond_wait (&q->cond, &q->mutex);
          image = g_steal_pointer (&q->images[i]);
          g_mutex_unlock (&q->mutex);
          return image;
        }
    }
  text = qr_text (self, paper);
  return qr_image (text, e->width);
}

static const GbElement *
qr_element (GbDocument *self)
{
  for (guint i = 0; i < self->template_->elements->len; i++)
    if (((GbElement *) self->template_->elements->pdata[i])->kind == GB_ELEMENT_QR)
      return self->template_->elements->pdata[i];
  return NULL;
}

/* A long batch with a code on every paper starts the thread ahead;
 * NULL when there is none. */
GThread *
gb_document_qr_ahead_start (GbDocument *self)
{
  QrAhead *q;

  if (!self->show_qr || self->papers->len <= 8 || qr_element (self) == NULL)
    return NULL;
  q = g_new0 (QrAhead, 1);
  q->doc = self;
  q->size_mm = qr_element (self)->width;
  q->texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->papers->len; i++)
    g_ptr_array_add (q->texts, qr_text (self, self->papers->pdata[i]));
  q->images = g_new0 (cairo_surface_t *, self->papers->len);
  g_mutex_init (&q->mutex);
  g_cond_init (&q->cond);
  self->qr_ahead = q;
  return g_thread_new ("gb-qr", qr_ahead_run, q);
}

void
gb_document_qr_ahead_stop (GbDocument *self,
                           GThread    *thread)
{
  QrAhead *q = self->qr_ahead;

  if (q == NULL)
    return;
  g_mutex_lock (&q->mutex);
  q->stop = TRUE;
  g_mutex_unlock (&q->mutex);
  g_thread_join (thread);
  for (guint i = 0; i < q->texts->len; i++)
    g_clear_pointer (&q->images[i], cairo_surface_destroy);
  g_free (q->images);
  g_ptr_array_unref (q->texts);
  g_mutex_clear (&q->mutex);
  g_cond_clear (&q->cond);
  g_free (q);
  self->qr_ahead = NULL;
}

/* What @paper's QR code holds (NULL: none). */
char *
gb_document_qr_text (GbDocument *self,
                     GbPaper    *paper)
{
  g_return_val_if_fail (self != NULL && paper != NULL, NULL);

  return gb_document_is_draft (self, paper) ? NULL : qr_text (self, paper);
}
