//! Thermostats, kept apart from the integrator: each is an "O" step that acts on the velocities
//! for a time interval, placed by [`super::VelocityVerlet`] in the middle of its step (the BAOAB
//! splitting of Leimkuhler & Matthews).

use rand::RngExt;
use rand_distr::{ChiSquared, Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// A thermostat: acts on velocities to sample the canonical ensemble at its target temperature.
pub trait Thermostat {
    /// Target temperature T [ε_LJ/k_B].
    fn temperature(&self) -> f64;
    /// Changes the target temperature T [ε_LJ/k_B] (the β slider).
    fn set_temperature(&mut self, temperature: f64);
    /// Acts on `velocities` [σ/τ] of atoms of `masses` [m̂] for a time `dt` [τ]. `dof` is the
    /// number of degrees of freedom of the kinetic energy.
    fn apply(
        &mut self,
        velocities: &mut [[f64; 3]],
        masses: &[f64],
        dt: f64,
        dof: f64,
        rng: &mut Xoshiro256PlusPlus,
    );
}

/// Stochastic velocity rescaling (Bussi, Donadio & Parrinello, J. Chem. Phys. 126, 014101
/// (2007)): the kinetic energy follows a stochastic differential equation whose stationary law is
/// the canonical one, relaxing with time constant τ_T. It conserves total momentum and perturbs
/// dynamics only through one global factor, so it is gentle on correlation functions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bussi {
    /// Target temperature T [ε_LJ/k_B].
    pub temperature: f64,
    /// Relaxation time τ_T [τ].
    pub tau: f64,
}

impl Thermostat for Bussi {
    fn temperature(&self) -> f64 {
        self.temperature
    }
    fn set_temperature(&mut self, temperature: f64) {
        self.temperature = temperature;
    }
    fn apply(
        &mut self,
        velocities: &mut [[f64; 3]],
        masses: &[f64],
        dt: f64,
        dof: f64,
        rng: &mut Xoshiro256PlusPlus,
    ) {
        let kinetic = kinetic_energy(velocities, masses);
        if kinetic <= 0.0 || dof < 2.0 {
            return;
        }
        let target = 0.5 * dof * self.temperature;
        let c = (-dt / self.tau).exp();
        let ratio = target / (dof * kinetic);
        let r1: f64 = rng.sample(StandardNormal);
        let rest = ChiSquared::new(dof - 1.0)
            .map(|d| d.sample(rng))
            .unwrap_or(0.0);
        let alpha2 =
            c + (1.0 - c) * ratio * (r1 * r1 + rest) + 2.0 * r1 * (c * (1.0 - c) * ratio).sqrt();
        let mut alpha = alpha2.max(0.0).sqrt();
        if r1 + (c / ((1.0 - c) * ratio)).sqrt() < 0.0 {
            alpha = -alpha;
        }
        for v in velocities.iter_mut() {
            v[0] *= alpha;
            v[1] *= alpha;
            v[2] *= alpha;
        }
    }
}

/// Langevin dynamics, the "O" step of BAOAB: v ← c·v + √((1 − c²) k_BT/m)·ξ with c = e^{−γ dt}
/// for every atom. Exact for the Ornstein–Uhlenbeck part; it does not conserve momentum and its
/// friction γ changes the dynamics, so use it to equilibrate, not to measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Langevin {
    /// Target temperature T [ε_LJ/k_B].
    pub temperature: f64,
    /// Friction rate γ [1/τ].
    pub friction: f64,
}

impl Thermostat for Langevin {
    fn temperature(&self) -> f64 {
        self.temperature
    }
    fn set_temperature(&mut self, temperature: f64) {
        self.temperature = temperature;
    }
    fn apply(
        &mut self,
        velocities: &mut [[f64; 3]],
        masses: &[f64],
        dt: f64,
        _dof: f64,
        rng: &mut Xoshiro256PlusPlus,
    ) {
        let c = (-self.friction * dt).exp();
        let noise = ((1.0 - c * c) * self.temperature).sqrt();
        for (v, &m) in velocities.iter_mut().zip(masses) {
            let s = noise / m.sqrt();
            for vk in v.iter_mut() {
                let xi: f64 = rng.sample(StandardNormal);
                *vk = c * *vk + s * xi;
            }
        }
    }
}

/// Every thermostat a scene can choose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum AnyThermostat {
    /// Stochastic velocity rescaling.
    Bussi(Bussi),
    /// Langevin (BAOAB "O" step).
    Langevin(Langevin),
}

impl Thermostat for AnyThermostat {
    fn temperature(&self) -> f64 {
        match self {
            AnyThermostat::Bussi(t) => t.temperature(),
            AnyThermostat::Langevin(t) => t.temperature(),
        }
    }
    fn set_temperature(&mut self, temperature: f64) {
        match self {
            AnyThermostat::Bussi(t) => t.set_temperature(temperature),
            AnyThermostat::Langevin(t) => t.set_temperature(temperature),
        }
    }
    fn apply(
        &mut self,
        velocities: &mut [[f64; 3]],
        masses: &[f64],
        dt: f64,
        dof: f64,
        rng: &mut Xoshiro256PlusPlus,
    ) {
        match self {
            AnyThermostat::Bussi(t) => t.apply(velocities, masses, dt, dof, rng),
            AnyThermostat::Langevin(t) => t.apply(velocities, masses, dt, dof, rng),
        }
    }
}

/// Kinetic energy K = Σ ½ m v² [ε_LJ].
pub fn kinetic_energy(velocities: &[[f64; 3]], masses: &[f64]) -> f64 {
    velocities
        .iter()
        .zip(masses)
        .map(|(v, &m)| 0.5 * m * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]))
        .sum()
}
