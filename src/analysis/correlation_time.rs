//! `IntegratedCorrelation`: the scalar summary of an autocorrelation function measured with
//! [`GreenKubo`]: its value at lag 0 (the variance), its integral and the integrated correlation
//! time ∫C/C(0), each with a block error — e.g. for the position of a particle in a harmonic trap,
//! where the Kramers equation predicts k_BT/k, k_BT ζ/k² and ζ/k.

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;
use super::green_kubo::{Cutoff, GreenKubo};

/// Variance, integral and integrated correlation time of a scalar autocorrelation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntegratedCorrelation {
    /// C(0) = ⟨δx²⟩ [unit of x²].
    pub variance: Estimate,
    /// ∫₀^{t_c} C(t) dt [unit of x²·τ].
    pub integral: Estimate,
    /// τ_int = ∫C/C(0) [τ]. Its error combines the two relative errors as if independent; they
    /// are positively correlated, so this overstates the error (conservative).
    pub time: Estimate,
    /// Cut-off t_c actually used [τ].
    pub cutoff_time: f64,
    /// Whether the cut-off rule converged (see [`super::Plateau::converged`]).
    pub converged: bool,
    /// Independent blocks behind the errors.
    pub n_blocks: u64,
}

impl IntegratedCorrelation {
    /// Reads the summary from a scalar auto-correlation accumulated as
    /// `GreenKubo::<1>::new(dt, block_len, params, true)` with `push_auto([x])` (the mean is
    /// subtracted, so C is the autocovariance of δx = x − ⟨x⟩).
    ///
    /// Choose the cut-off with care: an oscillating correlation (an underdamped trap) crosses zero
    /// long before it has decayed, so the automatic rule stops too early; give
    /// `Cutoff::Time(t_c)` with t_c several decay times (e.g. `DampedOscillator::decay_time(8)`).
    /// `None` before the first lag > 0 has data.
    pub fn from_green_kubo(gk: &GreenKubo<1>, cutoff: Cutoff) -> Option<Self> {
        let run = gk.running_integral();
        let plateau = run.plateau(cutoff)?;
        let variance = *run.isotropic_correlation.first()?;
        let integral = plateau.value.isotropic;
        Some(Self {
            variance,
            integral,
            time: integral.ratio(variance),
            cutoff_time: plateau.cutoff_time,
            converged: plateau.converged,
            n_blocks: plateau.n_blocks,
        })
    }
}
