#define _XOPEN_SOURCE 700 /* realpath */
/* record.c -- the record of a run: its limit library, opacity and data
 * files by full path and content hash (record.h). */
#include "record.h"

#include "../json_util.h"
#include "axsterile/decay.h"
#include "axsterile/io.h"
#include "axsterile/medium.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* realpath needs PATH_MAX bytes in real */
int cli_record_limit_dir(const char *dir, char *real, cJSON **h, ax_error *err)
{
    char found[4096];
    *h = NULL;
    if (!dir) {
        int st = ax_data_find("limits", found, sizeof found, err);
        if (st)
            return st;
        dir = found;
    }
    if (!realpath(dir, real))
        return ax_fail(err, AX_EINPUT, "limit directory %s: %s", dir, ax_io_strerror(errno));
    if (!(*h = cJSON_CreateObject()))
        return ax_fail(err, AX_ERUN, "out of memory");
    int st = ax_dir_hashes(real, *h, err);
    if (st) {
        cJSON_Delete(*h);
        *h = NULL;
    }
    return st;
}

int cli_record_limits(const ax_limit_sources *src, cJSON *lim, ax_error *err)
{
    cJSON *only = cJSON_AddBoolToObject(lim, "only", src->only);
    cJSON *dirs = cJSON_AddArrayToObject(lim, "dir");
    cJSON *hashes = cJSON_AddArrayToObject(lim, "sha256");
    int st = only && dirs && hashes ? AX_OK : ax_fail(err, AX_ERUN, "out of memory");
    for (size_t k = src->only ? 1 : 0; !st && k <= src->ndirs; k++) {
        char real[PATH_MAX];
        cJSON *h;
        if (!(st = cli_record_limit_dir(k ? src->dirs[k - 1] : NULL, real, &h, err))) {
            cJSON_AddItemToArray(dirs, cJSON_CreateString(real));
            cJSON_AddItemToArray(hashes, h);
        }
    }
    return st;
}

int cli_record_file(cJSON *r, const char *key, const char *file, const char *def,
                    ax_error *err)
{
    char path[4096], hex[65], real[PATH_MAX];
    int st = AX_OK;
    if (!file && !(st = ax_data_find(def, path, sizeof path, err)))
        file = path;
    if (st)
        return st;
    if ((st = ax_sha256_file(file, hex, err)))
        return st;
    cJSON *o = cJSON_AddObjectToObject(r, key);
    if (!o || !cJSON_AddStringToObject(o, "file", realpath(file, real) ? real : file) ||
        !cJSON_AddStringToObject(o, "sha256", hex))
        return ax_fail(err, AX_ERUN, "out of memory");
    return AX_OK;
}

int cli_record_opacity(cJSON *r, const char *opacity_file, ax_error *err)
{
    if (opacity_file && strcmp(opacity_file, AX_OPACITY_ANALYTIC_NAME) == 0)
        return cJSON_AddStringToObject(r, "opacity", AX_OPACITY_ANALYTIC_NAME)
                   ? AX_OK
                   : ax_fail(err, AX_ERUN, "out of memory");
    return cli_record_file(r, "opacity", opacity_file, AX_OPACITY_DEFAULT_TABLE, err);
}

const char *cli_record_rate_normalisation(int convention)
{
    return convention == AX_DECAY_MAJORANA ? "1024 pi^4 (Majorana)" : "2048 pi^4 (BH16 eq. 10)";
}
