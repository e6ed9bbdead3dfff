//! Claim: every bad scene in tests/scenes/bad gives the error its first line announces
//! (`// expect: <text>`), with the file name and a line:column, and never a panic.

use multiscope::scene::Scene;

use crate::common::each_bad_file_gives_its_error;

#[test]
fn every_bad_scene_gives_its_expected_error() {
    let checked = each_bad_file_gives_its_error("tests/scenes/bad", |path| {
        Scene::load(path)
            .and_then(|s| s.build(&path.display().to_string()).map(|_| ()))
            .map_err(|e| e.to_string())
    });
    assert!(checked >= 8, "only {checked} bad scenes");
}

#[test]
fn every_shipped_scene_is_valid_and_builds() {
    for entry in std::fs::read_dir("scenes").unwrap() {
        let path = entry.unwrap().path();
        // `scenes/lessons/` holds lessons, not scenes (tests/cli/lessons.rs checks them).
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let scene = Scene::load(&path).unwrap_or_else(|e| panic!("{e}"));
        scene
            .build(&path.display().to_string())
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn missing_file_is_reported() {
    let err = Scene::load(std::path::Path::new("tests/scenes/no-such.ron")).unwrap_err();
    assert!(err.to_string().contains("tests/scenes/no-such.ron"));
}
