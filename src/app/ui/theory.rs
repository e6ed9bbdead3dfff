//! The "MD vs theory" tab of the plots panel: each curve the MD nanoparticle traced beside what the
//! Fokker–Planck (Kramers) and Smoluchowski equations predict with the coefficients measured from
//! that same MD, and under each a z-score with a verdict in words. The comparisons restart with
//! the measurement (a change of ε, T, Δt or the thermostat). The plots panel ([`super::plots`])
//! shows it as its second tab; it is a file of its own because it is a panel of its own.

use bevy_egui::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

use super::PanelContext;
use super::widgets::{
    FOKKER_PLANCK, MD, PLOT_HEIGHT, SMOLUCHOWSKI, band, nice_grid_spacer, verdict, watched_text,
};
use crate::analysis::{Comparison, Estimate};
use crate::format::MISSING;
use crate::live::AnalysisSnapshot;
use crate::predict::Predictions;
use crate::units::{Dimension as Q, Units};

/// Draws the tab.
pub fn theory_ui(ui: &mut egui::Ui, pc: &PanelContext, a: &AnalysisSnapshot) {
    let p = &a.predictions;
    let u = pc.units;
    summary(ui, pc, p);
    if a.report.zeta_isotropic.is_none() {
        ui.label(
            "The predictions need the friction ζ of the held particle: tick \"constrained (θ)\" \
             until ζ has an error bar, then free the particle again (ζ is kept).",
        );
    }
    let t = &a.theory;
    if let Some(s) = &t.msd {
        super::hover::title(
            ui,
            pc,
            "theory-msd",
            "Mean squared displacement of R (log–log)",
        );
        let tf = u.factor(Q::Time);
        let lf2 = u.factor(Q::Length).powi(2);
        let log = |x: f64| x.max(1e-300).log10();
        // Lags > 0 with an MSD > 0 and an error bar (log axes).
        let keep: Vec<usize> = (0..s.x.len())
            .filter(|&i| s.x[i] > 0.0 && s.md[i].mean > 0.0 && s.md[i].sem.is_finite())
            .collect();
        let xs: Vec<f64> = keep.iter().map(|&i| log(s.x[i] * tf)).collect();
        // (egui_plot refuses bounds of zero width: wait for two lags.)
        if xs.len() < 2 {
            ui.label("not enough lags with error bars yet");
        } else {
            Plot::new("theory-msd")
                .height(PLOT_HEIGHT)
                .x_axis_label(format!("log₁₀ t [{}]", u.symbol(Q::Time)))
                .y_axis_label(format!("log₁₀ MSD [{}²]", u.symbol(Q::Length)))
                .legend(Legend::default().position(egui_plot::Corner::LeftTop))
                .allow_scroll(false)
                .show(ui, |plot| {
                    let md: PlotPoints = xs
                        .iter()
                        .zip(&keep)
                        .map(|(x, &i)| [*x, log(s.md[i].mean * lf2)])
                        .collect();
                    plot.line(Line::new("MD", md).color(MD).width(2.0));
                    let fp: PlotPoints = xs
                        .iter()
                        .zip(&keep)
                        .map(|(x, &i)| [*x, log(s.predicted[i] * lf2)])
                        .collect();
                    plot.line(Line::new("Fokker–Planck (OU)", fp).color(FOKKER_PLANCK));
                    if let Some(sm) = &s.second {
                        let pts: PlotPoints = xs
                            .iter()
                            .zip(&keep)
                            .map(|(x, &i)| [*x, log(sm[i] * lf2)])
                            .collect();
                        plot.line(
                            Line::new("Smoluchowski 6Dt", pts)
                                .color(SMOLUCHOWSKI)
                                .style(egui_plot::LineStyle::dashed_loose()),
                        );
                    }
                });
        }
        verdict(ui, p.msd_diffusion.as_ref(), "D_MSD vs k_BT/ζ");
    }
    if let Some(s) = &t.momentum {
        super::hover::title(
            ui,
            pc,
            "theory-cpp",
            "Momentum autocorrelation vs m k_BT e^{−t/τ_P}",
        );
        let tau_p = a.report.zeta_isotropic.map(|z| a.mass() / z.mean);
        series_plot(
            ui,
            "theory-cpp",
            s,
            u,
            Q::Momentum,
            2,
            "MD ⟨P_a(0)P_a(t)⟩",
            tau_p.map(|t| 8.0 * t),
        );
        verdict(ui, p.momentum_decay_time.as_ref(), "τ from ∫C/C(0) vs m/ζ");
    }
    if let Some(s) = &t.position {
        super::hover::title(
            ui,
            pc,
            "theory-cxx",
            "Trap: position autocorrelation vs the damped oscillator",
        );
        let pos = a
            .report
            .particle
            .as_ref()
            .and_then(|p| p.position)
            .map(|p| p.cutoff_time);
        series_plot(ui, "theory-cxx", s, u, Q::Length, 2, "MD ⟨δx(0)δx(t)⟩", pos);
        verdict(ui, p.position_relaxation_time.as_ref(), "τ_x vs ζ/k");
    }
    if let Some(r) = &p.transition_rate {
        super::hover::title(
            ui,
            pc,
            "theory-rates",
            "Double well: transitions between the wells",
        );
        let rate = |e: Estimate| {
            let f = 1.0 / u.factor(Q::Time);
            crate::format::estimate(e.mean * f, e.sem * f)
        };
        ui.label(format!(
            "{} committed transitions (βΔU = {:.2}); rates [1/{}]:",
            r.transitions,
            r.beta_barrier,
            u.symbol(Q::Time),
        ))
        .on_hover_text(super::hover::text("transitions", pc));
        for (id, name, value) in [
            ("rate_md", "MD", r.comparison.md),
            (
                "rate_fokker_planck",
                "Fokker–Planck",
                r.comparison.predicted,
            ),
            ("rate_smoluchowski", "Smoluchowski", r.smoluchowski),
            ("rate_kramers", "Kramers", r.kramers),
        ] {
            ui.label(format!("{name} {}", rate(value)))
                .on_hover_text(super::hover::text(id, pc));
        }
        verdict(ui, Some(&r.comparison), "MD rate vs Fokker–Planck");
    }
    let densities = [
        (
            "theory-x",
            "Stationary density of R_x",
            &t.x_density,
            Q::Length,
            "x",
            &p.stationary_density,
            "χ²/ν of R_x",
        ),
        (
            "theory-p",
            "Stationary density of P_x (Maxwell)",
            &t.p_density,
            Q::Momentum,
            "P_x",
            &p.stationary_momentum,
            "χ²/ν of P_x",
        ),
    ];
    for (id, title, series, q, name, comparison, what) in densities {
        if let Some(s) = series {
            super::hover::title(ui, pc, id, title);
            density_plot(ui, id, s, u.factor(q), name, u.symbol(q));
            verdict(ui, comparison.as_ref(), what);
        }
    }
}

/// One line per comparison: the key, z and the verdict, coloured.
fn summary(ui: &mut egui::Ui, pc: &PanelContext, p: &Predictions) {
    super::hover::title(ui, pc, "theory-summary", "The theory against the MD");
    let entries = p.entries();
    if entries.is_empty() {
        ui.label("No comparison yet: the MD needs a few error blocks (about 20 τ).");
        return;
    }
    egui::Grid::new("theory-summary")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (key, c) in entries {
                let name = key.replace('_', " ");
                ui.label(watched_text(key, pc, name))
                    .on_hover_text(super::hover::text(key, pc));
                ui.label(if c.z.is_finite() {
                    format!("z = {:+.2}", c.z)
                } else {
                    format!("z = {MISSING}")
                });
                let (text, colour) = if c.holds {
                    ("holds", egui::Color32::from_rgb(120, 210, 120))
                } else if c.z.is_finite() && c.z.abs() > Comparison::Z_MAX {
                    ("does not hold", egui::Color32::from_rgb(240, 120, 100))
                } else {
                    ("not yet", egui::Color32::from_rgb(220, 190, 90))
                };
                ui.colored_label(colour, text).on_hover_text(&c.why);
                ui.end_row();
            }
        });
}

#[allow(clippy::too_many_arguments)]
fn series_plot(
    ui: &mut egui::Ui,
    id: &str,
    s: &crate::predict::Series,
    u: Units,
    q: Q,
    power: i32,
    name: &str,
    until: Option<f64>,
) {
    if s.x.len() < 2 {
        ui.label("not enough lags yet");
        return;
    }
    let tf = u.factor(Q::Time);
    let yf = u.factor(q).powi(power);
    // The lags with error bars, up to `until` [τ] (a few decay times) when given.
    let n =
        s.x.iter()
            .zip(&s.md)
            .take_while(|(t, e)| e.sem.is_finite() && until.is_none_or(|u| **t <= u))
            .count()
            .max(2)
            .min(s.x.len());
    let xs: Vec<f64> = s.x.iter().map(|t| t * tf).collect();
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .x_grid_spacer(nice_grid_spacer())
        .x_axis_label(format!("lag t [{}]", u.symbol(Q::Time)))
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .allow_scroll(false)
        .show(ui, |plot| {
            band(plot, &xs[..n], &s.md[..n], yf);
            let md: PlotPoints = (0..n).map(|i| [xs[i], s.md[i].mean * yf]).collect();
            plot.line(Line::new(name, md).color(MD).width(2.0));
            let fp: PlotPoints = (0..n).map(|i| [xs[i], s.predicted[i] * yf]).collect();
            plot.line(Line::new("Fokker–Planck", fp).color(FOKKER_PLANCK));
        });
}

fn density_plot(
    ui: &mut egui::Ui,
    id: &str,
    s: &crate::predict::Series,
    f: f64,
    name: &str,
    unit: &str,
) {
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .x_axis_label(format!("{name} [{unit}]"))
        .include_y(0.0)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .allow_scroll(false)
        .show(ui, |plot| {
            let xs: Vec<f64> = s.x.iter().map(|x| x * f).collect();
            band(plot, &xs, &s.md, 1.0 / f);
            let md: Vec<[f64; 2]> = xs
                .iter()
                .zip(&s.md)
                .map(|(x, e)| [*x, e.mean / f])
                .collect();
            plot.points(Points::new("MD histogram", md).color(MD).radius(2.5));
            let pred: PlotPoints = xs
                .iter()
                .zip(&s.predicted)
                .map(|(x, y)| [*x, y / f])
                .collect();
            plot.line(Line::new("stationary W̃", pred).color(FOKKER_PLANCK));
        });
}
