//! `ReplayPlugin`: plays a finished run ([`crate::live::replay::Replay`]: a LAMMPS run of an
//! export, or a dump file) in place of the MD worker. It fills the same resources the
//! [`super::simulation::SimulationPlugin`] fills — the newest snapshot (the frame shown) and the
//! analysis (the import's) — so the 3D view, the plots and the density pane show the replay as
//! they show a live run. The player (play, pause, scrub, speed) is [`super::ui::player`].

use std::sync::Mutex;

use bevy::prelude::*;

use super::AppSet;
use super::simulation::{EngineLog, LatestAnalysis, LatestSnapshot, PendingCommands};
use crate::live::SimCommand;
use crate::live::replay::Replay;

/// The replay and where the player is in it.
#[derive(Resource)]
pub struct Player {
    replay: Replay,
    /// Frames in the dump.
    pub frames: usize,
    /// Position [frames] (fractional while playing).
    pub position: f64,
    /// Playing or paused.
    pub playing: bool,
    /// Playback speed [frames per second of wall time].
    pub speed: f64,
    /// Start again at the first frame after the last.
    pub looping: bool,
    /// The frame published, and whether it was published playing.
    shown: Option<(usize, bool)>,
    told_settings: bool,
}

impl Player {
    /// The frame shown (or about to be).
    pub fn frame(&self) -> usize {
        (self.position.max(0.0) as usize).min(self.frames.saturating_sub(1))
    }

    /// What is replayed.
    pub fn name(&self) -> &str {
        &self.replay.name
    }
}

/// Plays `replay` instead of running the MD.
pub struct ReplayPlugin {
    replay: Mutex<Option<Replay>>,
}

impl ReplayPlugin {
    /// A plugin that plays `replay`.
    pub fn new(replay: Replay) -> Self {
        Self {
            replay: Mutex::new(Some(replay)),
        }
    }
}

impl Plugin for ReplayPlugin {
    fn build(&self, app: &mut App) {
        let Some(mut replay) = self.replay.lock().ok().and_then(|mut r| r.take()) else {
            return;
        };
        let frames = replay.frames();
        let mut log = EngineLog::default();
        log.notice(format!("replaying {} ({frames} frames)", replay.name));
        if replay.analysis.is_none() {
            log.notice(
                "a dump alone carries no (P, F) series: the plots stay empty; replay an export \
                 folder to see its analysis",
            );
        }
        let analysis = LatestAnalysis(replay.analysis.clone());
        app.insert_resource(Player {
            replay,
            frames,
            position: 0.0,
            playing: true,
            speed: 10.0,
            looping: true,
            shown: None,
            told_settings: false,
        })
        .insert_resource(log)
        .insert_resource(analysis)
        .init_resource::<PendingCommands>()
        .init_resource::<LatestSnapshot>()
        .add_systems(Update, play.in_set(AppSet::Step));
    }
}

/// Advances the player and publishes the frame shown; the panels' commands have no engine to
/// reach, and the log says so once.
fn play(
    time: Res<Time>,
    mut player: ResMut<Player>,
    mut latest: ResMut<LatestSnapshot>,
    mut pending: ResMut<PendingCommands>,
    mut log: ResMut<EngineLog>,
) {
    let mut changes_settings = false;
    for c in pending.0.drain(..) {
        match c {
            SimCommand::Play => player.playing = true,
            SimCommand::Pause => player.playing = false,
            SimCommand::Frame => {}
            _ => changes_settings = true,
        }
    }
    if changes_settings && !player.told_settings {
        player.told_settings = true;
        log.notice("replaying a finished run: its settings cannot change");
    }
    if player.playing && player.frames > 0 {
        player.position += player.speed * time.delta_secs_f64();
        if player.position >= player.frames as f64 {
            if player.looping {
                player.position = 0.0;
            } else {
                player.position = (player.frames - 1) as f64;
                player.playing = false;
            }
        }
    }
    let frame = player.frame();
    let playing = player.playing;
    if player.shown == Some((frame, playing)) {
        return;
    }
    player.shown = Some((frame, playing));
    match player.replay.snapshot(frame, playing) {
        Ok(s) => latest.0 = Some(s),
        Err(e) => {
            player.playing = false;
            log.notice(format!("replay stopped: {e}"));
        }
    }
}
