//! The pair kernel of the many-particle self correlators ([`super::VelocityAutocorrelation`],
//! [`super::MeanSquaredDisplacement`]): sums over the particles of a group.

use serde::{Deserialize, Serialize};

use super::ladder::Kernel;

/// What a pair of many-particle samples contributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum SelfTerm {
    /// `Σ_i e_i · l_i` (velocity autocorrelation).
    Dot,
    /// `Σ_i |l_i − e_i|²` (squared displacement).
    SquaredDifference,
}

/// Sums a [`SelfTerm`] over the particles of each of `groups` contiguous groups; a sample is the
/// flat array `[x_0, y_0, z_0, x_1, …]` of `n_particles` 3-vectors.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct GroupedSelf {
    term: SelfTerm,
    /// Flat start index of each group, plus the end: `groups + 1` entries.
    bounds: Vec<usize>,
}

impl GroupedSelf {
    pub(crate) fn new(term: SelfTerm, n_particles: usize, groups: usize) -> Self {
        assert!(n_particles >= 1, "need at least one particle");
        assert!(
            (1..=n_particles).contains(&groups),
            "groups must be between 1 and the number of particles"
        );
        let bounds = (0..=groups)
            .map(|g| 3 * (g * n_particles / groups))
            .collect();
        Self { term, bounds }
    }

    /// Particles in group `g`.
    pub(crate) fn group_size(&self, g: usize) -> usize {
        (self.bounds[g + 1] - self.bounds[g]) / 3
    }
}

/// `Σ e·l` with eight partial sums, so that the compiler can use SIMD.
#[inline]
fn dot(e: &[f64], l: &[f64]) -> f64 {
    let mut s = [0.0; 8];
    let (ec, er) = e.split_at(e.len() / 8 * 8);
    let (lc, lr) = l.split_at(ec.len());
    for (a, b) in ec.chunks_exact(8).zip(lc.chunks_exact(8)) {
        for k in 0..8 {
            s[k] += a[k] * b[k];
        }
    }
    let tail: f64 = er.iter().zip(lr).map(|(a, b)| a * b).sum();
    s.iter().sum::<f64>() + tail
}

/// `Σ (l − e)²` with eight partial sums.
#[inline]
fn squared_distance(e: &[f64], l: &[f64]) -> f64 {
    let mut s = [0.0; 8];
    let (ec, er) = e.split_at(e.len() / 8 * 8);
    let (lc, lr) = l.split_at(ec.len());
    for (a, b) in ec.chunks_exact(8).zip(lc.chunks_exact(8)) {
        for k in 0..8 {
            let d = b[k] - a[k];
            s[k] += d * d;
        }
    }
    let tail: f64 = er.iter().zip(lr).map(|(a, b)| (b - a) * (b - a)).sum();
    s.iter().sum::<f64>() + tail
}

impl Kernel for GroupedSelf {
    fn output_width(&self) -> usize {
        self.bounds.len() - 1
    }

    fn accumulate(&self, earlier: &[f64], later: &[f64], acc: &mut [f64]) {
        for (g, w) in self.bounds.windows(2).enumerate() {
            let (e, l) = (&earlier[w[0]..w[1]], &later[w[0]..w[1]]);
            acc[g] += match self.term {
                SelfTerm::Dot => dot(e, l),
                SelfTerm::SquaredDifference => squared_distance(e, l),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_match_naive_loops() {
        let e: Vec<f64> = (0..33).map(|i| (i as f64 * 0.37).sin()).collect();
        let l: Vec<f64> = (0..33).map(|i| (i as f64 * 0.11).cos()).collect();
        let naive_dot: f64 = e.iter().zip(&l).map(|(a, b)| a * b).sum();
        let naive_sq: f64 = e.iter().zip(&l).map(|(a, b)| (a - b) * (a - b)).sum();
        assert!((dot(&e, &l) - naive_dot).abs() < 1e-12);
        assert!((squared_distance(&e, &l) - naive_sq).abs() < 1e-12);
    }

    #[test]
    fn groups_partition_the_particles() {
        let k = GroupedSelf::new(SelfTerm::Dot, 10, 3);
        let sizes: Vec<usize> = (0..3).map(|g| k.group_size(g)).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 10);
        assert!(sizes.iter().all(|&s| s == 3 || s == 4));
    }
}
