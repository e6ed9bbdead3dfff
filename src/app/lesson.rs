//! `LessonPlugin`: the lesson being followed, as Bevy state. Navigation arrives as
//! [`LessonNav`] messages (from the step window's buttons, `open --lesson`, or a tour); each step
//! entered sends its commands to the MD worker, sets the 3D view's options, and leaves the
//! panels' options (plots tab, normalised C(t), density pane) in [`LessonPanelRequest`] for the
//! panels to take. Runs under `MinimalPlugins`: the step window itself is drawn by
//! [`super::ui::lesson`].

use std::path::PathBuf;

use bevy::prelude::*;

use super::AppSet;
use super::capture::CaptureRequests;
use super::simulation::{EngineLog, LatestAnalysis, PendingCommands};
use super::view::{HostDisplay, ViewSettings};
use crate::lesson::{HostView, LessonRunner, LoadedLesson, Observed, ViewState};

/// The lesson being followed, if any.
#[derive(Resource, Default)]
pub struct ActiveLesson {
    /// The learner's way through it (`None`: no lesson).
    pub runner: Option<LessonRunner>,
}

impl ActiveLesson {
    /// Glossary ids the current step asks to watch.
    pub fn watch_ids(&self) -> Vec<&'static str> {
        self.runner
            .as_ref()
            .map(|r| r.step().watch.iter().map(|w| w.id()).collect())
            .unwrap_or_default()
    }
}

/// A move through the lesson.
#[derive(Message, Debug, Clone)]
pub enum LessonNav {
    /// Start this lesson at this step (0-based; clamped to the last).
    Start(Box<LoadedLesson>, usize),
    /// Record what the analysis shows now and go to the next step.
    Next,
    /// Go to the next step without recording.
    Skip,
    /// Go to the previous step.
    Back,
    /// End the lesson; the simulation keeps its state.
    Leave,
}

/// The panels' part of the step entered last (plots tab, normalised C(t), density pane), for
/// the panels to apply; taken by them.
#[derive(Resource, Default, Debug)]
pub struct LessonPanelRequest(pub Option<ViewState>);

/// A tour of the lesson: each step shown for `frames` frames, a screenshot of it saved in `dir`
/// as `step-K.png` (K from 1), then the next step; the app exits after the last.
#[derive(Resource, Debug, Clone)]
pub struct LessonTour {
    /// Folder the screenshots go to.
    pub dir: PathBuf,
    /// Frames each step is shown before its screenshot.
    pub frames: u64,
    shown: u64,
    waiting_for: Option<PathBuf>,
}

impl LessonTour {
    /// A tour that shows each step for `frames` frames and saves its screenshot in `dir`.
    pub fn new(dir: PathBuf, frames: u64) -> Self {
        Self {
            dir,
            frames: frames.max(1),
            shown: 0,
            waiting_for: None,
        }
    }
}

/// Lessons as Bevy state; `start` begins one at once (`open --lesson NAME [--lesson-step K]`).
#[derive(Default)]
pub struct LessonPlugin {
    /// The lesson to start, and its step (0-based).
    pub start: Option<(LoadedLesson, usize)>,
    /// Tour it, taking a screenshot per step (`open --lesson NAME --tour DIR`).
    pub tour: Option<LessonTour>,
}

impl Plugin for LessonPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ActiveLesson>()
            .init_resource::<LessonPanelRequest>()
            .add_message::<LessonNav>()
            .add_systems(Update, navigate.in_set(AppSet::Control));
        if let Some((lesson, step)) = self.start.clone() {
            app.add_systems(Startup, move |mut nav: MessageWriter<LessonNav>| {
                nav.write(LessonNav::Start(Box::new(lesson.clone()), step));
            });
        }
        if let Some(tour) = self.tour.clone() {
            app.insert_resource(tour)
                .add_systems(Update, tour_step.before(navigate).in_set(AppSet::Control))
                .add_systems(
                    PreUpdate,
                    no_pointer
                        .after(bevy_egui::EguiInputSet::WriteEguiEvents)
                        .before(bevy_egui::EguiPreUpdateSet::BeginPass),
                );
        }
    }
}

/// During a tour nobody points: egui is told the pointer left the window, so that no hover
/// popup from wherever the (virtual) pointer happens to rest covers a step's screenshot.
fn no_pointer(mut inputs: Query<&mut bevy_egui::EguiInput>) {
    for mut input in &mut inputs {
        input.events.push(bevy_egui::egui::Event::PointerGone);
    }
}

/// Applies the frame's navigation: the worker gets the step's commands, the 3D view its options,
/// the panels a request.
pub fn navigate(
    mut nav: MessageReader<LessonNav>,
    mut lesson: ResMut<ActiveLesson>,
    analysis: Res<LatestAnalysis>,
    mut commands: ResMut<PendingCommands>,
    mut view: ResMut<ViewSettings>,
    mut panels: ResMut<LessonPanelRequest>,
    mut log: ResMut<EngineLog>,
) {
    for n in nav.read() {
        let entered = match (n, lesson.runner.as_mut()) {
            (LessonNav::Start(l, step), _) => {
                let mut runner = LessonRunner::new((**l).clone());
                let entry = if *step == 0 {
                    runner.start()
                } else {
                    runner.go_to(*step)
                };
                log.notice(format!("lesson: {}", runner.lesson().lesson.title));
                lesson.runner = Some(runner);
                Some(entry)
            }
            (LessonNav::Next, Some(r)) => r.next(&Observed {
                analysis: analysis.0.as_ref(),
                density: None,
            }),
            (LessonNav::Skip, Some(r)) => r.skip(),
            (LessonNav::Back, Some(r)) => r.back(),
            (LessonNav::Leave, Some(_)) => {
                lesson.runner = None;
                log.notice("left the lesson; the simulation goes on as it is");
                None
            }
            (_, None) => None,
        };
        let Some(entry) = entered else { continue };
        commands.0.extend(entry.commands);
        let v = entry.view;
        let mut new_view = view.clone();
        if let Some(h) = v.host {
            new_view.host = match h {
                HostView::All => HostDisplay::All,
                HostView::Slab => HostDisplay::Slab,
                HostView::Shell => HostDisplay::Shell,
                HostView::Hidden => HostDisplay::Hidden,
            };
        }
        if let Some(f) = v.follow {
            new_view.follow = f;
        }
        if let Some(t) = v.trail {
            new_view.trail_len = t as usize;
        }
        view.set_if_neq(new_view);
        panels.0 = Some(v);
    }
}

/// Shows each step for the tour's frames, saves its screenshot, then goes on; exits after the
/// last.
fn tour_step(
    mut tour: ResMut<LessonTour>,
    lesson: Res<ActiveLesson>,
    mut capture: ResMut<CaptureRequests>,
    mut nav: MessageWriter<LessonNav>,
    mut exit: MessageWriter<AppExit>,
    mut log: ResMut<EngineLog>,
) {
    let Some(runner) = lesson.runner.as_ref() else {
        return;
    };
    if let Some(path) = tour.waiting_for.clone() {
        let results = capture.results();
        let Some(done) = results.iter().find(|r| match r {
            Ok(p) => *p == path,
            Err(e) => e.contains(&path.display().to_string()),
        }) else {
            // The renderer hands a screenshot back within a few frames; give it 600.
            tour.shown += 1;
            if tour.shown > tour.frames + 600 {
                eprintln!("lesson tour: no screenshot of {} came back", path.display());
                exit.write(AppExit::error());
            }
            return;
        };
        match done {
            Ok(p) => println!("lesson tour: step {} → {}", runner.index() + 1, p.display()),
            Err(e) => {
                log.notice(format!("lesson tour: {e}"));
                eprintln!("lesson tour: {e}");
                exit.write(AppExit::error());
                return;
            }
        }
        tour.waiting_for = None;
        tour.shown = 0;
        if runner.is_last() {
            exit.write(AppExit::Success);
        } else {
            nav.write(LessonNav::Next);
        }
        return;
    }
    tour.shown += 1;
    if tour.shown >= tour.frames {
        let path = tour.dir.join(format!("step-{}.png", runner.index() + 1));
        capture.request(Some(path.clone()));
        tour.waiting_for = Some(path);
    }
}
