//! Writing a scene as a LAMMPS run: the exact initial state, the matching input script and the
//! `mpirun` line.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::manifest::{MANIFEST_FORMAT, Manifest};
use super::script::{input_script, run_script, thermostat_words};
use super::{DATA_FILE, INPUT_FILE, LammpsError, MANIFEST_FILE, SCENE_FILE};
use crate::format::number as num;
use crate::md::{Simulation, State, System};
use crate::measure::{MeasureOptions, Segments, plan, window_positions};
use crate::scene::Scene;

/// What to export besides the scene: the segments of `multiscope measure`, in MD steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// The segments and their sampling, as `measure` runs them.
    #[serde(flatten)]
    pub segments: Segments,
    /// Thermo output every this many steps.
    pub thermo_every: u64,
    /// Dump all atoms (`id type xu yu zu`) every this many steps of production (free, held and
    /// window segments, in that order).
    pub dump_every: Option<u64>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            segments: Segments::default(),
            thermo_every: 100,
            dump_every: None,
        }
    }
}

/// Exports `scene` (`name` labels errors) into folder `dir`: `data.multiscope`, `in.multiscope`,
/// `run.sh`, `scene.ron` and `export.json`. Builds the scene exactly as `multiscope run` and
/// `measure` do (same seed, same streams), so the data file holds multiscope's initial state bit
/// for bit. Returns the manifest.
pub fn export(
    scene: &Scene,
    name: &str,
    options: &ExportOptions,
    dir: &Path,
) -> Result<Manifest, LammpsError> {
    check_options(options)?;
    let sim = scene.build(name)?;
    export_simulation(scene, name, &sim, options, dir)
}

fn check_options(o: &ExportOptions) -> Result<(), LammpsError> {
    if o.segments.every == 0 || o.thermo_every == 0 || o.dump_every == Some(0) {
        return Err(LammpsError::Unusable(
            "--every, --thermo-every and --dump-every must be at least 1 step".into(),
        ));
    }
    Ok(())
}

/// Exports `sim`, a simulation built by `scene.build` and possibly changed since (its atom
/// types, their interactions and masses), with the scene's integration, thermostat, field and
/// segments, as [`export`] does. The data file holds `sim`'s current state; any number of atom
/// types is written (LAMMPS type = multiscope type + 1). Errors where atoms of one type have
/// different masses (LAMMPS's `atom_style bond` keeps one mass per type) or a file cannot be
/// written.
pub fn export_simulation(
    scene: &Scene,
    name: &str,
    sim: &Simulation,
    options: &ExportOptions,
    dir: &Path,
) -> Result<Manifest, LammpsError> {
    let o = options;
    check_options(o)?;
    let masses = type_masses(&sim.system)?;
    let np = sim.system.n_star > 0;
    let rigid = sim.rigid_body().is_some();
    let mut notes = Vec::new();
    if rigid {
        notes.push(
            "the nanoparticle is one rigid body: the held (θ) segment and the f^th windows are \
             not exported, as multiscope does not hold a rigid body yet; only the free segment \
             runs"
                .to_string(),
        );
    }
    let measure_options = MeasureOptions {
        segments: o.segments.clone(),
        ..MeasureOptions::default()
    };
    let (held, k, per) = plan(scene, &measure_options);
    let l = sim.system.periodic_box.length();
    let start = sim.order_parameters().r;
    let windows = if np && per > 0 {
        window_positions(&scene.field, start, l, scene.temperature, k)
    } else {
        Vec::new()
    };
    let eq = scene.integration.equilibration_steps;
    let held = if np && !rigid { held } else { 0 };
    let windows = if rigid { Vec::new() } else { windows };
    let per = if windows.is_empty() { 0 } else { per };
    let mut segment_starts = vec![eq];
    let mut at = eq + o.segments.steps;
    if held > 0 {
        segment_starts.push(at + o.segments.relax_steps);
        at += o.segments.relax_steps + held;
    }
    for _ in &windows {
        segment_starts.push(at + o.segments.relax_steps);
        at += o.segments.relax_steps + per;
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        scene_name: name.into(),
        atoms: sim.system.atoms(),
        n_star: sim.system.n_star,
        equilibration_steps: eq,
        steps: o.segments.steps,
        constrained_steps: held,
        relax_steps: o.segments.relax_steps,
        window_steps: per,
        windows,
        every: o.segments.every,
        blocks: o.segments.blocks,
        thermo_every: o.thermo_every,
        dump_every: o.dump_every,
        thermostat: thermostat_words(scene, rigid),
        segment_starts,
        degrees_of_freedom: Some(sim.degrees_of_freedom()),
        rigid,
        body_pair_energy: if rigid {
            body_pair_energy(&sim.system, &sim.state)
        } else {
            0.0
        },
        notes,
    };
    std::fs::create_dir_all(dir).map_err(|e| LammpsError::io(dir, e))?;
    let put = |file: &str, write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>| {
        let path = dir.join(file);
        crate::atomic_file::replace(&path, |w| write(w)).map_err(|e| LammpsError::io(&path, e))
    };
    put(DATA_FILE, &|w| write_data(w, scene, sim, &masses))?;
    let input = input_script(scene, sim, &manifest);
    put(INPUT_FILE, &|w| w.write_all(input.as_bytes()))?;
    let run = run_script(&manifest);
    put("run.sh", &|w| w.write_all(run.as_bytes()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("run.sh");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| LammpsError::io(&path, e))?;
    }
    let ron = scene.to_ron();
    put(SCENE_FILE, &|w| w.write_all(ron.as_bytes()))?;
    let json = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
    put(MANIFEST_FILE, &|w| w.write_all(json.as_bytes()))?;
    Ok(manifest)
}

/// The mass of each atom type [m̂] (1 for a type no atom has), or an error naming a type whose
/// atoms differ in mass: LAMMPS's `atom_style bond` keeps one mass per type.
fn type_masses(s: &System) -> Result<Vec<f64>, LammpsError> {
    let mut masses: Vec<Option<(usize, f64)>> = vec![None; s.interactions.len()];
    for (i, (&t, &m)) in s.types.iter().zip(&s.masses).enumerate() {
        let Some(slot) = masses.get_mut(t as usize) else {
            return Err(LammpsError::Unusable(format!(
                "atom {i} has type {t}, but the system's interaction table has only {} types",
                s.interactions.len()
            )));
        };
        match *slot {
            None => *slot = Some((i, m)),
            Some((j, mj)) if mj.to_bits() != m.to_bits() => {
                return Err(LammpsError::Unusable(format!(
                    "atoms {j} and {i} are both of type {t} but weigh {} and {} m̂: a LAMMPS \
                     export keeps one mass per atom type (atom_style bond); give atoms of \
                     different masses their own type (same interactions)",
                    num(mj),
                    num(m)
                )));
            }
            Some(_) => {}
        }
    }
    Ok(masses.iter().map(|m| m.map_or(1.0, |(_, m)| m)).collect())
}

/// Pair energy between the nanoparticle's own atoms (minimum image) U_body [ε_LJ]: constant
/// while it moves as a rigid body.
fn body_pair_energy(s: &System, st: &State) -> f64 {
    let table = s.pair_table();
    let b = &s.periodic_box;
    let mut u = 0.0;
    for i in 0..s.n_star {
        for j in i + 1..s.n_star {
            let c = table.get(s.types[i] as usize, s.types[j] as usize);
            let d = b.minimum_image(st.positions[i], st.positions[j]);
            let r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if r2 < c.rc2 {
                u += c.energy_force(r2).0;
            }
        }
    }
    u
}

/// The data file: box, masses per type, bond coefficients, atoms with image flags, velocities,
/// bonds (none for a rigid body).
fn write_data(
    w: &mut dyn std::io::Write,
    scene: &Scene,
    sim: &Simulation,
    masses: &[f64],
) -> std::io::Result<()> {
    let s = &sim.system;
    let st = &sim.state;
    let l = s.periodic_box.length();
    let rigid = sim.rigid_body().is_some();
    let (bond_types, bond_type_of) = bond_types(sim);
    let bonds = if rigid { 0 } else { s.bonds.len() };
    writeln!(
        w,
        "LAMMPS data file written by multiscope export: {} (seed {})\n",
        scene.description.replace('\n', " "),
        scene.seed
    )?;
    writeln!(w, "{} atoms", s.atoms())?;
    writeln!(w, "{bonds} bonds")?;
    writeln!(w, "{} atom types", masses.len())?;
    writeln!(w, "{} bond types\n", bond_types.len())?;
    for axis in ["x", "y", "z"] {
        writeln!(w, "0 {} {axis}lo {axis}hi", num(l))?;
    }
    writeln!(w, "\nMasses\n")?;
    for (t, m) in masses.iter().enumerate() {
        writeln!(w, "{} {}", t + 1, num(*m))?;
    }
    if !bond_types.is_empty() {
        writeln!(w, "\nBond Coeffs # harmonic\n")?;
        for (t, (k, r0)) in bond_types.iter().enumerate() {
            // LAMMPS's harmonic bond is E = K(r − r₀)²; multiscope's is k/2·(r − r₀)².
            writeln!(w, "{} {} {}", t + 1, num(0.5 * k), num(*r0))?;
        }
    }
    writeln!(w, "\nAtoms # bond\n")?;
    for i in 0..s.atoms() {
        let x = st.positions[i];
        let n = st.images[i];
        let (mol, ty) = (u32::from(i < s.n_star), s.types[i] + 1);
        writeln!(
            w,
            "{} {mol} {ty} {} {} {} {} {} {}",
            i + 1,
            num(x[0]),
            num(x[1]),
            num(x[2]),
            n[0],
            n[1],
            n[2]
        )?;
    }
    writeln!(w, "\nVelocities\n")?;
    for (i, v) in st.velocities.iter().enumerate() {
        writeln!(w, "{} {} {} {}", i + 1, num(v[0]), num(v[1]), num(v[2]))?;
    }
    if bonds > 0 {
        writeln!(w, "\nBonds\n")?;
        for (k, (b, t)) in s.bonds.iter().zip(&bond_type_of).enumerate() {
            writeln!(w, "{} {} {} {}", k + 1, t + 1, b.i + 1, b.j + 1)?;
        }
    }
    Ok(())
}

/// Distinct (k [ε_LJ/σ²], r₀ [σ]) of the elastic network (bit-exact), and each bond's index.
/// None for a rigid body, whose bonds are not evaluated.
fn bond_types(sim: &Simulation) -> (Vec<(f64, f64)>, Vec<usize>) {
    let mut types = Vec::new();
    if sim.rigid_body().is_some() {
        return (types, Vec::new());
    }
    let mut index = HashMap::new();
    let of = sim
        .system
        .bonds
        .iter()
        .map(|b| {
            *index
                .entry((b.k.to_bits(), b.r0.to_bits()))
                .or_insert_with(|| {
                    types.push((b.k, b.r0));
                    types.len() - 1
                })
        })
        .collect();
    (types, of)
}

#[cfg(test)]
mod tests {
    use super::super::script::lammps_seed;
    use super::*;
    use crate::field::ExternalField;
    use crate::md::{PairInteraction, PeriodicBox};

    fn system(masses: Vec<f64>, types: Vec<u32>, kinds: usize) -> System {
        System {
            periodic_box: PeriodicBox::new(10.0),
            n_star: types.iter().filter(|&&t| t > 0).count(),
            masses,
            types,
            interactions: vec![vec![PairInteraction::None; kinds]; kinds],
            bonds: Vec::new(),
            field: ExternalField::None,
            constrained: false,
        }
    }

    #[test]
    fn fixes_get_different_seeds() {
        assert_ne!(lammps_seed(2026, 1), lammps_seed(2026, 2));
        assert!((1..=900_000_000).contains(&lammps_seed(u64::MAX, 2)));
    }

    #[test]
    fn masses_are_written_per_type() {
        let s = system(vec![0.5, 2.0, 0.5, 1.0], vec![1, 2, 1, 0], 4);
        assert_eq!(type_masses(&s).unwrap(), vec![1.0, 0.5, 2.0, 1.0]);
    }

    #[test]
    fn one_type_of_two_masses_is_refused() {
        let s = system(vec![0.5, 2.0, 1.0], vec![1, 1, 0], 2);
        let e = type_masses(&s).unwrap_err().to_string();
        assert!(
            e.contains("atoms 0 and 1") && e.contains("one mass per atom type"),
            "{e}"
        );
        let s = system(vec![1.0, 1.0], vec![0, 3], 2);
        let e = type_masses(&s).unwrap_err().to_string();
        assert!(e.contains("type 3") && e.contains("only 2 types"), "{e}");
    }
}
