//! The RON scene schema (`version: 1`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::field::ExternalField;
use crate::md::{PairInteraction, Shape};
use crate::structure::Structure;

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

/// The nanoparticle: a built-in shape (`shape`) or a structure file (`structure`), its mass
/// ratio, how its atoms move together, and for a file its chemistry.
///
/// Read through [`NanoparticleFields`], so that a field a scene leaves out takes the default of
/// the particle's kind (a file particle is rigid, a shape elastic) and a bare value needs no
/// `Some(…)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "NanoparticleFields", into = "NanoparticleFields")]
pub struct NanoparticleSpec {
    /// Built-in shape the atoms are built from (`None` for a file particle).
    pub shape: Option<Shape>,
    /// Structure file the atoms are read from: a path relative to the scene file's folder (the
    /// working directory for a scene without one, such as the built-in scene), or absolute.
    pub structure: Option<String>,
    /// Mass ratio ε = m̂/m [dimensionless]. A shape's N* atoms weigh m̂/(εN*) each; a file
    /// particle's atomic masses are scaled in their proportions so that m = m̂/ε, and without ε
    /// keep their real weights (ε = m̂/m from the standard atomic weights).
    pub epsilon: Option<f64>,
    /// Atoms closer than this at build time are bonded [σ] (the elastic network).
    pub bond_cutoff: f64,
    /// Spring constant of the elastic network k [ε_LJ/σ²].
    pub bond_stiffness: f64,
    /// Hold the centre of mass fixed (the constrained dynamics L₀ used to measure θ and f^th).
    pub constrained: bool,
    /// How the particle's atoms move together: `Elastic` (the default for a shape) or `Rigid`
    /// (the default for a file particle).
    pub body: Body,
    /// The host's units, to convert a structure file's Å, u and kcal/mol (argon by default).
    pub host: HostUnits,
    /// Per-element Lennard-Jones parameters that replace the UFF table's, by element symbol.
    pub elements: BTreeMap<String, ElementLj>,
    /// The structure file's atoms, read when the scene is loaded ([`super::Scene::parse`]);
    /// not part of the scene text.
    pub resolved: Option<Arc<Structure>>,
}

impl PartialEq for NanoparticleSpec {
    /// Equal when the scene text's fields are: the structure read from a file is its path's
    /// (whose name may be written relative or absolute), so it is not compared.
    fn eq(&self, other: &Self) -> bool {
        NanoparticleFields::from(self.clone()) == NanoparticleFields::from(other.clone())
    }
}

impl NanoparticleSpec {
    /// The mass ratio ε = m̂/m [dimensionless]: the scene's, or a file particle's real one.
    pub fn mass_ratio(&self) -> f64 {
        match (self.epsilon, &self.resolved) {
            (Some(e), _) => e,
            (None, Some(s)) => s.epsilon(&self.host.host()),
            (None, None) => 1.0,
        }
    }
}

/// A nanoparticle as written in a scene file: each field may be left out, and takes its default
/// from the particle's kind when it is ([`NanoparticleSpec`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NanoparticleFields {
    /// A built-in shape.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// A structure file's path.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub structure: Option<String>,
    /// Mass ratio ε = m̂/m [dimensionless].
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub epsilon: Option<f64>,
    /// Elastic network bond cut-off [σ] (0 when left out: required for an elastic body).
    #[serde(default)]
    pub bond_cutoff: f64,
    /// Elastic network spring constant [ε_LJ/σ²] (0 when left out: required for an elastic body).
    #[serde(default)]
    pub bond_stiffness: f64,
    /// Hold the centre of mass fixed.
    #[serde(default)]
    pub constrained: bool,
    /// Elastic or rigid (default: elastic for a shape, rigid for a file).
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The host's units (argon when left out).
    #[serde(default, skip_serializing_if = "HostUnits::is_argon")]
    pub host: HostUnits,
    /// Per-element Lennard-Jones overrides.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub elements: BTreeMap<String, ElementLj>,
}

impl From<NanoparticleFields> for NanoparticleSpec {
    fn from(f: NanoparticleFields) -> Self {
        let default_body = Body::default_for(&f.structure);
        Self {
            shape: f.shape,
            structure: f.structure,
            epsilon: f.epsilon,
            bond_cutoff: f.bond_cutoff,
            bond_stiffness: f.bond_stiffness,
            constrained: f.constrained,
            body: f.body.unwrap_or(default_body),
            host: f.host,
            elements: f.elements,
            resolved: None,
        }
    }
}

impl From<NanoparticleSpec> for NanoparticleFields {
    fn from(s: NanoparticleSpec) -> Self {
        Self {
            shape: s.shape,
            structure: s.structure,
            epsilon: s.epsilon,
            bond_cutoff: s.bond_cutoff,
            bond_stiffness: s.bond_stiffness,
            constrained: s.constrained,
            body: Some(s.body),
            host: s.host,
            elements: s.elements,
        }
    }
}

/// The host's units for a structure file: what one σ, one m̂ and one ε_LJ are in Å, u and
/// kcal/mol. Argon by default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostUnits {
    /// σ of the host [Å].
    #[serde(default = "argon_sigma")]
    pub sigma_angstrom: f64,
    /// m̂, the host atom's mass [u].
    #[serde(default = "argon_mass")]
    pub mass_u: f64,
    /// ε_LJ of the host [kcal/mol].
    #[serde(default = "argon_epsilon")]
    pub epsilon_kcal_per_mol: f64,
}

fn argon_sigma() -> f64 {
    crate::structure::Host::default().sigma()
}

fn argon_mass() -> f64 {
    crate::units::ARGON_MASS_U
}

fn argon_epsilon() -> f64 {
    crate::units::ARGON_EPSILON_KCAL_PER_MOL
}

impl Default for HostUnits {
    /// Argon: σ = 3.405 Å, m̂ = 39.948 u, ε_LJ = 0.2381 kcal/mol (ε/k_B = 119.8 K).
    fn default() -> Self {
        Self {
            sigma_angstrom: argon_sigma(),
            mass_u: argon_mass(),
            epsilon_kcal_per_mol: argon_epsilon(),
        }
    }
}

impl HostUnits {
    /// Whether these are argon's (the default, not written out).
    pub fn is_argon(&self) -> bool {
        *self == Self::default()
    }

    /// The length and mass units as a [`crate::structure::Host`] (argon's where they are not
    /// positive and finite; the scene's checks refuse those first).
    pub fn host(&self) -> crate::structure::Host {
        crate::structure::Host::new(self.sigma_angstrom, self.mass_u).unwrap_or_default()
    }
}

/// Lennard-Jones parameters of one element in place of the UFF table's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementLj {
    /// Well depth ε [kcal/mol].
    pub epsilon: f64,
    /// Length σ [Å].
    pub sigma: f64,
}

/// Serde for an `Option<T>` field written as a bare value (`epsilon: 0.05`, not
/// `Some(0.05)`), left out for `None`.
mod bare {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) => x.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }
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

impl Body {
    /// The body of a particle that names `structure` (rigid) or does not (a shape: elastic)
    /// when the scene does not say.
    fn default_for(structure: &Option<String>) -> Body {
        if structure.is_some() {
            Body::Rigid
        } else {
            Body::Elastic
        }
    }
}

/// Pair interactions between host (h) and nanoparticle (n) atoms.
///
/// A structure-file particle takes its pairs from the element table instead (Lorentz–Berthelot
/// with the host, docs/scenes.md): its scene may leave out `host_nanoparticle` and
/// `nanoparticle_nanoparticle`, and they are not used.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interactions {
    /// Host–host.
    pub host_host: PairInteraction,
    /// Host–nanoparticle (a built-in shape's).
    #[serde(default = "no_interaction")]
    pub host_nanoparticle: PairInteraction,
    /// Nanoparticle–nanoparticle, in addition to the elastic network (a built-in shape's).
    #[serde(default = "no_interaction")]
    pub nanoparticle_nanoparticle: PairInteraction,
}

fn no_interaction() -> PairInteraction {
    PairInteraction::None
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
