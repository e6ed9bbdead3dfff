//! Claim: in a harmonic trap the Kramers solver's means and full covariance follow the exact
//! Lyapunov solution, for under- and over-damped friction; so does the BAOAB ensemble.

use multiscope::coarse::Evolve;
use multiscope::coarse::HarmonicKramers;
use multiscope::coarse::{
    Baoab, Boundary, Force1d, Grid1d, Kramers, ScaledParams, UnderdampedEnsemble,
};

const EPS: f64 = 0.1; // m = m̂/ε = 10 m̂
const K: f64 = 1.0;
const BETA: f64 = 1.0;
const R0: f64 = 3.0;
const SR: f64 = 0.4;
const SP: f64 = 1.2;

fn solver(zeta: f64, n: usize, dt: f64) -> Kramers {
    let grid = Grid1d::new(-10.0, 10.0, n, Boundary::Reflecting).unwrap();
    let params = ScaledParams {
        epsilon: EPS,
        m_hat: 1.0,
        beta: BETA,
        theta: zeta / (BETA * EPS),
    };
    let field = Force1d::harmonic(K, 0.0).unwrap();
    let mut k = Kramers::scaled(params, field, &grid, n, Some(26.0)).unwrap();
    k.set_max_time_step(dt).unwrap();
    k.set_gaussian(R0, 0.0, SR, SP).unwrap();
    k
}

/// Largest error of (means, covariance) in physical units, each relative to its natural scale
/// (equilibrium standard deviations σ_R = (βk)^{-1/2}, σ_P = (m/β)^{1/2}).
fn errors(k: &mut Kramers, zeta: f64, times: &[f64]) -> f64 {
    let exact = HarmonicKramers {
        mass: 1.0 / EPS,
        k: K,
        zeta,
        beta: BETA,
    };
    let sr = 1.0 / (BETA * K).sqrt();
    let sp = (1.0 / EPS / BETA).sqrt();
    let mut worst: f64 = 0.0;
    for &t in times {
        k.advance_to(t).unwrap();
        let m = k.moments().to_physical(k.scale());
        let (mu, c) = exact.evolve([R0, 0.0], [[SR * SR, 0.0], [0.0, SP * SP]], t);
        let e = [
            (m.mean_x - mu[0]) / sr,
            (m.mean_y - mu[1]) / sp,
            (m.var_x - c[0][0]) / (sr * sr),
            (m.cov_xy - c[0][1]) / (sr * sp),
            (m.var_y - c[1][1]) / (sp * sp),
        ];
        for v in e {
            worst = worst.max(v.abs());
        }
    }
    worst
}

#[test]
fn kramers_moments_follow_lyapunov() {
    for (label, zeta, times) in [
        ("underdamped ζ=0.5", 0.5, [2.0, 5.0, 10.0, 20.0]),
        ("overdamped ζ=20", 20.0, [2.0, 10.0, 20.0, 40.0]),
    ] {
        let coarse = errors(&mut solver(zeta, 128, 0.02), zeta, &times);
        let fine = errors(&mut solver(zeta, 256, 0.01), zeta, &times);
        let order = (coarse / fine).log2();
        println!(
            "{label}: max scaled error {coarse:.3e} (128², Δt=0.02) → {fine:.3e} (256², Δt=0.01), order {order:.2}"
        );
        assert!(fine < 0.01, "{label}: error {fine}");
        assert!(order > 0.8, "{label}: order {order}");
    }
}

#[test]
fn baoab_moments_follow_lyapunov() {
    // 20 000 independent trajectories: each moment is compared within 4.5 standard errors
    // (the chance that one of the 5 × 2 × 2 comparisons fails by chance is below 1e-4). The
    // BAOAB bias at ω·Δt = 0.003 is O((ωΔt)²) ≈ 1e-5 relative, far below the noise.
    let n = 20_000;
    for (zeta, seed) in [(0.5, 11), (20.0, 12)] {
        let m = 1.0 / EPS;
        let baoab = Baoab::new(
            m,
            zeta,
            BETA,
            0.01,
            Force1d::harmonic(K, 0.0).unwrap(),
            None,
        )
        .unwrap();
        let mut ens = UnderdampedEnsemble::gaussian(baoab, n, (R0, 0.0), (SR, SP), seed).unwrap();
        let exact = HarmonicKramers {
            mass: m,
            k: K,
            zeta,
            beta: BETA,
        };
        for t in [5.0, 20.0] {
            ens.advance_to(t);
            let (mu, c) = ens.moments();
            let (emu, ec) = exact.evolve([R0, 0.0], [[SR * SR, 0.0], [0.0, SP * SP]], t);
            let nf = n as f64;
            let checks = [
                ("⟨R⟩", mu[0], emu[0], (ec[0][0] / nf).sqrt()),
                ("⟨P⟩", mu[1], emu[1], (ec[1][1] / nf).sqrt()),
                ("C_RR", c[0][0], ec[0][0], ec[0][0] * (2.0 / nf).sqrt()),
                (
                    "C_RP",
                    c[0][1],
                    ec[0][1],
                    ((ec[0][0] * ec[1][1] + ec[0][1] * ec[0][1]) / nf).sqrt(),
                ),
                ("C_PP", c[1][1], ec[1][1], ec[1][1] * (2.0 / nf).sqrt()),
            ];
            for (name, got, want, se) in checks {
                assert!(
                    (got - want).abs() < 4.5 * se,
                    "ζ={zeta} t={t} {name}: {got} vs {want} (se {se})"
                );
            }
        }
    }
}
