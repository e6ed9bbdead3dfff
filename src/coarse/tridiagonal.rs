//! Tridiagonal solves (the Thomas algorithm) for the implicit finite-volume steps.
//!
//! The matrices here are M-matrices (positive diagonal, non-positive off-diagonals, diagonally
//! dominant by columns), for which elimination without pivoting is stable and, in the
//! non-cyclic case, every intermediate quantity is a sum of non-negative terms: a non-negative
//! right-hand side gives a non-negative solution exactly, in floating point too.

/// A factorised tridiagonal matrix `lower[i]·x[i−1] + diag[i]·x[i] + upper[i]·x[i+1] = b[i]`,
/// non-cyclic (`lower[0]` and `upper[n−1]` are ignored).
#[derive(Debug, Clone)]
pub struct Thomas {
    lower: Vec<f64>,
    cprime: Vec<f64>,
    inv_denom: Vec<f64>,
}

impl Thomas {
    /// Factorises the matrix given by its three diagonals (all of length n).
    pub fn new(lower: &[f64], diag: &[f64], upper: &[f64]) -> Self {
        let n = diag.len();
        let mut cprime = vec![0.0; n];
        let mut inv_denom = vec![0.0; n];
        let mut prev = 0.0;
        for i in 0..n {
            let l = if i == 0 { 0.0 } else { lower[i] };
            let inv = 1.0 / (diag[i] - l * prev);
            inv_denom[i] = inv;
            cprime[i] = if i + 1 < n { upper[i] * inv } else { 0.0 };
            prev = cprime[i];
        }
        let mut lower = lower.to_vec();
        lower[0] = 0.0;
        Self {
            lower,
            cprime,
            inv_denom,
        }
    }

    /// Size of the system.
    pub fn len(&self) -> usize {
        self.inv_denom.len()
    }

    /// Always false (a system has at least one unknown).
    pub fn is_empty(&self) -> bool {
        self.inv_denom.is_empty()
    }

    /// Solves in place: `b` is replaced by `x`, reading `b` with stride `stride` from `offset`.
    pub fn solve_strided(&self, b: &mut [f64], offset: usize, stride: usize) {
        let n = self.len();
        let mut prev = 0.0;
        for i in 0..n {
            let k = offset + i * stride;
            let v = (b[k] - self.lower[i] * prev) * self.inv_denom[i];
            b[k] = v;
            prev = v;
        }
        for i in (0..n.saturating_sub(1)).rev() {
            let k = offset + i * stride;
            b[k] -= self.cprime[i] * b[k + stride];
        }
    }

    /// Solves in place for a contiguous right-hand side.
    pub fn solve(&self, b: &mut [f64]) {
        self.solve_strided(b, 0, 1);
    }
}

/// A factorised cyclic tridiagonal matrix (periodic boundaries), solved by the
/// Sherman–Morrison formula on top of [`Thomas`].
#[derive(Debug, Clone)]
pub struct CyclicThomas {
    inner: Thomas,
    z: Vec<f64>,
    /// Last element of the Sherman–Morrison vector v.
    gamma: f64,
    denom: f64,
}

impl CyclicThomas {
    /// Factorises the cyclic matrix: `lower[0]` couples x[0] to x[n−1] and `upper[n−1]` couples
    /// x[n−1] to x[0].
    pub fn new(lower: &[f64], diag: &[f64], upper: &[f64]) -> Self {
        let n = diag.len();
        // A = T + u vᵀ with u = (γ, 0, …, 0, upper[n−1]), v = (1, 0, …, 0, lower[0]/γ).
        let gamma = -diag[0];
        let corner_lo = lower[0];
        let corner_hi = upper[n - 1];
        let mut d = diag.to_vec();
        d[0] -= gamma;
        d[n - 1] -= corner_hi * corner_lo / gamma;
        let inner = Thomas::new(lower, &d, upper);
        let mut z = vec![0.0; n];
        z[0] = gamma;
        z[n - 1] = corner_hi;
        inner.solve(&mut z);
        let vz = z[0] + corner_lo / gamma * z[n - 1];
        Self {
            inner,
            z,
            gamma: corner_lo / gamma,
            denom: 1.0 + vz,
        }
    }

    /// Solves in place, strided like [`Thomas::solve_strided`]. Entries that come out negative
    /// only by round-off (the Sherman–Morrison correction subtracts) are set to zero; the
    /// callers' matrices have non-negative inverses, so the exact solution is non-negative.
    pub fn solve_strided(&self, b: &mut [f64], offset: usize, stride: usize) {
        let n = self.inner.len();
        self.inner.solve_strided(b, offset, stride);
        let vy = b[offset] + self.gamma * b[offset + (n - 1) * stride];
        let f = vy / self.denom;
        for i in 0..n {
            let k = offset + i * stride;
            b[k] = (b[k] - f * self.z[i]).max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyclic_solves_a_known_system() {
        let n = 6;
        let lower: Vec<f64> = (0..n).map(|i| -0.3 - 0.01 * i as f64).collect();
        let upper: Vec<f64> = (0..n).map(|i| -0.2 - 0.02 * i as f64).collect();
        let diag: Vec<f64> = (0..n).map(|i| 1.7 + 0.1 * i as f64).collect();
        let x: Vec<f64> = (0..n).map(|i| 1.0 + i as f64).collect();
        let mut b = vec![0.0; n];
        for i in 0..n {
            b[i] = diag[i] * x[i] + lower[i] * x[(i + n - 1) % n] + upper[i] * x[(i + 1) % n];
        }
        CyclicThomas::new(&lower, &diag, &upper).solve_strided(&mut b, 0, 1);
        for i in 0..n {
            assert!((b[i] - x[i]).abs() < 1e-12);
        }
        let mut b2 = vec![0.0; n];
        for i in 0..n {
            b2[i] = diag[i] * x[i]
                + if i > 0 { lower[i] * x[i - 1] } else { 0.0 }
                + if i + 1 < n { upper[i] * x[i + 1] } else { 0.0 };
        }
        Thomas::new(&lower, &diag, &upper).solve(&mut b2);
        for i in 0..n {
            assert!((b2[i] - x[i]).abs() < 1e-12);
        }
    }
}
