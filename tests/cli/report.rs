//! Claims: `multiscope measure --report DIR` writes a folder a student can hand in: `index.html`
//! that needs no network, every picture it shows as a PNG beside it, the CSV files it links, and
//! every measured value of the measurement (as `--json` prints it) on the page with its error;
//! the live session's report (the app's "Save report") is written the same way.

use std::path::Path;

use crate::common::live::Probe;
use crate::common::{self, run, scratch};
use multiscope::analysis::Estimate;
use multiscope::live::export::PhasePlaneSeries;
use multiscope::measure::Report;
use multiscope::report::{Page, Source, format_value, value_rows, write_report};

/// Checks the folder's files: the page, each picture and link it names, no network reference.
fn check_folder(dir: &Path) -> String {
    let html = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for bad in ["http://", "https://", "<script", "<link"] {
        assert!(
            !html.contains(bad),
            "the page must open without a network: {bad}"
        );
    }
    let mut pictures = 0;
    for part in html.split("src=\"").skip(1) {
        let name = &part[..part.find('"').unwrap()];
        let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{name} is not a PNG"
        );
        assert!(bytes.len() > 10_000, "{name} is nearly empty");
        pictures += 1;
    }
    assert!(pictures >= 4, "only {pictures} pictures");
    let mut links = 0;
    for part in html.split("href=\"").skip(1) {
        let name = &part[..part.find('"').unwrap()];
        let text =
            std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.lines().count() > 1, "{name} is empty");
        links += 1;
    }
    assert!(links >= 3, "only {links} CSV links");
    html
}

fn has(html: &str, what: &str, e: Option<Estimate>) {
    let e = e.unwrap_or_else(|| panic!("{what} was not measured"));
    let text = format_value(e).replace('<', "&lt;");
    assert!(html.contains(&text), "{what} = {text} is not on the page");
}

#[test]
fn measure_report_writes_a_page_with_every_measured_value() {
    let scratch = scratch("measure_report");
    let dir = scratch.join("report");
    let out = run([
        "measure",
        "tests/scenes/small.ron",
        "--steps",
        "2000",
        "--windows",
        "3",
        "--window-steps",
        "300",
        "--threads",
        "2",
        "--json",
        "--report",
        dir.to_str().unwrap(),
    ])
    .ok();
    let json = out.json();
    let r: Report = serde_json::from_value(json.clone()).unwrap();
    let html = check_folder(&dir);
    // Every value the measurement printed, with its error, independently of the page's table.
    has(&html, "⟨T⟩", Some(r.measured_temperature));
    has(&html, "⟨T⟩ held", r.measured_temperature_constrained);
    has(&html, "D_γ", r.d_gamma);
    has(&html, "D_θ", r.d_theta);
    has(&html, "ζ", r.zeta_isotropic);
    has(&html, "τ_F", r.force_time);
    has(&html, "D_γ/D_θ", r.einstein_ratio);
    has(&html, "η", r.viscosity);
    has(&html, "D_γ∞", r.d_yeh_hummer);
    let se = r.stokes_einstein.unwrap();
    has(&html, "D_SE slip", Some(se.slip));
    has(&html, "D_SE stick", Some(se.stick));
    let f = r.free_force.unwrap();
    has(&html, "free force peak", Some(f.peak));
    has(&html, "free force late", Some(f.late));
    let host = r.host_self_diffusion.unwrap();
    has(&html, "host D (MSD)", Some(host.msd));
    has(&html, "host D (VACF)", Some(host.green_kubo));
    for (a, b) in [(0, 0), (1, 1), (2, 2), (0, 1)] {
        let z = r.zeta.unwrap();
        has(
            &html,
            "ζ_ab",
            Some(Estimate::new(z.mean[a][b], z.sem[a][b])),
        );
    }
    let fth = r.f_th.as_ref().unwrap();
    for v in &fth.values {
        has(&html, "f^th", Some(*v));
    }
    // Each prediction, MD and predicted.
    let predictions = json["predictions"].as_object().unwrap();
    assert!(!predictions.is_empty());
    for (key, c) in predictions {
        assert!(
            html.contains(&key.replace('_', " ")),
            "{key} not on the page"
        );
        let md: Estimate = serde_json::from_value(c["md"].clone()).unwrap();
        has(&html, key, Some(md));
    }
    // Every quantity in the table carries its glossary text as a tooltip.
    let table = &html[html.find("<h2>Measured values").unwrap()..html.find("<h2>Tensors").unwrap()];
    for row in table.split("<tr>").skip(2) {
        assert!(
            row.starts_with("<td title=\""),
            "no glossary tooltip: {row}"
        );
    }
    // The CSVs are those `--out` writes, and the glossary explains what the page shows.
    assert!(
        dir.join("csv/gamma_momentum.csv").exists() && dir.join("csv/theta_force.csv").exists()
    );
    assert!(html.contains("Glossary") && html.contains("paper eq. (28)"));
}

#[test]
fn the_live_session_report_lists_its_values_and_plots_its_traces() {
    let mut p = Probe::start(common::scene(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    )));
    p.until("D_γ", |p| {
        p.analysis.as_ref().is_some_and(|a| a.d_gamma().is_some())
    });
    let a = p.analysis();
    let scratch = scratch("live_report");
    let dir = scratch.join("report");
    let source = Source::Live {
        analysis: &a,
        phase: PhasePlaneSeries::default(),
    };
    let page = Page {
        scene_name: "test scene",
        scene: None,
        source,
        lesson: None,
    };
    write_report(&dir, &page).unwrap();
    let html = check_folder(&dir);
    has(&html, "D_γ", a.d_gamma());
    has(&html, "τ_P", a.tau_p());
    // The glossary's live detail says how D_γ was measured here.
    let how =
        multiscope::lesson::how_measured("d_gamma", &multiscope::lesson::Observed::analysis(&a))
            .unwrap();
    let m = a.momentum.as_ref().unwrap();
    assert!(
        how.contains(&format!("{} samples", m.samples)) && how.contains("blocks of 10 τ"),
        "{how}"
    );
    let rows = value_rows(&source);
    assert!(rows.iter().any(|r| r.id == "d_gamma"));
    for row in &rows {
        assert!(
            multiscope::glossary::entry(row.id).is_some(),
            "{} has no glossary entry",
            row.id
        );
    }
    for row in &rows {
        assert!(html.contains(&format_value(row.value)), "{}", row.label);
    }
    for f in [
        "thermo.png",
        "energies.png",
        "momentum_correlation.png",
        "csv/coefficients.csv",
        "csv/thermo.csv",
    ] {
        assert!(dir.join(f).exists(), "{f}");
    }
}
