//! The live session's MD worker without any front end (no Bevy): it advances and publishes at its
//! stated rates, commands reach the engine and restart the measurement when the dynamics change,
//! an invalid scene is reported while the running one goes on, a blow-up pauses with its reason
//! and a reset recovers, and η's measurement can be switched off and on.

use std::time::{Duration, Instant};

use multiscope::live::{EngineEvent, Phase, SimCommand, worker::ANALYSIS_PERIOD};

use crate::common;
use crate::common::live::Probe;

/// The small test scene (13-atom sphere in 300 host atoms, Bussi τ_T = 1), no equilibration.
fn probe() -> Probe {
    Probe::start(common::scene(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    )))
}

#[test]
fn the_worker_advances_and_publishes_the_analysis_at_its_period() {
    let mut p = probe();
    p.until("20 MD steps", |p| p.step() >= 20);
    let s = p.snapshot();
    assert!(s.time > 0.0 && s.thermo.temperature > 0.0);
    assert_eq!(s.phase, Phase::Production);
    p.until("momentum samples", |p| {
        p.analysis
            .as_ref()
            .and_then(|a| a.momentum.as_ref())
            .is_some_and(|m| m.samples > 10)
    });
    // The analysis comes every ANALYSIS_PERIOD (300 ms) while the MD runs: 10 in 3 s. Allow for a
    // loaded machine below, but never more than the period allows.
    let before = p.analyses;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        p.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
    let n = p.analyses - before;
    let most = (3.0 / ANALYSIS_PERIOD.as_secs_f64()).ceil() as u64 + 1;
    assert!((3..=most).contains(&n), "{n} analyses in 3 s");
    // Its report is the measurement's own: D_γ from γ once two blocks (20 τ) have passed.
    p.until("D_γ", |p| {
        p.analysis.as_ref().is_some_and(|a| a.d_gamma().is_some())
    });
    let a = p.analysis();
    assert!(a.momentum.as_ref().unwrap().blocks >= 2);
    assert!(a.d_gamma().unwrap().mean > 0.0);
    assert!((a.mass() - 20.0).abs() < 1e-9, "m = 1/ε = 20");
    assert!(!a.force_constrained && a.d_theta().is_none());
}

#[test]
fn a_change_of_dynamics_reaches_the_engine_and_restarts_the_measurement() {
    let mut p = probe();
    p.until("momentum samples", |p| {
        p.analysis
            .as_ref()
            .and_then(|a| a.momentum.as_ref())
            .is_some_and(|m| m.samples > 500)
    });
    let epoch = p.analysis().epoch;
    p.send(SimCommand::SetTemperature(1.7));
    p.send(SimCommand::SetEpsilon(0.02));
    p.send(SimCommand::SetTimeStep(0.003));
    p.until("the new settings read back", |p| {
        p.snapshot.as_ref().is_some_and(|s| {
            let st = s.settings;
            st.temperature == 1.7 && (st.epsilon - 0.02).abs() < 1e-12 && st.dt == 0.003
        })
    });
    assert!((p.snapshot().order.mass - 50.0).abs() < 1e-9, "m = 1/ε");
    p.until("the restart", |p| {
        p.analysis
            .as_ref()
            .is_some_and(|a| a.restart_reason.contains("Δt"))
    });
    let a = p.analysis();
    assert!(
        a.epoch >= epoch + 3,
        "three restarts: {} → {}",
        epoch,
        a.epoch
    );
    assert!(a.momentum.as_ref().is_none_or(|m| m.samples < 500));
    assert_eq!(a.report.time_step, 0.003);
    assert_eq!(a.report.temperature, 1.7);
    assert!((a.mass() - 50.0).abs() < 1e-9);
    for want in [
        "T changed to 1.700",
        "ε changed to 0.0200",
        "Δt changed to 0.0030 τ",
    ] {
        assert!(
            p.events
                .iter()
                .any(|e| matches!(e, EngineEvent::AccumulatorsRestarted(w) if w == want)),
            "{want}: {:?}",
            p.events
        );
    }
}

#[test]
fn holding_the_particle_measures_zeta_and_freeing_it_measures_gamma_again() {
    let mut p = probe();
    p.until("a snapshot", |p| p.step() >= 1);
    p.send(SimCommand::SetConstrained(true));
    p.until("ζ and D_θ of the held particle", |p| {
        p.analysis
            .as_ref()
            .is_some_and(|a| a.force_constrained && a.zeta().is_some())
    });
    let a = p.analysis();
    assert!(p.snapshot().settings.constrained);
    assert!(a.momentum.is_none(), "no momentum while held");
    let (z, d) = (a.zeta().unwrap(), a.d_theta().unwrap());
    let t = a.temperature.expect("the held segment's temperature");
    assert!(
        z.mean > 0.0 && (d.mean * z.mean / t.mean - 1.0).abs() < 1e-12,
        "D_θ = T/ζ"
    );
    assert_eq!(a.report.measured_temperature_constrained, Some(t));
    p.send(SimCommand::SetConstrained(false));
    p.until("the free particle's momentum again", |p| {
        p.analysis
            .as_ref()
            .is_some_and(|a| !a.force_constrained && a.momentum.is_some())
    });
    // The free epoch keeps the held particle's ζ for its predictions, and says so.
    let a = p.analysis();
    assert!(a.zeta().is_some() && a.report.notes.iter().any(|n| n.contains("held particle")));
}

/// Waits for the worker's report of a scene it could not load, and returns its message.
fn scene_failure(p: &mut Probe) -> String {
    p.until("the scene error", |p| {
        p.events
            .iter()
            .any(|e| matches!(e, EngineEvent::SceneFailed(_)))
    });
    p.events
        .iter()
        .find_map(|e| match e {
            EngineEvent::SceneFailed(err) => Some(err.to_string()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn an_invalid_scene_is_reported_and_the_running_one_goes_on() {
    let mut p = probe();
    p.until("first steps", |p| p.step() >= 5);
    let run_id = p.snapshot().run_id;
    let bad = std::path::PathBuf::from("tests/scenes/bad/syntax-error.ron");
    p.send(SimCommand::LoadScene(bad));
    let message = scene_failure(&mut p);
    // file:line:column: message
    let rest = message
        .strip_prefix("tests/scenes/bad/syntax-error.ron:")
        .unwrap_or_else(|| panic!("file name in {message}"));
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let column: usize = parts.next().unwrap().parse().expect("a column number");
    assert!(line > 1 && column > 0, "{message}");
    let before = p.step();
    p.until("more steps", |p| p.step() >= before + 10);
    let s = p.snapshot();
    assert_eq!(s.run_id, run_id, "the running simulation was not replaced");
    assert_eq!(s.scene_name, "test scene");
}

#[test]
fn a_blow_up_pauses_with_the_reason_and_reset_recovers() {
    let mut p = probe();
    p.until("first steps", |p| p.step() >= 5);
    p.send(SimCommand::SetTimeStep(0.2));
    p.until("the blow-up", |p| {
        p.events.iter().any(|e| matches!(e, EngineEvent::BlewUp(_)))
    });
    p.until("the paused snapshot", |p| {
        p.snapshot
            .as_ref()
            .is_some_and(|s| s.phase == Phase::BlownUp && !s.settings.playing)
    });
    // Paused means paused: no step is taken, even when asked to play.
    let stuck = p.step();
    p.send(SimCommand::Play);
    std::thread::sleep(Duration::from_millis(200));
    p.poll();
    assert_eq!(p.step(), stuck);
    p.send(SimCommand::SetTimeStep(0.004));
    p.send(SimCommand::Reset);
    p.send(SimCommand::Play);
    p.until("running again", |p| {
        p.snapshot
            .as_ref()
            .is_some_and(|s| s.phase == Phase::Production && s.step >= 5 && s.run_id > 1)
    });
}

#[test]
fn viscosity_measurement_can_be_switched_off_and_on() {
    let mut p = probe();
    p.until("η measured", |p| {
        p.analysis.as_ref().is_some_and(|a| a.viscosity().is_some())
    });
    let momentum_samples = |p: &Probe| p.analysis().momentum.map_or(0, |m| m.samples);
    let before = momentum_samples(&p);
    p.send(SimCommand::SetViscosity(false));
    p.until("η off and its correlator restarted", |p| {
        p.snapshot.as_ref().is_some_and(|s| !s.settings.viscosity)
            && p.analysis.as_ref().is_some_and(|a| a.viscosity().is_none())
    });
    // Only η restarts: the momentum correlation goes on.
    assert!(momentum_samples(&p) >= before);
    let s0 = p.step();
    p.until("more steps", |p| p.step() > s0 + 3000);
    let a = p.analysis();
    assert!(a.viscosity().is_none() && a.stokes_einstein().is_none());
    p.send(SimCommand::SetViscosity(true));
    p.until("η measured again", |p| {
        p.analysis.as_ref().is_some_and(|a| a.viscosity().is_some())
    });
}

#[test]
fn hold_for_measures_zeta_then_frees_the_particle_whose_predictions_use_it() {
    let mut p = probe();
    p.until("a snapshot", |p| p.step() >= 1);
    p.send(SimCommand::HoldFor(25.0));
    p.until("held, with ζ measured", |p| {
        p.analysis
            .as_ref()
            .is_some_and(|a| a.force_constrained && a.zeta().is_some())
    });
    let held_zeta = p.analysis().zeta().unwrap();
    p.until("freed after 25 τ", |p| {
        p.snapshot
            .as_ref()
            .is_some_and(|s| !s.settings.constrained && s.time >= 25.0)
    });
    // The free epoch keeps the held particle's ζ and compares its own D_γ and D_MSD with it.
    p.until("the Einstein relation compared", |p| {
        p.analysis
            .as_ref()
            .is_some_and(|a| !a.force_constrained && a.predictions.einstein_relation.is_some())
    });
    let a = p.analysis();
    let z = a.zeta().unwrap();
    assert!(z.mean > 0.0 && (z.mean / held_zeta.mean - 1.0).abs() < 0.5);
    assert!(
        a.report.notes.iter().any(|n| n.contains("held particle")),
        "{:?}",
        a.report.notes
    );
    let c = a.predictions.einstein_relation.clone().unwrap();
    // D_θ with the finite host's factor (M_host/M_total)².
    let expected = a.d_theta().unwrap().mean * a.report.momentum_conservation_factor.unwrap();
    assert!((c.predicted.mean / expected - 1.0).abs() < 1e-12, "{c:?}");
    assert!(a.theory.momentum.is_some() && a.theory.p_density.is_some());
}

/// A structure file sent as the nanoparticle (what a file dropped on the window does) replaces
/// the running scene's particle by the file's, as a rigid body; a bad file is reported with its
/// file and line, and the running simulation goes on.
#[test]
fn a_structure_file_becomes_the_nanoparticle_and_a_bad_one_is_reported() {
    let mut p = probe();
    p.until("first steps", |p| p.step() >= 5);
    let run_id = p.snapshot().run_id;
    let bad = std::path::PathBuf::from("tests/data/structure_files/bad/unknown_element.xyz");
    p.send(SimCommand::ReplaceNanoparticle(bad));
    let message = scene_failure(&mut p);
    assert!(
        message.starts_with("tests/data/structure_files/bad/unknown_element.xyz:"),
        "{message}"
    );
    let before = p.step();
    p.until("more steps", |p| p.step() >= before + 5);
    assert_eq!(
        p.snapshot().run_id,
        run_id,
        "the running simulation goes on"
    );
    p.send(SimCommand::ReplaceNanoparticle(
        "assets/structures/c60.xyz".into(),
    ));
    p.until("the fullerene", |p| p.snapshot().run_id != run_id);
    let s = p.snapshot();
    assert_eq!(s.n_star, 60);
    assert!(s.body_axes.is_some(), "a file particle is a rigid body");
    assert!(
        s.scene_name.ends_with("with assets/structures/c60.xyz"),
        "{}",
        s.scene_name
    );
}
