//! Claim: the command line validates scenes with clear errors and exit codes, `run --json` prints
//! the documented summary, and `bench --json` prints its speed.

use crate::common::{run, scratch};

#[test]
fn check_accepts_the_default_scene_and_rejects_a_bad_one() {
    let ok = run(["check", "default"]).ok();
    let text = &ok.stdout;
    assert!(
        text.contains("87 nanoparticle") && text.contains("ε = m̂/m"),
        "{text}"
    );

    let bad = run(["check", "tests/scenes/bad/time-step-too-large.ron"]).exits(2);
    let err = &bad.stderr;
    assert!(
        err.contains("tests/scenes/bad/time-step-too-large.ron:") && err.contains("time_step"),
        "{err}"
    );
}

#[test]
fn run_json_has_the_documented_fields_and_writes_the_time_series() {
    let scratch = scratch("run_json");
    let dir = scratch.join("out");
    let out = run([
        "run",
        "tests/scenes/small.ron",
        "--steps",
        "400",
        "--json",
        "--out",
        dir.to_str().unwrap(),
    ])
    .ok();
    let v = out.json();
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
}

#[test]
fn bench_json_reports_speed() {
    let out = run([
        "bench",
        "--atoms",
        "500",
        "--steps",
        "20",
        "--threads",
        "1",
        "--json",
    ])
    .ok();
    let v = out.json();
    assert_eq!(v["atoms"], 500);
    assert!(v["atom_steps_per_second"].as_f64().unwrap() > 0.0);
}
