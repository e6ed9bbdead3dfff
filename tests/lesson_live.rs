//! Claim: every shipped lesson can be driven through every step with a real live session (the MD
//! worker, no Bevy), as the app does: each step's commands reach the engine, and the engine then
//! reports the state the step sets (scene, field, ε, T, Δt, thermostat, held/free, η, running);
//! each step's check is evaluated on the live analysis, and with seconds of data none claims that
//! the physics failed.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::live::Probe;
use multiscope::lesson::{self, CheckStatus, LessonRunner, Observed, Particle, StepEntry};
use multiscope::scene::{ThermostatKind, ThermostatPhase};

/// Sends a step's commands and waits until the engine reads back the state the runner wants.
fn apply_and_verify(p: &mut Probe, r: &LessonRunner, entry: &StepEntry, lesson: &str) {
    let run_before = p.snapshot.as_ref().map_or(0, |s| s.run_id);
    let rebuilds = entry
        .commands
        .iter()
        .any(|c| matches!(c, multiscope::live::SimCommand::LoadParsedScene(..)));
    for c in &entry.commands {
        p.send(c.clone());
    }
    let want = r.sim_state(entry.index);
    let (scene, name) = r.scene_for(&want).expect("every step has a scene");
    let np = scene
        .nanoparticle
        .expect("the lessons' scenes have a nanoparticle");
    let held = matches!(want.particle, Some(Particle::Held | Particle::HoldFor(_)));
    let thermostat = scene.thermostat.kind != ThermostatKind::None
        && scene.thermostat.during == ThermostatPhase::Always;
    let what = format!("{lesson}, step {} ({})", entry.index, r.step().id);
    let start = Instant::now();
    loop {
        p.poll();
        if let Some(s) = &p.snapshot {
            let st = s.settings;
            let ok = (!rebuilds || s.run_id > run_before)
                && s.scene_name == name
                && s.field == scene.field
                && (st.epsilon - np.epsilon).abs() < 1e-12
                && st.temperature == scene.temperature
                && st.dt == scene.integration.time_step
                && st.constrained == held
                && st.thermostat == thermostat
                && st.viscosity == want.viscosity.unwrap_or(true)
                && st.playing == want.playing.unwrap_or(true);
            if ok {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{what}: the engine does not read back the step's state: {st:?}, field {:?}, \
                 scene {}; wanted {want:?} (ε {}, T {}, Δt {}, held {held}, field {:?}, {name})",
                s.field,
                s.scene_name,
                np.epsilon,
                scene.temperature,
                scene.integration.time_step,
                scene.field
            );
        }
        assert!(p.engine.is_alive(), "{what}: the worker died");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Drives lesson `name` forward through every step, then one step back.
fn drive(name: &str) {
    let loaded = lesson::find(Path::new(lesson::LESSONS_DIR), name).unwrap();
    let steps = loaded.lesson.steps.len();
    let mut r = LessonRunner::new(loaded);
    // The session runs some other scene when the lesson starts.
    let mut p = Probe::start(common::scene(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    )));
    p.until("the first snapshot", |p| p.snapshot.is_some());
    let mut entry = r.start();
    let mut visited = 0;
    loop {
        apply_and_verify(&mut p, &r, &entry, name);
        visited += 1;
        // Let the worker publish an analysis of this state, then evaluate the step's check.
        let epoch = p.analysis.as_ref().map_or(0, |a| a.epoch);
        p.until("an analysis", |p| {
            p.analysis.as_ref().is_some_and(|a| a.epoch >= epoch)
        });
        let a = p.analysis();
        let seen = Observed::analysis(&a);
        if r.step().check.is_some() {
            let out = r.check(&seen).unwrap();
            assert_ne!(
                out.status,
                CheckStatus::DoesNotHold,
                "{name}, step {}: seconds of data cannot disprove anything: {}",
                r.step().id,
                out.detail
            );
            assert!(!out.message.is_empty());
        }
        match r.next(&seen) {
            Some(e) => entry = e,
            None => break,
        }
    }
    assert_eq!(visited, steps);
    // Back one step: the engine returns to that step's state.
    if let Some(back) = r.back() {
        apply_and_verify(&mut p, &r, &back, name);
    }
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
