//! The first step of a list build: sorting the atoms into clusters. The atoms are binned into
//! columns in x and y, sorted by z inside each column and cut into clusters of [`M`] consecutive
//! slots (a column is padded to a multiple of `M` with padding slots). This exists so that the
//! atoms a kernel touches together lie together in memory (re-sorting at every build keeps the
//! speed from sagging as the liquid mixes), and so that the pair search ([`super::search`]) can
//! bound whole clusters by their boxes.

use crate::md::cluster_kernel::layout::{M, TWO_TYPES};
use crate::md::csr;

/// Marks a padding slot in [`Slots::atom_of_slot`].
pub(super) const PADDING: u32 = u32::MAX;

/// The atoms in their sorted slots (slot = M·cluster + k), as the last build placed them.
#[derive(Debug, Clone, Default)]
pub(super) struct Slots {
    /// Atom in each slot; [`PADDING`] marks a padding slot.
    pub atom_of_slot: Vec<u32>,
    /// Image counters of each slot's atom at the build (so coordinates stay continuous).
    pub images_at_build: Vec<[i32; 3]>,
    /// Atom type of each slot (padding takes the first atom's type).
    pub types_of_slot: Vec<u32>,
    /// The one type of each cluster's real atoms, or [`TWO_TYPES`] where they differ.
    pub cluster_types: Vec<u32>,
    /// Atom types present (sorted), to tell whether one coefficient set serves every pair.
    pub types_present: Vec<u32>,
}

/// The columns of a sort: what the pair search reads besides the slots.
pub(super) struct Columns {
    /// Columns per side: the grid has `per_side`² columns in x and y.
    pub per_side: usize,
    /// `per_side` / L [1/σ].
    pub inv: f64,
    /// `cluster_start[c]..cluster_start[c + 1]` are the clusters of column c (x + per_side·y).
    pub cluster_start: Vec<usize>,
    /// Bounding box (lower, upper corner) of the real atoms of each cluster [σ].
    pub bbox: Vec<([f64; 3], [f64; 3])>,
}

impl Columns {
    /// Number of clusters (padding included).
    pub fn clusters(&self) -> usize {
        self.cluster_start.last().copied().unwrap_or(0)
    }
}

impl Slots {
    /// Sorts the atoms at wrapped positions `x` [σ] (unwrapped twins `xu`, types `types`) in a
    /// box of edge `l` [σ] into clusters; returns the columns for the pair search.
    pub fn sort(&mut self, x: &[[f64; 3]], xu: &[[f64; 3]], types: &[u32], l: f64) -> Columns {
        let (reference, unwrapped) = (x, xu);
        let (per_side, inv, mut by_col, start) = bin_columns(reference, l);
        let cluster_start = sort_columns(reference, &mut by_col, &start);
        self.fill_slots(&by_col, &start, &cluster_start);
        self.check_one_slot_per_atom(reference.len());
        self.record_types(types);
        self.record_images(reference, unwrapped, types, l);
        Columns {
            per_side,
            inv,
            bbox: self.bounding_boxes(reference),
            cluster_start,
        }
    }

    /// Places the atoms of every column (`by_col[start[c] as usize..start[c + 1] as usize]`, sorted) in the slots
    /// of its clusters, padding after them.
    fn fill_slots(&mut self, by_col: &[u32], start: &[u32], cluster_start: &[usize]) {
        let ncol = start.len() - 1;
        self.atom_of_slot.clear();
        self.atom_of_slot.resize(cluster_start[ncol] * M, PADDING);
        for c in 0..ncol {
            let base = cluster_start[c] * M;
            for (k, &a) in by_col[start[c] as usize..start[c + 1] as usize]
                .iter()
                .enumerate()
            {
                self.atom_of_slot[base + k] = a;
            }
        }
    }

    /// Every atom in exactly one slot, as the counting sort places them: the force sum writes
    /// each atom's force from its slot alone, in parallel, and relies on this.
    fn check_one_slot_per_atom(&self, n: usize) {
        let mut placed = vec![false; n];
        for &a in &self.atom_of_slot {
            if a != PADDING {
                assert!(!placed[a as usize], "atom {a} sorted into two slots");
                placed[a as usize] = true;
            }
        }
        assert!(placed.iter().all(|&p| p), "an atom sorted into no slot");
    }

    /// The types present and each cluster's one type ([`TWO_TYPES`] where its real atoms have
    /// two or more): a cluster of one type takes its coefficients per cluster pair.
    fn record_types(&mut self, types: &[u32]) {
        let mut present = vec![false; types.iter().max().map_or(0, |&t| t as usize + 1)];
        for &t in types {
            present[t as usize] = true;
        }
        self.types_present = (0..present.len() as u32)
            .filter(|&t| present[t as usize])
            .collect();
        let clusters = self.atom_of_slot.len() / M;
        self.cluster_types.clear();
        self.cluster_types.extend((0..clusters).map(|c| {
            let mut real = self.atom_of_slot[c * M..(c + 1) * M]
                .iter()
                .filter(|&&a| a != PADDING)
                .map(|&a| types[a as usize]);
            let first = real.next().unwrap_or(0);
            if real.all(|t| t == first) {
                first
            } else {
                TWO_TYPES
            }
        }));
    }

    /// Each slot's type and the image counters of its atom at the build.
    fn record_images(
        &mut self,
        reference: &[[f64; 3]],
        unwrapped: &[[f64; 3]],
        types: &[u32],
        l: f64,
    ) {
        self.images_at_build.clear();
        self.types_of_slot.clear();
        for &a in &self.atom_of_slot {
            if a == PADDING {
                self.images_at_build.push([0; 3]);
                self.types_of_slot.push(types.first().copied().unwrap_or(0));
            } else {
                let (x, u) = (reference[a as usize], unwrapped[a as usize]);
                self.images_at_build
                    .push([0, 1, 2].map(|k| ((u[k] - x[k]) / l).round() as i32));
                self.types_of_slot.push(types[a as usize]);
            }
        }
    }

    /// Bounding boxes of the real atoms of each cluster [σ].
    fn bounding_boxes(&self, reference: &[[f64; 3]]) -> Vec<([f64; 3], [f64; 3])> {
        self.atom_of_slot
            .chunks_exact(M)
            .map(|atoms| {
                let mut lo = [f64::INFINITY; 3];
                let mut hi = [f64::NEG_INFINITY; 3];
                for &a in atoms {
                    if a != PADDING {
                        let x = reference[a as usize];
                        for k in 0..3 {
                            lo[k] = lo[k].min(x[k]);
                            hi[k] = hi[k].max(x[k]);
                        }
                    }
                }
                (lo, hi)
            })
            .collect()
    }
}

/// Bins the atoms into columns about as wide as a cluster is tall (so clusters come out roughly
/// cubic) by a counting sort; returns the columns per side, per_side / L, the atoms by column and
/// where each column starts in that list.
fn bin_columns(reference: &[[f64; 3]], l: f64) -> (usize, f64, Vec<u32>, Vec<u32>) {
    let rho = reference.len().max(1) as f64 / (l * l * l);
    let edge = (M as f64 / rho).cbrt();
    let per_side = ((l / edge).round() as usize).max(1);
    let inv = per_side as f64 / l;
    let bin = |v: f64| ((v * inv) as usize).min(per_side - 1);
    let ncol = per_side * per_side;
    let col_of: Vec<u32> = reference
        .iter()
        .map(|x| (bin(x[0]) + per_side * bin(x[1])) as u32)
        .collect();
    let (start, by_col) = csr::group_by_key(&col_of, ncol);
    (per_side, inv, by_col, start)
}

/// Sorts each column (`by_col[start[c] as usize..start[c + 1] as usize]`) by z, ties by atom index (the order
/// depends on the positions only); returns where each column's clusters start (a column holds
/// its atoms rounded up to whole clusters).
fn sort_columns(reference: &[[f64; 3]], by_col: &mut [u32], start: &[u32]) -> Vec<usize> {
    let ncol = start.len() - 1;
    let mut cluster_start = vec![0usize; ncol + 1];
    for c in 0..ncol {
        let atoms = &mut by_col[start[c] as usize..start[c + 1] as usize];
        atoms.sort_unstable_by(|&a, &b| {
            reference[a as usize][2]
                .total_cmp(&reference[b as usize][2])
                .then(a.cmp(&b))
        });
        cluster_start[c + 1] = cluster_start[c] + atoms.len().div_ceil(M);
    }
    cluster_start
}
