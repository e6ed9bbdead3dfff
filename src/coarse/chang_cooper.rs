//! The Chang–Cooper (exponentially fitted) implicit step for the momentum part of the Kramers
//! equation, ∂W/∂t = ∂/∂Π [ −(b − cΠ) W + d ∂W/∂Π ], column by column on the phase plane.
//!
//! With the face jump Δ_j = ΔΠ (c Π_{j+½} − b)/d the flux through the face between rows j and
//! j+1 is G = (d/ΔΠ)[B(Δ_j) W_j − B(−Δ_j) W_{j+1}] (B the Bernoulli function). This is the
//! Chang–Cooper weighting (Chang & Cooper 1970): it vanishes exactly on the discrete Maxwellian
//! (shifted by the force) so friction and noise keep the equilibrium; zero flux at the ends of
//! the Π range; backward Euler in time gives an M-matrix, so mass is conserved and W ≥ 0 for any
//! step.

use super::grid::Grid1d;
use super::scharfetter_gummel::bernoulli;

/// A factorised Chang–Cooper backward-Euler step for all Φ columns at once (rows j of the
/// row-major plane `w[j·nx + i]` are momenta, columns i positions).
#[derive(Debug, Clone)]
pub struct ChangCooper {
    nx: usize,
    ny: usize,
    lower: Vec<f64>,
    cprime: Vec<f64>,
    inv_denom: Vec<f64>,
}

impl ChangCooper {
    /// Builds the step for drifts `b[i]` per column [momentum/τ], friction rate `c` [1/τ],
    /// momentum diffusion `d` [momentum²/τ], the momentum grid and the time step `dt` [τ].
    pub fn new(b: &[f64], c: f64, d: f64, pi: &Grid1d, dt: f64) -> Self {
        let nx = b.len();
        let ny = pi.len();
        let dp = pi.dx();
        let kappa = dt * d / (dp * dp);
        let mut lower = vec![0.0; nx * ny];
        let mut cprime = vec![0.0; nx * ny];
        let mut inv_denom = vec![0.0; nx * ny];
        for (i, &bi) in b.iter().enumerate() {
            let jump = |j: usize| dp * (c * (pi.centre(j) + 0.5 * dp) - bi) / d;
            let mut prev_c = 0.0;
            for j in 0..ny {
                let mut diag = 1.0;
                let mut lo = 0.0;
                let mut up = 0.0;
                if j + 1 < ny {
                    let dl = jump(j);
                    diag += kappa * bernoulli(dl);
                    up = -kappa * bernoulli(-dl);
                }
                if j > 0 {
                    let dl = jump(j - 1);
                    diag += kappa * bernoulli(-dl);
                    lo = -kappa * bernoulli(dl);
                }
                let inv = 1.0 / (diag - lo * prev_c);
                let k = j * nx + i;
                lower[k] = lo;
                inv_denom[k] = inv;
                cprime[k] = up * inv;
                prev_c = cprime[k];
            }
        }
        Self {
            nx,
            ny,
            lower,
            cprime,
            inv_denom,
        }
    }

    /// Advances the whole plane one step in place (all columns solved together, row by row, so
    /// the inner loop runs over contiguous memory).
    pub fn step(&self, w: &mut [f64]) {
        let nx = self.nx;
        for i in 0..nx {
            w[i] *= self.inv_denom[i];
        }
        for j in 1..self.ny {
            let (done, rest) = w.split_at_mut(j * nx);
            let prev = &done[(j - 1) * nx..];
            let cur = &mut rest[..nx];
            let lo = &self.lower[j * nx..(j + 1) * nx];
            let inv = &self.inv_denom[j * nx..(j + 1) * nx];
            for i in 0..nx {
                cur[i] = (cur[i] - lo[i] * prev[i]) * inv[i];
            }
        }
        for j in (0..self.ny - 1).rev() {
            let (head, tail) = w.split_at_mut((j + 1) * nx);
            let cur = &mut head[j * nx..];
            let next = &tail[..nx];
            let cp = &self.cprime[j * nx..(j + 1) * nx];
            for i in 0..nx {
                cur[i] -= cp[i] * next[i];
            }
        }
    }
}
