/* limits_lib.c -- which limit library a command uses: the shipped limits/,
 * the directories of $AXSTERILE_LIMITS and of every --limits DIR (see
 * cli.h, cli_limit_sources_parse and cli_limit_set_load, and
 * docs/limits-format.md, "Your own limits"). Parsing and reporting only;
 * loading is ax_limit_set_load_sources. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "axsterile/limits.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void cli_limit_sources_free(cli_limit_sources *ls)
{
    free(ls->env);
    for (size_t i = 0; i < CLI_LIMIT_MAX_DIRS; i++)
        free(ls->owned[i]);
    memset(ls, 0, sizeof *ls);
    ls->src.dirs = ls->dirs;
}

int cli_limit_sources_add(cli_limit_sources *ls, const char *dir, ax_error *err)
{
    if (ls->src.ndirs == CLI_LIMIT_MAX_DIRS)
        return ax_fail(err, AX_EINPUT, "more than %d limit directories", CLI_LIMIT_MAX_DIRS);
    size_t k = ls->src.ndirs;
    size_t n = strlen(dir) + 1;
    if (!(ls->owned[k] = malloc(n)))
        return ax_fail(err, AX_ERUN, "out of memory");
    memcpy(ls->owned[k], dir, n);
    ls->dirs[k] = ls->owned[k];
    ls->src.ndirs++;
    return AX_OK;
}

int cli_limit_sources_parse(const cli_args *a, cli_limit_sources *ls, ax_error *err)
{
    memset(ls, 0, sizeof *ls);
    ls->src.dirs = ls->dirs;
    int only = cli_given(a, "--limits-only");
    ls->src.only = only;
    const char *ev = getenv("AXSTERILE_LIMITS");
    if (!only && ev && *ev) {
        ls->given = 1;
        if (!(ls->env = malloc(strlen(ev) + 1)))
            return ax_fail(err, AX_ERUN, "out of memory");
        memcpy(ls->env, ev, strlen(ev) + 1);
        for (char *p = strtok(ls->env, ":"); p; p = strtok(NULL, ":")) {
            int st = AX_OK;
            if (ls->src.ndirs == CLI_LIMIT_MAX_DIRS / 2)
                st = ax_fail(err, AX_EINPUT, "$AXSTERILE_LIMITS: more than %d directories",
                             CLI_LIMIT_MAX_DIRS / 2);
            else if (!is_dir(p))
                st = ax_fail(err, AX_EINPUT, "$AXSTERILE_LIMITS: %s: cannot open the limits "
                             "directory; expected directories separated by ':'", p);
            if (st) {
                cli_limit_sources_free(ls);
                return st;
            }
            ls->dirs[ls->src.ndirs++] = p;
        }
    }
    const char *given[CLI_MAX_REPEAT];
    int ng = cli_texts(a, "--limits", given, CLI_MAX_REPEAT);
    ls->given |= ng > 0 || only;
    for (int i = 0; i < ng; i++) {
        if (!is_dir(given[i])) {
            cli_limit_sources_free(ls);
            return ax_fail(err, AX_EINPUT, "--limits %s: cannot open the limits directory",
                           given[i]);
        }
        ls->dirs[ls->src.ndirs++] = given[i];
    }
    if (only && ng == 0) {
        cli_limit_sources_free(ls);
        return ax_fail(err, AX_EINPUT, "--limits-only: give the directories with --limits DIR");
    }
    return AX_OK;
}

int cli_limit_set_load_from(const cli_limit_sources *ls, int strict, ax_limit_set *set,
                            ax_error *err)
{
    int st = ax_limit_set_load_sources(&ls->src, set, err);
    if (st != AX_OK)
        return st;
    for (size_t i = 0; i < set->nproblems; i++)
        fprintf(stderr, "axsterile: %s: %s\n", strict ? "error: limit not loaded" : "warning: limit left out",
                set->problems[i].message);
    if (strict && set->nproblems) {
        size_t np = set->nproblems;
        ax_limit_set_free(set);
        return ax_fail(err, AX_EINPUT, "%zu limit file(s) of the library do not load (each is "
                       "named above); every limit counts here, so fix or remove them, or "
                       "leave their directory out", np);
    }
    return AX_OK;
}

int cli_limit_set_load(const cli_args *a, int strict, ax_limit_set *set, ax_error *err)
{
    memset(set, 0, sizeof *set);
    cli_limit_sources ls;
    int st = cli_limit_sources_parse(a, &ls, err);
    if (st)
        return st;
    st = cli_limit_set_load_from(&ls, strict, set, err);
    cli_limit_sources_free(&ls);
    return st;
}
