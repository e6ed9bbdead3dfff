//! Uniform finite-volume grids on a line.

use super::error::{CoarseError, positive};

/// What happens at the two ends of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// The line is a periodic box: leaving at `hi` re-enters at `lo`.
    Periodic,
    /// Zero-flux walls (specular reflection for a moving particle).
    Reflecting,
}

/// A uniform grid of `n` cells covering `[lo, hi]`; values live at cell centres and are cell
/// averages (finite volumes).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid1d {
    lo: f64,
    hi: f64,
    n: usize,
    boundary: Boundary,
}

impl Grid1d {
    /// A grid of `n ≥ 3` cells on `[lo, hi]` (unit of `lo`, `hi`: that of the coordinate).
    pub fn new(lo: f64, hi: f64, n: usize, boundary: Boundary) -> Result<Self, CoarseError> {
        if !(lo.is_finite() && hi.is_finite() && hi > lo) {
            return Err(CoarseError::Invalid(format!(
                "grid range [{}, {}] is empty or not finite: give lo < hi",
                crate::format::number(lo),
                crate::format::number(hi)
            )));
        }
        if n < 3 {
            return Err(CoarseError::InvalidParameter {
                name: "number of cells",
                value: n.to_string(),
                expected: "at least 3",
            });
        }
        positive("grid width", hi - lo)?;
        Ok(Self {
            lo,
            hi,
            n,
            boundary,
        })
    }

    /// Lower end of the grid (same unit as the coordinate).
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// Upper end of the grid (same unit as the coordinate).
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: a grid has at least three cells.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The boundary condition at both ends.
    pub fn boundary(&self) -> Boundary {
        self.boundary
    }

    /// Cell width (same unit as the coordinate).
    pub fn dx(&self) -> f64 {
        (self.hi - self.lo) / self.n as f64
    }

    /// Length of the grid, `hi − lo`.
    pub fn length(&self) -> f64 {
        self.hi - self.lo
    }

    /// Centre of cell `i`.
    pub fn centre(&self, i: usize) -> f64 {
        self.lo + (i as f64 + 0.5) * self.dx()
    }

    /// All cell centres.
    pub fn centres(&self) -> Vec<f64> {
        (0..self.n).map(|i| self.centre(i)).collect()
    }

    /// Maps `x` into `[lo, hi)` for a periodic grid; returns `x` unchanged for a reflecting one.
    pub fn wrap(&self, x: f64) -> f64 {
        match self.boundary {
            Boundary::Periodic => self.lo + (x - self.lo).rem_euclid(self.length()),
            Boundary::Reflecting => x,
        }
    }

    /// The cell holding `x` (after wrapping for a periodic grid), or `None` outside the grid.
    pub fn index_of(&self, x: f64) -> Option<usize> {
        let x = self.wrap(x);
        if !(x >= self.lo && x < self.hi) {
            return None;
        }
        let i = ((x - self.lo) / self.dx()) as usize;
        Some(i.min(self.n - 1))
    }

    /// The same grid scaled by `factor > 0` (used for R ↔ Φ = ε^{1/2} R).
    pub fn scaled(&self, factor: f64) -> Self {
        Self {
            lo: self.lo * factor,
            hi: self.hi * factor,
            n: self.n,
            boundary: self.boundary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_and_index() {
        let g = Grid1d::new(0.0, 10.0, 10, Boundary::Periodic).unwrap();
        assert_eq!(g.index_of(10.5), Some(0));
        assert_eq!(g.index_of(-0.5), Some(9));
        let r = Grid1d::new(0.0, 10.0, 10, Boundary::Reflecting).unwrap();
        assert_eq!(r.index_of(10.5), None);
        assert!(Grid1d::new(1.0, 0.0, 10, Boundary::Periodic).is_err());
        assert!(Grid1d::new(0.0, 1.0, 2, Boundary::Periodic).is_err());
    }
}
