//! `multiscope solve`: integrate the Smoluchowski or Fokker–Planck (Kramers) equation with
//! measured coefficients and write density snapshots (CSV and PNG heatmaps), moments over time
//! (CSV) and, with `--json`, one JSON summary on stdout.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::error::SolveError;
use crate::coarse::Evolve;
use crate::coarse::write_png;
use crate::coarse::{
    Boundary, Coefficients, Force1d, Grid1d, Kramers, Smoluchowski1d, default_p_max, start_p_max,
};
use crate::format::{number, row};

/// Which coarse-grained equation to solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Equation {
    /// Smoluchowski equation (29) for W(x, t) along x.
    Smoluchowski,
    /// Fokker–Planck (Kramers) equation (56) for W̃(Φ, Π, t) on the phase plane.
    FokkerPlanck,
}

/// Which mean force to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FieldChoice {
    /// The coefficients file's f_th profile if it has one, else no force.
    Auto,
    /// No force.
    None,
    /// Harmonic trap U = k/2 (x − c)² (`--k`, `--centre`).
    Harmonic,
    /// Double well U = h((x − c)²/a² − 1)² (`--height`, `--centre`, `--half-width`).
    DoubleWell,
}

/// Where the density starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Initial {
    /// A narrow Gaussian at `--x0` (and `--p0`).
    Point,
    /// The equilibrium (Boltzmann) density.
    Equilibrium,
}

/// Arguments of `multiscope solve`.
#[derive(Debug, Clone, clap::Args)]
pub struct SolveArgs {
    /// Coefficients as printed by `multiscope measure --json` (or hand-written: epsilon, mass,
    /// beta and one of zeta, theta, d_theta, gamma, d_gamma).
    #[arg(long, value_name = "FILE.json")]
    pub coefficients: Option<PathBuf>,
    /// Measure the coefficients of this scene first (`multiscope measure` with default options),
    /// or `default` for the built-in scene.
    #[arg(long, value_name = "SCENE")]
    pub scene: Option<PathBuf>,
    /// The equation to solve.
    #[arg(long, value_enum, default_value_t = Equation::Smoluchowski)]
    pub equation: Equation,
    /// Final time t_end [τ].
    #[arg(long, default_value_t = 10.0)]
    pub t_end: f64,
    /// Number of snapshots after t = 0 (equally spaced up to t_end).
    #[arg(long, default_value_t = 10)]
    pub snapshots: usize,
    /// Output folder (created if missing).
    #[arg(long, default_value = "solve-out")]
    pub out: PathBuf,
    /// Print one JSON summary on stdout.
    #[arg(long)]
    pub json: bool,
    /// The mean force f^th.
    #[arg(long, value_enum, default_value_t = FieldChoice::Auto)]
    pub field: FieldChoice,
    /// Harmonic spring constant k [ε_LJ/σ²].
    #[arg(long, default_value_t = 1.0)]
    pub k: f64,
    /// Centre c of the trap or barrier [σ] (default: middle of the grid).
    #[arg(long, alias = "center")]
    pub centre: Option<f64>,
    /// Double-well barrier height h [ε_LJ].
    #[arg(long, default_value_t = 5.0)]
    pub height: f64,
    /// Double-well half separation a [σ] (wells at c ± a).
    #[arg(long, default_value_t = 1.0)]
    pub half_width: f64,
    /// Lower end of the x grid [σ] (default 0 with a box_length, else −5).
    #[arg(long, allow_negative_numbers = true)]
    pub x_min: Option<f64>,
    /// Upper end of the x grid [σ] (default box_length, else 5).
    #[arg(long, allow_negative_numbers = true)]
    pub x_max: Option<f64>,
    /// Number of position cells.
    #[arg(long, default_value_t = 200)]
    pub cells: usize,
    /// Number of momentum cells (Fokker–Planck).
    #[arg(long, default_value_t = 128)]
    pub p_cells: usize,
    /// Half-range of the momentum grid |P| ≤ p_max [m̂σ/τ] (default: enough for the initial
    /// density's energy above the field's minimum plus 25 k_BT).
    #[arg(long)]
    pub p_max: Option<f64>,
    /// Boundary in x (default: periodic with a box_length, else reflecting).
    #[arg(long, value_enum)]
    pub boundary: Option<BoundaryChoice>,
    /// Initial density.
    #[arg(long, value_enum, default_value_t = Initial::Point)]
    pub initial: Initial,
    /// Initial position x₀ [σ] (default: middle of the grid).
    #[arg(long, allow_negative_numbers = true)]
    pub x0: Option<f64>,
    /// Initial momentum P₀ [m̂σ/τ] (Fokker–Planck).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub p0: f64,
    /// Initial width in x [σ] (default: 2 % of the grid, at least two cells).
    #[arg(long)]
    pub width: Option<f64>,
    /// Initial width in momentum [m̂σ/τ] (default: half the thermal width (m k_BT)^{1/2}).
    #[arg(long)]
    pub p_width: Option<f64>,
}

/// Boundary condition choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BoundaryChoice {
    /// Periodic box.
    Periodic,
    /// Reflecting walls.
    Reflecting,
}

fn write_text(path: &Path, text: &str) -> Result<(), SolveError> {
    std::fs::write(path, text).map_err(|e| SolveError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn build_field(args: &SolveArgs, c: &Coefficients, centre: f64) -> Result<Force1d, SolveError> {
    Ok(match args.field {
        FieldChoice::Auto => c.mean_force()?.unwrap_or(Force1d::None),
        FieldChoice::None => Force1d::None,
        FieldChoice::Harmonic => Force1d::harmonic(args.k, centre)?,
        FieldChoice::DoubleWell => Force1d::double_well(args.height, centre, args.half_width)?,
    })
}

/// What `run` measured, printed as JSON with `--json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SolveSummary {
    /// The equation solved.
    pub equation: Equation,
    /// Final time [τ].
    pub t_end: f64,
    /// Largest |Σ W ΔV − 1| over the snapshots.
    pub mass_error: f64,
    /// Smallest cell value of W over the snapshots (physical units).
    pub min_w: f64,
    /// Final mean position ⟨x⟩ [σ].
    pub mean_x: f64,
    /// Final position variance [σ²].
    pub var_x: f64,
    /// Final mean momentum ⟨P⟩ [m̂σ/τ] (Fokker–Planck only).
    pub mean_p: Option<f64>,
    /// Final momentum variance [(m̂σ/τ)²] (Fokker–Planck only).
    pub var_p: Option<f64>,
    /// Final covariance ⟨δx δP⟩ [m̂σ²/τ] (Fokker–Planck only).
    pub cov_xp: Option<f64>,
    /// Diffusion coefficient used, D_xx [σ²/τ].
    pub diffusion: f64,
    /// Friction used, ζ_xx [m̂/τ].
    pub friction: f64,
    /// Files written.
    pub files: Vec<String>,
}

/// Runs `multiscope solve`.
pub fn run(args: &SolveArgs) -> Result<(), SolveError> {
    let summary = solve(args)?;
    if args.json {
        let text = serde_json::to_string(&summary)
            .map_err(|e| SolveError::Input(format!("cannot encode the summary: {e}")))?;
        println!("{text}");
    } else {
        println!(
            "solved {:?} to t = {} τ: mass error {:.1e}, min W {:.1e}, ⟨x⟩ = {:.4} σ, var x = {:.4} σ²; {} files in {}",
            summary.equation,
            number(summary.t_end),
            summary.mass_error,
            summary.min_w,
            summary.mean_x,
            summary.var_x,
            summary.files.len(),
            args.out.display()
        );
    }
    Ok(())
}

/// Measures the coefficients of a scene (`multiscope measure` with its default options) and
/// reads them as the solver's input.
fn coefficients_from_scene(path: &Path) -> Result<Coefficients, SolveError> {
    let (scene, name) = super::load_scene(path).map_err(|e| SolveError::Input(e.to_string()))?;
    let options = crate::measure::MeasureOptions::default();
    super::measure::check_measure_memory(
        &scene,
        &name,
        options.segments.windows,
        options.parallel_jobs,
        options.host,
    )
    .map_err(|e| SolveError::Input(e.to_string()))?;
    eprintln!(
        "measuring the coefficients of {name} first (`multiscope measure` with default options; \
         save them with `multiscope measure {} --json > c.json` and pass --coefficients c.json \
         to skip this next time)",
        path.display()
    );
    let measured = crate::measure::measure(&scene, &name, &options, &|_| {})
        .map_err(|e| SolveError::Measure(e.to_string()))?;
    let text = serde_json::to_string(&measured.report)
        .map_err(|e| SolveError::Measure(format!("cannot encode the measurement: {e}")))?;
    Ok(Coefficients::from_json_str(&text, &name)?)
}

/// Does the work of [`run`] and returns the summary instead of printing it.
pub fn solve(args: &SolveArgs) -> Result<SolveSummary, SolveError> {
    let c = match (&args.scene, &args.coefficients) {
        (Some(_), Some(_)) => {
            return Err(SolveError::Input(
                "give either --scene or --coefficients, not both".into(),
            ));
        }
        (Some(scene), None) => coefficients_from_scene(scene)?,
        (None, Some(path)) => Coefficients::from_file(path)?,
        (None, None) => {
            return Err(SolveError::Input(
                "no coefficients: give --coefficients FILE.json (as printed by `multiscope \
                 measure --json`) or --scene SCENE to measure them first"
                    .into(),
            ));
        }
    };
    if !(args.t_end.is_finite() && args.t_end > 0.0) {
        return Err(SolveError::Input(format!(
            "--t-end {} must be a positive time in τ",
            number(args.t_end)
        )));
    }
    if args.snapshots == 0 || args.snapshots > 10_000 {
        return Err(SolveError::Input(format!(
            "--snapshots {} must be between 1 and 10000",
            args.snapshots
        )));
    }
    if args.cells < 8 || args.cells > 4096 || args.p_cells < 8 || args.p_cells > 4096 {
        return Err(SolveError::Input(
            "--cells and --p-cells must be between 8 and 4096".into(),
        ));
    }
    let lo = args
        .x_min
        .unwrap_or(if c.box_length.is_some() { 0.0 } else { -5.0 });
    let hi = args.x_max.unwrap_or(c.box_length.unwrap_or(5.0));
    let boundary = match args.boundary {
        Some(BoundaryChoice::Periodic) => Boundary::Periodic,
        Some(BoundaryChoice::Reflecting) => Boundary::Reflecting,
        None if c.box_length.is_some() => Boundary::Periodic,
        None => Boundary::Reflecting,
    };
    let grid = Grid1d::new(lo, hi, args.cells, boundary)?;
    let mid = 0.5 * (lo + hi);
    let field = build_field(args, &c, args.centre.unwrap_or(mid))?;
    let x0 = args.x0.unwrap_or(mid);
    let width = args
        .width
        .unwrap_or((0.02 * (hi - lo)).max(2.0 * grid.dx()));
    std::fs::create_dir_all(&args.out).map_err(|e| SolveError::Write {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let times: Vec<f64> = (0..=args.snapshots)
        .map(|k| args.t_end * k as f64 / args.snapshots as f64)
        .collect();
    let problem = Problem {
        c: &c,
        grid,
        field,
        x0,
        width,
        times: &times,
    };
    match args.equation {
        Equation::Smoluchowski => smoluchowski(args, problem),
        Equation::FokkerPlanck => fokker_planck(args, problem),
    }
}

/// What either equation is solved with: the coefficients, the grid along x, the mean force, the
/// start (centre and width of a point start) and the snapshot times.
struct Problem<'a> {
    c: &'a Coefficients,
    grid: Grid1d,
    field: Force1d,
    x0: f64,
    width: f64,
    times: &'a [f64],
}

fn smoluchowski(args: &SolveArgs, p: Problem) -> Result<SolveSummary, SolveError> {
    let mut s = Smoluchowski1d::from_coefficients(p.c, p.grid.clone(), Some(p.field))?;
    if args.initial == Initial::Point {
        s.set_gaussian(p.x0, p.width)?;
    }
    let mut density = String::from("t,x,w\n");
    let mut moments = String::from("t,mass,mean,variance,min\n");
    // Space–time picture: x across, time upwards, each snapshot a band of rows.
    let band = (256 / p.times.len()).clamp(1, 32);
    let mut picture = Vec::with_capacity(p.times.len() * band * p.grid.len());
    let (mut mass_error, mut min_w) = (0.0f64, f64::INFINITY);
    for &t in p.times {
        s.advance_to(t)?;
        let m = s.moments();
        mass_error = mass_error.max((m.mass - 1.0).abs());
        min_w = min_w.min(m.min);
        let _ = writeln!(moments, "{}", row(&[t, m.mass, m.mean, m.variance, m.min]));
        for (&x, &w) in p.grid.centres().iter().zip(s.density()) {
            let _ = writeln!(density, "{}", row(&[t, x, w]));
        }
        for _ in 0..band {
            picture.extend_from_slice(s.density());
        }
    }
    let out = &args.out;
    let files = [
        out.join("density.csv"),
        out.join("moments.csv"),
        out.join("density.png"),
    ];
    write_text(&files[0], &density)?;
    write_text(&files[1], &moments)?;
    write_png(&files[2], &picture, p.grid.len(), 1)?;
    let m = s.moments();
    Ok(SolveSummary {
        equation: Equation::Smoluchowski,
        t_end: args.t_end,
        mass_error,
        min_w,
        mean_x: m.mean,
        var_x: m.variance,
        mean_p: None,
        var_p: None,
        cov_xp: None,
        diffusion: p.c.diffusion_xx()?,
        friction: p.c.zeta_xx()?,
        files: files.iter().map(|f| f.display().to_string()).collect(),
    })
}

/// Default momentum half-range [m̂σ/τ]: from equilibrium the thermal range, else the initial
/// density's energy above the field's minimum (potential within 3 widths of x0, momentum within 6
/// widths of P₀) plus 25 k_BT ([`start_p_max`]).
fn initial_p_max(args: &SolveArgs, p: &Problem, p_width: f64) -> f64 {
    match args.initial {
        Initial::Equilibrium => default_p_max(p.c.mass(), p.c.beta, 0.0),
        Initial::Point => start_p_max(
            &p.field,
            &p.grid,
            p.c.mass(),
            p.c.beta,
            p.x0,
            3.0 * p.width,
            args.p0.abs() + 6.0 * p_width,
        ),
    }
}

fn fokker_planck(args: &SolveArgs, p: Problem) -> Result<SolveSummary, SolveError> {
    let p_width = args.p_width.unwrap_or(0.5 * (p.c.mass() / p.c.beta).sqrt());
    let p_max = args
        .p_max
        .unwrap_or_else(|| initial_p_max(args, &p, p_width));
    let mut k = Kramers::from_coefficients(p.c, Some(p.field), &p.grid, args.p_cells, Some(p_max))?;
    if args.initial == Initial::Point {
        k.set_gaussian(p.x0, args.p0, p.width, p_width)?;
    }
    let s = k.scale();
    let (nx, ny) = (k.x_grid().len(), k.y_grid().len());
    let rs: Vec<f64> = k.x_grid().centres().iter().map(|v| v / s).collect();
    let ps: Vec<f64> = k.y_grid().centres().iter().map(|v| v / s).collect();
    let mut moments = String::from("t,mass,mean_r,mean_p,var_r,var_p,cov_rp,min\n");
    let mut files = vec![];
    let (mut mass_error, mut min_w) = (0.0f64, f64::INFINITY);
    let scale_px = (512 / nx.max(ny)).clamp(1, 8);
    for (idx, &t) in p.times.iter().enumerate() {
        k.advance_to(t)?;
        let m = k.moments().to_physical(s);
        mass_error = mass_error.max((m.mass - 1.0).abs());
        min_w = min_w.min(m.min);
        let _ = writeln!(
            moments,
            "{}",
            row(&[
                t, m.mass, m.mean_x, m.mean_y, m.var_x, m.var_y, m.cov_xy, m.min
            ])
        );
        let w = k.physical_density();
        let mut csv = String::with_capacity(nx * ny * 24);
        csv.push_str("t,r,p,w\n");
        for j in 0..ny {
            for i in 0..nx {
                let _ = writeln!(csv, "{}", row(&[t, rs[i], ps[j], w[j * nx + i]]));
            }
        }
        let base = args.out.join(format!("snapshot_{idx:04}"));
        let (csv_path, png_path) = (base.with_extension("csv"), base.with_extension("png"));
        write_text(&csv_path, &csv)?;
        write_png(&png_path, &w, nx, scale_px)?;
        files.push(csv_path.display().to_string());
        files.push(png_path.display().to_string());
    }
    let mpath = args.out.join("moments.csv");
    write_text(&mpath, &moments)?;
    files.push(mpath.display().to_string());
    let m = k.moments().to_physical(s);
    Ok(SolveSummary {
        equation: Equation::FokkerPlanck,
        t_end: args.t_end,
        mass_error,
        min_w,
        mean_x: m.mean_x,
        var_x: m.var_x,
        mean_p: Some(m.mean_y),
        var_p: Some(m.var_y),
        cov_xp: Some(m.cov_xy),
        diffusion: p.c.diffusion_xx()?,
        friction: p.c.zeta_xx()?,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("multiscope-solve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn args(dir: &Path, equation: Equation) -> SolveArgs {
        let coefficients = dir.join("c.json");
        std::fs::write(
            &coefficients,
            r#"{"epsilon": 0.1, "mass": 10.0, "beta": 1.0, "zeta": {"mean": [[5,0,0],[0,5,0],[0,0,5]]}, "extra": 1}"#,
        )
        .expect("write");
        SolveArgs {
            coefficients: Some(coefficients),
            scene: None,
            equation,
            t_end: 1.0,
            snapshots: 4,
            out: dir.join("out"),
            json: false,
            field: FieldChoice::DoubleWell,
            k: 1.0,
            centre: Some(0.0),
            height: 2.0,
            half_width: 1.0,
            x_min: Some(-2.0),
            x_max: Some(2.0),
            cells: 64,
            p_cells: 48,
            p_max: None,
            boundary: None,
            initial: Initial::Point,
            x0: Some(-1.0),
            p0: 0.0,
            width: None,
            p_width: None,
        }
    }

    #[test]
    fn smoluchowski_writes_files_and_conserves_mass() {
        let dir = scratch("smol");
        let s = solve(&args(&dir, Equation::Smoluchowski)).expect("solve");
        assert!(s.mass_error < 1e-12 && s.min_w >= 0.0);
        assert!((s.diffusion - 0.2).abs() < 1e-15);
        for f in &s.files {
            assert!(std::fs::metadata(f).expect("file").len() > 0, "{f}");
        }
        let moments = std::fs::read_to_string(dir.join("out/moments.csv")).expect("moments");
        assert_eq!(moments.lines().count(), 1 + 5);
    }

    #[test]
    fn default_momentum_range_follows_the_start_not_the_walls() {
        // A double well (h = 2, wells at ±1) on a wide grid: its quartic walls reach
        // 2·(10² − 1)² ≈ 2·10⁴ k_BT at the ends, which the old default (the field's whole span)
        // turned into a momentum range ~30 times the thermal one. A start in a well needs only
        // its own energy plus 25 k_BT.
        let dir = scratch("pmax");
        let mut a = args(&dir, Equation::FokkerPlanck);
        a.x_min = Some(-10.0);
        a.x_max = Some(10.0);
        // Cells of 0.08σ, so that a start 0.2σ wide is resolved.
        a.cells = 256;
        let c = Coefficients::from_file(a.coefficients.as_ref().unwrap()).expect("coefficients");
        let grid = Grid1d::new(-10.0, 10.0, 256, Boundary::Reflecting).unwrap();
        let field = build_field(&a, &c, 0.0).unwrap();
        let (m, kt) = (c.mass(), 1.0 / c.beta);
        let thermal = (m * kt).sqrt();
        let p_width = 0.5 * thermal;
        let start = Problem {
            c: &c,
            grid,
            field,
            x0: -1.0,
            width: 0.2,
            times: &[],
        };
        let p_max = initial_p_max(&a, &start, p_width);
        // The start's most energetic cells lie within 3 widths of x0, at most U(−1.6) − U(−1)
        // up the outer wall, plus (6 p_width)²/2m = 4.5 k_BT in momentum.
        let range = |e: f64| (2.0 * m * (e + 4.5 * kt + 25.0 * kt)).sqrt();
        let most = range(start.field.potential(-1.6) - start.field.potential(-1.0));
        assert!(
            p_max > range(0.0) && p_max <= most,
            "{p_max} outside ({}, {most}]",
            range(0.0)
        );
        let walls =
            (2.0 * m * (start.field.potential(-10.0) - start.field.potential(-1.0) + 25.0 * kt))
                .sqrt();
        assert!(p_max < walls / 20.0, "{p_max} against the walls' {walls}");
        // ±2 thermal s.d. span at least 10 of the 48 momentum cells.
        assert!(4.0 * thermal / (2.0 * p_max / 48.0) >= 10.0);
        // From equilibrium only the thermal 25 k_BT.
        a.initial = Initial::Equilibrium;
        let p_eq = initial_p_max(&a, &start, p_width);
        assert!((p_eq - (2.0 * m * 25.0 * kt).sqrt()).abs() < 1e-12);
        // It solves there too: mass and positivity hold, the Maxwellian tail stays inside.
        a.initial = Initial::Point;
        a.width = Some(0.2);
        let s = solve(&a).expect("solve");
        // (Cells far out in the tails hold ~1e-169 and round-off there can leave a sign.)
        assert!(s.mass_error < 1e-12 && s.min_w > -1e-100, "{s:?}");
        // The start sits in the well: 1 τ later it is still there, and the momentum variance is
        // on its way from (p_width)² = m k_BT/4 to m k_BT.
        assert!((s.mean_x + 1.0).abs() < 0.2, "{s:?}");
        let var_p = s.var_p.unwrap();
        assert!(var_p > 0.25 * m * kt && var_p < 1.1 * m * kt, "{s:?}");
    }

    #[test]
    fn fokker_planck_writes_snapshots() {
        let dir = scratch("fp");
        let s = solve(&args(&dir, Equation::FokkerPlanck)).expect("solve");
        assert!(s.mass_error < 1e-12 && s.min_w >= 0.0);
        assert_eq!(s.files.len(), 2 * 5 + 1);
        assert!(s.var_p.expect("fp") > 0.0);
        let png = std::fs::read(dir.join("out/snapshot_0004.png")).expect("png");
        assert_eq!(&png[1..4], b"PNG");
    }

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: SolveArgs,
    }

    #[test]
    fn command_line_parses() {
        use clap::{CommandFactory, Parser};
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "solve",
            "--coefficients",
            "c.json",
            "--equation",
            "fokker-planck",
            "--field",
            "double-well",
            "--x-min",
            "-2",
            "--x-max",
            "2",
            "--x0",
            "-1",
            "--p0",
            "-3",
            "--t-end",
            "5",
            "--snapshots",
            "3",
            "--boundary",
            "periodic",
            "--json",
        ])
        .expect("parses");
        assert_eq!(cli.args.equation, Equation::FokkerPlanck);
        assert_eq!(cli.args.x_min, Some(-2.0));
        assert_eq!(cli.args.p0, -3.0);
        assert!(cli.args.json);
        assert!(Cli::try_parse_from(["solve", "--equation", "heat"]).is_err());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let dir = scratch("bad");
        let mut a = args(&dir, Equation::Smoluchowski);
        a.scene = Some("scenes/x.ron".into());
        assert!(solve(&a).unwrap_err().to_string().contains("not both"));
        a.coefficients = None;
        let err = solve(&a).unwrap_err().to_string();
        assert!(
            err.contains("scenes/x.ron") && err.contains("cannot read"),
            "{err}"
        );
        let mut a = args(&dir, Equation::Smoluchowski);
        a.coefficients = None;
        assert!(
            solve(&a)
                .unwrap_err()
                .to_string()
                .contains("--coefficients")
        );
        let mut a = args(&dir, Equation::Smoluchowski);
        a.t_end = -1.0;
        assert!(solve(&a).unwrap_err().to_string().contains("--t-end"));
        let mut a = args(&dir, Equation::FokkerPlanck);
        a.p_max = Some(1.0);
        assert!(solve(&a).unwrap_err().to_string().contains("momentum"));
        let mut a = args(&dir, Equation::Smoluchowski);
        a.coefficients = Some(dir.join("missing.json"));
        let e = solve(&a).unwrap_err().to_string();
        assert!(
            e.contains("missing.json") && e.contains("check the path"),
            "{e}"
        );
    }
}
