//! Claim: for a Langevin particle in a harmonic trap (BAOAB, small step) the position
//! autocorrelation measured with block errors follows the Kramers prediction
//! ⟨δx(0)δx(t)⟩ = (k_BT/k)e^{−ζt/2m}[cos ω₁t + (ζ/2mω₁) sin ω₁t] (cosh/sinh when overdamped), and
//! its scalar summaries agree with theirs: Var x = k_BT/k, ∫C = k_BT ζ/k², ∫C/C(0) = ζ/k.

use multiscope::analysis::{
    Comparison, ComparisonContext, Cutoff, GreenKubo, IntegratedCorrelation, MultipleTauParams,
};
use multiscope::coarse::{Baoab, DampedOscillator, Force1d};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const KT: f64 = 1.0;
/// BAOAB step [τ] (ω₀Δt = 0.05: the O(Δt²) bias of the dynamics is ~10⁻³, far below the
/// statistical errors) and sampling every 2 steps.
const STEP: f64 = 0.05;
const EVERY: usize = 2;
/// Per-lag tolerance: Student-t with ≥ 31 degrees of freedom, P(|t| > 4) < 4·10⁻⁴ per lag over
/// ≈ 60 compared lags. Scalars: 3 standard errors (the `Comparison` rule).
const K_LAG: f64 = 4.0;

fn check(zeta: f64, seed: u64) {
    let osc = DampedOscillator {
        mass: 1.0,
        zeta,
        k: 1.0,
        kt: KT,
    };
    let field = Force1d::harmonic(osc.k, 0.0).unwrap();
    let baoab = Baoab::new(osc.mass, zeta, 1.0 / KT, STEP, field, None).unwrap();
    let dt = STEP * EVERY as f64;
    let cutoff = osc.decay_time(8.0);
    // Blocks of 100 cut-off times, 32 blocks.
    let block = (100.0 * cutoff / dt) as u64;
    let params = MultipleTauParams {
        points: 32,
        averaging: 2,
        levels: 20,
    };
    let mut gk = GreenKubo::<1>::new(dt, block, params, true);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let (mut x, mut p) = (0.0, 0.0);
    let mut f = baoab.force(x);
    for _ in 0..(2000.0 / STEP) as usize {
        baoab.step(&mut x, &mut p, &mut f, &mut rng);
    }
    for _ in 0..32 * block {
        for _ in 0..EVERY {
            baoab.step(&mut x, &mut p, &mut f, &mut rng);
        }
        gk.push_auto([x]);
    }
    assert_eq!(gk.n_blocks(), 32);
    // C(t) lag by lag on levels 0 and 1 (spacing ≤ 2Δt: the multiple-tau smoothing error,
    // (ω h)²/12 ≤ 0.3 % of C, is far below the error bars).
    let run = gk.running_integral();
    let mut worst: f64 = 0.0;
    for (t, c) in run.times.iter().zip(&run.isotropic_correlation) {
        if *t > 6.4 {
            break;
        }
        let z = (c.mean - osc.position_autocorrelation(*t)) / c.sem;
        worst = worst.max(z.abs());
        assert!(
            z.abs() < K_LAG,
            "ζ={zeta} t={t}: {c} vs {}",
            osc.position_autocorrelation(*t)
        );
    }
    let s = IntegratedCorrelation::from_green_kubo(&gk, Cutoff::Time(cutoff)).unwrap();
    let context = ComparisonContext {
        quantity: String::new(),
        n_blocks: Some(s.n_blocks),
        ..Default::default()
    };
    let var = Comparison::new(
        s.variance,
        multiscope::analysis::Estimate::exact(osc.variance()),
        &context,
    );
    let int = Comparison::new(
        s.integral,
        multiscope::analysis::Estimate::exact(osc.integrated_correlation()),
        &context,
    );
    let time = Comparison::new(
        s.time,
        multiscope::analysis::Estimate::exact(osc.correlation_time()),
        &context,
    );
    println!(
        "ζ={zeta}: worst lag |z| {worst:.2}; Var {} (z {:.2}); ∫C {} (z {:.2}); τ_int {} vs {} (z {:.2}); cut-off {:.1} τ",
        s.variance,
        var.z,
        s.integral,
        int.z,
        s.time,
        osc.correlation_time(),
        time.z,
        s.cutoff_time
    );
    assert!(var.holds, "{}", var.why);
    assert!(int.holds, "{}", int.why);
    assert!(time.holds, "{}", time.why);
}

#[test]
fn underdamped_trap() {
    check(0.5, 11); // ω₁ = 0.968/τ, decay e^{−t/4}
}

#[test]
fn overdamped_trap() {
    check(4.0, 12); // cosh/sinh, slow mode 1/(2 − √3) = 3.7 τ
}
