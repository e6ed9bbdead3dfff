//! The density pane's coarse-grained densities, without Bevy: the Fokker–Planck (Kramers) density
//! conserves mass and advances, the Smoluchowski density joins its marginal once t ≫ τ_P, the
//! coarse-grained worker advances off the frame and obeys run/hold/clear, and in a double well the
//! momentum grid resolves the Maxwellian.

use std::time::{Duration, Instant};

use multiscope::coarse::Evolve;
use multiscope::live::Snapshot;
use multiscope::live::coarse_worker::{Friction, FrictionRoute};

use crate::common;
use crate::common::live::Probe;

/// The first snapshot of the MD worker on scene `text`.
fn first_snapshot(text: &str) -> Snapshot {
    let mut p = Probe::start(common::scene(text));
    p.until("a snapshot", |p| p.snapshot.is_some());
    p.snapshot()
}

/// The first snapshot of the small nanoparticle scene (Bussi thermostat), and the friction
/// ζ = 20 m̂/τ at its temperature.
fn small_snapshot_and_friction() -> (Snapshot, Friction) {
    let s = first_snapshot(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    ));
    let kt = s.settings.temperature;
    let friction = Friction::from_zeta(20.0, kt, FrictionRoute::Constrained).unwrap();
    (s, friction)
}

#[test]
fn coarse_density_from_equilibrium_conserves_mass_and_advances() {
    use multiscope::live::coarse_worker::{CoarseDensity, Start};
    let (s, friction) = small_snapshot_and_friction();
    let kt = s.settings.temperature;
    assert!((friction.diffusion - kt / 20.0).abs() < 1e-15);
    let mut c = CoarseDensity::new(&s, friction, Start::Equilibrium).unwrap();
    assert!((c.mass() - 1.0).abs() < 1e-9, "mass {}", c.mass());
    assert_eq!(c.time(), 0.0);
    let advanced = c.advance_for(1.0, Duration::from_secs(30)).unwrap();
    assert!(advanced > 0.0 && c.time() > 0.0, "t_CG = {}", c.time());
    assert!((c.mass() - 1.0).abs() < 1e-9, "mass {}", c.mass());
    // Starting from the nanoparticle's own point works too.
    let point = Start::Point {
        phi: s.order.phi[0],
        pi_: s.order.pi_[0],
    };
    let c = CoarseDensity::new(&s, friction, point).unwrap();
    assert!((c.mass() - 1.0).abs() < 1e-9);
}

#[test]
fn smoluchowski_density_joins_the_fokker_planck_marginal_once_t_is_long_against_tau_p() {
    use multiscope::live::coarse_worker::{CoarseDensity, Start};
    // ζ = 20 m̂/τ and m = 20 m̂: τ_P = m/ζ = 1 τ; D = k_BT/ζ = 0.05 σ²/τ.
    let (s, friction) = small_snapshot_and_friction();
    let tau_p = s.settings.mass / friction.zeta;
    assert!((tau_p - 1.0).abs() < 1e-9, "τ_P = {tau_p}");
    let point = Start::Point {
        phi: s.order.phi[0],
        pi_: s.order.pi_[0],
    };
    let mut c = CoarseDensity::new(&s, friction, point).unwrap();
    let at_start = c.marginal_gap();
    let gap_at = |c: &mut CoarseDensity, t: f64| {
        while c.time() < t {
            c.advance_for(t - c.time(), Duration::from_secs(60))
                .unwrap();
        }
        assert!(
            (c.smoluchowski().time() - c.time()).abs() < 1e-9,
            "same time axis"
        );
        assert!((c.mass() - 1.0).abs() < 1e-9);
        c.marginal_gap()
    };
    let early = gap_at(&mut c, tau_p);
    let late = gap_at(&mut c, 100.0 * tau_p);
    // Both start from the same discrete Gaussian in position.
    assert!(at_start < 1e-9, "gap at t = 0: {at_start}");
    // At t = τ_P the momentum still matters: the Fokker–Planck spread 2D(t − τ_P(1 − e^{−t/τ_P}))
    // is 0.37 of the Smoluchowski 2Dt, Gaussians that far apart differ by ∫|ΔW| ≈ 0.3 or more.
    assert!(early > 0.2, "gap at τ_P: {early}");
    // At t = 100 τ_P the variances differ by τ_P/t = 1 %, ∫|ΔW| ≈ 0.48 × 1 % ≈ 0.005 for
    // Gaussians (less once the box wraps them); 0.02 leaves room for the two schemes' different
    // discretisation errors.
    assert!(late < 0.02 && late < early / 20.0, "gap at 100 τ_P: {late}");
}

#[test]
fn coarse_worker_advances_the_density_off_the_frame_and_obeys_run_and_clear() {
    use multiscope::live::coarse_worker::{CoarseDensity, CoarseWorker, Start};
    let s = first_snapshot(&common::small_nanoparticle(
        300,
        "None",
        "Bussi(tau: 1.0)",
        false,
    ));
    let friction = Friction::from_zeta(20.0, 1.0, FrictionRoute::Constrained).unwrap();
    let worker = CoarseWorker::spawn(50.0);
    worker.start(CoarseDensity::new(&s, friction, Start::Equilibrium).unwrap());
    // Wait (up to 60 s) for a published copy at t_CG ≥ 1 τ.
    let wait_for = |what: &str, ok: &dyn Fn(&Option<CoarseDensity>) -> bool| {
        let start = Instant::now();
        loop {
            if let Some(r) = worker.take() {
                assert!(r.error.is_none(), "{:?}", r.error);
                if ok(&r.density) {
                    return r.density;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out: {what}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    let d = wait_for("t_CG ≥ 1 τ", &|d| {
        d.as_ref().is_some_and(|d| d.time() >= 1.0)
    })
    .unwrap();
    assert!((d.mass() - 1.0).abs() < 1e-9, "mass {}", d.mass());
    assert!((d.smoluchowski().time() - d.time()).abs() < 1e-9);
    // Held: the copy published on the command is the last one, and its time stays put.
    worker.set_running(false);
    let start = Instant::now();
    let held = loop {
        if let Some(r) = worker.take()
            && !r.running
        {
            break r.density.expect("the density is kept while held").time();
        }
        assert!(start.elapsed() < Duration::from_secs(60), "timed out: held");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(held >= 1.0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(worker.take().is_none(), "a new copy while held");
    worker.clear();
    assert!(wait_for("the cleared report", &|d| d.is_none()).is_none());
}

#[test]
fn density_in_a_double_well_resolves_the_maxwellian_and_stays_at_equilibrium() {
    use multiscope::live::coarse_worker::{CoarseDensity, Start};
    // The small nanoparticle in a double well whose quartic walls reach far above k_BT at the
    // box's faces: the momentum grid must follow the thermal range, not the walls.
    let text = common::small_nanoparticle(
        300,
        "DoubleWell(barrier: 1.5, separation: 2.0, center: 3.6)",
        "Bussi(tau: 1.0)",
        false,
    );
    let s = first_snapshot(&text);
    let kt = s.settings.temperature;
    let friction = Friction::from_zeta(20.0, kt, FrictionRoute::Constrained).unwrap();
    let mut c = CoarseDensity::new(&s, friction, Start::Equilibrium).unwrap();
    let y = c.solver().y_grid().clone();
    let pi_variance = |c: &CoarseDensity| -> f64 {
        let m = c.solver().marginal_y();
        (0..y.len())
            .map(|j| y.centre(j).powi(2) * m[j])
            .sum::<f64>()
            * y.dx()
    };
    // Var Π = ε Var P = ε m k_BT = m̂ k_BT: k_BT here.
    let cells_in_two_sd = (2.0 * 2.0 * kt.sqrt() / y.dx()) as usize;
    assert!(
        cells_in_two_sd >= 16,
        "±2 s.d. of Π span {cells_in_two_sd} cells"
    );
    let v0 = pi_variance(&c);
    assert!((v0 / kt - 1.0).abs() < 0.01, "Var Π = {v0}, k_BT = {kt}");
    assert!(
        c.marginal_gap() < 1e-6,
        "both start from Boltzmann: {}",
        c.marginal_gap()
    );
    // 20 τ_P later (τ_P = m/ζ = 1 τ) it is still the equilibrium, up to the splitting's own
    // steady-state error (≲ 1.3 % in L1, see src/coarse).
    while c.time() < 20.0 {
        c.advance_for(20.0 - c.time(), Duration::from_secs(60))
            .unwrap();
    }
    let v = pi_variance(&c);
    assert!((v / kt - 1.0).abs() < 0.02, "Var Π = {v} after 20 τ_P");
    assert!(c.marginal_gap() < 0.03, "gap {}", c.marginal_gap());
    assert!((c.mass() - 1.0).abs() < 1e-9);
}
