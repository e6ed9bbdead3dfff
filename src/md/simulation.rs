//! A running simulation: system, state, integrator, thermostat, forces and random stream.

use std::path::Path;

use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::builder::remove_total_momentum;
use super::error::MdError;
use super::force_field::{ForceField, ForceSums, center_of_mass};
use super::integrator::{Integrator, VelocityVerlet};
use super::neighbor_list::RebuildPolicy;
use super::pair_list::Precision;
use super::rigid_body::RigidBody;
use super::state::State;
use super::system::System;
use super::thermostat::{AnyThermostat, Thermostat, kinetic_energy};

/// The nanoparticle's order parameters (docs/physics.md, eqs. 1–3 and 31–33).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderParameters {
    /// Nanoparticle mass m [m̂].
    pub mass: f64,
    /// Mass ratio ε = m̂/m [dimensionless].
    pub epsilon: f64,
    /// Centre of mass R (unwrapped) [σ].
    pub r: [f64; 3],
    /// Total momentum P [m̂σ/τ].
    pub p: [f64; 3],
    /// Net force F on the nanoparticle [ε_LJ/σ] (before any constraint).
    pub f: [f64; 3],
    /// Scaled position Φ = ε^{1/2} R [σ].
    pub phi: [f64; 3],
    /// Scaled momentum Π = ε^{1/2} P [m̂σ/τ].
    pub pi_: [f64; 3],
    /// Scaled force f = ε^{−1/2} F [ε_LJ/σ].
    pub f_scaled: [f64; 3],
}

/// Thermodynamic observables of the current state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Thermo {
    /// Simulated time t [τ].
    pub time: f64,
    /// Kinetic energy K [ε_LJ].
    pub kinetic: f64,
    /// Potential energy U [ε_LJ].
    pub potential: f64,
    /// Temperature T = 2K/(3N − 3) [ε_LJ/k_B].
    pub temperature: f64,
    /// Pressure P = (2K + W)/(3V) [ε_LJ/σ³].
    pub pressure: f64,
    /// Pressure tensor P_ab = (Σ m v_a v_b + W_ab)/V, order xx, yy, zz, xy, xz, yz [ε_LJ/σ³].
    pub pressure_tensor: [f64; 6],
}

impl Thermo {
    /// Total energy E = K + U [ε_LJ].
    pub fn total(&self) -> f64 {
        self.kinetic + self.potential
    }
}

/// How a [`Simulation`] runs, apart from the system itself.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    /// Time step Δt [τ].
    pub dt: f64,
    /// Verlet-list skin [σ].
    pub skin: f64,
    /// When the Verlet list is rebuilt.
    pub policy: RebuildPolicy,
    /// Arithmetic of the pair kernels.
    pub precision: Precision,
}

/// A simulation: what the system is, where it is, how it moves.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The system description.
    pub system: System,
    /// The running state.
    pub state: State,
    /// The integrator.
    pub integrator: VelocityVerlet,
    /// The thermostat, if any.
    pub thermostat: Option<AnyThermostat>,
    forces: ForceField,
    rng: Xoshiro256PlusPlus,
    last: ForceSums,
    rigid: Option<RigidBody>,
}

/// Everything needed to continue a run bit-identically.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Checkpoint {
    format: String,
    system: System,
    state: State,
    integrator: VelocityVerlet,
    thermostat: Option<AnyThermostat>,
    skin: f64,
    policy: RebuildPolicy,
    steps_since_build: u64,
    list_reference: Vec<[f64; 3]>,
    list_reference_unwrapped: Vec<[f64; 3]>,
    rng: Xoshiro256PlusPlus,
    #[serde(default)]
    precision: Precision,
    #[serde(default)]
    rigid: Option<RigidBody>,
}

/// What [`Simulation::save_checkpoint`] writes: the fields of [`Checkpoint`], borrowed, so that
/// saving copies nothing and streams straight to the file.
#[derive(Serialize)]
struct CheckpointRef<'a> {
    format: &'a str,
    system: &'a System,
    state: &'a State,
    integrator: &'a VelocityVerlet,
    thermostat: &'a Option<AnyThermostat>,
    skin: f64,
    policy: RebuildPolicy,
    steps_since_build: u64,
    list_reference: &'a [[f64; 3]],
    list_reference_unwrapped: &'a [[f64; 3]],
    rng: &'a Xoshiro256PlusPlus,
    precision: Precision,
    #[serde(skip_serializing_if = "Option::is_none")]
    rigid: &'a Option<RigidBody>,
}

const CHECKPOINT_FORMAT: &str = "multiscope-checkpoint-1";

impl Checkpoint {
    /// Consistency of a checkpoint's parts: every per-atom array as long as the system, finite
    /// numbers, a sane box, list and time step. Returns what is wrong.
    fn check(&self) -> Result<(), String> {
        let s = &self.system;
        let n = s.atoms();
        let lens = [
            ("masses", s.masses.len()),
            ("types", s.types.len()),
            ("positions", self.state.positions.len()),
            ("velocities", self.state.velocities.len()),
            ("images", self.state.images.len()),
            ("list_reference", self.list_reference.len()),
            (
                "list_reference_unwrapped",
                self.list_reference_unwrapped.len(),
            ),
        ];
        if let Some((name, len)) = lens.iter().find(|(_, len)| *len != n) {
            return Err(format!(
                "atom counts disagree inside the file: {n} atom types but {len} {name}"
            ));
        }
        if s.n_star > n {
            return Err(format!("{} nanoparticle atoms among {n} atoms", s.n_star));
        }
        if s.interactions.is_empty()
            || s.interactions
                .iter()
                .any(|row| row.len() != s.interactions.len())
        {
            return Err("the interaction table is not square".into());
        }
        let kinds = s.interactions.len() as u64;
        if s.types.iter().any(|&t| u64::from(t) >= kinds) {
            return Err(format!("an atom type is not below {kinds}"));
        }
        if s.bonds
            .iter()
            .any(|b| b.i as usize >= n || b.j as usize >= n)
        {
            return Err(format!("a bond names an atom beyond the {n} atoms"));
        }
        let l = s.periodic_box.length();
        if !(l.is_finite() && l > 0.0) {
            return Err(format!("the box edge is {}", crate::format::number(l)));
        }
        let finite = |v: &[[f64; 3]]| v.iter().flatten().all(|x| x.is_finite());
        if !(finite(&self.state.positions)
            && finite(&self.state.velocities)
            && finite(&self.list_reference)
            && finite(&self.list_reference_unwrapped)
            && s.masses.iter().all(|m| m.is_finite() && *m > 0.0))
        {
            return Err("a position, velocity or mass is not a finite number".into());
        }
        if !(self.integrator.dt.is_finite() && self.integrator.dt > 0.0) {
            return Err(format!(
                "the time step is {}",
                crate::format::number(self.integrator.dt)
            ));
        }
        let cutoff = s.pair_table().max_cutoff();
        if !(self.skin.is_finite() && self.skin > 0.0 && cutoff + self.skin <= 0.5 * l) {
            return Err(format!(
                "the skin {} with cut-off {} does not fit half the box {}",
                crate::format::number(self.skin),
                crate::format::number(cutoff),
                crate::format::number(0.5 * l)
            ));
        }
        Ok(())
    }
}

impl Simulation {
    /// A simulation of `system` starting from `state`; computes the initial forces.
    pub fn new(
        system: System,
        mut state: State,
        settings: RunSettings,
        thermostat: Option<AnyThermostat>,
        rng: Xoshiro256PlusPlus,
    ) -> Result<Self, MdError> {
        let mut forces = ForceField::new(&system, settings.skin, settings.policy);
        forces.precision = settings.precision;
        system.constrain_velocities(&mut state.velocities);
        let last = forces.compute(&system, &mut state, true)?;
        Ok(Self {
            system,
            state,
            integrator: VelocityVerlet { dt: settings.dt },
            thermostat,
            forces,
            rng,
            last,
            rigid: None,
        })
    }

    /// Advances one step; with `energies` the energies and virial of the new state are computed.
    pub fn step(&mut self, energies: bool) -> Result<(), MdError> {
        let half_skin = 0.5 * self.forces.skin;
        if self.rigid.is_some() {
            let dof = self.degrees_of_freedom();
            let Some(body) = self.rigid.as_mut() else {
                unreachable!()
            };
            self.last = self.integrator.step_rigid(
                &self.system,
                &mut self.state,
                body,
                &mut self.forces,
                self.thermostat.as_mut(),
                &mut self.rng,
                energies,
                half_skin,
                dof,
            )?;
            return Ok(());
        }
        self.last = self.integrator.step(
            &self.system,
            &mut self.state,
            &mut self.forces,
            self.thermostat.as_mut(),
            &mut self.rng,
            energies,
            half_skin,
        )?;
        Ok(())
    }

    /// Advances `n` steps without computing energies (fastest).
    pub fn run(&mut self, n: u64) -> Result<(), MdError> {
        for k in 0..n {
            self.step(k + 1 == n)?;
        }
        Ok(())
    }

    /// Makes the nanoparticle move as one rigid body (`true`, integrated by
    /// [`super::NoSquish`]) or as its bonded atoms (`false`, the default). Made rigid, it keeps
    /// its atoms' current positions (the body frame is their principal frame) and takes the
    /// rigid part of their velocities (same total momentum and angular momentum about R); its
    /// bonds are no longer evaluated, and the pair forces between its own atoms are still
    /// computed but cancel in its total force and torque (they are central), so they only add
    /// a constant to U. A held nanoparticle (see [`Self::set_constrained`]) made rigid is held
    /// as a body: position and orientation fixed, P = 0 and L = 0. The forces are recomputed.
    /// Errors if the forces cannot be computed; does nothing without a nanoparticle.
    pub fn set_rigid(&mut self, rigid: bool) -> Result<(), MdError> {
        if rigid == self.rigid.is_some() || self.system.n_star == 0 {
            return Ok(());
        }
        if rigid {
            self.make_rigid();
            if self.system.constrained {
                self.hold_body();
            }
        } else {
            self.rigid = None;
        }
        self.forces.bonds = !rigid;
        self.last = self.forces.recompute(&self.system, &mut self.state)?;
        Ok(())
    }

    /// Builds the rigid body from the nanoparticle's atoms as they are now and puts its atoms
    /// in rigid motion.
    fn make_rigid(&mut self) {
        let n = self.system.n_star;
        let b = self.system.periodic_box;
        let x: Vec<[f64; 3]> = (0..n).map(|i| self.state.unwrapped(i, &b)).collect();
        let mut body = RigidBody::new(&x, &self.system.masses[..n]);
        body.set_from_velocities(&self.state.velocities[..n]);
        body.place_atoms(
            &mut self.state.positions[..n],
            &mut self.state.images[..n],
            &mut self.state.velocities[..n],
            &b,
        );
        self.rigid = Some(body);
    }

    /// Stops the rigid body where it is: P = 0 and L = 0, its atoms' velocities zero (its
    /// position and orientation are kept). Does nothing without a rigid body.
    fn hold_body(&mut self) {
        let n = self.system.n_star;
        let b = self.system.periodic_box;
        if let Some(body) = self.rigid.as_mut() {
            body.momentum = [0.0; 3];
            body.set_angular_momentum_body([0.0; 3]);
            body.place_atoms(
                &mut self.state.positions[..n],
                &mut self.state.images[..n],
                &mut self.state.velocities[..n],
                &b,
            );
        }
    }

    /// The nanoparticle as a rigid body, when it moves as one.
    pub fn rigid_body(&self) -> Option<&RigidBody> {
        self.rigid.as_ref()
    }

    /// Total force F = Σ F_i [ε_LJ/σ] and torque about the centre of mass
    /// T = Σ (r_i − R) × F_i [ε_LJ] on the rigid nanoparticle at the current positions (space
    /// frame; whether it is held or free); `None` unless it moves as a rigid body.
    pub fn rigid_force_and_torque(&self) -> Option<([f64; 3], [f64; 3])> {
        let body = self.rigid.as_ref()?;
        Some(body.force_and_torque(&self.state.forces[..self.system.n_star]))
    }

    /// Degrees of freedom of the kinetic energy: 3N − 3, or with a rigid nanoparticle
    /// 3(N − N*) + (3 + its rotational degrees of freedom) − 3, or with a held rigid one
    /// 3(N − N*) (the body has none, and the host's momentum is not conserved).
    pub fn degrees_of_freedom(&self) -> f64 {
        match &self.rigid {
            None => self.system.degrees_of_freedom(),
            Some(_) if self.system.constrained => {
                3.0 * (self.system.atoms() - self.system.n_star) as f64
            }
            Some(body) => {
                let host = self.system.atoms() - self.system.n_star;
                (3 * host + body.degrees_of_freedom()) as f64 - 3.0
            }
        }
    }

    /// Force sums of the last force evaluation (energies only if that step asked for them).
    pub fn last_forces(&self) -> &ForceSums {
        &self.last
    }

    /// Changes when the Verlet list is rebuilt.
    pub fn set_rebuild_policy(&mut self, policy: RebuildPolicy) {
        self.forces.policy = policy;
    }

    /// Sets the arithmetic of the pair kernels and recomputes the current state's forces in it
    /// (same list, same rebuild schedule), so that the next step's first half-kick already uses
    /// them: from here on the trajectory is the one a scene built in `precision` would follow.
    /// Errors only if the forces of the current state cannot be computed.
    pub fn set_precision(&mut self, precision: Precision) -> Result<(), MdError> {
        if precision == self.forces.precision {
            return Ok(());
        }
        self.forces.precision = precision;
        self.last = self.forces.recompute(&self.system, &mut self.state)?;
        Ok(())
    }

    /// The arithmetic of the pair kernels.
    pub fn precision(&self) -> Precision {
        self.forces.precision
    }

    /// Number of Verlet-list builds so far.
    pub fn list_builds(&self) -> u64 {
        self.forces.list.builds
    }

    /// Sets the dynamic pruning margin δ [σ] of the cluster-pair list (0: no pruning); see
    /// [`super::ClusterList::set_prune_margin`]. The forces do not depend on it.
    pub fn set_prune_margin(&mut self, margin: f64) {
        self.forces.clusters.set_prune_margin(margin);
    }

    /// The cluster-pair list the pair kernels run on (sizes, pruning statistics).
    pub fn cluster_list(&self) -> &super::ClusterList {
        &self.forces.clusters
    }

    /// Thermodynamics of the current state; the potential energy and virial are those of the last
    /// step taken with `energies = true` (call after such a step).
    pub fn thermo(&self) -> Thermo {
        let s = &self.system;
        let v = s.periodic_box.volume();
        let kinetic = kinetic_energy(&self.state.velocities, &s.masses);
        let mut kin_tensor = [0.0; 6];
        for (u, &m) in self.state.velocities.iter().zip(&s.masses) {
            kin_tensor[0] += m * u[0] * u[0];
            kin_tensor[1] += m * u[1] * u[1];
            kin_tensor[2] += m * u[2] * u[2];
            kin_tensor[3] += m * u[0] * u[1];
            kin_tensor[4] += m * u[0] * u[2];
            kin_tensor[5] += m * u[1] * u[2];
        }
        let w = &self.last.virial;
        let mut pressure_tensor = [0.0; 6];
        for k in 0..6 {
            pressure_tensor[k] = (kin_tensor[k] + w[k]) / v;
        }
        Thermo {
            time: self.state.time,
            kinetic,
            potential: self.last.potential_energy(),
            temperature: 2.0 * kinetic / self.degrees_of_freedom(),
            pressure: (2.0 * kinetic + w[0] + w[1] + w[2]) / (3.0 * v),
            pressure_tensor,
        }
    }

    /// The nanoparticle's order parameters now (zeros without a nanoparticle).
    pub fn order_parameters(&self) -> OrderParameters {
        let s = &self.system;
        if s.n_star == 0 {
            return OrderParameters::default();
        }
        let mass = s.nanoparticle_mass();
        let epsilon = 1.0 / mass;
        let r = center_of_mass(s, &self.state);
        let mut p = [0.0; 3];
        for (v, &m) in self.state.velocities[..s.n_star].iter().zip(&s.masses) {
            for a in 0..3 {
                p[a] += m * v[a];
            }
        }
        let f = self.last.nanoparticle_force;
        let se = epsilon.sqrt();
        OrderParameters {
            mass,
            epsilon,
            r,
            p,
            f,
            phi: r.map(|x| se * x),
            pi_: p.map(|x| se * x),
            f_scaled: f.map(|x| x / se),
        }
    }

    /// Total momentum Σ m_i v_i [m̂σ/τ].
    pub fn total_momentum(&self) -> [f64; 3] {
        let mut p = [0.0; 3];
        for (v, &m) in self.state.velocities.iter().zip(&self.system.masses) {
            for a in 0..3 {
                p[a] += m * v[a];
            }
        }
        p
    }

    /// Sets the mass ratio ε = m̂/m [dimensionless]. The nanoparticle's atom velocities are
    /// rescaled by √(m_old/m_new) so every atom keeps its kinetic energy (the temperature is
    /// unchanged), then the total momentum is removed again.
    pub fn set_epsilon(&mut self, epsilon: f64) {
        let n = self.system.n_star;
        if n == 0 {
            return;
        }
        let old = self.system.masses[0];
        self.system.set_epsilon(epsilon);
        let s = (old / self.system.masses[0]).sqrt();
        for v in &mut self.state.velocities[..n] {
            v.iter_mut().for_each(|c| *c *= s);
        }
        remove_total_momentum(&mut self.state.velocities, &self.system.masses);
        self.system.constrain_velocities(&mut self.state.velocities);
        if self.rigid.is_some() {
            self.make_rigid();
            if self.system.constrained {
                self.hold_body();
            }
        }
    }

    /// Sets the thermostat's target temperature T [ε_LJ/k_B] (no effect without a thermostat).
    pub fn set_temperature(&mut self, temperature: f64) {
        if let Some(t) = self.thermostat.as_mut() {
            t.set_temperature(temperature);
        }
    }

    /// Holds the nanoparticle's centre of mass fixed (`true`) or lets it move. A rigid
    /// nanoparticle is held as a body: position and orientation fixed, P = 0 and L = 0, its atoms
    /// at rest; let go, it starts from rest.
    pub fn set_constrained(&mut self, constrained: bool) {
        self.system.constrained = constrained;
        self.system.constrain_velocities(&mut self.state.velocities);
        if constrained {
            self.hold_body();
        }
    }

    /// Translates every atom by `shift` [σ]: wrapped positions are folded back into the box, image
    /// counters keep the unwrapped positions (and R) shifted by exactly `shift`, the Verlet list is
    /// rebuilt and the forces are recomputed (an external field sees the new R). Moving the whole
    /// system is how a constrained nanoparticle is put at a chosen R relative to a fixed field
    /// without creating overlaps.
    pub fn translate(&mut self, shift: [f64; 3]) -> Result<(), MdError> {
        let b = self.system.periodic_box;
        for (x, n) in self.state.positions.iter_mut().zip(&mut self.state.images) {
            for a in 0..3 {
                x[a] += shift[a];
            }
            let moved = b.wrap(x);
            for a in 0..3 {
                n[a] += moved[a];
            }
        }
        if let Some(body) = self.rigid.as_mut() {
            for a in 0..3 {
                body.center[a] += shift[a];
            }
        }
        self.forces.invalidate();
        self.last = self.forces.compute(&self.system, &mut self.state, true)?;
        Ok(())
    }

    /// Replaces the random stream of the thermostat (e.g. to give independent noise to clones of
    /// one simulation that run side by side).
    pub fn reseed(&mut self, rng: Xoshiro256PlusPlus) {
        self.rng = rng;
    }

    /// Serialises the complete state to `path` (JSON with exactly round-tripping floats). The file
    /// is replaced atomically ([`crate::atomic_file::replace`]): an interrupted save (Ctrl-C, a
    /// full disk, a kill) leaves the previous checkpoint intact, never half of each.
    pub fn save_checkpoint(&self, path: &Path) -> Result<(), MdError> {
        let c = CheckpointRef {
            format: CHECKPOINT_FORMAT,
            system: &self.system,
            state: &self.state,
            integrator: &self.integrator,
            thermostat: &self.thermostat,
            skin: self.forces.skin,
            policy: self.forces.policy,
            steps_since_build: self.forces.steps_since_build,
            list_reference: &self.forces.list.reference,
            list_reference_unwrapped: &self.forces.list.reference_unwrapped,
            rng: &self.rng,
            precision: self.forces.precision,
            rigid: &self.rigid,
        };
        crate::atomic_file::replace(path, |w| {
            serde_json::to_writer(&mut *w, &c).map_err(std::io::Error::other)
        })
        .map_err(|e| MdError::Checkpoint {
            path: path.display().to_string(),
            what: format!(
                "cannot write the checkpoint ({e}); the previous file, if any, is unchanged; \
                 free some disk space or choose another path"
            ),
        })
    }

    /// Restores a simulation saved by [`Simulation::save_checkpoint`]; continuing it gives the
    /// same trajectory, bit for bit, as the run that saved it (with the same thread count).
    pub fn load_checkpoint(path: &Path) -> Result<Self, MdError> {
        let err = |what: String| MdError::Checkpoint {
            path: path.display().to_string(),
            what,
        };
        let file = std::fs::File::open(path)
            .map_err(|e| err(format!("cannot read the checkpoint ({e}); check the path")))?;
        let c: Checkpoint =
            serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| {
                err(format!(
                    "not a readable checkpoint ({e}); the file is damaged or truncated, or not a \
                 checkpoint: checkpoints are written by `multiscope run --checkpoint FILE`"
                ))
            })?;
        if c.format != CHECKPOINT_FORMAT {
            return Err(err(format!(
                "format `{}` is not `{CHECKPOINT_FORMAT}`: it was written by another version of \
                 multiscope; rerun the scene with this version to make a new checkpoint",
                c.format.chars().take(60).collect::<String>()
            )));
        }
        c.check()
            .map_err(|what| err(format!("{what}; the file is damaged")))?;
        let mut forces = ForceField::new(&c.system, c.skin, c.policy);
        forces.precision = c.precision;
        forces.bonds = c.rigid.is_none();
        forces.rebuild_from(&c.system, &c.list_reference, &c.list_reference_unwrapped);
        // The saved count already includes the evaluation we are repeating.
        forces.steps_since_build = c.steps_since_build;
        let mut state = c.state;
        let last = forces.recompute(&c.system, &mut state).map_err(|e| {
            err(format!(
                "its saved state cannot be continued ({e}); the file is damaged: restart from an \
                 earlier checkpoint or rerun the scene"
            ))
        })?;
        Ok(Self {
            system: c.system,
            state,
            integrator: c.integrator,
            thermostat: c.thermostat,
            forces,
            rng: c.rng,
            last,
            rigid: c.rigid,
        })
    }
}
