//! Helpers shared by the integration tests.
#![allow(dead_code)]

use multiscope::md::Simulation;
use multiscope::scene::Scene;

/// Parses scene text (panics with the error on failure: test scenes are written to be valid).
pub fn scene(text: &str) -> Scene {
    Scene::parse(text, "test scene").unwrap_or_else(|e| panic!("{e}"))
}

/// Builds a simulation from scene text.
pub fn build(text: &str) -> Simulation {
    scene(text)
        .build("test scene")
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A small nanoparticle scene: `host` atoms, a sphere of radius 1.6 (13 atoms), given field,
/// thermostat and constraint, so that tests run in seconds.
pub fn small_nanoparticle(host: usize, field: &str, thermostat: &str, constrained: bool) -> String {
    format!(
        r#"(
    version: 1,
    description: "test",
    seed: 5,
    host_atoms: {host},
    box: Density(0.8),
    temperature: 1.0,
    nanoparticle: Some((
        shape: Sphere(radius: 1.6, lattice_density: 1.0),
        epsilon: 0.05,
        bond_cutoff: 1.7,
        bond_stiffness: 50.0,
        constrained: {constrained},
    )),
    interactions: (
        host_host: LennardJones((epsilon: 1.0, sigma: 1.0, cutoff: 2.5, shift: true)),
        host_nanoparticle: LennardJones((epsilon: 1.2, sigma: 1.05, cutoff: 2.5, shift: true)),
        nanoparticle_nanoparticle: Wca((epsilon: 1.0, sigma: 0.8)),
    ),
    integration: (time_step: 0.004, skin: 0.3, equilibration_steps: 0),
    thermostat: (kind: {thermostat}, during: Always),
    field: {field},
)"#
    )
}

/// Total momentum Σ m v.
pub fn momentum(sim: &Simulation) -> [f64; 3] {
    sim.total_momentum()
}
