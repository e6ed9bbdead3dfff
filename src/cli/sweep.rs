//! `multiscope sweep SCENE --epsilon LIST | --host-atoms LIST`: run the `measure` pipeline at each
//! value of the mass ratio ε = m̂/m or of the host size, and tabulate the three diffusion routes
//! (D_γ, D_θ, D_MSD), their ratios and the finite-host ratio (M_host/M_total)² they are expected to
//! approach (docs/physics.md, "Finite-size effects differ by route").

mod plot;

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{ArgGroup, Args};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::args::SeedArgs;
use super::measure::check_measure_memory;
use super::{CliError, load_scene_with, with_threads};
use crate::analysis::Estimate;
use crate::analysis::maybe_estimate_of;
use crate::format::{MISSING, number};
use crate::measure::{MeasureError, MeasureOptions, Report, Segments, measure, total_steps};
use crate::predict::predict;
use crate::scene::{Scene, SceneError, validate};

/// Arguments of `sweep`.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("parameter")
        .required(true)
        .args(["epsilon", "host_atoms"])
))]
pub struct SweepArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// A nanoparticle from a structure file.
    #[command(flatten)]
    pub particle: super::args::ParticleArgs,
    /// Mass ratios ε = m̂/m to measure, comma-separated (0 < ε ≤ 1), e.g. 0.04,0.02,0.01.
    #[arg(long, value_name = "LIST")]
    pub epsilon: Option<String>,
    /// Host atom counts to measure (the box follows the scene's density), comma-separated,
    /// e.g. 1000,3000,8000.
    #[arg(long, value_name = "LIST")]
    pub host_atoms: Option<String>,
    /// Steps of each point's free segment (the constrained segment and the f^th windows run as
    /// many, as in `measure`).
    #[arg(long, default_value_t = 20000)]
    pub steps: u64,
    /// Seed and threads.
    #[command(flatten)]
    pub seeding: SeedArgs,
    /// Print one JSON object: the rows (every number as {mean, sem}) and the full reports.
    #[arg(long)]
    pub json: bool,
    /// Folder for `sweep.csv` and `sweep.png`.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The swept scene parameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parameter {
    /// `nanoparticle.epsilon`, the mass ratio ε = m̂/m.
    Epsilon,
    /// `host_atoms`, the number of host atoms (the box edge follows at fixed density).
    HostAtoms,
}

impl Parameter {
    /// The command-line flag.
    pub fn flag(self) -> &'static str {
        match self {
            Parameter::Epsilon => "--epsilon",
            Parameter::HostAtoms => "--host-atoms",
        }
    }

    /// The scene field it replaces.
    fn field(self) -> &'static str {
        match self {
            Parameter::Epsilon => "nanoparticle.epsilon",
            Parameter::HostAtoms => "host_atoms",
        }
    }

    /// Short symbol for tables and messages.
    fn symbol(self) -> &'static str {
        match self {
            Parameter::Epsilon => "ε",
            Parameter::HostAtoms => "N_host",
        }
    }

    /// `value` as the user would write it.
    fn text(self, value: f64) -> String {
        number(value)
    }
}

/// One point of a sweep. Every number is an estimate with its standard error (0 for exact
/// numbers, `NaN` where unknown); a failed point has only `value` and `error`.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// The swept value (ε, or the number of host atoms).
    pub value: Estimate,
    /// Nanoparticle mass m [m̂].
    pub mass: Option<Estimate>,
    /// D_γ = tr γ/(3m²), free particle's momentum [σ²/τ].
    pub d_gamma: Option<Estimate>,
    /// D_θ = 3k_BT/tr ζ, held particle's force [σ²/τ].
    pub d_theta: Option<Estimate>,
    /// D_MSD, free particle's displacement [σ²/τ].
    pub d_msd: Option<Estimate>,
    /// D_γ/D_θ [1].
    pub gamma_over_theta: Option<Estimate>,
    /// D_MSD/D_θ [1].
    pub msd_over_theta: Option<Estimate>,
    /// τ_P/τ_F with τ_P = m/ζ and τ_F the held particle's force memory time [1]: the Markovian
    /// (Kramers) description needs it ≫ 1.
    pub tau_p_over_tau_f: Option<Estimate>,
    /// (M_host/M_total)², the D_γ/D_θ expected of a finite system with zero total momentum [1].
    pub expected_ratio: Option<Estimate>,
    /// Wall-clock time of the point [s].
    pub wall_seconds: Estimate,
    /// Why the point failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Row {
    /// The row of a measured report.
    pub fn from_report(value: f64, r: &Report, wall_seconds: f64) -> Self {
        let d_msd = r
            .particle
            .as_ref()
            .and_then(|p| p.msd_diffusion)
            .map(|d| d.d);
        let gamma_over_theta = r.einstein_ratio.or_else(|| ratio(r.d_gamma, r.d_theta));
        let tau_p = r.zeta_isotropic.map(|z| Estimate::exact(r.mass).ratio(z));
        Self {
            value: Estimate::exact(value),
            mass: Some(Estimate::exact(r.mass)),
            d_gamma: r.d_gamma,
            d_theta: r.d_theta,
            d_msd,
            gamma_over_theta,
            msd_over_theta: ratio(d_msd, r.d_theta),
            tau_p_over_tau_f: ratio(tau_p, r.force_time),
            expected_ratio: r.momentum_conservation_factor.map(Estimate::exact),
            wall_seconds: Estimate::exact(wall_seconds),
            error: None,
        }
    }

    /// The row of a point that failed with `error`.
    pub fn failed(value: f64, wall_seconds: f64, error: String) -> Self {
        Self {
            value: Estimate::exact(value),
            mass: None,
            d_gamma: None,
            d_theta: None,
            d_msd: None,
            gamma_over_theta: None,
            msd_over_theta: None,
            tau_p_over_tau_f: None,
            expected_ratio: None,
            wall_seconds: Estimate::exact(wall_seconds),
            error: Some(error),
        }
    }

    /// The estimated columns, in the order of [`CSV_COLUMNS`].
    fn columns(&self) -> [Option<Estimate>; 8] {
        [
            self.d_gamma,
            self.d_theta,
            self.d_msd,
            self.gamma_over_theta,
            self.msd_over_theta,
            self.tau_p_over_tau_f,
            self.expected_ratio,
            Some(self.wall_seconds),
        ]
    }
}

/// CSV names of [`Row::columns`] and whether each has a standard-error column.
const CSV_COLUMNS: [(&str, bool); 8] = [
    ("d_gamma", true),
    ("d_theta", true),
    ("d_msd", true),
    ("d_gamma_over_d_theta", true),
    ("d_msd_over_d_theta", true),
    ("tau_p_over_tau_f", true),
    ("expected_ratio", false),
    ("wall_seconds", false),
];

fn ratio(a: Option<Estimate>, b: Option<Estimate>) -> Option<Estimate> {
    Some(a?.ratio(b?)).filter(|e| e.mean.is_finite())
}

/// Parses a comma-separated list given to `flag`; every entry must parse and pass `check`.
fn parse_list<T: std::str::FromStr>(
    flag: &str,
    text: &str,
    kind: &str,
    check: impl Fn(&T) -> Result<(), String>,
) -> Result<Vec<T>, CliError> {
    if text.trim().is_empty() {
        return Err(CliError::Usage(format!(
            "{flag}: the list is empty; give {kind}s separated by commas"
        )));
    }
    text.split(',')
        .map(|entry| {
            let entry = entry.trim();
            if entry.is_empty() {
                return Err(CliError::Usage(format!(
                    "{flag} {text}: an entry is empty; give {kind}s separated by single commas"
                )));
            }
            let v: T = entry
                .parse()
                .map_err(|_| CliError::Usage(format!("{flag}: `{entry}` is not a {kind}")))?;
            check(&v).map_err(|m| CliError::Usage(format!("{flag}: {entry} {m}")))?;
            Ok(v)
        })
        .collect()
}

/// The swept parameter and its values, from the flags.
pub fn parameter_values(args: &SweepArgs) -> Result<(Parameter, Vec<f64>), CliError> {
    match (&args.epsilon, &args.host_atoms) {
        (Some(text), None) => {
            let values = parse_list::<f64>("--epsilon", text, "number", |&e| {
                if !e.is_finite() || e <= 0.0 {
                    Err("is not a positive finite mass ratio".into())
                } else if e > 1.0 {
                    Err(
                        "is above 1: ε = m̂/m ≤ 1 (the nanoparticle is at least one host \
                         atom's mass)"
                            .into(),
                    )
                } else {
                    Ok(())
                }
            })?;
            Ok((Parameter::Epsilon, values))
        }
        (None, Some(text)) => {
            let values = parse_list::<u64>("--host-atoms", text, "whole number", |&n| {
                if n == 0 {
                    Err("is not a positive number of host atoms".into())
                } else {
                    Ok(())
                }
            })?;
            Ok((
                Parameter::HostAtoms,
                values.into_iter().map(|n| n as f64).collect(),
            ))
        }
        _ => Err(CliError::Usage(
            "give exactly one of --epsilon and --host-atoms".into(),
        )),
    }
}

/// `scene` with the swept field set to `value`, validated as `check` and `measure` validate a
/// scene (schema ranges, host placement, memory); errors name the flag and the value.
pub fn scene_at(
    scene: &Scene,
    name: &str,
    parameter: Parameter,
    value: f64,
) -> Result<Scene, CliError> {
    let flag = parameter.flag();
    let text = parameter.text(value);
    let mut s = scene.clone();
    match parameter {
        Parameter::Epsilon => match s.nanoparticle.as_mut() {
            Some(np) => np.epsilon = Some(value),
            None => {
                return Err(CliError::Usage(format!(
                    "{flag}: {name} has no nanoparticle whose mass ratio could be swept"
                )));
            }
        },
        Parameter::HostAtoms => s.host_atoms = value as usize,
    }
    let usage = |m: String| CliError::Usage(format!("{flag} {text}: {m}"));
    validate(&s).map_err(|p| usage(format!("{name}: `{}` {}", p.field, p.message)))?;
    s.check_host_fits(name).map_err(|e| usage(e.to_string()))?;
    check_measure_memory(&s, name, None, true, true).map_err(|e| usage(e.to_string()))?;
    Ok(s)
}

/// Runs `sweep`.
pub fn run(args: &SweepArgs) -> Result<(), CliError> {
    with_threads(args.seeding.threads, || run_inner(args))?
}

fn measure_error(e: MeasureError) -> CliError {
    match e {
        MeasureError::Scene(e) => CliError::Scene(e),
        MeasureError::Md(e) => CliError::Md(e),
        MeasureError::Options(m) => CliError::Usage(m),
    }
}

fn run_inner(args: &SweepArgs) -> Result<(), CliError> {
    let (parameter, values) = parameter_values(args)?;
    let (scene, name) = load_scene_with(&args.scene, &args.particle)?;
    if scene.nanoparticle.is_none() {
        return Err(CliError::Scene(SceneError::Build {
            file: name,
            message: "has no nanoparticle: a sweep compares its diffusion routes".into(),
        }));
    }
    // Every point is checked before the first one runs, so a bad value costs no MD.
    let scenes = values
        .iter()
        .map(|&v| scene_at(&scene, &name, parameter, v))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| CliError::output(dir, e))?;
    }
    super::interrupt::install(
        Some(
            "stopping after the point being measured; the rows so far will be written \
             (Ctrl-C again to quit at once)",
        ),
        "interrupted: sweep stopped without writing its results",
    );
    let options = MeasureOptions {
        segments: Segments {
            steps: args.steps,
            ..Segments::default()
        },
        seed: args.seeding.seed,
        ..MeasureOptions::default()
    };
    let total: u64 = scenes.iter().map(|s| total_steps(s, &options)).sum();
    let pb = ProgressBar::new(total);
    pb.set_draw_target(ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("sweep {msg} [{bar:30}] {pos}/{len} MD steps, eta {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let mut rows = Vec::with_capacity(values.len());
    let mut reports = Vec::with_capacity(values.len());
    let mut first_error = None;
    let mut done = 0;
    for (k, (&value, s)) in values.iter().zip(&scenes).enumerate() {
        if super::interrupt::requested() {
            break;
        }
        let label = format!(
            "{} = {} ({}/{})",
            parameter.symbol(),
            parameter.text(value),
            k + 1,
            values.len()
        );
        pb.set_message(label.clone());
        let point_name = format!("{name} [{} {}]", parameter.flag(), parameter.text(value));
        let start = Instant::now();
        let result = measure(s, &point_name, &options, &|n| pb.inc(n));
        let wall = start.elapsed().as_secs_f64();
        done += total_steps(s, &options);
        pb.set_position(done);
        match result {
            Ok(measured) => {
                rows.push(Row::from_report(value, &measured.report, wall));
                let mut v = serde_json::to_value(&measured.report).expect("report serialises");
                v["predictions"] =
                    serde_json::to_value(predict(&measured.report, None)).expect("serialises");
                reports.push(v);
            }
            Err(e) => {
                let e = measure_error(e);
                pb.suspend(|| eprintln!("error: {label} failed (the sweep goes on): {e}"));
                rows.push(Row::failed(value, wall, e.to_string()));
                reports.push(serde_json::Value::Null);
                first_error.get_or_insert(e);
            }
        }
    }
    pb.finish_and_clear();
    if let Some(dir) = &args.out {
        let csv = dir.join("sweep.csv");
        write_csv(&csv, parameter, &rows).map_err(|e| CliError::output(&csv, e))?;
        let png = dir.join("sweep.png");
        plot::write_png(&png, parameter, &rows).map_err(|e| CliError::output(&png, e))?;
        eprintln!("wrote {} and {}", csv.display(), png.display());
    }
    if args.json {
        let value = serde_json::json!({
            "scene": name,
            "parameter": parameter,
            "steps": args.steps,
            "seed": args.seeding.seed,
            "rows": rows,
            "reports": reports,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("rows serialise")
        );
    } else {
        print_table(&name, parameter, &rows);
    }
    if super::interrupt::requested() {
        return Err(CliError::Interrupted(format!(
            "interrupted: {} of {} points measured",
            rows.len(),
            values.len()
        )));
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn print_table(name: &str, parameter: Parameter, rows: &[Row]) {
    println!("{name}: sweep over {}", parameter.field());
    println!(
        "{:>8} {:>7} {:>19} {:>19} {:>19} {:>15} {:>15} {:>13} {:>8} {:>8}",
        parameter.symbol(),
        "m [m̂]",
        "D_γ [σ²/τ]",
        "D_θ [σ²/τ]",
        "D_MSD [σ²/τ]",
        "D_γ/D_θ",
        "D_MSD/D_θ",
        "τ_P/τ_F",
        "(M_h/M)²",
        "wall [s]"
    );
    for r in rows {
        let value = parameter.text(r.value.mean);
        if let Some(e) = &r.error {
            println!("{value:>8} failed after {:.1} s: {e}", r.wall_seconds.mean);
            continue;
        }
        println!(
            "{value:>8} {:>7.1} {:>19} {:>19} {:>19} {:>15} {:>15} {:>13} {:>8} {:>8.1}",
            r.mass.map_or(f64::NAN, |m| m.mean),
            maybe_estimate_of(r.d_gamma),
            maybe_estimate_of(r.d_theta),
            maybe_estimate_of(r.d_msd),
            maybe_estimate_of(r.gamma_over_theta),
            maybe_estimate_of(r.msd_over_theta),
            maybe_estimate_of(r.tau_p_over_tau_f),
            r.expected_ratio
                .map_or(MISSING.into(), |e| format!("{:.4}", e.mean)),
            r.wall_seconds.mean
        );
    }
}

/// `sweep.csv`: one line per point; each estimate as two columns (value, `_sem`); numbers written
/// with [`number`] (`NaN` where unknown); the last column holds a failed point's error.
fn write_csv(path: &Path, parameter: Parameter, rows: &[Row]) -> std::io::Result<()> {
    use std::io::Write;
    let name = match parameter {
        Parameter::Epsilon => "epsilon",
        Parameter::HostAtoms => "host_atoms",
    };
    crate::atomic_file::replace(path, |w| {
        let mut header = vec![name.to_string(), "mass".to_string()];
        for (c, sem) in CSV_COLUMNS {
            header.push(c.to_string());
            if sem {
                header.push(format!("{c}_sem"));
            }
        }
        header.push("error".into());
        writeln!(w, "{}", header.join(","))?;
        for r in rows {
            let mut cells = vec![
                number(r.value.mean),
                number(r.mass.map_or(f64::NAN, |m| m.mean)),
            ];
            for ((_, sem), e) in CSV_COLUMNS.iter().zip(r.columns()) {
                cells.push(number(e.map_or(f64::NAN, |e| e.mean)));
                if *sem {
                    cells.push(number(e.map_or(f64::NAN, |e| e.sem)));
                }
            }
            cells.push(match &r.error {
                Some(e) => format!("\"{}\"", e.replace('"', "\"\"").replace('\n', " ")),
                None => String::new(),
            });
            writeln!(w, "{}", cells.join(","))?;
        }
        Ok(())
    })
}
