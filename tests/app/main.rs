//! The desktop app (needs the default feature `gui`; Bevy): the simulation plugin and the lesson
//! runner headless, and the app in a real window under Xvfb (only with
//! `MULTISCOPE_WINDOW_TEST=1`, as `scripts/test` and `scripts/window-test` set).
#![cfg(feature = "gui")]

#[path = "../common/mod.rs"]
mod common;

mod fonts;
mod lesson_app;
mod simulation;
mod window;
