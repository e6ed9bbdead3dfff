//! multiscope: all-atom molecular dynamics of a nanoparticle in a Lennard-Jones host, the
//! measurement of its coarse-grained coefficients, and the Smoluchowski / Fokker–Planck equations
//! that those coefficients feed.
//!
//! Units are reduced Lennard-Jones units throughout (see [`units`]).

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod atomic_file;
pub mod cli;
pub mod coarse;
pub mod field;
pub mod file_problem;
pub mod format;
pub mod glossary;
pub mod lammps;
pub mod lesson;
pub mod live;
pub mod md;
pub mod measure;
pub mod predict;
pub mod report;
pub mod scene;
pub mod structure;
pub mod system_check;
pub mod trajectory;
pub mod units;
