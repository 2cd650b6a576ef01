/* limits_lib.c -- which limit library a command uses: the shipped limits/,
 * the directories of $AXSTERILE_LIMITS and of every --limits DIR (see
 * cli.h, cli_limit_set_load, and docs/limits-format.md, "Your own
 * limits"). Parsing and reporting only; loading is ax_limit_set_load_sources. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "axsterile/limits.h"

#define MAX_DIRS (2 * CLI_MAX_REPEAT)

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int cli_limit_set_load(const cli_args *a, int strict, ax_limit_set *set, ax_error *err)
{
    memset(set, 0, sizeof *set);
    const char *dirs[MAX_DIRS];
    size_t nd = 0;
    int only = cli_given(a, "--limits-only");
    char *env = NULL;
    const char *ev = getenv("AXSTERILE_LIMITS");
    if (!only && ev && *ev) {
        env = malloc(strlen(ev) + 1);
        if (!env)
            return ax_fail(err, AX_ERUN, "out of memory");
        memcpy(env, ev, strlen(ev) + 1);
        for (char *p = strtok(env, ":"); p; p = strtok(NULL, ":")) {
            if (nd == MAX_DIRS) {
                free(env);
                return ax_fail(err, AX_EINPUT, "$AXSTERILE_LIMITS: more than %d directories",
                               MAX_DIRS / 2);
            }
            if (!is_dir(p)) {
                int st = ax_fail(err, AX_EINPUT, "$AXSTERILE_LIMITS: %s: cannot open the limits "
                                 "directory; expected directories separated by ':'", p);
                free(env);
                return st;
            }
            dirs[nd++] = p;
        }
    }
    const char *given[CLI_MAX_REPEAT];
    int ng = cli_texts(a, "--limits", given, CLI_MAX_REPEAT);
    for (int i = 0; i < ng; i++) {
        if (!is_dir(given[i])) {
            free(env);
            return ax_fail(err, AX_EINPUT, "--limits %s: cannot open the limits directory",
                           given[i]);
        }
        dirs[nd++] = given[i];
    }
    if (only && ng == 0) {
        free(env);
        return ax_fail(err, AX_EINPUT, "--limits-only: give the directories with --limits DIR");
    }
    ax_limit_sources src = {dirs, nd, only};
    int st = ax_limit_set_load_sources(&src, set, err);
    free(env);
    if (st != AX_OK)
        return st;
    for (size_t i = 0; i < set->nproblems; i++)
        fprintf(stderr, "axsterile: %s: %s\n", strict ? "error: limit not loaded" : "warning: limit left out",
                set->problems[i].message);
    if (strict && set->nproblems) {
        size_t np = set->nproblems;
        ax_limit_set_free(set);
        return ax_fail(err, AX_EINPUT, "%zu limit file(s) of the --limits directories do not "
                       "load (each is named above); every limit counts here, so fix them or "
                       "leave their directory out", np);
    }
    return AX_OK;
}
