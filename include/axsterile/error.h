/*
 * axsterile/error.h -- status codes and error messages with context.
 *
 * Every library function that can fail returns an int status and, on
 * failure, fills a caller-owned ax_error with a message. Callers that add
 * context prefix it with ax_error_context(), so the user reads
 * "cosmo: data/gstar.csv line 12: ...". The status values are the exit
 * statuses of the command-line tool:
 *   AX_OK      0  success
 *   AX_ERUN    1  runtime failure (numerics did not converge, I/O failed)
 *   AX_EINPUT  2  bad input (flag, unit, file contents)
 * Library code never prints and never exits.
 */
#ifndef AXSTERILE_ERROR_H
#define AXSTERILE_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { AX_OK = 0, AX_ERUN = 1, AX_EINPUT = 2 };

/* Outcomes that are not errors: the function did its job and says what it
 * found. They never go through ax_fail and leave the ax_error untouched;
 * ax_is_error() tells them from the errors above. */
enum {
    AX_OUT_OF_RANGE = 10,   /* the point is outside the data (a limit's mass range) */
    AX_MASKED = 11,         /* the point is in (or next to) a masked window of a limit */
    AX_NOT_APPLICABLE = 12, /* the limit does not apply to this model point */
    AX_NO_VALUE = 13,       /* a row of a table has no value (its reason is recorded) */
    AX_HELP_SHOWN = 14,     /* --help was printed; there is nothing else to do */
    AX_EXCLUDED = 15        /* the model point is excluded by at least one bound */
};

/* 1 for AX_ERUN and AX_EINPUT, 0 for AX_OK and the outcomes. */
static inline int ax_is_error(int status) { return status == AX_ERUN || status == AX_EINPUT; }

/* st = AX_THEN(st, next_step(...)); runs the next step only while every
 * step so far returned AX_OK, and keeps the first failure otherwise. */
#define AX_THEN(st, call) ((st) == AX_OK ? (call) : (st))

#define AX_ERROR_MSG_LEN 1024

/* printf-style argument checking where the compiler has it */
#if defined(__GNUC__) || defined(__clang__)
#define AX_PRINTF_LIKE(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define AX_PRINTF_LIKE(fmt, first)
#endif

typedef struct ax_error {
    int status;                   /* AX_OK, AX_ERUN or AX_EINPUT */
    char msg[AX_ERROR_MSG_LEN];   /* human-readable, no trailing newline */
} ax_error;

/* Reset to "no error". err may be NULL in every function here. */
void ax_error_clear(ax_error *err);

/* Record a failure with a printf-style message; returns status so that
 * library code can write `return ax_fail(err, AX_EINPUT, "...", ...);`. */
int ax_fail(ax_error *err, int status, const char *fmt, ...)
    AX_PRINTF_LIKE(3, 4);

/* Prefix the current message with context ("in X: " style), keeping the
 * status. Returns err->status (or AX_ERUN when err is NULL). */
int ax_error_context(ax_error *err, const char *fmt, ...)
    AX_PRINTF_LIKE(2, 3);

/* Turn GSL's abort-on-error handler off (idempotent). Call once at start-up
 * of any program that uses the library; every GSL failure then comes back
 * as a status that axsterile turns into a message. */
void ax_gsl_quiet(void);

/* Fault injection, for the tests of the failure paths only. The library
 * asks ax_fault(site) at a few places where a real failure is hard to
 * provoke; a test installs a hook that answers 1 for the sites it wants to
 * fail, and the real failure path then runs. Sites: "quad" (a halo
 * quadrature fails), "ode" (the field equation fails), "dm_noroot" (the
 * DM-fixed target cannot be reached), "nonfinite" (a NaN appears in the
 * abundance), "rename" (committing an output file fails), "rename_second"
 * (the second rename of several files committed together fails),
 * "publish" (publishing an output directory fails), "slow_write" (the write
 * phase of a scan is slowed, so that a test can kill it there).
 *
 * Without a hook (the default, and normal use) ax_fault is 0 and costs one
 * pointer test. The hook is the library's one piece of process-wide state
 * besides the temporary-file registry of io.h: set it before starting a
 * computation, not while one runs; the hook itself must be thread-safe (it
 * is called from parallel loops). The command-line tool installs a hook
 * that reads the comma-separated words of $AXSTERILE_FAULT once at start. */
typedef int (*ax_fault_hook)(const char *site);

/* Install (or with NULL remove) the hook; returns the previous one. */
ax_fault_hook ax_fault_set_hook(ax_fault_hook hook);

/* 1 when a hook is installed and answers 1 for `site`, 0 otherwise. */
int ax_fault(const char *site);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_ERROR_H */
