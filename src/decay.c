/* decay.c -- sterile-neutrino decay widths and lifetime bounds
 * (see axsterile/decay.h and docs/physics.md "§6 Decays"). */
#include "axsterile/decay.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "axsterile/constants.h"

double ax_decay_convention_factor(int convention)
{
    return convention == AX_DECAY_DIRAC ? 1.0 : convention == AX_DECAY_MAJORANA ? 2.0 : 0.0;
}

const char *ax_decay_convention_name(int convention)
{
    return convention == AX_DECAY_DIRAC ? "bh16-eq10"
           : convention == AX_DECAY_MAJORANA ? "majorana" : NULL;
}

int ax_decay_convention_parse(const char *text, int *convention, ax_error *err)
{
    char low[16];
    size_t n = text ? strlen(text) : 0;
    if (n > 0 && n < sizeof low) {
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)tolower((unsigned char)text[i]);
        if (strcmp(low, "bh16-eq10") == 0 || strcmp(low, "dirac") == 0) {
            *convention = AX_DECAY_DIRAC;
            return AX_OK;
        }
        if (strcmp(low, "majorana") == 0) {
            *convention = AX_DECAY_MAJORANA;
            return AX_OK;
        }
    }
    return ax_fail(err, AX_EINPUT,
                   "unknown decay convention '%.40s'; expected \"majorana\" (1024 pi^4, "
                   "the default) or \"bh16-eq10\" (BH16 eq. 10, 2048 pi^4; also \"dirac\")",
                   text ? text : "");
}

double ax_decay_sin2_convert(double sin2_2theta, int from, int to)
{
    double ff = ax_decay_convention_factor(from), ft = ax_decay_convention_factor(to);
    if (ff == 0.0 || ft == 0.0)
        return NAN;
    return sin2_2theta * ff / ft;
}

/* Common guard: NaN for an unknown convention or negative inputs. */
static double conv_factor_checked(double m_s, double sin2, int convention)
{
    double f = ax_decay_convention_factor(convention);
    if (f == 0.0 || !(m_s >= 0.0) || !(sin2 >= 0.0))
        return NAN;
    return f;
}

/* BH16 eq. 10 (Dirac-like): 9 G_F^2 alpha sin^2 2theta m_s^5/(2048 pi^4);
 * x2 for Majorana (Pal & Wolfenstein 1982). GeV. */
double ax_decay_gamma_nugamma(double m_s, double sin2_2theta, int convention)
{
    double f = conv_factor_checked(m_s, sin2_2theta, convention);
    double pi4 = M_PI * M_PI * M_PI * M_PI;
    return f * 9.0 * AX_G_FERMI * AX_G_FERMI * AX_ALPHA_EM * sin2_2theta * pow(m_s, 5) /
           (2048.0 * pi4);
}

/* sin^2 2theta G_F^2 m_s^5/(768 pi^3) = |U|^2 G_F^2 m_s^5/(192 pi^3) (Dirac-like,
 * summed over the three neutrino flavours; docs/physics.md section 6). GeV. */
double ax_decay_gamma_3nu(double m_s, double sin2_2theta, int convention)
{
    double f = conv_factor_checked(m_s, sin2_2theta, convention);
    return f * AX_G_FERMI * AX_G_FERMI * sin2_2theta * pow(m_s, 5) /
           (768.0 * M_PI * M_PI * M_PI);
}

/* nu_s -> nu_alpha e+ e- (Bondarenko et al. 2018, arXiv:1805.08567, sec. 3.1;
 * massless limit Gorbunov & Shaposhnikov 2007, arXiv:0705.1729):
 *   Gamma = G_F^2 m^5 |U|^2/(192 pi^3) [ C1 F1(x) + 4 C2 F2(x) ],  x = m_e/m_s,
 *   F1 = (1 - 14x^2 - 2x^4 - 12x^6) sqrt(1-4x^2) + 12 x^4 (x^4 - 1) L,
 *   F2 = x^2 (2 + 10x^2 - 12x^4) sqrt(1-4x^2) + 6 x^4 (1 - 2x^2 + 2x^4) L,
 *   L  = ln[(1 - 3x^2 - (1-x^2) sqrt(1-4x^2)) / (x^2 (1 + sqrt(1-4x^2)))],
 *   C1 = (1 -+ 4 s_W^2 + 8 s_W^4)/4, C2 = s_W^2 (2 s_W^2 -+ 1)/2,
 * upper signs for alpha != e (neutral current only), lower for alpha = e
 * (neutral + charged current). |U|^2 = sin^2 2theta/4. GeV. */
double ax_decay_gamma_nuee(double m_s, double sin2_2theta, int flavour, int convention)
{
    double f = conv_factor_checked(m_s, sin2_2theta, convention);
    if (isnan(f) || flavour < 0 || flavour > 2)
        return NAN;
    if (m_s <= 2.0 * AX_M_ELECTRON)
        return 0.0;
    double x = AX_M_ELECTRON / m_s, x2 = x * x, x4 = x2 * x2, x6 = x4 * x2;
    double r = sqrt(fmax(0.0, 1.0 - 4.0 * x2));
    double L = log((1.0 - 3.0 * x2 - (1.0 - x2) * r) / (x2 * (1.0 + r)));
    /* For x -> 0 the argument of L is a difference of nearly equal numbers;
     * x^4 L -> 0 there, so the cancellation does no harm (|x^4 L| < 1e-10
     * whenever x < 1e-3). */
    if (!isfinite(L))
        L = 0.0;
    double F1 = (1.0 - 14.0 * x2 - 2.0 * x4 - 12.0 * x6) * r + 12.0 * x4 * (x4 - 1.0) * L;
    double F2 = x2 * (2.0 + 10.0 * x2 - 12.0 * x4) * r + 6.0 * x4 * (1.0 - 2.0 * x2 + 2.0 * x4) * L;
    double s2 = AX_SIN2_THETA_W, sgn = flavour == 0 ? 1.0 : -1.0;
    double C1 = 0.25 * (1.0 + sgn * 4.0 * s2 + 8.0 * s2 * s2);
    double C2 = 0.5 * s2 * (2.0 * s2 + sgn);
    double U2 = 0.25 * sin2_2theta;
    double w = AX_G_FERMI * AX_G_FERMI * pow(m_s, 5) * U2 / (192.0 * M_PI * M_PI * M_PI) *
               (C1 * F1 + 4.0 * C2 * F2);
    return f * fmax(w, 0.0);
}

double ax_decay_gamma_mixing_total(double m_s, double sin2_2theta, int flavour, int convention)
{
    return ax_decay_gamma_nugamma(m_s, sin2_2theta, convention) +
           ax_decay_gamma_3nu(m_s, sin2_2theta, convention) +
           ax_decay_gamma_nuee(m_s, sin2_2theta, flavour, convention);
}

/* BH16 eq. 11: g_phi^2 m_s/(16 pi), for m_phi << m_s. GeV. */
double ax_decay_gamma_nuphi(double m_s, double g_phi)
{
    if (!(m_s >= 0.0))
        return NAN;
    return g_phi * g_phi * m_s / (16.0 * M_PI);
}

/* 3 nu (docs/physics.md section 6) + nu phi (BH16 eq. 11): nothing visible. GeV. */
double ax_decay_gamma_invisible(double m_s, double sin2_2theta, double g_phi, int convention)
{
    return ax_decay_gamma_3nu(m_s, sin2_2theta, convention) + ax_decay_gamma_nuphi(m_s, g_phi);
}

double ax_decay_axion_suppression(double f_a)
{
    return AX_HIGGS_VEV * AX_HIGGS_VEV / (2.0 * f_a * f_a);
}

/* BH16 eqs. 12-14: g_phi -> g_a v/(sqrt2 f_a) in eq. 11. GeV. */
double ax_decay_gamma_nua(double m_s, double g_a, double f_a)
{
    if (!(f_a > 0.0))
        return NAN;
    return ax_decay_gamma_nuphi(m_s, g_a) * ax_decay_axion_suppression(f_a);
}

double ax_decay_rate_s(double gamma_GeV)
{
    return gamma_GeV / AX_HBAR_GEV_S;
}

double ax_decay_lifetime_s(double gamma_GeV)
{
    if (gamma_GeV == 0.0)
        return INFINITY;
    return AX_HBAR_GEV_S / gamma_GeV;
}

double ax_decay_sin2_to_rate_s(double m_s, double sin2_2theta, int convention)
{
    return ax_decay_rate_s(ax_decay_gamma_nugamma(m_s, sin2_2theta, convention));
}

double ax_decay_rate_s_to_sin2(double m_s, double rate_s, int convention)
{
    double per_unit = ax_decay_sin2_to_rate_s(m_s, 1.0, convention);
    if (!(per_unit > 0.0) || !(rate_s >= 0.0))
        return NAN;
    return rate_s / per_unit;
}

double ax_decay_sin2_to_tau_s(double m_s, double sin2_2theta, int convention)
{
    double r = ax_decay_sin2_to_rate_s(m_s, sin2_2theta, convention);
    return r > 0.0 ? 1.0 / r : (r == 0.0 ? INFINITY : NAN);
}

double ax_decay_tau_s_to_sin2(double m_s, double tau_s, int convention)
{
    if (!(tau_s > 0.0))
        return NAN;
    return ax_decay_rate_s_to_sin2(m_s, 1.0 / tau_s, convention);
}

double ax_decay_cmb_tau_min_s(double f_dm)
{
    if (!(f_dm > 0.0))
        return NAN;
    return AX_CMB_TAU_MIN_GYR * AX_GYR_S * f_dm;
}

int ax_decay_cmb_allowed(double gamma_invisible_GeV, double f_dm)
{
    return ax_decay_lifetime_s(gamma_invisible_GeV) >= ax_decay_cmb_tau_min_s(f_dm);
}

double ax_decay_sin2_tau_equals_tU(double m_s, int flavour, int convention)
{
    double w1 = ax_decay_gamma_mixing_total(m_s, 1.0, flavour, convention);
    if (!(w1 > 0.0))
        return NAN;
    return AX_HBAR_GEV_S / (AX_AGE_UNIVERSE_S * w1);
}

/* BH16 sec. II: delta m_phi^2 ~ g_phi^2 Lambda^2/(16 pi^2) < m_phi^2. GeV. */
double ax_decay_lambda_uv(double m_phi, double g_phi)
{
    if (!(g_phi > 0.0) || !(m_phi > 0.0))
        return NAN;
    return 4.0 * M_PI * m_phi / g_phi;
}

/* BH16 text: ~400 TeV (m_s/100 keV)^(1/2) (f_phi/1e-2)^(1/2). GeV. */
double ax_decay_lambda_uv_bh16(double m_s, double f_phi)
{
    if (!(m_s > 0.0) || !(f_phi > 0.0))
        return NAN;
    return 4.0e5 * sqrt(m_s / 1.0e-4) * sqrt(f_phi / 1.0e-2);
}
