/*
 * axsterile/constants.h -- every physical constant used by axsterile, each
 * with its source. Natural units (hbar = c = k_B = 1), energies in GeV,
 * unless the name says otherwise (AX_KPC_CM is a length in cm, ...).
 *
 * Sources:
 *   [PDG22]  R.L. Workman et al. (Particle Data Group), PTEP 2022, 083C01.
 *   [P18]    Planck 2018 results VI, A&A 641, A6 (2020), arXiv:1807.06209.
 *   [CODATA] CODATA 2018 recommended values (as quoted by PDG 2022).
 *   [AX]     a convention or rounding of this project, stated in
 *            docs/physics.md (sections 1 and 6).
 */
#ifndef AXSTERILE_CONSTANTS_H
#define AXSTERILE_CONSTANTS_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Electroweak ---------------------------------------------------- */
#define AX_G_FERMI        1.1663788e-5   /* GeV^-2, Fermi constant [PDG22] */
#define AX_M_Z            91.1876        /* GeV, Z mass [PDG22] */
#define AX_M_W            80.377         /* GeV, W mass [PDG22] */
#define AX_M_HIGGS        125.25         /* GeV, Higgs mass [PDG22] */
#define AX_ALPHA_EM       (1.0 / 137.035999) /* fine-structure constant at q^2=0 [PDG22] */
#define AX_SIN2_THETA_W   0.23121        /* weak mixing angle, MSbar at m_Z [PDG22] */
#define AX_HIGGS_VEV      246.22         /* GeV, v = (sqrt2 G_F)^(-1/2) [PDG22] */

/* ---- Gravity -------------------------------------------------------- */
#define AX_M_PLANCK       1.22089e19     /* GeV, Planck mass G^(-1/2) [PDG22] */

/* ---- Charged leptons [PDG22] ---------------------------------------- */
#define AX_M_ELECTRON     0.51099895e-3  /* GeV */
#define AX_M_MUON         0.1056583755   /* GeV */
#define AX_M_TAU          1.77686        /* GeV */

/* ---- Quarks [PDG22]: MSbar masses m_c(m_c), m_b(m_b); top pole mass -- */
#define AX_M_CHARM        1.27           /* GeV */
#define AX_M_BOTTOM       4.18           /* GeV */
#define AX_M_TOP          172.69         /* GeV */

/* ---- Light hadrons [PDG22] ------------------------------------------ */
#define AX_M_PI0          0.1349768      /* GeV */
#define AX_M_PI_CHARGED   0.13957039     /* GeV */
#define AX_M_K_CHARGED    0.493677       /* GeV */
#define AX_M_K0           0.497611       /* GeV */
#define AX_M_ETA          0.547862       /* GeV */
#define AX_M_RHO          0.77526        /* GeV */
#define AX_M_OMEGA        0.78266        /* GeV */
#define AX_M_KSTAR        0.89167        /* GeV, K*(892)+- */
#define AX_M_ETAPRIME     0.95778        /* GeV */
#define AX_M_PROTON       0.93827208816  /* GeV */
#define AX_M_NEUTRON      0.93956542052  /* GeV */
/* Pion decay constant in the f_pi = 92 MeV convention (f_pi = F_pi/sqrt2
 * with F_pi = 130.2 MeV [PDG22]); the QCD axion mass uses this one. */
#define AX_F_PI           0.0922         /* GeV [AX] */
/* Light-quark mass ratio m_u/m_d = 0.48 (PDG22 average 0.474 +0.056 -0.074,
 * rounded as in the axion literature) [AX]. */
#define AX_MU_OVER_MD     0.48

/* ---- Conversions [CODATA] ------------------------------------------- */
#define AX_HBAR_GEV_S     6.582119569e-25 /* GeV s */
#define AX_HBARC_GEV_CM   1.97326980e-14  /* GeV cm */
#define AX_K_BOLTZMANN_GEV_PER_K 8.617333262e-14 /* GeV/K */
#define AX_KPC_CM         3.0856775814913673e21 /* cm per kpc (IAU 2015 pc) */
#define AX_YEAR_S         3.15576e7      /* s, Julian year */
#define AX_GYR_S          (1e9 * AX_YEAR_S)

/* ---- Today's Universe ----------------------------------------------- */
#define AX_T0_KELVIN      2.7255         /* K, CMB temperature (Fixsen 2009) [PDG22] */
#define AX_T0_GEV         (AX_T0_KELVIN * AX_K_BOLTZMANN_GEV_PER_K)
#define AX_GSTAR_S_TODAY  3.909          /* entropy dof today (3 nu at T_nu=(4/11)^(1/3)T) [AX] */
#define AX_S0_CM3         2891.2         /* cm^-3, entropy density today [PDG22] */
#define AX_RHO_CRIT_H2_GEV_CM3 1.05371e-5 /* GeV cm^-3, rho_crit/h^2 [PDG22] */
#define AX_OMEGA_DM_H2    0.120          /* Planck 2018 TT,TE,EE+lowE+lensing [P18] */
/* Mean dark-matter density today, Omega_DM h^2 * rho_crit/h^2 (h cancels). */
#define AX_RHO_DM_MEAN_GEV_CM3 (AX_OMEGA_DM_H2 * AX_RHO_CRIT_H2_GEV_CM3)
#define AX_AGE_UNIVERSE_GYR 13.8         /* Gyr [P18, rounded; AX] */
#define AX_AGE_UNIVERSE_S (AX_AGE_UNIVERSE_GYR * AX_GYR_S) /* s, t_U */

/* ---- Kinematics ------------------------------------------------------ */
/* nu_s -> nu gamma is a two-body decay to a massless pair: the photon
 * carries E_gamma = m_s/2 (BH16 eq. 10; docs/physics.md section 6). */
#define AX_MS_PER_EGAMMA  2.0

/* ---- Milky Way halo defaults (halo module) ------------------------------
 * The Galactic-Centre distance and local dark-matter density used by the
 * Fermi-LAT line searches (Ackermann et al. 2013, arXiv:1305.5597, and 2015,
 * arXiv:1506.00013): R_sun = 8.5 kpc, rho(R_sun) = 0.4 GeV/cm^3. They are
 * the defaults of `axsterile jfactor` and of target JSON without r_sun_kpc. */
#define AX_R_SUN_KPC      8.5            /* kpc [Fermi-LAT 2013/2015] */
#define AX_RHO_LOCAL_GEV_CM3 0.4         /* GeV/cm^3 [Fermi-LAT 2013/2015] */

/* Energy density in GeV^4 from GeV/cm^3, and number density in GeV^3 from
 * cm^-3: multiply by (hbar c)^3. */
#define AX_CM3_TO_GEV3    (AX_HBARC_GEV_CM * AX_HBARC_GEV_CM * AX_HBARC_GEV_CM)

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_CONSTANTS_H */
