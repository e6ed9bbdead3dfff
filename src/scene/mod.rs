//! Scene files: the RON schema, its validation and errors, and building a simulation from it.

mod error;
mod particle;
mod resources;
mod schema;
mod validate;

use std::path::Path;

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

use crate::file_problem::FileProblem;
use crate::md::{
    AnyThermostat, Bussi, HOST, Langevin, PeriodicBox, RebuildPolicy, RunSettings, Simulation,
    State, System, elastic_network, fill_host, host_lattice, maxwell_boltzmann,
};

pub use error::{RonFileError, RonSyntax, RonValue, SceneError};
pub use particle::{CLEARANCE, CUTOFF_SIGMAS, ParticleAtoms, Species, lorentz_berthelot};
pub use resources::{
    Available, Footprint, HOST_CORRELATOR_BYTES, Workload, available_memory, bytes_text, kib_field,
    pairs_per_atom, seconds_text,
};
pub use schema::{
    Body, BoxSize, ElementLj, HostUnits, Integration, Interactions, NanoparticleFields,
    NanoparticleSpec, Scene, ThermostatKind, ThermostatPhase, ThermostatSpec,
};
pub use validate::{FieldProblem, MAX_ATOMS, box_length, validate};

/// The default scene, compiled into the binary (`scenes/nanoparticle.ron`).
pub const DEFAULT_SCENE: &str = include_str!("../../scenes/nanoparticle.ron");
/// Name under which the built-in default scene reports errors.
pub const DEFAULT_SCENE_NAME: &str = "<built-in>/nanoparticle.ron";

/// Closest two host atoms are placed at build time [σ].
const HOST_MIN_SPACING: f64 = 0.8;

/// Independent random streams derived from the scene's seed.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    /// Which lattice sites the host leaves empty.
    Placement = 0,
    /// Initial velocities.
    Velocities = 1,
    /// Thermostat noise during the run.
    Dynamics = 2,
}

/// The random stream `stream` of seed `seed`: the seeded generator jumped ahead 2¹²⁸ steps once
/// per stream index, so streams never overlap.
pub fn stream(seed: u64, stream: Stream) -> Xoshiro256PlusPlus {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for _ in 0..stream as usize {
        rng.jump();
    }
    rng
}

impl Scene {
    /// Hydrodynamic radius a of the nanoparticle for Stokes–Einstein [σ]: its outer radius plus
    /// half a host diameter (0 without a nanoparticle).
    pub fn hydrodynamic_radius(&self) -> f64 {
        match &self.nanoparticle {
            Some(np) => match &np.shape {
                Some(shape) => shape.outer_radius() + 0.5,
                None => self.particle().map_or(0.0, |p| p.bounding_radius()) + 0.5,
            },
            None => 0.0,
        }
    }

    /// Parses and validates scene text; `file` names the source in error messages. A structure
    /// file it names is read relative to the working directory.
    pub fn parse(text: &str, file: &str) -> Result<Scene, SceneError> {
        Self::parse_in(text, file, None)
    }

    /// Parses and validates scene text read from `file`, whose structure file (if any) is read
    /// relative to `folder` (the working directory for `None`).
    pub fn parse_in(text: &str, file: &str, folder: Option<&Path>) -> Result<Scene, SceneError> {
        let mut scene: Scene = ron::from_str(text)
            .map_err(|e| RonFileError::Parse(RonSyntax::new(file, &e, explain)))?;
        let invalid = |p: FieldProblem| {
            let (line, column) = locate(text, &p.field);
            RonFileError::Invalid(RonValue {
                file: file.into(),
                line,
                column,
                field: p.field,
                message: p.message,
            })
        };
        scene.read_structure(folder).map_err(|e| {
            let from = match folder {
                Some(dir) if !dir.as_os_str().is_empty() => {
                    format!("the scene file's folder `{}`", dir.display())
                }
                _ => "the working directory".to_string(),
            };
            invalid(FieldProblem {
                field: "nanoparticle.structure".into(),
                message: format!("cannot be used (a relative path is read from {from}): {e}"),
            })
        })?;
        validate(&scene).map_err(invalid)?;
        Ok(scene)
    }

    /// Reads, parses and validates a scene file; a structure file it names is read relative to
    /// the scene file's folder.
    pub fn load(path: &Path) -> Result<Scene, SceneError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            RonFileError::Io(FileProblem::io(
                path,
                format!("cannot read the scene file: {e}"),
            ))
        })?;
        Self::parse_in(&text, &file, Some(path.parent().unwrap_or(Path::new(""))))
    }

    /// The built-in default scene.
    pub fn default_scene() -> Scene {
        Self::parse(DEFAULT_SCENE, DEFAULT_SCENE_NAME).expect("the built-in scene is valid")
    }

    /// Writes the scene as RON text.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().struct_names(false);
        ron::ser::to_string_pretty(self, config).expect("a scene always serialises")
    }

    /// Number of nanoparticle atoms N*.
    pub fn n_star(&self) -> usize {
        self.nanoparticle
            .as_ref()
            .map_or(0, |np| match (&np.shape, &np.resolved) {
                (Some(shape), _) => shape.coordinates().len(),
                (None, Some(s)) => s.len(),
                (None, None) => 0,
            })
    }

    /// Box edge L [σ].
    pub fn box_length(&self) -> f64 {
        box_length(self, self.n_star())
    }

    /// The thermostat for equilibration (the scene's, if any).
    pub fn thermostat(&self) -> Option<AnyThermostat> {
        let temperature = self.temperature;
        match self.thermostat.kind {
            ThermostatKind::None => None,
            ThermostatKind::Bussi { tau } => Some(AnyThermostat::Bussi(Bussi { temperature, tau })),
            ThermostatKind::Langevin { friction } => Some(AnyThermostat::Langevin(Langevin {
                temperature,
                friction,
            })),
        }
    }

    /// The thermostat for production: the scene's when it acts `Always`, else none (NVE).
    pub fn production_thermostat(&self) -> Option<AnyThermostat> {
        match self.thermostat.during {
            ThermostatPhase::Always => self.thermostat(),
            ThermostatPhase::Equilibration => None,
        }
    }

    /// What building and running this scene will cost on `threads` threads (nothing is built).
    pub fn footprint(&self, workload: Workload, threads: usize) -> Footprint {
        Footprint::of(self, workload, threads)
    }

    /// Refuses the scene, before anything is allocated, when `workload` on the current rayon
    /// pool's threads would need more memory than this machine has available.
    pub fn check_memory(&self, file: &str, workload: Workload) -> Result<Footprint, SceneError> {
        let f = self.footprint(workload, rayon::current_num_threads());
        f.check(file, available_memory())?;
        Ok(f)
    }

    /// Checks, without building anything, that the host atoms fit on a lattice around the
    /// nanoparticle (the test [`Scene::build`] makes when it places them).
    pub fn check_host_fits(&self, file: &str) -> Result<(), SceneError> {
        let l = self.box_length();
        let (obstacles, clearances) = self.obstacles(l);
        host_lattice(
            &PeriodicBox::new(l),
            self.host_atoms,
            &obstacles,
            &clearances,
            HOST_MIN_SPACING,
        )
        .map(|_| ())
        .map_err(|e| SceneError::Build {
            file: file.into(),
            message: e.to_string(),
        })
    }

    /// What the host is kept away from in a box of edge `l` [σ]: the nanoparticle's atoms
    /// (centred in the box) with each one's clearance [σ], and, for a structure whose atoms
    /// enclose an empty core, the centre with the core's radius.
    fn obstacles(&self, l: f64) -> (Vec<[f64; 3]>, Vec<f64>) {
        let Some(p) = self.particle() else {
            return (Vec::new(), Vec::new());
        };
        let mut obstacles: Vec<[f64; 3]> = p
            .positions
            .iter()
            .map(|p| [p[0] + 0.5 * l, p[1] + 0.5 * l, p[2] + 0.5 * l])
            .collect();
        let mut clearances = p.clearances;
        if p.core > 0.0 {
            obstacles.push([0.5 * l; 3]);
            clearances.push(p.core);
        }
        (obstacles, clearances)
    }

    /// Builds the system and its initial state, with the equilibration thermostat attached.
    /// `file` names the scene in error messages. Refuses, before allocating, a scene that would
    /// not fit in the available memory ([`Scene::check_memory`]).
    pub fn build(&self, file: &str) -> Result<Simulation, SceneError> {
        self.check_memory(file, Workload::Simulation)?;
        let build_err = |message: String| SceneError::Build {
            file: file.into(),
            message,
        };
        let l = self.box_length();
        let b = PeriodicBox::new(l);
        let center = [0.5 * l; 3];
        let particle = self.particle();
        let n_star = particle.as_ref().map_or(0, |p| p.positions.len());
        let np_positions: Vec<[f64; 3]> = particle.as_ref().map_or(Vec::new(), |p| {
            p.positions
                .iter()
                .map(|p| [p[0] + center[0], p[1] + center[1], p[2] + center[2]])
                .collect()
        });
        let (obstacles, clearances) = self.obstacles(l);
        let mut placement = stream(self.seed, Stream::Placement);
        let host = fill_host(
            &b,
            self.host_atoms,
            &obstacles,
            &clearances,
            HOST_MIN_SPACING,
            &mut placement,
        )
        .map_err(|e| build_err(e.to_string()))?;
        let n = n_star + host.len();
        let mut masses = vec![1.0; n];
        let mut types = vec![HOST; n];
        if let Some(p) = &particle {
            masses[..n_star].copy_from_slice(&p.masses);
            types[..n_star].copy_from_slice(&p.types);
        }
        let bonds = match (&self.nanoparticle, &particle) {
            (Some(np), Some(p)) if np.shape.is_some() || np.body == Body::Elastic => {
                let ids: Vec<u32> = (0..n_star as u32).collect();
                elastic_network(&ids, &p.positions, np.bond_cutoff, np.bond_stiffness)
            }
            _ => Vec::new(),
        };
        let ia = &self.interactions;
        let interactions = particle.map_or_else(
            || {
                vec![
                    vec![ia.host_host, ia.host_nanoparticle],
                    vec![ia.host_nanoparticle, ia.nanoparticle_nanoparticle],
                ]
            },
            |p| p.interactions,
        );
        let system = System {
            periodic_box: b,
            masses,
            types,
            n_star,
            interactions,
            bonds,
            field: self.field,
            constrained: self.nanoparticle.as_ref().is_some_and(|np| np.constrained),
        };
        let mut positions = np_positions;
        positions.extend_from_slice(&host);
        let velocities = maxwell_boltzmann(
            &system.masses,
            self.temperature,
            &mut stream(self.seed, Stream::Velocities),
        );
        let state = State {
            images: vec![[0; 3]; n],
            forces: vec![[0.0; 3]; n],
            positions,
            velocities,
            step: 0,
            time: 0.0,
        };
        let settings = RunSettings {
            dt: self.integration.time_step,
            skin: self.integration.skin,
            policy: RebuildPolicy::Automatic,
            precision: self.integration.precision,
        };
        let mut sim = Simulation::new(
            system,
            state,
            settings,
            self.thermostat(),
            stream(self.seed, Stream::Dynamics),
        )
        .map_err(|e| build_err(e.to_string()))?;
        if self
            .nanoparticle
            .as_ref()
            .is_some_and(|np| np.body == Body::Rigid)
        {
            sim.set_rigid(true).map_err(|e| build_err(e.to_string()))?;
        }
        Ok(sim)
    }
}

impl Scene {
    /// Runs the scene's thermostatted equilibration steps on `sim` (built by [`Scene::build`]),
    /// calling `progress(steps_done)` now and then, and switches to the production thermostat.
    pub fn equilibrate(
        &self,
        sim: &mut Simulation,
        mut progress: impl FnMut(u64),
    ) -> Result<(), crate::md::MdError> {
        let n = self.integration.equilibration_steps;
        for k in 0..n {
            sim.step(false)?;
            if k % 100 == 99 {
                progress(k + 1);
            }
        }
        progress(n);
        sim.thermostat = self.production_thermostat();
        Ok(())
    }
}

/// Adds a hint to RON's terse messages.
fn explain(message: &str) -> String {
    if message.contains("Unexpected field") || message.contains("unknown field") {
        format!("{message}; check the spelling against the scene format in docs/scenes.md")
    } else if message.contains("missing field") || message.contains("Unexpected missing field") {
        format!("{message}; every scene needs this field (see docs/scenes.md)")
    } else {
        message.to_string()
    }
}

/// Line and column (1-based) of the field at dotted `path` in RON `text`: each path segment is
/// searched for as `name:` after the previous one. Falls back to the last segment found, or 1:1.
pub fn locate(text: &str, path: &str) -> (usize, usize) {
    let mut from = 0;
    let mut found = None;
    for segment in path.split('.') {
        let needle_a = format!("{segment}:");
        let needle_b = format!("{segment} :");
        let hit = [needle_a, needle_b]
            .iter()
            .filter_map(|n| {
                text[from..].match_indices(n.as_str()).find_map(|(k, _)| {
                    let at = from + k;
                    let before = text[..at].chars().next_back();
                    (!before.is_some_and(|c| c.is_alphanumeric() || c == '_')).then_some(at)
                })
            })
            .min();
        if let Some(at) = hit {
            from = at;
            found = Some(at);
        }
    }
    let at = found.unwrap_or(0);
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |k| k + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scene_parses_and_round_trips() {
        let s = Scene::default_scene();
        let again = Scene::parse(&s.to_ron(), "round-trip").unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn a_structure_scene_round_trips_and_a_shape_scene_writes_no_new_fields() {
        let s = Scene::load(Path::new("scenes/c60.ron")).unwrap();
        let text = s.to_ron();
        assert!(
            text.contains("body: Rigid") && !text.contains("Some(\""),
            "{text}"
        );
        assert_eq!(Scene::parse(&text, "round-trip").unwrap(), s);
        let shape = Scene::default_scene().to_ron();
        for absent in ["structure", " host: (", "elements"] {
            assert!(!shape.contains(absent), "{absent} in {shape}");
        }
    }

    #[test]
    fn locate_finds_nested_fields() {
        let text = "(\n  a: 1,\n  integration: (\n    time_step: 0.1,\n  ),\n)";
        assert_eq!(locate(text, "integration.time_step"), (4, 5));
    }
}
