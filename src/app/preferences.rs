//! `PreferencesPlugin`: the view options and panel settings a person chose (host display, sizes,
//! trail, argon units, normalised correlations, the density's rate, the save paths) are kept in a
//! RON file between sessions: `$MULTISCOPE_PREFERENCES`, else `$XDG_CONFIG_HOME/multiscope/app.ron`,
//! else `~/.config/multiscope/app.ron`. Read at start, written a second after a change. Only
//! interactive sessions use it (`--frames` runs start from the defaults and leave it alone, so
//! they are reproducible). A file that cannot be read is reported in the Messages list with its
//! place and the app starts from the defaults.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::simulation::EngineLog;
use super::ui::Panels;
use super::view::ViewSettings;

/// What is kept between sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The 3D view's options.
    pub view: ViewSettings,
    /// Argon units instead of reduced ones.
    pub argon_units: bool,
    /// Correlations shown as C(t)/C(0).
    pub normalised: bool,
    /// Coarse-grained time per second of wall time of the density pane [τ/s].
    pub density_rate: f64,
    /// File "Save scene" writes.
    pub scene_path: String,
    /// Folder "Save plots (CSV)" writes into.
    pub export_dir: String,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            view: ViewSettings::default(),
            argon_units: false,
            normalised: true,
            density_rate: 20.0,
            scene_path: "saved-scene.ron".into(),
            export_dir: "multiscope-plots".into(),
        }
    }
}

impl Preferences {
    /// Where the preferences live (see the module docs); `None` without a home folder.
    pub fn default_path() -> Option<PathBuf> {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        if let Some(p) = var("MULTISCOPE_PREFERENCES") {
            return Some(PathBuf::from(p));
        }
        let config = var("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(config.join("multiscope").join("app.ron"))
    }

    /// Reads `path`: `Ok(None)` if there is no such file; an error naming the file, the place and
    /// the fix if it cannot be read. Values out of the sliders' ranges are brought into them.
    pub fn load(path: &Path) -> Result<Option<Self>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let p: Self = ron::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: {}; fix or delete the file (the defaults are used meanwhile)",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )
        })?;
        Ok(Some(p.clamped()))
    }

    /// Writes `path` (and its folder).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let body = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let text = format!("// multiscope's app settings, written when they change.\n{body}\n");
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The values brought into the ranges the sliders allow (NaN to the default).
    pub fn clamped(mut self) -> Self {
        let d = Self::default();
        let fit = |v: f32, lo: f32, hi: f32, default: f32| {
            if v.is_nan() { default } else { v.clamp(lo, hi) }
        };
        let v = &mut self.view;
        v.host_scale = fit(v.host_scale, 0.1, 1.0, d.view.host_scale);
        v.slab = fit(v.slab, 1.0, 20.0, d.view.slab);
        v.shell = fit(v.shell, 1.0, 20.0, d.view.shell);
        v.trail_len = v.trail_len.clamp(2, 5000);
        self.density_rate = if self.density_rate.is_nan() {
            d.density_rate
        } else {
            self.density_rate.clamp(1.0, 10000.0)
        };
        self
    }

    fn from_app(view: &ViewSettings, panels: &Panels) -> Self {
        Self {
            view: view.clone(),
            argon_units: panels.controls.argon_units,
            normalised: panels.plots.normalised,
            density_rate: panels.density.cg_rate,
            scene_path: panels.controls.scene_path.clone(),
            export_dir: panels.controls.export_dir.clone(),
        }
    }

    fn apply(&self, view: &mut ViewSettings, panels: &mut Panels) {
        *view = self.view.clone();
        panels.controls.argon_units = self.argon_units;
        panels.plots.normalised = self.normalised;
        panels.density.cg_rate = self.density_rate;
        panels.controls.scene_path = self.scene_path.clone();
        panels.controls.export_dir = self.export_dir.clone();
    }
}

/// Keeps [`Preferences`] in `path` (nothing when `None`).
pub struct PreferencesPlugin {
    /// The file, or `None` to neither read nor write one.
    pub path: Option<PathBuf>,
    /// Argon units asked for on the command line (`--argon`): they win over the file.
    pub argon: bool,
}

/// The file and what was last read or written.
#[derive(Resource)]
struct Store {
    path: PathBuf,
    argon: bool,
    saved: Preferences,
    changed_at: Option<Instant>,
    failed: bool,
}

impl Plugin for PreferencesPlugin {
    fn build(&self, app: &mut App) {
        let Some(path) = self.path.clone() else {
            return;
        };
        app.insert_resource(Store {
            path,
            argon: self.argon,
            saved: Preferences::default(),
            changed_at: None,
            failed: false,
        })
        .add_systems(PostStartup, load)
        .add_systems(Last, save_when_changed);
    }
}

fn load(
    mut store: ResMut<Store>,
    mut view: ResMut<ViewSettings>,
    mut panels: ResMut<Panels>,
    mut log: ResMut<EngineLog>,
) {
    match Preferences::load(&store.path) {
        Ok(Some(p)) => {
            p.apply(&mut view, &mut panels);
            panels.controls.argon_units |= store.argon;
            store.saved = Preferences::from_app(&view, &panels);
        }
        Ok(None) => store.saved = Preferences::from_app(&view, &panels),
        Err(e) => {
            log.notice(format!("settings not read: {e}"));
            // Keep the file as it is until the person changes something.
            store.saved = Preferences::from_app(&view, &panels);
        }
    }
}

/// Writes the settings a second after they last changed (not every frame of a slider drag).
fn save_when_changed(
    mut store: ResMut<Store>,
    view: Res<ViewSettings>,
    panels: Res<Panels>,
    mut log: ResMut<EngineLog>,
) {
    let now = Preferences::from_app(&view, &panels);
    if now == store.saved {
        store.changed_at = None;
        return;
    }
    let since = *store.changed_at.get_or_insert_with(Instant::now);
    if since.elapsed() < Duration::from_secs(1) || store.failed {
        return;
    }
    match now.save(&store.path) {
        Ok(()) => {
            store.saved = now;
            store.changed_at = None;
        }
        Err(e) => {
            // Said once; the app goes on without saving.
            store.failed = true;
            log.notice(format!("settings not saved: {e}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::view::HostDisplay;

    fn scratch(name: &str) -> PathBuf {
        std::env::temp_dir()
            .join(format!("multiscope-prefs-{}-{name}", std::process::id()))
            .join("app.ron")
    }

    #[test]
    fn preferences_survive_a_round_trip_through_the_file() {
        let path = scratch("round-trip");
        assert_eq!(Preferences::load(&path), Ok(None), "no file yet");
        let mut p = Preferences::default();
        p.view.host = HostDisplay::Shell;
        p.view.shell = 7.5;
        p.argon_units = true;
        p.density_rate = 300.0;
        p.export_dir = "plots here".into();
        p.save(&path).unwrap();
        assert_eq!(Preferences::load(&path), Ok(Some(p)));
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_bad_file_is_an_error_with_its_place_and_out_of_range_values_are_clamped() {
        let path = scratch("bad");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            "(\n  argon_units: true,\n  density_rate: \"fast\",\n)",
        )
        .unwrap();
        let e = Preferences::load(&path).unwrap_err();
        assert!(e.contains("app.ron:3:"), "{e}");
        assert!(e.contains("delete the file"), "{e}");
        // Missing fields take their defaults; values outside the sliders are brought in.
        std::fs::write(
            &path,
            "(view: (host_scale: 9.0, trail_len: 0), density_rate: 1e9, argon_units: true)",
        )
        .unwrap();
        let p = Preferences::load(&path).unwrap().unwrap();
        assert_eq!(p.view.host_scale, 1.0);
        assert_eq!(p.view.trail_len, 2);
        assert_eq!(p.density_rate, 10000.0);
        assert!(p.argon_units && p.normalised);
        assert_eq!(p.view.slab, ViewSettings::default().slab);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
