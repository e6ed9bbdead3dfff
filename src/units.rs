//! The unit system, stated once.
//!
//! Everything inside multiscope is in reduced Lennard-Jones units:
//! length σ, energy ε_LJ, mass m̂ (the mass of a host atom), time τ = σ·√(m̂/ε_LJ), k_B = 1,
//! temperature T (in ε_LJ/k_B), β = 1/T.
//!
//! Argon values are offered for display only; they are never used inside the physics.

/// σ of argon [nm].
pub const ARGON_SIGMA_NM: f64 = 0.3405;
/// ε_LJ/k_B of argon [K].
pub const ARGON_EPSILON_K: f64 = 119.8;
/// m̂ of argon [u].
pub const ARGON_MASS_U: f64 = 39.948;

/// τ for argon [ps]: τ = σ √(m̂/ε_LJ).
pub fn argon_tau_ps() -> f64 {
    const U_KG: f64 = 1.660_539_066_60e-27;
    const KB: f64 = 1.380_649e-23;
    let sigma = ARGON_SIGMA_NM * 1e-9;
    let m = ARGON_MASS_U * U_KG;
    let e = ARGON_EPSILON_K * KB;
    sigma * (m / e).sqrt() * 1e12
}

#[cfg(test)]
mod tests {
    #[test]
    fn argon_tau_is_about_2_15_ps() {
        let t = super::argon_tau_ps();
        assert!((t - 2.15).abs() < 0.01, "τ = {t} ps");
    }
}
