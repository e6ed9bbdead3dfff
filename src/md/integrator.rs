//! Integrators: how the system moves in time.

use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::MdError;
use super::force_field::{ForceField, ForceSums};
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
    fn kick(system: &System, state: &mut State, dt: f64) {
        state
            .velocities
            .par_iter_mut()
            .zip(&state.forces)
            .zip(&system.masses)
            .with_min_len(PER_TASK)
            .for_each(|((v, f), &m)| {
                let s = dt / m;
                v[0] += s * f[0];
                v[1] += s * f[1];
                v[2] += s * f[2];
            });
        system.constrain_velocities(&mut state.velocities);
    }

    /// Moves atoms by v·dt, wraps them into the box and returns (largest move [σ], its atom: the
    /// first of equals, whatever the number of threads).
    fn drift(system: &System, state: &mut State, dt: f64) -> (f64, usize) {
        let b = &system.periodic_box;
        let worst = state
            .positions
            .par_iter_mut()
            .zip(&state.velocities)
            .zip(&mut state.images)
            .enumerate()
            .with_min_len(PER_TASK)
            .map(|(i, ((x, v), n))| {
                x[0] += v[0] * dt;
                x[1] += v[1] * dt;
                x[2] += v[2] * dt;
                let shift = b.wrap(x);
                n[0] += shift[0];
                n[1] += shift[1];
                n[2] += shift[2];
                ((v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) * dt * dt, i)
            })
            .reduce(
                || (0.0, usize::MAX),
                |a, b| {
                    if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
                        b
                    } else {
                        a
                    }
                },
            );
        (
            worst.0.sqrt(),
            if worst.1 == usize::MAX { 0 } else { worst.1 },
        )
    }
}

/// Atoms per parallel task of the per-atom passes (fewer would cost more in scheduling than
/// they save).
const PER_TASK: usize = 4096;

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
        Self::kick(system, state, 0.5 * dt);
        let moved = match thermostat {
            None => Self::drift(system, state, dt),
            Some(t) => {
                let first = Self::drift(system, state, 0.5 * dt);
                t.apply(
                    &mut state.velocities,
                    &system.masses,
                    dt,
                    system.degrees_of_freedom(),
                    rng,
                );
                system.constrain_velocities(&mut state.velocities);
                let second = Self::drift(system, state, 0.5 * dt);
                if first.0 > second.0 { first } else { second }
            }
        };
        if moved.0 > max_displacement {
            return Err(MdError::TooFast {
                step: state.step,
                atom: moved.1,
                distance: moved.0,
                half_skin: max_displacement,
            });
        }
        let sums = forces.compute(system, state, energies)?;
        Self::kick(system, state, 0.5 * dt);
        state.step += 1;
        state.time += dt;
        Ok(sums)
    }
}
