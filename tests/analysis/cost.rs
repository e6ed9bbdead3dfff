//! Claim: the correlators cost O(1) memory and work per sample, independent of the run length, and
//! `bench_analysis` reports their cost (printed; no timing is asserted).

use multiscope::analysis::{MultipleTau, MultipleTauParams, bench_analysis};

#[test]
fn correlator_memory_does_not_grow_with_the_run() {
    let mut c = MultipleTau::<3>::with_defaults(0.005, true);
    let before = c.memory_values();
    let push = |c: &mut MultipleTau<3>, from: usize, to: usize| {
        for i in from..to {
            let x = (i as f64 * 0.01).sin();
            c.push([x, -x, 0.5 * x], [x, x, x]);
        }
    };
    push(&mut c, 0, 100_000);
    let json_short = serde_json::to_string(&c).unwrap().len();
    push(&mut c, 100_000, 1_000_000);
    assert_eq!(c.memory_values(), before);
    // A checkpoint after 10× more samples is the same size, up to the printed width of numbers
    // and the levels newly reached (2^17 → 2^20 samples: 3 of 24 levels).
    let json_long = serde_json::to_string(&c).unwrap().len();
    assert!(
        (json_long as f64) < 1.3 * json_short as f64,
        "{json_short} → {json_long} bytes"
    );
    // The default ladder reaches lags of 10⁸ samples with a few hundred grid points.
    let p = MultipleTauParams::default();
    assert!(*p.lag_samples().last().unwrap() > 100_000_000);
    assert!(p.n_lags() < 250);
}

#[test]
fn bench_reports_ns_per_push() {
    let figures = bench_analysis(200_000, 4000);
    for (name, ns) in &figures {
        eprintln!("{name}: {ns:.0} ns");
    }
    assert_eq!(figures.len(), 6);
    assert!(figures.iter().all(|(_, ns)| ns.is_finite() && *ns > 0.0));
}
