/* fuzz_table.c -- libFuzzer target for the numeric-table reader (CSV via
 * libcsv, whitespace, comments, nan). */
#include "axsterile/io.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int flags = data[0] & 7;
    ax_table t;
    ax_error err;
    int st = ax_table_parse("fuzz", (const char *)data + 1, size - 1, 0, flags, &t, &err);
    if (st == AX_OK) {
        if (t.nrows == 0 || t.ncols == 0)
            abort();
        for (size_t i = 0; i < t.nrows * t.ncols; i++)
            if (isinf(t.cell[i]) || (isnan(t.cell[i]) && !(flags & AX_TABLE_ALLOW_NAN)))
                abort();
        ax_table_free(&t);
    } else if (t.cell != NULL || err.msg[0] == '\0') {
        abort();
    }
    return 0;
}
