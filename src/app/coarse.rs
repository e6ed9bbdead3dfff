//! `CoarsePlugin`: the Bevy side of the coarse-grained worker, as
//! [`super::simulation::SimulationPlugin`] is the MD worker's. It owns the [`CoarseWorker`] thread
//! (started with the first density), sends the frame's [`CoarseRequests`] in [`AppSet::Step`], and
//! in [`AppSet::View`] takes the newest density into [`LatestCoarse`] and records the MD
//! nanoparticle's recent (Φ_x, Π_x) in [`PhasePath`]. The density pane only draws these and asks
//! for changes; the lesson checks, the CSV export and the report read the same resources. It
//! needs nothing but `MinimalPlugins`.

use std::collections::VecDeque;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::AppSet;
use super::simulation::LatestSnapshot;
use crate::live::coarse_worker::{CoarseDensity, CoarseWorker, Friction, Start};
use crate::live::export::PhasePlaneSeries;

/// Runs the coarse-grained densities on their own thread and connects them to the frame.
pub struct CoarsePlugin;

impl Plugin for CoarsePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<CoarseThread>()
            .init_resource::<CoarseRequests>()
            .init_resource::<LatestCoarse>()
            .init_resource::<PhasePath>()
            .add_systems(Update, send_coarse_requests.in_set(AppSet::Step))
            .add_systems(
                Update,
                (receive_coarse, record_phase_path).in_set(AppSet::View),
            );
    }
}

/// The worker thread, once the first density has started it (dropping it stops the thread).
#[derive(Resource, Default)]
struct CoarseThread(Option<CoarseWorker>);

/// What the density pane (or a lesson step) asks of the coarse-grained densities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CoarseRequest {
    /// Start a density with `friction` from `start` on the newest snapshot's system, running at
    /// `rate` [τ/s].
    Start {
        /// ζ and D it is built with.
        friction: Friction,
        /// Equilibrium, or a narrow density at a point.
        start: Start,
        /// Coarse-grained time per second of wall time [τ/s].
        rate: f64,
    },
    /// Drop the density.
    Clear,
    /// Let the coarse-grained time run (`true`) or hold it.
    SetRunning(bool),
    /// Coarse-grained time per second of wall time [τ/s].
    SetRate(f64),
}

/// Requests queued during this frame; sent in [`AppSet::Step`] of the next.
#[derive(Resource, Default, Debug)]
pub struct CoarseRequests(pub Vec<CoarseRequest>);

/// A density on a regular (Φ, Π) grid, row-major with Φ varying fastest.
#[derive(Debug, Clone, PartialEq)]
pub struct DensityGrid {
    /// Φ range of the grid [σ]: (first cell centre, last cell centre).
    pub phi: (f64, f64),
    /// Π range of the grid [m̂σ/τ]: (first cell centre, last cell centre).
    pub pi_: (f64, f64),
    /// Cells along Φ.
    pub cols: usize,
    /// W̃ at each cell [1/(σ · m̂σ/τ)], `rows × cols` values.
    pub values: Vec<f64>,
    /// What the density is (e.g. "Fokker–Planck, t = 3 τ").
    pub label: String,
}

impl DensityGrid {
    /// The Fokker–Planck density W̃(Φ, Π) of `c` on its grid.
    fn of(c: &CoarseDensity) -> Self {
        let k = c.solver();
        let (x, y) = (k.x_grid(), k.y_grid());
        Self {
            phi: (x.centre(0), x.centre(x.len() - 1)),
            pi_: (y.centre(0), y.centre(y.len() - 1)),
            cols: x.len(),
            values: k.density().to_vec(),
            label: format!("Fokker–Planck, t_CG = {:.1} τ", c.time()),
        }
    }
}

/// The newest copy of the running densities and the worker's state.
#[derive(Resource, Debug)]
pub struct LatestCoarse {
    /// The newest copy of the densities, when one runs.
    pub density: Option<CoarseDensity>,
    /// Its W̃(Φ, Π) as a grid to draw.
    pub grid: Option<DensityGrid>,
    /// Whether the coarse-grained time runs.
    pub running: bool,
    /// Why the last start or step of the solver failed.
    pub error: Option<String>,
}

impl Default for LatestCoarse {
    fn default() -> Self {
        Self {
            density: None,
            grid: None,
            running: true,
            error: None,
        }
    }
}

impl LatestCoarse {
    /// Replaces the density (and its grid).
    fn set(&mut self, density: Option<CoarseDensity>) {
        self.grid = density.as_ref().map(DensityGrid::of);
        self.density = density;
    }
}

/// The MD nanoparticle's recent (Φ_x, Π_x), one point per MD step shown, for the density pane's
/// path and the CSV export.
#[derive(Resource, Debug)]
pub struct PhasePath {
    run_id: u64,
    last_step: u64,
    points: VecDeque<[f64; 2]>,
    /// Points kept.
    pub len: usize,
}

impl Default for PhasePath {
    fn default() -> Self {
        Self {
            run_id: 0,
            last_step: u64::MAX,
            points: VecDeque::new(),
            len: 2000,
        }
    }
}

impl PhasePath {
    /// The points, oldest first.
    pub fn points(&self) -> &VecDeque<[f64; 2]> {
        &self.points
    }

    /// The series the density pane plots, for the CSV export and the report.
    pub fn series<'a>(&'a mut self, coarse: &'a LatestCoarse) -> PhasePlaneSeries<'a> {
        PhasePlaneSeries {
            path: self.points.make_contiguous(),
            density: coarse.density.as_ref(),
        }
    }
}

/// The coarse-grained resources as one system parameter, for the panels.
#[derive(SystemParam)]
pub struct CoarseState<'w> {
    /// The newest densities.
    pub latest: Res<'w, LatestCoarse>,
    /// Requests to the worker.
    pub requests: ResMut<'w, CoarseRequests>,
    /// The MD path in (Φ_x, Π_x).
    pub path: ResMut<'w, PhasePath>,
}

/// Sends the frame's requests to the worker (starting it with the first density; never waits).
fn send_coarse_requests(
    snapshot: Option<Res<LatestSnapshot>>,
    mut requests: ResMut<CoarseRequests>,
    mut thread: ResMut<CoarseThread>,
    mut latest: ResMut<LatestCoarse>,
) {
    let snapshot = snapshot.as_ref().and_then(|s| s.0.as_ref());
    for r in requests.0.drain(..) {
        match r {
            CoarseRequest::Start {
                friction,
                start,
                rate,
            } => {
                let Some(s) = snapshot else { continue };
                match CoarseDensity::new(s, friction, start) {
                    Ok(c) => {
                        let worker = thread.0.get_or_insert_with(|| CoarseWorker::spawn(rate));
                        worker.set_rate(rate);
                        worker.start(c.clone());
                        worker.set_running(true);
                        latest.set(Some(c));
                        latest.error = None;
                        latest.running = true;
                    }
                    Err(e) => {
                        latest.set(None);
                        latest.error = Some(e.to_string());
                    }
                }
            }
            CoarseRequest::Clear => clear(&thread, &mut latest),
            CoarseRequest::SetRunning(on) => {
                latest.running = on;
                if let Some(w) = &thread.0 {
                    w.set_running(on);
                }
            }
            CoarseRequest::SetRate(rate) => {
                if let Some(w) = &thread.0 {
                    w.set_rate(rate);
                }
            }
        }
    }
}

/// Drops the density (and stops the worker's work on it).
fn clear(thread: &CoarseThread, latest: &mut LatestCoarse) {
    if let Some(w) = &thread.0 {
        w.clear();
    }
    latest.set(None);
}

/// Takes the worker's newest report into [`LatestCoarse`]; drops a density that belongs to an
/// earlier system (a new scene, a reset, a change of ε).
fn receive_coarse(
    snapshot: Option<Res<LatestSnapshot>>,
    thread: Res<CoarseThread>,
    mut latest: ResMut<LatestCoarse>,
) {
    if let Some(s) = snapshot.as_ref().and_then(|s| s.0.as_ref())
        && latest
            .density
            .as_ref()
            .is_some_and(|c| c.run_id != s.run_id)
    {
        clear(&thread, &mut latest);
    }
    if let Some(report) = thread.0.as_ref().and_then(CoarseWorker::take) {
        if let Some(e) = report.error {
            latest.error = Some(e);
            latest.running = false;
        }
        latest.set(report.density);
    }
}

/// Records the newest MD (Φ_x, Π_x), once per MD step shown; a new run starts a new path.
fn record_phase_path(snapshot: Option<Res<LatestSnapshot>>, mut path: ResMut<PhasePath>) {
    let Some(s) = snapshot.as_ref().and_then(|s| s.0.as_ref()) else {
        return;
    };
    if s.run_id != path.run_id {
        path.run_id = s.run_id;
        path.points.clear();
        path.last_step = u64::MAX;
    }
    if s.n_star == 0 || s.step == path.last_step {
        return;
    }
    path.last_step = s.step;
    path.points.push_back([s.order.phi[0], s.order.pi_[0]]);
    let keep = path.len.max(2);
    while path.points.len() > keep {
        path.points.pop_front();
    }
}
