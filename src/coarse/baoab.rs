//! BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express 2013) for the underdamped Langevin
//! equation dR = (P/m)dt, dP = (F^th − ζP/m)dt + (2ζk_BT)^{1/2} dW.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use super::error::{CoarseError, positive};
use super::field::Force1d;
use super::grid::{Boundary, Grid1d};

/// Applies the domain to a position: wrap into a periodic box, or reflect at walls (flipping the
/// momentum `p` when one is given). Positions [σ].
#[inline]
pub(crate) fn apply_domain(domain: &Option<Grid1d>, x: &mut f64, p: Option<&mut f64>) {
    let Some(g) = domain else { return };
    match g.boundary() {
        Boundary::Periodic => {
            if *x < g.lo() || *x >= g.hi() {
                *x = g.wrap(*x);
            }
        }
        Boundary::Reflecting => {
            let mut flipped = false;
            // A step never crosses the whole domain in practice; loop for safety.
            while *x < g.lo() || *x > g.hi() {
                *x = if *x < g.lo() {
                    2.0 * g.lo() - *x
                } else {
                    2.0 * g.hi() - *x
                };
                flipped = !flipped;
            }
            if flipped && let Some(p) = p {
                *p = -*p;
            }
        }
    }
}

/// The BAOAB splitting: half kick (B), half drift (A), exact Ornstein–Uhlenbeck momentum update
/// (O), half drift, half kick. Exact for the free particle's momentum statistics and second
/// order for configurational averages.
#[derive(Debug, Clone)]
pub struct Baoab {
    mass: f64,
    dt: f64,
    field: Force1d,
    domain: Option<Grid1d>,
    decay: f64,
    noise: f64,
}

impl Baoab {
    /// Mass m [m̂], friction ζ [m̂/τ], β [1/ε_LJ], step Δt [τ], the force field and an optional
    /// domain (periodic box or reflecting walls; `None` = the whole line).
    pub fn new(
        mass: f64,
        zeta: f64,
        beta: f64,
        dt: f64,
        field: Force1d,
        domain: Option<Grid1d>,
    ) -> Result<Self, CoarseError> {
        positive("mass", mass)?;
        positive("zeta", zeta)?;
        positive("beta", beta)?;
        positive("time step", dt)?;
        let decay = (-zeta * dt / mass).exp();
        let noise = ((1.0 - decay * decay) * mass / beta).sqrt();
        Ok(Self {
            mass,
            dt,
            field,
            domain,
            decay,
            noise,
        })
    }

    /// Time step [τ].
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// Mass m [m̂].
    pub fn mass(&self) -> f64 {
        self.mass
    }

    /// The force field.
    pub fn field(&self) -> &Force1d {
        &self.field
    }

    /// The domain, if any.
    pub fn domain(&self) -> Option<&Grid1d> {
        self.domain.as_ref()
    }

    /// Force at `x` [ε_LJ/σ] (used to initialise the cached force).
    pub fn force(&self, x: f64) -> f64 {
        self.field.force(x)
    }

    /// One step of position x [σ], momentum p [m̂σ/τ] and cached force f [ε_LJ/σ].
    #[inline]
    pub fn step<R: Rng + ?Sized>(&self, x: &mut f64, p: &mut f64, f: &mut f64, rng: &mut R) {
        let h = 0.5 * self.dt;
        let inv_m = 1.0 / self.mass;
        *p += h * *f;
        *x += h * *p * inv_m;
        apply_domain(&self.domain, x, Some(p));
        let xi: f64 = StandardNormal.sample(rng);
        *p = self.decay * *p + self.noise * xi;
        *x += h * *p * inv_m;
        apply_domain(&self.domain, x, Some(p));
        *f = self.field.force(*x);
        *p += h * *f;
    }
}
