//! Claim: the NO_SQUISH integrator moves a rigid body as the exact dynamics does, to O(Δt²):
//! a free symmetric top precesses at the rate of Euler's equations, a free asymmetric top keeps
//! its angular momentum to round-off and its energy to O(Δt²) without drift, a body in an
//! external harmonic well conserves its energy to O(Δt²), the step is time-reversible, the body
//! stays rigid and |q| = 1 to round-off, and a linear molecule or a single atom (no or one axis
//! of zero moment) moves without NaN and with its energy kept. In the host, the default scene's
//! sphere made rigid drifts in energy no more than the bonded one, and a rigid nanoparticle
//! resumes from a checkpoint bit for bit.

use multiscope::md::{NoSquish, PeriodicBox, RigidBody};

/// Spring constants (k_x, k_y, k_z) of the anisotropic well [ε_LJ/σ²] pulling each atom to
/// the origin: anisotropic, so that the well exerts a torque.
const K: [f64; 3] = [1.0, 2.0, 3.5];

/// Forces of the well on the body's atoms [ε_LJ/σ]; returns its energy [ε_LJ].
fn well(body: &RigidBody, forces: &mut [[f64; 3]]) -> f64 {
    let mut u = 0.0;
    for (i, f) in forces.iter_mut().enumerate() {
        let r = body.position(i);
        for a in 0..3 {
            f[a] = -K[a] * r[a];
            u += 0.5 * K[a] * r[a] * r[a];
        }
    }
    u
}

/// A lopsided body of five atoms of different masses: three different moments.
fn asymmetric() -> RigidBody {
    RigidBody::new(
        &[
            [0.3, -0.2, 0.1],
            [1.2, 0.5, -0.3],
            [-0.7, 0.9, 0.4],
            [0.1, 0.2, 1.3],
            [-0.4, -0.8, -0.5],
        ],
        &[2.0, 1.0, 1.5, 0.7, 1.2],
    )
}

/// A symmetric top: a hexagon of unit masses of radius 1 in the xy plane and two atoms at
/// z = ±0.5. I₁ = I₂ = 3 + 2·0.5² = 3.5, I₃ = 6 [m̂σ²].
fn symmetric() -> RigidBody {
    let mut x: Vec<[f64; 3]> = (0..6)
        .map(|k| {
            let a = std::f64::consts::PI / 3.0 * k as f64;
            [a.cos(), a.sin(), 0.0]
        })
        .collect();
    x.push([0.0, 0.0, 0.5]);
    x.push([0.0, 0.0, -0.5]);
    RigidBody::new(&x, &[1.0; 8])
}

fn norm(v: [f64; 3]) -> f64 {
    (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt()
}

/// What a run saw of the energy error E(t) − E(0) [ε_LJ].
struct Run {
    /// Largest |E(t) − E(0)|.
    worst: f64,
    /// Mean of E(t) − E(0) over the first tenth of the steps.
    first: f64,
    /// Mean of E(t) − E(0) over the last tenth of the steps.
    last: f64,
    /// The body at the end.
    body: RigidBody,
}

/// Runs `steps` steps of `dt` [τ] in the well (`with_well`) or free.
fn run(mut body: RigidBody, dt: f64, steps: usize, with_well: bool) -> Run {
    let ns = NoSquish { dt };
    let mut f = vec![[0.0; 3]; body.atoms()];
    let mut scratch = f.clone();
    let mut energy = |b: &RigidBody| {
        b.kinetic_energy()
            + if with_well {
                well(b, &mut scratch)
            } else {
                0.0
            }
    };
    let e0 = energy(&body);
    if with_well {
        well(&body, &mut f);
    }
    let (mut worst, mut first, mut last) = (0.0f64, 0.0, 0.0);
    let tenth = steps / 10;
    for k in 0..steps {
        ns.step(&mut body, &mut f, |b, f| {
            if with_well {
                well(b, f);
            }
        });
        let de = energy(&body) - e0;
        assert!(de.is_finite(), "energy error {de} at step {k}");
        worst = worst.max(de.abs());
        if k < tenth {
            first += de / tenth as f64;
        } else if k >= steps - tenth {
            last += de / tenth as f64;
        }
    }
    Run {
        worst,
        first,
        last,
        body,
    }
}

#[test]
fn a_free_symmetric_top_precesses_at_the_rate_of_euler_s_equations() {
    let top = symmetric();
    let [i1, i2, i3] = top.moments;
    assert!((i1 - 3.5).abs() < 1e-13 && (i2 - 3.5).abs() < 1e-13 && (i3 - 6.0).abs() < 1e-13);
    let omega0 = [0.6, -0.3, 2.0];
    let t = 20.0;
    // Exact: ω₃ is constant and (ω₁, ω₂) turns at Ω = ω₃(I₃ − I₁)/I₁ in the body frame.
    let big_omega = omega0[2] * (i3 - i1) / i1;
    let (s, c) = (big_omega * t).sin_cos();
    let exact = [
        omega0[0] * c - omega0[1] * s,
        omega0[0] * s + omega0[1] * c,
        omega0[2],
    ];
    let error = |dt: f64| {
        let mut b = top.clone();
        b.set_angular_momentum_body([i1 * omega0[0], i2 * omega0[1], i3 * omega0[2]]);
        let w = run(b, dt, (t / dt).round() as usize, false)
            .body
            .angular_velocity_body();
        norm([0, 1, 2].map(|a| w[a] - exact[a]))
    };
    let (coarse, fine) = (error(0.01), error(0.005));
    let omega_perp = omega0[0].hypot(omega0[1]);
    eprintln!(
        "symmetric top after {t} τ (Ωt = {:.1} rad): |Δω| = {coarse:.3e} 1/τ (Δt 0.01), \
         {fine:.3e} (Δt 0.005), ratio {:.4}",
        big_omega * t,
        coarse / fine
    );
    // A second-order method turns (ω₁, ω₂) at Ω(1 + O((ω₃Δt)²)): after Ωt radians the phase is
    // off by c·(ω₃Δt)²·Ωt and |Δω| = |ω⊥|·c·(ω₃Δt)²·Ωt. Bound with c = 1 (measured: ~0.3).
    let bound = omega_perp * (omega0[2] * 0.01_f64).powi(2) * big_omega * t;
    assert!(coarse < bound, "|Δω| = {coarse:e} over {bound:e}");
    // Halving Δt divides the error by 4 (second order; the phase error is small, so linear).
    assert!(
        (3.9..4.1).contains(&(coarse / fine)),
        "ratio {}",
        coarse / fine
    );
}

#[test]
fn a_free_asymmetric_top_keeps_l_exactly_and_its_energy_to_order_dt2_without_drift() {
    let mut top = asymmetric();
    assert_eq!(top.degrees_of_freedom(), 6);
    top.set_angular_momentum([0.7, -1.3, 0.9]);
    let l0 = top.angular_momentum();
    let k0 = top.kinetic_energy();
    let coarse = run(top.clone(), 0.01, 100_000, false);
    let l = coarse.body.angular_momentum();
    let dl = norm([0, 1, 2].map(|a| l[a] - l0[a]));
    // Same time span (1000 τ) at half the step.
    let fine = run(top.clone(), 0.005, 200_000, false);
    eprintln!(
        "asymmetric top over 1000 τ: max |ΔK|/K = {:.3e} (Δt 0.01), {:.3e} (Δt 0.005), ratio \
         {:.3}; mean ΔK/K over the first and last tenth {:.3e}, {:.3e}; |ΔL|/|L| = {:.1e}",
        coarse.worst / k0,
        fine.worst / k0,
        coarse.worst / fine.worst,
        coarse.first / k0,
        coarse.last / k0,
        dl / norm(l0)
    );
    // Each free rotation turns L_b about a principal axis exactly, keeping L in space; 5·10⁵
    // rotations add round-off of ~10⁻¹⁶|L| each at random: ~10⁻¹³|L|.
    assert!(dl < 1e-11 * norm(l0), "|ΔL| = {dl:e}");
    // K differs from the conserved shadow energy by O((|ω|Δt)²) ~ (1·0.01)² relative.
    assert!(
        coarse.worst / k0 < 1e-3,
        "max |ΔK|/K = {:e}",
        coarse.worst / k0
    );
    assert!(
        (3.5..4.5).contains(&(coarse.worst / fine.worst)),
        "ratio {}",
        coarse.worst / fine.worst
    );
    no_drift(&coarse);
}

/// The energy error has no drift: its mean over the last tenth of the run is that of the first
/// tenth, within a quarter of the largest swing (a steady drift would put them most of the
/// largest swing apart).
fn no_drift(r: &Run) {
    assert!(
        (r.last - r.first).abs() < 0.25 * r.worst,
        "drift: mean error {:e} then {:e} (largest {:e})",
        r.first,
        r.last,
        r.worst
    );
}

/// A body moving in the well: its centre off the well's, moving and turning.
fn thrown(mut b: RigidBody) -> RigidBody {
    b.center = [0.4, -0.3, 0.2];
    b.momentum = [0.5, 0.2, -0.4];
    b.set_angular_momentum([0.7, -1.3, 0.9]);
    b
}

fn energy(b: &RigidBody) -> f64 {
    b.kinetic_energy() + well(b, &mut vec![[0.0; 3]; b.atoms()])
}

/// The largest relative energy error over 10 τ at Δt = 0.01, 0.005, 0.0025 τ: over so short a
/// time the three trajectories stay close, so the errors compare like for like.
/// `b` in the harmonic well: 10⁵ steps of Δt = 0.01 (returned, with the largest |ΔE|/E), and
/// 10 τ at Δt = 0.01, 0.005, 0.0025 whose largest |ΔE|/E must fall as Δt² (ratios 3.5–4.5) with
/// no drift over the long run; `what` names the body in the printout.
fn second_order_in_the_well(what: &str, b: &RigidBody) -> (Run, f64) {
    let e0 = energy(b);
    let long = run(b.clone(), 0.01, 100_000, true);
    let short =
        [0.01, 0.005, 0.0025].map(|dt| run(b.clone(), dt, (10.0 / dt) as usize, true).worst / e0);
    eprintln!(
        "{what} in a harmonic well: over 10 τ max |ΔE|/E = {:.3e}, {:.3e}, {:.3e} (Δt 0.01, \
         0.005, 0.0025), ratios {:.3}, {:.3}; over 1000 τ (Δt 0.01) {:.3e}, mean ΔE/E over \
         the first and last tenth {:.2e}, {:.2e}",
        short[0],
        short[1],
        short[2],
        short[0] / short[1],
        short[1] / short[2],
        long.worst / e0,
        long.first / e0,
        long.last / e0
    );
    for r in [short[0] / short[1], short[1] / short[2]] {
        assert!((3.5..4.5).contains(&r), "ratio {r}");
    }
    no_drift(&long);
    let worst = long.worst / e0;
    (long, worst)
}

#[test]
fn a_body_in_a_harmonic_well_conserves_its_energy_to_order_dt2() {
    let b = thrown(asymmetric());
    let (long, worst) = second_order_in_the_well("body", &b);
    // Frequencies ~√k ≈ 2/τ and |ω| ~ 1/τ: (2·0.01)² ≈ 4·10⁻⁴ relative at most.
    assert!(worst < 4e-4, "max |ΔE|/E = {worst:e}");
    // |q| stays 1 to round-off without renormalising: 10⁵ steps of 5 rotations and 2 kicks.
    let q = (long.body.orientation.quaternion().norm() - 1.0).abs();
    eprintln!("|q| − 1 after 10⁵ steps: {q:.1e}");
    assert!(q < 1e-12, "|q| − 1 = {q:e}");
}

#[test]
fn the_step_is_time_reversible() {
    let mut b = thrown(asymmetric());
    let start = b.clone();
    let ns = NoSquish { dt: 0.01 };
    let mut f = vec![[0.0; 3]; b.atoms()];
    well(&b, &mut f);
    for _ in 0..1000 {
        ns.step(&mut b, &mut f, |b, f| {
            well(b, f);
        });
    }
    let moved = norm([0, 1, 2].map(|a| b.center[a] - start.center[a]));
    assert!(moved > 0.1, "the body went nowhere ({moved})");
    b.momentum = b.momentum.map(|p| -p);
    b.conjugate_momentum = -b.conjugate_momentum;
    for _ in 0..1000 {
        ns.step(&mut b, &mut f, |b, f| {
            well(b, f);
        });
    }
    let dr = norm([0, 1, 2].map(|a| b.center[a] - start.center[a]));
    let dq = b.orientation.angle_to(&start.orientation);
    let l = b.angular_momentum();
    let l0 = start.angular_momentum();
    let dl = norm([0, 1, 2].map(|a| l[a] + l0[a]));
    let dp = norm([0, 1, 2].map(|a| b.momentum[a] + start.momentum[a]));
    eprintln!(
        "after 1000 steps forth and back: |ΔR| {dr:.1e}, angle {dq:.1e}, |ΔP| {dp:.1e}, |ΔL| {dl:.1e}"
    );
    // Round-off of ~10⁻¹⁶ per operation over 2000 steps, amplified by the flow's sensitivity
    // over 10 τ: far below 10⁻¹⁰.
    for (what, d) in [("R", dr), ("q", dq), ("P", dp), ("L", dl)] {
        assert!(d < 1e-10, "{what} returns to within {d:e}");
    }
}

#[test]
fn the_body_stays_rigid() {
    let mut b = asymmetric();
    b.momentum = [0.5, 0.2, -0.4];
    b.set_angular_momentum([0.7, -1.3, 0.9]);
    let n = b.atoms();
    let dist = |b: &RigidBody, periodic: &PeriodicBox, x: &[[f64; 3]], img: &[[i32; 3]]| {
        let mut d = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                let (u, v) = (periodic.unwrap(x[i], img[i]), periodic.unwrap(x[j], img[j]));
                d.push(norm([0, 1, 2].map(|a| u[a] - v[a])));
            }
        }
        let _ = b;
        d
    };
    let periodic = PeriodicBox::new(3.0);
    let (mut x, mut img, mut v) = (vec![[0.0; 3]; n], vec![[0; 3]; n], vec![[0.0; 3]; n]);
    b.place_atoms(&mut x, &mut img, &mut v, &periodic);
    let d0 = dist(&b, &periodic, &x, &img);
    let b = run(b, 0.01, 100_000, true).body;
    b.place_atoms(&mut x, &mut img, &mut v, &periodic);
    let d1 = dist(&b, &periodic, &x, &img);
    let worst = d0
        .iter()
        .zip(&d1)
        .map(|(a, b)| (a - b).abs() / a)
        .fold(0.0, f64::max);
    eprintln!("largest relative change of an atom–atom distance after 10⁵ steps: {worst:.1e}");
    // A = A(q) is orthogonal to |q|² − 1 ~ 10⁻¹³; wrapping into a box of 3σ rounds by 10⁻¹⁶·L.
    assert!(worst < 1e-12, "distance changed by {worst:e}");
}

#[test]
fn a_linear_molecule_moves_without_nan_and_keeps_its_energy() {
    let line = RigidBody::new(
        &[[0.0, 0.0, 0.0], [0.8, 0.4, -0.2], [2.0, 1.0, -0.5]],
        &[1.0, 2.0, 0.5],
    );
    assert_eq!(line.degrees_of_freedom(), 5);
    assert_eq!(line.moments[0], 0.0);
    // Any angular momentum along the line is dropped.
    let b = thrown(line);
    assert!(b.angular_momentum_body()[0].abs() < 1e-15);
    let (long, worst) = second_order_in_the_well("linear molecule", &b);
    assert!(worst < 4e-4, "max |ΔE|/E = {worst:e}");
    // Still a line: the atoms stay on it (their body offsets are on axis 1, which A turns).
    let after = long.body;
    let (p0, p1, p2) = (after.position(0), after.position(1), after.position(2));
    let u = [0, 1, 2].map(|a| p1[a] - p0[a]);
    let w = [0, 1, 2].map(|a| p2[a] - p0[a]);
    let cross = [
        u[1] * w[2] - u[2] * w[1],
        u[2] * w[0] - u[0] * w[2],
        u[0] * w[1] - u[1] * w[0],
    ];
    assert!(norm(cross) < 1e-12 * norm(u) * norm(w));
}

#[test]
fn a_single_atom_is_a_point_particle() {
    let point = RigidBody::new(&[[0.3, 0.1, -0.2]], &[1.5]);
    assert_eq!(point.degrees_of_freedom(), 3);
    assert_eq!(point.moments, [0.0; 3]);
    // A point has no rotation: the angular momentum given to it is dropped.
    let b = thrown(point);
    assert_eq!(b.angular_momentum(), [0.0; 3]);
    assert!((b.kinetic_energy() - 0.5 * 0.45 / 1.5).abs() < 1e-15);
    let (long, worst) = second_order_in_the_well("single atom", &b);
    assert!(long.body.center.iter().all(|x| x.is_finite()));
    assert_eq!(long.body.orientation, b.orientation);
    // Velocity Verlet for three uncoupled oscillators: |ΔE|/E ≤ (ω_max Δt)²/4 with ω_max =
    // √(3.5/1.5) ≈ 1.53/τ: 5.8·10⁻⁵ at Δt = 0.01.
    assert!(worst < 5.8e-5, "max |ΔE|/E = {worst:e}");
}

/// NVE energy drift [ε_LJ per atom per τ] of `sim` over 20 τ, E sampled every 0.25 τ, slope by
/// least squares; with its standard error.
fn drift(sim: &mut multiscope::md::Simulation) -> (f64, f64) {
    let n = sim.system.atoms() as f64;
    let (mut t, mut e) = (Vec::new(), Vec::new());
    for _ in 0..80 {
        sim.run(50).unwrap();
        let th = sim.thermo();
        t.push(th.time);
        e.push(th.total() / n);
    }
    let fit = multiscope::analysis::fit_slope(&t, &e, f64::NEG_INFINITY, f64::INFINITY).unwrap();
    (fit.slope.mean, fit.slope.sem)
}

#[test]
fn the_default_scene_s_sphere_drifts_no_more_as_a_rigid_body_than_bonded() {
    let scene = multiscope::scene::Scene::default_scene();
    let mut bonded = scene.build("default").unwrap();
    scene.equilibrate(&mut bonded, |_| {}).unwrap();
    bonded.thermostat = None;
    let mut rigid = bonded.clone();
    rigid.set_rigid(true).unwrap();
    let body = rigid.rigid_body().unwrap();
    assert_eq!(body.atoms(), 87);
    assert_eq!(body.degrees_of_freedom(), 6);
    // The sphere's total momentum is kept when it is made rigid.
    let (p_bonded, p_rigid) = (bonded.order_parameters().p, rigid.order_parameters().p);
    for a in 0..3 {
        assert!((p_bonded[a] - p_rigid[a]).abs() < 1e-10);
    }
    let (d_bonded, s_bonded) = drift(&mut bonded);
    let (d_rigid, s_rigid) = drift(&mut rigid);
    let temperature = rigid.thermo().temperature;
    eprintln!(
        "default scene, NVE over 20 τ at Δt = 0.005 τ: energy drift {d_bonded:.2e} ± \
         {s_bonded:.1e} ε_LJ/atom/τ bonded, {d_rigid:.2e} ± {s_rigid:.1e} rigid (T = \
         {temperature:.3} with the rigid body's 6 degrees of freedom)"
    );
    // No worse than bonded, within 3 combined standard errors of the two slopes.
    let allowance = 3.0 * s_bonded.hypot(s_rigid);
    assert!(
        d_rigid.abs() <= d_bonded.abs() + allowance,
        "rigid drift {d_rigid:e} against bonded {d_bonded:e} (allowance {allowance:e})"
    );
    assert!((0.6..0.85).contains(&temperature), "T = {temperature}");
}

/// Runs `make()` 400 steps, and 173 steps saved to a checkpoint, loaded and run 227 more:
/// the resumed run equals the full one bit for bit, its rigid body included. Returns both.
fn resumes_bit_identically(
    name: &str,
    make: impl Fn() -> multiscope::md::Simulation,
) -> (multiscope::md::Simulation, multiscope::md::Simulation) {
    let dir = crate::common::scratch(name);
    let path = dir.join("half.json");
    let run = |steps: u64| {
        let mut sim = make();
        sim.run(steps).unwrap();
        sim
    };
    let full = run(400);
    let half = run(173);
    half.save_checkpoint(&path).unwrap();
    let mut resumed = multiscope::md::Simulation::load_checkpoint(&path).unwrap();
    assert_eq!(resumed.rigid_body(), half.rigid_body());
    resumed.run(400 - 173).unwrap();
    assert_eq!(resumed.state, full.state, "resumed run diverged");
    assert_eq!(resumed.rigid_body(), full.rigid_body());
    (resumed, full)
}

#[test]
fn a_rigid_nanoparticle_with_a_thermostat_resumes_from_a_checkpoint_bit_identically() {
    let text = crate::common::small_nanoparticle(300, "None", "Langevin(friction: 0.5)", false);
    let (resumed, _) = resumes_bit_identically("rigid_checkpoint_resume", || {
        let mut sim = crate::common::build(&text);
        sim.set_rigid(true).unwrap();
        sim
    });
    // The body's atoms are where the body says and still rigid.
    let b = &resumed.system.periodic_box;
    let body = resumed.rigid_body().unwrap();
    for i in 0..body.atoms() {
        let (u, want) = (resumed.state.unwrapped(i, b), body.position(i));
        for a in 0..3 {
            assert!((u[a] - want[a]).abs() < 1e-12);
        }
    }
    let t = resumed.thermo().temperature;
    assert!(t.is_finite() && t > 0.5 && t < 1.5, "T = {t}");
}

/// `body: Rigid` in a scene builds the particle as a rigid body (6 degrees of freedom besides
/// the host's), and `constrained: true` holds it (P = 0, L = 0, no degrees of freedom).
#[test]
fn a_scene_asks_for_a_rigid_body() {
    let text = multiscope::scene::Scene::default_scene().to_ron();
    let rigid = text.replace("body: Elastic", "body: Rigid");
    assert_ne!(rigid, text, "the default scene writes its `body`");
    let scene = multiscope::scene::Scene::parse(&rigid, "rigid.ron").unwrap();
    let mut sim = scene.build("rigid.ron").unwrap();
    let body = sim.rigid_body().expect("a rigid body");
    assert_eq!(body.degrees_of_freedom(), 6);
    sim.run(20).unwrap();
    assert!(sim.thermo().total().is_finite());
    let held = rigid.replace("constrained: false", "constrained: true");
    let mut sim = multiscope::scene::Scene::parse(&held, "held.ron")
        .unwrap()
        .build("held.ron")
        .unwrap();
    let host = sim.system.atoms() - sim.system.n_star;
    assert_eq!(sim.degrees_of_freedom(), 3.0 * host as f64);
    let body = sim.rigid_body().unwrap().clone();
    assert_eq!(body.kinetic_energy(), 0.0);
    sim.run(20).unwrap();
    assert_eq!(sim.rigid_body(), Some(&body));
}

/// The small test scene with its sphere as a rigid body, held or free, under `thermostat`.
fn small_rigid(constrained: bool, thermostat: &str) -> multiscope::md::Simulation {
    let text = crate::common::small_nanoparticle(300, "None", thermostat, constrained);
    let text = text.replace(
        &format!("constrained: {constrained},"),
        &format!("constrained: {constrained}, body: Rigid,"),
    );
    let sim = crate::common::build(&text);
    assert!(sim.rigid_body().is_some());
    sim
}

/// Held means position and orientation fixed: over 300 steps under a Langevin thermostat (whose
/// noise reaches every atom) the body's atoms stay exactly where they were, bit for bit, its
/// state does not change, and the host moves. The recorded force and torque are the sums over
/// the body's atoms, F = Σ F_i and T = Σ (r_i − R) × F_i, and F is the order parameters' F.
#[test]
fn a_held_rigid_body_stays_put_while_the_host_moves() {
    let mut sim = small_rigid(true, "Langevin(friction: 0.5)");
    let n = sim.system.n_star;
    let body = sim.rigid_body().unwrap().clone();
    let atoms = sim.state.positions[..n].to_vec();
    let host = sim.state.positions[n..].to_vec();
    let r0 = sim.order_parameters().r;
    sim.run(300).unwrap();
    assert_eq!(sim.rigid_body(), Some(&body), "the held body moved");
    assert_eq!(sim.state.positions[..n], atoms[..]);
    assert!(sim.state.velocities[..n].iter().all(|v| *v == [0.0; 3]));
    assert_eq!(sim.order_parameters().r, r0);
    assert_eq!(sim.order_parameters().p, [0.0; 3]);
    let moved = sim.state.positions[n..]
        .iter()
        .zip(&host)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(moved, host.len(), "every host atom moves");
    let (f, t) = sim.rigid_force_and_torque().unwrap();
    let b = sim.system.periodic_box;
    let (mut f_sum, mut t_sum) = ([0.0; 3], [0.0; 3]);
    for i in 0..n {
        let fi = sim.state.forces[i];
        let u = sim.state.unwrapped(i, &b);
        let d = [0, 1, 2].map(|a| u[a] - body.center[a]);
        let cross = [
            d[1] * fi[2] - d[2] * fi[1],
            d[2] * fi[0] - d[0] * fi[2],
            d[0] * fi[1] - d[1] * fi[0],
        ];
        for a in 0..3 {
            f_sum[a] += fi[a];
            t_sum[a] += cross[a];
        }
    }
    let f_op = sim.order_parameters().f;
    for a in 0..3 {
        assert!((f[a] - f_sum[a]).abs() < 1e-10, "F {f:?} vs {f_sum:?}");
        assert!((f[a] - f_op[a]).abs() < 1e-10, "F {f:?} vs {f_op:?}");
        assert!((t[a] - t_sum[a]).abs() < 1e-10, "T {t:?} vs {t_sum:?}");
    }
    assert!(t.iter().any(|x| x.abs() > 1e-6), "the host exerts a torque");
    // Let go, it starts from rest and moves.
    sim.set_constrained(false);
    sim.run(50).unwrap();
    assert_ne!(sim.rigid_body().unwrap().orientation, body.orientation);
}

#[test]
fn a_held_rigid_body_resumes_from_a_checkpoint_bit_identically() {
    let (resumed, full) = resumes_bit_identically("held_rigid_checkpoint_resume", || {
        small_rigid(true, "Langevin(friction: 0.5)")
    });
    assert!(resumed.system.constrained);
    assert_eq!(
        resumed.rigid_force_and_torque(),
        full.rigid_force_and_torque()
    );
}
