//! Closed-form predictions of the coarse-grained equations for the nanoparticle that fed them
//! (docs/physics.md, "Predictions to test against the MD"): the quantities the MD measures, given the
//! measured mass m [m̂], friction ζ [m̂/τ] and temperature k_BT [ε_LJ].
//!
//! All are for the Langevin (Kramers) dynamics dR = (P/m)dt, dP = (F^th − ζP/m)dt + √(2ζk_BT) dW
//! with a scalar friction; τ_P = m/ζ is the momentum relaxation time. The double-well rates are in
//! [`super::rates`].

/// Momentum relaxation time τ_P = m/ζ [τ].
pub fn momentum_time(mass: f64, zeta: f64) -> f64 {
    mass / zeta
}

/// Momentum autocorrelation ⟨P(0)·P(t)⟩ = 3 m k_BT e^{−t/τ_P} [(m̂σ/τ)²] of a free particle in 3D
/// (sum over x, y, z), t ≥ 0 [τ].
pub fn momentum_autocorrelation(mass: f64, zeta: f64, kt: f64, t: f64) -> f64 {
    3.0 * mass * kt * (-t.abs() / momentum_time(mass, zeta)).exp()
}

/// Mean-squared displacement of a free Langevin particle in 3D (Ornstein–Uhlenbeck, Uhlenbeck &
/// Ornstein 1930): ⟨|R(t) − R(0)|²⟩ = 6 (k_BT/ζ) [t − τ_P (1 − e^{−t/τ_P})] [σ²]; ballistic
/// 3k_BT t²/m for t ≪ τ_P, Smoluchowski 6Dt − 6Dτ_P for t ≫ τ_P (D = k_BT/ζ).
pub fn langevin_msd(mass: f64, zeta: f64, kt: f64, t: f64) -> f64 {
    let tau = momentum_time(mass, zeta);
    let x = t.abs() / tau;
    // t − τ(1 − e^{−x}) = τ(x − 1 + e^{−x}); for small x use the series x²/2 − x³/6 + x⁴/24 to
    // avoid cancellation.
    let g = if x < 1e-3 {
        x * x * (0.5 - x / 6.0 + x * x / 24.0)
    } else {
        x - 1.0 + (-x).exp()
    };
    6.0 * kt / zeta * tau * g
}

/// Smoluchowski (overdamped) mean-squared displacement in 3D, 6Dt [σ²] (D [σ²/τ], t [τ]).
pub fn smoluchowski_msd(d: f64, t: f64) -> f64 {
    6.0 * d * t.abs()
}

/// The motion of a Langevin particle in a harmonic trap U = k x²/2 along one axis: mass m [m̂],
/// friction ζ [m̂/τ], spring constant k [ε_LJ/σ²], temperature k_BT [ε_LJ].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DampedOscillator {
    /// Mass m [m̂].
    pub mass: f64,
    /// Friction ζ [m̂/τ].
    pub zeta: f64,
    /// Spring constant k [ε_LJ/σ²].
    pub k: f64,
    /// Temperature k_BT [ε_LJ].
    pub kt: f64,
}

impl DampedOscillator {
    /// Damping rate γ = ζ/(2m) [1/τ].
    pub fn damping(&self) -> f64 {
        self.zeta / (2.0 * self.mass)
    }

    /// ω₁² = k/m − ζ²/(4m²) [1/τ²]: positive underdamped, zero critical, negative overdamped.
    pub fn omega1_squared(&self) -> f64 {
        self.k / self.mass - self.damping().powi(2)
    }

    /// Stationary position variance ⟨δx²⟩ = k_BT/k [σ²] (Boltzmann).
    pub fn variance(&self) -> f64 {
        self.kt / self.k
    }

    /// Position autocorrelation ⟨δx(0)δx(t)⟩ [σ²] in equilibrium, t [τ]:
    ///
    /// - underdamped (ω₁² > 0): (k_BT/k) e^{−γt} [cos ω₁t + (γ/ω₁) sin ω₁t],
    /// - critical (ω₁ = 0): (k_BT/k) e^{−γt} (1 + γt),
    /// - overdamped (ω₁² = −Ω² < 0): (k_BT/k) e^{−γt} [cosh Ωt + (γ/Ω) sinh Ωt],
    ///
    /// with γ = ζ/(2m). It is the mean of x(t) started at x(0) = δx, P(0) = 0 averaged against the
    /// Maxwellian (the equilibrium P(0) is independent of x(0)), i.e. the solution of
    /// m ẍ + ζ ẋ + k x = 0 with x(0) = 1, ẋ(0) = 0, times ⟨δx²⟩. The three forms are one analytic
    /// function of ω₁²; near critical damping sin(ω₁t)/ω₁ → t without cancellation.
    pub fn position_autocorrelation(&self, t: f64) -> f64 {
        let t = t.abs();
        let g = self.damping();
        let w2 = self.omega1_squared();
        let (c, s) = if w2 > 0.0 {
            let w = w2.sqrt();
            ((w * t).cos(), (w * t).sin() / w)
        } else if w2 < 0.0 {
            let w = (-w2).sqrt();
            ((w * t).cosh(), (w * t).sinh() / w)
        } else {
            (1.0, t)
        };
        // cosh Ωt overflows only for t beyond ~700/Ω, where the product e^{−γt}·cosh Ωt has long
        // decayed to nothing: report 0 there.
        let decay = (-g * t).exp();
        let value = decay * (c + g * s);
        if value.is_finite() {
            self.variance() * value
        } else {
            0.0
        }
    }

    /// Integrated correlation time ∫₀^∞ ⟨δx(0)δx(t)⟩ dt / ⟨δx²⟩ = ζ/k [τ], for every damping.
    ///
    /// Proof: x(t) = C(t)/C(0) solves m ẍ + ζ ẋ + k x = 0, x(0) = 1, ẋ(0) = 0; its Laplace
    /// transform is (s + ζ/m)/(s² + (ζ/m)s + k/m), which at s = 0 is ζ/k. It is the
    /// Smoluchowski relaxation time 1/(βDk) with D = k_BT/ζ: the mass drops out.
    pub fn correlation_time(&self) -> f64 {
        self.zeta / self.k
    }

    /// ∫₀^∞ ⟨δx(0)δx(t)⟩ dt = k_BT ζ/k² [σ²τ].
    pub fn integrated_correlation(&self) -> f64 {
        self.variance() * self.correlation_time()
    }

    /// Time by which the correlation has decayed below e^{−n} of its envelope: n/γ underdamped,
    /// n/(γ − Ω) overdamped (the slow mode) [τ]. A Green–Kubo cut-off for the integral.
    pub fn decay_time(&self, n: f64) -> f64 {
        let g = self.damping();
        let w2 = self.omega1_squared();
        let slow = if w2 >= 0.0 { g } else { g - (-w2).sqrt() };
        n / slow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msd_limits() {
        let (m, z, kt) = (20.0, 10.0, 1.5);
        let tau = m / z;
        let t = 1e-4 * tau;
        assert!((langevin_msd(m, z, kt, t) / (3.0 * kt * t * t / m) - 1.0).abs() < 1e-3);
        let t = 1e3 * tau;
        let d = kt / z;
        assert!((langevin_msd(m, z, kt, t) - (6.0 * d * t - 6.0 * d * tau)).abs() < 1e-9 * t);
        assert!((smoluchowski_msd(d, t) - 6.0 * d * t).abs() < 1e-12 * t);
        // Series and closed form meet smoothly at x = 1e-3.
        let a = langevin_msd(m, z, kt, 0.999e-3 * tau);
        let b = langevin_msd(m, z, kt, 1.001e-3 * tau);
        assert!(b > a && (b / a - (1.001f64 / 0.999).powi(2)).abs() < 1e-5);
        assert!(
            (momentum_autocorrelation(m, z, kt, tau) - 3.0 * m * kt / std::f64::consts::E).abs()
                < 1e-12
        );
    }

    #[test]
    fn oscillator_correlation_matches_the_lyapunov_solution() {
        // C(t)/C(0) is the mean position from x(0) = 1, P(0) = 0: compare with the exact moment
        // evolution of the harmonic Kramers process in every damping regime.
        for zeta in [0.5, 4.0, 4.0 + 1e-9, 12.0] {
            let osc = DampedOscillator {
                mass: 2.0,
                zeta,
                k: 2.0,
                kt: 1.0,
            };
            let h = crate::coarse::exact::HarmonicKramers {
                mass: 2.0,
                k: 2.0,
                zeta,
                beta: 1.0,
            };
            for t in [0.0f64, 0.3, 1.0, 2.5, 6.0] {
                let (mu, _) = h.evolve([1.0, 0.0], [[0.0; 2]; 2], t.max(1e-9));
                let c = osc.position_autocorrelation(t) / osc.variance();
                assert!((c - mu[0]).abs() < 1e-8, "ζ={zeta} t={t}: {c} vs {}", mu[0]);
            }
            // ∫C/C(0) by the trapezoid rule on a fine grid.
            let dt = 1e-3;
            let n = (osc.decay_time(40.0) / dt) as usize;
            let mut integral = 0.0;
            for i in 0..n {
                let (a, b) = (i as f64 * dt, (i + 1) as f64 * dt);
                integral +=
                    0.5 * dt * (osc.position_autocorrelation(a) + osc.position_autocorrelation(b));
            }
            let tau = integral / osc.variance();
            assert!(
                (tau / osc.correlation_time() - 1.0).abs() < 1e-5,
                "ζ={zeta}: {tau}"
            );
        }
    }
}
