//! Claim: the mean-squared displacement and the velocity autocorrelation recover a known
//! self-diffusion coefficient within their error bars — independent Brownian walkers (MSD = 6Dt
//! exactly) and particles with Ornstein–Uhlenbeck velocities (D = σ_v² τ_v per component).

use multiscope::analysis::{
    MeanSquaredDisplacement, MultipleTauParams, OrnsteinUhlenbeck, VelocityAutocorrelation,
    fit_slope, running_integral,
};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

const PARTICLES: usize = 500;
const GROUPS: usize = 20;
/// Standard errors allowed: the error comes from the scatter of G = 20 independent groups
/// (Student-t, 19 degrees of freedom): P(|t| > 4) ≈ 8·10⁻⁴ per comparison.
const K_SEM: f64 = 4.0;

fn params() -> MultipleTauParams {
    MultipleTauParams {
        points: 16,
        averaging: 2,
        levels: 14,
    }
}

#[test]
fn msd_of_brownian_walkers_gives_their_diffusion_coefficient() {
    let (d, dt, steps): (f64, f64, usize) = (0.5, 0.01, 20_000);
    let kick = (2.0 * d * dt).sqrt();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(21);
    let mut r = vec![[0.0f64; 3]; PARTICLES];
    let mut msd = MeanSquaredDisplacement::new(PARTICLES, GROUPS, dt, params());
    msd.push(&r);
    for _ in 0..steps {
        for p in r.iter_mut() {
            for x in p.iter_mut() {
                let xi: f64 = StandardNormal.sample(&mut rng);
                *x += kick * xi;
            }
        }
        msd.push(&r);
    }
    let curve = msd.curve();
    // Decimated lags are exact displacements: MSD(t) = 6Dt at every lag, within noise. At the
    // first lag each of 3·500·20000 squared steps has mean 2D·dt and relative sd √2, so the
    // curve's relative error is √2/√(3·10⁷) ≈ 3·10⁻⁴; allow 5·10⁻³ (well above 4 sd).
    assert!((curve.mean[1] / (6.0 * d * dt) - 1.0).abs() < 5e-3);
    let est = msd.diffusion(1.0, 20.0).expect("fit");
    eprintln!("MSD: D = {est} (exact {d})");
    assert!(est.z_score(d) <= K_SEM, "{est} vs {d}");
    // ≈ 1.5 % statistical error expected (500 walkers, ≈ 10 independent windows each).
    assert!(est.relative_error() < 0.05);
    // fit_slope on the whole-particle curve agrees with the estimate's mean.
    let fit = fit_slope(&curve.lag_times, &curve.mean, 1.0, 20.0).unwrap();
    assert!((fit.slope.mean / 6.0 - est.mean).abs() < 1e-12);
}

#[test]
fn vacf_and_msd_of_ornstein_uhlenbeck_velocities_agree_with_sigma_squared_tau() {
    // Velocities: independent OU, variance σ_v² = T/m = 1.5 [σ²/τ²], τ_v = 0.5 [τ]:
    // D = ∫⟨v_a(0)v_a(t)⟩dt = σ_v² τ_v = 0.75 [σ²/τ]. Positions r += v·dt (rectangle rule; its
    // long-time slope gives D·(1 + O((dt/τ_v)²/12)) = D·(1 + 8·10⁻⁴), far below the errors).
    let (sigma_v, tau_v, dt, steps) = (1.5f64.sqrt(), 0.5, 0.05, 20_000);
    let d_exact = sigma_v * sigma_v * tau_v;
    let mut velocities: Vec<OrnsteinUhlenbeck<3>> = (0..PARTICLES)
        .map(|i| OrnsteinUhlenbeck::new(sigma_v, tau_v, dt, 100 + i as u64))
        .collect();
    let mut r = vec![[0.0f64; 3]; PARTICLES];
    let mut v: Vec<[f64; 3]> = velocities.iter().map(|o| o.value()).collect();
    let mut vacf = VelocityAutocorrelation::new(PARTICLES, GROUPS, dt, params());
    let mut msd = MeanSquaredDisplacement::new(PARTICLES, GROUPS, dt, params());
    for _ in 0..steps {
        vacf.push(&v);
        msd.push(&r);
        for ((ri, vi), ou) in r.iter_mut().zip(v.iter_mut()).zip(velocities.iter_mut()) {
            for a in 0..3 {
                ri[a] += vi[a] * dt;
            }
            *vi = ou.step();
        }
    }
    let z = vacf.curve();
    // Z(0) = 3σ_v² (equipartition): 3·500·20000 samples of v², relative sd √2/√(3·10⁷/(2τ_v/dt)).
    assert!((z.mean[0] / (3.0 * sigma_v * sigma_v) - 1.0).abs() < 0.02);
    let d_vacf = vacf.diffusion(10.0 * tau_v).expect("integral");
    // What the VACF estimator converges to: the trapezoid integral over the multiple-tau grid of
    // the exact block-mean correlations (level k averages b = 2^k samples). It exceeds σ_v²τ_v by
    // the documented smoothing and trapezoid errors, ≈ 0.3 % here; the test compares with it, and
    // separately bounds that bias.
    let ou = &velocities[0];
    let expected_curve: Vec<f64> = z
        .lag_times
        .iter()
        .map(|&t| {
            let lag = (t / dt).round() as u64;
            let mut b = 1;
            while lag >= 16 * b {
                b *= 2;
            }
            if b == 1 {
                ou.correlation(t)
            } else {
                ou.block_mean_correlation(lag / b, b)
            }
        })
        .collect();
    let n_cut = z.lag_times.iter().filter(|&&t| t <= 10.0 * tau_v).count();
    let d_expected = running_integral(&z.lag_times[..n_cut], &expected_curve[..n_cut])[n_cut - 1];
    assert!(
        d_expected > d_exact && d_expected < d_exact * 1.01,
        "grid bias {}",
        d_expected / d_exact - 1.0
    );
    let d_msd = msd.diffusion(20.0 * tau_v, 100.0 * tau_v).expect("fit");
    eprintln!(
        "VACF: D = {d_vacf} (estimator's expectation {d_expected}), MSD: D = {d_msd} (exact {d_exact})"
    );
    assert!(d_vacf.z_score(d_expected) <= K_SEM, "VACF {d_vacf}");
    assert!(d_msd.z_score(d_exact) <= K_SEM, "MSD {d_msd}");
    assert!(d_vacf.relative_error() < 0.05 && d_msd.relative_error() < 0.05);
}
