//! Claim: in the constrained mode (the dynamics L₀ of docs/physics.md) the nanoparticle's centre of mass
//! stays where it is and its momentum stays zero, while the energy is still conserved; the net
//! force F on it keeps fluctuating (that is what θ is measured from).

use crate::common;

#[test]
fn centre_of_mass_is_held_and_energy_conserved() {
    let mut sim = common::build(&common::small_nanoparticle(400, "None", "None", true));
    let r0 = sim.order_parameters().r;
    sim.step(true).unwrap();
    let e0 = sim.thermo().total();
    let mut max_force: f64 = 0.0;
    for _ in 0..40 {
        sim.run(50).unwrap();
        let op = sim.order_parameters();
        for a in 0..3 {
            // R is advanced by P/m·dt with P = 0 up to round-off.
            assert!(
                (op.r[a] - r0[a]).abs() < 1e-9,
                "R moved: {:?} → {:?}",
                r0,
                op.r
            );
            assert!(op.p[a].abs() < 1e-10, "P = {:?}", op.p);
        }
        max_force = max_force.max(op.f.iter().map(|f| f.abs()).fold(0.0, f64::max));
    }
    sim.step(true).unwrap();
    let e1 = sim.thermo().total();
    let n = sim.system.atoms() as f64;
    // Shifted potentials, Δt = 0.004, 2000 steps: velocity Verlet keeps E/N within ~1e-4.
    assert!(((e1 - e0) / n).abs() < 5e-4, "E/N {} → {}", e0 / n, e1 / n);
    assert!(
        max_force > 1.0,
        "the host must still push on the held particle"
    );
}

#[test]
fn external_field_moves_a_free_particle_but_not_a_held_one() {
    let field = "HarmonicTrap(k: 20.0, center: (3.0, 3.0, 3.0))";
    let mut free = common::build(&common::small_nanoparticle(300, field, "None", false));
    let r0 = free.order_parameters().r;
    free.run(500).unwrap();
    let r1 = free.order_parameters().r;
    let moved = (0..3).map(|a| (r1[a] - r0[a]).powi(2)).sum::<f64>().sqrt();
    assert!(
        moved > 0.5,
        "a trap 2σ away must pull the particle (moved {moved})"
    );
    let mut held = common::build(&common::small_nanoparticle(300, field, "None", true));
    held.run(500).unwrap();
    let r2 = held.order_parameters().r;
    assert!((0..3).all(|a| (r2[a] - r0[a]).abs() < 1e-9));
}
