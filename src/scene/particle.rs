//! The nanoparticle's atoms as a scene builds them: a built-in shape's, or a structure file's with
//! one atom type per element and its chemistry (UFF Lennard-Jones parameters, standard atomic
//! weights) converted to reduced units and mixed with the host by Lorentz–Berthelot.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::md::{HOST, LennardJones, NANOPARTICLE, PairInteraction};
use crate::structure::{self, Element, Structure, StructureError};

use super::schema::{NanoparticleSpec, Scene};

/// Fraction of a host–particle pair's σ that no host atom is placed closer than, at build time.
pub const CLEARANCE: f64 = 0.9;

/// Cut-off of a structure particle's pairs, in units of each pair's own σ_ij.
pub const CUTOFF_SIGMAS: f64 = 2.5;

/// One element of a structure particle: its atom type and its Lennard-Jones parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Species {
    /// The element.
    pub element: &'static Element,
    /// Its atom type (1, 2, … in order of atomic number; the host is type 0).
    pub atom_type: u32,
    /// Number of its atoms.
    pub count: usize,
    /// Mass of one atom [m̂] (scaled with the others when the scene gives ε).
    pub mass: f64,
    /// Well depth ε of like atoms [ε_LJ]: UFF's D_i, or the scene's override.
    pub epsilon: f64,
    /// σ of like atoms [σ]: UFF's x_i/2^(1/6), or the scene's override.
    pub sigma: f64,
    /// Whether `epsilon` and `sigma` come from the scene's `elements` rather than UFF.
    pub overridden: bool,
    /// Its pair with the host after Lorentz–Berthelot mixing.
    pub with_host: PairInteraction,
}

/// The nanoparticle's atoms, ready to be put in a box.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticleAtoms {
    /// Positions relative to the centre of mass [σ].
    pub positions: Vec<[f64; 3]>,
    /// Masses [m̂].
    pub masses: Vec<f64>,
    /// Atom types ([`NANOPARTICLE`] for a shape; one per element for a file).
    pub types: Vec<u32>,
    /// A structure particle's elements (empty for a shape).
    pub species: Vec<Species>,
    /// Pair interactions by type pair, host included (`interactions[a][b]`, a ≤ b).
    pub interactions: Vec<Vec<PairInteraction>>,
    /// Closest a host atom is placed to each atom [σ].
    pub clearances: Vec<f64>,
    /// Radius of the empty core around the centre of mass that no host atom is placed in [σ]:
    /// a structure particle's innermost atom distance where a host atom would fit inside it
    /// (a C60 cage stays empty), else 0; 0 for a shape.
    pub core: f64,
}

impl ParticleAtoms {
    /// Bounding radius: the farthest atom centre from the centre of mass [σ].
    pub fn bounding_radius(&self) -> f64 {
        self.positions
            .iter()
            .map(|p| (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt())
            .fold(0.0, f64::max)
    }
}

/// The Lorentz–Berthelot mix of (ε_a, σ_a) and (ε_b, σ_b): σ = (σ_a + σ_b)/2, ε = √(ε_a ε_b),
/// cut at [`CUTOFF_SIGMAS`]·σ, shifted as `shift` says.
pub fn lorentz_berthelot(a: (f64, f64), b: (f64, f64), shift: bool) -> LennardJones {
    let sigma = 0.5 * (a.1 + b.1);
    LennardJones {
        epsilon: (a.0 * b.0).sqrt(),
        sigma,
        cutoff: CUTOFF_SIGMAS * sigma,
        shift,
    }
}

impl Scene {
    /// The nanoparticle's atoms (`None` without a nanoparticle, or for a structure not yet read).
    pub fn particle(&self) -> Option<ParticleAtoms> {
        let np = self.nanoparticle.as_ref()?;
        match (&np.shape, &np.resolved) {
            (Some(shape), _) => {
                let positions = shape.coordinates();
                let n = positions.len();
                let m_atom = 1.0 / (np.epsilon.unwrap_or(1.0) * n.max(1) as f64);
                let ia = &self.interactions;
                let clearance = match ia.host_nanoparticle {
                    PairInteraction::None => 0.0,
                    p => p.coefficients().sigma2.sqrt() * CLEARANCE,
                };
                Some(ParticleAtoms {
                    positions,
                    masses: vec![m_atom; n],
                    types: vec![NANOPARTICLE; n],
                    species: Vec::new(),
                    interactions: vec![
                        vec![ia.host_host, ia.host_nanoparticle],
                        vec![ia.host_nanoparticle, ia.nanoparticle_nanoparticle],
                    ],
                    clearances: vec![clearance; n],
                    core: 0.0,
                })
            }
            (None, Some(s)) => Some(self.structure_atoms(np, s)),
            (None, None) => None,
        }
    }

    fn structure_atoms(&self, np: &NanoparticleSpec, s: &Structure) -> ParticleAtoms {
        let host = np.host.host();
        let reduced = s.reduced_masses(&host);
        let total: f64 = reduced.iter().sum();
        // Scaled in their proportions so that M = m̂/ε when the scene gives ε.
        let scale = np.epsilon.map_or(1.0, |e| 1.0 / (e * total));
        let (host_lj, shift) = match self.interactions.host_host {
            PairInteraction::LennardJones(lj) => ((lj.epsilon, lj.sigma), lj.shift),
            PairInteraction::Wca(w) => ((w.epsilon, w.sigma), true),
            PairInteraction::None => ((1.0, 1.0), false),
        };
        let species: Vec<Species> = s
            .element_counts()
            .into_iter()
            .enumerate()
            .map(|(k, (element, count))| {
                let over = np.elements.get(element.symbol);
                let (eps_kcal, sigma_a) = over.map_or((element.uff_d, element.uff_sigma()), |o| {
                    (o.epsilon, o.sigma)
                });
                let own = (
                    eps_kcal / np.host.epsilon_kcal_per_mol,
                    sigma_a / np.host.sigma_angstrom,
                );
                Species {
                    element,
                    atom_type: HOST + 1 + k as u32,
                    count,
                    mass: element.mass / host.mass() * scale,
                    epsilon: own.0,
                    sigma: own.1,
                    overridden: over.is_some(),
                    with_host: PairInteraction::LennardJones(lorentz_berthelot(
                        host_lj, own, shift,
                    )),
                }
            })
            .collect();
        let type_of = |e: &Element| {
            species
                .iter()
                .find(|sp| sp.element.number == e.number)
                .map_or(NANOPARTICLE, |sp| sp.atom_type)
        };
        let types: Vec<u32> = s.elements().iter().map(|e| type_of(e)).collect();
        let n_types = species.len() + 1;
        // Like pairs of the particle are not evaluated: a rigid body has no internal forces, and
        // an elastic one is held by its network (bonded neighbours, 1–3 Å apart, would sit deep
        // in each other's Lennard-Jones wall: the pair kernel has no bonded exclusions).
        let mut interactions = vec![vec![PairInteraction::None; n_types]; n_types];
        interactions[0][0] = self.interactions.host_host;
        for sp in &species {
            interactions[0][sp.atom_type as usize] = sp.with_host;
            interactions[sp.atom_type as usize][0] = sp.with_host;
        }
        let positions = s.reduced_positions(&host);
        let clearance_of = |t: u32| {
            let sp = &species[(t - 1) as usize];
            CLEARANCE * 0.5 * (host_lj.1 + sp.sigma)
        };
        let clearances: Vec<f64> = types.iter().map(|&t| clearance_of(t)).collect();
        // An empty core: the innermost atom is farther from the centre than the host may come
        // to it, so a host atom could be placed inside (and, in a rigid cage, stay trapped).
        let innermost = positions
            .iter()
            .map(|p| (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt())
            .fold(f64::INFINITY, f64::min);
        let widest = clearances.iter().copied().fold(0.0, f64::max);
        let core = if innermost > widest { innermost } else { 0.0 };
        ParticleAtoms {
            masses: types
                .iter()
                .map(|&t| species[(t - 1) as usize].mass)
                .collect(),
            clearances,
            positions,
            types,
            species,
            interactions,
            core,
        }
    }

    /// Puts the structure file `path` (relative to the working directory) in place of the
    /// scene's nanoparticle, keeping its other settings: whether it is held, the host's units
    /// and per-element parameters, and, when the scene's particle is itself a file, its body,
    /// ε and bonds. From a shape (whose ε and elastic network were chosen for it) or without a
    /// particle, the file's particle is a free rigid body of its real mass. The scene is not
    /// validated again (parse its [`Scene::to_ron`] text for that).
    pub fn set_structure(&mut self, path: &Path) -> Result<(), StructureError> {
        let s = structure::read(path)?;
        let mut np = match self.nanoparticle.take() {
            Some(np) if np.structure.is_some() => np,
            Some(np) => NanoparticleSpec {
                constrained: np.constrained,
                host: np.host,
                elements: np.elements,
                ..NanoparticleSpec::from_file(String::new())
            },
            None => NanoparticleSpec::from_file(String::new()),
        };
        np.structure = Some(absolute(path).display().to_string());
        np.shape = None;
        np.resolved = Some(Arc::new(s));
        self.nanoparticle = Some(np);
        Ok(())
    }

    /// Reads the structure file of the scene's nanoparticle, if it has one, relative to
    /// `folder` (the scene file's, or the working directory for `None`); the path kept becomes
    /// absolute, so the scene can be written elsewhere and read again.
    pub(crate) fn read_structure(&mut self, folder: Option<&Path>) -> Result<(), StructureError> {
        let Some(np) = self.nanoparticle.as_mut() else {
            return Ok(());
        };
        let Some(file) = np.structure.clone() else {
            return Ok(());
        };
        let path = match folder {
            Some(dir) if Path::new(&file).is_relative() => dir.join(&file),
            _ => PathBuf::from(&file),
        };
        let s = structure::read(&path)?;
        np.structure = Some(absolute(&path).display().to_string());
        np.resolved = Some(Arc::new(s));
        Ok(())
    }
}

impl NanoparticleSpec {
    /// A free rigid particle from structure file `file`, with its real mass, the argon host's
    /// units and UFF's parameters (not yet read: [`Scene::set_structure`] reads it).
    pub fn from_file(file: String) -> Self {
        Self {
            shape: None,
            structure: Some(file),
            epsilon: None,
            bond_cutoff: 0.0,
            bond_stiffness: 0.0,
            constrained: false,
            body: super::Body::Rigid,
            host: Default::default(),
            elements: Default::default(),
            resolved: None,
        }
    }
}

/// `path` made absolute against the working directory (unchanged where that fails).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
