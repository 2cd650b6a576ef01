/* fuzz_modelfile.c -- libFuzzer target for the JSON model-file reader. */
#include "axsterile/modelfile.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ax_model_spec s;
    ax_error err;
    int st = ax_model_spec_parse("fuzz", (const char *)data, size, &s, &err);
    if (st == AX_OK) {
        /* an accepted model is a valid one: finite, positive mass in range */
        if (!(s.model.m_s > 0) || !isfinite(s.model.m_s))
            abort();
        if (ax_model_validate(&s.model, &err) != AX_OK)
            abort();
    } else if (st != AX_EINPUT || err.msg[0] == '\0') {
        abort();
    }
    return 0;
}
