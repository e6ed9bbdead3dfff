//! `BlockCurves`: the per-block values of a vector observable (an MSD curve, a histogram), kept in
//! bounded memory so that any function of them (a slope over a window chosen later, a χ²) can be
//! evaluated block by block and its standard error read from the scatter over blocks.

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;

/// Per-block vectors of equal length, each the value of an observable over one independent time
/// block, stored in bounded memory.
///
/// Up to `capacity` entries are stored. When the store is full, consecutive pairs are averaged
/// (the pairing step of Flyvbjerg & Petersen, J. Chem. Phys. 91, 461 (1989)): each entry then
/// stands for twice as many blocks, and later blocks are averaged in groups of that size before
/// they are stored. Entries always stand for equally many blocks, so they are equally weighted
/// independent estimates and the standard error of any function `g` of the observable that is
/// linear in it is `s_g/√K` (K entries, `s_g` the scatter of `g` over entries). A group still being
/// filled is not used for errors (it is in the whole-series values the caller keeps). Memory is
/// `capacity × len` values, independent of the run length.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockCurves {
    len: usize,
    capacity: usize,
    /// Blocks averaged into each stored entry (a power of two).
    weight: u64,
    entries: Vec<Vec<f64>>,
    pending: Vec<f64>,
    pending_count: u64,
    blocks: u64,
}

impl BlockCurves {
    /// A store of vectors of `len` values; `capacity` (even, ≥ 4) entries at most.
    ///
    /// # Panics
    /// If `capacity` is odd or below 4 (a programming error).
    pub fn new(len: usize, capacity: usize) -> Self {
        assert!(
            capacity >= 4 && capacity.is_multiple_of(2),
            "BlockCurves: capacity must be even and ≥ 4"
        );
        Self {
            len,
            capacity,
            weight: 1,
            entries: Vec::new(),
            pending: vec![0.0; len],
            pending_count: 0,
            blocks: 0,
        }
    }

    /// Adds the value of one completed block.
    ///
    /// # Panics
    /// If `values` does not have the store's length.
    pub fn push(&mut self, values: &[f64]) {
        assert_eq!(values.len(), self.len, "BlockCurves: vector length");
        self.blocks += 1;
        for (p, v) in self.pending.iter_mut().zip(values) {
            *p += v;
        }
        self.pending_count += 1;
        if self.pending_count < self.weight {
            return;
        }
        let inv = 1.0 / self.weight as f64;
        self.entries
            .push(self.pending.iter().map(|p| p * inv).collect());
        self.pending.fill(0.0);
        self.pending_count = 0;
        if self.entries.len() == self.capacity {
            let merged = self
                .entries
                .chunks_exact(2)
                .map(|pair| {
                    pair[0]
                        .iter()
                        .zip(&pair[1])
                        .map(|(a, b)| 0.5 * (a + b))
                        .collect()
                })
                .collect();
            self.entries = merged;
            self.weight *= 2;
        }
    }

    /// Forgets every block.
    pub fn reset(&mut self) {
        *self = Self::new(self.len, self.capacity);
    }

    /// Length of each vector.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the vectors are empty (length 0).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Blocks pushed so far.
    pub fn n_blocks(&self) -> u64 {
        self.blocks
    }

    /// Independent entries behind the error bars (each the mean of [`Self::weight`] blocks).
    pub fn n_entries(&self) -> usize {
        self.entries.len()
    }

    /// Blocks averaged into each entry.
    pub fn weight(&self) -> u64 {
        self.weight
    }

    /// The stored entries.
    pub fn entries(&self) -> &[Vec<f64>] {
        &self.entries
    }

    /// Mean over entries and standard error `s/√K` of a scalar function of one entry
    /// (`sem = NaN` with fewer than two entries). Entries for which `g` returns `None` or a
    /// non-finite value are skipped.
    pub fn scatter<F: Fn(&[f64]) -> Option<f64>>(&self, g: F) -> Estimate {
        let values: Vec<f64> = self
            .entries
            .iter()
            .filter_map(|e| g(e))
            .filter(|v| v.is_finite())
            .collect();
        mean_and_sem(&values)
    }

    /// Standard error of each component (`NaN` with fewer than two entries).
    pub fn component_sem(&self) -> Vec<f64> {
        (0..self.len)
            .map(|i| self.scatter(|e| Some(e[i])).sem)
            .collect()
    }
}

/// Mean and standard error `s/√n` of independent values (`sem = NaN` below two values).
pub(crate) fn mean_and_sem(values: &[f64]) -> Estimate {
    let n = values.len() as f64;
    if values.is_empty() {
        return Estimate::new(f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return Estimate::new(mean, f64::NAN);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Estimate::new(mean, (var / n).sqrt())
}

#[cfg(test)]
mod tests {
    use super::BlockCurves;

    #[test]
    fn merging_keeps_equal_weights_and_the_mean() {
        let mut b = BlockCurves::new(2, 4);
        for i in 0..10 {
            b.push(&[i as f64, 1.0]);
        }
        // 4 entries → merged to 2 of weight 2 (0.5, 2.5); then (4,5) → 4.5 … 4 entries again
        // merge to (1.5, 5.5) of weight 4; blocks 8, 9 wait in the pending group.
        assert_eq!(b.n_blocks(), 10);
        assert_eq!(b.weight(), 4);
        assert_eq!(b.entries(), &[vec![1.5, 1.0], vec![5.5, 1.0]]);
        let e = b.scatter(|v| Some(v[0]));
        assert!((e.mean - 3.5).abs() < 1e-12);
        // s² = ((1.5−3.5)² + (5.5−3.5)²)/1 = 8, sem = √(8/2) = 2.
        assert!((e.sem - 2.0).abs() < 1e-12);
        assert_eq!(b.component_sem()[1], 0.0);
    }
}
