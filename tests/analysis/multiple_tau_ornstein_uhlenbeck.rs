//! Claim: on an Ornstein–Uhlenbeck process (exact AR(1) discretisation, seeded) the multiple-tau
//! correlator with block error bars recovers the exact autocorrelation C(t) = σ² e^{−t/τ}, zero
//! cross-correlations, and the Green–Kubo integral σ²τ, within a few standard errors.

use multiscope::analysis::{
    Cutoff, GreenKubo, MultipleTauParams, OrnsteinUhlenbeck, RunningIntegral,
};

const SIGMA: f64 = 1.3;
const TAU: f64 = 1.0;
const DT: f64 = 0.1;
/// 2^21 samples = 2.1·10⁵ τ; blocks of 2^15 samples (3277 τ) give K = 64 blocks.
const N: usize = 1 << 21;
const BLOCK: u64 = 1 << 15;
/// Standard errors allowed: with K = 64 blocks the standardised error is Student-t with 63 degrees
/// of freedom, P(|t| > 4) ≈ 1.7·10⁻⁴; over the ≈ 90 comparisons of a test a false alarm has
/// probability ≲ 2 %, and a wrong estimator (off by a few %) fails by many standard errors.
const K_SEM: f64 = 4.0;

fn run() -> (OrnsteinUhlenbeck<3>, RunningIntegral<3>) {
    let mut ou = OrnsteinUhlenbeck::<3>::new(SIGMA, TAU, DT, 2024);
    let mut gk = GreenKubo::<3>::new(DT, BLOCK, MultipleTauParams::default(), true);
    for _ in 0..N {
        gk.push_auto(ou.step());
    }
    assert_eq!(gk.n_blocks(), 64);
    (ou, gk.running_integral())
}

/// Level of a lag on the default grid (p = 16, m = 2): the block length b = 2^k of its values.
fn block_of(lag_samples: u64) -> u64 {
    let mut b = 1;
    while lag_samples >= 16 * b {
        b *= 2;
    }
    b
}

#[test]
fn correlation_matches_the_exact_exponential() {
    let (ou, ri) = run();
    let mut compared = 0;
    for (i, &t) in ri.times.iter().enumerate() {
        if t > 5.0 * TAU {
            break;
        }
        let lag = (t / DT).round() as u64;
        let b = block_of(lag);
        // What the level estimates exactly: the correlation of block means (equal to σ²φ^lag at
        // level 0).
        let expected = if b == 1 {
            ou.correlation(t)
        } else {
            ou.block_mean_correlation(lag / b, b)
        };
        // Smoothing bound of the documentation: the block-mean correlation of an exponential
        // exceeds C(t) by the factor [sinh(x/2)/(x/2)]² / [sinh(h/2)/(h/2)]² ≤ [sinh(x/2)/(x/2)]²,
        // x = b·dt/τ, h = dt/τ.
        let x = b as f64 * DT / TAU;
        let smoothing = ((x / 2.0).sinh() / (x / 2.0)).powi(2) - 1.0;
        assert!(expected >= ou.correlation(t) * (1.0 - 1e-12));
        assert!(expected - ou.correlation(t) <= smoothing * ou.correlation(t) + 1e-15);
        for a in 0..3 {
            for c in 0..3 {
                let value = ri.correlation[i][(a, c)];
                let sem = ri.correlation_sem[i][(a, c)];
                assert!(sem.is_finite() && sem > 0.0);
                let exact = if a == c { expected } else { 0.0 };
                assert!(
                    (value - exact).abs() <= K_SEM * sem,
                    "t = {t}, ({a},{c}): {value} vs {exact} ± {sem}"
                );
                if a == c {
                    let plain = ou.correlation(t);
                    assert!(
                        (value - plain).abs() <= K_SEM * sem + smoothing * plain,
                        "t = {t}: {value} vs σ²e^(-t/τ) = {plain}"
                    );
                }
            }
        }
        compared += 1;
    }
    assert!(compared >= 25, "compared {compared} lags");
}

#[test]
fn integral_matches_sigma_squared_tau() {
    let (ou, ri) = run();
    // Explicit cut-off 10τ: the exact tail beyond it is e^{-10} ≈ 5·10⁻⁵ of σ²τ; trapezoid and
    // smoothing biases are ≲ (dt/τ)²/12 ≈ 10⁻³ relative. Both are far below the ≈ 1 % standard
    // error of the integral, so the test is K_SEM standard errors.
    let plateau = ri.plateau(Cutoff::Time(10.0 * TAU)).expect("plateau");
    assert!((plateau.cutoff_time - 10.0 * TAU).abs() < 1.0 * TAU);
    let exact = ou.integral();
    eprintln!(
        "OU integral at t_c = {}: isotropic {} (exact {exact}), xx {}, xy {}",
        plateau.cutoff_time,
        plateau.value.isotropic,
        plateau.value.component(0, 0),
        plateau.value.component(0, 1)
    );
    for a in 0..3 {
        for c in 0..3 {
            let e = plateau.value.component(a, c);
            let target = if a == c { exact } else { 0.0 };
            assert!(
                (e.mean - target).abs() <= K_SEM * e.sem,
                "({a},{c}): {e} vs {target}"
            );
            // The error bar must be informative: ~1 % of σ²τ here (√(2·t_c/T) ≈ 0.01).
            assert!(e.sem < 0.05 * exact, "sem {} too large", e.sem);
        }
    }
    let iso = plateau.value.isotropic;
    assert!(iso.z_score(exact) <= K_SEM, "isotropic {iso} vs {exact}");
}
