//! Predicted transition rates of a particle in a double well, three ways: the Fokker–Planck
//! (Kramers) equation solved on the phase plane, the Smoluchowski mean first-passage time, and
//! Kramers' formula. All three are the same kind of rate as the MD count of
//! `analysis::TransitionCounter`: the **one-way rate k_{L→R} from one well to the other**, whose
//! inverse is the mean time a particle committed to the left well takes to reach the right well's
//! bottom region.
//!
//! Why they are comparable: in two-state kinetics dn_L/dt = −k_LR n_L + k_RL n_R the flux over the
//! barrier is J = k_LR n_L − k_RL n_R (flux over population); the mean first-passage time from the
//! left well's bottom to the right well's bottom region is 1/k_LR up to corrections of relative
//! order e^{−βΔU} and (k_BT/ΔU)² (half the trajectories that reach the barrier top return, and the
//! MFPT to the barrier top is 1/(2k_LR)); Kramers' formula is the leading term of k_LR in k_BT/ΔU.
//! The total transition frequency (transitions per unit time, both directions) is
//! k_LR p_L + k_RL p_R, which equals k_LR only for a symmetric well.

use serde::{Deserialize, Serialize};

use super::error::CoarseError;
use super::evolve::Evolve;
use super::exact::{kramers_rate, mfpt_in_potential};
use super::field::Force1d;
use super::grid::{Boundary, Grid1d};
use super::kramers::Kramers;
use crate::field::DoubleWellPotential;

/// A particle of mass m in a double well U(x) with reflecting walls: what the rates depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct DoubleWellProblem {
    /// Mass m [m̂].
    pub mass: f64,
    /// Friction ζ [m̂/τ] (along the well's axis).
    pub zeta: f64,
    /// β = 1/k_BT [1/ε_LJ].
    pub beta: f64,
    /// The potential (or potential of mean force) along the axis.
    pub field: Force1d,
    /// Bottom of the left well x_L [σ].
    pub x_left: f64,
    /// Top of the barrier x_b [σ] (x_L < x_b < x_R).
    pub x_barrier: f64,
    /// Bottom of the right well x_R [σ].
    pub x_right: f64,
    /// Radius r [σ] of each well's bottom region (the committed region of the MD counter): a
    /// transition L→R is complete when x reaches x_R − r.
    pub commit_radius: f64,
    /// Reflecting walls (lo, hi) [σ], far enough out that e^{−βU} is negligible there.
    pub walls: (f64, f64),
}

impl DoubleWellProblem {
    /// The symmetric quartic well `Force1d::DoubleWell` (barrier at c, half width a)
    /// with committed regions of radius `commit_fraction · a` around c ± a and walls at
    /// c ± `wall` (|wall| > a).
    ///
    /// # Errors
    /// If the field is not a `DoubleWell` or the geometry is not ordered.
    pub fn symmetric(
        mass: f64,
        zeta: f64,
        beta: f64,
        field: Force1d,
        commit_fraction: f64,
        wall: f64,
    ) -> Result<Self, CoarseError> {
        let Force1d::DoubleWell(DoubleWellPotential {
            centre, half_width, ..
        }) = field
        else {
            return Err(CoarseError::Invalid(
                "DoubleWellProblem::symmetric needs a DoubleWell field".into(),
            ));
        };
        let p = Self {
            mass,
            zeta,
            beta,
            commit_radius: commit_fraction * half_width,
            x_left: centre - half_width,
            x_barrier: centre,
            x_right: centre + half_width,
            walls: (centre - wall, centre + wall),
            field,
        };
        p.validate()?;
        Ok(p)
    }

    /// Checks positivity and the order lo < x_L < x_b < x_R < hi with regions inside the wells.
    pub fn validate(&self) -> Result<(), CoarseError> {
        let ordered = self.walls.0 < self.x_left
            && self.x_left < self.x_barrier
            && self.x_barrier < self.x_right
            && self.x_right < self.walls.1
            && self.commit_radius >= 0.0
            && self.x_left + self.commit_radius < self.x_barrier
            && self.x_right - self.commit_radius > self.x_barrier;
        if !(self.mass > 0.0 && self.zeta > 0.0 && self.beta > 0.0) {
            return Err(CoarseError::Invalid(format!(
                "double-well rates need m, ζ, β > 0 (got {}, {}, {})",
                self.mass, self.zeta, self.beta
            )));
        }
        if !ordered {
            return Err(CoarseError::Invalid(format!(
                "double-well geometry must satisfy wall < x_L < x_L + r < x_b < x_R − r < x_R < wall \
                 (got walls {:?}, x_L {}, x_b {}, x_R {}, r {})",
                self.walls, self.x_left, self.x_barrier, self.x_right, self.commit_radius
            )));
        }
        Ok(())
    }

    /// U″(x) [ε_LJ/σ²] by a central difference.
    fn curvature(&self, x: f64) -> f64 {
        let h = 1e-4 * (self.x_right - self.x_left);
        let u = |y: f64| self.field.potential(y);
        (u(x + h) - 2.0 * u(x) + u(x - h)) / (h * h)
    }

    /// Barrier ΔU seen from the left and from the right well [ε_LJ].
    pub fn barriers(&self) -> (f64, f64) {
        let ub = self.field.potential(self.x_barrier);
        (
            ub - self.field.potential(self.x_left),
            ub - self.field.potential(self.x_right),
        )
    }

    /// Well frequencies (ω_L, ω_R) and barrier frequency ω_b [1/τ]: (|U″|/m)^{1/2}.
    pub fn frequencies(&self) -> (f64, f64, f64) {
        let w = |x: f64| (self.curvature(x).abs() / self.mass).sqrt();
        (w(self.x_left), w(self.x_right), w(self.x_barrier))
    }
}

/// Resolution of the Fokker–Planck rate computation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateOptions {
    /// Position cells between the walls (default 160).
    pub n_x: usize,
    /// Momentum cells over |P| ≤ 8 (m k_BT)^{1/2} (default 64).
    pub n_p: usize,
    /// Time [τ] the left well's Boltzmann density relaxes before the flux is read; `None`:
    /// 10·max(m/ζ, ζ/(mω_L²), 1/λ₊), ten times the slowest of momentum relaxation, overdamped
    /// relaxation in the well and the barrier's unstable mode.
    pub relax_time: Option<f64>,
    /// Midpoint-rule intervals of the Smoluchowski MFPT integral (default 100 000).
    pub mfpt_points: usize,
}

impl Default for RateOptions {
    fn default() -> Self {
        Self {
            n_x: 160,
            n_p: 64,
            relax_time: None,
            mfpt_points: 100_000,
        }
    }
}

/// One-way rates for one direction [1/τ].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OneWayRates {
    /// Flux over population of the Fokker–Planck (Kramers) equation in (R, P) [1/τ].
    pub fokker_planck: f64,
    /// Largest change of `fokker_planck` between the three reading times t₁, 1.5t₁, 2t₁ [1/τ]:
    /// how stationary (converged in time) the flux-over-population ratio is. The grid
    /// discretisation error is not included; check it by refining [`RateOptions`].
    pub fokker_planck_spread: f64,
    /// 1/MFPT of the Smoluchowski equation, D = k_BT/ζ (Gardiner's integral formula) [1/τ],
    /// from the edge of the starting well's committed region (x_L + r, where a particle arriving
    /// from the other well starts to count as committed) to the far region's edge (x_R − r):
    /// exactly the mean committed time that the MD counter averages, for overdamped dynamics.
    pub smoluchowski: f64,
    /// Kramers' formula (λ₊/ω_b)(ω₀/2π)e^{−βΔU} [1/τ].
    pub kramers: f64,
    /// βΔU of this direction [1]. Kramers' formula is the leading term of an expansion in
    /// 1/(βΔU); expect relative deviations of order 1/(βΔU) from the other two.
    pub beta_barrier: f64,
}

/// Predicted one-way rates in both directions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DoubleWellRates {
    /// Left well → right well.
    pub left_to_right: OneWayRates,
    /// Right well → left well.
    pub right_to_left: OneWayRates,
    /// Reading time t₁ of the Fokker–Planck flux [τ].
    pub relax_time: f64,
}

/// The three predicted rates of `problem` (see the module documentation for why they are the same
/// kind of rate as the MD count).
///
/// Fokker–Planck: the unscaled [`Kramers`] solver starts from the Boltzmann density
/// e^{−β(P²/2m + U)} restricted to the left of the barrier (the barrier is placed on the cell face
/// nearest x_b), relaxes for t₁, and reads k_LR = J/(n_L − n_R p_L/p_R) at t₁, 1.5t₁, 2t₁ (J the
/// current over that face, n_L, n_R the populations on either side, p_L, p_R their equilibrium
/// values: two-state kinetics with detailed balance k_RL = k_LR p_L/p_R). The reported value is
/// the mean of the three readings. The solver has reflecting walls and no absorbing boundary,
/// so flux over population is the rate it supports.
///
/// # Errors
/// If the problem is invalid or the solver fails (momentum range too narrow).
pub fn double_well_rates(
    problem: &DoubleWellProblem,
    options: RateOptions,
) -> Result<DoubleWellRates, CoarseError> {
    problem.validate()?;
    let p = problem;
    let (du_l, du_r) = p.barriers();
    let (w_l, w_r, w_b) = p.frequencies();
    let g = p.zeta / (2.0 * p.mass);
    let lambda = -g + (g * g + w_b * w_b).sqrt();
    let relax = options.relax_time.unwrap_or_else(|| {
        10.0 * (p.mass / p.zeta)
            .max(p.zeta / (p.mass * w_l.min(w_r).powi(2)))
            .max(1.0 / lambda)
    });

    // Fokker–Planck flux over population.
    let grid = Grid1d::new(p.walls.0, p.walls.1, options.n_x, Boundary::Reflecting)?;
    let p_max = 8.0 * (p.mass / p.beta).sqrt();
    let mut solver = Kramers::unscaled(
        p.mass,
        p.zeta,
        p.beta,
        p.field.clone(),
        &grid,
        options.n_p,
        Some(p_max),
    )?;
    let nx = options.n_x;
    let face = (((p.x_barrier - grid.lo()) / grid.dx()).round() as usize).clamp(1, nx - 1);
    let eq = solver.equilibrium();
    let split = |w: &[f64]| {
        let mut left = 0.0;
        let mut right = 0.0;
        for row in w.chunks_exact(nx) {
            left += row[..face].iter().sum::<f64>();
            right += row[face..].iter().sum::<f64>();
        }
        (left, right)
    };
    let (p_l, p_r) = split(&eq);
    let start: Vec<f64> = eq
        .iter()
        .enumerate()
        .map(|(i, &v)| if i % nx < face { v } else { 0.0 })
        .collect();
    solver.set_histogram(&start)?;
    let mut readings = Vec::with_capacity(3);
    for factor in [1.0, 1.5, 2.0] {
        solver.advance_to(factor * relax)?;
        let (n_l, n_r) = split(solver.density());
        let j = solver.current_x();
        let flux = 0.5 * (j[face - 1] + j[face]);
        // Populations and flux in the same normalisation: marginal_x·dx sums to the mass 1, and
        // the raw cell sums are proportional to it with the same factor for n_L and n_R.
        let total = n_l + n_r;
        let (n_l, n_r) = (n_l / total, n_r / total);
        readings.push(flux / (n_l - n_r * p_l / p_r));
    }
    let k_lr = readings.iter().sum::<f64>() / readings.len() as f64;
    let spread = readings
        .iter()
        .map(|r| (r - k_lr).abs())
        .fold(0.0, f64::max);
    let k_rl = k_lr * p_l / p_r;
    let ratio = p_l / p_r;

    // Smoluchowski MFPT to the far committed region.
    let d = 1.0 / (p.beta * p.zeta);
    let u = |x: f64| p.field.potential(x);
    let mfpt_lr = mfpt_in_potential(
        u,
        d,
        p.beta,
        p.walls.0,
        p.x_left + p.commit_radius,
        p.x_right - p.commit_radius,
        options.mfpt_points,
    );
    let mfpt_rl = mfpt_in_potential(
        u,
        d,
        p.beta,
        p.walls.1,
        p.x_right - p.commit_radius,
        p.x_left + p.commit_radius,
        options.mfpt_points,
    );

    Ok(DoubleWellRates {
        left_to_right: OneWayRates {
            fokker_planck: k_lr,
            fokker_planck_spread: spread,
            smoluchowski: 1.0 / mfpt_lr,
            kramers: kramers_rate(p.mass, p.zeta, p.beta, w_l, w_b, du_l),
            beta_barrier: p.beta * du_l,
        },
        right_to_left: OneWayRates {
            fokker_planck: k_rl,
            fokker_planck_spread: spread * ratio,
            smoluchowski: 1.0 / mfpt_rl,
            kramers: kramers_rate(p.mass, p.zeta, p.beta, w_r, w_b, du_r),
            beta_barrier: p.beta * du_r,
        },
        relax_time: relax,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_geometry_and_frequencies() {
        let field = Force1d::double_well(5.0, 0.5, 1.2).unwrap();
        let p = DoubleWellProblem::symmetric(3.0, 2.0, 1.0, field, 0.3, 2.0).unwrap();
        assert!((p.x_left + 0.7).abs() < 1e-12 && (p.x_right - 1.7).abs() < 1e-12);
        assert!((p.commit_radius - 0.36).abs() < 1e-12 && p.x_barrier == 0.5);
        let (w_l, w_r, w_b) = p.frequencies();
        let (w0, wb) = super::super::exact::double_well_frequencies(5.0, 1.2, 3.0);
        assert!((w_l / w0 - 1.0).abs() < 1e-6 && (w_r / w0 - 1.0).abs() < 1e-6);
        assert!((w_b / wb - 1.0).abs() < 1e-6);
        assert_eq!(p.barriers(), (5.0, 5.0));
        let bad = DoubleWellProblem::symmetric(3.0, 2.0, 1.0, Force1d::None, 0.3, 2.0);
        assert!(bad.is_err());
    }
}
