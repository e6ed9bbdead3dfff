//! `LiveMeasurement`: the worker's [`Measurement`] (the very type `multiscope measure` feeds),
//! with the bookkeeping of an open-ended run: which epoch it is, why it last restarted, and which
//! segment (free or held) the samples belong to.

use crate::analysis::{Cutoff, Estimate, RunningIntegral};
use crate::md::{Simulation, Thermo};
use crate::measure::{Measurement, MeasurementSetup, Report, SampleCounts};
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
}

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
        }
    }

    /// Whether the step just taken (number `step`) is a sampled one.
    pub fn samples_step(step: u64) -> bool {
        step % STRESS_EVERY == 0
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
            self.measurement.push_stress(&thermo);
        } else {
            if np {
                self.measurement.push_free(&op);
            }
            self.measurement.push_thermo(&thermo);
        }
    }

    /// Starts or stops measuring η; its correlator restarts either way, the others go on.
    pub fn set_stress(&mut self, on: bool) {
        self.measurement.set_stress(on);
    }

    /// The measurement itself.
    pub fn measurement(&self) -> &Measurement {
        &self.measurement
    }

    /// What the panels draw: the report and the two correlations being fed.
    pub fn analysis(&self, run_id: u64, atoms: usize, traces: Vec<Thermo>) -> AnalysisSnapshot {
        let (report, curves) = self.measurement.report();
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
        }
    }
}

/// The temperature measured in the segment being fed, `None` before any sample.
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
