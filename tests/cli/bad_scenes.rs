//! Claim: every bad scene in tests/scenes/bad gives the error its first line announces
//! (`// expect: <text>`), with the file name and a line:column, and never a panic.

use multiscope::scene::Scene;

#[test]
fn every_bad_scene_gives_its_expected_error() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/scenes/bad").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| panic!("{} lacks an `// expect:` first line", path.display()));
        let result =
            Scene::load(&path).and_then(|s| s.build(&path.display().to_string()).map(|_| s));
        let err = match result {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(e) => e.to_string(),
        };
        let name = path.display().to_string();
        assert!(
            err.starts_with(&name),
            "{name}: error does not name the file: {err}"
        );
        for part in expect.split(" ... ") {
            assert!(err.contains(part), "{name}: expected `{part}` in: {err}");
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} bad scenes");
}

#[test]
fn every_shipped_scene_is_valid_and_builds() {
    for entry in std::fs::read_dir("scenes").unwrap() {
        let path = entry.unwrap().path();
        // `scenes/lessons/` holds lessons, not scenes (tests/lessons.rs checks them).
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
