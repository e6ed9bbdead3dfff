//! Claim: the command line validates scenes with clear errors and exit codes, `run --json` prints
//! the documented summary, and `bench --json` prints its speed.

use std::process::Command;

fn multiscope(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_multiscope"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn check_accepts_the_default_scene_and_rejects_a_bad_one() {
    let ok = multiscope(&["check", "default"]);
    assert!(ok.status.success());
    let text = String::from_utf8_lossy(&ok.stdout);
    assert!(
        text.contains("87 nanoparticle") && text.contains("ε = m̂/m"),
        "{text}"
    );

    let bad = multiscope(&["check", "tests/scenes/bad/time-step-too-large.ron"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("tests/scenes/bad/time-step-too-large.ron:") && err.contains("time_step"),
        "{err}"
    );
}

#[test]
fn run_json_has_the_documented_fields_and_writes_the_time_series() {
    let dir = std::env::temp_dir().join(format!("multiscope-cli-run-{}", std::process::id()));
    let out = multiscope(&[
        "run",
        "tests/scenes/small.ron",
        "--steps",
        "400",
        "--json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    for key in ["temperature", "potential_energy_per_atom", "pressure"] {
        assert!(
            v[key]["mean"].is_f64() && v[key]["sem"].is_number(),
            "{key}: {v}"
        );
    }
    assert_eq!(v["steps"], 400);
    assert!(v["atoms"].as_u64().unwrap() > 100);
    assert!(v["energy_drift_per_atom_per_tau"].is_f64());
    assert!(v["atom_steps_per_second"].as_f64().unwrap() > 0.0);
    let csv = std::fs::read_to_string(dir.join("timeseries.csv")).unwrap();
    assert!(csv.starts_with("step,t,T,U,K,E,P,Rx"));
    // Header, units line, one row per 10 steps.
    assert_eq!(csv.lines().count(), 2 + 40);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_json_reports_speed() {
    let out = multiscope(&[
        "bench",
        "--atoms",
        "500",
        "--steps",
        "20",
        "--threads",
        "1",
        "--json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["atoms"], 500);
    assert!(v["atom_steps_per_second"].as_f64().unwrap() > 0.0);
}
