/* gb-demo.h — a deterministic demo of the Hải Phòng association
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-database.h"

G_BEGIN_DECLS

#define GB_DEMO_COLLECTIVE_MEMBERS 64
#define GB_DEMO_INDIVIDUAL_MEMBERS 96
#define GB_DEMO_ARTISANS 120

gboolean gb_demo_fill (GbDatabase  *database,
                       GError     **error);

G_END_DECLS
