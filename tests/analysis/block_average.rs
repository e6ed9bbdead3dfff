//! Claim: online Flyvbjerg–Petersen block averaging gives the correct standard error of the mean:
//! the exact asymptotic value σ_x √((1+φ)/((1−φ)n)) for an AR(1) series, σ/√n for iid data, and
//! error bars that cover the true mean at the nominal rate.

use multiscope::analysis::{BlockAverage, OrnsteinUhlenbeck};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Relative bias of the blocking variance at block size B for AR(1) with coefficient φ: the
/// variance of a mean of B consecutive samples is (σ²/B)[g − 2φ(1 − φ^B)/(B(1 − φ)²)] with
/// g = (1 + φ)/(1 − φ), so the level underestimates the asymptotic variance by this fraction.
fn variance_bias(phi: f64, block: u64) -> f64 {
    let b = block as f64;
    let g = (1.0 + phi) / (1.0 - phi);
    2.0 * phi * (1.0 - phi.powf(b)) / (b * (1.0 - phi).powi(2)) / g
}

#[test]
fn ar1_standard_error_matches_the_exact_asymptotic_value() {
    // φ = e^{−dt/τ} = e^{−0.1} ≈ 0.905: integrated correlation time ≈ 10 samples.
    let n: u64 = 1 << 20;
    let mut ou = OrnsteinUhlenbeck::<1>::new(1.5, 1.0, 0.1, 11);
    let mut b = BlockAverage::new();
    for _ in 0..n {
        b.push(ou.step()[0]);
    }
    let r = b.result().expect("result");
    let exact = ou.sem_of_mean(n);
    let curve = b.blocking_curve();
    let level = &curve[r.level];
    eprintln!(
        "AR(1): sem {} (level {}, {} blocks of {}), exact {exact}, naive {}",
        r.estimate.sem, r.level, level.n_blocks, level.block_size, curve[0].sem
    );
    assert!(r.converged);
    // The naive (level 0) error is √((1−φ)/(1+φ)) ≈ 0.22 of the truth: the method must fix it.
    assert!(curve[0].sem < 0.3 * exact);
    // Tolerance: 3 standard errors of the sem at the chosen level, sem/√(2(n'−1)), plus the
    // known finite-block bias of that level (half the variance bias, in the sem).
    let bias = 0.5 * variance_bias(ou.phi(), level.block_size) * exact;
    let tol = 3.0 * level.sem_error + bias;
    assert!(
        (r.estimate.sem - exact).abs() <= tol,
        "sem {} vs exact {exact} (tolerance {tol})",
        r.estimate.sem
    );
    // The true mean is 0.
    assert!(r.estimate.z_score(0.0) < 4.0, "mean {}", r.estimate);
}

#[test]
fn iid_standard_error_is_sigma_over_root_n() {
    let n: u64 = 1 << 20;
    let sigma = 2.0;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
    let mut b = BlockAverage::new();
    for _ in 0..n {
        let x: f64 = StandardNormal.sample(&mut rng);
        b.push(5.0 + sigma * x);
    }
    let r = b.result().expect("result");
    let exact = sigma / (n as f64).sqrt();
    let level = &b.blocking_curve()[r.level];
    eprintln!(
        "iid: sem {} at level {}, σ/√n = {exact}",
        r.estimate.sem, r.level
    );
    // Uncorrelated data: the plateau starts at once. The rule may move up a level or two on a
    // fluctuation, never far.
    assert!(r.level <= 3, "plateau level {}", r.level);
    assert!(
        (r.estimate.sem - exact).abs() <= 3.0 * level.sem_error,
        "sem {} vs {exact}",
        r.estimate.sem
    );
    assert!(r.estimate.z_score(5.0) < 4.0);
}

#[test]
fn error_bars_cover_the_true_mean_at_the_nominal_rate() {
    // 400 independent AR(1) series (φ = e^{−0.2} ≈ 0.82, 2^14 samples each): the interval
    // mean ± 2 sem should contain 0 in ≈ 95 % of them. Binomial sd of the fraction:
    // √(0.95·0.05/400) ≈ 0.011; the blocking sem is biased low by ≈ 2–4 % at the plateau level of
    // such short series, lowering the coverage to ≈ 94 %. Accept [0.90, 0.985] (≈ 4 sd below,
    // 3 sd above).
    let runs = 400;
    let mut covered = 0;
    for seed in 0..runs {
        let mut ou = OrnsteinUhlenbeck::<1>::new(1.0, 1.0, 0.2, 1000 + seed);
        let mut b = BlockAverage::new();
        for _ in 0..1 << 14 {
            b.push(ou.step()[0]);
        }
        let r = b.result().expect("result");
        if r.estimate.mean.abs() <= 2.0 * r.estimate.sem {
            covered += 1;
        }
    }
    let fraction = covered as f64 / runs as f64;
    eprintln!("coverage of ±2 sem: {fraction}");
    assert!((0.90..=0.985).contains(&fraction), "coverage {fraction}");
}

#[test]
fn checkpoint_round_trip_continues_identically() {
    let mut ou = OrnsteinUhlenbeck::<1>::new(1.0, 1.0, 0.1, 13);
    let mut a = BlockAverage::new();
    for _ in 0..5000 {
        a.push(ou.step()[0]);
    }
    let mut b: BlockAverage = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    for _ in 0..5000 {
        let x = ou.step()[0];
        a.push(x);
        b.push(x);
    }
    let (ra, rb) = (a.result().unwrap(), b.result().unwrap());
    assert_eq!(ra.level, rb.level);
    assert!((ra.estimate.sem - rb.estimate.sem).abs() < 1e-12);
    assert_eq!(a.n_samples(), 10_000);
}
