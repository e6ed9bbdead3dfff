//! "Save plots (CSV)" without Bevy: every plotted series of a live session is written with its
//! units and reads back to the very values plotted; a missing or unusable folder is an error
//! that says so.

use crate::common::live::Probe;
use crate::common::{self, scratch};

/// Reads a CSV written by the export: the header and the rows as numbers.
fn read_csv(path: &std::path::Path) -> (String, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines.next().expect("a header").to_string();
    let rows = lines
        .map(|l| {
            l.split(',')
                .map(|v| {
                    v.parse()
                        .unwrap_or_else(|_| panic!("{}: `{v}`", path.display()))
                })
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn plotted_series_are_saved_as_csv_that_reads_back_to_the_plotted_values() {
    use multiscope::live::coarse_worker::{CoarseDensity, Friction, FrictionRoute, Start};
    use multiscope::live::export::{PhasePlaneSeries, write_plotted_series};
    let mut p = Probe::start(common::scene(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    )));
    p.until("plateaus of γ and η", |p| {
        p.analysis.as_ref().is_some_and(|a| {
            a.viscosity().is_some() && a.momentum.as_ref().is_some_and(|m| m.plateau.is_some())
        })
    });
    let (a, s) = (p.analysis(), p.snapshot());
    let eta = a.viscosity().unwrap();
    assert!(eta.mean > 0.0 && eta.sem.is_finite(), "η = {eta:?}");
    let (slip, stick) = a
        .stokes_einstein()
        .expect("Stokes–Einstein with η and a nanoparticle");
    assert!(slip.mean > stick.mean && stick.mean > 0.0);
    let friction = Friction::from_zeta(20.0, 1.0, FrictionRoute::Constrained).unwrap();
    let density = CoarseDensity::new(&s, friction, Start::Equilibrium).unwrap();
    let path = [[s.order.phi[0], s.order.pi_[0]], [0.5, -0.25]];
    let scratch = scratch("live_export");
    let dir = scratch.join("plots");
    let phase = PhasePlaneSeries {
        path: &path,
        density: Some(&density),
    };
    let files = write_plotted_series(&dir, Some(&a), phase).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in [
        "momentum.csv",
        "force.csv",
        "coefficients.csv",
        "thermo.csv",
        "phase_path.csv",
        "density_phi.csv",
        "density_pi.csv",
        "density.csv",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    // The momentum correlation reads back to the plotted values, exactly.
    let m = a.momentum.as_ref().unwrap();
    let (header, rows) = read_csv(&dir.join("momentum.csv"));
    assert!(header.starts_with("lag [τ],C ["), "{header}");
    assert_eq!(rows.len(), m.running.times.len());
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], m.running.times[i]);
        assert_eq!(r[1], m.running.isotropic_correlation[i].mean);
        assert_eq!(r[4], m.running.isotropic_integral[i].mean);
    }
    assert_eq!(rows[0][3], 1.0, "C(0)/C(0)");
    let (_, thermo) = read_csv(&dir.join("thermo.csv"));
    assert_eq!(thermo.len(), a.traces.len());
    assert_eq!(
        thermo.last().unwrap()[1],
        a.traces.last().unwrap().temperature
    );
    let (_, phase_rows) = read_csv(&dir.join("phase_path.csv"));
    assert_eq!(phase_rows, vec![path[0].to_vec(), path[1].to_vec()]);
    // Both densities in Φ are normalised over the Φ cells.
    let (_, phi) = read_csv(&dir.join("density_phi.csv"));
    let dphi = phi[1][0] - phi[0][0];
    for col in [1, 2] {
        let total: f64 = phi.iter().map(|r| r[col]).sum::<f64>() * dphi;
        assert!((total - 1.0).abs() < 1e-9, "column {col}: {total}");
    }
    let coefficients = std::fs::read_to_string(dir.join("coefficients.csv")).unwrap();
    assert!(
        coefficients.contains(&format!("host viscosity eta (Green-Kubo),{},", eta.mean)),
        "{coefficients}"
    );
    // No folder, or one that cannot be made, is an error that says so.
    let err = write_plotted_series(std::path::Path::new(""), Some(&a), phase).unwrap_err();
    assert!(err.contains("no folder"), "{err}");
    let blocker = dir.join("momentum.csv").join("sub");
    let err = write_plotted_series(&blocker, Some(&a), phase).unwrap_err();
    assert!(err.contains("momentum.csv"), "{err}");
}
