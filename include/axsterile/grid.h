/*
 * axsterile/grid.h -- grid scans over the parameters of any registered
 * model (`axsterile scan grid`; docs/usage.md, "Grid scans").
 *
 * A grid names, for each parameter row of the model (axsterile/model.h),
 * either one value ("50keV", "0.01", "exact") or a range
 * "FROM:TO:N[:log|lin]" (N points from FROM to TO inclusive, linear
 * spacing unless ":log"). The points are the Cartesian product of the
 * ranges in this order: the model's own rows (in the order of its table)
 * slowest, then m_s, then the coupling fastest -- so that neighbouring
 * points share the background field, which the production context keeps. Every point is computed as `axsterile check` computes
 * it (ax_check_point: Omega_s h^2, or the DM-fixed coupling, then every
 * limit of the library), and written as one CSV row.
 *
 * Bad ranges are refused before anything is computed (AX_EINPUT): FROM
 * after TO, zero points, a non-integer count, one point for two different
 * ends, a unit of the wrong dimension, an end outside the row's accepted
 * range, log spacing through zero.
 *
 * Output: DIR/grid.csv and DIR/grid.json (the manifest: the grid, the
 * record of the run, the shard and its rows). Rows are computed in blocks
 * on all threads (OpenMP) and streamed to a temporary file, so memory does
 * not grow with the number of points; the directory is published in one
 * step (axsterile/io.h, ax_dirpub) only when both files are complete. Shard K of N computes the points
 * [floor((K-1) n / N), floor(K n / N)); ax_grid_merge joins the shard
 * directories into the files of one unsharded run, byte for byte.
 */
#ifndef AXSTERILE_GRID_H
#define AXSTERILE_GRID_H

#include <stddef.h>

#include "axsterile/check.h"
#include "axsterile/error.h"
#include "axsterile/limits.h"
#include "axsterile/model.h"
#include "axsterile/production.h"
#include "axsterile/scan.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AX_GRID_MAX_ENTRIES 16

/* One parameter row of the grid: a value (n = 1, from = to) or a range. */
typedef struct ax_grid_axis {
    const ax_model_param *p;
    double from, to;    /* internal units (WORD: the word's index) */
    size_t n;           /* points, >= 1 */
    int log;            /* logarithmic spacing */
    char text[128];     /* as the user wrote it */
} ax_grid_axis;

typedef struct ax_grid {
    const ax_model_type *type;
    ax_model base;      /* the model at the first point (every row set) */
    int dm_fixed;       /* solve for the coupling at every point */
    int convention;     /* AX_DECAY_* of the limits */
    int flavor;
    ax_grid_axis axes[AX_GRID_MAX_ENTRIES];
    size_t naxes;       /* rows given (values and ranges) */
    size_t npoints;     /* product of the counts */
    /* NULL, or the record of the run: a JSON object (text, the caller's)
     * with every option and input that changes a number and is not in the
     * grid itself -- the rate normalisations, the opacity, the g* table,
     * the limit library by content hash, the program version (the command
     * line tool's: docs/hardening.md, "A scan knows how it was made").
     * Written into grid.json as "record"; ax_grid_merge refuses shards
     * whose records differ. Set it after ax_grid_build or ax_grid_load. */
    const char *record;
} ax_grid;

/* One entry as the user gave it: the row's key ("m_s") or flag ("--ms"),
 * and its text. `where` names it in messages ("--ms", "key \"m_s\""). */
typedef struct ax_grid_entry {
    const char *key;
    const char *text;
    const char *where;
} ax_grid_entry;

/* Build a grid of model t from entries; dm_fixed: the coupling is solved
 * for (then it must not be given). Refuses bad ranges, rows of other
 * models, a missing required row (AX_EINPUT, naming the entry). */
int ax_grid_build(ax_grid *g, const ax_model_type *t, const ax_grid_entry *e, size_t n,
                  int dm_fixed, int convention, ax_error *err);

/* Parse a JSON scan file: {"model": "phi", "dm_fixed": true,
 * "convention": "majorana", "m_s": "1keV:1MeV:40:log", "f_phi": 0.01,
 * ...}; a range may also be an object {"from": "1keV", "to": "1MeV",
 * "points": 40, "spacing": "log"}. */
int ax_grid_load(ax_grid *g, const char *path, ax_error *err);

/* The value of axis a at its index i (0 <= i < a->n). */
double ax_grid_axis_value(const ax_grid_axis *a, size_t i);

/* The model at point i (0 <= i < npoints); AX_EINPUT when the model's own
 * cross-checks refuse it (e.g. m_phi >= m_s), with the message. */
int ax_grid_point(const ax_grid *g, size_t i, ax_model *m, ax_error *err);

typedef struct ax_grid_stats {
    size_t lo, hi;       /* points of this shard */
    size_t computed;     /* rows with values */
    size_t invalid;      /* points the model refuses */
    size_t failed;       /* points whose solve failed */
    double wall_s;
} ax_grid_stats;

/* Compute shard `sh` of the grid with the context and limits into dir
 * (created). The new version of dir (grid.csv, grid.json, and the other
 * files dir held) is built beside it and published in one step
 * (axsterile/io.h, ax_dirpub): a failure or a kill leaves dir as it was.
 * progress: a bar with rate and ETA on stderr when it is a terminal. */
int ax_grid_run(const ax_grid *g, const ax_production *ctx, const ax_limit_set *limits,
                ax_scan_shard sh, const char *dir, int progress, ax_grid_stats *stats,
                ax_error *err);

/* Is dir the output of a grid scan (it holds grid.json)? */
int ax_grid_dir_is_grid(const char *dir);

/* Join shard directories of one grid scan (any order) into outdir,
 * published in one step as ax_grid_run publishes (both files or neither).
 * Refuses (AX_EINPUT, naming the shard and what is wrong) shards of
 * different grids or made with a different record (the first key that
 * differs: "record.limits.sha256"), a missing or repeated shard, a shard
 * file without exactly the rows its manifest announces, and a row that is
 * not what a grid scan writes (a cell that is not a finite number, a
 * limit's stem, a count, ...; no NaN, no garbage). */
int ax_grid_merge(const char *outdir, const char *const *dirs, size_t n, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_GRID_H */
