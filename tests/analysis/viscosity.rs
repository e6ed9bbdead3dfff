//! Claim: the Green–Kubo viscosity helper gives η = (V/k_BT) ∫⟨P_xy(0)P_xy(t)⟩dt for a synthetic
//! isotropic stress whose shear autocorrelation is known exactly, from the three off-diagonal
//! components and from the five traceless components alike.

use multiscope::analysis::{
    Cutoff, GreenKubo, MultipleTauParams, OrnsteinUhlenbeck, green_kubo_viscosity,
    shear_stress_components, traceless_stress_components,
};

#[test]
fn viscosity_from_shear_and_traceless_components() {
    // A symmetric random matrix with independent entries, off-diagonal N(0, s²) and diagonal
    // N(0, 2s²) (the Gaussian orthogonal ensemble), is rotation invariant; giving every entry the
    // same OU time dependence makes its time correlations isotropic too. Then
    // ⟨P_xy(0)P_xy(t)⟩ = ⟨((P_xx − P_yy)/2)(0) (…)(t)⟩ = s² e^{−t/τ} and η = (V/T) s² τ.
    let (s, tau, dt, volume, temperature) = (0.6, 0.3, 0.03, 8000.0, 0.722);
    let eta_exact = volume / temperature * s * s * tau;
    let mut off = OrnsteinUhlenbeck::<3>::new(s, tau, dt, 41);
    let mut diag = OrnsteinUhlenbeck::<3>::new(s * 2f64.sqrt(), tau, dt, 42);
    let params = MultipleTauParams::default();
    let (n, block) = (1usize << 20, 1u64 << 14);
    let mut three = GreenKubo::<3>::new(dt, block, params, true);
    let mut five = GreenKubo::<5>::new(dt, block, params, true);
    for _ in 0..n {
        let (o, d) = (off.step(), diag.step());
        let p = [[d[0], o[0], o[1]], [o[0], d[1], o[2]], [o[1], o[2], d[2]]];
        three.push_auto(shear_stress_components(&p));
        five.push_auto(traceless_stress_components(&p));
    }
    let eta3 = green_kubo_viscosity(
        &three.plateau(Cutoff::default()).unwrap(),
        volume,
        temperature,
    );
    let eta5 = green_kubo_viscosity(
        &five.plateau(Cutoff::default()).unwrap(),
        volume,
        temperature,
    );
    eprintln!("η from 3 components {eta3}, from 5 {eta5}, exact {eta_exact}");
    // 64 blocks (Student-t, 63 dof): 4 standard errors.
    assert!(eta3.z_score(eta_exact) <= 4.0, "{eta3}");
    assert!(eta5.z_score(eta_exact) <= 4.0, "{eta5}");
    assert!(eta3.relative_error() < 0.05 && eta5.relative_error() < 0.05);
}
