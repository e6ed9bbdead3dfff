//! The desktop app (feature `gui`): a Bevy window with a 3D view of the atoms and egui panels for
//! the controls, the correlation functions and the coarse-grained density.
//!
//! Only this module imports Bevy or egui, and it is a thin view over the Bevy-free live session
//! ([`crate::live`]: the MD worker, its measurement, the coarse-grained worker, the CSV export).
//! One plugin per feature, one file per panel:
//! - [`simulation::SimulationPlugin`]: the Bevy side of the worker (runs under `MinimalPlugins`).
//! - [`coarse::CoarsePlugin`]: the Bevy side of the coarse-grained worker behind the density pane,
//!   and the MD path in (Φ, Π) (runs under `MinimalPlugins`).
//! - [`view::AtomViewPlugin`]: instanced spheres, the centre-of-mass marker and trail, the box.
//! - [`camera::OrbitCameraPlugin`]: orbit / zoom / pan with the mouse, "follow nanoparticle".
//! - [`ui::PanelsPlugin`]: the controls panel, the plots panel and the density pane; the 3D view
//!   gets the area the panels leave free.
//! - [`replay::ReplayPlugin`]: in place of the simulation, plays a finished run (`open --replay`).
//! - [`lesson::LessonPlugin`]: the lesson being followed; each step's commands and view options
//!   (runs under `MinimalPlugins`; the step window is a panel).
//! - [`preferences::PreferencesPlugin`]: view options and panel settings kept between sessions.
//! - [`capture::CapturePlugin`]: screenshots (button, F12) and the `--frames N --report` mode.
//! - [`crash::CrashPlugin`]: what the panic hook saves (settings, plotted series) kept current.
//! - [`frame_cap::FrameCapPlugin`]: at most 30 frames per second (5 in the background), so the MD
//!   keeps the cores.
//!
//! Before Bevy starts, [`preflight`] checks the display and picks the graphics backend (Vulkan,
//! else OpenGL ES), so that a machine without either gets one message instead of a panic.
//!
//! Frame order in `Update`: [`AppSet::Control`] (input) → [`AppSet::Step`] (commands to the
//! workers; the MD itself runs on the worker) → [`AppSet::Publish`] (take the newest snapshot) →
//! [`AppSet::View`] (write transforms, draw gizmos, take the newest density). The panels draw in
//! bevy_egui's pass.

#![warn(missing_docs)]

pub mod camera;
pub mod capture;
pub mod coarse;
pub mod crash;
pub mod file_drop;
pub mod frame_cap;
pub mod lesson;
pub mod preferences;
pub mod preflight;
pub mod replay;
pub mod simulation;
pub mod ui;
pub mod view;

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::settings::{RenderCreation, WgpuSettings};
use bevy::window::{PresentMode, WindowResolution};
use bevy_egui::EguiPlugin;

use crate::live::SimCommand;
use crate::scene::{Scene, SceneError};

/// The phases of a frame, in order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSet {
    /// Read mouse and keyboard.
    Control,
    /// Send the frame's commands to the MD and coarse-grained workers (they run on their own
    /// threads).
    Step,
    /// Take the newest snapshot and the worker's events.
    Publish,
    /// Bring the 3D view, the density and the (Φ, Π) path up to date with the snapshot.
    View,
}

/// How the app was started.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// The scene to open.
    pub scene: Scene,
    /// Its name in messages (file path or built-in name).
    pub scene_name: String,
    /// Error of the scene the user asked for, if it failed and `scene` is the fallback.
    pub startup_error: Option<SceneError>,
    /// Folder listed by the scene picker.
    pub scenes_dir: PathBuf,
    /// Run this many frames, then exit.
    pub frames: Option<u64>,
    /// Print frame-time percentiles and MD speed at exit.
    pub report: bool,
    /// Save a screenshot here at the end of a `--frames` run.
    pub screenshot: Option<PathBuf>,
    /// Start paused.
    pub paused: bool,
    /// Pace the MD at this many steps per frame instead of running it at full speed.
    pub steps_per_frame: Option<u32>,
    /// Start the density pane by itself once a friction is measured.
    pub density: Option<ui::density::AutoStart>,
    /// Start with argon units shown.
    pub argon: bool,
    /// Show the plots panel's "MD vs theory" tab at start.
    pub theory: bool,
    /// Hold the nanoparticle for this long [τ] of production first (ζ), then free it.
    pub hold_for: Option<f64>,
    /// MD threads (default: all cores, see [`crate::live::default_md_threads`]).
    pub md_threads: Option<usize>,
    /// Panic on purpose after this many frames (tests the panic hook).
    pub panic_after_frames: Option<u64>,
    /// Frame-rate cap while focused [frames/s]; 0 for none.
    pub fps: f64,
    /// A lesson to start at once (`open --lesson NAME`).
    pub lesson: Option<crate::lesson::LoadedLesson>,
    /// The step to start it at (0-based; `open --lesson-step K` is 1-based).
    pub lesson_step: usize,
    /// Tour the lesson, a screenshot per step into this folder, then exit.
    pub lesson_tour: Option<PathBuf>,
    /// Frames each step of a tour is shown before its screenshot.
    pub tour_frames: u64,
    /// Play this finished run instead of running the MD (`open --replay`; taken when the app
    /// is built).
    pub replay: Option<std::sync::Arc<std::sync::Mutex<Option<crate::live::replay::Replay>>>>,
}

/// The renderer [`preflight`] chose, for the window's Messages.
#[derive(Resource, Debug, Clone)]
pub struct ChosenRenderer(pub preflight::Renderer);

/// The whole app on top of `DefaultPlugins` and `EguiPlugin`.
pub struct MultiscopePlugin {
    /// How the app was started.
    pub options: AppOptions,
}

impl Plugin for MultiscopePlugin {
    fn build(&self, app: &mut App) {
        let o = &self.options;
        app.configure_sets(
            Update,
            (AppSet::Control, AppSet::Step, AppSet::Publish, AppSet::View).chain(),
        )
        .add_plugins((
            view::AtomViewPlugin,
            coarse::CoarsePlugin,
            camera::OrbitCameraPlugin,
            file_drop::FileDropPlugin,
            ui::PanelsPlugin {
                scenes_dir: o.scenes_dir.clone(),
                startup_error: o.startup_error.clone(),
                density: o.density,
                argon: o.argon,
                theory: o.theory,
            },
            lesson::LessonPlugin {
                start: o.lesson.clone().map(|l| (l, o.lesson_step)),
                tour: o
                    .lesson_tour
                    .clone()
                    .map(|dir| lesson::LessonTour::new(dir, o.tour_frames)),
            },
            preferences::PreferencesPlugin {
                // Interactive sessions only: `--frames` runs start from the defaults.
                path: o
                    .frames
                    .is_none()
                    .then(preferences::Preferences::default_path)
                    .flatten(),
                argon: o.argon,
            },
            capture::CapturePlugin {
                frames: o.frames,
                report: o.report,
                screenshot: o.screenshot.clone(),
            },
            crash::CrashPlugin {
                panic_after_frames: o.panic_after_frames,
            },
            frame_cap::FrameCapPlugin { fps: o.fps },
        ))
        .add_systems(PostStartup, announce_renderer);
        let replay = o
            .replay
            .as_ref()
            .and_then(|r| r.lock().ok().and_then(|mut r| r.take()));
        match replay {
            Some(r) => app.add_plugins(replay::ReplayPlugin::new(r)),
            None => app.add_plugins(
                simulation::SimulationPlugin::new(o.scene.clone(), o.scene_name.clone(), !o.paused)
                    .with_initial(initial_commands(o))
                    .with_threads(o.md_threads.unwrap_or_else(crate::live::default_md_threads)),
            ),
        };
    }
}

/// Says in the window's Messages what draws it (and why, if it is a fallback).
fn announce_renderer(chosen: Option<Res<ChosenRenderer>>, mut log: ResMut<simulation::EngineLog>) {
    let Some(c) = chosen else { return };
    if let Some(why) = &c.0.fallback_from {
        log.notice(format!(
            "no first-choice graphics adapter ({why}); falling back"
        ));
    }
    log.notice(format!("drawing with {}", c.0.adapter.describe()));
}

/// The commands that set up the worker as `options` ask, before the first frame.
fn initial_commands(options: &AppOptions) -> Vec<SimCommand> {
    let mut commands: Vec<SimCommand> = options
        .hold_for
        .map(SimCommand::HoldFor)
        .into_iter()
        .collect();
    commands.extend(match options.steps_per_frame {
        Some(n) => vec![
            SimCommand::SetStepsPerFrame(n.max(1)),
            SimCommand::SetFlatOut(false),
        ],
        None => vec![SimCommand::SetFlatOut(true)],
    });
    commands
}

/// Opens the window and runs until it is closed (or `--frames` are done); returns the exit code:
/// 2 with a message when there is no display or graphics adapter, [`crash::EXIT_INTERNAL_ERROR`]
/// after a panic (reported by the hook, with what it saved).
pub fn run(options: AppOptions) -> i32 {
    let renderer = match preflight::preflight() {
        Ok(r) => r,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    crash::install_hook();
    crash::set_gl_fallback(
        renderer.fallback_from.is_some() && renderer.backends == wgpu::Backends::GL,
    );
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_window(options, renderer)
    }));
    // Bevy catches a panic in a system and exits with its own code: the hook's code wins.
    match code {
        Ok(code) if !crash::panicked() => code,
        _ => crash::exit_code(),
    }
}

/// Builds and runs the Bevy app on the chosen renderer.
fn run_window(options: AppOptions, renderer: preflight::Renderer) -> i32 {
    // Without vsync in `--frames` runs, so that frame times measure the work, not the display.
    let present_mode = if options.frames.is_some() {
        PresentMode::AutoNoVsync
    } else {
        PresentMode::AutoVsync
    };
    // In `--frames` runs every frame draws everything it will ever draw: pipelines compile before
    // the frame that needs them (the first frames take longer) instead of popping in later, so a
    // screenshot after N frames is complete.
    let synchronous_pipeline_compilation = options.frames.is_some();
    let title = format!("multiscope — {}", options.scene_name);
    let exit = App::new()
        .insert_resource(ClearColor(Color::srgb(0.06, 0.07, 0.09)))
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title,
                        resolution: WindowResolution::new(1200, 760),
                        present_mode,
                        ..default()
                    }),
                    ..default()
                })
                .set(RenderPlugin {
                    synchronous_pipeline_compilation,
                    render_creation: RenderCreation::Automatic(Box::new(WgpuSettings {
                        backends: Some(renderer.backends),
                        ..default()
                    })),
                    ..default()
                }),
        )
        .insert_resource(ChosenRenderer(renderer))
        .add_plugins(EguiPlugin::default())
        .add_plugins(MultiscopePlugin { options })
        .run();
    match exit {
        AppExit::Success => 0,
        AppExit::Error(code) => i32::from(code.get()),
    }
}
