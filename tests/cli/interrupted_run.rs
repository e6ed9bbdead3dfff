//! Claim: a run stopped by Ctrl-C, killed, or cut off by a full disk leaves a time series of
//! whole lines and a checkpoint that is either the old one or the new one.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use multiscope::md::Simulation;

use crate::common::{bin, multiscope, run_command, scratch};

/// Writes a checkpoint of a 50-step run of the small scene to `ck` and returns its bytes.
fn old_checkpoint(ck: &Path) -> Vec<u8> {
    run_command(
        multiscope()
            .args([
                "run",
                "tests/scenes/small.ron",
                "--steps",
                "50",
                "--checkpoint",
            ])
            .arg(ck),
    )
    .ok();
    std::fs::read(ck).unwrap()
}

/// Every data line has the 16 columns of the header, and the file ends with a line end.
fn assert_whole_lines(csv: &Path) -> usize {
    let text = std::fs::read_to_string(csv).unwrap();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "a partial last line"
    );
    let data: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(['s', '#']))
        .collect();
    for l in &data {
        assert_eq!(l.split(',').count(), 16, "bad line {l}");
    }
    data.len()
}

fn wait_for_lines(csv: &Path, lines: usize) {
    let start = Instant::now();
    while std::fs::read_to_string(csv).map_or(0, |t| t.lines().count()) < lines {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the run wrote nothing"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn ctrl_c_saves_the_time_series_and_the_checkpoint_and_exits_130() {
    let dir = scratch("interrupt_ctrl_c");
    let ck = dir.join("ck.json");
    let child = multiscope()
        .args([
            "run",
            "tests/scenes/small.ron",
            "--steps",
            "100000000",
            "--out",
        ])
        .arg(&dir)
        .arg("--checkpoint")
        .arg(&ck)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_lines(&dir.join("timeseries.csv"), 5);
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("stopped by Ctrl-C") && err.contains("ck.json"),
        "{err}"
    );
    assert!(assert_whole_lines(&dir.join("timeseries.csv")) >= 3);
    Simulation::load_checkpoint(&ck).unwrap();
}

#[test]
fn a_killed_run_keeps_whole_lines_and_the_old_checkpoint() {
    let dir = scratch("interrupt_kill");
    let ck = dir.join("ck.json");
    let old = old_checkpoint(&ck);
    let mut child = multiscope()
        .args([
            "run",
            "tests/scenes/small.ron",
            "--steps",
            "100000000",
            "--every",
            "1",
        ])
        .arg("--resume")
        .arg(&ck)
        .arg("--checkpoint")
        .arg(&ck)
        .arg("--out")
        .arg(&dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_lines(&dir.join("timeseries.csv"), 20);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_whole_lines(&dir.join("timeseries.csv"));
    assert_eq!(std::fs::read(&ck).unwrap(), old);
    Simulation::load_checkpoint(&ck).unwrap();
}

#[test]
fn a_full_disk_gives_an_error_whole_lines_and_the_old_checkpoint() {
    let dir = scratch("interrupt_full_disk");
    let ck = dir.join("ck.json");
    let old = old_checkpoint(&ck);
    // A 40-block (20 KiB) file-size limit: the time series and the new checkpoint outgrow it.
    // SIGXFSZ is ignored so that the writes fail with an error instead of killing the process.
    let script = format!(
        "trap '' XFSZ; ulimit -f 40; exec {} run tests/scenes/small.ron --steps 5000 --every 1 \
         --out {} --checkpoint {}",
        bin(),
        dir.display(),
        ck.display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("timeseries.csv") || err.contains("ck.json"),
        "{err}"
    );
    let lines = assert_whole_lines(&dir.join("timeseries.csv"));
    assert!(lines > 10, "{lines}");
    assert_eq!(std::fs::read(&ck).unwrap(), old);
    let leftovers = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}
