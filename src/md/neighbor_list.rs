//! Neighbour finding: a cell list that builds a half Verlet list with a skin.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::periodic_box::PeriodicBox;

/// When the Verlet list is rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RebuildPolicy {
    /// Rebuild as soon as any atom has moved more than half the skin since the last build.
    /// This never misses a pair.
    Automatic,
    /// Rebuild every `n` steps without checking displacements (the classic benchmark setting;
    /// it can miss pairs if atoms move more than half the skin in `n` steps).
    Every(u64),
}

/// A half Verlet list (each pair once, j > i) of all pairs closer than r_c + skin, stored in
/// compressed-row form, built from a cell list.
#[derive(Debug, Clone, Default)]
pub struct VerletList {
    /// Cut-off r_c plus skin [σ].
    pub list_radius: f64,
    /// `offsets[i]..offsets[i + 1]` indexes the neighbours of atom i in `neighbors`.
    pub offsets: Vec<u32>,
    /// Neighbour indices j > i.
    pub neighbors: Vec<u32>,
    /// Wrapped positions [σ] at the last build (checkpoints store these so that a resumed run
    /// rebuilds an identical list).
    pub reference: Vec<[f64; 3]>,
    /// Unwrapped positions [σ] at the last build, for the displacement check.
    pub reference_unwrapped: Vec<[f64; 3]>,
    /// Number of builds so far.
    pub builds: u64,
}

/// Atoms sorted into cubic cells of edge ≥ the list radius.
struct CellGrid {
    per_side: usize,
    start: Vec<u32>,
    atoms: Vec<u32>,
}

impl CellGrid {
    fn new(positions: &[[f64; 3]], b: &PeriodicBox, min_cell: f64) -> Self {
        let l = b.length();
        let per_side = ((l / min_cell).floor() as usize).max(1);
        let inv = per_side as f64 / l;
        let ncell = per_side * per_side * per_side;
        let cell_of: Vec<u32> = positions
            .iter()
            .map(|x| {
                let c = |v: f64| ((v * inv) as usize).min(per_side - 1);
                (c(x[0]) + per_side * (c(x[1]) + per_side * c(x[2]))) as u32
            })
            .collect();
        let mut start = vec![0u32; ncell + 1];
        for &c in &cell_of {
            start[c as usize + 1] += 1;
        }
        for k in 0..ncell {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut atoms = vec![0u32; positions.len()];
        for (i, &c) in cell_of.iter().enumerate() {
            atoms[fill[c as usize] as usize] = i as u32;
            fill[c as usize] += 1;
        }
        Self {
            per_side,
            start,
            atoms,
        }
    }

    fn cell_of(&self, x: [f64; 3], l: f64) -> [usize; 3] {
        let inv = self.per_side as f64 / l;
        let c = |v: f64| ((v * inv) as usize).min(self.per_side - 1);
        [c(x[0]), c(x[1]), c(x[2])]
    }
}

impl VerletList {
    /// Builds the list for wrapped `positions` (and their unwrapped twins) with radius
    /// `cutoff + skin` [σ].
    pub fn build(
        &mut self,
        positions: &[[f64; 3]],
        unwrapped: &[[f64; 3]],
        b: &PeriodicBox,
        list_radius: f64,
    ) {
        self.list_radius = list_radius;
        self.reference.clear();
        self.reference.extend_from_slice(positions);
        self.reference_unwrapped.clear();
        self.reference_unwrapped.extend_from_slice(unwrapped);
        let n = positions.len();
        let r2max = list_radius * list_radius;
        let l = b.length();
        let grid = CellGrid::new(positions, b, list_radius);
        // With fewer than three cells per side the 27-cell stencil would visit cells twice:
        // fall back to checking every pair (only small test systems get here).
        let brute = grid.per_side < 3;
        const CHUNK: usize = 256;
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let lo = c * CHUNK;
                let hi = (lo + CHUNK).min(n);
                let mut counts = Vec::with_capacity(hi - lo);
                let mut list = Vec::with_capacity((hi - lo) * 48);
                for i in lo..hi {
                    let xi = positions[i];
                    let before = list.len();
                    let mut consider = |j: u32| {
                        if (j as usize) > i {
                            let d = b.minimum_image(xi, positions[j as usize]);
                            if d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < r2max {
                                list.push(j);
                            }
                        }
                    };
                    if brute {
                        (i as u32 + 1..n as u32).for_each(&mut consider);
                    } else {
                        let ci = grid.cell_of(xi, l);
                        let p = grid.per_side as isize;
                        for dz in -1..=1isize {
                            let z = (ci[2] as isize + dz).rem_euclid(p) as usize;
                            for dy in -1..=1isize {
                                let y = (ci[1] as isize + dy).rem_euclid(p) as usize;
                                for dx in -1..=1isize {
                                    let x = (ci[0] as isize + dx).rem_euclid(p) as usize;
                                    let cell = x + grid.per_side * (y + grid.per_side * z);
                                    let (s, e) = (grid.start[cell], grid.start[cell + 1]);
                                    grid.atoms[s as usize..e as usize]
                                        .iter()
                                        .for_each(|&j| consider(j));
                                }
                            }
                        }
                    }
                    // Sorted neighbours give a deterministic, cache-friendly summation order.
                    list[before..].sort_unstable();
                    counts.push((list.len() - before) as u32);
                }
                (counts, list)
            })
            .collect();
        self.offsets.clear();
        self.offsets.reserve(n + 1);
        self.offsets.push(0);
        self.neighbors.clear();
        let mut total = 0u32;
        for (counts, list) in chunks {
            for c in counts {
                total += c;
                self.offsets.push(total);
            }
            self.neighbors.extend_from_slice(&list);
        }
        self.builds += 1;
    }

    /// Largest displacement [σ] of any atom since the last build.
    pub fn max_displacement(&self, unwrapped: &[[f64; 3]]) -> f64 {
        unwrapped
            .iter()
            .zip(&self.reference_unwrapped)
            .map(|(a, b)| {
                let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
                d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
            })
            .fold(0.0, f64::max)
            .sqrt()
    }

    /// Number of pairs in the list.
    pub fn pairs(&self) -> usize {
        self.neighbors.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn cell_list_finds_exactly_the_brute_force_pairs() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let b = PeriodicBox::new(11.0);
        let x: Vec<[f64; 3]> = (0..600)
            .map(|_| {
                [
                    rng.random::<f64>() * 11.0,
                    rng.random::<f64>() * 11.0,
                    rng.random::<f64>() * 11.0,
                ]
            })
            .collect();
        let mut list = VerletList::default();
        list.build(&x, &x, &b, 2.8);
        let mut expected = 0;
        for i in 0..x.len() {
            for j in i + 1..x.len() {
                let d = b.minimum_image(x[i], x[j]);
                if d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < 2.8 * 2.8 {
                    expected += 1;
                    let nb =
                        &list.neighbors[list.offsets[i] as usize..list.offsets[i + 1] as usize];
                    assert!(nb.contains(&(j as u32)), "missing pair {i}-{j}");
                }
            }
        }
        assert_eq!(list.pairs(), expected);
    }
}
