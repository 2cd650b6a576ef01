/*
 * axsterile/scan.h -- parameter scans: tables of rows computed in parallel,
 * written atomically, and split into shards for job arrays.
 *
 * A scan is a list of tables. Each table is one CSV file of `nrows` rows
 * of `ncols` numbers; row i is computed by a callback that is independent
 * of every other row, so rows can be computed in any order, on any number
 * of threads (OpenMP) or processes (shards).
 *
 * Sharding: shard K of N computes, in every table, the contiguous block of
 * rows [floor((K-1) n / N), floor(K n / N)). Its files hold the same header
 * as an unsharded run and only its rows; ax_scan_merge() concatenates the
 * shards' rows in order of K, so N merged shards are byte for byte the
 * files of one unsharded run (every row is printed with the same format).
 *
 * Files: DIR/<table file> for every table and DIR/scan.json, the manifest
 * (figure, points, shard, each table's row block, the rows whose solve
 * failed, and the record of options and inputs). All files are
 * written to temporary names first and renamed only when every one of them
 * is complete, so an interrupted or failed scan leaves earlier outputs
 * untouched and no partial file behind.
 *
 * A row with no value (e.g. a mass inside a masked window of a limit) is
 * written as an empty line, which gnuplot reads as a break in the curve.
 */
#ifndef AXSTERILE_SCAN_H
#define AXSTERILE_SCAN_H

#include <stddef.h>

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The manifest's file name inside a scan's directory. */
#define AX_SCAN_MANIFEST "scan.json"

/* A row callback returns the outcome AX_NO_VALUE (error.h) for "no value
 * at this row". With a message in err (the reason, recorded) it is a gap:
 * the row's solve failed and the scan goes on, counting it (ngaps, gap_msg)
 * so that the user is told; without one it is a row with nothing to compute
 * (e.g. a masked window of a limit). */

typedef struct ax_scan_shard {
    int k; /* 1-based index of this shard */
    int n; /* number of shards; {1, 1} is the whole scan */
} ax_scan_shard;

/* Parse "K/N" with 1 <= K <= N <= 100000. AX_EINPUT otherwise. */
int ax_scan_shard_parse(const char *text, ax_scan_shard *s, ax_error *err);

/* Compute row i into row[0..ncols-1]. Must be thread-safe. Returns AX_OK,
 * AX_NO_VALUE, or an error status with err filled. */
typedef int (*ax_scan_row_fn)(void *ctx, size_t i, double *row, ax_error *err);

typedef struct ax_scan_table {
    char file[128];      /* file name inside the output directory */
    char *header;        /* provenance lines, '\n'-separated (owned) */
    char *columns;       /* "m_s [keV], sin2_2theta [1]" (owned) */
    size_t nrows, ncols;
    ax_scan_row_fn row;
    void *ctx;
    size_t lo, hi;       /* rows of this shard, set by ax_scan_run */
    double *data;        /* (hi - lo) * ncols values */
    unsigned char *valid;/* 1 where the row has a value */
} ax_scan_table;

typedef struct ax_scan {
    char figure[32];
    size_t points;       /* the user's --points, recorded in the manifest */
    ax_scan_shard shard;
    ax_scan_table *tables;
    size_t ntables, cap;
    int progress;        /* draw a progress bar on stderr (when a terminal) */
    char *record;        /* JSON text: how the scan was made: every option and input that
                          * changes a number (owned; written to the manifest as
                          * "record", compared by merge) */
    size_t ngaps;        /* rows left empty because a solve failed there */
    char gap_msg[1400];  /* the first such failure, with its row */
} ax_scan;

void ax_scan_init(ax_scan *s, const char *figure, size_t points);
void ax_scan_free(ax_scan *s);

/* Add a table (header and columns are copied). */
int ax_scan_add(ax_scan *s, const char *file, const char *header,
                const char *columns, size_t nrows, size_t ncols,
                ax_scan_row_fn row, void *ctx, ax_error *err);

/* Compute this shard's rows of every table, in parallel. On the first
 * failing row the scan stops and err names the table and the row. */
int ax_scan_run(ax_scan *s, ax_scan_shard shard, ax_error *err);

/* Write every table and the manifest into dir (created if missing), all or
 * none: the new version of dir is built beside it and published in one
 * step (ax_dirpub, io.h); other files already in dir are kept. */
int ax_scan_write(const ax_scan *s, const char *dir, ax_error *err);

/* The same into a directory that is not published yet (ax_dirpub's tmp),
 * for a command that adds files of its own before publishing. */
int ax_scan_write_files(const ax_scan *s, const char *dir, ax_error *err);

/* Total number of rows this shard computes (for progress and reports). */
size_t ax_scan_rows(const ax_scan *s);

/* Read back a complete scan (an unsharded run or merged shards) from dir
 * into the tables s defines, instead of ax_scan_run: the manifest must name
 * the same figure and points, every table file hold its rows (an empty line
 * is a row the scan could not compute). */
int ax_scan_load(ax_scan *s, const char *dir, ax_error *err);

/* Set the record, a JSON object as text (copied; NULL for none). */
int ax_scan_set_record(ax_scan *s, const char *json, ax_error *err);

/* The record of the scan in dir as JSON text (NULL, AX_OK when it has
 * none; caller frees). */
int ax_scan_dir_record(const char *dir, char **json, ax_error *err);

/* The --points recorded in the manifest of the scan in dir. */
int ax_scan_dir_points(const char *dir, size_t *points, ax_error *err);

/* Join shard directories (any order) into outdir. Refuses shards of
 * different scans, a missing or repeated shard, or a file that does not
 * hold the rows its manifest announces. */
int ax_scan_merge(const char *outdir, const char *const *shard_dirs,
                  size_t nshards, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_SCAN_H */
