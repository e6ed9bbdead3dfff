//! The reference pair-force kernel: Newton's third law over a per-atom half Verlet list, in
//! parallel with rayon, plain Rust for the baseline target. The simulation runs the cluster
//! kernels of [`super::pair_list`]; tests compare them with this one.
//!
//! Determinism: the atoms are cut into one contiguous range per rayon thread (balanced by pair
//! count), each range accumulates into its own force buffer, and the buffers are summed in thread
//! order. The result therefore depends only on the positions, the list and the thread count: the
//! same seed and the same `--threads` give a bit-identical trajectory. Different thread counts sum
//! the same terms in a different order, so trajectories agree to round-off at first and then
//! diverge (molecular chaos), while every statistical property is the same.

use rayon::prelude::*;

use super::csr;
use super::neighbor_list::VerletList;
use super::periodic_box::PeriodicBox;
use super::potential::{LjCoefficients, PairTable};

pub use super::cluster_kernel::layout::PairSums;

trait Lookup: Sync {
    const UNIFORM: bool;
    fn get(&self, i: usize, j: usize) -> &LjCoefficients;
}

struct Uniform<'a>(&'a LjCoefficients);
impl Lookup for Uniform<'_> {
    const UNIFORM: bool = true;
    #[inline(always)]
    fn get(&self, _: usize, _: usize) -> &LjCoefficients {
        self.0
    }
}

struct ByType<'a> {
    table: &'a PairTable,
    types: &'a [u32],
}
impl Lookup for ByType<'_> {
    const UNIFORM: bool = false;
    #[inline(always)]
    fn get(&self, i: usize, j: usize) -> &LjCoefficients {
        self.table
            .get(self.types[i] as usize, self.types[j] as usize)
    }
}

/// Scratch memory reused between force evaluations (one buffer per thread).
#[derive(Debug, Default, Clone)]
pub struct ForceScratch {
    buffers: Vec<Vec<[f64; 3]>>,
}

/// Computes pair forces into `forces` (overwritten). With `EV = true` also returns the energy and
/// virial; with `EV = false` the returned sums are zero and the loop is cheaper.
pub fn pair_forces<const EV: bool>(
    positions: &[[f64; 3]],
    types: &[u32],
    list: &VerletList,
    table: &PairTable,
    b: &PeriodicBox,
    forces: &mut [[f64; 3]],
    scratch: &mut ForceScratch,
) -> PairSums {
    if table.is_uniform() {
        dispatch::<_, EV>(
            &Uniform(table.get(0, 0)),
            positions,
            list,
            b,
            forces,
            scratch,
        )
    } else {
        let lookup = ByType { table, types };
        dispatch::<_, EV>(&lookup, positions, list, b, forces, scratch)
    }
}

fn dispatch<L: Lookup, const EV: bool>(
    lookup: &L,
    positions: &[[f64; 3]],
    list: &VerletList,
    b: &PeriodicBox,
    forces: &mut [[f64; 3]],
    scratch: &mut ForceScratch,
) -> PairSums {
    let n = positions.len();
    let threads = rayon::current_num_threads();
    forces.iter_mut().for_each(|f| *f = [0.0; 3]);
    if threads == 1 || n < 512 {
        return accumulate::<L, EV>(0, n, positions, list, lookup, b, forces);
    }
    // Split atoms into `threads` ranges holding about the same number of pairs.
    let bounds = csr::balanced_ranges(&list.offsets, list.neighbors.len(), n, threads);
    scratch.buffers.resize_with(threads, Vec::new);
    let sums = scratch
        .buffers
        .par_iter_mut()
        .enumerate()
        .map(|(t, buf)| {
            buf.clear();
            buf.resize(n, [0.0; 3]);
            accumulate::<L, EV>(bounds[t], bounds[t + 1], positions, list, lookup, b, buf)
        })
        .collect::<Vec<_>>();
    let buffers = &scratch.buffers;
    forces
        .par_chunks_mut(1024)
        .enumerate()
        .for_each(|(c, chunk)| {
            let base = c * 1024;
            for (k, f) in chunk.iter_mut().enumerate() {
                let mut s = [0.0; 3];
                for buf in buffers {
                    let g = buf[base + k];
                    s[0] += g[0];
                    s[1] += g[1];
                    s[2] += g[2];
                }
                *f = s;
            }
        });
    sums.into_iter().fold(PairSums::default(), PairSums::add)
}

#[inline(always)]
fn accumulate<L: Lookup, const EV: bool>(
    lo: usize,
    hi: usize,
    x: &[[f64; 3]],
    list: &VerletList,
    lookup: &L,
    b: &PeriodicBox,
    f: &mut [[f64; 3]],
) -> PairSums {
    let l = b.length();
    let half = 0.5 * l;
    // Positions are wrapped into the box, so one correction gives the minimum image (written
    // as selects, which vectorise).
    let image = |d: f64| {
        let d = if d > half { d - l } else { d };
        if d < -half { d + l } else { d }
    };
    let mut sums = PairSums::default();
    // Per atom, neighbours are processed in blocks: (1) gather separations (scalar loads),
    // (2) forces for the whole block in a loop the compiler vectorises, (3) scatter.
    const BLOCK: usize = 64;
    let mut dxs = [0.0f64; BLOCK];
    let mut dys = [0.0f64; BLOCK];
    let mut dzs = [0.0f64; BLOCK];
    let mut frs = [0.0f64; BLOCK];
    let mut us = [0.0f64; BLOCK];
    let mut coef = [LjCoefficients::default(); BLOCK];
    let c0 = *lookup.get(lo.min(x.len().saturating_sub(1)), 0);
    for i in lo..hi {
        let xi = x[i];
        let mut fi = [0.0; 3];
        let start = list.offsets[i] as usize;
        let end = list.offsets[i + 1] as usize;
        for block in list.neighbors[start..end].chunks(BLOCK) {
            let k = block.len();
            for (t, &j) in block.iter().enumerate() {
                let xj = x[j as usize];
                dxs[t] = xj[0];
                dys[t] = xj[1];
                dzs[t] = xj[2];
                if !L::UNIFORM {
                    coef[t] = *lookup.get(i, j as usize);
                }
            }
            for t in 0..k {
                let c = if L::UNIFORM { &c0 } else { &coef[t] };
                let dx = image(xi[0] - dxs[t]);
                let dy = image(xi[1] - dys[t]);
                let dz = image(xi[2] - dzs[t]);
                dxs[t] = dx;
                dys[t] = dy;
                dzs[t] = dz;
                let r2 = dx * dx + dy * dy + dz * dz;
                let (u, fr) = c.energy_force(r2);
                let inside = r2 < c.rc2;
                frs[t] = if inside { fr } else { 0.0 };
                if EV {
                    us[t] = if inside { u } else { 0.0 };
                }
            }
            for (t, &j) in block.iter().enumerate() {
                let (dx, dy, dz) = (dxs[t], dys[t], dzs[t]);
                let fr = frs[t];
                let (fx, fy, fz) = (fr * dx, fr * dy, fr * dz);
                fi[0] += fx;
                fi[1] += fy;
                fi[2] += fz;
                let fj = &mut f[j as usize];
                fj[0] -= fx;
                fj[1] -= fy;
                fj[2] -= fz;
                if EV {
                    sums.energy += us[t];
                    sums.virial[0] += dx * fx;
                    sums.virial[1] += dy * fy;
                    sums.virial[2] += dz * fz;
                    sums.virial[3] += dx * fy;
                    sums.virial[4] += dx * fz;
                    sums.virial[5] += dy * fz;
                }
            }
        }
        let fo = &mut f[i];
        fo[0] += fi[0];
        fo[1] += fi[1];
        fo[2] += fi[2];
    }
    sums
}
