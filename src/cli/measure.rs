//! `multiscope measure SCENE`: measure the coarse-grained coefficients of a scene (see
//! [`crate::measure`]); with `--json` the output is the coefficients file of `multiscope solve`.

use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::{SeedArgs, SegmentArgs};
use super::{CliError, load_scene_with, with_threads};
use crate::analysis::{Comparison, Cutoff};
use crate::analysis::{estimate_of, maybe_estimate_of};
use crate::field::ExternalField;
use crate::format::MISSING;
use crate::measure::{Cost, Cutoffs, MeasureError, MeasureOptions, Report, measure, total_steps};
use crate::predict::{Predictions, predict, prediction_curves, write_prediction_csv};
use crate::scene::{Scene, SceneError, Workload};

/// Arguments of `measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// A nanoparticle from a structure file.
    #[command(flatten)]
    pub particle: super::args::ParticleArgs,
    /// The segments and their sampling.
    #[command(flatten)]
    pub segments: SegmentArgs,
    /// Read γ at this lag [τ] instead of the automatic cut-off.
    #[arg(long)]
    pub gamma_cutoff: Option<f64>,
    /// Read θ (and ζ, D_θ) at this lag [τ] instead of the automatic cut-off.
    #[arg(long)]
    pub theta_cutoff: Option<f64>,
    /// Read η at this lag [τ] instead of the automatic cut-off.
    #[arg(long)]
    pub viscosity_cutoff: Option<f64>,
    /// Skip the host VACF/MSD.
    #[arg(long)]
    pub no_host: bool,
    /// Skip the viscosity (saves the energy/virial evaluation on sampled steps).
    #[arg(long)]
    pub no_viscosity: bool,
    /// Double well: run the free segment past --steps until the particle has made this many
    /// committed transitions between the wells (their rate is compared with the predictions).
    #[arg(long, default_value_t = 20)]
    pub min_transitions: u64,
    /// Double well or trap: never more free steps than this (default: 50 × --steps). A trap's
    /// free segment runs 100 position relaxation times ζ/k.
    #[arg(long)]
    pub max_free_steps: Option<u64>,
    /// Seed and threads.
    #[command(flatten)]
    pub seeding: SeedArgs,
    /// Print one JSON object (the coefficients file of `multiscope solve --coefficients`).
    #[arg(long)]
    pub json: bool,
    /// Folder for CSV files of every correlation function and running integral.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Folder for a report a student can hand in: `index.html` (opens without a network), one
    /// PNG per plot and the CSV files in `csv/`.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Also print the cost of the measurement relative to the MD step (runs the segments one
    /// after another so that the timings are not disturbed; the numbers are the same).
    #[arg(long)]
    pub bench: bool,
}

/// Runs `measure`.
pub fn run(args: &MeasureArgs) -> Result<(), CliError> {
    with_threads(args.seeding.threads, || run_inner(args))?
}

/// Refuses, before anything is built, a measurement of `scene` that would not fit in memory:
/// the simulations alive at once (the equilibrated original plus one per segment running side by
/// side, at most one per thread) and, with `host`, the host VACF and MSD.
pub(super) fn check_measure_memory(
    scene: &Scene,
    name: &str,
    windows: Option<usize>,
    parallel: bool,
    host: bool,
) -> Result<(), SceneError> {
    let jobs = if scene.nanoparticle.is_some() {
        let default = if matches!(scene.field, ExternalField::None) {
            5
        } else {
            9
        };
        2 + windows.unwrap_or(default)
    } else {
        1
    };
    let side_by_side = if parallel {
        jobs.min(rayon::current_num_threads())
    } else {
        1
    };
    scene.check_memory(
        name,
        Workload::Measure {
            copies: 1 + side_by_side,
            host,
        },
    )?;
    Ok(())
}

fn run_inner(args: &MeasureArgs) -> Result<(), CliError> {
    super::interrupt::install(
        None,
        "interrupted: measure writes its results only at the end, so nothing was saved",
    );
    let (scene, name) = load_scene_with(&args.scene, &args.particle)?;
    check_measure_memory(
        &scene,
        &name,
        args.segments.windows,
        !args.bench,
        !args.no_host,
    )?;
    let options = MeasureOptions {
        segments: args.segments.segments(),
        host: !args.no_host,
        viscosity: !args.no_viscosity,
        seed: args.seeding.seed,
        cutoffs: Cutoffs {
            gamma: cutoff(args.gamma_cutoff)?,
            theta: cutoff(args.theta_cutoff)?,
            viscosity: cutoff(args.viscosity_cutoff)?,
        },
        min_transitions: args.min_transitions,
        max_free_steps: args.max_free_steps,
        // Sequential jobs give clean timings for --bench; the numbers are the same.
        parallel_jobs: !args.bench,
        ..MeasureOptions::default()
    };
    let pb = ProgressBar::new(total_steps(&scene, &options));
    pb.set_draw_target(ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("measuring [{bar:40}] {pos}/{len} MD steps, eta {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let result = measure(&scene, &name, &options, &|n| pb.inc(n));
    pb.finish_and_clear();
    let measured = result.map_err(|e| match e {
        MeasureError::Scene(e) => CliError::Scene(e),
        MeasureError::Md(e) => CliError::Md(e),
        MeasureError::Options(m) => CliError::Usage(m),
    })?;
    let predictions = predict(&measured.report, None);
    if let Some(dir) = &args.out {
        let mut files = measured
            .report
            .write_csv(&measured.curves, dir)
            .map_err(|e| CliError::output(dir, e))?;
        files.extend(
            write_prediction_csv(&prediction_curves(&measured.report, &measured.curves), dir)
                .map_err(|e| CliError::output(dir, e))?,
        );
        eprintln!("wrote {} CSV files to {}", files.len(), dir.display());
    }
    if let Some(dir) = &args.report {
        let curves = prediction_curves(&measured.report, &measured.curves);
        let page = crate::report::Page {
            scene_name: &name,
            scene: Some(&scene),
            source: crate::report::Source::Measured {
                measured: &measured,
                predictions: &predictions,
                curves: &curves,
            },
            lesson: None,
        };
        let files =
            crate::report::write_report(dir, &page).map_err(|e| CliError::output(dir, e))?;
        eprintln!(
            "wrote the report to {} ({} files; open index.html)",
            dir.join("index.html").display(),
            files.len()
        );
    }
    if args.json {
        let mut value = serde_json::to_value(&measured.report).expect("report serialises");
        value["predictions"] = serde_json::to_value(&predictions).expect("serialises");
        if args.bench {
            value["cost"] = serde_json::to_value(cost_table(&measured.cost)).expect("serialises");
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("report serialises")
        );
    } else {
        print_report(&name, &measured.report);
        print_predictions(&predictions);
        if args.bench {
            print_cost(&measured.cost);
        }
    }
    Ok(())
}

pub(super) fn print_predictions(p: &Predictions) {
    let entries = p.entries();
    if entries.is_empty() {
        return;
    }
    println!(
        "  theory against the atoms (|z| ≤ {} holds):",
        Comparison::Z_MAX
    );
    for (key, c) in entries {
        let verdict = if c.holds { "holds" } else { "does not hold" };
        println!("    {key:<26} z = {:>6.2}  {verdict}", c.z);
        println!("      {}", c.why);
    }
    if let Some(r) = &p.transition_rate {
        println!(
            "      {} transitions; rates [1/τ]: MD {}  Fokker–Planck {}  Smoluchowski {}  \
             Kramers {}  (βΔU = {:.2})",
            r.transitions,
            estimate_of(r.comparison.md),
            estimate_of(r.comparison.predicted),
            estimate_of(r.smoluchowski),
            estimate_of(r.kramers),
            r.beta_barrier
        );
    }
}

fn cutoff(time: Option<f64>) -> Result<Cutoff, CliError> {
    match time {
        None => Ok(Cutoff::default()),
        Some(t) if t > 0.0 && t.is_finite() => Ok(Cutoff::Time(t)),
        Some(t) => Err(CliError::Usage(format!(
            "a Green–Kubo cut-off must be a positive time in τ, got {t}"
        ))),
    }
}

fn cost_table(c: &Cost) -> serde_json::Value {
    let f = c.fractions();
    serde_json::json!({
        "md_seconds_per_step": c.md_seconds / c.steps as f64,
        "nanoparticle_correlators_fraction": f[0],
        "stress_fraction": f[1],
        "host_vacf_msd_fraction": f[2],
    })
}

fn print_cost(c: &Cost) {
    let f = c.fractions();
    println!(
        "cost per MD step ({:.1} µs per step, energies on sampled steps included):",
        1e6 * c.md_seconds / c.steps as f64
    );
    println!(
        "  nanoparticle correlators (P, F) + bookkeeping  {:.3} %",
        100.0 * f[0]
    );
    println!(
        "  thermo() + stress correlator                   {:.3} %",
        100.0 * f[1]
    );
    println!(
        "  host frames + VACF + MSD                       {:.3} %",
        100.0 * f[2]
    );
}

pub(super) fn print_report(name: &str, r: &Report) {
    println!("{name}: {}", r.scene);
    println!(
        "  seed {}, Δt = {} τ, {} free + {} constrained steps; {}",
        r.seed, r.time_step, r.free_steps, r.constrained_steps, r.dynamics
    );
    println!(
        "  T = {} (target {}), L = {:.4} σ, m = {} m̂, ε = {}",
        estimate_of(r.measured_temperature),
        r.temperature,
        r.box_length,
        r.mass,
        r.epsilon
    );
    println!(
        "  D_γ = tr γ/(3m²)            {} σ²/τ  (free particle, momentum)",
        maybe_estimate_of(r.d_gamma)
    );
    println!(
        "  D_θ = 3k_BT/tr ζ            {} σ²/τ  (held particle, force)",
        maybe_estimate_of(r.d_theta)
    );
    if let Some(d) = r.particle.as_ref().and_then(|p| p.msd_diffusion) {
        println!(
            "  D_MSD (slope {:.2}–{:.2} τ)    {} σ²/τ  (free particle, displacement)",
            d.t_min,
            d.t_max,
            estimate_of(d.d)
        );
    }
    println!(
        "  Einstein ratio D_γ/D_θ      {}  (finite-box momentum factor {})",
        maybe_estimate_of(r.einstein_ratio),
        r.momentum_conservation_factor
            .map_or(MISSING.into(), |f| format!("{f:.4}"))
    );
    if let Some(z) = &r.zeta {
        println!(
            "  ζ (tr/3)                    {:.4} m̂/τ",
            (z.mean[0][0] + z.mean[1][1] + z.mean[2][2]) / 3.0
        );
    }
    if let Some(f) = &r.free_force {
        println!(
            "  free force ∫⟨δFδF⟩: {:.4} at {:.3} τ → {} at {:.1} τ (Kirkwood)",
            f.peak.mean,
            f.peak_time,
            estimate_of(f.late),
            f.late_time
        );
    }
    if let Some(h) = &r.host_self_diffusion {
        println!("  host D (MSD)                {} σ²/τ", estimate_of(h.msd));
        println!(
            "  host D (VACF)               {} σ²/τ",
            estimate_of(h.green_kubo)
        );
    }
    println!(
        "  viscosity η                 {} ε τ/σ³",
        maybe_estimate_of(r.viscosity)
    );
    println!(
        "  D∞ (Yeh–Hummer)             {} σ²/τ",
        maybe_estimate_of(r.d_yeh_hummer)
    );
    if r.d_msd_yeh_hummer.is_some() {
        println!(
            "  D_MSD∞ (Yeh–Hummer)         {} σ²/τ",
            maybe_estimate_of(r.d_msd_yeh_hummer)
        );
    }
    if let Some(s) = &r.stokes_einstein {
        println!(
            "  Stokes–Einstein (a = {:.2} σ) slip {}  stick {}",
            s.radius,
            estimate_of(s.slip),
            estimate_of(s.stick)
        );
    }
    if let Some(f) = &r.f_th {
        println!("  f^th along x (held particle):      x      f^th             field −U'");
        for i in 0..f.positions.len() {
            println!(
                "      {:10.4}  {:>24}  {:10.4}",
                f.positions[i],
                estimate_of(f.values[i]),
                f.field_force[i]
            );
        }
    }
    for n in &r.notes {
        println!("  note: {n}");
    }
}
