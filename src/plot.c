/* plot.c -- gnuplot scripts and CSV data for the figures (see axsterile/plot.h). */
#include "axsterile/plot.h"

#include "axsterile/io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Okabe & Ito (2008) colour-blind-safe palette, ordered so that neighbours
 * alternate between dark and light tones (distinct in grey print too). */
static const char *PALETTE[] = {
    "#000000", /* black */
    "#E69F00", /* orange, light */
    "#0072B2", /* blue, dark */
    "#56B4E9", /* sky blue, light */
    "#D55E00", /* vermillion, mid */
    "#009E73", /* bluish green, mid */
    "#CC79A7", /* reddish purple, light */
    "#5A3A8C", /* dark purple (added) */
    "#999999", /* grey */
    "#8C5A00", /* dark ochre (added) */
    /* continued from Paul Tol's "muted" scheme, again dark / light in turn */
    "#332288", /* indigo, dark */
    "#DDCC77", /* sand, light */
    "#117733", /* green, dark */
    "#AA4499", /* purple, mid */
    "#882255", /* wine, dark */
    "#44AA99", /* teal, mid */
    "#88CCEE", /* cyan, light (late: close to sky blue) */
    "#999933", /* olive, mid */
    "#CC6677", /* rose, mid (Tol "muted") */
    "#661100", /* dark brown-red (Tol) */
};
#define NPALETTE (sizeof PALETTE / sizeof PALETTE[0])

int ax_plot_ncolors(void)
{
    return (int)NPALETTE;
}

/* Markers: gnuplot's fifteen shapes, open and filled in turn (square,
 * circle, triangles, diamond, pentagon, then +, x, *), then characters. */
static const char *MARKERS[] = {"4",   "7",   "8",   "11",  "12",  "5",   "6",  "9",
                                "10",  "13",  "14",  "15",  "1",   "2",   "3",  "'@'",
                                "'#'", "'&'", "'$'", "'%'", "'Y'", "'Z'", "'H'"};
#define NMARKERS (sizeof MARKERS / sizeof MARKERS[0])

const char *ax_plot_marker(int k)
{
    if (k <= 0)
        return "0";
    return MARKERS[(size_t)(k - 1) % NMARKERS];
}

const char *ax_plot_color(int i)
{
    if (i < 0)
        return "#7f7f7f";
    return PALETTE[(size_t)i % NPALETTE];
}

const char *ax_plot_format_ext(ax_plot_format fmt)
{
    switch (fmt) {
    case AX_PLOT_PDF: return "pdf";
    case AX_PLOT_SVG: return "svg";
    default: return "png";
    }
}

int ax_plot_format_parse(const char *word, ax_plot_format *fmt, ax_error *err)
{
    if (strcmp(word, "png") == 0)
        *fmt = AX_PLOT_PNG;
    else if (strcmp(word, "pdf") == 0)
        *fmt = AX_PLOT_PDF;
    else if (strcmp(word, "svg") == 0)
        *fmt = AX_PLOT_SVG;
    else
        return ax_fail(err, AX_EINPUT, "unknown format '%s'; expected png, pdf or svg", word);
    return AX_OK;
}

void ax_plot_init(ax_plot *p, const char *name)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->logx = p->logy = 1;
    snprintf(p->key_position, sizeof p->key_position, "top right");
}

void ax_plot_free(ax_plot *p)
{
    free(p->curves);
    p->curves = NULL;
    p->ncurves = p->cap = 0;
}

int ax_plot_add(ax_plot *p, const ax_plot_curve *c, ax_error *err)
{
    if (p->ncurves == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 16;
        ax_plot_curve *n = realloc(p->curves, nc * sizeof *n);
        if (!n)
            return ax_fail(err, AX_ERUN, "plot: out of memory");
        p->curves = n;
        p->cap = nc;
    }
    p->curves[p->ncurves++] = *c;
    return AX_OK;
}

static int join_path(char *out, size_t n, const char *dir, const char *file, ax_error *err)
{
    int w = snprintf(out, n, "%s/%s", dir, file);
    if (w < 0 || (size_t)w >= n)
        return ax_fail(err, AX_EINPUT, "path too long: %s/%s", dir, file);
    return AX_OK;
}

int ax_plot_write_csv(const char *dir, const char *file, const char *const *header_lines,
                      size_t nheader, const char *columns, const double *data,
                      size_t nrows, size_t ncols, ax_error *err)
{
    char path[4096];
    int st = join_path(path, sizeof path, dir, file, err);
    if (st != AX_OK)
        return st;
    for (size_t i = 0; i < nrows * ncols; i++)
        if (!isfinite(data[i]))
            return ax_fail(err, AX_ERUN, "%s: row %zu, column %zu is not a finite number",
                           path, i / ncols + 1, i % ncols + 1);
    ax_outfile o;
    st = ax_outfile_open_flags(&o, path, AX_OUT_NOFOLLOW, err);
    if (st != AX_OK)
        return st;
    /* one comment line each: a newline in a text must not start a data row */
    for (size_t i = 0; i <= nheader; i++) {
        char line[2048];
        ax_plot_escape(line, sizeof line, i < nheader ? header_lines[i] : columns,
                       AX_PLOT_Q_COMMENT);
        fprintf(o.fp, "# %s\n", line);
    }
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++)
            fprintf(o.fp, "%s%.8e", c ? "," : "", data[r * ncols + c]);
        fputc('\n', o.fp);
    }
    return ax_outfile_commit(&o, err);
}

/* ---- text in a gnuplot script ------------------------------------------
 * Every text placed in a script (labels, sources, file names, the stem)
 * passes through one of these, so that no text can run a command: gnuplot
 * runs `...` inside double-quoted strings and at the top level, expands
 * @name outside strings, and a newline ends a comment or a string and
 * starts a new command (e.g. system("...")). Control characters become
 * blanks; the rest of the text is kept, quoted for the context it is in.
 * Writes at most n - 1 bytes and always terminates; a text that does not
 * fit is cut at a whole character sequence, never inside an escape. */
static void put(char *out, size_t n, size_t *k, const char *piece, int *full)
{
    size_t m = strlen(piece);
    if (*full || *k + m + 1 > n) {
        *full = 1;
        return;
    }
    memcpy(out + *k, piece, m);
    *k += m;
    out[*k] = '\0';
}

void ax_plot_escape(char *out, size_t n, const char *s, ax_plot_quote q)
{
    size_t k = 0;
    int full = 0;
    if (n == 0)
        return;
    out[0] = '\0';
    for (; s && *s && !full; s++) {
        unsigned char ch = (unsigned char)*s;
        char one[2] = {*s, '\0'};
        if (ch < 0x20 || ch == 0x7f) {
            put(out, n, &k, " ", &full);
            continue;
        }
        switch (q) {
        case AX_PLOT_Q_SINGLE: /* 'text': only ' is special, doubled */
            put(out, n, &k, ch == '\'' ? "''" : one, &full);
            break;
        case AX_PLOT_Q_DOUBLE: /* "text": \, " and ` are escaped with \ */
            put(out, n, &k, ch == '\\' ? "\\\\" : ch == '"' ? "\\\"" : ch == '`' ? "\\`" : one,
                &full);
            break;
        case AX_PLOT_Q_NESTED: /* "... 'text' ...", used through @macro */
            put(out, n, &k,
                ch == '\'' ? "''" : ch == '\\' ? "\\\\" : ch == '"' ? "\\\"" : ch == '`' ? "\\`"
                                                                                   : one,
                &full);
            break;
        default: /* a comment: one line, not continued by a final backslash */
            put(out, n, &k, ch == '\\' ? "/" : one, &full);
            break;
        }
    }
}

static const char *TERMINAL[] = {
    [AX_PLOT_PNG] = "pngcairo size 1600,1200 enhanced font 'Helvetica,22' linewidth 2",
    [AX_PLOT_PDF] = "pdfcairo size 8in,6in enhanced font 'Helvetica,13' linewidth 1.5",
    [AX_PLOT_SVG] = "svg size 1200,900 enhanced font 'Helvetica,18' linewidth 1.5 dynamic",
};
/* Wide pages for figures with a long key outside the frame. */
static const char *TERMINAL_WIDE[] = {
    [AX_PLOT_PNG] = "pngcairo size 2400,1200 enhanced font 'Helvetica,22' linewidth 2",
    [AX_PLOT_PDF] = "pdfcairo size 12in,6in enhanced font 'Helvetica,13' linewidth 1.5",
    [AX_PLOT_SVG] = "svg size 1800,900 enhanced font 'Helvetica,18' linewidth 1.5 dynamic",
};

/* Decade labels 10^n: every decade when the axis spans up to 12 of them,
 * every 2nd up to 24, every 5th beyond; minor ticks at the other decades. */
static void write_log_axis(FILE *fp, char axis, double lo, double hi)
{
    double ndec = (lo > 0 && hi > lo) ? log10(hi / lo) : 1.0;
    int step = ndec <= 12 ? 1 : ndec <= 24 ? 2 : 5;
    fprintf(fp, "set logscale %c\nset format %c '10^{%%L}'\n", axis, axis);
    if (step == 1)
        fprintf(fp, "set %ctics 10\nset m%ctics 10\n", axis, axis);
    else
        fprintf(fp, "set %ctics 1e%d\nset m%ctics %d\n", axis, step, axis, step);
}

static void write_axes(FILE *fp, const ax_plot *p)
{
    fprintf(fp, "set datafile separator ','\nset datafile commentschars '#'\n");
    char t[3 * sizeof p->title], xl[3 * sizeof p->xlabel], yl[3 * sizeof p->ylabel];
    ax_plot_escape(t, sizeof t, p->title, AX_PLOT_Q_DOUBLE);
    ax_plot_escape(xl, sizeof xl, p->xlabel, AX_PLOT_Q_DOUBLE);
    ax_plot_escape(yl, sizeof yl, p->ylabel, AX_PLOT_Q_DOUBLE);
    if (p->title[0])
        fprintf(fp, "set title \"%s\"\n", t);
    fprintf(fp, "set xlabel \"%s\"\nset ylabel \"%s\"\n", xl, yl);
    if (p->logx)
        write_log_axis(fp, 'x', p->xmin, p->xmax);
    if (p->logy)
        write_log_axis(fp, 'y', p->ymin, p->ymax);
    fprintf(fp, "set xrange [%.6g:%.6g]\nset yrange [%.6g:%.6g]\n", p->xmin, p->xmax,
            p->ymin, p->ymax);
    fprintf(fp, "set key %s opaque box lc rgb '#bbbbbb' spacing 1.15 samplen 3 font ',16'\n",
            p->key_position);
    fprintf(fp, "set grid xtics ytics lc rgb '#dddddd' lw 0.5\nset border lw 1.2\n"
                "set tics front\n\n");
}

static void write_curve(FILE *fp, const ax_plot *p, size_t i)
{
    const ax_plot_curve *c = &p->curves[i];
    char label[4 * sizeof c->label], title[4 * sizeof c->label + 32],
        data[4 * sizeof c->data_file + 8], cl[sizeof c->label], cs[sizeof c->source],
        file[4 * sizeof c->data_file];
    ax_plot_escape(label, sizeof label, c->label, AX_PLOT_Q_NESTED);
    ax_plot_escape(cl, sizeof cl, c->label, AX_PLOT_Q_COMMENT);
    ax_plot_escape(cs, sizeof cs, c->source, AX_PLOT_Q_COMMENT);
    ax_plot_escape(file, sizeof file, c->data_file, AX_PLOT_Q_NESTED);
    double w = c->width > 0 ? c->width : 1.0;
    fprintf(fp, "# --- %s\n#     source: %s\n", cl[0] ? cl : "(no key entry)",
            cs[0] ? cs : "-");
    /* an empty label: no key entry; enhanced labels may use {/Symbol q}, _, ^ */
    if (label[0])
        snprintf(title, sizeof title, "title '%s'%s", label, c->enhanced ? "" : " noenhanced");
    else
        snprintf(title, sizeof title, "notitle");
    /* an empty data file: a key entry only (the style explained in the key) */
    if (c->data_file[0])
        snprintf(data, sizeof data, "'%s'", file);
    else
        snprintf(data, sizeof data, "NaN");
    const char *col = ax_plot_color(c->color);
    switch (c->style) {
    case AX_PLOT_REGION_ABOVE:
        fprintf(fp, "c%zu = \"%s using 1:2:(%.6g) with filledcurves fc rgb '%s' "
                    "fs transparent solid 0.18 noborder %s\"\n",
                i, data, p->ymax, col, title);
        break;
    case AX_PLOT_REGION_BELOW:
        fprintf(fp, "c%zu = \"%s using 1:(%.6g):2 with filledcurves fc rgb '%s' "
                    "fs transparent solid 0.18 noborder %s\"\n",
                i, data, p->ymin, col, title);
        break;
    case AX_PLOT_BAND:
        fprintf(fp, "c%zu = \"%s using 1:2:3 with filledcurves fc rgb '%s' "
                    "fs transparent solid 0.35 noborder %s\"\n",
                i, data, col, title);
        break;
    default: {
        int dt = c->style == AX_PLOT_DASHED ? 2 : c->style == AX_PLOT_DOTTED ? 3 : 1;
        char marker[80] = "";
        if (c->point > 0)
            snprintf(marker, sizeof marker, "pt %s ps 1.4 pi %d ", ax_plot_marker(c->point),
                     c->point_every > 1 ? c->point_every : 1);
        if (c->data_file[0])
            fprintf(fp, "c%zu = \"%s using 1:2 with lines%s lc rgb '%s' lw %.2g dt %d %s%s\"\n",
                    i, data, c->point > 0 ? "points" : "", col, w, dt, marker, title);
        else
            fprintf(fp, "c%zu = \"NaN with lines lc rgb '%s' lw %.2g dt %d %s\"\n", i, col, w,
                    dt, title);
    }
    }
    fprintf(fp, "\n");
}

/* The stem names files (NAME.gp, NAME.png) and is passed to gnuplot:
 * letters, digits, '_', '-', '+' and '.' only. */
static int check_name(const char *name, ax_error *err)
{
    int ok = name[0] != '\0' && name[0] != '.' && name[0] != '-';
    for (const char *c = name; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
             strchr("_-+.", *c) != NULL;
    if (!ok)
        return ax_fail(err, AX_EINPUT, "plot name '%.60s': expected letters, digits, '_', "
                       "'-', '+' or '.' (not first)", name);
    return AX_OK;
}

int ax_plot_write(const ax_plot *p, const char *dir, ax_plot_format fmt, ax_error *err)
{
    if (check_name(p->name, err))
        return AX_EINPUT;
    char path[4096], file[96];
    snprintf(file, sizeof file, "%s.gp", p->name);
    int st = join_path(path, sizeof path, dir, file, err);
    if (st != AX_OK)
        return st;
    if (p->ncurves == 0)
        return ax_fail(err, AX_ERUN, "plot %s: no curves", p->name);
    ax_outfile o;
    st = ax_outfile_open_flags(&o, path, AX_OUT_NOFOLLOW, err);
    if (st != AX_OK)
        return st;
    FILE *fp = o.fp;
    char cname[sizeof p->name], qname[2 * sizeof p->name];
    ax_plot_escape(cname, sizeof cname, p->name, AX_PLOT_Q_COMMENT);
    ax_plot_escape(qname, sizeof qname, p->name, AX_PLOT_Q_SINGLE);
    fprintf(fp, "# %s.gp -- written by axsterile; edit freely and run: gnuplot %s.gp\n"
                "# Every curve is one block below (its data file and its source);\n"
                "# the last line draws them. Comment a name out there to drop a curve.\n\n",
            cname, cname);
    fprintf(fp, "set terminal %s\n", p->wide ? TERMINAL_WIDE[fmt] : TERMINAL[fmt]);
    fprintf(fp, "if (!exists('outfile')) outfile = '%s.%s'\nset output outfile\n\n", qname,
            ax_plot_format_ext(fmt));
    write_axes(fp, p);
    for (size_t i = 0; i < p->ncurves; i++)
        write_curve(fp, p, i);
    fprintf(fp, "plot ");
    /* regions first, so lines are drawn on top of them */
    int first = 1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < p->ncurves; i++) {
            int region = p->curves[i].style >= AX_PLOT_REGION_ABOVE;
            if (region != (pass == 0))
                continue;
            fprintf(fp, "%s@c%zu", first ? "" : ", \\\n     ", i);
            first = 0;
        }
    fprintf(fp, "\n");
    return ax_outfile_commit(&o, err);
}

int ax_plot_gnuplot_available(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char buf[4096];
    const char *s = path;
    while (*s) {
        const char *e = strchr(s, ':');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n > 0 && n + 10 < sizeof buf) {
            memcpy(buf, s, n);
            memcpy(buf + n, "/gnuplot", 9);
            if (access(buf, X_OK) == 0)
                return 1;
        }
        s += n + (e ? 1 : 0);
    }
    return 0;
}

int ax_plot_render(const ax_plot *p, const char *dir, ax_plot_format fmt, ax_error *err)
{
    if (!ax_plot_gnuplot_available())
        return ax_fail(err, AX_ERUN,
                       "gnuplot not found; install it (Debian: apt-get install gnuplot-nox) "
                       "or run gnuplot %s/%s.gp later",
                       dir, p->name);
    if (check_name(p->name, err))
        return AX_EINPUT;
    char script[128], tmp_name[160], final_path[4096], tmp_path[4096], expr[256];
    for (size_t i = 0; i < p->ncurves; i++) {
        char data[4096];
        int st = join_path(data, sizeof data, dir, p->curves[i].data_file, err);
        if (st != AX_OK)
            return st;
        if (access(data, R_OK) != 0)
            return ax_fail(err, AX_ERUN, "plot %s: data file %s is missing", p->name, data);
    }
    snprintf(script, sizeof script, "%s.gp", p->name);
    snprintf(tmp_name, sizeof tmp_name, "%s.%s.tmp.%ld", p->name, ax_plot_format_ext(fmt),
             (long)getpid());
    snprintf(expr, sizeof expr, "outfile='%s'", tmp_name);
    snprintf(final_path, sizeof final_path, "%s/%s.%s", dir, p->name, ax_plot_format_ext(fmt));
    snprintf(tmp_path, sizeof tmp_path, "%s/%s", dir, tmp_name);
    ax_dirpub_note(tmp_path); /* removed if a signal stops the run */
    ax_dirpub_note(final_path);
    /* gnuplot's messages are captured, never printed by the library */
    int fds[2];
    if (pipe(fds) != 0)
        return ax_fail(err, AX_ERUN, "cannot start gnuplot: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return ax_fail(err, AX_ERUN, "cannot start gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[1]);
        if (chdir(dir) != 0)
            _exit(126);
        execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char msg[512] = "";
    size_t used = 0;
    for (;;) {
        char chunk[256];
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t k = 0; k < n && used + 1 < sizeof msg; k++)
            msg[used++] = chunk[k] == '\n' ? ' ' : chunk[k];
        msg[used] = '\0';
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return ax_fail(err, AX_ERUN, "waiting for gnuplot: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        unlink(tmp_path);
        return ax_fail(err, AX_ERUN, "gnuplot failed on %s/%s (exit status %d): %s", dir,
                       script, WIFEXITED(status) ? WEXITSTATUS(status) : -1, msg);
    }
    struct stat st;
    if (stat(tmp_path, &st) != 0 || st.st_size == 0) {
        unlink(tmp_path);
        return ax_fail(err, AX_ERUN, "gnuplot wrote no image for %s/%s", dir, script);
    }
    if (rename(tmp_path, final_path) != 0) {
        unlink(tmp_path);
        return ax_fail(err, AX_ERUN, "%s: %s", final_path, strerror(errno));
    }
    return AX_OK;
}
