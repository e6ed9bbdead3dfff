//! Claim: `multiscope sweep` measures a scene at each value of a list, prints one JSON row per
//! value (the swept ε and m = 1/ε), writes `sweep.csv` and a drawn (not blank) `sweep.png`, and
//! refuses unusable lists with exit code 2 and the flag named.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::common::{SmallScene, png_rgb, run, scratch};

/// The small 13-atom sphere in 300 host atoms, written to `dir`.
fn small_scene(dir: &Path) -> PathBuf {
    let path = dir.join("small.ron");
    std::fs::write(&path, SmallScene::default().text()).unwrap();
    path
}

/// Distinct RGB colours of a PNG file.
fn png_colours(path: &Path) -> (usize, usize, HashSet<[u8; 3]>) {
    let (width, height, pixels) = png_rgb(path);
    (width, height, pixels.into_iter().collect())
}

#[test]
fn a_tiny_epsilon_sweep_writes_rows_csv_and_picture() {
    let dir = scratch("sweep_epsilon");
    let scene = small_scene(&dir);
    let out_dir = dir.join("out");
    let out = run([
        "sweep",
        scene.to_str().unwrap(),
        "--epsilon",
        "0.05,0.025",
        "--steps",
        "400",
        "--seed",
        "7",
        "--threads",
        "2",
        "--json",
        "--out",
        out_dir.to_str().unwrap(),
    ])
    .ok();
    let v = out.json();
    assert_eq!(v["parameter"], "epsilon");
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{v}");
    for (row, epsilon) in rows.iter().zip([0.05, 0.025]) {
        assert!(row.get("error").is_none(), "{row}");
        assert_eq!(row["value"]["mean"].as_f64(), Some(epsilon), "{row}");
        let m = row["mass"]["mean"].as_f64().unwrap();
        assert!(
            (m - 1.0 / epsilon).abs() < 1e-9 / epsilon,
            "m = {m} at ε = {epsilon}"
        );
        for key in ["d_gamma", "d_theta", "gamma_over_theta", "expected_ratio"] {
            assert!(row[key]["mean"].is_f64(), "{key}: {row}");
            assert!(row[key].get("sem").is_some(), "{key}: {row}");
        }
        let expected = row["expected_ratio"]["mean"].as_f64().unwrap();
        assert!(expected > 0.0 && expected < 1.0, "{row}");
    }
    let reports = v["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    let report_epsilon = reports[1]["epsilon"].as_f64().unwrap();
    assert!(
        (report_epsilon / 0.025 - 1.0).abs() < 1e-9,
        "{report_epsilon}"
    );
    assert!(reports[0]["predictions"].is_object(), "{}", reports[0]);

    let csv = std::fs::read_to_string(out_dir.join("sweep.csv")).expect("sweep.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[0].starts_with("epsilon,mass,d_gamma,d_gamma_sem,"),
        "{csv}"
    );
    for (line, epsilon) in lines[1..].iter().zip([0.05, 0.025]) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), lines[0].split(',').count(), "{csv}");
        assert_eq!(cells[0].parse::<f64>().unwrap(), epsilon, "{csv}");
        let m: f64 = cells[1].parse().unwrap();
        assert!((m * epsilon - 1.0).abs() < 1e-9, "{csv}");
        assert!(cells[2].parse::<f64>().unwrap() > 0.0, "D_γ: {csv}");
    }

    let (width, height, colours) = png_colours(&out_dir.join("sweep.png"));
    assert!(width >= 600 && height >= 400, "{width} × {height}");
    // White background, black axes and text, two coloured series, grey expected points, and
    // anti-aliased glyphs between them: a drawn plot has many colours, a blank one a single one.
    assert!(colours.len() > 50, "only {} colours", colours.len());
}

/// Runs a sweep that must be refused, and returns its error text.
fn refused(args: &[&str]) -> String {
    let mut all = vec!["sweep", "default"];
    all.extend_from_slice(args);
    let out = run(&all);
    let err = out.stderr;
    assert_eq!(out.code, Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?} printed a table");
    err
}

#[test]
fn unusable_lists_are_usage_errors_naming_the_flag() {
    for args in [
        &["--epsilon", ""][..],
        &["--epsilon", "0.02,,0.01"],
        &["--epsilon", "0.02,abc"],
        &["--epsilon", "1.5"],
        &["--epsilon=-0.01"],
        &["--epsilon", "0"],
        &["--epsilon", "nan"],
        &["--epsilon", "inf"],
        &["--epsilon", "1e-9"],
    ] {
        let err = refused(args);
        assert!(err.contains("--epsilon"), "{args:?}: {err}");
    }
    for args in [
        &["--host-atoms", ""][..],
        &["--host-atoms", "0"],
        &["--host-atoms", "1000,2.5"],
        &["--host-atoms", "3000000000"],
        &["--host-atoms", "20"],
    ] {
        let err = refused(args);
        assert!(err.contains("--host-atoms"), "{args:?}: {err}");
    }
    let both = refused(&["--epsilon", "0.02", "--host-atoms", "1000"]);
    assert!(
        both.contains("--epsilon") && both.contains("--host-atoms"),
        "{both}"
    );
    let neither = refused(&[]);
    assert!(
        neither.contains("--epsilon") && neither.contains("--host-atoms"),
        "{neither}"
    );
}
