//! Claim (docs/physics.md, θ of the held particle; Kirkwood's plateau problem in a finite host): the
//! force on a particle held in a reservoir of finite mass M integrates to zero, `F = −dP_res/dt`,
//! so its running integral has no flat plateau; `RunningIntegral::finite_reservoir` recovers the
//! memory kernel's integral `k_BT ζ` (Mori's GLE for the relative velocity,
//! `Ĉ_F = k_BT K̂/(1 + K̂/(Ms))`), which the uncorrected integral misses by many standard errors.
//!
//! Synthetic held particle with a known kernel `K(t) = (ζ/τ_R) e^{−t/τ_R}` (Markovian embedding
//! with an auxiliary force z): `dP_res/dt = −z`, `u = −P_res/M`,
//! `dz = −(z + ζ u) dt/τ_R + (√(2k_BTζ)/τ_R) dW`; the sampled force is F = z.

use multiscope::analysis::{Cutoff, GreenKubo, MultipleTauParams};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

const KT: f64 = 1.0;
const ZETA: f64 = 10.0;
const TAU_R: f64 = 0.1;
const MASS: f64 = 20.0; // M/ζ = 2: the integral decays 20 times slower than the kernel.
const DT: f64 = 0.005;

fn held_force(seed: u64, samples: usize, block: u64) -> GreenKubo<3> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut gk = GreenKubo::<3>::new(DT, block, MultipleTauParams::default(), true);
    let decay = (-DT / TAU_R).exp();
    // Stationary start: P_res ~ N(0, M k_BT), z ~ N(0, k_BT ζ/τ_R).
    let mut p: [f64; 3] = std::array::from_fn(|_| {
        let g: f64 = StandardNormal.sample(&mut rng);
        (MASS * KT).sqrt() * g
    });
    let mut z: [f64; 3] = std::array::from_fn(|_| {
        let g: f64 = StandardNormal.sample(&mut rng);
        (KT * ZETA / TAU_R).sqrt() * g
    });
    let noise = (KT * ZETA / TAU_R * (1.0 - decay * decay)).sqrt();
    for _ in 0..samples {
        for a in 0..3 {
            // Split step: P half, z exact OU about its drift target −ζu = ζP/M, P half.
            p[a] -= 0.5 * DT * z[a];
            let target = ZETA * p[a] / MASS;
            let xi: f64 = StandardNormal.sample(&mut rng);
            z[a] = target + (z[a] - target) * decay + noise * xi;
            p[a] -= 0.5 * DT * z[a];
        }
        gk.push_auto(z);
    }
    gk
}

#[test]
fn finite_reservoir_recovers_the_kernel_integral() {
    // 2^20 samples = 5.2·10³ τ in 64 blocks of 82 τ (≈ 40 M/ζ).
    let gk = held_force(5, 1 << 20, 1 << 14);
    let raw = gk.running_integral();
    let kernel = raw.finite_reservoir(MASS, KT);
    let exact = ZETA * KT;
    let p_raw = raw.plateau(Cutoff::default()).unwrap();
    let p = kernel.plateau(Cutoff::default()).unwrap();
    let (iso_raw, iso) = (p_raw.value.isotropic, p.value.isotropic);
    eprintln!(
        "raw {iso_raw} at {} τ; kernel {iso} at {} τ; exact {exact}",
        p_raw.cutoff_time, p.cutoff_time
    );
    // 64 blocks, Student-t: 4 standard errors.
    assert!(p.converged && iso.z_score(exact) < 4.0, "{iso} vs {exact}");
    for a in 0..3 {
        let e = p.value.component(a, a);
        assert!(e.z_score(exact) < 4.0, "({a},{a}): {e}");
    }
    // Without the correction the integral is low by ≈ ζt_c/M, many standard errors.
    assert!(
        iso_raw.mean < exact && iso_raw.z_score(exact) > 5.0,
        "raw {iso_raw}"
    );
    // The corrected integral is flat where the raw one decays: at M/ζ = 2 τ the raw integral
    // has lost ≈ 1 − 1/e of ζk_BT, the kernel's is still ζk_BT (its error bar grows as e^{ζt/M}).
    let late_raw = raw.plateau(Cutoff::Time(2.0)).unwrap().value.isotropic;
    let late = kernel.plateau(Cutoff::Time(2.0)).unwrap().value.isotropic;
    eprintln!(
        "at 2 τ: raw {late_raw}, kernel {late}; at 1 τ: {}",
        kernel.plateau(Cutoff::Time(1.0)).unwrap().value.isotropic
    );
    assert!(late_raw.mean < 0.5 * exact);
    assert!(late.z_score(exact) < 4.0, "late {late}");
}

#[test]
fn an_infinite_reservoir_changes_nothing_and_lags_without_error_bars_are_nan() {
    let gk = held_force(6, 1 << 14, 1 << 10);
    let raw = gk.running_integral();
    let same = raw.finite_reservoir(1e15, KT);
    let last = raw
        .isotropic_integral
        .iter()
        .rposition(|e| e.sem.is_finite())
        .unwrap();
    for i in 0..=last {
        let (a, b) = (raw.isotropic_integral[i], same.isotropic_integral[i]);
        assert!(
            (a.mean - b.mean).abs() <= 1e-9 * (1.0 + a.mean.abs()),
            "lag {i}"
        );
    }
    assert!(
        same.isotropic_integral[last + 1..]
            .iter()
            .all(|e| e.mean.is_nan())
    );
}
