//! The Scharfetter–Gummel (exponentially fitted) flux for drift–diffusion on a line, advanced
//! implicitly (backward Euler).
//!
//! For ∂W/∂t = −∂J/∂x with J = −D (∂W/∂x + β U′ W) the flux through the face between cells i and
//! i+1 is
//!
//! J_{i+½} = (D/Δx) [ B(Δ_i) W_i − B(−Δ_i) W_{i+1} ],   Δ_i = β (U_{i+1} − U_i),
//!
//! with the Bernoulli function B(z) = z/(eᶻ − 1). It vanishes exactly on the discrete Boltzmann
//! density W_i ∝ e^{−βU_i} (because B(−z) = eᶻ B(z)), it is second-order accurate in Δx, and the
//! implicit step matrix I − Δt L is an M-matrix whose columns sum to one: mass is conserved and
//! W stays non-negative for every Δt.

use super::tridiagonal::{CyclicThomas, Thomas};

/// The Bernoulli function B(z) = z/(eᶻ − 1), with B(0) = 1, accurate for all z.
pub fn bernoulli(z: f64) -> f64 {
    if z.abs() < 1e-10 {
        1.0 - 0.5 * z
    } else if z > 700.0 {
        z * (-z).exp()
    } else {
        z / z.exp_m1()
    }
}

/// One implicit Scharfetter–Gummel step operator on a line of cells, factorised once for a
/// given time step.
#[derive(Debug, Clone)]
pub struct ScharfetterGummel {
    /// Dimensionless potential jumps Δ_i = β(U_{i+1} − U_i) across the faces (n−1 faces for
    /// walls, n for a periodic line: the last face joins cell n−1 to cell 0).
    delta: Vec<f64>,
    /// D/Δx [σ/τ].
    d_over_dx: f64,
    solver: Solver,
}

#[derive(Debug, Clone)]
enum Solver {
    Walls(Thomas),
    Periodic(CyclicThomas),
}

impl ScharfetterGummel {
    /// Builds the backward-Euler step for cells of width `dx` [σ], diffusion `d` [σ²/τ], time step
    /// `dt` [τ] and face jumps `delta` (length n−1 for reflecting walls, n for periodic).
    pub fn new(delta: Vec<f64>, n: usize, periodic: bool, d: f64, dx: f64, dt: f64) -> Self {
        let kappa = d * dt / (dx * dx);
        let mut lower = vec![0.0; n];
        let mut upper = vec![0.0; n];
        let faces = delta.len();
        for (f, &dl) in delta.iter().enumerate() {
            let (i, j) = (f, (f + 1) % n);
            let out_right = kappa * bernoulli(dl); // from cell i to cell j
            let out_left = kappa * bernoulli(-dl); // from cell j to cell i
            upper[i] -= out_left;
            lower[j] -= out_right;
        }
        debug_assert!(faces == n || faces + 1 == n);
        // Every column of I − ΔtL sums to exactly one (what leaves one cell enters another).
        let ones = vec![1.0; n];
        let solver = if periodic {
            Solver::Periodic(CyclicThomas::from_column_sums(&lower, &upper, &ones))
        } else {
            Solver::Walls(Thomas::from_column_sums(&lower, &upper, &ones))
        };
        Self {
            delta,
            d_over_dx: d / dx,
            solver,
        }
    }

    /// Face jumps for the potential values `u` [ε_LJ] at cell centres and inverse temperature
    /// `beta` [1/ε_LJ].
    pub fn jumps(u: &[f64], beta: f64, periodic: bool) -> Vec<f64> {
        let n = u.len();
        let faces = if periodic { n } else { n - 1 };
        (0..faces).map(|f| beta * (u[(f + 1) % n] - u[f])).collect()
    }

    /// Advances one backward-Euler step in place on the line stored with `stride` from `offset`.
    pub fn step_strided(&self, w: &mut [f64], offset: usize, stride: usize) {
        match &self.solver {
            Solver::Walls(t) => t.solve_strided(w, offset, stride),
            Solver::Periodic(t) => t.solve_strided(w, offset, stride),
        }
    }

    /// Advances one step of a contiguous line in place.
    pub fn step(&self, w: &mut [f64]) {
        self.step_strided(w, 0, 1);
    }

    /// Probability current J through each face [1/τ for a line density normalised to 1],
    /// positive to the right.
    pub fn currents(&self, w: &[f64]) -> Vec<f64> {
        let n = w.len();
        self.delta
            .iter()
            .enumerate()
            .map(|(f, &dl)| {
                self.d_over_dx * (bernoulli(dl) * w[f] - bernoulli(-dl) * w[(f + 1) % n])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bernoulli_identity() {
        for z in [-30.0, -1.0, -1e-12, 0.0, 1e-9, 0.5, 40.0] {
            let lhs = bernoulli(-z);
            let rhs = z.exp() * bernoulli(z);
            assert!((lhs - rhs).abs() <= 1e-12 * lhs.abs().max(1.0), "z={z}");
        }
        assert!(bernoulli(800.0) >= 0.0 && bernoulli(-800.0) == 800.0);
    }

    #[test]
    fn boltzmann_is_stationary_and_mass_conserved() {
        let n = 40;
        let u: Vec<f64> = (0..n).map(|i| ((i as f64) * 0.3).sin() * 3.0).collect();
        for periodic in [false, true] {
            let sg = ScharfetterGummel::new(
                ScharfetterGummel::jumps(&u, 2.0, periodic),
                n,
                periodic,
                0.7,
                0.1,
                5.0,
            );
            let mut w: Vec<f64> = u.iter().map(|&x| (-2.0 * x).exp()).collect();
            let w0 = w.clone();
            sg.step(&mut w);
            for i in 0..n {
                assert!((w[i] - w0[i]).abs() < 1e-12 * w0[i], "periodic={periodic}");
            }
            assert!(sg.currents(&w).iter().all(|j| j.abs() < 1e-11));
        }
    }
}
