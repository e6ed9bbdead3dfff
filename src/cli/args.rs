//! Arguments several subcommands share, declared once so that they read and default the same
//! everywhere: the segments of a measurement (`measure` runs them, `export` writes them for
//! LAMMPS), the seed and thread count of a run, and the nanoparticle from a structure file.

use std::path::PathBuf;

use clap::Args;

use crate::measure::Segments;

/// The segments of a measurement: free, held (θ) and the f^th windows, and how they are sampled.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Steps of the free segment (after the scene's equilibration); the held segment runs as
    /// many, the f^th windows share as many (at least 1000 each).
    #[arg(long, default_value_t = 20000)]
    pub steps: u64,
    /// Steps of the held (θ) segment (default: --steps; 0: none).
    #[arg(long)]
    pub constrained_steps: Option<u64>,
    /// Number of f^th windows along x (default: 9 with a field, 5 without; 0: none).
    #[arg(long)]
    pub windows: Option<usize>,
    /// Steps sampled per f^th window (default: max(steps / windows, 1000)).
    #[arg(long)]
    pub window_steps: Option<u64>,
    /// Sample the nanoparticle's R, P, F (and the stress) every this many steps.
    #[arg(long, default_value_t = 2)]
    pub every: u64,
    /// Green–Kubo error blocks per segment.
    #[arg(long, default_value_t = 20)]
    pub blocks: u64,
}

impl SegmentArgs {
    /// The segments these options ask for (the relaxation after holding as `measure`'s default).
    pub fn segments(&self) -> Segments {
        Segments {
            steps: self.steps,
            constrained_steps: self.constrained_steps,
            windows: self.windows,
            window_steps: self.window_steps,
            every: self.every,
            blocks: self.blocks,
            ..Segments::default()
        }
    }
}

/// The seed and the thread count of a run.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Seed of every random stream (overrides the scene's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Same seed and thread count, same numbers.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// A nanoparticle from a structure file in place of the scene's.
#[derive(Debug, Args, Default, Clone)]
pub struct ParticleArgs {
    /// Structure file (.xyz, .pdb, .cif, .data) whose particle replaces the scene's, keeping
    /// the scene's other settings; without a particle in the scene, a free rigid body of its
    /// real mass in argon units (σ = 3.405 Å, m̂ = 39.948 u, ε = 0.2381 kcal/mol).
    #[arg(long, value_name = "FILE")]
    pub nanoparticle: Option<PathBuf>,
}
