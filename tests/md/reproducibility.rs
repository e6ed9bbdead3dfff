//! Claim: a seed reproduces a trajectory bit for bit (same thread count), a different seed gives a
//! different one, and a run continued from a checkpoint is bit-identical to an uninterrupted run.

use multiscope::md::Simulation;

use crate::common::{self, scratch};

fn scene(seed: u64) -> String {
    common::small_nanoparticle(300, "None", "Langevin(friction: 0.5)", false)
        .replace("seed: 5", &format!("seed: {seed}"))
}

fn run(seed: u64, steps: u64) -> Simulation {
    let mut sim = common::build(&scene(seed));
    sim.run(steps).unwrap();
    sim
}

#[test]
fn same_seed_same_trajectory_different_seed_different() {
    let a = run(17, 500);
    let b = run(17, 500);
    assert_eq!(a.state, b.state, "same seed must give identical states");
    let c = run(18, 500);
    assert_ne!(a.state.positions, c.state.positions);
}

#[test]
fn same_seed_same_trajectory_on_two_threads() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let (a, b) = pool.install(|| (run(3, 300), run(3, 300)));
    assert_eq!(a.state, b.state);
    let mixed = || {
        let mut sim = common::build(&scene(3));
        sim.set_precision(multiscope::md::Precision::Mixed).unwrap();
        sim.run(300).unwrap();
        sim
    };
    let (a, b) = pool.install(|| (mixed(), mixed()));
    assert_eq!(a.state, b.state, "mixed precision on two threads");
}

#[test]
fn checkpoint_and_resume_is_bit_identical() {
    let dir = scratch("checkpoint_resume");
    let path = dir.join("half.json");
    // Thermostat noise, list rebuilds and the constraint-free dynamics all have to resume exactly.
    let full = run(9, 400);
    let half = run(9, 173);
    half.save_checkpoint(&path).unwrap();
    let mut resumed = Simulation::load_checkpoint(&path).unwrap();
    assert_eq!(resumed.state, half.state);
    resumed.run(400 - 173).unwrap();
    assert_eq!(resumed.state, full.state, "resumed run diverged");
    assert_eq!(resumed.state.step, 400);
}

#[test]
fn unreadable_checkpoint_is_a_clear_error() {
    let dir = scratch("unreadable_checkpoint");
    let path = dir.join("bad.json");
    std::fs::write(&path, "{ not json").unwrap();
    let err = Simulation::load_checkpoint(&path).unwrap_err().to_string();
    assert!(
        err.contains("bad.json") && err.contains("not a readable checkpoint"),
        "{err}"
    );
}

#[test]
fn mixed_precision_reproduces_a_seed_and_resumes_bit_identically() {
    use multiscope::md::Precision;
    let run_mixed = |seed: u64, steps: u64| {
        let mut sim = common::build(&scene(seed));
        sim.set_precision(Precision::Mixed).unwrap();
        sim.run(steps).unwrap();
        sim
    };
    let (a, b) = (run_mixed(21, 300), run_mixed(21, 300));
    assert_eq!(a.state, b.state, "same seed must give identical states");
    assert_ne!(
        a.state.positions,
        run(21, 300).state.positions,
        "mixed ran in double"
    );
    let dir = scratch("checkpoint_resume_mixed");
    let path = dir.join("half.json");
    let half = run_mixed(21, 130);
    half.save_checkpoint(&path).unwrap();
    let mut resumed = Simulation::load_checkpoint(&path).unwrap();
    assert_eq!(resumed.precision(), Precision::Mixed);
    resumed.run(300 - 130).unwrap();
    assert_eq!(
        resumed.state, a.state,
        "resumed mixed-precision run diverged"
    );
}

/// Dynamic pruning of the cluster-pair list changes which cluster pairs are computed, never the
/// forces: with and without it the trajectory is the same bit for bit (both precisions, 1 and 2
/// threads, a nanoparticle of a second atom type in 800 host atoms, list rebuilds on the way).
#[test]
fn pruning_leaves_the_trajectory_bit_identical() {
    for precision in ["Double", "Mixed"] {
        let text = common::SmallScene {
            host: 800,
            thermostat: "Bussi(tau: 0.5)".into(),
            precision,
            ..Default::default()
        }
        .text();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let run = |margin: f64| {
                pool.install(|| {
                    let mut sim = common::build(&text);
                    sim.set_prune_margin(margin);
                    let before = sim.cluster_list().prunes();
                    sim.run(400).unwrap();
                    let prunes = sim.cluster_list().prunes() - before;
                    (sim, prunes)
                })
            };
            let ((pruned, prunes), (full, none)) =
                (run(multiscope::md::DEFAULT_PRUNE_MARGIN), run(0.0));
            assert!(prunes > 10, "pruning ran {prunes} times");
            assert_eq!(none, 0);
            assert!(pruned.list_builds() > 1, "no list rebuild on the way");
            assert_eq!(pruned.state, full.state, "{threads} threads, {precision}");
        }
    }
}

/// Switching precision recomputes the current forces in the new precision: a scene built in
/// double and switched to mixed follows, bit for bit, the trajectory of the same scene built in
/// mixed (and back), with list rebuilds and pruning on the way.
#[test]
fn switching_precision_gives_the_trajectory_of_a_scene_built_in_it() {
    let text = |precision| {
        common::SmallScene {
            thermostat: "Bussi(tau: 0.5)".into(),
            precision,
            ..Default::default()
        }
        .text()
    };
    for (built, other) in [("Double", "Mixed"), ("Mixed", "Double")] {
        let mut native = common::build(&text(other));
        let mut switched = common::build(&text(built));
        assert_ne!(switched.precision(), native.precision());
        switched.set_precision(native.precision()).unwrap();
        switched.run(300).unwrap();
        native.run(300).unwrap();
        assert!(native.list_builds() > 1, "no list rebuild on the way");
        assert_eq!(switched.state, native.state, "{built} switched to {other}");
    }
}
