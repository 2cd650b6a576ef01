/* test_api_json.c -- model points from key/value text and the runs that
 * return the program's JSON (axsterile/handles.h, what the Python package's
 * dw/point/check use): a key and its flag name are the same row, values
 * carry their units, bad input is refused with the library's message, and
 * the text of ax_run_json is the one ax_point_json_text gives for the same
 * point computed directly. */
#include "harness.h"

#include "axsterile/handles.h"
#include "axsterile/production.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof(a)[0])

static int build(const char *const *k, const char *const *v, size_t n, ax_model *m, int *dm,
                 ax_error *err)
{
    ax_error_clear(err);
    return ax_model_from_words("phi", n, k, v, NULL, m, dm, err);
}

int main(void)
{
    ax_error err;
    ax_model m, m2;
    int dm = -1;

    /* flag names and model-file keys name the same rows; units convert to GeV */
    const char *k1[] = {"ms", "mphi", "fphi", "dm_fixed", "phi-evolution"};
    const char *v1[] = {"7.1keV", "1e-6eV", "0.05", "true", "step"};
    int st = build(k1, v1, N(k1), &m, &dm, &err);
    CHECK(st == AX_OK, "flag names: %s", err.msg);
    CHECK(m.kind == AX_MODEL_PHI && dm == 1, "phi, dm_fixed");
    CHECK_CLOSE(m.m_s, 7.1e-6, 1e-15, "m_s in GeV");
    CHECK_CLOSE(m.m_phi, 1e-15, 1e-15, "m_phi in GeV");
    CHECK_CLOSE(m.f_phi, 0.05, 1e-15, "f_phi");
    CHECK(m.phi_evolution == AX_PHI_STEP, "phi_evolution step");
    const char *k2[] = {"m_s", "m_phi", "f_phi", "dm_fixed", "phi_evolution"};
    const char *v2[] = {"0.0071MeV", "1e-3meV", "5e-2", "1", "step"};
    st = build(k2, v2, N(k2), &m2, &dm, &err);
    CHECK(st == AX_OK && m2.f_phi == m.f_phi && m2.phi_evolution == m.phi_evolution,
          "model-file keys: %s", err.msg);
    CHECK_CLOSE(m2.m_s, m.m_s, 1e-15, "0.0071 MeV = 7.1 keV");
    CHECK_CLOSE(m2.m_phi, m.m_phi, 1e-15, "1e-3 meV = 1e-6 eV");
    /* defaults: f_phi = 0.01, flavour mu; a coupling given */
    const char *k3[] = {"ms", "mphi", "g"};
    const char *v3[] = {"50keV", "1e-6eV", "1e-12"};
    st = build(k3, v3, N(k3), &m, &dm, &err);
    CHECK(st == AX_OK && dm == 0 && m.g_phi == 1e-12 && m.f_phi == 0.01 && m.flavor == 1,
          "defaults: %s", err.msg);
    /* "g" is g_a for the QCD axion; m_a0 stands for f_a */
    const char *k4[] = {"model", "ms", "ma0", "g", "flavor"};
    const char *v4[] = {"qcd", "100keV", "6e-4eV", "0.3", "e"};
    st = build(k4, v4, N(k4), &m, &dm, &err);
    CHECK(st == AX_OK && m.kind == AX_MODEL_QCD && m.g_a == 0.3 && m.flavor == 0,
          "qcd: %s", err.msg);
    /* m_a0 = 5.83 ueV (1e12 GeV/f_a) (docs/physics.md 6, the value given
     * there to three digits) */
    CHECK_CLOSE(m.f_a, 5.83e-6 * 1e12 / 6e-4, 1e-3, "f_a from m_a0 = 6e-4 eV");

    /* bad input: AX_EINPUT with the library's words */
    const char *kb[] = {"ms", "mphi", "dm_fixed"};
    const char *vb[] = {"7.1", "1e-6eV", "true"};
    CHECK_STATUS(build(kb, vb, N(kb), &m, &dm, &err), AX_EINPUT, &err, "ms: '7.1' has no unit");
    const char *kf[] = {"ms", "mphi", "fphi", "dm_fixed"};
    const char *vf[] = {"7.1keV", "1e-6eV", "1.5", "true"};
    CHECK_STATUS(build(kf, vf, N(kf), &m, &dm, &err), AX_EINPUT, &err, "0 < f_phi < 1");
    const char *ku[] = {"ms", "mhpi", "dm_fixed"};
    const char *vu[] = {"7.1keV", "1e-6eV", "true"};
    CHECK_STATUS(build(ku, vu, N(ku), &m, &dm, &err), AX_EINPUT, &err, "unknown key 'mhpi'");
    const char *kd[] = {"ms", "m_s", "mphi", "dm_fixed"};
    const char *vd[] = {"7.1keV", "7keV", "1e-6eV", "true"};
    CHECK_STATUS(build(kd, vd, N(kd), &m, &dm, &err), AX_EINPUT, &err, "both give m_s");
    const char *kc[] = {"ms", "mphi", "g", "dm_fixed"};
    const char *vc[] = {"7.1keV", "1e-6eV", "1e-12", "true"};
    CHECK_STATUS(build(kc, vc, N(kc), &m, &dm, &err), AX_EINPUT, &err, "not both");
    const char *kn[] = {"ms", "mphi", "g"};
    const char *vn[] = {"7.1keV", "1e-6eV", "nan"};
    CHECK_STATUS(build(kn, vn, N(kn), &m, &dm, &err), AX_EINPUT, &err, "not a number");
    const char *kq[] = {"ms", "fa", "dm_fixed"};
    const char *vq[] = {"7.1keV", "1e10GeV", "true"};
    CHECK_STATUS(build(kq, vq, N(kq), &m, &dm, &err), AX_EINPUT, &err, "belongs to the qcd");
    const char *kz[] = {"ms", NULL};
    const char *vz[] = {"7.1keV", "x"};
    CHECK_STATUS(build(kz, vz, N(kz), &m, &dm, &err), AX_EINPUT, &err, "NULL");

    /* ax_run_json: the text ax_point_json_text gives for the point computed here */
    const char *kr[] = {"ms", "dm_fixed", "flavor"};
    const char *vr[] = {"7.1keV", "true", "e"};
    ax_error_clear(&err);
    char *text = ax_run_json("dw", N(kr), kr, vr, &err);
    CHECK(text != NULL, "run dw: %s", err.msg);
    st = ax_model_from_words("dw", N(kr), kr, vr, NULL, &m, &dm, &err);
    ax_production_opts o;
    ax_production_opts_defaults(&o);
    o.flavor = m.flavor;
    ax_production *ctx = NULL;
    ax_prod_result r;
    st = AX_THEN(st, ax_production_init(&ctx, &o, &err));
    st = AX_THEN(st, ax_production_dm_fixed(ctx, &m, &r, &err));
    char *direct = st == AX_OK ? ax_point_json_text(&o, &m, &r, dm, &err) : NULL;
    CHECK(direct && text && strcmp(direct, text) == 0, "ax_run_json differs from the direct run");
    /* DM-fixed: Omega_s h^2 = 0.120 (Planck 2018) to the solver's 1e-5 */
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    const cJSON *om = cJSON_GetObjectItemCaseSensitive(j, "omega_h2");
    const cJSON *fl = cJSON_GetObjectItemCaseSensitive(j, "flavor");
    CHECK(cJSON_IsNumber(om) && cJSON_IsString(fl) && strcmp(fl->valuestring, "e") == 0,
          "keys omega_h2, flavor");
    if (cJSON_IsNumber(om))
        CHECK_CLOSE(om->valuedouble, 0.120, 1e-5, "DW DM-fixed omega_h2");
    cJSON_Delete(j);
    free(direct);
    ax_text_free(text);
    ax_production_free(ctx);

    /* check: the verdict and the rows */
    const char *kk[] = {"ms", "mphi", "dm_fixed", "convention"};
    const char *vk[] = {"30keV", "1e-6eV", "true", "majorana"};
    text = ax_run_json("check", N(kk), kk, vk, &err);
    j = text ? cJSON_Parse(text) : NULL;
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(j, "excluded");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(j, "limits");
    CHECK(cJSON_IsFalse(ex) && cJSON_GetArraySize(rows) > 3,
          "check at 30 keV on the DM-fixed phi line: allowed (%s)", text ? "" : err.msg);
    cJSON_Delete(j);
    ax_text_free(text);

    /* runs refuse what is not theirs */
    ax_error_clear(&err);
    CHECK(ax_run_json("dw", N(kk), kk, vk, &err) == NULL && err.status == AX_EINPUT &&
              strstr(err.msg, "unknown key 'convention'"), "dw with a check key: %s", err.msg);
    const char *kl[] = {"ms", "mphi", "dm_fixed", "limits"};
    const char *vl[] = {"30keV", "1e-6eV", "true", "/nonexistent"};
    ax_error_clear(&err);
    CHECK(ax_run_json("point", N(kl), kl, vl, &err) == NULL && err.status == AX_EINPUT &&
              strstr(err.msg, "unknown key 'limits'"), "point with limits=: %s", err.msg);
    ax_error_clear(&err);
    CHECK(ax_run_json("check", N(kl), kl, vl, &err) == NULL && err.status == AX_EINPUT &&
              strstr(err.msg, "limits"), "check with a missing directory: %s", err.msg);
    ax_error_clear(&err);
    CHECK(ax_run_json("scan", 0, NULL, NULL, &err) == NULL && err.status == AX_EINPUT,
          "unknown command");
    ax_text_free(NULL);
    return harness_done("test_api_json");
}
