//! Claim: the multiple-tau correlator equals the direct estimator exactly at its first level, equals
//! the direct estimator of the block-averaged series exactly at every level, and stays within a few
//! statistical standard deviations of the direct (unsmoothed) estimator at long lags.

use multiscope::analysis::{MultipleTau, MultipleTauParams, block_means, direct_correlation};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

const N: usize = 20_000;

/// Two correlated 3-vector series with non-zero means: x iid N(μ_x, 1), y = 0.5·x + iid N(μ_y, 1)
/// (so the equal-time cross-correlation is non-trivial).
fn series(seed: u64) -> (Vec<[f64; 3]>, Vec<[f64; 3]>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut g = || -> f64 { StandardNormal.sample(&mut rng) };
    let mu_x = [0.3, -1.0, 2.0];
    let mu_y = [1.0, 0.5, -0.2];
    let mut xs = Vec::with_capacity(N);
    let mut ys = Vec::with_capacity(N);
    for _ in 0..N {
        let x: [f64; 3] = std::array::from_fn(|a| mu_x[a] + g());
        let y: [f64; 3] = std::array::from_fn(|a| 0.5 * x[(a + 1) % 3] + mu_y[a] + g());
        xs.push(x);
        ys.push(y);
    }
    (xs, ys)
}

fn params() -> MultipleTauParams {
    MultipleTauParams {
        points: 16,
        averaging: 2,
        levels: 8,
    }
}

/// Level of grid index `i`: level 0 holds the first p lags, each further level p − p/m.
fn level_of(i: usize) -> usize {
    let p = params();
    if i < p.points {
        0
    } else {
        1 + (i - p.points) / (p.points - p.points / p.averaging)
    }
}

fn correlator(xs: &[[f64; 3]], ys: &[[f64; 3]], subtract_mean: bool) -> MultipleTau<3> {
    let mut c = MultipleTau::<3>::new(0.01, params(), subtract_mean);
    for (x, y) in xs.iter().zip(ys) {
        c.push(*x, *y);
    }
    c
}

#[test]
fn level_zero_is_exact_with_and_without_mean_subtraction() {
    let (xs, ys) = series(1);
    for subtract_mean in [false, true] {
        let c = correlator(&xs, &ys, subtract_mean).correlation();
        let lags: Vec<u64> = c.lag_samples[..16].to_vec();
        assert_eq!(lags, (0..16).collect::<Vec<u64>>());
        let direct = direct_correlation(&xs, &ys, &lags, subtract_mean);
        for (i, d) in direct.iter().enumerate() {
            assert_eq!(c.counts[i], (N - i) as u64);
            // Same sums in a different order: only rounding differs (|C| ≲ 5, n = 2·10⁴ terms,
            // relative rounding ≲ 10⁻¹³).
            let diff = (c.values[i] - d).abs().max();
            assert!(diff < 1e-10, "lag {i}, mean {subtract_mean}: {diff}");
        }
    }
}

#[test]
fn every_level_is_exact_for_the_block_averaged_series() {
    let (xs, ys) = series(2);
    let c = correlator(&xs, &ys, false).correlation();
    let mut compared = 0;
    for (i, &lag) in c.lag_samples.iter().enumerate() {
        // Level of this grid index: level 0 holds the first p lags, each further level p − p/m.
        let level = level_of(i);
        let block = 1usize << level;
        let (bx, by) = (block_means(&xs, block), block_means(&ys, block));
        let j = lag / block as u64;
        let d = direct_correlation(&bx, &by, &[j], false)[0];
        assert_eq!(c.counts[i], (bx.len() as u64) - j, "count at lag {lag}");
        let diff = (c.values[i] - d).abs().max();
        assert!(diff < 1e-10, "lag {lag} (level {level}): {diff}");
        compared += 1;
    }
    assert!(compared > 60, "too few lags compared: {compared}");
}

#[test]
fn long_lags_stay_within_statistical_noise_of_the_direct_estimate() {
    let (xs, ys) = series(3);
    let c = correlator(&xs, &ys, true).correlation();
    let direct = direct_correlation(&xs, &ys, &c.lag_samples, true);
    // The series are white noise, so for lag ℓ > 0 both estimators have the same expectation and
    // differ only by noise. Direct: mean of n − ℓ uncorrelated products of variance
    // var(x_a)·var(y_b), sd = √(var x_a var y_b /(n − ℓ)). Level k (block b = 2^k): products of
    // block means, sd = √(var x_a var y_b)/(b √count). 5 combined sd per comparison: a false
    // alarm has probability < 10⁻⁶ each, < 10⁻³ over the ~1000 comparisons.
    let var_x: f64 = 1.0;
    let var_y: [f64; 3] = [1.25, 1.25, 1.25]; // 0.25·var(x) + 1
    for (i, &lag) in c.lag_samples.iter().enumerate().skip(1) {
        let level_block = (1u64 << level_of(i)) as f64;
        for a in 0..3 {
            for b in 0..3 {
                let s = (var_x * var_y[b]).sqrt();
                let sd_direct = s / ((N as u64 - lag) as f64).sqrt();
                let sd_level = s / (level_block * (c.counts[i] as f64).sqrt());
                let diff = (c.values[i][(a, b)] - direct[i][(a, b)]).abs();
                assert!(
                    diff < 5.0 * (sd_direct + sd_level),
                    "lag {lag} ({a},{b}): diff {diff}, bound {}",
                    5.0 * (sd_direct + sd_level)
                );
            }
        }
    }
}

#[test]
fn checkpoint_reset_and_constant_memory() {
    let (xs, ys) = series(4);
    let mut a = MultipleTau::<3>::new(0.01, params(), true);
    for (x, y) in xs.iter().zip(&ys).take(N / 2) {
        a.push(*x, *y);
    }
    let memory_half = a.memory_values();
    // Serde checkpoint in the middle of the run, then both continue.
    let json = serde_json::to_string(&a).expect("serialise");
    let mut b: MultipleTau<3> = serde_json::from_str(&json).expect("deserialise");
    for (x, y) in xs.iter().zip(&ys).skip(N / 2) {
        a.push(*x, *y);
        b.push(*x, *y);
    }
    assert_eq!(a.memory_values(), memory_half, "memory grew with the run");
    let (ca, cb) = (a.correlation(), b.correlation());
    assert_eq!(ca.counts, cb.counts);
    for (va, vb) in ca.values.iter().zip(&cb.values) {
        // JSON round-trips f64 to within an ulp; the continued sums then agree to rounding.
        assert!((va - vb).abs().max() < 1e-12);
    }
    // Reset forgets everything; the same data then give the same answer as a fresh correlator.
    a.reset();
    assert_eq!(a.n_samples(), 0);
    assert!(a.counts().iter().all(|&c| c == 0));
    for (x, y) in xs.iter().zip(&ys) {
        a.push(*x, *y);
    }
    let fresh = correlator(&xs, &ys, true).correlation();
    assert_eq!(a.correlation(), fresh);
}

#[test]
fn scalar_correlator_is_the_one_dimensional_case() {
    let (xs, ys) = series(5);
    let mut s = MultipleTau::<1>::new(0.01, params(), false);
    let mut v = MultipleTau::<3>::new(0.01, params(), false);
    for (x, y) in xs.iter().zip(&ys) {
        s.push_scalar(x[1], y[2]);
        v.push(*x, *y);
    }
    let (cs, cv) = (s.correlation(), v.correlation());
    for (a, b) in cs.values.iter().zip(&cv.values) {
        assert_eq!(a[(0, 0)], b[(1, 2)]);
    }
}
