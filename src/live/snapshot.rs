//! What the MD worker publishes: [`Snapshot`] (the atoms, every batch of steps),
//! [`AnalysisSnapshot`] (the measurement, a few times per second) and [`EngineEvent`]s (once each).

use std::path::PathBuf;

use crate::analysis::{Estimate, Plateau, RunningIntegral};
use crate::field::ExternalField;
use crate::md::{MdError, OrderParameters, Thermo};
use crate::measure::Report;
use crate::predict::{PredictionCurves, Predictions};
use crate::scene::SceneError;

/// What the engine is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Thermostatted equilibration of a freshly built scene; correlations are not fed.
    #[default]
    Equilibrating,
    /// Production: correlations are fed every step.
    Production,
    /// Stopped by an [`MdError`]; only a reset or a new scene continues.
    BlownUp,
}

/// The engine's settings as read back from the simulation itself (not from the UI's wishes).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EngineSettings {
    /// Whether the engine is stepping.
    pub playing: bool,
    /// MD steps per rendered frame.
    pub steps_per_frame: u32,
    /// Whether the worker runs flat out instead of per-frame grants.
    pub flat_out: bool,
    /// Mass ratio ε = m̂/m [dimensionless] (0 without a nanoparticle).
    pub epsilon: f64,
    /// Nanoparticle mass m [m̂].
    pub mass: f64,
    /// Target temperature T [ε_LJ/k_B] (the thermostat's, or the scene's when it is off).
    pub temperature: f64,
    /// Time step Δt [τ].
    pub dt: f64,
    /// Whether a thermostat acts now.
    pub thermostat: bool,
    /// Whether the nanoparticle's centre of mass is held fixed.
    pub constrained: bool,
    /// Seed of every random stream.
    pub seed: u64,
    /// Whether the scene has a nanoparticle.
    pub has_nanoparticle: bool,
    /// Whether η is measured.
    pub viscosity: bool,
}

/// One picture of the simulation, sent at most once per batch of steps (latest wins).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Changes whenever a new system is built (load, reset): views clear trails and traces.
    pub run_id: u64,
    /// Scene name (file path or built-in name).
    pub scene_name: String,
    /// Positions wrapped into the box [σ].
    pub positions: Vec<[f32; 3]>,
    /// Atom types (0 host, 1 nanoparticle).
    pub types: Vec<u32>,
    /// Number of nanoparticle atoms N* (atoms `0..n_star`).
    pub n_star: usize,
    /// Box edge L [σ].
    pub box_length: f64,
    /// External field acting on the nanoparticle.
    pub field: ExternalField,
    /// Thermodynamics of the last step [ε_LJ, ε_LJ/k_B, ε_LJ/σ³].
    pub thermo: Thermo,
    /// Order parameters (R unwrapped) of the last step.
    pub order: OrderParameters,
    /// The rigid body's principal axes in the space frame (smallest moment first), each as long
    /// as the body's outer radius [σ]; `None` unless the nanoparticle is a rigid body.
    pub body_axes: Option<[[f64; 3]; 3]>,
    /// MD step count.
    pub step: u64,
    /// Simulated time t [τ].
    pub time: f64,
    /// What the engine is doing.
    pub phase: Phase,
    /// Equilibration steps done and planned.
    pub equilibration: (u64, u64),
    /// Settings read back from the engine.
    pub settings: EngineSettings,
    /// MD steps per second of wall time, over the last second or so.
    pub steps_per_second: f64,
    /// Total MD steps taken by this worker since it started (all runs).
    pub total_steps: u64,
}

/// A Green–Kubo measurement: the correlation, its running integral and the plateau.
#[derive(Debug, Clone)]
pub struct GreenKuboView {
    /// Samples fed (one per MD step).
    pub samples: u64,
    /// Independent blocks behind the error bars.
    pub blocks: u64,
    /// Running integral with error bars (lags [τ]).
    pub running: RunningIntegral<3>,
    /// Plateau by the automatic cut-off rule, once there is data.
    pub plateau: Option<Plateau<3>>,
}

impl GreenKuboView {
    /// ∫C/C(0) up to the plateau's cut-off [τ]: the correlation time, once there is a plateau
    /// and C(0) > 0 (the error is the plateau's, scaled).
    pub fn correlation_time(&self) -> Option<Estimate> {
        let p = self.plateau.as_ref()?;
        let c0 = self.running.isotropic_correlation.first()?.mean;
        (c0 > 0.0).then(|| p.value.isotropic.scale(1.0 / c0))
    }
}

/// The analysis, sent a few times per second: the live [`crate::measure::Measurement`]'s own
/// [`Report`] (the same type `multiscope measure` prints) plus the curves the panels plot.
#[derive(Debug, Clone)]
pub struct AnalysisSnapshot {
    /// Matches [`Snapshot::run_id`].
    pub run_id: u64,
    /// Changes whenever the accumulators restart.
    pub epoch: u64,
    /// Why the accumulators last restarted.
    pub restart_reason: String,
    /// Step at which they restarted.
    pub restart_step: u64,
    /// The measurement so far: D_γ, ζ, D_θ, η, Stokes–Einstein, Yeh–Hummer, temperatures, notes.
    pub report: Report,
    /// Momentum autocorrelation ⟨P(0)·P(t)⟩ and γ (fed while free). `None` before any sample.
    pub momentum: Option<GreenKuboView>,
    /// Force autocorrelation ⟨δF(0)·δF(t)⟩ (mean subtracted) and its integral: the free
    /// particle's (Kirkwood's plateau problem) or the held one's (θ, ζ), as
    /// `force_constrained` says.
    pub force: Option<GreenKuboView>,
    /// Whether the force data were taken with the centre of mass constrained.
    pub force_constrained: bool,
    /// Mean measured temperature since the restart [ε_LJ/k_B], `None` before any sample.
    pub temperature: Option<Estimate>,
    /// Atoms in the system (host and nanoparticle), for per-atom energies.
    pub atoms: usize,
    /// Thermodynamic traces since the run started.
    pub traces: Vec<Thermo>,
    /// The coarse-grained predictions against what the MD particle did.
    pub predictions: Predictions,
    /// The MD curves beside their predictions.
    pub theory: PredictionCurves,
}

impl AnalysisSnapshot {
    /// Nanoparticle mass m [m̂] (0 without one).
    pub fn mass(&self) -> f64 {
        self.report.mass
    }

    /// D_γ = tr γ/(3m²) [σ²/τ] (free particle).
    pub fn d_gamma(&self) -> Option<Estimate> {
        self.report.d_gamma
    }

    /// Isotropic friction ζ = tr ζ/3 [m̂/τ] (held particle).
    pub fn zeta(&self) -> Option<Estimate> {
        self.report.zeta_isotropic
    }

    /// D_θ = k_BT/ζ [σ²/τ] (held particle).
    pub fn d_theta(&self) -> Option<Estimate> {
        self.report.d_theta
    }

    /// Shear viscosity η of the host [ε_LJ·τ/σ³], once its plateau has error bars.
    pub fn viscosity(&self) -> Option<Estimate> {
        self.report.viscosity
    }

    /// Stokes–Einstein k_BT/(cπηa) for (slip c = 4, stick c = 6) [σ²/τ].
    pub fn stokes_einstein(&self) -> Option<(Estimate, Estimate)> {
        self.report.stokes_einstein.map(|s| (s.slip, s.stick))
    }

    /// D_γ corrected to an infinite box (Yeh–Hummer, with the measured η) [σ²/τ].
    pub fn d_gamma_infinite(&self) -> Option<Estimate> {
        self.report.d_yeh_hummer
    }

    /// Momentum relaxation time τ_P = m/ζ [τ] with ζ measured (held particle, kept after it is
    /// freed); without ζ, the free momentum's correlation time ∫C_PP/C_PP(0) = γ/(m k_BT), which
    /// is m/ζ for a Langevin particle.
    pub fn tau_p(&self) -> Option<Estimate> {
        self.zeta()
            .filter(|z| z.mean > 0.0)
            .map(|z| {
                Estimate::new(
                    self.mass() / z.mean,
                    self.mass() * z.sem / (z.mean * z.mean),
                )
            })
            .or_else(|| {
                self.momentum
                    .as_ref()
                    .and_then(GreenKuboView::correlation_time)
            })
    }

    /// The force's correlation time τ_F = ∫C_FF/C_FF(0) [τ] (of the force data shown: held or
    /// free, see [`Self::force_constrained`]): the atoms' time scale.
    pub fn tau_f(&self) -> Option<Estimate> {
        self.force
            .as_ref()
            .and_then(GreenKuboView::correlation_time)
    }

    /// Time-scale separation τ_P/τ_F [1]: ≫ 1 is the regime of the Fokker–Planck equation (56).
    pub fn time_scale_separation(&self) -> Option<Estimate> {
        let (p, f) = (self.tau_p()?, self.tau_f()?);
        (f.mean > 0.0).then(|| p.ratio(f))
    }
}

/// Something the UI must hear about once (never overwritten).
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// A scene was built and now runs.
    SceneLoaded(String),
    /// A scene could not be loaded or built; the previous simulation goes on.
    SceneFailed(SceneError),
    /// The simulation blew up and is paused.
    BlewUp(MdError),
    /// The correlation accumulators restarted (the reason is said).
    AccumulatorsRestarted(String),
    /// The scene was written.
    Saved(PathBuf),
    /// Writing the scene failed.
    SaveFailed(String),
}
