//! `SimulationPlugin`: the Bevy side of the MD worker. It owns the [`EngineHandle`], forwards the
//! frame's [`SimCommand`]s and takes the newest [`Snapshot`] into [`LatestSnapshot`]. It needs
//! nothing but `MinimalPlugins`, so tests can drive it with `app.update()`.

use bevy::prelude::*;

use super::AppSet;
use crate::live::{AnalysisSnapshot, EngineEvent, EngineHandle, SimCommand, Snapshot};
use crate::md::MdError;
use crate::scene::{Scene, SceneError};

/// Starts the MD worker on a scene and connects it to the frame.
pub struct SimulationPlugin {
    scene: Scene,
    name: String,
    play: bool,
    threads: usize,
    initial: Vec<SimCommand>,
}

impl SimulationPlugin {
    /// The worker will run `scene` (named `name` in messages), playing at once if `play`.
    pub fn new(scene: Scene, name: String, play: bool) -> Self {
        Self {
            scene,
            name,
            play,
            threads: crate::live::default_md_threads(),
            initial: Vec::new(),
        }
    }

    /// The MD's thread count (default [`crate::live::default_md_threads`]).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Commands to send before the first frame.
    pub fn with_initial(mut self, commands: Vec<SimCommand>) -> Self {
        self.initial = commands;
        self
    }
}

impl Plugin for SimulationPlugin {
    fn build(&self, app: &mut App) {
        let handle = EngineHandle::spawn(
            self.scene.clone(),
            self.name.clone(),
            self.play,
            self.threads,
        );
        for c in &self.initial {
            handle.send(c.clone());
        }
        app.insert_resource(Engine(handle))
            .init_resource::<PendingCommands>()
            .init_resource::<LatestSnapshot>()
            .init_resource::<LatestAnalysis>()
            .init_resource::<EngineLog>()
            .add_systems(Update, send_commands.in_set(AppSet::Step))
            .add_systems(
                Update,
                (receive_snapshots, receive_events).in_set(AppSet::Publish),
            );
    }
}

/// The worker thread's handle (dropping it stops the worker).
#[derive(Resource)]
pub struct Engine(pub EngineHandle);

/// Commands queued during this frame by the panels and keys; sent in [`AppSet::Step`].
#[derive(Resource, Default, Debug)]
pub struct PendingCommands(pub Vec<SimCommand>);

impl PendingCommands {
    /// Queues a command for the worker.
    pub fn push(&mut self, command: SimCommand) {
        self.0.push(command);
    }
}

/// The newest snapshot of the simulation (changes only when a new one arrived).
#[derive(Resource, Default, Debug)]
pub struct LatestSnapshot(pub Option<Snapshot>);

/// The newest correlation analysis (a few times per second).
#[derive(Resource, Default, Debug)]
pub struct LatestAnalysis(pub Option<AnalysisSnapshot>);

/// What the worker reported, for the panels to show.
#[derive(Resource, Default, Debug)]
pub struct EngineLog {
    /// The last scene that failed to load, with file, line and column.
    pub scene_error: Option<SceneError>,
    /// The blow-up that paused the simulation, until a reset or a new scene.
    pub blow_up: Option<MdError>,
    /// Recent one-line notices, newest last.
    pub notices: Vec<String>,
    /// Snapshots received so far.
    pub snapshots: u64,
    /// The worker thread ended unexpectedly (a bug): nothing will move any more.
    pub worker_died: bool,
}

impl EngineLog {
    /// Adds a notice (keeps the last 8).
    pub fn notice(&mut self, text: impl Into<String>) {
        self.notices.push(text.into());
        let n = self.notices.len();
        if n > 8 {
            self.notices.drain(..n - 8);
        }
    }
}

/// Sends the queued commands and this frame's step grant to the worker (never waits).
pub fn send_commands(engine: Res<Engine>, mut pending: ResMut<PendingCommands>) {
    for c in pending.0.drain(..) {
        engine.0.send(c);
    }
    engine.0.send(SimCommand::Frame);
}

/// Moves the newest snapshot and analysis, if any arrived, into their resources.
pub fn receive_snapshots(
    engine: Res<Engine>,
    mut latest: ResMut<LatestSnapshot>,
    mut analysis: ResMut<LatestAnalysis>,
    mut log: ResMut<EngineLog>,
) {
    if let Some(s) = engine.0.take_snapshot() {
        latest.0 = Some(s);
        log.snapshots += 1;
    }
    if let Some(a) = engine.0.take_analysis() {
        analysis.0 = Some(a);
    }
}

/// Records the worker's events in the [`EngineLog`].
pub fn receive_events(engine: Res<Engine>, mut log: ResMut<EngineLog>) {
    if !log.worker_died && !engine.0.is_alive() {
        log.worker_died = true;
        log.notice("the MD worker thread stopped unexpectedly; see the terminal for the panic");
    }
    for e in engine.0.drain_events() {
        match e {
            EngineEvent::SceneLoaded(name) => {
                log.blow_up = None;
                log.notice(format!("running {name}"));
            }
            EngineEvent::SceneFailed(err) => {
                log.notice("a scene failed to load; the previous simulation goes on");
                log.scene_error = Some(err);
            }
            EngineEvent::BlewUp(err) => {
                log.notice("the simulation blew up and is paused");
                log.blow_up = Some(err);
            }
            EngineEvent::AccumulatorsRestarted(why) => {
                log.notice(format!("correlations restarted: {why}"));
            }
            EngineEvent::Saved(path) => log.notice(format!("scene saved to {}", path.display())),
            EngineEvent::SaveFailed(why) => log.notice(format!("could not save the scene: {why}")),
        }
    }
}
