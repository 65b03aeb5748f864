/* gb-chart.h — bar and column charts drawn with cairo, as flow blocks
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-flow.h"

G_BEGIN_DECLS

typedef enum
{
  GB_CHART_BARS,      /* horizontal: one labelled bar a line */
  GB_CHART_COLUMNS,   /* vertical: labels under the columns (years) */
} GbChartKind;

void gb_flow_add_chart (GbFlow            *flow,
                        GbChartKind        kind,
                        const char        *title,
                        const char *const *labels,
                        const gint64      *values,
                        guint              n);

G_END_DECLS
