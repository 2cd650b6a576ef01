/* fuzz_target.c -- libFuzzer target for --target JSON files (make fuzz):
 * a target object or a limit sidecar holding one. */
#include "axsterile/target.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    ax_error err;
    ax_error_clear(&err);
    ax_target t;
    int st = ax_target_parse("fuzz.json", (const char *)data, size, &t, &err);
    if (st == AX_OK) {
        ax_error e2;
        if (ax_target_check(&t, &e2) != AX_OK)
            abort(); /* a parsed target is a valid one */
    } else if (err.msg[0] == '\0' || st != AX_EINPUT) {
        abort(); /* a refusal is bad input and always says why */
    }
    return 0;
}
