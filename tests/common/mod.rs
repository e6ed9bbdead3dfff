//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod live;

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

/// The small test scene every physics test builds on: a 13-atom sphere (radius 1.6σ, shifted LJ
/// to the host with ε = 1.2, σ = 1.05, WCA inside) in an LJ host at ρ = 0.8, T = 1, Δt = 0.004 τ.
/// Each field is a parameter; [`SmallScene::default`] is the fastest variant.
#[derive(Clone, Debug)]
pub struct SmallScene {
    /// One-line description.
    pub description: &'static str,
    /// Seed of every random stream.
    pub seed: u64,
    /// Host atoms.
    pub host: usize,
    /// Mass ratio ε = m̂/m (m = 1/ε m̂ for the 13 atoms together).
    pub epsilon: f64,
    /// Thermostatted equilibration steps.
    pub equilibration_steps: u64,
    /// The thermostat kind in RON (`None`, `Bussi(tau: 1.0)`, `Langevin(friction: 0.5)`).
    pub thermostat: String,
    /// When it acts (`Always` or `Equilibration`).
    pub during: &'static str,
    /// The external field in RON.
    pub field: String,
    /// Whether the centre of mass is held.
    pub constrained: bool,
    /// Arithmetic of the pair forces in RON (`Double` or `Mixed`).
    pub precision: &'static str,
}

impl Default for SmallScene {
    fn default() -> Self {
        Self {
            description: "test",
            seed: 5,
            host: 300,
            epsilon: 0.05,
            equilibration_steps: 0,
            thermostat: "None".into(),
            during: "Always",
            field: "None".into(),
            constrained: false,
            precision: "Double",
        }
    }
}

impl SmallScene {
    /// The scene as RON text.
    pub fn text(&self) -> String {
        let Self {
            description,
            seed,
            host,
            epsilon,
            equilibration_steps,
            thermostat,
            during,
            field,
            constrained,
            precision,
        } = self;
        format!(
            r#"(
    version: 1,
    description: "{description}",
    seed: {seed},
    host_atoms: {host},
    box: Density(0.8),
    temperature: 1.0,
    nanoparticle: Some((
        shape: Sphere(radius: 1.6, lattice_density: 1.0),
        epsilon: {epsilon:?},
        bond_cutoff: 1.7,
        bond_stiffness: 50.0,
        constrained: {constrained},
    )),
    interactions: (
        host_host: LennardJones((epsilon: 1.0, sigma: 1.0, cutoff: 2.5, shift: true)),
        host_nanoparticle: LennardJones((epsilon: 1.2, sigma: 1.05, cutoff: 2.5, shift: true)),
        nanoparticle_nanoparticle: Wca((epsilon: 1.0, sigma: 0.8)),
    ),
    integration: (time_step: 0.004, skin: 0.3, equilibration_steps: {equilibration_steps}, precision: {precision}),
    thermostat: (kind: {thermostat}, during: {during}),
    field: {field},
)"#
        )
    }

    /// The parsed scene.
    pub fn scene(&self) -> Scene {
        scene(&self.text())
    }
}

/// [`SmallScene`] with `host` atoms, the given field, thermostat (acting always) and constraint,
/// no equilibration: fast enough for tests that run in seconds.
pub fn small_nanoparticle(host: usize, field: &str, thermostat: &str, constrained: bool) -> String {
    SmallScene {
        host,
        field: field.into(),
        thermostat: thermostat.into(),
        constrained,
        ..SmallScene::default()
    }
    .text()
}

/// Total momentum Σ m v.
pub fn momentum(sim: &Simulation) -> [f64; 3] {
    sim.total_momentum()
}
