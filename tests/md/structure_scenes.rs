//! Claim: a scene's nanoparticle read from a structure file builds with one atom type per
//! element, the standard atomic weights (or masses scaled to the scene's ε), the UFF
//! Lennard-Jones parameters mixed with the host by Lorentz–Berthelot, and a host kept out of its
//! cavity; the shipped structure scenes run with finite energy.
//!
//! Hand-computed references (argon host: σ = 3.405 Å, m̂ = 39.948 u, ε = 0.2381 kcal/mol; UFF,
//! Rappé et al., J. Am. Chem. Soc. 114, 10024 (1992): C x = 3.851 Å, D = 0.105 kcal/mol;
//! O x = 3.500 Å, D = 0.060; Au x = 3.293 Å, D = 0.039; σ = x/2^(1/6)):
//! C: σ = 1.0075921 σ, ε = 0.4409912 ε_LJ; with the host σ = 1.0037960, ε = 0.6640717;
//! Au: σ = 0.8615946, ε = 0.1637967; with the host σ = 0.9307973, ε = 0.4047181;
//! O: with the host σ = 0.9578775, ε = 0.5019910.
//! Masses (IUPAC 2013): C 12.011 u = 0.3006659 m̂, O 15.999 u = 0.4004956 m̂,
//! Au 196.966569 u = 4.9305740 m̂; C60: ε = 39.948/(60·12.011) = 0.05543252.

use multiscope::md::{PairInteraction, Simulation};
use multiscope::scene::Scene;

use crate::common::{scratch, shipped_scene};

fn lj(p: PairInteraction) -> (f64, f64, f64) {
    match p {
        PairInteraction::LennardJones(lj) => (lj.epsilon, lj.sigma, lj.cutoff),
        other => panic!("expected Lennard-Jones, got {other:?}"),
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1e-300)
}

/// Minimum-image distance [σ].
fn distance(sim: &Simulation, i: usize, j: usize) -> f64 {
    let b = &sim.system.periodic_box;
    let d = b.minimum_image(sim.state.positions[i], sim.state.positions[j]);
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
}

#[test]
fn c60_builds_with_uff_carbon_mixed_with_the_host() {
    let scene = shipped_scene("scenes/c60.ron");
    let sim = scene.build("scenes/c60.ron").unwrap();
    let s = &sim.system;
    assert_eq!(s.n_star, 60);
    assert!(s.types[..60].iter().all(|&t| t == 1));
    assert!(s.types[60..].iter().all(|&t| t == 0));
    assert!(s.masses[..60].iter().all(|&m| close(m, 0.3006659, 1e-6)));
    assert_eq!(s.interactions.len(), 2);
    let (e, sg, rc) = lj(s.interactions[0][1]);
    assert!(close(e, 0.6640717, 1e-6), "ε_CAr = {e}");
    assert!(close(sg, 1.0037960, 1e-6), "σ_CAr = {sg}");
    assert!(close(rc, 2.5 * 1.0037960, 1e-6), "r_c = {rc}");
    // A rigid body: no forces inside it.
    assert_eq!(s.interactions[1][1], PairInteraction::None);
    assert!(sim.rigid_body().is_some());
    assert!(close(s.epsilon().unwrap(), 0.05543252, 1e-6));
}

#[test]
fn gold_builds_with_uff_gold_mixed_with_the_host() {
    let scene = shipped_scene("scenes/gold-147.ron");
    let sim = scene.build("scenes/gold-147.ron").unwrap();
    let s = &sim.system;
    assert_eq!(s.n_star, 147);
    assert!(s.masses[..147].iter().all(|&m| close(m, 4.9305740, 1e-6)));
    let (e, sg, _) = lj(s.interactions[0][1]);
    assert!(close(e, 0.4047181, 1e-6), "ε_AuAr = {e}");
    assert!(close(sg, 0.9307973, 1e-6), "σ_AuAr = {sg}");
}

/// A carbon monoxide dimer pair: two elements, so three atom types.
const CO_PAIR: &str = "4\ntwo CO molecules\nC 0 0 0\nO 1.128 0 0\nC 0 3.5 0\nO 1.128 3.5 0\n";

fn co_scene(extra: &str) -> (Scene, crate::common::Scratch) {
    let dir = scratch("co-scene");
    std::fs::write(dir.join("co.xyz"), CO_PAIR).unwrap();
    let text = format!(
        r#"(
    version: 1,
    description: "two CO molecules",
    seed: 3,
    host_atoms: 500,
    box: Density(0.8),
    temperature: 1.0,
    nanoparticle: Some((structure: "co.xyz", {extra})),
    interactions: (host_host: LennardJones((epsilon: 1.0, sigma: 1.0, cutoff: 2.5, shift: true))),
    integration: (time_step: 0.002, skin: 0.3),
)"#
    );
    let file = dir.join("co.ron");
    std::fs::write(&file, text).unwrap();
    (Scene::load(&file).unwrap(), dir)
}

#[test]
fn each_element_is_its_own_type_and_the_real_mass_ratio_is_kept() {
    let (scene, _dir) = co_scene("");
    let sim = scene.build("co.ron").unwrap();
    let s = &sim.system;
    // Types in order of atomic number: C (6) is 1, O (8) is 2.
    assert_eq!(&s.types[..4], &[1, 2, 1, 2]);
    assert_eq!(s.interactions.len(), 3);
    let (e, sg, _) = lj(s.interactions[0][2]);
    assert!(close(e, 0.5019910, 1e-6) && close(sg, 0.9578775, 1e-6));
    assert_eq!(s.interactions[1][2], PairInteraction::None);
    let m = 2.0 * (12.011 + 15.999) / 39.948;
    assert!(close(s.nanoparticle_mass(), m, 1e-12));
    assert!(close(s.epsilon().unwrap(), 1.0 / m, 1e-12));
    // Three types run through the pair kernel with finite, conserved energy.
    let mut sim = sim;
    sim.step(true).unwrap();
    let e0 = sim.thermo().total();
    sim.run(200).unwrap();
    let e1 = sim.thermo().total();
    assert!(
        e1.is_finite() && (e1 - e0).abs() < 1e-2 * e0.abs(),
        "{e0} → {e1}"
    );
}

#[test]
fn a_given_epsilon_scales_the_atomic_masses_in_proportion() {
    let (scene, _dir) = co_scene("epsilon: 0.02, elements: {\"O\": (epsilon: 0.2, sigma: 3.0)}");
    let sim = scene.build("co.ron").unwrap();
    let s = &sim.system;
    assert!(close(s.epsilon().unwrap(), 0.02, 1e-12));
    assert!(close(s.masses[1] / s.masses[0], 15.999 / 12.011, 1e-12));
    // The override: σ_O = 3.0 Å, ε_O = 0.2 kcal/mol, mixed with the host.
    let (e, sg, _) = lj(s.interactions[0][2]);
    assert!(close(sg, 0.5 * (1.0 + 3.0 / 3.405), 1e-12));
    assert!(close(e, (0.2f64 / 0.2381).sqrt(), 1e-12));
}

#[test]
fn the_host_keeps_out_of_the_cavity_and_the_cage() {
    let scene = shipped_scene("scenes/c60.ron");
    let sim = scene.build("scenes/c60.ron").unwrap();
    let n = sim.system.atoms();
    let (_, sigma_ij, _) = lj(sim.system.interactions[0][1]);
    let mut nearest = f64::INFINITY;
    for h in 60..n {
        for p in 0..60 {
            nearest = nearest.min(distance(&sim, h, p));
        }
    }
    assert!(
        nearest >= 0.9 * sigma_ij,
        "a host atom {nearest} σ from a carbon"
    );
    // No host atom inside the cage (the carbons sit 1.042 σ from the centre).
    let l = sim.system.periodic_box.length();
    let centre = [0.5 * l; 3];
    for h in 60..n {
        let d = sim
            .system
            .periodic_box
            .minimum_image(sim.state.positions[h], centre);
        let r = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        assert!(r > 1.04, "host atom {h} is {r} σ from the C60's centre");
    }
}

#[test]
fn the_shipped_structure_scenes_run_with_finite_energy() {
    for file in ["scenes/c60.ron", "scenes/gold-147.ron"] {
        let scene = shipped_scene(file);
        let mut sim = scene.build(file).unwrap();
        sim.run(100).unwrap();
        sim.step(true).unwrap();
        let t = sim.thermo();
        assert!(
            t.total().is_finite() && t.temperature > 0.3,
            "{file}: {t:?}"
        );
    }
}

#[test]
fn an_elastic_file_particle_is_held_by_its_bonds_alone() {
    // C–O 1.128 Å = 0.331 σ: a cut-off of 0.4 σ bonds each molecule and nothing else.
    let (scene, _dir) = co_scene("body: Elastic, bond_cutoff: 0.4, bond_stiffness: 50.0");
    let mut sim = scene.build("co.ron").unwrap();
    assert!(sim.rigid_body().is_none());
    assert_eq!(sim.system.bonds.len(), 2);
    assert_eq!(sim.system.interactions[1][1], PairInteraction::None);
    sim.run(100).unwrap();
    assert!(sim.thermo().total().is_finite());
    // Without its bond parameters an elastic file particle is refused, naming the field.
    let dir = scratch("co-elastic");
    std::fs::write(dir.join("co.xyz"), CO_PAIR).unwrap();
    let text = std::fs::read_to_string(_dir.join("co.ron"))
        .unwrap()
        .replace("bond_cutoff: 0.4, ", "");
    std::fs::write(dir.join("co.ron"), text).unwrap();
    let e = Scene::load(&dir.join("co.ron")).unwrap_err().to_string();
    assert!(e.contains("`nanoparticle.bond_cutoff` is 0"), "{e}");
}
