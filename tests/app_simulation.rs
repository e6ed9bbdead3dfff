//! The app's simulation plugin, headless (`MinimalPlugins`): the worker advances the state, a
//! slider change (a command) reaches the engine, snapshots reach the view resources, an invalid
//! scene is reported without replacing the running one, and a blow-up pauses with a reset.
#![cfg(feature = "gui")]

mod common;

use std::time::{Duration, Instant};

use bevy::prelude::*;
use multiscope::app::AppSet;
use multiscope::app::engine::{Phase, SimCommand};
use multiscope::app::simulation::{
    EngineLog, LatestAnalysis, LatestSnapshot, PendingCommands, SimulationPlugin,
};
use multiscope::app::view::{
    DisplayFrame, Trail, ViewSettings, update_display_frame, update_trail,
};

/// A small nanoparticle (radius 1.6σ) in 300 host atoms, no equilibration: fast enough for a test.
fn app() -> App {
    let text = common::small_nanoparticle(300, "None", "Bussi(tau: 1.0)", false);
    let scene = common::scene(&text);
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
fn an_invalid_scene_is_reported_and_the_running_one_goes_on() {
    let mut app = app();
    update_until(&mut app, "first steps", |w| step(w) >= 5);
    let run_id = app
        .world()
        .resource::<LatestSnapshot>()
        .0
        .as_ref()
        .unwrap()
        .run_id;
    let bad = std::path::PathBuf::from("tests/scenes/bad/syntax-error.ron");
    send(&mut app, SimCommand::LoadScene(bad));
    update_until(&mut app, "the scene error", |w| {
        w.resource::<EngineLog>().scene_error.is_some()
    });
    let message = app
        .world()
        .resource::<EngineLog>()
        .scene_error
        .as_ref()
        .unwrap()
        .to_string();
    // file:line:column: message
    let rest = message
        .strip_prefix("tests/scenes/bad/syntax-error.ron:")
        .unwrap_or_else(|| panic!("file name in {message}"));
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let column: usize = parts.next().unwrap().parse().expect("a column number");
    assert!(line > 1 && column > 0, "{message}");
    let before = step(app.world());
    update_until(&mut app, "more steps", |w| step(w) >= before + 10);
    let s = app.world().resource::<LatestSnapshot>().0.clone().unwrap();
    assert_eq!(s.run_id, run_id, "the running simulation was not replaced");
    assert_eq!(s.scene_name, "test scene");
}

#[test]
fn a_blow_up_pauses_with_the_reason_and_reset_recovers() {
    let mut app = app();
    update_until(&mut app, "first steps", |w| step(w) >= 5);
    send(&mut app, SimCommand::SetTimeStep(0.2));
    update_until(&mut app, "the blow-up", |w| {
        w.resource::<EngineLog>().blow_up.is_some()
    });
    update_until(&mut app, "the paused snapshot", |w| {
        w.resource::<LatestSnapshot>()
            .0
            .as_ref()
            .is_some_and(|s| s.phase == Phase::BlownUp && !s.settings.playing)
    });
    send(&mut app, SimCommand::SetTimeStep(0.004));
    send(&mut app, SimCommand::Reset);
    send(&mut app, SimCommand::Play);
    update_until(&mut app, "running again", |w| {
        w.resource::<EngineLog>().blow_up.is_none()
            && w.resource::<LatestSnapshot>()
                .0
                .as_ref()
                .is_some_and(|s| s.phase == Phase::Production && s.step >= 5)
    });
}

#[test]
fn coarse_density_from_equilibrium_conserves_mass_and_advances() {
    use multiscope::app::coarse_worker::{CoarseDensity, Friction, FrictionSource, Start};
    let mut app = app();
    update_until(&mut app, "a snapshot", |w| step(w) >= 1);
    let s = app.world().resource::<LatestSnapshot>().0.clone().unwrap();
    let kt = s.settings.temperature;
    let friction = Friction::from_zeta(20.0, kt, FrictionSource::Constrained).unwrap();
    assert!((friction.diffusion - kt / 20.0).abs() < 1e-15);
    let mut c = CoarseDensity::new(&s, friction, Start::Equilibrium).unwrap();
    assert!((c.mass() - 1.0).abs() < 1e-9, "mass {}", c.mass());
    assert_eq!(c.time(), 0.0);
    let advanced = c.advance_for(1.0, Duration::from_secs(30)).unwrap();
    assert!(advanced > 0.0 && c.time() > 0.0, "t_CG = {}", c.time());
    assert!((c.mass() - 1.0).abs() < 1e-9, "mass {}", c.mass());
    // Starting from the nanoparticle's own point works too.
    let point = Start::Point {
        phi: s.order.phi[0],
        pi_: s.order.pi_[0],
    };
    let c = CoarseDensity::new(&s, friction, point).unwrap();
    assert!((c.mass() - 1.0).abs() < 1e-9);
}
