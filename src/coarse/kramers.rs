//! The Fokker–Planck (Kramers) equation (56) on the phase plane (Φ_x, Π_x):
//!
//! ∂W̃/∂t = −ε ∂/∂Φ (Π/m̂ W̃) − ε ∂/∂Π (f^th W̃) + ε² ∂/∂Π [ θ (βΠ/m̂ + ∂/∂Π) W̃ ]
//!
//! with Φ = ε^{1/2}R, Π = ε^{1/2}P, f^th(Φ) = ε^{−1/2}F^th(R). The same code also solves the
//! unscaled form ∂W/∂t = −(P/m)∂W/∂R − ∂/∂P(F^th W) + ∂/∂P[ζ(P/m + k_BT ∂/∂P)W]: both are
//!
//! ∂W/∂t = −a y ∂W/∂x − ∂/∂y[(b(x) − c y) W] + d ∂²W/∂y²
//!
//! with (a, b, c, d) = (ε/m̂, ε f^th, ε²θβ/m̂, ε²θ) scaled, or (1/m, F^th, ζ/m, ζ k_BT) unscaled.
//! The scheme is the symmetric (Strang) splitting B A O A B that mirrors the BAOAB Langevin
//! integrator: B is a half "kick", [`VanLeer`] transport in y with velocity b(x) per column; A is
//! half a drift, [`VanLeer`] transport in x with velocity a·y per row; O is the implicit
//! [`ChangCooper`] friction-and-noise step. Consecutive half kicks of successive steps are fused.
//! Mass is conserved to round-off and W ≥ 0 for any step that keeps both transport Courant
//! numbers ≤ 1 (enforced by the automatic step).

use super::chang_cooper::ChangCooper;
use super::coefficients::Coefficients;
use super::error::{CoarseError, equal_steps, positive};
use super::evolve::Evolve;
use super::field::Force1d;
use super::grid::{Boundary, Grid1d};
use super::smoluchowski::{check_histogram, normalise};
use super::van_leer::VanLeer;

/// Probability allowed in the two outermost momentum rows on each side before the Π range is
/// declared too narrow: 1e-8 of the total mass.
pub const EDGE_TOLERANCE: f64 = 1e-8;

/// Moments of a phase-plane density, in the solver's own variables (Φ, Π scaled, or R, P).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PhaseMoments {
    /// Σ W ΔΦ ΔΠ [1].
    pub mass: f64,
    /// ⟨Φ⟩ [ε^{1/2}σ] (or ⟨R⟩ [σ] unscaled).
    pub mean_x: f64,
    /// ⟨Π⟩ [ε^{1/2}m̂σ/τ] (or ⟨P⟩ [m̂σ/τ]).
    pub mean_y: f64,
    /// Var Φ (or Var R), in the square of the unit of `mean_x`.
    pub var_x: f64,
    /// Var Π (or Var P), in the square of the unit of `mean_y`.
    pub var_y: f64,
    /// Cov(Φ, Π) (or Cov(R, P)), unit of `mean_x`·`mean_y`.
    pub cov_xy: f64,
    /// Smallest cell value of W.
    pub min: f64,
}

impl PhaseMoments {
    /// The same moments in physical (R, P) units given the scale s = ε^{1/2} (1 if unscaled).
    pub fn to_physical(&self, s: f64) -> Self {
        Self {
            mass: self.mass,
            mean_x: self.mean_x / s,
            mean_y: self.mean_y / s,
            var_x: self.var_x / (s * s),
            var_y: self.var_y / (s * s),
            cov_xy: self.cov_xy / (s * s),
            min: self.min * s * s,
        }
    }
}

/// Parameters of the scaled equation (56).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaledParams {
    /// ε = m̂/m [1].
    pub epsilon: f64,
    /// Host-atom mass m̂ [m̂] (1 in reduced units; kept explicit).
    pub m_hat: f64,
    /// β [1/ε_LJ].
    pub beta: f64,
    /// θ_xx [ε_LJ²τ/σ²], the scaled force autocorrelation integral; ζ = βεθ.
    pub theta: f64,
}

/// The Kramers phase-plane solver; see the module documentation.
#[derive(Debug, Clone)]
pub struct Kramers {
    x: Grid1d,
    y: Grid1d,
    a: f64,
    b: Vec<f64>,
    c: f64,
    d: f64,
    /// β·A at each x cell [1].
    beta_a: Vec<f64>,
    /// ε^{1/2} for the scaled form, 1 for the unscaled one.
    scale: f64,
    w: Vec<f64>,
    time: f64,
    max_dt: f64,
    courant_dt: f64,
    op: Option<(f64, ChangCooper)>,
    flux: Vec<f64>,
    kick_flux: Vec<f64>,
    slopes: Vec<f64>,
    kick_courant: Vec<f64>,
}

/// Default momentum half-range [m̂σ/τ] for a particle of mass m [m̂] at β [1/ε_LJ] in a field
/// whose potential spans `delta_a` [ε_LJ] on the grid: P_max = (2m(ΔA + 25 k_BT))^{1/2}, enough
/// for the Maxwellian tail (e^{−25}) on top of all the energy the field can give.
pub fn default_p_max(mass: f64, beta: f64, delta_a: f64) -> f64 {
    (2.0 * mass * (delta_a + 25.0 / beta)).sqrt()
}

/// Momentum half-range [m̂σ/τ] for a density started near `x0` [σ]: the most energy the start
/// holds above the field's minimum on `grid`, the potential at `x0` and at the cells within
/// `reach` [σ] of it plus `p_extreme`²/(2m) (`p_extreme` [m̂σ/τ] the largest momentum it holds),
/// then [`default_p_max`]'s 25 k_BT for the Maxwellian tail. The field's whole span on the grid
/// would be far wider where walls rise steeply (a double well's quartic walls at a box's faces)
/// and leave the thermal Maxwellian a few cells wide.
pub fn start_p_max(
    field: &Force1d,
    grid: &Grid1d,
    mass: f64,
    beta: f64,
    x0: f64,
    reach: f64,
    p_extreme: f64,
) -> f64 {
    let u_min = grid
        .centres()
        .iter()
        .map(|&x| field.potential(x))
        .fold(f64::INFINITY, f64::min);
    let potential = grid
        .centres()
        .iter()
        .filter(|&&x| (x - x0).abs() <= reach)
        .map(|&x| field.potential(x))
        .fold(field.potential(x0), f64::max)
        - u_min;
    let energy = potential.max(0.0) + p_extreme * p_extreme / (2.0 * mass);
    default_p_max(mass, beta, if energy.is_finite() { energy } else { 0.0 })
}

fn potential_span(field: &Force1d, grid: &Grid1d) -> f64 {
    let u: Vec<f64> = grid.centres().iter().map(|&r| field.potential(r)).collect();
    let max = u.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let min = u.iter().cloned().fold(f64::INFINITY, f64::min);
    max - min
}

impl Kramers {
    #[allow(clippy::too_many_arguments)]
    fn build(
        r_grid: &Grid1d,
        n_p: usize,
        p_max: f64,
        scale: f64,
        a: f64,
        c: f64,
        d: f64,
        field: &Force1d,
        beta: f64,
        mass: f64,
    ) -> Result<Self, CoarseError> {
        positive("momentum range p_max", p_max)?;
        if n_p < 8 {
            return Err(CoarseError::InvalidParameter {
                name: "number of momentum cells",
                value: n_p.to_string(),
                expected: "at least 8",
            });
        }
        let x = r_grid.scaled(scale);
        let y = Grid1d::new(-p_max * scale, p_max * scale, n_p, Boundary::Reflecting)?;
        // b = ε f^th(Φ) = ε^{1/2} F^th(R) scaled; F^th(R) unscaled: scale·F either way.
        let b: Vec<f64> = r_grid
            .centres()
            .iter()
            .map(|&r| scale * field.force(r))
            .collect();
        let beta_a: Vec<f64> = r_grid
            .centres()
            .iter()
            .map(|&r| beta * field.potential(r))
            .collect();
        let y_max = y.hi() - 0.5 * y.dx();
        let b_max = b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut courant_dt = x.dx() / (a * y_max);
        if b_max > 0.0 {
            courant_dt = courant_dt.min(y.dx() / b_max);
        }
        let omega = (field.max_stiffness(r_grid.lo(), r_grid.hi()) / mass).sqrt();
        let mut slow = c;
        if omega > slow {
            slow = omega;
        }
        let mut max_dt = courant_dt;
        if slow > 0.0 {
            max_dt = max_dt.min(0.02 / slow);
        }
        let nx = x.len();
        let mut k = Self {
            x,
            y,
            a,
            b,
            c,
            d,
            beta_a,
            scale,
            w: vec![0.0; nx * n_p],
            time: 0.0,
            max_dt,
            courant_dt,
            op: None,
            flux: vec![0.0; nx.max(n_p)],
            kick_flux: vec![0.0; 2 * nx],
            slopes: vec![0.0; nx * n_p],
            kick_courant: vec![0.0; nx],
        };
        k.set_equilibrium();
        Ok(k)
    }

    /// The scaled equation (56) in (Φ, Π). The grid is given in physical R [σ] (Φ = ε^{1/2}R);
    /// `field` is the physical mean force F^th(R) [ε_LJ/σ] (the solver uses f^th =
    /// ε^{−1/2}F^th); `n_pi` momentum cells cover |P| ≤ `p_max` [m̂σ/τ] (|Π| ≤ ε^{1/2}p_max);
    /// `None` picks [`default_p_max`].
    pub fn scaled(
        params: ScaledParams,
        field: Force1d,
        r_grid: &Grid1d,
        n_pi: usize,
        p_max: Option<f64>,
    ) -> Result<Self, CoarseError> {
        let ScaledParams {
            epsilon,
            m_hat,
            beta,
            theta,
        } = params;
        if !(epsilon > 0.0 && epsilon <= 1.0) {
            return Err(CoarseError::InvalidParameter {
                name: "epsilon",
                value: epsilon.to_string(),
                expected: "a number in (0, 1]",
            });
        }
        positive("m_hat", m_hat)?;
        positive("beta", beta)?;
        positive("theta", theta)?;
        let mass = m_hat / epsilon;
        let p_max =
            p_max.unwrap_or_else(|| default_p_max(mass, beta, potential_span(&field, r_grid)));
        let e2t = epsilon * epsilon * theta;
        Self::build(
            r_grid,
            n_pi,
            p_max,
            epsilon.sqrt(),
            epsilon / m_hat,
            e2t * beta / m_hat,
            e2t,
            &field,
            beta,
            mass,
        )
    }

    /// The unscaled equation in (R, P): mass `mass` [m̂], friction `zeta` [m̂/τ], `beta`
    /// [1/ε_LJ]; grid and momentum range as in [`Kramers::scaled`].
    pub fn unscaled(
        mass: f64,
        zeta: f64,
        beta: f64,
        field: Force1d,
        r_grid: &Grid1d,
        n_p: usize,
        p_max: Option<f64>,
    ) -> Result<Self, CoarseError> {
        positive("mass", mass)?;
        positive("zeta", zeta)?;
        positive("beta", beta)?;
        let p_max =
            p_max.unwrap_or_else(|| default_p_max(mass, beta, potential_span(&field, r_grid)));
        Self::build(
            r_grid,
            n_p,
            p_max,
            1.0,
            1.0 / mass,
            zeta / mass,
            zeta / beta,
            &field,
            beta,
            mass,
        )
    }

    /// The scaled solver from measured coefficients: ε, m̂ = εm, β and θ_xx (see
    /// [`Coefficients::theta_xx`]); when `field` is `None` the file's f_th profile is used, or no
    /// force.
    pub fn from_coefficients(
        coefficients: &Coefficients,
        field: Option<Force1d>,
        r_grid: &Grid1d,
        n_pi: usize,
        p_max: Option<f64>,
    ) -> Result<Self, CoarseError> {
        coefficients.validate()?;
        let field = match field {
            Some(f) => f,
            None => coefficients.mean_force()?.unwrap_or(Force1d::None),
        };
        let params = ScaledParams {
            epsilon: coefficients.epsilon,
            m_hat: coefficients.m_hat(),
            beta: coefficients.beta,
            theta: coefficients.theta_xx()?,
        };
        Self::scaled(params, field, r_grid, n_pi, p_max)
    }

    /// Grid of the first variable (Φ [ε^{1/2}σ] scaled, R [σ] unscaled).
    pub fn x_grid(&self) -> &Grid1d {
        &self.x
    }

    /// Grid of the second variable (Π [ε^{1/2}m̂σ/τ] scaled, P [m̂σ/τ] unscaled).
    pub fn y_grid(&self) -> &Grid1d {
        &self.y
    }

    /// The scale s = ε^{1/2} (Φ = sR, Π = sP); 1 for the unscaled form.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// (R [σ], P [m̂σ/τ]) → the solver's variables (Φ, Π) = ε^{1/2}(R, P) (identity unscaled).
    pub fn to_scaled(&self, r: f64, p: f64) -> (f64, f64) {
        (self.scale * r, self.scale * p)
    }

    /// The solver's variables (Φ, Π) → (R [σ], P [m̂σ/τ]) = ε^{−1/2}(Φ, Π).
    pub fn to_physical(&self, phi: f64, pi: f64) -> (f64, f64) {
        (phi / self.scale, pi / self.scale)
    }

    /// Cell values, row-major `w[j·nx + i]` (row j: momentum cell, column i: position cell).
    pub fn density(&self) -> &[f64] {
        &self.w
    }

    /// The density in physical units W(R, P) = ε W̃(Φ, Π) [1/(σ·m̂σ/τ)], same layout.
    pub fn physical_density(&self) -> Vec<f64> {
        let s2 = self.scale * self.scale;
        self.w.iter().map(|v| v * s2).collect()
    }

    /// Largest time step taken [τ]: Courant numbers ≤ 1 in x and y, and 0.02 over the fastest
    /// of the friction rate and the mechanical frequency.
    pub fn max_time_step(&self) -> f64 {
        self.max_dt
    }

    /// Sets the largest time step [τ], replacing the automatic accuracy-based choice; it is
    /// still capped by the Courant limit (Courant numbers ≤ 1) that keeps W ≥ 0.
    pub fn set_max_time_step(&mut self, dt: f64) -> Result<(), CoarseError> {
        self.max_dt = self.courant_dt.min(positive("time step", dt)?);
        Ok(())
    }

    fn dv(&self) -> f64 {
        self.x.dx() * self.y.dx()
    }

    /// Starts from the equilibrium density ∝ exp(−β[Π²/(2m̂) + A]) (time reset to 0).
    pub fn set_equilibrium(&mut self) {
        let nx = self.x.len();
        let k = 0.5 * self.c / self.d;
        let amin = self.beta_a.iter().cloned().fold(f64::INFINITY, f64::min);
        for j in 0..self.y.len() {
            let y = self.y.centre(j);
            for i in 0..nx {
                self.w[j * nx + i] = (-k * y * y - (self.beta_a[i] - amin)).exp();
            }
        }
        let dv = self.dv();
        normalise(&mut self.w, dv);
        self.time = 0.0;
    }

    /// The discrete equilibrium density (same layout as [`Self::density`]).
    pub fn equilibrium(&self) -> Vec<f64> {
        let mut k = self.clone();
        k.set_equilibrium();
        k.w
    }

    /// Starts from a Gaussian in the solver's variables: mean (x0, y0), standard deviations
    /// (sx, sy), no correlation (time reset to 0). Errors if it touches the momentum edge.
    pub fn set_gaussian_scaled(
        &mut self,
        x0: f64,
        y0: f64,
        sx: f64,
        sy: f64,
    ) -> Result<(), CoarseError> {
        positive("initial width in position", sx)?;
        positive("initial width in momentum", sy)?;
        let gx = super::smoluchowski::gaussian_cells(&self.x, x0, sx);
        let gy = super::smoluchowski::gaussian_cells(&self.y, y0, sy);
        if self.y.index_of(y0).is_none() || gy.iter().sum::<f64>() == 0.0 {
            return Err(CoarseError::MomentumDomainTooNarrow {
                edge_mass: 1.0,
                pi_max: self.y.hi(),
            });
        }
        if self.x.index_of(x0).is_none() || gx.iter().sum::<f64>() == 0.0 {
            return Err(CoarseError::Invalid(format!(
                "the initial position {} lies outside the grid [{}, {}]",
                crate::format::number(x0),
                crate::format::number(self.x.lo()),
                crate::format::number(self.x.hi())
            )));
        }
        let nx = self.x.len();
        for (j, &vy) in gy.iter().enumerate() {
            for (i, &vx) in gx.iter().enumerate() {
                self.w[j * nx + i] = vx * vy;
            }
        }
        let dv = self.dv();
        normalise(&mut self.w, dv);
        self.time = 0.0;
        self.check_edges()
    }

    /// Starts from a Gaussian at (R0 [σ], P0 [m̂σ/τ]) with widths (σ_R [σ], σ_P [m̂σ/τ]) in
    /// physical units, converted to (Φ, Π).
    pub fn set_gaussian(&mut self, r0: f64, p0: f64, sr: f64, sp: f64) -> Result<(), CoarseError> {
        let s = self.scale;
        self.set_gaussian_scaled(r0 * s, p0 * s, sr * s, sp * s)
    }

    /// Starts from a histogram (row-major like [`Self::density`], any non-negative values). The
    /// (R, P) cells map one to one onto the (Φ, Π) cells, so a histogram of physical samples can
    /// be given as it is: it is normalised here.
    pub fn set_histogram(&mut self, values: &[f64]) -> Result<(), CoarseError> {
        check_histogram(values, self.w.len())?;
        self.w.copy_from_slice(values);
        let dv = self.dv();
        normalise(&mut self.w, dv);
        self.time = 0.0;
        self.check_edges()
    }

    /// Probability in the two outermost momentum rows on each side, relative to the total.
    pub fn edge_mass(&self) -> f64 {
        let nx = self.x.len();
        let ny = self.y.len();
        let rows = [0, 1, ny - 2, ny - 1];
        let edge: f64 = rows
            .iter()
            .map(|&j| self.w[j * nx..(j + 1) * nx].iter().sum::<f64>())
            .sum();
        edge / self.w.iter().sum::<f64>()
    }

    fn check_edges(&self) -> Result<(), CoarseError> {
        let e = self.edge_mass();
        if e.is_nan() || e > EDGE_TOLERANCE {
            Err(CoarseError::MomentumDomainTooNarrow {
                edge_mass: e,
                pi_max: self.y.hi(),
            })
        } else {
            Ok(())
        }
    }

    fn transport(&mut self, dt: f64) {
        let nx = self.x.len();
        let ny = self.y.len();
        let k = self.a * dt / self.x.dx();
        match self.x.boundary() {
            Boundary::Periodic => {
                for j in 0..ny {
                    let c = k * self.y.centre(j);
                    VanLeer::step_periodic(&mut self.w[j * nx..(j + 1) * nx], c, &mut self.flux);
                }
            }
            Boundary::Reflecting => {
                // Specular reflection: what leaves row j through a wall enters the mirror row
                // ny−1−j (momentum −y) in the wall cell.
                let mut out = vec![0.0; ny];
                for (j, o) in out.iter_mut().enumerate() {
                    let c = k * self.y.centre(j);
                    *o = VanLeer::step_walls(&mut self.w[j * nx..(j + 1) * nx], c, &mut self.flux);
                }
                for (j, &o) in out.iter().enumerate() {
                    let mirror = ny - 1 - j;
                    let cell = if self.y.centre(j) > 0.0 { nx - 1 } else { 0 };
                    self.w[mirror * nx + cell] += o;
                }
            }
        }
    }

    /// The kick: transport in y with velocity b(x_i) in column i, zero-flux ends (the edge
    /// check reports if probability ever piles up there).
    fn kick(&mut self, dt: f64) {
        let k = dt / self.y.dx();
        for (c, b) in self.kick_courant.iter_mut().zip(&self.b) {
            *c = k * b;
        }
        VanLeer::step_columns(
            &mut self.w,
            self.x.len(),
            &self.kick_courant,
            &mut self.slopes,
            &mut self.kick_flux,
        );
    }

    fn operator(&mut self, dt: f64) {
        let stale = match &self.op {
            Some((old, _)) => (old - dt).abs() > 1e-12 * dt,
            None => true,
        };
        if stale {
            self.op = Some((dt, ChangCooper::new(self.c, self.d, &self.y, dt)));
        }
    }

    /// Means, variances, covariance, mass and minimum in the solver's variables.
    pub fn moments(&self) -> PhaseMoments {
        let nx = self.x.len();
        let xs = self.x.centres();
        let (mut m0, mut mx, mut my, mut min) = (0.0, 0.0, 0.0, f64::INFINITY);
        for j in 0..self.y.len() {
            let y = self.y.centre(j);
            for (i, &x) in xs.iter().enumerate() {
                let v = self.w[j * nx + i];
                m0 += v;
                mx += v * x;
                my += v * y;
                min = min.min(v);
            }
        }
        let (ex, ey) = (mx / m0, my / m0);
        let (mut vx, mut vy, mut cxy) = (0.0, 0.0, 0.0);
        for j in 0..self.y.len() {
            let dy = self.y.centre(j) - ey;
            for (i, &x) in xs.iter().enumerate() {
                let v = self.w[j * nx + i];
                let dx = x - ex;
                vx += v * dx * dx;
                vy += v * dy * dy;
                cxy += v * dx * dy;
            }
        }
        PhaseMoments {
            mass: m0 * self.dv(),
            mean_x: ex,
            mean_y: ey,
            var_x: vx / m0,
            var_y: vy / m0,
            cov_xy: cxy / m0,
            min,
        }
    }

    /// Total probability Σ W ΔΦ ΔΠ [1].
    pub fn mass(&self) -> f64 {
        self.w.iter().sum::<f64>() * self.dv()
    }

    /// Marginal density in x, ∫ W dy, per x cell [1/(unit of x)].
    pub fn marginal_x(&self) -> Vec<f64> {
        let nx = self.x.len();
        let mut m = vec![0.0; nx];
        for row in self.w.chunks_exact(nx) {
            for (mi, v) in m.iter_mut().zip(row) {
                *mi += v;
            }
        }
        let dy = self.y.dx();
        m.iter().map(|v| v * dy).collect()
    }

    /// Marginal density in y, ∫ W dx, per y cell [1/(unit of y)].
    pub fn marginal_y(&self) -> Vec<f64> {
        let dx = self.x.dx();
        self.w
            .chunks_exact(self.x.len())
            .map(|row| row.iter().sum::<f64>() * dx)
            .collect()
    }

    /// Probability current along x at each x cell, J(x) = ∫ a y W dy [1/τ]: the flux over a
    /// barrier at that cell (same in scaled and unscaled variables).
    pub fn current_x(&self) -> Vec<f64> {
        let nx = self.x.len();
        let mut j_x = vec![0.0; nx];
        for (j, row) in self.w.chunks_exact(nx).enumerate() {
            let v = self.a * self.y.centre(j);
            for (ji, w) in j_x.iter_mut().zip(row) {
                *ji += v * w;
            }
        }
        let dy = self.y.dx();
        j_x.iter().map(|v| v * dy).collect()
    }
}

impl Evolve for Kramers {
    /// Current time [τ].
    fn time(&self) -> f64 {
        self.time
    }

    /// Advances by `duration` [τ] in equal Strang steps no longer than
    /// [`Self::max_time_step`]. Errors (after advancing) if the density reached the edge of the
    /// momentum range.
    fn advance(&mut self, duration: f64) -> Result<(), CoarseError> {
        let Some((steps, dt)) = equal_steps(duration, self.max_dt)? else {
            return Ok(());
        };
        self.operator(dt);
        let op = self.op.take().expect("operator built");
        let nx = self.x.len();
        self.kick(0.5 * dt);
        for s in 0..steps {
            self.transport(0.5 * dt);
            op.1.step(&mut self.w, nx);
            self.transport(0.5 * dt);
            self.kick(if s + 1 == steps { 0.5 * dt } else { dt });
        }
        self.op = Some(op);
        self.time += duration;
        self.check_edges()
    }
}
