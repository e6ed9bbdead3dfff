//! `Estimate`: a measured value with its standard error, and first-order error propagation;
//! `TensorEstimate` and its JSON layout `TensorRows` for tensors.

use nalgebra::SMatrix;
use serde::{Deserialize, Deserializer, Serialize};

/// A measured value `mean ± sem` (standard error of the mean).
///
/// Arithmetic helpers propagate the standard error to first order and assume the operands are
/// statistically independent (e.g. measured in different runs). For correlated operands compute the
/// combined quantity per block and estimate its error directly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Best estimate (same unit as the quantity).
    pub mean: f64,
    /// Standard error of `mean` (same unit); `NaN` when unknown (`null` in JSON, where a missing
    /// `sem` reads as unknown too).
    #[serde(default = "unknown", deserialize_with = "null_as_unknown")]
    pub sem: f64,
}

/// An unknown standard error.
fn unknown() -> f64 {
    f64::NAN
}

/// Reads a number, or `null` (how JSON writes `NaN`) as an unknown error.
fn null_as_unknown<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Reads a 3×3 array whose `null` entries are unknown errors.
fn nulls_as_unknown<'de, D: Deserializer<'de>>(d: D) -> Result<[[f64; 3]; 3], D::Error> {
    let rows = <[[Option<f64>; 3]; 3]>::deserialize(d)?;
    Ok(rows.map(|row| row.map(|x| x.unwrap_or(f64::NAN))))
}

impl Estimate {
    /// A value with its standard error.
    pub fn new(mean: f64, sem: f64) -> Self {
        Self { mean, sem }
    }

    /// An exactly known value (`sem = 0`).
    pub fn exact(mean: f64) -> Self {
        Self { mean, sem: 0.0 }
    }

    /// Relative standard error `sem / |mean|`.
    pub fn relative_error(self) -> f64 {
        self.sem / self.mean.abs()
    }

    /// `k · self` for an exact factor `k`.
    pub fn scale(self, k: f64) -> Self {
        Self::new(k * self.mean, k.abs() * self.sem)
    }

    /// `self + other` (independent errors add in quadrature).
    pub fn sum(self, other: Self) -> Self {
        Self::new(self.mean + other.mean, self.sem.hypot(other.sem))
    }

    /// `self − other` (independent errors add in quadrature).
    pub fn difference(self, other: Self) -> Self {
        Self::new(self.mean - other.mean, self.sem.hypot(other.sem))
    }

    /// `self · other`: relative errors add in quadrature (first order).
    pub fn product(self, other: Self) -> Self {
        let mean = self.mean * other.mean;
        let sem = (other.mean * self.sem).hypot(self.mean * other.sem);
        Self::new(mean, sem)
    }

    /// `self / other`: relative errors add in quadrature (first order).
    pub fn ratio(self, other: Self) -> Self {
        let mean = self.mean / other.mean;
        let sem = (self.sem / other.mean).hypot(mean * other.sem / other.mean);
        Self::new(mean, sem.abs())
    }

    /// `1 / self` (first order: relative error is kept).
    pub fn recip(self) -> Self {
        let mean = 1.0 / self.mean;
        Self::new(mean, (self.sem * mean * mean).abs())
    }

    /// `|self − reference| / sem`: how many standard errors `self` is from `reference`.
    pub fn z_score(self, reference: f64) -> f64 {
        (self.mean - reference).abs() / self.sem
    }
}

/// An [`Estimate`] written the one way values are written ([`crate::format::estimate`]).
pub fn estimate_of(e: Estimate) -> String {
    crate::format::estimate(e.mean, e.sem)
}

/// [`estimate_of`] an optional [`Estimate`]: [`crate::format::MISSING`] when there is none.
pub fn maybe_estimate_of(e: Option<Estimate>) -> String {
    e.map_or_else(|| crate::format::MISSING.into(), estimate_of)
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::format::estimate(self.mean, self.sem))
    }
}

/// Standard error of the mean of independent estimates, `s/√G` for G values with sample
/// standard deviation s (same unit as the values; `NaN` for fewer than two).
pub fn scatter_sem(values: &[f64]) -> f64 {
    let g = values.len() as f64;
    if values.len() < 2 {
        return f64::NAN;
    }
    let m = values.iter().sum::<f64>() / g;
    let var = values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (g - 1.0);
    (var / g).sqrt()
}

/// A D×D tensor estimate: component means, component standard errors, and the isotropic value
/// `tr/D` with its own standard error (estimated from the scatter of the trace itself, so that
/// correlations between the diagonal components are accounted for).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TensorEstimate<const D: usize> {
    /// Component means.
    pub mean: SMatrix<f64, D, D>,
    /// Component standard errors (`NaN` where unknown).
    pub sem: SMatrix<f64, D, D>,
    /// Isotropic value `tr(mean)/D` with its standard error.
    pub isotropic: Estimate,
}

impl<const D: usize> TensorEstimate<D> {
    /// Mean of the diagonal components along `axes` [the tensor's unit]: the isotropic value when
    /// all axes are given (its error from the trace's own blocks), else the mean of the chosen
    /// components with their errors combined as independent (as for the transverse axes of a
    /// field along x, which are independent by symmetry). `None` for no axes.
    pub fn diagonal_mean(&self, axes: &[usize]) -> Option<Estimate> {
        match axes.len() {
            0 => None,
            n if n == D => Some(self.isotropic),
            n => {
                let mean = axes.iter().map(|&a| self.mean[(a, a)]).sum::<f64>() / n as f64;
                let var = axes.iter().map(|&a| self.sem[(a, a)].powi(2)).sum::<f64>();
                Some(Estimate::new(mean, var.sqrt() / n as f64))
            }
        }
    }

    /// Component `(a, b)` as an [`Estimate`].
    pub fn component(&self, a: usize, b: usize) -> Estimate {
        Estimate::new(self.mean[(a, b)], self.sem[(a, b)])
    }

    /// Every component and the isotropic value multiplied by an exact factor `k`.
    pub fn scale(&self, k: f64) -> Self {
        Self {
            mean: self.mean * k,
            sem: self.sem * k.abs(),
            isotropic: self.isotropic.scale(k),
        }
    }
}

/// A 3×3 tensor with standard errors in the layout of the JSON files,
/// `{"mean": [[…]], "sem": [[…]]}` (rows a = x, y, z; columns b). The unit is the quantity's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TensorRows {
    /// Component means.
    pub mean: [[f64; 3]; 3],
    /// Component standard errors, `NaN` where unknown (`null` in JSON; a missing `sem` reads as
    /// all unknown).
    #[serde(default = "all_unknown", deserialize_with = "nulls_as_unknown")]
    pub sem: [[f64; 3]; 3],
}

/// Nine unknown standard errors.
fn all_unknown() -> [[f64; 3]; 3] {
    [[f64::NAN; 3]; 3]
}

impl From<&TensorEstimate<3>> for TensorRows {
    fn from(t: &TensorEstimate<3>) -> Self {
        let m =
            |s: &SMatrix<f64, 3, 3>| std::array::from_fn(|a| std::array::from_fn(|b| s[(a, b)]));
        Self {
            mean: m(&t.mean),
            sem: m(&t.sem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Estimate, TensorRows};

    #[test]
    fn json_without_or_with_null_errors_reads_as_unknown() {
        let e: Estimate = serde_json::from_str(r#"{"mean": 2.0}"#).unwrap();
        assert!(e.mean == 2.0 && e.sem.is_nan());
        let e: Estimate = serde_json::from_str(r#"{"mean": 2.0, "sem": null}"#).unwrap();
        assert!(e.sem.is_nan());
        let e: Estimate = serde_json::from_str(r#"{"mean": 2.0, "sem": 0.5}"#).unwrap();
        assert_eq!(e, Estimate::new(2.0, 0.5));
        assert_eq!(
            serde_json::to_string(&Estimate::new(1.0, f64::NAN)).unwrap(),
            r#"{"mean":1.0,"sem":null}"#
        );
        let t: TensorRows = serde_json::from_str(r#"{"mean": [[1,0,0],[0,1,0],[0,0,1]]}"#).unwrap();
        assert!(t.sem.iter().flatten().all(|s| s.is_nan()));
        let t: TensorRows = serde_json::from_str(
            r#"{"mean": [[1,0,0],[0,1,0],[0,0,1]], "sem": [[0.1,null,0],[0,0,0],[0,0,0]]}"#,
        )
        .unwrap();
        assert!(t.sem[0][0] == 0.1 && t.sem[0][1].is_nan());
    }

    #[test]
    fn ratio_and_product_propagate_relative_errors() {
        let a = Estimate::new(10.0, 0.3); // 3 %
        let b = Estimate::new(2.0, 0.08); // 4 %
        let r = a.ratio(b);
        assert!((r.mean - 5.0).abs() < 1e-12);
        assert!((r.relative_error() - 0.05).abs() < 1e-12);
        let p = a.product(b);
        assert!((p.mean - 20.0).abs() < 1e-12);
        assert!((p.relative_error() - 0.05).abs() < 1e-12);
        let inv = b.recip();
        assert!((inv.relative_error() - 0.04).abs() < 1e-12);
        let s = a.sum(b);
        assert!((s.sem - 0.3f64.hypot(0.08)).abs() < 1e-15);
    }
}
