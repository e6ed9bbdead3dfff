//! The pair-force kernels of the cluster-pair list: one i-cluster of [`M`] atoms against one
//! j-cluster of `M` atoms at a time, in SIMD lanes, on the instruction set [`super::simd`] picks:
//! the tile kernel ([`tiles`]) on AVX2 and AVX-512, the row kernel ([`rows`]) on the 128-bit
//! baseline (SSE2 on x86-64, NEON on aarch64).
//!
//! Layout ("tiles"). A cluster's coordinates on one axis are stored as a tile of `T` lanes in which
//! lane `l` holds atom `l % M`, one vector register wide ([`Real::W512`], [`Real::W256`]): on
//! AVX-512 8 lanes of f64 or 16 of f32, on AVX2 4 of f64 or 8 of f32. The four i-atoms ("rows")
//! are split into `B = M·M / T` blocks of `T / M` rows, and lane `l` of block `b` computes row
//! `b·T/M + l / M` against j-atom `l % M`. The lanes of a force tile are summed per atom once per
//! force evaluation.
//!
//! The row kernel reads the coordinates compact instead (`M` lanes per cluster and axis, no
//! copies) and writes force tiles of `M` lanes per accumulator group ([`lanes`]): a quarter of the
//! bytes of 64-byte tiles in f32, a half in f64, which at 32 000 atoms halves its L1 misses and
//! cuts its misses of a 2 MB L2 by a third (cachegrind, simd128 path, mixed precision).
//!
//! Determinism: every lane accumulates its terms in the order of the list, and every sum across
//! lanes has a fixed order, the same on every path; Rust never fuses a multiply and an add on its
//! own. So double precision gives bit-identical forces on every path, and a pruned cluster pair
//! (which would only add zeros) changes nothing.

pub(super) mod layout;
mod rows;
#[cfg(target_arch = "x86_64")]
mod tiles;

use std::ops::{Add, AddAssign, Div, Mul, Sub, SubAssign};

use super::potential::{LjCoefficients, PairTable};
use super::simd::Isa;
use layout::{M, NO_SHIFT, PairSums, PruneOut, TWO_TYPES, unpack};

/// What every kernel range reads.
pub(super) struct Input<'a> {
    /// `offsets[c]..offsets[c + 1]` indexes the j-clusters of i-cluster c in `pairs`.
    pub offsets: &'a [u32],
    /// Packed cluster pairs ([`layout::pack`]): j-cluster index and shift index.
    pub pairs: &'a [u32],
    /// (r_c + δ + rounding allowance)² [σ²]: a prune ([`prune`]) keeps the cluster pairs with an
    /// atom pair closer than this.
    pub prune_radius2: f64,
    /// Atom type of each slot.
    pub types: &'a [u32],
    /// The one type of each cluster's real atoms, or [`TWO_TYPES`].
    pub cluster_types: &'a [u32],
    /// Pair coefficients by type pair.
    pub table: &'a PairTable,
    /// Box edge L [σ].
    pub length: f64,
    /// Whether one coefficient set serves every pair present.
    pub uniform: bool,
    /// A type present (the coefficients of the uniform case are those of `first` with itself).
    pub first: u32,
}

/// The floating-point type of a kernel's pair arithmetic, with its tile widths.
pub(super) trait Real:
    Copy
    + Default
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + AddAssign
    + SubAssign
    + Send
    + Sync
{
    const ZERO: Self;
    const ONE: Self;
    /// Whether every path must give bit-identical forces in this precision (double): every
    /// kernel then sums in the order of the AVX-512 tile's lanes ([`groups`]).
    const EXACT: bool;
    /// Lanes of this type's tiles on AVX-512: one 64-byte register.
    const W512: usize;
    /// Lanes of this type's tiles on AVX2: one 32-byte register. (AVX2's 16 registers cannot hold
    /// two per quantity: 64-byte tiles, two registers each, run the AVX2 path about 1.1 × slower
    /// in f32 and 1.3 × in f64, 4 000 atoms, 1 thread, on an Intel Xeon (Sapphire Rapids).)
    const W256: usize;
    /// [`M`] lanes of this type in the 128-bit registers of the baseline paths.
    type Row: rows::Row<Elem = Self>;
    fn of(x: f64) -> Self;
    fn wide(self) -> f64;
    /// [`dispatch`] with this type's tile widths.
    #[allow(clippy::too_many_arguments)]
    fn dispatch<const EV: bool>(
        isa: Isa,
        lo: usize,
        hi: usize,
        input: &Input,
        x: &[Self],
        fi: &mut [Vec<f64>; 3],
        fj: &mut [Self],
    ) -> PairSums;
    /// [`prune`] with this type's tile widths.
    fn prune(isa: Isa, lo: usize, hi: usize, input: &Input, x: &[Self], out: &mut PruneOut);
}

/// The methods of [`Real`] that pass a type's tile widths on, for type `$r`.
macro_rules! with_widths {
    ($r:ty) => {
        fn dispatch<const EV: bool>(
            isa: Isa,
            lo: usize,
            hi: usize,
            input: &Input,
            x: &[$r],
            fi: &mut [Vec<f64>; 3],
            fj: &mut [$r],
        ) -> PairSums {
            dispatch::<
                $r,
                { <$r as Real>::W512 },
                { M * M / <$r as Real>::W512 },
                { <$r as Real>::W256 },
                { M * M / <$r as Real>::W256 },
                EV,
            >(isa, lo, hi, input, x, fi, fj)
        }

        fn prune(isa: Isa, lo: usize, hi: usize, input: &Input, x: &[$r], out: &mut PruneOut) {
            prune::<
                $r,
                { <$r as Real>::W512 },
                { M * M / <$r as Real>::W512 },
                { <$r as Real>::W256 },
                { M * M / <$r as Real>::W256 },
            >(isa, lo, hi, input, x, out)
        }
    };
}

impl Real for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    const EXACT: bool = true;
    const W512: usize = 8;
    const W256: usize = 4;
    type Row = wide::f64x4;
    #[inline(always)]
    fn of(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn wide(self) -> f64 {
        self
    }
    with_widths!(f64);
}

impl Real for f32 {
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    const EXACT: bool = false;
    const W512: usize = 16;
    const W256: usize = 8;
    type Row = wide::f32x4;
    #[inline(always)]
    fn of(x: f64) -> f32 {
        x as f32
    }
    #[inline(always)]
    fn wide(self) -> f64 {
        self as f64
    }
    with_widths!(f32);
}

/// Lanes of a double-precision AVX-512 tile, the order every path sums in ([`groups`]).
const T64: usize = <f64 as Real>::W512;

/// The most accumulator groups of a kernel ([`groups`]).
const GROUPS: usize = T64 / M;

/// Number of accumulator groups of a kernel over tiles of `t` lanes for the forces on the
/// j-atoms and the energy and virial. In double precision ([`Real::EXACT`]) one per `t`-lane part
/// of a [`T64`]-lane tile: block b (rows b·t/M…) adds to group b % groups, and the force tiles
/// hold the groups side by side, so every path adds each term into the same sum, in the same
/// order, as the AVX-512 tile kernel. In single precision one.
const fn groups<R: Real>(t: usize) -> usize {
    if R::EXACT { T64 / t } else { 1 }
}

/// Lanes per cluster and axis of the force tiles of a kernel over tiles of `t` lanes: one such
/// tile per accumulator group ([`groups`]).
const fn force_lanes<R: Real>(t: usize) -> usize {
    groups::<R>(t) * t
}

/// Index of lane 0 of cluster `c`'s tile on axis `a`, for tiles of `t` lanes.
#[inline(always)]
pub(super) fn tile_at(c: usize, a: usize, t: usize) -> usize {
    (3 * c + a) * t
}

/// Adds a kernel's energy (`ev[0]`) and virial (`ev[1..7]`) accumulators of `T` lanes to `sums`,
/// lane by lane in lane order.
#[inline(always)]
fn add_lanes<R: Real, const T: usize>(sums: &mut PairSums, ev: &[[R; T]; 7]) {
    for k in 0..T {
        sums.energy += ev[0][k].wide();
        for v in 0..6 {
            sums.virial[v] += ev[v + 1][k].wide();
        }
    }
}

/// The prune of i-cluster `ci` (the part every path shares): appends to `out` its cluster pairs
/// for which `near(cj, shift)` holds, and its pair with itself, in list order. Kept pairs are
/// written without a branch: every pair is written, and the write position advances past the
/// kept ones only.
#[inline(always)]
fn prune_cluster(
    ci: usize,
    input: &Input,
    out: &mut PruneOut,
    mut near: impl FnMut(usize, u32) -> bool,
) {
    let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
    let kept_before = out.kept.len();
    let mut kept = kept_before;
    out.kept.resize(kept_before + (end - start), 0);
    for &packed in &input.pairs[start..end] {
        let (cj, s) = unpack(packed);
        let keep = (cj == ci && s == NO_SHIFT) || near(cj, s);
        out.kept[kept] = packed;
        kept += usize::from(keep);
    }
    out.kept.truncate(kept);
    out.counts.push((kept - kept_before) as u32);
}

/// The coefficients of a cluster pair in a kernel's layout `C`: those of the uniform case, or
/// those of the last pair of one-type clusters met, rebuilt when the types change.
struct PairCoefs<C> {
    first: C,
    last: C,
    key: (u32, u32),
}

impl<C: Copy> PairCoefs<C> {
    fn new(input: &Input, splat: impl Fn(&LjCoefficients) -> C) -> Self {
        let t0 = input.first as usize;
        let first = splat(input.table.get(t0, t0));
        PairCoefs {
            first,
            last: first,
            key: (input.first, input.first),
        }
    }

    /// The coefficients every lane of i-cluster type `ti` against j-cluster `cj` shares, or `None`
    /// where either cluster mixes types (each lane then needs its own type pair's).
    #[inline(always)]
    fn of<const UNIFORM: bool>(
        &mut self,
        input: &Input,
        ti: u32,
        cj: usize,
        splat: impl Fn(&LjCoefficients) -> C,
    ) -> Option<&C> {
        if UNIFORM {
            return Some(&self.first);
        }
        let key = (ti, input.cluster_types[cj]);
        if key.0 == TWO_TYPES || key.1 == TWO_TYPES {
            return None;
        }
        if key != self.key {
            self.key = key;
            self.last = splat(input.table.get(key.0 as usize, key.1 as usize));
        }
        Some(&self.last)
    }
}

/// Lennard-Jones coefficients per lane.
#[derive(Clone, Copy)]
struct CoefLanes<R, const T: usize> {
    a: [R; T],
    b: [R; T],
    c: [R; T],
    sigma2: [R; T],
    shift: [R; T],
    rc2: [R; T],
}

impl<R: Real, const T: usize> CoefLanes<R, T> {
    #[inline(always)]
    fn splat(c: &LjCoefficients) -> Self {
        CoefLanes {
            a: [R::of(c.a); T],
            b: [R::of(c.b); T],
            c: [R::of(c.c); T],
            sigma2: [R::of(c.sigma2); T],
            shift: [R::of(c.shift); T],
            rc2: [R::of(c.rc2); T],
        }
    }

    /// Coefficients of block `block` of i-cluster slot `ib` against j-cluster slot `jb`.
    fn by_type(input: &Input, ib: usize, jb: usize, block: usize) -> Self {
        let rows = T / M;
        let c: [&LjCoefficients; T] = std::array::from_fn(|l| {
            let ti = input.types[ib + block * rows + l / M] as usize;
            let tj = input.types[jb + l % M] as usize;
            input.table.get(ti, tj)
        });
        CoefLanes {
            a: c.map(|c| R::of(c.a)),
            b: c.map(|c| R::of(c.b)),
            c: c.map(|c| R::of(c.c)),
            sigma2: c.map(|c| R::of(c.sigma2)),
            shift: c.map(|c| R::of(c.shift)),
            rc2: c.map(|c| R::of(c.rc2)),
        }
    }
}

/// Lanes per cluster and axis of the arrays a path reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Lanes {
    /// Of the coordinates (lane l holding atom l % [`M`]).
    pub coords: usize,
    /// Of the force tiles on the j-atoms (likewise).
    pub forces: usize,
}

/// The layout path `isa` works on: coordinates in tiles of the path's width ([`Real::W512`],
/// [`Real::W256`]; [`M`] lanes, compact, for the row kernel of the baseline), force tiles of one
/// such tile per accumulator group ([`groups`]).
pub(super) fn lanes<R: Real>(isa: Isa) -> Lanes {
    let t = match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => R::W512,
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => R::W256,
        _ => M,
    };
    Lanes {
        coords: t,
        forces: force_lanes::<R>(t),
    }
}

/// Runs i-clusters `lo..hi` on the path `isa` over coordinates `x` in the path's layout
/// ([`lanes`]): forces on the i-atoms written to `fi` (one f64 array per axis, by slot), forces on
/// the j-atoms into the force tiles `fj`; returns energy and
/// virial when `EV`.
#[allow(clippy::too_many_arguments)]
fn dispatch<
    R: Real,
    const T512: usize,
    const B512: usize,
    const T256: usize,
    const B256: usize,
    const EV: bool,
>(
    isa: Isa,
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut [R],
) -> PairSums {
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd::active` returns AVX-512 only where the processor has AVX-512F.
        Isa::Avx512 => unsafe {
            tiles::range_avx512::<R, T512, B512, EV>(lo, hi, input, x, fi, fj)
        },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd::active` returns AVX2 only where the processor has AVX2.
        Isa::Avx2 => unsafe { tiles::range_avx2::<R, T256, B256, EV>(lo, hi, input, x, fi, fj) },
        _ => rows::range::<R, EV>(lo, hi, input, x, fi, fj),
    }
}

/// Prunes i-clusters `lo..hi` of the list in `input` on the path `isa`: writes to `out` the
/// cluster pairs with an atom pair closer than the prune radius, and every cluster with itself,
/// in list order. Distances only, computed as the force kernel computes them (same tiles, same
/// shift, same order of operations), so a kept pair is one in which the kernel would find an
/// atom pair inside that radius.
fn prune<R: Real, const T512: usize, const B512: usize, const T256: usize, const B256: usize>(
    isa: Isa,
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    out: &mut PruneOut,
) {
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd::active` returns AVX-512 only where the processor has AVX-512F.
        Isa::Avx512 => unsafe { tiles::prune_avx512::<R, T512, B512>(lo, hi, input, x, out) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd::active` returns AVX2 only where the processor has AVX2.
        Isa::Avx2 => unsafe { tiles::prune_avx2::<R, T256, B256>(lo, hi, input, x, out) },
        _ => rows::prune::<R>(lo, hi, input, x, out),
    }
}
