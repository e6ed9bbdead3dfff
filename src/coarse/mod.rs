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
//! - Closed forms the MD is tested against ([`langevin_msd`], [`momentum_autocorrelation`],
//!   [`DampedOscillator`] for the trapped particle's position autocorrelation); one-way
//!   double-well rates ([`double_well_rates`]) from the Fokker–Planck solver, the Smoluchowski
//!   MFPT and Kramers' formula.
//! - The exact results the tests compare against ([`HarmonicKramers`], [`kramers_rate`],
//!   [`mfpt_in_potential`], …); [`write_png`]: viridis heatmaps; [`bench_coarse`]: throughput
//!   figures.
//!
//! Each item has one public path, `multiscope::coarse::Item`; the files are private.
//!
//! Building and running a solver:
//!
//! ```
//! use multiscope::coarse::{Boundary, Coefficients, Evolve, Force1d, Grid1d, Kramers};
//! let c = Coefficients::from_json_str(
//!     r#"{"epsilon": 0.01, "mass": 100, "beta": 1, "d_theta": {"mean": 0.05, "sem": 0.002}}"#,
//!     "example",
//! )?;
//! let grid = Grid1d::new(-3.0, 3.0, 64, Boundary::Periodic)?;
//! let field = Force1d::double_well(3.0, 0.0, 1.0)?;
//! let mut k = Kramers::from_coefficients(&c, Some(field), &grid, 64, None)?;
//! k.set_gaussian(-1.0, 0.0, 0.2, 5.0)?; // R₀ [σ], P₀, σ_R [σ], σ_P [m̂σ/τ]
//! k.advance_to(2.0)?; // τ
//! let m = k.moments().to_physical(k.scale());
//! assert!((m.mass - 1.0).abs() < 1e-12 && m.min >= 0.0);
//! # Ok::<(), multiscope::coarse::CoarseError>(())
//! ```

#![warn(missing_docs)]

mod baoab;
mod bench;
mod chang_cooper;
mod coefficients;
mod ensemble;
mod error;
mod euler_maruyama;
mod evolve;
mod exact;
mod field;
mod grid;
mod heatmap;
mod kramers;
mod predictions;
mod rates;
mod scharfetter_gummel;
mod smoluchowski;
mod smoluchowski3d;
mod tridiagonal;
mod van_leer;

pub use baoab::Baoab;
pub use bench::bench_coarse;
pub use chang_cooper::ChangCooper;
pub use coefficients::{Coefficients, FrictionSource, ProfileEstimate};
pub use ensemble::{OverdampedEnsemble, UnderdampedEnsemble, histogram};
pub use error::CoarseError;
pub use euler_maruyama::EulerMaruyama;
pub use evolve::Evolve;
pub use exact::{
    HarmonicKramers, double_well_frequencies, free_variance, kramers_rate, mfpt_in_potential,
    relaxation_time,
};
pub use field::{Force1d, Tabulated};
pub use grid::{Boundary, Grid1d};
pub use heatmap::{viridis, write_png};
pub use kramers::{Kramers, PhaseMoments, ScaledParams, default_p_max, start_p_max};
pub use predictions::{
    DampedOscillator, langevin_msd, momentum_autocorrelation, momentum_time, smoluchowski_msd,
};
pub use rates::{DoubleWellProblem, DoubleWellRates, OneWayRates, RateOptions, double_well_rates};
pub use scharfetter_gummel::ScharfetterGummel;
pub use smoluchowski::Smoluchowski1d;
pub use smoluchowski3d::Smoluchowski3d;
pub use tridiagonal::{CyclicThomas, Thomas};
pub use van_leer::VanLeer;
