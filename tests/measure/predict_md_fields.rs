//! Claims, on real MD: (1) in the shipped double well the MD's committed transitions come at the
//! rate the Fokker–Planck equation predicts with the measured ζ, within 3 combined standard
//! errors, with the Smoluchowski and Kramers rates beside it; (2) in a harmonic trap whose whole
//! periodic fluid swings in the trap (M_total < 4ζ²/k) the comparison is reported as outside the
//! theory's reach, with the reason, not as a pass or a bare failure.

use multiscope::measure::{MeasureOptions, Segments, measure};
use multiscope::predict::predict;
use multiscope::scene::Scene;

use crate::common;

#[test]
fn double_well_transitions_come_at_the_fokker_planck_rate() {
    let scene = Scene::load(std::path::Path::new("scenes/double-well.ron")).unwrap();
    // 12 transitions: the rate to ±29 % (Poisson), about 200 000 free steps.
    let options = MeasureOptions {
        segments: Segments {
            steps: 20_000,
            windows: Some(0),
            ..Segments::default()
        },
        host: false,
        viscosity: false,
        min_transitions: 12,
        ..MeasureOptions::default()
    };
    let r = measure(&scene, "double-well.ron", &options, &|_| {})
        .unwrap_or_else(|e| panic!("{e}"))
        .report;
    let p = predict(&r, None);
    let rate = p
        .transition_rate
        .as_ref()
        .expect("a double well has a rate");
    eprintln!("{}; notes {:?}", rate.comparison.why, r.notes);
    assert!(rate.transitions >= 12, "{} transitions", rate.transitions);
    assert!(rate.comparison.holds, "{}", rate.comparison.why);
    // The three predictions agree with each other at this friction (within 1/(βΔU) = 40 %).
    let fp = rate.comparison.predicted.mean;
    for other in [rate.smoluchowski.mean, rate.kramers.mean] {
        assert!((other / fp - 1.0).abs() < 0.4, "{other} vs {fp}");
    }
    assert!(p.stationary_momentum.unwrap().holds);
}

#[test]
fn a_trap_that_swings_the_whole_fluid_is_outside_the_theorys_reach() {
    let scene = common::SmallScene {
        description: "trap test",
        seed: 4,
        equilibration_steps: 500,
        thermostat: "Bussi(tau: 1.0)".into(),
        field: "HarmonicTrap(k: 5.0, center: (3.6, 3.6, 3.6))".into(),
        ..Default::default()
    }
    .scene();
    let options = MeasureOptions {
        segments: Segments {
            steps: 4000,
            windows: Some(0),
            ..Segments::default()
        },
        host: false,
        viscosity: false,
        max_free_steps: Some(20_000),
        ..MeasureOptions::default()
    };
    let r = measure(&scene, "trap test", &options, &|_| {})
        .unwrap_or_else(|e| panic!("{e}"))
        .report;
    assert!(r.d_gamma.is_none(), "no free direction in a trap");
    assert!(
        r.notes.iter().any(|n| n.contains("the bound")),
        "{:?}",
        r.notes
    );
    let c = predict(&r, None)
        .position_relaxation_time
        .expect("a trap has a position relaxation time");
    assert!(!c.holds, "{}", c.why);
    assert!(c.why.contains("Outside the theory's reach"), "{}", c.why);
}
