//! Claims (docs/physics.md, "Rotation as an order parameter"): for a rigid nanoparticle the two
//! routes to its rotational diffusion agree, D_r = ⅓∫⟨ω(0)·ω(t)⟩dt of the FREE body's angular
//! velocity and D_r = k_BT/ζ_r with ζ_r = β∫⟨δT(0)·δT(t)⟩dt/3 of the HELD body's torque; and the
//! free body's principal axes forget their orientation as exp(−2D_r t) with the held body's D_r.

use multiscope::measure::{MeasureOptions, Segments, measure};
use multiscope::scene::Scene;

/// The default scene made small and fast: a 13-atom rigid sphere (radius 1.6σ of lattice,
/// m = 100 m̂, I ≈ 106 m̂σ²) in 400 LJ atoms at ρ = 0.5, T = 1.5. Its orientation decays in
/// 1/(2D_r) ≈ 25 τ, and its angular momentum in I/ζ_r ≈ 1.4 τ, some 24 torque correlation times.
fn scene() -> Scene {
    let mut text = Scene::default_scene().to_ron();
    for (from, to) in [
        ("host_atoms: 3000", "host_atoms: 400"),
        ("Density(0.8442)", "Density(0.5)"),
        ("temperature: 0.722", "temperature: 1.5"),
        ("radius: 2.9", "radius: 1.6"),
        ("epsilon: 0.0115", "epsilon: 0.01"),
        ("body: Elastic", "body: Rigid"),
        // f64 forces are the same on every SIMD path: the same trajectory on every machine.
        ("precision: Mixed", "precision: Double"),
    ] {
        assert!(text.contains(from), "the default scene has no `{from}`");
        text = text.replace(from, to);
    }
    Scene::parse(&text, "small rigid sphere").unwrap()
}

/// 800 τ free (20 blocks of 40 τ, each longer than the orientation's 1/(2D_r)) and 200 τ held.
#[test]
fn rotational_diffusion_agrees_both_ways_and_predicts_the_orientation_decay() {
    let options = MeasureOptions {
        segments: Segments {
            steps: 160_000,
            constrained_steps: Some(40_000),
            windows: Some(0),
            ..Segments::default()
        },
        host: false,
        ..MeasureOptions::default()
    };
    let start = std::time::Instant::now();
    let r = measure(&scene(), "small rigid sphere", &options, &|_| {})
        .unwrap()
        .report;
    let wall = start.elapsed().as_secs_f64();
    let (g, t) = (r.d_rot_gamma.unwrap(), r.d_rot_theta.unwrap());
    let rot = r.rotation.as_ref().unwrap();
    let p = multiscope::predict::predict(&r, None);
    let o = p.orientation_relaxation.as_ref().unwrap();
    let z = (g.mean - t.mean) / g.sem.hypot(t.sem);
    eprintln!(
        "rigid 13-atom sphere, {} free + {} held steps in {wall:.0} s: D_r(ω) = {g}, D_r(T) = \
         {t} (z = {z:.2}), SED stick {:?}, ζ_r = {:?}, (I/ζ_r)/τ_T = {:?}; orientation: {}",
        r.free_steps,
        r.constrained_steps,
        rot.stokes_einstein_debye,
        rot.zeta_rot,
        rot.time_scale_separation,
        o.why
    );
    // Two independent measurements, each with 20 blocks: 3 combined standard errors.
    assert!(z.abs() < 3.0, "D_r(ω) = {g} vs D_r(T) = {t}: z = {z}");
    assert!(o.holds && o.z.abs() < 3.0, "{}", o.why);
    assert!(rot.time_scale_separation.unwrap().mean > 10.0);
    // η is measured, so Stokes–Einstein–Debye stands beside them.
    assert!(r.viscosity.is_some() && rot.stokes_einstein_debye.is_some());
}
