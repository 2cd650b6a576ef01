/* limits.c -- limit files (see axsterile/limits.h). STUB: being written. */
#include "axsterile/limits.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ax_limit_load(const char *path, ax_limit *lim, ax_error *err)
{
    memset(lim, 0, sizeof *lim);
    return ax_fail(err, AX_ERUN, "%s: limit loading not implemented yet", path);
}

void ax_limit_free(ax_limit *lim)
{
    (void)lim;
}
