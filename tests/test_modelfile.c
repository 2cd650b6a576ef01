/* test_modelfile.c -- model points in JSON files: good files give the
 * model they describe; every kind of bad file is refused with a message
 * naming the key and what was expected. */
#include "harness.h"

#include "axsterile/mixing.h"
#include "axsterile/modelfile.h"

static int parse(const char *text, ax_model_spec *s, ax_error *e)
{
    return ax_model_spec_parse("m.json", text, strlen(text), s, e);
}

int main(void)
{
    ax_error err;
    ax_model_spec s;

    /* good files */
    CHECK(parse("{\"model\":\"phi\",\"m_s\":\"50keV\",\"m_phi\":\"1e-6eV\",\"f_phi\":0.02,"
                "\"dm_fixed\":true}", &s, &err) == AX_OK, "phi: %s", err.msg);
    CHECK(s.model.kind == AX_MODEL_PHI && s.dm_fixed, "phi kind, dm_fixed");
    CHECK_CLOSE(s.model.m_s, 50e-6, 1e-12, "m_s in GeV");
    CHECK_CLOSE(s.model.m_phi, 1e-15, 1e-12, "m_phi in GeV");
    CHECK_CLOSE(s.model.f_phi, 0.02, 1e-15, "f_phi");
    CHECK(s.model.phi_evolution == AX_PHI_EXACT && s.flavor == AX_FLAVOR_MU, "defaults");

    CHECK(parse("{\"model\":\"dw\",\"m_s\":\"7.1keV\",\"sin2_2theta\":1e-10,\"flavor\":\"e\"}",
                &s, &err) == AX_OK, "dw: %s", err.msg);
    CHECK(s.model.kind == AX_MODEL_DW && !s.dm_fixed && s.flavor == AX_FLAVOR_E, "dw fields");
    CHECK_CLOSE(s.model.sin2_2theta, 1e-10, 1e-15, "sin2");

    CHECK(parse("{\"model\":\"qcd\",\"m_s\":\"0.1MeV\",\"m_a0\":\"1e-3eV\",\"g_a\":0.3,"
                "\"frac\":0.05}", &s, &err) == AX_OK, "qcd: %s", err.msg);
    /* BH16 eq. 13 with the constants of docs/physics.md section 1:
     * m_a0 f_a = m_pi0 f_pi sqrt(z)/(1+z)
     * = 0.1349768 * 0.0922 * sqrt(0.48)/1.48 = 5.8257e-3 GeV^2, so m_a0 = 1 meV
     * is f_a = 5.8257e9 GeV. */
    CHECK_CLOSE(ax_axion_ma0(s.model.f_a), 1e-12, 1e-9, "f_a from m_a0 round trip");
    CHECK_CLOSE(s.model.f_a, 0.1349768 * 0.0922 * sqrt(0.48) / 1.48 / 1e-12, 1e-3,
                "f_a for m_a0 = 1 meV (BH16 eq. 13)");
    CHECK_CLOSE(s.model.m_s, 1e-4, 1e-12, "m_s = 0.1 MeV");

    /* bad files: message fragments */
    struct { const char *text, *frag; } bad[] = {
        {"", "not valid JSON"},
        {"{", "not valid JSON"},
        {"{\"model\":\"dw\",\"m_s\":\"7.1keV\",\"dm_fixed\":true,\"m_s\":\"8keV\"}",
         "key \"m_s\" appears twice"},
        {"{\"model\":\"dw\",\"m_s\":\"7.1keV\",\"dm_fixed\":true,\"comment\":5}",
         "key \"comment\": expected a string"},
        {"[1,2]", "expected a JSON object"},
        {"{\"m_s\":\"7keV\"}", "\"model\" is missing"},
        {"{\"model\":\"sterile\",\"m_s\":\"7keV\"}", "expected one of: dw phi qcd"},
        {"{\"model\":\"dw\",\"dm_fixed\":true}", "\"m_s\" is missing"},
        {"{\"model\":\"dw\",\"m_s\":7.1,\"dm_fixed\":true}", "expected a string with a unit"},
        {"{\"model\":\"dw\",\"m_s\":\"7.1\",\"dm_fixed\":true}", "m_s"},
        {"{\"model\":\"dw\",\"m_s\":\"7.1kpc\",\"dm_fixed\":true}", "m_s"},
        {"{\"model\":\"dw\",\"m_s\":\"-7keV\",\"dm_fixed\":true}", "m_s"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\"}", "one of them is required"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"sin2_2theta\":1e-10,\"dm_fixed\":true}",
         "not both"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"sin2_2theta\":2}", "sin2_2theta\" = 2"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"sin2_2theta\":\"1e-10\"}", "expected a number"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":1}", "expected true or false"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixd\":true}", "unknown key \"dm_fixd\""},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"m_phi\":\"1eV\"}",
         "does not belong to a dw model"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"flavor\":\"sterile\"}",
         "expected one of: e mu tau"},
        {"{\"model\":\"phi\",\"m_s\":\"50keV\",\"dm_fixed\":true}", "\"m_phi\" is missing"},
        {"{\"model\":\"phi\",\"m_s\":\"50keV\",\"m_phi\":\"1e-6eV\",\"f_phi\":1.5,"
         "\"dm_fixed\":true}", "f_phi\" = 1.5"},
        {"{\"model\":\"phi\",\"m_s\":\"50keV\",\"m_phi\":\"1MeV\",\"dm_fixed\":true}",
         "m_phi"},
        {"{\"model\":\"phi\",\"m_s\":\"50keV\",\"m_phi\":\"1e-6eV\",\"dm_fixed\":true,"
         "\"phi_evolution\":\"wkb\"}", "exact step"},
        {"{\"model\":\"qcd\",\"m_s\":\"100keV\",\"dm_fixed\":true}", "\"f_a\" or \"m_a0\""},
        {"{\"model\":\"qcd\",\"m_s\":\"100keV\",\"f_a\":\"1e10GeV\",\"m_a0\":\"1e-3eV\","
         "\"dm_fixed\":true}", "not both"},
        {"{\"model\":\"dw\",\"m_s\":\"10GeV\",\"dm_fixed\":true}", "outside the supported"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true} trailing", "text after"},
        {"{\"model\":\"dw\",\"m_s\":\"nan keV\",\"dm_fixed\":true}", "m_s"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"sin2_2theta\":1e999}", "sin2_2theta"},
        /* found by fuzzing (make fuzz): an empty word looped for ever */
        {"{\"model\":\"\",\"m_s\":\"7keV\"}", "expected one of: dw phi qcd"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"flavor\":\"\"}",
         "expected one of: e mu tau"},
        /* a value is one whole word: "e mu" was once read as tau */
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"flavor\":\"e mu\"}",
         "'e mu'; expected one of: e mu tau"},
        {"{\"model\":\"phi\",\"m_s\":\"50keV\",\"m_phi\":\"1e-6eV\",\"dm_fixed\":true,"
         "\"phi_evolution\":\"exact step\"}", "expected one of: exact step"},
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"flavor\":\"mu \"}",
         "expected one of: e mu tau"},
        {"{\"model\":\"dw phi\",\"m_s\":\"7keV\",\"dm_fixed\":true}",
         "expected one of: dw phi qcd"},
        /* a key of another model is refused as such, whatever its value */
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"m_phi\":5}",
         "does not belong to a dw model"},
        /* a string with an embedded NUL (the parser would cut it there) */
        {"{\"model\":\"dw\",\"m_s\":\"7keV\",\"dm_fixed\":true,\"flavor\":\"e\\u0000mu\"}",
         "NUL"},
        {"{\"model\":\"dw\\u0000x\",\"m_s\":\"7keV\",\"dm_fixed\":true}", "NUL"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int st = parse(bad[i].text, &s, &err);
        CHECK(st == AX_EINPUT && strstr(err.msg, bad[i].frag) && strstr(err.msg, "m.json"),
              "bad file %zu '%s': status %d, message '%s' (want '%s')", i, bad[i].text, st,
              err.msg, bad[i].frag);
    }
    /* binary junk with a NUL byte */
    const char junk[] = {'{', '\0', '\x01', '\xff', '}'};
    CHECK_STATUS(ax_model_spec_parse("m.json", junk, sizeof junk, &s, &err), AX_EINPUT, &err,
                 "NUL byte");
    /* a missing file */
    CHECK_STATUS(ax_model_spec_load("/nonexistent/m.json", &s, &err), AX_EINPUT, &err,
                 "/nonexistent/m.json");
    return harness_done("test_modelfile");
}
