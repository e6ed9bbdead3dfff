//! Everything that computes forces: pairs through the Verlet list, bonds, the external field,
//! plus the checks that catch a simulation that blows up.

use rayon::prelude::*;

use super::bonds::bond_forces;
use super::error::MdError;
use super::neighbor_list::{RebuildPolicy, VerletList};
use super::pair_list::{ClusterList, Precision};
use super::potential::PairTable;
use super::state::State;
use super::system::System;

/// Forces larger than this [ε_LJ/σ] mean overlapping atoms (the LJ force reaches it at r ≈ 0.6σ).
pub const MAX_FORCE: f64 = 1.0e5;

/// Energies and virial of one force evaluation (filled when requested).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ForceSums {
    /// Pair potential energy [ε_LJ].
    pub pair_energy: f64,
    /// Bond energy [ε_LJ].
    pub bond_energy: f64,
    /// External-field energy [ε_LJ].
    pub field_energy: f64,
    /// Virial tensor W_ab = Σ r_ij,a f_ij,b (pairs and bonds), order xx, yy, zz, xy, xz, yz [ε_LJ].
    pub virial: [f64; 6],
    /// Net force F = Σ θ_i F_i on the nanoparticle [ε_LJ/σ] (bonds cancel; before any
    /// constraint).
    pub nanoparticle_force: [f64; 3],
}

impl ForceSums {
    /// Total potential energy U [ε_LJ].
    pub fn potential_energy(&self) -> f64 {
        self.pair_energy + self.bond_energy + self.field_energy
    }
}

/// Owns the neighbour list and computes forces for a [`System`] (the force "compute").
#[derive(Debug, Clone)]
pub struct ForceField {
    table: PairTable,
    /// Verlet-list skin [σ].
    pub skin: f64,
    /// When the list is rebuilt.
    pub policy: RebuildPolicy,
    /// The positions at the last list build and the build count (the pairs themselves are in
    /// the cluster list).
    pub list: VerletList,
    /// The cluster-pair list the kernels run on.
    pub clusters: ClusterList,
    /// Arithmetic of the pair kernels.
    pub precision: Precision,
    /// Steps since the last list build.
    pub steps_since_build: u64,
    /// Whether the nanoparticle's bonds are evaluated (not when it moves as a rigid body:
    /// their forces would cancel in its total force and torque).
    pub bonds: bool,
}

impl ForceField {
    /// A force field for `system` with Verlet skin `skin` [σ].
    pub fn new(system: &System, skin: f64, policy: RebuildPolicy) -> Self {
        Self {
            table: system.pair_table(),
            skin,
            policy,
            list: VerletList::default(),
            clusters: ClusterList::default(),
            precision: Precision::default(),
            steps_since_build: 0,
            bonds: true,
        }
    }

    /// Rebuilds the pair table after the system's interactions changed.
    pub fn refresh(&mut self, system: &System) {
        self.table = system.pair_table();
        self.list.builds = 0;
        self.clusters.clear();
    }

    /// Forgets the list, so the next evaluation rebuilds it (after atoms were moved by hand).
    pub fn invalidate(&mut self) {
        self.clusters.clear();
    }

    /// Builds the Verlet list now for the state's positions.
    pub fn rebuild(&mut self, system: &System, state: &State) {
        let b = &system.periodic_box;
        let unwrapped: Vec<[f64; 3]> = (0..state.positions.len())
            .map(|i| state.unwrapped(i, b))
            .collect();
        self.rebuild_from(system, &state.positions, &unwrapped);
    }

    /// Builds the list for wrapped positions `reference` [σ] and their unwrapped twins (as a
    /// checkpoint stores them; the same inputs give the same list, bit for bit).
    pub fn rebuild_from(
        &mut self,
        system: &System,
        reference: &[[f64; 3]],
        reference_unwrapped: &[[f64; 3]],
    ) {
        let radius = self.table.max_cutoff() + self.skin;
        self.list
            .set_reference(reference, reference_unwrapped, radius);
        self.clusters.build(
            reference,
            reference_unwrapped,
            &system.types,
            &system.periodic_box,
            radius,
        );
        self.steps_since_build = 0;
    }

    fn needs_rebuild(&self, system: &System, state: &State) -> bool {
        if !self.clusters.is_built_for(state.positions.len()) {
            return true;
        }
        match self.policy {
            RebuildPolicy::Every(n) => self.steps_since_build >= n,
            RebuildPolicy::Automatic => {
                let b = &system.periodic_box;
                let limit2 = 0.25 * self.skin * self.skin;
                state
                    .positions
                    .iter()
                    .zip(&state.images)
                    .zip(&self.list.reference_unwrapped)
                    .any(|((x, &n), r)| {
                        let u = b.unwrap(*x, n);
                        let d = [u[0] - r[0], u[1] - r[1], u[2] - r[2]];
                        d[0] * d[0] + d[1] * d[1] + d[2] * d[2] > limit2
                    })
            }
        }
    }

    /// Computes the forces of a state whose evaluation was already counted (after a change of
    /// precision, or on loading a checkpoint), with energies: as [`Self::compute`], without
    /// counting one more step since the build, so the rebuild schedule does not move.
    pub fn recompute(&mut self, system: &System, state: &mut State) -> Result<ForceSums, MdError> {
        self.steps_since_build = self.steps_since_build.saturating_sub(1);
        self.compute(system, state, true)
    }

    /// Computes all forces into `state.forces`, rebuilding the list when needed. With
    /// `energies = true` the energies and virial are filled in; otherwise they are zero (cheaper).
    /// Errors if a force or energy is non-finite or larger than [`MAX_FORCE`].
    pub fn compute(
        &mut self,
        system: &System,
        state: &mut State,
        energies: bool,
    ) -> Result<ForceSums, MdError> {
        if self.needs_rebuild(system, state) {
            self.rebuild(system, state);
        }
        self.steps_since_build += 1;
        let n = state.positions.len();
        state.forces.resize(n, [0.0; 3]);
        let b = &system.periodic_box;
        let pair = if energies {
            self.clusters.forces::<true>(
                &state.positions,
                &state.images,
                &self.table,
                self.precision,
                &mut state.forces,
            )
        } else {
            self.clusters.forces::<false>(
                &state.positions,
                &state.images,
                &self.table,
                self.precision,
                &mut state.forces,
            )
        };
        let mut sums = ForceSums {
            pair_energy: pair.energy,
            virial: pair.virial,
            ..ForceSums::default()
        };
        if system.n_star > 0 {
            let (energy, field_force) = system.field.energy_force(center_of_mass(system, state));
            sums.field_energy = energy;
            let m = system.nanoparticle_mass();
            for (f, &mi) in state.forces[..system.n_star].iter_mut().zip(&system.masses) {
                for a in 0..3 {
                    f[a] += mi / m * field_force[a];
                }
            }
            for f in &state.forces[..system.n_star] {
                for a in 0..3 {
                    sums.nanoparticle_force[a] += f[a];
                }
            }
            if self.bonds {
                let (bond_energy, bond_virial) =
                    bond_forces(&system.bonds, &state.positions, b, &mut state.forces);
                sums.bond_energy = bond_energy;
                for k in 0..6 {
                    sums.virial[k] += bond_virial[k];
                }
            }
        }
        self.check(state, &sums)?;
        Ok(sums)
    }

    fn check(&self, state: &State, sums: &ForceSums) -> Result<(), MdError> {
        let blow_up = |what: String| MdError::BlowUp {
            step: state.step,
            time: state.time,
            what,
        };
        let limit2 = MAX_FORCE * MAX_FORCE;
        let f2 = |f: &[f64; 3]| f[0] * f[0] + f[1] * f[1] + f[2] * f[2];
        // NaN fails every comparison, so test "not finite or too large" explicitly. The first
        // such atom is named, whatever the number of threads (chunks scanned in parallel, each
        // in order, the lowest index kept).
        const CHUNK: usize = 4096;
        if let Some(i) = state
            .forces
            .par_chunks(CHUNK)
            .enumerate()
            .filter_map(|(c, chunk)| {
                let bad = chunk.iter().position(|f| f2(f).is_nan() || f2(f) > limit2);
                bad.map(|k| c * CHUNK + k)
            })
            .min()
        {
            return Err(blow_up(format!(
                "the force on atom {i} is {:.3e} ε/σ (limit {MAX_FORCE:.0e})",
                f2(&state.forces[i]).sqrt()
            )));
        }
        if !sums.potential_energy().is_finite() {
            return Err(blow_up("the potential energy is not finite".into()));
        }
        Ok(())
    }
}

/// Centre of mass R = Σ θ_i m_i r_i / m of the nanoparticle from unwrapped positions [σ].
pub fn center_of_mass(system: &System, state: &State) -> [f64; 3] {
    let b = &system.periodic_box;
    let mut r = [0.0; 3];
    let mut m = 0.0;
    for i in 0..system.n_star {
        let u = state.unwrapped(i, b);
        let mi = system.masses[i];
        m += mi;
        for a in 0..3 {
            r[a] += mi * u[a];
        }
    }
    if m > 0.0 {
        for c in &mut r {
            *c /= m;
        }
    }
    r
}
