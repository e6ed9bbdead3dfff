//! The coarse-grained solvers (Fokker–Planck/Kramers and Smoluchowski): conservation,
//! convergence, the analytic harmonic and free-diffusion cases, escape rates, scaled against
//! unscaled variables, agreement with Langevin trajectories, and the coefficients they read.

#[path = "../common/mod.rs"]
mod common;

mod coefficients;
mod conservation;
mod convergence;
mod double_well_rates_high_friction;
mod free_diffusion;
mod harmonic_kramers;
mod harmonic_smoluchowski;
mod kramers_escape;
mod scaled_vs_unscaled;
mod solver_vs_langevin;
