//! [`Evolve`]: the role every grid solver of a coarse-grained density plays (the Fokker–Planck
//! solver [`super::Kramers`] and the Smoluchowski solvers [`super::Smoluchowski1d`],
//! [`super::Smoluchowski3d`]): it holds a density at a time and advances it.

use super::error::CoarseError;

/// A density that advances in time.
pub trait Evolve {
    /// Current time [τ].
    fn time(&self) -> f64;

    /// Advances by `duration` [τ] (≥ 0). Errors if the step cannot be taken or (after advancing)
    /// the density left the solver's range.
    fn advance(&mut self, duration: f64) -> Result<(), CoarseError>;

    /// Advances to time `t` [τ] (no-op if `t` is not later than now).
    fn advance_to(&mut self, t: f64) -> Result<(), CoarseError> {
        self.advance((t - self.time()).max(0.0))
    }
}
