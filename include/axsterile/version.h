/*
 * axsterile/version.h -- the version of the library and program.
 *
 * MAJOR.MINOR.PATCH with the rule of docs/api.md ("Versioning"): MAJOR
 * changes when a program built against an earlier release of the same
 * MAJOR could stop compiling or behave differently (the shared library's
 * soname is libaxsterile.so.MAJOR); MINOR when the interface only grows;
 * PATCH for fixes that leave it unchanged.
 *
 * AX_VERSION* say which headers a program was compiled with;
 * ax_version() says which library it runs with.
 */
#ifndef AXSTERILE_VERSION_H
#define AXSTERILE_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define AX_VERSION_MAJOR 0
#define AX_VERSION_MINOR 1
#define AX_VERSION_PATCH 0
#define AX_VERSION "0.1.0"

/* "MAJOR.MINOR.PATCH" of the library in use (a static string). */
const char *ax_version(void);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_VERSION_H */
