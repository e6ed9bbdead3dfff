//! The molecular dynamics itself: forces are gradients of the energy, NVE conserves energy and
//! momentum, the thermostats sample the canonical ensemble, the LJ fluid matches its reference
//! equation of state, a held nanoparticle stays put, runs and checkpoints are reproducible, a
//! blow-up is reported instead of producing nonsense, a rigid body moves as the exact dynamics
//! does, structure files read into checked particles, and scenes build particles from them with
//! their chemistry.

#[path = "../common/mod.rs"]
mod common;

mod blow_up_is_reported;
mod constrained_nanoparticle;
mod forces_are_gradients;
mod lj_fluid_reference;
mod nve_conservation;
mod reproducibility;
mod rigid_body;
mod structure_files;
mod structure_scenes;
mod thermostats_are_canonical;
