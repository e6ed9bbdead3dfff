//! The report a student can hand in: a folder with `index.html` (self-contained: inline CSS, no
//! script, no network; pictures are PNG files beside it), one PNG per plot drawn from the data
//! ([`plot`]), and the CSV files of the same data in `csv/`. Written from the live session (the
//! app's "Save report", [`Source::Live`]) or from a finished `multiscope measure`
//! (`measure --report DIR`, [`Source::Measured`]). No Bevy here.
//!
//! The page: the scene and its settings, a table of every measured value with its standard error
//! (each symbol carries its glossary text as a tooltip), the tensors, the coarse-grained
//! predictions against the MD with their verdicts, every plot, the notes of the measurement and
//! the glossary entries of what it shows.

#![warn(missing_docs)]

pub mod plot;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plot::{Plot, PlotSeries, Style, line_plot};

use crate::analysis::{Estimate, RunningIntegral, TensorRows};
use crate::glossary;
use crate::lesson::CheckOutcome;
use crate::lesson::check::{pm, short};
use crate::live::coarse_worker::CoarseDensity;
use crate::live::export::{PhasePlaneSeries, write_plotted_series};
use crate::live::{AnalysisSnapshot, GreenKuboView};
use crate::md::Thermo;
use crate::measure::{Measured, PlateauId, Report};
use crate::predict::{PredictionCurves, Predictions, Series, write_prediction_csv};
use crate::scene::Scene;

/// Where the report's numbers come from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The live session: the newest analysis and what the density pane plots.
    Live {
        /// The newest analysis.
        analysis: &'a AnalysisSnapshot,
        /// The density pane's series (path and densities).
        phase: PhasePlaneSeries<'a>,
    },
    /// A finished `multiscope measure`.
    Measured {
        /// Its report and curves.
        measured: &'a Measured,
        /// Its predictions against the MD.
        predictions: &'a Predictions,
        /// Its MD curves with their predictions.
        curves: &'a PredictionCurves,
    },
}

/// Where a lesson stood when the report was written.
#[derive(Debug, Clone)]
pub struct LessonNote {
    /// The lesson's title.
    pub lesson: String,
    /// The current step's title.
    pub step: String,
    /// Its check's outcome, if it has one.
    pub outcome: Option<CheckOutcome>,
}

/// Everything one report page shows.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// Scene name (its file, or the built-in name).
    pub scene_name: &'a str,
    /// The scene (with the session's settings), shown as RON; `None` if unknown.
    pub scene: Option<&'a Scene>,
    /// The numbers.
    pub source: Source<'a>,
    /// The lesson being followed, if any.
    pub lesson: Option<&'a LessonNote>,
}

/// One row of the values table.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    /// Glossary id.
    pub id: &'static str,
    /// Label (symbol and words).
    pub label: String,
    /// Value and standard error (sem 0: exact, NaN: no error bar yet).
    pub value: Estimate,
    /// Unit.
    pub unit: &'static str,
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `mean ± sem` as the report writes it (4 significant digits; exact values without ±).
pub fn format_value(e: Estimate) -> String {
    if e.sem == 0.0 { short(e.mean) } else { pm(e) }
}

struct Data<'a> {
    report: &'a Report,
    predictions: &'a Predictions,
    theory: &'a PredictionCurves,
    momentum: Option<&'a RunningIntegral<3>>,
    momentum_cutoff: Option<f64>,
    /// (label, curve, cut-off).
    forces: Vec<(&'static str, &'a RunningIntegral<3>, Option<f64>)>,
    traces: &'a [Thermo],
    atoms: usize,
    density: Option<&'a CoarseDensity>,
    tau_p: Option<Estimate>,
    tau_f: Option<Estimate>,
    held: Option<bool>,
}

fn cutoff(g: &GreenKuboView) -> Option<f64> {
    g.plateau.as_ref().map(|p| p.cutoff_time)
}

impl<'a> Data<'a> {
    fn of(source: &Source<'a>) -> Self {
        match *source {
            Source::Live { analysis: a, phase } => Data {
                report: &a.report,
                predictions: &a.predictions,
                theory: &a.theory,
                momentum: a.momentum.as_ref().map(|g| &g.running),
                momentum_cutoff: a.momentum.as_ref().and_then(cutoff),
                forces: a
                    .force
                    .as_ref()
                    .map(|g| {
                        let label = if a.force_constrained {
                            "held particle (θ)"
                        } else {
                            "free particle (Kirkwood)"
                        };
                        vec![(label, &g.running, cutoff(g))]
                    })
                    .unwrap_or_default(),
                traces: &a.traces,
                atoms: a.atoms,
                density: phase.density,
                tau_p: a.tau_p(),
                tau_f: a.tau_f(),
                held: Some(a.force_constrained),
            },
            Source::Measured {
                measured,
                predictions,
                curves,
            } => {
                let r = &measured.report;
                let c = &measured.curves;
                let plateau = |k: PlateauId| {
                    r.plateaus
                        .iter()
                        .find(|p| p.0 == k)
                        .map(|p| p.1.cutoff_time)
                };
                let mut forces = Vec::new();
                if let Some(f) = &c.constrained_force {
                    forces.push(("held particle (θ)", f, plateau(PlateauId::Theta)));
                }
                if let Some(f) = &c.free_force {
                    forces.push((
                        "free particle (Kirkwood)",
                        f,
                        r.free_force.map(|f| f.peak_time),
                    ));
                }
                let tau_p = r
                    .zeta_isotropic
                    .filter(|z| z.mean > 0.0)
                    .map(|z| Estimate::new(r.mass / z.mean, r.mass * z.sem / (z.mean * z.mean)));
                Data {
                    report: r,
                    predictions,
                    theory: curves,
                    momentum: c.gamma.as_ref(),
                    momentum_cutoff: plateau(PlateauId::Gamma),
                    forces,
                    traces: &[],
                    atoms: 0,
                    density: None,
                    tau_p,
                    tau_f: r.force_time,
                    held: None,
                }
            }
        }
    }
}

/// Every measured value of `source`, in the order of the panels (values not measured are left
/// out).
pub fn value_rows(source: &Source) -> Vec<ValueRow> {
    let d = Data::of(source);
    let r = d.report;
    let mut rows = Vec::new();
    let mut row = |id: &'static str, label: &str, value: Option<Estimate>, unit: &'static str| {
        if let Some(value) = value.filter(|v| v.mean.is_finite()) {
            rows.push(ValueRow {
                id,
                label: label.to_string(),
                value,
                unit,
            });
        }
    };
    let exact = |x: f64| Some(Estimate::exact(x));
    if r.mass > 0.0 {
        row("epsilon", "ε = m̂/m", exact(r.epsilon), "1");
        row("mass", "m", exact(r.mass), "m̂");
    }
    row(
        "temperature_target",
        "T target",
        exact(r.temperature),
        "ε_LJ/k_B",
    );
    row("beta", "β = 1/k_BT", exact(r.beta), "1/ε_LJ");
    row(
        "temperature_measured",
        "⟨T⟩ measured (free segment)",
        Some(r.measured_temperature),
        "ε_LJ/k_B",
    );
    row(
        "temperature_measured",
        "⟨T⟩ measured (held segment)",
        r.measured_temperature_constrained,
        "ε_LJ/k_B",
    );
    row("zeta", "ζ = β∫⟨δF·δF⟩/3", r.zeta_isotropic, "m̂/τ");
    row("tau_p", "τ_P = m/ζ", d.tau_p, "τ");
    row("tau_f", "τ_F = ∫C_FF/C_FF(0)", d.tau_f, "τ");
    row(
        "tau_p_over_tau_f",
        "τ_P/τ_F",
        d.tau_p
            .zip(d.tau_f)
            .filter(|(_, f)| f.mean > 0.0)
            .map(|(p, f)| p.ratio(f)),
        "1",
    );
    row("d_gamma", "D_γ = tr γ/(3m²)", r.d_gamma, "σ²/τ");
    row("d_theta", "D_θ = k_BT/ζ", r.d_theta, "σ²/τ");
    row(
        "d_msd",
        "D_MSD",
        r.particle
            .as_ref()
            .and_then(|p| p.msd_diffusion)
            .map(|m| m.d),
        "σ²/τ",
    );
    row("einstein_ratio", "D_γ/D_θ", r.einstein_ratio, "1");
    row(
        "momentum_factor",
        "(M_host/M_total)²",
        r.momentum_conservation_factor.map(Estimate::exact),
        "1",
    );
    row("eta", "η host (Green–Kubo)", r.viscosity, "ε_LJ·τ/σ³");
    if let Some(se) = r.stokes_einstein {
        row("d_se_slip", "D_SE slip", Some(se.slip), "σ²/τ");
        row("d_se_stick", "D_SE stick", Some(se.stick), "σ²/τ");
    }
    row(
        "d_gamma_infinite",
        "D_γ∞ (Yeh–Hummer)",
        r.d_yeh_hummer,
        "σ²/τ",
    );
    row(
        "d_gamma_infinite",
        "D_MSD∞ (Yeh–Hummer)",
        r.d_msd_yeh_hummer,
        "σ²/τ",
    );
    if let Some(f) = r.free_force {
        row(
            "free_force_peak",
            &format!("free ∫⟨δF·δF⟩/3, peak at {} τ", short(f.peak_time)),
            Some(f.peak),
            "ε_LJ²τ/σ²",
        );
        row(
            "free_force_late",
            &format!("free ∫⟨δF·δF⟩/3 at {} τ", short(f.late_time)),
            Some(f.late),
            "ε_LJ²τ/σ²",
        );
    }
    if let Some(h) = r.host_self_diffusion {
        row("host_d_msd", "host D (MSD)", Some(h.msd), "σ²/τ");
        row("host_d_vacf", "host D (VACF)", Some(h.green_kubo), "σ²/τ");
    }
    if let Some(p) = r.particle.as_ref()
        && p.time > 0.0
    {
        row("explored", "√MSD explored", exact(p.explored), "σ");
    }
    if let Some(t) = d.predictions.transition_rate.as_ref() {
        row(
            "transitions",
            "committed transitions",
            exact(t.transitions as f64),
            "1",
        );
        row("rate_md", "k_MD", Some(t.comparison.md), "1/τ");
        row(
            "rate_fokker_planck",
            "k_FP (Fokker–Planck)",
            Some(t.comparison.predicted),
            "1/τ",
        );
        row(
            "rate_smoluchowski",
            "k_S (Smoluchowski)",
            Some(t.smoluchowski),
            "1/τ",
        );
        row("rate_kramers", "k_K (Kramers)", Some(t.kramers), "1/τ");
    }
    if let Some(c) = d.density {
        row("t_cg", "t_CG", exact(c.time()), "τ");
        row("density_zeta", "ζ (density)", exact(c.friction.zeta), "m̂/τ");
        row(
            "density_d",
            "D (density)",
            exact(c.friction.diffusion),
            "σ²/τ",
        );
        row(
            "density_gap",
            "∫|W̃_FP − W̃_S| dΦ",
            exact(c.marginal_gap()),
            "1",
        );
    }
    rows
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1000px;margin:24px auto;\
padding:0 16px;color:#222;line-height:1.4}h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;\
border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}table{border-collapse:collapse;\
margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f2f2f2}td.num{font-family:'DejaVu Sans Mono',monospace;white-space:nowrap}\
td[title]{text-decoration:underline dotted}.holds{color:#1a7f37;font-weight:bold}\
.fails{color:#b42318;font-weight:bold}.none{color:#8a6d00;font-weight:bold}\
.small{font-size:13px;color:#555}img{max-width:100%;border:1px solid #ddd;margin:6px 0}\
pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:12px}.lesson{background:#eef5ff;\
border:1px solid #b6d4fe;padding:8px 12px}";

fn tooltip(id: &str) -> String {
    glossary::entry(id).map_or_else(String::new, |e| {
        format!(
            " title=\"{}\"",
            html_escape(&format!(
                "{} — {} Definition: {}",
                e.name, e.what, e.definition
            ))
        )
    })
}

fn tensor_html(name: &str, id: &str, unit: &str, t: &TensorRows) -> String {
    let mut s = format!(
        "<h3{}>{}</h3><table><tr><th>{}</th><th>x</th><th>y</th><th>z</th></tr>",
        tooltip(id),
        html_escape(name),
        html_escape(unit)
    );
    for (a, axis) in ["x", "y", "z"].iter().enumerate() {
        let _ = write!(s, "<tr><th>{axis}</th>");
        for b in 0..3 {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                html_escape(&pm(Estimate::new(t.mean[a][b], t.sem[a][b])))
            );
        }
        s.push_str("</tr>");
    }
    s.push_str("</table>");
    s
}

/// The lags worth showing: those with error bars, and, once there is a cut-off, up to six of
/// them (at least 1 τ), as the app shows them.
fn shown(ri: &RunningIntegral<3>, cut: Option<f64>) -> usize {
    let with_sem = ri
        .isotropic_correlation
        .iter()
        .take_while(|e| e.sem.is_finite())
        .count();
    let n = if with_sem >= 2 {
        with_sem
    } else {
        ri.times.len()
    };
    match cut {
        Some(t) => {
            let t_max = (6.0 * t).max(1.0);
            ri.times[..n]
                .iter()
                .take_while(|&&x| x <= t_max)
                .count()
                .clamp(2.min(n), n)
        }
        None => n,
    }
}

fn gk_series(label: &str, ri: &RunningIntegral<3>, cut: Option<f64>, integral: bool) -> PlotSeries {
    let n = shown(ri, cut);
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

/// The plots of a page: file name, glossary id, caption and the picture.
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
                title: format!("Densities at t_CG = {} τ", short(c.time())),
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

/// Writes the report into `dir` (created if needed): `index.html`, the PNG plots and `csv/`.
/// Returns the files written, or an error naming the file that could not be written.
pub fn write_report(dir: &Path, page: &Page) -> Result<Vec<PathBuf>, String> {
    if dir.as_os_str().is_empty() {
        return Err("no folder given for the report".into());
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    let d = Data::of(&page.source);
    let r = d.report;
    let mut files = Vec::new();
    // CSV files: the very ones "Save plots" or `measure --out` write.
    let csv_dir = dir.join("csv");
    match page.source {
        Source::Live { analysis, phase } => {
            files.extend(write_plotted_series(&csv_dir, Some(analysis), phase)?);
        }
        Source::Measured {
            measured, curves, ..
        } => {
            files.extend(
                measured
                    .report
                    .write_csv(&measured.curves, &csv_dir)
                    .map_err(|e| e.to_string())?,
            );
            files.extend(write_prediction_csv(curves, &csv_dir).map_err(|e| e.to_string())?);
        }
    }
    let mut pictures = Vec::new();
    for (name, id, caption, plot) in plots(&d) {
        if plot.is_empty() {
            continue;
        }
        let path = dir.join(name);
        line_plot(&path, &plot)?;
        files.push(path);
        pictures.push((name, id, caption));
    }

    let mut h = String::new();
    let title = format!("multiscope report: {}", r.scene);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{CSS}</style></head><body>\n",
        html_escape(&title)
    );
    let _ = writeln!(
        h,
        "<h1>multiscope report</h1><p class=\"small\">{} · reduced Lennard-Jones units (σ, τ, m̂, \
         ε_LJ, k_B = 1) · every value ± one standard error (block averaging) · hover a symbol \
         for its definition</p>",
        html_escape(page.scene_name)
    );
    if let Some(l) = page.lesson {
        let _ = write!(
            h,
            "<div class=\"lesson\"><b>Lesson:</b> {} — <b>step:</b> {}",
            html_escape(&l.lesson),
            html_escape(&l.step)
        );
        if let Some(o) = &l.outcome {
            let _ = write!(
                h,
                "<br><b>Check:</b> {:?}: {} <span class=\"small\">{}</span>",
                o.status,
                html_escape(&o.message),
                html_escape(&o.detail)
            );
        }
        h.push_str("</div>\n");
    }
    // Scene and settings.
    h.push_str("<h2>Scene and settings</h2><table>\n");
    let mut setting = |k: &str, v: String| {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            html_escape(k),
            html_escape(&v)
        );
    };
    setting("scene", page.scene_name.to_string());
    setting("description", r.scene.clone());
    setting("seed", r.seed.to_string());
    setting("box edge L [σ]", short(r.box_length));
    if let Some(s) = page.scene {
        setting(
            "atoms",
            format!("{} host + {} nanoparticle", s.host_atoms, s.n_star()),
        );
    }
    setting("T target [ε_LJ/k_B]", short(r.temperature));
    setting("time step Δt [τ]", short(r.time_step));
    setting("dynamics", r.dynamics.clone());
    setting("external field", format!("{:?}", r.field));
    if r.mass > 0.0 {
        setting("ε = m̂/m", short(r.epsilon));
        setting("hydrodynamic radius a [σ]", short(r.hydrodynamic_radius));
    }
    if let Some(held) = d.held {
        setting(
            "nanoparticle now",
            if held {
                "held (centre of mass constrained)"
            } else {
                "free"
            }
            .into(),
        );
    }
    setting(
        "steps measured",
        format!("{} free, {} held", r.free_steps, r.constrained_steps),
    );
    h.push_str("</table>\n");
    if let Some(s) = page.scene {
        let _ = writeln!(
            h,
            "<details><summary>Scene file (RON, with the settings in use)</summary><pre>{}</pre></details>",
            html_escape(&s.to_ron())
        );
    }
    // Values.
    h.push_str(
        "<h2>Measured values</h2><table><tr><th>quantity</th><th>value ± standard error</th>\
         <th>unit</th></tr>\n",
    );
    let rows = value_rows(&page.source);
    for row in &rows {
        let _ = writeln!(
            h,
            "<tr><td{}>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            tooltip(row.id),
            html_escape(&row.label),
            html_escape(&format_value(row.value)),
            html_escape(row.unit)
        );
    }
    h.push_str("</table>\n");
    let tensors: Vec<String> = [
        (
            "γ_ab = ∫⟨P_a P_b⟩ (free)",
            "d_gamma",
            "m̂²σ²/τ",
            r.gamma.as_ref(),
        ),
        ("θ_ab (held)", "zeta", "ε_LJ²τ/σ²", r.theta.as_ref()),
        ("ζ_ab = βεθ_ab (held)", "zeta", "m̂/τ", r.zeta.as_ref()),
    ]
    .iter()
    .filter_map(|(n, id, u, t)| t.map(|t| tensor_html(n, id, u, t)))
    .collect();
    if !tensors.is_empty() {
        h.push_str("<h2>Tensors</h2>\n");
        h.push_str(&tensors.join("\n"));
    }
    // Predictions.
    let entries = d.predictions.entries();
    if !entries.is_empty() {
        h.push_str(
            "<h2>MD against the coarse-grained theory</h2><table><tr><th>prediction</th>\
             <th>MD</th><th>predicted</th><th>z</th><th>verdict</th></tr>\n",
        );
        for (key, c) in &entries {
            let (class, verdict) = if !c.z.is_finite() {
                ("none", "no verdict yet")
            } else if c.holds {
                ("holds", "holds")
            } else {
                ("fails", "does not hold")
            };
            let _ = writeln!(
                h,
                "<tr><td{}>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td><span class=\"{class}\">{verdict}</span><br>\
                 <span class=\"small\">{}</span></td></tr>",
                tooltip(key),
                html_escape(&key.replace('_', " ")),
                html_escape(&pm(c.md)),
                html_escape(&pm(c.predicted)),
                short(c.z),
                html_escape(&c.why)
            );
        }
        h.push_str("</table>\n");
    }
    if let Some(f) = &r.f_th {
        h.push_str(
            "<h2>Thermal force f^th along x</h2><table><tr><th>R_x [σ]</th><th>f^th [ε_LJ/σ]</th>\
             <th>A [ε_LJ]</th><th>field −∂U/∂x [ε_LJ/σ]</th></tr>\n",
        );
        for i in 0..f.positions.len() {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td></tr>",
                short(f.positions[i]),
                html_escape(&pm(f.values[i])),
                html_escape(&pm(f.potential_of_mean_force[i])),
                short(f.field_force[i])
            );
        }
        h.push_str("</table>\n");
    }
    // Plots.
    if !pictures.is_empty() {
        h.push_str("<h2>Plots</h2>\n");
        for (name, id, caption) in &pictures {
            let _ = writeln!(
                h,
                "<figure><img src=\"{name}\" alt=\"{}\"><figcaption class=\"small\"{}>{}</figcaption></figure>",
                html_escape(caption),
                tooltip(id),
                html_escape(caption)
            );
        }
    }
    if !r.notes.is_empty() {
        h.push_str("<h2>Notes of the measurement</h2><ul>\n");
        for n in &r.notes {
            let _ = writeln!(h, "<li>{}</li>", html_escape(n));
        }
        h.push_str("</ul>\n");
    }
    // Data files.
    h.push_str("<h2>Data</h2><ul>\n");
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "csv"))
    {
        let rel = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let _ = writeln!(
            h,
            "<li><a href=\"{}\">{}</a></li>",
            html_escape(&rel),
            html_escape(&rel)
        );
    }
    h.push_str("</ul>\n");
    // Glossary of what the page shows.
    let mut ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
    ids.extend(pictures.iter().map(|p| p.1));
    ids.extend(entries.iter().map(|e| e.0));
    let mut seen = Vec::new();
    h.push_str("<h2>Glossary</h2><table><tr><th>symbol</th><th>what it is</th><th>definition</th><th>unit</th><th>how it is measured</th></tr>\n");
    for id in ids {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(e) = glossary::entry(id) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"small\">{}</td></tr>",
                html_escape(e.symbol),
                html_escape(e.what),
                html_escape(e.definition),
                html_escape(e.unit),
                html_escape(e.measured)
            );
        }
    }
    h.push_str("</table>\n<p class=\"small\">Written by multiscope ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str(".</p></body></html>\n");
    let index = dir.join("index.html");
    std::fs::write(&index, h).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    files.insert(0, index);
    Ok(files)
}
