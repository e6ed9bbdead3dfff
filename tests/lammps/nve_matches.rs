//! Claim: `multiscope export` hands LAMMPS exactly the system multiscope simulates. From the same
//! exported state, 100 NVE steps in LAMMPS (`lmp`) and in multiscope give the same unwrapped
//! positions to 1e-8 σ and the same total energy per atom to 1e-6 relative, for
//! - the Lennard-Jones fluid (`scenes/lj-fluid.ron`),
//! - the default scene (nanoparticle, elastic network, no pair term inside the particle),
//! - the double-well scene (the field on the centre of mass through `xcm()`),
//! - a held nanoparticle in a harmonic trap (the constraint: net force removed, momentum zeroed);
//!
//! and the nanoparticle series LAMMPS writes (R, P, F before any constraint) equals multiscope's
//! order parameters to 1e-8 (relative to 1 + |value|) at every step.
//!
//! Why 1e-8 σ holds: both run velocity Verlet with the same forces; they differ only in the
//! order of floating-point sums (round-off ~1e-16 relative). In a Lennard-Jones liquid such
//! differences grow like e^{λt} with a largest Lyapunov exponent λ of a few per τ, so over
//! 100 steps (0.5 τ) they stay near 1e-14 σ, far below 1e-8; a wrong coefficient, mass, cut-off,
//! shift, bond constant (K = k/2), field or constraint gives differences of 1e-6 σ or more within
//! the first steps.

use multiscope::lammps::{DUMP_FILE, ExportOptions, LOG_FILE, SERIES_FILE, read_log, read_series};
use multiscope::md::Simulation;
use multiscope::measure::Segments;
use multiscope::scene::Scene;
use multiscope::trajectory::Trajectory;

use crate::common::lammps::{export_and_run, lammps_available};
use crate::common::{scene_variant, scratch};

const STEPS: u64 = 100;

/// Runs `scene` for 100 NVE steps in both engines and compares; `held` runs the held segment
/// instead of the free one.
fn compare(name: &str, mut scene: Scene, held: bool) {
    if !lammps_available(name) {
        return;
    }
    // Held to LAMMPS's double-precision arithmetic at 1e-8 σ: mixed precision's f32 pair forces
    // differ from it by ~1e-6 relative (the unit tests bound that), which chaos would amplify.
    scene.integration.precision = multiscope::md::Precision::Double;
    let dir = scratch(name);
    let options = ExportOptions {
        segments: Segments {
            steps: if held { 0 } else { STEPS },
            constrained_steps: Some(if held { STEPS } else { 0 }),
            windows: Some(0),
            relax_steps: 0,
            every: 1,
            ..Segments::default()
        },
        thermo_every: 1,
        dump_every: Some(1),
    };
    let manifest = export_and_run(&scene, &options, &dir);
    assert_eq!(manifest.equilibration_steps, 0);

    let mut sim: Simulation = scene.build(name).unwrap();
    assert!(sim.thermostat.is_none(), "the scene must be NVE");
    if held {
        sim.set_constrained(true);
    }
    let n = sim.system.atoms();
    let mut trajectory = Trajectory::open(&dir.join(DUMP_FILE)).unwrap();
    let log = read_log(&dir.join(LOG_FILE)).unwrap();
    assert!(log.len() as u64 > STEPS, "{} thermo lines", log.len());
    let mut frame_of_step = std::collections::HashMap::new();
    for i in 0..trajectory.frame_count() {
        // A step written twice (the end of one run, the start of the next) keeps its later
        // frame, as the log keeps its later thermo line.
        frame_of_step.insert(trajectory.step(i).unwrap(), i);
    }
    // The nanoparticle series (R, P, and F before the constraint), by step.
    let mut series = std::collections::HashMap::new();
    if sim.system.n_star > 0 {
        read_series(&dir.join(SERIES_FILE), |_, row| {
            series.insert(row.step, row);
            Ok(())
        })
        .unwrap();
        assert!(
            series.len() as u64 >= STEPS,
            "{} series records",
            series.len()
        );
    }
    let mut worst_x: f64 = 0.0;
    let mut worst_e: f64 = 0.0;
    for step in 0..=STEPS {
        if step > 0 {
            sim.step(true).unwrap();
        }
        let frame = trajectory
            .read_frame(frame_of_step[&step])
            .unwrap_or_else(|e| panic!("{name}: no frame for step {step}: {e}"));
        assert_eq!(frame.positions.len(), n);
        let b = sim.system.periodic_box;
        for (k, (&id, p)) in frame.ids.iter().zip(&frame.positions).enumerate() {
            let i = id as usize - 1;
            let u = sim.state.unwrapped(i, &b);
            let d = (0..3).map(|a| (u[a] - p[a]).abs()).fold(0.0, f64::max);
            assert!(
                d <= 1e-8,
                "{name}: step {step}, atom id {id} (row {k}): multiscope {u:?}, LAMMPS {p:?}, \
                 apart by {d:.3e} σ"
            );
            worst_x = worst_x.max(d);
        }
        if let Some(row) = series.get(&step) {
            let op = sim.order_parameters();
            for a in 0..3 {
                let close = |x: f64, y: f64| (x - y).abs() <= 1e-8 * (1.0 + x.abs());
                assert!(
                    close(op.r[a], row.r[a])
                        && close(op.p[a], row.p[a])
                        && close(op.f[a], row.f[a]),
                    "{name}: step {step}, axis {a}: multiscope R {:?} P {:?} F {:?}, LAMMPS R {:?} \
                     P {:?} F {:?}",
                    op.r,
                    op.p,
                    op.f,
                    row.r,
                    row.p,
                    row.f
                );
            }
        }
        let th = log.iter().find(|t| t.step == step).expect("a thermo line");
        let e_ms = sim.thermo().total() / n as f64;
        let e_lmp = th.etotal / n as f64;
        let rel = ((e_ms - e_lmp) / e_ms).abs();
        assert!(
            rel <= 1e-6,
            "{name}: step {step}: E/N multiscope {e_ms}, LAMMPS {e_lmp} (relative {rel:.3e})"
        );
        worst_e = worst_e.max(rel);
    }
    eprintln!(
        "{name}: {n} atoms, {STEPS} steps: largest position difference {worst_x:.3e} σ, largest \
         relative E/N difference {worst_e:.3e}"
    );
}

#[test]
fn lj_fluid_nve_matches_lammps() {
    let scene = scene_variant(
        "scenes/lj-fluid.ron",
        &[
            ("equilibration_steps: 4000", "equilibration_steps: 0"),
            ("kind: Bussi(tau: 0.5)", "kind: None"),
        ],
    );
    compare("lammps_nve_lj_fluid", scene, false);
}

#[test]
fn default_scene_nve_matches_lammps() {
    let scene = scene_variant(
        "scenes/nanoparticle.ron",
        &[
            ("equilibration_steps: 2000", "equilibration_steps: 0"),
            ("kind: Bussi(tau: 2.0), during: Always", "kind: None"),
        ],
    );
    compare("lammps_nve_default", scene, false);
}

#[test]
fn double_well_field_nve_matches_lammps() {
    // The barrier top 0.2σ from the particle's start, so that the field's force is not zero.
    let scene = scene_variant(
        "scenes/double-well.ron",
        &[
            ("equilibration_steps: 2000", "equilibration_steps: 0"),
            ("kind: Bussi(tau: 2.0), during: Always", "kind: None"),
            ("center: 4.0)", "center: 4.2)"),
        ],
    );
    compare("lammps_nve_double_well", scene, false);
}

#[test]
fn held_particle_in_a_trap_nve_matches_lammps() {
    // A trap centred 0.5σ off the particle in x, y and z: the held particle feels its full force.
    let l = scene_variant("scenes/double-well.ron", &[]).box_length();
    let c = 0.5 * l + 0.5;
    let trap = format!("field: HarmonicTrap(k: 20.0, center: ({c}, {c}, {c})),");
    let scene = scene_variant(
        "scenes/double-well.ron",
        &[
            ("equilibration_steps: 2000", "equilibration_steps: 0"),
            ("kind: Bussi(tau: 2.0), during: Always", "kind: None"),
            (
                "field: DoubleWell(barrier: 1.805, separation: 0.6, center: 4.0),",
                &trap,
            ),
        ],
    );
    compare("lammps_nve_held_trap", scene, true);
}
