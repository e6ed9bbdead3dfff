//! The first step of every force evaluation: the gather. It copies the atoms' current positions
//! into the sorted slots of the last build, continuous since the build (positions plus image
//! changes times L), once in f64 for the host side and once as the kernel reads them (tiles of
//! the path's width, in the kernel's precision), and puts every padding slot at its own site far
//! outside the box. It also measures how far the atoms have moved since the last prune. It exists
//! so that the kernels read contiguous clusters without a gather or a minimum image per pair,
//! while the atoms keep their place in [`crate::md::State`].

use rayon::prelude::*;

use super::CLUSTERS;
use super::grid::PADDING;
use crate::md::cluster_kernel::Real;
use crate::md::cluster_kernel::layout::M;

/// What [`gather`] reads.
pub(super) struct GatherInput<'a> {
    pub positions: &'a [[f64; 3]],
    pub images: &'a [[i32; 3]],
    pub atom_of_slot: &'a [u32],
    pub images_at_build: &'a [[i32; 3]],
    /// The sorted coordinates at the last prune, when the inner list is valid [σ].
    pub prune: Option<&'a [Vec<f64>; 3]>,
    /// Box edge L [σ].
    pub length: f64,
}

/// Fills the sorted coordinates `coords` (f64, continuous since the build) and the kernel's tiles
/// of them (`t` lanes per cluster and axis, lane l holding atom l % [`M`], minus `offset` [σ], in
/// the kernel's precision) in one parallel pass over the clusters;
/// returns the largest squared displacement since the last prune [σ²] (0 without one). Every
/// value is independent of the others and the maximum is the same in any order, so the result
/// does not depend on the number of threads.
pub(super) fn gather<R: Real>(
    input: &GatherInput,
    coords: &mut [Vec<f64>; 3],
    tiles: &mut Vec<R>,
    t: usize,
    offset: f64,
) -> f64 {
    let l = input.length;
    let slots = input.atom_of_slot.len();
    for c in coords.iter_mut() {
        c.resize(slots, 0.0);
    }
    tiles.resize(slots / M * 3 * t, R::ZERO);
    let bits = padding_bits(slots);
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
                    let a = atoms[k];
                    if a == PADDING {
                        let q = padding_position(first + k, bits, l);
                        (p[0][k], p[1][k], p[2][k]) = (q[0], q[1], q[2]);
                    } else {
                        let (x, n) = (input.positions[a as usize], input.images[a as usize]);
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

/// log₂ of the edge of the cube of padding sites for `slots` slots: the smallest power of two n
/// with n³ ≥ slots.
pub(super) fn padding_bits(slots: usize) -> u32 {
    let mut bits = 0;
    while 1usize << (3 * bits) < slots {
        bits += 1;
    }
    bits
}

/// Position [σ] of padding slot `slot` in a box of edge `l` [σ]: a site of a cubic grid of
/// spacing L and edge 2^`bits` sites (one site per slot) that starts 2L + 100σ beyond the box.
/// Padding is thus farther from every atom and from every other padding than any cut-off
/// (r_c < L/2), yet near enough that the single-precision kernels' products never underflow: at
/// a million σ the f32 forces of padding lanes would be ~10⁻⁴⁷, subnormal, and each such lane a
/// slow microcode assist on x86 (at 32 000 atoms on the 128-bit and AVX2 paths, 15–25 % of the
/// run time once the liquid has mixed).
#[inline(always)]
pub(super) fn padding_position(slot: usize, bits: u32, l: f64) -> [f64; 3] {
    let mask = (1 << bits) - 1;
    let site = [slot & mask, (slot >> bits) & mask, slot >> (2 * bits)];
    site.map(|s| 3.0 * l + 100.0 + l * s as f64)
}
