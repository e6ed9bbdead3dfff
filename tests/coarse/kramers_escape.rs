//! Claim: over a barrier ΔU = 5–8 k_BT the escape rate from the Kramers solver (flux over
//! population) and from a BAOAB ensemble (mean first passage) agree with each other and with
//! Kramers' formula k = (λ₊/ω_b)(ω₀/2π)e^{−βΔU}; the Smoluchowski solver's rate agrees with the
//! exact overdamped mean first-passage time.

use multiscope::coarse::Evolve;
use multiscope::coarse::{
    Baoab, Boundary, Force1d, Grid1d, Kramers, ScaledParams, Smoluchowski1d, UnderdampedEnsemble,
};
use multiscope::coarse::{double_well_frequencies, kramers_rate, mfpt_in_potential};

const EPS: f64 = 0.1; // m = 10 m̂
const BETA: f64 = 1.0;
const A: f64 = 1.0;
const WALL: f64 = 1.9; // reflecting walls at ±1.9σ: U(±1.9) = ΔU·6.8, far above the barrier
/// ζ/m = ω_b at ΔU = 6: moderate friction, where Kramers' formula applies.
const ZETA: f64 = 15.5;

fn mass() -> f64 {
    1.0 / EPS
}

/// Flux-over-population rate of the phase-plane solver: start from the Boltzmann density of the
/// left well, let it relax for `t1`, then k = J(0)/(n_L − n_R), averaged over t ∈ [t1, 2t1]
/// (two-state kinetics: J = k n_L − k n_R for a symmetric well).
fn solver_rate(du: f64, n_r: usize, n_p: usize) -> (f64, f64) {
    let grid = Grid1d::new(-WALL, WALL, n_r, Boundary::Reflecting).unwrap();
    let params = ScaledParams {
        epsilon: EPS,
        m_hat: 1.0,
        beta: BETA,
        theta: ZETA / (BETA * EPS),
    };
    let field = Force1d::double_well(du, 0.0, A).unwrap();
    let mut k = Kramers::scaled(
        params,
        field,
        &grid,
        n_p,
        Some(8.0 * (mass() / BETA).sqrt()),
    )
    .unwrap();
    let nx = n_r;
    let mut w = k.equilibrium();
    for (idx, v) in w.iter_mut().enumerate() {
        if idx % nx >= nx / 2 {
            *v = 0.0;
        }
    }
    k.set_histogram(&w).unwrap();
    let mut rates = vec![];
    let t1 = 10.0;
    for step in 0..=4 {
        k.advance_to(t1 * (1.0 + 0.25 * step as f64)).unwrap();
        let marg = k.marginal_x();
        let dx = k.x_grid().dx();
        let n_l: f64 = marg[..nx / 2].iter().sum::<f64>() * dx;
        let n_r: f64 = marg[nx / 2..].iter().sum::<f64>() * dx;
        let j = k.current_x();
        let j0 = 0.5 * (j[nx / 2 - 1] + j[nx / 2]);
        rates.push(j0 / (n_l - n_r));
    }
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    let spread = rates.iter().map(|r| (r - mean).abs()).fold(0.0, f64::max);
    (mean, spread)
}

fn kramers(du: f64) -> f64 {
    let (w0, wb) = double_well_frequencies(du, A, mass());
    kramers_rate(mass(), ZETA, BETA, w0, wb, du)
}

#[test]
fn phase_plane_rate_matches_kramers_formula() {
    // Kramers' formula is the leading term of an expansion in k_BT/ΔU, so the solver (which has
    // no such approximation) may differ by O(k_BT/ΔU): tolerance 1/(βΔU). The deviation must
    // also shrink as the barrier grows (the formula is asymptotic), and the flux-over-population
    // ratio must be stationary (spread < 1 %) once the left well has relaxed.
    let mut deviations = vec![];
    for du in [5.0, 8.0] {
        let (k, spread) = solver_rate(du, 160, 96);
        let kf = kramers(du);
        let dev = (k / kf - 1.0).abs();
        println!(
            "ΔU={du}: solver {k:.4e} ± {spread:.1e}, Kramers {kf:.4e}, ratio {:.4}",
            k / kf
        );
        assert!(spread < 0.01 * k, "rate not stationary: {k} ± {spread}");
        assert!(dev < 1.0 / (BETA * du), "ΔU={du}: deviation {dev}");
        deviations.push(dev);
    }
    assert!(deviations[1] < deviations[0], "{deviations:?}");
}

#[test]
fn langevin_first_passage_matches_solver() {
    let du = 5.0;
    let n = 2000;
    let field = Force1d::double_well(du, 0.0, A).unwrap();
    let domain = Grid1d::new(-WALL, WALL, 10, Boundary::Reflecting).unwrap();
    let baoab = Baoab::new(mass(), ZETA, BETA, 0.02, field, Some(domain)).unwrap();
    let sp = (mass() / BETA).sqrt();
    let mut ens = UnderdampedEnsemble::gaussian(baoab, n, (-A, 0.0), (0.0, sp), 7).unwrap();
    let times = ens.first_passage_times(A, 1e5);
    let done: Vec<f64> = times.iter().flatten().cloned().collect();
    let mfpt = done.iter().sum::<f64>() / done.len() as f64;
    let var = done.iter().map(|t| (t - mfpt).powi(2)).sum::<f64>() / (done.len() - 1) as f64;
    let se = (var / done.len() as f64).sqrt();
    let (k, _) = solver_rate(du, 160, 96);
    println!(
        "MFPT {mfpt:.1} ± {se:.1} ({} of {n}), 1/k solver {:.1}, 1/k Kramers {:.1}",
        done.len(),
        1.0 / k,
        1.0 / kramers(du)
    );
    // Every trajectory must have crossed (t_max = 100/k). 1/MFPT to the far minimum equals the
    // two-state rate up to corrections of order (k_BT/ΔU)² = 4 %; the MFPT itself has the
    // statistical error se (exponentially distributed times: se ≈ MFPT/√N ≈ 2 %); BAOAB's
    // O(Δt²) bias at ω₀Δt = 0.04 is ~0.2 %. Tolerance: 3 se + 4 %.
    assert_eq!(done.len(), n);
    assert!(
        (mfpt * k - 1.0).abs() < 3.0 * se / mfpt + 1.0 / (BETA * du).powi(2),
        "MFPT {mfpt} vs 1/k {}",
        1.0 / k
    );
}

#[test]
fn overdamped_rate_matches_exact_mfpt() {
    let du = 6.0;
    let d = 1.0 / (BETA * ZETA);
    let field = Force1d::double_well(du, 0.0, A).unwrap();
    let grid = Grid1d::new(-WALL, WALL, 400, Boundary::Reflecting).unwrap();
    let mut s = Smoluchowski1d::new(grid, field.clone(), d, BETA).unwrap();
    let nx = 400;
    let mut w = s.equilibrium();
    for v in &mut w[nx / 2..] {
        *v = 0.0;
    }
    s.set_histogram(&w).unwrap();
    let tau = mfpt_in_potential(|x| field.potential(x), d, BETA, -WALL, -A, A, 200_000);
    // The MFPT integral is exact for this model (midpoint rule on 2e5 points: 1e-10). 1/τ_MFPT
    // to the far minimum and the flux-over-population rate agree up to corrections of order
    // (k_BT/ΔU)² ≈ 3 %, the tolerance; the ratio must not drift between the two times (0.1 %).
    let mut ratios = vec![];
    for t in [20.0, 40.0] {
        s.advance_to(t).unwrap();
        let dx = s.grid().dx();
        let n_l: f64 = s.density()[..nx / 2].iter().sum::<f64>() * dx;
        let n_r: f64 = s.density()[nx / 2..].iter().sum::<f64>() * dx;
        let j = s.currents()[nx / 2 - 1];
        let ratio = j / (n_l - n_r) * tau;
        println!("t={t}: k·τ_MFPT = {ratio:.4}");
        assert!(
            (ratio - 1.0).abs() < 1.0 / (BETA * du).powi(2),
            "k·τ = {ratio}"
        );
        ratios.push(ratio);
    }
    assert!((ratios[0] - ratios[1]).abs() < 1e-3);
}
