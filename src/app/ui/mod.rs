//! `PanelsPlugin`: the egui panels, one file each — [`controls::ControlsPanel`] on the left,
//! [`plots::PlotsPanel`] on the right (its "MD vs theory" tab in [`theory`]),
//! [`density::DensityPane`] at the bottom, the lesson's step window ([`lesson`]) and the replay's
//! player ([`player`]) over them. The 3D camera's viewport is set to the area they leave free, so
//! the view is never hidden under a panel. Panels only draw: they read the newest snapshots and
//! queue commands and requests in a [`PanelContext`]; the workers behind them belong to plugins
//! ([`crate::app::simulation`], [`crate::app::coarse`]). What several panels draw alike is in
//! [`widgets`], hover texts in [`hover`].

pub mod controls;
pub mod density;
pub mod fonts;
pub mod hover;
pub mod lesson;
pub mod player;
pub mod plots;
pub mod rotation;
pub mod theory;
pub mod widgets;

use std::path::PathBuf;

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, Viewport};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy::window::PrimaryWindow;
use bevy_egui::{
    EguiContexts, EguiGlobalSettings, EguiPrimaryContextPass, PrimaryEguiContext, egui,
};

use super::camera::{OrbitCamera, ViewportRect};
use super::capture::CaptureRequests;
use super::coarse::{CoarseRequests, CoarseState, LatestCoarse, PhasePath};
use super::lesson::{ActiveLesson, LessonNav, LessonPanelRequest};
use super::simulation::{EngineLog, LatestAnalysis, LatestSnapshot, PendingCommands};
use super::view::ViewSettings;
use crate::live::{AnalysisSnapshot, Snapshot};
use crate::scene::SceneError;

/// Draws the panels and keeps the 3D view in the free area.
pub struct PanelsPlugin {
    /// Folder listed by the scene picker.
    pub scenes_dir: PathBuf,
    /// Error of the scene asked for on the command line, shown at start.
    pub startup_error: Option<SceneError>,
    /// Start the density pane by itself once a friction is measured.
    pub density: Option<density::AutoStart>,
    /// Start with argon units shown.
    pub argon: bool,
    /// Start on the plots panel's "MD vs theory" tab.
    pub theory: bool,
}

impl Plugin for PanelsPlugin {
    fn build(&self, app: &mut App) {
        let mut controls = controls::ControlsPanel::new(self.scenes_dir.clone());
        controls.argon_units = self.argon;
        let panels = Panels {
            controls,
            plots: plots::PlotsPanel {
                tab: if self.theory {
                    crate::lesson::PlotsTab::Theory
                } else {
                    crate::lesson::PlotsTab::Correlations
                },
                ..plots::PlotsPanel::default()
            },
            density: density::DensityPane::with_auto_start(self.density),
            lesson: lesson::LessonPanel::default(),
        };
        let startup_error = self.startup_error.clone();
        app.insert_resource(panels)
            .init_resource::<ViewportRect>()
            .add_systems(
                Startup,
                move |mut commands: Commands,
                      mut settings: ResMut<EguiGlobalSettings>,
                      mut log: ResMut<EngineLog>| {
                    spawn_ui_camera(&mut commands, &mut settings);
                    if let Some(e) = startup_error.clone() {
                        log.notice("the scene asked for failed to load; showing the default scene");
                        log.scene_error = Some(e);
                    }
                },
            )
            .add_systems(EguiPrimaryContextPass, (install_fonts, draw_panels).chain())
            .add_systems(PostUpdate, fit_camera_viewport);
    }
}

/// The panels' own state.
#[derive(Resource)]
pub struct Panels {
    /// Left: run controls and view options.
    pub controls: controls::ControlsPanel,
    /// Right: correlation functions, Green–Kubo integrals, coefficients, traces.
    pub plots: plots::PlotsPanel,
    /// Bottom: the (Φ, Π) density pane.
    pub density: density::DensityPane,
    /// The lessons menu and the current lesson's step window.
    pub lesson: lesson::LessonPanel,
}

/// What a panel reads and may change this frame.
pub struct PanelContext<'a> {
    /// Newest simulation snapshot.
    pub snapshot: Option<&'a Snapshot>,
    /// Newest analysis.
    pub analysis: Option<&'a AnalysisSnapshot>,
    /// Errors and notices from the worker.
    pub log: &'a mut EngineLog,
    /// Commands for the worker.
    pub commands: &'a mut PendingCommands,
    /// The newest coarse-grained densities.
    pub coarse: &'a LatestCoarse,
    /// The MD nanoparticle's recent (Φ_x, Π_x).
    pub phase_path: &'a PhasePath,
    /// Requests for the coarse-grained worker.
    pub coarse_requests: &'a mut CoarseRequests,
    /// 3D view options (a copy: written back only if changed).
    pub view: &'a mut ViewSettings,
    /// Screenshot requests.
    pub capture: &'a mut CaptureRequests,
    /// Units the panels show values in (the physics is always reduced).
    pub units: crate::units::Units,
    /// Folder to write the plotted series to (CSV), asked for this frame.
    pub export: Option<PathBuf>,
    /// Folder to write the report page to, asked for this frame.
    pub report: Option<PathBuf>,
    /// Glossary ids the current lesson step asks to watch (highlighted).
    pub watch: Vec<&'static str>,
    /// Open the lessons menu (asked for this frame).
    pub open_lessons: bool,
}

/// The egui camera: draws only egui, over the 3D camera, without clearing it.
fn spawn_ui_camera(commands: &mut Commands, settings: &mut EguiGlobalSettings) {
    settings.auto_create_primary_context = false;
    commands.spawn((
        PrimaryEguiContext,
        Camera2d,
        RenderLayers::none(),
        Msaa::Off,
        Camera {
            order: 1,
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
}

/// Gives egui the app's fonts ([`fonts::definitions`]) on the first frame.
fn install_fonts(mut contexts: EguiContexts, mut done: Local<bool>) -> Result {
    if !*done {
        contexts.ctx_mut()?.set_fonts(fonts::definitions());
        *done = true;
    }
    Ok(())
}

/// Draws the three panels and records the free area for the 3D view.
#[allow(clippy::too_many_arguments)]
pub fn draw_panels(
    mut contexts: EguiContexts,
    mut panels: ResMut<Panels>,
    snapshot: Res<LatestSnapshot>,
    analysis: Res<LatestAnalysis>,
    mut log: ResMut<EngineLog>,
    mut pending: ResMut<PendingCommands>,
    mut coarse: CoarseState,
    mut view: ResMut<ViewSettings>,
    mut capture: ResMut<CaptureRequests>,
    mut viewport: ResMut<ViewportRect>,
    mut active: ResMut<ActiveLesson>,
    mut nav: MessageWriter<LessonNav>,
    mut lesson_request: ResMut<LessonPanelRequest>,
    player: Option<ResMut<crate::app::replay::Player>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = egui::Ui::new(
        ctx.clone(),
        "multiscope-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let mut view_copy = view.clone();
    let panels = &mut *panels;
    let units = if panels.controls.argon_units {
        crate::units::Units::Argon
    } else {
        crate::units::Units::Reduced
    };
    let mut pc = PanelContext {
        snapshot: snapshot.0.as_ref(),
        analysis: analysis.0.as_ref(),
        log: &mut log,
        commands: &mut pending,
        coarse: &coarse.latest,
        phase_path: &coarse.path,
        coarse_requests: &mut coarse.requests,
        view: &mut view_copy,
        capture: &mut capture,
        units,
        export: None,
        report: None,
        watch: active.watch_ids(),
        open_lessons: false,
    };
    if let Some(v) = lesson_request.0.take() {
        lesson::apply(
            &v,
            &mut panels.plots,
            &mut panels.density,
            pc.coarse_requests,
        );
    }
    let seen = crate::lesson::Observed {
        analysis: pc.analysis,
        density: pc.coarse.density.as_ref(),
    };
    nav.write_batch(panels.lesson.ui(&ctx, &mut active, &seen));
    if let Some(mut player) = player {
        player::player_ui(&ctx, &mut player, pc.snapshot.map(|s| (s.step, s.time)));
    }
    egui::Panel::left("controls")
        .default_size(280.0)
        .resizable(true)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| panels.controls.ui(ui, &mut pc));
        });
    egui::Panel::right("plots")
        .default_size(430.0)
        .resizable(true)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| panels.plots.ui(ui, &mut pc));
        });
    egui::Panel::bottom("density")
        .default_size(300.0)
        .resizable(true)
        .show(&mut root, |ui| panels.density.ui(ui, &mut pc));
    // The series the density pane plots, for the CSV export and the report (asked for rarely).
    let path: Vec<[f64; 2]> = if pc.export.is_some() || pc.report.is_some() {
        pc.phase_path.points().iter().copied().collect()
    } else {
        Vec::new()
    };
    let density = pc.coarse.density.as_ref();
    let phase = || crate::live::export::PhasePlaneSeries {
        path: &path,
        density,
    };
    if let Some(dir) = pc.export.take() {
        match crate::live::export::write_plotted_series(&dir, pc.analysis, phase()) {
            Ok(files) => pc.log.notice(format!(
                "saved {} CSV files in {}",
                files.len(),
                dir.display()
            )),
            Err(e) => pc.log.notice(format!("could not save the plots: {e}")),
        }
    }
    if pc.open_lessons {
        panels.lesson.menu_open = true;
    }
    if let Some(dir) = pc.report.take() {
        let note = lesson::note(&active, pc.analysis, pc.coarse.density.as_ref());
        match pc.analysis {
            None => pc.log.notice("nothing measured yet: no report to write"),
            Some(analysis) => {
                let page = crate::report::Page {
                    scene_name: pc.snapshot.map_or("", |s| s.scene_name.as_str()),
                    scene: None,
                    source: crate::report::Source::Live {
                        analysis,
                        phase: phase(),
                    },
                    lesson: note.as_ref(),
                };
                match crate::report::write_report(&dir, &page) {
                    Ok(files) => pc.log.notice(format!(
                        "report written: {} ({} files)",
                        dir.join("index.html").display(),
                        files.len()
                    )),
                    Err(e) => pc.log.notice(format!("could not write the report: {e}")),
                }
            }
        }
    }
    let free = root.available_rect_before_wrap();
    draw_view_overlay(&ctx, free, pc.snapshot);
    view.set_if_neq(view_copy);
    viewport.set_if_neq(ViewportRect(Some(free)));
    Ok(())
}

/// A one-line status in the top-left corner of the 3D view.
fn draw_view_overlay(ctx: &egui::Context, free: egui::Rect, snapshot: Option<&Snapshot>) {
    let text = match snapshot {
        None => "building the scene…".to_string(),
        Some(s) => {
            let phase = match s.phase {
                crate::live::Phase::Equilibrating => {
                    format!("equilibrating {}/{}", s.equilibration.0, s.equilibration.1)
                }
                crate::live::Phase::Production => "production".into(),
                crate::live::Phase::BlownUp => "BLOWN UP — paused".into(),
            };
            format!(
                "step {}   t = {:.2} τ   {}   {} atoms",
                s.step,
                s.time,
                phase,
                s.positions.len()
            )
        }
    };
    egui::Area::new("view-overlay".into())
        .fixed_pos(free.min + egui::vec2(8.0, 6.0))
        .interactable(false)
        .show(ctx, |ui| {
            // The proportional font, whose glyphs the panels have already put in the atlas.
            ui.add(
                egui::Label::new(egui::RichText::new(text).color(egui::Color32::from_gray(225)))
                    .extend(),
            );
        });
}

/// Sets the 3D camera's viewport to the free area (physical pixels, clamped to the window).
pub fn fit_camera_viewport(
    rect: Res<ViewportRect>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut cameras: Query<&mut Camera, With<OrbitCamera>>,
) {
    let Some(r) = rect.0 else {
        return;
    };
    let Ok(window) = window.single() else {
        return;
    };
    let scale = window.scale_factor();
    let (w, h) = (window.physical_width(), window.physical_height());
    if w == 0 || h == 0 {
        return;
    }
    let x0 = ((r.min.x * scale).max(0.0) as u32).min(w - 1);
    let y0 = ((r.min.y * scale).max(0.0) as u32).min(h - 1);
    let x1 = ((r.max.x * scale).max(0.0) as u32).clamp(x0 + 1, w);
    let y1 = ((r.max.y * scale).max(0.0) as u32).clamp(y0 + 1, h);
    let viewport = Viewport {
        physical_position: UVec2::new(x0, y0),
        physical_size: UVec2::new(x1 - x0, y1 - y0),
        ..default()
    };
    for mut camera in &mut cameras {
        let same = camera.viewport.as_ref().is_some_and(|v| {
            v.physical_position == viewport.physical_position
                && v.physical_size == viewport.physical_size
        });
        if !same {
            camera.viewport = Some(viewport.clone());
        }
    }
}
