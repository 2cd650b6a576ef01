/*
 * json_util.h -- JSON helpers shared by the library's readers (private:
 * not installed, so that no cJSON type is part of the public interface).
 */
#ifndef AXSTERILE_JSON_UTIL_H
#define AXSTERILE_JSON_UTIL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "axsterile/error.h"
#include "spline.h" /* AX_INTERNAL */

/* A key that appears twice in one JSON object, anywhere in the tree under
 * node (cJSON keeps both and lookups return the first, so a repeated key
 * would be silently ignored). Returns 1 and its dotted path ("target.roi.l_deg")
 * in path, or 0 when every object's keys are distinct. */
AX_INTERNAL int ax_json_duplicate_key(const cJSON *node, char *path, size_t len);

/* Add "NAME": "sha256" to obj for every *.csv and *.json in dir (sorted). */
AX_INTERNAL int ax_dir_hashes(const char *dir, cJSON *obj, ax_error *err);

#endif /* AXSTERILE_JSON_UTIL_H */
