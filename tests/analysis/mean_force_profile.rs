//! Claim: the mean-force profile of constrained runs in a harmonic field, with time-correlated
//! force noise, recovers f^th(R) = −kR and the potential of mean force A(R) = k(R² − R_0²)/2
//! within its propagated Flyvbjerg–Petersen error bars.

use multiscope::analysis::{MeanForceProfile, OrnsteinUhlenbeck};

#[test]
fn harmonic_mean_force_and_potential() {
    let k = 2.5; // [ε_LJ/σ²]
    let positions: Vec<f64> = (0..11).map(|i| -2.0 + 0.4 * i as f64).collect();
    let mut profile = MeanForceProfile::new(positions.clone());
    for (w, &r) in positions.iter().enumerate() {
        // Force noise with σ_F = 3 ε_LJ/σ and correlation time 20 samples (φ ≈ 0.95), 2^16
        // samples per window: the sem of each window mean is ≈ 3·√(39/65536) ≈ 0.07.
        let mut noise = OrnsteinUhlenbeck::<1>::new(3.0, 1.0, 0.05, 60 + w as u64);
        for _ in 0..1 << 16 {
            profile.push(w, -k * r + noise.step()[0]);
        }
    }
    let f = profile.mean_force();
    let a = profile.potential_of_mean_force();
    // 11 + 10 comparisons at 4 standard errors (the blocking sem is itself uncertain by a few per
    // cent at its plateau level): a false alarm has probability < 10⁻³.
    for ((fi, ai), &r) in f.iter().zip(&a).zip(&positions) {
        assert!(fi.z_score(-k * r) <= 4.0, "f({r}) = {fi}");
        assert!(fi.sem > 0.03 && fi.sem < 0.15, "sem of f({r}) = {}", fi.sem);
        let exact = 0.5 * k * (r * r - positions[0] * positions[0]);
        if ai.sem > 0.0 {
            assert!(ai.z_score(exact) <= 4.0, "A({r}) = {ai} vs {exact}");
        }
    }
    eprintln!("A(R_end) = {} (exact 0)", a[10]);
}
