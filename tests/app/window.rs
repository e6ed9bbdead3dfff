//! The app in a real window under Xvfb: `multiscope open scenes/nanoparticle.ron --frames 60
//! --report --screenshot FILE` must exit cleanly, print its report, and leave a screenshot whose
//! 3D view, plots panel and density pane hold content.
//!
//! Runs only with `MULTISCOPE_WINDOW_TEST=1` (it needs `xvfb-run` and a Vulkan driver, e.g. Mesa's
//! lavapipe); `scripts/window-test` sets it up. The screenshot is kept at
//! `target/window-test/shot.png` for a person to look at.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Run, bin, png_rgb, window_test};

/// An RGB image.
struct Rgb {
    width: usize,
    height: usize,
    data: Vec<[u8; 3]>,
}

impl Rgb {
    fn read(path: &Path) -> Rgb {
        let (width, height, data) = png_rgb(path);
        Rgb {
            width,
            height,
            data,
        }
    }

    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        self.data[y * self.width + x]
    }

    /// Pixels of the region given as fractions of the width and height.
    fn region(&self, x0: f64, x1: f64, y0: f64, y1: f64) -> Vec<[u8; 3]> {
        let (w, h) = (self.width as f64, self.height as f64);
        let mut out = Vec::new();
        for y in (y0 * h) as usize..((y1 * h) as usize).min(self.height) {
            for x in (x0 * w) as usize..((x1 * w) as usize).min(self.width) {
                out.push(self.pixel(x, y));
            }
        }
        out
    }
}

/// Number of distinct colours (quantised to 5 bits per channel).
fn distinct_colours(px: &[[u8; 3]]) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in px {
        seen.insert((p[0] >> 3, p[1] >> 3, p[2] >> 3));
    }
    seen.len()
}

/// Fraction of pixels that differ from the region's most common colour by more than 40 levels.
fn ink(px: &[[u8; 3]]) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for p in px {
        *counts.entry(*p).or_insert(0usize) += 1;
    }
    let background = counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c);
    let Some(b) = background else { return 0.0 };
    let far = px
        .iter()
        .filter(|p| {
            (0..3)
                .map(|i| (p[i] as i32 - b[i] as i32).abs())
                .sum::<i32>()
                > 40
        })
        .count();
    far as f64 / px.len().max(1) as f64
}

/// The repository's root, where the app runs.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `multiscope` with `args` in a window of a fresh Xvfb screen (1280×800), on Vulkan.
fn in_xvfb<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Run {
    let mut xvfb = Command::new("xvfb-run");
    xvfb.args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(bin())
        .args(args)
        .current_dir(root())
        .env("WGPU_BACKEND", "vulkan");
    let output = xvfb
        .output()
        .expect("xvfb-run runs (apt-get install xvfb xauth)");
    Run::new(&xvfb, output)
}

#[test]
fn window_shows_view_plots_and_density() {
    if !window_test("xvfb-run and Vulkan") {
        return;
    }
    let root = root();
    let out = root.join("target/window-test");
    std::fs::create_dir_all(&out).unwrap();
    let shot = out.join("shot.png");
    let _ = std::fs::remove_file(&shot);
    let output = in_xvfb([
        OsStr::new("open"),
        "scenes/nanoparticle.ron".as_ref(),
        "--frames".as_ref(),
        "60".as_ref(),
        "--report".as_ref(),
        // The density pane starts by itself once γ is measured (if these frames get there).
        "--density".as_ref(),
        "nanoparticle".as_ref(),
        "--screenshot".as_ref(),
        shot.as_os_str(),
    ]);
    println!("{}", output.stdout);
    let output = output.ok();
    let (stdout, stderr) = (&output.stdout, &output.stderr);
    assert!(stdout.contains("p50") && stdout.contains("p99"), "{stdout}");
    assert!(stdout.contains("steps/s"), "{stdout}");
    assert!(stdout.contains("screenshot: "), "{stdout}\n{stderr}");

    let img = Rgb::read(&shot);
    assert!(
        img.width >= 800 && img.height >= 500,
        "{}×{}",
        img.width,
        img.height
    );
    let all = img.region(0.0, 1.0, 0.0, 1.0);
    assert!(distinct_colours(&all) > 50, "the screenshot is blank");

    // Default layout: controls on the left (~280 px), plots on the right (~430 px), density pane
    // at the bottom (~300 px); the 3D view is what is left in the middle.
    let view = img.region(0.28, 0.60, 0.08, 0.58);
    let nanoparticle = view
        .iter()
        .filter(|p| p[0] > 150 && p[1] > 50 && p[1] < 200 && p[2] < 110 && p[0] > p[2] + 80)
        .count();
    assert!(
        nanoparticle > 30,
        "no orange nanoparticle pixels in the 3D view ({nanoparticle})"
    );
    assert!(distinct_colours(&view) > 30, "3D view looks empty");
    let plots = img.region(0.66, 1.0, 0.05, 0.95);
    assert!(ink(&plots) > 0.01, "plots panel looks empty");
    assert!(distinct_colours(&plots) > 10, "plots panel looks empty");
    let density = img.region(0.25, 0.62, 0.72, 0.98);
    assert!(ink(&density) > 0.01, "density pane looks empty");
    let controls = img.region(0.0, 0.22, 0.05, 0.95);
    assert!(ink(&controls) > 0.01, "controls panel looks empty");
}

/// Lesson 1 toured in a real window: one screenshot per step (kept in
/// `target/window-test/lesson-tour/` for a person to look at), each with content, and each step's
/// step window different from the one before.
#[test]
fn lesson_tour_takes_a_screenshot_per_step() {
    if !window_test("xvfb-run and Vulkan") {
        return;
    }
    let root = root();
    let dir = root.join("target/window-test/lesson-tour");
    let _ = std::fs::remove_dir_all(&dir);
    let lesson = multiscope::lesson::find(
        Path::new(&root)
            .join(multiscope::lesson::LESSONS_DIR)
            .as_path(),
        "brownian-motion",
    )
    .unwrap();
    let steps = lesson.lesson.steps.len();
    let output = in_xvfb([
        OsStr::new("open"),
        "--lesson".as_ref(),
        "brownian-motion".as_ref(),
        "--tour-frames".as_ref(),
        "40".as_ref(),
        "--fps".as_ref(),
        "0".as_ref(),
        "--tour".as_ref(),
        dir.as_os_str(),
    ])
    .ok();
    let stdout = &output.stdout;
    let mut previous: Option<Vec<[u8; 3]>> = None;
    for k in 1..=steps {
        assert!(
            stdout.contains(&format!("lesson tour: step {k} → ")),
            "step {k} not toured:\n{stdout}"
        );
        let img = Rgb::read(&dir.join(format!("step-{k}.png")));
        let all = img.region(0.0, 1.0, 0.0, 1.0);
        assert!(
            distinct_colours(&all) > 50,
            "step {k}: the screenshot is blank"
        );
        // The step window opens over the density pane's left half.
        let window = img.region(0.22, 0.62, 0.58, 1.0);
        assert!(ink(&window) > 0.01, "step {k}: no step window");
        if let Some(p) = &previous {
            assert!(*p != window, "step {k}: the step window did not change");
        }
        previous = Some(window);
    }
    assert!(
        !dir.join(format!("step-{}.png", steps + 1)).exists(),
        "a screenshot past the last step"
    );
}
