//! The tile kernel of the AVX2 and AVX-512 paths: every operation of the hot loop is element-wise
//! over a whole tile of `T` lanes (the j-tile is loaded as it is, the i-rows are broadcast once per
//! i-cluster, the forces on the j-atoms are added lane by lane into a force tile of the same
//! layout), with no shuffle across lanes, written once as plain Rust over fixed-width arrays that
//! the compiler turns into full vector registers, and compiled once per instruction set. A tile is
//! one register of the path ([`Real::W512`], [`Real::W256`]).

use super::layout::{M, NO_SHIFT, PairSums, PruneOut, shift_of, unpack};
use super::{
    CoefLanes, GROUPS, Input, PairCoefs, Real, add_lanes, force_lanes, groups, prune_cluster,
    tile_at,
};

/// The x86 copies of a generic function compiled for one instruction set each:
/// `on_paths!(inner => avx512_copy, avx2_copy <generics> (arguments) -> result)` defines
/// `avx512_copy` with AVX-512F and `avx2_copy` with AVX2 enabled, each calling `inner`, inlined.
/// (A closure would not do: its body is compiled without the caller's target features.)
macro_rules! on_paths {
    ($inner:ident => $avx512:ident, $avx2:ident
     <$($r:ident: $bound:ident),*; $(const $c:ident: $ct:ty),*>
     ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?) => {
        #[target_feature(enable = "avx512f")]
        pub(super) fn $avx512<$($r: $bound,)* $(const $c: $ct,)*>($($arg: $ty),*) $(-> $ret)? {
            $inner::<$($r,)* $($c,)*>($($arg),*)
        }

        #[target_feature(enable = "avx2")]
        pub(super) fn $avx2<$($r: $bound,)* $(const $c: $ct,)*>($($arg: $ty),*) $(-> $ret)? {
            $inner::<$($r,)* $($c,)*>($($arg),*)
        }
    };
}

on_paths!(range => range_avx512, range_avx2 <R: Real; const T: usize, const B: usize, const EV: bool>
    (lo: usize, hi: usize, input: &Input, x: &[R], fi: &mut [Vec<f64>; 3], fj: &mut [R]) -> PairSums);

on_paths!(prune_of => prune_avx512, prune_avx2 <R: Real; const T: usize, const B: usize>
    (lo: usize, hi: usize, input: &Input, x: &[R], out: &mut PruneOut));

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
        prune_cluster(ci, input, out, |cj, s| {
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
        });
    }
}

/// Sums of one i-cluster per block, axis and lane: forces; energy and virial per accumulator
/// group ([`groups`]) and lane.
struct Acc<R, const T: usize, const B: usize> {
    fi: [[[R; T]; 3]; B],
    ev: [[[R; T]; 7]; GROUPS],
}

/// One cluster pair, `B` blocks of `T` lanes, with the coefficients `pure` on every lane or, where
/// `None`, those of each lane's type pair; the forces on the j-atoms into `fj`, by accumulator
/// group ([`groups`]). `SELF`: the i-cluster with itself (only the pairs with j-atom > i-atom).
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
    fj: &mut [[[R; T]; 3]; GROUPS],
) {
    // Block b = groups·n + g adds to group g. (In a loop over b the group's force tile was indexed
    // at run time and kept in memory.)
    let groups = groups::<R>(T);
    for n in 0..B / groups {
        for g in 0..groups {
            let b = n * groups + g;
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
                let inv = R::ONE / r2;
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
                    fj[g][a][l] -= f[a][l];
                }
            }
            if EV {
                let ev = &mut acc.ev[g];
                for l in 0..T {
                    ev[0][l] += u[l];
                    ev[1][l] += d[0][l] * f[0][l];
                    ev[2][l] += d[1][l] * f[1][l];
                    ev[3][l] += d[2][l] * f[2][l];
                    ev[4][l] += d[0][l] * f[1][l];
                    ev[5][l] += d[0][l] * f[2][l];
                    ev[6][l] += d[1][l] * f[2][l];
                }
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
    let groups = groups::<R>(T);
    let shifts = shift_tiles::<R, T>(input.length);
    let mut coefs = PairCoefs::new(input, CoefLanes::<R, T>::splat);
    let mut sums = PairSums::default();
    for ci in lo..hi {
        let ib = ci * M;
        let xi = rows_of::<R, T, B>(x, ci);
        let mut acc = Acc {
            fi: [[[R::ZERO; T]; 3]; B],
            ev: [[[R::ZERO; T]; 7]; GROUPS],
        };
        let (start, end) = (input.offsets[ci] as usize, input.offsets[ci + 1] as usize);
        let ti = input.cluster_types[ci];
        for &packed in &input.pairs[start..end] {
            let (cj, s) = unpack(packed);
            let jb = cj * M;
            let xj = shifted_tile::<R, T>(x, cj, &shifts[s as usize]);
            let coef = coefs.of::<UNIFORM>(input, ti, cj, CoefLanes::<R, T>::splat);
            let mut fjc = [[[R::ZERO; T]; 3]; GROUPS];
            if cj == ci && s == NO_SHIFT {
                cluster_pair::<R, T, B, EV, true>(
                    input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc,
                );
            } else {
                cluster_pair::<R, T, B, EV, false>(
                    input, coef, ib, jb, &xi, &xj, &mut acc, &mut fjc,
                );
            }
            for (g, fg) in fjc.iter().enumerate().take(groups) {
                for (a, fa) in fg.iter().enumerate() {
                    let at = tile_at(cj, a, force_lanes::<R>(T)) + g * T;
                    let o: &mut [R; T] = (&mut fj[at..at + T]).try_into().expect("a whole tile");
                    for k in 0..T {
                        o[k] += fa[k];
                    }
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
            for ev in &acc.ev[..groups] {
                add_lanes(&mut sums, ev);
            }
        }
    }
    sums
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
