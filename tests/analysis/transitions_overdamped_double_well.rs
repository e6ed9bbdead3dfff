//! Claim: counting committed transitions (reach the far well's bottom region) on an overdamped
//! Langevin trajectory in a double well gives one-way rates that agree with the exact Smoluchowski
//! mean first-passage time between the regions (Gardiner's integral), within 3 Poisson standard
//! errors, while barrier recrossings — which a naive crossing count includes — are not counted.

use multiscope::analysis::{OrnsteinUhlenbeck, TransitionCounter};
use multiscope::coarse::mfpt_in_potential;
use multiscope::coarse::{EulerMaruyama, Force1d};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const BETA: f64 = 1.0;
const D: f64 = 1.0;
const HEIGHT: f64 = 4.0; // ΔU = 4 k_BT: k ≈ 0.06/τ
const A: f64 = 1.0;
/// Committed regions: |x ∓ a| ≤ 0.1 × separation = 0.2σ (U ≤ 0.52 k_BT).
const FRACTION: f64 = 0.1;
/// Euler–Maruyama step: βDU″Δt = 32·2.5·10⁻⁴ = 0.008; the weak O(Δt) bias of the rate is of that
/// order (< 1 %), below the 2 % Poisson error.
const STEP: f64 = 2.5e-4;
const EVERY: usize = 4;

#[test]
fn committed_rates_match_the_mfpt() {
    let field = Force1d::double_well(HEIGHT, 0.0, A).unwrap();
    let em = EulerMaruyama::new(D, BETA, STEP, field.clone(), None).unwrap();
    let dt = STEP * EVERY as f64;
    let mut counter = TransitionCounter::with_fraction(-A, A, FRACTION, dt);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(31);
    let mut x = -A;
    let mut naive = 0u64;
    let mut last = x;
    let samples = (40_000.0 / dt) as usize;
    for _ in 0..samples {
        for _ in 0..EVERY {
            em.step(&mut x, &mut rng);
        }
        counter.push(x);
        if x * last < 0.0 {
            naive += 1;
        }
        last = x;
    }
    let r = counter.rates();
    let radius = FRACTION * 2.0 * A;
    let u = |y: f64| field.potential(y);
    // Exact MFPT from the edge of the starting region to the far region's edge; walls at ±4σ
    // (U = 900 k_BT) are as good as none.
    let mfpt_lr = mfpt_in_potential(u, D, BETA, -4.0, -A + radius, A - radius, 400_000);
    let mfpt_rl = mfpt_in_potential(u, D, BETA, 4.0, A - radius, -A + radius, 400_000);
    let (k_lr, k_rl) = (1.0 / mfpt_lr, 1.0 / mfpt_rl);
    let z_lr = (r.k_left_to_right.mean - k_lr) / r.k_left_to_right.sem;
    let z_rl = (r.k_right_to_left.mean - k_rl) / r.k_right_to_left.sem;
    let z_nu = (r.frequency.mean - k_lr) / r.frequency.sem;
    println!(
        "n_LR {} n_RL {}, k_LR {} (z {z_lr:.2}), k_RL {} (z {z_rl:.2}), exact {k_lr:.5}; \
         frequency {} (z {z_nu:.2}); naive barrier crossings {naive}",
        r.left_to_right, r.right_to_left, r.k_left_to_right, r.k_right_to_left, r.frequency
    );
    assert!(r.left_to_right > 1000 && r.right_to_left > 1000);
    assert!(z_lr.abs() < 3.0 && z_rl.abs() < 3.0);
    // Symmetric well: transitions per unit time equal the one-way rate.
    assert!(z_nu.abs() < 3.0);
    // A Brownian path recrosses the barrier top many times per committed transition.
    assert!(naive > 5 * counter.transitions(), "naive {naive}");
}

#[test]
fn noise_at_the_barrier_is_not_a_transition() {
    // A particle held near the barrier top (Ornstein–Uhlenbeck, σ = 0.15σ, τ = 0.05τ) crosses
    // x = 0 thousands of times but never reaches a region (5σ away).
    let mut ou = OrnsteinUhlenbeck::<1>::new(0.15, 0.05, 0.01, 3);
    let mut counter = TransitionCounter::with_fraction(-A, A, FRACTION, 0.01);
    let (mut naive, mut last) = (0, 0.0);
    for _ in 0..100_000 {
        let x = ou.step()[0];
        counter.push(x);
        naive += u32::from(x * last < 0.0);
        last = x;
    }
    assert!(naive > 1000);
    assert_eq!(counter.transitions(), 0);
    assert_eq!(counter.committed(), None);
    // Then it falls into the left well, rattles at the barrier again, and returns: still none.
    for x in [-0.5, -0.9, -0.2, 0.3, -0.1, 0.6, -0.95] {
        counter.push(x);
    }
    assert_eq!(counter.transitions(), 0);
}
