/* fuzz_units.c -- libFuzzer target for the quantity parser (make fuzz). */
#include "axsterile/units.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 256)
        return 0;
    char text[257];
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    ax_dim dim = (ax_dim)(data[0] % AX_DIM_COUNT);
    ax_error err;
    double v = 0.0;
    int st = ax_units_parse(text, dim, data[0] & 0x80 ? AX_UNITS_POSITIVE : 0, &v, &err);
    if (st == AX_OK && !isfinite(v))
        abort(); /* a parsed value is always finite */
    if (st != AX_OK && (err.msg[0] == '\0' || strlen(err.msg) >= sizeof err.msg))
        abort(); /* a refusal always says why */
    return 0;
}
