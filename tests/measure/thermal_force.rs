//! Claim (docs/physics.md, "The thermal (mean) force"): the mean force on the held nanoparticle,
//! f^th(R), is zero in a homogeneous host without a field, and equals the field's own force
//! −∂U/∂x when a double-well field acts on the centre of mass (the host averages out). Measured by
//! `measure`'s windows: the whole system is translated so that the particle sits at each window.

use multiscope::measure::{MeasureOptions, Report, Segments, measure};
use multiscope::scene::Scene;

use crate::common;

/// A 13-atom sphere (m = 20 m̂) in 500 host atoms; `field` is the scene's field.
fn scene(field: &str) -> Scene {
    common::SmallScene {
        description: "f^th test",
        seed: 21,
        host: 500,
        equilibration_steps: 1000,
        thermostat: "Bussi(tau: 1.0)".into(),
        field: field.into(),
        ..Default::default()
    }
    .scene()
}

fn profile(scene: &Scene, windows: usize) -> Report {
    let options = MeasureOptions {
        segments: Segments {
            steps: 400,
            windows: Some(windows),
            window_steps: Some(6000),
            blocks: 10,
            ..Segments::default()
        },
        // The free and constrained segments are not under test here: keep them minimal.
        host: false,
        viscosity: false,
        ..MeasureOptions::default()
    };
    measure(scene, "f^th test scene", &options, &|_| {})
        .unwrap_or_else(|e| panic!("{e}"))
        .report
}

/// Each window is an independent constrained run; its mean carries a Flyvbjerg–Petersen standard
/// error from ≥ 16 blocks. With K windows, 4 standard errors bound each (a false alarm per window
/// has probability ≈ 10⁻⁴ for a Gaussian, ≈ 10⁻³ for Student-t with 15 dof), and the χ² of all
/// windows must be below its 99.9 % quantile for K dof (K = 4: 18.5; K = 5: 20.5).
fn check(report: &Report, chi2_limit: f64, what: &str) {
    let f = report.f_th.as_ref().expect("profile measured");
    let mut chi2 = 0.0;
    for i in 0..f.positions.len() {
        let v = f.values[i];
        let z = (v.mean - f.field_force[i]) / v.sem;
        eprintln!(
            "{what}: x = {:.3}: f^th = {:.3} ± {:.3}, field −U' = {:.3} (z = {z:.2})",
            f.positions[i], v.mean, v.sem, f.field_force[i]
        );
        assert!(
            v.sem.is_finite() && v.sem > 0.0,
            "window {i} has no error bar"
        );
        assert!(
            z.abs() < 4.0,
            "{what}: window {i} off by {z:.2} standard errors"
        );
        chi2 += z * z;
    }
    assert!(chi2 < chi2_limit, "{what}: χ² = {chi2:.1} ≥ {chi2_limit}");
    for t in f.transverse {
        assert!(t.z_score(0.0) < 4.0, "{what}: transverse mean force {t}");
    }
}

#[test]
fn thermal_force_vanishes_in_a_homogeneous_host() {
    let report = profile(&scene("None"), 4);
    check(&report, 18.5, "no field");
    let f = report.f_th.unwrap();
    assert!(f.field_force.iter().all(|&x| x == 0.0));
    // The test can fail: the error bars (≈ 3 ε/σ from 3 000 samples) are small against the force's
    // own scale (the host pushes on the held particle with |F| ≈ 40 ε/σ at any instant).
    assert!(f.values.iter().all(|v| v.sem < 5.0), "{:?}", f.values);
}

#[test]
fn thermal_force_equals_the_double_well_force() {
    // Barrier 4 ε, wells 3σ apart: −U' = ±64 ε/σ at the outer windows and zero at the wells and
    // the barrier. The windows span centre ± separation.
    let report = profile(
        &scene("DoubleWell(barrier: 4.0, separation: 3.0, center: 4.3)"),
        5,
    );
    check(&report, 20.5, "double well");
    let f = report.f_th.unwrap();
    // The outer windows see a strong restoring force: a profile that ignored the field (or got
    // it at half strength, 32 ε/σ off) would fail the 4σ check above by a wide margin.
    assert!((f.field_force[0] - 64.0).abs() < 1e-9);
    assert!(f.values[0].sem < 5.0 && f.values[4].sem < 5.0);
    // Potential of mean force: A(x_4) − A(x_0) = U(x_4) − U(x_0) = 0 by the field's symmetry (the
    // trapezoid rule on 5 points is too coarse to check A at the barrier itself).
    let a = &f.potential_of_mean_force;
    assert!(a[4].z_score(0.0) < 4.0, "A(x_4) − A(x_0) = {}", a[4]);
}

#[test]
fn translating_the_system_moves_r_and_keeps_the_energy() {
    // How the windows are placed: every atom shifted, folded back into the box, images updated.
    let mut sim = scene("None").build("f^th test scene").unwrap();
    sim.step(true).unwrap();
    let (r0, u0) = (sim.order_parameters().r, sim.thermo().potential);
    let unwrapped0: Vec<[f64; 3]> = (0..sim.system.atoms())
        .map(|i| sim.state.unwrapped(i, &sim.system.periodic_box))
        .collect();
    let shift = [3.7, -12.1, 25.3];
    sim.translate(shift).unwrap();
    let l = sim.system.periodic_box.length();
    let r1 = sim.order_parameters().r;
    for a in 0..3 {
        assert!((r1[a] - r0[a] - shift[a]).abs() < 1e-9, "R {r0:?} → {r1:?}");
    }
    for (i, u) in unwrapped0.iter().enumerate() {
        let x = sim.state.positions[i];
        assert!(
            x.iter().all(|&c| (0.0..l).contains(&c)),
            "atom {i} outside the box"
        );
        let v = sim.state.unwrapped(i, &sim.system.periodic_box);
        assert!((0..3).all(|a| (v[a] - u[a] - shift[a]).abs() < 1e-9));
    }
    // Pair and bond energies are translation invariant; the forces were recomputed.
    let u1 = sim.thermo().potential;
    assert!((u1 - u0).abs() < 1e-8 * u0.abs(), "U {u0} → {u1}");
    sim.run(50).unwrap();
}
