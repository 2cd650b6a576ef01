/*
 * axsterile/target.h -- reading a target (a halo profile and a region of
 * the sky, axsterile/halo.h) from its descriptions:
 *
 *   - the "target" object of a limit sidecar, or a --target file holding
 *     either such an object or a whole sidecar (docs/limits-format.md,
 *     "Targets");
 *   - the words of the command line: --roi "disk:r=41deg",
 *     "annulus:rin=3deg,rout=45deg", "box:l=-10deg..10deg,b=-5deg..5deg",
 *     --mask "b<5deg,l>6deg", and the profile flags;
 *   - a named preset, "fermi:R41".
 *
 * Every reader checks all it reads and refuses, with a message naming the
 * key or word and what was expected: an unknown key, a key given twice,
 * a missing or non-finite number, a range outside the sky. Geometry and the
 * J and D integrals live in halo.c; adding a region shape touches halo.h,
 * halo.c and target.c (docs/architecture.md).
 */
#ifndef AXSTERILE_TARGET_H
#define AXSTERILE_TARGET_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/halo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A named preset: "fermi:R3", "fermi:R3-cusp", "fermi:R16", "fermi:R41",
 * "fermi:R90" (Ackermann et al. 2015, arXiv:1506.00013: ROI radius, mask,
 * profile; see docs/physics.md §7a for R3's contracted profile). Unknown
 * names are AX_EINPUT with the list of presets. */
int ax_target_from_preset(const char *name, ax_target *t, ax_error *err);

/* A target from JSON text: a target object, or an object with a "target"
 * member (a limit sidecar). The text is read strictly (no repeated key, no
 * text after the object, no NUL byte); `name` (a file name) starts every
 * message. */
int ax_target_parse(const char *name, const char *text, size_t len, ax_target *t,
                    ax_error *err);

/* The same, from a file (at most 1 MiB). */
int ax_target_load(const char *path, ax_target *t, ax_error *err);

/* A region from the --roi words (not a preset: see ax_target_from_strings):
 *   disk:r=ANGLE[,l=ANGLE,b=ANGLE]
 *   annulus:rin=ANGLE,rout=ANGLE[,l=ANGLE,b=ANGLE]
 *   box:l=ANGLE..ANGLE,b=ANGLE..ANGLE
 * Angles carry a unit (41deg, 0.7rad, 30arcmin). Each key at most once, no
 * empty item (a trailing comma), a range exactly MIN..MAX. Fills the shape,
 * centre and radii or ranges of *r and leaves its mask alone. */
int ax_region_from_words(const char *roi, ax_region *r, ax_error *err);

/* A mask from the --mask words: "none" (also removes a preset's mask),
 * "fermi2015" (|b| < 5 deg with |l| > 6 deg removed), "b<ANGLE" or
 * "b<ANGLE,l>ANGLE". */
int ax_mask_from_words(const char *mask, ax_region *r, ax_error *err);

/* Build a target from the words and values of the CLI flags:
 *   roi      region words as above, or a preset "fermi:R41"
 *   mask     NULL or mask words as above
 *   profile  "nfw" | "gnfw" | "einasto" | "burkert" | "isothermal"
 *            (NULL: the preset's profile; required without a preset)
 * Numbers are in internal units (kpc, GeV/cm^3) and count only when their
 * have_* flag is set. A galactic target (no distance) is normalised by
 * rho_local at r_sun (default 8.5 kpc) or given rho_s; an external target
 * (have_distance) needs rho_s. */
typedef struct ax_target_words {
    const char *profile, *roi, *mask, *name;
    double r_s, rho_local, rho_s, r_sun, r_max, r_min, gamma, alpha, distance;
    int have_r_s, have_rho_local, have_rho_s, have_r_sun, have_r_max,
        have_r_min, have_gamma, have_alpha, have_distance;
} ax_target_words;

int ax_target_from_strings(const ax_target_words *w, ax_target *t,
                           ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_TARGET_H */
