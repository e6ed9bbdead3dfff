//! Claim: the scaled form (56) in (Φ, Π) = ε^{1/2}(R, P) with θ = ζ/(βε) and
//! f^th(Φ) = ε^{−1/2}F^th(Φ/ε^{1/2}) gives the same physical density W(R, P) = ε W̃(Φ, Π) as the
//! unscaled Kramers equation with mass m = m̂/ε and friction ζ.

use multiscope::coarse::Evolve;
use multiscope::coarse::{Boundary, Force1d, Grid1d, Kramers, ScaledParams};

#[test]
fn scaled_and_unscaled_forms_agree() {
    // Both forms are discretised on grids that map onto each other cell by cell, so the two
    // computations are the same arithmetic up to the order of floating-point operations: the
    // densities must agree to round-off (1e-10 of the peak after ~10³ steps), which checks every
    // scaled coefficient (ε/m̂, ε f^th, ε²θβ/m̂, ε²θ) and the Jacobian ε.
    for (epsilon, zeta, beta) in [
        (0.05f64, 10.0f64, 1.0f64),
        (0.002, 3.0, 4.0),
        (0.4, 0.5, 0.3),
    ] {
        let m = 1.0 / epsilon;
        let grid = Grid1d::new(-2.0, 2.0, 80, Boundary::Periodic).unwrap();
        let field = Force1d::double_well(2.0, 0.0, 1.0).unwrap();
        let sp = (m / beta).sqrt();
        // Default momentum range: it covers the energy of a fall from the top of the field.
        let mut un = Kramers::unscaled(m, zeta, beta, field.clone(), &grid, 96, None).unwrap();
        let params = ScaledParams {
            epsilon,
            m_hat: 1.0,
            beta,
            theta: zeta / (beta * epsilon),
        };
        let mut sc = Kramers::scaled(params, field, &grid, 96, None).unwrap();
        un.set_gaussian(-0.7, 0.8 * sp, 0.2, 0.5 * sp).unwrap();
        sc.set_gaussian(-0.7, 0.8 * sp, 0.2, 0.5 * sp).unwrap();
        // Physical time: a few oscillation periods of the well, 2π/ω₀ = 2π(m/16)^{1/2}.
        let t = 3.0 * (m / 16.0).sqrt();
        un.advance_to(t).unwrap();
        sc.advance_to(t).unwrap();
        let w_un = un.physical_density();
        let w_sc = sc.physical_density();
        let peak = w_un.iter().cloned().fold(0.0, f64::max);
        let diff = w_un
            .iter()
            .zip(&w_sc)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        println!(
            "ε={epsilon}: max |W_unscaled − εW̃_scaled| / max W = {:.2e}",
            diff / peak
        );
        assert!(diff < 1e-10 * peak, "ε={epsilon}: {diff} vs peak {peak}");
        let (a, b) = (un.moments(), sc.moments().to_physical(sc.scale()));
        assert!((a.mean_x - b.mean_x).abs() < 1e-10 && (a.var_y - b.var_y).abs() < 1e-8 * a.var_y);
        // And the density really moved: it is far from both the start and equilibrium.
        assert!((a.mean_x + 0.7).abs() > 0.05 || (a.mean_y - 0.8 * sp).abs() > 0.05 * sp);
    }
}

#[test]
fn equilibria_agree() {
    // exp(−β[Π²/(2m̂) + A]) in (Φ, Π) is exp(−β[P²/(2m) + A]) in (R, P): same cells, same values
    // after the Jacobian (round-off tolerance).
    let epsilon = 0.01;
    let grid = Grid1d::new(-3.0, 3.0, 40, Boundary::Reflecting).unwrap();
    let field = Force1d::harmonic(1.5, 0.2).unwrap();
    let un = Kramers::unscaled(100.0, 2.0, 2.0, field.clone(), &grid, 48, None).unwrap();
    let params = ScaledParams {
        epsilon,
        m_hat: 1.0,
        beta: 2.0,
        theta: 2.0 / (2.0 * epsilon),
    };
    let sc = Kramers::scaled(params, field, &grid, 48, None).unwrap();
    for (a, b) in un.physical_density().iter().zip(sc.physical_density()) {
        assert!((a - b).abs() < 1e-12 * a.abs().max(1e-3));
    }
}
