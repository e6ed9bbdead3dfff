//! `LiveMeasurement`: the worker's [`Measurement`] (the very type `multiscope measure` feeds),
//! with the bookkeeping of an open-ended run: which epoch it is, why it last restarted, and which
//! segment (free or held) the samples belong to.

use std::time::{Duration, Instant};

use crate::analysis::{Cutoff, Estimate, RunningIntegral};
use crate::coarse::DoubleWellRates;
use crate::md::{Simulation, Thermo};
use crate::measure::{Measurement, MeasurementSetup, Report, SampleCounts};
use crate::predict::{predict, predicted_rates, prediction_curves};
use crate::scene::Scene;

use super::snapshot::{AnalysisSnapshot, GreenKuboView};

/// Block length of the Green–Kubo error bars [τ]: long against the nanoparticle's momentum
/// relaxation time τ_P = m/ζ (about 0.2 τ for the default scene), short enough that error bars
/// appear within seconds.
pub const BLOCK_TIME: f64 = 10.0;

/// The nanoparticle's (P, F) and the stress (for η) are sampled every this many steps: 0.01 τ at
/// Δt = 0.005 τ, fine enough for the fast initial decay of the force and stress autocorrelations
/// (τ_F ≈ 0.04 τ in the default scene). With η measured, those steps also compute energies and the
/// virial. `multiscope measure` samples at the same interval by default.
pub const STRESS_EVERY: u64 = 2;

/// The live measurement of one epoch (from one restart to the next).
#[derive(Debug, Clone)]
pub struct LiveMeasurement {
    measurement: Measurement,
    /// Whether the particle is held in this epoch (its samples are [`Segment::Constrained`]).
    constrained: bool,
    /// Counts restarts; the UI clears its plots when it changes.
    pub epoch: u64,
    /// Why this epoch began.
    pub reason: String,
    /// MD step at which it began.
    pub restart_step: u64,
    /// The double well's predicted rates, with the ζ [m̂/τ] they were computed for and when
    /// (the Fokker–Planck rate takes a solver run: it is redone only when ζ moved by more than 2 %,
    /// at most every [`RATE_PERIOD`]).
    rates: Option<(f64, Instant, DoubleWellRates)>,
    /// The friction measured while the particle was held, just before this (free) epoch.
    held: Option<HeldFriction>,
}

/// What the held particle measured: kept across the switch to the free particle, whose
/// predictions need it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldFriction {
    /// ζ = tr ζ/3 [m̂/τ].
    pub zeta: Estimate,
    /// D_θ = k_BT/ζ [σ²/τ].
    pub d_theta: Estimate,
    /// τ_F of the held force [τ].
    pub force_time: Option<Estimate>,
    /// MD step at which it was taken.
    pub step: u64,
}

/// Least time between two Fokker–Planck rate computations in a live session.
pub const RATE_PERIOD: Duration = Duration::from_secs(20);

impl LiveMeasurement {
    /// Empty accumulators for `sim` (built from `scene`), sampled every [`STRESS_EVERY`] steps;
    /// `stress` measures η too.
    pub fn new(scene: &Scene, sim: &Simulation, stress: bool, epoch: u64, reason: String) -> Self {
        let sample_dt = STRESS_EVERY as f64 * sim.integrator.dt;
        let block = ((BLOCK_TIME / sample_dt).round() as u64).max(16);
        let setup = MeasurementSetup::for_simulation(scene, sim, sample_dt, block, stress);
        Self {
            measurement: Measurement::new(setup),
            constrained: sim.system.constrained,
            epoch,
            reason,
            restart_step: sim.state.step,
            rates: None,
            held: None,
        }
    }

    /// Whether the step just taken (number `step`) is a sampled one.
    pub fn samples_step(step: u64) -> bool {
        step.is_multiple_of(STRESS_EVERY)
    }

    /// Feeds the state after a sampled step. With η measured, that step must have computed the
    /// energies and virial (the worker computes them on every sampled step then).
    pub fn push(&mut self, sim: &Simulation) {
        let thermo = sim.thermo();
        let np = sim.system.n_star > 0;
        let op = sim.order_parameters();
        if self.constrained {
            if np {
                self.measurement
                    .push_constrained(&op, Some(thermo.temperature));
            }
            if let Some((_, torque)) = sim.rigid_force_and_torque() {
                self.measurement.push_held_torque(torque);
            }
            self.measurement.push_stress(&thermo);
        } else {
            if np {
                self.measurement.push_free(&op);
            }
            if let Some(body) = sim.rigid_body() {
                self.measurement
                    .push_free_rotation(body.angular_velocity(), body.principal_axes());
            }
            self.measurement.push_thermo(&thermo);
        }
    }

    /// Starts or stops measuring η; its correlator restarts either way, the others go on.
    pub fn set_stress(&mut self, on: bool) {
        self.measurement.set_stress(on);
    }

    /// The friction this epoch measured with the particle held, if it did.
    pub fn held_friction(&self) -> Option<HeldFriction> {
        if !self.constrained {
            return None;
        }
        let (r, _) = self.measurement.report();
        Some(HeldFriction {
            zeta: r.zeta_isotropic?,
            d_theta: r.d_theta?,
            force_time: r.force_time,
            step: self.restart_step + self.measurement.counts().constrained * STRESS_EVERY,
        })
    }

    /// Uses `held` (measured just before) for this free epoch's predictions.
    pub fn keep_held_friction(&mut self, held: HeldFriction) {
        if !self.constrained {
            self.held = Some(held);
        }
    }

    /// The measurement itself.
    pub fn measurement(&self) -> &Measurement {
        &self.measurement
    }

    /// What the panels draw: the report and the two correlations being fed.
    pub fn analysis(&mut self, run_id: u64, atoms: usize, traces: Vec<Thermo>) -> AnalysisSnapshot {
        let (mut report, curves) = self.measurement.report();
        if let Some(h) = self.held.filter(|_| report.zeta_isotropic.is_none()) {
            report.zeta_isotropic = Some(h.zeta);
            report.d_theta = Some(h.d_theta);
            report.force_time = h.force_time;
            report.einstein_ratio = report.d_gamma.map(|g| g.ratio(h.d_theta));
            report.notes.push(format!(
                "ζ and D_θ from the held particle, measured up to step {}",
                h.step
            ));
        }
        self.update_rates(&report);
        let predictions = predict(&report, self.rates.as_ref().map(|r| &r.2));
        let theory = prediction_curves(&report, &curves);
        let counts = self.measurement.counts();
        let cutoffs = self.measurement.setup().cutoffs;
        let momentum = if self.constrained {
            None
        } else {
            view(curves.gamma, counts.free, cutoffs.gamma)
        };
        let force = if self.constrained {
            view(curves.constrained_force, counts.constrained, cutoffs.theta)
        } else {
            view(curves.free_force, counts.free, Cutoff::default())
        };
        let temperature = temperature(&report, self.constrained, counts);
        AnalysisSnapshot {
            run_id,
            epoch: self.epoch,
            restart_reason: self.reason.clone(),
            restart_step: self.restart_step,
            report,
            momentum,
            force,
            force_constrained: self.constrained,
            temperature,
            atoms,
            traces,
            predictions,
            theory,
        }
    }

    fn update_rates(&mut self, report: &Report) {
        let Some(z) = report.zeta_isotropic.map(|z| z.mean).filter(|z| *z > 0.0) else {
            return;
        };
        let fresh = self
            .rates
            .as_ref()
            .is_some_and(|(z0, at, _)| (z / z0 - 1.0).abs() <= 0.02 || at.elapsed() < RATE_PERIOD);
        if fresh {
            return;
        }
        if let Some(Ok(r)) = predicted_rates(report, z) {
            self.rates = Some((z, Instant::now(), r));
        }
    }
}

/// The temperature measured in the segment being fed, `None` before any sample.
/// What the panels draw for a finished measurement (an imported run): its report and curves,
/// the free particle's momentum and force correlations (or the held one's force when there was
/// no free segment), read at the automatic cut-offs. `samples`: free, held, windows.
pub fn analysis_of(
    report: Report,
    curves: crate::measure::Curves,
    samples: [u64; 3],
    atoms: usize,
    traces: Vec<Thermo>,
) -> AnalysisSnapshot {
    let predictions = predict(&report, None);
    let theory = prediction_curves(&report, &curves);
    let constrained = samples[0] == 0 && samples[1] > 0;
    let momentum = view(curves.gamma, samples[0], Cutoff::default());
    let force = if constrained {
        view(curves.constrained_force, samples[1], Cutoff::default())
    } else {
        view(curves.free_force, samples[0], Cutoff::default())
    };
    let counts = SampleCounts {
        free: samples[0],
        constrained: samples[1],
        ..SampleCounts::default()
    };
    AnalysisSnapshot {
        run_id: 1,
        epoch: 1,
        restart_reason: "imported run".into(),
        restart_step: 0,
        temperature: temperature(&report, constrained, counts),
        report,
        momentum,
        force,
        force_constrained: constrained,
        atoms,
        traces,
        predictions,
        theory,
    }
}

fn temperature(report: &Report, constrained: bool, counts: SampleCounts) -> Option<Estimate> {
    if constrained {
        report.measured_temperature_constrained
    } else {
        (counts.free > 0).then_some(report.measured_temperature)
    }
}

fn view(
    running: Option<RunningIntegral<3>>,
    samples: u64,
    cutoff: Cutoff,
) -> Option<GreenKuboView> {
    let running = running.filter(|_| samples > 1)?;
    let blocks = running.n_blocks;
    Some(GreenKuboView {
        samples,
        blocks,
        plateau: (blocks >= 2).then(|| running.plateau(cutoff)).flatten(),
        running,
    })
}
