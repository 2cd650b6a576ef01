/* record.h -- the record of a run that writes data (CLI only): the options
 * and inputs that change a number, kept in the output's manifest (a figure
 * scan's scan.json "record", a grid scan's grid.json "record") so that
 * `merge` can refuse shards made differently and `plot --from-data` can
 * draw with the scan's own options (docs/hardening.md, "A scan knows how it
 * was made"). */
#ifndef AXSTERILE_CLI_RECORD_H
#define AXSTERILE_CLI_RECORD_H

#include <cjson/cJSON.h>

#include "axsterile/error.h"
#include "axsterile/limits.h"

/* A directory of the limit library (NULL: the shipped limits/) resolved
 * into real (PATH_MAX bytes), and the SHA-256 of each of its .csv and .json
 * files into *h (a new object). */
int cli_record_limit_dir(const char *dir, char *real, cJSON **h, ax_error *err);

/* Fill lim with the record of a limit library: "only" (the shipped library
 * left out), "dir" (every directory in the order it is read, the shipped
 * one first unless only; full paths) and "sha256" (for each, the SHA-256 of
 * its .csv and .json files). merge ignores "dir": the same files at other
 * paths are the same library. */
int cli_record_limits(const ax_limit_sources *src, cJSON *lim, ax_error *err);

/* Add "opacity" to r: "analytic", or the table (opacity_file, or the
 * shipped default when NULL) as {"file": full path, "sha256": ...}. */
int cli_record_opacity(cJSON *r, const char *opacity_file, ax_error *err);

/* Add key to r as {"file": full path, "sha256": ...} of file, or of the
 * shipped data file def (a path for ax_data_find) when file is NULL. */
int cli_record_file(cJSON *r, const char *key, const char *file, const char *def,
                    ax_error *err);

/* "1024 pi^4 (Majorana)" or "2048 pi^4 (BH16 eq. 10)": the decay rate
 * normalisation of sin^2 2theta a convention (AX_DECAY_*) implies. */
const char *cli_record_rate_normalisation(int convention);

#endif
