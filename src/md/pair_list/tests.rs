//! Tests of the cluster-pair list against the per-atom reference, across paths, precisions,
//! thread counts and prunes.

use super::gather::{padding_bits, padding_position};
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
            let mut p =
                [0, 1, 2].map(|k| (cell[k] as f64 + s[k]) * a + 0.2 * (rng.random::<f64>() - 0.5));
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
        simd::force(Some(Isa::Simd128)).unwrap();
        let base = run(&mut f, &table, Precision::Double);
        let base_mixed = run(&mut f, &table, Precision::Mixed);
        for isa in Isa::available() {
            simd::force(Some(isa)).unwrap();
            let got = run(&mut f, &table, Precision::Double);
            assert!(
                got == base,
                "{isa} differs from simd128 in double precision"
            );
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
                let inner = f.list.inner.expect("pruned");
                assert!(inner.pairs.len() < outer * 3 / 4);
                lists.push((isa, inner.offsets, inner.pairs));
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
                assert!(e.contains("simd128"), "{e}");
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
