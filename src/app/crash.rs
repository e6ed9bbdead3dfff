//! A panic anywhere in the app becomes one error message, not a backtrace: the hook writes the
//! details (message, place, thread, backtrace) to a log file, has the MD worker save the current
//! settings as a scene file and writes the plotted series as CSV, then says where all of it is.
//!
//! Files go to `$XDG_STATE_HOME/multiscope/crash-<unix time>-<pid>/` (`~/.local/state/…` when
//! `XDG_STATE_HOME` is unset, the temporary folder when neither can be written).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bevy::prelude::*;

use super::simulation::{Engine, LatestAnalysis};
use crate::live::export::{PhasePlaneSeries, write_plotted_series};
use crate::live::{AnalysisSnapshot, SimCommand};

/// Exit code of an app that stopped on an internal error (EX_SOFTWARE).
pub const EXIT_INTERNAL_ERROR: i32 = 70;

/// Set when the window draws through the OpenGL ES fallback: a failure to present is then the
/// platform's, not a bug, and is reported as a missing driver.
static GL_FALLBACK: AtomicBool = AtomicBool::new(false);
/// Set by the first panic reported: later ones (other threads going down with it) only log.
static REPORTED: AtomicBool = AtomicBool::new(false);
/// The exit code the first panic asks for.
static EXIT_CODE: AtomicI32 = AtomicI32::new(EXIT_INTERNAL_ERROR);

/// Notes that the window draws through the OpenGL ES fallback.
pub fn set_gl_fallback(on: bool) {
    GL_FALLBACK.store(on, Ordering::Relaxed);
}

/// The exit code after a panic: [`EXIT_INTERNAL_ERROR`], or 2 where the fallback renderer could
/// not present (a missing driver) or the display refused the window, each said as such.
pub fn exit_code() -> i32 {
    EXIT_CODE.load(Ordering::Relaxed)
}

/// Whether a panic was reported (Bevy catches panics in systems and exits with its own code).
pub fn panicked() -> bool {
    REPORTED.load(Ordering::SeqCst)
}

/// What the hook can still save: kept up to date by [`CrashPlugin`].
#[derive(Default)]
struct Context {
    commands: Option<Sender<SimCommand>>,
    analysis: Option<AnalysisSnapshot>,
}

fn context() -> &'static Mutex<Context> {
    static CONTEXT: OnceLock<Mutex<Context>> = OnceLock::new();
    CONTEXT.get_or_init(Mutex::default)
}

/// Installs the panic hook (once per process).
pub fn install_hook() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| std::panic::set_hook(Box::new(report_panic)));
}

/// Keeps the hook's context current and, for tests, panics on purpose after
/// `panic_after_frames` frames.
pub struct CrashPlugin {
    /// Panic in the frame after this many (a hidden option, to test the hook).
    pub panic_after_frames: Option<u64>,
}

#[derive(Resource)]
struct PanicAfter(u64, u64);

impl Plugin for CrashPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, keep_context.after(super::AppSet::Publish));
        if let Some(n) = self.panic_after_frames {
            app.insert_resource(PanicAfter(n, 0))
                .add_systems(Update, panic_on_purpose);
        }
    }
}

fn keep_context(engine: Option<Res<Engine>>, analysis: Res<LatestAnalysis>) {
    let Ok(mut c) = context().lock() else { return };
    if c.commands.is_none()
        && let Some(e) = engine
    {
        c.commands = Some(e.0.command_sender());
    }
    if analysis.is_changed() {
        c.analysis.clone_from(&analysis.0);
    }
}

fn panic_on_purpose(mut p: ResMut<PanicAfter>) {
    p.1 += 1;
    if p.1 > p.0 {
        panic!(
            "a panic on purpose after {} frames (--panic-after-frames)",
            p.0
        );
    }
}

/// The folder crash reports go into.
fn state_dir() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir)
        .join("multiscope")
}

fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    let place = info
        .location()
        .map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
    let thread = std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_string();
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    if GL_FALLBACK.load(Ordering::Relaxed)
        && (message.contains("present mode") || message.contains("surface"))
    {
        EXIT_CODE.store(2, Ordering::Relaxed);
        eprintln!(
            "error: {}",
            crate::system_check::advice::gl_cannot_present(&message)
        );
        return;
    }
    if message.contains("Failed to build event loop") {
        EXIT_CODE.store(2, Ordering::Relaxed);
        eprintln!(
            "error: {}",
            crate::system_check::advice::display_refused(&message)
        );
        return;
    }
    let backtrace = std::backtrace::Backtrace::force_capture();
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = format!("crash-{stamp}-{}", std::process::id());
    let dir = [state_dir(), std::env::temp_dir().join("multiscope")]
        .into_iter()
        .map(|d| d.join(&name))
        .find(|d| std::fs::create_dir_all(d).is_ok());
    let Some(dir) = dir else {
        eprintln!(
            "error: multiscope stopped on an internal error in thread `{thread}`: {message} \
             ({place}); no folder could be written for the details"
        );
        return;
    };
    let log = dir.join("panic.log");
    let text = format!(
        "multiscope {} stopped on an internal error\nthread: {thread}\nat: {place}\n\
         message: {message}\ncommand line: {:?}\n\nbacktrace:\n{backtrace}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::args().collect::<Vec<_>>(),
    );
    let log_line = match std::fs::write(&log, text) {
        Ok(()) => format!("The details are in {}.", log.display()),
        Err(e) => format!(
            "The details could not be written to {}: {e}.",
            log.display()
        ),
    };
    let saved = save_context(&dir);
    // The worker's own threads stop only their run: the app goes on and says so in its window.
    let worker = thread.starts_with("multiscope-md");
    eprintln!(
        "error: multiscope {} on an internal error: {message} (thread `{thread}`, {place}).\n  \
         {log_line}\n{saved}  Please report it with that folder.",
        if worker {
            "'s MD worker stopped"
        } else {
            "stopped"
        },
    );
}

/// Saves the settings (through the worker) and the plotted series into `dir`; returns the lines
/// that say what was saved.
fn save_context(dir: &Path) -> String {
    // A panic while the context is locked leaves it poisoned: what it holds is still whole.
    let c = match context().lock() {
        Ok(c) => c,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut out = String::new();
    let scene = dir.join("scene.ron");
    match &c.commands {
        Some(tx) if tx.send(SimCommand::SaveScene(scene.clone())).is_ok() => {
            let start = Instant::now();
            while !scene.exists() && start.elapsed() < Duration::from_secs(3) {
                std::thread::sleep(Duration::from_millis(20));
            }
            if scene.exists() {
                out.push_str(&format!(
                    "  The settings were saved as a scene: multiscope open {}\n",
                    scene.display()
                ));
            } else {
                out.push_str("  The settings could not be saved (the MD worker did not answer).\n");
            }
        }
        _ => out.push_str("  There were no settings to save yet.\n"),
    }
    if let Some(a) = &c.analysis {
        match write_plotted_series(&dir.join("plots"), Some(a), PhasePlaneSeries::default()) {
            Ok(files) => out.push_str(&format!(
                "  The plotted series were saved ({} CSV files) in {}.\n",
                files.len(),
                dir.join("plots").display()
            )),
            Err(e) => out.push_str(&format!("  The plotted series could not be saved: {e}.\n")),
        }
    }
    out
}
