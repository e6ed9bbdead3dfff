//! `bench_analysis`: wall-clock cost per sample of the analysis accumulators.

use std::hint::black_box;
use std::time::Instant;

use super::block_average::BlockAverage;
use super::green_kubo::GreenKubo;
use super::ladder::MultipleTauParams;
use super::mean_squared_displacement::MeanSquaredDisplacement;
use super::multiple_tau::MultipleTau;
use super::ornstein_uhlenbeck::OrnsteinUhlenbeck;
use super::velocity_autocorrelation::VelocityAutocorrelation;

/// Measures the cost of the accumulators, in nanoseconds per pushed sample, over `samples` pushes
/// (particle correlators over `samples / 100` pushes of `n_particles` particles). Returns
/// `(name, ns per push)`; the inputs are pre-generated so only the accumulators are timed.
///
/// The budget from the MD side: a 4000-atom step costs ≈ 1 ms, and the nanoparticle's P and F
/// correlators plus bookkeeping should stay under 5 % of it (≪ 50 µs per sample).
pub fn bench_analysis(samples: usize, n_particles: usize) -> Vec<(String, f64)> {
    let mut ou = OrnsteinUhlenbeck::<3>::new(1.0, 1.0, 0.05, 1);
    let series: Vec<[f64; 3]> = (0..samples).map(|_| ou.step()).collect();
    let mut out = Vec::new();
    let params = MultipleTauParams::default();

    let mut c = MultipleTau::<3>::new(0.05, params, true);
    let t = Instant::now();
    for (i, x) in series.iter().enumerate() {
        c.push(*x, series[samples - 1 - i]);
    }
    black_box(c.counts()[0]);
    out.push(("MultipleTau<3> cross push".into(), ns(t, samples)));

    let mut s = MultipleTau::<1>::new(0.05, params, false);
    let t = Instant::now();
    for x in &series {
        s.push_scalar(x[0], x[0]);
    }
    black_box(s.counts()[0]);
    out.push(("MultipleTau<1> push".into(), ns(t, samples)));

    let mut p = GreenKubo::<3>::new(0.05, 1 << 14, params, false);
    let mut f = GreenKubo::<3>::new(0.05, 1 << 14, params, true);
    let mut b = BlockAverage::new();
    let t = Instant::now();
    for x in &series {
        p.push_auto(*x);
        f.push_auto([x[1], x[2], x[0]]);
        b.push(x[0]);
    }
    black_box((p.n_blocks(), f.n_blocks(), b.mean()));
    out.push((
        "nanoparticle bookkeeping: GreenKubo<3> P + GreenKubo<3> F + BlockAverage".into(),
        ns(t, samples),
    ));

    let t = Instant::now();
    let ri = p.running_integral();
    black_box(ri.plateau(Default::default()));
    out.push((
        "GreenKubo<3> running_integral + plateau (per call)".into(),
        t.elapsed().as_nanos() as f64,
    ));

    let frames = (samples / 100).max(2);
    let mut ou_n = OrnsteinUhlenbeck::<3>::new(1.0, 1.0, 0.05, 2);
    let frame: Vec<[f64; 3]> = (0..n_particles).map(|_| ou_n.step()).collect();
    let particle_params = MultipleTauParams {
        levels: 12,
        ..params
    };
    let mut vacf =
        VelocityAutocorrelation::new(n_particles, 16.min(n_particles), 0.05, particle_params);
    let t = Instant::now();
    for i in 0..frames {
        let v = frame[i % n_particles];
        let mut fr = frame.clone();
        fr[0] = v;
        vacf.push(&fr);
    }
    black_box(vacf.n_samples());
    out.push((
        format!("VelocityAutocorrelation push ({n_particles} particles, incl. frame copy)"),
        ns(t, frames),
    ));

    let mut msd =
        MeanSquaredDisplacement::new(n_particles, 16.min(n_particles), 0.05, particle_params);
    let t = Instant::now();
    for i in 0..frames {
        let mut fr = frame.clone();
        fr[0][0] += i as f64;
        msd.push(&fr);
    }
    black_box(msd.n_samples());
    out.push((
        format!("MeanSquaredDisplacement push ({n_particles} particles, incl. frame copy)"),
        ns(t, frames),
    ));
    out
}

fn ns(t: Instant, n: usize) -> f64 {
    t.elapsed().as_nanos() as f64 / n as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn bench_reports_every_accumulator() {
        let figures = super::bench_analysis(2000, 40);
        assert_eq!(figures.len(), 6);
        assert!(figures.iter().all(|(_, ns)| ns.is_finite() && *ns > 0.0));
    }
}
