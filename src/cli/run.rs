//! `multiscope run SCENE`: a headless run with a time series and a statistical summary.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::args::SeedArgs;
use super::{CliError, load_scene_with, with_threads};
use crate::analysis::estimate_of;
use crate::analysis::{BlockAverage, Estimate};
use crate::atomic_file::CsvFile;
use crate::format::row;
use crate::md::Simulation;

/// Arguments of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// A nanoparticle from a structure file.
    #[command(flatten)]
    pub particle: super::args::ParticleArgs,
    /// Production steps (after the scene's equilibration).
    #[arg(long, default_value_t = 10000)]
    pub steps: u64,
    /// Seed and threads.
    #[command(flatten)]
    pub seeding: SeedArgs,
    /// Folder for `timeseries.csv` (created if needed).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Sample the time series every this many steps.
    #[arg(long, default_value_t = 10)]
    pub every: u64,
    /// Save the full state here at the end (continue it with `--resume`).
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// Continue from a checkpoint instead of building the scene (no equilibration).
    #[arg(long)]
    pub resume: Option<PathBuf>,
    /// Also write every sampled frame (every --every steps) of all atoms to this file, in
    /// LAMMPS `dump custom` format (id type xu yu zu; OVITO, VMD and `multiscope open --replay`
    /// read it).
    #[arg(long, value_name = "FILE")]
    pub dump: Option<PathBuf>,
    /// Print one JSON summary object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Block-averaged summary of a production run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunSummary {
    /// Number of atoms.
    pub atoms: usize,
    /// Production steps.
    pub steps: u64,
    /// Production time [τ].
    pub time: f64,
    /// Whether a thermostat acted during production.
    pub thermostatted: bool,
    /// Temperature [ε_LJ/k_B].
    pub temperature: Estimate,
    /// Potential energy per atom [ε_LJ].
    pub potential_energy_per_atom: Estimate,
    /// Total energy per atom [ε_LJ].
    pub total_energy_per_atom: Estimate,
    /// Pressure [ε_LJ/σ³].
    pub pressure: Estimate,
    /// Slope of the total energy per atom over time [ε_LJ/τ] (meaningful for NVE).
    pub energy_drift_per_atom_per_tau: f64,
    /// Speed [atom-steps/s].
    pub atom_steps_per_second: f64,
}

/// The least-squares slope of y(t) from running sums about the first point (so that the sums
/// stay well conditioned), in constant memory.
#[derive(Debug, Default, Clone, Copy)]
struct DriftLine {
    origin: Option<(f64, f64)>,
    n: f64,
    st: f64,
    sy: f64,
    stt: f64,
    sty: f64,
}

impl DriftLine {
    fn push(&mut self, t: f64, y: f64) {
        let (t0, y0) = *self.origin.get_or_insert((t, y));
        let (t, y) = (t - t0, y - y0);
        self.n += 1.0;
        self.st += t;
        self.sy += y;
        self.stt += t * t;
        self.sty += t * y;
    }

    /// dy/dt [unit of y per unit of t]; NaN with fewer than two distinct times.
    fn slope(&self) -> f64 {
        let d = self.n * self.stt - self.st * self.st;
        if self.n < 2.0 || d <= 0.0 {
            return f64::NAN;
        }
        (self.n * self.sty - self.st * self.sy) / d
    }
}

/// Runs production on an equilibrated simulation, sampling every `every` steps; `sample` sees each
/// sampled state. Stops early, after a whole step, when Ctrl-C asks it to
/// ([`super::interrupt::requested`]); the summary then counts the steps done. Returns the summary.
pub fn production(
    sim: &mut Simulation,
    steps: u64,
    every: u64,
    progress: &ProgressBar,
    mut sample: impl FnMut(&Simulation) -> Result<(), CliError>,
) -> Result<RunSummary, CliError> {
    let n = sim.system.atoms() as f64;
    let (mut t_avg, mut u_avg, mut e_avg, mut p_avg) = Default::default();
    // The drift's least-squares line in O(1) memory (a run of any length stays flat in memory).
    let mut drift_line = DriftLine::default();
    let every = every.max(1);
    let start = Instant::now();
    let t0 = sim.state.time;
    let mut done = 0;
    for k in 1..=steps {
        if super::interrupt::requested() {
            break;
        }
        let sampled = k % every == 0;
        sim.step(sampled)?;
        if sampled {
            let th = sim.thermo();
            push(&mut t_avg, th.temperature);
            push(&mut u_avg, th.potential / n);
            push(&mut e_avg, th.total() / n);
            push(&mut p_avg, th.pressure);
            drift_line.push(th.time, th.total() / n);
            sample(sim)?;
        }
        if k % 200 == 0 {
            progress.set_position(k);
        }
        done = k;
    }
    let steps = done;
    progress.finish_and_clear();
    let seconds = start.elapsed().as_secs_f64();
    let drift = drift_line.slope();
    Ok(RunSummary {
        atoms: sim.system.atoms(),
        steps,
        time: sim.state.time - t0,
        thermostatted: sim.thermostat.is_some(),
        temperature: estimate(&t_avg),
        potential_energy_per_atom: estimate(&u_avg),
        total_energy_per_atom: estimate(&e_avg),
        pressure: estimate(&p_avg),
        energy_drift_per_atom_per_tau: drift,
        atom_steps_per_second: n * steps as f64 / seconds,
    })
}

fn push(b: &mut Option<BlockAverage>, x: f64) {
    b.get_or_insert_with(BlockAverage::new).push(x);
}

fn estimate(b: &Option<BlockAverage>) -> Estimate {
    match b.as_ref().and_then(|b| b.result()) {
        Some(r) => r.estimate,
        None => Estimate::new(b.as_ref().map_or(f64::NAN, |b| b.mean()), f64::NAN),
    }
}

fn bar(len: u64, message: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:>13} [{bar:40}] {pos}/{len} steps, eta {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(message.to_string());
    pb
}

/// Runs the scene (or resumes a checkpoint) and writes the requested outputs.
pub fn run(args: &RunArgs) -> Result<(), CliError> {
    with_threads(args.seeding.threads, || run_inner(args))?
}

fn run_inner(args: &RunArgs) -> Result<(), CliError> {
    super::interrupt::install(
        Some("stopping after this step, then saving (Ctrl-C again quits at once)"),
        "interrupted at once: the time series holds whole lines only; the checkpoint was not \
         written",
    );
    let (mut scene, name) = load_scene_with(&args.scene, &args.particle)?;
    if let Some(seed) = args.seeding.seed {
        scene.seed = seed;
    }
    let mut sim = match &args.resume {
        Some(path) => Simulation::load_checkpoint(path)?,
        None => {
            let mut sim = scene.build(&name)?;
            let pb = bar(scene.integration.equilibration_steps, "equilibrating");
            scene.equilibrate(&mut sim, |k| pb.set_position(k))?;
            pb.finish_and_clear();
            sim
        }
    };
    let mut csv = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| CliError::output(dir, e))?;
            let path = dir.join("timeseries.csv");
            let mut f = CsvFile::create(&path).map_err(|e| CliError::output(&path, e))?;
            f.line(
                "step,t,T,U,K,E,P,Rx,Ry,Rz,Px,Py,Pz,Fx,Fy,Fz\n\
                 # units: t [τ], T [ε/k_B], U K E [ε] (totals), P [ε/σ³], R [σ], P_np [m̂σ/τ], F_np [ε/σ]",
            )
            .map_err(|e| CliError::output(&path, e))?;
            Some(f)
        }
        None => None,
    };
    let mut dump = match &args.dump {
        Some(path) => Some(crate::trajectory::DumpWriter::create(path)?),
        None => None,
    };
    let pb = bar(args.steps, "running");
    let summary = production(&mut sim, args.steps, args.every, &pb, |sim| {
        if let Some(d) = dump.as_mut() {
            d.write_simulation(sim)?;
        }
        if let Some(f) = csv.as_mut() {
            let th = sim.thermo();
            let op = sim.order_parameters();
            let mut values = vec![
                th.time,
                th.temperature,
                th.potential,
                th.kinetic,
                th.total(),
                th.pressure,
            ];
            values.extend(op.r.into_iter().chain(op.p).chain(op.f));
            f.line(&format!("{},{}", sim.state.step, row(&values)))
                .map_err(|e| CliError::output(f.path(), e))?;
        }
        Ok(())
    });
    // Flush the time series and save the checkpoint even when the run failed or was stopped
    // part-way, so no work is lost.
    let flushed = csv.as_mut().map(|f| {
        f.flush().map_err(|e| CliError::output(f.path(), e))?;
        Ok::<_, CliError>(f.path().display().to_string())
    });
    let saved = args.checkpoint.as_ref().map(|path| {
        sim.save_checkpoint(path)
            .map(|()| path.display().to_string())
    });
    let summary = summary?;
    let flushed = flushed.transpose()?;
    let saved = saved.transpose()?;
    if super::interrupt::requested() {
        let mut what = vec![format!(
            "stopped by Ctrl-C after {} of {} production steps (simulation step {})",
            summary.steps, args.steps, sim.state.step
        )];
        what.extend(flushed.map(|p| format!("time series up to that step in {p}")));
        what.extend(saved.map(|p| format!("checkpoint in {p} (continue with --resume {p})")));
        return Err(CliError::Interrupted(what.join("; ")));
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serialises")
        );
    } else {
        let s = &summary;
        println!(
            "{name}: {} atoms, {} steps ({:.2} τ)",
            s.atoms, s.steps, s.time
        );
        println!("  T              {}", estimate_of(s.temperature));
        println!(
            "  U/N            {}",
            estimate_of(s.potential_energy_per_atom)
        );
        println!("  E/N            {}", estimate_of(s.total_energy_per_atom));
        println!("  P              {}", estimate_of(s.pressure));
        println!(
            "  drift of E/N   {:.3e} ε/τ{}",
            s.energy_drift_per_atom_per_tau,
            if s.thermostatted {
                " (thermostatted)"
            } else {
                ""
            }
        );
        println!(
            "  speed          {:.4e} atom-steps/s",
            s.atom_steps_per_second
        );
    }
    Ok(())
}

#[cfg(test)]
mod drift_tests {
    use super::DriftLine;
    use crate::analysis::fit_slope;

    #[test]
    fn running_slope_equals_the_least_squares_fit() {
        let (mut times, mut ys) = (Vec::new(), Vec::new());
        let mut line = DriftLine::default();
        for i in 0..10_000 {
            let t = 1.0e4 + 0.05 * i as f64;
            // A drift of 3e-6 under a wiggle much larger than it, far from the origin.
            let y = -5.6 + 3e-6 * t + 1e-3 * (0.37 * i as f64).sin();
            times.push(t);
            ys.push(y);
            line.push(t, y);
        }
        let fit = fit_slope(&times, &ys, f64::NEG_INFINITY, f64::INFINITY).unwrap();
        assert!(
            (line.slope() - fit.slope.mean).abs() < 1e-12,
            "{} {}",
            line.slope(),
            fit.slope.mean
        );
        assert!(DriftLine::default().slope().is_nan());
    }
}
