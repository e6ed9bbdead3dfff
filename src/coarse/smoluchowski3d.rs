//! The Smoluchowski equation (29) on a 3D grid with a diagonal diffusion tensor and a separable
//! mean force f^th = (f_x(x), f_y(y), f_z(z)).
//!
//! Each step applies an implicit [`ScharfetterGummel`] step along x, y and z in turn (the order
//! reversed every other step): each directional step conserves mass, keeps W ≥ 0 and leaves the
//! discrete Boltzmann density e^{−β(A_x + A_y + A_z)}/Z unchanged, so the product does too.

use super::coefficients::Coefficients;
use super::error::{CoarseError, equal_steps, positive};
use super::evolve::Evolve;
use super::field::Force1d;
use super::grid::{Boundary, Grid1d};
use super::scharfetter_gummel::ScharfetterGummel;
use super::smoluchowski::{LineMoments, boltzmann_cells, gaussian_cells, line_moments};

/// The 3D Smoluchowski solver; W is stored `w[(k·ny + j)·nx + i]` [1/σ³].
#[derive(Debug, Clone)]
pub struct Smoluchowski3d {
    grids: [Grid1d; 3],
    fields: [Force1d; 3],
    d: [f64; 3],
    beta: f64,
    w: Vec<f64>,
    time: f64,
    max_dt: f64,
    steps_taken: usize,
    ops: Option<(f64, [ScharfetterGummel; 3])>,
}

impl Smoluchowski3d {
    /// Grids, fields and diffusion coefficients D_xx, D_yy, D_zz [σ²/τ] along x, y, z; β
    /// [1/ε_LJ]. Starts at equilibrium. The time step is the smallest of the per-axis choices of
    /// [`super::Smoluchowski1d`].
    pub fn new(
        grids: [Grid1d; 3],
        fields: [Force1d; 3],
        d: [f64; 3],
        beta: f64,
    ) -> Result<Self, CoarseError> {
        positive("beta", beta)?;
        let mut max_dt = f64::INFINITY;
        for a in 0..3 {
            positive("diffusion coefficient D", d[a])?;
            let line = super::Smoluchowski1d::new(grids[a].clone(), fields[a].clone(), d[a], beta)?;
            max_dt = max_dt.min(line.max_time_step());
        }
        let n = grids.iter().map(|g| g.len()).product();
        let mut s = Self {
            grids,
            fields,
            d,
            beta,
            w: vec![0.0; n],
            time: 0.0,
            max_dt,
            steps_taken: 0,
            ops: None,
        };
        s.set_equilibrium();
        Ok(s)
    }

    /// A solver from measured coefficients: the diagonal of D (see
    /// [`Coefficients::diffusion_diagonal`]) and β, with the given grids and per-axis fields.
    pub fn from_coefficients(
        c: &Coefficients,
        grids: [Grid1d; 3],
        fields: [Force1d; 3],
    ) -> Result<Self, CoarseError> {
        c.validate()?;
        Self::new(grids, fields, c.diffusion_diagonal()?, c.beta)
    }

    fn set_product(&mut self, lines: [Vec<f64>; 3]) {
        let (nx, ny) = (self.grids[0].len(), self.grids[1].len());
        for (k, &vz) in lines[2].iter().enumerate() {
            for (j, &vy) in lines[1].iter().enumerate() {
                for (i, &vx) in lines[0].iter().enumerate() {
                    self.w[(k * ny + j) * nx + i] = vx * vy * vz;
                }
            }
        }
        self.time = 0.0;
    }

    /// Starts from the discrete Boltzmann density (time reset to 0).
    pub fn set_equilibrium(&mut self) {
        let lines =
            std::array::from_fn(|a| boltzmann_cells(&self.grids[a], &self.fields[a], self.beta));
        self.set_product(lines);
    }

    /// Starts from an isotropic Gaussian at `r0` [σ] of standard deviation `width` [σ].
    pub fn set_gaussian(&mut self, r0: [f64; 3], width: f64) -> Result<(), CoarseError> {
        positive("initial width", width)?;
        let lines = std::array::from_fn(|a| gaussian_cells(&self.grids[a], r0[a], width));
        self.set_product(lines);
        Ok(())
    }

    /// Starts from a histogram: non-negative values in the layout of [`Self::density`],
    /// normalised here (time reset to 0).
    pub fn set_histogram(&mut self, values: &[f64]) -> Result<(), CoarseError> {
        super::smoluchowski::check_histogram(values, self.w.len())?;
        self.w.copy_from_slice(values);
        let dv: f64 = self.grids.iter().map(|g| g.dx()).product();
        super::smoluchowski::normalise(&mut self.w, dv);
        self.time = 0.0;
        Ok(())
    }

    /// Sets the largest time step [τ], replacing the automatic accuracy-based choice (any step is
    /// stable, conservative and positive).
    pub fn set_max_time_step(&mut self, dt: f64) -> Result<(), CoarseError> {
        self.max_dt = positive("time step", dt)?;
        Ok(())
    }

    /// Cell values [1/σ³].
    pub fn density(&self) -> &[f64] {
        &self.w
    }

    /// The three grids.
    pub fn grids(&self) -> &[Grid1d; 3] {
        &self.grids
    }

    /// Marginal density along axis `a` (0 = x) [1/σ].
    pub fn marginal(&self, a: usize) -> Vec<f64> {
        let (nx, ny) = (self.grids[0].len(), self.grids[1].len());
        let mut m = vec![0.0; self.grids[a].len()];
        for (idx, &v) in self.w.iter().enumerate() {
            let i = idx % nx;
            let j = (idx / nx) % ny;
            let k = idx / (nx * ny);
            m[[i, j, k][a]] += v;
        }
        let other: f64 = (0..3)
            .filter(|&b| b != a)
            .map(|b| self.grids[b].dx())
            .product();
        m.iter().map(|v| v * other).collect()
    }

    /// Total probability Σ W ΔV [1].
    pub fn mass(&self) -> f64 {
        let dv: f64 = self.grids.iter().map(|g| g.dx()).product();
        self.w.iter().sum::<f64>() * dv
    }

    /// Moments of the marginal along axis `a` (mean [σ], variance [σ²]; `min` is that of the
    /// full 3D density [1/σ³] and `mass` the total).
    pub fn moments(&self, a: usize) -> LineMoments {
        let mut m = line_moments(&self.grids[a], &self.marginal(a));
        m.min = self.w.iter().cloned().fold(f64::INFINITY, f64::min);
        m.mass = self.mass();
        m
    }
}

impl Evolve for Smoluchowski3d {
    /// Time [τ].
    fn time(&self) -> f64 {
        self.time
    }

    /// Advances by `duration` [τ].
    fn advance(&mut self, duration: f64) -> Result<(), CoarseError> {
        let Some((steps, dt)) = equal_steps(duration, self.max_dt)? else {
            return Ok(());
        };
        let stale = match &self.ops {
            Some((old, _)) => (old - dt).abs() > 1e-12 * dt,
            None => true,
        };
        if stale {
            let ops = std::array::from_fn(|a| {
                let g = &self.grids[a];
                let periodic = g.boundary() == Boundary::Periodic;
                let u: Vec<f64> = g
                    .centres()
                    .iter()
                    .map(|&x| self.fields[a].potential(x))
                    .collect();
                let jumps = ScharfetterGummel::jumps(&u, self.beta, periodic);
                ScharfetterGummel::new(jumps, g.len(), periodic, self.d[a], g.dx(), dt)
            });
            self.ops = Some((dt, ops));
        }
        let (nx, ny, nz) = (
            self.grids[0].len(),
            self.grids[1].len(),
            self.grids[2].len(),
        );
        let (_, ops) = self.ops.as_ref().expect("built");
        for _ in 0..steps {
            let order: [usize; 3] = if self.steps_taken.is_multiple_of(2) {
                [0, 1, 2]
            } else {
                [2, 1, 0]
            };
            for a in order {
                match a {
                    0 => {
                        for line in self.w.chunks_exact_mut(nx) {
                            ops[0].step(line);
                        }
                    }
                    1 => {
                        for k in 0..nz {
                            for i in 0..nx {
                                ops[1].step_strided(&mut self.w, k * nx * ny + i, nx);
                            }
                        }
                    }
                    _ => {
                        for j in 0..ny {
                            for i in 0..nx {
                                ops[2].step_strided(&mut self.w, j * nx + i, nx * ny);
                            }
                        }
                    }
                }
            }
            self.steps_taken += 1;
        }
        self.time += duration;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boltzmann_is_the_fixed_point_and_limits_are_errors() {
        let g = Grid1d::new(-3.0, 3.0, 12, Boundary::Periodic).unwrap();
        let r = Grid1d::new(-3.0, 3.0, 10, Boundary::Reflecting).unwrap();
        let fields = [
            Force1d::double_well(2.0, 0.0, 1.0).unwrap(),
            Force1d::None,
            Force1d::harmonic(1.5, 0.5).unwrap(),
        ];
        let mut s = Smoluchowski3d::new([g.clone(), r, g], fields, [0.5, 1.0, 2.0], 1.3).unwrap();
        let eq = s.density().to_vec();
        s.set_max_time_step(10.0).unwrap();
        s.advance(30.0).unwrap();
        for (a, b) in s.density().iter().zip(&eq) {
            assert!((a - b).abs() < 1e-12 * b.max(1e-6), "{a} vs {b}");
        }
        assert!(s.advance(f64::NAN).is_err());
        s.set_max_time_step(1e-12).unwrap();
        assert!(s.advance(1.0).is_err());
    }
}
