//! Ctrl-C: `run` stops at the next step and saves what it has; a second Ctrl-C quits at once.

use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler: the first Ctrl-C asks the run to stop (see [`requested`]) and prints
/// `first`; with `first = None`, or on a second Ctrl-C, the process prints `quit` and exits with
/// [`EXIT_INTERRUPTED`] at once. Installing twice keeps the first handler.
pub fn install(first: Option<&'static str>, quit: &'static str) {
    let _ = ctrlc::set_handler(move || {
        if let Some(message) = first
            && !STOP.swap(true, Ordering::SeqCst)
        {
            eprintln!("\n{message}");
            return;
        }
        eprintln!("\n{quit}");
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// Whether Ctrl-C asked the run to stop.
pub fn requested() -> bool {
    STOP.load(Ordering::Relaxed)
}
