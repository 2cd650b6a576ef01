/*
 * axsterile/plot.h -- figures as gnuplot scripts plus CSV data (docs/figures.md).
 *
 * A figure is described by an ax_plot (axes, ranges, labels) and a list of
 * curves, each a CSV data file with a '#' header that names the columns and
 * their units. ax_plot_write() emits a self-contained, commented gnuplot
 * script next to the data (one block per curve, each naming its source);
 * ax_plot_render() runs gnuplot on it when gnuplot is installed.
 *
 * Styles: solid lines for published limits and model lines, dashed lines
 * for recasts and secondary lines, shaded regions for excluded areas. The
 * colour cycle (ax_plot_color) alternates dark and light tones so that
 * neighbouring curves stay distinct when printed in grey, and dash patterns
 * differ as well.
 */
#ifndef AXSTERILE_PLOT_H
#define AXSTERILE_PLOT_H

#include <stddef.h>

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ax_plot_style {
    AX_PLOT_SOLID = 0,   /* line */
    AX_PLOT_DASHED,      /* dashed line */
    AX_PLOT_DOTTED,      /* dotted line */
    AX_PLOT_REGION_ABOVE,/* region between the curve and the top of the plot */
    AX_PLOT_REGION_BELOW,/* region between the curve and the bottom */
    AX_PLOT_BAND,        /* region between columns 2 and 3 */
    AX_PLOT_VLINE,       /* vertical line at x (no data file; dot-dashed) */
    AX_PLOT_DASHDOT,     /* dot-dashed line */
    AX_PLOT_POINTS,      /* markers alone at the data points (marker `point`, size
                          * `width` in units of the default, 0.6 when 0) */
    AX_PLOT_HATCH_BELOW  /* region between the bottom and the curve, hatched
                          * (transparent diagonal lines, outlined) */
} ax_plot_style;

/* Figure sizes: single column (3.4 in wide), double column (7 in). */
typedef enum ax_plot_size { AX_PLOT_DOUBLE = 0, AX_PLOT_SINGLE, AX_PLOT_CUSTOM } ax_plot_size;

typedef enum ax_plot_format { AX_PLOT_PNG = 0, AX_PLOT_PDF, AX_PLOT_SVG } ax_plot_format;

typedef struct ax_plot_curve {
    char label[160];     /* legend text, naming the source ("NuSTAR, Roach+ 2020");
                          * empty: no entry in the key */
    char source[4352];   /* comment in the script: paper, figure, how obtained (room
                          * for a file's full path) */
    char data_file[128]; /* CSV file name, relative to the figure directory; empty:
                          * a key entry only, explaining a style (e.g. "dashed: recast") */
    ax_plot_style style;
    int color;           /* index into the colour cycle; -1 for grey */
    double width;        /* line width (1 = default) */
    int enhanced;        /* label uses gnuplot enhanced text ({/Symbol q}, x_s, 10^3) */
    int point;           /* marker: index into the marker cycle (ax_plot_marker),
                          * 0 for none; markers keep many curves apart in grey print */
    int point_every;     /* a marker on every point_every-th data point (>= 1) */
    int ycol;            /* data column of y (lines, REGION_ABOVE/BELOW); 0: column 2 */
    double x;            /* AX_PLOT_VLINE: where (axis units) */
    int inset;           /* also drawn in the zoomed panel (ax_plot.ixmin...) */
    char rgb[8];         /* "#rrggbb" instead of colour `color` when set */
    double fill;         /* opacity of a region or band (0: 0.15 for regions, 0.3 bands) */
} ax_plot_curve;

typedef struct ax_plot {
    char name[64];       /* file stem: fig2 -> fig2.gp, fig2.png */
    char title[160];     /* optional; empty for none */
    char xlabel[128], ylabel[128];
    double xmin, xmax, ymin, ymax;
    int logx, logy;
    char key_position[64]; /* gnuplot "set key" arguments, e.g. "bottom left" */
    int wide;            /* unused (the key is under the plot; kept for callers) */
    ax_plot_size size;   /* AX_PLOT_DOUBLE (default), _SINGLE or _CUSTOM */
    double width_in, height_in; /* _CUSTOM: the page in inches (height 0: from the key) */
    /* a second panel under the plot, zoomed on [ixmin, ixmax] x [iymin, iymax]
     * with the curves marked `inset`; none when ixmax <= ixmin */
    double ixmin, ixmax, iymin, iymax;
    char inset_label[96]; /* a note in the panel's bottom left corner */
    char iylabel[64];     /* the panel's y label (empty: the plot's) */
    ax_plot_curve *curves;
    size_t ncurves, cap;
} ax_plot;

void ax_plot_init(ax_plot *p, const char *name);
void ax_plot_free(ax_plot *p);

/* Append a curve (copied); returns AX_ERUN on allocation failure. */
int ax_plot_add(ax_plot *p, const ax_plot_curve *c, ax_error *err);

/* How a text is quoted where it goes in a script. */
typedef enum ax_plot_quote {
    AX_PLOT_Q_SINGLE,  /* inside '...' */
    AX_PLOT_Q_DOUBLE,  /* inside "..." */
    AX_PLOT_Q_NESTED,  /* inside '...' inside "..." (a curve string used as @cN) */
    AX_PLOT_Q_COMMENT  /* after # on a comment line */
} ax_plot_quote;

/* Copy s into out (size n), escaped for gnuplot in context q, so that no
 * text runs a command or ends its string or comment: control characters
 * (newlines) become blanks; ' is doubled in single quotes; \, " and ` are
 * escaped in double quotes; a backslash in a comment becomes '/'. Every
 * text in a script goes through it (labels, sources, file names, stem). */
void ax_plot_escape(char *out, size_t n, const char *s, ax_plot_quote q);

/* Write DIR/NAME.gp, rendering to DIR/NAME.{png,pdf,svg}. */
int ax_plot_write(const ax_plot *p, const char *dir, ax_plot_format fmt, ax_error *err);

/* The colour cycle: its length, and colour i (hex "#rrggbb"); i < 0 is grey. */
int ax_plot_ncolors(void);
const char *ax_plot_color(int i);

/* The look of a named curve (a limit, by its stem), the same whatever else
 * is drawn: a colour "#rrggbb" of a fixed palette of 18 (never black or
 * grey, kept for the model lines and regions) and a marker 1..15 (the
 * shapes), both from a hash (FNV-1a) of the name. */
const char *ax_plot_name_color(const char *name);
int ax_plot_name_marker(const char *name);
int ax_plot_nmarkers(void);

/* Marker k >= 1 as gnuplot's "pt" argument: a point type ("4") for the
 * first fifteen (open and filled shapes in turn), then a character ("'@'"). */
const char *ax_plot_marker(int k);

/* Is gnuplot on the PATH? */
int ax_plot_gnuplot_available(void);

/* Run gnuplot on DIR/NAME.gp in DIR. AX_ERUN with gnuplot's exit status on
 * failure; the image is written through a temporary name and renamed. */
int ax_plot_render(const ax_plot *p, const char *dir, ax_plot_format fmt, ax_error *err);

/* Parse --size: "single", "double" or "WxH" in inches (W from 2 to 20, H 0 for
 * automatic or from 1.5 to 20); AX_EINPUT otherwise. */
int ax_plot_size_parse(const char *word, ax_plot *p, ax_error *err);

/* The layout ax_plot_write chooses for p with nkey key entries (inches, and
 * the plot area and key box as fractions of the page, 0 at the bottom left):
 * the key sits under the plot, in key_cols columns. */
typedef struct ax_plot_layout {
    double width_in, height_in, font_pt;
    double plot_l, plot_r, plot_b, plot_t;
    double inset_b, inset_t;   /* the second panel (same l, r), 0 when none */
    double key_l, key_r, key_b, key_t;
    int key_cols, key_rows;
} ax_plot_layout;
void ax_plot_layout_of(const ax_plot *p, ax_plot_layout *l);

/* File extension for a format ("png"). */
const char *ax_plot_format_ext(ax_plot_format fmt);

/* Parse "png", "pdf" or "svg"; AX_EINPUT otherwise. */
int ax_plot_format_parse(const char *word, ax_plot_format *fmt, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_PLOT_H */
