/* plot_internal.h -- not installed: what plot.c offers besides its public
 * header, for the tests (tests/test_plot.c writes its test curves with it;
 * the figures write their data through the scan engine, axsterile/scan.h). */
#ifndef AXSTERILE_PLOT_INTERNAL_H
#define AXSTERILE_PLOT_INTERNAL_H

#include <stddef.h>

#include "axsterile/error.h"

/* Write a CSV data file atomically: a '#' header (one line per entry of
 * header_lines, e.g. provenance) then the column line "# m_s [keV], ...",
 * then nrows rows of ncols values (row-major). Refuses non-finite values. */
int ax_plot_write_csv(const char *dir, const char *file, const char *const *header_lines,
                      size_t nheader, const char *columns, const double *data,
                      size_t nrows, size_t ncols, ax_error *err);

#endif /* AXSTERILE_PLOT_INTERNAL_H */
