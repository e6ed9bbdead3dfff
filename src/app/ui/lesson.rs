//! The lessons: a "Lessons" window listing `scenes/lessons/` and, while one runs, its step window
//! (the step's text, what to watch, the live check's verdict, and Back / Next / Skip / Leave).
//! A thin view over [`crate::app::lesson::ActiveLesson`]: the buttons send
//! [`LessonNav`] moves, which [`crate::app::lesson::navigate`] applies.

use std::path::Path;

use bevy_egui::egui;

use super::density::{AutoStart, DensityPane};
use super::plots::PlotsPanel;
use crate::app::coarse::{CoarseRequest, CoarseRequests};
use crate::app::lesson::{ActiveLesson, LessonNav};
use crate::lesson::{
    self, CheckOutcome, CheckStatus, DensityStart, LoadedLesson, Observed, ViewState,
};
use crate::live::AnalysisSnapshot;
use crate::live::coarse_worker::CoarseDensity;
use crate::report::LessonNote;

/// The lessons menu and the running lesson's step window.
#[derive(Default)]
pub struct LessonPanel {
    /// The lessons found (or why a file failed), read when the menu first opens.
    menu: Option<Vec<Result<LoadedLesson, String>>>,
    /// Whether the menu window is open.
    pub menu_open: bool,
}

/// Where a step's window opens: over the density pane's lower left, so that the 3D view's
/// middle (the nanoparticle and its trail) stays free; at the top of the 3D view instead when
/// the step watches something in the density pane.
fn step_window_position(watch: &[lesson::Watch]) -> egui::Pos2 {
    use lesson::{Quantity, Watch};
    let in_density_pane = watch.iter().any(|w| {
        matches!(
            w,
            Watch::PhasePlane
                | Watch::MarginalPhi
                | Watch::MarginalPi
                | Watch::Value(
                    Quantity::CoarseTime | Quantity::CoarseTimeOverTauP | Quantity::DensityGap
                )
        )
    });
    if in_density_pane {
        egui::pos2(290.0, 40.0)
    } else {
        egui::pos2(290.0, 470.0)
    }
}

/// The lesson and step for a report page.
pub fn note(
    active: &ActiveLesson,
    analysis: Option<&AnalysisSnapshot>,
    density: Option<&CoarseDensity>,
) -> Option<LessonNote> {
    let r = active.runner.as_ref()?;
    Some(LessonNote {
        lesson: r.lesson().lesson.title.clone(),
        step: r.step().title.clone(),
        outcome: r.check(&Observed { analysis, density }),
    })
}

impl LessonPanel {
    /// Draws the menu and the step window; returns the learner's moves this frame. "Next"
    /// records what is seen now (the density pane's values among them) before it is sent.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        active: &mut ActiveLesson,
        seen: &Observed,
    ) -> Vec<LessonNav> {
        let mut moves = Vec::new();
        if self.menu_open
            && let Some(l) = self.menu_ui(ctx)
        {
            moves.push(LessonNav::Start(Box::new(l), 0));
        }
        let Some(runner) = active.runner.as_mut() else {
            return moves;
        };
        let step = runner.step().clone();
        let title = format!(
            "Lesson: {} — step {}/{}",
            runner.lesson().lesson.title,
            runner.index() + 1,
            runner.len()
        );
        egui::Window::new(title)
            // One window per step, so that each step opens where it covers nothing it asks
            // the learner to watch (the window can be dragged).
            .id(egui::Id::new(("lesson-step", runner.index())))
            .default_pos(step_window_position(&step.watch))
            .default_width(460.0)
            .resizable(true)
            .collapsible(true)
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(&step.title).strong().size(16.0));
                ui.label(&step.text);
                if !step.watch.is_empty() {
                    ui.separator();
                    let names: Vec<String> = step
                        .watch
                        .iter()
                        .map(|w| {
                            crate::glossary::entry(w.id())
                                .map_or(w.id().to_string(), |e| e.name.to_string())
                        })
                        .collect();
                    ui.label(
                        egui::RichText::new(format!("Watch: {}", names.join(", ")))
                            .color(super::hover::WATCH_COLOUR),
                    );
                }
                if let Some(outcome) = runner.check(seen) {
                    ui.separator();
                    outcome_ui(ui, &outcome);
                }
                ui.separator();
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(runner.index() > 0, egui::Button::new("◀ Back"))
                        .clicked()
                    {
                        moves.push(LessonNav::Back);
                    }
                    if ui
                        .add_enabled(!runner.is_last(), egui::Button::new("Next ▶"))
                        .on_hover_text("go on, keeping what this step measured")
                        .clicked()
                    {
                        runner.record(seen);
                        moves.push(LessonNav::Next);
                    }
                    if ui
                        .add_enabled(!runner.is_last(), egui::Button::new("Skip"))
                        .on_hover_text("go on without waiting for this step's check")
                        .clicked()
                    {
                        moves.push(LessonNav::Skip);
                    }
                    if ui
                        .button("Leave")
                        .on_hover_text("end the lesson; the simulation keeps its state")
                        .clicked()
                    {
                        moves.push(LessonNav::Leave);
                    }
                });
            });
        moves
    }

    /// The lessons menu; returns a lesson chosen.
    fn menu_ui(&mut self, ctx: &egui::Context) -> Option<LoadedLesson> {
        let menu = self.menu.get_or_insert_with(|| {
            match lesson::load_dir(Path::new(lesson::LESSONS_DIR)) {
                Ok(list) => list
                    .into_iter()
                    .map(|r| r.map_err(|e| e.to_string()))
                    .collect(),
                Err(e) => vec![Err(e.to_string())],
            }
        });
        let mut chosen = None;
        let mut open = true;
        egui::Window::new("Lessons")
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                ui.label(format!(
                    "Guided lessons from {}/ (multiscope open --lesson NAME)",
                    lesson::LESSONS_DIR
                ));
                for item in menu.iter() {
                    ui.separator();
                    match item {
                        Ok(l) => {
                            ui.horizontal(|ui| {
                                if ui.button("Start").clicked() {
                                    chosen = Some(l.clone());
                                }
                                ui.label(
                                    egui::RichText::new(format!(
                                        "{} (about {} min)",
                                        l.lesson.title, l.lesson.minutes
                                    ))
                                    .strong(),
                                );
                            });
                            ui.label(egui::RichText::new(&l.lesson.summary).small());
                        }
                        Err(e) => {
                            ui.label(
                                egui::RichText::new(e)
                                    .small()
                                    .color(egui::Color32::from_rgb(255, 120, 100)),
                            );
                        }
                    }
                }
            });
        if !open {
            self.menu_open = false;
        }
        if chosen.is_some() {
            self.menu_open = false;
        }
        chosen
    }
}

/// The check's verdict in colour, with its numbers.
fn outcome_ui(ui: &mut egui::Ui, o: &CheckOutcome) {
    let (mark, colour) = match o.status {
        CheckStatus::Holds => ("✔", egui::Color32::from_rgb(120, 220, 120)),
        CheckStatus::NotYet => ("…", egui::Color32::from_gray(200)),
        CheckStatus::Cannot => ("✖", egui::Color32::from_rgb(255, 170, 80)),
        CheckStatus::DoesNotHold => ("✖", egui::Color32::from_rgb(255, 120, 100)),
    };
    ui.label(egui::RichText::new(format!("{mark} {}", o.message)).color(colour));
    if !o.detail.is_empty() {
        ui.label(egui::RichText::new(&o.detail).small());
    }
}

/// Applies the panels' part of a step entered (the worker's commands and the 3D view's options
/// were applied by [`crate::app::lesson::navigate`]).
pub fn apply(
    v: &ViewState,
    plots: &mut PlotsPanel,
    density: &mut DensityPane,
    coarse: &mut CoarseRequests,
) {
    if let Some(t) = v.tab {
        plots.tab = t;
    }
    if let Some(n) = v.normalised {
        plots.normalised = n;
    }
    if let Some(r) = v.density_rate {
        density.cg_rate = r;
    }
    if let Some(d) = v.density {
        density.auto_start = match d {
            DensityStart::Equilibrium => Some(AutoStart::Equilibrium),
            DensityStart::Nanoparticle => Some(AutoStart::Nanoparticle),
            DensityStart::Clear => None,
        };
        if d == DensityStart::Clear {
            coarse.0.push(CoarseRequest::Clear);
        }
    }
}
