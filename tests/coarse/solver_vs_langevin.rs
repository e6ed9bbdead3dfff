//! Claim: the density solvers and ensembles of the equivalent Langevin dynamics (same
//! coefficients, same force) give the same distribution: the total-variation distance between
//! the solver's cell probabilities and the trajectory histogram is at the level of sampling noise.

use multiscope::coarse::Evolve;
use multiscope::coarse::histogram;
use multiscope::coarse::{
    Baoab, Boundary, EulerMaruyama, Force1d, Grid1d, Kramers, OverdampedEnsemble, ScaledParams,
    Smoluchowski1d, UnderdampedEnsemble,
};

/// Total-variation distance ½Σ|p_i − q_i| between cell probabilities, and the value expected
/// from sampling noise alone for `n` samples, ½Σ (2p_i(1 − p_i)/(πn))^{1/2} (the mean absolute
/// deviation of a binomial count, normal approximation).
fn tv(p: &[f64], q: &[f64], n: usize) -> (f64, f64) {
    let d = 0.5 * p.iter().zip(q).map(|(a, b)| (a - b).abs()).sum::<f64>();
    let noise = 0.5
        * p.iter()
            .map(|&a| (2.0 * a * (1.0 - a) / (std::f64::consts::PI * n as f64)).sqrt())
            .sum::<f64>();
    (d, noise)
}

// Tolerance: the sampling part of the TV distance has mean `noise` and a standard deviation
// well below noise/4 for ≥ 60 occupied cells (a sum of many independent-ish terms), so
// 1.5·noise is exceeded by chance with negligible probability; the discretisation part
// (solver O(Δx²) ≈ 1e-3 on these grids, integrator bias O(Δt) or O(Δt²) ≈ 1e-3) is added as a
// fixed 0.005.
const DISCRETISATION: f64 = 0.005;

#[test]
fn kramers_solver_matches_baoab_ensemble() {
    let (epsilon, zeta, beta) = (0.1, 5.0, 1.0);
    let m = 1.0 / epsilon;
    let field = Force1d::double_well(2.0, 0.0, 1.0).unwrap();
    let grid = Grid1d::new(-1.9, 1.9, 96, Boundary::Reflecting).unwrap();
    let params = ScaledParams {
        epsilon,
        m_hat: 1.0,
        beta,
        theta: zeta / (beta * epsilon),
    };
    let sp = (m / beta).sqrt();
    let mut k = Kramers::scaled(params, field.clone(), &grid, 96, Some(7.0 * sp)).unwrap();
    k.set_gaussian(-1.0, 0.0, 0.15, 0.5 * sp).unwrap();
    let n = 50_000;
    let baoab = Baoab::new(m, zeta, beta, 0.005, field, Some(grid.clone())).unwrap();
    let mut ens =
        UnderdampedEnsemble::gaussian(baoab, n, (-1.0, 0.0), (0.15, 0.5 * sp), 3).unwrap();
    for t in [2.0, 5.0] {
        k.advance_to(t).unwrap();
        ens.advance_to(t);
        let dx = grid.dx();
        let dphi = k.x_grid().dx(); // Φ cells: ΔΦ = ε^{1/2}Δx
        let p: Vec<f64> = k.marginal_x().iter().map(|v| v * dphi).collect();
        let q: Vec<f64> = histogram(&grid, ens.positions())
            .iter()
            .map(|v| v * dx)
            .collect();
        let (d, noise) = tv(&p, &q, n);
        // Momentum marginal, on the solver's Π cells (Π = ε^{1/2}P).
        let dy = k.y_grid().dx();
        let py: Vec<f64> = k.marginal_y().iter().map(|v| v * dy).collect();
        let s = k.scale();
        let moms: Vec<f64> = ens.momenta().iter().map(|p| p * s).collect();
        let qy: Vec<f64> = histogram(k.y_grid(), &moms)
            .iter()
            .map(|v| v * dy)
            .collect();
        let (dy_tv, noise_y) = tv(&py, &qy, n);
        println!("t={t}: TV(x) {d:.4} (noise {noise:.4}), TV(p) {dy_tv:.4} (noise {noise_y:.4})");
        assert!(d < 1.5 * noise + DISCRETISATION, "t={t}: TV(x) {d}");
        assert!(
            dy_tv < 1.5 * noise_y + DISCRETISATION,
            "t={t}: TV(p) {dy_tv}"
        );
        // The full phase-plane histogram on the solver's cells (most cells hold few samples, so
        // the noise term dominates; same tolerance rule).
        let dv = k.x_grid().dx() * k.y_grid().dx();
        let p2: Vec<f64> = k.density().iter().map(|v| v * dv).collect();
        let q2: Vec<f64> = ens.phase_histogram(&k).iter().map(|v| v * dv).collect();
        let (d2, noise2) = tv(&p2, &q2, n);
        println!("t={t}: TV(x, p) {d2:.4} (noise {noise2:.4})");
        assert!(d2 < 1.5 * noise2 + DISCRETISATION, "t={t}: TV(x, p) {d2}");
    }
}

#[test]
fn smoluchowski_solver_matches_euler_maruyama_ensemble() {
    let (d, beta) = (0.5, 1.0);
    let field = Force1d::double_well(3.0, 0.0, 1.0).unwrap();
    let grid = Grid1d::new(-2.5, 2.5, 200, Boundary::Periodic).unwrap();
    let mut s = Smoluchowski1d::new(grid.clone(), field.clone(), d, beta).unwrap();
    s.set_gaussian(-1.4, 0.2).unwrap();
    let n = 50_000;
    let em = EulerMaruyama::new(d, beta, 5e-4, field, Some(grid.clone())).unwrap();
    let mut ens = OverdampedEnsemble::gaussian(em, n, -1.4, 0.2, 5).unwrap();
    for t in [0.1, 1.0] {
        s.advance_to(t).unwrap();
        ens.advance_to(t);
        let dx = grid.dx();
        let p: Vec<f64> = s.density().iter().map(|v| v * dx).collect();
        let q: Vec<f64> = histogram(&grid, ens.positions())
            .iter()
            .map(|v| v * dx)
            .collect();
        let (dist, noise) = tv(&p, &q, n);
        println!("t={t}: TV {dist:.4} (noise {noise:.4})");
        assert!(dist < 1.5 * noise + DISCRETISATION, "t={t}: TV {dist}");
    }
}

#[test]
fn ensembles_are_reproducible_and_seed_dependent() {
    let field = Force1d::harmonic(1.0, 0.0).unwrap();
    let make = |seed| {
        let b = Baoab::new(5.0, 1.0, 1.0, 0.01, field.clone(), None).unwrap();
        let mut e = UnderdampedEnsemble::gaussian(b, 3000, (1.0, 0.0), (0.1, 0.1), seed).unwrap();
        e.step(50);
        e.positions().to_vec()
    };
    let a = make(1);
    assert_eq!(a, make(1));
    assert_ne!(a, make(2));
    // Same result on a single-threaded pool: chunks own their streams.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    assert_eq!(a, pool.install(|| make(1)));
}
