/* fuzz_region.c -- libFuzzer target for the --roi and --mask words
 * (make fuzz). A region that parses is one a target accepts. */
#include "axsterile/target.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 512)
        return 0;
    char text[513];
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    ax_error err;
    ax_error_clear(&err);
    ax_target t;
    ax_target_words w;
    memset(&w, 0, sizeof w);
    w.profile = "nfw";
    w.r_s = 20.0;
    w.have_r_s = 1;
    if (data[0] & 1)
        w.roi = text;          /* the region words (or a preset) */
    else {
        w.roi = "disk:r=10deg";
        w.mask = text;         /* the mask words */
    }
    int st = ax_target_from_strings(&w, &t, &err);
    if (st == AX_OK) {
        /* a parsed target always passes the checks the integrals rely on */
        ax_error e2;
        if (ax_target_check(&t, &e2) != AX_OK)
            abort();
        const ax_region *r = &t.region;
        if (!isfinite(r->l) || !isfinite(r->b) || !isfinite(r->r_in) || !isfinite(r->r_out))
            abort();
    } else if (err.msg[0] == '\0' || st != AX_EINPUT) {
        abort(); /* a refusal is bad input and always says why */
    }
    return 0;
}
