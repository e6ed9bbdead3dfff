//! The replay's player: play/pause, a slider to scrub through the frames, the speed, and where
//! the replay is (frame, MD step, time). Shown only when the app replays a run
//! (`open --replay`).

use bevy_egui::egui;

use crate::app::replay::Player;

/// Draws the player window over the 3D view's top.
pub fn player_ui(ctx: &egui::Context, player: &mut Player, step: Option<(u64, f64)>) {
    egui::Window::new("Replay")
        .id(egui::Id::new("replay-player"))
        .default_pos(egui::pos2(300.0, 40.0))
        .default_width(420.0)
        .resizable(false)
        .collapsible(true)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(player.name().to_string()).small());
            ui.horizontal(|ui| {
                let label = if player.playing {
                    "⏸ Pause"
                } else {
                    "▶ Play"
                };
                if ui.button(label).clicked() {
                    player.playing = !player.playing;
                }
                if ui.button("⏮").on_hover_text("first frame").clicked() {
                    player.position = 0.0;
                }
                if ui.button("◀").on_hover_text("previous frame").clicked() {
                    player.playing = false;
                    player.position = (player.frame() as f64 - 1.0).max(0.0);
                }
                if ui.button("▶").on_hover_text("next frame").clicked() {
                    player.playing = false;
                    let last = player.frames.saturating_sub(1) as f64;
                    player.position = (player.frame() as f64 + 1.0).min(last);
                }
                ui.checkbox(&mut player.looping, "loop");
            });
            let last = player.frames.saturating_sub(1);
            let mut frame = player.frame();
            if ui
                .add(egui::Slider::new(&mut frame, 0..=last).text("frame"))
                .changed()
            {
                player.position = frame as f64;
            }
            ui.add(
                egui::Slider::new(&mut player.speed, 0.5..=120.0)
                    .logarithmic(true)
                    .text("frames/s"),
            );
            if let Some((step, time)) = step {
                ui.label(format!(
                    "frame {}/{} · MD step {step} · t = {time:.2} τ",
                    frame + 1,
                    player.frames
                ));
            }
        });
}
