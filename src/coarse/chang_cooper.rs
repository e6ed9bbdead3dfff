//! The Chang–Cooper (exponentially fitted) implicit step for the friction-and-noise part of the
//! Kramers equation, ∂W/∂t = ∂/∂Π [ cΠ W + d ∂W/∂Π ], applied to every Φ column of the phase
//! plane at once.
//!
//! With the face jump Δ_j = ΔΠ·cΠ_{j+½}/d the flux through the face between rows j and j+1 is
//! G = (d/ΔΠ)[B(Δ_j) W_j − B(−Δ_j) W_{j+1}] (B the Bernoulli function): the Chang–Cooper
//! weighting (Chang & Cooper, J. Comput. Phys. 6, 1 (1970)). It vanishes exactly on the discrete
//! Maxwellian, so friction and noise keep the equilibrium; the flux is zero at both ends of the
//! Π range; backward Euler gives an M-matrix, so mass is conserved and W ≥ 0 for any step.
//!
//! Backward Euler with step h damps the mean momentum by 1/(1 + ch) per step. The step is built
//! with h = (e^{cΔt} − 1)/c, which makes that factor the exact e^{−cΔt}: the momentum
//! autocorrelation — hence the diffusion coefficient of the position — is then exact for any Δt,
//! and the stationary variance d/c is kept by backward Euler for any h.

use super::grid::Grid1d;
use super::scharfetter_gummel::bernoulli;
use super::tridiagonal::Thomas;

/// A factorised Chang–Cooper backward-Euler step shared by all Φ columns (rows j of the
/// row-major plane `w[j·nx + i]` are momenta, columns i positions).
#[derive(Debug, Clone)]
pub struct ChangCooper {
    lower: Vec<f64>,
    cprime: Vec<f64>,
    inv_denom: Vec<f64>,
}

impl ChangCooper {
    /// Builds the step for friction rate `c` [1/τ] (dΠ/dt = −cΠ), momentum diffusion `d`
    /// [momentum²/τ], the momentum grid and the time step `dt` [τ].
    pub fn new(c: f64, d: f64, pi: &Grid1d, dt: f64) -> Self {
        let ny = pi.len();
        let dp = pi.dx();
        // e^{−cΔt} is below 1e-13 beyond cΔt = 30: the momentum has fully relaxed, and capping
        // the exponent keeps h finite for any step.
        let h = if c > 0.0 {
            (c * dt).min(30.0).exp_m1() / c
        } else {
            dt
        };
        let kappa = h * d / (dp * dp);
        let jump = |j: usize| dp * c * (pi.centre(j) + 0.5 * dp) / d;
        let mut lower = vec![0.0; ny];
        let mut upper = vec![0.0; ny];
        for j in 0..ny - 1 {
            let dl = jump(j);
            upper[j] = -kappa * bernoulli(-dl);
            lower[j + 1] = -kappa * bernoulli(dl);
        }
        // Columns of I − hL sum to one: pivots from column sums (see `tridiagonal`).
        let t = Thomas::from_column_sums(&lower, &upper, &vec![1.0; ny]);
        let (lower, cprime, inv_denom) = t.factors();
        Self {
            lower: lower.to_vec(),
            cprime: cprime.to_vec(),
            inv_denom: inv_denom.to_vec(),
        }
    }

    /// Advances the whole plane (rows of length `nx`) one step in place. All columns are solved
    /// together, row by row, so the inner loops run over contiguous memory.
    pub fn step(&self, w: &mut [f64], nx: usize) {
        let ny = self.inv_denom.len();
        let inv0 = self.inv_denom[0];
        for v in &mut w[..nx] {
            *v *= inv0;
        }
        for j in 1..ny {
            let (done, rest) = w.split_at_mut(j * nx);
            let prev = &done[(j - 1) * nx..];
            let cur = &mut rest[..nx];
            let (lo, inv) = (self.lower[j], self.inv_denom[j]);
            for (c, p) in cur.iter_mut().zip(prev) {
                *c = (*c - lo * p) * inv;
            }
        }
        for j in (0..ny - 1).rev() {
            let (head, tail) = w.split_at_mut((j + 1) * nx);
            let cur = &mut head[j * nx..];
            let next = &tail[..nx];
            let cp = self.cprime[j];
            for (c, n) in cur.iter_mut().zip(next) {
                *c -= cp * n;
            }
        }
    }
}
