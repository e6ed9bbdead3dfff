//! Claim: the default scene run in LAMMPS from its export samples the same physics as
//! multiscope: a thermostatted run's ⟨T⟩, U/N and P (with each of the two thermostats), and the
//! imported D_γ (free particle's momentum) and D_θ (held particle's force), agree with
//! multiscope's own within 3 combined standard errors (block averages, Flyvbjerg–Petersen;
//! Green–Kubo error blocks as in `measure`).
//!
//! The runs are independent samples of the same ensemble, not the same trajectory: the
//! thermostats are implemented differently (Bussi → LAMMPS's Nosé–Hoover with the same τ_T, as
//! the export maps it, since Debian's LAMMPS lacks `fix temp/csvr`; Langevin as BAOAB's O step →
//! LAMMPS's `fix langevin` force), and all are canonical. Each comparison is a two-sided test of
//! equal means at |z| ≤ 3 (false-alarm rate 0.3 % for Gaussian estimates).
//!
//! Run lengths: block averages need a run of many correlation times. The default scene's weak
//! thermostat (τ_T = 2 τ = 400 steps) makes T and P correlated over hundreds of steps, so 4000
//! steps would hold too few independent blocks for a trustworthy error bar (the 1000-step means
//! of a multiscope run scatter by ±0.007 in T, where 4000 steps' blocking claimed ±0.001). The
//! thermo comparison therefore couples the thermostat strongly (Bussi τ_T = 0.25 τ, Langevin
//! γ = 1/τ: correlation times of tens of steps, 4000 steps = hundreds of them); the diffusion
//! comparison keeps the scene's weak thermostat, as `measure` would, and uses its Green–Kubo
//! blocks (20 blocks of 1 τ against a momentum decay time ≈ 0.2 τ).

use multiscope::analysis::BlockAverage;
use multiscope::lammps::{ExportOptions, import};
use multiscope::measure::Segments;
use multiscope::measure::{MeasureOptions, measure};

use crate::common::lammps::{export_and_run, lammps_available, z_printed};
use crate::common::{run, scene_variant, scratch};

const STEPS: u64 = 4000;

/// ⟨T⟩, U/N and P of 4000 thermostatted steps after the scene's equilibration, thermo every 10
/// steps, in both engines.
fn thermo_matches(name: &str, thermostat: &str) {
    if !lammps_available(name) {
        return;
    }
    let scene = scene_variant(
        "scenes/nanoparticle.ron",
        &[("kind: Bussi(tau: 2.0), during: Always", thermostat)],
    );
    let dir = scratch(name);
    let options = ExportOptions {
        segments: Segments {
            steps: STEPS,
            constrained_steps: Some(0),
            windows: Some(0),
            ..Segments::default()
        },
        thermo_every: 10,
        ..ExportOptions::default()
    };
    export_and_run(&scene, &options, &dir);
    let imported = import(&dir, None).unwrap();
    let thermo = imported.thermo.expect("the log has thermo lines");
    assert_eq!(thermo.lines as u64, STEPS / 10);

    let mut sim = scene.build(name).unwrap();
    scene.equilibrate(&mut sim, |_| {}).unwrap();
    let n = sim.system.atoms() as f64;
    let mut b = [
        BlockAverage::new(),
        BlockAverage::new(),
        BlockAverage::new(),
    ];
    for k in 1..=STEPS {
        let sampled = k % 10 == 0;
        sim.step(sampled).unwrap();
        if sampled {
            let th = sim.thermo();
            b[0].push(th.temperature);
            b[1].push(th.potential / n);
            b[2].push(th.pressure);
        }
    }
    let ours: Vec<_> = b.iter().map(|b| b.result().unwrap().estimate).collect();
    let theirs = [
        thermo.temperature,
        thermo.potential_energy_per_atom,
        thermo.pressure,
    ];
    let mut worst: f64 = 0.0;
    for ((q, a), t) in ["T", "U/N", "P"].iter().zip(&ours).zip(&theirs) {
        worst = worst.max(z_printed(name, q, *a, *t, ""));
    }
    assert!(worst <= 3.0, "{name}: a z of {worst:.2} > 3 (see above)");
}

#[test]
fn bussi_thermostatted_default_scene_matches_lammps() {
    thermo_matches(
        "lammps_thermo_bussi",
        "kind: Bussi(tau: 0.25), during: Always",
    );
}

#[test]
fn langevin_thermostatted_default_scene_matches_lammps() {
    thermo_matches(
        "lammps_thermo_langevin",
        "kind: Langevin(friction: 1.0), during: Always",
    );
}

#[test]
fn imported_diffusion_matches_measure() {
    let name = "lammps_import_diffusion";
    if !lammps_available(name) {
        return;
    }
    let scene = scene_variant("scenes/nanoparticle.ron", &[]);
    let dir = scratch(name);
    let options = ExportOptions {
        segments: Segments {
            steps: STEPS,
            windows: Some(0),
            ..Segments::default()
        },
        ..ExportOptions::default()
    };
    export_and_run(&scene, &options, &dir);
    let imported = import(&dir, None).unwrap();
    assert_eq!(imported.samples[0], STEPS / 2);
    assert_eq!(imported.samples[1], STEPS / 2);
    let measured = measure(
        &scene,
        "default",
        &MeasureOptions {
            segments: Segments {
                steps: STEPS,
                windows: Some(0),
                ..Segments::default()
            },
            host: false,
            viscosity: false,
            ..MeasureOptions::default()
        },
        &|_| {},
    )
    .unwrap();
    let (m, l) = (&measured.report, &imported.report);
    let mut worst: f64 = 0.0;
    for (q, a, t) in [("D_γ", m.d_gamma, l.d_gamma), ("D_θ", m.d_theta, l.d_theta)] {
        let (a, t) = (
            a.expect("multiscope measures it"),
            t.expect("import measures it"),
        );
        worst = worst.max(z_printed(name, q, a, t, " σ²/τ"));
    }
    assert!(worst <= 3.0, "{name}: a z of {worst:.2} > 3 (see above)");

    // The command line gives the same report as coefficients JSON, and `solve` takes it.
    let out = run(["import", dir.to_str().unwrap(), "--json"]).ok();
    let json = out.json();
    assert_eq!(json["d_theta"]["mean"].as_f64(), l.d_theta.map(|e| e.mean));
    assert!(json["lammps"]["thermo"]["temperature"]["mean"].is_number());
    let file = dir.join("coefficients.json");
    std::fs::write(&file, &out.stdout).unwrap();
    run([
        "solve",
        "--coefficients",
        file.to_str().unwrap(),
        "--equation",
        "smoluchowski",
        "--t-end",
        "1",
        "--json",
        "--out",
        dir.join("solve").to_str().unwrap(),
    ])
    .ok();
}
