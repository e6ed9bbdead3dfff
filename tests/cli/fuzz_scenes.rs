//! Claim: `multiscope check` (its library function and the binary) answers every mutation of the
//! shipped scenes — odd values, deleted or duplicated fields, truncated text, junk — with Ok or an
//! error naming the file (and a line:column where there is one), never a panic, quickly, without
//! building the system.

use std::time::{Duration, Instant};

use multiscope::cli::check_scene;
use multiscope::scene::Scene;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::common::{multiscope, run_command, scratch};

const NAME: &str = "mutant.ron";

fn shipped() -> Vec<String> {
    // The `.ron` scene files (not `scenes/lessons/`, which holds lessons).
    let mut texts: Vec<String> = std::fs::read_dir("scenes")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts
}

const VALUES: &[&str] = &[
    "NaN",
    "inf",
    "-inf",
    "-0.0",
    "-0",
    "1e308",
    "-1e308",
    "1e-320",
    "-1",
    "0",
    "0.0",
    "1",
    "18446744073709551615",
    "18446744073709551616",
    "4294967296",
    "1000000000000",
    "99999999",
    "20",
    "1.5",
    "2.5",
    "-2.5",
    "\"text\"",
    "None",
    "()",
    "[]",
];

const JUNK: &[&str] = &[
    "(", ")", ",", ":", "::", "\"", "/*", "// c\n", "Some(", "ü", "\u{0}", "x: 1,",
];

/// One mutation of `text`, chosen by `kind`, placed by `at` (a fraction of the text).
fn mutate(text: &str, kind: usize, at: f64, pick: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let line = ((at * lines.len() as f64) as usize).min(lines.len() - 1);
    let mut byte = ((at * text.len() as f64) as usize).min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    match kind {
        // Replace the number (or word after a colon) on one line.
        0 => {
            let l = lines[line];
            let new = match l.find(':') {
                Some(c) => {
                    let rest = &l[c + 1..];
                    let end = rest.find([',', ')']).unwrap_or(rest.len());
                    format!(
                        "{}: {}{}",
                        &l[..c],
                        VALUES[pick % VALUES.len()],
                        &rest[end..]
                    )
                }
                None => l.to_string(),
            };
            replace_line(&lines, line, Some(new))
        }
        // Replace every number of one line's value list (e.g. every field of a pair).
        1 => {
            let v = VALUES[pick % VALUES.len()];
            let new: String = lines[line]
                .split(' ')
                .map(|w| {
                    let digits = w.trim_end_matches([',', ')']);
                    if digits.parse::<f64>().is_ok() {
                        format!("{v}{}", &w[digits.len()..])
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            replace_line(&lines, line, Some(new))
        }
        2 => replace_line(&lines, line, None),
        3 => {
            let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            out.insert(line, lines[line].to_string());
            out.join("\n")
        }
        4 => text[..byte].to_string(),
        _ => format!(
            "{}{}{}",
            &text[..byte],
            JUNK[pick % JUNK.len()],
            &text[byte..]
        ),
    }
}

fn replace_line(lines: &[&str], k: usize, new: Option<String>) -> String {
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    match new {
        Some(n) => out[k] = n,
        None => {
            out.remove(k);
        }
    }
    out.join("\n")
}

/// The library path of `check`: parse, validate, host placement and memory check, summary.
fn check_text(text: &str) -> Result<String, String> {
    let scene = Scene::parse(text, NAME).map_err(|e| e.to_string())?;
    check_scene(&scene, NAME, 2).map_err(|e| e.to_string())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(2026),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn check_never_panics_and_errors_name_the_file(
        scene in 0usize..5,
        mutations in proptest::collection::vec((0usize..6, 0.0f64..1.0, 0usize..1000), 1..3),
    ) {
        let mut text = shipped()[scene].clone();
        for (kind, at, pick) in mutations {
            text = mutate(&text, kind, at, pick);
        }
        let start = Instant::now();
        let result = check_text(&text);
        prop_assert!(start.elapsed() < Duration::from_secs(5), "check took {:?}", start.elapsed());
        if let Err(e) = result {
            prop_assert!(e.starts_with(NAME), "error does not name the file: {}", e);
        }
    }
}

#[test]
fn a_huge_scene_is_refused_or_summarised_at_once_without_building_it() {
    let base = std::fs::read_to_string("scenes/nanoparticle.ron").unwrap();
    for n in ["20000000", "110000000", "4294967200", "1000000000000"] {
        let text = base.replace("host_atoms: 3000", &format!("host_atoms: {n}"));
        let start = Instant::now();
        let result = check_text(&text);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{n}: {:?}",
            start.elapsed()
        );
        if let Err(e) = result {
            assert!(e.starts_with(NAME), "{e}");
        }
    }
    let text = base.replace("host_atoms: 3000", "host_atoms: 1000000000000");
    let e = check_text(&text).unwrap_err();
    assert!(
        e.starts_with("mutant.ron:6:5: `host_atoms`") && e.contains("32-bit"),
        "{e}"
    );
    let text = base.replace("epsilon: 0.0115", "epsilon: 1e300");
    let e = check_text(&text).unwrap_err();
    assert!(e.contains("is 1e300;") && e.len() < 300, "{e}");
}

#[test]
fn the_binary_checks_mutants_quickly_with_file_line_column() {
    let dir = scratch("fuzz_binary_check");
    let base = std::fs::read_to_string("scenes/nanoparticle.ron").unwrap();
    let cases = [
        ("host_atoms: 3000", "host_atoms: 1000000000000", ":6:5:", 2),
        ("host_atoms: 3000", "host_atoms: 200000000", "host_atoms", 2),
        ("temperature: 0.722", "temperature: NaN", ":8:5:", 2),
        ("seed: 2026,", "seed: 2026,\n    seed: 1,", "duplicate", 2),
        ("host_atoms: 3000", "host_atoms: 20000000", "ok", 0),
    ];
    for (k, (from, to, expect, code)) in cases.iter().enumerate() {
        let path = dir.join(format!("case{k}.ron"));
        std::fs::write(&path, base.replace(from, to)).unwrap();
        let start = Instant::now();
        let out = run_command(multiscope().arg("check").arg(&path));
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{to}: {:?}",
            start.elapsed()
        );
        let text = format!("{}{}", out.stdout, out.stderr);
        assert_eq!(out.code, Some(*code), "{to}: {text}");
        assert!(text.contains(&path.display().to_string()), "{to}: {text}");
        assert!(
            text.to_lowercase().contains(expect),
            "{to}: expected {expect} in {text}"
        );
    }
}
