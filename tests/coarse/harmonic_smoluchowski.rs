//! Claim: in a harmonic well U = k x²/2 the Smoluchowski solver relaxes its mean as
//! x₀e^{−t/τ_r}, τ_r = 1/(βDk); its variance tends to 1/(βk); its steady state is the discrete
//! Boltzmann density (also with a periodic double well, and with a tabulated force).

use multiscope::coarse::Evolve;
use multiscope::coarse::relaxation_time;
use multiscope::coarse::{Boundary, Force1d, Grid1d, Smoluchowski1d, Tabulated};

const K: f64 = 2.0;
const BETA: f64 = 1.5;
const D: f64 = 0.4;

fn solver(n: usize) -> Smoluchowski1d {
    let grid = Grid1d::new(-6.0, 6.0, n, Boundary::Reflecting).unwrap();
    let mut s = Smoluchowski1d::new(grid, Force1d::harmonic(K, 0.0).unwrap(), D, BETA).unwrap();
    s.set_gaussian(2.0, 0.2).unwrap();
    s
}

/// Largest error of the mean over t ∈ {½, 1, 2, 3}τ_r, and the time step used.
fn mean_error(n: usize) -> (f64, f64) {
    let tau = relaxation_time(BETA, D, K);
    let mut s = solver(n);
    let dt = s.max_time_step();
    let x0 = s.moments().mean;
    let mut worst: f64 = 0.0;
    for t in [0.5, 1.0, 2.0, 3.0].map(|f| f * tau) {
        s.advance_to(t).unwrap();
        worst = worst.max((s.moments().mean - x0 * (-t / tau).exp()).abs());
    }
    (worst, dt)
}

#[test]
fn mean_relaxes_exponentially() {
    // The error must fall at the scheme's order (Δt ∝ Δx², both errors O(Δx²): order 2,
    // accept > 1.7). Its size is set by backward Euler: the mean decays by (1 + Δt/τ_r)^{−t/Δt}
    // instead of e^{−t/τ_r}, an error ≈ x₀(t/τ_r)e^{−t/τ_r}Δt/(2τ_r) ≤ x₀Δt/(2eτ_r). With
    // Δt = Δx²/D the O(Δx²) space error is of the same size by construction, so the tolerance
    // is twice the time-error bound.
    let (coarse, _) = mean_error(200);
    let (fine, dt) = mean_error(400);
    let order = (coarse / fine).log2();
    let bound = 2.0 * 2.0 * dt / (2.0 * std::f64::consts::E * relaxation_time(BETA, D, K));
    println!("mean error {coarse:.3e} → {fine:.3e}, order {order:.2}; bound {bound:.3e}");
    assert!(order > 1.7, "order {order}");
    assert!(fine < bound, "error {fine} > {bound}");
}

#[test]
fn variance_and_steady_state() {
    // After 40 τ_r the slowest mode has decayed by e^{-40}: the density must equal the discrete
    // Boltzmann one to 1e-12 (round-off), and the Boltzmann variance sampled at cell centres
    // equals 1/(βk) up to exponentially small aliasing terms (Poisson summation): 1e-9.
    let mut s = solver(300);
    let tau = relaxation_time(BETA, D, K);
    s.advance_to(40.0 * tau).unwrap();
    let eq = s.equilibrium();
    let err = s
        .density()
        .iter()
        .zip(&eq)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let peak = eq.iter().cloned().fold(0.0, f64::max);
    assert!(err < 1e-12 * peak, "max |W − W_eq| = {err}");
    let var = s.moments().variance;
    assert!((var - 1.0 / (BETA * K)).abs() < 1e-9, "variance {var}");
}

#[test]
fn discrete_boltzmann_is_the_fixed_point_for_other_fields() {
    // One long implicit step (Δt = 100 τ, κ = DΔt/Δx² ≈ 10⁴) from the Boltzmann density must
    // return it: exponential fitting makes every face flux vanish on it, for any field,
    // periodic or walled. Round-off in the solve grows like κ·2⁻⁵² ≈ 1e-12: tolerance 1e-10.
    let table = Tabulated::new(
        vec![-4.0, -2.0, 0.0, 1.0, 3.0, 4.0],
        vec![2.0, -1.0, 0.5, 3.0, -2.0, 0.0],
    )
    .unwrap();
    for (field, boundary) in [
        (
            Force1d::double_well(3.0, 0.0, 1.5).unwrap(),
            Boundary::Periodic,
        ),
        (Force1d::Tabulated(table), Boundary::Reflecting),
    ] {
        let grid = Grid1d::new(-4.0, 4.0, 160, boundary).unwrap();
        let mut s = Smoluchowski1d::new(grid, field, 0.3, 2.0).unwrap();
        s.set_histogram(&vec![1.0; 160]).unwrap();
        s.set_max_time_step(100.0).unwrap();
        let eq = s.equilibrium();
        s.set_equilibrium();
        s.advance(100.0).unwrap();
        for (a, b) in s.density().iter().zip(&eq) {
            assert!((a - b).abs() < 1e-10 * b.max(1e-3), "{a} vs {b}");
        }
    }
}
