//! Claim: damaged checkpoint files (truncated, bit flips, another format version, wrong atom
//! counts) and damaged coefficient files give an error naming the file, never a panic, and
//! loading leaves the file untouched.

use multiscope::coarse::Coefficients;
use multiscope::md::Simulation;
use multiscope::scene::Scene;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::common::{multiscope, run_command, scratch};

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(7),
        ..Config::default()
    }
}

/// A small valid checkpoint's bytes (built once).
fn checkpoint_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let scene = Scene::load(std::path::Path::new("tests/scenes/small.ron")).unwrap();
        let mut sim = scene.build("small").unwrap();
        sim.run(5).unwrap();
        let dir = scratch("fuzz_good_checkpoint");
        let path = dir.join("good.json");
        sim.save_checkpoint(&path).unwrap();
        std::fs::read(&path).unwrap()
    })
}

fn damage(bytes: &[u8], kind: usize, at: f64, bit: u8) -> Vec<u8> {
    let k = ((at * bytes.len() as f64) as usize).min(bytes.len() - 1);
    let mut out = bytes.to_vec();
    match kind {
        0 => out.truncate(k),
        1 => out[k] ^= 1 << (bit % 8),
        2 => {
            let text = String::from_utf8(out).unwrap();
            return text
                .replace("multiscope-checkpoint-1", "multiscope-checkpoint-2")
                .into_bytes();
        }
        _ => {
            // Wrong atom counts: drop one entry from one per-atom array.
            let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let arrays = [
                "/state/positions",
                "/state/velocities",
                "/state/images",
                "/system/masses",
                "/system/types",
                "/list_reference",
                "/list_reference_unwrapped",
            ];
            let a = v.pointer_mut(arrays[k % arrays.len()]).unwrap();
            a.as_array_mut().unwrap().pop();
            return serde_json::to_vec(&v).unwrap();
        }
    }
    out
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn damaged_checkpoints_are_refused_clearly_and_left_alone(
        kind in 0usize..4, at in 0.0f64..1.0, bit in 0u8..8,
    ) {
        let bytes = damage(checkpoint_bytes(), kind, at, bit);
        let dir = scratch("fuzz_damaged_checkpoint");
        let path = dir.join(format!("damaged-{kind}.json"));
        std::fs::write(&path, &bytes).unwrap();
        match Simulation::load_checkpoint(&path) {
            Ok(mut sim) => {
                // A flip that kept the file valid: the run may fail, but must not panic.
                let _ = sim.run(3);
            }
            Err(e) => {
                let e = e.to_string();
                prop_assert!(e.contains(&path.display().to_string()), "{}", e);
                if kind == 2 {
                    prop_assert!(e.contains("another version"), "{}", e);
                }
                if kind == 3 {
                    prop_assert!(e.contains("atom counts disagree"), "{}", e);
                }
            }
        }
        prop_assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn saving_never_touches_a_neighbouring_tmp_file_and_failures_keep_the_old_checkpoint() {
    let dir = scratch("checkpoint_save");
    let scene = Scene::load(std::path::Path::new("tests/scenes/small.ron")).unwrap();
    let sim = scene.build("small").unwrap();
    // The old code wrote `state.tmp` for `state.json`, destroying a user's file of that name.
    std::fs::write(dir.join("state.tmp"), "mine").unwrap();
    sim.save_checkpoint(&dir.join("state.json")).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("state.tmp")).unwrap(),
        "mine"
    );
    // Saving to `a.tmp` works and leaves no temporary file.
    sim.save_checkpoint(&dir.join("a.tmp")).unwrap();
    Simulation::load_checkpoint(&dir.join("a.tmp")).unwrap();
    // A save that cannot finish (the target is a folder) keeps what was there.
    std::fs::create_dir_all(dir.join("folder.json")).unwrap();
    let e = sim
        .save_checkpoint(&dir.join("folder.json"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("folder.json") && e.contains("unchanged"), "{e}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.tmp", "folder.json", "state.json", "state.tmp"]);
}

const COEFFICIENTS: &str = r#"{"epsilon":0.01,"mass":100,"beta":1.3,"box_length":15.4,
"d_theta":{"mean":0.02,"sem":0.001},"zeta":{"mean":[[50,0,0],[0,50,0],[0,0,50]],"sem":[[1,0,0],[0,1,0],[0,0,1]]},
"f_th":{"axis":"x","positions":[1,2,3,4],"values":[{"mean":0.1,"sem":0.01},{"mean":0.2},{"mean":-0.1},{"mean":0}]}}"#;

const ODD: &[&str] = &[
    "NaN",
    "1e308",
    "-1e308",
    "1e-320",
    "-0",
    "0",
    "-1",
    "18446744073709551616",
    "\"x\"",
    "null",
    "[]",
    "{}",
    "[1,2]",
    "1e999",
    "true",
];

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn damaged_coefficient_files_are_refused_clearly(
        kind in 0usize..4, at in 0.0f64..1.0, pick in 0usize..100,
    ) {
        let text = COEFFICIENTS;
        let mut k = ((at * text.len() as f64) as usize).min(text.len());
        while !text.is_char_boundary(k) { k -= 1; }
        let mutated = match kind {
            0 => text[..k].to_string(),
            1 => format!("{}{}{}", &text[..k], ODD[pick % ODD.len()], &text[k..]),
            2 => {
                // Replace the number starting at or after k.
                let start = text[k..].find(|c: char| c.is_ascii_digit()).map_or(text.len(), |s| k + s);
                let end = text[start..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-')).map_or(text.len(), |e| start + e);
                format!("{}{}{}", &text[..start], ODD[pick % ODD.len()], &text[end..])
            }
            _ => {
                let mut b = text.as_bytes().to_vec();
                if !b.is_empty() { let i = k.min(b.len() - 1); b[i] ^= 1 << (pick % 7); }
                String::from_utf8_lossy(&b).into_owned()
            }
        };
        match Coefficients::from_json_str(&mutated, "c.json") {
            Ok(c) => {
                let _ = c.diffusion_xx();
                let _ = c.mean_force();
                let _ = c.diffusion_diagonal();
            }
            Err(e) => prop_assert!(e.to_string().starts_with("coefficients c.json"), "{}", e),
        }
    }
}

#[test]
fn the_binary_refuses_a_damaged_coefficients_file_naming_it() {
    let dir = scratch("damaged_coefficients");
    let path = dir.join("bad-coefficients.json");
    std::fs::write(
        &path,
        r#"{"epsilon":1e300,"mass":100,"beta":1,"d_theta":{"mean":0.02}}"#,
    )
    .unwrap();
    let out = run_command(
        multiscope()
            .args(["solve", "--coefficients"])
            .arg(&path)
            .arg("--out")
            .arg(dir.join("solve-out")),
    );
    let err = &out.stderr;
    assert_eq!(out.code, Some(2), "{err}");
    assert!(
        err.contains("bad-coefficients.json") && err.contains("epsilon = 1e300"),
        "{err}"
    );
}
