/* test_scan.c -- the scan engine: sharding, merging bit for bit, gaps,
 * failures that leave earlier outputs untouched. */
#include "harness.h"

#include "axsterile/io.h"
#include "axsterile/scan.h"

#include <dirent.h>
#include <unistd.h>

/* Row i of a smooth test function; rows 7-9 have no value, and row
 * `fail_row` fails (when >= 0). */
typedef struct {
    long fail_row;
} ctx_t;

static int row_fn(void *vctx, size_t i, double *row, ax_error *err)
{
    const ctx_t *c = vctx;
    if (c && (long)i == c->fail_row)
        return ax_fail(err, AX_ERUN, "no root for m_s = %zu keV", i);
    if (i >= 7 && i <= 9)
        return AX_NO_VALUE;
    double x = pow(10.0, 0.01 * (double)i);
    row[0] = x;
    row[1] = sin(x) * exp(-x / 7.0) + 1.0 / 3.0;
    return AX_OK;
}

static int row_nan(void *vctx, size_t i, double *row, ax_error *err)
{
    (void)vctx;
    (void)err;
    row[0] = (double)i;
    row[1] = i == 3 ? NAN : 1.0;
    return AX_OK;
}

static int build(ax_scan *s, size_t n, ctx_t *c, ax_error *err)
{
    ax_scan_init(s, "test", n);
    int st = ax_scan_add(s, "a.csv", "Test table A\nsecond line", "x [1], y [1]", n, 2,
                         row_fn, c, err);
    if (!st)
        st = ax_scan_add(s, "b.csv", "Test table B", "x [1], y [1]", 3, 2, row_fn, c, err);
    return st;
}

static char *slurp(const char *path)
{
    char *b = NULL;
    size_t n;
    ax_error e;
    if (ax_file_slurp(path, 1 << 24, &b, &n, &e) != AX_OK)
        return NULL;
    return b;
}

static int same_file(const char *a, const char *b)
{
    char *x = slurp(a), *y = slurp(b);
    int ok = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return ok;
}

static int count_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp."))
            n++;
    closedir(d);
    return n;
}

int main(void)
{
    ax_error err;
    char base[] = "/tmp/axsterile-test-scan-XXXXXX";
    if (!mkdtemp(base)) {
        printf("cannot create a scratch directory\n");
        return 1;
    }
    char whole[256], out[1024], merged[256], p1[1024], p2[1024];
    snprintf(whole, sizeof whole, "%s/whole", base);
    snprintf(merged, sizeof merged, "%s/merged", base);

    /* shard parsing */
    ax_scan_shard sh;
    CHECK(ax_scan_shard_parse("3/8", &sh, &err) == AX_OK && sh.k == 3 && sh.n == 8, "3/8");
    const char *bad[] = {"0/4", "5/4", "3", "3/", "/4", "a/b", "1/0", "2/3x", "-1/3", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_STATUS(ax_scan_shard_parse(bad[i], &sh, &err), AX_EINPUT, &err, "K/N");

    /* unsharded run */
    const size_t n = 101;
    ax_scan s;
    CHECK(build(&s, n, NULL, &err) == AX_OK, "build: %s", err.msg);
    ax_scan_shard all = {1, 1};
    CHECK(ax_scan_run(&s, all, &err) == AX_OK, "run: %s", err.msg);
    CHECK(ax_scan_rows(&s) == n + 3, "rows %zu", ax_scan_rows(&s));
    CHECK(ax_scan_write(&s, whole, &err) == AX_OK, "write: %s", err.msg);
    ax_scan_free(&s);

    /* the file: header, column line, then n rows with blank lines at 7-9 */
    snprintf(out, sizeof out, "%s/a.csv", whole);
    char *text = slurp(out);
    CHECK(text && strncmp(text, "# Test table A\n# second line\n# x [1], y [1]\n", 43) == 0,
          "header of a.csv");
    size_t lines = 0, blanks = 0;
    for (const char *q = text ? text : ""; *q; q++) {
        if (*q == '\n') {
            lines++;
            if (q[1] == '\n')
                blanks++;
        }
    }
    CHECK(lines == n + 3, "a.csv has %zu lines, want %zu", lines, n + 3);
    CHECK(blanks == 3, "a.csv has %zu empty rows, want 3 (rows 7-9)", blanks);
    free(text);

    /* read back (plot --from-data): the same values, the empty rows 7-9
     * (no value, no message: like a limit's masked window) NOT counted as
     * failed solves (the manifest's "failed_rows" is), and
     * written again byte for byte the same files */
    {
        char again[256];
        snprintf(again, sizeof again, "%s/again", base);
        ax_scan r;
        build(&r, n, NULL, &err);
        CHECK(ax_scan_load(&r, whole, &err) == AX_OK, "load: %s", err.msg);
        CHECK(r.ngaps == 0, "load: %zu failed rows, want 0 (rows 7-9 have no value, but no "
              "solve failed there)", r.ngaps);
        double want[2];
        row_fn(NULL, 42, want, &err);
        CHECK(r.tables[0].valid[42] && fabs(r.tables[0].data[85] / want[1] - 1) < 1e-9,
              "load: row 42 read back");
        CHECK(ax_scan_write(&r, again, &err) == AX_OK, "write again: %s", err.msg);
        char x[1024], y[1024];
        const char *files[] = {"a.csv", "b.csv", "scan.json"};
        for (int i = 0; i < 3; i++) {
            snprintf(x, sizeof x, "%s/%s", whole, files[i]);
            snprintf(y, sizeof y, "%s/%s", again, files[i]);
            CHECK(same_file(x, y), "load + write changed %s", files[i]);
        }
        ax_scan_free(&r);
        /* malformed data: each refused, naming the file and the line */
        static const struct {
            const char *from, *to, *msg;
        } BADLOAD[] = {
            {"\n1.023292992,", "\nabc,", "a.csv line 5: expected 2 comma-separated"},
            {"\n1.023292992,", "\n1.023292992;", "a.csv line 5: expected 2"},
            {"\n1.023292992,1.071038097", "\n1.023292992,1.071038097,7", "a.csv line 5: expected 2"},
            {"\n1.023292992,1.071038097", "\n1.023292992,inf", "a.csv line 5: expected 2"},
        };
        for (size_t i = 0; i < sizeof BADLOAD / sizeof *BADLOAD; i++) {
            snprintf(x, sizeof x, "%s/a.csv", again);
            char *t = slurp(out);
            char *at = t ? strstr(t, BADLOAD[i].from) : NULL;
            CHECK(at != NULL, "test data: '%s' not found in a.csv", BADLOAD[i].from);
            if (at) {
                FILE *fp = fopen(x, "w");
                fwrite(t, 1, (size_t)(at - t), fp);
                fputs(BADLOAD[i].to, fp);
                fputs(at + strlen(BADLOAD[i].from), fp);
                fclose(fp);
                build(&r, n, NULL, &err);
                CHECK_STATUS(ax_scan_load(&r, again, &err), AX_EINPUT, &err, BADLOAD[i].msg);
                ax_scan_free(&r);
            }
            free(t);
        }
        /* a row fewer; another figure; other points */
        build(&r, n + 1, NULL, &err);
        CHECK_STATUS(ax_scan_load(&r, whole, &err), AX_EINPUT, &err, "--points");
        ax_scan_free(&r);
        ax_scan_init(&r, "other", n);
        CHECK_STATUS(ax_scan_load(&r, whole, &err), AX_EINPUT, &err, "holds a test scan, not other");
        ax_scan_free(&r);
        size_t pts = 0;
        CHECK(ax_scan_dir_points(whole, &pts, &err) == AX_OK && pts == n, "manifest points");
    }

    /* shards 1..N merged equal the unsharded run byte for byte, for several N
     * (including N larger than a table, so that some shards are empty) */
    const int ns[] = {2, 3, 7, 5};
    for (size_t t = 0; t < sizeof ns / sizeof *ns; t++) {
        int N = ns[t];
        const char *dirs[8];
        char names[8][256];
        for (int k = 1; k <= N; k++) {
            snprintf(names[k - 1], sizeof names[k - 1], "%s/n%d-shard%d", base, N, k);
            dirs[N - k] = names[k - 1]; /* give them in reverse order */
            ax_scan_shard part = {k, N};
            build(&s, n, NULL, &err);
            CHECK(ax_scan_run(&s, part, &err) == AX_OK, "shard run: %s", err.msg);
            CHECK(ax_scan_write(&s, names[k - 1], &err) == AX_OK, "shard write: %s", err.msg);
            ax_scan_free(&s);
        }
        snprintf(merged, sizeof merged, "%s/merged%d", base, N);
        int st = ax_scan_merge(merged, dirs, (size_t)N, &err);
        CHECK(st == AX_OK, "merge of %d shards: %s", N, err.msg);
        const char *files[] = {"a.csv", "b.csv", "scan.json"};
        for (int f = 0; f < 3; f++) {
            snprintf(p1, sizeof p1, "%s/%s", whole, files[f]);
            snprintf(p2, sizeof p2, "%s/%s", merged, files[f]);
            CHECK(same_file(p1, p2), "%d shards merged: %s differs from the unsharded run",
                  N, files[f]);
        }
    }

    /* merge refusals: a missing shard, a repeated shard, shards of different scans */
    {
        char a1[256], a2[256];
        snprintf(a1, sizeof a1, "%s/n3-shard1", base);
        snprintf(a2, sizeof a2, "%s/n3-shard2", base);
        const char *two[] = {a1, a2};
        snprintf(out, sizeof out, "%s/refused", base);
        CHECK_STATUS(ax_scan_merge(out, two, 2, &err), AX_EINPUT, &err, "3 shards but 2");
        const char *rep[] = {a1, a1, a2};
        CHECK_STATUS(ax_scan_merge(out, rep, 3, &err), AX_EINPUT, &err, "are both shard 1/3");
        char b2[256];
        snprintf(b2, sizeof b2, "%s/n2-shard2", base);
        const char *mixed[] = {a1, b2};
        CHECK_STATUS(ax_scan_merge(out, mixed, 2, &err), AX_EINPUT, &err, "split the scan");
        const char *none[] = {base};
        CHECK_STATUS(ax_scan_merge(out, none, 1, &err), AX_EINPUT, &err, "not a scan directory");
        CHECK(access(out, F_OK) != 0, "a refused merge creates nothing");
        /* a shard file cut short */
        snprintf(p1, sizeof p1, "%s/n3-shard2/a.csv", base);
        char *t2 = slurp(p1);
        if (t2) {
            size_t len = strlen(t2);
            char *nl = strrchr(t2, '\n');
            *nl = '\0';
            nl = strrchr(t2, '\n');
            nl[1] = '\0';
            ax_write_file_atomic(p1, t2, &err);
            (void)len;
        }
        free(t2);
        char a3[256];
        snprintf(a3, sizeof a3, "%s/n3-shard3", base);
        const char *cut[] = {a1, a2, a3};
        CHECK_STATUS(ax_scan_merge(out, cut, 3, &err), AX_EINPUT, &err, "its manifest");
    }

    /* a failing row: the error names the row, and nothing is written over
     * the earlier outputs */
    {
        snprintf(p1, sizeof p1, "%s/a.csv", whole);
        char *before = slurp(p1);
        ctx_t c = {42};
        build(&s, n, &c, &err);
        int st = ax_scan_run(&s, all, &err);
        CHECK_STATUS(st, AX_ERUN, &err, "a.csv row 43 of 101");
        CHECK(strstr(err.msg, "no root for m_s = 42 keV") != NULL, "message: %s", err.msg);
        ax_scan_free(&s);
        char *after = slurp(p1);
        CHECK(before && after && strcmp(before, after) == 0, "earlier output untouched");
        CHECK(count_tmp(whole) == 0, "no temporary file left");
        free(before);
        free(after);
    }

    /* a non-finite value is an error, never printed */
    {
        ax_scan_init(&s, "test", 5);
        ax_scan_add(&s, "nan.csv", "", "x, y", 5, 2, row_nan, NULL, &err);
        CHECK_STATUS(ax_scan_run(&s, all, &err), AX_ERUN, &err, "non-finite value (column 2)");
        CHECK(strstr(err.msg, "row 4 of 5") != NULL, "message names the row: %s", err.msg);
        ax_scan_free(&s);
    }

    /* an output directory that cannot be made */
    {
        build(&s, 3, NULL, &err);
        ax_scan_run(&s, all, &err);
        snprintf(out, sizeof out, "%s/a.csv/sub", whole);
        CHECK_STATUS(ax_scan_write(&s, out, &err), AX_EINPUT, &err, "cannot create directory");
        ax_scan_free(&s);
    }

    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", base);
    return harness_done("test_scan");
}
