//! The MD worker: a `std::thread` that owns the [`Simulation`], takes [`SimCommand`]s in and puts
//! [`Snapshot`]s and [`AnalysisSnapshot`]s out. It knows nothing about Bevy, so the frame never
//! waits for physics: the UI sends commands without blocking and takes whatever snapshot is
//! newest (older ones are overwritten, never queued).
//!
//! Pacing: every rendered frame sends [`SimCommand::Frame`], which grants `steps_per_frame` MD
//! steps (the grant is capped at four frames' worth, so a slow renderer does not build a backlog
//! and a slow engine simply runs flat out).

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::analysis::coefficients::{
    diffusion_from_friction, diffusion_from_momentum, friction_from_force,
};
use crate::analysis::{
    BlockAverage, Cutoff, Estimate, GreenKubo, MultipleTauParams, Plateau, RunningIntegral,
    StokesBoundary, green_kubo_viscosity, stokes_einstein, traceless_stress_components,
    yeh_hummer_correction,
};
use crate::md::{ExternalField, MdError, OrderParameters, Simulation, Thermo, Thermostat};
use crate::scene::{Scene, SceneError, ThermostatKind, ThermostatPhase};

/// A request to the MD worker. Each takes effect before the next MD step.
#[derive(Debug, Clone, PartialEq)]
pub enum SimCommand {
    /// One rendered frame passed: grants `steps_per_frame` steps while playing.
    Frame,
    /// Run continuously (paced by frames).
    Play,
    /// Stop stepping.
    Pause,
    /// Advance exactly one MD step (while paused).
    Step,
    /// Rebuild the current scene (with the current settings) from its seed and re-equilibrate.
    Reset,
    /// Reset with another seed of every random stream.
    SetSeed(u64),
    /// MD steps granted per frame.
    SetStepsPerFrame(u32),
    /// Run as fast as the worker can, ignoring the per-frame grant (`true`), or paced by frames.
    SetFlatOut(bool),
    /// Mass ratio ε = m̂/m [dimensionless].
    SetEpsilon(f64),
    /// Target temperature T [ε_LJ/k_B] of the thermostat.
    SetTemperature(f64),
    /// Time step Δt [τ].
    SetTimeStep(f64),
    /// Thermostat on (the scene's, or Bussi with τ_T = 2τ if the scene has none) or off (NVE).
    SetThermostat(bool),
    /// Hold the nanoparticle's centre of mass fixed (constrained dynamics, measures θ) or free it.
    SetConstrained(bool),
    /// Measure the host's viscosity η (the stress every [`STRESS_EVERY`] steps, with energies and
    /// virial on those steps) or not; its correlator restarts either way.
    SetViscosity(bool),
    /// Load a scene file; on failure the running simulation goes on and the error is reported.
    LoadScene(PathBuf),
    /// Load an already parsed scene (`name` names it in messages).
    LoadParsedScene(Box<Scene>, String),
    /// Write the current scene, with the current settings, as RON to this path.
    SaveScene(PathBuf),
    /// End the worker thread.
    Shutdown,
}

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

/// The analysis, sent a few times per second.
#[derive(Debug, Clone, Default)]
pub struct AnalysisSnapshot {
    /// Matches [`Snapshot::run_id`].
    pub run_id: u64,
    /// Changes whenever the accumulators restart.
    pub epoch: u64,
    /// Why the accumulators last restarted.
    pub restart_reason: String,
    /// Step at which they restarted.
    pub restart_step: u64,
    /// Momentum autocorrelation ⟨P(0)·P(t)⟩ and γ (fed while free). `None` before any sample.
    pub momentum: Option<GreenKuboView>,
    /// Force autocorrelation ⟨δF(0)·δF(t)⟩ (mean subtracted) and its integral. Fed in either mode;
    /// it gives ζ only in constrained mode.
    pub force: Option<GreenKuboView>,
    /// Whether the force data were taken with the centre of mass constrained.
    pub force_constrained: bool,
    /// Mean measured temperature since the restart [ε_LJ/k_B].
    pub temperature: Option<Estimate>,
    /// Nanoparticle mass m [m̂].
    pub mass: f64,
    /// Atoms in the system (host and nanoparticle), for per-atom energies.
    pub atoms: usize,
    /// D_γ = tr γ/(3m²) [σ²/τ] (free particle).
    pub d_gamma: Option<Estimate>,
    /// ζ = β tr ∫⟨δF δF⟩/3 [m̂/τ] (constrained particle).
    pub zeta: Option<Estimate>,
    /// D_θ = k_BT/ζ [σ²/τ] (constrained particle).
    pub d_theta: Option<Estimate>,
    /// Shear viscosity η of the host [ε_LJ·τ/σ³] from the Green–Kubo integral of the traceless
    /// stress (sampled every [`STRESS_EVERY`] steps), once its plateau has error bars.
    pub viscosity: Option<Estimate>,
    /// Stokes–Einstein diffusion k_BT/(cπηa) of a sphere of radius `hydrodynamic_radius` in an
    /// infinite fluid of that η, (slip c = 4, stick c = 6) [σ²/τ].
    pub stokes_einstein: Option<(Estimate, Estimate)>,
    /// D_γ corrected to an infinite box (Yeh–Hummer, with the measured η) [σ²/τ].
    pub d_gamma_infinite: Option<Estimate>,
    /// Hydrodynamic radius a used for Stokes–Einstein: the nanoparticle's outer radius + σ/2 [σ].
    pub hydrodynamic_radius: f64,
    /// Thermodynamic traces since the run started: (t [τ], thermo).
    pub traces: Vec<Thermo>,
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

/// MD threads in the app: all cores, as the headless `run` uses. (Leaving one core to the window
/// was measured slower on two cores: 618 against 693 steps/s for the default scene with a software
/// renderer.)
pub fn default_md_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Latest-wins mailbox shared by the worker (writer) and the UI (reader).
type Slot<T> = Arc<Mutex<Option<T>>>;

/// The UI's handle on the worker thread.
#[derive(Debug)]
pub struct EngineHandle {
    commands: Sender<SimCommand>,
    events: Mutex<Receiver<EngineEvent>>,
    snapshot: Slot<Snapshot>,
    analysis: Slot<AnalysisSnapshot>,
    thread: Option<JoinHandle<()>>,
}

impl EngineHandle {
    /// Starts the worker on `scene` (named `name` in messages). Building and equilibrating happen
    /// on the worker. With `play` it starts running at once. The MD uses its own pool of
    /// `threads` threads (see [`default_md_threads`]).
    pub fn spawn(scene: Scene, name: String, play: bool, threads: usize) -> Self {
        let (tx, rx) = mpsc::channel();
        let (etx, erx) = mpsc::channel();
        let snapshot: Slot<Snapshot> = Arc::default();
        let analysis: Slot<AnalysisSnapshot> = Arc::default();
        let (s, a) = (snapshot.clone(), analysis.clone());
        let thread = std::thread::Builder::new()
            .name("multiscope-md".into())
            .spawn(move || {
                let mut worker = Worker::new(rx, etx, s, a);
                worker.playing = play;
                let go = move || {
                    worker.load(scene, name);
                    worker.run();
                };
                match rayon::ThreadPoolBuilder::new()
                    .num_threads(threads.max(1))
                    .thread_name(|i| format!("multiscope-md-{i}"))
                    .build()
                {
                    Ok(pool) => pool.install(go),
                    // No pool (the OS refused threads): run on the global one.
                    Err(_) => go(),
                }
            })
            .expect("the OS can start a thread");
        Self {
            commands: tx,
            events: Mutex::new(erx),
            snapshot,
            analysis,
            thread: Some(thread),
        }
    }

    /// Sends a command (never blocks; silently dropped if the worker has ended).
    pub fn send(&self, command: SimCommand) {
        let _ = self.commands.send(command);
    }

    /// Takes the newest snapshot, if one arrived since the last call. Never waits: if the worker
    /// holds the lock at this instant, this frame simply gets nothing.
    pub fn take_snapshot(&self) -> Option<Snapshot> {
        self.snapshot.try_lock().ok().and_then(|mut s| s.take())
    }

    /// Takes the newest analysis snapshot, if one arrived since the last call (never waits).
    pub fn take_analysis(&self) -> Option<AnalysisSnapshot> {
        self.analysis.try_lock().ok().and_then(|mut s| s.take())
    }

    /// Whether the worker thread is still running (it ends only on shutdown or a panic).
    pub fn is_alive(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Events since the last call, oldest first.
    pub fn drain_events(&self) -> Vec<EngineEvent> {
        match self.events.try_lock() {
            Ok(rx) => rx.try_iter().collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for EngineHandle {
    fn drop(&mut self) {
        let _ = self.commands.send(SimCommand::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Block length of the Green–Kubo error bars [τ]: long against the nanoparticle's momentum
/// relaxation time τ_P = m/ζ (about 1 τ for the default scene), short enough that error bars
/// appear within seconds.
const BLOCK_TIME: f64 = 10.0;
/// How often the analysis is published [s of wall time].
const ANALYSIS_PERIOD: Duration = Duration::from_millis(300);
/// How many thermodynamic trace points are kept.
const MAX_TRACES: usize = 4000;
/// Most frames' worth of granted steps that may pile up.
const MAX_GRANTED_FRAMES: u64 = 4;
/// Most steps between two snapshots, so that a slow engine still shows motion.
const MAX_BATCH: u64 = 50;
/// The stress tensor (for η) is sampled every this many steps: 0.01 τ at Δt = 0.005 τ, fine enough
/// for the fast initial decay of its autocorrelation. Those steps also compute energies and the
/// virial.
pub const STRESS_EVERY: u64 = 2;

struct Accumulators {
    momentum: GreenKubo<3>,
    force: GreenKubo<3>,
    stress: GreenKubo<5>,
    temperature: BlockAverage,
    momentum_samples: u64,
    force_constrained: bool,
    epoch: u64,
    reason: String,
    restart_step: u64,
}

impl Accumulators {
    fn new(dt: f64, constrained: bool, epoch: u64, reason: String, step: u64) -> Self {
        let block = ((BLOCK_TIME / dt).round() as u64).max(16);
        let params = MultipleTauParams::default();
        Self {
            momentum: GreenKubo::new(dt, block, params, false),
            force: GreenKubo::new(dt, block, params, true),
            stress: stress_correlator(dt),
            temperature: BlockAverage::new(),
            momentum_samples: 0,
            force_constrained: constrained,
            epoch,
            reason,
            restart_step: step,
        }
    }
}

/// The traceless-stress autocorrelation behind η, sampled every [`STRESS_EVERY`] steps of `dt`.
fn stress_correlator(dt: f64) -> GreenKubo<5> {
    let block = ((BLOCK_TIME / dt).round() as u64).max(16);
    // Off-diagonal and traceless stresses have zero mean in a fluid: no mean subtraction.
    GreenKubo::new(
        dt * STRESS_EVERY as f64,
        (block / STRESS_EVERY).max(16),
        MultipleTauParams::default(),
        false,
    )
}

struct Run {
    sim: Simulation,
    scene: Scene,
    name: String,
    equilibrated: u64,
    acc: Accumulators,
    traces: Vec<Thermo>,
}

struct Worker {
    commands: Receiver<SimCommand>,
    events: Sender<EngineEvent>,
    snapshot: Slot<Snapshot>,
    analysis: Slot<AnalysisSnapshot>,
    run: Option<Run>,
    run_id: u64,
    epoch: u64,
    playing: bool,
    blown_up: bool,
    steps_per_frame: u32,
    flat_out: bool,
    viscosity: bool,
    granted: u64,
    single_steps: u64,
    /// Target temperature kept while the thermostat is off [ε_LJ/k_B].
    temperature: f64,
    last_analysis: Instant,
    rate_window: (Instant, u64),
    steps_per_second: f64,
    total_steps: u64,
}

impl Worker {
    fn new(
        commands: Receiver<SimCommand>,
        events: Sender<EngineEvent>,
        snapshot: Slot<Snapshot>,
        analysis: Slot<AnalysisSnapshot>,
    ) -> Self {
        Self {
            commands,
            events,
            snapshot,
            analysis,
            run: None,
            run_id: 0,
            epoch: 0,
            playing: false,
            blown_up: false,
            steps_per_frame: 10,
            flat_out: true,
            viscosity: true,
            granted: 0,
            single_steps: 0,
            temperature: 1.0,
            last_analysis: Instant::now(),
            rate_window: (Instant::now(), 0),
            steps_per_second: 0.0,
            total_steps: 0,
        }
    }

    fn emit(&self, e: EngineEvent) {
        let _ = self.events.send(e);
    }

    /// Builds `scene`; on success it replaces the running simulation.
    fn load(&mut self, scene: Scene, name: String) {
        match scene.build(&name) {
            Ok(sim) => {
                self.run_id += 1;
                self.epoch += 1;
                self.blown_up = false;
                self.temperature = scene.temperature;
                let constrained = sim.system.constrained;
                let acc = Accumulators::new(
                    sim.integrator.dt,
                    constrained,
                    self.epoch,
                    "new run".into(),
                    0,
                );
                self.run = Some(Run {
                    sim,
                    scene,
                    name: name.clone(),
                    equilibrated: 0,
                    acc,
                    traces: Vec::new(),
                });
                self.emit(EngineEvent::SceneLoaded(name));
                self.publish();
                self.publish_analysis();
            }
            Err(e) => self.emit(EngineEvent::SceneFailed(e)),
        }
    }

    fn restart_accumulators(&mut self, reason: &str) {
        self.epoch += 1;
        let epoch = self.epoch;
        if let Some(run) = self.run.as_mut() {
            run.acc = Accumulators::new(
                run.sim.integrator.dt,
                run.sim.system.constrained,
                epoch,
                reason.to_string(),
                run.sim.state.step,
            );
        }
        self.emit(EngineEvent::AccumulatorsRestarted(reason.to_string()));
        self.publish_analysis();
    }

    /// Applies one command; returns `false` on shutdown.
    fn apply(&mut self, command: SimCommand) -> bool {
        let is_frame = command == SimCommand::Frame;
        let go_on = self.apply_inner(command);
        if go_on && !is_frame {
            // A setting changed: let the UI see it at once, even while paused.
            self.publish();
        }
        go_on
    }

    fn apply_inner(&mut self, command: SimCommand) -> bool {
        match command {
            SimCommand::Frame => {
                if self.playing && !self.blown_up {
                    let cap = self.steps_per_frame as u64 * MAX_GRANTED_FRAMES;
                    self.granted = (self.granted + self.steps_per_frame as u64).min(cap);
                }
            }
            SimCommand::Play => self.playing = !self.blown_up,
            SimCommand::Pause => {
                self.playing = false;
                self.granted = 0;
            }
            SimCommand::Step => {
                if !self.blown_up {
                    self.playing = false;
                    self.single_steps += 1;
                }
            }
            SimCommand::Reset => self.reset(None),
            SimCommand::SetSeed(seed) => self.reset(Some(seed)),
            SimCommand::SetStepsPerFrame(n) => self.steps_per_frame = n.clamp(1, 100_000),
            SimCommand::SetFlatOut(on) => self.flat_out = on,
            SimCommand::SetEpsilon(e) => {
                if !(e.is_finite() && e > 0.0) {
                    return true;
                }
                if let Some(run) = self.run.as_mut() {
                    if run.sim.system.n_star == 0 {
                        return true;
                    }
                    run.sim.set_epsilon(e);
                    if let Some(np) = run.scene.nanoparticle.as_mut() {
                        np.epsilon = e;
                    }
                }
                self.restart_accumulators(&format!("ε changed to {e:.4}"));
            }
            SimCommand::SetTemperature(t) => {
                if !(t.is_finite() && t > 0.0) {
                    return true;
                }
                self.temperature = t;
                if let Some(run) = self.run.as_mut() {
                    run.sim.set_temperature(t);
                    run.scene.temperature = t;
                }
                self.restart_accumulators(&format!("T changed to {t:.3}"));
            }
            SimCommand::SetTimeStep(dt) => {
                if !(dt.is_finite() && dt > 0.0) {
                    return true;
                }
                if let Some(run) = self.run.as_mut() {
                    run.sim.integrator.dt = dt;
                    run.scene.integration.time_step = dt;
                }
                self.restart_accumulators(&format!("Δt changed to {dt:.4} τ"));
            }
            SimCommand::SetThermostat(on) => {
                let temperature = self.temperature;
                if let Some(run) = self.run.as_mut() {
                    if on {
                        if run.scene.thermostat.kind == ThermostatKind::None {
                            run.scene.thermostat.kind = ThermostatKind::Bussi { tau: 2.0 };
                        }
                        run.scene.thermostat.during = ThermostatPhase::Always;
                        run.scene.temperature = temperature;
                        let mut t = run.scene.thermostat();
                        if let Some(t) = t.as_mut() {
                            t.set_temperature(temperature);
                        }
                        run.sim.thermostat = t;
                    } else {
                        run.scene.thermostat.during = ThermostatPhase::Equilibration;
                        if run.equilibrated >= run.scene.integration.equilibration_steps {
                            run.sim.thermostat = None;
                        }
                    }
                }
                let what = if on { "on" } else { "off (NVE)" };
                self.restart_accumulators(&format!("thermostat {what}"));
            }
            SimCommand::SetConstrained(on) => {
                if let Some(run) = self.run.as_mut() {
                    if run.sim.system.n_star == 0 {
                        return true;
                    }
                    run.sim.set_constrained(on);
                    if let Some(np) = run.scene.nanoparticle.as_mut() {
                        np.constrained = on;
                    }
                }
                let what = if on { "constrained" } else { "free" };
                self.restart_accumulators(&format!("nanoparticle {what}"));
            }
            SimCommand::SetViscosity(on) => {
                self.viscosity = on;
                if let Some(run) = self.run.as_mut() {
                    run.acc.stress = stress_correlator(run.sim.integrator.dt);
                }
            }
            SimCommand::LoadScene(path) => match Scene::load(&path) {
                Ok(scene) => self.load(scene, path.display().to_string()),
                Err(e) => self.emit(EngineEvent::SceneFailed(e)),
            },
            SimCommand::LoadParsedScene(scene, name) => self.load(*scene, name),
            SimCommand::SaveScene(path) => {
                if let Some(run) = self.run.as_ref() {
                    let text = format!(
                        "// Saved by multiscope from {} at step {}.\n{}\n",
                        run.name,
                        run.sim.state.step,
                        run.scene.to_ron()
                    );
                    match std::fs::write(&path, text) {
                        Ok(()) => self.emit(EngineEvent::Saved(path)),
                        Err(e) => {
                            self.emit(EngineEvent::SaveFailed(format!("{}: {e}", path.display())))
                        }
                    }
                }
            }
            SimCommand::Shutdown => return false,
        }
        true
    }

    fn reset(&mut self, seed: Option<u64>) {
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let mut scene = run.scene.clone();
        if let Some(seed) = seed {
            scene.seed = seed;
        }
        let name = run.name.clone();
        self.load(scene, name);
    }

    fn run(&mut self) {
        loop {
            // Take every waiting command; wait (briefly) only when there is nothing to do.
            let busy = self.has_work();
            let first = if busy {
                match self.commands.try_recv() {
                    Ok(c) => Some(c),
                    Err(mpsc::TryRecvError::Empty) => None,
                    Err(mpsc::TryRecvError::Disconnected) => return,
                }
            } else {
                match self.commands.recv_timeout(Duration::from_millis(50)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            if let Some(c) = first {
                if !self.apply(c) {
                    return;
                }
                while let Ok(c) = self.commands.try_recv() {
                    if !self.apply(c) {
                        return;
                    }
                }
            }
            if self.has_work() {
                let n = if self.single_steps > 0 {
                    std::mem::take(&mut self.single_steps)
                } else if self.flat_out {
                    MAX_BATCH
                } else {
                    let n = self.granted.min(MAX_BATCH);
                    self.granted -= n;
                    n
                };
                self.advance(n);
                self.publish();
            }
            if self.last_analysis.elapsed() >= ANALYSIS_PERIOD {
                self.publish_analysis();
            }
        }
    }

    fn has_work(&self) -> bool {
        !self.blown_up
            && self.run.is_some()
            && (self.single_steps > 0 || (self.playing && (self.flat_out || self.granted > 0)))
    }

    /// Takes `n` MD steps, feeding the correlators in production.
    fn advance(&mut self, n: u64) {
        let measure_viscosity = self.viscosity;
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let mut failure = None;
        for k in 0..n {
            let equilibrating = run.equilibrated < run.scene.integration.equilibration_steps;
            let stress =
                measure_viscosity && !equilibrating && (run.sim.state.step + 1) % STRESS_EVERY == 0;
            if let Err(e) = run.sim.step(k + 1 == n || stress) {
                failure = Some(e);
                break;
            }
            self.total_steps += 1;
            if equilibrating {
                run.equilibrated += 1;
                if run.equilibrated == run.scene.integration.equilibration_steps {
                    run.sim.thermostat = run.scene.production_thermostat();
                    if let Some(t) = run.sim.thermostat.as_mut() {
                        t.set_temperature(self.temperature);
                    }
                    let epoch = self.epoch + 1;
                    self.epoch = epoch;
                    run.acc = Accumulators::new(
                        run.sim.integrator.dt,
                        run.sim.system.constrained,
                        epoch,
                        "equilibration finished".into(),
                        run.sim.state.step,
                    );
                }
                continue;
            }
            if stress {
                let p = run.sim.thermo().pressure_tensor;
                let m = [[p[0], p[3], p[4]], [p[3], p[1], p[5]], [p[4], p[5], p[2]]];
                run.acc.stress.push_auto(traceless_stress_components(&m));
            }
            if run.sim.system.n_star > 0 {
                let op = run.sim.order_parameters();
                if !run.sim.system.constrained {
                    run.acc.momentum.push_auto(op.p);
                    run.acc.momentum_samples += 1;
                }
                run.acc.force.push_auto(op.f);
            }
        }
        if let Some(e) = failure {
            self.blown_up = true;
            self.playing = false;
            self.granted = 0;
            self.emit(EngineEvent::BlewUp(e));
            return;
        }
        let thermo = run.sim.thermo();
        if run.equilibrated >= run.scene.integration.equilibration_steps {
            run.acc.temperature.push(thermo.temperature);
        }
        if run.traces.len() >= MAX_TRACES {
            // Keep every other point: the trace covers the whole run at half the resolution.
            let kept: Vec<Thermo> = run.traces.iter().step_by(2).copied().collect();
            run.traces = kept;
        }
        run.traces.push(thermo);
        let (since, steps) = self.rate_window;
        let elapsed = since.elapsed().as_secs_f64();
        if elapsed >= 1.0 {
            self.steps_per_second = (self.total_steps - steps) as f64 / elapsed;
            self.rate_window = (Instant::now(), self.total_steps);
        }
    }

    fn settings(&self) -> EngineSettings {
        let Some(run) = self.run.as_ref() else {
            return EngineSettings::default();
        };
        let sim = &run.sim;
        let op = sim.order_parameters();
        EngineSettings {
            playing: self.playing,
            steps_per_frame: self.steps_per_frame,
            flat_out: self.flat_out,
            epsilon: op.epsilon,
            mass: op.mass,
            temperature: sim
                .thermostat
                .as_ref()
                .map_or(self.temperature, |t| t.temperature()),
            dt: sim.integrator.dt,
            thermostat: sim.thermostat.is_some(),
            constrained: sim.system.constrained,
            seed: run.scene.seed,
            has_nanoparticle: sim.system.n_star > 0,
            viscosity: self.viscosity,
        }
    }

    fn publish(&mut self) {
        let settings = self.settings();
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let sim = &run.sim;
        let b = &sim.system.periodic_box;
        let positions = sim
            .state
            .positions
            .iter()
            .map(|p| {
                let mut q = *p;
                b.wrap(&mut q);
                [q[0] as f32, q[1] as f32, q[2] as f32]
            })
            .collect();
        let planned = run.scene.integration.equilibration_steps;
        let phase = if self.blown_up {
            Phase::BlownUp
        } else if run.equilibrated < planned {
            Phase::Equilibrating
        } else {
            Phase::Production
        };
        let snapshot = Snapshot {
            run_id: self.run_id,
            scene_name: run.name.clone(),
            positions,
            types: sim.system.types.clone(),
            n_star: sim.system.n_star,
            box_length: b.length(),
            field: sim.system.field,
            thermo: sim.thermo(),
            order: sim.order_parameters(),
            step: sim.state.step,
            time: sim.state.time,
            phase,
            equilibration: (run.equilibrated.min(planned), planned),
            settings,
            steps_per_second: self.steps_per_second,
            total_steps: self.total_steps,
        };
        if let Ok(mut slot) = self.snapshot.lock() {
            *slot = Some(snapshot);
        }
    }

    fn publish_analysis(&mut self) {
        self.last_analysis = Instant::now();
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let acc = &run.acc;
        let op = run.sim.order_parameters();
        let view = |gk: &GreenKubo<3>| {
            (gk.n_samples() > 1).then(|| {
                let running = gk.running_integral();
                GreenKuboView {
                    samples: gk.n_samples(),
                    blocks: gk.n_blocks(),
                    plateau: if gk.n_blocks() >= 2 {
                        running.plateau(Cutoff::default())
                    } else {
                        None
                    },
                    running,
                }
            })
        };
        let momentum = view(&acc.momentum);
        let force = view(&acc.force);
        let temperature = (acc.temperature.n_samples() > 0).then(|| {
            let sem = acc
                .temperature
                .result()
                .map_or(f64::NAN, |r| r.estimate.sem);
            Estimate::new(acc.temperature.mean(), sem)
        });
        let mass = op.mass;
        let d_gamma = momentum
            .as_ref()
            .and_then(|m| m.plateau.as_ref())
            .filter(|_| !run.sim.system.constrained && mass > 0.0)
            .map(|p| diffusion_from_momentum(&p.value, mass).isotropic);
        let (zeta, d_theta) = match (force.as_ref().and_then(|f| f.plateau.as_ref()), temperature) {
            (Some(p), Some(t)) if acc.force_constrained && t.mean > 0.0 => {
                let z = friction_from_force(&p.value, 1.0 / t.mean).isotropic;
                (Some(z), Some(diffusion_from_friction(z, t.mean)))
            }
            _ => (None, None),
        };
        let viscosity = (acc.stress.n_blocks() >= 2)
            .then(|| acc.stress.running_integral().plateau(Cutoff::default()))
            .flatten()
            .filter(|p| p.value.isotropic.sem.is_finite())
            .zip(temperature.filter(|t| t.mean > 0.0))
            .map(|(p, t)| green_kubo_viscosity(&p, run.sim.system.periodic_box.volume(), t.mean));
        let hydrodynamic_radius = run.scene.hydrodynamic_radius();
        let t_mean = temperature.map_or(f64::NAN, |t| t.mean);
        let stokes = viscosity
            .filter(|_| run.sim.system.n_star > 0 && hydrodynamic_radius > 0.0)
            .map(|eta| {
                let se = |b| stokes_einstein(t_mean, eta, hydrodynamic_radius, b);
                (se(StokesBoundary::Slip), se(StokesBoundary::Stick))
            });
        let d_gamma_infinite = d_gamma.zip(viscosity).map(|(d, eta)| {
            yeh_hummer_correction(d, t_mean, eta, run.sim.system.periodic_box.length())
        });
        let snapshot = AnalysisSnapshot {
            run_id: self.run_id,
            epoch: acc.epoch,
            restart_reason: acc.reason.clone(),
            restart_step: acc.restart_step,
            momentum,
            force,
            force_constrained: acc.force_constrained,
            temperature,
            mass,
            atoms: run.sim.state.positions.len(),
            d_gamma,
            zeta,
            d_theta,
            viscosity,
            stokes_einstein: stokes,
            d_gamma_infinite,
            hydrodynamic_radius,
            traces: run.traces.clone(),
        };
        if let Ok(mut slot) = self.analysis.lock() {
            *slot = Some(snapshot);
        }
    }
}
