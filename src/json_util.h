/*
 * json_util.h -- strict JSON reading shared by every JSON reader of the
 * library (limit sidecars, target files, model files). Private to the
 * library: it is not installed, and no public header exposes cJSON.
 *
 * cJSON alone accepts several texts a user would not mean: a key written
 * twice in one object (lookups then see only the first), text after the
 * value, and a NUL byte that hides the rest of the file. ax_json_parse
 * refuses each with a message that names the file and the line.
 */
#ifndef AXSTERILE_JSON_UTIL_H
#define AXSTERILE_JSON_UTIL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "axsterile/error.h"
#include "spline.h" /* AX_INTERNAL */

/* Largest text ax_json_load reads when the caller gives no limit. */
#define AX_JSON_DEFAULT_MAX_BYTES ((size_t)1 << 20)

/* A key that appears twice in one JSON object, anywhere in the tree under
 * node (cJSON keeps both and lookups return the first, so a repeated key
 * would be silently ignored). Returns 1 and its dotted path ("target.roi.l_deg")
 * in path, or 0 when every object's keys are distinct. */
AX_INTERNAL int ax_json_duplicate_key(const cJSON *node, char *path, size_t len);

/* Parse text[0..len) as exactly one JSON value. AX_EINPUT, with a message
 * that starts with `name` and says what was expected, when: the text is
 * longer than max_bytes (0 = no limit), holds a NUL byte, is not valid JSON
 * ("NAME line N: not valid JSON"), has anything but blanks after the value
 * ("NAME: text after the JSON object at line N"), or repeats a key in one
 * object ("NAME: key \"a.b\" appears twice"). On success *out is the tree
 * (cJSON_Delete it); on failure *out is NULL. */
AX_INTERNAL int ax_json_parse(const char *name, const char *text, size_t len, size_t max_bytes,
                              cJSON **out, ax_error *err);

/* Read the file at path (at most max_bytes; 0 = AX_JSON_DEFAULT_MAX_BYTES)
 * and parse it as ax_json_parse does, naming the file in messages. */
AX_INTERNAL int ax_json_load(const char *path, size_t max_bytes, cJSON **out, ax_error *err);

/* "a string", "a number", ... for messages ("got a number; expected ..."). */
AX_INTERNAL const char *ax_json_type_name(const cJSON *v);

/* Add "NAME": "sha256" to obj for every *.csv and *.json in dir (sorted). */
AX_INTERNAL int ax_dir_hashes(const char *dir, cJSON *obj, ax_error *err);

/* The first member of a that differs in b, as a dotted path ("grid.points",
 * "limits.sha256"); "" when they are equal, "(value)" when they differ and
 * one is not an object. */
AX_INTERNAL void ax_json_first_difference(const cJSON *a, const cJSON *b, char *path,
                                          size_t len);

/* The same for two records of runs (the "record" of scan.json or
 * grid.json), the places of the files left aside: "limits"."dir" and the
 * "file" of every input recorded by path and hash (opacity, g* table), so
 * that the same files at another path (another node of a cluster) are the
 * same record. */
AX_INTERNAL void ax_record_difference(const cJSON *a, const cJSON *b, char *path, size_t len);

#endif /* AXSTERILE_JSON_UTIL_H */
