//! Forces along one axis for the 1D solvers: the x profile of the MD scene's external field, and
//! tabulated mean-force profiles f^th(x) with their potential of mean force.

use super::error::{CoarseError, finite, positive};
use crate::field::{DoubleWellPotential, ExternalField};

/// A force field along one axis, with its potential; force in [ε_LJ/σ], potential in [ε_LJ],
/// positions in [σ].
#[derive(Debug, Clone, PartialEq)]
pub enum Force1d {
    /// No force: f^th = 0.
    None,
    /// Harmonic trap U(x) = k/2·(x − c)².
    Harmonic {
        /// Spring constant k [ε_LJ/σ²].
        k: f64,
        /// Centre c [σ].
        centre: f64,
    },
    /// Double well U(x) = h·((x − c)²/a² − 1)²: barrier of height h at x = c, wells at c ± a.
    DoubleWell(DoubleWellPotential),
    /// A tabulated mean force, see [`Tabulated`].
    Tabulated(Tabulated),
}

/// A tabulated mean force f^th(x_i) on increasing points, interpolated linearly between them and
/// held constant beyond the ends. Its potential of mean force A(x) = −∫ f dx is the exact integral
/// of that piecewise-linear force (so at the points it equals the trapezoid rule), with A(x_0) = 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Tabulated {
    positions: Vec<f64>,
    forces: Vec<f64>,
    potential: Vec<f64>,
}

impl Tabulated {
    /// Builds a profile from positions [σ] (strictly increasing, at least two) and forces
    /// [ε_LJ/σ].
    pub fn new(positions: Vec<f64>, forces: Vec<f64>) -> Result<Self, CoarseError> {
        if positions.len() < 2 || positions.len() != forces.len() {
            return Err(CoarseError::Invalid(format!(
                "a tabulated force needs at least two points and as many values as positions \
                 (got {} positions, {} values)",
                positions.len(),
                forces.len()
            )));
        }
        for (&x, &f) in positions.iter().zip(&forces) {
            finite("f_th position", x)?;
            finite("f_th value", f)?;
        }
        if positions.windows(2).any(|w| w[1] <= w[0]) {
            return Err(CoarseError::Invalid(
                "f_th positions must be strictly increasing: sort them and remove duplicates"
                    .into(),
            ));
        }
        let mut potential = vec![0.0; positions.len()];
        for i in 1..positions.len() {
            let h = positions[i] - positions[i - 1];
            potential[i] = potential[i - 1] - 0.5 * h * (forces[i] + forces[i - 1]);
        }
        Ok(Self {
            positions,
            forces,
            potential,
        })
    }

    /// Tabulation points [σ].
    pub fn positions(&self) -> &[f64] {
        &self.positions
    }

    /// Tabulated forces [ε_LJ/σ].
    pub fn forces(&self) -> &[f64] {
        &self.forces
    }

    /// Potential of mean force at the tabulation points [ε_LJ], A(x_0) = 0.
    pub fn potential_at_points(&self) -> &[f64] {
        &self.potential
    }

    fn segment(&self, x: f64) -> usize {
        let k = self.positions.partition_point(|&p| p <= x);
        k.clamp(1, self.positions.len() - 1) - 1
    }

    /// Mean force at `x` [ε_LJ/σ].
    pub fn force(&self, x: f64) -> f64 {
        let n = self.positions.len();
        if x <= self.positions[0] {
            return self.forces[0];
        }
        if x >= self.positions[n - 1] {
            return self.forces[n - 1];
        }
        let k = self.segment(x);
        let s = (x - self.positions[k]) / (self.positions[k + 1] - self.positions[k]);
        self.forces[k] + s * (self.forces[k + 1] - self.forces[k])
    }

    /// Potential of mean force A(x) = −∫_{x_0}^{x} f dx [ε_LJ].
    pub fn potential(&self, x: f64) -> f64 {
        let n = self.positions.len();
        if x <= self.positions[0] {
            return -(x - self.positions[0]) * self.forces[0];
        }
        if x >= self.positions[n - 1] {
            return self.potential[n - 1] - (x - self.positions[n - 1]) * self.forces[n - 1];
        }
        let k = self.segment(x);
        let h = self.positions[k + 1] - self.positions[k];
        let s = x - self.positions[k];
        let slope = (self.forces[k + 1] - self.forces[k]) / h;
        self.potential[k] - (self.forces[k] * s + 0.5 * slope * s * s)
    }
}

impl Force1d {
    /// The MD scene's external field on the centre of mass, along x (the trap's other axes and
    /// centre coordinates drop out of the x motion).
    pub fn along_x(field: &ExternalField) -> Result<Self, CoarseError> {
        match (*field, field.double_well()) {
            (_, Some(w)) => Force1d::double_well(w.height, w.centre, w.half_width),
            (ExternalField::HarmonicTrap { k, center }, _) => Force1d::harmonic(k, center[0]),
            _ => Ok(Force1d::None),
        }
    }

    /// A harmonic trap, checking k > 0.
    pub fn harmonic(k: f64, centre: f64) -> Result<Self, CoarseError> {
        Ok(Self::Harmonic {
            k: positive("harmonic k", k)?,
            centre: finite("harmonic centre", centre)?,
        })
    }

    /// A double well, checking h > 0 and a > 0.
    pub fn double_well(height: f64, centre: f64, half_width: f64) -> Result<Self, CoarseError> {
        Ok(Self::DoubleWell(DoubleWellPotential {
            height: positive("double-well height", height)?,
            centre: finite("double-well centre", centre)?,
            half_width: positive("double-well half width a", half_width)?,
        }))
    }

    /// Force f(x) = −dU/dx [ε_LJ/σ].
    pub fn force(&self, x: f64) -> f64 {
        match self {
            Self::None => 0.0,
            Self::Harmonic { k, centre } => -k * (x - centre),
            Self::DoubleWell(w) => w.energy_force(x).1,
            Self::Tabulated(t) => t.force(x),
        }
    }

    /// Potential U(x) (or potential of mean force A(x)) [ε_LJ].
    pub fn potential(&self, x: f64) -> f64 {
        match self {
            Self::None => 0.0,
            Self::Harmonic { k, centre } => 0.5 * k * (x - centre) * (x - centre),
            Self::DoubleWell(w) => w.energy_force(x).0,
            Self::Tabulated(t) => t.potential(x),
        }
    }

    /// Largest |dF/dx| [ε_LJ/σ²] on `[lo, hi]`, sampled on 512 points: the stiffness that sets
    /// the fastest mechanical frequency ω = (|dF/dx|/m)^{1/2}.
    pub fn max_stiffness(&self, lo: f64, hi: f64) -> f64 {
        match self {
            Self::None => 0.0,
            Self::Harmonic { k, .. } => *k,
            _ => {
                let n = 512;
                let h = (hi - lo) / n as f64;
                (0..n)
                    .map(|i| {
                        let x = lo + i as f64 * h;
                        ((self.force(x + h) - self.force(x)) / h).abs()
                    })
                    .fold(0.0, f64::max)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_force_is_minus_gradient(f: &Force1d) {
        for i in 0..50 {
            let x = -3.0 + 0.123 * i as f64;
            let h = 1e-5;
            let fd = -(f.potential(x + h) - f.potential(x - h)) / (2.0 * h);
            assert!((fd - f.force(x)).abs() < 1e-6 * (1.0 + fd.abs()), "x={x}");
        }
    }

    #[test]
    fn forces_are_minus_gradients() {
        check_force_is_minus_gradient(&Force1d::harmonic(2.0, 0.3).unwrap());
        check_force_is_minus_gradient(&Force1d::double_well(5.0, 0.5, 1.2).unwrap());
        let t = Tabulated::new(
            vec![-2.0, -0.5, 0.0, 1.0, 2.5],
            vec![1.0, 0.5, -0.2, 0.3, -1.0],
        )
        .unwrap();
        check_force_is_minus_gradient(&Force1d::Tabulated(t));
    }

    #[test]
    fn tabulated_trapezoid_at_points() {
        let t = Tabulated::new(vec![0.0, 1.0, 3.0], vec![2.0, 0.0, 1.0]).unwrap();
        assert_eq!(t.potential_at_points(), &[0.0, -1.0, -2.0]);
        assert!((t.potential(3.0) + 2.0).abs() < 1e-14);
        assert!(Tabulated::new(vec![0.0, 0.0], vec![1.0, 1.0]).is_err());
    }

    #[test]
    fn double_well_shape() {
        let f = Force1d::double_well(6.0, 1.0, 2.0).unwrap();
        assert_eq!(f.potential(1.0), 6.0);
        assert_eq!(f.potential(3.0), 0.0);
        assert_eq!(f.force(-1.0), 0.0);
    }
}
