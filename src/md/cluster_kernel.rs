//! The pair-force kernel of the cluster-pair list: one i-cluster of [`M`] atoms against one
//! j-cluster of `M` atoms at a time, in SIMD lanes, written once as plain Rust over fixed-width
//! arrays and compiled per instruction set (see [`super::simd`]).
//!
//! Layout ("tiles"). A cluster's coordinates on one axis are stored as a tile of `T` lanes in which
//! lane `l` holds atom `l % M`: 8 lanes of f64 or 16 lanes of f32, 64 bytes either way (one AVX-512
//! register, two AVX2 registers, four SSE2/NEON registers). The four i-atoms ("rows") are split
//! into `B = M·M / T` blocks of `T / M` rows, and lane `l` of block `b` computes row
//! `b·T/M + l / M` against j-atom `l % M`. Every operation of the hot loop is then element-wise over
//! `T` lanes (the j-tile is loaded as it is, the i-rows are broadcast once per i-cluster, the
//! forces on the j-atoms are added lane by lane into a force tile of the same layout), with no
//! shuffle across lanes, so the compiler fills whole vector registers on every path. The lanes
//! of a force tile are summed per atom once per force evaluation.
//!
//! Determinism: every lane accumulates its terms in the order of the list, and every sum across
//! lanes has a fixed order, the same on every path; Rust never fuses a multiply and an add on its
//! own. So double precision gives bit-identical forces on every path, and a pruned cluster pair
//! (which would only add zeros) changes nothing.

use std::ops::{Add, AddAssign, BitAnd, BitOr, Div, Mul, Sub, SubAssign};

use super::cluster::{M, MIXED, NO_SHIFT, PairSums, PruneOut, SHIFT_BITS, shift_of};
use super::potential::{LjCoefficients, PairTable};
use super::simd::Isa;

/// What every kernel range reads.
pub(super) struct Input<'a> {
    /// `offsets[c]..offsets[c + 1]` indexes the j-clusters of i-cluster c in `pairs`.
    pub offsets: &'a [u32],
    /// j-cluster index << [`SHIFT_BITS`] | shift index.
    pub pairs: &'a [u32],
    /// (r_c + δ + rounding allowance)² [σ²]: a prune ([`prune`]) keeps the cluster pairs with an
    /// atom pair closer than this.
    pub prune_radius2: f64,
    /// Atom type of each slot.
    pub types: &'a [u32],
    /// The one type of each cluster's real atoms, or [`MIXED`].
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

/// The floating-point type of a kernel's pair arithmetic, with its tile width.
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
    /// Whether every path must give bit-identical forces in this precision (double): the
    /// narrow kernel ([`range_rows`]) then sums in the tile's order.
    const EXACT: bool;
    /// [`M`] lanes of this type in the 128-bit registers of the baseline paths.
    type Row: Row<Elem = Self>;
    fn of(x: f64) -> Self;
    fn wide(self) -> f64;
    /// 1/self, to within a few units in the last place.
    fn recip(self) -> Self;
}

impl Real for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    const EXACT: bool = true;
    type Row = wide::f64x4;
    #[inline(always)]
    fn of(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn wide(self) -> f64 {
        self
    }
    /// A double-precision division. (A single-precision division refined by two Newton steps
    /// would be faster in itself, but the compiler then no longer vectorises the kernel.)
    #[inline(always)]
    fn recip(self) -> f64 {
        1.0 / self
    }
}

impl Real for f32 {
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    const EXACT: bool = false;
    type Row = wide::f32x4;
    #[inline(always)]
    fn of(x: f64) -> f32 {
        x as f32
    }
    #[inline(always)]
    fn wide(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn recip(self) -> f32 {
        1.0 / self
    }
}

/// [`M`] lanes of a [`Real`] as explicit SIMD vectors (the `wide` crate: SSE2 on x86-64, NEON on
/// aarch64): IEEE operations lane by lane, never fused, so each lane rounds as the tile kernel's.
pub(super) trait Row:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
{
    type Elem: Real;
    fn splat(x: Self::Elem) -> Self;
    fn new(lanes: [Self::Elem; M]) -> Self;
    fn lanes(self) -> [Self::Elem; M];
    /// All bits set in the lanes where self < other, none elsewhere.
    fn lt(self, other: Self) -> Self;
    /// Whether any lane of a mask from [`Row::lt`] is set.
    fn any(self) -> bool;
}

macro_rules! row_of {
    ($v:ty, $r:ty) => {
        impl Row for $v {
            type Elem = $r;
            #[inline(always)]
            fn splat(x: $r) -> Self {
                <$v>::splat(x)
            }
            #[inline(always)]
            fn new(lanes: [$r; M]) -> Self {
                <$v>::new(lanes)
            }
            #[inline(always)]
            fn lanes(self) -> [$r; M] {
                self.to_array()
            }
            #[inline(always)]
            fn lt(self, other: Self) -> Self {
                self.simd_lt(other)
            }
            #[inline(always)]
            fn any(self) -> bool {
                self.to_bitmask() != 0
            }
        }
    };
}
row_of!(wide::f32x4, f32);
row_of!(wide::f64x4, f64);

/// Lanes of a double-precision tile (64 bytes).
pub(super) const T64: usize = 8;
/// Lanes of a single-precision tile (64 bytes).
pub(super) const T32: usize = 16;

/// Index of lane 0 of cluster `c`'s tile on axis `a`, for tiles of `t` lanes.
#[inline(always)]
pub(super) fn tile_at(c: usize, a: usize, t: usize) -> usize {
    (3 * c + a) * t
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

/// The x86 copies of a generic function compiled for one instruction set each:
/// `on_paths!(inner => avx512_copy, avx2_copy <generics> (arguments) -> result)` defines
/// `avx512_copy` with AVX-512F and `avx2_copy` with AVX2 enabled, each calling `inner`, inlined.
/// (A closure would not do: its body is compiled without the caller's target features.)
macro_rules! on_paths {
    ($inner:ident => $avx512:ident, $avx2:ident
     <$($r:ident: $bound:ident),*; $(const $c:ident: $ct:ty),*>
     ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx512f")]
        fn $avx512<$($r: $bound,)* $(const $c: $ct,)*>($($arg: $ty),*) $(-> $ret)? {
            $inner::<$($r,)* $($c,)*>($($arg),*)
        }

        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2")]
        fn $avx2<$($r: $bound,)* $(const $c: $ct,)*>($($arg: $ty),*) $(-> $ret)? {
            $inner::<$($r,)* $($c,)*>($($arg),*)
        }
    };
}

on_paths!(range => range_avx512, range_avx2 <R: Real; const T: usize, const B: usize, const EV: bool>
    (lo: usize, hi: usize, input: &Input, x: &[R], fi: &mut [Vec<f64>; 3], fj: &mut [R]) -> PairSums);

on_paths!(prune_of => prune_avx512, prune_avx2 <R: Real; const T: usize, const B: usize>
    (lo: usize, hi: usize, input: &Input, x: &[R], out: &mut PruneOut));

/// Runs i-clusters `lo..hi` on the path `isa`: forces on the i-atoms written to `fi` (one f64
/// array per axis, by slot), forces on the j-atoms into the force tiles `fj`; returns energy and
/// virial when `EV`.
pub(super) fn dispatch<R: Real, const T: usize, const B: usize, const EV: bool>(
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
        Isa::Avx512 => unsafe { range_avx512::<R, T, B, EV>(lo, hi, input, x, fi, fj) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd::active` returns AVX2 only where the processor has AVX2.
        Isa::Avx2 => unsafe { range_avx2::<R, T, B, EV>(lo, hi, input, x, fi, fj) },
        _ => {
            if input.uniform {
                range_rows::<R, T, EV, true>(lo, hi, input, x, fi, fj)
            } else {
                range_rows::<R, T, EV, false>(lo, hi, input, x, fi, fj)
            }
        }
    }
}

#[inline(always)]
fn range<R: Real, const T: usize, const B: usize, const EV: bool>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut [R],
) -> PairSums {
    if input.uniform {
        range_of::<R, T, B, EV, true>(lo, hi, input, x, fi, fj)
    } else {
        range_of::<R, T, B, EV, false>(lo, hi, input, x, fi, fj)
    }
}

/// Prunes i-clusters `lo..hi` of the list in `input` on the path `isa`: writes to `out` the
/// cluster pairs with an atom pair closer than the prune radius, and every cluster with itself,
/// in list order. Distances only, computed as the force kernel computes them (same tiles, same
/// shift, same order of operations), so a kept pair is one in which the kernel would find an
/// atom pair inside that radius.
pub(super) fn prune<R: Real, const T: usize, const B: usize>(
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
        Isa::Avx512 => unsafe { prune_avx512::<R, T, B>(lo, hi, input, x, out) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd::active` returns AVX2 only where the processor has AVX2.
        Isa::Avx2 => unsafe { prune_avx2::<R, T, B>(lo, hi, input, x, out) },
        _ => prune_rows::<R, T>(lo, hi, input, x, out),
    }
}

/// The shift vectors of a box of edge `l` [σ] as tiles (added to a j-tile without a broadcast).
#[inline(always)]
fn shift_tiles<R: Real, const T: usize>(l: f64) -> [[[R; T]; 3]; 27] {
    std::array::from_fn(|s| shift_of(s as u32).map(|v| [R::of(v * l); T]))
}

/// Cluster `ci`'s own tile as `B` blocks of broadcast rows: lane l of block b holds row
/// b·T/M + l / M (a tile's lane l % M holds atom l % M).
#[inline(always)]
fn rows_of<R: Real, const T: usize, const B: usize>(x: &[R], ci: usize) -> [[[R; T]; 3]; B] {
    let rows = T / M;
    let own = tile::<R, T>(x, ci);
    std::array::from_fn(|b| {
        std::array::from_fn(|a| std::array::from_fn(|l| own[a][b * rows + l / M]))
    })
}

/// j-cluster `cj`'s tile moved by shift `s` (its index) of `shifts`.
#[inline(always)]
fn shifted_tile<R: Real, const T: usize>(x: &[R], cj: usize, shift: &[[R; T]; 3]) -> [[R; T]; 3] {
    let mut xj = tile::<R, T>(x, cj);
    for a in 0..3 {
        for k in 0..T {
            xj[a][k] += shift[a][k];
        }
    }
    xj
}

/// r² per lane [σ²] between the rows `xi` of one block and the j-tile `xj`, with the force
/// kernel's arithmetic: the differences x_i − x_j, then d_x² + d_y² + d_z² in that order.
#[inline(always)]
fn distance2<R: Real, const T: usize>(xi: &[[R; T]; 3], xj: &[[R; T]; 3]) -> [R; T] {
    let mut d = [[R::ZERO; T]; 3];
    for a in 0..3 {
        for l in 0..T {
            d[a][l] = xi[a][l] - xj[a][l];
        }
    }
    let mut r2 = [R::ZERO; T];
    for l in 0..T {
        r2[l] = d[0][l] * d[0][l] + d[1][l] * d[1][l] + d[2][l] * d[2][l];
    }
    r2
}

/// See [`prune`].
#[inline(always)]
fn prune_of<R: Real, const T: usize, const B: usize>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    out: &mut PruneOut,
) {
    let rin2 = R::of(input.prune_radius2);
    let shifts = shift_tiles::<R, T>(input.length);
    for ci in lo..hi {
        let xi = rows_of::<R, T, B>(x, ci);
        let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
        // Kept pairs are written without a branch: every pair is written, and the write
        // position advances past the kept ones only.
        let kept_before = out.kept.len();
        let mut kept = kept_before;
        out.kept.resize(kept_before + (end - start), 0);
        for &packed in &input.pairs[start..end] {
            let cj = (packed >> SHIFT_BITS) as usize;
            let s = packed & ((1 << SHIFT_BITS) - 1);
            let near = if cj == ci && s == NO_SHIFT {
                true
            } else {
                let xj = shifted_tile::<R, T>(x, cj, &shifts[s as usize]);
                // Smallest r² per lane (a minimum, not a flag per lane, stays in one vector
                // register).
                let mut closest = [rin2; T];
                for xb in &xi {
                    let r2 = distance2::<R, T>(xb, &xj);
                    for l in 0..T {
                        closest[l] = if r2[l] < closest[l] {
                            r2[l]
                        } else {
                            closest[l]
                        };
                    }
                }
                closest.iter().fold(false, |any, &c| any | (c < rin2))
            };
            out.kept[kept] = packed;
            kept += usize::from(near);
        }
        out.kept.truncate(kept);
        out.counts.push((kept - kept_before) as u32);
    }
}

/// A cluster's tile on every axis.
#[inline(always)]
fn tile<R: Real, const T: usize>(x: &[R], c: usize) -> [[R; T]; 3] {
    std::array::from_fn(|a| {
        let at = tile_at(c, a, T);
        let s: &[R; T] = x[at..at + T].try_into().expect("a whole tile");
        *s
    })
}

/// Sums of one i-cluster per block, axis and lane: forces; energy and virial per lane.
struct Acc<R, const T: usize, const B: usize> {
    fi: [[[R; T]; 3]; B],
    ev: [[R; T]; 7],
}

/// One cluster pair, `B` blocks of `T` lanes, with the coefficients `pure` on every lane or, where
/// `None`, those of each lane's type pair. `SELF`: the i-cluster with itself (only the pairs with
/// j-atom > i-atom).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn cluster_pair<R: Real, const T: usize, const B: usize, const EV: bool, const SELF: bool>(
    input: &Input,
    pure: Option<&CoefLanes<R, T>>,
    ib: usize,
    jb: usize,
    xi: &[[[R; T]; 3]; B],
    xj: &[[R; T]; 3],
    acc: &mut Acc<R, T, B>,
    fj: &mut [[R; T]; 3],
) {
    for b in 0..B {
        let coef = match pure {
            Some(c) => *c,
            None => CoefLanes::by_type(input, ib, jb, b),
        };
        let mut d = [[R::ZERO; T]; 3];
        for a in 0..3 {
            for l in 0..T {
                d[a][l] = xi[b][a][l] - xj[a][l];
            }
        }
        let mut fr = [R::ZERO; T];
        let mut u = [R::ZERO; T];
        for l in 0..T {
            // (The arithmetic of `distance2`, inside the lane loop.)
            let r2 = d[0][l] * d[0][l] + d[1][l] * d[1][l] + d[2][l] * d[2][l];
            let keep = !SELF || l % M > b * (T / M) + l / M;
            let inside = (r2 < coef.rc2[l]) & keep;
            let inv = r2.recip();
            let s2 = coef.sigma2[l] * inv;
            let s6 = s2 * s2 * s2;
            let force = s6 * (coef.a[l] * s6 - coef.b[l]) * inv;
            fr[l] = if inside { force } else { R::ZERO };
            if EV {
                let e = coef.c[l] * s6 * (s6 - R::ONE) - coef.shift[l];
                u[l] = if inside { e } else { R::ZERO };
            }
        }
        let mut f = [[R::ZERO; T]; 3];
        for a in 0..3 {
            for l in 0..T {
                f[a][l] = fr[l] * d[a][l];
                acc.fi[b][a][l] += f[a][l];
                fj[a][l] -= f[a][l];
            }
        }
        if EV {
            for l in 0..T {
                acc.ev[0][l] += u[l];
                acc.ev[1][l] += d[0][l] * f[0][l];
                acc.ev[2][l] += d[1][l] * f[1][l];
                acc.ev[3][l] += d[2][l] * f[2][l];
                acc.ev[4][l] += d[0][l] * f[1][l];
                acc.ev[5][l] += d[0][l] * f[2][l];
                acc.ev[6][l] += d[1][l] * f[2][l];
            }
        }
    }
}

/// i-clusters lo..hi: see [`dispatch`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn range_of<R: Real, const T: usize, const B: usize, const EV: bool, const UNIFORM: bool>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut [R],
) -> PairSums {
    debug_assert_eq!(T * B, M * M);
    let rows = T / M;
    let shifts = shift_tiles::<R, T>(input.length);
    let t0 = input.first as usize;
    let c0 = CoefLanes::<R, T>::splat(input.table.get(t0, t0));
    // Coefficients of the last pair of one-type clusters, and their types.
    let (mut pure, mut pure_key) = (c0, (input.first, input.first));
    let mut sums = PairSums::default();
    for ci in lo..hi {
        let ib = ci * M;
        let xi = rows_of::<R, T, B>(x, ci);
        let mut acc = Acc {
            fi: [[[R::ZERO; T]; 3]; B],
            ev: [[R::ZERO; T]; 7],
        };
        let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
        let ti = input.cluster_types[ci];
        for &packed in &input.pairs[start..end] {
            let cj = (packed >> SHIFT_BITS) as usize;
            let s = packed & ((1 << SHIFT_BITS) - 1);
            let jb = cj * M;
            let xj = shifted_tile::<R, T>(x, cj, &shifts[s as usize]);
            let coef = if UNIFORM {
                Some(&c0)
            } else {
                let key = (ti, input.cluster_types[cj]);
                if key.0 == MIXED || key.1 == MIXED {
                    None
                } else {
                    if key != pure_key {
                        pure_key = key;
                        pure = CoefLanes::splat(input.table.get(key.0 as usize, key.1 as usize));
                    }
                    Some(&pure)
                }
            };
            let mut fjc = [[R::ZERO; T]; 3];
            if cj == ci && s == NO_SHIFT {
                cluster_pair::<R, T, B, EV, true>(
                    input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc,
                );
            } else {
                cluster_pair::<R, T, B, EV, false>(
                    input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc,
                );
            }
            for (a, fa) in fjc.iter().enumerate() {
                let at = tile_at(cj, a, T);
                let o: &mut [R; T] = (&mut fj[at..at + T]).try_into().expect("a whole tile");
                for k in 0..T {
                    o[k] += fa[k];
                }
            }
        }
        // Block b, lanes r·M..(r + 1)·M hold row b·T/M + r against the M j-atoms.
        for (a, fa) in fi.iter_mut().enumerate() {
            for b in 0..B {
                for r in 0..rows {
                    let mut s = 0.0f64;
                    for k in 0..M {
                        s += acc.fi[b][a][r * M + k].wide();
                    }
                    fa[ib + b * rows + r] = s;
                }
            }
        }
        if EV {
            for k in 0..T {
                sums.energy += acc.ev[0][k].wide();
                for v in 0..6 {
                    sums.virial[v] += acc.ev[v + 1][k].wide();
                }
            }
        }
    }
    sums
}

/// The kernel of the 128-bit paths (the target's baseline: SSE2 on x86-64, NEON on aarch64): one
/// i-atom ("row") at a time against the [`M`] atoms of a j-cluster, as one [`Row`] of `M` lanes
/// (one register in f32, two in f64). Over a whole 64-byte tile at once these paths would keep a
/// dozen registers per quantity alive and spill them, and would load, shift and accumulate the
/// tile's replicated lanes one register at a time.
///
/// Each lane computes what the tile's lane of the same row and j-atom computes, with the same
/// operations. In double precision ([`Real::EXACT`]) the forces on the j-atoms and the energy and
/// virial are also accumulated per tile lane, in the tile's order, so the forces are bit-identical
/// to the wide paths'. In single precision (mixed) the rows' forces on a j-atom are summed in one
/// register before they reach its tile, a different order within f32 round-off that spares three
/// quarters of the j-force traffic.
#[inline(always)]
fn range_rows<R: Real, const T: usize, const EV: bool, const UNIFORM: bool>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut [R],
) -> PairSums {
    let groups = group::<R, T>(M - 1) + 1;
    let shifts: [[R; 3]; 27] =
        std::array::from_fn(|s| shift_of(s as u32).map(|v| R::of(v * input.length)));
    let t0 = input.first as usize;
    let c0 = CoefRow::<R>::splat(input.table.get(t0, t0));
    let (mut pure, mut pure_key) = (c0, (input.first, input.first));
    let zero = R::Row::splat(R::ZERO);
    let mut sums = PairSums::default();
    for ci in lo..hi {
        let ib = ci * M;
        // Row r, broadcast (tile lane r holds atom r).
        let own = tile::<R, T>(x, ci);
        let xi: [[R::Row; 3]; M] =
            std::array::from_fn(|r| std::array::from_fn(|a| R::Row::splat(own[a][r])));
        let mut acc = Rows {
            fi: [[zero; 3]; M],
            ev: [[zero; 7]; GROUPS],
        };
        let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
        let ti = input.cluster_types[ci];
        for &packed in &input.pairs[start..end] {
            let cj = (packed >> SHIFT_BITS) as usize;
            let s = packed & ((1 << SHIFT_BITS) - 1);
            let jb = cj * M;
            let shift = &shifts[s as usize];
            let mut xj = [zero; 3];
            for (a, xa) in xj.iter_mut().enumerate() {
                let at = tile_at(cj, a, T);
                let lanes: &[R; M] = x[at..at + M].try_into().expect("a whole row");
                *xa = R::Row::new(*lanes) + R::Row::splat(shift[a]);
            }
            let coef = if UNIFORM {
                Some(&c0)
            } else {
                let key = (ti, input.cluster_types[cj]);
                if key.0 == MIXED || key.1 == MIXED {
                    None
                } else {
                    if key != pure_key {
                        pure_key = key;
                        pure = CoefRow::splat(input.table.get(key.0 as usize, key.1 as usize));
                    }
                    Some(&pure)
                }
            };
            let mut fjc = [[zero; 3]; GROUPS];
            if cj == ci && s == NO_SHIFT {
                rows_pair::<R, T, EV, true>(input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc);
            } else {
                rows_pair::<R, T, EV, false>(input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc);
            }
            for (g, fg) in fjc.iter().enumerate().take(groups) {
                for (a, fa) in fg.iter().enumerate() {
                    let at = tile_at(cj, a, T) + g * M;
                    let o: &mut [R; M] = (&mut fj[at..at + M]).try_into().expect("a whole row");
                    *o = (R::Row::new(*o) + *fa).lanes();
                }
            }
        }
        for (a, fa) in fi.iter_mut().enumerate() {
            for r in 0..M {
                let mut s = 0.0f64;
                for v in acc.fi[r][a].lanes() {
                    s += v.wide();
                }
                fa[ib + r] = s;
            }
        }
        if EV {
            for ev in &acc.ev[..groups] {
                let ev = ev.map(|e| e.lanes());
                for k in 0..M {
                    sums.energy += ev[0][k].wide();
                    for v in 0..6 {
                        sums.virial[v] += ev[v + 1][k].wide();
                    }
                }
            }
        }
    }
    sums
}

/// Lennard-Jones coefficients of one row of the narrow kernel.
#[derive(Clone, Copy)]
struct CoefRow<R: Real> {
    a: R::Row,
    b: R::Row,
    c: R::Row,
    sigma2: R::Row,
    shift: R::Row,
    rc2: R::Row,
}

impl<R: Real> CoefRow<R> {
    #[inline(always)]
    fn splat(c: &LjCoefficients) -> Self {
        Self::of(&CoefLanes::<R, M>::splat(c))
    }

    #[inline(always)]
    fn of(c: &CoefLanes<R, M>) -> Self {
        CoefRow {
            a: R::Row::new(c.a),
            b: R::Row::new(c.b),
            c: R::Row::new(c.c),
            sigma2: R::Row::new(c.sigma2),
            shift: R::Row::new(c.shift),
            rc2: R::Row::new(c.rc2),
        }
    }
}

/// Sums of one i-cluster in the narrow kernel: forces per row and axis; energy and virial per
/// accumulator group.
struct Rows<V> {
    fi: [[V; 3]; M],
    ev: [[V; 7]; GROUPS],
}

/// The most accumulator groups of the narrow kernel: the rows sharing a lane of a double-precision
/// tile ([`T64`] / [`M`]).
const GROUPS: usize = T64 / M;

/// The accumulator group of row `r` for the forces on the j-atoms and the energy and virial: in
/// double precision the tile lane group the row's lanes lie in (rows sharing a lane share a
/// group), so that each sum runs in the tile's order; in single precision one group for all.
#[inline(always)]
fn group<R: Real, const T: usize>(r: usize) -> usize {
    if R::EXACT {
        debug_assert!(T / M <= GROUPS);
        r % (T / M)
    } else {
        0
    }
}

/// One cluster pair of the narrow kernel, row by row; see [`range_rows`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn rows_pair<R: Real, const T: usize, const EV: bool, const SELF: bool>(
    input: &Input,
    pure: Option<&CoefRow<R>>,
    ib: usize,
    jb: usize,
    xi: &[[R::Row; 3]; M],
    xj: &[R::Row; 3],
    acc: &mut Rows<R::Row>,
    fjc: &mut [[R::Row; 3]; GROUPS],
) {
    // (Written out row by row, so that each row's accumulator group and mask are constants.)
    row::<R, T, EV, SELF, 0>(input, pure, ib, jb, xi, xj, acc, fjc);
    row::<R, T, EV, SELF, 1>(input, pure, ib, jb, xi, xj, acc, fjc);
    row::<R, T, EV, SELF, 2>(input, pure, ib, jb, xi, xj, acc, fjc);
    row::<R, T, EV, SELF, 3>(input, pure, ib, jb, xi, xj, acc, fjc);
}

/// Row `ROW` of one cluster pair of the narrow kernel.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn row<R: Real, const T: usize, const EV: bool, const SELF: bool, const ROW: usize>(
    input: &Input,
    pure: Option<&CoefRow<R>>,
    ib: usize,
    jb: usize,
    xi: &[[R::Row; 3]; M],
    xj: &[R::Row; 3],
    acc: &mut Rows<R::Row>,
    fjc: &mut [[R::Row; 3]; GROUPS],
) {
    let coef = match pure {
        Some(c) => *c,
        // (For a tile of M lanes, block r is row r.)
        None => CoefRow::of(&CoefLanes::<R, M>::by_type(input, ib, jb, ROW)),
    };
    let one = R::Row::splat(R::ONE);
    let xr = &xi[ROW];
    let d = [xr[0] - xj[0], xr[1] - xj[1], xr[2] - xj[2]];
    // (The arithmetic of `cluster_pair`, on M lanes.)
    let r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    let mut inside = r2.lt(coef.rc2);
    if SELF {
        // Only the j-atoms after the row: ROW < k.
        let k = R::Row::new(std::array::from_fn(|k| R::of(k as f64)));
        inside = inside & R::Row::splat(R::of(ROW as f64)).lt(k);
    }
    let inv = one / r2;
    let s2 = coef.sigma2 * inv;
    let s6 = s2 * s2 * s2;
    let fr = inside & (s6 * (coef.a * s6 - coef.b) * inv);
    let g = group::<R, T>(ROW);
    let f = [fr * d[0], fr * d[1], fr * d[2]];
    for a in 0..3 {
        acc.fi[ROW][a] = acc.fi[ROW][a] + f[a];
        fjc[g][a] = fjc[g][a] - f[a];
    }
    if EV {
        let u = inside & (coef.c * s6 * (s6 - one) - coef.shift);
        let terms = [
            u,
            d[0] * f[0],
            d[1] * f[1],
            d[2] * f[2],
            d[0] * f[1],
            d[0] * f[2],
            d[1] * f[2],
        ];
        for (e, t) in acc.ev[g].iter_mut().zip(terms) {
            *e = *e + t;
        }
    }
}

/// [`prune`] on the 128-bit paths, row by row like [`range_rows`]: the same r² per lane, so the
/// same cluster pairs are kept.
#[inline(always)]
fn prune_rows<R: Real, const T: usize>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    out: &mut PruneOut,
) {
    let rin2 = R::Row::splat(R::of(input.prune_radius2));
    let shifts: [[R; 3]; 27] =
        std::array::from_fn(|s| shift_of(s as u32).map(|v| R::of(v * input.length)));
    for ci in lo..hi {
        let own = tile::<R, T>(x, ci);
        let xi: [[R::Row; 3]; M] =
            std::array::from_fn(|r| std::array::from_fn(|a| R::Row::splat(own[a][r])));
        let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
        let kept_before = out.kept.len();
        let mut kept = kept_before;
        out.kept.resize(kept_before + (end - start), 0);
        for &packed in &input.pairs[start..end] {
            let cj = (packed >> SHIFT_BITS) as usize;
            let s = packed & ((1 << SHIFT_BITS) - 1);
            let near = if cj == ci && s == NO_SHIFT {
                true
            } else {
                let shift = &shifts[s as usize];
                let xj: [R::Row; 3] = std::array::from_fn(|a| {
                    let at = tile_at(cj, a, T);
                    let lanes: &[R; M] = x[at..at + M].try_into().expect("a whole row");
                    R::Row::new(*lanes) + R::Row::splat(shift[a])
                });
                // Lanes with an atom pair inside the radius, over the rows.
                let mut near = R::Row::splat(R::ZERO);
                for xr in &xi {
                    let d = [xr[0] - xj[0], xr[1] - xj[1], xr[2] - xj[2]];
                    let r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
                    near = near | r2.lt(rin2);
                }
                near.any()
            };
            out.kept[kept] = packed;
            kept += usize::from(near);
        }
        out.kept.truncate(kept);
        out.counts.push((kept - kept_before) as u32);
    }
}
