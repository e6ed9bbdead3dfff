//! `multiscope export SCENE --lammps DIR`: write the scene as a LAMMPS run (see
//! [`crate::lammps`]).

use std::path::PathBuf;

use clap::Args;

use super::args::SegmentArgs;
use super::{CliError, load_scene_with};
use crate::lammps::{ExportOptions, export};
use crate::scene::Scene;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// A nanoparticle from a structure file.
    #[command(flatten)]
    pub particle: super::args::ParticleArgs,
    /// Folder for the LAMMPS run (data.multiscope, in.multiscope, run.sh, scene.ron,
    /// export.json); created if needed.
    #[arg(long, value_name = "DIR")]
    pub lammps: PathBuf,
    /// Number of host atoms (overrides the scene's; the box follows its density).
    #[arg(long)]
    pub host_atoms: Option<usize>,
    /// The segments and their sampling.
    #[command(flatten)]
    pub segments: SegmentArgs,
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
    let (mut scene, mut name) = load_scene_with(&args.scene, &args.particle)?;
    if let Some(seed) = args.seed {
        scene.seed = seed;
    }
    if let Some(n) = args.host_atoms {
        scene.host_atoms = n;
        // Validate the changed scene as a whole (the box, the cut-off, the memory).
        name = format!("{name} (with --host-atoms {n})");
        scene = Scene::parse(&scene.to_ron(), &name)?;
    }
    if let Some(p) = scene.particle().filter(|p| p.species.len() > 1) {
        return Err(CliError::Usage(format!(
            "{name}: the nanoparticle has {} elements, and the LAMMPS export writes two atom \
             types (host and nanoparticle); export a particle of one element",
            p.species.len()
        )));
    }
    let options = ExportOptions {
        segments: args.segments.segments(),
        thermo_every: args.thermo_every,
        dump_every: args.dump_every,
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
