/* main.c -- `axsterile <command> [flags]`: dispatch, printing, exit status.
 * Exit status: 0 success, 1 runtime failure, 2 bad usage or input,
 * 3 (check only) the model point is excluded. */
#include "cli.h"

#include "axsterile/version.h"

#include "axsterile/io.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Every command, in the order `axsterile --help` lists them. */
static const cli_command *const COMMANDS[] = {
    &cli_cmd_cosmo,
    &cli_cmd_jfactor,
    &cli_cmd_scan,
    &cli_cmd_plot,
    &cli_cmd_merge,
    &cli_cmd_dw,
    &cli_cmd_point,
    &cli_cmd_check,
    &cli_cmd_limits,
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_usage(FILE *fp)
{
    fprintf(fp,
            "axsterile %s -- axion-assisted sterile-neutrino dark matter\n"
            "(production, decays, and X-/gamma-ray line limits; Berlin & Hooper,\n"
            "arXiv:1610.03852)\n\n"
            "usage: axsterile <command> [flags]\n"
            "       axsterile <command> --help\n"
            "       axsterile --version\n\ncommands:\n",
            AX_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fprintf(fp, "  %-10s %s\n", COMMANDS[i]->name, COMMANDS[i]->summary);
        if (COMMANDS[i] == &cli_cmd_scan) /* its subcommand (cmd_grid.c) */
            fprintf(fp, "  %-10s %s\n", "scan grid", cli_cmd_grid.summary);
    }
    fprintf(fp, "\nQuantities with a dimension need a unit: --ms 7.1keV, --mphi 1e-6eV.\n"
                "Exit status: 0 ok, 1 runtime failure, 2 bad input, 3 excluded (check).\n");
}

static int stdout_errno;

static int run_command(const cli_command *cmd, int argc, char **argv)
{
    ax_error err;
    ax_error_clear(&err);
    cli_args args;
    int st = cli_parse(cmd, argc, argv, &args, &err);
    if (st == AX_HELP_SHOWN)
        return 0;
    cJSON *out = NULL;
    void *result = NULL;
    if (st == AX_OK) {
        out = cJSON_CreateObject();
        st = !out ? ax_fail(&err, AX_ERUN, "out of memory")
             : cmd->run_result ? cmd->run_result(&args, out, &result, &err)
                               : cmd->run(&args, out, &err);
    }
    if (ax_is_error(st)) {
        fprintf(stderr, "axsterile %s: %s\n", cmd->name, err.msg);
        cJSON_Delete(out);
        if (result)
            cmd->free_result(result);
        return st == AX_EINPUT ? 2 : 1;
    }
    if (args.json) {
        char *s = cJSON_Print(out);
        if (s)
            printf("%s\n", s);
        cJSON_free(s);
    } else if (result && cmd->print_result) {
        cmd->print_result(result);
    } else if (cmd->print_text) {
        cmd->print_text(out);
    } else {
        cli_print_flat(out);
    }
    if (ferror(stdout))
        stdout_errno = errno; /* the failed write's reason (ENOSPC ...) */
    cJSON_Delete(out);
    if (result)
        cmd->free_result(result);
    return st == AX_EXCLUDED ? CLI_EXIT_EXCLUDED : 0;
}

/* Everything printed must reach its destination: flush and close standard
 * output and check (a full disk, /dev/full, a closed pipe). A failure is
 * exit status 1 with a message, whatever the command did. */
static int close_stdout(const char *who, int rc)
{
    errno = 0;
    int e = 0;
    if (fflush(stdout) != 0)
        e = errno ? errno : EIO;
    if (ferror(stdout))
        e = stdout_errno ? stdout_errno : e ? e : EIO;
    if (fclose(stdout) != 0 && !e)
        e = errno ? errno : EIO;
    if (e) {
        fprintf(stderr, "%s: cannot write the output (standard output): %s\n", who,
                ax_io_strerror(e));
        /* an exit status that reports a result (0, excluded) would say
         * the output arrived */
        return rc == 0 || rc == CLI_EXIT_EXCLUDED ? 1 : rc;
    }
    return rc;
}

/* On SIGINT, SIGTERM or SIGHUP: remove the temporary files of outputs not
 * yet committed (earlier outputs stay as they were), then die of the same
 * signal so that the caller sees how the program ended. */
static void on_signal(int sig)
{
    ax_outfile_abort_all_signal_safe();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signal_handlers(void)
{
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

int main(int argc, char **argv)
{
    ax_gsl_quiet();
    cli_install_fault_hook();
#ifdef __GLIBC__
    /* every production run allocates and frees ~100 kB of work arrays: keep
     * freed memory instead of returning it to the system and asking for it
     * again at the next point (docs/performance.md) */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
    install_signal_handlers();
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    const char *word = argv[1];
    if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 || strcmp(word, "help") == 0) {
        print_usage(stdout);
        return close_stdout("axsterile", 0);
    }
    if (strcmp(word, "--version") == 0 && argc > 2) {
        fprintf(stderr, "axsterile: %s takes nothing after it (got '%s'); for a command's "
                "help: axsterile COMMAND --help\n", word, argv[2]);
        return 2;
    }
    if (strcmp(word, "--version") == 0) {
        printf("axsterile %s\n", AX_VERSION);
        return close_stdout("axsterile", 0);
    }
    /* `scan grid`: the grid scan over a model's parameters (cmd_grid.c) */
    if (strcmp(word, "scan") == 0 && argc > 2 && strcmp(argv[2], "grid") == 0)
        return close_stdout("axsterile scan grid", run_command(&cli_cmd_grid, argc - 3, argv + 3));
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(word, COMMANDS[i]->name) == 0) {
            char who[64];
            snprintf(who, sizeof who, "axsterile %s", COMMANDS[i]->name);
            int rc = run_command(COMMANDS[i], argc - 2, argv + 2);
            return close_stdout(who, rc);
        }
    fprintf(stderr, "axsterile: unknown command '%s'; run 'axsterile --help' for the list\n",
            word);
    return 2;
}
