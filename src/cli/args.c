/* args.c -- flag parsing and --help for every command (see cli.h). */
#include "cli.h"

#include "axsterile/decay.h"
#include "axsterile/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const cli_flag *cli_flags_of(const cli_command *cmd, int *nflags)
{
    if (cmd->make_flags)
        return cmd->make_flags(nflags);
    *nflags = cmd->nflags;
    return cmd->flags;
}

const char *cli_usage_of(const cli_command *cmd)
{
    return cmd->make_usage ? cmd->make_usage() : cmd->usage;
}

static void print_help(const cli_command *cmd)
{
    printf("usage: %s\n\n%s\n\n", cli_usage_of(cmd), cmd->description);
    if (cmd->print_help_more)
        cmd->print_help_more();
    printf("flags:\n");
    int nflags;
    const cli_flag *flags = cli_flags_of(cmd, &nflags);
    for (int i = 0; i < nflags; i++) {
        const cli_flag *f = &flags[i];
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", f->name, f->meta ? " " : "",
                 f->meta ? f->meta : "");
        printf("  %-24s %s", left, f->help);
        if (f->kind == CLI_QUANTITY)
            printf(" [units: %s]", ax_units_accepted(f->dim));
        printf("\n");
    }
    printf("  %-24s %s\n", "--json", "print the result as one JSON object");
    printf("  %-24s %s\n", "--help", "show this help");
}

static int find_flag(const cli_args *a, const char *name, size_t len)
{
    for (int i = 0; i < a->nflags; i++)
        if (strlen(a->flags[i].name) == len && strncmp(a->flags[i].name, name, len) == 0)
            return i;
    return -1;
}

static int parse_value(const cli_flag *f, const char *text, double *out, ax_error *err)
{
    if (f->kind == CLI_STRING || f->kind == CLI_STRINGS || f->kind == CLI_BOOL)
        return AX_OK;
    ax_dim dim = f->kind == CLI_NUMBER ? AX_DIM_NONE : f->dim;
    int st = ax_units_parse(text, dim, f->units_flags, out, err);
    if (st != AX_OK)
        return ax_error_context(err, "%s", f->name);
    return AX_OK;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a, ax_error *err)
{
    memset(a, 0, sizeof *a);
    a->flags = cli_flags_of(cmd, &a->nflags);
    for (int i = 0; i < argc; i++) {
        const char *w = argv[i];
        if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0) {
            print_help(cmd);
            return AX_HELP_SHOWN;
        }
        if (strcmp(w, "--json") == 0) {
            a->json = 1;
            continue;
        }
        /* flags are "--name"; a command may also declare a short "-o" */
        int flag_word = strncmp(w, "--", 2) == 0 && strcmp(w, "--") != 0;
        if (!flag_word && w[0] == '-' && w[1] != '-' && w[1] != '\0') {
            const char *eq0 = strchr(w, '=');
            flag_word = find_flag(a, w, eq0 ? (size_t)(eq0 - w) : strlen(w)) >= 0;
        }
        if (!flag_word) {
            if (w[0] == '-' && w[1] != '\0' && w[1] != '.' && (w[1] < '0' || w[1] > '9'))
                return ax_fail(err, AX_EINPUT,
                               "unknown option '%s' for '%s'; see 'axsterile %s --help'", w,
                               cmd->name, cmd->name);
            if (a->npos >= cmd->max_positional || a->npos >= CLI_MAX_POS)
                return ax_fail(err, AX_EINPUT,
                               "unexpected argument '%s' for '%s'; see 'axsterile %s --help'",
                               w, cmd->name, cmd->name);
            a->pos[a->npos++] = w;
            continue;
        }
        const char *eq = strchr(w, '=');
        size_t len = eq ? (size_t)(eq - w) : strlen(w);
        int k = find_flag(a, w, len);
        if (k < 0)
            return ax_fail(err, AX_EINPUT,
                           "unknown flag '%.*s' for '%s'; see 'axsterile %s --help'",
                           (int)len, w, cmd->name, cmd->name);
        const cli_flag *f = &a->flags[k];
        if (a->given[k] && f->kind != CLI_STRINGS)
            return ax_fail(err, AX_EINPUT, "%s given twice", f->name);
        a->given[k] = 1;
        if (f->kind == CLI_BOOL) {
            if (eq)
                return ax_fail(err, AX_EINPUT, "%s takes no value", f->name);
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc)
                return ax_fail(err, AX_EINPUT, "%s needs a value (%s)", f->name,
                               f->meta ? f->meta : "VALUE");
            val = argv[++i];
        }
        a->text[k] = val;
        if (f->kind == CLI_STRINGS) {
            if (a->nrep >= CLI_MAX_REPEAT)
                return ax_fail(err, AX_EINPUT, "%s: at most %d words for repeatable flags", f->name,
                               CLI_MAX_REPEAT);
            a->rep_text[a->nrep] = val;
            a->rep_flag[a->nrep++] = k;
        }
        int st = parse_value(f, val, &a->value[k], err);
        if (st != AX_OK)
            return st;
    }
    return AX_OK;
}

static int index_of(const cli_args *a, const char *name)
{
    for (int i = 0; i < a->nflags; i++)
        if (strcmp(a->flags[i].name, name) == 0)
            return i;
    return -1;
}

int cli_given(const cli_args *a, const char *name)
{
    int k = index_of(a, name);
    return k >= 0 && a->given[k];
}

const char *cli_text(const cli_args *a, const char *name)
{
    int k = index_of(a, name);
    return (k >= 0 && a->given[k]) ? a->text[k] : NULL;
}

double cli_value(const cli_args *a, const char *name, double fallback)
{
    int k = index_of(a, name);
    return (k >= 0 && a->given[k]) ? a->value[k] : fallback;
}

int cli_texts(const cli_args *a, const char *name, const char **out, int max)
{
    int k = index_of(a, name), n = 0;
    for (int i = 0; k >= 0 && i < a->nrep; i++)
        if (a->rep_flag[i] == k && n < max)
            out[n++] = a->rep_text[i];
    return n;
}

int cli_require_one(const cli_args *a, const char *f1, const char *f2, ax_error *err)
{
    int g1 = cli_given(a, f1), g2 = cli_given(a, f2);
    if (g1 && g2)
        return ax_fail(err, AX_EINPUT, "give either %s or %s, not both", f1, f2);
    if (!g1 && !g2)
        return ax_fail(err, AX_EINPUT, "one of %s or %s is required", f1, f2);
    return AX_OK;
}

int cli_convention(const cli_args *a, int *convention, ax_error *err)
{
    *convention = AX_DECAY_DEFAULT;
    const char *c = cli_text(a, "--convention");
    if (!c)
        return AX_OK;
    int st = ax_decay_convention_parse(c, convention, err);
    if (st)
        return ax_error_context(err, "--convention");
    if (*convention != AX_DECAY_MAJORANA && cli_given(a, "--majorana"))
        return ax_fail(err, AX_EINPUT, "--majorana contradicts --convention %s; give one of them",
                       c);
    return AX_OK;
}

int cli_json_num(cJSON *obj, const char *key, double v, ax_error *err)
{
    return ax_json_add_number(obj, key, v, err);
}

static void print_flat_prefixed(const cJSON *obj, const char *prefix)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        char key[256];
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", it->string);
        if (cJSON_IsObject(it)) {
            print_flat_prefixed(it, key);
        } else if (cJSON_IsNumber(it)) {
            printf("%-28s %.6g\n", key, it->valuedouble);
        } else if (cJSON_IsString(it)) {
            printf("%-28s %s\n", key, it->valuestring);
        } else if (cJSON_IsBool(it)) {
            printf("%-28s %s\n", key, cJSON_IsTrue(it) ? "true" : "false");
        } else {
            char *s = cJSON_PrintUnformatted(it);
            printf("%-28s %s\n", key, s ? s : "?");
            cJSON_free(s);
        }
    }
}

void cli_print_flat(const cJSON *out)
{
    print_flat_prefixed(out, "");
}

int cli_refuse_unused(const cli_args *a, const char *const *used, const char *what,
                      ax_error *err)
{
    for (int i = 0; i < a->nflags; i++) {
        if (!a->given[i])
            continue;
        int ok = 0;
        for (const char *const *u = used; *u && !ok; u++)
            ok = strcmp(*u, a->flags[i].name) == 0;
        if (!ok) {
            char list[256] = "";
            size_t k = 0;
            for (const char *const *u = used; *u; u++) {
                int w = snprintf(list + k, sizeof list - k, "%s%s", k ? ", " : "", *u);
                if (w < 0 || (size_t)w >= sizeof list - k)
                    break;
                k += (size_t)w;
            }
            return ax_fail(err, AX_EINPUT, "%s does not use %s (it would be ignored); its "
                           "options are: %s", what, a->flags[i].name, k ? list : "none");
        }
    }
    return AX_OK;
}
