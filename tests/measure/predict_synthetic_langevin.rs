//! Claim: when the nanoparticle really is a Langevin (Kramers) particle with friction ζ, every
//! prediction of `predict` holds — fed through the same `measure::Measurement` the MD feeds. The
//! "MD" here is exact Langevin dynamics (BAOAB, exact momentum statistics) in each field: free, a
//! harmonic trap and a double well; the "held particle's" force is an Ornstein–Uhlenbeck process
//! with ∫⟨δFδF⟩ = ζk_BT per component. So each comparison must come out within 3 combined
//! standard errors (fixed seeds), and a wrong friction must be caught.

use multiscope::analysis::{Cutoff, OrnsteinUhlenbeck};
use multiscope::coarse::{Baoab, Force1d};
use multiscope::field::ExternalField;
use multiscope::md::OrderParameters;
use multiscope::measure::{Cutoffs, Measurement, MeasurementSetup, Segment};
use multiscope::predict::{Predictions, predict};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const MASS: f64 = 20.0;
const ZETA: f64 = 40.0;
const KT: f64 = 1.0;
const DT: f64 = 0.01;

fn setup(field: ExternalField, block_len: u64) -> MeasurementSetup {
    MeasurementSetup {
        scene: "synthetic Langevin particle".into(),
        seed: 1,
        time_step: DT,
        sample_dt: DT,
        host_dt: DT,
        block_len,
        constrained_block_len: 1000,
        msd_block_len: 2 * block_len,
        nanoparticle: true,
        mass: MASS,
        epsilon: 1.0 / MASS,
        host_mass: 1e9,
        host_atoms: 0,
        stress: false,
        temperature: KT,
        box_length: 30.0,
        hydrodynamic_radius: 1.0,
        field,
        windows: Vec::new(),
        window_steps: 0,
        segment_steps: [0, 0],
        vacf_cutoff: 1.0,
        msd_window: [0.0, 1.0],
        dynamics: "exact Langevin".into(),
        cutoffs: Cutoffs {
            gamma: Cutoff::Time(5.0 * MASS / ZETA),
            ..Cutoffs::default()
        },
        moments: None,
    }
}

/// Runs `samples` free Langevin samples in `field` (x) and free along y, z, plus 200 τ of a held
/// force with friction `zeta_held`; returns the predictions.
fn run(
    field: ExternalField,
    samples: u64,
    block_len: u64,
    zeta_held: f64,
    seed: u64,
) -> Predictions {
    let mut m = Measurement::new(setup(field, block_len));
    let fx = Force1d::along_x(&field).unwrap();
    let ix = Baoab::new(MASS, ZETA, 1.0 / KT, DT, fx, None).unwrap();
    let free = Baoab::new(MASS, ZETA, 1.0 / KT, DT, Force1d::None, None).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let start = match field {
        ExternalField::HarmonicTrap { center, .. } => center[0],
        ExternalField::DoubleWell {
            center, separation, ..
        } => center - 0.5 * separation,
        ExternalField::None => 0.0,
    };
    let mut x = [start, 0.0, 0.0];
    let mut p = [0.0; 3];
    let mut f = [ix.force(x[0]), 0.0, 0.0];
    // Equilibrate 50 τ_P first.
    for k in 0..(samples + 5000) {
        ix.step(&mut x[0], &mut p[0], &mut f[0], &mut rng);
        for a in 1..3 {
            free.step(&mut x[a], &mut p[a], &mut f[a], &mut rng);
        }
        if k >= 5000 {
            let op = OrderParameters {
                r: x,
                p,
                mass: MASS,
                ..Default::default()
            };
            m.push_sample(Segment::Free, &op, None, None);
        }
    }
    // The held particle's force: ⟨δF_a²⟩ τ_F = ζ k_BT with τ_F = 0.02 τ.
    let tau_f = 0.02;
    let mut force =
        OrnsteinUhlenbeck::<3>::new((zeta_held * KT / tau_f).sqrt(), tau_f, DT, seed + 1);
    for _ in 0..20_000 {
        let op = OrderParameters {
            f: force.step(),
            ..Default::default()
        };
        m.push_sample(Segment::Constrained, &op, None, None);
    }
    let (report, _) = m.report();
    predict(&report, None)
}

fn assert_all_hold(p: &Predictions, want: &[&str]) {
    let entries = p.entries();
    let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
    for w in want {
        assert!(keys.contains(w), "{w} missing from {keys:?}");
    }
    for (k, c) in entries {
        assert!(c.holds, "{k}: z = {}: {}", c.z, c.why);
    }
}

#[test]
fn a_free_langevin_particle_meets_every_prediction() {
    // 1 200 τ: 2 400 τ_P; MSD blocks of 20 τ.
    let p = run(ExternalField::None, 120_000, 1000, ZETA, 7);
    let d = p.msd_diffusion.as_ref().unwrap();
    assert!((d.predicted.mean - KT / ZETA).abs() < 0.1 * KT / ZETA);
    // Flat in the box cannot be tested in a run that does not cross the box: said, not hidden.
    let flat = p.stationary_density.as_ref().unwrap();
    assert!(
        !flat.holds && flat.why.contains("Not testable"),
        "{}",
        flat.why
    );
    let mut p = p;
    p.stationary_density = None;
    assert_all_hold(
        &p,
        &[
            "msd_diffusion",
            "momentum_decay_time",
            "einstein_relation",
            "stationary_momentum",
        ],
    );
}

#[test]
fn a_wrong_friction_is_caught() {
    // The "held" friction is 1.5 × the true one: D_MSD, D_γ and τ_P disagree with it.
    let p = run(ExternalField::None, 120_000, 1000, 1.5 * ZETA, 7);
    for c in [
        &p.msd_diffusion,
        &p.einstein_relation,
        &p.momentum_decay_time,
    ] {
        let c = c.as_ref().unwrap();
        assert!(!c.holds && c.z.abs() > 3.0, "{}", c.why);
    }
}

#[test]
fn a_trapped_langevin_particle_meets_every_prediction() {
    // k = 5: ζ/k = 8 τ; 1 000 τ = 125 relaxation times, blocks of 50 τ.
    let field = ExternalField::HarmonicTrap {
        k: 5.0,
        center: [1.0, 0.0, 0.0],
    };
    let p = run(field, 100_000, 5000, ZETA, 11);
    assert_all_hold(
        &p,
        &[
            "position_relaxation_time",
            "stationary_density",
            "stationary_momentum",
        ],
    );
}

#[test]
fn a_double_well_langevin_particle_crosses_at_the_predicted_rate() {
    // βΔU = 2.5, a = 0.5σ: about 0.02 transitions per τ; 3 000 τ.
    let field = ExternalField::DoubleWell {
        barrier: 2.5,
        separation: 1.0,
        center: 0.0,
    };
    let p = run(field, 300_000, 5000, ZETA, 13);
    let r = p.transition_rate.as_ref().unwrap();
    assert!(r.transitions >= 30, "{} transitions", r.transitions);
    assert_all_hold(
        &p,
        &[
            "transition_rate",
            "stationary_density",
            "stationary_momentum",
            "msd_diffusion",
            "einstein_relation",
        ],
    );
}
