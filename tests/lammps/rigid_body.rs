//! Claim: a rigid nanoparticle (`body: Rigid`) exported to LAMMPS (`fix rigid/nve`, with its
//! `langevin` keyword under a Langevin thermostat) moves as multiscope's NO_SQUISH body does:
//! - from the same exported state, the step-0 energies agree to round-off, and over 2000 NVE
//!   steps (10 τ) both engines conserve the total energy to the same order (both drifts printed);
//! - with a Langevin thermostat (γ = 1/τ, strong enough for 4000 steps to hold hundreds of
//!   correlation times, see `default_scene_statistics`), ⟨T⟩ (counted by each engine with the
//!   body's 6 degrees of freedom, 3N − 3 − (3N* − 6) in all) and the body's mean kinetic energy
//!   agree within 3 combined standard errors (block averages). The runs are independent
//!   trajectories of the same canonical ensemble: statistics are compared, not trajectories.
//!
//! A wrong degree-of-freedom count (3N − 3 in one engine) would move ⟨T⟩ by 8 %, hundreds of
//! standard errors; bonds left in, intra-body forces or a non-rigid body would break the
//! step-0 energies or the body's kinetic energy.

use multiscope::analysis::BlockAverage;
use multiscope::lammps::{BODY_FILE, ExportOptions, LOG_FILE, import, read_log};
use multiscope::measure::Segments;
use multiscope::scene::Scene;

use crate::common::lammps::{export_and_run, lammps_available, z_printed};
use crate::common::{scene_variant, scratch};

/// The default scene with a rigid particle, changed by `replacements`.
fn rigid_scene(replacements: &[(&str, &str)]) -> Scene {
    let mut all = vec![("constrained: false,", "constrained: false, body: Rigid,")];
    all.extend_from_slice(replacements);
    scene_variant("scenes/nanoparticle.ron", &all)
}

fn options(steps: u64, every: u64) -> ExportOptions {
    ExportOptions {
        segments: Segments {
            steps,
            constrained_steps: Some(0),
            windows: Some(0),
            every,
            ..Segments::default()
        },
        thermo_every: every,
        dump_every: None,
    }
}

/// (E(end) − E(0))/N and the largest |E(t) − E(0)|/N [ε_LJ] of total energies `e` of `n` atoms.
fn drift(e: &[f64], n: f64) -> (f64, f64) {
    let worst = e.iter().map(|x| (x - e[0]).abs()).fold(0.0, f64::max);
    ((e[e.len() - 1] - e[0]) / n, worst / n)
}

#[test]
fn rigid_body_nve_conserves_energy_in_both_engines() {
    let name = "lammps_rigid_nve";
    if !lammps_available(name) {
        return;
    }
    const STEPS: u64 = 2000;
    const EVERY: u64 = 10;
    // Shifted pair potentials: a truncated one makes E jump whenever a pair crosses r_c, which
    // would hide the integrators' own drift.
    let scene = rigid_scene(&[
        ("equilibration_steps: 2000", "equilibration_steps: 0"),
        ("kind: Bussi(tau: 2.0), during: Always", "kind: None"),
        (
            "shift: false)),\n        host_nanoparticle",
            "shift: true)),\n        host_nanoparticle",
        ),
        (
            "shift: false)),\n        nanoparticle_nanoparticle",
            "shift: true)),\n        nanoparticle_nanoparticle",
        ),
    ]);
    // Held to LAMMPS's double-precision arithmetic: mixed precision's f32 pair forces change U
    // by ~1e-8 relative.
    let mut scene = scene;
    scene.integration.precision = multiscope::md::Precision::Double;
    let dir = scratch(name);
    let manifest = export_and_run(&scene, &options(STEPS, EVERY), &dir);
    assert!(manifest.rigid);
    let mut sim = scene.build(name).unwrap();
    let n_atoms = sim.system.atoms();
    assert_eq!(manifest.degrees_of_freedom, Some(sim.degrees_of_freedom()));
    assert_eq!(
        sim.degrees_of_freedom(),
        (3 * n_atoms - 3 - (3 * sim.system.n_star - 6)) as f64
    );
    let log = read_log(&dir.join(LOG_FILE)).unwrap();
    assert_eq!(log.len() as u64, STEPS / EVERY + 1);
    let th = sim.thermo();
    let first = &log[0];
    let rel = |a: f64, b: f64| ((a - b) / b).abs();
    eprintln!(
        "{name}: step 0: U multiscope {:.15e}, LAMMPS {:.15e} (relative {:.1e}); K {:.15e} / \
         {:.15e} (relative {:.1e}); T {:.15} / {:.15}",
        th.potential,
        first.pe + manifest.body_pair_energy,
        rel(first.pe + manifest.body_pair_energy, th.potential),
        th.kinetic,
        first.ke,
        rel(first.ke, th.kinetic),
        th.temperature,
        first.temp
    );
    assert!(rel(first.pe + manifest.body_pair_energy, th.potential) < 1e-12);
    assert!(rel(first.ke, th.kinetic) < 1e-12);
    assert!(rel(first.temp, th.temperature) < 1e-12);

    let mut ours = vec![th.total()];
    for k in 1..=STEPS {
        let sampled = k % EVERY == 0;
        sim.step(sampled).unwrap();
        if sampled {
            ours.push(sim.thermo().total());
        }
    }
    let theirs: Vec<f64> = log.iter().map(|t| t.etotal).collect();
    let n = n_atoms as f64;
    let (d_ours, w_ours) = drift(&ours, n);
    let (d_theirs, w_theirs) = drift(&theirs, n);
    eprintln!(
        "{name}: {STEPS} NVE steps (Δt = {}): E/N drift multiscope {d_ours:+.3e} (largest \
         excursion {w_ours:.3e}), LAMMPS {d_theirs:+.3e} ({w_theirs:.3e}) ε_LJ",
        scene.integration.time_step
    );
    // The drift is the scene's (Δt = 0.005 τ, forces that jump at r_c, a melting start), the
    // same in both engines; what would betray a mismatched integrator is a different drift.
    // Bound: the drifts agree to 10 % of multiscope's (or 1e-5 ε_LJ) and stay below 2e-3 ε_LJ
    // per atom over 10 τ, a sixth of the per-atom energy's canonical spread k_BT·√(c_V/N).
    assert!(
        (d_ours - d_theirs).abs() <= 0.1 * d_ours.abs() + 1e-5,
        "{name}: E/N drifts {d_ours:.3e} (multiscope) and {d_theirs:.3e} (LAMMPS) differ"
    );
    for (who, w) in [("multiscope", w_ours), ("LAMMPS", w_theirs)] {
        assert!(w < 2e-3, "{name}: {who}'s E/N moved by {w:.3e} ε_LJ");
    }
}

#[test]
fn rigid_body_thermostatted_statistics_match_lammps() {
    let name = "lammps_rigid_langevin";
    if !lammps_available(name) {
        return;
    }
    const STEPS: u64 = 4000;
    const EVERY: u64 = 10;
    let scene = rigid_scene(&[(
        "kind: Bussi(tau: 2.0), during: Always",
        "kind: Langevin(friction: 1.0), during: Always",
    )]);
    let dir = scratch(name);
    export_and_run(&scene, &options(STEPS, EVERY), &dir);
    let imported = import(&dir, None).unwrap();
    let thermo = imported.thermo.expect("the log has thermo lines");
    assert_eq!(thermo.lines as u64, STEPS / EVERY);
    let mut body_ke = BlockAverage::new();
    let text = std::fs::read_to_string(dir.join(BODY_FILE)).unwrap();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<f64> = line
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        // The record at the segment's start comes before its first step, as in the series.
        if f[0] as u64 > imported.manifest.equilibration_steps {
            body_ke.push(f[1]);
        }
    }
    assert_eq!(body_ke.n_samples(), STEPS / EVERY);

    let mut sim = scene.build(name).unwrap();
    scene.equilibrate(&mut sim, |_| {}).unwrap();
    let mut b = [BlockAverage::new(), BlockAverage::new()];
    for k in 1..=STEPS {
        let sampled = k % EVERY == 0;
        sim.step(sampled).unwrap();
        if sampled {
            b[0].push(sim.thermo().temperature);
            b[1].push(sim.rigid_body().expect("rigid").kinetic_energy());
        }
    }
    let e = |b: &BlockAverage| b.result().unwrap().estimate;
    let z_t = z_printed(name, "T", e(&b[0]), thermo.temperature, "");
    let z_k = z_printed(name, "K_body", e(&b[1]), e(&body_ke), " ε_LJ");
    eprintln!(
        "{name}: equipartition 3k_BT = {:.4} ε_LJ",
        3.0 * scene.temperature
    );
    assert!(z_t <= 3.0 && z_k <= 3.0, "{name}: z = {z_t:.2}, {z_k:.2}");
}
