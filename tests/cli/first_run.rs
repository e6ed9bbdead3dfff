//! What a new user sees on a machine that lacks something the window needs: one message and exit
//! code 2, never a panic. And `doctor`, which reports what the machine offers.
//!
//! The tests that need an X server (the GL fallback with Vulkan hidden, the panic hook) run only
//! with `MULTISCOPE_WINDOW_TEST=1`, as `scripts/test` sets under Xvfb.

use std::process::Command;

use crate::common::{multiscope, run, run_command};
#[cfg(feature = "gui")]
use crate::common::{scratch, window_test};

fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "a panic reached the user:\n{stderr}"
    );
}

/// `multiscope` with `args` and no Wayland display (the environment is the test's to finish).
fn without_wayland(args: &[&str]) -> Command {
    let mut c = multiscope();
    c.args(args)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET");
    c
}

/// Runs `command`, which must stop with exit code 2 and no panic; returns its stderr.
#[cfg(feature = "gui")]
fn refused(command: &mut Command) -> String {
    let o = run_command(command);
    assert_eq!(o.code, Some(2), "{o}");
    no_panic(&o.stderr);
    o.stderr
}

#[test]
fn doctor_prints_every_line() {
    let o = run(["doctor"]).ok();
    let out = &o.stdout;
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
    let o = run_command(without_wayland(&["doctor"]).env_remove("DISPLAY")).ok();
    let out = &o.stdout;
    assert!(out.contains("neither DISPLAY nor WAYLAND_DISPLAY"), "{out}");
    assert!(out.contains("xvfb-run"), "{out}");
}

#[cfg(not(feature = "gui"))]
#[test]
fn a_headless_build_explains_open() {
    for args in [&["open"][..], &["open", "scenes/nanoparticle.ron"], &[]] {
        let o = run(args);
        let err = &o.stderr;
        no_panic(err);
        assert_eq!(o.code, Some(2), "{args:?}: {err}");
        assert!(err.contains("this build has no app"), "{args:?}: {err}");
        assert!(err.contains("default features"), "{args:?}: {err}");
    }
}

#[cfg(feature = "gui")]
#[test]
fn no_display_is_one_message_and_exit_2() {
    let err = refused(without_wayland(&["open", "--frames", "5"]).env_remove("DISPLAY"));
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
    let err = refused(without_wayland(&["open", "--frames", "5"]).env("DISPLAY", ":977"));
    assert!(err.contains("X11 `:977`"), "{err}");
}

/// Under Xvfb with the Vulkan drivers hidden: the app falls back to OpenGL ES and runs, or
/// stops with the message that names the packages.
#[cfg(feature = "gui")]
#[test]
fn hidden_vulkan_falls_back_to_gl_or_says_what_to_install() {
    if !window_test("an X server") {
        return;
    }
    let o = run_command(
        multiscope()
            .args([
                "open",
                "scenes/nanoparticle.ron",
                "--frames",
                "20",
                "--report",
            ])
            .env("VK_ICD_FILENAMES", "/nonexistent/icd.json")
            .env("VK_DRIVER_FILES", "/nonexistent/icd.json")
            .env_remove("WGPU_BACKEND"),
    );
    let (out, err) = (&o.stdout, &o.stderr);
    no_panic(err);
    match o.code {
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
    if !window_test("an X server") {
        return;
    }
    let err = refused(
        without_wayland(&["open", "scenes/nanoparticle.ron", "--frames", "5"])
            .env("XAUTHORITY", "/nonexistent/xauthority"),
    );
    assert!(err.contains("refused the connection"), "{err}");
    assert!(err.contains("XAUTHORITY"), "{err}");
    assert!(!err.contains("internal error"), "{err}");
}

/// A panic in the app: one message with the log's path, the settings saved as a scene that
/// loads, exit code 70.
#[cfg(feature = "gui")]
#[test]
fn a_panic_is_reported_and_the_settings_saved() {
    if !window_test("an X server") {
        return;
    }
    let state = scratch("panic_state");
    let o = run_command(
        multiscope()
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
            .env("XDG_STATE_HOME", &state),
    );
    let (out, err) = (&o.stdout, &o.stderr);
    assert_eq!(o.code, Some(70), "{out}\n{err}");
    no_panic(err);
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
}
