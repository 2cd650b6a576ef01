/* plot_internal.h -- not installed: what plot.c offers besides its public
 * header, for the tests (tests/test_plot.c writes its test curves with it;
 * the figures write their data through the scan engine, axsterile/scan.h). */
#ifndef AXSTERILE_PLOT_INTERNAL_H
#define AXSTERILE_PLOT_INTERNAL_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/plot.h"

/* Write a CSV data file atomically: a '#' header (one line per entry of
 * header_lines, e.g. provenance) then the column line "# m_s [keV], ...",
 * then nrows rows of ncols values (row-major). Refuses non-finite values. */
int ax_plot_write_csv(const char *dir, const char *file, const char *const *header_lines,
                      size_t nheader, const char *columns, const double *data,
                      size_t nrows, size_t ncols, ax_error *err);

/* The printed width of a text in ems of its font (Helvetica's advance
 * widths; enhanced: sub- and superscripts at 0.8, markup not counted). */
double ax_plot_text_em(const char *s, int enhanced);

/* The widest key text (ems) that one column of a key of `cols` columns
 * holds at p's size, with a 10% margin for a wider substitute face: a
 * figure shortens longer texts (docs/figures.md, "Paper size"). The key
 * has two columns on a page 5 in wide or more when every text fits. */
double ax_plot_key_room_em(const ax_plot *p, int cols);

#endif /* AXSTERILE_PLOT_INTERNAL_H */
