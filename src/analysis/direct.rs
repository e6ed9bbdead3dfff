//! The direct correlation estimator (exact, O(n · lags)), the reference for the multiple-tau
//! correlator in tests.

use nalgebra::SMatrix;

/// Direct estimate of `C_ab(j) = Σ_t x_a(t) y_b(t + j) / (n − j)` at each lag `j` [samples] of
/// `lags`, over all `n − j` pairs of the series (`x` and `y` have the same length `n`).
///
/// With `subtract_mean` the product of the means over the whole series, `⟨x_a⟩⟨y_b⟩`, is
/// subtracted — the same convention as [`super::MultipleTau`]. Lags `≥ n` give `NaN`.
pub fn direct_correlation<const D: usize>(
    x: &[[f64; D]],
    y: &[[f64; D]],
    lags: &[u64],
    subtract_mean: bool,
) -> Vec<SMatrix<f64, D, D>> {
    assert_eq!(x.len(), y.len(), "series lengths differ");
    let n = x.len();
    let mut mx = [0.0; D];
    let mut my = [0.0; D];
    if subtract_mean && n > 0 {
        for t in 0..n {
            for a in 0..D {
                mx[a] += x[t][a];
                my[a] += y[t][a];
            }
        }
        for a in 0..D {
            mx[a] /= n as f64;
            my[a] /= n as f64;
        }
    }
    lags.iter()
        .map(|&lag| {
            let j = lag as usize;
            let mut c = SMatrix::<f64, D, D>::zeros();
            if j >= n {
                return c.map(|_| f64::NAN);
            }
            for t in 0..n - j {
                for a in 0..D {
                    for b in 0..D {
                        c[(a, b)] += x[t][a] * y[t + j][b];
                    }
                }
            }
            c /= (n - j) as f64;
            for a in 0..D {
                for b in 0..D {
                    c[(a, b)] -= mx[a] * my[b];
                }
            }
            c
        })
        .collect()
}

/// Means of consecutive blocks of `block` samples (an incomplete last block is dropped): the series
/// that level `k` of a multiple-tau correlator sees when `block = m^k`.
pub fn block_means<const D: usize>(series: &[[f64; D]], block: usize) -> Vec<[f64; D]> {
    assert!(block >= 1, "block length must be ≥ 1");
    series
        .chunks_exact(block)
        .map(|chunk| {
            let mut s = [0.0; D];
            for v in chunk {
                for a in 0..D {
                    s[a] += v[a];
                }
            }
            s.map(|x| x / block as f64)
        })
        .collect()
}
