//! `CapturePlugin`: screenshots to PNG (button or F12) through Bevy's screenshot API, and the
//! `--frames N --report [--screenshot FILE]` mode, which runs N frames, prints frame-time
//! percentiles and the MD speed, optionally saves a screenshot, and exits.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use super::AppSet;
use super::simulation::LatestSnapshot;

/// Screenshots and the report mode.
pub struct CapturePlugin {
    /// Run this many frames, then exit.
    pub frames: Option<u64>,
    /// Print the frame-time report at exit.
    pub report: bool,
    /// Screenshot to save at the end of a `--frames` run.
    pub screenshot: Option<PathBuf>,
}

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<CaptureRequests>()
            .add_systems(Update, request_screenshot_on_key.in_set(AppSet::Control))
            .add_systems(Last, take_screenshots);
        if let Some(frames) = self.frames {
            app.insert_resource(FrameReport {
                target: frames.max(1),
                report: self.report,
                screenshot: self.screenshot.clone(),
                ..default()
            })
            .add_systems(Last, record_frame.before(take_screenshots));
        }
    }
}

/// Outcome of one screenshot: the file written, or why it failed.
pub type ScreenshotResult = Result<PathBuf, String>;

/// Screenshot requests and results.
#[derive(Resource, Default, Debug)]
pub struct CaptureRequests {
    pending: Vec<Option<PathBuf>>,
    done: Arc<Mutex<Vec<ScreenshotResult>>>,
    taken: u64,
}

impl CaptureRequests {
    /// Asks for a screenshot of the window at `path` (a time-stamped name when `None`).
    pub fn request(&mut self, path: Option<PathBuf>) {
        self.pending.push(path);
    }

    /// The last screenshot saved, if any.
    pub fn last_saved(&self) -> Option<PathBuf> {
        let done = self.done.lock().ok()?;
        done.iter().rev().find_map(|r| r.as_ref().ok().cloned())
    }

    /// Every finished screenshot so far.
    pub fn results(&self) -> Vec<ScreenshotResult> {
        self.done.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

/// F12 takes a screenshot.
pub fn request_screenshot_on_key(
    keys: Res<ButtonInput<KeyCode>>,
    mut capture: ResMut<CaptureRequests>,
) {
    if keys.just_pressed(KeyCode::F12) {
        capture.request(None);
    }
}

/// Starts a capture for each request; the PNG is written when the frame has been rendered.
pub fn take_screenshots(mut commands: Commands, mut capture: ResMut<CaptureRequests>) {
    let requests: Vec<Option<PathBuf>> = capture.pending.drain(..).collect();
    for path in requests {
        capture.taken += 1;
        let path = path.unwrap_or_else(|| {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            PathBuf::from(format!("multiscope-{secs}-{}.png", capture.taken))
        });
        let done = capture.done.clone();
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>| {
                let result = save_png(&captured.image, &path);
                match &result {
                    Ok(p) => info!("screenshot saved to {}", p.display()),
                    Err(e) => warn!("screenshot not saved: {e}"),
                }
                if let Ok(mut d) = done.lock() {
                    d.push(result);
                }
            },
        );
    }
}

/// Writes the captured image as an RGB PNG.
fn save_png(image: &Image, path: &PathBuf) -> ScreenshotResult {
    let dynamic = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| format!("cannot convert the captured image: {e}"))?;
    dynamic
        .to_rgb8()
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.clone())
}

/// Frame timing for `--frames N --report`.
#[derive(Resource, Default, Debug)]
pub struct FrameReport {
    /// Frames to run.
    pub target: u64,
    /// Print the report.
    pub report: bool,
    /// Screenshot to take after the last frame.
    pub screenshot: Option<PathBuf>,
    frames: u64,
    last: Option<Instant>,
    times: Vec<f64>,
    md_start: Option<(Instant, u64)>,
    shot_at: Option<u64>,
}

/// The `p`-th percentile (0–100) of sorted values, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Counts frames, and after the last one takes the screenshot, prints the report and exits.
pub fn record_frame(
    mut report: ResMut<FrameReport>,
    mut capture: ResMut<CaptureRequests>,
    snapshot: Res<LatestSnapshot>,
    renderer: Option<Res<super::ChosenRenderer>>,
    cap: Option<Res<super::frame_cap::FrameCap>>,
    player: Option<Res<super::replay::Player>>,
    mut exit: MessageWriter<AppExit>,
) {
    let now = Instant::now();
    if let Some(last) = report.last {
        // The first frame's time includes start-up and is not counted.
        if report.frames <= report.target {
            report.times.push((now - last).as_secs_f64());
        }
    }
    report.last = Some(now);
    report.frames += 1;
    if report.md_start.is_none()
        && let Some(s) = snapshot.0.as_ref()
    {
        report.md_start = Some((now, s.total_steps));
    }
    if report.frames < report.target {
        return;
    }
    if let Some(path) = report.screenshot.clone() {
        match report.shot_at {
            None => {
                capture.request(Some(path));
                report.shot_at = Some(report.frames);
                return;
            }
            Some(at) => {
                let finished = !capture.results().is_empty();
                // Give the renderer up to 600 frames to hand the image back.
                if !finished && report.frames < at + 600 {
                    return;
                }
            }
        }
    }
    if report.report {
        if let Some(r) = renderer {
            println!("renderer: {}", r.0.adapter.describe());
        }
        if let Some(c) = cap {
            match c.period(true) {
                Some(p) => println!("frame cap: {:.0} frames/s", 1.0 / p.as_secs_f64()),
                None => println!("frame cap: none"),
            }
        }
        // A replay runs no MD: its frames' steps say nothing about MD speed.
        let replay = player.map(|p| (p.frame(), p.frames));
        print_report(&report, &capture, snapshot.0.as_ref(), replay, now);
    }
    exit.write(AppExit::Success);
}

fn print_report(
    report: &FrameReport,
    capture: &CaptureRequests,
    snapshot: Option<&crate::live::Snapshot>,
    replay: Option<(usize, usize)>,
    now: Instant,
) {
    let mut ms: Vec<f64> = report.times.iter().map(|t| t * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    println!("multiscope frame report");
    println!("frames: {} timed (the first, start-up, excluded)", ms.len());
    println!(
        "frame time [ms]: p50 {:.1}  p90 {:.1}  p99 {:.1}  mean {:.1}  max {:.1}",
        percentile(&ms, 50.0),
        percentile(&ms, 90.0),
        percentile(&ms, 99.0),
        mean,
        ms.last().copied().unwrap_or(f64::NAN)
    );
    match (snapshot, report.md_start, replay) {
        (Some(s), _, Some((frame, frames))) => println!(
            "replay: showing frame {} of {frames} (MD step {}); no MD runs in a replay",
            frame + 1,
            s.step
        ),
        (Some(s), Some((t0, steps0)), None) => {
            let secs = (now - t0).as_secs_f64();
            let steps = s.total_steps.saturating_sub(steps0);
            let rate = steps as f64 / secs.max(1e-9);
            println!(
                "MD: {steps} steps in {secs:.2} s = {rate:.0} steps/s ({} atoms, {:.3e} atom-steps/s); now at step {} ({:?})",
                s.positions.len(),
                rate * s.positions.len() as f64,
                s.step,
                s.phase
            );
        }
        _ => println!("MD: no snapshot arrived"),
    }
    for r in capture.results() {
        match r {
            Ok(p) => println!("screenshot: {}", p.display()),
            Err(e) => println!("screenshot failed: {e}"),
        }
    }
    if report.screenshot.is_some() && capture.results().is_empty() {
        println!("screenshot failed: the renderer returned no image");
    }
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 90.0), 90.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert!(percentile(&[], 50.0).is_nan());
    }
}
