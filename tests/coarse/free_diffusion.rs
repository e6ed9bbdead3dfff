//! Claim: free diffusion from a point spreads with variance 2Dt per component (1D and 3D), and
//! the 1D density converges to the exact Gaussian at second order in Δx (with Δt ∝ Δx²).

use multiscope::coarse::Evolve;
use multiscope::coarse::free_variance;
use multiscope::coarse::{Boundary, Force1d, Grid1d, Smoluchowski1d, Smoluchowski3d};

#[test]
fn variance_grows_as_2dt_in_1d() {
    // Backward Euler on the three-point Laplacian changes Σ x² W Δx by exactly 2DΔt per step (a
    // discrete identity), so the variance is exact up to round-off and to the mass reaching
    // the walls (e^{-200} here): the tolerance 1e-10 relative is round-off over ~10³ steps.
    let d = 0.7;
    let grid = Grid1d::new(-20.0, 20.0, 800, Boundary::Reflecting).unwrap();
    let mut s = Smoluchowski1d::new(grid, Force1d::None, d, 1.0).unwrap();
    s.set_gaussian(0.3, 0.2).unwrap();
    let var0 = s.moments().variance;
    for t in [0.5, 1.0, 2.0] {
        s.advance_to(t).unwrap();
        let m = s.moments();
        let want = free_variance(var0, d, t);
        assert!(
            (m.variance - want).abs() < 1e-10 * want,
            "t={t}: {} vs {want}",
            m.variance
        );
        assert!((m.mean - 0.3).abs() < 1e-12);
        assert!((m.mass - 1.0).abs() < 1e-12);
    }
}

#[test]
fn variance_grows_as_2dt_per_component_in_3d() {
    // Anisotropic D: each marginal variance must grow as 2 D_aa t (same discrete identity per
    // axis, splitting commutes with these moments), except for the probability that reaches
    // the walls at ±16σ. Backward Euler's kernel over n steps decays like
    // |x|ⁿ⁻¹e^{−|x|/(DΔt)^{1/2}}/(n−1)! rather than like a Gaussian; with the solver's Δt = 0.25τ,
    // n = 6 and D = 1 that tail, weighted by x², is ~3e-8 of the variance: tolerance 1e-7.
    let d = [0.25, 0.5, 1.0];
    let g = Grid1d::new(-16.0, 16.0, 64, Boundary::Reflecting).unwrap();
    let grids = [g.clone(), g.clone(), g];
    let fields = [Force1d::None, Force1d::None, Force1d::None];
    let mut s = Smoluchowski3d::new(grids, fields, d, 1.0).unwrap();
    s.set_gaussian([0.0, 0.5, -0.5], 0.6).unwrap();
    let var0: Vec<f64> = (0..3).map(|a| s.moments(a).variance).collect();
    let t = 1.5;
    s.advance_to(t).unwrap();
    for a in 0..3 {
        let m = s.moments(a);
        let want = free_variance(var0[a], d[a], t);
        assert!(
            (m.variance - want).abs() < 1e-7 * want,
            "axis {a}: {} vs {want}",
            m.variance
        );
        assert!((m.mass - 1.0).abs() < 1e-12 && m.min >= 0.0);
    }
}

/// L1 distance between the solver's density at t and the exact Gaussian cell averages, starting
/// from the exact Gaussian of variance s0² at t = 0.
fn l1_error(n: usize) -> f64 {
    let (d, s0, t) = (0.5, 0.5, 1.0);
    let grid = Grid1d::new(-10.0, 10.0, n, Boundary::Reflecting).unwrap();
    let dx = grid.dx();
    let mut s = Smoluchowski1d::new(grid.clone(), Force1d::None, d, 1.0).unwrap();
    s.set_gaussian(0.0, s0).unwrap();
    s.advance_to(t).unwrap();
    let var = s0 * s0 + 2.0 * d * t;
    let norm = 1.0 / (2.0 * std::f64::consts::PI * var).sqrt();
    s.density()
        .iter()
        .zip(grid.centres())
        .map(|(w, x)| (w - norm * (-x * x / (2.0 * var)).exp()).abs() * dx)
        .sum()
}

#[test]
fn density_converges_at_second_order() {
    // Δt = Δx²/D is chosen by the solver, so halving Δx quarters both the O(Δx²) space error
    // and the O(Δt) time error: the observed order must be 2 (accept 1.8–2.2, the asymptotic
    // range already reached at these resolutions).
    let e: Vec<f64> = [100, 200, 400, 800].iter().map(|&n| l1_error(n)).collect();
    for w in e.windows(2) {
        let order = (w[0] / w[1]).log2();
        println!("L1 error {:.3e} → {:.3e}: order {order:.2}", w[0], w[1]);
        assert!((1.8..2.2).contains(&order), "order {order}");
    }
}
