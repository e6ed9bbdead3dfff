//! The row kernel of the 128-bit paths (the target's baseline: SSE2 on x86-64, NEON on aarch64),
//! over explicit vectors of the `wide` crate.

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Sub};

use super::layout::{M, NO_SHIFT, PairSums, PruneOut, shift_of, unpack};
use super::{
    CoefLanes, GROUPS, Input, LjCoefficients, PairCoefs, Real, add_lanes, force_lanes, groups,
    prune_cluster, tile_at,
};

/// [`M`] lanes of a [`Real`] as explicit SIMD vectors (the `wide` crate: SSE2 on x86-64, NEON on
/// aarch64): IEEE operations lane by lane, never fused, so each lane rounds as the tile kernel's.
pub(in crate::md) trait Row:
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

/// The kernel of the 128-bit paths (the target's baseline: SSE2 on x86-64, NEON on aarch64): one
/// i-atom ("row") at a time against the [`M`] atoms of a j-cluster, as one [`Row`] of `M` lanes
/// (one register in f32, two in f64). Over a whole 64-byte tile at once these paths would keep a
/// dozen registers per quantity alive and spill them, and would load, shift and accumulate the
/// tile's replicated lanes one register at a time.
///
/// It reads compact coordinates (`x`: [`M`] lanes per cluster and axis, atom k in lane k, no
/// copies) and writes force tiles (`fj`) of `M` lanes per accumulator group ([`groups`]), a quarter
/// (f32) or a half (f64) of the bytes of 64-byte tiles: at 32 000 atoms, 64-byte coordinate and
/// force tiles (3 MB in f32) no longer fit a core's L2 cache.
///
/// Each lane computes what the tile's lane of the same row and j-atom computes, with the same
/// operations. In double precision ([`Real::EXACT`]) the forces on the j-atoms and the energy and
/// virial are also accumulated per tile lane, in the tile's order, so the forces are bit-identical
/// to the wide paths'. In single precision (mixed) the rows' forces on a j-atom are summed in one
/// register before they reach its tile, a different order within f32 round-off that spares three
/// quarters of the j-force traffic.
#[inline(always)]
pub(super) fn range<R: Real, const EV: bool>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut [R],
) -> PairSums {
    if input.uniform {
        range_of::<R, EV, true>(lo, hi, input, x, fi, fj)
    } else {
        range_of::<R, EV, false>(lo, hi, input, x, fi, fj)
    }
}

/// See [`range`].
#[inline(always)]
fn range_of<R: Real, const EV: bool, const UNIFORM: bool>(
    lo: usize,
    hi: usize,
    input: &Input,
    x: &[R],
    fi: &mut [Vec<f64>; 3],
    fj: &mut [R],
) -> PairSums {
    let t = force_lanes::<R>(M);
    let shifts = shifts::<R>(input.length);
    let mut coefs = PairCoefs::new(input, CoefRow::<R>::splat);
    let zero = R::Row::splat(R::ZERO);
    let mut sums = PairSums::default();
    for ci in lo..hi {
        let ib = ci * M;
        let xi = rows_of::<R>(x, ci);
        let mut acc = Rows {
            fi: [[zero; 3]; M],
            ev: [[zero; 7]; GROUPS],
        };
        let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
        let ti = input.cluster_types[ci];
        for &packed in &input.pairs[start..end] {
            let (cj, s) = unpack(packed);
            let jb = cj * M;
            let xj = shifted_row::<R>(x, cj, &shifts[s as usize]);
            let coef = coefs.of::<UNIFORM>(input, ti, cj, CoefRow::<R>::splat);
            let mut fjc = [[zero; 3]; GROUPS];
            if cj == ci && s == NO_SHIFT {
                rows_pair::<R, EV, true>(input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc);
            } else {
                rows_pair::<R, EV, false>(input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc);
            }
            for (g, fg) in fjc.iter().enumerate().take(t / M) {
                for (a, fa) in fg.iter().enumerate() {
                    let at = tile_at(cj, a, t) + g * M;
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
            for ev in &acc.ev[..t / M] {
                add_lanes(&mut sums, &ev.map(|e| e.lanes()));
            }
        }
    }
    sums
}

/// The shift vectors of a box of edge `l` [σ].
#[inline(always)]
fn shifts<R: Real>(l: f64) -> [[R; 3]; 27] {
    std::array::from_fn(|s| shift_of(s as u32).map(|v| R::of(v * l)))
}

/// Cluster `ci`'s atoms as rows: row r on every axis, broadcast.
#[inline(always)]
fn rows_of<R: Real>(x: &[R], ci: usize) -> [[R::Row; 3]; M] {
    let own: [&[R]; 3] = std::array::from_fn(|a| {
        let at = tile_at(ci, a, M);
        &x[at..at + M]
    });
    std::array::from_fn(|r| std::array::from_fn(|a| R::Row::splat(own[a][r])))
}

/// j-cluster `cj`'s atoms moved by `shift` [σ], one row per axis.
#[inline(always)]
fn shifted_row<R: Real>(x: &[R], cj: usize, shift: &[R; 3]) -> [R::Row; 3] {
    let mut xj = [R::Row::splat(R::ZERO); 3];
    for (a, xa) in xj.iter_mut().enumerate() {
        let at = tile_at(cj, a, M);
        let lanes: &[R; M] = x[at..at + M].try_into().expect("a whole row");
        *xa = R::Row::new(*lanes) + R::Row::splat(shift[a]);
    }
    xj
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

/// The accumulator group of row `r` ([`groups`]).
#[inline(always)]
fn group<R: Real>(r: usize) -> usize {
    r % groups::<R>(M)
}

/// One cluster pair of the narrow kernel, row by row; see [`range`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn rows_pair<R: Real, const EV: bool, const SELF: bool>(
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
    row::<R, EV, SELF, 0>(input, pure, ib, jb, xi, xj, acc, fjc);
    row::<R, EV, SELF, 1>(input, pure, ib, jb, xi, xj, acc, fjc);
    row::<R, EV, SELF, 2>(input, pure, ib, jb, xi, xj, acc, fjc);
    row::<R, EV, SELF, 3>(input, pure, ib, jb, xi, xj, acc, fjc);
}

/// Row `ROW` of one cluster pair of the narrow kernel.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn row<R: Real, const EV: bool, const SELF: bool, const ROW: usize>(
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
    let g = group::<R>(ROW);
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

/// [`super::prune`] on the 128-bit paths, row by row like [`range`]: the same r² per lane, so the
/// same cluster pairs are kept.
#[inline(always)]
pub(super) fn prune<R: Real>(lo: usize, hi: usize, input: &Input, x: &[R], out: &mut PruneOut) {
    let rin2 = R::Row::splat(R::of(input.prune_radius2));
    let shifts = shifts::<R>(input.length);
    for ci in lo..hi {
        let xi = rows_of::<R>(x, ci);
        prune_cluster(ci, input, out, |cj, s| {
            let xj = shifted_row::<R>(x, cj, &shifts[s as usize]);
            // Lanes with an atom pair inside the radius, over the rows.
            let mut near = R::Row::splat(R::ZERO);
            for xr in &xi {
                let d = [xr[0] - xj[0], xr[1] - xj[1], xr[2] - xj[2]];
                let r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
                near = near | r2.lt(rin2);
            }
            near.any()
        });
    }
}
