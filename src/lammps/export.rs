//! Writing a scene as a LAMMPS run: the exact initial state, the matching input script and the
//! `mpirun` line.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    BODY_FILE, DATA_FILE, DUMP_FILE, INPUT_FILE, LOG_FILE, LammpsError, MANIFEST_FILE, SCENE_FILE,
    SERIES_FILE,
};
use crate::field::{DoubleWellPotential, ExternalField};
use crate::format::number as num;
use crate::md::{AnyThermostat, PairInteraction, Simulation, State, System};
use crate::measure::{MeasureOptions, Segments, plan, window_positions};
use crate::scene::Scene;

/// Format tag of [`Manifest`].
pub const MANIFEST_FORMAT: &str = "multiscope-lammps-export-1";

/// Columns of `nanoparticle.txt`, after the segment label (`free`, `held`, `w0`, `w1`, …):
/// step; R [σ]; P [m̂σ/τ]; F before any constraint [ε_LJ/σ]; T [ε_LJ/k_B]; the pressure tensor
/// xx yy zz xy xz yz [ε_LJ/σ³].
pub const SERIES_COLUMNS: [&str; 17] = [
    "step", "Rx", "Ry", "Rz", "Px", "Py", "Pz", "Fx", "Fy", "Fz", "T", "pxx", "pyy", "pzz", "pxy",
    "pxz", "pyz",
];

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

/// What an export holds, for [`super::import`] (written as `export.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// The scene's name as given to `export`.
    pub scene_name: String,
    /// Atoms N.
    pub atoms: usize,
    /// Nanoparticle atoms N*.
    pub n_star: usize,
    /// Thermostatted equilibration steps before the free segment.
    pub equilibration_steps: u64,
    /// Free-segment steps.
    pub steps: u64,
    /// Held-segment steps (0: none).
    pub constrained_steps: u64,
    /// Held steps before each held segment or window samples.
    pub relax_steps: u64,
    /// f^th window centres R [σ].
    pub windows: Vec<[f64; 3]>,
    /// Sampled steps per window.
    pub window_steps: u64,
    /// Sampling interval of `nanoparticle.txt` [steps].
    pub every: u64,
    /// Green–Kubo error blocks.
    pub blocks: u64,
    /// Thermo interval of the log [steps].
    pub thermo_every: u64,
    /// Dump interval of production [steps], if dumped.
    pub dump_every: Option<u64>,
    /// How multiscope's thermostat was mapped onto LAMMPS, in words.
    pub thermostat: String,
    /// LAMMPS step at which each segment starts sampling: free, held (if any), each window.
    /// `fix print` also writes the state at this step, before the segment's first step; the
    /// import leaves that record out, as `measure` samples only after steps.
    pub segment_starts: Vec<u64>,
    /// Degrees of freedom of the kinetic energy of the exported system: 3N − 3, less what a
    /// rigid nanoparticle removes (3N* − 6 for a general body). `None` in manifests written
    /// without it (then the import counts them from the scene).
    #[serde(default)]
    pub degrees_of_freedom: Option<f64>,
    /// Whether the nanoparticle moves as one rigid body (`fix rigid/nve` or `rigid/nvt`).
    #[serde(default)]
    pub rigid: bool,
    /// Pair energy between the rigid body's own atoms U_body [ε_LJ]: a constant that LAMMPS
    /// leaves out of `pe` (`neigh_modify exclude molecule/intra`) and the import adds back, so
    /// that U and E agree with multiscope's (which computes those pairs). 0 without a rigid body.
    #[serde(default)]
    pub body_pair_energy: f64,
    /// What the export left out or changed, in words (also written into the input script).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Manifest {
    /// The LAMMPS step at which `segment` starts sampling, if the export has it.
    pub fn start_of(&self, segment: crate::measure::Segment) -> Option<u64> {
        use crate::measure::Segment;
        let held = usize::from(self.constrained_steps > 0);
        match segment {
            Segment::Free => self.segment_starts.first().copied(),
            Segment::Constrained if held == 1 => self.segment_starts.get(1).copied(),
            Segment::Constrained => None,
            Segment::Window(k) => self.segment_starts.get(1 + held + k).copied(),
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

/// A LAMMPS random seed (1 ≤ seed ≤ 9·10⁸, as every LAMMPS random fix accepts) for the fix
/// numbered `k`, from the scene's seed.
fn lammps_seed(seed: u64, k: u64) -> u64 {
    // k enters above the 11 bits that the shift drops, so that fixes get different seeds.
    (seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((k - 1) << 11)
        >> 11)
        % 900_000_000
        + 1
}

fn thermostat_words(scene: &Scene, rigid: bool) -> String {
    let words = thermostat_kind_words(scene);
    match scene.thermostat() {
        Some(AnyThermostat::Bussi(_)) if rigid => format!(
            "{words}; the rigid body by fix rigid/nvt (its own Nosé–Hoover chain, same Tdamp), \
             the host by fix nvt"
        ),
        Some(AnyThermostat::Langevin(_)) if rigid => format!(
            "{words}; on the host only: the rigid body by fix rigid/nve's langevin keyword with \
             the same damp (friction and noise on its P and L, the Ornstein–Uhlenbeck step \
             multiscope applies to the body)"
        ),
        None if rigid => "none (NVE): fix nve (host) and fix rigid/nve (the body)".into(),
        _ => words,
    }
}

fn thermostat_kind_words(scene: &Scene) -> String {
    match scene.thermostat() {
        None => "none (NVE): fix nve".into(),
        Some(AnyThermostat::Langevin(l)) => format!(
            "Langevin (friction {} /τ): fix langevin with damp 1/friction = {} τ; multiscope's \
             is the BAOAB O-step, LAMMPS's a force (Schneider–Stoll); same stationary law",
            num(l.friction),
            num(1.0 / l.friction)
        ),
        Some(AnyThermostat::Bussi(b)) => format!(
            "Bussi (τ_T = {} τ): fix nvt (Nosé–Hoover chain, Tdamp = τ_T), the closest standard \
             style (fix temp/csvr, the exact counterpart, is in EXTRA-FIX, which Debian's LAMMPS \
             lacks): both scale all velocities by one global factor and sample the canonical \
             ensemble, but Nosé–Hoover is deterministic and its kinetic energy oscillates with \
             period ≈ τ_T where Bussi's relaxes stochastically",
            num(b.tau)
        ),
    }
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

/// `pair_style` and `pair_coeff` lines matching the system's interactions exactly, for every pair
/// of its types (LAMMPS type = multiscope type + 1): `lj/cut` with each pair's own cut-off, shifted or not as the scene says (WCA: cut at 2^{1/6}σ and shifted);
/// a `hybrid` of a shifted and an unshifted `lj/cut` when both kinds occur or a pair is `None`.
fn pair_lines(sim: &Simulation) -> String {
    let ia = &sim.system.interactions;
    let pairs: Vec<(usize, usize, PairInteraction)> = (0..ia.len())
        .flat_map(|i| (i..ia.len()).map(move |j| (i + 1, j + 1, ia[i][j])))
        .collect();
    // (epsilon, sigma, cutoff, shift) of each pair; None for no interaction.
    let params = |p: PairInteraction| match p {
        PairInteraction::None => None,
        PairInteraction::LennardJones(lj) => Some((lj.epsilon, lj.sigma, lj.cutoff, lj.shift)),
        PairInteraction::Wca(w) => Some((w.epsilon, w.sigma, p.cutoff(), true)),
    };
    let active: Vec<_> = pairs
        .iter()
        .filter_map(|&(i, j, p)| params(p).map(|q| (i, j, q)))
        .collect();
    let max_cut = active.iter().map(|(_, _, q)| q.2).fold(0.0, f64::max);
    let mut out = String::new();
    let shifts: Vec<bool> = active.iter().map(|(_, _, q)| q.3).collect();
    let uniform = active.len() == pairs.len() && shifts.iter().all(|&s| s == shifts[0]);
    if active.is_empty() {
        // No pair interaction at all: a zero-strength LJ keeps LAMMPS's neighbour machinery.
        let _ = writeln!(
            out,
            "pair_style      lj/cut 1.0\npair_coeff      * * 0.0 1.0 1.0"
        );
        return out;
    }
    if uniform {
        let _ = writeln!(out, "pair_style      lj/cut {}", num(max_cut));
        let _ = writeln!(
            out,
            "pair_modify     shift {}",
            if shifts[0] { "yes" } else { "no" }
        );
        for (i, j, (e, s, c, _)) in &active {
            let _ = writeln!(
                out,
                "pair_coeff      {i} {j} {} {} {}",
                num(*e),
                num(*s),
                num(*c)
            );
        }
        return out;
    }
    // Sub-style 1 unshifted, 2 shifted (only those used are declared).
    let used: Vec<bool> = [false, true]
        .iter()
        .map(|&sh| shifts.contains(&sh))
        .collect();
    let styles: Vec<(bool, usize)> = [false, true]
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .enumerate()
        .map(|(k, (&sh, _))| (sh, k + 1))
        .collect();
    let both = styles.len() == 2;
    let name = |sh: bool| -> String {
        let k = styles.iter().find(|(s, _)| *s == sh).map_or(1, |x| x.1);
        if both {
            format!("lj/cut {k}")
        } else {
            "lj/cut".into()
        }
    };
    let _ = write!(out, "pair_style      hybrid");
    for _ in &styles {
        let _ = write!(out, " lj/cut {}", num(max_cut));
    }
    let _ = writeln!(out);
    for (sh, _) in &styles {
        let _ = writeln!(
            out,
            "pair_modify     pair {} shift {}",
            name(*sh),
            if *sh { "yes" } else { "no" }
        );
    }
    for &(i, j, p) in &pairs {
        match params(p) {
            None => {
                let _ = writeln!(out, "pair_coeff      {i} {j} none");
            }
            Some((e, s, c, sh)) => {
                let _ = writeln!(
                    out,
                    "pair_coeff      {i} {j} {} {} {} {}",
                    name(sh),
                    num(e),
                    num(s),
                    num(c)
                );
            }
        }
    }
    out
}

/// Lines that define the external field on the centre of mass (`fix addforce` with per-atom
/// variables of `xcm()`, mass-weighted like multiscope's), and add its energy to `pe`.
fn field_lines(field: &ExternalField) -> String {
    let mut out = String::new();
    match *field {
        ExternalField::None => return out,
        ExternalField::HarmonicTrap { k, center } => {
            let _ = writeln!(
                out,
                "# harmonic trap U = k/2·|R − c|² on the centre of mass, k = {}, c = ({}, {}, {})",
                num(k),
                num(center[0]),
                num(center[1]),
                num(center[2])
            );
            for (a, c) in ["x", "y", "z"].iter().zip(center) {
                let _ = writeln!(out, "variable        fld_d{a} equal xcm(np,{a})-{}", num(c));
                let _ = writeln!(
                    out,
                    "variable        fld_f{a} atom -{}*v_fld_d{a}*mass/v_M",
                    num(k)
                );
            }
            let _ = writeln!(
                out,
                "variable        fld_e atom 0.5*{}*(v_fld_dx^2+v_fld_dy^2+v_fld_dz^2)*mass/v_M",
                num(k)
            );
            let _ = writeln!(
                out,
                "fix             field np addforce v_fld_fx v_fld_fy v_fld_fz energy v_fld_e"
            );
        }
        ExternalField::DoubleWell { .. } => {
            let Some(DoubleWellPotential {
                height: barrier,
                centre: center,
                half_width: a,
            }) = field.double_well()
            else {
                unreachable!("a double well has its shape")
            };
            let _ = writeln!(
                out,
                "# double well U = h·((X − c)²/a² − 1)² on the centre of mass, h = {}, a = {}, c = {}",
                num(barrier),
                num(a),
                num(center)
            );
            let _ = writeln!(
                out,
                "variable        fld_s equal (xcm(np,x)-{})/{}",
                num(center),
                num(a)
            );
            let _ = writeln!(out, "variable        fld_w equal v_fld_s^2-1");
            let _ = writeln!(
                out,
                "variable        fld_fx atom -4*{}*v_fld_w*v_fld_s/{}*mass/v_M",
                num(barrier),
                num(a)
            );
            let _ = writeln!(
                out,
                "variable        fld_e atom {}*v_fld_w^2*mass/v_M",
                num(barrier)
            );
            let _ = writeln!(
                out,
                "fix             field np addforce v_fld_fx 0.0 0.0 energy v_fld_e"
            );
        }
    }
    let _ = writeln!(out, "fix_modify      field energy yes");
    out
}

/// The integrator fixes: velocity Verlet (`nve`) or, with a Bussi thermostat, Nosé–Hoover
/// (`nvt`) for every atom; with a rigid nanoparticle those for the host alone and the body by
/// `fix rigid/nve` (`rigid/nvt` with the same Tdamp under Bussi; under Langevin its `langevin`
/// keyword with the same damp and random seed `seed`), NO_SQUISH as multiscope's. (With a
/// `fix langevin` on the body's atoms instead, the rigid default scene's ⟨T⟩ came out 3 to 4
/// standard errors above multiscope's in two runs of one seed.)
fn integrate_lines(t: Option<AnyThermostat>, rigid: bool, seed: u64) -> String {
    let (atoms, body) = if rigid {
        ("host", "fix             body np rigid/")
    } else {
        ("all", "")
    };
    match t {
        Some(AnyThermostat::Bussi(b)) => {
            let temp = format!(
                "temp {} {} {}",
                num(b.temperature),
                num(b.temperature),
                num(b.tau)
            );
            let body = if rigid {
                format!("{body}nvt single {temp}\n")
            } else {
                String::new()
            };
            format!("fix             integrate {atoms} nvt {temp}\n{body}")
        }
        Some(AnyThermostat::Langevin(l)) if rigid => format!(
            "fix             integrate {atoms} nve\n{body}nve single langevin {} {} {} {seed}\n",
            num(l.temperature),
            num(l.temperature),
            num(1.0 / l.friction)
        ),
        _ if rigid => format!("fix             integrate {atoms} nve\n{body}nve single\n"),
        _ => "fix             integrate all nve\n".to_string(),
    }
}

const HOLD_ON: &str = "velocity        np zero linear
fix             hold np addforce v_hold_fx v_hold_fy v_hold_fz
fix             hold_p np momentum 1 linear 1 1 1
";
const HOLD_OFF: &str = "unfix           hold
unfix           hold_p
";

/// The `fix print` that appends one segment's samples to `nanoparticle.txt`.
fn series_fix(label: &str, every: u64, first: bool) -> String {
    let mut text = format!("{label} $(step)");
    let f = |e: &str| format!(" $({e}:%.17g)");
    for a in ["x", "y", "z"] {
        text += &f(&format!("xcm(np,{a})"));
    }
    for a in ["x", "y", "z"] {
        text += &f(&format!("vcm(np,{a})*v_M"));
    }
    for k in 1..=3 {
        text += &f(&format!("c_np_f[{k}]"));
    }
    text += &f("c_thermo_temp");
    for k in 1..=6 {
        text += &f(&format!("c_thermo_press[{k}]"));
    }
    let title = if first {
        format!(
            "# multiscope nanoparticle series: segment {}; units: R [sigma], P [m sigma/tau], F \
             before any constraint [epsilon/sigma], T [epsilon/k_B], p [epsilon/sigma^3]",
            SERIES_COLUMNS.join(" ")
        )
    } else {
        format!("# segment {label}")
    };
    format!(
        "fix             series all print {every} \"{text}\" {} {SERIES_FILE} screen no title \"{title}\"\n",
        if first { "file" } else { "append" }
    )
}

/// The input script.
fn input_script(scene: &Scene, sim: &Simulation, m: &Manifest) -> String {
    let s = &sim.system;
    let np = s.n_star > 0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# multiscope export of {}: {}\n\
         # Written by multiscope {}; run it with ./run.sh (mpirun -np N lmp -in {INPUT_FILE}) and\n\
         # bring it back with `multiscope import DIR`.\n\
         # LAMMPS packages: MOLECULE (atom_style bond, bond_style harmonic); the rest is core\n\
         # (fix addforce, store/force, momentum, langevin, nvt, print; pair lj/cut).\n\
         # Units: lj (σ, ε_LJ, m̂, τ), as in multiscope. {}",
        m.scene_name,
        scene.description,
        env!("CARGO_PKG_VERSION"),
        match s.interactions.len() {
            2 => "Type 1: host, type 2: nanoparticle.".to_string(),
            k => format!("Type 1: host, types 2 to {k}: the nanoparticle's atoms by element."),
        }
    );
    if m.rigid {
        let _ = writeln!(
            o,
            "# The nanoparticle moves as one rigid body: LAMMPS package RIGID (fix rigid/nve, or\n\
             # rigid/nvt with a Bussi thermostat), NO_SQUISH as in multiscope."
        );
    }
    for note in &m.notes {
        let _ = writeln!(o, "# Note: {note}.");
    }
    let _ = writeln!(
        o,
        "\nunits           lj\natom_style      bond\nboundary        p p p"
    );
    if !s.bonds.is_empty() && !m.rigid {
        let _ = writeln!(
            o,
            "bond_style      harmonic\n\
             # multiscope's bonds act on top of the pair forces: no exclusions\n\
             special_bonds   lj 1.0 1.0 1.0"
        );
    }
    let _ = writeln!(o, "read_data       {DATA_FILE}\n");
    o += &pair_lines(sim);
    let _ = writeln!(
        o,
        "neighbor        {} bin\nneigh_modify    every 1 delay 0 check yes\ntimestep        {}\n",
        num(scene.integration.skin),
        num(scene.integration.time_step)
    );
    if np {
        let group = match s.interactions.len() {
            2 => "type 2".to_string(),
            _ => format!("id 1:{}", s.n_star),
        };
        let _ = writeln!(
            o,
            "group           np {group}\nvariable        M equal mass(np)"
        );
        if m.rigid {
            let _ = writeln!(
                o,
                "group           host subtract all np\n\
                 # the body's own pairs are not computed (their forces cancel in its force and\n\
                 # torque; their constant energy, {} ε_LJ, is added back by the import)\n\
                 neigh_modify    exclude molecule/intra np",
                num(m.body_pair_energy)
            );
        }
        o += &field_lines(&scene.field);
        let _ = writeln!(
            o,
            "# F: the net force on the nanoparticle (pairs, field) before any constraint or thermostat\n\
             fix             np_force np store/force\n\
             compute         np_f np reduce sum f_np_force[1] f_np_force[2] f_np_force[3]"
        );
    }
    // Thermostat (defined after store/force so that F never holds Langevin noise).
    let thermostat = scene.thermostat();
    let integrate =
        |t: Option<AnyThermostat>| integrate_lines(t, m.rigid, lammps_seed(scene.seed, 2));
    let _ = writeln!(o, "# thermostat: {}", m.thermostat);
    o += &integrate(thermostat);
    if let Some(AnyThermostat::Langevin(l)) = thermostat {
        let _ = writeln!(
            o,
            "fix             tstat {} langevin {} {} {} {}",
            if m.rigid { "host" } else { "all" },
            num(l.temperature),
            num(l.temperature),
            num(1.0 / l.friction),
            lammps_seed(scene.seed, 1)
        );
    }
    if np {
        let _ = writeln!(
            o,
            "# the held centre of mass: remove the mass-weighted share of the net force (after\n\
             # the thermostat's forces) and the group's momentum, as multiscope's constraint does"
        );
        for a in ["x", "y", "z"] {
            let _ = writeln!(o, "variable        hold_f{a} atom -fcm(np,{a})*mass/v_M");
        }
    }
    let _ = writeln!(
        o,
        "\nthermo_style    custom step temp pe ke etotal press\n\
         thermo_modify   norm no flush yes format float %.17g\n\
         thermo          {}",
        m.thermo_every
    );
    let held_scene = np && s.constrained;
    if m.equilibration_steps > 0 {
        let _ = writeln!(o, "\n# equilibration (the scene's thermostat)");
        if held_scene {
            o += HOLD_ON;
        }
        let _ = writeln!(o, "run             {}", m.equilibration_steps);
    }
    // Production thermostat.
    if thermostat.is_some() && scene.production_thermostat().is_none() {
        let _ = writeln!(o, "\n# production is NVE");
        match thermostat {
            Some(AnyThermostat::Langevin(_)) if !m.rigid => o += "unfix           tstat\n",
            Some(AnyThermostat::Langevin(_)) => {
                o += "unfix           tstat\nunfix           integrate\nunfix           body\n";
                o += &integrate(None);
            }
            _ => {
                o += "unfix           integrate\n";
                if m.rigid {
                    o += "unfix           body\n";
                }
                o += &integrate(None);
            }
        }
    }
    let _ = writeln!(o, "\n# free segment");
    if held_scene && m.equilibration_steps > 0 {
        o += HOLD_OFF;
    }
    if let Some(k) = m.dump_every {
        let _ = writeln!(
            o,
            "dump            traj all custom {k} {DUMP_FILE} id type xu yu zu\n\
             dump_modify     traj sort id format float %.17g"
        );
    }
    if np {
        o += &series_fix("free", m.every, true);
    }
    if m.rigid {
        let _ = writeln!(
            o,
            "compute         np_ke np ke\n\
             fix             body_series all print {} \"$(step) $(c_np_ke:%.17g)\" file {BODY_FILE} \
             screen no title \"# step K: the rigid body's kinetic energy [epsilon]\"",
            m.every
        );
    }
    let _ = writeln!(o, "run             {}", m.steps);
    if np {
        o += "unfix           series\n";
    }
    if m.rigid {
        o += "unfix           body_series\n";
    }
    if np && m.constrained_steps > 0 {
        let _ = writeln!(o, "\n# held segment (θ, ζ, D_θ)");
        o += HOLD_ON;
        let _ = writeln!(o, "run             {}", m.relax_steps);
        o += &series_fix("held", m.every, false);
        let _ = writeln!(
            o,
            "run             {}\nunfix           series",
            m.constrained_steps
        );
        o += HOLD_OFF;
    }
    for (k, w) in m.windows.iter().enumerate() {
        let _ = writeln!(
            o,
            "\n# f^th window {k}: the particle held at x = {}",
            num(w[0])
        );
        let _ = writeln!(
            o,
            "displace_atoms  all move $({}-xcm(np,x)) 0 0 units box",
            num(w[0])
        );
        o += HOLD_ON;
        let _ = writeln!(o, "run             {}", m.relax_steps);
        o += &series_fix(&format!("w{k}"), m.every, false);
        let _ = writeln!(
            o,
            "run             {}\nunfix           series",
            m.window_steps
        );
        o += HOLD_OFF;
    }
    if m.dump_every.is_some() {
        o += "undump          traj\n";
    }
    o
}

fn run_script(m: &Manifest) -> String {
    format!(
        "#!/bin/sh\n\
         # Runs the multiscope export of {} ({} atoms) in LAMMPS on NP MPI ranks (default 2):\n\
         #   NP=64 ./run.sh        (add MPIRUN_FLAGS=--allow-run-as-root when running as root)\n\
         # On a cluster, put the mpirun line in the batch script (e.g. srun lmp -in {INPUT_FILE}).\n\
         # Then: multiscope import THIS_FOLDER --json > coefficients.json\n\
         set -e\n\
         cd \"$(dirname \"$0\")\"\n\
         exec mpirun ${{MPIRUN_FLAGS:-}} -np \"${{NP:-2}}\" lmp -in {INPUT_FILE} -log {LOG_FILE} \"$@\"\n",
        m.scene_name, m.atoms
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::md::PeriodicBox;

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
