//! Exact (or exactly computable) results the solvers are tested against.

/// Variance of free diffusion after time `t` [τ] from an initial variance `var0` [σ²]:
/// var0 + 2Dt [σ²] (D [σ²/τ]).
pub fn free_variance(var0: f64, d: f64, t: f64) -> f64 {
    var0 + 2.0 * d * t
}

/// Overdamped harmonic relaxation time τ_r = 1/(βDk) [τ] (β [1/ε_LJ], D [σ²/τ], k [ε_LJ/σ²]).
pub fn relaxation_time(beta: f64, d: f64, k: f64) -> f64 {
    1.0 / (beta * d * k)
}

/// Means and covariance of the harmonic Kramers process
/// dR = P/m dt, dP = (−k(R − c) − ζP/m)dt + (2ζk_BT)^{1/2}dW, from the Lyapunov equation
/// dC/dt = AC + CAᵀ + B, A = [[0, 1/m], [−k, −ζ/m]], B = diag(0, 2ζk_BT), and dμ/dt = Aμ
/// (μ relative to the trap centre). Integrated with classical RK4 at steps ≤ 10⁻³ of the
/// fastest rate, so the result is exact to ~1e-12 relative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HarmonicKramers {
    /// Mass m [m̂].
    pub mass: f64,
    /// Spring constant k [ε_LJ/σ²].
    pub k: f64,
    /// Friction ζ [m̂/τ].
    pub zeta: f64,
    /// β [1/ε_LJ].
    pub beta: f64,
}

type State = [f64; 5]; // μ_R, μ_P, C_RR, C_RP, C_PP

impl HarmonicKramers {
    fn rhs(&self, s: &State) -> State {
        let (m, k, z) = (self.mass, self.k, self.zeta);
        let [mr, mp, crr, crp, cpp] = *s;
        [
            mp / m,
            -k * mr - z / m * mp,
            2.0 * crp / m,
            cpp / m - k * crr - z / m * crp,
            -2.0 * k * crp - 2.0 * z / m * cpp + 2.0 * z / self.beta,
        ]
    }

    /// Means (⟨R⟩ − c [σ], ⟨P⟩ [m̂σ/τ]) and covariance [[C_RR, C_RP], [C_RP, C_PP]] at time
    /// `t` [τ] from means `mu0` and covariance `c0` at time 0.
    pub fn evolve(&self, mu0: [f64; 2], c0: [[f64; 2]; 2], t: f64) -> ([f64; 2], [[f64; 2]; 2]) {
        let rate = (self.zeta / self.mass).max((self.k / self.mass).sqrt());
        let n = ((t * rate / 1e-3).ceil() as usize).max(100);
        let h = t / n as f64;
        let mut s: State = [mu0[0], mu0[1], c0[0][0], c0[0][1], c0[1][1]];
        let add = |a: &State, b: &State, f: f64| -> State {
            let mut r = *a;
            for i in 0..5 {
                r[i] += f * b[i];
            }
            r
        };
        for _ in 0..n {
            let k1 = self.rhs(&s);
            let k2 = self.rhs(&add(&s, &k1, 0.5 * h));
            let k3 = self.rhs(&add(&s, &k2, 0.5 * h));
            let k4 = self.rhs(&add(&s, &k3, h));
            for i in 0..5 {
                s[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
            }
        }
        ([s[0], s[1]], [[s[2], s[3]], [s[3], s[4]]])
    }
}

/// Well and barrier frequencies (ω₀, ω_b) [1/τ] of the double well h((x−c)²/a² − 1)² for a
/// particle of mass m [m̂]: U″(c ± a) = 8h/a², |U″(c)| = 4h/a².
pub fn double_well_frequencies(height: f64, half_width: f64, mass: f64) -> (f64, f64) {
    let a2 = half_width * half_width;
    (
        (8.0 * height / (a2 * mass)).sqrt(),
        (4.0 * height / (a2 * mass)).sqrt(),
    )
}

/// Kramers' escape rate k = (λ₊/ω_b)(ω₀/2π)e^{−βΔU} [1/τ],
/// λ₊ = −ζ/(2m) + (ζ²/(4m²) + ω_b²)^{1/2}.
pub fn kramers_rate(mass: f64, zeta: f64, beta: f64, omega0: f64, omega_b: f64, du: f64) -> f64 {
    let g = zeta / (2.0 * mass);
    let lambda = -g + (g * g + omega_b * omega_b).sqrt();
    lambda / omega_b * omega0 / (2.0 * std::f64::consts::PI) * (-beta * du).exp()
}

/// Exact mean first-passage time [τ] of overdamped diffusion (D [σ²/τ], β [1/ε_LJ]) in the
/// potential U(x) [ε_LJ] from `x_start` to `x_target` with a reflecting wall at `x_wall`, beyond
/// the start on the side away from the target:
/// T = (1/D)∫_{x_start}^{x_target} dy e^{βU(y)} ∫_{x_wall}^{y} dz e^{−βU(z)} for a passage to the
/// right, by the midpoint rule on `n` intervals (error O(n⁻²)). A passage to the left
/// (`x_target` < `x_start` < `x_wall`) is the passage to the right in the mirrored potential U(−x).
pub fn mfpt_in_potential<U: Fn(f64) -> f64>(
    potential: U,
    d: f64,
    beta: f64,
    x_wall: f64,
    x_start: f64,
    x_target: f64,
    n: usize,
) -> f64 {
    let s = if x_target < x_start { -1.0 } else { 1.0 };
    let (x_wall, x_start, x_target) = (s * x_wall, s * x_start, s * x_target);
    let potential = |x: f64| potential(s * x);
    assert!(
        x_wall <= x_start && x_start <= x_target,
        "MFPT: the wall, the start and the target must be in order"
    );
    // Subtract the smallest potential on the path from the exponent so that deep wells
    // (βU ≪ 0) or high walls do not overflow; the double integral is invariant under U → U + c.
    let h = (x_target - x_wall) / n as f64;
    let u0 = (0..n)
        .map(|i| potential(x_wall + (i as f64 + 0.5) * h))
        .fold(f64::INFINITY, f64::min);
    let mut inner = 0.0;
    let mut total = 0.0;
    for i in 0..n {
        let y = x_wall + (i as f64 + 0.5) * h;
        let bu = beta * (potential(y) - u0);
        let half = (-bu).exp() * 0.5 * h;
        inner += half;
        if y > x_start {
            total += bu.exp() * inner * h;
        }
        inner += half;
    }
    total / d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coarse::field::Force1d;

    #[test]
    fn lyapunov_reaches_equipartition() {
        let h = HarmonicKramers {
            mass: 2.0,
            k: 3.0,
            zeta: 1.5,
            beta: 0.5,
        };
        let (mu, c) = h.evolve([1.0, 0.0], [[0.0, 0.0], [0.0, 0.0]], 60.0);
        assert!(mu[0].abs() < 1e-8);
        assert!((c[0][0] - 1.0 / (0.5 * 3.0)).abs() < 1e-8);
        assert!((c[1][1] - 2.0 / 0.5).abs() < 1e-8);
        assert!(c[0][1].abs() < 1e-8);
    }

    #[test]
    fn mfpt_of_free_diffusion() {
        // Reflecting wall at 0, start at 0, target L: T = L²/(2D).
        let t = mfpt_in_potential(
            |x| Force1d::None.potential(x),
            0.5,
            1.0,
            0.0,
            0.0,
            2.0,
            4000,
        );
        assert!((t - 4.0).abs() < 1e-6);
        // The same passage to the left, mirrored.
        let field = Force1d::double_well(3.0, 0.2, 1.0).unwrap();
        let right = mfpt_in_potential(|x| field.potential(x), 0.7, 1.0, -1.5, -0.8, 1.0, 20_000);
        let mirrored = Force1d::double_well(3.0, -0.2, 1.0).unwrap();
        let left = mfpt_in_potential(|x| mirrored.potential(x), 0.7, 1.0, 1.5, 0.8, -1.0, 20_000);
        assert!((left / right - 1.0).abs() < 1e-12, "{left} vs {right}");
    }
}
