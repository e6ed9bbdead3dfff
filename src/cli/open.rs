//! `multiscope open [SCENE]`: the desktop app (feature `gui`). Without arguments `multiscope`
//! opens the built-in default scene.

use std::path::PathBuf;

use clap::Args;

use super::load_scene_with;
use crate::app::ui::density::AutoStart;
use crate::app::{AppOptions, run as run_app};
use crate::scene::{DEFAULT_SCENE_NAME, Scene};

/// Arguments of `open`.
#[derive(Debug, Args, Default)]
pub struct OpenArgs {
    /// Scene file (RON), or `default`; the built-in scene when omitted. A scene that fails to
    /// load is reported in the window and the built-in scene runs instead.
    pub scene: Option<PathBuf>,
    /// A nanoparticle from a structure file.
    #[command(flatten)]
    pub particle: super::args::ParticleArgs,
    /// Run this many frames, then exit.
    #[arg(long)]
    pub frames: Option<u64>,
    /// With `--frames`: print frame-time percentiles (p50, p90, p99) and MD steps per second.
    #[arg(long, requires = "frames")]
    pub report: bool,
    /// With `--frames`: save a PNG screenshot of the window after the last frame.
    #[arg(long, requires = "frames")]
    pub screenshot: Option<PathBuf>,
    /// Start paused.
    #[arg(long)]
    pub paused: bool,
    /// Pace the MD at this many steps per frame instead of running it at full speed.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub steps_per_frame: Option<u32>,
    /// Start the coarse-grained density by itself as soon as a friction has been measured: from
    /// `equilibrium` or from the `nanoparticle`'s (Φ, Π) at that moment.
    #[arg(long, value_enum)]
    pub density: Option<OpenDensity>,
    /// Show the plots and coefficients in argon units (σ = 0.3405 nm, ε_LJ/k_B = 119.8 K,
    /// m = 39.948 u) instead of reduced ones; a checkbox switches back.
    #[arg(long)]
    pub argon: bool,
    /// Open on the plots panel's "MD vs theory" tab.
    #[arg(long)]
    pub theory: bool,
    /// Hold the nanoparticle for at least this long [τ] of production first, and until ζ has an
    /// error bar (20 τ), then free it: the free particle's predictions need the held particle's
    /// friction.
    #[arg(long, value_parser = positive_time)]
    pub hold_for: Option<f64>,
    /// Frame-rate cap while the window is focused [frames/s] (default 30; 5 while it is not
    /// focused); 0 for none. The MD runs on its own threads: a lower cap leaves it more of the
    /// processor.
    #[arg(long, value_parser = fps)]
    pub fps: Option<f64>,
    /// MD threads (default: all cores, as `run` uses).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub md_threads: Option<u16>,
    /// Folder the scene picker lists (default `scenes`).
    #[arg(long)]
    pub scenes_dir: Option<PathBuf>,
    /// Start a guided lesson: a file name from scenes/lessons (`brownian-motion`,
    /// `1-brownian-motion`) or a path to a lesson file.
    #[arg(long)]
    pub lesson: Option<String>,
    /// With `--lesson`: start at this step (1 is the first), with every earlier step's settings
    /// applied.
    #[arg(long, requires = "lesson", value_parser = clap::value_parser!(u32).range(1..))]
    pub lesson_step: Option<u32>,
    /// With `--lesson`: tour it, showing each step for `--tour-frames` frames and saving a
    /// screenshot of it in this folder (`step-1.png`, `step-2.png`, …), then exit: a handout, or a
    /// check that every step sets up.
    #[arg(long, requires = "lesson", conflicts_with = "frames")]
    pub tour: Option<PathBuf>,
    /// Frames each step of a `--tour` is shown before its screenshot.
    #[arg(long, default_value_t = 90, requires = "tour", value_parser = clap::value_parser!(u64).range(1..))]
    pub tour_frames: u64,
    /// Play a finished run instead of simulating: a folder `multiscope export --lammps` wrote
    /// and LAMMPS ran in (exported with `--dump-every K`: its dump, log and analysis), or a dump
    /// file (`multiscope run --dump FILE`, or LAMMPS `dump custom id type xu yu zu`).
    #[arg(long, conflicts_with_all = ["lesson", "scene"])]
    pub replay: Option<PathBuf>,
    /// Panic on purpose after this many frames: tests that the panic hook reports the error and
    /// saves the settings and plotted series.
    #[arg(long, hide = true)]
    pub panic_after_frames: Option<u64>,
}

/// Opens the window; returns the process exit code.
pub fn run(args: &OpenArgs) -> i32 {
    let requested = args
        .scene
        .clone()
        .unwrap_or_else(|| PathBuf::from("default"));
    let (scene, scene_name, startup_error) = match load_scene_with(&requested, &args.particle) {
        Ok((scene, name)) => (scene, name, None),
        Err(e) => {
            eprintln!("error: {e}\nopening the built-in scene instead");
            (
                Scene::default_scene(),
                DEFAULT_SCENE_NAME.to_string(),
                Some(e),
            )
        }
    };
    let lesson = match &args.lesson {
        None => None,
        Some(name) => {
            let path = std::path::Path::new(name);
            let found = if name.ends_with(".ron") || path.components().count() > 1 {
                crate::lesson::load(path)
            } else {
                crate::lesson::find(std::path::Path::new(crate::lesson::LESSONS_DIR), name)
            };
            match found {
                Ok(l) => Some(l),
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            }
        }
    };
    let replay = match &args.replay {
        None => None,
        Some(path) => match crate::live::replay::Replay::open(path) {
            Ok(r) => Some(std::sync::Arc::new(std::sync::Mutex::new(Some(r)))),
            Err(e) => {
                eprintln!("error: cannot replay {}: {e}", path.display());
                return 2;
            }
        },
    };
    if let Some(dir) = &args.tour
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!(
            "error: cannot create the tour's folder {}: {e}; give --tour a folder you can write",
            dir.display()
        );
        return 2;
    }
    run_app(AppOptions {
        scene,
        scene_name,
        startup_error,
        scenes_dir: args
            .scenes_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("scenes")),
        frames: args.frames,
        report: args.report,
        screenshot: args.screenshot.clone(),
        paused: args.paused,
        steps_per_frame: args.steps_per_frame,
        argon: args.argon,
        theory: args.theory,
        hold_for: args.hold_for,
        md_threads: args.md_threads.map(usize::from),
        panic_after_frames: args.panic_after_frames,
        fps: args.fps.unwrap_or(crate::app::frame_cap::DEFAULT_FPS),
        lesson,
        lesson_step: args.lesson_step.map_or(0, |k| k as usize - 1),
        lesson_tour: args.tour.clone(),
        tour_frames: args.tour_frames,
        replay,
        density: args.density.map(|d| match d {
            OpenDensity::Equilibrium => AutoStart::Equilibrium,
            OpenDensity::Nanoparticle => AutoStart::Nanoparticle,
        }),
    })
}

/// A positive, finite time [τ].
fn positive_time(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 => Ok(t),
        _ => Err(format!("`{s}` is not a positive time in τ (e.g. 30)")),
    }
}

/// A frame rate [frames/s]: finite and not negative (0: no cap).
fn fps(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() && f >= 0.0 => Ok(f),
        _ => Err(format!(
            "`{s}` is not a frame rate (e.g. 30, or 0 for no cap)"
        )),
    }
}

/// `--density`: how the density pane starts by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OpenDensity {
    /// From equilibrium.
    Equilibrium,
    /// From the nanoparticle's current (Φ, Π).
    Nanoparticle,
}
