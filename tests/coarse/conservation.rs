//! Claim: every solver conserves Σ W ΔV to 1e-12 relative and keeps W ≥ 0 for extreme
//! parameters (ε from 1e-4 to 0.5, β from 0.1 to 10), and the Kramers solver reports a momentum
//! range that is too narrow instead of losing probability.

use multiscope::coarse::Evolve;
use multiscope::coarse::{
    Boundary, CoarseError, Force1d, Grid1d, Kramers, ScaledParams, Smoluchowski1d, Smoluchowski3d,
};

// Tolerance 1e-12: each step is a flux-form update (every transfer subtracted from one cell is
// added to another) or an M-matrix solve whose columns sum to one, so the mass changes only by
// round-off, ~n_cells·2⁻⁵³ ≈ 1e-13 per step for these grids, and these errors do not add up
// coherently over a few hundred steps.

#[test]
fn kramers_conserves_mass_and_positivity_at_extremes() {
    for &epsilon in &[1e-4, 1e-2, 0.5] {
        for &beta in &[0.1, 1.0, 10.0] {
            for boundary in [Boundary::Periodic, Boundary::Reflecting] {
                let grid = Grid1d::new(-2.0, 2.0, 64, boundary).unwrap();
                let field = Force1d::double_well(1.0, 0.0, 1.0).unwrap();
                let m = 1.0 / epsilon;
                let zeta = 3.0;
                let params = ScaledParams {
                    epsilon,
                    m_hat: 1.0,
                    beta,
                    theta: zeta / (beta * epsilon),
                };
                let mut k = Kramers::scaled(params, field, &grid, 64, None).unwrap();
                let sp = (m / beta).sqrt();
                k.set_gaussian(-0.5, sp, 0.2, 0.5 * sp).unwrap();
                let m0 = k.mass();
                k.advance(300.0 * k.max_time_step()).unwrap();
                let mm = k.moments();
                let tag = format!("ε={epsilon} β={beta} {boundary:?}");
                assert!((mm.mass - m0).abs() < 1e-12 * m0, "{tag}: mass {}", mm.mass);
                assert!(mm.min >= 0.0, "{tag}: min {}", mm.min);
                assert!(k.density().iter().all(|v| v.is_finite()), "{tag}");
            }
        }
    }
}

#[test]
fn kramers_survives_huge_friction_and_steps() {
    // ζ/m from 1e-3 to 1e4 with the largest step the Courant limits allow (up to cΔt ≫ 1):
    // mass, positivity and finiteness must hold.
    for &zeta in &[1e-3, 1.0, 2e4] {
        let grid = Grid1d::new(-2.0, 2.0, 48, Boundary::Reflecting).unwrap();
        let field = Force1d::harmonic(2.0, 0.0).unwrap();
        let mut k = Kramers::unscaled(2.0, zeta, 1.0, field, &grid, 48, None).unwrap();
        k.set_max_time_step(1e3).unwrap();
        k.set_gaussian(0.5, 0.0, 0.3, 0.5).unwrap();
        k.advance(100.0 * k.max_time_step()).unwrap();
        let m = k.moments();
        assert!((m.mass - 1.0).abs() < 1e-12, "ζ={zeta}: mass {}", m.mass);
        assert!(
            m.min >= 0.0 && k.density().iter().all(|v| v.is_finite()),
            "ζ={zeta}"
        );
    }
}

#[test]
fn smoluchowski_conserves_mass_and_positivity_at_extremes() {
    for &beta in &[0.1, 1.0, 10.0] {
        for &d in &[1e-4, 1.0, 100.0] {
            for boundary in [Boundary::Periodic, Boundary::Reflecting] {
                let grid = Grid1d::new(-2.0, 2.0, 200, boundary).unwrap();
                let field = Force1d::double_well(3.0, 0.0, 1.0).unwrap();
                let mut s = Smoluchowski1d::new(grid.clone(), field.clone(), d, beta).unwrap();
                s.set_gaussian(1.2, 0.05).unwrap();
                // Steps from the automatic choice up to 10⁴ times larger.
                for dt in [s.max_time_step(), 1e4 * s.max_time_step()] {
                    s.set_max_time_step(dt).unwrap();
                    s.advance(50.0 * dt).unwrap();
                    let m = s.moments();
                    let tag = format!("β={beta} D={d} {boundary:?} Δt={dt:e}");
                    assert!((m.mass - 1.0).abs() < 1e-12, "{tag}: mass {}", m.mass);
                    assert!(m.min >= 0.0, "{tag}: min {}", m.min);
                }
                let g3 = Grid1d::new(-2.0, 2.0, 20, boundary).unwrap();
                let g = [g3.clone(), g3.clone(), g3];
                let f = [field.clone(), Force1d::None, field.clone()];
                let mut s3 = Smoluchowski3d::new(g, f, [d, 2.0 * d, 0.5 * d], beta).unwrap();
                s3.set_gaussian([1.0, 0.0, -1.0], 0.1).unwrap();
                s3.advance(20.0 * 1e-3 / d).unwrap();
                let m = s3.moments(0);
                assert!(
                    (m.mass - 1.0).abs() < 1e-12 && m.min >= 0.0,
                    "3D β={beta} D={d}: {m:?}"
                );
            }
        }
    }
}

#[test]
fn narrow_momentum_range_is_an_error() {
    let grid = Grid1d::new(-2.0, 2.0, 32, Boundary::Periodic).unwrap();
    let params = ScaledParams {
        epsilon: 0.1,
        m_hat: 1.0,
        beta: 1.0,
        theta: 10.0,
    };
    // σ_P = (m k_BT)^{1/2} ≈ 3.2: a range of ±5 holds only 1.6σ_P.
    let mut k = Kramers::scaled(params, Force1d::None, &grid, 32, Some(5.0)).unwrap();
    assert!(matches!(
        k.advance(1.0),
        Err(CoarseError::MomentumDomainTooNarrow { .. })
    ));
    let mut wide = Kramers::scaled(params, Force1d::None, &grid, 64, None).unwrap();
    let err = wide.set_gaussian(0.0, 100.0, 0.2, 1.0).unwrap_err();
    assert!(err.to_string().contains("momentum"), "{err}");
}
