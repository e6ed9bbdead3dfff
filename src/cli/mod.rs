//! The command line: one file per subcommand, with the arguments several share (`args`), the
//! errors and exit codes (`error`) and Ctrl-C handling (`interrupt`); this file parses and
//! dispatches.

mod args;
mod bench;
mod check;
mod doctor;
mod error;
mod export;
mod import;
mod interrupt;
mod measure;
#[cfg(feature = "gui")]
mod open;
mod run;
mod solve;
mod sweep;

use std::path::Path;

use clap::{Parser, Subcommand};

pub use check::check_scene;
pub use error::CliError;

use crate::scene::{DEFAULT_SCENE_NAME, Scene, SceneError};

/// multiscope: watch a nanoparticle jiggle in an atomistic fluid and see its coarse-grained
/// theory emerge from the simulation.
#[derive(Debug, Parser)]
#[command(name = "multiscope", version, about)]
pub struct Cli {
    /// What to do.
    #[cfg(not(feature = "gui"))]
    #[command(subcommand)]
    pub command: Command,
    /// What to do (the app on the built-in scene when omitted).
    #[cfg(feature = "gui")]
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a scene file and print a summary of the system it describes.
    Check(check::CheckArgs),
    /// Run a scene headless and write its time series.
    Run(run::RunArgs),
    /// The standard Lennard-Jones benchmark (fcc ρ* = 0.8442, T* = 1.44, r_c = 2.5σ, NVE).
    Bench(bench::BenchArgs),
    /// Measure the coarse-grained coefficients (γ, θ, ζ, D, f^th) and host transport of a scene.
    Measure(measure::MeasureArgs),
    /// Solve the Smoluchowski or Fokker–Planck equation with measured coefficients.
    Solve(solve::SolveArgs),
    /// Measure at each of several mass ratios ε or host sizes and compare the diffusion routes.
    Sweep(sweep::SweepArgs),
    /// Write a scene as a LAMMPS run (data file, input script, mpirun line).
    Export(export::ExportArgs),
    /// Read a LAMMPS run of an export back into the analysis of `measure`.
    Import(import::ImportArgs),
    /// Open the desktop app on a scene (the built-in scene when omitted).
    #[cfg(feature = "gui")]
    Open(open::OpenArgs),
    /// Print what this machine offers multiscope (processor, SIMD path, memory, display, graphics
    /// adapters) and what to install for anything missing.
    Doctor,
}

/// Loads a scene from a path, or the built-in default scene for `default`.
pub fn load_scene(path: &Path) -> Result<(Scene, String), SceneError> {
    if path.as_os_str() == "default" {
        return Ok((Scene::default_scene(), DEFAULT_SCENE_NAME.to_string()));
    }
    Ok((Scene::load(path)?, path.display().to_string()))
}

/// Loads a scene as [`load_scene`] does, with the particle of structure file `particle` (relative
/// to the working directory) in place of its own when given, and validates the result.
pub fn load_scene_with(
    path: &Path,
    particle: &args::ParticleArgs,
) -> Result<(Scene, String), SceneError> {
    let (mut scene, name) = load_scene(path)?;
    let Some(file) = &particle.nanoparticle else {
        return Ok((scene, name));
    };
    scene.set_structure(file)?;
    let name = format!("{name} with --nanoparticle {}", file.display());
    let scene = Scene::parse(&scene.to_ron(), &name)?;
    Ok((scene, name))
}

/// Runs `f` on a rayon pool of `threads` threads (all cores when `None`).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, CliError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            return Err(CliError::Usage("--threads must be at least 1".to_string()));
        }
        builder = builder.num_threads(t);
    }
    let pool = builder
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start {threads:?} threads: {e}")))?;
    Ok(pool.install(f))
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    #[cfg(not(feature = "gui"))]
    {
        let first = std::env::args_os().nth(1);
        if first.is_none() || first.is_some_and(|a| a == "open") {
            eprintln!("error: {}", crate::system_check::advice::NO_APP_IN_BUILD);
            return 2;
        }
    }
    let cli = Cli::parse();
    #[cfg(feature = "gui")]
    let command = cli
        .command
        .unwrap_or_else(|| Command::Open(open::OpenArgs::default()));
    #[cfg(not(feature = "gui"))]
    let command = cli.command;
    let result = match command {
        #[cfg(feature = "gui")]
        Command::Open(a) => return open::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Run(a) => run::run(&a),
        Command::Bench(a) => bench::run(&a),
        Command::Measure(a) => measure::run(&a),
        Command::Solve(a) => solve::run(&a).map_err(CliError::from),
        Command::Sweep(a) => sweep::run(&a),
        Command::Doctor => doctor::run(),
        Command::Export(a) => export::run(&a),
        Command::Import(a) => import::run(&a),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}
