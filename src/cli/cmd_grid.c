/* cmd_grid.c -- `axsterile scan grid`: a grid over the parameters of any
 * registered model, one CSV row per point with what `check` reports
 * (axsterile/grid.h). The parameter flags are generated from the model
 * rows; each takes one value or a range FROM:TO:N[:log|lin]. */
#include "prod_common.h"
#include "record.h"

#include "axsterile/decay.h"
#include "axsterile/grid.h"
#include "axsterile/io.h"
#include "axsterile/limits.h"
#include "axsterile/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_flag FIXED[] = {
    {"-o", CLI_STRING, AX_DIM_NONE, 0, "DIR", "output directory (required; created)"},
    {"--model", CLI_STRING, AX_DIM_NONE, 0, "NAME", "the model (default phi)"},
    {"--dm-fixed", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "solve for the coupling at every point so that Omega_s = (1 - f) Omega_DM"},
    {"--scan-file", CLI_STRING, AX_DIM_NONE, 0, "FILE",
     "read the grid from a JSON scan file (docs/usage.md, Grid scans) instead of flags"},
    {"--shard", CLI_STRING, AX_DIM_NONE, 0, "K/N",
     "compute only shard K of N of the points (join with axsterile merge)"},
    CLI_LIMITS_FLAGS,
    CLI_CONVENTION_FLAGS,
    CLI_PROD_CORE_FLAGS,
};
#define NFIXED ((int)(sizeof FIXED / sizeof FIXED[0]))

static cli_flag table[CLI_MAX_FLAGS];
static char helps[CLI_MAX_FLAGS][200];
static int ntable;

static int has_flag(const char *name)
{
    for (int i = 0; i < ntable; i++)
        if (strcmp(table[i].name, name) == 0)
            return 1;
    return 0;
}

static void add_rows(const ax_model_param *rows, size_t n, const char *model)
{
    for (size_t i = 0; i < n && ntable < CLI_MAX_FLAGS; i++) {
        const ax_model_param *p = &rows[i];
        if (!p->flag || has_flag(p->flag))
            continue;
        cli_flag *f = &table[ntable];
        snprintf(helps[ntable], sizeof helps[ntable], "%s%s%s: one value or FROM:TO:N[:log]",
                 model ? model : "", model ? " model, " : "", p->help ? p->help : p->key);
        f->name = p->flag;
        f->kind = CLI_STRING;
        f->dim = AX_DIM_NONE;
        f->meta = p->type == AX_PARAM_WORD ? p->meta : "RANGE";
        f->help = helps[ntable];
        ntable++;
    }
}

static const cli_flag *flags(int *n)
{
    if (!ntable) {
        for (int i = 0; i < NFIXED; i++)
            table[ntable++] = FIXED[i];
        size_t nc;
        const ax_model_param *c = ax_model_common_params(&nc);
        add_rows(c, nc, NULL);
        for (size_t k = 0; k < ax_model_count(); k++) {
            const ax_model_type *t = ax_model_type_at(k);
            add_rows(t->params, t->nparams, t->name);
        }
    }
    *n = ntable;
    return table;
}

static const char *usage(void)
{
    return "axsterile scan grid -o DIR [--model NAME] --ms FROM:TO:N[:log] [--PARAM VALUE|RANGE ...] "
           "[--dm-fixed] [--shard K/N] [--limits DIR]... [--limits-only] [--convention majorana|bh16-eq10] "
           "[--json]\n"
           "   or: axsterile scan grid -o DIR --scan-file FILE [--shard K/N] [--limits DIR]... "
           "[--limits-only] [--json]";
}

/* the model-row flags that were given, as grid entries */
static int entries(const cli_args *a, const ax_model_type *t, ax_grid_entry *e, size_t *n,
                   ax_error *err)
{
    *n = 0;
    for (int i = NFIXED; i < a->nflags; i++) {
        if (!a->given[i])
            continue;
        if (*n >= AX_GRID_MAX_ENTRIES)
            return ax_fail(err, AX_EINPUT, "too many parameters");
        /* a flag shared by several models (--g) stands for t's row */
        const char *key = a->flags[i].name;
        size_t nc;
        const ax_model_param *c = ax_model_common_params(&nc);
        for (size_t j = 0; j < nc; j++)
            if (c[j].flag && strcmp(c[j].flag, key) == 0)
                key = c[j].key;
        for (size_t j = 0; j < t->nparams; j++)
            if (t->params[j].flag && strcmp(t->params[j].flag, key) == 0)
                key = t->params[j].key;
        e[*n].key = key;
        e[*n].text = a->text[i];
        e[*n].where = a->flags[i].name;
        (*n)++;
    }
    return AX_OK;
}

/* The record of the run (grid.json "record"): what changes a number and is
 * not in the grid itself (docs/hardening.md, "A scan knows how it was
 * made"); the text into *text (free it). */
static int grid_record(const ax_grid *g, const ax_production_opts *o,
                       const ax_limit_sources *lim, char **text, ax_error *err)
{
    static const char *const FLAVOR[] = {"e", "mu", "tau"};
    cJSON *r = cJSON_CreateObject();
    if (!r)
        return ax_fail(err, AX_ERUN, "out of memory");
    cJSON_AddStringToObject(r, "decay_convention", ax_decay_convention_name(g->convention));
    cJSON_AddStringToObject(r, "rate_normalisation", cli_record_rate_normalisation(g->convention));
    cJSON_AddStringToObject(r, "production_rate", o->rate_convention == AX_RATE_BH16
                                                      ? "bh16 (BH16 eq. 6)"
                                                      : "afp (Gamma/4, AFP 2001)");
    cJSON_AddStringToObject(r, "flavor", g->flavor >= 0 && g->flavor <= 2 ? FLAVOR[g->flavor] : "?");
    if (ax_model_param_find(g->type, "phi_evolution"))
        cJSON_AddStringToObject(r, "phi_evolution",
                                g->base.phi_evolution == AX_PHI_STEP ? "step" : "exact");
    cJSON *lr = cJSON_AddObjectToObject(r, "limits");
    int st = lr ? cli_record_limits(lim, lr, err) : ax_fail(err, AX_ERUN, "out of memory");
    if (!st)
        st = cli_record_opacity(r, o->opacity_file, err);
    cJSON_AddBoolToObject(r, "extrapolate", o->extrapolate != AX_EXTRAPOLATE_NO);
    if (!st)
        st = cli_record_file(r, "gstar_table", o->gstar_table, "data/gstar.csv", err);
    cJSON_AddStringToObject(r, "axsterile_version", AX_VERSION);
    if (!st && !(*text = cJSON_PrintUnformatted(r)))
        st = ax_fail(err, AX_ERUN, "out of memory");
    cJSON_Delete(r);
    return st;
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    const char *dir = cli_text(a, "-o");
    if (!dir)
        return ax_fail(err, AX_EINPUT, "-o DIR is required (the output directory)");
    if (a->npos)
        return ax_fail(err, AX_EINPUT, "scan grid takes no positional word ('%s')", a->pos[0]);
    ax_production_opts o;
    int st = cli_prod_opts(a, &o, err);
    if (st)
        return st;
    ax_grid g;
    const char *file = cli_text(a, "--scan-file");
    if (file) {
        for (int i = 0; i < a->nflags; i++)
            if (a->given[i] && (i >= NFIXED || strcmp(a->flags[i].name, "--model") == 0 ||
                                strcmp(a->flags[i].name, "--dm-fixed") == 0 ||
                                strcmp(a->flags[i].name, "--flavor") == 0 ||
                                strcmp(a->flags[i].name, "--convention") == 0 ||
                                strcmp(a->flags[i].name, "--majorana") == 0))
                return ax_fail(err, AX_EINPUT, "%s cannot be combined with --scan-file (the "
                               "file describes the whole grid)", a->flags[i].name);
        if ((st = ax_grid_load(&g, file, err)))
            return ax_error_context(err, "--scan-file");
    } else {
        const char *name = cli_text(a, "--model");
        const ax_model_type *t = ax_model_type_find(name ? name : "phi");
        if (!t)
            return ax_fail(err, AX_EINPUT, "--model: '%s'; expected the name of a registered "
                           "model (dw, phi, qcd, ...)", name);
        int conv;
        if ((st = cli_convention(a, &conv, err)))
            return st;
        ax_grid_entry e[AX_GRID_MAX_ENTRIES + 1];
        size_t n;
        if ((st = entries(a, t, e, &n, err)))
            return st;
        if (cli_given(a, "--flavor")) {
            e[n].key = "flavor";
            e[n].text = cli_text(a, "--flavor");
            e[n].where = "--flavor";
            n++;
        }
        if ((st = ax_grid_build(&g, t, e, n, cli_given(a, "--dm-fixed"), conv, err)))
            return st;
    }
    o.flavor = g.flavor;
    ax_scan_shard sh = {1, 1};
    if (cli_given(a, "--shard") && (st = ax_scan_shard_parse(cli_text(a, "--shard"), &sh, err)))
        return ax_error_context(err, "--shard");
    /* strict, as in check: a point is "excluded" or not by every limit */
    cli_limit_sources ls;
    ax_limit_set set;
    if ((st = cli_limit_sources_parse(a, &ls, err)) ||
        (st = cli_limit_set_load_from(&ls, 1, &set, err))) {
        cli_limit_sources_free(&ls);
        return st;
    }
    char *rec = NULL;
    st = grid_record(&g, &o, &ls.src, &rec, err);
    g.record = rec;
    cli_limit_sources_free(&ls);
    ax_production *ctx = NULL;
    ax_grid_stats stats;
    if (!st)
        st = ax_production_init(&ctx, &o, err);
    /* grid.csv and grid.json appear together: ax_grid_run publishes the
     * directory in one step (io.h, ax_dirpub; docs/hardening.md "All or
     * none") */
    if (!st)
        st = ax_grid_run(&g, ctx, &set, sh, dir, 1, &stats, err);
    ax_production_free(ctx);
    ax_limit_set_free(&set);
    cJSON_free(rec);
    if (st)
        return st;
    char shard[32];
    snprintf(shard, sizeof shard, "%d/%d", sh.k, sh.n);
    cJSON_AddStringToObject(out, "scan", "grid");
    cJSON_AddStringToObject(out, "model", g.type->name);
    cJSON_AddStringToObject(out, "dir", dir);
    cJSON_AddStringToObject(out, "shard", shard);
    cJSON_AddNumberToObject(out, "points", (double)g.npoints);
    cJSON_AddNumberToObject(out, "first_point", (double)stats.lo);
    cJSON_AddNumberToObject(out, "end_point", (double)stats.hi);
    cJSON_AddNumberToObject(out, "computed", (double)stats.computed);
    cJSON_AddNumberToObject(out, "invalid", (double)stats.invalid);
    cJSON_AddNumberToObject(out, "failed", (double)stats.failed);
    if ((st = cli_json_num(out, "wall_s", stats.wall_s, err)))
        return st;
    if (stats.failed)
        fprintf(stderr, "axsterile: note: the solve failed at %zu points (status \"failed\", "
                        "the reason in the note column)\n", stats.failed);
    return AX_OK;
}

const cli_command cli_cmd_grid = {
    .name = "scan grid",
    .summary = "scan a grid over any model's parameters into one CSV row per point",
    .description =
        "Computes every point of a grid as `axsterile check` does and writes DIR/grid.csv,\n"
        "one row per point: the parameters, Omega_s h^2, f_s, the mixing today, T_max, the\n"
        "abundance ratio, the lifetime and its bound, the strongest X-ray or gamma-ray limit\n"
        "and its ratio, whether the point is excluded -- and DIR/grid.json (the manifest).\n"
        "Each parameter flag takes one value (50keV) or a range FROM:TO:N[:log|lin]\n"
        "(N points, ends included, linear unless :log); the points are all combinations,\n"
        "the model's own parameters varying slowest, then m_s, then the coupling (so that\n"
        "neighbouring points share the background field). A bad range is refused before\n"
        "computing.\n"
        "Rows are computed on all cores and streamed to disk; with --shard K/N only the\n"
        "K-th block of points is computed (join with `axsterile merge -o DIR`). A\n"
        "progress bar with the rate and ETA is drawn on stderr when it is a terminal.\n"
        "The limit library is that of `check` (--limits DIR, $AXSTERILE_LIMITS,\n"
        "--limits-only); a limit file there that does not load is an error (exit 2).",
    .max_positional = 0,
    .run = run,
    .make_flags = flags,
    .make_usage = usage,
};
