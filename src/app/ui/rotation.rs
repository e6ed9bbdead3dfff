//! The "Rotation" tab of the plots panel, shown for a rigid nanoparticle: its rotational
//! diffusion D_r measured the two ways of docs/physics.md, "Rotation as an order parameter"
//! (from the free body's angular velocity, and from the held body's torque as k_BT/ζ_r), the
//! Stokes–Einstein–Debye value beside them, and the free body's orientation correlation
//! ⟨u(0)·u(t)⟩ against exp(−2D_r t) with the held body's D_r. Values in reduced units.

use bevy_egui::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints};

use super::PanelContext;
use super::widgets::{FOKKER_PLANCK, MD, PLOT_HEIGHT, band, verdict, watched_text, with_error};
use crate::format::estimate;
use crate::live::AnalysisSnapshot;

/// Draws the tab.
pub fn rotation_ui(ui: &mut egui::Ui, pc: &PanelContext, a: &AnalysisSnapshot) {
    let r = &a.report;
    let Some(rot) = &r.rotation else {
        ui.label(
            "Rotation is measured for a rigid nanoparticle that turns about all three axes \
             (a scene with `body: Rigid`).",
        );
        return;
    };
    super::hover::title(ui, pc, "orientation_relaxation", "Rotational diffusion");
    egui::Grid::new("rotation-values")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |id: &str, name: &str, value: String| {
                let label = ui.label(watched_text(id, pc, name));
                if !id.is_empty() {
                    label.on_hover_text(super::hover::text(id, pc));
                }
                ui.label(value);
                ui.end_row();
            };
            row(
                "d_rot_gamma",
                "D_r = ⅓∫⟨ω·ω⟩ dt (free) [1/τ]",
                with_error(r.d_rot_gamma),
            );
            row(
                "d_rot_theta",
                "D_r = k_BT/ζ_r (held) [1/τ]",
                with_error(r.d_rot_theta),
            );
            row("", "ζ_r = β∫⟨δT·δT⟩/3 [ε_LJ·τ]", with_error(rot.zeta_rot));
            row(
                "d_rot_sed",
                "D_r Stokes–Einstein–Debye, stick [1/τ]",
                with_error(rot.stokes_einstein_debye),
            );
            row(
                "",
                "(I/ζ_r)/τ_T (time-scale separation)",
                with_error(rot.time_scale_separation),
            );
            let [i1, i2, i3] = rot.moments;
            row(
                "",
                "I₁, I₂, I₃ [m̂σ²]",
                format!(
                    "{}, {}, {}",
                    estimate(i1, 0.0),
                    estimate(i2, 0.0),
                    estimate(i3, 0.0)
                ),
            );
        });
    if r.d_rot_theta.is_none() {
        ui.label(
            "The prediction needs D_r of the held body: tick \"constrained (θ)\" until ζ_r has \
             an error bar, then free the particle again.",
        );
    }
    ui.separator();
    ui.label("Orientation of the free body: ⟨u(0)·u(t)⟩ of its principal axes");
    let xs = &rot.orientation_times;
    let es = &rot.orientation_correlation;
    if xs.len() < 2 {
        ui.label("not enough lags with error bars yet");
    } else {
        let d_r = r.d_rot_theta.map(|d| d.mean);
        Plot::new("rotation-orientation")
            .height(PLOT_HEIGHT)
            .x_axis_label("t [τ]")
            .y_axis_label("⟨u(0)·u(t)⟩")
            .legend(Legend::default())
            .allow_scroll(false)
            .show(ui, |p| {
                band(p, xs, es, 1.0);
                let md: PlotPoints = xs.iter().zip(es).map(|(t, e)| [*t, e.mean]).collect();
                p.line(Line::new("MD", md).color(MD));
                if let Some(d) = d_r {
                    let t_max = xs.last().copied().unwrap_or(0.0);
                    let theory: PlotPoints = (0..=100)
                        .map(|k| {
                            let t = t_max * k as f64 / 100.0;
                            [t, (-2.0 * d * t).exp()]
                        })
                        .collect();
                    p.line(Line::new("exp(−2D_r t), held D_r", theory).color(FOKKER_PLANCK));
                }
            });
    }
    verdict(
        ui,
        a.predictions.orientation_relaxation.as_ref(),
        "orientation relaxation",
    );
}
