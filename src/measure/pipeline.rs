//! `measure`: the batch pipeline — build and equilibrate a scene, then run the free segment, the
//! constrained segment and the f^th windows as independent jobs and feed a [`Measurement`].

use std::time::Instant;

use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::field::ExternalField;
use crate::md::{MdError, OrderParameters, Simulation, Thermo};
use crate::scene::{Scene, SceneError, Stream, stream};

use super::measurement::{Cutoffs, HostFrame, Measurement, MeasurementSetup, Segment};
use super::report::{Cost, Curves, Report};

/// Anything a measurement can fail with.
#[derive(Debug, Error)]
pub enum MeasureError {
    /// The scene is wrong.
    #[error("{0}")]
    Scene(#[from] SceneError),
    /// The simulation failed (blew up).
    #[error("{0}")]
    Md(#[from] MdError),
    /// The options cannot give a measurement.
    #[error("{0}")]
    Options(String),
}

/// The segments of a measurement and how they are sampled, in MD steps: what `measure` runs
/// and what the LAMMPS export writes for LAMMPS to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segments {
    /// Steps of the free segment (after the scene's equilibration).
    pub steps: u64,
    /// Steps of the constrained (θ) segment; `None`: the same as `steps`; 0: no held segment.
    pub constrained_steps: Option<u64>,
    /// Number of f^th windows; `None`: 9 with an external field, 5 without.
    pub windows: Option<usize>,
    /// Steps sampled per window; `None`: `max(steps / windows, 1000)`.
    pub window_steps: Option<u64>,
    /// Steps run after the particle is held (and moved) before sampling starts (default 200 =
    /// 1 τ at Δt = 0.005: the host is already equilibrated around the particle; only the removed
    /// centre-of-mass velocity has to be shared out).
    pub relax_steps: u64,
    /// Sample P, F and the stress every this many steps (default 2: 0.01 τ at Δt = 0.005, fine
    /// enough for the fast initial decay of the stress autocorrelation).
    pub every: u64,
    /// Green–Kubo error blocks per segment (default 20).
    pub blocks: u64,
}

impl Default for Segments {
    fn default() -> Self {
        Self {
            steps: 20_000,
            constrained_steps: None,
            windows: None,
            window_steps: None,
            relax_steps: 200,
            every: 2,
            blocks: 20,
        }
    }
}

/// How long and how often to measure. Intervals are in MD steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureOptions {
    /// The segments and their sampling.
    #[serde(flatten)]
    pub segments: Segments,
    /// Push host frames every this many steps (default 10: the VACF and MSD cost ~2 % of a step).
    pub host_every: u64,
    /// Measure the host VACF and MSD (default true).
    pub host: bool,
    /// Measure the shear viscosity (costs an energy/virial evaluation on each sampled step;
    /// default true).
    pub viscosity: bool,
    /// Cut-off of the VACF integral [τ]; `None`: 20 τ, or a quarter of the free segment if that
    /// is shorter.
    pub vacf_cutoff: Option<f64>,
    /// MSD fit window [τ]; `None`: from min(5 τ, 5 % of the run) to 20 % of the run.
    pub msd_window: Option<[f64; 2]>,
    /// Seed override (default: the scene's).
    pub seed: Option<u64>,
    /// Where the Green–Kubo integrals are read (default: automatic).
    pub cutoffs: Cutoffs,
    /// Double well: the free segment goes on past `steps` until the particle has made this many
    /// committed transitions between the wells (default 20: the rate to ±22 %), ...
    pub min_transitions: u64,
    /// ... and a harmonic trap's until it has run [`TRAP_RELAXATION_TIMES`] position relaxation
    /// times ζ/k; but neither past this many free steps (default: [`MAX_FREE_FACTOR`] ×
    /// `steps`); the report says when the bound stopped it.
    pub max_free_steps: Option<u64>,
    /// Run the free segment, the constrained segment and the windows side by side (default
    /// true); `false` runs them one after another (each MD step still uses every thread), which
    /// gives clean timings for [`Cost`]. The numbers are the same either way.
    pub parallel_jobs: bool,
}

impl Default for MeasureOptions {
    fn default() -> Self {
        Self {
            segments: Segments::default(),
            host_every: 10,
            host: true,
            viscosity: true,
            vacf_cutoff: None,
            msd_window: None,
            seed: None,
            cutoffs: Cutoffs::default(),
            min_transitions: 20,
            max_free_steps: None,
            parallel_jobs: true,
        }
    }
}

/// Result of a batch measurement.
#[derive(Clone, Debug)]
pub struct Measured {
    /// The numbers (reproducible from the seed and thread count).
    pub report: Report,
    /// The curves behind them.
    pub curves: Curves,
    /// Wall-clock cost of the free segment's measurement relative to its MD.
    pub cost: Cost,
}

/// Window centres R [σ] along x: a double well is covered from one separation below its barrier
/// to one above (both wells and the barrier); a harmonic trap over ±3 thermal widths (at most
/// L/4) through its centre; without a field, ±L/4 around the particle's start.
pub fn window_positions(
    field: &ExternalField,
    start: [f64; 3],
    box_length: f64,
    temperature: f64,
    k: usize,
) -> Vec<[f64; 3]> {
    let (center, half, y, z) = match *field {
        ExternalField::None => (start[0], 0.25 * box_length, start[1], start[2]),
        ExternalField::HarmonicTrap { k: kk, center } => (
            center[0],
            (3.0 * (temperature / kk).sqrt()).min(0.25 * box_length),
            center[1],
            center[2],
        ),
        ExternalField::DoubleWell {
            separation, center, ..
        } => (center, separation, start[1], start[2]),
    };
    (0..k)
        .map(|i| {
            let x = if k == 1 {
                center
            } else {
                center - half + 2.0 * half * i as f64 / (k - 1) as f64
            };
            [x, y, z]
        })
        .collect()
}

/// One sample of the held segment: order parameters, thermodynamics and, for a rigid body,
/// the torque about its centre of mass [ε_LJ].
type HeldSample = (OrderParameters, Thermo, Option<[f64; 3]>);

enum Job {
    Free,
    Constrained,
    Window(usize),
}

enum Output {
    Free(Box<Measurement>, Cost),
    Held(Vec<HeldSample>),
    Window(usize, Vec<OrderParameters>),
}

/// Total MD steps `measure` will run for `scene` with `options` (for a progress bar).
pub fn total_steps(scene: &Scene, options: &MeasureOptions) -> u64 {
    let (held, k, per) = plan(scene, options);
    scene.integration.equilibration_steps
        + options.segments.steps
        + if scene.n_star() > 0 {
            held + options.segments.relax_steps + k as u64 * (per + options.segments.relax_steps)
        } else {
            0
        }
}

/// Steps of the held segment, number of f^th windows and steps per window that `options` ask
/// for on `scene`.
pub(crate) fn plan(scene: &Scene, o: &MeasureOptions) -> (u64, usize, u64) {
    let held = o.segments.constrained_steps.unwrap_or(o.segments.steps);
    let k = o.segments.windows.unwrap_or(match scene.field {
        ExternalField::None => 5,
        _ => 9,
    });
    let per = o
        .segments
        .window_steps
        .unwrap_or_else(|| (o.segments.steps / k.max(1) as u64).max(1000));
    (held, k, per)
}

/// Runs the whole measurement of `scene` (`name` labels errors) and reports it.
///
/// Order: build, the scene's thermostatted equilibration, then three kinds of independent jobs
/// started from the same equilibrated state: the free segment (`steps`), the constrained segment
/// (θ) and one constrained run per f^th window. The jobs run in parallel with rayon (each owns a
/// clone of the simulation and its own random stream: the dynamics stream of the seed, long-jumped
/// once per job). The MD inside each job is itself rayon-parallel; nesting the two keeps both
/// cores busy while the short windows' serial parts (list builds, order parameters) overlap.
/// Results depend only on the seed and the thread count.
///
/// `progress(n)` is called with the number of MD steps just completed, from any thread.
pub fn measure(
    scene: &Scene,
    name: &str,
    options: &MeasureOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Measured, MeasureError> {
    let o = options;
    if o.segments.every == 0 || o.host_every == 0 {
        return Err(MeasureError::Options(
            "sampling intervals must be at least 1 step".into(),
        ));
    }
    if o.segments.blocks < 2 {
        return Err(MeasureError::Options("need at least 2 error blocks".into()));
    }
    let (held_steps, k, per) = plan(scene, o);
    let min = 2 * o.segments.blocks * o.segments.every;
    if o.segments.steps < min || (scene.n_star() > 0 && held_steps < min) {
        return Err(MeasureError::Options(format!(
            "{name}: --steps {} is too short: {} error blocks of at least 2 samples every {} steps \
             need at least {min} steps per segment",
            o.segments.steps, o.segments.blocks, o.segments.every
        )));
    }
    if scene.n_star() > 0 && k > 0 && per / o.segments.every < 32 {
        return Err(MeasureError::Options(format!(
            "{name}: {per} steps per f^th window give fewer than 32 samples (one every {} steps); \
             the window's error bar needs at least 32: raise --window-steps",
            o.segments.every
        )));
    }
    let mut scene = scene.clone();
    if let Some(seed) = o.seed {
        scene.seed = seed;
    }
    let mut sim = scene.build(name)?;
    let mut done = 0;
    scene.equilibrate(&mut sim, |k| {
        progress(k - done);
        done = k;
    })?;

    let n_star = sim.system.n_star;
    let np = n_star > 0;
    // A scene may hold its particle; the free segment needs it free (the held segments hold it
    // themselves).
    sim.set_constrained(false);
    let dt = sim.integrator.dt;
    let run_time = o.segments.steps as f64 * dt;
    let host_atoms = if o.host {
        sim.system.atoms() - n_star
    } else {
        0
    };
    let start = sim.order_parameters().r;
    let l = sim.system.periodic_box.length();
    let windows = if np {
        window_positions(&scene.field, start, l, scene.temperature, k)
    } else {
        Vec::new()
    };
    let setup = MeasurementSetup {
        host_dt: o.host_every as f64 * dt,
        constrained_block_len: held_steps / o.segments.every / o.segments.blocks,
        host_atoms,
        windows: windows.clone(),
        window_steps: per,
        segment_steps: [o.segments.steps, if np { held_steps } else { 0 }],
        vacf_cutoff: o.vacf_cutoff.unwrap_or(20.0_f64.min(0.25 * run_time)),
        msd_window: o
            .msd_window
            .unwrap_or([5.0_f64.min(0.05 * run_time), 0.2 * run_time]),
        cutoffs: o.cutoffs,
        ..MeasurementSetup::for_simulation(
            &scene,
            &sim,
            o.segments.every as f64 * dt,
            o.segments.steps / o.segments.every / o.segments.blocks,
            o.viscosity,
        )
    };

    let mut jobs = vec![(0, Job::Free)];
    if np {
        jobs.push((1, Job::Constrained));
        jobs.extend((0..windows.len()).map(|w| (2 + w, Job::Window(w))));
    }
    let run_job = |(index, job): (usize, Job), setup: &MeasurementSetup, o: &MeasureOptions| {
        let mut own = sim.clone();
        if index > 0 {
            own.reseed(job_stream(scene.seed, index));
        }
        match job {
            Job::Free => free_segment(own, Measurement::new(setup.clone()), o, progress)
                .map(|(m, c)| Output::Free(Box::new(m), c)),
            Job::Constrained => held_segment(own, held_steps, o, progress).map(Output::Held),
            Job::Window(w) => {
                window_segment(own, windows[w], per, o, progress).map(|s| Output::Window(w, s))
            }
        }
    };
    let run_all = |jobs: Vec<(usize, Job)>, setup: &MeasurementSetup, o: &MeasureOptions| {
        if o.parallel_jobs {
            jobs.into_par_iter()
                .map(|j| run_job(j, setup, o))
                .collect::<Vec<Result<Output, MdError>>>()
        } else {
            jobs.into_iter().map(|j| run_job(j, setup, o)).collect()
        }
    };
    let mut trap_note = None;
    let outputs: Vec<Result<Output, MdError>> = match scene.field {
        // In a trap the free particle must run many position relaxation times ζ/k, which only
        // the held particle's ζ tells: hold first, then size the free segment.
        ExternalField::HarmonicTrap { k: spring, .. } if np => {
            let free = jobs.remove(0);
            let mut outputs = run_all(jobs, &setup, o);
            let mut probe = Measurement::new(setup.clone());
            for out in &outputs {
                if let Ok(Output::Held(samples)) = out {
                    for (op, th, _) in samples {
                        probe.push_sample(Segment::Constrained, op, Some(th), None);
                    }
                }
            }
            let zeta = probe.report().0.zeta_isotropic.map(|z| z.mean);
            let (setup, o_free, note) = trap_free_segment(&setup, o, zeta, spring);
            trap_note = note;
            outputs.insert(0, run_job(free, &setup, &o_free));
            outputs
        }
        _ => run_all(jobs, &setup, o),
    };
    let mut measurement = None;
    let mut cost = Cost::default();
    let mut held = Vec::new();
    let mut window_samples = vec![Vec::new(); windows.len()];
    for out in outputs {
        match out? {
            Output::Free(m, c) => {
                measurement = Some(*m);
                cost = c;
            }
            Output::Held(s) => held = s,
            Output::Window(w, s) => window_samples[w] = s,
        }
    }
    let mut m = measurement.expect("the free job always runs");
    if let Some(n) = trap_note {
        m.note(n);
    }
    for (op, th, torque) in &held {
        m.push_sample(Segment::Constrained, op, Some(th), None);
        if let Some(t) = torque {
            m.push_held_torque(*t);
        }
    }
    for (w, samples) in window_samples.iter().enumerate() {
        for op in samples {
            m.push_sample(Segment::Window(w), op, None, None);
        }
    }
    let (report, curves) = m.report();
    Ok(Measured {
        report,
        curves,
        cost,
    })
}

/// Free steps a trap needs: [`TRAP_RELAXATION_TIMES`] position relaxation times ζ/k (with ζ of
/// the held particle), at least `--steps`, at most the bound; the error blocks are resized to
/// match (each 1/`blocks` of the segment).
fn trap_free_segment(
    setup: &MeasurementSetup,
    o: &MeasureOptions,
    zeta: Option<f64>,
    spring: f64,
) -> (MeasurementSetup, MeasureOptions, Option<String>) {
    let max = o
        .max_free_steps
        .unwrap_or(MAX_FREE_FACTOR * o.segments.steps)
        .max(o.segments.steps);
    let wanted = zeta.map_or(o.segments.steps, |z| {
        (TRAP_RELAXATION_TIMES * z / spring / setup.time_step).ceil() as u64
    });
    let steps = wanted.clamp(o.segments.steps, max);
    let mut s = setup.clone();
    let mut of = o.clone();
    of.segments.steps = steps;
    s.segment_steps[0] = steps;
    // Ten blocks of ten relaxation times: the histogram's and the correlation's errors need
    // blocks long against ζ/k, and the cut-off (three decay times) must fit in one.
    s.block_len = (steps / o.segments.every / TRAP_BLOCKS).max(2);
    s.msd_block_len = 2 * s.block_len;
    let note = match zeta {
        None => {
            Some("trap: no friction from the held particle; the free segment ran --steps".into())
        }
        Some(z) if wanted > max => Some(format!(
            "trap: the free segment ran {steps} steps, the bound, not the {wanted} that \
             {TRAP_RELAXATION_TIMES} relaxation times ζ/k = {:.1} τ need (raise --max-free-steps)",
            z / spring
        )),
        Some(z) => Some(format!(
            "trap: the free segment ran {steps} steps: {:.0} relaxation times ζ/k = {:.1} τ",
            steps as f64 * setup.time_step * spring / z,
            z / spring
        )),
    };
    (s, of, note)
}

/// Error blocks of a trap's free segment.
pub const TRAP_BLOCKS: u64 = 10;

/// A trap's free segment runs this many position relaxation times ζ/k (10 error blocks of 10).
pub const TRAP_RELAXATION_TIMES: f64 = 100.0;

/// The default bound on an extended free segment (a double well's transitions, a trap's
/// relaxation times), as a multiple of `--steps`.
pub const MAX_FREE_FACTOR: u64 = 50;

/// The dynamics stream of `seed`, long-jumped `index` times (2¹⁹² steps each): independent noise
/// for each parallel job.
fn job_stream(seed: u64, index: usize) -> Xoshiro256PlusPlus {
    let mut rng = stream(seed, Stream::Dynamics);
    for _ in 0..index {
        rng.long_jump();
    }
    rng
}

fn free_segment(
    mut sim: Simulation,
    mut m: Measurement,
    o: &MeasureOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Measurement, Cost), MdError> {
    let n_star = sim.system.n_star;
    let host = m.setup().host_atoms > 0;
    let stress = m.setup().stress;
    let mut positions = Vec::new();
    let mut velocities = Vec::new();
    let mut cost = Cost {
        steps: o.segments.steps,
        ..Cost::default()
    };
    let double_well = matches!(m.setup().field, ExternalField::DoubleWell { .. }) && n_star > 0;
    let max_steps = o
        .max_free_steps
        .unwrap_or(MAX_FREE_FACTOR * o.segments.steps)
        .max(o.segments.steps);
    let mut k = 0;
    loop {
        if k >= o.segments.steps
            && (!double_well || m.transitions() >= o.min_transitions || k >= max_steps)
        {
            break;
        }
        k += 1;
        let sampled = k % o.segments.every == 0;
        let t = Instant::now();
        sim.step(sampled && stress)?;
        cost.md_seconds += t.elapsed().as_secs_f64();
        if sampled {
            let t = Instant::now();
            let op = sim.order_parameters();
            m.push_free(&op);
            if let Some(body) = sim.rigid_body() {
                m.push_free_rotation(body.angular_velocity(), body.principal_axes());
            }
            let t2 = Instant::now();
            cost.nanoparticle_seconds += (t2 - t).as_secs_f64();
            m.push_thermo(&sim.thermo());
            cost.stress_seconds += t2.elapsed().as_secs_f64();
        }
        if host && k % o.host_every == 0 {
            let t = Instant::now();
            let b = sim.system.periodic_box;
            positions.clear();
            positions.extend((n_star..sim.system.atoms()).map(|i| sim.state.unwrapped(i, &b)));
            velocities.clear();
            velocities.extend_from_slice(&sim.state.velocities[n_star..]);
            m.push_host(HostFrame {
                positions: &positions,
                velocities: &velocities,
            });
            cost.host_seconds += t.elapsed().as_secs_f64();
        }
        if k % 200 == 0 {
            progress(200);
        }
    }
    progress(k % 200);
    if k > o.segments.steps {
        m.set_free_steps(k);
    }
    if double_well && m.transitions() < o.min_transitions {
        m.note(format!(
            "double well: only {} committed transitions in {k} free steps (the bound; raise \
             --max-free-steps to count {})",
            m.transitions(),
            o.min_transitions
        ));
    } else if k > o.segments.steps {
        m.note(format!(
            "double well: the free segment ran {k} steps (past --steps {}) to count {} committed \
             transitions",
            o.segments.steps,
            m.transitions()
        ));
    }
    cost.steps = k;
    Ok((m, cost))
}

fn relax(sim: &mut Simulation, steps: u64, progress: &(dyn Fn(u64) + Sync)) -> Result<(), MdError> {
    sim.set_constrained(true);
    sim.run(steps)?;
    progress(steps);
    Ok(())
}

fn held_segment(
    mut sim: Simulation,
    steps: u64,
    o: &MeasureOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<HeldSample>, MdError> {
    relax(&mut sim, o.segments.relax_steps, progress)?;
    let mut out = Vec::with_capacity((steps / o.segments.every) as usize);
    for k in 1..=steps {
        sim.step(false)?;
        if k % o.segments.every == 0 {
            let torque = sim.rigid_force_and_torque().map(|(_, t)| t);
            out.push((sim.order_parameters(), sim.thermo(), torque));
        }
        if k % 200 == 0 {
            progress(200);
        }
    }
    progress(steps % 200);
    Ok(out)
}

fn window_segment(
    mut sim: Simulation,
    at: [f64; 3],
    steps: u64,
    o: &MeasureOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<OrderParameters>, MdError> {
    let r = sim.order_parameters().r;
    sim.translate([at[0] - r[0], at[1] - r[1], at[2] - r[2]])?;
    relax(&mut sim, o.segments.relax_steps, progress)?;
    let mut out = Vec::with_capacity((steps / o.segments.every) as usize);
    for k in 1..=steps {
        sim.step(false)?;
        if k % o.segments.every == 0 {
            out.push(sim.order_parameters());
        }
        if k % 200 == 0 {
            progress(200);
        }
    }
    progress(steps % 200);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_both_wells_and_the_barrier() {
        let field = ExternalField::DoubleWell {
            barrier: 1.5,
            separation: 3.0,
            center: 5.0,
        };
        let w = window_positions(&field, [1.0, 2.0, 3.0], 20.0, 1.0, 5);
        let x: Vec<f64> = w.iter().map(|r| r[0]).collect();
        assert_eq!(x, vec![2.0, 3.5, 5.0, 6.5, 8.0]);
        assert!(w.iter().all(|r| r[1] == 2.0 && r[2] == 3.0));
        let trap = ExternalField::HarmonicTrap {
            k: 4.0,
            center: [1.0, 2.0, 3.0],
        };
        let w = window_positions(&trap, [0.0; 3], 20.0, 1.0, 3);
        assert_eq!(w, vec![[-0.5, 2.0, 3.0], [1.0, 2.0, 3.0], [2.5, 2.0, 3.0]]);
    }
}
