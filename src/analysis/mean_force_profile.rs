//! `MeanForceProfile`: the thermal (mean) force f^th(R) from constrained runs at a set of
//! centre-of-mass positions, and the potential of mean force A(R) = −∫ f^th dR.

use serde::{Deserialize, Serialize};

use super::block_average::BlockAverage;
use super::estimate::Estimate;

/// Mean-force profile along one coordinate (docs/physics.md, "The thermal (mean) force").
///
/// For each constraint position `R_i` [σ] the force component along the coordinate, `F(t)`
/// [ε_LJ/σ], of the nanoparticle held at `R_i` is fed to its own online [`BlockAverage`], so each
/// `f^th(R_i)` carries a Flyvbjerg–Petersen standard error. The potential of mean force
/// `A(R_i) = −∫_{R_0}^{R_i} f^th dR` [ε_LJ] uses the trapezoid rule, with `A(R_0) = 0`, and
/// propagates the windows' errors as independent (separate constrained runs).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MeanForceProfile {
    positions: Vec<f64>,
    windows: Vec<BlockAverage>,
}

impl MeanForceProfile {
    /// A profile over the constraint positions `positions` [σ] (strictly increasing).
    ///
    /// # Panics
    /// If `positions` is empty or not strictly increasing (a programming error).
    pub fn new(positions: Vec<f64>) -> Self {
        assert!(!positions.is_empty(), "mean-force profile: no positions");
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "mean-force profile: positions must increase"
        );
        let windows = vec![BlockAverage::new(); positions.len()];
        Self { positions, windows }
    }

    /// The constraint positions [σ].
    pub fn positions(&self) -> &[f64] {
        &self.positions
    }

    /// Adds one force sample [ε_LJ/σ] measured with the particle held at `positions()[window]`.
    pub fn push(&mut self, window: usize, force: f64) {
        self.windows[window].push(force);
    }

    /// The block average of one window.
    pub fn window(&self, window: usize) -> &BlockAverage {
        &self.windows[window]
    }

    /// `f^th(R_i)` [ε_LJ/σ] with Flyvbjerg–Petersen standard errors (`NaN` sem for windows with
    /// too few samples, see [`super::MIN_BLOCKS`]).
    pub fn mean_force(&self) -> Vec<Estimate> {
        self.windows
            .iter()
            .map(|w| match w.result() {
                Some(r) => r.estimate,
                None => Estimate::new(w.mean(), f64::NAN),
            })
            .collect()
    }

    /// `A(R_i) = −∫_{R_0}^{R_i} f^th dR` [ε_LJ] (trapezoid, `A(R_0) = 0`) with standard errors
    /// `δA_i² = Σ_j w_ij² δf_j²` from the trapezoid weights `w_ij`.
    pub fn potential_of_mean_force(&self) -> Vec<Estimate> {
        let f = self.mean_force();
        let n = f.len();
        let mut out = Vec::with_capacity(n);
        let mut a = 0.0;
        // Trapezoid weights of the current upper end: w_j for j < i accumulate, the last one is h/2.
        let mut weights = vec![0.0; n];
        out.push(Estimate::exact(0.0));
        for i in 1..n {
            let h = self.positions[i] - self.positions[i - 1];
            a -= 0.5 * h * (f[i].mean + f[i - 1].mean);
            weights[i - 1] += 0.5 * h;
            weights[i] += 0.5 * h;
            let var: f64 = weights[..=i]
                .iter()
                .zip(&f)
                .map(|(w, fj)| (w * fj.sem).powi(2))
                .sum();
            out.push(Estimate::new(a, var.sqrt()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::MeanForceProfile;

    #[test]
    fn linear_force_integrates_to_a_parabola_with_propagated_errors() {
        // f = −k R on an uneven grid: the trapezoid rule is exact, A = k R²/2 − k R_0²/2.
        let k = 3.0;
        let r = vec![-1.0, -0.4, 0.0, 0.5, 1.2];
        let mut prof = MeanForceProfile::new(r.clone());
        for (i, &ri) in r.iter().enumerate() {
            // Alternating ±1 noise: the window means are exact and the level-0 sem is ≈ 1/8.
            for s in 0..64 {
                let noise = if s % 2 == 0 { 1.0 } else { -1.0 };
                prof.push(i, -k * ri + noise);
            }
        }
        let a = prof.potential_of_mean_force();
        for (ai, ri) in a.iter().zip(&r) {
            assert!((ai.mean - (0.5 * k * ri * ri - 0.5 * k)).abs() < 1e-12);
        }
        // Errors grow along the path.
        assert!(a.windows(2).all(|w| w[1].sem >= w[0].sem));
        assert!(a[4].sem > 0.0);
    }
}
