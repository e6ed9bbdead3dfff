//! Claim: the automatic Green–Kubo cut-off picks a lag where the running integral is within its
//! error bar of the exact integral (Ornstein–Uhlenbeck process, ∫C = σ²τ), and an explicit cut-off
//! time overrides it.

use multiscope::analysis::{Cutoff, GreenKubo, MultipleTauParams, OrnsteinUhlenbeck};

const SIGMA: f64 = 0.8;
const TAU: f64 = 2.0;
const DT: f64 = 0.1;

fn green_kubo(seed: u64, samples: usize, block: u64) -> (OrnsteinUhlenbeck<3>, GreenKubo<3>) {
    let mut ou = OrnsteinUhlenbeck::<3>::new(SIGMA, TAU, DT, seed);
    let mut gk = GreenKubo::<3>::new(DT, block, MultipleTauParams::default(), true);
    for _ in 0..samples {
        gk.push_auto(ou.step());
    }
    (ou, gk)
}

#[test]
fn automatic_cutoff_lands_on_the_plateau() {
    // 2^21 samples = 1.05·10⁵ τ in K = 64 blocks of 1638 τ.
    let (ou, gk) = green_kubo(7, 1 << 21, 1 << 15);
    let plateau = gk.plateau(Cutoff::default()).expect("plateau");
    let exact = ou.integral();
    let iso = plateau.value.isotropic;
    eprintln!(
        "auto cut-off t_c = {} τ_OU: {iso} vs exact {exact} ({} blocks)",
        plateau.cutoff_time / TAU,
        plateau.n_blocks
    );
    assert!(plateau.converged);
    // C(t) = σ²e^{−t/τ} reaches 2 sem_C ≈ 2σ²√(τ/T)·√2 ≈ 0.013 σ² near t_d ≈ 4–6 τ, and the
    // cut-off is 1.5 t_d. It must not stop in the initial decay, nor run far into the noise.
    assert!(
        plateau.cutoff_time > 3.0 * TAU && plateau.cutoff_time < 15.0 * TAU,
        "t_c = {}",
        plateau.cutoff_time
    );
    // Truncation bias at 1.5 t_d: ≲ 0.3 sem_I for an exponential (see `Cutoff::Auto`), plus
    // noise: 4 standard errors (K = 64, Student-t) leave a false-alarm rate < 1 %.
    assert!(
        (iso.mean - exact).abs() <= 4.0 * iso.sem,
        "{iso} vs {exact}"
    );
    // Every diagonal component individually as well.
    for a in 0..3 {
        let e = plateau.value.component(a, a);
        assert!((e.mean - exact).abs() <= 4.0 * e.sem, "({a},{a}): {e}");
    }
    // The running integral has flattened: from t_c to 2 t_c it changes by less than its noise.
    let ri = gk.running_integral();
    let later = ri
        .plateau(Cutoff::Time(2.0 * plateau.cutoff_time))
        .expect("later");
    let change = (later.value.isotropic.mean - iso.mean).abs();
    assert!(change <= 3.0 * later.value.isotropic.sem, "change {change}");
}

#[test]
fn explicit_cutoff_uses_the_largest_grid_lag_not_beyond_it() {
    let (_, gk) = green_kubo(8, 1 << 16, 1 << 12);
    let ri = gk.running_integral();
    let p = ri.plateau(Cutoff::Time(3.05)).expect("plateau");
    assert!(p.cutoff_time <= 3.05);
    assert!(ri.times[p.cutoff_index + 1] > 3.05);
    assert_eq!(p.value.mean, ri.integral[p.cutoff_index]);
    assert!(p.converged);
}

#[test]
fn too_short_a_run_is_flagged_not_converged() {
    // Blocks of 20 samples = 1 τ: within a block's lags C stays ≥ σ²/e ≈ 0.24, while its standard
    // error from 200 blocks over T = 400 time units is ≈ σ²√(τ/T) ≈ 0.05, so no lag with an error
    // bar meets the criterion and the result must say so.
    let (_, gk) = green_kubo(9, 4000, 20);
    let p = gk.plateau(Cutoff::default()).expect("plateau");
    assert!(
        !p.converged,
        "cut-off {} should not count as converged",
        p.cutoff_time
    );
}

#[test]
fn error_bars_are_calibrated_over_independent_runs() {
    // 40 independent runs of 2^17 samples (6.6·10³ τ) in 32 blocks. With correct error bars the
    // standardised deviations z = (I − σ²τ)/sem are ≈ Student-t(31): E[z²] = 31/29 ≈ 1.07 with a
    // sampling sd of ≈ 0.26 over 40 runs. Accept 0.5 < mean z² < 1.9: sems wrong by a factor
    // 1.4 either way fail. The automatic cut-off adds a small truncation and selection bias.
    let runs = 40;
    let mut z2_auto = 0.0;
    let mut z2_fixed = 0.0;
    for seed in 0..runs {
        let (ou, gk) = green_kubo(100 + seed, 1 << 17, 1 << 12);
        let ri = gk.running_integral();
        let auto = ri.plateau(Cutoff::default()).unwrap().value.isotropic;
        let fixed = ri
            .plateau(Cutoff::Time(10.0 * TAU))
            .unwrap()
            .value
            .isotropic;
        z2_auto += ((auto.mean - ou.integral()) / auto.sem).powi(2) / runs as f64;
        z2_fixed += ((fixed.mean - ou.integral()) / fixed.sem).powi(2) / runs as f64;
    }
    eprintln!("mean z²: automatic cut-off {z2_auto:.2}, fixed 10τ {z2_fixed:.2}");
    assert!(
        (0.5..1.9).contains(&z2_fixed),
        "fixed cut-off: mean z² = {z2_fixed}"
    );
    assert!(
        (0.5..1.9).contains(&z2_auto),
        "automatic cut-off: mean z² = {z2_auto}"
    );
}

#[test]
fn automatic_cutoff_waits_for_a_ringing_correlation() {
    // A correlation that rings like the held particle's force in a dense liquid: an AR(2)
    // process x_n = a₁x_{n−1} + a₂x_{n−2} + e_n with roots r e^{±iφ}, r = e^{−1/20} (decay in 20
    // samples), φ = 2π/40 (period 40 samples: first zero near lag 10, negative lobe, positive
    // return near lag 40). Exact trapezoid integral on the sampling grid (spectral density at
    // zero frequency): ∫C = Δt/2 · Σ_{k∈ℤ} C_k = Δt s²/(2(1 − a₁ − a₂)²), much smaller than the
    // first lobe's, so a cut-off in the first dip is off by many standard errors.
    use rand::SeedableRng;
    use rand_distr::{Distribution, StandardNormal};
    let (r, phi): (f64, f64) = ((-1.0f64 / 20.0).exp(), std::f64::consts::TAU / 40.0);
    let (a1, a2, s) = (2.0 * r * phi.cos(), -r * r, 1.0);
    let exact = DT * s * s / (2.0 * (1.0 - a1 - a2).powi(2));
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
    let mut gk = GreenKubo::<3>::new(DT, 1 << 15, MultipleTauParams::default(), true);
    let (mut x1, mut x2) = ([0.0f64; 3], [0.0f64; 3]);
    for n in 0..(1 << 21) + 1000 {
        let x: [f64; 3] = std::array::from_fn(|a| {
            let e: f64 = StandardNormal.sample(&mut rng);
            a1 * x1[a] + a2 * x2[a] + s * e
        });
        (x2, x1) = (x1, x);
        if n >= 1000 {
            gk.push_auto(x);
        }
    }
    let ri = gk.running_integral();
    let auto = ri.plateau(Cutoff::default()).unwrap();
    let iso = auto.value.isotropic;
    // The first zero crossing (the old rule's decay time) and the old cut-off 1.5 × it.
    let first_zero = (1..ri.times.len())
        .find(|&i| ri.isotropic_correlation[i].mean <= 0.0)
        .unwrap();
    let early = ri
        .plateau(Cutoff::Time(1.5 * ri.times[first_zero]))
        .unwrap()
        .value
        .isotropic;
    eprintln!(
        "ringing: auto t_c = {} ({iso}); first zero at {}, cut there ×1.5: {early}; exact {exact}",
        auto.cutoff_time, ri.times[first_zero]
    );
    assert!(auto.converged);
    assert!(auto.cutoff_time > 3.0 * ri.times[first_zero]);
    // 64 blocks, Student-t: 4 standard errors.
    assert!(iso.z_score(exact) <= 4.0, "{iso} vs {exact}");
    assert!(early.z_score(exact) > 10.0, "early {early} vs {exact}");
}
