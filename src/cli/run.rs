//! `multiscope run SCENE`: a headless run.

use std::path::PathBuf;

use clap::Args;

use super::CliError;

/// Arguments of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// Production steps (after the scene's equilibration).
    #[arg(long, default_value_t = 10000)]
    pub steps: u64,
}

/// Runs the scene.
pub fn run(_args: &RunArgs) -> Result<(), CliError> {
    Err(CliError::Usage("run is being written".into()))
}
