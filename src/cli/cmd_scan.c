#define _XOPEN_SOURCE 700 /* realpath */
/* cmd_scan.c -- `axsterile scan`, `axsterile plot` and `axsterile merge`:
 * the figures' data (whole or sharded), their gnuplot scripts and images,
 * and the joining of shards. The figures, their names and summaries come
 * from the library's registry (axsterile/figures.h). */
#include "cli.h"
#include "record.h"

#include "axsterile/decay.h"
#include "../json_util.h"
#include "axsterile/figures.h"
#include "axsterile/grid.h"
#include "axsterile/io.h"
#include "axsterile/medium.h"
#include "axsterile/mixing.h"
#include "axsterile/plot.h"
#include "axsterile/scan.h"
#include "axsterile/version.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STR_(x) #x
#define STR(x) STR_(x) /* a number defined in figures.h, as text for --help */

#define FIGURE_FLAGS                                                                        \
    {"-o", CLI_STRING, AX_DIM_NONE, 0, "DIR", "output directory (required; created)"},      \
    {"--points", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "N",                           \
     "grid points along the main axis (default " STR(AX_FIGURE_POINTS_DEFAULT) "; "         \
     STR(AX_FIGURE_POINTS_MIN) " to " STR(AX_FIGURE_POINTS_MAX) ")"},                       \
    {"--fphi", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "F",                             \
     "phi (or axion) fraction of the dark matter, 1e-100 to below 1 (default "                       \
     STR(AX_FIGURE_FPHI_DEFAULT) ")"},                                                      \
    CLI_CONVENTION_FLAGS,                                                                   \
    CLI_LIMITS_FLAGS,                                                                       \
    {"--opacity", CLI_STRING, AX_DIM_NONE, 0, "analytic|FILE",                              \
     "opacity table (Venumadhav et al. 2016 layout) or analytic instead of the default"},   \
    {"--phi-evolution", CLI_STRING, AX_DIM_NONE, 0, "exact|step",                           \
     "phi background: field equation + WKB (default) or BH16's step"},                      \
    {"--fa-lines", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                          \
     "fig3: DM-fixed lines at fixed f_a = 1e9 - 1e12 GeV instead of BH16's f_a(m_s)"}

/* The options of a figure; its limit library is parsed into ls (which
 * o->limits points into: free it with cli_limit_sources_free, also on
 * failure). */
static int figure_opts(const cli_args *a, ax_figure_opts *o, cli_limit_sources *ls,
                       ax_error *err)
{
    ax_figure_opts_defaults(o);
    memset(ls, 0, sizeof *ls);
    if (cli_given(a, "--points")) {
        double p = cli_value(a, "--points", AX_FIGURE_POINTS_DEFAULT);
        if (p != floor(p) || p < AX_FIGURE_POINTS_MIN || p > AX_FIGURE_POINTS_MAX)
            return ax_fail(err, AX_EINPUT, "--points %s: expected a whole number from %d to %d",
                           cli_text(a, "--points"), AX_FIGURE_POINTS_MIN, AX_FIGURE_POINTS_MAX);
        o->points = (size_t)p;
    }
    if (cli_given(a, "--fphi")) {
        o->f_phi = cli_value(a, "--fphi", AX_FIGURE_FPHI_DEFAULT);
        /* as the phi model's f_phi (src/models/phi.c): the DM-fixed solves'
         * mixing ~ g^2 f_phi must not underflow */
        if (!(o->f_phi >= 1e-100 && o->f_phi < 1))
            return ax_fail(err, AX_EINPUT, "--fphi %s: expected a fraction from 1e-100 to "
                           "below 1", cli_text(a, "--fphi"));
    }
    int st = cli_convention(a, &o->convention, err);
    if (st)
        return st;
    o->opacity_file = cli_text(a, "--opacity");
    const char *ev = cli_text(a, "--phi-evolution");
    if (ev) {
        if (strcmp(ev, "exact") == 0)
            o->phi_evolution = AX_PHI_EXACT;
        else if (strcmp(ev, "step") == 0)
            o->phi_evolution = AX_PHI_STEP;
        else
            return ax_fail(err, AX_EINPUT, "--phi-evolution %s: expected exact or step", ev);
    }
    o->fa_lines = cli_given(a, "--fa-lines");
    if (o->fa_lines && a->npos == 1 && strcmp(a->pos[0], "fig3") != 0)
        return ax_fail(err, AX_EINPUT, "--fa-lines is an option of fig3, not %s", a->pos[0]);
    if ((st = cli_limit_sources_parse(a, ls, err)))
        return st;
    o->limits = ls->src;
    return AX_OK;
}

/* A figure draws every limit, so a file of the user directories that does
 * not load is refused as `check` refuses it (docs/limits-format.md, "Your
 * own limits"): each named on stderr, exit 2, before anything is computed. */
static int limits_usable(const cli_limit_sources *ls, ax_error *err)
{
    if (ls->src.ndirs == 0)
        return AX_OK; /* the shipped library alone: the figure refuses a bad file */
    ax_limit_set set;
    int st = cli_limit_set_load_from(ls, 1, &set, err);
    if (!st)
        ax_limit_set_free(&set);
    return st;
}

/* ---- the record of a scan: every option and input that changes a number */

static int build_record(const char *figure, const ax_figure_opts *o, cJSON **rec,
                        ax_error *err)
{
    cJSON *r = cJSON_CreateObject();
    if (!r)
        return ax_fail(err, AX_ERUN, "out of memory");
    cJSON_AddStringToObject(r, "figure", figure);
    cJSON_AddNumberToObject(r, "points", (double)o->points);
    cJSON_AddNumberToObject(r, "f_phi", o->f_phi);
    /* the decay convention fixes the rate normalisation of sin^2 2theta */
    cJSON_AddStringToObject(r, "decay_convention", ax_decay_convention_name(o->convention));
    cJSON_AddStringToObject(r, "rate_normalisation",
                            cli_record_rate_normalisation(o->convention));
    cJSON_AddStringToObject(r, "phi_evolution",
                            o->phi_evolution == AX_PHI_STEP ? "step" : "exact");
    cJSON *lim = cJSON_AddObjectToObject(r, "limits");
    int st = lim ? cli_record_limits(&o->limits, lim, err) : ax_fail(err, AX_ERUN, "out of memory");
    /* the opacity: the analytic model, or a table (the shipped default or
     * --opacity FILE) by its path and content hash */
    if (!st)
        st = cli_record_opacity(r, o->opacity_file, err);
    cJSON_AddStringToObject(r, "axsterile_version", AX_VERSION);
    if (st) {
        cJSON_Delete(r);
        return st;
    }
    *rec = r;
    return AX_OK;
}

/* plot --from-data: options not given are taken from the scan's record;
 * options given must agree with it. Buffers keep the paths alive. */
typedef struct from_rec {
    char opacity[4096];
} from_rec;

/* Do the limit files of dir (NULL: the shipped library) have the hashes h? */
static int dir_has_hashes(const char *dir, const cJSON *h)
{
    char real[PATH_MAX];
    cJSON *mine;
    ax_error e2;
    if (cli_record_limit_dir(dir, real, &mine, &e2) != AX_OK)
        return 0;
    int same = cJSON_Compare(mine, h, 1);
    cJSON_Delete(mine);
    return same;
}

/* "DIR1 (the shipped library), DIR2" of a record's directories (one
 * string in a record of an earlier version), for a message. */
static void record_dirs(const cJSON *dirs, int only, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    if (cJSON_IsString(dirs)) {
        snprintf(out, n, "%s", dirs->valuestring);
        return;
    }
    const cJSON *d;
    cJSON_ArrayForEach(d, dirs) if (cJSON_IsString(d) && k < n)
        k += (size_t)snprintf(out + k, n - k, "%s%s%s", k ? ", " : "", d->valuestring,
                              k == 0 && !only ? " (the shipped library)" : "");
}

/* plot --from-data: the limit library of the scan's record. Chosen by
 * --limits, --limits-only or $AXSTERILE_LIMITS, it must be the recorded
 * one (the same files, directory by directory, in the same order);
 * otherwise ls is rebuilt from the record: the shipped library (or, if its
 * files changed since, the recorded copy) and each user directory at its
 * recorded path, each with its recorded content. what: the contradiction. */
static int limits_from_record(const cJSON *rlim, cli_limit_sources *ls, char *what,
                              size_t n, ax_error *err)
{
    const cJSON *only = cJSON_GetObjectItemCaseSensitive(rlim, "only");
    const cJSON *dirs = cJSON_GetObjectItemCaseSensitive(rlim, "dir");
    const cJSON *hashes = cJSON_GetObjectItemCaseSensitive(rlim, "sha256");
    /* a record of an earlier version: one directory, the whole library */
    int legacy = cJSON_IsString(dirs) && cJSON_IsObject(hashes);
    int nd = cJSON_GetArraySize(dirs);
    if (!legacy && !(cJSON_IsBool(only) && cJSON_IsArray(dirs) && cJSON_IsArray(hashes) &&
                     cJSON_GetArraySize(hashes) == nd))
        return ax_fail(err, AX_EINPUT, "the record's \"limits\" is damaged; expected \"only\", "
                       "and \"dir\" and \"sha256\" arrays of one length");
    char used[1100];
    record_dirs(dirs, cJSON_IsTrue(only), used, sizeof used);
    if (ls->given) {
        cJSON *mine = cJSON_CreateObject();
        int st = mine ? cli_record_limits(&ls->src, mine, err) : ax_fail(err, AX_ERUN, "out of memory");
        const cJSON *mh = cJSON_GetObjectItemCaseSensitive(mine, "sha256");
        int same = legacy ? cJSON_GetArraySize(mh) == 1 &&
                                cJSON_Compare(cJSON_GetArrayItem(mh, 0), hashes, 1)
                          : cJSON_Compare(mh, hashes, 1) && cJSON_IsTrue(only) == ls->src.only;
        cJSON_Delete(mine);
        if (!st && !same)
            snprintf(what, n, "the limit library of --limits, --limits-only and "
                     "$AXSTERILE_LIMITS (the scan used the limit directories %.1000s)", used);
        return st;
    }
    int ok = 1, st;
    if (legacy) { /* the recorded directory alone, else the shipped library */
        if (dir_has_hashes(dirs->valuestring, hashes)) {
            ls->src.only = 1;
            if ((st = cli_limit_sources_add(ls, dirs->valuestring, err)))
                return st;
        } else {
            ok = dir_has_hashes(NULL, hashes);
        }
    } else {
        ls->src.only = cJSON_IsTrue(only);
    }
    for (int i = 0; !legacy && ok && i < nd; i++) {
        const cJSON *d = cJSON_GetArrayItem(dirs, i), *h = cJSON_GetArrayItem(hashes, i);
        if (!cJSON_IsString(d))
            ok = 0;
        else if (i == 0 && !cJSON_IsTrue(only) && dir_has_hashes(NULL, h))
            continue; /* the shipped library, unchanged */
        else if (!dir_has_hashes(d->valuestring, h))
            ok = 0;
        else if (i == 0 && !cJSON_IsTrue(only))
            ls->src.only = 1; /* the shipped library changed; its recorded copy is intact */
        if (ok && (st = cli_limit_sources_add(ls, d->valuestring, err)))
            return st;
    }
    if (!ok && !what[0])
        snprintf(what, n, "the limit library (the scan used %.1000s, whose files differ or "
                 "are gone)", used);
    return AX_OK;
}

/* A record as build_record writes it, or what is wrong with it ("f_phi:
 * expected ..."): --from-data takes its values, so a damaged one (a word
 * changed, a key dropped) is refused rather than read as a default. */
static const char *record_problem(const cJSON *rec)
{
    static const char *const KEYS[] = {"figure", "points", "f_phi", "decay_convention",
                                       "rate_normalisation", "phi_evolution", "limits",
                                       "opacity", "axsterile_version", NULL};
    if (!cJSON_IsObject(rec))
        return "expected an object";
    for (const cJSON *k = rec->child; k; k = k->next) {
        int known = 0;
        for (size_t i = 0; KEYS[i] && !known; i++)
            known = k->string && strcmp(k->string, KEYS[i]) == 0;
        if (!known)
            return "an unknown key";
    }
    const cJSON *fp = cJSON_GetObjectItemCaseSensitive(rec, "f_phi");
    if (!cJSON_IsNumber(fp) || !(fp->valuedouble >= 1e-100 && fp->valuedouble < 1))
        return "f_phi: expected a number from 1e-100 to below 1";
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(rec, "decay_convention");
    int rc;
    ax_error e2;
    if (!cJSON_IsString(cv) || ax_decay_convention_parse(cv->valuestring, &rc, &e2) != AX_OK)
        return "decay_convention: expected \"majorana\" or \"bh16-eq10\"";
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(rec, "phi_evolution");
    if (!cJSON_IsString(ev) ||
        (strcmp(ev->valuestring, "exact") != 0 && strcmp(ev->valuestring, "step") != 0))
        return "phi_evolution: expected \"exact\" or \"step\"";
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(rec, "limits");
    const cJSON *dirs = cJSON_GetObjectItemCaseSensitive(lim, "dir");
    const cJSON *hs = cJSON_GetObjectItemCaseSensitive(lim, "sha256");
    if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(lim, "only")) || !cJSON_IsArray(dirs) ||
        !cJSON_IsArray(hs) || cJSON_GetArraySize(dirs) != cJSON_GetArraySize(hs))
        return "limits: expected \"only\" (true or false), \"dir\" and \"sha256\" "
               "(arrays of one length)";
    for (const cJSON *d = dirs->child; d; d = d->next)
        if (!cJSON_IsString(d) || !d->valuestring[0])
            return "limits.dir: expected directory names";
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(rec, "opacity");
    if (cJSON_IsString(op) ? strcmp(op->valuestring, AX_OPACITY_ANALYTIC_NAME) != 0
                           : !(cJSON_IsObject(op) &&
                               cJSON_IsString(cJSON_GetObjectItemCaseSensitive(op, "file")) &&
                               cJSON_IsString(cJSON_GetObjectItemCaseSensitive(op, "sha256"))))
        return "opacity: expected \"analytic\" or {\"file\": ..., \"sha256\": ...}";
    return NULL;
}

static int opts_from_record(const cli_args *a, const char *dir, ax_figure_opts *o,
                            cli_limit_sources *ls, from_rec *keep, ax_error *err)
{
    char *rtext = NULL;
    int st = ax_scan_dir_record(dir, &rtext, err);
    if (st || !rtext)
        return st; /* a scan without a record (an older version): as given */
    cJSON *rec = cJSON_Parse(rtext);
    free(rtext);
    if (!rec)
        return ax_fail(err, AX_ERUN, "out of memory");
    const char *bad = record_problem(rec);
    if (bad) {
        cJSON_Delete(rec);
        return ax_fail(err, AX_EINPUT, "%s/scan.json: the record is damaged: %s; expected the "
                       "record a scan writes (docs/hardening.md)", dir, bad);
    }
    const cJSON *fp = cJSON_GetObjectItemCaseSensitive(rec, "f_phi");
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(rec, "decay_convention");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(rec, "phi_evolution");
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(rec, "limits");
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(rec, "opacity");
    char what[1400] = "";
    if (cJSON_IsNumber(fp)) {
        if (!cli_given(a, "--fphi"))
            o->f_phi = fp->valuedouble;
        else if (o->f_phi != fp->valuedouble)
            snprintf(what, sizeof what, "--fphi %s (the scan has f_phi = %.17g)",
                     cli_text(a, "--fphi"), fp->valuedouble);
    }
    if (!what[0] && cJSON_IsString(cv)) {
        int rc;
        ax_error e2;
        if (ax_decay_convention_parse(cv->valuestring, &rc, &e2) == AX_OK) {
            if ((cli_given(a, "--convention") || cli_given(a, "--majorana")) &&
                o->convention != rc)
                snprintf(what, sizeof what, "--convention %s (the scan used %s)",
                         ax_decay_convention_name(o->convention), cv->valuestring);
            o->convention = rc;
        }
    }
    if (!what[0] && cJSON_IsString(ev)) {
        int step = strcmp(ev->valuestring, "step") == 0;
        if (cli_given(a, "--phi-evolution") && step != (o->phi_evolution == AX_PHI_STEP))
            snprintf(what, sizeof what, "--phi-evolution %s (the scan used %s)",
                     cli_text(a, "--phi-evolution"), ev->valuestring);
        o->phi_evolution = step ? AX_PHI_STEP : AX_PHI_EXACT;
    }
    if (!what[0] && cJSON_IsObject(lim) &&
        (st = limits_from_record(lim, ls, what, sizeof what, err))) {
        cJSON_Delete(rec);
        return st;
    }
    o->limits = ls->src;
    if (!what[0] && op) {
        const cJSON *of = cJSON_GetObjectItemCaseSensitive(op, "file");
        const cJSON *oh = cJSON_GetObjectItemCaseSensitive(op, "sha256");
        int given_analytic =
            o->opacity_file && strcmp(o->opacity_file, AX_OPACITY_ANALYTIC_NAME) == 0;
        if (cJSON_IsString(op)) { /* the analytic model */
            if (o->opacity_file && !given_analytic)
                snprintf(what, sizeof what, "--opacity %s (the scan used the analytic opacity)",
                         o->opacity_file);
            else
                o->opacity_file = AX_OPACITY_ANALYTIC_NAME;
        } else if (given_analytic) {
            snprintf(what, sizeof what, "--opacity analytic (the scan used the table %.1000s)",
                     cJSON_IsString(of) ? of->valuestring : "?");
        } else {
            /* the table: as given, else where the scan found it, else the default */
            char def[4096];
            ax_error e2;
            const char *cand[3] = {o->opacity_file, NULL, NULL};
            if (!o->opacity_file) { /* the default first: it stays the default */
                if (ax_data_find(AX_OPACITY_DEFAULT_TABLE, def, sizeof def, &e2) == AX_OK)
                    cand[0] = def;
                cand[1] = cJSON_IsString(of) ? of->valuestring : NULL;
            }
            int ok = 0;
            for (int i = 0; i < 3 && !ok; i++) {
                char hex[65];
                if (cand[i] && cJSON_IsString(oh) && ax_sha256_file(cand[i], hex, &e2) == AX_OK &&
                    strcmp(hex, oh->valuestring) == 0) {
                    ok = 1;
                    if (!o->opacity_file && i == 1) {
                        snprintf(keep->opacity, sizeof keep->opacity, "%s", cand[i]);
                        o->opacity_file = keep->opacity;
                    }
                }
            }
            if (!ok)
                snprintf(what, sizeof what, "%s (the scan used the opacity table %.1000s, "
                         "whose content differs or is gone)",
                         o->opacity_file ? "--opacity" : "the opacity table",
                         cJSON_IsString(of) ? of->valuestring : "?");
        }
    }
    cJSON_Delete(rec);
    if (what[0])
        return ax_fail(err, AX_EINPUT, "%s contradicts the scan in %s; leave the option out "
                       "(the scan's record in %s/scan.json gives it) or plot a scan made with "
                       "it",
                       what, dir, dir);
    return AX_OK;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int add_files(cJSON *out, const ax_scan *s, ax_error *err)
{
    cJSON *files = cJSON_AddArrayToObject(out, "files");
    if (!files)
        return ax_fail(err, AX_ERUN, "out of memory");
    for (size_t i = 0; i < s->ntables; i++)
        cJSON_AddItemToArray(files, cJSON_CreateString(s->tables[i].file));
    cJSON_AddItemToArray(files, cJSON_CreateString(AX_SCAN_MANIFEST));
    return AX_OK;
}

/* Rows left empty because a solve failed: say so (stderr) and count them.
 * A scan read back knows only that rows are empty, not why. */
static void report_gaps(const ax_scan *s, cJSON *out)
{
    cJSON_AddNumberToObject(out, "gaps", (double)s->ngaps);
    if (s->ngaps && s->gap_msg[0])
        fprintf(stderr, "axsterile: note: %zu rows have no value because the solve failed "
                        "there (gaps in the curves); the first: %s\n", s->ngaps, s->gap_msg);
    else if (s->ngaps)
        fprintf(stderr, "axsterile: note: %zu rows of the scan read back have no value "
                        "(masked windows of limits, or solves that failed in the scan)\n",
                s->ngaps);
}

/* `axsterile scan|plot --help`: the figures of the registry, one per
 * entry, the summary wrapped under its name. */
static void print_figures(void)
{
    const size_t width = 70; /* of a summary line, after the name column */
    printf("figures:\n");
    for (size_t i = 0; i < ax_figure_count(); i++) {
        const char *t = ax_figure_summary_at(i);
        for (int first = 1; *t; first = 0) {
            size_t n = strlen(t), cut = n;
            if (n > width) { /* break at the last space that fits */
                for (cut = width; cut > 0 && t[cut] != ' '; cut--)
                    ;
                if (cut == 0)
                    cut = n;
            }
            printf("  %-6s %.*s\n", first ? ax_figure_name_at(i) : "", (int)cut, t);
            for (t += cut; *t == ' '; t++)
                ;
        }
    }
    printf("\n");
}

/* "axsterile CMD fig1|fig2|fig3 REST": a usage line with the registry's
 * figures (buf holds it; the CLI is single-threaded here). */
static const char *usage_line(char *buf, size_t len, const char *cmd, const char *rest)
{
    size_t k = (size_t)snprintf(buf, len, "axsterile %s ", cmd);
    for (size_t i = 0; i < ax_figure_count() && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? "|" : "", ax_figure_name_at(i));
    if (k < len)
        snprintf(buf + k, len - k, " %s", rest);
    return buf;
}

static const char *scan_usage(void)
{
    static char buf[256];
    return usage_line(buf, sizeof buf, "scan", "-o DIR [--points N] [--shard K/N] [flags] [--json]");
}

static const char *plot_usage(void)
{
    static char buf[256];
    return usage_line(buf, sizeof buf, "plot", "-o DIR [--format png|pdf|svg] [--no-render] "
                                               "[--from-data] [flags] [--json]");
}

static int need_figure(const cli_args *a, const char *cmd, ax_error *err)
{
    if (a->npos != 1) {
        char names[256];
        ax_figure_names(names, sizeof names);
        return ax_fail(err, AX_EINPUT, "%s needs one figure name: %s", cmd, names);
    }
    if (!cli_given(a, "-o"))
        return ax_fail(err, AX_EINPUT, "-o DIR is required (the output directory)");
    return AX_OK;
}

/* Text output: what was written where (the file list only with --json). */
static void print_summary(const cJSON *out)
{
    const cJSON *fig = cJSON_GetObjectItemCaseSensitive(out, "figure");
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(out, "dir");
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(out, "files");
    const cJSON *shard = cJSON_GetObjectItemCaseSensitive(out, "shard");
    const cJSON *script = cJSON_GetObjectItemCaseSensitive(out, "script");
    const cJSON *image = cJSON_GetObjectItemCaseSensitive(out, "image");
    const cJSON *wall = cJSON_GetObjectItemCaseSensitive(out, "wall_s");
    const cJSON *gaps = cJSON_GetObjectItemCaseSensitive(out, "gaps");
    if (!cJSON_IsString(fig)) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(out, "shards");
        printf("merged %d shards into %s\n", cJSON_IsNumber(n) ? n->valueint : 0,
               cJSON_IsString(dir) ? dir->valuestring : "?");
        return;
    }
    printf("%s: %d data files in %s", fig->valuestring,
           cJSON_GetArraySize(files), cJSON_IsString(dir) ? dir->valuestring : "?");
    if (cJSON_IsString(shard) && strcmp(shard->valuestring, "1/1") != 0)
        printf(" (shard %s)", shard->valuestring);
    if (cJSON_IsNumber(wall))
        printf(", %.2f s", wall->valuedouble);
    printf("\n");
    if (cJSON_IsNumber(gaps) && gaps->valuedouble > 0)
        printf("  %.0f rows without a value (see the note above)\n", gaps->valuedouble);
    if (cJSON_IsString(script))
        printf("  script: %s\n", script->valuestring);
    if (cJSON_IsString(image))
        printf("  image:  %s\n", image->valuestring);
}

/* ---- scan ---------------------------------------------------------------- */

static const cli_flag SCAN_FLAGS[] = {
    FIGURE_FLAGS,
    {"--shard", CLI_STRING, AX_DIM_NONE, 0, "K/N",
     "compute only shard K of N (for job arrays; join with axsterile merge)"},
};

static int scan_with(const cli_args *a, cJSON *out, cli_limit_sources *ls, ax_error *err)
{
    int st = need_figure(a, "scan", err);
    if (st)
        return st;
    ax_figure_opts o;
    if ((st = figure_opts(a, &o, ls, err)) || (st = limits_usable(ls, err)))
        return st;
    ax_scan_shard sh = {1, 1};
    if (cli_given(a, "--shard") && (st = ax_scan_shard_parse(cli_text(a, "--shard"), &sh, err)))
        return st;
    /* before the computation: can the output be written at all? */
    if ((st = ax_output_dir_check(cli_text(a, "-o"), err)))
        return ax_error_context(err, "-o");
    cJSON *rec = NULL;
    if ((st = build_record(a->pos[0], &o, &rec, err)))
        return st;
    double t0 = wall_now();
    ax_figure *fig;
    if ((st = ax_figure_create(a->pos[0], &o, &fig, err))) {
        cJSON_Delete(rec);
        return st;
    }
    ax_scan *s = ax_figure_scan(fig);
    if (rec) {
        char *rt = cJSON_PrintUnformatted(rec);
        cJSON_Delete(rec);
        st = rt ? ax_scan_set_record(s, rt, err) : ax_fail(err, AX_ERUN, "out of memory");
        cJSON_free(rt);
        if (st) {
            ax_figure_free(fig);
            return st;
        }
    }
    s->progress = 1;
    st = ax_scan_run(s, sh, err);
    if (!st)
        st = ax_scan_write(s, cli_text(a, "-o"), err);
    if (!st) {
        char shard[32];
        snprintf(shard, sizeof shard, "%d/%d", sh.k, sh.n);
        cJSON_AddStringToObject(out, "figure", ax_figure_name(fig));
        cJSON_AddStringToObject(out, "dir", cli_text(a, "-o"));
        cJSON_AddStringToObject(out, "shard", shard);
        cJSON_AddStringToObject(out, "decay_convention", ax_decay_convention_name(o.convention));
        cJSON_AddNumberToObject(out, "tables", (double)s->ntables);
        cJSON_AddNumberToObject(out, "rows", (double)ax_scan_rows(s));
        report_gaps(s, out);
        st = add_files(out, s, err);
        if (!st)
            st = cli_json_num(out, "wall_s", wall_now() - t0, err);
    }
    ax_figure_free(fig);
    return st;
}

static int run_scan(const cli_args *a, cJSON *out, ax_error *err)
{
    cli_limit_sources ls;
    memset(&ls, 0, sizeof ls);
    int st = scan_with(a, out, &ls, err);
    cli_limit_sources_free(&ls);
    return st;
}

const cli_command cli_cmd_scan = {
    .name = "scan",
    .summary = "compute a figure's curves into CSV files (whole or one shard)",
    .description =
        "Computes every curve and band of a figure (listed below) into CSV files in DIR\n"
        "(a '#' header with provenance and the units of each column), plus " AX_SCAN_MANIFEST
        ".\n"
        "Rows are computed on all cores (OpenMP; OMP_NUM_THREADS to limit). With\n"
        "--shard K/N only the K-th of N blocks of every table is computed, so a scan can\n"
        "run as a job array (Slurm: #SBATCH --array=1-N and --shard $SLURM_ARRAY_TASK_ID/N);\n"
        "join the shard directories with `axsterile merge -o DIR`, then draw them with\n"
        "`axsterile plot <fig> -o DIR --from-data`. Files appear only when complete.\n"
        "The limit library is that of `check`: --limits DIR and $AXSTERILE_LIMITS add to\n"
        "the shipped one; a limit file there that does not load is an error (exit 2).",
    .flags = SCAN_FLAGS,
    .nflags = sizeof SCAN_FLAGS / sizeof SCAN_FLAGS[0],
    .max_positional = 1,
    .run = run_scan,
    .print_text = print_summary,
    .make_usage = scan_usage,
    .print_help_more = print_figures,
};

/* ---- plot ---------------------------------------------------------------- */

static const cli_flag PLOT_FLAGS[] = {
    FIGURE_FLAGS,
    {"--format", CLI_STRING, AX_DIM_NONE, 0, "png|pdf|svg", "image format (default png)"},
    {"--size", CLI_STRING, AX_DIM_NONE, 0, "single|double|WxH",
     "page size: one journal column (3.4 in wide), two (7 in, default) or W x H inches "
     "(H 0: from the key); fonts and markers follow"},
    {"--no-render", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "write the data and the gnuplot script only"},
    {"--from-data", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "plot the scan already in DIR (e.g. `merge -o DIR` of a sharded scan) instead of "
     "computing it; give the options of the scan"},
};

static int plot_with(const cli_args *a, cJSON *out, cli_limit_sources *ls, ax_error *err)
{
    int st = need_figure(a, "plot", err);
    if (st)
        return st;
    ax_figure_opts o;
    if ((st = figure_opts(a, &o, ls, err)))
        return st;
    ax_plot_format fmt = AX_PLOT_PNG;
    if (cli_given(a, "--format") && (st = ax_plot_format_parse(cli_text(a, "--format"), &fmt, err)))
        return ax_error_context(err, "--format");
    ax_plot size; /* --size, checked before anything is computed */
    ax_plot_init(&size, "size");
    if (cli_given(a, "--size") && (st = ax_plot_size_parse(cli_text(a, "--size"), &size, err)))
        return st;
    const char *dir = cli_text(a, "-o");
    int from_data = cli_given(a, "--from-data");
    from_rec keep;
    /* --from-data without --points: the points of the scan in DIR */
    if (from_data && !cli_given(a, "--points") &&
        (st = ax_scan_dir_points(dir, &o.points, err)))
        return st;
    if (from_data && (st = opts_from_record(a, dir, &o, ls, &keep, err)))
        return st;
    if ((st = limits_usable(ls, err)))
        return st;
    /* before the computation: can the output be written at all? */
    if ((st = ax_output_dir_check(dir, err)))
        return ax_error_context(err, "-o");
    cJSON *rec = NULL;
    if (!from_data && (st = build_record(a->pos[0], &o, &rec, err)))
        return st;
    double t0 = wall_now();
    ax_figure *fig;
    if ((st = from_data ? ax_figure_load(a->pos[0], &o, dir, &fig, err)
                        : ax_figure_create(a->pos[0], &o, &fig, err))) {
        cJSON_Delete(rec);
        return st;
    }
    ax_scan *s = ax_figure_scan(fig);
    if (rec) {
        char *rt = cJSON_PrintUnformatted(rec);
        cJSON_Delete(rec);
        st = rt ? ax_scan_set_record(s, rt, err) : ax_fail(err, AX_ERUN, "out of memory");
        cJSON_free(rt);
        if (st) {
            ax_figure_free(fig);
            return st;
        }
    }
    s->progress = 1;
    ax_scan_shard whole = {1, 1};
    ax_plot p;
    ax_plot_init(&p, a->pos[0]);
    p.size = size.size;
    p.width_in = size.width_in;
    p.height_in = size.height_in;
    if (!from_data)
        st = ax_scan_run(s, whole, err);
    /* every file of the figure (data, script, image) is written into a new
     * version of DIR, published in one step at the end */
    ax_dirpub pub;
    int begun = 0;
    if (!st && !(st = ax_dirpub_begin(&pub, dir, err)))
        begun = 1;
    if (!st && !from_data)
        st = ax_scan_write_files(s, pub.tmp, err);
    if (!st)
        st = ax_figure_plot(fig, &p, err);
    if (!st)
        st = ax_plot_write(&p, pub.tmp, fmt, err);
    double t_script = wall_now() - t0;
    int rendered = 0;
    if (!st && !cli_given(a, "--no-render")) {
        if (ax_plot_gnuplot_available()) {
            st = ax_plot_render(&p, pub.tmp, fmt, err);
            rendered = st == AX_OK;
        } else {
            fprintf(stderr, "axsterile plot: gnuplot is not installed, so %s/%s.gp was "
                            "written but not rendered.\nInstall it with: sudo apt-get "
                            "install gnuplot-nox   (then: cd %s && gnuplot %s.gp)\n",
                    dir, p.name, dir, p.name);
        }
    }
    if (begun) {
        if (!st)
            st = ax_dirpub_commit(&pub, err);
        else
            ax_dirpub_abort(&pub);
    }
    if (!st) {
        char path[4096];
        cJSON_AddStringToObject(out, "figure", p.name);
        cJSON_AddStringToObject(out, "dir", dir);
        cJSON_AddStringToObject(out, "decay_convention", ax_decay_convention_name(o.convention));
        snprintf(path, sizeof path, "%s/%s.gp", dir, p.name);
        cJSON_AddStringToObject(out, "script", path);
        if (rendered) {
            snprintf(path, sizeof path, "%s/%s.%s", dir, p.name, ax_plot_format_ext(fmt));
            cJSON_AddStringToObject(out, "image", path);
        } else {
            cJSON_AddNullToObject(out, "image");
        }
        cJSON_AddBoolToObject(out, "rendered", rendered);
        cJSON_AddNumberToObject(out, "curves", (double)p.ncurves);
        report_gaps(s, out);
        st = add_files(out, s, err);
        if (!st)
            st = cli_json_num(out, "data_and_script_wall_s", t_script, err);
        if (!st)
            st = cli_json_num(out, "wall_s", wall_now() - t0, err);
    }
    ax_plot_free(&p);
    ax_figure_free(fig);
    return st;
}

static int run_plot(const cli_args *a, cJSON *out, ax_error *err)
{
    cli_limit_sources ls;
    memset(&ls, 0, sizeof ls);
    int st = plot_with(a, out, &ls, err);
    cli_limit_sources_free(&ls);
    return st;
}

const cli_command cli_cmd_plot = {
    .name = "plot",
    .summary = "draw a figure: data, gnuplot script and image",
    .description =
        "Computes a figure (listed below) as `axsterile scan` does, writes DIR/<fig>.gp --\n"
        "a commented gnuplot script with one block per curve, each naming its source --\n"
        "next to its CSV data, and renders DIR/<fig>.png (or pdf, svg) with gnuplot when\n"
        "it is installed. Edit the script and run `gnuplot <fig>.gp` in DIR to restyle.\n"
        "--from-data draws the scan already in DIR (an unsharded `scan`, or the shards\n"
        "joined by `merge -o DIR`) without computing anything; the options and the limit\n"
        "library not given are taken from the scan's record, those given must agree.",
    .flags = PLOT_FLAGS,
    .nflags = sizeof PLOT_FLAGS / sizeof PLOT_FLAGS[0],
    .max_positional = 1,
    .run = run_plot,
    .print_text = print_summary,
    .make_usage = plot_usage,
    .print_help_more = print_figures,
};

/* ---- merge --------------------------------------------------------------- */

static const cli_flag MERGE_FLAGS[] = {
    {"-o", CLI_STRING, AX_DIM_NONE, 0, "DIR", "output directory (required; created)"},
};

static int run_merge(const cli_args *a, cJSON *out, ax_error *err)
{
    if (!cli_given(a, "-o"))
        return ax_fail(err, AX_EINPUT, "-o DIR is required (the output directory)");
    if (a->npos < 1)
        return ax_fail(err, AX_EINPUT, "merge needs the shard directories to join");
    int st = ax_output_dir_check(cli_text(a, "-o"), err);
    if (st)
        return ax_error_context(err, "-o");
    /* the shards of a grid scan (`scan grid`) hold grid.json */
    st = ax_grid_dir_is_grid(a->pos[0])
             ? ax_grid_merge(cli_text(a, "-o"), a->pos, (size_t)a->npos, err)
             : ax_scan_merge(cli_text(a, "-o"), a->pos, (size_t)a->npos, err);
    if (st)
        return st;
    cJSON_AddStringToObject(out, "dir", cli_text(a, "-o"));
    cJSON_AddNumberToObject(out, "shards", a->npos);
    return AX_OK;
}

const cli_command cli_cmd_merge = {
    .name = "merge",
    .summary = "join the shard directories of a sharded scan",
    .usage = "axsterile merge -o DIR SHARD_DIR... [--json]",
    .description =
        "Joins the directories written by `axsterile scan ... --shard K/N` (K = 1..N,\n"
        "in any order) into DIR, giving the same files, byte for byte, as one unsharded\n"
        "scan. Refuses shards of different scans, a missing or repeated shard, or a\n"
        "shard file that does not hold the rows its manifest announces.",
    .flags = MERGE_FLAGS,
    .nflags = sizeof MERGE_FLAGS / sizeof MERGE_FLAGS[0],
    .max_positional = CLI_MAX_POS,
    .run = run_merge,
    .print_text = print_summary,
};
