//! Neighbour finding: a cell list that builds a half Verlet list with a skin, per atom.
//!
//! The simulation runs on the cluster-pair list of [`super::pair_list`]; this per-atom list and the
//! kernel of [`super::pair_forces`] are the simple reference the cluster kernels are tested
//! against, and [`VerletList`] keeps the positions of the last build for the displacement check
//! and for checkpoints.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::csr;
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

/// A half Verlet list (each pair once) of all pairs closer than r_c + skin, stored in
/// compressed-row form, built from a cell list.
#[derive(Debug, Clone, Default)]
pub struct VerletList {
    /// Cut-off r_c plus skin [σ].
    pub list_radius: f64,
    /// `offsets[i]..offsets[i + 1]` indexes the neighbours of atom i in `neighbors`.
    pub offsets: Vec<u32>,
    /// Neighbour indices (each pair appears under one of its two atoms).
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
    /// Coordinates of `atoms[k]` in cell order, one array per axis (contiguous per cell).
    sorted: [Vec<f64>; 3],
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
        let (start, atoms) = csr::group_by_key(&cell_of, ncell);
        let sorted = [0, 1, 2].map(|a| atoms.iter().map(|&i| positions[i as usize][a]).collect());
        Self {
            per_side,
            start,
            atoms,
            sorted,
        }
    }

    fn cell_of(&self, x: [f64; 3], l: f64) -> [usize; 3] {
        let inv = self.per_side as f64 / l;
        let c = |v: f64| ((v * inv) as usize).min(self.per_side - 1);
        [c(x[0]), c(x[1]), c(x[2])]
    }
}

/// Whether wrapped points `xi`, `xj` are closer than √r2max in a periodic box of edge `l`.
#[inline(always)]
fn within_radius(xi: [f64; 3], xj: [f64; 3], l: f64, r2max: f64) -> bool {
    let half = 0.5 * l;
    let mut r2 = 0.0;
    for a in 0..3 {
        let mut d = xi[a] - xj[a];
        if d > half {
            d -= l;
        } else if d < -half {
            d += l;
        }
        r2 += d * d;
    }
    r2 < r2max
}

/// Everything one neighbour-list build needs, shared by the worker threads.
struct BuildContext<'a> {
    grid: &'a CellGrid,
    slot: &'a [u32],
    stencil: &'a [(isize, isize, isize)],
    positions: &'a [[f64; 3]],
    l: f64,
    r2max: f64,
    brute: bool,
}

impl BuildContext<'_> {
    /// Appends the atoms in cell-order slots lo..hi within the list radius of xi.
    #[inline(always)]
    fn scan(&self, lo: usize, hi: usize, xi: [f64; 3], out: &mut Vec<u32>) {
        const BLOCK: usize = 64;
        let (l, half, grid) = (self.l, 0.5 * self.l, self.grid);
        let mut r2s = [0.0f64; BLOCK];
        let mut kept = [0u32; BLOCK];
        let mut k = lo;
        while k < hi {
            let m = (hi - k).min(BLOCK);
            let (xs, ys, zs) = (
                &grid.sorted[0][k..k + m],
                &grid.sorted[1][k..k + m],
                &grid.sorted[2][k..k + m],
            );
            let image = |d: f64| {
                let d = if d > half { d - l } else { d };
                if d < -half { d + l } else { d }
            };
            for (((r2, &x), &y), &z) in r2s[..m].iter_mut().zip(xs).zip(ys).zip(zs) {
                let (dx, dy, dz) = (image(xi[0] - x), image(xi[1] - y), image(xi[2] - z));
                *r2 = dx * dx + dy * dy + dz * dz;
            }
            // Branch-free compaction: most candidates are rejected, at random.
            let mut count = 0;
            for (&r2, &atom) in r2s[..m].iter().zip(&grid.atoms[k..k + m]) {
                kept[count] = atom;
                count += (r2 < self.r2max) as usize;
            }
            out.extend_from_slice(&kept[..count]);
            k += m;
        }
    }

    /// Neighbour counts and lists of atoms lo..hi.
    #[inline(always)]
    fn range(&self, lo: usize, hi: usize) -> (Vec<u32>, Vec<u32>) {
        let grid = self.grid;
        let n = self.positions.len();
        let p = grid.per_side as isize;
        let mut counts = Vec::with_capacity(hi - lo);
        let mut list = Vec::with_capacity((hi - lo) * 48);
        for i in lo..hi {
            let xi = self.positions[i];
            let before = list.len();
            if self.brute {
                for j in i + 1..n {
                    if within_radius(xi, self.positions[j], self.l, self.r2max) {
                        list.push(j as u32);
                    }
                }
            } else {
                let ci = grid.cell_of(xi, self.l);
                let own = ci[0] + grid.per_side * (ci[1] + grid.per_side * ci[2]);
                let own_end = grid.start[own + 1] as usize;
                self.scan(self.slot[i] as usize + 1, own_end, xi, &mut list);
                for &(dx, dy, dz) in self.stencil {
                    let x = (ci[0] as isize + dx).rem_euclid(p) as usize;
                    let y = (ci[1] as isize + dy).rem_euclid(p) as usize;
                    let z = (ci[2] as isize + dz).rem_euclid(p) as usize;
                    let cell = x + grid.per_side * (y + grid.per_side * z);
                    let (s, e) = (grid.start[cell] as usize, grid.start[cell + 1] as usize);
                    self.scan(s, e, xi, &mut list);
                }
            }
            counts.push((list.len() - before) as u32);
        }
        (counts, list)
    }
}

impl VerletList {
    /// Records the positions of a list build done elsewhere (the cluster list) without building
    /// the per-atom pairs: the reference positions [σ], the radius [σ] and the build count.
    pub fn set_reference(&mut self, positions: &[[f64; 3]], unwrapped: &[[f64; 3]], radius: f64) {
        self.list_radius = radius;
        self.reference.clear();
        self.reference.extend_from_slice(positions);
        self.reference_unwrapped.clear();
        self.reference_unwrapped.extend_from_slice(unwrapped);
        self.offsets.clear();
        self.neighbors.clear();
        self.builds += 1;
    }

    /// Builds the list for wrapped `positions` (and their unwrapped twins) with radius
    /// `cutoff + skin` [σ].
    ///
    /// Each pair is found once: an atom looks at the atoms after it in its own cell and at all
    /// atoms of the 13 "forward" neighbour cells (half of the 26), so no candidate is visited twice.
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
        // With fewer than three cells per side the stencil would visit a cell twice: fall back
        // to checking every pair (only small test systems get here).
        let brute = grid.per_side < 3;
        let mut slot = vec![0u32; n];
        for (k, &a) in grid.atoms.iter().enumerate() {
            slot[a as usize] = k as u32;
        }
        let mut stencil = Vec::with_capacity(13);
        for dz in -1..=1isize {
            for dy in -1..=1isize {
                for dx in -1..=1isize {
                    if (dz, dy, dx) > (0, 0, 0) {
                        stencil.push((dx, dy, dz));
                    }
                }
            }
        }
        const CHUNK: usize = 256;
        let ctx = BuildContext {
            grid: &grid,
            slot: &slot,
            stencil: &stencil,
            positions,
            l,
            r2max,
            brute,
        };
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| ctx.range(c * CHUNK, ((c + 1) * CHUNK).min(n)))
            .collect();
        let parts = chunks.iter().map(|(c, l)| (&c[..], &l[..]));
        csr::concat(&mut self.offsets, &mut self.neighbors, n, parts);
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
                    let of = |a: usize| {
                        &list.neighbors[list.offsets[a] as usize..list.offsets[a + 1] as usize]
                    };
                    assert!(
                        of(i).contains(&(j as u32)) || of(j).contains(&(i as u32)),
                        "missing pair {i}-{j}"
                    );
                }
            }
        }
        assert_eq!(list.pairs(), expected);
    }
}
