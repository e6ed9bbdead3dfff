//! Claim: every force (pair, bond, external) is −∇ of the potential energy, checked by central
//! finite differences on a nanoparticle in a host; without an external field the total force is
//! zero (Newton's third law).

use multiscope::md::{ForceField, Precision, RebuildPolicy};

use crate::common;

fn check(field: &str) -> f64 {
    let sim = common::build(&common::small_nanoparticle(300, field, "None", false));
    let system = sim.system.clone();
    let mut state = sim.state.clone();
    // A large skin keeps the same list valid while atoms are displaced by h.
    let mut ff = ForceField::new(&system, 0.5, RebuildPolicy::Every(u64::MAX));
    // The 1e-5 tolerance below is for f64 forces; the unit tests hold mixed precision's f32 pair
    // forces to these within f32 round-off.
    ff.precision = Precision::Double;
    ff.compute(&system, &mut state, true).unwrap();
    let forces = state.forces.clone();
    let energy = |st: &mut multiscope::md::State, ff: &mut ForceField| {
        ff.compute(&system, st, true).unwrap().potential_energy()
    };
    // Central differences: truncation error O(h²·u''') ~ 1e-8 for h = 1e-5 in LJ units, and
    // round-off ~ 1e-16·|U|/h ~ 1e-9 for |U| ~ 1e3; 1e-5 absolute tolerance leaves a wide margin
    // while a missing or wrong-sign term (forces ~ 1–100) fails by orders of magnitude.
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    // Nanoparticle atoms (bonds, field, both pair types) and some host atoms.
    for &i in &[0usize, 3, 7, 12, 13, 40, 150, 299] {
        for a in 0..3 {
            let mut plus = state.clone();
            plus.positions[i][a] += h;
            let mut minus = state.clone();
            minus.positions[i][a] -= h;
            let fd = -(energy(&mut plus, &mut ff) - energy(&mut minus, &mut ff)) / (2.0 * h);
            let err = (fd - forces[i][a]).abs();
            assert!(
                err < 1e-5 * (1.0 + forces[i][a].abs()),
                "{field}: atom {i} axis {a}: analytic {} vs finite difference {fd}",
                forces[i][a]
            );
            worst = worst.max(err);
        }
    }
    let mut total = [0.0; 3];
    for f in &forces {
        for a in 0..3 {
            total[a] += f[a];
        }
    }
    total.iter().map(|t| t.abs()).fold(0.0, f64::max)
}

#[test]
fn forces_are_minus_the_energy_gradient_without_field() {
    let total = check("None");
    // Pair and bond forces cancel in pairs: the sum is zero to round-off (forces ~ 10², N ~ 300).
    assert!(total < 1e-9, "total force {total}");
}

#[test]
fn forces_are_minus_the_energy_gradient_in_a_harmonic_trap() {
    check("HarmonicTrap(k: 3.0, center: (4.0, 4.5, 5.0))");
}

#[test]
fn forces_are_minus_the_energy_gradient_in_a_double_well() {
    check("DoubleWell(barrier: 4.0, separation: 2.0, center: 4.3)");
}
