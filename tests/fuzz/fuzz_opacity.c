/* fuzz_opacity.c -- libFuzzer target for the opacity-table reader
 * (Venumadhav et al. 2016 layout, ax_medium_load_table). The reader takes
 * a path, so each input goes through a scratch file. */
#include "axsterile/medium.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/axsterile-fuzz-opacity-%ld.dat", (long)getpid());
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    ax_medium md;
    memset(&md, 0, sizeof md);
    ax_error err;
    err.msg[0] = '\0';
    int st = ax_medium_load_table(&md, path, &err);
    if (st == AX_OK) {
        /* an accepted table gives finite, non-negative opacities inside it */
        if (!md.table || !(md.T_lo > 0) || !(md.T_hi > md.T_lo))
            abort();
        double T = sqrt(md.T_lo * md.T_hi), p = 3.0 * T;
        double g = ax_medium_opacity(&md, p, T);
        if (!isfinite(g) || g < 0)
            abort();
    } else if (err.msg[0] == '\0') {
        abort();
    }
    ax_medium_free(&md);
    return 0;
}
