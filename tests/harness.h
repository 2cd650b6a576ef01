/*
 * harness.h -- a small test harness, one executable per module.
 *
 * CHECK(cond, fmt, ...)           a condition
 * CHECK_CLOSE(got, want, rel, what)  |got - want| <= rel |want|
 * CHECK_STATUS(st, want, err, substring)  a status and a message fragment
 * CHECK_OUTCOME(st, want, err, what)  a non-error outcome (error.h): the
 *                                 status, and err left untouched
 * SKIP(fmt, ...)                  a check that cannot run here (says why)
 * The program ends with harness_done(), which prints
 * "<name>: N passed, M failed, K skipped" and returns the exit status.
 * Failures print the file, the line and both values.
 */
#ifndef AXSTERILE_TEST_HARNESS_H
#define AXSTERILE_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "axsterile/error.h"

static int h_pass, h_fail, h_skip;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (cond) {                                                         \
            h_pass++;                                                       \
        } else {                                                            \
            h_fail++;                                                       \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                     \
            printf(__VA_ARGS__);                                            \
            printf("\n");                                                   \
        }                                                                   \
    } while (0)

#define CHECK_CLOSE(got, want, rel, what)                                   \
    do {                                                                    \
        double g_ = (got), w_ = (want), r_ = (rel);                         \
        int ok_ = isfinite(g_) && fabs(g_ - w_) <= r_ * fabs(w_);           \
        CHECK(ok_, "%s: got %.10g, want %.10g (rel. tol. %g, off by %.3g)", \
              what, g_, w_, r_, w_ != 0 ? (g_ - w_) / w_ : g_);              \
    } while (0)

#define CHECK_STATUS(st, want, err, fragment)                               \
    do {                                                                    \
        int s_ = (st);                                                      \
        CHECK(s_ == (want) && strstr((err)->msg, (fragment)) != NULL,       \
              "status %d (want %d), message '%s' (want it to contain '%s')", \
              s_, (int)(want), (err)->msg, (fragment));                     \
    } while (0)

#define CHECK_OUTCOME(st, want, err, what)                                  \
    do {                                                                    \
        ax_error_clear(err);                                                \
        int s_ = (st);                                                      \
        CHECK(s_ == (want) && !ax_is_error(s_) && (err)->status == AX_OK &&  \
                  (err)->msg[0] == '\0',                                     \
              "%s: status %d (want the outcome %d, err untouched; msg '%s')", \
              (what), s_, (int)(want), (err)->msg);                         \
    } while (0)

#define SKIP(...)                                                           \
    do {                                                                    \
        h_skip++;                                                           \
        printf("SKIP %s:%d: ", __FILE__, __LINE__);                         \
        printf(__VA_ARGS__);                                                \
        printf("\n");                                                       \
    } while (0)

static inline int harness_done(const char *name)
{
    printf("%s: %d passed, %d failed, %d skipped\n", name, h_pass, h_fail, h_skip);
    return h_fail ? 1 : 0;
}

/* The shared reference data (../shared/reference beside the source tree),
 * or $AXSTERILE_REFERENCE. Returns NULL (and the test skips) when absent. */
static inline const char *harness_reference_dir(void)
{
    static char path[4096];
    const char *env = getenv("AXSTERILE_REFERENCE");
    if (env && *env)
        snprintf(path, sizeof path, "%s", env);
    else
        snprintf(path, sizeof path, "%s/../shared/reference", AX_SOURCE_DIR);
    struct stat st;
    return stat(path, &st) == 0 ? path : NULL;
}

/* Point the data lookup at the source tree for tests. */
static inline void harness_use_source_data(void)
{
    setenv("AXSTERILE_DATA", AX_SOURCE_DIR, 1);
}

#endif
