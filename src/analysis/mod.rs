//! Time series → numbers: correlators, Green–Kubo running integrals with error bars, block
//! averages, transport helpers and the coarse-grained coefficients of docs/physics.md.
//!
//! Everything here takes plain samples (`[f64; 3]` vectors, `f64` scalars, a sample interval `dt`
//! in τ), never a simulation. Units are reduced Lennard-Jones units (see [`crate::units`]).
//!
//! - [`MultipleTau`]: multiple-tau correlator of two D-vector series (all D² cross-correlations),
//!   constant memory, O(1) work per sample; [`direct_correlation`] is its exact reference.
//! - [`GreenKubo`]: running integrals `∫₀^t C` with block error bars and a plateau [`Cutoff`].
//! - [`BlockAverage`]: Flyvbjerg–Petersen standard error of a mean, online.
//! - [`VelocityAutocorrelation`], [`MeanSquaredDisplacement`], [`fit_slope`]: host self-diffusion.
//! - [`green_kubo_viscosity`], [`yeh_hummer_correction`], [`stokes_einstein`],
//!   [`stokes_einstein_debye`]: host transport.
//! - [`diffusion_from_momentum`], [`friction_from_force`], [`einstein_ratio`], …: γ, D_γ, θ, ζ,
//!   D_θ and the Einstein ratio; [`MeanForceProfile`]: f^th(R)
//!   and the potential of mean force A(R).
//! - [`Estimate`]: `mean ± sem` with error propagation.
//! - Theory against the atoms: [`ParticleMsd`] (one particle's MSD with block errors and D_MSD),
//!   [`IntegratedCorrelation`] (variance, ∫C and ∫C/C(0) of a [`GreenKubo`] autocorrelation),
//!   [`BlockHistogram`] (histogram with block errors, χ² against a density),
//!   [`TransitionCounter`] (committed transitions in a double well, one-way rates), and
//!   [`Comparison`] (MD vs prediction: z-score, verdict, reason). [`BlockCurves`] stores the
//!   per-block vectors they share.
//!
//! ```
//! use multiscope::analysis::{
//!     Cutoff, GreenKubo, MultipleTauParams, OrnsteinUhlenbeck, diffusion_from_momentum,
//! };
//!
//! // Momentum of a particle of mass 20 m̂ at T = 1 relaxing in 2 τ, sampled every 0.2 τ.
//! let (mass, dt) = (20.0, 0.2);
//! let mut momentum = OrnsteinUhlenbeck::<3>::new((mass * 1.0_f64).sqrt(), 2.0, dt, 1);
//! let mut gamma = GreenKubo::<3>::new(dt, 4096, MultipleTauParams::default(), false);
//! for _ in 0..1 << 16 {
//!     gamma.push_auto(momentum.step());
//! }
//! let plateau = gamma.plateau(Cutoff::default()).expect("enough data");
//! let d = diffusion_from_momentum(&plateau.value, mass).isotropic; // tr γ / (3 m²) [σ²/τ]
//! // Exact: ⟨P_a²⟩ τ_P / m² = k_BT τ_P / m = 0.1.
//! assert!((d.mean - 0.1).abs() < 5.0 * d.sem);
//! ```

#![warn(missing_docs)]

mod bench;
mod block_average;
mod block_curves;
mod coefficients;
mod comparison;
mod correlation_time;
mod direct;
mod estimate;
mod green_kubo;
mod histogram;
mod ladder;
mod linear_fit;
mod mean_force_profile;
mod mean_squared_displacement;
mod multiple_tau;
mod ornstein_uhlenbeck;
mod particle_curve;
mod particle_kernel;
mod particle_msd;
mod transitions;
mod transport;
mod velocity_autocorrelation;

pub use bench::bench_analysis;
pub use block_average::{BlockAverage, BlockingLevel, BlockingResult, MIN_BLOCKS};
pub use block_curves::BlockCurves;
pub use coefficients::{
    diffusion_from_friction, diffusion_from_momentum, diffusion_tensor_from_friction,
    einstein_ratio, friction_from_force, friction_from_theta, scaled_force,
};
pub use comparison::{Comparison, ComparisonContext};
pub use correlation_time::IntegratedCorrelation;
pub use direct::{block_means, direct_correlation};
pub use estimate::{
    Estimate, TensorEstimate, TensorRows, estimate_of, maybe_estimate_of, scatter_sem,
};
pub use green_kubo::{Cutoff, GreenKubo, Plateau, RunningIntegral, running_integral};
pub use histogram::{BlockHistogram, HistogramTest, MIN_EXPECTED_PER_ENTRY, bin_probabilities};
pub use ladder::MultipleTauParams;
pub use linear_fit::{LinearFit, fit_slope};
pub use mean_force_profile::MeanForceProfile;
pub use mean_squared_displacement::{Displacement, MeanSquaredDisplacement};
pub use multiple_tau::{Correlation, MultipleTau, ScalarMultipleTau, VectorMultipleTau};
pub use ornstein_uhlenbeck::OrnsteinUhlenbeck;
pub use particle_curve::{ParticleCurve, SelfCorrelation};
pub use particle_msd::{FitWindow, MsdCurve, MsdDiffusion, ParticleMsd};
pub use transitions::{TransitionCounter, TransitionRates, Well, poisson_rate};
pub use transport::{
    StokesBoundary, YEH_HUMMER_XI, green_kubo_viscosity, shear_stress_components, stokes_einstein,
    stokes_einstein_debye, traceless_stress_components, yeh_hummer_correction,
};
pub use velocity_autocorrelation::{VelocityAutocorrelation, VelocityProduct};
