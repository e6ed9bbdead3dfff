//! Claims: a measurement is reproducible from its seed (same seed and thread count → the same
//! JSON numbers, whether the jobs run side by side or one after another; another seed → other
//! numbers); `multiscope measure --json` writes the keys `multiscope solve --coefficients` reads;
//! bad input gives a clear error, not a panic.

use multiscope::measure::{MeasureOptions, Segments, measure};
use multiscope::scene::Scene;

use crate::common::{self, run, scratch};

fn scene_text() -> String {
    common::SmallScene {
        description: "reproducibility test: 13-atom sphere in 300 atoms",
        seed: 8,
        equilibration_steps: 300,
        thermostat: "Bussi(tau: 1.0)".into(),
        field: "DoubleWell(barrier: 1.0, separation: 2.0, center: 3.0)".into(),
        ..Default::default()
    }
    .text()
}

fn options(seed: u64, parallel_jobs: bool) -> MeasureOptions {
    MeasureOptions {
        segments: Segments {
            steps: 2000,
            windows: Some(3),
            window_steps: Some(400),
            blocks: 10,
            ..Segments::default()
        },
        seed: Some(seed),
        parallel_jobs,
        ..MeasureOptions::default()
    }
}

fn json(seed: u64, parallel_jobs: bool) -> String {
    let scene = Scene::parse(&scene_text(), "test").unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    pool.install(|| {
        let m = measure(&scene, "test", &options(seed, parallel_jobs), &|_| {}).unwrap();
        serde_json::to_string(&m.report).unwrap()
    })
}

#[test]
fn same_seed_same_numbers_other_seed_other_numbers() {
    let a = json(5, true);
    let b = json(5, true);
    assert_eq!(a, b, "same seed, same thread count: identical reports");
    let c = json(5, false);
    assert_eq!(a, c, "sequential and parallel jobs give the same numbers");
    let d = json(6, true);
    assert_ne!(a, d, "another seed must give another trajectory");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert!(v["d_gamma"]["mean"].as_f64().unwrap() > 0.0);
}

#[test]
fn cli_json_has_the_coefficients_the_solver_reads() {
    let dir = scratch("measure_cli_json");
    let scene = dir.join("small.ron");
    std::fs::write(&scene, scene_text()).unwrap();
    let csv = dir.join("curves");
    let out = run([
        "measure",
        scene.to_str().unwrap(),
        "--steps",
        "1000",
        "--windows",
        "2",
        "--window-steps",
        "200",
        "--blocks",
        "10",
        "--threads",
        "2",
        "--json",
        "--out",
        csv.to_str().unwrap(),
    ])
    .ok();
    let v = out.json();
    for key in ["epsilon", "mass", "beta", "temperature", "box_length"] {
        assert!(v[key].is_f64(), "{key} must be a plain number: {}", v[key]);
    }
    assert!((v["beta"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert!((v["epsilon"].as_f64().unwrap() - 0.05).abs() < 1e-9);
    for key in [
        "d_gamma",
        "d_theta",
        "einstein_ratio",
        "viscosity",
        "d_yeh_hummer",
    ] {
        assert!(v[key]["mean"].is_f64(), "{key}: {}", v[key]);
        assert!(v[key].get("sem").is_some(), "{key}: {}", v[key]);
    }
    for key in ["gamma", "theta", "zeta"] {
        for part in ["mean", "sem"] {
            let rows = v[key][part]
                .as_array()
                .unwrap_or_else(|| panic!("{key}.{part}"));
            assert_eq!(rows.len(), 3);
            assert!(rows.iter().all(|r| r.as_array().unwrap().len() == 3));
        }
    }
    for key in ["msd", "green_kubo"] {
        assert!(v["host_self_diffusion"][key]["mean"].is_f64());
    }
    for key in ["slip", "stick"] {
        assert!(v["stokes_einstein"][key]["mean"].is_f64());
    }
    let f = &v["f_th"];
    assert_eq!(f["axis"], "x");
    assert_eq!(f["positions"].as_array().unwrap().len(), 2);
    assert!(f["values"][0]["mean"].is_f64());
    for file in [
        "gamma_momentum.csv",
        "free_force.csv",
        "theta_force.csv",
        "stress.csv",
        "vacf.csv",
        "msd.csv",
        "f_th.csv",
    ] {
        let text = std::fs::read_to_string(csv.join(file)).unwrap();
        assert!(text.lines().count() > 3, "{file} is nearly empty");
    }
    // The coarse-grained solver reads the file as it is.
    let coefficients = dir.join("coefficients.json");
    std::fs::write(&coefficients, &out.stdout).unwrap();
    let solved = run([
        "solve",
        "--coefficients",
        coefficients.to_str().unwrap(),
        "--t-end",
        "0.5",
        "--snapshots",
        "1",
        "--out",
        dir.join("solve").to_str().unwrap(),
    ]);
    assert!(
        solved.success(),
        "solve rejected the measured coefficients: {solved}"
    );
}

#[test]
fn bad_input_is_reported_clearly() {
    let out = run(["measure", "no/such/scene.ron"]).exits(2);
    let err = &out.stderr;
    assert!(err.contains("no/such/scene.ron"), "{err}");

    let out = run(["measure", "scenes/lj-fluid.ron", "--steps", "10"]).exits(2);
    let err = &out.stderr;
    assert!(err.contains("--steps 10 is too short"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
