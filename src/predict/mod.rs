//! Theory against the atoms: what the coarse-grained equations predict for the very nanoparticle
//! whose correlations gave their coefficients, compared with what that nanoparticle did in the MD.
//!
//! Input: a [`Report`] of a measurement (from `multiscope measure`, the live app, or an imported
//! run): the measured m, ζ (held particle), D_γ, and the free particle's own observables
//! ([`crate::measure::ParticleReport`]). Output: [`Predictions`], one [`Comparison`] per
//! prediction that applies to the scene, each a z-score with a verdict in words:
//! - `msd_diffusion`: D_MSD from the long-time slope of the MSD against D_θ = k_BT/ζ;
//! - `momentum_decay_time`: the momentum's correlation time ∫C_PP/C_PP(0) against τ_P = m/ζ;
//! - `einstein_relation`: D_γ (free, momentum) against D_θ (held, force);
//! - `position_relaxation_time` (harmonic trap): ∫⟨δx δx⟩/⟨δx²⟩ against ζ/k;
//! - `stationary_density`: the histogram of R_x against the Boltzmann density of the field (flat
//!   without one), as χ² per degree of freedom;
//! - `stationary_momentum`: the histogram of P_x against the Maxwell density;
//! - `transition_rate` (double well): the MD's committed transitions per unit time against the
//!   Fokker–Planck rate, with the Smoluchowski and Kramers rates beside it;
//! - `orientation_relaxation` (rigid body): ⟨u(0)·u(t)⟩ of its principal axes against
//!   exp(−2D_r t) with D_r = k_BT/ζ_r of the held body.
//!
//! Data flow: measure → coarse → predict → live session / cli.

#![warn(missing_docs)]

mod curves;

pub use curves::{PredictionCurves, Series, prediction_curves, write_prediction_csv};

use serde::{Deserialize, Serialize};

use crate::analysis::{Comparison, ComparisonContext, Estimate, HistogramTest};
use crate::coarse::CoarseError;
use crate::coarse::DampedOscillator;
use crate::coarse::Force1d;
use crate::coarse::{DoubleWellProblem, DoubleWellRates, RateOptions, double_well_rates};
use crate::field::ExternalField;
use crate::measure::{COMMIT_FRACTION, PlateauId, Report, RotationReport};

/// Committed transitions below which neither the MD rate nor the two wells' populations are
/// tested (the rate's relative error 1/√n is then above 30 %).
pub const MIN_TRANSITIONS: u64 = 10;

/// The double well's predicted rates next to the MD count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateComparison {
    /// MD rate (committed transitions per committed time, both directions pooled, Poisson
    /// error) against the Fokker–Planck rate [1/τ].
    #[serde(flatten)]
    pub comparison: Comparison,
    /// Smoluchowski rate, 1/MFPT with D = k_BT/ζ [1/τ].
    pub smoluchowski: Estimate,
    /// Kramers' formula [1/τ].
    pub kramers: Estimate,
    /// Committed transitions counted in the MD.
    pub transitions: u64,
    /// βΔU of the barrier [1].
    pub beta_barrier: f64,
}

/// Every prediction that applies to the scene, against the MD.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Predictions {
    /// D_MSD against k_BT/ζ [σ²/τ].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msd_diffusion: Option<Comparison>,
    /// ∫C_PP/C_PP(0) against τ_P = m/ζ [τ].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub momentum_decay_time: Option<Comparison>,
    /// D_γ against D_θ [σ²/τ].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub einstein_relation: Option<Comparison>,
    /// Harmonic trap: the position's correlation time against ζ/k [τ].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position_relaxation_time: Option<Comparison>,
    /// χ²/ν of the R_x histogram against the stationary density [1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stationary_density: Option<Comparison>,
    /// χ²/ν of the P_x histogram against the Maxwell density [1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stationary_momentum: Option<Comparison>,
    /// Double well: MD transition rate against the Fokker–Planck rate [1/τ].
    ///
    /// A comparison this run cannot test (too few transitions, a box not yet crossed) has
    /// `z = NaN` (`null` in JSON), `holds = false` and says so in `why`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transition_rate: Option<RateComparison>,
    /// Rigid body: the MD's orientation correlation ⟨u(0)·u(t)⟩ of its principal axes against
    /// exp(−2D_r t) with D_r = k_BT/ζ_r of the held body, at the lag t = 1/(2D_r) where the
    /// prediction is 1/e [1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation_relaxation: Option<Comparison>,
}

impl Predictions {
    /// The comparisons by JSON key, in a fixed order.
    pub fn entries(&self) -> Vec<(&'static str, &Comparison)> {
        Self::KEYS
            .into_iter()
            .zip([
                self.msd_diffusion.as_ref(),
                self.momentum_decay_time.as_ref(),
                self.einstein_relation.as_ref(),
                self.position_relaxation_time.as_ref(),
                self.stationary_density.as_ref(),
                self.stationary_momentum.as_ref(),
                self.transition_rate.as_ref().map(|r| &r.comparison),
                self.orientation_relaxation.as_ref(),
            ])
            .filter_map(|(k, c)| c.map(|c| (k, c)))
            .collect()
    }

    /// The comparisons' keys, in the order of [`Self::entries`].
    pub const KEYS: [&'static str; 8] = [
        "msd_diffusion",
        "momentum_decay_time",
        "einstein_relation",
        "position_relaxation_time",
        "stationary_density",
        "stationary_momentum",
        "transition_rate",
        "orientation_relaxation",
    ];
}

/// The rigid body's orientation correlation against exp(−2D_r t), D_r = `d_rot` [1/τ] of the
/// held body, read at the grid lag nearest t* = 1/(2D_r), where the prediction is 1/e. D_r's
/// error moves the prediction by 2t* e^{−2D_r t*} δD_r. Not testable (z = NaN) when the lags
/// with error bars (those shorter than an error block) do not reach t*.
pub fn orientation_relaxation(rotation: &RotationReport, d_rot: Estimate) -> Comparison {
    let quantity = format!(
        "⟨u(0)·u(t)⟩ of the principal axes (free body) vs exp(−2D_r t) with D_r = k_BT/ζ_r of \
         the held body, at t = 1/(2D_r); rotational time-scale separation (I/ζ_r)/τ_T = {}",
        rotation
            .time_scale_separation
            .map_or("unknown".into(), |r| format!("{:.1}", r.mean))
    );
    let context = ComparisonContext {
        quantity: quantity.clone(),
        ..ComparisonContext::default()
    };
    let t_star = 0.5 / d_rot.mean;
    let at = rotation
        .orientation_times
        .iter()
        .zip(&rotation.orientation_correlation)
        .min_by(|a, b| (a.0 - t_star).abs().total_cmp(&(b.0 - t_star).abs()));
    let not_testable = |why: String| Comparison {
        md: Estimate::new(f64::NAN, f64::NAN),
        predicted: Estimate::new((-1.0f64).exp(), f64::NAN),
        z: f64::NAN,
        holds: false,
        why,
    };
    if d_rot.mean.is_nan() || d_rot.mean <= 0.0 {
        return not_testable(format!("{quantity}: not testable, no positive D_r"));
    }
    let reach = rotation.orientation_times.last().copied().unwrap_or(0.0);
    match at {
        Some((&t, &md)) if (t - t_star).abs() <= 0.25 * t_star => {
            let e = (-2.0 * d_rot.mean * t).exp();
            Comparison::new(md, Estimate::new(e, 2.0 * t * e * d_rot.sem), &context)
        }
        _ => not_testable(format!(
            "{quantity}: not testable in this run: the orientation correlation has error bars \
             only to {reach:.2} τ (one error block), short of 1/(2D_r) = {t_star:.1} τ; run the \
             free segment at least {:.0} τ (20 error blocks × 1/(2D_r))",
            20.0 * t_star
        )),
    }
}

/// The friction the predictions use: ζ of the held particle [m̂/τ], with its error.
fn friction(report: &Report) -> Option<Estimate> {
    report.zeta_isotropic.filter(|z| z.mean > 0.0)
}

/// The FP/Smoluchowski/Kramers rates of the report's double well, with ζ as measured; `None`
/// without a double well or a friction.
pub fn predicted_rates(report: &Report, zeta: f64) -> Option<Result<DoubleWellRates, CoarseError>> {
    let ExternalField::DoubleWell { separation, .. } = report.field else {
        return None;
    };
    let field = match Force1d::along_x(&report.field) {
        Ok(f) => f,
        Err(e) => return Some(Err(e)),
    };
    let a = 0.5 * separation;
    // Reflecting walls where βU ≈ 30: the density there is e^{-30}.
    let wall = a * (1.0 + (30.0 * report.temperature / barrier(report)).sqrt()).sqrt();
    let beta = 1.0 / report.temperature;
    Some(
        DoubleWellProblem::symmetric(report.mass, zeta, beta, field, COMMIT_FRACTION, wall)
            .and_then(|p| double_well_rates(&p, RateOptions::default())),
    )
}

fn barrier(report: &Report) -> f64 {
    match report.field {
        ExternalField::DoubleWell { barrier, .. } => barrier,
        _ => f64::NAN,
    }
}

/// Every prediction that applies to `report`, against its MD. `rates` are the double well's
/// predicted rates (see [`predicted_rates`]; pass `None` to compute them here).
pub fn predict(report: &Report, rates: Option<&DoubleWellRates>) -> Predictions {
    let zeta = friction(report);
    let m = report.mass;
    let mut out = Predictions::default();
    if let (Some(rotation), Some(d_rot)) = (report.rotation.as_ref(), report.d_rot_theta) {
        out.orientation_relaxation = Some(orientation_relaxation(rotation, d_rot));
    }
    let Some(particle) = report.particle.as_ref() else {
        return out;
    };
    let context = |quantity: &str, n_blocks: Option<u64>| ComparisonContext {
        quantity: quantity.into(),
        n_blocks,
        n_samples: None,
        tau_p_over_tau_f: zeta
            .zip(report.force_time)
            .filter(|(_, tf)| tf.mean > 0.0)
            .map(|(z, tf)| m / z.mean / tf.mean),
        epsilon: Some(report.epsilon),
        radius_over_box: (report.hydrodynamic_radius > 0.0)
            .then(|| report.hydrodynamic_radius / report.box_length),
        beta_barrier: None,
    };
    let d_theta = report.d_theta;
    // A free particle in a finite host with zero total momentum moves relative to the host with
    // the reduced mass μ = m M_host/M_total: its momentum decays in μ/ζ, and its displacement is
    // the relative one scaled by M_host/M_total, so D_free = (M_host/M_total)² k_BT/ζ (exact
    // centre-of-mass kinematics; `momentum_conservation_factor`).
    let shared = host_share(report);

    if let (Some(msd), Some(d)) = (particle.msd_diffusion, d_theta) {
        out.msd_diffusion = Some(Comparison::new(
            msd.d,
            d.scale(shared * shared),
            &context(
                "D_MSD (free particle's displacement) vs (M_host/M_total)²·k_BT/ζ (held \
                 particle's friction; the free particle shares its momentum with a finite host)",
                Some(msd.n_entries as u64),
            ),
        ));
    }
    if let (Some(t), Some(z)) = (particle.momentum_time, zeta) {
        let mu = shared * m;
        let predicted = Estimate::new(mu / z.mean, mu * z.sem / (z.mean * z.mean));
        out.momentum_decay_time = Some(Comparison::new(
            t,
            predicted,
            &context(
                "momentum correlation time ∫C_PP/C_PP(0) vs μ/ζ (μ = m·M_host/M_total, the \
                 reduced mass of the particle and a finite host)",
                report.plateau(PlateauId::Gamma).map(|p| p.blocks),
            ),
        ));
    }
    if let (Some(g), Some(t)) = (report.d_gamma, d_theta) {
        out.einstein_relation = Some(Comparison::new(
            g,
            t.scale(shared * shared),
            &context(
                "D_γ (free particle's momentum) vs (M_host/M_total)²·D_θ (held particle's force; \
                 finite host)",
                report.plateau(PlateauId::Gamma).map(|p| p.blocks),
            ),
        ));
    }
    if let (ExternalField::HarmonicTrap { k, .. }, Some(pos), Some(z)) =
        (report.field, particle.position, zeta)
    {
        // The prediction integrated to the MD's own cut-off: ∫₀^{t_c} C(t)dt/C(0).
        let tau = |zeta: f64| {
            let osc = DampedOscillator {
                mass: m,
                zeta,
                k,
                kt: report.temperature,
            };
            truncated_correlation_time(&osc, pos.cutoff_time)
        };
        let predicted = tau(z.mean);
        let sem = 0.5 * (tau(z.mean + z.sem) - tau((z.mean - z.sem).max(0.5 * z.mean))).abs();
        let mut c = Comparison::new(
            pos.time,
            Estimate::new(predicted, sem),
            &context(
                "trap: position correlation time ∫⟨δx δx⟩/⟨δx²⟩ vs ζ/k",
                Some(pos.n_blocks),
            ),
        );
        if let Some(why) = trap_swing(report, k, z.mean) {
            c.holds = false;
            c.why = format!("{} Outside the theory's reach here: {why}", c.why);
        }
        out.position_relaxation_time = Some(c);
    }
    if let Some(t) = &particle.x_density {
        let mut c = histogram_comparison(
            t,
            &context(
                match report.field {
                    ExternalField::None => {
                        "R_x histogram vs the flat density of a periodic box (χ²/ν)"
                    }
                    _ => "R_x histogram vs the Boltzmann density e^{−βU(x)} (χ²/ν)",
                },
                Some(t.n_entries as u64),
            ),
        );
        if report.field == ExternalField::None {
            // Without a field the particle must cross the whole box many times before its
            // histogram can be flat: the diffusion time L²/(2D) is far longer than a run.
            let l = report.box_length;
            if particle.explored < 2.0 * l {
                c.holds = false;
                c.z = f64::NAN;
                let time = d_theta
                    .or(report.d_gamma)
                    .filter(|d| d.mean > 0.0)
                    .map(|d| {
                        format!(
                            " (about {:.0} τ at D = {:.2e} σ²/τ)",
                            2.0 * l * l / d.mean,
                            d.mean
                        )
                    })
                    .unwrap_or_default();
                c.why = format!(
                    "R_x histogram vs the flat density of a periodic box: χ²/ν = {:.3}. Not \
                     testable in this run: without a field the particle has moved only {:.2} σ \
                     (rms) in a box of {:.1} σ; a flat histogram needs it to cross the box several \
                     times{time}.",
                    t.chi2_per_dof, particle.explored, l
                );
            }
        }
        if let (ExternalField::HarmonicTrap { k, .. }, Some(z), false) =
            (report.field, zeta, c.holds)
            && let Some(why) = trap_swing(report, k, z.mean)
        {
            c.why = format!("{} Likely cause: {why}", c.why);
        }
        if let Some(tr) = particle.transitions.as_ref() {
            let n = tr.left_to_right + tr.right_to_left;
            if n < MIN_TRANSITIONS {
                c.holds = false;
                c.z = f64::NAN;
                c.why = format!(
                    "R_x histogram vs the Boltzmann density: χ²/ν = {:.3}. Not testable in this \
                     run: the particle crossed the barrier only {n} times (committed), so its \
                     histogram cannot yet weigh the two wells against each other; run until it \
                     has crossed at least {MIN_TRANSITIONS} times.",
                    t.chi2_per_dof
                );
            }
        }
        out.stationary_density = Some(c);
    }
    if let Some(t) = &particle.p_density {
        out.stationary_momentum = Some(histogram_comparison(
            t,
            &context(
                "P_x histogram vs the Maxwell density e^{−P²/(2mk_BT)} (χ²/ν)",
                Some(t.n_entries as u64),
            ),
        ));
    }
    if let (Some(tr), Some(z)) = (particle.transitions.as_ref(), zeta) {
        let owned;
        let rates = match rates {
            Some(r) => Some(r),
            None => {
                owned = predicted_rates(report, z.mean).and_then(Result::ok);
                owned.as_ref()
            }
        };
        if let Some(r) = rates {
            let n = tr.left_to_right + tr.right_to_left;
            let time = tr.time_left + tr.time_right;
            let md = crate::analysis::poisson_rate(n, time);
            let one = &r.left_to_right;
            // ζ's error moves every rate; its sensitivity d ln k/d ln ζ from Kramers' formula,
            // k ∝ λ₊ = −ζ/2m + √(ζ²/4m² + ω_b²): d ln λ₊/d ln ζ = −(ζ/2m)/√(ζ²/4m² + ω_b²).
            let rel = z.sem / z.mean * rate_sensitivity(report, z.mean);
            let with_err = |k: f64| Estimate::new(k, (k * rel).abs());
            let too_few = n < MIN_TRANSITIONS;
            let mut ctx = context(
                "double well: MD committed transitions per unit time vs the Fokker–Planck rate",
                None,
            );
            ctx.n_samples = Some(n);
            ctx.beta_barrier = Some(one.beta_barrier);
            let mut comparison = Comparison::new(md, with_err(one.fokker_planck), &ctx);
            if too_few {
                comparison.holds = false;
                comparison.z = f64::NAN;
                comparison.why = format!(
                    "double well: MD rate {:.3e} /τ from {n} committed transitions in {:.0} τ, \
                     Fokker–Planck {:.3e} /τ. Not testable yet: a rate needs at least \
                     {MIN_TRANSITIONS} transitions (its relative error is 1/√n); at the predicted \
                     rate that takes about {:.0} τ of free MD.",
                    md.mean,
                    time,
                    one.fokker_planck,
                    MIN_TRANSITIONS as f64 / one.fokker_planck
                );
            }
            out.transition_rate = Some(RateComparison {
                comparison,
                smoluchowski: with_err(one.smoluchowski),
                kramers: with_err(one.kramers),
                transitions: n,
                beta_barrier: one.beta_barrier,
            });
        }
    }
    out
}

/// ∫₀^{t_c} ⟨δx(0)δx(t)⟩dt/⟨δx²⟩ of the damped oscillator [τ] (Simpson, 2000 intervals); ζ/k as
/// t_c → ∞.
fn truncated_correlation_time(osc: &DampedOscillator, t_c: f64) -> f64 {
    let n = 2000;
    let h = t_c / n as f64;
    let f = |t: f64| osc.position_autocorrelation(t);
    let mut acc = f(0.0) + f(t_c);
    for i in 1..n {
        acc += f(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    acc * h / 3.0 / osc.variance()
}

/// Why a trap's prediction cannot hold in this system, if it cannot: the field pulls only the
/// particle, and through its friction the whole periodic system (no container holds the fluid),
/// which swings in the trap with frequency √(k/M_total). The Kramers equation assumes a fluid at
/// rest; that needs the swing slower than the particle's own relaxation, √(M_total/k) ≫ ζ/k,
/// i.e. M_total ≥ 4ζ²/k.
fn trap_swing(report: &Report, k: f64, zeta: f64) -> Option<String> {
    let share = host_share(report);
    let total = if share < 1.0 {
        report.mass / (1.0 - share)
    } else {
        f64::INFINITY
    };
    let need = 4.0 * zeta * zeta / k;
    (total < need).then(|| {
        format!(
            "the trap pulls the particle and, through its friction, the whole periodic fluid \
             (M_total = {total:.0} m̂), which swings in the trap with period 2π√(M_total/k) = \
             {:.0} τ, not slow against the particle's relaxation ζ/k = {:.1} τ. The Kramers \
             prediction assumes a fluid at rest: it needs M_total ≥ 4ζ²/k = {need:.0} m̂ (a \
             larger host, a stiffer trap or a smaller particle).",
            2.0 * std::f64::consts::PI * (total / k).sqrt(),
            zeta / k
        )
    })
}

/// M_host/M_total of the report (1 without a finite host).
pub fn host_share(report: &Report) -> f64 {
    report
        .momentum_conservation_factor
        .filter(|f| *f > 0.0 && f.is_finite())
        .map_or(1.0, f64::sqrt)
}

/// d ln k / d ln ζ of Kramers' rate (through λ₊) for the report's double well.
fn rate_sensitivity(report: &Report, zeta: f64) -> f64 {
    let ExternalField::DoubleWell {
        barrier,
        separation,
        ..
    } = report.field
    else {
        return 0.0;
    };
    let a = 0.5 * separation;
    // U = h((x/a)² − 1)²: U''(0) = −4h/a², ω_b² = 4h/(m a²).
    let wb2 = 4.0 * barrier / (report.mass * a * a);
    let g = zeta / (2.0 * report.mass);
    let root = (g * g + wb2).sqrt();
    let lambda = root - g;
    // dλ/dζ = (1/2m)(g/root − 1).
    let dl = (g / root - 1.0) / (2.0 * report.mass);
    zeta * dl / lambda
}

fn histogram_comparison(t: &HistogramTest, context: &ComparisonContext) -> Comparison {
    let (md, predicted) = t.as_estimates();
    Comparison::new(md, predicted, context)
}
