/* error.c -- status codes and messages with context (see axsterile/error.h). */
#include "axsterile/error.h"

#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ax_error_clear(ax_error *err)
{
    if (!err)
        return;
    err->status = AX_OK;
    err->msg[0] = '\0';
}

int ax_fail(ax_error *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

int ax_error_context(ax_error *err, const char *fmt, ...)
{
    if (!err)
        return AX_ERUN;
    char prefix[AX_ERROR_MSG_LEN];
    char joined[2 * AX_ERROR_MSG_LEN + 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    snprintf(joined, sizeof joined, "%s: %s", prefix, err->msg);
    snprintf(err->msg, sizeof err->msg, "%.1023s", joined);
    if (err->status == AX_OK)
        err->status = AX_ERUN;
    return err->status;
}

void ax_gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

static ax_fault_hook fault_hook;

ax_fault_hook ax_fault_set_hook(ax_fault_hook hook)
{
    ax_fault_hook old = fault_hook;
    fault_hook = hook;
    return old;
}

int ax_fault(const char *site)
{
    return fault_hook ? fault_hook(site) != 0 : 0;
}
