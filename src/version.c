/* version.c -- the library's version at run time. See axsterile/version.h. */
#include "axsterile/version.h"

const char *ax_version(void)
{
    return AX_VERSION;
}
