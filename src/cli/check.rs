//! `multiscope check SCENE`: validate and summarise.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, load_scene};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scene file (RON), or `default` for the built-in scene.
    pub scene: PathBuf,
}

/// Validates the scene, builds the system (which checks that it fits) and prints a summary.
pub fn run(args: &CheckArgs) -> Result<(), CliError> {
    let (scene, name) = load_scene(&args.scene)?;
    let sim = scene.build(&name)?;
    let s = &sim.system;
    let l = s.periodic_box.length();
    println!("{name}: ok");
    println!("  {}", scene.description);
    println!(
        "  atoms        {} ({} host, {} nanoparticle)",
        s.atoms(),
        s.atoms() - s.n_star,
        s.n_star
    );
    println!(
        "  box          {l:.4} σ (V = {:.2} σ³)",
        s.periodic_box.volume()
    );
    println!(
        "  density      {:.4} σ⁻³",
        s.atoms() as f64 / s.periodic_box.volume()
    );
    println!(
        "  temperature  {} ε/k_B (β = {:.4})",
        scene.temperature,
        1.0 / scene.temperature
    );
    if let Some(eps) = s.epsilon() {
        println!("  ε = m̂/m      {eps:.5}");
        println!("  m            {:.3} m̂", s.nanoparticle_mass());
        println!("  bonds        {}", s.bonds.len());
        println!("  constrained  {}", s.constrained);
    }
    println!(
        "  time step    {} τ, skin {} σ",
        scene.integration.time_step, scene.integration.skin
    );
    Ok(())
}
