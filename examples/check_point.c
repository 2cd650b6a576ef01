/*
 * check_point.c -- a model point against every limit of the library: the
 * simplified phi model (BH16 eqs. 1-4) at m_s and m_phi, with the coupling
 * g_phi that makes nu_s the rest of the dark matter (f_phi = 0.01).
 *
 *   cc check_point.c $(pkg-config --cflags --libs axsterile) -o check_point
 *   ./check_point 7.1keV 1e-6eV
 *
 * Same numbers as `axsterile check --ms 7.1keV --mphi 1e-6eV --dm-fixed
 * --json`: the verdict, the coupling, then one line per limit row.
 */
#include <axsterile/check.h>
#include <axsterile/decay.h>
#include <axsterile/error.h>
#include <axsterile/limits.h>
#include <axsterile/production.h>
#include <axsterile/units.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *ms_text = argc > 1 ? argv[1] : "7.1keV";
    const char *mphi_text = argc > 2 ? argv[2] : "1e-6eV";
    ax_error err;
    ax_error_clear(&err);
    ax_gsl_quiet();

    ax_model m;
    ax_model_defaults(&m, AX_MODEL_PHI); /* f_phi = 0.01, exact field evolution */
    if (ax_units_parse(ms_text, AX_DIM_ENERGY, AX_UNITS_POSITIVE, &m.m_s, &err) != AX_OK ||
        ax_units_parse(mphi_text, AX_DIM_ENERGY, AX_UNITS_POSITIVE, &m.m_phi, &err) != AX_OK ||
        ax_model_validate(&m, &err) != AX_OK) {
        fprintf(stderr, "check_point: %s\n", err.msg);
        return 2;
    }

    /* every shipped limit (NULL: the limits/ directory of the installation) */
    ax_limit_set limits;
    int st = ax_limit_set_load_dir(NULL, &limits, &err);
    if (st != AX_OK) {
        fprintf(stderr, "check_point: %s\n", err.msg);
        return st;
    }
    ax_production *ctx = NULL;
    ax_check_report rep;
    memset(&rep, 0, sizeof rep); /* safe to free even if never filled */
    st = ax_production_init(&ctx, NULL, &err);
    st = AX_THEN(st, ax_check_point(ctx, &limits, &m, 1 /* DM-fixed */, AX_DECAY_DEFAULT, &rep, &err));
    if (st == AX_OK) {
        printf("excluded %s\n", rep.excluded ? "true" : "false");
        printf("g_phi %.17g\n", rep.model.g_phi);
        printf("omega_h2 %.17g\n", rep.prod.omega_h2);
        printf("f_s %.17g\n", rep.f_s);
        for (size_t i = 0; i < rep.n; i++) {
            const ax_check_row *row = &rep.rows[i];
            if (row->status == AX_OK)
                printf("ratio %.17g %s %s\n", row->ratio, row->excluded ? "excluded" : "allowed",
                       row->stem[0] ? row->stem : row->kind);
        }
    } else {
        fprintf(stderr, "check_point: %s\n", err.msg);
    }
    ax_check_report_free(&rep);
    ax_production_free(ctx);
    ax_limit_set_free(&limits);
    return st;
}
