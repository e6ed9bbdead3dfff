//! The glossary: one [`Entry`] per coefficient, symbol and plot the panels show: what it is, its
//! definition (the paper's equation number or the section of docs/physics.md), its unit, and how it
//! is measured here. The app's hover texts and glossary window look entries up by id
//! ([`entry`]); [`how_measured`] adds the live detail (segment, samples, blocks, cut-off) from
//! the newest analysis. No Bevy here.
//!
//! Ids: the app's egui plot ids for plots (`cpp`, `theory-msd` …) and
//! [`crate::lesson::Quantity::id`] for values. [`PANEL_IDS`] lists every id the panels show today.

#![warn(missing_docs)]

use crate::lesson::check::{pm, short};
use crate::lesson::{Observed, Quantity};
use crate::live::{BLOCK_TIME, GreenKuboView, STRESS_EVERY};

/// One glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Id the app looks it up by.
    pub id: &'static str,
    /// The symbol as the panels write it.
    pub symbol: &'static str,
    /// What it is, in a few words.
    pub name: &'static str,
    /// What it means, in a sentence or two.
    pub what: &'static str,
    /// Its definition: formula and where it comes from (paper equation, docs/physics.md section).
    pub definition: &'static str,
    /// Its unit in reduced Lennard-Jones units (σ, τ, m̂, ε_LJ, k_B = 1); "1" for a pure number,
    /// "" for a panel.
    pub unit: &'static str,
    /// How multiscope measures it (segment, sampling, cut-off rule).
    pub measured: &'static str,
}

const fn e(
    id: &'static str,
    symbol: &'static str,
    name: &'static str,
    what: &'static str,
    definition: &'static str,
    unit: &'static str,
    measured: &'static str,
) -> Entry {
    Entry {
        id,
        symbol,
        name,
        what,
        definition,
        unit,
        measured,
    }
}

const GK: &str = "Green–Kubo: the correlation is accumulated every 2 MD steps by a multiple-tau \
    correlator (docs/physics.md, \"Measuring correlation functions well\"); error bars from blocks of \
    10 τ (Flyvbjerg–Petersen); the integral is read at the automatic cut-off t_c, where the \
    correlation has decayed into its noise and does not come back.";

/// Every entry, in the order of the panels.
pub const ENTRIES: &[Entry] = &[
    // Panels.
    e(
        "view",
        "3D view",
        "the atoms",
        "The host atoms and the nanoparticle, with the nanoparticle's trail (its centre of mass R over the last steps).",
        "R = Σ (m_i/m) r_i θ_i, unwrapped across the periodic box (docs/physics.md, \"The N-atom system\", eq. (1)).",
        "",
        "Drawn from the MD worker's newest snapshot, a few dozen times a second.",
    ),
    e(
        "controls",
        "Controls",
        "run controls",
        "Scene, seed, the physics sliders (ε, T, Δt), thermostat, held/free, η on/off, the view options.",
        "Each change of ε, T, Δt, thermostat or held/free starts a new measurement: old samples describe other dynamics.",
        "",
        "Commands go to the MD worker and take effect before its next step.",
    ),
    e(
        "coefficients",
        "Coefficients",
        "the coefficients table",
        "The measured coefficients with their standard errors, and the settings they were measured at.",
        "docs/physics.md: γ (28), θ (55), ζ = βεθ, D = k_BT ζ⁻¹.",
        "",
        "From the live measurement since the last restart (the same accumulators as `multiscope measure`).",
    ),
    e(
        "time_step",
        "Δt",
        "time step",
        "The MD integrator's time step (velocity Verlet).",
        "docs/physics.md, \"Units\".",
        "τ",
        "Set by the slider or the scene.",
    ),
    e(
        "epsilon",
        "ε = m̂/m",
        "mass ratio",
        "The smallness parameter of the multiscale expansion: a host atom's mass over the nanoparticle's. Small ε = heavy particle = slow momentum.",
        "ε = m̂/m, paper eq. (3).",
        "1",
        "Set by the slider or the scene; each nanoparticle atom weighs m̂/(εN*).",
    ),
    e(
        "mass",
        "m",
        "nanoparticle mass",
        "The nanoparticle's total mass.",
        "m = Σ m_i θ_i (docs/physics.md, \"The N-atom system\").",
        "m̂",
        "m = 1/ε in units of a host atom's mass m̂.",
    ),
    e(
        "temperature_target",
        "T",
        "target temperature",
        "The temperature the thermostat holds (or the scene's, with the thermostat off).",
        "docs/physics.md, \"Units\": k_B = 1, β = 1/T.",
        "ε_LJ/k_B",
        "Set by the slider or the scene.",
    ),
    e(
        "beta",
        "β = 1/k_BT",
        "inverse temperature",
        "The inverse of the thermal energy; it sets the Boltzmann weights e^{−βA}.",
        "docs/physics.md, \"Units\".",
        "1/ε_LJ",
        "1/T target.",
    ),
    e(
        "temperature_measured",
        "⟨T⟩",
        "measured temperature",
        "The kinetic temperature of all atoms, averaged since the last restart.",
        "T = 2K/(3N k_B) (equipartition).",
        "ε_LJ/k_B",
        "Block average of every sampled step since the restart.",
    ),
    e(
        "zeta",
        "ζ = β∫⟨δF·δF⟩/3",
        "friction",
        "How strongly the host fluid resists the nanoparticle's motion: the force fluctuations of the HELD particle, integrated.",
        "ζ_ab = β∫₀^∞⟨δF_a(0)δF_b(s)⟩ds = βεθ_ab, θ from paper eq. (55); the panels show tr ζ/3 (docs/physics.md, \"Regime 2\").",
        "m̂/τ",
        "Held particle (centre of mass constrained, the dynamics L₀ of eq. (55)). Green–Kubo of the mean-subtracted net force F (eq. (12)).",
    ),
    e(
        "tau_p",
        "τ_P = m/ζ",
        "momentum relaxation time",
        "How long the nanoparticle remembers its momentum: the slow time scale.",
        "τ_P = m/ζ (docs/physics.md, \"Predictions to test against the MD\").",
        "τ",
        "m/ζ with ζ from the held particle; without ζ, the free momentum's correlation time ∫C_PP/C_PP(0) (= m/ζ for a Langevin particle).",
    ),
    e(
        "tau_f",
        "τ_F = ∫C_FF/C_FF(0)",
        "force correlation time",
        "How long the force on the nanoparticle remembers itself: the atoms' (fast) time scale.",
        "τ_F = ∫₀^{t_c}⟨δF·δF⟩dt/⟨δF·δF⟩(0) (docs/physics.md, \"Regime 2\").",
        "τ",
        "The force autocorrelation shown (held or free), integrated to the Green–Kubo cut-off, over its value at lag 0.",
    ),
    e(
        "tau_p_over_tau_f",
        "τ_P/τ_F",
        "time-scale separation",
        "How many force-memory times the momentum takes to relax. ≫ 1: the friction is Markovian and the Fokker–Planck equation (56) applies; it grows like 1/ε.",
        "Assumptions of Regime 2 (docs/physics.md): P slow, F fast.",
        "1",
        "τ_P over τ_F, errors combined.",
    ),
    e(
        "d_gamma",
        "D_γ = tr γ/(3m²)",
        "diffusion coefficient, momentum route",
        "The FREE nanoparticle's diffusion coefficient from how long its momentum stays correlated.",
        "γ_ab = ∫₀^∞⟨P_a(0)P_b(s)⟩ds, paper eq. (28); D = tr γ/(3m²), docs/physics.md's tensor correction of (29) (the paper's γ/m² is three times too fast in 3D).",
        "σ²/τ",
        "Free particle. Green–Kubo of the total momentum P (eq. (2)).",
    ),
    e(
        "d_theta",
        "D_θ = k_BT/ζ",
        "diffusion coefficient, force route",
        "The diffusion coefficient from the HELD particle's friction through the Einstein relation.",
        "D = k_BT ζ⁻¹ (docs/physics.md, \"Regime 2\", fluctuation–dissipation); isotropic 3k_BT/tr ζ.",
        "σ²/τ",
        "Held particle (see ζ); kept after the particle is freed, for the predictions.",
    ),
    e(
        "d_msd",
        "D_MSD",
        "diffusion coefficient, displacement route",
        "The free particle's diffusion coefficient from the slope of its mean squared displacement at long times.",
        "⟨|R(t)−R(0)|²⟩ → 6Dt for t ≫ τ_P (docs/physics.md, \"Predictions\").",
        "σ²/τ",
        "Free particle: least-squares slope of the MSD of R over a window well past τ_P; error from the slopes of independent blocks.",
    ),
    e(
        "einstein_ratio",
        "D_γ/D_θ",
        "Einstein ratio",
        "The two routes to D against each other: 1 in the Brownian limit of an infinite system.",
        "docs/physics.md, \"Regime 2\": the γ route and the θ route must give the same D within error bars.",
        "1",
        "D_γ (free) over D_θ (held), errors combined.",
    ),
    e(
        "momentum_factor",
        "(M_host/M_total)²",
        "finite-host factor",
        "The D_γ/D_θ expected in a finite box with zero total momentum: the particle shares its momentum with the host.",
        "docs/physics.md, \"Finite-size effects differ by route\".",
        "1",
        "From the masses of the scene.",
    ),
    e(
        "eta",
        "η",
        "host shear viscosity",
        "The host fluid's viscosity, from its stress fluctuations.",
        "η = (V/k_BT)∫₀^∞⟨P_xy(0)P_xy(t)⟩dt over the five traceless stress components (Green–Kubo).",
        "ε_LJ·τ/σ³",
        "Whole system, every 2nd step (energies and virial on those steps); Green–Kubo with blocks of 10 τ.",
    ),
    e(
        "d_se_slip",
        "D_SE slip",
        "Stokes–Einstein, slip",
        "The diffusion coefficient hydrodynamics predicts for a sphere of radius a whose surface the fluid slips past.",
        "D = k_BT/(4πηa); a = outer atom radius + 0.5σ.",
        "σ²/τ",
        "With the measured η and the scene's T.",
    ),
    e(
        "d_se_stick",
        "D_SE stick",
        "Stokes–Einstein, stick",
        "The same for a sphere the fluid sticks to.",
        "D = k_BT/(6πηa).",
        "σ²/τ",
        "With the measured η and the scene's T.",
    ),
    e(
        "stokes_number",
        "c = k_BT/(πηaD_θ)",
        "Stokes–Einstein number",
        "Which boundary condition the measured friction matches: 4 for slip, 6 for stick. Constant when D and η change with T as Stokes–Einstein says.",
        "D = k_BT/(cπηa).",
        "1",
        "Held particle's D_θ with the host's η, errors combined.",
    ),
    e(
        "d_gamma_infinite",
        "D_γ∞",
        "D_γ in an infinite box",
        "D_γ corrected for the periodic images of the box (Yeh–Hummer).",
        "D∞ = D_PBC + ξk_BT/(6πηL), ξ = 2.837297 (docs/physics.md, \"Measuring correlation functions well\").",
        "σ²/τ",
        "D_γ plus the correction with the measured η.",
    ),
    e(
        "host_d_msd",
        "host D (MSD)",
        "host self-diffusion, displacement route",
        "How fast the host atoms themselves diffuse, from the slope of their mean squared displacement.",
        "MSD = 6Dt + c for host atoms.",
        "σ²/τ",
        "`multiscope measure` only: host atoms of the free segment, fitted at long lags.",
    ),
    e(
        "host_d_vacf",
        "host D (VACF)",
        "host self-diffusion, velocity route",
        "The same from the Green–Kubo integral of the host atoms' velocity autocorrelation.",
        "D = ⅓∫₀^{t_c}⟨v(0)·v(t)⟩dt.",
        "σ²/τ",
        "`multiscope measure` only: host atoms of the free segment.",
    ),
    e(
        "f_th",
        "f^th(x)",
        "thermal (mean) force",
        "The average force on the held nanoparticle at each position along x: the gradient of the potential of mean force. Zero by symmetry without a field.",
        "β f^th = ∂ln Q(β,R)/∂R, f^th = −∂A/∂R (docs/physics.md, \"The thermal (mean) force\").",
        "ε_LJ/σ",
        "`multiscope measure` only: the particle held at a row of windows along x, the force time-averaged in each (block errors).",
    ),
    e(
        "free_force_peak",
        "∫⟨δF·δF⟩ peak",
        "free force integral, peak",
        "The FREE particle's running force integral at its short-time maximum: close to ζk_BT.",
        "Kirkwood's plateau problem (docs/physics.md, \"Regime 2\").",
        "ε_LJ²τ/σ²",
        "Free particle; the automatic cut-off stops at the peak.",
    ),
    e(
        "free_force_late",
        "∫⟨δF·δF⟩ late",
        "free force integral, late",
        "The same integral at the longest lag with an error bar: it falls back to zero, because F = dP/dt of a stationary momentum integrates to nothing.",
        "Kirkwood's plateau problem (docs/physics.md, \"Regime 2\").",
        "ε_LJ²τ/σ²",
        "Free particle; the last lag shorter than one block (10 τ).",
    ),
    e(
        "explored",
        "√MSD",
        "distance explored",
        "How far the free particle has wandered: the root-mean-square displacement at the longest lag.",
        "√⟨|R(t)−R(0)|²⟩.",
        "σ",
        "Free particle, unwrapped R.",
    ),
    e(
        "transitions",
        "n",
        "committed transitions",
        "Crossings from one well's bottom region to the other's (a recrossing of the barrier top alone does not count).",
        "docs/physics.md, \"Double well\": transition-based counting; the count is Poisson.",
        "1",
        "Free particle in the double well; regions are each well's bottom ± a fraction of a.",
    ),
    e(
        "rate_md",
        "k_MD",
        "MD transition rate",
        "Committed transitions per unit time, both directions pooled.",
        "docs/physics.md, \"Double well\": relative error 1/√n.",
        "1/τ",
        "Counted in the free MD.",
    ),
    e(
        "rate_fokker_planck",
        "k_FP",
        "Fokker–Planck rate",
        "The rate the Kramers equation (56) predicts with the measured m and ζ.",
        "Flux over population (or 1/MFPT) of the 1D Fokker–Planck solver in (x, P_x).",
        "1/τ",
        "Solved with the held particle's ζ; redone when ζ moves by more than 2 %.",
    ),
    e(
        "rate_smoluchowski",
        "k_S",
        "Smoluchowski rate",
        "The rate of the overdamped equation (29) with D = k_BT/ζ.",
        "1/MFPT from the exact 1D integral (Gardiner).",
        "1/τ",
        "With the held particle's ζ.",
    ),
    e(
        "rate_kramers",
        "k_K",
        "Kramers' rate",
        "Kramers' formula for escape over a barrier ΔU ≫ k_BT.",
        "k = (λ₊/ω_b)(ω₀/2π)e^{−βΔU}, λ₊ = −ζ/(2m) + √(ζ²/(4m²) + ω_b²) (docs/physics.md, \"Exact solutions\").",
        "1/τ",
        "With the measured m and ζ.",
    ),
    e(
        "t_cg",
        "t_CG",
        "coarse-grained time",
        "The time the density pane's Fokker–Planck and Smoluchowski solvers have advanced.",
        "Eq. (56) and eq. (29) on the x line of the box.",
        "τ",
        "Advanced on its own thread at the rate set in the pane.",
    ),
    e(
        "t_cg_over_tau_p",
        "t_CG/τ_P",
        "coarse-grained time in τ_P",
        "How many momentum relaxation times the densities have run: Smoluchowski applies once this is ≫ 1.",
        "docs/physics.md, \"Regime 1\".",
        "1",
        "t_CG over m/ζ with the density's ζ.",
    ),
    e(
        "density_zeta",
        "ζ (density)",
        "the density's friction",
        "The friction the density pane's solvers use.",
        "ζ from the held particle, or k_BT/D_γ from the free one.",
        "m̂/τ",
        "Taken from the measurement when the density starts.",
    ),
    e(
        "density_d",
        "D (density)",
        "the density's diffusion coefficient",
        "D = k_BT/ζ of the density pane's Smoluchowski solver.",
        "Eq. (29) with docs/physics.md's isotropic D.",
        "σ²/τ",
        "From the density's ζ.",
    ),
    e(
        "density_gap",
        "∫|W̃_FP − W̃_S| dΦ",
        "Fokker–Planck vs Smoluchowski",
        "How far the Fokker–Planck marginal W̃(Φ) is from the Smoluchowski density at the same time: 0 to 2, falling once t ≫ τ_P.",
        "Eq. (56) marginalised over Π against eq. (29).",
        "1",
        "Summed over the density pane's Φ cells.",
    ),
    e(
        "samples",
        "samples",
        "samples",
        "Samples fed into a correlator since the last restart.",
        "",
        "1",
        "One every 2 MD steps, production only.",
    ),
    e(
        "blocks",
        "blocks",
        "error blocks",
        "Independent blocks behind the error bars: the more, the more reliable the error bar itself.",
        "Flyvbjerg–Petersen block averaging (docs/physics.md).",
        "1",
        "Blocks of 10 τ.",
    ),
    // Plots of the Correlations tab.
    e(
        "cpp",
        "⟨P(0)·P(t)⟩/3",
        "momentum autocorrelation",
        "How long the FREE nanoparticle's momentum stays correlated; for a Langevin particle it decays like e^{−t/τ_P}.",
        "The integrand of γ, paper eq. (28).",
        "m̂²σ²/τ²",
        "Free particle, every 2nd step; normalised C(t)/C(0) when ticked.",
    ),
    e(
        "gpp",
        "γ(t) = ∫⟨P·P⟩/3 dt",
        "running integral γ(t)",
        "The running integral of the momentum autocorrelation: its plateau is γ, and D_γ = γ/m².",
        "Paper eq. (28).",
        "m̂²σ²/τ",
        GK,
    ),
    e(
        "cff",
        "⟨δF(0)·δF(t)⟩/3",
        "force autocorrelation",
        "How long the force on the nanoparticle stays correlated (mean subtracted); held or free as the label says.",
        "The integrand of θ, paper eq. (55).",
        "ε_LJ²/σ²",
        "Held or free particle, every 2nd step.",
    ),
    e(
        "gff",
        "∫⟨δF·δF⟩/3 dt",
        "running force integral",
        "Held: rises to a plateau εθ = k_BTζ. Free: rises to about ζk_BT and falls back to zero (Kirkwood's plateau problem).",
        "Paper eq. (55); docs/physics.md, \"Regime 2\".",
        "ε_LJ²τ/σ²",
        GK,
    ),
    e(
        "traces-t",
        "T(t), P(t)",
        "temperature and pressure",
        "Instantaneous temperature and pressure against time.",
        "Kinetic temperature; virial pressure.",
        "ε_LJ/k_B, ε_LJ/σ³",
        "Every sampled step, thinned to 4000 points.",
    ),
    e(
        "traces-e",
        "K/N, U/N, E/N",
        "energies per atom",
        "Kinetic, potential and total energy per atom against time: E/N drifts only through the thermostat and the integrator's error.",
        "",
        "ε_LJ",
        "Every sampled step, thinned to 4000 points.",
    ),
    // The MD vs theory tab.
    e(
        "theory-summary",
        "z",
        "MD vs theory verdicts",
        "Each prediction of the coarse-grained equations against what the MD particle did: z = (MD − predicted)/combined error; |z| ≤ 3 holds.",
        "docs/physics.md, \"Predictions to test against the MD that fed them\".",
        "1",
        "Restarts with the measurement; needs ζ of the held particle.",
    ),
    e(
        "msd_diffusion",
        "D_MSD vs k_BT/ζ",
        "displacement against friction",
        "Does the free particle spread as fast as the held particle's friction says?",
        "⟨|ΔR|²⟩ → 6Dt, D = (M_host/M_total)²k_BT/ζ.",
        "σ²/τ",
        "Free particle's MSD slope against the held particle's ζ.",
    ),
    e(
        "momentum_decay_time",
        "∫C_PP/C_PP(0) vs μ/ζ",
        "momentum decay time",
        "Does the momentum forget in the time the friction says?",
        "⟨P(0)·P(t)⟩ = 3mk_BTe^{−t/τ_P} (docs/physics.md, \"Predictions\"), μ the reduced mass of particle and finite host.",
        "τ",
        "Free momentum's correlation time against μ/ζ.",
    ),
    e(
        "einstein_relation",
        "D_γ vs D_θ",
        "Einstein relation",
        "The fluctuation–dissipation theorem: the free momentum route and the held force route give the same D.",
        "D = k_BT ζ⁻¹ (docs/physics.md, \"Regime 2\"), with the finite-host factor (M_host/M_total)².",
        "σ²/τ",
        "D_γ (free) against (M_host/M_total)²D_θ (held).",
    ),
    e(
        "position_relaxation_time",
        "τ_x vs ζ/k",
        "trap relaxation time",
        "In a harmonic trap: does the position relax as the damped oscillator says?",
        "⟨δx(0)δx(t)⟩ of the harmonic Kramers equation (docs/physics.md, \"Predictions\").",
        "τ",
        "Free particle in the trap.",
    ),
    e(
        "stationary_density",
        "χ²/ν of R_x",
        "stationary density",
        "Is the free particle's position Boltzmann-distributed in the field (flat without one)?",
        "W_eq(R) ∝ e^{−βA(R)} (docs/physics.md, \"Equilibria\").",
        "1",
        "Histogram of R_x against the Boltzmann density, χ² per degree of freedom.",
    ),
    e(
        "stationary_momentum",
        "χ²/ν of P_x",
        "Maxwell distribution",
        "Is the free particle's momentum Maxwell-distributed with the measured m?",
        "W_eq ∝ e^{−βP²/(2m)} (docs/physics.md, \"Equilibria\").",
        "1",
        "Histogram of P_x, χ² per degree of freedom.",
    ),
    e(
        "transition_rate",
        "k_MD vs k_FP",
        "transition rate",
        "Does the MD cross the barrier as often as the Fokker–Planck equation says?",
        "docs/physics.md, \"Double well\".",
        "1/τ",
        "Committed transitions in the free MD against the Fokker–Planck rate with the held particle's ζ.",
    ),
    e(
        "theory-msd",
        "MSD of R",
        "mean squared displacement (log–log)",
        "The free particle's MSD: ballistic 3k_BTt²/m for t ≪ τ_P, diffusive 6Dt for t ≫ τ_P, beside the Ornstein–Uhlenbeck curve of the Fokker–Planck equation and Smoluchowski's 6Dt.",
        "⟨|R(t)−R(0)|²⟩ = 6(k_BT/ζ)[t − τ_P(1 − e^{−t/τ_P})] (docs/physics.md, \"Predictions\").",
        "σ²",
        "Free particle, unwrapped R; error bars from blocks.",
    ),
    e(
        "theory-cpp",
        "⟨P_a(0)P_a(t)⟩",
        "momentum autocorrelation vs theory",
        "The free momentum's autocorrelation beside μk_BTe^{−tζ/μ}.",
        "docs/physics.md, \"Predictions\".",
        "m̂²σ²/τ²",
        "Free particle.",
    ),
    e(
        "theory-cxx",
        "⟨δx(0)δx(t)⟩",
        "trap position autocorrelation",
        "In a harmonic trap: the position's autocorrelation beside the damped oscillator.",
        "docs/physics.md, \"Predictions\", harmonic trap.",
        "σ²",
        "Free particle in the trap.",
    ),
    e(
        "theory-rates",
        "rates",
        "double-well rates",
        "Committed transitions and the MD rate beside the Fokker–Planck, Smoluchowski and Kramers rates.",
        "docs/physics.md, \"Double well\".",
        "1/τ",
        "Free particle in the double well.",
    ),
    e(
        "theory-x",
        "W(R_x)",
        "density of R_x",
        "The histogram of the free particle's R_x beside the Boltzmann density of the field.",
        "docs/physics.md, \"Equilibria\".",
        "1/σ",
        "Free particle.",
    ),
    e(
        "theory-p",
        "W(P_x)",
        "density of P_x",
        "The histogram of P_x beside the Maxwell density.",
        "docs/physics.md, \"Equilibria\".",
        "τ/(m̂σ)",
        "Free particle.",
    ),
    // The density pane.
    e(
        "phase-plane",
        "W̃(Φ, Π)",
        "phase plane",
        "The Fokker–Planck density in the scaled variables (Φ_x, Π_x) as colour, with the MD particle's path and its point now.",
        "Φ = ε^{1/2}R, Π = ε^{1/2}P, paper eqs. (31), (32); the density obeys eq. (56).",
        "τ/(m̂σ²)",
        "Solved on the x line of the box with the measured friction, started from equilibrium or from the particle's point.",
    ),
    e(
        "marginal-phi",
        "W̃(Φ)",
        "position marginal",
        "The Fokker–Planck density summed over Π, beside the Smoluchowski density W̃_S at the same time: they agree once t ≫ τ_P.",
        "Eq. (56) marginalised; eq. (29).",
        "1/σ",
        "From the density pane's solvers.",
    ),
    e(
        "marginal-pi",
        "W̃(Π)",
        "momentum marginal",
        "The Fokker–Planck density summed over Φ: it relaxes to the Maxwellian in about τ_P.",
        "Eq. (56) marginalised.",
        "τ/(m̂σ)",
        "From the density pane's solver.",
    ),
];

/// Every id the panels show today (the app's hover texts must each have an entry; kept in sync
/// with `src/app/ui/`).
pub const PANEL_IDS: &[&str] = &[
    // Controls panel.
    "controls",
    "epsilon",
    "temperature_target",
    "time_step",
    "samples",
    "blocks",
    "view",
    // Coefficients table (plots panel).
    "coefficients",
    "mass",
    "beta",
    "temperature_measured",
    "zeta",
    "tau_p",
    "tau_f",
    "tau_p_over_tau_f",
    "d_gamma",
    "d_theta",
    "eta",
    "d_se_slip",
    "d_se_stick",
    "d_gamma_infinite",
    // Correlations tab.
    "cpp",
    "gpp",
    "cff",
    "gff",
    "traces-t",
    "traces-e",
    // MD vs theory tab.
    "theory-summary",
    "msd_diffusion",
    "momentum_decay_time",
    "einstein_relation",
    "position_relaxation_time",
    "stationary_density",
    "stationary_momentum",
    "transition_rate",
    "theory-msd",
    "theory-cpp",
    "theory-cxx",
    "theory-rates",
    "rate_md",
    "rate_fokker_planck",
    "rate_smoluchowski",
    "rate_kramers",
    "transitions",
    "theory-x",
    "theory-p",
    // Density pane.
    "phase-plane",
    "marginal-phi",
    "marginal-pi",
    "t_cg",
    "density_zeta",
    "density_d",
    "density_gap",
];

/// The entry with this id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}

fn gk_detail(what: &str, g: Option<&GreenKuboView>) -> Option<String> {
    let g = g?;
    let cut = match &g.plateau {
        Some(p) => format!(
            ", read at t_c = {} τ{}",
            short(p.cutoff_time),
            if p.converged {
                ""
            } else {
                " (not converged: the cut-off is the last lag with an error bar)"
            }
        ),
        None => ", no plateau yet".into(),
    };
    Some(format!(
        "{what}: {} samples (every {STRESS_EVERY} steps), {} blocks of {BLOCK_TIME} τ{cut}",
        g.samples, g.blocks
    ))
}

/// How the value or plot `id` was measured in this session, from the newest analysis: the
/// segment (free or held), the samples and blocks, the cut-off. `None` where there is nothing
/// live to add (or nothing measured yet).
pub fn how_measured(id: &str, seen: &Observed) -> Option<String> {
    let a = seen.analysis?;
    let r = &a.report;
    let segment = if a.force_constrained {
        "held particle"
    } else {
        "free particle"
    };
    let value = Quantity::ALL
        .iter()
        .find(|q| q.id() == id)
        .and_then(|q| q.value(seen));
    let with_value = |s: String| match value {
        Some(v) => format!("{s}. Now {}", pm(v)),
        None => s,
    };
    let detail = match id {
        "d_gamma" | "cpp" | "gpp" | "tau_p" => {
            gk_detail("momentum of the free particle", a.momentum.as_ref())?
        }
        "zeta" | "d_theta" | "cff" | "gff" | "tau_f" | "tau_p_over_tau_f" | "free_force_peak"
        | "free_force_late" => gk_detail(&format!("force of the {segment}"), a.force.as_ref())?,
        "eta" | "d_se_slip" | "d_se_stick" | "d_gamma_infinite" | "stokes_number" => {
            let p = r
                .plateaus
                .iter()
                .find(|p| p.0 == crate::measure::PlateauId::Viscosity)?
                .1;
            format!(
                "stress of the whole system: {} blocks, read at t_c = {} τ{}",
                p.blocks,
                short(p.cutoff_time),
                if p.converged { "" } else { " (not converged)" }
            )
        }
        "d_msd" | "msd_diffusion" | "theory-msd" => {
            let m = r.particle.as_ref()?.msd_diffusion?;
            format!(
                "free particle: MSD slope fitted over {}–{} τ ({} lags), {} independent entries",
                short(m.t_min),
                short(m.t_max),
                m.n_points,
                m.n_entries
            )
        }
        "transitions" | "rate_md" | "transition_rate" | "theory-rates" | "rate_fokker_planck"
        | "rate_smoluchowski" | "rate_kramers" => {
            let t = a.predictions.transition_rate.as_ref()?;
            format!(
                "free particle: {} committed transitions, βΔU = {}",
                t.transitions,
                short(t.beta_barrier)
            )
        }
        "temperature_measured" | "traces-t" | "traces-e" => format!(
            "since the restart at step {} ({}): {} trace points",
            a.restart_step,
            a.restart_reason,
            a.traces.len()
        ),
        "t_cg" | "t_cg_over_tau_p" | "density_gap" | "density_zeta" | "density_d"
        | "marginal-phi" | "marginal-pi" | "phase-plane" => {
            let d = seen.density?;
            format!(
                "{}; t_CG = {} τ, ∫|W̃_FP − W̃_S| = {}",
                d.friction.source.describe(),
                short(d.time()),
                short(d.marginal_gap())
            )
        }
        _ => return None,
    };
    Some(with_value(detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_entries_complete() {
        for (i, a) in ENTRIES.iter().enumerate() {
            assert!(
                ENTRIES[i + 1..].iter().all(|b| b.id != a.id),
                "{} twice",
                a.id
            );
            assert!(!a.symbol.is_empty() && !a.name.is_empty() && !a.what.is_empty());
            assert!(!a.measured.is_empty(), "{}: how measured", a.id);
        }
    }

    #[test]
    fn every_panel_id_every_quantity_and_every_watch_has_an_entry() {
        for id in PANEL_IDS {
            assert!(entry(id).is_some(), "panel id {id} has no entry");
        }
        for q in Quantity::ALL {
            assert!(entry(q.id()).is_some(), "quantity {q:?} has no entry");
        }
    }
}
