/* io.c -- data lookup, numeric tables (libcsv), atomic output.
 * See axsterile/io.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "axsterile/io.h"
#include "json_util.h"

#include <cjson/cJSON.h>


#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* ==== whole files ===================================================== */

int ax_file_slurp(const char *path, size_t max_bytes, char **buf, size_t *len,
                  ax_error *err)
{
    *buf = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ax_fail(err, AX_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    if (!b) {
        fclose(fp);
        return ax_fail(err, AX_ERUN, "%s: out of memory", path);
    }
    for (;;) {
        if (n == cap) {
            if (cap >= max_bytes) {
                free(b);
                fclose(fp);
                return ax_fail(err, AX_EINPUT, "%s: larger than %zu bytes", path,
                               max_bytes);
            }
            cap *= 2;
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
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(b);
        return ax_fail(err, AX_EINPUT, "%s: read error", path);
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

/* Temporary files still open, so a signal handler can remove them. */
#define MAX_OPEN_TMP 1024
static char *volatile open_tmp[MAX_OPEN_TMP];

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

void ax_outfile_abort_all_signal_safe(void)
{
    for (int i = 0; i < MAX_OPEN_TMP; i++)
        if (open_tmp[i])
            unlink(open_tmp[i]);
}

int ax_outfile_open(ax_outfile *o, const char *path, ax_error *err)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp_path = malloc(n + 16);
    if (!o->path || !o->tmp_path) {
        free(o->path);
        free(o->tmp_path);
        memset(o, 0, sizeof *o);
        return ax_fail(err, AX_ERUN, "%s: out of memory", path);
    }
    memcpy(o->path, path, n + 1);
    snprintf(o->tmp_path, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(o->path);
        free(o->tmp_path);
        memset(o, 0, sizeof *o);
        return ax_fail(err, AX_EINPUT, "%s: cannot create a file there: %s", path,
                       strerror(e));
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        unlink(o->tmp_path);
        free(o->path);
        free(o->tmp_path);
        memset(o, 0, sizeof *o);
        return ax_fail(err, AX_ERUN, "%s: cannot open for writing", path);
    }
    track(o->tmp_path);
    return AX_OK;
}

int ax_outfile_commit(ax_outfile *o, ax_error *err)
{
    if (!o->fp)
        return ax_fail(err, AX_ERUN, "internal: commit of a file that is not open");
    int bad = ferror(o->fp);
    if (fclose(o->fp) != 0)
        bad = 1;
    o->fp = NULL;
    if (bad || rename(o->tmp_path, o->path) != 0) {
        int e = errno;
        unlink(o->tmp_path);
        untrack(o->tmp_path);
        int st = ax_fail(err, AX_ERUN, "%s: write failed: %s", o->path,
                         bad ? "I/O error" : strerror(e));
        free(o->path);
        free(o->tmp_path);
        memset(o, 0, sizeof *o);
        return st;
    }
    untrack(o->tmp_path);
    free(o->path);
    free(o->tmp_path);
    memset(o, 0, sizeof *o);
    return AX_OK;
}

void ax_outfile_abort(ax_outfile *o)
{
    if (!o || !o->tmp_path)
        return;
    if (o->fp)
        fclose(o->fp);
    unlink(o->tmp_path);
    untrack(o->tmp_path);
    free(o->path);
    free(o->tmp_path);
    memset(o, 0, sizeof *o);
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
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", path,
                           strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", path,
                       strerror(errno));
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return ax_fail(err, AX_EINPUT, "%s exists and is not a directory", path);
    return AX_OK;
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
