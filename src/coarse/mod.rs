//! The coarse-grained equations: the Smoluchowski equation (29) and the Fokker–Planck (Kramers)
//! equation (56) of physics.md, solved by conservative finite volumes, and their Langevin twins.
//!
//! Units are reduced Lennard-Jones units (σ, τ, m̂, ε_LJ, k_B = 1). Nothing here depends on the
//! MD engine or on bevy: a solver is built from plain numbers or a [`Coefficients`] value.
//!
//! - [`Smoluchowski1d`], [`Smoluchowski3d`]: drift–diffusion of W(R, t) with
//!   [`ScharfetterGummel`] fluxes.
//! - [`Kramers`]: W̃(Φ, Π, t) on the phase plane, Strang splitting of [`VanLeer`] transport in Φ
//!   and an implicit [`ChangCooper`] step in Π.
//! - [`Baoab`], [`EulerMaruyama`]: Langevin ensembles with the same coefficients.
//! - [`exact`]: the exact results the tests compare against.

#![warn(missing_docs)]

pub mod baoab;
pub mod bench;
pub mod chang_cooper;
pub mod coefficients;
pub mod ensemble;
pub mod error;
pub mod euler_maruyama;
pub mod exact;
pub mod field;
pub mod grid;
pub mod heatmap;
pub mod kramers;
pub mod scharfetter_gummel;
pub mod smoluchowski;
pub mod smoluchowski3d;
pub mod tridiagonal;
pub mod van_leer;

pub use baoab::Baoab;
pub use bench::bench_coarse;
pub use chang_cooper::ChangCooper;
pub use coefficients::{Coefficients, Estimate, ProfileEstimate, TensorEstimate};
pub use ensemble::{OverdampedEnsemble, UnderdampedEnsemble};
pub use error::CoarseError;
pub use euler_maruyama::EulerMaruyama;
pub use field::{ForceField, Tabulated};
pub use grid::{Boundary, Grid1d};
pub use kramers::{Kramers, PhaseMoments, ScaledParams};
pub use scharfetter_gummel::ScharfetterGummel;
pub use smoluchowski::Smoluchowski1d;
pub use smoluchowski3d::Smoluchowski3d;
pub use van_leer::VanLeer;
