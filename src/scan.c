/* scan.c -- tables of independent rows, computed in parallel, written
 * atomically, sharded and merged. See axsterile/scan.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "axsterile/scan.h"

#include "axsterile/io.h"
#include "axsterile/version.h"
#include "json_util.h"

#include "json_util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* Row format: enough digits that a merged scan equals an unsharded one and
 * that no plotted value loses precision. */
#define ROW_FMT "%.10g"
#define MANIFEST AX_SCAN_MANIFEST

int ax_scan_shard_parse(const char *text, ax_scan_shard *s, ax_error *err)
{
    char *end;
    errno = 0;
    /* digits only (strtol would also take blanks and signs: " 1/+2") */
    for (const char *q = text; *q; q++)
        if (!isdigit((unsigned char)*q) && *q != '/')
            goto bad;
    long k = strtol(text, &end, 10);
    if (end == text || *end != '/')
        goto bad;
    const char *p = end + 1;
    long n = strtol(p, &end, 10);
    if (end == p || *end != '\0' || errno)
        goto bad;
    if (n < 1 || n > 100000 || k < 1 || k > n)
        goto bad;
    s->k = (int)k;
    s->n = (int)n;
    return AX_OK;
bad:
    return ax_fail(err, AX_EINPUT,
                   "--shard: '%s' is not a shard; expected K/N with 1 <= K <= N "
                   "(e.g. 3/8, the third of eight)",
                   text);
}

void ax_scan_init(ax_scan *s, const char *figure, size_t points)
{
    memset(s, 0, sizeof *s);
    snprintf(s->figure, sizeof s->figure, "%s", figure);
    s->points = points;
    s->shard.k = s->shard.n = 1;
}

void ax_scan_free(ax_scan *s)
{
    if (!s)
        return;
    free(s->record);
    for (size_t i = 0; i < s->ntables; i++) {
        free(s->tables[i].header);
        free(s->tables[i].columns);
        free(s->tables[i].data);
        free(s->tables[i].valid);
    }
    free(s->tables);
    memset(s, 0, sizeof *s);
}

static char *dup_str(const char *t)
{
    size_t n = strlen(t ? t : "");
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, t ? t : "", n + 1);
    return d;
}

int ax_scan_add(ax_scan *s, const char *file, const char *header,
                const char *columns, size_t nrows, size_t ncols,
                ax_scan_row_fn row, void *ctx, ax_error *err)
{
    if (!file || !*file || strchr(file, '/') || strlen(file) >= sizeof s->tables->file)
        return ax_fail(err, AX_ERUN, "internal: bad scan file name '%s'", file ? file : "");
    if (ncols == 0 || !row)
        return ax_fail(err, AX_ERUN, "internal: scan table %s has no columns", file);
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].file, file) == 0)
            return ax_fail(err, AX_ERUN, "internal: scan table %s added twice", file);
    if (s->ntables == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        ax_scan_table *t = realloc(s->tables, cap * sizeof *t);
        if (!t)
            return ax_fail(err, AX_ERUN, "out of memory");
        s->tables = t;
        s->cap = cap;
    }
    ax_scan_table *t = &s->tables[s->ntables];
    memset(t, 0, sizeof *t);
    snprintf(t->file, sizeof t->file, "%s", file);
    t->header = dup_str(header);
    t->columns = dup_str(columns);
    if (!t->header || !t->columns) {
        free(t->header);
        free(t->columns);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    t->nrows = nrows;
    t->ncols = ncols;
    t->row = row;
    t->ctx = ctx;
    s->ntables++;
    return AX_OK;
}

static void shard_block(size_t n, ax_scan_shard sh, size_t *lo, size_t *hi)
{
    *lo = (size_t)((unsigned long long)n * (unsigned)(sh.k - 1) / (unsigned)sh.n);
    *hi = (size_t)((unsigned long long)n * (unsigned)sh.k / (unsigned)sh.n);
}

size_t ax_scan_rows(const ax_scan *s)
{
    size_t r = 0;
    for (size_t i = 0; i < s->ntables; i++)
        r += s->tables[i].hi - s->tables[i].lo;
    return r;
}

static void progress_draw(size_t done, size_t total)
{
    int width = 40, fill = total ? (int)(width * done / total) : width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %3d%% (%zu/%zu)", bar,
            total ? (int)(100 * done / total) : 100, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int ax_scan_run(ax_scan *s, ax_scan_shard shard, ax_error *err)
{
    s->shard = shard;
    s->ngaps = 0;
    s->gap_msg[0] = '\0';
    size_t total = 0;
    for (size_t i = 0; i < s->ntables; i++) {
        ax_scan_table *t = &s->tables[i];
        shard_block(t->nrows, shard, &t->lo, &t->hi);
        free(t->data);
        free(t->valid);
        size_t m = t->hi - t->lo;
        t->data = calloc(m ? m * t->ncols : 1, sizeof *t->data);
        t->valid = calloc(m ? m : 1, 1);
        if (!t->data || !t->valid)
            return ax_fail(err, AX_ERUN, "out of memory for scan table %s", t->file);
        total += m;
    }
    /* One flat task list over every table, so that cheap and expensive
     * rows share the threads (dynamic schedule). */
    size_t *task_table = malloc((total ? total : 1) * sizeof *task_table);
    size_t *task_row = malloc((total ? total : 1) * sizeof *task_row);
    if (!task_table || !task_row) {
        free(task_table);
        free(task_row);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t r = s->tables[i].lo; r < s->tables[i].hi; r++) {
            task_table[k] = i;
            task_row[k] = r;
            k++;
        }
    int progress = s->progress && isatty(STDERR_FILENO);
    int failed = 0;
    size_t done = 0;
    ax_error first;
    ax_error_clear(&first);
    long ntask = (long)total;
    long gap_first = -1;
#pragma omp parallel for schedule(dynamic, 1)
    for (long q = 0; q < ntask; q++) {
        int stop;
#pragma omp atomic read
        stop = failed;
        if (stop)
            continue;
        ax_scan_table *t = &s->tables[task_table[q]];
        size_t r = task_row[q];
        double *row = t->data + (r - t->lo) * t->ncols;
        ax_error e;
        ax_error_clear(&e);
        int st = t->row(t->ctx, r, row, &e);
        if (st == AX_OK) {
            for (size_t c = 0; c < t->ncols; c++)
                if (!isfinite(row[c])) {
                    st = ax_fail(&e, AX_ERUN, "a non-finite value (column %zu)", c + 1);
                    break;
                }
        }
        if (st == AX_OK)
            t->valid[r - t->lo] = 1;
        else if (st == AX_NO_VALUE && e.msg[0]) {
#pragma omp critical(ax_scan_gap)
            {
                /* the first in table and row order, whatever order the
                 * threads ran in (so that scan.json is reproducible) */
                if (s->ngaps++ == 0 || (long)q < gap_first) {
                    gap_first = (long)q;
                    snprintf(s->gap_msg, sizeof s->gap_msg, "%s row %zu: %s", t->file, r + 1,
                             e.msg);
                }
            }
        } else if (st != AX_NO_VALUE) {
#pragma omp critical(ax_scan_fail)
            if (!failed) {
                failed = 1;
                first = e;
                ax_error_context(&first, "%s row %zu of %zu", t->file, r + 1, t->nrows);
            }
        }
        if (progress) {
#pragma omp critical(ax_scan_progress)
            {
                done++;
                if (done == total || done % 4 == 0)
                    progress_draw(done, total);
            }
        }
    }
    free(task_table);
    free(task_row);
    if (failed) {
        if (err)
            *err = first;
        return first.status ? first.status : AX_ERUN;
    }
    return AX_OK;
}

/* ---- writing ---------------------------------------------------------- */


static void write_header(FILE *fp, const char *header, const char *columns)
{
    const char *p = header;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(fp, "# %.*s\n", (int)len, p);
        p = nl ? nl + 1 : p + len;
    }
    fprintf(fp, "# %s\n", columns);
}

static char *manifest_text(const char *figure, size_t points, ax_scan_shard sh,
                           size_t ntables, const char *const *files,
                           const size_t *nrows, const size_t *lo, const size_t *hi,
                           const cJSON *record, size_t ngaps, const char *gap_msg)
{
    cJSON *m = cJSON_CreateObject();
    if (!m)
        return NULL;
    if (record)
        cJSON_AddItemToObject(m, "record", cJSON_Duplicate(record, 1));
    /* rows left empty because a solve failed (not the rows a limit masks) */
    cJSON_AddNumberToObject(m, "failed_rows", (double)ngaps);
    cJSON_AddStringToObject(m, "first_failure", gap_msg ? gap_msg : "");
    cJSON_AddStringToObject(m, "figure", figure);
    cJSON_AddNumberToObject(m, "points", (double)points);
    char sbuf[32];
    snprintf(sbuf, sizeof sbuf, "%d/%d", sh.k, sh.n);
    cJSON_AddStringToObject(m, "shard", sbuf);
    cJSON_AddStringToObject(m, "axsterile_version", AX_VERSION);
    cJSON *arr = cJSON_AddArrayToObject(m, "tables");
    for (size_t i = 0; arr && i < ntables; i++) {
        cJSON *t = cJSON_CreateObject();
        if (!t)
            break;
        cJSON_AddStringToObject(t, "file", files[i]);
        cJSON_AddNumberToObject(t, "rows", (double)nrows[i]);
        cJSON_AddNumberToObject(t, "first_row", (double)lo[i]);
        cJSON_AddNumberToObject(t, "end_row", (double)hi[i]);
        cJSON_AddItemToArray(arr, t);
    }
    char *s = cJSON_Print(m);
    cJSON_Delete(m);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(n + 2);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    cJSON_free(s);
    return out;
}

static int join_path(char *out, size_t len, const char *dir, const char *file, ax_error *err)
{
    if (snprintf(out, len, "%s/%s", dir, file) >= (int)len)
        return ax_fail(err, AX_EINPUT, "path too long: %s/%s", dir, file);
    return AX_OK;
}

/* Open every output, write it, and rename them all only at the end. */
typedef struct pending {
    ax_outfile *o;
    size_t n;
} pending;

static void pending_abort(pending *p)
{
    for (size_t i = 0; i < p->n; i++)
        ax_outfile_abort(&p->o[i]);
    free(p->o);
    p->o = NULL;
    p->n = 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int pending_commit(pending *p, ax_error *err)
{
    int st = AX_OK;
    for (size_t i = 0; i < p->n; i++) {
        if (p->o[i].fp && ferror(p->o[i].fp))
            st = ax_fail(err, AX_ERUN, "%s: write failed", p->o[i].path);
    }
    if (st != AX_OK) {
        pending_abort(p);
        return st;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (st == AX_OK) {
            st = ax_outfile_commit(&p->o[i], err);
            if (ax_fault("slow_write")) /* tests: a kill between renames */
                sleep_ms(20);
        } else {
            ax_outfile_abort(&p->o[i]);
        }
    }
    free(p->o);
    p->o = NULL;
    p->n = 0;
    return st;
}

int ax_scan_write(const ax_scan *s, const char *dir, ax_error *err)
{
    ax_dirpub d;
    int st = ax_dirpub_begin(&d, dir, err);
    if (st)
        return st;
    st = ax_scan_write_files(s, d.tmp, err);
    if (!st)
        st = ax_dirpub_commit(&d, err);
    else
        ax_dirpub_abort(&d);
    return st;
}

int ax_scan_write_files(const ax_scan *s, const char *dir, ax_error *err)
{
    int st = AX_OK;
    pending p = {calloc(s->ntables + 1, sizeof(ax_outfile)), 0};
    const char **files = calloc(s->ntables + 1, sizeof *files);
    size_t *nrows = calloc(s->ntables + 1, sizeof *nrows);
    size_t *lo = calloc(s->ntables + 1, sizeof *lo);
    size_t *hi = calloc(s->ntables + 1, sizeof *hi);
    char *man = NULL;
    if (!p.o || !files || !nrows || !lo || !hi) {
        st = ax_fail(err, AX_ERUN, "out of memory");
        goto done;
    }
    char path[4096];
    for (size_t i = 0; i < s->ntables; i++) {
        const ax_scan_table *t = &s->tables[i];
        if ((st = join_path(path, sizeof path, dir, t->file, err)))
            goto done;
        if ((st = ax_outfile_open_flags(&p.o[p.n], path, AX_OUT_NOFOLLOW, err)))
            goto done;
        FILE *fp = p.o[p.n++].fp;
        write_header(fp, t->header, t->columns);
        for (size_t r = 0; r < t->hi - t->lo; r++) {
            if (t->valid[r]) {
                for (size_t c = 0; c < t->ncols; c++)
                    fprintf(fp, c ? "," ROW_FMT : ROW_FMT, t->data[r * t->ncols + c]);
            }
            fputc('\n', fp);
        }
        files[i] = t->file;
        nrows[i] = t->nrows;
        lo[i] = t->lo;
        hi[i] = t->hi;
    }
    cJSON *rec = s->record ? cJSON_Parse(s->record) : NULL;
    man = manifest_text(s->figure, s->points, s->shard, s->ntables, files, nrows, lo, hi,
                        rec, s->ngaps, s->gap_msg);
    cJSON_Delete(rec);
    if (!man) {
        st = ax_fail(err, AX_ERUN, "out of memory");
        goto done;
    }
    if ((st = join_path(path, sizeof path, dir, MANIFEST, err)))
        goto done;
    if ((st = ax_outfile_open_flags(&p.o[p.n], path, AX_OUT_NOFOLLOW, err)))
        goto done;
    fputs(man, p.o[p.n++].fp);
    if (ax_fault("slow_write"))
        sleep_ms(100);
    st = pending_commit(&p, err);
done:
    if (st)
        pending_abort(&p);
    free(p.o);
    free(files);
    free(nrows);
    free(lo);
    free(hi);
    free(man);
    return st;
}

/* ---- merging ---------------------------------------------------------- */

typedef struct shard_in {
    const char *dir;
    cJSON *manifest;
    ax_scan_shard sh;
} shard_in;

static int read_manifest(const char *dir, shard_in *in, ax_error *err)
{
    char path[4096];
    int st = join_path(path, sizeof path, dir, MANIFEST, err);
    if (st)
        return st;
    char *buf;
    size_t len;
    if ((st = ax_file_slurp(path, 1 << 24, &buf, &len, err)))
        return ax_error_context(err, "%s is not a scan directory", dir);
    in->dir = dir;
    /* the strict reader: one object, no key twice, no \u0000, nothing after */
    st = ax_json_parse(path, buf, len, 1 << 24, &in->manifest, err);
    free(buf);
    if (st)
        return ax_error_context(err, "%s is not a scan directory", dir);
    if (!cJSON_IsObject(in->manifest))
        return ax_fail(err, AX_EINPUT, "%s: expected a JSON object", path);
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(in->manifest, "shard");
    const cJSON *fig = cJSON_GetObjectItemCaseSensitive(in->manifest, "figure");
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(in->manifest, "points");
    const cJSON *tab = cJSON_GetObjectItemCaseSensitive(in->manifest, "tables");
    if (!cJSON_IsString(sh) || !cJSON_IsString(fig) || !cJSON_IsNumber(pts) ||
        !cJSON_IsArray(tab))
        return ax_fail(err, AX_EINPUT,
                       "%s: expected the keys \"figure\" (string), \"points\" (number), "
                       "\"shard\" (\"K/N\") and \"tables\" (array)",
                       path);
    if (ax_scan_shard_parse(sh->valuestring, &in->sh, err))
        return ax_error_context(err, "%s: key \"shard\"", path);
    cJSON *t;
    cJSON_ArrayForEach(t, tab)
    {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(t, "file");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, "rows");
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(t, "first_row");
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(t, "end_row");
        if (!cJSON_IsString(f) || strchr(f->valuestring, '/') || !cJSON_IsNumber(n) ||
            !cJSON_IsNumber(a) || !cJSON_IsNumber(b) || n->valuedouble < 0 ||
            a->valuedouble < 0 || b->valuedouble < a->valuedouble ||
            b->valuedouble > n->valuedouble)
            return ax_fail(err, AX_EINPUT,
                           "%s: each entry of \"tables\" needs \"file\" (a plain name), "
                           "\"rows\", \"first_row\" <= \"end_row\" <= \"rows\"",
                           path);
    }
    return AX_OK;
}

static int same_record(const shard_in *a, const shard_in *b, ax_error *err)
{
    char diff[256];
    ax_record_difference(cJSON_GetObjectItemCaseSensitive(a->manifest, "record"),
                         cJSON_GetObjectItemCaseSensitive(b->manifest, "record"), diff,
                         sizeof diff);
    if (diff[0])
        return ax_fail(err, AX_EINPUT,
                       "shards %s and %s were made with different options or inputs "
                       "(\"record.%s\" differs in their scan.json); merge only the shards of "
                       "one scan",
                       a->dir, b->dir, diff);
    return AX_OK;
}

static int same_scan(const shard_in *a, const shard_in *b, ax_error *err)
{
    int st;
    const cJSON *ma = a->manifest, *mb = b->manifest;
    const char *keys[] = {"figure", "points", "axsterile_version"};
    for (int i = 0; i < 3; i++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(ma, keys[i]);
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(mb, keys[i]);
        if (!cJSON_Compare(x, y, 1))
            return ax_fail(err, AX_EINPUT,
                           "shards %s and %s come from different scans (key \"%s\" "
                           "differs)",
                           a->dir, b->dir, keys[i]);
    }
    if ((st = same_record(a, b, err)))
        return st;
    if (a->sh.n != b->sh.n)
        return ax_fail(err, AX_EINPUT, "shards %s and %s split the scan differently (%d/%d "
                       "and %d/%d)", a->dir, b->dir, a->sh.k, a->sh.n, b->sh.k, b->sh.n);
    const cJSON *ta = cJSON_GetObjectItemCaseSensitive(ma, "tables");
    const cJSON *tb = cJSON_GetObjectItemCaseSensitive(mb, "tables");
    if (cJSON_GetArraySize(ta) != cJSON_GetArraySize(tb))
        return ax_fail(err, AX_EINPUT, "shards %s and %s hold different tables", a->dir,
                       b->dir);
    for (int i = 0; i < cJSON_GetArraySize(ta); i++) {
        const cJSON *x = cJSON_GetArrayItem(ta, i), *y = cJSON_GetArrayItem(tb, i);
        if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(x, "file"),
                           cJSON_GetObjectItemCaseSensitive(y, "file"), 1) ||
            !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(x, "rows"),
                           cJSON_GetObjectItemCaseSensitive(y, "rows"), 1))
            return ax_fail(err, AX_EINPUT, "shards %s and %s hold different tables",
                           a->dir, b->dir);
    }
    return AX_OK;
}

/* Split a file into its header ('#' lines at the top) and its body. */
static int split_file(const char *path, char **buf, size_t *hdr_len, const char **body,
                      size_t *nbody_lines, ax_error *err)
{
    size_t len;
    int st = ax_file_slurp(path, (size_t)1 << 30, buf, &len, err);
    if (st)
        return st;
    char *p = *buf;
    while (*p == '#') {
        char *nl = strchr(p, '\n');
        if (!nl) {
            p += strlen(p);
            break;
        }
        p = nl + 1;
    }
    *hdr_len = (size_t)(p - *buf);
    *body = p;
    size_t n = 0;
    for (const char *q = p; *q; q++)
        if (*q == '\n')
            n++;
    if (len > 0 && (*buf)[len - 1] != '\n')
        return ax_fail(err, AX_EINPUT, "%s: truncated (no final newline)", path);
    *nbody_lines = n;
    return AX_OK;
}

/* Every row of a table body is empty (no value) or the same number of
 * comma-separated finite numbers (*ncols, set by the first row seen). */
static int check_rows(const char *path, const char *buf, size_t hl, const char *body,
                      size_t *ncols, ax_error *err)
{
    size_t line = 1;
    for (size_t k = 0; k < hl; k++)
        line += buf[k] == '\n';
    for (const char *q = body; *q; line++) {
        const char *nl = strchr(q, '\n');
        if (nl == q) {
            q++;
            continue;
        }
        size_t c = 0;
        for (;;) {
            char *end;
            double v = strtod(q, &end);
            int sep = end < nl && *end == ',';
            /* decimal numbers as the scan writes them (strtod also reads
             * hexadecimal, "0x10", and "infinity") */
            int dec = end > q;
            for (const char *t = q; dec && t < end; t++)
                dec = strchr("0123456789+-.eE", *t) != NULL;
            if (end == q || !dec || !isfinite(v) || (!sep && end != nl) || isspace((unsigned char)*q))
                return ax_fail(err, AX_EINPUT, "%s line %zu: expected comma-separated finite "
                               "numbers (or an empty line); the file is damaged or not a scan",
                               path, line);
            c++;
            q = end + 1;
            if (!sep)
                break;
        }
        if (*ncols == 0)
            *ncols = c;
        else if (c != *ncols)
            return ax_fail(err, AX_EINPUT, "%s line %zu: %zu columns; expected %zu", path,
                           line, c, *ncols);
    }
    return AX_OK;
}

int ax_scan_set_record(ax_scan *s, const char *json, ax_error *err)
{
    free(s->record);
    s->record = NULL;
    if (!json)
        return AX_OK;
    cJSON *r = cJSON_Parse(json);
    int ok = cJSON_IsObject(r);
    cJSON_Delete(r);
    if (!ok)
        return ax_fail(err, AX_ERUN, "internal: a scan record that is not a JSON object");
    s->record = dup_str(json);
    return s->record ? AX_OK : ax_fail(err, AX_ERUN, "out of memory");
}

int ax_scan_dir_record(const char *dir, char **json, ax_error *err)
{
    shard_in in;
    memset(&in, 0, sizeof in);
    *json = NULL;
    int st = read_manifest(dir, &in, err);
    const cJSON *r = st ? NULL : cJSON_GetObjectItemCaseSensitive(in.manifest, "record");
    if (r && !(*json = cJSON_PrintUnformatted(r)))
        st = ax_fail(err, AX_ERUN, "out of memory");
    cJSON_Delete(in.manifest);
    return st;
}

int ax_scan_dir_points(const char *dir, size_t *points, ax_error *err)
{
    shard_in in;
    memset(&in, 0, sizeof in);
    int st = read_manifest(dir, &in, err);
    if (!st) {
        double v = cJSON_GetObjectItemCaseSensitive(in.manifest, "points")->valuedouble;
        if (!(v >= 1 && v <= 1e9 && v == floor(v)))
            st = ax_fail(err, AX_EINPUT, "%s/%s: key \"points\": %g; expected a whole number",
                         dir, MANIFEST, v);
        else
            *points = (size_t)v;
    }
    cJSON_Delete(in.manifest);
    return st;
}

int ax_scan_load(ax_scan *s, const char *dir, ax_error *err)
{
    shard_in in;
    memset(&in, 0, sizeof in);
    int st = read_manifest(dir, &in, err);
    const cJSON *fig = cJSON_GetObjectItemCaseSensitive(in.manifest, "figure");
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(in.manifest, "points");
    if (!st && (in.sh.k != 1 || in.sh.n != 1))
        st = ax_fail(err, AX_EINPUT, "%s holds shard %d/%d of a scan; join the shards with "
                     "`axsterile merge -o DIR SHARD_DIR...` first", dir, in.sh.k, in.sh.n);
    if (!st && strcmp(fig->valuestring, s->figure) != 0)
        st = ax_fail(err, AX_EINPUT, "%s holds a %s scan, not %s", dir, fig->valuestring,
                     s->figure);
    if (!st && (size_t)pts->valuedouble != s->points)
        st = ax_fail(err, AX_EINPUT, "%s holds a scan with --points %g; give the same "
                     "--points (and the other options of the scan)", dir, pts->valuedouble);
    s->ngaps = 0;
    s->gap_msg[0] = '\0';
    s->shard.k = s->shard.n = 1;
    if (!st) {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(in.manifest, "failed_rows");
        const cJSON *gm = cJSON_GetObjectItemCaseSensitive(in.manifest, "first_failure");
        if (cJSON_IsNumber(g) && g->valuedouble >= 0 && g->valuedouble < 1e15)
            s->ngaps = (size_t)g->valuedouble;
        if (cJSON_IsString(gm))
            snprintf(s->gap_msg, sizeof s->gap_msg, "%s", gm->valuestring);
    }
    for (size_t i = 0; !st && i < s->ntables; i++) {
        ax_scan_table *t = &s->tables[i];
        char path[4096], *buf = NULL;
        const char *body;
        size_t hl, nlines;
        if ((st = join_path(path, sizeof path, dir, t->file, err)))
            break;
        if ((st = split_file(path, &buf, &hl, &body, &nlines, err))) {
            free(buf);
            st = ax_error_context(err, "the scan in %s (run with the options of the scan)",
                                  dir);
            break;
        }
        if (nlines != t->nrows) {
            st = ax_fail(err, AX_EINPUT, "%s: %zu rows; expected %zu (a scan made with other "
                         "options? give those of the scan)", path, nlines, t->nrows);
            free(buf);
            break;
        }
        free(t->data);
        free(t->valid);
        t->lo = 0;
        t->hi = t->nrows;
        t->data = calloc(t->nrows ? t->nrows * t->ncols : 1, sizeof *t->data);
        t->valid = calloc(t->nrows ? t->nrows : 1, 1);
        if (!t->data || !t->valid) {
            st = ax_fail(err, AX_ERUN, "out of memory for scan table %s", t->file);
            free(buf);
            break;
        }
        size_t nh = 0; /* header lines, for line numbers in messages */
        for (size_t k = 0; k < hl; k++)
            nh += buf[k] == '\n';
        const char *q = body;
        for (size_t r = 0; !st && r < t->nrows; r++) {
            const char *nl = strchr(q, '\n');
            if (nl == q) { /* an empty line: a row with no value (a masked window,
                            * or a failed solve, counted in the manifest) */
                q = nl + 1;
                continue;
            }
            for (size_t c = 0; c < t->ncols; c++) {
                char *end;
                double v = strtod(q, &end);
                if (end == q || !isfinite(v) || (c + 1 < t->ncols ? *end != ',' : end != nl)) {
                    st = ax_fail(err, AX_EINPUT, "%s line %zu: expected %zu comma-separated "
                                 "finite numbers", path, nh + r + 1, t->ncols);
                    break;
                }
                t->data[r * t->ncols + c] = v;
                q = end + (c + 1 < t->ncols);
            }
            t->valid[r] = !st;
            q = nl + 1;
        }
        free(buf);
    }
    cJSON_Delete(in.manifest);
    return st;
}

int ax_scan_merge(const char *outdir, const char *const *shard_dirs, size_t nshards,
                  ax_error *err)
{
    if (nshards == 0)
        return ax_fail(err, AX_EINPUT, "merge: no shard directories given");
    shard_in *in = calloc(nshards, sizeof *in);
    shard_in **by_k = NULL;
    pending p = {NULL, 0};
    int st = AX_OK, begun = 0;
    ax_dirpub d;
    memset(&d, 0, sizeof d);
    if (!in)
        return ax_fail(err, AX_ERUN, "out of memory");
    for (size_t i = 0; i < nshards && !st; i++)
        st = read_manifest(shard_dirs[i], &in[i], err);
    if (st)
        goto done;
    for (size_t i = 1; i < nshards && !st; i++)
        st = same_scan(&in[0], &in[i], err);
    if (st)
        goto done;
    int n = in[0].sh.n;
    if ((size_t)n != nshards) {
        st = ax_fail(err, AX_EINPUT, "merge: the scan was split into %d shards but %zu "
                     "directories were given", n, nshards);
        goto done;
    }
    by_k = calloc((size_t)n, sizeof *by_k);
    if (!by_k) {
        st = ax_fail(err, AX_ERUN, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nshards; i++) {
        int k = in[i].sh.k;
        if (by_k[k - 1]) {
            st = ax_fail(err, AX_EINPUT, "merge: %s and %s are both shard %d/%d",
                         by_k[k - 1]->dir, in[i].dir, k, n);
            goto done;
        }
        by_k[k - 1] = &in[i];
    }
    for (size_t i = 0; i < nshards; i++) {
        char a[4096], b[4096];
        if (realpath(outdir, a) && realpath(in[i].dir, b) && strcmp(a, b) == 0) {
            st = ax_fail(err, AX_EINPUT, "merge: the output directory %s is also a shard; "
                         "give a new directory", outdir);
            goto done;
        }
    }
    if ((st = ax_dirpub_begin(&d, outdir, err)))
        goto done;
    begun = 1;
    const cJSON *tables = cJSON_GetObjectItemCaseSensitive(in[0].manifest, "tables");
    size_t nt = (size_t)cJSON_GetArraySize(tables);
    p.o = calloc(nt + 1, sizeof(ax_outfile));
    const char **files = calloc(nt + 1, sizeof *files);
    size_t *nrows = calloc(nt + 1, sizeof *nrows);
    size_t *lo = calloc(nt + 1, sizeof *lo);
    size_t *hi = calloc(nt + 1, sizeof *hi);
    if (!p.o || !files || !nrows || !lo || !hi) {
        free(files);
        free(nrows);
        free(lo);
        free(hi);
        st = ax_fail(err, AX_ERUN, "out of memory");
        goto done;
    }
    char path[4096];
    for (size_t ti = 0; ti < nt && !st; ti++) {
        const cJSON *t0 = cJSON_GetArrayItem(tables, (int)ti);
        const char *file = cJSON_GetObjectItemCaseSensitive(t0, "file")->valuestring;
        size_t rows = (size_t)cJSON_GetObjectItemCaseSensitive(t0, "rows")->valuedouble;
        files[ti] = file;
        nrows[ti] = rows;
        lo[ti] = 0;
        hi[ti] = rows;
        char *hdr0 = NULL;
        size_t hdr0_len = 0, ncols = 0;
        size_t expect = 0; /* next row */
        for (int k = 0; k < n && !st; k++) {
            const cJSON *tk = cJSON_GetArrayItem(
                cJSON_GetObjectItemCaseSensitive(by_k[k]->manifest, "tables"), (int)ti);
            size_t a = (size_t)cJSON_GetObjectItemCaseSensitive(tk, "first_row")->valuedouble;
            size_t b = (size_t)cJSON_GetObjectItemCaseSensitive(tk, "end_row")->valuedouble;
            if (a != expect) {
                st = ax_fail(err, AX_EINPUT, "merge: %s/%s starts at row %zu, expected %zu",
                             by_k[k]->dir, file, a, expect);
                break;
            }
            expect = b;
            char *buf;
            size_t hl = 0, nl = 0;
            const char *body;
            if ((st = join_path(path, sizeof path, by_k[k]->dir, file, err)))
                break;
            if ((st = split_file(path, &buf, &hl, &body, &nl, err))) {
                free(buf);
                break;
            }
            if (nl != b - a) {
                st = ax_fail(err, AX_EINPUT, "merge: %s holds %zu rows; its manifest "
                             "announces %zu", path, nl, b - a);
                free(buf);
                break;
            }
            if ((st = check_rows(path, buf, hl, body, &ncols, err))) {
                free(buf);
                break;
            }
            if (k == 0) {
                if ((st = join_path(path, sizeof path, d.tmp, file, err)) ||
                    (st = ax_outfile_open_flags(&p.o[p.n], path, AX_OUT_NOFOLLOW, err))) {
                    free(buf);
                    break;
                }
                p.n++;
                fwrite(buf, 1, hl, p.o[p.n - 1].fp);
                hdr0 = malloc(hl + 1);
                if (hdr0) {
                    memcpy(hdr0, buf, hl);
                    hdr0_len = hl;
                }
            } else if (!hdr0 || hl != hdr0_len || memcmp(buf, hdr0, hl) != 0) {
                st = ax_fail(err, AX_EINPUT, "merge: %s has a different header from shard "
                             "1's; the shards come from different runs", path);
                free(buf);
                break;
            }
            fputs(body, p.o[p.n - 1].fp);
            free(buf);
        }
        free(hdr0);
        if (!st && expect != rows)
            st = ax_fail(err, AX_EINPUT, "merge: %s: the shards cover %zu of %zu rows", file,
                         expect, rows);
    }
    if (!st) {
        ax_scan_shard whole = {1, 1};
        const cJSON *fig = cJSON_GetObjectItemCaseSensitive(in[0].manifest, "figure");
        const cJSON *pts = cJSON_GetObjectItemCaseSensitive(in[0].manifest, "points");
        size_t gaps = 0, g_table = 0, g_row = 0;
        const char *gmsg = "";
        for (int k = 0; k < n; k++) {
            const cJSON *g = cJSON_GetObjectItemCaseSensitive(by_k[k]->manifest, "failed_rows");
            const cJSON *gm =
                cJSON_GetObjectItemCaseSensitive(by_k[k]->manifest, "first_failure");
            if (cJSON_IsNumber(g) && g->valuedouble > 0)
                gaps += (size_t)g->valuedouble;
            /* the first failure in table and row order, as an unsharded run */
            char fname[128];
            size_t row = 0, ti = 0;
            if (cJSON_IsString(gm) && gm->valuestring[0] &&
                sscanf(gm->valuestring, "%127s row %zu", fname, &row) == 2) {
                while (ti < nt && strcmp(files[ti], fname) != 0)
                    ti++;
                if (!gmsg[0] || ti < g_table || (ti == g_table && row < g_row)) {
                    gmsg = gm->valuestring;
                    g_table = ti;
                    g_row = row;
                }
            }
        }
        char *man = manifest_text(fig->valuestring, (size_t)pts->valuedouble, whole, nt,
                                  files, nrows, lo, hi,
                                  cJSON_GetObjectItemCaseSensitive(in[0].manifest, "record"),
                                  gaps, gmsg);
        if (!man)
            st = ax_fail(err, AX_ERUN, "out of memory");
        else if (!(st = join_path(path, sizeof path, d.tmp, MANIFEST, err)) &&
                 !(st = ax_outfile_open_flags(&p.o[p.n], path, AX_OUT_NOFOLLOW, err))) {
            fputs(man, p.o[p.n++].fp);
        }
        free(man);
    }
    free(files);
    free(nrows);
    free(lo);
    free(hi);
    if (!st)
        st = pending_commit(&p, err);
    if (!st)
        st = ax_dirpub_commit(&d, err);
    else if (begun)
        ax_dirpub_abort(&d);
    begun = 0;
done:
    if (st) {
        pending_abort(&p);
        if (begun)
            ax_dirpub_abort(&d); /* the temporary directory and the parents it made */
    }
    free(p.o);
    for (size_t i = 0; i < nshards; i++)
        cJSON_Delete(in[i].manifest);
    free(in);
    free(by_k);
    return st;
}
