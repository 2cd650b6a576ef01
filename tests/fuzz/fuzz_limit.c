/* fuzz_limit.c -- libFuzzer target for the limit loader: the input is the
 * CSV text, a NUL byte, then the JSON sidecar. */
#include "axsterile/limits.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    if (!nul)
        return 0;
    size_t csv_len = (size_t)(nul - data);
    size_t json_len = size - csv_len - 1;
    char *json = malloc(json_len + 1);
    if (!json)
        return 0;
    memcpy(json, nul + 1, json_len);
    json[json_len] = '\0';
    ax_limit lim;
    ax_error err;
    int st = ax_limit_parse("fuzz", (const char *)data, csv_len, json, &lim, &err);
    if (st == AX_OK) {
        /* an accepted limit: >= 2 points, x increasing, y positive or NaN */
        if (lim.n < 2)
            abort();
        for (size_t i = 0; i < lim.n; i++) {
            if (!(lim.x[i] > 0) || !isfinite(lim.x[i]) || (i && !(lim.x[i] > lim.x[i - 1])))
                abort();
            if (!isnan(lim.y[i]) && !(lim.y[i] > 0 && isfinite(lim.y[i])))
                abort();
        }
        double y;
        ax_limit_eval(&lim, sqrt(lim.x[0] * lim.x[lim.n - 1]), &y, &err);
    } else if (err.msg[0] == '\0') {
        abort();
    }
    ax_limit_free(&lim);
    free(json);
    return 0;
}
