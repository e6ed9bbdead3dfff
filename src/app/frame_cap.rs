//! The frame-rate cap: the window draws at most [`FrameCap::fps`] frames per second (30 by
//! default), and [`FrameCap::background_fps`] while it is not focused or is hidden, so that the
//! MD worker keeps the cores. It binds even while egui asks for repaints: the last system of every
//! frame sleeps out the rest of the frame's period.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::WindowOccluded;

/// Frames per second the window may draw.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct FrameCap {
    /// Cap while the window is focused [frames/s]; 0 for none.
    pub fps: f64,
    /// Cap while it is unfocused or hidden [frames/s]; 0 for none.
    pub background_fps: f64,
}

/// The default cap while focused [frames/s].
pub const DEFAULT_FPS: f64 = 30.0;
/// The default cap while unfocused or hidden [frames/s].
pub const DEFAULT_BACKGROUND_FPS: f64 = 5.0;

impl Default for FrameCap {
    fn default() -> Self {
        Self {
            fps: DEFAULT_FPS,
            background_fps: DEFAULT_BACKGROUND_FPS,
        }
    }
}

impl FrameCap {
    /// The minimum frame period for a window that is `foreground` or not; `None` when uncapped.
    pub fn period(&self, foreground: bool) -> Option<Duration> {
        let fps = if foreground {
            self.fps
        } else if self.fps > 0.0 && self.background_fps > 0.0 {
            self.background_fps.min(self.fps)
        } else {
            self.background_fps
        };
        (fps > 0.0 && fps.is_finite()).then(|| Duration::from_secs_f64(1.0 / fps))
    }
}

/// Adds the cap (`fps` while focused; 0 for none).
pub struct FrameCapPlugin {
    /// The cap [frames/s] while focused; 0 for none.
    pub fps: f64,
}

impl Plugin for FrameCapPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(FrameCap {
            fps: self.fps,
            ..default()
        })
        .init_resource::<Hidden>()
        .add_systems(First, note_occlusion)
        .add_systems(Last, sleep_out_the_frame);
    }
}

/// Whether the window is hidden (occluded or minimised), from winit's events.
#[derive(Resource, Default)]
struct Hidden(bool);

fn note_occlusion(mut events: MessageReader<WindowOccluded>, mut hidden: ResMut<Hidden>) {
    for e in events.read() {
        hidden.0 = e.occluded;
    }
}

fn sleep_out_the_frame(
    cap: Res<FrameCap>,
    hidden: Res<Hidden>,
    windows: Query<&Window>,
    mut last: Local<Option<Instant>>,
) {
    let focused = windows.iter().any(|w| w.focused);
    if let (Some(period), Some(start)) = (cap.period(focused && !hidden.0), *last) {
        let spent = start.elapsed();
        if spent < period {
            std::thread::sleep(period - spent);
        }
    }
    *last = Some(Instant::now());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_follows_focus_and_zero_means_none() {
        let cap = FrameCap::default();
        assert_eq!(cap.period(true), Some(Duration::from_secs_f64(1.0 / 30.0)));
        assert_eq!(cap.period(false), Some(Duration::from_millis(200)));
        let off = FrameCap {
            fps: 0.0,
            background_fps: 0.0,
        };
        assert_eq!(off.period(true), None);
        assert_eq!(off.period(false), None);
        let fast_bg = FrameCap {
            fps: 2.0,
            background_fps: 5.0,
        };
        assert_eq!(fast_bg.period(false), Some(Duration::from_millis(500)));
    }
}
