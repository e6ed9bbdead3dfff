//! `BlockHistogram`: the histogram of a scalar (a coordinate x of the nanoparticle, a momentum
//! component P_x) over a run, with error bars from independent time blocks, and its χ² test
//! against a predicted density (Boltzmann e^{−βU(x)}/Z in a field, Maxwell for P, flat in a
//! periodic box without a field).

use serde::{Deserialize, Serialize};

use super::block_curves::BlockCurves;
use super::estimate::Estimate;

/// Entries kept by the block store: between 32 and 64 independent entries.
const BLOCK_CAPACITY: usize = 64;

/// Bins whose predicted count per entry is below this are left out of the χ² (their block
/// variance would rest on a handful of counts).
pub const MIN_EXPECTED_PER_ENTRY: f64 = 5.0;

/// The χ² test of a histogram against a predicted density.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramTest {
    /// χ² = Σ_i (f_i − q_i)²/s_i² over the bins used (f measured, q predicted fraction of the
    /// in-range samples, s the standard error of f).
    pub chi2: f64,
    /// Bins used ν (the degrees of freedom: each term has expectation ≈ 1).
    pub dof: usize,
    /// χ²/ν [1]: ≈ 1 + 2/K when the prediction holds (K entries, see `expected_per_dof`).
    pub chi2_per_dof: f64,
    /// Expectation of one term when the prediction holds: (K − 1)/(K − 3), the mean of an
    /// F(1, K − 1) variable (a squared Student t, because s_i is itself estimated from K blocks).
    pub expected_per_dof: f64,
    /// Standard deviation of χ²/ν when the prediction holds: √(Var F(1, K−1) · Σ_ij ρ_ij²)/ν,
    /// with ρ_ij the correlation between bins i and j estimated from the block entries (for
    /// independent bins, √(Var F/ν)).
    pub sd_per_dof: f64,
    /// Normal-equivalent z = (χ²/ν − expected)/sd: ≲ 3 when the prediction holds; large and
    /// positive when it fails.
    pub z: f64,
    /// Independent entries K behind the variances.
    pub n_entries: usize,
    /// Bins left out for too few expected counts.
    pub bins_skipped: usize,
}

impl HistogramTest {
    /// The test as two estimates for a [`super::Comparison`]: measured χ²/ν with the standard
    /// deviation expected of it, and the expected value (exact), so that their z is [`Self::z`].
    pub fn as_estimates(&self) -> (Estimate, Estimate) {
        (
            Estimate::new(self.chi2_per_dof, self.sd_per_dof),
            Estimate::exact(self.expected_per_dof),
        )
    }
}

/// Histogram of a scalar on `n_bins` equal bins of `[lo, hi)`, with per-block counts.
///
/// Every `block_len` samples the block's counts per bin (as fractions of the block) go to a
/// [`BlockCurves`] store; correlated samples therefore get honest error bars as long as a block is
/// much longer than the correlation time of the observable. Samples outside `[lo, hi)` are counted
/// as out of range; fractions and predictions are conditional on the range, so a predicted density
/// need not be normalised and its tails need not be known. Memory: `n_bins` counts plus 64 block
/// vectors of `n_bins + 1` values; work O(1) per sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockHistogram {
    lo: f64,
    hi: f64,
    n_bins: usize,
    block_len: u64,
    counts: Vec<u64>,
    in_range: u64,
    samples: u64,
    block_counts: Vec<u64>,
    block_in_range: u64,
    block_samples: u64,
    blocks: BlockCurves,
}

impl BlockHistogram {
    /// `n_bins` bins on `[lo, hi)` (unit of the observable), blocks of `block_len` samples.
    ///
    /// # Panics
    /// If `hi ≤ lo`, `n_bins = 0` or `block_len = 0` (programming errors).
    pub fn new(lo: f64, hi: f64, n_bins: usize, block_len: u64) -> Self {
        assert!(
            hi > lo && lo.is_finite() && hi.is_finite(),
            "histogram range"
        );
        assert!(
            n_bins >= 1 && block_len >= 1,
            "histogram bins and block length"
        );
        Self {
            lo,
            hi,
            n_bins,
            block_len,
            counts: vec![0; n_bins],
            in_range: 0,
            samples: 0,
            block_counts: vec![0; n_bins],
            block_in_range: 0,
            block_samples: 0,
            blocks: BlockCurves::new(n_bins + 1, BLOCK_CAPACITY),
        }
    }

    /// Bin width (unit of the observable).
    pub fn bin_width(&self) -> f64 {
        (self.hi - self.lo) / self.n_bins as f64
    }

    /// Bin centres.
    pub fn bin_centres(&self) -> Vec<f64> {
        let h = self.bin_width();
        (0..self.n_bins)
            .map(|i| self.lo + (i as f64 + 0.5) * h)
            .collect()
    }

    /// Adds one sample.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.samples += 1;
        self.block_samples += 1;
        if x >= self.lo && x < self.hi {
            let i = (((x - self.lo) / self.bin_width()) as usize).min(self.n_bins - 1);
            self.counts[i] += 1;
            self.in_range += 1;
            self.block_counts[i] += 1;
            self.block_in_range += 1;
        }
        if self.block_samples == self.block_len {
            let n = self.block_len as f64;
            let mut v: Vec<f64> = self.block_counts.iter().map(|&c| c as f64 / n).collect();
            v.push(self.block_in_range as f64 / n);
            self.blocks.push(&v);
            self.block_counts.fill(0);
            self.block_in_range = 0;
            self.block_samples = 0;
        }
    }

    /// Forgets every sample.
    pub fn reset(&mut self) {
        *self = Self::new(self.lo, self.hi, self.n_bins, self.block_len);
    }

    /// Samples pushed.
    pub fn n_samples(&self) -> u64 {
        self.samples
    }

    /// Samples inside `[lo, hi)`.
    pub fn n_in_range(&self) -> u64 {
        self.in_range
    }

    /// Completed blocks.
    pub fn n_blocks(&self) -> u64 {
        self.blocks.n_blocks()
    }

    /// Counts per bin over the whole run.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Fraction of the in-range samples in each bin, with block standard errors (`NaN` below two
    /// entries).
    pub fn fractions(&self) -> Vec<Estimate> {
        let total = self.in_range.max(1) as f64;
        let n = self.n_bins;
        (0..n)
            .map(|i| {
                let sem = self
                    .blocks
                    .scatter(|e| (e[n] > 0.0).then(|| e[i] / e[n]))
                    .sem;
                Estimate::new(self.counts[i] as f64 / total, sem)
            })
            .collect()
    }

    /// Density per unit of the observable, conditional on the range: fraction / bin width.
    pub fn density(&self) -> Vec<Estimate> {
        let h = self.bin_width();
        self.fractions()
            .into_iter()
            .map(|e| e.scale(1.0 / h))
            .collect()
    }

    /// χ² test against predicted bin probabilities `predicted` (any non-negative weights per bin;
    /// normalised here over the range). `None` with fewer than 6 entries or no usable bin.
    ///
    /// Variance of each bin: the block estimate s_i², floored at the independent-sample
    /// (multinomial) value q_i(1 − q_i)/N so that a bin that no block happened to fill cannot
    /// give a zero variance. Bins with fewer than [`MIN_EXPECTED_PER_ENTRY`] predicted counts per
    /// entry are skipped.
    ///
    /// # Panics
    /// If `predicted` does not have one weight per bin.
    pub fn compare(&self, predicted: &[f64]) -> Option<HistogramTest> {
        assert_eq!(predicted.len(), self.n_bins, "one predicted weight per bin");
        let k = self.blocks.n_entries();
        if k < 6 || self.in_range == 0 {
            return None;
        }
        let norm: f64 = predicted.iter().sum();
        let n_total = self.in_range as f64;
        let per_entry = n_total / k as f64;
        let fractions = self.fractions();
        let mut chi2 = 0.0;
        let mut skipped = 0;
        let mut used = Vec::new();
        for (i, (f, &w)) in fractions.iter().zip(predicted).enumerate() {
            let q = w / norm;
            if q * per_entry < MIN_EXPECTED_PER_ENTRY {
                skipped += 1;
                continue;
            }
            let floor = q * (1.0 - q) / n_total;
            let var = if f.sem.is_finite() {
                (f.sem * f.sem).max(floor)
            } else {
                floor
            };
            chi2 += (f.mean - q).powi(2) / var;
            used.push(i);
        }
        let dof = used.len();
        if dof == 0 {
            return None;
        }
        let kf = k as f64;
        let mean_f = (kf - 1.0) / (kf - 3.0);
        let var_f = 2.0 * (kf - 1.0).powi(2) * (kf - 2.0) / ((kf - 3.0).powi(2) * (kf - 5.0));
        let nu = dof as f64;
        // Var χ² = Σ_ij Cov(z_i², z_j²) = 2 Σ_ij ρ_ij² for correlated unit normals z_i. With
        // estimated s_i each term is F(1, K − 1) instead of χ²₁, variance var_f instead of 2, so
        // Var χ² ≈ var_f Σ_ij ρ_ij² (exact for independent and for fully correlated bins). The
        // bin correlations
        // ρ_ij are estimated from the K entries (neighbouring bins move together when the
        // observable is slow) and corrected for their sampling noise, E[ρ̂²] ≈ ρ² + 1/(K − 1).
        let sum_rho2 = nu + bin_correlation_excess(&self.blocks, &used, self.n_bins);
        let sd = (var_f * sum_rho2).sqrt() / nu;
        Some(HistogramTest {
            chi2,
            dof,
            chi2_per_dof: chi2 / nu,
            expected_per_dof: mean_f,
            sd_per_dof: sd,
            z: (chi2 / nu - mean_f) / sd,
            n_entries: k,
            bins_skipped: skipped,
        })
    }

    /// χ² test against an unnormalised density ρ(x) (e.g. `|x| (-beta * u(x)).exp()` for
    /// Boltzmann, `|p| (-p * p / (2.0 * m * kt)).exp()` for a Maxwell momentum component,
    /// `|_| 1.0` for a flat density), integrated over each bin by [`bin_probabilities`].
    pub fn compare_density<F: Fn(f64) -> f64>(&self, density: F) -> Option<HistogramTest> {
        self.compare(&bin_probabilities(self.lo, self.hi, self.n_bins, density))
    }
}

/// Σ_{i≠j} ρ_ij² over the bins `used`, ρ_ij the correlation of the conditional fractions of bins
/// i and j across the block entries, each term corrected for its sampling bias 1/(K − 1) and
/// floored at 0.
fn bin_correlation_excess(blocks: &BlockCurves, used: &[usize], n_bins: usize) -> f64 {
    let entries = blocks.entries();
    let k = entries.len();
    let rows: Vec<Vec<f64>> = used
        .iter()
        .map(|&i| {
            let v: Vec<f64> = entries
                .iter()
                .map(|e| {
                    if e[n_bins] > 0.0 {
                        e[i] / e[n_bins]
                    } else {
                        0.0
                    }
                })
                .collect();
            let mean = v.iter().sum::<f64>() / k as f64;
            let centred: Vec<f64> = v.iter().map(|x| x - mean).collect();
            let norm = centred.iter().map(|x| x * x).sum::<f64>().sqrt();
            centred
                .iter()
                .map(|x| if norm > 0.0 { x / norm } else { 0.0 })
                .collect()
        })
        .collect();
    let bias = 1.0 / (k as f64 - 1.0);
    let mut excess = 0.0;
    for a in 0..rows.len() {
        for b in a + 1..rows.len() {
            let rho: f64 = rows[a].iter().zip(&rows[b]).map(|(x, y)| x * y).sum();
            excess += 2.0 * (rho * rho - bias).max(0.0);
        }
    }
    excess
}

/// Probabilities of `n_bins` equal bins of `[lo, hi]` under the unnormalised density ρ(x),
/// normalised over the range: composite Simpson rule with 16 intervals per bin.
pub fn bin_probabilities<F: Fn(f64) -> f64>(
    lo: f64,
    hi: f64,
    n_bins: usize,
    density: F,
) -> Vec<f64> {
    let h = (hi - lo) / n_bins as f64;
    let sub = 16;
    let s = h / sub as f64;
    let mut p: Vec<f64> = (0..n_bins)
        .map(|i| {
            let a = lo + i as f64 * h;
            let mut acc = density(a) + density(a + h);
            for j in 1..sub {
                acc += density(a + j as f64 * s) * if j % 2 == 1 { 4.0 } else { 2.0 };
            }
            acc * s / 3.0
        })
        .collect();
    let total: f64 = p.iter().sum();
    for v in &mut p {
        *v /= total;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fractions_and_range() {
        let mut h = BlockHistogram::new(0.0, 1.0, 4, 5);
        for x in [0.1, 0.3, 0.35, 0.9, 1.5, -0.2, 0.6, 0.99, 0.0, 0.26] {
            h.push(x);
        }
        assert_eq!(h.counts(), &[2, 3, 1, 2]);
        assert_eq!((h.n_samples(), h.n_in_range(), h.n_blocks()), (10, 8, 2));
        let f = h.fractions();
        assert!((f[1].mean - 3.0 / 8.0).abs() < 1e-15);
        // Block 1: 0.1, 0.3, 0.35, 0.9 in range (4), bin 1 holds 2 → 1/2; block 2: 0.6, 0.99,
        // 0.0, 0.26 → bin 1 holds 1 of 4 → 1/4. sem = |1/2 − 1/4|/2.
        assert!((f[1].sem - 0.125).abs() < 1e-15);
    }

    #[test]
    fn bin_probabilities_are_exact_for_cubics() {
        let p = bin_probabilities(0.0, 2.0, 2, |x| x * x * x);
        // ∫₀¹ x³ = 1/4, ∫₁² x³ = 15/4.
        assert!((p[0] - 1.0 / 16.0).abs() < 1e-14 && (p[1] - 15.0 / 16.0).abs() < 1e-14);
    }
}
