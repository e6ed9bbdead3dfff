//! `multiscope check SCENE`: validate and summarise, without building the system.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, load_scene_with};
use crate::format::number;
use crate::format::significant;
use crate::md::PairInteraction;
use crate::scene::{
    NanoparticleSpec, ParticleAtoms, Scene, SceneError, Workload, bytes_text, seconds_text,
};
use crate::structure::Structure;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// A nanoparticle from a structure file.
    #[command(flatten)]
    pub particle: super::args::ParticleArgs,
    /// Threads the estimates assume (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Validates the scene, checks that its host fits around the nanoparticle and that it fits in
/// memory (both without allocating the system) and prints a summary with the estimated cost.
pub fn run(args: &CheckArgs) -> Result<(), CliError> {
    let (scene, name) = load_scene_with(&args.scene, &args.particle)?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let summary = check_scene(&scene, &name, threads)?;
    print!("{summary}");
    Ok(())
}

/// What `check` does after loading, as a library function: the host-placement and memory checks
/// and the summary text. Allocates nothing in proportion to the scene's atoms.
pub fn check_scene(scene: &Scene, name: &str, threads: usize) -> Result<String, SceneError> {
    let f = scene.footprint(Workload::Simulation, threads);
    f.check(name, crate::scene::available_memory())?;
    scene.check_host_fits(name)?;
    let n_star = scene.n_star();
    let l = scene.box_length();
    let volume = l.powi(3);
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("{name}: ok"));
    line(format!("  {}", scene.description));
    line(format!(
        "  atoms        {} ({} host, {n_star} nanoparticle)",
        f.atoms, scene.host_atoms
    ));
    line(format!("  box          {l:.4} σ (V = {volume:.2} σ³)"));
    line(format!("  density      {:.4} σ⁻³", f.atoms as f64 / volume));
    line(format!(
        "  temperature  {} ε/k_B (β = {:.4})",
        number(scene.temperature),
        1.0 / scene.temperature
    ));
    if let Some(np) = &scene.nanoparticle {
        let epsilon = np.mass_ratio();
        line(format!("  ε = m̂/m      {epsilon:.5}"));
        line(format!("  m            {:.3} m̂", 1.0 / epsilon));
        line(format!("  constrained  {}", np.constrained));
        line(format!("  body         {:?}", np.body));
        if let (Some(s), Some(p)) = (&np.resolved, scene.particle()) {
            structure_lines(np, s, &p)
                .lines()
                .for_each(|l| line(l.into()));
        }
    }
    line(format!(
        "  time step    {} τ, skin {} σ",
        number(scene.integration.time_step),
        number(scene.integration.skin)
    ));
    line(format!(
        "  cost         about {} of memory, {:.0} pairs per atom; build about {}, one step about \
         {} on {threads} thread(s) of the reference processor",
        bytes_text(f.bytes),
        f.pairs_per_atom,
        seconds_text(f.build_seconds),
        seconds_text(f.step_seconds)
    ));
    let slow = f.step_seconds * 10_000.0;
    if slow > 60.0 || f.build_seconds > 10.0 {
        line(format!(
            "  note         a large scene: 10 000 steps take about {} and the equilibration \
             ({} steps) about {}",
            seconds_text(slow),
            scene.integration.equilibration_steps,
            seconds_text(f.step_seconds * scene.integration.equilibration_steps as f64)
        ));
    }
    Ok(out)
}

/// What `check` prints of a structure particle: the file's summary, the units it was converted
/// with, each element's Lennard-Jones after mixing with the host, and the rigid body's principal
/// moments in reduced units.
fn structure_lines(np: &NanoparticleSpec, s: &Structure, p: &ParticleAtoms) -> String {
    let host = np.host.host();
    let g = |x: f64| significant(x, 4);
    let mut out = String::new();
    for l in s.summary(&host).lines() {
        out.push_str(&format!("  {l}\n"));
    }

    out.push_str(&format!(
        "  units        1 σ = {} Å, 1 m̂ = {} u, 1 ε_LJ = {} kcal/mol{}\n",
        g(np.host.sigma_angstrom),
        g(np.host.mass_u),
        g(np.host.epsilon_kcal_per_mol),
        if np.host.is_argon() { " (argon)" } else { "" }
    ));
    match np.epsilon {
        Some(e) => out.push_str(&format!(
            "  masses       scaled in proportion to give ε = {} (the real ε = m̂/M is {})\n",
            g(e),
            g(s.epsilon(&host))
        )),
        None => out.push_str(&format!(
            "  masses       the standard atomic weights: the real ε = m̂/M = {}\n",
            g(s.epsilon(&host))
        )),
    }
    for sp in &p.species {
        let PairInteraction::LennardJones(lj) = sp.with_host else {
            continue;
        };
        out.push_str(&format!(
            "  type {}       {} ×{}: m = {} m̂, ε = {} ε_LJ, σ = {} σ ({}); with the host \
             (Lorentz–Berthelot) ε = {} ε_LJ, σ = {} σ, r_c = {} σ\n",
            sp.atom_type,
            sp.element.symbol,
            sp.count,
            g(sp.mass),
            g(sp.epsilon),
            g(sp.sigma),
            if sp.overridden { "the scene's" } else { "UFF" },
            g(lj.epsilon),
            g(lj.sigma),
            g(lj.cutoff)
        ));
    }
    out.push_str(&format!(
        "  cavity       no host atom within 0.9 σ_ij of a particle atom{}\n",
        if p.core > 0.0 {
            format!(
                ", nor within {} σ of its centre (its empty core)",
                g(p.core)
            )
        } else {
            String::new()
        }
    ));
    // Moments about the centre of mass with the masses the simulation uses [m̂σ²].
    let mut t = [[0.0; 3]; 3];
    for (r, &m) in p.positions.iter().zip(&p.masses) {
        let r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
        for a in 0..3 {
            for b in 0..3 {
                t[a][b] += m * (if a == b { r2 } else { 0.0 } - r[a] * r[b]);
            }
        }
    }
    let eig = nalgebra::SymmetricEigen::new(nalgebra::Matrix3::from_fn(|a, b| t[a][b]));
    let mut moments: Vec<f64> = eig.eigenvalues.iter().map(|x| x.max(0.0)).collect();
    moments.sort_by(f64::total_cmp);
    out.push_str(&format!(
        "  rigid body   principal moments {}, {}, {} m̂σ² ({})\n",
        g(moments[0]),
        g(moments[1]),
        g(moments[2]),
        match np.body {
            crate::scene::Body::Rigid => "moves as one rigid body; no forces inside it",
            crate::scene::Body::Elastic => "elastic: held by its bond network instead",
        }
    ));
    out
}
