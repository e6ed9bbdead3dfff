//! `BlockAverage`: the blocking method of Flyvbjerg & Petersen (J. Chem. Phys. 91, 461 (1989)) for
//! the standard error of the mean of a correlated series, accumulated online.

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;

/// Blocking levels need at least this many blocks to enter the plateau search: with fewer the
/// relative error of the standard error, `1/√(2(n'−1))`, exceeds 18 %.
pub const MIN_BLOCKS: u64 = 16;

/// Welford statistics of the block means at one blocking level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Level {
    n: u64,
    mean: f64,
    m2: f64,
    /// First member of the pair being formed for the next level.
    pending: Option<f64>,
}

/// One point of the blocking curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockingLevel {
    /// Samples per block `2^k`.
    pub block_size: u64,
    /// Number of complete blocks `n'`.
    pub n_blocks: u64,
    /// Standard error of the mean estimated from the block means, `√(c₀/(n'−1))` with
    /// `c₀ = Σ(x' − x̄')²/n'` [unit of the observable].
    pub sem: f64,
    /// Standard error of `sem` itself, `sem/√(2(n'−1))`.
    pub sem_error: f64,
}

/// Mean and standard error from the blocking analysis.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockingResult {
    /// Mean over all samples and the standard error read on the plateau [unit of the observable].
    pub estimate: Estimate,
    /// The level whose standard error was taken.
    pub level: usize,
    /// Samples per block at that level.
    pub block_size: u64,
    /// Whether a plateau was found with at least one eligible level above it to confirm it. When
    /// `false` the series is too short for its correlation time and `sem` is a lower bound.
    pub converged: bool,
}

/// Online Flyvbjerg–Petersen block averaging of a scalar observable.
///
/// Each sample enters level 0; consecutive pairs of level-k values are averaged into one value of
/// level k + 1. Each level keeps only running sums, so memory is O(log₂ n) and work is O(1)
/// amortised per sample. The standard error at level k, `sem_k`, rises with k while blocks are
/// shorter than the correlation time and is flat (a plateau) once they are longer.
///
/// Plateau rule (documented choice): among the levels with at least [`MIN_BLOCKS`] blocks, the
/// smallest level k whose `sem_k` is not exceeded by any higher eligible level j by more than
/// `2·√(δ_k² + δ_j²)` (δ: the `sem_error`s). For an uncorrelated series this is level 0 and the
/// result is `σ/√n`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockAverage {
    levels: Vec<Level>,
}

impl BlockAverage {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Accumulates a whole slice.
    pub fn from_slice(values: &[f64]) -> Self {
        let mut b = Self::new();
        for &v in values {
            b.push(v);
        }
        b
    }

    /// Adds one sample.
    pub fn push(&mut self, x: f64) {
        let mut value = x;
        let mut k = 0;
        loop {
            if k == self.levels.len() {
                self.levels.push(Level::default());
            }
            let level = &mut self.levels[k];
            level.n += 1;
            let d = value - level.mean;
            level.mean += d / level.n as f64;
            level.m2 += d * (value - level.mean);
            match level.pending.take() {
                None => {
                    level.pending = Some(value);
                    break;
                }
                Some(first) => {
                    value = 0.5 * (first + value);
                    k += 1;
                }
            }
        }
    }

    /// Forgets every sample.
    pub fn reset(&mut self) {
        self.levels.clear();
    }

    /// Samples pushed.
    pub fn n_samples(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.n)
    }

    /// Mean of all samples (`NaN` when empty).
    pub fn mean(&self) -> f64 {
        self.levels.first().map_or(f64::NAN, |l| l.mean)
    }

    /// Sample variance of the raw series (denominator n − 1).
    pub fn variance(&self) -> f64 {
        self.levels
            .first()
            .map_or(f64::NAN, |l| l.m2 / (l.n as f64 - 1.0))
    }

    /// The blocking curve: one entry per level with at least two blocks.
    pub fn blocking_curve(&self) -> Vec<BlockingLevel> {
        self.levels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.n >= 2)
            .map(|(k, l)| {
                let n = l.n as f64;
                let sem = (l.m2 / (n * (n - 1.0))).sqrt();
                BlockingLevel {
                    block_size: 1 << k,
                    n_blocks: l.n,
                    sem,
                    sem_error: sem / (2.0 * (n - 1.0)).sqrt(),
                }
            })
            .collect()
    }

    /// Mean and standard error read on the plateau of the blocking curve (rule in the type's
    /// documentation). `None` with fewer than [`MIN_BLOCKS`] samples.
    pub fn result(&self) -> Option<BlockingResult> {
        let curve: Vec<BlockingLevel> = self
            .blocking_curve()
            .into_iter()
            .filter(|l| l.n_blocks >= MIN_BLOCKS)
            .collect();
        if curve.is_empty() {
            return None;
        }
        let consistent = |k: usize| {
            curve[k + 1..]
                .iter()
                .all(|hi| hi.sem - curve[k].sem <= 2.0 * curve[k].sem_error.hypot(hi.sem_error))
        };
        let k = (0..curve.len())
            .find(|&k| consistent(k))
            .unwrap_or(curve.len() - 1);
        let level = curve[k].block_size.trailing_zeros() as usize;
        Some(BlockingResult {
            estimate: Estimate::new(self.mean(), curve[k].sem),
            level,
            block_size: curve[k].block_size,
            converged: k + 1 < curve.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::BlockAverage;

    #[test]
    fn level_zero_matches_textbook_formulas() {
        let xs = [1.0, 4.0, 2.0, 8.0, 5.0, 7.0, 3.0, 6.0];
        let b = BlockAverage::from_slice(&xs);
        assert_eq!(b.n_samples(), 8);
        assert!((b.mean() - 4.5).abs() < 1e-12);
        // Σ(x − 4.5)² = 42, variance 42/7 = 6, sem √(6/8).
        assert!((b.variance() - 6.0).abs() < 1e-12);
        let curve = b.blocking_curve();
        assert!((curve[0].sem - 0.75f64.sqrt()).abs() < 1e-12);
        // Level 1 block means 2.5, 5, 6, 4.5: mean 4.5, Σ(d²) = 4+0.25+2.25+0 = 6.5.
        assert_eq!(curve[1].n_blocks, 4);
        assert!((curve[1].sem - (6.5f64 / 12.0).sqrt()).abs() < 1e-12);
    }
}
