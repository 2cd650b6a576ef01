/* fuzz_scanload.c -- libFuzzer target for reading a scan back from its
 * files (ax_scan_load, used by `plot --from-data` on merged shards). A
 * fixed manifest announces one table of 6 rows x 2 columns; the input is
 * that table's file. */
#include "axsterile/scan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int row_never(void *ctx, size_t i, double *row, ax_error *err)
{
    (void)ctx;
    (void)i;
    (void)row;
    return ax_fail(err, AX_ERUN, "not computed in this target");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64], table[96];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/axsterile-fuzz-scan-%ld", (long)getpid());
        mkdir(dir, 0755);
        char man[96];
        snprintf(man, sizeof man, "%s/scan.json", dir);
        FILE *fp = fopen(man, "w");
        if (!fp)
            return 0;
        fputs("{\"figure\": \"fz\", \"points\": 6, \"shard\": \"1/1\", \"tables\": "
              "[{\"file\": \"a.csv\", \"rows\": 6, \"first_row\": 0, \"end_row\": 6}]}\n",
              fp);
        fclose(fp);
        snprintf(table, sizeof table, "%s/a.csv", dir);
    }
    FILE *fp = fopen(table, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    ax_scan s;
    ax_error err;
    err.msg[0] = '\0';
    ax_scan_init(&s, "fz", 6);
    if (ax_scan_add(&s, "a.csv", "fuzz", "x, y", 6, 2, row_never, NULL, &err) != AX_OK)
        abort();
    int st = ax_scan_load(&s, dir, &err);
    if (st == AX_OK) {
        /* an accepted table: finite values in the valid rows; the empty rows
         * (no value) are not failed solves: those are the manifest's
         * "failed_rows", which this manifest does not have */
        size_t gaps = 0;
        for (size_t r = 0; r < 6; r++) {
            if (!s.tables[0].valid[r]) {
                gaps++;
                continue;
            }
            for (int c = 0; c < 2; c++)
                if (!isfinite(s.tables[0].data[r * 2 + c]))
                    abort();
        }
        if (s.ngaps != 0 || gaps > 6)
            abort();
    } else if (err.msg[0] == '\0') {
        abort();
    }
    ax_scan_free(&s);
    return 0;
}
