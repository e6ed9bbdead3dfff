//! Claim (docs/physics.md, Kirkwood's "plateau problem"): the running force integral of a FREE particle
//! rises to the friction ζk_BT and then decays to zero, because F = dP/dt of a stationary momentum
//! integrates to nothing; the automatic cut-off stops at the short-time plateau, and the long-time
//! value is zero within error. (This is why θ must be measured on the constrained particle.)

use multiscope::analysis::{Cutoff, GreenKubo, MultipleTauParams, OrnsteinUhlenbeck};

#[test]
fn free_particle_force_integral_rises_then_vanishes() {
    // Langevin momentum: OU with ⟨P_a²⟩ = m k_BT, relaxation time τ_P = m/ζ.
    let (mass, temperature, tau_p, dt): (f64, f64, f64, f64) = (20.0, 1.0, 2.0, 0.02);
    let zeta = mass / tau_p;
    let mut p = OrnsteinUhlenbeck::<3>::new((mass * temperature).sqrt(), tau_p, dt, 77);
    let mut gk = GreenKubo::<3>::new(dt, 1 << 14, MultipleTauParams::default(), true);
    let mut previous = p.value();
    for _ in 0..1 << 20 {
        let next = p.step();
        let force: [f64; 3] = std::array::from_fn(|a| (next[a] - previous[a]) / dt);
        gk.push_auto(force);
        previous = next;
    }
    let ri = gk.running_integral();
    // Exact discrete values, F_n = (P_{n+1} − P_n)/dt, σ² = m k_BT, φ = e^{−dt/τ_P}:
    // C(0) = 2σ²(1 − φ)/dt², C(dt) = −σ²(1 − φ)²/dt², C(k dt) = −σ²(1 − φ)² φ^{k−1}/dt², so the
    // trapezoid integral is σ²(1 − φ²)/(2dt) ≈ ζk_BT at the first lag and Σ C = 0 overall.
    let sigma2 = mass * temperature;
    let phi = (-dt / tau_p).exp();
    let peak_exact = sigma2 * (1.0 - phi * phi) / (2.0 * dt);
    assert!((peak_exact / (zeta * temperature) - 1.0).abs() < 0.01);

    let auto = ri.plateau(Cutoff::default()).expect("plateau");
    let peak = auto.value.isotropic;
    eprintln!(
        "free force: cut-off {} τ, integral {peak} (ζk_BT = {}), {} blocks",
        auto.cutoff_time,
        zeta * temperature,
        auto.n_blocks
    );
    // The correlation changes sign at the first lag, so the cut-off is the first grid lag.
    assert!((auto.cutoff_time - dt).abs() < 1e-12);
    // 64 blocks, Student-t: 4 standard errors.
    assert!(peak.z_score(peak_exact) <= 4.0, "{peak} vs {peak_exact}");

    // Long after τ_P the running integral has returned to zero (Kirkwood), within its error,
    // and far below the short-time plateau.
    let late = ri
        .plateau(Cutoff::Time(25.0 * tau_p))
        .unwrap()
        .value
        .isotropic;
    eprintln!("free force at 25 τ_P: {late}");
    assert!(late.z_score(0.0) <= 4.0, "late integral {late}");
    assert!(late.mean.abs() < 0.1 * peak_exact);
}
