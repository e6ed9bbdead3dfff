//! Claims about lesson files and their runner, without an engine: every bad lesson in
//! tests/lessons/bad gives the error its first line announces (file, line:column and the fix), the
//! eight shipped lessons load, the runner turns steps into the right live commands going
//! forward, back and skipping, and the checks give each verdict on measured values.

use std::path::Path;

use multiscope::analysis::{Comparison, ComparisonContext, Estimate};
use multiscope::field::ExternalField;
use multiscope::lesson::{
    self, Action, CheckStatus, Direction, LessonRunner, Observed, Quantity, StepCheck, Test,
    evaluate,
};
use multiscope::live::{AnalysisSnapshot, SimCommand};
use multiscope::measure::{FreeForce, Report};
use multiscope::predict::{PredictionCurves, Predictions};

use crate::common::each_bad_file_gives_its_error;

#[test]
fn every_bad_lesson_gives_its_expected_error() {
    let checked = each_bad_file_gives_its_error("tests/lessons/bad", |path| {
        lesson::load(path).map(|_| ()).map_err(|e| e.to_string())
    });
    assert!(checked >= 12, "only {checked} bad lessons");
}

#[test]
fn the_eight_shipped_lessons_load_and_are_found_by_name() {
    let all = lesson::load_dir(Path::new(lesson::LESSONS_DIR)).unwrap();
    let names: Vec<String> = all
        .into_iter()
        .map(|l| l.unwrap_or_else(|e| panic!("{e}")).name)
        .collect();
    assert_eq!(
        names,
        [
            "1-brownian-motion",
            "2-time-scale-separation",
            "3-plateau-problem",
            "4-two-roads",
            "5-fokker-planck-to-smoluchowski",
            "6-temperature-viscosity",
            "7-barrier-crossing",
            "8-size-and-shape"
        ]
    );
    let dir = Path::new(lesson::LESSONS_DIR);
    let l = lesson::find(dir, "two-roads").unwrap();
    assert_eq!(l.lesson.title, "Two roads to one D");
    assert_eq!(
        lesson::find(dir, "4-two-roads").unwrap().name,
        "4-two-roads"
    );
    let err = lesson::find(dir, "no-such-lesson").unwrap_err().to_string();
    assert!(
        err.contains("no-such-lesson") && err.contains("brownian-motion"),
        "{err}"
    );
}

fn runner(name: &str) -> LessonRunner {
    LessonRunner::new(lesson::find(Path::new(lesson::LESSONS_DIR), name).unwrap())
}

#[test]
fn the_runner_sends_what_each_step_changes_going_forward_back_and_skipping() {
    let mut r = runner("time-scale-separation");
    let first = r.start();
    // The scene is rebuilt with the held particle folded in, then played.
    match first.commands.as_slice() {
        [SimCommand::LoadParsedScene(scene, name), SimCommand::Play] => {
            assert!(scene.nanoparticle.as_ref().unwrap().constrained);
            assert!(name.ends_with("nanoparticle.ron"), "{name}");
        }
        other => panic!("{other:?}"),
    }
    let seen = Observed::default();
    let heavy = r.next(&seen).unwrap();
    assert_eq!(heavy.commands, [SimCommand::SetEpsilon(0.001)]);
    let light = r.skip().unwrap();
    assert_eq!(light.commands, [SimCommand::SetEpsilon(0.1)]);
    assert!(r.is_last() && r.skip().is_none() && r.next(&seen).is_none());
    // Back: the earlier step's own ε again (no rebuild).
    let back = r.back().unwrap();
    assert_eq!(back.index, 1);
    assert_eq!(back.commands, [SimCommand::SetEpsilon(0.001)]);
    // Back to the first: it loads the scene (its own action) with its settings.
    let start = r.back().unwrap();
    assert!(matches!(
        start.commands.first(),
        Some(SimCommand::LoadParsedScene(..))
    ));
    assert!(r.back().is_none());
    // Leaving sends nothing and hands the lesson back.
    assert_eq!(r.leave().name, "2-time-scale-separation");
}

#[test]
fn a_field_rebuilds_the_scene_and_the_view_state_folds_the_steps() {
    let mut r = runner("barrier-crossing");
    let start = r.start();
    assert!(matches!(
        start.commands.as_slice(),
        [
            SimCommand::LoadParsedScene(..),
            SimCommand::HoldFor(30.0),
            SimCommand::Play
        ]
    ));
    assert_eq!(start.view.host, Some(lesson::HostView::Hidden));
    assert_eq!(start.view.tab, Some(lesson::PlotsTab::Theory));
    let last = r.go_to(3);
    match last.commands.as_slice() {
        [
            SimCommand::LoadParsedScene(scene, _),
            SimCommand::HoldFor(t),
            SimCommand::Play,
        ] => {
            assert_eq!(*t, 30.0);
            assert_eq!(
                scene.field,
                ExternalField::DoubleWell {
                    barrier: 2.527,
                    separation: 0.6,
                    center: 4.0
                }
            );
            assert!(!scene.nanoparticle.as_ref().unwrap().constrained);
        }
        other => panic!("{other:?}"),
    }
    // The view is the fold of every step so far: the trail of step 0 is still wanted.
    assert_eq!(last.view.trail, Some(5000));
    let lesson5 = runner("fokker-planck-to-smoluchowski");
    let v = lesson5.view_state(1);
    assert_eq!(v.density, Some(lesson::DensityStart::Nanoparticle));
    assert_eq!(v.density_rate, Some(5.0));
    let entry = runner("fokker-planck-to-smoluchowski").go_to(1);
    assert_eq!(
        entry.view_actions,
        [
            Action::Density(lesson::DensityStart::Nanoparticle),
            Action::DensityRate(5.0)
        ]
    );
}

/// An analysis with the report given as JSON fields over a minimal one.
fn analysis(extra: serde_json::Value, held: bool) -> AnalysisSnapshot {
    let mut json = serde_json::json!({
        "scene": "test", "seed": 1, "epsilon": 0.0115, "mass": 87.0, "beta": 1.385,
        "temperature": 0.722, "box_length": 15.4, "hydrodynamic_radius": 3.4,
        "measured_temperature": {"mean": 0.722, "sem": 0.001},
        "time_step": 0.005, "dynamics": "Bussi", "free_steps": 1000, "constrained_steps": 0,
        "plateaus": [], "notes": []
    });
    for (k, v) in extra.as_object().unwrap() {
        json[k] = v.clone();
    }
    let report: Report = serde_json::from_value(json).unwrap();
    AnalysisSnapshot {
        run_id: 1,
        epoch: 1,
        restart_reason: "new run".into(),
        restart_step: 0,
        report,
        momentum: None,
        force: None,
        force_constrained: held,
        temperature: None,
        atoms: 3087,
        traces: Vec::new(),
        predictions: Predictions::default(),
        theory: PredictionCurves::default(),
    }
}

fn check(test: Test) -> StepCheck {
    StepCheck {
        test,
        holds: "holds".into(),
        not_yet: "not yet".into(),
        cannot: "cannot".into(),
        max_epsilon: Some(0.05),
    }
}

fn est(mean: f64, sem: f64) -> serde_json::Value {
    serde_json::json!({"mean": mean, "sem": sem})
}

/// How far the particle wandered only grows: below the lesson's minimum it is "not yet", never
/// "does not hold"; above, it holds.
#[test]
fn a_quantity_that_grows_with_time_is_not_yet_below_its_minimum() {
    let none = Default::default();
    let range = check(Test::Range {
        quantity: Quantity::Explored,
        min: Some(0.3),
        max: None,
        max_relative_error: None,
    });
    let wandered = |x: f64| {
        analysis(
            serde_json::json!({"particle": {"time": 5.0, "msd_diffusion": null,
                "momentum_time": null, "momentum_variance": null, "position": null,
                "x_density": null, "p_density": null, "explored": x}}),
            false,
        )
    };
    let out = evaluate(&range, &Observed::analysis(&wandered(0.025)), &none);
    assert_eq!(out.status, CheckStatus::NotYet, "{}", out.detail);
    let out = evaluate(&range, &Observed::analysis(&wandered(0.5)), &none);
    assert_eq!(out.status, CheckStatus::Holds, "{}", out.detail);
}

#[test]
fn checks_give_each_verdict_on_measured_values() {
    let none = Default::default();
    let range = check(Test::Range {
        quantity: Quantity::DTheta,
        min: Some(0.002),
        max: None,
        max_relative_error: Some(0.2),
    });
    let status = |c: &StepCheck, a: &AnalysisSnapshot| evaluate(c, &Observed::analysis(a), &none);
    // Held, D_θ well above the bound: holds, with the lesson's message and the numbers.
    let a = analysis(serde_json::json!({"d_theta": est(0.004, 0.0002)}), true);
    let out = status(&range, &a);
    assert_eq!(out.status, CheckStatus::Holds);
    assert_eq!(out.message, "holds");
    assert!(out.detail.contains("0.004"), "{}", out.detail);
    // Not far enough above the bound yet, or too uncertain: not yet.
    let a = analysis(serde_json::json!({"d_theta": est(0.0023, 0.0002)}), true);
    assert_eq!(status(&range, &a).status, CheckStatus::NotYet);
    let a = analysis(serde_json::json!({"d_theta": est(0.004, 0.002)}), true);
    assert_eq!(status(&range, &a).status, CheckStatus::NotYet);
    // Clearly below: does not hold.
    let a = analysis(serde_json::json!({"d_theta": est(0.001, 0.0001)}), true);
    assert_eq!(status(&range, &a).status, CheckStatus::DoesNotHold);
    // Free particle and no D_θ: cannot (it is measured on the held one).
    let a = analysis(serde_json::json!({}), false);
    assert_eq!(status(&range, &a).status, CheckStatus::Cannot);
    // ε above the step's limit: cannot, whatever the numbers.
    let a = analysis(
        serde_json::json!({"epsilon": 0.2, "d_theta": est(0.004, 0.0002)}),
        true,
    );
    let out = status(&range, &a);
    assert_eq!(
        (out.status, out.message.as_str()),
        (CheckStatus::Cannot, "cannot")
    );
    // Nothing measured at all: not yet.
    assert_eq!(
        evaluate(&range, &Observed::default(), &none).status,
        CheckStatus::NotYet
    );

    // Kirkwood: a clear peak and a late value at zero holds; a late value far from zero does not.
    let kirkwood = check(Test::PlateauProblem);
    let free = |late: (f64, f64)| {
        let f = FreeForce {
            peak: Estimate::new(300.0, 10.0),
            peak_time: 0.05,
            late: Estimate::new(late.0, late.1),
            late_time: 9.0,
        };
        analysis(serde_json::json!({"free_force": f}), false)
    };
    assert_eq!(
        status(&kirkwood, &free((5.0, 20.0))).status,
        CheckStatus::Holds
    );
    assert_eq!(
        status(&kirkwood, &free((200.0, 20.0))).status,
        CheckStatus::DoesNotHold
    );
    assert_eq!(
        status(&kirkwood, &free((5.0, 150.0))).status,
        CheckStatus::NotYet
    );
    assert_eq!(
        status(&kirkwood, &analysis(serde_json::json!({}), true)).status,
        CheckStatus::Cannot
    );

    // A prediction: holds within z_max; a large z with few blocks is "not yet".
    let einstein = check(Test::Prediction {
        prediction: lesson::Prediction::EinsteinRelation,
        z_max: 2.0,
    });
    let mut a = analysis(
        serde_json::json!({"zeta_isotropic": est(200.0, 5.0)}),
        false,
    );
    let compare = |md: f64| {
        Comparison::new(
            Estimate::new(md, 0.0002),
            Estimate::new(0.0035, 0.0001),
            &ComparisonContext::default(),
        )
    };
    a.predictions.einstein_relation = Some(compare(0.0036));
    assert_eq!(status(&einstein, &a).status, CheckStatus::Holds);
    a.predictions.einstein_relation = Some(compare(0.0050));
    assert_eq!(status(&einstein, &a).status, CheckStatus::NotYet);
    a.predictions.einstein_relation = None;
    assert_eq!(status(&einstein, &a).status, CheckStatus::NotYet);
}

#[test]
fn a_change_is_measured_from_the_values_recorded_when_a_step_was_left() {
    let mut r = runner("temperature-viscosity");
    r.start();
    let cold = analysis(
        serde_json::json!({"viscosity": est(3.3, 0.2), "d_theta": est(0.0035, 0.0001)}),
        true,
    );
    r.next(&Observed::analysis(&cold)).unwrap();
    let recorded = &r.recorded()["cold"];
    assert_eq!(recorded[&Quantity::Eta], Estimate::new(3.3, 0.2));
    let hot = analysis(
        serde_json::json!({"temperature": 1.2, "viscosity": est(2.0, 0.2), "d_theta": est(0.007, 0.0002)}),
        true,
    );
    let out = r.check(&Observed::analysis(&hot)).unwrap();
    assert_eq!(out.status, CheckStatus::Holds, "{}", out.detail);
    // η up instead of down: does not hold.
    let odd = analysis(
        serde_json::json!({"viscosity": est(4.5, 0.2), "d_theta": est(0.007, 0.0002)}),
        true,
    );
    assert_eq!(
        r.check(&Observed::analysis(&odd)).unwrap().status,
        CheckStatus::DoesNotHold
    );
    // Stokes–Einstein: c = k_BT/(πηaD) at both temperatures.
    let same = check(Test::Change {
        quantity: Quantity::StokesNumber,
        since: "cold".into(),
        direction: Direction::Same,
    });
    let c_cold = Quantity::StokesNumber
        .value(&Observed::analysis(&cold))
        .unwrap();
    let expected = 0.722 / (std::f64::consts::PI * 3.3 * 3.4 * 0.0035);
    assert!((c_cold.mean - expected).abs() < 1e-9 * expected);
    let out = evaluate(&same, &Observed::analysis(&hot), r.recorded());
    // c = 1.2/(π·2·3.4·0.007) = 8.02 against 5.69 (each to about 7 %): a real difference.
    assert_eq!(out.status, CheckStatus::DoesNotHold, "{}", out.detail);
    // During a lesson's HoldFor, a check on the free particle is "not yet", not "cannot".
    let mut r = runner("two-roads");
    r.start();
    let held = analysis(serde_json::json!({"d_theta": est(0.004, 0.0002)}), true);
    let free_check = r.skip().unwrap();
    assert_eq!(free_check.index, 1);
    let out = r.check(&Observed::analysis(&held)).unwrap();
    assert_eq!(out.status, CheckStatus::NotYet, "{}", out.detail);
    assert!(out.detail.contains("frees it by itself"), "{}", out.detail);
    let mut r = runner("temperature-viscosity");
    // Skipping the first step records nothing: a change cannot be measured.
    r.start();
    r.skip();
    assert_eq!(
        r.check(&Observed::analysis(&hot)).unwrap().status,
        CheckStatus::Cannot
    );
}
