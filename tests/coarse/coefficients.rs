//! Claim: coefficients as `multiscope measure --json` prints them (and hand-written files) are
//! read with unknown keys ignored; the solvers use the xx components with D = k_BT/ζ and
//! θ = ζ/(βε) (fluctuation–dissipation); bad files give errors that name the file and the fix.
//! Input files are in tests/data/coarse_coefficients/{good,bad}.

use std::path::PathBuf;

use multiscope::coarse::Evolve;
use multiscope::coarse::FrictionSource;
use multiscope::coarse::{Boundary, Coefficients, Force1d, Grid1d, Kramers, Smoluchowski1d};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/coarse_coefficients")
        .join(path)
}

#[test]
fn measure_output_is_read() {
    let c = Coefficients::from_file(&data("good/measure.json")).unwrap();
    // ζ_xx is preferred (given directly): D = k_BT/ζ_xx = 0.8/130.
    assert_eq!(c.friction_xx().unwrap(), (FrictionSource::ZetaXx, 130.0));
    assert!((c.diffusion_xx().unwrap() - 0.8 / 130.0).abs() < 1e-15);
    assert!((c.theta_xx().unwrap() - 130.0 / (1.25 * 0.02)).abs() < 1e-9);
    let d = c.diffusion_diagonal().unwrap();
    assert!((d[1] - 0.8 / 140.0).abs() < 1e-15 && (d[2] - 0.8 / 135.0).abs() < 1e-15);
    assert_eq!(c.box_length, Some(20.0));
    let Some(Force1d::Tabulated(t)) = c.mean_force().unwrap() else {
        panic!("f_th not read");
    };
    // f = −2x: A(x) = x² relative to A(−2) = 0 → A(2) − A(−2) = 0 and A(0) = −4.
    assert!((t.potential(0.0) + 4.0).abs() < 1e-12);
    assert!((t.potential(2.0)).abs() < 1e-12);
}

#[test]
fn hand_written_files_use_einstein_relation() {
    let c = Coefficients::from_file(&data("good/hand_written.json")).unwrap();
    assert!((c.zeta_xx().unwrap() - 1.0 / 0.02).abs() < 1e-12);
    let z = Coefficients::from_file(&data("good/zeta_only.json")).unwrap();
    assert!((z.diffusion_xx().unwrap() - 0.5 / 25.0).abs() < 1e-15);
    assert!((z.m_hat() - 1.0).abs() < 1e-15);
}

#[test]
fn solvers_built_from_coefficients_match_direct_construction() {
    // The scaled solver from a file with ζ must equal the unscaled solver with m, ζ (to
    // round-off): the θ = ζ/(βε) conversion is the fluctuation–dissipation relation.
    let c = Coefficients::from_file(&data("good/zeta_only.json")).unwrap();
    let grid = Grid1d::new(-3.0, 3.0, 48, Boundary::Periodic).unwrap();
    let field = Force1d::harmonic(0.5, 0.0).unwrap();
    let mut a = Kramers::from_coefficients(&c, Some(field.clone()), &grid, 48, None).unwrap();
    let mut b = Kramers::unscaled(100.0, 25.0, 2.0, field.clone(), &grid, 48, None).unwrap();
    a.set_gaussian(1.0, 2.0, 0.3, 3.0).unwrap();
    b.set_gaussian(1.0, 2.0, 0.3, 3.0).unwrap();
    a.advance(2.0).unwrap();
    b.advance(2.0).unwrap();
    for (x, y) in a.physical_density().iter().zip(b.physical_density()) {
        assert!((x - y).abs() < 1e-12 * y.abs().max(1e-6));
    }
    let s = Smoluchowski1d::from_coefficients(&c, grid, None).unwrap();
    assert!((s.diffusion() - 0.02).abs() < 1e-15);
    assert_eq!(s.field(), &Force1d::None);
}

#[test]
fn bad_files_name_the_file_and_the_fix() {
    for (file, hint) in [
        ("bad/no_friction.json", "zeta"),
        ("bad/epsilon_too_large.json", "(0, 1]"),
        ("bad/unsorted_profile.json", "increasing"),
        ("bad/negative_zeta.json", "signs"),
        ("bad/not_json.json", "expected a JSON object"),
        ("bad/missing_file.json", "check the path"),
    ] {
        let err = Coefficients::from_file(&data(file))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(file.trim_start_matches("bad/")),
            "{file}: {err}"
        );
        assert!(err.contains(hint), "{file}: {err}");
    }
}
