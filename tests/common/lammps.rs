//! Helpers of the tests that run LAMMPS (`lmp`, Debian's `lammps` package) on exported scenes.
//!
//! These tests are real tests: where `lmp` is missing they fail with the fix, unless
//! `MULTISCOPE_NO_LAMMPS=1` says on purpose that this machine has no LAMMPS (then they print why
//! and return). CI installs `lammps` (see `.ci/run`).
use std::path::Path;
use std::process::Command;

use multiscope::analysis::Estimate;
use multiscope::lammps::{ExportOptions, Manifest, export};
use multiscope::scene::Scene;

/// Whether LAMMPS tests should run: true when `lmp` is on the PATH; false (with a message) when
/// `MULTISCOPE_NO_LAMMPS=1`; otherwise panics with the fix.
pub fn lammps_available(test: &str) -> bool {
    if std::env::var("MULTISCOPE_NO_LAMMPS").is_ok_and(|v| v == "1") {
        eprintln!("{test}: not run, MULTISCOPE_NO_LAMMPS=1 says this machine has no LAMMPS");
        return false;
    }
    let found = Command::new("lmp")
        .arg("-h")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{test} needs LAMMPS: `lmp` is not on the PATH. Install it (Debian: apt-get install \
         lammps), or set MULTISCOPE_NO_LAMMPS=1 to skip the tests that compare with LAMMPS"
    );
    true
}

/// Exports `scene` into `dir` and runs it there with serial `lmp` (one process: the tests
/// compare numbers, not speed); panics with the log's end if LAMMPS fails.
pub fn export_and_run(scene: &Scene, options: &ExportOptions, dir: &Path) -> Manifest {
    let manifest = export(scene, "test scene", options, dir).unwrap();
    run_lammps(dir);
    manifest
}

/// Runs `lmp -in in.multiscope` in `dir` (log in `log.lammps`).
pub fn run_lammps(dir: &Path) {
    let out = Command::new("lmp")
        .args([
            "-in",
            "in.multiscope",
            "-log",
            "log.lammps",
            "-screen",
            "none",
        ])
        .current_dir(dir)
        .output()
        .expect("lmp starts");
    if !out.status.success() {
        let log = std::fs::read_to_string(dir.join("log.lammps")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        panic!(
            "lmp failed in {}: {}\n{}\n--- end of log.lammps ---\n{}",
            dir.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
}

/// |a − b| / √(sa² + sb²): the difference in combined standard errors.
pub fn z(a: f64, sa: f64, b: f64, sb: f64) -> f64 {
    (a - b).abs() / (sa * sa + sb * sb).sqrt()
}

/// The [`z`] of multiscope's estimate of `quantity` against LAMMPS's, printed with both (values
/// in `unit`, empty or with a leading space) under the test's `name`.
pub fn z_printed(name: &str, quantity: &str, ours: Estimate, lammps: Estimate, unit: &str) -> f64 {
    let zz = z(ours.mean, ours.sem, lammps.mean, lammps.sem);
    eprintln!(
        "{name}: {quantity}: multiscope {:.5} ± {:.5}, LAMMPS {:.5} ± {:.5}{unit}, z = {zz:.2}",
        ours.mean, ours.sem, lammps.mean, lammps.sem
    );
    zz
}
