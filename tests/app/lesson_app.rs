//! Claim: every shipped lesson can be followed in the app, headless (`MinimalPlugins`), through
//! every step: the lesson's navigation messages reach the `LessonPlugin`, each step's commands
//! reach the MD worker, which then reports the state the step sets (scene, field, ε, T, Δt,
//! thermostat, held/free, η, running); the 3D view's options (host atoms, follow, trail) and the
//! panels' request (plots tab, normalised C(t), density pane) are the step's; each step's check is
//! evaluated on the live analysis and, with seconds of data, none claims that the physics failed.
//! Back returns to the previous step's state; Leave ends the lesson and keeps the state.

use std::path::Path;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use multiscope::app::AppSet;
use multiscope::app::lesson::{ActiveLesson, LessonNav, LessonPanelRequest, LessonPlugin};
use multiscope::app::simulation::{LatestAnalysis, LatestSnapshot, PendingCommands};
use multiscope::app::view::{HostDisplay, ViewSettings};
use multiscope::lesson::{self, CheckStatus, HostView, Observed, Particle};
use multiscope::live::{SimCommand, Snapshot};
use multiscope::scene::{ThermostatKind, ThermostatPhase};

use crate::common;

/// The active lesson's runner.
fn runner(app: &App) -> &lesson::LessonRunner {
    app.world()
        .resource::<ActiveLesson>()
        .runner
        .as_ref()
        .unwrap()
}

/// The simulation and lesson plugins, headless, on a small scene that is not the lesson's.
fn app() -> App {
    let scene = common::scene(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    ));
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .configure_sets(
            Update,
            (AppSet::Control, AppSet::Step, AppSet::Publish, AppSet::View).chain(),
        )
        .add_plugins(multiscope::app::simulation::SimulationPlugin::new(
            scene,
            "test scene".into(),
            true,
        ))
        .add_plugins(LessonPlugin::default())
        .init_resource::<ViewSettings>()
        .init_resource::<Sent>()
        .add_systems(
            Update,
            record_sent
                .after(multiscope::app::lesson::navigate)
                .in_set(AppSet::Control),
        );
    app
}

/// Runs frames until `done` says `None` (panics after 60 s with what it last said).
fn update_until(app: &mut App, what: &str, done: impl Fn(&mut World) -> Option<String>) {
    let start = Instant::now();
    loop {
        app.update();
        let Some(why) = done(app.world_mut()) else {
            return;
        };
        assert!(start.elapsed() < Duration::from_secs(60), "{what}: {why}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn snapshot(world: &World) -> Option<&Snapshot> {
    world.resource::<LatestSnapshot>().0.as_ref()
}

/// Why the app is not (yet) in the state the current step sets; `None` when it is. `run_before`:
/// the run id before a step that rebuilds the scene.
fn mismatch(world: &mut World, run_before: Option<u64>) -> Option<String> {
    let r = world.resource::<ActiveLesson>().runner.as_ref()?;
    let index = r.index();
    let want = r.sim_state(index);
    let view_want = r.view_state(index);
    let (scene, name) = r.scene_for(&want).expect("every step has a scene");
    let np = scene
        .nanoparticle
        .as_ref()
        .expect("the lessons' scenes have a nanoparticle");
    // Held; or held for a while, which the worker ends by itself: either may be read back then.
    let held = match want.particle {
        Some(Particle::Held) => Some(true),
        Some(Particle::HoldFor(_)) => None,
        _ => Some(false),
    };
    let thermostat = scene.thermostat.kind != ThermostatKind::None
        && scene.thermostat.during == ThermostatPhase::Always;
    if !world.resource::<PendingCommands>().0.is_empty() {
        return Some("commands still pending".into());
    }
    let s = snapshot(world)?;
    let st = s.settings;
    let engine_ok = run_before.is_none_or(|b| s.run_id > b)
        && s.scene_name == name
        && s.field == scene.field
        && (st.epsilon - np.mass_ratio()).abs() < 1e-12
        && st.temperature == scene.temperature
        && st.dt == scene.integration.time_step
        && held.is_none_or(|h| st.constrained == h)
        && st.thermostat == thermostat
        && st.viscosity == want.viscosity.unwrap_or(true)
        && st.playing == want.playing.unwrap_or(true);
    if !engine_ok {
        return Some(format!(
            "the engine reads back {st:?}, field {:?}, scene {} (run {}); the step wants \
             {want:?} (ε {}, T {}, Δt {}, held {held:?}, field {:?}, {name})",
            s.field,
            s.scene_name,
            s.run_id,
            np.mass_ratio(),
            scene.temperature,
            scene.integration.time_step,
            scene.field
        ));
    }
    let v = world.resource::<ViewSettings>();
    let host = view_want.host.map(|h| match h {
        HostView::All => HostDisplay::All,
        HostView::Slab => HostDisplay::Slab,
        HostView::Shell => HostDisplay::Shell,
        HostView::Hidden => HostDisplay::Hidden,
    });
    if host.is_some_and(|h| h != v.host)
        || view_want.follow.is_some_and(|f| f != v.follow)
        || view_want.trail.is_some_and(|t| t as usize != v.trail_len)
    {
        return Some(format!(
            "the 3D view is {:?}/follow {}/trail {}; the step wants {view_want:?}",
            v.host, v.follow, v.trail_len
        ));
    }
    None
}

/// Takes the panels' request and checks it is the step's view.
fn take_panel_request(world: &mut World, what: &str) {
    let r = world.resource::<ActiveLesson>().runner.as_ref().unwrap();
    let want = r.view_state(r.index());
    let got = world.resource_mut::<LessonPanelRequest>().0.take();
    assert_eq!(got, Some(want), "{what}: the panels' request");
}

/// The commands the lesson sent this frame (recorded between `navigate` and their sending).
#[derive(Resource, Default)]
struct Sent(Vec<SimCommand>);

fn record_sent(pending: Res<PendingCommands>, mut sent: ResMut<Sent>) {
    sent.0.extend(pending.0.iter().cloned());
}

fn nav(app: &mut App, n: LessonNav) {
    app.world_mut().write_message(n);
}

/// Makes the move and runs its frame; returns the run id before it when the step entered
/// rebuilds the scene (then its state counts only once the worker runs the new system).
fn go(app: &mut App, n: LessonNav) -> Option<u64> {
    let before = snapshot(app.world()).map_or(0, |s| s.run_id);
    app.world_mut().resource_mut::<Sent>().0.clear();
    nav(app, n);
    app.update();
    app.world()
        .resource::<Sent>()
        .0
        .iter()
        .any(|c| matches!(c, SimCommand::LoadParsedScene(..)))
        .then_some(before)
}

fn step_id(world: &World) -> String {
    let r = world.resource::<ActiveLesson>().runner.as_ref().unwrap();
    format!("step {} ({})", r.index() + 1, r.step().id)
}

/// Runs frames until the state of the current step is read back.
fn reach(app: &mut App, lesson: &str, run_before: Option<u64>) {
    let what = format!("{lesson}, {}", step_id(app.world()));
    update_until(app, &what, |w| mismatch(w, run_before));
    take_panel_request(app.world_mut(), &what);
}

/// Drives lesson `name` through every step with Next, then Back one step, then Leave.
fn drive(name: &str) {
    let loaded = lesson::find(Path::new(lesson::LESSONS_DIR), name).unwrap();
    let steps = loaded.lesson.steps.len();
    let mut app = app();
    update_until(&mut app, "the first snapshot", |w| {
        snapshot(w).is_none().then(|| "no snapshot".into())
    });
    let rebuilt = go(&mut app, LessonNav::Start(Box::new(loaded), 0));
    assert!(
        rebuilt.is_some(),
        "{name}: the first step builds the lesson's scene"
    );
    reach(&mut app, name, rebuilt);
    let mut visited = 1;
    loop {
        let what = format!("{name}, {}", step_id(app.world()));
        // Let the worker publish an analysis of this state, then evaluate the step's check.
        app.world_mut().resource_mut::<LatestAnalysis>().0 = None;
        update_until(&mut app, &what, |w| {
            let a = w.resource::<LatestAnalysis>().0.as_ref();
            a.is_none().then(|| "no new analysis".into())
        });
        let w = app.world();
        let r = w.resource::<ActiveLesson>().runner.as_ref().unwrap();
        let a = w.resource::<LatestAnalysis>().0.as_ref().unwrap();
        if let Some(out) = r.check(&Observed::analysis(a)) {
            assert_ne!(
                out.status,
                CheckStatus::DoesNotHold,
                "{what}: seconds of data cannot disprove anything: {}",
                out.detail
            );
            assert!(!out.message.is_empty(), "{what}: a check without a message");
        }
        if r.is_last() {
            break;
        }
        let next = r.index() + 1;
        let rebuilt = go(&mut app, LessonNav::Next);
        assert_eq!(runner(&app).index(), next, "{what}: Next did not move on");
        reach(&mut app, name, rebuilt);
        visited += 1;
    }
    assert_eq!(visited, steps, "{name}: every step visited");
    // Back one step: the app returns to that step's state.
    if steps > 1 {
        let rebuilt = go(&mut app, LessonNav::Back);
        assert_eq!(
            runner(&app).index(),
            steps - 2,
            "{name}: Back did not go back"
        );
        reach(&mut app, name, rebuilt);
    }
    // Leave: no lesson, nothing sent, the simulation keeps its run and settings. (Held/free is
    // not compared: a lesson's timed hold may end by itself meanwhile.)
    let settings = snapshot(app.world()).unwrap().settings;
    let run = snapshot(app.world()).unwrap().run_id;
    go(&mut app, LessonNav::Leave);
    assert!(
        app.world().resource::<Sent>().0.is_empty(),
        "{name}: Leave sent commands"
    );
    for _ in 0..20 {
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    let w = app.world();
    assert!(
        w.resource::<ActiveLesson>().runner.is_none(),
        "{name}: Leave"
    );
    let s = snapshot(w).unwrap();
    assert_eq!(s.run_id, run, "{name}: Leave rebuilt the scene");
    assert_eq!(
        (s.settings.epsilon, s.settings.temperature),
        (settings.epsilon, settings.temperature),
        "{name}: Leave changed the settings"
    );
}

#[test]
fn lesson_1_brownian_motion() {
    drive("brownian-motion");
}

#[test]
fn lesson_2_time_scale_separation() {
    drive("time-scale-separation");
}

#[test]
fn lesson_3_plateau_problem() {
    drive("plateau-problem");
}

#[test]
fn lesson_4_two_roads() {
    drive("two-roads");
}

#[test]
fn lesson_5_fokker_planck_to_smoluchowski() {
    drive("fokker-planck-to-smoluchowski");
}

#[test]
fn lesson_6_temperature_viscosity() {
    drive("temperature-viscosity");
}

#[test]
fn lesson_7_barrier_crossing() {
    drive("barrier-crossing");
}
