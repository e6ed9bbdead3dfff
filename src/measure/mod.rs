//! The bridge from atoms to coefficients: drives a [`crate::md::Simulation`] and feeds the
//! [`crate::analysis`] accumulators, producing the coefficients the coarse-grained equations need.
//!
//! - [`Measurement`]: the live accumulators, fed one sample at a time
//!   ([`Measurement::push_sample`]) — usable from a GUI frame loop — and read at any time
//!   ([`Measurement::report`]).
//! - [`measure`]: the batch pipeline of `multiscope measure` (free segment, constrained segment,
//!   f^th windows, in parallel), returning a [`Report`], its [`Curves`] and its [`Cost`].
//!
//! What is measured (docs/physics.md):
//! - free segment: γ_ab = ∫⟨P_a(0)P_b(s)⟩ds → D_γ = tr γ/(3m²); the free particle's force
//!   autocorrelation (Kirkwood's plateau problem: its running integral peaks and returns to zero);
//!   host self-diffusion from the MSD and the VACF (host atoms only); the shear viscosity η from the
//!   Green–Kubo integral of the five traceless pressure-tensor components;
//! - constrained segment (centre of mass held): θ_ab = ε⁻¹∫⟨δF_a(0)δF_b(s)⟩ds, ζ = βεθ, and the
//!   isotropic Einstein diffusion D_θ = k_BT/(tr ζ/3) = 3k_BT/tr ζ; the Einstein ratio D_γ/D_θ;
//! - f^th windows: the particle held at K positions along x (the whole system translated so that
//!   nothing overlaps), mean force with block errors and the potential of mean force;
//! - a rigid nanoparticle's rotation: D_r from the free body's angular velocity
//!   (`d_rot_gamma`) and from the held body's torque (`d_rot_theta`), the orientation
//!   correlation of its principal axes, Stokes–Einstein–Debye;
//! - Yeh–Hummer D∞ = D_γ + ξk_BT/(6πηL) and Stokes–Einstein k_BT/(cπηa) with the hydrodynamic
//!   radius a = outer atom radius + 0.5σ (where the host atoms' centres can approach).
//!
//! Units: reduced Lennard-Jones (σ, τ, m̂, ε_LJ, k_B = 1).

#![warn(missing_docs)]

mod measurement;
mod particle;
mod pipeline;
mod report;
mod rotation;

pub use measurement::{
    Cutoffs, HOST_GROUPS, HostFrame, Measurement, MeasurementSetup, SampleCounts, Segment,
};
pub use particle::{
    COMMIT_FRACTION, HISTOGRAM_BINS, ParticleCurves, ParticleObservables, ParticleReport,
    potential_x,
};
pub(crate) use pipeline::plan;
pub use pipeline::{
    MeasureError, MeasureOptions, Measured, Segments, measure, total_steps, window_positions,
};
pub use report::{
    Cost, Curves, FreeForce, HostDiffusion, PlateauId, PlateauInfo, Report, StokesEinstein,
    ThermalForce, describe_dynamics,
};
pub use rotation::{Rotation, RotationObservables, RotationReport};
