//! Euler–Maruyama for the overdamped Langevin equation dR = βD F^th dt + (2D)^{1/2} dW.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use super::baoab::apply_domain;
use super::error::{CoarseError, positive};
use super::field::Force1d;
use super::grid::Grid1d;

/// The Euler–Maruyama scheme (weak order one) with periodic or reflecting domains.
#[derive(Debug, Clone)]
pub struct EulerMaruyama {
    drift: f64,
    noise: f64,
    dt: f64,
    field: Force1d,
    domain: Option<Grid1d>,
}

impl EulerMaruyama {
    /// Diffusion D [σ²/τ], β [1/ε_LJ], step Δt [τ], field and optional domain.
    pub fn new(
        d: f64,
        beta: f64,
        dt: f64,
        field: Force1d,
        domain: Option<Grid1d>,
    ) -> Result<Self, CoarseError> {
        positive("diffusion coefficient D", d)?;
        positive("beta", beta)?;
        positive("time step", dt)?;
        Ok(Self {
            drift: beta * d * dt,
            noise: (2.0 * d * dt).sqrt(),
            dt,
            field,
            domain,
        })
    }

    /// Time step [τ].
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// The domain, if any.
    pub fn domain(&self) -> Option<&Grid1d> {
        self.domain.as_ref()
    }

    /// One step of position x [σ].
    #[inline]
    pub fn step<R: Rng + ?Sized>(&self, x: &mut f64, rng: &mut R) {
        let xi: f64 = StandardNormal.sample(rng);
        *x += self.drift * self.field.force(*x) + self.noise * xi;
        apply_domain(&self.domain, x, None);
    }
}
