//! Ensembles of Langevin trajectories, advanced in parallel with rayon.
//!
//! Trajectories are split into chunks of [`CHUNK`]; chunk k draws from its own
//! Xoshiro256++ stream seeded from (seed, k), so results do not depend on the number of threads
//! or on rayon's scheduling.

use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::baoab::Baoab;
use super::error::CoarseError;
use super::euler_maruyama::EulerMaruyama;
use super::grid::Grid1d;
use super::kramers::Kramers;

/// Trajectories per random stream (and per parallel task).
pub const CHUNK: usize = 1024;

fn streams(seed: u64, n: usize) -> Vec<Xoshiro256PlusPlus> {
    (0..n.div_ceil(CHUNK))
        .map(|k| {
            // Distinct 64-bit seeds per chunk; seed_from_u64 expands each with SplitMix64.
            let s = seed ^ (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            Xoshiro256PlusPlus::seed_from_u64(s)
        })
        .collect()
}

/// Whole steps of `dt` [τ] from time `now` to `t` [τ], rounded to nearest; 0 when `t` is not later.
fn whole_steps(now: f64, t: f64, dt: f64) -> usize {
    let steps = ((t - now) / dt).round();
    if steps > 0.0 { steps as usize } else { 0 }
}

/// Normalised histogram of `xs` on `grid` [1/unit of x]: counts/(N·Δx), so that it sums (times
/// Δx) to the fraction of samples inside the grid.
pub fn histogram(grid: &Grid1d, xs: &[f64]) -> Vec<f64> {
    let mut h = vec![0.0; grid.len()];
    for &x in xs {
        if let Some(i) = grid.index_of(x) {
            h[i] += 1.0;
        }
    }
    let norm = 1.0 / (xs.len() as f64 * grid.dx());
    h.iter().map(|c| c * norm).collect()
}

/// An ensemble of underdamped trajectories (R [σ], P [m̂σ/τ]) advanced by [`Baoab`].
#[derive(Debug, Clone)]
pub struct UnderdampedEnsemble {
    integrator: Baoab,
    x: Vec<f64>,
    p: Vec<f64>,
    f: Vec<f64>,
    rngs: Vec<Xoshiro256PlusPlus>,
    time: f64,
}

impl UnderdampedEnsemble {
    /// `n` trajectories drawn from independent Gaussians of mean (r0, p0) and standard deviations
    /// (sr [σ], sp [m̂σ/τ]) (zero width allowed), seeded with `seed`.
    pub fn gaussian(
        integrator: Baoab,
        n: usize,
        (r0, p0): (f64, f64),
        (sr, sp): (f64, f64),
        seed: u64,
    ) -> Result<Self, CoarseError> {
        if n == 0 || !(sr >= 0.0 && sp >= 0.0 && r0.is_finite() && p0.is_finite()) {
            return Err(CoarseError::Invalid(
                "an ensemble needs n ≥ 1, finite centre and widths ≥ 0".into(),
            ));
        }
        let mut rngs = streams(seed, n);
        let mut x = vec![0.0; n];
        let mut p = vec![0.0; n];
        for ((xc, pc), rng) in x.chunks_mut(CHUNK).zip(p.chunks_mut(CHUNK)).zip(&mut rngs) {
            for (xi, pi) in xc.iter_mut().zip(pc.iter_mut()) {
                let a: f64 = StandardNormal.sample(rng);
                let b: f64 = StandardNormal.sample(rng);
                *xi = r0 + sr * a;
                *pi = p0 + sp * b;
            }
        }
        let f = x.iter().map(|&xi| integrator.force(xi)).collect();
        Ok(Self {
            integrator,
            x,
            p,
            f,
            rngs,
            time: 0.0,
        })
    }

    /// Advances every trajectory by `steps` steps, in parallel.
    pub fn step(&mut self, steps: usize) {
        let integ = &self.integrator;
        self.x
            .par_chunks_mut(CHUNK)
            .zip(self.p.par_chunks_mut(CHUNK))
            .zip(self.f.par_chunks_mut(CHUNK))
            .zip(self.rngs.par_iter_mut())
            .for_each(|(((x, p), f), rng)| {
                for _ in 0..steps {
                    for k in 0..x.len() {
                        integ.step(&mut x[k], &mut p[k], &mut f[k], rng);
                    }
                }
            });
        self.time += steps as f64 * integ.dt();
    }

    /// Advances to time `t` [τ] in whole steps (rounding the number of steps to nearest).
    pub fn advance_to(&mut self, t: f64) {
        self.step(whole_steps(self.time, t, self.integrator.dt()));
    }

    /// Time [τ].
    pub fn time(&self) -> f64 {
        self.time
    }

    /// Positions [σ].
    pub fn positions(&self) -> &[f64] {
        &self.x
    }

    /// Momenta [m̂σ/τ].
    pub fn momenta(&self) -> &[f64] {
        &self.p
    }

    /// Means (⟨R⟩ [σ], ⟨P⟩ [m̂σ/τ]) and covariance [[Var R, Cov], [Cov, Var P]].
    pub fn moments(&self) -> ([f64; 2], [[f64; 2]; 2]) {
        let n = self.x.len() as f64;
        let mx = self.x.iter().sum::<f64>() / n;
        let mp = self.p.iter().sum::<f64>() / n;
        let (mut vxx, mut vxp, mut vpp) = (0.0, 0.0, 0.0);
        for (&x, &p) in self.x.iter().zip(&self.p) {
            vxx += (x - mx) * (x - mx);
            vxp += (x - mx) * (p - mp);
            vpp += (p - mp) * (p - mp);
        }
        let d = n - 1.0;
        ([mx, mp], [[vxx / d, vxp / d], [vxp / d, vpp / d]])
    }

    /// Histogram on a Kramers solver's grid, in its variables (Φ = sR, Π = sP) and normalised
    /// like its density (row-major, Σ h ΔΦΔΠ = fraction inside the grid).
    pub fn phase_histogram(&self, solver: &Kramers) -> Vec<f64> {
        let (gx, gy) = (solver.x_grid(), solver.y_grid());
        let s = solver.scale();
        let nx = gx.len();
        let mut h = vec![0.0; nx * gy.len()];
        for (&x, &p) in self.x.iter().zip(&self.p) {
            if let (Some(i), Some(j)) = (gx.index_of(s * x), gy.index_of(s * p)) {
                h[j * nx + i] += 1.0;
            }
        }
        let norm = 1.0 / (self.x.len() as f64 * gx.dx() * gy.dx());
        h.iter().map(|c| c * norm).collect()
    }

    /// Runs each trajectory until its position first reaches `x_target` [σ] from below, or until
    /// `t_max` [τ]; returns the passage times [τ] (`None` if not reached). The ensemble state is
    /// left at the passage (or final) points.
    pub fn first_passage_times(&mut self, x_target: f64, t_max: f64) -> Vec<Option<f64>> {
        let integ = &self.integrator;
        let max_steps = (t_max / integ.dt()).ceil() as usize;
        let dt = integ.dt();
        let mut out = vec![None; self.x.len()];
        out.par_chunks_mut(CHUNK)
            .zip(self.x.par_chunks_mut(CHUNK))
            .zip(self.p.par_chunks_mut(CHUNK))
            .zip(self.f.par_chunks_mut(CHUNK))
            .zip(self.rngs.par_iter_mut())
            .for_each(|((((o, x), p), f), rng)| {
                for k in 0..x.len() {
                    for s in 1..=max_steps {
                        integ.step(&mut x[k], &mut p[k], &mut f[k], rng);
                        if x[k] >= x_target {
                            o[k] = Some(s as f64 * dt);
                            break;
                        }
                    }
                }
            });
        out
    }
}

/// An ensemble of overdamped trajectories R [σ] advanced by [`EulerMaruyama`].
#[derive(Debug, Clone)]
pub struct OverdampedEnsemble {
    integrator: EulerMaruyama,
    x: Vec<f64>,
    rngs: Vec<Xoshiro256PlusPlus>,
    time: f64,
}

impl OverdampedEnsemble {
    /// `n` trajectories from a Gaussian of mean `r0` [σ] and standard deviation `sr` [σ] ≥ 0.
    pub fn gaussian(
        integrator: EulerMaruyama,
        n: usize,
        r0: f64,
        sr: f64,
        seed: u64,
    ) -> Result<Self, CoarseError> {
        if n == 0 || !(sr >= 0.0 && r0.is_finite()) {
            return Err(CoarseError::Invalid(
                "an ensemble needs n ≥ 1, a finite centre and a width ≥ 0".into(),
            ));
        }
        let mut rngs = streams(seed, n);
        let mut x = vec![0.0; n];
        for (xc, rng) in x.chunks_mut(CHUNK).zip(&mut rngs) {
            for xi in xc.iter_mut() {
                let a: f64 = StandardNormal.sample(rng);
                *xi = r0 + sr * a;
            }
        }
        Ok(Self {
            integrator,
            x,
            rngs,
            time: 0.0,
        })
    }

    /// Advances every trajectory by `steps` steps, in parallel.
    pub fn step(&mut self, steps: usize) {
        let integ = &self.integrator;
        self.x
            .par_chunks_mut(CHUNK)
            .zip(self.rngs.par_iter_mut())
            .for_each(|(x, rng)| {
                for _ in 0..steps {
                    for xk in x.iter_mut() {
                        integ.step(xk, rng);
                    }
                }
            });
        self.time += steps as f64 * integ.dt();
    }

    /// Advances to time `t` [τ] in whole steps (rounding the number of steps to nearest).
    pub fn advance_to(&mut self, t: f64) {
        self.step(whole_steps(self.time, t, self.integrator.dt()));
    }

    /// Time [τ].
    pub fn time(&self) -> f64 {
        self.time
    }

    /// Positions [σ].
    pub fn positions(&self) -> &[f64] {
        &self.x
    }

    /// Mean ⟨R⟩ [σ] and variance [σ²].
    pub fn moments(&self) -> (f64, f64) {
        let n = self.x.len() as f64;
        let m = self.x.iter().sum::<f64>() / n;
        let v = self.x.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
        (m, v)
    }
}
