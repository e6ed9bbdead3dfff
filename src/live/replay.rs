//! Replaying a finished run instead of simulating: a LAMMPS run of a `multiscope export` (its
//! folder: the import's analysis, the log's thermodynamics and the dump's frames) or any dump
//! file in LAMMPS `dump custom id type xu yu zu` form (`multiscope run --dump`, or LAMMPS's own).
//! Each frame becomes a [`Snapshot`] and the import an [`AnalysisSnapshot`], the same types the
//! live worker publishes, so every view and panel shows a replay as it shows a live run.
//!
//! Frames are read one at a time from the file ([`crate::trajectory`] keeps only their offsets),
//! so a dump of any size is streamed, never loaded whole.

use std::path::{Path, PathBuf};

use crate::lammps::{DUMP_FILE, LOG_FILE, MANIFEST_FILE, import, read_log};
use crate::md::{OrderParameters, Thermo};
use crate::scene::Scene;
use crate::trajectory::{Frame, Trajectory};

use super::live_measurement::analysis_of;
use super::snapshot::{AnalysisSnapshot, EngineSettings, Phase, Snapshot};

/// A run being replayed.
pub struct Replay {
    /// What is replayed (the folder or file), for the window and the log.
    pub name: String,
    /// The scene of the run, when known (an export's `scene.ron`).
    pub scene: Option<Scene>,
    /// The import's analysis (an export folder with its LAMMPS output), else `None`.
    pub analysis: Option<AnalysisSnapshot>,
    trajectory: Trajectory,
    frame: Frame,
    /// The log's thermodynamics, by step (empty without a log).
    thermo: Vec<Thermo>,
    /// Time step Δt [τ] (1 when unknown: times are then steps).
    dt: f64,
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replay")
            .field("name", &self.name)
            .field("frames", &self.trajectory.frame_count())
            .finish()
    }
}

/// Why a replay could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The folder's LAMMPS run could not be imported.
    #[error(transparent)]
    Import(#[from] crate::lammps::LammpsError),
    /// The dump could not be read.
    #[error(transparent)]
    Trajectory(#[from] crate::trajectory::TrajectoryError),
    /// Nothing to replay at that path.
    #[error("{0}")]
    Nothing(String),
}

impl Replay {
    /// Opens `path`: an export folder LAMMPS ran in (with `dump_every`, so that it has a dump),
    /// or a dump file.
    pub fn open(path: &Path) -> Result<Replay, ReplayError> {
        let (dump, scene, analysis, thermo): (PathBuf, _, _, _) = if path.is_dir() {
            if !path.join(MANIFEST_FILE).exists() {
                return Err(ReplayError::Nothing(format!(
                    "{}: no {MANIFEST_FILE} here: give the folder `multiscope export --lammps` \
                     wrote (after LAMMPS ran in it), or a dump file (`multiscope run --dump`)",
                    path.display()
                )));
            }
            let dump = path.join(DUMP_FILE);
            if !dump.exists() {
                return Err(ReplayError::Nothing(format!(
                    "{}: the run has no {DUMP_FILE}: export with `--dump-every K` so that LAMMPS \
                     writes the atoms' positions, and run it again",
                    path.display()
                )));
            }
            let imported = import(path, None)?;
            let log = read_log(&path.join(LOG_FILE)).unwrap_or_default();
            let dt = imported.scene.integration.time_step;
            let thermo: Vec<Thermo> = log
                .iter()
                .map(|l| Thermo {
                    time: l.step as f64 * dt,
                    kinetic: l.ke,
                    potential: l.pe,
                    temperature: l.temp,
                    pressure: l.press,
                    ..Thermo::default()
                })
                .collect();
            let analysis = analysis_of(
                imported.report,
                imported.curves,
                imported.samples,
                imported.manifest.atoms,
                thermo.clone(),
            );
            (dump, Some(imported.scene), Some(analysis), thermo)
        } else {
            (path.to_path_buf(), None, None, Vec::new())
        };
        let trajectory = crate::trajectory::open(&dump)?;
        if trajectory.frame_count() == 0 {
            return Err(ReplayError::Nothing(format!(
                "{}: no complete frame yet; is the run still starting?",
                dump.display()
            )));
        }
        let dt = scene.as_ref().map_or(1.0, |s| s.integration.time_step);
        Ok(Replay {
            name: path.display().to_string(),
            scene,
            analysis,
            trajectory,
            frame: Frame::default(),
            thermo,
            dt,
        })
    }

    /// Frames in the dump (re-counted: a run still being written grows).
    pub fn frames(&mut self) -> usize {
        let _ = self.trajectory.refresh();
        self.trajectory.frame_count()
    }

    /// Frame `i` as a snapshot (`run_id` 1: one replay is one run); `playing` is what the
    /// player does (the snapshot's settings say so, as the engine's would).
    pub fn snapshot(&mut self, i: usize, playing: bool) -> Result<Snapshot, ReplayError> {
        self.trajectory.read_frame_into(i, &mut self.frame)?;
        let f = &self.frame;
        let b = f.box_bounds;
        let l = [b[0][1] - b[0][0], b[1][1] - b[1][0], b[2][1] - b[2][0]];
        // File types are 1-based: 1 host, 2 nanoparticle (as multiscope writes and exports).
        let mut order: Vec<usize> = (0..f.ids.len()).collect();
        order.sort_by_key(|&k| (f.types[k] < 2, f.ids[k]));
        let n_star = f.types.iter().filter(|&&t| t >= 2).count();
        let mut com = [0.0; 3];
        for &k in &order[..n_star] {
            for d in 0..3 {
                com[d] += f.positions[k][d] / n_star as f64;
            }
        }
        let positions = order
            .iter()
            .map(|&k| {
                let p = f.positions[k];
                std::array::from_fn(|d| (p[d] - b[d][0]).rem_euclid(l[d]) as f32)
            })
            .collect();
        let types = order.iter().map(|&k| u32::from(f.types[k] >= 2)).collect();
        let time = f.step as f64 * self.dt;
        let thermo = self
            .thermo
            .iter()
            .min_by(|a, c| (a.time - time).abs().total_cmp(&(c.time - time).abs()))
            .copied()
            .unwrap_or_default();
        let (epsilon, temperature, field) = match &self.scene {
            Some(s) => (
                s.nanoparticle.as_ref().map_or(0.0, |n| n.mass_ratio()),
                s.temperature,
                s.field,
            ),
            None => (0.0, thermo.temperature, Default::default()),
        };
        let thermostat = self.scene.as_ref().is_some_and(|s| {
            s.thermostat.kind != crate::scene::ThermostatKind::None
                && s.thermostat.during == crate::scene::ThermostatPhase::Always
        });
        let settings = EngineSettings {
            playing,
            thermostat,
            epsilon,
            mass: if epsilon > 0.0 { 1.0 / epsilon } else { 0.0 },
            temperature,
            dt: self.dt,
            has_nanoparticle: n_star > 0,
            ..EngineSettings::default()
        };
        Ok(Snapshot {
            run_id: 1,
            scene_name: self.name.clone(),
            positions,
            types,
            n_star,
            box_length: l[0],
            field,
            thermo,
            order: OrderParameters {
                mass: settings.mass,
                epsilon,
                r: com,
                phi: com.map(|x| x * epsilon.sqrt()),
                ..OrderParameters::default()
            },
            body_axes: None,
            step: f.step,
            time,
            phase: Phase::Production,
            equilibration: (0, 0),
            settings,
            steps_per_second: 0.0,
            total_steps: f.step,
        })
    }
}
