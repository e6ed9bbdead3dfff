//! The lessons: a "Lessons" window listing `scenes/lessons/` and, while one runs, its step window
//! (the step's text, what to watch, the live check's verdict, and Back / Next / Skip / Leave).
//! A thin view over [`crate::lesson::LessonRunner`]: the runner says which commands and view
//! settings each step wants; this file sends and applies them.

use std::path::Path;

use bevy_egui::egui;

use super::PanelContext;
use super::density::{AutoStart, DensityPane};
use super::plots::{PlotsPanel, PlotsTab};
use crate::app::view::HostDisplay;
use crate::lesson::{
    self, CheckOutcome, CheckStatus, DensityStart, HostView, LessonRunner, LoadedLesson, Observed,
    StepEntry,
};
use crate::live::AnalysisSnapshot;
use crate::live::coarse_worker::CoarseDensity;
use crate::report::LessonNote;

/// The lessons menu and the running lesson.
#[derive(Default)]
pub struct LessonPanel {
    /// The lessons found (or why a file failed), read when the menu first opens.
    menu: Option<Vec<Result<LoadedLesson, String>>>,
    /// Whether the menu window is open.
    pub menu_open: bool,
    /// The lesson being followed.
    runner: Option<LessonRunner>,
    /// An entry to apply at the next frame (set on start).
    pending: Option<StepEntry>,
}

impl LessonPanel {
    /// A panel that starts `lesson` at once, if given, at step `step` (0-based; clamped to the
    /// last step).
    pub fn new(lesson: Option<LoadedLesson>, step: usize) -> Self {
        let mut p = Self::default();
        if let Some(l) = lesson {
            p.begin(l, step);
        }
        p
    }

    fn begin(&mut self, l: LoadedLesson, step: usize) {
        let mut runner = LessonRunner::new(l);
        let last = runner.len().saturating_sub(1);
        self.pending = Some(if step == 0 {
            runner.start()
        } else {
            runner.go_to(step.min(last))
        });
        self.runner = Some(runner);
        self.menu_open = false;
    }

    /// The name and step of the running lesson, if any (for the status line).
    pub fn current(&self) -> Option<(String, usize, usize)> {
        self.runner
            .as_ref()
            .map(|r| (r.lesson().lesson.title.clone(), r.index() + 1, r.len()))
    }

    /// Glossary ids the current step watches.
    pub fn watch_ids(&self) -> Vec<&'static str> {
        self.runner
            .as_ref()
            .map(|r| r.step().watch.iter().map(|w| w.id()).collect())
            .unwrap_or_default()
    }

    /// The lesson and step for a report page.
    pub fn note(
        &self,
        analysis: Option<&AnalysisSnapshot>,
        density: Option<&CoarseDensity>,
    ) -> Option<LessonNote> {
        let r = self.runner.as_ref()?;
        Some(LessonNote {
            lesson: r.lesson().lesson.title.clone(),
            step: r.step().title.clone(),
            outcome: r.check(&Observed { analysis, density }),
        })
    }

    /// Draws the menu and the step window; returns a step entered this frame.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        pc: &mut PanelContext,
        density: Option<&CoarseDensity>,
    ) -> Option<StepEntry> {
        let mut entered = self.pending.take();
        if self.menu_open {
            self.menu_ui(ctx);
        }
        let seen = Observed {
            analysis: pc.analysis,
            density,
        };
        let mut leave = false;
        if let Some(runner) = self.runner.as_mut() {
            let step = runner.step().clone();
            let title = format!(
                "Lesson: {} — step {}/{}",
                runner.lesson().lesson.title,
                runner.index() + 1,
                runner.len()
            );
            egui::Window::new(title)
                .id(egui::Id::new("lesson-step"))
                // Over the density pane's lower left: the 3D view's middle, where the
                // nanoparticle and its trail are, stays free (the window can be dragged).
                .default_pos(egui::pos2(290.0, 470.0))
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
                    if let Some(outcome) = runner.check(&seen) {
                        ui.separator();
                        outcome_ui(ui, &outcome);
                    }
                    ui.separator();
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(runner.index() > 0, egui::Button::new("◀ Back"))
                            .clicked()
                        {
                            entered = runner.back();
                        }
                        if ui
                            .add_enabled(!runner.is_last(), egui::Button::new("Next ▶"))
                            .on_hover_text("go on, keeping what this step measured")
                            .clicked()
                        {
                            entered = runner.next(&seen);
                        }
                        if ui
                            .add_enabled(!runner.is_last(), egui::Button::new("Skip"))
                            .on_hover_text("go on without waiting for this step's check")
                            .clicked()
                        {
                            entered = runner.skip();
                        }
                        if ui
                            .button("Leave")
                            .on_hover_text("end the lesson; the simulation keeps its state")
                            .clicked()
                        {
                            leave = true;
                        }
                    });
                });
        }
        if leave {
            self.runner = None;
            pc.log
                .notice("left the lesson; the simulation goes on as it is");
        }
        entered
    }

    fn menu_ui(&mut self, ctx: &egui::Context) {
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
        if let Some(l) = chosen {
            self.begin(l, 0);
        }
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

/// Applies a step's commands and view settings: commands to the worker, the rest to the panels
/// and the 3D view.
pub fn apply(
    entry: StepEntry,
    plots: &mut PlotsPanel,
    density: &mut DensityPane,
    pc: &mut PanelContext,
) {
    for c in entry.commands {
        pc.commands.push(c);
    }
    let v = entry.view;
    if let Some(h) = v.host {
        pc.view.host = match h {
            HostView::All => HostDisplay::All,
            HostView::Slab => HostDisplay::Slab,
            HostView::Shell => HostDisplay::Shell,
            HostView::Hidden => HostDisplay::Hidden,
        };
    }
    if let Some(f) = v.follow {
        pc.view.follow = f;
    }
    if let Some(t) = v.trail {
        pc.view.trail_len = t as usize;
    }
    if let Some(t) = v.tab {
        plots.tab = match t {
            lesson::PlotsTab::Correlations => PlotsTab::Correlations,
            lesson::PlotsTab::Theory => PlotsTab::Theory,
        };
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
            density.clear();
        }
    }
}
