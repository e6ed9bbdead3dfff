//! Claim: a held nanoparticle feels the same mean force in LAMMPS as in multiscope, in both
//! external fields: the f^th(x) profile measured through the exported run's windows (imported)
//! agrees window by window with `multiscope measure`'s, for the double well and for a harmonic
//! trap.
//!
//! The two profiles are independent measurements (different thermostat noise; multiscope starts
//! every window from the equilibrated state, LAMMPS one after another), each with its
//! Flyvbjerg–Petersen standard error. Testing K windows at once, the per-window bound is the
//! Bonferroni one that keeps the whole profile's false-alarm rate at 0.27 % (that of a single
//! 3σ test): |z| ≤ Φ⁻¹(1 − 0.0027/(2K)), 3.62 for K = 9 and 3.46 for K = 5.

use multiscope::lammps::{ExportOptions, import};
use multiscope::measure::Segments;
use multiscope::measure::{MeasureOptions, measure};
use multiscope::scene::Scene;

use crate::common::lammps::{export_and_run, lammps_available, z};
use crate::common::{scene_variant, scratch};

fn compare(name: &str, scene: Scene, windows: usize, z_max: f64) {
    if !lammps_available(name) {
        return;
    }
    let steps = 2000;
    let dir = scratch(name);
    let options = ExportOptions {
        segments: Segments {
            windows: Some(windows),
            window_steps: Some(1000),
            steps,
            ..Segments::default()
        },
        ..ExportOptions::default()
    };
    export_and_run(&scene, &options, &dir);
    let imported = import(&dir, None).unwrap();
    let measured = measure(
        &scene,
        name,
        &MeasureOptions {
            segments: Segments {
                windows: Some(windows),
                window_steps: Some(1000),
                steps,
                ..Segments::default()
            },
            host: false,
            viscosity: false,
            min_transitions: 0,
            max_free_steps: Some(steps),
            ..MeasureOptions::default()
        },
        &|_| {},
    )
    .unwrap();
    let ours = measured.report.f_th.expect("multiscope's profile");
    let theirs = imported.report.f_th.expect("the imported profile");
    assert_eq!(ours.positions.len(), windows);
    assert_eq!(theirs.positions.len(), windows);
    for k in 0..windows {
        assert!((ours.positions[k] - theirs.positions[k]).abs() < 1e-9);
        let (a, t) = (ours.values[k], theirs.values[k]);
        let zz = z(a.mean, a.sem, t.mean, t.sem);
        eprintln!(
            "{name}: x = {:.3}: multiscope {:.3} ± {:.3}, LAMMPS {:.3} ± {:.3}, field {:.3}, z = {zz:.2}",
            ours.positions[k], a.mean, a.sem, t.mean, t.sem, ours.field_force[k]
        );
        assert!(zz <= z_max, "{name}: window {k}: z = {zz:.2} > {z_max}");
    }
}

#[test]
fn double_well_mean_force_profile_matches_lammps() {
    compare(
        "lammps_profile_double_well",
        scene_variant("scenes/double-well.ron", &[]),
        9,
        3.62,
    );
}

#[test]
fn harmonic_trap_mean_force_profile_matches_lammps() {
    let l = scene_variant("scenes/double-well.ron", &[]).box_length();
    let c = 0.5 * l;
    let trap = format!("field: HarmonicTrap(k: 4.0, center: ({c}, {c}, {c})),");
    let scene = scene_variant(
        "scenes/double-well.ron",
        &[(
            "field: DoubleWell(barrier: 1.805, separation: 0.6, center: 4.0),",
            &trap,
        )],
    );
    compare("lammps_profile_trap", scene, 5, 3.46);
}
