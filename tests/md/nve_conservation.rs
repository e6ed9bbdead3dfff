//! Claim: in NVE, velocity Verlet conserves total momentum to round-off and total energy with a
//! small drift; the Lennard-Jones fluid at Δt = 0.005 drifts less than 1e-5 ε per atom per τ.

use multiscope::scene::Scene;

use crate::common;

#[test]
fn momentum_is_conserved_with_a_nanoparticle() {
    let mut sim = common::build(&common::small_nanoparticle(400, "None", "None", false));
    let p0 = common::momentum(&sim);
    sim.run(2000).unwrap();
    let p1 = common::momentum(&sim);
    for a in 0..3 {
        // Each step adds round-off ~1e-16·Σ|F|dt; 2000 steps stay far below 1e-10.
        assert!(
            (p1[a] - p0[a]).abs() < 1e-10,
            "axis {a}: {} → {}",
            p0[a],
            p1[a]
        );
    }
}

#[test]
fn lj_fluid_energy_drift_is_below_1e_minus_5_per_atom_per_tau() {
    drift_is_below_1e_minus_5(multiscope::md::Precision::Double);
}

/// The same bound with f32 pair forces: their rounding (~1e-7 relative) is random from step to
/// step and adds no systematic drift at this size.
#[test]
fn lj_fluid_energy_drift_is_below_1e_minus_5_in_mixed_precision() {
    drift_is_below_1e_minus_5(multiscope::md::Precision::Mixed);
}

fn drift_is_below_1e_minus_5(precision: multiscope::md::Precision) {
    let text = std::fs::read_to_string("scenes/lj-fluid.ron").unwrap();
    let scene = Scene::parse(&text, "scenes/lj-fluid.ron").unwrap();
    let mut sim = scene.build("lj-fluid").unwrap();
    sim.set_precision(precision).unwrap();
    scene.equilibrate(&mut sim, |_| {}).unwrap();
    assert!(sim.thermostat.is_none(), "production must be NVE");
    let n = sim.system.atoms() as f64;
    // 40 τ of NVE, energy sampled every 0.25 τ; slope by least squares.
    let (mut t, mut e) = (Vec::new(), Vec::new());
    for _ in 0..160 {
        sim.run(50).unwrap();
        let th = sim.thermo();
        t.push(th.time);
        e.push(th.total() / n);
    }
    let fit = multiscope::analysis::fit_slope(&t, &e, f64::NEG_INFINITY, f64::INFINITY).unwrap();
    let drift = fit.slope.mean.abs();
    eprintln!(
        "{precision:?}: energy drift {drift:.3e} ε/atom/τ (± {:.1e})",
        fit.slope.sem
    );
    // The truncated (unshifted) potential makes E jump by u(r_c) = −0.0163 ε whenever a pair
    // crosses r_c, so E/N wanders by ~1e-3 over 40 τ; the slope is what must stay small.
    assert!(drift < 1e-5, "drift {drift:e} per atom per τ");
}
