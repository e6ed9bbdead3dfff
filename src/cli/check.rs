//! `multiscope check SCENE`: validate and summarise, without building the system.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, load_scene};
use crate::format::number;
use crate::scene::{Scene, SceneError, Workload, bytes_text, seconds_text};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
    /// Threads the estimates assume (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Validates the scene, checks that its host fits around the nanoparticle and that it fits in
/// memory (both without allocating the system) and prints a summary with the estimated cost.
pub fn run(args: &CheckArgs) -> Result<(), CliError> {
    let (scene, name) = load_scene(&args.scene)?;
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
