//! `measure` and `predict`: the coarse-grained coefficients measured from MD (Einstein relation,
//! thermal force, LJ transport, reproducibility from the seed) and the predictions made from
//! them, on MD fields and on synthetic Langevin data.

#[path = "../common/mod.rs"]
mod common;

mod einstein;
mod lj_transport;
mod predict_md_fields;
mod predict_synthetic_langevin;
mod reproducible;
mod rotation;
mod thermal_force;
