//! The plots panel: the nanoparticle's momentum and force autocorrelation functions (normalised or
//! raw), their running Green–Kubo integrals with error bands and the chosen plateau, the two
//! routes to D, and the thermodynamic traces; its second tab, "MD vs theory", is drawn by
//! [`super::theory`]. Nothing is drawn that was not measured: missing data say so, and a missing
//! value reads [`crate::format::MISSING`].

use bevy_egui::egui;
use egui_plot::{HLine, Legend, Line, Plot, PlotPoints, VLine};

use super::PanelContext;
use super::widgets::{PLOT_HEIGHT, band, nice_grid_spacer, watched_text, with_error};
use crate::analysis::Estimate;
use crate::format::MISSING;
use crate::lesson::PlotsTab;
use crate::live::{AnalysisSnapshot, GreenKuboView};
use crate::units::{Dimension as Q, Units};

/// A scale factor from reduced units and the unit's name, for one plotted quantity.
#[derive(Debug, Clone)]
struct Scaled {
    factor: f64,
    unit: String,
}

impl Scaled {
    /// `q` raised to `power` (e.g. momentum²), times `time_power` powers of time.
    fn of(units: Units, q: Q, power: i32, time_power: i32) -> Self {
        let factor = units.factor(q).powi(power) * units.factor(Q::Time).powi(time_power);
        let base = units.symbol(q);
        let base = if power == 1 {
            base.to_string()
        } else if base.contains(['/', '·']) {
            format!("({base})²")
        } else {
            format!("{base}²")
        };
        let unit = match time_power {
            0 => base,
            _ => format!("{base}·{}", units.symbol(Q::Time)),
        };
        Self { factor, unit }
    }
}

/// State of the plots panel.
#[derive(Debug, Clone)]
pub struct PlotsPanel {
    /// Show C(t)/C(0) instead of C(t).
    pub normalised: bool,
    /// The tab shown.
    pub tab: PlotsTab,
}

impl Default for PlotsPanel {
    fn default() -> Self {
        Self {
            normalised: true,
            tab: PlotsTab::Correlations,
        }
    }
}

impl PlotsPanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        ui.heading("Measurements");
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, PlotsTab::Correlations, "Correlations");
            ui.selectable_value(&mut self.tab, PlotsTab::Theory, "MD vs theory");
            if pc.snapshot.is_some_and(|s| s.body_axes.is_some()) {
                ui.selectable_value(&mut self.tab, PlotsTab::Rotation, "Rotation");
            }
        });
        let Some(a) = pc.analysis else {
            ui.label("not measured yet");
            return;
        };
        match self.tab {
            PlotsTab::Theory => return super::theory::theory_ui(ui, pc, a),
            PlotsTab::Rotation => return super::rotation::rotation_ui(ui, pc, a),
            PlotsTab::Correlations => {}
        }
        coefficients_ui(ui, pc, a);
        ui.separator();
        ui.checkbox(&mut self.normalised, "normalise C(t)/C(0)");
        let constrained = pc.snapshot.is_some_and(|s| s.settings.constrained);
        super::hover::title(ui, pc, "cpp", "Momentum autocorrelation (free particle)");
        if constrained {
            ui.label("P = 0 while the centre of mass is constrained: switch to free to measure γ");
        }
        green_kubo_plots(
            ui,
            pc,
            a.momentum.as_ref(),
            self.normalised,
            Q::Momentum,
            ("cpp", "⟨P(0)·P(t)⟩/3"),
            ("gpp", "γ(t) = ∫⟨P·P⟩/3 dt"),
        );
        super::hover::title(ui, pc, "cff", "Force autocorrelation (mean subtracted)");
        if !a.force_constrained {
            ui.label(
                "Free particle: this integral rises to ζk_BT and decays back to zero (the \
                 plateau problem). Switch to constrained to measure θ.",
            );
        }
        green_kubo_plots(
            ui,
            pc,
            a.force.as_ref(),
            self.normalised,
            Q::Force,
            ("cff", "⟨δF(0)·δF(t)⟩/3"),
            ("gff", "∫⟨δF·δF⟩/3 dt"),
        );
        ui.separator();
        let atoms = pc.snapshot.map_or(1, |s| s.positions.len().max(1));
        traces_ui(ui, pc, a, atoms, pc.units);
    }
}

/// A correlation function of `q` (squared) and, under it, its running Green–Kubo integral: the
/// (glossary id, name) of each.
fn green_kubo_plots(
    ui: &mut egui::Ui,
    pc: &PanelContext,
    g: Option<&GreenKuboView>,
    normalised: bool,
    q: Q,
    correlation: (&str, &str),
    integral: (&str, &str),
) {
    let u = pc.units;
    let (id, name) = correlation;
    correlation_plot(ui, id, g, normalised, name, u, Scaled::of(u, q, 2, 0));
    let (id, name) = integral;
    integral_plot(ui, pc, id, g, name, u, Scaled::of(u, q, 2, 1));
}

fn coefficients_ui(ui: &mut egui::Ui, pc: &PanelContext, a: &AnalysisSnapshot) {
    let st = pc.snapshot.map(|s| s.settings).unwrap_or_default();
    let u = pc.units;
    // A value with its error bar, converted to `u`.
    let conv = |q: Q, e: Option<Estimate>| e.map(|e| e.scale(u.factor(q)));
    egui::Grid::new("coefficients")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |id: &str, name: &str, value: String| {
                let hover = super::hover::text(id, pc);
                ui.label(watched_text(id, pc, name)).on_hover_text(&hover);
                let r = ui.label(value).on_hover_text(hover);
                ui.end_row();
                r
            };
            if st.has_nanoparticle {
                row("epsilon", "ε = m_h/m", format!("{:.4}", st.epsilon));
                row(
                    "mass",
                    &format!("m [{}]", u.symbol(Q::Mass)),
                    format!("{:.2}", u.convert(Q::Mass, st.mass)),
                );
            }
            row(
                "temperature_target",
                &format!("T target [{}]", u.symbol(Q::Temperature)),
                format!(
                    "{:.3}{}",
                    u.convert(Q::Temperature, st.temperature),
                    if st.thermostat {
                        ""
                    } else {
                        " (thermostat off)"
                    }
                ),
            );
            row(
                "beta",
                &match u.symbol(Q::Energy) {
                    e if e.contains('/') => format!("β = 1/k_BT [1/({e})]"),
                    e => format!("β = 1/k_BT [1/{e}]"),
                },
                format!("{:.3}", 1.0 / u.convert(Q::Energy, st.temperature)),
            );
            row(
                "temperature_measured",
                &format!("⟨T⟩ measured [{}]", u.symbol(Q::Temperature)),
                with_error(conv(Q::Temperature, a.temperature)),
            );
            if !st.has_nanoparticle {
                row(
                    "coefficients",
                    "coefficients",
                    "no nanoparticle in this scene".into(),
                );
                return;
            }
            let zeta = match (a.zeta(), a.force_constrained) {
                (Some(z), _) => with_error(conv(Q::Friction, Some(z))),
                (None, false) => "switch to constrained to measure θ".into(),
                (None, true) => MISSING.into(),
            };
            row(
                "zeta",
                &format!("ζ = β∫⟨δF·δF⟩/3 [{}]", u.symbol(Q::Friction)),
                zeta,
            );
            // τ_P = m/ζ with ζ measured; for a free particle, the momentum's correlation time
            // ∫C_PP/C_PP(0) = γ/(m k_BT) = m/ζ.
            let tau_p = a.tau_p();
            row(
                "tau_p",
                &format!("τ_P = m/ζ [{}]", u.symbol(Q::Time)),
                match tau_p {
                    Some(t) => with_error(conv(Q::Time, Some(t))),
                    None => "needs ζ or γ".into(),
                },
            );
            let tau_f = a.tau_f();
            row(
                "tau_f",
                &format!("τ_F = ∫C_FF/C_FF(0) [{}]", u.symbol(Q::Time)),
                match tau_f {
                    Some(t) => with_error(conv(Q::Time, Some(t))),
                    None => MISSING.into(),
                },
            );
            row(
                "tau_p_over_tau_f",
                "τ_P/τ_F (time-scale separation)",
                match (tau_p, tau_f) {
                    (Some(p), Some(f)) if f.mean > 0.0 => with_error(Some(p.ratio(f))),
                    _ => "needs τ_P and τ_F".into(),
                },
            );
            let d_unit = u.symbol(Q::Diffusion);
            let d_gamma = match a.d_gamma() {
                Some(d) => with_error(conv(Q::Diffusion, Some(d))),
                None if st.constrained => "switch to free to measure γ".into(),
                None => MISSING.into(),
            };
            row("d_gamma", &format!("D_γ = tr γ/(3m²) [{d_unit}]"), d_gamma);
            let d_theta = match (a.d_theta(), a.force_constrained) {
                (Some(d), _) => with_error(conv(Q::Diffusion, Some(d))),
                (None, false) => "switch to constrained to measure θ".into(),
                (None, true) => MISSING.into(),
            };
            row("d_theta", &format!("D_θ = k_BT/ζ [{d_unit}]"), d_theta);
            let eta = conv(Q::Viscosity, a.viscosity());
            row(
                "eta",
                &format!("η host (Green–Kubo) [{}]", u.symbol(Q::Viscosity)),
                match (eta, st.viscosity) {
                    (Some(_), _) => with_error(eta),
                    (None, true) => MISSING.into(),
                    (None, false) => "off (tick \"measure η\")".into(),
                },
            );
            if let Some(se) = a.report.stokes_einstein {
                let a_radius = format!(
                    "a = {:.2} {}",
                    u.convert(Q::Length, se.radius),
                    u.symbol(Q::Length)
                );
                row(
                    "d_se_slip",
                    &format!("D_SE slip, {a_radius} [{d_unit}]"),
                    with_error(conv(Q::Diffusion, Some(se.slip))),
                );
                row(
                    "d_se_stick",
                    &format!("D_SE stick [{d_unit}]"),
                    with_error(conv(Q::Diffusion, Some(se.stick))),
                );
            }
            if let Some(d) = a.d_gamma_infinite() {
                row(
                    "d_gamma_infinite",
                    &format!("D_γ∞ (Yeh–Hummer) [{d_unit}]"),
                    with_error(conv(Q::Diffusion, Some(d))),
                );
            }
        });
}

#[allow(clippy::too_many_arguments)]
fn correlation_plot(
    ui: &mut egui::Ui,
    id: &str,
    g: Option<&GreenKuboView>,
    normalised: bool,
    name: &str,
    units: Units,
    y: Scaled,
) {
    let Some(g) = g else {
        ui.label("not measured yet");
        return;
    };
    let r = &g.running;
    let n = g
        .running
        .shown_lags(g.plateau.as_ref().map(|p| p.cutoff_time));
    let c0 = r.isotropic_correlation.first().map_or(1.0, |e| e.mean);
    let scale = if normalised && c0 != 0.0 {
        1.0 / c0
    } else {
        y.factor
    };
    let tf = units.factor(Q::Time);
    let xs: Vec<f64> = r.times[..n].iter().map(|t| t * tf).collect();
    let ys: Vec<f64> = r.isotropic_correlation[..n]
        .iter()
        .map(|e| e.mean * scale)
        .collect();
    let y_label = if normalised {
        format!("{name} / C(0)")
    } else {
        format!("{name} [{}]", y.unit)
    };
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .x_grid_spacer(nice_grid_spacer())
        .x_axis_label(format!("lag t [{}]", units.symbol(Q::Time)))
        .y_axis_label(y_label)
        .allow_scroll(false)
        .show(ui, |p| {
            band(p, &xs, &r.isotropic_correlation[..n], scale);
            let pts: PlotPoints = xs.iter().zip(&ys).map(|(x, y)| [*x, *y]).collect();
            p.line(Line::new(name, pts).width(1.5));
            p.hline(HLine::new("0", 0.0).color(egui::Color32::from_gray(90)));
        });
}

fn integral_plot(
    ui: &mut egui::Ui,
    pc: &PanelContext,
    id: &str,
    g: Option<&GreenKuboView>,
    name: &str,
    units: Units,
    y: Scaled,
) {
    let Some(g) = g else {
        return;
    };
    let r = &g.running;
    let n = g
        .running
        .shown_lags(g.plateau.as_ref().map(|p| p.cutoff_time));
    let tf = units.factor(Q::Time);
    let t_unit = units.symbol(Q::Time);
    let xs: Vec<f64> = r.times[..n].iter().map(|t| t * tf).collect();
    let ys: Vec<[f64; 2]> = xs
        .iter()
        .zip(&r.isotropic_integral[..n])
        .map(|(x, e)| [*x, e.mean * y.factor])
        .collect();
    let plateau = match &g.plateau {
        Some(p) => format!(
            "plateau at t_c = {:.2} {t_unit}: {} {}{}",
            p.cutoff_time * tf,
            with_error(Some(p.value.isotropic.scale(y.factor))),
            y.unit,
            if p.converged {
                ""
            } else {
                "  (not converged: run longer)"
            }
        ),
        None => format!(
            "plateau: not measured yet (needs 2 blocks; {} so far)",
            g.blocks
        ),
    };
    // The line names the integral plotted below: its hover text and highlight are the plot's.
    ui.label(watched_text(id, pc, plateau))
        .on_hover_text(super::hover::text(id, pc));
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .x_grid_spacer(nice_grid_spacer())
        .x_axis_label(format!("cut-off t [{t_unit}]"))
        .y_axis_label(format!("{name} [{}]", y.unit))
        .legend(Legend::default().position(egui_plot::Corner::RightBottom))
        .allow_scroll(false)
        .show(ui, |p| {
            band(p, &xs, &r.isotropic_integral[..n], y.factor);
            p.line(Line::new("running integral", PlotPoints::from(ys)).width(1.5));
            if let Some(pl) = &g.plateau {
                p.vline(VLine::new("plateau cut-off", pl.cutoff_time * tf));
                p.hline(HLine::new(
                    "plateau value",
                    pl.value.isotropic.mean * y.factor,
                ));
            }
        });
}

fn traces_ui(ui: &mut egui::Ui, pc: &PanelContext, a: &AnalysisSnapshot, atoms: usize, u: Units) {
    let per = u.factor(Q::Energy) / atoms as f64;
    let (tf, temp, pres) = (
        u.factor(Q::Time),
        u.factor(Q::Temperature),
        u.factor(Q::Pressure),
    );
    super::hover::title(ui, pc, "traces-t", "Thermodynamics");
    if a.traces.len() < 2 {
        ui.label("not measured yet");
        return;
    }
    let series = |f: &dyn Fn(&crate::md::Thermo) -> f64| -> PlotPoints {
        a.traces.iter().map(|t| [t.time * tf, f(t)]).collect()
    };
    let t_label = format!("t [{}]", u.symbol(Q::Time));
    Plot::new("traces-t")
        .height(PLOT_HEIGHT)
        .x_grid_spacer(nice_grid_spacer())
        .x_axis_label(t_label.clone())
        .y_axis_label(format!(
            "T [{}], P [{}]",
            u.symbol(Q::Temperature),
            u.symbol(Q::Pressure)
        ))
        .legend(Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(Line::new("T", series(&|t| t.temperature * temp)));
            p.line(Line::new("P", series(&|t| t.pressure * pres)));
        });
    super::hover::title(ui, pc, "traces-e", "Energy per atom");
    Plot::new("traces-e")
        .height(PLOT_HEIGHT)
        .x_grid_spacer(nice_grid_spacer())
        .x_axis_label(t_label)
        .y_axis_label(format!("energy per atom [{}]", u.symbol(Q::Energy)))
        .legend(Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(Line::new("K/N", series(&|t| t.kinetic * per)));
            p.line(Line::new("U/N", series(&|t| t.potential * per)));
            p.line(Line::new("E/N", series(&|t| t.total() * per)));
        });
}
