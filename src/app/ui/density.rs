//! The density pane: the coarse-grained density W̃(Φ, Π) of the Fokker–Planck equation beside the
//! MD nanoparticle's own (Φ_x, Π_x) point and recent path. Until the coarse solver is connected
//! the pane says so and shows only the measured path; a solver's grid plugs in through
//! [`DensityPane::density`] and is drawn as a heatmap under the path.

use std::collections::VecDeque;

use bevy_egui::egui;
use egui_plot::{Heatmap, Legend, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points};

use super::PanelContext;

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
#[derive(Debug, Clone)]
pub struct DensityPane {
    run_id: u64,
    last_step: u64,
    /// Recent (Φ_x, Π_x) of the MD nanoparticle, oldest first.
    path: VecDeque<[f64; 2]>,
    /// Points kept in the path.
    pub path_len: usize,
    /// The coarse-grained density to show, when a solver provides one.
    pub density: Option<DensityGrid>,
}

impl Default for DensityPane {
    fn default() -> Self {
        Self {
            run_id: 0,
            last_step: u64::MAX,
            path: VecDeque::new(),
            path_len: 2000,
            density: None,
        }
    }
}

impl DensityPane {
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

    /// Draws the pane.
    pub fn ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        self.record(pc);
        ui.label(egui::RichText::new("Phase plane (Φ_x, Π_x)   m_h = host-atom mass").strong());
        match &self.density {
            Some(d) => ui.label(format!("density: {}", d.label)),
            None => ui.label(
                egui::RichText::new(
                    "Fokker–Planck density not connected to the app yet: W(Φ, Π) will be drawn \
                     here. Shown now: the MD nanoparticle's own path.",
                )
                .color(egui::Color32::from_rgb(240, 200, 90)),
            ),
        };
        if pc.snapshot.is_some_and(|s| s.n_star == 0) {
            ui.label("This scene has no nanoparticle: there is no (Φ, Π) to show.");
            return;
        }
        Plot::new("phase-plane")
            .x_axis_label("Φ_x = ε^½ R_x [σ]")
            .y_axis_label("Π_x = ε^½ P_x [m_hσ/τ]")
            .legend(Legend::default())
            .allow_scroll(false)
            .show(ui, |p| {
                if let Some(d) = &self.density
                    && d.cols > 0
                    && d.values.len() >= d.cols
                {
                    let rows = d.values.len() / d.cols;
                    let dx = if d.cols > 1 {
                        (d.phi.1 - d.phi.0) / (d.cols - 1) as f64
                    } else {
                        1.0
                    };
                    let dy = if rows > 1 {
                        (d.pi_.1 - d.pi_.0) / (rows - 1) as f64
                    } else {
                        1.0
                    };
                    p.add(
                        Heatmap::new(d.values[..rows * d.cols].to_vec(), d.cols)
                            .at(PlotPoint::new(d.phi.0 - 0.5 * dx, d.pi_.0 - 0.5 * dy))
                            .tile_size(dx as f32, dy as f32)
                            .show_labels(false)
                            .name("W(Φ, Π)"),
                    );
                }
                if self.path.len() >= 2 {
                    let pts: PlotPoints = self.path.iter().copied().collect();
                    p.line(
                        Line::new("MD path", pts)
                            .color(egui::Color32::from_rgb(120, 170, 255))
                            .width(1.0),
                    );
                }
                if let Some(last) = self.path.back() {
                    p.points(
                        Points::new("MD now", vec![*last])
                            .shape(MarkerShape::Circle)
                            .radius(4.0)
                            .color(egui::Color32::from_rgb(255, 150, 40)),
                    );
                }
            });
    }
}
