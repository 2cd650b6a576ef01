/*
 * target_internal.h -- the JSON reader of targets for the library's own
 * readers (limits.c reads the "target" of a sidecar from the tree it has
 * already parsed). Private: public headers expose no cJSON type.
 */
#ifndef AXSTERILE_TARGET_INTERNAL_H
#define AXSTERILE_TARGET_INTERNAL_H

#include <cjson/cJSON.h>

#include "axsterile/target.h"
#include "spline.h" /* AX_INTERNAL */

/* The "target" object (messages name its keys as "target.roi.radius_deg"). */
AX_INTERNAL int ax_target_from_cjson(const cJSON *target, ax_target *t, ax_error *err);

#endif /* AXSTERILE_TARGET_INTERNAL_H */
