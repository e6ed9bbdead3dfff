//! The density pane: the coarse-grained density W̃(Φ, Π) of the Fokker–Planck equation beside the
//! MD nanoparticle's own (Φ_x, Π_x) point and recent path. The density comes from a
//! [`CoarseDensity`] (a Kramers solver with the measured friction), started from equilibrium or
//! from the nanoparticle's current point and advanced on its own thread ([`CoarseWorker`]) at the
//! rate the pane sets; each frame draws the newest copy. It is drawn
//! as a viridis heatmap under the path, with a colorbar and the two marginals beside it. The
//! Smoluchowski density W̃(R) of the same friction, at the same coarse-grained time, is drawn over
//! the Fokker–Planck marginal W̃(Φ): the two levels of coarse-graining side by side.

use std::collections::VecDeque;

use bevy_egui::egui;
use egui_plot::{Heatmap, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points};

use super::PanelContext;
use crate::coarse::viridis;
use crate::live::coarse_worker::{CoarseDensity, CoarseWorker, Friction, Start};
use crate::units::{Dimension as Q, Units};

/// A density on a regular (Φ, Π) grid, row-major with Φ varying fastest.
#[derive(Debug, Clone, PartialEq)]
pub struct DensityGrid {
    /// Φ range of the grid [σ]: (first cell centre, last cell centre).
    pub phi: (f64, f64),
    /// Π range of the grid [m̂σ/τ]: (first cell centre, last cell centre).
    pub pi_: (f64, f64),
    /// Cells along Φ.
    pub cols: usize,
    /// W̃ at each cell [1/(σ · m̂σ/τ)], `rows × cols` values.
    pub values: Vec<f64>,
    /// What the density is (e.g. "Fokker–Planck, t = 3 τ").
    pub label: String,
}

/// State of the density pane.
#[derive(Debug)]
pub struct DensityPane {
    run_id: u64,
    last_step: u64,
    /// Recent (Φ_x, Π_x) of the MD nanoparticle, oldest first.
    path: VecDeque<[f64; 2]>,
    /// Points kept in the path.
    pub path_len: usize,
    /// The coarse-grained density to show, when a solver provides one.
    pub density: Option<DensityGrid>,
    /// The newest copy of the running densities.
    pub coarse: Option<CoarseDensity>,
    /// The thread that advances them (started with the first density).
    worker: Option<CoarseWorker>,
    /// Coarse-grained time per second of wall time [τ/s] (the machine may cap it).
    pub cg_rate: f64,
    /// Whether the coarse-grained time runs.
    pub cg_running: bool,
    /// Why the last start or step of the solver failed.
    pub cg_error: Option<String>,
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
            run_id: 0,
            last_step: u64::MAX,
            path: VecDeque::new(),
            path_len: 2000,
            density: None,
            coarse: None,
            worker: None,
            cg_rate: 20.0,
            cg_running: true,
            cg_error: None,
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

    /// The series this pane plots, for the CSV export.
    pub fn series(&mut self) -> crate::live::export::PhasePlaneSeries<'_> {
        crate::live::export::PhasePlaneSeries {
            path: self.path.make_contiguous(),
            density: self.coarse.as_ref(),
        }
    }

    /// Drops the density (and stops its worker's work).
    pub fn clear(&mut self) {
        if let Some(w) = &self.worker {
            w.clear();
        }
        self.coarse = None;
        self.density = None;
    }

    /// Records the newest MD point (once per MD step shown).
    fn record(&mut self, pc: &PanelContext) {
        let Some(s) = pc.snapshot else {
            return;
        };
        if s.run_id != self.run_id {
            self.run_id = s.run_id;
            self.path.clear();
            self.last_step = u64::MAX;
        }
        if s.n_star == 0 || s.step == self.last_step {
            return;
        }
        self.last_step = s.step;
        self.path.push_back([s.order.phi[0], s.order.pi_[0]]);
        while self.path.len() > self.path_len.max(2) {
            self.path.pop_front();
        }
    }

    /// Starts the solver from `start` (or records why it could not).
    fn start(&mut self, pc: &PanelContext, friction: Friction, start: Start) {
        let Some(s) = pc.snapshot else {
            return;
        };
        match CoarseDensity::new(s, friction, start) {
            Ok(c) => {
                let rate = self.cg_rate;
                let worker = self.worker.get_or_insert_with(|| CoarseWorker::spawn(rate));
                worker.start(c.clone());
                worker.set_running(true);
                self.coarse = Some(c);
                self.cg_error = None;
                self.cg_running = true;
            }
            Err(e) => {
                self.coarse = None;
                self.cg_error = Some(e.to_string());
            }
        }
        self.refresh_density();
    }

    /// Copies the solver's density into [`Self::density`].
    fn refresh_density(&mut self) {
        self.density = self.coarse.as_ref().map(|c| {
            let k = c.solver();
            let (x, y) = (k.x_grid(), k.y_grid());
            DensityGrid {
                phi: (x.centre(0), x.centre(x.len() - 1)),
                pi_: (y.centre(0), y.centre(y.len() - 1)),
                cols: x.len(),
                values: k.density().to_vec(),
                label: format!("Fokker–Planck, t_CG = {:.1} τ", c.time()),
            }
        });
    }

    /// The buttons, the rate and the solver's state; advances the solver by this frame's slice.
    fn controls(&mut self, ui: &mut egui::Ui, pc: &PanelContext) {
        let kt = pc.snapshot.map_or(1.0, |s| s.settings.temperature);
        let friction = pc.analysis.and_then(|a| Friction::from_analysis(a, kt));
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
            if self.coarse.is_some() {
                if ui.checkbox(&mut self.cg_running, "run").changed()
                    && let Some(w) = &self.worker
                {
                    w.set_running(self.cg_running);
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
                if r.changed()
                    && let Some(w) = &self.worker
                {
                    w.set_rate(self.cg_rate);
                }
                if ui.button("clear").clicked() {
                    self.clear();
                }
            }
        });
        if let Some(e) = &self.cg_error {
            ui.label(egui::RichText::new(e).color(egui::Color32::from_rgb(255, 120, 100)));
        }
        if let Some(report) = self.worker.as_ref().and_then(CoarseWorker::take) {
            if let Some(e) = report.error {
                self.cg_error = Some(e);
                self.cg_running = false;
            }
            self.coarse = report.density;
            self.refresh_density();
        }
        if self.cg_running && self.coarse.is_some() {
            ui.ctx().request_repaint();
        }
        if let Some(c) = &self.coarse {
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
                    let text = if super::hover::watched(id, pc) {
                        egui::RichText::new(format!("▶ {text}")).color(super::hover::WATCH_COLOUR)
                    } else {
                        egui::RichText::new(text)
                    };
                    ui.label(text)
                        .on_hover_text(format!("{}\n{source}", super::hover::text(id, pc)));
                }
            });
        }
    }

    /// Draws the pane.
    pub fn ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        self.record(pc);
        if let Some(s) = pc.snapshot
            && self.coarse.as_ref().is_some_and(|c| c.run_id != s.run_id)
        {
            // A new system (scene, reset, ε): the old density belongs to another box.
            self.clear();
        }
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
        // The visible width (a ui's max rect grows when a row overflows, the clip rect does not).
        let full_w = (ui.clip_rect().right() - ui.cursor().left()).max(200.0);
        let side = if self.coarse.is_some() {
            230.0f32.min(0.3 * full_w)
        } else {
            0.0
        };
        let height = ui.available_height().max(80.0);
        ui.horizontal(|ui| {
            let main_w = if self.coarse.is_some() {
                (full_w - side - 60.0).max(100.0)
            } else {
                full_w
            };
            let u = pc.units;
            self.phase_plane(ui, main_w, height, u);
            if let Some(d) = &self.density {
                let max = d.values.iter().cloned().fold(0.0f64, f64::max);
                colorbar(
                    ui,
                    max / (u.factor(Q::Length) * u.factor(Q::Momentum)),
                    height,
                );
            }
            if let Some(c) = &self.coarse {
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

    /// The heatmap, the MD path and point, in `units` (Φ is a length, Π a momentum).
    fn phase_plane(&self, ui: &mut egui::Ui, width: f32, height: f32, units: Units) {
        let (lf, pf) = (units.factor(Q::Length), units.factor(Q::Momentum));
        // A held or paused particle traces one point: without a heatmap the bounds would have no
        // width, which egui_plot refuses (it panics). Always include a window around the point.
        let (cx, cy) = self.path.back().map_or((0.0, 0.0), |p| (p[0], p[1]));
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
                if let Some(d) = &self.density
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
                if self.path.len() >= 2 {
                    let pts: PlotPoints =
                        self.path.iter().map(|p| [lf * p[0], pf * p[1]]).collect();
                    p.line(
                        Line::new("MD path", pts)
                            .color(egui::Color32::from_rgb(120, 170, 255))
                            .width(1.0),
                    );
                }
                if let Some(last) = self.path.back() {
                    p.points(
                        Points::new("MD now", vec![[lf * last[0], pf * last[1]]])
                            .shape(MarkerShape::Circle)
                            .radius(4.0)
                            .color(egui::Color32::from_rgb(255, 150, 40)),
                    );
                }
            });
    }
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
    let md_colour = egui::Color32::from_rgb(110, 170, 255);
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
    Plot::new("marginal-phi")
        .width(width)
        .height(h)
        .x_axis_label(format!("Φ_x [{}]", units.symbol(Q::Length)))
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(
                Line::new("Fokker–Planck W(Φ)", line(k.x_grid(), &fp_phi, support, lf))
                    .color(egui::Color32::from_rgb(120, 200, 120)),
            );
            p.line(
                Line::new(
                    "Smoluchowski W(R)",
                    line(k.x_grid(), &smol_phi, support, lf),
                )
                .color(egui::Color32::from_rgb(230, 120, 230))
                .style(egui_plot::LineStyle::dashed_loose()),
            );
            if let Some(pts) = md_phi {
                p.points(
                    Points::new("MD histogram", pts)
                        .color(md_colour)
                        .radius(1.5),
                );
            }
        });
    let fp_pi = k.marginal_y();
    let support = support_of(&fp_pi);
    Plot::new("marginal-pi")
        .width(width)
        .height(h)
        .x_axis_label(format!("Π_x [{}]", units.symbol(Q::Momentum)))
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(
                Line::new("W(Π)", line(k.y_grid(), &fp_pi, support, pf))
                    .color(egui::Color32::from_rgb(200, 160, 90)),
            );
            if let Some(pts) = md_pi {
                p.points(
                    Points::new("MD histogram", pts)
                        .color(md_colour)
                        .radius(1.5),
                );
            }
        });
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
