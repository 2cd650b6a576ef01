/* test_model_registry.c -- a model registered by an application (this
 * program; not shipped) runs through the production solvers, the DM-fixed
 * solve, model files and ax_check_point without any change to the
 * library. The test model is Dodelson-Widrow's physics (a constant mixing)
 * with its coupling and a DM share f of its own in ax_model.extra[], so
 * that every number it gives has a known value: the built-in DW model's. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "axsterile/check.h"
#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/modelfile.h"

static const ax_model_param TOY_PARAMS[] = {
    {.key = "s_toy", .flag = "--s-toy", .meta = "X", .type = AX_PARAM_NUMBER, .lo = 0.0,
     .hi = 1.0, .lo_open = 1, .hi_open = 1, .expect = "0 < s_toy < 1", .def = 1e-10,
     .role = AX_PARAM_COUPLING, .help = "constant vacuum mixing", .json_key = "s_toy",
     .offset = offsetof(ax_model, extra) + 0 * sizeof(double)},
    {.key = "f_toy", .flag = "--f-toy", .meta = "F", .type = AX_PARAM_NUMBER, .lo = 0.0,
     .hi = 1.0, .lo_open = 0, .hi_open = 1, .expect = "0 <= f_toy < 1", .def = 0.5,
     .help = "share of the DM in other species", .json_key = "f_toy",
     .offset = offsetof(ax_model, extra) + 1 * sizeof(double)},
};

static double toy_mixing_at(const ax_background *b, const ax_model *m, double T)
{
    (void)b;
    (void)T;
    return m->extra[0];
}

static double toy_today(const ax_model *m) { return m->extra[0]; }
static double toy_other(const ax_model *m) { return m->extra[1]; }

static const ax_model_type TOY = {
    .name = "toy",
    .title = "toy model",
    .summary = "constant mixing with a DM share of its own (tests only)",
    .params = TOY_PARAMS,
    .nparams = sizeof TOY_PARAMS / sizeof TOY_PARAMS[0],
    .coupling_power = 1.0,
    .coupling_max = 1.0,
    .coupling_max_open = 1,
    .T_max_factor = 1.0,
    .mixing_at = toy_mixing_at,
    .mixing_today = toy_today,
    .other_dm_fraction = toy_other,
};

static const ax_model_type BROKEN = {.name = "broken", .params = TOY_PARAMS + 1, .nparams = 1,
                                     .coupling_power = 1.0, .mixing_at = toy_mixing_at,
                                     .mixing_today = toy_today};

int main(void)
{
    harness_use_source_data();
    ax_error err;
    ax_error_clear(&err);

    /* registration */
    int kind = ax_model_register(&TOY, &err);
    CHECK(kind == AX_MODEL_NBUILTIN, "toy registered as kind %d (%s)", kind, err.msg);
    CHECK(ax_model_register(&TOY, &err) < 0 && strstr(err.msg, "taken"), "a name twice: %s",
          err.msg);
    CHECK(ax_model_register(&BROKEN, &err) < 0 && strstr(err.msg, "one coupling row"),
          "a table without a coupling row: %s", err.msg);
    CHECK(ax_model_type_find("toy") == &TOY && ax_model_type_of(kind) == &TOY, "found by name");
    if (kind < 0)
        return harness_done("test_model_registry");

    /* defaults and ranges from the rows */
    ax_model toy;
    ax_model_defaults(&toy, (ax_model_kind)kind);
    CHECK(toy.extra[0] == 1e-10 && toy.extra[1] == 0.5 && toy.flavor == AX_FLAVOR_MU,
          "defaults from the rows: s %g, f %g", toy.extra[0], toy.extra[1]);
    toy.extra[1] = 1.0;
    CHECK_STATUS(ax_model_validate(&toy, &err), AX_EINPUT, &err, "0 <= f_toy < 1");
    toy.extra[1] = 0.5;
    CHECK(ax_model_validate(&toy, &err) == AX_OK, "valid toy point: %s", err.msg);

    ax_production *ctx;
    ax_limit_set set;
    if (ax_production_init(&ctx, NULL, &err) || ax_limit_set_load_dir(NULL, &set, &err)) {
        printf("setup failed: %s\n", err.msg);
        return 1;
    }

    /* the same physics as DW: the same abundance, to rounding */
    ax_model dw;
    ax_model_defaults(&dw, AX_MODEL_DW);
    dw.m_s = toy.m_s = 7.1e-6;
    dw.sin2_2theta = toy.extra[0] = 2e-10;
    ax_prod_result rd, rt;
    CHECK(ax_production_omega(ctx, &dw, &rd, &err) == AX_OK, "DW: %s", err.msg);
    CHECK(ax_production_omega(ctx, &toy, &rt, &err) == AX_OK, "toy: %s", err.msg);
    CHECK_CLOSE(rt.omega_h2, rd.omega_h2, 1e-12, "toy Omega_s h^2 = DW's at the same mixing");
    CHECK_CLOSE(rt.coupling, 2e-10, 1e-15, "the coupling reported is the toy's row");

    /* the JSON of a point, as `axsterile dw --json` prints it: the result's
     * numbers under their keys, and BH16's T_max = 133 MeV (m_s/keV)^(1/3) */
    ax_production_opts po;
    ax_production_opts_defaults(&po);
    char *pj = ax_point_json_text(&po, &dw, &rd, 0, &err);
    cJSON *jp = pj ? cJSON_Parse(pj) : NULL;
    const cJSON *jo = cJSON_GetObjectItemCaseSensitive(jp, "omega_h2");
    const cJSON *jt = cJSON_GetObjectItemCaseSensitive(jp, "T_max_BH16_MeV");
    const cJSON *jn = cJSON_GetObjectItemCaseSensitive(jp, "model");
    CHECK(cJSON_IsNumber(jo) && jo->valuedouble == rd.omega_h2 && cJSON_IsString(jn) &&
              strcmp(jn->valuestring, "dw") == 0, "point JSON: model dw, omega_h2 (%s)",
          pj ? pj : err.msg);
    CHECK_CLOSE(cJSON_IsNumber(jt) ? jt->valuedouble : NAN, 133.0 * cbrt(7.1), 1e-12,
                "T_max_BH16_MeV = 133 MeV (m_s/keV)^(1/3)");
    cJSON_Delete(jp);
    free(pj);
    pj = ax_point_json_text(&po, &toy, &rt, 0, &err);
    jp = pj ? cJSON_Parse(pj) : NULL;
    jn = cJSON_GetObjectItemCaseSensitive(jp, "model");
    jo = cJSON_GetObjectItemCaseSensitive(jp, "f_toy");
    CHECK(cJSON_IsString(jn) && strcmp(jn->valuestring, "toy") == 0 && cJSON_IsNumber(jo) &&
              jo->valuedouble == 0.5, "toy point JSON has its rows (%s)", pj ? pj : err.msg);
    cJSON_Delete(jp);
    free(pj);

    /* DM-fixed: Omega_s = (1 - f) Omega_DM; at small mixing Omega_s is
     * linear in sin^2 2theta (docs/physics.md 5), so the toy's coupling is
     * (1 - f) times DW's (which makes all of the DM) */
    ax_model dwf = dw, toyf = toy;
    CHECK(ax_production_dm_fixed(ctx, &dwf, &rd, &err) == AX_OK, "DW DM-fixed: %s", err.msg);
    CHECK(ax_production_dm_fixed(ctx, &toyf, &rt, &err) == AX_OK, "toy DM-fixed: %s", err.msg);
    CHECK_CLOSE(rt.omega_h2, 0.5 * AX_OMEGA_DM_H2, 2e-5, "toy makes (1 - f) of the DM");
    CHECK_CLOSE(toyf.extra[0], 0.5 * dwf.sin2_2theta, 1e-3, "toy coupling = (1 - f) x DW's");

    /* check: every limit row equals DW's at the same mixing (a constant
     * mixing: decay rows, no recast); the abundance target is (1 - f) */
    ax_check_report a, b;
    int sa = ax_check_point(ctx, &set, &dw, 0, AX_DECAY_DIRAC, &a, &err);
    CHECK(sa == AX_OK, "check DW: %s", err.msg);
    int sb = ax_check_point(ctx, &set, &toy, 0, AX_DECAY_DIRAC, &b, &err);
    CHECK(sb == AX_OK, "check toy: %s", err.msg);
    if (sa == AX_OK && sb == AX_OK) {
        CHECK(a.n == b.n && b.n > 3, "same rows (%zu and %zu)", a.n, b.n);
        size_t same = 0;
        for (size_t i = 0; i < a.n && i < b.n; i++) {
            const ax_check_row *x = &a.rows[i], *y = &b.rows[i];
            if (strcmp(y->kind, "abundance") == 0) {
                CHECK_CLOSE(y->limit, 0.5 * AX_OMEGA_DM_H2, 1e-12, "toy abundance target");
                CHECK_CLOSE(x->limit, AX_OMEGA_DM_H2, 1e-12, "DW abundance target");
                continue;
            }
            same += strcmp(x->name, y->name) == 0 && strcmp(x->kind, y->kind) == 0 &&
                    x->status == y->status && x->excluded == y->excluded &&
                    (x->status != AX_OK ||
                     fabs(y->ratio - x->ratio) <= 1e-12 * fabs(x->ratio));
            CHECK(strcmp(y->kind, "recast") != 0, "constant mixing: no recast rows (%s)",
                  y->name);
        }
        CHECK(same + 1 == b.n, "%zu of %zu rows equal to DW's", same, b.n - 1);
        CHECK(b.n_observational == a.n_observational && b.n_observational > 0,
              "observational limits applied: %zu", b.n_observational);
        /* its JSON has its name and its rows' keys */
        char *txt = ax_check_report_json_text(&b, &err);
        cJSON *j = txt ? cJSON_Parse(txt) : NULL;
        const cJSON *jm = cJSON_GetObjectItemCaseSensitive(j, "model");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(jm, "model");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(jm, "s_toy");
        CHECK(cJSON_IsString(name) && strcmp(name->valuestring, "toy") == 0 &&
                  cJSON_IsNumber(s) && s->valuedouble == 2e-10,
              "check JSON: model \"toy\", s_toy = 2e-10 (%s)", txt ? txt : err.msg);
        cJSON_Delete(j);
        free(txt);
    }
    ax_check_report_free(&a);
    ax_check_report_free(&b);

    /* a model file for it, read by the library's one builder */
    ax_model_spec spec;
    const char *f1 = "{\"model\":\"toy\",\"m_s\":\"7keV\",\"s_toy\":3e-11,\"f_toy\":0.25}";
    CHECK(ax_model_spec_parse("t.json", f1, strlen(f1), &spec, &err) == AX_OK, "toy file: %s",
          err.msg);
    CHECK(spec.model.kind == (ax_model_kind)kind && spec.model.extra[0] == 3e-11 &&
              spec.model.extra[1] == 0.25 && !spec.dm_fixed,
          "toy file values: s %g f %g", spec.model.extra[0], spec.model.extra[1]);
    const char *f2 = "{\"model\":\"toy\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"f_toy\":1}";
    CHECK_STATUS(ax_model_spec_parse("t.json", f2, strlen(f2), &spec, &err), AX_EINPUT, &err,
                 "0 <= f_toy < 1");
    const char *f3 = "{\"model\":\"toy\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"m_phi\":\"1eV\"}";
    CHECK_STATUS(ax_model_spec_parse("t.json", f3, strlen(f3), &spec, &err), AX_EINPUT, &err,
                 "does not belong to a toy model");

    ax_limit_set_free(&set);
    ax_production_free(ctx);
    return harness_done("test_model_registry");
}
