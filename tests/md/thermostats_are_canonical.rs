//! Claim: Bussi and Langevin thermostats sample the canonical ensemble: the mean temperature is the
//! target and the kinetic energy's variance is the canonical one, Var K = (N_f/2)·T² (N_f
//! thermalised degrees of freedom), within statistical error from block averaging.

use multiscope::analysis::BlockAverage;

use crate::common;

fn sample(thermostat: &str, steps: u64) -> (f64, f64, f64, f64, f64) {
    // A small fluid with a nanoparticle (bonds, two atom types) at T = 1.
    let mut sim = common::build(&common::small_nanoparticle(250, "None", thermostat, false));
    sim.run(2000).unwrap();
    let mut k = BlockAverage::new();
    let mut k2 = BlockAverage::new();
    let mut t = BlockAverage::new();
    for _ in 0..steps / 5 {
        sim.run(5).unwrap();
        let th = sim.thermo();
        k.push(th.kinetic);
        k2.push(th.kinetic * th.kinetic);
        t.push(th.temperature);
    }
    let kr = k.result().unwrap().estimate;
    let k2r = k2.result().unwrap().estimate;
    let tr = t.result().unwrap().estimate;
    let var = k2r.mean - kr.mean * kr.mean;
    // Error of the variance ≈ error of ⟨K²⟩ (the ⟨K⟩² term is far better determined).
    (
        tr.mean,
        tr.sem,
        var,
        k2r.sem,
        sim.system.degrees_of_freedom(),
    )
}

/// `extra_dof`: thermalised degrees of freedom beyond the 3N − 3 of the temperature estimator.
fn check(thermostat: &str, extra_dof: f64) {
    let (t, t_sem, var, var_sem, dof) = sample(thermostat, 100_000);
    let nf = dof + extra_dof;
    // T = 1: ⟨K⟩ = N_f/2, so the estimator 2K/(3N − 3) reads N_f/(3N − 3); Var K = N_f/2.
    let expected_t = nf / dof;
    let expected_var = 0.5 * nf;
    eprintln!(
        "{thermostat}: T = {t:.4} ± {t_sem:.4} (expected {expected_t:.4}); \
         Var K = {var:.1} ± {var_sem:.1} (canonical {expected_var:.1})"
    );
    // 4 standard errors: a false failure has probability < 1e-4 per check.
    assert!(
        (t - expected_t).abs() < 4.0 * t_sem,
        "mean T = {t} ± {t_sem}"
    );
    assert!(
        (var - expected_var).abs() < 4.0 * var_sem,
        "Var K = {var} ± {var_sem}, canonical {expected_var}"
    );
}

#[test]
fn bussi_gives_the_canonical_kinetic_energy() {
    // Bussi rescales globally: total momentum stays zero, N_f = 3N − 3.
    check("Bussi(tau: 0.2)", 0.0);
}

#[test]
fn langevin_gives_the_canonical_kinetic_energy() {
    // Langevin thermalises every atom's momentum, total momentum included: N_f = 3N.
    check("Langevin(friction: 1.0)", 3.0);
}
