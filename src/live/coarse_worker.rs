//! The coarse-grained densities shown by the density pane, on the x line of the running scene
//! (periodic over the box, the scene's external field), with the friction the app has measured:
//! a [`Kramers`] solver of the Fokker–Planck equation (56) for W̃(Φ, Π), and beside it, on the same
//! time axis, a [`Smoluchowski1d`] solver of the Smoluchowski equation for W̃(R) with D = k_BT/ζ,
//! the next level of coarse-graining (positions only). For t ≫ τ_P = m/ζ the Fokker–Planck
//! marginal W̃(Φ) and the Smoluchowski density must agree; [`CoarseDensity::marginal_gap`] says how
//! far apart they are. No Bevy here: a [`CoarseWorker`] thread advances them at the rate the
//! pane asks for and publishes a copy a few dozen times a second, so the frame never waits for
//! them and the coarse-grained time can run far ahead of the MD.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::mailbox::Mailbox;
use super::{AnalysisSnapshot, Snapshot};
use crate::coarse::Evolve;
use crate::coarse::{
    Boundary, CoarseError, Force1d, Grid1d, Kramers, ScaledParams, Smoluchowski1d, default_p_max,
    start_p_max,
};

/// Cells along Φ (the box length, periodic): 0.12σ for the default scene's 15.4σ box, so that a
/// density a few tenths of σ wide is resolved.
pub const N_PHI: usize = 128;
/// Cells along Π.
pub const N_PI: usize = 64;

/// Where the friction used by the solver comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrictionRoute {
    /// ζ = β∫⟨δF·δF⟩/3 measured with the centre of mass held fixed; D = k_BT/ζ.
    Constrained,
    /// D_γ = tr γ/(3m²) measured on the free particle; ζ = k_BT/D_γ.
    Free,
}

impl FrictionRoute {
    /// A short description for the pane.
    pub fn describe(self) -> &'static str {
        match self {
            FrictionRoute::Constrained => "ζ measured (constrained), D = k_BT/ζ",
            FrictionRoute::Free => "D_γ measured (free), ζ = k_BT/D_γ",
        }
    }
}

/// The friction and diffusion coefficient a solver is built with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Friction {
    /// ζ [m̂/τ].
    pub zeta: f64,
    /// D = k_BT/ζ [σ²/τ].
    pub diffusion: f64,
    /// Temperature k_BT [ε_LJ] behind the conversion.
    pub kt: f64,
    /// Where ζ (or D) was measured.
    pub source: FrictionRoute,
}

impl Friction {
    /// From a friction ζ [m̂/τ] at k_BT [ε_LJ]; `None` unless both are positive and finite.
    pub fn from_zeta(zeta: f64, kt: f64, source: FrictionRoute) -> Option<Self> {
        (zeta.is_finite() && zeta > 0.0 && kt.is_finite() && kt > 0.0).then(|| Self {
            zeta,
            diffusion: kt / zeta,
            kt,
            source,
        })
    }

    /// The measured friction: ζ from the constrained measurement if there is one, else
    /// ζ = k_BT/D_γ from the free one, else `None`. k_BT is the engine's target temperature.
    pub fn from_analysis(analysis: &AnalysisSnapshot, kt: f64) -> Option<Self> {
        if let Some(z) = analysis.zeta()
            && let Some(f) = Self::from_zeta(z.mean, kt, FrictionRoute::Constrained)
        {
            return Some(f);
        }
        let d = analysis.d_gamma()?.mean;
        if !(d.is_finite() && d > 0.0) {
            return None;
        }
        Self::from_zeta(kt / d, kt, FrictionRoute::Free)
    }
}

/// How the density starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    /// The Boltzmann–Maxwell equilibrium of the field.
    Equilibrium,
    /// A narrow Gaussian (a few cells wide) at the nanoparticle's (Φ_x, Π_x).
    Point {
        /// Φ_x [σ] (scaled, as in [`crate::md::OrderParameters`]).
        phi: f64,
        /// Π_x [m̂σ/τ] (scaled).
        pi_: f64,
    },
}

/// Momentum half-range [m̂σ/τ] for a particle of mass `mass` [m̂] started as `start` (Φ, Π scaled
/// by `scale` = ε^{1/2}): the start's energy above the field's minimum plus 25 k_BT
/// ([`start_p_max`]; the thermal range alone from equilibrium).
fn momentum_range(
    field: &Force1d,
    grid: &Grid1d,
    mass: f64,
    beta: f64,
    start: Start,
    scale: f64,
) -> f64 {
    match start {
        Start::Equilibrium => default_p_max(mass, beta, 0.0),
        Start::Point { phi, pi_ } => {
            let (r, p) = (grid.wrap(phi / scale), pi_ / scale);
            start_p_max(field, grid, mass, beta, r, 0.0, p.abs())
        }
    }
}

/// A running Fokker–Planck density W̃(Φ, Π, t) and Smoluchowski density W̃(R, t) for the app,
/// always at the same coarse-grained time.
#[derive(Debug, Clone)]
pub struct CoarseDensity {
    solver: Kramers,
    smoluchowski: Smoluchowski1d,
    /// The friction it was built with.
    pub friction: Friction,
    /// How it started.
    pub start: Start,
    /// The MD run it belongs to ([`Snapshot::run_id`]).
    pub run_id: u64,
}

impl CoarseDensity {
    /// Builds the solver for the scene in `snapshot` (box, ε, m, T, field) with `friction`:
    /// Φ over the box length (periodic, [`N_PHI`] cells), [`N_PI`] momentum cells over
    /// |P| ≤ (2m(ΔE + 25k_BT))^{1/2}, ΔE the start's energy above the field's minimum (0 from
    /// equilibrium): ≈ 7(mk_BT)^{1/2} without a field, so the Maxwellian tail stays below the
    /// solver's edge tolerance and still spans many cells. (The field's whole span on the grid
    /// would be far too wide: a double well's quartic walls reach hundreds of k_BT at the box's
    /// faces, and the thermal Maxwellian would cover three momentum cells.)
    pub fn new(snapshot: &Snapshot, friction: Friction, start: Start) -> Result<Self, CoarseError> {
        let st = &snapshot.settings;
        if !(st.has_nanoparticle && st.epsilon.is_finite() && st.epsilon > 0.0) {
            return Err(CoarseError::Invalid(
                "this scene has no nanoparticle: there is no (Φ, Π) to evolve".into(),
            ));
        }
        let beta = 1.0 / friction.kt;
        let grid = Grid1d::new(0.0, snapshot.box_length, N_PHI, Boundary::Periodic)?;
        let params = ScaledParams {
            epsilon: st.epsilon,
            m_hat: 1.0,
            beta,
            theta: friction.zeta / (beta * st.epsilon),
        };
        let field = Force1d::along_x(&snapshot.field)?;
        let p_max = momentum_range(&field, &grid, st.mass, beta, start, st.epsilon.sqrt());
        let mut solver = Kramers::scaled(params, field.clone(), &grid, N_PI, Some(p_max))?;
        let mut smoluchowski = Smoluchowski1d::new(grid.clone(), field, friction.diffusion, beta)?;
        match start {
            Start::Equilibrium => {
                solver.set_equilibrium();
                smoluchowski.set_equilibrium();
            }
            Start::Point { phi, pi_ } => {
                let s = solver.scale();
                let r = grid.wrap(phi / s);
                let dp = solver.y_grid().dx() / s;
                solver.set_gaussian(r, pi_ / s, 1.5 * grid.dx(), 1.5 * dp)?;
                // The same position spread; the momentum is already thermal at this level.
                smoluchowski.set_gaussian(r, 1.5 * grid.dx())?;
            }
        }
        Ok(Self {
            solver,
            smoluchowski,
            friction,
            start,
            run_id: snapshot.run_id,
        })
    }

    /// Coarse-grained time since the start [τ].
    pub fn time(&self) -> f64 {
        self.solver.time()
    }

    /// The solver's time step [τ].
    pub fn time_step(&self) -> f64 {
        self.solver.max_time_step()
    }

    /// Σ W̃ ΔΦ ΔΠ (1 to round-off).
    pub fn mass(&self) -> f64 {
        self.solver.mass()
    }

    /// The solver itself (grids, density, marginals).
    pub fn solver(&self) -> &Kramers {
        &self.solver
    }

    /// The Smoluchowski solver (on the physical R grid), at the same time as [`Self::solver`].
    pub fn smoluchowski(&self) -> &Smoluchowski1d {
        &self.smoluchowski
    }

    /// The Smoluchowski density as a density in Φ = ε^{1/2}R, W̃_S(Φ) = W̃_S(R)/ε^{1/2}
    /// [1/σ], on the Fokker–Planck solver's Φ cells (the same cells, scaled).
    pub fn smoluchowski_in_phi(&self) -> Vec<f64> {
        let s = self.solver.scale();
        self.smoluchowski.density().iter().map(|w| w / s).collect()
    }

    /// ∫|W̃_FP(Φ) − W̃_S(Φ)| dΦ between the Fokker–Planck marginal and the Smoluchowski density
    /// (0 to 2; it falls towards the discretisation error once t ≫ τ_P).
    pub fn marginal_gap(&self) -> f64 {
        let dphi = self.solver.x_grid().dx();
        self.solver
            .marginal_x()
            .iter()
            .zip(self.smoluchowski_in_phi())
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            * dphi
    }

    /// Advances by up to `duration` [τ] in whole solver steps, stopping early once `budget` of
    /// wall time is spent (at least one step is taken); the Smoluchowski density follows to the
    /// same time. Returns the time advanced [τ].
    pub fn advance_for(&mut self, duration: f64, budget: Duration) -> Result<f64, CoarseError> {
        if duration.is_nan() || duration <= 0.0 {
            return Ok(0.0);
        }
        let h = self.solver.max_time_step();
        let steps = (duration / h).ceil().max(1.0) as u64;
        let t0 = self.solver.time();
        let start = Instant::now();
        for _ in 0..steps {
            self.solver.advance(h)?;
            if start.elapsed() >= budget {
                break;
            }
        }
        self.smoluchowski.advance_to(self.solver.time())?;
        Ok(self.solver.time() - t0)
    }
}

/// A request to the [`CoarseWorker`].
#[derive(Debug)]
enum CoarseCommand {
    /// Replace the density (time restarts from its own).
    Start(Box<CoarseDensity>),
    /// Drop the density.
    Clear,
    /// Let the coarse-grained time run or hold it.
    SetRunning(bool),
    /// Coarse-grained time per second of wall time [τ/s].
    SetRate(f64),
    /// End the thread.
    Shutdown,
}

/// What the worker last published: the density (or none) and why the solver stopped, if it did.
#[derive(Debug, Clone, Default)]
pub struct CoarseReport {
    /// A copy of the running density.
    pub density: Option<CoarseDensity>,
    /// The solver's error, once it has stopped on one.
    pub error: Option<String>,
    /// Whether the coarse-grained time was running when this was published.
    pub running: bool,
}

/// How often the worker publishes a copy of the density while it runs.
const PUBLISH_PERIOD: Duration = Duration::from_millis(40);
/// Most wall time the worker spends in the solver between two looks at its commands.
const SLICE: Duration = Duration::from_millis(20);
/// Most coarse-grained time owed, in seconds of wall time at the current rate: a slow machine
/// runs flat out instead of piling up a backlog.
const MAX_OWED_WALL: f64 = 0.25;

/// The thread that advances the density pane's [`CoarseDensity`]: commands in, a latest-wins
/// copy out (dropping the handle ends the thread).
#[derive(Debug)]
pub struct CoarseWorker {
    commands: Sender<CoarseCommand>,
    latest: Mailbox<CoarseReport>,
    thread: Option<JoinHandle<()>>,
}

impl CoarseWorker {
    /// Starts the thread with no density, running at `rate` [τ/s] once one is given.
    pub fn spawn(rate: f64) -> Self {
        let (tx, rx) = mpsc::channel();
        let latest: Mailbox<CoarseReport> = Mailbox::default();
        let slot = latest.clone();
        let thread = std::thread::Builder::new()
            .name("multiscope-coarse".into())
            .spawn(move || run(rx, slot, rate))
            .expect("the OS can start a thread");
        Self {
            commands: tx,
            latest,
            thread: Some(thread),
        }
    }

    /// Replaces the density.
    pub fn start(&self, density: CoarseDensity) {
        let _ = self.commands.send(CoarseCommand::Start(Box::new(density)));
    }

    /// Drops the density.
    pub fn clear(&self) {
        let _ = self.commands.send(CoarseCommand::Clear);
    }

    /// Lets the coarse-grained time run (`true`) or holds it.
    pub fn set_running(&self, running: bool) {
        let _ = self.commands.send(CoarseCommand::SetRunning(running));
    }

    /// Coarse-grained time per second of wall time [τ/s] (non-positive or NaN holds it).
    pub fn set_rate(&self, rate: f64) {
        let _ = self.commands.send(CoarseCommand::SetRate(rate));
    }

    /// The newest report, if one was published since the last call (never waits).
    pub fn take(&self) -> Option<CoarseReport> {
        self.latest.take()
    }
}

impl Drop for CoarseWorker {
    fn drop(&mut self) {
        let _ = self.commands.send(CoarseCommand::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn publish(
    slot: &Mailbox<CoarseReport>,
    density: Option<&CoarseDensity>,
    error: Option<String>,
    running: bool,
) {
    slot.put(CoarseReport {
        density: density.cloned(),
        error,
        running,
    });
}

/// The worker's loop: owes rate × elapsed wall time of coarse-grained time and pays it in whole
/// solver steps, in slices of at most [`SLICE`].
fn run(commands: Receiver<CoarseCommand>, slot: Mailbox<CoarseReport>, rate: f64) {
    let mut density: Option<CoarseDensity> = None;
    let mut running = true;
    let mut rate = rate;
    let mut owed = 0.0;
    let mut last = Instant::now();
    let mut published = Instant::now();
    loop {
        let active = running && density.is_some() && rate > 0.0;
        let command = if active {
            match commands.try_recv() {
                Ok(c) => Some(c),
                Err(mpsc::TryRecvError::Empty) => None,
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        } else {
            match commands.recv_timeout(Duration::from_millis(100)) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        if let Some(c) = command {
            match c {
                CoarseCommand::Start(d) => {
                    density = Some(*d);
                    owed = 0.0;
                    publish(&slot, density.as_ref(), None, running);
                }
                CoarseCommand::Clear => {
                    density = None;
                    publish(&slot, None, None, running);
                }
                CoarseCommand::SetRunning(on) => {
                    running = on;
                    publish(&slot, density.as_ref(), None, running);
                }
                CoarseCommand::SetRate(r) => rate = if r.is_finite() { r } else { 0.0 },
                CoarseCommand::Shutdown => return,
            }
            last = Instant::now();
            continue;
        }
        let now = Instant::now();
        let wall = now.duration_since(last).as_secs_f64();
        last = now;
        let Some(d) = density.as_mut().filter(|_| active) else {
            owed = 0.0;
            continue;
        };
        owed = (owed + rate * wall).min(rate * MAX_OWED_WALL);
        if owed < d.time_step() {
            std::thread::sleep(Duration::from_millis(4));
            continue;
        }
        match d.advance_for(owed, SLICE) {
            Ok(done) => owed = (owed - done).max(0.0),
            Err(e) => {
                running = false;
                publish(
                    &slot,
                    density.as_ref(),
                    Some(format!("the solver stopped: {e}")),
                    false,
                );
                continue;
            }
        }
        if published.elapsed() >= PUBLISH_PERIOD {
            published = Instant::now();
            publish(&slot, density.as_ref(), None, running);
        }
    }
}
