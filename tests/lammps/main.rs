//! Comparisons with LAMMPS on exported scenes (NVE trajectories, thermostatted statistics,
//! mean-force profiles, imported diffusion) and the import of bad LAMMPS files. The comparisons
//! need `lmp`, or `MULTISCOPE_NO_LAMMPS=1` to skip them on purpose (see `common::lammps`).

#[path = "../common/mod.rs"]
mod common;

mod bad_files;
mod default_scene_statistics;
mod mean_force_profile;
mod nve_matches;
mod rigid_body;
mod three_types;
