//! Reading a LAMMPS run of an export back into multiscope's analysis: the nanoparticle series
//! (`nanoparticle.txt`) and the log's thermo output feed the same [`Measurement`] that
//! `multiscope measure` uses, so the report, its error bars and its curves are the same kind.
//!
//! Files are read as text streams, one line at a time (bounded memory whatever the run's length).
//! A line that cannot be read stops the import with its file and line number; an unfinished last
//! line (a run still being written) is left out, so a running job is read up to its last
//! complete record.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::manifest::{MANIFEST_FORMAT, Manifest, SERIES_COLUMNS};
use super::{LOG_FILE, LammpsError, MANIFEST_FILE, SCENE_FILE, SERIES_FILE};
use crate::analysis::{BlockAverage, Estimate};
use crate::md::{OrderParameters, Thermo};
use crate::measure::{Curves, Measurement, MeasurementSetup, Report, Segment, describe_dynamics};
use crate::scene::Scene;

/// One record of `nanoparticle.txt`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeriesRow {
    /// Which segment it belongs to.
    pub segment: Segment,
    /// LAMMPS time step number.
    pub step: u64,
    /// Centre of mass R (unwrapped) [σ].
    pub r: [f64; 3],
    /// Total momentum P [m̂σ/τ].
    pub p: [f64; 3],
    /// Net force F before any constraint [ε_LJ/σ].
    pub f: [f64; 3],
    /// Temperature T [ε_LJ/k_B].
    pub temperature: f64,
    /// Pressure tensor xx yy zz xy xz yz [ε_LJ/σ³].
    pub pressure_tensor: [f64; 6],
}

/// One thermo line of a LAMMPS log (`step temp pe ke etotal press`, totals, not per atom).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogThermo {
    /// Time step number.
    pub step: u64,
    /// Temperature T [ε_LJ/k_B].
    pub temp: f64,
    /// Potential energy U [ε_LJ].
    pub pe: f64,
    /// Kinetic energy K [ε_LJ].
    pub ke: f64,
    /// Total energy E [ε_LJ].
    pub etotal: f64,
    /// Pressure [ε_LJ/σ³].
    pub press: f64,
}

/// Block averages of the free segment's thermo output.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThermoSummary {
    /// Thermo lines averaged.
    pub lines: usize,
    /// Temperature [ε_LJ/k_B].
    pub temperature: Estimate,
    /// Potential energy per atom [ε_LJ].
    pub potential_energy_per_atom: Estimate,
    /// Total energy per atom [ε_LJ].
    pub total_energy_per_atom: Estimate,
    /// Pressure [ε_LJ/σ³].
    pub pressure: Estimate,
}

/// An imported LAMMPS run.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The export's manifest.
    pub manifest: Manifest,
    /// The scene it was exported from.
    pub scene: Scene,
    /// The measurement report (as `multiscope measure` gives).
    pub report: Report,
    /// Its curves.
    pub curves: Curves,
    /// The free segment's thermo averages (`None` without a log or thermo lines).
    pub thermo: Option<ThermoSummary>,
    /// Samples read per segment: free, held, all windows.
    pub samples: [u64; 3],
}

fn open(path: &Path) -> Result<BufReader<File>, LammpsError> {
    File::open(path).map(BufReader::new).map_err(|e| {
        LammpsError::io(
            path,
            format!("{e}; is this the folder `multiscope export` wrote and LAMMPS ran in?"),
        )
    })
}

/// Calls `each(line_number, line)` for every complete line of `path` (one that ends in a line
/// feed); an unfinished last line is skipped. Stops at the first error `each` returns.
fn for_each_line(
    path: &Path,
    mut each: impl FnMut(usize, &str) -> Result<(), LammpsError>,
) -> Result<(), LammpsError> {
    let mut r = open(path)?;
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        let got = r
            .read_until(b'\n', &mut buf)
            .map_err(|e| LammpsError::io(path, e))?;
        if got == 0 || buf.last() != Some(&b'\n') {
            return Ok(());
        }
        n += 1;
        let line = std::str::from_utf8(&buf).map_err(|_| {
            LammpsError::format(
                path,
                n,
                "not UTF-8 text; the file is damaged or not LAMMPS output",
            )
        })?;
        each(n, line.trim_end())?;
    }
}

fn parse_f64(path: &Path, line: usize, what: &str, s: &str) -> Result<f64, LammpsError> {
    let x: f64 = s
        .parse()
        .map_err(|_| LammpsError::format(path, line, format!("{what} is `{s}`, not a number")))?;
    if !x.is_finite() {
        return Err(LammpsError::format(
            path,
            line,
            format!(
                "{what} is {s}: the LAMMPS run blew up here; rerun it with a smaller time step"
            ),
        ));
    }
    Ok(x)
}

fn parse_step(path: &Path, line: usize, s: &str) -> Result<u64, LammpsError> {
    // LAMMPS may print the step through a float format ("1000" or "1e+06").
    let x = parse_f64(path, line, "the step", s)?;
    if x < 0.0 || x.fract() != 0.0 || x > 9.0e15 {
        return Err(LammpsError::format(
            path,
            line,
            format!("the step is `{s}`, not a whole number of steps"),
        ));
    }
    Ok(x as u64)
}

/// Reads `nanoparticle.txt`, calling `each` for every complete record in file order. Comment
/// lines (`#`) are skipped. Returns the number of records.
pub fn read_series(
    path: &Path,
    mut each: impl FnMut(usize, SeriesRow) -> Result<(), LammpsError>,
) -> Result<u64, LammpsError> {
    let mut count = 0;
    let want = SERIES_COLUMNS.len() + 1;
    for_each_line(path, |n, line| {
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() != want {
            return Err(LammpsError::format(
                path,
                n,
                format!(
                    "{} fields where {want} were expected (segment {}); the file is damaged, \
                     or was not written by a multiscope export's input script",
                    fields.len(),
                    SERIES_COLUMNS.join(" ")
                ),
            ));
        }
        let segment = match fields[0] {
            "free" => Segment::Free,
            "held" => Segment::Constrained,
            w => match w.strip_prefix('w').and_then(|k| k.parse().ok()) {
                Some(k) => Segment::Window(k),
                None => {
                    return Err(LammpsError::format(
                        path,
                        n,
                        format!("segment `{w}` is not `free`, `held` or `w<window>`"),
                    ));
                }
            },
        };
        let step = parse_step(path, n, fields[1])?;
        let mut v = [0.0; 16];
        for (k, x) in v.iter_mut().enumerate() {
            *x = parse_f64(path, n, SERIES_COLUMNS[k + 1], fields[k + 2])?;
        }
        count += 1;
        each(
            n,
            SeriesRow {
                segment,
                step,
                r: [v[0], v[1], v[2]],
                p: [v[3], v[4], v[5]],
                f: [v[6], v[7], v[8]],
                temperature: v[9],
                pressure_tensor: [v[10], v[11], v[12], v[13], v[14], v[15]],
            },
        )
    })?;
    Ok(count)
}

/// The thermo lines of a LAMMPS log written with `thermo_style custom step temp pe ke etotal
/// press`, in step order, each step once (a run's first line repeats the previous run's last
/// step; the later line is kept).
/// Warnings between thermo lines are skipped; a log cut off mid-run gives its lines so far.
pub fn read_log(path: &Path) -> Result<Vec<LogThermo>, LammpsError> {
    const HEADER: [&str; 6] = ["step", "temp", "poteng", "kineng", "toteng", "press"];
    let mut out: Vec<LogThermo> = Vec::new();
    let mut inside = false;
    for_each_line(path, |n, line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let lower: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
        if lower.len() == HEADER.len() && lower.iter().zip(HEADER).all(|(a, b)| a == b) {
            inside = true;
            return Ok(());
        }
        if !inside {
            return Ok(());
        }
        if line.starts_with("Loop time") || line.starts_with("ERROR") {
            inside = false;
            return Ok(());
        }
        if line.starts_with("WARNING") || fields.is_empty() {
            return Ok(());
        }
        if fields.len() != HEADER.len() {
            return Err(LammpsError::format(
                path,
                n,
                format!(
                    "a thermo line with {} fields where 6 (step temp pe ke etotal press) were \
                     expected; the log is damaged or its thermo_style was changed",
                    fields.len()
                ),
            ));
        }
        let step = parse_step(path, n, fields[0])?;
        let g = |k: usize| parse_f64(path, n, HEADER[k], fields[k]);
        let row = LogThermo {
            step,
            temp: g(1)?,
            pe: g(2)?,
            ke: g(3)?,
            etotal: g(4)?,
            press: g(5)?,
        };
        // A run's first line repeats the previous run's last step, after whatever the script
        // changed between the runs (a zeroed momentum, a displacement): the later line wins.
        while out.last().is_some_and(|last| last.step >= row.step) {
            out.pop();
        }
        out.push(row);
        Ok(())
    })?;
    Ok(out)
}

/// Reads the manifest of an export folder.
fn read_manifest(dir: &Path) -> Result<Manifest, LammpsError> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        LammpsError::io(
            &path,
            format!("{e}; import reads a folder written by `multiscope export SCENE --lammps DIR`"),
        )
    })?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| {
        LammpsError::format(
            &path,
            e.line(),
            format!("not a multiscope export manifest ({e}); export the scene again"),
        )
    })?;
    if m.format != MANIFEST_FORMAT {
        return Err(LammpsError::format(
            &path,
            1,
            format!(
                "format `{}` is not `{MANIFEST_FORMAT}`; export the scene again with this multiscope",
                m.format.chars().take(60).collect::<String>()
            ),
        ));
    }
    if m.every == 0 || m.blocks < 2 {
        return Err(LammpsError::format(
            &path,
            1,
            "`every` must be at least 1 and `blocks` at least 2",
        ));
    }
    Ok(m)
}

/// Imports the LAMMPS run in export folder `dir`. The scene is the export's `scene.ron` unless
/// `scene` names another file (it must describe the same system). The log (`log.lammps`) is
/// optional: without it there is no thermo summary.
pub fn import(dir: &Path, scene: Option<&Path>) -> Result<Imported, LammpsError> {
    let manifest = read_manifest(dir)?;
    let scene_path: PathBuf = scene.map_or_else(|| dir.join(SCENE_FILE), Path::to_path_buf);
    let scene = Scene::load(&scene_path)?;
    let name = scene_path.display().to_string();
    let sim = scene.build(&name)?;
    if sim.system.atoms() != manifest.atoms || sim.system.n_star != manifest.n_star {
        return Err(LammpsError::Unusable(format!(
            "{name} builds {} atoms ({} in the nanoparticle) but the export in {} holds {} ({}); \
             give the scene that was exported (or none: the export's own scene.ron is used)",
            sim.system.atoms(),
            sim.system.n_star,
            dir.display(),
            manifest.atoms,
            manifest.n_star
        )));
    }
    if sim.system.n_star == 0 {
        return Err(LammpsError::Unusable(format!(
            "{name} has no nanoparticle: there is no nanoparticle series to import"
        )));
    }
    let series = dir.join(SERIES_FILE);
    // First pass: how many samples each segment holds (a running job may hold fewer than
    // planned), and a check that windows exist.
    let mut counts = [0u64; 3];
    let windows = manifest.windows.len();
    let setup_record = |row: &SeriesRow| manifest.start_of(row.segment) == Some(row.step);
    read_series(&series, |n, row| {
        if setup_record(&row) {
            return Ok(());
        }
        match row.segment {
            Segment::Free => counts[0] += 1,
            Segment::Constrained => counts[1] += 1,
            Segment::Window(k) if k < windows => counts[2] += 1,
            Segment::Window(k) => {
                return Err(LammpsError::format(
                    &series,
                    n,
                    format!("window w{k}, but the export has {windows} windows"),
                ));
            }
        }
        Ok(())
    })?;
    let needed = 2 * manifest.blocks;
    if counts[0] < needed {
        return Err(LammpsError::Unusable(format!(
            "{}: {} free-segment samples, fewer than the {needed} that {} error blocks need; \
             let the LAMMPS run go on (or finish) and import again",
            series.display(),
            counts[0],
            manifest.blocks
        )));
    }
    let dt = scene.integration.time_step;
    let every = manifest.every;
    let run_time = (counts[0] * every) as f64 * dt;
    let setup = MeasurementSetup {
        constrained_block_len: counts[1] / manifest.blocks,
        windows: manifest.windows.clone(),
        window_steps: manifest.window_steps,
        segment_steps: [counts[0] * every, counts[1] * every],
        vacf_cutoff: 20.0_f64.min(0.25 * run_time),
        msd_window: [5.0_f64.min(0.05 * run_time), 0.2 * run_time],
        dynamics: format!(
            "{} — run in LAMMPS as {}",
            describe_dynamics(scene.production_thermostat().as_ref()),
            manifest.thermostat
        ),
        ..MeasurementSetup::for_simulation(
            &scene,
            &sim,
            every as f64 * dt,
            counts[0] / manifest.blocks,
            true,
        )
    };
    let mass = setup.mass;
    let epsilon = setup.epsilon;
    let dof = manifest
        .degrees_of_freedom
        .unwrap_or_else(|| sim.degrees_of_freedom());
    drop(sim);
    let mut m = Measurement::new(setup);
    for note in &manifest.notes {
        m.note(format!("LAMMPS export: {note}"));
    }
    read_series(&series, |_, row| {
        if setup_record(&row) {
            return Ok(());
        }
        let se = epsilon.sqrt();
        let op = OrderParameters {
            mass,
            epsilon,
            r: row.r,
            p: row.p,
            f: row.f,
            phi: row.r.map(|x| se * x),
            pi_: row.p.map(|x| se * x),
            f_scaled: row.f.map(|x| x / se),
        };
        let pt = row.pressure_tensor;
        let thermo = Thermo {
            time: row.step as f64 * dt,
            kinetic: 0.5 * dof * row.temperature,
            potential: 0.0,
            temperature: row.temperature,
            pressure: (pt[0] + pt[1] + pt[2]) / 3.0,
            pressure_tensor: pt,
        };
        m.push_sample(row.segment, &op, Some(&thermo), None);
        Ok(())
    })?;
    let planned_held = manifest.constrained_steps / every;
    if counts[1] < planned_held {
        m.note(format!(
            "LAMMPS import: the held segment holds {} of {planned_held} planned samples (the run \
             was still going or stopped early)",
            counts[1]
        ));
    }
    if counts[0] < manifest.steps / every {
        m.note(format!(
            "LAMMPS import: the free segment holds {} of {} planned samples",
            counts[0],
            manifest.steps / every
        ));
    }
    let (report, curves) = m.report();
    let log = dir.join(LOG_FILE);
    let thermo = if log.exists() {
        let lines = read_log(&log)?;
        let first = manifest.equilibration_steps;
        let last = first + manifest.steps;
        summarise(
            lines.iter().filter(|t| t.step > first && t.step <= last),
            manifest.atoms,
            manifest.body_pair_energy,
        )
    } else {
        None
    };
    Ok(Imported {
        manifest,
        scene,
        report,
        curves,
        thermo,
        samples: counts,
    })
}

/// Block averages of thermo lines (totals) for `atoms` atoms; `None` without lines. `u_body`
/// [ε_LJ] is the rigid body's own pair energy, which LAMMPS leaves out of `pe` and `etotal`.
fn summarise<'a>(
    lines: impl Iterator<Item = &'a LogThermo>,
    atoms: usize,
    u_body: f64,
) -> Option<ThermoSummary> {
    let n = atoms as f64;
    let mut b = [
        BlockAverage::new(),
        BlockAverage::new(),
        BlockAverage::new(),
        BlockAverage::new(),
    ];
    let mut count = 0;
    for t in lines {
        b[0].push(t.temp);
        b[1].push((t.pe + u_body) / n);
        b[2].push((t.etotal + u_body) / n);
        b[3].push(t.press);
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let e = |b: &BlockAverage| {
        b.result()
            .map_or(Estimate::new(b.mean(), f64::NAN), |r| r.estimate)
    };
    Some(ThermoSummary {
        lines: count,
        temperature: e(&b[0]),
        potential_energy_per_atom: e(&b[1]),
        total_energy_per_atom: e(&b[2]),
        pressure: e(&b[3]),
    })
}
