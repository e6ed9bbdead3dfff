//! The second step of a list build: the pair search. For every i-cluster it finds the j-clusters
//! (j ≥ i, each pair once) whose bounding boxes come closer than the list radius, each with the
//! periodic shift vector of that image, so that the kernels never take a minimum image per pair.
//! It runs over the columns of [`super::grid`]: a neighbour column is skipped by its extent in x
//! and y, and within a column (sorted in z) only a window of clusters is scanned per z image.

use rayon::prelude::*;

use super::grid::Columns;
use crate::md::cluster_kernel::layout::{pack, shift_index};

/// i-clusters per parallel task of the search.
const CHUNK: usize = 64;

/// What the search of every i-cluster reads.
struct Search<'a> {
    columns: &'a Columns,
    /// The column of each cluster.
    column_of_cluster: Vec<usize>,
    /// Columns within reach on each side.
    reach: isize,
    /// List radius r_c + skin [σ] and its square [σ²].
    list_radius: f64,
    r2max: f64,
    /// Box edge L [σ].
    l: f64,
}

/// An i-cluster's bounding box [σ].
type Bounds = ([f64; 3], [f64; 3]);

/// The candidate windows of one search task. Per neighbour column (dx, dy) and z image: where the
/// window of candidates starts and ends (indices into the column). Both ends only move up while
/// the i-clusters climb their column, so they advance from the last i-cluster's.
struct Windows {
    /// Neighbour columns per side: 2·reach + 1.
    side: usize,
    windows: Vec<[(usize, usize); 3]>,
    /// The column the windows belong to.
    column: usize,
    /// Lower bound of the x distance to each neighbour column of the current i-cluster [σ].
    gaps_x: Vec<f64>,
}

/// A neighbour column of an i-cluster: its index and its periodic shift in x and y.
struct Neighbour {
    column: usize,
    shift: [isize; 2],
}

/// Finds the cluster pairs of the clusters in `columns` within `list_radius` [σ] in a box of edge
/// `l` [σ]: per task of [`CHUNK`] i-clusters, in cluster order, the number of j-clusters of each
/// i-cluster and the packed pairs. The order of the pairs depends only on the positions.
pub(super) fn search(columns: &Columns, list_radius: f64, l: f64) -> Vec<(Vec<u32>, Vec<u32>)> {
    let nclusters = columns.clusters();
    let ncol = columns.cluster_start.len() - 1;
    let cs = &columns.cluster_start;
    let search = Search {
        columns,
        column_of_cluster: (0..ncol)
            .flat_map(|c| std::iter::repeat_n(c, cs[c + 1] - cs[c]))
            .collect(),
        reach: (list_radius * columns.inv).ceil() as isize,
        list_radius,
        r2max: list_radius * list_radius,
        l,
    };
    (0..nclusters.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| search.chunk(chunk * CHUNK..((chunk + 1) * CHUNK).min(nclusters)))
        .collect()
}

impl Search<'_> {
    /// The pairs of i-clusters `range`.
    fn chunk(&self, range: std::ops::Range<usize>) -> (Vec<u32>, Vec<u32>) {
        let mut counts = Vec::with_capacity(CHUNK);
        let mut out = Vec::with_capacity(CHUNK * 64);
        let side = (2 * self.reach + 1) as usize;
        let mut windows = Windows {
            side,
            windows: vec![[(0usize, 0usize); 3]; side * side],
            column: usize::MAX,
            gaps_x: vec![0.0f64; side],
        };
        for ci in range {
            let before = out.len();
            self.cluster(ci, &mut windows, &mut out);
            counts.push((out.len() - before) as u32);
        }
        (counts, out)
    }

    /// Lower bound [σ] of the distance along axis `k` (x: 0, y: 1) from box `bounds` to every
    /// cluster of column index `j` on that axis (a shifted image when j is outside 0..per_side).
    fn column_gap(&self, bounds: &Bounds, j: isize, k: usize) -> f64 {
        let (lo_i, hi_i) = bounds;
        let (inv, l) = (self.columns.inv, self.l);
        // (Widened by 10⁻⁹·L against rounding in the binning.)
        let (lo, hi) = (j as f64 / inv - 1e-9 * l, (j + 1) as f64 / inv + 1e-9 * l);
        max(max(lo - hi_i[k], lo_i[k] - hi), 0.0)
    }

    /// Appends the pairs of i-cluster `ci` to `out`, neighbour column by neighbour column.
    fn cluster(&self, ci: usize, windows: &mut Windows, out: &mut Vec<u32>) {
        let col = self.column_of_cluster[ci];
        if col != windows.column {
            windows.column = col;
            windows.windows.fill([(0, 0); 3]);
        }
        let (p, reach) = (self.columns.per_side as isize, self.reach);
        let (cx, cy) = (col as isize % p, col as isize / p);
        let bounds = self.columns.bbox[ci];
        for (d, g) in windows.gaps_x.iter_mut().enumerate() {
            *g = self.column_gap(&bounds, cx + d as isize - reach, 0);
        }
        for dy in -reach..=reach {
            let jy = cy + dy;
            let sy = jy.div_euclid(p);
            if sy.abs() > 1 {
                continue;
            }
            let gy = self.column_gap(&bounds, jy, 1);
            // (Every column of this row is then out of reach too.)
            if gy * gy >= self.r2max {
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
                if self.columns.cluster_start[jc + 1] <= ci {
                    continue;
                }
                let gx = windows.gaps_x[(dx + reach) as usize];
                if gx * gx + gy * gy >= self.r2max {
                    continue;
                }
                let window = &mut windows.windows
                    [(dy + reach) as usize * windows.side + (dx + reach) as usize];
                let neighbour = Neighbour {
                    column: jc,
                    shift: [sx, sy],
                };
                self.column_pairs(ci, &bounds, &neighbour, window, out);
            }
        }
    }

    /// Appends the pairs of i-cluster `ci` (box `bounds`) with the clusters of one neighbour
    /// column, advancing that column's candidate windows.
    fn column_pairs(
        &self,
        ci: usize,
        bounds: &Bounds,
        neighbour: &Neighbour,
        window: &mut [(usize, usize); 3],
        out: &mut Vec<u32>,
    ) {
        let (lo_i, hi_i) = bounds;
        let (l, list_radius) = (self.l, self.list_radius);
        let cs = &self.columns.cluster_start;
        let column = cs[neighbour.column]..cs[neighbour.column + 1];
        let boxes = &self.columns.bbox[column.clone()];
        // Images below or above reach only clusters near that face (every atom lies in [0, L)).
        let images = [lo_i[2] < list_radius, true, hi_i[2] > l - list_radius];
        // Clusters of a column are sorted in z (lower and upper bounds both ascend): per image
        // only a window of them can be within reach.
        let (mut from, mut to) = (column.end, column.start);
        for sz in -1..=1isize {
            if !images[(sz + 1) as usize] {
                continue;
            }
            let sh = sz as f64 * l;
            let (a, b) = &mut window[(sz + 1) as usize];
            while *a < boxes.len() && boxes[*a].1[2] + sh <= lo_i[2] - list_radius {
                *a += 1;
            }
            while *b < boxes.len() && boxes[*b].0[2] + sh < hi_i[2] + list_radius {
                *b += 1;
            }
            let (a, b) = (*a, *b);
            if a < b {
                from = from.min(column.start + a);
                to = to.max(column.start + b);
            }
        }
        self.candidates(ci, bounds, neighbour, &images, from.max(ci)..to, out);
    }

    /// Appends the pairs of i-cluster `ci` with the candidates `range` of a neighbour column
    /// whose images `images` (z shift −1, 0, 1) are within reach: the same candidates in the same
    /// order as a scan of the whole column, so the list, hence the summation order, does not
    /// depend on the windows. Bounding-box distances: x and y once per candidate, z per image.
    fn candidates(
        &self,
        ci: usize,
        bounds: &Bounds,
        neighbour: &Neighbour,
        images: &[bool; 3],
        range: std::ops::Range<usize>,
        out: &mut Vec<u32>,
    ) {
        let (lo_i, hi_i) = bounds;
        let l = self.l;
        let gap_of = |k: usize, sh: f64, (lo_j, hi_j): ([f64; 3], [f64; 3])| {
            max(max(lo_j[k] + sh - hi_i[k], lo_i[k] - hi_j[k] - sh), 0.0)
        };
        let [sx, sy] = neighbour.shift;
        let (shx, shy) = (sx as f64 * l, sy as f64 * l);
        let bbox = &self.columns.bbox;
        for cj in range {
            let (dx, dy) = (gap_of(0, shx, bbox[cj]), gap_of(1, shy, bbox[cj]));
            let dxy2 = dx * dx + dy * dy;
            if dxy2 >= self.r2max {
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
                if dxy2 + dz * dz < self.r2max {
                    out.push(pack(cj, shift_index(s)));
                }
            }
        }
    }
}

/// The larger of two finite numbers (without `f64::max`'s handling of NaN, which the list search
/// never sees: every coordinate is finite).
#[inline(always)]
fn max(a: f64, b: f64) -> f64 {
    if a > b { a } else { b }
}
