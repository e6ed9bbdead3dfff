//! The analysis of MD series, mostly on synthetic processes with known answers: block averages,
//! correlators (direct and multiple-tau), Green–Kubo and Kirkwood plateaus, diffusion and MSD,
//! histograms, transition counting, mean-force profiles, viscosity, and what they cost.

#[path = "../common/mod.rs"]
mod common;

mod block_average;
mod cost;
mod einstein_relation;
mod green_kubo_plateau;
mod held_particle_finite_reservoir;
mod histogram_boltzmann;
mod kirkwood_plateau;
mod mean_force_profile;
mod multiple_tau_matches_direct;
mod multiple_tau_ornstein_uhlenbeck;
mod particle_msd_ornstein_uhlenbeck;
mod self_diffusion;
mod transitions_overdamped_double_well;
mod trap_position_autocorrelation;
mod viscosity;
