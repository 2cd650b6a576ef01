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
 * files over max_bytes (a file of exactly max_bytes is read), and anything
 * but a regular file (a FIFO or device would block or never end). */
int ax_file_slurp(const char *path, size_t max_bytes, char **buf,
                  size_t *len, ax_error *err);

/* ---- atomic output -------------------------------------------------- */

typedef struct ax_outfile {
    FILE *fp;          /* write here */
    char *path;        /* final name, as given */
    char *tmp_path;    /* temporary name beside the target (NULL when written through) */
    char *target;      /* the file a symbolic link points to (NULL: path itself) */
    int through;       /* a character device or FIFO, written directly */
} ax_outfile;

/* Flags of ax_outfile_open_flags. */
enum {
    /* a file of an output directory: a symbolic link there is replaced, not
     * followed; a device or FIFO there is refused */
    AX_OUT_NOFOLLOW = 1
};

/* Open an output file. What happens depends on what `path` is now:
 *  - missing: a temporary file beside it, renamed onto it on commit; the new
 *    file gets mode 0666 less the umask;
 *  - a regular file: the same, and the new file keeps the old one's mode
 *    (and, as root, its owner);
 *  - a symbolic link to a regular file: the file it points to is replaced
 *    (temporary file beside the target), the link stays;
 *  - a character device or a FIFO (/dev/null, /dev/stdout on a pipe), or any
 *    path under /dev or /proc: written through, never replaced; a FIFO that
 *    no process reads is refused rather than waited on;
 *  - a directory, socket, block device or dangling link: AX_EINPUT.
 * A path that cannot be created is AX_EINPUT, naming it. */
int ax_outfile_open(ax_outfile *o, const char *path, ax_error *err);
int ax_outfile_open_flags(ax_outfile *o, const char *path, int flags, ax_error *err);

/* strerror(), with ENOSPC as "no space left on device" and a few others in
 * the same lower-case words. */
const char *ax_io_strerror(int e);

/* ---- publishing a directory in one step -------------------------------
 * A command that writes several files into an output directory DIR builds
 * the new version in a fresh directory beside it (DIR.tmp.PID.XXXXXX): the
 * entries DIR already holds are hard-linked in (no data copied), the run's
 * files are written there, and ax_dirpub_commit() swaps the two directories
 * with one atomic rename (renameat2 RENAME_EXCHANGE; where the file system
 * lacks it, two renames) and removes the old version. A reader, a crash or
 * SIGKILL at any moment sees DIR exactly as before or exactly complete.
 * A link DIR -> D publishes at D. A failure (ax_dirpub_abort) removes the
 * temporary directory and every parent directory begin created. A signal
 * handler calling ax_outfile_abort_all_signal_safe() removes it too;
 * temporary directories of a SIGKILLed run are removed by the next run
 * publishing beside them. */
typedef struct ax_dirpub {
    char *dir;        /* the directory published (a link resolved) */
    char *parent;     /* its parent */
    char *tmp;        /* write the files here */
    int existed;
    char **created;   /* parents made by begin, outermost first */
    size_t ncreated;
} ax_dirpub;

int ax_dirpub_begin(ax_dirpub *d, const char *dir, ax_error *err);
/* A file made in the directory being built other than through ax_outfile
 * (e.g. by a child process): removed too if a signal stops the run. */
void ax_dirpub_note(const char *path);
int ax_dirpub_commit(ax_dirpub *d, ax_error *err);
void ax_dirpub_abort(ax_dirpub *d);

/* Can dir be created or written? (Before a long computation: AX_EINPUT
 * naming the path that stops it.) */
int ax_output_dir_check(const char *dir, ax_error *err);

/* SHA-256 of a buffer or a file, as 64 lower-case hex digits. */
void ax_sha256(const void *data, size_t len, char hex[65]);
int ax_sha256_file(const char *path, char hex[65], ax_error *err);


/* Create a directory and its parents (mode 0755), as `mkdir -p`. AX_EINPUT,
 * naming the path, when one cannot be made or exists and is not a directory. */
int ax_mkdir_p(const char *dir, ax_error *err);

/* Flush, close and rename onto the final name. On failure the temporary
 * file is removed and the old file (if any) is left untouched. */
int ax_outfile_commit(ax_outfile *o, ax_error *err);

/* Commit n files (entries with path NULL are skipped, at most 16 that are
 * not written through) together, all or none: every file is flushed and
 * fsync'ed first; then a journal beside the targets (TMP.commit, TMP the
 * first file's temporary name TARGET.tmp.PID.XXXXXX) records the group
 * before the first rename and is removed after the last. A rename that
 * fails puts back every file renamed before it. A run killed between two
 * renames leaves the journal, and the next ax_outfile_open beside it, or
 * ax_commit_settle, completes the group (or, when it had failed, puts the
 * old files back) before anything else: see docs/hardening.md. */
int ax_outfile_commit_all(ax_outfile *o, size_t n, ax_error *err);

/* AX_EINPUT, naming both, when two of the n open output files would
 * replace the same file (the same name, or a link to the other); what
 * n = 2 outputs of one run (--spectrum, --production-rate) must not share.
 * Files written through (a device, a FIFO) may be the same. names[i] is
 * the flag or role of o[i] in messages. */
int ax_outfile_distinct(const ax_outfile *o, size_t n, const char *const *names, ax_error *err);

/* Before path is read or written: finish the interrupted group commits
 * recorded by journals in its directory whose process no longer runs, wait
 * (up to 3 s) for those of running processes, and remove the temporary
 * files (NAME.tmp.PID.XXXXXX...) that processes that no longer run left in
 * that directory, of path or of a file NAME that exists. An error (AX_EINPUT
 * for a file named like a journal that is not one, AX_ERUN when a group
 * cannot be finished) names the journal. Every ax_outfile_open of a file
 * (not of an output directory's file) does this, and the limit loader for
 * both files of a pair. */
int ax_commit_settle(const char *path, ax_error *err);

/* 1 when a journal of another process is in dir (a group commit is under
 * way or was interrupted), else 0. */
int ax_commit_pending(const char *dir);

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
