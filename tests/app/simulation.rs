//! The app's simulation plugin, headless (`MinimalPlugins`): the frame's commands reach the worker,
//! its snapshots and events reach the view's resources, and the settings are kept between
//! sessions. The worker itself is tested without Bevy in `tests/live/worker.rs`.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use multiscope::app::AppSet;
use multiscope::app::simulation::{
    EngineLog, LatestAnalysis, LatestSnapshot, PendingCommands, SimulationPlugin,
};
use multiscope::app::view::{
    DisplayFrame, Trail, ViewSettings, update_display_frame, update_trail,
};
use multiscope::live::SimCommand;

use crate::common;

/// A small nanoparticle (radius 1.6σ) in 300 host atoms, no equilibration: fast enough for a test.
fn app() -> App {
    app_on(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    ))
}

/// The simulation and view plugins on the scene `text`, playing.
fn app_on(text: &str) -> App {
    let scene = common::scene(text);
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .configure_sets(
            Update,
            (AppSet::Control, AppSet::Step, AppSet::Publish, AppSet::View).chain(),
        )
        .add_plugins(SimulationPlugin::new(scene, "test scene".into(), true))
        .init_resource::<ViewSettings>()
        .init_resource::<Trail>()
        .init_resource::<DisplayFrame>()
        .add_systems(
            Update,
            (update_display_frame, update_trail)
                .chain()
                .in_set(AppSet::View),
        );
    app
}

/// Runs frames until `done` holds (panics after 60 s of wall time).
fn update_until(app: &mut App, what: &str, done: impl Fn(&World) -> bool) {
    let start = Instant::now();
    loop {
        app.update();
        if done(app.world()) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn step(world: &World) -> u64 {
    world
        .resource::<LatestSnapshot>()
        .0
        .as_ref()
        .map_or(0, |s| s.step)
}

fn send(app: &mut App, c: SimCommand) {
    app.world_mut().resource_mut::<PendingCommands>().push(c);
}

#[test]
fn simulation_plugin_advances_the_state() {
    let mut app = app();
    update_until(&mut app, "20 MD steps", |w| step(w) >= 20);
    let s = app.world().resource::<LatestSnapshot>().0.clone().unwrap();
    assert!(s.time > 0.0);
    assert!(s.thermo.temperature > 0.0);
    // The analysis follows a few times per second.
    update_until(&mut app, "momentum samples", |w| {
        w.resource::<LatestAnalysis>()
            .0
            .as_ref()
            .and_then(|a| a.momentum.as_ref())
            .is_some_and(|m| m.samples > 10)
    });
}

#[test]
fn a_slider_change_reaches_the_engine_and_restarts_the_accumulators() {
    let mut app = app();
    update_until(&mut app, "first steps", |w| step(w) >= 5);
    send(&mut app, SimCommand::SetTemperature(1.7));
    send(&mut app, SimCommand::SetEpsilon(0.02));
    send(&mut app, SimCommand::SetTimeStep(0.003));
    update_until(&mut app, "the new settings read back", |w| {
        w.resource::<LatestSnapshot>().0.as_ref().is_some_and(|s| {
            let st = s.settings;
            st.temperature == 1.7 && (st.epsilon - 0.02).abs() < 1e-12 && st.dt == 0.003
        })
    });
    let s = app.world().resource::<LatestSnapshot>().0.clone().unwrap();
    assert!((s.order.mass - 50.0).abs() < 1e-9, "m = 1/ε");
    update_until(&mut app, "the restart notice", |w| {
        w.resource::<LatestAnalysis>()
            .0
            .as_ref()
            .is_some_and(|a| a.restart_reason.contains("Δt"))
    });
    let log = app.world().resource::<EngineLog>();
    assert!(
        log.notices
            .iter()
            .any(|n| n.contains("correlations restarted: T changed")),
        "{:?}",
        log.notices
    );
}

#[test]
fn snapshots_reach_the_view_resources() {
    let mut app = app();
    update_until(&mut app, "a few snapshots", |w| {
        w.resource::<Trail>().points.len() >= 3
    });
    let s = app.world().resource::<LatestSnapshot>().0.clone().unwrap();
    assert!(s.n_star > 0);
    assert_eq!(s.positions.len(), 300 + s.n_star);
    assert_eq!(s.types.len(), 300 + s.n_star);
    assert!(s.types[..s.n_star].iter().all(|&t| t == 1));
    let l = s.box_length as f32;
    assert!(
        s.positions
            .iter()
            .all(|p| p.iter().all(|&x| (0.0..=l).contains(&x))),
        "positions are wrapped"
    );
    let frame = *app.world().resource::<DisplayFrame>();
    assert_eq!(frame.length, l);
    assert!(frame.has_nanoparticle);
    assert!((0.0..=l).contains(&frame.marker.x));
}

#[test]
fn preferences_are_read_at_start_and_written_after_a_change() {
    use multiscope::app::preferences::{Preferences, PreferencesPlugin};
    use multiscope::app::ui::{Panels, controls, density, lesson, plots};
    use multiscope::app::view::HostDisplay;
    let scratch = common::scratch("app_preferences");
    let dir = scratch.to_path_buf();
    let path = dir.join("app.ron");
    let mut p = Preferences::default();
    p.view.host = HostDisplay::Shell;
    p.view.shell = 7.0;
    p.argon_units = true;
    p.density_rate = 300.0;
    p.save(&path).unwrap();
    let build = |path: &std::path::Path| {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .insert_resource(Panels {
                controls: controls::ControlsPanel::new(dir.clone()),
                plots: plots::PlotsPanel::default(),
                density: density::DensityPane::default(),
                lesson: lesson::LessonPanel::default(),
            })
            .init_resource::<ViewSettings>()
            .init_resource::<EngineLog>()
            .add_plugins(PreferencesPlugin {
                path: Some(path.to_path_buf()),
                argon: false,
            });
        app.update();
        app
    };
    let mut app = build(&path);
    let view = app.world().resource::<ViewSettings>().clone();
    assert_eq!((view.host, view.shell), (HostDisplay::Shell, 7.0));
    let panels = app.world().resource::<Panels>();
    assert!(panels.controls.argon_units);
    assert_eq!(panels.density.cg_rate, 300.0);
    // A change is written a second later.
    app.world_mut().resource_mut::<ViewSettings>().trail_len = 1234;
    let start = Instant::now();
    loop {
        app.update();
        if Preferences::load(&path)
            .unwrap()
            .is_some_and(|p| p.view.trail_len == 1234)
        {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "not written");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A file that cannot be read is reported, and the defaults are used.
    std::fs::write(&path, "(view: (host: Sideways))").unwrap();
    let app = build(&path);
    let log = app.world().resource::<EngineLog>();
    assert!(
        log.notices
            .iter()
            .any(|n| n.contains("settings not read") && n.contains("app.ron:1:")),
        "{:?}",
        log.notices
    );
    assert_eq!(
        *app.world().resource::<ViewSettings>(),
        ViewSettings::default()
    );
}
