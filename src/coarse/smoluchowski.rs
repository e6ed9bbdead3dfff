//! The Smoluchowski equation (29) on a line (the x component):
//! ∂W/∂t = ∂/∂x [ D (∂/∂x − β f^th) W ], finite volumes with Scharfetter–Gummel fluxes and
//! backward-Euler steps.

use super::coefficients::Coefficients;
use super::error::{CoarseError, equal_steps, positive};
use super::evolve::Evolve;
use super::field::Force1d;
use super::grid::{Boundary, Grid1d};
use super::scharfetter_gummel::{ScharfetterGummel, bernoulli};

/// Summary statistics of a density on a line.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LineMoments {
    /// Total probability Σ W Δx [1].
    pub mass: f64,
    /// Mean position ⟨x⟩ [σ].
    pub mean: f64,
    /// Variance ⟨(x − ⟨x⟩)²⟩ [σ²].
    pub variance: f64,
    /// Smallest cell value of W [1/σ].
    pub min: f64,
}

/// Moments of cell values `w` on `grid` (positions are the cell centres inside the grid).
pub fn line_moments(grid: &Grid1d, w: &[f64]) -> LineMoments {
    let dx = grid.dx();
    let (mut m0, mut m1, mut min) = (0.0, 0.0, f64::INFINITY);
    for (i, &v) in w.iter().enumerate() {
        m0 += v;
        m1 += v * grid.centre(i);
        min = min.min(v);
    }
    let mean = m1 / m0;
    let m2: f64 = w
        .iter()
        .enumerate()
        .map(|(i, &v)| v * (grid.centre(i) - mean).powi(2))
        .sum();
    LineMoments {
        mass: m0 * dx,
        mean,
        variance: m2 / m0,
        min,
    }
}

/// Cell values of a normalised Gaussian of mean `x0` and standard deviation `width`, sampled at
/// the cell centres and renormalised so that Σ W Δx = 1 exactly. Periodic images are summed on a
/// periodic grid.
pub fn gaussian_cells(grid: &Grid1d, x0: f64, width: f64) -> Vec<f64> {
    let l = grid.length();
    let images: &[f64] = match grid.boundary() {
        Boundary::Periodic => &[-2.0, -1.0, 0.0, 1.0, 2.0],
        Boundary::Reflecting => &[0.0],
    };
    let mut w: Vec<f64> = grid
        .centres()
        .iter()
        .map(|&x| {
            images
                .iter()
                .map(|k| (-0.5 * ((x - x0 + k * l) / width).powi(2)).exp())
                .sum()
        })
        .collect();
    normalise(&mut w, grid.dx());
    w
}

/// Scales `w` so that Σ w·dv = 1; returns the old mass.
pub(crate) fn normalise(w: &mut [f64], dv: f64) -> f64 {
    let m: f64 = w.iter().sum::<f64>() * dv;
    if m > 0.0 {
        for v in w.iter_mut() {
            *v /= m;
        }
    }
    m
}

/// Discrete Boltzmann density e^{−βU_i}/Z on the cells (Σ W Δx = 1).
pub fn boltzmann_cells(grid: &Grid1d, field: &Force1d, beta: f64) -> Vec<f64> {
    let u: Vec<f64> = grid.centres().iter().map(|&x| field.potential(x)).collect();
    let umin = u.iter().cloned().fold(f64::INFINITY, f64::min);
    let mut w: Vec<f64> = u.iter().map(|&v| (-beta * (v - umin)).exp()).collect();
    normalise(&mut w, grid.dx());
    w
}

/// Checks a user-given histogram: right length, finite, non-negative, positive sum.
pub(crate) fn check_histogram(values: &[f64], n: usize) -> Result<(), CoarseError> {
    if values.len() != n {
        return Err(CoarseError::Invalid(format!(
            "initial histogram has {} values but the grid has {n} cells",
            values.len()
        )));
    }
    if values.iter().any(|v| !v.is_finite() || *v < 0.0) || values.iter().sum::<f64>() <= 0.0 {
        return Err(CoarseError::Invalid(
            "initial histogram values must be finite, ≥ 0 and not all zero".into(),
        ));
    }
    Ok(())
}

/// The 1D Smoluchowski solver: a density W(x, t) [1/σ] on a [`Grid1d`], diffusion D [σ²/τ],
/// inverse temperature β [1/ε_LJ] and a mean force f^th = −dA/dx.
///
/// Each step is an implicit [`ScharfetterGummel`] step, so any Δt is stable, mass is conserved
/// to round-off and W ≥ 0; the discrete steady state is the discrete Boltzmann density
/// e^{−βA(x_i)}/Z. The default step Δt = min(Δx²/D, Δx/(βD max|f|), 0.02/(βD max|f′|)) keeps
/// the first-order time error at the size of the second-order space error.
#[derive(Debug, Clone)]
pub struct Smoluchowski1d {
    grid: Grid1d,
    field: Force1d,
    d: f64,
    beta: f64,
    w: Vec<f64>,
    time: f64,
    max_dt: f64,
    op: Option<(f64, ScharfetterGummel)>,
}

impl Smoluchowski1d {
    /// A solver with diffusion `d` [σ²/τ] and inverse temperature `beta` [1/ε_LJ], starting
    /// from the equilibrium density.
    pub fn new(grid: Grid1d, field: Force1d, d: f64, beta: f64) -> Result<Self, CoarseError> {
        positive("diffusion coefficient D", d)?;
        positive("beta", beta)?;
        let dx = grid.dx();
        let fmax = grid
            .centres()
            .iter()
            .map(|&x| field.force(x).abs())
            .fold(0.0, f64::max);
        let stiff = field.max_stiffness(grid.lo(), grid.hi());
        let mut max_dt = dx * dx / d;
        if fmax > 0.0 {
            max_dt = max_dt.min(dx / (beta * d * fmax));
        }
        if stiff > 0.0 {
            max_dt = max_dt.min(0.02 / (beta * d * stiff));
        }
        let w = boltzmann_cells(&grid, &field, beta);
        Ok(Self {
            grid,
            field,
            d,
            beta,
            w,
            time: 0.0,
            max_dt,
            op: None,
        })
    }

    /// A solver from measured coefficients (D_xx, β) and a field; when `field` is `None` the
    /// file's f_th profile is used, or no force if it has none.
    pub fn from_coefficients(
        c: &Coefficients,
        grid: Grid1d,
        field: Option<Force1d>,
    ) -> Result<Self, CoarseError> {
        let field = match field {
            Some(f) => f,
            None => c.mean_force()?.unwrap_or(Force1d::None),
        };
        Self::new(grid, field, c.diffusion_xx()?, c.beta)
    }

    /// Starts from a Gaussian of mean `x0` [σ] and standard deviation `width` [σ]; time reset to 0.
    pub fn set_gaussian(&mut self, x0: f64, width: f64) -> Result<(), CoarseError> {
        positive("initial width", width)?;
        self.w = gaussian_cells(&self.grid, x0, width);
        self.time = 0.0;
        Ok(())
    }

    /// Starts from the equilibrium (discrete Boltzmann) density; time reset to 0.
    pub fn set_equilibrium(&mut self) {
        self.w = self.equilibrium();
        self.time = 0.0;
    }

    /// Starts from a histogram (any non-negative values, one per cell; normalised here).
    pub fn set_histogram(&mut self, values: &[f64]) -> Result<(), CoarseError> {
        check_histogram(values, self.grid.len())?;
        self.w = values.to_vec();
        normalise(&mut self.w, self.grid.dx());
        self.time = 0.0;
        Ok(())
    }

    /// The discrete Boltzmann density e^{−βA(x_i)}/Z [1/σ], the exact steady state of the scheme.
    pub fn equilibrium(&self) -> Vec<f64> {
        boltzmann_cells(&self.grid, &self.field, self.beta)
    }

    /// Sets the largest time step [τ], replacing the automatic accuracy-based choice. Any step is
    /// stable, conservative and positive; larger ones are less accurate in time.
    pub fn set_max_time_step(&mut self, dt: f64) -> Result<(), CoarseError> {
        self.max_dt = positive("time step", dt)?;
        Ok(())
    }

    /// The largest time step the solver will take [τ].
    pub fn max_time_step(&self) -> f64 {
        self.max_dt
    }

    /// Whether the grid is periodic, and the scaled potential jumps βΔU across each face.
    fn jumps(&self) -> (bool, Vec<f64>) {
        let periodic = self.grid.boundary() == Boundary::Periodic;
        let u: Vec<f64> = self
            .grid
            .centres()
            .iter()
            .map(|&x| self.field.potential(x))
            .collect();
        (periodic, ScharfetterGummel::jumps(&u, self.beta, periodic))
    }

    fn operator(&mut self, dt: f64) -> &ScharfetterGummel {
        let stale = match &self.op {
            Some((old, _)) => (old - dt).abs() > 1e-12 * dt,
            None => true,
        };
        if stale {
            let (periodic, jumps) = self.jumps();
            let op = ScharfetterGummel::new(
                jumps,
                self.grid.len(),
                periodic,
                self.d,
                self.grid.dx(),
                dt,
            );
            self.op = Some((dt, op));
        }
        &self.op.as_ref().expect("operator just built").1
    }

    /// Cell values of W [1/σ].
    pub fn density(&self) -> &[f64] {
        &self.w
    }

    /// The grid.
    pub fn grid(&self) -> &Grid1d {
        &self.grid
    }

    /// Diffusion coefficient D [σ²/τ].
    pub fn diffusion(&self) -> f64 {
        self.d
    }

    /// Inverse temperature β [1/ε_LJ].
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// The force field.
    pub fn field(&self) -> &Force1d {
        &self.field
    }

    /// Mass, mean [σ], variance [σ²] and minimum of W.
    pub fn moments(&self) -> LineMoments {
        line_moments(&self.grid, &self.w)
    }

    /// Probability current through each face [1/τ], positive to the right (n−1 interior faces
    /// for walls; n for periodic, the last joining the last cell to the first): the
    /// Scharfetter–Gummel flux (D/Δx)[B(Δ)W_i − B(−Δ)W_{i+1}].
    pub fn currents(&self) -> Vec<f64> {
        let n = self.w.len();
        let k = self.d / self.grid.dx();
        self.jumps()
            .1
            .iter()
            .enumerate()
            .map(|(f, &dl)| k * (bernoulli(dl) * self.w[f] - bernoulli(-dl) * self.w[(f + 1) % n]))
            .collect()
    }
}

impl Evolve for Smoluchowski1d {
    /// Current time [τ].
    fn time(&self) -> f64 {
        self.time
    }

    /// Advances by `duration` [τ] in equal steps no longer than [`Self::max_time_step`].
    fn advance(&mut self, duration: f64) -> Result<(), CoarseError> {
        let Some((steps, dt)) = equal_steps(duration, self.max_dt)? else {
            return Ok(());
        };
        let mut w = std::mem::take(&mut self.w);
        let op = self.operator(dt);
        for _ in 0..steps {
            op.step(&mut w);
        }
        self.w = w;
        self.time += duration;
        Ok(())
    }
}
