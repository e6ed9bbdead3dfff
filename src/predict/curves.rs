//! Each MD curve beside its prediction, on the MD's own lags: the MSD with the Ornstein–Uhlenbeck
//! and Smoluchowski curves, the momentum autocorrelation with 3mk_BT e^{−t/τ_P}, the trap's
//! position autocorrelation with the damped oscillator, and the histograms of R_x and P_x with
//! the Boltzmann and Maxwell densities. For plots (the app) and CSV (`measure --out`).

use std::path::{Path, PathBuf};

use crate::analysis::{Estimate, bin_probabilities};
use crate::coarse::{DampedOscillator, langevin_msd, momentum_autocorrelation, smoluchowski_msd};
use crate::field::ExternalField;
use crate::format::row;
use crate::measure::{Curves, Report, potential_x};

/// One MD series and what the theory predicts at the same abscissae.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// Abscissae (lag [τ], or position / momentum).
    pub x: Vec<f64>,
    /// The MD values with their standard errors.
    pub md: Vec<Estimate>,
    /// The prediction of the Fokker–Planck (Kramers) equation with the measured m and ζ.
    pub predicted: Vec<f64>,
    /// A second prediction where there is one (the Smoluchowski 6Dt beside the MSD).
    pub second: Option<Vec<f64>>,
}

/// The MD curves with their predictions (those that apply to the scene).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PredictionCurves {
    /// ⟨|R(t)−R(0)|²⟩ along the free axes [σ²] against (n/3)·6(k_BT/ζ)[t − τ_P(1 − e^{−t/τ_P})]
    /// for n free axes; second: (n/3)·6Dt.
    pub msd: Option<Series>,
    /// ⟨P_a(0)P_a(t)⟩ per free component [(m̂σ/τ)²] against μ k_BT e^{−tζ/μ} (μ the reduced
    /// mass of the particle and the finite host).
    pub momentum: Option<Series>,
    /// Trap: ⟨δx(0)δx(t)⟩ [σ²] against the damped oscillator.
    pub position: Option<Series>,
    /// Density of R_x [1/σ] against the Boltzmann density.
    pub x_density: Option<Series>,
    /// Density of P_x [τ/(m̂σ)] against the Maxwell density.
    pub p_density: Option<Series>,
}

fn histogram(centres: &[f64], md: &[Estimate], density: impl Fn(f64) -> f64) -> Option<Series> {
    if centres.len() < 2 {
        return None;
    }
    let w = centres[1] - centres[0];
    let (lo, hi) = (centres[0] - 0.5 * w, centres[centres.len() - 1] + 0.5 * w);
    let p = bin_probabilities(lo, hi, centres.len(), density);
    Some(Series {
        x: centres.to_vec(),
        md: md.to_vec(),
        predicted: p.iter().map(|q| q / w).collect(),
        second: None,
    })
}

/// The curves of `curves` (from the same measurement as `report`) with their predictions. Curves
/// that need the friction are left out until ζ is measured.
pub fn prediction_curves(report: &Report, curves: &Curves) -> PredictionCurves {
    let mut out = PredictionCurves::default();
    let Some(pc) = curves.particle.as_ref() else {
        return out;
    };
    let (m, kt) = (report.mass, report.temperature);
    let zeta = report.zeta_isotropic.map(|z| z.mean).filter(|z| *z > 0.0);
    let axes = pc.axes;
    // The MSD covers the free axes only: n/3 of the 3D predictions.
    let share = axes.len() as f64 / 3.0;
    // The finite host: reduced mass μ = m M_host/M_total, displacement scaled by M_host/M_total
    // (see `predict`).
    let host = super::host_share(report);
    let mu = host * m;
    if let Some(z) = zeta {
        let d = host * host * kt / z;
        if let Some(msd) = pc.msd.as_ref() {
            out.msd = Some(Series {
                x: msd.lag_times.clone(),
                md: msd.msd.clone(),
                predicted: msd
                    .lag_times
                    .iter()
                    .map(|&t| share * host * host * langevin_msd(mu, z, kt, t))
                    .collect(),
                second: Some(
                    msd.lag_times
                        .iter()
                        .map(|&t| share * smoluchowski_msd(d, t))
                        .collect(),
                ),
            });
        }
        if let Some(g) = curves.gamma.as_ref().filter(|_| !axes.is_empty()) {
            // Per component along the free axes: m k_BT e^{−t/τ_P} = 3mk_BT e^{−t/τ_P}/3.
            let n = axes.len() as f64;
            let md = g
                .correlation
                .iter()
                .zip(&g.correlation_sem)
                .map(|(c, e)| {
                    let mean = axes.iter().map(|&a| c[(a, a)]).sum::<f64>() / n;
                    let var = axes.iter().map(|&a| e[(a, a)].powi(2)).sum::<f64>();
                    Estimate::new(mean, var.sqrt() / n)
                })
                .collect();
            out.momentum = Some(Series {
                x: g.times.clone(),
                md,
                predicted: g
                    .times
                    .iter()
                    .map(|&t| momentum_autocorrelation(mu, z, kt, t) / 3.0)
                    .collect(),
                second: None,
            });
        }
        if let (ExternalField::HarmonicTrap { k, .. }, Some(p)) =
            (report.field, pc.position.as_ref())
        {
            let osc = DampedOscillator {
                mass: m,
                zeta: z,
                k,
                kt,
            };
            out.position = Some(Series {
                x: p.times.clone(),
                md: p.isotropic_correlation.clone(),
                predicted: p
                    .times
                    .iter()
                    .map(|&t| osc.position_autocorrelation(t))
                    .collect(),
                second: None,
            });
        }
    }
    let beta = 1.0 / kt;
    let field = report.field;
    out.x_density = histogram(&pc.x_histogram.0, &pc.x_histogram.1, |x| {
        (-beta * potential_x(&field, x)).exp()
    });
    out.p_density = histogram(&pc.p_histogram.0, &pc.p_histogram.1, |p| {
        (-p * p * beta / (2.0 * m)).exp()
    });
    out
}

/// Writes each curve and its prediction as CSV into `dir` (`theory_msd.csv`,
/// `theory_momentum.csv`, `theory_position.csv`, `theory_x_density.csv`,
/// `theory_p_density.csv`); returns the files written.
pub fn write_prediction_csv(
    curves: &PredictionCurves,
    dir: &Path,
) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let files = [
        (
            "theory_msd.csv",
            &curves.msd,
            "lag [τ],MSD MD [σ²],sem [σ²],Fokker-Planck (Ornstein-Uhlenbeck) [σ²],Smoluchowski 6Dt [σ²]",
        ),
        (
            "theory_momentum.csv",
            &curves.momentum,
            "lag [τ],C_PP/3 MD [m̂²σ²/τ²],sem,m k_BT exp(-t/τ_P) [m̂²σ²/τ²]",
        ),
        (
            "theory_position.csv",
            &curves.position,
            "lag [τ],<δx(0)δx(t)> MD [σ²],sem [σ²],damped oscillator [σ²]",
        ),
        (
            "theory_x_density.csv",
            &curves.x_density,
            "x [σ],density MD [1/σ],sem [1/σ],Boltzmann [1/σ]",
        ),
        (
            "theory_p_density.csv",
            &curves.p_density,
            "P_x [m̂σ/τ],density MD [τ/(m̂σ)],sem,Maxwell [τ/(m̂σ)]",
        ),
    ];
    for (name, series, header) in files {
        let Some(s) = series else { continue };
        let mut text = String::from(header);
        text.push('\n');
        for i in 0..s.x.len() {
            let mut values = vec![s.x[i], s.md[i].mean, s.md[i].sem, s.predicted[i]];
            if let Some(second) = &s.second {
                values.push(second[i]);
            }
            text.push_str(&row(&values));
            text.push('\n');
        }
        let path = dir.join(name);
        crate::atomic_file::replace(&path, |w| {
            use std::io::Write as _;
            w.write_all(text.as_bytes())
        })
        .map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}
