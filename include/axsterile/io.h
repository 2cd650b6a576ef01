/*
 * axsterile/io.h -- finding shipped data, reading numeric tables, and
 * writing output files atomically.
 *
 * Data lookup: a relative path such as "data/gstar.csv" or "limits" is
 * searched, in order, under
 *   1. $AXSTERILE_DATA            (a directory holding data/ and limits/)
 *   2. the installed share directory  (PREFIX/share/axsterile, set at build)
 *   3. the source tree the program was built in (set at build)
 * and a miss is an error that lists every path tried.
 *
 * Tables: CSV (read with libcsv) or whitespace-separated columns; lines
 * starting with '#' and blank lines are skipped; every cell must be a
 * finite decimal number ("nan" only where the caller allows it). Errors
 * name the file, the line and the column.
 *
 * Output: ax_outfile writes to a temporary file beside the target and
 * renames it into place on commit, so a reader never sees half a file and
 * a failure leaves any previous file untouched.
 */
#ifndef AXSTERILE_IO_H
#define AXSTERILE_IO_H

#include <stddef.h>
#include <stdio.h>

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- data lookup ---------------------------------------------------- */

/* Find `relpath` (file or directory) in the search order above; writes the
 * full path into out (size outlen). */
int ax_data_find(const char *relpath, char *out, size_t outlen, ax_error *err);

/* ---- numeric tables ------------------------------------------------- */

enum {
    AX_TABLE_CSV = 0,          /* comma-separated (default) */
    AX_TABLE_WHITESPACE = 1,   /* columns separated by blanks or tabs */
    AX_TABLE_ALLOW_NAN = 2,    /* a cell "nan" is accepted (stored as NAN) */
    AX_TABLE_SKIP_HEADER = 4   /* a first non-comment row of names is skipped */
};

typedef struct ax_table {
    size_t nrows;
    size_t ncols;
    double *cell;    /* row-major: cell[row * ncols + col] */
    size_t *line;    /* 1-based source line of each row, for messages */
    char *comments;  /* the '#' lines, joined with '\n' (provenance) */
} ax_table;

/* Read `path`. ncols = 0 accepts any column count that is the same on
 * every row; otherwise exactly ncols columns are required. */
int ax_table_read(const char *path, size_t ncols, int flags, ax_table *t,
                  ax_error *err);

/* Same, from a buffer in memory (`name` is used in messages). */
int ax_table_parse(const char *name, const char *buf, size_t len,
                   size_t ncols, int flags, ax_table *t, ax_error *err);

static inline double ax_table_at(const ax_table *t, size_t row, size_t col)
{
    return t->cell[row * t->ncols + col];
}

void ax_table_free(ax_table *t);

/* Read a whole file into a NUL-terminated buffer (caller frees). Refuses
 * files over max_bytes. */
int ax_file_slurp(const char *path, size_t max_bytes, char **buf,
                  size_t *len, ax_error *err);

/* ---- atomic output -------------------------------------------------- */

typedef struct ax_outfile {
    FILE *fp;          /* write here */
    char *path;        /* final name */
    char *tmp_path;    /* temporary name beside it */
} ax_outfile;

/* Open a temporary file in the directory of `path`. */
int ax_outfile_open(ax_outfile *o, const char *path, ax_error *err);

/* Create a directory and its parents (mode 0755), as `mkdir -p`. AX_EINPUT,
 * naming the path, when one cannot be made or exists and is not a directory. */
int ax_mkdir_p(const char *dir, ax_error *err);

/* Flush, close and rename onto the final name. On failure the temporary
 * file is removed and the old file (if any) is left untouched. */
int ax_outfile_commit(ax_outfile *o, ax_error *err);

/* Close and remove the temporary file; safe to call after commit. */
void ax_outfile_abort(ax_outfile *o);

/* Remove every temporary file still open (for a signal handler that then
 * re-raises). Async-signal-safe: uses only unlink(). */
void ax_outfile_abort_all_signal_safe(void);

/* Write a NUL-terminated string to `path` atomically. */
int ax_write_file_atomic(const char *path, const char *content, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_IO_H */
