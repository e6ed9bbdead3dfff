//! Integrators: how the system moves in time.

use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::MdError;
use super::force_field::{ForceField, ForceSums};
use super::no_squish::NoSquish;
use super::rigid_body::RigidBody;
use super::state::State;
use super::system::System;
use super::thermostat::{AnyThermostat, Thermostat};

/// An integrator advances a [`State`] by one time step.
pub trait Integrator {
    /// Time step Δt [τ].
    fn time_step(&self) -> f64;
    /// Advances `state` by one step. `state.forces` must hold the forces at the current positions
    /// on entry and holds those at the new positions on exit. The thermostat, if any, acts in the
    /// middle of the step. Returns the force sums of the new positions (energies filled when
    /// `energies` is true).
    #[allow(clippy::too_many_arguments)]
    fn step(
        &self,
        system: &System,
        state: &mut State,
        forces: &mut ForceField,
        thermostat: Option<&mut AnyThermostat>,
        rng: &mut Xoshiro256PlusPlus,
        energies: bool,
        max_displacement: f64,
    ) -> Result<ForceSums, MdError>;
}

/// Velocity Verlet (Swope, Andersen, Berens & Wilson 1982), written as the symmetric splitting
/// B A O A B: half kick, half drift, thermostat (if any), half drift, new forces, half kick.
/// Without a thermostat it is the time-reversible, symplectic NVE integrator; with
/// [`super::Langevin`] as the O step it is BAOAB (Leimkuhler & Matthews 2013).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VelocityVerlet {
    /// Time step Δt [τ].
    pub dt: f64,
}

impl VelocityVerlet {
    /// The kick by `dt` [τ] of atoms `from..` (all atoms: `from` = 0).
    fn kick(system: &System, state: &mut State, dt: f64, from: usize) {
        state.velocities[from..]
            .par_chunks_mut(PER_TASK)
            .zip(state.forces[from..].par_chunks(PER_TASK))
            .zip(system.masses[from..].par_chunks(PER_TASK))
            .for_each(|((vs, fs), ms)| {
                for ((v, f), &m) in vs.iter_mut().zip(fs).zip(ms) {
                    let s = dt / m;
                    v[0] += s * f[0];
                    v[1] += s * f[1];
                    v[2] += s * f[2];
                }
            });
        system.constrain_velocities(&mut state.velocities);
    }

    /// The half kick by `kick` [τ] (if any), then the drift: moves atoms by v·dt [τ], wraps them
    /// into the box and returns (largest move [σ], its atom: the first of equals, whatever the
    /// number of threads). Kick and drift are one pass over the atoms unless a velocity
    /// constraint has to act between them; each atom's arithmetic is that of [`Self::kick`] then
    /// the drift either way, so the trajectory is the same bit for bit. Only atoms `from..`
    /// move (all atoms: `from` = 0; the host alone when the nanoparticle is a rigid body).
    fn kick_drift(
        system: &System,
        state: &mut State,
        kick: Option<f64>,
        dt: f64,
        from: usize,
    ) -> (f64, usize) {
        if let Some(k) = kick
            && system.constrained
            && system.n_star > 0
        {
            Self::kick(system, state, k, from);
            return Self::kick_drift(system, state, None, dt, from);
        }
        let b = &system.periodic_box;
        // (Square of the move [σ²], atom), the larger move or else the lower atom.
        let first_largest = |a: (f64, usize), b: (f64, usize)| {
            if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
                b
            } else {
                a
            }
        };
        // Chunks with a plain loop inside: the per-atom work inlines and the tasks stay few.
        let worst = state.positions[from..]
            .par_chunks_mut(DRIFT_PER_TASK)
            .zip(state.velocities[from..].par_chunks_mut(DRIFT_PER_TASK))
            .zip(state.images[from..].par_chunks_mut(DRIFT_PER_TASK))
            .zip(state.forces[from..].par_chunks(DRIFT_PER_TASK))
            .zip(system.masses[from..].par_chunks(DRIFT_PER_TASK))
            .enumerate()
            .map(|(c, ((((xs, vs), ns), fs), ms))| {
                let mut worst = (0.0, usize::MAX);
                let atoms = xs.iter_mut().zip(vs).zip(ns).zip(fs).zip(ms);
                for (k, ((((x, v), n), f), &m)) in atoms.enumerate() {
                    // (Worked on in registers and stored once: reading back a velocity just
                    // stored component by component stalls the load.)
                    let mut u = *v;
                    if let Some(k) = kick {
                        let s = k / m;
                        u[0] += s * f[0];
                        u[1] += s * f[1];
                        u[2] += s * f[2];
                        *v = u;
                    }
                    let mut y = *x;
                    y[0] += u[0] * dt;
                    y[1] += u[1] * dt;
                    y[2] += u[2] * dt;
                    let shift = b.wrap(&mut y);
                    *x = y;
                    n[0] += shift[0];
                    n[1] += shift[1];
                    n[2] += shift[2];
                    let moved2 = (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]) * dt * dt;
                    worst = first_largest(worst, (moved2, from + c * DRIFT_PER_TASK + k));
                }
                worst
            })
            .reduce(|| (0.0, usize::MAX), first_largest);
        (
            worst.0.sqrt(),
            if worst.1 == usize::MAX { 0 } else { worst.1 },
        )
    }
}

/// Atoms per parallel task of the per-atom passes (fewer would cost more in scheduling than
/// they save).
const PER_TASK: usize = 4096;

/// Atoms per parallel task of the fused kick and drift (more work per atom than a kick alone,
/// so a few thousand atoms already split across two threads).
const DRIFT_PER_TASK: usize = 1024;

impl Integrator for VelocityVerlet {
    fn time_step(&self) -> f64 {
        self.dt
    }

    fn step(
        &self,
        system: &System,
        state: &mut State,
        forces: &mut ForceField,
        thermostat: Option<&mut AnyThermostat>,
        rng: &mut Xoshiro256PlusPlus,
        energies: bool,
        max_displacement: f64,
    ) -> Result<ForceSums, MdError> {
        let dt = self.dt;
        let moved = match thermostat {
            None => Self::kick_drift(system, state, Some(0.5 * dt), dt, 0),
            Some(t) => {
                let first = Self::kick_drift(system, state, Some(0.5 * dt), 0.5 * dt, 0);
                t.apply(
                    &mut state.velocities,
                    &system.masses,
                    dt,
                    system.degrees_of_freedom(),
                    rng,
                );
                system.constrain_velocities(&mut state.velocities);
                let second = Self::kick_drift(system, state, None, 0.5 * dt, 0);
                if first.0 > second.0 { first } else { second }
            }
        };
        within_half_skin(state.step, moved, max_displacement)?;
        let sums = forces.compute(system, state, energies)?;
        Self::kick(system, state, 0.5 * dt, 0);
        state.step += 1;
        state.time += dt;
        Ok(sums)
    }
}

impl VelocityVerlet {
    /// One step with the nanoparticle (atoms `0..n_star`) moving as the rigid `body`: the host
    /// by velocity Verlet, the body by [`NoSquish`] with the same Δt, forces evaluated once for
    /// all atoms, the thermostat (if any) in the middle of the step acting on every atom's
    /// velocity, the body then taking the rigid part of its atoms' new velocities (for the
    /// Bussi thermostat, exactly its P and L scaled; for Langevin, an exact Ornstein–Uhlenbeck
    /// step of P and L). `dof` is the number of degrees of freedom of the kinetic energy.
    /// When the nanoparticle is held (`system.constrained`) the body does not move at all: it
    /// keeps its position and orientation with P = 0 and L = 0, its atoms at rest, while the
    /// host moves as usual (a thermostat's noise on the body's atoms is discarded). Errors as
    /// [`Integrator::step`].
    #[allow(clippy::too_many_arguments)]
    pub fn step_rigid(
        &self,
        system: &System,
        state: &mut State,
        body: &mut RigidBody,
        forces: &mut ForceField,
        thermostat: Option<&mut AnyThermostat>,
        rng: &mut Xoshiro256PlusPlus,
        energies: bool,
        max_displacement: f64,
        dof: f64,
    ) -> Result<ForceSums, MdError> {
        let n = system.n_star;
        assert_eq!(body.atoms(), n, "the body is the nanoparticle");
        let dt = self.dt;
        if system.constrained {
            // The held body: only the host's atoms `n..` move.
            let moved = match thermostat {
                None => Self::kick_drift(system, state, Some(0.5 * dt), dt, n),
                Some(t) => {
                    let first = Self::kick_drift(system, state, Some(0.5 * dt), 0.5 * dt, n);
                    t.apply(&mut state.velocities, &system.masses, dt, dof, rng);
                    state.velocities[..n].fill([0.0; 3]);
                    let second = Self::kick_drift(system, state, None, 0.5 * dt, n);
                    if first.0 > second.0 { first } else { second }
                }
            };
            within_half_skin(state.step, moved, max_displacement)?;
            let sums = forces.compute(system, state, energies)?;
            Self::kick(system, state, 0.5 * dt, n);
            state.step += 1;
            state.time += dt;
            return Ok(sums);
        }
        let b = system.periodic_box;
        let body_kick = NoSquish { dt };
        body_kick.kick_half(body, &state.forces[..n]);
        // The host's kick and drift, the body's free motion, its atoms placed: the largest
        // move of an atom [σ] and its index.
        let drift = |state: &mut State, body: &mut RigidBody, kick: Option<f64>, h: f64| {
            let host = Self::kick_drift(system, state, kick, h, n);
            NoSquish::drift(body, h);
            let own = body.place_atoms(
                &mut state.positions[..n],
                &mut state.images[..n],
                &mut state.velocities[..n],
                &b,
            );
            if own.0 > host.0 { own } else { host }
        };
        let moved = match thermostat {
            None => drift(state, body, Some(0.5 * dt), dt),
            Some(t) => {
                let first = drift(state, body, Some(0.5 * dt), 0.5 * dt);
                t.apply(&mut state.velocities, &system.masses, dt, dof, rng);
                body.set_from_velocities(&state.velocities[..n]);
                let second = drift(state, body, None, 0.5 * dt);
                if first.0 > second.0 { first } else { second }
            }
        };
        within_half_skin(state.step, moved, max_displacement)?;
        let sums = forces.compute(system, state, energies)?;
        Self::kick(system, state, 0.5 * dt, n);
        body_kick.kick_half(body, &state.forces[..n]);
        body.place_atoms(
            &mut state.positions[..n],
            &mut state.images[..n],
            &mut state.velocities[..n],
            &b,
        );
        state.step += 1;
        state.time += dt;
        Ok(sums)
    }
}

/// Refuses a step in which an atom moved farther than half the skin `max_displacement` [σ]:
/// `moved` is the largest move [σ] and its atom's index.
fn within_half_skin(step: u64, moved: (f64, usize), max_displacement: f64) -> Result<(), MdError> {
    if moved.0 > max_displacement {
        return Err(MdError::TooFast {
            step,
            atom: moved.1,
            distance: moved.0,
            half_skin: max_displacement,
        });
    }
    Ok(())
}
