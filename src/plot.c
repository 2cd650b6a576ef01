/* plot.c -- gnuplot scripts and CSV data for the figures (see axsterile/plot.h). */
#include "axsterile/plot.h"
#include "plot_internal.h"

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

int ax_plot_nmarkers(void)
{
    return (int)NMARKERS;
}

static unsigned long fnv1a(const char *s, unsigned long seed)
{
    unsigned long h = 2166136261UL ^ seed;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h = (h * 16777619UL) & 0xffffffffUL;
    }
    return h;
}

/* Colours for named curves (limits): fixed, never reordered or extended,
 * since a curve's colour is its name's hash modulo their number. The
 * Okabe-Ito colours but black and grey, then Paul Tol's "muted" ones. */
static const char *NAME_PALETTE[] = {
    "#E69F00", "#0072B2", "#56B4E9", "#D55E00", "#009E73", "#CC79A7",
    "#5A3A8C", "#8C5A00", "#332288", "#DDCC77", "#117733", "#AA4499",
    "#882255", "#44AA99", "#88CCEE", "#999933", "#CC6677", "#661100",
};
#define NNAME_PALETTE (sizeof NAME_PALETTE / sizeof NAME_PALETTE[0])

/* The seeds spread the shipped limits over 15 colours and 14 markers with
 * no two alike in both (a test checks the library). */
const char *ax_plot_name_color(const char *name)
{
    return NAME_PALETTE[fnv1a(name, 54UL) % NNAME_PALETTE];
}

/* Markers for named curves: the fifteen shapes (characters read badly). */
int ax_plot_name_marker(const char *name)
{
    return 1 + (int)(fnv1a(name, 110867UL) % 15);
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

/* ---- page layout ---------------------------------------------------------
 * Sizes for a journal page: single column 3.4 in wide, double column 7 in.
 * Fonts (tick labels and key alike) grow from 7 pt at 3.4 in to 8 pt at 7 in;
 * the plot area has a fixed aspect, the key sits under it (one column up to
 * 5 in wide, two beyond), so it never takes any of the plot's width. */
#define SINGLE_W 3.4
#define DOUBLE_W 7.0
#define PNG_DPI 200.0

/* The printed width of a text, in ems of its font: Helvetica's advance
 * widths (Adobe's AFM, 1/1000 em; Nimbus Sans, Arial and Liberation Sans
 * share them), sub- and superscripts of enhanced text at 0.8 of the size,
 * its markup (_ ^ { }) not printed; other (UTF-8) characters 0.6 em. */
static const unsigned short HELV_W[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /*  !"#$%&'()*+,-./ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, /* 0-9 :;<=>? */
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, /* @A-O */
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, /* P-Z [\]^_ */
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, /* `a-o */
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      /* p-z {|}~ */
};

double ax_plot_text_em(const char *s, int enhanced)
{
    double w = 0, scale = 1.0;
    int depth = 0, script_depth = -1; /* brace depth of a sub/superscript */
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (enhanced && (ch == '_' || ch == '^')) {
            if (s[1] == '{') {
                script_depth = ++depth;
                s++;
                scale = 0.8;
            } else if (s[1]) {
                s++;
                ch = (unsigned char)*s;
                w += 0.8 * (ch >= 0x20 && ch < 0x7f ? HELV_W[ch - 0x20] / 1000.0 : 0.6);
            }
            continue;
        }
        if (enhanced && ch == '{') {
            depth++;
            continue;
        }
        if (enhanced && ch == '}') {
            if (depth == script_depth) {
                script_depth = -1;
                scale = 1.0;
            }
            if (depth > 0)
                depth--;
            continue;
        }
        if ((ch & 0xC0) == 0x80)
            continue; /* a UTF-8 continuation byte */
        w += scale * (ch >= 0x20 && ch < 0x7f ? HELV_W[ch - 0x20] / 1000.0 : 0.6);
    }
    return w;
}

/* What a key entry takes besides its text (ems): the sample (samplen 3.5,
 * long enough to show a dash pattern), the gaps around it and the key's
 * inner margin (4.08 em from the panel's edge to the text, measured with
 * pdftotext -bbox on gnuplot 5.4's cairo terminals), and a gap after the
 * text; and the safety factor on the text for a viewer that substitutes a
 * wider face than Helvetica (DejaVu Sans is about 10% wider). */
#define KEY_EXTRA_EM 4.5
#define KEY_TEXT_SAFETY 1.10

static double page_width(const ax_plot *p)
{
    return p->size == AX_PLOT_SINGLE ? SINGLE_W
         : p->size == AX_PLOT_CUSTOM && p->width_in > 0 ? p->width_in : DOUBLE_W;
}

static double page_font(double W)
{
    double F = 7.0 + (W - SINGLE_W) / (DOUBLE_W - SINGLE_W);
    return F < 7.0 ? 7.0 : F > 11.0 ? 11.0 : F;
}

/* The key panel's left and right edges, inches from the page's left edge:
 * the whole page's width (but a small margin) on a narrow page, the plot's
 * width on a wide one. */
static void key_span(double W, double F, double *l, double *r)
{
    double ch = F / 72.0;
    if (W < 5.0) {
        *l = 0.02 * W;
        *r = 0.99 * W;
    } else {
        *l = 6.8 * ch;
        *r = W - 1.6 * ch;
    }
}

double ax_plot_key_room_em(const ax_plot *p, int cols)
{
    double W = page_width(p), F = page_font(W), l, r;
    key_span(W, F, &l, &r);
    return ((r - l) * 72.0 / F / (cols > 1 ? cols : 1) - KEY_EXTRA_EM) / KEY_TEXT_SAFETY;
}

static size_t key_entries(const ax_plot *p, double *max_em)
{
    size_t n = 0;
    *max_em = 0;
    for (size_t i = 0; i < p->ncurves; i++)
        if (p->curves[i].label[0]) {
            n++;
            double m = ax_plot_text_em(p->curves[i].label, p->curves[i].enhanced);
            if (m > *max_em)
                *max_em = m;
        }
    return n;
}

void ax_plot_layout_of(const ax_plot *p, ax_plot_layout *l)
{
    memset(l, 0, sizeof *l);
    double W = page_width(p), F = page_font(W);
    double ch = F / 72.0; /* one line of text, inches */
    double max_em, key_lin, key_rin;
    size_t nkey = key_entries(p, &max_em);
    key_span(W, F, &key_lin, &key_rin);
    double top = 1.0 * ch, bottom = 3.6 * ch, left = 6.8 * ch, right = 1.6 * ch;
    int inset = p->ixmax > p->ixmin;
    double plot_w = W - left - right;
    /* columns of the key: two on a wide page when its longest entry fits
     * in half the key's width (with the sample and the safety factor) */
    int cols = W >= 5.0 && max_em <= ax_plot_key_room_em(p, 2) ? 2 : 1;
    int rows = (int)((nkey + (size_t)cols - 1) / (size_t)cols);
    /* rows 1.1 lines apart (spacing 1.1), and a line and a half around */
    double key_h = rows > 0 ? (rows * 1.12 + 1.5) * ch : 0.0;
    double plot_h = plot_w * (W < 5.0 ? 0.9 : 0.5);
    double inset_h = inset ? 0.5 * plot_h : 0.0;
    double H = top + plot_h + bottom + (inset ? inset_h + bottom + 1.2 * ch : 0.0) + key_h;
    if (p->size == AX_PLOT_CUSTOM && p->height_in > 0) {
        /* the page given: the plot (and the panel) take what the key leaves */
        double free_h = p->height_in - top - bottom - (inset ? bottom : 0.0) - key_h;
        plot_h = free_h / (inset ? 1.5 : 1.0);
        if (plot_h < 0.8)
            plot_h = 0.8;
        inset_h = inset ? 0.5 * plot_h : 0.0;
        H = top + plot_h + bottom + (inset ? inset_h + bottom + 1.2 * ch : 0.0) + key_h;
    }
    l->width_in = W;
    l->height_in = H;
    l->font_pt = F;
    l->plot_l = left / W;
    l->plot_r = 1.0 - right / W;
    l->plot_t = 1.0 - top / H;
    l->plot_b = l->plot_t - plot_h / H;
    if (inset) {
        l->inset_t = l->plot_b - (bottom + 1.2 * ch) / H;
        l->inset_b = l->inset_t - inset_h / H;
    }
    /* on a narrow page the key may use the whole width */
    l->key_l = key_lin / W;
    l->key_r = key_rin / W;
    l->key_t = key_h / H;
    l->key_b = 0.0;
    l->key_cols = cols;
    l->key_rows = rows;
}

int ax_plot_size_parse(const char *word, ax_plot *p, ax_error *err)
{
    double w = 0, h = 0;
    char tail;
    if (strcmp(word, "single") == 0) {
        p->size = AX_PLOT_SINGLE;
        return AX_OK;
    }
    if (strcmp(word, "double") == 0) {
        p->size = AX_PLOT_DOUBLE;
        return AX_OK;
    }
    int n = sscanf(word, "%lfx%lf%c", &w, &h, &tail);
    if (n == 1 && strchr(word, 'x') == NULL)
        n = 2; /* "5": a width alone */
    if (n != 2 || !(w >= 2.0 && w <= 20.0) || !(h == 0.0 || (h >= 1.5 && h <= 20.0)))
        return ax_fail(err, AX_EINPUT, "--size %s: expected single (3.4 in wide), double "
                       "(7 in) or WxH in inches (W 2 to 20, H 0 for automatic or 1.5 to 20)",
                       word);
    p->size = AX_PLOT_CUSTOM;
    p->width_in = w;
    p->height_in = h;
    return AX_OK;
}

static void write_terminal(FILE *fp, ax_plot_format fmt, const ax_plot_layout *l)
{
    /* Measured on gnuplot 5.4: the cairo terminals draw a font of "F" points
     * at F x 96/72 points (fontscale 0.75 gives F on the PDF page; PNG_DPI/96
     * gives F at PNG_DPI), pdfcairo's line width unit is 0.5 pt (linewidth
     * 1.5: lw 1 = 0.75 pt), pngcairo's 1 pixel (0.75 pt = 0.75 PNG_DPI/72 px),
     * svg's 1 pt. Markers: ps 1 is about 6 pt in each, so the default ps 0.6
     * is about half the font size: shapes, not blobs. pngcairo draws a dash
     * pattern twice as long as pdfcairo and svg do at the same line width
     * (dt 2: 14.6 pt against 7.3 pt a period), hence dashlength 0.5: the key
     * samples then show their patterns, as in the PDF. */
    switch (fmt) {
    case AX_PLOT_PDF:
        fprintf(fp, "set terminal pdfcairo size %.3fin,%.3fin enhanced font 'Helvetica,%.3g' "
                    "fontscale 0.75 linewidth 1.5 rounded\n", l->width_in, l->height_in,
                l->font_pt);
        break;
    case AX_PLOT_SVG:
        fprintf(fp, "set terminal svg size %.0f,%.0f enhanced font 'Helvetica,%.3g' "
                    "linewidth 0.75 rounded\n", 72.0 * l->width_in, 72.0 * l->height_in,
                l->font_pt);
        break;
    default:
        fprintf(fp, "set terminal pngcairo size %.0f,%.0f enhanced font 'Helvetica,%.3g' "
                    "fontscale %.4g linewidth %.4g pointscale %.4g rounded dashlength 0.5\n",
                PNG_DPI * l->width_in, PNG_DPI * l->height_in, l->font_pt, PNG_DPI / 96.0,
                0.75 * PNG_DPI / 72.0, PNG_DPI / 72.0);
    }
}

/* Decade labels 10^n: every decade when the axis spans up to 12 of them,
 * every 2nd up to 24, every 5th beyond (fewer on a short axis); minor ticks
 * at the other decades. */
static void write_log_axis(FILE *fp, char axis, double lo, double hi, double len_in)
{
    double ndec = (lo > 0 && hi > lo) ? log10(hi / lo) : 1.0;
    double per_in = ndec / (len_in > 0.5 ? len_in : 0.5); /* decades per inch */
    int step = ndec <= 12 && per_in <= 4.5 ? 1 : ndec <= 24 && per_in <= 9 ? 2
             : per_in <= 22 ? 5 : 10;
    fprintf(fp, "set logscale %c\n", axis);
    if (ndec < 2.0) {
        /* a decade or two: numbers at 1, 2, 5 of each decade */
        fprintf(fp, "set format %c '%%g'\nset %ctics (", axis, axis);
        int first = 1;
        for (double d = pow(10.0, floor(log10(lo))); d <= hi * 1.0001; d *= 10.0)
            for (int k = 0; k < 3; k++) {
                double v = d * (k == 0 ? 1 : k == 1 ? 2 : 5);
                if (v >= lo * 0.9999 && v <= hi * 1.0001) {
                    fprintf(fp, "%s%g", first ? "" : ", ", v);
                    first = 0;
                }
            }
        fprintf(fp, ")\nset m%ctics 10\n", axis);
        return;
    }
    fprintf(fp, "set format %c '10^{%%L}'\n", axis);
    if (step == 1) {
        fprintf(fp, "set %ctics 10\nset m%ctics 10\n", axis, axis);
        return;
    }
    /* every step-th decade, listed (gnuplot 5.4 hangs on "set ytics 1e10"
     * over 60 decades), the others as minor ticks */
    fprintf(fp, "set %ctics (", axis);
    int e0 = (int)ceil(log10(lo) - 1e-9), e1 = (int)floor(log10(hi) + 1e-9), first = 1;
    for (int e = e0; e <= e1; e++)
        if (e % step == 0) {
            fprintf(fp, "%s\"10^{%d}\" 1e%d", first ? "" : ", ", e, e);
            first = 0;
        }
    fprintf(fp, ")\nset %ctics add (", axis);
    first = 1;
    for (int e = e0; e <= e1; e++)
        if (e % step != 0) {
            fprintf(fp, "%s\"\" 1e%d 1", first ? "" : ", ", e);
            first = 0;
        }
    fprintf(fp, "%s)\nunset m%ctics\n", first ? "\"\" 1e0 1" : "", axis);
}

static void write_margins(FILE *fp, double l, double r, double b, double t)
{
    fprintf(fp, "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                "set bmargin at screen %.4f\nset tmargin at screen %.4f\n", l, r, b, t);
}

static void write_axes(FILE *fp, const ax_plot *p, const ax_plot_layout *l)
{
    fprintf(fp, "set encoding utf8\nset datafile separator ','\n"
                "set datafile commentschars '#'\n");
    char t[3 * sizeof p->title], xl[3 * sizeof p->xlabel], yl[3 * sizeof p->ylabel];
    ax_plot_escape(t, sizeof t, p->title, AX_PLOT_Q_DOUBLE);
    ax_plot_escape(xl, sizeof xl, p->xlabel, AX_PLOT_Q_DOUBLE);
    ax_plot_escape(yl, sizeof yl, p->ylabel, AX_PLOT_Q_DOUBLE);
    if (p->title[0])
        fprintf(fp, "set title \"%s\"\n", t);
    fprintf(fp, "set xlabel \"%s\"\nset ylabel \"%s\"\n", xl, yl);
    double w = (l->plot_r - l->plot_l) * l->width_in, h = (l->plot_t - l->plot_b) * l->height_in;
    if (p->logx)
        write_log_axis(fp, 'x', p->xmin, p->xmax, w);
    if (p->logy)
        write_log_axis(fp, 'y', p->ymin, p->ymax, h);
    fprintf(fp, "set xrange [%.6g:%.6g]\nset yrange [%.6g:%.6g]\n", p->xmin, p->xmax,
            p->ymin, p->ymax);
    fprintf(fp, "ytop = %.6g; ybot = %.6g\n", p->ymax, p->ymin);
    /* layout: the plot area and, under it, the key (fractions of the page) */
    fprintf(fp, "# layout: page %.2f x %.2f in, font %.3g pt; plot x [%.4f, %.4f] y [%.4f, "
                "%.4f]; key x [%.4f, %.4f] y [%.4f, %.4f], %d columns x %d rows\n",
            l->width_in, l->height_in, l->font_pt, l->plot_l, l->plot_r, l->plot_b, l->plot_t,
            l->key_l, l->key_r, l->key_b, l->key_t, l->key_cols, l->key_rows);
    write_margins(fp, l->plot_l, l->plot_r, l->plot_b, l->plot_t);
    fprintf(fp, "unset key\n");
    fprintf(fp, "set grid xtics ytics lc rgb '#dddddd' lw 0.5\nset border lw 1.0\n"
                "set tics front scale 0.6\nset pointintervalbox 0\nset clip two\n\n");
}

/* Regions, bands and hatched strips: drawn first, their edges as lines. */
static int is_region(ax_plot_style st)
{
    return (st >= AX_PLOT_REGION_ABOVE && st <= AX_PLOT_BAND) || st == AX_PLOT_HATCH_BELOW;
}

/* A curve is three strings: dN its data ("'file' using 1:2"), sN its style
 * ("with lines lc ..."), tN its key entry ("title '...'" or "notitle"). The
 * panels draw "@dN @sN notitle"; the key panel draws "NaN @sN @tN". */
static void write_curve(FILE *fp, const ax_plot *p, size_t i)
{
    const ax_plot_curve *c = &p->curves[i];
    char label[4 * sizeof c->label], title[4 * sizeof c->label + 32],
        data[4 * sizeof c->data_file + 64], cl[sizeof c->label], cs[sizeof c->source],
        file[4 * sizeof c->data_file];
    ax_plot_escape(label, sizeof label, c->label, AX_PLOT_Q_NESTED);
    ax_plot_escape(cl, sizeof cl, c->label, AX_PLOT_Q_COMMENT);
    ax_plot_escape(cs, sizeof cs, c->source, AX_PLOT_Q_COMMENT);
    ax_plot_escape(file, sizeof file, c->data_file, AX_PLOT_Q_NESTED);
    double w = c->width > 0 ? c->width : 1.0;
    int ycol = c->ycol > 0 ? c->ycol : 2;
    fprintf(fp, "# --- %s\n#     source: %s\n", cl[0] ? cl : "(no key entry)",
            cs[0] ? cs : "-");
    /* an empty label: no key entry; labels are UTF-8 enhanced text (x_s, 10^3) */
    if (label[0])
        snprintf(title, sizeof title, "title '%s'%s", label, c->enhanced ? "" : " noenhanced");
    else
        snprintf(title, sizeof title, "notitle");
    const char *col = c->rgb[0] ? c->rgb : ax_plot_color(c->color);
    switch (c->style) {
    case AX_PLOT_REGION_ABOVE:
        /* outlined at the curve's width: the edge is the bound */
        snprintf(data, sizeof data, "'%s' using 1:%d:(ytop)", file, ycol);
        fprintf(fp, "s%zu = \"with filledcurves fc rgb '%s' fs transparent solid %.2g "
                    "border lc rgb '%s' lw %.2g\"\n", i, col, c->fill > 0 ? c->fill : 0.15,
                col, w);
        break;
    case AX_PLOT_REGION_BELOW:
        snprintf(data, sizeof data, "'%s' using 1:(ybot):%d", file, ycol);
        fprintf(fp, "s%zu = \"with filledcurves fc rgb '%s' fs transparent solid %.2g "
                    "border lc rgb '%s' lw %.2g\"\n", i, col, c->fill > 0 ? c->fill : 0.15,
                col, w);
        break;
    case AX_PLOT_HATCH_BELOW:
        snprintf(data, sizeof data, "'%s' using 1:(ybot):%d", file, ycol);
        fprintf(fp, "s%zu = \"with filledcurves fc rgb '%s' fs transparent pattern 5 "
                    "border lc rgb '%s' lw %.2g\"\n", i, col, col, w);
        break;
    case AX_PLOT_BAND:
        snprintf(data, sizeof data, "'%s' using 1:2:3", file);
        fprintf(fp, "s%zu = \"with filledcurves fc rgb '%s' fs transparent solid %.2g "
                    "border lc rgb '%s' lw 0.8\"\n", i, col, c->fill > 0 ? c->fill : 0.3, col);
        break;
    case AX_PLOT_VLINE:
        /* the line is an arrow across the main panel; the curve its key entry */
        snprintf(data, sizeof data, "NaN");
        fprintf(fp, "set arrow %zu from %.8g, graph 0 to %.8g, graph 1 nohead lc rgb '%s' "
                    "lw %.2g dt 4 front\n", i + 1, c->x, c->x, col, w);
        fprintf(fp, "s%zu = \"with lines lc rgb '%s' lw %.2g dt 4\"\n", i, col, w);
        break;
    case AX_PLOT_POINTS:
        /* markers alone, at the data points (width: the marker's size) */
        snprintf(data, sizeof data, "'%s' using 1:%d", file, ycol);
        fprintf(fp, "s%zu = \"with points lc rgb '%s' pt %s ps %.2g\"\n", i, col,
                ax_plot_marker(c->point > 0 ? c->point : 2), c->width > 0 ? c->width : 0.6);
        break;
    default: {
        int dt = c->style == AX_PLOT_DASHED ? 2 : c->style == AX_PLOT_DOTTED ? 3
               : c->style == AX_PLOT_DASHDOT ? 4 : 1;
        char marker[80] = "";
        if (c->point > 0)
            snprintf(marker, sizeof marker, " pt %s ps 0.6 pi %d", ax_plot_marker(c->point),
                     c->point_every > 1 ? c->point_every : 1);
        if (c->data_file[0])
            snprintf(data, sizeof data, "'%s' using 1:%d", file, ycol);
        else
            snprintf(data, sizeof data, "NaN");
        fprintf(fp, "s%zu = \"with lines%s lc rgb '%s' lw %.2g dt %d%s\"\n", i,
                c->point > 0 ? "points" : "", col, w, dt, marker);
    }
    }
    if (!c->data_file[0])
        snprintf(data, sizeof data, "NaN"); /* a key entry only */
    fprintf(fp, "d%zu = \"%s\"\nt%zu = \"%s\"\n", i, data, i, title);
    /* a region's edge (a bound) as a line: gnuplot 5.4 draws no border
     * around a filledcurves area between two columns. A hatched strip's
     * edge is vertical: an impulse from the bottom at each of its rows. */
    if (is_region(c->style) && c->data_file[0]) {
        fprintf(fp, "g%zu = \"'%s' using 1:%d\"\n", i, file,
                c->style == AX_PLOT_BAND ? 2 : ycol);
        if (c->style == AX_PLOT_BAND)
            fprintf(fp, "h%zu = \"'%s' using 1:3\"\n", i, file);
        fprintf(fp, "e%zu = \"with %s lc rgb '%s' lw %.2g\"\n", i,
                c->style == AX_PLOT_HATCH_BELOW ? "impulses" : "lines", col,
                c->style == AX_PLOT_BAND ? 0.8 : w);
    }
    fputc('\n', fp);
}

/* A panel's plot command: regions first, so that lines (and the regions'
 * edges) are drawn on top of them; inset: only the curves marked for the
 * zoomed panel. */
static void write_plot_command(FILE *fp, const ax_plot *p, int inset)
{
    fprintf(fp, "plot ");
    int first = 1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < p->ncurves; i++) {
            const ax_plot_curve *c = &p->curves[i];
            int region = is_region(c->style);
            if (!c->data_file[0] || (inset && !c->inset))
                continue;
            if (region && pass == 1) { /* the edges, with the lines */
                fprintf(fp, "%s@g%zu @e%zu notitle", first ? "" : ", \\\n     ", i, i);
                if (c->style == AX_PLOT_BAND)
                    fprintf(fp, ", \\\n     @h%zu @e%zu notitle", i, i);
                first = 0;
                continue;
            }
            if (region != (pass == 0))
                continue;
            fprintf(fp, "%s@d%zu @s%zu notitle", first ? "" : ", \\\n     ", i, i);
            first = 0;
        }
    if (first)
        fprintf(fp, "NaN notitle");
    fprintf(fp, "\n");
}

static void write_inset(FILE *fp, const ax_plot *p, const ax_plot_layout *l)
{
    fprintf(fp, "\n# --- the second panel: the same curves, zoomed\nunset arrow\n");
    char yl[3 * sizeof p->iylabel], il[3 * sizeof p->inset_label];
    ax_plot_escape(yl, sizeof yl, p->iylabel, AX_PLOT_Q_DOUBLE);
    ax_plot_escape(il, sizeof il, p->inset_label, AX_PLOT_Q_DOUBLE);
    if (p->iylabel[0])
        fprintf(fp, "set ylabel \"%s\"\n", yl);
    if (p->inset_label[0])
        fprintf(fp, "set label 1 \"%s\" at graph 0.02, graph 0.07 left front\n", il);
    write_margins(fp, l->plot_l, l->plot_r, l->inset_b, l->inset_t);
    double w = (l->plot_r - l->plot_l) * l->width_in, h = (l->inset_t - l->inset_b) * l->height_in;
    write_log_axis(fp, 'x', p->ixmin, p->ixmax, w);
    write_log_axis(fp, 'y', p->iymin, p->iymax, h);
    fprintf(fp, "set xrange [%.6g:%.6g]\nset yrange [%.6g:%.6g]\n", p->ixmin, p->ixmax,
            p->iymin, p->iymax);
    fprintf(fp, "ytop = %.6g; ybot = %.6g\n", p->iymax, p->iymin);
    write_plot_command(fp, p, 1);
}

/* The key: a panel of its own under the plot, every entry drawn from NaN;
 * with two columns, two panels side by side (the first rows entries in the
 * left one), so that gnuplot's own estimate of the texts' widths (an
 * average character) cannot fold the key into fewer columns than the
 * layout measured (ax_plot_text_em), which would run it off the page. */
static void write_key(FILE *fp, const ax_plot *p, const ax_plot_layout *l)
{
    fprintf(fp, "\n# --- the key, under the plot\nunset arrow\nunset label\nunset grid\n"
                "unset border\nunset tics\nunset xlabel\nunset ylabel\nunset logscale\n"
                "set xrange [0:1]\nset yrange [0:1]\n");
    fprintf(fp, "set key inside left top vertical maxrows %d Left reverse width 1 "
                "spacing 1.1 samplen 3.5 noopaque nobox font ',%.3g'\n",
            l->key_rows, l->font_pt);
    size_t k = 0;
    for (int col = 0; col < l->key_cols; col++) {
        double w = (l->key_r - l->key_l) / l->key_cols;
        write_margins(fp, l->key_l + col * w, l->key_l + (col + 1) * w, l->key_b, l->key_t);
        fprintf(fp, "plot ");
        int first = 1;
        for (int row = 0; k < p->ncurves && row < l->key_rows; k++) {
            if (!p->curves[k].label[0])
                continue;
            fprintf(fp, "%sNaN @s%zu @t%zu", first ? "" : ", \\\n     ", k, k);
            first = 0;
            row++;
        }
        fprintf(fp, "%s\n", first ? "NaN notitle" : "");
    }
    fprintf(fp, "unset multiplot\n");
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
    ax_plot_layout l;
    ax_plot_layout_of(p, &l);
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
                "# the plot line draws them. Comment a name out there to drop a curve.\n\n",
            cname, cname);
    write_terminal(fp, fmt, &l);
    fprintf(fp, "if (!exists('outfile')) outfile = '%s.%s'\nset output outfile\n\n", qname,
            ax_plot_format_ext(fmt));
    write_axes(fp, p, &l);
    for (size_t i = 0; i < p->ncurves; i++)
        write_curve(fp, p, i);
    /* three panels: the plot, the zoomed panel (when there is one), the key */
    fprintf(fp, "set multiplot\n");
    write_plot_command(fp, p, 0);
    if (p->ixmax > p->ixmin)
        write_inset(fp, p, &l);
    if (l.key_rows > 0)
        write_key(fp, p, &l);
    else
        fprintf(fp, "unset multiplot\n");
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
    char script[128], final_path[4096], expr[4200];
    for (size_t i = 0; i < p->ncurves; i++) {
        char data[4096];
        int st = join_path(data, sizeof data, dir, p->curves[i].data_file, err);
        if (st != AX_OK)
            return st;
        if (access(data, R_OK) != 0)
            return ax_fail(err, AX_ERUN, "plot %s: data file %s is missing", p->name, data);
    }
    snprintf(script, sizeof script, "%s.gp", p->name);
    snprintf(final_path, sizeof final_path, "%s/%s.%s", dir, p->name, ax_plot_format_ext(fmt));
    /* the image is an output file of the directory like the data and the
     * script: a device, FIFO or socket there is refused, a link replaced,
     * the mode of an image it replaces kept. gnuplot writes the temporary
     * file ax_outfile made (its name: the plot name, digits and letters). */
    ax_outfile img;
    int ost = ax_outfile_open_flags(&img, final_path, AX_OUT_NOFOLLOW, err);
    if (ost != AX_OK)
        return ost;
    const char *tmp_path = img.tmp_path;
    const char *tmp_name = strrchr(tmp_path, '/') ? strrchr(tmp_path, '/') + 1 : tmp_path;
    snprintf(expr, sizeof expr, "outfile='%s'", tmp_name);
    ax_dirpub_note(final_path);
    /* gnuplot's messages are captured, never printed by the library */
    int fds[2];
    if (pipe(fds) != 0) {
        ax_outfile_abort(&img);
        return ax_fail(err, AX_ERUN, "cannot start gnuplot: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        ax_outfile_abort(&img);
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
        if (errno != EINTR) {
            ax_outfile_abort(&img);
            return ax_fail(err, AX_ERUN, "waiting for gnuplot: %s", strerror(errno));
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ax_outfile_abort(&img);
        return ax_fail(err, AX_ERUN, "gnuplot failed on %s/%s (exit status %d): %s", dir,
                       script, WIFEXITED(status) ? WEXITSTATUS(status) : -1, msg);
    }
    struct stat st;
    if (stat(tmp_path, &st) != 0 || st.st_size == 0) {
        ax_outfile_abort(&img);
        return ax_fail(err, AX_ERUN, "gnuplot wrote no image for %s/%s", dir, script);
    }
    /* fsync'ed and renamed onto the image (gnuplot wrote the same inode) */
    return ax_outfile_commit(&img, err);
}
