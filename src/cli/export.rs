//! `multiscope export SCENE --lammps DIR`: write the scene as a LAMMPS run (see
//! [`crate::lammps`]).

use std::path::PathBuf;

use clap::Args;

use super::{CliError, load_scene};
use crate::lammps::{ExportOptions, export};
use crate::scene::Scene;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// Folder for the LAMMPS run (data.multiscope, in.multiscope, run.sh, scene.ron,
    /// export.json); created if needed.
    #[arg(long, value_name = "DIR")]
    pub lammps: PathBuf,
    /// Number of host atoms (overrides the scene's; the box follows its density).
    #[arg(long)]
    pub host_atoms: Option<usize>,
    /// Steps of the free segment (after the scene's equilibration), as `measure --steps`.
    #[arg(long, default_value_t = 20000)]
    pub steps: u64,
    /// Steps of the held (θ) segment (default: --steps; 0: none).
    #[arg(long)]
    pub constrained_steps: Option<u64>,
    /// Number of f^th windows (default: 9 with a field, 5 without; 0: none).
    #[arg(long)]
    pub windows: Option<usize>,
    /// Steps sampled per f^th window (default: max(steps / windows, 1000)).
    #[arg(long)]
    pub window_steps: Option<u64>,
    /// Write the nanoparticle's R, P, F every this many steps.
    #[arg(long, default_value_t = 2)]
    pub every: u64,
    /// Green–Kubo error blocks used on import.
    #[arg(long, default_value_t = 20)]
    pub blocks: u64,
    /// LAMMPS thermo output every this many steps.
    #[arg(long, default_value_t = 100)]
    pub thermo_every: u64,
    /// Also dump all atoms (id type xu yu zu) every this many steps of production, into
    /// dump.lammpstrj (for OVITO, VMD or `multiscope open --replay`).
    #[arg(long)]
    pub dump_every: Option<u64>,
    /// Seed of every random stream (overrides the scene's).
    #[arg(long)]
    pub seed: Option<u64>,
}

/// Runs `export`.
pub fn run(args: &ExportArgs) -> Result<(), CliError> {
    let (mut scene, mut name) = load_scene(&args.scene)?;
    if let Some(seed) = args.seed {
        scene.seed = seed;
    }
    if let Some(n) = args.host_atoms {
        scene.host_atoms = n;
        // Validate the changed scene as a whole (the box, the cut-off, the memory).
        name = format!("{name} (with --host-atoms {n})");
        scene = Scene::parse(&scene.to_ron(), &name)?;
    }
    let options = ExportOptions {
        steps: args.steps,
        constrained_steps: args.constrained_steps,
        windows: args.windows,
        window_steps: args.window_steps,
        every: args.every,
        blocks: args.blocks,
        thermo_every: args.thermo_every,
        dump_every: args.dump_every,
        ..ExportOptions::default()
    };
    let m = export(&scene, &name, &options, &args.lammps)?;
    eprintln!(
        "wrote a LAMMPS run of {} atoms ({} in the nanoparticle) to {}: {} equilibration + {} \
         free + {} held steps, {} f^th windows; thermostat: {}",
        m.atoms,
        m.n_star,
        args.lammps.display(),
        m.equilibration_steps,
        m.steps,
        m.constrained_steps,
        m.windows.len(),
        m.thermostat
    );
    eprintln!(
        "run it with: {}/run.sh   (or mpirun -np N lmp -in in.multiscope); then: multiscope \
         import {} --json",
        args.lammps.display(),
        args.lammps.display()
    );
    Ok(())
}
