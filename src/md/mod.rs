//! The atomistic engine: a nanoparticle in a Lennard-Jones host, in a periodic box.
//!
//! Data flow: a [`System`] (what it is) and a [`State`] (where it is) are advanced by an
//! [`Integrator`] with forces from a [`ForceField`], optionally thermostatted. [`Simulation`] ties
//! them together and exposes the nanoparticle's [`OrderParameters`] and the [`Thermo`] data.

mod bonds;
mod builder;
mod cluster_kernel;
mod csr;
mod error;
mod force_field;
mod integrator;
mod nanoparticle;
mod neighbor_list;
mod no_squish;
mod pair_forces;
mod pair_list;
mod periodic_box;
mod potential;
mod rigid_body;
pub mod simd;
mod simulation;
mod state;
mod system;
mod team;
mod thermostat;

pub use bonds::{HarmonicBond, bond_forces, elastic_network};
pub use builder::{fill_host, host_lattice, maxwell_boltzmann, remove_total_momentum};
pub use cluster_kernel::layout::M as CLUSTER_SIZE;
pub use error::MdError;
pub use force_field::{ForceField, ForceSums, MAX_FORCE, center_of_mass};
pub use integrator::{Integrator, VelocityVerlet};
pub use nanoparticle::Shape;
pub use neighbor_list::{RebuildPolicy, VerletList};
pub use no_squish::NoSquish;
pub use pair_forces::{ForceScratch, PairSums, pair_forces};
pub use pair_list::{ClusterList, DEFAULT_PRUNE_MARGIN, Precision};
pub use periodic_box::PeriodicBox;
pub use potential::{LennardJones, LjCoefficients, PairInteraction, PairPotential, PairTable, Wca};
pub use rigid_body::{POINT_SIZE, RigidBody, ZERO_MOMENT};
pub use simulation::{OrderParameters, RunSettings, Simulation, Thermo};
pub use state::State;
pub use system::{HOST, NANOPARTICLE, System};
pub use thermostat::{AnyThermostat, Bussi, Langevin, Thermostat, kinetic_energy};
