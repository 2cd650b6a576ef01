/*
 * cli.h -- the command-line front end: flag parsing, output, commands.
 * Parsing and printing only; all physics lives in the library.
 *
 * Every command declares its flags in a cli_flag table; cli_parse() checks
 * them (unknown flags, missing values, units) and prints --help. A command's
 * run() fills a cJSON object with its results; main prints it as JSON with
 * --json or as aligned "key  value" lines otherwise, so that nothing is
 * printed before the computation has succeeded.
 */
#ifndef AXSTERILE_CLI_H
#define AXSTERILE_CLI_H

#include <cjson/cJSON.h>

#include "axsterile/error.h"
#include "axsterile/limits.h"
#include "axsterile/units.h"

#define CLI_MAX_FLAGS 64
#define CLI_MAX_POS 64
#define CLI_MAX_REPEAT 32   /* words of all CLI_STRINGS flags together */

/* Exit status of a command whose point is excluded (AX_EXCLUDED): 0, 1
 * and 2 are AX_OK, AX_ERUN and AX_EINPUT. cli_parse returns AX_HELP_SHOWN
 * after printing --help (exit 0 at once). */
#define CLI_EXIT_EXCLUDED 3

typedef enum cli_kind {
    CLI_BOOL,      /* --flag */
    CLI_STRING,    /* --flag WORD */
    CLI_NUMBER,    /* --flag 0.01 (dimensionless, finite) */
    CLI_QUANTITY,  /* --flag 7.1keV (with a unit of `dim`) */
    CLI_STRINGS    /* --flag WORD, repeatable: every word is kept, in order */
} cli_kind;

typedef struct cli_flag {
    const char *name;   /* "--ms" */
    cli_kind kind;
    ax_dim dim;         /* CLI_QUANTITY: dimension */
    int units_flags;    /* AX_UNITS_POSITIVE, ... for QUANTITY and NUMBER */
    const char *meta;   /* "MASS", "FILE" ... for help */
    const char *help;
} cli_flag;

typedef struct cli_args {
    const cli_flag *flags;
    int nflags;
    int given[CLI_MAX_FLAGS];
    const char *text[CLI_MAX_FLAGS];
    double value[CLI_MAX_FLAGS];  /* parsed NUMBER / QUANTITY (internal units) */
    const char *pos[CLI_MAX_POS]; /* positional words */
    const char *rep_text[CLI_MAX_REPEAT]; /* CLI_STRINGS words, in order */
    int rep_flag[CLI_MAX_REPEAT];         /* ... and the flag of each */
    int nrep;
    int npos;
    int json;                      /* --json given */
} cli_args;

typedef struct cli_command {
    const char *name;
    const char *summary;          /* one line, for `axsterile --help` */
    const char *usage;            /* "axsterile cosmo --T TEMP [--json]" */
    const char *description;      /* paragraph for `axsterile CMD --help` */
    const cli_flag *flags;
    int nflags;
    int max_positional;           /* how many positional words it takes */
    int (*run)(const cli_args *a, cJSON *out, ax_error *err);
    /* Optional text printer; NULL prints the flat keys of `out`. */
    void (*print_text)(const cJSON *out);
    /* Optional, for tables generated at run time (the model flags): when
     * set they replace flags/nflags and usage. */
    const cli_flag *(*make_flags)(int *nflags);
    const char *(*make_usage)(void);
    /* Optional: a run that leaves a result struct for a text printer that
     * reads the struct (not the JSON back): run_result fills `out` and
     * *result; print_result prints it; free_result releases it. */
    int (*run_result)(const cli_args *a, cJSON *out, void **result, ax_error *err);
    void (*print_result)(const void *result);
    void (*free_result)(void *result);
    /* Optional: help printed after the description (e.g. the list of
     * figures `scan` and `plot` take, from the library's registry). */
    void (*print_help_more)(void);
} cli_command;

/* The flag table and usage of a command (generated ones when it has them). */
const cli_flag *cli_flags_of(const cli_command *cmd, int *nflags);
const char *cli_usage_of(const cli_command *cmd);

/* Parse argv (after the command word). Returns AX_OK, AX_HELP_SHOWN or
 * AX_EINPUT with a message naming the flag. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a,
              ax_error *err);

/* Accessors; `name` must be in the command's table. */
int cli_given(const cli_args *a, const char *name);
const char *cli_text(const cli_args *a, const char *name);
double cli_value(const cli_args *a, const char *name, double fallback);

/* Every word given to a CLI_STRINGS flag, in order: up to max into out;
 * returns how many. */
int cli_texts(const cli_args *a, const char *name, const char **out, int max);

/* Require exactly one of two flags (e.g. --sin2 and --dm-fixed). */
int cli_require_one(const cli_args *a, const char *f1, const char *f2,
                    ax_error *err);

/* The decay-normalisation flags every command that prints a mixing angle
 * takes, and the convention they select (AX_DECAY_DEFAULT, the Majorana
 * width, unless --convention bh16-eq10; docs/physics.md section 6). */
#define CLI_CONVENTION_FLAGS                                                                \
    {"--convention", CLI_STRING, AX_DIM_NONE, 0, "majorana|bh16-eq10",                      \
     "decay normalisation of sin^2 2theta: majorana (1024 pi^4, as X-ray papers state "     \
     "their limits; default) or bh16-eq10 (BH16 eq. 10, 2048 pi^4)"},                       \
    {"--majorana", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                          \
     "same as --convention majorana (the default; kept for older scripts)"}
int cli_convention(const cli_args *a, int *convention, ax_error *err);

/* Refuse (AX_EINPUT) any flag given that is not in `used` (NULL-ended):
 * a flag a sub-command or mode ignores is an error, never silently dropped.
 * `what` names the command in the message ("limits list"). */
int cli_refuse_unused(const cli_args *a, const char *const *used, const char *what,
                      ax_error *err);

/* Add a number to a JSON object, refusing NaN and inf (AX_ERUN naming key). */
int cli_json_num(cJSON *obj, const char *key, double v, ax_error *err);

/* Default printer: one "key  value" line per member (nested objects are
 * printed with dotted keys, arrays as JSON). */
void cli_print_flat(const cJSON *out);

/* Install the fault-injection hook when $AXSTERILE_FAULT is set (tests of
 * the failure paths only; error.h). Call once at start-up. */
void cli_install_fault_hook(void);

/* The limit library of a command: the shipped limits/, then the
 * directories of $AXSTERILE_LIMITS (colon-separated), then every
 * --limits DIR, later ones overriding earlier ones stem by stem;
 * --limits-only leaves out the shipped library and $AXSTERILE_LIMITS.
 * The command's flag table needs CLI_LIMITS_FLAGS. A file of a user
 * directory that does not load is, with strict = 0, a warning on stderr
 * (path and problem) and the command goes on without it; with strict = 1
 * an error naming every such file (docs/limits-format.md, "Your own
 * limits"). */
#define CLI_LIMITS_FLAGS                                                                    \
    {"--limits", CLI_STRINGS, AX_DIM_NONE, 0, "DIR",                                        \
     "add the limit files of DIR to the shipped library (repeatable; a file with the "     \
     "stem of a shipped one replaces it); also $AXSTERILE_LIMITS=DIR:DIR"},                \
    {"--limits-only", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                       \
     "use only the --limits directories (not the shipped library nor $AXSTERILE_LIMITS)"}

struct ax_limit_set;
int cli_limit_set_load(const cli_args *a, int strict, struct ax_limit_set *set, ax_error *err);

/* The same, in two steps, for a command that hands the sources on (the
 * figures: ax_figure_opts.limits). cli_limit_sources_parse reads
 * $AXSTERILE_LIMITS, --limits and --limits-only into ls (every directory
 * checked to exist); ls->src points into ls, which must stay where it is
 * until cli_limit_sources_free. ls->given: the library is not the shipped
 * one alone because of the command line or the environment.
 * cli_limit_sources_add appends a copy of dir (e.g. one read from a scan's
 * record). cli_limit_set_load_from loads and reports as cli_limit_set_load. */
#define CLI_LIMIT_MAX_DIRS (2 * CLI_MAX_REPEAT)
typedef struct cli_limit_sources {
    ax_limit_sources src;                    /* src.dirs = dirs */
    const char *dirs[CLI_LIMIT_MAX_DIRS];
    char *owned[CLI_LIMIT_MAX_DIRS];         /* the copies of cli_limit_sources_add */
    char *env;                               /* the copy of $AXSTERILE_LIMITS dirs point into */
    int given;
} cli_limit_sources;
int cli_limit_sources_parse(const cli_args *a, cli_limit_sources *ls, ax_error *err);
int cli_limit_sources_add(cli_limit_sources *ls, const char *dir, ax_error *err);
void cli_limit_sources_free(cli_limit_sources *ls);
int cli_limit_set_load_from(const cli_limit_sources *ls, int strict, struct ax_limit_set *set,
                            ax_error *err);

/* The commands (one file each in src/cli/). */
extern const cli_command cli_cmd_cosmo;
extern const cli_command cli_cmd_jfactor;
extern const cli_command cli_cmd_scan;
extern const cli_command cli_cmd_grid;
extern const cli_command cli_cmd_plot;
extern const cli_command cli_cmd_merge;
extern const cli_command cli_cmd_dw;
extern const cli_command cli_cmd_point;
extern const cli_command cli_cmd_check;
extern const cli_command cli_cmd_limits;

#endif /* AXSTERILE_CLI_H */
