//! The MD worker: a `std::thread` that owns the [`Simulation`], applies [`SimCommand`]s and
//! publishes [`Snapshot`]s, [`AnalysisSnapshot`]s and [`EngineEvent`]s. It knows nothing about any
//! front end, so a frame never waits for physics.
//!
//! Pacing: every rendered frame sends [`SimCommand::Frame`], which grants `steps_per_frame` MD
//! steps (the grant is capped at four frames' worth, so a slow renderer does not build a backlog
//! and a slow engine simply runs flat out); in flat-out mode it steps as fast as it can.
//!
//! Measuring: in production every [`super::STRESS_EVERY`]-th step feeds one [`LiveMeasurement`] (the
//! `measure` command's [`crate::measure::Measurement`]); a change of ε, T, Δt, thermostat or
//! constraint starts a new one (an epoch), since the old samples describe other dynamics.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::command::SimCommand;
use super::live_measurement::{BLOCK_TIME, LiveMeasurement};
use super::mailbox::Mailbox;
use super::snapshot::{AnalysisSnapshot, EngineEvent, EngineSettings, Phase, Snapshot};
use crate::md::{Simulation, Thermo, Thermostat};
use crate::scene::{Scene, SceneError, ThermostatKind, ThermostatPhase};

/// How often the analysis is published [s of wall time].
pub const ANALYSIS_PERIOD: Duration = Duration::from_millis(300);
/// How many thermodynamic trace points are kept (the oldest are thinned, never dropped).
pub const MAX_TRACES: usize = 4000;
/// Most frames' worth of granted steps that may pile up.
const MAX_GRANTED_FRAMES: u64 = 4;
/// Most steps between two snapshots, so that a slow engine still shows motion.
pub const MAX_BATCH: u64 = 50;

struct Run {
    sim: Simulation,
    scene: Scene,
    name: String,
    equilibrated: u64,
    acc: LiveMeasurement,
    traces: Vec<Thermo>,
}

/// The worker thread's state.
pub(super) struct Worker {
    commands: Receiver<SimCommand>,
    events: Sender<EngineEvent>,
    snapshot: Mailbox<Snapshot>,
    analysis: Mailbox<AnalysisSnapshot>,
    run: Option<Run>,
    run_id: u64,
    epoch: u64,
    pub(super) playing: bool,
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
    /// Simulated time [τ] at which a [`SimCommand::HoldFor`] frees the particle.
    release_at: Option<f64>,
}

impl Worker {
    pub(super) fn new(
        commands: Receiver<SimCommand>,
        events: Sender<EngineEvent>,
        snapshot: Mailbox<Snapshot>,
        analysis: Mailbox<AnalysisSnapshot>,
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
            release_at: None,
        }
    }

    fn emit(&self, e: EngineEvent) {
        let _ = self.events.send(e);
    }

    /// Builds `scene`; on success it replaces the running simulation.
    pub(super) fn load(&mut self, scene: Scene, name: String) {
        match scene.build(&name) {
            Ok(sim) => {
                self.run_id += 1;
                self.epoch += 1;
                self.blown_up = false;
                self.release_at = None;
                self.temperature = scene.temperature;
                let acc = LiveMeasurement::new(
                    &scene,
                    &sim,
                    self.viscosity,
                    self.epoch,
                    "new run".into(),
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
        let viscosity = self.viscosity;
        if let Some(run) = self.run.as_mut() {
            run.acc =
                LiveMeasurement::new(&run.scene, &run.sim, viscosity, epoch, reason.to_string());
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
                        np.epsilon = Some(e);
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
            SimCommand::SetConstrained(on) => self.set_constrained(on, true),
            SimCommand::HoldFor(t) => {
                let Some(run) = self.run.as_ref() else {
                    return true;
                };
                if !(t.is_finite() && t > 0.0) || run.sim.system.n_star == 0 {
                    return true;
                }
                let left = run
                    .scene
                    .integration
                    .equilibration_steps
                    .saturating_sub(run.equilibrated) as f64
                    * run.sim.integrator.dt;
                let release = run.sim.state.time + left + t;
                if !run.sim.system.constrained {
                    self.apply_inner(SimCommand::SetConstrained(true));
                }
                self.release_at = Some(release);
            }
            SimCommand::SetViscosity(on) => {
                self.viscosity = on;
                if let Some(run) = self.run.as_mut() {
                    run.acc.set_stress(on);
                }
            }
            SimCommand::LoadScene(path) => match Scene::load(&path) {
                Ok(scene) => self.load(scene, path.display().to_string()),
                Err(e) => self.emit(EngineEvent::SceneFailed(e)),
            },
            SimCommand::LoadParsedScene(scene, name) => self.load(*scene, name),
            SimCommand::ReplaceNanoparticle(path) => self.replace_nanoparticle(&path),
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

    /// The running scene with the particle of structure file `path` in its place, validated
    /// and loaded; or the error, reported.
    fn replace_nanoparticle(&mut self, path: &std::path::Path) {
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let mut scene = run.scene.clone();
        let name = format!("{} with {}", run.name, path.display());
        let replaced = scene
            .set_structure(path)
            .map_err(SceneError::from)
            .and_then(|()| Scene::parse(&scene.to_ron(), &name));
        match replaced {
            Ok(scene) => self.load(scene, name),
            Err(e) => self.emit(EngineEvent::SceneFailed(e)),
        }
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

    pub(super) fn run(&mut self) {
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
                // Free the particle once the time is up and ζ has an error bar (at least two
                // blocks), or in any case 3 blocks later.
                let due = self
                    .release_at
                    .zip(self.run.as_ref())
                    .is_some_and(|(at, run)| {
                        let t = run.sim.state.time;
                        t >= at && (t >= at + 3.0 * BLOCK_TIME || run.acc.held_friction().is_some())
                    });
                if due {
                    self.release_at = None;
                    // The held epoch's last analysis, with its ζ, stays up for one analysis
                    // period: flat out, a hold can end between two periodic analyses, and a
                    // front end would then never see the held particle's own result.
                    self.publish_analysis();
                    self.set_constrained(false, false);
                }
                self.publish();
            }
            if self.last_analysis.elapsed() >= ANALYSIS_PERIOD {
                self.publish_analysis();
            }
        }
    }

    /// Holds (`on`) or frees the nanoparticle and restarts the accumulators; the free epoch after a
    /// hold keeps the held particle's friction, and with `announce` its first analysis is published
    /// at once (a timed release instead leaves the held epoch's last analysis up for one period).
    fn set_constrained(&mut self, on: bool, announce: bool) {
        if let Some(run) = self.run.as_mut() {
            if run.sim.system.n_star == 0 {
                return;
            }
            run.sim.set_constrained(on);
            if let Some(np) = run.scene.nanoparticle.as_mut() {
                np.constrained = on;
            }
        }
        let what = if on { "constrained" } else { "free" };
        // The held particle's friction describes the same dynamics: the free epoch that
        // follows keeps it for its predictions (any other change forgets it).
        let held = self.run.as_ref().and_then(|r| r.acc.held_friction());
        self.restart_accumulators(&format!("nanoparticle {what}"));
        if let (Some(run), Some(h)) = (self.run.as_mut(), held) {
            run.acc.keep_held_friction(h);
            if announce {
                self.publish_analysis();
            }
        }
    }

    fn has_work(&self) -> bool {
        !self.blown_up
            && self.run.is_some()
            && (self.single_steps > 0 || (self.playing && (self.flat_out || self.granted > 0)))
    }

    /// Takes `n` MD steps, feeding the measurement in production.
    fn advance(&mut self, n: u64) {
        let measure_viscosity = self.viscosity;
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let mut failure = None;
        for k in 0..n {
            let equilibrating = run.equilibrated < run.scene.integration.equilibration_steps;
            let sampled = !equilibrating && LiveMeasurement::samples_step(run.sim.state.step + 1);
            if let Err(e) = run.sim.step(k + 1 == n || (sampled && measure_viscosity)) {
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
                    self.epoch += 1;
                    run.acc = LiveMeasurement::new(
                        &run.scene,
                        &run.sim,
                        measure_viscosity,
                        self.epoch,
                        "equilibration finished".into(),
                    );
                }
                continue;
            }
            if sampled {
                run.acc.push(&run.sim);
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
            body_axes: sim.rigid_body().map(|b| b.axes_scaled()),
            step: sim.state.step,
            time: sim.state.time,
            phase,
            equilibration: (run.equilibrated.min(planned), planned),
            settings,
            steps_per_second: self.steps_per_second,
            total_steps: self.total_steps,
        };
        self.snapshot.put(snapshot);
    }

    fn publish_analysis(&mut self) {
        self.last_analysis = Instant::now();
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let snapshot: AnalysisSnapshot = run.acc.analysis(
            self.run_id,
            run.sim.state.positions.len(),
            run.traces.clone(),
        );
        self.analysis.put(snapshot);
    }
}
