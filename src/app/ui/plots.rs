//! The plots panel: the nanoparticle's momentum and force autocorrelation functions (normalised or
//! raw), their running Green–Kubo integrals with error bands and the chosen plateau, the two
//! routes to D, and the thermodynamic traces. Nothing is drawn that was not measured: missing data
//! say so.

use bevy_egui::egui;
use egui_plot::{FilledArea, HLine, Legend, Line, Plot, PlotPoints, VLine};

use super::PanelContext;
use crate::analysis::Estimate;
use crate::app::engine::{AnalysisSnapshot, GreenKuboView};

/// State of the plots panel.
#[derive(Debug, Clone)]
pub struct PlotsPanel {
    /// Show C(t)/C(0) instead of C(t).
    pub normalised: bool,
}

impl Default for PlotsPanel {
    fn default() -> Self {
        Self { normalised: true }
    }
}

const PLOT_HEIGHT: f32 = 130.0;

impl PlotsPanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        ui.heading("Measurements");
        let Some(a) = pc.analysis else {
            ui.label("not measured yet");
            return;
        };
        coefficients_ui(ui, pc, a);
        ui.separator();
        ui.checkbox(&mut self.normalised, "normalise C(t)/C(0)");
        let constrained = pc.snapshot.is_some_and(|s| s.settings.constrained);
        ui.label(egui::RichText::new("Momentum autocorrelation (free particle)").strong());
        if constrained {
            ui.label("P = 0 while the centre of mass is constrained: switch to free to measure γ");
        }
        let (unit_c, unit_i) = ("m_h²σ²/τ²", "m_h²σ²/τ");
        correlation_plot(
            ui,
            "cpp",
            a.momentum.as_ref(),
            self.normalised,
            "<P(0)·P(t)>/3",
            unit_c,
        );
        integral_plot(ui, "gpp", a.momentum.as_ref(), "γ(t) = ∫<P·P>/3 dt", unit_i);
        ui.label(egui::RichText::new("Force autocorrelation (mean subtracted)").strong());
        if !a.force_constrained {
            ui.label(
                "Free particle: this integral rises to ζk_BT and decays back to zero (the \
                 plateau problem). Switch to constrained to measure θ.",
            );
        }
        let (unit_c, unit_i) = ("ε_LJ²/σ²", "ε_LJ²τ/σ²");
        correlation_plot(
            ui,
            "cff",
            a.force.as_ref(),
            self.normalised,
            "<δF(0)·δF(t)>/3",
            unit_c,
        );
        integral_plot(ui, "gff", a.force.as_ref(), "∫<δF·δF>/3 dt", unit_i);
        ui.separator();
        let atoms = pc.snapshot.map_or(1, |s| s.positions.len().max(1));
        traces_ui(ui, a, atoms);
    }
}

fn fmt(e: Option<Estimate>, digits: usize) -> String {
    match e {
        Some(e) if e.sem.is_finite() => format!("{:.*} ± {:.*}", digits, e.mean, digits, e.sem),
        Some(e) => format!("{:.*} (no error bar yet)", digits, e.mean),
        None => "not measured yet".into(),
    }
}

/// Reduced D [σ²/τ] → argon [10⁻⁹ m²/s].
fn argon_d(d: f64) -> f64 {
    let sigma = crate::units::ARGON_SIGMA_NM * 1e-9;
    let tau = crate::units::argon_tau_ps() * 1e-12;
    d * sigma * sigma / tau * 1e9
}

fn coefficients_ui(ui: &mut egui::Ui, pc: &PanelContext, a: &AnalysisSnapshot) {
    let st = pc.snapshot.map(|s| s.settings).unwrap_or_default();
    egui::Grid::new("coefficients")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |name: &str, value: String| {
                ui.label(name);
                ui.label(value);
                ui.end_row();
            };
            if st.has_nanoparticle {
                row("ε = m_h/m", format!("{:.4}", st.epsilon));
                row("m [m_h]", format!("{:.2}", st.mass));
            }
            row(
                "T target [ε_LJ/k_B]",
                format!(
                    "{:.3}{}",
                    st.temperature,
                    if st.thermostat {
                        ""
                    } else {
                        " (thermostat off)"
                    }
                ),
            );
            row("β [1/ε_LJ]", format!("{:.3}", 1.0 / st.temperature));
            row("<T> measured", fmt(a.temperature, 3));
            if !st.has_nanoparticle {
                row("coefficients", "no nanoparticle in this scene".into());
                return;
            }
            let zeta = match (a.zeta, a.force_constrained) {
                (Some(z), _) => fmt(Some(z), 2),
                (None, false) => "switch to constrained to measure θ".into(),
                (None, true) => "not measured yet".into(),
            };
            row("ζ = β∫<δF·δF>/3 [m_h/τ]", zeta);
            let tau_p = a
                .zeta
                .filter(|z| z.mean > 0.0)
                .map(|z| Estimate::new(a.mass / z.mean, a.mass * z.sem / (z.mean * z.mean)));
            row(
                "τ_P = m/ζ [τ]",
                if a.zeta.is_some() {
                    fmt(tau_p, 3)
                } else {
                    "needs ζ".into()
                },
            );
            let d_gamma = match a.d_gamma {
                Some(d) => fmt(Some(d), 5),
                None if st.constrained => "switch to free to measure γ".into(),
                None => "not measured yet".into(),
            };
            row("D_γ = tr γ/(3m²) [σ²/τ]", d_gamma);
            let d_theta = match (a.d_theta, a.force_constrained) {
                (Some(d), _) => fmt(Some(d), 5),
                (None, false) => "switch to constrained to measure θ".into(),
                (None, true) => "not measured yet".into(),
            };
            row("D_θ = k_BT/ζ [σ²/τ]", d_theta);
            if pc.argon {
                for (name, d) in [("D_γ (argon)", a.d_gamma), ("D_θ (argon)", a.d_theta)] {
                    if let Some(d) = d {
                        row(name, format!("{:.3} ×10⁻⁹ m²/s", argon_d(d.mean)));
                    }
                }
            }
        });
}

/// Lags shown: those with error bars (all lags before the first block closes), and once there is
/// a plateau only up to six cut-off times (at least 1 τ), so that the decay is not squeezed
/// against the axis by the long noisy tail (zoom out with the mouse to see all of it).
fn shown_lags(g: &GreenKuboView) -> usize {
    let r = &g.running;
    let with_sem = r
        .isotropic_correlation
        .iter()
        .take_while(|e| e.sem.is_finite())
        .count();
    let n = if with_sem >= 2 {
        with_sem
    } else {
        r.times.len()
    };
    match &g.plateau {
        Some(p) => {
            let t_max = (6.0 * p.cutoff_time).max(1.0);
            r.times[..n]
                .iter()
                .take_while(|&&t| t <= t_max)
                .count()
                .max(2)
                .min(n)
        }
        None => n,
    }
}

fn correlation_plot(
    ui: &mut egui::Ui,
    id: &str,
    g: Option<&GreenKuboView>,
    normalised: bool,
    name: &str,
    unit: &str,
) {
    let Some(g) = g else {
        ui.label("not measured yet");
        return;
    };
    let r = &g.running;
    let n = shown_lags(g);
    let c0 = r.isotropic_correlation.first().map_or(1.0, |e| e.mean);
    let scale = if normalised && c0 != 0.0 {
        1.0 / c0
    } else {
        1.0
    };
    let xs: Vec<f64> = r.times[..n].to_vec();
    let ys: Vec<f64> = r.isotropic_correlation[..n]
        .iter()
        .map(|e| e.mean * scale)
        .collect();
    let y_label = if normalised {
        format!("{name} / C(0)")
    } else {
        format!("{name} [{unit}]")
    };
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .x_axis_label("lag t [τ]")
        .y_axis_label(y_label)
        .allow_scroll(false)
        .show(ui, |p| {
            band(p, &xs, &r.isotropic_correlation[..n], scale);
            let pts: PlotPoints = xs.iter().zip(&ys).map(|(x, y)| [*x, *y]).collect();
            p.line(Line::new(name, pts).width(1.5));
            p.hline(HLine::new("0", 0.0).color(egui::Color32::from_gray(90)));
        });
}

fn integral_plot(ui: &mut egui::Ui, id: &str, g: Option<&GreenKuboView>, name: &str, unit: &str) {
    let Some(g) = g else {
        return;
    };
    let r = &g.running;
    let n = shown_lags(g);
    let xs: Vec<f64> = r.times[..n].to_vec();
    let ys: Vec<[f64; 2]> = xs
        .iter()
        .zip(&r.isotropic_integral[..n])
        .map(|(x, e)| [*x, e.mean])
        .collect();
    match &g.plateau {
        Some(p) => ui.label(format!(
            "plateau at t_c = {:.2} τ: {} {unit}{}",
            p.cutoff_time,
            fmt(Some(p.value.isotropic), 4),
            if p.converged {
                ""
            } else {
                "  (not converged: run longer)"
            }
        )),
        None => ui.label(format!(
            "plateau: not measured yet (needs 2 blocks; {} so far)",
            g.blocks
        )),
    };
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .x_axis_label("cut-off t [τ]")
        .y_axis_label(format!("{name} [{unit}]"))
        .legend(Legend::default().position(egui_plot::Corner::RightBottom))
        .allow_scroll(false)
        .show(ui, |p| {
            band(p, &xs, &r.isotropic_integral[..n], 1.0);
            p.line(Line::new("running integral", PlotPoints::from(ys)).width(1.5));
            if let Some(pl) = &g.plateau {
                p.vline(VLine::new("plateau cut-off", pl.cutoff_time));
                p.hline(HLine::new("plateau value", pl.value.isotropic.mean));
            }
        });
}

/// ±1 standard error band where error bars exist.
fn band(p: &mut egui_plot::PlotUi, xs: &[f64], es: &[Estimate], scale: f64) {
    let k = es.iter().take_while(|e| e.sem.is_finite()).count();
    if k < 2 {
        return;
    }
    let lo: Vec<f64> = es[..k].iter().map(|e| (e.mean - e.sem) * scale).collect();
    let hi: Vec<f64> = es[..k].iter().map(|e| (e.mean + e.sem) * scale).collect();
    p.add(
        FilledArea::new("±1 s.e.", &xs[..k], &lo, &hi)
            .fill_color(egui::Color32::from_rgba_unmultiplied(100, 150, 255, 50)),
    );
}

fn traces_ui(ui: &mut egui::Ui, a: &AnalysisSnapshot, atoms: usize) {
    let per = 1.0 / atoms as f64;
    ui.label(egui::RichText::new("Thermodynamics").strong());
    if a.traces.len() < 2 {
        ui.label("not measured yet");
        return;
    }
    let series = |f: &dyn Fn(&crate::md::Thermo) -> f64| -> PlotPoints {
        a.traces.iter().map(|t| [t.time, f(t)]).collect()
    };
    Plot::new("traces-t")
        .height(PLOT_HEIGHT)
        .x_axis_label("t [τ]")
        .y_axis_label("T [ε_LJ/k_B], P [ε_LJ/σ³]")
        .legend(Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(Line::new("T", series(&|t| t.temperature)));
            p.line(Line::new("P", series(&|t| t.pressure)));
        });
    Plot::new("traces-e")
        .height(PLOT_HEIGHT)
        .x_axis_label("t [τ]")
        .y_axis_label("energy per atom [ε_LJ]")
        .legend(Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(Line::new("K/N", series(&|t| t.kinetic * per)));
            p.line(Line::new("U/N", series(&|t| t.potential * per)));
            p.line(Line::new("E/N", series(&|t| t.total() * per)));
        });
}
