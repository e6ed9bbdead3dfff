//! The density pane: the coarse-grained density W̃(Φ, Π) of the Fokker–Planck equation beside the
//! MD nanoparticle's own (Φ_x, Π_x) point and recent path, drawn as a viridis heatmap under the
//! path, with a colorbar and the two marginals beside it. The Smoluchowski density W̃(R) of the
//! same friction, at the same coarse-grained time, is drawn over the Fokker–Planck marginal W̃(Φ):
//! the two levels of coarse-graining side by side.
//!
//! The pane only draws: the densities run on their own thread, owned by
//! [`crate::app::coarse::CoarsePlugin`], which also records the MD path; the pane reads their
//! newest copies from the [`PanelContext`] and asks for a start, a clear, a rate as
//! [`CoarseRequest`]s.

use std::collections::VecDeque;

use bevy_egui::egui;
use egui_plot::{Heatmap, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points};

use super::PanelContext;
use super::widgets::{FOKKER_PLANCK, MD, SMOLUCHOWSKI};
use crate::app::coarse::{CoarseRequest, DensityGrid};
use crate::coarse::viridis;
use crate::live::coarse_worker::{CoarseDensity, Friction, Start};
use crate::units::{Dimension as Q, Units};

/// State of the density pane: what it asks of the coarse-grained densities.
#[derive(Debug)]
pub struct DensityPane {
    /// Coarse-grained time per second of wall time [τ/s] (the machine may cap it).
    pub cg_rate: f64,
    /// Start the density by itself this way as soon as a friction has been measured (once).
    pub auto_start: Option<AutoStart>,
}

/// How the density pane may start by itself (`multiscope open --density …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoStart {
    /// From equilibrium.
    Equilibrium,
    /// From the nanoparticle's (Φ, Π) at that moment.
    Nanoparticle,
}

impl Default for DensityPane {
    fn default() -> Self {
        Self {
            cg_rate: 20.0,
            auto_start: None,
        }
    }
}

impl DensityPane {
    /// A pane that starts the density by itself, as `auto_start` says, once it can.
    pub fn with_auto_start(auto_start: Option<AutoStart>) -> Self {
        Self {
            auto_start,
            ..Self::default()
        }
    }

    /// Asks for a density from `start` at the pane's rate.
    fn start(&self, pc: &mut PanelContext, friction: Friction, start: Start) {
        pc.coarse_requests.0.push(CoarseRequest::Start {
            friction,
            start,
            rate: self.cg_rate,
        });
    }

    /// The buttons, the rate and the solver's state.
    fn controls(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        let kt = pc.snapshot.map_or(1.0, |s| s.settings.temperature);
        let friction = pc.analysis.and_then(|a| Friction::from_analysis(a, kt));
        let running_density = pc.coarse.density.is_some();
        ui.horizontal_wrapped(|ui| {
            let ok = friction.is_some();
            let point = pc.snapshot.map(|s| Start::Point {
                phi: s.order.phi[0],
                pi_: s.order.pi_[0],
            });
            if ui
                .add_enabled(ok, egui::Button::new("start at MD (Φ, Π)"))
                .on_hover_text("a narrow density at the nanoparticle's current (Φ_x, Π_x)")
                .clicked()
                && let (Some(f), Some(p)) = (friction, point)
            {
                self.start(pc, f, p);
            }
            if ui
                .add_enabled(ok, egui::Button::new("start at equilibrium"))
                .on_hover_text("the Boltzmann–Maxwell density of the scene's field")
                .clicked()
                && let Some(f) = friction
            {
                self.start(pc, f, Start::Equilibrium);
            }
            if let (Some(auto), Some(f), Some(p)) = (self.auto_start, friction, point) {
                self.auto_start = None;
                match auto {
                    AutoStart::Equilibrium => self.start(pc, f, Start::Equilibrium),
                    AutoStart::Nanoparticle => self.start(pc, f, p),
                }
            }
            if !ok {
                ui.label(
                    egui::RichText::new("needs ζ or D — measure first")
                        .color(egui::Color32::from_rgb(240, 200, 90)),
                );
            }
            if running_density {
                let mut running = pc.coarse.running;
                if ui.checkbox(&mut running, "run").changed() {
                    pc.coarse_requests
                        .0
                        .push(CoarseRequest::SetRunning(running));
                }
                ui.spacing_mut().slider_width = 80.0;
                let r = ui
                    .add(
                        egui::Slider::new(&mut self.cg_rate, 1.0..=10000.0)
                            .logarithmic(true)
                            .text("τ_CG/s"),
                    )
                    .on_hover_text(
                        "coarse-grained time per second of wall time (the solver runs on its \
                         own thread; a slow machine caps it)",
                    );
                if r.changed() {
                    pc.coarse_requests
                        .0
                        .push(CoarseRequest::SetRate(self.cg_rate));
                }
                if ui.button("clear").clicked() {
                    pc.coarse_requests.0.push(CoarseRequest::Clear);
                }
            }
        });
        if let Some(e) = &pc.coarse.error {
            ui.label(egui::RichText::new(e).color(egui::Color32::from_rgb(255, 120, 100)));
        }
        if pc.coarse.running && running_density {
            ui.ctx().request_repaint();
        }
        if let Some(c) = &pc.coarse.density {
            values(ui, pc, c);
        }
    }

    /// Draws the pane.
    pub fn ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        ui.horizontal(|ui| {
            super::hover::title(ui, pc, "phase-plane", "Phase plane (Φ_x, Π_x)");
            ui.label(
                egui::RichText::new(
                    "colour: Fokker–Planck W(Φ, Π) · blue: MD path · orange: MD now",
                )
                .small(),
            );
        });
        if pc.snapshot.is_some_and(|s| s.n_star == 0) {
            ui.label("This scene has no nanoparticle: there is no (Φ, Π) to show.");
            return;
        }
        self.controls(ui, pc);
        let coarse = pc.coarse.density.as_ref();
        // The visible width (a ui's max rect grows when a row overflows, the clip rect does not).
        let full_w = (ui.clip_rect().right() - ui.cursor().left()).max(200.0);
        let side = if coarse.is_some() {
            230.0f32.min(0.3 * full_w)
        } else {
            0.0
        };
        let height = ui.available_height().max(80.0);
        ui.horizontal(|ui| {
            let main_w = if coarse.is_some() {
                (full_w - side - 60.0).max(100.0)
            } else {
                full_w
            };
            let u = pc.units;
            let grid = pc.coarse.grid.as_ref();
            phase_plane(ui, pc.phase_path.points(), grid, main_w, height, u);
            if let Some(d) = grid {
                let max = d.values.iter().cloned().fold(0.0f64, f64::max);
                colorbar(
                    ui,
                    max / (u.factor(Q::Length) * u.factor(Q::Momentum)),
                    height,
                );
            }
            if let Some(c) = coarse {
                let md = pc.analysis.zip(pc.snapshot).map(|(a, s)| MdHistograms {
                    theory: &a.theory,
                    scale: s.settings.epsilon.max(0.0).sqrt(),
                });
                let hover = format!(
                    "{}\n\n{}",
                    super::hover::text("marginal-phi", pc),
                    super::hover::text("marginal-pi", pc)
                );
                ui.vertical(|ui| marginals(ui, c, md, side, height, u, hover));
            }
        });
    }
}

/// The running density's time, friction, diffusion coefficient and Fokker–Planck–Smoluchowski
/// gap, each with its hover text.
fn values(ui: &mut egui::Ui, pc: &PanelContext, c: &CoarseDensity) {
    let f = c.friction;
    let tau_p = pc.snapshot.map_or(f64::NAN, |s| s.settings.mass / f.zeta);
    let u = pc.units;
    let values = [
        (
            "t_cg",
            format!(
                "t_CG = {:.1} {} = {:.0} τ_P",
                u.convert(Q::Time, c.time()),
                u.symbol(Q::Time),
                c.time() / tau_p
            ),
        ),
        (
            "density_zeta",
            format!(
                "ζ = {:.1} {}",
                u.convert(Q::Friction, f.zeta),
                u.symbol(Q::Friction)
            ),
        ),
        (
            "density_d",
            format!(
                "D = {:.5} {}",
                u.convert(Q::Diffusion, f.diffusion),
                u.symbol(Q::Diffusion)
            ),
        ),
        (
            "density_gap",
            format!("∫|W_FP − W_S| = {:.3}", c.marginal_gap()),
        ),
    ];
    let source = format!("{}\nΣ W ΔΦ ΔΠ = {:.12}", f.source.describe(), c.mass());
    ui.horizontal(|ui| {
        for (id, text) in values {
            ui.label(super::widgets::watched_text(id, pc, text))
                .on_hover_text(format!("{}\n{source}", super::hover::text(id, pc)));
        }
    });
}

/// The heatmap, the MD path and point, in `units` (Φ is a length, Π a momentum).
fn phase_plane(
    ui: &mut egui::Ui,
    path: &VecDeque<[f64; 2]>,
    grid: Option<&DensityGrid>,
    width: f32,
    height: f32,
    units: Units,
) {
    let (lf, pf) = (units.factor(Q::Length), units.factor(Q::Momentum));
    // A held or paused particle traces one point: without a heatmap the bounds would have no
    // width, which egui_plot refuses (it panics). Always include a window around the point.
    let (cx, cy) = path.back().map_or((0.0, 0.0), |p| (p[0], p[1]));
    Plot::new("phase-plane")
        .width(width)
        .height(height)
        .include_x(lf * (cx - 0.5))
        .include_x(lf * (cx + 0.5))
        .include_y(pf * (cy - 1.0))
        .include_y(pf * (cy + 1.0))
        .x_axis_label(format!("Φ_x = ε^½ R_x [{}]", units.symbol(Q::Length)))
        .y_axis_label(format!("Π_x = ε^½ P_x [{}]", units.symbol(Q::Momentum)))
        .allow_scroll(false)
        .show(ui, |p| {
            if let Some(d) = grid
                && d.cols > 0
                && d.values.len() >= d.cols
            {
                let rows = d.values.len() / d.cols;
                let dx = lf
                    * if d.cols > 1 {
                        (d.phi.1 - d.phi.0) / (d.cols - 1) as f64
                    } else {
                        1.0
                    };
                let dy = pf
                    * if rows > 1 {
                        (d.pi_.1 - d.pi_.0) / (rows - 1) as f64
                    } else {
                        1.0
                    };
                let max = d.values.iter().cloned().fold(0.0f64, f64::max);
                let scale = if max > 0.0 { 1.0 / max } else { 0.0 };
                p.add(
                    Heatmap::new(d.values[..rows * d.cols].to_vec(), d.cols)
                        .at(PlotPoint::new(
                            lf * d.phi.0 - 0.5 * dx,
                            pf * d.pi_.0 - 0.5 * dy,
                        ))
                        .tile_size(dx as f32, dy as f32)
                        .show_labels(false)
                        .custom_mapping(Box::new(move |v| viridis_color(v * scale)))
                        .name(d.label.clone()),
                );
            }
            if path.len() >= 2 {
                let pts: PlotPoints = path.iter().map(|p| [lf * p[0], pf * p[1]]).collect();
                p.line(
                    Line::new("MD path", pts)
                        .color(egui::Color32::from_rgb(120, 170, 255))
                        .width(1.0),
                );
            }
            if let Some(last) = path.back() {
                p.points(
                    Points::new("MD now", vec![[lf * last[0], pf * last[1]]])
                        .shape(MarkerShape::Circle)
                        .radius(4.0)
                        .color(egui::Color32::from_rgb(255, 150, 40)),
                );
            }
        });
}

fn viridis_color(v: f64) -> egui::Color32 {
    let [r, g, b] = viridis(v);
    egui::Color32::from_rgb(r, g, b)
}

/// A vertical viridis strip from 0 (bottom) to `max` (top), with its two ends labelled.
fn colorbar(ui: &mut egui::Ui, max: f64, height: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(34.0, height), egui::Sense::hover());
    let bar = egui::Rect::from_min_max(
        egui::pos2(rect.min.x + 2.0, rect.min.y + 14.0),
        egui::pos2(rect.min.x + 12.0, rect.max.y - 14.0),
    );
    let painter = ui.painter_at(rect);
    let n = 32;
    for k in 0..n {
        let t0 = k as f32 / n as f32;
        let t1 = (k + 1) as f32 / n as f32;
        let r = egui::Rect::from_min_max(
            egui::pos2(bar.min.x, bar.max.y - t1 * bar.height()),
            egui::pos2(bar.max.x, bar.max.y - t0 * bar.height()),
        );
        painter.rect_filled(r, 0.0, viridis_color(f64::from(t0 + 0.5 / n as f32)));
    }
    let font = egui::FontId::proportional(10.0);
    let text = ui.visuals().text_color();
    painter.text(
        egui::pos2(rect.min.x, rect.min.y),
        egui::Align2::LEFT_TOP,
        format!("{max:.2}"),
        font.clone(),
        text,
    );
    painter.text(
        egui::pos2(rect.min.x, rect.max.y),
        egui::Align2::LEFT_BOTTOM,
        "0",
        font,
        text,
    );
}

/// The MD's own histograms of R_x and P_x, to overlay on the marginals in the scaled variables
/// Φ = ε^{1/2}R, Π = ε^{1/2}P.
struct MdHistograms<'a> {
    theory: &'a crate::predict::PredictionCurves,
    /// ε^{1/2}.
    scale: f64,
}

impl MdHistograms<'_> {
    /// Points (f·Φ, W/f) of a histogram of R or P [1/unit], in the scaled variable.
    fn points(&self, s: Option<&crate::predict::Series>, f: f64) -> Option<Vec<[f64; 2]>> {
        let s = s?;
        let k = self.scale;
        (k > 0.0).then(|| {
            s.x.iter()
                .zip(&s.md)
                .filter(|(_, e)| e.mean > 0.0)
                .map(|(x, e)| [f * k * x, e.mean / (k * f)])
                .collect()
        })
    }
}

/// The marginals W̃(Φ) and W̃(Π) as two small line plots; the Smoluchowski density (dashed) over
/// the first, and the MD's own histograms (points) over both. Each is drawn only where it holds
/// probability, so a narrow density is not a spike against a whole box of zeros.
fn marginals(
    ui: &mut egui::Ui,
    c: &CoarseDensity,
    md: Option<MdHistograms<'_>>,
    width: f32,
    height: f32,
    units: Units,
    hover: String,
) {
    let md_phi = md
        .as_ref()
        .and_then(|m| m.points(m.theory.x_density.as_ref(), units.factor(Q::Length)));
    let md_pi = md
        .as_ref()
        .and_then(|m| m.points(m.theory.p_density.as_ref(), units.factor(Q::Momentum)));
    let k = c.solver();
    let h = (0.5 * height - 14.0).max(40.0);
    let (lf, pf) = (units.factor(Q::Length), units.factor(Q::Momentum));
    let fp_phi = k.marginal_x();
    let smol_phi = c.smoluchowski_in_phi();
    let support = support(&[&fp_phi, &smol_phi]);
    // A density in x [1/x], with x scaled by `f`: points (f·x, W/f).
    let line = |grid: &crate::coarse::Grid1d, m: &[f64], range: (usize, usize), f: f64| {
        (range.0..range.1)
            .map(|i| [f * grid.centre(i), m[i] / f])
            .collect::<PlotPoints>()
    };
    // One line (truncated, full text on hover): the plots below are sized to what is left, and a
    // wrapped label would make the pane grow frame after frame.
    let legend = "green: Fokker–Planck W(Φ) · pink dashed: Smoluchowski W(R) · blue: MD histogram";
    ui.add(egui::Label::new(egui::RichText::new(legend).small()).truncate())
        .on_hover_text(format!("{legend}\n\n{hover}"));
    let size = (width, h);
    marginal_plot("marginal-phi", "Φ_x", Q::Length, units, size).show(ui, |p| {
        p.line(
            Line::new("Fokker–Planck W(Φ)", line(k.x_grid(), &fp_phi, support, lf))
                .color(FOKKER_PLANCK),
        );
        p.line(
            Line::new(
                "Smoluchowski W(R)",
                line(k.x_grid(), &smol_phi, support, lf),
            )
            .color(SMOLUCHOWSKI)
            .style(egui_plot::LineStyle::dashed_loose()),
        );
        md_points(p, md_phi);
    });
    let fp_pi = k.marginal_y();
    let support = support_of(&fp_pi);
    marginal_plot("marginal-pi", "Π_x", Q::Momentum, units, size).show(ui, |p| {
        p.line(
            Line::new("W(Π)", line(k.y_grid(), &fp_pi, support, pf))
                .color(egui::Color32::from_rgb(200, 160, 90)),
        );
        md_points(p, md_pi);
    });
}

/// One of the two small marginal plots, of `size` (width, height), over `name`, a `q` in `units`;
/// its y axis from 0.
fn marginal_plot(id: &str, name: &str, q: Q, units: Units, size: (f32, f32)) -> Plot<'static> {
    Plot::new(id)
        .width(size.0)
        .height(size.1)
        .x_axis_label(format!("{name} [{}]", units.symbol(q)))
        .include_y(0.0)
        .allow_scroll(false)
}

/// The MD's own histogram over a marginal, when there is one.
fn md_points(p: &mut egui_plot::PlotUi, points: Option<Vec<[f64; 2]>>) {
    if let Some(pts) = points {
        p.points(Points::new("MD histogram", pts).color(MD).radius(1.5));
    }
}

/// The cell range where any of `series` exceeds 10⁻³ of its maximum, widened by a quarter of its
/// width on each side (the whole range if nothing does).
fn support(series: &[&[f64]]) -> (usize, usize) {
    let n = series.iter().map(|s| s.len()).min().unwrap_or(0);
    let mut lo = n;
    let mut hi = 0;
    for s in series {
        let (a, b) = support_of(&s[..n]);
        if a < b {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    if lo >= hi {
        return (0, n);
    }
    let pad = ((hi - lo) / 4).max(2);
    (lo.saturating_sub(pad), (hi + pad).min(n))
}

/// The cell range where `s` exceeds 10⁻³ of its maximum.
fn support_of(s: &[f64]) -> (usize, usize) {
    let max = s.iter().cloned().fold(0.0f64, f64::max);
    if max <= 0.0 {
        return (0, s.len());
    }
    let above = |v: &f64| *v > 1e-3 * max;
    let lo = s.iter().position(above).unwrap_or(0);
    let hi = s.iter().rposition(above).map_or(s.len(), |i| i + 1);
    (lo, hi)
}
