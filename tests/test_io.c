/* test_io.c -- tables, data lookup and atomic output. */
#include "harness.h"

#include "axsterile/io.h"

#include "../src/json_util.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
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

/* Pairs (ax_outfile_commit_all) under SIGKILL: a child writes "new" into
 * a.csv and b.csv of a directory holding "old" in both, and is killed by
 * the fault hook at SITE; the parent sees the files as the kill left them,
 * then ax_commit_settle, and checks that both are WANT. */
static const char *kill_site;
static int kill_hook(const char *site)
{
    return strcmp(site, kill_site) == 0 || (strcmp(kill_site, "kill_in_rollback") == 0 &&
                                            strcmp(site, "rename_second") == 0);
}

static char *slurp_or_empty(const char *path)
{
    char *buf = NULL;
    size_t len;
    ax_error err;
    if (ax_file_slurp(path, 1000, &buf, &len, &err) != AX_OK)
        return calloc(1, 1);
    return buf;
}

static void pair_killed(const char *site, const char *want, int split)
{
    char dir[] = "/tmp/axsterile-pair-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    ax_error err;
    CHECK(ax_write_file_atomic(a, "old\n", &err) == AX_OK && ax_write_file_atomic(b, "old\n", &err) == AX_OK,
          "first versions: %s", err.msg);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        kill_site = site;
        ax_fault_set_hook(kill_hook);
        ax_outfile o[2];
        if (ax_outfile_open(&o[0], a, &err) != AX_OK || ax_outfile_open(&o[1], b, &err) != AX_OK)
            _exit(3);
        fputs("new\n", o[0].fp);
        fputs("new\n", o[1].fp);
        ax_outfile_commit_all(o, 2, &err);
        _exit(4);
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    CHECK(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL, "%s: the child was not killed", site);
    char *x = slurp_or_empty(a), *y = slurp_or_empty(b);
    if (split) /* the kill really left the pair split on disk, and the journal says so */
        CHECK(strcmp(x, "new\n") == 0 && strcmp(y, "old\n") == 0 && ax_commit_pending(dir),
              "%s: before the recovery a = '%s', b = '%s', journal %d", site, x, y,
              ax_commit_pending(dir));
    free(x);
    free(y);
    CHECK(ax_commit_settle(b, &err) == AX_OK, "%s: settle: %s", site, err.msg);
    x = slurp_or_empty(a);
    y = slurp_or_empty(b);
    CHECK(strcmp(x, want) == 0 && strcmp(y, want) == 0, "%s: after the recovery a = '%s', b = '%s', want both '%s'",
          site, x, y, want);
    free(x);
    free(y);
    CHECK(!ax_commit_pending(dir), "%s: a journal is left", site);
    CHECK(count_entries(dir) == 2, "%s: %d entries left, want the 2 files", site, count_entries(dir));
    unlink(a);
    unlink(b);
    rmdir(dir);
}

/* The strict JSON reader shared by every JSON input (src/json_util.h). */
static void json_bad(const char *text, size_t len, size_t max, const char *frag)
{
    cJSON *j = (cJSON *)1;
    ax_error err;
    ax_error_clear(&err);
    CHECK_STATUS(ax_json_parse("in.json", text, len, max, &j, &err), AX_EINPUT, &err, frag);
    CHECK(j == NULL, "nothing returned after '%s'", frag);
}

static void test_json(void)
{
    cJSON *j = NULL;
    ax_error err;
    const char *ok = "{\"a\": {\"b\": 1, \"c\": [1, {\"d\": 2}]}}\n\n";
    CHECK(ax_json_parse("in.json", ok, strlen(ok), 0, &j, &err) == AX_OK, "valid: %s", err.msg);
    CHECK(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "a"), "b")->valuedouble == 1,
          "valid: value read");
    cJSON_Delete(j);
    /* the same key twice, at the top, nested, and inside an array's object */
    json_bad("{\"a\": 1, \"a\": 2}", 16, 0, "in.json: key \"a\" appears twice");
    json_bad("{\"a\": {\"b\": 1, \"b\": 1}}", 23, 0, "key \"a.b\" appears twice");
    json_bad("{\"a\": [{\"d\": 1, \"d\": 2}]}", 25, 0, "key \"a.d\" appears twice");
    /* text after the value, with its line */
    json_bad("{\"a\": 1}\n\n{\"b\": 2}", 18, 0, "in.json: text after the JSON object at line 3");
    json_bad("{\"a\": 1},", 9, 0, "text after the JSON object at line 1");
    /* a NUL byte hides the rest of the text from a C string reader */
    json_bad("{\"a\": 1}\n\0{\"b\"}", 15, 0, "in.json: binary data (a NUL byte at line 2");
    /* the line of a syntax error */
    json_bad("{\n\"a\": 1,\n\"b\": }\n", 17, 0, "in.json line 3: not valid JSON");
    json_bad("", 0, 0, "in.json line 1: not valid JSON");
    /* the size limit: exactly at it is accepted, one byte over is not */
    CHECK(ax_json_parse("in.json", "{\"a\":1}", 7, 7, &j, &err) == AX_OK, "at the size limit: %s", err.msg);
    cJSON_Delete(j);
    json_bad("{\"a\":1}", 7, 6, "in.json: larger than 6 bytes");
    /* from a file: the file is named */
    char path[] = "/tmp/ax_test_json_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "temporary file");
    if (fd >= 0) {
        CHECK(write(fd, "{\"k\": 1, \"k\": 1}", 16) == 16, "write");
        close(fd);
        CHECK_STATUS(ax_json_load(path, 0, &j, &err), AX_EINPUT, &err, "appears twice");
        CHECK(strstr(err.msg, path) == err.msg, "message starts with the file name: %s", err.msg);
        unlink(path);
    }
}

int main(void)
{
    ax_gsl_quiet();
    test_json();
    pair_killed("kill_before_journal", "old\n", 0);
    pair_killed("kill_after_journal", "new\n", 0);
    pair_killed("kill_between_renames", "new\n", 1);
    pair_killed("kill_in_rollback", "old\n", 0);
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
