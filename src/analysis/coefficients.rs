//! The coarse-grained coefficients of docs/physics.md as plain functions of Green–Kubo plateaus:
//! γ and D from the momentum autocorrelation (Smoluchowski regime), θ and ζ from the force
//! autocorrelation of the constrained particle (Fokker–Planck regime), and the Einstein check.
//!
//! How to measure the inputs:
//! - γ_ab = ∫₀^∞ ⟨P_a(0) P_b(s)⟩ ds [m̂²σ²/τ]: a `GreenKubo<3>` fed `push_auto(P)` with the free
//!   nanoparticle's total momentum P [m̂σ/τ]; its plateau value is the tensor γ.
//! - θ_ab = ∫₀^∞ [⟨f_a(0) f_b(s)⟩ − ⟨f_a⟩⟨f_b⟩] ds [ε_LJ² τ/σ²] with f = ε^{-1/2} F
//!   ([`scaled_force`]): a `GreenKubo<3>` with mean subtraction fed the constrained particle's
//!   scaled net force.

use nalgebra::Matrix3;

use super::estimate::{Estimate, TensorEstimate};

/// Scaled force `f = ε^{-1/2} F` [ε_LJ/σ] (docs/physics.md eq. (33)); `epsilon = m̂/m` is the smallness
/// parameter (eq. (3)).
pub fn scaled_force(force: [f64; 3], epsilon: f64) -> [f64; 3] {
    let s = 1.0 / epsilon.sqrt();
    force.map(|f| f * s)
}

/// Diffusion tensor of the Smoluchowski regime `D_ab = γ_ab / m²` [σ²/τ] from the momentum
/// plateau γ_ab [m̂²σ²/τ] and the nanoparticle mass `mass` [m̂]. Its isotropic value is
/// `tr γ / (3 m²)` — docs/physics.md's correction of the paper's `γ/m²` with a dot product, which is
/// three times too large in 3D.
pub fn diffusion_from_momentum(gamma: &TensorEstimate<3>, mass: f64) -> TensorEstimate<3> {
    gamma.scale(1.0 / (mass * mass))
}

/// Friction tensor `ζ_ab = β ε θ_ab` [m̂/τ] from θ of the scaled force (docs/physics.md, unscaled form
/// of eq. (56)). `beta` = 1/T [1/ε_LJ].
pub fn friction_from_theta(
    theta: &TensorEstimate<3>,
    beta: f64,
    epsilon: f64,
) -> TensorEstimate<3> {
    theta.scale(beta * epsilon)
}

/// Friction tensor `ζ_ab = β ∫₀^∞ ⟨δF_a(0) δF_b(s)⟩ ds` [m̂/τ] from the plateau of the unscaled
/// force covariance [ε_LJ² τ/σ²] (same as [`friction_from_theta`] with θ of f = ε^{-1/2}F).
pub fn friction_from_force(force_integral: &TensorEstimate<3>, beta: f64) -> TensorEstimate<3> {
    force_integral.scale(beta)
}

/// Einstein diffusion `D_θ = k_BT / ζ` [σ²/τ] with ζ the isotropic friction `tr ζ / 3`
/// [m̂/τ] and `temperature` T [ε_LJ/k_B].
pub fn diffusion_from_friction(zeta_isotropic: Estimate, temperature: f64) -> Estimate {
    zeta_isotropic.recip().scale(temperature)
}

/// Einstein diffusion tensor `D = k_BT ζ⁻¹` [σ²/τ]. Component errors are propagated to first order,
/// `δ(ζ⁻¹)_kl² = Σ_ij (ζ⁻¹_ki ζ⁻¹_jl)² δζ_ij²`, treating the components' errors as independent;
/// the isotropic value is `tr D / 3` with the same propagation. `None` if ζ is singular.
pub fn diffusion_tensor_from_friction(
    zeta: &TensorEstimate<3>,
    temperature: f64,
) -> Option<TensorEstimate<3>> {
    let inv: Matrix3<f64> = zeta.mean.try_inverse()?;
    let mut var = Matrix3::<f64>::zeros();
    let mut var_trace = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            let s2 = zeta.sem[(i, j)].powi(2);
            let mut d_trace = 0.0;
            for k in 0..3 {
                d_trace += inv[(k, i)] * inv[(j, k)];
                for l in 0..3 {
                    var[(k, l)] += (inv[(k, i)] * inv[(j, l)]).powi(2) * s2;
                }
            }
            var_trace += d_trace * d_trace * s2;
        }
    }
    let mean = inv * temperature;
    Some(TensorEstimate {
        mean,
        sem: var.map(f64::sqrt) * temperature,
        isotropic: Estimate::new(mean.trace() / 3.0, var_trace.sqrt() * temperature / 3.0),
    })
}

/// Einstein ratio `D_γ / D_θ` of the free-particle (momentum) and constrained-particle (force)
/// routes, with the errors of two independent measurements propagated. It must be 1 within error in
/// the Brownian limit.
pub fn einstein_ratio(d_gamma: Estimate, d_theta: Estimate) -> Estimate {
    d_gamma.ratio(d_theta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix3;

    fn tensor(mean: Matrix3<f64>, rel: f64) -> TensorEstimate<3> {
        TensorEstimate {
            mean,
            sem: mean.abs() * rel,
            isotropic: Estimate::new(mean.trace() / 3.0, mean.trace().abs() / 3.0 * rel),
        }
    }

    #[test]
    fn isotropic_routes_agree_when_fluctuation_dissipation_holds() {
        // An isotropic particle of mass M at temperature T with friction ζ has ⟨P_a P_a⟩ = M T and
        // momentum correlation time M/ζ, so γ_aa = M² T/ζ and D_γ = T/ζ = D_θ.
        let (m, t, zeta) = (50.0, 0.8, 12.0);
        let gamma = tensor(Matrix3::identity() * (m * m * t / zeta), 0.02);
        let d_gamma = diffusion_from_momentum(&gamma, m).isotropic;
        let z = tensor(Matrix3::identity() * zeta, 0.03);
        let d_theta = diffusion_from_friction(z.isotropic, t);
        let r = einstein_ratio(d_gamma, d_theta);
        assert!((r.mean - 1.0).abs() < 1e-12);
        assert!((r.relative_error() - 0.02f64.hypot(0.03)).abs() < 1e-12);
        // θ route through the scaled force: ζ = βεθ with θ = ζ/(βε).
        let eps = 1.0 / m;
        let theta = z.scale(1.0 / (eps / t));
        let back = friction_from_theta(&theta, 1.0 / t, eps);
        assert!((back.isotropic.mean - zeta).abs() < 1e-9);
    }

    #[test]
    fn tensor_inverse_and_its_errors_match_finite_differences() {
        let zeta = Matrix3::new(4.0, 0.5, 0.2, 0.5, 3.0, -0.1, 0.2, -0.1, 5.0);
        let z = TensorEstimate {
            mean: zeta,
            sem: Matrix3::from_element(0.0),
            isotropic: Estimate::exact(zeta.trace() / 3.0),
        };
        let d = diffusion_tensor_from_friction(&z, 2.0).unwrap();
        assert!((d.mean * zeta - Matrix3::identity() * 2.0).norm() < 1e-12);
        // Only component (0, 1) uncertain: compare the propagated error with a finite difference.
        let mut z1 = z;
        z1.sem[(0, 1)] = 1e-3;
        let d1 = diffusion_tensor_from_friction(&z1, 2.0).unwrap();
        let mut bumped = zeta;
        bumped[(0, 1)] += 1e-6;
        let fd = (bumped.try_inverse().unwrap() * 2.0 - d.mean) / 1e-6 * 1e-3;
        for k in 0..3 {
            for l in 0..3 {
                assert!((d1.sem[(k, l)] - fd[(k, l)].abs()).abs() < 1e-8);
            }
        }
        assert!((d1.isotropic.sem - fd.trace().abs() / 3.0).abs() < 1e-8);
    }
}
