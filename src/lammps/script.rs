//! The LAMMPS input script of an export: the pair styles, the external field as `addforce`
//! variables, the integration and thermostat fixes (rigid bodies included), the segments
//! (free, held, f^th windows) with their output fixes, and the `mpirun` line. The data file and
//! the manifest are written by [`super::export`].

use std::fmt::Write as _;

use super::manifest::{Manifest, SERIES_COLUMNS};
use super::{BODY_FILE, DATA_FILE, DUMP_FILE, INPUT_FILE, LOG_FILE, SERIES_FILE};
use crate::field::{DoubleWellPotential, ExternalField};
use crate::format::number as num;
use crate::md::{AnyThermostat, PairInteraction, Simulation};
use crate::scene::Scene;

/// A LAMMPS random seed (1 ≤ seed ≤ 9·10⁸, as every LAMMPS random fix accepts) for the fix
/// numbered `k`, from the scene's seed.
pub(super) fn lammps_seed(seed: u64, k: u64) -> u64 {
    // k enters above the 11 bits that the shift drops, so that fixes get different seeds.
    (seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((k - 1) << 11)
        >> 11)
        % 900_000_000
        + 1
}

pub(super) fn thermostat_words(scene: &Scene, rigid: bool) -> String {
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

pub(super) fn thermostat_kind_words(scene: &Scene) -> String {
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

/// `pair_style` and `pair_coeff` lines matching the system's interactions exactly, for every pair
/// of its types (LAMMPS type = multiscope type + 1): `lj/cut` with each pair's own cut-off, shifted or not as the scene says (WCA: cut at 2^{1/6}σ and shifted);
/// a `hybrid` of a shifted and an unshifted `lj/cut` when both kinds occur or a pair is `None`.
pub(super) fn pair_lines(sim: &Simulation) -> String {
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
pub(super) fn field_lines(field: &ExternalField) -> String {
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
pub(super) fn integrate_lines(t: Option<AnyThermostat>, rigid: bool, seed: u64) -> String {
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
pub(super) fn series_fix(label: &str, every: u64, first: bool) -> String {
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
pub(super) fn input_script(scene: &Scene, sim: &Simulation, m: &Manifest) -> String {
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

pub(super) fn run_script(m: &Manifest) -> String {
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
