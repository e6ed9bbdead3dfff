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
/// ε_LJ of argon [kcal/mol]: [`ARGON_EPSILON_K`] = 119.8 K times the gas constant
/// R = 8.314 462 618 J/(mol·K) over 4184 J/kcal, 0.2381 kcal/mol (the ε/k_B = 119.8 K of
/// Rahman, Phys. Rev. 136, A405 (1964), used throughout multiscope). The scale that the UFF well
/// depths of a structure file's elements (in kcal/mol) are divided by.
pub const ARGON_EPSILON_KCAL_PER_MOL: f64 = 0.2381;

/// τ for argon [ps]: τ = σ √(m̂/ε_LJ).
pub fn argon_tau_ps() -> f64 {
    const U_KG: f64 = 1.660_539_066_60e-27;
    const KB: f64 = 1.380_649e-23;
    let sigma = ARGON_SIGMA_NM * 1e-9;
    let m = ARGON_MASS_U * U_KG;
    let e = ARGON_EPSILON_K * KB;
    sigma * (m / e).sqrt() * 1e12
}

/// Avogadro's constant [1/mol].
const AVOGADRO: f64 = 6.022_140_76e23;
/// Boltzmann's constant [J/K].
const BOLTZMANN: f64 = 1.380_649e-23;

/// The dimension of a physical quantity shown in the app (what its unit is made of).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Time [τ].
    Time,
    /// Length [σ].
    Length,
    /// Mass [m̂].
    Mass,
    /// Energy [ε_LJ].
    Energy,
    /// Temperature [ε_LJ/k_B].
    Temperature,
    /// Pressure [ε_LJ/σ³].
    Pressure,
    /// Momentum [m̂σ/τ].
    Momentum,
    /// Force [ε_LJ/σ].
    Force,
    /// Friction coefficient ζ [m̂/τ].
    Friction,
    /// Diffusion coefficient [σ²/τ].
    Diffusion,
    /// Shear viscosity [ε_LJ·τ/σ³].
    Viscosity,
}

/// The unit system values are shown in. Inside multiscope everything is reduced; [`Units::Argon`]
/// converts for display with σ = 0.3405 nm, ε_LJ/k_B = 119.8 K, m̂ = 39.948 u.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Units {
    /// Reduced Lennard-Jones units.
    #[default]
    Reduced,
    /// Argon: ps, nm, u, kJ/mol, K, MPa, nm²/ns (= 10⁻⁹ m²/s), mPa·s.
    Argon,
}

impl Units {
    /// The number that multiplies a reduced value of `q` to give it in these units.
    pub fn factor(self, q: Dimension) -> f64 {
        match self {
            Units::Reduced => 1.0,
            Units::Argon => {
                let tau = argon_tau_ps();
                let sigma = ARGON_SIGMA_NM;
                let m = ARGON_MASS_U;
                // ε_LJ in kJ/mol.
                let e = ARGON_EPSILON_K * BOLTZMANN * AVOGADRO * 1e-3;
                match q {
                    Dimension::Time => tau,
                    Dimension::Length => sigma,
                    Dimension::Mass => m,
                    Dimension::Energy => e,
                    Dimension::Temperature => ARGON_EPSILON_K,
                    // ε_LJ/σ³ in Pa, then MPa.
                    Dimension::Pressure => {
                        ARGON_EPSILON_K * BOLTZMANN / (sigma * 1e-9).powi(3) * 1e-6
                    }
                    Dimension::Momentum => m * sigma / tau,
                    Dimension::Force => e / sigma,
                    Dimension::Friction => m / tau,
                    // σ²/τ in nm²/ps, then nm²/ns (= 10⁻⁹ m²/s).
                    Dimension::Diffusion => sigma * sigma / tau * 1e3,
                    // MPa·ps = 10⁻⁶ Pa·s = 10⁻³ mPa·s.
                    Dimension::Viscosity => Units::Argon.factor(Dimension::Pressure) * tau * 1e-3,
                }
            }
        }
    }

    /// The unit symbol of `q` in these units.
    pub fn symbol(self, q: Dimension) -> &'static str {
        match (self, q) {
            (Units::Reduced, Dimension::Time) => "τ",
            (Units::Reduced, Dimension::Length) => "σ",
            (Units::Reduced, Dimension::Mass) => "m_h",
            (Units::Reduced, Dimension::Energy) => "ε_LJ",
            (Units::Reduced, Dimension::Temperature) => "ε_LJ/k_B",
            (Units::Reduced, Dimension::Pressure) => "ε_LJ/σ³",
            (Units::Reduced, Dimension::Momentum) => "m_hσ/τ",
            (Units::Reduced, Dimension::Force) => "ε_LJ/σ",
            (Units::Reduced, Dimension::Friction) => "m_h/τ",
            (Units::Reduced, Dimension::Diffusion) => "σ²/τ",
            (Units::Reduced, Dimension::Viscosity) => "ε_LJτ/σ³",
            (Units::Argon, Dimension::Time) => "ps",
            (Units::Argon, Dimension::Length) => "nm",
            (Units::Argon, Dimension::Mass) => "u",
            (Units::Argon, Dimension::Energy) => "kJ/mol",
            (Units::Argon, Dimension::Temperature) => "K",
            (Units::Argon, Dimension::Pressure) => "MPa",
            (Units::Argon, Dimension::Momentum) => "u·nm/ps",
            (Units::Argon, Dimension::Force) => "kJ/(mol·nm)",
            (Units::Argon, Dimension::Friction) => "u/ps",
            // nm²/ns = 10⁻⁹ m²/s.
            (Units::Argon, Dimension::Diffusion) => "nm²/ns",
            (Units::Argon, Dimension::Viscosity) => "mPa·s",
        }
    }

    /// A reduced value of `q` in these units.
    pub fn convert(self, q: Dimension, value: f64) -> f64 {
        value * self.factor(q)
    }
}

#[cfg(test)]
mod tests {
    use super::{Dimension as Q, Units};

    #[test]
    fn argon_tau_is_about_2_15_ps() {
        let t = super::argon_tau_ps();
        assert!((t - 2.15).abs() < 0.01, "τ = {t} ps");
    }

    #[test]
    fn reduced_units_are_the_identity() {
        for q in [Q::Time, Q::Pressure, Q::Diffusion, Q::Friction] {
            assert_eq!(Units::Reduced.convert(q, 0.37), 0.37);
        }
    }

    #[test]
    fn argon_factors_are_consistent_with_each_other() {
        let a = |q| Units::Argon.factor(q);
        // 1e-9: u·N_A is 1 g/mol only to 3.5e-10 since the 2019 SI.
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * y.abs();
        // k_B T in kJ/mol for T = 1 reduced: R·119.8 K.
        assert!(close(a(Q::Energy), 8.314_462_618e-3 * 119.8));
        // Energy = mass·length²/time²: kJ/mol = 1 u·nm²/ps² exactly.
        assert!(close(
            a(Q::Energy),
            a(Q::Mass) * a(Q::Length).powi(2) / a(Q::Time).powi(2)
        ));
        assert!(close(
            a(Q::Momentum),
            a(Q::Mass) * a(Q::Length) / a(Q::Time)
        ));
        assert!(close(a(Q::Force), a(Q::Energy) / a(Q::Length)));
        assert!(close(a(Q::Friction), a(Q::Mass) / a(Q::Time)));
        // nm²/ps = 1000 nm²/ns.
        assert!(close(
            a(Q::Diffusion),
            1e3 * a(Q::Length).powi(2) / a(Q::Time)
        ));
        // Viscosity = pressure·time; MPa·ps = 1e-3 mPa·s.
        assert!(close(a(Q::Viscosity), 1e-3 * a(Q::Pressure) * a(Q::Time)));
        // ε_LJ/σ³ for argon is about 41.9 MPa (1.654e-21 J over (0.3405 nm)³).
        assert!((a(Q::Pressure) - 41.9).abs() < 0.1, "{}", a(Q::Pressure));
    }

    #[test]
    fn argon_diffusion_of_the_triple_point_liquid_is_a_few_1e9_m2_per_s() {
        // D* = 0.0332 at ρ* = 0.8442, T* = 0.722 (Meier et al. 2004): about 1.8e-9 m²/s for argon.
        let d = Units::Argon.convert(Q::Diffusion, 0.0332);
        assert!((d - 1.79).abs() < 0.02, "{d}");
    }
}
