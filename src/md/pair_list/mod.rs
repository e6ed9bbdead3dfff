//! Cluster-pair neighbour list and the host side of the pair-force kernels (clusters of 4 atoms
//! against clusters of 4, in the manner of GROMACS's nbnxm scheme: Páll & Hess, Comput. Phys.
//! Commun. 184, 2641 (2013)).
//!
//! A list build sorts the atoms into clusters ([`grid`]: columns in x and y, sorted by z, cut into
//! clusters of [`M`]) and finds, for every i-cluster, the j-clusters whose bounding boxes come
//! closer than the list radius, each with the periodic shift vector of that image ([`search`]).
//! Every force evaluation gathers the current positions into the sorted slots in the kernel's
//! layout ([`gather`]), prunes the list when the atoms have moved far enough (see
//! [`ClusterList::set_prune_margin`]), runs the kernels ([`super::cluster_kernel`]) on one range
//! of i-clusters per thread and sums each atom's force from every thread's part (this module). A
//! cluster pair is computed as an M×M block of interactions in SIMD lanes without gathers (the
//! j-cluster's coordinates and forces are contiguous), masked by the cut-off.
//!
//! Atoms keep their place in [`super::State`]: the kernel works on a sorted copy of the
//! coordinates, continuous since the build, and the force sum writes the forces back in the
//! state's order.
//!
//! Determinism: the i-clusters are cut into one contiguous range per rayon thread (balanced by
//! cluster-pair count), each range accumulates into its own buffer and the buffers are summed in
//! thread order; within a range every sum has a fixed order. Double precision therefore gives
//! bit-identical forces for the same positions, list and thread count, on every SIMD path.

mod gather;
mod grid;
mod search;
#[cfg(test)]
mod tests;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::cluster_kernel::layout::{M, PairSums, PruneOut};
use super::cluster_kernel::{self, Input, Real, tile_at};
use super::csr;
use super::periodic_box::PeriodicBox;
use super::potential::PairTable;
use super::simd;
use super::team;
use gather::GatherInput;
use grid::{PADDING, Slots};

/// Arithmetic of the pair kernels.
///
/// Both are reproducible: the same scene, seed and thread count give the same trajectory bit for
/// bit. Mixed is the default because it passes the NVE drift, LJ reference and coefficient tests
/// and is faster on every path (docs/performance.md).
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

/// Default dynamic pruning margin δ [σ]: the inner list holds the cluster pairs with an atom pair
/// closer than r_c + δ, and is pruned again from the outer list as soon as any atom has moved
/// more than δ/2 since the last prune. In the standard benchmark (T* = 1.44, Δt = 0.005τ, skin
/// 0.3σ) the fastest atoms move about 0.02σ a step, so 0.15σ prunes every 4–5 steps (and at every
/// list build) and keeps about 57 % of the cluster pairs. On an AMD EPYC Zen 3 (under load) 0.1σ
/// was the fastest of 0.05σ–0.25σ at 4 000 atoms and 0.2σ at 32 000 (about 15 % less CPU time
/// than 0.1σ there); 0.15σ lies between. A margin at or above the skin prunes nothing.
pub const DEFAULT_PRUNE_MARGIN: f64 = 0.15;

/// Clusters per task of the per-cluster passes (the gather, the force sum), and the fewest
/// clusters that a force evaluation splits across threads: small enough that a few thousand atoms
/// still split.
const CLUSTERS: usize = 128;

/// The cluster-pair list: the sorted order of the atoms and, per i-cluster, its j-clusters.
#[derive(Debug, Clone)]
pub struct ClusterList {
    /// The atoms in their sorted slots ([`grid`]).
    slots: Slots,
    /// Box edge L [σ] at the build.
    length: f64,
    /// Number of real atoms.
    atoms: usize,
    /// The buffered (outer) list: `offsets[c]..offsets[c + 1]` indexes the j-clusters of
    /// i-cluster c in `pairs`.
    offsets: Vec<u32>,
    /// Packed cluster pairs (j-cluster, shift; j ≥ i: each pair of atoms appears once).
    pairs: Vec<u32>,
    /// The pruned list, where one is valid for the current build.
    inner: Option<InnerList>,
    /// Sorted coordinates (f64, continuous since the build) [σ], one array per axis.
    coords: [Vec<f64>; 3],
    /// The buffers of the precision that ran last.
    kernel: KernelBuffers,
    /// Dynamic pruning margin δ [σ] (0: no pruning); see [`ClusterList::set_prune_margin`].
    prune_margin: f64,
    /// Number of prunes since the list was created.
    prunes: u64,
}

/// The pruned (inner) list: the cluster pairs of the outer list with an atom pair closer than
/// r_c + δ (+ a rounding allowance) at the last prune, indexed like the outer list.
#[derive(Debug, Clone, Default)]
struct InnerList {
    /// The precision it was pruned in (its rounding allowance is that precision's).
    precision: Precision,
    offsets: Vec<u32>,
    /// A subsequence of the outer list's pairs, in the same order.
    pairs: Vec<u32>,
    /// Sorted f64 coordinates at the prune [σ] (for the displacement since then).
    coords: [Vec<f64>; 3],
}

/// The buffers of one kernel precision.
#[derive(Debug, Clone)]
enum KernelBuffers {
    Double(Buffers<f64>),
    Mixed(Buffers<f32>),
}

/// The arrays a force evaluation in precision `R` works on.
#[derive(Debug, Clone, Default)]
struct Buffers<R> {
    /// The coordinates for the kernel [σ], in the layout of the path that ran last (see
    /// [`cluster_kernel::lanes`]: per cluster and axis, a vector register's lanes on the wide
    /// paths, [`M`] on the 128-bit paths, lane l holding atom l % M).
    tiles: Vec<R>,
    /// What each thread of a force evaluation writes.
    threads: Vec<ThreadBuffers<R>>,
}

/// What one thread of a force evaluation writes.
#[derive(Debug, Clone, Default)]
struct ThreadBuffers<R> {
    /// The forces on the i-atoms of its range by slot, one array per axis [ε_LJ/σ].
    fi: [Vec<f64>; 3],
    /// The forces on its j-atoms as force tiles [ε_LJ/σ].
    fj: Vec<R>,
    /// The inner list of its i-clusters written by the last prune.
    prune: PruneOut,
}

/// A kernel precision as the host side uses it: the [`Precision`] it is, where its coordinates
/// start and its buffers.
trait Arithmetic: Real {
    const PRECISION: Precision;
    /// Origin of the kernel's coordinates, in units of L from the box corner: the centre in
    /// single precision (f32 keeps most digits near 0), the corner in double.
    const ORIGIN: f64;
    /// Rounding allowance of the prune test per σ of L + 1σ: the kernels' r² carries errors of a
    /// few units in the last place of coordinates up to L in size (f32: 2⁻²⁴·L ≈ 6·10⁻⁸·L per
    /// coordinate, below 10⁻⁶·L + 10⁻⁶σ in r at prune and at use together; f64: 10⁹ times
    /// less); the allowance is ten times that.
    const PRUNE_ALLOWANCE: f64;
    /// This precision's buffers, emptied first if they were the other precision's.
    fn buffers(kernel: &mut KernelBuffers) -> &mut Buffers<Self>;
}

/// [`Arithmetic`] for type `$r`, precision `Precision::$p` (its buffers in
/// `KernelBuffers::$p`), with its coordinate origin and prune allowance.
macro_rules! arithmetic {
    ($r:ty, $p:ident, origin: $origin:expr, allowance: $allowance:expr) => {
        impl Arithmetic for $r {
            const PRECISION: Precision = Precision::$p;
            const ORIGIN: f64 = $origin;
            const PRUNE_ALLOWANCE: f64 = $allowance;
            fn buffers(kernel: &mut KernelBuffers) -> &mut Buffers<$r> {
                if !matches!(kernel, KernelBuffers::$p(_)) {
                    *kernel = KernelBuffers::$p(Buffers::default());
                }
                match kernel {
                    KernelBuffers::$p(b) => b,
                    _ => unreachable!("set just above"),
                }
            }
        }
    };
}

arithmetic!(f64, Double, origin: 0.0, allowance: 1e-12);
arithmetic!(f32, Mixed, origin: 0.5, allowance: 1e-5);

impl<R> Buffers<R> {
    fn heap_bytes(&self) -> usize {
        let r = std::mem::size_of::<R>();
        r * self.tiles.capacity()
            + self
                .threads
                .iter()
                .map(|t| {
                    24 * t.fi[0].capacity()
                        + r * t.fj.capacity()
                        + 4 * (t.prune.counts.capacity() + t.prune.kept.capacity())
                })
                .sum::<usize>()
    }
}

impl Default for ClusterList {
    fn default() -> Self {
        ClusterList {
            slots: Slots::default(),
            offsets: Vec::new(),
            pairs: Vec::new(),
            length: 0.0,
            atoms: 0,
            inner: None,
            coords: Default::default(),
            kernel: KernelBuffers::Mixed(Buffers::default()),
            prune_margin: DEFAULT_PRUNE_MARGIN,
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
        self.inner = None;
    }

    /// The dynamic pruning margin δ [σ] (0: no pruning).
    pub fn prune_margin(&self) -> f64 {
        self.prune_margin
    }

    /// Number of cluster pairs in the inner (pruned) list, if one is in use.
    pub fn inner_cluster_pairs(&self) -> Option<usize> {
        self.inner.as_ref().map(|inner| inner.pairs.len())
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
        self.inner = None;
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
        let slots = self.slots.atom_of_slot.capacity();
        let inner = self.inner.as_ref().map_or(0, |inner| {
            4 * (inner.offsets.capacity() + inner.pairs.capacity())
                + 24 * inner.coords[0].capacity()
        });
        let kernel = match &self.kernel {
            KernelBuffers::Double(b) => b.heap_bytes(),
            KernelBuffers::Mixed(b) => b.heap_bytes(),
        };
        slots * (4 + 12 + 4 + 3 * 8)
            + 4 * (self.offsets.capacity() + self.pairs.capacity())
            + inner
            + kernel
    }

    /// Builds the list from wrapped positions `reference` and their unwrapped twins (from which
    /// the image counters at the build follow), with list radius `list_radius` = r_c + skin [σ]:
    /// sorts the atoms into clusters, searches the cluster pairs and joins the search's parts.
    /// Requires `list_radius ≤ L/2`.
    pub fn build(
        &mut self,
        reference: &[[f64; 3]],
        reference_unwrapped: &[[f64; 3]],
        types: &[u32],
        b: &PeriodicBox,
        list_radius: f64,
    ) {
        self.length = b.length();
        self.atoms = reference.len();
        let columns = (self.slots).sort(reference, reference_unwrapped, types, self.length);
        let parts = search::search(&columns, list_radius, self.length);
        let parts = parts.iter().map(|(c, p)| (&c[..], &p[..]));
        csr::concat(
            &mut self.offsets,
            &mut self.pairs,
            columns.clusters(),
            parts,
        );
        self.inner = None;
    }

    /// Computes the pair forces into `forces` (overwritten, the state's atom order) on the path
    /// [`simd::active`]. With `EV = true` also returns the energy and virial.
    pub fn forces<const EV: bool>(
        &mut self,
        positions: &[[f64; 3]],
        images: &[[i32; 3]],
        table: &PairTable,
        precision: Precision,
        forces: &mut [[f64; 3]],
    ) -> PairSums {
        match precision {
            Precision::Double => self.forces_in::<f64, EV>(positions, images, table, forces),
            Precision::Mixed => self.forces_in::<f32, EV>(positions, images, table, forces),
        }
    }

    /// [`ClusterList::forces`] in precision `R`: gather, prune if due, run the kernels, sum.
    fn forces_in<R: Arithmetic, const EV: bool>(
        &mut self,
        positions: &[[f64; 3]],
        images: &[[i32; 3]],
        table: &PairTable,
        forces: &mut [[f64; 3]],
    ) -> PairSums {
        let isa = simd::active();
        let nclusters = self.clusters();
        let buffers = R::buffers(&mut self.kernel);
        let gathered = GatherInput {
            positions,
            images,
            atom_of_slot: &self.slots.atom_of_slot,
            images_at_build: &self.slots.images_at_build,
            prune: self.inner.as_ref().map(|inner| &inner.coords),
            length: self.length,
        };
        let t = cluster_kernel::lanes::<R>(isa).coords;
        let origin = R::ORIGIN * self.length;
        let moved2 = gather::gather(&gathered, &mut self.coords, &mut buffers.tiles, t, origin);
        let margin = self.prune_margin;
        let prune = margin > 0.0
            && self.inner.as_ref().is_none_or(|inner| {
                inner.precision != R::PRECISION || moved2 > 0.25 * margin * margin
            });
        let prune_radius = table.max_cutoff() + margin + R::PRUNE_ALLOWANCE * (self.length + 1.0);
        let threads = if nclusters < CLUSTERS {
            1
        } else {
            rayon::current_num_threads()
        };
        buffers.threads.resize_with(threads, Default::default);
        // Thread ranges balanced on the outer list whichever list runs, so that the summation
        // order, hence the double-precision forces, does not depend on when the list was pruned.
        let bounds = csr::balanced_ranges(&self.offsets, self.pairs.len(), nclusters, threads);
        let (first, uniform) = self.slots.uniform_coefficients(table);
        let input = |offsets, pairs| Input {
            offsets,
            pairs,
            prune_radius2: prune_radius * prune_radius,
            types: &self.slots.types_of_slot,
            cluster_types: &self.slots.cluster_types,
            table,
            length: self.length,
            uniform,
            first,
        };
        if prune {
            let outer = input(&self.offsets, &self.pairs);
            let mut inner = self.inner.take().unwrap_or_default();
            prune_into::<R>(isa, &outer, &bounds, buffers, &self.coords, &mut inner);
            self.inner = Some(inner);
            self.prunes += 1;
        }
        let list = match &self.inner {
            Some(inner) if margin > 0.0 => input(&inner.offsets, &inner.pairs),
            _ => input(&self.offsets, &self.pairs),
        };
        let (tiles, threads) = (&buffers.tiles[..], &mut buffers.threads);
        let slots = self.slots.atom_of_slot.len();
        let run = |t: usize, tb: &mut ThreadBuffers<R>| {
            // (The kernel sets, not adds, the forces of the i-atoms of its range.)
            for b in tb.fi.iter_mut() {
                b.resize(slots, 0.0);
            }
            run_range::<R, EV>(isa, bounds[t]..bounds[t + 1], nclusters, &list, tiles, tb)
        };
        let sums = team::run_parts(&mut threads[..], run);
        let out = AtomForces::new(forces, self.atoms);
        let lanes = cluster_kernel::lanes::<R>(isa).forces;
        sum_forces(&out, &self.slots.atom_of_slot, threads, &bounds, lanes);
        sums.into_iter().fold(PairSums::default(), PairSums::add)
    }
}

impl Slots {
    /// A type present and whether its coefficients with itself serve every pair of the types
    /// present (padding has a present type).
    fn uniform_coefficients(&self, table: &PairTable) -> (u32, bool) {
        let first = self.types_present.first().map_or(0, |&t| t as usize);
        let uniform = self.types_present.iter().all(|&ti| {
            self.types_present
                .iter()
                .all(|&tj| table.get(ti as usize, tj as usize) == table.get(first, first))
        });
        (first as u32, uniform)
    }
}

/// Prunes the outer list `outer` into `inner`: a distance-only pass per thread range (`bounds`),
/// whose kept pairs are joined in thread order; records the coordinates `coords` of the prune.
fn prune_into<R: Arithmetic>(
    isa: simd::Isa,
    outer: &Input,
    bounds: &[usize],
    buffers: &mut Buffers<R>,
    coords: &[Vec<f64>; 3],
    inner: &mut InnerList,
) {
    let tiles = &buffers.tiles;
    let run = |t: usize, tb: &mut ThreadBuffers<R>| {
        let out = &mut tb.prune;
        out.counts.clear();
        out.kept.clear();
        R::prune(isa, bounds[t], bounds[t + 1], outer, tiles, out);
    };
    team::run_parts(&mut buffers.threads[..], run);
    let parts = buffers
        .threads
        .iter()
        .map(|tb| (&tb.prune.counts[..], &tb.prune.kept[..]));
    let clusters = outer.offsets.len().saturating_sub(1);
    csr::concat(&mut inner.offsets, &mut inner.pairs, clusters, parts);
    for (k, c) in inner.coords.iter_mut().enumerate() {
        c.clone_from(&coords[k]);
    }
    inner.precision = R::PRECISION;
}

/// Clears the force tiles of the j-clusters that i-clusters `range` can reach (from its start on:
/// j ≥ i) and runs the kernel on path `isa` over them, with `clusters` clusters in all and the
/// coordinate tiles `x`.
fn run_range<R: Real, const EV: bool>(
    isa: simd::Isa,
    range: std::ops::Range<usize>,
    clusters: usize,
    input: &Input,
    x: &[R],
    tb: &mut ThreadBuffers<R>,
) -> PairSums {
    let t = cluster_kernel::lanes::<R>(isa).forces;
    tb.fj.resize(clusters * 3 * t, R::ZERO);
    tb.fj[tile_at(range.start, 0, t)..].fill(R::ZERO);
    let (fi, fj) = (&mut tb.fi, &mut tb.fj);
    R::dispatch::<EV>(isa, range.start, range.end, input, x, fi, fj)
}

/// The state's forces [ε_LJ/σ] (in the state's atom order) as the tasks of [`sum_forces`] write
/// them: each task writes the atoms of its own slots, and [`Slots::sort`] checks that no atom has
/// two slots, so no two tasks write the same atom and none reads one.
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
/// its force tile (`lanes` lanes per cluster and axis) `M` lanes at a time, in thread order, so
/// the sum does not depend on how the clusters are split into tasks; writes it to the slot's atom
/// in `out`.
fn sum_forces<R: Real>(
    out: &AtomForces,
    atom_of_slot: &[u32],
    per_thread: &[ThreadBuffers<R>],
    bounds: &[usize],
    lanes: usize,
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
                                fa[k] += tb.fj[at + q * M + k].wide();
                            }
                        }
                    }
                }
                for (k, &atom) in atoms.iter().enumerate() {
                    if atom != PADDING {
                        out.set(atom as usize, [f[0][k], f[1][k], f[2][k]]);
                    }
                }
            }
        });
}
