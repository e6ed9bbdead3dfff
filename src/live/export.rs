//! "Save plots (CSV)": every series the panels plot, written as CSV files into one folder, in
//! reduced LJ units (argon units are for display only), with each column's unit in its header.
//! Numbers are written with Rust's shortest round-trip formatting ([`crate::format::number`]), so reading them back
//! gives the very values that were plotted. No Bevy here.
//!
//! Files (those without data are not written):
//! - `momentum.csv`, `force.csv`: lag [τ], C(t) and its standard error, C(t)/C(0), the running
//!   Green–Kubo integral and its standard error (isotropic: trace/3).
//! - `coefficients.csv`: name, value, standard error, unit (the coefficients table, the plateaus,
//!   the sample counts and, with a density, the coarse-grained time and friction).
//! - `thermo.csv`: t [τ], T, P, K/N, U/N, E/N.
//! - `phase_path.csv`: the MD nanoparticle's recent (Φ_x, Π_x).
//! - `density_phi.csv`, `density_pi.csv`, `density.csv`: the Fokker–Planck marginals (and the
//!   Smoluchowski density, in Φ) and the whole W̃(Φ, Π).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::coarse_worker::CoarseDensity;
use super::{AnalysisSnapshot, GreenKuboView};
use crate::analysis::Estimate;
use crate::format::number as num;

/// What the density pane plots.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhasePlaneSeries<'a> {
    /// Recent (Φ_x [σ], Π_x [m̂σ/τ]) of the MD nanoparticle, oldest first.
    pub path: &'a [[f64; 2]],
    /// The running coarse-grained densities, if one was started.
    pub density: Option<&'a CoarseDensity>,
}

/// Writes the plotted series into `dir` (created if needed). Returns the files written, or an
/// error naming the file that could not be written and why.
pub fn write_plotted_series(
    dir: &Path,
    analysis: Option<&AnalysisSnapshot>,
    phase: PhasePlaneSeries<'_>,
) -> Result<Vec<PathBuf>, String> {
    if dir.as_os_str().is_empty() {
        return Err("no folder given: type one beside \"Save plots (CSV)\"".into());
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    let mut files: Vec<(&str, String)> = Vec::new();
    if let Some(a) = analysis {
        if let Some(g) = &a.momentum {
            files.push(("momentum.csv", correlation_csv(g, "m̂²σ²/τ²", "m̂²σ²/τ")));
        }
        if let Some(g) = &a.force {
            files.push(("force.csv", correlation_csv(g, "ε_LJ²/σ²", "ε_LJ²τ/σ²")));
        }
        files.push(("coefficients.csv", coefficients_csv(a, phase.density)));
        if !a.traces.is_empty() {
            files.push(("thermo.csv", thermo_csv(a)));
        }
    }
    if !phase.path.is_empty() {
        let mut s = String::from("Phi_x [σ],Pi_x [m̂σ/τ]\n");
        for p in phase.path {
            let _ = writeln!(s, "{},{}", num(p[0]), num(p[1]));
        }
        files.push(("phase_path.csv", s));
    }
    if let Some(c) = phase.density {
        files.extend(density_csvs(c));
    }
    if files.is_empty() {
        return Err("nothing has been measured yet: there is nothing to save".into());
    }
    let mut written = Vec::with_capacity(files.len());
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn correlation_csv(g: &GreenKuboView, unit_c: &str, unit_i: &str) -> String {
    let r = &g.running;
    let c0 = r.isotropic_correlation.first().map_or(f64::NAN, |e| e.mean);
    let mut s = format!(
        "lag [τ],C [{unit_c}],C sem [{unit_c}],C/C(0),integral [{unit_i}],integral sem [{unit_i}]\n"
    );
    for ((t, c), i) in r
        .times
        .iter()
        .zip(&r.isotropic_correlation)
        .zip(&r.isotropic_integral)
    {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            num(*t),
            num(c.mean),
            num(c.sem),
            num(c.mean / c0),
            num(i.mean),
            num(i.sem)
        );
    }
    s
}

fn coefficients_csv(a: &AnalysisSnapshot, density: Option<&CoarseDensity>) -> String {
    let mut s = String::from("name,value,sem,unit\n");
    let mut row = |name: &str, e: Option<Estimate>, unit: &str| {
        if let Some(e) = e {
            let _ = writeln!(s, "{name},{},{},{unit}", num(e.mean), num(e.sem));
        }
    };
    row("nanoparticle mass m", Some(Estimate::exact(a.mass())), "m̂");
    row("temperature measured", a.temperature, "ε_LJ/k_B");
    row("D_gamma = tr gamma/(3 m^2)", a.d_gamma(), "σ²/τ");
    row("zeta = beta tr theta/3", a.zeta(), "m̂/τ");
    row("D_theta = k_BT/zeta", a.d_theta(), "σ²/τ");
    row(
        "host viscosity eta (Green-Kubo)",
        a.viscosity(),
        "ε_LJ·τ/σ³",
    );
    if let Some(se) = a.report.stokes_einstein {
        row(
            "hydrodynamic radius a",
            Some(Estimate::exact(se.radius)),
            "σ",
        );
        row("D Stokes-Einstein slip", Some(se.slip), "σ²/τ");
        row("D Stokes-Einstein stick", Some(se.stick), "σ²/τ");
    }
    row(
        "D_gamma + Yeh-Hummer (infinite box)",
        a.d_gamma_infinite(),
        "σ²/τ",
    );
    for (name, g) in [("momentum", &a.momentum), ("force", &a.force)] {
        let Some(g) = g else { continue };
        row(
            &format!("{name} samples"),
            Some(Estimate::exact(g.samples as f64)),
            "1",
        );
        row(
            &format!("{name} blocks"),
            Some(Estimate::exact(g.blocks as f64)),
            "1",
        );
        if let Some(p) = &g.plateau {
            row(
                &format!("{name} plateau cut-off"),
                Some(Estimate::exact(p.cutoff_time)),
                "τ",
            );
            row(
                &format!("{name} plateau value"),
                Some(p.value.isotropic),
                if name == "momentum" {
                    "m̂²σ²/τ"
                } else {
                    "ε_LJ²τ/σ²"
                },
            );
        }
    }
    if let Some(c) = density {
        row(
            "coarse-grained time t_CG",
            Some(Estimate::exact(c.time())),
            "τ",
        );
        row(
            "density friction zeta",
            Some(Estimate::exact(c.friction.zeta)),
            "m̂/τ",
        );
        row(
            "density diffusion D",
            Some(Estimate::exact(c.friction.diffusion)),
            "σ²/τ",
        );
        row(
            "int |W_FP(Phi) - W_Smoluchowski(Phi)| dPhi",
            Some(Estimate::exact(c.marginal_gap())),
            "1",
        );
    }
    s
}

fn thermo_csv(a: &AnalysisSnapshot) -> String {
    let n = a.atoms.max(1) as f64;
    let mut s = String::from("t [τ],T [ε_LJ/k_B],P [ε_LJ/σ³],K/N [ε_LJ],U/N [ε_LJ],E/N [ε_LJ]\n");
    for t in &a.traces {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            num(t.time),
            num(t.temperature),
            num(t.pressure),
            num(t.kinetic / n),
            num(t.potential / n),
            num(t.total() / n)
        );
    }
    s
}

fn density_csvs(c: &CoarseDensity) -> Vec<(&'static str, String)> {
    let k = c.solver();
    let (x, y) = (k.x_grid(), k.y_grid());
    let mut phi = String::from("Phi_x [σ],W_FokkerPlanck(Phi) [1/σ],W_Smoluchowski(Phi) [1/σ]\n");
    for ((i, fp), sm) in k
        .marginal_x()
        .iter()
        .enumerate()
        .zip(c.smoluchowski_in_phi())
    {
        let _ = writeln!(phi, "{},{},{}", num(x.centre(i)), num(*fp), num(sm));
    }
    let mut pi = String::from("Pi_x [m̂σ/τ],W_FokkerPlanck(Pi) [τ/(m̂σ)]\n");
    for (j, w) in k.marginal_y().iter().enumerate() {
        let _ = writeln!(pi, "{},{}", num(y.centre(j)), num(*w));
    }
    let mut all = String::from("Phi_x [σ],Pi_x [m̂σ/τ],W [τ/(m̂σ²)]\n");
    for (j, row) in k.density().chunks_exact(x.len()).enumerate() {
        for (i, w) in row.iter().enumerate() {
            let _ = writeln!(all, "{},{},{}", num(x.centre(i)), num(y.centre(j)), num(*w));
        }
    }
    vec![
        ("density_phi.csv", phi),
        ("density_pi.csv", pi),
        ("density.csv", all),
    ]
}
