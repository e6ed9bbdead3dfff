//! `fit_slope`: an ordinary least-squares straight line over a window of a curve.

use serde::{Deserialize, Serialize};

use super::estimate::Estimate;

/// A straight line `y = intercept + slope · t` fitted by least squares.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearFit {
    /// Slope with its standard error [unit of y / unit of t].
    pub slope: Estimate,
    /// Intercept with its standard error [unit of y].
    pub intercept: Estimate,
    /// Points inside the window.
    pub n_points: usize,
}

/// Ordinary least-squares line through the points with `t_min ≤ t ≤ t_max`. `None` with fewer than
/// two points.
///
/// The standard errors come from the residuals (`s² = RSS/(n − 2)`) and assume independent
/// points. Points of a mean-squared displacement are strongly correlated, so for MSD use
/// [`super::MeanSquaredDisplacement::diffusion`], whose error comes from independent particle
/// groups; this residual error is then only a measure of curvature in the window.
pub fn fit_slope(times: &[f64], values: &[f64], t_min: f64, t_max: f64) -> Option<LinearFit> {
    assert_eq!(
        times.len(),
        values.len(),
        "times and values differ in length"
    );
    let pts: Vec<(f64, f64)> = times
        .iter()
        .zip(values)
        .filter(|(t, y)| **t >= t_min && **t <= t_max && y.is_finite())
        .map(|(t, y)| (*t, *y))
        .collect();
    let n = pts.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let tm = pts.iter().map(|p| p.0).sum::<f64>() / nf;
    let ym = pts.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = pts.iter().map(|p| (p.0 - tm).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - tm) * (p.1 - ym)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = ym - slope * tm;
    let (slope_sem, intercept_sem) = if n > 2 {
        let rss: f64 = pts
            .iter()
            .map(|p| (p.1 - intercept - slope * p.0).powi(2))
            .sum();
        let s2 = rss / (nf - 2.0);
        ((s2 / sxx).sqrt(), (s2 * (1.0 / nf + tm * tm / sxx)).sqrt())
    } else {
        (f64::NAN, f64::NAN)
    };
    Some(LinearFit {
        slope: Estimate::new(slope, slope_sem),
        intercept: Estimate::new(intercept, intercept_sem),
        n_points: n,
    })
}

#[cfg(test)]
mod tests {
    use super::fit_slope;

    #[test]
    fn exact_line_is_recovered() {
        let t: Vec<f64> = (0..20).map(|i| i as f64 * 0.5).collect();
        let y: Vec<f64> = t.iter().map(|t| 3.0 + 2.0 * t).collect();
        let f = fit_slope(&t, &y, 1.0, 8.0).unwrap();
        assert!((f.slope.mean - 2.0).abs() < 1e-12);
        assert!((f.intercept.mean - 3.0).abs() < 1e-12);
        assert!(f.slope.sem < 1e-10);
        assert_eq!(f.n_points, 15);
    }
}
