//! Evaluating a step's check on the live values: [`evaluate`] reads an [`Observed`] (the newest
//! [`AnalysisSnapshot`] and, for the density pane, the running [`CoarseDensity`]) and gives a
//! [`CheckOutcome`]: it holds, not yet (too few samples), it cannot here (as set up), or it does
//! not hold (enough data, and the numbers disagree).

use std::collections::BTreeMap;

use super::schema::{Direction, Integral, Prediction, Quantity, StepCheck, Test};
use crate::analysis::estimate_of;
use crate::analysis::{Comparison, Estimate};
use crate::format::significant;
use crate::live::AnalysisSnapshot;
use crate::live::coarse_worker::CoarseDensity;

/// Standard errors by which a value must clear a bound or a change must exceed its noise [1].
pub const SIGNIFICANCE: f64 = 2.0;

/// Largest relative error of each value behind a [`Direction::Same`] verdict [1].
pub const SAME_PRECISION: f64 = 0.2;

/// What the checks read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Observed<'a> {
    /// The newest analysis of the MD worker.
    pub analysis: Option<&'a AnalysisSnapshot>,
    /// The density pane's running densities, if started.
    pub density: Option<&'a CoarseDensity>,
}

impl<'a> Observed<'a> {
    /// The analysis alone.
    pub fn analysis(a: &'a AnalysisSnapshot) -> Self {
        Self {
            analysis: Some(a),
            density: None,
        }
    }
}

/// Values recorded when the learner left a step, by step id (what [`Test::Change`] compares to).
pub type Recorded = BTreeMap<String, BTreeMap<Quantity, Estimate>>;

/// The verdict of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    /// The step has shown what it should.
    Holds,
    /// Too few samples to tell yet: keep the simulation running.
    NotYet,
    /// It cannot show it as set up (ε too large, the particle held where it must be free …).
    Cannot,
    /// Enough data, and the numbers disagree with what the step expects.
    DoesNotHold,
}

/// A verdict with the lesson's message and the live numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    /// The verdict.
    pub status: CheckStatus,
    /// The lesson's message for this verdict (for [`CheckStatus::DoesNotHold`], a plain
    /// statement that the numbers disagree).
    pub message: String,
    /// The numbers behind the verdict, in words.
    pub detail: String,
}

/// What a test found, before the lesson's messages are attached.
#[derive(Debug, Clone, PartialEq)]
struct Finding {
    status: CheckStatus,
    detail: String,
}

fn finding(status: CheckStatus, detail: impl Into<String>) -> Finding {
    Finding {
        status,
        detail: detail.into(),
    }
}

impl Quantity {
    /// The value now, with its standard error (exact values have sem 0); `None` before it is
    /// measured or where it does not apply.
    pub fn value(self, seen: &Observed) -> Option<Estimate> {
        let density = seen
            .density
            .filter(|d| seen.analysis.is_none_or(|a| a.run_id == d.run_id));
        if let Some(v) = self.density_value(density, seen.analysis) {
            return v;
        }
        let a = seen.analysis?;
        let r = &a.report;
        let exact = |x: f64| Some(Estimate::exact(x));
        let rates = r.particle.as_ref().and_then(|p| p.transitions.as_ref());
        let rate = a.predictions.transition_rate.as_ref();
        match self {
            Quantity::Epsilon => exact(r.epsilon),
            Quantity::Mass => exact(r.mass),
            Quantity::TargetTemperature => exact(r.temperature),
            Quantity::Beta => exact(r.beta),
            Quantity::Temperature => a.temperature,
            Quantity::Zeta => a.zeta(),
            Quantity::TauP => a.tau_p(),
            Quantity::TauF => a.tau_f(),
            Quantity::TauPOverTauF => a.time_scale_separation(),
            Quantity::DGamma => a.d_gamma(),
            Quantity::DTheta => a.d_theta(),
            Quantity::DMsd => r.particle.as_ref()?.msd_diffusion.map(|m| m.d),
            Quantity::DRotGamma => r.d_rot_gamma,
            Quantity::DRotTheta => r.d_rot_theta,
            Quantity::DRotSed => r.rotation.as_ref()?.stokes_einstein_debye,
            Quantity::EinsteinRatio => r.einstein_ratio,
            Quantity::MomentumFactor => r.momentum_conservation_factor.map(Estimate::exact),
            Quantity::Eta => a.viscosity(),
            Quantity::DStokesSlip => a.stokes_einstein().map(|s| s.0),
            Quantity::DStokesStick => a.stokes_einstein().map(|s| s.1),
            Quantity::StokesNumber => {
                // c = k_BT/(π η a D_θ): 4 for slip, 6 for stick.
                let (eta, d) = (a.viscosity()?, a.d_theta()?);
                let radius = r.hydrodynamic_radius;
                (radius > 0.0 && eta.mean > 0.0 && d.mean > 0.0).then(|| {
                    eta.product(d)
                        .recip()
                        .scale(r.temperature / (std::f64::consts::PI * radius))
                })
            }
            Quantity::DGammaInfinite => a.d_gamma_infinite(),
            Quantity::FreeForcePeak => r.free_force.map(|f| f.peak),
            Quantity::FreeForceLate => r.free_force.map(|f| f.late),
            Quantity::Explored => r
                .particle
                .as_ref()
                .filter(|p| p.time > 0.0)
                .map(|p| Estimate::exact(p.explored)),
            Quantity::Transitions => {
                rates.map(|t| Estimate::exact((t.left_to_right + t.right_to_left) as f64))
            }
            Quantity::RateMd => rate.map(|c| c.comparison.md),
            Quantity::RateFokkerPlanck => rate.map(|c| c.comparison.predicted),
            Quantity::RateSmoluchowski => rate.map(|c| c.smoluchowski),
            Quantity::RateKramers => rate.map(|c| c.kramers),
            Quantity::CoarseTime | Quantity::CoarseTimeOverTauP | Quantity::DensityGap => None,
        }
    }

    /// The density pane's values (`Some(None)`: a density value with no density running).
    fn density_value(
        self,
        density: Option<&CoarseDensity>,
        analysis: Option<&AnalysisSnapshot>,
    ) -> Option<Option<Estimate>> {
        let v = match self {
            Quantity::CoarseTime => density.map(|d| Estimate::exact(d.time())),
            Quantity::DensityGap => density.map(|d| Estimate::exact(d.marginal_gap())),
            Quantity::CoarseTimeOverTauP => density.and_then(|d| {
                // τ_P with the friction the density was built with.
                let m = analysis.map_or(f64::NAN, AnalysisSnapshot::mass);
                let tau_p = m / d.friction.zeta;
                (tau_p.is_finite() && tau_p > 0.0).then(|| Estimate::exact(d.time() / tau_p))
            }),
            _ => return None,
        };
        Some(v)
    }

    /// Whether the value is measured on the free particle (`Some(false)`), the held one
    /// (`Some(true)`), or either (`None`).
    pub fn needs_held(self) -> Option<bool> {
        match self {
            Quantity::DGamma
            | Quantity::DMsd
            | Quantity::FreeForcePeak
            | Quantity::FreeForceLate
            | Quantity::Explored
            | Quantity::Transitions
            | Quantity::RateMd
            | Quantity::EinsteinRatio
            | Quantity::DGammaInfinite => Some(false),
            Quantity::Zeta | Quantity::DTheta | Quantity::StokesNumber => Some(true),
            _ => None,
        }
    }
}

/// Whether the analysis was taken with the particle held.
fn held(seen: &Observed) -> bool {
    seen.analysis.is_some_and(|a| a.force_constrained)
}

/// `None` when `q` is not measured, with the reason as a finding.
fn measured(q: Quantity, seen: &Observed) -> Result<Estimate, Finding> {
    if let Some(v) = q.value(seen) {
        return Ok(v);
    }
    let name = q.term().entry().symbol;
    if seen.analysis.is_none() {
        return Err(finding(CheckStatus::NotYet, "nothing measured yet"));
    }
    match q.needs_held() {
        Some(false) if held(seen) => Err(finding(
            CheckStatus::Cannot,
            format!("{name} is measured on the free particle, and the particle is held"),
        )),
        Some(true) if !held(seen) && matches!(q, Quantity::Zeta | Quantity::DTheta) => {
            Err(finding(
                CheckStatus::Cannot,
                format!("{name} is measured on the held particle, and the particle is free"),
            ))
        }
        _ => Err(finding(
            CheckStatus::NotYet,
            format!("{name} is not measured yet"),
        )),
    }
}

fn prediction(p: Prediction, a: &AnalysisSnapshot) -> Option<&Comparison> {
    let ps = &a.predictions;
    match p {
        Prediction::MsdDiffusion => ps.msd_diffusion.as_ref(),
        Prediction::MomentumDecayTime => ps.momentum_decay_time.as_ref(),
        Prediction::EinsteinRelation => ps.einstein_relation.as_ref(),
        Prediction::PositionRelaxationTime => ps.position_relaxation_time.as_ref(),
        Prediction::StationaryDensity => ps.stationary_density.as_ref(),
        Prediction::StationaryMomentum => ps.stationary_momentum.as_ref(),
        Prediction::TransitionRate => ps.transition_rate.as_ref().map(|r| &r.comparison),
    }
}

/// Fewer independent blocks than this behind a comparison, and a failed one is "not yet".
const MIN_BLOCKS: u64 = 8;

fn test(t: &Test, seen: &Observed, recorded: &Recorded) -> Finding {
    match t {
        Test::Prediction {
            prediction: p,
            z_max,
        } => {
            let Some(a) = seen.analysis else {
                return finding(CheckStatus::NotYet, "nothing measured yet");
            };
            let Some(c) = prediction(*p, a) else {
                let why = if a.report.zeta_isotropic.is_none() {
                    "the prediction needs ζ of the held particle first"
                } else if a.force_constrained {
                    "the comparison needs the free particle, and the particle is held"
                } else {
                    "the free particle has not been measured long enough yet"
                };
                let status = if a.force_constrained && a.report.zeta_isotropic.is_some() {
                    CheckStatus::Cannot
                } else {
                    CheckStatus::NotYet
                };
                return finding(status, format!("{}: {why}", p.key()));
            };
            let blocks = a.momentum.as_ref().map_or(0, |m| m.blocks).max(
                a.report
                    .particle
                    .as_ref()
                    .map_or(0, |p| p.msd_diffusion.map_or(0, |m| m.n_entries as u64)),
            );
            let few_events = matches!(p, Prediction::TransitionRate)
                && a.predictions
                    .transition_rate
                    .as_ref()
                    .is_some_and(|r| r.transitions < crate::predict::MIN_TRANSITIONS);
            if !c.z.is_finite() || few_events {
                return finding(CheckStatus::NotYet, c.why.clone());
            }
            if c.z.abs() <= *z_max {
                finding(CheckStatus::Holds, c.why.clone())
            } else if blocks < MIN_BLOCKS {
                finding(
                    CheckStatus::NotYet,
                    format!("{} (only {blocks} independent blocks so far)", c.why),
                )
            } else {
                finding(CheckStatus::DoesNotHold, c.why.clone())
            }
        }
        Test::Range {
            quantity,
            min,
            max,
            max_relative_error,
        } => {
            let v = match measured(*quantity, seen) {
                Ok(v) => v,
                Err(f) => return f,
            };
            let name = quantity.term().entry().symbol;
            let bounds = match (min, max) {
                (Some(a), Some(b)) => {
                    format!("between {} and {}", significant(*a, 4), significant(*b, 4))
                }
                (Some(a), None) => format!("above {}", significant(*a, 4)),
                (None, Some(b)) => format!("below {}", significant(*b, 4)),
                (None, None) => "anywhere".into(),
            };
            let detail = format!("{name} = {} (wanted {bounds})", estimate_of(v));
            let sem = if v.sem.is_finite() { v.sem } else { f64::NAN };
            if !sem.is_finite() {
                return finding(CheckStatus::NotYet, format!("{detail}: no error bar yet"));
            }
            if let Some(r) = max_relative_error {
                // False for a NaN relative error too.
                let precise = v.relative_error() <= *r;
                if !precise {
                    return finding(
                        CheckStatus::NotYet,
                        format!(
                            "{detail}: the error is {:.0} % of the value, more than {:.0} %",
                            100.0 * v.relative_error(),
                            100.0 * r
                        ),
                    );
                }
            }
            let k = SIGNIFICANCE * sem;
            let inside = min.is_none_or(|a| v.mean - k >= a) && max.is_none_or(|b| v.mean + k <= b);
            let outside =
                min.is_some_and(|a| v.mean + k < a) || max.is_some_and(|b| v.mean - k > b);
            // A quantity that only grows with time (how far the particle wandered, how many
            // transitions) is "not yet", never "does not hold", while it is below its minimum.
            let below_but_growing = quantity.grows_with_time()
                && min.is_some_and(|a| v.mean + k < a)
                && max.is_none_or(|b| v.mean - k <= b);
            let status = if inside {
                CheckStatus::Holds
            } else if below_but_growing {
                CheckStatus::NotYet
            } else if outside {
                CheckStatus::DoesNotHold
            } else {
                CheckStatus::NotYet
            };
            finding(status, detail)
        }
        Test::PlateauProblem => {
            let Some(a) = seen.analysis else {
                return finding(CheckStatus::NotYet, "nothing measured yet");
            };
            let Some(f) = a.report.free_force else {
                return if a.force_constrained {
                    finding(
                        CheckStatus::Cannot,
                        "the free particle's force integral needs the particle free",
                    )
                } else {
                    finding(
                        CheckStatus::NotYet,
                        "the free force integral has no error bars yet",
                    )
                };
            };
            let detail = format!(
                "∫⟨δF·δF⟩/3: {} at its peak ({} τ), {} at {} τ",
                estimate_of(f.peak),
                significant(f.peak_time, 4),
                estimate_of(f.late),
                significant(f.late_time, 4)
            );
            if !(f.peak.sem.is_finite() && f.late.sem.is_finite()) {
                return finding(CheckStatus::NotYet, detail);
            }
            let peak_clear = f.peak.z_score(0.0) >= 2.0 * SIGNIFICANCE;
            let late_zero = f.late.mean.abs() <= SIGNIFICANCE * f.late.sem;
            let late_small = f.late.mean.abs() < 0.25 * f.peak.mean;
            if !peak_clear || f.late.sem > 0.25 * f.peak.mean.abs() {
                finding(
                    CheckStatus::NotYet,
                    format!("{detail}: the error bars are still too wide"),
                )
            } else if late_zero && late_small {
                finding(CheckStatus::Holds, detail)
            } else {
                finding(CheckStatus::DoesNotHold, detail)
            }
        }
        Test::Plateau {
            integral,
            max_relative_error,
        } => {
            let Some(a) = seen.analysis else {
                return finding(CheckStatus::NotYet, "nothing measured yet");
            };
            let (key, view, wrong) = match integral {
                Integral::Gamma => (
                    crate::measure::PlateauId::Gamma,
                    a.momentum.as_ref(),
                    a.force_constrained,
                ),
                Integral::Theta => (
                    crate::measure::PlateauId::Theta,
                    a.force.as_ref(),
                    !a.force_constrained,
                ),
            };
            if wrong {
                let what = match integral {
                    Integral::Gamma => "γ needs the particle free",
                    Integral::Theta => "θ needs the particle held",
                };
                return finding(CheckStatus::Cannot, what);
            }
            let info = a.report.plateaus.iter().find(|p| p.0 == key).map(|p| p.1);
            let value = view
                .and_then(|v| v.plateau.as_ref())
                .map(|p| p.value.isotropic);
            match (info, value) {
                (Some(info), Some(v)) => {
                    let detail = format!(
                        "plateau {} read at t_c = {} τ from {} blocks{}",
                        estimate_of(v),
                        significant(info.cutoff_time, 4),
                        info.blocks,
                        if info.converged {
                            ""
                        } else {
                            " (not converged)"
                        }
                    );
                    if info.converged && v.relative_error() <= *max_relative_error {
                        finding(CheckStatus::Holds, detail)
                    } else {
                        finding(CheckStatus::NotYet, detail)
                    }
                }
                _ => finding(CheckStatus::NotYet, "no plateau with error bars yet"),
            }
        }
        Test::Change {
            quantity,
            since,
            direction,
        } => {
            let name = quantity.term().entry().symbol;
            let Some(before) = recorded.get(since).and_then(|m| m.get(quantity)) else {
                return finding(
                    CheckStatus::Cannot,
                    format!(
                        "{name} was not measured when the step \"{since}\" was left: go back \
                         to it and let it measure"
                    ),
                );
            };
            let now = match measured(*quantity, seen) {
                Ok(v) => v,
                Err(f) => return f,
            };
            let d = now.difference(*before);
            let detail = format!(
                "{name}: {} then, {} now (change {})",
                estimate_of(*before),
                estimate_of(now),
                estimate_of(d)
            );
            if !d.sem.is_finite() || d.sem <= 0.0 {
                return finding(CheckStatus::NotYet, detail);
            }
            let z = d.mean / d.sem;
            let status = match direction {
                Direction::Rises if z > SIGNIFICANCE => CheckStatus::Holds,
                Direction::Falls if z < -SIGNIFICANCE => CheckStatus::Holds,
                Direction::Rises if z < -SIGNIFICANCE => CheckStatus::DoesNotHold,
                Direction::Falls if z > SIGNIFICANCE => CheckStatus::DoesNotHold,
                Direction::Same => {
                    let precise = now.relative_error() <= SAME_PRECISION
                        && before.relative_error() <= SAME_PRECISION;
                    if !precise {
                        CheckStatus::NotYet
                    } else if z.abs() <= SIGNIFICANCE {
                        CheckStatus::Holds
                    } else {
                        CheckStatus::DoesNotHold
                    }
                }
                _ => CheckStatus::NotYet,
            };
            finding(status, detail)
        }
        Test::DensityGap { below, after_tau_p } => {
            let gap = Quantity::DensityGap.value(seen);
            let t = Quantity::CoarseTimeOverTauP.value(seen);
            let (Some(gap), Some(t)) = (gap, t) else {
                return finding(
                    CheckStatus::NotYet,
                    "the density pane has no running density yet (it starts once ζ or D is \
                     measured)",
                );
            };
            let detail = format!(
                "∫|W̃_FP − W̃_S| dΦ = {} at t_CG = {} τ_P",
                significant(gap.mean, 4),
                significant(t.mean, 4)
            );
            if t.mean < *after_tau_p {
                finding(
                    CheckStatus::NotYet,
                    format!(
                        "{detail} (the verdict waits for {} τ_P)",
                        significant(*after_tau_p, 4)
                    ),
                )
            } else if gap.mean < *below {
                finding(CheckStatus::Holds, detail)
            } else {
                finding(
                    CheckStatus::DoesNotHold,
                    format!("{detail}, wanted below {}", significant(*below, 4)),
                )
            }
        }
        Test::All(tests) => {
            let found: Vec<Finding> = tests.iter().map(|t| test(t, seen, recorded)).collect();
            // The weakest verdict wins: cannot, then does not hold, then not yet.
            let rank = |s: CheckStatus| match s {
                CheckStatus::Cannot => 0,
                CheckStatus::DoesNotHold => 1,
                CheckStatus::NotYet => 2,
                CheckStatus::Holds => 3,
            };
            let status = found
                .iter()
                .map(|f| f.status)
                .min_by_key(|s| rank(*s))
                .unwrap_or(CheckStatus::NotYet);
            let detail = found
                .iter()
                .map(|f| f.detail.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            finding(status, detail)
        }
    }
}

/// Evaluates a step's check on what is observed now; `recorded` holds the values taken when the
/// learner left earlier steps (see [`super::LessonRunner::next`]).
pub fn evaluate(check: &StepCheck, seen: &Observed, recorded: &Recorded) -> CheckOutcome {
    let epsilon = seen.analysis.map(|a| a.report.epsilon);
    if let (Some(max), Some(e)) = (check.max_epsilon, epsilon)
        && e > max
    {
        return CheckOutcome {
            status: CheckStatus::Cannot,
            message: check.cannot.clone(),
            detail: format!(
                "ε = m̂/m = {} is above {} for this step: make the particle heavier",
                significant(e, 4),
                significant(max, 4)
            ),
        };
    }
    let f = test(&check.test, seen, recorded);
    let message = match f.status {
        CheckStatus::Holds => check.holds.clone(),
        CheckStatus::NotYet => check.not_yet.clone(),
        CheckStatus::Cannot => check.cannot.clone(),
        CheckStatus::DoesNotHold => {
            "The numbers disagree with what this step expects (see why below).".to_string()
        }
    };
    CheckOutcome {
        status: f.status,
        message,
        detail: f.detail,
    }
}

/// Every quantity a step's test reads (what the runner records when the learner leaves a step).
pub fn quantities(t: &Test, out: &mut Vec<Quantity>) {
    match t {
        Test::Range { quantity, .. } | Test::Change { quantity, .. } => out.push(*quantity),
        Test::All(ts) => ts.iter().for_each(|t| quantities(t, out)),
        _ => {}
    }
}
