//! Claim: the block histogram's χ² test passes for correlated samples drawn from the predicted
//! density and fails for a slightly wrong one: (1) a Gaussian Ornstein–Uhlenbeck series against
//! the harmonic Boltzmann density, (2) BAOAB Langevin in a double well against e^{−βU(x)} and its
//! momentum against Maxwell.

use multiscope::analysis::{BlockHistogram, OrnsteinUhlenbeck};
use multiscope::coarse::{Baoab, Force1d};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

#[test]
fn correlated_gaussian_against_boltzmann() {
    // σ = 1, τ = 1, sampled every 0.1 τ: neighbouring samples are 90 % correlated.
    let mut ou = OrnsteinUhlenbeck::<1>::new(1.0, 1.0, 0.1, 99);
    let block = 1 << 14; // 1638 τ
    let mut h = BlockHistogram::new(-4.0, 4.0, 40, block);
    for _ in 0..64 * block {
        h.push(ou.step()[0]);
    }
    let right = h.compare_density(|x| (-0.5 * x * x).exp()).unwrap();
    let wide = h
        .compare_density(|x| (-0.5 * x * x / 1.05f64.powi(2)).exp())
        .unwrap();
    let shifted = h
        .compare_density(|x| (-0.5 * (x - 0.05f64).powi(2)).exp())
        .unwrap();
    // The same counts judged as if the samples were independent (Pearson χ²): correlated samples
    // inflate it (measured: χ²/ν ≈ 3 here), so a test that ignored the correlation would fail
    // the right density.
    let q = multiscope::analysis::bin_probabilities(-4.0, 4.0, 40, |x| (-0.5 * x * x).exp());
    let n = h.n_in_range() as f64;
    let (mut pearson, mut bins) = (0.0, 0);
    for (&c, &qi) in h.counts().iter().zip(&q) {
        if qi * n >= 5.0 {
            pearson += (c as f64 - n * qi).powi(2) / (n * qi);
            bins += 1;
        }
    }
    println!(
        "right: χ²/ν {:.3} (expect {:.3} ± {:.3}), z {:.2}, ν {}, K {}; σ×1.05: z {:.1}; \
         shift 0.05σ: z {:.1}; iid Pearson χ²/ν {:.1}",
        right.chi2_per_dof,
        right.expected_per_dof,
        right.sd_per_dof,
        right.z,
        right.dof,
        right.n_entries,
        wide.z,
        shifted.z,
        pearson / (bins - 1) as f64
    );
    assert!(right.z.abs() < 3.0, "{right:?}");
    assert!(wide.z > 10.0, "{wide:?}");
    assert!(shifted.z > 3.0, "{shifted:?}");
    assert!(pearson / (bins - 1) as f64 > 2.0);
}

#[test]
fn langevin_double_well_against_boltzmann_and_maxwell() {
    // m = 2, ζ = 2, β = 1, barrier 2 k_BT: many crossings. BAOAB samples e^{−βU} to O(Δt²)
    // (Leimkuhler & Matthews): at ω_max Δt ≈ 0.1 the bias is ~10⁻³ of the density, below the
    // ~1 % error bars.
    let (mass, zeta, beta) = (2.0, 2.0, 1.0);
    let field = Force1d::double_well(2.0, 0.0, 1.0).unwrap();
    let baoab = Baoab::new(mass, zeta, beta, 0.02, field.clone(), None).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let (mut x, mut p) = (-1.0, 0.0);
    let mut f = baoab.force(x);
    let block = 1 << 14; // 5 steps per sample: 1638 τ per block
    let mut hx = BlockHistogram::new(-2.0, 2.0, 32, block);
    let mut hp = BlockHistogram::new(-6.0, 6.0, 32, block);
    for _ in 0..2000 {
        baoab.step(&mut x, &mut p, &mut f, &mut rng);
    }
    for _ in 0..48 * block {
        for _ in 0..5 {
            baoab.step(&mut x, &mut p, &mut f, &mut rng);
        }
        hx.push(x);
        hp.push(p);
    }
    let boltzmann = hx
        .compare_density(|y| (-beta * field.potential(y)).exp())
        .unwrap();
    let hotter = hx
        .compare_density(|y| (-0.9 * beta * field.potential(y)).exp())
        .unwrap();
    let maxwell = hp
        .compare_density(|q| (-beta * q * q / (2.0 * mass)).exp())
        .unwrap();
    let heavier = hp
        .compare_density(|q| (-beta * q * q / (2.0 * 1.1 * mass)).exp())
        .unwrap();
    println!(
        "x vs Boltzmann z {:.2} (ν {}, K {}); vs β×0.9 z {:.1}; P vs Maxwell z {:.2}; vs m×1.1 z {:.1}",
        boltzmann.z, boltzmann.dof, boltzmann.n_entries, hotter.z, maxwell.z, heavier.z
    );
    assert!(boltzmann.z.abs() < 3.0, "{boltzmann:?}");
    assert!(maxwell.z.abs() < 3.0, "{maxwell:?}");
    assert!(hotter.z > 5.0, "{hotter:?}");
    assert!(heavier.z > 5.0, "{heavier:?}");
}
