/* axsterile/version.h -- the version of the library and program. */
#ifndef AXSTERILE_VERSION_H
#define AXSTERILE_VERSION_H
#define AX_VERSION "0.1.0"
#endif
