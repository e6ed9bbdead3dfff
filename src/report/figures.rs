//! The report's figures: one [`Plot`] per curve the page shows (Green–Kubo correlations and their
//! running integrals, MD against the coarse-grained theory, traces, the density pane, f^th), drawn
//! to PNG beside `index.html` by [`super::plot`].

use std::path::{Path, PathBuf};

use super::ReportError;
use super::plot::{Plot, PlotSeries, Style, line_plot};
use super::values::Data;
use crate::analysis::RunningIntegral;
use crate::format::significant;
use crate::md::Thermo;
use crate::predict::Series;

fn gk_series(label: &str, ri: &RunningIntegral<3>, cut: Option<f64>, integral: bool) -> PlotSeries {
    let n = ri.shown_lags(cut);
    let values = if integral {
        &ri.isotropic_integral
    } else {
        &ri.isotropic_correlation
    };
    let c0 = if integral {
        1.0
    } else {
        values.first().map_or(1.0, |e| e.mean)
    };
    PlotSeries {
        label: label.to_string(),
        points: (0..n).map(|i| (ri.times[i], values[i].mean / c0)).collect(),
        errors: Some((0..n).map(|i| values[i].sem / c0.abs()).collect()),
        style: Style::Line,
    }
}

fn theory_plot(s: &Series, title: &str, x: &str, y: &str, log: bool, second: &str) -> Plot {
    let mut series = vec![
        PlotSeries {
            label: "MD".into(),
            points: s.x.iter().zip(&s.md).map(|(x, e)| (*x, e.mean)).collect(),
            errors: Some(s.md.iter().map(|e| e.sem).collect()),
            style: if log { Style::Line } else { Style::Points },
        },
        PlotSeries {
            label: "Fokker–Planck (measured m, ζ)".into(),
            points: s
                .x
                .iter()
                .zip(&s.predicted)
                .map(|(x, y)| (*x, *y))
                .collect(),
            errors: None,
            style: Style::Dashed,
        },
    ];
    if let Some(two) = &s.second {
        series.push(PlotSeries {
            label: second.into(),
            points: s.x.iter().zip(two).map(|(x, y)| (*x, *y)).collect(),
            errors: None,
            style: Style::Dashed,
        });
    }
    Plot {
        title: title.into(),
        x_label: x.into(),
        y_label: y.into(),
        log,
        series,
    }
}

/// One figure of the page, drawn.
pub(super) struct Figure {
    /// Its PNG file name in the report folder.
    pub(super) file: &'static str,
    /// Its glossary id.
    pub(super) id: &'static str,
    /// Its caption.
    pub(super) caption: &'static str,
}

/// The plots of a page, as (file name, glossary id, caption, picture).
fn plots(d: &Data) -> Vec<(&'static str, &'static str, &'static str, Plot)> {
    let mut out = Vec::new();
    if let Some(ri) = d.momentum {
        out.push((
            "momentum_correlation.png",
            "cpp",
            "Momentum autocorrelation of the free particle, normalised.",
            Plot {
                title: "Momentum autocorrelation ⟨P(0)·P(t)⟩/⟨P·P⟩".into(),
                x_label: "lag t [τ]".into(),
                y_label: "C(t)/C(0) [1]".into(),
                log: false,
                series: vec![gk_series("free particle", ri, d.momentum_cutoff, false)],
            },
        ));
        out.push((
            "momentum_integral.png",
            "gpp",
            "Its running Green–Kubo integral: the plateau is γ, and D_γ = γ/m².",
            Plot {
                title: "γ(t) = ∫⟨P·P⟩/3 dt".into(),
                x_label: "cut-off t [τ]".into(),
                y_label: "γ(t) [m̂²σ²/τ]".into(),
                log: false,
                series: vec![gk_series("free particle", ri, d.momentum_cutoff, true)],
            },
        ));
    }
    if !d.forces.is_empty() {
        out.push((
            "force_correlation.png",
            "cff",
            "Force autocorrelation (mean subtracted), normalised.",
            Plot {
                title: "Force autocorrelation ⟨δF(0)·δF(t)⟩/⟨δF·δF⟩".into(),
                x_label: "lag t [τ]".into(),
                y_label: "C(t)/C(0) [1]".into(),
                log: false,
                series: d
                    .forces
                    .iter()
                    .map(|(l, ri, c)| gk_series(l, ri, *c, false))
                    .collect(),
            },
        ));
        out.push((
            "force_integral.png",
            "gff",
            "Running force integral: held, it stays on its plateau εθ = k_BTζ; free, it falls back to zero (Kirkwood's plateau problem).",
            Plot {
                title: "∫⟨δF·δF⟩/3 dt".into(),
                x_label: "cut-off t [τ]".into(),
                y_label: "integral [ε_LJ²τ/σ²]".into(),
                log: false,
                series: d
                    .forces
                    .iter()
                    .map(|(l, ri, c)| gk_series(l, ri, *c, true))
                    .collect(),
            },
        ));
    }
    let t = d.theory;
    if let Some(s) = &t.msd {
        out.push((
            "theory_msd.png",
            "theory-msd",
            "Mean squared displacement of the free particle against the Ornstein–Uhlenbeck curve of the Fokker–Planck equation and Smoluchowski's 6Dt.",
            theory_plot(s, "Mean squared displacement of R", "t [τ]", "MSD [σ²]", true, "Smoluchowski 6Dt"),
        ));
    }
    if let Some(s) = &t.momentum {
        out.push((
            "theory_momentum.png",
            "theory-cpp",
            "Momentum autocorrelation against μk_BTe^{−tζ/μ}.",
            theory_plot(
                s,
                "⟨P_a(0)P_a(t)⟩ vs theory",
                "lag t [τ]",
                "C(t) [m̂²σ²/τ²]",
                false,
                "",
            ),
        ));
    }
    if let Some(s) = &t.position {
        out.push((
            "theory_position.png",
            "theory-cxx",
            "Trap: position autocorrelation against the damped oscillator.",
            theory_plot(
                s,
                "⟨δx(0)δx(t)⟩ vs theory",
                "lag t [τ]",
                "C(t) [σ²]",
                false,
                "",
            ),
        ));
    }
    if let Some(s) = &t.x_density {
        out.push((
            "theory_x_density.png",
            "theory-x",
            "Histogram of R_x against the Boltzmann density of the field (flat without one).",
            theory_plot(
                s,
                "Stationary density of R_x",
                "x [σ]",
                "W(x) [1/σ]",
                false,
                "",
            ),
        ));
    }
    if let Some(s) = &t.p_density {
        out.push((
            "theory_p_density.png",
            "theory-p",
            "Histogram of P_x against the Maxwell density.",
            theory_plot(
                s,
                "Stationary density of P_x",
                "P_x [m̂σ/τ]",
                "W(P_x) [τ/(m̂σ)]",
                false,
                "",
            ),
        ));
    }
    if !d.traces.is_empty() {
        let n = d.atoms.max(1) as f64;
        let line = |label: &str, f: &dyn Fn(&Thermo) -> f64| PlotSeries {
            label: label.into(),
            points: d.traces.iter().map(|t| (t.time, f(t))).collect(),
            errors: None,
            style: Style::Line,
        };
        out.push((
            "thermo.png",
            "traces-t",
            "Temperature and pressure against time.",
            Plot {
                title: "T(t) and P(t)".into(),
                x_label: "t [τ]".into(),
                y_label: "T [ε_LJ/k_B], P [ε_LJ/σ³]".into(),
                log: false,
                series: vec![line("T", &|t| t.temperature), line("P", &|t| t.pressure)],
            },
        ));
        out.push((
            "energies.png",
            "traces-e",
            "Kinetic, potential and total energy per atom.",
            Plot {
                title: "Energies per atom".into(),
                x_label: "t [τ]".into(),
                y_label: "energy per atom [ε_LJ]".into(),
                log: false,
                series: vec![
                    line("K/N", &|t| t.kinetic / n),
                    line("U/N", &|t| t.potential / n),
                    line("E/N", &|t| t.total() / n),
                ],
            },
        ));
    }
    if let Some(c) = d.density {
        let k = c.solver();
        let x = k.x_grid();
        let xs: Vec<f64> = (0..x.len()).map(|i| x.centre(i)).collect();
        out.push((
            "density_phi.png",
            "marginal-phi",
            "The Fokker–Planck marginal W̃(Φ) and the Smoluchowski density at the same coarse-grained time.",
            Plot {
                title: format!("Densities at t_CG = {} τ", significant(c.time(), 4)),
                x_label: "Φ_x [σ]".into(),
                y_label: "W̃(Φ) [1/σ]".into(),
                log: false,
                series: vec![
                    PlotSeries {
                        label: "Fokker–Planck W̃(Φ)".into(),
                        points: xs.iter().copied().zip(k.marginal_x().iter().copied()).collect(),
                        errors: None,
                        style: Style::Line,
                    },
                    PlotSeries {
                        label: "Smoluchowski W̃_S(Φ)".into(),
                        points: xs.iter().copied().zip(c.smoluchowski_in_phi()).collect(),
                        errors: None,
                        style: Style::Dashed,
                    },
                ],
            },
        ));
    }
    if let Some(f) = &d.report.f_th {
        out.push((
            "f_th.png",
            "f_th",
            "Thermal force f^th_x of the held particle against the field's own force.",
            Plot {
                title: "Thermal force f^th(x)".into(),
                x_label: "R_x [σ]".into(),
                y_label: "force [ε_LJ/σ]".into(),
                log: false,
                series: vec![
                    PlotSeries {
                        label: "f^th (held particle)".into(),
                        points: f
                            .positions
                            .iter()
                            .zip(&f.values)
                            .map(|(x, e)| (*x, e.mean))
                            .collect(),
                        errors: Some(f.values.iter().map(|e| e.sem).collect()),
                        style: Style::Points,
                    },
                    PlotSeries {
                        label: "−∂U/∂x of the field".into(),
                        points: f
                            .positions
                            .iter()
                            .copied()
                            .zip(f.field_force.iter().copied())
                            .collect(),
                        errors: None,
                        style: Style::Dashed,
                    },
                ],
            },
        ));
    }
    out
}

/// Draws every non-empty figure of `d` into `dir`; returns the files written and the figures, in
/// the order of the page.
pub(super) fn write_figures(
    dir: &Path,
    d: &Data,
) -> Result<(Vec<PathBuf>, Vec<Figure>), ReportError> {
    let mut files = Vec::new();
    let mut figures = Vec::new();
    for (file, id, caption, plot) in plots(d) {
        if plot.is_empty() {
            continue;
        }
        let path = dir.join(file);
        line_plot(&path, &plot).map_err(|message| ReportError::Figure {
            path: path.clone(),
            message,
        })?;
        files.push(path);
        figures.push(Figure { file, id, caption });
    }
    Ok((files, figures))
}
