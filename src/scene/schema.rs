//! The RON scene schema (`version: 1`).

use serde::{Deserialize, Serialize};

use crate::field::ExternalField;
use crate::md::{PairInteraction, Shape};

/// A scene file: everything needed to set up and run one simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Schema version; must be 1.
    pub version: u32,
    /// One line saying what the scene shows.
    pub description: String,
    /// Seed of every random stream (placement, velocities, thermostat).
    pub seed: u64,
    /// Number of host atoms.
    pub host_atoms: usize,
    /// Box size, directly or through the number density.
    #[serde(rename = "box")]
    pub box_size: BoxSize,
    /// Temperature T [ε_LJ/k_B] of the initial velocities and the thermostat target.
    pub temperature: f64,
    /// The nanoparticle, if any.
    #[serde(default)]
    pub nanoparticle: Option<NanoparticleSpec>,
    /// Pair interactions by type pair.
    pub interactions: Interactions,
    /// Time stepping and neighbour list.
    pub integration: Integration,
    /// Thermostat.
    #[serde(default)]
    pub thermostat: ThermostatSpec,
    /// External field on the nanoparticle's centre of mass.
    #[serde(default)]
    pub field: ExternalField,
}

/// How big the cubic box is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum BoxSize {
    /// Total number density ρ = N/V [σ⁻³] of all atoms (host and nanoparticle).
    Density(f64),
    /// Edge length L [σ].
    Length(f64),
}

/// The nanoparticle: shape, mass ratio and elastic network.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NanoparticleSpec {
    /// Shape the atoms are built from.
    pub shape: Shape,
    /// Mass ratio ε = m̂/m [dimensionless]; each of the N* atoms weighs m̂/(εN*).
    pub epsilon: f64,
    /// Atoms closer than this at build time are bonded [σ].
    pub bond_cutoff: f64,
    /// Spring constant of the elastic network k [ε_LJ/σ²].
    pub bond_stiffness: f64,
    /// Hold the centre of mass fixed (the constrained dynamics L₀ used to measure θ and f^th).
    #[serde(default)]
    pub constrained: bool,
    /// How the particle's atoms move together: bonded by the elastic network (the default) or
    /// as one rigid body.
    #[serde(default)]
    pub body: Body,
}

/// How a nanoparticle's atoms move together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Body {
    /// Each atom moves under its forces and the elastic network's bonds
    /// (`bond_cutoff`, `bond_stiffness`): the particle vibrates.
    #[default]
    Elastic,
    /// The atoms move as one rigid body (translation and rotation, docs/physics.md, "The
    /// nanoparticle as a rigid body"); the bonds are not evaluated.
    Rigid,
}

/// Pair interactions between host (h) and nanoparticle (n) atoms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interactions {
    /// Host–host.
    pub host_host: PairInteraction,
    /// Host–nanoparticle.
    pub host_nanoparticle: PairInteraction,
    /// Nanoparticle–nanoparticle (in addition to the elastic network).
    pub nanoparticle_nanoparticle: PairInteraction,
}

/// Time step, neighbour list and equilibration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    /// Time step Δt [τ].
    pub time_step: f64,
    /// Verlet-list skin [σ].
    #[serde(default = "default_skin")]
    pub skin: f64,
    /// Thermostatted steps run before production.
    #[serde(default)]
    pub equilibration_steps: u64,
    /// Arithmetic of the pair forces: `Mixed` (the default: pair forces in f32; positions,
    /// integration and per-atom sums in f64; faster) or `Double` (f64 throughout; the same forces
    /// on every SIMD path).
    #[serde(default)]
    pub precision: crate::md::Precision,
}

fn default_skin() -> f64 {
    0.3
}

/// Thermostat choice and when it acts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThermostatSpec {
    /// Which thermostat.
    pub kind: ThermostatKind,
    /// When it acts.
    #[serde(default)]
    pub during: ThermostatPhase,
}

impl Default for ThermostatSpec {
    fn default() -> Self {
        Self {
            kind: ThermostatKind::None,
            during: ThermostatPhase::Equilibration,
        }
    }
}

/// Thermostats a scene can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum ThermostatKind {
    /// None: plain NVE.
    None,
    /// Stochastic velocity rescaling with relaxation time `tau` [τ].
    Bussi {
        /// Relaxation time τ_T [τ].
        tau: f64,
    },
    /// Langevin (BAOAB) with friction rate `friction` [1/τ].
    Langevin {
        /// Friction rate γ [1/τ].
        friction: f64,
    },
}

/// When the thermostat acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThermostatPhase {
    /// Only during equilibration; production is NVE (for correlation functions).
    #[default]
    Equilibration,
    /// Always (weakly thermostatted production).
    Always,
}
