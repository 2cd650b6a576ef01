/* fuzz_limits.c -- libFuzzer target for the limit-file loader: the input is
 * the JSON sidecar, a NUL byte, then the CSV data. Invariants: a pair that
 * loads has at least two finite points, x increasing (equal x: a step) and
 * positive over a range, y positive or NaN; evaluation at any point and
 * midpoint gives a value at most the largest of its neighbours, or a status;
 * a refused pair leaves nothing behind and a message. */
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
            if (!(lim.x[i] > 0.0) || (i > 0 && !(lim.x[i] >= lim.x[i - 1])))
                abort();
            if (!isnan(lim.y[i]) && !(lim.y[i] > 0.0 && isfinite(lim.y[i])))
                abort();
            finite += !isnan(lim.y[i]);
        }
        if (finite < 2 || !lim.has_target || !lim.target_json || !lim.name || !(lim.x[lim.n - 1] > lim.x[0]))
            abort();
        double y;
        for (size_t i = 0; i < lim.n; i++) {
            int s1 = ax_limit_eval(&lim, lim.x[i], &y, &err);
            if (s1 == 0 && !(y > 0.0 && isfinite(y)))
                abort();
            if (i + 1 < lim.n && lim.x[i + 1] > lim.x[i]) {
                s1 = ax_limit_eval(&lim, 0.5 * (lim.x[i] + lim.x[i + 1]), &y, &err);
                /* log-log between two points never leaves their range */
                if (s1 == 0 && !(y <= fmax(lim.y[i], lim.y[i + 1]) * (1 + 1e-12) &&
                                 y >= fmin(lim.y[i], lim.y[i + 1]) * (1 - 1e-12)))
                    abort();
            }
        }
        ax_limit_free(&lim);
    } else if (lim.x != NULL || lim.name != NULL || lim.has_target || lim.target_json != NULL || err.msg[0] == '\0') {
        abort();
    }
    free(json);
    return 0;
}
