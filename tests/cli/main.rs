//! The `multiscope` command line and its files, run as a user would: commands and their JSON,
//! sweeps, reports, trajectories and replay, bad scenes and lessons, fuzzed inputs, interrupted
//! runs, memory estimates, a nanoparticle from a structure file, and what a first run on a bare
//! machine says.

#[path = "../common/mod.rs"]
mod common;

mod bad_scenes;
mod commands;
mod first_run;
mod fuzz_checkpoints_coefficients;
mod fuzz_scenes;
mod interrupted_run;
mod lessons;
mod memory_estimate;
mod nanoparticle_file;
mod replay;
mod report;
mod sweep;
mod trajectory_dump;
