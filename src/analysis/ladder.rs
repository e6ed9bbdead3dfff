//! The generic multiple-tau engine shared by every correlator in this module.
//!
//! A ladder of `levels` shift registers, each holding the `p` most recent values of a flat sample
//! vector of fixed width. Level 0 receives every sample; every `m` values arriving at level `k` are
//! combined (averaged or decimated, see [`Coarsening`]) into one value for level `k + 1`. Each value
//! arriving at a level is paired with the values already stored there, and a [`Kernel`] adds the
//! pair's contribution to the accumulator of that lag (Ramírez, Sukumaran, Vorselaars & Likhtman,
//! J. Chem. Phys. 133, 154103 (2010)).
//!
//! Lag grid, in samples: level 0 holds lags `0, 1, …, p − 1`; level `k ≥ 1` holds lags `j·m^k` for
//! `j = p/m, …, p − 1` (smaller `j` are already covered more finely by level `k − 1`).
//! Memory is `levels·p·width` values plus one accumulator per lag; the work per sample is
//! `p·(1 + (1 − 1/m)·(1/m + 1/m² + …)) ≤ 2p` kernel calls, independent of the run length.

use serde::{Deserialize, Serialize};

/// Layout of a multiple-tau correlator.
///
/// The defaults (`p = 16`, `m = 2`, 24 levels) give lags from 1 sample to `15·2^23 ≈ 1.3·10^8`
/// samples with 8 points per factor of two in lag. A value at level `k` is an average over `m^k`
/// samples, so the relative smoothing error of a correlation function that varies on a time scale
/// `τ_c` is about `(h/τ_c)²/12` with `h = m^k` samples the level's spacing; since the lag `t` at
/// level `k` is at least `(p/m)·h`, this is at most `(m·t/(p·τ_c))²/12` (3 % at `t = 5τ_c` with the
/// defaults). Larger `p` reduces the smoothing error at proportional cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultipleTauParams {
    /// Points per level `p` (≥ 2, a multiple of `m`).
    pub points: usize,
    /// Averaging factor `m` between levels (≥ 2).
    pub averaging: usize,
    /// Number of levels (≥ 1); the longest lag is `(p − 1)·m^(levels−1)` samples.
    pub levels: usize,
}

impl Default for MultipleTauParams {
    fn default() -> Self {
        Self {
            points: 16,
            averaging: 2,
            levels: 24,
        }
    }
}

impl MultipleTauParams {
    /// Panics unless the parameters describe a valid ladder.
    pub(crate) fn validate(&self) {
        assert!(self.points >= 2, "multiple-tau: points p must be ≥ 2");
        assert!(self.averaging >= 2, "multiple-tau: averaging m must be ≥ 2");
        assert!(
            self.points.is_multiple_of(self.averaging),
            "multiple-tau: points p must be a multiple of averaging m"
        );
        assert!(self.levels >= 1, "multiple-tau: levels must be ≥ 1");
        assert!(
            (self.averaging as f64).powi(self.levels as i32 - 1) * (self.points as f64) < 9.0e18,
            "multiple-tau: too many levels for 64-bit lags"
        );
    }

    /// Number of lags on the grid.
    pub fn n_lags(&self) -> usize {
        self.points + (self.levels - 1) * (self.points - self.points / self.averaging)
    }

    /// First lag index held by `level`.
    fn offset(&self, level: usize) -> usize {
        if level == 0 {
            0
        } else {
            self.points + (level - 1) * (self.points - self.points / self.averaging)
        }
    }

    /// Smallest register age `j` that `level` pairs.
    fn first_age(&self, level: usize) -> usize {
        if level == 0 {
            0
        } else {
            self.points / self.averaging
        }
    }

    /// The lag grid in samples, increasing.
    pub fn lag_samples(&self) -> Vec<u64> {
        let mut lags = Vec::with_capacity(self.n_lags());
        let mut stride: u64 = 1;
        for level in 0..self.levels {
            for j in self.first_age(level)..self.points {
                lags.push(j as u64 * stride);
            }
            stride *= self.averaging as u64;
        }
        lags
    }
}

/// How a level hands values on to the next, coarser level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Coarsening {
    /// The next level receives the mean of `m` consecutive values (Ramírez et al. 2010). Right for
    /// correlation functions: the correlation of block means is a smoothed correlation.
    Average,
    /// The next level receives every `m`-th value (the "order-n" scheme of Frenkel & Smit,
    /// *Understanding Molecular Simulation*, 2nd ed., §4.4.2). Right for displacements: the
    /// mean-squared displacement of decimated positions is exact, with fewer pairs at long lags.
    Decimate,
}

/// How a pair (earlier value, later value) adds to its lag's accumulator.
pub(crate) trait Kernel {
    /// Number of accumulator entries per lag.
    fn output_width(&self) -> usize;
    /// Adds the contribution of one pair; `earlier` and `later` have the ladder's width.
    fn accumulate(&self, earlier: &[f64], later: &[f64], acc: &mut [f64]);
}

/// The multiple-tau engine, generic over the pair kernel.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Ladder<K> {
    kernel: K,
    params: MultipleTauParams,
    coarsening: Coarsening,
    width: usize,
    out: usize,
    /// Registers: `levels × p × width`.
    registers: Vec<f64>,
    /// Slot of the newest value per level.
    heads: Vec<usize>,
    /// Number of values stored per level (≤ p).
    filled: Vec<usize>,
    /// Coarsening accumulator per level: `levels × width`.
    pending: Vec<f64>,
    /// Values in the coarsening accumulator per level.
    pending_count: Vec<usize>,
    /// Pair sums: `n_lags × out`.
    sums: Vec<f64>,
    /// Pairs per lag.
    counts: Vec<u64>,
    /// Samples pushed at level 0.
    pushed: u64,
    #[serde(skip)]
    scratch: Vec<f64>,
}

impl<K: Kernel> Ladder<K> {
    /// A ladder of flat samples of `width` values.
    pub(crate) fn new(
        kernel: K,
        params: MultipleTauParams,
        coarsening: Coarsening,
        width: usize,
    ) -> Self {
        params.validate();
        let out = kernel.output_width();
        let (l, p) = (params.levels, params.points);
        Self {
            kernel,
            params,
            coarsening,
            width,
            out,
            registers: vec![0.0; l * p * width],
            heads: vec![p - 1; l],
            filled: vec![0; l],
            pending: vec![0.0; l * width],
            pending_count: vec![0; l],
            sums: vec![0.0; params.n_lags() * out],
            counts: vec![0; params.n_lags()],
            pushed: 0,
            scratch: vec![0.0; width],
        }
    }

    pub(crate) fn params(&self) -> &MultipleTauParams {
        &self.params
    }

    pub(crate) fn kernel(&self) -> &K {
        &self.kernel
    }

    pub(crate) fn output_width(&self) -> usize {
        self.out
    }

    /// Samples pushed so far.
    pub(crate) fn pushed(&self) -> u64 {
        self.pushed
    }

    /// Pairs accumulated per lag.
    pub(crate) fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Pair sums of lag index `i` (`output_width` values).
    pub(crate) fn sums(&self, i: usize) -> &[f64] {
        &self.sums[i * self.out..(i + 1) * self.out]
    }

    /// Forgets every sample.
    pub(crate) fn reset(&mut self) {
        self.registers.fill(0.0);
        self.heads.fill(self.params.points - 1);
        self.filled.fill(0);
        self.pending.fill(0.0);
        self.pending_count.fill(0);
        self.sums.fill(0.0);
        self.counts.fill(0);
        self.pushed = 0;
    }

    /// Number of `f64` values held (constant after construction).
    pub(crate) fn memory_values(&self) -> usize {
        self.registers.len() + self.pending.len() + self.sums.len() + self.counts.len()
    }

    /// Pushes one sample of `width` values.
    pub(crate) fn push(&mut self, sample: &[f64]) {
        assert_eq!(sample.len(), self.width, "sample width");
        self.pushed += 1;
        let mut value = std::mem::take(&mut self.scratch);
        if value.len() != self.width {
            value = vec![0.0; self.width];
        }
        value.copy_from_slice(sample);
        let m = self.params.averaging;
        let w = self.width;
        for level in 0..self.params.levels {
            self.insert(level, &value);
            if level + 1 == self.params.levels {
                break;
            }
            let pending = &mut self.pending[level * w..(level + 1) * w];
            match self.coarsening {
                Coarsening::Average => {
                    for (p, v) in pending.iter_mut().zip(&value) {
                        *p += v;
                    }
                }
                Coarsening::Decimate => pending.copy_from_slice(&value),
            }
            self.pending_count[level] += 1;
            if self.pending_count[level] < m {
                break;
            }
            self.pending_count[level] = 0;
            match self.coarsening {
                Coarsening::Average => {
                    let inv = 1.0 / m as f64;
                    for (v, p) in value.iter_mut().zip(pending.iter_mut()) {
                        *v = *p * inv;
                        *p = 0.0;
                    }
                }
                Coarsening::Decimate => value.copy_from_slice(pending),
            }
        }
        self.scratch = value;
    }

    /// Stores `value` as the newest entry of `level` and pairs it with the stored ones.
    fn insert(&mut self, level: usize, value: &[f64]) {
        let p = self.params.points;
        let w = self.width;
        let out = self.out;
        let head = if self.heads[level] + 1 == p {
            0
        } else {
            self.heads[level] + 1
        };
        self.heads[level] = head;
        let base = level * p * w;
        self.registers[base + head * w..base + (head + 1) * w].copy_from_slice(value);
        self.filled[level] = (self.filled[level] + 1).min(p);
        let first = self.params.first_age(level);
        let offset = self.params.offset(level);
        let registers = &self.registers[base..base + p * w];
        let later = &registers[head * w..(head + 1) * w];
        let ages = first..self.filled[level];
        let n_pairs = ages.len();
        if n_pairs == 0 {
            return;
        }
        let sums = &mut self.sums[offset * out..(offset + n_pairs) * out];
        let kernel = &self.kernel;
        let pair = |n: usize, acc: &mut [f64]| {
            let age = first + n;
            let slot = if head >= age {
                head - age
            } else {
                head + p - age
            };
            kernel.accumulate(&registers[slot * w..(slot + 1) * w], later, acc);
        };
        for (n, acc) in sums.chunks_mut(out).enumerate() {
            pair(n, acc);
        }
        for c in &mut self.counts[offset..offset + n_pairs] {
            *c += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_grid_is_increasing_and_matches_offsets() {
        let params = MultipleTauParams {
            points: 8,
            averaging: 2,
            levels: 4,
        };
        let lags = params.lag_samples();
        assert_eq!(lags.len(), params.n_lags());
        assert_eq!(
            lags,
            vec![
                0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56
            ]
        );
        assert!(lags.windows(2).all(|w| w[0] < w[1]));
    }
}
