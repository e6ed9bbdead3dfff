//! Range and consistency checks on a parsed lesson, and loading the scenes it names.

use std::collections::BTreeMap;
use std::path::Path;

use super::schema::{Action, Lesson, StepCheck, Test};
use crate::analysis::Comparison;
use crate::format::number;
use crate::scene::{DEFAULT_SCENE_NAME, Scene};

/// A problem with one value: its path (`steps[1].actions[0]`) and what is wrong / how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueProblem {
    /// Path of the value.
    pub path: String,
    /// What is wrong and what to write instead.
    pub message: String,
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> ValueProblem {
    ValueProblem {
        path: path.into(),
        message: message.into(),
    }
}

fn in_range(path: &str, what: &str, v: f64, lo: f64, hi: f64) -> Result<(), ValueProblem> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(problem(
            path,
            format!(
                "is {}; {what} must lie between {} and {}",
                number(v),
                number(lo),
                number(hi)
            ),
        ))
    }
}

fn positive_at_most(path: &str, what: &str, v: f64, hi: f64) -> Result<(), ValueProblem> {
    if v.is_finite() && v > 0.0 && v <= hi {
        Ok(())
    } else {
        Err(problem(
            path,
            format!(
                "is {}; {what} must be above 0 and at most {}",
                number(v),
                number(hi)
            ),
        ))
    }
}

fn not_empty(path: &str, s: &str, what: &str) -> Result<(), ValueProblem> {
    if s.trim().is_empty() {
        Err(problem(path, format!("is empty; write {what}")))
    } else {
        Ok(())
    }
}

/// Loads the scene an action names: `"default"` is the built-in scene, anything else a path
/// relative to the lesson's folder. Returns the scene and its name for messages.
pub fn load_scene(dir: &Path, name: &str) -> Result<(Scene, String), String> {
    if name == "default" {
        return Ok((Scene::default_scene(), DEFAULT_SCENE_NAME.to_string()));
    }
    let path = dir.join(name);
    let scene = Scene::load(&path).map_err(|e| e.to_string())?;
    Ok((scene, path.display().to_string()))
}

/// Checks every value of `lesson` (whose file lies in `dir`) and loads the scenes it names,
/// keyed by the name written in the lesson. Returns the first problem found.
pub fn validate(
    lesson: &Lesson,
    dir: &Path,
) -> Result<BTreeMap<String, (Scene, String)>, ValueProblem> {
    if lesson.version != 1 {
        return Err(problem(
            "version",
            format!(
                "is {}; this multiscope reads lesson version 1",
                lesson.version
            ),
        ));
    }
    not_empty("title", &lesson.title, "the lesson's title")?;
    not_empty(
        "summary",
        &lesson.summary,
        "what the learner will see, in a sentence or two",
    )?;
    if !(1..=240).contains(&lesson.minutes) {
        return Err(problem(
            "minutes",
            format!(
                "is {}; give the rough time on a laptop, 1 to 240 minutes",
                lesson.minutes
            ),
        ));
    }
    if lesson.steps.is_empty() {
        return Err(problem(
            "steps",
            "is empty; a lesson needs at least one step",
        ));
    }
    if !lesson.steps[0]
        .actions
        .iter()
        .any(|a| matches!(a, Action::LoadScene(_)))
    {
        return Err(problem(
            "steps[0].actions",
            "has no LoadScene: the first step must load the lesson's scene (e.g. \
             LoadScene(\"../nanoparticle.ron\") or LoadScene(\"default\")), so that the lesson \
             starts the same whatever was running",
        ));
    }
    let mut scenes = BTreeMap::new();
    let mut ids: Vec<&str> = Vec::new();
    // The scene as the actions so far leave it (for the field and nanoparticle checks).
    let mut current: Option<Scene> = None;
    for (i, step) in lesson.steps.iter().enumerate() {
        let at = |what: &str| format!("steps[{i}].{what}");
        not_empty(&at("id"), &step.id, "a short unique name for the step")?;
        if ids.contains(&step.id.as_str()) {
            return Err(problem(
                at("id"),
                format!(
                    "\"{}\" is used by an earlier step; give every step its own id",
                    step.id
                ),
            ));
        }
        not_empty(&at("title"), &step.title, "the step's heading")?;
        not_empty(
            &at("text"),
            &step.text,
            "a few sentences saying what to do and what to look for",
        )?;
        for (j, action) in step.actions.iter().enumerate() {
            let path = at(&format!("actions[{j}]"));
            check_action(action, &path, dir, &mut current, &mut scenes)?;
        }
        if let Some(c) = &step.check {
            check_check(c, &at("check"), &ids)?;
        }
        ids.push(&step.id);
    }
    Ok(scenes)
}

fn needs_nanoparticle(path: &str, current: &Option<Scene>, what: &str) -> Result<(), ValueProblem> {
    match current {
        Some(s) if s.nanoparticle.is_some() => Ok(()),
        Some(s) => Err(problem(
            path,
            format!(
                "{what} needs a nanoparticle, but the scene loaded before it (\"{}\") has none; \
                 load a scene with a nanoparticle first",
                s.description
            ),
        )),
        None => Err(problem(
            path,
            format!("{what} comes before any LoadScene; load the scene first"),
        )),
    }
}

fn check_action(
    action: &Action,
    path: &str,
    dir: &Path,
    current: &mut Option<Scene>,
    scenes: &mut BTreeMap<String, (Scene, String)>,
) -> Result<(), ValueProblem> {
    match action {
        Action::LoadScene(name) => {
            let (scene, file) = load_scene(dir, name).map_err(|e| {
                problem(
                    path,
                    format!(
                        "names a scene that cannot be loaded ({e}); give a path relative to \
                         the lesson's folder, e.g. \"../nanoparticle.ron\", or \"default\""
                    ),
                )
            })?;
            *current = Some(scene.clone());
            scenes.insert(name.clone(), (scene, file));
        }
        Action::Field(field) => {
            needs_nanoparticle(path, current, "a field")?;
            if let Some(scene) = current.as_mut() {
                scene.field = *field;
                crate::scene::validate(scene).map_err(|p| {
                    problem(
                        path,
                        format!("gives an invalid scene: `{}` {}", p.field, p.message),
                    )
                })?;
            }
        }
        Action::Seed(_) | Action::Play | Action::Pause | Action::Viscosity(_) => {}
        Action::Thermostat(_) => {}
        Action::Epsilon(e) => {
            needs_nanoparticle(path, current, "ε")?;
            positive_at_most(path, "the mass ratio ε = m̂/m", *e, 1.0)?;
        }
        Action::Temperature(t) => in_range(path, "the temperature T [ε_LJ/k_B]", *t, 0.1, 5.0)?,
        Action::TimeStep(dt) => in_range(path, "the time step Δt [τ]", *dt, 5e-4, 0.02)?,
        Action::Hold | Action::Free => needs_nanoparticle(path, current, "holding or freeing")?,
        Action::HoldFor(t) => {
            needs_nanoparticle(path, current, "HoldFor")?;
            positive_at_most(path, "the holding time [τ]", *t, 1e5)?;
        }
        Action::Trail(n) => in_range(path, "the trail length", *n as f64, 2.0, 5000.0)?,
        Action::DensityRate(r) => {
            in_range(path, "the coarse-grained rate [τ/s]", *r, 1.0, 1e4)?;
        }
        Action::Host(_)
        | Action::Follow(_)
        | Action::Tab(_)
        | Action::Normalised(_)
        | Action::Density(_) => {}
    }
    Ok(())
}

fn check_check(c: &StepCheck, path: &str, earlier: &[&str]) -> Result<(), ValueProblem> {
    not_empty(
        &format!("{path}.holds"),
        &c.holds,
        "what to tell the learner when the check holds",
    )?;
    not_empty(
        &format!("{path}.not_yet"),
        &c.not_yet,
        "what to tell the learner while there are too few samples",
    )?;
    not_empty(
        &format!("{path}.cannot"),
        &c.cannot,
        "what to tell the learner when the session cannot show it (and what to change)",
    )?;
    if let Some(e) = c.max_epsilon {
        positive_at_most(&format!("{path}.max_epsilon"), "ε", e, 1.0)?;
    }
    check_test(&c.test, &format!("{path}.test"), earlier)
}

fn check_test(t: &Test, path: &str, earlier: &[&str]) -> Result<(), ValueProblem> {
    match t {
        Test::Prediction { z_max, .. } => {
            positive_at_most(
                &format!("{path}.z_max"),
                "the largest |z| that counts as agreement",
                *z_max,
                Comparison::Z_MAX,
            )?;
        }
        Test::Range {
            min,
            max,
            max_relative_error,
            ..
        } => {
            match (min, max) {
                (None, None) => {
                    return Err(problem(
                        path,
                        "has neither `min` nor `max`; give at least one bound, e.g. \
                         min: Some(10.0)",
                    ));
                }
                (Some(a), Some(b)) if a >= b => {
                    return Err(problem(
                        path,
                        format!(
                            "has min {} not below max {}; swap them",
                            number(*a),
                            number(*b)
                        ),
                    ));
                }
                _ => {}
            }
            for (name, v) in [("min", min), ("max", max)] {
                if let Some(v) = v
                    && !v.is_finite()
                {
                    return Err(problem(format!("{path}.{name}"), "is not a finite number"));
                }
            }
            if let Some(r) = max_relative_error {
                positive_at_most(
                    &format!("{path}.max_relative_error"),
                    "a relative error",
                    *r,
                    1.0,
                )?;
            }
        }
        Test::PlateauProblem => {}
        Test::Plateau {
            max_relative_error, ..
        } => positive_at_most(
            &format!("{path}.max_relative_error"),
            "a relative error",
            *max_relative_error,
            1.0,
        )?,
        Test::Change { since, .. } => {
            if !earlier.contains(&since.as_str()) {
                return Err(problem(
                    format!("{path}.since"),
                    format!(
                        "is \"{since}\", which is not the id of an earlier step (earlier: {}); \
                         a change is measured from a step the learner has already left",
                        if earlier.is_empty() {
                            "none".to_string()
                        } else {
                            earlier.join(", ")
                        }
                    ),
                ));
            }
        }
        Test::DensityGap { below, after_tau_p } => {
            positive_at_most(
                &format!("{path}.below"),
                "∫|W_FP − W_S| (0 to 2)",
                *below,
                2.0,
            )?;
            positive_at_most(
                &format!("{path}.after_tau_p"),
                "the time in units of τ_P",
                *after_tau_p,
                1e6,
            )?;
        }
        Test::All(tests) => {
            if tests.is_empty() {
                return Err(problem(path, "is All([]); give at least one test"));
            }
            for t in tests {
                check_test(t, path, earlier)?;
            }
        }
    }
    Ok(())
}
