/* fuzz_limits.c -- libFuzzer target for the limit-file loader: the input is
 * the JSON sidecar, a NUL byte, then the CSV data. Invariants: a pair that
 * loads has at least two finite points, x strictly increasing and positive,
 * y positive or NaN; a refused pair leaves nothing behind and a message. */
#include "axsterile/limits.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t jlen = nul ? (size_t)(nul - data) : size;
    char *json = malloc(jlen + 1);
    if (!json)
        return 0;
    memcpy(json, data, jlen);
    json[jlen] = '\0';
    const char *csv = nul ? (const char *)nul + 1 : "";
    size_t clen = nul ? size - jlen - 1 : 0;
    ax_limit lim;
    ax_error err;
    ax_error_clear(&err);
    int st = ax_limit_parse("fuzz", csv, clen, json, &lim, &err);
    if (st == AX_OK) {
        size_t finite = 0;
        for (size_t i = 0; i < lim.n; i++) {
            if (!(lim.x[i] > 0.0) || (i > 0 && !(lim.x[i] > lim.x[i - 1])))
                abort();
            if (!isnan(lim.y[i]) && !(lim.y[i] > 0.0 && isfinite(lim.y[i])))
                abort();
            finite += !isnan(lim.y[i]);
        }
        if (finite < 2 || !lim.target || !lim.name)
            abort();
        double y;
        ax_limit_eval(&lim, lim.x[0], &y, &err);
        ax_limit_free(&lim);
    } else if (lim.x != NULL || lim.name != NULL || lim.target != NULL || err.msg[0] == '\0') {
        abort();
    }
    free(json);
    return 0;
}
