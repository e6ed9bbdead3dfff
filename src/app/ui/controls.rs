//! The controls panel: run controls, the scene picker, the physical parameters (each change takes
//! effect at the next MD step and restarts the correlation accumulators), the view options and
//! saving.

use std::path::{Path, PathBuf};

use bevy_egui::egui;

use super::PanelContext;
use crate::app::view::HostDisplay;
use crate::live::{Phase, SimCommand};
use crate::scene::{DEFAULT_SCENE_NAME, Scene};

/// State of the controls panel (the values the sliders show).
#[derive(Debug, Clone)]
pub struct ControlsPanel {
    scenes_dir: PathBuf,
    scene_files: Vec<PathBuf>,
    synced_run: u64,
    steps_per_frame: u32,
    seed: u64,
    epsilon: f64,
    temperature: f64,
    dt: f64,
    /// File "Save scene" writes.
    pub scene_path: String,
    /// Folder "Save plots (CSV)" writes into.
    pub export_dir: String,
    /// Folder "Save report" writes the report page into.
    pub report_dir: String,
    /// Show the plots and coefficients in argon units instead of reduced ones.
    pub argon_units: bool,
}

impl ControlsPanel {
    /// A panel whose scene picker lists `scenes_dir/*.ron`.
    pub fn new(scenes_dir: PathBuf) -> Self {
        let scene_files = list_scenes(&scenes_dir);
        Self {
            scenes_dir,
            scene_files,
            synced_run: 0,
            steps_per_frame: 10,
            seed: 0,
            epsilon: 0.01,
            temperature: 1.0,
            dt: 0.005,
            scene_path: "saved-scene.ron".into(),
            export_dir: "multiscope-plots".into(),
            report_dir: "multiscope-report".into(),
            argon_units: false,
        }
    }

    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        ui.heading("multiscope")
            .on_hover_text(super::hover::text("controls", pc));
        if let Some(s) = pc.snapshot
            && s.run_id != self.synced_run
        {
            // A new run (start, reset, load): the sliders show what the engine now runs.
            self.synced_run = s.run_id;
            let st = &s.settings;
            self.steps_per_frame = st.steps_per_frame;
            self.seed = st.seed;
            self.epsilon = if st.has_nanoparticle {
                st.epsilon
            } else {
                0.01
            };
            self.temperature = st.temperature;
            self.dt = st.dt;
        }
        self.status_ui(ui, pc);
        ui.separator();
        self.run_ui(ui, pc);
        ui.separator();
        self.physics_ui(ui, pc);
        ui.separator();
        self.accumulators_ui(ui, pc);
        ui.separator();
        view_ui(ui, pc);
        ui.separator();
        self.save_ui(ui, pc);
        if !pc.log.notices.is_empty() {
            ui.separator();
            ui.label(egui::RichText::new("Messages").strong());
            for n in pc.log.notices.iter().rev().take(5) {
                ui.label(egui::RichText::new(n).small());
            }
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        if ui
            .button("📖 Lessons")
            .on_hover_text(
                "guided lessons: each step sets the simulation up and says what to watch",
            )
            .clicked()
        {
            pc.open_lessons = true;
        }
        match pc.snapshot {
            None => {
                ui.label("Building the scene…");
            }
            Some(s) => {
                ui.label(egui::RichText::new(&s.scene_name).small());
                ui.label(format!(
                    "step {}  ·  t = {:.3} τ  ·  {:.0} steps/s",
                    s.step, s.time, s.steps_per_second
                ));
                if s.phase == Phase::Equilibrating {
                    ui.label(format!(
                        "Equilibrating with the thermostat: {}/{} steps (correlations start after)",
                        s.equilibration.0, s.equilibration.1
                    ));
                }
            }
        }
        if pc.log.worker_died {
            ui.colored_label(
                egui::Color32::from_rgb(255, 120, 120),
                "The MD worker thread stopped unexpectedly (a bug; see the terminal). Restart the app.",
            );
        }
        if let Some(e) = pc.log.blow_up.clone() {
            egui::Frame::group(ui.style())
                .fill(egui::Color32::from_rgb(90, 20, 20))
                .show(ui, |ui| {
                    ui.label(egui::RichText::new("The simulation blew up and is paused").strong());
                    ui.label(e.to_string());
                    if ui.button("Reset the scene").clicked() {
                        pc.commands.push(SimCommand::Reset);
                    }
                });
        }
        if let Some(e) = pc.log.scene_error.clone() {
            let mut dismiss = false;
            egui::Frame::group(ui.style())
                .fill(egui::Color32::from_rgb(80, 50, 10))
                .show(ui, |ui| {
                    ui.label(
                        egui::RichText::new("Scene not loaded (the current one goes on)").strong(),
                    );
                    ui.label(egui::RichText::new(e.to_string()).monospace());
                    dismiss = ui.button("Dismiss").clicked();
                });
            if dismiss {
                pc.log.scene_error = None;
            }
        }
    }

    fn run_ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        let playing = pc.snapshot.is_some_and(|s| s.settings.playing);
        let blown = pc.snapshot.is_some_and(|s| s.phase == Phase::BlownUp);
        ui.horizontal(|ui| {
            let label = if playing { "⏸ Pause" } else { "▶ Play" };
            if ui.add_enabled(!blown, egui::Button::new(label)).clicked() {
                pc.commands.push(if playing {
                    SimCommand::Pause
                } else {
                    SimCommand::Play
                });
            }
            if ui
                .add_enabled(!blown, egui::Button::new("Step"))
                .on_hover_text("one MD step (pauses)")
                .clicked()
            {
                pc.commands.push(SimCommand::Step);
            }
            if ui
                .button("Reset")
                .on_hover_text("rebuild the scene with the current settings and re-equilibrate")
                .clicked()
            {
                pc.commands.push(SimCommand::Reset);
            }
        });
        if let Some(s) = pc.snapshot {
            let mut full_speed = s.settings.flat_out;
            ui.horizontal(|ui| {
                if ui
                    .checkbox(&mut full_speed, "full speed")
                    .on_hover_text(
                        "the MD thread runs as fast as it can and each frame shows its newest \
                         state; untick to pace it at a number of steps per frame",
                    )
                    .changed()
                {
                    pc.commands.push(SimCommand::SetFlatOut(full_speed));
                }
                if !full_speed {
                    let r = ui.add(
                        egui::DragValue::new(&mut self.steps_per_frame)
                            .range(1..=2000)
                            .suffix(" steps/frame"),
                    );
                    if r.changed() {
                        pc.commands
                            .push(SimCommand::SetStepsPerFrame(self.steps_per_frame));
                    }
                }
            });
        }
        ui.horizontal(|ui| {
            ui.label("Scene");
            let current = pc
                .snapshot
                .map(|s| short_name(&s.scene_name))
                .unwrap_or_default();
            let mut chosen: Option<Option<PathBuf>> = None;
            egui::ComboBox::from_id_salt("scene-picker")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(false, "built-in default").clicked() {
                        chosen = Some(None);
                    }
                    for f in &self.scene_files {
                        if ui
                            .selectable_label(false, short_name(&f.display().to_string()))
                            .clicked()
                        {
                            chosen = Some(Some(f.clone()));
                        }
                    }
                });
            match chosen {
                Some(Some(path)) => pc.commands.push(SimCommand::LoadScene(path)),
                Some(None) => pc.commands.push(SimCommand::LoadParsedScene(
                    Box::new(Scene::default_scene()),
                    DEFAULT_SCENE_NAME.into(),
                )),
                None => {}
            }
            if ui
                .small_button("⟳")
                .on_hover_text("list the scene folder again")
                .clicked()
            {
                self.scene_files = list_scenes(&self.scenes_dir);
            }
        });
        ui.horizontal(|ui| {
            ui.label("Seed");
            ui.add(egui::DragValue::new(&mut self.seed));
            if ui
                .button("Apply")
                .on_hover_text("rebuild the scene with this seed")
                .clicked()
            {
                pc.commands.push(SimCommand::SetSeed(self.seed));
            }
        });
    }

    fn physics_ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        let Some(s) = pc.snapshot else {
            return;
        };
        let st = s.settings;
        ui.label(egui::RichText::new("Physics (reduced LJ units)").strong());
        ui.add_enabled_ui(st.has_nanoparticle, |ui| {
            if log_slider(
                ui,
                pc,
                "epsilon",
                &mut self.epsilon,
                1e-4..=1.0,
                "ε = m_h/m",
            ) {
                pc.commands.push(SimCommand::SetEpsilon(self.epsilon));
            }
            if st.has_nanoparticle {
                ui.label(format!(
                    "   nanoparticle mass m = {:.1} m_h",
                    1.0 / self.epsilon
                ));
            } else {
                ui.label("   (no nanoparticle in this scene)");
            }
        });
        let t = &mut self.temperature;
        if log_slider(ui, pc, "temperature_target", t, 0.1..=5.0, "T [ε_LJ/k_B]") {
            pc.commands
                .push(SimCommand::SetTemperature(self.temperature));
        }
        let mut t_note = format!("   β = 1/T = {:.3} 1/ε_LJ", 1.0 / self.temperature);
        if pc.units == crate::units::Units::Argon {
            t_note += &format!(
                "  ({:.1} K for argon)",
                self.temperature * crate::units::ARGON_EPSILON_K
            );
        }
        ui.label(t_note);
        if !st.thermostat {
            ui.label(
                egui::RichText::new("   T acts through the thermostat, which is off (NVE)")
                    .small()
                    .color(egui::Color32::YELLOW),
            );
        }
        if log_slider(ui, pc, "time_step", &mut self.dt, 5e-4..=0.02, "Δt [τ]") {
            pc.commands.push(SimCommand::SetTimeStep(self.dt));
        }
        let mut thermostat = st.thermostat;
        if ui
            .checkbox(&mut thermostat, "Thermostat (Bussi) during production")
            .changed()
        {
            pc.commands.push(SimCommand::SetThermostat(thermostat));
        }
        ui.add_enabled_ui(st.has_nanoparticle, |ui| {
            ui.horizontal(|ui| {
                let mut constrained = st.constrained;
                ui.radio_value(&mut constrained, false, "free (measures γ)");
                ui.radio_value(&mut constrained, true, "constrained (θ)");
                if constrained != st.constrained {
                    pc.commands.push(SimCommand::SetConstrained(constrained));
                }
            });
        });
        let mut viscosity = st.viscosity;
        if ui
            .checkbox(&mut viscosity, "measure η (Stokes–Einstein)")
            .on_hover_text(
                "the host's shear viscosity from its stress autocorrelation: every 2nd MD step \
                 also computes energies and the virial",
            )
            .changed()
        {
            pc.commands.push(SimCommand::SetViscosity(viscosity));
        }
    }

    fn accumulators_ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        ui.label(egui::RichText::new("Correlation accumulators").strong());
        let Some(a) = pc.analysis else {
            ui.label("not started yet");
            return;
        };
        ui.label(format!(
            "restarted at step {}: {}",
            a.restart_step, a.restart_reason
        ));
        let count = |g: &Option<crate::live::GreenKuboView>| match g {
            Some(g) => format!("{} samples, {} blocks", g.samples, g.blocks),
            None => "no samples yet".into(),
        };
        let hover = format!(
            "{}\n\n{}",
            super::hover::text("samples", pc),
            super::hover::text("blocks", pc)
        );
        ui.label(format!("⟨P·P⟩: {}", count(&a.momentum)))
            .on_hover_text(&hover);
        ui.label(format!("⟨δF·δF⟩: {}", count(&a.force)))
            .on_hover_text(hover);
        if pc.snapshot.is_some_and(|s| s.phase == Phase::Equilibrating) {
            ui.label(egui::RichText::new("(fed only after equilibration)").small());
        }
    }

    fn save_ui(&mut self, ui: &mut egui::Ui, pc: &mut PanelContext) {
        ui.label(egui::RichText::new("Save").strong());
        ui.horizontal(|ui| {
            if ui
                .button("📷 Screenshot")
                .on_hover_text("save the window as PNG (F12)")
                .clicked()
            {
                pc.capture.request(None);
            }
            ui.checkbox(&mut self.argon_units, "argon units");
        });
        if let Some(p) = pc.capture.last_saved() {
            ui.label(egui::RichText::new(format!("saved {}", p.display())).small());
        }
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.scene_path).desired_width(140.0));
            if ui
                .button("Save scene")
                .on_hover_text("write the current settings as a scene file (RON)")
                .clicked()
            {
                pc.commands
                    .push(SimCommand::SaveScene(PathBuf::from(self.scene_path.trim())));
            }
        });
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.report_dir).desired_width(140.0));
            if ui
                .button("Save report")
                .on_hover_text(
                    "write a page to hand in: index.html (opens without a network) with the \
                     settings, every measured value with its error, each plot as PNG, and the CSVs",
                )
                .clicked()
            {
                pc.report = Some(PathBuf::from(self.report_dir.trim()));
            }
        });
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.export_dir).desired_width(140.0));
            if ui
                .button("Save plots (CSV)")
                .on_hover_text(
                    "write every plotted series into this folder as CSV files, in reduced LJ units",
                )
                .clicked()
            {
                pc.export = Some(PathBuf::from(self.export_dir.trim()));
            }
        });
    }
}

/// A logarithmic slider over `range` with glossary entry `id`'s hover text; true when moved.
fn log_slider(
    ui: &mut egui::Ui,
    pc: &PanelContext,
    id: &str,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    text: &str,
) -> bool {
    ui.add(egui::Slider::new(value, range).logarithmic(true).text(text))
        .on_hover_text(super::hover::text(id, pc))
        .changed()
}

/// View options: follow, host atoms, trail, box.
fn view_ui(ui: &mut egui::Ui, pc: &mut PanelContext) {
    ui.label(egui::RichText::new("View").strong())
        .on_hover_text(super::hover::text("view", pc));
    let v = &mut *pc.view;
    ui.checkbox(&mut v.follow, "Follow the nanoparticle");
    ui.horizontal(|ui| {
        ui.label("Host");
        ui.radio_value(&mut v.host, HostDisplay::All, "all");
        ui.radio_value(&mut v.host, HostDisplay::Slab, "slab");
        ui.radio_value(&mut v.host, HostDisplay::Shell, "shell");
        ui.radio_value(&mut v.host, HostDisplay::Hidden, "hidden");
    });
    if v.host == HostDisplay::Slab {
        ui.add(egui::Slider::new(&mut v.slab, 1.0..=20.0).text("slab thickness [σ]"));
    }
    if v.host == HostDisplay::Shell {
        ui.add(egui::Slider::new(&mut v.shell, 1.0..=20.0).text("shell radius [σ]"));
    }
    ui.add(egui::Slider::new(&mut v.host_scale, 0.1..=1.0).text("host size [σ]"));
    ui.horizontal(|ui| {
        ui.checkbox(&mut v.dim_host, "dim host");
        ui.checkbox(&mut v.show_box, "box");
    });
    ui.add(egui::Slider::new(&mut v.trail_len, 2..=5000).text("trail points"));
    ui.label(
        egui::RichText::new("Mouse: left drag rotates, right drag pans, wheel zooms")
            .small()
            .weak(),
    );
}

/// `scenes/x.ron` → `x.ron`.
fn short_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |f| f.to_string_lossy().into_owned())
}

/// The `.ron` files in `dir`, sorted (empty if it cannot be read).
pub fn list_scenes(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
