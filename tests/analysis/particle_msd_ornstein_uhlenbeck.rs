//! Claim: for an underdamped Langevin free particle (Ornstein–Uhlenbeck momentum integrated to a
//! position, exactly) the single-particle MSD with block errors agrees with the exact
//! MSD(t) = 6(k_BT/ζ)[t − τ_P(1 − e^{−t/τ_P})] at every lag from ballistic to diffusive, and D_MSD
//! from the automatic fit window agrees with k_BT/ζ, within a few standard errors.

use multiscope::analysis::{FitWindow, MultipleTauParams, ParticleMsd};
use multiscope::coarse::langevin_msd;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

const MASS: f64 = 20.0;
const ZETA: f64 = 10.0; // τ_P = 2 τ
const KT: f64 = 1.0; // D = k_BT/ζ = 0.1 σ²/τ
const DT: f64 = 0.2; // τ_P/10
/// 2^14 samples per block = 3277 τ ≈ 1640 τ_P; 128 blocks (the store keeps 32 entries of 4).
const BLOCK: u64 = 1 << 14;
const N: usize = 1 << 21;
/// Per-lag tolerance: with K = 32 entries the standardised error is Student-t with 31 degrees of
/// freedom, P(|t| > 4) ≈ 3.5·10⁻⁴; over the ≈ 130 lags with an error bar (strongly correlated
/// neighbours) a false alarm has probability < 5 %; a wrong estimator fails by many errors.
const K_LAG: f64 = 4.0;

/// Exact joint update of (x, v) of one component over h (Gillespie, Phys. Rev. E 54, 2084
/// (1996)): v' = φv + ξ_v, x' = x + τ(1 − φ)v + ξ_x, with Gaussian (ξ_x, ξ_v) of covariance
/// σ_v²·[[τ²(2h/τ − 3 + 4φ − φ²), τ(1 − φ)²], [τ(1 − φ)², 1 − φ²]].
struct ExactLangevin {
    phi: f64,
    tau: f64,
    chol: [f64; 3],
    x: [f64; 3],
    v: [f64; 3],
    rng: Xoshiro256PlusPlus,
}

impl ExactLangevin {
    fn new(seed: u64) -> Self {
        let tau = MASS / ZETA;
        let s2 = KT / MASS;
        let phi = (-DT / tau).exp();
        let cxx = s2 * tau * tau * (2.0 * DT / tau - 3.0 + 4.0 * phi - phi * phi);
        let cxv = s2 * tau * (1.0 - phi).powi(2);
        let cvv = s2 * (1.0 - phi * phi);
        let l11 = cvv.sqrt();
        let l21 = cxv / l11;
        let l22 = (cxx - l21 * l21).sqrt();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let v = std::array::from_fn(|_| {
            let z: f64 = StandardNormal.sample(&mut rng);
            s2.sqrt() * z
        });
        Self {
            phi,
            tau,
            chol: [l11, l21, l22],
            x: [0.0; 3],
            v,
            rng,
        }
    }

    fn step(&mut self) -> [f64; 3] {
        for a in 0..3 {
            let z1: f64 = StandardNormal.sample(&mut self.rng);
            let z2: f64 = StandardNormal.sample(&mut self.rng);
            let [l11, l21, l22] = self.chol;
            self.x[a] += self.tau * (1.0 - self.phi) * self.v[a] + l21 * z1 + l22 * z2;
            self.v[a] = self.phi * self.v[a] + l11 * z1;
        }
        self.x
    }
}

#[test]
fn msd_matches_ornstein_uhlenbeck_and_gives_d() {
    let mut particle = ExactLangevin::new(7);
    let params = MultipleTauParams::default();
    let mut msd = ParticleMsd::new(DT, BLOCK, params);
    msd.push([0.0; 3]);
    for _ in 1..N {
        msd.push(particle.step());
    }
    assert_eq!(msd.n_blocks(), 128);
    let curve = msd.curve();
    assert_eq!(curve.n_entries, 32);
    let mut worst: f64 = 0.0;
    let mut checked = 0;
    for (t, e) in curve.lag_times.iter().zip(&curve.msd).skip(1) {
        if !e.sem.is_finite() {
            continue;
        }
        let exact = langevin_msd(MASS, ZETA, KT, *t);
        let z = (e.mean - exact) / e.sem;
        worst = worst.max(z.abs());
        checked += 1;
        assert!(
            z.abs() < K_LAG,
            "lag {t}: {} ± {} vs exact {exact} (z = {z:.2})",
            e.mean,
            e.sem
        );
    }
    // Lags from Δt = τ_P/10 (ballistic) to the block length (≈ 1640 τ_P) are covered.
    let with_error: Vec<f64> = curve
        .lag_times
        .iter()
        .zip(&curve.msd)
        .filter(|(_, e)| e.sem.is_finite())
        .map(|(t, _)| *t)
        .collect();
    assert!(with_error[1] <= 0.1 * MASS / ZETA && *with_error.last().unwrap() > 1000.0);
    // Memory does not grow with the run: 32 block curves of ≤ n_lags values.
    assert!(curve.lag_times.len() <= params.n_lags());

    let tau_p = msd.momentum_time().unwrap();
    let fit = msd.diffusion(FitWindow::default()).unwrap();
    let d_exact = KT / ZETA;
    let z_d = (fit.d.mean - d_exact) / fit.d.sem;
    println!(
        "{checked} lags, worst |z| = {worst:.2}; τ_P from curve {tau_p:.3} (exact {}); \
         D_MSD = {} (window {:.1}–{:.1} τ, {} points, K = {}), exact {d_exact}, z = {z_d:.2}",
        MASS / ZETA,
        fit.d,
        fit.t_min,
        fit.t_max,
        fit.n_points,
        fit.n_entries
    );
    // τ_P from the curve is rough by design (see `momentum_time`): within 30 %.
    assert!((tau_p / (MASS / ZETA) - 1.0).abs() < 0.3, "τ_P {tau_p}");
    assert!(z_d.abs() < 3.0, "D_MSD {} vs {d_exact}", fit.d);
    // The error bar is an error bar: a few per cent here, not zero and not 100 %.
    assert!(fit.d.sem > 0.002 * d_exact && fit.d.sem < 0.1 * d_exact);
    // With the friction-measured τ_P given, the same answer.
    let given = msd
        .diffusion(FitWindow::Auto {
            after: 5.0,
            block_fraction: 0.1,
            tau_p: Some(MASS / ZETA),
        })
        .unwrap();
    assert!(
        ((given.d.mean - d_exact) / given.d.sem).abs() < 3.0,
        "{}",
        given.d
    );
}
