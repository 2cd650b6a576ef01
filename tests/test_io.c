/* test_io.c -- tables, data lookup and atomic output. */
#include "harness.h"

#include "axsterile/io.h"

#include <dirent.h>
#include <unistd.h>

static void table_ok(const char *text, size_t ncols, int flags, size_t rows,
                     size_t cols, double last)
{
    ax_table t;
    ax_error err;
    int st = ax_table_parse("mem", text, strlen(text), ncols, flags, &t, &err);
    CHECK(st == AX_OK, "table refused: %s", st ? err.msg : "");
    if (st != AX_OK)
        return;
    CHECK(t.nrows == rows && t.ncols == cols, "shape %zux%zu, want %zux%zu", t.nrows,
          t.ncols, rows, cols);
    CHECK_CLOSE(ax_table_at(&t, t.nrows - 1, t.ncols - 1), last, 1e-15, "last cell");
    ax_table_free(&t);
}

static void table_bad(const char *text, size_t len, size_t ncols, int flags,
                      const char *fragment)
{
    ax_table t;
    ax_error err;
    ax_error_clear(&err);
    if (len == (size_t)-1)
        len = strlen(text);
    int st = ax_table_parse("bad.csv", text, len, ncols, flags, &t, &err);
    CHECK_STATUS(st, AX_EINPUT, &err, fragment);
    CHECK(t.cell == NULL && t.nrows == 0, "table not emptied after failure");
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void test_atomic(void)
{
    char dir[] = "/tmp/axsterile-io-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char path[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    ax_error err;
    CHECK(ax_write_file_atomic(path, "old\n", &err) == AX_OK, "first write: %s", err.msg);
    ax_outfile o;
    CHECK(ax_outfile_open(&o, path, &err) == AX_OK, "open: %s", err.msg);
    fputs("half a fi", o.fp);
    fflush(o.fp);
    ax_outfile_abort(&o);
    char *buf;
    size_t len;
    CHECK(ax_file_slurp(path, 1000, &buf, &len, &err) == AX_OK, "read back");
    CHECK(strcmp(buf, "old\n") == 0, "aborted write changed the file: '%s'", buf);
    free(buf);
    CHECK(count_entries(dir) == 1, "temporary file left behind (%d entries)",
          count_entries(dir));
    CHECK(ax_outfile_open(&o, path, &err) == AX_OK, "open: %s", err.msg);
    fputs("new\n", o.fp);
    CHECK(ax_outfile_commit(&o, &err) == AX_OK, "commit: %s", err.msg);
    CHECK(ax_file_slurp(path, 1000, &buf, &len, &err) == AX_OK && strcmp(buf, "new\n") == 0,
          "committed content");
    free(buf);
    CHECK_STATUS(ax_outfile_open(&o, "/nonexistent-dir/x.csv", &err), AX_EINPUT, &err,
                 "cannot create");
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    ax_gsl_quiet();
    table_ok("# comment\n1,2\n3,4\n", 2, 0, 2, 2, 4.0);
    table_ok("x,y\n1,2\n\n3,4.5\r\n", 0, AX_TABLE_SKIP_HEADER, 2, 2, 4.5);
    table_ok("1 2 3\n4\t5   6\n", 3, AX_TABLE_WHITESPACE, 2, 3, 6.0);
    table_ok("1,nan\n2,3\n", 2, AX_TABLE_ALLOW_NAN, 2, 2, 3.0);
    table_ok("\"1\",\"2e3\"\n", 2, 0, 1, 2, 2e3);
    table_bad("1,2\n3,abc\n", 10, 2, 0, "bad.csv line 2, column 2: 'abc' is not a number");
    table_bad("1,nan\n", 6, 2, 0, "'nan' is not a number");
    table_bad("1,inf\n", 6, 2, 0, "is not a number");
    table_bad("1,1e999\n", 8, 2, 0, "out of the range");
    table_bad("1,2\n3\n", 6, 0, 0, "line 2: 1 columns; expected 2");
    table_bad("1,2,3\n", 6, 2, 0, "3 columns; expected 2");
    table_bad("# only comments\n\n", (size_t)-1, 2, 0, "no data rows");
    table_bad("", 0, 2, 0, "no data rows");
    table_bad("1,\n", 3, 2, 0, "empty cell");
    table_bad("1,2\n\0\x01\x02", 7, 2, 0, "binary data");
    table_bad("1,\"2\n", 5, 2, 0, "line 1: malformed CSV");

    ax_error err;
    char path[4096];
    harness_use_source_data();
    CHECK(ax_data_find("data/gstar.csv", path, sizeof path, &err) == AX_OK,
          "data/gstar.csv not found: %s", err.msg);
    CHECK_STATUS(ax_data_find("data/no-such-file.csv", path, sizeof path, &err), AX_EINPUT,
                 &err, "tried");
    CHECK(strstr(err.msg, "AXSTERILE_DATA") != NULL, "message names the variable: %s",
          err.msg);
    test_atomic();
    return harness_done("test_io");
}
