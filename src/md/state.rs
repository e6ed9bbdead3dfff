//! Where the atoms are now: the running state of a simulation.

use serde::{Deserialize, Serialize};

use super::periodic_box::PeriodicBox;

/// Positions, velocities, forces and clock. Positions are kept wrapped in the box with an image
/// counter per atom, so unwrapped positions (and the nanoparticle's centre of mass) never jump.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct State {
    /// Wrapped positions r_i ∈ [0, L)³ [σ].
    pub positions: Vec<[f64; 3]>,
    /// Image counters n_i: unwrapped position = r_i + n_i L.
    pub images: Vec<[i32; 3]>,
    /// Velocities v_i [σ/τ].
    pub velocities: Vec<[f64; 3]>,
    /// Forces F_i [ε_LJ/σ] at the current positions (before the centre-of-mass constraint).
    #[serde(skip)]
    pub forces: Vec<[f64; 3]>,
    /// Steps taken.
    pub step: u64,
    /// Simulated time t [τ].
    pub time: f64,
}

impl State {
    /// Unwrapped position of atom `i` [σ].
    pub fn unwrapped(&self, i: usize, b: &PeriodicBox) -> [f64; 3] {
        b.unwrap(self.positions[i], self.images[i])
    }
}
