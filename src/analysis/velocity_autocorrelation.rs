//! `VelocityAutocorrelation`: the velocity autocorrelation function of many particles with a
//! multiple-tau correlator, and the self-diffusion coefficient from its Green–Kubo integral.

use super::estimate::{Estimate, scatter_sem};
use super::green_kubo::running_integral;
use super::ladder::{Coarsening, MultipleTauParams};
use super::particle_curve::SelfCorrelation;
use super::particle_kernel::SelfTerm;

/// Velocity autocorrelation `Z(t) = (1/N) Σ_i ⟨v_i(0)·v_i(t)⟩` [σ²/τ²] of N particles
/// (the dot product sums x, y, z), on a multiple-tau grid (block-averaged velocities,
/// Ramírez et al. 2010).
///
/// The particles are split into `groups` contiguous groups with separate accumulators; the groups
/// are independent samples (exactly for independent walkers, approximately in a fluid), which
/// gives the error bar of `D`. Work per sample: about `2p·3N` multiply-adds (≈ 0.3 M for
/// N = 4000, p = 16), bound by reading the `p` stored frames; measured ≈ 140 µs per push for
/// 4000 particles on one shared core (`bench_analysis`), so push every ≥ 10 MD steps of a 1 ms
/// step (≤ 1.5 %), or push a subset of the atoms. Memory `levels·p·3N` values (18 MB for
/// N = 4000, 12 levels).
pub type VelocityAutocorrelation = SelfCorrelation<VelocityProduct>;

/// The kind of [`VelocityAutocorrelation`]: products of block-averaged velocities.
#[derive(Clone, Copy, Debug)]
pub enum VelocityProduct {}

impl VelocityAutocorrelation {
    /// VACF of `n_particles` sampled every `dt` [τ], with `groups` error groups (e.g. 16).
    ///
    /// # Panics
    /// If `groups` is 0 or exceeds `n_particles`, `dt ≤ 0`, or the layout is invalid.
    pub fn new(n_particles: usize, groups: usize, dt: f64, params: MultipleTauParams) -> Self {
        Self::with_term(
            "VACF",
            SelfTerm::Dot,
            Coarsening::Average,
            n_particles,
            groups,
            dt,
            params,
        )
    }

    /// Self-diffusion `D = (1/3) ∫₀^{t_c} Z(t) dt` [σ²/τ] with the cut-off `t_c` [τ] (the largest
    /// grid lag ≤ `cutoff_time`); the standard error is the scatter of the group integrals over
    /// `√groups`. `None` before two lags have data.
    pub fn diffusion(&self, cutoff_time: f64) -> Option<Estimate> {
        let curve = self.curve();
        let n = curve
            .lag_times
            .iter()
            .filter(|&&t| t <= cutoff_time)
            .count();
        if n < 2 {
            return None;
        }
        let t = &curve.lag_times[..n];
        let mean = running_integral(t, &curve.mean[..n])[n - 1] / 3.0;
        let per_group: Vec<f64> = curve
            .groups
            .iter()
            .map(|g| running_integral(t, &g[..n])[n - 1] / 3.0)
            .collect();
        Some(Estimate::new(mean, scatter_sem(&per_group)))
    }
}
