//! Claim: the coefficient functions turn correlator plateaus into the docs/physics.md coefficients
//! consistently — for a Brownian particle whose momentum and constrained force are synthetic
//! processes with known γ and ζ, the momentum route D_γ = tr γ/(3m²) and the force route
//! D_θ = k_BT/ζ, ζ = βεθ, agree with the exact k_BT/ζ and with each other (Einstein ratio 1).

use multiscope::analysis::{Cutoff, GreenKubo, MultipleTauParams, OrnsteinUhlenbeck};
use multiscope::analysis::{
    diffusion_from_friction, diffusion_from_momentum, diffusion_tensor_from_friction,
    einstein_ratio, friction_from_force, friction_from_theta, scaled_force,
};

/// Particle mass M [m̂], temperature T [ε_LJ/k_B], friction ζ [m̂/τ].
const MASS: f64 = 50.0;
const TEMPERATURE: f64 = 1.0;
const ZETA: f64 = 10.0;
/// Force correlation time [τ] (short compared with the momentum relaxation time M/ζ = 5 τ).
const TAU_F: f64 = 0.05;
/// 2^20 samples in 64 blocks: K = 64 gives Student-t errors with 63 degrees of freedom; 4 standard
/// errors leave a false-alarm rate below 10⁻³ per comparison.
const N: usize = 1 << 20;
const BLOCK: u64 = 1 << 14;
const K_SEM: f64 = 4.0;

#[test]
fn momentum_and_force_routes_give_the_same_diffusion_coefficient() {
    let d_exact = TEMPERATURE / ZETA;
    let beta = 1.0 / TEMPERATURE;
    let epsilon = 1.0 / MASS; // m̂/M

    // Free particle: each momentum component is an OU process (Langevin dynamics) with
    // ⟨P_a²⟩ = M k_BT and relaxation time M/ζ, so γ_aa = M k_BT · M/ζ.
    let tau_p = MASS / ZETA;
    let dt_p = tau_p / 10.0;
    let mut p = OrnsteinUhlenbeck::<3>::new((MASS * TEMPERATURE).sqrt(), tau_p, dt_p, 31);
    let mut gamma = GreenKubo::<3>::new(dt_p, BLOCK, MultipleTauParams::default(), false);
    for _ in 0..N {
        gamma.push_auto(p.step());
    }
    let gamma = gamma.plateau(Cutoff::default()).expect("γ plateau");
    let d_gamma_tensor = diffusion_from_momentum(&gamma.value, MASS);
    let d_gamma = d_gamma_tensor.isotropic;

    // Constrained particle: δF is coloured noise with ⟨δF_a²⟩ = ζ k_BT/τ_F and correlation time
    // τ_F, so β∫⟨δF_a δF_a⟩ = ζ; a constant thermal force f^th is added and must drop out through
    // the mean subtraction of θ.
    let dt_f = TAU_F / 10.0;
    let mut force =
        OrnsteinUhlenbeck::<3>::new((ZETA * TEMPERATURE / TAU_F).sqrt(), TAU_F, dt_f, 32);
    let f_th = [0.7, -0.2, 0.0];
    let mut theta = GreenKubo::<3>::new(dt_f, BLOCK, MultipleTauParams::default(), true);
    let mut unscaled = GreenKubo::<3>::new(dt_f, BLOCK, MultipleTauParams::default(), true);
    for _ in 0..N {
        let df = force.step();
        let f: [f64; 3] = std::array::from_fn(|a| f_th[a] + df[a]);
        theta.push_auto(scaled_force(f, epsilon));
        unscaled.push_auto(f);
    }
    let theta = theta.plateau(Cutoff::default()).expect("θ plateau");
    let zeta = friction_from_theta(&theta.value, beta, epsilon);
    let zeta_unscaled =
        friction_from_force(&unscaled.plateau(Cutoff::default()).unwrap().value, beta);
    // ζ = βεθ and ζ = β∫⟨δFδF⟩ are the same number computed from scaled and unscaled samples.
    assert!((zeta.isotropic.mean - zeta_unscaled.isotropic.mean).abs() < 1e-9 * ZETA);
    let d_theta = diffusion_from_friction(zeta.isotropic, TEMPERATURE);
    let d_theta_tensor = diffusion_tensor_from_friction(&zeta, TEMPERATURE).expect("invertible");

    let ratio = einstein_ratio(d_gamma, d_theta);
    eprintln!(
        "D_γ = {d_gamma}, D_θ = {d_theta}, tensor D_θ iso = {}, exact {d_exact}, ratio {ratio}",
        d_theta_tensor.isotropic
    );
    assert!(d_gamma.z_score(d_exact) <= K_SEM, "D_γ {d_gamma}");
    assert!(d_theta.z_score(d_exact) <= K_SEM, "D_θ {d_theta}");
    assert!(
        d_theta_tensor.isotropic.z_score(d_exact) <= K_SEM,
        "tensor D_θ {}",
        d_theta_tensor.isotropic
    );
    assert!(ratio.z_score(1.0) <= K_SEM, "Einstein ratio {ratio}");
    // The error bars are informative (a few per cent), so agreement is not vacuous.
    assert!(ratio.relative_error() < 0.05);
    // Each diagonal component of D_γ agrees too; off-diagonal ones vanish.
    for a in 0..3 {
        for b in 0..3 {
            let e = d_gamma_tensor.component(a, b);
            let target = if a == b { d_exact } else { 0.0 };
            assert!(e.z_score(target) <= K_SEM, "D_γ[{a}{b}] = {e}");
        }
    }
    // docs/physics.md's correction: reading γ as a dot product (tr γ) over m² would be 3× too fast.
    let dot_product_reading = 3.0 * d_gamma.mean;
    assert!((dot_product_reading / d_exact - 3.0).abs() < 3.0 * K_SEM * d_gamma.relative_error());
}
