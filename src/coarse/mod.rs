//! The coarse-grained equations: the Smoluchowski equation (29) and the Fokker–Planck (Kramers)
//! equation (56) of docs/physics.md, solved by conservative finite volumes, and their Langevin twins.
//!
//! Units are reduced Lennard-Jones units (σ, τ, m̂, ε_LJ, k_B = 1). Nothing here depends on the
//! MD engine or on bevy: a solver is built from plain numbers or a [`Coefficients`] value.
//!
//! - [`Smoluchowski1d`], [`Smoluchowski3d`]: drift–diffusion of W(R, t) with implicit
//!   [`ScharfetterGummel`] fluxes: any step is stable, mass is conserved to round-off, W ≥ 0 and
//!   the discrete Boltzmann density is the exact steady state.
//! - [`Kramers`]: W̃(Φ, Π, t) of equation (56) on the phase plane (or W(R, P) unscaled), by the
//!   symmetric splitting B A O A B: [`VanLeer`] transport for the kick (Π) and the drift (Φ), an
//!   implicit [`ChangCooper`] step for friction and noise.
//! - [`Baoab`], [`EulerMaruyama`] with [`UnderdampedEnsemble`], [`OverdampedEnsemble`]: Langevin
//!   twins with the same coefficients, run in parallel with seeded per-chunk streams.
//! - [`Coefficients`]: the JSON that `multiscope measure --json` prints; solvers are built from
//!   it with `from_coefficients` (xx components; D = k_BT/ζ).
//! - [`predictions`]: closed forms the MD is tested against (Langevin MSD, momentum
//!   autocorrelation, the trapped particle's position autocorrelation); [`rates`]: one-way
//!   double-well rates from the Fokker–Planck solver, the Smoluchowski MFPT and Kramers' formula.
//! - [`exact`]: the exact results the tests compare against; [`heatmap`]: viridis PNGs;
//!   [`bench_coarse`]: throughput figures.
//!
//! Building and running a solver:
//!
//! ```
//! use multiscope::coarse::{Boundary, Coefficients, ForceField, Grid1d, Kramers};
//! let c = Coefficients::from_json_str(
//!     r#"{"epsilon": 0.01, "mass": 100, "beta": 1, "d_theta": {"mean": 0.05, "sem": 0.002}}"#,
//!     "example",
//! )?;
//! let grid = Grid1d::new(-3.0, 3.0, 64, Boundary::Periodic)?;
//! let field = ForceField::double_well(3.0, 0.0, 1.0)?;
//! let mut k = Kramers::from_coefficients(&c, Some(field), &grid, 64, None)?;
//! k.set_gaussian(-1.0, 0.0, 0.2, 5.0)?; // R₀ [σ], P₀, σ_R [σ], σ_P [m̂σ/τ]
//! k.advance_to(2.0)?; // τ
//! let m = k.moments().to_physical(k.scale());
//! assert!((m.mass - 1.0).abs() < 1e-12 && m.min >= 0.0);
//! # Ok::<(), multiscope::coarse::CoarseError>(())
//! ```

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
pub mod predictions;
pub mod rates;
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
pub use kramers::{Kramers, PhaseMoments, ScaledParams, default_p_max, start_p_max};
pub use predictions::DampedOscillator;
pub use rates::{DoubleWellProblem, DoubleWellRates, OneWayRates, RateOptions, double_well_rates};
pub use scharfetter_gummel::ScharfetterGummel;
pub use smoluchowski::Smoluchowski1d;
pub use smoluchowski3d::Smoluchowski3d;
pub use van_leer::VanLeer;
