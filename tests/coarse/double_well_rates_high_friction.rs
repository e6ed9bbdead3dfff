//! Claim: in the high-friction limit the three predicted one-way double-well rates — the
//! Fokker–Planck (Kramers) solver's flux over population, the Smoluchowski 1/MFPT between the
//! committed regions, and Kramers' formula — agree within their asymptotic accuracy.

use multiscope::coarse::{DoubleWellProblem, Force1d, RateOptions, double_well_rates};

#[test]
fn three_rates_agree_at_high_friction() {
    // m = 1, β = 1, ΔU = 6 k_BT, a = 1: ω_b = √24 = 4.9/τ, ω₀ = √48. ζ/m = 5ω_b.
    let (mass, beta, du) = (1.0, 1.0, 6.0);
    let field = Force1d::double_well(du, 0.0, 1.0).unwrap();
    let w_b = (4.0 * du / mass).sqrt();
    let zeta = 5.0 * w_b * mass;
    let problem = DoubleWellProblem::symmetric(mass, zeta, beta, field, 0.1, 1.7).unwrap();
    let rates = double_well_rates(&problem, RateOptions::default()).unwrap();
    let r = rates.left_to_right;
    let back = rates.right_to_left;
    // Inertial correction: the Kramers prefactor λ₊/ω_b against its overdamped limit mω_b/ζ.
    let g = zeta / (2.0 * mass);
    let lambda = -g + (g * g + w_b * w_b).sqrt();
    let inertia = lambda * zeta / (mass * w_b * w_b);
    println!(
        "FP {:.5e} ± {:.1e}, Smoluchowski {:.5e}, Kramers {:.5e}; FP/Smol {:.4}, \
         Kramers/Smol {:.4}, FP/Kramers {:.4}; λ₊ζ/(mω_b²) = {inertia:.4}; t₁ = {:.2}",
        r.fokker_planck,
        r.fokker_planck_spread,
        r.smoluchowski,
        r.kramers,
        r.fokker_planck / r.smoluchowski,
        r.kramers / r.smoluchowski,
        r.fokker_planck / r.kramers,
        rates.relax_time
    );
    // Flux over population is stationary once the well has relaxed.
    assert!(r.fokker_planck_spread < 0.01 * r.fokker_planck);
    // Symmetric well: both directions equal.
    assert!((back.fokker_planck / r.fokker_planck - 1.0).abs() < 1e-12);
    assert!((back.smoluchowski / r.smoluchowski - 1.0).abs() < 1e-6);
    assert!((back.kramers / r.kramers - 1.0).abs() < 1e-6);
    // Fokker–Planck vs Smoluchowski: the Smoluchowski equation is the ζ → ∞ limit; the leading
    // inertial correction to the rate is the factor λ₊ζ/(mω_b²) = 1 − (mω_b/ζ)² + … ≈ 0.96, and
    // flux over population and 1/MFPT between regions differ by O((k_BT/ΔU)²) = 3 %. Tolerance:
    // (mω_b/ζ)² + (k_BT/ΔU)² = 6.8 %.
    let tol_fs = (mass * w_b / zeta).powi(2) + 1.0 / (beta * du).powi(2);
    assert!((r.fokker_planck / r.smoluchowski - 1.0).abs() < tol_fs);
    // Kramers' formula is the leading term in k_BT/ΔU: relative error O(1/(βΔU)) = 17 %.
    assert!((r.kramers / r.smoluchowski - 1.0).abs() < 1.0 / (beta * du));
    assert!((r.fokker_planck / r.kramers - 1.0).abs() < 1.0 / (beta * du));
}
