//! Claim: the export writes the whole pair table of a system with more than two atom types
//! (host + two nanoparticle types here, as a particle of two elements has): one mass per type,
//! a `pair_coeff` for every type pair (shifted and unshifted Lennard-Jones, WCA and no
//! interaction, so the `hybrid` style), and LAMMPS computes the same step-0 energy from the same
//! positions: to round-off (bound 1e-10 relative; the two engines order and group ~10⁵ pair
//! terms differently, and their two-type exports agree to ~1e-12).
//! A pair written for the wrong types, a missing pair or a wrong mass would change U or K by
//! far more.

use multiscope::lammps::{LOG_FILE, export_simulation, read_log};
use multiscope::md::{
    LennardJones, PairInteraction, Precision, RebuildPolicy, RunSettings, Simulation, Wca,
};
use multiscope::measure::Segments;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::common::lammps::{lammps_available, run_lammps};
use crate::common::{scene_variant, scratch};

fn lj(epsilon: f64, sigma: f64, cutoff: f64, shift: bool) -> PairInteraction {
    PairInteraction::LennardJones(LennardJones {
        epsilon,
        sigma,
        cutoff,
        shift,
    })
}

#[test]
fn three_types_export_the_full_pair_table() {
    let name = "lammps_three_types";
    if !lammps_available(name) {
        return;
    }
    let scene = scene_variant(
        "scenes/nanoparticle.ron",
        &[
            ("equilibration_steps: 2000", "equilibration_steps: 0"),
            ("kind: Bussi(tau: 2.0), during: Always", "kind: None"),
        ],
    );
    let built = scene.build(name).unwrap();
    let mut system = built.system.clone();
    // Every other nanoparticle atom becomes type 2, twice as heavy.
    let m1 = system.masses[0];
    for i in (1..system.n_star).step_by(2) {
        system.types[i] = 2;
        system.masses[i] = 2.0 * m1;
    }
    let table = [
        [
            lj(1.0, 1.0, 2.5, false),
            lj(1.0, 1.0, 2.5, false),
            lj(0.8, 1.05, 2.6, true),
        ],
        [
            PairInteraction::None,
            PairInteraction::None,
            PairInteraction::Wca(Wca {
                epsilon: 0.5,
                sigma: 0.9,
            }),
        ],
        [
            PairInteraction::None,
            PairInteraction::None,
            lj(0.5, 1.0, 2.0, true),
        ],
    ];
    system.interactions = (0..3)
        .map(|i| (0..3).map(|j| table[i.min(j)][i.max(j)]).collect())
        .collect();
    let settings = RunSettings {
        dt: scene.integration.time_step,
        skin: scene.integration.skin,
        policy: RebuildPolicy::Automatic,
        precision: Precision::Double,
    };
    let sim = Simulation::new(
        system,
        built.state.clone(),
        settings,
        None,
        Xoshiro256PlusPlus::seed_from_u64(1),
    )
    .unwrap();
    let options = multiscope::lammps::ExportOptions {
        segments: Segments {
            steps: 10,
            constrained_steps: Some(0),
            windows: Some(0),
            every: 1,
            ..Segments::default()
        },
        thermo_every: 1,
        dump_every: None,
    };
    let dir = scratch(name);
    export_simulation(&scene, name, &sim, &options, &dir).unwrap();
    let input = std::fs::read_to_string(dir.join("in.multiscope")).unwrap();
    for pair in ["1 1", "1 2", "1 3", "2 2", "2 3", "3 3"] {
        assert!(
            input.contains(&format!("pair_coeff      {pair} ")),
            "no pair_coeff {pair} in\n{input}"
        );
    }
    let data = std::fs::read_to_string(dir.join("data.multiscope")).unwrap();
    assert!(data.contains("3 atom types"));
    run_lammps(&dir);
    let log = read_log(&dir.join(LOG_FILE)).unwrap();
    let first = log.first().expect("a thermo line at step 0");
    assert_eq!(first.step, 0);
    let th = sim.thermo();
    let rel = |a: f64, b: f64| ((a - b) / b).abs();
    eprintln!(
        "{name}: step 0: U multiscope {:.15e}, LAMMPS {:.15e} (relative {:.1e}); K {:.15e} / \
         {:.15e} (relative {:.1e})",
        th.potential,
        first.pe,
        rel(first.pe, th.potential),
        th.kinetic,
        first.ke,
        rel(first.ke, th.kinetic)
    );
    assert!(rel(first.pe, th.potential) < 1e-10);
    assert!(rel(first.ke, th.kinetic) < 1e-10);
}
