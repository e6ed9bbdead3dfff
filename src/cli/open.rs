//! `multiscope open [SCENE]`: the desktop app (feature `gui`). Without arguments `multiscope`
//! opens the built-in default scene.

use std::path::PathBuf;

use clap::Args;

use super::load_scene;
use crate::app::{AppOptions, run as run_app};
use crate::scene::{DEFAULT_SCENE_NAME, Scene};

/// Arguments of `open`.
#[derive(Debug, Args, Default)]
pub struct OpenArgs {
    /// Scene file (RON), or `default`; the built-in scene when omitted. A scene that fails to
    /// load is reported in the window and the built-in scene runs instead.
    pub scene: Option<PathBuf>,
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
    /// Run the MD as fast as its thread can instead of a fixed number of steps per frame.
    #[arg(long)]
    pub flat_out: bool,
    /// Folder the scene picker lists (default `scenes`).
    #[arg(long)]
    pub scenes_dir: Option<PathBuf>,
}

/// Opens the window; returns the process exit code.
pub fn run(args: &OpenArgs) -> i32 {
    let requested = args
        .scene
        .clone()
        .unwrap_or_else(|| PathBuf::from("default"));
    let (scene, scene_name, startup_error) = match load_scene(&requested) {
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
        flat_out: args.flat_out,
    })
}
