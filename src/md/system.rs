//! What the simulated system is: box, atoms' masses and types, interactions, bonds, field.
//! Where the atoms are now lives in [`super::State`].

use serde::{Deserialize, Serialize};

use super::bonds::HarmonicBond;
use super::periodic_box::PeriodicBox;
use super::potential::{PairInteraction, PairTable};
use crate::field::ExternalField;

/// Atom type of the host medium.
pub const HOST: u32 = 0;
/// Atom type of the nanoparticle.
pub const NANOPARTICLE: u32 = 1;

/// The fixed description of a system (OpenMM's `System`): it changes only when the user changes a
/// parameter (ε, the field), never as the atoms move.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct System {
    /// The periodic box.
    pub periodic_box: PeriodicBox,
    /// Mass of each atom [m̂].
    pub masses: Vec<f64>,
    /// Type of each atom ([`HOST`] or [`NANOPARTICLE`]).
    pub types: Vec<u32>,
    /// Number of nanoparticle atoms N*; they are atoms `0..n_star`.
    pub n_star: usize,
    /// Pair interactions by type pair, `interactions[a][b]` for a ≤ b.
    pub interactions: Vec<Vec<PairInteraction>>,
    /// The nanoparticle's elastic network.
    pub bonds: Vec<HarmonicBond>,
    /// External field on the nanoparticle's centre of mass.
    pub field: ExternalField,
    /// Hold the nanoparticle's centre of mass fixed (R constant, P = 0): the dynamics L₀.
    pub constrained: bool,
}

impl System {
    /// Number of atoms N.
    pub fn atoms(&self) -> usize {
        self.masses.len()
    }

    /// The pair table built from `interactions`.
    pub fn pair_table(&self) -> PairTable {
        PairTable::new(&self.interactions)
    }

    /// Nanoparticle mass m = Σ θ_i m_i [m̂] (0 without a nanoparticle).
    pub fn nanoparticle_mass(&self) -> f64 {
        self.masses[..self.n_star].iter().sum()
    }

    /// Mass ratio ε = m̂/m (host atom mass over nanoparticle mass); `None` without a nanoparticle.
    pub fn epsilon(&self) -> Option<f64> {
        (self.n_star > 0).then(|| 1.0 / self.nanoparticle_mass())
    }

    /// Sets ε = m̂/m by rescaling the nanoparticle's atom masses: equal masses become m/N* each,
    /// unequal ones (a structure of several elements) are scaled in their proportions. The
    /// caller should rescale the nanoparticle's velocities to keep its kinetic energy consistent
    /// (see [`super::Simulation::set_epsilon`]).
    pub fn set_epsilon(&mut self, epsilon: f64) {
        let particle = &mut self.masses[..self.n_star];
        if particle.iter().all(|&m| m == particle[0]) {
            let m_atom = 1.0 / (epsilon * self.n_star as f64);
            particle.iter_mut().for_each(|m| *m = m_atom);
        } else {
            let scale = 1.0 / (epsilon * particle.iter().sum::<f64>());
            particle.iter_mut().for_each(|m| *m *= scale);
        }
    }

    /// Degrees of freedom of the kinetic energy: 3N − 3 (total momentum is conserved when free;
    /// when the centre of mass is constrained, its 3 degrees of freedom are removed instead and
    /// the host's momentum is no longer conserved).
    pub fn degrees_of_freedom(&self) -> f64 {
        3.0 * self.atoms() as f64 - 3.0
    }

    /// Removes the nanoparticle's centre-of-mass velocity (the velocity part of the constraint
    /// R = const, P = 0). Does nothing when the nanoparticle is free.
    pub fn constrain_velocities(&self, velocities: &mut [[f64; 3]]) {
        if !self.constrained || self.n_star == 0 {
            return;
        }
        let mut p = [0.0; 3];
        for (v, &m) in velocities[..self.n_star].iter().zip(&self.masses) {
            for a in 0..3 {
                p[a] += m * v[a];
            }
        }
        let m = self.nanoparticle_mass();
        for v in &mut velocities[..self.n_star] {
            for a in 0..3 {
                v[a] -= p[a] / m;
            }
        }
    }
}
