//! Claim: the Lennard-Jones fluid at ρ* = 0.8442, T* = 0.722, N = 4000, r_c = 2.5σ truncated (not
//! shifted, no tail correction) agrees with the reference engine on the same model.
//!
//! Reference (issue "The atomistic engine", measured with LAMMPS, 29 Sep 2021 release, 500 τ of
//! NVE, T = 2K/(3N − 3)): U/N = −5.6389 ± 0.0001 and P = 0.9044 ± 0.0007 at T exactly 0.722, with
//! ∂U/∂T ≈ 1.19 and ∂P/∂T ≈ 6.48 at constant ρ to correct for our own mean temperature.

use multiscope::analysis::BlockAverage;
use multiscope::md::Precision;
use multiscope::scene::Scene;

const U_REF: f64 = -5.6389;
const U_REF_SEM: f64 = 0.0001;
const P_REF: f64 = 0.9044;
const P_REF_SEM: f64 = 0.0007;
const T_REF: f64 = 0.722;
const DU_DT: f64 = 1.19;
const DP_DT: f64 = 6.48;

#[test]
fn lj_fluid_matches_the_reference_energy_and_pressure() {
    matches_the_reference(Precision::Double, 5000);
}

/// The same reference with f32 pair forces: an independent trajectory, 100 τ (not 250 τ) to keep
/// the suite short, so its standard errors, and with them the bounds, are about 1.6 times wider.
#[test]
fn lj_fluid_matches_the_reference_in_mixed_precision() {
    matches_the_reference(Precision::Mixed, 2000);
}

/// Runs the reference scene in `precision`, sampling `samples` times every 10 steps.
fn matches_the_reference(precision: Precision, samples: usize) {
    let text = std::fs::read_to_string("scenes/lj-fluid.ron").unwrap();
    let scene = Scene::parse(&text, "scenes/lj-fluid.ron").unwrap();
    let mut sim = scene.build("lj-fluid").unwrap();
    sim.set_precision(precision);
    scene.equilibrate(&mut sim, |_| {}).unwrap();
    // 5 000 more NVE steps (25 τ) let the NVE run settle before sampling.
    sim.run(5000).unwrap();
    let n = sim.system.atoms() as f64;
    let (mut t, mut u, mut p) = (
        BlockAverage::new(),
        BlockAverage::new(),
        BlockAverage::new(),
    );
    // 250 τ (5000 samples) of NVE, sampled every 10 steps.
    for _ in 0..samples {
        sim.run(10).unwrap();
        let th = sim.thermo();
        t.push(th.temperature);
        u.push(th.potential / n);
        p.push(th.pressure);
    }
    let (t, u, p) = (
        t.result().unwrap().estimate,
        u.result().unwrap().estimate,
        p.result().unwrap().estimate,
    );
    let dt = t.mean - T_REF;
    let u_corr = u.mean - DU_DT * dt;
    let p_corr = p.mean - DP_DT * dt;
    // The slopes are quoted to ~1 %: count 2 % of each correction as a systematic error, plus
    // the slope times our own error on the mean temperature.
    let u_err =
        (u.sem.powi(2) + U_REF_SEM.powi(2) + (0.02 * DU_DT * dt).powi(2) + (DU_DT * t.sem).powi(2))
            .sqrt();
    let p_err =
        (p.sem.powi(2) + P_REF_SEM.powi(2) + (0.02 * DP_DT * dt).powi(2) + (DP_DT * t.sem).powi(2))
            .sqrt();
    eprintln!(
        "{precision:?}: T = {:.5} ± {:.5}; U/N = {:.5} ± {:.5} → {u_corr:.5} at T = 0.722 (ref {U_REF} ± {U_REF_SEM}, \
         combined error {u_err:.5}); P = {:.4} ± {:.4} → {p_corr:.4} (ref {P_REF} ± {P_REF_SEM}, \
         combined error {p_err:.4})",
        t.mean, t.sem, u.mean, u.sem, p.mean, p.sem
    );
    // 3 combined standard errors.
    assert!(
        (u_corr - U_REF).abs() < 3.0 * u_err,
        "U/N {u_corr} vs {U_REF} ± {u_err}"
    );
    assert!(
        (p_corr - P_REF).abs() < 3.0 * p_err,
        "P {p_corr} vs {P_REF} ± {p_err}"
    );
}
