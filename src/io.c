/* io.c -- data lookup, numeric tables (libcsv), atomic output.
 * See axsterile/io.h. */
#define _GNU_SOURCE /* realpath, syscall, EDQUOT */
#include "axsterile/io.h"
#include "json_util.h"

#include <cjson/cJSON.h>


#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef AX_SHARE_DIR
#define AX_SHARE_DIR "/usr/local/share/axsterile"
#endif
#ifndef AX_SOURCE_DIR
#define AX_SOURCE_DIR "."
#endif

/* ==== data lookup ===================================================== */

/* Is the running program inside the source tree it was built from (a
 * build-tree binary, e.g. build/axsterile)? Then that tree's data/ and
 * limits/ come before an installed copy, so that edits there take effect. */
static int running_from_source_tree(void)
{
#ifdef __linux__
    char exe[4096], src[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    if (!realpath(AX_SOURCE_DIR, src))
        return 0;
    size_t ls = strlen(src);
    return strncmp(exe, src, ls) == 0 && exe[ls] == '/';
#else
    return 0;
#endif
}

int ax_data_find(const char *relpath, char *out, size_t outlen, ax_error *err)
{
    const char *env = getenv("AXSTERILE_DATA");
    int src_first = running_from_source_tree();
    const char *roots[3] = {env && *env ? env : NULL, src_first ? AX_SOURCE_DIR : AX_SHARE_DIR,
                            src_first ? AX_SHARE_DIR : AX_SOURCE_DIR};
    const char *labels[3] = {"$AXSTERILE_DATA",
                             src_first ? "source tree" : "installed share directory",
                             src_first ? "installed share directory" : "source tree"};
    char tried[AX_ERROR_MSG_LEN / 2] = "";
    size_t used = 0;
    for (int i = 0; i < 3; i++) {
        if (!roots[i])
            continue;
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", roots[i], relpath);
        if (n < 0 || (size_t)n >= sizeof path)
            continue;
        struct stat st;
        if (stat(path, &st) == 0) {
            if ((size_t)n >= outlen)
                return ax_fail(err, AX_ERUN, "path too long: %s", path);
            memcpy(out, path, (size_t)n + 1);
            return AX_OK;
        }
        int w = snprintf(tried + used, sizeof tried - used, "%s%s (%s)",
                         used ? ", " : "", path, labels[i]);
        if (w > 0 && used + (size_t)w < sizeof tried)
            used += (size_t)w;
    }
    return ax_fail(err, AX_EINPUT,
                   "cannot find %s; tried %s. Set AXSTERILE_DATA to a "
                   "directory that holds data/ and limits/",
                   relpath, used ? tried : "nothing ($AXSTERILE_DATA unset)");
}

static char *cat3(const char *a, const char *b, const char *c);

/* ==== whole files ===================================================== */

int ax_file_slurp(const char *path, size_t max_bytes, char **buf, size_t *len,
                  ax_error *err)
{
    *buf = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return ax_fail(err, AX_EINPUT, "%s: cannot open: %s", path, ax_io_strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        const char *what = S_ISDIR(sb.st_mode)    ? "a directory"
                           : S_ISFIFO(sb.st_mode) ? "a FIFO"
                           : S_ISCHR(sb.st_mode)  ? "a character device"
                           : S_ISBLK(sb.st_mode)  ? "a block device"
                           : S_ISSOCK(sb.st_mode) ? "a socket"
                                                  : "not a regular file";
        close(fd);
        return ax_fail(err, AX_EINPUT, "%s is %s; expected a regular file", path, what);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        close(fd);
        return ax_fail(err, AX_ERUN, "%s: cannot open: out of memory", path);
    }
    /* room for max_bytes + 1, so that a file of exactly max_bytes is read
     * whole and one byte more is seen */
    size_t cap = 4096, n = 0;
    if (cap > max_bytes + 1)
        cap = max_bytes + 1;
    char *b = malloc(cap + 1);
    if (!b) {
        fclose(fp);
        return ax_fail(err, AX_ERUN, "%s: out of memory", path);
    }
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                free(b);
                fclose(fp);
                return ax_fail(err, AX_EINPUT, "%s: larger than %zu bytes", path,
                               max_bytes);
            }
            cap = cap > (max_bytes + 1) / 2 ? max_bytes + 1 : 2 * cap;
            char *nb = realloc(b, cap + 1);
            if (!nb) {
                free(b);
                fclose(fp);
                return ax_fail(err, AX_ERUN, "%s: out of memory", path);
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp) ? (errno ? errno : EIO) : 0;
    fclose(fp);
    if (bad) {
        free(b);
        return ax_fail(err, AX_EINPUT, "%s: read error: %s", path, ax_io_strerror(bad));
    }
    if (n > max_bytes) {
        free(b);
        return ax_fail(err, AX_EINPUT, "%s: larger than %zu bytes", path, max_bytes);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return AX_OK;
}

/* ==== numeric tables ================================================== */

typedef struct row_state {
    const char *name;
    size_t lineno;
    int flags;
    double vals[64];
    size_t nvals;
    int status;
    ax_error *err;
} row_state;

/* Parse one cell strictly: optional blanks, a finite decimal number (or
 * "nan" when allowed), optional blanks, nothing else. */
static int parse_cell(row_state *rs, const char *s, size_t len)
{
    if (rs->status != AX_OK)
        return rs->status;
    if (rs->nvals >= sizeof rs->vals / sizeof rs->vals[0])
        return rs->status = ax_fail(rs->err, AX_EINPUT,
                                    "%s line %zu: more than 64 columns",
                                    rs->name, rs->lineno);
    char cell[128];
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    size_t col = rs->nvals + 1;
    if (len == 0)
        return rs->status = ax_fail(rs->err, AX_EINPUT,
                                    "%s line %zu, column %zu: empty cell; expected a number",
                                    rs->name, rs->lineno, col);
    if (len >= sizeof cell)
        return rs->status = ax_fail(rs->err, AX_EINPUT,
                                    "%s line %zu, column %zu: cell too long; expected a number",
                                    rs->name, rs->lineno, col);
    memcpy(cell, s, len);
    cell[len] = '\0';
    if ((rs->flags & AX_TABLE_ALLOW_NAN) &&
        (strcmp(cell, "nan") == 0 || strcmp(cell, "NaN") == 0 || strcmp(cell, "NAN") == 0)) {
        rs->vals[rs->nvals++] = NAN;
        return AX_OK;
    }
    int ok = isdigit((unsigned char)cell[0]) || cell[0] == '.' || cell[0] == '-' ||
             cell[0] == '+';
    for (size_t i = 0; ok && i < len; i++)
        if (isalpha((unsigned char)cell[i]) && cell[i] != 'e' && cell[i] != 'E')
            ok = 0;
    char *end = NULL;
    errno = 0;
    double v = ok ? strtod(cell, &end) : 0.0;
    if (!ok || end == cell || *end != '\0')
        return rs->status = ax_fail(rs->err, AX_EINPUT,
                                    "%s line %zu, column %zu: '%.40s' is not a number",
                                    rs->name, rs->lineno, col, cell);
    if (!isfinite(v) || errno == ERANGE)
        return rs->status = ax_fail(rs->err, AX_EINPUT,
                                    "%s line %zu, column %zu: '%.40s' is out of the range "
                                    "of a finite double",
                                    rs->name, rs->lineno, col, cell);
    rs->vals[rs->nvals++] = v;
    return AX_OK;
}

static void csv_cell_cb(void *data, size_t len, void *ctx)
{
    parse_cell((row_state *)ctx, (const char *)data, len);
}

static int table_push(ax_table *t, size_t *cap, const row_state *rs)
{
    if (t->nrows == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        double *c = realloc(t->cell, nc * t->ncols * sizeof *c);
        if (!c)
            return AX_ERUN;
        t->cell = c;
        size_t *l = realloc(t->line, nc * sizeof *l);
        if (!l)
            return AX_ERUN;
        t->line = l;
        *cap = nc;
    }
    memcpy(t->cell + t->nrows * t->ncols, rs->vals, t->ncols * sizeof(double));
    t->line[t->nrows++] = rs->lineno;
    return AX_OK;
}

static int split_line(row_state *rs, const char *line, size_t len,
                      struct csv_parser *csv)
{
    rs->nvals = 0;
    if (rs->flags & AX_TABLE_WHITESPACE) {
        size_t i = 0;
        while (i < len && rs->status == AX_OK) {
            while (i < len && (line[i] == ' ' || line[i] == '\t'))
                i++;
            size_t start = i;
            while (i < len && line[i] != ' ' && line[i] != '\t')
                i++;
            if (i > start)
                parse_cell(rs, line + start, i - start);
        }
        return rs->status;
    }
    csv_init(csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    if (csv_parse(csv, line, len, csv_cell_cb, NULL, rs) != len && rs->status == AX_OK)
        rs->status = ax_fail(rs->err, AX_EINPUT, "%s line %zu: malformed CSV (%s)",
                             rs->name, rs->lineno, csv_strerror(csv_error(csv)));
    if (csv_fini(csv, csv_cell_cb, NULL, rs) != 0 && rs->status == AX_OK)
        rs->status = ax_fail(rs->err, AX_EINPUT,
                             "%s line %zu: malformed CSV (unterminated quote)", rs->name,
                             rs->lineno);
    csv_free(csv);
    return rs->status;
}

static int looks_like_header(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (isalpha((unsigned char)line[i]) && line[i] != 'e' && line[i] != 'E')
            return 1;
    return 0;
}

static void append_comment(ax_table *t, size_t *clen, const char *s, size_t len)
{
    char *c = realloc(t->comments, *clen + len + 2);
    if (!c)
        return;
    t->comments = c;
    memcpy(c + *clen, s, len);
    *clen += len;
    c[(*clen)++] = '\n';
    c[*clen] = '\0';
}

int ax_table_parse(const char *name, const char *buf, size_t len, size_t ncols,
                   int flags, ax_table *t, ax_error *err)
{
    memset(t, 0, sizeof *t);
    const char *nul = memchr(buf, '\0', len);
    if (nul)
        return ax_fail(err, AX_EINPUT,
                       "%s: binary data (a NUL byte at offset %zu); expected a text table",
                       name, (size_t)(nul - buf));
    row_state rs = {.name = name, .flags = flags, .status = AX_OK, .err = err};
    struct csv_parser csv;
    size_t cap = 0, clen = 0, pos = 0;
    int header_allowed = (flags & AX_TABLE_SKIP_HEADER) != 0;
    t->ncols = ncols;
    while (pos < len && rs.status == AX_OK) {
        const char *line = buf + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl ? 1 : 0);
        rs.lineno++;
        if (ll && line[ll - 1] == '\r')
            ll--;
        size_t k = 0;
        while (k < ll && isspace((unsigned char)line[k]))
            k++;
        if (k == ll)
            continue;
        if (line[k] == '#') {
            append_comment(t, &clen, line + k, ll - k);
            continue;
        }
        if (header_allowed && looks_like_header(line, ll)) {
            header_allowed = 0;
            continue;
        }
        header_allowed = 0;
        if (split_line(&rs, line, ll, &csv) != AX_OK)
            break;
        if (t->ncols == 0)
            t->ncols = rs.nvals;
        if (rs.nvals != t->ncols) {
            rs.status = ax_fail(err, AX_EINPUT, "%s line %zu: %zu columns; expected %zu",
                                name, rs.lineno, rs.nvals, t->ncols);
            break;
        }
        if (table_push(t, &cap, &rs) != AX_OK)
            rs.status = ax_fail(err, AX_ERUN, "%s: out of memory", name);
    }
    if (rs.status == AX_OK && t->nrows == 0)
        rs.status = ax_fail(err, AX_EINPUT, "%s: no data rows; expected lines of numbers",
                            name);
    if (rs.status != AX_OK)
        ax_table_free(t);
    return rs.status;
}

int ax_table_read(const char *path, size_t ncols, int flags, ax_table *t,
                  ax_error *err)
{
    char *buf;
    size_t len;
    memset(t, 0, sizeof *t);
    int st = ax_file_slurp(path, (size_t)64 << 20, &buf, &len, err);
    if (st != AX_OK)
        return st;
    st = ax_table_parse(path, buf, len, ncols, flags, t, err);
    free(buf);
    return st;
}

void ax_table_free(ax_table *t)
{
    if (!t)
        return;
    free(t->cell);
    free(t->line);
    free(t->comments);
    memset(t, 0, sizeof *t);
}

/* ==== atomic output =================================================== */

const char *ax_io_strerror(int e)
{
    switch (e) {
    case ENOSPC: return "no space left on device";
    case EDQUOT: return "disk quota exceeded";
    case EIO: return "I/O error";
    case EROFS: return "read-only file system";
    case EACCES: return "permission denied";
    case EPERM: return "operation not permitted";
    default: return strerror(e);
    }
}

/* Temporary files still open, so a signal handler can remove them; and the
 * entries of a directory being built for publication (ax_dirpub), removed
 * in reverse order of creation, then the directory itself. */
#define MAX_OPEN_TMP 1024
static char *volatile open_tmp[MAX_OPEN_TMP];
#define MAX_PUB 4096
static char *volatile pub_entry[MAX_PUB];
static volatile size_t pub_n;
static char *volatile pub_dir;
static const char *pub_final; /* the directory pub_dir will become (for messages) */

/* A path inside the directory being built, as the user will know it:
 * DIR/NAME rather than DIR.tmp.PID.XXXXXX/NAME. */
static const char *shown_path(const char *path, char *buf, size_t n)
{
    const char *d = pub_dir;
    size_t k = d ? strlen(d) : 0;
    if (d && pub_final && strncmp(path, d, k) == 0 && path[k] == '/') {
        int w = snprintf(buf, n, "%s%s", pub_final, path + k);
        if (w > 0 && (size_t)w < n)
            return buf;
    }
    return path;
}

static void track(char *p)
{
    for (int i = 0; i < MAX_OPEN_TMP; i++)
        if (!open_tmp[i]) {
            open_tmp[i] = p;
            return;
        }
}

static void untrack(const char *p)
{
    for (int i = 0; i < MAX_OPEN_TMP; i++)
        if (open_tmp[i] == p)
            open_tmp[i] = NULL;
}

/* A path inside the directory being built: remember it for the handler. */
static void pub_track(const char *path)
{
    const char *d = pub_dir;
    size_t n = d ? strlen(d) : 0;
    if (!d || strncmp(path, d, n) != 0 || path[n] != '/' || pub_n >= MAX_PUB)
        return;
    for (size_t i = 0; i < pub_n; i++)
        if (pub_entry[i] && strcmp(pub_entry[i], path) == 0)
            return;
    size_t m = strlen(path);
    char *c = malloc(m + 1);
    if (!c)
        return;
    memcpy(c, path, m + 1);
    pub_entry[pub_n] = c;
    pub_n = pub_n + 1;
}

void ax_dirpub_note(const char *path)
{
    pub_track(path);
}

void ax_outfile_abort_all_signal_safe(void)
{
    for (int i = 0; i < MAX_OPEN_TMP; i++)
        if (open_tmp[i])
            unlink(open_tmp[i]);
    if (pub_dir) {
        for (size_t i = pub_n; i-- > 0;)
            if (pub_entry[i] && unlink(pub_entry[i]) != 0)
                rmdir(pub_entry[i]);
        rmdir(pub_dir);
    }
}

static mode_t umask_now(void)
{
    mode_t m = umask(022);
    umask(m);
    return m;
}

static void outfile_clear(ax_outfile *o)
{
    free(o->path);
    free(o->tmp_path);
    free(o->target);
    memset(o, 0, sizeof *o);
}

static int starts_with(const char *s, const char *pre)
{
    return strncmp(s, pre, strlen(pre)) == 0;
}

/* ==== committing several files together ==================================
 *
 * Two loose files cannot be replaced by one rename, so a group is committed
 * with a journal (docs/hardening.md, "All or none"):
 *   1. every new version is complete and fsync'ed in its temporary file
 *      TARGET.tmp.PID.XXXXXX beside its target;
 *   2. each target that exists gets a second name, TMP.old (a hard link to
 *      the old version, for a roll-back);
 *   3. a journal TMP.commit (TMP of the group's first file in that
 *      directory) listing every target, temporary file and old version is
 *      written beside the targets of each directory the group touches
 *      (written as TMP.commit.part, fsync'ed, renamed), the one beside the
 *      first file last: that one, the primary, is the decision ("state
 *      forward"); until it exists, nothing has been renamed;
 *   4. the temporary files are renamed onto the targets;
 *   5. the primary is removed (the group is done), then the other journals
 *      and the old versions.
 * A rename that fails at 4 rewrites the primary as "state back" and puts
 * every target back. A run killed in 3-5 leaves its journals; every run
 * that writes beside them, and every read of a limit pair there, first
 * finishes the group of a process that no longer runs (ax_commit_settle):
 * primary "forward": the remaining renames; "back": the old versions put
 * back; no primary: the temporary files removed, the targets untouched.
 * Each step can be repeated, so a recovery that is itself killed is done
 * again by the next one. */

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* the directory part of p ("." when it has none), newly allocated */
static char *dir_of(const char *p)
{
    const char *s = strrchr(p, '/');
    if (!s)
        return cat3(".", "", "");
    if (s == p)
        return cat3("/", "", "");
    size_t n = (size_t)(s - p);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, p, n);
        d[n] = '\0';
    }
    return d;
}

/* p with its directory resolved to an absolute path (the file itself need
 * not exist); NULL with errno set when the directory cannot be resolved */
static char *abs_path(const char *p)
{
    char *d = dir_of(p);
    if (!d)
        return NULL;
    char *r = realpath(d, NULL);
    free(d);
    if (!r)
        return NULL;
    char *a = cat3(r, strcmp(r, "/") != 0 ? "/" : "", base_of(p));
    free(r);
    return a;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static int is_dead(long pid)
{
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* name = PREFIX.tmp.PID.XXXXXX[SUFFIX], SUFFIX one of "", ".old", ".commit",
 * ".commit.part": the PID (the prefix's length in *plen, the suffix in
 * *suffix); 0 for any other name. */
static long tmp_name_pid(const char *name, size_t *plen, const char **suffix)
{
    for (const char *p = strstr(name, ".tmp."); p; p = strstr(p + 1, ".tmp.")) {
        const char *q = p + 5;
        if (p == name || !isdigit((unsigned char)*q))
            continue;
        char *end;
        long pid = strtol(q, &end, 10);
        if (*end != '.' || pid <= 0)
            continue;
        const char *x = end + 1;
        size_t k = 0;
        while (k < 6 && isalnum((unsigned char)x[k]))
            k++;
        if (k != 6)
            continue;
        const char *s = x + 6;
        if (*s && strcmp(s, ".old") != 0 && strcmp(s, ".commit") != 0 &&
            strcmp(s, ".commit.part") != 0)
            continue;
        *plen = (size_t)(p - name);
        *suffix = s;
        return pid;
    }
    return 0;
}

#define MAX_GROUP 16

typedef struct {
    int state;                 /* 'f' forward, 'b' back */
    char *primary;
    size_t ncopy, n;
    char *copy[MAX_GROUP];     /* every journal of the group, primary included */
    char *target[MAX_GROUP], *tmp[MAX_GROUP], *bak[MAX_GROUP]; /* bak NULL: no old version */
} journal;

static void journal_free(journal *j)
{
    free(j->primary);
    for (size_t i = 0; i < j->ncopy; i++)
        free(j->copy[i]);
    for (size_t i = 0; i < j->n; i++) {
        free(j->target[i]);
        free(j->tmp[i]);
        free(j->bak[i]);
    }
    memset(j, 0, sizeof *j);
}

/* Paths go into a journal as hex digits: any byte a file name may hold. */
static void hex_put(char **w, const char *s)
{
    static const char dig[] = "0123456789abcdef";
    for (; *s; s++) {
        *(*w)++ = dig[(unsigned char)*s >> 4];
        *(*w)++ = dig[(unsigned char)*s & 15];
    }
}

static char *journal_text(const journal *j)
{
    size_t len = 64 + 2 * strlen(j->primary) + 16;
    for (size_t i = 0; i < j->ncopy; i++)
        len += 8 + 2 * strlen(j->copy[i]);
    for (size_t i = 0; i < j->n; i++)
        len += 16 + 2 * (strlen(j->target[i]) + strlen(j->tmp[i]) +
                         (j->bak[i] ? strlen(j->bak[i]) : 0));
    char *t = malloc(len), *w = t;
    if (!t)
        return NULL;
    w += sprintf(w, "axsterile commit journal 1\nstate %s\nprimary ",
                 j->state == 'b' ? "back" : "forward");
    hex_put(&w, j->primary);
    for (size_t i = 0; i < j->ncopy; i++) {
        w += sprintf(w, "\ncopy ");
        hex_put(&w, j->copy[i]);
    }
    for (size_t i = 0; i < j->n; i++) {
        w += sprintf(w, "\nentry ");
        hex_put(&w, j->target[i]);
        *w++ = ' ';
        hex_put(&w, j->tmp[i]);
        *w++ = ' ';
        if (j->bak[i])
            hex_put(&w, j->bak[i]);
        else
            *w++ = '-';
    }
    w += sprintf(w, "\nend\n");
    return t;
}

static int hex_val(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* one hex word of *p up to a blank or newline, decoded; NULL when malformed */
static char *hex_get(const char **p)
{
    const char *s = *p;
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\n')
        n++;
    if (n == 0 || n % 2)
        return NULL;
    char *d = malloc(n / 2 + 1);
    if (!d)
        return NULL;
    for (size_t i = 0; i < n; i += 2) {
        int a = hex_val(s[i]), b = hex_val(s[i + 1]);
        if (a < 0 || b < 0 || (a == 0 && b == 0)) {
            free(d);
            return NULL;
        }
        d[i / 2] = (char)(a * 16 + b);
    }
    d[n / 2] = '\0';
    *p = s + n;
    return d;
}

static int word(const char **p, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(*p, w, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* Read a journal; AX_EINPUT naming it when it is not one of ours. */
static int journal_read(const char *path, journal *j, ax_error *err)
{
    memset(j, 0, sizeof *j);
    char *buf = NULL;
    size_t len = 0;
    int st = ax_file_slurp(path, 1 << 20, &buf, &len, err);
    if (st != AX_OK)
        return st;
    const char *p = buf;
    int ok = strlen(buf) == len && word(&p, "axsterile commit journal 1\nstate ");
    if (ok && word(&p, "forward\n"))
        j->state = 'f';
    else if (ok && word(&p, "back\n"))
        j->state = 'b';
    else
        ok = 0;
    ok = ok && word(&p, "primary ") && (j->primary = hex_get(&p)) != NULL;
    while (ok && word(&p, "\ncopy ")) {
        ok = j->ncopy < MAX_GROUP && (j->copy[j->ncopy] = hex_get(&p)) != NULL;
        j->ncopy += ok;
    }
    while (ok && word(&p, "\nentry ")) {
        size_t i = j->n;
        ok = i < MAX_GROUP && (j->target[i] = hex_get(&p)) != NULL && word(&p, " ") &&
             (j->tmp[i] = hex_get(&p)) != NULL && word(&p, " ");
        if (ok && !word(&p, "-"))
            ok = (j->bak[i] = hex_get(&p)) != NULL;
        if (i < MAX_GROUP && (j->target[i] || j->tmp[i]))
            j->n = i + 1;
    }
    ok = ok && word(&p, "\nend\n") && *p == '\0' && j->ncopy > 0 && j->n > 0;
    free(buf);
    if (!ok) {
        journal_free(j);
        return ax_fail(err, AX_EINPUT, "%s: not a commit journal of this program (a file "
                       "named like one); remove it", path);
    }
    return AX_OK;
}

/* Write text to path through path.part, fsync'ed, renamed: a journal is
 * complete when it appears. */
static int journal_write(const char *path, const char *text)
{
    char *part = cat3(path, ".part", "");
    if (!part)
        return ENOMEM;
    int e = 0;
    int fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        e = errno;
    } else {
        size_t n = strlen(text), off = 0;
        while (!e && off < n) {
            ssize_t w = write(fd, text + off, n - off);
            if (w < 0 && errno != EINTR)
                e = errno;
            else if (w > 0)
                off += (size_t)w;
        }
        if (!e && fsync(fd) != 0 && errno != EINVAL)
            e = errno;
        if (close(fd) != 0 && !e)
            e = errno;
        if (!e && ax_fault("journal"))
            e = ENOSPC;
        if (!e && rename(part, path) != 0)
            e = errno;
        if (e)
            unlink(part);
    }
    free(part);
    return e;
}

static void fault_kill(const char *site)
{
    if (ax_fault(site))
        raise(SIGKILL);
}

static void fault_pause_ms(long ms)
{
    if (ax_fault("slow_write")) { /* tests: widen the windows a kill may hit */
        struct timespec ts = {0, ms * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
}

static void fault_pause(void)
{
    fault_pause_ms(40);
}

/* Put every target of j back as it was (state "back"); repeatable. */
static int roll_back(const journal *j, ax_error *err)
{
    int st = AX_OK;
    for (size_t i = 0; i < j->n; i++) {
        struct stat sb;
        if (j->bak[i]) {
            if (rename(j->bak[i], j->target[i]) != 0 && errno != ENOENT && st == AX_OK)
                st = ax_fail(err, AX_ERUN, "%s: cannot put the previous version back: %s",
                             j->target[i], ax_io_strerror(errno));
            unlink(j->bak[i]); /* still there when it was the same file */
        } else if (lstat(j->tmp[i], &sb) != 0) {
            unlink(j->target[i]); /* the file is new: it did not exist before */
        }
        unlink(j->tmp[i]);
        if (i == 0)
            fault_kill("kill_in_rollback");
    }
    return st;
}

/* The remaining renames of j (state "forward"); repeatable. */
static int roll_forward(const journal *j, ax_error *err)
{
    int st = AX_OK;
    for (size_t i = 0; i < j->n && st == AX_OK; i++) {
        struct stat sb;
        /* (ENOENT: another process finishing the same group got there first) */
        if (lstat(j->tmp[i], &sb) == 0 && rename(j->tmp[i], j->target[i]) != 0 &&
            errno != ENOENT)
            st = ax_fail(err, AX_ERUN, "%s: cannot complete an interrupted write: %s",
                         j->target[i], ax_io_strerror(errno));
    }
    return st;
}

static void sync_dirs(const journal *j)
{
    for (size_t i = 0; i < j->ncopy; i++) {
        char *d = dir_of(j->copy[i]);
        if (d)
            sync_dir(d);
        free(d);
    }
}

/* Remove the old versions' second names (no longer needed once the
 * renames or the roll-back are done), then the journals, the primary first
 * (the group is then done). */
static void journal_remove(const journal *j)
{
    for (size_t i = 0; i < j->n; i++)
        if (j->bak[i])
            unlink(j->bak[i]);
    unlink(j->primary);
    sync_dirs(j);
    for (size_t i = 0; i < j->ncopy; i++)
        unlink(j->copy[i]);
}

/* Finish the group of the journal at path, whose process no longer runs. */
static int recover(const char *path, ax_error *err)
{
    journal j, p;
    int st = journal_read(path, &j, err);
    struct stat sb;
    if (st != AX_OK && lstat(path, &sb) != 0 && errno == ENOENT) {
        ax_error_clear(err); /* finished meanwhile by another process */
        return AX_OK;
    }
    if (st != AX_OK)
        return st;
    int here = 0;
    for (size_t i = 0; i < j.ncopy; i++)
        here |= strcmp(j.copy[i], path) == 0;
    if (!here) {
        st = ax_fail(err, AX_ERUN, "%s: this journal was written as %s: the directory was "
                     "moved or renamed after a run writing there was killed; move it back "
                     "and run again, or remove the journal (then check the files it lists)",
                     path, j.copy[0]);
        journal_free(&j);
        return st;
    }
    int state = 0; /* no primary: the group was not decided, or is done */
    if (strcmp(j.primary, path) == 0) {
        state = j.state;
    } else if (lstat(j.primary, &sb) == 0) {
        st = journal_read(j.primary, &p, err);
        if (st == AX_OK) {
            state = p.state;
            journal_free(&p);
        } else if (lstat(j.primary, &sb) != 0 && errno == ENOENT) {
            st = AX_OK; /* done meanwhile by another process */
            ax_error_clear(err);
        }
    }
    if (st == AX_OK && state == 'f')
        st = roll_forward(&j, err);
    else if (st == AX_OK && state == 'b')
        st = roll_back(&j, err);
    else if (st == AX_OK)
        for (size_t i = 0; i < j.n; i++)
            unlink(j.tmp[i]);
    if (st == AX_OK) {
        sync_dirs(&j);
        journal_remove(&j);
    } else {
        ax_error_context(err, "finishing the interrupted write recorded in %s", path);
    }
    journal_free(&j);
    return st;
}

/* Journals in dir: those of processes that no longer run are finished;
 * *live counts the others (not this process's), the name of the last one
 * in name (size len, when not NULL). */
static int settle_once_named(const char *dir, int *live, char *name, size_t len,
                             ax_error *err)
{
    *live = 0;
    DIR *d = opendir(dir);
    if (!d)
        return AX_OK; /* nothing can be pending where nothing can be listed */
    int st = AX_OK;
    struct dirent *e;
    while (st == AX_OK && (e = readdir(d)) != NULL) {
        size_t plen;
        const char *suffix;
        long pid = tmp_name_pid(e->d_name, &plen, &suffix);
        if (!pid || strcmp(suffix, ".commit") != 0 || pid == (long)getpid())
            continue;
        if (!is_dead(pid)) {
            (*live)++;
            if (name)
                snprintf(name, len, "%s", e->d_name);
            continue;
        }
        char *path = cat3(dir, strcmp(dir, "/") ? "/" : "", e->d_name);
        if (!path)
            st = ax_fail(err, AX_ERUN, "out of memory");
        else
            st = recover(path, err);
        free(path);
    }
    closedir(d);
    return st;
}

static int settle_once(const char *dir, int *live, ax_error *err)
{
    return settle_once_named(dir, live, NULL, 0, err);
}

static int settle_dir(const char *dir, ax_error *err)
{
    char *abs = realpath(dir, NULL);
    if (!abs)
        return AX_OK; /* no such directory: nothing pending */
    int st, live = 0;
    char name[NAME_MAX + 1] = "";
    for (int tries = 0;; tries++) {
        st = settle_once_named(abs, &live, name, sizeof name, err);
        if (st != AX_OK || !live)
            break;
        if (tries == 300) { /* 3 s: a commit takes milliseconds */
            size_t plen;
            const char *suffix;
            long pid = tmp_name_pid(name, &plen, &suffix);
            st = ax_fail(err, AX_ERUN, "%s/%s: another process is writing files here "
                         "(process %ld, still running after 3 s); try again when it has "
                         "finished, or remove this journal if process %ld is not this "
                         "program", abs, name, pid, pid);
            break;
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    free(abs);
    return st;
}

int ax_commit_pending(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        size_t plen;
        const char *suffix;
        long pid = tmp_name_pid(e->d_name, &plen, &suffix);
        found = pid && strcmp(suffix, ".commit") == 0 && pid != (long)getpid();
    }
    closedir(d);
    return found;
}

/* The temporary files (TARGET.tmp.PID.XXXXXX, with ".old" or ".commit.part")
 * that processes that no longer run left in dir (killed while they computed
 * or cleaned up), of base or of a file that exists beside them: removed.
 * Journals are finished first (settle_dir), as they may still need them;
 * directories (of ax_dirpub) are left alone. */
static void remove_stale_tmp(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t plen;
        const char *suffix;
        long pid = tmp_name_pid(e->d_name, &plen, &suffix);
        if (!pid || strcmp(suffix, ".commit") == 0 || !is_dead(pid))
            continue;
        char *c = cat3(dir, "/", e->d_name);
        char *target = c ? cat3(dir, "/", "") : NULL;
        if (target) { /* dir/PREFIX */
            char *t2 = malloc(strlen(target) + plen + 1);
            if (t2) {
                memcpy(t2, target, strlen(target));
                memcpy(t2 + strlen(target), e->d_name, plen);
                t2[strlen(target) + plen] = '\0';
            }
            free(target);
            target = t2;
        }
        struct stat sb, tb;
        int ours = target && ((plen == strlen(base) && strncmp(e->d_name, base, plen) == 0) ||
                              (stat(target, &tb) == 0 && S_ISREG(tb.st_mode)));
        if (ours && lstat(c, &sb) == 0 && S_ISREG(sb.st_mode))
            unlink(c);
        free(c);
        free(target);
    }
    closedir(d);
}

int ax_commit_settle(const char *path, ax_error *err)
{
    char *dir = dir_of(path);
    if (!dir)
        return ax_fail(err, AX_ERUN, "out of memory");
    int st = settle_dir(dir, err);
    if (st == AX_OK)
        remove_stale_tmp(dir, base_of(path));
    free(dir);
    return st;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Two groups committed at once into the same directory would interleave
 * their renames: each takes an exclusive flock on every directory it
 * writes, in the order of their names (no deadlock); the kernel drops the
 * locks of a process that dies. Returns the descriptors to close (-1:
 * a directory that cannot be locked, e.g. on a file system without locks). */
static size_t lock_dirs(const journal *j, int *fd)
{
    char *d[MAX_GROUP];
    size_t n = 0;
    for (size_t i = 0; i < j->ncopy; i++)
        if ((d[n] = dir_of(j->copy[i])) != NULL)
            n++;
    qsort(d, n, sizeof *d, cmp_cstr);
    for (size_t i = 0; i < n; i++) {
        fd[i] = open(d[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd[i] >= 0)
            while (flock(fd[i], LOCK_EX) != 0 && errno == EINTR)
                ;
        free(d[i]);
    }
    return n;
}

static void unlock_dirs(const int *fd, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fd[i] >= 0)
            close(fd[i]);
}

/* The journalled commit of the files o[idx[0..m-1]] (m >= 2, closed and
 * fsync'ed, none written through); signals are blocked by the caller. */
static int commit_group(ax_outfile *o, const size_t *idx, size_t m, size_t *bad, int *e_out)
{
    journal j;
    memset(&j, 0, sizeof j);
    j.state = 'f';
    int e = 0;
    *bad = idx[0];
    for (size_t k = 0; k < m && !e; k++) {
        ax_outfile *f = &o[idx[k]];
        j.target[k] = abs_path(f->target ? f->target : f->path);
        j.tmp[k] = abs_path(f->tmp_path);
        j.n = k + 1;
        if (!j.target[k] || !j.tmp[k]) {
            e = errno ? errno : ENOMEM;
            *bad = idx[k];
            break;
        }
        /* one journal per directory, named after the first file there */
        char *dk = dir_of(j.target[k]);
        int seen = 0;
        for (size_t c = 0; dk && c < k && !seen; c++) {
            char *dc = dir_of(j.target[c]);
            seen = dc && strcmp(dc, dk) == 0;
            free(dc);
        }
        free(dk);
        if (!e && !seen) {
            j.copy[j.ncopy] = cat3(j.tmp[k], ".commit", "");
            if (!j.copy[j.ncopy++])
                e = ENOMEM;
        }
    }
    if (!e) {
        j.primary = cat3(j.copy[0], "", "");
        if (!j.primary)
            e = ENOMEM;
    }
    int lockfd[MAX_GROUP];
    size_t nlock = e ? 0 : lock_dirs(&j, lockfd);
    /* a group another run left unfinished here goes first */
    for (size_t c = 0; !e && c < j.ncopy; c++) {
        char *dc = dir_of(j.copy[c]);
        ax_error ign;
        int live = 0;
        if (!dc || settle_once(dc, &live, &ign) != AX_OK)
            e = dc ? EBUSY : ENOMEM;
        free(dc);
    }
    /* each old version keeps a second name, for a roll-back (under the
     * lock: the version no other run is replacing now) */
    for (size_t k = 0; !e && k < j.n; k++) {
        struct stat sb;
        if (lstat(j.target[k], &sb) != 0)
            continue;
        j.bak[k] = cat3(j.tmp[k], ".old", "");
        if (!j.bak[k] || link(j.target[k], j.bak[k]) != 0) {
            e = j.bak[k] ? errno : ENOMEM;
            free(j.bak[k]);
            j.bak[k] = NULL;
            *bad = idx[k];
        }
    }
    fault_pause_ms(80);
    char *text = e ? NULL : journal_text(&j);
    if (!e && !text)
        e = ENOMEM;
    /* the other journals first, the primary last: the decision */
    size_t written = 0;
    for (size_t c = 1; !e && c < j.ncopy; c++) {
        e = journal_write(j.copy[c], text);
        if (!e)
            written = c;
    }
    fault_kill("kill_before_journal");
    fault_pause_ms(80);
    if (!e)
        e = journal_write(j.primary, text);
    free(text);
    if (e) { /* not decided: nothing renamed yet */
        for (size_t c = 1; c <= written; c++)
            unlink(j.copy[c]);
        for (size_t k = 0; k < j.n; k++)
            if (j.bak[k])
                unlink(j.bak[k]);
        journal_free(&j);
        unlock_dirs(lockfd, nlock);
        *e_out = e;
        return AX_ERUN;
    }
    sync_dirs(&j);
    fault_kill("kill_after_journal");
    fault_pause();
    /* the renames */
    for (size_t k = 0; k < m && !e; k++) {
        if (k > 0 && ax_fault("rename_second"))
            e = EXDEV;
        else if (rename(j.tmp[k], j.target[k]) != 0)
            e = errno;
        if (e)
            *bad = idx[k];
        else if (k + 1 < m) {
            fault_kill("kill_between_renames");
            fault_pause();
        }
    }
    if (e) {
        /* put back what was renamed: recorded first, so a kill during the
         * roll-back is finished the same way */
        j.state = 'b';
        text = journal_text(&j);
        if (text)
            journal_write(j.primary, text);
        free(text);
        ax_error ign;
        ax_error_clear(&ign);
        roll_back(&j, &ign);
    }
    sync_dirs(&j);
    fault_pause();
    journal_remove(&j);
    journal_free(&j);
    unlock_dirs(lockfd, nlock);
    *e_out = e;
    return e ? AX_ERUN : AX_OK;
}


/* Write straight into a character device or FIFO (or a file reached
 * through /dev or /proc, e.g. /dev/stdout): nothing to rename. */
static int open_through(ax_outfile *o, const char *path, const struct stat *st, ax_error *err)
{
    int fifo = S_ISFIFO(st->st_mode);
    int flags = O_WRONLY | O_NOCTTY | (fifo ? O_NONBLOCK : 0) |
                (S_ISREG(st->st_mode) ? O_APPEND : 0);
    int fd = open(path, flags);
    if (fd < 0) {
        int e = errno;
        if (fifo && e == ENXIO)
            return ax_fail(err, AX_EINPUT, "%s: a FIFO that no process reads; start the "
                           "reader first, or give a regular file", path);
        return ax_fail(err, AX_EINPUT, "%s: cannot open for writing: %s", path,
                       ax_io_strerror(e));
    }
    if (fifo)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        return ax_fail(err, AX_ERUN, "%s: cannot open for writing", path);
    }
    o->through = 1;
    return AX_OK;
}

int ax_outfile_open_flags(ax_outfile *o, const char *path, int flags, ax_error *err)
{
    memset(o, 0, sizeof *o);
    char shown_buf[4200];
    const char *shown = shown_path(path, shown_buf, sizeof shown_buf);
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    if (!o->path)
        return ax_fail(err, AX_ERUN, "%s: out of memory", shown);
    memcpy(o->path, path, n + 1);
    struct stat lst, st;
    int exists = lstat(path, &lst) == 0;
    if (!exists && errno != ENOENT) {
        int e = errno;
        outfile_clear(o);
        return ax_fail(err, AX_EINPUT, "%s: cannot write there: %s", shown, ax_io_strerror(e));
    }
    const char *target = path;
    mode_t mode = 0666 & ~umask_now();
    int keep_owner = 0;
    if (exists) {
        int link = S_ISLNK(lst.st_mode);
        if (link && (flags & AX_OUT_NOFOLLOW)) {
            st = lst; /* a link inside an output directory: replaced, never followed */
        } else if (stat(path, &st) != 0) {
            outfile_clear(o);
            return ax_fail(err, AX_EINPUT, "%s: a symbolic link to a missing file; give the "
                           "file itself", shown);
        }
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
            if (flags & AX_OUT_NOFOLLOW) {
                outfile_clear(o);
                return ax_fail(err, AX_EINPUT, "%s is a %s; the files of an output directory "
                               "are replaced, so remove it first",
                               shown, S_ISFIFO(st.st_mode) ? "FIFO" : "device");
            }
            int s2 = open_through(o, path, &st, err);
            if (s2 != AX_OK)
                outfile_clear(o);
            return s2;
        }
        if (S_ISDIR(st.st_mode)) {
            outfile_clear(o);
            return ax_fail(err, AX_EINPUT, "%s is a directory; expected a file name", shown);
        }
        if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
            outfile_clear(o);
            return ax_fail(err, AX_EINPUT, "%s is a %s; expected a regular file (or a "
                           "character device or FIFO, written through)",
                           shown, S_ISSOCK(st.st_mode) ? "socket" : "block device");
        }
        if (!(flags & AX_OUT_NOFOLLOW) && (starts_with(path, "/dev/") ||
                                           starts_with(path, "/proc/"))) {
            int s2 = open_through(o, path, &st, err);
            if (s2 != AX_OK)
                outfile_clear(o);
            return s2;
        }
        if (S_ISREG(st.st_mode)) {
            mode = st.st_mode & 07777;
            keep_owner = 1;
        }
        if (link && !(flags & AX_OUT_NOFOLLOW)) {
            /* a link to a regular file: the target is replaced, the link stays */
            o->target = realpath(path, NULL);
            if (!o->target) {
                int e = errno;
                outfile_clear(o);
                return ax_fail(err, AX_EINPUT, "%s: cannot resolve the link: %s", shown,
                               ax_io_strerror(e));
            }
            target = o->target;
        }
    }
    size_t tn = strlen(target);
    if (!(flags & AX_OUT_NOFOLLOW)) {
        /* an interrupted commit of a group beside it is finished first */
        int s2 = ax_commit_settle(target, err);
        if (s2 != AX_OK) {
            outfile_clear(o);
            return s2;
        }
    }
    o->tmp_path = malloc(tn + 40);
    if (!o->tmp_path) {
        outfile_clear(o);
        return ax_fail(err, AX_ERUN, "%s: out of memory", shown);
    }
    snprintf(o->tmp_path, tn + 40, "%s.tmp.%ld.XXXXXX", target, (long)getpid());
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        int e = errno;
        outfile_clear(o);
        return ax_fail(err, AX_EINPUT, "%s: cannot create a file there: %s", shown,
                       ax_io_strerror(e));
    }
    if (keep_owner && geteuid() == 0)
        (void)!fchown(fd, st.st_uid, st.st_gid);
    fchmod(fd, mode);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        unlink(o->tmp_path);
        outfile_clear(o);
        return ax_fail(err, AX_ERUN, "%s: cannot open for writing", shown);
    }
    track(o->tmp_path);
    pub_track(o->tmp_path);
    pub_track(o->path);
    return AX_OK;
}

int ax_outfile_open(ax_outfile *o, const char *path, ax_error *err)
{
    return ax_outfile_open_flags(o, path, 0, err);
}

/* Flush and close; the errno of the first failure, 0 when all went well. */
static int close_checked(FILE *fp, int sync)
{
    int e = 0;
    if (fflush(fp) != 0)
        e = errno ? errno : EIO;
    if (!e && ferror(fp))
        e = EIO;
    if (!e && sync && fsync(fileno(fp)) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    if (fclose(fp) != 0 && !e)
        e = errno ? errno : EIO;
    return e;
}

int ax_outfile_commit(ax_outfile *o, ax_error *err)
{
    if (!o->fp)
        return ax_fail(err, AX_ERUN, "internal: commit of a file that is not open");
    errno = 0;
    int e = close_checked(o->fp, !o->through);
    o->fp = NULL;
    if (o->through) {
        char sb[4200];
        int st = e ? ax_fail(err, AX_ERUN, "%s: write failed: %s",
                             shown_path(o->path, sb, sizeof sb), ax_io_strerror(e))
                   : AX_OK;
        outfile_clear(o);
        return st;
    }
    const char *target = o->target ? o->target : o->path;
    /* tests: the sites of a group commit, for a command that commits its
     * files one by one into a directory published whole (scan, merge): the
     * second file's rename fails; a kill right after the first rename */
    static int single_renames;
    if (!e && ax_fault("rename"))
        e = EXDEV;
    if (!e && single_renames > 0 && ax_fault("rename_second"))
        e = EXDEV;
    if (!e && rename(o->tmp_path, target) != 0)
        e = errno;
    if (!e && single_renames++ == 0)
        fault_kill("kill_between_renames");
    if (e) {
        unlink(o->tmp_path);
        untrack(o->tmp_path);
        char sb[4200];
        int st = ax_fail(err, AX_ERUN, "%s: write failed: %s", shown_path(o->path, sb, sizeof sb),
                         ax_io_strerror(e));
        outfile_clear(o);
        return st;
    }
    untrack(o->tmp_path);
    outfile_clear(o);
    return AX_OK;
}

/* the file an open output replaces: its directory (device, inode) and name */
static int replaced_id(const ax_outfile *o, dev_t *dev, ino_t *ino, const char **base)
{
    const char *t = o->target ? o->target : o->path;
    if (!o->tmp_path || !t)
        return 0;
    const char *slash = strrchr(o->tmp_path, '/');
    char dir[4200];
    if (slash) {
        size_t k = (size_t)(slash - o->tmp_path);
        if (k >= sizeof dir)
            return 0;
        memcpy(dir, o->tmp_path, k);
        dir[k] = '\0';
        if (k == 0)
            strcpy(dir, "/");
    } else {
        strcpy(dir, ".");
    }
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return 0;
    *dev = sb.st_dev;
    *ino = sb.st_ino;
    *base = strrchr(t, '/') ? strrchr(t, '/') + 1 : t;
    return 1;
}

int ax_outfile_distinct(const ax_outfile *o, size_t n, const char *const *names, ax_error *err)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            dev_t di, dj;
            ino_t ii, ij;
            const char *bi, *bj;
            if (!o[i].path || !o[j].path || !replaced_id(&o[i], &di, &ii, &bi) ||
                !replaced_id(&o[j], &dj, &ij, &bj))
                continue;
            if (di == dj && ii == ij && strcmp(bi, bj) == 0)
                return ax_fail(err, AX_EINPUT, "%s %s and %s %s are the same file; expected "
                               "a file for each", names[i], o[i].path, names[j], o[j].path);
        }
    return AX_OK;
}

int ax_outfile_commit_all(ax_outfile *o, size_t n, ax_error *err)
{
    int e = 0;
    size_t bad = 0;
    /* 1. every file complete and fsync'ed, or none is published */
    for (size_t i = 0; i < n; i++) {
        if (!o[i].path)
            continue;
        errno = 0;
        int ei = o[i].fp ? close_checked(o[i].fp, !o[i].through) : EIO;
        o[i].fp = NULL;
        if (ei && !e) {
            e = ei;
            bad = i;
        }
    }
    size_t idx[MAX_GROUP], m = 0;
    for (size_t i = 0; i < n; i++)
        if (o[i].path && !o[i].through) {
            if (m == MAX_GROUP) {
                if (!e)
                    e = EINVAL, bad = i;
                break;
            }
            idx[m++] = i;
        }
    /* 2. publish: a single file by its rename, a group by the journal */
    if (!e && m == 1) {
        ax_outfile *f = &o[idx[0]];
        if (rename(f->tmp_path, f->target ? f->target : f->path) != 0)
            e = errno, bad = idx[0];
    } else if (!e && m > 1) {
        /* a signal handled meanwhile would remove the temporary files a
         * decided group still needs: it waits until the group is done */
        sigset_t block, old;
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigaddset(&block, SIGTERM);
        sigaddset(&block, SIGHUP);
        sigaddset(&block, SIGQUIT);
        sigprocmask(SIG_BLOCK, &block, &old);
        commit_group(o, idx, m, &bad, &e);
        for (size_t k = 0; k < m; k++) {
            if (e)
                unlink(o[idx[k]].tmp_path);
            untrack(o[idx[k]].tmp_path);
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
    int st = AX_OK;
    if (e)
        st = ax_fail(err, AX_ERUN, "%s: write failed: %s%s", o[bad].path ? o[bad].path : "?",
                     ax_io_strerror(e), n > 1 ? "; none of the files was changed" : "");
    for (size_t i = 0; i < n; i++) {
        if (o[i].tmp_path) {
            if (e)
                unlink(o[i].tmp_path);
            untrack(o[i].tmp_path);
        }
        if (o[i].path)
            outfile_clear(&o[i]);
    }
    return st;
}

void ax_outfile_abort(ax_outfile *o)
{
    if (!o || !o->path)
        return;
    if (o->fp)
        fclose(o->fp);
    if (o->tmp_path) {
        unlink(o->tmp_path);
        untrack(o->tmp_path);
    }
    outfile_clear(o);
}

int ax_write_file_atomic(const char *path, const char *content, ax_error *err)
{
    ax_outfile o;
    int st = ax_outfile_open(&o, path, err);
    if (st != AX_OK)
        return st;
    fputs(content, o.fp);
    return ax_outfile_commit(&o, err);
}

int ax_mkdir_p(const char *dir, ax_error *err)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ax_fail(err, AX_EINPUT, "directory name too long: %s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", path,
                           ax_io_strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", path,
                       ax_io_strerror(errno));
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return ax_fail(err, AX_EINPUT, "%s exists and is not a directory", path);
    return AX_OK;
}

/* ==== publishing a directory in one step ================================ */

/* a + b + c, newly allocated */
static char *cat3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *d = malloc(na + nb + nc + 1);
    if (d) {
        memcpy(d, a, na);
        memcpy(d + na, b, nb);
        memcpy(d + na + nb, c, nc + 1);
    }
    return d;
}

/* rm -r of a tree this process made (or the old copy of one). */
static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char *c = cat3(path, "/", e->d_name);
                if (c)
                    remove_tree(c);
                free(c);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Make dst a copy of the tree src in which every file is a hard link to the
 * original (no data is copied): the entries an output directory already
 * holds, which the new version keeps unless the run replaces them. */
static int link_tree(const char *src, const char *dst, ax_error *err)
{
    DIR *d = opendir(src);
    if (!d)
        return ax_fail(err, AX_EINPUT, "%s: cannot read the directory: %s", src,
                       ax_io_strerror(errno));
    int st = AX_OK;
    struct dirent *e;
    while (st == AX_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *s = cat3(src, "/", e->d_name), *t = cat3(dst, "/", e->d_name);
        struct stat sb;
        if (!s || !t) {
            st = ax_fail(err, AX_ERUN, "out of memory");
        } else if (lstat(s, &sb) != 0) {
            /* gone meanwhile: nothing to keep */
        } else if (S_ISDIR(sb.st_mode)) {
            if (mkdir(t, sb.st_mode & 07777) != 0)
                st = ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", t,
                             ax_io_strerror(errno));
            else {
                pub_track(t);
                st = link_tree(s, t, err);
            }
        } else if (link(s, t) != 0) {
            st = ax_fail(err, AX_EINPUT, "%s: cannot keep it in the new version of %s: %s", s,
                         src, ax_io_strerror(errno));
        } else {
            pub_track(t);
        }
        free(s);
        free(t);
    }
    closedir(d);
    return st;
}

/* Remove DIR.tmp.PID.* beside dir left by a process that no longer runs
 * (killed with SIGKILL while it published). */
static void remove_stale(const char *parent, const char *base)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    size_t bl = strlen(base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp.", 5) != 0)
            continue;
        char *end;
        long pid = strtol(n + bl + 5, &end, 10);
        if (end == n + bl + 5 || *end != '.' || strlen(end + 1) != 6 || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *c = cat3(parent, "/", n);
        if (c)
            remove_tree(c);
        free(c);
    }
    closedir(d);
}

void ax_dirpub_abort(ax_dirpub *d)
{
    if (!d || !d->dir)
        return;
    if (d->tmp)
        remove_tree(d->tmp);
    for (size_t i = d->ncreated; i-- > 0;)
        rmdir(d->created[i]);
    for (size_t i = 0; i < d->ncreated; i++)
        free(d->created[i]);
    for (size_t i = 0; i < pub_n; i++) {
        char *c = pub_entry[i];
        pub_entry[i] = NULL;
        free(c);
    }
    pub_n = 0;
    pub_dir = NULL;
    pub_final = NULL;
    free(d->created);
    free(d->dir);
    free(d->tmp);
    free(d->parent);
    memset(d, 0, sizeof *d);
}

int ax_output_dir_check(const char *dir, ax_error *err)
{
    char path[4096];
    if (!*dir)
        return ax_fail(err, AX_EINPUT, "an empty output directory name");
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ax_fail(err, AX_EINPUT, "directory name too long: %s", dir);
    struct stat st;
    int exists = stat(path, &st) == 0;
    dev_t dev = exists ? st.st_dev : 0;
    if (exists) {
        if (!S_ISDIR(st.st_mode))
            return ax_fail(err, AX_EINPUT, "%s exists and is not a directory", dir);
        if (access(path, W_OK | X_OK) != 0)
            return ax_fail(err, AX_EINPUT, "%s: cannot write there: %s", dir,
                           ax_io_strerror(errno));
        char real[PATH_MAX];
        if (realpath(dir, real) && strlen(real) < sizeof path)
            snprintf(path, sizeof path, "%s", real); /* a link: its target's parent */
    }
    /* the nearest existing ancestor must be a directory we can write in */
    for (;;) {
        char *sl = strrchr(path, '/');
        while (sl && sl > path && sl[1] == '\0') { /* trailing slashes */
            *sl = '\0';
            sl = strrchr(path, '/');
        }
        if (!sl)
            snprintf(path, sizeof path, ".");
        else if (sl == path)
            path[1] = '\0';
        else
            *sl = '\0';
        if (stat(path, &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s is not a directory", dir,
                               path);
            /* the new version is swapped in by a rename in the parent */
            if (exists && st.st_dev != dev)
                return ax_fail(err, AX_EINPUT, "%s is a mount point; its new version is "
                               "swapped in by a rename beside it, so give a directory inside "
                               "it (e.g. %s/out)", dir, dir);
            if (access(path, W_OK | X_OK) != 0)
                return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s: %s", dir, path,
                               ax_io_strerror(errno));
            return AX_OK;
        }
        if (errno != ENOENT)
            return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s: %s", dir, path,
                           ax_io_strerror(errno));
        if (strcmp(path, ".") == 0 || strcmp(path, "/") == 0)
            return AX_OK;
    }
}

int ax_dirpub_begin(ax_dirpub *d, const char *dir, ax_error *err)
{
    memset(d, 0, sizeof *d);
    if (pub_dir)
        return ax_fail(err, AX_ERUN, "internal: two directories published at once");
    int st = ax_output_dir_check(dir, err);
    if (st)
        return st;
    struct stat sb;
    d->existed = stat(dir, &sb) == 0;
    /* a link to a directory: the directory it points to gets the new version */
    d->dir = d->existed ? realpath(dir, NULL) : NULL;
    if (!d->existed) {
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            n--;
        d->dir = malloc(n + 1);
        if (d->dir) {
            memcpy(d->dir, dir, n);
            d->dir[n] = '\0';
        }
    }
    if (!d->dir)
        return ax_fail(err, AX_ERUN, "%s: cannot resolve the directory: %s", dir,
                       ax_io_strerror(errno));
    /* parents: create the missing ones, remembered so a failure removes them */
    char *slash = strrchr(d->dir, '/');
    d->parent = slash == d->dir ? cat3("/", "", "")
                : slash        ? malloc((size_t)(slash - d->dir) + 1)
                               : cat3(".", "", "");
    if (!d->parent) {
        ax_dirpub_abort(d);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    if (slash && slash != d->dir) {
        memcpy(d->parent, d->dir, (size_t)(slash - d->dir));
        d->parent[slash - d->dir] = '\0';
    }
    const char *base = slash ? slash + 1 : d->dir;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        int s2 = ax_fail(err, AX_EINPUT, "%s: give the output directory by its name "
                         "(not . or ..)", dir);
        ax_dirpub_abort(d);
        return s2;
    }
    if (!d->existed) {
        char path[4096];
        snprintf(path, sizeof path, "%s", d->parent);
        size_t cap = 0;
        for (char *p = path + 1;; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) == 0) {
                if (d->ncreated == cap) {
                    cap = cap ? 2 * cap : 8;
                    char **nc = realloc(d->created, cap * sizeof *nc);
                    if (!nc) {
                        rmdir(path);
                        ax_dirpub_abort(d);
                        return ax_fail(err, AX_ERUN, "out of memory");
                    }
                    d->created = nc;
                }
                d->created[d->ncreated++] = cat3(path, "", "");
            } else if (errno != EEXIST) {
                int s2 = ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", path,
                                 ax_io_strerror(errno));
                ax_dirpub_abort(d);
                return s2;
            }
            *p = c;
            if (c == '\0')
                break;
        }
    }
    remove_stale(d->parent, base);
    char pidbuf[32];
    snprintf(pidbuf, sizeof pidbuf, "%ld", (long)getpid());
    char *pre = cat3(d->dir, ".tmp.", pidbuf);
    d->tmp = pre ? cat3(pre, ".XXXXXX", "") : NULL;
    free(pre);
    if (!d->tmp) {
        ax_dirpub_abort(d);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    if (!mkdtemp(d->tmp)) {
        int s2 = ax_fail(err, AX_EINPUT, "cannot create a directory beside %s: %s", d->dir,
                         ax_io_strerror(errno));
        free(d->tmp);
        d->tmp = NULL;
        ax_dirpub_abort(d);
        return s2;
    }
    pub_dir = d->tmp;
    pub_final = d->dir;
    chmod(d->tmp, d->existed ? (sb.st_mode & 07777) : (0777 & ~umask_now()));
    if (d->existed && geteuid() == 0)
        (void)!chown(d->tmp, sb.st_uid, sb.st_gid); /* the new version keeps the owner */
    if (d->existed && (st = link_tree(d->dir, d->tmp, err))) {
        ax_dirpub_abort(d);
        return st;
    }
    return AX_OK;
}

#ifdef __linux__
#include <sys/syscall.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
static int exchange(const char *a, const char *b)
{
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#else
static int exchange(const char *a, const char *b)
{
    (void)a;
    (void)b;
    errno = ENOSYS;
    return -1;
}
#endif

int ax_dirpub_commit(ax_dirpub *d, ax_error *err)
{
    if (!d->tmp)
        return ax_fail(err, AX_ERUN, "internal: commit of a directory not begun");
    int e = 0;
    if (ax_fault("publish"))
        e = EXDEV;
    else if (!d->existed) {
        if (rename(d->tmp, d->dir) != 0)
            e = errno;
    } else if (exchange(d->tmp, d->dir) != 0) {
        e = errno;
        if (e == EINVAL || e == ENOSYS || e == EOPNOTSUPP) {
            /* no atomic exchange here: two renames, the old version kept
             * aside until the new one is in place */
            char *old = cat3(d->tmp, ".old", "");
            e = 0;
            if (!old)
                e = ENOMEM;
            else if (rename(d->dir, old) != 0)
                e = errno;
            else if (rename(d->tmp, d->dir) != 0) {
                e = errno;
                rename(old, d->dir);
            } else {
                rename(old, d->tmp); /* the old version is removed below */
            }
            free(old);
        }
    }
    if (e) {
        int st = ax_fail(err, AX_ERUN, "%s: cannot publish the new version: %s", d->dir,
                         ax_io_strerror(e));
        ax_dirpub_abort(d);
        return st;
    }
    if (ax_fault("slow_write")) { /* tests: a kill before the old version is removed */
        struct timespec ts = {0, 300000000L};
        nanosleep(&ts, NULL);
    }
    /* d->tmp now holds the old version (or nothing): remove it */
    for (size_t i = 0; i < d->ncreated; i++)
        free(d->created[i]);
    d->ncreated = 0;
    ax_dirpub_abort(d);
    return AX_OK;
}

/* ==== records of runs ==================================================== */

void ax_json_first_difference(const cJSON *a, const cJSON *b, char *path, size_t len)
{
    path[0] = '\0';
    if ((!a && !b) || cJSON_Compare(a, b, 1))
        return;
    if (!cJSON_IsObject(a) || !cJSON_IsObject(b)) {
        snprintf(path, len, "(value)");
        return;
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, a)
    {
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
        if (!cJSON_Compare(x, y, 1)) {
            char sub[200];
            ax_json_first_difference(x, y, sub, sizeof sub);
            if (!y || strcmp(sub, "(value)") == 0)
                snprintf(path, len, "%s", x->string);
            else
                snprintf(path, len, "%s.%s", x->string, sub);
            return;
        }
    }
    cJSON_ArrayForEach(x, b) if (!cJSON_GetObjectItemCaseSensitive(a, x->string))
    {
        snprintf(path, len, "%s", x->string);
        return;
    }
}

/* A record without the places of its files (the same library at another
 * path, e.g. on another node of a cluster, is the same library). */
static cJSON *record_content(const cJSON *rec)
{
    cJSON *r = cJSON_Duplicate(rec, 1);
    if (r) {
        cJSON_DeleteItemFromObjectCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(r, "limits"), "dir");
        for (cJSON *it = r->child; it; it = it->next)
            if (cJSON_IsObject(it))
                cJSON_DeleteItemFromObjectCaseSensitive(it, "file");
    }
    return r;
}

void ax_record_difference(const cJSON *a, const cJSON *b, char *path, size_t len)
{
    cJSON *ra = record_content(a), *rb = record_content(b);
    ax_json_first_difference(ra, rb, path, len);
    cJSON_Delete(ra);
    cJSON_Delete(rb);
}

/* ==== content hashes (SHA-256, FIPS 180-4) ============================= */

static const uint32_t SHA_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                      SHA_K[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

void ax_sha256(const void *data, size_t len, char hex[65])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t n = len;
    for (; n >= 64; n -= 64, p += 64)
        sha_block(h, p);
    unsigned char last[128] = {0};
    memcpy(last, p, n);
    last[n] = 0x80;
    size_t tail = n + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        last[tail - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha_block(h, last);
    if (tail == 128)
        sha_block(h, last + 64);
    for (int i = 0; i < 8; i++)
        snprintf(hex + 8 * i, 9, "%08x", (unsigned)h[i]);
}

int ax_sha256_file(const char *path, char hex[65], ax_error *err)
{
    char *buf;
    size_t len;
    int st = ax_file_slurp(path, (size_t)1 << 30, &buf, &len, err);
    if (st)
        return st;
    ax_sha256(buf, len, hex);
    free(buf);
    return AX_OK;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ax_dir_hashes(const char *dir, cJSON *obj, ax_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ax_fail(err, AX_EINPUT, "%s: cannot open the directory: %s", dir,
                       ax_io_strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int st = AX_OK;
    struct dirent *e;
    while (st == AX_OK && (e = readdir(d)) != NULL) {
        size_t m = strlen(e->d_name);
        if (e->d_name[0] == '.' ||
            !((m > 4 && strcmp(e->d_name + m - 4, ".csv") == 0) ||
              (m > 5 && strcmp(e->d_name + m - 5, ".json") == 0)))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                st = ax_fail(err, AX_ERUN, "out of memory");
                break;
            }
            names = nn;
        }
        names[n] = cat3(e->d_name, "", "");
        if (!names[n++])
            st = ax_fail(err, AX_ERUN, "out of memory");
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; st == AX_OK && i < n; i++) {
        char *path = cat3(dir, "/", names[i]), hex[65];
        if (!path)
            st = ax_fail(err, AX_ERUN, "out of memory");
        else if (!(st = ax_sha256_file(path, hex, err)))
            cJSON_AddStringToObject(obj, names[i], hex);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

/* ==== JSON ============================================================ */

int ax_json_duplicate_key(const cJSON *node, char *path, size_t len)
{
    if (!node || !(cJSON_IsObject(node) || cJSON_IsArray(node)))
        return 0;
    for (const cJSON *a = node->child; a; a = a->next) {
        if (cJSON_IsObject(node) && a->string)
            for (const cJSON *b = a->next; b; b = b->next)
                if (b->string && strcmp(a->string, b->string) == 0) {
                    snprintf(path, len, "%s", a->string);
                    return 1;
                }
        char sub[256];
        if (ax_json_duplicate_key(a, sub, sizeof sub)) {
            if (cJSON_IsObject(node) && a->string)
                snprintf(path, len, "%s.%s", a->string, sub);
            else
                snprintf(path, len, "%s", sub);
            return 1;
        }
    }
    return 0;
}

static size_t line_of(const char *text, size_t len, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off && i < len; i++)
        line += text[i] == '\n';
    return line;
}

int ax_json_parse(const char *name, const char *text, size_t len, size_t max_bytes,
                  cJSON **out, ax_error *err)
{
    *out = NULL;
    if (max_bytes && len > max_bytes)
        return ax_fail(err, AX_EINPUT, "%s: larger than %zu bytes; expected a JSON text", name,
                       max_bytes);
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return ax_fail(err, AX_EINPUT,
                       "%s: binary data (a NUL byte at line %zu, offset %zu); expected a JSON text",
                       name, line_of(text, len, (size_t)(nul - text)), (size_t)(nul - text));
    /* a string holding the escape \u0000 would be cut at the NUL by the
     * parser ("e\u0000x" read as "e"): walk the strings and their escapes */
    int in_str = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (!in_str) {
            in_str = c == '"';
        } else if (c == '"') {
            in_str = 0;
        } else if (c == '\\' && i + 1 < len) {
            if (text[i + 1] == 'u' && i + 5 < len && strncmp(text + i + 2, "0000", 4) == 0)
                return ax_fail(err, AX_EINPUT, "%s line %zu: a string holds \\u0000 (a NUL "
                               "character); expected text without NUL", name,
                               line_of(text, len, i));
            i++; /* the escaped character */
        }
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        return ax_fail(err, AX_EINPUT,
                       "%s line %zu: not valid JSON (parse error at byte %zu); expected a JSON "
                       "object", name, line_of(text, len, off), off);
    }
    for (const char *p = end; p && p < text + len; p++)
        if (!isspace((unsigned char)*p)) {
            cJSON_Delete(root);
            return ax_fail(err, AX_EINPUT,
                           "%s: text after the JSON object at line %zu; expected one object",
                           name, line_of(text, len, (size_t)(p - text)));
        }
    char dup[256];
    if (ax_json_duplicate_key(root, dup, sizeof dup)) {
        cJSON_Delete(root);
        return ax_fail(err, AX_EINPUT, "%s: key \"%s\" appears twice; expected each key "
                       "once (the second would be ignored)", name, dup);
    }
    *out = root;
    return AX_OK;
}

int ax_json_load(const char *path, size_t max_bytes, cJSON **out, ax_error *err)
{
    *out = NULL;
    if (!max_bytes)
        max_bytes = AX_JSON_DEFAULT_MAX_BYTES;
    char *buf = NULL;
    size_t len = 0;
    int st = ax_file_slurp(path, max_bytes, &buf, &len, err);
    st = AX_THEN(st, ax_json_parse(path, buf, len, max_bytes, out, err));
    free(buf);
    return st;
}

const char *ax_json_type_name(const cJSON *v)
{
    if (!v)
        return "nothing";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    return "an invalid value";
}
