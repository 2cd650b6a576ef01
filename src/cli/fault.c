/* fault.c -- the command-line tool's fault-injection hook: the words of
 * $AXSTERILE_FAULT, read once at start-up, decide which library sites fail
 * (error.h, ax_fault). Used by the tests of the failure paths
 * (tests/cli/test_failures.sh); unset in normal use. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the comma-separated site words, copied once (",quad,ode,") */
static char fault_words[256];

static int env_hook(const char *site)
{
    char key[64];
    snprintf(key, sizeof key, ",%s,", site);
    return strstr(fault_words, key) != NULL;
}

void cli_install_fault_hook(void)
{
    const char *env = getenv("AXSTERILE_FAULT");
    if (!env || !*env || strlen(env) + 3 > sizeof fault_words)
        return;
    snprintf(fault_words, sizeof fault_words, ",%s,", env);
    ax_fault_set_hook(env_hook);
}
