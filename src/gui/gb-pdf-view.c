/* gb-pdf-view.c — the pages of a PDF, with thumbnails
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget: its parts, layout, thumbnails list, actions and keys, and
 * the API. Drawing happens on a worker thread (gb-pdf-worker.c), asked
 * for and cached from the main thread in gb-pdf-render.c.
 */
#define G_LOG_DOMAIN "gb-pdf-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gb-pdf-view.h"
#include "gb-pdf-view-private.h"

static const double zoom_levels[] = { 0.25, 1.0 / 3.0, 0.5, 2.0 / 3.0, 0.75, 1.0, 1.25, 1.5, 2.0,
                                      3.0, 4.0, 6.0, 8.0 };

G_DEFINE_FINAL_TYPE (GbPdfView, gb_pdf_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_ZOOM,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* State */

void
gb_pdf_view_set_busy (GbPdfView *self,
                      gboolean   busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_controls (GbPdfView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean have_pages = self->n_pages > 0;
  double zoom = gb_pdf_view_effective_zoom (self);

  gtk_widget_action_set_enabled (widget, "pdf.first-page", have_pages && self->page > 0);
  gtk_widget_action_set_enabled (widget, "pdf.previous-page", have_pages && self->page > 0);
  gtk_widget_action_set_enabled (widget, "pdf.next-page", self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (widget, "pdf.last-page", self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (widget, "pdf.zoom-in", have_pages && zoom < ZOOM_MAX * 0.99);
  gtk_widget_action_set_enabled (widget, "pdf.zoom-out", have_pages && zoom > ZOOM_MIN * 1.01);
  gtk_widget_action_set_enabled (widget, "pdf.zoom-reset", have_pages);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fit_button), have_pages);

  if (have_pages)
    {
      /* Translators: the page shown and the number of pages in the document */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);

      gtk_label_set_text (self->page_label, text);
    }
  else
    {
      gtk_label_set_text (self->page_label, "");
    }
}

static gboolean
fit_timeout_cb (gpointer data)
{
  GbPdfView *self = data;

  self->fit_timeout_id = 0;
  gb_pdf_view_update_page (self);
  update_controls (self);
  return G_SOURCE_REMOVE;
}

/* Only the tail of the model changes, so that thumbnails of a regenerated document stay in
 * place as placeholders rather than flashing blank. */
static void
sync_thumbs_model (GbPdfView *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->thumbs_model));
  GHashTableIter iter;
  gpointer key, value;

  self->syncing_selection = TRUE;
  if (n_items > self->n_pages)
    {
      gtk_string_list_splice (self->thumbs_model, self->n_pages, n_items - self->n_pages, NULL);
    }
  else if (n_items < self->n_pages)
    {
      g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);

      for (guint i = n_items; i < self->n_pages; i++)
        g_ptr_array_add (numbers, g_strdup_printf ("%u", i + 1));
      g_ptr_array_add (numbers, NULL);
      gtk_string_list_splice (self->thumbs_model, n_items, 0,
                              (const char * const *) numbers->pdata);
    }
  if (self->n_pages > 0)
    gtk_single_selection_set_selected (self->selection, self->page);
  self->syncing_selection = FALSE;
  if (self->n_pages > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->thumbs_view), "list.scroll-to-item", "u",
                                self->page);

  g_hash_table_iter_init (&iter, self->bound_thumbs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gb_pdf_view_update_thumb (self, GPOINTER_TO_UINT (key), value);
  gb_pdf_view_request_near_thumbs (self);
}

void
gb_pdf_view_take_loaded (GbPdfView *self,
                         Result    *result)
{
  guint old_n_pages = self->n_pages;
  guint old_page = self->page;

  self->loading = FALSE;
  self->in_flight = FALSE;
  g_clear_pointer (&self->sizes, g_free);
  if (result->error != NULL)
    {
      self->n_pages = 0;
      self->page = 0;
    }
  else
    {
      self->doc_ready = TRUE;
      self->n_pages = result->n_pages;
      self->sizes = g_steal_pointer (&result->sizes);
      if (self->page >= self->n_pages)
        self->page = 0;
    }
  g_array_set_size (self->thumbs, self->n_pages);
  sync_thumbs_model (self);

  /* One page needs no strip of pages beside it: the room goes to the page. */
  gtk_widget_set_visible (self->thumbs_scroller, self->n_pages > 1);
  gtk_widget_set_visible (self->separator, self->n_pages > 1);
  if (self->n_pages > 0)
    {
      gtk_stack_set_visible_child (self->stack, self->page_scroller);
    }
  else
    {
      gb_pdf_view_show_texture (self, NULL);
      gtk_label_set_text (self->status_label, result->error != NULL
                                              ? _("The document cannot be opened")
                                              : _("No document"));
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->status_label));
    }

  self->fit_now = TRUE;
  gtk_widget_queue_resize (self->canvas);
  gb_pdf_view_update_page (self);
  update_controls (self);
  if (self->n_pages == 0)
    gb_pdf_view_set_busy (self, FALSE);

  if (old_n_pages != self->n_pages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  if (old_page != self->page)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  if (result->error != NULL)
    g_signal_emit (self, signals[LOAD_FAILED], 0, result->error);
}

/* Layouts */

/* The page is drawn at its logical size whatever its texture's pixel size, which is larger on
 * hi-dpi screens: GtkPicture alone would ask for the pixel size. */
static void
canvas_measure (GtkWidget      *canvas,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  GbPdfView *self = GB_PDF_VIEW (gtk_widget_get_ancestor (canvas, GB_TYPE_PDF_VIEW));
  double width_pt, height_pt;

  *minimum = *natural = 0;
  /* In fit mode the page follows the viewport instead of pushing it. */
  if (self->zoom > 0 && gb_pdf_view_page_size_pt (self, self->page, &width_pt, &height_pt))
    {
      double length = orientation == GTK_ORIENTATION_HORIZONTAL ? width_pt : height_pt;

      *minimum = *natural = (int) ceil (length * self->zoom * PX_PER_PT) + 2 * PAGE_MARGIN;
    }
  /* Fitting the width, the page is as tall as that width makes it, and
   * the viewport scrolls down it. */
  else if (self->zoom <= 0 && self->fit_to_width && orientation == GTK_ORIENTATION_VERTICAL
           && self->fit_width > 0
           && gb_pdf_view_page_size_pt (self, self->page, &width_pt, &height_pt))
    *minimum = *natural = (int) ceil (height_pt * gb_pdf_view_fit_zoom (self, self->fit_width, 0)
                                      * PX_PER_PT)
                          + 2 * PAGE_MARGIN;
}

static gboolean
relayout_cb (gpointer data)
{
  GbPdfView *self = data;

  self->relayout_id = 0;
  gtk_widget_queue_resize (self->canvas);
  return G_SOURCE_REMOVE;
}

static void
canvas_allocate (GtkWidget *canvas,
                 int        width,
                 int        height,
                 int        baseline)
{
  GbPdfView *self = GB_PDF_VIEW (gtk_widget_get_ancestor (canvas, GB_TYPE_PDF_VIEW));
  GtkWidget *picture = GTK_WIDGET (self->picture);
  double width_pt, height_pt;
  double zoom = self->zoom;
  GtkAllocation allocation;
  int ignored;

  if (zoom <= 0)
    {
      /* A new width changes the height the page asks for: measure again,
       * after this allocation. */
      if (self->fit_to_width && width != self->fit_width && self->relayout_id == 0)
        self->relayout_id = g_idle_add (relayout_cb, self);
      self->fit_width = width;
      self->fit_height = height;
    }
  if (!gb_pdf_view_page_size_pt (self, self->page, &width_pt, &height_pt))
    {
      gtk_widget_set_child_visible (picture, FALSE);
      return;
    }
  gtk_widget_set_child_visible (picture, TRUE);

  if (zoom <= 0)
    {
      zoom = gb_pdf_view_fit_zoom (self, width, height);
      /* Re-rendering on every frame of a window resize would flood the worker. */
      if (self->doc_ready && (self->want_page != self->page
                              || self->want_key != gb_pdf_view_scale_key_for (self, self->page,
                                                                              zoom)))
        {
          g_clear_handle_id (&self->fit_timeout_id, g_source_remove);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
          self->fit_timeout_id = g_timeout_add (self->fit_now ? 0 : FIT_DEBOUNCE_MS,
                                                fit_timeout_cb, self);
        }
      self->fit_now = FALSE;
    }

  allocation.width = MAX (1, (int) lround (width_pt * zoom * PX_PER_PT));
  allocation.height = MAX (1, (int) lround (height_pt * zoom * PX_PER_PT));
  allocation.x = MAX (PAGE_MARGIN, (width - allocation.width) / 2);
  allocation.y = MAX (PAGE_MARGIN, (height - allocation.height) / 2);
  /* GTK wants every allocated child measured first. */
  gtk_widget_measure (picture, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, NULL, NULL, NULL);
  gtk_widget_size_allocate (picture, &allocation, -1);
}

/* A thumbnail's box takes exactly its size request, for the same reason as the canvas. */
static void
exact_measure (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int width = 0, height = 0;

  if (child != NULL)
    gtk_widget_get_size_request (child, &width, &height);
  *minimum = *natural = MAX (0, orientation == GTK_ORIENTATION_HORIZONTAL ? width : height);
}

static void
exact_allocate (GtkWidget *widget,
                int        width,
                int        height,
                int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int ignored;

  if (child == NULL)
    return;
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, NULL, NULL, NULL);
  gtk_widget_size_allocate (child, &(GtkAllocation) { 0, 0, width, height }, -1);
}

/* Thumbnails */

static void
thumb_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GbPdfView                *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *frame = adw_bin_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_layout_manager (frame, gtk_custom_layout_new (NULL, exact_measure,
                                                               exact_allocate));
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_add_css_class (picture, "pdf-thumbnail");
  adw_bin_set_child (ADW_BIN (frame), picture);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 2);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static GtkPicture *
thumb_item_picture (GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  return GTK_PICTURE (adw_bin_get_child (ADW_BIN (gtk_widget_get_first_child (box))));
}

static void
thumb_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GbPdfView                *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkPicture *picture = thumb_item_picture (item);
  const char *number = gtk_string_object_get_string (gtk_list_item_get_item (item));
  /* The item's own number, not its position: positions change without a new bind. */
  guint page = (guint) g_ascii_strtoull (number, NULL, 10) - 1;

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), number);
  g_object_set_data (G_OBJECT (picture), "gb-pdf-page", GUINT_TO_POINTER (page + 1));
  g_hash_table_insert (self->bound_thumbs, GUINT_TO_POINTER (page), picture);
  gb_pdf_view_update_thumb (self, page, picture);
  if (gb_pdf_view_thumb_is_near (self, page))
    gb_pdf_view_request_thumb (self, page);
}

static void
thumb_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GbPdfView                *self)
{
  GtkPicture *picture = thumb_item_picture (item);
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (picture), "gb-pdf-page")) - 1;

  if (self->bound_thumbs != NULL
      && g_hash_table_lookup (self->bound_thumbs, GUINT_TO_POINTER (page)) == picture)
    g_hash_table_remove (self->bound_thumbs, GUINT_TO_POINTER (page));
}

static void
thumbs_scrolled_cb (GtkAdjustment *adjustment,
                    GbPdfView     *self)
{
  gb_pdf_view_request_near_thumbs (self);
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      GbPdfView          *self)
{
  guint selected = gtk_single_selection_get_selected (selection);

  if (!self->syncing_selection && selected != GTK_INVALID_LIST_POSITION)
    gb_pdf_view_set_page (self, selected);
}

/* Actions */

static void
page_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GbPdfView *self = GB_PDF_VIEW (widget);

  if (self->n_pages == 0)
    return;
  if (g_str_equal (action_name, "pdf.first-page"))
    gb_pdf_view_set_page (self, 0);
  else if (g_str_equal (action_name, "pdf.previous-page") && self->page > 0)
    gb_pdf_view_set_page (self, self->page - 1);
  else if (g_str_equal (action_name, "pdf.next-page"))
    gb_pdf_view_set_page (self, self->page + 1);
  else if (g_str_equal (action_name, "pdf.last-page"))
    gb_pdf_view_set_page (self, self->n_pages - 1);
}

static void
zoom_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GbPdfView *self = GB_PDF_VIEW (widget);
  double zoom = gb_pdf_view_effective_zoom (self);
  double next;

  if (g_str_equal (action_name, "pdf.zoom-reset"))
    {
      gb_pdf_view_set_zoom (self, 1.0);
    }
  else if (g_str_equal (action_name, "pdf.zoom-in"))
    {
      next = ZOOM_MAX;
      for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
        if (zoom_levels[i] > zoom * 1.01)
          {
            next = zoom_levels[i];
            break;
          }
      gb_pdf_view_set_zoom (self, next);
    }
  else
    {
      next = ZOOM_MIN;
      for (guint i = G_N_ELEMENTS (zoom_levels); i > 0; i--)
        if (zoom_levels[i - 1] < zoom * 0.99)
          {
            next = zoom_levels[i - 1];
            break;
          }
      gb_pdf_view_set_zoom (self, next);
    }
}

static void
fit_toggled_cb (GtkToggleButton *button,
                GbPdfView       *self)
{
  if (gtk_toggle_button_get_active (button))
    gb_pdf_view_set_zoom (self, 0);
  else if (self->zoom <= 0)
    gb_pdf_view_set_zoom (self, gb_pdf_view_effective_zoom (self));
}

static void
canvas_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GbPdfView       *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
scale_factor_changed_cb (GbPdfView  *self,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  gb_pdf_view_update_page (self);
}

/* Widget */

static GtkWidget *
tool_button (const char *icon_name,
             const char *action_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static void
gb_pdf_view_dispose (GObject *object)
{
  GbPdfView *self = GB_PDF_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->fit_timeout_id, g_source_remove);
  if (self->worker != NULL)
    {
      Job *quit = gb_pdf_job_new (self, JOB_QUIT);

      /* A page being rendered is finished first: poppler cannot be interrupted. Results still
       * queued for the main loop find view unset and are dropped. */
      gb_pdf_job_push (self, quit);
      g_thread_join (g_steal_pointer (&self->worker->thread));
      self->worker->view = NULL;
      g_atomic_rc_box_release_full (g_steal_pointer (&self->worker), gb_pdf_worker_clear);
    }
  /* Nothing may be asked of the gone worker if the application still calls in. */
  self->doc_ready = FALSE;

  if (self->selection != NULL)
    {
      GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->thumbs_scroller);

      g_signal_handlers_disconnect_by_data (self->selection, self);
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (scroller), self);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->selection = NULL;

  gb_pdf_view_cache_clear (self);
  g_clear_object (&self->page_texture);
  g_clear_pointer (&self->thumbs, g_array_unref);
  g_clear_pointer (&self->bound_thumbs, g_hash_table_unref);
  g_clear_pointer (&self->sizes, g_free);

  G_OBJECT_CLASS (gb_pdf_view_parent_class)->dispose (object);
}

static void
gb_pdf_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GbPdfView *self = GB_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;

    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_pdf_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GbPdfView *self = GB_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      gb_pdf_view_set_page (self, g_value_get_uint (value));
      break;

    case PROP_ZOOM:
      gb_pdf_view_set_zoom (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_pdf_view_class_init (GbPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_pdf_view_dispose;
  object_class->get_property = gb_pdf_view_get_property;
  object_class->set_property = gb_pdf_view_set_property;

  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.0, ZOOM_MAX, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOAD_FAILED] =
    g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "pdf.first-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "pdf.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "pdf.next-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "pdf.last-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-out", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-reset", NULL, zoom_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gbpdfview");
}

static void
add_shortcuts (GbPdfView *self)
{
  static const struct {
    guint           keyval;
    GdkModifierType modifiers;
    const char     *action;
  } shortcuts[] = {
    { GDK_KEY_Page_Up, 0, "pdf.previous-page" },
    { GDK_KEY_KP_Page_Up, 0, "pdf.previous-page" },
    { GDK_KEY_Left, 0, "pdf.previous-page" },
    { GDK_KEY_Page_Down, 0, "pdf.next-page" },
    { GDK_KEY_KP_Page_Down, 0, "pdf.next-page" },
    { GDK_KEY_Right, 0, "pdf.next-page" },
    { GDK_KEY_Home, 0, "pdf.first-page" },
    { GDK_KEY_KP_Home, 0, "pdf.first-page" },
    { GDK_KEY_End, 0, "pdf.last-page" },
    { GDK_KEY_KP_End, 0, "pdf.last-page" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "pdf.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "pdf.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "pdf.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "pdf.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "pdf.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "pdf.zoom-reset" },
    { GDK_KEY_KP_0, GDK_CONTROL_MASK, "pdf.zoom-reset" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Capture, not class bindings: the thumbnail list and the scrolled window would otherwise
   * take Home, End and the page keys for their own scrolling. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval, shortcuts[i].modifiers),
                        gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
build_thumbnails (GbPdfView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adjustment;

  self->thumbs_model = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->thumbs_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (thumb_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (thumb_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (thumb_unbind_cb), self);

  self->thumbs_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection),
                                                        factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->thumbs_view), "navigation-sidebar");

  self->thumbs_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->thumbs_scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (self->thumbs_scroller, THUMB_WIDTH + 36, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->thumbs_scroller),
                                 GTK_WIDGET (self->thumbs_view));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->thumbs_scroller));
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (thumbs_scrolled_cb), self);
  g_signal_connect (adjustment, "changed", G_CALLBACK (thumbs_scrolled_cb), self);
  gtk_widget_set_visible (self->thumbs_scroller, FALSE);
  gtk_widget_set_parent (self->thumbs_scroller, GTK_WIDGET (self));

  self->separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_visible (self->separator, FALSE);
  gtk_widget_set_parent (self->separator, GTK_WIDGET (self));
}

static GtkWidget *
build_toolbar (GbPdfView *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *fit;

  gtk_widget_add_css_class (toolbar, "toolbar");
  gtk_box_append (GTK_BOX (toolbar), tool_button ("go-previous-symbolic", "pdf.previous-page",
                                                  _("Previous Page")));
  gtk_box_append (GTK_BOX (toolbar), tool_button ("go-next-symbolic", "pdf.next-page",
                                                  _("Next Page")));
  self->page_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "numeric");
  gtk_widget_set_margin_start (GTK_WIDGET (self->page_label), 6);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->page_label));
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (toolbar), spacer);
  gtk_box_append (GTK_BOX (toolbar), tool_button ("zoom-out-symbolic", "pdf.zoom-out",
                                                  _("Zoom Out")));
  gtk_box_append (GTK_BOX (toolbar), tool_button ("zoom-in-symbolic", "pdf.zoom-in",
                                                  _("Zoom In")));

  fit = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (fit), "zoom-fit-best-symbolic");
  gtk_widget_set_tooltip_text (fit, _("Fit Page"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (fit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fit Page"), -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (fit), TRUE);
  g_signal_connect (fit, "toggled", G_CALLBACK (fit_toggled_cb), self);
  self->fit_button = GTK_TOGGLE_BUTTON (fit);
  gtk_box_append (GTK_BOX (toolbar), fit);
  return toolbar;
}

static void
build_page_area (GbPdfView *self,
                 GtkWidget *content)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->picture), "pdf-page");

  self->canvas = adw_bin_new ();
  gtk_widget_set_layout_manager (self->canvas, gtk_custom_layout_new (NULL, canvas_measure,
                                                                      canvas_allocate));
  adw_bin_set_child (ADW_BIN (self->canvas), GTK_WIDGET (self->picture));

  self->page_scroller = gtk_scrolled_window_new ();
  gtk_widget_add_css_class (self->page_scroller, "pdf-canvas");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->page_scroller), self->canvas);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (canvas_pressed_cb), self);
  gtk_widget_add_controller (self->page_scroller, GTK_EVENT_CONTROLLER (click));

  self->status_label = GTK_LABEL (gtk_label_new (_("No document")));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "title-2");
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_justify (self->status_label, GTK_JUSTIFY_CENTER);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_child (self->stack, self->page_scroller);
  gtk_stack_add_child (self->stack, GTK_WIDGET (self->status_label));
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
}

static void
gb_pdf_view_init (GbPdfView *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  g_queue_init (&self->main_cache);
  self->thumbs = g_array_new (FALSE, TRUE, sizeof (Thumb));
  g_array_set_clear_func (self->thumbs, gb_pdf_thumb_clear);
  self->bound_thumbs = g_hash_table_new (NULL, NULL);

  build_thumbnails (self);
  gtk_box_append (GTK_BOX (content), build_toolbar (self));
  gtk_box_append (GTK_BOX (content), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  build_page_area (self, content);
  gtk_widget_set_parent (content, GTK_WIDGET (self));

  /* The view itself takes the focus for the page keys, as the page area has nothing focusable
   * and may not even be shown yet when the application focuses the view. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  add_shortcuts (self);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);

  self->worker = g_atomic_rc_box_new0 (Worker);
  self->worker->queue = g_async_queue_new_full ((GDestroyNotify) gb_pdf_job_free);
  self->worker->context = g_main_context_ref_thread_default ();
  self->worker->view = self;
  self->worker->next_seq = 1;
  self->worker->thread = g_thread_new ("gb-pdf-view", gb_pdf_worker_main,
                                       g_atomic_rc_box_acquire (self->worker));
  update_controls (self);
}

GtkWidget *
gb_pdf_view_new (void)
{
  return g_object_new (GB_TYPE_PDF_VIEW, NULL);
}

void
gb_pdf_view_set_pdf (GbPdfView *self,
                     GBytes    *pdf)
{
  Job *job;

  g_return_if_fail (GB_IS_PDF_VIEW (self));

  if (self->worker == NULL)
    return;
  self->gen++;
  /* Set before the load is queued, so the worker skips every request of older documents. */
  g_atomic_int_set (&self->worker->latest_gen, (gint) self->gen);
  self->doc_ready = FALSE;
  self->in_flight = FALSE;
  gb_pdf_view_cache_clear (self);
  for (guint i = 0; i < self->thumbs->len; i++)
    g_array_index (self->thumbs, Thumb, i).pending = FALSE;
  g_clear_handle_id (&self->fit_timeout_id, g_source_remove);

  job = gb_pdf_job_new (self, JOB_LOAD);
  job->bytes = pdf != NULL ? g_bytes_ref (pdf) : NULL;
  gb_pdf_job_push (self, job);

  if (pdf != NULL)
    {
      /* What was shown stays until the new document is ready: a regenerated report then
       * changes without flashing. */
      self->loading = TRUE;
      gb_pdf_view_set_busy (self, TRUE);
      return;
    }

  /* The worker drops its document on this empty load; nothing comes back. */
  gb_pdf_view_take_loaded (self, &(Result) { .kind = JOB_LOAD, .gen = self->gen });
}

guint
gb_pdf_view_get_n_pages (GbPdfView *self)
{
  g_return_val_if_fail (GB_IS_PDF_VIEW (self), 0);

  return self->n_pages;
}

guint
gb_pdf_view_get_page (GbPdfView *self)
{
  g_return_val_if_fail (GB_IS_PDF_VIEW (self), 0);

  return self->page;
}

void
gb_pdf_view_set_page (GbPdfView *self,
                      guint      page)
{
  GtkAdjustment *vadjustment;

  g_return_if_fail (GB_IS_PDF_VIEW (self));

  /* While a document loads its page count is unknown: the number is checked once it is. */
  if (self->n_pages > 0)
    page = MIN (page, self->n_pages - 1);
  else if (!self->loading)
    page = 0;
  if (page == self->page)
    return;
  self->page = page;

  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->page_scroller));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
  if (page < g_list_model_get_n_items (G_LIST_MODEL (self->thumbs_model)))
    {
      self->syncing_selection = TRUE;
      gtk_single_selection_set_selected (self->selection, page);
      self->syncing_selection = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self->thumbs_view), "list.scroll-to-item", "u",
                                  page);
    }

  gtk_widget_queue_resize (self->canvas);
  gb_pdf_view_update_page (self);
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

double
gb_pdf_view_get_zoom (GbPdfView *self)
{
  g_return_val_if_fail (GB_IS_PDF_VIEW (self), 0.0);

  return self->zoom;
}

void
gb_pdf_view_set_zoom (GbPdfView *self,
                      double     zoom)
{
  g_return_if_fail (GB_IS_PDF_VIEW (self));

  zoom = zoom > 0 ? CLAMP (zoom, ZOOM_MIN, ZOOM_MAX) : 0.0;
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;

  g_signal_handlers_block_by_func (self->fit_button, fit_toggled_cb, self);
  gtk_toggle_button_set_active (self->fit_button, zoom <= 0);
  g_signal_handlers_unblock_by_func (self->fit_button, fit_toggled_cb, self);

  gtk_widget_queue_resize (self->canvas);
  /* Fit waits for the allocation to know the viewport's size. */
  if (zoom > 0)
    gb_pdf_view_update_page (self);
  else
    self->fit_now = TRUE;
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

gboolean
gb_pdf_view_get_busy (GbPdfView *self)
{
  g_return_val_if_fail (GB_IS_PDF_VIEW (self), FALSE);

  return self->busy;
}

GdkTexture *
gb_pdf_view_get_page_texture (GbPdfView *self)
{
  g_return_val_if_fail (GB_IS_PDF_VIEW (self), NULL);

  return self->page_texture;
}

/* Fit (zoom 0) fits the page's width rather than the whole page: for text
 * read down the page, as a report is. */
void
gb_pdf_view_set_fit_width (GbPdfView *self,
                           gboolean   fit_width)
{
  const char *tip;

  g_return_if_fail (GB_IS_PDF_VIEW (self));

  self->fit_to_width = !!fit_width;
  tip = fit_width ? _("Fit Width") : _("Fit Page");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fit_button), tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fit_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  self->fit_now = TRUE;
  gtk_widget_queue_resize (self->canvas);
}
