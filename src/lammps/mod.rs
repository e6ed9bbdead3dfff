//! LAMMPS as a second engine: a scene exported exactly as multiscope builds it
//! ([`export`]), and the run brought back into multiscope's own analysis ([`import`]).
//!
//! The exported folder holds:
//! - `data.multiscope`: the initial state of [`crate::scene::Scene::build`] (`units lj`,
//!   `atom_style bond`): positions, image flags, velocities, masses, types, the elastic network;
//! - `in.multiscope`: the force field, integrator, thermostat, field, the held centre of mass,
//!   the scene's equilibration and the segments `multiscope measure` runs (free, held, f^th
//!   windows), each writing the nanoparticle's R, P, F into `nanoparticle.txt`;
//! - `run.sh`: the `mpirun` line; `scene.ron` and `export.json`: what [`import`] needs.
//!
//! Type numbering: LAMMPS type = multiscope type + 1 (1 host, 2 and up the nanoparticle's); atom
//! id = index + 1. A rigid nanoparticle is one `fix rigid/nve` (or `rigid/nvt`) body.
//! Units: reduced Lennard-Jones throughout (LAMMPS `units lj` is the same system).

mod error;
mod export;
mod import;
mod manifest;
mod script;

pub use error::LammpsError;
pub use export::{ExportOptions, export, export_simulation};
pub use import::{Imported, LogThermo, SeriesRow, ThermoSummary, import, read_log, read_series};
pub use manifest::{MANIFEST_FORMAT, Manifest, SERIES_COLUMNS};

/// Name of the initial-state file of an export.
pub const DATA_FILE: &str = "data.multiscope";
/// Name of the LAMMPS input script of an export.
pub const INPUT_FILE: &str = "in.multiscope";
/// Name of the nanoparticle series the input script writes.
pub const SERIES_FILE: &str = "nanoparticle.txt";
/// Name of the LAMMPS log `run.sh` writes.
pub const LOG_FILE: &str = "log.lammps";
/// Name of the rigid body's kinetic-energy series (free segment; rigid nanoparticles only).
pub const BODY_FILE: &str = "body.txt";
/// Name of the optional all-atom dump.
pub const DUMP_FILE: &str = "dump.lammpstrj";
/// Name of the manifest describing the export.
pub const MANIFEST_FILE: &str = "export.json";
/// Name of the scene copy in the export.
pub const SCENE_FILE: &str = "scene.ron";
