//! What a new user sees on a machine that lacks something the window needs: one message and exit
//! code 2, never a panic. And `doctor`, which reports what the machine offers.
//!
//! The tests that need an X server (the GL fallback with Vulkan hidden, the panic hook) run only
//! with `MULTISCOPE_WINDOW_TEST=1`, as `scripts/test` sets under Xvfb.

use std::process::{Command, Output};

fn multiscope() -> Command {
    Command::new(env!("CARGO_BIN_EXE_multiscope"))
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "a panic reached the user:\n{stderr}"
    );
}

#[test]
fn doctor_prints_every_line() {
    let o = multiscope().arg("doctor").output().unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "doctor failed:\n{out}\n{err}");
    for key in [
        "app:",
        "processor:",
        "cores:",
        "SIMD:",
        "memory:",
        "display:",
        "graphics:",
        "to do",
    ] {
        assert!(out.contains(key), "doctor has no `{key}` line:\n{out}");
    }
    assert!(out.contains("path"), "doctor names no MD path:\n{out}");
}

#[test]
fn doctor_without_a_display_says_what_to_do() {
    let o = multiscope()
        .arg("doctor")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("neither DISPLAY nor WAYLAND_DISPLAY"), "{out}");
    assert!(out.contains("xvfb-run"), "{out}");
}

#[cfg(not(feature = "gui"))]
#[test]
fn a_headless_build_explains_open() {
    for args in [&["open"][..], &["open", "scenes/nanoparticle.ron"], &[]] {
        let o = multiscope().args(args).output().unwrap();
        let (_, err) = text(&o);
        no_panic(&err);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("this build has no app"), "{args:?}: {err}");
        assert!(err.contains("default features"), "{args:?}: {err}");
    }
}

#[cfg(feature = "gui")]
#[test]
fn no_display_is_one_message_and_exit_2() {
    let o = multiscope()
        .args(["open", "--frames", "5"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    no_panic(&err);
    for needle in [
        "needs a display",
        "DISPLAY",
        "xvfb-run",
        "multiscope measure",
    ] {
        assert!(err.contains(needle), "`{needle}` missing:\n{err}");
    }
}

#[cfg(feature = "gui")]
#[test]
fn a_display_nobody_serves_is_named() {
    let o = multiscope()
        .args(["open", "--frames", "5"])
        .env("DISPLAY", ":977")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    no_panic(&err);
    assert!(err.contains("X11 `:977`"), "{err}");
}

/// Under Xvfb with the Vulkan drivers hidden: the app falls back to OpenGL ES and runs, or
/// stops with the message that names the packages.
#[cfg(feature = "gui")]
#[test]
fn hidden_vulkan_falls_back_to_gl_or_says_what_to_install() {
    if std::env::var("MULTISCOPE_WINDOW_TEST").as_deref() != Ok("1") {
        eprintln!("skipped: needs MULTISCOPE_WINDOW_TEST=1 (an X server)");
        return;
    }
    let o = multiscope()
        .args([
            "open",
            "scenes/nanoparticle.ron",
            "--frames",
            "20",
            "--report",
        ])
        .env("VK_ICD_FILENAMES", "/nonexistent/icd.json")
        .env("VK_DRIVER_FILES", "/nonexistent/icd.json")
        .env_remove("WGPU_BACKEND")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    no_panic(&err);
    match o.status.code() {
        Some(0) => assert!(
            out.contains("renderer: Gl on"),
            "ran, but not on the GL fallback:\n{out}\n{err}"
        ),
        Some(2) => assert!(err.contains("libegl1"), "{err}"),
        c => panic!("exit {c:?}:\n{out}\n{err}"),
    }
}

/// A display whose socket answers but whose server refuses the window (here: no authorisation):
/// one message that says what to check, exit code 2, no panic.
#[cfg(feature = "gui")]
#[test]
fn a_display_that_refuses_the_window_is_explained() {
    if std::env::var("MULTISCOPE_WINDOW_TEST").as_deref() != Ok("1") {
        eprintln!("skipped: needs MULTISCOPE_WINDOW_TEST=1 (an X server)");
        return;
    }
    let o = multiscope()
        .args(["open", "scenes/nanoparticle.ron", "--frames", "5"])
        .env("XAUTHORITY", "/nonexistent/xauthority")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}\n{err}");
    no_panic(&err);
    assert!(err.contains("refused the connection"), "{err}");
    assert!(err.contains("XAUTHORITY"), "{err}");
    assert!(!err.contains("internal error"), "{err}");
}

/// A panic in the app: one message with the log's path, the settings saved as a scene that
/// loads, exit code 70.
#[cfg(feature = "gui")]
#[test]
fn a_panic_is_reported_and_the_settings_saved() {
    if std::env::var("MULTISCOPE_WINDOW_TEST").as_deref() != Ok("1") {
        eprintln!("skipped: needs MULTISCOPE_WINDOW_TEST=1 (an X server)");
        return;
    }
    let state = std::env::temp_dir().join(format!("multiscope-crash-{}", std::process::id()));
    std::fs::remove_dir_all(&state).ok();
    let o = multiscope()
        .args([
            "open",
            "scenes/nanoparticle.ron",
            "--frames",
            "400",
            "--fps",
            "0",
            "--panic-after-frames",
            "40",
        ])
        .env("XDG_STATE_HOME", &state)
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(70), "{out}\n{err}");
    no_panic(&err);
    assert!(err.contains("internal error"), "{err}");
    assert!(err.contains("panic.log"), "{err}");
    let dir = std::fs::read_dir(state.join("multiscope"))
        .expect("a crash folder")
        .next()
        .expect("one crash folder")
        .unwrap()
        .path();
    let log = std::fs::read_to_string(dir.join("panic.log")).unwrap();
    assert!(log.contains("a panic on purpose"), "{log}");
    assert!(log.contains("backtrace"), "{log}");
    let scene = dir.join("scene.ron");
    assert!(
        err.contains("scene.ron"),
        "the settings were not saved:\n{err}"
    );
    multiscope::scene::Scene::load(&scene).expect("the saved settings load as a scene");
    std::fs::remove_dir_all(&state).ok();
}
