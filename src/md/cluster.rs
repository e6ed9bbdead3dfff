//! Cluster-pair neighbour list and pair-force kernels (clusters of 4 atoms against clusters of 4,
//! in the manner of GROMACS's nbnxm scheme: Páll & Hess, Comput. Phys. Commun. 184, 2641 (2013)).
//!
//! At each list build the atoms are re-sorted in space: binned into columns in x and y, sorted by
//! z inside each column and cut into clusters of [`M`] consecutive atoms (a column is padded to a
//! multiple of `M` with dummy atoms far outside the box). Re-sorting at every build keeps the
//! atoms a kernel touches together in memory, so the speed does not sag as the liquid mixes. The
//! list holds, for every i-cluster, the j-clusters whose bounding boxes come closer than the list
//! radius, each with the periodic shift vector of that image: the kernel never takes a minimum
//! image per pair. A cluster pair is computed as an M×M block of interactions in SIMD lanes
//! without gathers (the j-cluster's coordinates and forces are contiguous), masked by the cut-off.
//!
//! Atoms keep their place in [`super::State`]: the kernel works on a sorted copy of the
//! coordinates, continuous since the build (positions plus image changes times L), and adds the
//! forces back in the state's order.
//!
//! Determinism: the i-clusters are cut into one contiguous range per rayon thread (balanced by
//! cluster-pair count), each range accumulates into its own buffer and the buffers are summed in
//! thread order; within a range every sum has a fixed order. Double precision therefore gives
//! bit-identical forces for the same positions, list and thread count, on every SIMD path.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::cluster_kernel::{self, Input, Real, tile_at};
use super::periodic_box::PeriodicBox;
use super::potential::PairTable;
use super::simd;
use super::team;

/// Atoms per cluster.
pub const M: usize = 4;

/// Arithmetic of the pair kernels.
///
/// Both are reproducible: the same scene, seed and thread count give the same trajectory bit for
/// bit. Mixed is the default because it passes the NVE drift, LJ reference and coefficient tests
/// and is faster on every path (README, "Speed").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Precision {
    /// Everything in f64: the reference, with bit-identical forces on every SIMD path.
    Double,
    /// Pair forces in f32 (coordinates rounded to f32 relative to the box centre), integration,
    /// force accumulation per atom and energies in f64; about twice the SIMD lanes.
    #[default]
    Mixed,
}

impl Precision {
    /// The name used on the command line and in scene files (`double`, `mixed`).
    pub fn name(self) -> &'static str {
        match self {
            Precision::Double => "double",
            Precision::Mixed => "mixed",
        }
    }
}

impl std::str::FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "double" => Ok(Precision::Double),
            "mixed" => Ok(Precision::Mixed),
            _ => Err(format!("unknown precision `{s}`: expected double or mixed")),
        }
    }
}

/// Energy and virial of the pair forces (filled only when requested).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairSums {
    /// Potential energy Σ u(r_ij) [ε_LJ].
    pub energy: f64,
    /// Virial tensor Σ r_ij,a f_ij,b in the order xx, yy, zz, xy, xz, yz [ε_LJ].
    pub virial: [f64; 6],
}

impl PairSums {
    fn add(mut self, o: PairSums) -> PairSums {
        self.energy += o.energy;
        for k in 0..6 {
            self.virial[k] += o.virial[k];
        }
        self
    }
}

/// Index of the zero shift among the 27 shift vectors (s_x, s_y, s_z) ∈ {−1, 0, 1}³.
pub(super) const NO_SHIFT: u32 = 13;
/// Bits of a packed pair that hold the shift index.
pub(super) const SHIFT_BITS: u32 = 5;
/// Cluster type of a cluster whose real atoms are of more than one type.
pub(super) const MIXED: u32 = u32::MAX;

fn shift_index(s: [i32; 3]) -> u32 {
    ((s[0] + 1) + 3 * (s[1] + 1) + 9 * (s[2] + 1)) as u32
}

pub(super) fn shift_of(index: u32) -> [f64; 3] {
    let i = index as i32;
    [
        (i % 3 - 1) as f64,
        ((i / 3) % 3 - 1) as f64,
        (i / 9 - 1) as f64,
    ]
}

/// The cluster-pair list: the sorted order of the atoms and, per i-cluster, its j-clusters.
#[derive(Debug, Clone)]
pub struct ClusterList {
    /// Atom in each slot (slot = M·cluster + k); `u32::MAX` marks a padding slot.
    pub atom_of_slot: Vec<u32>,
    /// Image counters of each slot's atom at the build (so coordinates stay continuous).
    images_at_build: Vec<[i32; 3]>,
    /// Atom type of each slot (0 for padding).
    types_of_slot: Vec<u32>,
    /// The one type of each cluster's real atoms, or [`MIXED`] where they differ.
    cluster_types: Vec<u32>,
    /// `offsets[c]..offsets[c + 1]` indexes the j-clusters of i-cluster c in `pairs`.
    pub offsets: Vec<u32>,
    /// j-cluster index << 5 | shift index (j ≥ i: each pair of atoms appears once).
    pub pairs: Vec<u32>,
    /// Box edge L [σ] at the build.
    length: f64,
    /// Number of real atoms.
    atoms: usize,
    /// Atom types present (sorted), to tell whether one coefficient set serves every pair.
    types_present: Vec<u32>,
    /// Sorted coordinates (f64, continuous since the build) [σ], one array per axis.
    coords: [Vec<f64>; 3],
    /// The coordinates for the double-precision kernel [σ], in the layout of the path that ran
    /// last (see [`super::cluster_kernel::lanes`]: per cluster and axis, a vector register's lanes
    /// on the wide paths, [`M`] on the baseline, lane l holding atom l % M).
    tiles64: Vec<f64>,
    /// The same relative to the box centre in f32 (mixed precision) [σ].
    tiles32: Vec<f32>,
    /// What each thread of a force evaluation writes.
    threads: Vec<ThreadBuffers>,
    /// Dynamic pruning margin δ [σ] (0: no pruning); see [`ClusterList::set_prune_margin`].
    prune_margin: f64,
    /// Whether `inner_offsets` and `inner_pairs` hold a pruned list valid for the current build.
    inner_valid: bool,
    /// The precision the inner list was pruned in (its rounding allowance is that precision's).
    inner_precision: Precision,
    /// The pruned (inner) list, indexed like `offsets` and `pairs`.
    inner_offsets: Vec<u32>,
    /// The cluster pairs of the inner list (a subsequence of `pairs`, in the same order).
    inner_pairs: Vec<u32>,
    /// Sorted f64 coordinates at the last prune [σ] (for the displacement since then).
    prune_coords: [Vec<f64>; 3],
    /// Number of prunes since the list was created.
    prunes: u64,
}

/// What one thread of a force evaluation writes.
#[derive(Debug, Clone, Default)]
struct ThreadBuffers {
    /// The forces on the i-atoms of its range by slot, one array per axis [ε_LJ/σ].
    fi: [Vec<f64>; 3],
    /// The forces on its j-atoms as double-precision tiles [ε_LJ/σ] (empty in mixed precision).
    fj64: Vec<f64>,
    /// The same as single-precision tiles (empty in double precision) [ε_LJ/σ].
    fj32: Vec<f32>,
    /// The inner list of its i-clusters written by the last prune.
    prune: PruneOut,
}

/// The inner list of one thread's range of i-clusters, written while pruning.
#[derive(Debug, Clone, Default)]
pub(super) struct PruneOut {
    /// Kept j-clusters of each i-cluster of the range.
    pub counts: Vec<u32>,
    /// The kept packed pairs, in list order.
    pub kept: Vec<u32>,
}

/// Default dynamic pruning margin δ [σ]: the inner list holds the cluster pairs with an atom pair
/// closer than r_c + δ, and is pruned again from the outer list as soon as any atom has moved
/// more than δ/2 since the last prune. In the standard benchmark (T* = 1.44, Δt = 0.005τ, skin
/// 0.3σ) the fastest atoms move about 0.02σ a step, so 0.15σ prunes every 4–5 steps (and at every
/// list build) and keeps about 57 % of the cluster pairs. On an AMD EPYC Zen 3 (under load) 0.1σ
/// was the fastest of 0.05σ–0.25σ at 4 000 atoms and 0.2σ at 32 000 (about 15 % less CPU time
/// than 0.1σ there); 0.15σ lies between. A margin at or above the skin prunes nothing.
pub const DEFAULT_PRUNE_MARGIN: f64 = 0.15;

impl Default for ClusterList {
    fn default() -> Self {
        ClusterList {
            atom_of_slot: Vec::new(),
            images_at_build: Vec::new(),
            types_of_slot: Vec::new(),
            cluster_types: Vec::new(),
            offsets: Vec::new(),
            pairs: Vec::new(),
            length: 0.0,
            atoms: 0,
            types_present: Vec::new(),
            coords: Default::default(),
            tiles64: Vec::new(),
            tiles32: Vec::new(),
            threads: Vec::new(),
            prune_margin: DEFAULT_PRUNE_MARGIN,
            inner_valid: false,
            inner_precision: Precision::Double,
            inner_offsets: Vec::new(),
            inner_pairs: Vec::new(),
            prune_coords: Default::default(),
            prunes: 0,
        }
    }
}

impl ClusterList {
    /// Sets the dynamic pruning margin δ [σ] (`0`: no pruning, every step runs on the whole
    /// buffered list). Between list builds the kernels run on an inner list: the cluster pairs of
    /// the buffered (outer) list in which some atom pair was closer than r_c + δ (+ a rounding
    /// allowance) at the last prune. While no atom has moved more than δ/2 since that prune, no
    /// pair distance has shrunk by more than δ, so every atom pair now inside r_c is in a cluster
    /// pair of the inner list: the forces are exactly those of the outer list (in double
    /// precision bit for bit, since a pruned cluster pair adds only zeros and the inner list keeps
    /// the outer list's order and thread ranges). The first force evaluation after a move beyond
    /// δ/2 first prunes again (a pass that computes only distances, over the outer list) and then
    /// runs on the new inner list. Negative or non-finite values mean 0.
    pub fn set_prune_margin(&mut self, margin: f64) {
        self.prune_margin = if margin.is_finite() && margin > 0.0 {
            margin
        } else {
            0.0
        };
        self.inner_valid = false;
    }

    /// The dynamic pruning margin δ [σ] (0: no pruning).
    pub fn prune_margin(&self) -> f64 {
        self.prune_margin
    }

    /// Number of cluster pairs in the inner (pruned) list, if one is in use.
    pub fn inner_cluster_pairs(&self) -> Option<usize> {
        self.inner_valid.then_some(self.inner_pairs.len())
    }

    /// Number of prunes since this list was created.
    pub fn prunes(&self) -> u64 {
        self.prunes
    }

    /// Whether the list was built for `atoms` atoms (false after [`ClusterList::clear`]).
    pub fn is_built_for(&self, atoms: usize) -> bool {
        !self.offsets.is_empty() && self.atoms == atoms
    }

    /// Forgets the list, so the next force evaluation rebuilds it.
    pub fn clear(&mut self) {
        self.offsets.clear();
        self.inner_valid = false;
    }

    /// Number of clusters (padding included).
    pub fn clusters(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of cluster pairs in the list.
    pub fn cluster_pairs(&self) -> usize {
        self.pairs.len()
    }

    /// Heap bytes held by the list and its buffers.
    pub fn heap_bytes(&self) -> usize {
        let slots = self.atom_of_slot.capacity();
        slots * (4 + 12 + 4 + 3 * 8)
            + 8 * self.tiles64.capacity()
            + 4 * self.tiles32.capacity()
            + 4 * (self.offsets.capacity() + self.pairs.capacity())
            + 4 * (self.inner_offsets.capacity() + self.inner_pairs.capacity())
            + 24 * self.prune_coords[0].capacity()
            + self
                .threads
                .iter()
                .map(|t| {
                    24 * t.fi[0].capacity()
                        + 8 * t.fj64.capacity()
                        + 4 * t.fj32.capacity()
                        + 4 * (t.prune.counts.capacity() + t.prune.kept.capacity())
                })
                .sum::<usize>()
    }

    /// Builds the list from wrapped positions `reference` and their unwrapped twins (from which
    /// the image counters at the build follow), with list radius `list_radius` = r_c + skin [σ].
    /// Requires `list_radius ≤ L/2`.
    pub fn build(
        &mut self,
        reference: &[[f64; 3]],
        reference_unwrapped: &[[f64; 3]],
        types: &[u32],
        b: &PeriodicBox,
        list_radius: f64,
    ) {
        let n = reference.len();
        let l = b.length();
        self.length = l;
        self.atoms = n;
        let rho = n.max(1) as f64 / (l * l * l);
        // Columns about as wide as a cluster is tall: clusters come out roughly cubic.
        let edge = (M as f64 / rho).cbrt();
        let per_side = ((l / edge).round() as usize).max(1);
        let inv = per_side as f64 / l;
        let bin = |v: f64| ((v * inv) as usize).min(per_side - 1);
        let ncol = per_side * per_side;
        let col_of: Vec<u32> = reference
            .iter()
            .map(|x| (bin(x[0]) + per_side * bin(x[1])) as u32)
            .collect();
        let mut start = vec![0usize; ncol + 1];
        for &c in &col_of {
            start[c as usize + 1] += 1;
        }
        for c in 0..ncol {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut by_col = vec![0u32; n];
        for (i, &c) in col_of.iter().enumerate() {
            by_col[fill[c as usize]] = i as u32;
            fill[c as usize] += 1;
        }
        // Sort each column by z (ties by atom index: the order depends on the positions only).
        let mut cluster_start = vec![0usize; ncol + 1];
        for c in 0..ncol {
            let atoms = &mut by_col[start[c]..start[c + 1]];
            atoms.sort_unstable_by(|&a, &b| {
                reference[a as usize][2]
                    .total_cmp(&reference[b as usize][2])
                    .then(a.cmp(&b))
            });
            cluster_start[c + 1] = cluster_start[c] + atoms.len().div_ceil(M);
        }
        let nclusters = cluster_start[ncol];
        let slots = nclusters * M;
        self.atom_of_slot.clear();
        self.atom_of_slot.resize(slots, u32::MAX);
        for c in 0..ncol {
            let base = cluster_start[c] * M;
            for (k, &a) in by_col[start[c]..start[c + 1]].iter().enumerate() {
                self.atom_of_slot[base + k] = a;
            }
        }
        let mut present = vec![false; types.iter().max().map_or(0, |&t| t as usize + 1)];
        for &t in types {
            present[t as usize] = true;
        }
        self.types_present = (0..present.len() as u32)
            .filter(|&t| present[t as usize])
            .collect();
        // Every atom in exactly one slot, as the counting sort above places them: the force sum
        // writes each atom's force from its slot alone, in parallel, and relies on this.
        let mut placed = vec![false; n];
        for &a in &self.atom_of_slot {
            if a != u32::MAX {
                assert!(!placed[a as usize], "atom {a} sorted into two slots");
                placed[a as usize] = true;
            }
        }
        assert!(placed.iter().all(|&p| p), "an atom sorted into no slot");
        self.images_at_build.clear();
        self.types_of_slot.clear();
        for &a in &self.atom_of_slot {
            if a == u32::MAX {
                self.images_at_build.push([0; 3]);
                self.types_of_slot.push(types.first().copied().unwrap_or(0));
            } else {
                let (x, u) = (reference[a as usize], reference_unwrapped[a as usize]);
                self.images_at_build
                    .push([0, 1, 2].map(|k| ((u[k] - x[k]) / l).round() as i32));
                self.types_of_slot.push(types[a as usize]);
            }
        }
        // A cluster whose real atoms share one type takes its coefficients per cluster pair.
        self.cluster_types.clear();
        self.cluster_types.extend((0..nclusters).map(|c| {
            let mut real = self.atom_of_slot[c * M..(c + 1) * M]
                .iter()
                .filter(|&&a| a != u32::MAX)
                .map(|&a| types[a as usize]);
            let first = real.next().unwrap_or(0);
            if real.all(|t| t == first) {
                first
            } else {
                MIXED
            }
        }));
        // Bounding boxes of the real atoms of each cluster.
        let bbox: Vec<([f64; 3], [f64; 3])> = (0..nclusters)
            .map(|c| {
                let mut lo = [f64::INFINITY; 3];
                let mut hi = [f64::NEG_INFINITY; 3];
                for &a in &self.atom_of_slot[c * M..(c + 1) * M] {
                    if a != u32::MAX {
                        let x = reference[a as usize];
                        for k in 0..3 {
                            lo[k] = lo[k].min(x[k]);
                            hi[k] = hi[k].max(x[k]);
                        }
                    }
                }
                (lo, hi)
            })
            .collect();
        let column_of_cluster: Vec<usize> = (0..ncol)
            .flat_map(|c| std::iter::repeat_n(c, cluster_start[c + 1] - cluster_start[c]))
            .collect();
        let reach = (list_radius * inv).ceil() as isize;
        let r2max = list_radius * list_radius;
        let p = per_side as isize;
        const CHUNK: usize = 64;
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = (0..nclusters.div_ceil(CHUNK))
            .into_par_iter()
            .map(|chunk| {
                let mut counts = Vec::with_capacity(CHUNK);
                let mut out = Vec::with_capacity(CHUNK * 64);
                // Per neighbour column (dx, dy) and z image: where the window of candidates
                // starts and ends (indices into the column). Both ends only move up while the
                // i-clusters climb their column, so they advance from the last i-cluster's.
                let side = (2 * reach + 1) as usize;
                let mut cursors = vec![[(0usize, 0usize); 3]; side * side];
                let mut cursor_column = usize::MAX;
                let mut gaps_x = vec![0.0f64; side];
                for ci in chunk * CHUNK..((chunk + 1) * CHUNK).min(nclusters) {
                    let before = out.len();
                    if column_of_cluster[ci] != cursor_column {
                        cursor_column = column_of_cluster[ci];
                        cursors.fill([(0, 0); 3]);
                    }
                    let col = column_of_cluster[ci] as isize;
                    let (cx, cy) = (col % p, col / p);
                    let (lo_i, hi_i) = bbox[ci];
                    // The extent in x (k = 0) or y (k = 1) of column j (a shifted image when j
                    // is outside 0..p) bounds every distance to its clusters from below.
                    let gap = |j: isize, k: usize| {
                        // (Widened by 10⁻⁹·L against rounding in the binning.)
                        let (lo, hi) = (j as f64 / inv - 1e-9 * l, (j + 1) as f64 / inv + 1e-9 * l);
                        max(max(lo - hi_i[k], lo_i[k] - hi), 0.0)
                    };
                    for (d, g) in gaps_x.iter_mut().enumerate() {
                        *g = gap(cx + d as isize - reach, 0);
                    }
                    for dy in -reach..=reach {
                        let jy = cy + dy;
                        let sy = jy.div_euclid(p);
                        if sy.abs() > 1 {
                            continue;
                        }
                        let gy = gap(jy, 1);
                        // (Every column of this row is then out of reach too.)
                        if gy * gy >= r2max {
                            continue;
                        }
                        for dx in -reach..=reach {
                            let jx = cx + dx;
                            let sx = jx.div_euclid(p);
                            if sx.abs() > 1 {
                                continue;
                            }
                            let jc = (jx.rem_euclid(p) + p * jy.rem_euclid(p)) as usize;
                            // Only j ≥ i: a column wholly before the i-cluster has no partner.
                            if cluster_start[jc + 1] <= ci {
                                continue;
                            }
                            let gx = gaps_x[(dx + reach) as usize];
                            if gx * gx + gy * gy >= r2max {
                                continue;
                            }
                            let column = cluster_start[jc]..cluster_start[jc + 1];
                            let boxes = &bbox[column.clone()];
                            // Images below or above reach only clusters near that face (every
                            // atom lies in [0, L)).
                            let images = [lo_i[2] < list_radius, true, hi_i[2] > l - list_radius];
                            // Clusters of a column are sorted in z (lower and upper bounds both
                            // ascend): per image only a window of them can be within reach.
                            let (mut from, mut to) = (column.end, column.start);
                            let window =
                                &mut cursors[(dy + reach) as usize * side + (dx + reach) as usize];
                            for sz in -1..=1isize {
                                if !images[(sz + 1) as usize] {
                                    continue;
                                }
                                let sh = sz as f64 * l;
                                let (a, b) = &mut window[(sz + 1) as usize];
                                while *a < boxes.len()
                                    && boxes[*a].1[2] + sh <= lo_i[2] - list_radius
                                {
                                    *a += 1;
                                }
                                while *b < boxes.len()
                                    && boxes[*b].0[2] + sh < hi_i[2] + list_radius
                                {
                                    *b += 1;
                                }
                                let (a, b) = (*a, *b);
                                if a < b {
                                    from = from.min(column.start + a);
                                    to = to.max(column.start + b);
                                }
                            }
                            // The same candidates in the same order as a scan of the whole
                            // column: the list, hence the summation order, does not change.
                            // Bounding-box distances: x and y once per candidate, z per image.
                            let gap_of = |k: usize, sh: f64, (lo_j, hi_j): ([f64; 3], [f64; 3])| {
                                max(max(lo_j[k] + sh - hi_i[k], lo_i[k] - hi_j[k] - sh), 0.0)
                            };
                            let (shx, shy) = (sx as f64 * l, sy as f64 * l);
                            for cj in from.max(ci)..to {
                                let (dx, dy) = (gap_of(0, shx, bbox[cj]), gap_of(1, shy, bbox[cj]));
                                let dxy2 = dx * dx + dy * dy;
                                if dxy2 >= r2max {
                                    continue;
                                }
                                for sz in -1..=1 {
                                    if !images[(sz + 1) as usize] {
                                        continue;
                                    }
                                    let s = [sx as i32, sy as i32, sz];
                                    // A cluster with its own periodic image: once, not twice.
                                    if cj == ci && s != [0, 0, 0] && s < [0, 0, 0] {
                                        continue;
                                    }
                                    let dz = gap_of(2, sz as f64 * l, bbox[cj]);
                                    if dxy2 + dz * dz < r2max {
                                        out.push((cj as u32) << SHIFT_BITS | shift_index(s));
                                    }
                                }
                            }
                        }
                    }
                    counts.push((out.len() - before) as u32);
                }
                (counts, out)
            })
            .collect();
        self.offsets.clear();
        self.offsets.reserve(nclusters + 1);
        self.offsets.push(0);
        self.pairs.clear();
        let mut total = 0u32;
        for (counts, list) in chunks {
            for c in counts {
                total += c;
                self.offsets.push(total);
            }
            self.pairs.extend_from_slice(&list);
        }
        self.inner_valid = false;
    }

    /// Fills the sorted coordinates from the current wrapped `positions` and image counters, and
    /// the kernel's copy in the layout of path `isa`;
    /// returns the largest squared displacement since the last prune [σ²] (0 without a valid
    /// inner list).
    fn gather(
        &mut self,
        positions: &[[f64; 3]],
        images: &[[i32; 3]],
        mixed: bool,
        isa: simd::Isa,
    ) -> f64 {
        let l = self.length;
        let slots = self.atom_of_slot.len();
        let half = 0.5 * l;
        for k in 0..3 {
            self.coords[k].resize(slots, 0.0);
        }
        let input = GatherInput {
            positions,
            images,
            atom_of_slot: &self.atom_of_slot,
            images_at_build: &self.images_at_build,
            prune: self.inner_valid.then_some(&self.prune_coords),
            length: l,
        };
        // The kernel's tiles hold the coordinates relative to the box centre in mixed precision
        // (f32 keeps most digits near 0), unchanged in double.
        if mixed {
            let t = cluster_kernel::lanes::<f32>(isa).coords;
            self.tiles32.resize(slots / M * 3 * t, 0.0);
            gather_into(&input, &mut self.coords, &mut self.tiles32, t, half)
        } else {
            let t = cluster_kernel::lanes::<f64>(isa).coords;
            self.tiles64.resize(slots / M * 3 * t, 0.0);
            gather_into(&input, &mut self.coords, &mut self.tiles64, t, 0.0)
        }
    }

    /// Computes the pair forces into `forces` (overwritten, the state's atom order) on the path
    /// [`simd::active`]. With `EV = true` also returns the energy and virial.
    #[allow(clippy::too_many_arguments)]
    pub fn forces<const EV: bool>(
        &mut self,
        positions: &[[f64; 3]],
        images: &[[i32; 3]],
        table: &PairTable,
        precision: Precision,
        forces: &mut [[f64; 3]],
    ) -> PairSums {
        let mixed = precision == Precision::Mixed;
        let isa = simd::active();
        let moved2 = self.gather(positions, images, mixed, isa);
        let margin = self.prune_margin;
        let prune = margin > 0.0
            && (!self.inner_valid
                || self.inner_precision != precision
                || moved2 > 0.25 * margin * margin);
        // Rounding allowance of the prune test: the kernels' r² carries errors of a few units in
        // the last place of coordinates up to L in size (f32: 2⁻²⁴·L ≈ 6·10⁻⁸·L per coordinate,
        // below 10⁻⁶·L + 10⁻⁶σ in r at prune and at use together; f64: 10⁹ times less); the
        // allowance is ten times that.
        let allowance = if mixed {
            1e-5 * (self.length + 1.0)
        } else {
            1e-12 * (self.length + 1.0)
        };
        let prune_radius = table.max_cutoff() + margin + allowance;
        let nclusters = self.clusters();
        let threads = if nclusters < 128 {
            1
        } else {
            rayon::current_num_threads()
        };
        let slots = self.atom_of_slot.len();
        self.threads.resize_with(threads, Default::default);
        // Thread ranges balanced on the outer list whichever list runs, so that the summation
        // order, hence the double-precision forces, does not depend on when the list was pruned.
        let total = self.pairs.len() as u64;
        let mut bounds = vec![0usize; threads + 1];
        for (t, bound) in bounds.iter_mut().enumerate().take(threads).skip(1) {
            let target = (total * t as u64 / threads as u64) as u32;
            *bound = self.offsets.partition_point(|&o| o < target).min(nclusters);
        }
        bounds[threads] = nclusters;
        // One coefficient set for every pair of the types present (padding has a present type).
        let first = self.types_present.first().map_or(0, |&t| t as usize);
        let uniform = self.types_present.iter().all(|&ti| {
            self.types_present
                .iter()
                .all(|&tj| table.get(ti as usize, tj as usize) == table.get(first, first))
        });
        let (tiles64, tiles32) = (&self.tiles64, &self.tiles32);
        let bounds = &bounds;
        let input = |offsets, pairs| Input {
            offsets,
            pairs,
            prune_radius2: prune_radius * prune_radius,
            types: &self.types_of_slot,
            cluster_types: &self.cluster_types,
            table,
            length: self.length,
            uniform,
            first: first as u32,
        };
        if prune {
            // A distance-only pass over the outer list writes the inner one, per thread range.
            let outer = input(&self.offsets, &self.pairs);
            let run = |t: usize, tb: &mut ThreadBuffers| {
                let (lo, hi, out) = (bounds[t], bounds[t + 1], &mut tb.prune);
                out.counts.clear();
                out.kept.clear();
                if mixed {
                    f32::prune(isa, lo, hi, &outer, tiles32, out);
                } else {
                    f64::prune(isa, lo, hi, &outer, tiles64, out);
                }
            };
            team::run_parts(&mut self.threads[..threads], run);
            self.inner_offsets.clear();
            self.inner_offsets.push(0);
            self.inner_pairs.clear();
            let mut total = 0u32;
            for tb in &self.threads[..threads] {
                for &c in &tb.prune.counts {
                    total += c;
                    self.inner_offsets.push(total);
                }
                self.inner_pairs.extend_from_slice(&tb.prune.kept);
            }
            for k in 0..3 {
                self.prune_coords[k].clone_from(&self.coords[k]);
            }
            self.inner_valid = true;
            self.inner_precision = precision;
            self.prunes += 1;
        }
        let list = if margin > 0.0 {
            input(&self.inner_offsets, &self.inner_pairs)
        } else {
            input(&self.offsets, &self.pairs)
        };
        let run = |t: usize, tb: &mut ThreadBuffers| {
            let range = Range {
                isa,
                lo: bounds[t],
                hi: bounds[t + 1],
                clusters: nclusters,
            };
            // (The kernel sets, not adds, the forces of the i-atoms of its range.)
            for b in tb.fi.iter_mut() {
                b.resize(slots, 0.0);
            }
            if mixed {
                tb.fj64 = Vec::new();
                run_range::<f32, EV>(&range, &list, tiles32, &mut tb.fi, &mut tb.fj32)
            } else {
                tb.fj32 = Vec::new();
                run_range::<f64, EV>(&range, &list, tiles64, &mut tb.fi, &mut tb.fj64)
            }
        };
        let sums = team::run_parts(&mut self.threads[..threads], run);
        // Per slot, each thread's part (its i-atom sum, then the lanes of its force tile) in
        // thread order, cluster by cluster so that the tiles are read in order, written straight
        // to the slot's atom.
        let per_thread = &self.threads[..threads];
        let out = AtomForces::new(forces, self.atoms);
        let atom_of_slot = &self.atom_of_slot;
        if mixed {
            let t = cluster_kernel::lanes::<f32>(isa).forces;
            sum_forces(&out, atom_of_slot, per_thread, bounds, t, |tb| &tb.fj32);
        } else {
            let t = cluster_kernel::lanes::<f64>(isa).forces;
            sum_forces(&out, atom_of_slot, per_thread, bounds, t, |tb| &tb.fj64);
        }
        sums.into_iter().fold(PairSums::default(), PairSums::add)
    }
}

/// One thread's part of a force evaluation.
struct Range {
    isa: simd::Isa,
    /// Its i-clusters are lo..hi.
    lo: usize,
    hi: usize,
    /// Number of clusters.
    clusters: usize,
}

/// Clears the force tiles `fj` of the j-clusters the range can reach (lo on: j ≥ i) and runs the
/// kernel on its i-clusters.
fn run_range<R: Real, const EV: bool>(
    range: &Range,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut Vec<R>,
) -> PairSums {
    let Range { isa, lo, hi, .. } = *range;
    let t = cluster_kernel::lanes::<R>(isa).forces;
    fj.resize(range.clusters * 3 * t, R::ZERO);
    fj[tile_at(lo, 0, t)..].fill(R::ZERO);
    R::dispatch::<EV>(isa, lo, hi, input, x, fi, fj)
}

/// Clusters per task of the per-cluster passes (the gather, the force sum): small enough that a
/// few thousand atoms still split across threads.
const CLUSTERS: usize = 128;

/// The larger of two finite numbers (without `f64::max`'s handling of NaN, which the list search
/// never sees: every coordinate is finite).
#[inline(always)]
fn max(a: f64, b: f64) -> f64 {
    if a > b { a } else { b }
}

/// The state's forces [ε_LJ/σ] (in the state's atom order) as the tasks of [`sum_forces`] write
/// them: each task writes the atoms of its own slots, and [`ClusterList::build`] checks that no
/// atom has two slots, so no two tasks write the same atom and none reads one.
struct AtomForces<'a> {
    first: *mut [f64; 3],
    len: usize,
    _forces: std::marker::PhantomData<&'a mut [[f64; 3]]>,
}

// SAFETY: shared between the tasks of one force sum, which write disjoint atoms (see above).
unsafe impl Sync for AtomForces<'_> {}

impl<'a> AtomForces<'a> {
    /// The forces of the first `atoms` atoms of `forces` (panics if there are fewer).
    fn new(forces: &'a mut [[f64; 3]], atoms: usize) -> Self {
        let forces = &mut forces[..atoms];
        AtomForces {
            first: forces.as_mut_ptr(),
            len: forces.len(),
            _forces: std::marker::PhantomData,
        }
    }

    /// Sets the force on `atom`, which only the calling task writes (the slot it comes from is
    /// the task's own and the atom's only slot).
    fn set(&self, atom: usize, force: [f64; 3]) {
        assert!(atom < self.len, "atom {atom} of {}", self.len);
        // SAFETY: in bounds (just checked); no other task writes or reads this atom during the
        // sum, and the borrow of the forces lasts as long as `self`.
        unsafe { self.first.add(atom).write(force) }
    }
}

/// Sums each slot's force [ε_LJ/σ] from every thread's part, its i-atom sum, then the lanes of
/// its force tile (`tiles` of the thread, `lanes` lanes per cluster and axis) `M` lanes at a time,
/// in thread order, so the sum does not depend on how the clusters are split into tasks; writes it
/// to the slot's atom in `out`.
fn sum_forces<R: Real>(
    out: &AtomForces,
    atom_of_slot: &[u32],
    per_thread: &[ThreadBuffers],
    bounds: &[usize],
    lanes: usize,
    tiles: impl Fn(&ThreadBuffers) -> &[R] + Sync,
) {
    atom_of_slot
        .par_chunks(CLUSTERS * M)
        .enumerate()
        .for_each(|(chunk, atoms)| {
            for (cc, atoms) in atoms.chunks_exact(M).enumerate() {
                let c = chunk * CLUSTERS + cc;
                // f[a][k]: axis a of slot M·c + k.
                let mut f = [[0.0f64; M]; 3];
                for (t, tb) in per_thread.iter().enumerate() {
                    if c < bounds[t] {
                        continue;
                    }
                    let own = c < bounds[t + 1];
                    let fj = tiles(tb);
                    for (a, fa) in f.iter_mut().enumerate() {
                        if own {
                            let fi = &tb.fi[a][c * M..(c + 1) * M];
                            for k in 0..M {
                                fa[k] += fi[k];
                            }
                        }
                        let at = tile_at(c, a, lanes);
                        for q in 0..lanes / M {
                            for k in 0..M {
                                fa[k] += fj[at + q * M + k].wide();
                            }
                        }
                    }
                }
                for (k, &atom) in atoms.iter().enumerate() {
                    if atom != u32::MAX {
                        out.set(atom as usize, [f[0][k], f[1][k], f[2][k]]);
                    }
                }
            }
        });
}

/// log₂ of the edge of the cube of padding sites for `slots` slots: the smallest power of two n
/// with n³ ≥ slots.
fn padding_bits(slots: usize) -> u32 {
    let mut bits = 0;
    while 1usize << (3 * bits) < slots {
        bits += 1;
    }
    bits
}

/// Position [σ] of padding slot `slot` in a box of edge `l` [σ]: a site of a cubic grid of
/// spacing L and edge 2^`bits` sites (one site per slot) that starts 2L + 100σ beyond the box.
/// Padding is thus farther from every atom and from every other padding than any cut-off
/// (r_c < L/2), yet near enough that the single-precision kernels' products never underflow: a
/// padding lane a million σ away (one place per slot along a line, until 4 December) gave f32
/// forces of ~10⁻⁴⁷, and each such lane a slow microcode assist on x86 (32 000 atoms, scalar
/// and avx2 paths: 15–25 % of the run time once the liquid had mixed).
#[inline(always)]
fn padding_position(slot: usize, bits: u32, l: f64) -> [f64; 3] {
    let mask = (1 << bits) - 1;
    let site = [slot & mask, (slot >> bits) & mask, slot >> (2 * bits)];
    site.map(|s| 3.0 * l + 100.0 + l * s as f64)
}

/// What [`gather_into`] reads.
struct GatherInput<'a> {
    positions: &'a [[f64; 3]],
    images: &'a [[i32; 3]],
    atom_of_slot: &'a [u32],
    images_at_build: &'a [[i32; 3]],
    /// The sorted coordinates at the last prune, when the inner list is valid [σ].
    prune: Option<&'a [Vec<f64>; 3]>,
    /// Box edge L [σ].
    length: f64,
}

/// Fills the sorted coordinates `coords` (f64, continuous since the build) and the kernel's tiles
/// of them (`t` lanes per cluster and axis, minus `offset`, in the kernel's precision) in one
/// parallel pass over the clusters;
/// returns the largest squared displacement since the last prune [σ²] (0 without one). Every
/// value is independent of the others and the maximum is the same in any order, so the result
/// does not depend on the number of threads.
fn gather_into<R: Real>(
    input: &GatherInput,
    coords: &mut [Vec<f64>; 3],
    tiles: &mut [R],
    t: usize,
    offset: f64,
) -> f64 {
    let l = input.length;
    let bits = padding_bits(input.atom_of_slot.len());
    let [xs, ys, zs] = coords;
    xs.par_chunks_mut(CLUSTERS * M)
        .zip(ys.par_chunks_mut(CLUSTERS * M))
        .zip(zs.par_chunks_mut(CLUSTERS * M))
        .zip(tiles.par_chunks_mut(CLUSTERS * 3 * t))
        .enumerate()
        .map(|(chunk, (((xs, ys), zs), tiles))| {
            let mut moved2 = 0.0f64;
            for (c, tile) in tiles.chunks_exact_mut(3 * t).enumerate() {
                let first = (chunk * CLUSTERS + c) * M;
                let slots = first..first + M;
                let (atoms, built) = (
                    &input.atom_of_slot[slots.clone()],
                    &input.images_at_build[slots],
                );
                // p[a][k]: axis a of the cluster's atom k.
                let mut p = [[0.0f64; M]; 3];
                for k in 0..M {
                    let a = atoms[k] as usize;
                    if a == u32::MAX as usize {
                        let q = padding_position(first + k, bits, l);
                        (p[0][k], p[1][k], p[2][k]) = (q[0], q[1], q[2]);
                    } else {
                        let (x, n) = (input.positions[a], input.images[a]);
                        for ax in 0..3 {
                            p[ax][k] = x[ax] + (n[ax] - built[k][ax]) as f64 * l;
                        }
                    }
                }
                if let Some(prune) = input.prune {
                    for k in 0..M {
                        let mut d2 = 0.0;
                        for ax in 0..3 {
                            let d = p[ax][k] - prune[ax][first + k];
                            d2 += d * d;
                        }
                        moved2 = moved2.max(d2);
                    }
                }
                // Lane l of cluster c's tile holds atom l % M of the cluster.
                for (ax, out) in [&mut *xs, &mut *ys, &mut *zs].into_iter().enumerate() {
                    out[c * M..(c + 1) * M].copy_from_slice(&p[ax]);
                    let lanes: [R; M] = std::array::from_fn(|k| R::of(p[ax][k] - offset));
                    for q in tile[ax * t..(ax + 1) * t].chunks_exact_mut(M) {
                        q.copy_from_slice(&lanes);
                    }
                }
            }
            moved2
        })
        .reduce(|| 0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::md::neighbor_list::VerletList;
    use crate::md::pair_forces::{ForceScratch, pair_forces};
    use crate::md::potential::{LennardJones, PairInteraction};
    use crate::md::simd::Isa;
    use rand::{RngExt, SeedableRng};

    /// Tests that force a path hold this, so they do not switch each other's path mid-test.
    static FORCING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn lj(epsilon: f64, sigma: f64, cutoff: f64) -> PairInteraction {
        PairInteraction::LennardJones(LennardJones {
            epsilon,
            sigma,
            cutoff,
            shift: true,
        })
    }

    /// A jittered fcc liquid of `cells`³·4 atoms at ρ = 0.8442, its list built, then every atom
    /// moved by up to 0.14σ (less than half the 0.3σ skin) and wrapped, some across the box.
    struct Fixture {
        b: PeriodicBox,
        x: Vec<[f64; 3]>,
        images: Vec<[i32; 3]>,
        types: Vec<u32>,
        list: ClusterList,
    }

    fn fixture(cells: usize, table: &PairTable, two_types: bool) -> Fixture {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 4 * cells * cells * cells;
        let l = (n as f64 / 0.8442).cbrt();
        let b = PeriodicBox::new(l);
        let a = l / cells as f64;
        let basis = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.0],
            [0.5, 0.0, 0.5],
            [0.0, 0.5, 0.5],
        ];
        let mut x = Vec::with_capacity(n);
        for c in 0..cells * cells * cells {
            let cell = [c % cells, (c / cells) % cells, c / (cells * cells)];
            for s in basis {
                let mut p = [0, 1, 2]
                    .map(|k| (cell[k] as f64 + s[k]) * a + 0.2 * (rng.random::<f64>() - 0.5));
                b.wrap(&mut p);
                x.push(p);
            }
        }
        let mut images: Vec<[i32; 3]> = (0..n)
            .map(|_| [0, 1, 2].map(|_| rng.random_range(-2..=2)))
            .collect();
        let unwrapped: Vec<[f64; 3]> = x
            .iter()
            .zip(&images)
            .map(|(p, &m)| b.unwrap(*p, m))
            .collect();
        // Two types: a slab of type 1 (clusters of one type, each type pair) and type 1 scattered
        // elsewhere (clusters of both types).
        let types: Vec<u32> = (0..n)
            .map(|i| u32::from(two_types && (i % 7 == 0 || x[i][0] < l / 4.0)))
            .collect();
        let mut list = ClusterList::default();
        list.build(&x, &unwrapped, &types, &b, table.max_cutoff() + 0.3);
        for (p, m) in x.iter_mut().zip(&mut images) {
            for k in 0..3 {
                p[k] += 0.14 / 3f64.sqrt() * (2.0 * rng.random::<f64>() - 1.0);
            }
            let moved = b.wrap(p);
            for k in 0..3 {
                m[k] += moved[k];
            }
        }
        Fixture {
            b,
            x,
            images,
            types,
            list,
        }
    }

    fn reference(f: &Fixture, table: &PairTable) -> (Vec<[f64; 3]>, PairSums) {
        let mut verlet = VerletList::default();
        verlet.build(&f.x, &f.x, &f.b, table.max_cutoff() + 0.01);
        let mut out = vec![[0.0; 3]; f.x.len()];
        let sums = pair_forces::<true>(
            &f.x,
            &f.types,
            &verlet,
            table,
            &f.b,
            &mut out,
            &mut ForceScratch::default(),
        );
        (out, sums)
    }

    fn run(f: &mut Fixture, table: &PairTable, p: Precision) -> (Vec<[f64; 3]>, PairSums) {
        let mut out = vec![[0.0; 3]; f.x.len()];
        let sums = f.list.forces::<true>(&f.x, &f.images, table, p, &mut out);
        (out, sums)
    }

    /// Largest force difference relative to the largest force; energy and virial differences
    /// relative to their size.
    fn worst(a: &(Vec<[f64; 3]>, PairSums), b: &(Vec<[f64; 3]>, PairSums)) -> (f64, f64) {
        let scale = a.0.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
        let df =
            a.0.iter()
                .flatten()
                .zip(b.0.iter().flatten())
                .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()));
        let mut ds = ((a.1.energy - b.1.energy) / a.1.energy).abs();
        let vscale = a.1.virial.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for k in 0..6 {
            ds = ds.max((a.1.virial[k] - b.1.virial[k]).abs() / vscale);
        }
        (df / scale, ds)
    }

    fn tables() -> Vec<(PairTable, bool)> {
        let one = lj(1.0, 1.0, 2.5);
        // Two types with different ε, σ and cut-offs, and a type pair without interaction.
        let two = vec![
            vec![one, lj(0.7, 1.2, 2.2)],
            vec![lj(0.7, 1.2, 2.2), PairInteraction::None],
        ];
        vec![
            (PairTable::new(&[vec![one]]), false),
            (PairTable::new(&two), true),
        ]
    }

    #[test]
    fn double_precision_matches_the_per_atom_reference_to_round_off() {
        for (table, two) in tables() {
            for cells in [3, 5] {
                let mut f = fixture(cells, &table, two);
                let want = reference(&f, &table);
                let got = run(&mut f, &table, Precision::Double);
                let (df, ds) = worst(&want, &got);
                // Different summation orders of a few hundred terms of either sign: ~1e-13.
                assert!(
                    df < 1e-11 && ds < 1e-11,
                    "{cells} cells, two types {two}: {df:e} {ds:e}"
                );
            }
        }
    }

    #[test]
    fn mixed_precision_matches_the_reference_to_single_precision() {
        for (table, two) in tables() {
            let mut f = fixture(5, &table, two);
            let want = reference(&f, &table);
            let got = run(&mut f, &table, Precision::Mixed);
            let (df, ds) = worst(&want, &got);
            // f32 has a 6e-8 relative rounding; coordinates near L/2 ≈ 4σ lose ~5e-7σ, which
            // the r⁻¹⁴ force near contact amplifies ~14-fold: well under 1e-4 of the largest force.
            assert!(df < 1e-4 && ds < 1e-4, "two types {two}: {df:e} {ds:e}");
            assert!(
                df > 0.0,
                "mixed precision gave the double-precision forces exactly"
            );
        }
    }

    #[test]
    fn every_available_path_gives_bit_identical_double_forces() {
        for (table, two) in tables() {
            let mut f = fixture(5, &table, two);
            let _hold = FORCING.lock().unwrap_or_else(|e| e.into_inner());
            simd::force(Some(Isa::Scalar)).unwrap();
            let base = run(&mut f, &table, Precision::Double);
            let base_mixed = run(&mut f, &table, Precision::Mixed);
            for isa in Isa::available() {
                simd::force(Some(isa)).unwrap();
                let got = run(&mut f, &table, Precision::Double);
                assert!(got == base, "{isa} differs from scalar in double precision");
                let mixed = run(&mut f, &table, Precision::Mixed);
                let (df, ds) = worst(&base_mixed, &mixed);
                // The same f32 operations in the same order: identical too, unless a path
                // rounds differently (it must not), so hold it to round-off of f32.
                assert!(df < 1e-5 && ds < 1e-5, "{isa} mixed: {df:e} {ds:e}");
            }
            simd::force(None).unwrap();
        }
    }

    #[test]
    fn every_available_path_prunes_to_the_same_inner_list() {
        // The prune passes (the tile kernel's on AVX2 and AVX-512, the row kernel's on the
        // baseline) compute each lane's r² with the same operations, so they must keep the same
        // cluster pairs, in the same order, in both precisions.
        let _hold = FORCING.lock().unwrap_or_else(|e| e.into_inner());
        for (table, two) in tables() {
            for precision in [Precision::Double, Precision::Mixed] {
                let mut lists = Vec::new();
                for isa in Isa::available() {
                    simd::force(Some(isa)).unwrap();
                    let mut f = fixture(6, &table, two);
                    f.list.set_prune_margin(0.1);
                    run(&mut f, &table, precision);
                    assert_eq!(f.list.prunes(), 1);
                    // (A prune that kept everything would compare nothing.)
                    let outer = f.list.cluster_pairs();
                    assert!(f.list.inner_pairs.len() < outer * 3 / 4);
                    lists.push((isa, f.list.inner_offsets, f.list.inner_pairs));
                }
                simd::force(None).unwrap();
                let (_, offsets, pairs) = &lists[0];
                for (isa, o, p) in &lists[1..] {
                    assert!(
                        o == offsets && p == pairs,
                        "{isa} kept other cluster pairs than {} ({precision:?}, two types {two})",
                        lists[0].0
                    );
                }
            }
        }
    }

    /// Moves every atom by `length` [σ] in a random direction, wrapping and counting images.
    fn shake(f: &mut Fixture, length: f64, seed: u64) {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        for (p, m) in f.x.iter_mut().zip(&mut f.images) {
            let v: [f64; 3] = std::array::from_fn(|_| rng.random::<f64>() * 2.0 - 1.0);
            let norm = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-12);
            for k in 0..3 {
                p[k] += length * v[k] / norm;
            }
            let moved = f.b.wrap(p);
            for k in 0..3 {
                m[k] += moved[k];
            }
        }
    }

    /// The unpruned forces of the fixture's list at its current positions.
    fn unpruned(f: &Fixture, table: &PairTable, p: Precision) -> (Vec<[f64; 3]>, PairSums) {
        let mut list = f.list.clone();
        list.set_prune_margin(0.0);
        let mut out = vec![[0.0; 3]; f.x.len()];
        let sums = list.forces::<true>(&f.x, &f.images, table, p, &mut out);
        (out, sums)
    }

    #[test]
    fn pruned_lists_give_the_unpruned_forces_bit_for_bit() {
        let margin = 0.1;
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                for (table, two) in tables() {
                    for precision in [Precision::Double, Precision::Mixed] {
                        let mut f = fixture(6, &table, two);
                        f.list.set_prune_margin(margin);
                        let want = unpruned(&f, &table, precision);
                        // The first evaluation prunes (on the outer list).
                        assert!(run(&mut f, &table, precision) == want);
                        assert_eq!(f.list.prunes(), 1);
                        let inner = f.list.inner_cluster_pairs().unwrap();
                        assert!(
                            inner < f.list.cluster_pairs() * 3 / 4,
                            "{inner} of {} cluster pairs kept",
                            f.list.cluster_pairs()
                        );
                        // Every atom moves just under δ/2 (pair distances change by up to δ):
                        // the inner list is used and must still hold every pair inside r_c.
                        for round in 0..3u64 {
                            let prunes = f.list.prunes();
                            shake(&mut f, 0.4999 * margin, 100 + round);
                            let want = unpruned(&f, &table, precision);
                            let got = run(&mut f, &table, precision);
                            assert_eq!(f.list.prunes(), prunes, "pruned too early");
                            assert!(
                                got == want,
                                "{threads} threads, two types {two}, {precision:?}: the \
                                 pruned list lost pairs"
                            );
                            // Moving on by δ/2 in another direction takes atoms beyond δ/2
                            // from the prune: the next evaluation prunes again.
                            shake(&mut f, 0.4999 * margin, 200 + round);
                            let want = unpruned(&f, &table, precision);
                            assert!(run(&mut f, &table, precision) == want);
                            assert_eq!(f.list.prunes(), prunes + 1, "did not prune");
                        }
                    }
                }
            });
        }
    }

    #[test]
    fn forcing_a_missing_path_is_an_error_naming_the_available_ones() {
        let _hold = FORCING.lock().unwrap_or_else(|e| e.into_inner());
        for isa in Isa::ALL {
            match simd::force(Some(isa)) {
                Ok(()) => assert!(isa.is_available()),
                Err(e) => {
                    assert!(!isa.is_available());
                    assert!(e.contains("scalar"), "{e}");
                }
            }
        }
        simd::force(None).unwrap();
    }

    /// Padding must be out of every cut-off's reach, one site per slot, and near enough that the
    /// single-precision kernels never underflow (a subnormal result costs a microcode assist on
    /// x86): the f32 Lennard-Jones force factor of the kernels, s⁶(48s⁶ − 24)/r² with s² = σ²/r²,
    /// at the farthest padding from an atom at the box's corner, stays a normal number up to
    /// two million atoms.
    #[test]
    fn padding_is_out_of_reach_and_far_from_underflow() {
        for atoms in [500usize, 4_000, 32_000, 256_000, 2_000_000] {
            let l = (atoms as f64 / 0.8442).cbrt();
            let slots = atoms.div_ceil(M) * M + 3 * M;
            let bits = padding_bits(slots);
            assert!(1usize << (3 * bits) >= slots && (bits == 0 || 1 << (3 * (bits - 1)) < slots));
            // Far from the box (atoms lie within [−L/2, 3L/2) between list builds).
            let near = padding_position(0, bits, l);
            assert!(near.iter().all(|&q| q - 1.5 * l > l), "{near:?}");
            // One site per slot: the grid's sites are L apart, so distinct sites are ≥ L apart.
            let mut seen = std::collections::HashSet::new();
            let sampled: std::collections::BTreeSet<usize> = (0..slots)
                .step_by((slots / 5000).max(1))
                .chain([slots - 1])
                .collect();
            for slot in sampled {
                let q = padding_position(slot, bits, l);
                assert!(
                    seen.insert(q.map(f64::to_bits)),
                    "slot {slot} shares a site"
                );
            }
            let worst = (0..slots).fold(0.0f64, |w, slot| {
                let q = padding_position(slot, bits, l);
                w.max(q.iter().map(|v| (v + 0.5 * l) * (v + 0.5 * l)).sum::<f64>())
            });
            let inv = 1.0 / worst as f32;
            let s6 = inv * inv * inv;
            let fr = s6 * (48.0 * s6 - 24.0) * inv;
            assert!(
                fr.is_normal(),
                "{atoms} atoms: r² = {worst:.3e} σ² gives {fr:e}"
            );
        }
    }
}
