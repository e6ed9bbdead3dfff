//! Tridiagonal solves (the Thomas algorithm) for the implicit finite-volume steps.
//!
//! The matrices here are M-matrices (positive diagonal, non-positive off-diagonals, diagonally
//! dominant by columns), for which elimination without pivoting is stable and every step of
//! the forward and backward sweeps adds non-negative terms: a non-negative right-hand side gives
//! a non-negative solution, in floating point too.
//!
//! The `from_column_sums` constructors take the off-diagonals and the column sums instead of
//! the diagonal, in the manner of the Grassmann–Taksar–Heyman algorithm: each pivot is computed
//! as its column sum plus the magnitudes of the off-diagonals still below it, so no pivot is a
//! difference of large numbers. The factors then have small componentwise relative errors even
//! when Δt is huge (κ = DΔt/Δx² ≫ 1), which keeps Σx = Σb (the conserved mass) to round-off.

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
        Self::with_factors(lower, cprime, inv_denom)
    }

    /// Factorises the M-matrix with off-diagonals `lower`, `upper` (≤ 0) and column sums
    /// `colsum` (> 0), whose diagonal is colsum_j − lower[j+1] − upper[j−1].
    pub fn from_column_sums(lower: &[f64], upper: &[f64], colsum: &[f64]) -> Self {
        let n = colsum.len();
        let mut cprime = vec![0.0; n];
        let mut inv_denom = vec![0.0; n];
        let mut c = colsum[0];
        for i in 0..n {
            let below = if i + 1 < n { -lower[i + 1] } else { 0.0 };
            let pivot = c + below;
            inv_denom[i] = 1.0 / pivot;
            if i + 1 < n {
                cprime[i] = upper[i] * inv_denom[i];
                c = colsum[i + 1] - upper[i] * c * inv_denom[i];
            }
        }
        Self::with_factors(lower, cprime, inv_denom)
    }

    /// The factorisation from the sub-diagonal `lower` (its first entry, outside the matrix, is
    /// dropped) and the eliminated super-diagonal and inverse pivots.
    fn with_factors(lower: &[f64], cprime: Vec<f64>, inv_denom: Vec<f64>) -> Self {
        let mut lower = lower.to_vec();
        lower[0] = 0.0;
        Self {
            lower,
            cprime,
            inv_denom,
        }
    }

    /// The factors (sub-diagonal, eliminated super-diagonal c′, inverse pivots), for batched
    /// solves that share one factorisation.
    pub(crate) fn factors(&self) -> (&[f64], &[f64], &[f64]) {
        (&self.lower, &self.cprime, &self.inv_denom)
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

/// A factorised cyclic tridiagonal matrix (periodic boundaries): Gaussian elimination without
/// pivoting of the tridiagonal part with a bordered last row and column (the fill-in of the two
/// corner elements).
///
/// Unlike the Sherman–Morrison route, no step subtracts two solution-sized numbers: for an
/// M-matrix every multiplier is ≤ 0, the fill-in keeps its sign, and the forward and backward
/// sweeps only add non-negative terms, so a non-negative right-hand side gives a non-negative
/// solution in floating point.
#[derive(Debug, Clone)]
pub struct CyclicThomas {
    /// Pivots d_i.
    pivot: Vec<f64>,
    /// Row multipliers m_{i+1} = A_{i+1,i}/d_i (index i+1).
    mult: Vec<f64>,
    /// Last-row multipliers for column i.
    mult_last: Vec<f64>,
    /// Entries of the reduced rows towards column i+1.
    upper: Vec<f64>,
    /// Entries of the reduced rows in the last column.
    right: Vec<f64>,
}

/// The work arrays of a cyclic factorisation before elimination: the row multipliers, the last
/// row's multipliers, the upper diagonal without the entries that couple to the last column, and
/// the last column (the corner `lower[0]` on top, `upper[n−2]` folded in above the last row).
fn cyclic_start(
    lower: &[f64],
    upper: &[f64],
    n: usize,
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut up = upper.to_vec();
    let mut right = vec![0.0; n];
    right[0] = lower[0];
    right[n - 2] += up[n - 2];
    up[n - 2] = 0.0;
    up[n - 1] = 0.0;
    (vec![0.0; n], vec![0.0; n], up, right)
}

impl CyclicThomas {
    /// Factorises the cyclic matrix (n ≥ 3): `lower[0]` couples x[0] to x[n−1] and
    /// `upper[n−1]` couples x[n−1] to x[0].
    pub fn new(lower: &[f64], diag: &[f64], upper: &[f64]) -> Self {
        let n = diag.len();
        let mut pivot = diag.to_vec();
        let (mut mult, mut mult_last, up, mut right) = cyclic_start(lower, upper, n);
        // Entry of the last row in the column being eliminated.
        let mut s = upper[n - 1];
        for i in 0..n - 1 {
            if i + 1 < n - 1 {
                let m = lower[i + 1] / pivot[i];
                mult[i + 1] = m;
                pivot[i + 1] -= m * up[i];
                right[i + 1] -= m * right[i];
            }
            let ml = s / pivot[i];
            mult_last[i] = ml;
            pivot[n - 1] -= ml * right[i];
            if i + 1 < n - 1 {
                s = -ml * up[i] + if i + 1 == n - 2 { lower[n - 1] } else { 0.0 };
            }
        }
        Self {
            pivot,
            mult,
            mult_last,
            upper: up,
            right,
        }
    }

    /// Factorises the cyclic M-matrix with off-diagonals `lower`, `upper` (≤ 0, corners as in
    /// [`CyclicThomas::new`]) and column sums `colsum` (> 0), computing every pivot as a sum of
    /// non-negative terms (see the module documentation).
    pub fn from_column_sums(lower: &[f64], upper: &[f64], colsum: &[f64]) -> Self {
        let n = colsum.len();
        let mut pivot = vec![0.0; n];
        let (mut mult, mut mult_last, up, mut right) = cyclic_start(lower, upper, n);
        let mut c = colsum.to_vec();
        let mut s = upper[n - 1];
        for i in 0..n - 1 {
            // Off-diagonals still in column i: row i+1 (when it is not the last row) and the
            // last row's fill-in s (which holds lower[n−1] when i = n−2).
            let below = if i + 1 < n - 1 { -lower[i + 1] } else { 0.0 };
            pivot[i] = c[i] + below - s;
            if i + 1 < n - 1 {
                mult[i + 1] = lower[i + 1] / pivot[i];
                right[i + 1] -= mult[i + 1] * right[i];
                c[i + 1] -= up[i] * c[i] / pivot[i];
            }
            c[n - 1] -= right[i] * c[i] / pivot[i];
            mult_last[i] = s / pivot[i];
            if i + 1 < n - 1 {
                s = -mult_last[i] * up[i] + if i + 1 == n - 2 { lower[n - 1] } else { 0.0 };
            }
        }
        pivot[n - 1] = c[n - 1];
        Self {
            pivot,
            mult,
            mult_last,
            upper: up,
            right,
        }
    }

    /// Solves in place, strided like [`Thomas::solve_strided`].
    pub fn solve_strided(&self, b: &mut [f64], offset: usize, stride: usize) {
        let n = self.pivot.len();
        let at = |i: usize| offset + i * stride;
        let last = at(n - 1);
        for i in 0..n - 1 {
            let bi = b[at(i)];
            if i + 1 < n - 1 {
                b[at(i + 1)] -= self.mult[i + 1] * bi;
            }
            b[last] -= self.mult_last[i] * bi;
        }
        let xl = b[last] / self.pivot[n - 1];
        b[last] = xl;
        let mut next = xl;
        for i in (0..n - 1).rev() {
            let k = at(i);
            let v = (b[k] - self.upper[i] * next - self.right[i] * xl) / self.pivot[i];
            b[k] = v;
            next = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyclic_solves_a_known_system() {
        for n in [3, 4, 6] {
            cyclic_case(n);
        }
    }

    fn cyclic_case(n: usize) {
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
        let colsum: Vec<f64> = (0..n)
            .map(|j| diag[j] + lower[(j + 1) % n] + upper[(j + n - 1) % n])
            .collect();
        let mut b3 = vec![0.0; n];
        for i in 0..n {
            b3[i] = diag[i] * x[i] + lower[i] * x[(i + n - 1) % n] + upper[i] * x[(i + 1) % n];
        }
        CyclicThomas::from_column_sums(&lower, &upper, &colsum).solve_strided(&mut b3, 0, 1);
        for i in 0..n {
            assert!((b3[i] - x[i]).abs() < 1e-12, "n={n}");
        }
        let mut b2 = vec![0.0; n];
        for i in 0..n {
            b2[i] = diag[i] * x[i]
                + if i > 0 { lower[i] * x[i - 1] } else { 0.0 }
                + if i + 1 < n { upper[i] * x[i + 1] } else { 0.0 };
        }
        let b4 = b2.clone();
        Thomas::new(&lower, &diag, &upper).solve(&mut b2);
        for i in 0..n {
            assert!((b2[i] - x[i]).abs() < 1e-12);
        }
        let colsum: Vec<f64> = (0..n)
            .map(|j| {
                diag[j]
                    + if j + 1 < n { lower[j + 1] } else { 0.0 }
                    + if j > 0 { upper[j - 1] } else { 0.0 }
            })
            .collect();
        let mut b4 = b4;
        Thomas::from_column_sums(&lower, &upper, &colsum).solve(&mut b4);
        for i in 0..n {
            assert!((b4[i] - x[i]).abs() < 1e-12);
        }
    }
}
